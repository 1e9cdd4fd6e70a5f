//! Bodies missing from the view, named: "not in this data" (with the file's note) and "nothing
//! recorded for this selection", bodies only partly included, and who funded whom.

use crate::domain::aggregate::Breakdown;
use crate::domain::coverage::{AgencyGap, agency_notes, funded_by};
use crate::domain::format::money_dp;
use crate::domain::model::Dataset;
use crate::ui::nav::UrlContext;
use leptos::prelude::*;
use std::sync::Arc;

/// The notes under the chart; nothing when every body has figures.
#[component]
pub fn CoverageNotes(
    /// The dataset.
    dataset: Arc<Dataset>,
    /// The view's breakdown.
    breakdown: Memo<Breakdown>,
    /// The shown year's label.
    period_label: Memo<String>,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let query = context.query;
    let notes = {
        let dataset = dataset.clone();
        Memo::new(move |_| query.with(|q| breakdown.with(|b| agency_notes(&dataset, q, b))))
    };
    let funding = {
        let dataset = dataset.clone();
        Memo::new(move |_| query.with(|q| funded_by(&dataset, q)))
    };
    let currency = dataset.metadata.currency.clone();
    move || {
        let notes = notes.get();
        let funding = funding.get();
        if notes.is_empty() && funding.is_empty() {
            return ().into_any();
        }
        let items = notes
            .into_iter()
            .map(|n| {
                let (class, words) = match n.gap {
                    AgencyGap::NotInData => {
                        ("coverage__item--missing", format!(": not in this data for {}", period_label.get()))
                    }
                    AgencyGap::Partial => ("coverage__item--partial", ": only partly in this data".to_owned()),
                    AgencyGap::NothingRecorded => {
                        ("coverage__item--none", ": nothing recorded for this selection".to_owned())
                    }
                };
                let note = n.note.map(|note| view! { " (" {note} ")" });
                view! { <li class=class data-testid="coverage-item"><bdi>{n.label}</bdi>{words}{note}</li> }
            })
            .collect_view();
        let currency = currency.clone();
        let funded = (!funding.is_empty()).then(|| {
            let list = funding
                .into_iter()
                .map(|f| {
                    view! {
                        <li data-testid="funded-by-item">
                            <bdi>{f.from}</bdi> " gave " <bdi>{f.to}</bdi> " " {money_dp(f.amount, &currency, currency.minor_unit_digits)}
                            {f.note.map(|n| view! { " (" <bdi>{n}</bdi> ")" })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <h3 class="coverage__heading">"Who funded what"</h3>
                <p class="coverage__intro">"Money one body gave another is counted once, at the body that spends it; these transfers are already inside the figures above."</p>
                <ul data-testid="funded-by">{list}</ul>
            }
        });
        view! {
            <section class="coverage" aria-labelledby="coverage-heading" data-testid="coverage">
                <h2 class="coverage__heading" id="coverage-heading">"Bodies with no figure here, or only part of one"</h2>
                <ul class="coverage__list">{items}</ul>
                {funded}
            </section>
        }
        .into_any()
    }
}
