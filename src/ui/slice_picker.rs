//! Choosing what to slice by (and, optionally, a second dimension for a two-way table).

use crate::domain::model::Dim;
use crate::ui::nav::{UrlContext, href, use_go};
use leptos::prelude::*;

/// Four links, one per dimension ("then by" is [`ThenByPicker`]).
#[component]
pub fn SlicePicker() -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let query = context.query;
    let links = Dim::ALL
        .into_iter()
        .map(|dim| {
            let is_current = move || query.with(|q| q.by == dim);
            view! {
                <li>
                    <a
                        class="slice-picker__option"
                        class:slice-picker__option--current=is_current
                        href=move || query.with(|q| href(&context, q.sliced_by(dim)))
                        aria-current=move || is_current().then_some("true")
                        data-noscroll=""
                        data-testid=format!("slice-by-{}", dim.key())
                    >
                        {dim.label()}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="slice-picker" aria-label="Slice spending by">
            <p class="slice-picker__label" id="slice-picker-label">"Slice by"</p>
            <ul class="slice-picker__options" aria-labelledby="slice-picker-label">{links}</ul>
        </nav>
    }
}

/// The "then by" select for the two-way table. Apart from [`SlicePicker`] so the page can put it
/// with the other less used choices (in "More filters").
#[component]
pub fn ThenByPicker() -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let query = context.query;
    let go = use_go();
    let options = move || {
        let by = query.with(|q| q.by);
        Dim::ALL
            .into_iter()
            .filter(|d| *d != by)
            .map(|dim| {
                let selected = query.with(|q| q.then == Some(dim));
                view! { <option value=dim.key() selected=selected>{dim.label()}</option> }
            })
            .collect_view()
    };
    let on_then = move |ev: leptos::ev::Event| {
        let then = Dim::from_key(&event_target_value(&ev));
        go(query.with_untracked(|q| q.then_by(then)));
    };
    view! {
        <label class="slice-picker__then">
            "Then by (two-way table) "
            <select on:change=on_then data-testid="then-by">
                <option value="" selected=move || query.with(|q| q.then.is_none())>"Nothing"</option>
                {options}
            </select>
        </label>
    }
}
