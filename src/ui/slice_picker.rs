//! Choosing what to show spending by (and, optionally, a second dimension for a two-way table).
//!
//! The second dimension is a `<select>` with a "Show" button: choosing with the arrow keys only
//! moves the choice, and the view (and a history entry) changes when the button is pressed, not
//! on every arrow key.

use crate::domain::format;
use crate::domain::model::{Dataset, Dim};
use crate::domain::query::MemberRef;
use crate::ui::nav::{UrlContext, href, use_go};
use leptos::html;
use leptos::prelude::*;
use std::sync::Arc;

/// Four links, one per dimension ("then by" is [`ThenByPicker`]).
#[component]
pub fn SlicePicker(
    /// The dataset shown: whether a chosen member has parts.
    dataset: Arc<Dataset>,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let query = context.query;
    let links = Dim::ALL
        .into_iter()
        .map(|dim| {
            let is_current = move || query.with(|q| q.by == dim);
            // A dimension that would be a chart of one bar is not offered, unless it is the one
            // shown: the data has one member of it this year (the published data's one Place),
            // or the view is narrowed to one member of it with no parts.
            let single = context.single;
            let dataset = dataset.clone();
            let one_member = move || {
                let members = dataset.dim(dim);
                let has_parts = |m: &MemberRef| match m {
                    MemberRef::Id(id) => members.find(id).is_some_and(|ix| members.children(ix).count() > 1),
                    MemberRef::Unattributed => false,
                };
                let one_bar = single.with(|s| s.get(dim.index()).copied().unwrap_or(false))
                    || query.with(|q| q.narrowed_to_one(dim, has_parts));
                one_bar && !is_current()
            };
            view! {
                <li hidden=one_member>
                    // The current choice's tick is CSS content with empty alternative text:
                    // seen, not read (`aria-current` already says it).
                    <a
                        class="slice-picker__option"
                        class:slice-picker__option--current=is_current
                        href=move || query.with(|q| href(&context, q.sliced_by(dim)))
                        aria-current=move || is_current().then_some("true")
                        data-noscroll=""
                        data-testid=format!("slice-by-{}", dim.key())
                    >
                        {format::dim_name(dim)}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="slice-picker" aria-label="Show spending by">
            <p class="slice-picker__label" id="slice-picker-label">"Show spending by"</p>
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
                view! { <option value=dim.key() selected=selected>{format::dim_name(dim)}</option> }
            })
            .collect_view()
    };
    let select_ref = NodeRef::<html::Select>::new();
    let on_show = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(select) = select_ref.get_untracked() else { return };
        let then = Dim::from_key(&select.value());
        let next = query.with_untracked(|q| q.then_by(then));
        // Pressing "Show" on the table already shown changes nothing and adds no history entry.
        if next != query.get_untracked() {
            go(next);
        }
    };
    view! {
            <form class="slice-picker__then" on:submit=on_show data-testid="then-by-form">
                <label for="then-by">"Then by, in a two-way table "</label>
                <select id="then-by" node_ref=select_ref data-testid="then-by">
                    <option value="" selected=move || query.with(|q| q.then.is_none())>"Nothing (no two-way table)"</option>
                    {options}
                </select>
                " "
                <button type="submit" class="slice-picker__show" data-testid="then-by-show">"Show"</button>
            </form>
    }
}
