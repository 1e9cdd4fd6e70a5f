//! The validated dataset: metadata, periods, sources, the four dimensions, populations, facts,
//! coverage, outcome measures and transfers (format 1.1; a v1 file is one period).
//!
//! Everything here has passed validation: ids are unique, references resolve, parents form a
//! forest in every dimension, amounts are exact. Facts point at members, periods, sources and
//! notes by index, not by id.

use crate::domain::money::{Amount, Currency};
use crate::domain::query::MemberRef;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::HashMap;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// One of the four ways spending is described (and can be sliced).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Dim {
    /// A community-defined locality.
    Place,
    /// A client group, e.g. young people 16–19.
    Audience,
    /// What the money is spent on; a hierarchy.
    Activity,
    /// The public body or partner spending it.
    Agency,
}

impl Dim {
    /// All dimensions, in the order the explorer drills through them.
    pub const ALL: [Dim; 4] = [Dim::Place, Dim::Audience, Dim::Activity, Dim::Agency];

    /// Position in [`Dim::ALL`], for arrays indexed by dimension.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The key used in data files and URLs (`place`, `audience`, `activity`, `agency`).
    pub fn key(self) -> &'static str {
        match self {
            Dim::Place => "place",
            Dim::Audience => "audience",
            Dim::Activity => "activity",
            Dim::Agency => "agency",
        }
    }

    /// The dimension with this key.
    pub fn from_key(key: &str) -> Option<Dim> {
        Dim::ALL.into_iter().find(|d| d.key() == key)
    }

    /// The name of the dimension's member list in data files (`places`, ...).
    pub fn list_key(self) -> &'static str {
        match self {
            Dim::Place => "places",
            Dim::Audience => "audiences",
            Dim::Activity => "activities",
            Dim::Agency => "agencies",
        }
    }

    /// A heading for the dimension, e.g. "Place".
    pub fn label(self) -> &'static str {
        match self {
            Dim::Place => "Place",
            Dim::Audience => "Audience",
            Dim::Activity => "Activity",
            Dim::Agency => "Agency",
        }
    }

    /// The plural, lower-case, for sentences: "Places", "audiences".
    pub fn plural(self) -> &'static str {
        match self {
            Dim::Place => "Places",
            Dim::Audience => "audiences",
            Dim::Activity => "activities",
            Dim::Agency => "agencies",
        }
    }

    /// How a sentence says "the not-attributed slice of this dimension was chosen", fitting
    /// after "Spending by … in …", "on …", "for …" respectively.
    pub fn unattributed_phrase(self) -> &'static str {
        match self {
            Dim::Place => "not attributed to one Place",
            Dim::Audience => "everyone (not split by audience)",
            Dim::Activity => "an activity not stated",
            Dim::Agency => "an agency not stated",
        }
    }

    /// The label of the slice holding spend not attributed to one member of this dimension.
    pub fn unattributed_label(self) -> &'static str {
        match self {
            Dim::Place => "Not attributed to a Place (area-wide)",
            Dim::Audience => "Not split by audience",
            Dim::Activity => "Activity not stated",
            Dim::Agency => "Agency not stated",
        }
    }
}

/// An id in Unicode NFC, the form ids are stored and compared in ("café" typed as one
/// character or as "e" plus a combining accent is one id). Borrows, after a scan and no other
/// work, for ASCII and already-normalised text, which is nearly every id, so a million facts
/// pay almost nothing for it.
pub fn nfc(id: &str) -> Cow<'_, str> {
    if id.is_ascii() || is_nfc_quick(id.chars()) == IsNormalized::Yes {
        Cow::Borrowed(id)
    } else {
        Cow::Owned(id.nfc().collect())
    }
}

/// Index of a member within its dimension.
pub type MemberIx = u32;

/// Where a fact sits on one dimension: a member, or "not attributed" (area-wide, everyone...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Key(u32);

impl Key {
    /// Spending not attributed to any one member.
    pub const UNATTRIBUTED: Key = Key(u32::MAX);

    /// The key of a member.
    pub fn member(ix: MemberIx) -> Key {
        Key(ix)
    }

    /// The member, or `None` for unattributed spending.
    pub fn ix(self) -> Option<MemberIx> {
        (self != Key::UNATTRIBUTED).then_some(self.0)
    }
}

/// One member of a dimension: a Place, an audience, an activity or an agency.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Member {
    /// Stable id used in facts and URLs.
    pub id: String,
    /// Display label (always rendered as text).
    pub label: String,
    /// Optional longer description.
    pub description: Option<String>,
    /// Resident population (Places), or area-wide population (audiences), where known.
    pub population: Option<u64>,
    /// Households (Places only, format 1.1), where known.
    pub households: Option<u64>,
    /// Where the population and household figures come from (Places, format 1.1).
    pub population_source: Option<SourceIx>,
    /// The broader member this one is part of (any dimension in format 1.1; activities only in
    /// 1.0); `None` at the top.
    pub parent: Option<MemberIx>,
}

/// The members of one dimension, findable by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Members {
    list: Vec<Member>,
    by_id: HashMap<String, MemberIx>,
    /// Each member's children, in file order; built once parents are final.
    children_of: Vec<Vec<MemberIx>>,
}

impl Members {
    /// Adds a member; returns `false` (and adds nothing) when the id is already taken.
    pub fn push(&mut self, member: Member) -> bool {
        if self.by_id.contains_key(&member.id) {
            return false;
        }
        self.by_id.insert(member.id.clone(), self.list.len() as MemberIx);
        self.list.push(member);
        true
    }

    /// The member with this id, compared in Unicode NFC (see [`nfc`]), so an id typed in a
    /// link or a fact in either of its two Unicode spellings finds the member.
    pub fn find(&self, id: &str) -> Option<MemberIx> {
        self.by_id.get(nfc(id).as_ref()).copied()
    }

    /// The member at this index.
    pub fn get(&self, ix: MemberIx) -> Option<&Member> {
        self.list.get(ix as usize)
    }

    /// All members, in file order.
    pub fn iter(&self) -> impl Iterator<Item = (MemberIx, &Member)> {
        self.list.iter().enumerate().map(|(i, m)| (i as MemberIx, m))
    }

    /// How many members there are.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The label of a key: the member's label, or the dimension's unattributed label.
    pub fn label_of(&self, dim: Dim, key: Key) -> &str {
        key.ix().and_then(|ix| self.get(ix)).map_or(dim.unattributed_label(), |m| m.label.as_str())
    }

    /// Sets a member's parent (used by validation after all ids are known).
    pub(crate) fn set_parent(&mut self, ix: MemberIx, parent: Option<MemberIx>) {
        if let Some(member) = self.list.get_mut(ix as usize) {
            member.parent = parent;
        }
    }

    /// Sets a Place's population source (used by validation once sources are known).
    pub(crate) fn set_population_source(&mut self, ix: MemberIx, source: Option<SourceIx>) {
        if let Some(member) = self.list.get_mut(ix as usize) {
            member.population_source = source;
        }
    }

    /// Records every member's children; call after the last [`Members::set_parent`].
    pub(crate) fn index_children(&mut self) {
        let mut children_of = vec![Vec::new(); self.list.len()];
        for (ix, member) in self.list.iter().enumerate() {
            if let Some(parent) = member.parent.and_then(|p| children_of.get_mut(p as usize)) {
                parent.push(ix as MemberIx);
            }
        }
        self.children_of = children_of;
    }

    /// The direct children of a member, in file order.
    pub fn children(&self, parent: MemberIx) -> impl Iterator<Item = MemberIx> + '_ {
        self.children_of.get(parent as usize).into_iter().flatten().copied()
    }

    /// Whether the member has any children.
    pub fn has_children(&self, ix: MemberIx) -> bool {
        self.children_of.get(ix as usize).is_some_and(|c| !c.is_empty())
    }

    /// The member and its ancestors, nearest first. Parents are acyclic after validation; the
    /// walk is still bounded by the member count so a bug can never loop forever.
    pub fn ancestors_or_self(&self, ix: MemberIx) -> impl Iterator<Item = MemberIx> + '_ {
        let mut next = Some(ix);
        let mut steps = 0;
        std::iter::from_fn(move || {
            let current = next?;
            steps += 1;
            next = if steps > self.list.len() { None } else { self.get(current).and_then(|m| m.parent) };
            Some(current)
        })
    }
}

/// Whether figures are real published spending or made up for demonstration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Status {
    /// Published by the bodies themselves.
    Official,
    /// Made up or estimated for demonstration; must be labelled wherever figures appear.
    Illustrative,
    /// Real published figures brought together by someone other than the bodies themselves,
    /// possibly with estimates (format 1.1). Never shown as official.
    Compiled,
    /// The file does not say; treated like illustrative when labelling.
    Unstated,
}

impl Status {
    /// The label shown beside figures.
    pub fn label(self) -> &'static str {
        match self {
            Status::Official => "Official figures",
            Status::Illustrative => "Illustrative figures, not real spending",
            Status::Compiled => "Compiled from published figures, with estimates marked",
            Status::Unstated => "Status not stated: treat as unverified",
        }
    }

    /// A short token for CSS classes and test hooks.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Official => "official",
            Status::Illustrative => "illustrative",
            Status::Compiled => "compiled",
            Status::Unstated => "unstated",
        }
    }
}

/// The licence figures are published under.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Licence {
    /// Its name, e.g. "Open Government Licence v3.0".
    pub name: String,
    /// Where it is published, if given.
    pub url: Option<String>,
}

/// The period the figures cover (v1 `metadata.period`; each entry of 1.1 `periods`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Period {
    /// Stable id used in facts and in the URL (`year=`), e.g. "2014-15". For a v1 file, the
    /// one period's id is [`Period::V1_ID`].
    pub id: String,
    /// How people name it, e.g. "2011/12".
    pub label: String,
    /// First day, ISO 8601, if given.
    pub start: Option<String>,
    /// Last day, ISO 8601, if given.
    pub end: Option<String>,
}

impl Period {
    /// The id given to a v1 file's single period.
    pub const V1_ID: &'static str = "period";
}

/// A published table or release that figures come from (format 1.1 `sources`).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Source {
    /// Id used by facts.
    pub id: String,
    /// Its title, e.g. "Revenue Outturn Summary (RS) 2014-15".
    pub title: String,
    /// Who published it.
    pub publisher: Option<String>,
    /// Where it is published (checked web address).
    pub url: Option<String>,
    /// The table, sheet or line the figures come from.
    pub reference: Option<String>,
    /// The licence it is published under.
    pub licence: Option<String>,
    /// When it was retrieved, ISO 8601.
    pub retrieved: Option<String>,
}

/// How much of an agency's spending in a period a file holds (format 1.1 `coverage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Extent {
    /// All of it.
    Included,
    /// Some of it (the note says what is missing).
    Partial,
    /// None of it: "not in this data", never £0.
    Lacking,
}

impl Extent {
    /// The word used in files.
    pub fn key(self) -> &'static str {
        match self {
            Extent::Included => "included",
            Extent::Partial => "partial",
            Extent::Lacking => "lacking",
        }
    }
}

/// One coverage statement, as declared.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CoverageStatement {
    /// The agency (a parent agency's statement applies to its descendants).
    pub agency: MemberIx,
    /// The period, or `None` for every period.
    pub period: Option<PeriodIx>,
    /// How much is included.
    pub extent: Extent,
    /// What it says, e.g. why a year is missing.
    pub note: Option<String>,
}

/// What the file says (or implies) about one agency in one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage<'a> {
    /// How much is included.
    pub extent: Extent,
    /// The note of the statement that decided it, if any.
    pub note: Option<&'a str>,
    /// Whether the file stated it (`false`: inferred from whether the agency has facts).
    pub stated: bool,
    /// The agency the deciding statement names: the agency itself or an ancestor (`None` when
    /// inferred).
    pub about: Option<MemberIx>,
}

/// An outcome measure (format 1.1 `outcomes.measures`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OutcomeMeasure {
    /// Stable id.
    pub id: String,
    /// Display label.
    pub label: String,
    /// Unit of its values, e.g. "score out of 12", "%".
    pub unit: Option<String>,
    /// `Some(true)` when higher is better, `Some(false)` when lower is, `None` when neither.
    pub higher_is_better: Option<bool>,
    /// A longer description.
    pub description: Option<String>,
    /// Activities it relates to.
    pub activities: Vec<MemberIx>,
    /// Audiences it relates to.
    pub audiences: Vec<MemberIx>,
    /// Where its values come from, unless each value says.
    pub source: Option<SourceIx>,
}

/// A comparator for an outcome value, e.g. the England median.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Comparator {
    /// What it is, e.g. "England median".
    pub label: String,
    /// Its value, in the measure's unit.
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
}

/// One value of an outcome measure (format 1.1 `outcomes.values`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OutcomeValue {
    /// Index into [`Dataset::outcome_measures`].
    pub measure: usize,
    /// The Place, or unattributed for the whole area.
    pub place: Key,
    /// The period.
    pub period: PeriodIx,
    /// The value, exactly as published, in the measure's unit.
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// What to compare it with.
    pub comparator: Option<Comparator>,
    /// Where it comes from (else the measure's source).
    pub source: Option<SourceIx>,
}

/// Money one body gives another to spend (format 1.1 `transfers`). Counted once, at `to`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Transfer {
    /// The funder (agency).
    pub from: MemberIx,
    /// The body that spends it (agency).
    pub to: MemberIx,
    /// The period.
    pub period: PeriodIx,
    /// How much (positive).
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// The activity the funder's figures put it under, if given.
    pub activity: Key,
    /// The Place, if given.
    pub place: Key,
    /// Whether the funder's facts include it (the loader then added an offsetting fact).
    pub in_funder_figures: bool,
    /// A note, e.g. the grant's name.
    pub note: Option<String>,
    /// Where it is published.
    pub source: Option<SourceIx>,
}

/// What the dataset is and who stands behind it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Metadata {
    /// The dataset's title.
    pub title: String,
    /// Who published it.
    pub publisher: Option<String>,
    /// Under what licence.
    pub licence: Option<Licence>,
    /// Where the figures come from (addresses or citations).
    pub sources: Vec<String>,
    /// The period covered.
    pub period: Option<Period>,
    /// The currency of every amount.
    pub currency: Currency,
    /// Official or illustrative.
    pub status: Status,
    /// A longer description.
    pub description: Option<String>,
    /// The format version the file declared, e.g. "1.0".
    pub format_version: String,
    /// The data's own version as the publisher states it (`metadata.version`, format 1.1,
    /// optional), e.g. "2025.1"; shown with the time the file was fetched.
    pub version: Option<String>,
}

impl Default for Metadata {
    fn default() -> Self {
        Metadata {
            title: "Untitled dataset".to_owned(),
            publisher: None,
            licence: None,
            sources: Vec::new(),
            period: None,
            currency: Currency::unknown(),
            status: Status::Unstated,
            description: None,
            format_version: "1".to_owned(),
            version: None,
        }
    }
}

/// Index of a period in [`Dataset::periods`] (time order).
pub type PeriodIx = u16;
/// Index of a source in [`Dataset::sources`].
pub type SourceIx = u32;
/// Index of a note text in [`Dataset::notes`] (many facts share one note).
pub type NoteIx = u32;

/// How a figure came to be (format 1.1 `basis`; every v1 fact is [`Basis::Reported`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize, serde::Deserialize)]
pub enum Basis {
    /// As published by the body.
    #[default]
    Reported,
    /// Computed from published figures, e.g. a reconciliation line.
    Derived,
    /// A larger area's published total times a stated share.
    Apportioned,
    /// Estimated by whoever compiled the file.
    Estimated,
}

impl Basis {
    /// Every basis, in the order above.
    pub const ALL: [Basis; 4] = [Basis::Reported, Basis::Derived, Basis::Apportioned, Basis::Estimated];

    /// The word used in files (`reported`, `derived`, `apportioned`, `estimated`).
    pub fn key(self) -> &'static str {
        match self {
            Basis::Reported => "reported",
            Basis::Derived => "derived",
            Basis::Apportioned => "apportioned",
            Basis::Estimated => "estimated",
        }
    }

    /// The basis with this word.
    pub fn from_key(key: &str) -> Option<Basis> {
        Basis::ALL.into_iter().find(|b| b.key() == key)
    }

    /// Whether an amount with this basis is an estimate (apportioned or estimated), which the
    /// explorer marks in charts and tables and counts in "£X of this is estimated".
    pub fn is_estimate(self) -> bool {
        matches!(self, Basis::Apportioned | Basis::Estimated)
    }

    /// A plain-English description for the sources drawer.
    pub fn describe(self) -> &'static str {
        match self {
            Basis::Reported => "Reported: as published by the body",
            Basis::Derived => "Derived: computed from published figures",
            Basis::Apportioned => "Apportioned: a larger area's total times a stated share (an estimate)",
            Basis::Estimated => "Estimated",
        }
    }
}

/// One row of spending: who spent how much, where, on whom, on what, in which period, and how
/// the figure was arrived at.
/// One tuple of the engine: the facts of the file with the same keys, period, basis, source and
/// note, summed exactly when the file is read (a million facts of the generated benchmark file
/// are 2,134 tuples), so every view adds up tuples, not facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Fact {
    /// Position on each dimension, indexed by [`Dim::index`].
    pub keys: [Key; 4],
    /// The exact sum of the amounts; negative for income or refunds.
    pub amount: Amount,
    /// The period it belongs to.
    pub period: PeriodIx,
    /// How the figure came to be.
    pub basis: Basis,
    /// Where it was published, if the file says.
    pub source: Option<SourceIx>,
    /// A note on it (e.g. the share used to apportion it).
    pub note: Option<NoteIx>,
    /// How many figures it adds up: one per fact of the file, or a fact's `summed_from` for a
    /// compacted file ("Added up from N figures").
    pub n_facts: u64,
}

/// What makes two facts one tuple: keys, period, basis, source and note.
pub type TupleKey = ([Key; 4], PeriodIx, Basis, Option<SourceIx>, Option<NoteIx>);

impl Fact {
    /// The key on one dimension.
    pub fn key(&self, dim: Dim) -> Key {
        self.keys[dim.index()]
    }

    /// [`Fact::n_facts`] as a count to add up in views (saturating: never reached by a file a
    /// browser can hold).
    pub fn figures(&self) -> usize {
        usize::try_from(self.n_facts).unwrap_or(usize::MAX)
    }

    /// Everything but the amount and count: facts with equal tuple keys are summed into one.
    pub fn tuple_key(&self) -> TupleKey {
        (self.keys, self.period, self.basis, self.source, self.note)
    }
}

/// Facts that could not be used, summed so the page can say how much is missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Excluded {
    /// How many facts were left out.
    pub n_facts: usize,
    /// The sum of those of their amounts that could be read.
    #[serde(with = "rust_decimal::serde::str")]
    pub readable_amount: Decimal,
    /// How many left-out facts had no readable amount.
    pub n_unreadable_amounts: usize,
}

/// A validated dataset.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Dataset {
    /// What it is.
    pub metadata: Metadata,
    /// The members of each dimension, indexed by [`Dim::index`].
    pub members: [Members; 4],
    /// Population of each audience in each Place, where known: `(audience, place) → people`.
    pub audience_population: HashMap<(MemberIx, MemberIx), u64>,
    /// The facts that passed validation, summed into tuples ([`Fact`]) in the order each tuple
    /// first appears in the file, then the offsets for transfers counted in the funder's figures
    /// (from [`Dataset::n_file_facts`] on).
    pub facts: Vec<Fact>,
    /// How many of `facts` come from the file's own facts; the rest are transfer offsets, which
    /// loading recreates from `transfers` (so a compacted file must not repeat them).
    pub n_file_facts: usize,
    /// What was left out.
    pub excluded: Excluded,
    /// The periods, oldest first; never empty after loading (a v1 file has one).
    pub periods: Vec<Period>,
    /// Published sources facts cite.
    pub sources: Vec<Source>,
    /// Distinct note texts facts carry.
    pub notes: Vec<String>,
    /// Coverage statements, as declared.
    pub coverage: Vec<CoverageStatement>,
    /// Outcome measures.
    pub outcome_measures: Vec<OutcomeMeasure>,
    /// Outcome values.
    pub outcome_values: Vec<OutcomeValue>,
    /// Transfers between bodies.
    pub transfers: Vec<Transfer>,
    /// `(agency, period)` pairs with at least one fact (own facts, not descendants'); built by
    /// [`Dataset::index_facts`].
    pub agency_periods: std::collections::HashSet<(MemberIx, PeriodIx)>,
    /// `(agency, period)` pairs where the agency or one below it has a fact: the same pairs with
    /// every ancestor added, so [`Dataset::has_facts`] is one lookup; built by
    /// [`Dataset::index_facts`].
    pub agency_periods_below: std::collections::HashSet<(MemberIx, PeriodIx)>,
}

impl Dataset {
    /// The members of one dimension.
    pub fn dim(&self, dim: Dim) -> &Members {
        &self.members[dim.index()]
    }

    /// The label of a filter value, or `None` for an id this dataset lacks.
    pub fn label_of_ref(&self, dim: Dim, member: &MemberRef) -> Option<String> {
        match member {
            MemberRef::Unattributed => Some(dim.unattributed_label().to_owned()),
            MemberRef::Id(id) => {
                let members = self.dim(dim);
                members.find(id).and_then(|ix| members.get(ix)).map(|m| m.label.clone())
            }
        }
    }

    /// The sum of every fact, all periods.
    pub fn total(&self) -> Decimal {
        self.facts.iter().map(|f| f.amount).sum::<Amount>().to_decimal()
    }

    /// How many figures of the file were kept: its facts, or for a compacted file the sum of
    /// their `summed_from` (transfer offsets not counted).
    pub fn n_facts(&self) -> u64 {
        self.file_facts().iter().map(|f| f.n_facts).sum()
    }

    /// The tuples of the file's own facts, without the offsets loading adds for transfers.
    pub fn file_facts(&self) -> &[Fact] {
        self.facts.get(..self.n_file_facts).unwrap_or(&self.facts)
    }

    /// The period with this id.
    pub fn find_period(&self, id: &str) -> Option<PeriodIx> {
        self.periods.iter().position(|p| p.id == id).and_then(|ix| PeriodIx::try_from(ix).ok())
    }

    /// The period a one-period dataset states: `metadata.period` (a v1 file), or the one period
    /// its `periods` list declares. `None` when the file says nothing about when, or when it has
    /// several periods.
    pub fn stated_period(&self) -> Option<&Period> {
        match self.periods.as_slice() {
            [only] if only.id != Period::V1_ID => Some(only),
            [_] => self.metadata.period.as_ref(),
            _ => None,
        }
    }

    /// The latest period (the default view), if any.
    pub fn latest_period(&self) -> Option<PeriodIx> {
        self.periods.len().checked_sub(1).and_then(|ix| PeriodIx::try_from(ix).ok())
    }

    /// The label of a period ("" for an index out of range).
    pub fn period_label(&self, ix: PeriodIx) -> &str {
        self.periods.get(ix as usize).map_or("", |p| p.label.as_str())
    }

    /// A note's text.
    pub fn note(&self, ix: NoteIx) -> Option<&str> {
        self.notes.get(ix as usize).map(String::as_str)
    }

    /// Records which agencies have facts in which periods; call once facts are final.
    pub fn index_facts(&mut self) {
        self.agency_periods =
            self.facts.iter().filter_map(|f| f.key(Dim::Agency).ix().map(|agency| (agency, f.period))).collect();
        let agencies = self.dim(Dim::Agency);
        self.agency_periods_below = self
            .agency_periods
            .iter()
            .flat_map(|&(agency, period)| agencies.ancestors_or_self(agency).map(move |a| (a, period)))
            .collect();
    }

    /// Whether the agency or any agency below it has facts in the period (one lookup: it is
    /// asked for every shown agency in every year on every click).
    pub fn has_facts(&self, agency: MemberIx, period: PeriodIx) -> bool {
        self.agency_periods_below.contains(&(agency, period))
    }

    /// What the file says about an agency in a period. The most specific statement wins: one
    /// about the agency itself over one about an ancestor, a stated period over every period.
    /// With no statement, the agency is included when it (or an agency below it) has a fact in
    /// the period, and lacking otherwise. A statement that it is lacking while it has figures
    /// (counted, with a warning) reads as partial, so the page never calls counted figures
    /// "not in this data".
    pub fn coverage_of(&self, agency: MemberIx, period: PeriodIx) -> Coverage<'_> {
        let agencies = self.dim(Dim::Agency);
        for ancestor in agencies.ancestors_or_self(agency) {
            let stated =
                |p: Option<PeriodIx>| self.coverage.iter().rev().find(|s| s.agency == ancestor && s.period == p);
            if let Some(statement) = stated(Some(period)).or_else(|| stated(None)) {
                // A statement that a body is lacking when the file has figures for it (which are
                // counted, with a warning) would contradict the figures shown: read as partial.
                let extent = match statement.extent {
                    Extent::Lacking if self.has_facts(agency, period) => Extent::Partial,
                    extent => extent,
                };
                return Coverage { extent, note: statement.note.as_deref(), stated: true, about: Some(ancestor) };
            }
        }
        let extent = if self.has_facts(agency, period) { Extent::Included } else { Extent::Lacking };
        Coverage { extent, note: None, stated: false, about: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_compare_in_nfc() {
        let composed = "caf\u{E9}";
        let decomposed = "cafe\u{301}";
        assert_eq!(nfc(decomposed), composed);
        assert!(matches!(nfc(composed), Cow::Borrowed(_)));
        assert!(matches!(nfc("ludlow"), Cow::Borrowed(_)));
        let mut members = Members::default();
        assert!(members.push(Member {
            id: composed.to_owned(),
            label: "Café".to_owned(),
            description: None,
            population: None,
            households: None,
            population_source: None,
            parent: None,
        }));
        assert_eq!(members.find(decomposed), Some(0));
        assert_eq!(members.find(composed), Some(0));
        assert_eq!(members.find("cafe"), None);
    }
}
