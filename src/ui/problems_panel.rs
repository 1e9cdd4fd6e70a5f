//! The problems found in the data, each with its location, and what was left out because of them.

use crate::domain::format;
use crate::domain::model::Excluded;
use crate::domain::money::Currency;
use crate::domain::problem::{Problems, Severity};
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
    let n_warnings = problems.listed.iter().filter(|p| p.severity == Severity::Warning).count();
    let summary = format!(
        "This data has {} problem{} ({} error{}, {} warning{} listed)",
        format::count(problems.len() as u64),
        if problems.len() == 1 { "" } else { "s" },
        problems.n_errors,
        if problems.n_errors == 1 { "" } else { "s" },
        n_warnings,
        if n_warnings == 1 { "" } else { "s" },
    );
    let left_out = (excluded.n_facts > 0).then(|| {
        let unreadable = if excluded.n_unreadable_amounts > 0 {
            format!(", plus {} whose amounts could not be read", format::count(excluded.n_unreadable_amounts as u64))
        } else {
            String::new()
        };
        view! {
            <p class="problems__left-out" role="status" data-testid="left-out">
                {format!(
                    "{} spending rows could not be used and are not in any figure above: {} in readable amounts{unreadable}.",
                    format::count(excluded.n_facts as u64),
                    format::money_dp(excluded.readable_amount, &currency, 2),
                )}
            </p>
        }
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
