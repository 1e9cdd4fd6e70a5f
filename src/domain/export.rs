//! "Download these figures" and "Embed this view": the current view as a CSV file (exact amounts,
//! header rows saying what, when, whose and under which licence), the download's file name, and
//! the `<iframe>` snippet a council or parish website pastes (docs/embedding.md).
//!
//! The CSV opens in a spreadsheet, so it is written for one: UTF-8 with a byte-order mark (Excel
//! otherwise guesses a legacy code page and mangles "£"), CRLF line ends, quoting by the `csv`
//! crate. Text cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or
//! carriage return first, after any invisible format characters) get a leading `'`; amount cells
//! are written from `Decimal` and never touched, so `-1234.50` stays a number.

use crate::domain::aggregate::{Breakdown, Slice, SliceKey};
use crate::domain::compare_places;
use crate::domain::format::{self, Figures};
use crate::domain::model::{Dataset, Status};
use crate::domain::per_resident;
use crate::domain::query::{Measure, Query, View};
use crate::domain::source::Provenance;
use rust_decimal::Decimal;

/// The byte-order mark that makes Excel read the file as UTF-8.
pub const BOM: &str = "\u{FEFF}";

/// The first row of a download of made-up figures, so nobody quotes them as real spending.
pub const MADE_UP_ROW: &str = "MADE-UP FIGURES: these illustrative figures are invented to show how the explorer works. They are not real spending; do not quote them.";

/// Where the figures come from, when they are not this website's own data: said in every CSV
/// and picture, so a download of a reader's own file (or of a file on another website) is never
/// taken for the website's published figures. `None` for the website's own data.
pub fn origin_line(provenance: &Provenance) -> Option<String> {
    match provenance {
        Provenance::Site => None,
        Provenance::Host(host) => Some(format!(
            "These figures come from a file on another website ({host}), not from this website's own data."
        )),
        Provenance::LocalFile(name) => Some(format!(
            "These figures come from a file opened on this computer ({name}), not from this website's data."
        )),
    }
}

/// The "View" line of a download: the view's address, except for a file opened on this
/// computer, which no link can open (a link would show the website's data instead).
pub fn view_line(provenance: &Provenance, address: &str) -> String {
    match provenance {
        Provenance::LocalFile(_) => {
            "This view cannot be linked: it shows a file opened on this computer, which no address can open.".to_owned()
        }
        _ => address.to_owned(),
    }
}

/// The dataset part of a download's file name: the shipped dataset's name only for the
/// website's own data; a reader's own file is named after that file, another website's file
/// after its host.
pub fn file_dataset_name(provenance: &Provenance, dataset_name: &str) -> String {
    match provenance {
        Provenance::Site => dataset_name.to_owned(),
        Provenance::Host(host) => format!("from-{host}"),
        Provenance::LocalFile(name) => {
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(stem, _)| stem);
            format!("own-file-{stem}")
        }
    }
}

/// What the CSV says about where the view comes from, beside the figures themselves.
#[derive(Debug, Clone, Copy)]
pub struct ExportView<'a> {
    /// The dataset shown.
    pub dataset: &'a Dataset,
    /// The query shown (with the opening dimension and year the page resolved).
    pub query: &'a Query,
    /// The view's figures: the exact breakdown ...
    pub breakdown: &'a Breakdown,
    /// ... and the figures the page shows for it (`format::figures`).
    pub figures: &'a Figures,
    /// The status badge's words (whose file it is decides them: `source::status_badge`).
    pub status: &'a str,
    /// Whose figures these are: a file from the reader's computer or another website is never
    /// exported as this website's data ([`origin_line`], [`view_line`]).
    pub provenance: &'a Provenance,
    /// The address of the view, absolute.
    pub address: &'a str,
    /// The download date, ISO 8601 (`2026-11-30`): the shell reads the clock, not the domain.
    pub downloaded: &'a str,
}

/// Whether a text cell would be read by a spreadsheet as a formula: its first character, after
/// any invisible format characters (direction marks, zero-width spaces, a byte-order mark), is
/// `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's list). Full-width look-alikes
/// (`＝`) count too, since some spreadsheets fold them.
fn is_formula_like(text: &str) -> bool {
    let first = text.chars().find(|c| !is_invisible_format(*c));
    matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠'))
}

/// Unicode format characters that show nothing: bidi controls and marks, zero-width characters,
/// the byte-order mark, and the isolates `format::isolate` wraps labels in.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// A text cell, neutralised against formula injection: a leading `'` when a spreadsheet would
/// otherwise run it. Only ever used for text; amounts are written as numbers.
pub fn text_cell(text: &str) -> String {
    if is_formula_like(text) { format!("'{text}") } else { text.to_owned() }
}

/// A number cell, never neutralised: the decimal as a plain number with at least `places`
/// decimals (`-1234.50`), and more when the exact value has them (`0.1234`).
pub fn amount_cell(amount: Decimal, places: u32) -> String {
    let mut value = amount.normalize();
    if value.scale() < places {
        value.rescale(places);
    }
    value.to_string()
}

/// The selection phrase without the direction isolates `format::isolate` puts around labels:
/// a spreadsheet cell or an attribute holds one label at a time well enough, and the isolates
/// show as boxes in some programs.
pub fn plain(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, '\u{2066}'..='\u{2069}')).collect()
}

/// One CSV cell. Text is neutralised; amounts are written exactly with at least the currency's
/// minor-unit decimals, figures as shown with the page's decimals, shares with one decimal.
enum Cell {
    Text(String),
    Amount(Decimal),
    Shown(Decimal),
    Share(Decimal),
    /// A figure as the page shows it (`"<0.1%"`, `"−£1,472.84"`, `"12,345"`): a plain number
    /// when it is one once the currency, `%` and thousands separators are dropped, else the text.
    Page(String),
    Empty,
}

/// The number a shown figure stands for, or `None` when it is not one (`"<0.1"`, `"–"`).
fn page_number(text: &str, symbol: Option<&str>, code: &str) -> Option<Decimal> {
    let mut plain = text.replace('\u{2212}', "-").replace([',', '%'], "");
    if let Some(symbol) = symbol {
        plain = plain.replace(symbol, "");
    }
    plain.replace(code, "").trim().parse().ok()
}

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(value.into())
}

/// The header rows: what the view is, whose data, on what basis, under which licence.
fn header_rows(view: &ExportView<'_>) -> Vec<Vec<Cell>> {
    let dataset = view.dataset;
    let metadata = &dataset.metadata;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    if metadata.status == Status::Illustrative {
        rows.push(vec![text(MADE_UP_ROW)]);
    }
    if let Some(origin) = origin_line(view.provenance) {
        rows.push(vec![text(origin)]);
    }
    rows.push(vec![text("Whole Place: figures for one view")]);
    rows.push(vec![text("Selection"), text(plain(&format::selection_phrase(dataset, view.query)))]);
    let sliced = match view.breakdown.then {
        Some(then) => format!("{}, then by {}", view.breakdown.by.label(), then.label().to_lowercase()),
        None => view.breakdown.by.label().to_owned(),
    };
    rows.push(vec![text("Shown by"), text(sliced)]);
    if per_resident::offers_measure(view.breakdown) {
        rows.push(vec![text("Measure"), text(view.query.measure.label())]);
        rows.push(vec![text("Order"), text(view.query.sort.label())]);
    }
    rows.push(vec![text("Year"), text(dataset.period_label(view.breakdown.period))]);
    let title = match view.provenance {
        Provenance::Site => metadata.title.clone(),
        _ => format!("{} (as the file names itself)", metadata.title),
    };
    rows.push(vec![text("Dataset"), text(title)]);
    rows.push(vec![text("Status"), text(view.status)]);
    if let Some(publisher) = &metadata.publisher {
        rows.push(vec![text("Publisher"), text(publisher.clone())]);
    }
    for source in &metadata.sources {
        rows.push(vec![text("Data source"), text(source.clone())]);
    }
    for source in &dataset.sources {
        let mut row = vec![text("Data source"), text(source.title.clone())];
        row.push(source.url.clone().map_or(Cell::Empty, text));
        rows.push(row);
    }
    let licence = metadata.licence.as_ref().map_or_else(
        || "Not stated".to_owned(),
        |l| match &l.url {
            Some(url) => format!("{} ({url})", l.name),
            None => l.name.clone(),
        },
    );
    rows.push(vec![text("Licence"), text(licence)]);
    if let Some(attribution) = format::licence_attribution(metadata) {
        rows.push(vec![text("Attribution"), text(attribution)]);
    }
    rows.push(vec![
        text("Basis"),
        text(format!(
            "Amounts are exact, in {}, as in the data file. \"Estimated or apportioned\" is the part of each amount that is a larger area's total apportioned by a stated share, or estimated; the rest is reported spending. \"As shown\" columns are the rounded figures the page shows. {}",
            metadata.currency.code,
            view.figures.rounding_note
        )),
    ]);
    rows.push(vec![text("View"), text(view_line(view.provenance, view.address))]);
    rows.push(vec![text("Downloaded"), text(view.downloaded)]);
    rows
}

/// What a slice is called in the file: its label, and its id where it has one.
fn slice_id(slice: &Slice) -> Cell {
    match (&slice.key, &slice.drill) {
        (SliceKey::Unattributed, _) => text(crate::domain::query::UNATTRIBUTED_TOKEN),
        (_, Some(member)) => text(member.token()),
        (_, None) => Cell::Empty,
    }
}

/// The one-way table: one row per slice, in the order the page shows them (per resident and A to
/// Z included), and a total, exact and as shown; the share and per-resident cells are the page's
/// own figures. In a view by Place, the average across the Places on the same basis follows.
fn one_way_rows(view: &ExportView<'_>) -> Vec<Vec<Cell>> {
    let b = view.breakdown;
    let f = view.figures;
    let bars = per_resident::bars(b, f, view.query);
    let currency = &view.dataset.metadata.currency;
    let area_wide = f.place_average.as_ref().and_then(|a| a.area_wide.as_ref());
    let mut rows = vec![vec![
        text(b.by.label()),
        text("Id"),
        text("Amount (exact)"),
        text("Estimated or apportioned (exact)"),
        text("Amount as shown"),
        text("Share as shown (%)"),
        text(format!("{} ({})", f.per_head_heading, currency.code)),
        text("Per resident: note"),
    ]];
    for &i in &bars.order {
        let (Some(slice), Some(row)) = (b.slices.get(i), f.rows.get(i)) else { continue };
        // The area-wide row's per-resident figure is its share by population, as the page says.
        let (per_head, note) = match (slice.key == SliceKey::Unattributed, area_wide) {
            (true, Some(area)) => (Some(area.per_head), "if shared by population"),
            _ => (f.per_head.get(i).copied().flatten(), ""),
        };
        rows.push(vec![
            text(slice.label.clone()),
            slice_id(slice),
            Cell::Amount(slice.amount),
            Cell::Amount(slice.estimated),
            f.amounts.get(i).map_or(Cell::Empty, |a| Cell::Shown(*a)),
            Cell::Page(row.share.clone()),
            per_head.map_or(Cell::Empty, Cell::Amount),
            if note.is_empty() { Cell::Empty } else { text(note) },
        ]);
    }
    rows.push(vec![
        text("Total"),
        Cell::Empty,
        Cell::Amount(b.total),
        Cell::Amount(b.estimated),
        Cell::Shown(f.total_amount),
        if f.shares.is_ok() { Cell::Share(Decimal::ONE_HUNDRED) } else { Cell::Empty },
        Cell::Page(f.total.per_head.clone()),
        Cell::Empty,
    ]);
    if let Some(average) = &f.place_average {
        rows.push(vec![
            text(average.label()),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Amount(average.average),
            text("same basis: spending attributed to a Place"),
        ]);
    }
    if bars.measure == Measure::PerResident || f.place_average.is_some() {
        rows.push(Vec::new());
        rows.push(vec![text("Note"), text(average_note(f))]);
    }
    rows
}

/// The page's sentence on comparing Places per resident, as plain text.
fn average_note(figures: &Figures) -> String {
    figures.place_average.as_ref().map(|a| plain(&a.sentence())).unwrap_or_default()
}

/// "Compare places": the Places side by side (spending, people, per head, as the page shows
/// them) and each Place's spending by activity, after the Places' combined table.
fn compare_rows(view: &ExportView<'_>) -> Vec<Vec<Cell>> {
    let currency = &view.dataset.metadata.currency;
    let Ok(compared) = compare_places::compare(view.dataset, view.query, currency) else { return Vec::new() };
    let per = compared.per;
    let mut rows = vec![
        Vec::new(),
        vec![text("Places side by side (spending attributed to each Place)")],
        vec![
            text("Place"),
            text("Id"),
            text("Amount as shown"),
            text(if per == "resident" { "Residents" } else { "People" }),
            text(format!("Per {per} ({})", currency.code)),
        ],
    ];
    for place in &compared.places {
        rows.push(vec![
            text(place.label.clone()),
            text(place.id.clone()),
            Cell::Page(place.amount.clone()),
            Cell::Page(place.people.clone()),
            Cell::Page(place.per_head.clone()),
        ]);
    }
    if let Some(average) = &compared.average {
        rows.push(vec![
            text("Average across all Places (same basis)"),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Amount(average.average),
        ]);
    }
    if let Some(left_out) = compared.left_out {
        rows.push(vec![text("Note"), text(left_out)]);
    }
    rows.push(Vec::new());
    rows.push(vec![text("By activity, per Place (as shown)")]);
    let mut heading = vec![text("Activity")];
    for place in &compared.places {
        heading.push(text(format!("{}: amount", place.label)));
        heading.push(text(format!("{}: per {per} ({})", place.label, currency.code)));
    }
    rows.push(heading);
    for activity in &compared.activities {
        let mut row = vec![text(activity.label.clone())];
        for (amount, head) in activity.amounts.iter().zip(&activity.per_head) {
            row.push(Cell::Page(amount.clone()));
            row.push(Cell::Page(head.clone()));
        }
        rows.push(row);
    }
    rows
}

/// The two-way table: exact cells with row and column totals, then the table as shown, then
/// which cells include estimated or apportioned amounts.
fn two_way_rows(view: &ExportView<'_>, then: crate::domain::model::Dim) -> Vec<Vec<Cell>> {
    let b = view.breakdown;
    let corner = format!("{} \u{2193} / {} \u{2192}", b.by.label(), then.label());
    let heading = |title: &str| {
        let mut row = vec![text(corner.clone())];
        row.extend(b.columns.iter().map(|c| text(c.label.clone())));
        row.push(text(title));
        row
    };
    let mut rows = vec![vec![text("Amounts (exact)")], heading("Total (exact)")];
    for (r, slice) in b.slices.iter().enumerate() {
        let mut row = vec![text(slice.label.clone())];
        row.extend(b.cells.get(r).into_iter().flatten().map(|c| Cell::Amount(*c)));
        row.push(Cell::Amount(slice.amount));
        rows.push(row);
    }
    let mut totals = vec![text("Total (exact)")];
    totals.extend(b.columns.iter().map(|c| Cell::Amount(c.amount)));
    totals.push(Cell::Amount(b.total));
    rows.push(totals);
    if let Some(cross) = &view.figures.cross {
        rows.push(Vec::new());
        rows.push(vec![text(if cross.exact {
            "Amounts as shown (exact: no rounding adds up to the one-way figures)"
        } else {
            "Amounts as shown (rounded so that cells add up to the totals)"
        })]);
        rows.push(heading("Total as shown"));
        for (r, slice) in b.slices.iter().enumerate() {
            let mut row = vec![text(slice.label.clone())];
            row.extend(cross.cells.get(r).into_iter().flatten().map(|c| Cell::Shown(*c)));
            row.push(cross.row_totals.get(r).map_or(Cell::Empty, |t| Cell::Shown(*t)));
            rows.push(row);
        }
        let mut totals = vec![text("Total as shown")];
        totals.extend(cross.column_totals.iter().map(|c| Cell::Shown(*c)));
        totals.push(Cell::Shown(cross.total));
        rows.push(totals);
    }
    rows.push(Vec::new());
    rows.push(vec![text("Includes estimated or apportioned amounts")]);
    rows.push(heading(""));
    for (r, slice) in b.slices.iter().enumerate() {
        let mut row = vec![text(slice.label.clone())];
        row.extend(
            b.cells_estimated.get(r).into_iter().flatten().map(|e| text(if *e { "estimate" } else { "reported" })),
        );
        rows.push(row);
    }
    rows
}

/// The CSV file for a view: BOM, header rows, a blank row, then the table (two-way views: the
/// two-way table). Never fails: writing to memory cannot.
pub fn csv(view: &ExportView<'_>) -> String {
    let mut rows = header_rows(view);
    rows.push(Vec::new());
    match view.breakdown.then {
        Some(then) => rows.extend(two_way_rows(view, then)),
        None => rows.extend(one_way_rows(view)),
    }
    if view.query.view == View::ComparePlaces {
        rows.extend(compare_rows(view));
    }
    let currency = &view.dataset.metadata.currency;
    let minor = currency.minor_unit_digits;
    // The two-way table as shown may be exact (wider) when no rounding meets the margins.
    let shown = view.figures.cross.as_ref().map_or(view.figures.decimal_places, |c| c.decimal_places);
    let records = rows.into_iter().map(|row| {
        row.into_iter()
            .map(|cell| match cell {
                Cell::Text(t) => text_cell(&t),
                Cell::Amount(a) => amount_cell(a, minor),
                Cell::Shown(a) => amount_cell(a, shown),
                Cell::Share(a) => amount_cell(a, 1),
                Cell::Page(t) => match page_number(&t, currency.symbol, &currency.code) {
                    Some(number) => number.to_string(),
                    None if t == "–" => String::new(),
                    // The page's text, with the `%` the column heading already says.
                    None => text_cell(&t.replace('%', "")),
                },
                Cell::Empty => String::new(),
            })
            .collect()
    });
    csv_text(records)
}

/// Records as a CSV file for spreadsheets: BOM, CRLF, quotes only where needed; an empty record
/// is a blank line between parts (the csv crate would write `""`). Cells are written as given:
/// neutralise text with [`text_cell`] first. Never fails: writing to memory cannot.
pub fn csv_text(records: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut bytes: Vec<u8> = Vec::new();
    for cells in records {
        if cells.is_empty() {
            bytes.extend_from_slice(b"\r\n");
            continue;
        }
        // One writer per record: records have different lengths, and a blank line is written by hand.
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(&mut bytes);
        // Writing to memory cannot fail.
        let _ = writer.write_record(&cells);
        let _ = writer.flush();
    }
    format!("{BOM}{}", String::from_utf8_lossy(&bytes))
}

/// Text as part of a safe file name: lower-case ASCII letters and digits, every other run of
/// characters one `-`, none at either end (`"../../etc/passwd"` → `"etc-passwd"`).
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// A safe, meaningful file name: `whole-place_<dataset>_<year>_<chosen ids>_by-<dim>.<extension>`,
/// lower-case ASCII letters, digits and `-` only, at most 120 characters before the extension.
pub fn file_name(dataset_name: &str, period_id: &str, query: &Query, by: &str, extension: &str) -> String {
    let mut parts = vec!["whole-place".to_owned(), slug(dataset_name), slug(period_id)];
    for dim in crate::domain::model::Dim::ALL {
        for member in query.filter(dim) {
            parts.push(slug(member.token()));
        }
    }
    parts.push(format!("by-{}", slug(by)));
    let mut name = parts.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join("_");
    name.truncate(120);
    let name = name.trim_end_matches(['-', '_']);
    format!("{name}.{extension}")
}

/// Escapes text for an HTML attribute value in double quotes.
fn attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The `sandbox` the snippet gives the frame: scripts and its own origin (the app fetches its
/// data and WebAssembly from its own site), and popups that escape the sandbox (the "Open the full
/// explorer" link opens a normal tab). Nothing else: no forms, no top navigation, no downloads.
pub const SANDBOX: &str = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox";

/// The HTML a website pastes to embed a view: the frame (absolute address with `embed=1`, a
/// title for screen readers, lazy loading, full width) and the host script that resizes it.
/// `frame_url` is the view's absolute address; `script_url` is the host script's (`embed.js`).
pub fn embed_snippet(frame_url: &str, title: &str, script_url: &str) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"640\" loading=\"lazy\" sandbox=\"{SANDBOX}\" \
         referrerpolicy=\"no-referrer\"></iframe>\n<script src=\"{}\" defer></script>",
        attribute(frame_url),
        attribute(&plain(title)),
        attribute(script_url),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_is_neutralised_and_other_text_is_not() {
        // (text, as written)
        let cases: &[(&str, &str)] = &[
            ("Ludlow", "Ludlow"),
            ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
            ("+44 1743", "'+44 1743"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("\u{202E}=1+1", "'\u{202E}=1+1"),
            ("\u{2068}=1\u{2069}", "'\u{2068}=1\u{2069}"),
            ("\u{200B}@x", "'\u{200B}@x"),
            ("＝1+1", "'＝1+1"),
            ("a=b", "a=b"),
            ("Young people 16–19", "Young people 16–19"),
            ("−£1,234", "−£1,234"),
            ("", ""),
        ];
        for (given, expected) in cases {
            assert_eq!(text_cell(given), *expected, "{given:?}");
        }
    }

    #[test]
    fn file_names_are_safe_and_say_what_they_hold() {
        let query = crate::domain::url::parse("place=ludlow&audience=young-16-19&agency=~none").query;
        // (dataset, period, by, extension, expected)
        let cases: &[(&str, &str, &Query, &str, &str, &str)] = &[
            (
                "shropshire-illustrative",
                "2011-12",
                &query,
                "agency",
                "csv",
                "whole-place_shropshire-illustrative_2011-12_ludlow_young-16-19_none_by-agency.csv",
            ),
            ("", "2011/12", &Query::default(), "place", "svg", "whole-place_2011-12_by-place.svg"),
            ("../../etc/passwd", "x\"y", &Query::default(), "a b", "png", "whole-place_etc-passwd_x-y_by-a-b.png"),
        ];
        for (dataset, period, query, by, extension, expected) in cases {
            assert_eq!(file_name(dataset, period, query, by, extension), *expected);
        }
        let long = "x".repeat(500);
        assert!(file_name(&long, "y", &Query::default(), "z", "csv").len() <= 124);
    }

    #[test]
    fn snippet_escapes_attributes() {
        let snippet = embed_snippet(
            "https://example.org/?dataset=a&place=\"x\"&embed=1",
            "Spending \u{2068}<b>\u{2069}",
            "https://example.org/embed.js",
        );
        assert!(snippet.contains("src=\"https://example.org/?dataset=a&amp;place=&quot;x&quot;&amp;embed=1\""));
        assert!(snippet.contains("title=\"Spending &lt;b&gt;\""));
        assert!(snippet.contains(&format!("sandbox=\"{SANDBOX}\"")));
        assert!(snippet.ends_with("<script src=\"https://example.org/embed.js\" defer></script>"));
    }
}
