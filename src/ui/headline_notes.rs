//! The notes on the headline figure, under the chart: the dataset's title, households, where the population figures
//! come from, how much is estimated, rounding, publisher and licence, how many figures were added
//! up, and what the data includes. Kept out of the headline so the figure and the chart share
//! the first screen.

use crate::domain::aggregate::Breakdown;
use crate::domain::coverage::EmptyView;
use crate::domain::format::{self, Figures};
use crate::domain::model::{Dataset, Status};
use leptos::prelude::*;
use std::sync::Arc;

/// Small print for the headline figure, in the order a careful reader asks for it.
#[component]
pub fn HeadlineNotes(
    /// The dataset shown.
    dataset: Arc<Dataset>,
    /// The current breakdown.
    breakdown: Memo<Breakdown>,
    /// The view's displayed figures, shared with the headline, chart and tables.
    figures: Memo<Figures>,
    /// Why the view has no figures, when it has none (then there is nothing to qualify).
    empty: Memo<Option<EmptyView>>,
    /// Whether the file is the website's own: otherwise its publisher is only what it claims.
    own_file: bool,
) -> impl IntoView {
    let metadata = dataset.metadata.clone();
    let currency = metadata.currency.clone();
    let not_in_data = move || empty.with(Option::is_some);
    let rounding_note = move || figures.with(|f| f.rounding_note.clone());
    let households = move || breakdown.with(|b| format::households_sentence(b, &currency));
    let estimated = move || breakdown.with(|b| figures.with(|f| format::estimated_sentence(b, f)));
    let attribution = format::licence_attribution(&metadata);
    let context = expect_context::<crate::ui::nav::UrlContext>();
    let population_source = {
        let dataset = dataset.clone();
        move || context.query.with(|q| format::population_source_sentence(&dataset, q))
    };
    let publisher = metadata.publisher.clone().unwrap_or_else(|| "publisher not stated".to_owned());
    let licence = metadata.licence.clone();
    let n_figures = move || breakdown.with(|b| format::rows_matching(b.n_facts));

    view! {
        <section class="headline-notes" aria-label="About this figure" data-testid="headline-notes">
            <p class="headline-notes__dataset">
                "From " <bdi class="headline-notes__title" data-testid="dataset-title">{metadata.title.clone()}</bdi> "."
            </p>
            {move || households().filter(|_| !not_in_data()).map(|h| view! { <p class="headline-notes__people" data-testid="headline-households">{h}</p> })}
            {move || population_source().map(|p| view! { <p data-testid="population-source">{p}</p> })}
            {move || estimated().map(|e| view! { <p data-testid="headline-estimated">{e}</p> })}
            <p data-testid="rounding-note">{rounding_note}</p>
            <p class="headline-notes__meta" data-testid="headline-meta">
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
                ". " <span data-testid="figures-added-up">{n_figures}</span>
            </p>
            {attribution.map(|a| view! { <p data-testid="attribution">{a}</p> })}
            {metadata.description.clone().map(|d| view! {
                <details class="headline-notes__what" data-testid="what-is-in">
                    <summary>"What these figures include, and what they leave out"</summary>
                    <p class="about-data__description">{d}</p>
                </details>
            })}
        </section>
    }
}
