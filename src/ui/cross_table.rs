//! The two-way table: rows by the first slice, columns by the second, with totals both ways.

use crate::domain::aggregate::Breakdown;
use crate::domain::format;
use crate::domain::model::Dataset;
use crate::domain::money;
use crate::ui::data_table::currency_name;
use leptos::prelude::*;
use std::sync::Arc;

/// A cross-tabulation; each row's cells are rounded so that they add up to the row's total.
#[component]
pub fn CrossTable(
    /// The dataset, for currency and status.
    dataset: Arc<Dataset>,
    /// The breakdown with a second dimension.
    breakdown: Memo<Breakdown>,
) -> impl IntoView {
    let currency = dataset.metadata.currency.clone();
    let status = dataset.metadata.status;
    let table = move || {
        breakdown.with(|b| {
            let Some(then) = b.then else { return ().into_any() };
            let (row_totals, total) = format::displayed_amounts(b);
            let headers = b
                .columns
                .iter()
                .map(|c| view! { <th scope="col" class="data-table__number">{c.label.clone()}</th> })
                .collect_view();
            let rows = b
                .slices
                .iter()
                .zip(&b.cells)
                .zip(&row_totals)
                .map(|((slice, cells), row_total)| {
                    let rounded = money::round_parts(cells, 0);
                    let cells = rounded
                        .iter()
                        .map(|cell| view! { <td class="data-table__number">{format::money(*cell, &currency)}</td> })
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row">{slice.label.clone()}</th>
                            {cells}
                            <td class="data-table__number">{format::money(*row_total, &currency)}</td>
                        </tr>
                    }
                })
                .collect_view();
            let column_totals: Vec<_> = b.columns.iter().map(|c| c.amount).collect();
            let footer = money::round_parts(&column_totals, 0)
                .into_iter()
                .map(|amount| view! { <td class="data-table__number">{format::money(amount, &currency)}</td> })
                .collect_view();
            let caption = format!(
                "Spending by {} and {}, in whole {}. {}. Rounded cells can differ from the totals by a unit.",
                b.by.label().to_lowercase(),
                then.label().to_lowercase(),
                currency_name(&dataset),
                status.label()
            );
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
                            <td class="data-table__number">{format::money(total, &currency)}</td>
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
            <div class="data-table__scroll" tabindex="0" role="region" aria-label="Two-way table (scrolls sideways)">{table}</div>
        </section>
    }
}
