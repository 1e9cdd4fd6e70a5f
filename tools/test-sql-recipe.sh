#!/usr/bin/env bash
# Tests the publishing-at-scale recipe (docs/publishing-at-scale.md) end to end on DuckDB:
# a synthetic ledger of 2,000,000 lines (or $LEDGER_LINES) is made in DuckDB, summed by
# tools/sql/ledger_to_facts.sql as written, exported as NDJSON, assembled into one file by
# `whole-place assemble`, and checked by `whole-place check --json`; every total must equal the
# ledger's exact DECIMAL total, and the left-out report must account for the rest to the penny.
# Installs DuckDB from PyPI at a pinned version into tools/duckdb/ (a venv; skipped if there).
# Prints times and sizes. Run from tools/test.sh; about 15 s once installed and built.
set -euo pipefail
cd "$(dirname "$0")/.."

DUCKDB_VERSION="2.0.1"
venv="tools/duckdb"
say() { printf '\033[1m[sql-recipe]\033[0m %s\n' "$*"; }

if [ "$("$venv/bin/python" -c 'import duckdb; print(duckdb.__version__)' 2>/dev/null || true)" != "$DUCKDB_VERSION" ]; then
  say "installing DuckDB $DUCKDB_VERSION from PyPI into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "duckdb==$DUCKDB_VERSION"
fi

# The native command-line tool, from the same core as the explorer (a debug build: tools/test.sh
# has just built it for the tests, so this is quick).
say "building whole-place (native)"
cargo build --quiet --bin whole-place
bin="${CARGO_TARGET_DIR:-target}/debug/whole-place"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$venv/bin/python" tools/sql/run_recipe_duckdb.py --lines "${LEDGER_LINES:-2000000}" --work "$work" --bin "$bin"
echo "sql-recipe: 1 passed, 0 failed"
