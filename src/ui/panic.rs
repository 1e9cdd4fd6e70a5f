//! The last line of defence: if the app ever panics, say so on the page instead of freezing.
//!
//! A panic in WebAssembly stops the app for good, so the hook writes a plain message into the
//! `#panic-message` element that `index.html` ships hidden, and logs the details to the console.

use wasm_bindgen::JsCast;

/// Installs the hook; call once, before mounting.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_message(&info.to_string());
    }));
}

fn show_message(details: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(panel) = document.get_element_by_id("panic-message") else { return };
    if let Some(detail) = document.get_element_by_id("panic-detail") {
        detail.set_text_content(Some(details));
    }
    if let Ok(panel) = panel.dyn_into::<web_sys::HtmlElement>() {
        panel.set_hidden(false);
    }
}

/// Panics on purpose, so the browser tests can prove, on the real release build, that a panic
/// shows the message instead of a dead page. Reachable only from the page's own scripts
/// (`window.wasmBindings.diagnosticPanic()`), which can already break the page anyway.
#[allow(clippy::panic)] // The whole point of this function.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = diagnosticPanic)]
pub fn diagnostic_panic() {
    panic!("diagnostic panic requested by the page (used by the browser tests)");
}
