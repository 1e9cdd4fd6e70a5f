//! Moving between explorer states: every move is a URL, so sharing and the back button work.

use crate::domain::model::Dim;
use crate::domain::query::{MemberRef, Query};
use crate::domain::url::{self, DataParams};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

/// The data shown and the current query, shared by the explorer's components.
#[derive(Clone, Copy)]
pub struct UrlContext {
    /// The `data` address or the shipped dataset's name, kept in every link so the same data
    /// stays selected.
    pub data: Memo<DataParams>,
    /// The current query (with the opening dimension the dataset calls for when the link names
    /// none).
    pub query: Memo<Query>,
    /// Dimensions whose chart would be a single bar for the shown year: drilling moves past
    /// them. Indexed by [`Dim::index`] (`aggregate::single_slice_dims`).
    pub single: Signal<[bool; 4]>,
}

/// The link (a query string) that shows `query` on the current dataset.
pub fn href(context: &UrlContext, query: Query) -> String {
    url::link(&context.data.get_untracked(), query)
}

/// The query after drilling into a member: into the members below it when it has any
/// (`has_children`), otherwise on to the next dimension, moving past single-bar dimensions.
pub fn drill(context: &UrlContext, query: &Query, dim: Dim, member: MemberRef, has_children: bool) -> Query {
    let single = context.single.get_untracked();
    query.drill_skipping(dim, member, has_children, |d| single.get(d.index()).copied().unwrap_or(false))
}

/// Moves keyboard focus to the chart heading (`tabindex=-1`), at once, when a link that changes
/// the view is followed: the link the focus was on is about to be replaced, and a quick second
/// Enter must not follow whatever link takes its place.
pub fn focus_chart_heading() {
    focus_heading("bar-chart-heading");
}

/// Moves keyboard focus to the element with this id (a heading with `tabindex=-1`) and returns
/// it, or `None` when it is not on the page.
pub fn focus_heading(id: &str) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let heading = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())?;
    let _ = heading.focus();
    Some(heading)
}

/// Brings a panel to the reader when it opens (from a link far below it on a phone): focus to its
/// heading (`heading_id`, `tabindex=-1`) and the heading to the top of the screen. Only on the
/// change from closed to open, never on a page opened on it. An effect only talks to the outside
/// world: it runs after the panel is drawn.
pub fn bring_into_view_when_opened(is_open: Memo<bool>, heading_id: &'static str) {
    Effect::new(move |was_open: Option<bool>| {
        let open = is_open.get();
        if open
            && was_open == Some(false)
            && let Some(heading) = focus_heading(heading_id)
        {
            heading.scroll_into_view_with_bool(true);
        }
        open
    });
}

/// Returns a function that navigates to a query, adding a history entry, without scrolling.
/// Embedded in another site's page (`embed=1`), it replaces the entry instead, so the host
/// page's Back button leaves the page rather than stepping back inside the frame.
pub fn use_go() -> impl Fn(Query) + Clone {
    let navigate = use_navigate();
    let location = use_location();
    let context = expect_context::<UrlContext>();
    move |query: Query| {
        let target = format!("{}{}", location.pathname.get_untracked(), href(&context, query));
        let replace = context.data.with_untracked(|d| d.embed);
        navigate(&target, NavigateOptions { resolve: false, scroll: false, replace, ..Default::default() });
    }
}
