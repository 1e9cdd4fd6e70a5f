//! "Move the money" as the page shows it: the Place's spending before and after a table's moves,
//! one row per activity a move names plus "All other activities", rounded so that each column
//! adds up to its shown total (the same total before and after: moves neither make nor lose
//! money), the changes exact, overdrawn activities flagged in words; and the paired bars'
//! geometry (before and after on one zero-baseline scale).

use crate::domain::aggregate::{aggregate, period_of};
use crate::domain::chart::{BarSpan, Scale};
use crate::domain::format;
use crate::domain::model::{Dataset, Dim, MemberIx};
use crate::domain::money::{self, Currency};
use crate::domain::query::Query;
use crate::domain::scenario::{self, Scenario};
use rust_decimal::Decimal;

/// The words and symbol that flag an overdrawn activity (never colour alone).
pub const OVERDRAWN_FLAG: &str = "⚠ Overdrawn";

/// One row of the before / after table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioRow {
    /// The activity, or `None` for "All other activities" (what no move names).
    pub activity: Option<MemberIx>,
    /// Its label.
    pub label: String,
    /// Exact spending before the moves (currency units).
    pub before: Decimal,
    /// Exact spending after them.
    pub after: Decimal,
    /// Before as shown: rounded so the column adds up to the shown total.
    pub before_shown: Decimal,
    /// After as shown: `before_shown + change`, so each row reads across exactly.
    pub after_shown: Decimal,
    /// The change (exact: moves are whole units).
    pub change: Decimal,
    /// The three figures as text, for the page.
    pub before_text: String,
    /// See `before_text`.
    pub after_text: String,
    /// See `before_text`; signed (`+£200,000`, `−£50,000`, `£0`).
    pub change_text: String,
    /// Whether the moves take more out than it had: flagged in words beside the figures.
    pub overdrawn: Option<String>,
    /// Its paired bars (rows a move names only).
    pub bars: Option<PairedBars>,
}

/// One activity's bars: before and after, on the chart's shared scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairedBars {
    /// The bar before the moves.
    pub before: BarSpan,
    /// The bar after them (negative when overdrawn: drawn left of zero and hatched).
    pub after: BarSpan,
}

/// Everything the page shows for one scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioFigures {
    /// Where: the Place filter's Places ("Ludlow"), or "the whole area".
    pub place: String,
    /// The year's label.
    pub period: String,
    /// The moves in words, in order ("£200,000 from Schools to Adult social care").
    pub moves: Vec<String>,
    /// The rows: activities the moves name (in the order first named), then "All other
    /// activities" when anything else has spending.
    pub rows: Vec<ScenarioRow>,
    /// The Place's exact total, the same before and after.
    pub total: Decimal,
    /// The total as shown (each column's rows add up to it).
    pub total_text: String,
    /// Decimal places of every amount shown (`format::decimal_places_for` the total).
    pub decimal_places: u32,
    /// Where zero falls on the chart (units of `chart::PLOT_WIDTH`).
    pub baseline: Decimal,
    /// How many activities the moves overdraw.
    pub n_overdrawn: usize,
    /// "Total before and after the moves: £X, the same: …" — said, not left to the eye.
    pub totals_sentence: String,
    /// How the figures are rounded.
    pub rounding_note: String,
}

/// The Places a query names, in words: "Ludlow", "Ludlow and Wem", or "the whole area".
pub fn place_words(dataset: &Dataset, query: &Query) -> String {
    let labels: Vec<String> =
        query.filter(Dim::Place).iter().filter_map(|m| dataset.label_of_ref(Dim::Place, m)).collect();
    if labels.is_empty() { "the whole area".to_owned() } else { format::join_and(&labels) }
}

/// A change as signed money: `+£200,000`, `−£50,000`, `£0`.
pub fn signed_money(change: Decimal, currency: &Currency, decimal_places: u32) -> String {
    let text = format::money_dp(change, currency, decimal_places);
    if change > Decimal::ZERO { format!("+{text}") } else { text }
}

/// One move in words: "£200,000 from Schools to Adult social care".
pub fn move_words(dataset: &Dataset, m: scenario::Move) -> String {
    let activities = dataset.dim(Dim::Activity);
    let label = |ix| activities.get(ix).map_or("?", |a| a.label.as_str()).to_owned();
    format!(
        "{} from {} to {}",
        format::money_dp(Decimal::from(m.amount), &dataset.metadata.currency, 0),
        label(m.from),
        label(m.to)
    )
}

/// The activities to choose from, in the file's order (a tree, parents first), each label
/// indented by its depth with non-breaking spaces so a `<select>` shows the tree.
pub fn activity_choices(dataset: &Dataset) -> Vec<(MemberIx, String)> {
    let activities = dataset.dim(Dim::Activity);
    activities
        .iter()
        .map(|(ix, member)| {
            let depth = activities.ancestors_or_self(ix).count().saturating_sub(1);
            (ix, format!("{}{}", "\u{a0}\u{a0}\u{a0}".repeat(depth), member.label))
        })
        .collect()
}

/// The spending of the query's Places in its year (every activity, audience and agency).
fn place_total(dataset: &Dataset, query: &Query) -> Decimal {
    let mut only = Query { filters: Default::default(), then: None, compare: None, ..query.clone() };
    only.filters[Dim::Place.index()] = query.filter(Dim::Place).to_vec();
    aggregate(dataset, &only).total
}

/// The figures for `scenario` on the view `query` shows (its Place filter and year).
pub fn scenario_figures(dataset: &Dataset, query: &Query, scenario: &Scenario) -> ScenarioFigures {
    let currency = &dataset.metadata.currency;
    let changed = scenario::apply(dataset, query, scenario);
    let total = place_total(dataset, query);
    let places = format::decimal_places_for(total, currency);
    let activities = dataset.dim(Dim::Activity);
    // The activities named are disjoint (no move names a part of what another names:
    // `scenario::move_fault`), so what they do not cover is the total less their sum.
    let rest = total - changed.iter().map(|c| c.before).sum::<Decimal>();
    let mut befores: Vec<Decimal> = changed.iter().map(|c| c.before).collect();
    let has_rest = !rest.is_zero() || changed.is_empty();
    if has_rest {
        befores.push(rest);
    }
    let befores_shown = money::round_parts(&befores, places);
    let scale = Scale::covering(changed.iter().flat_map(|c| [c.before, c.after]));
    let money = |v: Decimal| format::money_dp(v, currency, places);
    let mut rows: Vec<ScenarioRow> = changed
        .iter()
        .zip(&befores_shown)
        .map(|(c, before_shown)| {
            let change = c.after - c.before;
            let after_shown = *before_shown + change;
            ScenarioRow {
                activity: Some(c.activity),
                label: activities.get(c.activity).map_or_else(String::new, |a| a.label.clone()),
                before: c.before,
                after: c.after,
                before_shown: *before_shown,
                after_shown,
                change,
                before_text: money(*before_shown),
                after_text: money(after_shown),
                change_text: signed_money(change, currency, places),
                // The shortfall is the shown "after" figure's, so one quantity is one figure; from
                // an activity already below zero, all that the moves take is more than it had.
                overdrawn: c.overdrawn.then(|| {
                    format!("{OVERDRAWN_FLAG}: the moves take {} more than it had", money((-after_shown).min(-change)))
                }),
                bars: Some(PairedBars { before: scale.bar(c.before), after: scale.bar(c.after) }),
            }
        })
        .collect();
    if has_rest {
        let shown = befores_shown.last().copied().unwrap_or_default();
        rows.push(ScenarioRow {
            activity: None,
            label: "All other activities".to_owned(),
            before: rest,
            after: rest,
            before_shown: shown,
            after_shown: shown,
            change: Decimal::ZERO,
            before_text: money(shown),
            after_text: money(shown),
            change_text: signed_money(Decimal::ZERO, currency, places),
            overdrawn: None,
            bars: None,
        });
    }
    let total_shown: Decimal = befores_shown.iter().sum();
    let total_text = money(total_shown);
    let n_overdrawn = rows.iter().filter(|r| r.overdrawn.is_some()).count();
    let totals_sentence = format!(
        "Total before the moves: {total_text}. Total after: {total_text}, exactly the same: a move takes money from one activity and gives the same amount to another, so none is made or lost."
    );
    let rounding_note = format!(
        "{} Each column's rows add up to its total; each change is exact, and before plus change is after.",
        format::rounding_note(places, currency)
    );
    ScenarioFigures {
        place: place_words(dataset, query),
        period: dataset.period_label(period_of(dataset, query)).to_owned(),
        moves: scenario.moves.iter().map(|m| move_words(dataset, *m)).collect(),
        rows,
        total,
        total_text,
        decimal_places: places,
        baseline: scale.baseline(),
        n_overdrawn,
        totals_sentence,
        rounding_note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::query::MemberRef;
    use crate::domain::scenario::Move;
    use crate::domain::test_data::illustrative;

    fn in_place(place: &str) -> Query {
        let mut query = Query::default();
        query.filters[Dim::Place.index()] = vec![MemberRef::Id(place.to_owned())];
        query
    }

    /// For several Places and scenarios: each column's shown rows add up to the shown total, the
    /// same before and after; before plus change is after on every row; the exact rows add up
    /// to the aggregate's own total; the shown figures are within a rounding unit of the exact.
    #[test]
    fn columns_add_up_and_totals_are_equal() {
        let dataset = illustrative();
        let activities = dataset.dim(Dim::Activity);
        let find = |id: &str| activities.find(id).unwrap();
        let scenarios = [
            vec![],
            vec![Move { from: find("schools"), to: find("adult-social-care"), amount: 200_000 }],
            vec![
                Move { from: find("primary-schools"), to: find("homelessness"), amount: 123_457 },
                Move { from: find("waste"), to: find("homelessness"), amount: 1 },
                Move { from: find("homelessness"), to: find("policing"), amount: 50_000 },
            ],
        ];
        for place in ["ludlow", "wem", "shrewsbury"] {
            let query = in_place(place);
            for moves in &scenarios {
                let scenario = Scenario { fingerprint: scenario::fingerprint(&dataset), moves: moves.clone() };
                let figures = scenario_figures(&dataset, &query, &scenario);
                let unit = Decimal::new(1, figures.decimal_places);
                let shown_total = figures.rows.iter().map(|r| r.before_shown).sum::<Decimal>();
                assert_eq!(shown_total, figures.rows.iter().map(|r| r.after_shown).sum::<Decimal>());
                assert_eq!(
                    figures.total_text,
                    format::money_dp(shown_total, &dataset.metadata.currency, figures.decimal_places)
                );
                assert_eq!(figures.rows.iter().map(|r| r.change).sum::<Decimal>(), Decimal::ZERO);
                assert_eq!(figures.rows.iter().map(|r| r.before).sum::<Decimal>(), figures.total);
                assert_eq!(figures.rows.iter().map(|r| r.after).sum::<Decimal>(), figures.total);
                assert_eq!(figures.total, aggregate(&dataset, &query).total);
                for row in &figures.rows {
                    assert_eq!(row.before_shown + row.change, row.after_shown, "{place} {}", row.label);
                    assert!((row.before_shown - row.before).abs() < unit, "{place} {}", row.label);
                    assert!((row.after_shown - row.after).abs() < unit, "{place} {}", row.label);
                }
                assert_eq!(figures.moves.len(), moves.len());
            }
        }
    }

    #[test]
    fn overdrawing_is_flagged_in_words_and_drawn_left_of_zero() {
        let dataset = illustrative();
        let activities = dataset.dim(Dim::Activity);
        let (waste, schools) = (activities.find("waste").unwrap(), activities.find("schools").unwrap());
        let query = in_place("ludlow");
        let scenario = Scenario {
            fingerprint: scenario::fingerprint(&dataset),
            moves: vec![Move { from: waste, to: schools, amount: 900_000_000 }],
        };
        let figures = scenario_figures(&dataset, &query, &scenario);
        assert_eq!(figures.n_overdrawn, 1);
        let row = &figures.rows[0];
        assert_eq!(row.activity, Some(waste));
        let flag = row.overdrawn.as_deref().unwrap_or_default();
        assert!(flag.starts_with("⚠ Overdrawn: the moves take £"), "{flag}");
        assert!(row.after_text.starts_with('\u{2212}'), "{}", row.after_text);
        let bars = row.bars.unwrap();
        assert!(bars.after.negative && !bars.before.negative);
        assert_eq!(bars.after.x + bars.after.width, figures.baseline);
        assert_eq!(figures.rows[1].overdrawn, None);
        assert_eq!(figures.rows[1].change_text, "+£900,000,000");
        assert_eq!(figures.moves, vec!["£900,000,000 from Waste and recycling to Schools and education".to_owned()]);
        assert!(figures.totals_sentence.contains("exactly the same"));
    }

    #[test]
    fn words_for_places_and_choices() {
        let dataset = illustrative();
        assert_eq!(place_words(&dataset, &Query::default()), "the whole area");
        let mut two = in_place("ludlow");
        two.filters[Dim::Place.index()].push(MemberRef::Id("wem".to_owned()));
        assert_eq!(place_words(&dataset, &two), "Ludlow and Wem");
        let choices = activity_choices(&dataset);
        assert_eq!(choices.len(), dataset.dim(Dim::Activity).len());
        assert_eq!(choices[0].1, "Offender management (reducing re-offending)");
        assert!(
            choices[1].1.starts_with("\u{a0}\u{a0}\u{a0}") && !choices[1].1.starts_with("\u{a0}\u{a0}\u{a0}\u{a0}")
        );
        let currency = &dataset.metadata.currency;
        assert_eq!(signed_money(Decimal::from(-5), currency, 0), "\u{2212}£5");
        assert_eq!(signed_money(Decimal::ZERO, currency, 2), "£0.00");
    }
}
