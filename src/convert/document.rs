//! A Whole Place format 1.1 file as the converters write it: serde `Serialize` structs whose
//! field order is the key order in the file, and [`to_json`], which lays the document out
//! deterministically (header objects pretty-printed, one list item per line, `facts` last so the
//! loader can check facts as it streams them after the header).
//!
//! Writing only: the app reads files with `domain::load`, which is lenient where this is strict.

use serde::Serialize;
use std::collections::BTreeMap;

/// The whole file. Keys are written in this order; `facts` is last.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// `"1.1"`.
    pub format_version: String,
    /// Title, publisher, description ("What is in, what is not"), licence, currency, status.
    pub metadata: Metadata,
    /// Financial years, oldest first.
    pub periods: Vec<Period>,
    /// The published tables and releases the figures come from.
    pub sources: Vec<Source>,
    /// Places (with populations and households).
    pub places: Vec<Member>,
    /// Client groups, as a hierarchy.
    pub audiences: Vec<Member>,
    /// Functions (COFOG) and service lines beneath them.
    pub activities: Vec<Member>,
    /// Bodies that spend, as a hierarchy.
    pub agencies: Vec<Member>,
    /// Which bodies and years are included, partly included or lacking.
    pub coverage: Vec<Coverage>,
    /// Outcome measures and their values.
    pub outcomes: Outcomes,
    /// Money one body gives another to spend (written only when there are any).
    pub transfers: Vec<Transfer>,
    /// The amounts.
    pub facts: Vec<Fact>,
}

/// `metadata` (format 1.1: `status` may be `compiled`; no single `period` when `periods` is given).
#[derive(Debug, Clone, Serialize)]
pub struct Metadata {
    /// Page heading.
    pub title: String,
    /// Who brought the figures together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Plain text with line breaks: what the file holds and what it leaves out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The data's own version, e.g. "2025.1" (optional).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Licence of the figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub licence: Option<Licence>,
    /// ISO 4217 code of every amount (left out when the file names none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// `official`, `illustrative` or `compiled` (left out when not stated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Citations for the whole file (format 1.0's list; not the 1.1 `sources` facts cite).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// The one period of a file without a `periods` list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<OnePeriod>,
}

/// `metadata.period`: the one period of a file without a `periods` list.
#[derive(Debug, Clone, Serialize)]
pub struct OnePeriod {
    /// Shown to people.
    pub label: String,
    /// First day, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// A licence name and its web address.
#[derive(Debug, Clone, Serialize)]
pub struct Licence {
    /// e.g. "Open Government Licence v3.0".
    pub name: String,
    /// The licence text's address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One period (a financial year: 1 April to 31 March).
#[derive(Debug, Clone, Serialize)]
pub struct Period {
    /// e.g. `"2014-15"`; facts name it.
    pub id: String,
    /// Shown to people.
    pub label: String,
    /// First day, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// One entry of the top-level `sources` list.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// Facts, places and outcomes name it.
    pub id: String,
    /// The table or release.
    pub title: String,
    /// Who published it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Where it is published (left out when not known exactly).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Which sheet, line or file of it is used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Its licence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    /// When the extract was taken, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<String>,
}

/// A member of any of the four lists; the fields a list does not use are left out.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Member {
    /// Unique within its list.
    pub id: String,
    /// Shown to people.
    pub label: String,
    /// The broader member it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Residents (places) or people in the group (audiences).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub population: Option<u64>,
    /// Households (places).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub households: Option<u64>,
    /// Source id of the population and household figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub population_source: Option<String>,
    /// What it is, where it comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// People in the group in each Place (audiences): Place id → people.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub population_by_place: BTreeMap<String, u64>,
}

/// How a fact's amount was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// As published.
    Reported,
    /// Computed from published figures (e.g. a reconciliation line).
    Derived,
    /// A larger area's total × a stated share (an estimate).
    Apportioned,
    /// Otherwise estimated.
    Estimated,
}

/// One amount of spending.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    /// Who spent it.
    pub agency: String,
    /// Where (`null`: not attributed to one Place).
    pub place: Option<String>,
    /// On whom (`null`: not attributed to one audience).
    pub audience: Option<String>,
    /// On what.
    pub activity: Option<String>,
    /// Which period (left out in a file without a `periods` list: it has one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Exact decimal text, e.g. pounds with two decimals.
    pub amount: String,
    /// How it was obtained.
    pub basis: Basis,
    /// Source id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The share used, or why it is derived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// How many figures (ledger lines, or facts of a bigger file) this one adds up; written only
    /// when more than one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summed_from: Option<u64>,
}

/// How far the file covers a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Extent {
    /// Fully in the file.
    Included,
    /// In the file, with something missing.
    Partial,
    /// Not in the file.
    Lacking,
}

/// A coverage statement for an agency (and its descendants), in one period or all.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// Agency id.
    pub agency: String,
    /// Period id; absent = every period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Included, partial or lacking.
    pub extent: Extent,
    /// Why, in a sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `outcomes`: measures and values.
#[derive(Debug, Clone, Serialize)]
pub struct Outcomes {
    /// The measures.
    pub measures: Vec<Measure>,
    /// Their values.
    pub values: Vec<OutcomeValue>,
}

/// An outcome measure.
#[derive(Debug, Clone, Serialize)]
pub struct Measure {
    /// Values name it.
    pub id: String,
    /// Shown to people.
    pub label: String,
    /// What a value counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// `None`: no direction is better.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub higher_is_better: Option<bool>,
    /// What it measures and how.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Activity ids it relates to.
    pub activities: Vec<String>,
    /// Audience ids it relates to.
    pub audiences: Vec<String>,
    /// Source id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// One value of a measure.
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeValue {
    /// Measure id.
    pub measure: String,
    /// Place id.
    pub place: Option<String>,
    /// Period id.
    pub period: String,
    /// Decimal text.
    pub value: String,
    /// e.g. the England median.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparator: Option<Comparator>,
    /// Source id (else the measure's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A value to compare with.
#[derive(Debug, Clone, Serialize)]
pub struct Comparator {
    /// e.g. "England median".
    pub label: String,
    /// Decimal text.
    pub value: String,
}

/// Money one body gives another to spend (`transfers`), counted once, at `to`.
#[derive(Debug, Clone, Serialize)]
pub struct Transfer {
    /// The funder (agency id).
    pub from: String,
    /// The body that spends it (agency id).
    pub to: String,
    /// Period id.
    pub period: String,
    /// Exact decimal text, more than zero.
    pub amount: String,
    /// The activity the funder's figures put it under.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity: Option<String>,
    /// The Place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Whether the funder's facts include it (the loader then takes it off the funder).
    pub in_funder_figures: bool,
    /// e.g. the grant's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Source id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The document as JSON text: `{`, then each key on its own line in struct order; objects
/// pretty-printed, lists one item per line (compact), `facts` last; a final newline. `periods`,
/// `sources`, `coverage`, `transfers` and `outcomes` are left out when empty (an empty
/// `periods` list would be a warning; a file without one has `metadata.period`). The same
/// document always gives the same bytes. Errors only if serde_json cannot serialise a value.
pub fn to_json(doc: &Document) -> Result<String, serde_json::Error> {
    let mut out = String::from("{\n");
    push_value(&mut out, "format_version", &doc.format_version)?;
    push_value(&mut out, "metadata", &doc.metadata)?;
    if !doc.periods.is_empty() {
        push_list(&mut out, "  ", "periods", &doc.periods)?;
        out.push_str(",\n");
    }
    if !doc.sources.is_empty() {
        push_list(&mut out, "  ", "sources", &doc.sources)?;
        out.push_str(",\n");
    }
    push_list(&mut out, "  ", "places", &doc.places)?;
    out.push_str(",\n");
    push_list(&mut out, "  ", "audiences", &doc.audiences)?;
    out.push_str(",\n");
    push_list(&mut out, "  ", "activities", &doc.activities)?;
    out.push_str(",\n");
    push_list(&mut out, "  ", "agencies", &doc.agencies)?;
    out.push_str(",\n");
    if !doc.coverage.is_empty() {
        push_list(&mut out, "  ", "coverage", &doc.coverage)?;
        out.push_str(",\n");
    }
    if !doc.outcomes.measures.is_empty() || !doc.outcomes.values.is_empty() {
        out.push_str("  \"outcomes\": {\n");
        push_list(&mut out, "    ", "measures", &doc.outcomes.measures)?;
        out.push_str(",\n");
        push_list(&mut out, "    ", "values", &doc.outcomes.values)?;
        out.push_str("\n  },\n");
    }
    if !doc.transfers.is_empty() {
        push_list(&mut out, "  ", "transfers", &doc.transfers)?;
        out.push_str(",\n");
    }
    push_list(&mut out, "  ", "facts", &doc.facts)?;
    out.push_str("\n}\n");
    Ok(out)
}

/// `  "key": value,` with the value pretty-printed and indented under the key.
fn push_value<T: Serialize>(out: &mut String, key: &str, value: &T) -> Result<(), serde_json::Error> {
    let text = serde_json::to_string_pretty(value)?;
    out.push_str(&format!("  {}: ", serde_json::to_string(key)?));
    out.push_str(&text.replace('\n', "\n  "));
    out.push_str(",\n");
    Ok(())
}

/// `indent"key": [` then one compact item per line, then `indent]` (no trailing comma).
fn push_list<T: Serialize>(out: &mut String, indent: &str, key: &str, items: &[T]) -> Result<(), serde_json::Error> {
    out.push_str(&format!("{indent}{}: [", serde_json::to_string(key)?));
    for (i, item) in items.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(indent);
        out.push_str("  ");
        out.push_str(&serde_json::to_string(item)?);
    }
    if !items.is_empty() {
        out.push('\n');
        out.push_str(indent);
    }
    out.push(']');
    Ok(())
}
