//! The data table equivalent of the chart: amount, share and per-resident figure per slice.
//!
//! Amounts are rounded to whole units by the largest-remainder method, so the rows add up to
//! the total shown in the footer; shares add up to 100.0%.

use crate::domain::aggregate::Breakdown;
use crate::domain::format;
use crate::domain::model::{Dataset, Dim};
use crate::ui::nav::{UrlContext, href};
use leptos::prelude::*;
use std::sync::Arc;

/// The table under the chart.
#[component]
pub fn DataTable(
    /// The dataset, for currency and status.
    dataset: Arc<Dataset>,
    /// The breakdown to tabulate.
    breakdown: Memo<Breakdown>,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let currency = dataset.metadata.currency.clone();
    let status = dataset.metadata.status;
    let caption = move || breakdown.with(|b| format!("Spending by {}", b.by.label().to_lowercase()));
    let intro = {
        let currency = currency.clone();
        move || {
            let unit = match breakdown.with(|b| format::table_decimal_places(b, &currency)) {
                0 => format!("whole {}", currency_name(&dataset)),
                _ => currency_name(&dataset),
            };
            format!("In {unit}. {}.", status.label())
        }
    };
    let by_label = move || breakdown.with(|b| b.by.label());
    let body = {
        let currency = currency.clone();
        move || {
            let query = context.query.get();
            breakdown.with(|b| {
                let places = format::table_decimal_places(b, &currency);
                let (amounts, _) = format::displayed_amounts(b, places);
                let shares = format::displayed_shares(b);
                b.slices
                    .iter()
                    .enumerate()
                    .map(|(i, slice)| {
                        let label = match &slice.drill {
                            Some(member) => {
                                let link = href(&context, query.drill(b.by, member.clone()));
                                view! { <a href=link data-noscroll="">{slice.label.clone()}</a> }.into_any()
                            }
                            None => view! { <span>{slice.label.clone()}</span> }.into_any(),
                        };
                        let share = shares.as_ref().map_or_else(|| "–".to_owned(), |s| format::percent(s[i]));
                        let each = format::per_resident(slice.amount, slice.residents, &currency).unwrap_or_else(|| "–".to_owned());
                        view! {
                            <tr data-testid="table-row">
                                <th scope="row">{label}</th>
                                <td class="data-table__number" data-testid="table-amount">{format::money_dp(amounts[i], &currency, places)}</td>
                                <td class="data-table__number">{share}</td>
                                <td class="data-table__number">{each}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        }
    };
    let footer = move || {
        breakdown.with(|b| {
            let places = format::table_decimal_places(b, &currency);
            let (_, total) = format::displayed_amounts(b, places);
            let share = if format::displayed_shares(b).is_some() { "100.0%" } else { "–" };
            let each = format::per_resident(b.total, b.residents, &currency).unwrap_or_else(|| "–".to_owned());
            view! {
                <tr>
                    <th scope="row">"Total"</th>
                    <td class="data-table__number" data-testid="table-total">{format::money_dp(total, &currency, places)}</td>
                    <td class="data-table__number">{share}</td>
                    <td class="data-table__number">{each}</td>
                </tr>
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
                            <th scope="col" class="data-table__number">"Per resident"</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                    <tfoot>{footer}</tfoot>
                </table>
            </div>
            <p class="data-table__note">{note}</p>
        </section>
    }
}

/// "pounds" for GBP, otherwise the currency code.
pub fn currency_name(dataset: &Dataset) -> String {
    match dataset.metadata.currency.code.as_str() {
        "GBP" => "pounds".to_owned(),
        "EUR" => "euros".to_owned(),
        "USD" => "dollars".to_owned(),
        "XXX" => "currency units".to_owned(),
        code => code.to_owned(),
    }
}
