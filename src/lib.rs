//! Whole Place: an in-browser explorer of all public spending in an area, sliced by Place,
//! audience, activity and agency. The [`domain`] is pure Rust; the `ui` shell (wasm32 only)
//! wires it to Leptos signals and the page.

pub mod domain;

/// Deterministic pseudo-random numbers, for the sample-data generator and property tests.
pub mod rng;

#[cfg(not(target_arch = "wasm32"))]
pub mod generator;

#[cfg(all(target_arch = "wasm32", feature = "ui"))]
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub mod messages;

/// The loader Web Worker (its own build, without the `ui` feature).
#[cfg(all(target_arch = "wasm32", not(feature = "ui")))]
pub mod worker;

/// Converters from published CSV returns to format 1.1 files (native only: the app never parses CSV).
#[cfg(not(target_arch = "wasm32"))]
pub mod convert;
