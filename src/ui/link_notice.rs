//! The notice above the headline when part of the link is not in this data: which part, what
//! the figures are for instead, and links to the nearest ids.

use crate::domain::format;
use crate::domain::link_check::{LinkCheck, Unmatched};
use crate::ui::nav::UrlContext;
use leptos::prelude::*;

/// What the link asked for that this file lacks, one item per part; absent when all matched.
/// Every value from the link and every label is direction-isolated (`<bdi>`), and rendered as
/// text.
#[component]
pub fn LinkNotice(
    /// What the figures shown cover, from `format::selection_phrase` (built once by the explorer).
    phrase: Memo<String>,
    /// The unmatched parts of the current link, from `link_check::check`.
    unmatched: Memo<LinkCheck>,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let shown = move || context.query.with(|q| format!("{}, by {}", phrase.get(), format::by_words(q.by)));
    let items =
        move || unmatched.get().listed.into_iter().map(|part| view! { <NoticeItem part=part /> }).collect_view();
    let more = move || {
        unmatched.with(|u| match u.n_not_listed {
            0 => None,
            1 => Some("…and 1 more part of the link that is not in this data either.".to_owned()),
            n => Some(format!(
                "…and {} more parts of the link that are not in this data either.",
                format::count(n as u64)
            )),
        })
    };
    move || {
        (!unmatched.with(LinkCheck::is_clean)).then(|| {
            view! {
                <div class="link-notice" role="alert" data-testid="link-notice">
                    <h2 class="link-notice__heading">"Part of this link is not in this data"</h2>
                    <ul class="link-notice__list">{items}</ul>
                    {move || more().map(|text| view! { <p class="link-notice__more">{text}</p> })}
                    <p class="link-notice__shown" data-testid="link-notice-shown">
                        "The figures below leave that out. They are for: "
                        <bdi>{shown}</bdi>
                        "."
                    </p>
                </div>
            }
        })
    }
}

/// One unmatched part: what it was, the nearest ids as links, and the link without it.
#[component]
fn NoticeItem(
    /// The part of the link, with its suggestions.
    part: Unmatched,
) -> impl IntoView {
    let (given, problem) = (part.given(), part.problem());
    let suggestions = (!part.suggestions.is_empty()).then(|| {
        let links = part
            .suggestions
            .into_iter()
            .map(|s| {
                view! {
                    <li>
                        <a href=s.href data-noscroll="" data-testid="link-suggestion">
                            <bdi>{s.label}</bdi> " (" <bdi>{s.id}</bdi> ")"
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! {
            " Did you mean:"
            <ul class="link-notice__suggestions">{links}</ul>
        }
    });
    view! {
        <li class="link-notice__item" data-testid="link-notice-item">
            <code><bdi>{given}</bdi></code>
            {problem}
            {suggestions}
            <a class="link-notice__without" href=part.without data-noscroll="" data-testid="link-without">
                "Remove it from the link"
            </a>
        </li>
    }
}
