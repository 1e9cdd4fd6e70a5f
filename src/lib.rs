//! Whole Place: an in-browser explorer of all public spending in an area, sliced by Place,
//! audience, activity and agency. The [`domain`] is pure Rust; the `ui` shell (wasm32 only)
//! wires it to Leptos signals and the page.

pub mod domain;

#[cfg(target_arch = "wasm32")]
pub mod ui;
