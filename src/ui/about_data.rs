//! "About this data": the dataset's description (what is in, what is not), its published
//! sources, coverage, licence and format version, so a reader can judge and cite what they are
//! looking at.

use crate::domain::format;
use crate::domain::freshness;
use crate::domain::model::{Dataset, Dim};
use crate::domain::source::{self, Provenance};
use crate::ui::source_banner::ShownData;
use leptos::prelude::*;
use std::sync::Arc;

/// A collapsible panel under the figures.
#[component]
pub fn AboutData(
    /// The dataset.
    dataset: Arc<Dataset>,
    /// Whose file it is: a file that is not the site's own only *says* who published it and
    /// whether it is official.
    provenance: Provenance,
) -> impl IntoView {
    let metadata = dataset.metadata.clone();
    // Which version, fetched when (a saved copy says so): from the response, `app.rs` provides it.
    let shown = use_context::<ShownData>();
    let fetched = move || shown.and_then(|s| s.0.get()).map(|s| s.freshness).unwrap_or_default();
    let version = {
        let stated = metadata.version.clone();
        move || freshness::version_label(stated.as_deref(), &fetched()).unwrap_or_else(|| "Not stated".to_owned())
    };
    let fetched_at = move || freshness::fetched_label(&fetched()).unwrap_or_else(|| "Not known".to_owned());
    let badge = source::status_badge(metadata.status, &provenance);
    let attribution = format::licence_attribution(&metadata);
    let published = dataset
        .sources
        .iter()
        .map(|s| {
            let title = match s.url.clone() {
                Some(url) => {
                    view! { <a href=url rel="noopener noreferrer"><bdi>{s.title.clone()}</bdi></a> }.into_any()
                }
                None => view! { <bdi>{s.title.clone()}</bdi> }.into_any(),
            };
            view! {
                <li data-testid="about-source">
                    {title}
                    {s.publisher.clone().map(|p| view! { ". " <bdi>{p}</bdi> })}
                    {s.reference.clone().map(|r| view! { ". " <bdi>{r}</bdi> })}
                    {s.licence.clone().map(|l| view! { ". " <bdi>{l}</bdi> })}
                    {s.retrieved.clone().map(|r| view! { ". Retrieved " {r} })}
                    "."
                </li>
            }
        })
        .collect_view();
    let coverage = dataset
        .coverage
        .iter()
        .map(|c| {
            let agency = dataset.dim(Dim::Agency).get(c.agency).map_or_else(String::new, |m| m.label.clone());
            let period = c.period.map_or_else(|| "every year".to_owned(), |p| dataset.period_label(p).to_owned());
            let extent = match c.extent {
                crate::domain::model::Extent::Included => "included",
                crate::domain::model::Extent::Partial => "partly included",
                crate::domain::model::Extent::Lacking => "not in this data",
            };
            view! {
                <li><bdi>{agency}</bdi> ", " <bdi>{period}</bdi> ": " {extent}
                    {c.note.clone().map(|n| view! { ". " <bdi>{n}</bdi> })}
                </li>
            }
        })
        .collect_view();
    let has_coverage = !dataset.coverage.is_empty();
    let publisher_term = if provenance.is_own() { "Publisher" } else { "Publisher (as the file says)" };
    let period = match (dataset.periods.first(), dataset.periods.last()) {
        (Some(first), Some(last)) if dataset.periods.len() > 1 => {
            Some(format!("{} to {} ({} years)", first.label, last.label, dataset.periods.len()))
        }
        _ => dataset.stated_period().map(|p| match (&p.start, &p.end) {
            (Some(start), Some(end)) => format!("{} ({start} to {end})", p.label),
            _ => p.label.clone(),
        }),
    };
    let sources = metadata.sources.iter().map(|source| view! { <li>{source.clone()}</li> }).collect_view();
    let licence = metadata.licence.clone().map(|l| match l.url {
        Some(url) => view! { <a href=url rel="noopener noreferrer">{l.name}</a> }.into_any(),
        None => view! { <span>{l.name}</span> }.into_any(),
    });
    view! {
        <details class="about-data" data-testid="about-data">
            <summary class="about-data__summary">"About this data"</summary>
            <dl class="about-data__list">
                <dt>"Title"</dt>
                <dd>{metadata.title.clone()}</dd>
                <dt>"Status"</dt>
                <dd data-testid="about-status">{badge.label}</dd>
                <dt>{publisher_term}</dt>
                <dd>{metadata.publisher.clone().unwrap_or_else(|| "Not stated".to_owned())}</dd>
                <dt>"Period"</dt>
                <dd>{period.unwrap_or_else(|| "Not stated".to_owned())}</dd>
                <dt>"Currency"</dt>
                <dd>{metadata.currency.code.clone()}</dd>
                <dt>"Licence"</dt>
                <dd>{licence.unwrap_or_else(|| view! { <span>"Not stated"</span> }.into_any())}</dd>
                <dt>"Format version"</dt>
                <dd>{metadata.format_version.clone()}</dd>
                <dt>"Data version"</dt>
                <dd data-testid="about-version">{version}</dd>
                <dt>"Fetched"</dt>
                <dd data-testid="about-fetched">{fetched_at}</dd>
            </dl>
            {metadata.description.clone().map(|d| view! { <p class="about-data__description" data-testid="about-description">{d}</p> })}
            {attribution.map(|a| view! { <p class="about-data__attribution">{a}</p> })}
            <h3 class="about-data__sources-heading">"Sources"</h3>
            <ul class="about-data__sources">{sources}</ul>
            <ul class="about-data__sources" data-testid="about-sources">{published}</ul>
            {has_coverage.then(|| view! {
                <h3 class="about-data__sources-heading">"What the file covers"</h3>
                <ul class="about-data__sources" data-testid="about-coverage">{coverage}</ul>
            })}
        </details>
    }
}
