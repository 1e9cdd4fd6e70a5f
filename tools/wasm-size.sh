#!/usr/bin/env bash
# Where the bytes of a release wasm go: builds BIN (default whole-place) as the release build
# does, keeps its function names (wasm-bindgen --keep-debug, wasm-opt -g), then prints the code
# bytes per crate and the brotli bytes the file would lose without each (tools/wasm-size.mjs).
# A benchmark aid, never part of the build: twiggy (crates.io) reads the same named file, e.g.
# `twiggy top -n 40 "$CARGO_TARGET_DIR/wasm-size/whole-place/named.wasm"`.
# Usage: tools/wasm-size.sh [BIN] [--top N] [--depth D] [--only PREFIX]
#   WASM_OPT="-Oz" (default) is the wasm-opt level, as data-wasm-opt in index.html.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/binaryen/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
bin="whole-place"
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then bin="$1"; shift; fi
target="${CARGO_TARGET_DIR:-target}"
out="$target/wasm-size/$bin"
mkdir -p "$out"
cargo build --release --offline --target wasm32-unknown-unknown --bin "$bin"
wasm-bindgen --target web --no-typescript --keep-debug --out-dir "$out" --out-name "$bin" \
  "$target/wasm32-unknown-unknown/release/$bin.wasm"
# shellcheck disable=SC2086 # WASM_OPT holds several flags on purpose.
wasm-opt ${WASM_OPT:--Oz} -g --output "$out/named.wasm" "$out/${bin}_bg.wasm"
# The same without names: the size as shipped.
# shellcheck disable=SC2086
wasm-opt ${WASM_OPT:--Oz} --output "$out/shipped.wasm" "$out/${bin}_bg.wasm"
node -e '
  const { readFileSync } = require("node:fs"); const zlib = require("node:zlib");
  for (const f of process.argv.slice(1)) {
    const raw = readFileSync(f);
    const br = zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
    console.log(`${f}: ${(raw.length / 1024).toFixed(1)} KiB raw, ${(br.length / 1024).toFixed(1)} KiB brotli`);
  }' "$out/shipped.wasm" "$out/$bin.js"
node tools/wasm-size.mjs "$out/named.wasm" "$@"
