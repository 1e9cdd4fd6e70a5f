//! What the data says about bodies missing from a view: "not in this data" (the file's coverage
//! says the body or year is missing) versus "nothing recorded" (the body is covered but spent
//! nothing on this selection), partly covered bodies, and who funded a body through transfers.
//!
//! Never shown as £0: a body the data lacks is named with the file's note instead.

use crate::domain::aggregate::{Breakdown, Selection, SliceKey, period_of, slice_members};
use crate::domain::model::{Dataset, Dim, Extent, MemberIx, PeriodIx};
use crate::domain::query::Query;
use rust_decimal::Decimal;

/// Why an agency has no figure, or only part of one, in a view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgencyGap {
    /// The file's coverage says it is missing for this period (or it has no figures at all for
    /// the period): "not in this data".
    NotInData,
    /// It is covered for the period but nothing it spent matches this selection.
    NothingRecorded,
    /// It is shown, but the file says only part of its spending is included.
    Partial,
}

/// One agency the view must say something about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyNote {
    /// The agency.
    pub agency: MemberIx,
    /// Its label.
    pub label: String,
    /// What to say.
    pub gap: AgencyGap,
    /// The file's note, if it gives one.
    pub note: Option<String>,
}

/// The agencies (at the level the agency chart shows for this selection) that are missing from
/// the view or only partly in it, in file order: the ones the period lacks first, then partly
/// covered ones, then those with nothing recorded. `breakdown` is the view's, to know which
/// agencies have figures.
pub fn agency_notes(dataset: &Dataset, query: &Query, breakdown: &Breakdown) -> Vec<AgencyNote> {
    let selection = Selection::new(dataset, query);
    let period = period_of(dataset, query);
    // Which agency slots have any matching fact this period (whatever the view is sliced by).
    let slots = slice_members(dataset, &selection, Dim::Agency);
    let mut has_figures = vec![false; slots.len()];
    let slot_of: std::collections::HashMap<MemberIx, usize> =
        slots.iter().enumerate().flat_map(|(slot, (_, members))| members.iter().map(move |m| (*m, slot))).collect();
    if breakdown.n_facts > 0 {
        for fact in dataset.facts.iter().filter(|f| f.period == period && selection.admits(f)) {
            if let Some(slot) = fact.key(Dim::Agency).ix().and_then(|a| slot_of.get(&a)) {
                has_figures[*slot] = true;
            }
        }
    }
    let mut notes: Vec<AgencyNote> = Vec::new();
    let note_for = |agency: MemberIx, gap: AgencyGap| {
        let coverage = dataset.coverage_of(agency, period);
        let label = dataset.dim(Dim::Agency).get(agency).map_or_else(String::new, |m| m.label.clone());
        AgencyNote { agency, label, gap, note: coverage.note.map(str::to_owned) }
    };
    for ((key, members), shown) in slots.iter().zip(has_figures) {
        let SliceKey::Member(agency) = *key else { continue };
        let gap = match (dataset.coverage_of(agency, period).extent, shown) {
            (Extent::Lacking, _) => Some(AgencyGap::NotInData),
            (Extent::Partial, true) => Some(AgencyGap::Partial),
            (Extent::Partial | Extent::Included, false) => Some(AgencyGap::NothingRecorded),
            (Extent::Included, true) => None,
        };
        if let Some(gap) = gap {
            notes.push(note_for(agency, gap));
        }
        // A body below a shown one that the file says it lacks (town and parish councils under
        // local government) is named too, not hidden inside its parent's figure.
        if gap != Some(AgencyGap::NotInData) {
            for below in lacking(dataset, agency, members, period).into_iter().filter(|b| *b != agency) {
                notes.push(note_for(below, AgencyGap::NotInData));
            }
        }
    }
    let rank = |gap: &AgencyGap| match gap {
        AgencyGap::NotInData => 0,
        AgencyGap::Partial => 1,
        AgencyGap::NothingRecorded => 2,
    };
    notes.sort_by_key(|n| rank(&n.gap));
    notes
}

/// The agencies of one slice (`top` and the `members` below it) that the data lacks for the
/// period: `top` itself when it is lacking; otherwise those below it that the file's coverage
/// states are lacking (the outermost ones: a lacking group's members are not listed again).
/// Bodies below `top` that merely have no figures, with no statement, are not listed: a
/// department that did not exist that year is not missing data.
pub fn lacking(dataset: &Dataset, top: MemberIx, members: &[MemberIx], period: PeriodIx) -> Vec<MemberIx> {
    if dataset.coverage_of(top, period).extent == Extent::Lacking {
        return vec![top];
    }
    let stated: Vec<MemberIx> = members
        .iter()
        .copied()
        .filter(|m| *m != top)
        .filter(|m| {
            let coverage = dataset.coverage_of(*m, period);
            coverage.stated && coverage.extent == Extent::Lacking
        })
        .collect();
    let agencies = dataset.dim(Dim::Agency);
    stated.iter().copied().filter(|m| !agencies.ancestors_or_self(*m).skip(1).any(|a| stated.contains(&a))).collect()
}

/// One funder of the selection's agencies in the shown period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funding {
    /// The funder's label.
    pub from: String,
    /// The receiving agency's label.
    pub to: String,
    /// How much (exact).
    pub amount: Decimal,
    /// The transfer's note.
    pub note: Option<String>,
}

/// Transfers in the shown period into agencies the selection admits (and, when the transfer
/// names a Place, into a Place it admits): who funded part of what the view shows. The
/// amounts are already in the receiver's figures and are not added again.
pub fn funded_by(dataset: &Dataset, query: &Query) -> Vec<Funding> {
    let selection = Selection::new(dataset, query);
    let period = period_of(dataset, query);
    let agencies = dataset.dim(Dim::Agency);
    let label = |ix: MemberIx| agencies.get(ix).map_or_else(String::new, |m| m.label.clone());
    dataset
        .transfers
        .iter()
        .filter(|t| t.period == period)
        .filter(|t| selection.admits_key(Dim::Agency, crate::domain::model::Key::member(t.to)))
        .filter(|t| t.place.ix().is_none() || selection.admits_key(Dim::Place, t.place))
        .map(|t| Funding { from: label(t.from), to: label(t.to), amount: t.amount, note: t.note.clone() })
        .collect()
}
