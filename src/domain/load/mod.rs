//! Reading a data file: bytes in, a validated [`Dataset`] plus located [`Problems`] out.
//!
//! Three stages: the text (UTF-8? empty? byte-order mark? an object? valid JSON? — see
//! `text_errors`), the raw shape (serde into [`crate::domain::raw`] types, streamed by
//! [`crate::domain::reader`]), then the rules (format version, metadata, ids, references,
//! amounts, populations, the hierarchy of every dimension; text cleaned by `text`; the format
//! 1.1 parts, read once the whole file is seen, in `format11`). Every stage keeps what is good and
//! reports the rest; only a file with nothing usable is fatal.
//! Nothing here can panic on any input: there is no indexing or unwrapping of outside data.

use crate::domain::aggregate::MAX_POPULATION;
use crate::domain::model::{
    self, Basis, Dataset, Dim, Excluded, Fact, Key, Licence, Member, MemberIx, Members, Metadata, NoteIx, Period,
    PeriodIx, SourceIx, Status,
};
use crate::domain::money::{self, Amount, AmountError, Currency};
use crate::domain::problem::{JsonPath, Location, Problem, ProblemCode, ProblemLog, Problems, Severity, is_invisible};
use crate::domain::raw::{Header, RawFact, RawFactFields, Scalar};
use crate::domain::reader;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use text::TextKind;

mod format11;
pub mod incremental;
mod text;
mod text_errors;
mod tuples;

/// The outcome of loading: the dataset when anything was usable, and every problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// The usable data, or `None` when nothing could be used. Shared, because the page keeps
    /// it for as long as it is shown and a million facts should not be copied.
    pub dataset: Option<Arc<Dataset>>,
    /// What was wrong, with locations.
    pub problems: Problems,
}

/// The longest id accepted; ids travel in URLs, so they are kept short.
pub const MAX_ID_CHARS: usize = 100;

/// The format major version this explorer reads.
pub const FORMAT_MAJOR_VERSION: u64 = 1;

/// The latest minor version of [`FORMAT_MAJOR_VERSION`] this explorer knows (format 1.1).
pub const FORMAT_MINOR_VERSION: u64 = 1;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Loads a dataset from the bytes of a JSON file. Never panics.
pub fn load(bytes: &[u8]) -> Loaded {
    load_reporting(bytes, None)
}

/// Called with the number of facts read so far, every [`PROGRESS_EVERY`] facts (the loader
/// worker posts it to the page).
/// Shared, so a load that starts over (see [`incremental`]) reports to the same place.
pub type ProgressHook = std::rc::Rc<dyn Fn(usize)>;

/// How many facts between two calls of a [`ProgressHook`].
pub const PROGRESS_EVERY: usize = 1 << 16;

/// [`load`], telling `progress` how many facts have been read as it goes.
pub fn load_reporting(bytes: &[u8], progress: Option<ProgressHook>) -> Loaded {
    let mut log = ProblemLog::default();
    let dataset = load_into(bytes, &mut log, progress);
    Loaded { dataset: dataset.map(Arc::new), problems: log.finish() }
}

fn fatal(log: &mut ProblemLog, code: ProblemCode, location: Location, message: String) -> Option<Dataset> {
    log.push(Problem { severity: Severity::Error, code, location, message });
    None
}

const START: Location = Location::LineColumn { line: 1, column: 1 };

fn load_into(bytes: &[u8], log: &mut ProblemLog, progress: Option<ProgressHook>) -> Option<Dataset> {
    if let Some(encoding) = text_errors::wide_encoding(bytes) {
        return fatal(log, ProblemCode::NotUtf8, START, encoding.message());
    }
    let bytes = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => {
            log.push(Problem {
                severity: Severity::Warning,
                code: ProblemCode::ByteOrderMark,
                location: START,
                message: "The file starts with a byte-order mark (often added by Excel or Notepad). \
                          It was ignored; saving as plain UTF-8 avoids this warning."
                    .to_owned(),
            });
            rest
        }
        None => bytes,
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            return fatal(
                log,
                ProblemCode::NotUtf8,
                text_errors::position_of_byte(bytes, error.valid_up_to()),
                "The file is not UTF-8 text: the character here is not valid UTF-8. It was probably \
                 saved as Windows-1252 or Latin-1 (common for Excel's \"CSV\" and older tools); save \
                 or export it with UTF-8 encoding and try again."
                    .to_owned(),
            );
        }
    };
    // JSON's blank space is exactly these four characters.
    let first = text.bytes().find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    match first {
        None => fatal(
            log,
            ProblemCode::EmptyFile,
            Location::File,
            "The file is empty (it holds nothing, or only blank space). Expected a JSON object with \
             metadata, places, audiences, activities, agencies and facts."
                .to_owned(),
        ),
        Some(b'{') => match reader::read_document(text, log, progress) {
            Ok(dataset) => dataset,
            Err(error) => {
                let (code, location, message) = text_errors::describe_json_error(text, &error);
                fatal(log, code, location, message)
            }
        },
        Some(first) => fatal_not_an_object(log, text, first),
    }
}

/// Refuses a file whose top level is not an object, saying what it is instead.
fn fatal_not_an_object(log: &mut ProblemLog, text: &str, first: u8) -> Option<Dataset> {
    const NEEDED: &str = "It must be a JSON object ({ … }) with metadata, places, audiences, activities, \
                          agencies and facts.";
    let is_json = serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok();
    let (code, message) = match first {
        b'[' => (
            ProblemCode::WrongType,
            format!("The file is a JSON list ([ … ]). {NEEDED} The list of facts goes inside it under \"facts\"."),
        ),
        b'"' if is_json => {
            (ProblemCode::WrongType, format!("The file holds a single piece of text in quotes. {NEEDED}"))
        }
        b'-' | b'0'..=b'9' if is_json => (ProblemCode::WrongType, format!("The file holds a single number. {NEEDED}")),
        b't' | b'f' if is_json => (ProblemCode::WrongType, format!("The file holds a single true or false. {NEEDED}")),
        b'n' if is_json => (ProblemCode::WrongType, format!("The file holds a single null. {NEEDED}")),
        _ => (
            ProblemCode::NotJson,
            format!(
                "This is not valid JSON: a spending data file starts with an opening brace ({{), \
                 but this one does not. If it is a spreadsheet or CSV file, it must be converted to \
                 this format first. {NEEDED}"
            ),
        ),
    };
    fatal(log, code, START, message)
}

/// Applies the format's rules to everything facts are checked against: format version,
/// metadata and the four member lists (with their hierarchies). The format 1.1 parts are read
/// by [`FactReader::finish`], once the whole file has been seen. `None` when the file cannot be
/// read at all (an unknown format version).
pub(crate) fn prepare(header: &Header, log: &mut ProblemLog) -> Option<Dataset> {
    let root = JsonPath::root();
    let format_version = check_format_version(header.format_version.as_ref(), &root, log)?;
    let mut metadata = read_metadata(header.metadata.as_ref(), &root.key("metadata"), log);
    metadata.format_version = format_version;
    let mut dataset = Dataset { metadata, ..Dataset::default() };

    let lists = [&header.places, &header.audiences, &header.activities, &header.agencies];
    for (dim, list) in Dim::ALL.into_iter().zip(lists) {
        let (members, extra) = read_members(dim, list.as_ref(), &root.key(dim.list_key()), log);
        dataset.members[dim.index()] = members;
        link_parents(dim, &mut dataset.members[dim.index()], &extra, log);
        if dim == Dim::Audience {
            let places = &dataset.members[Dim::Place.index()];
            for (ix, entry) in extra.iter().enumerate() {
                read_audience_population(ix as MemberIx, entry, places, &mut dataset.audience_population, log);
            }
        }
    }
    Some(dataset)
}

/// Reports a `facts` member that is not a list; nothing can be shown without facts.
pub(crate) fn facts_not_a_list(kind: &str, log: &mut ProblemLog) {
    log.error(
        ProblemCode::WrongType,
        &JsonPath::root().key("facts"),
        format!("\"facts\" must be a list of fact objects, but it is {kind}; no spending could be read."),
    );
}

/// Reports a file without a `facts` list.
pub(crate) fn facts_missing(log: &mut ProblemLog) {
    log.error(
        ProblemCode::MissingField,
        &JsonPath::root().key("facts"),
        "There is no \"facts\" list, so there is no spending to show. An empty list \
         (\"facts\": []) is allowed for a dataset with no spending yet."
            .to_owned(),
    );
}

fn check_format_version(value: Option<&Value>, root: &JsonPath, log: &mut ProblemLog) -> Option<String> {
    let path = root.key("format_version");
    let read_as_one = |log: &mut ProblemLog, message: String| {
        log.warn(ProblemCode::MissingField, &path, message);
        Some("1".to_owned())
    };
    let (text, was_number) = match value {
        None | Some(Value::Null) => {
            return read_as_one(
                log,
                "The file does not say which format version it follows (\"format_version\": \"1.0\"). \
                 It was read as version 1."
                    .to_owned(),
            );
        }
        Some(Value::String(text)) => (text.trim().to_owned(), false),
        Some(Value::Number(number)) => (number.to_string(), true),
        Some(other) => {
            return read_as_one(
                log,
                format!(
                    "\"format_version\" should be text such as \"1.0\", but it is {}; the file was \
                     read as version 1.",
                    describe(other)
                ),
            );
        }
    };
    // The major version is the digits the text starts with ("1" in "1.0", "1.2.3" or "1.0-draft").
    // A number must look like a version (digits, a full stop, digits) to count as one: `1e400`
    // is not a version. Text that does not start with a digit names no version at all.
    let leading_digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let number_is_version = {
        let mut parts = text.splitn(2, '.');
        let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        parts.next().is_some_and(digits) && parts.next().is_none_or(digits)
    };
    if leading_digits == 0 || (was_number && !number_is_version) {
        let shown = if was_number { text.clone() } else { format!("\"{text}\"") };
        return read_as_one(
            log,
            format!(
                "\"format_version\" is {shown}, which is not a version number such as \"1.0\"; the \
                 file was read as version 1."
            ),
        );
    }
    let major = text.get(..leading_digits).and_then(|m| m.parse::<u64>().ok());
    if major != Some(FORMAT_MAJOR_VERSION) {
        log.error(
            ProblemCode::UnknownFormatVersion,
            &path,
            format!(
                "The file follows format version {text}, but this explorer reads version \
                 {FORMAT_MAJOR_VERSION}. Nothing was read, because the meaning of the fields may \
                 have changed; use a newer explorer or a version {FORMAT_MAJOR_VERSION} file."
            ),
        );
        return None;
    }
    let minor = minor_version(&text);
    if minor > FORMAT_MINOR_VERSION {
        log.warn(
            ProblemCode::LaterMinorVersion,
            &path,
            format!(
                "The file follows format version {text}, newer than the {FORMAT_MAJOR_VERSION}.{FORMAT_MINOR_VERSION} \
                 this explorer knows. It was read as {FORMAT_MAJOR_VERSION}.{FORMAT_MINOR_VERSION}: keys added \
                 after {FORMAT_MAJOR_VERSION}.{FORMAT_MINOR_VERSION} are ignored, so a newer explorer may show more."
            ),
        );
    }
    if was_number {
        log.warn(
            ProblemCode::WrongType,
            &path,
            format!(
                "\"format_version\" is the number {text}; write it as text, \"{text}\", because a \
                 number such as 1.10 may be read as 1.1. It was read as version {text}."
            ),
        );
    }
    Some(text)
}

/// The minor version in a version text: the digits after the first full stop ("1" in "1.1",
/// "0" in "1" or "1.0-draft"); 0 when there are none.
pub(crate) fn minor_version(text: &str) -> u64 {
    let after = text.split_once('.').map_or("", |(_, rest)| rest);
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    after.get(..digits).and_then(|d| d.parse().ok()).unwrap_or(0)
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Reads an optional text field, cleaned for display (see [`text::clean`]); reports (as a
/// warning) a value of the wrong type. Blank text counts as absent.
fn optional_text(object: &Map<String, Value>, key: &str, path: &JsonPath, log: &mut ProblemLog) -> Option<String> {
    let kind = if key == "description" { TextKind::Description } else { TextKind::Line };
    match object.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) if text.trim().is_empty() => None,
        Some(Value::String(text)) => Some(text::clean(text, kind, &path.key(key), log)),
        Some(other) => {
            log.warn(
                ProblemCode::WrongType,
                &path.key(key),
                format!("\"{key}\" should be text, but it is {}; it was ignored.", describe(other)),
            );
            None
        }
    }
}

fn read_metadata(value: Option<&Value>, path: &JsonPath, log: &mut ProblemLog) -> Metadata {
    let mut metadata = Metadata::default();
    let object = match value {
        Some(Value::Object(object)) => object,
        None | Some(Value::Null) => {
            log.warn(
                ProblemCode::MissingField,
                path,
                "There is no \"metadata\" object, so the title, publisher, licence, period, \
                 currency and status are unknown. Figures are shown without a currency and \
                 marked as unverified."
                    .to_owned(),
            );
            return metadata;
        }
        Some(other) => {
            log.warn(
                ProblemCode::WrongType,
                path,
                format!("\"metadata\" must be an object, but it is {}; it was ignored.", describe(other)),
            );
            return metadata;
        }
    };
    match optional_text(object, "title", path, log) {
        Some(title) => metadata.title = title,
        None => log.warn(ProblemCode::MissingField, &path.key("title"), "The dataset has no title.".to_owned()),
    }
    metadata.publisher = optional_text(object, "publisher", path, log);
    metadata.description = optional_text(object, "description", path, log);
    metadata.version = optional_text(object, "version", path, log);
    metadata.licence = read_licence(object.get("licence"), &path.key("licence"), log);
    metadata.sources = read_sources(object.get("sources"), &path.key("sources"), log);
    metadata.period = read_period(object.get("period"), &path.key("period"), log);
    let currency_path = path.key("currency");
    match object.get("currency") {
        Some(Value::String(code)) => match Currency::from_code(code) {
            Some(currency) => metadata.currency = currency,
            None => log.warn(
                ProblemCode::InvalidMetadata,
                &currency_path,
                format!(
                    "\"{code}\" is not an ISO 4217 currency code (three capital letters such as \
                     \"GBP\"); amounts are shown without a currency."
                ),
            ),
        },
        None | Some(Value::Null) => log.warn(
            ProblemCode::MissingField,
            &currency_path,
            "No currency is given (e.g. \"currency\": \"GBP\"); amounts are shown without one.".to_owned(),
        ),
        Some(other) => log.warn(
            ProblemCode::InvalidMetadata,
            &currency_path,
            format!(
                "The currency must be a three-letter code as text, such as \"GBP\", not {} ({other}); \
                 amounts are shown without one.",
                describe(other)
            ),
        ),
    }
    let status_path = path.key("status");
    metadata.status = match object.get("status").and_then(Value::as_str) {
        Some("official") => Status::Official,
        Some("illustrative") => Status::Illustrative,
        Some("compiled") => Status::Compiled,
        _ => {
            let found = match object.get("status") {
                None | Some(Value::Null) => "missing".to_owned(),
                Some(Value::String(text)) => format!("\"{text}\""),
                Some(other) => format!("{} ({other})", describe(other)),
            };
            log.warn(
                ProblemCode::InvalidMetadata,
                &status_path,
                format!(
                    "\"status\" must be \"official\", \"illustrative\" or \"compiled\" but is {found}; \
                     figures are marked as unverified."
                ),
            );
            Status::Unstated
        }
    };
    metadata
}

fn read_licence(value: Option<&Value>, path: &JsonPath, log: &mut ProblemLog) -> Option<Licence> {
    match value {
        None | Some(Value::Null) => {
            log.warn(ProblemCode::MissingField, path, "No licence is given, so re-use terms are unknown.".to_owned());
            None
        }
        Some(Value::String(name)) => Some(Licence { name: text::clean(name, TextKind::Line, path, log), url: None }),
        Some(Value::Object(object)) => match optional_text(object, "name", path, log) {
            Some(name) => {
                let url = match object.get("url") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(url)) => web_address(url, &path.key("url"), log),
                    Some(other) => {
                        log.warn(
                            ProblemCode::WrongType,
                            &path.key("url"),
                            format!(
                                "\"url\" should be a web address as text, but it is {}; it was ignored.",
                                describe(other)
                            ),
                        );
                        None
                    }
                };
                Some(Licence { name, url })
            }
            None => {
                log.warn(ProblemCode::MissingField, &path.key("name"), "The licence has no name.".to_owned());
                None
            }
        },
        Some(other) => {
            log.warn(
                ProblemCode::WrongType,
                path,
                format!("\"licence\" must be an object with a name and url, but it is {}.", describe(other)),
            );
            None
        }
    }
}

/// Keeps an address only if it is a web address (`https://` or `http://`), since it becomes a
/// link on the page: a `javascript:` address there would run code when clicked, and hidden
/// characters could make it look like another address.
fn web_address(address: &str, path: &JsonPath, log: &mut ProblemLog) -> Option<String> {
    let lower = address.trim().to_ascii_lowercase();
    let is_web = lower.starts_with("https://") || lower.starts_with("http://");
    let hidden = address.trim().chars().any(|c| c.is_control() || is_invisible(c) || c.is_whitespace());
    if is_web && !hidden {
        Some(address.trim().to_owned())
    } else {
        log.warn(
            ProblemCode::InvalidMetadata,
            path,
            format!(
                "\"{address}\" is not a web address (https://… or http://…, with no spaces or hidden \
                 characters); it is not shown as a link."
            ),
        );
        None
    }
}

fn read_sources(value: Option<&Value>, path: &JsonPath, log: &mut ProblemLog) -> Vec<String> {
    let Some(Value::Array(items)) = value else {
        if value.is_some_and(|v| !v.is_null()) {
            log.warn(ProblemCode::WrongType, path, "\"sources\" must be a list of addresses or citations.".to_owned());
        }
        return Vec::new();
    };
    let mut sources = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::String(text) => sources.push(text::clean(text, TextKind::Line, &path.index(i), log)),
            Value::Object(object) => {
                let item_path = path.index(i);
                let title = optional_text(object, "title", &item_path, log);
                let url = optional_text(object, "url", &item_path, log);
                match (title, url) {
                    (Some(title), Some(url)) => sources.push(format!("{title} ({url})")),
                    (Some(one), None) | (None, Some(one)) => sources.push(one),
                    (None, None) => log.warn(
                        ProblemCode::MissingField,
                        &item_path,
                        "This source has neither a title nor a url; it was ignored.".to_owned(),
                    ),
                }
            }
            other => log.warn(
                ProblemCode::WrongType,
                &path.index(i),
                format!("A source must be text or an object with title and url, not {}.", describe(other)),
            ),
        }
    }
    sources
}

fn read_period(value: Option<&Value>, path: &JsonPath, log: &mut ProblemLog) -> Option<Period> {
    match value {
        Some(Value::String(label)) if !label.trim().is_empty() => Some(Period {
            id: Period::V1_ID.to_owned(),
            label: text::clean(label, TextKind::Line, path, log),
            start: None,
            end: None,
        }),
        Some(Value::Object(object)) => {
            let start = optional_text(object, "start", path, log);
            let end = optional_text(object, "end", path, log);
            let start_date = start.as_deref().and_then(|d| calendar_date(d, "period's start", &path.key("start"), log));
            let end_date = end.as_deref().and_then(|d| calendar_date(d, "period's end", &path.key("end"), log));
            if let (Some(first), Some(last)) = (start_date, end_date)
                && first > last
            {
                log.warn(
                    ProblemCode::InvalidDate,
                    &path.key("start"),
                    format!(
                        "The period starts ({}) after it ends ({}); check whether the dates are \
                         swapped. Both were ignored.",
                        start.as_deref().unwrap_or_default(),
                        end.as_deref().unwrap_or_default()
                    ),
                );
            }
            let in_order = match (start_date, end_date) {
                (Some(first), Some(last)) => first <= last,
                _ => true,
            };
            // The label falls back to the dates as written, even if one is not a real date: it
            // is what the publisher wrote, and the warning says what is wrong with it.
            let label = optional_text(object, "label", path, log).or_else(|| match (&start, &end) {
                (Some(start), Some(end)) => Some(format!("{start} to {end}")),
                _ => None,
            });
            let keep = |text: Option<String>, date: Option<time::Date>| text.filter(|_| date.is_some() && in_order);
            match label {
                Some(label) => Some(Period {
                    id: Period::V1_ID.to_owned(),
                    label,
                    start: keep(start, start_date),
                    end: keep(end, end_date),
                }),
                None => {
                    log.warn(
                        ProblemCode::MissingField,
                        &path.key("label"),
                        "The period needs a \"label\" (e.g. \"2011/12\") or both \"start\" and \"end\"; it was ignored."
                            .to_owned(),
                    );
                    None
                }
            }
        }
        // Whether a missing period matters depends on the 1.1 "periods" list, which may come
        // later in the file: `format11::read_periods` decides.
        None | Some(Value::Null) => None,
        Some(other) => {
            log.warn(
                ProblemCode::WrongType,
                path,
                format!(
                    "\"period\" should be a label such as \"2011/12\" or an object with label, start and \
                     end, but it is {}; it was ignored.",
                    describe(other)
                ),
            );
            None
        }
    }
}

/// Reads a date written `YYYY-MM-DD` that exists on the calendar (no 30 February); warns and
/// gives `None` otherwise. `which` names it in the message, e.g. "period's start".
fn calendar_date(text: &str, which: &str, path: &JsonPath, log: &mut ProblemLog) -> Option<time::Date> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = bytes.get(range)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let shaped = bytes.len() == 10 && bytes.get(4) == Some(&b'-') && bytes.get(7) == Some(&b'-');
    let parts = (digits(0..4), digits(5..7), digits(8..10));
    let date = match (shaped, parts) {
        (true, (Some(year), Some(month), Some(day))) => {
            let month = u8::try_from(month).ok().and_then(|m| time::Month::try_from(m).ok());
            match (i32::try_from(year), month, u8::try_from(day)) {
                (Ok(year), Some(month), Ok(day)) => time::Date::from_calendar_date(year, month, day).ok(),
                _ => None,
            }
        }
        _ => None,
    };
    if date.is_none() {
        let why = if shaped && parts.0.is_some() && parts.1.is_some() && parts.2.is_some() {
            "does not exist on the calendar"
        } else {
            "is not written as YYYY-MM-DD"
        };
        log.warn(
            ProblemCode::InvalidDate,
            path,
            format!(
                "The {which} date \"{text}\" {why} (e.g. \"2011-04-01\" for 1 April 2011); \
                 it was ignored."
            ),
        );
    }
    date
}

/// The dimension's name with "a" or "an": "a place", "an audience", "an activity", "an agency".
fn with_article(dim: Dim) -> String {
    let name = dim.key();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {name}")
}

/// Checks an id's form; returns it in Unicode NFC (the form ids are compared in), or a message
/// saying what is wrong. Length is counted in characters (Unicode scalar values) as written.
fn check_id(value: Option<&Value>) -> Result<String, String> {
    match value {
        Some(Value::String(id)) if id.is_empty() => Err("The id is empty.".to_owned()),
        Some(Value::String(id)) if id.trim() != id => Err(format!("The id \"{id}\" starts or ends with spaces.")),
        Some(Value::String(id)) if id.starts_with('~') => {
            Err(format!("The id \"{id}\" starts with \"~\", which is reserved for the explorer's own use."))
        }
        Some(Value::String(id)) if id.chars().count() > MAX_ID_CHARS => {
            Err(format!("The id is {} characters long; at most {MAX_ID_CHARS} are allowed.", id.chars().count()))
        }
        Some(Value::String(id)) => Ok(model::nfc(id).into_owned()),
        Some(Value::Number(number)) => {
            Err(format!("The id {number} is a number; write ids as text, e.g. \"{number}\"."))
        }
        None | Some(Value::Null) => Err("There is no \"id\".".to_owned()),
        Some(other) => Err(format!("The id must be text, not {}.", describe(other))),
    }
}

/// One item of a declared list (members, periods, sources, outcome measures) as an object with a
/// usable id, its id's characters checked; `None` with the problem logged, at `severity`, when it
/// is not an object (`not_an_object` gives the message from what it is instead) or its id is
/// unusable (the id problem, then `bad_id`).
pub(crate) fn object_with_id<'v>(
    item: &'v Value,
    at: &JsonPath,
    severity: Severity,
    not_an_object: impl FnOnce(&str) -> String,
    bad_id: &str,
    log: &mut ProblemLog,
) -> Option<(&'v Map<String, Value>, String)> {
    let Value::Object(object) = item else {
        log.at(severity, ProblemCode::WrongType, at, not_an_object(describe(item)));
        return None;
    };
    match check_id(object.get("id")) {
        Ok(id) => {
            text::check_id_characters(&id, &at.key("id"), log);
            Some((object, id))
        }
        Err(message) => {
            log.at(severity, ProblemCode::InvalidId, &at.key("id"), format!("{message} {bad_id}"));
            None
        }
    }
}

/// Reads a population: a whole number of people, zero or more, written as plain digits. The
/// number is judged from its text as written, so `1e400` or a 30-digit number is one located
/// problem like any other bad population.
fn read_population(value: Option<&Value>, path: &JsonPath, log: &mut ProblemLog) -> Option<u64> {
    read_count(value, ("population", "people"), path, log)
}

/// Reads a count of people or households (`what` = its name and unit, e.g. ("population",
/// "people")), with the rules of [`read_population`].
fn read_count(value: Option<&Value>, what: (&str, &str), path: &JsonPath, log: &mut ProblemLog) -> Option<u64> {
    let (noun, unit) = what;
    let reason = match value {
        None | Some(Value::Null) => return None,
        Some(Value::Number(number)) => {
            let text = number.to_string();
            let digits = text.strip_prefix('-').unwrap_or(&text);
            match (is_whole_number(&text), text.starts_with('-'), text.parse::<u64>()) {
                (true, false, Ok(n)) if n <= MAX_POPULATION => return Some(n),
                (true, false, _) => format!(
                    "The {noun} {text} is larger than any real place or group (over ten billion); it was left out."
                ),
                (true, true, _) if digits.bytes().all(|b| b == b'0') => return Some(0),
                (true, true, _) => format!(
                    "The {noun} {text} is negative; it was left out, so per-{} figures are not shown here.",
                    if unit == "people" { "resident" } else { "household" }
                ),
                (false, _, _) => format!(
                    "The {noun} {text} is not a whole number written plainly (no fraction, full stop \
                     or exponent, e.g. 12000); it was left out."
                ),
            }
        }
        Some(other) => {
            format!("A {noun} must be a whole number of {unit}, but this is {}; it was left out.", describe(other))
        }
    };
    log.error(ProblemCode::InvalidPopulation, path, reason);
    None
}

/// A member's JSON object and where it is, kept for the second pass over a list.
type Entry<'v> = (JsonPath, &'v Map<String, Value>);

/// Reads one dimension's member list. Returns the members, and for each member (in the same
/// order) its JSON object and path, for the second pass (parents, populations by place).
fn read_members<'v>(
    dim: Dim,
    value: Option<&'v Value>,
    path: &JsonPath,
    log: &mut ProblemLog,
) -> (Members, Vec<Entry<'v>>) {
    let mut members = Members::default();
    let mut entries = Vec::new();
    let items = match value {
        Some(Value::Array(items)) => items,
        None | Some(Value::Null) => {
            // Without agencies every fact is left out, so that is an error, not a warning.
            let severity = if dim == Dim::Agency { Severity::Error } else { Severity::Warning };
            log.at(
                severity,
                ProblemCode::MissingField,
                path,
                match dim {
                    Dim::Agency => "There is no \"agencies\" list, so every fact is left out: each fact \
                                    must name a declared agency."
                        .to_owned(),
                    _ => format!(
                        "There is no \"{}\" list, so facts that name {} are left out; facts without \
                         one count as not attributed to any {}.",
                        dim.list_key(),
                        with_article(dim),
                        dim.key()
                    ),
                },
            );
            return (members, entries);
        }
        Some(other) => {
            log.error(
                ProblemCode::WrongType,
                path,
                format!("\"{}\" must be a list, but it is {}; it was ignored.", dim.list_key(), describe(other)),
            );
            return (members, entries);
        }
    };
    for (i, item) in items.iter().enumerate() {
        let item_path = path.index(i);
        let Some((object, id)) = object_with_id(
            item,
            &item_path,
            Severity::Error,
            |what| format!("Each {} must be an object with an id and a label, not {what}.", dim.key()),
            &format!("This {} was left out.", dim.key()),
            log,
        ) else {
            continue;
        };
        let label = optional_text(object, "label", &item_path, log).unwrap_or_else(|| {
            log.warn(
                ProblemCode::MissingField,
                &item_path.key("label"),
                format!("The {} \"{id}\" has no label; its id is shown instead.", dim.key()),
            );
            // The id was already reported if it has control characters; they are still never shown.
            id.chars().map(|c| if c.is_control() { char::REPLACEMENT_CHARACTER } else { c }).collect()
        });
        let population = match dim {
            Dim::Place | Dim::Audience => read_population(object.get("population"), &item_path.key("population"), log),
            Dim::Activity | Dim::Agency => None,
        };
        let member = Member {
            id: id.clone(),
            label,
            description: optional_text(object, "description", &item_path, log),
            population,
            households: match dim {
                Dim::Place => read_count(
                    object.get("households"),
                    ("number of households", "households"),
                    &item_path.key("households"),
                    log,
                ),
                _ => None,
            },
            population_source: None,
            parent: None,
        };
        if members.push(member) {
            entries.push((item_path, object));
        } else {
            let written = object.get("id").and_then(Value::as_str).unwrap_or_default();
            // Ids are stored in NFC, so when this one or the earlier one was typed in another
            // Unicode form, the two only look alike in the message: say why they are one id.
            let same_once_normalised = if written == id && id.is_ascii() {
                String::new()
            } else {
                " (ids are compared as Unicode text, so two ids that look the same count as one even \
                 if they are typed with different characters, such as an accent typed separately)"
                    .to_owned()
            };
            log.error(
                ProblemCode::DuplicateId,
                &item_path.key("id"),
                format!(
                    "Another {} already has the id \"{id}\"{same_once_normalised}; this second one was \
                     left out and facts using \"{id}\" count towards the first.",
                    dim.key()
                ),
            );
        }
    }
    (members, entries)
}

/// Sets each member's parent from its `parent` key (any dimension in format 1.1; activities in
/// 1.0): an unknown parent or one of the wrong type is warned and the member shown at the top
/// level; loops are cut. Then records every member's children.
fn link_parents(dim: Dim, members: &mut Members, entries: &[Entry<'_>], log: &mut ProblemLog) {
    let name = dim.key();
    for (ix, (path, object)) in entries.iter().enumerate() {
        let parent_path = path.key("parent");
        let parent = match object.get("parent") {
            None | Some(Value::Null) => None,
            Some(Value::String(parent_id)) => match members.find(parent_id) {
                Some(parent) if parent as usize == ix => {
                    log.warn(
                        ProblemCode::ParentCycle,
                        &parent_path,
                        format!("The {name} \"{parent_id}\" names itself as its parent; it is shown at the top level."),
                    );
                    None
                }
                Some(parent) => Some(parent),
                None => {
                    log.warn(
                        ProblemCode::UnknownParent,
                        &parent_path,
                        format!(
                            "The parent {name} \"{parent_id}\" does not exist; this {name} is shown at the top level."
                        ),
                    );
                    None
                }
            },
            Some(other) => {
                log.warn(
                    ProblemCode::WrongType,
                    &parent_path,
                    format!(
                        "\"parent\" must be {} id (text), not {}; shown at the top level.",
                        with_article(dim),
                        describe(other)
                    ),
                );
                None
            }
        };
        members.set_parent(ix as MemberIx, parent);
    }
    break_parent_cycles(dim, members, entries, log);
    members.index_children();
}

/// Finds loops such as a → b → a and cuts each at the member where the walk first returns,
/// so every member still belongs to the tree.
fn break_parent_cycles(dim: Dim, members: &mut Members, entries: &[Entry<'_>], log: &mut ProblemLog) {
    let n = members.len();
    // 0 = unvisited, 1 = on the current walk, 2 = known to reach the top.
    let mut state = vec![0u8; n];
    for start in 0..n {
        let mut walk = Vec::new();
        let mut current = Some(start as MemberIx);
        while let Some(ix) = current {
            match state.get(ix as usize).copied() {
                Some(0) => {
                    state[ix as usize] = 1;
                    walk.push(ix);
                    current = members.get(ix).and_then(|m| m.parent);
                }
                Some(1) => {
                    // Back on this walk: a cycle. Cut it at the member that closed it.
                    if let Some(&last) = walk.last() {
                        members.set_parent(last, None);
                        let id = members.get(last).map(|m| m.id.clone()).unwrap_or_default();
                        if let Some((path, _)) = entries.get(last as usize) {
                            log.warn(
                                ProblemCode::ParentCycle,
                                &path.key("parent"),
                                format!(
                                    "The {} \"{id}\" is its own ancestor (its parents form a loop); \
                                     it is shown at the top level.",
                                    dim.key()
                                ),
                            );
                        }
                    }
                    current = None;
                }
                _ => current = None,
            }
        }
        for ix in walk {
            state[ix as usize] = 2;
        }
    }
}

/// Reads an audience's `population_by_place`. `audience` is its index; entries are pushed in
/// the same order as members, so the caller's enumeration gives it.
fn read_audience_population(
    audience: MemberIx,
    (path, object): &Entry<'_>,
    places: &Members,
    audience_population: &mut HashMap<(MemberIx, MemberIx), u64>,
    log: &mut ProblemLog,
) {
    let by_place_path = path.key("population_by_place");
    let by_place = match object.get("population_by_place") {
        None | Some(Value::Null) => return,
        Some(Value::Object(by_place)) => by_place,
        Some(other) => {
            log.error(
                ProblemCode::WrongType,
                &by_place_path,
                format!("\"population_by_place\" must map Place ids to numbers, not be {}.", describe(other)),
            );
            return;
        }
    };
    for (place_id, count) in by_place {
        let count_path = by_place_path.key(place_id);
        let Some(place) = places.find(place_id) else {
            log.error(
                ProblemCode::UnknownReference,
                &count_path,
                format!("\"{place_id}\" is not one of the declared places; this population was left out."),
            );
            continue;
        };
        if let Some(count) = read_population(Some(count), &count_path, log) {
            audience_population.insert((audience, place), count);
        }
    }
}

/// How a fact's reference to a member was resolved.
enum Resolved {
    Key(Key),
    Bad,
}

fn resolve_reference(
    dim: Dim,
    value: Option<&Scalar>,
    members: &Members,
    fact_path: At<'_>,
    log: &mut ProblemLog,
) -> Resolved {
    match value {
        None | Some(Scalar::Null) if dim == Dim::Agency => {
            log.error(
                ProblemCode::MissingField,
                &fact_path.key(dim.key()),
                "The fact has no agency; every amount must say which body spent it. Left out.".to_owned(),
            );
            Resolved::Bad
        }
        None | Some(Scalar::Null) => Resolved::Key(Key::UNATTRIBUTED),
        Some(Scalar::Str(id)) => match members.find(id) {
            Some(ix) => Resolved::Key(Key::member(ix)),
            None => {
                let advice = if dim == Dim::Agency {
                    "Add it to \"agencies\" or correct the id.".to_owned()
                } else {
                    format!(
                        "Add it to \"{}\" or correct the id; for spending not attributed to one {}, \
                         leave \"{}\" out or set it to null.",
                        dim.list_key(),
                        dim.key(),
                        dim.key()
                    )
                };
                log.error(
                    ProblemCode::UnknownReference,
                    &fact_path.key(dim.key()),
                    format!("\"{id}\" is not one of the declared {}; this fact was left out. {advice}", dim.list_key()),
                );
                Resolved::Bad
            }
        },
        Some(other) => {
            log.error(
                ProblemCode::WrongType,
                &fact_path.key(dim.key()),
                format!(
                    "The {} must be an id (text) or null, not {}; this fact was left out.",
                    dim.key(),
                    other.kind()
                ),
            );
            Resolved::Bad
        }
    }
}

fn amount_problem(error: &AmountError) -> ProblemCode {
    match error {
        AmountError::OutOfRange => ProblemCode::AmountOutOfRange,
        _ => ProblemCode::InvalidAmount,
    }
}

/// Reads a fact's (or a transfer's) amount from `amount` (decimal string) or `amount_minor` (integer minor units).
fn read_amount(
    fields: &RawFactFields,
    currency: &Currency,
    max_abs: Decimal,
    fact_path: At<'_>,
    log: &mut ProblemLog,
) -> Option<Decimal> {
    let noun = fact_path.noun();
    match (&fields.amount, &fields.amount_minor) {
        (Some(_), Some(_)) => {
            log.error(
                ProblemCode::InvalidAmount,
                &fact_path.path(),
                format!("The {noun} has both \"amount\" and \"amount_minor\"; give only one. Left out."),
            );
            None
        }
        (Some(amount), None) => {
            let path = || fact_path.key("amount");
            match amount {
                Scalar::Str(text) => match money::parse_amount_up_to(text, max_abs) {
                    Ok(value) => Some(value),
                    Err(error) => {
                        log.error(
                            amount_problem(&error),
                            &path(),
                            format!("The amount \"{}\" {error}. This {noun} was left out.", shorten(text)),
                        );
                        None
                    }
                },
                Scalar::Number(number) if !is_whole_number(number) => {
                    let number = shorten(number);
                    log.error(
                        ProblemCode::FloatAmount,
                        &path(),
                        format!(
                            "The amount {number} is a JSON number with a fraction or exponent, which \
                             many programs store inexactly. Write it as text in quotes, e.g. \"1234.56\", \
                             or as whole pence in \"amount_minor\". This {noun} was left out."
                        ),
                    );
                    None
                }
                Scalar::Number(whole) => match money::parse_amount_up_to(whole, max_abs) {
                    Ok(value) => {
                        log.warn(
                            ProblemCode::IntegerAmount,
                            &path(),
                            format!(
                                "The amount {whole} is a bare number; it was read as {whole} whole \
                                 currency units. Write it as text (\"{whole}\") to make that explicit."
                            ),
                        );
                        Some(value)
                    }
                    Err(error) => {
                        log.error(
                            amount_problem(&error),
                            &path(),
                            format!("The amount {} {error}. This {noun} was left out.", shorten(whole)),
                        );
                        None
                    }
                },
                other => {
                    log.error(
                        ProblemCode::InvalidAmount,
                        &path(),
                        format!(
                            "The amount must be text such as \"1234.56\", not {}. This {noun} was left out.",
                            other.kind()
                        ),
                    );
                    None
                }
            }
        }
        (None, Some(minor)) => {
            let path = || fact_path.key("amount_minor");
            // i128: with summed_from, a fact's minor units may pass i64's 9.2 × 10^18.
            let whole: Result<i128, (ProblemCode, String)> = match minor {
                Scalar::Number(whole) if is_whole_number(whole) => {
                    whole.parse::<i128>().map_err(|_| (ProblemCode::AmountOutOfRange, shorten(whole).into_owned()))
                }
                Scalar::Str(text) if is_whole_number(text) => {
                    text.parse::<i128>().map_err(|_| (ProblemCode::AmountOutOfRange, format!("\"{}\"", shorten(text))))
                }
                Scalar::Number(number) => Err((
                    ProblemCode::InvalidAmount,
                    format!(
                        "\"amount_minor\" must be a whole number of minor units (e.g. pence), written \
                         without a fraction or exponent, not {}. This {noun} was left out.",
                        shorten(number)
                    ),
                )),
                Scalar::Str(text) => Err((
                    ProblemCode::InvalidAmount,
                    format!(
                        "\"amount_minor\" must be a whole number of minor units (e.g. pence): digits with an \
                         optional leading minus sign, not \"{}\". This {noun} was left out.",
                        shorten(text)
                    ),
                )),
                other => Err((
                    ProblemCode::InvalidAmount,
                    format!(
                        "\"amount_minor\" must be a whole number of minor units (e.g. pence), not {}. \
                         This {noun} was left out.",
                        other.kind()
                    ),
                )),
            };
            let value = whole.and_then(|w| {
                money::from_minor_units_up_to(w, currency, max_abs)
                    .map_err(|error| (amount_problem(&error), w.to_string()))
            });
            match value {
                Ok(value) => Some(value),
                Err((ProblemCode::AmountOutOfRange, shown)) => {
                    log.error(
                        ProblemCode::AmountOutOfRange,
                        &path(),
                        format!(
                            "The amount of {shown} minor units {} This {noun} was left out.",
                            AmountError::OutOfRange
                        ),
                    );
                    None
                }
                Err((code, message)) => {
                    log.error(code, &path(), message);
                    None
                }
            }
        }
        (None, None) => {
            log.error(
                ProblemCode::MissingField,
                &fact_path.key("amount"),
                format!("The {noun} has no amount (\"amount\": \"1234.56\"). Left out."),
            );
            None
        }
    }
}

/// Whether a number's text is a whole number: an optional minus sign and digits only.
/// A fact's `summed_from` (format 1.1, a compacted file): how many figures it adds up, 1 when
/// absent. `None` (reported; the fact is left out) for anything but a whole number from 1 to
/// [`money::MAX_SUMMED_FROM`], since the count widens the fact's amount limit.
fn read_summed_from(value: Option<&Scalar<'_>>, fact_path: At<'_>, log: &mut ProblemLog) -> Option<u64> {
    // Digits in quotes are read too, as for amount_minor (BigQuery exports integers as text).
    let text = match value {
        None | Some(Scalar::Null) => return Some(1),
        Some(Scalar::Number(text) | Scalar::Str(text)) => text.as_ref(),
        Some(other) => {
            log.error(
                ProblemCode::WrongType,
                &fact_path.key("summed_from"),
                format!(
                    "\"summed_from\" must be a whole number (how many figures this fact adds up), not {}. \
                     This fact was left out.",
                    other.kind()
                ),
            );
            return None;
        }
    };
    match text.parse::<u64>() {
        Ok(n) if (1..=money::MAX_SUMMED_FROM).contains(&n) && is_whole_number(text) => Some(n),
        _ => {
            log.error(
                ProblemCode::InvalidAmount,
                &fact_path.key("summed_from"),
                format!(
                    "\"summed_from\" is {}, but it must be a whole number from 1 to {} (how many figures \
                     this fact adds up). This fact was left out.",
                    shorten(text),
                    money::MAX_SUMMED_FROM
                ),
            );
            None
        }
    }
}

fn is_whole_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// File text quoted in a message, cut to a readable length (a number may have a million digits).
fn shorten(text: &str) -> std::borrow::Cow<'_, str> {
    const MAX_CHARS: usize = 40;
    match text.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}… ({} characters)", &text[..cut], text.chars().count())),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// Where a fact is (its index in `facts`), or another item read like one (a transfer's
/// amount). A fact's JSON path is built only when a problem needs it, since building it for
/// each of a million good facts would cost more than checking them.
#[derive(Debug, Clone, Copy)]
enum At<'a> {
    /// `$.facts[i]`.
    Fact(usize),
    /// Another item: its path and what to call it in messages ("transfer").
    Item(&'a JsonPath, &'static str),
}

impl At<'_> {
    fn path(self) -> JsonPath {
        match self {
            At::Fact(i) => JsonPath::root().key("facts").index(i),
            At::Item(path, _) => path.clone(),
        }
    }

    fn key(self, key: &str) -> JsonPath {
        self.path().key(key)
    }

    fn noun(self) -> &'static str {
        match self {
            At::Fact(_) => "fact",
            At::Item(_, noun) => noun,
        }
    }
}

/// The provisional period of a kept fact that names none (resolved by [`FactReader::finish`]).
const NO_PERIOD: PeriodIx = PeriodIx::MAX;

/// How many different basis words are warned about one by one; the rest share one warning, so
/// a hostile file cannot make the grouped-warning list long.
const MAX_BASIS_WORDS_WARNED: usize = 20;

/// Ids facts name (periods or sources) before the lists that declare them are known: each
/// distinct id once, with the first fact naming it. A kept fact holds the id's index here until
/// [`FactReader::finish`] resolves it, so a fact costs one hash lookup and no allocation.
#[derive(Debug, Default)]
struct IdRefs {
    by_id: HashMap<String, u32>,
    /// `(id, first fact naming it)`, in first-seen order.
    refs: Vec<(String, usize)>,
}

impl IdRefs {
    /// The provisional index of `id` (compared in NFC), or `None` once `limit` distinct ids
    /// have been seen.
    fn intern(&mut self, id: &str, fact: usize, limit: usize) -> Option<u32> {
        let id = model::nfc(id);
        if let Some(&ix) = self.by_id.get(id.as_ref()) {
            return Some(ix);
        }
        if self.refs.len() >= limit {
            return None;
        }
        let ix = u32::try_from(self.refs.len()).ok()?;
        self.by_id.insert(id.clone().into_owned(), ix);
        self.refs.push((id.into_owned(), fact));
        Some(ix)
    }
}

/// Distinct note texts (many facts share one), found by the text as written so a repeated
/// note costs one hash lookup; stored cleaned (see [`text::clean`]).
#[derive(Debug, Default)]
pub(crate) struct Notes {
    by_text: HashMap<String, NoteIx>,
    texts: Vec<String>,
}

impl Notes {
    /// The index of a note as written in the file, cleaning and storing it the first time.
    fn intern(&mut self, raw: &str, path: impl FnOnce() -> JsonPath, log: &mut ProblemLog) -> Option<NoteIx> {
        if let Some(&ix) = self.by_text.get(raw) {
            return Some(ix);
        }
        let ix = NoteIx::try_from(self.texts.len()).ok()?;
        self.texts.push(text::clean(raw, TextKind::Description, &path(), log));
        self.by_text.insert(raw.to_owned(), ix);
        Some(ix)
    }

    /// The index of a note the loader wrote itself (already clean text).
    fn intern_own(&mut self, text: String) -> Option<NoteIx> {
        if let Some(&ix) = self.by_text.get(&text) {
            return Some(ix);
        }
        let ix = NoteIx::try_from(self.texts.len()).ok()?;
        self.texts.push(text.clone());
        self.by_text.insert(text, ix);
        Some(ix)
    }
}

/// Validates facts one at a time, as they are read, so a large file never holds all its raw
/// facts at once. Periods and sources are named by id and resolved in [`FactReader::finish`],
/// when the `periods` and `sources` lists are known wherever they stand in the file.
pub(crate) struct FactReader {
    tuples: tuples::Tuples,
    progress: Option<ProgressHook>,
    excluded: Excluded,
    warned_fields: HashSet<String>,
    used_minor_units: bool,
    n_read: usize,
    period_refs: IdRefs,
    /// The first kept fact without a `period`.
    first_without_period: Option<usize>,
    source_refs: IdRefs,
    notes: Notes,
    /// How many facts have no `basis`, and the first.
    without_basis: (usize, Option<usize>),
    warned_basis: HashSet<String>,
    /// The first fact using a format 1.1 field (`period`, `basis`, `source`, `note`).
    first_1_1_field: Option<usize>,
}

impl FactReader {
    /// A reader, telling `progress` how many facts it has read as it goes.
    pub(crate) fn new(progress: Option<ProgressHook>) -> FactReader {
        FactReader {
            tuples: tuples::Tuples::default(),
            progress,
            excluded: Excluded::default(),
            warned_fields: HashSet::new(),
            used_minor_units: false,
            n_read: 0,
            period_refs: IdRefs::default(),
            first_without_period: None,
            source_refs: IdRefs::default(),
            notes: Notes::default(),
            without_basis: (0, None),
            warned_basis: HashSet::new(),
            first_1_1_field: None,
        }
    }

    /// How many facts have been read so far.
    pub(crate) fn n_read(&self) -> usize {
        self.n_read
    }

    /// Checks the next fact against the prepared dataset; keeps it, or counts it as left out.
    pub(crate) fn push(&mut self, raw: RawFact<'_>, dataset: &Dataset, log: &mut ProblemLog) {
        let n = self.n_read;
        let fact_path = At::Fact(n);
        self.n_read += 1;
        if self.n_read.is_multiple_of(PROGRESS_EVERY)
            && let Some(progress) = self.progress.as_ref()
        {
            progress(self.n_read);
        }
        let fields = match raw {
            RawFact::Object(fields) => fields,
            RawFact::NotAnObject(kind) => {
                log.error(
                    ProblemCode::WrongType,
                    &fact_path.path(),
                    format!("Each fact must be an object, not {kind}. Left out."),
                );
                self.excluded.n_facts += 1;
                self.excluded.n_unreadable_amounts += 1;
                return;
            }
        };
        for field in &fields.unknown_fields {
            if !self.warned_fields.contains(field.as_ref()) {
                self.warned_fields.insert(field.to_string());
                log.warn(
                    ProblemCode::UnknownField,
                    &fact_path.key(field),
                    format!(
                        "Facts have a field \"{field}\" that this format does not define; it is ignored (warned once)."
                    ),
                );
            }
        }
        let mut usable = fields.duplicate_fields.is_empty();
        for field in &fields.duplicate_fields {
            log.error(
                ProblemCode::DuplicateField,
                &fact_path.key(field),
                format!("The fact gives \"{field}\" more than once, so its meaning is unclear. Left out."),
            );
        }
        let references = [&fields.place, &fields.audience, &fields.activity, &fields.agency];
        let mut keys = [Key::UNATTRIBUTED; 4];
        for (dim, reference) in Dim::ALL.into_iter().zip(references) {
            match resolve_reference(dim, reference.as_ref(), dataset.dim(dim), fact_path, log) {
                Resolved::Key(key) => keys[dim.index()] = key,
                Resolved::Bad => usable = false,
            }
        }
        if self.first_1_1_field.is_none()
            && [&fields.period, &fields.basis, &fields.source, &fields.note].iter().any(|f| f.is_some())
        {
            self.first_1_1_field = Some(n);
        }
        let period = self.read_period(fields.period.as_ref(), n, log);
        usable &= period.is_some();
        let basis = self.read_basis(fields.basis.as_ref(), n, log);
        let source = self.read_source(fields.source.as_ref(), n, log);
        let note = match &fields.note {
            None | Some(Scalar::Null) => None,
            Some(Scalar::Str(text)) if text.trim().is_empty() => None,
            Some(Scalar::Str(text)) => self.notes.intern(text, || fact_path.key("note"), log),
            Some(other) => {
                log.warn_grouped(ProblemCode::WrongType, "fact note type", &fact_path.key("note"), || {
                    format!("A fact's \"note\" must be text, not {}; it was ignored.", other.kind())
                });
                None
            }
        };
        self.used_minor_units |= fields.amount_minor.is_some();
        let summed_from = read_summed_from(fields.summed_from.as_ref(), fact_path, log);
        let limit = money::max_abs_amount_for(summed_from.unwrap_or(1));
        let amount = read_amount(&fields, &dataset.metadata.currency, limit, fact_path, log);
        let usable = usable && summed_from.is_some();
        match (usable, amount, period) {
            (true, Some(amount), Some(period)) => {
                if period == NO_PERIOD && self.first_without_period.is_none() {
                    self.first_without_period = Some(n);
                }
                if basis.is_none() {
                    self.without_basis.0 += 1;
                    self.without_basis.1.get_or_insert(n);
                }
                let basis = basis.unwrap_or_default();
                let n_facts = summed_from.unwrap_or(1);
                self.tuples.add(Fact { keys, amount: amount.into(), period, basis, source, note, n_facts }, 1)
            }
            (_, amount, _) => {
                self.excluded.n_facts += 1;
                match amount {
                    Some(amount) => self.excluded.readable_amount += amount,
                    None => self.excluded.n_unreadable_amounts += 1,
                }
            }
        }
    }

    /// A fact's provisional period ([`NO_PERIOD`] when it names none); `None` (reported) when
    /// the fact must be left out.
    fn read_period(&mut self, value: Option<&Scalar<'_>>, n: usize, log: &mut ProblemLog) -> Option<PeriodIx> {
        match value {
            None | Some(Scalar::Null) => Some(NO_PERIOD),
            Some(Scalar::Str(id)) => {
                let ix = self.period_refs.intern(id, n, usize::from(NO_PERIOD));
                let ix = ix.and_then(|ix| PeriodIx::try_from(ix).ok());
                if ix.is_none() {
                    log.error(
                        ProblemCode::UnknownReference,
                        &At::Fact(n).key("period"),
                        format!(
                            "Facts name more than {NO_PERIOD} different periods, which no file declares; \
                             this fact was left out."
                        ),
                    );
                }
                ix
            }
            Some(other) => {
                log.error(
                    ProblemCode::WrongType,
                    &At::Fact(n).key("period"),
                    format!(
                        "The period must be a period id as text (e.g. \"2014-15\"), not {}; this fact was left out.",
                        other.kind()
                    ),
                );
                None
            }
        }
    }

    /// A fact's basis, `None` when it gives none (reported). An unknown word is taken as
    /// estimated, never silently as reported.
    fn read_basis(&mut self, value: Option<&Scalar<'_>>, n: usize, log: &mut ProblemLog) -> Option<Basis> {
        let shown = match value {
            None | Some(Scalar::Null) => return None,
            Some(Scalar::Str(word)) => match Basis::from_key(word) {
                Some(basis) => return Some(basis),
                None => format!("\"{}\"", shorten(word)),
            },
            Some(other) => format!("given as {}", other.kind()),
        };
        let group = if self.warned_basis.len() < MAX_BASIS_WORDS_WARNED || self.warned_basis.contains(&shown) {
            self.warned_basis.insert(shown.clone());
            format!("basis {shown}")
        } else {
            "basis (other)".to_owned()
        };
        log.warn_grouped(ProblemCode::UnknownBasis, &group, &At::Fact(n).key("basis"), || {
            format!(
                "The basis {shown} is not one of \"reported\", \"derived\", \"apportioned\" or \"estimated\"; \
                 the fact was kept and marked as estimated (an unknown basis is never taken as reported)."
            )
        });
        Some(Basis::Estimated)
    }

    /// A fact's provisional source.
    fn read_source(&mut self, value: Option<&Scalar<'_>>, n: usize, log: &mut ProblemLog) -> Option<SourceIx> {
        match value {
            None | Some(Scalar::Null) => None,
            Some(Scalar::Str(id)) => self.source_refs.intern(id, n, SourceIx::MAX as usize),
            Some(other) => {
                log.warn_grouped(ProblemCode::WrongType, "fact source type", &At::Fact(n).key("source"), || {
                    format!(
                        "A fact's \"source\" must be a source id as text, not {}; the fact was kept without a source.",
                        other.kind()
                    )
                });
                None
            }
        }
    }

    /// Puts the kept facts into the dataset, with everything read once the whole file is seen:
    /// periods (resolving each fact's), sources, population sources, coverage, outcomes,
    /// transfers (adding offsets), and the checks across facts (subtotals, facts where the
    /// coverage says "lacking"). `None` if there were facts and none was usable.
    pub(crate) fn finish(mut self, mut dataset: Dataset, header: &Header, log: &mut ProblemLog) -> Option<Dataset> {
        if self.used_minor_units && dataset.metadata.currency == Currency::unknown() {
            log.warn(
                ProblemCode::MissingField,
                &JsonPath::root().key("metadata").key("currency"),
                "Some facts give \"amount_minor\" but the file names no currency, so minor units were \
                 taken as hundredths. Set metadata.currency so they are read correctly."
                    .to_owned(),
            );
        }
        let declared = format11::read_periods(header, &mut dataset, log);
        dataset.sources = format11::read_sources(header.sources.as_ref(), log);
        let period_ids = declared.then(|| format11::period_ids(&dataset));
        self.resolve_periods_and_sources(&dataset, period_ids.as_ref(), log);
        if self.n_read > 0 && self.tuples.is_empty() {
            log.error(
                ProblemCode::MissingField,
                &JsonPath::root().key("facts"),
                format!("None of the {} facts could be used; see the problems above.", self.n_read),
            );
            return None;
        }
        let later_version = format11::is_1_1(&dataset);
        if later_version && self.without_basis.0 > 0 {
            let at = At::Fact(self.without_basis.1.unwrap_or_default()).key("basis");
            log.warn(
                ProblemCode::MissingBasis,
                &at,
                format!(
                    "{} facts have no \"basis\"; they are taken as reported (as published by the body). \
                     Say \"reported\", \"derived\", \"apportioned\" or \"estimated\" on each fact. This is the first.",
                    self.without_basis.0
                ),
            );
        }
        dataset.facts = std::mem::take(&mut self.tuples).into_facts();
        dataset.n_file_facts = dataset.facts.len();
        dataset.excluded = std::mem::take(&mut self.excluded);
        let mut later_keys = format11::later_keys(header, &dataset);
        if self.first_1_1_field.is_some() {
            later_keys.push("period, basis, source or note on facts");
        }
        let sources = format11::source_ids(&dataset);
        format11::link_population_sources(header, &mut dataset, &sources, &mut later_keys, log);
        let coverage_paths = format11::read_coverage(header, &mut dataset, period_ids.as_ref(), log);
        format11::read_outcomes(header, &mut dataset, &sources, period_ids.as_ref(), log);
        format11::warn_subtotals(header, &dataset, log);
        format11::read_transfers(header, &mut dataset, &sources, period_ids.as_ref(), &mut self.notes, log);
        format11::warn_later_keys(&dataset, &later_keys, log);
        dataset.notes = std::mem::take(&mut self.notes.texts);
        dataset.index_facts();
        format11::warn_facts_where_lacking(&dataset, &coverage_paths, log);
        Some(dataset)
    }

    /// Turns each kept fact's provisional period and source into the declared ones. A fact
    /// naming an undeclared period, or none when the file declares several, is left out (one
    /// error per id, counting the facts); an undeclared source is warned and the fact kept
    /// without one.
    fn resolve_periods_and_sources(
        &mut self,
        dataset: &Dataset,
        period_ids: Option<&format11::PeriodIds>,
        log: &mut ProblemLog,
    ) {
        let declared = period_ids.is_some();
        let periods: Vec<Option<PeriodIx>> = self
            .period_refs
            .refs
            .iter()
            .map(|(id, _)| period_ids.map_or(Some(0), |ids| ids.get(id).copied()))
            .collect();
        let source_ids: HashMap<&str, SourceIx> = dataset
            .sources
            .iter()
            .enumerate()
            .filter_map(|(ix, s)| Some((s.id.as_str(), SourceIx::try_from(ix).ok()?)))
            .collect();
        let sources: Vec<Option<SourceIx>> =
            self.source_refs.refs.iter().map(|(id, _)| source_ids.get(id.as_str()).copied()).collect();
        let one_period = dataset.periods.len() == 1;
        let mut dropped: Vec<(usize, Amount)> = vec![(0, Amount::ZERO); periods.len()];
        let mut without: (usize, Amount) = (0, Amount::ZERO);
        let mut unknown_sources = vec![0usize; sources.len()];
        // Counts are of the file's facts (`rows`), however many tuples they were summed into.
        self.tuples.resolve(|fact, rows| {
            if let Some(provisional) = fact.source {
                fact.source = sources.get(provisional as usize).copied().flatten();
                if fact.source.is_none()
                    && let Some(count) = unknown_sources.get_mut(provisional as usize)
                {
                    *count += rows;
                }
            }
            let period = match fact.period {
                NO_PERIOD if one_period => Some(0),
                NO_PERIOD => {
                    without.0 += rows;
                    without.1 += fact.amount;
                    None
                }
                provisional => {
                    let resolved = periods.get(usize::from(provisional)).copied().flatten();
                    if resolved.is_none()
                        && let Some((count, sum)) = dropped.get_mut(usize::from(provisional))
                    {
                        *count += rows;
                        *sum += fact.amount;
                    }
                    resolved
                }
            };
            fact.period = period.unwrap_or_default();
            period.is_some()
        });
        if !declared && let Some((id, first)) = self.period_refs.refs.first() {
            log.warn(
                ProblemCode::UnknownReference,
                &At::Fact(*first).key("period"),
                format!(
                    "Facts name periods (such as \"{id}\") but the file has no \"periods\" list, so it holds \
                     one period and every fact was counted in it. Declare the periods in a \"periods\" list."
                ),
            );
        }
        for ((id, first), (count, sum)) in self.period_refs.refs.iter().zip(&dropped) {
            if *count > 0 {
                log.error(
                    ProblemCode::UnknownReference,
                    &At::Fact(*first).key("period"),
                    format!(
                        "\"{id}\" is not one of the declared periods; {} naming it {} left out (this is \
                         the first). Add it to \"periods\" or correct the id.",
                        plural(*count, "fact", "facts"),
                        if *count == 1 { "was" } else { "were" }
                    ),
                );
                self.excluded.n_facts += count;
                self.excluded.readable_amount += sum.to_decimal();
            }
        }
        if without.0 > 0 {
            log.error(
                ProblemCode::MissingField,
                &At::Fact(self.first_without_period.unwrap_or_default()).key("period"),
                format!(
                    "The file declares {} periods, so each fact must say which one it belongs to \
                     (\"period\": \"{}\"); {} without one {} left out (this is the first).",
                    dataset.periods.len(),
                    dataset.periods.last().map_or("", |p| p.id.as_str()),
                    plural(without.0, "fact", "facts"),
                    if without.0 == 1 { "was" } else { "were" }
                ),
            );
            self.excluded.n_facts += without.0;
            self.excluded.readable_amount += without.1.to_decimal();
        }
        for ((id, first), count) in self.source_refs.refs.iter().zip(&unknown_sources) {
            if *count > 0 {
                log.warn(
                    ProblemCode::UnknownSource,
                    &At::Fact(*first).key("source"),
                    format!(
                        "\"{id}\" is not one of the declared sources (the top-level \"sources\" list); {} \
                         naming it {} kept, with the source shown as unknown (this is the first).",
                        plural(*count, "fact", "facts"),
                        if *count == 1 { "was" } else { "were" }
                    ),
                );
            }
        }
    }
}

/// "1 fact", "3 facts".
fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}
