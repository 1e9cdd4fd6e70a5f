#!/usr/bin/env bash
# Runs every check and test: formatting, lints (host and wasm32), native unit and integration
# tests, the SQL publishing recipe on DuckDB, a release build, and the end-to-end tests in
# headless Chromium against that build.
# Installs any missing tool first (see tools/ensure-tools.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/ensure-tools.sh --browser
export PATH="$PWD/tools/binaryen/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "formatting (cargo fmt --check)"
cargo fmt --check
step "lints, native (cargo clippy --all-targets)"
cargo clippy --all-targets --quiet -- -D warnings
step "lints, wasm32 (cargo clippy --target wasm32-unknown-unknown)"
cargo clippy --target wasm32-unknown-unknown --quiet -- -D warnings
step "native tests (cargo test)"
cargo test --quiet
step "SQL publishing recipe on DuckDB (tools/test-sql-recipe.sh)"; bash tools/test-sql-recipe.sh
step "release build (trunk build --release)"
trunk build --release
step "browser tests (node --test, headless Chromium, against dist/)"
cd tests/e2e
node --test --test-concurrency=1
