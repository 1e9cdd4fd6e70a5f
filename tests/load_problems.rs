//! Every bad input the format must survive: each gives a located, plain-English problem of the
//! expected kind, and none panics. Cases are data: (name, file text, code, location, fatal?).

// Test helpers unwrap freely: a panic here is a failing test, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use whole_place::domain::load::load;
use whole_place::domain::problem::{Location, ProblemCode};

/// A valid file with `fact` as its only fact and `extra` spliced into the top-level object.
fn with_fact(fact: &str, extra: &str) -> String {
    format!(
        r#"{{"format_version":"1.0",
"metadata":{{"title":"t","publisher":"p","licence":{{"name":"OGL"}},"period":"2011/12","currency":"GBP","status":"official"}},
"places":[{{"id":"ludlow","label":"Ludlow","population":10}}],
"audiences":[{{"id":"young","label":"Young"}}],
"activities":[{{"id":"a","label":"A"}}],
"agencies":[{{"id":"council","label":"Council"}}]{extra},
"facts":[{{"agency":"council","place":"ludlow","amount":"1.00"}},{fact}]}}"#
    )
}

fn fact_amount(amount: &str) -> String {
    with_fact(&format!(r#"{{"agency":"council","place":"ludlow","amount":{amount}}}"#), "")
}

/// Replaces one top-level list in the valid file.
fn with_list(key: &str, list: &str) -> String {
    let base = with_fact(r#"{"agency":"council","amount":"2"}"#, "");
    let start = base.find(&format!("\"{key}\":")).unwrap();
    let end = start + base[start..].find(']').unwrap() + 1;
    format!("{}\"{key}\":{list}{}", &base[..start], &base[end..])
}

fn path(text: &str) -> Location {
    Location::Path(text.to_owned())
}

fn line_col(line: usize, column: usize) -> Location {
    Location::LineColumn { line, column }
}

#[test]
fn each_bad_input_gives_a_located_problem() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_in_object = format!(r#"{{"metadata":{}{}}}"#, "[".repeat(10_000), "]".repeat(10_000));
    let cases: Vec<(&str, Vec<u8>, ProblemCode, Location, bool)> = vec![
        ("empty file", b"".to_vec(), ProblemCode::EmptyFile, Location::File, true),
        ("only spaces", b"  \n ".to_vec(), ProblemCode::EmptyFile, Location::File, true),
        ("not JSON", b"places,amount\nLudlow,5".to_vec(), ProblemCode::NotJson, line_col(1, 1), true),
        ("cut off", b"{\"facts\": [".to_vec(), ProblemCode::NotJson, line_col(1, 11), true),
        ("an array", b"[{\"amount\":\"1\"}]".to_vec(), ProblemCode::WrongType, line_col(1, 1), true),
        ("a bare string", b"\"hello\"".to_vec(), ProblemCode::WrongType, line_col(1, 7), true),
        ("byte-order mark", [b"\xEF\xBB\xBF".as_slice(), with_fact(r#"{"agency":"council","amount":"2"}"#, "").as_bytes()].concat(), ProblemCode::ByteOrderMark, line_col(1, 1), false),
        ("missing metadata", br#"{"format_version":"1","facts":[]}"#.to_vec(), ProblemCode::MissingField, path("$.metadata"), false),
        ("unknown format version", br#"{"format_version":"2.0","facts":[]}"#.to_vec(), ProblemCode::UnknownFormatVersion, path("$.format_version"), true),
        ("unknown place", with_fact(r#"{"agency":"council","place":"atlantis","amount":"2"}"#, "").into_bytes(), ProblemCode::UnknownReference, path("$.facts[1].place"), false),
        ("unknown agency", with_fact(r#"{"agency":"mi5","amount":"2"}"#, "").into_bytes(), ProblemCode::UnknownReference, path("$.facts[1].agency"), false),
        ("missing agency", with_fact(r#"{"amount":"2"}"#, "").into_bytes(), ProblemCode::MissingField, path("$.facts[1].agency"), false),
        ("duplicate ids", with_list("places", r#"[{"id":"ludlow","label":"Ludlow"},{"id":"ludlow","label":"Ludlow again"}]"#).into_bytes(), ProblemCode::DuplicateId, path("$.places[1].id"), false),
        ("float amount", fact_amount("1234.5678901234567").into_bytes(), ProblemCode::FloatAmount, path("$.facts[1].amount"), false),
        ("exponent", fact_amount(r#""1e3""#).into_bytes(), ProblemCode::InvalidAmount, path("$.facts[1].amount"), false),
        ("decimal comma", fact_amount(r#""12,50""#).into_bytes(), ProblemCode::InvalidAmount, path("$.facts[1].amount"), false),
        ("pound sign", fact_amount(r#""£5""#).into_bytes(), ProblemCode::InvalidAmount, path("$.facts[1].amount"), false),
        ("beyond 1e15", fact_amount(r#""1000000000000000.01""#).into_bytes(), ProblemCode::AmountOutOfRange, path("$.facts[1].amount"), false),
        ("huge minor units", with_fact(r#"{"agency":"council","amount_minor":99999999999999999999}"#, "").into_bytes(), ProblemCode::AmountOutOfRange, path("$.facts[1].amount_minor"), false),
        ("both amounts", with_fact(r#"{"agency":"council","amount":"1","amount_minor":100}"#, "").into_bytes(), ProblemCode::InvalidAmount, path("$.facts[1]"), false),
        ("no amount", with_fact(r#"{"agency":"council"}"#, "").into_bytes(), ProblemCode::MissingField, path("$.facts[1].amount"), false),
        ("bare integer amount", fact_amount("12").into_bytes(), ProblemCode::IntegerAmount, path("$.facts[1].amount"), false),
        ("fact not an object", with_fact("42", "").into_bytes(), ProblemCode::WrongType, path("$.facts[1]"), false),
        ("negative population", with_list("places", r#"[{"id":"ludlow","label":"Ludlow","population":-5}]"#).into_bytes(), ProblemCode::InvalidPopulation, path("$.places[0].population"), false),
        ("fractional population", with_list("places", r#"[{"id":"ludlow","label":"Ludlow","population":12.5}]"#).into_bytes(), ProblemCode::InvalidPopulation, path("$.places[0].population"), false),
        ("unknown parent", with_list("activities", r#"[{"id":"a","label":"A","parent":"zzz"}]"#).into_bytes(), ProblemCode::UnknownParent, path("$.activities[0].parent"), false),
        ("parent cycle", with_list("activities", r#"[{"id":"a","label":"A","parent":"b"},{"id":"b","label":"B","parent":"c"},{"id":"c","label":"C","parent":"a"}]"#).into_bytes(), ProblemCode::ParentCycle, path("$.activities[2].parent"), false),
        ("own parent", with_list("activities", r#"[{"id":"a","label":"A","parent":"a"}]"#).into_bytes(), ProblemCode::ParentCycle, path("$.activities[0].parent"), false),
        ("reserved id", with_list("agencies", r#"[{"id":"council","label":"C"},{"id":"~none","label":"X"}]"#).into_bytes(), ProblemCode::InvalidId, path("$.agencies[1].id"), false),
        ("numeric id", with_list("agencies", r#"[{"id":"council","label":"C"},{"id":7,"label":"X"}]"#).into_bytes(), ProblemCode::InvalidId, path("$.agencies[1].id"), false),
        ("audience population for unknown place", with_list("audiences", r#"[{"id":"young","label":"Y","population_by_place":{"nowhere":5}}]"#).into_bytes(), ProblemCode::UnknownReference, path("$.audiences[0].population_by_place.nowhere"), false),
        ("unknown fact field", with_fact(r#"{"agency":"council","amount":"2","colour":"red"}"#, "").into_bytes(), ProblemCode::UnknownField, path("$.facts[1].colour"), false),
        ("facts not a list", br#"{"format_version":"1","facts":{"a":1}}"#.to_vec(), ProblemCode::WrongType, path("$.facts"), true),
        ("no facts", br#"{"format_version":"1"}"#.to_vec(), ProblemCode::MissingField, path("$.facts"), true),
        ("nested 10,000 deep", deep.into_bytes(), ProblemCode::WrongType, line_col(1, 1), true),
        ("nested 10,000 deep in an object", deep_in_object.into_bytes(), ProblemCode::TooDeep, line_col(1, 139), true),
        ("invalid UTF-8", b"{\"metadata\":{\"title\":\"\xff\"}}".to_vec(), ProblemCode::NotJson, line_col(1, 23), true),
        ("duplicate fact field", with_fact(r#"{"agency":"council","amount":"5","amount":"500"}"#, "").into_bytes(), ProblemCode::DuplicateField, path("$.facts[1].amount"), false),
        ("duplicate top-level field", br#"{"format_version":"1","facts":[],"facts":[]}"#.to_vec(), ProblemCode::DuplicateField, line_col(1, 40), true),
        ("script licence address", with_fact(r#"{"agency":"council","amount":"2"}"#, "").replace(r#""licence":{"name":"OGL"}"#, r#""licence":{"name":"OGL","url":"javascript:alert(1)"}"#).into_bytes(), ProblemCode::InvalidMetadata, path("$.metadata.licence.url"), false),
        ("huge population", with_list("places", r#"[{"id":"ludlow","label":"Ludlow","population":18446744073709551615}]"#).into_bytes(), ProblemCode::InvalidPopulation, path("$.places[0].population"), false),
        ("long digit string in minor units", with_fact(r#"{"agency":"council","amount_minor":"99999999999999999999999999999999999999999"}"#, "").into_bytes(), ProblemCode::AmountOutOfRange, path("$.facts[1].amount_minor"), false),
        ("plus sign in minor units", with_fact(r#"{"agency":"council","amount_minor":"+5"}"#, "").into_bytes(), ProblemCode::InvalidAmount, path("$.facts[1].amount_minor"), false),
        ("currency as a number", with_fact(r#"{"agency":"council","amount":"2"}"#, "").replace("\"GBP\"", "826").into_bytes(), ProblemCode::InvalidMetadata, path("$.metadata.currency"), false),
        ("bad currency", with_fact(r#"{"agency":"council","amount":"2"}"#, "").replace("\"GBP\"", "\"pounds\"").into_bytes(), ProblemCode::InvalidMetadata, path("$.metadata.currency"), false),
    ];
    for (name, bytes, code, location, fatal) in cases {
        let loaded = load(&bytes);
        let found = loaded.problems.listed.iter().find(|p| p.code == code && p.location == location);
        let Some(problem) = found else {
            panic!("{name}: expected {code:?} at {location}, got {:#?}", loaded.problems.listed);
        };
        assert!(problem.message.len() > 20, "{name}: message should explain: {:?}", problem.message);
        assert_eq!(loaded.dataset.is_none(), fatal, "{name}: fatal? problems: {:#?}", loaded.problems.listed);
    }
}

#[test]
fn bad_facts_are_left_out_but_counted() {
    let text = with_fact(r#"{"agency":"council","place":"atlantis","amount":"2.50"}"#, "");
    let loaded = load(text.as_bytes());
    let dataset = loaded.dataset.unwrap();
    assert_eq!(dataset.facts.len(), 1);
    assert_eq!(dataset.excluded.n_facts, 1);
    assert_eq!(dataset.excluded.readable_amount, "2.50".parse().unwrap());
}

#[test]
fn a_million_bad_rows_give_a_bounded_problem_list() {
    let bad = r#"{"agency":"council","amount":"£1"},"#.repeat(20_000);
    let text = with_fact(&format!("{bad}{{\"agency\":\"council\",\"amount\":\"1\"}}"), "");
    let loaded = load(text.as_bytes());
    assert!(loaded.problems.listed.len() <= 30);
    assert_eq!(loaded.problems.len(), 20_000);
    assert_eq!(loaded.dataset.unwrap().excluded.n_facts, 20_000);
}

#[test]
fn script_labels_stay_plain_text() {
    let text = with_list("places", r#"[{"id":"ludlow","label":"<script>alert(1)</script>"}]"#);
    let dataset = load(text.as_bytes()).dataset.unwrap();
    let place = dataset.dim(whole_place::domain::model::Dim::Place).get(0).unwrap();
    assert_eq!(place.label, "<script>alert(1)</script>");
}

/// Property: thousands of randomly damaged copies of a good file (bytes flipped, dropped,
/// duplicated, truncated) never panic the loader, and whatever loads still adds up.
#[test]
fn damaged_files_never_panic_and_what_loads_adds_up() {
    use whole_place::domain::aggregate::aggregate;
    use whole_place::domain::query::Query;
    use whole_place::rng::SplitMix64;
    let good = include_bytes!("fixtures/tiny.json");
    let mut rng = SplitMix64::new(99);
    let interesting = b"{}[]\",:-.0123456789eE\\nul~\xEF\xBB\xBF\xff ";
    for _ in 0..3_000 {
        let mut bytes = good.to_vec();
        for _ in 0..rng.range(1, 6) {
            let at = rng.range(0, bytes.len() as u64) as usize;
            match rng.range(0, 4) {
                0 => bytes[at] = interesting[rng.range(0, interesting.len() as u64) as usize],
                1 => {
                    bytes.remove(at);
                }
                2 => bytes.insert(at, interesting[rng.range(0, interesting.len() as u64) as usize]),
                _ => bytes.truncate(at),
            }
            if bytes.is_empty() {
                break;
            }
        }
        let loaded = load(&bytes);
        assert!(loaded.problems.listed.iter().all(|p| !p.message.is_empty()));
        if let Some(dataset) = loaded.dataset {
            let breakdown = aggregate(&dataset, &Query::default());
            let sum: rust_decimal::Decimal = breakdown.slices.iter().map(|s| s.amount).sum();
            assert_eq!(sum, breakdown.total);
            assert_eq!(breakdown.total, dataset.total());
        } else {
            assert!(loaded.problems.n_errors > 0, "refused without an error: {:?}", loaded.problems);
        }
    }
}

/// The same file gives the same dataset and problems whether its facts come after the header
/// (checked while streaming) or before it (kept raw, checked at the end).
#[test]
fn facts_first_or_last_load_the_same() {
    let last =
        with_fact(r#"{"agency":"council","place":"atlantis","amount":"2.50"},{"agency":"council","amount":"£1"}"#, "");
    let start = last.find("\"facts\":").unwrap();
    let facts = &last[start..last.len() - 1];
    let first = format!("{{{facts},{}}}", &last[1..start - 1].trim_end().trim_end_matches(','));
    assert!(first.starts_with("{\"facts\":"), "{first}");
    let (a, b) = (load(last.as_bytes()), load(first.as_bytes()));
    assert_eq!(a.dataset, b.dataset);
    let codes = |l: &whole_place::domain::load::Loaded| {
        let mut c: Vec<_> = l.problems.listed.iter().map(|p| (format!("{:?}", p.code), p.location.clone())).collect();
        c.sort_by(|x, y| x.0.cmp(&y.0));
        c
    };
    assert_eq!(codes(&a), codes(&b));
    assert_eq!(a.dataset.unwrap().facts.len(), 1);
}

#[test]
fn an_unknown_version_with_a_complete_header_is_refused_before_reading_facts() {
    let text = with_fact(r#"{"agency":"council","amount":"£1"}"#, "").replace("\"1.0\"", "\"2.0\"");
    let loaded = load(text.as_bytes());
    assert!(loaded.dataset.is_none());
    assert!(loaded.problems.has(ProblemCode::UnknownFormatVersion));
    assert!(!loaded.problems.has(ProblemCode::InvalidAmount), "facts of an unknown version are not judged");
}
