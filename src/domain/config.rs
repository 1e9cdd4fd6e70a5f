//! The site's own deployment setting, read from `config.json` beside the page: which `?data=`
//! addresses a link may open. A council edits that file by hand, without rebuilding the app.
//!
//! Reading never fails: a missing, broken or half-understood file gives the safe default
//! (files on this website only) plus notes in plain English for the page to show.

use crate::domain::source::{ParseUrl, ParsedUrl};
use serde_json::Value;

/// Where the page looks for the setting, relative to the page.
pub const CONFIG_PATH: &str = "config.json";

/// Which `?data=` addresses a link may open. The site's own shipped dataset is always allowed,
/// and so is a file a person opens from their own computer (it never leaves the browser).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ExternalData {
    /// `"off"`: links cannot choose a data file; the page always shows the site's own dataset.
    Off,
    /// `"same-site"` (the default): files on this website only (same scheme, host and port as
    /// the page).
    #[default]
    SameSite,
    /// `{"allow_hosts": [...]}`: files on this website, plus `https://` files on exactly these
    /// hosts (subdomains are not included).
    AllowHosts(Vec<AllowedHost>),
}

/// One host from `allow_hosts`, normalised the way browsers normalise a URL's host: lower case,
/// international names in their `xn--` (punycode) form, no trailing dot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHost {
    /// The host name or IP address, e.g. `data.example.org`, `xn--bcher-kva.example`, `[::1]`.
    pub host: String,
    /// The port, or `None` for the scheme's default (443 for https).
    pub port: Option<u16>,
}

impl AllowedHost {
    /// Reads one `allow_hosts` entry such as `data.example.org` or `data.example.org:8443`.
    /// `parse` is the URL parser (see [`crate::domain::source`]). Errors (a sentence for the
    /// page) when the entry is not just a host with an optional port.
    pub fn parse(entry: &str, parse: &impl ParseUrl) -> Result<AllowedHost, String> {
        let entry = entry.trim();
        let bad = |why: &str| Err(format!("The allowed host \u{2068}{entry}\u{2069} was ignored: {why}"));
        if entry.is_empty() {
            return bad("it is empty.");
        }
        if entry.contains("://") {
            return bad("write only the host name, such as data.example.org, without https://.");
        }
        // Anything that would make the text more than a host: a path, a query, a user name.
        if entry.chars().any(|c| matches!(c, '/' | '\\' | '?' | '#' | '@' | '*') || c.is_whitespace() || c.is_control())
        {
            return bad("write only the host name, such as data.example.org (no paths, user names or wildcards).");
        }
        match parse(&format!("https://{entry}/"), None) {
            Some(url) if !url.host.is_empty() => {
                Ok(AllowedHost { host: without_trailing_dot(&url.host).to_owned(), port: url.port })
            }
            Some(_) => bad("it is not a host name."),
            None => bad("it is not a valid host name."),
        }
    }

    /// Whether `url` (already parsed) is on this host and port. A trailing dot on the URL's host
    /// names the same DNS host, so it matches too.
    pub fn matches(&self, url: &ParsedUrl) -> bool {
        without_trailing_dot(&url.host) == self.host && url.port == self.port
    }
}

fn without_trailing_dot(host: &str) -> &str {
    host.strip_suffix('.').unwrap_or(host)
}

/// The whole setting file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SiteConfig {
    /// Which `?data=` addresses a link may open.
    pub external_data: ExternalData,
}

/// The setting as read, and what the page should tell the site's web officer about it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReadConfig {
    /// The setting in force (the safe default wherever the file could not be understood).
    pub config: SiteConfig,
    /// Plain-English notes, one per thing that could not be used; empty when all is well.
    pub notes: Vec<String>,
}

const SAFE_DEFAULT: &str = "so links can open data files on this website only (the safe default)";

/// The setting when `config.json` could not be fetched at all (`detail` says why, e.g. "404").
pub fn missing(detail: &str) -> ReadConfig {
    ReadConfig {
        config: SiteConfig::default(),
        notes: vec![format!("The site setting file {CONFIG_PATH} could not be read ({detail}), {SAFE_DEFAULT}.")],
    }
}

/// Reads `config.json`. Never fails: anything it cannot use falls back to the safe default and
/// adds a note. Shape: `{"external_data": "off" | "same-site" | {"allow_hosts": ["host", …]}}`.
/// `parse` is the URL parser, used to normalise the hosts as the browser does.
pub fn read(bytes: &[u8], parse: &impl ParseUrl) -> ReadConfig {
    let mut notes = Vec::new();
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        // serde's own wording never reaches a person: say where, in our words.
        Err(error) => {
            notes.push(format!(
                "The site setting file {CONFIG_PATH} is not valid JSON (the mistake is near line {}), {SAFE_DEFAULT}.",
                error.line()
            ));
            return ReadConfig { config: SiteConfig::default(), notes };
        }
    };
    let Value::Object(object) = value else {
        notes.push(format!("The site setting file {CONFIG_PATH} must be a JSON object {{…}}, {SAFE_DEFAULT}."));
        return ReadConfig { config: SiteConfig::default(), notes };
    };
    for key in object.keys().filter(|k| k.as_str() != "external_data" && !k.starts_with('_')) {
        notes.push(format!("The site setting \u{2068}{key}\u{2069} in {CONFIG_PATH} is not known and was ignored."));
    }
    let external_data = match object.get("external_data") {
        None => {
            notes
                .push(format!("The site setting file {CONFIG_PATH} has no \"external_data\" setting, {SAFE_DEFAULT}."));
            ExternalData::default()
        }
        Some(Value::String(text)) if text == "off" => ExternalData::Off,
        Some(Value::String(text)) if text == "same-site" => ExternalData::SameSite,
        Some(Value::Object(inner)) if inner.len() == 1 && inner.contains_key("allow_hosts") => {
            match inner.get("allow_hosts") {
                Some(Value::Array(entries)) => {
                    let mut hosts = Vec::new();
                    for entry in entries {
                        match entry.as_str().map(|entry| AllowedHost::parse(entry, parse)) {
                            Some(Ok(host)) => hosts.push(host),
                            Some(Err(note)) => notes.push(note),
                            None => notes
                                .push("An entry in \"allow_hosts\" is not text in quotes and was ignored.".to_owned()),
                        }
                    }
                    ExternalData::AllowHosts(hosts)
                }
                _ => {
                    notes.push(format!("\"allow_hosts\" in {CONFIG_PATH} must be a list such as [\"data.example.org\"], {SAFE_DEFAULT}."));
                    ExternalData::default()
                }
            }
        }
        Some(_) => {
            notes.push(format!(
                "The \"external_data\" setting in {CONFIG_PATH} must be \"off\", \"same-site\" or {{\"allow_hosts\": [\"data.example.org\"]}}, {SAFE_DEFAULT}."
            ));
            ExternalData::default()
        }
    };
    ReadConfig { config: SiteConfig { external_data }, notes }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(host: &str, port: Option<u16>) -> AllowedHost {
        AllowedHost { host: host.to_owned(), port }
    }

    /// (file text, expected setting, expected number of notes)
    #[test]
    fn reads_the_setting_or_falls_back_with_a_note() {
        let cases: &[(&str, ExternalData, usize)] = &[
            (r#"{"external_data": "same-site"}"#, ExternalData::SameSite, 0),
            (r#"{"external_data": "off"}"#, ExternalData::Off, 0),
            (
                r#"{"external_data": {"allow_hosts": ["data.example.org", "Data.Example.ORG:8443"]}}"#,
                ExternalData::AllowHosts(vec![host("data.example.org", None), host("data.example.org", Some(8443))]),
                0,
            ),
            // A comment key for the web officer is allowed.
            (r#"{"_comment": "see README", "external_data": "off"}"#, ExternalData::Off, 0),
            (r#"{"external_data": {"allow_hosts": []}}"#, ExternalData::AllowHosts(vec![]), 0),
            // IDNs are stored in their punycode form; the default port and a trailing dot vanish.
            (
                r#"{"external_data": {"allow_hosts": ["bücher.example", "a.example:443", "b.example."]}}"#,
                ExternalData::AllowHosts(vec![
                    host("xn--bcher-kva.example", None),
                    host("a.example", None),
                    host("b.example", None),
                ]),
                0,
            ),
            (
                r#"{"external_data": {"allow_hosts": ["127.0.0.1:9000", "[::1]:9000"]}}"#,
                ExternalData::AllowHosts(vec![host("127.0.0.1", Some(9000)), host("[::1]", Some(9000))]),
                0,
            ),
            // Entries that are more than a host are ignored, each with a note; the rest are kept.
            (
                r#"{"external_data": {"allow_hosts": ["https://x.example/", "*.example.org", "a@b.example", "x.example/data", "", 7, "ok.example"]}}"#,
                ExternalData::AllowHosts(vec![host("ok.example", None)]),
                6,
            ),
            (
                r#"{"external_data": {"allow_hosts": ["bad host.example", "x.example:99999"]}}"#,
                ExternalData::AllowHosts(vec![]),
                2,
            ),
            // Anything else falls back to the safe default, with a note.
            (r#"{"external_data": "any"}"#, ExternalData::SameSite, 1),
            (r#"{"external_data": "OFF"}"#, ExternalData::SameSite, 1),
            (r#"{"external_data": true}"#, ExternalData::SameSite, 1),
            (r#"{"external_data": {"allow_hosts": "data.example.org"}}"#, ExternalData::SameSite, 1),
            (r#"{"external_data": {"allow_host": ["data.example.org"]}}"#, ExternalData::SameSite, 1),
            (r#"{"external-data": "off"}"#, ExternalData::SameSite, 2),
            (r#"{}"#, ExternalData::SameSite, 1),
            (r#"[]"#, ExternalData::SameSite, 1),
            (r#"{"external_data": "off",}"#, ExternalData::SameSite, 1),
            ("", ExternalData::SameSite, 1),
            ("<!doctype html><p>Not found</p>", ExternalData::SameSite, 1),
        ];
        for (text, expected, n_notes) in cases {
            let read = read(text.as_bytes(), &crate::domain::source::whatwg);
            assert_eq!(&read.config.external_data, expected, "{text}");
            assert_eq!(read.notes.len(), *n_notes, "{text}: {:?}", read.notes);
            for note in &read.notes {
                assert!(!note.contains("expected") && !note.contains("invalid type"), "no serde wording: {note}");
            }
        }
    }

    #[test]
    fn a_missing_file_gives_the_safe_default_and_says_so() {
        let read = missing("404 Not Found");
        assert_eq!(read.config.external_data, ExternalData::SameSite);
        assert_eq!(read.notes, vec!["The site setting file config.json could not be read (404 Not Found), so links can open data files on this website only (the safe default).".to_owned()]);
    }
}
