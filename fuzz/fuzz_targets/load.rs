//! Fuzz target: any bytes as a data file. Loading must not panic and must keep every property of
//! `whole_place_fuzz` (located problems, a consistent dataset, the same result twice); whatever
//! loads is then sliced by a handful of queries, plus the query the same bytes spell as a URL,
//! and must add up.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use whole_place_fuzz::{Checks, check_all, check_deterministic, check_url};

/// Read once, not per input (`Checks::from_env`).
fn checks() -> &'static Checks {
    static CHECKS: OnceLock<Checks> = OnceLock::new();
    CHECKS.get_or_init(Checks::from_env)
}

fuzz_target!(|bytes: &[u8]| {
    let checks = checks();
    let state = check_url(&String::from_utf8_lossy(bytes), checks);
    let loaded = check_all(bytes, &[state.query], checks);
    check_deterministic(bytes, &loaded, checks);
});
