//! The file as serde reads it, before any rule is checked.
//!
//! Everything here is deliberately lenient: small sections stay as `serde_json::Value` for
//! validation to walk with paths, and each fact reads any JSON shape without failing, so one bad
//! row becomes one located problem instead of a serde error that loses the whole file. Only
//! JSON syntax errors (and a non-object at the top) stop the reading.

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// The top-level object. Unknown keys (such as `$schema`) are ignored.
#[derive(Debug, Deserialize)]
pub struct RawDocument {
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
    /// The facts.
    pub facts: Option<RawFacts>,
}

/// A JSON scalar as found, or a note that a list or object stood where a scalar should.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number (exact).
    Int(i128),
    /// A number with a fraction or exponent, as serde_json read it (already inexact).
    Float(f64),
    /// A string.
    Str(String),
    /// An array or object.
    Compound,
}

impl Scalar {
    /// Describes the JSON type for messages, e.g. "a number".
    pub fn kind(&self) -> &'static str {
        match self {
            Scalar::Null => "null",
            Scalar::Bool(_) => "true/false",
            Scalar::Int(_) | Scalar::Float(_) => "a number",
            Scalar::Str(_) => "text",
            Scalar::Compound => "a list or object",
        }
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Int(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Int(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Compound)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Compound)
    }
}

/// One fact as found: its known fields, plus the names of any fields the format does not define.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawFactFields {
    /// `agency`.
    pub agency: Option<Scalar>,
    /// `place`.
    pub place: Option<Scalar>,
    /// `audience`.
    pub audience: Option<Scalar>,
    /// `activity`.
    pub activity: Option<Scalar>,
    /// `amount`: a decimal string.
    pub amount: Option<Scalar>,
    /// `amount_minor`: an integer count of minor units.
    pub amount_minor: Option<Scalar>,
    /// Field names this format does not define, in the order found.
    pub unknown_fields: Vec<String>,
    /// Known fields given more than once (JSON allows it; which value counts is ambiguous).
    pub duplicate_fields: Vec<String>,
}

/// A fact: an object, or whatever else stood in the list (reported, not fatal).
// Not boxed: nearly every fact is an object, so boxing would only add an allocation per fact.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum RawFact {
    /// A JSON object.
    Object(RawFactFields),
    /// Anything else; holds the JSON type for the message.
    NotAnObject(&'static str),
}

impl<'de> Deserialize<'de> for RawFact {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawFactVisitor)
    }
}

struct RawFactVisitor;

impl<'de> Visitor<'de> for RawFactVisitor {
    type Value = RawFact;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a fact object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFact, A::Error> {
        let mut fields = RawFactFields::default();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let slot = match key.as_ref() {
                "agency" => &mut fields.agency,
                "place" => &mut fields.place,
                "audience" => &mut fields.audience,
                "activity" => &mut fields.activity,
                "amount" => &mut fields.amount,
                "amount_minor" => &mut fields.amount_minor,
                _ => {
                    fields.unknown_fields.push(key.into_owned());
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            if slot.is_some() {
                fields.duplicate_fields.push(key.into_owned());
            }
            *slot = Some(map.next_value::<Scalar>()?);
        }
        Ok(RawFact::Object(fields))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawFact, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(RawFact::NotAnObject("a list"))
    }
    fn visit_unit<E>(self) -> Result<RawFact, E> {
        Ok(RawFact::NotAnObject("null"))
    }
    fn visit_bool<E>(self, _: bool) -> Result<RawFact, E> {
        Ok(RawFact::NotAnObject("true/false"))
    }
    fn visit_i64<E>(self, _: i64) -> Result<RawFact, E> {
        Ok(RawFact::NotAnObject("a number"))
    }
    fn visit_u64<E>(self, _: u64) -> Result<RawFact, E> {
        Ok(RawFact::NotAnObject("a number"))
    }
    fn visit_f64<E>(self, _: f64) -> Result<RawFact, E> {
        Ok(RawFact::NotAnObject("a number"))
    }
    fn visit_str<E>(self, _: &str) -> Result<RawFact, E> {
        Ok(RawFact::NotAnObject("text"))
    }
}

/// The `facts` member: a list of facts, or a note of what stood there instead.
#[derive(Debug, Clone, PartialEq)]
pub enum RawFacts {
    /// A JSON array.
    List(Vec<RawFact>),
    /// Anything else; holds the JSON type for the message.
    NotAList(&'static str),
}

impl<'de> Deserialize<'de> for RawFacts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawFactsVisitor)
    }
}

struct RawFactsVisitor;

impl<'de> Visitor<'de> for RawFactsVisitor {
    type Value = RawFacts;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of facts")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawFacts, A::Error> {
        let mut facts = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 20));
        while let Some(fact) = seq.next_element::<RawFact>()? {
            facts.push(fact);
        }
        Ok(RawFacts::List(facts))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFacts, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(RawFacts::NotAList("an object"))
    }
    fn visit_unit<E>(self) -> Result<RawFacts, E> {
        Ok(RawFacts::NotAList("null"))
    }
    fn visit_bool<E>(self, _: bool) -> Result<RawFacts, E> {
        Ok(RawFacts::NotAList("true/false"))
    }
    fn visit_i64<E>(self, _: i64) -> Result<RawFacts, E> {
        Ok(RawFacts::NotAList("a number"))
    }
    fn visit_u64<E>(self, _: u64) -> Result<RawFacts, E> {
        Ok(RawFacts::NotAList("a number"))
    }
    fn visit_f64<E>(self, _: f64) -> Result<RawFacts, E> {
        Ok(RawFacts::NotAList("a number"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<RawFacts, E> {
        Ok(RawFacts::NotAList("text"))
    }
}
