//! The shipped published-figures dataset: it is exactly the converter's output, its council
//! service lines reconcile to the published totals, every apportioned amount is the source figure
//! × the stated share to the penny (recomputed here from the CSV extracts, in integer pence,
//! independently of the converter), the 2014-15 adult social care split adds up to the RS line,
//! every fact says its period, basis and source, and the file loads without errors.

// Test helpers unwrap freely: a panic here is a failing test, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use whole_place::convert::shropshire::{self, OUTPUT_PATH, SOURCES_DIR};
use whole_place::domain::load::load;

const SHIPPED: &str = include_str!("../public/data/shropshire-published-2010-11-to-2017-18.json");

fn sources() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(SOURCES_DIR)
}

/// A CSV extract as header → value maps.
fn csv_rows(file: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(sources().join(file)).unwrap();
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    reader
        .records()
        .map(|r| headers.iter().cloned().zip(r.unwrap().iter().map(|v| v.trim().to_owned())).collect())
        .collect()
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

/// The shipped file's facts as JSON objects.
fn facts() -> Vec<serde_json::Map<String, Value>> {
    let doc: Value = serde_json::from_str(SHIPPED).unwrap();
    doc["facts"].as_array().unwrap().iter().map(|f| f.as_object().unwrap().clone()).collect()
}

fn text<'a>(fact: &'a serde_json::Map<String, Value>, key: &str) -> &'a str {
    fact.get(key).and_then(Value::as_str).unwrap_or("")
}

fn amount(fact: &serde_json::Map<String, Value>) -> Decimal {
    dec(text(fact, "amount"))
}

/// Units of 10⁻¹⁶ pound: fine enough to hold every extract figure (CRA figures carry up to 14
/// decimals of a thousand) as an exact integer.
const UNITS_PER_PENNY: i128 = 100_000_000_000_000;

/// A £ thousand figure in units of 10⁻¹⁶ pound, exactly.
fn units_from_thousands(thousands: &str) -> i128 {
    let units = dec(thousands) * Decimal::from(10_000_000_000_000_000_000_u128);
    assert!(units.fract().is_zero(), "{thousands} thousand has too many decimals");
    units.to_i128().unwrap()
}

/// `units × num / den`, to the nearest penny, halves away from zero, in integers only.
fn apportion_pence(units: i128, num: i128, den: i128) -> i128 {
    let (product, divisor) = (units * num, den * UNITS_PER_PENNY);
    let (quotient, remainder) = (product / divisor, product % divisor);
    if 2 * remainder.abs() >= divisor { quotient + product.signum() } else { quotient }
}

fn pence(amount: Decimal) -> i128 {
    let scaled = amount * Decimal::ONE_HUNDRED;
    assert!(scaled.fract().is_zero(), "{amount} has more than 2 decimals");
    scaled.to_i128().unwrap()
}

#[test]
fn shipped_file_is_the_converters_output() {
    let built = shropshire::build_json(&sources()).unwrap();
    // If this fails, run: cargo run --example build_published
    assert!(SHIPPED == built, "{OUTPUT_PATH} is stale");
    assert_eq!(built, shropshire::build_json(&sources()).unwrap(), "the converter is not deterministic");
    assert!(SHIPPED.len() < 1_000_000, "{} bytes", SHIPPED.len());
    let facts_at = SHIPPED.find("\"facts\"").unwrap();
    let last_key = SHIPPED.rfind("\n  \"").unwrap();
    assert_eq!(facts_at, last_key + 3, "facts is the last top-level key");
}

#[test]
fn council_service_lines_add_up_to_total_service_expenditure() {
    let rs = csv_rows(shropshire::RS_FILE);
    let facts = facts();
    // (year) for every year whose return has a TOTAL SERVICE EXPENDITURE line for Shropshire.
    let mut checked = Vec::new();
    for year in shropshire::PERIODS {
        let total = rs.iter().find(|r| {
            r["ecode"] == shropshire::COUNCIL_ECODE
                && r["year"] == year
                && r["measure"].starts_with("Net current expenditure")
                && r["line"].eq_ignore_ascii_case("TOTAL SERVICE EXPENDITURE")
        });
        let Some(total) = total else { continue };
        let total = dec(&total["value_gbp_thousand"]) * Decimal::ONE_THOUSAND;
        let sum: Decimal = facts
            .iter()
            .filter(|f| text(f, "agency") == "shropshire-council" && text(f, "period") == year)
            .map(amount)
            .sum();
        assert!((sum - total).abs() < Decimal::ONE, "{year}: service lines {sum}, published total {total}");
        checked.push(year);
    }
    assert_eq!(checked, ["2010-11", "2011-12", "2012-13", "2013-14", "2014-15", "2017-18"]);
}

#[test]
fn police_and_fire_rows_are_the_published_line_times_the_tax_base_share() {
    let ct = csv_rows(shropshire::CT_FILE);
    let base = |ecode: &str| -> (i128, i128) {
        let row = ct.iter().find(|r| r["ecode"] == ecode && r["item"] == shropshire::TAX_BASE_ITEM).unwrap();
        // As a fraction with denominator 100 (tax bases have at most two decimals).
        (pence(dec(&row["value"])), 100)
    };
    let (shropshire_base, _) = base("E3202");
    let rs = csv_rows(shropshire::RS_FILE);
    // (agency, RS codes, denominator code, activity → RS line)
    let cases = [
        (
            "west-mercia-police",
            &["E6055", "E7055"][..],
            "E7055",
            [("police-services", "Police services"), ("central-services", "Central services")],
        ),
        (
            "shropshire-wrekin-fire",
            &["E6132"][..],
            "E6132",
            [("fire-and-rescue-services", "Fire and rescue services"), ("central-services", "Central services")],
        ),
    ];
    let facts = facts();
    for (agency, codes, area_code, lines) in cases {
        let (area_base, _) = base(area_code);
        let mut n_checked = 0;
        for fact in facts.iter().filter(|f| text(f, "agency") == agency) {
            assert_eq!(text(fact, "basis"), "apportioned");
            let line = lines.iter().find(|(a, _)| *a == text(fact, "activity")).unwrap().1;
            // The 2010-11 sheet repeats the service lines in a memo block: the values must agree.
            let published: BTreeSet<&str> = rs
                .iter()
                .filter(|r| {
                    codes.contains(&r["ecode"].as_str())
                        && r["year"] == text(fact, "period")
                        && r["measure"].starts_with("Net current expenditure")
                        && r["line"] == line
                        && dec(&r["value_gbp_thousand"]) != Decimal::ZERO
                })
                .map(|r| r["value_gbp_thousand"].as_str())
                .collect();
            assert_eq!(published.len(), 1, "{agency} {} {line}: {published:?}", text(fact, "period"));
            let published = published.first().unwrap();
            let expected = apportion_pence(units_from_thousands(published), shropshire_base, area_base);
            assert_eq!(pence(amount(fact)), expected, "{agency} {} {line}", text(fact, "period"));
            assert!(text(fact, "note").contains("104,912.5"), "the share is stated: {}", text(fact, "note"));
            n_checked += 1;
        }
        // Six RS years × two lines.
        assert_eq!(n_checked, 12, "{agency}");
    }
}

#[test]
fn central_government_rows_are_the_regions_figure_times_the_population_share() {
    // (file, department column, body-kind column, years it supplies)
    let releases = [
        (shropshire::CRA2014_FILE, "Department", "CG, LG or PC", &shropshire::PERIODS[0..3], "cra-2014"),
        (shropshire::CRA2018_FILE, "Department Name", "CG, LG, PC, BOE", &shropshire::PERIODS[3..8], "cra-2018"),
    ];
    let facts = facts();
    let central: BTreeSet<&str> = ["cra-2014", "cra-2018"].into();
    for (file, dept, kind, years, source) in releases {
        let rows = csv_rows(file);
        for year in years {
            // Region totals in pence by (department, HMT sub-function): CG and PC, current, identifiable.
            let mut groups: BTreeMap<(&str, &str), i128> = BTreeMap::new();
            for r in &rows {
                if matches!(r[kind].as_str(), "CG" | "PC") && r["CAP or CUR"] == "CUR" && r["ID/non-ID"] == "ID" {
                    *groups.entry((r[dept].as_str(), r["HMT Subfunction"].as_str())).or_default() +=
                        units_from_thousands(&r[*year]);
                }
            }
            let mut expected: Vec<i128> = groups
                .values()
                .filter(|p| **p != 0)
                .map(|p| {
                    apportion_pence(
                        *p,
                        i128::from(shropshire::POPULATION),
                        i128::from(shropshire::WEST_MIDLANDS_POPULATION),
                    )
                })
                .collect();
            let mut shipped: Vec<i128> = facts
                .iter()
                .filter(|f| central.contains(text(f, "source")) && text(f, "period") == *year)
                .inspect(|f| {
                    assert_eq!(text(f, "source"), source, "{year}");
                    assert_eq!(text(f, "basis"), "apportioned");
                    assert!(text(f, "note").contains("306,100 / 5,625,705"), "{}", text(f, "note"));
                })
                .map(|f| pence(amount(f)))
                .collect();
            expected.sort_unstable();
            shipped.sort_unstable();
            assert_eq!(shipped, expected, "{year}");
            assert!(!shipped.is_empty(), "{year}");
        }
    }
}

#[test]
fn adult_social_care_split_adds_up_to_the_rs_line_exactly() {
    let rs = csv_rows(shropshire::RS_FILE);
    let line = rs
        .iter()
        .find(|r| {
            r["ecode"] == "E3202"
                && r["year"] == "2014-15"
                && r["measure"].starts_with("Net current expenditure")
                && r["line"] == "Adult Social Care"
        })
        .unwrap();
    let published = dec(&line["value_gbp_thousand"]) * Decimal::ONE_THOUSAND;
    let facts = facts();
    let asc: Vec<_> = facts
        .iter()
        .filter(|f| {
            text(f, "agency") == "shropshire-council"
                && text(f, "activity") == "adult-social-care"
                && text(f, "period") == "2014-15"
        })
        .collect();
    assert_eq!(asc.iter().map(|f| amount(f)).sum::<Decimal>(), published);
    let derived: Vec<_> = asc.iter().filter(|f| text(f, "basis") == "derived").collect();
    assert_eq!(derived.len(), 1);
    assert_eq!(derived[0]["audience"], Value::Null);
    // Every attributed part is a PSS-EX1 net current expenditure line × 1000 (Non Salt Totals, de-duplicated).
    let pss = csv_rows(shropshire::PSS_FILE);
    let pss_values: BTreeSet<Decimal> = pss
        .iter()
        .filter(|r| {
            r["council"] == "Shropshire"
                && r["support_type"] == "Non Salt Totals"
                && r["accounting_category"] == "Net current expenditure"
        })
        .map(|r| dec(&r["value_gbp_thousand"]) * Decimal::ONE_THOUSAND)
        .collect();
    let attributed: Vec<_> = asc.iter().filter(|f| !f["audience"].is_null()).collect();
    assert!(attributed.len() >= 10, "ten client group × age band parts and more");
    for f in asc.iter().filter(|f| text(f, "basis") == "reported") {
        assert!(pss_values.contains(&amount(f)), "{f:?}");
        assert_eq!(text(f, "source"), "pss-ex1-2014-15");
    }
}

#[test]
fn every_fact_says_its_period_basis_and_source() {
    let doc: Value = serde_json::from_str(SHIPPED).unwrap();
    let ids = |key: &str| -> BTreeSet<String> {
        doc[key].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_owned()).collect()
    };
    let (periods, sources, agencies) = (ids("periods"), ids("sources"), ids("agencies"));
    assert_eq!(periods.len(), 8);
    for (i, fact) in facts().iter().enumerate() {
        let at = format!("fact {i}: {fact:?}");
        assert!(periods.contains(text(fact, "period")), "{at}");
        assert!(sources.contains(text(fact, "source")), "{at}");
        assert!(agencies.contains(text(fact, "agency")), "{at}");
        let basis = text(fact, "basis");
        assert!(["reported", "derived", "apportioned", "estimated"].contains(&basis), "{at}");
        if basis != "reported" {
            assert!(!text(fact, "note").is_empty(), "{at}");
        }
        assert!(amount(fact).scale() == 2, "{at}");
        assert_ne!(amount(fact), Decimal::ZERO, "{at}");
    }
    for place in doc["places"].as_array().unwrap() {
        assert!(sources.contains(place["population_source"].as_str().unwrap()));
    }
}

#[test]
fn yearly_totals_are_of_the_expected_size() {
    // Total Place counts (2009) found £6–8k per resident; the brief expects £2–2.5bn a year.
    let doc = shropshire::build(&sources()).unwrap();
    for year in shropshire::year_totals(&doc) {
        let (lo, hi) = (Decimal::from(6_000), Decimal::from(9_000));
        assert!(year.per_resident > lo && year.per_resident < hi, "{year:?}");
        assert!(year.estimated < year.total, "{year:?}");
    }
}

#[test]
fn file_loads_without_any_problem() {
    let loaded = load(SHIPPED.as_bytes());
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems.listed);
    let dataset = loaded.dataset.unwrap_or_default();
    assert_eq!(dataset.periods.len(), 8);
    assert_eq!(dataset.n_facts() as usize, facts().len());
}

#[test]
fn converter_reports_a_missing_extract() {
    let error = shropshire::build(std::path::Path::new("/nonexistent")).unwrap_err();
    assert_eq!(error.file, shropshire::RS_FILE);
    assert!(error.to_string().contains("cannot read"), "{error}");
}

#[test]
fn parish_precepts_agree_between_rs_and_the_council_tax_table() {
    let rs = csv_rows(shropshire::RS_FILE);
    let ct = csv_rows(shropshire::CT_FILE);
    let facts = facts();
    // (year, RS has it, council-tax table has it)
    let cases = [
        ("2010-11", true, false),
        ("2014-15", true, false),
        ("2015-16", false, false),
        ("2016-17", false, true),
        ("2017-18", true, true),
    ];
    for (year, in_rs, in_ct) in cases {
        let from_rs = rs
            .iter()
            .find(|r| r["ecode"] == "E3202" && r["year"] == year && r["line"] == "Parish precepts")
            .map(|r| dec(&r["value_gbp_thousand"]) * Decimal::ONE_THOUSAND);
        let from_ct = ct
            .iter()
            .find(|r| r["ecode"] == "E3202" && r["item"] == format!("2. Parish precepts | {year}"))
            .map(|r| dec(&r["value"]));
        assert_eq!((from_rs.is_some(), from_ct.is_some()), (in_rs, in_ct), "{year}");
        if let (Some(r), Some(c)) = (from_rs, from_ct) {
            assert!((r - c).abs() < Decimal::ONE, "{year}: RS {r}, council tax {c}");
        }
        let shipped: Vec<Decimal> = facts
            .iter()
            .filter(|f| text(f, "agency") == "town-and-parish-councils" && text(f, "period") == year)
            .map(amount)
            .collect();
        match from_rs.or(from_ct) {
            Some(expected) => assert_eq!(shipped, [expected.round_dp(2)], "{year}"),
            None => assert!(shipped.is_empty(), "{year}: no published figure, so no fact"),
        }
    }
}

#[test]
fn every_body_and_year_either_has_figures_or_coverage_says_why_not() {
    let doc: Value = serde_json::from_str(SHIPPED).unwrap();
    let coverage = doc["coverage"].as_array().unwrap();
    let stated = |agency: &str, period: &str| -> Option<&str> {
        coverage.iter().find(|c| c["agency"] == agency && c["period"] == period).map(|c| c["extent"].as_str().unwrap())
    };
    let facts = facts();
    for agency in ["shropshire-council", "town-and-parish-councils", "west-mercia-police", "shropshire-wrekin-fire"] {
        for period in shropshire::PERIODS {
            let has_facts = facts.iter().any(|f| text(f, "agency") == agency && text(f, "period") == period);
            match stated(agency, period) {
                Some("lacking") => assert!(!has_facts, "{agency} {period} is said to be lacking but has figures"),
                Some(_) | None => assert!(has_facts, "{agency} {period} has no figures and no coverage statement"),
            }
        }
    }
    // The years the BBC compilation fills lack police, fire and (2015-16) parish figures.
    for (agency, period) in [
        ("west-mercia-police", "2015-16"),
        ("west-mercia-police", "2016-17"),
        ("shropshire-wrekin-fire", "2015-16"),
        ("shropshire-wrekin-fire", "2016-17"),
        ("town-and-parish-councils", "2015-16"),
    ] {
        assert_eq!(stated(agency, period), Some("lacking"), "{agency} {period}");
    }
    for period in shropshire::BBC_YEARS {
        assert_eq!(stated("shropshire-council", period), Some("partial"), "{period}");
    }
}

#[test]
fn the_home_view_opens_on_a_dimension_with_more_than_one_bar() {
    use whole_place::domain::aggregate::{opening_by, single_slice_dims};
    use whole_place::domain::model::Dim;
    use whole_place::domain::query::{MemberRef, Query};
    let dataset = load(SHIPPED.as_bytes()).dataset.unwrap_or_default();
    let latest = dataset.latest_period().unwrap_or_default();
    // One Place, and (outside 2014-15) no audience split: both would be one bar.
    let single = single_slice_dims(&dataset, latest);
    assert_eq!(single, [true, true, false, false]);
    assert_eq!(opening_by(single, Query::default().by), Dim::Activity);
    // 2014-15 has the adult social care split by client group, so audiences are worth a chart.
    let split_year = dataset.find_period("2014-15").unwrap_or_default();
    assert_eq!(single_slice_dims(&dataset, split_year), [true, false, false, false]);
    // Drilling into an activity moves past the single-bar dimensions to agencies.
    let home = Query { by: Dim::Activity, ..Query::default() };
    let drilled =
        home.drill_skipping(Dim::Activity, MemberRef::Id("cofog-10".to_owned()), false, |d| single[d.index()]);
    assert_eq!(drilled.by, Dim::Agency);
}

#[test]
fn every_body_the_data_lacks_in_a_year_is_named_even_below_a_shown_one() {
    use whole_place::domain::aggregate::aggregate;
    use whole_place::domain::coverage::{AgencyGap, agency_notes};
    use whole_place::domain::trend::trend;
    use whole_place::domain::url;
    let dataset = load(SHIPPED.as_bytes()).dataset.unwrap_or_default();
    let query = url::parse("dataset=shropshire-published&year=2015-16&by=agency").query;
    let breakdown = aggregate(&dataset, &query);
    let missing: Vec<String> = agency_notes(&dataset, &query, &breakdown)
        .into_iter()
        .filter(|n| n.gap == AgencyGap::NotInData)
        .map(|n| n.label)
        .collect();
    // The council only partly: 2015-16 comes without its Central and Other services lines.
    let partial: Vec<String> = agency_notes(&dataset, &query, &breakdown)
        .into_iter()
        .filter(|n| n.gap == AgencyGap::Partial)
        .map(|n| n.label)
        .collect();
    assert_eq!(partial, ["Shropshire Council", "Central government"]);
    // Public corporations are lacking every year: HM Treasury counts only their capital spending.
    assert_eq!(missing, ["Town and parish councils", "Police and fire", "Public corporations"]);
    // The trend marks the same bodies for that year; in 2017-18 only public corporations.
    let points = trend(&dataset, &query);
    let label = |ix: u32| dataset.dim(whole_place::domain::model::Dim::Agency).get(ix).unwrap().label.clone();
    let year = |id: &str| &points[usize::from(dataset.find_period(id).unwrap())];
    assert_eq!(year("2015-16").lacking.iter().map(|ix| label(*ix)).collect::<Vec<_>>(), missing);
    assert_eq!(year("2017-18").lacking.iter().map(|ix| label(*ix)).collect::<Vec<_>>(), ["Public corporations"]);
    // Only years missing a body that other years have are marked as not comparable.
    let rows = whole_place::domain::trend::trend_rows(&dataset, &points, 0, &dataset.metadata.currency);
    let marked: Vec<&str> = rows.iter().filter(|r| r.incomparable).map(|r| r.label.as_str()).collect();
    assert_eq!(marked, ["2015-16", "2016-17"]);
}

#[test]
fn comparing_a_partly_covered_year_says_it_is_not_like_for_like() {
    use whole_place::domain::coverage::comparability_note;
    use whole_place::domain::url;
    let dataset = load(SHIPPED.as_bytes()).dataset.unwrap_or_default();
    let year = |id: &str| dataset.find_period(id).unwrap();
    let query = url::parse("dataset=shropshire-published&agency=shropshire-council&by=activity").query;
    let note = comparability_note(&dataset, &query, year("2016-17"), year("2014-15")).unwrap_or_default();
    assert!(
        note.starts_with("Not like for like: only partly in this data for \u{2068}2016-17\u{2069}: \u{2068}Shropshire Council\u{2069}"),
        "{note}"
    );
    assert_eq!(comparability_note(&dataset, &query, year("2017-18"), year("2014-15")), None);
}

#[test]
fn an_amount_that_is_all_estimate_shows_the_same_figure_as_its_estimate() {
    use whole_place::domain::aggregate::aggregate;
    use whole_place::domain::format::figures;
    use whole_place::domain::url;
    let dataset = load(SHIPPED.as_bytes()).dataset.unwrap_or_default();
    for link in ["year=2010-11&activity=cofog-06&by=activity", "by=agency", "year=2015-16&by=activity"] {
        let b = aggregate(&dataset, &url::parse(link).query);
        let f = figures(&b, &dataset.metadata.currency);
        for (slice, row) in b.slices.iter().zip(&f.rows) {
            if slice.estimated == slice.amount && !slice.amount.is_zero() {
                assert_eq!(row.estimated.as_deref(), Some(row.amount.as_str()), "{link}: {}", slice.label);
            }
        }
    }
}

#[test]
fn a_bar_opens_onto_its_parts_only_when_it_has_two_or_more() {
    use whole_place::domain::aggregate::aggregate;
    use whole_place::domain::url;
    let dataset = load(SHIPPED.as_bytes()).dataset.unwrap_or_default();
    let by_activity = aggregate(&dataset, &url::parse("by=activity&year=2017-18").query);
    // (COFOG division, opens onto its parts): Defence has one group below it, so following its
    // bar moves on (a chart of that one group would be one bar); Social protection has several.
    let cases: &[(&str, bool)] = &[("cofog-02", false), ("cofog-10", true), ("cofog-07", true)];
    for (id, opens) in cases {
        let slice = by_activity.slices.iter().find(|s| s.drill.as_ref().is_some_and(|m| m.token() == *id));
        assert_eq!(slice.map(|s| s.opens_onto_parts()), Some(*opens), "{id}");
    }
}
