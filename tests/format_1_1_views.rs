//! Views of a format 1.1 file (tests/fixtures/format-1.1.json: three periods, a Place and agency
//! hierarchy, coverage, outcomes, transfers): totals per period and their estimated parts, the
//! trend, "not in this data" against "nothing recorded", who funded what, outcome measures and
//! where a figure comes from. Every expected figure is worked out by hand from the fixture.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rust_decimal::Decimal;
use std::sync::Arc;
use whole_place::domain::aggregate::{SliceKey, aggregate};
use whole_place::domain::coverage::{AgencyGap, agency_notes, funded_by};
use whole_place::domain::lineage::lineage;
use whole_place::domain::model::{Basis, Dataset, Dim};
use whole_place::domain::outcomes::{Standing, outcomes_for};
use whole_place::domain::query::Query;
use whole_place::domain::trend::trend;
use whole_place::domain::url;

/// (agency label, gap, note)
type ExpectedNote = (&'static str, AgencyGap, Option<&'static str>);
/// (from, to, amount)
type ExpectedFunding = (&'static str, &'static str, &'static str);
/// (measure label, standing, sentence)
type ExpectedOutcome = (&'static str, Standing, &'static str);

fn fixture() -> Arc<Dataset> {
    let loaded = whole_place::domain::load::load(include_bytes!("fixtures/format-1.1.json"));
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems.listed);
    loaded.dataset.unwrap()
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn query(text: &str) -> Query {
    url::parse(text).query
}

#[test]
fn each_period_has_its_own_total_and_estimated_part() {
    let dataset = fixture();
    // (link, total, estimated part, facts)
    let cases = [
        // 2017-18, the latest, is the default view.
        ("", "398042000.00", "398000000.00", 5),
        ("year=2017-18", "398042000.00", "398000000.00", 5),
        ("year=2015-16", "370120000.50", "300000000.00", 4),
        // 2016-17 holds the offset for the grant to Ludlow Town Council that the council's own
        // figures include (in_funder_figures): counted once, at the town council.
        ("year=2016-17", "385155000.00", "335000000.00", 7),
        ("year=2016-17&agency=shropshire-council", "50115000.00", "0", 4),
        // A Place includes the Places below it.
        ("year=2015-16&place=shropshire", "370120000.50", "300000000.00", 4),
        ("year=2015-16&place=ludlow", "120000.50", "0", 1),
        // An agency includes the agencies below it.
        ("year=2016-17&agency=central-government", "310000000.00", "310000000.00", 1),
    ];
    for (link, total, estimated, n_facts) in cases {
        let b = aggregate(&dataset, &query(link));
        assert_eq!((b.total, b.estimated, b.n_facts), (dec(total), dec(estimated), n_facts), "{link}");
    }
}

#[test]
fn slicing_a_place_shows_the_level_below_it() {
    let dataset = fixture();
    let b = aggregate(&dataset, &query("year=2015-16&by=place&place=shropshire"));
    let slices: Vec<(SliceKey, Decimal)> = b.slices.iter().map(|s| (s.key, s.amount)).collect();
    let shropshire = dataset.dim(Dim::Place).find("shropshire").unwrap();
    let ludlow = dataset.dim(Dim::Place).find("ludlow").unwrap();
    assert_eq!(
        slices,
        [(SliceKey::Direct(shropshire), dec("370000000.00")), (SliceKey::Member(ludlow), dec("120000.50"))]
    );
}

#[test]
fn the_trend_has_every_period_and_marks_the_ones_lacking_a_body() {
    let dataset = fixture();
    let points = trend(&dataset, &Query::default());
    let police = dataset.dim(Dim::Agency).find("west-mercia-police").unwrap();
    let town = dataset.dim(Dim::Agency).find("ludlow-town-council").unwrap();
    let shown: Vec<(Decimal, Vec<u32>)> = points.iter().map(|p| (p.total, p.lacking.clone())).collect();
    assert_eq!(
        shown,
        [
            // 2015-16: police stated lacking; the town council has no figures and no statement.
            (dec("370120000.50"), vec![town, police]),
            (dec("385155000.00"), vec![]),
            (dec("398042000.00"), vec![]),
        ]
    );
    // The trend holds every fact once.
    assert_eq!(points.iter().map(|p| p.total).sum::<Decimal>(), dataset.total());
}

#[test]
fn missing_bodies_are_not_in_this_data_or_have_nothing_recorded() {
    let dataset = fixture();
    let police_note = "Police figures for 2015-16 are not in the compilation used for that year.";
    let partial_note = "Current spending only; capital excluded.";
    // (link, [(agency, gap, note)])
    let cases: [(&str, Vec<ExpectedNote>); 3] = [
        (
            "year=2015-16&by=agency",
            vec![
                ("Ludlow Town Council", AgencyGap::NotInData, None),
                ("West Mercia Police", AgencyGap::NotInData, Some(police_note)),
                ("Central government", AgencyGap::Partial, Some(partial_note)),
            ],
        ),
        (
            "year=2017-18&activity=community-safety",
            vec![
                ("Central government", AgencyGap::NothingRecorded, Some(partial_note)),
                ("Shropshire Council", AgencyGap::NothingRecorded, None),
            ],
        ),
        ("year=2016-17&agency=shropshire-council", vec![]),
    ];
    for (link, expected) in cases {
        let q = query(link);
        let b = aggregate(&dataset, &q);
        let notes: Vec<(String, AgencyGap, Option<String>)> =
            agency_notes(&dataset, &q, &b).into_iter().map(|n| (n.label, n.gap, n.note)).collect();
        let expected: Vec<(String, AgencyGap, Option<String>)> =
            expected.into_iter().map(|(l, g, n)| (l.to_owned(), g, n.map(str::to_owned))).collect();
        assert_eq!(notes, expected, "{link}");
    }
}

#[test]
fn transfers_say_who_funded_what() {
    let dataset = fixture();
    // (link, [(from, to, amount)])
    let cases: [(&str, &[ExpectedFunding]); 3] = [
        ("year=2016-17&agency=ludlow-town-council", &[("Shropshire Council", "Ludlow Town Council", "15000.00")]),
        (
            "",
            &[
                ("Department for Work and Pensions", "Shropshire Council", "2500000.00"),
                ("Shropshire Council", "Ludlow Town Council", "16000.00"),
            ],
        ),
        ("year=2015-16", &[]),
    ];
    for (link, expected) in cases {
        let shown: Vec<(String, String, Decimal)> =
            funded_by(&dataset, &query(link)).into_iter().map(|f| (f.from, f.to, f.amount)).collect();
        let expected: Vec<(String, String, Decimal)> =
            expected.iter().map(|(f, t, a)| ((*f).to_owned(), (*t).to_owned(), dec(a))).collect();
        assert_eq!(shown, expected, "{link}");
    }
}

#[test]
fn outcome_measures_follow_the_selection_and_its_place() {
    let dataset = fixture();
    // (link, [(measure, standing, sentence)])
    let cases: [(&str, &[ExpectedOutcome]); 4] = [
        // Three Places and none chosen: the whole area's values (place null).
        (
            "",
            &[
                ("Carer-reported quality of life", Standing::NotJudged, "No value for \u{2068}2017-18\u{2069}."),
                (
                    "Delayed transfers of care",
                    Standing::NotJudged,
                    "\u{2068}2017-18\u{2069}: 12.25 (\u{2068}per 100,000 adults\u{2069}).",
                ),
                ("Contacts with adult social care", Standing::NotJudged, "No value for \u{2068}2017-18\u{2069}."),
            ],
        ),
        (
            "place=shropshire&activity=social-care",
            &[
                (
                    "Carer-reported quality of life",
                    Standing::Better,
                    "\u{2068}2017-18\u{2069}: 7.9 (\u{2068}score out of 12\u{2069}), better than the \u{2068}England median\u{2069} (7.7).",
                ),
                ("Delayed transfers of care", Standing::NotJudged, "No value for \u{2068}2017-18\u{2069}."),
            ],
        ),
        // Older people relate to the delayed-transfers measure through its audience.
        (
            "audience=older",
            &[(
                "Delayed transfers of care",
                Standing::NotJudged,
                "\u{2068}2017-18\u{2069}: 12.25 (\u{2068}per 100,000 adults\u{2069}).",
            )],
        ),
        // Police relates to no measure.
        ("activity=police", &[]),
    ];
    for (link, expected) in cases {
        let rows: Vec<(String, Standing, String)> =
            outcomes_for(&dataset, &query(link)).into_iter().map(|r| (r.label, r.standing, r.sentence)).collect();
        let expected: Vec<(String, Standing, String)> =
            expected.iter().map(|(l, s, t)| ((*l).to_owned(), *s, (*t).to_owned())).collect();
        assert_eq!(rows, expected, "{link}");
    }
}

#[test]
fn lineage_groups_a_slice_by_source_basis_and_note_and_adds_up() {
    let dataset = fixture();
    let q = query("year=2016-17&by=agency");
    let b = aggregate(&dataset, &q);
    for slice in &b.slices {
        let rows = lineage(&dataset, &q, Dim::Agency, Some(slice.key));
        assert_eq!(rows.iter().map(|r| r.amount).sum::<Decimal>(), slice.amount, "{}", slice.label);
    }
    let whole = lineage(&dataset, &q, Dim::Agency, None);
    assert_eq!(whole.iter().map(|r| r.amount).sum::<Decimal>(), b.total);
    let central = dataset.dim(Dim::Agency).find("central-government").unwrap();
    let rows = lineage(&dataset, &q, Dim::Agency, Some(SliceKey::Member(central)));
    let shown: Vec<(Option<String>, Basis, Option<String>, Decimal)> =
        rows.into_iter().map(|r| (r.source.map(|s| s.id), r.basis, r.note, r.amount)).collect();
    assert_eq!(
        shown,
        [(
            Some("pesa-2018".to_owned()),
            Basis::Apportioned,
            Some("West Midlands total × 5.40% (Shropshire's share of the region's population, mid-2015)".to_owned()),
            dec("310000000.00")
        )]
    );
}

#[test]
fn per_resident_figures_cite_where_the_populations_come_from() {
    let dataset = fixture();
    let cited = Some("Residents and households: \u{2068}Mid-year population estimates\u{2069}.".to_owned());
    // (link, sentence)
    let cases = [("", cited.clone()), ("place=ludlow", cited), ("place=west-midlands", None)];
    for (link, expected) in cases {
        assert_eq!(whole_place::domain::format::population_source_sentence(&dataset, &query(link)), expected, "{link}");
    }
}

#[test]
fn a_view_of_bodies_the_data_lacks_is_not_in_this_data_never_zero() {
    use whole_place::domain::coverage::{EmptyView, empty_view};
    let dataset = fixture();
    let police = "Police figures for 2015-16 are not in the compilation used for that year.";
    // (link, sentence, or None when the view has figures)
    let cases = [
        (
            "year=2015-16&agency=west-mercia-police",
            Some(format!(
                "Not in this data for \u{2068}2015-16\u{2069}: \u{2068}West Mercia Police\u{2069} (\u{2068}{police}\u{2069})."
            )),
        ),
        // Covered that year (stated), but nothing on adult social care.
        (
            "year=2016-17&agency=ludlow-town-council&activity=social-care",
            Some(
                "Nothing recorded for this in \u{2068}2016-17\u{2069}: the bodies it covers are in the data that \
                 year, but none of their figures is recorded this way (the data may not be split like this that \
                 year)."
                    .to_owned(),
            ),
        ),
        ("year=2016-17&agency=west-mercia-police", None),
    ];
    for (link, expected) in cases {
        let q = query(link);
        let b = aggregate(&dataset, &q);
        let label = dataset.period_label(b.period).to_owned();
        let shown = empty_view(&dataset, &q, &b).map(|e: EmptyView| e.sentence(&label));
        assert_eq!(shown, expected, "{link}");
    }
}

#[test]
fn comparing_years_that_lack_different_bodies_says_so() {
    use whole_place::domain::coverage::comparability_note;
    use whole_place::domain::trend::{compare, mark_not_in_data};
    let dataset = fixture();
    let year = |id: &str| dataset.find_period(id).unwrap();
    let note = comparability_note(&dataset, &query(""), year("2016-17"), year("2015-16"));
    assert_eq!(
        note.as_deref(),
        Some(
            "Not like for like: not in this data for \u{2068}2015-16\u{2069}: \u{2068}Ludlow Town Council\u{2069} \
             and \u{2068}West Mercia Police\u{2069}. Part of the change is that difference, not a change in spending."
        )
    );
    assert_eq!(comparability_note(&dataset, &query(""), year("2017-18"), year("2016-17")), None);
    // By agency, a body the data lacks in one year has no change, and that side says so.
    let now = aggregate(&dataset, &query("year=2016-17&by=agency"));
    let before = aggregate(&dataset, &query("year=2015-16&by=agency"));
    let (mut rows, _) = compare(&now, &before, &dataset.metadata.currency);
    mark_not_in_data(&mut rows, &dataset, Dim::Agency, year("2016-17"), year("2015-16"));
    let police: Vec<(bool, bool, Option<Decimal>)> = rows
        .iter()
        .filter(|r| r.label == "West Mercia Police")
        .map(|r| (r.before_not_in_data, r.after_not_in_data, r.change))
        .collect();
    assert_eq!(police, [(true, false, None)]);
    // The total row keeps its change: the note above says why it is not like for like.
    let total = rows.last().unwrap();
    assert_eq!(total.change, Some(total.after.unwrap() - total.before.unwrap()));
    assert_eq!(total.change, Some(dec("15034999")), "whole pounds: the totals are over £100,000");
}

#[test]
fn two_way_cells_say_which_include_estimates() {
    let dataset = fixture();
    let b = aggregate(&dataset, &query("year=2016-17&by=agency&then=activity"));
    // (row, column) of every cell holding an apportioned or estimated figure.
    let mut flagged: Vec<(String, String)> = Vec::new();
    for (r, row) in b.cells_estimated.iter().enumerate() {
        for (c, estimated) in row.iter().enumerate() {
            if *estimated {
                flagged.push((b.slices[r].label.clone(), b.columns[c].label.clone()));
            }
        }
    }
    flagged.sort();
    assert_eq!(
        flagged,
        [
            ("Central government".to_owned(), "Social protection".to_owned()),
            ("West Mercia Police".to_owned(), "Community safety".to_owned()),
        ]
    );
}

#[test]
fn the_estimated_part_is_a_share_only_when_it_is_part_of_the_total() {
    use whole_place::domain::format::{estimated_sentence, figures};
    let dataset = fixture();
    let gbp = &dataset.metadata.currency;
    let b = aggregate(&dataset, &query("year=2016-17"));
    let sentence = estimated_sentence(&b, &figures(&b, gbp)).unwrap();
    assert!(sentence.starts_with("£335,000,000 of this (87.0%) is an estimate"), "{sentence}");
    // Estimates above the total (an offset for a transfer, refunds): no share, never over 100%.
    let mut over = b.clone();
    over.estimated = b.total + dec("15000");
    let sentence = estimated_sentence(&over, &figures(&over, gbp)).unwrap();
    assert!(sentence.starts_with("£385,170,000 of the figures behind this total are estimates"), "{sentence}");
    let mut none = b;
    none.estimated = Decimal::ZERO;
    assert_eq!(estimated_sentence(&none, &figures(&none, gbp)), None);
}

/// Drilling through a file with parents in every dimension: each member with members below it
/// opens on them (the view stays on its dimension), a member without moves on to the next
/// dimension, and the end is "the most detailed view".
#[test]
fn drilling_opens_children_first_in_every_dimension() {
    use whole_place::domain::aggregate::single_slice_dims;
    use whole_place::domain::format::is_most_detailed;
    enum Step {
        /// Follow the bar with this label; the view is then by this dimension.
        Drill(&'static str, Dim),
        /// "Show spending by" this dimension.
        SliceBy(Dim),
    }
    let dataset = fixture();
    let mut query = url::parse("year=2015-16").query;
    let single = single_slice_dims(&dataset, dataset.find_period("2015-16").unwrap_or_default());
    let narrowed = |d: Dim| single[d.index()];
    let most_detailed = |query: &Query| is_most_detailed(&dataset, query, &aggregate(&dataset, query), single);
    let steps = [
        Step::Drill("West Midlands", Dim::Place),
        Step::Drill("Shropshire", Dim::Place),
        Step::SliceBy(Dim::Agency),
        Step::Drill("Central government", Dim::Agency),
        Step::Drill("Department for Work and Pensions", Dim::Audience),
        Step::Drill("Not split by audience", Dim::Activity),
    ];
    for step in steps {
        assert!(!most_detailed(&query), "{query:?} is not the end yet");
        match step {
            Step::SliceBy(dim) => query = query.sliced_by(dim),
            Step::Drill(label, expected) => {
                let breakdown = aggregate(&dataset, &query);
                let labels: Vec<&str> = breakdown.slices.iter().map(|s| s.label.as_str()).collect();
                let Some(slice) = breakdown.slices.iter().find(|s| s.label == label) else {
                    panic!("no bar {label:?} by {:?}: {labels:?}", query.by)
                };
                let member = slice.drill.clone().expect("a member bar can be followed");
                query = query.drill_skipping(query.by, member, slice.n_children > 0, narrowed);
                assert_eq!(query.by, expected, "after {label:?}");
            }
        }
    }
    // One bar ("Social protection", nothing below it) and every other dimension narrowed to one
    // member: following it would show the same bar again, so this is the most detailed view.
    let last = aggregate(&dataset, &query);
    assert_eq!(last.slices.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(), ["Social protection"]);
    assert!(most_detailed(&query), "{query:?}");
    // And the audience tree opens the same way.
    let query = url::parse("year=2015-16&place=shropshire&by=audience").query;
    let breakdown = aggregate(&dataset, &query);
    let adults = breakdown.slices.iter().find(|s| s.label == "Adults 18–64").expect("an adults bar");
    assert!(adults.n_children > 0);
    let opened = query.drill_skipping(Dim::Audience, adults.drill.clone().expect("a member"), true, narrowed);
    assert_eq!(opened.by, Dim::Audience);
    let labels: Vec<String> = aggregate(&dataset, &opened).slices.into_iter().map(|s| s.label).collect();
    assert!(labels.contains(&"Adults 18–64 with a learning disability".to_owned()), "{labels:?}");
}

/// A one-bar view whose filter names a member with parts that have spending here is not "the
/// most detailed view": its ways include showing spending by that dimension. A member whose
/// parts have nothing here does not count.
#[test]
fn a_chosen_parent_with_parts_here_is_a_way_to_more_detail() {
    use whole_place::domain::aggregate::single_slice_dims;
    use whole_place::domain::format::{is_most_detailed, ways_up};
    let dataset = fixture();
    let single = single_slice_dims(&dataset, dataset.find_period("2015-16").unwrap_or_default());
    // (link, most detailed, "show spending by" ways offered)
    let cases: &[(&str, bool, &[&str])] = &[
        // Adults 18–64 has a part with spending here (learning disability).
        (
            "year=2015-16&by=agency&place=shropshire&audience=adults-18-64&activity=social-care",
            false,
            &["Show spending by who it is for (audience)"],
        ),
        // Shropshire has a part (Ludlow), but Ludlow has no social protection spending.
        ("year=2015-16&by=agency&place=shropshire&audience=~none&activity=social-protection&agency=dwp", true, &[]),
    ];
    for (link, expected, offered) in cases {
        let query = url::parse(link).query;
        let breakdown = aggregate(&dataset, &query);
        assert_eq!(breakdown.slices.len(), 1, "{link}: one bar");
        assert_eq!(is_most_detailed(&dataset, &query, &breakdown, single), *expected, "{link}");
        let shown_by: Vec<String> = ways_up(&dataset, &query, single)
            .into_iter()
            .map(|(words, _)| words)
            .filter(|w| w.starts_with("Show spending by"))
            .collect();
        assert_eq!(shown_by, *offered, "{link}");
    }
}

/// A one-period format 1.1 file states its period through its `periods` list (no
/// `metadata.period`); a v1 file through `metadata.period`; a v1 file without one states none.
#[test]
fn the_stated_period_of_a_one_period_file() {
    let one_period = r#"{"format_version":"1.1","metadata":{"title":"t","currency":"GBP"},
      "periods":[{"id":"2016-17","label":"2016/17","start":"2016-04-01","end":"2017-03-31"}],
      "places":[],"audiences":[],"activities":[],"agencies":[{"id":"a","label":"A"}],
      "facts":[{"agency":"a","amount":"1.00","period":"2016-17","basis":"reported"}]}"#;
    let v1_with = r#"{"format_version":"1.0","metadata":{"title":"t","currency":"GBP","period":"2011/12"},
      "places":[],"audiences":[],"activities":[],"agencies":[{"id":"a","label":"A"}],
      "facts":[{"agency":"a","amount":"1.00"}]}"#;
    let v1_without = r#"{"format_version":"1.0","metadata":{"title":"t","currency":"GBP"},
      "places":[],"audiences":[],"activities":[],"agencies":[{"id":"a","label":"A"}],
      "facts":[{"agency":"a","amount":"1.00"}]}"#;
    let stated = |text: &str| {
        let dataset = whole_place::domain::load::load(text.as_bytes()).dataset.unwrap();
        dataset.stated_period().map(|p| (p.label.clone(), p.start.clone()))
    };
    assert_eq!(stated(one_period), Some(("2016/17".to_owned(), Some("2016-04-01".to_owned()))));
    assert_eq!(stated(v1_with).map(|(label, _)| label), Some("2011/12".to_owned()));
    assert_eq!(stated(v1_without), None);
}
