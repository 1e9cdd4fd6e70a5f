//! Problems found while loading a dataset: what went wrong, where, and how bad it is.
//!
//! Loading never fails outright; it returns what it could use plus these. Each problem names a
//! location a data officer can find in their file (a JSON path such as `$.facts[12].amount`, or a
//! line and column for syntax errors) and says in plain English what to change.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// How much a problem matters to the figures shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Severity {
    /// Something was left out of the figures (or nothing could be loaded at all).
    Error,
    /// Everything was used, but the publisher should look at this.
    Warning,
}

impl Severity {
    /// The word shown beside the problem.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
        }
    }
}

/// What kind of problem this is; tests match on it instead of on message wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ProblemCode {
    /// The file has no content at all.
    EmptyFile,
    /// The file starts with a UTF-8 byte-order mark (ignored).
    ByteOrderMark,
    /// The text is not valid JSON.
    NotJson,
    /// The file is not UTF-8 text (UTF-16, UTF-32, Windows-1252, ...).
    NotUtf8,
    /// The JSON nests deeper than the reader allows.
    TooDeep,
    /// The JSON is valid but not an object at the top, or a part has the wrong JSON type.
    WrongType,
    /// A required field is absent.
    MissingField,
    /// `format_version` names a version this explorer does not understand.
    UnknownFormatVersion,
    /// An id is empty, too long, or uses a reserved form.
    InvalidId,
    /// Two members of one dimension share an id.
    DuplicateId,
    /// A fact or audience refers to an id that is not declared.
    UnknownReference,
    /// An amount is not a plain decimal string.
    InvalidAmount,
    /// An amount is a binary floating-point JSON number.
    FloatAmount,
    /// An amount is given as a bare integer (read as whole currency units).
    IntegerAmount,
    /// An amount is larger than the format allows.
    AmountOutOfRange,
    /// A population is negative, fractional or not a number.
    InvalidPopulation,
    /// An activity's parent is not declared.
    UnknownParent,
    /// Activities' parents form a loop.
    ParentCycle,
    /// A metadata value is not one the format allows.
    InvalidMetadata,
    /// A field this format does not define (ignored).
    UnknownField,
    /// An object gives the same field twice.
    DuplicateField,
    /// Text holds a control character (NUL, BEL, ESC, C1 ...); replaced with U+FFFD.
    ControlCharacter,
    /// Text holds direction-control characters (U+202E ...); kept, the page isolates labels.
    BidiText,
    /// An id holds an invisible or look-alike character (zero-width space, no-break space ...).
    InvisibleInId,
    /// A period date is not a real calendar date as `YYYY-MM-DD`, or starts after it ends.
    InvalidDate,
    /// `format_version` is a later 1.x than this explorer knows (read, newer keys ignored).
    LaterMinorVersion,
    /// A file declaring 1.0 uses format 1.1 keys (read as 1.1).
    LaterVersionKeys,
    /// Both `metadata.period` and a `periods` list are given (the former is ignored).
    PeriodGivenTwice,
    /// The `periods` list is not oldest first (re-sorted by start date).
    PeriodsOutOfOrder,
    /// Two periods overlap.
    OverlappingPeriods,
    /// A fact's `basis` is not a known word (taken as estimated).
    UnknownBasis,
    /// Facts in a 1.1 file without a `basis` (taken as reported; one warning for the file).
    MissingBasis,
    /// A fact, Place, outcome or transfer cites a source the `sources` list does not declare.
    UnknownSource,
    /// A coverage statement's `extent` is not included, partial or lacking.
    InvalidExtent,
    /// Facts for an agency and period the coverage says are lacking.
    FactsWhereLacking,
    /// An outcome value or comparator is not a plainly written number.
    InvalidValue,
    /// A second outcome value for the same measure, Place and period.
    DuplicateOutcomeValue,
    /// A transfer between an agency and itself, or of zero or less.
    InvalidTransfer,
    /// A member's own facts equal its descendants' sum: a subtotal published as spending.
    LooksLikeSubtotal,
}

/// Where in the file a problem is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Location {
    /// The whole file.
    File,
    /// A line and column (both from 1), for problems found while reading the JSON text.
    LineColumn {
        /// Line number, from 1.
        line: usize,
        /// Column number, from 1.
        column: usize,
    },
    /// A JSON path such as `$.facts[3].place`.
    Path(String),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => f.write_str("whole file"),
            Location::LineColumn { line, column } => write!(f, "line {line}, column {column}"),
            Location::Path(path) => f.write_str(path),
        }
    }
}

/// One problem with a dataset.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// Whether data was left out because of it.
    pub severity: Severity,
    /// Its kind.
    pub code: ProblemCode,
    /// Where it is.
    pub location: Location,
    /// What is wrong and what to do, in plain English.
    pub message: String,
}

/// A JSON path under construction, e.g. `$` → `$.facts` → `$.facts[3]` → `$.facts[3].amount`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct JsonPath(String);

impl JsonPath {
    /// The document root, `$`.
    pub fn root() -> Self {
        JsonPath("$".to_owned())
    }

    /// The path to a field of this object.
    pub fn key(&self, key: &str) -> Self {
        let plain = !key.is_empty()
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !key.starts_with(|c: char| c.is_ascii_digit());
        if plain {
            JsonPath(format!("{}.{key}", self.0))
        } else {
            // Quote keys that are not identifiers so the path stays unambiguous.
            let quoted = serde_json::to_string(key).unwrap_or_default();
            JsonPath(format!("{}[{quoted}]", self.0))
        }
    }

    /// The path to an element of this array.
    pub fn index(&self, index: usize) -> Self {
        JsonPath(format!("{}[{index}]", self.0))
    }

    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How many problems of one code are kept in full; the rest are only counted, so a file with
/// a million bad rows gives a readable list instead of a million lines.
pub const KEPT_PER_CODE: usize = 25;

/// Collects problems, keeping the first [`KEPT_PER_CODE`] of each code and counting the rest.
#[derive(Debug, Default)]
pub struct ProblemLog {
    kept: Vec<Problem>,
    seen_per_code: HashMap<ProblemCode, usize>,
    n_not_kept: usize,
    n_errors: usize,
    n_warnings: usize,
    /// Warnings given once per group for the whole file, with how many places had it.
    grouped: Vec<Grouped>,
}

#[derive(Debug)]
struct Grouped {
    group: String,
    code: ProblemCode,
    first: JsonPath,
    message: String,
    n_places: usize,
}

impl ProblemLog {
    /// Records a problem found at a JSON path.
    pub fn at(&mut self, severity: Severity, code: ProblemCode, path: &JsonPath, message: String) {
        self.push(Problem { severity, code, location: Location::Path(path.as_str().to_owned()), message });
    }

    /// Records an error (data left out) at a JSON path.
    pub fn error(&mut self, code: ProblemCode, path: &JsonPath, message: String) {
        self.at(Severity::Error, code, path, message);
    }

    /// Records a warning (data used) at a JSON path.
    pub fn warn(&mut self, code: ProblemCode, path: &JsonPath, message: String) {
        self.at(Severity::Warning, code, path, message);
    }

    /// Records a warning given once per `group` for the whole file, located at its first
    /// occurrence; the message (made only the first time) gets the number of places that had it
    /// when the log is finished. Call once per place (e.g. once per text field).
    pub fn warn_grouped(&mut self, code: ProblemCode, group: &str, path: &JsonPath, message: impl FnOnce() -> String) {
        match self.grouped.iter_mut().find(|g| g.group == group) {
            Some(grouped) => grouped.n_places += 1,
            None => self.grouped.push(Grouped {
                group: group.to_owned(),
                code,
                first: path.clone(),
                message: message(),
                n_places: 1,
            }),
        }
    }

    /// Records any problem. File text quoted in the message or path has its invisible and
    /// control characters shown by code (`<U+202E>`), so a message can't be reordered or hide
    /// what is wrong.
    pub fn push(&mut self, problem: Problem) {
        match problem.severity {
            Severity::Error => self.n_errors += 1,
            Severity::Warning => self.n_warnings += 1,
        }
        let seen = self.seen_per_code.entry(problem.code).or_insert(0);
        *seen += 1;
        if *seen <= KEPT_PER_CODE {
            let Problem { severity, code, location, message } = problem;
            let location = match location {
                Location::Path(path) => Location::Path(show_invisible(&path).into_owned()),
                other => other,
            };
            let message = show_invisible(&message).into_owned();
            self.kept.push(Problem { severity, code, location, message });
        } else {
            self.n_not_kept += 1;
        }
    }

    /// How many problems of this code were recorded, kept or not.
    pub fn count(&self, code: ProblemCode) -> usize {
        self.seen_per_code.get(&code).copied().unwrap_or(0)
    }

    /// Finishes the log.
    pub fn finish(mut self) -> Problems {
        for grouped in std::mem::take(&mut self.grouped) {
            let places = match grouped.n_places {
                1 => "It was found in 1 field, here.".to_owned(),
                n => format!("It was found in {n} fields; this is the first."),
            };
            self.warn(grouped.code, &grouped.first, format!("{} {places}", grouped.message));
        }
        Problems {
            listed: self.kept,
            n_not_listed: self.n_not_kept,
            n_errors: self.n_errors,
            n_warnings: self.n_warnings,
        }
    }
}

/// The problems found in one load.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problems {
    /// The problems kept in full, in the order they were found.
    pub listed: Vec<Problem>,
    /// How many more were found but not listed (beyond [`KEPT_PER_CODE`] of one code).
    pub n_not_listed: usize,
    /// How many errors were found in all, listed or not.
    pub n_errors: usize,
    /// How many warnings were found in all, listed or not.
    pub n_warnings: usize,
}

impl Problems {
    /// How many problems were found in all.
    pub fn len(&self) -> usize {
        self.listed.len() + self.n_not_listed
    }

    /// Whether no problem was found.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether any listed problem has this code.
    pub fn has(&self, code: ProblemCode) -> bool {
        self.listed.iter().any(|p| p.code == code)
    }
}

/// Whether a character opens or closes an explicit embedding, override or isolate
/// (U+202A–U+202E, U+2066–U+2069): the direction controls that act on the text after them,
/// unlike the marks (LRM, RLM, ALM). The loader removes them from text, and
/// `format::isolate` drops any inside a label so it cannot break out of its isolate.
pub fn is_explicit_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that change the direction of text around them.
pub fn is_bidi_control(c: char) -> bool {
    is_explicit_direction_control(c) || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Characters with no visible form of their own, or spaces that look like an ordinary space.
pub fn is_invisible(c: char) -> bool {
    is_bidi_control(c)
        || matches!(
            c,
            '\u{00A0}'
                | '\u{00AD}'
                | '\u{034F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{1680}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{2000}'..='\u{200D}'
                | '\u{2028}'..='\u{202F}'
                | '\u{205F}'..='\u{206F}'
                | '\u{3000}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// Whether a character should be shown by its code in a message rather than as itself.
pub fn needs_showing_by_code(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// Replaces characters that would be invisible or act on the text around them with their code,
/// e.g. "<U+202E>", so a message quoting file text shows exactly what is there.
pub fn show_invisible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_showing_by_code) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_showing_by_code(c) {
            shown.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_quote_keys_that_are_not_identifiers() {
        let root = JsonPath::root();
        assert_eq!(root.key("facts").index(3).key("amount").as_str(), "$.facts[3].amount");
        assert_eq!(root.key("population").key("ludlow-town").as_str(), "$.population[\"ludlow-town\"]");
        assert_eq!(root.key("9lives").as_str(), "$[\"9lives\"]");
    }

    #[test]
    fn invisible_characters_are_shown_by_code() {
        assert_eq!(show_invisible("a\u{202E}b\u{0}"), "a<U+202E>b<U+0000>");
        assert_eq!(show_invisible("Côr"), "Côr");
    }

    #[test]
    fn log_keeps_a_bounded_number_per_code_but_counts_all() {
        let mut log = ProblemLog::default();
        for i in 0..(KEPT_PER_CODE + 10) {
            log.error(ProblemCode::InvalidAmount, &JsonPath::root().index(i), "bad".into());
        }
        log.warn(ProblemCode::UnknownField, &JsonPath::root(), "odd".into());
        assert_eq!(log.count(ProblemCode::InvalidAmount), KEPT_PER_CODE + 10);
        let problems = log.finish();
        assert_eq!(problems.listed.len(), KEPT_PER_CODE + 1);
        assert_eq!(problems.n_not_listed, 10);
        assert_eq!(problems.len(), KEPT_PER_CODE + 11);
        assert_eq!(problems.n_errors, KEPT_PER_CODE + 10);
        assert!(problems.has(ProblemCode::UnknownField));
    }
}
