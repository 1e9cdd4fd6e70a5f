//! A loaded [`Dataset`] written back as a format 1.1 [`Document`], with facts that share every
//! key and all provenance (place, audience, activity, agency, period, basis, source, note)
//! summed into one, each carrying `summed_from` (how many facts of the file it adds up): the
//! `compact` command (native only).
//!
//! Lossless for every view the explorer offers, because every view sums facts by those fields
//! and nothing finer: metadata, periods, sources, members with their hierarchies, descriptions,
//! populations, households, population sources, coverage, outcomes and transfers are written as
//! the loader understood them (cleaned text, ids in NFC, labels filled in), so the reloaded
//! dataset is the same. The offsetting facts the loader adds for transfers already in the
//! funder's figures are not written: the `transfers` list recreates them.

use super::document::{
    Basis as DocBasis, Comparator as DocComparator, Coverage as DocCoverage, Document, Extent as DocExtent,
    Fact as DocFact, Licence as DocLicence, Measure, Member as DocMember, Metadata as DocMetadata, OnePeriod,
    OutcomeValue as DocOutcomeValue, Outcomes, Period as DocPeriod, Source as DocSource, Transfer as DocTransfer,
};
use crate::domain::load::{Loaded, load};
use crate::domain::model::{
    Basis, Dataset, Dim, Extent, Fact, Key, MemberIx, NoteIx, Period, PeriodIx, SourceIx, Status,
};
use crate::domain::money::{Amount, Currency, MAX_SUMMED_FROM};
use crate::domain::problem::Problems;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// The `format_version` every written file declares.
pub const FORMAT_VERSION: &str = "1.1";

/// What a check or a compaction counts: facts of the file read, kept and left out, distinct
/// tuples (facts once summed) and the total the explorer shows for each period (exact, with the
/// offsets for transfers in the funder's figures, as the headline shows it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Fact objects in the file (kept + left out).
    pub facts_read: usize,
    /// Facts kept by the loader.
    pub facts_kept: usize,
    /// Facts left out (each with an error).
    pub facts_left_out: usize,
    /// Distinct (keys, period, basis, source, note) tuples among the kept facts.
    pub tuples: usize,
    /// `(period id, exact total)`, in period order.
    pub totals: Vec<(String, Decimal)>,
}

/// The counts and totals of a loaded dataset (all zero and empty when nothing loaded).
pub fn summary(dataset: Option<&Dataset>) -> Summary {
    let Some(dataset) = dataset else {
        return Summary { facts_read: 0, facts_kept: 0, facts_left_out: 0, tuples: 0, totals: Vec::new() };
    };
    let kept = usize::try_from(dataset.n_facts()).unwrap_or(usize::MAX);
    let mut totals: Vec<Amount> = vec![Amount::ZERO; dataset.periods.len()];
    for fact in &dataset.facts {
        if let Some(total) = totals.get_mut(usize::from(fact.period)) {
            *total += fact.amount;
        }
    }
    let totals = totals.into_iter().map(|total| tidy(total, &dataset.metadata.currency));
    Summary {
        facts_read: kept + dataset.excluded.n_facts,
        facts_kept: kept,
        facts_left_out: dataset.excluded.n_facts,
        tuples: tuples(dataset).len(),
        totals: dataset.periods.iter().map(|p| p.id.clone()).zip(totals).collect(),
    }
}

/// A compacted file and what went into it.
#[derive(Debug, Clone)]
pub struct Compacted {
    /// The format 1.1 file, as [`super::document::to_json`] writes it.
    pub json: String,
    /// Facts in the input (all kept: a file with facts left out is refused).
    pub n_facts_in: usize,
    /// Facts written.
    pub n_facts_out: usize,
    /// The input's warnings (a compacted file no longer has most of them: its text is clean).
    pub problems: Problems,
}

/// Why a file was not compacted. Occurs when the input has an error (something was left out,
/// which compacting would then lose without a word) or nothing could be read, or (a bug) the
/// document could not be serialised.
#[derive(Debug, Clone)]
pub enum Refused {
    /// The input has errors: its problems.
    Errors(Problems),
    /// The document could not be written as JSON.
    Write(String),
}

/// Loads `bytes` and compacts them ([`compact_loaded`]).
pub fn compact(bytes: &[u8]) -> Result<Compacted, Refused> {
    compact_loaded(load(bytes))
}

/// Compacts an already loaded file: refused if the load found any error or left any fact out.
pub fn compact_loaded(loaded: Loaded) -> Result<Compacted, Refused> {
    let Loaded { dataset, problems } = loaded;
    let dataset = match dataset {
        Some(dataset) if problems.n_errors == 0 && dataset.excluded.n_facts == 0 => dataset,
        _ => return Err(Refused::Errors(problems)),
    };
    let doc = document(&dataset);
    let json = super::document::to_json(&doc).map_err(|e| Refused::Write(e.to_string()))?;
    let n_facts_in = usize::try_from(dataset.n_facts()).unwrap_or(usize::MAX);
    Ok(Compacted { json, n_facts_in, n_facts_out: doc.facts.len(), problems })
}

/// The dataset as a format 1.1 document, facts summed, each with the figures it adds up
/// (`Fact::n_facts`, written as `summed_from`).
pub fn document(dataset: &Dataset) -> Document {
    let ids = Ids { dataset };
    let without_list = period_without_list(dataset);
    let facts = tuples(dataset)
        .iter()
        .flat_map(within_limit)
        .map(|fact| document_fact(dataset, &fact, without_list.is_none()))
        .collect();
    Document {
        format_version: FORMAT_VERSION.to_owned(),
        metadata: metadata(dataset, without_list),
        periods: if without_list.is_some() { Vec::new() } else { dataset.periods.iter().map(period).collect() },
        sources: dataset.sources.iter().map(source).collect(),
        places: members(dataset, Dim::Place),
        audiences: members(dataset, Dim::Audience),
        activities: members(dataset, Dim::Activity),
        agencies: members(dataset, Dim::Agency),
        coverage: dataset
            .coverage
            .iter()
            .map(|c| DocCoverage {
                agency: ids.member(Dim::Agency, c.agency),
                period: c.period.map(|p| ids.period(p)),
                extent: match c.extent {
                    Extent::Included => DocExtent::Included,
                    Extent::Partial => DocExtent::Partial,
                    Extent::Lacking => DocExtent::Lacking,
                },
                note: c.note.clone(),
            })
            .collect(),
        outcomes: outcomes(dataset),
        transfers: dataset
            .transfers
            .iter()
            .map(|t| DocTransfer {
                from: ids.member(Dim::Agency, t.from),
                to: ids.member(Dim::Agency, t.to),
                period: ids.period(t.period),
                amount: decimal_text(t.amount),
                activity: ids.key(Dim::Activity, t.activity),
                place: ids.key(Dim::Place, t.place),
                in_funder_figures: t.in_funder_figures,
                note: t.note.clone(),
                source: t.source.map(|s| ids.source(s)),
            })
            .collect(),
        facts,
    }
}

/// What facts are summed by: every key and all provenance. The note by its text, so two notes
/// the loader kept apart only because their raw text differed (before cleaning) are one.
type TupleKey<'a> = ([Key; 4], PeriodIx, Basis, Option<SourceIx>, Option<&'a str>);

/// The file's facts summed per [`TupleKey`], in order of each tuple's first fact (so notes are
/// met in the same order on reload and compacting again changes nothing), amounts and figure
/// counts (`n_facts`) added. The loader has already summed facts with equal note ids; this
/// also joins notes whose text became equal only once cleaned.
fn tuples(dataset: &Dataset) -> Vec<Fact> {
    let mut position: HashMap<TupleKey<'_>, usize> = HashMap::new();
    let mut summed: Vec<Fact> = Vec::new();
    for fact in dataset.file_facts() {
        let note = fact.note.and_then(|n| dataset.note(n));
        let key = (fact.keys, fact.period, fact.basis, fact.source, note);
        match position.get(&key) {
            Some(&at) => {
                if let Some(total) = summed.get_mut(at) {
                    total.amount += fact.amount;
                    total.n_facts = total.n_facts.saturating_add(fact.n_facts);
                }
            }
            None => {
                position.insert(key, summed.len());
                summed.push(*fact);
            }
        }
    }
    summed
}

/// A summed fact as one or more facts whose `summed_from` is within the format's limit
/// ([`MAX_SUMMED_FROM`]): a tuple of more figures is written as several facts with the same keys,
/// its amount split exactly in proportion ([`Amount::split`]), which the loader sums back into
/// one tuple.
fn within_limit(fact: &Fact) -> Vec<Fact> {
    let summed_from = fact.n_facts;
    if summed_from <= MAX_SUMMED_FROM {
        return vec![*fact];
    }
    let mut counts: Vec<u64> = vec![MAX_SUMMED_FROM; usize::try_from(summed_from / MAX_SUMMED_FROM).unwrap_or(0)];
    if !summed_from.is_multiple_of(MAX_SUMMED_FROM) {
        counts.push(summed_from % MAX_SUMMED_FROM);
    }
    fact.amount
        .split(&counts)
        .into_iter()
        .zip(counts)
        .map(|(amount, n_facts)| Fact { amount, n_facts, ..*fact })
        .collect()
}

/// One (summed) fact as the file writes it: the ONE place a model fact becomes a document fact.
/// `with_period`: false in a file without a `periods` list (its one period is implied).
fn document_fact(dataset: &Dataset, fact: &Fact, with_period: bool) -> DocFact {
    let ids = Ids { dataset };
    DocFact {
        agency: ids.key(Dim::Agency, fact.key(Dim::Agency)).unwrap_or_default(),
        place: ids.key(Dim::Place, fact.key(Dim::Place)),
        audience: ids.key(Dim::Audience, fact.key(Dim::Audience)),
        activity: ids.key(Dim::Activity, fact.key(Dim::Activity)),
        period: with_period.then(|| ids.period(fact.period)),
        amount: amount_text(fact.amount, &dataset.metadata.currency),
        basis: match fact.basis {
            Basis::Reported => DocBasis::Reported,
            Basis::Derived => DocBasis::Derived,
            Basis::Apportioned => DocBasis::Apportioned,
            Basis::Estimated => DocBasis::Estimated,
        },
        source: fact.source.map(|s| ids.source(s)),
        note: fact.note.and_then(|n: NoteIx| dataset.note(n)).map(str::to_owned),
        summed_from: (fact.n_facts > 1).then_some(fact.n_facts),
    }
}

/// A fact's exact amount as text: no trailing zeros beyond the currency's minor unit (the
/// engine keeps ten-thousandths), no sign on zero.
fn amount_text(amount: Amount, currency: &Currency) -> String {
    decimal_text(tidy(amount, currency))
}

/// An exact amount with the currency's minor-unit places, and more only where it has them.
fn tidy(amount: Amount, currency: &Currency) -> Decimal {
    let mut value = amount.to_decimal().normalize();
    if value.scale() < currency.minor_unit_digits {
        value.rescale(currency.minor_unit_digits);
    }
    value
}

/// An exact amount as text, with no sign on zero (a sum of +x and −x is `0.00`, not `-0.00`).
fn decimal_text(amount: Decimal) -> String {
    let mut amount = amount;
    if amount.is_zero() {
        amount.set_sign_positive(true);
    }
    amount.to_string()
}

/// The dataset's one period when the file had no `periods` list (read from `metadata.period`,
/// or "the period" when that was missing too): written back the same way, since a one-item
/// `periods` list would lose `metadata.period` (the headline says "period not stated" without it).
fn period_without_list(dataset: &Dataset) -> Option<&Period> {
    match dataset.periods.as_slice() {
        [only] if only.id == Period::V1_ID => {
            let default = only.label == "the period" && only.start.is_none() && only.end.is_none();
            (dataset.metadata.period.is_some() || default).then_some(only)
        }
        _ => None,
    }
}

fn metadata(dataset: &Dataset, without_list: Option<&Period>) -> DocMetadata {
    let m = &dataset.metadata;
    DocMetadata {
        title: m.title.clone(),
        publisher: m.publisher.clone(),
        description: m.description.clone(),
        version: m.version.clone(),
        licence: m.licence.as_ref().map(|l| DocLicence { name: l.name.clone(), url: l.url.clone() }),
        currency: (m.currency != Currency::unknown()).then(|| m.currency.code.clone()),
        status: match m.status {
            Status::Unstated => None,
            status => Some(status.as_str().to_owned()),
        },
        sources: m.sources.clone(),
        period: without_list.and(m.period.as_ref()).map(|p| OnePeriod {
            label: p.label.clone(),
            start: p.start.clone(),
            end: p.end.clone(),
        }),
    }
}

fn period(p: &Period) -> DocPeriod {
    DocPeriod { id: p.id.clone(), label: p.label.clone(), start: p.start.clone(), end: p.end.clone() }
}

fn source(s: &crate::domain::model::Source) -> DocSource {
    DocSource {
        id: s.id.clone(),
        title: s.title.clone(),
        publisher: s.publisher.clone(),
        url: s.url.clone(),
        reference: s.reference.clone(),
        licence: s.licence.clone(),
        retrieved: s.retrieved.clone(),
    }
}

fn members(dataset: &Dataset, dim: Dim) -> Vec<DocMember> {
    let ids = Ids { dataset };
    let mut by_place: HashMap<MemberIx, BTreeMap<String, u64>> = HashMap::new();
    if dim == Dim::Audience {
        for (&(audience, place), &people) in &dataset.audience_population {
            by_place.entry(audience).or_default().insert(ids.member(Dim::Place, place), people);
        }
    }
    dataset
        .dim(dim)
        .iter()
        .map(|(ix, m)| DocMember {
            id: m.id.clone(),
            label: m.label.clone(),
            parent: m.parent.map(|p| ids.member(dim, p)),
            population: m.population,
            households: m.households,
            population_source: m.population_source.map(|s| ids.source(s)),
            description: m.description.clone(),
            population_by_place: by_place.remove(&ix).unwrap_or_default(),
        })
        .collect()
}

fn outcomes(dataset: &Dataset) -> Outcomes {
    let ids = Ids { dataset };
    let ids_of = |dim: Dim, list: &[MemberIx]| list.iter().map(|&ix| ids.member(dim, ix)).collect();
    Outcomes {
        measures: dataset
            .outcome_measures
            .iter()
            .map(|m| Measure {
                id: m.id.clone(),
                label: m.label.clone(),
                unit: m.unit.clone(),
                higher_is_better: m.higher_is_better,
                description: m.description.clone(),
                activities: ids_of(Dim::Activity, &m.activities),
                audiences: ids_of(Dim::Audience, &m.audiences),
                source: m.source.map(|s| ids.source(s)),
            })
            .collect(),
        values: dataset
            .outcome_values
            .iter()
            .map(|v| DocOutcomeValue {
                measure: dataset.outcome_measures.get(v.measure).map(|m| m.id.clone()).unwrap_or_default(),
                place: ids.key(Dim::Place, v.place),
                period: ids.period(v.period),
                value: v.value.to_string(),
                comparator: v
                    .comparator
                    .as_ref()
                    .map(|c| DocComparator { label: c.label.clone(), value: c.value.to_string() }),
                source: v.source.map(|s| ids.source(s)),
            })
            .collect(),
    }
}

/// Indices back to the ids the file names them by. Indices come from the loader, so each one
/// is in range; an empty id (never written by a loaded dataset) stands for one that is not.
struct Ids<'a> {
    dataset: &'a Dataset,
}

impl Ids<'_> {
    fn member(&self, dim: Dim, ix: MemberIx) -> String {
        self.dataset.dim(dim).get(ix).map(|m| m.id.clone()).unwrap_or_default()
    }

    /// A member's id, or `None` (written `null`, or left out) for "not attributed".
    fn key(&self, dim: Dim, key: Key) -> Option<String> {
        key.ix().map(|ix| self.member(dim, ix))
    }

    fn period(&self, ix: PeriodIx) -> String {
        self.dataset.periods.get(usize::from(ix)).map(|p| p.id.clone()).unwrap_or_default()
    }

    fn source(&self, ix: SourceIx) -> String {
        self.dataset.sources.get(ix as usize).map(|s| s.id.clone()).unwrap_or_default()
    }
}
