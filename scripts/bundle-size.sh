#!/usr/bin/env bash
# Prints the size of the release site that scripts/build.sh wrote (wasm, js, css; raw and gzipped)
# and fails when the hydrate bundle (wasm + js, gzipped) is over the budget in Cargo.toml
# ([workspace.metadata.roadmap] hydrate-bundle-budget-gzip-kb).
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=target/site/pkg
budget_kb=$(awk -F'= *' '/^hydrate-bundle-budget-gzip-kb/ { print $2; exit }' Cargo.toml)
[ -n "$budget_kb" ] || { echo "no hydrate-bundle-budget-gzip-kb in Cargo.toml" >&2; exit 1; }

kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
total_raw=0 total_gz=0 bundle_gz=0
printf '%-14s %12s %12s\n' file raw gzip
for name in roadmap.wasm roadmap.js roadmap.css; do
  file="$pkg/$name"
  [ -s "$file" ] || { echo "missing $file: run scripts/build.sh first" >&2; exit 1; }
  raw=$(stat -c %s "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  printf '%-14s %12s %12s\n' "$name" "$(kb "$raw")" "$(kb "$gz")"
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz))
  [ "$name" = roadmap.css ] || bundle_gz=$((bundle_gz + gz))
done
printf '%-14s %12s %12s\n' total "$(kb "$total_raw")" "$(kb "$total_gz")"
echo "hydrate bundle (wasm + js, gzipped): $(kb "$bundle_gz"), budget ${budget_kb} KB"
if [ "$bundle_gz" -gt $((budget_kb * 1024)) ]; then
  echo "the hydrate bundle is over its budget of ${budget_kb} KB gzipped" >&2
  exit 1
fi
