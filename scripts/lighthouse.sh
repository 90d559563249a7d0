#!/bin/sh
# Lighthouse scores (performance, accessibility, best practices, SEO; phone
# preset) of portal pages on a running server, e.g. after
#   go run ./cmd/cchc serve --demo --addr 127.0.0.1:18080
# Usage: scripts/lighthouse.sh [BASE_URL] [PATH...]
# Needs node, npm (Lighthouse is installed into a cache directory once) and
# Chromium (CHROME_PATH, default /usr/bin/chromium). On a shared machine the
# performance score moves with the load: compare pages in one run.
set -eu
base=${1:-http://127.0.0.1:18080}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- / /thu-tuc /thu-tuc/1.001193 /phan-anh /linh-vuc/ho-tich /guong-dien-hinh
dir=${LIGHTHOUSE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cchc-lighthouse}
if [ ! -x "$dir/node_modules/.bin/lighthouse" ]; then
	mkdir -p "$dir" && (cd "$dir" && npm install --silent --no-audit --no-fund lighthouse@13 >/dev/null)
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for p in "$@"; do
	CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} "$dir/node_modules/.bin/lighthouse" "$base$p" --quiet \
		--only-categories=performance,accessibility,best-practices,seo \
		--chrome-flags="--headless=new --no-sandbox" --output=json --output-path="$out" >/dev/null 2>&1
	node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")), a = r.audits, c = r.categories;
const s = k => c[k].score === null ? "–" : Math.round(c[k].score * 100);
console.log(process.argv[2].padEnd(22), "performance", s("performance"), "· accessibility", s("accessibility"),
  "· best practices", s("best-practices"), "· SEO", s("seo"), "· LCP", a["largest-contentful-paint"].displayValue,
  "· CLS", a["cumulative-layout-shift"].displayValue, "· TBT", a["total-blocking-time"].displayValue);' "$out" "$p"
done
