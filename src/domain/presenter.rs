//! Presenter mode (`?present=1`, issue 10): which view a projector shows (the chart, or the
//! table instead of it), what each key does while the presenter view has focus, and the one step
//! up that Backspace takes.
//!
//! The shell (`src/ui/presenter.rs`) reads the key event and the page; everything it decides is
//! decided here, from values, so it is tested natively.

use crate::domain::format;
use crate::domain::model::{Dataset, Dim};
use crate::domain::query::{MemberRef, Query, UpStep, View};

/// The `present` URL parameter: the full page, or presenter mode showing the chart or the table
/// in its place. Kept in every link the app writes while presenting (`url::DataParams`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Present {
    /// The full page (no `present`, `present=0` or an empty value).
    #[default]
    Off,
    /// Presenter mode with the chart (`present=1`, or any value but the ones below).
    Chart,
    /// Presenter mode with the figures' table instead of the chart (`present=table`).
    Table,
}

impl Present {
    /// The value as a link gives it: `""` and `"0"` are off, `"table"` the table, anything else
    /// the chart (so a hand-typed `present=yes` works, as `embed=true` does).
    pub fn from_value(value: &str) -> Present {
        match value {
            "" | "0" => Present::Off,
            "table" => Present::Table,
            _ => Present::Chart,
        }
    }

    /// The value written in links, or `None` for the full page (no parameter).
    pub fn value(self) -> Option<&'static str> {
        match self {
            Present::Off => None,
            Present::Chart => Some("1"),
            Present::Table => Some("table"),
        }
    }

    /// Whether this is presenter mode at all.
    pub fn is_on(self) -> bool {
        self != Present::Off
    }

    /// The chart for the table and the table for the chart; the full page stays as it is.
    pub fn with_table_toggled(self) -> Present {
        match self {
            Present::Off => Present::Off,
            Present::Chart => Present::Table,
            Present::Table => Present::Chart,
        }
    }
}

/// One key press as the presenter view receives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyPress<'a> {
    /// `KeyboardEvent.key`: `"ArrowDown"`, `"Backspace"`, `"t"`, …
    pub key: &'a str,
    /// Whether Ctrl, Alt or Meta was held: such a press belongs to the browser or the system.
    pub with_modifier: bool,
    /// Whether focus is in a text field, a select or anything editable, where keys type.
    pub in_form_field: bool,
}

/// What the presenter view does with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAction {
    /// Move focus to the bar (or, with the table shown, the row link) at this position.
    FocusItem(usize),
    /// Go up one step: [`step_up`]'s view.
    GoUp,
    /// Show the table instead of the chart, or the chart again ([`Present::with_table_toggled`]).
    ToggleTable,
}

/// The letter that shows the table instead of the chart (and back), either case.
pub const TABLE_KEY: &str = "t";

/// What a key does in the presenter view: arrow keys move between the `n_items` bars (down and
/// right to the next, up and left to the previous, staying at the ends; from anywhere but a bar,
/// to the first), Backspace goes up when `can_go_up`, `t` toggles the table. Enter is left to the
/// bar links, which drill already. `None`: the key is not the presenter view's, and the page
/// treats it as it always does. A press with Ctrl, Alt or Meta, or in a form field, is never one
/// of its shortcuts (WCAG 2.1.4: single-key shortcuts must not take keys a person types).
pub fn key_action(
    press: KeyPress<'_>,
    focused_item: Option<usize>,
    n_items: usize,
    can_go_up: bool,
) -> Option<KeyAction> {
    if press.with_modifier || press.in_form_field {
        return None;
    }
    let last = n_items.checked_sub(1);
    match press.key {
        "ArrowDown" | "ArrowRight" => {
            let last = last?;
            Some(KeyAction::FocusItem(focused_item.map_or(0, |at| (at + 1).min(last))))
        }
        "ArrowUp" | "ArrowLeft" => {
            last?;
            Some(KeyAction::FocusItem(focused_item.map_or(0, |at| at.saturating_sub(1))))
        }
        "Backspace" => can_go_up.then_some(KeyAction::GoUp),
        key if key.eq_ignore_ascii_case(TABLE_KEY) => Some(KeyAction::ToggleTable),
        _ => None,
    }
}

/// The one step up from a view, as (link words, view): the first of the ways up
/// (`format::ways_up`) that goes up a level or drops a filter, deepest dimension first. Showing
/// the same selection by another dimension is not a step up, so the opening view has none.
pub fn step_up(dataset: &Dataset, query: &Query) -> Option<(String, Query)> {
    let parent_of = |dim: Dim, member: &MemberRef| {
        let members = dataset.dim(dim);
        let MemberRef::Id(id) = member else { return None };
        let parent = members.find(id).and_then(|ix| members.get(ix)).and_then(|m| m.parent)?;
        members.get(parent).map(|p| MemberRef::Id(p.id.clone()))
    };
    // Only the steps up a level or out of a filter are wanted, and those do not depend on which
    // dimensions are single bars or open further (the other two arguments).
    query
        .ways_up(parent_of, |_| false, |_, _| false)
        .into_iter()
        .find(|way| !matches!(way.step, UpStep::SliceBy))
        .map(|way| (format::way_up_text(dataset, &way), way.query))
}

/// What presenter mode says, in one line above the headline, about the parts of the view a link
/// asks for that the projector does not show as on the full page: the panels that stay on the
/// full page ("Compare places", "Move the money" and its moves, the collect view; the line's
/// link leaves presenter view with the rest of the link kept, moves and all), and, with the
/// chart (or one-way table) of a two-way view, that it is one-way and the two-way table is below.
/// `None` when the projector shows everything the link asks for.
pub fn notice(query: &Query, present: Present) -> Option<Notice> {
    let left_out = match query.view {
        View::ComparePlaces => Some("Compare places is"),
        View::MoveMoney if query.moves.is_some() => Some("The money this link moves is"),
        View::MoveMoney => Some("Move the money is"),
        View::Collect => Some("The collected scenarios are"),
        View::Chart | View::TableMats => None,
    };
    if let Some(what) = left_out {
        return Some(Notice::LeftOut(format!("{what} shown on the full page, not in presenter view.")));
    }
    let then = query.then.filter(|_| present.is_on())?;
    let (shown, below) = if present == Present::Table { ("The table is", "it") } else { ("The bars are", "them") };
    let by = format::by_words(query.by);
    Some(Notice::TwoWayBelow(format!(
        "{shown} by {by} alone; the two-way table by {by} and {} is below {below}.",
        format::by_words(then)
    )))
}

/// [`notice`]'s line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A panel the projector leaves out: the sentence, followed by a link to the full page.
    LeftOut(String),
    /// A two-way view: where its second dimension is.
    TwoWayBelow(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn present_values_are_read_and_written() {
        // (value in a link, mode, value written back)
        let cases: &[(&str, Present, Option<&str>)] = &[
            ("", Present::Off, None),
            ("0", Present::Off, None),
            ("1", Present::Chart, Some("1")),
            ("yes", Present::Chart, Some("1")),
            ("table", Present::Table, Some("table")),
            ("Table", Present::Chart, Some("1")),
        ];
        for (text, mode, written) in cases {
            assert_eq!(Present::from_value(text), *mode, "{text}");
            assert_eq!(mode.value(), *written, "{text}");
            assert_eq!(mode.is_on(), written.is_some(), "{text}");
        }
        assert_eq!(Present::Chart.with_table_toggled(), Present::Table);
        assert_eq!(Present::Table.with_table_toggled(), Present::Chart);
        assert_eq!(Present::Off.with_table_toggled(), Present::Off);
    }

    #[test]
    fn keys_do_what_the_presenter_line_says() {
        use KeyAction::*;
        let plain = |key| KeyPress { key, with_modifier: false, in_form_field: false };
        /// (key, focused bar, bars, can go up, action)
        type Case<'a> = (KeyPress<'a>, Option<usize>, usize, bool, Option<KeyAction>);
        let cases: &[Case] = &[
            (plain("ArrowDown"), None, 5, true, Some(FocusItem(0))),
            (plain("ArrowRight"), None, 5, true, Some(FocusItem(0))),
            (plain("ArrowUp"), None, 5, true, Some(FocusItem(0))),
            (plain("ArrowLeft"), None, 5, true, Some(FocusItem(0))),
            (plain("ArrowDown"), Some(0), 5, true, Some(FocusItem(1))),
            (plain("ArrowRight"), Some(3), 5, true, Some(FocusItem(4))),
            (plain("ArrowDown"), Some(4), 5, true, Some(FocusItem(4))),
            (plain("ArrowUp"), Some(4), 5, true, Some(FocusItem(3))),
            (plain("ArrowLeft"), Some(0), 5, true, Some(FocusItem(0))),
            // No bars (the most detailed view, or a view with no figures): arrows are the page's.
            (plain("ArrowDown"), None, 0, true, None),
            (plain("ArrowUp"), None, 0, true, None),
            (plain("Backspace"), Some(2), 5, true, Some(GoUp)),
            (plain("Backspace"), Some(2), 5, false, None),
            (plain("t"), None, 5, false, Some(ToggleTable)),
            (plain("T"), Some(1), 0, false, Some(ToggleTable)),
            // Enter is the bar link's own: it drills.
            (plain("Enter"), Some(1), 5, true, None),
            (plain("x"), None, 5, true, None),
            (plain("Tab"), None, 5, true, None),
            (KeyPress { key: "t", with_modifier: true, in_form_field: false }, None, 5, true, None),
            (KeyPress { key: "ArrowDown", with_modifier: true, in_form_field: false }, Some(0), 5, true, None),
            (KeyPress { key: "Backspace", with_modifier: false, in_form_field: true }, None, 5, true, None),
            (KeyPress { key: "t", with_modifier: false, in_form_field: true }, None, 5, true, None),
            (KeyPress { key: "ArrowDown", with_modifier: false, in_form_field: true }, None, 5, true, None),
        ];
        for (press, focused, n_items, can_go_up, expected) in cases {
            assert_eq!(key_action(*press, *focused, *n_items, *can_go_up), *expected, "{press:?} at {focused:?}");
        }
    }

    #[test]
    fn backspace_goes_up_one_step_deepest_first() {
        let dataset = crate::domain::test_data::illustrative();
        let id = |text: &str| MemberRef::Id(text.to_owned());
        let founding = Query::default()
            .drill(Dim::Place, id("ludlow"))
            .drill(Dim::Activity, id("probation-supervision"))
            .sliced_by(Dim::Agency);
        /// The step up's words and its view's Place and activity filters and slice.
        type Step<'a> = (&'a str, &'a [MemberRef], &'a [MemberRef], Dim);
        // (view, its step up)
        let cases: &[(Query, Option<Step>)] = &[
            // The opening view has nowhere up to go: another slice is not a step up.
            (Query::default(), None),
            (Query::default().sliced_by(Dim::Agency), None),
            (
                Query::default().drill(Dim::Place, id("ludlow")),
                Some(("All Places, not only \u{2068}Ludlow\u{2069}", &[], &[], Dim::Place)),
            ),
            (
                founding.clone(),
                Some((
                    "Up a level: \u{2068}Offender management (reducing re-offending)\u{2069} (instead of \u{2068}Probation supervision\u{2069})",
                    &[MemberRef::Id("ludlow".to_owned())],
                    &[MemberRef::Id("offender-management".to_owned())],
                    Dim::Activity,
                )),
            ),
        ];
        for (query, expected) in cases {
            let step = step_up(&dataset, query);
            let got = step
                .as_ref()
                .map(|(words, to)| (words.as_str(), to.filter(Dim::Place), to.filter(Dim::Activity), to.by));
            assert_eq!(got, *expected, "{query:?}");
        }
    }

    #[test]
    fn the_notice_says_what_the_projector_leaves_out_or_puts_below() {
        let query = |view: View, moves: Option<&str>, then: Option<Dim>| Query {
            view,
            moves: moves.map(str::to_owned),
            by: Dim::Place,
            then,
            ..Query::default()
        };
        let left_out =
            |text: &str| Some(Notice::LeftOut(format!("{text} shown on the full page, not in presenter view.")));
        let below = Some(Notice::TwoWayBelow(
            "The bars are by Place alone; the two-way table by Place and agency is below them.".to_owned(),
        ));
        let table_below = Some(Notice::TwoWayBelow(
            "The table is by Place alone; the two-way table by Place and agency is below it.".to_owned(),
        ));
        /// (view, moves, then, mode, notice)
        type Case<'a> = (View, Option<&'a str>, Option<Dim>, Present, Option<Notice>);
        let cases: &[Case] = &[
            (View::Chart, None, None, Present::Chart, None),
            (View::Chart, None, None, Present::Table, None),
            (View::TableMats, None, None, Present::Chart, None),
            (View::ComparePlaces, None, None, Present::Chart, left_out("Compare places is")),
            (View::ComparePlaces, None, Some(Dim::Agency), Present::Table, left_out("Compare places is")),
            (View::MoveMoney, Some("wjcgvp.12-x-4abk"), None, Present::Chart, left_out("The money this link moves is")),
            (View::MoveMoney, None, None, Present::Table, left_out("Move the money is")),
            (View::Collect, None, None, Present::Chart, left_out("The collected scenarios are")),
            (View::Chart, None, Some(Dim::Agency), Present::Chart, below),
            (View::Chart, None, Some(Dim::Agency), Present::Table, table_below),
            (View::Chart, None, Some(Dim::Agency), Present::Off, None),
        ];
        for (view, moves, then, mode, expected) in cases {
            assert_eq!(&notice(&query(*view, *moves, *then), *mode), expected, "{view:?} {moves:?} {then:?} {mode:?}");
        }
    }
}
