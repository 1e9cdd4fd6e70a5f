//! Replays every file in tests/fixtures/fuzz/ (the fuzzer's reproducers and hand-made nasty
//! inputs) through the same checks as the fuzz targets (fuzz/src/lib.rs): no panic, every
//! problem counted, with a message and a location inside the file, a consistent dataset, the
//! same result twice, and slices and two-way tables that add up for a handful of queries.
//! docs/fuzzing.md says how a new reproducer gets here.

// Test helpers unwrap and panic freely: a panic here is a failing test, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// One copy of the checks for the fuzzer and this test; not every helper is used by both.
#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod checks;

use checks::{Checks, check_all, check_deterministic, check_url};
use std::panic;
use std::path::Path;

/// Findings not fixed yet: (file in tests/fixtures/fuzz/, kind of check it breaks first, as in
/// the `[kind]` its panic starts with; `panic` for a panic of the code itself). The test fails
/// when such a file starts to pass, so the entry is removed with the fix and the file keeps
/// guarding against the fault's return.
const OPEN: &[(&str, &str)] = &[];

/// Everything the load fuzz target does with one input; `Err` holds the panic message.
fn replay(bytes: &[u8]) -> Result<(), String> {
    panic::catch_unwind(|| {
        let checks = Checks::all();
        let state = check_url(&String::from_utf8_lossy(bytes), &checks);
        let loaded = check_all(bytes, &[state.query], &checks);
        check_deterministic(bytes, &loaded, &checks);
    })
    .map_err(|payload| {
        let text = payload.downcast_ref::<String>().cloned();
        text.or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned())).unwrap_or_default()
    })
}

#[test]
fn every_fuzz_fixture_keeps_every_property() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 10, "found the fuzz fixtures in {dir:?}");

    // Expected failures would print their panics; this binary has one test, so the hook is ours.
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let results: Vec<(String, Result<(), String>)> = files
        .iter()
        .map(|file| (file.file_name().unwrap().to_string_lossy().into_owned(), replay(&std::fs::read(file).unwrap())))
        .collect();
    panic::set_hook(hook);

    let mut wrong = Vec::new();
    for (name, result) in &results {
        let open = OPEN.iter().find(|(file, _)| file == name).map(|(_, kind)| *kind);
        match (open, result) {
            (None, Ok(())) => {}
            (None, Err(message)) => wrong.push(format!("{name}: {message}")),
            (Some("panic"), Err(message)) if !message.starts_with('[') => {}
            (Some(kind), Err(message)) if message.starts_with(&format!("[{kind}]")) => {}
            (Some(kind), Err(message)) => wrong.push(format!("{name}: expected the open [{kind}], got: {message}")),
            (Some(kind), Ok(())) => wrong.push(format!("{name}: [{kind}] is fixed; remove it from OPEN")),
        }
    }
    for (file, _) in OPEN {
        if !results.iter().any(|(name, _)| name == file) {
            wrong.push(format!("OPEN names {file}, which is not in {dir:?}"));
        }
    }
    assert!(wrong.is_empty(), "{} of {} fuzz fixtures:\n{}", wrong.len(), results.len(), wrong.join("\n"));
}
