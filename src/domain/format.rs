//! Turning figures into text: money, shares, per-resident amounts, counts, and the one-sentence
//! summaries that stand beside every chart. Pure functions of values, so the page and the tests
//! see exactly the same words.

use crate::domain::aggregate::Slice;
use crate::domain::aggregate::{Breakdown, People, SliceKey};
use crate::domain::model::{Dataset, Dim, Excluded};
use crate::domain::money::{self, Currency};
use crate::domain::query::{MemberRef, Query};
use rust_decimal::Decimal;

/// The true minus sign, which screen readers say and which lines up with digits.
const MINUS: char = '\u{2212}';

/// Groups digits in threes: "1234567" → "1,234,567".
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Writes a number with thousands separators and exactly `decimal_places` decimals, rounding
/// half away from zero: `-1234.5` at 2 places → "−1,234.50".
pub fn number(value: Decimal, decimal_places: u32) -> String {
    let rounded = money::round_dp(value, decimal_places);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let text = format!("{:.*}", decimal_places as usize, rounded.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    if negative {
        out.push(MINUS);
    }
    out.push_str(&group_thousands(whole));
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

fn with_currency(currency: &Currency, negative: bool, digits: &str, suffix: &str) -> String {
    let sign = if negative { MINUS.to_string() } else { String::new() };
    match currency.symbol {
        Some(symbol) => format!("{sign}{symbol}{digits}{suffix}"),
        None if currency.code == "XXX" => format!("{sign}{digits}{suffix}"),
        None => format!("{sign}{digits}{suffix} {}", currency.code),
    }
}

/// Money to whole units: "£1,234,568". Used for totals and table cells.
pub fn money(value: Decimal, currency: &Currency) -> String {
    money_dp(value, currency, 0)
}

/// Money to a number of decimal places: "£12.35".
pub fn money_dp(value: Decimal, currency: &Currency, decimal_places: u32) -> String {
    let text = number(value, decimal_places);
    let negative = text.starts_with(MINUS);
    with_currency(currency, negative, text.trim_start_matches(MINUS), "")
}

/// Short money for chart labels: "£412.3m", "£56.1k", "£980", "£1.2bn". The unit is chosen
/// after rounding, so 999,950 is "£1.0m", not "£1,000.0k".
pub fn money_compact(value: Decimal, currency: &Currency) -> String {
    const UNITS: [(u64, &str); 3] = [(1_000_000_000, "bn"), (1_000_000, "m"), (1_000, "k")];
    let magnitude = value.abs();
    let mut chosen: Option<(Decimal, &str)> = None;
    for (size, suffix) in UNITS.iter().rev() {
        let divisor = Decimal::from(*size);
        // Thousands only from 10,000 (as written in whole units): "£9,800" reads better than "£9.8k".
        let reaches = if *suffix == "k" {
            money::round_dp(magnitude, 0) >= Decimal::from(10_000u64)
        } else {
            money::round_dp(magnitude / divisor, 1) >= Decimal::ONE
        };
        if reaches {
            chosen = Some((divisor, suffix));
        }
    }
    let text = match chosen {
        Some((divisor, _)) => number(value / divisor, 1),
        None => number(value, 0),
    };
    let suffix = chosen.map_or("", |(_, suffix)| suffix);
    let negative = text.starts_with(MINUS);
    with_currency(currency, negative, text.trim_start_matches(MINUS), suffix)
}

/// A percentage with one decimal: "12.5%".
pub fn percent(share: Decimal) -> String {
    format!("{}%", number(share, 1))
}

/// A count of people or rows: "320,146".
pub fn count(n: u64) -> String {
    group_thousands(&n.to_string())
}

/// Spending per resident to the penny, or `None` without a known, non-zero population.
pub fn per_resident(amount: Decimal, residents: Option<u64>, currency: &Currency) -> Option<String> {
    let people = residents.filter(|r| *r > 0)?;
    Some(money_dp(amount / Decimal::from(people), currency, 2))
}

/// How many decimal places tables show: pence when every figure is small (under 100,000 units,
/// where rounding to whole units would visibly move figures), otherwise whole units.
pub fn table_decimal_places(breakdown: &Breakdown, currency: &Currency) -> u32 {
    let small = Decimal::from(100_000u32);
    if breakdown.total.abs() < small && breakdown.slices.iter().all(|s| s.amount.abs() < small) {
        currency.minor_unit_digits
    } else {
        0
    }
}

/// The table's displayed amounts, rounded to `decimal_places` so that they add up to the
/// displayed total exactly (largest remainder). Returns the rounded slices and the rounded total.
pub fn displayed_amounts(breakdown: &Breakdown, decimal_places: u32) -> (Vec<Decimal>, Decimal) {
    let parts: Vec<Decimal> = breakdown.slices.iter().map(|s| s.amount).collect();
    let rounded = money::round_parts(&parts, decimal_places);
    let total = rounded.iter().sum();
    (rounded, total)
}

/// One row of the figures table, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// The amount, rounded so the rows add up to the total row.
    pub amount: String,
    /// The share of the total, or "–".
    pub share: String,
    /// Per resident (or per person in an audience), or "–".
    pub per_head: String,
}

/// The figures table as displayed: one row per slice plus the total row, all as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayedTable {
    /// Decimal places of the amounts (0, or the currency's minor unit for small figures).
    pub decimal_places: u32,
    /// One per slice, in the breakdown's order.
    pub rows: Vec<TableRow>,
    /// The total row.
    pub total: TableRow,
    /// The per-head column's heading.
    pub per_head_heading: &'static str,
}

/// Everything the figures table shows, computed once per breakdown.
pub fn displayed_table(breakdown: &Breakdown, currency: &Currency) -> DisplayedTable {
    const NONE: &str = "–";
    let decimal_places = table_decimal_places(breakdown, currency);
    let (amounts, total) = displayed_amounts(breakdown, decimal_places);
    let shares = displayed_shares(breakdown);
    let rows = breakdown
        .slices
        .iter()
        .zip(&amounts)
        .enumerate()
        .map(|(i, (slice, amount))| TableRow {
            amount: money_dp(*amount, currency, decimal_places),
            share: shares.as_ref().and_then(|s| s.get(i)).map_or_else(|| NONE.to_owned(), |s| percent(*s)),
            per_head: per_resident(slice.amount, slice.residents, currency).unwrap_or_else(|| NONE.to_owned()),
        })
        .collect();
    let total = TableRow {
        amount: money_dp(total, currency, decimal_places),
        share: if shares.is_some() { "100.0%".to_owned() } else { NONE.to_owned() },
        per_head: per_resident(breakdown.total, breakdown.residents(), currency).unwrap_or_else(|| NONE.to_owned()),
    };
    DisplayedTable { decimal_places, rows, total, per_head_heading: per_head_heading(breakdown) }
}

/// A two-way table as displayed: every row's cells add up to that row's shown
/// total, every column total is the sum of its shown cells, and both add up to the shown grand
/// total. (Only the column totals may then differ from their exact values, by a few units.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayedCross {
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Decimal>>,
    /// One per row, as in [`displayed_amounts`].
    pub row_totals: Vec<Decimal>,
    /// One per column.
    pub column_totals: Vec<Decimal>,
    /// The grand total.
    pub total: Decimal,
}

/// Rounds a two-way breakdown for display so that it adds up both ways.
pub fn displayed_cross(breakdown: &Breakdown, decimal_places: u32) -> DisplayedCross {
    let (row_totals, total) = displayed_amounts(breakdown, decimal_places);
    let cells: Vec<Vec<Decimal>> = breakdown
        .cells
        .iter()
        .zip(&row_totals)
        .map(|(row, row_total)| money::round_parts_to(row, decimal_places, *row_total))
        .collect();
    let column_totals = (0..breakdown.columns.len()).map(|c| cells.iter().filter_map(|row| row.get(c)).sum()).collect();
    DisplayedCross { cells, row_totals, column_totals, total }
}

/// The table's displayed shares, adding to 100.0%, or `None` when the total is not positive.
pub fn displayed_shares(breakdown: &Breakdown) -> Option<Vec<Decimal>> {
    let parts: Vec<Decimal> = breakdown.slices.iter().map(|s| s.amount).collect();
    money::shares_percent(&parts)
}

/// Joins names as people write lists: "a", "a and b", "a, b and c".
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The chosen members of a dimension as sentence parts: labels, and the dimension's
/// "not attributed" phrase. Ids the dataset lacks are left out (the page lists them apart).
fn filter_phrases(dataset: &Dataset, query: &Query, dim: Dim) -> Vec<String> {
    query
        .filter(dim)
        .iter()
        .filter_map(|member| match member {
            MemberRef::Unattributed => Some(dim.unattributed_phrase().to_owned()),
            MemberRef::Id(_) => dataset.label_of_ref(dim, member),
        })
        .collect()
}

/// What the current selection covers, as a phrase: "Spending by all agencies in Ludlow on
/// Young people 16–19 for Offender management".
pub fn selection_phrase(dataset: &Dataset, query: &Query) -> String {
    let agencies = filter_phrases(dataset, query, Dim::Agency);
    let audiences = filter_phrases(dataset, query, Dim::Audience);
    let activities = filter_phrases(dataset, query, Dim::Activity);
    let mut phrase = if agencies.is_empty() {
        "Spending by all agencies".to_owned()
    } else {
        format!("Spending by {}", join_and(&agencies))
    };
    let in_places: Vec<String> = query
        .filter(Dim::Place)
        .iter()
        .filter_map(|member| match member {
            MemberRef::Unattributed => Some(Dim::Place.unattributed_phrase().to_owned()),
            MemberRef::Id(_) => dataset.label_of_ref(Dim::Place, member).map(|label| format!("in {label}")),
        })
        .collect();
    phrase.push_str(&if in_places.is_empty() {
        " across the whole area".to_owned()
    } else {
        format!(" {}", join_and(&in_places))
    });
    if !audiences.is_empty() {
        phrase.push_str(&format!(" on {}", join_and(&audiences)));
    }
    if !activities.is_empty() {
        phrase.push_str(&format!(" for {}", join_and(&activities)));
    }
    phrase
}

/// The people behind the headline's per-head figure, as a sentence.
pub fn people_sentence(breakdown: &Breakdown, currency: &Currency) -> String {
    let each = |n: u64| per_resident(breakdown.total, Some(n), currency).unwrap_or_else(|| "–".to_owned());
    match breakdown.people {
        People::Residents(n) => format!("{} residents: {} per resident.", count(n), each(n)),
        People::AudienceMembers(n) => format!("{} people in the chosen audience: {} per person.", count(n), each(n)),
        People::AreaWide => {
            "No per-resident figure: spending not attributed to a Place has no population of its own.".to_owned()
        }
        People::SeveralAudiences => {
            "No per-person figure: the chosen audiences may overlap, so their populations cannot be added.".to_owned()
        }
        People::Unknown => "No per-resident figure: the data does not give the population needed.".to_owned(),
    }
}

/// The heading of the per-head column: per person in an audience, or per resident.
pub fn per_head_heading(breakdown: &Breakdown) -> &'static str {
    if breakdown.by == Dim::Audience || matches!(breakdown.people, People::AudienceMembers(_)) {
        "Per person"
    } else {
        "Per resident"
    }
}

/// "pounds" for GBP, otherwise the currency's name or code, for "in whole pounds".
pub fn currency_name(currency: &Currency) -> String {
    match currency.code.as_str() {
        "GBP" => "pounds".to_owned(),
        "EUR" => "euros".to_owned(),
        "USD" => "dollars".to_owned(),
        "XXX" => "currency units".to_owned(),
        code => code.to_owned(),
    }
}

/// What was left out of the figures, as a sentence, or `None` when nothing was.
pub fn left_out_sentence(excluded: &Excluded, currency: &Currency) -> Option<String> {
    if excluded.n_facts == 0 {
        return None;
    }
    let rows = if excluded.n_facts == 1 { "row" } else { "rows" };
    let mut sentence = format!(
        "{} spending {rows} could not be used and {} not in any figure above.",
        count(excluded.n_facts as u64),
        if excluded.n_facts == 1 { "is" } else { "are" }
    );
    let n_readable = excluded.n_facts - excluded.n_unreadable_amounts;
    if n_readable > 0 {
        sentence.push_str(&format!(
            " The {} of them with a readable amount add up to {}.",
            count(n_readable as u64),
            money_dp(excluded.readable_amount, currency, currency.minor_unit_digits)
        ));
    }
    if excluded.n_unreadable_amounts > 0 {
        sentence.push_str(&format!(" {} had no readable amount.", count(excluded.n_unreadable_amounts as u64)));
    }
    Some(sentence)
}

/// The one-sentence text equivalent of the chart.
pub fn summary(dataset: &Dataset, breakdown: &Breakdown) -> String {
    let currency = &dataset.metadata.currency;
    if breakdown.n_facts == 0 {
        return "No spending matches this selection.".to_owned();
    }
    let shares = displayed_shares(breakdown);
    let describe = |i: usize, slice: &Slice| match &shares {
        Some(shares) => format!("{} ({}, {})", slice.label, money_compact(slice.amount, currency), percent(shares[i])),
        None => format!("{} ({})", slice.label, money_compact(slice.amount, currency)),
    };
    // Slices come ranked largest first with "not attributed" last.
    let named: Vec<(usize, &Slice)> =
        breakdown.slices.iter().enumerate().filter(|(_, s)| s.key != SliceKey::Unattributed).collect();
    let mut sentence = format!("{} in total", money(breakdown.total, currency));
    if let Some(((first_i, first), rest)) = named.split_first() {
        let n_named = named.len();
        sentence.push_str(&format!(
            ", split across {} {}; the largest is {}",
            count(n_named as u64),
            if n_named == 1 { singular(breakdown.by) } else { breakdown.by.plural().to_owned() },
            describe(*first_i, first)
        ));
        let next: Vec<String> = rest.iter().take(2).map(|(i, s)| describe(*i, s)).collect();
        if !next.is_empty() {
            sentence.push_str(&format!(", followed by {}", join_and(&next)));
        }
    }
    sentence.push('.');
    if let Some((i, unattributed)) = breakdown.slices.iter().enumerate().find(|(_, s)| s.key == SliceKey::Unattributed)
    {
        let share = shares.as_ref().map(|s| format!(" ({})", percent(s[i]))).unwrap_or_default();
        sentence.push_str(&format!(
            " {}{share} is {}.",
            money_compact(unattributed.amount, currency),
            lower_first(&unattributed.label)
        ));
    }
    sentence
}

fn singular(dim: Dim) -> String {
    match dim {
        Dim::Place => "Place".to_owned(),
        other => other.key().to_owned(),
    }
}

/// Lower-cases the first letter only, so a label can continue a sentence ("… is not attributed
/// to a Place") without losing its other capitals.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::tests::dec;

    #[test]
    fn formats_numbers_and_money() {
        let gbp = Currency::from_code("GBP").unwrap();
        let sek = Currency::from_code("SEK").unwrap();
        let none = Currency::unknown();
        let cases: &[(&str, &Currency, &str, &str)] = &[
            ("1234567.5", &gbp, "£1,234,568", "£1.2m"),
            ("-1234.5", &gbp, "−£1,235", "−£1,235"),
            ("0.4", &gbp, "£0", "£0"),
            ("-0.4", &gbp, "£0", "£0"),
            ("999", &gbp, "£999", "£999"),
            ("56100", &gbp, "£56,100", "£56.1k"),
            ("2500000000", &gbp, "£2,500,000,000", "£2.5bn"),
            ("999950", &gbp, "£999,950", "£1.0m"),
            ("999999999", &gbp, "£999,999,999", "£1.0bn"),
            ("9999.5", &gbp, "£10,000", "£10.0k"),
            ("9999.4", &gbp, "£9,999", "£9,999"),
            ("-999950", &gbp, "−£999,950", "−£1.0m"),
            ("100", &sek, "100 SEK", "100 SEK"),
            ("100", &none, "100", "100"),
        ];
        for (value, currency, full, compact) in cases {
            assert_eq!(money(dec(value), currency), *full, "{value}");
            assert_eq!(money_compact(dec(value), currency), *compact, "{value}");
        }
        assert_eq!(number(dec("1234.5"), 2), "1,234.50");
        assert_eq!(percent(dec("12.25")), "12.3%");
        assert_eq!(count(320146), "320,146");
        assert_eq!(per_resident(dec("1000"), Some(3), &gbp), Some("£333.33".to_owned()));
        assert_eq!(per_resident(dec("1000"), Some(0), &gbp), None);
        assert_eq!(per_resident(dec("1000"), None, &gbp), None);
    }

    #[test]
    fn joins_lists() {
        let items = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(join_and(&items(&[])), "");
        assert_eq!(join_and(&items(&["a"])), "a");
        assert_eq!(join_and(&items(&["a", "b"])), "a and b");
        assert_eq!(join_and(&items(&["a", "b", "c"])), "a, b and c");
    }
}
