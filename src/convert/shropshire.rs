//! "Shropshire: public spending by all bodies, 2010-11 to 2017-18 (published figures)": the
//! format 1.1 dataset built from the published extracts in `data/sources/` (see
//! `data/sources/SOURCES.md`), deterministically (same extracts → byte-identical file).
//!
//! # What goes in
//! - **Shropshire Council** (RS, E3202): net current expenditure by *service line*, the lines
//!   above "TOTAL SERVICE EXPENDITURE" on the RS sheet (never the wider net current expenditure
//!   total, which also holds parish precepts and housing benefit paid for DWP: both are counted
//!   elsewhere). 2010-11 … 2014-15 and 2017-18 from the RS extract; 2015-16 and 2016-17 from the
//!   BBC Shared Data Unit's compilation of the same returns (its `year` 2016 = 2015-16), which
//!   lacks the Central services and Other services lines (coverage: partial). Lines that are
//!   exactly £0 (police and fire services, for a council) are left out.
//! - **Adult social care 2014-15** is the council's RS line split by client group and age band
//!   from PSS-EX1 2014-15, accounting category *Net current expenditure* (gross current
//!   expenditure less income, without capital charges: the RS definition; *Net total
//!   expenditure* adds capital charges, which RS puts on another sheet), from the "Non Salt
//!   Totals" block (which repeats in the extract: rows are de-duplicated by line, and repeats must
//!   agree). A `derived` fact (audience not attributed) makes the split add up to the RS line.
//! - **Town and parish councils**: total parish precepts (RS line "Parish precepts"; 2016-17 from
//!   the council-tax table, which must agree with RS for 2017-18 to the pound). 2015-16: lacking.
//! - **West Mercia Police** and **Shropshire & Wrekin Fire**: their RS service lines, each
//!   `apportioned` by Shropshire's share of the 2016-17 council-tax base (line 7, "Council tax
//!   base for council tax setting purposes"), one share for every year. 2015-16, 2016-17: lacking.
//! - **Central government**: HM Treasury's Country and Regional Analysis, West Midlands,
//!   central-government (CG) and public-corporation (PC) rows only (LG rows would count the
//!   council, police and fire twice; BOE rows are not spending on services), current (CUR) only,
//!   identifiable (ID) only (every row of the extracts is ID: non-identifiable spending such as
//!   defence and debt interest is not allocated to regions at all). 2010-11 … 2012-13 from CRA
//!   2014, 2013-14 onward from CRA 2018 (which restates 2013-14 in 2018's departments). Summed by
//!   department × HMT sub-function, then `apportioned` by Shropshire's share of the region's
//!   population, 306,100 / 5,625,705 (Census 2011 / HM Treasury's 2011-12 West Midlands
//!   population), the same pair for every year.
//!
//! # Activities: COFOG at the top
//! COFOG divisions (01 General public services … 10 Social protection) are the top level. CRA
//! rows sit at their COFOG group (10.2 Old age) or, where HM Treasury splits it ("10.2 Old age;
//! of which: pensions"), at a child of the group. RS service lines sit directly under a division:
//!
//! | RS service line | COFOG division |
//! | --- | --- |
//! | Education services | 09 Education |
//! | Highways and transport services | 04 Economic affairs |
//! | Social care (2010-11, one line), Children Social Care, Adult Social Care | 10 Social protection |
//! | Public Health | 07 Health |
//! | Housing services (GFRA only), Planning and development services | 06 Housing and community amenities |
//! | Cultural and related services | 08 Recreation, culture and religion |
//! | Environmental and regulatory services | 05 Environmental protection |
//! | Police services, Fire and rescue services | 03 Public order and safety |
//! | Central services, Other services, Parish precepts | 01 General public services |
//!
//! Amounts: £ thousand × 1000 exactly, then to the nearest penny, halves away from zero; an
//! apportioned amount is the source figure in pounds × numerator / denominator, rounded once.

use super::document::{
    Basis, Comparator, Coverage, Document, Extent, Fact, Licence, Measure, Member, Metadata, OutcomeValue, Outcomes,
    Period, Source,
};
use super::{
    ConvertError, Row, Table, apportion, grouped, money_text, parse_decimal, percent_text, pounds_text, slug,
    thousands_to_pounds,
};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Where the extracts are kept, relative to the crate root.
pub const SOURCES_DIR: &str = "data/sources";
/// Where the dataset is shipped, relative to the crate root.
pub const OUTPUT_PATH: &str = "public/data/shropshire-published-2010-11-to-2017-18.json";

/// The financial years of the file, oldest first.
pub const PERIODS: [&str; 8] = ["2010-11", "2011-12", "2012-13", "2013-14", "2014-15", "2015-16", "2016-17", "2017-18"];
/// Years whose council figures come from the BBC compilation rather than an RS extract.
pub const BBC_YEARS: [&str; 2] = ["2015-16", "2016-17"];

/// RS: every line for the bodies of the area, 2010-11 … 2014-15 and 2017-18 (£ thousand).
pub const RS_FILE: &str = "rs_shropshire_area_bodies_2010-11_to_2017-18.csv";
/// BBC Shared Data Unit compilation of RS service lines, 2015-16 and 2016-17 (£ thousand).
pub const BBC_FILE: &str = "bbc_roall_rs_services_2015-16_2016-17.csv";
/// Council-tax requirement, parish precepts and tax base, 2016-17 and 2017-18 (£, Band D).
pub const CT_FILE: &str = "council_tax_2016-17_2017-18_shropshire_police_fire.csv";
/// PSS-EX1 2014-15, adult social care by client group and age (£ thousand).
pub const PSS_FILE: &str = "asc_pssex1_2014-15_shropshire_telford.csv";
/// HM Treasury CRA 2014, West Midlands (£ thousand).
pub const CRA2014_FILE: &str = "cra2014_west_midlands_2009-10_to_2013-14.csv";
/// HM Treasury CRA 2018, West Midlands (£ thousand).
pub const CRA2018_FILE: &str = "cra2018_west_midlands_2013-14_to_2017-18.csv";
/// Oflog adult-social-care outcome measures with the England median.
pub const OFLOG_FILE: &str = "oflog_asc_outcomes_shropshire_telford.csv";

/// Shropshire Council's RS code.
pub const COUNCIL_ECODE: &str = "E3202";
/// West Mercia's police body: the Police Authority (to 2011-12), then the PCC and Chief Constable.
pub const POLICE_ECODES: [&str; 2] = ["E6055", "E7055"];
/// Shropshire (and Wrekin) Combined Fire and Rescue Authority.
pub const FIRE_ECODE: &str = "E6132";
/// The council-tax-base line used for the police and fire shares (2016-17).
pub const TAX_BASE_ITEM: &str = "7. Council tax base for council tax setting purposes | 2016-17";

/// Shropshire usual residents, Census 2011 (rounded to 100 by the council).
pub const POPULATION: u64 = 306_100;
/// Shropshire households, Census 2011.
pub const HOUSEHOLDS: u64 = 129_700;
/// Shropshire residents aged 65 and over, Census 2011.
pub const POPULATION_65_PLUS: u64 = 63_400;
/// West Midlands population in HM Treasury's PESA/CRA database, 2011-12.
pub const WEST_MIDLANDS_POPULATION: u64 = 5_625_705;

/// The date the extracts were taken into the project.
const RETRIEVED: &str = "2026-11-30";
const OGL: &str = "Open Government Licence v3.0";
const OGL_URL: &str = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/";
const PLACE: &str = "shropshire";

/// One RS service line: its text (as RS and the BBC compilation write it, compared without case),
/// the activity id, the label shown, and the COFOG division it sits under.
pub struct ServiceLine {
    /// Text of the line.
    pub line: &'static str,
    /// Activity id.
    pub activity: &'static str,
    /// Label shown.
    pub label: &'static str,
    /// COFOG division (1–10).
    pub cofog: u8,
}

/// The RS service lines (those summed by "TOTAL SERVICE EXPENDITURE") and where they sit.
pub const SERVICE_LINES: [ServiceLine; 14] = [
    ServiceLine {
        line: "Education services",
        activity: "education-services",
        label: "Education services (council)",
        cofog: 9,
    },
    ServiceLine {
        line: "Highways and transport services",
        activity: "highways-and-transport-services",
        label: "Highways and transport services (council)",
        cofog: 4,
    },
    ServiceLine {
        line: "Social care",
        activity: "social-care",
        label: "Social care, adults and children (council, one line in 2010-11)",
        cofog: 10,
    },
    ServiceLine {
        line: "Children Social Care",
        activity: "childrens-social-care",
        label: "Children's social care (council)",
        cofog: 10,
    },
    ServiceLine {
        line: "Adult Social Care",
        activity: "adult-social-care",
        label: "Adult social care (council)",
        cofog: 10,
    },
    ServiceLine { line: "Public Health", activity: "public-health", label: "Public health (council)", cofog: 7 },
    ServiceLine {
        line: "Housing services (GFRA only)",
        activity: "housing-services",
        label: "Housing services (council, general fund)",
        cofog: 6,
    },
    ServiceLine {
        line: "Cultural and related services",
        activity: "cultural-and-related-services",
        label: "Cultural and related services (council)",
        cofog: 8,
    },
    ServiceLine {
        line: "Environmental and regulatory services",
        activity: "environmental-and-regulatory-services",
        label: "Environmental and regulatory services (council)",
        cofog: 5,
    },
    ServiceLine {
        line: "Planning and development services",
        activity: "planning-and-development-services",
        label: "Planning and development services (council)",
        cofog: 6,
    },
    ServiceLine { line: "Police services", activity: "police-services", label: "Police services", cofog: 3 },
    ServiceLine {
        line: "Fire and rescue services",
        activity: "fire-and-rescue-services",
        label: "Fire and rescue services",
        cofog: 3,
    },
    ServiceLine {
        line: "Central services",
        activity: "central-services",
        label: "Central services (councils, police and fire)",
        cofog: 1,
    },
    ServiceLine { line: "Other services", activity: "other-services", label: "Other services (council)", cofog: 1 },
];

/// COFOG divisions, as the UN classification names them.
pub const COFOG: [&str; 10] = [
    "General public services",
    "Defence",
    "Public order and safety",
    "Economic affairs",
    "Environmental protection",
    "Housing and community amenities",
    "Health",
    "Recreation, culture and religion",
    "Education",
    "Social protection",
];

const PARISH_ACTIVITY: &str = "parish-services";

/// Departments renamed between CRA 2014 and CRA 2018, kept as one agency:
/// (name as published, agency id, label).
const RENAMED_DEPARTMENTS: [(&str, &str, &str); 10] = [
    (
        "Department of Health",
        "department-of-health-and-social-care",
        "Department of Health and Social Care (including the NHS)",
    ),
    (
        "Department of Health and Social Care",
        "department-of-health-and-social-care",
        "Department of Health and Social Care (including the NHS)",
    ),
    (
        "Department for Communities and Local Government",
        "ministry-of-housing-communities-and-local-government",
        "Ministry of Housing, Communities and Local Government (DCLG until 2018)",
    ),
    (
        "Ministry of Housing, Communities and Local Government",
        "ministry-of-housing-communities-and-local-government",
        "Ministry of Housing, Communities and Local Government (DCLG until 2018)",
    ),
    (
        "Department for Culture, Media and Sport",
        "department-for-digital-culture-media-and-sport",
        "Department for Digital, Culture, Media and Sport",
    ),
    (
        "Department for Digital, Culture, Media and Sport",
        "department-for-digital-culture-media-and-sport",
        "Department for Digital, Culture, Media and Sport",
    ),
    ("Welsh Assembly Government", "welsh-government", "Welsh Government"),
    ("Welsh Government", "welsh-government", "Welsh Government"),
    (
        "Office of Rail Regulation",
        "office-of-rail-and-road",
        "Office of Rail and Road (Office of Rail Regulation until 2015)",
    ),
    (
        "Office of Rail and Road",
        "office-of-rail-and-road",
        "Office of Rail and Road (Office of Rail Regulation until 2015)",
    ),
];

/// Descriptions for the departments a resident most needs explained: (agency id, description).
const DEPARTMENT_NOTES: [(&str, &str); 6] = [
    (
        "department-for-work-and-pensions",
        "Benefits and state pensions paid to residents, including Housing Benefit (which councils pay on DWP's behalf), and DWP's own running costs.",
    ),
    (
        "department-of-health-and-social-care",
        "NHS spending (hospitals, GPs, community health, prescriptions) in the West Midlands, apportioned by population: an estimate, not Shropshire's own NHS figures.",
    ),
    (
        "department-for-education",
        "Academies, sixth-form and further education colleges and other spending by the department itself; maintained schools are in the council's education line.",
    ),
    ("hm-revenue-and-customs", "Tax credits and Child Benefit paid to residents, and HMRC's own running costs."),
    ("ministry-of-justice", "Courts, prisons, probation and legal aid."),
    (
        "department-for-business-innovation-and-skills",
        "Until 2016, included further and higher education funding (in CRA 2014's figures for 2010-11 to 2012-13); CRA 2018 shows that under the Department for Education.",
    ),
];

/// PSS-EX1 client groups (primary support reasons) → audience id suffix and label.
const CLIENT_GROUPS: [(&str, &str, &str); 5] = [
    ("Physical support", "physical-support", "physical support"),
    ("Sensory support", "sensory-support", "sensory support"),
    ("Support with memory and cognition", "memory-and-cognition", "support with memory and cognition"),
    ("Learning disability support", "learning-disability", "learning disability support"),
    ("Mental health support", "mental-health", "mental health support"),
];

/// PSS-EX1 age bands → audience id and label.
const AGE_BANDS: [(&str, &str, &str); 2] = [
    ("Age 18 to 64", "adults-18-64", "Adults aged 18 to 64"),
    ("Age 65 and over", "older-people-65-plus", "Older people aged 65 and over"),
];

/// PSS-EX1 lines not split by age: line → audience (id, label), or `None` (not attributed).
const OTHER_ASC_LINES: [(&str, Option<(&str, &str)>); 8] = [
    ("Social Support: Support to Carer", Some(("carers", "Carers"))),
    (
        "Social Support: Substance Misuse Support",
        Some(("people-with-substance-misuse-needs", "People with substance misuse needs")),
    ),
    ("Social Support: Asylum Seeker Support", Some(("asylum-seekers", "Asylum seekers"))),
    (
        "Social Support: Support for Social Isolation / Other",
        Some(("people-socially-isolated", "People supported for social isolation or other needs")),
    ),
    ("Assistive equipment and technology", None),
    ("Social care activities", None),
    ("Information and early intervention", None),
    ("Commissioning and service delivery", None),
];

/// Oflog measure code, id, label, unit, higher is better, description, audience ids.
type MeasureSpec =
    (&'static str, &'static str, &'static str, &'static str, Option<bool>, &'static str, &'static [&'static str]);

/// The Oflog measures, by code.
const MEASURES: [MeasureSpec; 7] = [
    (
        "ASC1",
        "asc-carer-quality-of-life",
        "Carer-reported quality of life",
        "score out of 12",
        Some(true),
        "How carers rate their quality of life (Survey of Adult Carers in England, every two years; ASCOF 1D). Higher is better.",
        &["carers"],
    ),
    (
        "ASC2",
        "asc-quality-of-life-impact",
        "Quality of life of people who use services (impact of services)",
        "score (adjusted; about 0.4)",
        Some(true),
        "Oflog's \"ASC Quality of Life\": the adjusted gain in social-care-related quality of life that people who use services attribute to them (ASCOF 1J; Adult Social Care Survey). Higher is better.",
        &[],
    ),
    (
        "ASC3",
        "asc-ease-finding-information-users",
        "People who use services who find it easy to find information",
        "% of people who use services",
        Some(true),
        "Share of people who use services who found it easy to find information about support (ASCOF 3D part 1). Higher is better.",
        &[],
    ),
    (
        "ASC4",
        "asc-ease-finding-information-carers",
        "Carers who find it easy to find information",
        "% of carers",
        Some(true),
        "Share of carers who found it easy to find information about support (ASCOF 3D part 2; survey every two years). Higher is better.",
        &["carers"],
    ),
    (
        "ASC5",
        "asc-short-term-services-outcome",
        "Short-term support that ends with no or lower ongoing support",
        "% of people who finished short-term support",
        Some(true),
        "Of the people who finished short-term support meant to increase independence, the share who then needed no ongoing support or support of a lower level (ASCOF 2D). Higher is better.",
        &[],
    ),
    (
        "ASC6",
        "asc-requests-resulting-in-service",
        "Requests for support that resulted in a service",
        "rate, as published by Oflog",
        None,
        "New requests for support from new clients that resulted in a service, as a rate (Oflog's \"Requests resulting in a service\"). No direction is better: Oflog does not rank it, and a higher rate can mean more need met or less prevention.",
        &[],
    ),
    (
        "ASC7",
        "asc-workforce-turnover",
        "Adult social care workforce turnover",
        "% of staff leaving in the year",
        Some(false),
        "Share of adult social care staff who left their job in the year (Skills for Care). Oflog does not rank it; lower turnover is usually taken as better for continuity of care, so lower is marked better here.",
        &[],
    ),
];

/// Yearly figures of a built dataset, for the report and the tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearTotal {
    /// Period id.
    pub period: String,
    /// All facts of the year, £.
    pub total: Decimal,
    /// Facts whose basis is apportioned or estimated, £.
    pub estimated: Decimal,
    /// `total / POPULATION`, to the penny.
    pub per_resident: Decimal,
}

/// Builds the dataset from the extracts in `dir` (normally [`SOURCES_DIR`]). Errors: an extract
/// is missing, malformed, or disagrees with another where they must agree (see [`ConvertError`]).
pub fn build(dir: &Path) -> Result<Document, ConvertError> {
    let rs = Table::read(dir, RS_FILE)?;
    let bbc = Table::read(dir, BBC_FILE)?;
    let ct = Table::read(dir, CT_FILE)?;
    let pss = Table::read(dir, PSS_FILE)?;
    let cra2014 = Table::read(dir, CRA2014_FILE)?;
    let cra2018 = Table::read(dir, CRA2018_FILE)?;
    let oflog = Table::read(dir, OFLOG_FILE)?;

    let rs_lines = RsLines::read(&rs)?;
    let mut out = Builder::default();
    out.council(&rs_lines, &bbc, &pss)?;
    out.parishes(&rs_lines, &ct)?;
    out.police_and_fire(&rs_lines, &ct)?;
    out.central_government(&cra2014, "cra-2014", "Department", "CG, LG or PC", &PERIODS[0..3])?;
    out.central_government(&cra2018, "cra-2018", "Department Name", "CG, LG, PC, BOE", &PERIODS[3..8])?;
    let outcomes = outcomes(&oflog)?;
    Ok(out.finish(outcomes))
}

/// [`build`], written as the file's text ([`super::document::to_json`]).
pub fn build_json(dir: &Path) -> Result<String, ConvertError> {
    let doc = build(dir)?;
    super::document::to_json(&doc).map_err(|e| ConvertError::file("(output)", format!("cannot write JSON: {e}")))
}

/// Total, estimated part and per-resident figure of each period, from the facts.
pub fn year_totals(doc: &Document) -> Vec<YearTotal> {
    PERIODS
        .iter()
        .map(|period| {
            let mut total = Decimal::ZERO;
            let mut estimated = Decimal::ZERO;
            for fact in doc.facts.iter().filter(|f| f.period.as_deref() == Some(*period)) {
                let amount = parse_decimal(&fact.amount).unwrap_or_default();
                total += amount;
                if matches!(fact.basis, Basis::Apportioned | Basis::Estimated) {
                    estimated += amount;
                }
            }
            let per_resident =
                (total / Decimal::from(POPULATION)).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            YearTotal { period: (*period).to_owned(), total, estimated, per_resident }
        })
        .collect()
}

/// One RS line: sheet column, line text, £ thousand.
type SheetLine = (u32, String, Decimal);

/// Service lines (text, £ thousand) and their published TOTAL SERVICE EXPENDITURE.
type ServiceLines = (Vec<(String, Decimal)>, Decimal);

/// The RS extract's lines by (body code, year), in sheet order, from the "Net current
/// expenditure" sheet only.
struct RsLines {
    /// (ecode, year) → [(sheet column, line text, £ thousand)].
    by_body_year: BTreeMap<(String, String), Vec<SheetLine>>,
}

impl RsLines {
    fn read(rs: &Table) -> Result<RsLines, ConvertError> {
        let (year, ecode, measure, col, line, value) = (
            rs.column("year")?,
            rs.column("ecode")?,
            rs.column("measure")?,
            rs.column("sheet_col")?,
            rs.column("line")?,
            rs.column("value_gbp_thousand")?,
        );
        let mut by_body_year: BTreeMap<_, Vec<_>> = BTreeMap::new();
        for row in rs.rows() {
            if !row.text(measure).starts_with("Net current expenditure") {
                continue;
            }
            let sheet_col: u32 = row
                .text(col)
                .parse()
                .map_err(|_| row.error(format!("sheet_col \"{}\" is not a whole number", row.text(col))))?;
            let entry = (sheet_col, row.text(line).to_owned(), row.decimal(value)?);
            by_body_year.entry((row.text(ecode).to_owned(), row.text(year).to_owned())).or_default().push(entry);
        }
        for lines in by_body_year.values_mut() {
            lines.sort_by_key(|l| l.0);
        }
        Ok(RsLines { by_body_year })
    }

    /// The service lines (above TOTAL SERVICE EXPENDITURE) and that total, for one body and
    /// year; `None` when the extract has no such sheet for them.
    fn service_lines(&self, ecode: &str, year: &str) -> Result<Option<ServiceLines>, ConvertError> {
        let Some(lines) = self.by_body_year.get(&(ecode.to_owned(), year.to_owned())) else {
            return Ok(None);
        };
        let Some(total_at) = lines.iter().position(|l| l.1.eq_ignore_ascii_case("TOTAL SERVICE EXPENDITURE")) else {
            return Err(ConvertError::file(RS_FILE, format!("{ecode} {year} has no TOTAL SERVICE EXPENDITURE line")));
        };
        let total = lines.get(total_at).map_or(Decimal::ZERO, |l| l.2);
        let service = lines.iter().take(total_at).map(|l| (l.1.clone(), l.2)).collect();
        Ok(Some((service, total)))
    }

    /// The first line named `name` (without case) above the memo block, for one body and year.
    fn line(&self, ecode: &str, year: &str, name: &str) -> Option<Decimal> {
        self.by_body_year
            .get(&(ecode.to_owned(), year.to_owned()))?
            .iter()
            .find(|l| l.1.eq_ignore_ascii_case(name))
            .map(|l| l.2)
    }
}

fn service_line(text: &str) -> Option<&'static ServiceLine> {
    SERVICE_LINES.iter().find(|s| s.line.eq_ignore_ascii_case(text.trim()))
}

fn unknown_line(file: &str, what: &str, text: &str) -> ConvertError {
    ConvertError::file(file, format!("{what} line \"{text}\" is not in the RS → COFOG mapping (SERVICE_LINES)"))
}

fn pounds(file: &str, thousands: Decimal) -> Result<Decimal, ConvertError> {
    thousands_to_pounds(thousands).ok_or_else(|| ConvertError::file(file, format!("{thousands} thousand is too large")))
}

/// Collects members and facts as the parts are read.
#[derive(Default)]
struct Builder {
    facts: Vec<Fact>,
    coverage: Vec<Coverage>,
    /// Activity id → member (CRA groups and sub-functions found in the data).
    cra_activities: BTreeMap<String, Member>,
    /// Agency id → label, description (departments found in the data).
    departments: BTreeMap<String, (String, Option<String>)>,
    /// Audiences used by facts, in the order first used.
    audiences: Vec<Member>,
    /// Activities of service lines used by facts.
    used_lines: BTreeSet<&'static str>,
    /// Years whose council figures lack lines (for the description).
    council_years_partial: Vec<String>,
    /// The police and fire shares as text, e.g. "25.03% of the police area" (for the description).
    shares: Vec<String>,
}

#[allow(clippy::too_many_arguments)]
fn fact(
    agency: &str,
    audience: Option<&str>,
    activity: &str,
    period: &str,
    amount: Decimal,
    basis: Basis,
    source: &str,
    note: Option<String>,
) -> Fact {
    Fact {
        agency: agency.to_owned(),
        place: Some(PLACE.to_owned()),
        audience: audience.map(str::to_owned),
        activity: Some(activity.to_owned()),
        period: Some(period.to_owned()),
        amount: money_text(amount),
        basis,
        source: Some(source.to_owned()),
        note,
        summed_from: None,
    }
}

fn rs_source(year: &str) -> String {
    format!("rs-{year}")
}

impl Builder {
    fn council(&mut self, rs: &RsLines, bbc: &Table, pss: &Table) -> Result<(), ConvertError> {
        // What the BBC years lack: Central services + Other services in the RS years, £.
        let mut lacking_range: Option<(Decimal, Decimal)> = None;
        for year in PERIODS.iter().filter(|y| !BBC_YEARS.contains(y)) {
            if let Some((lines, _)) = rs.service_lines(COUNCIL_ECODE, year)? {
                let sum: Decimal = lines
                    .iter()
                    .filter(|(text, _)| {
                        ["Central services", "Other services"].iter().any(|l| l.eq_ignore_ascii_case(text))
                    })
                    .map(|(_, k)| *k)
                    .sum();
                let sum = pounds(RS_FILE, sum)?;
                lacking_range = Some(lacking_range.map_or((sum, sum), |(lo, hi)| (lo.min(sum), hi.max(sum))));
            }
        }
        for year in PERIODS {
            if BBC_YEARS.contains(&year) {
                self.council_from_bbc(bbc, year, lacking_range)?;
                continue;
            }
            let Some((lines, total)) = rs.service_lines(COUNCIL_ECODE, year)? else {
                return Err(ConvertError::file(
                    RS_FILE,
                    format!("has no net current expenditure sheet for Shropshire {year}"),
                ));
            };
            // The lines, each rounded to the penny, must add up to the published total to the pound.
            let mut sum = Decimal::ZERO;
            for (_, thousands) in &lines {
                sum += pounds(RS_FILE, *thousands)?;
            }
            let total = pounds(RS_FILE, total)?;
            if (sum - total).abs() >= Decimal::ONE {
                return Err(ConvertError::file(
                    RS_FILE,
                    format!(
                        "Shropshire {year}: service lines add up to {}, TOTAL SERVICE EXPENDITURE is {}",
                        pounds_text(sum),
                        pounds_text(total)
                    ),
                ));
            }
            for (text, thousands) in lines {
                let line = service_line(&text).ok_or_else(|| unknown_line(RS_FILE, "Shropshire", &text))?;
                if thousands.is_zero() {
                    continue;
                }
                let amount = pounds(RS_FILE, thousands)?;
                self.used_lines.insert(line.activity);
                if year == "2014-15" && line.activity == "adult-social-care" {
                    self.adult_social_care_split(pss, amount)?;
                } else {
                    let f = fact(
                        "shropshire-council",
                        None,
                        line.activity,
                        year,
                        amount,
                        Basis::Reported,
                        &rs_source(year),
                        None,
                    );
                    self.facts.push(f);
                }
            }
        }
        Ok(())
    }

    fn council_from_bbc(
        &mut self,
        bbc: &Table,
        year: &str,
        lacking_range: Option<(Decimal, Decimal)>,
    ) -> Result<(), ConvertError> {
        let (ecode, fy) = (bbc.column("E-code")?, bbc.column("financial_year")?);
        let rows: Vec<Row<'_>> = bbc.rows().filter(|r| r.text(ecode) == COUNCIL_ECODE && r.text(fy) == year).collect();
        let [row] = rows.as_slice() else {
            return Err(ConvertError::file(
                BBC_FILE,
                format!("has {} rows for Shropshire {year}, not one", rows.len()),
            ));
        };
        // Service columns are "NNN: line" with NNN below 600 (765/766 are capital charged to revenue).
        let mut found = BTreeSet::new();
        for (index, header) in bbc.headers.iter().enumerate() {
            let Some((code, text)) = header.split_once(": ") else { continue };
            let Ok(code) = code.parse::<u32>() else { continue };
            if code >= 700 {
                continue;
            }
            let line = service_line(text).ok_or_else(|| unknown_line(BBC_FILE, "BBC", text))?;
            found.insert(line.activity);
            let thousands = row.decimal(index)?;
            if thousands.is_zero() {
                continue;
            }
            self.used_lines.insert(line.activity);
            let f = fact(
                "shropshire-council",
                None,
                line.activity,
                year,
                pounds(BBC_FILE, thousands)?,
                Basis::Reported,
                "bbc-rs-2015-16-2016-17",
                None,
            );
            self.facts.push(f);
        }
        let missing: Vec<&str> =
            ["central-services", "other-services"].into_iter().filter(|a| !found.contains(a)).collect();
        if !missing.is_empty() {
            self.council_years_partial.push(year.to_owned());
            let millions = |pounds: Decimal| {
                (pounds / Decimal::from(1_000_000)).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
            };
            let size = lacking_range
                .map(|(lo, hi)| {
                    format!(" (together £{}–{} million a year in the other years)", millions(lo), millions(hi))
                })
                .unwrap_or_default();
            self.coverage.push(Coverage {
                agency: "shropshire-council".into(),
                period: Some(year.into()),
                extent: Extent::Partial,
                note: Some(format!(
                    "{year}: the BBC compilation of the RS returns has no Central services or Other services line{size}, and no total line to check against."
                )),
            });
        }
        Ok(())
    }

    /// PSS-EX1 2014-15 (net current expenditure) as the audience split of the council's RS adult
    /// social care line (`rs_amount`, £), plus the derived reconciliation fact.
    fn adult_social_care_split(&mut self, pss: &Table, rs_amount: Decimal) -> Result<(), ConvertError> {
        let (stype, age, reason, setting, category, council, value) = (
            pss.column("support_type")?,
            pss.column("age_band")?,
            pss.column("primary_support_reason_or_line")?,
            pss.column("setting")?,
            pss.column("accounting_category")?,
            pss.column("council")?,
            pss.column("value_gbp_thousand")?,
        );
        // (age band, line) → £ thousand; repeats of the "Non Salt Totals" block must agree.
        let mut parts: BTreeMap<(String, String), Decimal> = BTreeMap::new();
        let mut published_total = None;
        for row in pss.rows() {
            if row.text(council) != "Shropshire"
                || row.text(stype) != "Non Salt Totals"
                || row.text(category) != "Net current expenditure"
            {
                continue;
            }
            let (band, line, set) = (row.text(age), row.text(reason), row.text(setting));
            let wanted = if band.is_empty() { set == "Total" } else { set == "Short and long term total" };
            if !wanted {
                continue;
            }
            let v = row.decimal(value)?;
            if line == "Adult Social Care" {
                published_total = Some(v);
                continue;
            }
            match parts.insert((band.to_owned(), line.to_owned()), v) {
                Some(previous) if previous != v => {
                    return Err(row.error(format!("the repeated \"{line}\" line says {v}, the first said {previous}")));
                }
                _ => {}
            }
        }
        let published_total = published_total.ok_or_else(|| {
            ConvertError::file(PSS_FILE, "has no Shropshire \"Adult Social Care\" net current expenditure total")
        })?;

        let source = "pss-ex1-2014-15";
        let year = "2014-15";
        let mut split_sum = Decimal::ZERO;
        for (band, parent_id, parent_label) in AGE_BANDS {
            for (reason_text, suffix, reason_label) in CLIENT_GROUPS {
                let thousands = parts.remove(&(band.to_owned(), reason_text.to_owned())).ok_or_else(|| {
                    ConvertError::file(
                        PSS_FILE,
                        format!("has no \"{band}\" × \"{reason_text}\" net current expenditure line"),
                    )
                })?;
                if thousands.is_zero() {
                    continue;
                }
                let id = format!("{parent_id}-{suffix}");
                self.audience(parent_id, parent_label, None);
                self.audience(&id, &format!("{parent_label}: {reason_label}"), Some(parent_id));
                let amount = pounds(PSS_FILE, thousands)?;
                split_sum += amount;
                let note = Some(format!(
                    "PSS-EX1 2014-15, net current expenditure, long- and short-term support: {band}, {reason_text}."
                ));
                self.facts.push(fact(
                    "shropshire-council",
                    Some(&id),
                    "adult-social-care",
                    year,
                    amount,
                    Basis::Reported,
                    source,
                    note,
                ));
            }
        }
        for (line, audience) in OTHER_ASC_LINES {
            let thousands = parts.remove(&(String::new(), line.to_owned())).ok_or_else(|| {
                ConvertError::file(PSS_FILE, format!("has no \"{line}\" net current expenditure line"))
            })?;
            if thousands.is_zero() {
                continue;
            }
            if let Some((id, label)) = audience {
                self.audience(id, label, None);
            }
            let amount = pounds(PSS_FILE, thousands)?;
            split_sum += amount;
            let note = Some(match audience {
                Some(_) => format!("PSS-EX1 2014-15, net current expenditure: \"{line}\"."),
                None => format!("PSS-EX1 2014-15, net current expenditure: \"{line}\" (not split by client group)."),
            });
            let audience_id = audience.map(|a| a.0);
            self.facts.push(fact(
                "shropshire-council",
                audience_id,
                "adult-social-care",
                year,
                amount,
                Basis::Reported,
                source,
                note,
            ));
        }
        if let Some(((band, line), _)) = parts.iter().find(|(_, v)| !v.is_zero()) {
            return Err(ConvertError::file(
                PSS_FILE,
                format!("line \"{band}\" × \"{line}\" is not mapped to an audience"),
            ));
        }
        let reconciliation = rs_amount - split_sum;
        let note = format!(
            "Reconciliation, so that the 2014-15 split adds up to the published RS line: RS \"Adult Social Care\" {} minus the PSS-EX1 lines {} (PSS-EX1's own net current expenditure total is {}; the two returns are compiled differently, and PSS-EX1 lines are rounded to £10).",
            pounds_text(rs_amount),
            pounds_text(split_sum),
            pounds_text(pounds(PSS_FILE, published_total)?),
        );
        self.facts.push(fact(
            "shropshire-council",
            None,
            "adult-social-care",
            year,
            reconciliation,
            Basis::Derived,
            "rs-2014-15",
            Some(note),
        ));
        Ok(())
    }

    fn audience(&mut self, id: &str, label: &str, parent: Option<&str>) {
        if self.audiences.iter().any(|a| a.id == id) {
            return;
        }
        let population = (id == "older-people-65-plus").then_some(POPULATION_65_PLUS);
        let description =
            population.map(|_| "Population: Shropshire residents aged 65 and over, Census 2011 (63,400).".to_owned());
        self.audiences.push(Member {
            id: id.to_owned(),
            label: label.to_owned(),
            parent: parent.map(str::to_owned),
            population,
            description,
            ..Member::default()
        });
    }

    fn parishes(&mut self, rs: &RsLines, ct: &Table) -> Result<(), ConvertError> {
        let ct_precepts = |year: &str| -> Result<Option<Decimal>, ConvertError> {
            let (ecode, item, value) = (ct.column("ecode")?, ct.column("item")?, ct.column("value")?);
            let wanted = format!("2. Parish precepts | {year}");
            ct.rows()
                .find(|r| r.text(ecode) == COUNCIL_ECODE && r.text(item) == wanted)
                .map(|r| r.decimal(value))
                .transpose()
        };
        let note = "Total precepts set by Shropshire's town and parish councils (their council-tax income), used as the measure of their spending: no split by parish or by function is published in these returns.";
        for year in PERIODS {
            let from_rs = rs.line(COUNCIL_ECODE, year, "Parish precepts").map(|k| pounds(RS_FILE, k)).transpose()?;
            let from_ct = ct_precepts(year)?;
            if let (Some(r), Some(c)) = (from_rs, from_ct)
                && (r - c).abs() >= Decimal::ONE
            {
                return Err(ConvertError::file(
                    CT_FILE,
                    format!(
                        "parish precepts {year}: RS says {}, the council-tax table {}",
                        pounds_text(r),
                        pounds_text(c)
                    ),
                ));
            }
            let (amount, source) = match (from_rs, from_ct) {
                (Some(r), _) => (r, rs_source(year)),
                (None, Some(c)) => (c, "ct-2016-17-2017-18".to_owned()),
                (None, None) => {
                    self.coverage.push(Coverage {
                        agency: "town-and-parish-councils".into(),
                        period: Some(year.into()),
                        extent: Extent::Lacking,
                        note: Some(format!("{year}: parish precepts are in neither the BBC compilation used for this year nor the council-tax table (2016-17 and 2017-18 only).")),
                    });
                    continue;
                }
            };
            self.facts.push(fact(
                "town-and-parish-councils",
                None,
                PARISH_ACTIVITY,
                year,
                amount,
                Basis::Reported,
                &source,
                Some(note.to_owned()),
            ));
        }
        Ok(())
    }

    fn police_and_fire(&mut self, rs: &RsLines, ct: &Table) -> Result<(), ConvertError> {
        let (ecode, item, value) = (ct.column("ecode")?, ct.column("item")?, ct.column("value")?);
        let tax_base = |code: &str| -> Result<Decimal, ConvertError> {
            ct.rows()
                .find(|r| r.text(ecode) == code && r.text(item) == TAX_BASE_ITEM)
                .ok_or_else(|| ConvertError::file(CT_FILE, format!("has no \"{TAX_BASE_ITEM}\" for {code}")))?
                .decimal(value)
        };
        let shropshire = tax_base(COUNCIL_ECODE)?;
        let bodies = [
            (
                "west-mercia-police",
                &POLICE_ECODES[..],
                tax_base(POLICE_ECODES[1])?,
                "West Mercia Police's",
                "the force area's",
            ),
            (
                "shropshire-wrekin-fire",
                &[FIRE_ECODE][..],
                tax_base(FIRE_ECODE)?,
                "Shropshire & Wrekin Fire and Rescue's",
                "the fire authority area's",
            ),
        ];
        for (agency, codes, area_base, whose, area) in bodies {
            let which = if agency == "west-mercia-police" { "police" } else { "fire" };
            self.shares.push(format!("{} of the {which} area", percent_text(shropshire, area_base)));
            let note = format!(
                "Estimate: {whose} published figure for this line × {} / {} = {}, Shropshire's share of {area} council-tax base (Band D equivalents, 2016-17, \"Council tax base for council tax setting purposes\"), the same share for every year; rounded to the nearest penny.",
                grouped(shropshire),
                grouped(area_base),
                percent_text(shropshire, area_base),
            );
            for year in PERIODS {
                let mut found = None;
                for code in codes {
                    if let Some((lines, total)) = rs.service_lines(code, year)?
                        && !total.is_zero()
                    {
                        if found.is_some() {
                            return Err(ConvertError::file(RS_FILE, format!("two police bodies report for {year}")));
                        }
                        found = Some(lines);
                    }
                }
                let Some(lines) = found else {
                    self.coverage.push(Coverage {
                        agency: agency.into(),
                        period: Some(year.into()),
                        extent: Extent::Lacking,
                        note: Some(format!("{year}: police and fire figures are not in the BBC compilation of the RS returns used for this year (principal councils only).")),
                    });
                    continue;
                };
                for (text, thousands) in lines {
                    let line = service_line(&text).ok_or_else(|| unknown_line(RS_FILE, agency, &text))?;
                    if thousands.is_zero() {
                        continue;
                    }
                    self.used_lines.insert(line.activity);
                    let total = pounds(RS_FILE, thousands)?;
                    let amount = apportion(total, shropshire, area_base)
                        .ok_or_else(|| ConvertError::file(RS_FILE, format!("cannot apportion {agency} {year}")))?;
                    self.facts.push(fact(
                        agency,
                        None,
                        line.activity,
                        year,
                        amount,
                        Basis::Apportioned,
                        &rs_source(year),
                        Some(note.clone()),
                    ));
                }
            }
        }
        Ok(())
    }

    fn central_government(
        &mut self,
        cra: &Table,
        source: &str,
        dept_column: &str,
        kind_column: &str,
        years: &[&str],
    ) -> Result<(), ConvertError> {
        let (dept, level0, level1, sub, id, cap, kind) = (
            cra.column(dept_column)?,
            cra.column("COFOG Level 0")?,
            cra.column("COFOG Level 1")?,
            cra.column("HMT Subfunction")?,
            cra.column("ID/non-ID")?,
            cra.column("CAP or CUR")?,
            cra.column(kind_column)?,
        );
        let year_columns: Vec<usize> = years.iter().map(|y| cra.column(y)).collect::<Result<_, _>>()?;
        // (period, agency, activity) → £ thousand, summed over CRA segments. Agencies and
        // activities are declared only when a non-zero sum uses them.
        let mut sums: BTreeMap<(String, String, String), Decimal> = BTreeMap::new();
        let mut agencies: BTreeMap<String, (String, Option<String>)> = BTreeMap::new();
        let mut activities: BTreeMap<String, Vec<Member>> = BTreeMap::new();
        for row in cra.rows() {
            let body_kind = row.text(kind);
            if !matches!(body_kind, "CG" | "PC") || row.text(cap) != "CUR" || row.text(id) != "ID" {
                continue;
            }
            let agency = if body_kind == "PC" {
                "public-corporations".to_owned()
            } else {
                let (id, label, description) = department(row.text(dept));
                agencies.entry(id.clone()).or_insert((label, description));
                id
            };
            let members = cra_activity(&row, row.text(level0), row.text(level1), row.text(sub))?;
            let activity = members.last().map(|m| m.id.clone()).unwrap_or_default();
            activities.entry(activity.clone()).or_insert(members);
            for (year, column) in years.iter().zip(&year_columns) {
                *sums.entry(((*year).to_owned(), agency.clone(), activity.clone())).or_default() +=
                    row.decimal(*column)?;
            }
        }
        let release = if source == "cra-2014" { "CRA 2014" } else { "CRA 2018" };
        let (num, den) = (Decimal::from(POPULATION), Decimal::from(WEST_MIDLANDS_POPULATION));
        for ((year, agency, activity), thousands) in sums {
            if thousands.is_zero() {
                continue;
            }
            let region = thousands
                .checked_mul(Decimal::ONE_THOUSAND)
                .ok_or_else(|| ConvertError::file(cra.file(), "a figure is too large"))?;
            let amount =
                apportion(region, num, den).ok_or_else(|| ConvertError::file(cra.file(), "cannot apportion"))?;
            let note = format!(
                "Estimate: HM Treasury's West Midlands figure for this department and function ({}, {release}, current, identifiable) × {} / {} = {}, Shropshire's share of the region's population (Census 2011 / HM Treasury's 2011-12 West Midlands population); rounded to the nearest penny.",
                pounds_text(region),
                grouped(num),
                grouped(den),
                percent_text(num, den),
            );
            if let Some((label, description)) = agencies.get(&agency) {
                self.departments.entry(agency.clone()).or_insert_with(|| (label.clone(), description.clone()));
            }
            for member in activities.get(&activity).into_iter().flatten() {
                self.cra_activities.entry(member.id.clone()).or_insert_with(|| member.clone());
            }
            self.facts.push(fact(&agency, None, &activity, &year, amount, Basis::Apportioned, source, Some(note)));
        }
        Ok(())
    }
}

/// The agency id, label and description for a department as CRA names it (renamed departments
/// kept as one).
fn department(name: &str) -> (String, String, Option<String>) {
    let (id, label) = match RENAMED_DEPARTMENTS.iter().find(|(n, _, _)| *n == name) {
        Some((_, id, label)) => ((*id).to_owned(), (*label).to_owned()),
        None => (slug(name), name.to_owned()),
    };
    let description = DEPARTMENT_NOTES.iter().find(|(i, _)| *i == id).map(|(_, d)| (*d).to_owned());
    (id, label, description)
}

/// The activities a CRA row needs: its COFOG group, then (for an HMT "of which" sub-function)
/// the child of the group the row sits at; the last is the row's. Errors: a division or group
/// code that is not COFOG-shaped.
fn cra_activity(row: &Row<'_>, level0: &str, level1: &str, sub: &str) -> Result<Vec<Member>, ConvertError> {
    let division: u8 = level0
        .split_once('.')
        .and_then(|(code, _)| code.trim().parse().ok())
        .filter(|d| (1..=10).contains(d))
        .ok_or_else(|| row.error(format!("COFOG Level 0 \"{level0}\" is not a COFOG division")))?;
    let division_id = format!("cofog-{division:02}");
    let (group_code, group_label) =
        level1.split_once(' ').ok_or_else(|| row.error(format!("COFOG Level 1 \"{level1}\" has no code")))?;
    let group_tail = group_code
        .split_once('.')
        .map(|(_, tail)| tail)
        .filter(|tail| !tail.is_empty())
        .ok_or_else(|| row.error(format!("COFOG Level 1 \"{level1}\" has no group code")))?;
    let group_id = format!("{division_id}-{}", slug(group_tail));
    // "n.e.c." is statisticians' shorthand: residents read "(not elsewhere classified)"; the
    // description keeps HM Treasury's own name.
    let hmt_label = group_label.trim();
    let group = Member {
        id: group_id.clone(),
        label: match hmt_label.strip_suffix(" n.e.c.") {
            Some(head) => format!("{head} (not elsewhere classified)"),
            None => hmt_label.to_owned(),
        },
        parent: Some(division_id),
        description: Some(format!(
            "COFOG group {group_code}, \"{hmt_label}\" in HM Treasury's Country and Regional Analysis."
        )),
        ..Member::default()
    };
    let Some((_, of_which)) = sub.split_once("of which:") else {
        return Ok(vec![group]);
    };
    let of_which = of_which.trim();
    let mut label: String = of_which.chars().take(1).flat_map(char::to_uppercase).collect();
    label.push_str(of_which.get(1..).unwrap_or(""));
    let child = Member {
        id: format!("{group_id}-{}", slug(of_which)),
        label,
        parent: Some(group_id),
        description: Some(format!("HM Treasury sub-function \"{sub}\".")),
        ..Member::default()
    };
    Ok(vec![group, child])
}

impl Builder {
    fn finish(self, outcomes: Outcomes) -> Document {
        let mut coverage = vec![
            Coverage {
                agency: "central-government".into(),
                period: None,
                extent: Extent::Partial,
                note: Some("Current spending only (capital excluded), and only spending HM Treasury can identify as for the West Midlands; an estimate for Shropshire by population share, not Shropshire's own figures.".into()),
            },
            Coverage {
                agency: "public-corporations".into(),
                period: None,
                extent: Extent::Lacking,
                note: Some("HM Treasury counts only public corporations' capital spending in its regional analysis; this file holds current spending only, so none of theirs is here.".into()),
            },
        ];
        coverage.extend(self.coverage);

        let mut activities: Vec<Member> = COFOG
            .iter()
            .zip(1u8..)
            .map(|(label, code)| Member {
                id: format!("cofog-{code:02}"),
                label: (*label).to_owned(),
                description: Some(format!(
                    "COFOG division {code:02} (UN Classification of the Functions of Government)."
                )),
                ..Member::default()
            })
            .collect();
        for line in SERVICE_LINES.iter().filter(|l| self.used_lines.contains(l.activity)) {
            activities.push(Member {
                id: line.activity.to_owned(),
                label: line.label.to_owned(),
                parent: Some(format!("cofog-{:02}", line.cofog)),
                description: Some(format!(
                    "Revenue Outturn (RS) service line \"{}\": net current expenditure.",
                    line.line
                )),
                ..Member::default()
            });
        }
        activities.push(Member {
            id: PARISH_ACTIVITY.to_owned(),
            label: "Town and parish council services (precepts; no split by function)".to_owned(),
            parent: Some("cofog-01".to_owned()),
            description: Some(
                "RS line \"Parish precepts\": what town and parish councils raise through council tax.".to_owned(),
            ),
            ..Member::default()
        });
        activities.extend(self.cra_activities.into_values());

        let member = |id: &str, label: &str, parent: Option<&str>, description: Option<&str>| Member {
            id: id.to_owned(),
            label: label.to_owned(),
            parent: parent.map(str::to_owned),
            description: description.map(str::to_owned),
            ..Member::default()
        };
        let mut agencies = vec![
            member("local-government", "Local government", None, None),
            member(
                "shropshire-council",
                "Shropshire Council",
                Some("local-government"),
                Some("Unitary council (E06000051; RS code E3202)."),
            ),
            member(
                "town-and-parish-councils",
                "Town and parish councils",
                Some("local-government"),
                Some(
                    "Shropshire's town and parish councils (156 set a precept in 2016-17), as the total of their precepts.",
                ),
            ),
            member("police-and-fire", "Police and fire", None, None),
            member(
                "west-mercia-police",
                "West Mercia Police (Shropshire's share)",
                Some("police-and-fire"),
                Some(
                    "West Mercia Police Authority (to 2011-12), then the Police and Crime Commissioner and Chief Constable; the force covers Herefordshire, Shropshire, Telford and Wrekin and Worcestershire. Figures are the force's, apportioned.",
                ),
            ),
            member(
                "shropshire-wrekin-fire",
                "Shropshire & Wrekin Fire and Rescue (Shropshire's share)",
                Some("police-and-fire"),
                Some(
                    "Shropshire (and Wrekin) Combined Fire and Rescue Authority, covering Shropshire and Telford and Wrekin. Figures are the authority's, apportioned.",
                ),
            ),
            member(
                "central-government",
                "Central government",
                None,
                Some(
                    "Departments' own spending in the West Midlands (HM Treasury Country and Regional Analysis), apportioned to Shropshire by population.",
                ),
            ),
        ];
        for (id, (label, description)) in self.departments {
            agencies.push(Member {
                id,
                label,
                parent: Some("central-government".into()),
                description,
                ..Member::default()
            });
        }
        agencies.push(member(
            "public-corporations",
            "Public corporations",
            Some("central-government"),
            Some(
                "Publicly owned trading bodies; in HM Treasury's regional analysis only their capital spending counts.",
            ),
        ));

        Document {
            format_version: "1.1".into(),
            metadata: Metadata {
                title: "Shropshire: public spending by all bodies, 2010-11 to 2017-18 (published figures)".into(),
                publisher: Some("The Whole Place project, from published returns (DCLG/MHCLG, NHS Digital, HM Treasury, Oflog)".into()),
                description: Some(description(&self.council_years_partial, &self.shares)),
                version: None,
                licence: Some(Licence { name: OGL.into(), url: Some(OGL_URL.into()) }),
                currency: Some("GBP".into()),
                status: Some("compiled".into()),
                sources: Vec::new(),
                period: None,
            },
            periods: PERIODS
                .iter()
                .map(|id| {
                    let first: u32 = id.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(0);
                    Period { id: (*id).into(), label: (*id).into(), start: Some(format!("{first}-04-01")), end: Some(format!("{}-03-31", first + 1)) }
                })
                .collect(),
            sources: sources(),
            places: vec![Member {
                id: PLACE.into(),
                label: "Shropshire".into(),
                population: Some(POPULATION),
                households: Some(HOUSEHOLDS),
                population_source: Some("shropshire-census-2011".into()),
                description: Some("Shropshire Council's area (E06000051). Census 2011: 306,100 usual residents (rounded to 100 by the council), 129,700 households. No smaller Places: none of these returns is published below the county.".into()),
                ..Member::default()
            }],
            audiences: self.audiences,
            activities,
            agencies,
            coverage,
            outcomes,
            transfers: Vec::new(),
            facts: self.facts,
        }
    }
}

fn description(bbc_partial_years: &[String], shares: &[String]) -> String {
    let service_map = SERVICE_LINES
        .iter()
        .map(|l| format!("{} → {}", l.line, COFOG.get(usize::from(l.cofog) - 1).copied().unwrap_or("")))
        .collect::<Vec<_>>()
        .join("; ");
    format!(
        "Public spending on Shropshire's residents by every body whose figures are published, financial years 2010-11 to 2017-18, brought together from the bodies' own returns to government and from HM Treasury's regional analysis. Amounts are net current (revenue) spending in pounds, nominal (not adjusted for inflation).

What is in, what is not
- One Place: the whole county. No Place-level split (towns, market towns, wards) is published in any of these returns.
- Shropshire Council: net current expenditure by service line (Revenue Outturn, RS), every year. Not the wider net current expenditure total, which also holds parish precepts and housing benefit the council pays for DWP (both are counted once, elsewhere). {bbc} come from the BBC Shared Data Unit's compilation of the same returns, which lacks the Central services and Other services lines.
- Adult social care 2014-15 is split by client group and age band (PSS-EX1, net current expenditure), with a reconciliation line so the split adds up to the RS line exactly.
- Town and parish councils: their total precepts (no split by parish or function); 2015-16 is not available.
- West Mercia Police and Shropshire & Wrekin Fire and Rescue: their RS service lines, apportioned to Shropshire by its share of the 2016-17 council-tax base ({shares}), the same share every year. Not available for 2015-16 and 2016-17.
- Central government (benefits and pensions, the NHS, academies and colleges, courts and prisons, tax credits and the rest): HM Treasury's Country and Regional Analysis for the West Midlands, central-government rows only, current spending only, apportioned to Shropshire by population (306,100 of 5,625,705, 5.44%, every year). This is a regional estimate, not Shropshire's own figures: NHS spending in particular is the region's, shared out by head. 2010-11 to 2012-13 are from the 2014 release, 2013-14 onward from the 2018 release, which restates figures in 2018's departments (so, for example, further and higher education moves from BIS to the Department for Education between 2012-13 and 2013-14).
- Left out: capital spending (all bodies); public corporations (HM Treasury counts only their capital); spending that cannot be assigned to a region (defence, debt interest, overseas aid); local-government rows of HM Treasury's analysis (they would count the council, police and fire twice); NHS and other bodies' own accounts for Shropshire, which are not in these sources.
- Populations: Census 2011 (306,100 residents, 129,700 households; 63,400 aged 65 and over), used for every year.
- Outcomes: adult social care measures for Shropshire beside the England median (Oflog), 2015-16 to 2017-18; the source has later years too, outside this file's years. Values are shown to at most four decimal places.
- Activities follow COFOG, the UN's functions of government. Council service lines sit under: {service_map}; parish precepts under General public services.
- Amounts published in £ thousand are multiplied by 1,000 exactly; apportioned amounts are the published figure × the stated share, rounded once to the nearest penny (halves away from zero).",
        shares = shares.join(", "),
        bbc = if bbc_partial_years.is_empty() { "2015-16 and 2016-17".to_owned() } else { bbc_partial_years.join(" and ") },
    )
}

fn source(id: &str, title: &str, publisher: &str, url: Option<&str>, reference: &str) -> Source {
    Source {
        id: id.into(),
        title: title.into(),
        publisher: Some(publisher.into()),
        url: url.map(str::to_owned),
        reference: Some(reference.into()),
        licence: Some(OGL.into()),
        retrieved: Some(RETRIEVED.into()),
    }
}

fn sources() -> Vec<Source> {
    const RS_URL: &str = "https://www.gov.uk/government/collections/local-authority-revenue-expenditure-and-financing";
    let mut list: Vec<Source> = PERIODS
        .iter()
        .filter(|y| !BBC_YEARS.contains(y))
        .map(|year| {
            let publisher = if *year == "2017-18" {
                "Ministry of Housing, Communities and Local Government"
            } else {
                "Department for Communities and Local Government"
            };
            source(
                &rs_source(year),
                &format!("Revenue Outturn Summary (RS) {year}"),
                publisher,
                Some(RS_URL),
                &format!("RS {year}, sheet \"Net current expenditure\": service lines \"Education services\" to \"Other services\" and \"TOTAL SERVICE EXPENDITURE\", \"Parish precepts\"; Shropshire UA (E3202), West Mercia police (E6055/E7055), Shropshire Combined Fire Authority (E6132). Extract {RS_FILE}, from the workbooks in BBC-Data-Unit/council-cuts-charts @ 5b54d08f."),
            )
        })
        .collect();
    list.push(source(
        "bbc-rs-2015-16-2016-17",
        "Revenue Outturn (RS) service lines 2015-16 and 2016-17, compiled by the BBC Shared Data Unit",
        "BBC Shared Data Unit, from DCLG returns",
        Some("https://github.com/BBC-Data-Unit/council-cuts-charts"),
        &format!("roall.csv @ 5b54d08f, Shropshire UA (E3202), columns 190 to 599 (service lines); BBC year 2016 = 2015-16, 2017 = 2016-17. Extract {BBC_FILE}."),
    ));
    list.push(source(
        "ct-2016-17-2017-18",
        "Council tax requirement, precepts and tax base, 2016-17 and 2017-18",
        "Department for Communities and Local Government",
        Some(RS_URL),
        &format!("Sheet \"Data\" of the RS 2017-18 workbook: line 2 \"Parish precepts | 2016-17\" (Shropshire), line 7 \"Council tax base for council tax setting purposes | 2016-17\" (Shropshire 104,912.5; West Mercia PCC 419,220.9; Shropshire Combined Fire Authority 151,897.78). Extract {CT_FILE}."),
    ));
    list.push(source(
        "pss-ex1-2014-15",
        "Personal Social Services: Expenditure and Unit Costs, England 2014-15 (PSS-EX1 council-level expenditure)",
        "Health and Social Care Information Centre (now NHS Digital)",
        None,
        &format!("pss-exp-eng-14-15-fin-coun-lev-exp-data.csv, Shropshire (CASSR 417), \"Non Salt Totals\", accounting category \"Net current expenditure\". Extract {PSS_FILE}, from BenGoodair/adults_social_care_data @ 2475d81f."),
    ));
    list.push(source(
        "cra-2014",
        "Country and Regional Analysis 2014: database",
        "HM Treasury",
        Some("https://www.gov.uk/government/statistics/country-and-regional-analysis-2014"),
        &format!("CRA 2014 database, NUTS1 West Midlands, CG/PC rows, CUR, ID; years 2010-11 to 2012-13. Extract {CRA2014_FILE}, from thomasforth/PESAParser @ 804728f7."),
    ));
    list.push(source(
        "cra-2018",
        "Country and Regional Analysis 2018: database",
        "HM Treasury",
        Some("https://www.gov.uk/government/statistics/country-and-regional-analysis-2018"),
        &format!("CRA 2018 database (revised), NUTS1 West Midlands, CG/PC rows, CUR, ID; years 2013-14 to 2017-18. Extract {CRA2018_FILE}, from thomasforth/PESAParser @ 804728f7."),
    ));
    list.push(source(
        "hmt-population-2011-12",
        "West Midlands population in HM Treasury's PESA/CRA database, 2011-12",
        "HM Treasury",
        None,
        "Population column of the parsed PESA/CRA database (thomasforth/PESAParser @ 804728f7): West Midlands 5,625,705 in 2011-12. The denominator of the central-government population share.",
    ));
    list.push(source(
        "shropshire-census-2011",
        "Census 2011 facts and figures for Shropshire",
        "Shropshire Council",
        Some("https://www.shropshire.gov.uk/information-intelligence-and-insight/facts-and-figures/census-2011/"),
        "Usual residents 306,100 (rounded to 100), households 129,700, aged 65 and over 63,400; also the council's newsroom, 17 July 2012, \"2011 Census results – first release\".",
    ));
    list.push(source(
        "oflog-asc-outcomes",
        "Local Authority Data Explorer: adult social care outcome measures",
        "Office for Local Government (Oflog), from NHS Digital ASCOF and Skills for Care",
        None,
        &format!("ASC_data.csv in communitiesuk/oflog-automated-text @ 8036fa87, Shropshire (E06000051), with the England median. Extract {OFLOG_FILE}."),
    ));
    list
}

/// Oflog measures for Shropshire with the England median, for the file's periods only.
fn outcomes(oflog: &Table) -> Result<Outcomes, ConvertError> {
    let (year, code, la, measure_code, value, median) = (
        oflog.column("Financial year")?,
        oflog.column("Local authority code")?,
        oflog.column("Local authority name")?,
        oflog.column("Code")?,
        oflog.column("Value")?,
        oflog.column("MEDIAN")?,
    );
    let mut values: BTreeMap<(usize, String), OutcomeValue> = BTreeMap::new();
    for row in oflog.rows() {
        if row.text(code) != "E06000051" || !PERIODS.contains(&row.text(year)) {
            continue;
        }
        if row.text(la) != "Shropshire" {
            return Err(row.error("E06000051 is not named Shropshire"));
        }
        let Some(index) = MEASURES.iter().position(|m| m.0 == row.text(measure_code)) else {
            return Err(row.error(format!("measure code \"{}\" is not in MEASURES", row.text(measure_code))));
        };
        let id = MEASURES.get(index).map_or("", |m| m.1);
        let v = OutcomeValue {
            measure: id.to_owned(),
            place: Some(PLACE.to_owned()),
            period: row.text(year).to_owned(),
            value: outcome_text(row.decimal(value)?),
            comparator: Some(Comparator { label: "England median".into(), value: outcome_text(row.decimal(median)?) }),
            source: Some("oflog-asc-outcomes".into()),
        };
        if values.insert((index, v.period.clone()), v).is_some() {
            return Err(row.error("a second value for the same measure and year"));
        }
    }
    let used: BTreeSet<usize> = values.keys().map(|k| k.0).collect();
    let measures = MEASURES
        .iter()
        .enumerate()
        .filter(|(i, _)| used.contains(i))
        .map(|(_, (_, id, label, unit, higher, description, audiences))| Measure {
            id: (*id).into(),
            label: (*label).into(),
            unit: Some((*unit).into()),
            higher_is_better: *higher,
            description: Some((*description).into()),
            activities: vec!["adult-social-care".into()],
            audiences: audiences.iter().map(|a| (*a).to_owned()).collect(),
            source: Some("oflog-asc-outcomes".into()),
        })
        .collect();
    Ok(Outcomes { measures, values: values.into_values().collect() })
}

/// An outcome value as text: at most four decimals (the extract carries binary-float noise such
/// as 78.05000000000001), trailing zeros dropped.
fn outcome_text(value: Decimal) -> String {
    value.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero).normalize().to_string()
}
