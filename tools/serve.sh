#!/usr/bin/env bash
# Builds the release app and serves it at http://127.0.0.1:8080 with the shipped dataset.
# Installs any missing tool first (see tools/ensure-tools.sh). Stop with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/ensure-tools.sh
export PATH="$PWD/tools/binaryen/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
echo "[serve] building; then open http://127.0.0.1:8080"
exec trunk serve --release
