//! The ranked bar chart: one row per slice, largest first, each a link that drills into it.
//!
//! Labels (each in a `<bdi>`, so a right-to-left label cannot reorder its value) and values
//! (the table's own figures, from [`Figures`]) are HTML text: they wrap on a 320 px phone and
//! are read by screen readers. Each bar is a small SVG whose geometry comes from [`crate::domain::chart`]. Negative amounts
//! are hatched and signed, and "not attributed" bars are outlined, so colour is never the only cue.

use crate::domain::aggregate::{Breakdown, SliceKey};
use crate::domain::chart::{PLOT_WIDTH, Scale};
use crate::domain::coverage::EmptyView;
use crate::domain::format::{self, Figures};
use crate::domain::per_resident;
use crate::domain::source::StatusBadge;
use crate::ui::nav::{UrlContext, drill, href};
use leptos::prelude::*;

/// The chart, its caption, and its one-sentence text summary.
#[component]
pub fn BarChart(
    /// The breakdown to draw.
    breakdown: Memo<Breakdown>,
    /// The view's displayed figures: bar values and the summary use the table's figures.
    figures: Memo<Figures>,
    /// The status badge, decided by whose file it is (`source::status_badge`): its words are
    /// repeated beside the figures, so a file from elsewhere never reads as "Official figures".
    badge: StatusBadge,
    /// Why the view has no figures, when it has none (its sentence replaces the summary).
    empty: Memo<Option<EmptyView>>,
    /// The shown period's label, for that sentence.
    period_label: Memo<String>,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let summary = move || match empty.get() {
        Some(empty) => empty.sentence(&period_label.get()),
        None => breakdown.with(|b| figures.with(|f| format::summary(b, f))),
    };
    let heading = move || breakdown.with(|b| format!("Spending by {}", b.by.label().to_lowercase()));
    let rows = move || {
        let query = context.query.get();
        breakdown.with(|b| figures.with(|f| {
            // Total or per resident, in the chosen order (`per_resident::bars`): the table's figures.
            let bars = per_resident::bars(b, f, &query);
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
                    let children = (slice.n_children > 0).then(|| format!(" ({} below it)", slice.n_children));
                    let estimated = bars.estimated.get(i).copied().unwrap_or_default();
                    let estimate = scale.span(drawn - estimated, drawn);
                    let reference = reference.clone().map(|x| view! {
                        <line class="bar-chart__reference-halo" x1=x.clone() x2=x.clone() y1="0" y2="20"></line>
                        <line class="bar-chart__reference" x1=x.clone() x2=x y1="0" y2="20"></line>
                    });
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
                    match &slice.drill {
                        Some(member) => {
                            let link = href(&context, drill(&context, &query, b.by, member.clone()));
                            view! {
                                <li class="bar-chart__row" class:bar-chart__row--unattributed=unattributed>
                                    <a class="bar-chart__link" href=link data-noscroll="" data-testid="bar-link">
                                        {inner}
                                        <span class="visually-hidden">", show only this"</span>
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
        }))
    };
    view! {
        <figure class="bar-chart" aria-labelledby="bar-chart-heading">
            <h2 class="bar-chart__heading" id="bar-chart-heading">{heading}</h2>
            <p class="bar-chart__status">
                {badge.label}
                ". Select a bar to show only that slice. Hatched parts of bars are estimates."
            </p>
            <ul class="bar-chart__rows" data-testid="bar-chart">{rows}</ul>
            <figcaption class="bar-chart__summary" data-testid="chart-summary">{summary}</figcaption>
        </figure>
    }
}
