//! Choosing the year shown and, optionally, a year to compare it with. Both are links, so each
//! choice is a URL (shareable, Back works) and nothing navigates until a year is chosen.

use crate::domain::aggregate::{compare_period_of, period_of};
use crate::domain::model::Dataset;
use crate::ui::nav::{UrlContext, href};
use leptos::prelude::*;
use std::sync::Arc;

/// One link per period, and a disclosure with the years to compare with. Nothing for a
/// one-period file.
#[component]
pub fn YearPicker(
    /// The dataset, for its periods.
    dataset: Arc<Dataset>,
) -> impl IntoView {
    if dataset.periods.len() < 2 {
        return ().into_any();
    }
    let context = expect_context::<UrlContext>();
    let query = context.query;
    let shown = {
        let dataset = dataset.clone();
        Memo::new(move |_| query.with(|q| period_of(&dataset, q)))
    };
    let compared = {
        let dataset = dataset.clone();
        Memo::new(move |_| query.with(|q| compare_period_of(&dataset, q)))
    };
    let years = dataset
        .periods
        .iter()
        .enumerate()
        .map(|(ix, period)| {
            let ix = ix as u16;
            let id = period.id.clone();
            let is_current = move || shown.get() == ix;
            let target = Some(id.clone());
            view! {
                <li>
                    <a
                        class="year-picker__option"
                        class:year-picker__option--current=is_current
                        href=move || query.with(|q| href(&context, q.in_period(target.clone())))
                        aria-current=move || is_current().then_some("true")
                        data-noscroll=""
                        data-testid=format!("year-{id}")
                    >
                        <bdi>{period.label.clone()}</bdi>
                    </a>
                </li>
            }
        })
        .collect_view();
    let compare_options = {
        let dataset = dataset.clone();
        move || {
            let current = shown.get();
            let none_current = compared.get().is_none();
            let none = view! {
                <li>
                    <a
                        class="year-picker__compare"
                        href=move || query.with(|q| href(&context, q.compared_with(None)))
                        aria-current=none_current.then_some("true")
                        data-noscroll=""
                        data-testid="compare-none"
                    >
                        "No comparison"
                    </a>
                </li>
            };
            let others = dataset
                .periods
                .iter()
                .enumerate()
                .filter(|(ix, _)| *ix as u16 != current)
                .map(|(ix, period)| {
                    let id = period.id.clone();
                    let chosen = compared.get() == Some(ix as u16);
                    let target = Some(id.clone());
                    view! {
                        <li>
                            <a
                                class="year-picker__compare"
                                href=move || query.with(|q| href(&context, q.compared_with(target.clone())))
                                aria-current=chosen.then_some("true")
                                data-noscroll=""
                                data-testid=format!("compare-{id}")
                            >
                                <bdi>{period.label.clone()}</bdi>
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! { {none} {others} }
        }
    };
    view! {
        <nav class="year-picker" aria-label="Year">
            <p class="year-picker__label" id="year-picker-label">"Year"</p>
            <ul class="year-picker__options" aria-labelledby="year-picker-label">{years}</ul>
            <details class="year-picker__details" open=move || compared.get().is_some()>
                <summary data-testid="compare-toggle">"Compare with…"<span class="visually-hidden">" another year"</span></summary>
                <ul class="year-picker__compare-options">{compare_options}</ul>
            </details>
        </nav>
    }
    .into_any()
}
