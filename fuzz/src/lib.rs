//! The properties every input must keep, whatever its bytes: shared by the fuzz targets
//! (`fuzz/fuzz_targets/`) and by the native test that replays the fuzz fixtures
//! (`tests/fuzz_regressions.rs` includes this file as a module). A broken property panics with
//! `[kind] what broke`, which libFuzzer reports as a crash and `cargo test` as a failure.

use rust_decimal::Decimal;
use whole_place::domain::aggregate::{Breakdown, MAX_POPULATION, SliceKey, aggregate};
use whole_place::domain::load::{Loaded, MAX_ID_CHARS, load};
use whole_place::domain::model::{Dataset, Dim, Key};
use whole_place::domain::money::{MAX_ABS_AMOUNT, MAX_DECIMAL_PLACES};
use whole_place::domain::problem::{Location, Problems, Severity};
use whole_place::domain::query::{MemberRef, Query, UNATTRIBUTED_TOKEN};
use whole_place::domain::url::{self, UrlState};

/// The kinds of check that test rules issue 6 (sections 2 to 4) added while the fuzzer was
/// written: no serde_json wording in a message, error columns counted in characters and inside
/// their line, no control characters in labels. `WP_FUZZ_CHECKS=core` skips them, to hunt
/// crashes in a loader that predates those rules.
pub const STRICT_KINDS: [&str; 3] = ["serde-wording", "column-in-characters", "control-in-label"];

/// Which kinds of check to skip. `tools/fuzz.sh` skips a kind once it has a reproducer for it,
/// so one easy finding does not hide the rest of a long run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checks {
    skip: Vec<String>,
}

impl Checks {
    /// Every check: what the native regression test uses.
    pub fn all() -> Checks {
        Checks::default()
    }

    /// Every check but the [`STRICT_KINDS`].
    pub fn core() -> Checks {
        Checks { skip: STRICT_KINDS.map(str::to_owned).to_vec() }
    }

    /// From the environment: `WP_FUZZ_SKIP` (kinds, comma-separated) and `WP_FUZZ_CHECKS=core`
    /// (adds [`STRICT_KINDS`]).
    pub fn from_env() -> Checks {
        let mut skip: Vec<String> = std::env::var("WP_FUZZ_SKIP")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|kind| !kind.is_empty())
            .map(str::to_owned)
            .collect();
        if std::env::var("WP_FUZZ_CHECKS").is_ok_and(|v| v == "core") {
            skip.extend(Checks::core().skip);
        }
        Checks { skip }
    }

    /// Panics with `[kind] detail` when `ok` is false, unless that kind is skipped.
    #[track_caller]
    fn ensure(&self, ok: bool, kind: &str, detail: impl FnOnce() -> String) {
        if !ok && !self.skip.iter().any(|k| k == kind) {
            panic!("[{kind}] {}", detail());
        }
    }
}

/// serde_json's own phrases. One that is in a message but not in the input was written by
/// serde, not by the project, and must not reach a person.
const SERDE_PHRASES: &[&str] = &[
    "invalid type: ",
    "invalid value: ",
    "invalid length ",
    "missing field `",
    "unknown field `",
    "unknown variant `",
    "duplicate field `",
    "EOF while parsing",
    "expected value",
    "expected `",
    "trailing characters",
    "trailing comma",
    "key must be a string",
    "number out of range",
    "recursion limit exceeded",
    "control character (\\u0000-\\u001F)",
    "lone leading surrogate",
    "invalid escape",
    "invalid unicode code point",
    "invalid number",
];

/// Loads `bytes` and checks everything that must hold for any input; returns what loaded.
pub fn check_load(bytes: &[u8], checks: &Checks) -> Loaded {
    let loaded = load(bytes);
    check_problems(bytes, &loaded.problems, checks);
    match &loaded.dataset {
        Some(dataset) => check_dataset(dataset, &loaded.problems, checks),
        None => checks.ensure(loaded.problems.n_errors > 0, "fatal-without-error", || {
            "nothing loaded, yet no error says why".to_owned()
        }),
    }
    loaded
}

/// Loads again and checks both loads agree: no hash order or other hidden state leaks out.
pub fn check_deterministic(bytes: &[u8], first: &Loaded, checks: &Checks) {
    let second = load(bytes);
    checks.ensure(second == *first, "deterministic", || {
        format!("two loads of the same bytes differ:\n{first:?}\n{second:?}")
    });
}

/// Every problem is counted, has a plain-English message and a location that exists.
pub fn check_problems(bytes: &[u8], problems: &Problems, checks: &Checks) {
    let errors = problems.listed.iter().filter(|p| p.severity == Severity::Error).count();
    let warnings = problems.listed.len() - errors;
    checks.ensure(
        errors <= problems.n_errors
            && warnings <= problems.n_warnings
            && problems.n_errors + problems.n_warnings == problems.len(),
        "problem-counts",
        || format!("{errors} errors and {warnings} warnings listed; counted: {problems:?}"),
    );
    let text = String::from_utf8_lossy(bytes);
    for problem in &problems.listed {
        let code = problem.code;
        checks.ensure(!problem.message.trim().is_empty(), "empty-message", || format!("{code:?} has no message"));
        match &problem.location {
            Location::File => {}
            Location::Path(path) => checks.ensure(path.starts_with('$'), "json-path", || {
                format!("{code:?}: JSON path {path:?} does not start with $")
            }),
            Location::LineColumn { line, column } => {
                checks.ensure(*line >= 1 && *column >= 1, "line-column-from-1", || {
                    format!("{code:?}: line {line}, column {column} (both count from 1): {:?}", problem.message)
                });
                check_line_column(&text, *line, *column, &problem.message, checks);
            }
        }
        for phrase in SERDE_PHRASES {
            checks.ensure(!problem.message.contains(phrase) || text.contains(phrase), "serde-wording", || {
                format!("serde's wording {phrase:?} reaches a person: {:?}", problem.message)
            });
        }
    }
}

/// A line/column location points inside the text, counting columns in characters (Unicode
/// scalar values), as docs/data-format.md promises. One past the end of a line is allowed: that
/// is where "the file ends too soon" and "expected a comma" point.
fn check_line_column(text: &str, line: usize, column: usize, message: &str, checks: &Checks) {
    // A line ends at \r\n, \n or a lone \r, as in editors (and in the loader's own counting).
    let lines: Vec<&str> = text.split("\r\n").flat_map(|part| part.split(['\n', '\r'])).collect();
    let chars = line.checked_sub(1).and_then(|n| lines.get(n)).map(|l| l.chars().count());
    checks.ensure(chars.is_some_and(|chars| column <= chars + 1), "column-in-characters", || {
        format!("line {line}, column {column} is past the end of its line ({chars:?} characters): {message:?}")
    });
}

/// A loaded dataset is self-consistent: ids unique and usable in URLs, facts point at members,
/// amounts within the documented range, the activity tree acyclic, exclusions reported.
pub fn check_dataset(dataset: &Dataset, problems: &Problems, checks: &Checks) {
    for dim in Dim::ALL {
        let members = dataset.dim(dim);
        for (ix, member) in members.iter() {
            let id = &member.id;
            checks.ensure(
                !id.is_empty()
                    && id.chars().count() <= MAX_ID_CHARS
                    && id != UNATTRIBUTED_TOKEN
                    && members.find(id) == Some(ix),
                "member-id",
                || format!("{dim:?} id {id:?} at {ix}: empty, too long, the URL token, or not found at its index"),
            );
            let population = member.population.unwrap_or(0);
            checks.ensure(population <= MAX_POPULATION, "population", || format!("{dim:?} {id:?}: {population}"));
            checks.ensure(!member.label.chars().any(char::is_control), "control-in-label", || {
                format!("{dim:?} label {:?} still holds a control character", member.label)
            });
            // Format 1.1: any dimension may have a hierarchy; it must be a forest.
            let chain: Vec<_> = members.ancestors_or_self(ix).collect();
            let root = chain.last().and_then(|&a| members.get(a));
            checks.ensure(
                chain.len() <= members.len() && root.is_some_and(|r| r.parent.is_none()),
                "activity-cycle",
                || format!("{dim:?} {id:?} is in a cycle of parents"),
            );
        }
    }
    for (&(audience, place), &people) in &dataset.audience_population {
        checks.ensure(
            dataset.dim(Dim::Audience).get(audience).is_some()
                && dataset.dim(Dim::Place).get(place).is_some()
                && people <= MAX_POPULATION,
            "population",
            || format!("population {people} of audience {audience} in Place {place}"),
        );
    }
    for (n, fact) in dataset.facts.iter().enumerate() {
        for dim in Dim::ALL {
            let key = fact.key(dim);
            let exists = key == Key::UNATTRIBUTED || key.ix().and_then(|ix| dataset.dim(dim).get(ix)).is_some();
            checks.ensure(exists, "fact-reference", || format!("fact {n} points at a {dim:?} that does not exist"));
        }
        // A tuple sums its facts, each within the limit (times its `summed_from`).
        let amount = fact.amount.to_decimal();
        let limit = MAX_ABS_AMOUNT * rust_decimal::Decimal::from(fact.n_facts.max(1));
        checks.ensure(
            amount.abs() <= limit && amount.normalize().scale() <= MAX_DECIMAL_PLACES,
            "amount-range",
            || {
                format!(
                    "tuple {n}: amount {amount} is out of range for {} facts or has too many decimals",
                    fact.n_facts
                )
            },
        );
    }
    checks.ensure(!dataset.periods.is_empty(), "periods", || "a loaded dataset has no period".to_owned());
    for (n, fact) in dataset.facts.iter().enumerate() {
        checks.ensure(
            usize::from(fact.period) < dataset.periods.len()
                && fact.source.is_none_or(|s| (s as usize) < dataset.sources.len())
                && fact.note.is_none_or(|ix| (ix as usize) < dataset.notes.len()),
            "fact-reference",
            || format!("fact {n} points at a period, source or note that does not exist"),
        );
    }
    let excluded = &dataset.excluded;
    checks.ensure(
        excluded.n_unreadable_amounts <= excluded.n_facts && (excluded.n_facts == 0 || problems.n_errors > 0),
        "excluded-unreported",
        || format!("{excluded:?} left out, with {} errors", problems.n_errors),
    );
}

/// A handful of queries that between them slice by every dimension, add a second dimension,
/// filter on members, on "not attributed", on an activity with children, and on an activity
/// together with its parent.
pub fn queries(dataset: &Dataset) -> Vec<Query> {
    let next = |dim: Dim| Dim::ALL[(dim.index() + 1) % Dim::ALL.len()];
    let mut out = Vec::new();
    for by in Dim::ALL {
        out.push(Query { by, ..Query::default() });
        out.push(Query { by, then: Some(next(by)), ..Query::default() });
    }
    for dim in Dim::ALL {
        let members = dataset.dim(dim);
        let ids: Vec<MemberRef> = members.iter().map(|(_, m)| MemberRef::Id(m.id.clone())).collect();
        if let (Some(first), Some(last)) = (ids.first(), ids.last()) {
            let mut query = Query { by: dim, then: Some(next(dim)), ..Query::default() };
            query.filters[dim.index()] = vec![first.clone()];
            out.push(query);
            let mut query = Query { by: next(dim), then: Some(dim), ..Query::default() };
            query.filters[dim.index()] = vec![last.clone(), MemberRef::Unattributed];
            out.push(query);
        }
        let mut query = Query { by: next(dim), ..Query::default() };
        query.filters[dim.index()] = vec![MemberRef::Unattributed];
        out.push(query);
    }
    let activities = dataset.dim(Dim::Activity);
    let child_and_parent =
        activities.iter().find_map(|(_, m)| m.parent.and_then(|p| activities.get(p)).map(|p| (m, p)));
    if let Some((child, parent)) = child_and_parent {
        let mut focus = Query { by: Dim::Activity, then: Some(Dim::Agency), ..Query::default() };
        focus.filters[Dim::Activity.index()] = vec![MemberRef::Id(parent.id.clone())];
        out.push(focus);
        let mut nested = Query { by: Dim::Activity, then: Some(Dim::Place), ..Query::default() };
        nested.filters[Dim::Activity.index()] = vec![MemberRef::Id(child.id.clone()), MemberRef::Id(parent.id.clone())];
        out.push(nested);
    }
    out
}

fn sum(amounts: impl Iterator<Item = Decimal>) -> Decimal {
    amounts.fold(Decimal::ZERO, |total, amount| total + amount)
}

/// Runs one query and checks the breakdown adds up: slices to the total, a two-way table's
/// cells to its rows and columns, no slice empty, "not attributed" last.
pub fn check_breakdown(dataset: &Dataset, query: &Query, checks: &Checks) -> Breakdown {
    let b = aggregate(dataset, query);
    let slices_sum = sum(b.slices.iter().map(|s| s.amount));
    let slices_count: usize = b.slices.iter().map(|s| s.n_facts).sum();
    checks.ensure(slices_sum == b.total && slices_count == b.n_facts, "slices-sum", || {
        format!("slices {slices_sum} in {slices_count} facts, total {} in {} for {query:?}", b.total, b.n_facts)
    });
    if !query.has_filters() {
        // Without filters, the view is every fact of the period it shows.
        let in_period: Vec<_> = dataset.facts.iter().filter(|f| f.period == b.period).collect();
        let all = sum(in_period.iter().map(|f| f.amount.to_decimal()));
        let n_in_period: u64 = in_period.iter().map(|f| f.n_facts).sum();
        checks.ensure(b.n_facts as u64 == n_in_period && b.total == all, "unfiltered-total", || {
            format!("{} facts, total {}; the period has {n_in_period} facts, {all}", b.n_facts, b.total)
        });
        // Over all years, the trend holds every fact exactly once.
        let points = whole_place::domain::trend::trend(dataset, query);
        let over_years = sum(points.iter().map(|p| p.total));
        let every = sum(dataset.facts.iter().map(|f| f.amount.to_decimal()));
        checks.ensure(over_years == every, "trend-total", || format!("trend {over_years}, every fact {every}"));
    }
    for (list, name) in [(&b.slices, "slices"), (&b.columns, "columns")] {
        let unattributed = list.iter().position(|s| s.key == SliceKey::Unattributed);
        checks.ensure(
            list.iter().all(|s| s.n_facts > 0) && unattributed.is_none_or(|p| p + 1 == list.len()),
            "slice-order",
            || format!("an empty slice, or 'not attributed' not last, among the {name} for {query:?}"),
        );
    }
    let rows_add_up = b
        .cells
        .iter()
        .zip(&b.slices)
        .all(|(row, s)| row.len() == b.columns.len() && sum(row.iter().copied()) == s.amount);
    let columns_add_up = b
        .columns
        .iter()
        .enumerate()
        .all(|(c, column)| sum(b.cells.iter().filter_map(|row| row.get(c).copied())) == column.amount);
    let table_ok = match b.then {
        None => b.columns.is_empty() && b.cells.is_empty(),
        Some(then) => {
            then != b.by
                && sum(b.columns.iter().map(|c| c.amount)) == b.total
                && b.cells.len() == b.slices.len()
                && rows_add_up
                && columns_add_up
        }
    };
    checks.ensure(table_ok, "two-way-sum", || {
        format!("the table's cells, rows and columns disagree for {query:?}: {b:?}")
    });
    for slice in b.slices.iter().chain(&b.columns) {
        if let Some(MemberRef::Id(id)) = &slice.drill {
            let known = Dim::ALL.iter().any(|d| dataset.dim(*d).find(id).is_some());
            checks.ensure(known, "drill", || format!("a slice drills into unknown id {id:?}"));
        }
    }
    b
}

/// Loads, then runs every query of [`queries`] plus `extra` on whatever loaded.
pub fn check_all(bytes: &[u8], extra: &[Query], checks: &Checks) -> Loaded {
    let loaded = check_load(bytes, checks);
    if let Some(dataset) = &loaded.dataset {
        for query in queries(dataset).iter().chain(extra) {
            check_breakdown(dataset, query, checks);
        }
    }
    loaded
}

/// Parses a query string and checks the codec: never fails, writes canonically, and reading
/// what it wrote gives the same state back.
pub fn check_url(text: &str, checks: &Checks) -> UrlState {
    let state = url::parse(text);
    let written = url::write(&state);
    let again = url::parse(&written);
    checks.ensure(
        state.query.then != Some(state.query.by) && again == state && url::write(&again) == written,
        "url-round-trip",
        || format!("{text:?} reads as {state:?}, writes {written:?}, which reads back as {again:?}"),
    );
    state
}
