#!/usr/bin/env bash
# Dashboard and list benchmark: a synthetic county (10,000 projects, 50,000 milestones, 500,000
# progress updates), the release server, and wrk on this machine's cores.
#   scripts/bench-dashboard.sh            → the dashboard after a change (a progress update through
#                                           the app's form), warm, under mixed load (readers while
#                                           planners record progress), the paged lists, the server's
#                                           peak memory, and the size of every chart's SVG
# Environment:
#   BENCH_SCALE=full|small   full: the county above (default); small: a tenth of it, for CI
#   BENCH_DATABASE_URL       postgres://… to measure on PostgreSQL (default: SQLite in target/bench)
#   BENCH_SECONDS            length of each wrk run (default 20; the mixed load runs 3× as long)
#   BENCH_PORT               default 3471
# Figures go in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --bench
export PATH="$HOME/.cargo/bin:$PATH"

scale="${BENCH_SCALE:-full}"
seconds="${BENCH_SECONDS:-20}"
port="${BENCH_PORT:-3471}"
base="http://127.0.0.1:$port"
work=target/bench
mkdir -p "$work"
case "$scale" in
  full) size=() ;;
  small) size=(--projects 1000 --milestones 5000 --updates 50000) ;;
  *) echo "BENCH_SCALE is full or small" >&2; exit 2 ;;
esac
url="${BENCH_DATABASE_URL:-sqlite://$work/dashboard-$scale.db}"

# scripts/test.sh has just built the release (BENCH_BUILT=1); by hand, build it first.
[ -n "${BENCH_BUILT:-}" ] || scripts/build.sh
bin=target/release/roadmap
sql() {
  case "$url" in
    sqlite://*) sqlite3 "${url#sqlite://}" "$1" ;;
    *) psql -qAt "$url" -c "$1" ;;
  esac
}
if [ "$(sql "SELECT COUNT(*) FROM milestones" 2>/dev/null || echo 0)" -lt 100 ]; then
  echo "== generating the synthetic county ($scale, once) =="
  "$bin" --database-url "$url" seed --synthetic "${size[@]}"
fi

echo "== starting the server ($(case "$url" in sqlite*) echo SQLite ;; *) echo PostgreSQL ;; esac)) =="
ROADMAP_TODAY=2026-11-24 "$bin" --database-url "$url" serve --addr "127.0.0.1:$port" \
  > "$work/server.log" 2>&1 &
server=$!
writer=""
trap 'kill $server $writer 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done

sign_in() {
  curl -s -o /dev/null -D - -X POST -H "Origin: $base" \
    --data "username=$1&password=roadmap-$1&next=/" "$base/login" \
    | awk -F'[: ;]+' 'tolower($1) == "set-cookie" && !found { print $2; found = 1 }' | tr -d '\r'
}
# A leader reads; a planner records progress, keeping cookies as a browser does (the server
# marks each write's data version in one, and the planner's next dashboard must include it).
viewer=$(sign_in viewer)
jar="$work/planner.cookies"
curl -s -o /dev/null -c "$jar" -X POST -H "Origin: $base" \
  --data "username=planner&password=roadmap-planner&next=/" "$base/login"
[ -n "$viewer" ] && grep -q roadmap_session "$jar" || { echo "sign-in failed" >&2; exit 1; }

page() { curl -s -o /dev/null -w '%{http_code} %{size_download} bytes %{time_total} s\n' -H "Cookie: $1" "$base$2"; }
planner_page() { curl -s -o /dev/null -w '%{http_code} %{size_download} bytes %{time_total} s\n' -b "$jar" "$base$1"; }
milestones=$(sql "SELECT COUNT(*) FROM milestones")
# Records one progress update through the app's own form, as a planner's browser posts it.
record() {
  local id=$(((RANDOM * 32768 + RANDOM) % milestones + 1))
  curl -s -o /dev/null -w '%{http_code}' -X POST -H "Origin: $base" -b "$jar" -c "$jar" \
    --data "id=$id&form%5Bpercent%5D=$((RANDOM % 101))&form%5Breported_on%5D=2026-11-2$((RANDOM % 4 + 1))&form%5Bnote%5D=bench" \
    "$base/api/record_progress"
}

# The planner's next GET / must include the update: it always waits for the recompute.
echo "== the first dashboard after a change: a progress update, then the planner's GET / =="
for i in 1 2 3 4 5; do
  echo "after update $i (HTTP $(record)): $(planner_page /)"
done
record >/dev/null
echo "after an update, 一张网 filter: $(planner_page '/?pillar=2')"
record >/dev/null
echo "after an update, as of 2025-12-31: $(planner_page '/?as_of=2025-12-31')"

echo "== chart SVG sizes (bytes) =="
for key in matrix burnup progress status investment timeline; do
  printf '%-10s %s\n' "$key" "$(curl -s -H "Cookie: $viewer" "$base/charts/$key.svg" | wc -c)"
done

echo "== lists, a page at a time =="
for target in /milestones '/milestones?page=500' '/milestones?status=red' '/milestones?sort=status&desc=true' \
              '/milestones?pillar=2&sort=title' /projects '/projects?sort=completed&desc=true' '/admin'; do
  echo "GET $target: $(page "$viewer" "$target")"
done

echo "== search (issue 17): two-character queries, one at a time =="
for q in '%E5%AE%8C%E6%88%90' '%E6%94%BF%E5%8A%A1' '%E6%9C%BA%E6%88%BF' '%E5%AE%8C%E6%88%90&kind=milestone_progress&page=20'; do
  page "$viewer" "/search?q=$q" >/dev/null
  echo "GET /search?q=$q: $(page "$viewer" "/search?q=$q")"
done
echo "== wrk: 1 connection, ${seconds}s, fifteen searches in turn (scripts/search-queries.lua) =="
wrk -t1 -c1 -d"${seconds}s" --latency -s scripts/search-queries.lua -H "Cookie: $viewer" "$base"

for target in / '/?pillar=2&phase=3' /milestones; do
  echo "== wrk: 32 connections, ${seconds}s, GET $target =="
  page "$viewer" "$target" >/dev/null
  wrk -t2 -c32 -d"${seconds}s" --latency -H "Cookie: $viewer" "$base$target"
done

mixed=$((seconds * 3))
echo "== mixed load: 32 readers of GET / while a planner records 5 progress updates a second, ${mixed}s =="
(
  sent=0 failed=0
  end=$((SECONDS + mixed))
  while [ $SECONDS -lt $end ]; do
    # Five updates, then the rest of the second (microseconds from $EPOCHREALTIME).
    tick=${EPOCHREALTIME/[.,]/}
    for _ in 1 2 3 4 5; do
      code=$(record)
      sent=$((sent + 1))
      [ "$code" = 200 ] || failed=$((failed + 1))
    done
    rest=$((1000000 - (${EPOCHREALTIME/[.,]/} - tick)))
    [ $rest -le 0 ] || sleep "0.$(printf '%06d' "$rest")"
  done
  echo "writer: $sent updates, $failed failed" > "$work/writer.txt"
) &
writer=$!
wrk -t2 -c32 -d"${mixed}s" --latency -H "Cookie: $viewer" "$base/"
wait "$writer" || true
writer=""
cat "$work/writer.txt"
# Read-your-writes: each of the planner's updates shows on their next dashboard load. Completing a
# milestone moves the 已完成 tile by one, every time.
done_tile() { curl -s -b "$jar" "$base/" | grep -o 'data-kpi="done".\{0,300\}' | grep -o 'kpi-value">[0-9]*' | head -n 1 | grep -o '[0-9]*$'; }
seen=0
for _ in 1 2 3 4 5; do
  before=$(done_tile)
  id=$(sql "SELECT MIN(id) FROM milestones WHERE percent < 100")
  curl -s -o /dev/null -X POST -H "Origin: $base" -b "$jar" -c "$jar" \
    --data "id=$id&form%5Bpercent%5D=100&form%5Breported_on%5D=2026-11-24&form%5Bnote%5D=done" "$base/api/record_progress"
  after=$(done_tile)
  [ "$after" = "$((before + 1))" ] && seen=$((seen + 1))
done
echo "read-your-writes: $seen of 5 completions shown on the planner's next dashboard"

echo "== server peak memory =="
grep -E 'VmHWM|VmRSS' "/proc/$server/status"
# Transparent huge pages count whole 2 MiB pages as resident however little of them is used.
grep -E 'AnonHugePages' "/proc/$server/smaps_rollup"

# wrk drops its connections mid-page at the end of every run, as a browser does when someone
# navigates away: nothing a client does may make the server panic.
if grep -q 'panicked' "$work/server.log"; then
  grep -A3 'panicked' "$work/server.log" >&2
  echo "the server panicked during the benchmark (above; the whole log is $work/server.log)" >&2
  exit 1
fi
