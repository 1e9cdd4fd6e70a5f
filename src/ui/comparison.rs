//! The shown year beside the year compared with: per slice, both amounts, the change in money and
//! in per cent (nominal, and the page says so).

use crate::domain::aggregate::Breakdown;
use crate::domain::aggregate::{aggregate, compare_period_of};
use crate::domain::coverage::{EmptyView, comparability_note, empty_view};
use crate::domain::format::money_dp;
use crate::domain::model::Dataset;
use crate::domain::money::Currency;
use crate::domain::trend::{change_text, compare, comparison_sentence, mark_not_in_data, percent_text};
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
    /// The shown year's label.
    period_label: Memo<String>,
    /// Why the shown year's view has no figures, when it has none.
    empty: Memo<Option<EmptyView>>,
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
                    let (shown, (mut rows, places)) =
                        breakdown.with(|now| (now.period, compare(now, &then, &dataset.metadata.currency)));
                    mark_not_in_data(&mut rows, &dataset, q.by, shown, before);
                    let caveat = comparability_note(&dataset, q, shown, before);
                    // A year whose every body the data lacks is not compared at all: its side
                    // would read £0 and the change −100%. (The shown year's is the page's own.)
                    let not_in_data = |empty: Option<EmptyView>, label: &str| match empty {
                        Some(empty @ EmptyView::NotInData(_)) => Some(empty.sentence(label)),
                        _ => None,
                    };
                    let missing = not_in_data(empty_view(&dataset, &before_query, &then), &before_label)
                        .or_else(|| not_in_data(empty.get(), &period_label.get()));
                    (before_label, rows, places, caveat, missing)
                })
            })
        })
    };
    move || {
        let currency = currency.clone();
        compared.get().map(|(before_label, rows, places, caveat, missing)| {
            if let Some(missing) = missing {
                return view! {
                    <section class="comparison" aria-labelledby="comparison-heading" data-testid="comparison">
                        <h2 id="comparison-heading">"Compared with " <bdi>{before_label}</bdi></h2>
                        <p data-testid="comparison-sentence">{format!("No comparison: {missing}")}</p>
                    </section>
                }
                .into_any();
            }
            let sentence = comparison_sentence(&rows, &before_label, &currency, places);
            // "not in this data" when the file lacks the body that year; "nothing recorded" when
            // it is covered and spent nothing on this; the amount, marked if it has estimates.
            let amount = |value: Option<rust_decimal::Decimal>, not_in_data: bool, estimated: bool| match value {
                _ if not_in_data => view! { <span class="comparison__missing">"not in this data"</span> }.into_any(),
                None => view! { "nothing recorded" }.into_any(),
                Some(v) => view! {
                    {money_dp(v, &currency, places)}
                    {estimated.then(|| view! { <span class="data-table__estimate">"incl. estimate"</span> })}
                }
                .into_any(),
            };
            let n = rows.len();
            let body = rows
                .into_iter()
                .enumerate()
                .map(|(i, row)| {
                    let cells = view! {
                        <td class="data-table__number">{amount(row.before, row.before_not_in_data, row.before_estimated)}</td>
                        <td class="data-table__number">{amount(row.after, row.after_not_in_data, row.after_estimated)}</td>
                        <td class="data-table__number">
                            {row.change.map_or_else(|| "–".to_owned(), |c| change_text(c, &currency, places))}
                        </td>
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
                    {caveat.map(|c| view! { <p class="comparison__caveat" data-testid="comparison-caveat">{c}</p> })}
                    <div class="data-table__scroll" tabindex="0" role="region" aria-label="Comparison table (scrolls sideways on small screens)">
                        <table class="data-table__table" data-testid="comparison-table">
                            <caption>"Each year rounded the same way; changes are the differences of the figures shown"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Part of spending"</th>
                                    <th scope="col" class="data-table__number"><bdi>{before_label}</bdi></th>
                                    <th scope="col" class="data-table__number"><bdi>{period_label.get()}</bdi></th>
                                    <th scope="col" class="data-table__number">"Change"</th>
                                    <th scope="col" class="data-table__number">"Change %"</th>
                                </tr>
                            </thead>
                            <tbody>{body}</tbody>
                        </table>
                    </div>
                </section>
            }
            .into_any()
        })
    }
}
