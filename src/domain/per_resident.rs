//! Per-resident figures of a Place view on one basis: each Place's spending attributed to it per
//! resident, the average across the Places shown on that same basis, the area-wide spending (not
//! attributed to one Place) shared out by population and labelled so, and the order and values of
//! a Place view's bars ("total / per resident", "largest first / A to Z").
//!
//! Why: a Place's figure leaves out the area-wide spending that the whole area's figure includes,
//! so every Place is below the area's per-resident figure. Like is compared with like by setting
//! each Place beside the average of the Places on the same basis, and the area-wide part is
//! shown apart. Every figure is exact `Decimal` arithmetic rounded once, and the parts add up:
//! the average and the area-wide share are rounded together (largest remainder) to the whole
//! area's per-resident figure as the headline shows it.

use crate::domain::aggregate::{Breakdown, People, SliceKey, aggregate};
use crate::domain::format::{self, Figures};
use crate::domain::model::{Dataset, Dim};
use crate::domain::money::{self, Currency};
use crate::domain::query::{Measure, MemberRef, Query, SortOrder};
use rust_decimal::Decimal;

/// Spending per head, rounded once to the currency's minor units, or `None` without a known,
/// non-zero number of people. The per-head column, the per-resident bars and the comparisons all
/// read this one rounding.
pub fn per_head(amount: Decimal, people: Option<u64>, currency: &Currency) -> Option<Decimal> {
    let people = people.filter(|p| *p > 0)?;
    amount.checked_div(Decimal::from(people)).map(|each| money::round_dp(each, currency.minor_unit_digits))
}

/// The area-wide spending of a Place view (not attributed to one Place), shared out by population.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaWideShare {
    /// The amount, as the view's row shows it.
    pub amount: String,
    /// Per head if shared by population: rounded with the average so the two add up to `whole`.
    pub per_head: Decimal,
    /// `per_head` as text.
    pub per_head_text: String,
    /// The whole area's per-head figure, as the headline shows it.
    pub whole: String,
}

/// The like-for-like reference of a Place view: what the Places are compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceAverage {
    /// "resident" or "person" (in a chosen audience).
    pub per: &'static str,
    /// Spending attributed to a Place, divided by the people of the Places shown, rounded once
    /// (with the area-wide share, when there is one, so that the two add up).
    pub average: Decimal,
    /// `average` as text.
    pub average_text: String,
    /// How many Places the average is across (the Places shown, or every Place when comparing).
    pub n_places: usize,
    /// The spending attributed to the Places, as shown: the sum of the Places' rows.
    pub attributed: String,
    /// The area-wide spending in the view, if any, shared by population.
    pub area_wide: Option<AreaWideShare>,
}

impl PlaceAverage {
    /// The reference's label: "Average across the 3 Places shown (spending attributed to a
    /// Place)". The count tells it apart from "Compare places"' average across all Places.
    pub fn label(&self) -> String {
        format!("Average across the {} Places shown (spending attributed to a Place)", self.n_places)
    }

    /// The one sentence that explains the comparison on the page.
    pub fn sentence(&self) -> String {
        let per = self.per;
        match &self.area_wide {
            Some(area) => format!(
                "Each Place's figure counts only spending attributed to that Place, so compare it with the average \
                 across Places on the same basis, {} per {per}; the whole area's {} per {per} also includes {} of \
                 area-wide spending not attributed to one Place ({} per {per} if shared by population).",
                self.average_text, area.whole, area.amount, area.per_head_text
            ),
            None => format!(
                "Each Place's figure counts only spending attributed to that Place; the average across the Places \
                 shown, on the same basis, is {} per {per}.",
                self.average_text
            ),
        }
    }
}

/// The average across the Places of a Place view, on the Places' own basis, or `None` when the
/// view is not by Place, has fewer than two Places, or the people it needs are not known.
/// `amounts` are the view's rounded slice amounts ([`Figures::amounts`]).
pub fn place_average(breakdown: &Breakdown, amounts: &[Decimal], currency: &Currency) -> Option<PlaceAverage> {
    if breakdown.by != Dim::Place {
        return None;
    }
    let n_places = breakdown.slices.iter().filter(|s| s.key != SliceKey::Unattributed).count();
    let people = breakdown.people.count().filter(|p| *p > 0)?;
    if n_places < 2 {
        return None;
    }
    let per = if matches!(breakdown.people, People::AudienceMembers(_)) { "person" } else { "resident" };
    let unattributed = breakdown.slices.iter().position(|s| s.key == SliceKey::Unattributed);
    let area_wide_amount = unattributed.and_then(|i| breakdown.slices.get(i)).map_or(Decimal::ZERO, |s| s.amount);
    let people = Decimal::from(people);
    let digits = currency.minor_unit_digits;
    let average_exact = (breakdown.total - area_wide_amount).checked_div(people)?;
    let money = |value: Decimal| format::money_dp(value, currency, digits);
    let places_dp = format::table_decimal_places(breakdown, currency);
    let attributed: Decimal =
        amounts.iter().enumerate().filter(|(i, _)| Some(*i) != unattributed).map(|(_, amount)| *amount).sum();
    let attributed = format::money_dp(attributed, currency, places_dp);
    let Some(i) = unattributed else {
        let average = money::round_dp(average_exact, digits);
        return Some(PlaceAverage {
            per,
            average,
            average_text: money(average),
            n_places,
            attributed,
            area_wide: None,
        });
    };
    let share_exact = area_wide_amount.checked_div(people)?;
    // The headline's figure: the whole total per head, rounded once; the two parts add up to it.
    let whole = money::round_dp(breakdown.total.checked_div(people)?, digits);
    let parts = money::round_parts_to(&[average_exact, share_exact], digits, whole);
    let (average, share) = (parts.first().copied()?, parts.get(1).copied()?);
    let amount = format::money_dp(amounts.get(i).copied()?, currency, places_dp);
    Some(PlaceAverage {
        per,
        average,
        average_text: money(average),
        n_places,
        attributed,
        area_wide: Some(AreaWideShare { amount, per_head: share, per_head_text: money(share), whole: money(whole) }),
    })
}

/// Whether a view offers "total / per resident" and the sort: a view by Place with at least two
/// Places, one of them with a known population.
pub fn offers_measure(breakdown: &Breakdown) -> bool {
    let places = || breakdown.slices.iter().filter(|s| s.key != SliceKey::Unattributed);
    breakdown.by == Dim::Place && places().count() >= 2 && places().any(|s| s.residents.is_some_and(|r| r > 0))
}

/// The measure a view's bars are drawn to: the link's, where the view offers it
/// ([`offers_measure`]), otherwise totals.
pub fn measure_shown(breakdown: &Breakdown, query: &Query) -> Measure {
    if offers_measure(breakdown) { query.measure } else { Measure::Total }
}

/// The words the chart heading gives the measure shown ("per resident", "per person"), `None`
/// for totals (`format::view_heading`).
pub fn heading_per_head(breakdown: &Breakdown, query: &Query) -> Option<String> {
    (measure_shown(breakdown, query) == Measure::PerResident)
        .then(|| format::per_head_heading(breakdown).to_lowercase())
}

/// A view's bars as drawn: in which order, to which value, with what words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bars {
    /// The measure drawn: per resident only where offered ([`offers_measure`]).
    pub measure: Measure,
    /// Slice indices (into `Breakdown::slices`) in the order shown; "not attributed" last.
    pub order: Vec<usize>,
    /// Per slice (breakdown order): the value its bar is drawn to, `None` for no bar (a Place
    /// without a known population, per resident).
    pub values: Vec<Option<Decimal>>,
    /// Per slice: the part of `values` that is apportioned or estimated (hatched).
    pub estimated: Vec<Decimal>,
    /// Per slice: the value as text (the table's own figure), or empty for no value.
    pub texts: Vec<String>,
    /// Per slice: the words after the value ("per resident", "per resident if shared by
    /// population", "no population given"), empty for totals.
    pub units: Vec<String>,
    /// Per resident: the average across Places on the same basis, drawn as a reference line.
    pub reference: Option<Decimal>,
}

/// The bars of a view for the query's measure and order. Per resident, each Place's bar is its
/// per-head figure ([`Figures::per_head`]) and the area-wide bar is its share by population,
/// labelled so; the values are the table's rounded figures, so bar and table agree.
pub fn bars(breakdown: &Breakdown, figures: &Figures, query: &Query) -> Bars {
    let measure = measure_shown(breakdown, query);
    let n = breakdown.slices.len();
    let mut units = vec![String::new(); n];
    let (values, estimated, texts): (Vec<Option<Decimal>>, Vec<Decimal>, Vec<String>) = match measure {
        Measure::Total => (
            breakdown.slices.iter().map(|s| Some(s.amount)).collect(),
            breakdown.slices.iter().map(|s| s.estimated).collect(),
            figures.rows.iter().map(|r| r.amount.clone()).collect(),
        ),
        Measure::PerResident => {
            let average = figures.place_average.as_ref();
            let per = average.map_or("resident", |a| a.per);
            let mut values = Vec::with_capacity(n);
            let mut estimated = Vec::with_capacity(n);
            let mut texts = Vec::with_capacity(n);
            for (i, slice) in breakdown.slices.iter().enumerate() {
                let area_wide =
                    average.and_then(|a| a.area_wide.as_ref()).filter(|_| slice.key == SliceKey::Unattributed);
                let per_head = figures.per_head.get(i).copied().flatten();
                let (value, text, unit) = match (area_wide, per_head, figures.rows.get(i)) {
                    (Some(area), _, _) => {
                        (Some(area.per_head), area.per_head_text.clone(), format!("per {per} if shared by population"))
                    }
                    (None, Some(value), Some(row)) => (Some(value), row.per_head.clone(), format!("per {per}")),
                    // Shared out only when every Place's people are known (`place_average`).
                    _ if slice.key == SliceKey::Unattributed => {
                        (None, String::new(), "no residents of its own".to_owned())
                    }
                    _ => (None, String::new(), "no population given".to_owned()),
                };
                if let Some(slot) = units.get_mut(i) {
                    *slot = unit;
                }
                // The hatched part in the same units: the estimated share of the bar.
                let part = match (value, slice.amount.is_zero()) {
                    (Some(value), false) => {
                        (value * slice.estimated).checked_div(slice.amount).unwrap_or_default().round_dp(4)
                    }
                    _ => Decimal::ZERO,
                };
                values.push(value);
                estimated.push(part);
                texts.push(text);
            }
            (values, estimated, texts)
        }
    };
    let mut order: Vec<usize> = (0..n).collect();
    if offers_measure(breakdown) {
        let slices = &breakdown.slices;
        let last = |i: usize| slices[i].key == SliceKey::Unattributed;
        match query.sort {
            SortOrder::Largest => order.sort_by(|&a, &b| {
                last(a)
                    .cmp(&last(b))
                    // Bars without a value go after those with one, largest first.
                    .then(values[b].cmp(&values[a]))
                    .then_with(|| slices[a].label.cmp(&slices[b].label))
            }),
            SortOrder::Name => order.sort_by(|&a, &b| {
                last(a)
                    .cmp(&last(b))
                    .then_with(|| slices[a].label.to_lowercase().cmp(&slices[b].label.to_lowercase()))
                    .then_with(|| slices[a].label.cmp(&slices[b].label))
            }),
        }
    }
    let reference = match measure {
        Measure::PerResident => figures.place_average.as_ref().map(|a| a.average),
        Measure::Total => None,
    };
    Bars { measure, order, values, estimated, texts, units, reference }
}

/// The per-resident chart's text equivalent: the highest and lowest Place and the average they
/// are compared with, or `None` when the bars are not per resident.
pub fn summary(breakdown: &Breakdown, bars: &Bars, figures: &Figures) -> Option<String> {
    if bars.measure != Measure::PerResident {
        return None;
    }
    let average = figures.place_average.as_ref()?;
    let per = average.per;
    let places: Vec<(usize, Decimal)> = (0..breakdown.slices.len())
        .filter(|i| breakdown.slices[*i].key != SliceKey::Unattributed)
        .filter_map(|i| bars.values[i].map(|v| (i, v)))
        .collect();
    let label = |i: usize| format::isolate(&breakdown.slices[i].label);
    let text = |i: usize| figures.rows[i].per_head.clone();
    // Highest: the largest value, first label on ties; lowest likewise.
    let highest = places
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(breakdown.slices[b.0].label.cmp(&breakdown.slices[a.0].label)))?;
    let lowest = places
        .iter()
        .min_by(|a, b| a.1.cmp(&b.1).then(breakdown.slices[a.0].label.cmp(&breakdown.slices[b.0].label)))?;
    Some(format!(
        "Per {per}, the highest is {} ({}) and the lowest {} ({}); the average across Places on the same basis is {} per {per}.",
        label(highest.0),
        text(highest.0),
        label(lowest.0),
        text(lowest.0),
        average.average_text
    ))
}

/// A view of one Place, set beside the average across all Places on the same basis: what a
/// resident of that Place needs to read its per-resident figure fairly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnePlace {
    /// The Place's id (for "Compare places").
    pub id: String,
    /// The sentence shown under the switch's place.
    pub sentence: String,
}

/// When the query chooses exactly one Place (of data with two or more) and its people are
/// known: its per-head figure (as the headline shows it; `breakdown` is the query's) beside the
/// average across all Places with the same other filters, on the same basis.
pub fn one_place(dataset: &Dataset, query: &Query, breakdown: &Breakdown, currency: &Currency) -> Option<OnePlace> {
    let members = dataset.dim(Dim::Place);
    if members.len() < 2 {
        return None;
    }
    let [MemberRef::Id(id)] = query.filter(Dim::Place) else { return None };
    let place = members.find(id).and_then(|ix| members.get(ix))?;
    let mut everywhere = query.sliced_by(Dim::Place).then_by(None);
    everywhere.filters[Dim::Place.index()].clear();
    let all = aggregate(dataset, &everywhere);
    let figures = format::figures(&all, currency);
    let average = figures.place_average.as_ref()?;
    let own = per_head(breakdown.total, breakdown.residents(), currency)?;
    let per = average.per;
    let label = format::isolate(&place.label);
    let own = format::money_dp(own, currency, currency.minor_unit_digits);
    let mut sentence = format!(
        "{label}'s {own} per {per} counts only spending attributed to {label}; the average across all Places on the \
         same basis is {} per {per}.",
        average.average_text
    );
    if let Some(area) = &average.area_wide {
        sentence.push_str(&format!(
            " The whole area's {} per {per} also includes area-wide spending not attributed to one Place ({} per \
             {per} if shared by population).",
            area.whole, area.per_head_text
        ));
    }
    Some(OnePlace { id: place.id.clone(), sentence })
}
