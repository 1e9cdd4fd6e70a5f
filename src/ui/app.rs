//! The page: reads the URL and the site setting, fetches the chosen dataset (or reads the
//! reader's own file), and shows the loading state, the error panel, or the explorer, with a
//! banner whenever the figures are not the website's own.

use crate::domain::catalogue;
use crate::domain::config::{ExternalData, ReadConfig};
use crate::domain::load::Loaded;
use crate::domain::presenter::Present;
use crate::domain::query::View;
use crate::domain::source::{self, DataSource, Provenance, SourceError};
use crate::domain::url::{self, DataParams};
use crate::ui::explorer::Explorer;
use crate::ui::fetch::{FetchError, browser_parse, fetch_config, fetch_dataset, read_local_file};
use crate::ui::file_picker::FilePicker;
use crate::ui::loader::Progress;
use crate::ui::problems_panel::ProblemList;
use crate::ui::source_banner::{FreshnessNote, OfflineNote, ShownData, ShownVersion, SourceBanner};
use crate::ui::table_mats::TableMats;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;
use std::sync::Arc;

/// The whole app, inside a router so that the URL drives it.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Page />
        </Router>
    }
}

/// The URL as the page reads it, before the explorer applies a dataset's opening dimension.
#[derive(Clone, Copy)]
pub struct PageUrl {
    /// The `data` address or shipped dataset name (see `UrlContext::data`).
    pub data: Memo<DataParams>,
    /// The query as the link gives it.
    pub query: Memo<crate::domain::query::Query>,
    /// Whether the link states what to slice by (`by=`).
    pub by_stated: Memo<bool>,
}

/// A file the reader opened from their own computer, once read.
#[derive(Clone)]
struct LocalFile {
    name: String,
    result: Result<Arc<Loaded>, FetchError>,
}

/// What the page has to show.
#[derive(Clone)]
enum Shown {
    Loading,
    Refused(SourceError),
    Failed(FetchError),
    /// A loaded file (which may still have nothing usable in it), whose it is, and the address
    /// fetched or the local file's name.
    Data(Arc<Loaded>, Provenance, String),
}

/// Everything below the router: URL state, the site setting, the data source, and what to show.
#[component]
fn Page() -> impl IntoView {
    let location = use_location();
    let reading = Memo::new(move |_| url::read(&location.search.get()));
    let data_param = Memo::new(move |_| reading.with(|r| r.state.data.clone()));
    // Which shipped dataset the link opens when it names no `data` address (old links without a
    // name open the dataset they were made for).
    let opened = Memo::new(move |_| {
        reading.with(|r| catalogue::open(r.state.dataset.as_deref(), r.params.iter().map(|p| p.key.as_str())))
    });
    // Embedded in another site's frame (`embed=1`): every link keeps it, and the page is compact.
    let embed = Memo::new(move |_| reading.with(|r| r.state.embed));
    crate::ui::embed::mark_document(embed);
    // Presenter mode (`present=`): kept in every link while presenting; never inside a frame.
    let present = Memo::new(move |_| reading.with(|r| if r.state.embed { Present::Off } else { r.state.present }));
    crate::ui::presenter::mark_document(present);
    let data = Memo::new(move |_| match data_param.get() {
        Some(address) => DataParams { data: Some(address), dataset: None, embed: embed.get(), present: present.get() },
        None => DataParams {
            data: None,
            dataset: Some(opened.get().dataset().name.to_owned()),
            embed: embed.get(),
            present: present.get(),
        },
    });
    let query = Memo::new(move |_| reading.with(|r| r.state.query.clone()));
    let by_stated = Memo::new(move |_| reading.with(|r| r.state.by_stated));
    // "Print table mats" (`view=table-mats`) replaces the explorer; a Memo, so the page is
    // redrawn only when the view changes, not on every click.
    let table_mats = Memo::new(move |_| reading.with(|r| r.state.query.view == View::TableMats));
    // The explorer turns this into the `UrlContext` its components read (with the dataset's
    // opening dimension). A different type, so a new explorer never finds the context an old
    // one provided (and whose signals are gone) when the dataset changes.
    provide_context(PageUrl { data, query, by_stated });

    // Relative addresses resolve against the page; only the query string changes while the
    // app runs, and it plays no part in resolving them.
    let page_url = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let site_config = LocalResource::new(fetch_config);
    // The site's own dataset needs no setting, so it is fetched without waiting for it.
    let source = {
        let page_url = page_url.clone();
        Memo::new(move |_| match data_param.get() {
            None => Some(Ok(DataSource::Shipped(opened.get().dataset()))),
            Some(param) => site_config.get().map(|read: ReadConfig| {
                source::choose(
                    Some(&param),
                    opened.get().dataset(),
                    &page_url,
                    &read.config.external_data,
                    &browser_parse,
                )
            }),
        })
    };
    // Refetches only when the address changes, not on every filter click.
    let target = Memo::new(move |_| source.with(|s| s.as_ref().and_then(|s| s.as_ref().ok()).cloned()));
    // Bytes and facts read so far, from the loader worker, for the loading view.
    let progress = RwSignal::new(Progress::default());
    let dataset = LocalResource::new(move || {
        let target = target.get();
        async move {
            match target {
                Some(chosen) => {
                    progress.set(Progress::default());
                    let fetched = fetch_dataset(chosen.fetch_url().to_owned(), move |p| progress.set(p)).await;
                    Some((chosen, fetched))
                }
                None => None,
            }
        }
    });

    // A file from the reader's computer cannot live in the URL: it is kept here until they go
    // back to the website's data or reload.
    let local = RwSignal::new_local(None::<LocalFile>);
    let on_file = Callback::new(move |file: web_sys::File| {
        spawn_local(async move {
            let name = file.name();
            let result = read_local_file(file, move |p| progress.set(p)).await;
            local.set(Some(LocalFile { name, result }));
        });
    });
    let on_leave = Callback::new(move |()| local.set(None));
    // Which version of the data is shown and when it was fetched ("About this data", the source line).
    provide_context(ShownData(Signal::derive(move || match local.get() {
        Some(file) => file.result.ok().and_then(|loaded| ShownVersion::new(&loaded, Default::default())),
        None => match dataset.get() {
            Some(Some((_, Ok(fetched)))) => ShownVersion::new(&fetched.loaded, fetched.freshness),
            _ => None,
        },
    })));

    let shown = move || -> Shown {
        if let Some(file) = local.get() {
            return match file.result {
                Ok(loaded) => Shown::Data(loaded, Provenance::LocalFile(file.name.clone()), file.name),
                Err(error) => Shown::Failed(error),
            };
        }
        match source.get() {
            None => return Shown::Loading,
            Some(Err(error)) => return Shown::Refused(error),
            Some(Ok(_)) => {}
        }
        match dataset.get() {
            None | Some(None) => Shown::Loading,
            Some(Some((_, Err(error)))) => Shown::Failed(error),
            Some(Some((chosen, Ok(fetched)))) => {
                let address = chosen.fetch_url().to_owned();
                // Where the response really came from, after any redirects, must pass too.
                let unchanged = source::after_redirect(
                    chosen.clone(),
                    &fetched.final_url,
                    &page_url,
                    &ExternalData::SameSite,
                    &browser_parse,
                );
                let checked = if unchanged.as_ref() == Ok(&chosen) {
                    unchanged
                } else {
                    let setting = site_config.get().map(|read| read.config.external_data).unwrap_or_default();
                    source::after_redirect(chosen, &fetched.final_url, &page_url, &setting, &browser_parse)
                };
                match checked {
                    Ok(actual) => Shown::Data(fetched.loaded, actual.provenance(), address),
                    Err(error) => Shown::Refused(error),
                }
            }
        }
    };

    let banner = {
        let shown = shown.clone();
        move || match shown() {
            Shown::Data(_, provenance, address) => view! { <SourceBanner provenance address on_leave /> }.into_any(),
            Shown::Failed(FetchError::Unreadable { name, .. }) => {
                view! { <SourceBanner provenance=Provenance::LocalFile(name) on_leave /> }.into_any()
            }
            _ => ().into_any(),
        }
    };

    // Embedded, an error page still links to the full explorer (the embed footer is not shown).
    let full_explorer = move || {
        embed
            .get_untracked()
            .then(|| url::link(&DataParams { embed: false, ..data.get_untracked() }, query.get_untracked()))
    };
    let body = move || {
        let is_local = local.with(Option::is_some);
        // "Show this website's own data instead" makes no sense when that is what just failed.
        let offer_default = !is_local && data_param.with(Option::is_some);
        match shown() {
            Shown::Loading => {
                let address = target.get_untracked().map(|chosen| chosen.fetch_url().to_owned());
                view! { <Loading address progress=progress.read_only() /> }.into_any()
            }
            Shown::Refused(error) => view! {
                <ErrorPanel heading="This data address is not allowed" message=error.message_for(embed.get_untracked()) address=error.address().to_owned() offer_default full=full_explorer() />
            }
            .into_any(),
            Shown::Failed(error) => view! {
                <ErrorPanel heading="The data could not be loaded" message=error.message() address=error.address().to_owned() offer_default full=full_explorer() />
            }
            .into_any(),
            Shown::Data(loaded, provenance, address) => match &loaded.dataset {
                Some(dataset) if table_mats.get() => {
                    view! { <TableMats dataset=dataset.clone() provenance /> }.into_any()
                }
                Some(_) => view! { <Explorer loaded=loaded.clone() provenance /> }.into_any(),
                None => view! {
                    <ErrorPanel
                        heading="This data file cannot be shown"
                        message="Nothing in it could be used. The problems below say where and why.".to_owned()
                        address
                        offer_default
                        full=full_explorer()
                    >
                        <ProblemList problems=loaded.problems.clone() />
                    </ErrorPanel>
                }
                .into_any(),
            },
        }
    };

    // The shipped dataset on screen, if that is what is shown (not a `data` address or a file).
    let current_shipped = Signal::derive(move || {
        (local.with(Option::is_none) && data_param.with(Option::is_none)).then(|| opened.get().dataset().name)
    });

    let source_note = move || {
        if let Some(file) = local.get() {
            return view! { "Data: a file from your computer, " <bdi>{file.name}</bdi> }.into_any();
        }
        match source.get() {
            Some(Ok(DataSource::Shipped(shipped))) if data_param.with(Option::is_none) => {
                view! { "Data: " {shipped.title} " (" <a href=shipped.path>{shipped.path}</a> ")" }.into_any()
            }
            Some(Ok(chosen)) => view! { "Data: " <bdi>{chosen.address().to_owned()}</bdi> }.into_any(),
            Some(Err(_)) => "Data: none loaded".into_any(),
            None => "Data: checking this website's setting…".into_any(),
        }
    };
    let config_notes = move || {
        site_config.get().filter(|read| !read.notes.is_empty()).map(|read| {
            let notes = read.notes.into_iter().map(|note| view! { <li>{note}</li> }).collect_view();
            view! {
                <div class="config-note" role="note" data-testid="config-note">
                    <p class="config-note__heading">"For this website's managers:"</p>
                    <ul class="config-note__list">{notes}</ul>
                </div>
            }
        })
    };

    // Embedded, the host site is the header and footer: the explorer's own compact footer
    // (`embed::EmbedFooter`) keeps the source, licence and a link to the full explorer.
    // The embedded header keeps the page's one heading for screen readers, and the class the
    // start-up notices look for (style/boot.css, public/watchdog.js).
    view! {
        <Show
            when=move || !embed.get()
            fallback=|| view! { <header class="page__header page__header--embedded"><h1 class="visually-hidden">"Whole Place"</h1></header> }
        >
        <header class="page__header">
            <p class="page__title">"Whole Place"</p>
            <p class="page__tagline">"All public spending in one place: by Place, audience, activity and agency."</p>
            <DatasetSwitcher current=current_shipped />
        </header>
        </Show>
        <main id="main" class="page__main">{banner}{body}</main>
        <Show when=move || !embed.get()>
        <footer class="page__footer">
            <p data-testid="source-note">{source_note}<FreshnessNote /></p>
            <OfflineNote />
            {config_notes}
            <FilePicker on_file />
            <p>
                "Open data format: " <a href="schema/whole-place-v1.1.schema.json">"JSON Schema, format 1.1"</a>
                ". Everything is computed in your browser; nothing is sent anywhere."
            </p>
        </footer>
        </Show>
    }
}

/// The shipped datasets, one link each; made-up ones say so in their name.
#[component]
fn DatasetSwitcher(
    /// The name of the shipped dataset shown, if one is.
    current: Signal<Option<&'static str>>,
) -> impl IntoView {
    let links = catalogue::SHIPPED
        .into_iter()
        .map(|shipped| {
            let is_current = move || current.get() == Some(shipped.name);
            view! {
                <li>
                    <a
                        class="dataset-switcher__option"
                        class:dataset-switcher__option--made-up=shipped.made_up
                        href=format!("?dataset={}", shipped.name)
                        aria-current=move || is_current().then_some("page")
                        data-testid=format!("dataset-{}", shipped.name)
                    >
                        {shipped.title}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="dataset-switcher" aria-label="Which data">
            <ul class="dataset-switcher__options">{links}</ul>
        </nav>
    }
}

/// How long a data file may take before the page says it has not arrived.
const SLOW_AFTER: std::time::Duration = std::time::Duration::from_secs(10);

/// "Loading…", and after [`SLOW_AFTER`] a plain note that the file has not arrived, with a link
/// to it, so a stalled download never leaves the reader looking at "Loading…" for ever.
#[component]
fn Loading(
    /// The data file being fetched, when known (not while the site setting is still on its way).
    address: Option<String>,
    /// Bytes and facts read so far.
    progress: ReadSignal<Progress>,
) -> impl IntoView {
    let slow = RwSignal::new(false);
    // The clock is the outside world: the timer only changes what the page says, and is
    // cleared when the figures (or an error) replace this view.
    let timer = set_timeout_with_handle(move || slow.set(true), SLOW_AFTER).ok();
    on_cleanup(move || {
        if let Some(timer) = timer {
            timer.clear();
        }
    });
    let note = move || {
        slow.get().then(|| {
            let link = address.clone().map(|address| {
                view! {
                    " You can keep waiting, or open the file itself: "
                    <a href=address.clone() data-testid="loading-slow-link"><bdi>{address.clone()}</bdi></a>
                    "."
                }
            });
            view! {
                <p class="page__loading-slow" data-testid="loading-slow">
                    "The spending data has not arrived after 10 seconds. The connection may be slow, \
                     or the website holding the file may not be answering."
                    {link}
                </p>
            }
        })
    };
    view! {
        <div class="page__loading" data-testid="loading">
            <p role="status">"Loading spending data…"</p>
            // Not a live region: it changes with every megabyte.
            <p class="page__loading-progress" data-testid="loading-progress">
                {move || progress.with(|p| crate::domain::format::loading_progress(p.bytes, p.total, p.facts, p.downloaded))}
            </p>
            {note}
        </div>
    }
}

/// A clear, full-width panel for when there is nothing to explore.
#[component]
fn ErrorPanel(
    /// What went wrong, in a few words.
    heading: &'static str,
    /// What went wrong and what to do, in a sentence or two.
    message: String,
    /// The address tried (or the local file's name), shown as text, direction-isolated.
    address: String,
    /// Whether to offer a link to the shipped data (not while a local file is shown: the
    /// banner's button does that).
    offer_default: bool,
    /// Embedded: the same view in the full explorer, linked in a new tab.
    full: Option<String>,
    /// Extra detail, such as the problem list.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    // Embedded, the website's own data opens embedded too.
    let embedded = full.is_some();
    view! {
        <section class="error-panel" role="alert" data-testid="error-panel">
            <h1 class="error-panel__heading">{heading}</h1>
            <p class="error-panel__message">{message}</p>
            <p class="error-panel__address">
                "Address tried: " <code><bdi data-testid="error-address">{address}</bdi></code>
            </p>
            {children.map(|c| c())}
            {offer_default.then(|| view! {
                <p>
                    <a class="error-panel__default-link" href=if embedded { "?embed=1" } else { "?" }>
                        "Show this website's own data instead"
                    </a>
                </p>
            })}
            {full.clone().map(|full| view! {
                <p>
                    <a href=full target="_blank" rel="noopener" data-testid="embed-open-full">
                        "Open the full explorer"
                        <span class="visually-hidden">" (opens a new tab)"</span>
                    </a>
                </p>
            })}
        </section>
    }
}
