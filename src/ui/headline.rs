//! The headline: the total for the current selection, what it covers, and for how many people.
//! The notes on that figure (households, estimates, rounding, publisher) stand under the chart
//! (`headline_notes.rs`), so the figure and the chart share the first screen of a phone.

use crate::domain::aggregate::Breakdown;
use crate::domain::coverage::EmptyView;
use crate::domain::format::{self, Figures};
use crate::domain::model::Dataset;
use crate::domain::source::StatusBadge;
use leptos::prelude::*;
use std::sync::Arc;

/// The big number and its context: status, what it covers and when, residents.
#[component]
pub fn Headline(
    /// The dataset shown.
    dataset: Arc<Dataset>,
    /// What the selection covers, from `format::selection_phrase` (built once by the explorer).
    phrase: Memo<String>,
    /// The current breakdown.
    breakdown: Memo<Breakdown>,
    /// The status badge, decided by whose file it is (`source::status_badge`).
    badge: StatusBadge,
    /// The view's displayed figures, shared with the chart and tables.
    figures: Memo<Figures>,
    /// Why the view has no figures, when it has none.
    empty: Memo<Option<EmptyView>>,
    /// The shown year's label.
    period_label: Memo<String>,
) -> impl IntoView {
    let currency = dataset.metadata.currency.clone();
    // A selection whose every body is missing from the data that year is "not in this data",
    // never £0; one whose bodies recorded nothing this way says "nothing recorded".
    // With no figures at all, a per-resident sentence would only repeat a zero.
    let not_in_data = move || empty.with(Option::is_some);
    let total = move || match empty.with(|e| e.as_ref().map(EmptyView::total_heading)) {
        Some(words) => words.to_owned(),
        None => figures.with(|f| f.total.amount.clone()),
    };
    let glance = {
        let currency = currency.clone();
        move || {
            empty
                .with(Option::is_none)
                .then(|| breakdown.with(|b| format::total_at_a_glance(b.total, &currency)))
                .flatten()
        }
    };
    let empty_sentence = move || empty.with(|e| e.as_ref().map(|e| e.sentence(&period_label.get())));
    let people = move || breakdown.with(|b| format::people_sentence(b, &currency));
    // The year shown, as the end of the heading ("… in 2017-18"); the dataset's title, which
    // names the data rather than this view, is in the notes under the chart.
    let period = {
        let dataset = dataset.clone();
        move || {
            if dataset.periods.len() == 1 && dataset.stated_period().is_none() {
                view! { <span class="headline__period">" (period not stated)"</span> }.into_any()
            } else {
                view! { <span class="headline__period">" in " <bdi data-testid="headline-period">{period_label.get()}</bdi></span> }
                    .into_any()
            }
        }
    };

    // The view's own heading is the page's one h1 (what the figure is for), then the figure.
    view! {
        <section class="headline" aria-labelledby="headline-total-label">
            <p class=format!("status-badge status-badge--{}", badge.class) data-testid="status-badge">
                {badge.label}
            </p>
            <h1 class="headline__label" id="headline-total-label">{phrase}{period}</h1>
            // Not a live region: the chart's announcement says the new selection with this total.
            // The figure and, beside it where it fits, the same total at a glance.
            <div class="headline__figure">
                <p class="headline__total" data-testid="headline-total">{total}</p>
                // A billion and more also in words a reader takes in at a glance ("about £2.5bn"),
                // read out in full ("about £2.5 billion"), never in place of the exact figure.
                {move || glance().map(|(shown, spoken)| view! {
                    <p class="headline__glance" data-testid="headline-glance">
                        <span aria-hidden="true">{shown}</span>
                        <span class="visually-hidden">{spoken}</span>
                    </p>
                })}
            </div>
            {move || empty_sentence().map(|e| view! { <p class="headline__empty" data-testid="headline-empty">{e}</p> })}
            {move || (!not_in_data()).then(|| view! { <p class="headline__people" data-testid="headline-people">{people()}</p> })}
        </section>
    }
}
