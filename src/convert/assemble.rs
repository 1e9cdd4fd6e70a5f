//! One format 1.1 document from a header file and newline-delimited facts (`whole-place
//! assemble`): what engines write when they export query results as JSON lines (DuckDB
//! `COPY … (FORMAT JSON)`, Spark `write.json`, BigQuery `EXPORT DATA … format='JSON'`), one fact
//! object per line, in as many part files as they like.
//!
//! The header's own text is re-serialised (numbers keep their text: serde_json
//! `arbitrary_precision`), each fact line is copied as it stands after a syntax check, and the
//! loader then checks everything. Its problems about facts are moved to the part file and line
//! the fact came from ([`Assembled::relocate`]).

use crate::domain::load::load;
use crate::domain::problem::{Location, Problem, ProblemCode, Severity};
use serde_json::Value;

/// One input file: the name problems are located by, and its bytes.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// As given on the command line.
    pub name: &'a str,
    /// Its contents.
    pub bytes: &'a [u8],
}

/// The assembled document and where each of its facts came from.
#[derive(Debug, Clone)]
pub struct Assembled {
    /// The document, `facts` last.
    pub bytes: Vec<u8>,
    /// The header's name, for problems outside `facts`.
    header_name: String,
    /// For fact `i` of the document: (part file name index, line from 1).
    origins: Vec<(usize, u64)>,
    /// The part files' names.
    part_names: Vec<String>,
}

/// Builds the document. Errors (every one found, each located at its file and line): the
/// header is not a JSON object, or has facts of its own; a part is not UTF-8 or has a line that
/// is not one complete JSON value. Blank lines are skipped; a line ending `\r\n` is fine.
pub fn assemble(header: Input<'_>, parts: &[Input<'_>]) -> Result<Assembled, Vec<Problem>> {
    let mut problems = Vec::new();
    let head = header_text(header, &mut problems);
    let mut out: Vec<u8> = Vec::with_capacity(head.len() + parts.iter().map(|p| p.bytes.len() + 16).sum::<usize>());
    out.extend_from_slice(head.as_bytes());
    out.extend_from_slice(b"\"facts\": [\n");
    let mut origins = Vec::new();
    for (part_ix, part) in parts.iter().enumerate() {
        for (line_ix, line) in part.bytes.split(|b| *b == b'\n').enumerate() {
            let line_no = line_ix as u64 + 1;
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let at = |message: String| error_at(format!("{}:{line_no}", part.name), ProblemCode::NotJson, message);
            let Ok(text) = std::str::from_utf8(line) else {
                problems.push(at("This line is not UTF-8 text; export the facts as UTF-8 JSON lines.".to_owned()));
                continue;
            };
            let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
            if text.trim().is_empty() {
                continue;
            }
            if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
                problems.push(at(format!(
                    "This line is not one complete JSON value (it breaks at character {}); each line must \
                     hold one fact object, such as {{\"agency\": \"…\", \"amount\": \"12.50\", …}}.",
                    e.column()
                )));
                continue;
            }
            if !origins.is_empty() {
                out.extend_from_slice(b",\n");
            }
            out.extend_from_slice(text.as_bytes());
            origins.push((part_ix, line_no));
        }
    }
    out.extend_from_slice(b"\n]}\n");
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Assembled {
        bytes: out,
        header_name: header.name.to_owned(),
        origins,
        part_names: parts.iter().map(|p| p.name.to_owned()).collect(),
    })
}

/// The header as `{…,` ready for `"facts": [`, or `{` after a problem (reported).
fn header_text(header: Input<'_>, problems: &mut Vec<Problem>) -> String {
    let text = header.bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(header.bytes);
    let mut object = match serde_json::from_slice::<Value>(text) {
        Ok(Value::Object(object)) => object,
        Ok(_) | Err(_) => {
            // The loader's own reading says what is wrong and where, in plain English.
            let loaded = load(header.bytes);
            let mut found: Vec<Problem> = loaded
                .problems
                .listed
                .into_iter()
                .filter(|p| p.severity == Severity::Error && p.code != ProblemCode::MissingField)
                .map(|p| in_header(header.name, p))
                .collect();
            if found.is_empty() {
                found.push(error_at(
                    header.name.to_owned(),
                    ProblemCode::WrongType,
                    "The header must be one JSON object: a format 1.1 file without facts.".to_owned(),
                ));
            }
            problems.extend(found);
            return "{\n".to_owned();
        }
    };
    match object.remove("facts") {
        None | Some(Value::Null) => {}
        Some(Value::Array(facts)) if facts.is_empty() => {}
        Some(_) => problems.push(error_at(
            format!("{} $.facts", header.name),
            ProblemCode::WrongType,
            "The header must have no facts (\"facts\": [] or no \"facts\" at all): the facts come from \
             the JSON-lines files."
                .to_owned(),
        )),
    }
    let mut head = serde_json::to_string(&Value::Object(object)).unwrap_or_else(|_| "{}".to_owned());
    head.pop(); // the closing brace
    if head.len() > 1 {
        head.push(',');
    }
    head.push('\n');
    head
}

fn error_at(location: String, code: ProblemCode, message: String) -> Problem {
    Problem { severity: Severity::Error, code, location: Location::Path(location), message }
}

/// A problem found in the header read alone, located in the header file.
fn in_header(name: &str, problem: Problem) -> Problem {
    let location = Location::Path(format!("{name}, {}", problem.location));
    Problem { location, ..problem }
}

impl Assembled {
    /// How many facts the document has.
    pub fn n_facts(&self) -> usize {
        self.origins.len()
    }

    /// A problem the loader found in the assembled document, located where a person can find
    /// it: `part.ndjson:LINE` plus the field (`$.amount`) for a fact, else the JSON path in the
    /// document with the header's name. The message ends by saying which.
    pub fn relocate(&self, problem: Problem) -> Problem {
        let Problem { severity, code, location, message } = problem;
        let fact = match &location {
            Location::Path(path) => fact_index(path),
            _ => None,
        };
        let origin = fact.and_then(|(i, rest)| self.origins.get(i).map(|o| (*o, rest)));
        let (location, message) = match origin {
            Some(((part, line), rest)) => {
                let name = self.part_names.get(part).map_or("", String::as_str);
                let field = if rest.is_empty() { String::new() } else { format!(" ${rest}") };
                (
                    Location::Path(format!("{name}:{line}{field}")),
                    format!("{message} (Located by JSON-lines file and line.)"),
                )
            }
            None => (
                location,
                format!(
                    "{message} (Located in the document assembled from {} and the JSON-lines files.)",
                    self.header_name
                ),
            ),
        };
        Problem { severity, code, location, message }
    }
}

/// `$.facts[12].amount` → `(12, ".amount")`.
fn fact_index(path: &str) -> Option<(usize, &str)> {
    let rest = path.strip_prefix("$.facts[")?;
    let close = rest.find(']')?;
    let index = rest.get(..close)?.parse().ok()?;
    Some((index, rest.get(close + 1..).unwrap_or("")))
}
