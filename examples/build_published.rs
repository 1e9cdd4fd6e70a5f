//! Rebuilds the published-figures dataset from the extracts in `data/sources/`:
//! `cargo run --example build_published` (run from the crate root). Prints each year's total,
//! its estimated part and the figure per resident to standard error.

use std::path::Path;
use std::process::ExitCode;
use whole_place::convert::shropshire::{self, OUTPUT_PATH, SOURCES_DIR};

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = match shropshire::build(&root.join(SOURCES_DIR)) {
        Ok(doc) => doc,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let json = match whole_place::convert::document::to_json(&doc) {
        Ok(json) => json,
        Err(error) => {
            eprintln!("cannot write JSON: {error}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(error) = std::fs::write(root.join(OUTPUT_PATH), &json) {
        eprintln!("could not write {OUTPUT_PATH}: {error}");
        return ExitCode::FAILURE;
    }
    eprintln!("wrote {OUTPUT_PATH}: {} bytes, {} facts", json.len(), doc.facts.len());
    for year in shropshire::year_totals(&doc) {
        eprintln!(
            "{}: total £{}, estimated £{}, £{} per resident",
            year.period,
            whole_place::convert::grouped(year.total),
            whole_place::convert::grouped(year.estimated),
            whole_place::convert::grouped(year.per_resident)
        );
    }
    ExitCode::SUCCESS
}
