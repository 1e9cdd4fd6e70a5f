//! "Print table mats" (`view=table-mats`): one page per Place for a table of residents at a
//! World Café session: the Place's spending by activity and by who it is for, the outcome
//! measures for that Place, and the view of that Place to put in a QR code.
//!
//! Every figure is the engine's own: each mat is the two-way view (activity down, audience
//! across, top-level members) of the Place alone, rounded by [`format::figures`] with controlled
//! rounding, so its rows and columns add up to the figures the explorer shows for that Place.

use crate::domain::aggregate::{Breakdown, aggregate};
use crate::domain::format::{self, Figures};
use crate::domain::model::{Dataset, Dim};
use crate::domain::outcomes::{OutcomeRow, outcomes_for};
use crate::domain::query::{MemberRef, Query, View};
use rust_decimal::Decimal;

/// One Place's mat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableMat {
    /// The Place's id, as links write it.
    pub place_id: String,
    /// The Place's label.
    pub place_label: String,
    /// The explorer's view of this Place in the same year: what the mat's QR code opens.
    pub live_query: Query,
    /// Spending in the Place by activity (rows) and audience (columns).
    pub breakdown: Breakdown,
    /// Its displayed figures; `figures.cross` is the two-way table as printed.
    pub figures: Figures,
    /// The outcome measures the file has for this Place, with their values by year.
    pub outcomes: Vec<OutcomeRow>,
}

/// The mats a `view=table-mats` link asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableMats {
    /// One per Place: the Place filter's Places in the order the link names them, or every
    /// Place in the file's order when it names none.
    pub mats: Vec<TableMat>,
    /// The year the mats show (the link's, or the latest).
    pub period_label: String,
    /// Place ids in the link that the file does not have (and `~none`, area-wide spending,
    /// which is no Place to sit at): left out, and said so on the page.
    pub not_places: Vec<String>,
}

impl TableMat {
    /// Whether the table has columns by who it is for: with one audience column or none (the
    /// published figures split no year but 2014-15 by audience), the mat shows each activity's
    /// total alone and [`TableMat::audience_note`] says why.
    pub fn is_two_way(&self) -> bool {
        self.breakdown.columns.len() > 1
    }

    /// For a mat that is not two-way: "This data does not split 2017-18's spending by who it is
    /// for: all of it is under “Not split by audience”." (labels direction-isolated).
    pub fn audience_note(&self, period_label: &str) -> Option<String> {
        if self.is_two_way() {
            return None;
        }
        let year = format::isolate(period_label);
        Some(match self.breakdown.columns.first() {
            Some(only) => format!(
                "This data does not split {year}'s spending here by who it is for: all of it is under “{}”.",
                format::isolate(&only.label)
            ),
            None => format!("This data has no spending for this Place in {year}."),
        })
    }
}

/// A figure in a mat's table: "–" where nothing at all is spent (the exact amount is zero), so
/// the figures that matter stand out; otherwise the rounded amount with thousands separators
/// and no currency sign (the mat says "£" once), "0" for a small amount that rounds to nothing.
pub fn cell_text(exact: Decimal, shown: Decimal, decimal_places: u32) -> String {
    if exact.is_zero() { "–".to_owned() } else { format::number(shown, decimal_places) }
}

/// The query behind one Place's mat: that Place alone, in `period`, by activity then audience.
pub fn mat_query(place_id: &str, period: Option<String>) -> Query {
    let mut query = Query { by: Dim::Activity, then: Some(Dim::Audience), period, ..Query::default() };
    query.filters[Dim::Place.index()] = vec![MemberRef::Id(place_id.to_owned())];
    query
}

/// The explorer's view of one Place in `period` (a mat's QR code and link): the Place chosen,
/// opening on what it is spent on, so a resident who scans it sees the same figures as the rows.
pub fn live_query(place_id: &str, period: Option<String>) -> Query {
    let mut query = Query { by: Dim::Activity, period, ..Query::default() };
    query.filters[Dim::Place.index()] = vec![MemberRef::Id(place_id.to_owned())];
    query
}

/// The link from the explorer to the mats: the explorer's Places and year kept, everything else
/// left behind (a mat always shows a whole Place by activity and audience).
pub fn mats_link_query(explorer: &Query) -> Query {
    let mut query = Query { view: View::TableMats, period: explorer.period.clone(), ..Query::default() };
    query.filters[Dim::Place.index()] = explorer.filter(Dim::Place).to_vec();
    query
}

/// The mats for a `view=table-mats` query: its Place filter (none: every Place) and year; its
/// other filters and slicing play no part.
pub fn table_mats(dataset: &Dataset, query: &Query) -> TableMats {
    let places = dataset.dim(Dim::Place);
    let mut not_places = Vec::new();
    let chosen: Vec<usize> = if query.filter(Dim::Place).is_empty() {
        places.iter().map(|(ix, _)| ix as usize).collect()
    } else {
        query
            .filter(Dim::Place)
            .iter()
            .filter_map(|member| {
                let found = match member {
                    MemberRef::Id(id) => places.find(id).map(|ix| ix as usize),
                    MemberRef::Unattributed => None,
                };
                if found.is_none() {
                    not_places.push(member.token().to_owned());
                }
                found
            })
            .collect()
    };
    let currency = &dataset.metadata.currency;
    let mats: Vec<TableMat> = chosen
        .into_iter()
        .filter_map(|ix| places.get(ix as _))
        .map(|place| {
            let query = mat_query(&place.id, query.period.clone());
            let breakdown = aggregate(dataset, &query);
            let figures = format::figures(&breakdown, currency);
            TableMat {
                place_id: place.id.clone(),
                place_label: place.label.clone(),
                // The year the mat shows, as the data names it, when it has several: a link naming
                // no year or one the data lacks opens the same figures the mat prints, and a
                // printed code keeps opening that year when the data gains another.
                live_query: live_query(
                    &place.id,
                    if dataset.periods.len() > 1 {
                        dataset.periods.get(breakdown.period as usize).map(|p| p.id.clone())
                    } else {
                        None
                    },
                ),
                outcomes: outcomes_for(dataset, &query),
                breakdown,
                figures,
            }
        })
        .collect();
    let period = crate::domain::aggregate::period_of(dataset, query);
    TableMats { mats, period_label: dataset.period_label(period).to_owned(), not_places }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::load::load;
    use crate::domain::url;
    use std::sync::Arc;

    fn dataset(text: &str) -> Arc<Dataset> {
        let loaded = load(text.as_bytes());
        loaded.dataset.unwrap()
    }

    const TINY: &str = include_str!("../../tests/fixtures/tiny.json");
    const ILLUSTRATIVE: &str = include_str!("../../public/data/shropshire-illustrative-2011-12.json");
    const PUBLISHED: &str = include_str!("../../public/data/shropshire-published-2010-11-to-2017-18.json");

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    /// Checks every mat's table adds up: cells along each row to the row total, down each column
    /// to the column total, and both to the grand total, which is the explorer's own headline
    /// figure for the Place in that year.
    fn check_adds_up(data: &Dataset, mat: &TableMat) {
        let cross = mat.figures.cross.as_ref().unwrap();
        for (row, total) in cross.cells.iter().zip(&cross.row_totals) {
            assert_eq!(row.iter().sum::<Decimal>(), *total, "{}", mat.place_label);
        }
        for (c, total) in cross.column_totals.iter().enumerate() {
            assert_eq!(cross.cells.iter().map(|row| row[c]).sum::<Decimal>(), *total, "{}", mat.place_label);
        }
        assert_eq!(cross.row_totals.iter().sum::<Decimal>(), cross.total);
        assert_eq!(cross.column_totals.iter().sum::<Decimal>(), cross.total);
        // The one-way views of the Place show the same totals.
        let mut by_activity = mat.live_query.clone();
        by_activity.then = None;
        let one_way = format::figures(&aggregate(data, &by_activity), &data.metadata.currency);
        assert_eq!(one_way.amounts, cross.row_totals, "{}", mat.place_label);
        assert_eq!(one_way.total_amount, cross.total, "{}", mat.place_label);
    }

    #[test]
    fn chosen_places_in_the_links_order_unknown_ones_named() {
        let data = dataset(TINY);
        // (query string, Places on the mats, ids left out)
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("view=table-mats", &["North", "South"], &[]),
            ("view=table-mats&place=south&place=north", &["South", "North"], &[]),
            ("view=table-mats&place=south&place=nowhere&place=~none", &["South"], &["nowhere", "~none"]),
            ("view=table-mats&place=nowhere", &[], &["nowhere"]),
        ];
        for (text, labels, left_out) in cases {
            let mats = table_mats(&data, &url::parse(text).query);
            let shown: Vec<&str> = mats.mats.iter().map(|m| m.place_label.as_str()).collect();
            assert_eq!(shown, *labels, "{text}");
            assert_eq!(mats.not_places, *left_out, "{text}");
            assert_eq!(mats.period_label, "2011/12");
        }
    }

    #[test]
    fn a_mat_is_the_places_spending_by_activity_and_audience() {
        let data = dataset(TINY);
        let mats = table_mats(&data, &url::parse("view=table-mats&place=north").query);
        let north = &mats.mats[0];
        // North: offending (under safety) £100.10 for young people; health £300.30 for no
        // audience in particular. The area-wide -£50.05 and £123.45 are no Place's.
        let rows: Vec<(&str, Decimal)> = north.breakdown.slices.iter().map(|s| (s.label.as_str(), s.amount)).collect();
        assert_eq!(rows, [("Health", dec("300.30")), ("Community safety", dec("100.10"))]);
        let columns: Vec<&str> = north.breakdown.columns.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(columns.len(), 2, "{columns:?}");
        assert_eq!(north.figures.cross.as_ref().unwrap().total, dec("400.40"));
        check_adds_up(&data, north);
        // Data of one year: the live view names none (a year the data lacks is dropped too).
        assert_eq!(url::link(&url::DataParams::default(), north.live_query.clone()), "?by=activity&place=north");
        let unknown_year = table_mats(&data, &url::parse("view=table-mats&place=north&year=1999-00").query);
        assert_eq!(unknown_year.mats[0].live_query.period, None);
    }

    #[test]
    fn every_illustrative_place_has_a_mat_that_adds_up() {
        let data = dataset(ILLUSTRATIVE);
        let mats = table_mats(&data, &url::parse("view=table-mats").query);
        assert_eq!(mats.mats.len(), 18);
        for mat in &mats.mats {
            check_adds_up(&data, mat);
            // Top-level members only: the published activities' parents, never their parts.
            for slice in &mat.breakdown.slices {
                if let crate::domain::aggregate::SliceKey::Member(ix) = slice.key {
                    assert_eq!(data.dim(Dim::Activity).get(ix).unwrap().parent, None, "{}", slice.label);
                }
            }
        }
    }

    #[test]
    fn the_published_file_has_one_mat_with_its_outcomes() {
        let data = dataset(PUBLISHED);
        for text in ["view=table-mats", "view=table-mats&place=shropshire&year=2016-17"] {
            let mats = table_mats(&data, &url::parse(text).query);
            assert_eq!(mats.mats.len(), 1, "{text}");
            let mat = &mats.mats[0];
            assert_eq!(mat.place_id, "shropshire");
            check_adds_up(&data, mat);
            assert!(!mat.outcomes.is_empty(), "the published file's outcome measures are for Shropshire");
        }
        let year = table_mats(&data, &url::parse("view=table-mats&year=2016-17").query);
        assert_eq!(year.period_label, data.period_label(data.find_period("2016-17").unwrap()));
        // Data of several years: the live view names the year shown, even when the link named
        // none or one the data lacks.
        for text in ["view=table-mats&year=2016-17", "view=table-mats&year=1999-00", "view=table-mats"] {
            let shown = table_mats(&data, &url::parse(text).query);
            let expected = if text.ends_with("2016-17") { "2016-17" } else { "2017-18" };
            assert_eq!(shown.mats[0].live_query.period.as_deref(), Some(expected), "{text}");
        }
        assert!(
            year.mats[0].outcomes.iter().any(|o| o.points.iter().any(|p| p.value.is_some())),
            "2016-17 has outcome values"
        );
    }

    #[test]
    fn cells_show_nothing_spent_as_a_dash() {
        // (exact, shown, decimal places, text)
        let cases: &[(&str, &str, u32, &str)] = &[
            ("0", "0", 0, "–"),
            ("0.40", "0", 0, "0"),
            ("0.40", "1", 0, "1"),
            ("1234567.5", "1234568", 0, "1,234,568"),
            ("-23886.2", "-23886", 0, "−23,886"),
            ("12.5", "12.50", 2, "12.50"),
        ];
        for (exact, shown, places, text) in cases {
            assert_eq!(cell_text(dec(exact), dec(shown), *places), *text, "{exact}");
        }
    }

    #[test]
    fn a_mat_without_audiences_says_so() {
        let data = dataset(PUBLISHED);
        // 2017-18 has no audience split; 2014-15 splits adult social care by client group.
        let latest = &table_mats(&data, &url::parse("view=table-mats").query).mats[0];
        assert!(!latest.is_two_way());
        let note = latest.audience_note("2017-18").unwrap();
        assert!(note.starts_with("This data does not split \u{2068}2017-18\u{2069}'s spending"), "{note}");
        let split = &table_mats(&data, &url::parse("view=table-mats&year=2014-15").query).mats[0];
        assert!(split.is_two_way());
        assert_eq!(split.audience_note("2014-15"), None);
        check_adds_up(&data, split);
        // In the fixture, North's spending is for young people and for nobody in particular;
        // South's is all for young people.
        let tiny = table_mats(&dataset(TINY), &url::parse("view=table-mats").query);
        assert!(tiny.mats[0].is_two_way());
        assert_eq!(
            tiny.mats[1].audience_note("2011/12").as_deref(),
            Some(
                "This data does not split \u{2068}2011/12\u{2069}'s spending here by who it is for: all of it is under “\u{2068}Young people 16–19\u{2069}”."
            )
        );
    }

    #[test]
    fn the_explorer_links_to_mats_for_its_places_and_year() {
        let explorer = url::parse("by=agency&then=activity&place=wem&place=ludlow&year=2011-12&agency=x").query;
        let written = url::link(&url::DataParams::default(), mats_link_query(&explorer));
        assert_eq!(written, "?year=2011-12&by=place&view=table-mats&place=wem&place=ludlow");
    }
}
