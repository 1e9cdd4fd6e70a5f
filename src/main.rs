//! Entry point: in the browser, mount the app; natively, explain how to run it.

#[cfg(all(target_arch = "wasm32", feature = "ui"))]
fn main() {
    whole_place::ui::start();
}

/// Built without the page (`--no-default-features`), this binary has nothing to start.
#[cfg(all(target_arch = "wasm32", not(feature = "ui")))]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Whole Place runs in the browser: see README.md (tools/serve.sh builds and serves it).");
    std::process::exit(2);
}
