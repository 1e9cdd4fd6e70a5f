//! "Where does this come from": the sources, basis and notes behind one row of the table (or
//! the whole total), opened from the row's button, with focus moved to it.

use crate::domain::aggregate::SliceKey;
use crate::domain::format::money_dp;
use crate::domain::lineage::lineage;
use crate::domain::model::{Dataset, Dim};
use crate::domain::query::Query;
use crate::ui::nav::UrlContext;
use leptos::html;
use leptos::prelude::*;
use std::sync::Arc;

/// The row whose sources are open.
#[derive(Debug, Clone, PartialEq)]
pub struct LineageTarget {
    /// The view it was opened in: the drawer closes itself when the view changes.
    pub query: Query,
    /// The slice (`None`: the total).
    pub slice: Option<SliceKey>,
    /// The row's label.
    pub label: String,
}

/// Which row's sources are open.
pub type OpenLineage = RwSignal<Option<LineageTarget>>;

/// The drawer under the table; empty until a row's "Sources" button is pressed.
#[component]
pub fn LineagePanel(
    /// The dataset.
    dataset: Arc<Dataset>,
    /// The dimension the view is sliced by.
    by: Memo<Dim>,
    /// Which row is open.
    open: OpenLineage,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let query = context.query;
    let heading = NodeRef::<html::H3>::new();
    // Focus goes to the drawer when it opens, so keyboard and screen-reader users land on it.
    Effect::new(move |_| {
        if open.with(Option::is_some)
            && let Some(heading) = heading.get()
        {
            let _ = heading.focus();
        }
    });
    let currency = dataset.metadata.currency.clone();
    move || {
        let LineageTarget { query: opened_in, slice, label } = open.get()?;
        if query.with(|q| *q != opened_in) {
            return None;
        }
        let rows = lineage(&dataset, &opened_in, by.get(), slice);
        let currency = currency.clone();
        let items = rows
            .into_iter()
            .map(|row| {
                let source = match row.source {
                    Some(source) => {
                        let title = match source.url.clone() {
                            Some(url) => {
                                view! { <a href=url rel="noopener noreferrer"><bdi>{source.title.clone()}</bdi></a> }
                                    .into_any()
                            }
                            None => view! { <bdi>{source.title.clone()}</bdi> }.into_any(),
                        };
                        view! {
                            {title}
                            {source.publisher.map(|p| view! { ", " <bdi>{p}</bdi> })}
                            {source.reference.map(|r| view! { "; " <bdi>{r}</bdi> })}
                            {source.licence.map(|l| view! { " (" <bdi>{l}</bdi> ")" })}
                        }
                        .into_any()
                    }
                    None => view! { "Source not stated in the file" }.into_any(),
                };
                view! {
                    <li class="lineage__item" data-testid="lineage-item">
                        <p class="lineage__amount">
                            {money_dp(row.amount, &currency, currency.minor_unit_digits)}
                            {format!(" from {} figure{}", row.n_facts, if row.n_facts == 1 { "" } else { "s" })}
                        </p>
                        <p class="lineage__basis" data-testid="lineage-basis">{row.basis.describe()}</p>
                        <p class="lineage__source">{source}</p>
                        {row.note.map(|n| view! { <p class="lineage__note">"Note: " <bdi>{n}</bdi></p> })}
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="lineage" aria-labelledby="lineage-heading" data-testid="lineage">
                <h3 class="lineage__heading" id="lineage-heading" tabindex="-1" node_ref=heading>
                    "Where " <bdi>{label}</bdi> " comes from"
                </h3>
                <p>"Exact amounts (not rounded), grouped by source, basis and note."</p>
                <ul class="lineage__list">{items}</ul>
                <button type="button" class="lineage__close" on:click=move |_| open.set(None)>"Close sources"</button>
            </section>
        })
    }
}
