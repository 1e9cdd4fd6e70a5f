#!/usr/bin/env bash
# Installs, at pinned versions, whatever this project needs that the machine lacks.
# Safe to re-run: each step first checks what is already there and skips it.
# Usage: tools/ensure-tools.sh [--browser] [--lighthouse]
#   --browser adds Chromium and the e2e test packages;
#   --lighthouse adds Chromium and Lighthouse for tools/lighthouse.mjs (a benchmark only: the
#   normal build and tests never need it).
set -euo pipefail
cd "$(dirname "$0")/.."
want_browser=""
want_lighthouse=""
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --lighthouse) want_lighthouse=1 ;;
    *) echo "unknown option $arg (usage: tools/ensure-tools.sh [--browser] [--lighthouse])" >&2; exit 2 ;;
  esac
done


TRUNK_VERSION="0.21.14"
# wasm-bindgen-cli must match the wasm-bindgen crate locked in Cargo.lock exactly.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"

say() { printf '\033[1m[tools]\033[0m %s\n' "$*"; }
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION from crates.io (about 10 minutes on 2 cores)"
  cargo install trunk --version "=$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (the version in Cargo.lock)"
  # --locked first, for the exact tree upstream tested; its lockfile has named a dependency
  # version the registry no longer serves, so fall back to the newest compatible ones.
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --locked \
    || cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION"
fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  say "installing Node.js from Debian (for wasm-opt and the browser tests)"
  apt_install nodejs npm
fi

# wasm-opt comes from the npm package `binaryen` (Binaryen compiled to WebAssembly, pinned in
# tools/binaryen/package-lock.json): Debian's binaryen 108 corrupts wasm-bindgen's externref
# table, and Trunk must not download one from GitHub.
# Runs `npm ci` in a folder unless its node_modules already matches its package-lock.json.
npm_ci_if_stale() {
  local dir="$1" stamp="$1/node_modules/.installed-from-lock"
  if ! cmp -s "$dir/package-lock.json" "$stamp"; then
    say "installing npm packages in $dir (versions from its package-lock.json)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
npm_ci_if_stale tools/binaryen

if [ -n "$want_browser$want_lighthouse" ] && [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium for the browser tests"
  apt_install chromium
fi
if [ -n "$want_browser" ]; then
  npm_ci_if_stale tests/e2e
fi
# The SQL recipe's test (tools/test-sql-recipe.sh) runs DuckDB from PyPI in a venv.
if [ -n "$want_browser" ] && ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  say "installing Python and its venv module from Debian (for the SQL recipe's test)"
  apt_install python3 python3-venv
fi
# Lighthouse 12.8 (pinned in tools/lighthouse/package-lock.json): 13 needs Node 22.19.
if [ -n "$want_lighthouse" ]; then
  npm_ci_if_stale tools/lighthouse
fi
