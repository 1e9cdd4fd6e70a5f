//! The loader Web Worker's binary (`src/worker.rs` holds its code; `public/loader-worker.js`
//! starts it). Natively there is nothing to run.

#[cfg(all(target_arch = "wasm32", not(feature = "ui")))]
use whole_place as _;

fn main() {}
