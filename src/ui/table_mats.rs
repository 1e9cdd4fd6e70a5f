//! "Print table mats" (`view=table-mats`): on screen, the Places to print (links that add or
//! remove a Place in the URL) and one Print button; on paper (style/print.css), one A3
//! landscape page per Place: its spending by activity and who it is for in large type, its
//! outcome measures, a QR code to its live view, the data's source, status and date, and a ruled
//! space headed "What would you change?". The figures are `domain::table_mat`'s.

use crate::domain::format;
use crate::domain::model::{Dataset, Dim, Status};
use crate::domain::outcomes::CAUTION;
use crate::domain::presenter::Present;
use crate::domain::query::{MemberRef, Query, View};
use crate::domain::source::{self, Provenance};
use crate::domain::table_mat::{TableMat, cell_text, table_mats};
use crate::domain::url::{self, DataParams};
use crate::ui::app::PageUrl;
use crate::ui::browser::page_address;
use crate::ui::print_footer::{QrImage, use_print_date};
use leptos::prelude::*;
use std::sync::Arc;

/// Ruled lines under "What would you change?", for handwriting.
const WRITING_LINES: usize = 6;

/// The table mats page for one loaded dataset.
#[component]
pub fn TableMats(
    /// The dataset.
    dataset: Arc<Dataset>,
    /// Whose file it is: decides the status words and whether a QR code can lead back.
    provenance: Provenance,
) -> impl IntoView {
    let PageUrl { data, query, .. } = expect_context::<PageUrl>();
    let date = use_print_date();
    let badge = source::status_badge(dataset.metadata.status, &provenance);
    let made_up = dataset.metadata.status == Status::Illustrative;
    let local_file = matches!(provenance, Provenance::LocalFile(_));
    let mats = {
        let dataset = dataset.clone();
        Memo::new(move |_| query.with(|q| table_mats(&dataset, q)))
    };
    // The tab title and history entry say what the page is and for which Places. (An effect is
    // right here: it only writes to the world outside the app.)
    {
        let provenance = provenance.clone();
        Effect::new(move |_| {
            let title = mats.with(|m| {
                let names: Vec<String> = m.mats.iter().map(|mat| format::isolate(&mat.place_label)).collect();
                match names.len() {
                    0 => "Print table mats · Whole Place".to_owned(),
                    1..=3 => format!("Print table mats: {} · Whole Place", format::join_and(&names)),
                    n => format!("Print table mats: {n} Places · Whole Place"),
                }
            });
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                document.set_title(&provenance.tab_title(&title));
            }
        });
    }
    let link = move |query: Query| url::link(&data.get(), query);
    let explorer_link = move || {
        let mut back = query.get();
        back.view = View::Chart;
        link(back)
    };
    // One link per Place: following it adds the Place to the mats or takes it off.
    let place_links = {
        let dataset = dataset.clone();
        move || {
            let chosen = query.with(|q| q.filter(Dim::Place).to_vec());
            dataset
                .dim(Dim::Place)
                .iter()
                .map(|(_, place)| {
                    let member = MemberRef::Id(place.id.clone());
                    let on = chosen.contains(&member);
                    let href = link(query.get().toggled(Dim::Place, &member));
                    let action = if on { "Take off" } else { "Add" };
                    view! {
                        <li>
                            <a
                                class="table-mats__place"
                                class:table-mats__place--on=on
                                href=href
                                data-testid=format!("mat-place-{}", place.id)
                            >
                                <span class="visually-hidden">{action} " "</span>
                                <bdi>{place.label.clone()}</bdi>
                                {on.then_some(view! { <span class="table-mats__tick" aria-hidden="true">"✓"</span> })}
                            </a>
                        </li>
                    }
                })
                .collect_view()
        }
    };
    let several_places = dataset.dim(Dim::Place).len() > 1;
    let all_link = move || {
        let mut all = query.get();
        all.filters[Dim::Place.index()].clear();
        link(all)
    };
    let summary = move || {
        mats.with(|m| {
            let n = m.mats.len();
            let chosen = query.with(|q| !q.filter(Dim::Place).is_empty());
            let which = if chosen || n == 1 { "" } else { ", one for every Place" };
            match n {
                0 => "No mats: none of the Places in this link is in the data. Choose Places below.".to_owned(),
                1 => format!("1 mat{which}, for {}. Print on A3 paper, landscape.", format::isolate(&m.period_label)),
                n => {
                    format!("{n} mats{which}, for {}. Print on A3 paper, landscape.", format::isolate(&m.period_label))
                }
            }
        })
    };
    let not_places = move || {
        mats.with(|m| {
            (!m.not_places.is_empty()).then(|| {
                let ids = m.not_places.iter().map(|id| format::isolate(id)).collect::<Vec<_>>();
                view! {
                    <p class="table-mats__not-places" role="note" data-testid="mats-not-places">
                        "Left out, not Places in this data: " {format::join_and(&ids)} "."
                    </p>
                }
            })
        })
    };
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    let pages = {
        let dataset = dataset.clone();
        move || {
            let data = data.get();
            mats.get()
                .mats
                .into_iter()
                .map(|mat| {
                    view! {
                        <Mat
                            dataset=dataset.clone()
                            mat
                            data=data.clone()
                            badge_label=badge.label
                            made_up
                            local_file
                            date
                        />
                    }
                })
                .collect_view()
        }
    };
    view! {
        <section class="table-mats" aria-labelledby="table-mats-heading" data-testid="table-mats">
            <div class="table-mats__controls">
                <h1 id="table-mats-heading" class="table-mats__heading">"Print table mats"</h1>
                <p>
                    "One page per Place for a table of residents: its spending by activity and who it is for, \
                     its outcome measures, a QR code to its live figures and space to write what they would change."
                </p>
                <p data-testid="mats-summary">{summary}</p>
                {not_places}
                {several_places.then(|| view! {
                    <nav class="table-mats__places" aria-label="Places to print">
                        <p class="table-mats__places-heading">"Places (none chosen prints every Place): "
                            <a href=all_link data-testid="mat-places-all">"every Place"</a>
                        </p>
                        <ul class="table-mats__place-list">{place_links.clone()}</ul>
                    </nav>
                })}
                <p class="table-mats__actions">
                    <button type="button" class="share__button table-mats__print" on:click=print data-testid="mats-print">
                        "Print"
                    </button>
                    " "
                    <a href=explorer_link data-testid="mats-back">"Back to the explorer"</a>
                </p>
            </div>
            {pages}
        </section>
    }
}

/// One Place's mat: an A3 landscape page in print.
#[component]
fn Mat(
    /// The dataset, for currency, source and licence.
    dataset: Arc<Dataset>,
    /// The mat's figures.
    mat: TableMat,
    /// The data parameters, so the QR code opens the same data.
    data: DataParams,
    /// The status words (`source::status_badge`).
    badge_label: &'static str,
    /// Whether the figures are made up: the page says MADE-UP in large letters.
    made_up: bool,
    /// A reader's own file: no address can open it, so there is no QR code.
    local_file: bool,
    /// The print date in words.
    date: ReadSignal<String>,
) -> impl IntoView {
    let metadata = &dataset.metadata;
    let currency = metadata.currency.clone();
    let address = format!(
        "{}{}",
        page_address(),
        url::link(&DataParams { embed: false, present: Present::Off, ..data }, mat.live_query.clone())
    );
    let heading_id = format!("mat-{}", mat.place_id);
    let labelled_by = heading_id.clone();
    let breakdown = &mat.breakdown;
    let period_label = dataset.period_label(breakdown.period).to_owned();
    let audience_note = mat.audience_note(&period_label);
    let two_way = mat.is_two_way();
    let figures_label = format!("{}: spending by activity (scrolls sideways)", mat.place_label);
    let table = mat.figures.cross.as_ref().map(|shown| {
        let places = shown.decimal_places;
        let figure = |exact, shown| cell_text(exact, shown, places);
        // Columns by who it is for only when there are two or more; otherwise each activity's
        // total alone (the note above the table says why).
        let headers = two_way.then(|| {
            breakdown
                .columns
                .iter()
                .map(|c| view! { <th scope="col" class="table-mat__number"><bdi>{c.label.clone()}</bdi></th> })
                .collect_view()
        });
        let rows = breakdown
            .slices
            .iter()
            .enumerate()
            .zip(&shown.cells)
            .zip(&shown.row_totals)
            .map(|(((r, slice), cells), total)| {
                let exact_row = breakdown.cells.get(r);
                let cells = two_way.then(|| {
                    cells
                        .iter()
                        .enumerate()
                        .map(|(c, amount)| {
                            let exact = exact_row.and_then(|row| row.get(c)).copied().unwrap_or(*amount);
                            view! { <td class="table-mat__number">{figure(exact, *amount)}</td> }
                        })
                        .collect_view()
                });
                view! {
                    <tr>
                        <th scope="row"><bdi>{slice.label.clone()}</bdi></th>
                        {cells}
                        <td class="table-mat__number table-mat__total">{figure(slice.amount, *total)}</td>
                    </tr>
                }
            })
            .collect_view();
        let footer = two_way.then(|| {
            shown
                .column_totals
                .iter()
                .zip(&breakdown.columns)
                .map(|(amount, column)| view! { <td class="table-mat__number table-mat__total">{figure(column.amount, *amount)}</td> })
                .collect_view()
        });
        let n_columns = breakdown.columns.len();
        let note = format::cross_note(shown, breakdown, &currency, mat.figures.decimal_places);
        view! {
            <table class="table-mat__table" class:table-mat__table--two-way=two_way data-testid="mat-table">
                <caption class="visually-hidden">
                    {format!("Spending in {} by activity and who it is for, in {}", mat.place_label, format::currency_name(&currency))}
                </caption>
                <thead>
                    {two_way.then(|| view! {
                        <tr>
                            <td></td>
                            <th scope="colgroup" colspan=n_columns.to_string() class="table-mat__group">"Who it is for"</th>
                            <td></td>
                        </tr>
                    })}
                    <tr>
                        <th scope="col">"Activity"</th>
                        {headers}
                        <th scope="col" class="table-mat__number">"Total"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr>
                        <th scope="row">"Total"</th>
                        {footer}
                        <td class="table-mat__number table-mat__total">{figure(breakdown.total, shown.total)}</td>
                    </tr>
                </tfoot>
            </table>
            <p class="table-mat__note">"Figures in " {format::currency_name(&currency)} "; – means nothing is spent. " {note}</p>
        }
    });
    let empty = mat.breakdown.n_facts == 0;
    let outcomes = if mat.outcomes.is_empty() {
        view! { <p data-testid="mat-outcomes-none">"This data has no outcome measures for this Place."</p> }.into_any()
    } else {
        let items = mat
            .outcomes
            .iter()
            .map(|row| {
                view! {
                    <li class="table-mat__outcome" data-testid="mat-outcome">
                        <strong><bdi>{row.label.clone()}</bdi></strong> " " {row.sentence.clone()} " " {row.direction} "."
                    </li>
                }
            })
            .collect_view();
        view! {
            <ul class="table-mat__outcomes">{items}</ul>
            <p class="table-mat__caution">{CAUTION}</p>
        }
        .into_any()
    };
    let licence = metadata.licence.as_ref().map(|l| l.name.clone());
    let attribution = format::licence_attribution(metadata);
    let lines = (0..WRITING_LINES).map(|_| view! { <div class="table-mat__line"></div> }).collect_view();
    view! {
        <article class="table-mat" aria-labelledby=labelled_by data-testid="table-mat">
            <header class="table-mat__header">
                <h2 class="table-mat__place" id=heading_id><bdi>{mat.place_label.clone()}</bdi></h2>
                {made_up.then_some(view! {
                    <p class="table-mat__made-up">"MADE-UP FIGURES: not real spending. For practice only."</p>
                })}
                <p class="table-mat__subtitle">
                    "Public spending by activity and who it is for, " <bdi>{period_label.clone()}</bdi> ", in " {format::currency_name(&metadata.currency)} "."
                </p>
            </header>
            <div class="table-mat__body">
                <div class="table-mat__main">
                    // Scrolls sideways on a narrow screen, so it takes focus for the keyboard.
                    <div class="table-mat__figures" tabindex="0" role="region" aria-label=figures_label>
                        {audience_note.map(|n| view! { <p class="table-mat__audience-note" data-testid="mat-audience-note">{n}</p> })}
                        {if empty {
                            view! { <p>"No spending is recorded for this Place in this year."</p> }.into_any()
                        } else {
                            table.into_any()
                        }}
                    </div>
                </div>
                <div class="table-mat__side">
                    <section class="table-mat__section table-mat__link">
                        {(!local_file).then(|| view! {
                            <QrImage address=address.clone() what="this Place's live figures" class="table-mat__qr" />
                        })}
                        <p class="table-mat__address">"Scan or type for the live figures: " <span data-testid="mat-address">{(!local_file).then_some(address.clone())}</span></p>
                    </section>
                    <section class="table-mat__section">
                        <h3 class="table-mat__section-heading">"How it is going: outcome measures"</h3>
                        {outcomes}
                    </section>
                </div>
            </div>
            <section class="table-mat__write">
                <h3 class="table-mat__section-heading">"What would you change?"</h3>
                {lines}
            </section>
            <footer class="table-mat__footer">
                "Data: " <bdi>{metadata.title.clone()}</bdi> ". Status: " {badge_label} ". "
                {licence.map(|l| view! { "Licence: " {l} ". " })}
                {attribution}
                " Printed on " {move || date.get()} "."
            </footer>
        </article>
    }
}
