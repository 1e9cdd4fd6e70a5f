//! Which data file to show and whose it is: the site's own dataset, a `?data=` address the
//! site's setting allows, or a file from the reader's own computer; and what the page must then
//! say about it (the banner, the tab title, the status badge).
//!
//! Addresses are read by a WHATWG URL parser that is passed in: in the app, the browser's own
//! (`new URL`, the very parser `fetch` uses, so the host decided on here is the host fetched
//! from, and it costs no WebAssembly); in native tests, the `url` crate, which follows the same
//! standard. User names, backslashes, percent-encoding, IDNs and `//host` are all read as the
//! browser reads them. The page's address and the setting are passed in too.

use crate::domain::catalogue::{self, ShippedDataset};
use crate::domain::config::ExternalData;
use crate::domain::model::Status;
use std::net::{Ipv4Addr, Ipv6Addr};

/// An absolute URL as the URL Standard parses it: the parts the decision needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedUrl {
    /// The whole address, serialised (`href`).
    pub href: String,
    /// The scheme, lower case, without the colon: `https`.
    pub scheme: String,
    /// Whether a user name or password came before `@`.
    pub has_credentials: bool,
    /// The host: lower case, international names in punycode, IPv6 in brackets; empty if none.
    pub host: String,
    /// The port, or `None` for the scheme's default.
    pub port: Option<u16>,
}

impl ParsedUrl {
    /// Same origin: scheme, host and port.
    fn same_origin(&self, other: &ParsedUrl) -> bool {
        self.scheme == other.scheme && self.host == other.host && self.port == other.port
    }

    /// The host with the port when it is not the default, as the browser's `URL.host` writes it.
    pub fn host_label(&self) -> String {
        match self.port {
            Some(port) => format!("{}:{port}", self.host),
            None => self.host.clone(),
        }
    }

    fn is_loopback(&self) -> bool {
        let host = self.host.strip_suffix('.').unwrap_or(&self.host);
        host == "localhost"
            || host.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
            || host
                .strip_prefix('[')
                .and_then(|h| h.strip_suffix(']'))
                .and_then(|h| h.parse::<Ipv6Addr>().ok())
                .is_some_and(|ip| ip.is_loopback())
    }
}

/// A WHATWG URL parser: `(address, base)` → the parsed absolute URL, or `None` if it does not
/// parse. Relative addresses resolve against `base`.
pub trait ParseUrl: Fn(&str, Option<&str>) -> Option<ParsedUrl> {}
impl<F: Fn(&str, Option<&str>) -> Option<ParsedUrl>> ParseUrl for F {}

/// Where the data comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// A dataset shipped with the app (`domain::catalogue`).
    Shipped(&'static ShippedDataset),
    /// A `?data=` file on this website (same scheme, host and port as the page).
    Site {
        /// The address as written in the link.
        address: String,
        /// The absolute address fetched.
        url: String,
    },
    /// A `?data=` file on another host that the site's setting allows.
    Elsewhere {
        /// The address as written in the link.
        address: String,
        /// The absolute address fetched.
        url: String,
        /// The other host, as the browser writes it (lower case, punycode, with any port).
        host: String,
    },
}

impl DataSource {
    /// The address to fetch.
    pub fn fetch_url(&self) -> &str {
        match self {
            DataSource::Shipped(shipped) => shipped.path,
            DataSource::Site { url, .. } | DataSource::Elsewhere { url, .. } => url,
        }
    }

    /// The address as the link wrote it (the file's path for a shipped dataset).
    pub fn address(&self) -> &str {
        match self {
            DataSource::Shipped(shipped) => shipped.path,
            DataSource::Site { address, .. } | DataSource::Elsewhere { address, .. } => address,
        }
    }

    /// Whose file it is.
    pub fn provenance(&self) -> Provenance {
        match self {
            DataSource::Shipped(_) | DataSource::Site { .. } => Provenance::Site,
            DataSource::Elsewhere { host, .. } => Provenance::Host(host.clone()),
        }
    }
}

/// Why a `data` address was refused. Each variant occurs when the address is of that kind; each
/// holds the address as written (control characters escaped, so it can be shown as text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    /// Occurs for addresses that are not web addresses the page can fetch: other schemes
    /// (`javascript:`, `data:`, `file:`), control characters, or text no URL parser accepts.
    NotAllowed(String),
    /// Occurs for an address with a user name or password before `@`
    /// (`https://council.gov.uk@evil.example/`), which hides the real host (the `String`).
    Disguised(String, String),
    /// Occurs for plain `http://` addresses on another host (the second `String`), except this
    /// computer's own.
    NotHttps(String, String),
    /// Occurs for any `?data=` other than the site's own dataset when the setting is `"off"`.
    LinksOff(String),
    /// Occurs for a file on another host (the second `String`) that the setting does not allow.
    HostNotAllowed(String, String),
    /// Occurs when an allowed address redirected to one that is not allowed (the second
    /// `String`), for the reason given.
    Redirected(String, String, Box<SourceError>),
}

impl SourceError {
    /// The address as written in the link, to show beside the message.
    pub fn address(&self) -> &str {
        match self {
            SourceError::NotAllowed(a)
            | SourceError::Disguised(a, _)
            | SourceError::NotHttps(a, _)
            | SourceError::LinksOff(a)
            | SourceError::HostNotAllowed(a, _)
            | SourceError::Redirected(a, _, _) => a,
        }
    }

    /// What went wrong and what to do, without the address (the page shows that beside it,
    /// direction-isolated). Hosts inside the sentence are isolated with FSI/PDI.
    pub fn message(&self) -> String {
        match self {
            SourceError::NotAllowed(_) => "This is not an address the page can load data from. Use a path to a file on this website, such as data/my-area.json, or an https:// address this website allows.".to_owned(),
            SourceError::Disguised(_, host) => format!(
                "The address has a user name or password before \"@\", which hides the real website: it would load from \u{2068}{host}\u{2069}. It was not loaded."
            ),
            SourceError::NotHttps(_, host) => format!(
                "The address would load from \u{2068}{host}\u{2069} over plain http://, which anyone on the way can change. Only https:// addresses, or files on this website, can be loaded."
            ),
            SourceError::LinksOff(_) => "This website does not open other data files from links; it shows its own data only. To check a file of your own, use \"Check your own file\" below.".to_owned(),
            SourceError::HostNotAllowed(_, host) => format!(
                "The file is on another website, \u{2068}{host}\u{2069}, and this website only shows data files it has chosen to allow. To check a file of your own, use \"Check your own file\" below."
            ),
            SourceError::Redirected(_, to, why) => format!("The address sent the page on to \u{2068}{to}\u{2069}. {}", why.message()),
        }
    }
}

/// The sentence that points at the file picker, which an embedded view does not have.
const USE_THE_PICKER: &str = " To check a file of your own, use \"Check your own file\" below.";

impl SourceError {
    /// [`SourceError::message`] for where it is shown: embedded in another website's page there
    /// is no "Check your own file", so the sentence points at the full explorer instead.
    pub fn message_for(&self, embedded: bool) -> String {
        let message = self.message();
        if embedded {
            message.replace(USE_THE_PICKER, " To check a file of your own, open the full explorer.")
        } else {
            message
        }
    }
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} Address: \u{2068}{}\u{2069}", self.message(), self.address())
    }
}

/// Checks the `data` parameter against the site's setting; without one, the page shows
/// `shipped` (the dataset the link names, see `catalogue::open`). `page_url` is the page's full
/// address (e.g. `https://www.council.gov.uk/spending/?by=agency`): relative addresses resolve
/// against it and it says which host is "this website"; `parse` is the URL parser. Errors say
/// why the address was refused.
pub fn choose(
    data_param: Option<&str>,
    shipped: &'static ShippedDataset,
    page_url: &str,
    setting: &ExternalData,
    parse: &impl ParseUrl,
) -> Result<DataSource, SourceError> {
    let Some(address) = data_param.map(str::trim).filter(|a| !a.is_empty()) else {
        return Ok(DataSource::Shipped(shipped));
    };
    // Browsers drop tabs and newlines from addresses before fetching, so "ht\ttp://…" would
    // read differently to a person than to the browser: refuse all control characters.
    if address.chars().any(char::is_control) {
        return Err(SourceError::NotAllowed(address.escape_debug().to_string()));
    }
    let not_allowed = || SourceError::NotAllowed(address.to_owned());
    let page = parse(page_url, None).ok_or_else(not_allowed)?;
    // The link's `%23` has already been decoded to `#`, which a URL parser would take as the
    // start of a fragment (never sent to the server): the file `x#y.json` would be fetched as
    // `x`. A data address has no use for a fragment, so every `#` is part of the file's name.
    let address_with_hash_kept = address.replace('#', "%23");
    let url = parse(&address_with_hash_kept, Some(page_url)).ok_or_else(not_allowed)?;
    if matches!(setting, ExternalData::Off) {
        let own = catalogue::SHIPPED
            .into_iter()
            .find(|d| parse(d.path, Some(page_url)).is_some_and(|own| own.href == url.href));
        return own.map(DataSource::Shipped).ok_or_else(|| SourceError::LinksOff(address.to_owned()));
    }
    classify(address, &url, &page, setting)
}

/// Checks where a fetch really ended up (after any redirects). `final_url` empty or equal to
/// the address fetched keeps `source`; otherwise the new address must pass the same checks, and
/// the source becomes whatever that address is (a same-site address that redirects to another
/// host gets that host's banner).
pub fn after_redirect(
    source: DataSource,
    final_url: &str,
    page_url: &str,
    setting: &ExternalData,
    parse: &impl ParseUrl,
) -> Result<DataSource, SourceError> {
    if final_url.is_empty() {
        return Ok(source);
    }
    let (Some(page), Some(url)) = (parse(page_url, None), parse(final_url, None)) else {
        return Ok(source);
    };
    if parse(source.fetch_url(), Some(page_url)).is_some_and(|fetched| fetched.href == url.href) {
        return Ok(source);
    }
    let address = source.address().to_owned();
    // "off" governs links only; where the site's own file redirects is the site's own choice,
    // but it still may not lead to another host unless allowed.
    let setting = if matches!(setting, ExternalData::Off) { &ExternalData::SameSite } else { setting };
    classify(&address, &url, &page, setting)
        .map_err(|why| SourceError::Redirected(address.clone(), final_url.to_owned(), Box::new(why)))
}

/// Where an absolute URL lies: on this website, on an allowed host, or refused.
fn classify(
    address: &str,
    url: &ParsedUrl,
    page: &ParsedUrl,
    setting: &ExternalData,
) -> Result<DataSource, SourceError> {
    if !matches!(url.scheme.as_str(), "https" | "http") || url.host.is_empty() {
        return Err(SourceError::NotAllowed(address.to_owned()));
    }
    let host = url.host_label();
    if url.has_credentials {
        return Err(SourceError::Disguised(address.to_owned(), host));
    }
    if url.same_origin(page) {
        return Ok(DataSource::Site { address: address.to_owned(), url: url.href.clone() });
    }
    // Plain http can be changed on the way, except to this computer itself (which browsers also
    // treat as secure): that is how a publisher tries a file on a local server.
    if url.scheme == "http" && !url.is_loopback() {
        return Err(SourceError::NotHttps(address.to_owned(), host));
    }
    match setting {
        ExternalData::AllowHosts(hosts) if hosts.iter().any(|allowed| allowed.matches(url)) => {
            Ok(DataSource::Elsewhere { address: address.to_owned(), url: url.href.clone(), host })
        }
        _ => Err(SourceError::HostNotAllowed(address.to_owned(), host)),
    }
}

/// Whose figures the page shows. Only [`Provenance::Site`] is the website's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provenance {
    /// The site's own dataset, or another file on the same website.
    Site,
    /// A file on another host (as the browser writes it: lower case, punycode, with any port).
    Host(String),
    /// A file the reader opened from their own computer (its file name).
    LocalFile(String),
}

/// The banner's sentence in three parts, so the page can isolate the middle one (`<bdi>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    /// Text before the name.
    pub before: &'static str,
    /// The host or file name, to show direction-isolated.
    pub name: String,
    /// Text after the name.
    pub after: &'static str,
}

impl Provenance {
    /// Whether the figures are the website's own.
    pub fn is_own(&self) -> bool {
        matches!(self, Provenance::Site)
    }

    /// The banner for figures that are not the website's own; `None` for the site's own.
    pub fn banner(&self) -> Option<Banner> {
        match self {
            Provenance::Site => None,
            Provenance::Host(host) => Some(Banner {
                before: "These figures come from ",
                name: host.clone(),
                after: ", not from this website.",
            }),
            Provenance::LocalFile(name) => Some(Banner {
                before: "These figures come from a file from your computer, ",
                name: name.clone(),
                after: ", not from this website.",
            }),
        }
    }

    /// The tab title: `title` for the site's own figures; otherwise the banner's point first (so
    /// it survives a narrow tab), with the name isolated by FSI/PDI.
    pub fn tab_title(&self, title: &str) -> String {
        match self {
            Provenance::Site => title.to_owned(),
            Provenance::Host(host) => format!("Figures from \u{2068}{host}\u{2069}, not this website · {title}"),
            Provenance::LocalFile(name) => format!("Your file \u{2068}{name}\u{2069}, not this website · {title}"),
        }
    }
}

/// The status badge beside the figures: its words and its CSS modifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusBadge {
    /// What the badge says.
    pub label: &'static str,
    /// The modifier in `status-badge--{class}`; only `official` is green.
    pub class: &'static str,
}

/// The badge for a file's declared status. Only the website's own file may show the green
/// "Official figures": anyone can write `"status": "official"` in a file of their own.
pub fn status_badge(status: Status, provenance: &Provenance) -> StatusBadge {
    match status {
        Status::Official if provenance.is_own() => StatusBadge { label: status.label(), class: status.as_str() },
        Status::Official => {
            StatusBadge { label: "The file says it is official; this site has not checked it", class: "unchecked" }
        }
        Status::Illustrative | Status::Compiled | Status::Unstated => {
            StatusBadge { label: status.label(), class: status.as_str() }
        }
    }
}

/// The `url` crate as the parser, for native tests: it follows the same URL Standard as the
/// browser, whose own parser the app passes in instead.
#[cfg(test)]
pub(crate) fn whatwg(address: &str, base: Option<&str>) -> Option<ParsedUrl> {
    let url = match base {
        Some(base) => url::Url::parse(base).ok()?.join(address).ok()?,
        None => url::Url::parse(address).ok()?,
    };
    Some(ParsedUrl {
        href: url.as_str().to_owned(),
        scheme: url.scheme().to_owned(),
        has_credentials: !url.username().is_empty() || url.password().is_some(),
        host: url.host_str().unwrap_or_default().to_owned(),
        port: url.port(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://www.council.gov.uk/spending/?by=agency";

    fn allow(hosts: &[&str]) -> ExternalData {
        let text = serde_json::json!({ "external_data": { "allow_hosts": hosts } }).to_string();
        crate::domain::config::read(text.as_bytes(), &whatwg).config.external_data
    }

    /// What `choose` decided, in short: "shipped <name>", "site <url>", "elsewhere <host>", or the
    /// refusal's kind and host.
    fn outcome(result: Result<DataSource, SourceError>) -> String {
        match result {
            Ok(DataSource::Shipped(shipped)) => format!("shipped {}", shipped.name),
            Ok(DataSource::Site { url, .. }) => format!("site {url}"),
            Ok(DataSource::Elsewhere { host, .. }) => format!("elsewhere {host}"),
            Err(SourceError::NotAllowed(_)) => "not allowed".to_owned(),
            Err(SourceError::Disguised(_, host)) => format!("disguised {host}"),
            Err(SourceError::NotHttps(_, host)) => format!("not https {host}"),
            Err(SourceError::LinksOff(_)) => "off".to_owned(),
            Err(SourceError::HostNotAllowed(_, host)) => format!("not allowed host {host}"),
            Err(SourceError::Redirected(_, to, why)) => format!("redirected {to}: {}", outcome(Err(*why))),
        }
    }

    fn check(page: &str, setting: &ExternalData, cases: &[(&str, &str)]) {
        for (param, expected) in cases {
            let param = (!param.is_empty()).then_some(*param);
            assert_eq!(
                outcome(choose(param, catalogue::HOME, page, setting, &whatwg)),
                *expected,
                "{param:?} on {page} with {setting:?}"
            );
        }
    }

    #[test]
    fn same_site_is_the_default_and_allows_this_website_only() {
        let same_site = ExternalData::default();
        check(
            PAGE,
            &same_site,
            &[
                ("", "shipped shropshire-published"),
                ("   ", "shipped shropshire-published"),
                ("data/other.json", "site https://www.council.gov.uk/spending/data/other.json"),
                ("/fixtures/bad.json", "site https://www.council.gov.uk/fixtures/bad.json"),
                ("https://www.council.gov.uk/x.json", "site https://www.council.gov.uk/x.json"),
                // Case and the default port do not make another website.
                ("HTTPS://WWW.Council.GOV.uk:443/x.json", "site https://www.council.gov.uk/x.json"),
                ("data/my file.json", "site https://www.council.gov.uk/spending/data/my%20file.json"),
                // A `#` (written `%23` in the link) is part of the file's name, not a fragment.
                ("data/x#y.json", "site https://www.council.gov.uk/spending/data/x%23y.json"),
                ("data/a+b.json", "site https://www.council.gov.uk/spending/data/a+b.json"),
                // Encoded dots are path segments, resolved as the browser does: still this site.
                ("data/%2e%2e/%2e%2e/x.json", "site https://www.council.gov.uk/x.json"),
                // Backslashes are slashes to the browser: a relative path stays on this site ...
                ("data\\x.json", "site https://www.council.gov.uk/spending/data/x.json"),
                // ... but "/\host" and "\\host" name another host.
                ("/\\evil.example/x.json", "not allowed host evil.example"),
                ("\\\\evil.example\\x.json", "not allowed host evil.example"),
                ("https:\\\\evil.example\\x.json", "not allowed host evil.example"),
                ("//evil.example/x.json", "not allowed host evil.example"),
                ("https://data.example.org/spend.json", "not allowed host data.example.org"),
                // A subdomain, a parent domain or another port is another website.
                ("https://data.www.council.gov.uk/x.json", "not allowed host data.www.council.gov.uk"),
                ("https://council.gov.uk/x.json", "not allowed host council.gov.uk"),
                ("https://www.council.gov.uk:8443/x.json", "not allowed host www.council.gov.uk:8443"),
                ("http://www.council.gov.uk/x.json", "not https www.council.gov.uk"),
                // A trailing dot is another origin to the browser.
                ("https://www.council.gov.uk./x.json", "not allowed host www.council.gov.uk."),
                // User names hide the real host.
                ("https://www.council.gov.uk@evil.example/x.json", "disguised evil.example"),
                ("https://www.council.gov.uk:pw@evil.example/x.json", "disguised evil.example"),
                ("https://user@www.council.gov.uk/x.json", "disguised www.council.gov.uk"),
                // Percent-encoding in the host is decoded, as the browser does.
                ("https://evil%2Eexample/x.json", "not allowed host evil.example"),
                ("https://www.council.gov.uk%40evil.example/x.json", "not allowed"),
                // International names are compared (and shown) in punycode.
                ("https://bücher.example/x.json", "not allowed host xn--bcher-kva.example"),
                ("javascript:alert(1)", "not allowed"),
                ("JavaScript:alert(1)", "not allowed"),
                ("data:application/json,{}", "not allowed"),
                ("file:///etc/passwd", "not allowed"),
                ("blob:https://www.council.gov.uk/1234", "not allowed"),
                ("ht\ttp://evil.example/x.json", "not allowed"),
                ("\u{1}http://evil.example/x.json", "not allowed"),
                ("/\t/evil.example/x.json", "not allowed"),
                ("https://[::1/x.json", "not allowed"),
            ],
        );
    }

    #[test]
    fn an_allow_list_names_exact_hosts_and_ports() {
        let setting =
            allow(&["data.example.org", "BÜCHER.example", "ports.example:8443", "127.0.0.1:9000", "localhost:9001"]);
        check(
            PAGE,
            &setting,
            &[
                ("data/other.json", "site https://www.council.gov.uk/spending/data/other.json"),
                ("https://data.example.org/spend.json", "elsewhere data.example.org"),
                ("https://DATA.Example.org:443/spend.json", "elsewhere data.example.org"),
                ("//data.example.org/spend.json", "elsewhere data.example.org"),
                ("https://data.example.org./spend.json", "elsewhere data.example.org."),
                ("https://data.example.org:8443/spend.json", "not allowed host data.example.org:8443"),
                ("https://ports.example:8443/spend.json", "elsewhere ports.example:8443"),
                ("https://ports.example/spend.json", "not allowed host ports.example"),
                ("https://sub.data.example.org/x.json", "not allowed host sub.data.example.org"),
                ("https://evildata.example.org/x.json", "not allowed host evildata.example.org"),
                ("https://data.example.org.evil.example/x.json", "not allowed host data.example.org.evil.example"),
                ("https://data.example.org@evil.example/x.json", "disguised evil.example"),
                ("https://evil.example/?https://data.example.org/x.json", "not allowed host evil.example"),
                // `#` is part of the address (see `choose`), so the text before `@` is a user name:
                // refused, whichever host it was meant to hide.
                ("https://evil.example#@data.example.org/x.json", "disguised data.example.org"),
                ("https://data%2Eexample.org/spend.json", "elsewhere data.example.org"),
                ("https://bücher.example/x.json", "elsewhere xn--bcher-kva.example"),
                ("https://xn--bcher-kva.example/x.json", "elsewhere xn--bcher-kva.example"),
                ("https://BÜCHER.example/x.json", "elsewhere xn--bcher-kva.example"),
                // Plain http only to this computer itself.
                ("http://data.example.org/spend.json", "not https data.example.org"),
                ("http://127.0.0.1:9000/x.json", "elsewhere 127.0.0.1:9000"),
                ("http://0x7f.0.0.1:9000/x.json", "elsewhere 127.0.0.1:9000"),
                ("http://localhost:9001/x.json", "elsewhere localhost:9001"),
                ("http://127.0.0.1:9002/x.json", "not allowed host 127.0.0.1:9002"),
            ],
        );
    }

    #[test]
    fn off_allows_only_the_sites_own_dataset() {
        check(
            PAGE,
            &ExternalData::Off,
            &[
                ("", "shipped shropshire-published"),
                (catalogue::HOME.path, "shipped shropshire-published"),
                (
                    "https://www.council.gov.uk/spending/data/shropshire-illustrative-2011-12.json",
                    "shipped shropshire-illustrative",
                ),
                ("data/other.json", "off"),
                ("https://data.example.org/spend.json", "off"),
                ("javascript:alert(1)", "off"),
            ],
        );
    }

    #[test]
    fn a_plain_http_page_on_this_computer_allows_its_own_files() {
        check(
            "http://127.0.0.1:8080/?data=x",
            &ExternalData::SameSite,
            &[
                ("/fixtures/tiny.json", "site http://127.0.0.1:8080/fixtures/tiny.json"),
                ("http://127.0.0.1:8080/data/x.json", "site http://127.0.0.1:8080/data/x.json"),
                ("http://127.0.0.1:80801/x.json", "not allowed"),
                ("http://127.0.0.1:8081/x.json", "not allowed host 127.0.0.1:8081"),
                ("http://evil.example/x.json", "not https evil.example"),
            ],
        );
    }

    #[test]
    fn redirects_are_checked_like_links() {
        let setting = allow(&["data.example.org"]);
        let own = choose(Some("data/x.json"), catalogue::HOME, PAGE, &setting, &whatwg);
        let cases: &[(&str, &str)] = &[
            ("", "site https://www.council.gov.uk/spending/data/x.json"),
            ("https://www.council.gov.uk/spending/data/x.json", "site https://www.council.gov.uk/spending/data/x.json"),
            ("https://www.council.gov.uk/archive/x.json", "site https://www.council.gov.uk/archive/x.json"),
            ("https://data.example.org/x.json", "elsewhere data.example.org"),
            ("https://evil.example/x.json", "redirected https://evil.example/x.json: not allowed host evil.example"),
        ];
        for (final_url, expected) in cases {
            let source = own.clone().map_err(|_| ()).unwrap_or(DataSource::Shipped(catalogue::HOME));
            assert_eq!(outcome(after_redirect(source, final_url, PAGE, &setting, &whatwg)), *expected, "{final_url}");
        }
        let default_moved = after_redirect(
            DataSource::Shipped(catalogue::HOME),
            "https://evil.example/x.json",
            PAGE,
            &ExternalData::Off,
            &whatwg,
        );
        assert_eq!(outcome(default_moved), "redirected https://evil.example/x.json: not allowed host evil.example");
    }

    #[test]
    fn only_the_sites_own_file_gets_the_green_badge() {
        let foreign = Provenance::Host("example.org".to_owned());
        let local = Provenance::LocalFile("mine.json".to_owned());
        let cases: &[(Status, &Provenance, &str, &str)] = &[
            (Status::Official, &Provenance::Site, "Official figures", "official"),
            (Status::Official, &foreign, "The file says it is official; this site has not checked it", "unchecked"),
            (Status::Official, &local, "The file says it is official; this site has not checked it", "unchecked"),
            (Status::Illustrative, &Provenance::Site, "Illustrative figures, not real spending", "illustrative"),
            (Status::Illustrative, &foreign, "Illustrative figures, not real spending", "illustrative"),
            (Status::Unstated, &local, "Status not stated: treat as unverified", "unstated"),
        ];
        for (status, provenance, label, class) in cases {
            assert_eq!(status_badge(*status, provenance), StatusBadge { label, class }, "{status:?} {provenance:?}");
        }
    }

    #[test]
    fn banner_and_tab_title_name_the_source() {
        let cases: &[(Provenance, Option<&str>, &str)] = &[
            (Provenance::Site, None, "Ludlow · Whole Place"),
            (
                Provenance::Host("example.org".to_owned()),
                Some("These figures come from example.org, not from this website."),
                "Figures from \u{2068}example.org\u{2069}, not this website · Ludlow · Whole Place",
            ),
            (
                Provenance::LocalFile("\u{202e}nosj.json".to_owned()),
                Some("These figures come from a file from your computer, \u{202e}nosj.json, not from this website."),
                "Your file \u{2068}\u{202e}nosj.json\u{2069}, not this website · Ludlow · Whole Place",
            ),
        ];
        for (provenance, banner, title) in cases {
            let text = provenance.banner().map(|b| format!("{}{}{}", b.before, b.name, b.after));
            assert_eq!(text.as_deref(), *banner);
            assert_eq!(provenance.tab_title("Ludlow · Whole Place"), *title);
            assert_eq!(provenance.is_own(), banner.is_none());
        }
    }

    #[test]
    fn every_refusal_keeps_the_address_as_written() {
        let setting = allow(&["data.example.org"]);
        for address in
            ["javascript:alert(1)", "https://a@evil.example/", "http://evil.example/x", "https://evil.example/x"]
        {
            let error = choose(Some(address), catalogue::HOME, PAGE, &setting, &whatwg).map(|_| ()).err();
            assert_eq!(error.as_ref().map(SourceError::address), Some(address));
            assert!(error.is_some_and(|e| e.to_string().contains(address)));
        }
        let off = choose(Some("data/x.json"), catalogue::HOME, PAGE, &ExternalData::Off, &whatwg).err();
        assert_eq!(off.as_ref().map(SourceError::address), Some("data/x.json"));
        let control = choose(Some("a\u{7}b.json"), catalogue::HOME, PAGE, &setting, &whatwg).err();
        assert_eq!(control.as_ref().map(SourceError::address), Some("a\\u{7}b.json"));
    }
}
