//! Fair comparisons on the hand-made fixture (tests/fixtures/tiny.json), every figure worked out
//! by hand: per-resident bars and their order, the average across Places on the Places' own basis
//! with the area-wide spending shared by population (the parts adding up to the headline's
//! figure), and "Compare places" (src/domain/per_resident.rs, src/domain/compare_places.rs).
//!
//! The fixture: North (1,000 residents, 100 young people) £400.40; South (3,000 residents, 300
//! young people) £210.20; area-wide, not attributed to a Place, £73.40; total £684.00 for 4,000
//! residents. Per resident: North 400.40 / 1000 = 0.4004 → £0.40; South 210.20 / 3000 = 0.07007
//! → £0.07; the whole area 684.00 / 4000 = 0.171 → £0.17 (the headline's figure).

// Test helpers unwrap freely: a panic here is a failing test, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rust_decimal::Decimal;
use whole_place::domain::aggregate::aggregate;
use whole_place::domain::compare_places::{self, TooFewPlaces};
use whole_place::domain::format;
use whole_place::domain::load::load;
use whole_place::domain::model::Dataset;
use whole_place::domain::money::Currency;
use whole_place::domain::per_resident::{self, Bars};
use whole_place::domain::query::Measure;
use whole_place::domain::url;

const TINY: &str = include_str!("fixtures/tiny.json");

fn dataset(text: &str) -> std::sync::Arc<Dataset> {
    let loaded = load(text.as_bytes());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded.dataset.unwrap()
}

fn gbp() -> Currency {
    Currency::from_code("GBP").unwrap()
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// The bars of a view, as (label, value, text and unit) in the order shown, plus the bars.
fn bars_of(data: &Dataset, query_string: &str) -> (Bars, Vec<(String, Option<Decimal>, String)>) {
    let query = url::parse(query_string).query;
    let breakdown = aggregate(data, &query);
    let figures = format::figures(&breakdown, &gbp());
    let bars = per_resident::bars(&breakdown, &figures, &query);
    let shown = bars
        .order
        .iter()
        .map(|&i| {
            let words = [bars.texts[i].as_str(), bars.units[i].as_str()].into_iter().filter(|w| !w.is_empty());
            (breakdown.slices[i].label.clone(), bars.values[i], words.collect::<Vec<_>>().join(" "))
        })
        .collect();
    (bars, shown)
}

const AREA_WIDE: &str = "Not attributed to a Place (area-wide)";

#[test]
fn bars_follow_the_measure_and_the_order() {
    let tiny = dataset(TINY);
    // (query string, measure drawn, bars as (label, value, text) in order, reference line)
    type Bar<'a> = (&'a str, Option<&'a str>, &'a str);
    let cases: &[(&str, Measure, &[Bar], Option<&str>)] = &[
        (
            "",
            Measure::Total,
            &[
                ("North", Some("400.40"), "£400.40"),
                ("South", Some("210.20"), "£210.20"),
                (AREA_WIDE, Some("73.40"), "£73.40"),
            ],
            None,
        ),
        (
            "measure=per-resident",
            Measure::PerResident,
            &[
                ("North", Some("0.40"), "£0.40 per resident"),
                ("South", Some("0.07"), "£0.07 per resident"),
                // 73.40 / 4000 = 0.01835, rounded with the average (0.15265) to add up to £0.17.
                (AREA_WIDE, Some("0.02"), "£0.02 per resident if shared by population"),
            ],
            // 610.60 / 4000 = 0.15265 → £0.15: between South and North, not above both.
            Some("0.15"),
        ),
        (
            // Young people: South spends more (£210.20), North more per young person (100.10 / 100
            // = £1.00 against 210.20 / 300 = £0.70), so the order changes with the measure.
            "audience=young",
            Measure::Total,
            &[
                ("South", Some("210.20"), "£210.20"),
                ("North", Some("100.10"), "£100.10"),
                (AREA_WIDE, Some("-50.05"), "−£50.05"),
            ],
            None,
        ),
        (
            // Average 310.30 / 400 = 0.77575, area-wide −50.05 / 400 = −0.125125: rounded together
            // to the headline's 260.25 / 400 = 0.650625 → £0.65, they are £0.78 and −£0.13.
            "audience=young&measure=per-resident",
            Measure::PerResident,
            &[
                ("North", Some("1.00"), "£1.00 per person"),
                ("South", Some("0.70"), "£0.70 per person"),
                (AREA_WIDE, Some("-0.13"), "−£0.13 per person if shared by population"),
            ],
            Some("0.78"),
        ),
        (
            "audience=young&measure=per-resident&sort=name",
            Measure::PerResident,
            &[
                ("North", Some("1.00"), "£1.00 per person"),
                ("South", Some("0.70"), "£0.70 per person"),
                (AREA_WIDE, Some("-0.13"), "−£0.13 per person if shared by population"),
            ],
            Some("0.78"),
        ),
        (
            "audience=young&sort=name",
            Measure::Total,
            &[
                ("North", Some("100.10"), "£100.10"),
                ("South", Some("210.20"), "£210.20"),
                (AREA_WIDE, Some("-50.05"), "−£50.05"),
            ],
            None,
        ),
        (
            // Not a Place view: the measure and the order are not offered and change nothing.
            "by=agency&measure=per-resident&sort=name",
            Measure::Total,
            &[("Police", Some("423.75"), "£423.75"), ("Council", Some("260.25"), "£260.25")],
            None,
        ),
        (
            // Area-wide spending chosen beside the Places: the view has no residents to share it by.
            "place=north&place=south&place=~none&by=place&measure=per-resident",
            Measure::PerResident,
            &[
                ("North", Some("0.40"), "£0.40 per resident"),
                ("South", Some("0.07"), "£0.07 per resident"),
                (AREA_WIDE, None, "no residents of its own"),
            ],
            None,
        ),
        (
            // One Place: nothing to compare.
            "place=north&by=place&measure=per-resident",
            Measure::Total,
            &[("North", Some("400.40"), "£400.40")],
            None,
        ),
    ];
    for (query_string, measure, expected, reference) in cases {
        let (bars, shown) = bars_of(&tiny, query_string);
        let expected: Vec<(String, Option<Decimal>, String)> =
            expected.iter().map(|(l, v, t)| (l.to_string(), v.map(dec), t.to_string())).collect();
        assert_eq!(bars.measure, *measure, "{query_string}");
        assert_eq!(shown, expected, "{query_string}");
        assert_eq!(bars.reference, reference.map(dec), "{query_string}");
    }
}

#[test]
fn a_place_without_a_population_has_no_per_resident_bar_and_no_average() {
    let data = dataset(&TINY.replace(r#""label": "North", "population": 1000"#, r#""label": "North""#));
    let (bars, shown) = bars_of(&data, "measure=per-resident");
    assert_eq!(bars.measure, Measure::PerResident);
    let expected = vec![
        ("South".to_owned(), Some(dec("0.07")), "£0.07 per resident".to_owned()),
        ("North".to_owned(), None, "no population given".to_owned()),
        // Without every Place's population the area's residents are unknown: nothing to share by.
        (AREA_WIDE.to_owned(), None, "no residents of its own".to_owned()),
    ];
    assert_eq!(shown, expected);
    assert_eq!(bars.reference, None);
}

#[test]
fn the_average_is_on_the_places_basis_and_the_parts_add_up() {
    let tiny = dataset(TINY);
    // (query string, average, area-wide share, whole area as the headline shows it, sentence)
    let cases: &[(&str, &str, Option<&str>, &str, &str)] = &[
        (
            "",
            "0.15",
            Some("0.02"),
            "£0.17",
            "Each Place's figure counts only spending attributed to that Place, so compare it with the average across \
             Places on the same basis, £0.15 per resident; the whole area's £0.17 per resident also includes £73.40 of \
             area-wide spending not attributed to one Place (£0.02 per resident if shared by population).",
        ),
        (
            "audience=young",
            "0.78",
            Some("-0.13"),
            "£0.65",
            "Each Place's figure counts only spending attributed to that Place, so compare it with the average across \
             Places on the same basis, £0.78 per person; the whole area's £0.65 per person also includes −£50.05 of \
             area-wide spending not attributed to one Place (−£0.13 per person if shared by population).",
        ),
        (
            // Two Places chosen: no area-wide spending in the view; 610.60 / 4000 = £0.15.
            "place=north&place=south&by=place",
            "0.15",
            None,
            "£0.15",
            "Each Place's figure counts only spending attributed to that Place; the average across the Places shown, \
             on the same basis, is £0.15 per resident.",
        ),
    ];
    for (query_string, average, share, whole, sentence) in cases {
        let breakdown = aggregate(&tiny, &url::parse(query_string).query);
        let figures = format::figures(&breakdown, &gbp());
        let got = figures.place_average.clone().unwrap();
        assert_eq!(got.average, dec(average), "{query_string}");
        assert_eq!(got.area_wide.as_ref().map(|a| a.per_head), share.map(dec), "{query_string}");
        // The headline's per-resident figure is the same text, and the parts add up to it.
        assert!(format::people_sentence(&breakdown, &gbp()).contains(&format!("{whole} per ")), "{query_string}");
        let parts = got.average + got.area_wide.as_ref().map_or(Decimal::ZERO, |a| a.per_head);
        assert_eq!(format::money_dp(parts, &gbp(), 2), *whole, "{query_string}");
        assert_eq!(got.sentence(), *sentence, "{query_string}");
        // The attributed spending is the sum of the Place rows as shown.
        let places: Decimal = breakdown
            .slices
            .iter()
            .zip(&figures.amounts)
            .filter(|(s, _)| s.drill != Some(whole_place::domain::query::MemberRef::Unattributed))
            .map(|(_, a)| *a)
            .sum();
        assert_eq!(got.attributed, format::money_dp(places, &gbp(), 2), "{query_string}");
    }
    // Not a Place view, or one Place: no average.
    for query_string in ["by=agency", "place=north&by=place", "place=~none&by=place"] {
        let breakdown = aggregate(&tiny, &url::parse(query_string).query);
        assert_eq!(format::figures(&breakdown, &gbp()).place_average, None, "{query_string}");
    }
}

#[test]
fn the_per_resident_summary_names_the_highest_the_lowest_and_the_average() {
    let tiny = dataset(TINY);
    // (query string, summary)
    let cases: &[(&str, Option<&str>)] = &[
        ("", None),
        (
            "measure=per-resident",
            Some(
                "Per resident, the highest is \u{2068}North\u{2069} (£0.40) and the lowest \u{2068}South\u{2069} (£0.07); \
                 the average across Places on the same basis is £0.15 per resident.",
            ),
        ),
        (
            "measure=per-resident&audience=young",
            Some(
                "Per person, the highest is \u{2068}North\u{2069} (£1.00) and the lowest \u{2068}South\u{2069} (£0.70); \
                 the average across Places on the same basis is £0.78 per person.",
            ),
        ),
    ];
    for (query_string, expected) in cases {
        let query = url::parse(query_string).query;
        let breakdown = aggregate(&tiny, &query);
        let figures = format::figures(&breakdown, &gbp());
        let bars = per_resident::bars(&breakdown, &figures, &query);
        assert_eq!(per_resident::summary(&breakdown, &bars, &figures).as_deref(), *expected, "{query_string}");
    }
}

#[test]
fn places_compared_side_by_side_add_up_to_their_place_figures() {
    let tiny = dataset(TINY);
    let query = url::parse("view=compare-places&place=south&place=north&place=atlantis").query;
    let compared = compare_places::compare(&tiny, &query, &gbp()).unwrap();
    // In the bars' order (largest first); the unknown id is left to the link notice.
    let places: Vec<(&str, &str, &str, &str)> = compared
        .places
        .iter()
        .map(|p| (p.label.as_str(), p.amount.as_str(), p.people.as_str(), p.per_head.as_str()))
        .collect();
    assert_eq!(places, [("North", "£400.40", "1,000", "£0.40"), ("South", "£210.20", "3,000", "£0.07")]);
    assert_eq!(compared.per, "resident");
    // Community safety: North 100.10 (re-offending), South 200.20 + 10.00; Health: North only.
    // North per resident: 0.1001 + 0.3003 → £0.10 + £0.30 = £0.40, its figure above.
    let rows: Vec<(&str, Vec<&str>, Vec<&str>)> = compared
        .activities
        .iter()
        .map(|r| {
            (
                r.label.as_str(),
                r.amounts.iter().map(String::as_str).collect(),
                r.per_head.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Community safety", vec!["£100.10", "£210.20"], vec!["£0.10", "£0.07"]),
            ("Health", vec!["£300.30", "–"], vec!["£0.30", "–"]),
        ]
    );
    // The reference is the average across every Place on the same basis.
    assert_eq!(compared.average.map(|a| a.average), Some(dec("0.15")));
    assert_eq!(compared.left_out, None);

    // The other filters apply: young people only, per person.
    let young = url::parse("view=compare-places&place=north&place=south&audience=young&place=~none").query;
    let compared = compare_places::compare(&tiny, &young, &gbp()).unwrap();
    let places: Vec<(&str, &str, &str)> =
        compared.places.iter().map(|p| (p.label.as_str(), p.amount.as_str(), p.per_head.as_str())).collect();
    assert_eq!(places, [("South", "£210.20", "£0.70"), ("North", "£100.10", "£1.00")]);
    assert_eq!(compared.per, "person");
    assert_eq!(compared.average.map(|a| a.average), Some(dec("0.78")));
    assert!(compared.left_out.is_some());

    // Fewer than two known Places: no comparison, and how many there are.
    // (query string, Places named that the data has)
    let cases: &[(&str, usize)] = &[
        ("view=compare-places", 0),
        ("view=compare-places&place=north", 1),
        ("view=compare-places&place=north&place=atlantis&place=~none", 1),
        ("view=compare-places&place=north&place=north", 1),
    ];
    for (query_string, n) in cases {
        let query = url::parse(query_string).query;
        assert_eq!(compare_places::compare(&tiny, &query, &gbp()), Err(TooFewPlaces(*n)), "{query_string}");
    }
}

#[test]
fn on_the_shipped_illustrative_data_the_average_lies_among_the_places() {
    let shipped = load(include_bytes!("../public/data/shropshire-illustrative-2011-12.json")).dataset.unwrap();
    for query_string in ["", "audience=young-16-19", "activity=offender-management", "agency=shropshire-council"] {
        let query = url::parse(query_string).query;
        let breakdown = aggregate(&shipped, &query);
        let figures = format::figures(&breakdown, &gbp());
        let average = figures.place_average.clone().unwrap();
        let places: Vec<Decimal> = breakdown
            .slices
            .iter()
            .zip(&figures.per_head)
            .filter(|(s, _)| s.drill != Some(whole_place::domain::query::MemberRef::Unattributed))
            .map(|(_, p)| p.unwrap())
            .collect();
        let (low, high) = (places.iter().min().unwrap(), places.iter().max().unwrap());
        assert!(
            *low <= average.average && average.average <= *high,
            "{query_string}: {low} {} {high}",
            average.average
        );
        // The area's own figure, which includes area-wide spending, is the average plus the share.
        let area = average.area_wide.unwrap();
        let whole = format::money_dp(average.average + area.per_head, &gbp(), 2);
        assert_eq!(area.whole, whole, "{query_string}");
        assert!(format::people_sentence(&breakdown, &gbp()).contains(&whole), "{query_string}");
    }
}

#[test]
fn one_place_is_set_beside_the_average_across_all_places() {
    let tiny = dataset(TINY);
    // (query string, sentence)
    let cases: &[(&str, Option<&str>)] = &[
        (
            "place=north&by=agency",
            Some(
                "\u{2068}North\u{2069}'s £0.40 per resident counts only spending attributed to \u{2068}North\u{2069}; \
                 the average across all Places on the same basis is £0.15 per resident. The whole area's £0.17 per \
                 resident also includes area-wide spending not attributed to one Place (£0.02 per resident if shared \
                 by population).",
            ),
        ),
        (
            // South's young people: 210.20 / 300 = £0.70; all Places' young people: £0.78, −£0.13, £0.65.
            "place=south&audience=young&by=agency",
            Some(
                "\u{2068}South\u{2069}'s £0.70 per person counts only spending attributed to \u{2068}South\u{2069}; \
                 the average across all Places on the same basis is £0.78 per person. The whole area's £0.65 per \
                 person also includes area-wide spending not attributed to one Place (−£0.13 per person if shared \
                 by population).",
            ),
        ),
        ("", None),
        ("place=north&place=south", None),
        ("place=~none", None),
        ("place=atlantis", None),
    ];
    for (query_string, expected) in cases {
        let query = url::parse(query_string).query;
        let breakdown = aggregate(&tiny, &query);
        let got = per_resident::one_place(&tiny, &query, &breakdown, &gbp());
        assert_eq!(got.as_ref().map(|o| o.sentence.as_str()), *expected, "{query_string}");
    }
}

/// The link a move leads to, on the tiny fixture.
fn link_of(query: whole_place::domain::query::Query) -> String {
    url::link(&url::DataParams::default(), query)
}

#[test]
fn opening_a_comparison_never_draws_one_lonely_bar() {
    use whole_place::domain::query::MemberRef;
    // (the view, the link "Compare with other Places" / "Compare places side by side" leads to)
    let opened = [
        // A Place's own view: that Place is chosen and its own chart stays (not "North: by Place").
        ("by=audience&place=north", "?by=audience&view=compare-places&place=north"),
        ("by=agency&place=north&audience=young", "?by=agency&view=compare-places&place=north&audience=young"),
        // Reached by Place with one Place: its view by the first dimension still open.
        ("by=place&place=north", "?by=audience&view=compare-places&place=north"),
        ("by=place&place=north&audience=young", "?by=activity&view=compare-places&place=north&audience=young"),
        // No Place or two: the bars are the Places.
        ("by=agency", "?by=place&view=compare-places"),
        (
            "by=place&measure=per-resident&place=north&place=south",
            "?by=place&measure=per-resident&view=compare-places&place=north&place=south",
        ),
    ];
    for (from, to) in opened {
        assert_eq!(link_of(url::parse(from).query.comparing_places(true)), to, "{from}");
    }
    // (the comparison, the Place ticked or unticked, the link it leads to)
    let north = MemberRef::Id("north".to_owned());
    let south = MemberRef::Id("south".to_owned());
    let toggled = [
        // A second Place: the bars become the Places compared.
        (
            "by=audience&view=compare-places&place=north",
            &south,
            "?by=place&view=compare-places&place=north&place=south",
        ),
        // Back to one: that Place's own view, not a one-bar chart.
        (
            "by=place&view=compare-places&place=north&place=south",
            &south,
            "?by=audience&view=compare-places&place=north",
        ),
        // None: every Place, to choose from.
        ("by=audience&view=compare-places&place=north", &north, "?by=place&view=compare-places"),
        // Not comparing: an ordinary filter change, the slicing kept.
        ("by=audience&place=north", &south, "?by=audience&place=north&place=south"),
    ];
    for (from, member, to) in toggled {
        assert_eq!(link_of(url::parse(from).query.toggled_compared_place(member)), to, "{from}");
    }
}

#[test]
fn the_two_averages_say_which_places_they_are_across() {
    let shipped = load(include_bytes!("../public/data/shropshire-illustrative-2011-12.json")).dataset.unwrap();
    let n_all = shipped.dim(whole_place::domain::model::Dim::Place).len();
    let query = url::parse("view=compare-places&place=ludlow&place=oswestry&place=highley").query;
    let compared = compare_places::compare(&shipped, &query, &gbp()).unwrap();
    let all = compared.average.clone().unwrap();
    // The table under the chart: the Places shown, on the same basis.
    let breakdown = aggregate(&shipped, &query);
    let shown = format::figures(&breakdown, &gbp()).place_average.unwrap();
    // (what is said, what it must say)
    let cases = [
        (
            compared.average_sentence().unwrap(),
            format!(
                "Average across all {n_all} Places, not only those compared (spending attributed to a Place): {} per resident.",
                all.average_text
            ),
        ),
        (shown.label(), "Average across the 3 Places shown (spending attributed to a Place)".to_owned()),
    ];
    for (said, start) in cases {
        assert!(said.starts_with(&start), "{said}");
    }
    assert_eq!((all.n_places, shown.n_places), (n_all, 3));
    // Two different figures, each named for its Places: never one "average" with two values.
    assert_ne!(all.average_text, shown.average_text);
}

#[test]
fn measure_and_order_are_carried_only_where_they_apply() {
    use whole_place::domain::model::Dim;
    use whole_place::domain::query::MemberRef;
    let north = || MemberRef::Id("north".to_owned());
    // (the view, the move, the link it leads to)
    let from = "by=place&measure=per-resident&sort=name";
    let cases = [
        // A drill into a Place: a view by audience, which has no measure or order.
        (from, url::parse(from).query.drill(Dim::Place, north()), "?by=audience&place=north"),
        (from, url::parse(from).query.sliced_by(Dim::Agency), "?by=agency"),
        // Still by Place (drilling into an audience moves on to the Places): kept.
        (
            from,
            url::parse(from).query.drill(Dim::Audience, MemberRef::Id("young".to_owned())),
            "?by=place&measure=per-resident&sort=name&audience=young",
        ),
        // From the drilled link, back to Places: the totals, as that link said.
        (
            "?by=audience&place=north",
            url::parse("?by=audience&place=north").query.sliced_by(Dim::Place),
            "?by=place&place=north",
        ),
    ];
    for (from, moved, to) in cases {
        assert_eq!(link_of(moved), to, "{from}");
        // The link is the state: reading it back gives the same link.
        assert_eq!(link_of(url::parse(to).query), to, "{to}");
    }
}

#[test]
fn settings_a_view_cannot_use_are_said() {
    use whole_place::domain::link_check::{Part, check};
    let tiny = dataset(TINY);
    // (link, the parts reported)
    let cases: &[(&str, &[(Part, &str)])] = &[
        ("?by=agency&measure=per-resident", &[(Part::PlaceViewOnly, "measure=per-resident")]),
        ("?by=audience&sort=name&place=north", &[(Part::PlaceViewOnly, "sort=name")]),
        ("?by=audience&measure=total&sort=largest", &[]),
        ("?by=place&measure=per-resident&sort=name", &[]),
        // A comparison of one Place, by Place: one bar, said.
        ("?view=compare-places&place=north", &[(Part::OnePlaceCompared, "view=compare-places")]),
        (
            "?view=compare-places&place=north&place=atlantis",
            &[
                (Part::OnePlaceCompared, "view=compare-places"),
                (Part::Member(whole_place::domain::model::Dim::Place), "place=atlantis"),
            ],
        ),
        ("?view=compare-places&place=north&place=~none", &[(Part::OnePlaceCompared, "view=compare-places")]),
        // The way the page opens it: that Place's own view, and the comparison asks for another.
        ("?by=audience&view=compare-places&place=north", &[]),
        ("?view=compare-places&place=north&place=south", &[]),
        ("?view=compare-places", &[]),
    ];
    for (link, expected) in cases {
        let found = check(&tiny, link);
        let got: Vec<(Part, String)> = found.listed.iter().map(|u| (u.part, u.given())).collect();
        let want: Vec<(Part, String)> = expected.iter().map(|(p, g)| (*p, (*g).to_owned())).collect();
        assert_eq!(got, want, "{link}");
    }
    let said =
        check(&tiny, "?by=agency&measure=per-resident").listed.first().map(|u| format!("{}{}", u.given(), u.problem()));
    assert_eq!(
        said.as_deref(),
        Some(
            "measure=per-resident is ignored: only a view by Place has a measure and an order, so totals are shown, largest first."
        )
    );
}
