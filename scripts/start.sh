#!/usr/bin/env bash
# Builds Roadmap (release) and serves it on http://127.0.0.1:3000 with SQLite at ./data/roadmap.db,
# created with the sample programme on first start. Override with DATABASE_URL / ROADMAP_ADDR.
# scripts/test.sh runs this very script, so CI fails whenever it would.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
export DATABASE_URL="${DATABASE_URL:-sqlite://data/roadmap.db}"
target/release/roadmap seed --sample
exec target/release/roadmap serve
