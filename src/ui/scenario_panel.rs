//! "Move the money" (issue 10): a table's proposal of moves between activities for the view's
//! Place and year, added through a small form, held in the URL (`moves=`), so Back undoes a
//! move and the link (or its QR code on paper) shares it; shown as paired bars and a before /
//! after table (`domain::scenario_figures`), exported as CSV (`domain::scenario_export`) and
//! printed. A link made on other data, malformed or with a bad move is refused in words and
//! moves nothing. Full page only: not drawn when embedded.

use crate::domain::chart::PLOT_WIDTH;
use crate::domain::export;
use crate::domain::model::{Dataset, Dim, MemberIx};
use crate::domain::query::MemberRef;
use crate::domain::scenario::{self, Move, Scenario, ScenarioError};
use crate::domain::scenario_amount::parse_move_amount;
use crate::domain::scenario_export::{ScenarioExport, scenario_csv, scenario_file_name};
use crate::domain::scenario_figures::{ScenarioFigures, activity_choices, scenario_figures};
use crate::domain::source::Provenance;
use crate::ui::browser::{page_address, save_text, today};
use crate::ui::nav::{UrlContext, bring_into_view_when_opened, href, use_go};
use crate::ui::print_footer::{QrImage, use_address_when_printed};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The paired bars: before and after for each activity a move names, in words and bars.
fn chart(figures: &ScenarioFigures) -> impl IntoView + use<> {
    let baseline = figures.baseline.to_string();
    let rows = figures
        .rows
        .iter()
        .filter_map(|row| row.bars.map(|bars| (row, bars)))
        .map(|(row, bars)| {
            let bar = |which: &'static str, text: String, span: crate::domain::chart::BarSpan| {
                let class = format!(
                    "scenario-chart__rect scenario-chart__rect--{which}{}",
                    if span.negative { " scenario-chart__rect--negative" } else { "" }
                );
                let word = if which == "before" { "Before" } else { "After" };
                view! {
                    <span class="scenario-chart__which">{word}</span>
                    <span class="scenario-chart__value" data-testid=format!("scenario-chart-{which}")>{text}</span>
                    <svg class="scenario-chart__bar" viewBox=format!("0 0 {PLOT_WIDTH} 20") preserveAspectRatio="none" aria-hidden="true" focusable="false">
                        <rect class=class x=span.x.to_string() y="0" width=span.width.to_string() height="20"></rect>
                        <line class="scenario-chart__baseline" x1=baseline.clone() x2=baseline.clone() y1="0" y2="20"></line>
                    </svg>
                }
            };
            let flag = row.overdrawn.clone().map(|f| view! { <p class="scenario__overdrawn">{f}</p> });
            view! {
                <li class="scenario-chart__row" data-testid="scenario-chart-row">
                    <p class="scenario-chart__label"><bdi>{row.label.clone()}</bdi>" "<span class="scenario-chart__change">{row.change_text.clone()}</span></p>
                    <div class="scenario-chart__pair">
                        {bar("before", row.before_text.clone(), bars.before)}
                        {bar("after", row.after_text.clone(), bars.after)}
                    </div>
                    {flag}
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class="scenario-chart">
            <figcaption class="scenario-chart__caption">"Before and after, for each activity the moves change (after: solid bar; before: outlined bar; overdrawn: hatched, left of zero)"</figcaption>
            <ul class="scenario-chart__rows" data-testid="scenario-chart">{rows}</ul>
        </figure>
    }
}

/// The before / after table, its parts adding up to its totals.
fn table(figures: &ScenarioFigures, dataset: &Dataset) -> impl IntoView + use<> {
    let activities = dataset.dim(Dim::Activity);
    let rows = figures
        .rows
        .iter()
        .map(|row| {
            let id = row.activity.and_then(|ix| activities.get(ix)).map_or_else(String::new, |a| a.id.clone());
            let flag = row
                .overdrawn
                .clone()
                .map(|f| view! { <span class="scenario__overdrawn" data-testid="scenario-overdrawn">{f}</span> });
            view! {
                <tr data-testid="scenario-row" data-activity=id class:scenario__row--overdrawn=row.overdrawn.is_some()>
                    <th scope="row"><bdi>{row.label.clone()}</bdi>{flag}</th>
                    <td class="data-table__number" data-testid="scenario-before">{row.before_text.clone()}</td>
                    <td class="data-table__number" data-testid="scenario-after">{row.after_text.clone()}</td>
                    <td class="data-table__number" data-testid="scenario-change">{row.change_text.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let caption = format!("Spending in {}, {}, before and after the moves", figures.place, figures.period);
    let zero = crate::domain::scenario_figures::signed_money(
        rust_decimal::Decimal::ZERO,
        &dataset.metadata.currency,
        figures.decimal_places,
    );
    view! {
        <p class="data-table__scroll-hint" aria-hidden="true">"Scroll the table sideways to see after and change."</p>
        <div class="data-table__scroll" tabindex="0" role="region" aria-label="Before and after table (scrolls sideways on small screens)">
            <table class="data-table__table scenario__table" data-testid="scenario-table">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Activity"</th>
                        <th scope="col" class="data-table__number">"Before"</th>
                        <th scope="col" class="data-table__number">"After"</th>
                        <th scope="col" class="data-table__number">"Change"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr>
                        <th scope="row">"Total"</th>
                        <td class="data-table__number" data-testid="scenario-total-before">{figures.total_text.clone()}</td>
                        <td class="data-table__number" data-testid="scenario-total-after">{figures.total_text.clone()}</td>
                        <td class="data-table__number" data-testid="scenario-total-change">{zero}</td>
                    </tr>
                </tfoot>
            </table>
        </div>
        <p class="data-table__note">{figures.rounding_note.clone()}</p>
    }
}

/// The "Move the money" panel: an opener link while closed, the scenario while open.
#[component]
pub fn ScenarioPanel(
    /// The dataset the moves are made on.
    dataset: Arc<Dataset>,
    /// Whose figures (the CSV says so when they are not this website's).
    provenance: Provenance,
    /// The status badge's words, under the heading and in the CSV.
    status: &'static str,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    if context.data.with_untracked(|d| d.embed) {
        return ().into_any();
    }
    let query = context.query;
    let go = use_go();
    let is_open = Memo::new(move |_| query.with(|q| q.shows_scenario()));
    // The link's moves, checked against this data: `None` without moves.
    let decoded = {
        let dataset = dataset.clone();
        Memo::new(move |_| query.with(|q| q.moves.as_deref().map(|text| scenario::decode(text, &dataset))))
    };
    // What is shown: the link's moves when they can be used, none otherwise (nothing moved).
    let current = {
        let dataset = dataset.clone();
        Memo::new(move |_| match decoded.get() {
            Some(Ok(s)) => s,
            _ => Scenario::new(&dataset),
        })
    };
    let figures = {
        let dataset = dataset.clone();
        Memo::new(move |_| is_open.get().then(|| query.with(|q| current.with(|s| scenario_figures(&dataset, q, s)))))
    };
    bring_into_view_when_opened(is_open, "scenario-heading");
    let open_link = move || query.with(|q| href(&context, q.moving_money(true, None)));
    let close_link = move || query.with(|q| href(&context, q.moving_money(false, None)));
    let collect_link = move || query.with(|q| href(&context, q.collecting(true, Vec::new())));
    let refusal = move || decoded.with(|d| d.as_ref().and_then(|r| r.as_ref().err().map(ScenarioError::message)));
    let form_message = RwSignal::new(String::new());
    // Whether the typed amount was refused: the field says so to assistive technology
    // (`aria-invalid`, the message in its description) and takes focus to be corrected.
    let amount_invalid = RwSignal::new(false);
    let from_ref = NodeRef::<leptos::html::Select>::new();
    let to_ref = NodeRef::<leptos::html::Select>::new();
    let amount_ref = NodeRef::<leptos::html::Input>::new();
    let on_add = {
        let dataset = dataset.clone();
        let go = go.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let chosen = |node: NodeRef<leptos::html::Select>| {
                node.get_untracked().and_then(|s| s.value().parse::<MemberIx>().ok())
            };
            let (Some(from), Some(to)) = (chosen(from_ref), chosen(to_ref)) else {
                form_message.set("Choose the activity the money comes from and the one it goes to.".to_owned());
                return;
            };
            let typed = amount_ref.get_untracked().map(|i| i.value()).unwrap_or_default();
            let amount = match parse_move_amount(&typed, dataset.metadata.currency.symbol) {
                Ok(amount) => amount,
                Err(error) => {
                    form_message.set(error.message());
                    amount_invalid.set(true);
                    if let Some(input) = amount_ref.get_untracked() {
                        let _ = input.focus();
                    }
                    return;
                }
            };
            amount_invalid.set(false);
            match current.with_untracked(|s| s.with_move(&dataset, Move { from, to, amount })) {
                Ok(next) => {
                    form_message.set(String::new());
                    if let Some(input) = amount_ref.get_untracked() {
                        input.set_value("");
                    }
                    go(query.with_untracked(|q| q.moving_money(true, next.link_text())));
                }
                Err(error) => form_message.set(error.message()),
            }
        }
    };
    let options = {
        let choices = activity_choices(&dataset);
        move || {
            choices
                .iter()
                .map(|(ix, label)| view! { <option value=ix.to_string()>{label.clone()}</option> })
                .collect_view()
        }
    };
    let move_list = {
        move || {
            let words = figures.with(|f| f.as_ref().map(|f| f.moves.clone()).unwrap_or_default());
            let scenario = current.get();
            let items = words
                .into_iter()
                .enumerate()
                .map(|(at, words)| {
                    let remove =
                        query.with(|q| href(&context, q.moving_money(true, scenario.without_move(at).link_text())));
                    let label = format!("Remove move {}: {words}", at + 1);
                    view! {
                        <li class="scenario__move" data-testid="scenario-move">
                            <span>{words}</span>" "
                            <a href=remove data-noscroll="" aria-label=label data-testid="scenario-remove">"remove"</a>
                        </li>
                    }
                })
                .collect_view();
            let n = scenario.moves.len();
            view! {
                <p class="scenario__count" data-testid="scenario-count">{format!("{n} of {} moves", scenario::MAX_MOVES)}</p>
                {(n > 0).then(|| view! { <ol class="scenario__moves" data-testid="scenario-moves">{items}</ol> })}
            }
        }
    };
    let on_csv = {
        let dataset = dataset.clone();
        let provenance = provenance.clone();
        move |_| {
            let Some(f) = figures.get_untracked() else { return };
            let address = format!("{}{}", page_address(), href(&context, query.get_untracked()));
            let text = scenario_csv(&ScenarioExport {
                dataset: &dataset,
                figures: &f,
                status,
                provenance: &provenance,
                address: &address,
                downloaded: &today(),
            });
            let name = context.data.with_untracked(|d| {
                d.dataset.clone().unwrap_or_else(|| if d.data.is_some() { "data".to_owned() } else { String::new() })
            });
            let places: Vec<String> = query.with_untracked(|q| {
                q.filter(Dim::Place)
                    .iter()
                    .map(|m| match m {
                        MemberRef::Id(id) => id.clone(),
                        MemberRef::Unattributed => "area-wide".to_owned(),
                    })
                    .collect()
            });
            save_text(
                &text,
                "text/csv;charset=utf-8",
                &scenario_file_name(&export::file_dataset_name(&provenance, &name), &f.period, &places),
            );
        }
    };
    // The scenario alone, with the print footer (style/scenario.css `printing-scenario`); the
    // class goes when printing is over, so the browser's own Print still prints the page.
    let on_print = move |_| {
        let Some(window) = web_sys::window() else { return };
        let Some(root) = window.document().and_then(|d| d.document_element()) else { return };
        let _ = root.class_list().add_1("printing-scenario");
        let done = root.clone();
        let listener = Closure::once_into_js(move || {
            let _ = done.class_list().remove_1("printing-scenario");
        });
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
            "afterprint",
            listener.unchecked_ref(),
            &options,
        );
        let _ = window.print();
    };
    let scenario_address = move || format!("{}{}", page_address(), href(&context, query.get()));
    let printed_address = use_address_when_printed(move || untrack(scenario_address));
    let body = {
        let dataset = dataset.clone();
        move || {
            figures.get().map(|f| {
                let overdrawn = match f.n_overdrawn {
                    0 => None,
                    1 => Some("1 activity is overdrawn: the moves take more out of it than it had (⚠ in the table).".to_owned()),
                    n => Some(format!("{n} activities are overdrawn: the moves take more out of them than they had (⚠ in the table).")),
                };
                let has_moves = f.rows.iter().any(|r| r.bars.is_some());
                view! {
                    <p class="scenario__totals" data-testid="scenario-totals">{f.totals_sentence.clone()}</p>
                    {overdrawn.map(|o| view! { <p class="scenario__overdrawn scenario__overdrawn--summary" data-testid="scenario-overdrawn-summary">{o}</p> })}
                    {has_moves.then(|| chart(&f))}
                    {table(&f, &dataset)}
                }
            })
        }
    };
    view! {
        {move || {
            if !is_open.get() {
                return view! {
                    <p class="scenario__opener">
                        <a href=open_link data-noscroll="" data-testid="scenario-open">"Move the money"</a>
                        ": propose moving spending between activities, for a workshop table."
                    </p>
                }
                .into_any();
            }
            let heading_place = move || {
                figures.with(|f| f.as_ref().map(|f| format!("Move the money in {}, {}", f.place, f.period)))
            };
            view! {
                <section class="scenario" aria-labelledby="scenario-heading" data-testid="scenario">
                    <h2 id="scenario-heading" class="scenario__heading" tabindex="-1">{heading_place}</h2>
                    // Whose figures and how firm, on screen and on a printout of the scenario alone.
                    <p class="scenario__status" data-testid="scenario-status">{status}"."</p>
                    <p class="scenario__intro">
                        "Propose moving money from one activity to another. The moves live in this page's address: share the link, or print it with its QR code. "
                        <a href=close_link data-noscroll="" data-testid="scenario-close">"Close Move the money"</a>
                    </p>
                    {move || refusal().map(|r| view! { <p class="scenario__refused" role="alert" data-testid="scenario-error">{r}</p> })}
                    <form class="scenario__form" on:submit=on_add.clone() data-testid="scenario-form">
                        <div class="scenario__field">
                            <label for="scenario-from">"From activity"</label>
                            <select id="scenario-from" node_ref=from_ref data-testid="scenario-from">
                                <option value="">"Choose an activity"</option>
                                {options.clone()}
                            </select>
                        </div>
                        <div class="scenario__field">
                            <label for="scenario-to">"To activity"</label>
                            <select id="scenario-to" node_ref=to_ref data-testid="scenario-to">
                                <option value="">"Choose an activity"</option>
                                {options.clone()}
                            </select>
                        </div>
                        <div class="scenario__field">
                            <label for="scenario-amount">"Amount in pounds"</label>
                            <input id="scenario-amount" node_ref=amount_ref type="text" inputmode="decimal" autocomplete="off" placeholder="e.g. £200k" aria-describedby="scenario-amount-hint scenario-message" aria-invalid=move || amount_invalid.get().then_some("true") data-testid="scenario-amount" />
                            <span id="scenario-amount-hint" class="scenario__hint">"200000, £200k, 1.5m or £1,250"</span>
                        </div>
                        <button type="submit" class="scenario__add" data-testid="scenario-add">"Add"</button>
                    </form>
                    <p id="scenario-message" class="scenario__message" role="status" data-testid="scenario-message">{move || form_message.get()}</p>
                    {move_list}
                    {body.clone()}
                    <div class="scenario__actions">
                        <button type="button" class="share__button" on:click=on_csv.clone() data-testid="scenario-csv">"Download scenario (CSV)"</button>
                        <button type="button" class="share__button" on:click=on_print data-testid="scenario-print">"Print scenario"</button>
                        <a href=collect_link data-noscroll="" data-testid="collect-open">"Facilitator: collect several tables' scenarios"</a>
                    </div>
                    // Printed only: the QR code of this scenario's link, and the link in words.
                    <div class="scenario__qr" data-testid="scenario-qr" data-qr-address=scenario_address>
                        {move || printed_address.get().map(|printed| view! { <QrImage address=printed what="this table's scenario" class="scenario__qr-image" /> })}
                        <p class="scenario__qr-address">"This scenario's link: "<span class="scenario__qr-text">{scenario_address}</span></p>
                    </div>
                </section>
            }
            .into_any()
        }}
    }
    .into_any()
}
