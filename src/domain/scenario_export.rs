//! A "Move the money" scenario as CSV, in the conventions of `export.rs` ("Download these
//! figures"): `csv` crate quoting, BOM, CRLF, text cells a spreadsheet would run neutralised
//! (`export::text_cell`), amounts always numbers; header rows (a MADE-UP first row for
//! illustrative data, where the figures come from, dataset, status, Place, year, the moves,
//! address, date), then per activity before, after and change, exact and as shown.

use crate::domain::export::{MADE_UP_ROW, amount_cell, csv_text, origin_line, slug, text_cell, view_line};
use crate::domain::model::{Dataset, Dim, Status};
use crate::domain::scenario_figures::ScenarioFigures;
use crate::domain::source::Provenance;
use rust_decimal::Decimal;

/// What the CSV says about the scenario beside its figures.
#[derive(Debug, Clone, Copy)]
pub struct ScenarioExport<'a> {
    /// The dataset the moves were made on.
    pub dataset: &'a Dataset,
    /// The scenario's figures (`scenario_figures::scenario_figures`).
    pub figures: &'a ScenarioFigures,
    /// The status badge's words (`source::status_badge`).
    pub status: &'a str,
    /// Whose figures these are (never this website's when they are not).
    pub provenance: &'a Provenance,
    /// The scenario's address, absolute.
    pub address: &'a str,
    /// The download date, ISO 8601: the shell reads the clock.
    pub downloaded: &'a str,
}

/// The CSV file. Never fails: writing to memory cannot.
pub fn scenario_csv(export: &ScenarioExport<'_>) -> String {
    let dataset = export.dataset;
    let figures = export.figures;
    let metadata = &dataset.metadata;
    let minor = metadata.currency.minor_unit_digits;
    let shown = figures.decimal_places;
    // Text cells are neutralised here once; amounts are numbers and never are.
    let t = |text: &str| text_cell(text);
    let mut rows: Vec<Vec<String>> = Vec::new();
    if metadata.status == Status::Illustrative {
        rows.push(vec![t(MADE_UP_ROW)]);
    }
    if let Some(origin) = origin_line(export.provenance) {
        rows.push(vec![t(&origin)]);
    }
    rows.push(vec![t("Whole Place: a \"Move the money\" scenario")]);
    let title = match export.provenance {
        Provenance::Site => metadata.title.clone(),
        _ => format!("{} (as the file names itself)", metadata.title),
    };
    rows.push(vec![t("Dataset"), t(&title)]);
    rows.push(vec![t("Status"), t(export.status)]);
    rows.push(vec![t("Place"), t(&figures.place)]);
    rows.push(vec![t("Year"), t(&figures.period)]);
    for (at, words) in figures.moves.iter().enumerate() {
        rows.push(vec![t(&format!("Move {}", at + 1)), t(words)]);
    }
    rows.push(vec![
        t("Basis"),
        t(&format!(
            "Amounts are exact, in {}, from the data file; \"as shown\" columns are the page's rounded figures. {} {}",
            metadata.currency.code, figures.totals_sentence, figures.rounding_note
        )),
    ]);
    rows.push(vec![t("View"), t(&view_line(export.provenance, export.address))]);
    rows.push(vec![t("Downloaded"), t(export.downloaded)]);
    rows.push(Vec::new());
    rows.push(
        [
            "Activity",
            "Activity id",
            "Before",
            "After",
            "Change",
            "Before as shown",
            "After as shown",
            "Change as shown",
            "Overdrawn",
        ]
        .map(t)
        .to_vec(),
    );
    let activities = dataset.dim(Dim::Activity);
    for row in &figures.rows {
        let id = row.activity.and_then(|ix| activities.get(ix)).map_or_else(String::new, |a| a.id.clone());
        rows.push(vec![
            t(&row.label),
            t(&id),
            amount_cell(row.before, minor),
            amount_cell(row.after, minor),
            amount_cell(row.change, minor),
            amount_cell(row.before_shown, shown),
            amount_cell(row.after_shown, shown),
            amount_cell(row.change, shown),
            t(row.overdrawn.as_deref().unwrap_or("")),
        ]);
    }
    let total_shown: Decimal = figures.rows.iter().map(|r| r.before_shown).sum();
    rows.push(vec![
        t("Total"),
        String::new(),
        amount_cell(figures.total, minor),
        amount_cell(figures.total, minor),
        amount_cell(Decimal::ZERO, minor),
        amount_cell(total_shown, shown),
        amount_cell(total_shown, shown),
        amount_cell(Decimal::ZERO, shown),
        String::new(),
    ]);
    csv_text(rows)
}

/// The file name: `whole-place_<dataset>_<year>_<place ids>_scenario.csv`, lower-case ASCII
/// letters, digits and `-` only.
pub fn scenario_file_name(dataset_name: &str, period: &str, place_ids: &[String]) -> String {
    let places = if place_ids.is_empty() { "whole-area".to_owned() } else { slug(&place_ids.join("-")) };
    let mut name = format!("whole-place_{}_{}_{}", slug(dataset_name), slug(period), places);
    name.truncate(110);
    format!("{name}_scenario.csv")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::export::BOM;
    use crate::domain::query::{MemberRef, Query};
    use crate::domain::scenario::{self, Move, Scenario};
    use crate::domain::scenario_figures::scenario_figures;
    use crate::domain::test_data::illustrative;

    #[test]
    fn csv_has_the_header_rows_and_the_figures_and_neutralises_text() {
        let mut dataset = illustrative();
        let waste = dataset.dim(Dim::Activity).find("waste").unwrap();
        let schools = dataset.dim(Dim::Activity).find("schools").unwrap();
        // A label a spreadsheet would run as a formula.
        let mut members = crate::domain::model::Members::default();
        for (ix, member) in dataset.dim(Dim::Activity).iter() {
            let mut member = member.clone();
            if ix == waste {
                member.label = "=HYPERLINK(\"x\")".to_owned();
            }
            members.push(member);
        }
        dataset.members[Dim::Activity.index()] = members;
        let mut query = Query::default();
        query.filters[Dim::Place.index()] = vec![MemberRef::Id("ludlow".to_owned())];
        let scenario = Scenario {
            fingerprint: scenario::fingerprint(&dataset),
            moves: vec![Move { from: waste, to: schools, amount: 900_000_000 }],
        };
        let figures = scenario_figures(&dataset, &query, &scenario);
        let text = scenario_csv(&ScenarioExport {
            dataset: &dataset,
            figures: &figures,
            status: "Illustrative",
            provenance: &Provenance::Site,
            address: "https://x.org/?moves=1",
            downloaded: "2026-11-30",
        });
        assert!(text.starts_with(BOM));
        assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'));
        let mut reader =
            csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&text.as_bytes()[BOM.len()..]);
        let rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
        assert_eq!(rows[0], vec![MADE_UP_ROW.to_owned()]);
        let value = |key: &str| rows.iter().find(|r| r[0] == key).map(|r| r[1].clone());
        assert_eq!(value("Place").as_deref(), Some("Ludlow"));
        assert_eq!(value("Year").as_deref(), Some(figures.period.as_str()));
        assert_eq!(value("Status").as_deref(), Some("Illustrative"));
        assert_eq!(value("View").as_deref(), Some("https://x.org/?moves=1"));
        assert_eq!(value("Downloaded").as_deref(), Some("2026-11-30"));
        assert_eq!(value("Move 1").as_deref(), Some("£900,000,000 from =HYPERLINK(\"x\") to Schools and education"));
        let head = rows.iter().position(|r| r[0] == "Activity").unwrap();
        let body = &rows[head + 1..];
        assert_eq!(body[0][0], "'=HYPERLINK(\"x\")");
        assert_eq!(body[0][1], "waste");
        assert!(body[0][3].starts_with('-'), "an amount stays a number: {}", body[0][3]);
        assert!(body[0][8].starts_with("⚠ Overdrawn"));
        let total = body.last().unwrap();
        assert_eq!(total[0], "Total");
        assert_eq!(total[2], total[3]);
        let sum =
            |col: usize| body[..body.len() - 1].iter().map(|r| r[col].parse::<Decimal>().unwrap()).sum::<Decimal>();
        for col in [2, 3] {
            assert_eq!(sum(col), total[col].parse::<Decimal>().unwrap(), "column {col}");
        }
        for col in [5, 6] {
            assert_eq!(sum(col), total[col].parse::<Decimal>().unwrap(), "column {col}");
        }
        assert_eq!(sum(4), Decimal::ZERO);
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(
            scenario_file_name("shropshire-illustrative", "2011/12", &["ludlow".to_owned()]),
            "whole-place_shropshire-illustrative_2011-12_ludlow_scenario.csv"
        );
        assert_eq!(scenario_file_name("x", "2011", &[]), "whole-place_x_2011_whole-area_scenario.csv");
    }
}
