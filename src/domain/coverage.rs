//! What the data says about bodies missing from a view: "not in this data" (the file's coverage
//! says the body or year is missing) versus "nothing recorded" (the body is covered but spent
//! nothing on this selection), partly covered bodies, and who funded a body through transfers.
//!
//! Never shown as £0: a body the data lacks is named with the file's note instead.

use crate::domain::aggregate::{Breakdown, Selection, SliceKey, period_of, slice_members};
use crate::domain::format::{isolate, join_and};
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
    let has_figures: Vec<bool> = if breakdown.by == Dim::Agency {
        // The view is sliced by agency: its slices are exactly these slots, already summed.
        slots.iter().map(|(key, _)| breakdown.slices.iter().any(|s| s.key == *key)).collect()
    } else {
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
        has_figures
    };
    let mut notes: Vec<AgencyNote> = Vec::new();
    let note_for = |agency: MemberIx, gap: AgencyGap| agency_note(dataset, agency, gap, period);
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
        // local government) or only partly holds (the council in a year missing two service
        // lines) is named too, not hidden inside its parent's figure.
        if gap != Some(AgencyGap::NotInData) {
            for below in lacking(dataset, agency, members, period).into_iter().filter(|b| *b != agency) {
                notes.push(note_for(below, AgencyGap::NotInData));
            }
            for below in members.iter().copied().filter(|m| *m != agency && stated_partial(dataset, *m, period)) {
                notes.push(note_for(below, AgencyGap::Partial));
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

/// Every agency of a selection that the data lacks for a period, at the level the agency chart
/// shows (and stated-lacking bodies below a shown one): what a total for that period leaves out.
pub fn lacking_in_period(dataset: &Dataset, selection: &Selection, period: PeriodIx) -> Vec<MemberIx> {
    slice_members(dataset, selection, Dim::Agency)
        .iter()
        .filter_map(|(key, members)| match key {
            SliceKey::Member(top) => Some(lacking(dataset, *top, members, period)),
            _ => None,
        })
        .flatten()
        .collect()
}

/// The agencies at the level the agency chart shows for a selection.
fn top_agencies(dataset: &Dataset, selection: &Selection) -> Vec<MemberIx> {
    slice_members(dataset, selection, Dim::Agency)
        .into_iter()
        .filter_map(|(key, _)| match key {
            SliceKey::Member(top) => Some(top),
            _ => None,
        })
        .collect()
}

/// Whether the data lacks, for the period, every agency the selection covers (at the level the
/// agency chart shows): its figures for that year are "not in this data".
pub fn all_lacking(dataset: &Dataset, selection: &Selection, period: PeriodIx) -> bool {
    let tops = top_agencies(dataset, selection);
    !tops.is_empty() && tops.iter().all(|top| dataset.coverage_of(*top, period).extent == Extent::Lacking)
}

/// The agencies of a selection that the file states are only partly in the data for a period:
/// a shown agency with its own "partial" statement, or one below it with its own.
pub fn partly_in_period(dataset: &Dataset, selection: &Selection, period: PeriodIx) -> Vec<MemberIx> {
    slice_members(dataset, selection, Dim::Agency)
        .into_iter()
        .filter(|(key, _)| matches!(key, SliceKey::Member(_)))
        .flat_map(|(_, members)| members)
        .filter(|m| stated_partial(dataset, *m, period))
        .collect()
}

/// Whether the file says, about this agency itself (not only about a group it belongs to), that
/// it is only partly in the data for the period.
fn stated_partial(dataset: &Dataset, agency: MemberIx, period: PeriodIx) -> bool {
    let coverage = dataset.coverage_of(agency, period);
    coverage.extent == Extent::Partial && coverage.about == Some(agency)
}

/// What to say about one agency in a period: its label, the gap and the file's note.
fn agency_note(dataset: &Dataset, agency: MemberIx, gap: AgencyGap, period: PeriodIx) -> AgencyNote {
    let label = dataset.dim(Dim::Agency).get(agency).map_or_else(String::new, |m| m.label.clone());
    AgencyNote { agency, label, gap, note: dataset.coverage_of(agency, period).note.map(str::to_owned) }
}

/// Why a view with no figures has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmptyView {
    /// Every body the selection covers is missing from the data for the period: "not in this
    /// data", never £0. Holds the bodies and the file's notes.
    NotInData(Vec<AgencyNote>),
    /// The bodies are covered, and recorded nothing for this selection.
    NothingRecorded,
}

/// For a view with no matching figures, whether that is because the data lacks every body the
/// selection covers in that period, or because they recorded nothing; `None` when the view has
/// figures.
pub fn empty_view(dataset: &Dataset, query: &Query, breakdown: &Breakdown) -> Option<EmptyView> {
    if breakdown.n_facts > 0 {
        return None;
    }
    let selection = Selection::new(dataset, query);
    let period = period_of(dataset, query);
    if !all_lacking(dataset, &selection, period) {
        return Some(EmptyView::NothingRecorded);
    }
    let notes = top_agencies(dataset, &selection)
        .into_iter()
        .map(|agency| agency_note(dataset, agency, AgencyGap::NotInData, period))
        .collect();
    Some(EmptyView::NotInData(notes))
}

impl EmptyView {
    /// What stands where the view's total would: "not in this data" or "nothing recorded"
    /// (never £0). Lower case, for a listener's sentence or a table cell; the headline starts
    /// it with a capital ([`EmptyView::total_heading`]).
    pub fn total_words(&self) -> &'static str {
        match self {
            EmptyView::NotInData(_) => "not in this data",
            EmptyView::NothingRecorded => "nothing recorded",
        }
    }

    /// [`EmptyView::total_words`] standing alone, as the headline's figure.
    pub fn total_heading(&self) -> &'static str {
        match self {
            EmptyView::NotInData(_) => "Not in this data",
            EmptyView::NothingRecorded => "Nothing recorded",
        }
    }

    /// The sentence for a view with no figures: "Not in this data for 2016-17: West Mercia
    /// Police (their figures for that year are not published here)." or "Nothing recorded …".
    pub fn sentence(&self, period_label: &str) -> String {
        match self {
            EmptyView::NothingRecorded => format!(
                "Nothing recorded for this in {}: the bodies it covers are in the data that year, but none of \
                 their figures is recorded this way (the data may not be split like this that year).",
                isolate(period_label)
            ),
            EmptyView::NotInData(notes) => {
                let bodies: Vec<String> = notes
                    .iter()
                    .map(|n| match &n.note {
                        Some(note) => format!("{} ({})", isolate(&n.label), isolate(note)),
                        None => isolate(&n.label),
                    })
                    .collect();
                format!("Not in this data for {}: {}.", isolate(period_label), join_and(&bodies))
            }
        }
    }
}

/// "Not like for like: not in this data for 2015-16: Police and fire. …" when the data lacks
/// different bodies of the selection in the two periods compared; `None` when it lacks the same.
pub fn comparability_note(dataset: &Dataset, query: &Query, shown: PeriodIx, other: PeriodIx) -> Option<String> {
    let selection = Selection::new(dataset, query);
    let in_shown = lacking_in_period(dataset, &selection, shown);
    let in_other = lacking_in_period(dataset, &selection, other);
    let partly_shown = partly_in_period(dataset, &selection, shown);
    let partly_other = partly_in_period(dataset, &selection, other);
    // "<how> for <year>: <the bodies in `these` that are not in `others`>", if there are any.
    let only_in = |these: &[MemberIx], others: &[MemberIx], how: &str, period: PeriodIx| -> Option<String> {
        let only: Vec<String> = these
            .iter()
            .filter(|a| !others.contains(a))
            .filter_map(|a| dataset.dim(Dim::Agency).get(*a).map(|m| isolate(&m.label)))
            .collect();
        (!only.is_empty()).then(|| format!("{how} for {}: {}", isolate(dataset.period_label(period)), join_and(&only)))
    };
    let parts: Vec<String> = [
        only_in(&in_other, &in_shown, "not in this data", other),
        only_in(&in_shown, &in_other, "not in this data", shown),
        only_in(&partly_other, &partly_shown, "only partly in this data", other),
        only_in(&partly_shown, &partly_other, "only partly in this data", shown),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| {
        format!(
            "Not like for like: {}. Part of the change is that difference, not a change in spending.",
            parts.join("; ")
        )
    })
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
