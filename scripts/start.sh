#!/usr/bin/env bash
# Builds Roadmap (release) and serves it on http://127.0.0.1:3000 with SQLite at ./data/roadmap.db,
# created with the sample programme on first start. Override with DATABASE_URL / ROADMAP_ADDR.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo leptos build --release
export DATABASE_URL="${DATABASE_URL:-sqlite://data/roadmap.db}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
target/release/roadmap seed --sample
exec target/release/roadmap serve
