//! "Compare places": the Places of the Place filter side by side (total, people, per resident,
//! and by activity), every figure on the Places' own basis (spending attributed to a Place) and
//! beside the average across all Places on that basis.
//!
//! The Places are the query's Place filter (`view=compare-places&place=a&place=b`), so ids the
//! file lacks are reported by `link_check` like any filter id and never silently change a figure.
//! Each Place's activity figures are rounded (largest remainder) to add up to that Place's figures
//! as the Place view shows them, amounts and per-resident figures alike.

use crate::domain::aggregate::{SliceKey, aggregate};
use crate::domain::format::{self, Figures};
use crate::domain::model::{Dataset, Dim};
use crate::domain::money::{self, Currency};
use crate::domain::per_resident::{self, PlaceAverage};
use crate::domain::query::{MemberRef, Query};
use rust_decimal::Decimal;

/// Fewest Places a comparison needs.
pub const MIN_PLACES: usize = 2;

/// One Place in the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparedPlace {
    /// The Place's id (for the link that drills into it).
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its spending as the Place view shows it.
    pub amount: String,
    /// Its residents (or people in the chosen audience), as text, or "not given".
    pub people: String,
    /// Per head, as the Place view shows it, or "–".
    pub per_head: String,
}

/// One activity, across the compared Places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRow {
    /// The activity's label.
    pub label: String,
    /// One per Place, in the Places' order: the amount, or "–" when the Place has nothing here.
    pub amounts: Vec<String>,
    /// One per Place: per head, or "–".
    pub per_head: Vec<String>,
}

/// The comparison as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacesCompared {
    /// The Places, in the order of the Place view's bars.
    pub places: Vec<ComparedPlace>,
    /// "resident" or "person" (in a chosen audience).
    pub per: &'static str,
    /// By activity (the level the activity filter shows), largest across the Places first.
    pub activities: Vec<ActivityRow>,
    /// The average across every Place on the same basis, with the same filters otherwise.
    pub average: Option<PlaceAverage>,
    /// Said when the filter also chooses area-wide spending, which is no Place and is left out.
    pub left_out: Option<&'static str>,
}

/// Why there is no comparison: how many Places the filter names that the data has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooFewPlaces(pub usize);

/// The Places of the query's Place filter side by side, or how many it names when fewer than
/// [`MIN_PLACES`]. The other filters and the year apply to every figure.
pub fn compare(dataset: &Dataset, query: &Query, currency: &Currency) -> Result<PlacesCompared, TooFewPlaces> {
    let members = dataset.dim(Dim::Place);
    let mut chosen: Vec<MemberRef> = Vec::new();
    for member in query.filter(Dim::Place) {
        if let MemberRef::Id(id) = member
            && let Some(ix) = members.find(id)
            && let Some(place) = members.get(ix)
        {
            let known = MemberRef::Id(place.id.clone());
            if !chosen.contains(&known) {
                chosen.push(known);
            }
        }
    }
    if chosen.len() < MIN_PLACES {
        return Err(TooFewPlaces(chosen.len()));
    }
    let left_out = query
        .is_chosen(Dim::Place, &MemberRef::Unattributed)
        .then_some("Spending not attributed to one Place is left out here: it has no residents of its own.");
    let mut places_query = query.sliced_by(Dim::Place).then_by(None);
    places_query.filters[Dim::Place.index()] = chosen;
    let breakdown = aggregate(dataset, &places_query);
    let figures = format::figures(&breakdown, currency);
    let bars = per_resident::bars(&breakdown, &figures, &places_query);
    let shown: Vec<usize> =
        bars.order.iter().copied().filter(|i| breakdown.slices.get(*i).is_some_and(|s| s.drill.is_some())).collect();
    let per = figures.place_average.as_ref().map_or("resident", |a| a.per);

    let mut places = Vec::new();
    // Per Place: (exact activity amounts by activity key, shown amount, exact people, shown per head).
    let mut columns: Vec<Vec<(SliceKey, String, Decimal)>> = Vec::new();
    let mut targets: Vec<(Decimal, Option<u64>, Option<Decimal>)> = Vec::new();
    for &i in &shown {
        let (Some(slice), Some(row), Some(amount)) =
            (breakdown.slices.get(i), figures.rows.get(i), figures.amounts.get(i).copied())
        else {
            continue;
        };
        let Some(MemberRef::Id(id)) = slice.drill.clone() else { continue };
        places.push(ComparedPlace {
            id: id.clone(),
            label: slice.label.clone(),
            amount: row.amount.clone(),
            people: slice.residents.map_or_else(|| "not given".to_owned(), format::count),
            per_head: row.per_head.clone(),
        });
        let mut one = places_query.sliced_by(Dim::Activity);
        one.filters[Dim::Place.index()] = vec![MemberRef::Id(id)];
        let by_activity = aggregate(dataset, &one);
        columns.push(by_activity.slices.iter().map(|s| (s.key, s.label.clone(), s.amount)).collect());
        targets.push((amount, slice.residents, figures.per_head.get(i).copied().flatten()));
    }

    let activities = activity_rows(&columns, &targets, &figures, currency);
    let mut everywhere = places_query.clone();
    everywhere.filters[Dim::Place.index()].clear();
    let all = aggregate(dataset, &everywhere);
    let average = format::figures(&all, currency).place_average;
    Ok(PlacesCompared { places, per, activities, average, left_out })
}

impl PlacesCompared {
    /// The sentence under the side-by-side table: the average across every Place (not only the
    /// ones compared, whose own average is the table's "Average across the 3 Places shown" row),
    /// with how many Places that is, so the two averages on the page are never taken for one.
    pub fn average_sentence(&self) -> Option<String> {
        self.average.as_ref().map(|a| {
            format!(
                "Average across all {} Places, not only those compared (spending attributed to a Place): {} per {}. \
                 Area-wide spending not attributed to one Place is in none of these figures.",
                a.n_places, a.average_text, a.per
            )
        })
    }
}

/// One Place's column of cells: text per activity, `None` where it has no spending row.
type Cells = Vec<Option<String>>;

/// The by-activity rows: activities ordered by their sum across the Places (largest first, "not
/// attributed" last, ties by label); each Place's cells rounded to add up to its shown figures.
fn activity_rows(
    columns: &[Vec<(SliceKey, String, Decimal)>],
    targets: &[(Decimal, Option<u64>, Option<Decimal>)],
    figures: &Figures,
    currency: &Currency,
) -> Vec<ActivityRow> {
    let mut keys: Vec<(SliceKey, String, Decimal)> = Vec::new();
    for column in columns {
        for (key, label, amount) in column {
            match keys.iter_mut().find(|(k, _, _)| k == key) {
                Some(entry) => entry.2 += *amount,
                None => keys.push((*key, label.clone(), *amount)),
            }
        }
    }
    keys.sort_by(|a, b| {
        let last = |k: &SliceKey| *k == SliceKey::Unattributed;
        last(&a.0).cmp(&last(&b.0)).then(b.2.cmp(&a.2)).then_with(|| a.1.cmp(&b.1))
    });
    let digits = currency.minor_unit_digits;
    let none = || "–".to_owned();
    // Per Place: the rounded cells, or None where the Place has no spending row for the activity.
    let cells: Vec<(Cells, Cells)> = columns
        .iter()
        .zip(targets)
        .map(|(column, (amount, people, per_head))| {
            let exact: Vec<Option<Decimal>> =
                keys.iter().map(|(key, _, _)| column.iter().find(|(k, _, _)| k == key).map(|c| c.2)).collect();
            let parts: Vec<Decimal> = exact.iter().map(|e| e.unwrap_or_default()).collect();
            let amounts = money::round_parts_to(&parts, figures.decimal_places, *amount);
            let amounts = exact
                .iter()
                .zip(amounts)
                .map(|(e, a)| e.map(|_| format::money_dp(a, currency, figures.decimal_places)))
                .collect();
            let heads = match (people.filter(|p| *p > 0), per_head) {
                (Some(people), Some(target)) => {
                    let people = Decimal::from(people);
                    let parts: Vec<Decimal> = parts.iter().map(|p| p.checked_div(people).unwrap_or_default()).collect();
                    let rounded = money::round_parts_to(&parts, digits, *target);
                    exact.iter().zip(rounded).map(|(e, r)| e.map(|_| format::money_dp(r, currency, digits))).collect()
                }
                _ => vec![None; keys.len()],
            };
            (amounts, heads)
        })
        .collect();
    keys.iter()
        .enumerate()
        .map(|(row, (_, label, _))| ActivityRow {
            label: label.clone(),
            amounts: cells.iter().map(|(a, _)| a.get(row).cloned().flatten().unwrap_or_else(none)).collect(),
            per_head: cells.iter().map(|(_, h)| h.get(row).cloned().flatten().unwrap_or_else(none)).collect(),
        })
        .collect()
}
