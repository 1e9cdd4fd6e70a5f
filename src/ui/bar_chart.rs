//! The ranked bar chart: one row per slice, largest first, each a link that drills into it.
//!
//! Labels (each in a `<bdi>`, so a right-to-left label cannot reorder its value) and values
//! (the table's own figures, from [`Figures`]) are HTML text: they wrap on a 320 px phone and
//! are read by screen readers. Each bar is a small SVG whose geometry comes from
//! [`crate::domain::chart`]. Negative amounts are hatched and signed, and "not attributed" bars
//! are outlined, so colour is never the only cue.
//!
//! The heading states the whole selection (`format::view_heading`). Following a bar (or a way
//! up) moves keyboard focus to that heading at once, so a second Enter cannot land on whichever
//! bar fills the slot next, and a polite live region says what is now shown. A one-bar view with
//! nowhere further to go (`Query::is_most_detailed`) is not drawn as a chart: it says it is the
//! most detailed view and lists the ways up.

use crate::domain::aggregate::{Breakdown, SliceKey};
use crate::domain::chart::{PLOT_WIDTH, Scale};
use crate::domain::coverage::EmptyView;
use crate::domain::format::{self, Figures};
use crate::domain::model::Dataset;
use crate::domain::per_resident::{self, Bars};
use crate::domain::source::StatusBadge;
use crate::ui::nav::{UrlContext, href};
use leptos::html;
use leptos::prelude::*;
use std::sync::Arc;

/// After a drill: puts the headline and the chart's top in view when they are not. (Focus is
/// already on the heading; the browser scrolled just enough to show it, which can leave the
/// answer, the headline, above the screen.)
fn bring_answer_into_view(heading: &web_sys::HtmlElement) {
    let Some(window) = web_sys::window() else { return };
    let Some(viewport) = window.inner_height().ok().and_then(|h| h.as_f64()) else { return };
    let heading_out = |heading: &web_sys::HtmlElement| {
        let rect = heading.get_bounding_client_rect();
        rect.top() < 0.0 || rect.bottom() > viewport
    };
    let headline = window.document().and_then(|d| d.query_selector(".headline").ok().flatten());
    let headline_above = headline.as_ref().is_some_and(|h| h.get_bounding_client_rect().top() < 0.0);
    if !headline_above && !heading_out(heading) {
        return;
    }
    // The headline at the top of the screen; if the chart heading then falls below the screen
    // (a long headline on a small phone), the heading wins: it holds the focus.
    if let Some(headline) = headline {
        headline.scroll_into_view_with_bool(true);
    }
    if heading_out(heading) {
        heading.scroll_into_view_with_bool(true);
    }
}

/// The chart, its caption, and its one-sentence text summary.
#[component]
pub fn BarChart(
    /// The dataset, for the heading's labels and the ways up.
    dataset: Arc<Dataset>,
    /// What the selection covers, from `format::selection_phrase` (built once by the explorer).
    phrase: Memo<String>,
    /// The breakdown to draw.
    breakdown: Memo<Breakdown>,
    /// The view's displayed figures: bar values and the summary use the table's figures.
    figures: Memo<Figures>,
    /// The bars as drawn (`per_resident::bars`: total or per resident, in the chosen order).
    bars: Memo<Bars>,
    /// The link each bar follows, by slice index (`None` for a bar that goes nowhere).
    drill_links: Memo<Vec<Option<String>>>,
    /// The status badge, decided by whose file it is (`source::status_badge`): its words are
    /// repeated beside the figures, so a file from elsewhere never reads as "Official figures".
    badge: StatusBadge,
    /// Why the view has no figures, when it has none (its sentence replaces the summary).
    empty: Memo<Option<EmptyView>>,
    /// The shown period's label, for that sentence.
    period_label: Memo<String>,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let query = context.query;
    let summary = move || match empty.get() {
        Some(empty) => empty.sentence(&period_label.get()),
        None => breakdown.with(|b| figures.with(|f| format::summary(b, f))),
    };
    // The measure the bars are drawn to (per resident only where offered), named in the heading.
    let per_head = Memo::new(move |_| breakdown.with(|b| query.with(|q| per_resident::heading_per_head(b, q))));
    let heading = {
        let dataset = dataset.clone();
        Memo::new(move |_| query.with(|q| per_head.with(|p| format::view_heading(&dataset, q, p.as_deref()))))
    };
    let heading_spoken = {
        let dataset = dataset.clone();
        Memo::new(move |_| query.with(|q| per_head.with(|p| format::view_heading_spoken(&dataset, q, p.as_deref()))))
    };
    // What a listener hears when the view changes: the selection in words and its total (not
    // only the number), then the heading. Derived, so it changes exactly when the view does.
    let announcement = {
        Memo::new(move |_| {
            let total = match empty.with(|e| e.as_ref().map(EmptyView::total_words)) {
                Some(words) => words.to_owned(),
                None => figures.with(|f| f.total.amount.clone()),
            };
            phrase.with(|phrase| format::announcement(phrase, &total, &heading_spoken.get()))
        })
    };
    // One bar with nowhere further to go: say so and offer the ways up instead of a chart.
    let most_detailed = {
        let dataset = dataset.clone();
        Memo::new(move |_| {
            let single = context.single.get();
            query.with(|q| breakdown.with(|b| format::is_most_detailed(&dataset, q, b, single)))
        })
    };

    let heading_ref = NodeRef::<html::H2>::new();
    // Set when a link in the chart is followed, so the view that follows brings the answer
    // into view (a StoredValue, not a signal: nothing is derived from it).
    let followed = StoredValue::new(false);
    let on_follow = move |_: leptos::ev::MouseEvent| {
        followed.set_value(true);
        if let Some(heading) = heading_ref.get_untracked() {
            let _ = heading.focus();
        }
    };
    // An effect only talks to the outside world: it scrolls, after the new view is drawn.
    // It measures in the next animation frame, before that frame is laid out and painted: by
    // then every part of the page has its new content, so the measuring lays the page out once
    // (measured at once, it forced a layout that the rest of the update then undid).
    Effect::new(move |_| {
        heading.track();
        if followed.get_value() {
            followed.set_value(false);
            request_animation_frame(move || {
                if let Some(heading) = heading_ref.get_untracked() {
                    bring_answer_into_view(&heading);
                }
            });
        }
    });

    let rows = move || {
        drill_links.with(|links| breakdown.with(|b| figures.with(|f| bars.with(|bars| {
            let scale = Scale::covering(bars.values.iter().flatten().copied().chain(bars.reference));
            let baseline = scale.baseline().to_string();
            let reference = bars.reference.map(|r| scale.position(r).to_string());
            bars.order
                .iter()
                .filter_map(|&i| Some((i, b.slices.get(i)?, f.rows.get(i)?)))
                .map(|(i, slice, row)| {
                    let drawn = bars.values.get(i).copied().flatten().unwrap_or_default();
                    let bar = scale.bar(drawn);
                    let value = bars.texts.get(i).cloned().unwrap_or_default();
                    // "per resident" under the figure, so the row stays narrow at 320 px.
                    let unit = bars.units.get(i).filter(|u| !u.is_empty()).map(|u| {
                        view! { <span class="bar-chart__unit">{format!(" {u}")}</span> }
                    });
                    let unattributed = slice.key == SliceKey::Unattributed;
                    let rect_class = format!(
                        "bar-chart__rect{}{}",
                        if bar.negative { " bar-chart__rect--negative" } else { "" },
                        if unattributed { " bar-chart__rect--unattributed" } else { "" }
                    );
                    let has_children = slice.opens_onto_parts();
                    let children = format::parts_suffix(slice);
                    let estimated = bars.estimated.get(i).copied().unwrap_or_default();
                    let estimate = scale.span(drawn - estimated, drawn);
                    let reference = reference.clone().map(|x| view! {
                        <line class="bar-chart__reference-halo" x1=x.clone() x2=x.clone() y1="0" y2="20"></line>
                        <line class="bar-chart__reference" x1=x.clone() x2=x y1="0" y2="20"></line>
                    });
                    let action = slice.drill.is_some().then_some(if has_children { ", open it" } else { ", show only this" });
                    let estimate_words = row.estimated.clone().map(|e| {
                        view! { <span class="bar-chart__estimate" data-testid="bar-estimate">{format!("includes {e} estimate")}</span> }
                    });
                    let inner = view! {
                        <span class="bar-chart__label"><bdi>{slice.label.clone()}</bdi>{children}</span>
                        <span class="bar-chart__value">{value}{unit}</span>
                        <svg
                            class="bar-chart__bar"
                            viewBox=format!("0 0 {PLOT_WIDTH} 20")
                            preserveAspectRatio="none"
                            aria-hidden="true"
                            focusable="false"
                        >
                            <rect class=rect_class x=bar.x.to_string() y="0" width=bar.width.to_string() height="20"></rect>
                            <rect class="bar-chart__rect--estimate" x=estimate.x.to_string() y="0" width=estimate.width.to_string() height="20"></rect>
                            <line class="bar-chart__baseline" x1=baseline.clone() x2=baseline.clone() y1="0" y2="20"></line>
                            {reference}
                        </svg>
                        {estimate_words}
                    };
                    match links.get(i).cloned().flatten() {
                        Some(link) => {
                            view! {
                                <li class="bar-chart__row" class:bar-chart__row--unattributed=unattributed>
                                    <a class="bar-chart__link" href=link data-noscroll="" data-testid="bar-link" on:click=on_follow>
                                        {inner}
                                        // What following the bar does, for a listener: open it,
                                        // or show only it (after the estimate words, which the
                                        // value's box must not hold: tests and exports read it).
                                        {action.map(|a| view! { <span class="visually-hidden">{a}</span> })}
                                    </a>
                                </li>
                            }
                            .into_any()
                        }
                        None => view! {
                            <li class="bar-chart__row">
                                <div class="bar-chart__link bar-chart__link--static">{inner}</div>
                            </li>
                        }
                        .into_any(),
                    }
                })
                .collect_view()
        }))))
    };
    let ways_up = {
        let dataset = dataset.clone();
        move || {
            let single = context.single.get();
            let sentence = breakdown.with(|b| {
                figures.with(|f| {
                    let label = b.slices.first().map(|s| s.label.as_str()).unwrap_or_default();
                    format::most_detailed_sentence(b.by, label, &f.total.amount)
                })
            });
            let links = query
                .with(|q| format::ways_up(&dataset, q, single))
                .into_iter()
                .map(|(words, to)| {
                    view! {
                        <li>
                            <a href=href(&context, to) data-noscroll="" data-testid="way-up" on:click=on_follow>{words}</a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="bar-chart__most-detailed" data-testid="most-detailed">
                    <p>{sentence}</p>
                    <ul class="bar-chart__ways-up">{links}</ul>
                </div>
            }
        }
    };
    let unattributed_note = move || {
        let shows_it = breakdown.with(|b| b.slices.iter().any(|s| s.key == SliceKey::Unattributed));
        breakdown
            .with(|b| format::unattributed_note(b.by))
            .filter(|_| shows_it)
            .map(|note| view! { <p class="bar-chart__note" data-testid="unattributed-note">{note}</p> })
    };
    view! {
        <figure class="bar-chart" aria-labelledby="bar-chart-heading">
            // The name is the same words with pauses for the dots, which some screen readers say.
            <h2
                class="bar-chart__heading"
                id="bar-chart-heading"
                tabindex="-1"
                node_ref=heading_ref
                aria-label=heading_spoken
                data-testid="chart-heading"
            >
                {heading}
            </h2>
            <p class="visually-hidden" aria-live="polite" data-testid="view-announcement">{announcement}</p>
            <p class="bar-chart__status">
                // The status travels with the chart (print, screenshots); on a phone the
                // headline's badge just above says it, so it is hidden there (style/main.css).
                <span class="bar-chart__status-badge">{badge.label}". "</span>
                {move || (!most_detailed.get()).then(|| view! { <span class="bar-chart__instruction">"Select a bar for more detail. "</span> })}
                {move || figures.with(|f| f.total.estimated.is_some()).then_some("Hatched parts of bars are estimates.")}
            </p>
            {move || if most_detailed.get() {
                ways_up().into_any()
            } else {
                view! { <ul class="bar-chart__rows" data-testid="bar-chart">{rows}</ul> }.into_any()
            }}
            {unattributed_note}
            <figcaption class="bar-chart__summary" data-testid="chart-summary">{summary}</figcaption>
        </figure>
    }
}
