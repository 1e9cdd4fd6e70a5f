//! The page's side of the loader Web Worker (`src/worker.rs`: the app's own WebAssembly,
//! instantiated in a module worker by `public/loader-worker.js`): asks it for a data file (an address, or a file from the reader's
//! computer), passes on its progress, and turns its answer into a [`Loaded`] from the
//! [`handoff`] bytes. The page's own WebAssembly never holds the raw file.
//!
//! The shipped dataset a link opens is requested by `public/boot.js` before this app has even
//! downloaded (`window.wholePlaceEarlyLoad`); a request for that same address adopts that
//! worker and the messages it has already sent, so the file downloads once.

use crate::domain::freshness::Freshness;
use crate::domain::handoff;
use crate::domain::load::Loaded;
use crate::messages::{describe, object, text};
use crate::ui::fetch::FetchError;
use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

/// The worker's script, relative to the page (Trunk copies it from `public/`).
const WORKER_SCRIPT: &str = "loader-worker.js";

/// The same, for an embedded page: marked so the service worker (`public/sw.js`), if one
/// controls the page, stores nothing for it (`public/boot.js` does the same).
const WORKER_SCRIPT_EMBEDDED: &str = "loader-worker.js?embed=1";

/// The global `public/boot.js` leaves when it has started loading the link's shipped dataset:
/// `{url, worker, messages, listener}`.
const EARLY_LOAD: &str = "wholePlaceEarlyLoad";

/// The global `public/boot.js` leaves with the app's code for workers: `{glue, module}` (the
/// address of the JavaScript bindings and the compiled `WebAssembly.Module`).
const CODE: &str = "wholePlaceCode";

/// How far loading has got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Bytes of the file received so far.
    pub bytes: u64,
    /// The file's size, when known (0 otherwise).
    pub total: u64,
    /// Facts read so far (0 while downloading).
    pub facts: u64,
    /// Whether the whole file has arrived (reading it is next).
    pub downloaded: bool,
}

/// What to load.
pub enum Request {
    /// A data file's address (relative to the page, or absolute).
    Address(String),
    /// A file the reader chose on their own computer.
    File(web_sys::File),
}

/// A loaded file, the address the response came from after any redirects (empty for a local
/// file), and what its headers said about its version and fetch time.
pub struct Answer {
    /// The loaded file.
    pub loaded: Arc<Loaded>,
    /// The response's final address.
    pub final_url: String,
    /// `Last-Modified`, `Date`, and whether it is a saved copy served offline.
    pub freshness: Freshness,
}

/// Loads `request` in the worker, calling `on_progress` as bytes and facts are read.
///
/// # Errors
/// [`FetchError`] when the file could not be fetched or read, or the worker's answer could not
/// be read (a worker from another build).
pub async fn load(request: Request, on_progress: impl Fn(Progress) + 'static) -> Result<Answer, FetchError> {
    mark("wp-fetch-start", None);
    let address = match &request {
        Request::Address(address) => absolute(address).unwrap_or_else(|| address.clone()),
        Request::File(file) => file.name(),
    };
    let early = match &request {
        Request::Address(_) => adopt_early(&address),
        Request::File(_) => None,
    };
    let (worker, early) = match early {
        Some((worker, early)) => (worker, Some(early)),
        None => match start_worker() {
            Ok(worker) => (worker, None),
            Err(error) => return Err(failure(&request, &address, &failed("network", &describe(&error)))),
        },
    };

    let resolve_slot: Rc<RefCell<Option<Function>>> = Rc::default();
    let answer = Promise::new(&mut |resolve, _reject| {
        *resolve_slot.borrow_mut() = Some(resolve);
    });
    let finish = {
        let slot = resolve_slot.clone();
        move |data: &JsValue| {
            if let Some(resolve) = slot.borrow_mut().take() {
                let _ = resolve.call1(&JsValue::NULL, data);
            }
        }
    };
    let downloaded_marked = RefCell::new(false);
    let on_message = Closure::<dyn FnMut(JsValue)>::new({
        let finish = finish.clone();
        move |value: JsValue| {
            let data = match value.dyn_ref::<MessageEvent>() {
                Some(event) => event.data(),
                None => value,
            };
            match text(&data, "type").as_deref() {
                Some("progress") => {
                    let progress = Progress {
                        bytes: number(&data, "bytes"),
                        total: number(&data, "total"),
                        facts: number(&data, "facts"),
                        downloaded: Reflect::get(&data, &"downloaded".into()).ok().and_then(|d| d.as_bool())
                            == Some(true),
                    };
                    if progress.downloaded && !downloaded_marked.replace(true) {
                        mark("wp-fetched", None);
                    }
                    on_progress(progress);
                }
                Some("loaded" | "failed") => finish(&data),
                _ => {}
            }
        }
    });
    let on_error = Closure::<dyn FnMut(JsValue)>::new({
        let finish = finish.clone();
        move |_: JsValue| finish(&failed("network", "the loader worker could not start"))
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let handler: &Function = on_message.as_ref().unchecked_ref();
    match early {
        Some(early) => {
            // The worker may have finished before the app started: its answer is then handled
            // in a task of its own, not in the one that started the app (no long task).
            next_task().await;
            let _ = Reflect::set(&early, &"listener".into(), handler);
            if let Ok(messages) = Reflect::get(&early, &"messages".into()).and_then(|m| m.dyn_into::<Array>()) {
                for message in messages.iter() {
                    let _ = handler.call1(&JsValue::NULL, &message);
                }
            }
        }
        None => {
            worker.set_onmessage(Some(handler));
            let message = match &request {
                Request::Address(_) => object(&[("type", "fetch".into()), ("url", address.clone().into())]),
                Request::File(file) => object(&[("type", "file".into()), ("file", file.into())]),
            };
            if let Err(error) = worker.post_message(&message) {
                finish(&failed("network", &describe(&error)));
            }
        }
    }
    let data = JsFuture::from(answer).await.unwrap_or(JsValue::UNDEFINED);
    worker.terminate();
    drop((on_message, on_error));

    if text(&data, "type").as_deref() != Some("loaded") {
        return Err(failure(&request, &address, &data));
    }
    let payload = Reflect::get(&data, &"payload".into())
        .ok()
        .and_then(|p| p.dyn_into::<Uint8Array>().ok())
        .map(|p| p.to_vec())
        .unwrap_or_default();
    let loaded =
        handoff::decode(&payload).map_err(|error| FetchError::Handoff { address: address.clone(), detail: error.0 })?;
    mark("wp-parsed", None);
    let detail = object(&[
        ("workerMemoryBytes", Reflect::get(&data, &"workerMemoryBytes".into()).unwrap_or_default()),
        ("bytes", Reflect::get(&data, &"bytes".into()).unwrap_or_default()),
        ("facts", Reflect::get(&data, &"facts".into()).unwrap_or_default()),
        ("handoffBytes", (payload.len() as f64).into()),
    ]);
    mark("wp-loaded", Some(&detail));
    let header = |key| text(&data, key).filter(|value| !value.is_empty());
    let freshness = Freshness {
        last_modified: header("lastModified"),
        fetched: header("date"),
        saved: Reflect::get(&data, &"saved".into()).ok().and_then(|s| s.as_bool()) == Some(true),
    };
    Ok(Answer { loaded: Arc::new(loaded), final_url: text(&data, "finalUrl").unwrap_or_default(), freshness })
}

/// A new loader worker, given the app's compiled code (`window.wholePlaceCode`, left by
/// `public/boot.js`), so it downloads and compiles nothing.
fn start_worker() -> Result<Worker, JsValue> {
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let embedded = window.location().search().is_ok_and(|search| crate::domain::url::read(&search).state.embed);
    let worker = Worker::new_with_options(if embedded { WORKER_SCRIPT_EMBEDDED } else { WORKER_SCRIPT }, &options)?;
    let code = Reflect::get(&window, &CODE.into())?;
    let glue = Reflect::get(&code, &"glue".into())?;
    let module = Reflect::get(&code, &"module".into())?;
    worker.post_message(&object(&[("type", "code".into()), ("glue", glue), ("module", module)]))?;
    Ok(worker)
}

/// Resolves in a later task of the event loop (`setTimeout(0)`).
async fn next_task() {
    let promise = Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window().is_some_and(|w| w.set_timeout_with_callback(&resolve).is_ok());
        if !scheduled {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The worker `public/boot.js` started for this address, if it did and no one has taken it.
fn adopt_early(address: &str) -> Option<(Worker, JsValue)> {
    let window = web_sys::window()?;
    let early = Reflect::get(&window, &EARLY_LOAD.into()).ok().filter(|e| e.is_object())?;
    if text(&early, "url").as_deref() != Some(address) {
        return None;
    }
    // Taken once: a later load of the same address (after an error, say) starts afresh.
    let _ = Reflect::delete_property(&window, &EARLY_LOAD.into());
    let worker = Reflect::get(&early, &"worker".into()).ok()?.dyn_into::<Worker>().ok()?;
    Some((worker, early))
}

/// The error a `failed` message (or no answer) stands for.
fn failure(request: &Request, address: &str, data: &JsValue) -> FetchError {
    let detail = text(data, "detail").unwrap_or_default();
    match (text(data, "kind").as_deref(), request) {
        (Some("interrupted"), Request::Address(_)) => {
            FetchError::Interrupted { address: address.to_owned(), received: number(data, "bytes"), detail }
        }
        (Some("status"), _) => FetchError::Status {
            address: address.to_owned(),
            code: u16::try_from(number(data, "status")).unwrap_or_default(),
            text: text(data, "statusText").unwrap_or_default(),
        },
        (_, Request::File(_)) => FetchError::Unreadable { name: address.to_owned(), detail },
        // Offline (`navigator.onLine` is false): the fault is the connection, not the address or
        // the other site's CORS setting.
        _ if web_sys::window().is_some_and(|w| !w.navigator().on_line()) => {
            FetchError::Offline { address: address.to_owned() }
        }
        _ => FetchError::Network { address: address.to_owned(), detail },
    }
}

fn failed(kind: &str, detail: &str) -> JsValue {
    object(&[("type", "failed".into()), ("kind", kind.into()), ("detail", detail.into())])
}

/// `address` resolved against the page, as the worker (and boot.js) will fetch it.
fn absolute(address: &str) -> Option<String> {
    let page = web_sys::window()?.location().href().ok()?;
    web_sys::Url::new_with_base(address, &page).ok().map(|url| url.href())
}

/// A whole, non-negative number field (0 when absent).
fn number(object: &JsValue, key: &str) -> u64 {
    let value = Reflect::get(object, &key.into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    // Counts of bytes and facts: whole numbers far below 2^53, never money.
    if value.is_finite() && value >= 0.0 { value as u64 } else { 0 }
}

/// A `performance.mark` for the benchmark, with a `detail` when given (called through
/// `Reflect`: web-sys has `PerformanceMarkOptions` only among its unstable APIs).
fn mark(name: &str, detail: Option<&JsValue>) {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else { return };
    let options = object(&[("detail", detail.cloned().unwrap_or(JsValue::NULL))]);
    if let Ok(mark) = Reflect::get(&performance, &"mark".into()).and_then(|m| m.dyn_into::<Function>()) {
        let _ = mark.call2(&performance, &name.into(), &options);
    }
}
