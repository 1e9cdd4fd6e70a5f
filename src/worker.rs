//! The loader Web Worker: the app's own WebAssembly, instantiated a second time in a worker
//! (the page posts it the compiled module, so it is downloaded and compiled once), where it
//! reads a data file's body as it streams in, loads it with [`crate::domain::load`] (facts
//! summed into tuples as they are read), and posts the page the [`crate::domain::handoff`]
//! bytes, never the file. `public/loader-worker.js` starts the download as soon as it is asked,
//! before the module has even arrived, then calls [`load_from`].
//!
//! Messages to the page (plain objects; `src/ui/loader.rs` reads them):
//! - `{type: "progress", bytes, total, facts, downloaded}`: bytes received so far, the file's
//!   size (0 when the server does not say, or compresses it), facts read so far, and whether
//!   the download has finished;
//! - `{type: "loaded", payload: Uint8Array, finalUrl, lastModified, date, saved, bytes, facts,
//!   workerMemoryBytes}`: the hand-off bytes (their buffer transferred), the address the response
//!   came from after any redirects, its `Last-Modified` and `Date` headers ("" when absent or
//!   for a local file), whether it is a saved copy the service worker served offline
//!   (`public/sw.js` marks those `X-Whole-Place-Saved`), the file's size, the facts read, and
//!   this worker's WebAssembly memory at its peak (it never shrinks);
//! - `{type: "failed", kind: "network" | "interrupted" | "status" | "unreadable", status,
//!   statusText, detail, bytes}` (`bytes`: how much had arrived when a download broke off).

use crate::domain::handoff;
use crate::domain::load::{self, incremental::IncrementalLoad};
use crate::messages::{describe, object};
use js_sys::{Array, Reflect, Uint8Array};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, DedicatedWorkerGlobalScope, ReadableStream, ReadableStreamDefaultReader, Response};

/// The most reserved up front from a stated size (1 GiB); beyond it the buffer grows as needed.
const MAX_RESERVE: usize = 1 << 30;

/// Progress messages while downloading: one per this many bytes (plus the last).
const PROGRESS_BYTES: usize = 1 << 20;

/// What the response said about itself, for the page's "which version, fetched when" line
/// (`domain::freshness`). Empty for a local file.
#[derive(Default)]
struct Origin {
    /// The address after any redirects.
    final_url: String,
    /// The `Last-Modified` header.
    last_modified: String,
    /// The `Date` header (kept with a saved copy, so it is when the file was really fetched).
    date: String,
    /// Whether the service worker served a saved copy.
    saved: bool,
}

/// The header `public/sw.js` sets on a saved copy it serves.
const SAVED_HEADER: &str = "x-whole-place-saved";

/// Why no bytes could be read.
enum Failure {
    /// The request never got an answer, or the body broke off.
    Network(String),
    /// The download broke off after this many bytes had arrived.
    Interrupted(usize, String),
    /// The server answered with an error status.
    Status(u16, String),
    /// A file from the reader's computer could not be read.
    Unreadable(String),
}

/// Reads `source` (a promise of a `Response` or of a `File`/`Blob`), loading it as it arrives,
/// and posts the page the result. Never throws: every failure is a `failed` message.
#[wasm_bindgen]
pub async fn load_from(source: js_sys::Promise) {
    let value = match JsFuture::from(source).await {
        Ok(value) => value,
        Err(error) => return post_failure(&Failure::Network(describe(&error))),
    };
    // Bytes received so far and the file's size when known, for the progress the reading
    // reports (every 65,536 facts).
    let received = Rc::new(Cell::new(0usize));
    let total = Rc::new(Cell::new(0usize));
    let progress: load::ProgressHook = {
        let (received, total) = (received.clone(), total.clone());
        Rc::new(move |facts| post_progress(received.get(), total.get(), facts, false))
    };
    let read = match value.dyn_into::<Response>() {
        Ok(response) => read_response(response, progress, &received, &total).await,
        Err(value) => match value.dyn_into::<Blob>() {
            Ok(blob) => read_blob(&blob, progress, &received, &total).await,
            Err(_) => Err(Failure::Unreadable("nothing to read was given".to_owned())),
        },
    };
    let (loading, origin) = match read {
        Ok(read) => read,
        Err(failure) => return post_failure(&failure),
    };
    let n_bytes = loading.len();
    post_progress(n_bytes, n_bytes, loading.facts_read(), true);
    let loaded = loading.finish();
    let facts = loaded.dataset.as_ref().map_or(0, |d| d.n_facts().saturating_add(d.excluded.n_facts as u64)) as f64;
    let payload = Uint8Array::from(handoff::encode(&loaded).as_slice());
    drop(loaded);
    let message = object(&[
        ("type", "loaded".into()),
        ("payload", payload.clone().into()),
        ("finalUrl", origin.final_url.into()),
        ("lastModified", origin.last_modified.into()),
        ("date", origin.date.into()),
        ("saved", origin.saved.into()),
        ("bytes", (n_bytes as f64).into()),
        ("facts", facts.into()),
        ("workerMemoryBytes", memory_bytes().into()),
    ]);
    post(&message, Some(&payload.buffer()));
}

async fn read_response(
    response: Response,
    progress: load::ProgressHook,
    received: &Cell<usize>,
    total: &Cell<usize>,
) -> Result<(IncrementalLoad, Origin), Failure> {
    if !response.ok() {
        return Err(Failure::Status(response.status(), response.status_text()));
    }
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten().unwrap_or_default();
    let origin = Origin {
        final_url: response.url(),
        last_modified: header("last-modified"),
        date: header("date"),
        saved: !header(SAVED_HEADER).is_empty(),
    };
    // The file's size when the server says it and sends it uncompressed, so the buffer is
    // allocated once instead of doubling (which would hold up to twice the file at the peak).
    let expected = match headers.get("content-encoding").ok().flatten() {
        Some(encoding) if encoding != "identity" => 0,
        _ => headers.get("content-length").ok().flatten().and_then(|n| n.parse::<usize>().ok()).unwrap_or(0),
    };
    total.set(expected);
    let mut loading = IncrementalLoad::new(expected.min(MAX_RESERVE), Some(progress));
    match response.body() {
        Some(body) => read_stream(&body, &mut loading, received, expected).await?,
        None => {
            let promise = response.array_buffer().map_err(|e| Failure::Network(describe(&e)))?;
            let buffer = JsFuture::from(promise).await.map_err(|e| Failure::Network(describe(&e)))?;
            loading.push(&Uint8Array::new(&buffer).to_vec());
        }
    }
    Ok((loading, origin))
}

async fn read_blob(
    blob: &Blob,
    progress: load::ProgressHook,
    received: &Cell<usize>,
    total: &Cell<usize>,
) -> Result<(IncrementalLoad, Origin), Failure> {
    let size = blob.size() as usize;
    total.set(size);
    let mut loading = IncrementalLoad::new(size.min(MAX_RESERVE), Some(progress));
    read_stream(&blob.stream(), &mut loading, received, size).await.map_err(|failure| match failure {
        Failure::Network(detail) | Failure::Interrupted(_, detail) => Failure::Unreadable(detail),
        other => other,
    })?;
    Ok((loading, Origin::default()))
}

/// Reads a stream chunk by chunk into the load, which reads each fact as it completes, posting
/// progress as it goes.
async fn read_stream(
    stream: &ReadableStream,
    loading: &mut IncrementalLoad,
    received: &Cell<usize>,
    total: usize,
) -> Result<(), Failure> {
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut reported = 0;
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|e| match loading.len() {
            0 => Failure::Network(describe(&e)),
            received => Failure::Interrupted(received, describe(&e)),
        })?;
        if Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            return Ok(());
        }
        let Ok(value) = Reflect::get(&chunk, &"value".into()).and_then(|v| v.dyn_into::<Uint8Array>()) else {
            return Err(Failure::Network("the download sent something that is not bytes".to_owned()));
        };
        loading.push_with(value.length() as usize, |slot| value.copy_to(slot));
        received.set(loading.len());
        if loading.len() - reported >= PROGRESS_BYTES {
            reported = loading.len();
            post_progress(reported, total, loading.facts_read(), false);
        }
    }
}

fn post_progress(bytes: usize, total: usize, facts: usize, downloaded: bool) {
    post(
        &object(&[
            ("type", "progress".into()),
            ("bytes", (bytes as f64).into()),
            ("total", (total as f64).into()),
            ("facts", (facts as f64).into()),
            ("downloaded", downloaded.into()),
        ]),
        None,
    );
}

fn post_failure(failure: &Failure) {
    let received = match failure {
        Failure::Interrupted(received, _) => *received as f64,
        _ => 0.0,
    };
    let (kind, status, status_text, detail) = match failure {
        Failure::Network(detail) => ("network", 0, "", detail.as_str()),
        Failure::Interrupted(_, detail) => ("interrupted", 0, "", detail.as_str()),
        Failure::Status(status, text) => ("status", *status, text.as_str(), ""),
        Failure::Unreadable(detail) => ("unreadable", 0, "", detail.as_str()),
    };
    post(
        &object(&[
            ("type", "failed".into()),
            ("kind", kind.into()),
            ("status", status.into()),
            ("statusText", status_text.into()),
            ("detail", detail.into()),
            ("bytes", received.into()),
        ]),
        None,
    );
}

fn post(message: &JsValue, transfer: Option<&js_sys::ArrayBuffer>) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let _ = match transfer {
        Some(buffer) => scope.post_message_with_transfer(message, &Array::of1(buffer)),
        None => scope.post_message(message),
    };
}

/// This worker's WebAssembly memory in bytes (its peak: WebAssembly memory never shrinks).
fn memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|memory| memory.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0.0, |buffer| f64::from(buffer.byte_length()))
}
