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

/// What the page shows besides (or instead of) the chart: `view=` in the URL. One at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum View {
    /// The explorer's chart and table alone (no `view=`).
    #[default]
    Chart,
    /// "Compare places" beside the chart (`view=compare-places`): the Place filter's Places side
    /// by side, so unknown ids are reported like any other filter id.
    ComparePlaces,
    /// "Move the money" (`view=move-money`, or a `moves=` parameter on its own): a table's
    /// scenario for the view's Places and year.
    MoveMoney,
    /// The facilitator's "collect" view (`view=collect`, one `link=` per table).
    Collect,
    /// "Print table mats" instead of the explorer (`view=table-mats`): an A3 page per Place of
    /// the Place filter (none chosen: every Place), `domain::table_mat`.
    TableMats,
}

impl View {
    /// Every view the URL can name, in the order `link_check` offers them.
    pub const NAMED: [View; 4] = [View::ComparePlaces, View::TableMats, View::MoveMoney, View::Collect];

    /// The `view=` value; `None` for the chart alone, which links leave out.
    pub fn key(self) -> Option<&'static str> {
        match self {
            View::Chart => None,
            View::ComparePlaces => Some("compare-places"),
            View::MoveMoney => Some("move-money"),
            View::Collect => Some("collect"),
            View::TableMats => Some("table-mats"),
        }
    }

    /// The view a `view=` value names, if any.
    pub fn from_key(key: &str) -> Option<View> {
        View::NAMED.into_iter().find(|view| view.key() == Some(key))
    }
}

/// What [`Query::is_most_detailed`] needs to know about one bar of a view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SliceDrill {
    /// The filter drilling into the bar sets, if it can be drilled into.
    pub member: Option<MemberRef>,
    /// Whether the bar's member has members below it.
    pub has_children: bool,
}

/// One way up from a view (see [`Query::ways_up`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WayUp {
    /// The dimension the step changes or shows.
    pub dim: Dim,
    /// What the step does.
    pub step: UpStep,
    /// The view it leads to.
    pub query: Query,
}

/// What a [`WayUp`] does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpStep {
    /// Replaces the one chosen member with its parent.
    ToParent {
        /// The member chosen now.
        from: MemberRef,
        /// Its parent.
        parent: MemberRef,
    },
    /// Removes the dimension's filter (its member is at the top of its tree).
    RemoveFilter {
        /// The member chosen now.
        from: MemberRef,
    },
    /// Shows spending by this dimension instead.
    SliceBy,
}

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
    /// What is shown besides (or instead of) the chart (`view=`).
    pub view: View,
    /// The table's moves as `scenario::encode` wrote them (`moves=`), checked against the data
    /// only when shown, so a link made on other data is still read and then refused in words.
    pub moves: Option<String>,
    /// The scenario links pasted into the collect view, one per `link=`, as pasted (trimmed).
    pub collected: Vec<String>,
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
            view: View::Chart,
            moves: None,
            collected: Vec::new(),
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

    /// Drilling into a slice that has no members below it: it becomes the only chosen member of
    /// its dimension, and the view moves on to the first dimension (in Place, audience, activity,
    /// agency order) not yet narrowed to one member. From the home view, three drills answer
    /// "what is spent on this audience in this Place on this activity?".
    pub fn drill(&self, dim: Dim, member: MemberRef) -> Query {
        self.drill_skipping(dim, member, false, |_| false)
    }

    /// Drilling into a slice: it becomes the only chosen member of its dimension. A member with
    /// members below it (`has_children`: an activity with sub-activities, a group of agencies)
    /// is opened first, so the view stays on its dimension and shows the level below; otherwise
    /// the view moves on to the first dimension not yet narrowed to one member, treating the
    /// dimensions `narrowed` says yes to as narrowed already (a dataset with one Place must not
    /// move on to a one-bar chart of Places). When every dimension is narrowed the view stays
    /// where it is: [`Query::is_most_detailed`] then says so.
    pub fn drill_skipping(
        &self,
        dim: Dim,
        member: MemberRef,
        has_children: bool,
        narrowed: impl Fn(Dim) -> bool,
    ) -> Query {
        let mut next = self.clone();
        next.filters[dim.index()] = vec![member];
        if has_children {
            next.by = dim;
        } else if let Some(open) = next.next_open(&narrowed) {
            next.by = open;
        }
        if next.then == Some(next.by) {
            next.then = None;
        }
        next
    }

    /// The first dimension, in drill order, that is neither narrowed to one member by a filter
    /// nor by `narrowed`.
    fn next_open(&self, narrowed: &impl Fn(Dim) -> bool) -> Option<Dim> {
        Dim::ALL.into_iter().find(|d| self.filter(*d).len() != 1 && !narrowed(*d))
    }

    /// Whether a view is the most detailed one there is: it has a filter, one bar, and drilling
    /// into that bar would show the same bar again (nothing below it, and every other dimension already
    /// narrowed to one member). Such a view is not drawn as a one-bar chart "split across 1
    /// agency": the page says it is the most detailed view and offers [`Query::ways_up`].
    /// `slices` gives, for each bar shown, whether it can be drilled into and whether it has
    /// members below it; `opens` whether a chosen member has members below it (a dimension
    /// narrowed to such a member, from a filter or a link, can still be shown by its parts).
    pub fn is_most_detailed(
        &self,
        slices: &[SliceDrill],
        narrowed: impl Fn(Dim) -> bool,
        opens: impl Fn(Dim, &MemberRef) -> bool,
    ) -> bool {
        // A two-way table is not a one-bar chart; a view with no filter has no way up to offer
        // (a whole dataset of one bar is shown as it is).
        if self.then.is_some() || !self.has_filters() {
            return false;
        }
        match slices {
            [only] if only.has_children => false,
            // Nowhere further: with the bar's member chosen, no other dimension is still open.
            [only] => {
                let mut drilled = self.clone();
                if let Some(member) = &only.member {
                    drilled.filters[self.by.index()] = vec![member.clone()];
                }
                !Dim::ALL.into_iter().any(|d| d != self.by && drilled.is_open(d, &narrowed, &opens))
            }
            _ => false,
        }
    }

    /// Whether a dimension can still be shown in more detail: not narrowed to one member (by a
    /// filter or by the data), or narrowed to a member with members below it.
    fn is_open(&self, dim: Dim, narrowed: &impl Fn(Dim) -> bool, opens: &impl Fn(Dim, &MemberRef) -> bool) -> bool {
        match self.filter(dim) {
            [member] => opens(dim, member),
            _ => !narrowed(dim),
        }
    }

    /// The ways up from a view, deepest first: for each dimension narrowed to one member (last
    /// in drill order first), up to that member's parent (`parent_of` names it) or, at the top
    /// of the tree, back to all of the dimension's members; each shown by that dimension. Then
    /// "show spending by" each other dimension that can still be shown in more detail (not
    /// `narrowed`, or narrowed to a member that `opens` on members below it).
    pub fn ways_up(
        &self,
        parent_of: impl Fn(Dim, &MemberRef) -> Option<MemberRef>,
        narrowed: impl Fn(Dim) -> bool,
        opens: impl Fn(Dim, &MemberRef) -> bool,
    ) -> Vec<WayUp> {
        let mut ways = Vec::new();
        for dim in Dim::ALL.into_iter().rev() {
            let [member] = self.filter(dim) else { continue };
            let mut query = self.clone();
            query.by = dim;
            query.then = None;
            let step = match parent_of(dim, member) {
                Some(parent) => {
                    query.filters[dim.index()] = vec![parent.clone()];
                    UpStep::ToParent { from: member.clone(), parent }
                }
                None => {
                    query.filters[dim.index()].clear();
                    UpStep::RemoveFilter { from: member.clone() }
                }
            };
            ways.push(WayUp { dim, step, query });
        }
        for dim in Dim::ALL {
            if dim != self.by && self.is_open(dim, &narrowed, &opens) {
                ways.push(WayUp { dim, step: UpStep::SliceBy, query: self.sliced_by(dim) });
            }
        }
        ways
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

    /// A filter choice (a checkbox in "More filters") that would leave the dimension shown with
    /// one chosen member acts as tapping that member's bar: the view opens the members below it
    /// (`has_children`) or moves on to the next dimension (`narrowed` as in
    /// [`Query::drill_skipping`]), instead of drawing a chart of one bar. Any other choice is
    /// [`Query::toggled`]; a two-way table keeps its dimensions.
    pub fn toggled_moving_on(
        &self,
        dim: Dim,
        member: &MemberRef,
        has_children: impl Fn(&MemberRef) -> bool,
        narrowed: impl Fn(Dim) -> bool,
    ) -> Query {
        let next = self.toggled(dim, member);
        match next.filter(dim) {
            [only] if next.by == dim && next.then.is_none() => {
                let only = only.clone();
                let opens = has_children(&only);
                next.drill_skipping(dim, only, opens, narrowed)
            }
            _ => next,
        }
    }

    /// Whether showing spending by `dim` would draw one bar because the view is narrowed to one
    /// member of it that has no parts (`has_parts` says whether a member opens onto parts). "Show
    /// spending by" does not offer such a dimension.
    pub fn narrowed_to_one(&self, dim: Dim, has_parts: impl Fn(&MemberRef) -> bool) -> bool {
        matches!(self.filter(dim), [only] if !has_parts(only))
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

    /// Opens or closes "Compare places". Opening it slices the chart the way
    /// [`Query::compare_slicing`] says, so the chart beside the comparison is never one lonely bar.
    pub fn comparing_places(&self, on: bool) -> Query {
        let next = Query { view: self.view_turned(View::ComparePlaces, on), ..self.clone() };
        if on { next.compare_slicing() } else { next }
    }

    /// Opens "Move the money" with these moves (`scenario::encode` text; `None` for none yet),
    /// or closes it (`open` false, moves dropped). One workshop view at a time: opening it
    /// closes "Compare places" and the collect view.
    pub fn moving_money(&self, open: bool, moves: Option<String>) -> Query {
        Query { view: self.view_turned(View::MoveMoney, open), moves: if open { moves } else { None }, ..self.clone() }
    }

    /// Opens the facilitator's collect view with these pasted links (blank lines dropped,
    /// each trimmed), or closes it (`open` false, links dropped).
    pub fn collecting(&self, open: bool, links: Vec<String>) -> Query {
        let collected = if open {
            links.into_iter().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect()
        } else {
            Vec::new()
        };
        Query {
            view: self.view_turned(View::Collect, open),
            collected,
            moves: if open { None } else { self.moves.clone() },
            ..self.clone()
        }
    }

    /// The view after turning `view` on (it replaces any other) or off (back to the chart if
    /// it was shown; another view stays).
    fn view_turned(&self, view: View, on: bool) -> View {
        match (on, self.view == view) {
            (true, _) => view,
            (false, true) => View::Chart,
            (false, false) => self.view,
        }
    }

    /// Whether "Move the money" is shown: opened, or a link carrying moves.
    pub fn shows_scenario(&self) -> bool {
        self.view == View::MoveMoney
    }

    /// Ticks or unticks a Place under "Compare places" (a checkbox): the Place filter changes,
    /// and the chart is sliced again by [`Query::compare_slicing`].
    pub fn toggled_compared_place(&self, member: &MemberRef) -> Query {
        let next = self.toggled(Dim::Place, member);
        if next.view == View::ComparePlaces { next.compare_slicing() } else { next }
    }

    /// Whether measure (`measure=`) and order (`sort=`) apply: only a view by Place has them.
    /// Links to any other view leave them out ([`crate::domain::url::write`]), so a drill or a
    /// change of slice never carries a setting that does nothing there.
    pub fn has_place_settings(&self) -> bool {
        self.by == Dim::Place
    }

    /// How a comparison slices its chart: by Place once two or more Places are chosen (the bars
    /// are the Places compared), or when none is (every Place, to choose from); with one Place
    /// chosen, that Place's own view (by the first other dimension not narrowed to one member),
    /// not a one-bar chart of that Place, while the comparison asks for another Place.
    fn compare_slicing(self) -> Query {
        match self.filter(Dim::Place).len() {
            1 if self.by == Dim::Place => {
                let open = Dim::ALL.into_iter().find(|d| *d != Dim::Place && self.filter(*d).len() != 1);
                self.sliced_by(open.unwrap_or(Dim::Audience))
            }
            1 => self,
            _ => self.sliced_by(Dim::Place),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> MemberRef {
        MemberRef::Id(text.to_owned())
    }

    /// A query narrowed to one member ("x") on each listed dimension, sliced by `by`.
    fn narrowed_on(dims: &[Dim], by: Dim) -> Query {
        let mut query = Query { by, ..Query::default() };
        for dim in dims {
            query.filters[dim.index()] = vec![id("x")];
        }
        query
    }

    #[test]
    fn three_drills_from_home_reach_the_founding_question() {
        let home = Query::default();
        let step1 = home.drill(Dim::Place, id("ludlow"));
        assert_eq!(step1.by, Dim::Audience);
        let step2 = step1.drill(Dim::Audience, id("young-people-16-19"));
        assert_eq!(step2.by, Dim::Activity);
        // "Offender management" has sub-activities: it opens on them before moving to agencies.
        let step3 = step2.drill_skipping(Dim::Activity, id("offender-management"), true, |_| false);
        assert_eq!(step3.by, Dim::Activity);
        assert_eq!(step3.filter(Dim::Place), &[id("ludlow")]);
        assert_eq!(step3.filter(Dim::Audience), &[id("young-people-16-19")]);
        assert_eq!(step3.filter(Dim::Activity), &[id("offender-management")]);
        // One of them, with nothing below it, moves on to agencies.
        let step4 = step3.drill(Dim::Activity, id("probation-supervision"));
        assert_eq!(step4.by, Dim::Agency);
        assert_eq!(step4.filter(Dim::Activity), &[id("probation-supervision")]);
    }

    #[test]
    fn drilling_opens_members_with_children_before_moving_on() {
        use Dim::*;
        // (narrowed by filters, by, drilled dimension, has children, narrowed by the data, next by)
        type Case = (&'static [Dim], Dim, Dim, bool, &'static [Dim], Dim);
        let cases: &[Case] = &[
            (&[], Place, Place, false, &[], Audience),
            (&[], Place, Place, true, &[], Place),
            (&[Place], Audience, Audience, true, &[], Audience),
            (&[Place], Audience, Audience, false, &[], Activity),
            (&[Place, Audience], Activity, Activity, true, &[], Activity),
            (&[Place, Audience], Activity, Activity, false, &[], Agency),
            (&[Place, Audience, Activity], Agency, Agency, true, &[], Agency),
            (&[Place, Audience, Activity], Agency, Agency, false, &[], Agency),
            // One Place and no audience split in the data (the published dataset).
            (&[], Activity, Activity, false, &[Place, Audience], Agency),
            (&[], Activity, Activity, true, &[Place, Audience], Activity),
            (&[Activity], Agency, Agency, true, &[Place, Audience], Agency),
            (&[Activity], Agency, Agency, false, &[Place, Audience], Agency),
            // Drilling a dimension other than the first open one goes back to the first open one.
            (&[], Agency, Agency, false, &[], Place),
        ];
        for (filtered, by, dim, has_children, single, expected) in cases {
            let query = narrowed_on(filtered, *by);
            let next = query.drill_skipping(*dim, id("m"), *has_children, |d| single.contains(&d));
            assert_eq!(next.by, *expected, "{filtered:?} by {by:?}, drill {dim:?} (children: {has_children})");
            assert_eq!(next.filter(*dim), &[id("m")]);
        }
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
    fn a_one_bar_view_with_nowhere_to_go_is_the_most_detailed() {
        use Dim::*;
        let leaf = |member: Option<&str>| SliceDrill { member: member.map(id), has_children: false };
        let parent = SliceDrill { member: Some(id("p")), has_children: true };
        // (narrowed by filters, by, bars, narrowed by the data, most detailed)
        type Case = (&'static [Dim], Dim, Vec<SliceDrill>, &'static [Dim], bool);
        let cases: &[Case] = &[
            // "Split across 1 agency" at the end of the founding question.
            (&[Place, Audience, Activity], Agency, vec![leaf(Some("a"))], &[], true),
            (&[Place, Audience, Activity, Agency], Agency, vec![leaf(Some("a"))], &[], true),
            (&[Place, Audience, Activity], Agency, vec![leaf(None)], &[], true),
            // "Community safety: not broken down further" cannot be followed, but agencies are open.
            (&[Place, Audience, Activity], Activity, vec![leaf(None)], &[], false),
            (&[Place, Audience, Activity], Agency, vec![leaf(Some("a")), leaf(Some("b"))], &[], false),
            // A group of agencies with one bar still opens on its members.
            (&[Place, Audience, Activity], Agency, vec![parent.clone()], &[], false),
            // One bar, but another dimension is still open: drilling goes somewhere new.
            (&[Place], Agency, vec![leaf(Some("a"))], &[], false),
            (&[Activity], Agency, vec![leaf(Some("a"))], &[Place, Audience], true),
            (&[Activity], Agency, vec![leaf(Some("a"))], &[Place], false),
            (&[Place, Audience, Activity], Agency, vec![], &[], false),
        ];
        for (filtered, by, bars, single, expected) in cases {
            let query = narrowed_on(filtered, *by);
            assert_eq!(
                query.is_most_detailed(bars, |d| single.contains(&d), |_, _| false),
                *expected,
                "{filtered:?} by {by:?} {bars:?}"
            );
        }
        // The whole of a dataset that is one bar everywhere: no way up, so the bar is shown.
        assert!(!Query::default().is_most_detailed(&[leaf(Some("a"))], |_| true, |_, _| false));
        // A two-way table is never a one-bar chart.
        let two_way = narrowed_on(&[Place, Audience, Activity], Agency).then_by(Some(Place));
        assert!(!two_way.is_most_detailed(&[leaf(Some("a"))], |_| false, |_, _| false));
        // An activity chosen by a filter that has sub-activities can still be shown by them.
        let education = narrowed_on(&[Place, Audience, Activity], Agency);
        let opens = |d: Dim, _: &MemberRef| d == Activity;
        assert!(!education.is_most_detailed(&[leaf(Some("a"))], |_| false, opens));
        let ways = education.ways_up(|_, _| None, |_| false, opens);
        assert!(ways.iter().any(|w| w.step == UpStep::SliceBy && w.dim == Activity), "{ways:?}");
    }

    #[test]
    fn ways_up_go_up_a_level_or_remove_a_filter_deepest_first() {
        use Dim::*;
        let mut query = narrowed_on(&[Place, Audience], Agency);
        query.filters[Activity.index()] = vec![id("probation-supervision")];
        let parent_of = |dim: Dim, member: &MemberRef| {
            (dim == Activity && *member == id("probation-supervision")).then(|| id("offender-management"))
        };
        let ways = query.ways_up(parent_of, |d| d == Place, |_, _| false);
        let described: Vec<String> = ways
            .iter()
            .map(|w| match &w.step {
                UpStep::ToParent { from, parent } => {
                    format!("{:?}: {} up to {}, by {:?}", w.dim, from.token(), parent.token(), w.query.by)
                }
                UpStep::RemoveFilter { from } => format!("{:?}: without {}, by {:?}", w.dim, from.token(), w.query.by),
                UpStep::SliceBy => format!("by {:?}", w.query.by),
            })
            .collect();
        assert_eq!(
            described,
            [
                "Activity: probation-supervision up to offender-management, by Activity",
                "Audience: without x, by Audience",
                "Place: without x, by Place",
            ]
        );
        assert_eq!(ways[0].query.filter(Activity), &[id("offender-management")]);
        assert!(ways[1].query.filter(Audience).is_empty());
        assert_eq!(ways[1].query.filter(Place), &[id("x")]);
        // With agencies left open, "show spending by agency" is offered too.
        let open = narrowed_on(&[Place, Audience, Activity], Activity);
        let slice_by: Vec<Dim> = open
            .ways_up(|_, _| None, |_| false, |_, _| false)
            .into_iter()
            .filter(|w| w.step == UpStep::SliceBy)
            .map(|w| w.dim)
            .collect();
        assert_eq!(slice_by, [Agency]);
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
                (next.measure, next.sort, next.view),
                (Measure::PerResident, SortOrder::Name, View::ComparePlaces),
                "{what}"
            );
        }
        assert_eq!(Query::default().sliced_by(Dim::Agency).comparing_places(true).by, Dim::Place);
        assert_eq!(query.comparing_places(false).view, View::Chart);
        for view in View::NAMED {
            assert_eq!(view.key().and_then(View::from_key), Some(view));
        }
        for measure in Measure::ALL {
            assert_eq!(Measure::from_key(measure.key()), Some(measure));
        }
        for sort in SortOrder::ALL {
            assert_eq!(SortOrder::from_key(sort.key()), Some(sort));
        }
        assert_eq!(Measure::from_key("per_resident"), None);
    }

    #[test]
    fn a_filter_choice_leaving_one_member_shown_moves_on_like_a_tap() {
        let parent = id("safety");
        let has_children = |m: &MemberRef| *m == id("safety");
        let by = |dim: Dim| Query::default().sliced_by(dim);
        // (start, dimension, member toggled, by afterwards, that dimension's filter afterwards)
        let cases: Vec<(Query, Dim, MemberRef, Dim, Vec<MemberRef>)> = vec![
            // One audience chosen while showing by audience: on to the first dimension still open.
            (by(Dim::Audience), Dim::Audience, id("young"), Dim::Place, vec![id("young")]),
            // A member with members below it opens them, as its bar would.
            (by(Dim::Activity), Dim::Activity, parent.clone(), Dim::Activity, vec![parent.clone()]),
            // A second member chosen: a chart of two bars, nothing moves.
            (
                by(Dim::Audience).toggled(Dim::Audience, &id("old")),
                Dim::Audience,
                id("young"),
                Dim::Audience,
                vec![id("old"), id("young")],
            ),
            // Unticking one of two leaves one: it moves on too.
            (
                by(Dim::Audience).toggled(Dim::Audience, &id("old")).toggled(Dim::Audience, &id("young")),
                Dim::Audience,
                id("old"),
                Dim::Place,
                vec![id("young")],
            ),
            // A filter on another dimension than the one shown changes only the filter.
            (by(Dim::Audience), Dim::Place, id("a"), Dim::Audience, vec![id("a")]),
            // A two-way table keeps its dimensions.
            (
                by(Dim::Audience).then_by(Some(Dim::Agency)),
                Dim::Audience,
                id("young"),
                Dim::Audience,
                vec![id("young")],
            ),
        ];
        for (start, dim, member, expected_by, expected_filter) in cases {
            let next = start.toggled_moving_on(dim, &member, has_children, |_| false);
            assert_eq!(
                (next.by, next.filter(dim).to_vec()),
                (expected_by, expected_filter),
                "{start:?} toggling {member:?}"
            );
        }
    }

    #[test]
    fn a_dimension_narrowed_to_one_member_without_parts_is_one_bar() {
        let has_parts = |m: &MemberRef| *m == id("safety");
        let query = Query::default()
            .toggled(Dim::Place, &id("ludlow"))
            .toggled(Dim::Activity, &id("safety"))
            .toggled(Dim::Agency, &id("police"))
            .toggled(Dim::Agency, &id("nhs"))
            .toggled(Dim::Audience, &MemberRef::Unattributed);
        // (dimension, one bar): one Place; an activity with parts opens them; two agencies are
        // two bars; "not split by audience" alone is one bar.
        let cases = [(Dim::Place, true), (Dim::Activity, false), (Dim::Agency, false), (Dim::Audience, true)];
        for (dim, one_bar) in cases {
            assert_eq!(query.narrowed_to_one(dim, has_parts), one_bar, "{dim:?}");
        }
        assert!(!Query::default().narrowed_to_one(Dim::Place, has_parts));
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
