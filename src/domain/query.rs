//! What the explorer is showing: filters on each dimension, and what to slice by.
//!
//! A [`Query`] names members by id, not index, so it can live in a URL and outlast a change of
//! dataset. The moves a person makes (drill into a slice, remove a filter, clear all) are
//! methods that return a new query; the UI turns each into a link.

use crate::domain::model::Dim;

/// A filter value: one member by id, or the "not attributed" slice of that dimension.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MemberRef {
    /// A member's id.
    Id(String),
    /// Spending not attributed to any one member (area-wide, everyone...).
    Unattributed,
}

/// The URL token for [`MemberRef::Unattributed`]; ids may not start with `~`, so it cannot clash.
pub const UNATTRIBUTED_TOKEN: &str = "~none";

impl MemberRef {
    /// Reads a URL token.
    pub fn from_token(token: &str) -> MemberRef {
        if token == UNATTRIBUTED_TOKEN { MemberRef::Unattributed } else { MemberRef::Id(token.to_owned()) }
    }

    /// The URL token.
    pub fn token(&self) -> &str {
        match self {
            MemberRef::Id(id) => id,
            MemberRef::Unattributed => UNATTRIBUTED_TOKEN,
        }
    }
}

/// What the bars of a Place view stand for (`measure=` in the URL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Measure {
    /// The amount spent (the default, not written in links).
    #[default]
    Total,
    /// The amount per resident (per person in a chosen audience): `measure=per-resident`.
    PerResident,
}

impl Measure {
    /// Every measure, default first.
    pub const ALL: [Measure; 2] = [Measure::Total, Measure::PerResident];

    /// The URL value.
    pub fn key(self) -> &'static str {
        match self {
            Measure::Total => "total",
            Measure::PerResident => "per-resident",
        }
    }

    /// The measure a URL value names.
    pub fn from_key(key: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The switch's words.
    pub fn label(self) -> &'static str {
        match self {
            Measure::Total => "Total",
            Measure::PerResident => "Per resident",
        }
    }
}

/// The order of a Place view's bars and rows (`sort=` in the URL). "Not attributed" stays last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum SortOrder {
    /// Largest first, by the measure shown (the default, not written in links).
    #[default]
    Largest,
    /// A to Z by label: `sort=name`.
    Name,
}

impl SortOrder {
    /// Every order, default first.
    pub const ALL: [SortOrder; 2] = [SortOrder::Largest, SortOrder::Name];

    /// The URL value.
    pub fn key(self) -> &'static str {
        match self {
            SortOrder::Largest => "largest",
            SortOrder::Name => "name",
        }
    }

    /// The order a URL value names.
    pub fn from_key(key: &str) -> Option<SortOrder> {
        SortOrder::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The control's words.
    pub fn label(self) -> &'static str {
        match self {
            SortOrder::Largest => "Largest first",
            SortOrder::Name => "A to Z",
        }
    }
}

/// The URL value of `view=` that opens "Compare places" beside the chart.
pub const COMPARE_PLACES_VIEW: &str = "compare-places";

/// The explorer's whole state, apart from which data file is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The dimension the chart and table are sliced by.
    pub by: Dim,
    /// An optional second dimension, for a two-way table.
    pub then: Option<Dim>,
    /// Chosen members per dimension, indexed by [`Dim::index`]; empty means "all".
    pub filters: [Vec<MemberRef>; 4],
    /// The period shown, by id (`year=` in the URL); `None` for the latest.
    pub period: Option<String>,
    /// A period to compare with, by id (`compare=`), if any.
    pub compare: Option<String>,
    /// What a Place view's bars stand for (`measure=`).
    pub measure: Measure,
    /// The order of a Place view's bars and rows (`sort=`).
    pub sort: SortOrder,
    /// Whether the chosen Places are shown side by side (`view=compare-places`); the Places are
    /// the Place filter's, so unknown ids are reported like any other filter id.
    pub compare_places: bool,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            by: Dim::Place,
            then: None,
            filters: Default::default(),
            period: None,
            compare: None,
            measure: Measure::Total,
            sort: SortOrder::Largest,
            compare_places: false,
        }
    }
}

impl Query {
    /// The chosen members of one dimension.
    pub fn filter(&self, dim: Dim) -> &[MemberRef] {
        &self.filters[dim.index()]
    }

    /// Whether any filter is set.
    pub fn has_filters(&self) -> bool {
        self.filters.iter().any(|f| !f.is_empty())
    }

    /// Whether this member is among the chosen ones.
    pub fn is_chosen(&self, dim: Dim, member: &MemberRef) -> bool {
        self.filter(dim).contains(member)
    }

    /// Slices by another dimension (dropping the second slice if it becomes the same).
    pub fn sliced_by(&self, by: Dim) -> Query {
        let mut next = self.clone();
        next.by = by;
        if next.then == Some(by) {
            next.then = None;
        }
        next
    }

    /// Sets or clears the second slice (ignored when it equals the first).
    pub fn then_by(&self, then: Option<Dim>) -> Query {
        let mut next = self.clone();
        next.then = then.filter(|t| *t != self.by);
        next
    }

    /// Drilling into a slice: it becomes the only chosen member of its dimension, and the view
    /// moves on to the first dimension (in Place, audience, activity, agency order) not yet
    /// narrowed to one member. From the home view, three drills answer "what is spent on this
    /// audience in this Place on this activity, by agency?".
    pub fn drill(&self, dim: Dim, member: MemberRef) -> Query {
        self.drill_skipping(dim, member, |_| false)
    }

    /// [`Query::drill`], treating the dimensions `narrowed` says yes to as already narrowed to
    /// one member (a dataset with one Place must not move on to a one-bar chart of Places).
    pub fn drill_skipping(&self, dim: Dim, member: MemberRef, narrowed: impl Fn(Dim) -> bool) -> Query {
        let mut next = self.clone();
        next.filters[dim.index()] = vec![member];
        if let Some(open) = Dim::ALL.into_iter().find(|d| next.filter(*d).len() != 1 && !narrowed(*d)) {
            next.by = open;
        }
        if next.then == Some(next.by) {
            next.then = None;
        }
        next
    }

    /// Adds or removes one member from a dimension's filter (a checkbox).
    pub fn toggled(&self, dim: Dim, member: &MemberRef) -> Query {
        let mut next = self.clone();
        let filter = &mut next.filters[dim.index()];
        if let Some(at) = filter.iter().position(|m| m == member) {
            filter.remove(at);
        } else {
            filter.push(member.clone());
        }
        next
    }

    /// Removes one filter value (a chip's × button).
    pub fn without(&self, dim: Dim, member: &MemberRef) -> Query {
        let mut next = self.clone();
        next.filters[dim.index()].retain(|m| m != member);
        next
    }

    /// Removes every filter, keeping the slicing and the years.
    pub fn cleared(&self) -> Query {
        Query { filters: Default::default(), ..self.clone() }
    }

    /// Shows another period (`None`: the latest), dropping a comparison with that same period.
    pub fn in_period(&self, period: Option<String>) -> Query {
        let mut next = self.clone();
        if next.compare.is_some() && next.compare == period {
            next.compare = None;
        }
        next.period = period;
        next
    }

    /// Compares with another period, or stops comparing.
    pub fn compared_with(&self, compare: Option<String>) -> Query {
        Query { compare, ..self.clone() }
    }

    /// Shows a Place view's bars and per-resident column as another measure.
    pub fn measured_by(&self, measure: Measure) -> Query {
        Query { measure, ..self.clone() }
    }

    /// Orders a Place view's bars and rows another way.
    pub fn sorted_by(&self, sort: SortOrder) -> Query {
        Query { sort, ..self.clone() }
    }

    /// Opens or closes "Compare places". Opening it slices by Place, so the bars beside the
    /// side-by-side table are the chosen Places themselves.
    pub fn comparing_places(&self, on: bool) -> Query {
        let next = Query { compare_places: on, ..self.clone() };
        if on { next.sliced_by(Dim::Place) } else { next }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> MemberRef {
        MemberRef::Id(text.to_owned())
    }

    #[test]
    fn three_drills_from_home_reach_the_agency_breakdown() {
        let home = Query::default();
        let step1 = home.drill(Dim::Place, id("ludlow"));
        assert_eq!(step1.by, Dim::Audience);
        let step2 = step1.drill(Dim::Audience, id("young-people-16-19"));
        assert_eq!(step2.by, Dim::Activity);
        let step3 = step2.drill(Dim::Activity, id("offender-management"));
        assert_eq!(step3.by, Dim::Agency);
        assert_eq!(step3.filter(Dim::Place), &[id("ludlow")]);
        assert_eq!(step3.filter(Dim::Activity), &[id("offender-management")]);
    }

    #[test]
    fn drilling_when_everything_is_narrowed_keeps_the_slice() {
        let mut query = Query::default();
        for dim in Dim::ALL {
            query = query.drill(dim, id("x"));
        }
        assert_eq!(query.by, Dim::Agency);
        assert_eq!(query.drill(Dim::Agency, id("y")).by, Dim::Agency);
    }

    #[test]
    fn second_slice_never_equals_the_first() {
        let query = Query::default().then_by(Some(Dim::Agency));
        assert_eq!(query.then, Some(Dim::Agency));
        assert_eq!(query.sliced_by(Dim::Agency).then, None);
        assert_eq!(query.then_by(Some(Dim::Place)).then, None);
    }

    #[test]
    fn view_options_survive_the_moves() {
        let query = Query::default()
            .measured_by(Measure::PerResident)
            .sorted_by(SortOrder::Name)
            .comparing_places(true)
            .toggled(Dim::Place, &id("a"));
        // (the moved query, which move)
        let moved = [
            (query.drill(Dim::Audience, id("young")), "drill"),
            (query.sliced_by(Dim::Agency), "slice"),
            (query.cleared(), "clear"),
            (query.in_period(Some("2014-15".to_owned())), "year"),
        ];
        for (next, what) in moved {
            assert_eq!(
                (next.measure, next.sort, next.compare_places),
                (Measure::PerResident, SortOrder::Name, true),
                "{what}"
            );
        }
        assert_eq!(Query::default().sliced_by(Dim::Agency).comparing_places(true).by, Dim::Place);
        assert!(!query.comparing_places(false).compare_places);
        for measure in Measure::ALL {
            assert_eq!(Measure::from_key(measure.key()), Some(measure));
        }
        for sort in SortOrder::ALL {
            assert_eq!(SortOrder::from_key(sort.key()), Some(sort));
        }
        assert_eq!(Measure::from_key("per_resident"), None);
    }

    #[test]
    fn toggling_and_removing_filters() {
        let query = Query::default().toggled(Dim::Place, &id("a")).toggled(Dim::Place, &MemberRef::Unattributed);
        assert_eq!(query.filter(Dim::Place), &[id("a"), MemberRef::Unattributed]);
        assert_eq!(query.toggled(Dim::Place, &id("a")).filter(Dim::Place), &[MemberRef::Unattributed]);
        assert_eq!(query.without(Dim::Place, &MemberRef::Unattributed).filter(Dim::Place), &[id("a")]);
        assert!(!query.cleared().has_filters());
    }
}
