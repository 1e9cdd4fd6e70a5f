//! The problems found in the data, each with its location, and what was left out because of them.

use crate::domain::format;
use crate::domain::model::Excluded;
use crate::domain::money::Currency;
use crate::domain::problem::Problems;
use leptos::prelude::*;

/// The list of problems (also used inside the error panel when nothing could be loaded).
#[component]
pub fn ProblemList(
    /// The problems to list.
    problems: Problems,
) -> impl IntoView {
    let more = (problems.n_not_listed > 0).then(|| {
        view! {
            <p class="problems__more">
                {format!("…and {} more problems of the same kinds, not listed.", format::count(problems.n_not_listed as u64))}
            </p>
        }
    });
    let items = problems
        .listed
        .into_iter()
        .map(|problem| {
            let severity = problem.severity;
            view! {
                <li class=format!("problems__item problems__item--{}", severity.as_str().to_lowercase()) data-testid="problem">
                    <strong class="problems__severity">{severity.as_str()}</strong>
                    " at "
                    <code class="problems__location">{problem.location.to_string()}</code>
                    ": "
                    <span class="problems__message">{problem.message}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="problems__list" data-testid="problem-list">{items}</ul>
        {more}
    }
}

/// A collapsible summary of problems under the explorer; absent when the data is clean.
#[component]
pub fn ProblemsPanel(
    /// The problems found while loading.
    problems: Problems,
    /// What was left out of the figures.
    excluded: Excluded,
    /// The dataset's currency, for the left-out amount.
    currency: Currency,
) -> impl IntoView {
    if problems.is_empty() {
        return ().into_any();
    }
    let plural = |n: usize, word: &str| format!("{} {word}{}", format::count(n as u64), if n == 1 { "" } else { "s" });
    let summary = format!(
        "This data has {} ({}, {})",
        plural(problems.len(), "problem"),
        plural(problems.n_errors, "error"),
        plural(problems.n_warnings, "warning"),
    );
    let left_out = format::left_out_sentence(&excluded, &currency).map(|sentence| {
        view! { <p class="problems__left-out" role="status" data-testid="left-out">{sentence}</p> }
    });
    let has_errors = problems.n_errors > 0;
    view! {
        <section class="problems" aria-labelledby="problems-heading" data-testid="problems-panel">
            {left_out}
            <details class="problems__details" open=has_errors>
                <summary id="problems-heading">{summary}</summary>
                <ProblemList problems=problems />
            </details>
        </section>
    }
    .into_any()
}
