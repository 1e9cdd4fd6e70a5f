//! Fuzz target: well-formed data files built from the fuzzer's bytes, so mutations reach the
//! format's rules (ids, references, parents, populations, amounts, currencies) and aggregation
//! far more often than byte mutations of JSON text do. Same checks as the `load` target, plus a
//! query built from the same small pool of ids.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use std::fmt::Write;
use std::sync::OnceLock;
use whole_place_fuzz::{Checks, check_all, check_deterministic, check_url};

/// Ids that collide, look alike, break rules or clash with the URL's "not attributed" token.
const IDS: [&str; 12] = ["a", "b", "c", "ludlow", "north", "A", "~none", "", " a", "a\u{200B}", "café", "cafe\u{301}"];
/// Labels, including the kinds of text that must not mislead.
const LABELS: [&str; 6] = ["North", "", "\u{202E}North", "A\u{0}B\u{7}", "<b>x</b>", "Côr Meibion Ŵyr — Llanfair"];
const CURRENCIES: [&str; 6] = ["GBP", "JPY", "KWD", "EUR", "XXX", "gbp"];

#[derive(Arbitrary, Debug)]
enum Id {
    Pool(u8),
    Long(u8),
    Text(String),
}

#[derive(Arbitrary, Debug)]
enum Reference {
    Absent,
    Null,
    Id(Id),
    Number(i8),
}

#[derive(Arbitrary, Debug)]
enum Number {
    Int(i64),
    Decimal { units: u64, places: u8, negative: bool },
    Exponent(i16),
    Text(String),
}

#[derive(Arbitrary, Debug)]
struct Member {
    id: Id,
    label: Option<u8>,
    parent: Reference,
    population: Option<Number>,
    by_place: Vec<(Id, Number)>,
}

#[derive(Arbitrary, Debug)]
enum Amount {
    Absent,
    Text(Number),
    Json(Number),
    Minor(Number),
    Both(Number, Number),
}

#[derive(Arbitrary, Debug)]
struct Fact {
    refs: [Reference; 4],
    amount: Amount,
}

#[derive(Arbitrary, Debug)]
struct Document {
    lists: [Option<Vec<Member>>; 4],
    facts: Vec<Fact>,
    currency: u8,
    facts_first: bool,
    query: Vec<(u8, Id)>,
}

fn id(id: &Id) -> String {
    match id {
        Id::Pool(n) => IDS[*n as usize % IDS.len()].to_owned(),
        Id::Long(n) => "é".repeat(95 + *n as usize % 10),
        Id::Text(text) => text.clone(),
    }
}

fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn number(n: &Number) -> String {
    match n {
        Number::Int(i) => i.to_string(),
        Number::Decimal { units, places, negative } => {
            let digits = units.to_string();
            let places = *places as usize % 7;
            let sign = if *negative { "-" } else { "" };
            match digits.len().checked_sub(places) {
                Some(0) | None => format!("{sign}0.{digits:0>places$}"),
                Some(_) if places == 0 => format!("{sign}{digits}"),
                Some(split) => format!("{sign}{}.{}", &digits[..split], &digits[split..]),
            }
        }
        Number::Exponent(e) => format!("1e{e}"),
        Number::Text(text) => quote(text),
    }
}

fn reference(out: &mut String, key: &str, r: &Reference) {
    let value = match r {
        Reference::Absent => return,
        Reference::Null => "null".to_owned(),
        Reference::Id(i) => quote(&id(i)),
        Reference::Number(n) => n.to_string(),
    };
    let _ = write!(out, "{}:{value},", quote(key));
}

const KEYS: [&str; 4] = ["places", "audiences", "activities", "agencies"];
const FACT_KEYS: [&str; 4] = ["place", "audience", "activity", "agency"];

fn render(doc: &Document) -> String {
    let mut lists = String::new();
    for (key, list) in KEYS.iter().zip(&doc.lists) {
        let Some(list) = list else { continue };
        let _ = write!(lists, "{}:[", quote(key));
        for m in list {
            let _ = write!(lists, "{{\"id\":{},", quote(&id(&m.id)));
            if let Some(label) = m.label {
                let _ = write!(lists, "\"label\":{},", quote(LABELS[label as usize % LABELS.len()]));
            }
            reference(&mut lists, "parent", &m.parent);
            if let Some(p) = &m.population {
                let _ = write!(lists, "\"population\":{},", number(p));
            }
            if !m.by_place.is_empty() {
                let pairs: Vec<String> =
                    m.by_place.iter().map(|(p, n)| format!("{}:{}", quote(&id(p)), number(n))).collect();
                let _ = write!(lists, "\"population_by_place\":{{{}}},", pairs.join(","));
            }
            lists.pop();
            lists.push_str("},");
        }
        if list.is_empty() {
            lists.push_str("],");
        } else {
            lists.pop();
            lists.push_str("],");
        }
    }
    let mut facts = String::from("\"facts\":[");
    for fact in &doc.facts {
        facts.push('{');
        for (key, r) in FACT_KEYS.iter().zip(&fact.refs) {
            reference(&mut facts, key, r);
        }
        match &fact.amount {
            Amount::Absent => {}
            Amount::Text(Number::Text(text)) => {
                let _ = write!(facts, "\"amount\":{},", quote(text));
            }
            Amount::Text(n) => {
                let _ = write!(facts, "\"amount\":{},", quote(&number(n)));
            }
            Amount::Json(n) => {
                let _ = write!(facts, "\"amount\":{},", number(n));
            }
            Amount::Minor(n) => {
                let _ = write!(facts, "\"amount_minor\":{},", number(n));
            }
            Amount::Both(a, b) => {
                let _ = write!(facts, "\"amount\":{},\"amount_minor\":{},", number(a), number(b));
            }
        }
        if facts.ends_with(',') {
            facts.pop();
        }
        facts.push_str("},");
    }
    if facts.ends_with(',') {
        facts.pop();
    }
    facts.push(']');
    let currency = CURRENCIES[doc.currency as usize % CURRENCIES.len()];
    let header = format!(
        "\"format_version\":\"1.0\",\"metadata\":{{\"title\":\"Fuzz\",\"publisher\":\"P\",\
         \"currency\":\"{currency}\",\"status\":\"illustrative\"}}"
    );
    if doc.facts_first { format!("{{{facts},{lists}{header}}}") } else { format!("{{{header},{lists}{facts}}}") }
}

/// The URL the document's query spells, from the same pool of ids.
fn query_string(doc: &Document) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (n, i) in &doc.query {
        let key = ["by", "then", "place", "audience", "activity", "agency"][*n as usize % 6];
        let value = match key {
            "by" | "then" => FACT_KEYS[*n as usize / 6 % 4].to_owned(),
            _ => id(i),
        };
        out.append_pair(key, &value);
    }
    out.finish()
}

fn checks() -> &'static Checks {
    static CHECKS: OnceLock<Checks> = OnceLock::new();
    CHECKS.get_or_init(Checks::from_env)
}

/// `WP_FUZZ_RENDER_TO=FILE` writes each rendered data file there before checking it: replaying
/// one reproducer this way gives the JSON file that becomes a fixture (docs/fuzzing.md).
fn render_to() -> Option<&'static str> {
    static PATH: OnceLock<Option<String>> = OnceLock::new();
    PATH.get_or_init(|| std::env::var("WP_FUZZ_RENDER_TO").ok()).as_deref()
}

fuzz_target!(|doc: Document| {
    let checks = checks();
    let bytes = render(&doc).into_bytes();
    if let Some(path) = render_to() {
        let _ = std::fs::write(path, &bytes);
    }
    let state = check_url(&query_string(&doc), checks);
    let loaded = check_all(&bytes, &[state.query], checks);
    check_deterministic(&bytes, &loaded, checks);
});
