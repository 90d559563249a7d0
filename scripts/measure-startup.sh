#!/usr/bin/env bash
# Measures how long `cchc serve` takes until /readyz answers, and its resident
# memory right after start, on SQLite (and PostgreSQL when DATABASE_URL is set).
# Usage: scripts/measure-startup.sh [runs]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
bin=$(mktemp -d)/cchc
go build -o "$bin" ./cmd/cchc
port=18181

measure() { # $1 label, rest: extra flags
  local label=$1; shift
  local data; data=$(mktemp -d)
  # First start creates the schema and loads Plan 88; later starts find them.
  for run in $(seq 0 "$runs"); do
    local t0; t0=$(date +%s%N)
    "$bin" serve --addr 127.0.0.1:$port --data "$data" "$@" >/dev/null 2>&1 &
    local pid=$!
    until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.005; done
    local t1; t1=$(date +%s%N)
    local rss; rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
    kill -TERM $pid; wait $pid || true
    if [ "$run" = 0 ]; then
      printf '%-28s first start (schema + seed): %5d ms  RSS %6.1f MiB\n' "$label" $(( (t1-t0)/1000000 )) "$(awk "BEGIN{print $rss/1024}")"
    else
      printf '%-28s restart %d:                   %5d ms  RSS %6.1f MiB\n' "$label" "$run" $(( (t1-t0)/1000000 )) "$(awk "BEGIN{print $rss/1024}")"
    fi
  done
  rm -rf "$data"
}

measure "sqlite"
measure "sqlite --demo" --demo
if [ -n "${DATABASE_URL:-}" ]; then
  measure "postgres" --database "$DATABASE_URL"
fi
