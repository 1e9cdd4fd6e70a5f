//! Aggregation over a hand-made fixture whose every total was worked out by hand.

// Test helpers unwrap freely: a panic here is a failing test, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rust_decimal::Decimal;
use whole_place::domain::aggregate::{Breakdown, SliceKey, aggregate};
use whole_place::domain::format;
use whole_place::domain::load::load;
use whole_place::domain::model::{Dataset, Dim};
use whole_place::domain::per_resident;
use whole_place::domain::query::{MemberRef, Query};
use whole_place::domain::url;
use whole_place::rng::SplitMix64;

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
    check("by=audience", "684.00", &[("Young people 16–19", "260.25"), ("Not split by audience", "423.75")]);
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
    let shipped = load(include_bytes!("../public/data/shropshire-illustrative-2011-12.json")).dataset.unwrap();
    let queries = [
        "then=agency",
        "by=activity&then=place",
        "by=audience&then=activity&place=ludlow",
        "by=agency&then=audience&activity=roads-transport",
        "by=place&then=activity&audience=~none",
        "by=agency&then=place&place=ludlow&audience=young-16-19&activity=offender-management",
    ];
    for query_string in queries {
        let (cross, exact) = check_two_way(&shipped, query_string);
        assert!(!exact, "{query_string}: a rounding meeting the one-way totals exists here");
        assert!(cross.cells.iter().flatten().count() > 0, "{query_string}");
    }
}

/// Checks a two-way view against the one-way views of the same selection: same precision; row
/// totals, column totals and grand total equal to the one-way figures (unless shown exactly);
/// cells adding up to them; each cell within one unit of its exact value. Returns the table and
/// whether it fell back to exact figures.
fn check_two_way(dataset: &Dataset, query_string: &str) -> (format::DisplayedCross, bool) {
    let currency = &dataset.metadata.currency;
    let query = url::parse(query_string).query;
    let then = query.then.unwrap();
    let two_way = aggregate(dataset, &query);
    let by_rows = aggregate(dataset, &Query { then: None, ..query.clone() });
    let by_columns = aggregate(dataset, &Query { by: then, then: None, ..query.clone() });
    let shown = format::figures(&two_way, currency);
    let rows_view = format::figures(&by_rows, currency);
    let columns_view = format::figures(&by_columns, currency);
    assert_eq!(shown.decimal_places, rows_view.decimal_places, "{query_string}: precision by rows");
    assert_eq!(shown.decimal_places, columns_view.decimal_places, "{query_string}: precision by columns");
    let cross = shown.cross.unwrap();
    let sum = |values: &[Decimal]| values.iter().sum::<Decimal>();
    for (row, total) in cross.cells.iter().zip(&cross.row_totals) {
        assert_eq!(sum(row), *total, "{query_string}: a row adds up");
    }
    for (c, total) in cross.column_totals.iter().enumerate() {
        let column: Vec<Decimal> = cross.cells.iter().map(|row| row[c]).collect();
        assert_eq!(sum(&column), *total, "{query_string}: a column adds up");
    }
    assert_eq!(sum(&cross.row_totals), cross.total, "{query_string}: rows add up to the grand total");
    assert_eq!(sum(&cross.column_totals), cross.total, "{query_string}: columns add up to the grand total");
    if cross.exact {
        assert_eq!(cross.cells, two_way.cells, "{query_string}: exact cells");
        assert_eq!(cross.total, two_way.total, "{query_string}: exact total");
    } else {
        assert_eq!(cross.decimal_places, shown.decimal_places);
        assert_eq!(cross.row_totals, rows_view.amounts, "{query_string}: row totals are the one-way figures");
        assert_eq!(cross.column_totals, columns_view.amounts, "{query_string}: column totals are the one-way figures");
        assert_eq!(cross.total, rows_view.total_amount, "{query_string}: grand total is the headline's");
        assert_eq!(cross.total, columns_view.total_amount, "{query_string}: grand total is the headline's");
        let unit = Decimal::new(1, cross.decimal_places);
        for (cell_row, exact_row) in cross.cells.iter().zip(&two_way.cells) {
            for (cell, exact) in cell_row.iter().zip(exact_row) {
                assert!((*cell - *exact).abs() < unit, "{query_string}: {cell} vs {exact}");
            }
        }
    }
    let exact = cross.exact;
    (cross, exact)
}

/// One fact for [`dataset_json`]: place (`None`: not attributed), agency, activity, amount.
type FactRow<'a> = (Option<&'a str>, &'a str, &'a str, &'a str);

/// What one view shows: headline total, summary, table rows (amount, share, per head), and the
/// sentence that replaces shares.
type ShownView = (String, String, Vec<(String, String, String)>, Option<&'static str>);

/// A dataset file from a currency, places `(id, label)`, agencies `(id, label)` and facts
/// `(place, agency, activity, amount)` (`None` for not attributed).
fn dataset_json(currency: &str, places: &[(&str, &str)], agencies: &[&str], facts: &[FactRow]) -> String {
    let members = |ids: &mut dyn Iterator<Item = (String, String)>| {
        ids.map(|(id, label)| format!(r#"{{"id":{},"label":{},"population":1000}}"#, js(&id), js(&label)))
            .collect::<Vec<_>>()
            .join(",")
    };
    let places = members(&mut places.iter().map(|(id, label)| (id.to_string(), label.to_string())));
    let agencies = members(&mut agencies.iter().map(|id| (id.to_string(), id.to_uppercase())));
    let facts: Vec<String> = facts
        .iter()
        .map(|(place, agency, activity, amount)| {
            let place = place.map_or("null".to_owned(), js);
            format!(
                r#"{{"agency":{},"place":{place},"audience":null,"activity":{},"amount":{}}}"#,
                js(agency),
                js(activity),
                js(amount)
            )
        })
        .collect();
    format!(
        r#"{{"format_version":"1.0","metadata":{{"title":"t","publisher":"p","currency":"{currency}","status":"official","licence":"OGL","period":"2011/12"}},
        "places":[{places}],"audiences":[],
        "activities":[{{"id":"a1","label":"Alpha"}},{{"id":"a2","label":"Beta"}},{{"id":"a3","label":"Gamma","parent":"a1"}}],
        "agencies":[{agencies}],"facts":[{}]}}"#,
        facts.join(",")
    )
}

/// A string as JSON text.
fn js(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn load_json(text: &str) -> std::sync::Arc<Dataset> {
    let loaded = load(text.as_bytes());
    assert_eq!(loaded.problems.n_errors, 0, "{:?}", loaded.problems);
    loaded.dataset.unwrap()
}

/// Property: over many random datasets (negatives, exact halves, many small cells per column,
/// totals over 100,000 so that whole units are shown, 0, 2 and 3 decimal currencies), every
/// two-way view's margins are the one-way figures, cells add up to them, and every cell is
/// within one unit of its exact value. Reports how often no such rounding exists.
#[test]
fn two_way_tables_agree_with_one_way_views_on_random_data() {
    let mut rng = SplitMix64::new(2011);
    let mut n_tables = 0u32;
    let mut n_exact = 0u32;
    for round in 0..400 {
        let currency = ["GBP", "JPY", "KWD", "GBP"][round % 4];
        let n_places = rng.range(1, 7) as usize;
        let n_agencies = rng.range(1, 6) as usize;
        let place_ids: Vec<String> = (0..n_places).map(|i| format!("p{i}")).collect();
        let places: Vec<(&str, &str)> = place_ids.iter().map(|id| (id.as_str(), id.as_str())).collect();
        let agency_ids: Vec<String> = (0..n_agencies).map(|i| format!("g{i}")).collect();
        let agencies: Vec<&str> = agency_ids.iter().map(String::as_str).collect();
        let style = rng.range(0, 4);
        let n_facts = rng.range(1, 80) as usize;
        let amounts: Vec<String> = (0..n_facts)
            .map(|_| {
                let negative = rng.range(0, 5) == 0;
                let magnitude = match style {
                    // Exact halves of large amounts: whole units shown, every cell a tie.
                    0 => format!("{}.5", rng.range(20_000, 90_000)),
                    // Many small cells in pence and less.
                    1 => format!("{}.{:04}", rng.range(0, 3), rng.range(0, 10_000)),
                    // Mixed sizes around the whole-units threshold.
                    2 => format!("{}.{:02}", rng.range(0, 150_000), rng.range(0, 100)),
                    _ => format!("{}.{:03}", rng.range(0, 1_000), rng.range(0, 1_000)),
                };
                if negative { format!("-{magnitude}") } else { magnitude }
            })
            .collect();
        let facts: Vec<FactRow> = amounts
            .iter()
            .map(|amount| {
                let place = rng.range(0, n_places as u64 + 1) as usize;
                let place = places.get(place).map(|(id, _)| *id);
                let agency = agencies[rng.range(0, n_agencies as u64) as usize];
                let activity = ["a1", "a2", "a3"][rng.range(0, 3) as usize];
                (place, agency, activity, amount.as_str())
            })
            .collect();
        let dataset = load_json(&dataset_json(currency, &places, &agencies, &facts));
        for query_string in
            ["then=agency", "by=agency&then=place", "by=activity&then=agency", "by=place&then=activity&agency=g0"]
        {
            let (_, exact) = check_two_way(&dataset, query_string);
            n_tables += 1;
            n_exact += u32::from(exact);
        }
    }
    println!(
        "controlled rounding: {n_exact} of {n_tables} random two-way tables had no rounding meeting the one-way totals and were shown exactly"
    );
    assert!(n_exact * 10 <= n_tables, "the exact fallback fired in {n_exact} of {n_tables} tables");
}

#[test]
fn two_way_tables_fall_back_to_exact_figures_when_no_rounding_meets_the_margins() {
    // Totals over 100,000 force whole pounds; every fraction is an exact half, so the largest
    // remainder gives the extra pound to the first row and to the first column (by label on a
    // tie): a rounding exists only if those two meet in a cell with a fraction.
    type Case<'a> = (&'a [FactRow<'a>], bool);
    let cases: &[Case] = &[
        // p0 is all g1, p1 all g0: largest remainder gives the first row and the first column the
        // extra unit, but the first row's only fraction is in the second column.
        (
            &[(Some("p0"), "g1", "a1", "200000.5"), (Some("p1"), "g0", "a1", "100000.5"), (None, "g0", "a1", "100000")],
            true,
        ),
        (
            &[(Some("p0"), "g0", "a1", "200000.5"), (Some("p1"), "g1", "a1", "100000.5"), (None, "g1", "a1", "100000")],
            false,
        ),
    ];
    for (facts, exact) in cases {
        let dataset = load_json(&dataset_json("GBP", &[("p0", "P0"), ("p1", "P1")], &["g0", "g1"], facts));
        let (cross, fell_back) = check_two_way(&dataset, "then=agency");
        assert_eq!(fell_back, *exact, "{facts:?}");
        if *exact {
            assert_eq!(cross.decimal_places, 2);
            let note = format::cross_note(
                &cross,
                &aggregate(&dataset, &url::parse("then=agency").query),
                &dataset.metadata.currency,
                0,
            );
            assert!(note.starts_with("Shown exactly, to 2 decimal places:"), "{note}");
        }
    }
}

#[test]
fn precision_depends_on_the_selection_not_on_how_it_is_sliced() {
    // A selection under 100,000 in total, with one slice over it: every view shows pence.
    let facts: &[FactRow] = &[
        (Some("p0"), "g0", "a1", "150000.25"),
        (Some("p1"), "g0", "a1", "-100000.10"),
        (Some("p1"), "g1", "a2", "20.01"),
    ];
    let dataset = load_json(&dataset_json("GBP", &[("p0", "P0"), ("p1", "P1")], &["g0", "g1"], facts));
    for query_string in ["", "by=agency", "by=activity", "then=agency", "by=agency&then=activity"] {
        let breakdown = aggregate(&dataset, &url::parse(query_string).query);
        let shown = format::figures(&breakdown, &dataset.metadata.currency);
        assert_eq!(shown.decimal_places, 2, "{query_string:?}");
        assert_eq!(shown.total.amount, "£50,020.16", "{query_string:?}");
    }
}

#[test]
fn small_tables_show_pence_so_rounding_does_not_move_figures() {
    let dataset = tiny();
    let breakdown = aggregate(&dataset, &Query::default());
    let shown = format::figures(&breakdown, &dataset.metadata.currency);
    assert_eq!(shown.decimal_places, 2);
    assert_eq!(shown.amounts, vec![dec("400.40"), dec("210.20"), dec("73.40")]);
    assert_eq!(shown.total_amount, dec("684.00"));
}

/// Every figure of one view as the page shows it: headline total, summary sentence, the
/// table's amounts, shares and per-head figures, and the no-shares sentence.
fn shown(dataset: &Dataset, query_string: &str) -> ShownView {
    let breakdown = aggregate(dataset, &url::parse(query_string).query);
    let figures = format::figures(&breakdown, &dataset.metadata.currency);
    let rows = figures.rows.iter().map(|r| (r.amount.clone(), r.share.clone(), r.per_head.clone())).collect();
    let no_shares = figures.shares.as_ref().err().map(|why| why.sentence());
    (figures.total.amount.clone(), format::summary(&breakdown, &figures), rows, no_shares)
}

#[test]
fn one_quantity_is_one_figure_in_every_currency_and_shares_never_mislead() {
    type Facts<'a> = &'a [FactRow<'a>];
    type Row<'a> = (&'a str, &'a str, &'a str);
    type Case<'a> = (&'a str, Facts<'a>, &'a str, &'a str, &'a [Row<'a>], bool);
    let cases: &[Case] = &[
        // The headline and the sentence both say −£19.99.
        (
            "GBP",
            &[(Some("p0"), "g0", "a1", "-20.00"), (Some("p0"), "g0", "a1", "0.01")],
            "−£19.99",
            "−£19.99 in total, all of it in \u{2068}North\u{2069}.",
            &[("−£19.99", "–", "−£0.02")],
            true,
        ),
        // A near-zero total of a refund and a payment: no shares at all, and the figures are
        // shown in pence because the total is small.
        (
            "GBP",
            &[(Some("p0"), "g0", "a1", "1000000"), (Some("p1"), "g0", "a1", "-999999.99")],
            "£0.01",
            "£0.01 in total, split across 2 Places; the largest is \u{2068}North\u{2069} (£1,000,000.00), followed by \u{2068}South\u{2069} (−£999,999.99).",
            &[("£1,000,000.00", "–", "£1,000.00"), ("−£999,999.99", "–", "−£1,000.00")],
            true,
        ),
        // Both in one Place: the slice is not negative, so its share is 100.0%.
        (
            "GBP",
            &[(Some("p0"), "g0", "a1", "1000000"), (Some("p0"), "g0", "a1", "-999999.99")],
            "£0.01",
            "£0.01 in total, all of it in \u{2068}North\u{2069}.",
            &[("£0.01", "100.0%", "£0.00")],
            false,
        ),
        // Yen: no minor unit anywhere, per resident included.
        (
            "JPY",
            &[(Some("p0"), "g0", "a1", "12345"), (Some("p1"), "g0", "a1", "5000"), (None, "g0", "a1", "1")],
            "¥17,346",
            "¥17,346 in total, split across 2 Places; the largest is \u{2068}North\u{2069} (¥12,345, 71.2%), followed by \u{2068}South\u{2069} (¥5,000, 28.8%). ¥1 (less than 0.1%) is not attributed to a Place (area-wide).",
            &[("¥12,345", "71.2%", "¥12"), ("¥5,000", "28.8%", "¥5"), ("¥1", "<0.1%", "–")],
            false,
        ),
        // Kuwaiti dinar: three decimals in every figure.
        (
            "KWD",
            &[(Some("p0"), "g0", "a1", "1234.5675"), (Some("p1"), "g0", "a1", "10.001")],
            "1,244.569 KWD",
            "1,244.569 KWD in total, split across 2 Places; the largest is \u{2068}North\u{2069} (1,234.568 KWD, 99.2%), followed by \u{2068}South\u{2069} (10.001 KWD, 0.8%).",
            &[("1,234.568 KWD", "99.2%", "1.235 KWD"), ("10.001 KWD", "0.8%", "0.010 KWD")],
            false,
        ),
        // Large totals: whole pounds in the headline, sentence and table alike.
        (
            "GBP",
            &[(Some("p0"), "g0", "a1", "300000.50"), (Some("p1"), "g0", "a1", "100000.50")],
            "£400,001",
            "£400,001 in total, split across 2 Places; the largest is \u{2068}North\u{2069} (£300,001, 75.0%), followed by \u{2068}South\u{2069} (£100,000, 25.0%).",
            &[("£300,001", "75.0%", "£300.00"), ("£100,000", "25.0%", "£100.00")],
            false,
        ),
    ];
    for (currency, facts, total, sentence, rows, negative) in cases {
        let dataset = load_json(&dataset_json(currency, &[("p0", "North"), ("p1", "South")], &["g0"], facts));
        let (got_total, got_sentence, got_rows, no_shares) = shown(&dataset, "");
        assert_eq!(got_total, *total, "{facts:?}");
        assert_eq!(got_sentence, *sentence, "{facts:?}");
        let want_rows: Vec<(String, String, String)> =
            rows.iter().map(|(a, s, p)| (a.to_string(), s.to_string(), p.to_string())).collect();
        assert_eq!(got_rows, want_rows, "{facts:?}");
        assert_eq!(no_shares.is_some(), *negative, "{facts:?}");
        for row in &got_rows {
            assert!(!row.1.contains("%") || row.1.len() <= "100.0%".len(), "a share that reads as nonsense: {row:?}");
        }
    }
}

#[test]
fn right_to_left_labels_cannot_reverse_the_summary() {
    let facts: &[FactRow] = &[(Some("p0"), "g0", "a1", "400.40"), (Some("p1"), "g0", "a1", "210.20")];
    for label in ["\u{202E}North", "\u{2069}\u{202E}North", "North\u{202E}", "\u{2066}North"] {
        let dataset =
            load(dataset_json("GBP", &[("p0", label), ("p1", "South")], &["g0"], facts).as_bytes()).dataset.unwrap();
        let (_, sentence, _, _) = shown(&dataset, "");
        assert_eq!(
            sentence,
            "£610.60 in total, split across 2 Places; the largest is \u{2068}North\u{2069} (£400.40, 65.6%), followed by \u{2068}South\u{2069} (£210.20, 34.4%).",
            "{label:?}"
        );
        let phrase = format::selection_phrase(&dataset, &url::parse("place=p0").query);
        assert_eq!(phrase, "Spending by all agencies in \u{2068}North\u{2069}", "{label:?}");
    }
}

#[test]
fn sentences_read_well_for_every_kind_of_filter() {
    use whole_place::domain::format::{figures, people_sentence, selection_phrase, summary};
    let dataset = tiny();
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "",
            "Spending by all agencies across the whole area",
            "£684.00 in total, split across 2 Places; the largest is \u{2068}North\u{2069} (£400.40, 58.6%), followed by \u{2068}South\u{2069} (£210.20, 30.7%). £73.40 (10.7%) is not attributed to a Place (area-wide).",
            "4,000 residents: £0.17 per resident.",
        ),
        (
            "place=~none",
            "Spending by all agencies not attributed to one Place",
            "£73.40 in total. £73.40 (100.0%) is not attributed to a Place (area-wide).",
            "No per-resident figure: spending not attributed to a Place has no population of its own.",
        ),
        (
            "by=agency&place=north&audience=young&activity=offending&agency=police",
            "Spending by \u{2068}Police\u{2069} in \u{2068}North\u{2069} on \u{2068}young people 16–19\u{2069} for \u{2068}reducing re-offending\u{2069}",
            "£100.10 in total, all of it spent by \u{2068}Police\u{2069}.",
            "100 people in the chosen audience: £1.00 per person.",
        ),
        (
            "audience=~none&audience=young&place=zzz",
            "Spending by all agencies across the whole area on everyone (not split by audience) and \u{2068}young people 16–19\u{2069}",
            "£684.00 in total, split across 2 Places; the largest is \u{2068}North\u{2069} (£400.40, 58.6%), followed by \u{2068}South\u{2069} (£210.20, 30.7%). £73.40 (10.7%) is not attributed to a Place (area-wide).",
            "No per-person figure: the chosen audiences may overlap, so their populations cannot be added.",
        ),
    ];
    for (query_string, phrase, sentence, people) in cases {
        let query = url::parse(query_string).query;
        let breakdown = aggregate(&dataset, &query);
        assert_eq!(selection_phrase(&dataset, &query), *phrase, "{query_string}");
        assert_eq!(summary(&breakdown, &figures(&breakdown, &dataset.metadata.currency)), *sentence, "{query_string}");
        assert_eq!(people_sentence(&breakdown, &dataset.metadata.currency), *people, "{query_string}");
    }
}

#[test]
fn the_chart_heading_states_the_whole_selection() {
    use whole_place::domain::format::{view_heading, view_heading_spoken};
    let dataset = tiny();
    let cases: &[(&str, &str)] = &[
        ("", "All spending: by Place"),
        ("by=agency", "All spending: by agency"),
        (
            "by=agency&place=north&audience=young&activity=offending",
            "\u{2068}North\u{2069} · \u{2068}Young people 16–19\u{2069} · \u{2068}Reducing re-offending\u{2069}: by agency",
        ),
        ("by=activity&place=north&place=south", "\u{2068}North\u{2069} or \u{2068}South\u{2069}: by activity"),
        ("by=place&audience=~none", "Not split by audience: by Place"),
        ("by=place&then=agency&place=zzz", "All spending: by Place and agency"),
        // The measure drawn is named; where a view has no per-resident bars, nothing is said.
        ("measure=per-resident", "All spending: per resident, by Place"),
        ("measure=per-resident&sort=name&audience=young", "\u{2068}Young people 16–19\u{2069}: per person, by Place"),
        ("by=agency&measure=per-resident", "All spending: by agency"),
        ("measure=per-resident&place=north", "\u{2068}North\u{2069}: by Place"),
        // Places compared side by side are "and ... compared", not the "or" of Places added up.
        (
            "view=compare-places&place=north&place=south",
            "\u{2068}North\u{2069} and \u{2068}South\u{2069} compared: by Place",
        ),
        (
            "view=compare-places&measure=per-resident&place=north&place=south&audience=young",
            "\u{2068}North\u{2069} and \u{2068}South\u{2069} compared · \u{2068}Young people 16–19\u{2069}: per person, by Place",
        ),
        ("view=compare-places&by=audience&place=north", "\u{2068}North\u{2069}: by audience"),
        // Compared Places shown by another dimension are added up in the chart: "together".
        (
            "view=compare-places&by=activity&place=north&place=south",
            "\u{2068}North\u{2069} and \u{2068}South\u{2069} together: by activity",
        ),
    ];
    for (query_string, heading) in cases {
        let query = url::parse(query_string).query;
        let per_head = per_resident::heading_per_head(&aggregate(&dataset, &query), &query);
        assert_eq!(view_heading(&dataset, &query, per_head.as_deref()), *heading, "{query_string}");
        // Said with pauses, not "dot".
        assert_eq!(
            view_heading_spoken(&dataset, &query, per_head.as_deref()),
            heading.replace(" · ", ", "),
            "{query_string}"
        );
    }
}

#[test]
fn the_most_detailed_view_offers_the_ways_up() {
    use whole_place::domain::format::ways_up;
    let dataset = tiny();
    let query = url::parse("by=agency&place=north&audience=young&activity=offending").query;
    let ways: Vec<(String, String)> = ways_up(&dataset, &query, [false; 4])
        .into_iter()
        .map(|(words, to)| (words, url::link(&url::DataParams::default(), to)))
        .collect();
    let words: Vec<&str> = ways.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(
        words,
        [
            "Up a level: \u{2068}Community safety\u{2069} (instead of \u{2068}Reducing re-offending\u{2069})",
            "All audiences, not only \u{2068}Young people 16–19\u{2069}",
            "All Places, not only \u{2068}North\u{2069}",
        ]
    );
    assert!(ways[0].1.contains("by=activity") && ways[0].1.contains("activity=safety"), "{:?}", ways[0]);
    assert!(ways[1].1.contains("by=audience") && !ways[1].1.contains("audience="), "{:?}", ways[1]);
}

#[test]
fn one_slice_is_said_plainly_not_split_across_one() {
    use whole_place::domain::format::{figures, summary};
    let dataset = tiny();
    let cases: &[(&str, &str)] = &[
        (
            "by=agency&place=north&audience=young&activity=offending&agency=police",
            "all of it spent by \u{2068}Police\u{2069}.",
        ),
        (
            "place=north&place=~none",
            "of which £400.40 (84.5%) is in \u{2068}North\u{2069}. £73.40 (15.5%) is not attributed to a Place (area-wide).",
        ),
    ];
    for (query_string, ending) in cases {
        let breakdown = aggregate(&dataset, &url::parse(query_string).query);
        let sentence = summary(&breakdown, &figures(&breakdown, &dataset.metadata.currency));
        assert!(sentence.ends_with(ending), "{query_string}: {sentence}");
        assert!(!sentence.contains("split across 1"), "{query_string}: {sentence}");
    }
}
