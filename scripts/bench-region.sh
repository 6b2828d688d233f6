#!/usr/bin/env bash
# Region benchmark (issue 19) with the release binary, on PostgreSQL:
#   - synthetic counties' signed packages (`roadmap region synthetic`), registered and imported
#     one by one: the wall time of each import (first, median, slowest);
#   - the region page (/region?period=2026-11) read 20 times as the admin: median and slowest;
#     then a newer package of one county imported while the server runs, and the page read at
#     once afterwards;
#   - the merged provincial sheet of every county's projects (`roadmap region sheet`): wall time
#     and peak memory (max RSS, GNU time).
# Full scale: 100 counties × 10,000 projects (1,000,000 rows in the merged sheet). Figures go in
# BENCHMARKS.md.
# Environment:
#   BENCH_POSTGRES=postgres://user@host:port   the PostgreSQL server (required)
#   BENCH_SCALE=small     10 counties × 1,000 projects: CI runs it so the script cannot rot
#   BENCH_PORT            the port the server listens on (default 3941)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
[ -n "${BENCH_POSTGRES:-}" ] || { echo "BENCH_POSTGRES=postgres://user@host:port is required" >&2; exit 2; }
scripts/setup.sh --bench
[ -n "${BENCH_BUILT:-}" ] || scripts/build.sh
bin="$PWD/target/release/roadmap"
export ROADMAP_TODAY=2026-11-24 RUST_LOG=error

case "${BENCH_SCALE:-full}" in
  full) counties=100 projects=10000 ;;
  small) counties=10 projects=1000 ;;
  *) echo "BENCH_SCALE is full or small" >&2; exit 2 ;;
esac
scale="${BENCH_SCALE:-full}"
work="target/bench/region-$scale"
db="region_bench_$scale"
url="$BENCH_POSTGRES/$db"
mkdir -p "$work"

psql -q "$BENCH_POSTGRES/postgres" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
"$bin" --database-url "$url" seed --sample >/dev/null

echo "== $counties counties × $projects projects ($scale), PostgreSQL"
started=$(date +%s.%N)
"$bin" region synthetic --counties "$counties" --projects "$projects" --period 2026-11 --out "$work/packages" >/dev/null
echo "packages written in $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $started }") s ($(du -sh "$work/packages" | cut -f1))"

while IFS=$'\t' read -r name code key; do
  "$bin" --database-url "$url" region county add "$name" --code "$code" --key "$key" >/dev/null
done <"$work/packages/counties.tsv"

times="$work/import-times.txt"
: >"$times"
while IFS=$'\t' read -r _ code _; do
  /usr/bin/time -f '%e %M' -o "$work/one.txt" \
    "$bin" --database-url "$url" region import "$work/packages/$code.zip" >/dev/null
  cat "$work/one.txt" >>"$times"
done <"$work/packages/counties.tsv"
sort -n "$times" >"$work/sorted.txt"
n=$(wc -l <"$work/sorted.txt")
echo "import of one county's package: first $(head -n 1 "$times" | cut -d' ' -f1) s," \
  "median $(sed -n "$(((n + 1) / 2))p" "$work/sorted.txt" | cut -d' ' -f1) s," \
  "slowest $(tail -n 1 "$work/sorted.txt" | cut -d' ' -f1) s," \
  "peak memory $(sort -k2 -n "$times" | tail -n 1 | cut -d' ' -f2) KB"

port="${BENCH_PORT:-3941}"
base="http://127.0.0.1:$port"
"$bin" --database-url "$url" serve --addr "127.0.0.1:$port" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
cookie=$(curl -s -o /dev/null -D - -X POST -H "Origin: $base" \
  --data "username=admin&password=roadmap-admin&next=/" "$base/login" \
  | awk -F'[: ;]+' 'tolower($1) == "set-cookie" && !found { print $2; found = 1 }' | tr -d '\r')
page() { curl -s -o "$work/page.html" -w '%{http_code} %{time_total}\n' -H "Cookie: $cookie" "$base/region?period=2026-11"; }
page >/dev/null
: >"$work/page-times.txt"
for _ in $(seq 1 20); do page >>"$work/page-times.txt"; done
grep -qv '^200 ' "$work/page-times.txt" && { echo "the region page did not answer 200" >&2; exit 1; }
grep -q "data-kpi=\"reported\"[^>]*>$counties<" "$work/page.html" || { echo "the region page does not show $counties counties reported" >&2; exit 1; }
cut -d' ' -f2 "$work/page-times.txt" | sort -n >"$work/sorted.txt"
echo "region page, warm: median $(sed -n 10p "$work/sorted.txt") s, slowest $(tail -n 1 "$work/sorted.txt") s (20 reads)"

"$bin" --database-url "$url" region import "$work/packages/339001.newer.zip" >/dev/null
echo "region page right after an import: $(page | cut -d' ' -f2) s"
kill $server && wait $server 2>/dev/null || true
trap - EXIT

/usr/bin/time -f '%e %M' -o "$work/one.txt" \
  "$bin" --database-url "$url" region sheet --period 2026-11 --out "$work/merged.xlsx" >/dev/null
read -r seconds kb <"$work/one.txt"
echo "merged sheet of $((counties * projects)) rows: $seconds s, peak memory $kb KB, $(du -h "$work/merged.xlsx" | cut -f1)"
