//! Links that name what the file lacks: every unmatched part is reported, with the nearest ids
//! as ready-made links, and the figures are for the rest (src/domain/link_check.rs).

use whole_place::domain::aggregate::aggregate;
use whole_place::domain::link_check::{MAX_LISTED, Part, Unmatched, check};
use whole_place::domain::load::load;
use whole_place::domain::model::{Dataset, Dim};
use whole_place::domain::url;

/// A year-two file: `ludlow` has become `ludlow-town`, and ids differ from labels.
const RENAMED: &str = r#"{
  "format_version": "1.0",
  "metadata": {
    "title": "Renamed ids", "currency": "GBP", "status": "illustrative",
    "licence": { "name": "Open Government Licence v3.0" }, "period": { "label": "2012/13" }
  },
  "places": [
    { "id": "ludlow-town", "label": "Ludlow" },
    { "id": "ludlow-rural", "label": "Ludlow rural" },
    { "id": "market-drayton", "label": "Market Drayton" },
    { "id": "wem", "label": "Wem" }
  ],
  "audiences": [ { "id": "young-16-19", "label": "Young people 16–19" } ],
  "activities": [
    { "id": "safety", "label": "Community safety" },
    { "id": "offender-management", "label": "Offender management", "parent": "safety" }
  ],
  "agencies": [ { "id": "shropshire-council", "label": "Shropshire Council" } ],
  "facts": [
    { "agency": "shropshire-council", "place": "ludlow-town", "audience": "young-16-19", "activity": "offender-management", "amount": "100.00" },
    { "agency": "shropshire-council", "place": "wem", "audience": "young-16-19", "activity": "safety", "amount": "20.00" }
  ]
}"#;

fn renamed() -> std::sync::Arc<Dataset> {
    let loaded = load(RENAMED.as_bytes());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded.dataset.unwrap_or_default()
}

/// (part, key, value, suggested ids best first, the link without it) for each unmatched part.
type Expected<'a> = &'a [(Part, &'a str, &'a str, &'a [&'a str], &'a str)];

fn summary(found: &[Unmatched]) -> Vec<(Part, String, String, Vec<String>, String)> {
    found
        .iter()
        .map(|u| {
            let ids = u.suggestions.iter().map(|s| s.id.clone()).collect();
            (u.part, u.key.clone(), u.value.clone(), ids, u.without.clone())
        })
        .collect()
}

#[test]
fn reports_every_part_the_file_cannot_honour() {
    use Part::*;
    let place = Member(Dim::Place);
    let cases: &[(&str, Expected)] = &[
        // Everything matches: nothing to say.
        ("", &[]),
        ("?by=agency&then=audience&place=ludlow-town&place=~none&activity=safety&data=x.json", &[]),
        // Last year's link after the rename; the label finds it.
        ("?place=ludlow", &[(place, "place", "ludlow", &["ludlow-town", "ludlow-rural"], "?")]),
        ("?place=ludlow-typo", &[(place, "place", "ludlow-typo", &["ludlow-town"], "?")]),
        ("?place=market_drayton&by=agency", &[(place, "place", "market_drayton", &["market-drayton"], "?by=agency")]),
        ("?place=MARKET%20DRAYTON", &[(place, "place", "MARKET DRAYTON", &["market-drayton"], "?")]),
        // Two Places, one unknown: the known one stays in the link without it.
        ("?place=wem&place=ludlow", &[(place, "place", "ludlow", &["ludlow-town", "ludlow-rural"], "?place=wem")]),
        // Repeats of the same unknown id are one part, removed together.
        ("?place=atlantis&place=atlantis", &[(place, "place", "atlantis", &[], "?")]),
        // Every dimension, activities included, and the "not attributed" token.
        ("?audience=young-16-18", &[(Member(Dim::Audience), "audience", "young-16-18", &["young-16-19"], "?")]),
        (
            "?activity=offender-mgmt",
            &[(Member(Dim::Activity), "activity", "offender-mgmt", &["offender-management"], "?")],
        ),
        ("?agency=~None", &[(Member(Dim::Agency), "agency", "~None", &["~none"], "?")]),
        ("?place=~nowhere", &[(place, "place", "~nowhere", &[], "?")]),
        // An id of another dimension: offered there.
        ("?place=shropshire-council", &[(place, "place", "shropshire-council", &["agency=shropshire-council"], "?")]),
        // `by` and `then` that name no dimension.
        ("?by=places&place=wem", &[(Slice, "by", "places", &["place"], "?place=wem")]),
        ("?then=Agencies", &[(Slice, "then", "Agencies", &["agency"], "?")]),
        ("?by=zzz", &[(Slice, "by", "zzz", &[], "?")]),
        // Conflicting repeats: the first is used, the second reported.
        ("?by=agency&by=audience", &[(Repeated, "by", "audience", &[], "?by=agency")]),
        ("?data=a.json&data=b.json", &[(Repeated, "data", "b.json", &[], "?data=a.json")]),
        // Mistyped names, and names whose value is an id; other sites' parameters are left alone.
        ("?plaec=wem", &[(Name, "plaec", "wem", &["place=wem"], "?")]),
        ("?Place=wem&utm_source=x&page=2", &[(Name, "Place", "wem", &["place=wem"], "?utm_source=x&page=2")]),
        (
            "?agencies=shropshire-council",
            &[(Name, "agencies", "shropshire-council", &["agency=shropshire-council"], "?")],
        ),
        ("?region=market-drayton", &[(Name, "region", "market-drayton", &["place=market-drayton"], "?")]),
        ("?fbclid=abc&page=2", &[]),
        // View options: known values are clean; unknown ones are named, with the values meant.
        ("?measure=per-resident&sort=name&view=compare-places&place=wem&place=ludlow-town", &[]),
        ("?measure=per-head&by=place", &[(Value, "measure", "per-head", &["per-resident"], "?by=place")]),
        ("?sort=names", &[(Value, "sort", "names", &["name"], "?")]),
        ("?view=compare&place=wem", &[(Value, "view", "compare", &["compare-places", "table-mats"], "?place=wem")]),
        ("?meaure=per-resident", &[(Name, "meaure", "per-resident", &["measure=per-resident"], "?")]),
        // Several at once, in link order.
        (
            "?by=audiences&place=ludlow&agency=council",
            &[
                (Slice, "by", "audiences", &["audience"], "?place=ludlow&agency=council"),
                (place, "place", "ludlow", &["ludlow-town", "ludlow-rural"], "?by=audiences&agency=council"),
                (Member(Dim::Agency), "agency", "council", &["shropshire-council"], "?by=audiences&place=ludlow"),
            ],
        ),
    ];
    let dataset = renamed();
    for (link, expected) in cases {
        let expected: Vec<_> = expected
            .iter()
            .map(|(part, key, value, ids, without)| {
                let ids = ids.iter().map(|id| (*id).to_owned()).collect();
                (*part, (*key).to_owned(), (*value).to_owned(), ids, (*without).to_owned())
            })
            .collect();
        let found = check(&dataset, link);
        assert_eq!(found.n_not_listed, 0, "{link}");
        assert_eq!(summary(&found.listed), expected, "{link}");
    }
}

#[test]
fn comparing_places_on_data_with_one_place_is_reported() {
    let one_place = RENAMED.replace(
        r#"{ "id": "ludlow-rural", "label": "Ludlow rural" },
    { "id": "market-drayton", "label": "Market Drayton" },
    { "id": "wem", "label": "Wem" }"#,
        "",
    );
    let one_place = one_place.replace(
        r#",
    { "agency": "shropshire-council", "place": "wem", "audience": "young-16-19", "activity": "safety", "amount": "20.00" }"#,
        "",
    );
    let loaded = load(
        one_place
            .trim()
            .replace("\"ludlow-town\", \"label\": \"Ludlow\" },", "\"ludlow-town\", \"label\": \"Ludlow\" }")
            .as_bytes(),
    );
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let dataset = loaded.dataset.unwrap_or_default();
    assert_eq!(dataset.dim(Dim::Place).len(), 1);
    // (link, the parts reported, as (key, value))
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("?view=compare-places&measure=per-resident", &[("view", "compare-places"), ("measure", "per-resident")]),
        ("?sort=name&measure=total", &[]),
    ];
    for (link, expected) in cases {
        let found = check(&dataset, link);
        let got: Vec<(Part, &str, &str)> =
            found.listed.iter().map(|u| (u.part, u.key.as_str(), u.value.as_str())).collect();
        let want: Vec<(Part, &str, &str)> = expected.iter().map(|(k, v)| (Part::FewPlaces, *k, *v)).collect();
        assert_eq!(got, want, "{link}");
    }
    let sentence =
        check(&dataset, "?view=compare-places").listed.first().map(|u| format!("{}{}", u.given(), u.problem()));
    assert_eq!(
        sentence.as_deref(),
        Some("view=compare-places is ignored: this data has fewer than two Places, so there are no Places to compare.")
    );
}

#[test]
fn suggested_links_replace_only_the_unknown_part_and_then_match() {
    // (link, the first suggestion's link)
    let cases = [
        ("?place=ludlow-typo", "?place=ludlow-town"),
        ("?by=agency&place=wem&place=ludlow&place=ludlow", "?by=agency&place=wem&place=ludlow-town&place=ludlow-town"),
        ("?data=x%2By.json&activity=offender-mgmt", "?data=x%2By.json&activity=offender-management"),
        ("?place=shropshire-council", "?agency=shropshire-council"),
        ("?then=Agencies&place=wem", "?then=agency&place=wem"),
        ("?plaec=wem", "?place=wem"),
        ("?agency=~None", "?agency=~none"),
        ("?measure=per-head&place=wem", "?measure=per-resident&place=wem"),
    ];
    let dataset = renamed();
    for (link, expected) in cases {
        let found = check(&dataset, link);
        let first = found.listed.first().and_then(|u| u.suggestions.first()).map(|s| s.href.as_str());
        assert_eq!(first, Some(expected), "{link}");
        assert!(check(&dataset, expected).is_clean(), "{expected} should match fully");
    }
}

#[test]
fn the_link_without_the_unknown_part_shows_the_same_figures() {
    // The figures shown for a partly unknown link are exactly those of the link without it:
    // the notice's "without" link names what the page shows.
    let dataset = renamed();
    for link in ["?place=ludlow", "?place=wem&place=ludlow", "?by=places&agency=council&audience=young-16-19"] {
        let mut without = link.to_owned();
        while let Some(first) = check(&dataset, &without).listed.into_iter().next() {
            without = first.without;
        }
        let shown = aggregate(&dataset, &url::parse(link).query);
        let meant = aggregate(&dataset, &url::parse(&without).query);
        assert_eq!((shown.total, shown.by, &shown.slices), (meant.total, meant.by, &meant.slices), "{link}");
    }
}

#[test]
fn a_link_with_thousands_of_unknown_parts_lists_a_few_and_counts_the_rest() {
    // (link, parts listed, parts counted beyond them)
    let many_ids: String = (0..5_000).map(|n| format!("place=x{n}&")).collect();
    let many_names: String = (0..5_000).map(|n| format!("utm{n}=x&plaec{n}=wem&")).collect();
    let huge_value = format!("place={}", "ludlow".repeat(20_000));
    let cases = [
        (many_ids.clone(), MAX_LISTED, 5_000 - MAX_LISTED),
        (format!("{many_ids}{many_ids}"), MAX_LISTED, 5_000 - MAX_LISTED),
        (many_names, MAX_LISTED, 5_000 - MAX_LISTED),
        (huge_value, 1, 0),
    ];
    let dataset = renamed();
    for (link, n_listed, n_not_listed) in cases {
        let found = check(&dataset, &link);
        assert_eq!((found.listed.len(), found.n_not_listed), (n_listed, n_not_listed), "{}", &link[..40]);
        assert!(!found.is_clean());
    }
}

#[test]
fn says_what_is_wrong_with_each_part_in_words() {
    // (link, the notice's sentence for its first unmatched part)
    let cases = [
        ("?place=ludlow", "place=ludlow is not in this data: none of its Places has that id."),
        ("?activity=x", "activity=x is not in this data: none of its activities has that id."),
        (
            "?then=places",
            "then=places is not in this data: it names no way to slice it (Place, audience, activity or agency).",
        ),
        ("?by=agency&by=audience", "by=audience is ignored: the link gives by twice, and the first is used."),
        ("?plaec=wem", "plaec=wem is not something this explorer understands."),
        (
            "?measure=per-head",
            "measure=per-head is not something this explorer understands: measure can be total or per-resident.",
        ),
    ];
    let dataset = renamed();
    for (link, expected) in cases {
        let found = check(&dataset, link);
        let sentence = found.listed.first().map(|u| format!("{}{}", u.given(), u.problem()));
        assert_eq!(sentence.as_deref(), Some(expected), "{link}");
    }
}

#[test]
fn reports_years_datasets_and_comparisons_the_link_cannot_have() {
    use Part::*;
    let dataset = load(include_bytes!("fixtures/format-1.1.json")).dataset.unwrap_or_default();
    let cases: &[(&str, Expected)] = &[
        ("dataset=shropshire-published&year=2016-17&compare=2015-16", &[]),
        ("year=2061-62", &[(Period, "year", "2061-62", &[], "?")]),
        ("year=2016-71", &[(Period, "year", "2016-71", &["2016-17", "2017-18"], "?")]),
        ("compare=2015-61&year=2016-17", &[(Period, "compare", "2015-61", &["2015-16", "2016-17"], "?year=2016-17")]),
        // Comparing a year with itself: ignored, and said.
        ("year=2016-17&compare=2016-17", &[(SameYear, "compare", "2016-17", &[], "?year=2016-17")]),
        // Without `year` the latest year is shown.
        ("compare=2017-18", &[(SameYear, "compare", "2017-18", &[], "?")]),
        (
            "dataset=shropshire-publisehd",
            &[(Dataset, "dataset", "shropshire-publisehd", &["shropshire-published"], "?")],
        ),
        (
            "dataset=shropshire-published&data=x.json",
            &[(Overridden, "dataset", "shropshire-published", &[], "?data=x.json")],
        ),
    ];
    for (link, expected) in cases {
        let found = check(&dataset, link);
        let expected: Vec<(Part, String, String, Vec<String>, String)> = expected
            .iter()
            .map(|(p, k, v, ids, without)| {
                (
                    *p,
                    (*k).to_owned(),
                    (*v).to_owned(),
                    ids.iter().map(|i| (*i).to_owned()).collect(),
                    (*without).to_owned(),
                )
            })
            .collect();
        assert_eq!(summary(&found.listed), expected, "{link}");
    }
}
