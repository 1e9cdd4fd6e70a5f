//! Aggregation: a [`Query`] applied to a [`Dataset`] gives a [`Breakdown`] — the total, one
//! slice per member of the "slice by" dimension, an optional two-way table, and populations.
//!
//! Sums are exact `Decimal` additions over every matching fact, so the slices always add up to
//! the total: "not attributed" spending is a slice of its own, never dropped. Activities are a
//! hierarchy: filtering on one includes its descendants, and slicing shows one level at a time.

use crate::domain::model::{Dataset, Dim, Key, MemberIx, Members};
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
    /// How many facts it sums.
    pub n_facts: usize,
    /// People it serves, for per-resident figures, where known.
    pub residents: Option<u64>,
    /// The filter that drilling into it sets, if it can be drilled into.
    pub drill: Option<MemberRef>,
    /// For activities: how many sub-activities it has.
    pub n_children: usize,
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
    /// The sum of every matching fact.
    pub total: Decimal,
    /// How many facts matched.
    pub n_facts: usize,
    /// People covered by the selection, where known.
    pub residents: Option<u64>,
    /// The slices, largest first, with "not attributed" last.
    pub slices: Vec<Slice>,
    /// With a second dimension: its slices (columns), largest first.
    pub columns: Vec<Slice>,
    /// With a second dimension: `cells[row][column]`, rows in `slices` order.
    pub cells: Vec<Vec<Decimal>>,
    /// Filter ids that matched nothing in this dataset and were ignored.
    pub unknown_filters: Vec<UnknownFilter>,
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
    any: bool,
}

fn resolve(dataset: &Dataset, query: &Query, dim: Dim, unknown: &mut Vec<UnknownFilter>) -> Resolved {
    let members = dataset.dim(dim);
    let mut resolved = Resolved { ixs: Vec::new(), unattributed: false, any: false };
    for member in query.filter(dim) {
        match member {
            MemberRef::Unattributed => resolved.unattributed = true,
            MemberRef::Id(id) => match members.find(id) {
                Some(ix) => resolved.ixs.push(ix),
                None => unknown.push(UnknownFilter { dim, id: id.clone() }),
            },
        }
    }
    resolved.any = resolved.unattributed || !resolved.ixs.is_empty();
    resolved
}

fn allowed(members: &Members, dim: Dim, resolved: &Resolved) -> Allowed {
    if !resolved.any {
        return Allowed { members: None, unattributed: true };
    }
    let mut admitted = vec![false; members.len()];
    for (ix, _) in members.iter() {
        admitted[ix as usize] = if dim == Dim::Activity {
            members.ancestors_or_self(ix).any(|a| resolved.ixs.contains(&a))
        } else {
            resolved.ixs.contains(&ix)
        };
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

/// Which slices a dimension is cut into. For activities that is one level of the tree: the
/// children of the one chosen activity (plus its directly booked spending), or the chosen
/// activities themselves, or the top level when none is chosen.
fn slots(members: &Members, dim: Dim, resolved: &Resolved) -> Slots {
    let mut keys: Vec<SliceKey> = Vec::new();
    let mut of_member = vec![None; members.len()];
    if dim != Dim::Activity {
        for (ix, _) in members.iter() {
            of_member[ix as usize] = Some(keys.len());
            keys.push(SliceKey::Member(ix));
        }
    } else {
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
            None if !resolved.ixs.is_empty() => resolved.ixs.clone(),
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

/// Residents of the chosen places, narrowed to the chosen audiences, where known.
fn residents(dataset: &Dataset, places: &Resolved, audiences: &Resolved) -> Option<u64> {
    // Spending "not attributed to a Place" has no population of its own to divide by.
    if places.unattributed {
        return None;
    }
    let place_ixs: Vec<MemberIx> = if places.ixs.is_empty() {
        dataset.dim(Dim::Place).iter().map(|(ix, _)| ix).collect()
    } else {
        places.ixs.clone()
    };
    if place_ixs.is_empty() {
        return None;
    }
    let all_places = places.ixs.is_empty();
    // "Not attributed to one audience" means everyone; mixing it with audiences is ambiguous.
    if audiences.ixs.is_empty() {
        return place_ixs.iter().map(|p| dataset.dim(Dim::Place).get(*p).and_then(|m| m.population)).sum();
    }
    if audiences.unattributed {
        return None;
    }
    audiences
        .ixs
        .iter()
        .map(|a| {
            let by_place: Option<u64> =
                place_ixs.iter().map(|p| dataset.audience_population.get(&(*a, *p)).copied()).sum();
            let area_wide = dataset.dim(Dim::Audience).get(*a).and_then(|m| m.population);
            by_place.or(if all_places { area_wide } else { None })
        })
        .sum()
}

fn single(ix: MemberIx) -> Resolved {
    Resolved { ixs: vec![ix], unattributed: false, any: true }
}

fn everyone() -> Resolved {
    Resolved { ixs: Vec::new(), unattributed: false, any: false }
}

/// Runs a query over a dataset.
pub fn aggregate(dataset: &Dataset, query: &Query) -> Breakdown {
    let mut unknown_filters = Vec::new();
    let resolved: Vec<Resolved> =
        Dim::ALL.into_iter().map(|d| resolve(dataset, query, d, &mut unknown_filters)).collect();
    let resolved_of = |dim: Dim| &resolved[dim.index()];
    let allowed: Vec<Allowed> = Dim::ALL.into_iter().map(|d| allowed(dataset.dim(d), d, resolved_of(d))).collect();
    let then = query.then.filter(|t| *t != query.by);
    let row_slots = slots(dataset.dim(query.by), query.by, resolved_of(query.by));
    let column_slots = then.map(|t| slots(dataset.dim(t), t, resolved_of(t)));
    let n_columns = column_slots.as_ref().map_or(0, |c| c.keys.len());

    let mut row_sums = vec![Decimal::ZERO; row_slots.keys.len()];
    let mut row_counts = vec![0usize; row_slots.keys.len()];
    let mut cells = vec![Decimal::ZERO; row_slots.keys.len() * n_columns];
    let mut column_counts = vec![0usize; n_columns];
    let mut total = Decimal::ZERO;
    let mut n_facts = 0;
    let by = query.by.index();
    for fact in &dataset.facts {
        if !allowed.iter().zip(fact.keys).all(|(a, key)| a.admits(key)) {
            continue;
        }
        let Some(row) = row_slots.of(fact.keys[by]) else { continue };
        total += fact.amount;
        n_facts += 1;
        row_sums[row] += fact.amount;
        row_counts[row] += 1;
        if let (Some(columns), Some(then)) = (&column_slots, then)
            && let Some(column) = columns.of(fact.key(then))
        {
            cells[row * n_columns + column] += fact.amount;
            column_counts[column] += 1;
        }
    }

    let headline_residents = residents(dataset, resolved_of(Dim::Place), resolved_of(Dim::Audience));
    let describe = |dim: Dim, key: SliceKey, amount: Decimal, n: usize| -> Slice {
        let members = dataset.dim(dim);
        let (label, drill, n_children) = match key {
            SliceKey::Member(ix) => (
                members.label_of(dim, Key::member(ix)).to_owned(),
                members.get(ix).map(|m| MemberRef::Id(m.id.clone())),
                if dim == Dim::Activity { members.children(ix).count() } else { 0 },
            ),
            SliceKey::Direct(ix) => {
                (format!("{}: not broken down further", members.label_of(dim, Key::member(ix))), None, 0)
            }
            SliceKey::Unattributed => (dim.unattributed_label().to_owned(), Some(MemberRef::Unattributed), 0),
        };
        let residents = match (dim, key) {
            (Dim::Place, SliceKey::Member(ix)) => residents(dataset, &single(ix), resolved_of(Dim::Audience)),
            (Dim::Place, _) => None,
            (Dim::Audience, SliceKey::Member(ix)) => residents(dataset, resolved_of(Dim::Place), &single(ix)),
            (Dim::Audience, _) => residents(dataset, resolved_of(Dim::Place), &everyone()),
            (Dim::Activity | Dim::Agency, _) => headline_residents,
        };
        Slice { key, label, amount, n_facts: n, residents, drill, n_children }
    };

    let mut row_order: Vec<usize> = (0..row_slots.keys.len()).filter(|r| row_counts[*r] > 0).collect();
    sort_slots(&mut row_order, &row_slots.keys, &row_sums, |r| {
        describe(query.by, row_slots.keys[r], Decimal::ZERO, 0).label
    });
    let slices = row_order.iter().map(|&r| describe(query.by, row_slots.keys[r], row_sums[r], row_counts[r])).collect();

    let (columns, cell_rows) = match (&column_slots, then) {
        (Some(columns), Some(then)) => {
            let column_sums: Vec<Decimal> =
                (0..n_columns).map(|c| (0..row_slots.keys.len()).map(|r| cells[r * n_columns + c]).sum()).collect();
            let mut column_order: Vec<usize> = (0..n_columns).filter(|c| column_counts[*c] > 0).collect();
            sort_slots(&mut column_order, &columns.keys, &column_sums, |c| {
                describe(then, columns.keys[c], Decimal::ZERO, 0).label
            });
            let column_slices = column_order
                .iter()
                .map(|&c| describe(then, columns.keys[c], column_sums[c], column_counts[c]))
                .collect();
            let cell_rows =
                row_order.iter().map(|&r| column_order.iter().map(|&c| cells[r * n_columns + c]).collect()).collect();
            (column_slices, cell_rows)
        }
        _ => (Vec::new(), Vec::new()),
    };

    Breakdown {
        by: query.by,
        then,
        total,
        n_facts,
        residents: headline_residents,
        slices,
        columns,
        cells: cell_rows,
        unknown_filters,
    }
}

/// Largest first; ties by label so the order is stable; "not attributed" always last, where
/// readers look for what is left over.
fn sort_slots(order: &mut [usize], keys: &[SliceKey], sums: &[Decimal], label: impl Fn(usize) -> String) {
    order.sort_by(|&a, &b| {
        let last = |i: usize| keys[i] == SliceKey::Unattributed;
        last(a).cmp(&last(b)).then(sums[b].cmp(&sums[a])).then_with(|| label(a).cmp(&label(b)))
    });
}
