//! The plain JavaScript objects the loader worker and the page exchange (`src/worker.rs`,
//! `src/ui/loader.rs`), and the browser's words for an error. Shared by both builds.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// An object with these entries, e.g. `{type: "progress", bytes: 1024}`.
pub fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in entries {
        let _ = Reflect::set(&object, &(*key).into(), value);
    }
    object.into()
}

/// A text field of a message, if it is text.
pub fn text(object: &JsValue, key: &str) -> Option<String> {
    Reflect::get(object, &key.into()).ok().and_then(|v| v.as_string())
}

/// The browser's own words for a failure (an `Error`'s message, or a thrown string).
pub fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_default()
}
