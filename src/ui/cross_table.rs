//! The two-way table: rows by the first slice, columns by the second. Its row, column and grand
//! totals are the one-way views' figures and its cells add up to them (controlled rounding, see
//! [`format::DisplayedCross`]); when no such rounding exists it is shown exactly, and its
//! caption says so.

use crate::domain::aggregate::Breakdown;
use crate::domain::format::{self, Figures};
use crate::domain::model::Dataset;
use crate::domain::source::StatusBadge;
use leptos::prelude::*;
use std::sync::Arc;

/// A cross-tabulation whose cells add up along rows and columns to the one-way figures.
#[component]
pub fn CrossTable(
    /// The dataset, for its currency.
    dataset: Arc<Dataset>,
    /// The breakdown with a second dimension.
    breakdown: Memo<Breakdown>,
    /// The view's displayed figures, which hold the two-way table.
    figures: Memo<Figures>,
    /// The status badge, decided by whose file it is (`source::status_badge`): its words are
    /// repeated beside the figures, so a file from elsewhere never reads as "Official figures".
    badge: StatusBadge,
) -> impl IntoView {
    let currency = dataset.metadata.currency.clone();
    let intro = format!("In {}. {}.", format::currency_name(&dataset.metadata.currency), badge.label);
    // The note sits above the scrolling table, where it can be read without scrolling sideways.
    let note = {
        let currency = currency.clone();
        move || {
            breakdown.with(|b| {
                figures.with(|f| f.cross.as_ref().map(|c| format::cross_note(c, b, &currency, f.decimal_places)))
            })
        }
    };
    let table = move || {
        breakdown.with(|b| {
            figures.with(|f| {
                let (Some(then), Some(shown)) = (b.then, f.cross.as_ref()) else { return ().into_any() };
                let places = shown.decimal_places;
                let headers = b
                    .columns
                    .iter()
                    .map(|c| view! { <th scope="col" class="data-table__number"><bdi>{c.label.clone()}</bdi></th> })
                    .collect_view();
                let rows = b
                    .slices
                    .iter()
                    .zip(&shown.cells)
                    .zip(&shown.row_totals)
                    .map(|((slice, cells), row_total)| {
                        let cells = cells
                            .iter()
                            .map(|cell| {
                                view! { <td class="data-table__number">{format::money_dp(*cell, &currency, places)}</td> }
                            })
                            .collect_view();
                        view! {
                            <tr>
                                <th scope="row"><bdi>{slice.label.clone()}</bdi></th>
                                {cells}
                                <td class="data-table__number">{format::money_dp(*row_total, &currency, places)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let footer = shown
                    .column_totals
                    .iter()
                    .map(|amount| {
                        view! { <td class="data-table__number">{format::money_dp(*amount, &currency, places)}</td> }
                    })
                    .collect_view();
                let title = format!("Spending by {} and {}", b.by.label().to_lowercase(), then.label().to_lowercase());
                let exact = shown.exact.then_some(" (exact figures: no rounding matches the one-way totals)");
                view! {
                    <table class="data-table__table cross-table__table" data-testid="cross-table" data-exact=shown.exact.to_string()>
                        <caption>{title}{exact}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{format!("{} \\ {}", b.by.label(), then.label())}</th>
                                {headers}
                                <th scope="col" class="data-table__number">"Total"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                        <tfoot>
                            <tr>
                                <th scope="row">"Total"</th>
                                {footer}
                                <td class="data-table__number">{format::money_dp(shown.total, &currency, places)}</td>
                            </tr>
                        </tfoot>
                    </table>
                }
                .into_any()
            })
        })
    };
    view! {
        <section class="cross-table" aria-labelledby="cross-table-heading">
            <h2 class="data-table__heading" id="cross-table-heading">"Two-way table"</h2>
            <p class="data-table__intro">{intro} " " <span data-testid="cross-note">{note}</span></p>
            <div class="data-table__scroll" tabindex="0" role="region" aria-label="Two-way table (scrolls sideways)">{table}</div>
        </section>
    }
}
