#!/usr/bin/env bash
# Installs what Roadmap needs to build and test, only what is missing. Safe to run again.
#   scripts/setup.sh          tools to build and run (Rust target, cargo-leptos, wasm-bindgen, wasm-opt)
#   scripts/setup.sh --test   also Chromium, PostgreSQL, CJK fonts, LibreOffice Calc (headless, to check
#                             exported workbooks), moto_server (a local S3 stand-in, for the evidence
#                             store) and the end2end npm packages
#   scripts/setup.sh --bench  also wrk, the HTTP load generator of the benchmarks
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
BINARYEN_VERSION=132
with_test=false
with_bench=false
[ "${1:-}" = "--test" ] && with_test=true
[ "${1:-}" = "--bench" ] && with_bench=true

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }
export PATH="$HOME/.cargo/bin:$PATH"

# Debian packages, with one `apt-get update` only when something is missing.
apt_missing=()
need_pkg() { dpkg -s "$1" >/dev/null 2>&1 || apt_missing+=("$1"); }
need_pkg pkg-config
# CJK fonts: charts drawn as PNG (for slides and the 工作总结) need them to show Chinese.
need_pkg fonts-noto-cjk
if $with_test; then
  need_pkg chromium
  need_pkg fonts-noto-cjk
  need_pkg libreoffice-calc-nogui
  # The 工作总结 as PDF (LibreOffice Writer), and pdftotext to read it back.
  need_pkg libreoffice-writer-nogui
  need_pkg poppler-utils
  # The .deb test: dpkg-shlibdeps (dpkg-dev) and systemd-analyze (systemd) to check the unit.
  need_pkg dpkg-dev
  need_pkg systemd
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_missing+=(postgresql)
fi
# The benchmarks: CI runs them at a small scale.
{ $with_bench || $with_test; } && { need_pkg wrk; need_pkg sqlite3; need_pkg time; }
if [ ${#apt_missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${apt_missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
fi

# (Each check reads a command's whole output first: with pipefail, `cmd | grep -q` can fail when
# grep stops reading early.)
grep -qx wasm32-unknown-unknown <<< "$(rustup target list --installed)" || {
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
}

if [ "$(cargo leptos --version 2>/dev/null || true)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (compiles for ~20 minutes, once)"
  # no_downloads: the tool must not fetch sass / wasm-bindgen / wasm-opt binaries from the internet.
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

# The wasm-bindgen CLI must be exactly the version of the crate in Cargo.lock.
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wbg_version" ]; then
  log "installing wasm-bindgen-cli $wbg_version"
  cargo install wasm-bindgen-cli --version "$wbg_version" --force
fi

if ! grep -q "version $BINARYEN_VERSION" <<< "$(wasm-opt --version 2>/dev/null || true)"; then
  log "installing binaryen $BINARYEN_VERSION (wasm-opt, for release builds)"
  npm install -g --no-audit --no-fund "binaryen@$BINARYEN_VERSION" >/dev/null
fi

# A local S3 stand-in for the test of evidence files in an object store, from PyPI.
MOTO_VERSION=5.2.5
if $with_test && ! grep -q "$MOTO_VERSION" <<< "$(python3 -m pip show moto 2>/dev/null || true)"; then
  log "installing moto_server $MOTO_VERSION (a local S3 stand-in for the tests)"
  python3 -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi

# python-docx reads the generated DOCX back in the tests (a reader other than the writer).
PYTHON_DOCX_VERSION=1.2.0
if $with_test && ! grep -q "$PYTHON_DOCX_VERSION" <<< "$(python3 -m pip show python-docx 2>/dev/null || true)"; then
  log "installing python-docx $PYTHON_DOCX_VERSION (reads generated reports back in the tests)"
  python3 -m pip install --quiet --disable-pip-version-check "python-docx==$PYTHON_DOCX_VERSION"
fi

if $with_test; then
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    log "installing end2end npm packages"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
  fi
fi
