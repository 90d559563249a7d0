#!/usr/bin/env bash
# Load test of the feedback submission endpoint on SQLite, then a crash
# test: the server is killed with SIGKILL in the middle of the load,
# restarted, and every tracking code that was acknowledged is looked up.
#
#   scripts/load-feedback.sh [seconds] [connections] [offered submissions per second]
#
# The server runs behind a pretend proxy (--tls-proxy) so that each simulated
# resident has its own address for the rate limits, and with a proof of work
# of 8 bits (production default 14) so that the load generator, on the same
# two cores, spends its time submitting rather than hashing.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
conns=${2:-64}
rate=${3:-500}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/cchc" ./cmd/cchc
go build -o "$work/load" ./scripts/loadfeedback
addr=127.0.0.1:18311

start_server() {
  "$work/cchc" serve --data "$work/data" --addr $addr --tls-proxy --pow-bits 8 >>"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fsS "http://$addr/readyz" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "server did not start"; cat "$work/server.log"; exit 1
}

start_server
echo "== load: $rate submissions/s offered by up to $conns residents for ${secs}s"
"$work/load" -url "http://$addr" -c "$conns" -d "${secs}s" -rate "$rate"
echo "== saturation: $conns residents submitting as fast as they can for ${secs}s"
"$work/load" -url "http://$addr" -c "$conns" -d "${secs}s"

echo "== crash: SIGKILL in the middle of the load"
: >"$work/codes.txt"
"$work/load" -url "http://$addr" -c "$conns" -d 12s -out "$work/codes.txt" &
loader=$!
sleep 5
kill -9 $server
echo "killed the server after 5 s"
wait $loader || true
start_server
"$work/load" -url "http://$addr" -check "$work/codes.txt"
kill $server
