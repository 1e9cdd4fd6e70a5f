//! The two-way table: rows by the first slice, columns by the second, with totals both ways
//! that add up as shown (see [`format::displayed_cross`]).

use crate::domain::aggregate::Breakdown;
use crate::domain::format;
use crate::domain::model::Dataset;
use leptos::prelude::*;
use std::sync::Arc;

/// A cross-tabulation whose rounded cells add up along rows and columns.
#[component]
pub fn CrossTable(
    /// The dataset, for currency and status.
    dataset: Arc<Dataset>,
    /// The breakdown with a second dimension.
    breakdown: Memo<Breakdown>,
) -> impl IntoView {
    let currency = dataset.metadata.currency.clone();
    let status = dataset.metadata.status;
    let intro = format!(
        "In {}. {}. Cells are rounded so that every row and column adds up; a column total can \
         differ from its exact value by a few units.",
        format::currency_name(&dataset.metadata.currency),
        status.label()
    );
    let table = move || {
        breakdown.with(|b| {
            let Some(then) = b.then else { return ().into_any() };
            let places = format::table_decimal_places(b, &currency);
            let shown = format::displayed_cross(b, places);
            let headers = b
                .columns
                .iter()
                .map(|c| view! { <th scope="col" class="data-table__number">{c.label.clone()}</th> })
                .collect_view();
            let rows = b
                .slices
                .iter()
                .zip(&shown.cells)
                .zip(&shown.row_totals)
                .map(|((slice, cells), row_total)| {
                    let cells = cells
                        .iter()
                        .map(|cell| view! { <td class="data-table__number">{format::money_dp(*cell, &currency, places)}</td> })
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row">{slice.label.clone()}</th>
                            {cells}
                            <td class="data-table__number">{format::money_dp(*row_total, &currency, places)}</td>
                        </tr>
                    }
                })
                .collect_view();
            let footer = shown
                .column_totals
                .iter()
                .map(|amount| view! { <td class="data-table__number">{format::money_dp(*amount, &currency, places)}</td> })
                .collect_view();
            let caption = format!("Spending by {} and {}", b.by.label().to_lowercase(), then.label().to_lowercase());
            view! {
                <table class="data-table__table cross-table__table" data-testid="cross-table">
                    <caption>{caption}</caption>
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
    };
    view! {
        <section class="cross-table" aria-labelledby="cross-table-heading">
            <h2 class="data-table__heading" id="cross-table-heading">"Two-way table"</h2>
            <p class="data-table__intro">{intro}</p>
            <div class="data-table__scroll" tabindex="0" role="region" aria-label="Two-way table (scrolls sideways)">{table}</div>
        </section>
    }
}
