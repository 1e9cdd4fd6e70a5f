//! The Place view's "Total / Per resident" switch, its order ("Largest first / A to Z"), the way
//! into "Compare places", and the sentence that says what the Places are fairly compared with.
//! Shown only on a view by Place with two or more Places (`per_resident::offers_measure`): per
//! resident needs the Places' populations. Every choice is a link, so it lives in the URL.

use crate::domain::aggregate::Breakdown;
use crate::domain::format::Figures;
use crate::domain::model::Dataset;
use crate::domain::per_resident::{self, Bars};
use crate::domain::query::{Measure, SortOrder, View};
use crate::ui::nav::{UrlContext, href};
use leptos::prelude::*;
use std::sync::Arc;

/// One group of options, each a link; the current one is marked with `aria-current`.
fn options<T: Copy + PartialEq + Send + Sync + 'static>(
    choices: Vec<(T, String, String)>,
    current: impl Fn() -> T + Copy + Send + Sync + 'static,
    link: impl Fn(T) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    choices
        .into_iter()
        .map(|(value, label, test_id)| {
            let is_current = move || current() == value;
            view! {
                <li>
                    <a
                        class="slice-picker__option"
                        class:slice-picker__option--current=is_current
                        href=move || link(value)
                        aria-current=move || is_current().then_some("true")
                        data-noscroll=""
                        data-testid=test_id
                    >
                        {label}
                    </a>
                </li>
            }
        })
        .collect_view()
}

/// The switch, the order, the "Compare places" link and the like-for-like sentence; on a view of
/// one Place, that Place beside the average across all Places on the same basis.
#[component]
pub fn MeasureSwitch(
    /// The dataset (for the average across all Places when one is chosen).
    dataset: Arc<Dataset>,
    /// The view's breakdown.
    breakdown: Memo<Breakdown>,
    /// The view's displayed figures (per-head figures and the average across Places).
    figures: Memo<Figures>,
    /// The bars as drawn (`per_resident::bars`), for the summary of the per-resident view.
    bars: Memo<Bars>,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let query = context.query;
    let offered = move || breakdown.with(per_resident::offers_measure);
    let one_place = Memo::new(move |_| {
        query.with(|q| breakdown.with(|b| per_resident::one_place(&dataset, q, b, &dataset.metadata.currency)))
    });
    let inner = move || {
        if !offered() {
            let one = one_place.get()?;
            let link = query.with(|q| href(&context, q.comparing_places(true)));
            // While comparing, the comparison above asks for another Place.
            let comparing = query.with(|q| q.view == View::ComparePlaces);
            return Some(
                view! {
                    <section class="measure-switch" aria-label="Compare this Place fairly" data-testid="one-place">
                        <p class="measure-switch__fair" data-testid="one-place-sentence">{one.sentence}</p>
                        {(!comparing).then(|| view! {
                            <p class="measure-switch__compare">
                                <a href=link data-noscroll="" data-testid="compare-places-link">"Compare with other Places"</a>
                            </p>
                        })}
                    </section>
                }
                .into_any(),
            );
        }
        let per_label = figures.with(|f| f.per_head_heading);
        let measures = Measure::ALL
            .into_iter()
            .map(|m| {
                let label = match m {
                    Measure::Total => m.label().to_owned(),
                    Measure::PerResident => per_label.to_owned(),
                };
                (m, label, format!("measure-{}", m.key()))
            })
            .collect();
        let sorts =
            SortOrder::ALL.into_iter().map(|s| (s, s.label().to_owned(), format!("sort-{}", s.key()))).collect();
        let measure_links = options(
            measures,
            move || query.with(|q| q.measure),
            move |m| query.with(|q| href(&context, q.measured_by(m))),
        );
        let sort_links =
            options(sorts, move || query.with(|q| q.sort), move |s| query.with(|q| href(&context, q.sorted_by(s))));
        let comparing = query.with(|q| q.view == View::ComparePlaces);
        let compare_link = query.with(|q| href(&context, q.comparing_places(true)));
        let explanation = figures.with(|f| f.place_average.as_ref().map(|a| a.sentence()));
        let summary = breakdown.with(|b| figures.with(|f| bars.with(|bars| per_resident::summary(b, bars, f))));
        let reference = figures
            .with(|f| f.place_average.as_ref().map(|a| format!("{}: {} per {}", a.label(), a.average_text, a.per)));
        let per_resident_shown = query.with(|q| q.measure == Measure::PerResident);
        Some(view! {
            <section class="measure-switch" aria-label="Compare Places fairly" data-testid="measure-switch">
                <div class="measure-switch__groups">
                    <div class="measure-switch__group">
                        <p class="slice-picker__label" id="measure-switch-show">"Show"</p>
                        <ul class="slice-picker__options measure-switch__options" aria-labelledby="measure-switch-show">
                            {measure_links}
                        </ul>
                    </div>
                    <div class="measure-switch__group">
                        <p class="slice-picker__label" id="measure-switch-order">"Order"</p>
                        <ul class="slice-picker__options measure-switch__options" aria-labelledby="measure-switch-order">
                            {sort_links}
                        </ul>
                    </div>
                </div>
                {explanation.map(|e| view! { <p class="measure-switch__fair" data-testid="fair-sentence">{e}</p> })}
                {reference.filter(|_| per_resident_shown).map(|r| view! {
                    <p class="measure-switch__reference" data-testid="fair-reference">
                        <span class="measure-switch__key" aria-hidden="true"></span>
                        "Dashed line: " {r}
                    </p>
                })}
                {summary.map(|s| view! { <p class="measure-switch__summary" data-testid="per-resident-summary">{s}</p> })}
                // While comparing, "Stop comparing places" is in the comparison's own section.
                {(!comparing).then(|| view! {
                    <p class="measure-switch__compare">
                        <a href=compare_link.clone() data-noscroll="" data-testid="compare-places-link">
                            "Compare places side by side"
                        </a>
                    </p>
                })}
            </section>
        }.into_any())
    };
    view! { {inner} }
}
