#!/usr/bin/env bash
# Runs every test: Rust unit and integration tests on SQLite and PostgreSQL, then the end2end
# suite in headless Chromium against a freshly built server. A throwaway PostgreSQL cluster is
# started in a temporary folder unless TEST_DATABASE_URL points at a server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '\033[1;34m[test]\033[0m %s\n' "$*" >&2; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

work=$(mktemp -d)
chmod 755 "$work"
pg_bin=""
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  if [ -n "$pg_bin" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# PostgreSQL refuses to run as root: run the throwaway cluster as the postgres user then.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ -z "${TEST_DATABASE_URL:-}" ]; then
  pg_bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
  pg_port=$(free_port)
  mkdir -p "$work/pg" && [ "$(id -u)" -eq 0 ] && chown postgres "$work/pg"
  log "starting a throwaway PostgreSQL on port $pg_port"
  as_pg "$pg_bin/initdb" -D "$work/pg" -U roadmap --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$work/pg" -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=off" \
    -l "$work/pg/log" -w start >/dev/null
  export TEST_DATABASE_URL="postgres://roadmap@127.0.0.1:$pg_port/postgres"
fi
export REQUIRE_POSTGRES=1
# The exported workbook is also checked by opening it in LibreOffice Calc (installed by setup.sh).
export REQUIRE_LIBREOFFICE=1

# cargo-leptos builds with these flags and variables; using the same ones lets the test build
# reuse its compiled dependencies instead of building them a second time.
export RUSTFLAGS="--cfg erase_components"
export LEPTOS_OUTPUT_NAME=roadmap LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_RELOAD_PORT=3001 LEPTOS_LIB_DIR=app LEPTOS_BIN_DIR=server
export LEPTOS_JS_MINIFY=false LEPTOS_HASH_FILES=false

log "building the site"
cargo leptos build

log "Rust tests (SQLite and PostgreSQL)"
cargo test -p app --features ssr
cargo test -p server

log "end2end tests in Chromium"
port=$(free_port)
DATABASE_URL="sqlite://$work/e2e.db" target/debug/roadmap seed --sample >/dev/null
DATABASE_URL="sqlite://$work/e2e.db" ROADMAP_TODAY=2026-11-24 RUST_LOG=warn \
  target/debug/roadmap serve --addr "127.0.0.1:$port" &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
(cd end2end && ROADMAP_E2E_URL="http://127.0.0.1:$port" npx playwright test)
