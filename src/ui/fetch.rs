//! Fetching a data file and handing its bytes to the pure loader, with timing marks.
//!
//! The bytes go straight from the response to `serde_json` (no JavaScript string in between),
//! and `performance.mark`s let the benchmark read fetch and parse times from the page.

use crate::domain::load::{self, Loaded};
use gloo_net::http::Request;
use std::sync::Arc;

/// Why no data could be fetched. Each variant occurs when the request fails in that way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// Occurs when the request never got an answer (offline, blocked, bad address, CORS).
    Network(String),
    /// Occurs when the server answered with an error status such as 404.
    Status(u16, String),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Network(detail) => write!(
                f,
                "The data file could not be fetched. Check the address and your connection; a file on \
                 another site must allow cross-site requests (CORS). Detail: {detail}"
            ),
            FetchError::Status(404, _) => f.write_str("There is no data file at this address (404 Not Found)."),
            FetchError::Status(code, text) => write!(f, "The server refused the data file: {code} {text}."),
        }
    }
}

fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Fetches and loads the dataset at `address`.
pub async fn fetch_dataset(address: String) -> Result<Arc<Loaded>, FetchError> {
    mark("wp-fetch-start");
    let response = Request::get(&address).send().await.map_err(|e| FetchError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(FetchError::Status(response.status(), response.status_text()));
    }
    let bytes = response.binary().await.map_err(|e| FetchError::Network(e.to_string()))?;
    mark("wp-fetched");
    let loaded = load::load(&bytes);
    mark("wp-parsed");
    Ok(Arc::new(loaded))
}
