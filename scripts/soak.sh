#!/usr/bin/env bash
# Soak: the release server under 64 connections of mixed reads and writes (dashboard, lists, a
# progress update in every ten requests) for SOAK_SECONDS, with a provincial-sheet export and an
# import of new projects every SOAK_EVERY seconds. Passes with 0 socket errors, 0 non-2xx/3xx
# answers, every export and import done, and the server's memory and open files flat: the peak
# of the last third no more than SOAK_GROWTH_PERCENT above that of the first third (after a
# warm-up), and no more open files at the end than at the start of the load plus a few.
#   scripts/soak.sh                          10 minutes (by hand; figures in BENCHMARKS.md)
#   SOAK_SECONDS=30 SOAK_EVERY=10 scripts/soak.sh    what scripts/test.sh runs
# Environment: SOAK_DATABASE_URL (default SQLite in target/bench), SOAK_PORT (3481),
#   BENCH_BUILT=1 when the release is built already.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --bench
export PATH="$HOME/.cargo/bin:$PATH"

seconds="${SOAK_SECONDS:-600}"
every="${SOAK_EVERY:-60}"
growth_limit="${SOAK_GROWTH_PERCENT:-15}"
port="${SOAK_PORT:-3481}"
base="http://127.0.0.1:$port"
work=target/bench/soak
rm -rf "$work" && mkdir -p "$work"
url="${SOAK_DATABASE_URL:-sqlite://$work/soak.db}"
[ -n "${BENCH_BUILT:-}" ] || scripts/build.sh
bin=target/release/roadmap

echo "== a small synthetic county =="
"$bin" --database-url "$url" seed --synthetic --projects 1000 --milestones 5000 --updates 50000 >/dev/null
ROADMAP_TODAY=2026-11-24 RUST_LOG=warn "$bin" --database-url "$url" serve --addr "127.0.0.1:$port" \
  > "$work/server.log" 2>&1 &
server=$!
sampler=""
trap 'kill $server $sampler 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done

cookie=$(curl -s -o /dev/null -D - -X POST -H "Origin: $base" \
  --data "username=planner&password=roadmap-planner&next=/" "$base/login" \
  | awk -F'[: ;]+' 'tolower($1) == "set-cookie" && !found { print $2; found = 1 }' | tr -d '\r')
viewer=$(curl -s -o /dev/null -D - -X POST -H "Origin: $base" \
  --data "username=viewer&password=roadmap-viewer&next=/" "$base/login" \
  | awk -F'[: ;]+' 'tolower($1) == "set-cookie" && !found { print $2; found = 1 }' | tr -d '\r')
[ -n "$cookie" ] && [ -n "$viewer" ] || { echo "sign-in failed" >&2; exit 1; }
milestones=5000 # as generated above

cat > "$work/mixed.lua" <<LUA
local paths = { "/", "/milestones", "/projects", "/problems", "/milestones?status=red",
  "/projects?page=2", "/milestones?page=3", "/indicators" }
local n = 0
request = function()
  n = n + 1
  if n % 10 == 0 then
    local body = string.format(
      "id=%d&form%%5Bpercent%%5D=%d&form%%5Breported_on%%5D=2026-11-2%d&form%%5Bnote%%5D=soak",
      math.random(1, $milestones), math.random(0, 100), math.random(1, 4))
    return wrk.format("POST", "/api/record_progress", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "$cookie", ["Origin"] = "$base" }, body)
  end
  return wrk.format("GET", paths[math.random(#paths)], { ["Cookie"] = "$cookie" })
end
LUA

# Memory and open files every second.
( while kill -0 "$server" 2>/dev/null; do
    rss=$(awk '/VmRSS/ { print $2 }' "/proc/$server/status" 2>/dev/null || echo 0)
    fds=$(ls "/proc/$server/fd" 2>/dev/null | wc -l)
    echo "$(date +%s) $rss $fds"
    sleep 1
  done ) > "$work/samples" &
sampler=$!

echo "== $seconds s: 64 connections of reads and writes; an export and an import every $every s =="
wrk -t2 -c64 -d"${seconds}s" --timeout 10s -s "$work/mixed.lua" "$base" > "$work/wrk.txt" 2>&1 &
load=$!
exports=0 imports=0 failed=0 round=0
header=$("$bin" --database-url "$url" export --format csv --out "$work/header.csv" >/dev/null 2>&1 && head -1 "$work/header.csv")
while kill -0 "$load" 2>/dev/null; do
  sleep "$every"
  kill -0 "$load" 2>/dev/null || break
  round=$((round + 1))
  code=$(curl -s -o "$work/export.csv" -w '%{http_code}' -H "Cookie: $viewer" "$base/projects/export?format=csv")
  if [ "$code" = 200 ] && [ "$(wc -l < "$work/export.csv")" -gt 1000 ]; then exports=$((exports + 1)); else failed=$((failed + 1)); echo "export: HTTP $code"; fi
  {
    echo "$header"
    for i in $(seq 1 20); do
      echo "$i,,浸泡测试项目-$round-$i,县大数据发展中心,示例县,新建,一朵云,浸泡测试,2026-2027,100.00,0.00,0.00,0.00,100.00,0.00,0.00,50.00,10.00,20.00,进行中,,张三,0579-0000 0000"
    done
  } > "$work/import.csv"
  if "$bin" --database-url "$url" import "$work/import.csv" --kind information --by planner > "$work/import.log" 2>&1; then
    imports=$((imports + 1))
  else
    failed=$((failed + 1)); tail -3 "$work/import.log"
  fi
done
wait "$load" || true
kill "$sampler" 2>/dev/null || true
cat "$work/wrk.txt"

requests=$(awk '/requests in/ { print $1 }' "$work/wrk.txt")
socket_errors=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$work/wrk.txt")
bad_status=$(awk '/Non-2xx or 3xx/ { print $NF }' "$work/wrk.txt")
server_errors=$(grep -c 'ERROR\|panicked' "$work/server.log" || true)
# Memory and open files: the first 10% is warm-up; then first third against last third.
read -r rss_first rss_last fds_first fds_last < <(awk '
  { t[NR] = $1; rss[NR] = $2; fds[NR] = $3 }
  END {
    start = int(NR / 10) + 1; third = int((NR - start) / 3)
    for (i = start; i < start + third; i++) { if (rss[i] > a) a = rss[i]; if (fds[i] > f) f = fds[i] }
    for (i = NR - third + 1; i <= NR; i++) { if (rss[i] > b) b = rss[i]; if (fds[i] > g) g = fds[i] }
    print a, b, f, g
  }' "$work/samples")
echo "soak: $seconds s, $requests requests, socket errors ${socket_errors:-0}, non-2xx/3xx ${bad_status:-0}, server errors $server_errors"
echo "exports $exports, imports $imports, failed $failed"
echo "peak memory: first third $((rss_first / 1024)) MB, last third $((rss_last / 1024)) MB; open files: $fds_first → $fds_last"
status=0
[ "${socket_errors:-0}" -eq 0 ] || { echo "FAILED: socket errors"; status=1; }
[ "${bad_status:-0}" -eq 0 ] || { echo "FAILED: answers other than 2xx/3xx"; status=1; }
[ "$server_errors" -eq 0 ] || { echo "FAILED: the server logged errors"; status=1; }
[ "$failed" -eq 0 ] && [ "$exports" -ge 1 ] && [ "$imports" -ge 1 ] || { echo "FAILED: an export or import"; status=1; }
[ "$rss_last" -le $((rss_first * (100 + growth_limit) / 100)) ] || { echo "FAILED: memory grew more than $growth_limit%"; status=1; }
[ "$fds_last" -le $((fds_first + 8)) ] || { echo "FAILED: open files grew"; status=1; }
exit $status
