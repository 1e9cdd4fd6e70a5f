//! Loading while the file arrives: bytes are pushed chunk by chunk (the loader worker's
//! download), and each fact is checked and summed as soon as its last byte is in, so reading
//! overlaps the download instead of starting when it ends.
//!
//! The result is always exactly what [`super::load`] gives for the same bytes. Only the usual
//! layout is read as it arrives: a UTF-8 object whose header parts come before a `facts` list
//! (the layout the format recommends and every writer here uses). A top-level scanner finds
//! each header value and each fact, and the very parsers of the whole-file path read them. At
//! the first thing outside that shape (a byte-order mark, a syntax error, a repeated key, facts
//! before the header, deep nesting, trailing text) it stops and the whole file is loaded the
//! usual way once it has arrived, so every message and location is the whole-file one.

use super::{FactReader, Loaded, ProgressHook, load_reporting, prepare};
use crate::domain::model::Dataset;
use crate::domain::problem::ProblemLog;
use crate::domain::raw::{Header, RawFact, Skip, Text};
use serde_json::Value;
use std::sync::Arc;

/// Nesting, counted from the document's top, beyond which the whole-file path decides (its
/// parser refuses nesting deeper than 128, counted the same way).
const MAX_DEPTH: usize = 100;

/// A load fed chunk by chunk: [`IncrementalLoad::push`] each chunk, then
/// [`IncrementalLoad::finish`].
pub struct IncrementalLoad {
    bytes: Vec<u8>,
    /// The first byte not yet scanned.
    scanned: usize,
    state: State,
    header: Header,
    log: ProblemLog,
    /// The dataset prepared from the header and the reader checking facts, once `facts` begins.
    session: Option<(Dataset, FactReader)>,
    progress: Option<ProgressHook>,
}

/// Where the top-level scanner stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    /// Before the opening `{`.
    Start,
    /// Expecting a key (or `}` when `first`).
    Key { first: bool },
    /// Inside a key's quotes, which opened at `start`.
    InKey { start: usize, escaped: bool },
    /// After a key, before its `:`.
    Colon { key: String },
    /// After `:`, before the value.
    Value { key: String },
    /// Inside a value that began at `start`.
    InValue { key: String, span: Span },
    /// Inside the `facts` list, expecting a fact (or `]` when `first`).
    Fact { first: bool },
    /// Inside one fact.
    InFact { span: Span },
    /// After a fact, before `,` or `]`.
    AfterFact,
    /// After a value, before `,` or `}`.
    AfterValue,
    /// After the closing `}`: only blank space may follow.
    Done,
    /// Outside the usual shape: the whole file is loaded at the end.
    WholeFile,
}

/// One JSON value being scanned: where it began, how deep it is, and whether the scan is in a
/// string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// A scalar (number, `true`, `false`, `null`) ends at the first delimiter.
    scalar: bool,
}

/// What a scanned byte did to a value.
enum Step {
    /// Still inside.
    Inside,
    /// Ended with this byte (a closing bracket or quote).
    EndedWith,
    /// Ended just before this byte (a scalar's delimiter).
    EndedBefore,
    /// The byte cannot stand here.
    Invalid,
}

impl Span {
    fn open(start: usize, first: u8) -> Option<Span> {
        let (depth, in_string, scalar) = match first {
            b'{' | b'[' => (1, false, false),
            b'"' => (0, true, false),
            b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => (0, false, true),
            _ => return None,
        };
        Some(Span { start, depth, in_string, escaped: false, scalar })
    }

    fn step(&mut self, byte: u8, base_depth: usize) -> Step {
        if self.in_string {
            match (self.escaped, byte) {
                (true, _) => self.escaped = false,
                (false, b'\\') => self.escaped = true,
                (false, b'"') => {
                    self.in_string = false;
                    if self.depth == 0 {
                        return Step::EndedWith;
                    }
                }
                _ => {}
            }
            return Step::Inside;
        }
        if self.scalar {
            return match byte {
                b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' => Step::EndedBefore,
                _ => Step::Inside,
            };
        }
        match byte {
            b'"' => self.in_string = true,
            b'{' | b'[' => {
                self.depth += 1;
                if self.depth + base_depth > MAX_DEPTH {
                    return Step::Invalid;
                }
            }
            b'}' | b']' => {
                self.depth -= 1;
                if self.depth == 0 {
                    return Step::EndedWith;
                }
            }
            _ => {}
        }
        Step::Inside
    }
}

impl Span {
    /// Steps through `bytes` while the value goes on (skipping string contents with `memchr`),
    /// and returns the offset of the byte that ends it (not stepped: the state machine takes it),
    /// or `None` when it goes on past them all.
    fn run(&mut self, bytes: &[u8], base_depth: usize) -> Option<usize> {
        let mut i = 0;
        while i < bytes.len() {
            if self.in_string && !self.escaped {
                // Strings in facts are short: a plain loop beats a search call here.
                i += bytes.get(i..)?.iter().position(|b| matches!(b, b'"' | b'\\'))?;
            } else if !self.in_string && !self.scalar && !matches!(bytes[i], b'"' | b'{' | b'}' | b'[' | b']') {
                // Names, colons, commas, digits and blanks inside an object or list change nothing.
                i += 1;
                continue;
            }
            let mut probe = *self;
            match probe.step(bytes[i], base_depth) {
                Step::Inside => *self = probe,
                _ => return Some(i),
            }
            i += 1;
        }
        None
    }
}

/// The text of `bytes[start..end]`, if it is UTF-8 (a free function, so the load's other fields
/// stay borrowable while it is read).
fn span_text(bytes: &[u8], start: usize, end: usize) -> Option<&str> {
    bytes.get(start..end).and_then(|b| std::str::from_utf8(b).ok())
}

fn is_blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

impl IncrementalLoad {
    /// A load expecting about `expected` bytes (0 when unknown), telling `progress` how many
    /// facts have been read as it goes.
    pub fn new(expected: usize, progress: Option<ProgressHook>) -> IncrementalLoad {
        IncrementalLoad {
            bytes: Vec::with_capacity(expected),
            scanned: 0,
            state: State::Start,
            header: Header::default(),
            log: ProblemLog::default(),
            session: None,
            progress,
        }
    }

    /// How many bytes have arrived.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether no byte has arrived.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// How many facts have been read as they arrived (0 once reading waits for the whole file).
    pub fn facts_read(&self) -> usize {
        self.session.as_ref().map_or(0, |(_, reader)| reader.n_read())
    }

    /// Adds the next chunk of the file and reads whatever it completes.
    pub fn push(&mut self, chunk: &[u8]) {
        self.push_with(chunk.len(), |slot| slot.copy_from_slice(chunk));
    }

    /// Adds the next `len` bytes, written by `fill` straight into the buffer (the worker copies
    /// a download's chunk from JavaScript this way, once), and reads whatever they complete.
    pub fn push_with(&mut self, len: usize, fill: impl FnOnce(&mut [u8])) {
        let start = self.bytes.len();
        self.bytes.resize(start + len, 0);
        if let Some(slot) = self.bytes.get_mut(start..) {
            fill(slot);
        }
        if self.state != State::WholeFile {
            self.scan();
        }
    }

    /// The loaded file: the same as [`super::load`] of all the bytes pushed.
    pub fn finish(mut self) -> Loaded {
        match (self.state, self.session.take()) {
            (State::Done, Some((dataset, reader))) => {
                let dataset = reader.finish(dataset, &self.header, &mut self.log);
                Loaded { dataset: dataset.map(Arc::new), problems: self.log.finish() }
            }
            _ => load_reporting(&self.bytes, self.progress),
        }
    }

    fn scan(&mut self) {
        while self.scanned < self.bytes.len() {
            // Inside a fact or a header value, the bytes run on without a change of state: a
            // tight loop to the byte that ends it (nearly all of a file's bytes).
            let base_depth = if matches!(self.state, State::InFact { .. }) { 2 } else { 1 };
            if let State::InFact { span } | State::InValue { span, .. } = &mut self.state {
                match span.run(&self.bytes[self.scanned..], base_depth) {
                    Some(offset) => self.scanned += offset,
                    None => {
                        self.scanned = self.bytes.len();
                        return;
                    }
                }
            }
            let at = self.scanned;
            let byte = self.bytes[at];
            self.scanned += 1;
            let state = std::mem::replace(&mut self.state, State::WholeFile);
            self.state = self.next(state, at, byte);
            if self.state == State::WholeFile {
                // Nothing more is read as it arrives; the session's work is dropped.
                self.session = None;
                return;
            }
        }
    }

    /// The state after `byte` at `at`.
    fn next(&mut self, state: State, at: usize, byte: u8) -> State {
        match state {
            State::Start | State::AfterValue | State::AfterFact | State::Done | State::Key { .. } if is_blank(byte) => {
                state
            }
            State::Colon { .. } | State::Value { .. } | State::Fact { .. } if is_blank(byte) => state,
            State::Start if byte == b'{' => State::Key { first: true },
            State::Key { first: true } if byte == b'}' => State::Done,
            State::Key { .. } if byte == b'"' => State::InKey { start: at, escaped: false },
            State::InKey { start, escaped } => match (escaped, byte) {
                (true, _) => State::InKey { start, escaped: false },
                (false, b'\\') => State::InKey { start, escaped: true },
                (false, b'"') => {
                    match span_text(&self.bytes, start, at + 1).and_then(|t| serde_json::from_str::<Text<'_>>(t).ok()) {
                        Some(Text(key)) => State::Colon { key: key.into_owned() },
                        None => State::WholeFile,
                    }
                }
                _ => State::InKey { start, escaped },
            },
            State::Colon { key } if byte == b':' => State::Value { key },
            State::Value { key } if key == "facts" => self.begin_facts(byte),
            State::Value { key } => match Span::open(at, byte) {
                Some(span) => State::InValue { key, span },
                None => State::WholeFile,
            },
            State::InValue { key, mut span } => match span.step(byte, 1) {
                Step::Inside => State::InValue { key, span },
                Step::EndedWith => self.header_value(&key, span.start, at + 1),
                Step::EndedBefore => match self.header_value(&key, span.start, at) {
                    State::AfterValue => self.next(State::AfterValue, at, byte),
                    other => other,
                },
                Step::Invalid => State::WholeFile,
            },
            State::AfterValue if byte == b',' => State::Key { first: false },
            State::AfterValue if byte == b'}' => State::Done,
            State::Fact { first: true } if byte == b']' => State::AfterValue,
            State::Fact { .. } => match Span::open(at, byte) {
                Some(span) => State::InFact { span },
                None => State::WholeFile,
            },
            State::InFact { mut span } => match span.step(byte, 2) {
                Step::Inside => State::InFact { span },
                Step::EndedWith => self.fact(span.start, at + 1),
                Step::EndedBefore => match self.fact(span.start, at) {
                    State::AfterFact => self.next(State::AfterFact, at, byte),
                    other => other,
                },
                Step::Invalid => State::WholeFile,
            },
            State::AfterFact if byte == b',' => State::Fact { first: false },
            State::AfterFact if byte == b']' => State::AfterValue,
            _ => State::WholeFile,
        }
    }

    /// `facts` begins: the header so far must be complete and usable, and `facts` a list.
    fn begin_facts(&mut self, byte: u8) -> State {
        if byte != b'[' || self.session.is_some() || !self.header.is_complete() {
            return State::WholeFile;
        }
        match prepare(&self.header, &mut self.log) {
            Some(dataset) => {
                self.session = Some((dataset, FactReader::new(self.progress.clone())));
                State::Fact { first: true }
            }
            None => State::WholeFile,
        }
    }

    /// A header value ended: kept as the whole-file path keeps it.
    fn header_value(&mut self, key: &str, start: usize, end: usize) -> State {
        let Some(text) = span_text(&self.bytes, start, end) else {
            return State::WholeFile;
        };
        let kept = match self.header.slot(key) {
            Some(Some(_)) => return State::WholeFile,
            Some(slot) => serde_json::from_str::<Value>(text).map(|value| *slot = Some(value)).is_ok(),
            None => serde_json::from_str::<Skip>(text).is_ok(),
        };
        if kept { State::AfterValue } else { State::WholeFile }
    }

    /// A fact ended: checked and summed now.
    fn fact(&mut self, start: usize, end: usize) -> State {
        let Some((dataset, reader)) = self.session.as_mut() else { return State::WholeFile };
        let Some(text) = span_text(&self.bytes, start, end) else {
            return State::WholeFile;
        };
        match serde_json::from_str::<RawFact<'_>>(text) {
            Ok(raw) => {
                reader.push(raw, dataset, &mut self.log);
                State::AfterFact
            }
            Err(_) => State::WholeFile,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::load::load;

    /// Every way of cutting the file gives exactly what loading it whole gives.
    fn assert_same_in_chunks(name: &str, bytes: &[u8]) {
        let whole = load(bytes);
        for size in [1, 2, 3, 7, 64, 4096, usize::MAX] {
            let mut incremental = IncrementalLoad::new(0, None);
            for chunk in bytes.chunks(size.min(bytes.len().max(1))) {
                incremental.push(chunk);
            }
            let got = incremental.finish();
            assert!(got == whole, "{name}, chunks of {size}: {:?}\nvs {:?}", got.problems, whole.problems);
        }
    }

    #[test]
    fn the_same_as_loading_whole_for_every_fixture() {
        let mut files: Vec<std::path::PathBuf> = Vec::new();
        for dir in ["tests/fixtures", "tests/fixtures/compact", "tests/fixtures/fuzz", "public/data"] {
            let Ok(entries) = std::fs::read_dir(dir) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    if let Ok(inner) = std::fs::read_dir(&path) {
                        files.extend(inner.flatten().map(|e| e.path()).filter(|p| p.is_file()));
                    }
                } else if !path.to_string_lossy().contains("bench-") && !path.to_string_lossy().contains("generated") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 20, "fixtures found: {}", files.len());
        for path in files {
            let Ok(bytes) = std::fs::read(&path) else { continue };
            if bytes.len() > 2_000_000 {
                continue;
            }
            assert_same_in_chunks(&path.to_string_lossy(), &bytes);
        }
    }

    #[test]
    fn the_same_as_loading_whole_for_odd_shapes() {
        let cases: [&str; 14] = [
            "",
            "   ",
            "{}",
            "{\"facts\":[]}",
            r#"{"format_version":"1.0","metadata":{"title":"t"},"places":[],"audiences":[],"activities":[],"agencies":[{"id":"a","label":"A"}],"facts":[{"agency":"a","amount":"1.50"},7,null,"x",true,[1]]}"#,
            r#"{"format_version":"1.0","metadata":{"title":"t"},"places":[],"audiences":[],"activities":[],"agencies":[{"id":"a","label":"A"}],"facts":[{"agency":"a","amount":"1.50"}],"facts":[]}"#,
            r#"{"facts":[{"agency":"a","amount":"1"}],"format_version":"1.0","metadata":{"title":"t"},"places":[],"audiences":[],"activities":[],"agencies":[{"id":"a","label":"A"}]}"#,
            r#"{"format_version":"1.0","metadata":{"title":"t"},"places":[],"audiences":[],"activities":[],"agencies":[{"id":"a","label":"A"}],"facts":[{"agency":"a","amount":"1"}]} trailing"#,
            r#"{"format_version":"1.0","metadata":{"title":"t"},"metadata":{},"places":[],"audiences":[],"activities":[],"agencies":[],"facts":[]}"#,
            r#"{"format_version":1.0e400,"metadata":{"title":"t\"}\\"},"places":[],"audiences":[],"activities":[],"agencies":[],"unknown":{"a":[1,2,{"b":null}]},"facts":[ ],"transfers":[]}"#,
            r#"{"format_version":"1.0","metadata":{"title":"t"},"places":[],"audiences":[],"activities":[],"agencies":[],"facts":[{"agency":"a","amount":"1"},]}"#,
            "\u{feff}{\"facts\":[]}",
            r#"{"format_version":"1.0","metadata":{"title":"t"},"places":[],"audiences":[],"activities":[],"agencies":[],"facts":null}"#,
            r#"{"format_version":"1.0","metadata":{"title":"t"},"places":[],"audiences":[],"activities":[],"agencies":[],"facts":[{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}]}"#,
        ];
        for text in cases {
            assert_same_in_chunks(text, text.as_bytes());
        }
    }

    /// Damaged copies of a usual file (a byte dropped, or a quote, backslash, bracket, comma or
    /// non-ASCII byte put in) give exactly the whole-file result, wherever the damage falls.
    #[test]
    fn the_same_as_loading_whole_for_damaged_files() {
        let base: &[u8] = br#"{"format_version":"1.1","metadata":{"title":"t","currency":"GBP"},"periods":[{"id":"a"}],"places":[{"id":"p","label":"P"}],"audiences":[],"activities":[{"id":"x","label":"X \"q\" \\ y"}],"agencies":[{"id":"g","label":"G"}],"facts":[{"agency":"g","place":"p","activity":"x","amount":"1.25","period":"a","summed_from":2},{"agency":"g","amount":-3,"period":"a","note":"n, [ok]"},{"agency":"g","amount_minor":"150","period":"a"}],"transfers":[]}"#;
        let inserts: [&[u8]; 8] = [b"\"", b"\\", b"{", b"]", b",", b"\xc3", b"1", b" "];
        let mut rng = crate::rng::SplitMix64::new(9);
        for _ in 0..400 {
            let at = (rng.next_u64() % base.len() as u64) as usize;
            let mut damaged = base.to_vec();
            if rng.next_u64().is_multiple_of(3) {
                damaged.remove(at);
            } else {
                let insert = inserts[(rng.next_u64() % inserts.len() as u64) as usize];
                damaged.splice(at..at, insert.iter().copied());
            }
            assert_same_in_chunks(&String::from_utf8_lossy(&damaged), &damaged);
        }
    }

    #[test]
    fn a_usual_file_is_read_as_it_arrives() {
        let bytes = include_bytes!("../../../public/data/shropshire-illustrative-2011-12.json");
        let mut incremental = IncrementalLoad::new(bytes.len(), None);
        let (head, tail) = bytes.split_at(bytes.len() / 2);
        incremental.push(head);
        let (_, reader) = incremental.session.as_ref().expect("facts are being read before the end arrives");
        assert!(reader.n_read() > 0);
        incremental.push(tail);
        assert_eq!(incremental.state, State::Done);
        assert!(incremental.finish() == load(bytes));
    }
}
