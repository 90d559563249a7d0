#!/usr/bin/env bash
# Compares cchc with nginx serving the same response bytes as static files,
# side by side in one run, under 64 concurrent connections (wrk), for a
# home page, an article, a procedure page and a search API answer. Prints requests/s, p99 latency and
# the ratio cchc/nginx; also the bare Go net/http server returning the same
# bytes from memory, the ceiling for any Go server on this machine.
# Traffic stays on 127.0.0.1.
# Needs: nginx and wrk (Debian: apt-get install nginx-light wrk).
# Usage: scripts/bench-http.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
for tool in nginx wrk curl; do command -v $tool >/dev/null || { echo "needs $tool (apt-get install nginx-light wrk curl)"; exit 1; }; done
work=$(mktemp -d)
trap 'kill $(cat "$work/cchc.pid" "$work/go.pid" 2>/dev/null) 2>/dev/null; nginx -p "$work" -c nginx.conf -s stop 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/cchc" ./cmd/cchc
go build -o "$work/staticgo" ./scripts/staticgo
"$work/cchc" serve --demo --addr 127.0.0.1:18901 --data "$work/data" >"$work/cchc.log" 2>&1 &
echo $! > "$work/cchc.pid"
until curl -fs http://127.0.0.1:18901/readyz >/dev/null; do sleep 0.1; done

page=/thu-tuc/1.001193
search='/api/v1/procedures?q=lam%20giay%20khai%20sinh&limit=10'
article=$(curl -fs http://127.0.0.1:18901/tin-tuc | grep -o 'href="/bai-viet/[^"]*"' | head -1 | cut -d'"' -f2 || true)
mkdir -p "$work/www"
curl -fs "http://127.0.0.1:18901$page" > "$work/www/page.html"
curl -fs "http://127.0.0.1:18901$search" > "$work/www/search.json"
curl -fs "http://127.0.0.1:18901/" > "$work/www/home.html"
curl -fs "http://127.0.0.1:18901$article" > "$work/www/article.html"
cat > "$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { text/html html; application/json json; }
  server {
    listen 127.0.0.1:18902;
    root $work/www;
  }
}
CONF
nginx -p "$work" -c nginx.conf
"$work/staticgo" 127.0.0.1:18903 "$work/www" & echo $! > "$work/go.pid"
sleep 0.3

run() { # url → "rps p99ms"
  wrk -t2 -c64 -d"${secs}s" --latency "$1" 2>/dev/null | awk '
    /Requests\/sec/ {rps=$2}
    /^ *99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
    END {printf "%s %s", rps, p99}'
}
printf '%-40s %12s %10s\n' "target (64 connections, ${secs}s)" "requests/s" "p99 ms"
for pair in "home page|home.html|/" "article page|article.html|$article" "procedure page|page.html|$page" "search API|search.json|$search"; do
  IFS='|' read -r name file path <<<"$pair"
  read -r nrps np99 <<<"$(run "http://127.0.0.1:18902/$file")"
  read -r grps gp99 <<<"$(run "http://127.0.0.1:18903/$file")"
  read -r crps cp99 <<<"$(run "http://127.0.0.1:18901$path")"
  printf '%-40s %12.0f %10.2f\n' "nginx, $name (static bytes)" "$nrps" "$np99"
  printf '%-40s %12.0f %10.2f\n' "bare Go net/http, $name (same bytes)" "$grps" "$gp99"
  printf '%-40s %12.0f %10.2f\n' "cchc, $name" "$crps" "$cp99"
  printf '%-40s %12.2f   (bare Go: %.2f)\n' "ratio cchc/nginx, $name" "$(awk "BEGIN{print $crps/$nrps}")" "$(awk "BEGIN{print $grps/$nrps}")"
done
