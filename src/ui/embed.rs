//! Embed mode (`?embed=1`, docs/embedding.md): the frame's height posted to the host page, links
//! that replace the frame's history entry instead of adding one (so the host page's Back leaves
//! the page), the filters in a disclosure, and the compact footer with the source, licence and
//! "Open the full explorer" link.
//!
//! The message the host script (`public/embed.js`) accepts is
//! `{ type: "whole-place:height", height: <CSS pixels>, version: 1 }`, sent to any origin (`"*"`:
//! a height is not secret, and the app cannot know which site frames it) whenever it changes.

use crate::domain::format;
use crate::domain::model::Dataset;
use crate::domain::url;
use crate::ui::nav::UrlContext;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The `type` of the height message.
pub const HEIGHT_MESSAGE: &str = "whole-place:height";

/// Whether the page's current address asks for embed mode.
pub fn is_embedded_now() -> bool {
    web_sys::window().and_then(|w| w.location().search().ok()).is_some_and(|search| url::parse(&search).embed)
}

/// Sets up what embed mode needs from the page, once at start: a capturing click listener that
/// marks in-app links as history replacements while embedded (the router reads an anchor's
/// `replace` property) and opens links to other sites in a new tab, and a `ResizeObserver` that posts the document's height to the parent
/// frame whenever it changes. Both look at the address each time, so a page that leaves embed
/// mode stops. Lives as long as the page (the closures are kept for it).
pub fn install() {
    let Some(window) = web_sys::window() else { return };
    let Some(document) = window.document() else { return };
    let on_click = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        if !is_embedded_now() {
            return;
        }
        let anchor = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten());
        if let Some(anchor) = anchor.and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok()) {
            let own = web_sys::window().and_then(|w| w.location().origin().ok());
            if own.is_some_and(|own| anchor.origin() == own) {
                let _ = js_sys::Reflect::set(&anchor, &"replace".into(), &true.into());
            } else {
                // Another site (a source's web page) opens in a new tab: inside the frame it
                // would replace the figures, and many sites refuse to be framed.
                anchor.set_target("_blank");
                anchor.set_rel("noopener noreferrer");
            }
        }
    });
    // Capture phase on the document runs before the router's own listener on the window.
    let _ = document.add_event_listener_with_callback_and_bool("click", on_click.as_ref().unchecked_ref(), true);
    on_click.forget();

    let last = Rc::new(Cell::new(0_i32));
    let on_resize = Closure::<dyn Fn()>::new(move || post_height(&last));
    if let (Ok(observer), Some(root)) =
        (web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()), document.document_element())
    {
        observer.observe(&root);
        if let Some(body) = document.body() {
            observer.observe(&body);
        }
    }
    on_resize.forget();
}

/// Posts the document's height to the parent frame if embedded, framed, and changed.
fn post_height(last: &Cell<i32>) {
    let Some(window) = web_sys::window() else { return };
    let Ok(Some(parent)) = window.parent() else { return };
    // Not in a frame: the parent is the window itself.
    if parent == window || !is_embedded_now() {
        return;
    }
    let Some(root) = window.document().and_then(|d| d.document_element()) else { return };
    // The content's own height (not `scrollHeight`, which never drops below the frame's height,
    // so a frame could grow but never shrink). Pixel maths in the shell only.
    let height = root.get_bounding_client_rect().height().ceil() as i32;
    if height <= 0 || height == last.get() {
        return;
    }
    last.set(height);
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
    let _ = js_sys::Reflect::set(&message, &"version".into(), &1.into());
    let _ = parent.post_message(&message, "*");
}

/// Marks the document as embedded (`<html class="embedded">`), for the compact styles.
/// An effect: it only writes to the page outside the app.
pub fn mark_document(embed: Memo<bool>) {
    Effect::new(move |_| {
        let embedded = embed.get();
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.class_list().toggle_with_force("embedded", embedded);
        }
    });
}

/// The explorer's controls: as they are on the full page, inside a disclosure when embedded.
/// Embed mode is decided once: every link the app writes keeps it, so it never changes while the
/// explorer is shown.
#[component]
pub fn EmbedDisclosure(children: Children) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    if context.data.with_untracked(|d| d.embed) {
        view! {
            <details class="embed-filters" data-testid="embed-filters">
                <summary class="embed-filters__summary">"Change what is shown"</summary>
                {children()}
            </details>
        }
        .into_any()
    } else {
        children().into_any()
    }
}

/// The embedded view's footer: the data's title, status and licence (with the OGL attribution
/// for real published figures), and a link that opens the same view in the full explorer in a
/// new tab. Nothing on the full page.
#[component]
pub fn EmbedFooter(
    /// The dataset shown.
    dataset: Arc<Dataset>,
    /// The status badge's words.
    status: &'static str,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let embedded = move || context.data.with(|d| d.embed);
    // The same view without `embed=1`.
    let full = move || url::link(&url::DataParams { embed: false, ..context.data.get() }, context.query.get());
    let metadata = dataset.metadata.clone();
    let licence = metadata.licence.clone().map(|l| l.name).unwrap_or_else(|| "Licence not stated".to_owned());
    let attribution = format::licence_attribution(&metadata);
    move || {
        embedded().then(|| {
            view! {
                <footer class="embed-footer" data-testid="embed-footer">
                    <p class="embed-footer__source">
                        "Data: " <bdi>{metadata.title.clone()}</bdi> ". " {status} ". " {licence.clone()} "."
                        {attribution.map(|a| view! { " " {a} })}
                    </p>
                    <p class="embed-footer__open">
                        <a href=full target="_blank" rel="noopener" data-testid="embed-open-full">
                            "Open the full explorer"
                            <span class="visually-hidden">" (opens a new tab)"</span>
                        </a>
                        " · Whole Place"
                    </p>
                </footer>
            }
        })
    }
}
