//! The file as serde reads it, before any rule is checked.
//!
//! Everything here is deliberately lenient: small sections stay as `serde_json::Value` for
//! validation to walk with paths, and each fact reads any JSON shape without failing, so one bad
//! row becomes one located problem instead of a serde error that loses the whole file. Only
//! JSON syntax errors, nesting deeper than the limit, and a non-object at the top stop the
//! reading. Strings and keys borrow from the file's text where they can, so reading a million
//! facts allocates little.
//!
//! serde_json is built with `arbitrary_precision`: a number reaches a `deserialize_any` visitor
//! as a one-entry map `{NUMBER_TOKEN: "<the number's text>"}`. [`Scalar`] turns that back into
//! [`Scalar::Number`] with the text as written, so `1e400` or a 30-digit integer is judged by the
//! rules (one located problem) instead of failing inside serde.

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

/// The key serde_json's `arbitrary_precision` feature uses for a number presented as a map.
/// (Its value is the number's text.) Not public in serde_json, but part of its stable behaviour:
/// `serde_json::Value` itself relies on it.
pub const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Everything at the top of the file except the facts, as found.
#[derive(Debug, Default)]
pub struct Header {
    /// The declared format version.
    pub format_version: Option<Value>,
    /// The metadata object.
    pub metadata: Option<Value>,
    /// The Place list.
    pub places: Option<Value>,
    /// The audience list.
    pub audiences: Option<Value>,
    /// The activity list.
    pub activities: Option<Value>,
    /// The agency list.
    pub agencies: Option<Value>,
    /// The period list (format 1.1).
    pub periods: Option<Value>,
    /// The list of published sources facts cite (format 1.1; not `metadata.sources`).
    pub sources: Option<Value>,
    /// The coverage statements (format 1.1).
    pub coverage: Option<Value>,
    /// The outcome measures and values (format 1.1).
    pub outcomes: Option<Value>,
    /// The transfers between bodies (format 1.1).
    pub transfers: Option<Value>,
}

impl Header {
    /// The slot for a top-level key, or `None` for `facts` and keys the format does not define.
    pub fn slot(&mut self, key: &str) -> Option<&mut Option<Value>> {
        match key {
            "format_version" => Some(&mut self.format_version),
            "metadata" => Some(&mut self.metadata),
            "places" => Some(&mut self.places),
            "audiences" => Some(&mut self.audiences),
            "activities" => Some(&mut self.activities),
            "agencies" => Some(&mut self.agencies),
            "periods" => Some(&mut self.periods),
            "sources" => Some(&mut self.sources),
            "coverage" => Some(&mut self.coverage),
            "outcomes" => Some(&mut self.outcomes),
            "transfers" => Some(&mut self.transfers),
            _ => None,
        }
    }

    /// Whether every part facts are checked against has been read, so facts can be checked as
    /// they stream past: the version, metadata and the four member lists. The format 1.1 parts
    /// (`periods`, `sources`, `coverage`, `outcomes`, `transfers`) are not needed for that: a
    /// fact's period and source are resolved once the whole file is read, so those keys may
    /// stand anywhere, and a file without them (every 1.0 file) still streams.
    pub fn is_complete(&self) -> bool {
        [&self.format_version, &self.metadata, &self.places, &self.audiences, &self.activities, &self.agencies]
            .iter()
            .all(|part| part.is_some())
    }
}

/// A JSON scalar as found, or a note that a list or object stood where a scalar should.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar<'de> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A JSON number, as the text written in the file (e.g. `-500`, `12.5`, `1e400`).
    Number(Cow<'de, str>),
    /// A string, borrowed from the file unless it had escapes.
    Str(Cow<'de, str>),
    /// An array or object.
    Compound,
}

impl Scalar<'_> {
    /// Describes the JSON type for messages, e.g. "a number".
    pub fn kind(&self) -> &'static str {
        match self {
            Scalar::Null => "null",
            Scalar::Bool(_) => "true/false",
            Scalar::Number(_) => "a number",
            Scalar::Str(_) => "text",
            Scalar::Compound => "a list or object",
        }
    }
}

impl<'de> Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E>(self) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Bool(v))
    }
    // Without `arbitrary_precision` numbers would arrive here; with it they come as a map
    // (below). Kept so the type stays correct whichever way serde_json is built.
    fn visit_i64<E>(self, v: i64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Number(Cow::Owned(v.to_string())))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Number(Cow::Owned(v.to_string())))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Number(Cow::Owned(v.to_string())))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Owned(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar<'de>, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Scalar::Compound)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Scalar<'de>, A::Error> {
        Ok(match number_or_skip(map)? {
            Some(text) => Scalar::Number(text),
            None => Scalar::Compound,
        })
    }
}

/// Reads a map that may be a number in disguise (see the module docs): `Some(text)` for a
/// number, `None` after skipping a real object. Never fails on odd content: an object that
/// merely uses the token as a key with a non-text value is skipped as an object.
pub fn number_or_skip<'de, A: MapAccess<'de>>(mut map: A) -> Result<Option<Cow<'de, str>>, A::Error> {
    let Some(first) = map.next_key::<Text<'de>>()? else { return Ok(None) };
    if first.0 == NUMBER_TOKEN {
        if let Scalar::Str(text) = map.next_value::<Scalar<'de>>()? {
            if map.next_key::<Skip>()?.is_none() {
                return Ok(Some(text));
            }
            map.next_value::<Skip>()?;
        }
    } else {
        map.next_value::<Skip>()?;
    }
    while map.next_entry::<Skip, Skip>()?.is_some() {}
    Ok(None)
}

/// Text borrowed from the file when it has no escapes. (serde's own `Cow<str>` always copies.)
#[derive(Debug, Clone, PartialEq)]
pub struct Text<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(v)))
    }
}

/// Skips any JSON value, like serde's `IgnoredAny`, but through `deserialize_any`, so that
/// serde_json's nesting limit applies to ignored parts too (its `IgnoredAny` path has no
/// limit). The format refuses nesting deeper than the limit wherever it is, ignored or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_none<E>(self) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_str<E>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Skip)
    }
}

/// One fact as found: its known fields, plus the names of fields that are odd.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawFactFields<'de> {
    /// `agency`.
    pub agency: Option<Scalar<'de>>,
    /// `place`.
    pub place: Option<Scalar<'de>>,
    /// `audience`.
    pub audience: Option<Scalar<'de>>,
    /// `activity`.
    pub activity: Option<Scalar<'de>>,
    /// `amount`: a decimal string.
    pub amount: Option<Scalar<'de>>,
    /// `amount_minor`: an integer count of minor units.
    pub amount_minor: Option<Scalar<'de>>,
    /// `period` (format 1.1): a declared period's id.
    pub period: Option<Scalar<'de>>,
    /// `basis` (format 1.1): reported, derived, apportioned or estimated.
    pub basis: Option<Scalar<'de>>,
    /// `source` (format 1.1): a declared source's id.
    pub source: Option<Scalar<'de>>,
    /// `note` (format 1.1): text.
    pub note: Option<Scalar<'de>>,
    /// `summed_from` (format 1.1): how many figures the fact adds up (a compacted file).
    pub summed_from: Option<Scalar<'de>>,
    /// Field names this format does not define, in the order found.
    pub unknown_fields: Vec<Cow<'de, str>>,
    /// Known fields given more than once (JSON allows it; which value counts is ambiguous).
    pub duplicate_fields: Vec<Cow<'de, str>>,
}

/// A fact: an object, or whatever else stood in the list (reported, not fatal).
// Not boxed: nearly every fact is an object, so boxing would only add an allocation per fact.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum RawFact<'de> {
    /// A JSON object.
    Object(RawFactFields<'de>),
    /// Anything else; holds the JSON type for the message.
    NotAnObject(&'static str),
}

impl<'de> Deserialize<'de> for RawFact<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawFactVisitor)
    }
}

struct RawFactVisitor;

impl<'de> Visitor<'de> for RawFactVisitor {
    type Value = RawFact<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a fact object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFact<'de>, A::Error> {
        let mut fields = RawFactFields::default();
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
            if key == NUMBER_TOKEN && fields == RawFactFields::default() {
                // A number standing where a fact should be (see the module docs).
                number_or_skip_rest(&mut map)?;
                return Ok(RawFact::NotAnObject("a number"));
            }
            let slot = match key.as_ref() {
                "agency" => &mut fields.agency,
                "place" => &mut fields.place,
                "audience" => &mut fields.audience,
                "activity" => &mut fields.activity,
                "amount" => &mut fields.amount,
                "amount_minor" => &mut fields.amount_minor,
                "period" => &mut fields.period,
                "basis" => &mut fields.basis,
                "source" => &mut fields.source,
                "note" => &mut fields.note,
                "summed_from" => &mut fields.summed_from,
                _ => {
                    fields.unknown_fields.push(key);
                    map.next_value::<Skip>()?;
                    continue;
                }
            };
            let value = map.next_value::<Scalar<'de>>()?;
            if slot.is_some() {
                fields.duplicate_fields.push(key);
            }
            *slot = Some(value);
        }
        Ok(RawFact::Object(fields))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawFact<'de>, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(RawFact::NotAnObject("a list"))
    }
    fn visit_unit<E>(self) -> Result<RawFact<'de>, E> {
        Ok(RawFact::NotAnObject("null"))
    }
    fn visit_bool<E>(self, _: bool) -> Result<RawFact<'de>, E> {
        Ok(RawFact::NotAnObject("true/false"))
    }
    fn visit_i64<E>(self, _: i64) -> Result<RawFact<'de>, E> {
        Ok(RawFact::NotAnObject("a number"))
    }
    fn visit_u64<E>(self, _: u64) -> Result<RawFact<'de>, E> {
        Ok(RawFact::NotAnObject("a number"))
    }
    fn visit_f64<E>(self, _: f64) -> Result<RawFact<'de>, E> {
        Ok(RawFact::NotAnObject("a number"))
    }
    fn visit_str<E>(self, _: &str) -> Result<RawFact<'de>, E> {
        Ok(RawFact::NotAnObject("text"))
    }
}

/// After the number token was read as a key: reads its value and skips anything after it.
fn number_or_skip_rest<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<Skip>()?;
    while map.next_entry::<Skip, Skip>()?.is_some() {}
    Ok(())
}
