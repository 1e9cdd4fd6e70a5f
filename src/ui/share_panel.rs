//! "Share and download": copy the view's link (or share it with the system's share sheet where
//! the browser has one), download its figures as CSV and its chart as SVG or PNG, and copy the
//! snippet that embeds it on another website. The files are built by the domain
//! (`export::csv`, `chart_svg::chart_svg`); this shell only reads the clock and the address,
//! and hands bytes to the browser. Not shown when embedded: the frame's footer links to the full
//! explorer, where all of this is.

use crate::domain::aggregate::Breakdown;
use crate::domain::chart_svg::{self, ChartText};
use crate::domain::compare_places;
use crate::domain::export::{self, ExportView};
use crate::domain::format::{self, Figures};
use crate::domain::model::{Dataset, Status};
use crate::domain::per_resident;
use crate::domain::query::View;
use crate::domain::source::{Provenance, StatusBadge};
use crate::domain::url;
use crate::ui::browser::{page_address, save_blob, save_text, today};
use crate::ui::nav::{UrlContext, href};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::{Closure, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The page's address up to and including the last `/` of its path (where `embed.js` and the
/// data files live), e.g. `https://example.org/explorer/`.
fn base_address() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return String::new() };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    let dir = path.rfind('/').map_or("/", |at| &path[..=at]);
    format!("{origin}{dir}")
}

/// `navigator`, as a plain JS object (clipboard and share are read by name, so browsers
/// without them are detected rather than assumed).
fn navigator() -> Option<JsValue> {
    web_sys::window().map(|w| JsValue::from(w.navigator()))
}

/// Calls `navigator[object].method(argument)` (or `navigator.method` when `object` is empty) and
/// waits for its promise.
async fn call_navigator(object: &str, method: &str, argument: &JsValue) -> Result<(), JsValue> {
    let navigator = navigator().ok_or(JsValue::NULL)?;
    let target = if object.is_empty() { navigator } else { js_sys::Reflect::get(&navigator, &object.into())? };
    let function: js_sys::Function = js_sys::Reflect::get(&target, &method.into())?.dyn_into()?;
    let promise: js_sys::Promise = function.call1(&target, argument)?.dyn_into()?;
    JsFuture::from(promise).await.map(|_| ())
}

/// Whether the browser has the Web Share API (phones, some desktops).
fn can_share() -> bool {
    navigator().is_some_and(|n| js_sys::Reflect::get(&n, &"share".into()).is_ok_and(|f| f.is_function()))
}

/// Copies text to the clipboard; says whether it worked.
async fn copy_text(text: String) -> bool {
    call_navigator("clipboard", "writeText", &JsValue::from_str(&text)).await.is_ok()
}

/// Draws the SVG onto a canvas at twice its size and downloads it as a PNG. The SVG goes in as a
/// `data:` address (allowed by the page's `img-src 'self' data:`), so the canvas stays clean.
/// `done` is told whether the PNG was handed over.
fn save_png(svg: &str, name: String, done: impl Fn(bool) + 'static) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return done(false) };
    let Ok(image) = web_sys::HtmlImageElement::new() else { return done(false) };
    let source = format!("data:image/svg+xml;charset=utf-8,{}", String::from(js_sys::encode_uri_component(svg)));
    let loaded = image.clone();
    let done = std::rc::Rc::new(done);
    let finished = done.clone();
    let on_load = Closure::once_into_js(move || {
        let draw = || -> Option<()> {
            let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
            // Pixel maths for the picture only (never amounts).
            let scale = 2;
            canvas.set_width(loaded.natural_width() * scale);
            canvas.set_height(loaded.natural_height() * scale);
            let context: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
            context.scale(f64::from(scale), f64::from(scale)).ok()?;
            context.draw_image_with_html_image_element(&loaded, 0.0, 0.0).ok()?;
            let on_blob = Closure::once_into_js(move |blob: Option<web_sys::Blob>| match blob {
                Some(blob) => {
                    save_blob(&blob, &name);
                    finished(true);
                }
                None => finished(false),
            });
            canvas.to_blob_with_type(on_blob.unchecked_ref(), "image/png").ok()
        };
        if draw().is_none() {
            done(false);
        }
    });
    image.set_onload(Some(on_load.unchecked_ref()));
    image.set_src(&source);
}

/// The share and download controls under the chart.
#[component]
pub fn SharePanel(
    /// The dataset shown.
    dataset: Arc<Dataset>,
    /// The view's exact breakdown.
    breakdown: Memo<Breakdown>,
    /// The view's displayed figures.
    figures: Memo<Figures>,
    /// The status badge (its words go into every file).
    badge: StatusBadge,
    /// The selection in words.
    phrase: Memo<String>,
    /// The shown year's label.
    period_label: Memo<String>,
    /// Whose figures: a file from this computer or another website is never exported as this
    /// website's data, and a local file has no link or embed code.
    provenance: Provenance,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    // Embed mode never changes while the explorer is shown (every link keeps it).
    if context.data.with_untracked(|d| d.embed) {
        return ().into_any();
    }
    // The view's canonical address (names the data, year and slice), absolute.
    let view_address = move || format!("{}{}", page_address(), href(&context, context.query.get()));
    let frame_address = move || {
        let data = url::DataParams { embed: true, ..context.data.get() };
        format!("{}{}", page_address(), url::link(&data, context.query.get()))
    };
    let made_up = dataset.metadata.status == Status::Illustrative;
    let status = badge.label;
    let local_file = matches!(provenance, Provenance::LocalFile(_));
    // Stored, so the file-name closure stays `Copy` for the three download buttons.
    let name_provenance = StoredValue::new(provenance.clone());
    let dataset_name = move || {
        let name = context.data.with(|d| {
            d.dataset.clone().unwrap_or_else(|| if d.data.is_some() { "data".to_owned() } else { String::new() })
        });
        name_provenance.with_value(|p| export::file_dataset_name(p, &name))
    };
    let file_name = move |extension: &str| {
        let query = context.query.get_untracked();
        let period = period_label.get_untracked();
        export::file_name(&dataset_name(), &period, &query, query.by.key(), extension)
    };
    let heading =
        move || format!("{}, by {}", export::plain(&phrase.get()), breakdown.with(|b| format::by_words(b.by)));

    let link_status = RwSignal::new(String::new());
    let download_status = RwSignal::new(String::new());
    let embed_status = RwSignal::new(String::new());

    let on_copy = move |_| {
        let text = view_address();
        spawn_local(async move {
            link_status.set(if copy_text(text).await {
                "Link copied.".to_owned()
            } else {
                "Could not copy here: select the link in the box and copy it.".to_owned()
            });
        });
    };
    let shareable = can_share();
    let on_share = move |_| {
        let data = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&data, &"title".into(), &"Whole Place".into());
        let _ = js_sys::Reflect::set(&data, &"text".into(), &JsValue::from_str(&heading()));
        let _ = js_sys::Reflect::set(&data, &"url".into(), &JsValue::from_str(&view_address()));
        spawn_local(async move {
            // Cancelling the sheet is not an error worth a message.
            let _ = call_navigator("", "share", &data).await;
        });
    };
    let csv_dataset = dataset.clone();
    let csv_provenance = provenance.clone();
    let on_csv = move |_| {
        let address = view_address();
        let downloaded = today();
        let query = context.query.get_untracked();
        let text = breakdown.with_untracked(|b| {
            figures.with_untracked(|f| {
                export::csv(&ExportView {
                    dataset: &csv_dataset,
                    query: &query,
                    breakdown: b,
                    figures: f,
                    status,
                    provenance: &csv_provenance,
                    address: &address,
                    downloaded: &downloaded,
                })
            })
        });
        save_text(&text, "text/csv;charset=utf-8", &file_name("csv"));
        download_status.set("Figures downloaded as a CSV file.".to_owned());
    };
    let svg_dataset = dataset.clone();
    let svg_provenance = provenance.clone();
    let svg_text = move || {
        let address = view_address();
        let downloaded = today();
        let metadata = &svg_dataset.metadata;
        let licence = format::licence_attribution(metadata).map(str::to_owned).unwrap_or_else(|| {
            metadata
                .licence
                .as_ref()
                .map_or_else(|| "Licence not stated.".to_owned(), |l| format!("Licence: {}.", l.name))
        });
        let heading = heading();
        let period = period_label.get_untracked();
        let query = context.query.get_untracked();
        let compared = (query.view == View::ComparePlaces)
            .then(|| compare_places::compare(&svg_dataset, &query, &metadata.currency).ok())
            .flatten();
        breakdown.with_untracked(|b| {
            figures.with_untracked(|f| {
                chart_svg::chart_svg(
                    b,
                    f,
                    &per_resident::bars(b, f, &query),
                    &ChartText {
                        heading: &heading,
                        period: &period,
                        status,
                        made_up,
                        dataset: &metadata.title,
                        licence: &licence,
                        provenance: &svg_provenance,
                        compared: compared.as_ref(),
                        address: &address,
                        downloaded: &downloaded,
                    },
                )
            })
        })
    };
    let svg_for_png = svg_text.clone();
    let on_svg = move |_| {
        save_text(&svg_text(), "image/svg+xml;charset=utf-8", &file_name("svg"));
        download_status.set("Chart downloaded as an SVG picture.".to_owned());
    };
    let on_png = move |_| {
        download_status.set("Drawing the chart…".to_owned());
        save_png(&svg_for_png(), file_name("png"), move |saved| {
            download_status.set(if saved {
                "Chart downloaded as a PNG picture.".to_owned()
            } else {
                "This browser could not draw the chart as a PNG: try the SVG.".to_owned()
            })
        });
    };
    let snippet = move || {
        let title = format!("Whole Place: {}{}", heading(), if made_up { " (made-up figures)" } else { "" });
        export::embed_snippet(&frame_address(), &title, &format!("{}embed.js", base_address()))
    };
    let on_copy_snippet = move |_| {
        let text = snippet();
        spawn_local(async move {
            embed_status.set(if copy_text(text).await {
                "Embed code copied.".to_owned()
            } else {
                "Could not copy here: select the code in the box and copy it.".to_owned()
            });
        });
    };
    let select_all = |event: web_sys::FocusEvent| {
        if let Some(target) = event.target() {
            if let Ok(input) = target.clone().dyn_into::<web_sys::HtmlInputElement>() {
                input.select();
            } else if let Ok(area) = target.dyn_into::<web_sys::HtmlTextAreaElement>() {
                area.select();
            }
        }
    };

    view! {
                <section class="share" aria-labelledby="share-heading" data-testid="share-panel">
                    <h2 class="share__heading" id="share-heading">"Share and download"</h2>
                    {if local_file {
                        view! {
                            <p class="share__note" data-testid="share-no-link">
                                "This view cannot be linked to or embedded: it shows a file opened on this computer, \
                                 which no address can open. The downloads say where the figures come from."
                            </p>
                        }
                        .into_any()
                    } else {
                        view! {
                    <div class="share__link">
                        <label class="share__label" for="share-link">"Link to this view"</label>
                        <input
                            id="share-link"
                            class="share__address"
                            type="text"
                            readonly
                            prop:value=view_address
                            on:focus=select_all
                            data-testid="share-link"
                        />
                        <div class="share__buttons">
                            <button type="button" class="share__button" on:click=on_copy data-testid="copy-link">"Copy link"</button>
                            {shareable.then(|| view! {
                                <button type="button" class="share__button" on:click=on_share data-testid="share-sheet">"Share…"</button>
                            })}
                        </div>
                        <p class="share__status" role="status" data-testid="copy-status">{move || link_status.get()}</p>
                    </div>
                        }
                        .into_any()
                    }}
                    <div class="share__downloads">
                        <p class="share__label">"Download these figures"</p>
                        <div class="share__buttons">
                            <button type="button" class="share__button" on:click=on_csv data-testid="download-csv">
                                "Figures (CSV)"
                            </button>
                            <button type="button" class="share__button" on:click=on_svg data-testid="download-svg">
                                "Chart (SVG)"
                            </button>
                            <button type="button" class="share__button" on:click=on_png data-testid="download-png">
                                "Chart (PNG)"
                            </button>
                        </div>
                        <p class="share__note">
                            "The CSV has the exact amounts, the selection, year, source, basis and licence."
                            {made_up.then_some(" These figures are made up, and every file says so.")}
                        </p>
                        <p class="share__status" role="status" data-testid="download-status">{move || download_status.get()}</p>
                    </div>
                    {(!local_file).then(|| view! {
                    <details class="share__embed" data-testid="embed-panel">
                        <summary class="share__embed-summary">"Embed this view on your website"</summary>
                        <p>
                            "Paste this into a page of your council or parish website. The frame shows this view \
                             without the site's header, grows to fit its content, and links to the full explorer."
                        </p>
                        <label class="share__label" for="embed-code">"Embed code"</label>
                        <textarea
                            id="embed-code"
                            class="share__code"
                            readonly
                            rows="7"
                            prop:value=snippet
                            on:focus=select_all
                            data-testid="embed-code"
                        ></textarea>
                        <div class="share__buttons">
                            <button type="button" class="share__button" on:click=on_copy_snippet data-testid="copy-embed">
                                "Copy embed code"
                            </button>
                        </div>
                        <p class="share__status" role="status" data-testid="embed-status">{move || embed_status.get()}</p>
                    </details>
                    })}
                </section>
    }
    .into_any()
}
