//! Outcome measures beside spending: which of the file's measures relate to the selection, and
//! their values for the selection's Place in every period, with the comparator and which way is
//! better. A signal to discuss, never proof that the spending caused the outcome.

use crate::domain::aggregate::{Selection, period_of};
use crate::domain::format::isolate;
use crate::domain::model::{Comparator, Dataset, Dim, Key, MemberIx, Members, PeriodIx};
use crate::domain::query::Query;
use rust_decimal::Decimal;

/// The sentence shown with every outcomes panel.
pub const CAUTION: &str = "These measures are a signal to discuss, not proof that the spending caused them: \
     many things besides spending affect outcomes.";

/// One period's value of a measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomePoint {
    /// The period.
    pub period: PeriodIx,
    /// The period's label.
    pub period_label: String,
    /// The value as published, or `None` when the file has none for this period.
    pub value: Option<Decimal>,
    /// What to compare it with.
    pub comparator: Option<Comparator>,
}

/// How a value stands against its comparator, given which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Better than the comparator.
    Better,
    /// Worse than the comparator.
    Worse,
    /// Equal to it.
    Same,
    /// The measure has no "better" direction, or there is no comparator.
    NotJudged,
}

impl Standing {
    /// Words for it, e.g. "better than".
    pub fn words(self) -> &'static str {
        match self {
            Standing::Better => "better than",
            Standing::Worse => "worse than",
            Standing::Same => "the same as",
            Standing::NotJudged => "compared with",
        }
    }
}

/// One measure, with its values for the selection's Place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeRow {
    /// The measure's label.
    pub label: String,
    /// Its unit, e.g. "score out of 12".
    pub unit: Option<String>,
    /// "Higher is better", "Lower is better", or "Neither higher nor lower is better".
    pub direction: &'static str,
    /// Its description.
    pub description: Option<String>,
    /// Where it comes from (source title).
    pub source: Option<String>,
    /// One point per period of the dataset, oldest first.
    pub points: Vec<OutcomePoint>,
    /// How the shown period's value stands against its comparator, when both exist.
    pub standing: Standing,
    /// A sentence for the shown period, e.g. "2016-17: 7.8 (score out of 12), better than the
    /// England median (7.6)." or "No value for 2017-18."
    pub sentence: String,
}

/// Whether `a` is `b`, above it or below it in the tree.
fn related(members: &Members, a: MemberIx, b: MemberIx) -> bool {
    members.ancestors_or_self(a).any(|x| x == b) || members.ancestors_or_self(b).any(|x| x == a)
}

/// The Place whose values are shown: the one chosen, or the dataset's only Place, or the whole
/// area (values with no Place) otherwise.
fn place_key(dataset: &Dataset, selection: &Selection) -> Key {
    match selection.chosen(Dim::Place) {
        ([one], false) => Key::member(*one),
        _ if dataset.dim(Dim::Place).len() == 1 => Key::member(0),
        _ => Key::UNATTRIBUTED,
    }
}

/// The measures related to the selection, with their values. A measure relates when the
/// selection chooses no activity and no audience, or chooses one at, above or below one of the
/// measure's activities or audiences.
pub fn outcomes_for(dataset: &Dataset, query: &Query) -> Vec<OutcomeRow> {
    let selection = Selection::new(dataset, query);
    let shown = period_of(dataset, query);
    let place = place_key(dataset, &selection);
    let (activities, _) = selection.chosen(Dim::Activity);
    let (audiences, _) = selection.chosen(Dim::Audience);
    let relates = |dim: Dim, chosen: &[MemberIx], of_measure: &[MemberIx]| {
        chosen.iter().any(|c| of_measure.iter().any(|m| related(dataset.dim(dim), *c, *m)))
    };
    dataset
        .outcome_measures
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            (activities.is_empty() && audiences.is_empty())
                || relates(Dim::Activity, activities, &m.activities)
                || relates(Dim::Audience, audiences, &m.audiences)
        })
        .map(|(ix, measure)| {
            let points: Vec<OutcomePoint> = dataset
                .periods
                .iter()
                .enumerate()
                .map(|(p, period)| {
                    let value = dataset
                        .outcome_values
                        .iter()
                        .find(|v| v.measure == ix && v.place == place && v.period as usize == p);
                    OutcomePoint {
                        period: p as PeriodIx,
                        period_label: period.label.clone(),
                        value: value.map(|v| v.value),
                        comparator: value.and_then(|v| v.comparator.clone()),
                    }
                })
                .collect();
            let current = points.iter().find(|p| p.period == shown);
            let standing = match (current.and_then(|p| p.value.zip(p.comparator.as_ref())), measure.higher_is_better) {
                (Some((value, comparator)), Some(higher)) => match value.cmp(&comparator.value) {
                    std::cmp::Ordering::Equal => Standing::Same,
                    std::cmp::Ordering::Greater if higher => Standing::Better,
                    std::cmp::Ordering::Less if !higher => Standing::Better,
                    _ => Standing::Worse,
                },
                _ => Standing::NotJudged,
            };
            let unit = measure.unit.as_ref().map(|u| format!(" ({})", isolate(u))).unwrap_or_default();
            let period_label = isolate(dataset.period_label(shown));
            let sentence = match current.and_then(|p| p.value) {
                None => format!("No value for {period_label}."),
                Some(value) => {
                    let against = current
                        .and_then(|p| p.comparator.as_ref())
                        .map(|c| format!(", {} the {} ({})", standing.words(), isolate(&c.label), c.value))
                        .unwrap_or_default();
                    format!("{period_label}: {value}{unit}{against}.")
                }
            };
            let source = measure.source.and_then(|s| dataset.sources.get(s as usize)).map(|s| s.title.clone());
            OutcomeRow {
                label: measure.label.clone(),
                unit: measure.unit.clone(),
                direction: match measure.higher_is_better {
                    Some(true) => "Higher is better",
                    Some(false) => "Lower is better",
                    None => "Neither higher nor lower is better",
                },
                description: measure.description.clone(),
                source,
                points,
                standing,
                sentence,
            }
        })
        .collect()
}
