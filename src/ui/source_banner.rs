//! The banner at the very top of the figures whenever they are not the website's own: it names
//! the other host (or the reader's own file), on screen and in print; and the source line's note
//! of which version of the data is shown and when it was fetched (a saved copy says so).

use crate::domain::freshness::{self, Freshness};
use crate::domain::load::Loaded;
use crate::domain::source::Provenance;
use leptos::prelude::*;

/// The data shown: its stated version and what the response said (`domain::freshness`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownVersion {
    /// `metadata.version`, if the file states one.
    pub stated: Option<String>,
    /// The response's `Last-Modified` and `Date`, and whether it is a saved copy.
    pub freshness: Freshness,
}

impl ShownVersion {
    /// The version of `loaded`, fetched as `freshness` says; `None` when nothing in it could be
    /// used (no figures are shown, so there is no version to speak of).
    pub fn new(loaded: &Loaded, freshness: Freshness) -> Option<ShownVersion> {
        let dataset = loaded.dataset.as_ref()?;
        Some(ShownVersion { stated: dataset.metadata.version.clone(), freshness })
    }
}

/// Context provided by `app.rs`: the version of the data shown, `None` while nothing is.
#[derive(Debug, Clone, Copy)]
pub struct ShownData(pub Signal<Option<ShownVersion>>);

/// ". Version 2025.1, fetched 30 November 2026, 22:38 GMT (saved copy: you are offline).": after
/// the source line's "Data: …"; nothing when none of it is known.
#[component]
pub fn FreshnessNote() -> impl IntoView {
    let shown = use_context::<ShownData>();
    move || {
        let said = shown
            .and_then(|shown| shown.0.get())
            .and_then(|shown| freshness::sentence(shown.stated.as_deref(), &shown.freshness))?;
        Some(view! { ". " <span class="source-note__freshness" data-testid="data-freshness">{said}</span> })
    }
}

/// That the page will open offline, while figures are shown: made visible by `style/boot.css`
/// only once `public/boot.js` has had the service worker keep the app and this data (`<html
/// data-offline="ready">`). What a facilitator checks before leaving for a hall without Wi-Fi.
#[component]
pub fn OfflineNote() -> impl IntoView {
    let shown = use_context::<ShownData>();
    move || {
        shown.and_then(|shown| shown.0.get()).map(|_| {
            view! {
                <p class="source-note__offline" data-testid="offline-ready">
                    "Kept on this device: this page opens without the internet too."
                </p>
            }
        })
    }
}

/// Says where the figures come from; renders nothing for the site's own figures.
#[component]
pub fn SourceBanner(
    /// Whose figures are shown.
    provenance: Provenance,
    /// The address fetched, shown under the sentence (not for a local file).
    #[prop(optional)]
    address: Option<String>,
    /// Called by the "Back to this website's data" button; shown for a local file only.
    #[prop(optional)]
    on_leave: Option<Callback<()>>,
) -> impl IntoView {
    let Some(banner) = provenance.banner() else {
        return ().into_any();
    };
    let is_local = matches!(provenance, Provenance::LocalFile(_));
    let detail = if is_local {
        view! {
            <p class="source-banner__detail">
                "It stays in your browser: nothing is sent anywhere. A file from your computer is not kept in the \
                 page's address, so filters and Back keep showing it, but reloading or sharing the link shows \
                 this website's data."
            </p>
        }
        .into_any()
    } else {
        view! {
            <p class="source-banner__detail">
                "This website has not checked them. The file's address: "
                <bdi class="source-banner__address" data-testid="source-banner-address">{address}</bdi>
            </p>
        }
        .into_any()
    };
    view! {
        <section class="source-banner" role="note" aria-label="Where these figures come from" data-testid="source-banner">
            <p class="source-banner__text">
                {banner.before}
                <bdi class="source-banner__name" data-testid="source-banner-name">{banner.name}</bdi>
                {banner.after}
            </p>
            {detail}
            {on_leave.filter(|_| is_local).map(|leave| view! {
                <button type="button" class="source-banner__leave" data-testid="source-banner-leave" on:click=move |_| leave.run(())>
                    "Back to this website's data"
                </button>
            })}
        </section>
    }
    .into_any()
}
