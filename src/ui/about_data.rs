//! "About this data": the dataset's description, sources, licence and format version, so a
//! reader can judge and cite what they are looking at.

use crate::domain::model::Metadata;
use crate::domain::source::{self, Provenance};
use leptos::prelude::*;

/// A collapsible panel under the figures.
#[component]
pub fn AboutData(
    /// The dataset's metadata.
    metadata: Metadata,
    /// Whose file it is: a file that is not the site's own only *says* who published it and
    /// whether it is official.
    provenance: Provenance,
) -> impl IntoView {
    let badge = source::status_badge(metadata.status, &provenance);
    let publisher_term = if provenance.is_own() { "Publisher" } else { "Publisher (as the file says)" };
    let period = metadata.period.as_ref().map(|p| match (&p.start, &p.end) {
        (Some(start), Some(end)) => format!("{} ({start} to {end})", p.label),
        _ => p.label.clone(),
    });
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
            </dl>
            {metadata.description.clone().map(|d| view! { <p class="about-data__description">{d}</p> })}
            <h3 class="about-data__sources-heading">"Sources"</h3>
            <ul class="about-data__sources">{sources}</ul>
        </details>
    }
}
