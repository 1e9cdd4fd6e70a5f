//! The format 1.1 parts, read once the whole file has been seen (they may stand anywhere in
//! it): `periods` (or the v1 `metadata.period` as one period), `sources`, Places' population
//! sources, `coverage`, `outcomes`, `transfers` (with the offsetting facts for transfers already
//! in the funder's figures), and the checks across all facts: subtotals published as spending,
//! and facts for an agency and period the coverage says are lacking.

use super::{At, Notes, calendar_date, check_id, describe, object_with_id, optional_text, read_amount, web_address};
use crate::domain::model::{
    self, Basis, Comparator, CoverageStatement, Dataset, Dim, Extent, Fact, Key, MemberIx, OutcomeMeasure,
    OutcomeValue, Period, PeriodIx, Source, SourceIx, Transfer,
};
use crate::domain::money::Amount;
use crate::domain::problem::{JsonPath, ProblemCode, ProblemLog, Severity};
use crate::domain::raw::{Header, RawFactFields, Scalar};
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Whether the file is read as format 1.1: it says 1.1 (or later), or uses 1.1 keys.
pub(super) fn is_1_1(dataset: &Dataset) -> bool {
    super::minor_version(&dataset.metadata.format_version) >= 1
}

/// The format 1.1 keys a file uses, named for the warning a 1.0 file using them gets.
pub(super) fn later_keys(header: &Header, dataset: &Dataset) -> Vec<&'static str> {
    let mut keys = Vec::new();
    let top = [
        (&header.periods, "periods"),
        (&header.sources, "sources"),
        (&header.coverage, "coverage"),
        (&header.outcomes, "outcomes"),
        (&header.transfers, "transfers"),
    ];
    for (part, name) in top {
        if part.as_ref().is_some_and(|v| !v.is_null()) {
            keys.push(name);
        }
    }
    for dim in [Dim::Place, Dim::Audience, Dim::Agency] {
        if dataset.dim(dim).iter().any(|(_, m)| m.parent.is_some()) {
            keys.push(match dim {
                Dim::Place => "parent on places",
                Dim::Audience => "parent on audiences",
                _ => "parent on agencies",
            });
        }
    }
    if dataset.dim(Dim::Place).iter().any(|(_, m)| m.households.is_some()) {
        keys.push("households");
    }
    if dataset.metadata.status == model::Status::Compiled {
        keys.push("status \"compiled\"");
    }
    keys
}

/// Warns a file that declares 1.0 but uses 1.1 keys: they were read anyway.
pub(super) fn warn_later_keys(dataset: &Dataset, keys: &[&str], log: &mut ProblemLog) {
    if keys.is_empty() || is_1_1(dataset) {
        return;
    }
    log.warn(
        ProblemCode::LaterVersionKeys,
        &JsonPath::root().key("format_version"),
        format!(
            "The file declares format version {} but uses keys of format 1.1 ({}); they were read as \
             format 1.1. Write \"format_version\": \"1.1\".",
            dataset.metadata.format_version,
            keys.join(", ")
        ),
    );
}

/// A period with its dates as read and where it was declared, for ordering and overlap checks.
struct Declared {
    period: Period,
    start: Option<time::Date>,
    end: Option<time::Date>,
    at: JsonPath,
}

/// Reads `periods` into `dataset.periods` (oldest first). Without a usable list the file is one
/// period, from `metadata.period` ([`Period::V1_ID`]). Returns whether a list was declared
/// (else every period reference means the one period).
pub(super) fn read_periods(header: &Header, dataset: &mut Dataset, log: &mut ProblemLog) -> bool {
    let path = JsonPath::root().key("periods");
    let declared = match header.periods.as_ref() {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            let declared = read_period_list(items, &path, log);
            if declared.is_empty() {
                log.warn(
                    ProblemCode::MissingField,
                    &path,
                    "\"periods\" declares no usable period, so the file is read as one period.".to_owned(),
                );
            }
            declared
        }
        Some(other) => {
            log.warn(
                ProblemCode::WrongType,
                &path,
                format!(
                    "\"periods\" must be a list of periods (id, label, start, end), but it is {}; the file \
                     is read as one period.",
                    describe(other)
                ),
            );
            Vec::new()
        }
    };
    let metadata_path = JsonPath::root().key("metadata").key("period");
    if declared.is_empty() {
        let only = dataset.metadata.period.clone().unwrap_or_else(|| {
            // As in 1.0: said once, when metadata is an object without a period (a period that
            // could not be read was reported where it stands).
            let stated = header.metadata.as_ref().and_then(|m| m.as_object()).map(|m| m.get("period"));
            if matches!(stated, Some(None | Some(Value::Null))) {
                log.warn(
                    ProblemCode::MissingField,
                    &metadata_path,
                    "No period is given (e.g. \"2011/12\").".to_owned(),
                );
            }
            Period { id: Period::V1_ID.to_owned(), label: "the period".to_owned(), start: None, end: None }
        });
        dataset.periods = vec![only];
        return false;
    }
    if dataset.metadata.period.take().is_some() {
        log.warn(
            ProblemCode::PeriodGivenTwice,
            &metadata_path,
            "The file has a \"periods\" list, so \"metadata.period\" was ignored; remove it, or keep \
             only one of the two."
                .to_owned(),
        );
    }
    dataset.periods = order_periods(declared, &path, log);
    true
}

fn read_period_list(items: &[Value], path: &JsonPath, log: &mut ProblemLog) -> Vec<Declared> {
    let mut declared: Vec<Declared> = Vec::new();
    let mut ids = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        let Some((object, id)) = object_with_id(
            item,
            &at,
            Severity::Error,
            |what| format!("Each period must be an object with an id, label, start and end, not {what}."),
            "This period was left out, with the facts that name it.",
            log,
        ) else {
            continue;
        };
        if ids.contains(&id) {
            duplicate_id(log, Severity::Error, &at, "period", &id, "left out");
            continue;
        }
        if declared.len() >= usize::from(super::NO_PERIOD) {
            log.error(
                ProblemCode::WrongType,
                &at,
                "A file may declare at most 65,535 periods; this one was left out.".to_owned(),
            );
            continue;
        }
        let label = optional_text(object, "label", &at, log).unwrap_or_else(|| id.clone());
        let start = optional_text(object, "start", &at, log);
        let end = optional_text(object, "end", &at, log);
        let mut start_date = start.as_deref().and_then(|d| calendar_date(d, "period's start", &at.key("start"), log));
        let mut end_date = end.as_deref().and_then(|d| calendar_date(d, "period's end", &at.key("end"), log));
        if let (Some(first), Some(last)) = (start_date, end_date)
            && first > last
        {
            log.warn(
                ProblemCode::InvalidDate,
                &at.key("start"),
                format!(
                    "The period \"{id}\" starts ({}) after it ends ({}); check whether the dates are swapped. \
                     Both were ignored.",
                    start.as_deref().unwrap_or_default(),
                    end.as_deref().unwrap_or_default()
                ),
            );
            (start_date, end_date) = (None, None);
        }
        let period = Period {
            id,
            label,
            start: start.filter(|_| start_date.is_some()),
            end: end.filter(|_| end_date.is_some()),
        };
        ids.insert(period.id.clone());
        declared.push(Declared { period, start: start_date, end: end_date, at });
    }
    declared
}

/// Puts periods in time order by start date when every period has one (warning if the list
/// was not); when some lack a start, warns about those that are out of order without moving
/// them. Warns about periods that overlap (compared in date order).
fn order_periods(mut declared: Vec<Declared>, path: &JsonPath, log: &mut ProblemLog) -> Vec<Period> {
    let starts: Vec<time::Date> = declared.iter().filter_map(|d| d.start).collect();
    if !starts.is_sorted() {
        if starts.len() == declared.len() {
            declared.sort_by_key(|d| d.start);
            let order: Vec<&str> = declared.iter().map(|d| d.period.id.as_str()).collect();
            log.warn(
                ProblemCode::PeriodsOutOfOrder,
                path,
                format!(
                    "The periods are not listed oldest first; they were put in order of their start dates: {}. \
                     List them in time order.",
                    order.join(", ")
                ),
            );
        } else {
            log.warn(
                ProblemCode::PeriodsOutOfOrder,
                path,
                "The periods are not listed oldest first, and they could not be put in order because some \
                 have no (valid) start date; they are shown in the order listed. List them in time order."
                    .to_owned(),
            );
        }
    }
    let mut dated: Vec<&Declared> = declared.iter().filter(|d| d.start.is_some() && d.end.is_some()).collect();
    dated.sort_by_key(|d| d.start);
    for pair in dated.windows(2) {
        if let [earlier, later] = pair
            && let (Some(end), Some(start)) = (earlier.end, later.start)
            && start <= end
        {
            log.warn(
                ProblemCode::OverlappingPeriods,
                &later.at.key("start"),
                format!(
                    "The period \"{}\" starts before \"{}\" ends, so the two overlap; figures for the \
                     same spending in both would be counted twice in a comparison. Check the dates.",
                    later.period.id, earlier.period.id
                ),
            );
        }
    }
    declared.into_iter().map(|d| d.period).collect()
}

/// Reads the top-level `sources` list (format 1.1).
pub(super) fn read_sources(value: Option<&Value>, log: &mut ProblemLog) -> Vec<Source> {
    let path = JsonPath::root().key("sources");
    let items = match value {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => {
            log.warn(
                ProblemCode::WrongType,
                &path,
                format!(
                    "\"sources\" must be a list of sources (id, title, publisher, url, ...), but it is {}; \
                     it was ignored.",
                    describe(other)
                ),
            );
            return Vec::new();
        }
    };
    let mut sources: Vec<Source> = Vec::new();
    let mut ids = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        let Some((object, id)) = object_with_id(
            item,
            &at,
            Severity::Warning,
            |what| format!("Each source must be an object with an id and a title, not {what}; it was ignored."),
            "This source was ignored; figures citing it show their source as unknown.",
            log,
        ) else {
            continue;
        };
        if !ids.insert(id.clone()) {
            duplicate_id(log, Severity::Warning, &at, "source", &id, "ignored");
            continue;
        }
        let title = optional_text(object, "title", &at, log).unwrap_or_else(|| {
            log.warn(
                ProblemCode::MissingField,
                &at.key("title"),
                format!("The source \"{id}\" has no title; its id is shown instead."),
            );
            id.clone()
        });
        let url = match object.get("url") {
            None | Some(Value::Null) => None,
            Some(Value::String(url)) => web_address(url, &at.key("url"), log),
            Some(other) => {
                log.warn(
                    ProblemCode::WrongType,
                    &at.key("url"),
                    format!("\"url\" should be a web address as text, but it is {}; it was ignored.", describe(other)),
                );
                None
            }
        };
        let retrieved = optional_text(object, "retrieved", &at, log)
            .filter(|d| calendar_date(d, "source's retrieved", &at.key("retrieved"), log).is_some());
        sources.push(Source {
            id,
            title,
            publisher: optional_text(object, "publisher", &at, log),
            url,
            reference: optional_text(object, "reference", &at, log),
            licence: optional_text(object, "licence", &at, log),
            retrieved,
        });
    }
    sources
}

/// Each declared period's index by id (`None` for a file without a `periods` list, where every
/// reference means the one period).
pub(super) type PeriodIds = HashMap<String, PeriodIx>;

/// The [`PeriodIds`] of a dataset whose periods are read.
pub(super) fn period_ids(dataset: &Dataset) -> PeriodIds {
    dataset
        .periods
        .iter()
        .enumerate()
        .filter_map(|(ix, p)| Some((p.id.clone(), PeriodIx::try_from(ix).ok()?)))
        .collect()
}

/// Each declared source's index by id, built once so that looking a source up costs one hash.
pub(super) type SourceIds = HashMap<String, SourceIx>;

/// The [`SourceIds`] of a dataset whose sources are read.
pub(super) fn source_ids(dataset: &Dataset) -> SourceIds {
    dataset
        .sources
        .iter()
        .enumerate()
        .filter_map(|(ix, s)| Some((s.id.clone(), SourceIx::try_from(ix).ok()?)))
        .collect()
}

/// The index of a declared source, or `None` with a warning (the item is kept, its source
/// unknown).
fn source_ref(value: Option<&Value>, sources: &SourceIds, path: &JsonPath, log: &mut ProblemLog) -> Option<SourceIx> {
    match value {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) => {
            let id = model::nfc(id);
            let found = sources.get(id.as_ref()).copied();
            if found.is_none() {
                log.warn(
                    ProblemCode::UnknownSource,
                    path,
                    format!(
                        "\"{id}\" is not one of the declared sources (the top-level \"sources\" list); the source \
                         is shown as unknown."
                    ),
                );
            }
            found
        }
        Some(other) => {
            log.warn(
                ProblemCode::WrongType,
                path,
                format!("\"source\" must be a source id as text, not {}; it was ignored.", describe(other)),
            );
            None
        }
    }
}

/// Sets each Place's `population_source`, read from the first entry with its id (the one kept).
pub(super) fn link_population_sources(
    header: &Header,
    dataset: &mut Dataset,
    sources: &SourceIds,
    later_keys: &mut Vec<&'static str>,
    log: &mut ProblemLog,
) {
    let Some(Value::Array(items)) = header.places.as_ref() else { return };
    let path = JsonPath::root().key("places");
    let mut seen = HashSet::new();
    let mut used = false;
    for (i, item) in items.iter().enumerate() {
        let Value::Object(object) = item else { continue };
        let Ok(id) = check_id(object.get("id")) else { continue };
        let Some(ix) = dataset.dim(Dim::Place).find(&id) else { continue };
        if !seen.insert(ix) {
            continue;
        }
        if object.get("population_source").is_some() {
            used = true;
        }
        let source = source_ref(object.get("population_source"), sources, &path.index(i).key("population_source"), log);
        dataset.members[Dim::Place.index()].set_population_source(ix, source);
    }
    if used {
        later_keys.push("population_source");
    }
}

/// A reference to a declared period from coverage, an outcome value or a transfer.
enum PeriodRef {
    /// None given (coverage: every period).
    Every,
    /// This period.
    One(PeriodIx),
    /// Unusable (reported).
    Bad,
}

/// Reads a period reference. `required`: with several periods, one must be named (else an
/// error at `severity`). Without a declared `periods` list every reference is the one period.
fn period_ref(
    value: Option<&Value>,
    dataset: &Dataset,
    periods: Option<&PeriodIds>,
    required: bool,
    (path, severity, noun): (&JsonPath, Severity, &str),
    log: &mut ProblemLog,
) -> PeriodRef {
    let left_out = if severity == Severity::Error { "left out" } else { "ignored" };
    match value {
        None | Some(Value::Null) if !required => PeriodRef::Every,
        None | Some(Value::Null) if dataset.periods.len() == 1 => PeriodRef::One(0),
        None | Some(Value::Null) => {
            log.at(
                severity,
                ProblemCode::MissingField,
                path,
                format!(
                    "The file declares {} periods, so this {noun} must name one (\"period\": \"{}\"); it was {left_out}.",
                    dataset.periods.len(),
                    dataset.periods.last().map_or("", |p| p.id.as_str())
                ),
            );
            PeriodRef::Bad
        }
        Some(Value::String(_)) if periods.is_none() => PeriodRef::One(0),
        Some(Value::String(id)) => match periods.and_then(|p| p.get(model::nfc(id).as_ref()).copied()) {
            Some(ix) => PeriodRef::One(ix),
            None => {
                log.at(
                    severity,
                    ProblemCode::UnknownReference,
                    path,
                    format!("\"{id}\" is not one of the declared periods; this {noun} was {left_out}."),
                );
                PeriodRef::Bad
            }
        },
        Some(other) => {
            log.at(
                severity,
                ProblemCode::WrongType,
                path,
                format!("The period must be a period id as text, not {}; this {noun} was {left_out}.", describe(other)),
            );
            PeriodRef::Bad
        }
    }
}

/// A member named by id, for coverage, outcomes and transfers: `Ok(None)` when absent or null,
/// `Err(message)` when it names no declared member or is not text.
fn member_ref(value: Option<&Value>, dataset: &Dataset, dim: Dim) -> Result<Option<MemberIx>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(id)) => dataset
            .dim(dim)
            .find(id)
            .map(Some)
            .ok_or_else(|| format!("\"{id}\" is not one of the declared {}", dim.list_key())),
        Some(other) => Err(format!("the {} must be an id (text), not {}", dim.key(), describe(other))),
    }
}

/// Reads `coverage` into `dataset.coverage`; returns each kept statement's path.
pub(super) fn read_coverage(
    header: &Header,
    dataset: &mut Dataset,
    periods: Option<&PeriodIds>,
    log: &mut ProblemLog,
) -> Vec<JsonPath> {
    let path = JsonPath::root().key("coverage");
    let mut paths = Vec::new();
    let items = match header.coverage.as_ref() {
        None | Some(Value::Null) => return paths,
        Some(Value::Array(items)) => items,
        Some(other) => {
            log.warn(
                ProblemCode::WrongType,
                &path,
                format!("\"coverage\" must be a list of statements, but it is {}; it was ignored.", describe(other)),
            );
            return paths;
        }
    };
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        let Value::Object(object) = item else {
            log.warn(
                ProblemCode::WrongType,
                &at,
                format!("Each coverage statement must be an object, not {}; it was ignored.", describe(item)),
            );
            continue;
        };
        let agency = match member_ref(object.get("agency"), dataset, Dim::Agency) {
            Ok(Some(agency)) => agency,
            Ok(None) => {
                log.warn(
                    ProblemCode::MissingField,
                    &at.key("agency"),
                    "A coverage statement must name an agency; it was ignored.".to_owned(),
                );
                continue;
            }
            Err(why) => {
                log.warn(ProblemCode::UnknownReference, &at.key("agency"), format!("In coverage, {why}; ignored."));
                continue;
            }
        };
        let period = match period_ref(
            object.get("period"),
            dataset,
            periods,
            false,
            (&at.key("period"), Severity::Warning, "coverage statement"),
            log,
        ) {
            PeriodRef::Every => None,
            PeriodRef::One(ix) => Some(ix),
            PeriodRef::Bad => continue,
        };
        let extent = match object.get("extent") {
            Some(Value::String(word)) if word == "included" => Extent::Included,
            Some(Value::String(word)) if word == "partial" => Extent::Partial,
            Some(Value::String(word)) if word == "lacking" => Extent::Lacking,
            other => {
                let found = match other {
                    None | Some(Value::Null) => "missing".to_owned(),
                    Some(Value::String(word)) => format!("\"{word}\""),
                    Some(other) => describe(other).to_owned(),
                };
                log.warn(
                    ProblemCode::InvalidExtent,
                    &at.key("extent"),
                    format!(
                        "\"extent\" must be \"included\", \"partial\" or \"lacking\", but is {found}; this \
                         coverage statement was ignored."
                    ),
                );
                continue;
            }
        };
        let note = optional_text(object, "note", &at, log);
        dataset.coverage.push(CoverageStatement { agency, period, extent, note });
        paths.push(at);
    }
    paths
}

/// Warns, once per agency and period, where facts exist but the coverage says the agency is
/// lacking in that period (the facts are kept).
pub(super) fn warn_facts_where_lacking(dataset: &Dataset, paths: &[JsonPath], log: &mut ProblemLog) {
    if dataset.coverage.is_empty() {
        return;
    }
    let mut pairs: Vec<(MemberIx, PeriodIx)> = dataset.agency_periods.iter().copied().collect();
    pairs.sort_unstable();
    let agencies = dataset.dim(Dim::Agency);
    // Only agencies under a "lacking" statement can be lacking: check those alone.
    let lacking: HashSet<MemberIx> =
        dataset.coverage.iter().filter(|c| c.extent == Extent::Lacking).map(|c| c.agency).collect();
    for (agency, period) in pairs {
        if !agencies.ancestors_or_self(agency).any(|a| lacking.contains(&a)) {
            continue;
        }
        // The statement that decides it, as `coverage_of` chooses it (which then reads it as
        // partial, since the figures are counted).
        let decided = agencies.ancestors_or_self(agency).find_map(|ancestor| {
            let stated =
                |p: Option<PeriodIx>| dataset.coverage.iter().rposition(|s| s.agency == ancestor && s.period == p);
            stated(Some(period)).or_else(|| stated(None))
        });
        if decided.and_then(|ix| dataset.coverage.get(ix)).is_none_or(|s| s.extent != Extent::Lacking) {
            continue;
        }
        let at = decided.and_then(|ix| paths.get(ix)).cloned().unwrap_or_else(|| JsonPath::root().key("coverage"));
        let label = agencies.get(agency).map_or("", |m| m.label.as_str());
        log.warn(
            ProblemCode::FactsWhereLacking,
            &at,
            format!(
                "The coverage says \"{label}\" is lacking in {}, yet the file has figures for it there; they are \
                 counted, and the page calls it partly included. Correct the coverage statement or the figures.",
                dataset.period_label(period)
            ),
        );
    }
}

/// Reports a second `what` (period, source, …) with an id already taken, at its `id`: "this
/// second one was `outcome`".
fn duplicate_id(log: &mut ProblemLog, severity: Severity, at: &JsonPath, what: &str, id: &str, outcome: &str) {
    log.at(
        severity,
        ProblemCode::DuplicateId,
        &at.key("id"),
        format!("Another {what} already has the id \"{id}\"; this second one was {outcome}."),
    );
}

/// Reads a value written as decimal text or a JSON number, exactly ("7.8", 7.8, "-12"); no
/// exponent, no thousands separators.
fn plain_decimal(value: &Value) -> Option<Decimal> {
    let text: Cow<'_, str> = match value {
        Value::String(text) => Cow::Borrowed(text.trim()),
        Value::Number(number) => Cow::Owned(number.to_string()),
        _ => return None,
    };
    let digits = text.strip_prefix('-').unwrap_or(&text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !(digits.contains('.') && fraction.is_empty());
    if !plain {
        return None;
    }
    Decimal::from_str_exact(&text).ok()
}

/// Reads a list of member ids (an outcome measure's activities or audiences); unknown ids are
/// warned and dropped.
fn member_list(
    value: Option<&Value>,
    dataset: &Dataset,
    dim: Dim,
    path: &JsonPath,
    log: &mut ProblemLog,
) -> Vec<MemberIx> {
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            let mut members = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match member_ref(Some(item), dataset, dim) {
                    Ok(Some(ix)) if !members.contains(&ix) => members.push(ix),
                    Ok(_) => {}
                    Err(why) => log.warn(
                        ProblemCode::UnknownReference,
                        &path.index(i),
                        format!("{}; it was dropped.", capitalise(&why)),
                    ),
                }
            }
            members
        }
        Some(other) => {
            log.warn(
                ProblemCode::WrongType,
                path,
                format!("This must be a list of {} ids, not {}; it was ignored.", dim.key(), describe(other)),
            );
            Vec::new()
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Reads `outcomes` (measures, then values) into the dataset.
pub(super) fn read_outcomes(
    header: &Header,
    dataset: &mut Dataset,
    sources: &SourceIds,
    periods: Option<&PeriodIds>,
    log: &mut ProblemLog,
) {
    let path = JsonPath::root().key("outcomes");
    let object = match header.outcomes.as_ref() {
        None | Some(Value::Null) => return,
        Some(Value::Object(object)) => object,
        Some(other) => {
            log.warn(
                ProblemCode::WrongType,
                &path,
                format!(
                    "\"outcomes\" must be an object with \"measures\" and \"values\", but it is {}; it was ignored.",
                    describe(other)
                ),
            );
            return;
        }
    };
    let measures = list_in(object, "measures", &path, log);
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (i, item) in measures.iter().enumerate() {
        let at = path.key("measures").index(i);
        let Some((measure, id)) = object_with_id(
            item,
            &at,
            Severity::Error,
            |what| format!("Each outcome measure must be an object, not {what}; it was left out."),
            "This outcome measure was left out.",
            log,
        ) else {
            continue;
        };
        if by_id.contains_key(&id) {
            duplicate_id(log, Severity::Error, &at, "outcome measure", &id, "left out");
            continue;
        }
        let label = optional_text(measure, "label", &at, log).unwrap_or_else(|| {
            log.warn(
                ProblemCode::MissingField,
                &at.key("label"),
                format!("The outcome measure \"{id}\" has no label; its id is shown instead."),
            );
            id.clone()
        });
        let higher_is_better = match measure.get("higher_is_better") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(higher)) => Some(*higher),
            Some(other) => {
                log.warn(
                    ProblemCode::WrongType,
                    &at.key("higher_is_better"),
                    format!(
                        "\"higher_is_better\" must be true or false, not {}; no direction is shown.",
                        describe(other)
                    ),
                );
                None
            }
        };
        let outcome = OutcomeMeasure {
            id: id.clone(),
            label,
            unit: optional_text(measure, "unit", &at, log),
            higher_is_better,
            description: optional_text(measure, "description", &at, log),
            activities: member_list(measure.get("activities"), dataset, Dim::Activity, &at.key("activities"), log),
            audiences: member_list(measure.get("audiences"), dataset, Dim::Audience, &at.key("audiences"), log),
            source: source_ref(measure.get("source"), sources, &at.key("source"), log),
        };
        by_id.insert(id, dataset.outcome_measures.len());
        dataset.outcome_measures.push(outcome);
    }
    let values = list_in(object, "values", &path, log);
    let mut seen: HashSet<(usize, Key, PeriodIx)> = HashSet::new();
    for (i, item) in values.iter().enumerate() {
        let at = path.key("values").index(i);
        if let Some(value) = read_outcome_value(item, &at, dataset, (&by_id, sources), periods, log) {
            if seen.insert((value.measure, value.place, value.period)) {
                dataset.outcome_values.push(value);
            } else {
                log.warn(
                    ProblemCode::DuplicateOutcomeValue,
                    &at,
                    "An earlier value has the same measure, Place and period; this second one was left out.".to_owned(),
                );
            }
        }
    }
}

/// The list under `key` in `object` (empty, with a warning, when it is not a list).
fn list_in<'v>(object: &'v Map<String, Value>, key: &str, path: &JsonPath, log: &mut ProblemLog) -> &'v [Value] {
    match object.get(key) {
        None | Some(Value::Null) => &[],
        Some(Value::Array(items)) => items,
        Some(other) => {
            log.warn(
                ProblemCode::WrongType,
                &path.key(key),
                format!("\"{key}\" must be a list, not {}; it was ignored.", describe(other)),
            );
            &[]
        }
    }
}

fn read_outcome_value(
    item: &Value,
    at: &JsonPath,
    dataset: &Dataset,
    (by_id, sources): (&HashMap<String, usize>, &SourceIds),
    periods: Option<&PeriodIds>,
    log: &mut ProblemLog,
) -> Option<OutcomeValue> {
    let Value::Object(object) = item else {
        log.error(
            ProblemCode::WrongType,
            at,
            format!("Each outcome value must be an object, not {}; it was left out.", describe(item)),
        );
        return None;
    };
    let measure = match object.get("measure") {
        Some(Value::String(id)) => match by_id.get(model::nfc(id).as_ref()) {
            Some(&measure) => measure,
            None => {
                log.error(
                    ProblemCode::UnknownReference,
                    &at.key("measure"),
                    format!("\"{id}\" is not one of the declared outcome measures; this value was left out."),
                );
                return None;
            }
        },
        _ => {
            log.error(
                ProblemCode::MissingField,
                &at.key("measure"),
                "An outcome value must name its measure by id; it was left out.".to_owned(),
            );
            return None;
        }
    };
    let PeriodRef::One(period) =
        period_ref(object.get("period"), dataset, periods, true, (&at.key("period"), Severity::Error, "value"), log)
    else {
        return None;
    };
    let place = match member_ref(object.get("place"), dataset, Dim::Place) {
        Ok(place) => place.map_or(Key::UNATTRIBUTED, Key::member),
        Err(why) => {
            log.error(
                ProblemCode::UnknownReference,
                &at.key("place"),
                format!("{}; this value was left out.", capitalise(&why)),
            );
            return None;
        }
    };
    let Some(value) = object.get("value").and_then(plain_decimal) else {
        let found = object.get("value").map_or("missing".to_owned(), shown_value);
        log.error(
            ProblemCode::InvalidValue,
            &at.key("value"),
            format!(
                "The value must be a number written plainly, as text (\"7.8\") or a JSON number (7.8), with no \
                 exponent or separators; it is {found}. This value was left out."
            ),
        );
        return None;
    };
    let comparator = match object.get("comparator") {
        None | Some(Value::Null) => None,
        Some(Value::Object(comparator)) => {
            let cat = at.key("comparator");
            let label = optional_text(comparator, "label", &cat, log);
            let compared = comparator.get("value").and_then(plain_decimal);
            match (label, compared) {
                (Some(label), Some(value)) => Some(Comparator { label, value }),
                (None, _) => {
                    log.warn(
                        ProblemCode::MissingField,
                        &cat.key("label"),
                        "The comparator needs a label (e.g. \"England median\"); it was ignored.".to_owned(),
                    );
                    None
                }
                (Some(_), None) => {
                    log.warn(
                        ProblemCode::InvalidValue,
                        &cat.key("value"),
                        "The comparator's value must be a number written plainly (\"7.6\" or 7.6); the comparator was ignored.".to_owned(),
                    );
                    None
                }
            }
        }
        Some(other) => {
            log.warn(
                ProblemCode::WrongType,
                &at.key("comparator"),
                format!(
                    "\"comparator\" must be an object with a label and a value, not {}; it was ignored.",
                    describe(other)
                ),
            );
            None
        }
    };
    let source = source_ref(object.get("source"), sources, &at.key("source"), log);
    Some(OutcomeValue { measure, place, period, value, comparator, source })
}

/// A value quoted in a message, shortened.
fn shown_value(value: &Value) -> String {
    match value {
        Value::String(text) => format!("\"{}\"", super::shorten(text)),
        Value::Number(number) => super::shorten(&number.to_string()).into_owned(),
        other => describe(other).to_owned(),
    }
}

/// A JSON value as the scalar facts are read from, so a transfer's amount follows the facts' rules.
fn scalar(value: &Value) -> Scalar<'_> {
    match value {
        Value::Null => Scalar::Null,
        Value::Bool(b) => Scalar::Bool(*b),
        Value::Number(number) => Scalar::Number(Cow::Owned(number.to_string())),
        Value::String(text) => Scalar::Str(Cow::Borrowed(text)),
        Value::Array(_) | Value::Object(_) => Scalar::Compound,
    }
}

/// Reads `transfers`; for each one already in the funder's figures, appends the offsetting fact
/// (funder, activity and Place as given, −amount, derived) so the money is counted once, at
/// the body that spends it.
pub(super) fn read_transfers(
    header: &Header,
    dataset: &mut Dataset,
    sources: &SourceIds,
    periods: Option<&PeriodIds>,
    notes: &mut Notes,
    log: &mut ProblemLog,
) {
    let path = JsonPath::root().key("transfers");
    let items = match header.transfers.as_ref() {
        None | Some(Value::Null) => return,
        Some(Value::Array(items)) => items,
        Some(other) => {
            log.error(
                ProblemCode::WrongType,
                &path,
                format!(
                    "\"transfers\" must be a list, but it is {}; it was ignored, so money passed between bodies \
                     may be counted twice.",
                    describe(other)
                ),
            );
            return;
        }
    };
    // Each body's own figures per period, to check that a funder has figures to take a
    // transfer from (summed with the bodies below it, once per funder).
    let mut own: HashMap<(MemberIx, PeriodIx), Amount> = HashMap::new();
    for fact in &dataset.facts {
        if let Some(agency) = fact.key(Dim::Agency).ix() {
            *own.entry((agency, fact.period)).or_default() += fact.amount;
        }
    }
    let mut funder_totals: HashMap<MemberIx, HashMap<PeriodIx, Decimal>> = HashMap::new();
    let mut taken: HashMap<(MemberIx, PeriodIx), Decimal> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        let Some(mut transfer) = read_transfer(item, &at, dataset, sources, periods, log) else { continue };
        if transfer.in_funder_figures {
            let agencies = dataset.dim(Dim::Agency);
            let totals = funder_totals.entry(transfer.from).or_insert_with(|| {
                let mut totals: HashMap<PeriodIx, Decimal> = HashMap::new();
                for ((agency, period), amount) in &own {
                    if agencies.ancestors_or_self(*agency).any(|a| a == transfer.from) {
                        *totals.entry(*period).or_default() += amount.to_decimal();
                    }
                }
                totals
            });
            // What earlier transfers have already taken off this funder in this period counts too.
            let taken_before = taken.get(&(transfer.from, transfer.period)).copied().unwrap_or_default();
            let available = totals.get(&transfer.period).map(|total| *total - taken_before);
            if available.is_none_or(|left| left < transfer.amount) {
                let from = agencies.get(transfer.from).map_or("", |m| m.label.as_str());
                let has = match available {
                    None => "no figures for it".to_owned(),
                    Some(left) if taken_before.is_zero() => {
                        format!("only {} for it", super::shorten(&left.to_string()))
                    }
                    Some(left) => format!(
                        "only {} for it once the transfers above are taken off",
                        super::shorten(&left.to_string())
                    ),
                };
                log.warn(
                    ProblemCode::InvalidTransfer,
                    &at.key("in_funder_figures"),
                    format!(
                        "This transfer says {from}'s figures include it, but the file has {has} in that period, \
                         so it was not taken off (that would remove money the file never counted). Check \
                         \"in_funder_figures\" and the funder's figures."
                    ),
                );
                transfer.in_funder_figures = false;
            } else {
                *taken.entry((transfer.from, transfer.period)).or_default() += transfer.amount;
            }
        }
        if transfer.in_funder_figures {
            let to = dataset.dim(Dim::Agency).get(transfer.to).map_or("", |m| m.label.as_str());
            let note = notes.intern_own(format!("Transfer to {to}: counted once, at {to}, which spends it"));
            let mut keys = [Key::UNATTRIBUTED; 4];
            keys[Dim::Agency.index()] = Key::member(transfer.from);
            keys[Dim::Activity.index()] = transfer.activity;
            keys[Dim::Place.index()] = transfer.place;
            dataset.facts.push(Fact {
                keys,
                amount: (-transfer.amount).into(),
                period: transfer.period,
                basis: Basis::Derived,
                source: transfer.source,
                note,
                n_facts: 1,
            });
        }
        dataset.transfers.push(transfer);
    }
}

fn read_transfer(
    item: &Value,
    at: &JsonPath,
    dataset: &Dataset,
    sources: &SourceIds,
    periods: Option<&PeriodIds>,
    log: &mut ProblemLog,
) -> Option<Transfer> {
    let Value::Object(object) = item else {
        log.error(
            ProblemCode::WrongType,
            at,
            format!("Each transfer must be an object, not {}; it was left out.", describe(item)),
        );
        return None;
    };
    let mut ends = [0 as MemberIx; 2];
    for (end, key) in ends.iter_mut().zip(["from", "to"]) {
        match member_ref(object.get(key), dataset, Dim::Agency) {
            Ok(Some(agency)) => *end = agency,
            Ok(None) => {
                log.error(
                    ProblemCode::MissingField,
                    &at.key(key),
                    format!("A transfer must say which agency it is {key} (\"{key}\"); it was left out."),
                );
                return None;
            }
            Err(why) => {
                log.error(
                    ProblemCode::UnknownReference,
                    &at.key(key),
                    format!("{}; this transfer was left out.", capitalise(&why)),
                );
                return None;
            }
        }
    }
    let [from, to] = ends;
    if from == to {
        log.error(
            ProblemCode::InvalidTransfer,
            &at.key("to"),
            "A transfer must be between two different agencies; this one names the same agency twice and was left out."
                .to_owned(),
        );
        return None;
    }
    let PeriodRef::One(period) =
        period_ref(object.get("period"), dataset, periods, true, (&at.key("period"), Severity::Error, "transfer"), log)
    else {
        return None;
    };
    let fields = RawFactFields {
        amount: object.get("amount").map(scalar),
        amount_minor: object.get("amount_minor").map(scalar),
        ..RawFactFields::default()
    };
    let amount = read_amount(
        &fields,
        &dataset.metadata.currency,
        crate::domain::money::MAX_ABS_AMOUNT,
        At::Item(at, "transfer"),
        log,
    )?;
    if amount <= Decimal::ZERO {
        log.error(
            ProblemCode::InvalidTransfer,
            &at.key(if fields.amount.is_some() { "amount" } else { "amount_minor" }),
            format!("A transfer's amount must be more than zero, but it is {amount}; it was left out."),
        );
        return None;
    }
    let mut keys = [Key::UNATTRIBUTED; 2];
    for (key, dim) in keys.iter_mut().zip([Dim::Activity, Dim::Place]) {
        match member_ref(object.get(dim.key()), dataset, dim) {
            Ok(member) => *key = member.map_or(Key::UNATTRIBUTED, Key::member),
            Err(why) => {
                log.error(
                    ProblemCode::UnknownReference,
                    &at.key(dim.key()),
                    format!("{}; this transfer was left out.", capitalise(&why)),
                );
                return None;
            }
        }
    }
    let in_funder_figures = match object.get("in_funder_figures") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(included)) => *included,
        Some(other) => {
            log.warn(
                ProblemCode::WrongType,
                &at.key("in_funder_figures"),
                format!(
                    "\"in_funder_figures\" must be true or false, not {}; read as false (nothing is taken off \
                     the funder's figures).",
                    describe(other)
                ),
            );
            false
        }
    };
    Some(Transfer {
        from,
        to,
        period,
        amount,
        activity: keys[0],
        place: keys[1],
        in_funder_figures,
        note: optional_text(object, "note", at, log),
        source: source_ref(object.get("source"), sources, &at.key("source"), log),
    })
}

/// Where each member of a list is declared (its first entry with that id), for warnings found
/// after the lists were read: id → position in the list.
fn member_positions(header: &Header, dim: Dim) -> HashMap<String, usize> {
    let list = match dim {
        Dim::Place => &header.places,
        Dim::Audience => &header.audiences,
        Dim::Activity => &header.activities,
        Dim::Agency => &header.agencies,
    };
    let mut positions = HashMap::new();
    if let Some(Value::Array(items)) = list.as_ref() {
        for (i, item) in items.iter().enumerate() {
            if let Some(Ok(id)) = item.as_object().map(|o| check_id(o.get("id"))) {
                positions.entry(id).or_insert(i);
            }
        }
    }
    positions
}

/// Members × periods up to which own sums are kept in a flat table (fast); beyond it, in a map
/// (a hostile file with many members and many periods must not allocate their product).
const DENSE_CELLS: usize = 1 << 20;

/// Warns about members that look like a subtotal published as spending: facts of their own in
/// a period and descendants whose facts there add up to exactly the same (non-zero) sum. One
/// pass over the facts per dimension with a hierarchy, then one walk up the tree.
pub(super) fn warn_subtotals(header: &Header, dataset: &Dataset, log: &mut ProblemLog) {
    for dim in Dim::ALL {
        let members = dataset.dim(dim);
        if !members.iter().any(|(_, m)| m.parent.is_some()) {
            continue;
        }
        let found = subtotals(dataset, dim, DENSE_CELLS);
        if found.is_empty() {
            continue;
        }
        let positions = member_positions(header, dim);
        let list = JsonPath::root().key(dim.list_key());
        for (ix, doubled) in found {
            let Some(member) = members.get(ix) else { continue };
            let at = positions.get(&member.id).map_or_else(|| list.clone(), |&i| list.index(i));
            let doubled: Vec<String> =
                doubled.iter().map(|(period, amount)| format!("{}: {amount}", dataset.period_label(*period))).collect();
            log.warn(
                ProblemCode::LooksLikeSubtotal,
                &at,
                format!(
                    "The {} \"{}\" has figures of its own that equal exactly the sum of the figures of the {} \
                     below it ({}): it looks like a subtotal published as spending, and it doubles the total. \
                     Give the amount either on it or on the {} below it, not both. The figures were not changed.",
                    dim.key(),
                    member.label,
                    dim.plural().to_lowercase(),
                    doubled.join("; "),
                    dim.plural().to_lowercase()
                ),
            );
        }
    }
}

/// The members of `dim` (in index order) whose own facts in a period sum to exactly the
/// (non-zero) sum of their descendants' facts in that period, with those periods and sums.
/// Children's sums are merged into their parent's, the smaller map into the larger, so a deep
/// chain costs no more than a flat list.
fn subtotals(dataset: &Dataset, dim: Dim, dense_cells: usize) -> Vec<(MemberIx, Vec<(PeriodIx, Decimal)>)> {
    let members = dataset.dim(dim);
    let n_periods = dataset.periods.len();
    // Each member's own sum per period, in period order.
    let mut own: Vec<Vec<(PeriodIx, Decimal)>> = vec![Vec::new(); members.len()];
    let cells = members.len().saturating_mul(n_periods);
    if cells <= dense_cells {
        // Summed exactly as the engine sums (Amount), turned into Decimal once per cell.
        let mut sums: Vec<Option<Amount>> = vec![None; cells];
        for fact in &dataset.facts {
            if let Some(cell) =
                fact.key(dim).ix().and_then(|ix| sums.get_mut(ix as usize * n_periods + usize::from(fact.period)))
            {
                *cell = Some(cell.unwrap_or_default() + fact.amount);
            }
        }
        for (cell, sum) in sums.into_iter().enumerate() {
            if let (Some(sum), Some(list)) = (sum, own.get_mut(cell / n_periods.max(1))) {
                list.push((PeriodIx::try_from(cell % n_periods.max(1)).unwrap_or_default(), sum.to_decimal()));
            }
        }
    } else {
        let mut sums: HashMap<(MemberIx, PeriodIx), Amount> = HashMap::new();
        for fact in &dataset.facts {
            if let Some(ix) = fact.key(dim).ix() {
                *sums.entry((ix, fact.period)).or_default() += fact.amount;
            }
        }
        for ((ix, period), sum) in sums {
            if let Some(list) = own.get_mut(ix as usize) {
                list.push((period, sum.to_decimal()));
            }
        }
        own.iter_mut().for_each(|list| list.sort_unstable_by_key(|&(period, _)| period));
    }
    // Parents before children (a walk from each root); read backwards, children come first.
    let mut order = Vec::with_capacity(members.len());
    let mut stack: Vec<MemberIx> = members.iter().filter(|(_, m)| m.parent.is_none()).map(|(ix, _)| ix).collect();
    while let Some(ix) = stack.pop() {
        order.push(ix);
        stack.extend(members.children(ix));
    }
    let mut subtree: Vec<Option<HashMap<PeriodIx, Decimal>>> = vec![None; members.len()];
    let mut found = Vec::new();
    for &ix in order.iter().rev() {
        let mut below: HashMap<PeriodIx, Decimal> = HashMap::new();
        for child in members.children(ix) {
            if let Some(mut sums) = subtree.get_mut(child as usize).and_then(Option::take) {
                if sums.len() > below.len() {
                    std::mem::swap(&mut sums, &mut below);
                }
                for (period, sum) in sums {
                    *below.entry(period).or_default() += sum;
                }
            }
        }
        let mine = own.get(ix as usize).map_or(&[][..], Vec::as_slice);
        let doubled: Vec<(PeriodIx, Decimal)> =
            mine.iter().filter(|(period, sum)| !sum.is_zero() && below.get(period) == Some(sum)).copied().collect();
        if !doubled.is_empty() {
            found.push((ix, doubled));
        }
        if members.get(ix).is_some_and(|m| m.parent.is_some()) {
            for &(period, sum) in mine {
                *below.entry(period).or_default() += sum;
            }
            if let Some(slot) = subtree.get_mut(ix as usize) {
                *slot = Some(below);
            }
        }
    }
    found.sort_unstable_by_key(|(ix, _)| *ix);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::load::load;

    /// The flat table and the map give the same subtotals, on a file with a chain, siblings,
    /// an exact subtotal in one period only, and a zero one.
    #[test]
    fn subtotals_are_the_same_with_a_table_or_a_map() {
        let fact = |activity: &str, period: &str, amount: &str| {
            format!(
                r#"{{"agency":"c","activity":"{activity}","period":"{period}","amount":"{amount}","basis":"reported"}}"#
            )
        };
        let facts = [
            fact("top", "p1", "10"),
            fact("mid", "p1", "4"),
            fact("leaf", "p1", "6"),
            fact("other", "p1", "0"),
            fact("top", "p2", "3"),
            fact("leaf", "p2", "2"),
            fact("other", "p2", "0"),
            fact("mid", "p2", "1"),
            fact("zero", "p1", "0"),
            fact("zero-child", "p1", "0"),
        ];
        let text = format!(
            r#"{{"format_version":"1.1","metadata":{{"title":"t","licence":"OGL","currency":"GBP","status":"compiled"}},
            "periods":[{{"id":"p1"}},{{"id":"p2"}}],"places":[],"audiences":[],
            "activities":[{{"id":"top","label":"T"}},{{"id":"mid","label":"M","parent":"top"}},{{"id":"leaf","label":"L","parent":"mid"}},
              {{"id":"other","label":"O","parent":"top"}},{{"id":"zero","label":"Z"}},{{"id":"zero-child","label":"Z","parent":"zero"}}],
            "agencies":[{{"id":"c","label":"C"}}],"facts":[{}]}}"#,
            facts.join(",")
        );
        let dataset = load(text.as_bytes()).dataset.unwrap_or_default();
        assert_eq!(dataset.n_facts() as usize, facts.len());
        let dense = subtotals(&dataset, Dim::Activity, DENSE_CELLS);
        let sparse = subtotals(&dataset, Dim::Activity, 0);
        assert_eq!(dense, sparse);
        let activities = dataset.dim(Dim::Activity);
        let named: Vec<(&str, Vec<PeriodIx>)> = dense
            .iter()
            .map(|(ix, d)| (activities.get(*ix).map_or("", |m| m.id.as_str()), d.iter().map(|(p, _)| *p).collect()))
            .collect();
        // top: own 10 = mid 4 + leaf 6 + other 0 in p1; in p2, 3 = 1 + 2. mid: 4 ≠ 6, 1 ≠ 2.
        assert_eq!(named, vec![("top", vec![0, 1])]);
    }
}
