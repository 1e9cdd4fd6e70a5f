//! The selection across years: its total in every period (the trend chart), and a comparison of
//! the shown period with another, slice by slice (change in money and per cent, nominal).
//!
//! Amounts are exact sums; what the page shows is rounded with the same rule as the rest of the
//! view (`format::table_decimal_places`), so the trend's point for the shown year is the
//! headline's figure, and a comparison's "change" is the difference of the two figures shown.

use crate::domain::aggregate::{Breakdown, Selection, SliceKey};
use crate::domain::coverage;
use crate::domain::format::{self, isolate, money_dp};
use crate::domain::model::{Dataset, Dim, Extent, MemberIx, PeriodIx};
use crate::domain::money::Amount;
use crate::domain::money::{self, Currency};
use crate::domain::query::Query;
use rust_decimal::Decimal;

/// The selection's total in one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendPoint {
    /// The period.
    pub period: PeriodIx,
    /// The exact sum of the selection's facts in it.
    pub total: Decimal,
    /// The part that is apportioned or estimated.
    pub estimated: Decimal,
    /// How many facts it sums.
    pub n_facts: usize,
    /// Agencies of the selection (at the level the agency chart shows) that the data lacks for
    /// this period: the point leaves them out, so it is not comparable with full years.
    pub lacking: Vec<MemberIx>,
    /// Whether the data lacks every agency of the selection this period (the same test as the
    /// headline's "not in this data", `coverage::empty_view`).
    pub all_lacking: bool,
}

/// The selection's total in every period of the dataset, oldest first (one pass over the facts).
pub fn trend(dataset: &Dataset, query: &Query) -> Vec<TrendPoint> {
    let selection = Selection::new(dataset, query);
    let n = dataset.periods.len();
    let mut totals = vec![Amount::ZERO; n];
    let mut estimated = vec![Amount::ZERO; n];
    let mut counts = vec![0usize; n];
    for fact in &dataset.facts {
        let p = fact.period as usize;
        if p >= n || !selection.admits(fact) {
            continue;
        }
        totals[p] += fact.amount;
        counts[p] = counts[p].saturating_add(fact.figures());
        if fact.basis.is_estimate() {
            estimated[p] += fact.amount;
        }
    }
    (0..n)
        .map(|p| {
            let period = p as PeriodIx;
            let lacking = coverage::lacking_in_period(dataset, &selection, period);
            let all_lacking = coverage::all_lacking(dataset, &selection, period);
            let (total, estimated) = (totals[p].to_decimal(), estimated[p].to_decimal());
            TrendPoint { period, total, estimated, n_facts: counts[p], lacking, all_lacking }
        })
        .collect()
}

/// A trend point as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendRow {
    /// The period's label.
    pub label: String,
    /// The total, rounded as the view of that year would round it.
    pub amount: Decimal,
    /// The total as text, e.g. "£2,312,456,789"; "not in this data" when nothing matches and a
    /// body of the selection is missing that year, "nothing recorded" when nothing matches
    /// although every body is covered.
    pub amount_text: String,
    /// Whether any fact matches in this period.
    pub has_figures: bool,
    /// The estimated part as text, or "–" when none.
    pub estimated_text: String,
    /// Whether this is the period shown.
    pub current: bool,
    /// "Not in this data: West Mercia Police, …", or empty.
    pub lacking_note: String,
    /// Whether the year lacks a body that other years have, so its total is not comparable with
    /// theirs (a body missing from every year changes no comparison).
    pub incomparable: bool,
}

/// The trend as rows for the chart and its table, every year at the same precision: the
/// coarsest any year's own view would use, so the shown year is within one unit of its headline.
pub fn trend_rows(dataset: &Dataset, points: &[TrendPoint], shown: PeriodIx, currency: &Currency) -> Vec<TrendRow> {
    // Bodies missing from every year change no comparison between years.
    let everywhere: Vec<MemberIx> = points
        .first()
        .map(|first| first.lacking.iter().copied().filter(|a| points.iter().all(|p| p.lacking.contains(a))).collect())
        .unwrap_or_default();
    // One precision for every year, so the years read alike (whole units once any year needs them).
    let places = points.iter().map(|p| format::decimal_places_for(p.total, currency)).min().unwrap_or(0);
    points
        .iter()
        .map(|point| {
            let amount = money::round_dp(point.total, places);
            let estimated = money::round_dp(point.estimated, places);
            let names: Vec<String> = point
                .lacking
                .iter()
                .map(|ix| dataset.dim(Dim::Agency).get(*ix).map_or_else(String::new, |m| isolate(&m.label)))
                .collect();
            TrendRow {
                label: dataset.period_label(point.period).to_owned(),
                amount,
                amount_text: match (point.n_facts, point.all_lacking) {
                    (0, true) => "not in this data".to_owned(),
                    (0, false) => "nothing recorded".to_owned(),
                    _ => money_dp(amount, currency, places),
                },
                has_figures: point.n_facts > 0,
                estimated_text: if estimated.is_zero() {
                    "–".to_owned()
                } else {
                    money_dp(estimated, currency, places)
                },
                current: point.period == shown,
                incomparable: point.lacking.iter().any(|a| !everywhere.contains(a)),
                lacking_note: if names.is_empty() {
                    String::new()
                } else {
                    format!("Not in this data for this year: {}.", format::join_and(&names))
                },
            }
        })
        .collect()
}

/// One row of a comparison between two periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparisonRow {
    /// The slice (`None` for the total row).
    pub key: Option<SliceKey>,
    /// The slice's label.
    pub label: String,
    /// The amount in the earlier-chosen (comparison) period, as shown, or `None` when the slice
    /// has nothing there.
    pub before: Option<Decimal>,
    /// The amount in the shown period, as shown, or `None` when it has nothing there.
    pub after: Option<Decimal>,
    /// `after − before` of the shown figures (a side with nothing recorded counts as zero);
    /// `None` when the data lacks the slice's body in either period ([`mark_not_in_data`]).
    pub change: Option<Decimal>,
    /// The change in per cent of the exact `before`, to one decimal place; `None` when `before`
    /// is missing, zero or negative (a per cent change from there means nothing), or when the
    /// shown change is zero or unknown.
    pub percent: Option<Decimal>,
    /// Whether the data lacks the slice's body in the comparison period: "not in this data".
    pub before_not_in_data: bool,
    /// Whether the data lacks the slice's body in the shown period.
    pub after_not_in_data: bool,
    /// Whether the comparison period's amount includes estimates.
    pub before_estimated: bool,
    /// Whether the shown period's amount includes estimates.
    pub after_estimated: bool,
}

/// The shown period's slices beside another period's, matched by slice, with changes. Both sides
/// are rounded at the same decimal places (the shown view's, or whole units if either total
/// needs them), each side's rows adding up to its total row, which comes last.
pub fn compare(now: &Breakdown, before: &Breakdown, currency: &Currency) -> (Vec<ComparisonRow>, u32) {
    let places =
        format::decimal_places_for(now.total, currency).min(format::decimal_places_for(before.total, currency));
    let mut keys: Vec<(SliceKey, String)> = now.slices.iter().map(|s| (s.key, s.label.clone())).collect();
    for slice in &before.slices {
        if !keys.iter().any(|(k, _)| *k == slice.key) {
            keys.push((slice.key, slice.label.clone()));
        }
    }
    let exact = |breakdown: &Breakdown, key: SliceKey| breakdown.slices.iter().find(|s| s.key == key).map(|s| s.amount);
    let side = |breakdown: &Breakdown| -> (Vec<Option<Decimal>>, Decimal) {
        let parts: Vec<Decimal> = keys.iter().map(|(k, _)| exact(breakdown, *k).unwrap_or(Decimal::ZERO)).collect();
        let rounded = money::round_parts(&parts, places);
        let total = rounded.iter().sum();
        (keys.iter().zip(rounded).map(|((k, _), r)| exact(breakdown, *k).map(|_| r)).collect(), total)
    };
    let (after, after_total) = side(now);
    let (before_shown, before_total) = side(before);
    let percent = |exact_before: Option<Decimal>, exact_after: Decimal| {
        exact_before
            .filter(|b| *b > Decimal::ZERO)
            .and_then(|b| ((exact_after - b) * Decimal::ONE_HUNDRED).checked_div(b))
            .map(|p| money::round_dp(p, 1))
    };
    let mut rows: Vec<ComparisonRow> = keys
        .iter()
        .enumerate()
        .map(|(i, (key, label))| {
            let b = before_shown.get(i).copied().flatten();
            let a = after.get(i).copied().flatten();
            let change = a.unwrap_or(Decimal::ZERO) - b.unwrap_or(Decimal::ZERO);
            let estimated =
                |breakdown: &Breakdown| breakdown.slices.iter().any(|s| s.key == *key && !s.estimated.is_zero());
            ComparisonRow {
                key: Some(*key),
                label: label.clone(),
                before: b,
                after: a,
                change: Some(change),
                percent: percent(exact(before, *key), exact(now, *key).unwrap_or(Decimal::ZERO))
                    .filter(|_| !change.is_zero()),
                before_not_in_data: false,
                after_not_in_data: false,
                before_estimated: estimated(before),
                after_estimated: estimated(now),
            }
        })
        .collect();
    let total_change = after_total - before_total;
    rows.push(ComparisonRow {
        key: None,
        label: "Total".to_owned(),
        before: Some(before_total),
        after: Some(after_total),
        change: Some(total_change),
        percent: percent(Some(before.total), now.total).filter(|_| !total_change.is_zero()),
        before_not_in_data: false,
        after_not_in_data: false,
        before_estimated: !before.estimated.is_zero(),
        after_estimated: !now.estimated.is_zero(),
    });
    (rows, places)
}

/// Marks the rows of a comparison by agency whose body the data lacks in one of the periods
/// (`shown`, `other`): that side is "not in this data", never £0 or "nothing recorded", and the
/// row has no change. Rows of other slicings are left as they are: a body's absence from one
/// year is then said by [`crate::domain::coverage::comparability_note`].
pub fn mark_not_in_data(rows: &mut [ComparisonRow], dataset: &Dataset, by: Dim, shown: PeriodIx, other: PeriodIx) {
    if by != Dim::Agency {
        return;
    }
    for row in rows.iter_mut() {
        let Some(SliceKey::Member(agency)) = row.key else { continue };
        let lacking = |period: PeriodIx| dataset.coverage_of(agency, period).extent == Extent::Lacking;
        row.before_not_in_data = lacking(other);
        row.after_not_in_data = lacking(shown);
        if row.before_not_in_data || row.after_not_in_data {
            row.change = None;
            row.percent = None;
        }
    }
}

/// A change as text with its sign: "+£1,234", "−£56", "no change".
pub fn change_text(change: Decimal, currency: &Currency, places: u32) -> String {
    if change.is_zero() {
        return "no change".to_owned();
    }
    let sign = if change > Decimal::ZERO { "+" } else { "" };
    format!("{sign}{}", money_dp(change, currency, places))
}

/// A per cent change as text: "+3.2%", "−0.5%", or "–".
pub fn percent_text(percent: Option<Decimal>) -> String {
    match percent {
        Some(p) if p > Decimal::ZERO => format!("+{}", format::percent(p)),
        Some(p) => format::percent(p),
        None => "–".to_owned(),
    }
}

/// "Compared with 2016-17: up £12,345,678 (+1.2%), in cash terms (not adjusted for inflation)."
pub fn comparison_sentence(rows: &[ComparisonRow], before_label: &str, currency: &Currency, places: u32) -> String {
    let Some(total) = rows.last() else { return String::new() };
    let change = total.change.unwrap_or(Decimal::ZERO);
    let direction = if change > Decimal::ZERO {
        "up"
    } else if change < Decimal::ZERO {
        "down"
    } else {
        "unchanged"
    };
    let amount = money_dp(change.abs(), currency, places);
    let percent = total.percent.map(|p| format!(" ({})", percent_text(Some(p)))).unwrap_or_default();
    let change = if change.is_zero() { String::new() } else { format!(" {amount}{percent}") };
    format!("Compared with {}: {direction}{change}, in cash terms (not adjusted for inflation).", isolate(before_label))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::aggregate::aggregate;
    use crate::domain::load::load;
    use crate::domain::money::tests::dec;

    /// Two periods, agencies X and Y; Y has an apportioned figure in the first period only.
    /// Built from a v1 file with periods and bases set by hand, so these tests do not depend on
    /// the 1.1 reader.
    fn two_years() -> Dataset {
        const FILE: &str = r#"{"format_version":"1.1","metadata":{"title":"t","currency":"GBP"},
          "periods":[{"id":"a","label":"a"},{"id":"b","label":"b"}],
          "places":[{"id":"p","label":"P"}],"audiences":[],"activities":[],
          "agencies":[{"id":"x","label":"X"},{"id":"y","label":"Y"}],
          "facts":[
            {"agency":"x","place":"p","amount":"100.00","period":"a","basis":"reported"},
            {"agency":"y","place":"p","amount":"50.00","period":"a","basis":"apportioned"},
            {"agency":"x","place":"p","amount":"120.00","period":"b","basis":"reported"}
          ]}"#;
        let loaded = load(FILE.as_bytes());
        assert_eq!(loaded.problems.n_errors, 0, "{:?}", loaded.problems);
        loaded.dataset.map(|d| (*d).clone()).unwrap_or_default()
    }

    #[test]
    fn trend_sums_each_period_and_names_agencies_the_data_lacks() {
        let dataset = two_years();
        let points = trend(&dataset, &Query::default());
        let totals: Vec<(Decimal, Decimal, usize)> =
            points.iter().map(|p| (p.total, p.estimated, p.lacking.len())).collect();
        assert_eq!(totals, vec![(dec("150.00"), dec("50.00"), 0), (dec("120.00"), Decimal::ZERO, 1)]);
    }

    #[test]
    fn comparison_changes_are_differences_of_shown_figures() {
        let dataset = two_years();
        let query = Query { by: Dim::Agency, ..Query::default() };
        let now = aggregate(&dataset, &query);
        let before = aggregate(&dataset, &query.in_period(Some("a".to_owned())));
        let gbp = Currency::from_code("GBP").unwrap_or_else(Currency::unknown);
        let (rows, places) = compare(&now, &before, &gbp);
        // label: before → after, change, per cent
        let shown: Vec<String> = rows
            .iter()
            .map(|r| format!("{}: {:?} → {:?}, {:?}, {:?}", r.label, r.before, r.after, r.change, r.percent))
            .collect();
        assert_eq!(places, 2);
        assert_eq!(
            shown,
            [
                "X: Some(100.00) → Some(120.00), Some(20.00), Some(20)",
                "Y: Some(50.00) → None, Some(-50.00), Some(-100)",
                "Total: Some(150.00) → Some(120.00), Some(-30.00), Some(-20)",
            ]
        );
    }
}
