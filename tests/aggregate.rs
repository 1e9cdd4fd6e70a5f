//! Aggregation over a hand-made fixture whose every total was worked out by hand.

// Test helpers unwrap freely: a panic here is a failing test, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rust_decimal::Decimal;
use whole_place::domain::aggregate::{Breakdown, SliceKey, aggregate};
use whole_place::domain::load::load;
use whole_place::domain::model::{Dataset, Dim};
use whole_place::domain::query::{MemberRef, Query};
use whole_place::domain::url;

fn tiny() -> std::sync::Arc<Dataset> {
    let loaded = load(include_bytes!("fixtures/tiny.json"));
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded.dataset.unwrap()
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// The breakdown for a URL query string, as (label, amount) pairs plus the total.
fn check(query_string: &str, expected_total: &str, expected: &[(&str, &str)]) -> Breakdown {
    let breakdown = aggregate(&tiny(), &url::parse(query_string).query);
    let got: Vec<(String, Decimal)> = breakdown.slices.iter().map(|s| (s.label.clone(), s.amount)).collect();
    let want: Vec<(String, Decimal)> = expected.iter().map(|(l, a)| (l.to_string(), dec(a))).collect();
    assert_eq!(got, want, "slices for {query_string:?}");
    assert_eq!(breakdown.total, dec(expected_total), "total for {query_string:?}");
    let sum: Decimal = breakdown.slices.iter().map(|s| s.amount).sum();
    assert_eq!(sum, breakdown.total, "slices add up for {query_string:?}");
    breakdown
}

#[test]
fn slices_by_each_dimension_add_up_to_the_total() {
    check(
        "",
        "684.00",
        &[("North", "400.40"), ("South", "210.20"), ("Not attributed to a Place (area-wide)", "73.40")],
    );
    check("by=activity", "684.00", &[("Community safety", "383.70"), ("Health", "300.30")]);
    check("by=agency", "684.00", &[("Police", "423.75"), ("Council", "260.25")]);
    check(
        "by=audience",
        "684.00",
        &[("Young people 16–19", "260.25"), ("Not attributed to one audience (everyone)", "423.75")],
    );
}

#[test]
fn filters_combine_and_activities_include_their_children() {
    check("by=agency&place=north", "400.40", &[("Council", "300.30"), ("Police", "100.10")]);
    check("by=agency&place=north&place=south", "610.60", &[("Council", "310.30"), ("Police", "300.30")]);
    check("by=place&place=~none", "73.40", &[("Not attributed to a Place (area-wide)", "73.40")]);
    check(
        "by=activity&activity=safety",
        "383.70",
        &[
            ("Policing", "323.65"),
            ("Reducing re-offending", "50.05"),
            ("Community safety: not broken down further", "10.00"),
        ],
    );
    check("by=agency&activity=offending&audience=young", "50.05", &[("Police", "100.10"), ("Council", "-50.05")]);
    check(
        "by=activity&activity=offending&activity=health",
        "350.35",
        &[("Health", "300.30"), ("Reducing re-offending", "50.05")],
    );
}

#[test]
fn residents_follow_the_selection() {
    let cases: &[(&str, Option<u64>)] = &[
        ("", Some(4000)),
        ("place=north", Some(1000)),
        ("place=north&audience=young", Some(100)),
        ("audience=young", Some(400)),
        ("audience=older", None),
        ("place=~none", None),
        ("audience=~none", Some(4000)),
        // Audiences may overlap, so several are never added together.
        ("audience=young&audience=older", None),
        ("audience=young&audience=~none", None),
    ];
    for (query_string, residents) in cases {
        assert_eq!(aggregate(&tiny(), &url::parse(query_string).query).residents(), *residents, "{query_string}");
    }
    let by_place = aggregate(&tiny(), &url::parse("audience=young").query);
    let residents: Vec<Option<u64>> = by_place.slices.iter().map(|s| s.residents).collect();
    // South (young: £210.20) outranks North (£100.10); each row divides by its own young people.
    assert_eq!(residents, vec![Some(300), Some(100), None]);
}

#[test]
fn two_way_table_rows_and_columns_add_up() {
    let breakdown = aggregate(&tiny(), &url::parse("then=agency").query);
    let columns: Vec<&str> = breakdown.columns.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(columns, ["Police", "Council"]);
    let cells: Vec<Vec<Decimal>> =
        vec![vec![dec("100.10"), dec("300.30")], vec![dec("200.20"), dec("10.00")], vec![dec("123.45"), dec("-50.05")]];
    assert_eq!(breakdown.cells, cells);
    for (row, slice) in breakdown.cells.iter().zip(&breakdown.slices) {
        assert_eq!(row.iter().sum::<Decimal>(), slice.amount);
    }
    let column_total: Decimal = breakdown.columns.iter().map(|c| c.amount).sum();
    assert_eq!(column_total, breakdown.total);
}

#[test]
fn unknown_filter_ids_are_reported_and_ignored() {
    let breakdown = aggregate(&tiny(), &url::parse("place=atlantis").query);
    assert_eq!(breakdown.total, dec("684.00"));
    assert_eq!(breakdown.unknown_filters.len(), 1);
    assert_eq!(breakdown.unknown_filters[0].id, "atlantis");
}

#[test]
fn drill_links_set_filters() {
    let breakdown = aggregate(&tiny(), &Query::default());
    let drills: Vec<Option<MemberRef>> = breakdown.slices.iter().map(|s| s.drill.clone()).collect();
    assert_eq!(
        drills,
        vec![Some(MemberRef::Id("north".into())), Some(MemberRef::Id("south".into())), Some(MemberRef::Unattributed)]
    );
    let direct = aggregate(&tiny(), &url::parse("by=activity&activity=safety").query);
    assert!(direct.slices.iter().any(|s| matches!(s.key, SliceKey::Direct(_)) && s.drill.is_none()));
    let roots = aggregate(&tiny(), &url::parse("by=activity").query);
    assert_eq!(roots.slices[0].n_children, 2);
    assert_eq!(Dim::ALL.len(), 4);
}

#[test]
fn an_empty_dataset_is_a_valid_empty_view() {
    let loaded = load(br#"{"format_version":"1.0","metadata":{"title":"t","currency":"GBP","status":"official","licence":"OGL","period":"2011/12"},"places":[],"audiences":[],"activities":[],"agencies":[],"facts":[]}"#);
    assert_eq!(loaded.problems.n_errors, 0, "{:?}", loaded.problems);
    let breakdown = aggregate(&loaded.dataset.unwrap(), &Query::default());
    assert_eq!(breakdown.total, Decimal::ZERO);
    assert!(breakdown.slices.is_empty());
}

#[test]
fn displayed_tables_add_up_both_ways_on_the_shipped_data() {
    use whole_place::domain::format::{displayed_amounts, displayed_cross, displayed_shares};
    let shipped = load(include_bytes!("../public/data/shropshire-illustrative-2011-12.json")).dataset.unwrap();
    let queries = [
        "then=agency",
        "by=activity&then=place",
        "by=audience&then=activity&place=ludlow",
        "by=agency&then=audience&activity=roads-transport",
        "by=place&then=activity&audience=~none",
    ];
    for query_string in queries {
        let breakdown = aggregate(&shipped, &url::parse(query_string).query);
        let (amounts, total) = displayed_amounts(&breakdown, 0);
        assert_eq!(amounts.iter().sum::<Decimal>(), total, "{query_string}");
        if let Some(shares) = displayed_shares(&breakdown) {
            assert_eq!(shares.iter().sum::<Decimal>(), Decimal::ONE_HUNDRED, "{query_string}");
        }
        let cross = displayed_cross(&breakdown, 0);
        assert_eq!(cross.total, total);
        for (row, row_total) in cross.cells.iter().zip(&cross.row_totals) {
            assert_eq!(row.iter().sum::<Decimal>(), *row_total, "{query_string}: a row");
        }
        assert_eq!(cross.column_totals.iter().sum::<Decimal>(), total, "{query_string}: columns");
        for (cell_row, exact_row) in cross.cells.iter().zip(&breakdown.cells) {
            for (cell, exact) in cell_row.iter().zip(exact_row) {
                assert!((*cell - *exact).abs() < Decimal::new(15, 1), "{query_string}: {cell} vs {exact}");
            }
        }
    }
}

#[test]
fn small_tables_show_pence_so_rounding_does_not_move_figures() {
    use whole_place::domain::format::{displayed_amounts, table_decimal_places};
    let dataset = tiny();
    let breakdown = aggregate(&dataset, &Query::default());
    let places = table_decimal_places(&breakdown, &dataset.metadata.currency);
    assert_eq!(places, 2);
    let (amounts, total) = displayed_amounts(&breakdown, places);
    assert_eq!(amounts, vec![dec("400.40"), dec("210.20"), dec("73.40")]);
    assert_eq!(total, dec("684.00"));
}

#[test]
fn sentences_read_well_for_every_kind_of_filter() {
    use whole_place::domain::format::{people_sentence, selection_phrase, summary};
    let dataset = tiny();
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "",
            "Spending by all agencies across the whole area",
            "£684 in total, split across 2 Places; the largest is North (£400, 58.6%), followed by South (£210, 30.7%). £73 (10.7%) is not attributed to a Place (area-wide).",
            "4,000 residents: £0.17 per resident.",
        ),
        (
            "place=~none",
            "Spending by all agencies not attributed to one Place",
            "£73 in total. £73 (100.0%) is not attributed to a Place (area-wide).",
            "No per-resident figure: spending not attributed to a Place has no population of its own.",
        ),
        (
            "by=agency&place=north&audience=young&activity=offending&agency=police",
            "Spending by Police in North on Young people 16–19 for Reducing re-offending",
            "£100 in total, split across 1 agency; the largest is Police (£100, 100.0%).",
            "100 people in the chosen audience: £1.00 per person.",
        ),
        (
            "audience=~none&audience=young&place=zzz",
            "Spending by all agencies across the whole area on everyone (no single audience) and Young people 16–19",
            "£684 in total, split across 2 Places; the largest is North (£400, 58.6%), followed by South (£210, 30.7%). £73 (10.7%) is not attributed to a Place (area-wide).",
            "No per-person figure: the chosen audiences may overlap, so their populations cannot be added.",
        ),
    ];
    for (query_string, phrase, sentence, people) in cases {
        let query = url::parse(query_string).query;
        let breakdown = aggregate(&dataset, &query);
        assert_eq!(selection_phrase(&dataset, &query), *phrase, "{query_string}");
        assert_eq!(summary(&dataset, &breakdown), *sentence, "{query_string}");
        assert_eq!(people_sentence(&breakdown, &dataset.metadata.currency), *people, "{query_string}");
    }
}
