#!/usr/bin/env bash
# Benchmarks: native engine (criterion), the release app in headless Chromium against a plain-JS
# baseline on the same files (tests/e2e/bench-page.mjs; its figures also go to
# target/bench/browser.json), and Lighthouse's mobile preset (layout shift, largest paint,
# performance score) against the same build. Prints figures as min / median / max; asserts
# nothing. Takes about 15 minutes on 2 cores. BENCH_RUNS (default 5) sets the browser runs,
# LIGHTHOUSE_RUNS (default 5) Lighthouse's. docs/benchmarks.md says what each figure means.
set -euo pipefail
cd "$(dirname "$0")/.."
# The machine's load: other work on the same cores slows every figure, so say how busy it was.
echo "==> load at the start: $(uptime)"
trap 'echo "==> load at the end: $(uptime)"' EXIT
bash tools/ensure-tools.sh --browser --lighthouse
export PATH="$PWD/tools/binaryen/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

echo "==> generating benchmark datasets (tests/fixtures/bench-*.json, not committed)"
for n in 1e4 1e5 1e6; do
  cargo run --quiet --release --example generate -- --facts "$n" --out "tests/fixtures/bench-$n.json"
done
echo "==> native engine (cargo bench --bench engine)"
# Criterion prints a confidence interval of the mean; the summary below reads its samples.
cargo bench --quiet --bench engine -- --noplot >/dev/null
node tools/criterion-summary.mjs "${CARGO_TARGET_DIR:-target}/criterion"
echo "==> release build"
trunk build --release
echo "==> in the browser: Whole Place and the plain-JS baseline (tests/e2e/bench-page.mjs)"
node tests/e2e/bench-page.mjs
echo "==> Lighthouse, mobile preset (tools/lighthouse.mjs)"
node tools/lighthouse.mjs --runs "${LIGHTHOUSE_RUNS:-5}"
