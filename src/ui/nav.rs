//! Moving between explorer states: every move is a URL, so sharing and the back button work.

use crate::domain::query::Query;
use crate::domain::url;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

/// The data source parameter and the current query, shared by the explorer's components.
#[derive(Clone, Copy)]
pub struct UrlContext {
    /// The raw `data` parameter, kept in every link so a custom dataset stays selected.
    pub data_param: Memo<Option<String>>,
    /// The current query.
    pub query: Memo<Query>,
}

/// The link (a query string) that shows `query` on the current dataset.
pub fn href(context: &UrlContext, query: Query) -> String {
    url::link(&context.data_param.get_untracked(), query)
}

/// Returns a function that navigates to a query, adding a history entry, without scrolling.
pub fn use_go() -> impl Fn(Query) + Clone {
    let navigate = use_navigate();
    let location = use_location();
    let context = expect_context::<UrlContext>();
    move |query: Query| {
        let target = format!("{}{}", location.pathname.get_untracked(), href(&context, query));
        navigate(&target, NavigateOptions { resolve: false, scroll: false, ..Default::default() });
    }
}
