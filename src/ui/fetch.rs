//! Fetching a data file (in the loader worker, `src/ui/loader.rs`) or the site setting, and the
//! errors the page shows when that fails.

use crate::domain::config::{self, ReadConfig};
use crate::domain::freshness::Freshness;
use crate::domain::load::Loaded;
use crate::domain::source::ParsedUrl;
use crate::ui::loader::{self, Progress};
use gloo_net::http::Request;
use std::sync::Arc;
use web_sys::RequestCache;

/// Why no data could be fetched or read. Each variant occurs when loading fails in that way, and
/// each holds the address tried (or the file's name), which the page shows beside the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// Occurs when the request never got an answer (offline, blocked, bad address, CORS).
    Network {
        /// The address tried.
        address: String,
        /// The browser's own words.
        detail: String,
    },
    /// Occurs when the request got no answer while the browser is offline and this device has
    /// no saved copy of the file (the service worker keeps only files shown while online).
    Offline {
        /// The address tried.
        address: String,
    },
    /// Occurs when the download began but broke off (the connection dropped).
    Interrupted {
        /// The address tried.
        address: String,
        /// Bytes received before it broke off.
        received: u64,
        /// The browser's own words.
        detail: String,
    },
    /// Occurs when the server answered with an error status such as 404.
    Status {
        /// The address tried.
        address: String,
        /// The HTTP status code.
        code: u16,
        /// The status text, e.g. "Not Found".
        text: String,
    },
    /// Occurs when a file from the reader's computer could not be read.
    Unreadable {
        /// The file's name.
        name: String,
        /// The browser's own words.
        detail: String,
    },
    /// Occurs when the loader worker read the file but the page could not read its answer (a
    /// part of the explorer cached from another release).
    Handoff {
        /// The address tried, or the local file's name.
        address: String,
        /// What did not match.
        detail: String,
    },
}

impl FetchError {
    /// The address tried, or the local file's name.
    pub fn address(&self) -> &str {
        match self {
            FetchError::Network { address, .. }
            | FetchError::Offline { address }
            | FetchError::Interrupted { address, .. }
            | FetchError::Status { address, .. }
            | FetchError::Handoff { address, .. } => address,
            FetchError::Unreadable { name, .. } => name,
        }
    }

    /// What went wrong and what to do, without the address (shown beside it).
    pub fn message(&self) -> String {
        match self {
            FetchError::Network { detail, .. } => format!(
                "The data file could not be fetched. Check the address and your connection; a file on \
                 another site must allow cross-site requests (CORS). Detail: {detail}"
            ),
            FetchError::Offline { .. } => "This device is offline, and this data file was not saved on it: \
                 the explorer keeps a copy only of data it has shown while online. Connect to the internet and \
                 reload, or open data shown here before."
                .to_owned(),
            FetchError::Interrupted { received, detail, .. } => format!(
                "The download stopped part way, after {} of the file had arrived: the connection may have \
                 dropped. Reload the page to try again. Detail: {detail}",
                crate::domain::format::megabytes(*received)
            ),
            FetchError::Status { code: 404, .. } => "There is no data file at this address (404 Not Found).".to_owned(),
            FetchError::Status { code, text, .. } => format!("The server refused the data file: {code} {text}."),
            FetchError::Handoff { detail, .. } => format!(
                "The file was read, but the page could not take the figures from the part of the explorer that \
                 reads files: the two may come from different releases. Reload the page. Detail: {detail}"
            ),
            FetchError::Unreadable { detail, .. } => {
                format!(
                    "The file from your computer could not be read. Choose it again, or check that it is a file and not a folder. Detail: {detail}"
                )
            }
        }
    }
}

/// The browser's own URL parser (`new URL(address, base)`), the very one `fetch` uses, for the
/// pure decisions in `domain::source` and `domain::config`. `None` when it does not parse.
pub fn browser_parse(address: &str, base: Option<&str>) -> Option<ParsedUrl> {
    let url = match base {
        Some(base) => web_sys::Url::new_with_base(address, base),
        None => web_sys::Url::new(address),
    }
    .ok()?;
    let protocol = url.protocol();
    let port = url.port();
    Some(ParsedUrl {
        href: url.href(),
        scheme: protocol.strip_suffix(':').unwrap_or(&protocol).to_owned(),
        has_credentials: !url.username().is_empty() || !url.password().is_empty(),
        host: url.hostname(),
        // Empty means the scheme's default port; anything else is a number the parser checked.
        port: if port.is_empty() { None } else { Some(port.parse().ok()?) },
    })
}

/// A fetched and loaded dataset, with the address the response really came from (after any
/// redirects; empty if the browser does not say), which the page checks again.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The loaded file.
    pub loaded: Arc<Loaded>,
    /// The response's final address.
    pub final_url: String,
    /// What the response's headers said about the file's version and fetch time.
    pub freshness: Freshness,
}

/// Fetches and loads the dataset at `address` in the loader worker, reporting progress.
pub async fn fetch_dataset(address: String, on_progress: impl Fn(Progress) + 'static) -> Result<Fetched, FetchError> {
    let answer = loader::load(loader::Request::Address(address), on_progress).await?;
    Ok(Fetched { loaded: answer.loaded, final_url: answer.final_url, freshness: answer.freshness })
}

/// Fetches the site setting, never from a cache, so a hand edit takes effect on the next visit.
/// Never fails: a missing or broken file gives the safe default with a note.
pub async fn fetch_config() -> ReadConfig {
    let response = match Request::get(config::CONFIG_PATH).cache(RequestCache::NoStore).send().await {
        Ok(response) => response,
        Err(_) => return config::missing("the request failed"),
    };
    if !response.ok() {
        return config::missing(&format!("{} {}", response.status(), response.status_text()));
    }
    match response.binary().await {
        Ok(bytes) => config::read(&bytes, &browser_parse),
        Err(_) => config::missing("the response could not be read"),
    }
}

/// Reads a file the reader chose on their own computer and loads it, in the loader worker. The
/// bytes never leave the browser.
pub async fn read_local_file(
    file: web_sys::File,
    on_progress: impl Fn(Progress) + 'static,
) -> Result<Arc<Loaded>, FetchError> {
    Ok(loader::load(loader::Request::File(file), on_progress).await?.loaded)
}
