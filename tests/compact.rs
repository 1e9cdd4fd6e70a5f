//! `whole-place compact` and `assemble` (src/convert/from_dataset.rs, src/convert/assemble.rs):
//! a compacted file shows exactly what its original shows in every view (every slice and
//! two-way table of every period under several filters, the trend, where figures come from,
//! coverage, who funded what, outcomes), compacting is a fixed point, a file with errors is
//! refused, and assembling JSON-lines parts gives the same file as compacting the facts inline.
//! Cases: both shipped datasets, a generated one with repeated keys, hand-made fixtures
//! (tests/fixtures/compact/) and each of those with every fact written three times over.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use whole_place::convert::assemble::{Input, assemble};
use whole_place::convert::from_dataset::{Refused, compact, compact_loaded, summary};
use whole_place::domain::aggregate::{Breakdown, SliceKey, aggregate};
use whole_place::domain::coverage::{agency_notes, empty_view, funded_by};
use whole_place::domain::lineage::{LineageRow, lineage};
use whole_place::domain::load::load;
use whole_place::domain::model::{Dataset, Dim};
use whole_place::domain::outcomes::outcomes_for;
use whole_place::domain::problem::{Location, ProblemCode, Severity};
use whole_place::domain::query::{MemberRef, Query};
use whole_place::domain::trend::trend;
use whole_place::generator;

const PUBLISHED: &[u8] = include_bytes!("../public/data/shropshire-published-2010-11-to-2017-18.json");
const ILLUSTRATIVE: &[u8] = include_bytes!("../public/data/shropshire-illustrative-2011-12.json");
const FORMAT_1_1: &[u8] = include_bytes!("fixtures/format-1.1.json");
const HIERARCHIES: &[u8] = include_bytes!("fixtures/compact/hierarchies-transfers.json");
const V1_REPEATED: &[u8] = include_bytes!("fixtures/compact/v1-repeated.json");
const V1_NO_PERIOD: &[u8] = include_bytes!("fixtures/compact/v1-no-period.json");
const PARTLY_BROKEN: &[u8] = include_bytes!("fixtures/e2e-partly-broken.json");

/// (name, file, facts compacting must write: the distinct tuples, worked out by hand or from
/// the generator's base facts).
fn cases() -> Vec<(String, Vec<u8>, usize)> {
    let (generated, n_base) = generated();
    let small: [(&str, &[u8], usize); 6] = [
        ("published", PUBLISHED, 1305),
        ("illustrative", ILLUSTRATIVE, 2134),
        ("format-1.1", FORMAT_1_1, 15),
        // 24 facts: 5 repeat a tuple, 3 more pairs share one (the zero-sum pair included).
        ("hierarchies-transfers", HIERARCHIES, 16),
        ("v1-repeated", V1_REPEATED, 5),
        ("v1-no-period", V1_NO_PERIOD, 2),
    ];
    let mut cases = vec![("generated".to_owned(), generated.into_bytes(), n_base)];
    for (name, bytes, n_tuples) in small {
        cases.push((name.to_owned(), bytes.to_vec(), n_tuples));
        cases.push((format!("{name}, each fact three times"), tripled(bytes), n_tuples));
    }
    cases
}

/// The illustrative dataset scaled to nine times its facts (19,206; each base fact split into
/// nine with the same keys), and how many base facts (distinct tuples) it has.
fn generated() -> (String, usize) {
    let n_base = generator::base_facts(generator::DEFAULT_SEED).len();
    let facts = generator::scaled_facts(generator::DEFAULT_SEED, n_base * 9);
    (generator::to_json(&facts, generator::DEFAULT_SEED), n_base)
}

/// The file with every fact written as three facts with the same keys and provenance: the
/// amount, the amount again, and minus the amount (the same sum, three times the facts).
fn tripled(bytes: &[u8]) -> Vec<u8> {
    let mut doc: Value = serde_json::from_slice(bytes).unwrap();
    let facts = doc["facts"].as_array().unwrap().clone();
    let negated = |fact: &Value| {
        let mut fact = fact.clone();
        for key in ["amount", "amount_minor"] {
            match fact.get(key).cloned() {
                Some(Value::String(text)) => {
                    fact[key] = Value::String(text.strip_prefix('-').map_or(format!("-{text}"), str::to_owned));
                }
                Some(Value::Number(n)) => {
                    let text = n.to_string();
                    let flipped = text.strip_prefix('-').map_or(format!("-{text}"), str::to_owned);
                    fact[key] = serde_json::from_str(&flipped).unwrap();
                }
                _ => {}
            }
        }
        fact
    };
    let three: Vec<Value> = facts.iter().flat_map(|f| [f.clone(), f.clone(), negated(f)]).collect();
    doc["facts"] = Value::Array(three);
    serde_json::to_vec(&doc).unwrap()
}

fn loaded(bytes: &[u8]) -> Arc<Dataset> {
    let loaded = load(bytes);
    assert_eq!(loaded.problems.n_errors, 0, "{:#?}", loaded.problems.listed);
    loaded.dataset.unwrap()
}

/// A breakdown as compared: whole, fact counts included (a compacted fact's `summed_from`
/// keeps "Added up from N figures" unchanged).
fn figures(b: Breakdown) -> Breakdown {
    b
}

/// Lineage rows as compared, whole (as for [`figures`]).
fn lineage_figures(rows: Vec<LineageRow>) -> Vec<LineageRow> {
    rows
}

/// Queries covering every view: each period (and the default), each `by` × `then` (none
/// included), with no filter and with a few: the first top-level member of each dimension,
/// a member with children, and "not attributed" on the Place dimension.
fn queries(dataset: &Dataset) -> Vec<Query> {
    let mut filters: Vec<[Vec<MemberRef>; 4]> = vec![Default::default()];
    for dim in Dim::ALL {
        let members = dataset.dim(dim);
        let top = members.iter().find(|(_, m)| m.parent.is_none());
        let with_children = members.iter().find(|(ix, _)| members.has_children(*ix));
        for (_, member) in top.into_iter().chain(with_children) {
            let mut filter: [Vec<MemberRef>; 4] = Default::default();
            filter[dim.index()] = vec![MemberRef::Id(member.id.clone())];
            filters.push(filter);
        }
    }
    let mut unattributed: [Vec<MemberRef>; 4] = Default::default();
    unattributed[Dim::Place.index()] = vec![MemberRef::Unattributed];
    filters.push(unattributed);
    let periods: Vec<Option<String>> =
        std::iter::once(None).chain(dataset.periods.iter().map(|p| Some(p.id.clone()))).collect();
    let mut queries = Vec::new();
    for period in &periods {
        for by in Dim::ALL {
            for then in std::iter::once(None).chain(Dim::ALL.into_iter().filter(|d| *d != by).map(Some)) {
                for filter in &filters {
                    queries.push(Query {
                        by,
                        then,
                        filters: filter.clone(),
                        period: period.clone(),
                        ..Query::default()
                    });
                }
            }
        }
    }
    queries
}

/// Everything the explorer shows, compared between the original and the compacted dataset.
fn assert_same_views(name: &str, original: &Dataset, compacted: &Dataset) {
    // The parts that are not facts are the same values (the format version aside: a compacted
    // file is always 1.1).
    let mut metadata = compacted.metadata.clone();
    metadata.format_version = original.metadata.format_version.clone();
    assert_eq!(metadata, original.metadata, "{name}: metadata");
    assert_eq!(compacted.members, original.members, "{name}: members");
    assert_eq!(compacted.audience_population, original.audience_population, "{name}: audience populations");
    assert_eq!(compacted.periods, original.periods, "{name}: periods");
    assert_eq!(compacted.sources, original.sources, "{name}: sources");
    assert_eq!(compacted.coverage, original.coverage, "{name}: coverage");
    assert_eq!(compacted.outcome_measures, original.outcome_measures, "{name}: outcome measures");
    assert_eq!(compacted.outcome_values, original.outcome_values, "{name}: outcome values");
    assert_eq!(compacted.transfers, original.transfers, "{name}: transfers");
    assert_eq!(compacted.agency_periods_below, original.agency_periods_below, "{name}: who has facts when");
    assert_eq!(compacted.total(), original.total(), "{name}: total");
    for (agency, _) in original.dim(Dim::Agency).iter() {
        for period in 0..original.periods.len() as u16 {
            assert_eq!(compacted.coverage_of(agency, period), original.coverage_of(agency, period), "{name}");
        }
    }
    for query in queries(original) {
        let before = aggregate(original, &query);
        let after = aggregate(compacted, &query);
        let at = format!("{name}: {query:?}");
        assert_eq!(empty_view(compacted, &query, &after), empty_view(original, &query, &before), "{at}");
        assert_eq!(agency_notes(compacted, &query, &after), agency_notes(original, &query, &before), "{at}");
        if query.then.is_none() {
            let strip = |points: Vec<whole_place::domain::trend::TrendPoint>| {
                points
                    .into_iter()
                    .map(|p| (p.period, p.total, p.estimated, p.lacking, p.all_lacking))
                    .collect::<Vec<_>>()
            };
            assert_eq!(strip(trend(compacted, &query)), strip(trend(original, &query)), "{at}");
            assert_eq!(funded_by(compacted, &query), funded_by(original, &query), "{at}");
            assert_eq!(outcomes_for(compacted, &query), outcomes_for(original, &query), "{at}");
            let slices: Vec<Option<SliceKey>> =
                std::iter::once(None).chain(before.slices.iter().map(|s| Some(s.key))).collect();
            for slice in slices {
                assert_eq!(
                    lineage_figures(lineage(compacted, &query, query.by, slice)),
                    lineage_figures(lineage(original, &query, query.by, slice)),
                    "{at}, slice {slice:?}"
                );
            }
        }
        assert_eq!(figures(after), figures(before), "{at}");
    }
}

#[test]
fn a_compacted_file_shows_the_same_in_every_view() {
    for (name, bytes, n_tuples) in cases() {
        let original = loaded(&bytes);
        let compacted = compact(&bytes).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!((compacted.n_facts_in, compacted.n_facts_out), (original.n_facts() as usize, n_tuples), "{name}");
        assert_same_views(&name, &original, &loaded(compacted.json.as_bytes()));
    }
}

#[test]
fn compacting_twice_changes_nothing_and_counts_what_each_fact_sums() {
    for (name, bytes, n_tuples) in cases() {
        let once = compact(&bytes).unwrap().json;
        let twice = compact(once.as_bytes()).unwrap().json;
        assert!(once == twice, "{name}: compacting a compacted file changed it");
        // Every figure of the original is counted once: summed_from (default 1) adds up to the
        // original's facts, and each written count is more than one.
        let doc: Value = serde_json::from_str(&once).unwrap();
        let counts: Vec<u64> = doc["facts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.get("summed_from").map_or(1, |n| n.as_u64().unwrap()))
            .collect();
        assert!(
            doc["facts"].as_array().unwrap().iter().all(|f| f.get("summed_from").is_none_or(|n| n.as_u64() > Some(1)))
        );
        assert_eq!(
            (counts.len(), counts.iter().sum::<u64>() as usize),
            (n_tuples, loaded(&bytes).n_facts() as usize),
            "{name}"
        );
    }
}

#[test]
fn each_tuple_of_a_tripled_file_sums_three_facts() {
    let doc: Value = serde_json::from_str(&compact(&tripled(FORMAT_1_1)).unwrap().json).unwrap();
    let counts: Vec<Option<u64>> = doc["facts"].as_array().unwrap().iter().map(|f| f["summed_from"].as_u64()).collect();
    assert_eq!(counts, vec![Some(3); 15]);
}

#[test]
fn the_offsets_for_transfers_are_not_written_as_facts() {
    // format-1.1.json has one transfer in the funder's figures: the loader adds one offset fact.
    let original = loaded(FORMAT_1_1);
    assert_eq!((original.facts.len(), original.file_facts().len()), (16, 15));
    let compacted = loaded(compact(FORMAT_1_1).unwrap().json.as_bytes());
    assert_eq!((compacted.facts.len(), compacted.file_facts().len()), (16, 15));
}

#[test]
fn check_counts_facts_tuples_and_each_period_total() {
    let (generated, n_base) = generated();
    let s = summary(Some(&loaded(generated.as_bytes())));
    let base = summary(Some(&loaded(ILLUSTRATIVE)));
    // The scaled facts split each base fact into pieces: the same tuples, the same total.
    assert_eq!((s.facts_read, s.facts_kept, s.facts_left_out, s.tuples), (n_base * 9, n_base * 9, 0, base.tuples));
    assert_eq!(s.totals, base.totals);
    let broken = load(PARTLY_BROKEN);
    let s = summary(broken.dataset.as_deref());
    assert_eq!((s.facts_read, s.facts_kept, s.facts_left_out), (9, 7, 2));
    let s = summary(Some(&loaded(HIERARCHIES)));
    let totals: Vec<(&str, String)> = s.totals.iter().map(|(p, t)| (p.as_str(), t.to_string())).collect();
    // 2021-22 has the offset of the 15,000.00 safety grant already in the council's figures.
    assert_eq!(totals, [("2020-21", "1022621.06".to_owned()), ("2021-22", "1017978.25".to_owned())]);
}

#[test]
fn a_file_with_an_error_is_refused() {
    match compact(PARTLY_BROKEN) {
        Err(Refused::Errors(problems)) => assert_eq!(problems.n_errors, 2),
        other => panic!("not refused: {other:?}"),
    }
    assert!(matches!(compact(b"{ not json"), Err(Refused::Errors(_))));
}

/// The file split into a header (no facts) and two JSON-lines parts, the second with a blank
/// line and CRLF line ends.
fn split(bytes: &[u8]) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let mut doc: Value = serde_json::from_slice(bytes).unwrap();
    let facts = doc["facts"].as_array().unwrap().clone();
    doc["facts"] = Value::Array(Vec::new());
    let lines: Vec<String> = facts.iter().map(|f| serde_json::to_string(f).unwrap()).collect();
    let half = lines.len() / 2;
    let first = lines[..half].join("\n") + "\n";
    let second = lines[half..].join("\r\n\r\n");
    (serde_json::to_vec_pretty(&doc).unwrap(), first.into_bytes(), second.into_bytes())
}

#[test]
fn assembling_parts_equals_compacting_the_facts_inline() {
    for bytes in [HIERARCHIES, FORMAT_1_1, V1_REPEATED, &tripled(PUBLISHED)[..]] {
        let (header, a, b) = split(bytes);
        let parts = [Input { name: "a.ndjson", bytes: &a }, Input { name: "b.ndjson", bytes: &b }];
        let assembled = assemble(Input { name: "header.json", bytes: &header }, &parts).unwrap();
        let json = compact_loaded(load(&assembled.bytes)).unwrap().json;
        assert!(json == compact(bytes).unwrap().json);
    }
}

#[test]
fn assemble_locates_problems_at_the_part_file_and_line() {
    let (header, a, _) = split(V1_REPEATED);
    // Line 1 names a Place the header lacks; line 2 is blank; line 3 is not JSON.
    let bad = br#"{"agency": "council", "place": "atlantis", "amount": "1.00"}

{"agency": "council", "amount": }
"#;
    let parts = [Input { name: "a.ndjson", bytes: &a }, Input { name: "bad.ndjson", bytes: bad }];
    let header_input = Input { name: "header.json", bytes: &header };
    let problems = assemble(header_input, &parts).unwrap_err();
    let at: Vec<(Severity, Location)> = problems.iter().map(|p| (p.severity, p.location.clone())).collect();
    assert_eq!(at, [(Severity::Error, Location::Path("bad.ndjson:3".to_owned()))]);

    let parts = [Input { name: "a.ndjson", bytes: &a }, Input { name: "bad.ndjson", bytes: &bad[..62] }];
    let assembled = assemble(header_input, &parts).unwrap();
    let refused = compact_loaded(load(&assembled.bytes));
    let Err(Refused::Errors(problems)) = refused else { panic!("not refused") };
    let error = problems.listed.into_iter().find(|p| p.severity == Severity::Error).unwrap();
    let error = assembled.relocate(error);
    assert_eq!(
        (error.code, error.location),
        (ProblemCode::UnknownReference, Location::Path("bad.ndjson:1 $.place".to_owned()))
    );
    assert!(error.message.ends_with("(Located by JSON-lines file and line.)"), "{}", error.message);

    // A header with facts of its own is refused, located at them.
    let problems = assemble(Input { name: "h.json", bytes: V1_REPEATED }, &parts).unwrap_err();
    assert_eq!(problems[0].location, Location::Path("h.json $.facts".to_owned()));
}

/// A fresh folder under the system's temporary folder for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("whole-place-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_whole-place")).args(args).output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code().unwrap(), text(out.stdout), text(out.stderr))
}

#[test]
fn the_command_line_checks_compacts_and_assembles() {
    let dir = scratch("cli");
    let path = |name: &str| dir.join(name);
    let input = path("in.json");
    std::fs::write(&input, tripled(HIERARCHIES)).unwrap();

    let (code, stdout, _) = run(&["check".as_ref(), "--json".as_ref(), input.as_os_str()]);
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!((report["facts_read"].as_u64(), report["tuples"].as_u64()), (Some(72), Some(16)));
    assert_eq!(report["totals"]["2021-22"], "1017978.25");
    assert_eq!(report["problems"][0]["code"], "invalid_transfer");

    let out = path("out.json");
    let (code, stdout, _) = run(&["compact".as_ref(), input.as_os_str(), out.as_os_str()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("72 facts in, 16 facts out"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), compact(&tripled(HIERARCHIES)).unwrap().json);

    let broken = path("broken.json");
    std::fs::write(&broken, PARTLY_BROKEN).unwrap();
    let not_written = path("not-written.json");
    let (code, _, stderr) = run(&["compact".as_ref(), broken.as_os_str(), not_written.as_os_str()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("$.facts[7].place") && !not_written.exists(), "{stderr}");
    let (code, stdout, _) = run(&["check".as_ref(), broken.as_os_str()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("9 facts read, 7 kept, 2 left out"), "{stdout}");

    let (header, a, b) = split(HIERARCHIES);
    for (name, bytes) in [("header.json", &header), ("a.ndjson", &a), ("b.ndjson", &b)] {
        std::fs::write(path(name), bytes).unwrap();
    }
    let assembled = path("assembled.json");
    let args = [path("header.json"), path("a.ndjson"), path("b.ndjson"), assembled.clone()];
    let (code, stdout, stderr) =
        run(&std::iter::once("assemble".as_ref()).chain(args.iter().map(|p| p.as_os_str())).collect::<Vec<_>>());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("24 facts in, 16 facts out"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&assembled).unwrap(), compact(HIERARCHIES).unwrap().json);

    let (code, _, stderr) = run(&["compact".as_ref(), input.as_os_str()]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, _) = run(&["check".as_ref(), path("missing.json").as_os_str()]);
    assert_eq!(code, 2);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Two facts of 60,000,000 figures each sum to more than one fact may say (`summed_from` ≤
/// 10^8): the compacted file writes the tuple as several facts whose amounts add up exactly,
/// and it loads without error to the same figures.
#[test]
fn a_tuple_of_more_figures_than_one_fact_may_say_is_written_as_several() {
    let fact = r#"{"agency":"council","period":"2016-17","amount":"50000000000000000000000.0001","basis":"reported","summed_from":60000000}"#;
    let text = format!(
        r#"{{"format_version":"1.1","metadata":{{"title":"t","currency":"GBP"}},
"periods":[{{"id":"2016-17","start":"2016-04-01","end":"2017-03-31"}}],
"places":[],"audiences":[],"activities":[],"agencies":[{{"id":"council","label":"Council"}}],
"facts":[{fact},{fact}]}}"#
    );
    let original = loaded(text.as_bytes());
    assert_eq!(original.n_facts(), 120_000_000);
    let compacted = compact(text.as_bytes()).unwrap();
    let doc: Value = serde_json::from_str(&compacted.json).unwrap();
    let written: Vec<u64> =
        doc["facts"].as_array().unwrap().iter().map(|f| f["summed_from"].as_u64().unwrap_or(1)).collect();
    assert_eq!(written, vec![100_000_000, 20_000_000]);
    let again = load(compacted.json.as_bytes());
    assert_eq!(again.problems.n_errors, 0, "{:#?}", again.problems.listed);
    let again = again.dataset.unwrap();
    assert_eq!(again.total(), original.total());
    assert_eq!(again.n_facts(), 120_000_000);
}

/// `compact` and `assemble` never write over one of their inputs (exit 2, the input unchanged).
#[test]
fn the_command_line_refuses_to_overwrite_an_input() {
    let dir = std::env::temp_dir().join(format!("whole-place-overwrite-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.json");
    let original = std::fs::read("public/data/shropshire-illustrative-2011-12.json").unwrap();
    std::fs::write(&input, &original).unwrap();
    let same = dir.join(".").join("in.json");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_whole-place"))
        .args(["compact", input.to_str().unwrap(), same.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&status.stderr).contains("is also an input"));
    assert!(std::fs::read(&input).unwrap() == original, "the input is unchanged");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_data_version_is_read_and_kept_by_compacting() {
    let with_version = |version: Value| {
        let mut doc: Value = serde_json::from_slice(FORMAT_1_1).unwrap();
        doc["metadata"]["version"] = version;
        serde_json::to_vec(&doc).unwrap()
    };
    // (metadata.version, what the loader reads, warnings at $.metadata.version)
    let cases: [(Option<Value>, Option<&str>, usize); 4] = [
        (Some(Value::from("2025.1")), Some("2025.1"), 0),
        (Some(Value::from("March 2025 update")), Some("March 2025 update"), 0),
        (Some(Value::from(2025)), None, 1),
        (None, None, 0),
    ];
    for (version, read, n_warnings) in cases {
        let bytes = version.clone().map_or_else(|| FORMAT_1_1.to_vec(), with_version);
        let result = load(&bytes);
        let at_version = result
            .problems
            .listed
            .iter()
            .filter(|p| p.location == Location::Path("$.metadata.version".to_owned()))
            .count();
        assert_eq!(at_version, n_warnings, "{version:?}: {:#?}", result.problems.listed);
        let dataset = loaded(&bytes);
        assert_eq!(dataset.metadata.version.as_deref(), read, "{version:?}");
        let compacted = compact(&bytes).unwrap();
        assert_eq!(loaded(compacted.json.as_bytes()).metadata.version.as_deref(), read, "{version:?} compacted");
    }
}
