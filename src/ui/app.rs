//! The page: reads the URL, fetches the chosen dataset, and shows the loading state, the error
//! panel, or the explorer.

use crate::domain::source::{self, DataSource, SourceError};
use crate::domain::url;
use crate::ui::explorer::Explorer;
use crate::ui::fetch::fetch_dataset;
use crate::ui::nav::UrlContext;
use crate::ui::problems_panel::ProblemList;
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;

/// The whole app, inside a router so that the URL drives it.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Page />
        </Router>
    }
}

/// Second opinion from the browser's own URL parser, which is what `fetch` will use: the
/// resolved address must be https, or on this page's origin. (The pure check in
/// `domain::source` already refuses the tricks known to it; this catches any it does not know.)
fn confirm_in_browser(chosen: DataSource, origin: &str) -> Result<DataSource, SourceError> {
    let DataSource::Custom(address) = &chosen else { return Ok(chosen) };
    let base = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    match web_sys::Url::new_with_base(address, &base) {
        Ok(url) if url.protocol() == "https:" || url.origin() == origin => Ok(chosen),
        _ => Err(SourceError::NotAllowed(address.clone())),
    }
}

fn page_origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// Everything below the router: URL state, the data source, and what to show for it.
#[component]
fn Page() -> impl IntoView {
    let location = use_location();
    let state = Memo::new(move |_| url::parse(&location.search.get()));
    let data_param = Memo::new(move |_| state.with(|s| s.data.clone()));
    let query = Memo::new(move |_| state.with(|s| s.query.clone()));
    provide_context(UrlContext { data_param, query });

    let origin = page_origin();
    let source = Memo::new(move |_| {
        source::choose(data_param.get().as_deref(), &origin).and_then(|chosen| confirm_in_browser(chosen, &origin))
    });
    // Refetches only when the address changes, not on every filter click.
    let address = Memo::new(move |_| source.with(|s| s.as_ref().ok().map(|s| s.address().to_owned())));
    let dataset = LocalResource::new(move || {
        let address = address.get();
        async move {
            match address {
                Some(address) => Some(fetch_dataset(address).await),
                None => None,
            }
        }
    });

    let source_note = move || match source.get() {
        Ok(DataSource::Default) => format!("Data: {} (the shipped default)", source::DEFAULT_DATA_PATH),
        Ok(DataSource::Custom(address)) => format!("Data: {address}"),
        Err(_) => "Data: none loaded".to_owned(),
    };

    let body = move || {
        if let Err(error) = source.get() {
            return view! { <ErrorPanel heading="This data address is not allowed" message=error.to_string() /> }
                .into_any();
        }
        match dataset.get() {
            None | Some(None) => view! {
                <p class="page__loading" role="status" data-testid="loading">
                    "Loading spending data…"
                </p>
            }
            .into_any(),
            Some(Some(Err(error))) => view! {
                <ErrorPanel heading="The data could not be loaded" message=error.to_string() />
            }
            .into_any(),
            Some(Some(Ok(loaded))) => match &loaded.dataset {
                Some(_) => view! { <Explorer loaded=loaded.clone() /> }.into_any(),
                None => view! {
                    <ErrorPanel heading="This data file cannot be shown" message="Nothing in it could be used. The problems below say where and why.".to_owned()>
                        <ProblemList problems=loaded.problems.clone() />
                    </ErrorPanel>
                }
                .into_any(),
            },
        }
    };

    view! {
        <header class="page__header">
            <h1 class="page__title">"Whole Place"</h1>
            <p class="page__tagline">"All public spending in one place: by Place, audience, activity and agency."</p>
        </header>
        <main id="main" class="page__main">{body}</main>
        <footer class="page__footer">
            <p data-testid="source-note">{source_note}</p>
            <p>
                "Open data format: " <a href="schema/whole-place-v1.schema.json">"JSON Schema v1"</a>
                ". Everything is computed in your browser; nothing is sent anywhere."
            </p>
        </footer>
    }
}

/// A clear, full-width panel for when there is nothing to explore.
#[component]
fn ErrorPanel(
    /// What went wrong, in a few words.
    heading: &'static str,
    /// What went wrong and what to do, in a sentence or two.
    message: String,
    /// Extra detail, such as the problem list.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <section class="error-panel" role="alert" data-testid="error-panel">
            <h2 class="error-panel__heading">{heading}</h2>
            <p class="error-panel__message">{message}</p>
            {children.map(|c| c())}
            <p>
                <a class="error-panel__default-link" href="?">"Show the shipped example data instead"</a>
            </p>
        </section>
    }
}
