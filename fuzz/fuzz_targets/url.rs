//! Fuzz target: any text as the address's query string. Parsing never fails and reads back what
//! it writes; the query it gives, run on the hand-made fixture, must add up.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};
use whole_place::domain::load::load;
use whole_place::domain::model::Dataset;
use whole_place_fuzz::{Checks, check_breakdown, check_url};

/// The fixture and the checks, made once, not per input.
fn setup() -> &'static (Option<Arc<Dataset>>, Checks) {
    static SETUP: OnceLock<(Option<Arc<Dataset>>, Checks)> = OnceLock::new();
    SETUP.get_or_init(|| (load(include_bytes!("../../tests/fixtures/tiny.json")).dataset, Checks::from_env()))
}

fuzz_target!(|text: &str| {
    let (tiny, checks) = setup();
    let state = check_url(text, checks);
    if let Some(dataset) = tiny {
        check_breakdown(dataset, &state.query, checks);
    }
});
