//! Shipped datasets for the domain's unit tests (test builds only).

use crate::domain::load::load;
use crate::domain::model::Dataset;

/// The made-up 18-Place dataset shipped in `public/data/`, loaded.
pub fn illustrative() -> Dataset {
    let bytes = include_bytes!("../../public/data/shropshire-illustrative-2011-12.json");
    load(bytes).dataset.map(|d| (*d).clone()).unwrap_or_default()
}
