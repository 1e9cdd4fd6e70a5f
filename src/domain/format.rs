//! Turning figures into text: one view's displayed figures ([`Figures`]: precision, rounded
//! amounts, shares, per-resident amounts, the two-way table), money, counts, the one-sentence
//! summaries that stand beside every chart, and direction-isolated labels ([`isolate`]). Pure
//! functions of values, so the page and the tests see exactly the same words; the rules are
//! those of docs/data-format.md section 12.

use crate::domain::aggregate::Slice;
use crate::domain::aggregate::{Breakdown, People, Selection, SliceKey};
use crate::domain::model::{Dataset, Dim, Excluded, MemberIx};
use crate::domain::money::{self, Currency};
use crate::domain::per_resident::{self, PlaceAverage};
use crate::domain::problem::is_explicit_direction_control;
use crate::domain::query::{MemberRef, Query, SliceDrill, UpStep, View, WayUp};
use crate::domain::rounding;
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

/// Money to a number of decimal places: "£12.35".
pub fn money_dp(value: Decimal, currency: &Currency, decimal_places: u32) -> String {
    let text = number(value, decimal_places);
    let negative = text.starts_with(MINUS);
    with_currency(currency, negative, text.trim_start_matches(MINUS), "")
}

/// A percentage with one decimal: "12.5%".
pub fn percent(share: Decimal) -> String {
    format!("{}%", number(share, 1))
}

/// The smallest share shown as a number; a share that rounds below it but is not zero reads
/// "<0.1%", so a slice that is there never reads as nothing.
const SMALLEST_SHARE: &str = "0.1";

/// A slice's share as shown: "12.5%", or "<0.1%" when the rounded share is 0.0% but the slice's
/// amount (`part`) is not zero. The 0.0 still counts in the shares' 100.0% sum (docs/data-format.md
/// section 12): "<0.1%" says where that 0.0 stands for a small amount, not for nothing.
pub fn share_text(share: Decimal, part: Decimal) -> String {
    if share.is_zero() && !part.is_zero() { format!("<{SMALLEST_SHARE}%") } else { percent(share) }
}

/// How a screen reader should say a shown share, when its text would read badly ("<0.1%" is
/// "less than 0.1%"); `None` when the text reads as it is.
pub fn share_spoken(text: &str) -> Option<String> {
    text.strip_prefix('<').map(|rest| format!("less than {rest}"))
}

/// The units of a short amount, from the largest: the power of ten, the short suffix and the word.
const SHORT_UNITS: [(u32, &str, &str); 4] =
    [(12, "tn", "trillion"), (9, "bn", "billion"), (6, "m", "million"), (3, "k", "thousand")];

/// An amount in a few characters for tight spaces (axis labels, narrow charts): one decimal of
/// thousands, millions, billions or trillions ("£101.3k", "£1.2tn"), rounded half away from zero
/// and moved up a unit when rounding reaches a thousand of one ("£999,960" is "£1.0m"); amounts
/// under a thousand are whole units. Always paired with [`money_short_spoken`] for screen
/// readers, which read "k" as a letter.
pub fn money_short(value: Decimal, currency: &Currency) -> String {
    let (digits, suffix, _) = short_parts(value);
    with_currency(currency, value < Decimal::ZERO && digits != "0", &digits, suffix)
}

/// [`money_short`] as a listener understands it: "£101.3 thousand", "−£1.2 trillion".
pub fn money_short_spoken(value: Decimal, currency: &Currency) -> String {
    let (digits, _, word) = short_parts(value);
    let suffix = if word.is_empty() { String::new() } else { format!(" {word}") };
    with_currency(currency, value < Decimal::ZERO && digits != "0", &digits, &suffix)
}

/// A total of a billion or more in a unit a reader can take in at a glance, beside its full
/// figure: `Some(("about £2.5bn", "about £2.5 billion"))` (shown, spoken), `None` below a
/// billion (or minus a billion), where the full figure reads easily. Amounts of trillions say so
/// ("about £1.2tn"), so a national total is not a row of fifteen digits.
pub fn total_at_a_glance(total: Decimal, currency: &Currency) -> Option<(String, String)> {
    (total.abs() >= Decimal::from(1_000_000_000u64)).then(|| {
        (format!("about {}", money_short(total, currency)), format!("about {}", money_short_spoken(total, currency)))
    })
}

/// The digits (unsigned), suffix and word of a short amount: in the largest unit the amount
/// reaches, unless rounding carries it to a thousand of that unit (then in the next one up).
fn short_parts(value: Decimal) -> (String, &'static str, &'static str) {
    let magnitude = value.abs();
    let thousand = Decimal::from(1000);
    // Whole units below a thousand, unless they round up to one.
    let mut chosen = (money::round_dp(magnitude, 0) >= thousand).then_some(SHORT_UNITS.len() - 1);
    for (i, (power, ..)) in SHORT_UNITS.iter().enumerate() {
        if magnitude >= Decimal::from_i128_with_scale(10i128.pow(*power), 0) {
            chosen = Some(i);
            break;
        }
    }
    let Some(mut i) = chosen else { return (number(magnitude, 0), "", "") };
    let scaled = |i: usize| {
        let (power, ..) = SHORT_UNITS[i];
        money::round_dp(magnitude / Decimal::from_i128_with_scale(10i128.pow(power), 0), 1)
    };
    if scaled(i) >= thousand && i > 0 {
        i -= 1;
    }
    let (_, suffix, word) = SHORT_UNITS[i];
    (number(scaled(i), 1), suffix, word)
}

/// A dimension in a resident's words, with the field's term kept in brackets: what the "Show
/// spending by" choices and the ways up say.
pub fn dim_name(dim: Dim) -> &'static str {
    match dim {
        Dim::Place => "Where (Place)",
        Dim::Audience => "Who it is for (audience)",
        Dim::Activity => "What it is for (activity)",
        Dim::Agency => "Who spends it (agency)",
    }
}

/// The chart heading for a view: its whole selection, then what it is shown by: "Ludlow · Young
/// people 16–19 · Offender management: by agency"; "All spending: by Place" with no filter.
/// Labels are direction-isolated (the heading is text).
pub fn view_heading(dataset: &Dataset, query: &Query, per_head: Option<&str>) -> String {
    heading_with(dataset, query, per_head, " · ")
}

/// [`view_heading`] as a listener hears it: the middle dots (for the eye) become pauses, "Ludlow,
/// Young people 16–19, Offender management: by agency", so no screen reader says "dot".
pub fn view_heading_spoken(dataset: &Dataset, query: &Query, per_head: Option<&str>) -> String {
    heading_with(dataset, query, per_head, ", ")
}

/// The heading's parts. `per_head` names the measure when the bars are drawn per head ("per
/// resident", "per person"), so "All spending: per resident, by Place" never reads as totals.
/// Places compared side by side (`view=compare-places`, two or more) are "Ludlow and Oswestry
/// compared" in a chart by Place, "… together" in a chart by another dimension (which adds them
/// up), never the "Ludlow or Oswestry" of a filter.
fn heading_with(dataset: &Dataset, query: &Query, per_head: Option<&str>, separator: &str) -> String {
    let compared = query.view == View::ComparePlaces && query.filter(Dim::Place).len() >= 2;
    let parts: Vec<String> = Dim::ALL
        .into_iter()
        .map(|dim| {
            let labels: Vec<String> = query
                .filter(dim)
                .iter()
                .filter_map(|member| match member {
                    MemberRef::Unattributed => Some(dim.unattributed_label().to_owned()),
                    MemberRef::Id(_) => dataset.label_of_ref(dim, member).map(|label| isolate(&label)),
                })
                .collect();
            match (compared && dim == Dim::Place, query.by == Dim::Place) {
                (true, true) => format!("{} compared", join_and(&labels)),
                // The chart by another dimension adds the compared Places up (the table beside
                // it has them side by side).
                (true, false) => format!("{} together", join_and(&labels)),
                (false, _) => join_or(&labels),
            }
        })
        .filter(|part| !part.is_empty())
        .collect();
    let selection = if parts.is_empty() { "All spending".to_owned() } else { parts.join(separator) };
    let by = match query.then.filter(|t| *t != query.by) {
        Some(then) => format!("{} and {}", by_words(query.by), by_words(then)),
        None => by_words(query.by),
    };
    match per_head {
        Some(per) => format!("{selection}: {per}, by {by}"),
        None => format!("{selection}: by {by}"),
    }
}

/// "Place" keeps its capital (it is a defined term), the other dimensions are lower case.
pub fn by_words(dim: Dim) -> String {
    match dim {
        Dim::Place => "Place".to_owned(),
        other => other.key().to_owned(),
    }
}

/// Joins alternatives: "a", "a or b", "a, b or c" (several members of one dimension are chosen
/// together: spending on any of them).
fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// What the page announces (politely) after the view changes: the selection in words and its
/// total, then the chart heading, so a listener hears what is now shown, not only a number.
pub fn announcement(phrase: &str, total: &str, heading: &str) -> String {
    format!("{phrase}: {total}. Showing {heading}.")
}

/// The sentence that replaces a one-bar chart with nowhere further to go
/// ([`Query::is_most_detailed`]): what the one slice is, its figure, and what to do next.
pub fn most_detailed_sentence(by: Dim, label: &str, amount: &str) -> String {
    let what = one_slice_phrase(by, label);
    format!(
        "This is the most detailed view: all {amount} of it is {what}. To see more, go up a level or show spending another way:"
    )
}

/// Where, for whom, on what or by whom spending is, for one slice: "in Ludlow", "spent by
/// Jobcentre Plus" (the label direction-isolated).
fn one_slice_phrase(by: Dim, label: &str) -> String {
    let label = isolate(label);
    match by {
        Dim::Place => format!("in {label}"),
        Dim::Audience => format!("for {label}"),
        Dim::Activity => format!("on {label}"),
        Dim::Agency => format!("spent by {label}"),
    }
}

/// The words of one way up: "Up to Offender management (all its activities)", "All Places, not
/// only Ludlow", "Show spending by who spends it (agency)".
pub fn way_up_text(dataset: &Dataset, way: &WayUp) -> String {
    let label = |member: &MemberRef| match member {
        MemberRef::Unattributed => way.dim.unattributed_label().to_owned(),
        MemberRef::Id(_) => dataset.label_of_ref(way.dim, member).unwrap_or_else(|| member.token().to_owned()),
    };
    match &way.step {
        UpStep::ToParent { from, parent } => {
            format!("Up a level: {} (instead of {})", isolate(&label(parent)), isolate(&label(from)))
        }
        UpStep::RemoveFilter { from } => {
            format!("All {}, not only {}", way.dim.plural(), isolate(&label(from)))
        }
        UpStep::SliceBy => format!("Show spending by {}", lower_first(dim_name(way.dim))),
    }
}

/// The ways up from a view, as (link words, view) pairs ([`Query::ways_up`] with the dataset's
/// parents and labels). `single` marks dimensions that are one bar for the shown year.
pub fn ways_up(dataset: &Dataset, query: &Query, single: [bool; 4]) -> Vec<(String, Query)> {
    let parent_of = |dim: Dim, member: &MemberRef| {
        let members = dataset.dim(dim);
        let MemberRef::Id(id) = member else { return None };
        let parent = members.find(id).and_then(|ix| members.get(ix)).and_then(|m| m.parent)?;
        members.get(parent).map(|p| MemberRef::Id(p.id.clone()))
    };
    let narrowed = |dim: Dim| single.get(dim.index()).copied().unwrap_or(false);
    query
        .ways_up(parent_of, narrowed, |dim, member| opens(dataset, query, dim, member))
        .into_iter()
        .map(|way| (way_up_text(dataset, &way), way.query))
        .collect()
}

/// Whether a view is the most detailed one ([`Query::is_most_detailed`] with the dataset's
/// trees): one bar, with nowhere further to go.
pub fn is_most_detailed(dataset: &Dataset, query: &Query, breakdown: &Breakdown, single: [bool; 4]) -> bool {
    let bars: Vec<SliceDrill> = breakdown
        .slices
        .iter()
        .map(|s| SliceDrill { member: s.drill.clone(), has_children: s.opens_onto_parts() })
        .collect();
    let narrowed = |dim: Dim| single.get(dim.index()).copied().unwrap_or(false);
    query.is_most_detailed(&bars, narrowed, |dim, member| opens(dataset, query, dim, member))
}

/// Whether a dimension narrowed to one chosen member can still be shown in more detail: the
/// member has members below it and, in this selection, showing spending by that dimension
/// gives more than one bar (or a bar that opens further). A tree alone is not enough: a Place
/// whose smaller Places spent nothing on this selection has nothing more to show.
fn opens(dataset: &Dataset, query: &Query, dim: Dim, member: &MemberRef) -> bool {
    let members = dataset.dim(dim);
    let has_children = match member {
        MemberRef::Id(id) => members.find(id).is_some_and(|ix| members.has_children(ix)),
        MemberRef::Unattributed => false,
    };
    has_children && {
        // Only asked of one-bar views, for the dimensions narrowed to a parent: rare and cheap.
        let by_dim = crate::domain::aggregate::aggregate(dataset, &query.sliced_by(dim).then_by(None));
        by_dim.slices.len() > 1 || by_dim.slices.iter().any(Slice::opens_onto_parts)
    }
}

/// What a bar's label adds when following it opens its parts: " (has parts)", else "". Not how
/// many: some parts may have nothing in this selection and year, and a count would over-promise.
/// The page and the downloaded chart both use it.
pub fn parts_suffix(slice: &Slice) -> &'static str {
    if slice.opens_onto_parts() { " (has parts)" } else { "" }
}

/// Why the "not split by audience" bar is not the "All residents" one, shown beside a chart by
/// audience that has it: the two can sit side by side and both read as "everyone".
pub fn unattributed_note(dim: Dim) -> Option<&'static str> {
    match dim {
        Dim::Audience => Some(
            "“Not split by audience” is spending the data does not assign to any group of people, such as \
             emergency response that serves whoever needs it. It is not the same as an audience of everyone \
             (such as “All residents”), which the data uses for services meant for every resident: each pound \
             is in only one of the two.",
        ),
        _ => None,
    }
}

/// A count of people or rows: "320,146".
pub fn count(n: u64) -> String {
    group_thousands(&n.to_string())
}

/// Spending per resident (or per person) in the currency's minor units, as ISO 4217 gives
/// them ("£0.17", "¥12", "0.171 KWD"), or `None` without a known, non-zero population.
pub fn per_resident(amount: Decimal, residents: Option<u64>, currency: &Currency) -> Option<String> {
    let people = residents.filter(|r| *r > 0)?;
    Some(money_dp(amount / Decimal::from(people), currency, currency.minor_unit_digits))
}

/// From this size of total (in currency units, either sign) a selection is shown in whole units.
pub const WHOLE_UNITS_FROM: u32 = 100_000;

/// How many decimal places every amount of a selection is shown to: the currency's minor units
/// (ISO 4217: 2 for GBP, 0 for JPY, 3 for KWD) while the selection's exact total is under
/// [`WHOLE_UNITS_FROM`] units either way, where rounding to whole units would visibly move
/// figures; whole units from there on.
///
/// It depends on the selection's total only, never on how the selection is sliced, so the
/// one-way views (by either dimension) and the two-way view of one selection show the same
/// precision.
pub fn table_decimal_places(breakdown: &Breakdown, currency: &Currency) -> u32 {
    decimal_places_for(breakdown.total, currency)
}

/// The decimal places for a selection whose exact total is `total` (see [`table_decimal_places`]).
pub fn decimal_places_for(total: Decimal, currency: &Currency) -> u32 {
    if total.abs() < Decimal::from(WHOLE_UNITS_FROM) { currency.minor_unit_digits } else { 0 }
}

/// The table's displayed amounts, rounded to `decimal_places` so that they add up to the
/// displayed total exactly (largest remainder). Returns the rounded slices and the rounded total.
pub fn displayed_amounts(breakdown: &Breakdown, decimal_places: u32) -> (Vec<Decimal>, Decimal) {
    let parts: Vec<Decimal> = breakdown.slices.iter().map(|s| s.amount).collect();
    let rounded = money::round_parts(&parts, decimal_places);
    let total = rounded.iter().sum();
    (rounded, total)
}

/// Why a view shows no shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoShares {
    /// Some slice is below zero (refunds or income outweigh spending in it): shares of a net
    /// total would then run above 100% or below 0%, and mean nothing.
    NegativeSlice,
    /// The total, as shown, is zero or below.
    TotalNotAboveZero,
}

impl NoShares {
    /// The sentence the page shows where the shares would be.
    pub fn sentence(self) -> &'static str {
        match self {
            NoShares::NegativeSlice => {
                "No shares are shown: at least one slice is below zero (refunds or income), so shares of the net total would mislead."
            }
            NoShares::TotalNotAboveZero => "No shares are shown: the total is not above zero.",
        }
    }
}

/// The view's shares in percent to one decimal place, adding up to exactly 100.0%, or why there
/// are none: shares are shown only when no slice is below zero and the total, as shown at
/// `decimal_places`, is above zero.
pub fn displayed_shares(breakdown: &Breakdown, decimal_places: u32) -> Result<Vec<Decimal>, NoShares> {
    if breakdown.slices.iter().any(|s| s.amount < Decimal::ZERO) {
        return Err(NoShares::NegativeSlice);
    }
    if money::round_dp(breakdown.total, decimal_places) <= Decimal::ZERO {
        return Err(NoShares::TotalNotAboveZero);
    }
    let parts: Vec<Decimal> = breakdown.slices.iter().map(|s| s.amount).collect();
    money::shares_percent(&parts).ok_or(NoShares::TotalNotAboveZero)
}

/// One row of the figures table, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// The amount, rounded so the rows add up to the total row.
    pub amount: String,
    /// The share of the total ("12.5%", "<0.1%"), or "–".
    pub share: String,
    /// How a screen reader should say `share` when its text would read badly ("less than 0.1%").
    pub share_spoken: Option<String>,
    /// Per resident (or per person in an audience), or "–".
    pub per_head: String,
    /// The part that is apportioned or estimated, rounded like the amount, when there is one:
    /// shown with the word "estimate" beside the amount.
    pub estimated: Option<String>,
}

/// Every figure one view shows, computed once per breakdown and read by every component
/// (headline, summary sentence, bars, table, two-way table), so that one quantity is one figure
/// on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures {
    /// Decimal places of the amounts (see [`table_decimal_places`]).
    pub decimal_places: u32,
    /// One rounded amount per slice, in the breakdown's order, adding up to `total_amount`.
    pub amounts: Vec<Decimal>,
    /// The rounded total.
    pub total_amount: Decimal,
    /// The shares in percent, or why there are none.
    pub shares: Result<Vec<Decimal>, NoShares>,
    /// One per slice, in the breakdown's order.
    pub rows: Vec<TableRow>,
    /// The total row.
    pub total: TableRow,
    /// The per-head column's heading.
    pub per_head_heading: &'static str,
    /// The two-way table, when the view has a second dimension.
    pub cross: Option<DisplayedCross>,
    /// The short line that says figures are rounded, and to what.
    pub rounding_note: String,
    /// Per slice, in the breakdown's order: spending per head rounded once to the currency's
    /// minor units (`per_resident::per_head`), `None` without a population. `rows[i].per_head`
    /// is this figure as text; per-resident bars are drawn to it.
    pub per_head: Vec<Option<Decimal>>,
    /// In a view by Place: the average across the Places on their own basis (spending attributed
    /// to a Place), and the area-wide spending shared by population (`per_resident::place_average`).
    pub place_average: Option<PlaceAverage>,
}

/// Everything one view shows, computed once per breakdown.
pub fn figures(breakdown: &Breakdown, currency: &Currency) -> Figures {
    const NONE: &str = "–";
    let decimal_places = table_decimal_places(breakdown, currency);
    let (amounts, total_amount) = displayed_amounts(breakdown, decimal_places);
    let shares = displayed_shares(breakdown, decimal_places);
    let per_head: Vec<Option<Decimal>> =
        breakdown.slices.iter().map(|s| per_resident::per_head(s.amount, s.residents, currency)).collect();
    let rows = breakdown
        .slices
        .iter()
        .zip(&amounts)
        .enumerate()
        .map(|(i, (slice, amount))| {
            let share = shares
                .as_ref()
                .ok()
                .and_then(|s| s.get(i))
                .map_or_else(|| NONE.to_owned(), |s| share_text(*s, slice.amount));
            (i, slice, amount, share)
        })
        .map(|(i, slice, amount, share)| TableRow {
            amount: money_dp(*amount, currency, decimal_places),
            share_spoken: share_spoken(&share),
            share,
            per_head: per_head
                .get(i)
                .copied()
                .flatten()
                .map_or_else(|| NONE.to_owned(), |v| money_dp(v, currency, currency.minor_unit_digits)),
            estimated: estimated_part(slice.estimated, slice.amount, *amount, currency, decimal_places),
        })
        .collect();
    let total = TableRow {
        amount: money_dp(total_amount, currency, decimal_places),
        share: if shares.is_ok() { "100.0%".to_owned() } else { NONE.to_owned() },
        share_spoken: None,
        per_head: per_resident(breakdown.total, breakdown.residents(), currency).unwrap_or_else(|| NONE.to_owned()),
        estimated: estimated_part(breakdown.estimated, breakdown.total, total_amount, currency, decimal_places),
    };
    let cross = breakdown
        .then
        .map(|_| displayed_cross(breakdown, (&amounts, total_amount), decimal_places, currency.minor_unit_digits));
    let place_average = per_resident::place_average(breakdown, &amounts, currency);
    Figures {
        decimal_places,
        amounts,
        total_amount,
        shares,
        rows,
        total,
        per_head_heading: per_head_heading(breakdown),
        cross,
        rounding_note: rounding_note(decimal_places, currency),
        per_head,
        place_average,
    }
}

/// An estimated part as shown (rounded like the amounts), or `None` when nothing is estimated.
/// When all of an amount is estimated, it is the amount as shown (`shown`): the amount may round
/// differently from the estimate alone (largest remainder), and "£29,530, includes £29,529
/// estimate" would wrongly suggest £1 was reported.
fn estimated_part(
    estimated: Decimal,
    amount: Decimal,
    shown: Decimal,
    currency: &Currency,
    decimal_places: u32,
) -> Option<String> {
    let rounded = if estimated == amount { shown } else { money::round_dp(estimated, decimal_places) };
    (!estimated.is_zero()).then(|| money_dp(rounded, currency, decimal_places))
}

/// "£1,234,567 of this (52.3%) is an estimate: …", or `None` when nothing is estimated. The
/// amount is rounded like the view's figures; the share is of the exact total.
pub fn estimated_sentence(breakdown: &Breakdown, figures: &Figures) -> Option<String> {
    let amount = figures.total.estimated.clone()?;
    const WHAT: &str = "a larger area's published total apportioned by a stated share, or estimated. \
                        Estimates are hatched in the charts and marked in the tables.";
    // A share of the total only when the estimates are a part of it: with refunds, or offsets for
    // transfers counted elsewhere, they can exceed it or differ in sign, and a share would mislead.
    let is_part = breakdown.estimated > Decimal::ZERO && breakdown.estimated <= breakdown.total;
    let share = is_part
        .then(|| (breakdown.estimated * Decimal::ONE_HUNDRED).checked_div(breakdown.total))
        .flatten()
        .map(|p| percent(money::round_dp(p, 1)));
    Some(match share {
        Some(share) => format!("{amount} of this ({share}) is an estimate: {WHAT}"),
        None => format!("{amount} of the figures behind this total are estimates: {WHAT}"),
    })
}

/// "129,700 households: £17,845 per household.", or `None` when households are not known.
pub fn households_sentence(breakdown: &Breakdown, currency: &Currency) -> Option<String> {
    let households = breakdown.households?;
    let each = per_resident(breakdown.total, Some(households), currency)?;
    Some(format!("{} households: {each} per household.", count(households)))
}

/// "Residents and households: <source title>." for the Places a selection covers (every Place
/// when none is chosen), when the file cites where their populations come from.
pub fn population_source_sentence(dataset: &Dataset, query: &Query) -> Option<String> {
    let places = dataset.dim(Dim::Place);
    let selection = Selection::new(dataset, query);
    let (chosen, _) = selection.chosen(Dim::Place);
    let covered: Vec<MemberIx> =
        if chosen.is_empty() { places.iter().map(|(ix, _)| ix).collect() } else { chosen.to_vec() };
    let mut titles: Vec<String> = Vec::new();
    for ix in covered {
        let source = places.get(ix).and_then(|m| m.population_source).and_then(|s| dataset.sources.get(s as usize));
        if let Some(source) = source
            && !titles.contains(&source.title)
        {
            titles.push(source.title.clone());
        }
    }
    let titles: Vec<String> = titles.iter().map(|t| isolate(t)).collect();
    (!titles.is_empty()).then(|| format!("Residents and households: {}.", join_and(&titles)))
}

/// The attribution the Open Government Licence asks for, when the data is under it and is real
/// public sector information (never for made-up figures, which are not).
pub fn licence_attribution(metadata: &crate::domain::model::Metadata) -> Option<&'static str> {
    metadata
        .licence
        .as_ref()
        .filter(|l| l.name.contains("Open Government Licence"))
        .filter(|_| metadata.status != crate::domain::model::Status::Illustrative)
        .map(|_| "Contains public sector information licensed under the Open Government Licence v3.0.")
}

/// "Figures are rounded to £1 …": says that, and how, the page's figures are rounded.
pub fn rounding_note(decimal_places: u32, currency: &Currency) -> String {
    let unit = money_dp(Decimal::new(1, decimal_places), currency, decimal_places);
    format!(
        "Figures are rounded to {unit} so that parts add up to the totals shown; each is within {unit} of its exact value."
    )
}

/// A two-way table as displayed. Rounded (`exact == false`): every row total is the figure the
/// one-way view by the first dimension shows, every column total the figure the one-way view by
/// the second shows, the grand total the headline's, and the cells add up to all of them, each
/// within one unit of its exact value ([`crate::domain::rounding::controlled_round`]). When no
/// such rounding exists (`exact == true`), every figure is exact, at `decimal_places` wide
/// enough to show every value in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayedCross {
    /// Decimal places of every figure in the table.
    pub decimal_places: u32,
    /// Whether the table is shown exactly, because no rounding meets the one-way totals.
    pub exact: bool,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Decimal>>,
    /// One per row, in the breakdown's order.
    pub row_totals: Vec<Decimal>,
    /// One per column, in the breakdown's order.
    pub column_totals: Vec<Decimal>,
    /// The grand total.
    pub total: Decimal,
}

/// Rounds a two-way breakdown to `decimal_places` with its margins fixed to the one-way views'
/// figures, or shows it exactly when no such rounding exists. `rows` are the one-way view's
/// rounded row amounts and total ([`displayed_amounts`], already computed by [`figures`]); the
/// column totals are the largest-remainder rounding of the column slices, as the one-way view by
/// the second dimension shows them.
/// The exact fallback shows at least the currency's minor units (`minor_unit_digits`), so that
/// it reads as money ("£200,000.50", not "£200,000.5").
fn displayed_cross(
    breakdown: &Breakdown,
    (row_totals, total): (&[Decimal], Decimal),
    decimal_places: u32,
    minor_unit_digits: u32,
) -> DisplayedCross {
    let column_parts: Vec<Decimal> = breakdown.columns.iter().map(|c| c.amount).collect();
    let column_totals = money::round_parts(&column_parts, decimal_places);
    match rounding::controlled_round(&breakdown.cells, row_totals, &column_totals, decimal_places) {
        Some(cells) => DisplayedCross {
            decimal_places,
            exact: false,
            cells,
            row_totals: row_totals.to_vec(),
            column_totals,
            total,
        },
        None => {
            let row_totals: Vec<Decimal> = breakdown.slices.iter().map(|s| s.amount).collect();
            let exact_places = rounding::full_precision_places(
                breakdown.cells.iter().flatten().chain(&row_totals).chain(&column_parts),
                decimal_places.max(minor_unit_digits),
            );
            DisplayedCross {
                decimal_places: exact_places,
                exact: true,
                cells: breakdown.cells.clone(),
                row_totals,
                column_totals: column_parts,
                total: breakdown.total,
            }
        }
    }
}

/// What the two-way table's caption says about its figures: that its totals are the one-way
/// views' figures, or, for a table shown exactly, why and what that means.
pub fn cross_note(cross: &DisplayedCross, breakdown: &Breakdown, currency: &Currency, rounded_places: u32) -> String {
    let unit = money_dp(Decimal::new(1, rounded_places), currency, rounded_places);
    let by = by_words(breakdown.by);
    let then = breakdown.then.map_or_else(String::new, by_words);
    if cross.exact {
        let places = match cross.decimal_places {
            1 => "1 decimal place".to_owned(),
            n => format!("{n} decimal places"),
        };
        format!(
            "Shown exactly, to {places}: no rounding of this table to {unit} adds up to the totals shown when \
             slicing by {by} or by {then} alone, so its totals here are exact and may differ from those by less than {unit}."
        )
    } else {
        format!(
            "Rounded to {unit}: every row and column adds up to its total, and the totals are the figures shown when \
             slicing by {by} or by {then} alone; each cell is within {unit} of its exact value."
        )
    }
}

/// Direction-isolates a label for running plain text (sentences, the tab title, exports): wraps
/// it in FIRST STRONG ISOLATE (U+2068) … POP DIRECTIONAL ISOLATE (U+2069), so a right-to-left
/// label cannot reorder the words and figures around it.
///
/// Explicit bidi controls inside the label (embeddings, overrides, isolates, U+202A–U+202E and
/// U+2066–U+2069) are removed first: a stray PDI or PDF could otherwise close the isolate early
/// and let an override escape. (The loader warns about such labels.)
pub fn isolate(label: &str) -> String {
    let mut out = String::with_capacity(label.len() + 6);
    out.push('\u{2068}');
    out.extend(label.chars().filter(|c| !is_explicit_direction_control(*c)));
    out.push('\u{2069}');
    out
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
            // Who and what (audiences, activities) are common nouns mid-sentence; Places and
            // agencies are names and keep their capitals.
            MemberRef::Id(_) => dataset.label_of_ref(dim, member).map(|label| match dim {
                Dim::Audience | Dim::Activity => isolate(&mid_sentence(&label)),
                Dim::Place | Dim::Agency => isolate(&label),
            }),
        })
        .collect()
}

/// A label as it reads inside a sentence: "Young people 16–19" → "young people 16–19". Only a
/// first capital followed by a lower-case letter is lowered, so "NHS services", "A&E" and
/// "ICT" keep theirs.
pub fn mid_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_owned(),
    }
}

/// What the current selection covers, as a phrase: "Spending by all agencies in Ludlow on
/// young people 16–19 for offender management".
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
            MemberRef::Id(_) => dataset.label_of_ref(Dim::Place, member).map(|label| format!("in {}", isolate(&label))),
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

/// How many of the file's figures the view adds up, in words a resident reads: "Added up from
/// 156 figures in the data file."
pub fn rows_matching(n_facts: usize) -> String {
    match n_facts {
        0 => "No figure in the data file matches this.".to_owned(),
        1 => "Taken from 1 figure in the data file.".to_owned(),
        n => format!("Added up from {} figures in the data file.", count(n as u64)),
    }
}

/// What to do first, said only on the opening view (nothing chosen, no second dimension,
/// no comparison, sliced by the dataset's opening dimension `opening`): a dataset with Places
/// opens on them, so it invites the reader to choose their area. `n_periods` adds the choice
/// of year when there is one.
pub fn first_step(query: &Query, opening: Dim, n_periods: usize) -> Option<String> {
    if query.has_filters() || query.then.is_some() || query.compare.is_some() || query.by != opening {
        return None;
    }
    let choose = match opening {
        Dim::Place => "Choose your area to see what all public bodies spend there",
        Dim::Audience => "Choose a group of residents to see what is spent on them",
        Dim::Activity => "Choose a kind of spending for more detail",
        Dim::Agency => "Choose a public body to see what it spends",
    };
    let year = if n_periods > 1 { ", or another year" } else { "" };
    Some(format!("{choose}{year}."))
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
    let readable = money_dp(excluded.readable_amount, currency, currency.minor_unit_digits);
    match (excluded.n_facts, n_readable) {
        (_, 0) => {}
        (1, 1) => sentence.push_str(&format!(" Its amount is {readable}.")),
        (_, 1) => sentence.push_str(&format!(" The one of them with a readable amount has {readable}.")),
        (_, n) => {
            sentence.push_str(&format!(" The {} of them with a readable amount add up to {readable}.", count(n as u64)))
        }
    }
    match excluded.n_unreadable_amounts {
        0 => {}
        1 if excluded.n_facts == 1 => sentence.push_str(" It had no readable amount."),
        1 => sentence.push_str(" 1 had no readable amount."),
        n => sentence.push_str(&format!(" {} had no readable amount.", count(n as u64))),
    }
    Some(sentence)
}

/// The one-sentence text equivalent of the chart, with the same figures as the rest of the
/// view (`figures`, from [`figures`]) and every label direction-isolated.
pub fn summary(breakdown: &Breakdown, figures: &Figures) -> String {
    if breakdown.n_facts == 0 {
        return "No spending matches this selection.".to_owned();
    }
    let amount = |i: usize| figures.rows.get(i).map_or("", |row| row.amount.as_str());
    // The rows' share text, so "<0.1%" reads the same in the sentence and the table.
    let share = |i: usize| {
        figures.shares.as_ref().ok().and_then(|_| figures.rows.get(i)).map(|row| row.share.replace('<', "less than "))
    };
    let describe = |i: usize, slice: &Slice| match share(i) {
        Some(share) => format!("{} ({}, {share})", isolate(&slice.label), amount(i)),
        None => format!("{} ({})", isolate(&slice.label), amount(i)),
    };
    // Slices come ranked largest first with "not attributed" last.
    let named: Vec<(usize, &Slice)> =
        breakdown.slices.iter().enumerate().filter(|(_, s)| s.key != SliceKey::Unattributed).collect();
    let mut sentence = format!("{} in total", figures.total.amount);
    let has_unattributed = breakdown.slices.iter().any(|s| s.key == SliceKey::Unattributed);
    match named.as_slice() {
        // One slice is not "split across 1 agency; the largest is …": say what it all is.
        [(_, only)] if !has_unattributed => {
            sentence.push_str(&format!(", all of it {}", one_slice_phrase(breakdown.by, &only.label)));
        }
        [(i, only)] => {
            let share = share(*i).map(|s| format!(" ({s})")).unwrap_or_default();
            sentence.push_str(&format!(
                ", of which {}{share} is {}",
                amount(*i),
                one_slice_phrase(breakdown.by, &only.label)
            ));
        }
        [(first_i, first), rest @ ..] => {
            sentence.push_str(&format!(
                ", split across {} {}; the largest is {}",
                count(named.len() as u64),
                breakdown.by.plural(),
                describe(*first_i, first)
            ));
            let next: Vec<String> = rest.iter().take(2).map(|(i, s)| describe(*i, s)).collect();
            if !next.is_empty() {
                sentence.push_str(&format!(", followed by {}", join_and(&next)));
            }
        }
        [] => {}
    }
    sentence.push('.');
    if let Some((i, unattributed)) = breakdown.slices.iter().enumerate().find(|(_, s)| s.key == SliceKey::Unattributed)
    {
        let share = share(i).map(|s| format!(" ({s})")).unwrap_or_default();
        sentence.push_str(&format!(" {}{share} is {}.", amount(i), lower_first(&unattributed.label)));
    }
    sentence
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

/// A size in megabytes (10^6 bytes), cut (not rounded) to one decimal place: "12.3 MB".
pub fn megabytes(bytes: u64) -> String {
    let tenths = bytes / 100_000;
    format!("{}.{} MB", count(tenths / 10), tenths % 10)
}

/// What the loading view says about a file on its way: "" before any byte, then "Downloaded
/// 12.3 of 120.5 MB" (the size when `total` says it), then "Downloaded 120.5 MB · read 250,000
/// facts" (`bytes` received so far, `facts` read so far, which may begin before the download
/// ends; `downloaded` once the whole file is in). Megabytes are 10^6 bytes, cut (not rounded) to one
/// decimal place.
pub fn loading_progress(bytes: u64, total: u64, facts: u64, downloaded: bool) -> String {
    if bytes == 0 && !downloaded {
        return String::new();
    }
    let size = if !downloaded && total > bytes {
        format!("{} of {}", megabytes(bytes).trim_end_matches(" MB"), megabytes(total))
    } else {
        megabytes(bytes)
    };
    match (downloaded, facts) {
        (false, 0) => format!("Downloaded {size}"),
        (true, 0) => format!("Downloaded {size} · reading the figures"),
        (_, facts) => format!("Downloaded {size} · read {} facts", count(facts)),
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
        let jpy = Currency::from_code("JPY").unwrap();
        let kwd = Currency::from_code("KWD").unwrap();
        let none = Currency::unknown();
        let cases: &[(&str, &Currency, u32, &str)] = &[
            ("1234567.5", &gbp, 0, "£1,234,568"),
            ("-1234.5", &gbp, 0, "−£1,235"),
            ("0.4", &gbp, 0, "£0"),
            ("-0.4", &gbp, 0, "£0"),
            ("-19.99", &gbp, 2, "−£19.99"),
            ("999950", &gbp, 0, "£999,950"),
            ("100", &sek, 2, "100.00 SEK"),
            ("100", &none, 0, "100"),
            ("1234.5", &jpy, 0, "¥1,235"),
            ("1234.5675", &kwd, 3, "1,234.568 KWD"),
        ];
        for (value, currency, places, text) in cases {
            assert_eq!(money_dp(dec(value), currency, *places), *text, "{value}");
        }
        assert_eq!(number(dec("1234.5"), 2), "1,234.50");
        assert_eq!(percent(dec("12.25")), "12.3%");
        assert_eq!(count(320146), "320,146");
    }

    #[test]
    fn tiny_shares_read_less_than_a_tenth_of_a_percent() {
        // (rounded share, exact part, shown, spoken)
        let cases: &[(&str, &str, &str, Option<&str>)] = &[
            ("0.0", "12.50", "<0.1%", Some("less than 0.1%")),
            ("0.0", "-0.01", "<0.1%", Some("less than 0.1%")),
            ("0.0", "0", "0.0%", None),
            ("0.1", "0.01", "0.1%", None),
            ("99.9", "1000", "99.9%", None),
            ("100.0", "1000", "100.0%", None),
        ];
        for (share, part, shown, spoken) in cases {
            let text = share_text(dec(share), dec(part));
            assert_eq!(text, *shown, "{share} of {part}");
            assert_eq!(share_spoken(&text).as_deref(), *spoken, "{share} of {part}");
        }
    }

    #[test]
    fn the_shown_shares_still_add_up_with_tiny_slices() {
        // A slice of 1 in 10,000,000 rounds to 0.0%: shown as "<0.1%", and the numbers behind
        // the shown shares still add up to exactly 100.0 (the 0.0 counts as 0.0).
        let currency = Currency::from_code("GBP").unwrap();
        let slice = |ix: MemberIx, label: &str, amount: &str| Slice {
            key: SliceKey::Member(ix),
            label: label.to_owned(),
            amount: dec(amount),
            estimated: Decimal::ZERO,
            n_facts: 1,
            residents: None,
            drill: None,
            n_children: 0,
        };
        let slices = vec![slice(0, "big", "9999999"), slice(1, "tiny", "1")];
        let breakdown = Breakdown {
            by: Dim::Agency,
            then: None,
            period: 0,
            total: dec("10000000"),
            estimated: Decimal::ZERO,
            households: None,
            n_facts: 2,
            people: People::Unknown,
            slices,
            columns: Vec::new(),
            cells: Vec::new(),
            cells_estimated: Vec::new(),
            unknown_filters: Vec::new(),
        };
        let shown = figures(&breakdown, &currency);
        let shares: Vec<&str> = shown.rows.iter().map(|r| r.share.as_str()).collect();
        assert_eq!(shares, ["100.0%", "<0.1%"]);
        assert_eq!(shown.shares.as_ref().map(|s| s.iter().sum::<Decimal>()), Ok(dec("100.0")));
        assert_eq!(shown.rows[1].share_spoken.as_deref(), Some("less than 0.1%"));
        assert!(summary(&breakdown, &shown).contains("(£1, less than 0.1%)"), "{}", summary(&breakdown, &shown));
    }

    #[test]
    fn the_most_detailed_view_says_what_its_one_slice_is() {
        let cases: &[(Dim, &str)] = &[
            (Dim::Place, "in \u{2068}X\u{2069}"),
            (Dim::Audience, "for \u{2068}X\u{2069}"),
            (Dim::Activity, "on \u{2068}X\u{2069}"),
            (Dim::Agency, "spent by \u{2068}X\u{2069}"),
        ];
        for (dim, what) in cases {
            assert_eq!(
                most_detailed_sentence(*dim, "X", "£5"),
                format!(
                    "This is the most detailed view: all £5 of it is {what}. To see more, go up a level or show spending another way:"
                )
            );
        }
    }

    #[test]
    fn short_amounts_have_units_up_to_trillions_and_say_them_in_words() {
        let gbp = Currency::from_code("GBP").unwrap();
        let sek = Currency::from_code("SEK").unwrap();
        // (amount, currency, short, spoken)
        let cases: &[(&str, &Currency, &str, &str)] = &[
            ("101300", &gbp, "£101.3k", "£101.3 thousand"),
            ("101349.99", &gbp, "£101.3k", "£101.3 thousand"),
            ("999", &gbp, "£999", "£999"),
            ("999.5", &gbp, "£1.0k", "£1.0 thousand"),
            ("999960", &gbp, "£1.0m", "£1.0 million"),
            ("2345678", &gbp, "£2.3m", "£2.3 million"),
            ("3450000000", &gbp, "£3.5bn", "£3.5 billion"),
            ("1200000000000", &gbp, "£1.2tn", "£1.2 trillion"),
            ("999999999999999", &gbp, "£1,000.0tn", "£1,000.0 trillion"),
            ("-1234567", &gbp, "−£1.2m", "−£1.2 million"),
            ("-0.4", &gbp, "£0", "£0"),
            ("0", &gbp, "£0", "£0"),
            ("5500", &sek, "5.5k SEK", "5.5 thousand SEK"),
        ];
        for (amount, currency, short, spoken) in cases {
            assert_eq!(money_short(dec(amount), currency), *short, "{amount}");
            assert_eq!(money_short_spoken(dec(amount), currency), *spoken, "{amount}");
        }
    }

    #[test]
    fn totals_of_a_billion_or_more_are_also_said_at_a_glance() {
        let gbp = Currency::from_code("GBP").unwrap();
        // (total, shown and spoken, or none)
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("999999999.99", None),
            ("1000000000", Some(("about £1.0bn", "about £1.0 billion"))),
            ("2468222365", Some(("about £2.5bn", "about £2.5 billion"))),
            ("1234567890123.45", Some(("about £1.2tn", "about £1.2 trillion"))),
            ("-3000000000", Some(("about −£3.0bn", "about −£3.0 billion"))),
            ("55863974", None),
        ];
        for (total, expected) in cases {
            let got = total_at_a_glance(dec(total), &gbp);
            assert_eq!(got.as_ref().map(|(a, b)| (a.as_str(), b.as_str())), *expected, "{total}");
        }
    }

    #[test]
    fn per_resident_figures_use_the_currency_minor_units() {
        let cases: &[(&str, &str, Option<u64>, Option<&str>)] = &[
            ("GBP", "1000", Some(3), Some("£333.33")),
            ("JPY", "1000", Some(3), Some("¥333")),
            ("KWD", "1000", Some(3), Some("333.333 KWD")),
            ("KWD", "-1", Some(8), Some("−0.125 KWD")),
            ("GBP", "1000", Some(0), None),
            ("GBP", "1000", None, None),
        ];
        for (code, amount, people, expected) in cases {
            let currency = Currency::from_code(code).unwrap();
            assert_eq!(per_resident(dec(amount), *people, &currency).as_deref(), *expected, "{code} {amount}");
        }
    }

    #[test]
    fn the_rounding_note_names_the_unit() {
        let gbp = Currency::from_code("GBP").unwrap();
        let kwd = Currency::from_code("KWD").unwrap();
        let cases: &[(&Currency, u32, &str)] = &[(&gbp, 0, "£1"), (&gbp, 2, "£0.01"), (&kwd, 3, "0.001 KWD")];
        for (currency, places, unit) in cases {
            assert!(rounding_note(*places, currency).starts_with(&format!("Figures are rounded to {unit} ")));
        }
    }

    #[test]
    fn isolated_labels_cannot_break_out_of_their_isolate() {
        let cases: &[(&str, &str)] = &[
            ("North", "\u{2068}North\u{2069}"),
            ("\u{202E}North", "\u{2068}North\u{2069}"),
            ("\u{2069}\u{202E}North", "\u{2068}North\u{2069}"),
            ("a\u{202A}b\u{202B}c\u{202C}d\u{202D}e\u{2066}f\u{2067}g\u{2068}h", "\u{2068}abcdefgh\u{2069}"),
            ("שלום", "\u{2068}שלום\u{2069}"),
            ("", "\u{2068}\u{2069}"),
        ];
        for (label, expected) in cases {
            let isolated = isolate(label);
            assert_eq!(isolated, *expected, "{label:?}");
            // Exactly one isolate opens and closes, around the whole label.
            let inner = &isolated[3..isolated.len() - 3];
            assert!(!inner.chars().any(is_explicit_direction_control), "{label:?}");
        }
    }

    #[test]
    fn counts_read_as_sentences() {
        let gbp = Currency::from_code("GBP").unwrap();
        let excluded = |n_facts, readable: &str, n_unreadable_amounts| Excluded {
            n_facts,
            readable_amount: dec(readable),
            n_unreadable_amounts,
        };
        let cases: &[(Excluded, Option<&str>)] = &[
            (excluded(0, "0", 0), None),
            (
                excluded(1, "2.5", 0),
                Some("1 spending row could not be used and is not in any figure above. Its amount is £2.50."),
            ),
            (
                excluded(1, "0", 1),
                Some("1 spending row could not be used and is not in any figure above. It had no readable amount."),
            ),
            (
                excluded(2, "2.5", 1),
                Some(
                    "2 spending rows could not be used and are not in any figure above. The one of them with a readable amount has £2.50. 1 had no readable amount.",
                ),
            ),
            (
                excluded(3, "-4", 0),
                Some(
                    "3 spending rows could not be used and are not in any figure above. The 3 of them with a readable amount add up to −£4.00.",
                ),
            ),
        ];
        for (excluded, expected) in cases {
            assert_eq!(left_out_sentence(excluded, &gbp).as_deref(), *expected, "{excluded:?}");
        }
        assert_eq!(rows_matching(1), "Taken from 1 figure in the data file.");
        assert_eq!(rows_matching(2134), "Added up from 2,134 figures in the data file.");
        assert_eq!(rows_matching(0), "No figure in the data file matches this.");
    }

    #[test]
    fn lowers_a_label_s_first_capital_mid_sentence_only_when_it_is_a_word() {
        let cases = [
            ("Young people 16–19", "young people 16–19"),
            ("Offender management (reducing re-offending)", "offender management (reducing re-offending)"),
            ("NHS services", "NHS services"),
            ("A&E", "A&E"),
            ("A", "A"),
            ("", ""),
            ("école", "école"),
            ("Éducation", "éducation"),
            ("16–19 year olds", "16–19 year olds"),
        ];
        for (label, expected) in cases {
            assert_eq!(mid_sentence(label), expected, "{label}");
        }
    }

    #[test]
    fn says_what_to_do_first_on_the_opening_view_only() {
        let opening = |by: Dim| Query { by, ..Query::default() };
        let filtered =
            Query { filters: [vec![MemberRef::Id("ludlow".into())], vec![], vec![], vec![]], ..Query::default() };
        let cases: &[(Query, Dim, usize, Option<&str>)] = &[
            (opening(Dim::Place), Dim::Place, 1, Some("Choose your area to see what all public bodies spend there.")),
            (
                opening(Dim::Activity),
                Dim::Activity,
                8,
                Some("Choose a kind of spending for more detail, or another year."),
            ),
            (
                opening(Dim::Audience),
                Dim::Audience,
                1,
                Some("Choose a group of residents to see what is spent on them."),
            ),
            (
                opening(Dim::Agency),
                Dim::Agency,
                2,
                Some("Choose a public body to see what it spends, or another year."),
            ),
            // Once the reader has chosen anything, the page says nothing more.
            (opening(Dim::Agency), Dim::Place, 1, None),
            (filtered, Dim::Place, 1, None),
            (Query { then: Some(Dim::Agency), ..Query::default() }, Dim::Place, 1, None),
            (Query { compare: Some("2016-17".into()), ..Query::default() }, Dim::Place, 8, None),
        ];
        for (query, opening, n_periods, expected) in cases {
            assert_eq!(first_step(query, *opening, *n_periods).as_deref(), *expected, "{query:?}");
        }
    }

    #[test]
    fn joins_lists() {
        let items = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(join_and(&items(&[])), "");
        assert_eq!(join_and(&items(&["a"])), "a");
        assert_eq!(join_and(&items(&["a", "b"])), "a and b");
        assert_eq!(join_and(&items(&["a", "b", "c"])), "a, b and c");
    }

    #[test]
    fn loading_progress_says_bytes_then_facts() {
        let cases = [
            (0, 0, 0, false, ""),
            (52_000, 0, 0, false, "Downloaded 0.0 MB"),
            (12_345_678, 0, 0, false, "Downloaded 12.3 MB"),
            (12_345_678, 140_380_099, 0, false, "Downloaded 12.3 of 140.3 MB"),
            (12_345_678, 140_380_099, 65_536, false, "Downloaded 12.3 of 140.3 MB · read 65,536 facts"),
            (1_234_567_890, 1_234_567_890, 0, true, "Downloaded 1,234.5 MB · reading the figures"),
            (120_500_000, 0, 262_144, true, "Downloaded 120.5 MB · read 262,144 facts"),
        ];
        for (bytes, total, facts, downloaded, expected) in cases {
            assert_eq!(loading_progress(bytes, total, facts, downloaded), expected, "{bytes} {facts}");
        }
    }
}
