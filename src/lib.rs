//! Whole Place: an in-browser explorer of all public spending in an area, sliced by Place,
//! audience, activity and agency. The [`domain`] is pure Rust; the `ui` shell (wasm32 only)
//! wires it to Leptos signals and the page.

pub mod domain;

/// Deterministic pseudo-random numbers, for the sample-data generator and property tests.
pub mod rng;

#[cfg(not(target_arch = "wasm32"))]
pub mod generator;

#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub mod messages;

/// The loader Web Worker: the same WebAssembly, instantiated in a worker (`load_from`).
#[cfg(target_arch = "wasm32")]
pub mod worker;

/// Converters from published CSV returns to format 1.1 files (native only: the app never parses CSV).
#[cfg(not(target_arch = "wasm32"))]
pub mod convert;
