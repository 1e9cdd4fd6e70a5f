//! Presenter mode (`?present=1`, issue 10) in the page: the `<html>` classes its large-type
//! styles key on (style/present.css), the toggle on the full page, the presenter bar (leave, the
//! table or the chart, the keys in one line) and the one step up, and the presenter region,
//! whose own keydown listener turns keys into moves.
//!
//! Every control is a link, so presenting, the table toggle and each step are history entries:
//! Back undoes them. Single-key shortcuts work only while focus is inside the presenter region
//! and never in a form field or with Ctrl, Alt or Meta (WCAG 2.1.4); which key does what is
//! decided by `domain::presenter::key_action`.

use crate::domain::model::Dataset;
use crate::domain::presenter::{self, KeyAction, KeyPress, Notice, Present};
use crate::domain::url::{self, DataParams};
use crate::ui::nav::{UrlContext, focus_chart_heading, href, use_go};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// The region's accessible name, said by screen readers as focus enters it.
const REGION_NAME: &str = "Presenter view";

/// What the arrow keys move between: the bars, or the table's row links in their place.
const BAR_LINKS: &str = ".bar-chart__rows a.bar-chart__link";
const TABLE_LINKS: &str = ".data-table__table tbody th a";

/// Where keys type rather than command.
const FORM_FIELDS: &str = "input, select, textarea, [contenteditable]:not([contenteditable=false])";

/// Marks the document as presenting (`<html class="presenting">`, plus `presenting--table` with
/// the table shown instead of the chart), for style/present.css. An effect: it only writes to
/// the page outside the app.
pub fn mark_document(present: Memo<Present>) {
    Effect::new(move |_| {
        let present = present.get();
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let classes = root.class_list();
            let _ = classes.toggle_with_force("presenting", present.is_on());
            let _ = classes.toggle_with_force("presenting--table", present == Present::Table);
        }
    });
}

/// The same view in another presenter mode, as a link.
fn link_in(context: &UrlContext, present: Present) -> String {
    url::link(&DataParams { present, ..context.data.get() }, context.query.get())
}

/// "Presenter view", on the full page only (not embedded, not while presenting): the same view
/// in large type for a projector. Following it moves focus into the presenter view, so the
/// keys work at once.
#[component]
pub fn PresenterToggle() -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let shown = move || context.data.with(|d| !d.embed && !d.present.is_on());
    move || {
        shown().then(|| {
            view! {
                <p class="presenter-toggle">
                    <a
                        class="presenter-toggle__link"
                        href=move || link_in(&context, Present::Chart)
                        data-noscroll=""
                        data-testid="presenter-toggle"
                        on:click=|_| focus_chart_heading()
                    >
                        "Presenter view"
                    </a>
                    <span class="presenter-toggle__hint">"(large type, for a projector)"</span>
                </p>
            }
        })
    }
}

/// While presenting: the bar across the top (leave, the table or the chart, the keys), the
/// step up (Backspace's) and the line saying what the projector leaves out or puts below
/// (`presenter::notice`), above the headline.
#[component]
pub fn PresenterBar(
    /// The dataset, for the step up's words.
    dataset: Arc<Dataset>,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let present = Memo::new(move |_| context.data.with(|d| d.present));
    let step_up = Memo::new(move |_| context.query.with(|q| presenter::step_up(&dataset, q)));
    move || {
        let mode = present.get();
        mode.is_on().then(|| {
            let (other, items) = match mode {
                Present::Table => ("Show the chart", "rows"),
                _ => ("Show the table", "bars"),
            };
            let other_view = if mode == Present::Table { "the chart" } else { "the table" };
            let up = step_up.get().map(|(words, to)| {
                view! {
                    <p class="presenter-up">
                        <a
                            class="presenter-up__link"
                            href=href(&context, to)
                            data-noscroll=""
                            data-testid="presenter-up"
                            on:click=|_| focus_chart_heading()
                        >
                            <span class="presenter-up__arrow" aria-hidden="true">"↑"</span>
                            {words}
                        </a>
                    </p>
                }
            });
            // What the projector leaves out, or where the two-way table is, in one line.
            let notice = context.query.with(|q| presenter::notice(q, mode)).map(|notice| match notice {
                Notice::LeftOut(text) => view! {
                    <p class="presenter-notice" data-testid="presenter-notice">
                        {text} " "
                        <a href=move || link_in(&context, Present::Off) data-testid="presenter-notice-leave">
                            "Leave presenter view to see it"
                        </a>
                    </p>
                }
                .into_any(),
                Notice::TwoWayBelow(text) => {
                    view! { <p class="presenter-notice" data-testid="presenter-notice">{text}</p> }.into_any()
                }
            });
            view! {
                <div class="presenter-bar" data-testid="presenter-bar">
                    <a
                        class="presenter-bar__leave"
                        href=move || link_in(&context, Present::Off)
                        data-noscroll=""
                        data-testid="presenter-toggle"
                    >
                        "Leave presenter view"
                    </a>
                    <a
                        class="presenter-bar__other"
                        href=move || link_in(&context, mode.with_table_toggled())
                        data-noscroll=""
                        data-testid="presenter-table-toggle"
                        on:click=|_| focus_chart_heading()
                    >
                        {other}
                    </a>
                    <p class="presenter-bar__keys" data-testid="presenter-keys">
                        "Keys: " <kbd>"↑"</kbd> " " <kbd>"↓"</kbd> {format!(" move between {items} · ")}
                        <kbd>"Enter"</kbd> " opens · " <kbd>"Backspace"</kbd> " goes up · " <kbd>"T"</kbd>
                        {format!(" shows {other_view}")}
                    </p>
                </div>
                {up}
                {notice}
            }
        })
    }
}

/// The explorer, inside the presenter region while presenting: a named region (`tabindex=-1`,
/// so a click anywhere in it puts focus there) whose keydown listener runs the shortcuts. On the
/// full page it is a plain wrapper with no name and no listener at work.
#[component]
pub fn PresenterRegion(
    /// The dataset, for the step up Backspace takes.
    dataset: Arc<Dataset>,
    /// The explorer.
    children: Children,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let presenting = move || context.data.with(|d| d.present.is_on());
    let go = use_go();
    let navigate = use_navigate();
    let location = use_location();
    let on_keydown = move |event: web_sys::KeyboardEvent| {
        let mode = context.data.with_untracked(|d| d.present);
        if !mode.is_on() {
            return;
        }
        let Some(region) = event.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
            return;
        };
        let in_form_field = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| e.closest(FORM_FIELDS).ok().flatten().is_some());
        let items = focusable_items(&region, if mode == Present::Table { TABLE_LINKS } else { BAR_LINKS });
        let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
        let focused = active.and_then(|active| items.iter().position(|item| item.contains(Some(&active))));
        let step_up = context.query.with_untracked(|q| presenter::step_up(&dataset, q));
        let key = event.key();
        let press = KeyPress {
            key: &key,
            with_modifier: event.ctrl_key() || event.alt_key() || event.meta_key(),
            in_form_field,
        };
        let Some(action) = presenter::key_action(press, focused, items.len(), step_up.is_some()) else {
            return;
        };
        // The key is the presenter view's: the page must not also scroll or type.
        event.prevent_default();
        match action {
            KeyAction::FocusItem(at) => {
                if let Some(item) = items.get(at) {
                    let _ = item.focus();
                }
            }
            KeyAction::GoUp => {
                if let Some((_, to)) = step_up {
                    // As a way-up link does: focus to the chart heading first, then the new view.
                    focus_chart_heading();
                    go(to);
                }
            }
            KeyAction::ToggleTable => {
                let target = format!("{}{}", location.pathname.get_untracked(), {
                    let data = DataParams { present: mode.with_table_toggled(), ..context.data.get_untracked() };
                    url::link(&data, context.query.get_untracked())
                });
                // The bar or row that had focus is about to be hidden: the heading stays.
                focus_chart_heading();
                navigate(&target, NavigateOptions { resolve: false, scroll: false, ..Default::default() });
            }
        }
    };
    // Opened in presenter mode, focus starts in the presenter view, so the keys work at once.
    // After the first frame: the chart heading is drawn by then.
    if context.data.with_untracked(|d| d.present.is_on()) {
        request_animation_frame(|| {
            let body_has_focus = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.active_element().is_none() || d.active_element() == d.body().map(Into::into));
            if body_has_focus {
                focus_chart_heading();
            }
        });
    }
    view! {
        <div
            class="presenter-region"
            role=move || presenting().then_some("region")
            aria-label=move || presenting().then_some(REGION_NAME)
            tabindex=move || presenting().then_some("-1")
            data-testid="presenter-region"
            on:keydown=on_keydown
        >
            {children()}
        </div>
    }
}

/// The elements matching `selector` inside `region`, in document order.
fn focusable_items(region: &web_sys::Element, selector: &str) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = region.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|at| list.item(at)?.dyn_into::<web_sys::HtmlElement>().ok()).collect()
}
