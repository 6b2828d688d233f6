#!/usr/bin/env bash
# Builds Roadmap for deployment: the hydrate bundle (wasm-release profile, wasm-opt), the stylesheet,
# their .gz/.br copies, then the release `roadmap` binary with all of them inside it
# (target/release/roadmap is then the whole application). scripts/start.sh, CI (scripts/test.sh),
# the benchmarks and the .deb package all build through this one command.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo leptos build --release --precompress
