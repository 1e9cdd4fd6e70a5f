//! The headline: the total for the current selection, what it covers, and for how many people.

use crate::domain::aggregate::Breakdown;
use crate::domain::coverage::EmptyView;
use crate::domain::format::{self, Figures};
use crate::domain::model::{Dataset, Status};
use crate::domain::source::StatusBadge;
use leptos::prelude::*;
use std::sync::Arc;

/// The big number and its context: dataset, period, status, publisher, residents.
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
    /// Whether the file is the website's own: otherwise its publisher is only what it claims.
    own_file: bool,
    /// The view's displayed figures, shared with the chart and tables.
    figures: Memo<Figures>,
    /// Why the view has no figures, when it has none.
    empty: Memo<Option<EmptyView>>,
    /// The shown year's label.
    period_label: Memo<String>,
) -> impl IntoView {
    let metadata = dataset.metadata.clone();
    let currency = metadata.currency.clone();
    // A selection whose every body is missing from the data that year is "not in this data",
    // never £0; one whose bodies recorded nothing this way says "nothing recorded".
    // With no figures at all, a per-resident or estimate sentence would only repeat a zero.
    let not_in_data = move || empty.with(Option::is_some);
    let total = move || match empty.get() {
        Some(EmptyView::NotInData(_)) => "Not in this data".to_owned(),
        Some(EmptyView::NothingRecorded) => "Nothing recorded".to_owned(),
        None => figures.with(|f| f.total.amount.clone()),
    };
    let empty_sentence = move || empty.with(|e| e.as_ref().map(|e| e.sentence(&period_label.get())));
    let rounding_note = move || figures.with(|f| f.rounding_note.clone());
    let people = {
        let currency = currency.clone();
        move || breakdown.with(|b| format::people_sentence(b, &currency))
    };
    let households = {
        let currency = currency.clone();
        move || breakdown.with(|b| format::households_sentence(b, &currency))
    };
    let estimated = move || breakdown.with(|b| figures.with(|f| format::estimated_sentence(b, f)));
    // The period shown. A one-period file whose title names it already says it once.
    let period = {
        let dataset = dataset.clone();
        move || {
            let label = period_label.get();
            let untold = dataset.periods.len() == 1 && dataset.metadata.period.is_none();
            if untold {
                view! { " · period not stated" }.into_any()
            } else if dataset.periods.len() == 1 && dataset.metadata.title.contains(&label) {
                ().into_any()
            } else {
                view! { " · " <bdi data-testid="headline-period">{label}</bdi> }.into_any()
            }
        }
    };
    let attribution = format::licence_attribution(&metadata);
    let context = expect_context::<crate::ui::nav::UrlContext>();
    let population_source = {
        let dataset = dataset.clone();
        move || context.query.with(|q| format::population_source_sentence(&dataset, q))
    };
    let publisher = metadata.publisher.clone().unwrap_or_else(|| "publisher not stated".to_owned());
    let licence = metadata.licence.clone();
    let rows_matching = move || breakdown.with(|b| format::rows_matching(b.n_facts));

    view! {
        <section class="headline" aria-labelledby="headline-total-label">
            <p class=format!("status-badge status-badge--{}", badge.class) data-testid="status-badge">
                {badge.label}
            </p>
            <p class="headline__dataset">
                <bdi class="headline__title">{metadata.title.clone()}</bdi>
                {period}
            </p>
            <p class="headline__label" id="headline-total-label">{phrase}</p>
            // Not a live region: the chart's announcement says the new selection with this total.
            <p class="headline__total" data-testid="headline-total">{total}</p>
            {move || empty_sentence().map(|e| view! { <p class="headline__empty" data-testid="headline-empty">{e}</p> })}
            {move || (!not_in_data()).then(|| view! { <p class="headline__people" data-testid="headline-people">{people()}</p> })}
            {move || households().filter(|_| !not_in_data()).map(|h| view! { <p class="headline__people" data-testid="headline-households">{h}</p> })}
            {move || population_source().map(|p| view! { <p class="headline__estimated" data-testid="population-source">{p}</p> })}
            {move || estimated().map(|e| view! { <p class="headline__estimated" data-testid="headline-estimated">{e}</p> })}
            <p class="headline__rounding" data-testid="rounding-note">{rounding_note}</p>
            <p class="headline__meta">
                {match (own_file, metadata.status) {
                    (true, Status::Compiled) => "Compiled by ",
                    (true, _) => "Published by ",
                    (false, _) => "The file says it is published by ",
                }}
                <bdi>{publisher}</bdi>
                {licence.map(|l| match l.url {
                    Some(url) => view! { " under " <a href=url rel="noopener noreferrer">{l.name}</a> }.into_any(),
                    None => view! { " under " {l.name} }.into_any(),
                })}
                ". " {rows_matching}
            </p>
            {attribution.map(|a| view! { <p class="headline__attribution" data-testid="attribution">{a}</p> })}
            {metadata.description.clone().map(|d| view! {
                <details class="headline__what" data-testid="what-is-in">
                    <summary>"What these figures include, and what they leave out"</summary>
                    <p class="about-data__description">{d}</p>
                </details>
            })}
        </section>
    }
}
