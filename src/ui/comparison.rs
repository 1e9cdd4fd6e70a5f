//! The shown year beside the year compared with: per slice, both amounts, the change in money and
//! in per cent (nominal, and the page says so).

use crate::domain::aggregate::Breakdown;
use crate::domain::aggregate::{aggregate, compare_period_of};
use crate::domain::format::money_dp;
use crate::domain::model::Dataset;
use crate::domain::money::Currency;
use crate::domain::trend::{change_text, compare, comparison_sentence, percent_text};
use crate::ui::nav::UrlContext;
use leptos::prelude::*;
use std::sync::Arc;

/// The comparison table, when the URL asks for one (`compare=`).
#[component]
pub fn Comparison(
    /// The dataset.
    dataset: Arc<Dataset>,
    /// The shown year's breakdown.
    breakdown: Memo<Breakdown>,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let query = context.query;
    let currency: Currency = dataset.metadata.currency.clone();
    let compared = {
        let dataset = dataset.clone();
        Memo::new(move |_| {
            query.with(|q| {
                compare_period_of(&dataset, q).map(|before| {
                    let before_label = dataset.period_label(before).to_owned();
                    let before_query = q.in_period(dataset.periods.get(before as usize).map(|p| p.id.clone()));
                    let then = aggregate(&dataset, &before_query);
                    let (rows, places) = breakdown.with(|now| compare(now, &then, &dataset.metadata.currency));
                    (before_label, rows, places)
                })
            })
        })
    };
    let shown_label = {
        let dataset = dataset.clone();
        move || breakdown.with(|b| dataset.period_label(b.period).to_owned())
    };
    move || {
        let currency = currency.clone();
        let shown_label = shown_label.clone();
        compared.get().map(|(before_label, rows, places)| {
            let sentence = comparison_sentence(&rows, &before_label, &currency, places);
            let amount = |value: Option<rust_decimal::Decimal>| {
                value.map_or_else(|| "nothing recorded".to_owned(), |v| money_dp(v, &currency, places))
            };
            let n = rows.len();
            let body = rows
                .into_iter()
                .enumerate()
                .map(|(i, row)| {
                    let cells = view! {
                        <td class="data-table__number">{amount(row.before)}</td>
                        <td class="data-table__number">{amount(row.after)}</td>
                        <td class="data-table__number">{change_text(row.change, &currency, places)}</td>
                        <td class="data-table__number">{percent_text(row.percent)}</td>
                    };
                    if i + 1 == n {
                        view! { <tr class="comparison__total"><th scope="row">"Total"</th>{cells}</tr> }.into_any()
                    } else {
                        view! { <tr><th scope="row"><bdi>{row.label}</bdi></th>{cells}</tr> }.into_any()
                    }
                })
                .collect_view();
            view! {
                <section class="comparison" aria-labelledby="comparison-heading" data-testid="comparison">
                    <h2 id="comparison-heading">"Compared with " <bdi>{before_label.clone()}</bdi></h2>
                    <p data-testid="comparison-sentence">{sentence}</p>
                    <div class="data-table__scroll" tabindex="0" role="region" aria-label="Comparison table (scrolls sideways on small screens)">
                        <table class="data-table__table" data-testid="comparison-table">
                            <caption>"Each year rounded the same way; changes are the differences of the figures shown"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Slice"</th>
                                    <th scope="col" class="data-table__number"><bdi>{before_label}</bdi></th>
                                    <th scope="col" class="data-table__number"><bdi>{shown_label()}</bdi></th>
                                    <th scope="col" class="data-table__number">"Change"</th>
                                    <th scope="col" class="data-table__number">"Change %"</th>
                                </tr>
                            </thead>
                            <tbody>{body}</tbody>
                        </table>
                    </div>
                </section>
            }
        })
    }
}
