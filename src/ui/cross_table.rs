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
                // A figure that includes apportioned or estimated amounts is hatched and says
                // "estimate", as in the chart and the one-way table.
                let cell = |amount: rust_decimal::Decimal, estimated: bool| {
                    view! {
                        <td class="data-table__number" class:cross-table__cell--estimate=estimated>
                            {format::money_dp(amount, &currency, places)}
                            {estimated.then(|| view! { <span class="data-table__estimate">"incl. estimate"</span> })}
                        </td>
                    }
                };
                let rows = b
                    .slices
                    .iter()
                    .zip(&shown.cells)
                    .zip(&shown.row_totals)
                    .enumerate()
                    .map(|(r, ((slice, cells), row_total))| {
                        let flags = b.cells_estimated.get(r);
                        let cells = cells
                            .iter()
                            .enumerate()
                            .map(|(c, amount)| cell(*amount, flags.and_then(|f| f.get(c)).copied().unwrap_or(false)))
                            .collect_view();
                        view! {
                            <tr>
                                <th scope="row"><bdi>{slice.label.clone()}</bdi></th>
                                {cells}
                                {cell(*row_total, !slice.estimated.is_zero())}
                            </tr>
                        }
                    })
                    .collect_view();
                let footer = shown
                    .column_totals
                    .iter()
                    .zip(&b.columns)
                    .map(|(amount, column)| cell(*amount, !column.estimated.is_zero()))
                    .collect_view();
                let title = format!("Spending by {} and {}", format::by_words(b.by), format::by_words(then));
                let exact = shown.exact.then_some(" (exact figures: no rounding matches the one-way totals)");
                view! {
                    <table class="data-table__table cross-table__table" data-testid="cross-table" data-exact=shown.exact.to_string()>
                        <caption>{title}{exact}</caption>
                        <thead>
                            <tr>
                                // "Activity \ Agency" is read aloud as "Activity backslash
                                // Agency": the backslash is for the eye; the ear hears which
                                // way each dimension runs.
                                <th scope="col">
                                    <span aria-hidden="true">{b.by.label()} " \\ " {then.label()}</span>
                                    <span class="visually-hidden">
                                        {format!("{} down, {} across", b.by.label(), then.label().to_lowercase())}
                                    </span>
                                </th>
                                {headers}
                                <th scope="col" class="data-table__number">"Total"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                        <tfoot>
                            <tr>
                                <th scope="row">"Total"</th>
                                {footer}
                                {cell(shown.total, !b.estimated.is_zero())}
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
