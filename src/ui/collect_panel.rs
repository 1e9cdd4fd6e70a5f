//! The facilitator's "collect" view (`view=collect`, issue 10): scenario links pasted one per
//! line become `link=` parameters (so the collected view is itself a link, and Back works); the
//! tables are shown side by side with the moves several share, and links not used are listed
//! with why (`domain::scenario_collect`). Full page only.

use crate::domain::model::Dataset;
use crate::domain::query::View;
use crate::domain::scenario_collect::{Collected, collect};
use crate::ui::nav::{UrlContext, bring_into_view_when_opened, href, use_go};
use leptos::prelude::*;
use std::sync::Arc;

/// The tables side by side: each table's Place, year and moves, then net change per activity.
fn side_by_side(collected: &Collected) -> impl IntoView + use<> {
    let cards = collected
        .tables
        .iter()
        .map(|t| {
            let moves = t.moves.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view();
            view! {
                <li class="collect__table" data-testid="collect-table">
                    <h4 class="collect__table-name">{t.name.clone()}": "<bdi>{t.place.clone()}</bdi>", "{t.period.clone()}</h4>
                    <ol class="collect__table-moves">{moves}</ol>
                </li>
            }
        })
        .collect_view();
    let heads = collected
        .tables
        .iter()
        .map(|t| view! { <th scope="col" class="data-table__number">{t.name.clone()}<br /><bdi>{t.place.clone()}</bdi></th> })
        .collect_view();
    let rows = collected
        .net_rows
        .iter()
        .map(|r| {
            let cells =
                r.changes.iter().map(|c| view! { <td class="data-table__number">{c.clone()}</td> }).collect_view();
            view! { <tr data-testid="collect-net-row"><th scope="row"><bdi>{r.label.clone()}</bdi></th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <h3 class="collect__subheading">"The tables side by side"</h3>
        <ul class="collect__tables" data-testid="collect-tables">{cards}</ul>
        <p class="data-table__scroll-hint" aria-hidden="true">"Scroll the table sideways to see every table."</p>
        <div class="data-table__scroll" tabindex="0" role="region" aria-label="Net change per activity at each table (scrolls sideways on small screens)">
            <table class="data-table__table collect__net" data-testid="collect-net">
                <caption>"Net change per activity at each table (– : the table did not move money there)"</caption>
                <thead><tr><th scope="col">"Activity"</th>{heads}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The collect view, shown while the URL asks for it.
#[component]
pub fn CollectPanel(
    /// The dataset the links' moves are read against.
    dataset: Arc<Dataset>,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    if context.data.with_untracked(|d| d.embed) {
        return ().into_any();
    }
    let query = context.query;
    let go = use_go();
    let is_open = Memo::new(move |_| query.with(|q| q.view == View::Collect));
    let collected =
        Memo::new(move |_| is_open.get().then(|| query.with(|q| collect(&dataset, &context.data.get(), &q.collected))));
    bring_into_view_when_opened(is_open, "collect-heading");
    let text_ref = NodeRef::<leptos::html::Textarea>::new();
    let on_collect = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let text = text_ref.get_untracked().map(|t| t.value()).unwrap_or_default();
        let links: Vec<String> = text.lines().map(str::to_owned).collect();
        go(query.with_untracked(|q| q.collecting(true, links)));
    };
    let close_link = move || query.with(|q| href(&context, q.collecting(false, Vec::new())));
    let pasted = move || query.with(|q| q.collected.join("\n"));
    let results = move || {
        collected.get().map(|c| {
            let shared = if c.shared.is_empty() {
                view! { <p data-testid="collect-no-shared">"No move is shared by two or more tables (same from, same to)."</p> }.into_any()
            } else {
                let items = c
                    .shared
                    .iter()
                    .map(|s| {
                        view! {
                            <li data-testid="collect-shared-move">
                                <strong>{s.words.clone()}</strong>
                                {format!(": {} tables ({})", s.n_tables, s.amounts.join("; "))}
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ul class="collect__shared" data-testid="collect-shared">{items}</ul> }.into_any()
            };
            let not_used = (!c.not_used.is_empty()).then(|| {
                let items = c
                    .not_used
                    .iter()
                    .map(|n| {
                        view! {
                            <li data-testid="collect-not-used-link">
                                <span class="collect__link-text">{n.link.clone()}</span>": "{n.why.clone()}
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <h3 class="collect__subheading">"Links not used"</h3>
                    <ul class="collect__not-used" data-testid="collect-not-used">{items}</ul>
                }
            });
            let tables = (!c.tables.is_empty()).then(|| side_by_side(&c));
            let n = c.tables.len();
            view! {
                <p data-testid="collect-count">{match n { 1 => "1 table's scenario collected.".to_owned(), n => format!("{n} tables' scenarios collected.") }}</p>
                <h3 class="collect__subheading">"Moves several tables share"</h3>
                {shared}
                {tables}
                {not_used}
            }
        })
    };
    view! {
        {move || is_open.get().then(|| view! {
            <section class="collect" aria-labelledby="collect-heading" data-testid="collect">
                <h2 id="collect-heading" class="collect__heading" tabindex="-1">"Collect the tables' scenarios"</h2>
                <p>
                    "Paste each table's \"Move the money\" link, one per line. The collected view is a link of its own: share it or come back to it. "
                    <a href=close_link data-noscroll="" data-testid="collect-close">"Close the collect view"</a>
                </p>
                <form class="collect__form" on:submit=on_collect.clone() data-testid="collect-form">
                    <label for="collect-links">"Scenario links, one per line"</label>
                    <textarea id="collect-links" class="collect__links" rows="6" node_ref=text_ref prop:value=pasted data-testid="collect-links"></textarea>
                    <button type="submit" class="share__button" data-testid="collect-submit">"Collect"</button>
                </form>
                {results}
            </section>
        })}
    }
    .into_any()
}
