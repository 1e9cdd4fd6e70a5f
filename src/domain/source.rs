//! Which data file to show: the shipped default, or the `?data=` address if it is allowed.
//!
//! Only `https://` addresses and paths on the page's own site are allowed, so a link cannot make
//! the page fetch from plain `http://` or run a `javascript:` address. The page's origin is
//! passed in, keeping this free of the browser.

/// The data file shipped with the app, relative to the page.
pub const DEFAULT_DATA_PATH: &str = "data/shropshire-illustrative-2011-12.json";

/// Where the data comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// The shipped default dataset.
    Default,
    /// An address from the `data` URL parameter that passed the checks.
    Custom(String),
}

impl DataSource {
    /// The address to fetch.
    pub fn address(&self) -> &str {
        match self {
            DataSource::Default => DEFAULT_DATA_PATH,
            DataSource::Custom(address) => address,
        }
    }
}

/// Why a `data` address was refused. Each variant occurs when the address is of that kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    /// Occurs for `http://` (unencrypted) addresses on another site.
    NotHttps(String),
    /// Occurs for other schemes (`javascript:`, `data:`, `file:`, …) and protocol-relative `//host`.
    NotAllowed(String),
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SourceError::NotHttps(address) => write!(
                f,
                "The data address \"{address}\" uses plain http. Only https:// addresses, or files on this site, can be loaded."
            ),
            SourceError::NotAllowed(address) => write!(
                f,
                "The data address \"{address}\" is not allowed. Use an https:// address, or a path to a file on this site such as data/my-area.json."
            ),
        }
    }
}

/// Checks the `data` parameter. `page_origin` is the page's own origin, e.g.
/// `http://127.0.0.1:8080`, so that absolute addresses on the same site are allowed.
pub fn choose(data_param: Option<&str>, page_origin: &str) -> Result<DataSource, SourceError> {
    let Some(address) = data_param.map(str::trim).filter(|a| !a.is_empty()) else {
        return Ok(DataSource::Default);
    };
    // Browsers drop tabs, newlines and other control characters from addresses before fetching,
    // so "ht\ttp://…" would pass a text check and then fetch over plain http: refuse them all.
    if address.chars().any(char::is_control) {
        return Err(SourceError::NotAllowed(address.escape_debug().to_string()));
    }
    let lower = address.to_ascii_lowercase();
    let same_origin = !page_origin.is_empty()
        && lower.starts_with(&page_origin.to_ascii_lowercase())
        && matches!(address.as_bytes().get(page_origin.len()), None | Some(b'/' | b'?'));
    if lower.starts_with("https://") || same_origin {
        return Ok(DataSource::Custom(address.to_owned()));
    }
    if lower.starts_with("http://") {
        return Err(SourceError::NotHttps(address.to_owned()));
    }
    // A scheme is letters, digits, + - . before a colon that comes before any slash.
    let has_scheme = address.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.contains('/') && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if has_scheme || address.starts_with("//") || address.starts_with("\\\\") || address.contains('\\') {
        return Err(SourceError::NotAllowed(address.to_owned()));
    }
    Ok(DataSource::Custom(address.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_https_and_same_site_only() {
        let origin = "http://127.0.0.1:8080";
        let cases: &[(Option<&str>, Result<DataSource, ()>)] = &[
            (None, Ok(DataSource::Default)),
            (Some(""), Ok(DataSource::Default)),
            (
                Some("https://data.example.org/spend.json"),
                Ok(DataSource::Custom("https://data.example.org/spend.json".into())),
            ),
            (Some("HTTPS://x.org/a.json"), Ok(DataSource::Custom("HTTPS://x.org/a.json".into()))),
            (Some("/fixtures/bad.json"), Ok(DataSource::Custom("/fixtures/bad.json".into()))),
            (Some("data/other.json"), Ok(DataSource::Custom("data/other.json".into()))),
            (
                Some("http://127.0.0.1:8080/data/x.json"),
                Ok(DataSource::Custom("http://127.0.0.1:8080/data/x.json".into())),
            ),
            (Some("http://127.0.0.1:80801/x.json"), Err(())),
            (Some("http://evil.example/x.json"), Err(())),
            (Some("javascript:alert(1)"), Err(())),
            (Some("data:application/json,{}"), Err(())),
            (Some("//evil.example/x.json"), Err(())),
            (Some("file:///etc/passwd"), Err(())),
            (Some("\\\\evil\\x.json"), Err(())),
            (Some("ht\ttp://evil.example/x.json"), Err(())),
            (Some("\u{1}http://evil.example/x.json"), Err(())),
            (Some("da\nta:application/json,{}"), Err(())),
            (Some("/\t/evil.example/x.json"), Err(())),
            (Some("data/my file.json"), Ok(DataSource::Custom("data/my file.json".into()))),
        ];
        for (param, expected) in cases {
            assert_eq!(choose(*param, origin).map_err(|_| ()), *expected, "{param:?}");
        }
    }
}
