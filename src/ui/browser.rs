//! What the shell reads from the browser and hands to it, shared by the panels that share,
//! print and download: the page's own address, today's date, and files handed over as downloads.
//! The files themselves are built by the domain.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::{Closure, JsValue};

/// The page's own address without its query (`https://example.org/explorer/`), so a link,
/// printout or QR code opens the page it was made on.
pub fn page_address() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return String::new() };
    format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default())
}

/// Today's date (UTC), ISO 8601: the shell reads the clock, the domain is given the text.
pub fn today() -> String {
    let iso: String = js_sys::Date::new_0().to_iso_string().into();
    iso.chars().take(10).collect()
}

/// Hands a blob to the browser as a download called `name`.
pub fn save_blob(blob: &web_sys::Blob, name: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(address) = web_sys::Url::create_object_url_with_blob(blob) else { return };
    if let Ok(anchor) = document.create_element("a").map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>()) {
        anchor.set_href(&address);
        anchor.set_download(name);
        // A detached anchor: the click reaches no listener of the page (nor the router).
        anchor.click();
    }
    // Revoked after the click has been handled, so the download has started.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&address);
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    }
}

/// Text of type `mime` as a download called `name`.
pub fn save_text(text: &str, mime: &str, name: &str) {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) {
        save_blob(&blob, name);
    }
}
