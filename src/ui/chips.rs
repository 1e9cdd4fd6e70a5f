//! Active filters as removable chips, with "clear all". Filter ids the dataset lacks get no
//! chip: the link notice above the headline names them.

use crate::domain::aggregate::Breakdown;
use crate::domain::format;
use crate::domain::model::{Dataset, Dim};
use crate::ui::nav::{UrlContext, href};
use leptos::prelude::*;
use std::sync::Arc;

/// The chips row; hidden when no filter is set.
#[component]
pub fn FilterChips(
    /// The dataset, for labels.
    dataset: Arc<Dataset>,
    /// The breakdown, for filter ids it did not recognise.
    breakdown: Memo<Breakdown>,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let query = context.query;
    let chips = move || {
        let q = query.get();
        Dim::ALL
            .into_iter()
            .flat_map(|dim| q.filter(dim).iter().map(move |m| (dim, m.clone())).collect::<Vec<_>>())
            .filter_map(|(dim, member)| {
                let label = dataset.label_of_ref(dim, &member)?;
                let remove = href(&context, q.without(dim, &member));
                let aria_label = format!("Remove filter {}: {}", dim.label(), format::isolate(&label));
                Some(view! {
                    <li class="chips__chip" data-testid="filter-chip">
                        <span class="chips__text">{dim.label()} ": " <bdi>{label}</bdi></span>
                        <a class="chips__remove" href=remove data-noscroll="" aria-label=aria_label>
                            <span aria-hidden="true">"×"</span>
                        </a>
                    </li>
                })
            })
            .collect_view()
    };
    // Filters on ids the dataset lacks get no chip, so they alone must not show an empty row.
    let n_known_filters = move || {
        let n_chosen: usize = query.with(|q| Dim::ALL.iter().map(|d| q.filter(*d).len()).sum());
        n_chosen.saturating_sub(breakdown.with(|b| b.unknown_filters.len()))
    };
    let clear_all = { move || href(&context, query.with(|q| q.cleared())) };
    view! {
        <div class="chips" hidden=move || n_known_filters() == 0>
            <h2 class="chips__heading">"Showing only"</h2>
            <ul class="chips__list">{chips}</ul>
            <a class="chips__clear" href=clear_all data-noscroll="" data-testid="clear-all">"Clear all filters"</a>
        </div>
    }
}
