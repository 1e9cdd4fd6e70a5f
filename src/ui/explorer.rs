//! The explorer for one loaded dataset: derives the breakdown from the URL's query and lays out
//! the answer (headline, what to show, chart) first, the year and the other choices beside it
//! on a wide screen (after it on a phone), then the tables, trends and problems.

use crate::domain::aggregate::{aggregate, opening_by, opening_narrowed, period_of, single_slice_dims};
use crate::domain::coverage::empty_view;
use crate::domain::format;
use crate::domain::link_check;
use crate::domain::load::Loaded;
use crate::domain::model::Dim;
use crate::domain::query::Query;
use crate::domain::source::{self, Provenance};
use crate::ui::about_data::AboutData;
use crate::ui::app::PageUrl;
use crate::ui::bar_chart::BarChart;
use crate::ui::chips::FilterChips;
use crate::ui::collect_panel::CollectPanel;
use crate::ui::compare_places::ComparePlaces;
use crate::ui::comparison::Comparison;
use crate::ui::coverage_notes::CoverageNotes;
use crate::ui::cross_table::CrossTable;
use crate::ui::data_table::DataTable;
use crate::ui::embed::{EmbedDisclosure, EmbedFooter};
use crate::ui::filter_panel::FilterPanel;
use crate::ui::headline::Headline;
use crate::ui::headline_notes::HeadlineNotes;
use crate::ui::lineage_panel::{LineagePanel, OpenLineage};
use crate::ui::link_notice::LinkNotice;
use crate::ui::measure_switch::MeasureSwitch;
use crate::ui::nav::{UrlContext, drill, href};
use crate::ui::outcomes_panel::OutcomesPanel;
use crate::ui::presenter::{PresenterBar, PresenterRegion, PresenterToggle};
use crate::ui::print_footer::PrintFooter;
use crate::ui::problems_panel::ProblemsPanel;
use crate::ui::scenario_panel::ScenarioPanel;
use crate::ui::share_panel::SharePanel;
use crate::ui::slice_picker::{SlicePicker, ThenByPicker};
use crate::ui::trend_chart::TrendChart;
use crate::ui::year_picker::YearPicker;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use std::sync::Arc;

/// The width in CSS pixels from which the choices get a column of their own (64em in
/// style/main.css, at the default text size).
const WIDE_PX: f64 = 1024.0;

/// Shows one dataset. Everything it displays is derived from the URL's query with `Memo`s.
#[component]
pub fn Explorer(
    /// The loaded file: a usable dataset plus its problems.
    loaded: Arc<Loaded>,
    /// Whose file it is: decides the status badge and the tab title.
    provenance: Provenance,
) -> impl IntoView {
    let Some(dataset) = loaded.dataset.clone() else {
        return ().into_any();
    };
    let PageUrl { data, query: raw_query, by_stated } = expect_context::<PageUrl>();
    // A dimension that would be one bar for the whole year (a dataset for one Place) is moved
    // past: the view opens on the next one, and drilling skips it.
    // Keyed on the period alone (a Memo only notifies when its value changes), so the pass
    // over the facts runs when the year changes, not on every click.
    let period = {
        let dataset = dataset.clone();
        Memo::new(move |_| raw_query.with(|q| period_of(&dataset, q)))
    };
    let single = {
        let dataset = dataset.clone();
        Memo::new(move |_| single_slice_dims(&dataset, period.get()))
    };
    let shown_period_id = {
        let dataset = dataset.clone();
        move |ix: u16| dataset.periods.get(usize::from(ix)).map(|p| p.id.clone())
    };
    let several_periods = dataset.periods.len() > 1;
    let dataset_for_opening = dataset.clone();
    let query = Memo::new(move |_| {
        let mut query = raw_query.get();
        if !by_stated.get() {
            // `?place=ludlow` alone opens on the next dimension, not a one-bar chart of Ludlow.
            query.by = opening_by(opening_narrowed(&dataset_for_opening, &query, single.get()), query.by);
        }
        // Every link the page writes names its year, so a shared view keeps showing that year
        // when a later one is added to the data.
        if several_periods {
            query.period = shown_period_id(period.get());
        }
        query
    });
    let context = UrlContext { data, query, single: single.into() };
    provide_context(context);
    let breakdown = {
        let dataset = dataset.clone();
        Memo::new(move |_| query.with(|q| aggregate(&dataset, q)))
    };
    // The link each bar follows, by slice index: the chart and the table's row labels follow
    // the same links, so each is written once per view (dozens of links on every click).
    let drill_links = Memo::new(move |_| {
        query.with(|q| {
            breakdown.with(|b| {
                b.slices
                    .iter()
                    .map(|slice| {
                        let member = slice.drill.clone()?;
                        Some(href(&context, drill(&context, q, b.by, member, slice.opens_onto_parts())))
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let badge = source::status_badge(dataset.metadata.status, &provenance);
    // One set of displayed figures per view: every component reads it, so one quantity is one
    // figure everywhere on the page.
    let figures = {
        let currency = dataset.metadata.currency.clone();
        Memo::new(move |_| breakdown.with(|b| format::figures(b, &currency)))
    };
    // The bars as drawn (total or per resident, in the chosen order): the chart, the table's row
    // order and the measure switch's summary all read them, so they are derived once per view.
    let bars = Memo::new(move |_| {
        breakdown.with(|b| figures.with(|f| query.with(|q| crate::domain::per_resident::bars(b, f, q))))
    });
    // What the selection covers, in words: the headline, the link notice and the tab title all
    // say it, so it is built once per query.
    let phrase = {
        let dataset = dataset.clone();
        Memo::new(move |_| query.with(|q| format::selection_phrase(&dataset, q)))
    };
    let has_two_way = move || breakdown.with(|b| b.then.is_some());
    let period_label = {
        let dataset = dataset.clone();
        Memo::new(move |_| breakdown.with(|b| dataset.period_label(b.period).to_owned()))
    };
    // Why the view has no figures, if it has none: "not in this data" or "nothing recorded".
    let empty = {
        let dataset = dataset.clone();
        Memo::new(move |_| query.with(|q| breakdown.with(|b| empty_view(&dataset, q, b))))
    };
    // Parts of the link this file lacks; the notice names them and the tab title warns of them.
    let unmatched = {
        let dataset = dataset.clone();
        let search = use_location().search;
        Memo::new(move |_| search.with(|s| link_check::check(&dataset, s)))
    };
    // The tab title names the view, so history entries and shared tabs say what they show.
    // Its labels are direction-isolated by `selection_phrase` (FSI … PDI), as in every sentence.
    // (An effect is right here: it only writes to the world outside the app.)
    {
        let provenance = provenance.clone();
        let dataset = dataset.clone();
        Effect::new(move |_| {
            let phrase = phrase.get();
            // With several years, the tab and history entry say which one.
            let year = if dataset.periods.len() > 1 {
                format!(" in {}", format::isolate(&period_label.get()))
            } else {
                String::new()
            };
            // A two-way view names both dimensions, so its tab and history entry say what they show.
            // The same words as the chart heading ("Place" keeps its capital).
            let by = breakdown.with(|b| match b.then {
                Some(then) => format!("{} and {}", format::by_words(b.by), format::by_words(then)),
                None => format::by_words(b.by),
            });
            let warning =
                if unmatched.with(link_check::LinkCheck::is_clean) { "" } else { "Part of link not found · " };
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                document.set_title(&provenance.tab_title(&format!("{warning}{phrase}{year}, by {by} · Whole Place")));
            }
        });
    }
    let problems = loaded.problems.clone();
    let open_lineage: OpenLineage = RwSignal::new(None);
    let by = Memo::new(move |_| query.with(|q| q.by));
    // The controls are the children of `EmbedDisclosure` (a disclosure when embedded).
    let controls_dataset = dataset.clone();

    // What to do first, on the opening view only (nothing chosen yet).
    let n_periods = dataset.periods.len();
    let first_step = move || {
        let opening = opening_by(single.get(), Query::default().by);
        query.with(|q| format::first_step(q, opening, n_periods))
    };
    // The disclosure with "then by" and the filter groups starts open where it has a column of
    // its own (wide screens), closed on phones, where it would push the figures away. Read once:
    // after that it is the reader's to open or close.
    let wide = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|width| width.as_f64())
        .is_some_and(|width| width >= WIDE_PX);
    // Filters on ids the file lacks are not counted: the figures leave them out (the link notice
    // says so), as the chips and the filter groups do.
    let n_filters = move || {
        let n_chosen = query.with(|q| Dim::ALL.iter().map(|d| q.filter(*d).len()).sum::<usize>());
        n_chosen.saturating_sub(breakdown.with(|b| b.unknown_filters.len()))
    };

    // The answer first; the choices beside or below it (year, filters, "then by") and the panels
    // below it (the table, years, outcomes, sources, problems) in the next task, so the first
    // figures are not held up and no one task blocks the page for long. The clock is the outside
    // world: the timer only says when to draw, and is cleared if this view goes first.
    // Two timers, so the choices and the panels are drawn in a task each.
    let later = RwSignal::new(false);
    let last = RwSignal::new(false);
    let timers =
        [later, last].map(|shown| set_timeout_with_handle(move || shown.set(true), std::time::Duration::ZERO).ok());
    on_cleanup(move || {
        for timer in timers.into_iter().flatten() {
            timer.clear();
        }
    });
    let choices = {
        let controls_dataset = controls_dataset.clone();
        move || {
            let controls_dataset = controls_dataset.clone();
            view! {
                <EmbedDisclosure>
                <YearPicker dataset=controls_dataset.clone() />
                <FilterChips dataset=controls_dataset.clone() breakdown=breakdown />
                <details class="explorer__more" open=wide data-testid="more-filters">
                    <summary class="explorer__more-summary">
                        "More filters"
                        <span class="explorer__more-count">
                            {move || match n_filters() {
                                0 => String::new(),
                                1 => " (1 chosen)".to_owned(),
                                n => format!(" ({n} chosen)"),
                            }}
                        </span>
                    </summary>
                    <ThenByPicker />
                    <FilterPanel dataset=controls_dataset />
                </details>
                </EmbedDisclosure>
            }
        }
    };
    let rest = {
        let dataset = dataset.clone();
        let provenance = provenance.clone();
        move || {
            let dataset = dataset.clone();
            view! {
                <CoverageNotes dataset=dataset.clone() breakdown=breakdown period_label />
                <DataTable dataset=dataset.clone() breakdown=breakdown figures=figures bars drill_links badge open=open_lineage empty />
                <LineagePanel dataset=dataset.clone() by=by open=open_lineage />
                <Comparison dataset=dataset.clone() breakdown=breakdown period_label empty />
                <TrendChart dataset=dataset.clone() />
                <OutcomesPanel dataset=dataset.clone() />
                {
                    let dataset = dataset.clone();
                    move || has_two_way().then(|| view! { <CrossTable dataset=dataset.clone() breakdown=breakdown figures=figures badge /> })
                }
                <ProblemsPanel problems=problems excluded=dataset.excluded.clone() currency=dataset.metadata.currency.clone() />
                <AboutData dataset=dataset.clone() provenance=provenance.clone() />
            }
        }
    };

    // Reading order is the order on a phone: the answer (headline, what to show it by, the
    // chart), then the year, the filters chosen and the other choices, then everything else.
    // On a wide screen those choices stand in a column beside the answer (style/main.css
    // `.explorer`). The chosen filters are also said in the headline's heading.
    // In presenter mode (`present=`) the explorer is the presenter region, with its bar on top
    // and the toggle to it beside the answer on the full page (src/ui/presenter.rs).
    let footer_dataset = dataset.clone();
    let print_footer = view! { <PrintFooter dataset=dataset.clone() provenance=provenance.clone() badge /> };
    view! {
        <PresenterRegion dataset=dataset.clone()>
        <div class="explorer">
            <div class="explorer__answer">
                <PresenterBar dataset=dataset.clone() />
                <LinkNotice phrase unmatched=unmatched />
                <Headline dataset=dataset.clone() phrase breakdown=breakdown badge figures=figures empty period_label />
                <SlicePicker dataset=dataset.clone() />
                {move || first_step().map(|text| view! { <p class="explorer__first-step" data-testid="first-step">{text}</p> })}
                <ComparePlaces dataset=dataset.clone() />
                <BarChart dataset=dataset.clone() phrase breakdown=breakdown figures=figures bars drill_links badge empty period_label />
                <MeasureSwitch dataset=dataset.clone() breakdown=breakdown figures=figures bars />
                <HeadlineNotes dataset=dataset.clone() breakdown=breakdown figures=figures empty own_file=provenance.is_own() />
                <SharePanel dataset=dataset.clone() breakdown figures badge phrase period_label provenance=provenance.clone() />
                <ScenarioPanel dataset=dataset.clone() provenance=provenance.clone() status=badge.label />
                <CollectPanel dataset=dataset.clone() />
                // A page per Place for a World Café table (`view=table-mats`), for the Places
                // chosen here and this year. Not offered embedded: a frame is for reading.
                {(!context.data.with_untracked(|d| d.embed)).then(|| view! {
                    <p class="explorer__table-mats">
                        <a href=move || href(&context, crate::domain::table_mat::mats_link_query(&query.get())) data-testid="table-mats-link">
                            "Print table mats"
                        </a>
                    </p>
                })}
            </div>
            <section class="explorer__side explorer__controls" aria-label="Choose what to show">
                <PresenterToggle />
                {move || later.get().then(choices.clone())}
            </section>
            <div class="explorer__rest">{move || last.get().then(rest.clone())}</div>
        </div>
        </PresenterRegion>
        {print_footer}
        <EmbedFooter dataset=footer_dataset status=badge.label />
    }
    .into_any()
}
