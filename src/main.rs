//! Entry point: in the browser, mount the app; natively, explain how to run it.

#[cfg(target_arch = "wasm32")]
fn main() {
    whole_place::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Whole Place runs in the browser: see README.md (tools/serve.sh builds and serves it).");
    std::process::exit(2);
}
