//! Aggregation: a [`Query`] applied to a [`Dataset`] gives a [`Breakdown`] — the total, one
//! slice per member of the "slice by" dimension, an optional two-way table, and populations.
//!
//! Sums are exact `Decimal` additions over every matching fact of the chosen period, so the
//! slices always add up to the total: "not attributed" spending is a slice of its own, never
//! dropped. Every dimension may be a hierarchy: filtering on a member includes its descendants,
//! and slicing shows one level at a time. Each slice also carries how much of it is an estimate
//! (apportioned or estimated facts).

use crate::domain::model::{Dataset, Dim, Fact, Key, MemberIx, Members, PeriodIx};
use crate::domain::money::Amount;
use crate::domain::query::{MemberRef, Query};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// What a slice stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SliceKey {
    /// A member (for activities, including everything below it).
    Member(MemberIx),
    /// Spending booked directly on an activity that also has sub-activities.
    Direct(MemberIx),
    /// Spending not attributed to any one member.
    Unattributed,
}

/// One slice of the breakdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slice {
    /// What it stands for.
    pub key: SliceKey,
    /// Display label.
    pub label: String,
    /// The sum of its facts.
    pub amount: Decimal,
    /// The part of `amount` that is apportioned or estimated.
    pub estimated: Decimal,
    /// How many facts it sums.
    pub n_facts: usize,
    /// People it serves, for per-resident figures, where known.
    pub residents: Option<u64>,
    /// The filter that drilling into it sets, if it can be drilled into.
    pub drill: Option<MemberRef>,
    /// How many members sit directly below it.
    pub n_children: usize,
}

impl Slice {
    /// Whether following this bar opens its parts (the members below it) rather than moving on
    /// to the next dimension: only with two parts or more, since one part alone would be a chart
    /// of one bar (COFOG's "Defence" has a single group below it).
    pub fn opens_onto_parts(&self) -> bool {
        self.n_children > 1
    }
}

/// Who per-head figures divide by, or why there is no such figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum People {
    /// Residents of the chosen Places (or of the whole area).
    Residents(u64),
    /// Members of the one chosen audience in the chosen Places.
    AudienceMembers(u64),
    /// No figure: spending not attributed to a Place has no population of its own.
    AreaWide,
    /// No figure: several audiences are chosen, and audiences may overlap (older people are
    /// also residents), so their populations cannot simply be added.
    SeveralAudiences,
    /// No figure: a population the sum needs is not in the data.
    Unknown,
}

impl People {
    /// The number of people, when there is one.
    pub fn count(self) -> Option<u64> {
        match self {
            People::Residents(n) | People::AudienceMembers(n) => Some(n),
            People::AreaWide | People::SeveralAudiences | People::Unknown => None,
        }
    }
}

/// A dimension's filter ids that the dataset does not have (ignored, and shown as such).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFilter {
    /// Which dimension.
    pub dim: Dim,
    /// The id as given.
    pub id: String,
}

/// The result of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    /// The dimension sliced by.
    pub by: Dim,
    /// The second dimension, if any.
    pub then: Option<Dim>,
    /// The period shown.
    pub period: PeriodIx,
    /// The sum of every matching fact.
    pub total: Decimal,
    /// The part of `total` that is apportioned or estimated.
    pub estimated: Decimal,
    /// Households in the chosen Places, when no audience is chosen and every one is known.
    pub households: Option<u64>,
    /// How many facts matched.
    pub n_facts: usize,
    /// People covered by the selection, or why that is not known.
    pub people: People,
    /// The slices, largest first, with "not attributed" last.
    pub slices: Vec<Slice>,
    /// With a second dimension: its slices (columns), largest first.
    pub columns: Vec<Slice>,
    /// With a second dimension: `cells[row][column]`, rows in `slices` order.
    pub cells: Vec<Vec<Decimal>>,
    /// With a second dimension: whether each cell includes apportioned or estimated amounts.
    pub cells_estimated: Vec<Vec<bool>>,
    /// Filter ids that matched nothing in this dataset and were ignored.
    pub unknown_filters: Vec<UnknownFilter>,
}

impl Breakdown {
    /// People covered by the selection, where known.
    pub fn residents(&self) -> Option<u64> {
        self.people.count()
    }
}

/// Which members (and whether "not attributed") one dimension's filter lets through.
struct Allowed {
    members: Option<Vec<bool>>,
    unattributed: bool,
}

impl Allowed {
    fn admits(&self, key: Key) -> bool {
        match (key.ix(), &self.members) {
            (_, None) => true,
            (None, Some(_)) => self.unattributed,
            (Some(ix), Some(members)) => members.get(ix as usize).copied().unwrap_or(false),
        }
    }
}

/// A filter resolved against the dataset: member indices plus "not attributed".
struct Resolved {
    ixs: Vec<MemberIx>,
    unattributed: bool,
}

impl Resolved {
    /// Whether the filter names anything at all (an empty filter means "all").
    fn any(&self) -> bool {
        self.unattributed || !self.ixs.is_empty()
    }
}

fn resolve(dataset: &Dataset, query: &Query, dim: Dim, unknown: &mut Vec<UnknownFilter>) -> Resolved {
    let members = dataset.dim(dim);
    let mut resolved = Resolved { ixs: Vec::new(), unattributed: false };
    for member in query.filter(dim) {
        match member {
            MemberRef::Unattributed => resolved.unattributed = true,
            MemberRef::Id(id) => match members.find(id) {
                Some(ix) => resolved.ixs.push(ix),
                None => unknown.push(UnknownFilter { dim, id: id.clone() }),
            },
        }
    }
    resolved
}

fn allowed(members: &Members, resolved: &Resolved) -> Allowed {
    if !resolved.any() {
        return Allowed { members: None, unattributed: true };
    }
    let mut admitted = vec![false; members.len()];
    for (ix, _) in members.iter() {
        admitted[ix as usize] = members.ancestors_or_self(ix).any(|a| resolved.ixs.contains(&a));
    }
    Allowed { members: Some(admitted), unattributed: resolved.unattributed }
}

/// How facts map to the slices of one dimension.
struct Slots {
    keys: Vec<SliceKey>,
    /// Slot of each member, or `None` when it falls outside every slice (filtered out anyway).
    of_member: Vec<Option<usize>>,
    unattributed: usize,
}

impl Slots {
    fn of(&self, key: Key) -> Option<usize> {
        match key.ix() {
            None => Some(self.unattributed),
            Some(ix) => self.of_member.get(ix as usize).copied().flatten(),
        }
    }
}

/// Which slices a dimension is cut into: one level of its tree: the children of the one chosen
/// member (plus its directly booked spending), or the chosen members themselves, or the top
/// level when none is chosen. A flat dimension is all top level.
fn slots(members: &Members, resolved: &Resolved) -> Slots {
    let mut keys: Vec<SliceKey> = Vec::new();
    let mut of_member = vec![None; members.len()];
    {
        let mut slot_of_node: HashMap<MemberIx, usize> = HashMap::new();
        let focus = match resolved.ixs.as_slice() {
            [only] if members.has_children(*only) => Some(*only),
            _ => None,
        };
        let nodes: Vec<MemberIx> = match focus {
            Some(focus) => {
                slot_of_node.insert(focus, 0);
                keys.push(SliceKey::Direct(focus));
                members.children(focus).collect()
            }
            // A chosen activity inside another chosen one is already counted in its ancestor's
            // slice, so only the outermost chosen activities become slices.
            None if !resolved.ixs.is_empty() => resolved
                .ixs
                .iter()
                .copied()
                .filter(|ix| !members.ancestors_or_self(*ix).skip(1).any(|a| resolved.ixs.contains(&a)))
                .collect(),
            None => members.iter().filter(|(_, m)| m.parent.is_none()).map(|(ix, _)| ix).collect(),
        };
        for node in nodes {
            slot_of_node.entry(node).or_insert_with(|| {
                keys.push(SliceKey::Member(node));
                keys.len() - 1
            });
        }
        for (ix, _) in members.iter() {
            of_member[ix as usize] = members.ancestors_or_self(ix).find_map(|a| slot_of_node.get(&a).copied());
        }
    }
    let unattributed = keys.len();
    keys.push(SliceKey::Unattributed);
    Slots { keys, of_member, unattributed }
}

/// The largest population accepted per member; also keeps every sum of populations far from
/// `u64` overflow.
pub const MAX_POPULATION: u64 = 10_000_000_000;

/// Adds populations, `None` if any is unknown (or, defensively, if the sum overflows).
fn sum_people(mut counts: impl Iterator<Item = Option<u64>>) -> Option<u64> {
    counts.try_fold(0u64, |sum, count| sum.checked_add(count?))
}

/// People in the chosen places, narrowed to the chosen audience, or why that is not known.
fn people(dataset: &Dataset, places: &Resolved, audiences: &Resolved) -> People {
    if places.unattributed {
        return People::AreaWide;
    }
    let all_places = places.ixs.is_empty();
    let place_ixs: Vec<MemberIx> =
        if all_places { dataset.dim(Dim::Place).iter().map(|(ix, _)| ix).collect() } else { places.ixs.clone() };
    if place_ixs.is_empty() {
        return People::Unknown;
    }
    let known = |count: Option<u64>, kind: fn(u64) -> People| count.map_or(People::Unknown, kind);
    match (audiences.ixs.as_slice(), audiences.unattributed) {
        // No audience chosen, or only "not attributed to one audience" (everyone): residents.
        ([], _) => known(
            sum_people(place_ixs.iter().map(|p| dataset.dim(Dim::Place).get(*p).and_then(|m| m.population))),
            People::Residents,
        ),
        ([audience], false) => {
            let by_place =
                sum_people(place_ixs.iter().map(|p| dataset.audience_population.get(&(*audience, *p)).copied()));
            let area_wide = dataset.dim(Dim::Audience).get(*audience).and_then(|m| m.population);
            known(by_place.or(if all_places { area_wide } else { None }), People::AudienceMembers)
        }
        _ => People::SeveralAudiences,
    }
}

fn single(ix: MemberIx) -> Resolved {
    Resolved { ixs: vec![ix], unattributed: false }
}

fn everyone() -> Resolved {
    Resolved { ixs: Vec::new(), unattributed: false }
}

/// The period a query shows: the one it names, or the latest when it names none (or one the
/// dataset lacks: the link notice says so).
pub fn period_of(dataset: &Dataset, query: &Query) -> PeriodIx {
    query.period.as_deref().and_then(|id| dataset.find_period(id)).or(dataset.latest_period()).unwrap_or(0)
}

/// The period a query compares with, if it names one the dataset has (other than the shown one).
pub fn compare_period_of(dataset: &Dataset, query: &Query) -> Option<PeriodIx> {
    query.compare.as_deref().and_then(|id| dataset.find_period(id)).filter(|p| *p != period_of(dataset, query))
}

/// A query's filters, resolved against a dataset: which facts it admits, whatever the period.
pub struct Selection {
    resolved: Vec<Resolved>,
    allowed: Vec<Allowed>,
    /// Filter ids the dataset lacks.
    pub unknown_filters: Vec<UnknownFilter>,
}

impl Selection {
    /// Resolves a query's filters.
    pub fn new(dataset: &Dataset, query: &Query) -> Selection {
        let mut unknown_filters = Vec::new();
        let resolved: Vec<Resolved> =
            Dim::ALL.into_iter().map(|d| resolve(dataset, query, d, &mut unknown_filters)).collect();
        let allowed = Dim::ALL.into_iter().zip(&resolved).map(|(d, r)| allowed(dataset.dim(d), r)).collect();
        Selection { resolved, allowed, unknown_filters }
    }

    /// Whether the filters let this fact through (in any period).
    pub fn admits(&self, fact: &Fact) -> bool {
        self.allowed.iter().zip(fact.keys).all(|(a, key)| a.admits(key))
    }

    /// Whether the filters let this key of one dimension through.
    pub fn admits_key(&self, dim: Dim, key: Key) -> bool {
        self.allowed.get(dim.index()).is_none_or(|a| a.admits(key))
    }

    /// The members chosen on a dimension (resolved ids), and whether "not attributed" is.
    pub fn chosen(&self, dim: Dim) -> (&[MemberIx], bool) {
        self.resolved.get(dim.index()).map_or((&[], false), |r| (r.ixs.as_slice(), r.unattributed))
    }

    fn resolved_of(&self, dim: Dim) -> &Resolved {
        &self.resolved[dim.index()]
    }
}

/// The slices a dimension is cut into for a selection, as (slice, member indices it covers):
/// the same level of the tree the chart shows. For lists of agencies "not in this data".
pub fn slice_members(dataset: &Dataset, selection: &Selection, dim: Dim) -> Vec<(SliceKey, Vec<MemberIx>)> {
    let members = dataset.dim(dim);
    let slots = slots(members, selection.resolved_of(dim));
    // One pass over the members (not one per slot: a flat list of thousands would be quadratic).
    let mut covered: Vec<Vec<MemberIx>> = vec![Vec::new(); slots.keys.len()];
    for (ix, _) in members.iter() {
        if let Some(group) = slots.of_member.get(ix as usize).copied().flatten().and_then(|slot| covered.get_mut(slot))
        {
            group.push(ix);
        }
    }
    slots.keys.iter().copied().zip(covered).collect()
}

/// Runs a query over a dataset.
pub fn aggregate(dataset: &Dataset, query: &Query) -> Breakdown {
    let selection = Selection::new(dataset, query);
    let period = period_of(dataset, query);
    let resolved_of = |dim: Dim| selection.resolved_of(dim);
    let then = query.then.filter(|t| *t != query.by);
    let row_slots = slots(dataset.dim(query.by), resolved_of(query.by));
    let column_slots = then.map(|t| slots(dataset.dim(t), resolved_of(t)));
    let n_columns = column_slots.as_ref().map_or(0, |c| c.keys.len());

    // Sums are exact integers (money::Amount) over the tuples; Decimal only once they are done.
    let mut row_sums = vec![Amount::ZERO; row_slots.keys.len()];
    let mut row_estimated = vec![Amount::ZERO; row_slots.keys.len()];
    let mut column_estimated = vec![Amount::ZERO; n_columns];
    let mut estimated = Amount::ZERO;
    let mut row_counts = vec![0usize; row_slots.keys.len()];
    let mut cells = vec![Amount::ZERO; row_slots.keys.len() * n_columns];
    let mut cell_has_estimate = vec![false; row_slots.keys.len() * n_columns];
    let mut column_counts = vec![0usize; n_columns];
    let mut total = Amount::ZERO;
    let mut n_facts = 0usize;
    let by = query.by.index();
    for fact in &dataset.facts {
        if fact.period != period || !selection.admits(fact) {
            continue;
        }
        let Some(row) = row_slots.of(fact.keys[by]) else { continue };
        let is_estimate = fact.basis.is_estimate();
        let count = fact.figures();
        total += fact.amount;
        n_facts = n_facts.saturating_add(count);
        row_sums[row] += fact.amount;
        row_counts[row] = row_counts[row].saturating_add(count);
        if is_estimate {
            estimated += fact.amount;
            row_estimated[row] += fact.amount;
        }
        if let (Some(columns), Some(then)) = (&column_slots, then)
            && let Some(column) = columns.of(fact.key(then))
        {
            cells[row * n_columns + column] += fact.amount;
            column_counts[column] = column_counts[column].saturating_add(count);
            if is_estimate {
                column_estimated[column] += fact.amount;
                cell_has_estimate[row * n_columns + column] = true;
            }
        }
    }
    let (total, estimated) = (total.to_decimal(), estimated.to_decimal());

    let headline_people = people(dataset, resolved_of(Dim::Place), resolved_of(Dim::Audience));
    let describe = |dim: Dim, key: SliceKey, amount: Decimal, estimated: Decimal, n: usize| -> Slice {
        let members = dataset.dim(dim);
        let (label, drill, n_children) = match key {
            SliceKey::Member(ix) => (
                members.label_of(dim, Key::member(ix)).to_owned(),
                members.get(ix).map(|m| MemberRef::Id(m.id.clone())),
                members.children(ix).count(),
            ),
            SliceKey::Direct(ix) => {
                (format!("{}: not broken down further", members.label_of(dim, Key::member(ix))), None, 0)
            }
            SliceKey::Unattributed => (dim.unattributed_label().to_owned(), Some(MemberRef::Unattributed), 0),
        };
        let residents = match (dim, key) {
            (Dim::Place, SliceKey::Member(ix)) => people(dataset, &single(ix), resolved_of(Dim::Audience)).count(),
            (Dim::Place, _) => None,
            (Dim::Audience, SliceKey::Member(ix)) => people(dataset, resolved_of(Dim::Place), &single(ix)).count(),
            (Dim::Audience, _) => people(dataset, resolved_of(Dim::Place), &everyone()).count(),
            (Dim::Activity | Dim::Agency, _) => headline_people.count(),
        };
        Slice { key, label, amount, estimated, n_facts: n, residents, drill, n_children }
    };

    // Each non-empty slot is described once, then ordered (labels are not rebuilt per comparison).
    let (row_order, slices) = ranked((0..row_slots.keys.len()).filter(|r| row_counts[*r] > 0).map(|r| {
        (
            r,
            describe(
                query.by,
                row_slots.keys[r],
                row_sums[r].to_decimal(),
                row_estimated[r].to_decimal(),
                row_counts[r],
            ),
        )
    }));

    let (columns, cell_rows, cells_estimated) = match (&column_slots, then) {
        (Some(columns), Some(then)) => {
            let column_sums: Vec<Amount> =
                (0..n_columns).map(|c| (0..row_slots.keys.len()).map(|r| cells[r * n_columns + c]).sum()).collect();
            let (column_order, column_slices) = ranked((0..n_columns).filter(|c| column_counts[*c] > 0).map(|c| {
                let (sum, estimated) = (column_sums[c].to_decimal(), column_estimated[c].to_decimal());
                (c, describe(then, columns.keys[c], sum, estimated, column_counts[c]))
            }));
            let in_order = |values: &[Amount]| -> Vec<Vec<Decimal>> {
                row_order
                    .iter()
                    .map(|&r| column_order.iter().map(|&c| values[r * n_columns + c].to_decimal()).collect())
                    .collect()
            };
            let flags: Vec<Vec<bool>> = row_order
                .iter()
                .map(|&r| column_order.iter().map(|&c| cell_has_estimate[r * n_columns + c]).collect())
                .collect();
            (column_slices, in_order(&cells), flags)
        }
        _ => (Vec::new(), Vec::new(), Vec::new()),
    };

    let households = households(dataset, resolved_of(Dim::Place), resolved_of(Dim::Audience));
    Breakdown {
        by: query.by,
        then,
        period,
        total,
        estimated,
        households,
        n_facts,
        people: headline_people,
        slices,
        columns,
        cells: cell_rows,
        cells_estimated,
        unknown_filters: selection.unknown_filters,
    }
}

/// Households in the chosen Places (all Places when none is chosen), when no audience is chosen
/// and every one is known.
fn households(dataset: &Dataset, places: &Resolved, audiences: &Resolved) -> Option<u64> {
    if places.unattributed || audiences.any() {
        return None;
    }
    let members = dataset.dim(Dim::Place);
    let counts: Vec<Option<u64>> = if places.ixs.is_empty() {
        members.iter().map(|(_, m)| m.households).collect()
    } else {
        places.ixs.iter().map(|p| members.get(*p).and_then(|m| m.households)).collect()
    };
    if counts.is_empty() {
        return None;
    }
    sum_people(counts.into_iter())
}

/// Orders slices largest first, ties by label so the order is stable, with "not attributed"
/// always last, where readers look for what is left over. Returns the slots in that order too.
fn ranked(slices: impl Iterator<Item = (usize, Slice)>) -> (Vec<usize>, Vec<Slice>) {
    let mut slices: Vec<(usize, Slice)> = slices.collect();
    slices.sort_by(|(_, a), (_, b)| {
        let last = |s: &Slice| s.key == SliceKey::Unattributed;
        last(a).cmp(&last(b)).then(b.amount.cmp(&a.amount)).then_with(|| a.label.cmp(&b.label))
    });
    slices.into_iter().unzip()
}

/// Dimensions whose chart, for the whole of a period, would be a single bar: every fact of the
/// period sits under one top-level member, or all are unattributed (a dataset for one Place; an
/// audience split published for one year only). The explorer opens on, and drills past to, the
/// next dimension instead. Indexed by [`Dim::index`].
pub fn single_slice_dims(dataset: &Dataset, period: PeriodIx) -> [bool; 4] {
    Dim::ALL.map(|dim| {
        let members = dataset.dim(dim);
        // The top-level slot of a key: its root member, or the unattributed slot.
        let root = |key: Key| key.ix().map(|ix| members.ancestors_or_self(ix).last().unwrap_or(ix));
        let mut roots = dataset.facts.iter().filter(|f| f.period == period).map(|f| root(f.key(dim)));
        match roots.next() {
            None => members.len() <= 1,
            Some(first) => roots.all(|r| r == first),
        }
    })
}

/// Dimensions a view should not open on when its link names no `by`: the single-bar ones for the
/// year (`single`, from [`single_slice_dims`]), and the ones the query narrows to exactly one
/// member with nothing below it. `?place=ludlow` (a parish's preset link, or an embedded frame)
/// would otherwise open on a one-bar chart of Ludlow; a chosen member with children still opens
/// on its children. An id the dataset lacks narrows nothing (the filter is ignored).
pub fn opening_narrowed(dataset: &Dataset, query: &Query, single: [bool; 4]) -> [bool; 4] {
    Dim::ALL.map(|dim| {
        let one_leaf = match query.filter(dim) {
            [MemberRef::Unattributed] => true,
            [MemberRef::Id(id)] => {
                let members = dataset.dim(dim);
                members.find(id).is_some_and(|ix| !members.has_children(ix))
            }
            _ => false,
        };
        single.get(dim.index()).copied().unwrap_or(false) || one_leaf
    })
}

/// The dimension a view opens on when its link does not say: `by`, unless that would be a
/// single bar (or is narrowed, see [`opening_narrowed`]), then the first dimension after it that
/// is not.
pub fn opening_by(single: [bool; 4], by: Dim) -> Dim {
    if !single[by.index()] {
        return by;
    }
    Dim::ALL.into_iter().skip(by.index()).find(|d| !single[d.index()]).unwrap_or(by)
}
