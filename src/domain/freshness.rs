//! Which version of the data the page shows and when it was fetched: the file's stated version
//! (`metadata.version`) or else its `Last-Modified` date, the time of the fetch from the response's
//! `Date` header (kept with a saved copy, so an offline copy says when it was really fetched), and
//! whether the copy came from the service worker's store because the network did not answer.
//! The shell reads the headers (`src/worker.rs`); this module only reads their text.

/// What the response said about the data file, as text from its headers. All empty for a file
/// from the reader's computer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Freshness {
    /// The `Last-Modified` header, e.g. "Wed, 12 Mar 2025 09:00:00 GMT".
    pub last_modified: Option<String>,
    /// The `Date` header of the response that brought the file from the server, e.g.
    /// "Mon, 30 Nov 2026 22:38:48 GMT".
    pub fetched: Option<String>,
    /// Whether the file is a saved copy served offline (the service worker's `X-Whole-Place-Saved`).
    pub saved: bool,
}

/// A moment read from an HTTP date (always GMT): calendar date, hour and minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpDate {
    /// The year, e.g. 2026.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31.
    pub day: u8,
    /// The hour, 0 to 23.
    pub hour: u8,
    /// The minute, 0 to 59.
    pub minute: u8,
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The words added when the figures are a saved copy.
pub const SAVED_NOTE: &str = "saved copy: you are offline";

impl HttpDate {
    /// Reads an HTTP date in the form every current server sends (IMF-fixdate, RFC 9110 5.6.7):
    /// "Sun, 06 Nov 1994 08:49:37 GMT". `None` for anything else (the older forms, a made-up
    /// value): the page then says nothing rather than something wrong.
    pub fn parse(text: &str) -> Option<HttpDate> {
        let parts: Vec<&str> = text.split_ascii_whitespace().collect();
        let [weekday, day, month, year, time, "GMT"] = parts.as_slice() else { return None };
        if !weekday.ends_with(',') || day.len() != 2 || year.len() != 4 {
            return None;
        }
        let day: u8 = day.parse().ok()?;
        let month = MONTHS.iter().position(|m| m == month)?;
        let year: u16 = year.parse().ok()?;
        let mut clock = time.split(':');
        let (Some(hour), Some(minute), Some(second), None) = (clock.next(), clock.next(), clock.next(), clock.next())
        else {
            return None;
        };
        let [hour, minute, second] =
            [hour, minute, second].map(|n| if n.len() == 2 { n.parse::<u8>().ok() } else { None });
        let (hour, minute, second) = (hour?, minute?, second?);
        // 60 for a leap second.
        if !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        Some(HttpDate { year, month: u8::try_from(month + 1).ok()?, day, hour, minute })
    }

    /// "12 March 2025".
    pub fn date(&self) -> String {
        let month = MONTH_NAMES.get(usize::from(self.month).saturating_sub(1)).copied().unwrap_or("");
        format!("{} {month} {}", self.day, self.year)
    }

    /// "30 November 2026, 22:38 GMT".
    pub fn date_and_time(&self) -> String {
        format!("{}, {:02}:{:02} GMT", self.date(), self.hour, self.minute)
    }
}

/// Which version of the data this is: the file's stated version ("2025.1"), else the date its
/// server says it last changed ("file dated 12 March 2025"); `None` when neither is known.
pub fn version_label(stated: Option<&str>, freshness: &Freshness) -> Option<String> {
    match stated.map(str::trim).filter(|v| !v.is_empty()) {
        Some(version) => Some(version.to_owned()),
        None => {
            let date = freshness.last_modified.as_deref().and_then(HttpDate::parse)?;
            Some(format!("file dated {}", date.date()))
        }
    }
}

/// When the file was fetched: "30 November 2026, 22:38 GMT", with "(saved copy: you are
/// offline)" after it for a saved copy; `None` when the response gave no readable `Date` and is
/// not a saved copy.
pub fn fetched_label(freshness: &Freshness) -> Option<String> {
    let when = freshness.fetched.as_deref().and_then(HttpDate::parse).map(|d| d.date_and_time());
    match (when, freshness.saved) {
        (Some(when), true) => Some(format!("{when} ({SAVED_NOTE})")),
        (Some(when), false) => Some(when),
        (None, true) => Some(capitalised(SAVED_NOTE)),
        (None, false) => None,
    }
}

/// The one sentence the page's source line adds: "Version 2025.1, fetched 30 November 2026,
/// 22:38 GMT (saved copy: you are offline)." Parts not known are left out; `None` when nothing is.
pub fn sentence(stated: Option<&str>, freshness: &Freshness) -> Option<String> {
    let version = version_label(stated, freshness).map(|v| match stated.map(str::trim).filter(|v| !v.is_empty()) {
        Some(_) => format!("Version {v}"),
        None => capitalised(&v),
    });
    let when = freshness.fetched.as_deref().and_then(HttpDate::parse).map(|d| d.date_and_time());
    let saved = freshness.saved.then_some(SAVED_NOTE);
    let text = match (version, when) {
        (Some(version), Some(when)) => format!("{version}, fetched {when}"),
        (Some(version), None) => version,
        (None, Some(when)) => format!("Fetched {when}"),
        (None, None) => return saved.map(|s| format!("{}.", capitalised(s))),
    };
    Some(match saved {
        Some(saved) => format!("{text} ({saved})."),
        None => format!("{text}."),
    })
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (year, month, day, hour, minute)
    type Moment = (u16, u8, u8, u8, u8);
    /// (stated version, headers, version label, fetched label, sentence)
    type Case<'a> = (Option<&'a str>, Freshness, Option<&'a str>, Option<&'a str>, Option<&'a str>);

    #[test]
    fn http_dates_read_in_the_current_form_only() {
        // (header text, what it reads as)
        let cases: &[(&str, Option<Moment>)] = &[
            ("Sun, 06 Nov 1994 08:49:37 GMT", Some((1994, 11, 6, 8, 49))),
            ("Mon, 30 Nov 2026 22:38:48 GMT", Some((2026, 11, 30, 22, 38))),
            ("Wed, 31 Dec 2025 23:59:60 GMT", Some((2025, 12, 31, 23, 59))),
            ("  Tue, 01 Jan 2030 00:00:00 GMT ", Some((2030, 1, 1, 0, 0))),
            // The obsolete forms, and broken ones: nothing is said rather than something wrong.
            ("Sunday, 06-Nov-94 08:49:37 GMT", None),
            ("Sun Nov  6 08:49:37 1994", None),
            ("Sun, 06 Nov 1994 08:49:37 UTC", None),
            ("Sun, 32 Nov 1994 08:49:37 GMT", None),
            ("Sun, 06 Foo 1994 08:49:37 GMT", None),
            ("Sun, 06 Nov 1994 24:00:00 GMT", None),
            ("Sun, 06 Nov 1994 8:49:37 GMT", None),
            ("Sun, 06 Nov 1994 08:49 GMT", None),
            ("Sun 06 Nov 1994 08:49:37 GMT", None),
            ("", None),
        ];
        for (text, expected) in cases {
            let read = HttpDate::parse(text).map(|d| (d.year, d.month, d.day, d.hour, d.minute));
            assert_eq!(read, *expected, "{text:?}");
        }
        let date = HttpDate::parse("Sun, 06 Nov 1994 08:49:37 GMT").map(|d| (d.date(), d.date_and_time()));
        assert_eq!(date, Some(("6 November 1994".to_owned(), "6 November 1994, 08:49 GMT".to_owned())));
    }

    #[test]
    fn the_page_says_which_version_and_when_fetched() {
        let headers = |modified: Option<&str>, fetched: Option<&str>, saved| Freshness {
            last_modified: modified.map(str::to_owned),
            fetched: fetched.map(str::to_owned),
            saved,
        };
        let modified = Some("Wed, 12 Mar 2025 09:00:00 GMT");
        let fetched = Some("Mon, 30 Nov 2026 22:38:48 GMT");
        let cases: Vec<Case> = vec![
            (
                Some("2025.1"),
                headers(modified, fetched, false),
                Some("2025.1"),
                Some("30 November 2026, 22:38 GMT"),
                Some("Version 2025.1, fetched 30 November 2026, 22:38 GMT."),
            ),
            (
                None,
                headers(modified, fetched, false),
                Some("file dated 12 March 2025"),
                Some("30 November 2026, 22:38 GMT"),
                Some("File dated 12 March 2025, fetched 30 November 2026, 22:38 GMT."),
            ),
            (
                Some("  "),
                headers(modified, fetched, true),
                Some("file dated 12 March 2025"),
                Some("30 November 2026, 22:38 GMT (saved copy: you are offline)"),
                Some("File dated 12 March 2025, fetched 30 November 2026, 22:38 GMT (saved copy: you are offline)."),
            ),
            (
                None,
                headers(None, fetched, true),
                None,
                Some("30 November 2026, 22:38 GMT (saved copy: you are offline)"),
                Some("Fetched 30 November 2026, 22:38 GMT (saved copy: you are offline)."),
            ),
            (Some("3"), headers(Some("yesterday"), None, false), Some("3"), None, Some("Version 3.")),
            (
                None,
                headers(None, None, true),
                None,
                Some("Saved copy: you are offline"),
                Some("Saved copy: you are offline."),
            ),
            // A file from the reader's computer: no headers at all.
            (None, Freshness::default(), None, None, None),
        ];
        for (stated, freshness, version, when, said) in cases {
            assert_eq!(version_label(stated, &freshness).as_deref(), version, "{stated:?} {freshness:?}");
            assert_eq!(fetched_label(&freshness).as_deref(), when, "{freshness:?}");
            assert_eq!(sentence(stated, &freshness).as_deref(), said, "{stated:?} {freshness:?}");
        }
    }
}
