//! The two-way table: rows by the first slice, columns by the second. Its row, column and grand
//! totals are the one-way views' figures and its cells add up to them (controlled rounding, see
//! [`format::DisplayedCross`]); when no such rounding exists it is shown exactly, and its
//! caption says so. In presenter mode a table with more columns than rows is drawn the other
//! way round (the same cells), so its fewer columns fit a projector's width in larger type.

use crate::domain::aggregate::Breakdown;
use crate::domain::format::{self, Figures};
use crate::domain::model::Dataset;
use crate::domain::source::StatusBadge;
use crate::ui::nav::UrlContext;
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
    let presenting = use_context::<UrlContext>().map(|context| context.data);
    let table = move || {
        let presenting = presenting.is_some_and(|data| data.with(|d| d.present.is_on()));
        breakdown.with(|b| {
            figures.with(|f| {
                let (Some(then), Some(shown)) = (b.then, f.cross.as_ref()) else { return ().into_any() };
                let places = shown.decimal_places;
                // Down and across as drawn: the breakdown's rows and columns, or, turned round
                // for a projector, its columns down and its rows across.
                let transposed = presenting && b.columns.len() > b.slices.len();
                let (down, across, down_dim, across_dim, down_totals, across_totals) = if transposed {
                    (&b.columns, &b.slices, then, b.by, &shown.column_totals, &shown.row_totals)
                } else {
                    (&b.slices, &b.columns, b.by, then, &shown.row_totals, &shown.column_totals)
                };
                let at = |r: usize, c: usize| if transposed { (c, r) } else { (r, c) };
                let amount = |r: usize, c: usize| {
                    let (row, column) = at(r, c);
                    shown.cells.get(row).and_then(|cells| cells.get(column)).copied().unwrap_or_default()
                };
                let estimated = |r: usize, c: usize| {
                    let (row, column) = at(r, c);
                    b.cells_estimated.get(row).and_then(|flags| flags.get(column)).copied().unwrap_or(false)
                };
                let headers = across
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
                let rows = down
                    .iter()
                    .zip(down_totals)
                    .enumerate()
                    .map(|(r, (slice, row_total))| {
                        let cells = (0..across.len()).map(|c| cell(amount(r, c), estimated(r, c))).collect_view();
                        view! {
                            <tr>
                                <th scope="row"><bdi>{slice.label.clone()}</bdi></th>
                                {cells}
                                {cell(*row_total, !slice.estimated.is_zero())}
                            </tr>
                        }
                    })
                    .collect_view();
                let footer = across_totals
                    .iter()
                    .zip(across)
                    .map(|(amount, column)| cell(*amount, !column.estimated.is_zero()))
                    .collect_view();
                let title = format!("Spending by {} and {}", format::by_words(b.by), format::by_words(then));
                let exact = shown.exact.then_some(" (exact figures: no rounding matches the one-way totals)");
                // Its columns (labels, one per member, total) as a CSS property: presenter mode
                // sizes the table's type by it so every column fits the screen's width
                // (style/present.css). Set through the style object, which the CSP allows.
                let n_columns = (across.len() + 2).to_string();
                view! {
                    <table
                        class="data-table__table cross-table__table"
                        data-testid="cross-table"
                        data-exact=shown.exact.to_string()
                        data-transposed=transposed.to_string()
                        style=("--cross-columns", n_columns)
                    >
                        <caption>{title}{exact}</caption>
                        <thead>
                            <tr>
                                // "Activity \ Agency" is read aloud as "Activity backslash
                                // Agency": the backslash is for the eye; the ear hears which
                                // way each dimension runs.
                                <th scope="col">
                                    <span aria-hidden="true">{down_dim.label()} " \\ " {across_dim.label()}</span>
                                    <span class="visually-hidden">
                                        {format!("{} down, {} across", down_dim.label(), across_dim.label().to_lowercase())}
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
