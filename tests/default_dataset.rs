//! The shipped dataset: it is exactly the generator's output, loads without a single problem,
//! and answers the question the project was founded on.

// Test helpers unwrap freely: a panic here is a failing test, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use whole_place::domain::aggregate::aggregate;
use whole_place::domain::load::load;
use whole_place::domain::model::{Dim, Status};
use whole_place::domain::url;
use whole_place::generator;

const SHIPPED: &str = include_str!("../public/data/shropshire-illustrative-2011-12.json");

#[test]
fn shipped_file_is_the_generators_output() {
    // If this fails, run: cargo run --example generate -- --out public/data/shropshire-illustrative-2011-12.json
    assert!(SHIPPED == generator::default_dataset_json(), "the shipped dataset is stale");
}

#[test]
fn shipped_file_loads_cleanly_and_is_labelled_illustrative() {
    let loaded = load(SHIPPED.as_bytes());
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let dataset = loaded.dataset.unwrap();
    assert_eq!(dataset.metadata.status, Status::Illustrative);
    assert_eq!(dataset.dim(Dim::Place).len(), 18);
    let people: u64 = dataset.dim(Dim::Place).iter().filter_map(|(_, p)| p.population).sum();
    assert_eq!(people, 320_000);
    assert!((2_000..5_000).contains(&dataset.n_facts()), "{} facts", dataset.n_facts());
    assert!(
        dataset.facts.iter().any(|f| f.amount < whole_place::domain::money::Amount::ZERO),
        "income is shown as negative spend"
    );
    for label in ["Ludlow", "Bishop's Castle", "Minsterley and Pontesbury", "Shrewsbury"] {
        assert!(dataset.dim(Dim::Place).iter().any(|(_, p)| p.label == label), "{label}");
    }
}

#[test]
fn the_founding_question_has_an_answer_by_agency() {
    let dataset = load(SHIPPED.as_bytes()).dataset.unwrap();
    let query = url::parse("by=agency&place=ludlow&audience=young-16-19&activity=offender-management").query;
    let breakdown = aggregate(&dataset, &query);
    assert!(breakdown.slices.len() >= 4, "several agencies work on it: {:?}", breakdown.slices);
    assert!(breakdown.total > rust_decimal::Decimal::ZERO);
    assert!(breakdown.unknown_filters.is_empty());
    assert!(breakdown.residents().is_some(), "young people in Ludlow are counted");
}
