//! Which parts of a link the loaded dataset cannot honour, and the nearest things each could
//! have meant, as ready-made links.
//!
//! A link outlives the file it was made for: a Place id gets renamed, a parameter is mistyped.
//! The explorer then shows figures for less than the link asked for, so it must say which part
//! it dropped. [`check`] lists every such part: a filter id the dimension lacks (including `~`
//! tokens other than `~none`), a `by`/`then` that names no dimension, a `by`/`then`/`data` given
//! twice with different values, a parameter name the explorer does not know that looks like
//! one it does, a `measure`/`sort`/`view` value it does not know, a per-resident or
//! compare-places view on data with fewer than two Places, a measure or order on a view not by
//! Place, and a comparison of one Place on a view by Place. Each comes with the link without it and links with a suggestion in its place.
//! Suggested links edit the link as given (order and other parts kept), so the URL stays the
//! state and Back returns to it.

use crate::domain::aggregate::period_of;
use crate::domain::catalogue;
use crate::domain::model::{Dataset, Dim};
use crate::domain::query::{Measure, MemberRef, Query, SortOrder, UNATTRIBUTED_TOKEN, View};
use crate::domain::suggest::{self, Candidate};
use crate::domain::url::{self, Param, Unread};
use std::collections::HashSet;

/// Which kind of link part could not be used. Each variant occurs for that kind of part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Occurs for a filter value (`place=ludlow`) naming no member of the dimension.
    Member(Dim),
    /// Occurs for `by=…` or `then=…` (the key says which) naming no dimension.
    Slice,
    /// Occurs for a second `by`, `then` or `data` that disagrees with the first (which is used).
    Repeated,
    /// Occurs for `year=…` or `compare=…` naming no period of this data.
    Period,
    /// Occurs for `compare=…` naming the very year shown: there is nothing to compare.
    SameYear,
    /// Occurs for `dataset=…` naming no dataset shipped with this explorer (the home one is shown).
    Dataset,
    /// Occurs for `dataset=…` beside `data=…` (the address is used).
    Overridden,
    /// Occurs for `measure=…`, `sort=…` or `view=…` with a value the explorer does not know (the
    /// default is shown).
    Value,
    /// Occurs for `measure=per-resident` or `view=compare-places` on data with fewer than two
    /// Places: there is nothing to compare, so the totals are shown.
    FewPlaces,
    /// Occurs for `measure=per-resident` or `sort=name` on a view that is not by Place: only a
    /// view by Place has a measure and an order, so the totals are shown in the usual order.
    PlaceViewOnly,
    /// Occurs for `view=compare-places` on a view by Place with only one of this data's Places
    /// chosen: there is nothing to compare it with yet, so the chart is that one Place.
    OnePlaceCompared,
    /// Occurs for a parameter name the explorer does not know but that looks like one it does,
    /// or whose value is a member's id. Other unknown names (`utm_source`) change nothing shown
    /// and are left alone.
    Name,
}

/// A replacement for an unmatched part: what to show the reader, and the link that uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The human label, e.g. "Ludlow", or "Agency: Shropshire Council" when the suggestion also
    /// changes the parameter name.
    pub label: String,
    /// The exact text it puts in the link: an id, `~none`, a dimension key, or `key=value` when
    /// the parameter name changes.
    pub id: String,
    /// The edited link, a query string starting with `?`.
    pub href: String,
}

/// One part of the link that the figures do not reflect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmatched {
    /// What kind of part.
    pub part: Part,
    /// The parameter name as given (decoded).
    pub key: String,
    /// The value as given (decoded).
    pub value: String,
    /// The nearest things it could have meant, best first (at most a handful).
    pub suggestions: Vec<Suggestion>,
    /// The link without this part (and without its exact repeats): the figures shown, as a link.
    pub without: String,
}

impl Unmatched {
    /// The part as written in the link (`place=ludlow`), to be shown as code.
    pub fn given(&self) -> String {
        format!("{}={}", self.key, self.value)
    }

    /// What is wrong with it, as the rest of a sentence that starts with [`Unmatched::given`].
    pub fn problem(&self) -> String {
        match self.part {
            Part::Member(dim) => format!(" is not in this data: none of its {} has that id.", dim.plural()),
            Part::Slice => {
                " is not in this data: it names no way to slice it (Place, audience, activity or agency).".to_owned()
            }
            Part::Repeated => format!(" is ignored: the link gives {} twice, and the first is used.", self.key),
            Part::Name => " is not something this explorer understands.".to_owned(),
            Part::Period => " is not in this data: it has no year with that id.".to_owned(),
            Part::Dataset => " is not a dataset this explorer has; its home dataset is shown instead.".to_owned(),
            Part::Overridden => " is ignored: the link also gives a data address, which is used.".to_owned(),
            Part::SameYear => " is ignored: it is the year shown, so there is nothing to compare it with.".to_owned(),
            Part::Value => format!(
                " is not something this explorer understands: {} can be {}.",
                self.key,
                known_values(&self.key).join(" or ")
            ),
            Part::FewPlaces => {
                " is ignored: this data has fewer than two Places, so there are no Places to compare.".to_owned()
            }
            Part::PlaceViewOnly => {
                " is ignored: only a view by Place has a measure and an order, so totals are shown, largest first."
                    .to_owned()
            }
            Part::OnePlaceCompared => " compares nothing yet: only one Place is chosen, so the chart shows it alone. \
                 Choose another Place under \"Compare places\"."
                .to_owned(),
        }
    }
}

/// What [`check`] found: the first parts in link order, and how many more there were.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkCheck {
    /// Up to [`MAX_LISTED`] unmatched parts, in the order they appear in the link.
    pub listed: Vec<Unmatched>,
    /// Unmatched parts beyond those listed (counted, not described).
    pub n_not_listed: usize,
}

impl LinkCheck {
    /// Whether the figures shown are exactly what the link asks for.
    pub fn is_clean(&self) -> bool {
        self.listed.is_empty() && self.n_not_listed == 0
    }
}

/// How many unmatched parts are described. A link with thousands of made-up ids gets the first
/// few and a count, not thousands of suggestion searches and list items.
pub const MAX_LISTED: usize = 10;

/// Lowest score (per mille) for suggesting a parameter name. Higher than for ids, because an
/// unknown name is usually some other site's parameter (`page=2`) that the explorer should
/// ignore quietly; a near miss of "place" or "agencies" still qualifies.
const MIN_NAME_SCORE: u32 = 700;

/// The parts of `query_string` that `dataset` cannot honour, in the order they appear; clean
/// when the figures shown are exactly what the link asks for.
pub fn check(dataset: &Dataset, query_string: &str) -> LinkCheck {
    let reading = url::read(query_string);
    let params = &reading.params;
    let mut found: Vec<Unmatched> = Vec::new();
    let mut n_not_listed = 0;
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    let mut unread_at: Vec<Option<Unread>> = vec![None; params.len()];
    for (at, why) in &reading.unread {
        if let Some(slot) = unread_at.get_mut(*at) {
            *slot = Some(*why);
        }
    }
    for (param, unread) in params.iter().zip(unread_at) {
        let part = match (unread, Dim::from_key(&param.key)) {
            (Some(Unread::NotADimension), _) => Part::Slice,
            (Some(Unread::Repeated), _) => Part::Repeated,
            (Some(Unread::UnknownName), _) => Part::Name,
            (Some(Unread::Overridden), _) => Part::Overridden,
            (Some(Unread::NotAValue), _) => Part::Value,
            (None, _)
                if (param.key == "measure" && param.value == Measure::PerResident.key()
                    || param.key == "view" && View::from_key(&param.value) == Some(View::ComparePlaces))
                    && dataset.dim(Dim::Place).len() < 2 =>
            {
                Part::FewPlaces
            }
            (None, _)
                if (param.key == "measure" && param.value != Measure::default().key()
                    || param.key == "sort" && param.value != SortOrder::default().key())
                    && !reading.state.query.has_place_settings() =>
            {
                Part::PlaceViewOnly
            }
            (None, _)
                if param.key == "view"
                    && View::from_key(&param.value) == Some(View::ComparePlaces)
                    && reading.state.query.by == Dim::Place
                    && known_places(dataset, &reading.state.query) == 1 =>
            {
                Part::OnePlaceCompared
            }
            (None, _)
                if matches!(param.key.as_str(), "year" | "compare")
                    && !param.value.is_empty()
                    && dataset.find_period(&param.value).is_none() =>
            {
                Part::Period
            }
            (None, _)
                if param.key == "compare"
                    && dataset
                        .find_period(&param.value)
                        .is_some_and(|p| p == period_of(dataset, &reading.state.query)) =>
            {
                Part::SameYear
            }
            (None, _)
                if param.key == "dataset" && !param.value.is_empty() && catalogue::find(&param.value).is_none() =>
            {
                Part::Dataset
            }
            (None, Some(dim)) if !param.value.is_empty() && !has_member(dataset, dim, &param.value) => {
                Part::Member(dim)
            }
            (None, _) => continue,
        };
        // Repeats of one part are one part (its "without" link removes them all).
        if !seen.insert((param.key.as_str(), param.value.as_str())) {
            continue;
        }
        if found.len() == MAX_LISTED {
            // Counted without suggestions; unknown names count only if they look meant.
            if part != Part::Name || !meant_names(dataset, param).is_empty() {
                n_not_listed += 1;
            }
            continue;
        }
        let suggestions = match part {
            Part::Member(dim) => member_suggestions(dataset, dim, params, param),
            Part::Slice => slice_suggestions(params, param),
            Part::Repeated
            | Part::Overridden
            | Part::SameYear
            | Part::FewPlaces
            | Part::PlaceViewOnly
            | Part::OnePlaceCompared => Vec::new(),
            Part::Value => value_suggestions(params, param),
            Part::Period => period_suggestions(dataset, params, param),
            Part::Dataset => dataset_suggestions(params, param),
            Part::Name => name_suggestions(dataset, params, param),
        };
        if part == Part::Name && suggestions.is_empty() {
            continue;
        }
        found.push(Unmatched {
            part,
            key: param.key.clone(),
            value: param.value.clone(),
            suggestions,
            without: link(params.iter().filter(|p| *p != param).cloned().collect()),
        });
    }
    LinkCheck { listed: found, n_not_listed }
}

/// How many of the chosen Places this data has (`~none` is no Place: it has no residents).
fn known_places(dataset: &Dataset, query: &Query) -> usize {
    let places = dataset.dim(Dim::Place);
    query.filter(Dim::Place).iter().filter(|m| matches!(m, MemberRef::Id(id) if places.find(id).is_some())).count()
}

/// Whether a filter value names something in this dimension (`~none` always does).
fn has_member(dataset: &Dataset, dim: Dim, value: &str) -> bool {
    value == UNATTRIBUTED_TOKEN || dataset.dim(dim).find(value).is_some()
}

/// A query string for these parameters; `?` alone for none, so following it changes the URL.
fn link(params: Vec<Param>) -> String {
    let text = url::write_params(&params);
    if text.is_empty() { "?".to_owned() } else { text }
}

/// The link with every copy of `old` replaced by `new`.
fn replaced(params: &[Param], old: &Param, new: Param) -> String {
    link(params.iter().map(|p| if p == old { new.clone() } else { p.clone() }).collect())
}

/// The dimension's members, and its "not attributed" slice under its `~none` token.
fn member_candidates(dataset: &Dataset, dim: Dim) -> Vec<Candidate<()>> {
    let members =
        dataset.dim(dim).iter().map(|(_, m)| Candidate { id: m.id.clone(), label: m.label.clone(), item: () });
    let unattributed =
        Candidate { id: UNATTRIBUTED_TOKEN.to_owned(), label: dim.unattributed_label().to_owned(), item: () };
    members.chain(std::iter::once(unattributed)).collect()
}

/// Nearest members of the same dimension; then any other dimension that has this exact id
/// (`place=shropshire-council` was probably meant as an agency).
fn member_suggestions(dataset: &Dataset, dim: Dim, params: &[Param], param: &Param) -> Vec<Suggestion> {
    let same = suggest::rank(&param.value, member_candidates(dataset, dim)).into_iter().map(|c| Suggestion {
        href: replaced(params, param, Param::new(&param.key, &c.id)),
        label: c.label,
        id: c.id,
    });
    let elsewhere = Dim::ALL.into_iter().filter(|d| *d != dim).filter_map(|other| {
        let members = dataset.dim(other);
        let member = members.find(&param.value).and_then(|ix| members.get(ix))?;
        Some(Suggestion {
            label: format!("{}: {}", other.label(), member.label),
            id: format!("{}={}", other.key(), member.id),
            href: replaced(params, param, Param::new(other.key(), &member.id)),
        })
    });
    same.chain(elsewhere).collect()
}

/// Nearest dimensions for a `by`/`then` value, compared with both key and list name.
fn slice_suggestions(params: &[Param], param: &Param) -> Vec<Suggestion> {
    let dims =
        Dim::ALL.into_iter().map(|d| Candidate { id: d.key().to_owned(), label: d.list_key().to_owned(), item: d });
    suggest::rank(&param.value, dims)
        .into_iter()
        .map(|c| Suggestion {
            label: c.item.label().to_owned(),
            href: replaced(params, param, Param::new(&param.key, &c.id)),
            id: c.id,
        })
        .collect()
}

/// Nearest periods of the data for a `year`/`compare` value.
fn period_suggestions(dataset: &Dataset, params: &[Param], param: &Param) -> Vec<Suggestion> {
    let periods = dataset.periods.iter().map(|p| Candidate { id: p.id.clone(), label: p.label.clone(), item: () });
    suggest::rank(&param.value, periods)
        .into_iter()
        .map(|c| Suggestion { href: replaced(params, param, Param::new(&param.key, &c.id)), label: c.label, id: c.id })
        .collect()
}

/// The values `measure`, `sort` or `view` can take, as written in links.
fn known_values(key: &str) -> Vec<&'static str> {
    match key {
        "measure" => Measure::ALL.into_iter().map(Measure::key).collect(),
        "sort" => SortOrder::ALL.into_iter().map(SortOrder::key).collect(),
        // The workshop views (`move-money`, `collect`) are reached from the page, not offered
        // as the meaning of a mistyped view.
        "view" => [View::ComparePlaces, View::TableMats].into_iter().filter_map(View::key).collect(),
        _ => Vec::new(),
    }
}

/// The values a `measure`, `sort` or `view` could have meant: the ones that change the view
/// (an unknown value already shows the default), nearest first. There are few, so all are offered.
fn value_suggestions(params: &[Param], param: &Param) -> Vec<Suggestion> {
    let values = known_values(&param.key)
        .into_iter()
        .filter(|v| *v != Measure::default().key() && *v != SortOrder::default().key())
        .map(|v| Candidate { id: v.to_owned(), label: v.to_owned(), item: () });
    suggest::rank_above(0, &param.value, values)
        .into_iter()
        .map(|c| Suggestion { href: replaced(params, param, Param::new(&param.key, &c.id)), label: c.label, id: c.id })
        .collect()
}

/// Nearest shipped datasets for a `dataset` value.
fn dataset_suggestions(params: &[Param], param: &Param) -> Vec<Suggestion> {
    let shipped = catalogue::SHIPPED.into_iter().map(|d| Candidate {
        id: d.name.to_owned(),
        label: d.title.to_owned(),
        item: (),
    });
    suggest::rank(&param.value, shipped)
        .into_iter()
        .map(|c| Suggestion { href: replaced(params, param, Param::new(&param.key, &c.id)), label: c.label, id: c.id })
        .collect()
}

/// Parameter names `param` was probably meant as: the nearest names, then any dimension where
/// its value is a member id. Each as (name, label).
fn meant_names(dataset: &Dataset, param: &Param) -> Vec<(&'static str, &'static str)> {
    // (name, another spelling people use, label)
    let dims = Dim::ALL.into_iter().map(|d| (d.key(), d.list_key(), d.label()));
    let others = [
        ("by", "by", "Slice by"),
        ("then", "then", "Then by"),
        ("data", "data", "Data file"),
        ("dataset", "dataset", "Dataset"),
        ("year", "year", "Year"),
        ("compare", "compare", "Compare with year"),
        ("measure", "measure", "Total or per resident"),
        ("sort", "sort", "Order"),
        ("view", "view", "Compare places"),
        ("present", "present", "Presenter view"),
        ("moves", "moves", "Move the money"),
        ("link", "link", "Collected scenario link"),
    ];
    let names = dims.chain(others).map(|(key, alias, label)| Candidate {
        id: key.to_owned(),
        label: alias.to_owned(),
        item: (key, label),
    });
    let mut keys: Vec<(&str, &str)> =
        suggest::rank_above(MIN_NAME_SCORE, &param.key, names).into_iter().map(|c| c.item).collect();
    for dim in Dim::ALL {
        if dataset.dim(dim).find(&param.value).is_some() && !keys.iter().any(|(k, _)| *k == dim.key()) {
            keys.push((dim.key(), dim.label()));
        }
    }
    keys
}

/// [`meant_names`] as suggestions, the value kept.
fn name_suggestions(dataset: &Dataset, params: &[Param], param: &Param) -> Vec<Suggestion> {
    meant_names(dataset, param)
        .into_iter()
        .map(|(key, label)| Suggestion {
            label: label.to_owned(),
            id: format!("{key}={}", param.value),
            href: replaced(params, param, Param::new(key, &param.value)),
        })
        .collect()
}
