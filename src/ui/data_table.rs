//! The data table equivalent of the chart: amount, share and per-resident figure per slice.
//!
//! Amounts are rounded by the largest-remainder method (see [`format::figures`]), so the rows
//! add up to the total shown in the footer; shares add up to 100.0%, or are left out with a
//! sentence saying why.

use crate::domain::aggregate::Breakdown;
use crate::domain::coverage::EmptyView;
use crate::domain::format::{self, Figures};
use crate::domain::model::{Dataset, Dim};
use crate::domain::per_resident::Bars;
use crate::domain::source::StatusBadge;
use crate::ui::lineage_panel::{LineageTarget, OpenLineage};
use crate::ui::nav::{UrlContext, focus_chart_heading};
use leptos::prelude::*;
use std::sync::Arc;

/// "of which £X estimate", in words, under an amount that includes estimates.
fn estimate_mark(estimated: Option<String>) -> Option<impl IntoView> {
    estimated.map(|e| view! { <span class="data-table__estimate" data-testid="table-estimate">{format!("incl. {e} estimate")}</span> })
}

/// A share as shown, with the words a screen reader should say when the text reads badly
/// ("<0.1%" is said "less than 0.1%").
fn share_cell(share: String, spoken: Option<String>) -> impl IntoView {
    match spoken {
        Some(spoken) => view! {
            <span aria-hidden="true">{share}</span>
            <span class="visually-hidden">{spoken}</span>
        }
        .into_any(),
        None => share.into_any(),
    }
}

/// The button that opens a row's sources in the drawer under the table.
fn sources_button(open: OpenLineage, target: LineageTarget) -> impl IntoView {
    // The accessible name starts with the visible word (WCAG 2.5.3, label in name).
    let label = format!("Sources: where {} comes from", target.label);
    view! {
        <button
            type="button"
            class="data-table__sources"
            aria-label=label
            data-testid="sources-button"
            on:click=move |_| open.set(Some(target.clone()))
        >
            "Sources"
        </button>
    }
}

/// The like-for-like reference under a Place view's total: the average across Places on their
/// own basis (`per_resident::place_average`), with the spending attributed to a Place.
fn average_row(figures: &Figures) -> Option<impl IntoView + use<>> {
    let average = figures.place_average.as_ref()?;
    Some(view! {
        <tr class="data-table__average" data-testid="table-average">
            <th scope="row">{average.label()}</th>
            // An average has no amount of its own: the Places' sum is the total row's business.
            <td class="data-table__number">"–"</td>
            <td class="data-table__number">"–"</td>
            <td class="data-table__number" data-testid="table-average-per-head">{average.average_text.clone()}</td>
            <td></td>
        </tr>
    })
}

/// The table under the chart.
#[component]
pub fn DataTable(
    /// The dataset, for its currency.
    dataset: Arc<Dataset>,
    /// The breakdown to tabulate.
    breakdown: Memo<Breakdown>,
    /// The view's displayed figures, shared with the headline and chart.
    figures: Memo<Figures>,
    /// The bars as drawn (`per_resident::bars`): the rows follow the chart's order.
    bars: Memo<Bars>,
    /// The link each row's label follows, by slice index (the chart's bar links).
    drill_links: Memo<Vec<Option<String>>>,
    /// The status badge, decided by whose file it is (`source::status_badge`): its words are
    /// repeated beside the figures, so a file from elsewhere never reads as "Official figures".
    badge: StatusBadge,
    /// Which row's sources are open (the drawer under the table).
    open: OpenLineage,
    /// Why the view has no figures, when it has none: a total the data lacks is never £0.
    empty: Memo<Option<EmptyView>>,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let caption = move || breakdown.with(|b| format!("Spending by {}", format::by_words(b.by)));
    let table = figures;
    let intro = move || {
        let name = format::currency_name(&dataset.metadata.currency);
        let unit = if table.with(|t| t.decimal_places) == 0 { format!("whole {name}") } else { name };
        format!("In {unit}. {}. {}", badge.label, table.with(|t| t.rounding_note.clone()))
    };
    // A view with no figures says why in its headline; "the total is not above zero" would imply £0.
    let no_shares = move || {
        if empty.with(Option::is_some) {
            return None;
        }
        table.with(|t| t.shares.as_ref().err().map(|why| why.sentence()))
    };
    let by_label = move || breakdown.with(|b| b.by.label());
    let per_head_heading = move || table.with(|t| t.per_head_heading);
    let body = move || {
        let query = context.query.get();
        breakdown.with(|b| {
            table.with(|t| {
                // Rows in the chart's order (largest first or A to Z).
                bars.with(|bars| drill_links.with(|links| bars.order
                    .iter()
                    .filter_map(|&i| Some((b.slices.get(i)?, t.rows.get(i)?, links.get(i).cloned().flatten())))
                    .map(|(slice, row, link)| {
                        let label = match link {
                            Some(link) => {
                                view! {
                                    <a href=link data-noscroll="" on:click=|_| focus_chart_heading()>
                                        <bdi>{slice.label.clone()}</bdi>
                                    </a>
                                }
                                .into_any()
                            }
                            None => view! { <bdi>{slice.label.clone()}</bdi> }.into_any(),
                        };
                        let target =
                            LineageTarget { query: query.clone(), slice: Some(slice.key), label: slice.label.clone() };
                        view! {
                            <tr data-testid="table-row">
                                <th scope="row">{label}</th>
                                <td class="data-table__number" data-testid="table-amount">
                                    {row.amount.clone()}
                                    {estimate_mark(row.estimated.clone())}
                                </td>
                                <td class="data-table__number">{share_cell(row.share.clone(), row.share_spoken.clone())}</td>
                                <td class="data-table__number">{row.per_head.clone()}</td>
                                <td>{sources_button(open, target)}</td>
                            </tr>
                        }
                    })
                    .collect_view()))
            })
        })
    };
    let footer = move || {
        let target = LineageTarget { query: context.query.get(), slice: None, label: "the total".to_owned() };
        let empty_words = empty.with(|e| e.as_ref().map(EmptyView::total_words));
        let not_in_data = empty_words.is_some();
        table.with(|t| {
            view! {
                <tr>
                    <th scope="row">"Total"</th>
                    <td class="data-table__number" data-testid="table-total">
                        {empty_words.map_or_else(|| t.total.amount.clone(), str::to_owned)}
                        {estimate_mark(t.total.estimated.clone())}
                    </td>
                    <td class="data-table__number">{t.total.share.clone()}</td>
                    <td class="data-table__number">
                        {if not_in_data { "–".to_owned() } else { t.total.per_head.clone() }}
                    </td>
                    <td>{sources_button(open, target)}</td>
                </tr>
                {(!not_in_data).then(|| average_row(t))}
            }
        })
    };
    let note = move || {
        breakdown.with(|b| {
            (b.by == Dim::Place).then_some(
                "Per-resident figures for each Place count only spending attributed to that Place; \
                 area-wide spending is in its own row.",
            )
        })
    };
    view! {
        <section class="data-table" aria-labelledby="data-table-heading">
            <h2 class="data-table__heading" id="data-table-heading">"The figures"</h2>
            <p class="data-table__intro">{intro}</p>
            <p class="data-table__scroll-hint" aria-hidden="true">"Scroll the table sideways for share and per-resident figures."</p>
            <div class="data-table__scroll" tabindex="0" role="region" aria-label="Spending table (scrolls sideways on small screens)">
                <table class="data-table__table" data-testid="data-table">
                    <caption>{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{by_label}</th>
                            <th scope="col" class="data-table__number">"Amount"</th>
                            <th scope="col" class="data-table__number">"Share"</th>
                            <th scope="col" class="data-table__number">{per_head_heading}</th>
                            <th scope="col"><span class="visually-hidden">"Where it comes from"</span></th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                    <tfoot>{footer}</tfoot>
                </table>
            </div>
            {move || no_shares().map(|why| view! { <p class="data-table__note" data-testid="no-shares">{why}</p> })}
            <p class="data-table__note">{note}</p>
        </section>
    }
}
