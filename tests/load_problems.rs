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

/// A valid format 1.1 file with two periods, a source, an activity hierarchy and two agencies:
/// `extra` is spliced into the top-level object, `facts` after its one good fact.
fn v11(extra: &str, facts: &str) -> String {
    format!(
        r#"{{"format_version":"1.1",
"metadata":{{"title":"t","publisher":"p","licence":{{"name":"OGL"}},"currency":"GBP","status":"compiled"}},
"periods":[{{"id":"2015-16","start":"2015-04-01","end":"2016-03-31"}},{{"id":"2016-17","start":"2016-04-01","end":"2017-03-31"}}],
"sources":[{{"id":"rs","title":"RS"}}],
"places":[{{"id":"ludlow","label":"Ludlow"}}],
"audiences":[{{"id":"young","label":"Young"}}],
"activities":[{{"id":"a","label":"A"}},{{"id":"b","label":"B","parent":"a"}}],
"agencies":[{{"id":"council","label":"Council"}},{{"id":"town","label":"Town"}}]{extra},
"facts":[{{"agency":"council","period":"2015-16","amount":"1.00","basis":"reported"}}{facts}]}}"#
    )
}

/// [`v11`] with one more fact, given as its fields after `"agency":"council"`.
fn v11_fact(fields: &str) -> Vec<u8> {
    v11("", &format!(r#",{{"agency":"council",{fields}}}"#)).into_bytes()
}

/// [`v11`] with a top-level part added.
fn v11_with(extra: &str) -> Vec<u8> {
    v11(&format!(",{extra}"), "").into_bytes()
}

/// [`v11`] with one member list replaced (the list must hold ids the good fact uses).
fn v11_list(key: &str, list: &str) -> Vec<u8> {
    let base = v11("", "");
    let start = base.find(&format!("\"{key}\":")).unwrap();
    let end = start + base[start..].find("}]").unwrap() + 2;
    format!("{}\"{key}\":{list}{}", &base[..start], &base[end..]).into_bytes()
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
        // Format 1.1: each new key's problems.
        ("format_version \"1.2\"", v11("", "").replace("\"1.1\"", "\"1.2\"").into_bytes(), ProblemCode::LaterMinorVersion, path("$.format_version"), false),
        ("a 1.0 file using a 1.1 fact field", with_fact(r#"{"agency":"council","amount":"2","basis":"estimated"}"#, "").into_bytes(), ProblemCode::LaterVersionKeys, path("$.format_version"), false),
        ("a 1.0 file with a periods list", with_fact(r#"{"agency":"council","amount":"2"}"#, r#","periods":[{"id":"2011-12"}]"#).into_bytes(), ProblemCode::LaterVersionKeys, path("$.format_version"), false),
        ("metadata.period as well as periods", v11("", "").replace(r#""currency":"GBP""#, r#""currency":"GBP","period":"2011/12""#).into_bytes(), ProblemCode::PeriodGivenTwice, path("$.metadata.period"), false),
        ("periods out of order", v11("", "").replace(r#"{"id":"2015-16","start":"2015-04-01","end":"2016-03-31"},{"id":"2016-17","start":"2016-04-01","end":"2017-03-31"}"#, r#"{"id":"2016-17","start":"2016-04-01","end":"2017-03-31"},{"id":"2015-16","start":"2015-04-01","end":"2016-03-31"}"#).into_bytes(), ProblemCode::PeriodsOutOfOrder, path("$.periods"), false),
        ("periods out of order, one without a start", v11("", "").replace(r#"{"id":"2015-16","start":"2015-04-01","end":"2016-03-31"},{"id":"2016-17","start":"2016-04-01","end":"2017-03-31"}"#, r#"{"id":"2016-17","start":"2016-04-01","end":"2017-03-31"},{"id":"2015-16","start":"2015-04-01","end":"2016-03-31"},{"id":"later"}"#).into_bytes(), ProblemCode::PeriodsOutOfOrder, path("$.periods"), false),
        ("overlapping periods", v11("", "").replace(r#""end":"2016-03-31""#, r#""end":"2016-06-30""#).into_bytes(), ProblemCode::OverlappingPeriods, path("$.periods[1].start"), false),
        ("duplicate period id", v11("", "").replace(r#"{"id":"2016-17""#, r#"{"id":"2015-16""#).into_bytes(), ProblemCode::DuplicateId, path("$.periods[1].id"), false),
        ("period start 2015-02-30", v11("", "").replace("2015-04-01", "2015-02-30").into_bytes(), ProblemCode::InvalidDate, path("$.periods[0].start"), false),
        ("period without an id", v11("", "").replace(r#"{"id":"2016-17","#, "{").into_bytes(), ProblemCode::InvalidId, path("$.periods[1].id"), false),
        ("periods not a list", v11("", "").replace(r#""periods":["#, r#""periods":"2015-16","ignored":["#).into_bytes(), ProblemCode::WrongType, path("$.periods"), false),
        ("fact naming an undeclared period", v11_fact(r#""period":"2019-20","amount":"2","basis":"reported""#), ProblemCode::UnknownReference, path("$.facts[1].period"), false),
        ("fact without a period when there are two", v11_fact(r#""amount":"2","basis":"reported""#), ProblemCode::MissingField, path("$.facts[1].period"), false),
        ("fact period as a number", v11_fact(r#""period":2015,"amount":"2","basis":"reported""#), ProblemCode::WrongType, path("$.facts[1].period"), false),
        ("unknown basis word", v11_fact(r#""period":"2015-16","amount":"2","basis":"guessed""#), ProblemCode::UnknownBasis, path("$.facts[1].basis"), false),
        ("basis as a number", v11_fact(r#""period":"2015-16","amount":"2","basis":1"#), ProblemCode::UnknownBasis, path("$.facts[1].basis"), false),
        ("fact without a basis in a 1.1 file", v11_fact(r#""period":"2015-16","amount":"2""#), ProblemCode::MissingBasis, path("$.facts[1].basis"), false),
        ("fact naming an undeclared source", v11_fact(r#""period":"2015-16","amount":"2","basis":"reported","source":"nowhere""#), ProblemCode::UnknownSource, path("$.facts[1].source"), false),
        ("fact note as a number", v11_fact(r#""period":"2015-16","amount":"2","basis":"reported","note":5"#), ProblemCode::WrongType, path("$.facts[1].note"), false),
        ("NUL in a fact note", v11_fact(r#""period":"2015-16","amount":"2","basis":"reported","note":"25\u0000%""#), ProblemCode::ControlCharacter, path("$.facts[1].note"), false),
        ("script source address", v11("", "").replace(r#"{"id":"rs","title":"RS"}"#, r#"{"id":"rs","title":"RS","url":"javascript:alert(1)"}"#).into_bytes(), ProblemCode::InvalidMetadata, path("$.sources[0].url"), false),
        ("source retrieved 2026-02-30", v11("", "").replace(r#"{"id":"rs","title":"RS"}"#, r#"{"id":"rs","title":"RS","retrieved":"2026-02-30"}"#).into_bytes(), ProblemCode::InvalidDate, path("$.sources[0].retrieved"), false),
        ("source without an id", v11("", "").replace(r#"{"id":"rs","title":"RS"}"#, r#"{"title":"RS"}"#).into_bytes(), ProblemCode::InvalidId, path("$.sources[0].id"), false),
        ("source without a title", v11("", "").replace(r#"{"id":"rs","title":"RS"}"#, r#"{"id":"rs"}"#).into_bytes(), ProblemCode::MissingField, path("$.sources[0].title"), false),
        ("duplicate source id", v11("", "").replace(r#"{"id":"rs","title":"RS"}"#, r#"{"id":"rs","title":"RS"},{"id":"rs","title":"Again"}"#).into_bytes(), ProblemCode::DuplicateId, path("$.sources[1].id"), false),
        ("unknown parent Place", v11_list("places", r#"[{"id":"ludlow","label":"Ludlow","parent":"shropshire"}]"#), ProblemCode::UnknownParent, path("$.places[0].parent"), false),
        ("agency parent cycle", v11_list("agencies", r#"[{"id":"council","label":"C","parent":"town"},{"id":"town","label":"T","parent":"council"}]"#), ProblemCode::ParentCycle, path("$.agencies[1].parent"), false),
        ("audience is its own parent", v11_list("audiences", r#"[{"id":"young","label":"Y","parent":"young"}]"#), ProblemCode::ParentCycle, path("$.audiences[0].parent"), false),
        ("negative households", v11_list("places", r#"[{"id":"ludlow","label":"Ludlow","households":-4}]"#), ProblemCode::InvalidPopulation, path("$.places[0].households"), false),
        ("fractional households", v11_list("places", r#"[{"id":"ludlow","label":"Ludlow","households":4.5}]"#), ProblemCode::InvalidPopulation, path("$.places[0].households"), false),
        ("undeclared population source", v11_list("places", r#"[{"id":"ludlow","label":"Ludlow","population":10,"population_source":"census"}]"#), ProblemCode::UnknownSource, path("$.places[0].population_source"), false),
        ("coverage extent \"missing\"", v11_with(r#""coverage":[{"agency":"town","extent":"missing"}]"#), ProblemCode::InvalidExtent, path("$.coverage[0].extent"), false),
        ("coverage without an extent", v11_with(r#""coverage":[{"agency":"town"}]"#), ProblemCode::InvalidExtent, path("$.coverage[0].extent"), false),
        ("coverage of an undeclared agency", v11_with(r#""coverage":[{"agency":"police","extent":"lacking"}]"#), ProblemCode::UnknownReference, path("$.coverage[0].agency"), false),
        ("coverage of an undeclared period", v11_with(r#""coverage":[{"agency":"town","period":"2030-31","extent":"lacking"}]"#), ProblemCode::UnknownReference, path("$.coverage[0].period"), false),
        ("facts where the coverage says lacking", v11_with(r#""coverage":[{"agency":"council","period":"2015-16","extent":"lacking"}]"#), ProblemCode::FactsWhereLacking, path("$.coverage[0]"), false),
        ("outcome value as words", v11_with(r#""outcomes":{"measures":[{"id":"m","label":"M"}],"values":[{"measure":"m","period":"2015-16","value":"good"}]}"#), ProblemCode::InvalidValue, path("$.outcomes.values[0].value"), false),
        ("outcome value with an exponent", v11_with(r#""outcomes":{"measures":[{"id":"m","label":"M"}],"values":[{"measure":"m","period":"2015-16","value":7e1}]}"#), ProblemCode::InvalidValue, path("$.outcomes.values[0].value"), false),
        ("outcome comparator value with a comma", v11_with(r#""outcomes":{"measures":[{"id":"m","label":"M"}],"values":[{"measure":"m","period":"2015-16","value":"7.8","comparator":{"label":"England","value":"7,6"}}]}"#), ProblemCode::InvalidValue, path("$.outcomes.values[0].comparator.value"), false),
        ("two outcome values for one measure, Place and period", v11_with(r#""outcomes":{"measures":[{"id":"m","label":"M"}],"values":[{"measure":"m","period":"2015-16","value":"1"},{"measure":"m","period":"2015-16","value":"2"}]}"#), ProblemCode::DuplicateOutcomeValue, path("$.outcomes.values[1]"), false),
        ("outcome value of an undeclared measure", v11_with(r#""outcomes":{"measures":[],"values":[{"measure":"m","period":"2015-16","value":"1"}]}"#), ProblemCode::UnknownReference, path("$.outcomes.values[0].measure"), false),
        ("outcome value of an undeclared Place", v11_with(r#""outcomes":{"measures":[{"id":"m","label":"M"}],"values":[{"measure":"m","place":"atlantis","period":"2015-16","value":"1"}]}"#), ProblemCode::UnknownReference, path("$.outcomes.values[0].place"), false),
        ("outcome value without a period when there are two", v11_with(r#""outcomes":{"measures":[{"id":"m","label":"M"}],"values":[{"measure":"m","value":"1"}]}"#), ProblemCode::MissingField, path("$.outcomes.values[0].period"), false),
        ("outcome measure relating to an undeclared activity", v11_with(r#""outcomes":{"measures":[{"id":"m","label":"M","activities":["zzz"]}],"values":[]}"#), ProblemCode::UnknownReference, path("$.outcomes.measures[0].activities[0]"), false),
        ("duplicate outcome measure id", v11_with(r#""outcomes":{"measures":[{"id":"m","label":"M"},{"id":"m","label":"N"}],"values":[]}"#), ProblemCode::DuplicateId, path("$.outcomes.measures[1].id"), false),
        ("outcome measure citing an undeclared source", v11_with(r#""outcomes":{"measures":[{"id":"m","label":"M","source":"zzz"}],"values":[]}"#), ProblemCode::UnknownSource, path("$.outcomes.measures[0].source"), false),
        ("higher_is_better as text", v11_with(r#""outcomes":{"measures":[{"id":"m","label":"M","higher_is_better":"yes"}],"values":[]}"#), ProblemCode::WrongType, path("$.outcomes.measures[0].higher_is_better"), false),
        ("transfer to itself", v11_with(r#""transfers":[{"from":"council","to":"council","period":"2015-16","amount":"5"}]"#), ProblemCode::InvalidTransfer, path("$.transfers[0].to"), false),
        ("transfer of zero", v11_with(r#""transfers":[{"from":"council","to":"town","period":"2015-16","amount":"0.00"}]"#), ProblemCode::InvalidTransfer, path("$.transfers[0].amount"), false),
        ("transfer in the figures of a funder with none that year", v11_with(r#""transfers":[{"from":"town","to":"council","period":"2015-16","amount":"5","in_funder_figures":true}]"#), ProblemCode::InvalidTransfer, path("$.transfers[0].in_funder_figures"), false),
        ("transfers together larger than the funder's figures", v11_with(r#""transfers":[{"from":"council","to":"town","period":"2015-16","amount":"0.80","in_funder_figures":true},{"from":"council","to":"town","period":"2015-16","amount":"0.80","in_funder_figures":true}]"#), ProblemCode::InvalidTransfer, path("$.transfers[1].in_funder_figures"), false),
        ("transfer larger than the funder's figures", v11_with(r#""transfers":[{"from":"council","to":"town","period":"2015-16","amount":"5","in_funder_figures":true}]"#), ProblemCode::InvalidTransfer, path("$.transfers[0].in_funder_figures"), false),
        ("negative transfer in minor units", v11_with(r#""transfers":[{"from":"council","to":"town","period":"2015-16","amount_minor":-500}]"#), ProblemCode::InvalidTransfer, path("$.transfers[0].amount_minor"), false),
        ("transfer amount as a float", v11_with(r#""transfers":[{"from":"council","to":"town","period":"2015-16","amount":5.5}]"#), ProblemCode::FloatAmount, path("$.transfers[0].amount"), false),
        ("transfer without an amount", v11_with(r#""transfers":[{"from":"council","to":"town","period":"2015-16"}]"#), ProblemCode::MissingField, path("$.transfers[0].amount"), false),
        ("transfer from an undeclared agency", v11_with(r#""transfers":[{"from":"mi5","to":"town","period":"2015-16","amount":"5"}]"#), ProblemCode::UnknownReference, path("$.transfers[0].from"), false),
        ("transfer without a to", v11_with(r#""transfers":[{"from":"council","period":"2015-16","amount":"5"}]"#), ProblemCode::MissingField, path("$.transfers[0].to"), false),
        ("transfer without a period when there are two", v11_with(r#""transfers":[{"from":"council","to":"town","amount":"5"}]"#), ProblemCode::MissingField, path("$.transfers[0].period"), false),
        ("transfer under an undeclared activity", v11_with(r#""transfers":[{"from":"council","to":"town","period":"2015-16","amount":"5","activity":"zzz"}]"#), ProblemCode::UnknownReference, path("$.transfers[0].activity"), false),
        ("in_funder_figures as text", v11_with(r#""transfers":[{"from":"council","to":"town","period":"2015-16","amount":"5","in_funder_figures":"yes"}]"#), ProblemCode::WrongType, path("$.transfers[0].in_funder_figures"), false),
        ("transfers not a list", v11_with(r#""transfers":{"from":"council"}"#), ProblemCode::WrongType, path("$.transfers"), false),
        ("an activity subtotal published as spending", v11("", r#",{"agency":"council","period":"2015-16","activity":"a","amount":"5","basis":"reported"},{"agency":"town","period":"2015-16","activity":"b","amount":"5","basis":"reported"}"#).into_bytes(), ProblemCode::LooksLikeSubtotal, path("$.activities[0]"), false),
        ("an agency subtotal published as spending", String::from_utf8(v11_list("agencies", r#"[{"id":"council","label":"C"},{"id":"town","label":"T","parent":"council"}]"#)).unwrap().replace(r#""basis":"reported"}]"#, r#""basis":"reported"},{"agency":"town","period":"2015-16","amount":"1.00","basis":"reported"}]"#).into_bytes(), ProblemCode::LooksLikeSubtotal, path("$.agencies[0]"), false),
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
    assert_eq!(dataset.n_facts() as usize, 1);
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
    assert_eq!(a.dataset.unwrap().n_facts() as usize, 1);
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
        assert_eq!(dataset.n_facts() as usize, 2, "{text}");
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
    assert_eq!(dataset.facts[1].amount.to_decimal(), "-5.00".parse().unwrap());

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
    assert_eq!(dataset.n_facts() as usize, 2);
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
    assert_eq!(dataset.n_facts() as usize, tiny.n_facts() as usize);
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

/// The problem codes format 1.1 added; a v1 file that uses none of its keys gets none of them.
const FORMAT_1_1_CODES: [ProblemCode; 14] = [
    ProblemCode::LaterMinorVersion,
    ProblemCode::LaterVersionKeys,
    ProblemCode::PeriodGivenTwice,
    ProblemCode::PeriodsOutOfOrder,
    ProblemCode::OverlappingPeriods,
    ProblemCode::UnknownBasis,
    ProblemCode::MissingBasis,
    ProblemCode::UnknownSource,
    ProblemCode::InvalidExtent,
    ProblemCode::FactsWhereLacking,
    ProblemCode::InvalidValue,
    ProblemCode::DuplicateOutcomeValue,
    ProblemCode::InvalidTransfer,
    ProblemCode::LooksLikeSubtotal,
];

/// The sum of a file's facts read straight from its JSON (amount, or amount_minor in pence),
/// independently of the loader.
fn sum_of_facts(json: &serde_json::Value) -> rust_decimal::Decimal {
    use rust_decimal::Decimal;
    json["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| match (&f["amount"], &f["amount_minor"]) {
            (serde_json::Value::String(a), _) => a.parse::<Decimal>().unwrap(),
            (_, minor) => Decimal::new(minor.to_string().parse::<i64>().unwrap(), 2),
        })
        .sum()
}

/// v1 compatibility: every v1 file (the shipped dataset and the v1 fixtures) is one period,
/// named from metadata.period, every fact reported, no sources, coverage, outcomes or
/// transfers, and none of the format 1.1 problems; the shipped file's total is its facts' sum.
#[test]
fn v1_files_load_as_one_period_with_nothing_new() {
    use whole_place::domain::model::{Basis, Period};
    let shipped = include_str!("../public/data/shropshire-illustrative-2011-12.json");
    let files: [(&str, &[u8]); 4] = [
        ("shipped", shipped.as_bytes()),
        ("tiny", include_bytes!("fixtures/tiny.json")),
        ("hostile-text", include_bytes!("fixtures/hostile-text.json")),
        ("e2e-partly-broken", include_bytes!("fixtures/e2e-partly-broken.json")),
    ];
    for (name, bytes) in files {
        let loaded = load(bytes);
        let dataset = loaded.dataset.unwrap();
        assert_eq!(dataset.periods.len(), 1, "{name}");
        let period = &dataset.periods[0];
        assert_eq!(period.id, Period::V1_ID, "{name}");
        assert_eq!(Some(period), dataset.metadata.period.as_ref(), "{name}: the one period is metadata.period");
        assert!(dataset.facts.iter().all(|f| f.basis == Basis::Reported && f.period == 0 && f.source.is_none()));
        assert!(dataset.facts.iter().all(|f| f.note.is_none()), "{name}");
        assert!(dataset.sources.is_empty() && dataset.coverage.is_empty() && dataset.transfers.is_empty());
        assert!(dataset.outcome_measures.is_empty() && dataset.notes.is_empty(), "{name}");
        for code in FORMAT_1_1_CODES {
            assert!(!loaded.problems.has(code), "{name}: {code:?} {:#?}", loaded.problems.listed);
        }
    }
    let json: serde_json::Value = serde_json::from_str(shipped).unwrap();
    let dataset = load(shipped.as_bytes()).dataset.unwrap();
    assert_eq!(dataset.total(), sum_of_facts(&json));
    assert_eq!(dataset.n_facts() as usize, json["facts"].as_array().unwrap().len());
    assert_eq!(dataset.periods[0].label, json["metadata"]["period"]["label"].as_str().unwrap());
}

/// The hand-made 1.1 fixture loads without a problem, and every new key reaches the dataset as
/// the file says, checked against the file's own JSON.
#[test]
fn the_format_1_1_fixture_loads_every_new_key() {
    use rust_decimal::Decimal;
    use whole_place::domain::model::{Basis, Dim, Extent, Key, Status};
    let text = include_str!("fixtures/format-1.1.json");
    let json: serde_json::Value = serde_json::from_str(text).unwrap();
    let loaded = load(text.as_bytes());
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems.listed);
    let dataset = loaded.dataset.unwrap();
    assert_eq!(dataset.metadata.status, Status::Compiled);

    // Periods, in file order (which is time order); a missing label is the id.
    let periods: Vec<&str> = json["periods"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(dataset.periods.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), periods);
    assert_eq!(dataset.periods[2].label, periods[2]);
    assert_eq!(dataset.latest_period(), Some(2));

    // Facts: each file fact in order, with its period, basis, source and note; then one offset
    // per transfer already in the funder's figures.
    let file_facts = json["facts"].as_array().unwrap();
    let transfers = json["transfers"].as_array().unwrap();
    let offsets: Vec<&serde_json::Value> = transfers.iter().filter(|t| t["in_funder_figures"] == true).collect();
    assert_eq!(dataset.n_file_facts, file_facts.len());
    assert_eq!(dataset.facts.len(), dataset.n_file_facts + offsets.len());
    for (fact, raw) in dataset.facts.iter().zip(file_facts) {
        assert_eq!(dataset.periods[fact.period as usize].id, raw["period"].as_str().unwrap());
        assert_eq!(fact.basis.key(), raw["basis"].as_str().unwrap());
        assert_eq!(fact.source.map(|s| dataset.sources[s as usize].id.as_str()), raw["source"].as_str());
        assert_eq!(fact.note.and_then(|n| dataset.note(n)), raw["note"].as_str());
    }
    let offset_sum: Decimal = offsets.iter().map(|t| t["amount"].as_str().unwrap().parse::<Decimal>().unwrap()).sum();
    assert_eq!(dataset.total(), sum_of_facts(&json) - offset_sum);
    let agencies = dataset.dim(Dim::Agency);
    for (fact, raw) in dataset.facts[dataset.n_file_facts..].iter().zip(&offsets) {
        assert_eq!(fact.amount.to_decimal(), -raw["amount"].as_str().unwrap().parse::<Decimal>().unwrap());
        assert_eq!(fact.basis, Basis::Derived);
        assert_eq!(fact.key(Dim::Agency), Key::member(agencies.find(raw["from"].as_str().unwrap()).unwrap()));
        assert_eq!(fact.key(Dim::Audience), Key::UNATTRIBUTED);
        let to = agencies.get(agencies.find(raw["to"].as_str().unwrap()).unwrap()).unwrap();
        let note = dataset.note(fact.note.unwrap()).unwrap();
        assert!(note.starts_with(&format!("Transfer to {}: counted once", to.label)), "{note}");
    }
    assert_eq!(dataset.transfers.len(), transfers.len());
    assert_eq!(dataset.transfers[1].amount, Decimal::new(transfers[1]["amount_minor"].as_i64().unwrap(), 2), "pence");

    // Notes are stored once each: the file's distinct notes plus the offsets' one.
    let mut distinct: Vec<&str> = file_facts.iter().filter_map(|f| f["note"].as_str()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(dataset.notes.len(), distinct.len() + 1);

    // Sources, hierarchies, households.
    assert_eq!(dataset.sources.len(), json["sources"].as_array().unwrap().len());
    assert_eq!(dataset.sources[0].retrieved.as_deref(), Some("2026-11-30"));
    let places = dataset.dim(Dim::Place);
    let ludlow = places.get(places.find("ludlow").unwrap()).unwrap();
    assert_eq!(ludlow.parent, places.find("shropshire"));
    assert_eq!(ludlow.households, json["places"][2]["households"].as_u64());
    assert_eq!(ludlow.population_source.map(|s| dataset.sources[s as usize].id.as_str()), Some("ons-mye"));
    let dwp = agencies.find("dwp").unwrap();
    assert_eq!(agencies.get(dwp).unwrap().parent, agencies.find("central-government"));
    let audiences = dataset.dim(Dim::Audience);
    assert_eq!(audiences.children(audiences.find("adults-18-64").unwrap()).count(), 1);

    // Coverage: stated, inherited from a parent agency, and inferred.
    let police = agencies.find("west-mercia-police").unwrap();
    assert_eq!(dataset.coverage_of(police, 0).extent, Extent::Lacking);
    assert!(dataset.coverage_of(police, 0).stated);
    assert_eq!(dataset.coverage_of(police, 1).extent, Extent::Included);
    assert!(!dataset.coverage_of(police, 1).stated);
    assert_eq!(dataset.coverage_of(dwp, 1).extent, Extent::Partial);
    let town = agencies.find("ludlow-town-council").unwrap();
    assert_eq!(dataset.coverage_of(town, 0).extent, Extent::Lacking, "no facts, no statement: not in this data");

    // Outcomes.
    assert_eq!(dataset.outcome_measures.len(), json["outcomes"]["measures"].as_array().unwrap().len());
    assert_eq!(dataset.outcome_measures[1].higher_is_better, Some(false));
    assert_eq!(dataset.outcome_measures[2].higher_is_better, None);
    assert_eq!(dataset.outcome_measures[1].audiences, vec![audiences.find("older").unwrap()]);
    let values = &dataset.outcome_values;
    assert_eq!(values.len(), json["outcomes"]["values"].as_array().unwrap().len());
    assert_eq!(values[0].value, "7.8".parse::<Decimal>().unwrap());
    assert_eq!(values[1].comparator.as_ref().unwrap().value, "7.7".parse::<Decimal>().unwrap());
    assert_eq!(values[2].place, Key::UNATTRIBUTED);
    assert_eq!(values[2].value.to_string(), "12.25", "exact, as written");
}

/// A valid 1.1 file loads with no problem at all; with `periods`, `sources` and the rest after
/// the facts (read when the file ends), it loads the same.
#[test]
fn format_1_1_keys_anywhere_load_the_same() {
    let good = v11("", "");
    let loaded = load(good.as_bytes());
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems.listed);
    let text = include_str!("fixtures/format-1.1.json");
    let json: serde_json::Value = serde_json::from_str(text).unwrap();
    // The same document with the 1.1 parts moved after the facts.
    let mut moved = serde_json::Map::new();
    for (key, value) in json.as_object().unwrap() {
        if !["periods", "sources", "coverage", "outcomes", "transfers"].contains(&key.as_str()) {
            moved.insert(key.clone(), value.clone());
        }
    }
    let mut late = serde_json::to_string(&moved).unwrap();
    late.pop();
    for key in ["periods", "sources", "coverage", "outcomes", "transfers"] {
        late.push_str(&format!(",{}:{}", serde_json::to_string(key).unwrap(), json[key]));
    }
    late.push('}');
    assert!(late.find("\"facts\"").unwrap() < late.find("\"periods\"").unwrap());
    let (a, b) = (load(text.as_bytes()), load(late.as_bytes()));
    assert!(b.problems.is_empty(), "{:#?}", b.problems.listed);
    assert_eq!(a.dataset, b.dataset);
}

/// Facts naming an undeclared period, or none when several are declared, are left out and
/// counted with their amounts; an undeclared source keeps the fact.
#[test]
fn facts_without_a_usable_period_are_left_out_and_counted() {
    let facts = r#",{"agency":"council","period":"2019-20","amount":"2.50","basis":"reported"},
        {"agency":"council","period":"2019-20","amount":"1.25","basis":"reported"},
        {"agency":"council","amount":"4.00","basis":"reported"},
        {"agency":"council","period":"2016-17","amount":"8.00","basis":"reported","source":"nowhere"}"#;
    let loaded = load(v11("", facts).as_bytes());
    let dataset = loaded.dataset.unwrap();
    assert_eq!(dataset.n_facts() as usize, 2);
    assert_eq!(dataset.excluded.n_facts, 3);
    assert_eq!(dataset.excluded.readable_amount, "7.75".parse().unwrap());
    assert_eq!(dataset.facts[1].source, None);
    let unknown = loaded.problems.listed.iter().find(|p| p.code == ProblemCode::UnknownReference).unwrap();
    assert!(unknown.message.contains("2 facts"), "{}", unknown.message);
    // With exactly one declared period a fact may leave its period out.
    let one = v11("", r#",{"agency":"council","amount":"4.00","basis":"reported"}"#)
        .replace(r#",{"id":"2016-17","start":"2016-04-01","end":"2017-03-31"}"#, "");
    let loaded = load(one.as_bytes());
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems.listed);
    assert_eq!(loaded.dataset.unwrap().n_facts() as usize, 2);
}

/// The subtotal warning fires only for an exact, non-zero match in the same period, once per
/// member; an unknown basis is an estimate, never reported.
#[test]
fn subtotals_and_bases_are_judged_as_the_spec_says() {
    use whole_place::domain::model::Basis;
    let fact = |agency: &str, period: &str, activity: &str, amount: &str| {
        format!(
            r#",{{"agency":"{agency}","period":"{period}","activity":"{activity}","amount":"{amount}","basis":"reported"}}"#
        )
    };
    let cases = [
        (fact("council", "2015-16", "a", "5") + &fact("town", "2015-16", "b", "5"), 1),
        (fact("council", "2015-16", "a", "5") + &fact("town", "2015-16", "b", "4.99"), 0),
        (fact("council", "2015-16", "a", "5") + &fact("town", "2016-17", "b", "5"), 0),
        (
            fact("council", "2015-16", "a", "5")
                + &fact("council", "2015-16", "a", "-5")
                + &fact("town", "2015-16", "b", "0"),
            0,
        ),
        (
            fact("council", "2015-16", "a", "5")
                + &fact("town", "2015-16", "b", "5")
                + &fact("council", "2016-17", "a", "7")
                + &fact("town", "2016-17", "b", "7"),
            1,
        ),
    ];
    for (facts, warnings) in cases {
        let loaded = load(v11("", &facts).as_bytes());
        let found: Vec<_> =
            loaded.problems.listed.iter().filter(|p| p.code == ProblemCode::LooksLikeSubtotal).collect();
        assert_eq!(found.len(), warnings, "{facts}: {found:#?}");
        if let Some(problem) = found.first() {
            assert!(
                problem.message.contains("2015-16: 5") && problem.message.contains("doubles the total"),
                "{}",
                problem.message
            );
        }
        assert_eq!(
            loaded.dataset.unwrap().n_facts() as usize,
            facts.matches("agency").count() + 1,
            "figures unchanged"
        );
    }
    let loaded = load(&v11_fact(r#""period":"2015-16","amount":"2","basis":"Apportioned-ish""#));
    assert_eq!(loaded.dataset.unwrap().facts[1].basis, Basis::Estimated);
    let loaded = load(&v11_fact(r#""period":"2015-16","amount":"2","basis":"apportioned""#));
    assert_eq!(loaded.dataset.unwrap().facts[1].basis, Basis::Apportioned);
}

/// The complete example files in docs/data-format.md section 7 (1.0 and 1.1) load without a
/// problem, and the 1.1 example's transfer is counted once: each period's total is its facts
/// less the transfers already in the funder's figures, read from the example itself.
#[test]
fn the_format_docs_complete_examples_load_cleanly() {
    use rust_decimal::Decimal;
    let doc = include_str!("../docs/data-format.md");
    let section = &doc[doc.find("## 7. A complete minimal file").unwrap()..doc.find("## 8.").unwrap()];
    let examples: Vec<&str> =
        section.split("```json").skip(1).map(|block| &block[..block.find("```").unwrap()]).collect();
    assert_eq!(examples.len(), 2, "a 1.0 and a 1.1 example");
    for example in &examples {
        let loaded = load(example.as_bytes());
        assert!(loaded.problems.is_empty(), "{example}\n{:#?}", loaded.problems.listed);
        let dataset = loaded.dataset.unwrap();
        let json: serde_json::Value = serde_json::from_str(example).unwrap();
        for (ix, period) in dataset.periods.iter().enumerate() {
            let in_period = |item: &serde_json::Value| item["period"].as_str().is_none_or(|p| p == period.id);
            let facts: Decimal = json["facts"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| in_period(f))
                .map(|f| match f["amount"].as_str() {
                    Some(amount) => amount.parse::<Decimal>().unwrap(),
                    None => Decimal::new(f["amount_minor"].as_i64().unwrap(), 2),
                })
                .sum();
            let transfers: Decimal = json["transfers"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|t| in_period(t) && t["in_funder_figures"] == true)
                .map(|t| t["amount"].as_str().unwrap().parse::<Decimal>().unwrap())
                .sum();
            let total: Decimal =
                dataset.facts.iter().filter(|f| usize::from(f.period) == ix).map(|f| f.amount.to_decimal()).sum();
            assert_eq!(total, facts - transfers, "{}", period.id);
        }
    }
}

/// A v1 period problem is reported once, where it is, as before format 1.1: an unreadable
/// period object only at its own field, a missing period only at `$.metadata.period`.
#[test]
fn a_v1_period_problem_is_reported_once() {
    let unreadable = load(&with_period(r#"{"start":"2011-04-01"}"#));
    let at = |loaded: &whole_place::domain::load::Loaded, location: &str| {
        loaded.problems.listed.iter().filter(|p| p.location == path(location)).count()
    };
    assert_eq!(at(&unreadable, "$.metadata.period.label"), 1, "{:#?}", unreadable.problems.listed);
    assert_eq!(at(&unreadable, "$.metadata.period"), 0, "{:#?}", unreadable.problems.listed);
    let missing =
        load(with_fact(r#"{"agency":"council","amount":"2"}"#, "").replace(r#""period":"2011/12","#, "").as_bytes());
    assert_eq!(at(&missing, "$.metadata.period"), 1, "{:#?}", missing.problems.listed);
    assert_eq!(missing.problems.len(), 1, "{:#?}", missing.problems.listed);
}

/// `summed_from` (a compacted file): counted as that many figures, widening the amount limit
/// by the same factor; anything but a whole number from 1 to 10^8 leaves the fact out, located.
#[test]
fn summed_from_counts_figures_and_widens_the_limit() {
    // (fields, kept figures beyond the base fact, problem code and path if any)
    type Case<'a> = (&'a str, u64, Option<(ProblemCode, &'a str)>);
    let cases: [Case; 10] = [
        (r#""period":"2016-17","amount":"2500000000000000.00","summed_from":3"#, 3, None),
        (r#""period":"2016-17","amount_minor":"10000000000000000000","summed_from":100000000"#, 100_000_000, None),
        (r#""period":"2016-17","amount":"5.00","summed_from":100000000"#, 100_000_000, None),
        (
            r#""period":"2016-17","amount":"3000000000000000.01","summed_from":3"#,
            0,
            Some((ProblemCode::AmountOutOfRange, "$.facts[1].amount")),
        ),
        (
            r#""period":"2016-17","amount":"5.00","summed_from":0"#,
            0,
            Some((ProblemCode::InvalidAmount, "$.facts[1].summed_from")),
        ),
        (
            r#""period":"2016-17","amount":"5.00","summed_from":1.5"#,
            0,
            Some((ProblemCode::InvalidAmount, "$.facts[1].summed_from")),
        ),
        (r#""period":"2016-17","amount":"5.00","summed_from":"3""#, 3, None),
        (
            r#""period":"2016-17","amount":"5.00","summed_from":"three""#,
            0,
            Some((ProblemCode::InvalidAmount, "$.facts[1].summed_from")),
        ),
        (
            r#""period":"2016-17","amount":"5.00","summed_from":true"#,
            0,
            Some((ProblemCode::WrongType, "$.facts[1].summed_from")),
        ),
        (
            r#""period":"2016-17","amount":"5.00","summed_from":100000001"#,
            0,
            Some((ProblemCode::InvalidAmount, "$.facts[1].summed_from")),
        ),
    ];
    for (fields, kept, problem) in cases {
        let loaded = load(&v11_fact(fields));
        let dataset = loaded.dataset.unwrap();
        assert_eq!(dataset.n_facts(), 1 + kept, "{fields}");
        let found = loaded.problems.listed.iter().find(|p| p.severity == whole_place::domain::problem::Severity::Error);
        assert_eq!(
            found.map(|p| (p.code, p.location.to_string())),
            problem.map(|(code, path)| (code, path.to_owned())),
            "{fields}"
        );
        if problem.is_some() {
            assert_eq!(dataset.excluded.n_facts, 1, "{fields}");
        }
    }
}
