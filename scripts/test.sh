#!/usr/bin/env bash
# Runs every test:
#   1. the README's start command, scripts/start.sh, exactly as a newcomer runs it (release build,
#      sample data, serve) on a fresh SQLite database, and the size budget of the bundle it built;
#   2. Rust unit and integration tests on SQLite and PostgreSQL;
#   3. the end2end suite in headless Chromium: the read-only part (sign-in, dashboard, hydration)
#      against the server start.sh started, then all of it against the release binary copied alone
#      into an empty folder;
#   4. the .deb package, installed into a scratch root and run under its systemd unit's settings.
# A throwaway PostgreSQL cluster is started in a temporary folder unless TEST_DATABASE_URL points
# at a server, and a local S3 stand-in (moto_server) unless TEST_S3_ENDPOINT points at one.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '\033[1;34m[test]\033[0m %s\n' "$*" >&2; }
fail() { printf '\033[1;31m[test] FAILED:\033[0m %s\n' "$*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

work=$(mktemp -d)
chmod 755 "$work"
pg_bin=""
started=""
alone=""
moto=""
cleanup() {
  # start.sh runs in its own process group: stop the build or the server, whichever it is doing.
  [ -n "$started" ] && kill -TERM -- "-$started" 2>/dev/null || true
  [ -n "$alone" ] && kill "$alone" 2>/dev/null || true
  [ -n "$moto" ] && kill "$moto" 2>/dev/null || true
  if [ -n "$pg_bin" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Waits until a server answers /healthz; fails if its process ends first or it takes too long.
wait_healthy() {
  local url=$1 pid=$2 seconds=$3 what=$4
  local deadline=$((SECONDS + seconds))
  until curl -fs "$url/healthz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || fail "$what ended without serving"
    [ $SECONDS -lt $deadline ] || fail "$what did not answer /healthz within $seconds s"
    sleep 1
  done
}

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

# Evidence files in an S3-compatible store are tested against a local stand-in.
if [ -z "${TEST_S3_ENDPOINT:-}" ]; then
  s3_port=$(free_port)
  log "starting a local S3 stand-in (moto_server) on port $s3_port"
  moto_bin=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/moto_server
  [ -x "$moto_bin" ] || moto_bin=moto_server
  "$moto_bin" -H 127.0.0.1 -p "$s3_port" >"$work/moto.log" 2>&1 &
  moto=$!
  deadline=$((SECONDS + 60))
  until curl -fs "http://127.0.0.1:$s3_port/moto-api/" >/dev/null 2>&1; do
    kill -0 "$moto" 2>/dev/null || fail "moto_server ended: $(tail -n 5 "$work/moto.log")"
    [ $SECONDS -lt $deadline ] || fail "moto_server did not answer within 60 s"
    sleep 1
  done
  export TEST_S3_ENDPOINT="http://127.0.0.1:$s3_port"
fi
export REQUIRE_S3=1
# The report tests read the DOCX back with python-docx and the PDF with LibreOffice + pdftotext.
export REQUIRE_REPORT_TOOLS=1
# The exported workbook is also checked by opening it in LibreOffice Calc (installed by setup.sh).
export REQUIRE_LIBREOFFICE=1

# 1. The README's first command. The end2end figures are those of the sample on a fixed day.
start_port=$(free_port)
start_url="http://127.0.0.1:$start_port"
log "scripts/start.sh: building the release site and serving it on $start_url"
DATABASE_URL="sqlite://$work/start.db" ROADMAP_ADDR="127.0.0.1:$start_port" \
  ROADMAP_TODAY=2026-11-24 RUST_LOG=warn setsid scripts/start.sh &
started=$!
wait_healthy "$start_url" "$started" 3600 "scripts/start.sh"

log "the release bundle against its budget"
scripts/bundle-size.sh

# 2. Rust tests.
log "Rust tests (SQLite and PostgreSQL)"
# A clean CI checkout gains nothing from incremental compilation, which would double the disk it uses.
export CARGO_INCREMENTAL=0
cargo test -p app --features ssr
# The server's tests run the release binary start.sh built; the crash harness kills each kind of
# write 5 times here (50 by hand: CRASH_ROUNDS=50).
ROADMAP_BIN="$PWD/target/release/roadmap" CRASH_ROUNDS=5 cargo test -p server

# 3. Chromium against start.sh's server, then against the release binary alone in an empty folder.
mkdir "$work/alone"
cp target/release/roadmap "$work/alone/"
alone_port=$(free_port)
alone_url="http://127.0.0.1:$alone_port"
log "the release binary alone in an empty folder, on $alone_url"
(
  cd "$work/alone"
  export DATABASE_URL=sqlite://roadmap.db ROADMAP_TODAY=2026-11-24 RUST_LOG=warn
  ./roadmap seed --sample >/dev/null
  exec ./roadmap serve --addr "127.0.0.1:$alone_port"
) &
alone=$!
wait_healthy "$alone_url" "$alone" 60 "the lone release binary"
extra=$(cd "$work/alone" && shopt -s dotglob nullglob && for f in *; do
  case "$f" in roadmap | roadmap.db*) ;; *) echo "$f" ;; esac
done)
[ -z "$extra" ] || fail "the lone binary wrote files beside its database: $extra"

log "end2end (read-only pages: sign-in, dashboard, hydration) against the server scripts/start.sh started"
(cd end2end && ROADMAP_E2E_URL="$start_url" npx playwright test --project=read)

log "three sample counties for the region test: two export their November 上报 packages"
counties="$work/counties"
mkdir "$counties"
roadmap_bin="$PWD/target/release/roadmap"
for code in 339901 339902 339903; do
  (
    cd "$counties"
    export DATABASE_URL="sqlite://$counties/$code.db" ROADMAP_TODAY=2026-11-24 RUST_LOG=warn
    "$roadmap_bin" seed --sample >/dev/null
    "$roadmap_bin" package key --code "$code" >/dev/null
    "$roadmap_bin" --lang en package key | sed -n 's/^Public key (Ed25519): //p' >"$code.key"
    [ -s "$code.key" ] || fail "roadmap package key printed no key for $code"
    if [ "$code" != 339903 ]; then
      "$roadmap_bin" package export --period 2026-11 --out "$code.zip" >/dev/null
    fi
  )
done

log "end2end (every page, editing and reporting too) against the lone binary"
(cd end2end && ROADMAP_E2E_URL="$alone_url" ROADMAP_E2E_COUNTIES="$counties" npx playwright test)
kill "$alone" && wait "$alone" 2>/dev/null || true
alone=""

# 4. The benchmarks at a small scale, so that they cannot rot (the full scale runs by hand:
#    BENCHMARKS.md): the dashboard and lists on SQLite and on the throwaway PostgreSQL, and the
#    reporting exports and imports.
log "benchmarks at a small scale (SQLite, PostgreSQL)"
bench_check() {
  local log=$1
  grep -q '^writer: [0-9]* updates, 0 failed' "$log" || fail "the mixed load's writer failed: $(grep '^writer' "$log")"
  grep -q '^GET /milestones: 200 ' "$log" || fail "the milestone list did not answer in the benchmark"
  [ "$(grep -c '^GET /search?q=[^:]*: 200 ' "$log")" = 4 ] || fail "a search did not answer in the benchmark: $(grep '^GET /search' "$log")"
  grep -q '^read-your-writes: 5 of 5 ' "$log" || fail "a planner's update was missing from their next dashboard: $(grep '^read-your-writes' "$log")"
  if grep -E '^after update [0-9] \(HTTP [0-9]+\)' "$log" | grep -vq '(HTTP 200)'; then
    fail "a progress update failed in the benchmark"
  fi
}
BENCH_BUILT=1 BENCH_SCALE=small BENCH_SECONDS=2 BENCH_PORT=$(free_port) scripts/bench-dashboard.sh > "$work/bench-sqlite.log" 2>&1 \
  || fail "scripts/bench-dashboard.sh (SQLite): $(tail -n 5 "$work/bench-sqlite.log")"
bench_check "$work/bench-sqlite.log"
bench_db="bench_$(date +%s)"
psql -q "$TEST_DATABASE_URL" -c "CREATE DATABASE $bench_db"
BENCH_BUILT=1 BENCH_SCALE=small BENCH_SECONDS=2 BENCH_PORT=$(free_port) BENCH_DATABASE_URL="${TEST_DATABASE_URL%/*}/$bench_db" \
  scripts/bench-dashboard.sh > "$work/bench-postgres.log" 2>&1 \
  || fail "scripts/bench-dashboard.sh (PostgreSQL): $(tail -n 5 "$work/bench-postgres.log")"
bench_check "$work/bench-postgres.log"
BENCH_BUILT=1 BENCH_SCALE=small BENCH_PORT=$(free_port) BENCH_POSTGRES="${TEST_DATABASE_URL%/*}" scripts/bench-region.sh \
  > "$work/bench-region.log" 2>&1 || fail "scripts/bench-region.sh: $(tail -n 5 "$work/bench-region.log")"
grep -q '^merged sheet of 10000 rows' "$work/bench-region.log" || fail "the region benchmark wrote no merged sheet"
BENCH_BUILT=1 BENCH_SCALE=small scripts/bench-reporting.sh > "$work/bench-reporting.log" 2>&1 \
  || fail "scripts/bench-reporting.sh: $(tail -n 5 "$work/bench-reporting.log")"
BENCH_BUILT=1 BENCH_SCALE=small BENCH_POSTGRES="${TEST_DATABASE_URL%/*}" scripts/bench-reporting.sh \
  > "$work/bench-reporting-postgres.log" 2>&1 \
  || fail "scripts/bench-reporting.sh (PostgreSQL): $(tail -n 5 "$work/bench-reporting-postgres.log")"
for log_file in "$work/bench-reporting.log" "$work/bench-reporting-postgres.log"; do
  grep -q '^check + commit' "$log_file" || fail "the import benchmark did not finish: $log_file"
done

log "soak at a small scale (30 s; 10 minutes by hand)"
BENCH_BUILT=1 SOAK_SECONDS=30 SOAK_EVERY=10 SOAK_PORT=$(free_port) scripts/soak.sh > "$work/soak.log" 2>&1 \
  || fail "scripts/soak.sh: $(tail -n 8 "$work/soak.log")"

# 5. The Debian package.
log "the .deb package"
if [ "$(id -u)" -eq 0 ]; then
  scripts/test-deb.sh
else
  log "skipped: installing into a scratch root under the unit's settings needs root"
fi
log "all tests passed"
