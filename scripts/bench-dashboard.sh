#!/usr/bin/env bash
# Dashboard benchmark: a synthetic county (10,000 projects, 50,000 milestones, 500,000 progress
# updates) on SQLite, the release server, and wrk with 32 connections on this machine's cores.
#   scripts/bench-dashboard.sh            → latency of the full dashboard page, cold compute time,
#                                           and the size of every chart's SVG
# Figures go in BENCHMARKS.md. Environment: BENCH_SECONDS (default 20), BENCH_PORT (default 3471).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --bench
export PATH="$HOME/.cargo/bin:$PATH"

seconds="${BENCH_SECONDS:-20}"
port="${BENCH_PORT:-3471}"
base="http://127.0.0.1:$port"
work=target/bench
db="$work/dashboard.db"
mkdir -p "$work"

scripts/build.sh
bin=target/release/roadmap
if [ ! -s "$db" ]; then
  echo "== generating the synthetic county (once) =="
  "$bin" --database-url "sqlite://$db" seed --synthetic
fi

echo "== starting the server =="
ROADMAP_TODAY=2026-11-24 "$bin" --database-url "sqlite://$db" serve --addr "127.0.0.1:$port" \
  > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done

# A leader's session: the viewer account of the sample.
cookie=$(curl -s -o /dev/null -D - -X POST -H "Origin: $base" \
  --data "username=viewer&password=roadmap-viewer&next=/" "$base/login" \
  | awk -F'[: ;]+' 'tolower($1) == "set-cookie" && !found { print $2; found = 1 }' | tr -d '\r')
[ -n "$cookie" ] || { echo "sign-in failed" >&2; exit 1; }

page() { curl -s -o /dev/null -w '%{http_code} %{size_download} %{time_total}\n' -H "Cookie: $cookie" "$base$1"; }

echo "== cold: the first request after a change recomputes the dashboard =="
for i in 1 2 3; do
  sqlite3 "$db" "UPDATE settings SET value = value WHERE key = 'status.red_points'"
  echo "cold $i: $(page /)"
done
echo "cold, 一张网 filter: $(page '/?pillar=2')"
echo "cold, as of 2025-12-31: $(page '/?as_of=2025-12-31')"

echo "== chart SVG sizes (bytes) =="
for key in matrix burnup progress status investment timeline; do
  printf '%-10s %s\n' "$key" "$(curl -s -H "Cookie: $cookie" "$base/charts/$key.svg" | wc -c)"
done
echo "page: $(page /)"

for target in / '/?pillar=2&phase=3'; do
  echo "== wrk: 32 connections, ${seconds}s, GET $target =="
  page "$target" >/dev/null
  wrk -t2 -c32 -d"${seconds}s" --latency -H "Cookie: $cookie" "$base$target"
done
