//! The hand-off from the loader worker to the page: a [`Loaded`] (the validated dataset, its
//! tuples already summed, and every problem found) as compact bytes (`postcard`), so the page
//! never holds the raw file, only what it shows.

use crate::domain::load::Loaded;
use crate::domain::model::Dataset;
use crate::domain::problem::Problems;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Why the page could not read what the worker sent. Occurs only when the worker and the page
/// come from different builds (a cached worker after an update), or the message was cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoffError(pub String);

impl std::fmt::Display for HandoffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the loaded data could not be handed to the page ({})", self.0)
    }
}

/// What travels: the format is private to one build (worker and page are built together).
#[derive(Serialize, Deserialize)]
struct Wire {
    dataset: Option<Dataset>,
    problems: Problems,
}

/// The bytes for `loaded` (a few hundred kilobytes for the shipped datasets).
pub fn encode(loaded: &Loaded) -> Vec<u8> {
    let wire = WireRef { dataset: loaded.dataset.as_deref(), problems: &loaded.problems };
    // Serialising owned, in-memory values to a Vec cannot fail; an empty result would be
    // refused by `decode` with a message rather than shown as an empty dataset.
    postcard::to_allocvec(&wire).unwrap_or_default()
}

/// The [`Loaded`] the bytes hold.
///
/// # Errors
/// [`HandoffError`] when the bytes are not what [`encode`] of this build writes.
pub fn decode(bytes: &[u8]) -> Result<Loaded, HandoffError> {
    let wire: Wire = postcard::from_bytes(bytes).map_err(|e| HandoffError(e.to_string()))?;
    Ok(Loaded { dataset: wire.dataset.map(Arc::new), problems: wire.problems })
}

/// [`Wire`] by reference, so encoding does not copy the dataset.
#[derive(Serialize)]
struct WireRef<'a> {
    dataset: Option<&'a Dataset>,
    problems: &'a Problems,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::load::load;

    #[test]
    fn shipped_datasets_and_broken_files_survive_the_handoff_unchanged() {
        let files: [&[u8]; 4] = [
            include_bytes!("../../public/data/shropshire-published-2010-11-to-2017-18.json"),
            include_bytes!("../../public/data/shropshire-illustrative-2011-12.json"),
            b"{\"format_version\":\"1.0\",\"facts\":[{\"amount\":\"1e3\"}]}",
            b"not json",
        ];
        for bytes in files {
            let loaded = load(bytes);
            let back = decode(&encode(&loaded));
            // Not assert_eq!: a failure would print two whole datasets.
            assert!(back.as_ref() == Ok(&loaded), "{:?}", back.err());
        }
    }

    #[test]
    fn bytes_from_another_build_are_refused_with_a_message() {
        let error = decode(&[0xff, 0xff, 0xff]).err();
        assert!(error.is_some_and(|e| e.to_string().starts_with("the loaded data could not be handed")));
    }
}
