//! Share, export and embed, natively: the CSV download (exact amounts, header rows, formula
//! neutralisation, made-up label), the chart SVG (well-formed, the page's own figures), the
//! opening dimension of a preset link (`?place=ludlow`), and the Place ids in docs/embedding.md.

// Test helpers unwrap freely: a panic here is a failing test, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rust_decimal::Decimal;
use std::sync::Arc;
use whole_place::domain::aggregate::{aggregate, opening_by, opening_narrowed, period_of, single_slice_dims};
use whole_place::domain::catalogue::{self, ShippedDataset};
use whole_place::domain::chart_svg::{self, ChartText};
use whole_place::domain::export::{self, ExportView};
use whole_place::domain::format;
use whole_place::domain::load::load;
use whole_place::domain::model::{Dataset, Dim, Status};
use whole_place::domain::per_resident;
use whole_place::domain::query::Query;
use whole_place::domain::source::Provenance;
use whole_place::domain::url;

const ILLUSTRATIVE: &str = include_str!("../public/data/shropshire-illustrative-2011-12.json");
const PUBLISHED: &str = include_str!("../public/data/shropshire-published-2010-11-to-2017-18.json");
const HOSTILE: &str = include_str!("fixtures/export-hostile.json");

fn dataset(text: &str) -> Arc<Dataset> {
    load(text.as_bytes()).dataset.unwrap()
}

fn file_of(shipped: &ShippedDataset) -> &'static str {
    match shipped.name {
        "shropshire-illustrative" => ILLUSTRATIVE,
        _ => PUBLISHED,
    }
}

/// The query the explorer shows for a link: the opening dimension when `by` is not stated.
fn shown_query(dataset: &Dataset, query_string: &str) -> Query {
    let state = url::parse(query_string);
    let mut query = state.query;
    if !state.by_stated {
        let single = single_slice_dims(dataset, period_of(dataset, &query));
        query.by = opening_by(opening_narrowed(dataset, &query, single), query.by);
    }
    query
}

#[test]
fn a_preset_link_opens_on_the_next_dimension_not_a_one_bar_chart() {
    // (dataset, link, the dimension it opens on)
    let cases: &[(&str, &str, Dim)] = &[
        (ILLUSTRATIVE, "", Dim::Place),
        (ILLUSTRATIVE, "place=ludlow", Dim::Audience),
        (ILLUSTRATIVE, "embed=1&place=ludlow", Dim::Audience),
        (ILLUSTRATIVE, "place=ludlow&place=wem", Dim::Place),
        (ILLUSTRATIVE, "place=~none", Dim::Audience),
        // An id the data lacks narrows nothing: the link notice says it was left out.
        (ILLUSTRATIVE, "place=nowhere", Dim::Place),
        (ILLUSTRATIVE, "place=ludlow&by=place", Dim::Place),
        (PUBLISHED, "", Dim::Activity),
        (PUBLISHED, "place=shropshire", Dim::Activity),
        (PUBLISHED, "place=shropshire&year=2014-15", Dim::Audience),
    ];
    for (text, link, expected) in cases {
        let dataset = dataset(text);
        let query = shown_query(&dataset, link);
        assert_eq!(query.by, *expected, "{link}");
        let breakdown = aggregate(&dataset, &query);
        if !link.contains("by=") {
            assert!(breakdown.slices.len() > 1, "{link}: {} bar(s)", breakdown.slices.len());
        }
    }
    // A chosen activity with children opens on its children, not on the next dimension.
    let published = dataset(PUBLISHED);
    let parent = published.dim(Dim::Activity).iter().find(|(ix, _)| published.dim(Dim::Activity).has_children(*ix));
    let (_, parent) = parent.expect("the published data has an activity with children");
    let query = shown_query(&published, &format!("by=activity&activity={}", parent.id));
    assert_eq!(query.by, Dim::Activity);
}

/// Parses a CSV download: checks the BOM and CRLF line ends, returns the records.
fn records(csv: &str) -> Vec<Vec<String>> {
    let body = csv.strip_prefix(export::BOM).expect("starts with a byte-order mark");
    assert!(!body.replace("\r\n", "").contains('\n') || body.contains('"'), "CRLF line ends");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

fn view_csv(dataset: &Dataset, link: &str, status: &str) -> (String, Query) {
    view_csv_from(dataset, link, status, &Provenance::Site)
}

fn view_csv_from(dataset: &Dataset, link: &str, status: &str, provenance: &Provenance) -> (String, Query) {
    let query = shown_query(dataset, link);
    let breakdown = aggregate(dataset, &query);
    let figures = format::figures(&breakdown, &dataset.metadata.currency);
    let view = ExportView {
        dataset,
        query: &query,
        breakdown: &breakdown,
        figures: &figures,
        status,
        provenance,
        address: &format!("https://example.org/?{link}"),
        downloaded: "2026-11-30",
    };
    (export::csv(&view), query)
}

fn header(records: &[Vec<String>], name: &str) -> Option<String> {
    records.iter().find(|r| r.first().map(String::as_str) == Some(name)).and_then(|r| r.get(1).cloned())
}

#[test]
fn the_csv_has_exact_amounts_that_add_up_and_says_what_it_is() {
    // (dataset, link, first row is the made-up warning, rows in the table)
    let cases: &[(&str, &str, bool)] = &[
        (ILLUSTRATIVE, "dataset=shropshire-illustrative&place=ludlow", true),
        (ILLUSTRATIVE, "dataset=shropshire-illustrative&by=agency&audience=young-16-19", true),
        (PUBLISHED, "dataset=shropshire-published&year=2014-15", false),
        (HOSTILE, "by=place", false),
    ];
    for (text, link, made_up) in cases {
        let dataset = dataset(text);
        let (csv, query) = view_csv(&dataset, link, dataset.metadata.status.label());
        let records = records(&csv);
        assert_eq!(records[0][0] == export::MADE_UP_ROW, *made_up, "{link}");
        assert_eq!(dataset.metadata.status == Status::Illustrative, *made_up, "{link}");
        let phrase = export::plain(&format::selection_phrase(&dataset, &query));
        assert_eq!(header(&records, "Selection"), Some(export::text_cell(&phrase)), "{link}");
        assert_eq!(header(&records, "Dataset"), Some(export::text_cell(&dataset.metadata.title)), "{link}");
        assert_eq!(header(&records, "Downloaded").as_deref(), Some("2026-11-30"), "{link}");
        assert!(header(&records, "View").unwrap().ends_with(link), "{link}");
        assert!(header(&records, "Licence").unwrap().contains("Open Government Licence"), "{link}");
        // OGL attribution only for real figures.
        assert_eq!(header(&records, "Attribution").is_some(), !made_up, "{link}");
        // The table: from its heading row (the dimension's label) to the total.
        let start = records.iter().position(|r| r.first().map(String::as_str) == Some(query.by.label())).unwrap();
        let total_at = records.iter().position(|r| r.first().map(String::as_str) == Some("Total")).unwrap();
        let breakdown = aggregate(&dataset, &query);
        let exact: Vec<Decimal> = records[start + 1..total_at].iter().map(|r| r[2].parse().unwrap()).collect();
        let figures = format::figures(&breakdown, &dataset.metadata.currency);
        let order = per_resident::bars(&breakdown, &figures, &query).order;
        let wanted: Vec<Decimal> = order.iter().map(|i| breakdown.slices[*i].amount).collect();
        assert_eq!(exact, wanted, "{link}");
        let total: Decimal = records[total_at][2].parse().unwrap();
        assert_eq!(exact.iter().sum::<Decimal>(), total, "{link}");
        assert_eq!(total, breakdown.total, "{link}");
        let shown: Vec<Decimal> = records[start + 1..total_at].iter().map(|r| r[4].parse().unwrap()).collect();
        let wanted: Vec<Decimal> = order.iter().map(|i| figures.amounts[*i]).collect();
        assert_eq!(shown, wanted, "{link}");
    }
}

#[test]
fn labels_a_spreadsheet_could_run_are_neutralised_and_negative_amounts_stay_numbers() {
    let dataset = dataset(HOSTILE);
    let (csv, _) = view_csv(&dataset, "by=place", "Official figures");
    let records = records(&csv);
    // (label in the file, as the cell holds it)
    let cases: &[(&str, &str)] = &[
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+44 1743 000000", "'+44 1743 000000"),
        ("-2+3", "'-2+3"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("He said \"hi\", then left; a, b", "He said \"hi\", then left; a, b"),
        ("\u{200b}=1+1", "'\u{200b}=1+1"),
    ];
    for (label, cell) in cases {
        let row = records.iter().find(|r| r.first().map(String::as_str) == Some(cell));
        assert!(row.is_some(), "no row {cell:?} for {label:?} in {records:#?}");
    }
    // A right-to-left label keeps its text (the loader reports its isolates) and no cell starts
    // with a formula character.
    assert!(records.iter().any(|r| r.first().is_some_and(|c| c.starts_with("قرية"))));
    for cell in records.iter().flatten() {
        let is_number = cell.parse::<Decimal>().is_ok();
        assert!(is_number || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?}");
    }
    // The data source, which is text from the file, is neutralised too.
    assert!(records.iter().any(|r| r.get(1).is_some_and(|c| c.starts_with("'=HYPERLINK"))));
    let minus = records.iter().find(|r| r.first().map(String::as_str) == Some("'-2+3")).unwrap();
    assert_eq!(minus[2], "-300.75");
    assert_eq!(minus[2].parse::<Decimal>().unwrap(), Decimal::new(-30075, 2));
}

#[test]
fn a_two_way_view_exports_the_two_way_table() {
    let dataset = dataset(ILLUSTRATIVE);
    let (csv, query) = view_csv(&dataset, "dataset=shropshire-illustrative&by=audience&then=agency&place=ludlow", "x");
    let records = records(&csv);
    let breakdown = aggregate(&dataset, &query);
    let at = records.iter().position(|r| r.first().map(String::as_str) == Some("Amounts (exact)")).unwrap();
    let heading = &records[at + 1];
    assert_eq!(heading.len(), breakdown.columns.len() + 2);
    for (r, slice) in breakdown.slices.iter().enumerate() {
        let row = &records[at + 2 + r];
        assert_eq!(row[0], slice.label);
        let cells: Vec<Decimal> = row[1..row.len() - 1].iter().map(|c| c.parse().unwrap()).collect();
        assert_eq!(cells, breakdown.cells[r]);
        assert_eq!(cells.iter().sum::<Decimal>(), row.last().unwrap().parse::<Decimal>().unwrap());
    }
    let totals = &records[at + 2 + breakdown.slices.len()];
    assert_eq!(totals.last().unwrap().parse::<Decimal>().unwrap(), breakdown.total);
}

#[test]
fn the_chart_svg_is_well_formed_and_shows_the_pages_figures() {
    // (dataset, link)
    let cases: &[(&str, &str)] = &[
        (ILLUSTRATIVE, "dataset=shropshire-illustrative"),
        (ILLUSTRATIVE, "dataset=shropshire-illustrative&place=ludlow&audience=young-16-19"),
        (PUBLISHED, "dataset=shropshire-published"),
        (HOSTILE, "by=place"),
        (HOSTILE, "by=activity"),
    ];
    for (text, link) in cases {
        let dataset = dataset(text);
        let query = shown_query(&dataset, link);
        let breakdown = aggregate(&dataset, &query);
        let figures = format::figures(&breakdown, &dataset.metadata.currency);
        let heading = format!("{}: by {}", format::selection_phrase(&dataset, &query), query.by.label());
        let made_up = dataset.metadata.status == Status::Illustrative;
        let licence = dataset.metadata.licence.as_ref().map(|l| l.name.clone()).unwrap_or_default();
        let svg = chart_svg::chart_svg(
            &breakdown,
            &figures,
            &per_resident::bars(&breakdown, &figures, &query),
            &ChartText {
                heading: &heading,
                period: dataset.period_label(breakdown.period),
                status: dataset.metadata.status.label(),
                made_up,
                dataset: &dataset.metadata.title,
                licence: &licence,
                provenance: &Provenance::Site,
                compared: None,
                address: &format!("https://example.org/?{link}&x=<&>"),
                downloaded: "2026-11-30",
            },
        );
        let document = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{link}: {e}\n{svg}"));
        let root = document.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
        let texts: Vec<String> =
            root.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).map(str::to_owned).collect();
        let value_texts: Vec<&str> = root
            .descendants()
            .filter(|n| n.has_tag_name("text") && n.attribute("class") == Some("value"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(value_texts.len(), breakdown.slices.len() + 1, "{link}: one value per bar plus the total");
        for (row, value) in figures.rows.iter().zip(&value_texts) {
            assert!(value.starts_with(&row.amount), "{link}: {value} vs {}", row.amount);
        }
        assert_eq!(value_texts.last(), Some(&figures.total.amount.as_str()));
        let all = texts.join("\n");
        assert_eq!(all.contains("MADE-UP FIGURES"), made_up, "{link}");
        assert!(all.contains(&format!("Source: {}.", dataset.metadata.title)) || all.contains("Source:"), "{link}");
        assert!(all.contains("Downloaded 2026-11-30"), "{link}");
        assert!(all.contains("&x=<&>"), "{link}: the address round-trips through escaping");
        // Labels are text, never markup.
        assert!(root.descendants().all(|n| !n.has_tag_name("b")), "{link}");
        for slice in &breakdown.slices {
            assert!(all.contains(slice.label.split_whitespace().next().unwrap_or_default()), "{link}: {}", slice.label);
        }
    }
}

#[test]
fn docs_embedding_lists_every_place_id_of_each_shipped_dataset() {
    let docs = include_str!("../docs/embedding.md");
    let (start, end) = ("<!-- place-ids:start -->", "<!-- place-ids:end -->");
    let block = docs.split(start).nth(1).and_then(|rest| rest.split(end).next()).expect("the place-ids block");
    let mut expected = String::from("\n");
    for shipped in catalogue::SHIPPED {
        let dataset = dataset(file_of(shipped));
        let places = dataset.dim(Dim::Place);
        if places.len() > 1 {
            expected.push_str(&format!(
                "\n**{}** (`dataset={}`):\n\n| Place | `place=` |\n| --- | --- |\n",
                shipped.title, shipped.name
            ));
            for (_, place) in places.iter() {
                expected.push_str(&format!("| {} | `{}` |\n", place.label, place.id));
            }
        } else {
            let only = places.iter().next().map(|(_, p)| p.id.clone()).unwrap_or_default();
            expected.push_str(&format!(
                "\n**{}** (`dataset={}`): one Place (`{only}`), so no Place presets; a link opens on its activities.\n",
                shipped.title, shipped.name
            ));
        }
    }
    expected.push('\n');
    assert!(block == expected, "docs/embedding.md's Place ids are stale; replace the block with:\n{expected}");
}

/// The cell the CSV should hold for a figure the page shows: the page's own text, as a number
/// when it is one (`"12.3%"` is `12.3`, `"−£1.50"` is `-1.50`), else the text (`"<0.1"`).
fn as_cell(shown: &str) -> String {
    let plain = shown.replace('\u{2212}', "-").replace([',', '%', '£'], "");
    match plain.parse::<Decimal>() {
        Ok(number) => number.to_string(),
        Err(_) if shown == "–" => String::new(),
        Err(_) => plain,
    }
}

/// The one-way table's rows (between its heading row and the total), in file order.
fn table_rows(records: &[Vec<String>], by: Dim) -> &[Vec<String>] {
    let start = records.iter().position(|r| r.first().map(String::as_str) == Some(by.label())).unwrap();
    let total_at = records.iter().position(|r| r.first().map(String::as_str) == Some("Total")).unwrap();
    &records[start + 1..total_at]
}

#[test]
fn the_csv_shows_shares_as_the_page_does_and_rows_in_the_pages_order_and_measure() {
    // (dataset, link, some share is shown as "<0.1")
    let cases: &[(&str, &str, bool)] = &[
        (
            PUBLISHED,
            "dataset=shropshire-published&year=2017-18&by=activity&agency=department-for-work-and-pensions",
            true,
        ),
        (ILLUSTRATIVE, "dataset=shropshire-illustrative&by=place&measure=per-resident&sort=name", false),
        (ILLUSTRATIVE, "dataset=shropshire-illustrative&by=place&measure=per-resident", false),
        (ILLUSTRATIVE, "dataset=shropshire-illustrative&by=place&sort=name", false),
        (ILLUSTRATIVE, "dataset=shropshire-illustrative&by=audience&place=ludlow", false),
        (HOSTILE, "by=place", false),
    ];
    for (text, link, tiny) in cases {
        let dataset = dataset(text);
        let currency = &dataset.metadata.currency;
        let (csv, query) = view_csv(&dataset, link, "x");
        let records = records(&csv);
        let breakdown = aggregate(&dataset, &query);
        let figures = format::figures(&breakdown, currency);
        let bars = per_resident::bars(&breakdown, &figures, &query);
        let rows = table_rows(&records, query.by);
        let labels: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
        let wanted: Vec<String> = bars.order.iter().map(|i| export::text_cell(&breakdown.slices[*i].label)).collect();
        assert_eq!(labels, wanted, "{link}: the page's order");
        let area_wide = figures.place_average.as_ref().and_then(|a| a.area_wide.as_ref());
        for (row, i) in rows.iter().zip(&bars.order) {
            assert_eq!(row[5], as_cell(&figures.rows[*i].share), "{link}: share of {}", row[0]);
            // The per-resident column is a plain number: the page's figure, or the area-wide
            // share by population the page shows for spending not attributed to one Place.
            let per_head = match (breakdown.slices[*i].key, area_wide) {
                (whole_place::domain::aggregate::SliceKey::Unattributed, Some(area)) => Some(area.per_head),
                _ => figures.per_head[*i],
            };
            match per_head {
                Some(value) => assert_eq!(row[6].parse::<Decimal>().unwrap(), value, "{link}: {}", row[0]),
                None => assert_eq!(row[6], "", "{link}: {}", row[0]),
            }
        }
        assert_eq!(rows.iter().any(|r| r[5] == "<0.1"), *tiny, "{link}");
        let heading = records.iter().find(|r| r.first().map(String::as_str) == Some(query.by.label())).unwrap();
        assert_eq!(heading[6], format!("{} ({})", figures.per_head_heading, currency.code), "{link}");
        // The average across Places on the same basis, where the page shows one.
        let average = records.iter().find(|r| r.first().is_some_and(|c| c.starts_with("Average across")));
        match &figures.place_average {
            Some(a) => assert_eq!(average.unwrap()[6].parse::<Decimal>().unwrap(), a.average, "{link}"),
            None => assert!(average.is_none(), "{link}"),
        }
        if link.contains("measure=per-resident") {
            assert_eq!(header(&records, "Measure").as_deref(), Some("Per resident"), "{link}");
            assert!(area_wide.is_some(), "{link}: the illustrative data has area-wide spending");
        }
    }
}

#[test]
fn the_chart_svg_draws_the_pages_bars_per_resident_and_in_its_order() {
    // (link, measure drawn is per resident)
    let cases: &[(&str, bool)] = &[
        ("dataset=shropshire-illustrative&by=place&measure=per-resident&sort=name", true),
        ("dataset=shropshire-illustrative&by=place&measure=per-resident", true),
        ("dataset=shropshire-illustrative&by=place&sort=name", false),
        // Per resident is offered only by Place: elsewhere the chart draws totals.
        ("dataset=shropshire-illustrative&by=agency&measure=per-resident", false),
    ];
    let dataset = dataset(ILLUSTRATIVE);
    for (link, per_head) in cases {
        let query = shown_query(&dataset, link);
        let breakdown = aggregate(&dataset, &query);
        let figures = format::figures(&breakdown, &dataset.metadata.currency);
        let bars = per_resident::bars(&breakdown, &figures, &query);
        let svg = chart_svg::chart_svg(
            &breakdown,
            &figures,
            &bars,
            &chart_text("Spending, by Place", link, &Provenance::Site),
        );
        let document = roxmltree::Document::parse(&svg).unwrap();
        let values: Vec<&str> = document
            .descendants()
            .filter(|n| n.has_tag_name("text") && n.attribute("class") == Some("value"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(values.len(), bars.order.len() + 1, "{link}");
        for (value, i) in values.iter().zip(&bars.order) {
            let wanted = if *per_head { &bars.texts[*i] } else { &figures.rows[*i].amount };
            assert!(value.starts_with(wanted.as_str()), "{link}: {value} vs {wanted}");
        }
        let title = document.descendants().find(|n| n.has_tag_name("title")).and_then(|n| n.text()).unwrap();
        assert_eq!(title.ends_with("per resident"), *per_head, "{link}: {title}");
        let all: String = document.descendants().filter_map(|n| n.text()).collect();
        if *per_head {
            let average = figures.place_average.as_ref().unwrap();
            assert!(all.contains(&format!("{}: {} per resident", average.label(), average.average_text)), "{link}");
        }
    }
}

fn chart_text<'a>(heading: &'a str, address: &'a str, provenance: &'a Provenance) -> ChartText<'a> {
    ChartText {
        heading,
        period: "2011-12",
        status: "x",
        made_up: false,
        dataset: "Shropshire",
        licence: "OGL",
        provenance,
        compared: None,
        address,
        downloaded: "2026-11-30",
    }
}

#[test]
fn the_compare_places_csv_has_each_place_side_by_side_and_by_activity() {
    let cases: &[&str] = &[
        "dataset=shropshire-illustrative&view=compare-places&place=ludlow&place=oswestry&place=highley&by=activity",
        "dataset=shropshire-illustrative&view=compare-places&place=ludlow&place=oswestry&by=place",
        "dataset=shropshire-illustrative&view=compare-places&place=ludlow&place=wem&audience=young-16-19",
    ];
    let dataset = dataset(ILLUSTRATIVE);
    let currency = &dataset.metadata.currency;
    for link in cases {
        let (csv, query) = view_csv(&dataset, link, "x");
        let records = records(&csv);
        let compared = whole_place::domain::compare_places::compare(&dataset, &query, currency).unwrap();
        let at = records.iter().position(|r| r.first().is_some_and(|c| c.starts_with("Places side by side"))).unwrap();
        assert_eq!(records[at + 1][..3], ["Place", "Id", "Amount as shown"], "{link}");
        for (k, place) in compared.places.iter().enumerate() {
            let row = &records[at + 2 + k];
            assert_eq!(row[..2], [place.label.clone(), place.id.clone()], "{link}");
            assert_eq!(row[2..5], [as_cell(&place.amount), as_cell(&place.people), as_cell(&place.per_head)], "{link}");
            assert!(row[4].parse::<Decimal>().is_ok(), "{link}: per resident is a number");
        }
        let average = &records[at + 2 + compared.places.len()];
        assert_eq!(average[4].parse::<Decimal>().unwrap(), compared.average.as_ref().unwrap().average, "{link}");
        // The chart picture draws the Places side by side too, with the page's figures.
        let breakdown = aggregate(&dataset, &query);
        let figures = format::figures(&breakdown, currency);
        let bars = per_resident::bars(&breakdown, &figures, &query);
        let text = ChartText { compared: Some(&compared), ..chart_text("Compare places", link, &Provenance::Site) };
        let svg = chart_svg::chart_svg(&breakdown, &figures, &bars, &text);
        let document = roxmltree::Document::parse(&svg).unwrap();
        let texts: Vec<&str> =
            document.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
        for place in &compared.places {
            let per = compared.per;
            let line =
                format!("{}: {} · {} people · {} per {per}", place.label, place.amount, place.people, place.per_head);
            assert!(texts.contains(&line.as_str()), "{link}: {line}");
        }
        let by =
            records.iter().position(|r| r.first().is_some_and(|c| c.starts_with("By activity, per Place"))).unwrap();
        assert_eq!(records[by + 1].len(), 1 + 2 * compared.places.len(), "{link}");
        for (k, activity) in compared.activities.iter().enumerate() {
            let row = &records[by + 2 + k];
            assert_eq!(row[0], export::text_cell(&activity.label), "{link}");
            let wanted: Vec<String> =
                activity.amounts.iter().zip(&activity.per_head).flat_map(|(a, h)| [as_cell(a), as_cell(h)]).collect();
            assert_eq!(row[1..], wanted[..], "{link}");
        }
    }
}

#[test]
fn a_file_not_from_this_website_is_never_exported_as_its_data() {
    // (provenance, name the downloads give it, can be linked)
    let cases: &[(Provenance, &str, bool)] = &[
        (Provenance::LocalFile("hostile.json".to_owned()), "hostile.json", false),
        (Provenance::Host("data.example.net".to_owned()), "data.example.net", true),
        (Provenance::Site, "", true),
    ];
    let dataset = dataset(ILLUSTRATIVE);
    let link = "dataset=shropshire-illustrative&by=agency";
    for (provenance, name, linkable) in cases {
        let (csv, _) = view_csv_from(&dataset, link, "x", provenance);
        let records = records(&csv);
        let origin = records.iter().flatten().find(|c| c.starts_with("These figures come from"));
        assert_eq!(origin.is_some(), !provenance.is_own(), "{provenance:?}");
        if let Some(origin) = origin {
            assert!(origin.contains(name) && origin.contains("not from this website"), "{origin}");
        }
        let view = header(&records, "View").unwrap();
        assert_eq!(view.contains("dataset=shropshire-illustrative"), *linkable, "{provenance:?}: {view}");
        if !linkable {
            assert!(view.contains("cannot be linked"), "{view}");
        }
        let file = export::file_name(
            &export::file_dataset_name(provenance, "shropshire-illustrative"),
            "2011-12",
            &Query::default(),
            "agency",
            "csv",
        );
        assert_eq!(file.contains("shropshire-illustrative"), provenance.is_own(), "{file}");
        let query = shown_query(&dataset, link);
        let breakdown = aggregate(&dataset, &query);
        let figures = format::figures(&breakdown, &dataset.metadata.currency);
        let bars = per_resident::bars(&breakdown, &figures, &query);
        let address = format!("https://example.org/?{link}");
        let svg = chart_svg::chart_svg(&breakdown, &figures, &bars, &chart_text("Spending", &address, provenance));
        assert_eq!(svg.contains("These figures come from"), !provenance.is_own(), "{provenance:?}");
        assert_eq!(svg.contains("example.org/?dataset=shropshire-illustrative"), *linkable, "{provenance:?}");
    }
}

#[test]
fn the_chart_svg_wraps_a_long_view_address_so_every_character_is_in_the_picture() {
    let long = "https://example.org/whole-place/?dataset=shropshire-illustrative&by=agency&place=minsterley-pontesbury&audience=families-multiple-needs&activity=family-poverty&then=activity&year=2011-12";
    let dataset = dataset(ILLUSTRATIVE);
    let query = shown_query(&dataset, "by=agency");
    let breakdown = aggregate(&dataset, &query);
    let figures = format::figures(&breakdown, &dataset.metadata.currency);
    let bars = per_resident::bars(&breakdown, &figures, &query);
    let svg = chart_svg::chart_svg(&breakdown, &figures, &bars, &chart_text("Spending", long, &Provenance::Site));
    let document = roxmltree::Document::parse(&svg).unwrap();
    let texts: Vec<&str> = document.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
    // No line is longer than the widest the picture holds (`chart_svg`'s 110 small characters).
    for text in &texts {
        assert!(text.chars().count() <= 110, "{text}");
    }
    let from = texts.iter().position(|t| t.starts_with("View:")).unwrap();
    let to = texts.iter().position(|t| t.starts_with("Downloaded")).unwrap();
    assert!(to > from + 1, "the address is wrapped");
    assert_eq!(texts[from..to].concat().replace(' ', ""), format!("View:{long}"));
}

#[test]
fn an_embedded_error_does_not_point_at_the_file_picker_it_lacks() {
    use whole_place::domain::source::SourceError;
    let cases = [
        SourceError::LinksOff("x.json".to_owned()),
        SourceError::HostNotAllowed("https://evil.example/x.json".to_owned(), "evil.example".to_owned()),
        SourceError::NotAllowed("javascript:1".to_owned()),
    ];
    for error in &cases {
        assert_eq!(error.message_for(false), error.message(), "{error:?}");
        let embedded = error.message_for(true);
        assert!(!embedded.contains("Check your own file"), "{embedded}");
        if error.message().contains("Check your own file") {
            assert!(embedded.contains("open the full explorer"), "{embedded}");
        }
    }
}
