//! Filter checkboxes for every dimension, each in a collapsible group.

use crate::domain::model::{Dataset, Dim, MemberIx};
use crate::domain::query::MemberRef;
use crate::ui::nav::{UrlContext, use_go};
use leptos::prelude::*;
use std::sync::Arc;

/// One checkbox row: the member (or "not attributed"), its label and its depth in the tree.
struct Choice {
    member: MemberRef,
    label: String,
    depth: usize,
}

fn choices(dataset: &Dataset, dim: Dim) -> Vec<Choice> {
    let members = dataset.dim(dim);
    let mut out = Vec::new();
    // Activities are listed as a tree (parents before their children); others in file order.
    fn visit(members: &crate::domain::model::Members, ix: MemberIx, depth: usize, out: &mut Vec<Choice>) {
        if let Some(member) = members.get(ix) {
            out.push(Choice { member: MemberRef::Id(member.id.clone()), label: member.label.clone(), depth });
            for child in members.children(ix) {
                visit(members, child, depth + 1, out);
            }
        }
    }
    for (ix, member) in members.iter() {
        if member.parent.is_none() {
            visit(members, ix, 0, &mut out);
        }
    }
    out.push(Choice { member: MemberRef::Unattributed, label: dim.unattributed_label().to_owned(), depth: 0 });
    out
}

/// A group of checkboxes per dimension; each change is a navigation (so back undoes it).
#[component]
pub fn FilterPanel(
    /// The dataset whose members are offered.
    dataset: Arc<Dataset>,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let query = context.query;
    let go = use_go();
    let groups = Dim::ALL
        .into_iter()
        .map(|dim| {
            // This dimension's filter alone: a click that changes anything else (the dimension
            // shown, another filter) leaves it equal, so none of the group's checkboxes (up to
            // a hundred render effects) and its count runs again.
            let chosen = Memo::new(move |_| query.with(|q| q.filter(dim).to_vec()));
            // Ids the file lacks are not counted: the figures leave them out (the link notice says so).
            let n_chosen = {
                let dataset = dataset.clone();
                move || chosen.with(|chosen| chosen.iter().filter(|m| dataset.label_of_ref(dim, m).is_some()).count())
            };
            // "Place" is the project's term and keeps its capital; the others are common nouns.
            let legend = match dim {
                Dim::Place => "Filter by Place".to_owned(),
                _ => format!("Filter by {}", dim.label().to_lowercase()),
            };
            let boxes = choices(&dataset, dim)
                .into_iter()
                .map(|choice| {
                    let go = go.clone();
                    let member = choice.member.clone();
                    let checked = {
                        let member = member.clone();
                        move || chosen.with(|chosen| chosen.contains(&member))
                    };
                    // A choice that would leave the chart one bar moves on, as tapping the bar does.
                    let single = context.single;
                    let dataset = dataset.clone();
                    let on_change = move |_| {
                        let narrowed = single.get_untracked();
                        let members = dataset.dim(dim);
                        let opens = |m: &MemberRef| match m {
                            MemberRef::Id(id) => members.find(id).is_some_and(|ix| members.has_children(ix)),
                            MemberRef::Unattributed => false,
                        };
                        go(query.with_untracked(|q| {
                            q.toggled_moving_on(dim, &member, opens, |d| {
                                narrowed.get(d.index()).copied().unwrap_or(false)
                            })
                        }))
                    };
                    view! {
                        <li class=format!("filter-panel__choice filter-panel__choice--depth-{}", choice.depth.min(3))>
                            <label>
                                <input
                                    type="checkbox"
                                    prop:checked=checked
                                    on:change=on_change
                                    data-testid=format!("filter-{}-{}", dim.key(), choice.member.token())
                                />
                                " " <bdi>{choice.label}</bdi>
                            </label>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <details class="filter-panel__group" data-testid=format!("filter-group-{}", dim.key())>
                    <summary class="filter-panel__summary">
                        {format!("{} ", dim.label())}
                        <span class="filter-panel__count">
                            {move || match n_chosen() {
                                0 => "(all)".to_owned(),
                                n => format!("({n} chosen)"),
                            }}
                        </span>
                    </summary>
                    <fieldset class="filter-panel__fieldset">
                        <legend class="visually-hidden">{legend}</legend>
                        <ul class="filter-panel__list">{boxes}</ul>
                    </fieldset>
                </details>
            }
        })
        .collect_view();
    view! {
        <div class="filter-panel">
            <h2 class="filter-panel__heading">"Filter"</h2>
            {groups}
        </div>
    }
}
