//! Where a figure comes from: the facts behind one slice of a view (or its whole total), grouped
//! by source, basis and note, with their sums, for the "where does this come from" drawer.

use crate::domain::aggregate::{Selection, SliceKey, period_of, slice_members};
use crate::domain::model::{Basis, Dataset, Dim, NoteIx, Source, SourceIx};
use crate::domain::money::Amount;
use crate::domain::query::Query;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Facts behind a figure that share one source, basis and note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineageRow {
    /// The published source, when the file names one.
    pub source: Option<Source>,
    /// How the figures came to be.
    pub basis: Basis,
    /// The note they carry (e.g. the share used), if any.
    pub note: Option<String>,
    /// Their exact sum.
    pub amount: Decimal,
    /// How many facts.
    pub n_facts: usize,
}

/// (source, basis, note): what facts are grouped by.
type GroupKey = (Option<SourceIx>, Basis, Option<NoteIx>);

/// The facts of the shown period behind one slice of the view sliced by `by` (`None`: the whole
/// selection), grouped by (source, basis, note), largest sum first. Their amounts add up to the
/// slice's exact amount.
pub fn lineage(dataset: &Dataset, query: &Query, by: Dim, slice: Option<SliceKey>) -> Vec<LineageRow> {
    let selection = Selection::new(dataset, query);
    let period = period_of(dataset, query);
    let members = slice.map(|key| {
        let slots = slice_members(dataset, &selection, by);
        let covered: Vec<u32> = slots.into_iter().find(|(k, _)| *k == key).map(|(_, m)| m).unwrap_or_default();
        (key, covered)
    });
    let in_slice = |fact: &crate::domain::model::Fact| match &members {
        None => true,
        Some((SliceKey::Unattributed, _)) => fact.key(by).ix().is_none(),
        Some((SliceKey::Direct(ix), _)) => fact.key(by).ix() == Some(*ix),
        Some((SliceKey::Member(_), covered)) => fact.key(by).ix().is_some_and(|ix| covered.contains(&ix)),
    };
    let mut groups: BTreeMap<GroupKey, (Amount, usize)> = BTreeMap::new();
    for fact in dataset.facts.iter().filter(|f| f.period == period && selection.admits(f) && in_slice(f)) {
        let entry = groups.entry((fact.source, fact.basis, fact.note)).or_insert((Amount::ZERO, 0));
        entry.0 += fact.amount;
        entry.1 = entry.1.saturating_add(fact.figures());
    }
    let mut rows: Vec<LineageRow> = groups
        .into_iter()
        .map(|((source, basis, note), (amount, n_facts))| LineageRow {
            source: source.and_then(|s| dataset.sources.get(s as usize).cloned()),
            basis,
            note: note.and_then(|n| dataset.note(n)).map(str::to_owned),
            amount: amount.to_decimal(),
            n_facts,
        })
        .collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.amount.abs()));
    rows
}
