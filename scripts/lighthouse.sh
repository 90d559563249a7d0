#!/usr/bin/env bash
# Lighthouse (mobile profile) on the portal's page types of a demo server
# (home, catalogue, a group, a procedure, feedback, honour roll, an
# article); prints the four category scores of each page, with LCP, CLS and
# TBT. On a shared machine performance moves with the load: compare pages
# within one run.
#
#   npm install --prefix tools/lighthouse && scripts/lighthouse.sh  (npm ci trips on a lighthouse 12 lock quirk)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/cchc" ./cmd/cchc
addr=127.0.0.1:18312
"$work/cchc" serve --demo --data "$work/data" --addr $addr >"$work/server.log" 2>&1 &
for _ in $(seq 1 100); do curl -fsS "http://$addr/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
article=$(curl -fsS "http://$addr/tin-tuc" | grep -o 'href="/bai-viet/[^"]*"' | head -1 | cut -d'"' -f2 || true)
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
for path in / /thu-tuc /linh-vuc/ho-tich /thu-tuc/1.001193 /phan-anh /guong-dien-hinh "${article:-/tin-tuc}"; do
  tools/lighthouse/node_modules/.bin/lighthouse "http://$addr$path" --quiet --output json --output-path "$work/lh.json" \
    --only-categories=performance,accessibility,best-practices,seo --form-factor=mobile \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync" >/dev/null 2>&1 || true
  node -e '
    const r = require(process.argv[1]); const c = r.categories, a = r.audits;
    const s = k => c[k] && c[k].score !== null ? Math.round(c[k].score * 100) : "–";
    const v = k => a[k] ? a[k].displayValue : "–";
    console.log(process.argv[2].padEnd(40), "performance", s("performance"), " accessibility", s("accessibility"), " best practices", s("best-practices"), " SEO", s("seo"),
      " LCP", v("largest-contentful-paint"), " CLS", v("cumulative-layout-shift"), " TBT", v("total-blocking-time"));
  ' "$work/lh.json" "$path"
done
