//! "Compare places": the Places chosen (the Place filter) side by side, total, people and per
//! resident, then by activity, on the Places' own basis and beside the average across all
//! Places (`compare_places::compare`). Opened by `view=compare-places`; choosing a Place is a
//! navigation, so the comparison lives in the URL and Back undoes each step.

use crate::domain::compare_places::{self, MIN_PLACES, PlacesCompared, TooFewPlaces};
use crate::domain::model::{Dataset, Dim};
use crate::domain::query::{Measure, MemberRef, View};
use crate::ui::nav::{UrlContext, bring_into_view_when_opened, href, use_go};
use leptos::prelude::*;
use std::sync::Arc;

/// A checkbox per Place; each change navigates.
fn place_choices(dataset: &Dataset, context: UrlContext) -> impl IntoView + use<> {
    let go = use_go();
    let query = context.query;
    dataset
        .dim(Dim::Place)
        .iter()
        .map(|(_, place)| {
            let member = MemberRef::Id(place.id.clone());
            let go = go.clone();
            let checked = {
                let member = member.clone();
                move || query.with(|q| q.is_chosen(Dim::Place, &member))
            };
            let test_id = format!("compare-choice-{}", place.id);
            let on_change = move |_| go(query.with_untracked(|q| q.toggled_compared_place(&member)));
            view! {
                <li class="compare-places__choice">
                    <label>
                        <input type="checkbox" prop:checked=checked on:change=on_change data-testid=test_id />
                        " " <bdi>{place.label.clone()}</bdi>
                    </label>
                </li>
            }
        })
        .collect_view()
}

/// Focuses the "Compare places" heading (`tabindex=-1`) and scrolls it to the top of the screen.
/// The side-by-side tables.
fn tables(compared: PlacesCompared, measure: Measure) -> impl IntoView {
    let per = compared.per;
    let heads = compared
        .places
        .iter()
        .map(|p| view! { <th scope="col" class="data-table__number"><bdi>{p.label.clone()}</bdi></th> })
        .collect_view();
    let row = |label: &'static str, test_id: &'static str, cells: Vec<String>| {
        view! {
            <tr data-testid=test_id>
                <th scope="row">{label}</th>
                {cells.into_iter().map(|c| view! { <td class="data-table__number">{c}</td> }).collect_view()}
            </tr>
        }
    };
    let amounts = compared.places.iter().map(|p| p.amount.clone()).collect();
    let people = compared.places.iter().map(|p| p.people.clone()).collect();
    let per_head = compared.places.iter().map(|p| p.per_head.clone()).collect();
    let people_label = if per == "person" { "People in the audience" } else { "Residents" };
    let per_label = if per == "person" { "Per person" } else { "Per resident" };
    let average = compared.average_sentence();
    // One measure at a time (the switch above: total or per resident), so two or three Places
    // fit a 320 px screen without scrolling sideways.
    let per_resident = measure == Measure::PerResident;
    let activity_heads = compared
        .places
        .iter()
        .map(|p| view! { <th scope="col" class="data-table__number"><bdi>{p.label.clone()}</bdi></th> })
        .collect_view();
    let activity_rows = compared
        .activities
        .into_iter()
        .map(|r| {
            let cells = if per_resident { r.per_head } else { r.amounts };
            let cells = cells.into_iter().map(|c| view! { <td class="data-table__number">{c}</td> }).collect_view();
            view! { <tr data-testid="compare-activity-row"><th scope="row"><bdi>{r.label}</bdi></th>{cells}</tr> }
        })
        .collect_view();
    let totals = compared
        .places
        .iter()
        .map(|p| {
            let total = if per_resident { p.per_head.clone() } else { p.amount.clone() };
            view! { <td class="data-table__number">{total}</td> }
        })
        .collect_view();
    let activities_caption = if per_resident {
        format!("By activity, {}: each Place's figures add up to its own", per_label.to_lowercase())
    } else {
        "By activity, spending: each Place's figures add up to its total".to_owned()
    };
    view! {
        <p class="data-table__scroll-hint" aria-hidden="true">"Scroll the tables sideways to see every Place."</p>
        <div class="data-table__scroll" tabindex="0" role="region" aria-label="Places side by side (scrolls sideways on small screens)">
            <table class="data-table__table compare-places__table" data-testid="compare-places-table">
                <caption>"The Places side by side"</caption>
                <thead><tr><th scope="col">"Place"</th>{heads}</tr></thead>
                <tbody>
                    {row("Spending", "compare-amount", amounts)}
                    {row(people_label, "compare-people", people)}
                    {row(per_label, "compare-per-head", per_head)}
                </tbody>
            </table>
        </div>
        {average.map(|a| view! { <p class="compare-places__average" data-testid="compare-average">{a}</p> })}
        {compared.left_out.map(|l| view! { <p class="data-table__note">{l}</p> })}
        <div class="data-table__scroll" tabindex="0" role="region" aria-label="Places by activity (scrolls sideways on small screens)">
            <table class="data-table__table compare-places__table" data-testid="compare-activities-table">
                <caption>{activities_caption}</caption>
                <thead><tr><th scope="col">"Activity"</th>{activity_heads}</tr></thead>
                <tbody>{activity_rows}</tbody>
                <tfoot><tr><th scope="row">"Total"</th>{totals}</tr></tfoot>
            </table>
        </div>
        <p class="data-table__note">"– : no spending recorded for that Place on that activity."</p>
    }
}

/// The "Compare places" section, shown while the URL asks for it and the data has Places.
#[component]
pub fn ComparePlaces(
    /// The dataset (its Places and currency).
    dataset: Arc<Dataset>,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let query = context.query;
    let has_places = dataset.dim(Dim::Place).len() >= MIN_PLACES;
    let compared = {
        let dataset = dataset.clone();
        Memo::new(move |_| {
            query.with(|q| {
                (has_places && q.view == View::ComparePlaces)
                    .then(|| compare_places::compare(&dataset, q, &dataset.metadata.currency))
            })
        })
    };
    let close = move || query.with(|q| href(&context, q.comparing_places(false)));
    // The section is drawn once per opening, and its checkboxes once with it: a choice only
    // changes what they show (`prop:checked`) and the tables, so the keyboard focus stays on the
    // checkbox just used and the list stays open (redrawing it lost both).
    let is_open = Memo::new(move |_| query.with(|q| q.view == View::ComparePlaces) && has_places);
    bring_into_view_when_opened(is_open, "compare-places-heading");
    move || {
        is_open.get().then(|| {
            let few = move || compared.with(|c| c.as_ref().and_then(|r| r.as_ref().err().copied()));
            let prompt = move || {
                few().map(|TooFewPlaces(n)| match n {
                    0 => "Choose two or more Places to compare.",
                    _ => "Choose at least one more Place to compare.",
                })
            };
            // Open when Places are still to be chosen; after that the reader opens or closes it.
            let start_open = compared.with_untracked(|c| matches!(c, Some(Err(_))));
            let choices = place_choices(&dataset, context);
            let tables = move || {
                let measure = query.with(|q| q.measure);
                compared.get().and_then(Result::ok).map(|c| tables(c, measure))
            };
            view! {
                <section class="compare-places" aria-labelledby="compare-places-heading" data-testid="compare-places">
                    <h2 id="compare-places-heading" tabindex="-1">"Compare places"</h2>
                    <p>
                        "Each Place's figures count only spending attributed to that Place, so Places are compared like with like. "
                        <a href=close data-noscroll="" data-testid="compare-places-close">"Stop comparing places"</a>
                    </p>
                    {move || prompt().map(|p| view! { <p class="compare-places__prompt" data-testid="compare-prompt">{p}</p> })}
                    <details class="compare-places__change" open=start_open>
                        <summary>"Places to compare"</summary>
                        <fieldset class="compare-places__fieldset">
                            <legend>"Places to compare"</legend>
                            <ul class="compare-places__choices">{choices}</ul>
                        </fieldset>
                    </details>
                    {tables}
                </section>
            }
        })
    }
}
