//! The selection over all years: a small bar chart (one row per year, estimates hatched), its
//! table, and a sentence, with years that lack a body marked so a dip is not misread.

use crate::domain::chart::{PLOT_WIDTH, Scale};
use crate::domain::format::isolate;
use crate::domain::model::Dataset;
use crate::domain::trend::{TrendRow, trend, trend_rows};
use crate::ui::nav::UrlContext;
use leptos::prelude::*;
use std::sync::Arc;

/// "From 2010-11 to 2017-18 …": the first and last years with figures, and the marked years.
fn sentence(rows: &[TrendRow]) -> String {
    let with_figures: Vec<&TrendRow> = rows.iter().filter(|r| r.has_figures).collect();
    let (Some(first), Some(last)) = (with_figures.first(), with_figures.last()) else {
        return "No spending matches this selection in any year.".to_owned();
    };
    let mut text = if with_figures.len() == 1 {
        format!("Only {} has figures for this selection: {}.", isolate(&first.label), first.amount_text)
    } else {
        format!(
            "From {} to {} this selection went from {} to {}, in cash terms (not adjusted for inflation).",
            isolate(&first.label),
            isolate(&last.label),
            first.amount_text,
            last.amount_text
        )
    };
    let marked: Vec<String> = rows.iter().filter(|r| r.incomparable).map(|r| isolate(&r.label)).collect();
    if !marked.is_empty() {
        text.push_str(&format!(
            " Some bodies are not in this data for {}, so those years are not comparable with the others.",
            crate::domain::format::join_and(&marked)
        ));
    }
    text
}

/// The trend panel; nothing for a one-period file.
#[component]
pub fn TrendChart(
    /// The dataset.
    dataset: Arc<Dataset>,
) -> impl IntoView {
    if dataset.periods.len() < 2 {
        return ().into_any();
    }
    let context = expect_context::<UrlContext>();
    let query = context.query;
    let rows = {
        let dataset = dataset.clone();
        Memo::new(move |_| {
            query.with(|q| {
                let points = trend(&dataset, q);
                let shown = crate::domain::aggregate::period_of(&dataset, q);
                let rows = trend_rows(&dataset, &points, shown, &dataset.metadata.currency);
                (points, rows)
            })
        })
    };
    let bars = move || {
        rows.with(|(points, rows)| {
            let scale = Scale::covering(points.iter().map(|p| p.total));
            points
                .iter()
                .zip(rows)
                .map(|(point, row)| {
                    let bar = scale.bar(point.total);
                    let estimate = scale.span(point.total - point.estimated, point.total);
                    let marked = row.incomparable;
                    view! {
                        <li class="trend__row" class:trend__row--current=row.current data-testid="trend-row">
                            <span class="trend__label">
                                <bdi>{row.label.clone()}</bdi>
                                {row.current.then_some(" (shown)")}
                                {marked.then_some(" *")}
                            </span>
                            <span class="trend__value">{row.amount_text.clone()}</span>
                            <svg class="trend__bar" viewBox=format!("0 0 {PLOT_WIDTH} 14") preserveAspectRatio="none" aria-hidden="true" focusable="false">
                                <rect class="trend__rect" x=bar.x.to_string() y="0" width=bar.width.to_string() height="14"></rect>
                                <rect class="bar-chart__rect--estimate" x=estimate.x.to_string() y="0" width=estimate.width.to_string() height="14"></rect>
                            </svg>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let table_rows = move || {
        rows.with(|(_, rows)| {
            rows.iter()
                .map(|row| {
                    view! {
                        <tr>
                            <th scope="row"><bdi>{row.label.clone()}</bdi></th>
                            <td class="data-table__number">{row.amount_text.clone()}</td>
                            <td class="data-table__number">{row.estimated_text.clone()}</td>
                            <td>{row.lacking_note.clone()}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let summary = move || rows.with(|(_, rows)| sentence(rows));
    view! {
        <figure class="trend" aria-labelledby="trend-heading" data-testid="trend">
            <h2 class="trend__heading" id="trend-heading">"This selection, year by year"</h2>
            <ul class="trend__rows">{bars}</ul>
            <figcaption class="bar-chart__summary" data-testid="trend-summary">{summary}</figcaption>
            <details class="trend__table">
                <summary>"Year-by-year table"</summary>
                <div class="data-table__scroll" tabindex="0" role="region" aria-label="Year-by-year table (scrolls sideways on small screens)">
                    <table class="data-table__table" data-testid="trend-table">
                        <caption>"This selection in each year (hatched in the chart: estimates)"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Year"</th>
                                <th scope="col" class="data-table__number">"Amount"</th>
                                <th scope="col" class="data-table__number">"Of which estimate"</th>
                                <th scope="col">"Not in this data"</th>
                            </tr>
                        </thead>
                        <tbody>{table_rows}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
    .into_any()
}
