#!/usr/bin/env bash
# A city-size round of an online contest on one machine (issue 13): the
# server and the load generator share this machine's cores.
#
#   scripts/load-contest.sh [sqlite|postgres] [takers] [arrival s] [answering s] [submission s]
#
# 1. Saturation: 64 takers save answers as fast as they can over HTTP, then
#    the same rows are written by contest.Answer through the same driver in
#    the load generator's process: the two rates and their ratio.
# 2. The round: TAKERS register (proof of work, the code from a local Zalo
#    ZNS fake), verify and start within the arrival window, save their 20
#    answers one by one as app.js does, and all submit within the last
#    window; p50/p99 per request type, errors, the server's peak RSS.
# 3. Crash: 30 s into the submission window the server is killed with
#    SIGKILL and restarted; the takers carry on (their requests retried);
#    every acknowledged answer and submission is then looked up in the
#    database, and takers still answering check that the time left the server
#    shows after the restart is the time they had.
#
# PostgreSQL: CCHC_LOAD_DATABASE_URL (default: a fresh database cchc_load on
# postgres://postgres@127.0.0.1:5432). Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
engine=${1:-sqlite}
takers=${2:-10000}
arrive=${3:-60}
answering=${4:-120}
submit=${5:-60}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/cchc" ./cmd/cchc
go build -o "$work/load" ./scripts/loadcontest
addr=127.0.0.1:18411
zns=127.0.0.1:18412
dburl=""
if [ "$engine" = postgres ]; then
  dburl=${CCHC_LOAD_DATABASE_URL:-}
  if [ -z "$dburl" ]; then
    psql -q "postgres://postgres@127.0.0.1:5432/postgres" -c 'drop database if exists cchc_load' -c 'create database cchc_load'
    dburl="postgres://postgres@127.0.0.1:5432/cchc_load?sslmode=disable"
  fi
fi
slug=$("$work/load" -prepare -db "$dburl" -data "$work/data")
echo "== $engine: round /cuoc-thi/$slug, 20 questions a paper"

start_server() {
  CCHC_DATABASE_URL="$dburl" "$work/cchc" serve --data "$work/data" --addr $addr --tls-proxy --pow-bits 8 \
    --text "zns://?access_token=load&otp=1&endpoint=http://$zns" >>"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 200); do curl -fsS "http://$addr/readyz" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "server did not start"; tail -20 "$work/server.log"; exit 1
}
peak=0
sample_rss() { # the server's resident set, every half second, the peak kept in $work/peak
  while kill -0 "$1" 2>/dev/null; do
    kb=$(awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0)
    p=$(cat "$work/peak" 2>/dev/null || echo 0)
    [ "${kb:-0}" -gt "$p" ] && echo "$kb" >"$work/peak"
    sleep 0.5
  done
}

start_server
echo "== saturation"
"$work/load" -saturate -url "http://$addr" -slug "$slug" -zns "$zns" -db "$dburl" -data "$work/data"

echo "== the round: $takers takers, arrivals over ${arrive}s, answers until $((arrive + answering))s, submissions over ${submit}s"
echo 0 >"$work/peak"
sample_rss $server &
"$work/load" -run -url "http://$addr" -slug "$slug" -zns "$zns" -takers "$takers" -arrive "${arrive}s" -answering "${answering}s" \
  -submit "${submit}s" -out "$work/acks.txt" >"$work/run.txt" &
loader=$!
sleep $((arrive + answering + submit / 2))
before=$(cat "$work/peak")
kill -9 $server
echo "killed the server with SIGKILL at $((arrive + answering + submit / 2)) s (peak RSS so far $((before / 1024)) MB); restarting"
start_server
sample_rss $server &
wait $loader
cat "$work/run.txt"
echo "server peak RSS: $(( $(cat "$work/peak") / 1024 )) MB (sampled every 0.5 s, both processes)"
grep -c '"level":"ERROR"' "$work/server.log" | sed 's/^/server log errors: /' || true
kill $server; wait $server 2>/dev/null || true
echo "== after the crash"
"$work/load" -check -db "$dburl" -data "$work/data" -out "$work/acks.txt"
