#!/usr/bin/env bash
# Builds the release app into dist/ and serves it at http://127.0.0.1:8080 with the shipped
# dataset, exactly as it will be published: a plain static server (tools/serve.mjs) with the
# strict Content-Security-Policy header, the pre-compressed files and the publishing cache
# headers. No live reload: dist/ stays the clean release build that tools/test.sh tests and
# that publishers upload. Installs any missing tool first (see tools/ensure-tools.sh).
# Usage: tools/serve.sh [--port N] [--host ADDR] [--no-csp]   Stop with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/ensure-tools.sh
export PATH="$PWD/tools/binaryen/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
echo "[serve] building the release app into dist/ (trunk build --release)"
trunk build --release
exec node tools/serve.mjs "$@" dist
