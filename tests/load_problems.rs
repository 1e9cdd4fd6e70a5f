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

/// Replaces the period in the valid file.
fn with_period(period: &str) -> Vec<u8> {
    with_fact(r#"{"agency":"council","amount":"2"}"#, "")
        .replace(r#""period":"2011/12""#, &format!(r#""period":{period}"#))
        .into_bytes()
}

/// A small valid file in UTF-16, little- or big-endian, with or without a byte-order mark.
fn utf16(little: bool, mark: bool) -> Vec<u8> {
    let text =
        format!("{}{}", if mark { "\u{FEFF}" } else { "" }, with_fact(r#"{"agency":"council","amount":"2"}"#, ""));
    text.encode_utf16().flat_map(|unit| if little { unit.to_le_bytes() } else { unit.to_be_bytes() }).collect()
}

/// The same in UTF-32.
fn utf32(little: bool, mark: bool) -> Vec<u8> {
    let text =
        format!("{}{}", if mark { "\u{FEFF}" } else { "" }, with_fact(r#"{"agency":"council","amount":"2"}"#, ""));
    text.chars().flat_map(|c| if little { (c as u32).to_le_bytes() } else { (c as u32).to_be_bytes() }).collect()
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
        ("a bare string", b"\"hello\"".to_vec(), ProblemCode::WrongType, line_col(1, 1), true),
        ("a bare number", b"123".to_vec(), ProblemCode::WrongType, line_col(1, 1), true),
        ("a bare huge number", b"1e400".to_vec(), ProblemCode::WrongType, line_col(1, 1), true),
        ("a bare true", b"true".to_vec(), ProblemCode::WrongType, line_col(1, 1), true),
        ("a bare null", b"null".to_vec(), ProblemCode::WrongType, line_col(1, 1), true),
        ("a word", b"nonsense".to_vec(), ProblemCode::NotJson, line_col(1, 1), true),
        ("only blank space", b" \t\r\n".to_vec(), ProblemCode::EmptyFile, Location::File, true),
        ("byte-order mark and blank space", b"\xEF\xBB\xBF \n".to_vec(), ProblemCode::EmptyFile, Location::File, true),
        ("form feed is not JSON blank space", b"\x0C".to_vec(), ProblemCode::NotJson, line_col(1, 1), true),
        ("UTF-16 LE with mark", utf16(true, true), ProblemCode::NotUtf8, line_col(1, 1), true),
        ("UTF-16 LE without mark", utf16(true, false), ProblemCode::NotUtf8, line_col(1, 1), true),
        ("UTF-16 BE with mark", utf16(false, true), ProblemCode::NotUtf8, line_col(1, 1), true),
        ("UTF-16 BE without mark", utf16(false, false), ProblemCode::NotUtf8, line_col(1, 1), true),
        ("UTF-32 LE with mark", utf32(true, true), ProblemCode::NotUtf8, line_col(1, 1), true),
        ("UTF-32 LE without mark", utf32(true, false), ProblemCode::NotUtf8, line_col(1, 1), true),
        ("UTF-32 BE with mark", utf32(false, true), ProblemCode::NotUtf8, line_col(1, 1), true),
        ("UTF-32 BE without mark", utf32(false, false), ProblemCode::NotUtf8, line_col(1, 1), true),
        ("Windows-1252 after accents", b"{\"metadata\":{\"title\":\"C\xc3\xb4r \x96 \x85\"}}".to_vec(), ProblemCode::NotUtf8, line_col(1, 26), true),
        ("stray comma after accents", "{\"metadata\":{\"title\":\"Côr Meibion Ŵyr — Llanfair\",}}".as_bytes().to_vec(), ProblemCode::NotJson, line_col(1, 51), true),
        ("error on a CRLF line", "{\r\n\"métadata\": 1,\r\n  \"x\" 2}".as_bytes().to_vec(), ProblemCode::NotJson, line_col(3, 7), true),
        ("error on a CR-only line", "{\r\"métadata\": 1,\r  \"x\" 2}".as_bytes().to_vec(), ProblemCode::NotJson, line_col(3, 7), true),
        ("amount 1e400", fact_amount("1e400").into_bytes(), ProblemCode::FloatAmount, path("$.facts[1].amount"), false),
        ("amount -1e400", fact_amount("-1e400").into_bytes(), ProblemCode::FloatAmount, path("$.facts[1].amount"), false),
        ("amount 1e-400", fact_amount("1e-400").into_bytes(), ProblemCode::FloatAmount, path("$.facts[1].amount"), false),
        ("amount 123e99999", fact_amount("123e99999").into_bytes(), ProblemCode::FloatAmount, path("$.facts[1].amount"), false),
        ("amount of 30 digits", fact_amount(&"9".repeat(30)).into_bytes(), ProblemCode::AmountOutOfRange, path("$.facts[1].amount"), false),
        ("amount_minor 1e400", with_fact(r#"{"agency":"council","amount_minor":1e400}"#, "").into_bytes(), ProblemCode::InvalidAmount, path("$.facts[1].amount_minor"), false),
        ("amount_minor -1E+400", with_fact(r#"{"agency":"council","amount_minor":-1E+400}"#, "").into_bytes(), ProblemCode::InvalidAmount, path("$.facts[1].amount_minor"), false),
        ("amount_minor 100.0", with_fact(r#"{"agency":"council","amount_minor":100.0}"#, "").into_bytes(), ProblemCode::InvalidAmount, path("$.facts[1].amount_minor"), false),
        ("place population 1e400", with_list("places", r#"[{"id":"ludlow","label":"Ludlow","population":1e400}]"#).into_bytes(), ProblemCode::InvalidPopulation, path("$.places[0].population"), false),
        ("place population -1e400", with_list("places", r#"[{"id":"ludlow","label":"Ludlow","population":-1e400}]"#).into_bytes(), ProblemCode::InvalidPopulation, path("$.places[0].population"), false),
        ("place population 1e-400", with_list("places", r#"[{"id":"ludlow","label":"Ludlow","population":1e-400}]"#).into_bytes(), ProblemCode::InvalidPopulation, path("$.places[0].population"), false),
        ("place population of 30 digits", with_list("places", &format!(r#"[{{"id":"ludlow","label":"Ludlow","population":{}}}]"#, "9".repeat(30))).into_bytes(), ProblemCode::InvalidPopulation, path("$.places[0].population"), false),
        ("audience population 1e400", with_list("audiences", r#"[{"id":"young","label":"Y","population":1e400}]"#).into_bytes(), ProblemCode::InvalidPopulation, path("$.audiences[0].population"), false),
        ("population by place 123e99999", with_list("audiences", r#"[{"id":"young","label":"Y","population_by_place":{"ludlow":123e99999}}]"#).into_bytes(), ProblemCode::InvalidPopulation, path("$.audiences[0].population_by_place.ludlow"), false),
        ("format_version 1e400", with_fact(r#"{"agency":"council","amount":"2"}"#, "").replace(r#""format_version":"1.0""#, r#""format_version":1e400"#).into_bytes(), ProblemCode::MissingField, path("$.format_version"), false),
        ("format_version as the number 1.0", with_fact(r#"{"agency":"council","amount":"2"}"#, "").replace(r#""format_version":"1.0""#, r#""format_version":1.0"#).into_bytes(), ProblemCode::WrongType, path("$.format_version"), false),
        ("format_version \"2.0-draft\"", with_fact(r#"{"agency":"council","amount":"2"}"#, "").replace(r#""format_version":"1.0""#, r#""format_version":"2.0-draft""#).into_bytes(), ProblemCode::UnknownFormatVersion, path("$.format_version"), true),
        ("format_version \"v1\"", with_fact(r#"{"agency":"council","amount":"2"}"#, "").replace(r#""format_version":"1.0""#, r#""format_version":"v1""#).into_bytes(), ProblemCode::MissingField, path("$.format_version"), false),
        ("format_version true", with_fact(r#"{"agency":"council","amount":"2"}"#, "").replace(r#""format_version":"1.0""#, r#""format_version":true"#).into_bytes(), ProblemCode::MissingField, path("$.format_version"), false),
        ("format_version as the number 2", with_fact(r#"{"agency":"council","amount":"2"}"#, "").replace(r#""format_version":"1.0""#, r#""format_version":2"#).into_bytes(), ProblemCode::UnknownFormatVersion, path("$.format_version"), true),
        ("a number where a fact should be", with_fact("1e400", "").into_bytes(), ProblemCode::WrongType, path("$.facts[1]"), false),
        ("facts is a huge number", br#"{"format_version":"1","facts":1e400}"#.to_vec(), ProblemCode::WrongType, path("$.facts"), true),
        ("no agencies list", with_list("agencies", "null").into_bytes(), ProblemCode::MissingField, path("$.agencies"), true),
        ("no activities list", with_list("activities", "null").into_bytes(), ProblemCode::MissingField, path("$.activities"), false),
        ("right-to-left override in a label", with_list("places", "[{\"id\":\"ludlow\",\"label\":\"\u{202E}North\"}]").into_bytes(), ProblemCode::BidiText, path("$.places[0].label"), false),
        ("isolate in a description", with_list("agencies", "[{\"id\":\"council\",\"label\":\"C\",\"description\":\"a\u{2067}b\"}]").into_bytes(), ProblemCode::BidiText, path("$.agencies[0].description"), false),
        ("escaped override in a title", with_fact(r#"{"agency":"council","amount":"2"}"#, "").replace(r#""title":"t""#, r#""title":"\u202eTitle""#).into_bytes(), ProblemCode::BidiText, path("$.metadata.title"), false),
        ("NUL in a label", with_list("places", r#"[{"id":"ludlow","label":"Lud\u0000low"}]"#).into_bytes(), ProblemCode::ControlCharacter, path("$.places[0].label"), false),
        ("BEL in the publisher", with_fact(r#"{"agency":"council","amount":"2"}"#, "").replace(r#""publisher":"p""#, r#""publisher":"p\u0007""#).into_bytes(), ProblemCode::ControlCharacter, path("$.metadata.publisher"), false),
        ("C1 control in the licence name", with_fact(r#"{"agency":"council","amount":"2"}"#, "").replace(r#""name":"OGL""#, "\"name\":\"OGL\u{85}\"").into_bytes(), ProblemCode::ControlCharacter, path("$.metadata.licence.name"), false),
        ("ESC in the period label", with_fact(r#"{"agency":"council","amount":"2"}"#, "").replace(r#""period":"2011/12""#, r#""period":"2011\u001b/12""#).into_bytes(), ProblemCode::ControlCharacter, path("$.metadata.period"), false),
        ("zero width space in an id", with_list("places", "[{\"id\":\"lud\u{200B}low\",\"label\":\"Ludlow\"}]").into_bytes(), ProblemCode::InvisibleInId, path("$.places[0].id"), false),
        ("byte-order mark character in an id", with_list("agencies", "[{\"id\":\"council\",\"label\":\"C\"},{\"id\":\"\u{FEFF}council\",\"label\":\"C\"}]").into_bytes(), ProblemCode::InvisibleInId, path("$.agencies[1].id"), false),
        ("word joiner in an id", with_list("agencies", "[{\"id\":\"council\",\"label\":\"C\"},{\"id\":\"coun\u{2060}cil\",\"label\":\"C\"}]").into_bytes(), ProblemCode::InvisibleInId, path("$.agencies[1].id"), false),
        ("ids equal after NFC", with_list("places", "[{\"id\":\"caf\u{E9}\",\"label\":\"A\"},{\"id\":\"cafe\u{301}\",\"label\":\"B\"}]").into_bytes(), ProblemCode::DuplicateId, path("$.places[1].id"), false),
        ("id of 101 accented characters", with_list("places", &format!(r#"[{{"id":"{}","label":"A"}}]"#, "é".repeat(101))).into_bytes(), ProblemCode::InvalidId, path("$.places[0].id"), false),
        ("start date 31/02/2025", with_period(r#"{"start":"31/02/2025","end":"2025-03-31"}"#), ProblemCode::InvalidDate, path("$.metadata.period.start"), false),
        ("start date 2025-02-30", with_period(r#"{"start":"2025-02-30","end":"2025-03-31"}"#), ProblemCode::InvalidDate, path("$.metadata.period.start"), false),
        ("start date 2025-13-01", with_period(r#"{"label":"x","start":"2025-13-01","end":"2026-03-31"}"#), ProblemCode::InvalidDate, path("$.metadata.period.start"), false),
        ("end date 2023-02-29", with_period(r#"{"start":"2022-04-01","end":"2023-02-29"}"#), ProblemCode::InvalidDate, path("$.metadata.period.end"), false),
        ("end date with a time", with_period(r#"{"start":"2022-04-01","end":"2023-03-31T00:00"}"#), ProblemCode::InvalidDate, path("$.metadata.period.end"), false),
        ("start after end", with_period(r#"{"start":"2025-04-01","end":"2024-03-31"}"#), ProblemCode::InvalidDate, path("$.metadata.period.start"), false),
        ("nested 200 deep under an unknown key", with_fact(r#"{"agency":"council","amount":"2"}"#, &format!(r#","notes":{}{}"#, "[".repeat(200), "]".repeat(200))).into_bytes(), ProblemCode::TooDeep, line_col(6, 183), true),
        ("nested 200 deep in an unknown fact field", with_fact(&format!(r#"{{"agency":"council","amount":"2","x":{}{}}}"#, "{\"a\":".repeat(200), "}".repeat(200)), "").into_bytes(), ProblemCode::TooDeep, line_col(7, 721), true),
        ("nested 200 deep in a fact's place", with_fact(&format!(r#"{{"agency":"council","amount":"2","place":{}{}}}"#, "[".repeat(200), "]".repeat(200)), "").into_bytes(), ProblemCode::TooDeep, line_col(7, 229), true),
        ("nested 200 deep in metadata", with_fact(r#"{"agency":"council","amount":"2"}"#, "").replace(r#""status":"official""#, &format!(r#""status":"official","x":{}{}"#, "[".repeat(200), "]".repeat(200))).into_bytes(), ProblemCode::TooDeep, line_col(2, 251), true),
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
        ("invalid UTF-8", b"{\"metadata\":{\"title\":\"\xff\"}}".to_vec(), ProblemCode::NotUtf8, line_col(1, 23), true),
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
    let interesting = b"{}[]\",:-.0123456789eE\\nul~\xEF\xBB\xBF\xff \0\r\t\x1b\xe2\x80\xae\xfe+";
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

/// serde_json's own wording never reaches a person: every message, for every kind of broken
/// file, is the project's plain English.
#[test]
fn no_message_uses_the_json_library_wording() {
    let good = with_fact(r#"{"agency":"council","amount":"2"}"#, "");
    let mut inputs: Vec<Vec<u8>> = [
        "",
        "{",
        "[",
        "\"hello\"",
        "123",
        "-1e400",
        "true",
        "false",
        "null",
        "nul",
        "tru",
        "{}x",
        "{} {}",
        "{,}",
        "{\"a\"}",
        "{\"a\":}",
        "{\"a\" 1}",
        "{\"a\":1,}",
        "{\"a\":[1,]}",
        "{1:2}",
        "{\"a\":\"\\q\"}",
        "{\"a\":\"\\u12\"}",
        "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\\udc00\"}",
        "{\"a\":\"\u{1}\"}",
        "{\"a\":\"x\ny\"}",
        "{\"a\":01}",
        "{\"a\":1.}",
        "{\"a\":.5}",
        "{\"a\":+1}",
        "{\"a\":1e}",
        "{\"a\":-}",
        "{\"a\":NaN}",
        "{\"a\":Infinity}",
        "{\"a\":'x'}",
        "{'a':1}",
        "{\"a\":1 \"b\":2}",
        "{\"a\":[1 2]}",
        "{\"a\":\"x",
        "{\"a\":[",
        "{\"a\":{",
        "{\"facts\":[{\"amount\":1e400}",
        "{\"a\":1}}",
        "{\"a\":1}]",
        "\u{3000}{}",
        "{\"format_version\":1,\"format_version\":1}",
        "{\"facts\":[],\"facts\":[]}",
        "places,amount\n1,2",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    inputs.push(format!("{{\"a\":{}{}}}", "[".repeat(300), "]".repeat(300)).into_bytes());
    inputs.push(b"{\"a\":\"\xff\"}".to_vec());
    inputs.push(b"\xff\xfe{\0}\0".to_vec());
    for cut in (0..good.len()).step_by(7) {
        inputs.push(good.as_bytes()[..cut].to_vec());
    }
    let serde_words = [
        "invalid type",
        "invalid value",
        "expected `",
        " at line ",
        "EOF while",
        "expected value",
        "expected ident",
        "key must be a string",
        "trailing characters",
        "invalid escape",
        "invalid number",
        "number out of range",
        "invalid unicode code point",
        "recursion limit",
        "lone leading surrogate",
        "hex escape",
        "$serde_json",
        "missing field",
        "unknown field",
        "duplicate field",
        "control character (",
    ];
    for input in &inputs {
        let loaded = load(input);
        for problem in &loaded.problems.listed {
            for words in serde_words {
                assert!(
                    !problem.message.contains(words),
                    "{:?}: message uses serde's wording {words:?}: {}",
                    String::from_utf8_lossy(input),
                    problem.message
                );
            }
        }
        if loaded.dataset.is_none() {
            assert!(loaded.problems.n_errors > 0, "{:?} refused without a reason", String::from_utf8_lossy(input));
        }
    }
}

/// A number that is valid JSON but beyond what a binary float holds never refuses the file,
/// wherever it stands: an ignored key, metadata, a member's unknown field, a fact's unknown field.
#[test]
fn odd_numbers_elsewhere_never_refuse_the_file() {
    let fact = r#"{"agency":"council","amount":"2"}"#;
    let cases = [
        with_fact(fact, r#","notes":1e400"#),
        with_fact(fact, r#","notes":[-1e400, 123e99999, 1e-400]"#),
        with_fact(fact, "").replace(r#""status":"official""#, r#""status":"official","edition":1e400"#),
        with_fact(fact, "").replace(r#""title":"t""#, r#""title":"t","version":-123e99999"#),
        with_list("agencies", r#"[{"id":"council","label":"Council","budget":1e400}]"#),
        with_fact(r#"{"agency":"council","amount":"2","rate":1e400}"#, ""),
        with_fact(&format!(r#"{{"agency":"council","amount":"2","rows":{}}}"#, "9".repeat(5_000)), ""),
    ];
    for text in cases {
        let loaded = load(text.as_bytes());
        let Some(dataset) = loaded.dataset else { panic!("refused: {text}\n{:#?}", loaded.problems.listed) };
        assert_eq!(dataset.facts.len(), 2, "{text}");
    }
}

/// Where doc, schema and loader disagreed, the settled behaviour: these are accepted as written.
#[test]
fn settled_forms_are_read_as_the_doc_says() {
    use whole_place::domain::model::Dim;
    // A licence address starting http:// is a link.
    let text = with_fact(r#"{"agency":"council","amount":"2"}"#, "")
        .replace(r#""licence":{"name":"OGL"}"#, r#""licence":{"name":"OGL","url":"http://example.org/ogl"}"#);
    let loaded = load(text.as_bytes());
    let licence = loaded.dataset.unwrap().metadata.licence.clone().unwrap();
    assert_eq!(licence.url.as_deref(), Some("http://example.org/ogl"));
    assert!(!loaded.problems.has(ProblemCode::InvalidMetadata));

    // amount_minor as a string with a minus sign.
    let loaded = load(with_fact(r#"{"agency":"council","amount_minor":"-500"}"#, "").as_bytes());
    assert_eq!(loaded.problems.len(), 0, "{:#?}", loaded.problems.listed);
    let dataset = loaded.dataset.unwrap();
    assert_eq!(dataset.facts[1].amount, "-5.00".parse().unwrap());

    // A reference in NFD finds the member declared in NFC, and the id is kept in NFC.
    let text = with_list("places", "[{\"id\":\"caf\u{E9}\",\"label\":\"Caf\u{E9}\"}]")
        .replace(
            r#"{"agency":"council","amount":"2"}"#,
            "{\"agency\":\"council\",\"place\":\"cafe\u{301}\",\"amount\":\"2\"}",
        )
        .replace(r#""place":"ludlow","#, "");
    let loaded = load(text.as_bytes());
    assert_eq!(loaded.problems.len(), 0, "{:#?}", loaded.problems.listed);
    let dataset = loaded.dataset.unwrap();
    assert_eq!(dataset.facts.len(), 2);
    assert_eq!(dataset.dim(Dim::Place).get(0).unwrap().id, "caf\u{E9}");

    // An id of 100 characters, each two bytes, is within the limit (characters, not bytes).
    let id = "é".repeat(100);
    let text = with_list("agencies", &format!(r#"[{{"id":"{id}","label":"A"}},{{"id":"council","label":"C"}}]"#));
    assert!(!load(text.as_bytes()).problems.has(ProblemCode::InvalidId));

    // format_version as the number 1.0 is read (with a warning), not refused.
    let text = with_fact(r#"{"agency":"council","amount":"2"}"#, "")
        .replace(r#""format_version":"1.0""#, r#""format_version":1.0"#);
    let loaded = load(text.as_bytes());
    assert_eq!(loaded.dataset.unwrap().metadata.format_version, "1.0");

    // Nesting up to 127 levels (the top-level object is the first) is read; 128 is refused.
    let nested = |levels: usize| {
        with_fact(
            r#"{"agency":"council","amount":"2"}"#,
            &format!(r#","notes":{}{}"#, "[".repeat(levels - 1), "]".repeat(levels - 1)),
        )
    };
    assert!(load(nested(127).as_bytes()).dataset.is_some());
    assert!(load(nested(128).as_bytes()).problems.has(ProblemCode::TooDeep));
}

/// Messages say what actually happens, with the right article.
#[test]
fn messages_match_what_happens() {
    let loaded = load(with_list("agencies", "null").as_bytes());
    let agencies = loaded.problems.listed.iter().find(|p| p.location == path("$.agencies")).unwrap();
    assert!(agencies.message.contains("every fact is left out"), "{}", agencies.message);
    assert!(!agencies.message.contains("not attributed"), "{}", agencies.message);
    for (list, noun) in [("activities", "an activity"), ("audiences", "an audience"), ("places", "a place")] {
        let loaded = load(with_list(list, "null").as_bytes());
        let problem = loaded.problems.listed.iter().find(|p| p.location == path(&format!("$.{list}"))).unwrap();
        assert!(problem.message.contains(&format!("name {noun} ")), "{}", problem.message);
    }
    let text = with_period(r#"{"start":"2025-02-30","end":"2025-03-31"}"#);
    let loaded = load(&text);
    let date = loaded.problems.listed.iter().find(|p| p.code == ProblemCode::InvalidDate).unwrap();
    assert!(date.message.contains("2025-02-30") && date.message.contains("does not exist"), "{}", date.message);
    let loaded = load(&utf16(true, true));
    assert!(loaded.problems.listed[0].message.contains("saved as UTF-16; save it as UTF-8"));
    let loaded = load(&utf32(false, false));
    assert!(loaded.problems.listed[0].message.contains("saved as UTF-32; save it as UTF-8"));
}

/// Control characters never reach the page: each becomes U+FFFD, with one warning per kind of
/// character for the whole file, at its first field, counting the fields. Direction controls
/// stay in labels (the page isolates them) but are reported; messages show them by code.
#[test]
fn control_and_direction_characters_in_text() {
    use whole_place::domain::model::Dim;
    let places = r#"[{"id":"a","label":"A\u0007one","description":"line one\nline two\tend"},
        {"id":"b","label":"B\u0007\u0007two\u0000"},{"id":"c","label":"\u202eNorth"},
        {"id":"d","label":"\u2069\u2067South\u200f"}]"#;
    let loaded = load(with_list("places", places).as_bytes());
    let dataset = loaded.dataset.clone().unwrap();
    let members = dataset.dim(Dim::Place);
    assert_eq!(members.get(0).unwrap().label, "A\u{FFFD}one");
    assert_eq!(members.get(0).unwrap().description.as_deref(), Some("line one\nline two\tend"));
    assert_eq!(members.get(1).unwrap().label, "B\u{FFFD}\u{FFFD}two\u{FFFD}");
    // Embeddings, overrides and isolates are removed, so a label reads the same everywhere on the
    // page; direction marks (here RLM) are harmless and kept.
    assert_eq!(members.get(2).unwrap().label, "North");
    assert_eq!(members.get(3).unwrap().label, "South\u{200F}");
    let controls: Vec<_> = loaded.problems.listed.iter().filter(|p| p.code == ProblemCode::ControlCharacter).collect();
    assert_eq!(controls.len(), 2, "one per kind: {controls:#?}");
    let bell = controls.iter().find(|p| p.message.contains("U+0007")).unwrap();
    assert_eq!(bell.location, path("$.places[0].label"));
    assert!(bell.message.contains("2 fields"), "{}", bell.message);
    let nul = controls.iter().find(|p| p.message.contains("U+0000")).unwrap();
    assert_eq!(nul.location, path("$.places[1].label"));
    // No message carries a raw control or direction character.
    for problem in &loaded.problems.listed {
        assert!(
            !problem.message.chars().any(|c| c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c)),
            "{problem:?}"
        );
    }
    // An unknown reference quoting an id with an override shows it by code.
    let loaded = load(with_fact("{\"agency\":\"coun\u{202E}cil\",\"amount\":\"2\"}", "").as_bytes());
    let problem = loaded.problems.listed.iter().find(|p| p.code == ProblemCode::UnknownReference).unwrap();
    assert!(problem.message.contains("coun<U+202E>cil"), "{}", problem.message);
}

/// A whole file with one of each kind of hostile text and odd number (tests/fixtures/
/// hostile-text.json, a copy of tiny.json) loads with exactly tiny.json's figures, and reports
/// each kind where it is. The UTF-16 copy of tiny.json is refused with the encoding named.
#[test]
fn hostile_fixture_loads_with_the_same_figures_and_every_problem_located() {
    let tiny = load(include_bytes!("fixtures/tiny.json")).dataset.unwrap();
    let loaded = load(include_bytes!("fixtures/hostile-text.json"));
    let dataset = loaded.dataset.clone().unwrap();
    assert_eq!(dataset.total(), tiny.total());
    assert_eq!(dataset.facts.len(), tiny.facts.len());
    let expected = [
        (ProblemCode::WrongType, "$.format_version"),
        (ProblemCode::ControlCharacter, "$.metadata.title"),
        (ProblemCode::InvalidDate, "$.metadata.period.start"),
        (ProblemCode::BidiText, "$.places[0].label"),
        (ProblemCode::InvalidPopulation, "$.places[0].population"),
        (ProblemCode::ControlCharacter, "$.places[1].label"),
        (ProblemCode::DuplicateId, "$.places[3].id"),
        (ProblemCode::InvisibleInId, "$.places[4].id"),
    ];
    for (code, at) in expected {
        assert!(
            loaded.problems.listed.iter().any(|p| p.code == code && p.location == path(at)),
            "expected {code:?} at {at}: {:#?}",
            loaded.problems.listed
        );
    }
    let utf16 = load(include_bytes!("fixtures/utf16le-bom.json"));
    assert!(utf16.dataset.is_none());
    assert_eq!(utf16.problems.listed[0].code, ProblemCode::NotUtf8);
    assert!(utf16.problems.listed[0].message.contains("UTF-16"));
}
