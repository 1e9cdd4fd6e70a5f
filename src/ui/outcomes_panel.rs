//! Outcome measures beside the spending: for each measure related to the selection, the shown
//! year's value against its comparator, which way is better, and a table of every year.

use crate::domain::model::Dataset;
use crate::domain::outcomes::{CAUTION, outcomes_for};
use crate::ui::nav::UrlContext;
use leptos::prelude::*;
use std::sync::Arc;

/// The outcomes panel; nothing when no measure relates to the selection.
#[component]
pub fn OutcomesPanel(
    /// The dataset.
    dataset: Arc<Dataset>,
) -> impl IntoView {
    if dataset.outcome_measures.is_empty() {
        return ().into_any();
    }
    let context = expect_context::<UrlContext>();
    let query = context.query;
    let rows = {
        let dataset = dataset.clone();
        Memo::new(move |_| query.with(|q| outcomes_for(&dataset, q)))
    };
    let measures = move || {
        rows.get()
            .into_iter()
            .enumerate()
            .map(|(i, row)| {
                let heading_id = format!("outcome-{i}");
                let has_values = row.points.iter().any(|p| p.value.is_some());
                let points = row
                    .points
                    .iter()
                    .filter(|p| p.value.is_some())
                    .map(|p| {
                        let comparator = p.comparator.as_ref().map_or_else(|| "–".to_owned(), |c| c.value.to_string());
                        view! {
                            <tr>
                                <th scope="row"><bdi>{p.period_label.clone()}</bdi></th>
                                <td class="data-table__number">{p.value.map(|v| v.to_string())}</td>
                                <td class="data-table__number">{comparator}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let comparator_label = row
                    .points
                    .iter()
                    .find_map(|p| p.comparator.as_ref().map(|c| c.label.clone()))
                    .unwrap_or_else(|| "Comparator".to_owned());
                let labelled_by = heading_id.clone();
                view! {
                    <article class="outcomes__measure" aria-labelledby=labelled_by data-testid="outcome">
                        <h3 class="outcomes__label" id=heading_id><bdi>{row.label.clone()}</bdi></h3>
                        <p class="outcomes__sentence" data-testid="outcome-sentence">{row.sentence.clone()}</p>
                        <p class="outcomes__direction">
                            {row.direction}
                            {row.unit.clone().map(|u| view! { ". Unit: " <bdi>{u}</bdi> })}
                            {row.source.clone().map(|s| view! { ". Source: " <bdi>{s}</bdi> })}
                            "."
                        </p>
                        {row.description.clone().map(|d| view! { <p class="outcomes__description">{d}</p> })}
{has_values.then(|| view! {
                                                <div class="data-table__scroll" tabindex="0" role="region" aria-label=format!("{}: every year", row.label)>
                            <table class="data-table__table outcomes__table">
                                <caption>"Every year with a value"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Year"</th>
                                        <th scope="col" class="data-table__number">"Value"</th>
                                        <th scope="col" class="data-table__number"><bdi>{comparator_label}</bdi></th>
                                    </tr>
                                </thead>
                                <tbody>{points}</tbody>
                            </table>
                        </div>
                        })}
                        {(!has_values).then_some(view! { <p>"No values for this Place in this data."</p> })}
                    </article>
                }
            })
            .collect_view()
    };
    view! {
        <section class="outcomes" aria-labelledby="outcomes-heading" data-testid="outcomes">
            <h2 id="outcomes-heading">"What it is achieving: outcome measures"</h2>
            <p class="outcomes__caution" data-testid="outcomes-caution">{CAUTION}</p>
            {move || rows.with(Vec::is_empty).then_some(view! {
                <p data-testid="outcomes-none">"No outcome measure in this data relates to this selection."</p>
            })}
            {measures}
        </section>
    }
    .into_any()
}
