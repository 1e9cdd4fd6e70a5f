#!/usr/bin/env bash
# Fuzzes the loader, and aggregation and the URL codec behind it, with cargo-fuzz/libFuzzer on
# the stable toolchain.
#
#   tools/fuzz.sh [SECONDS] [TARGET]     SECONDS defaults to 120; TARGET is load (default),
#                                        document (well-formed files built from the input), url,
#                                        or all (half the time on load, a third on document, the
#                                        rest on url)
#
# Installs cargo-fuzz (pinned, from crates.io) if missing, builds the target with overflow checks,
# seeds its corpus, fuzzes for SECONDS, then prints executions, coverage and every distinct
# finding. Reproducers stay in fuzz/artifacts/TARGET/; docs/fuzzing.md says how to turn one into
# a fixture. CI does not run this. Settings (environment):
#   WP_FUZZ_CHECKS=core   skip the strict checks (serde wording, character columns, control
#                         characters in labels) to hunt crashes in a loader that predates them
#   FUZZ_SANITIZER        none (default: the code is safe Rust, so speed wins) or address
#   FUZZ_TARGET_DIR       build directory (default fuzz/target), e.g. /work/target-fuzz
#   FUZZ_STOP_AT_FIRST=1  stop at the first finding instead of recording it and going on
#   WP_FUZZ_SKIP          kinds of check to skip from the start (comma-separated)
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-120}
target=${2:-load}
case $seconds in '' | *[!0-9]*) echo "SECONDS must be a whole number, got '$seconds'" >&2; exit 2 ;; esac
case $target in load | document | url | all) ;; *) echo "TARGET must be load, document, url or all, got '$target'" >&2; exit 2 ;; esac
if [[ $target == all ]]; then
    failed=0
    "$0" $((seconds / 2)) load || failed=1
    "$0" $((seconds / 3)) document || failed=1
    "$0" $((seconds - seconds / 2 - seconds / 3)) url || failed=1
    exit "$failed"
fi

cargo_fuzz_version=0.13.2
export PATH="$HOME/.cargo/bin:$PATH"
if [[ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $cargo_fuzz_version" ]]; then
    echo "Installing cargo-fuzz $cargo_fuzz_version from crates.io..."
    cargo install cargo-fuzz --version "=$cargo_fuzz_version" --locked
fi

export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$root/fuzz/target}"
sanitizer=${FUZZ_SANITIZER:-none}
# Only the stable toolchain is installed. Without a sanitizer cargo-fuzz passes stable flags
# only; -Zsanitizer needs RUSTC_BOOTSTRAP, which unlocks it on stable.
[[ $sanitizer == none ]] || export RUSTC_BOOTSTRAP=1
flags=(--debug-assertions --sanitizer "$sanitizer" --fuzz-dir "$root/fuzz")

echo "Building fuzz target '$target' (sanitizer: $sanitizer)..."
cargo fuzz build "${flags[@]}" "$target"

corpus=$root/fuzz/corpus/$target
artifacts=$root/fuzz/artifacts/$target
mkdir -p "$corpus" "$artifacts"
# Seeds up to 1 MB: the generated benchmark files (tests/fixtures/bench-*.json) would only slow it.
seed() { for file in "$@"; do [[ -f $file && $(stat -c %s "$file") -le 1048576 ]] && cp -n "$file" "$corpus/" || true; done; }
dict=()
case $target in
    load)
        seed tests/fixtures/*.json public/data/*.json fuzz/seeds/load/* tests/fixtures/fuzz/*
        dict=(-dict="$root/fuzz/load.dict")
        ;;
    url)
        seed fuzz/seeds/url/*
        dict=(-dict="$root/fuzz/url.dict")
        ;;
    document) ;; # its input is not text: libFuzzer starts from nothing and grows its own corpus
esac

# libFuzzer stops at the first finding. The loop records it, skips that kind of check from then
# on (WP_FUZZ_SKIP; the fuzz targets name each check's kind) and restarts on the grown corpus
# until the time is up, so one easy finding does not hide the others. A panic in the code itself
# (no kind) cannot be skipped: it ends the run when it comes back.
skip=${WP_FUZZ_SKIP:-}
binary=$CARGO_TARGET_DIR/x86_64-unknown-linux-gnu/release/$target
log=$root/fuzz/artifacts/$target-last-run.log
: >"$log"
deadline=$((SECONDS + seconds))
executions=0
findings=()
echo "Fuzzing '$target' for $seconds s; log in ${log#"$root"/}"
while ((SECONDS < deadline)); do
    marker=$(mktemp)
    run_log=$(mktemp)
    set +e
    WP_FUZZ_SKIP=$skip "$binary" "$corpus" -max_total_time=$((deadline - SECONDS)) "${dict[@]}" \
        -max_len=65536 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$artifacts/" \
        -print_final_stats=1 >"$run_log" 2>&1
    status=$?
    set -e
    cat "$run_log" >>"$log"
    ran=$(grep -a 'stat::number_of_executed_units' "$run_log" | grep -oE '[0-9]+$' || echo 0)
    rm -f "$run_log"
    executions=$((executions + ran))
    reproducer=$(find "$artifacts" -type f -newer "$marker" | head -1)
    rm -f "$marker"
    if [[ -z $reproducer ]]; then
        ((status == 0)) || { echo "libFuzzer failed (status $status) without a reproducer; see the log" >&2; exit "$status"; }
        break
    fi
    # Replay the reproducer for its panic message: "[kind] detail" from a check, else the code's own.
    reason=$(WP_FUZZ_SKIP=$skip "$binary" "$reproducer" 2>&1 | grep -a -A1 -m1 'panicked at' | tail -1 | cut -c1-200 || true)
    findings+=("${reason:-${reproducer##*/} (no panic: a timeout or out of memory)}"$'\n'"      ${reproducer#"$root"/}")
    kind=$(sed -nE 's/^\[([a-z0-9-]+)\].*/\1/p' <<<"$reason")
    if [[ -n $kind && ",$skip," != *",$kind,"* ]]; then
        skip=${skip:+$skip,}$kind
    elif grep -qxF -- "$reason" <<<"${seen:-}"; then
        echo "The same finding came back; stopping early." >&2
        break
    fi
    seen=${seen:-}$reason$'\n'
    [[ ${FUZZ_STOP_AT_FIRST:-0} == 1 ]] && break
done

elapsed=$((seconds - (deadline - SECONDS)))
last=$(grep -aE '^#[0-9]+' "$log" | tail -1 || true)
coverage=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
features=$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$last")
echo
echo "== Summary: target '$target', ${elapsed} s, sanitizer $sanitizer, checks ${WP_FUZZ_CHECKS:-all}"
echo "executions: $executions ($((executions / (elapsed > 0 ? elapsed : 1))) per second)"
echo "coverage: ${coverage:-?} edges, ${features:-?} features; corpus: $(find "$corpus" -type f | wc -l) inputs"
if ((${#findings[@]} == 0)); then
    echo "findings: none"
else
    echo "findings: ${#findings[@]} (reproducers in ${artifacts#"$root"/}/; skipped kinds after: ${skip:-none})"
    printf '  - %s\n' "${findings[@]}"
    exit 1
fi
