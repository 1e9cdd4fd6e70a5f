//! Reading the top of a data file in one pass: header parts into a [`Header`], and facts checked
//! one at a time as they stream past when the header came first (the usual layout, and the one
//! the format recommends), or kept raw until the end when it did not.
//!
//! The format 1.1 parts (`periods`, `sources`, `coverage`, `outcomes`, `transfers`) may stand
//! anywhere: facts name periods and sources by id, and those ids are resolved when the whole
//! document has been read, so streaming never waits for a key the file may not have.
//!
//! Streaming keeps a million-fact file from ever holding a million raw facts in memory. Only the
//! serde plumbing lives here; every rule is in [`crate::domain::load`].

use crate::domain::load::{self, FactReader};
use crate::domain::model::Dataset;
use crate::domain::problem::ProblemLog;
use crate::domain::raw::{Header, RawFact, Skip, Text, number_or_skip};
use serde::de::{self, DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// The start of the error message for a top-level key given twice; [`crate::domain::load`]
/// recognises it to word its own message (serde's wording never reaches a person).
pub(crate) const DUPLICATE_TOP_LEVEL: &str = "whole-place: duplicate top-level key ";

/// Reads a whole document from text already known to be UTF-8. `Err` only for JSON that cannot
/// be read (syntax, nesting, a top level that is not an object, a repeated top-level key);
/// everything else is a problem in `log`.
pub(crate) fn read_document(
    text: &str,
    log: &mut ProblemLog,
    progress: Option<load::ProgressHook>,
) -> Result<Option<Dataset>, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let dataset = DocumentVisitor { log, progress }.read(&mut deserializer)?;
    deserializer.end()?;
    Ok(dataset)
}

/// What became of the `facts` member.
enum Facts<'de> {
    /// No `facts` key (yet).
    NotSeen,
    /// Checked while reading, against the dataset prepared from the complete header. (Boxed:
    /// there is one per document, and it keeps the other states small.)
    Streamed(Box<(Dataset, FactReader)>),
    /// The header was complete but could not be used (unknown format version).
    Refused,
    /// Read before the header was complete; checked at the end.
    Buffered(Vec<RawFact<'de>>),
    /// Not a list; `prepared` says whether the header's problems were already reported.
    NotAList { kind: &'static str, prepared: bool },
}

struct DocumentVisitor<'l> {
    log: &'l mut ProblemLog,
    progress: Option<load::ProgressHook>,
}

impl DocumentVisitor<'_> {
    fn read<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<Dataset>, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocumentVisitor<'_> {
    type Value = Option<Dataset>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object with metadata, places, audiences, activities, agencies and facts")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Dataset>, A::Error> {
        let log = self.log;
        let mut progress = self.progress;
        let mut header = Header::default();
        let mut facts = Facts::NotSeen;
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
            if key == "facts" {
                if !matches!(facts, Facts::NotSeen) {
                    return Err(A::Error::custom(format!("{DUPLICATE_TOP_LEVEL}facts")));
                }
                facts = if header.is_complete() {
                    match load::prepare(&header, log) {
                        Some(dataset) => {
                            let mut reader = FactReader::new(progress.take());
                            let shape = map.next_value_seed(FactsSeed {
                                sink: |raw: RawFact<'de>| reader.push(raw, &dataset, log),
                            })?;
                            match shape {
                                None => Facts::Streamed(Box::new((dataset, reader))),
                                Some(kind) => Facts::NotAList { kind, prepared: true },
                            }
                        }
                        None => {
                            map.next_value::<Skip>()?;
                            Facts::Refused
                        }
                    }
                } else {
                    let mut buffer = Vec::new();
                    match map.next_value_seed(FactsSeed { sink: |raw: RawFact<'de>| buffer.push(raw) })? {
                        None => Facts::Buffered(buffer),
                        Some(kind) => Facts::NotAList { kind, prepared: false },
                    }
                };
            } else if let Some(slot) = header.slot(&key) {
                if slot.is_some() {
                    return Err(A::Error::custom(format!("{DUPLICATE_TOP_LEVEL}{key}")));
                }
                *slot = Some(map.next_value::<Value>()?);
            } else {
                map.next_value::<Skip>()?;
            }
        }
        Ok(finish(&header, facts, log, progress))
    }
}

/// Applies the rules that wait for the end of the document.
fn finish(
    header: &Header,
    facts: Facts<'_>,
    log: &mut ProblemLog,
    progress: Option<load::ProgressHook>,
) -> Option<Dataset> {
    match facts {
        Facts::Streamed(streamed) => {
            let (dataset, reader) = *streamed;
            reader.finish(dataset, header, log)
        }
        Facts::Refused => None,
        Facts::Buffered(raw_facts) => {
            let dataset = load::prepare(header, log)?;
            let mut reader = FactReader::new(progress);
            for raw in raw_facts {
                reader.push(raw, &dataset, log);
            }
            reader.finish(dataset, header, log)
        }
        Facts::NotAList { kind, prepared } => {
            if !prepared {
                load::prepare(header, log)?;
            }
            load::facts_not_a_list(kind, log);
            None
        }
        Facts::NotSeen => {
            load::prepare(header, log)?;
            load::facts_missing(log);
            None
        }
    }
}

/// Reads the `facts` value, handing each fact to `sink`. Yields `None` for a list, or the JSON
/// type of whatever else stood there.
struct FactsSeed<F> {
    sink: F,
}

impl<'de, F: FnMut(RawFact<'de>)> DeserializeSeed<'de> for FactsSeed<F> {
    type Value = Option<&'static str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, F: FnMut(RawFact<'de>)> Visitor<'de> for FactsSeed<F> {
    type Value = Option<&'static str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of facts")
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Self::Value, A::Error> {
        while let Some(fact) = seq.next_element::<RawFact<'de>>()? {
            (self.sink)(fact);
        }
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        // A number arrives as a map too (see `raw`).
        Ok(Some(if number_or_skip(map)?.is_some() { "a number" } else { "an object" }))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Some("null"))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Some("true/false"))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Some("a number"))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Some("a number"))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Some("a number"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Some("text"))
    }
}
