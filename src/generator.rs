//! The illustrative Shropshire dataset, made deterministically from a seed.
//!
//! The default file shipped in `public/data/` is this generator's output at its default settings
//! (a test checks they match). Larger datasets for benchmarks come from the same spending
//! lines split into more, smaller facts. All arithmetic is in whole pence (`i128`), so the
//! figures are exact; the numbers are plausible in shape, not real.

use crate::rng::SplitMix64;
use std::fmt::Write as _;

/// Places: id, label, resident population (sums to 320,000).
pub const PLACES: &[(&str, &str, u64)] = &[
    ("albrighton", "Albrighton", 9_140),
    ("bishops-castle", "Bishop's Castle", 6_980),
    ("bridgnorth", "Bridgnorth", 24_210),
    ("broseley", "Broseley", 7_460),
    ("church-stretton", "Church Stretton", 8_520),
    ("cleobury-mortimer", "Cleobury Mortimer", 7_530),
    ("craven-arms", "Craven Arms", 7_960),
    ("ellesmere", "Ellesmere", 10_470),
    ("highley", "Highley", 5_490),
    ("ludlow", "Ludlow", 18_540),
    ("market-drayton", "Market Drayton", 22_080),
    ("minsterley-pontesbury", "Minsterley and Pontesbury", 10_950),
    ("much-wenlock", "Much Wenlock", 7_040),
    ("oswestry", "Oswestry", 35_870),
    ("shifnal", "Shifnal", 13_050),
    ("shrewsbury", "Shrewsbury", 94_640),
    ("wem", "Wem", 14_010),
    ("whitchurch", "Whitchurch", 16_060),
];

/// Audiences: id, label, share of residents in per-mille (`None`: not a population group).
const AUDIENCES: &[(&str, &str, Option<u64>)] = &[
    ("under-5", "Children under 5", Some(53)),
    ("age-5-15", "Children 5–15", Some(125)),
    ("young-16-19", "Young people 16–19", Some(50)),
    ("working-age", "Working-age adults 20–64", Some(568)),
    ("older-65", "Older people 65+", Some(204)),
    ("families-multiple-needs", "Families with multiple needs", Some(12)),
    ("offenders", "Offenders and people at risk of offending", Some(4)),
    ("all-residents", "All residents", Some(1000)),
];

/// Activities: id, label, parent id.
const ACTIVITIES: &[(&str, &str, Option<&str>)] = &[
    ("offender-management", "Offender management (reducing re-offending)", None),
    ("integrated-offender-management", "Integrated offender management", Some("offender-management")),
    ("probation-supervision", "Probation supervision", Some("offender-management")),
    ("youth-offending", "Youth offending service", Some("offender-management")),
    ("resettlement", "Resettlement after custody", Some("offender-management")),
    ("drug-alcohol", "Drug and alcohol misuse", None),
    ("substance-treatment", "Treatment services", Some("drug-alcohol")),
    ("substance-prevention", "Prevention and education", Some("drug-alcohol")),
    ("community-capacity", "Community capacity", None),
    ("volunteering-support", "Volunteering support", Some("community-capacity")),
    ("community-grants", "Community grants", Some("community-capacity")),
    ("dementia-stroke", "Dementia and stroke", None),
    ("dementia-care", "Dementia care and support", Some("dementia-stroke")),
    ("stroke-rehabilitation", "Stroke rehabilitation", Some("dementia-stroke")),
    ("childhood-obesity", "Childhood obesity", None),
    ("healthy-schools", "Healthy schools and play", Some("childhood-obesity")),
    ("weight-management", "Child weight management", Some("childhood-obesity")),
    ("family-poverty", "Family poverty and breakdown", None),
    ("family-intervention", "Family intervention", Some("family-poverty")),
    ("employment-support", "Employment support", Some("family-poverty")),
    ("welfare-advice", "Welfare and debt advice", Some("family-poverty")),
    ("affordable-housing", "Affordable housing", None),
    ("housing-development", "Affordable housing development", Some("affordable-housing")),
    ("homelessness", "Homelessness prevention", Some("affordable-housing")),
    ("schools", "Schools and education", None),
    ("primary-schools", "Primary schools", Some("schools")),
    ("secondary-schools", "Secondary schools", Some("schools")),
    ("post-16", "Post-16 education and training", Some("schools")),
    ("special-needs", "Special educational needs", Some("schools")),
    ("adult-social-care", "Adult social care", None),
    ("residential-care", "Residential and nursing care", Some("adult-social-care")),
    ("home-care", "Home care", Some("adult-social-care")),
    ("carers-support", "Support for carers", Some("adult-social-care")),
    ("childrens-social-care", "Children's social care", None),
    ("roads-transport", "Roads and transport", None),
    ("highways-maintenance", "Highways maintenance", Some("roads-transport")),
    ("public-transport", "Public transport", Some("roads-transport")),
    ("parking", "Car parking (net of charges)", Some("roads-transport")),
    ("waste", "Waste and recycling", None),
    ("policing", "Policing", None),
    ("neighbourhood-policing", "Neighbourhood policing", Some("policing")),
    ("response-policing", "Emergency response", Some("policing")),
    ("investigation", "Crime investigation", Some("policing")),
    ("fire-rescue", "Fire and rescue", None),
    ("fire-response", "Fire and rescue response", Some("fire-rescue")),
    ("fire-prevention", "Home fire safety and prevention", Some("fire-rescue")),
    ("primary-care", "Primary and community health care", None),
    ("gp-services", "GP services and prescribing", Some("primary-care")),
    ("community-nursing", "Community nursing", Some("primary-care")),
    ("public-health", "Public health", Some("primary-care")),
    ("hospital-care", "Hospital care", None),
    ("benefits-administration", "Benefits and jobseeker administration", None),
    ("leisure-culture", "Leisure, libraries and culture", None),
    ("local-amenities", "Local amenities (parks, halls, allotments)", None),
];

/// Agencies: id, label.
const AGENCIES: &[(&str, &str)] = &[
    ("shropshire-council", "Shropshire Council"),
    ("west-mercia-police", "West Mercia Police"),
    ("nhs-shropshire", "NHS Shropshire County (PCT, becoming the CCG)"),
    ("west-mercia-probation", "West Mercia Probation Trust"),
    ("shropshire-fire", "Shropshire Fire and Rescue Service"),
    ("jobcentre-plus", "Jobcentre Plus"),
    ("vcs-assembly", "Voluntary and Community Sector Assembly"),
    ("town-parish-councils", "Town and parish councils"),
];

/// A spending line: agency, activity, annual pounds, per-mille not attributed to a Place,
/// and the audiences it serves with per-mille weights (`None`: not attributed to one audience).
type Line = (&'static str, &'static str, i64, u64, &'static [(Option<&'static str>, u64)]);

const ALL: &[(Option<&str>, u64)] = &[(Some("all-residents"), 1000)];
const EVERYONE: &[(Option<&str>, u64)] = &[(None, 1000)];
const OLDER: &[(Option<&str>, u64)] = &[(Some("older-65"), 1000)];
const OFFENDERS: &[(Option<&str>, u64)] = &[(Some("offenders"), 800), (Some("young-16-19"), 200)];
const WORKING: &[(Option<&str>, u64)] = &[(Some("working-age"), 1000)];
const FAMILIES: &[(Option<&str>, u64)] = &[(Some("families-multiple-needs"), 1000)];

const LINES: &[Line] = &[
    ("shropshire-council", "primary-schools", 95_000_000, 20, &[(Some("age-5-15"), 900), (Some("under-5"), 100)]),
    ("shropshire-council", "secondary-schools", 85_000_000, 20, &[(Some("age-5-15"), 800), (Some("young-16-19"), 200)]),
    ("shropshire-council", "post-16", 20_000_000, 50, &[(Some("young-16-19"), 1000)]),
    (
        "shropshire-council",
        "special-needs",
        25_000_000,
        100,
        &[(Some("age-5-15"), 700), (Some("young-16-19"), 200), (Some("under-5"), 100)],
    ),
    ("shropshire-council", "residential-care", 60_000_000, 30, &[(Some("older-65"), 850), (Some("working-age"), 150)]),
    ("shropshire-council", "home-care", 40_000_000, 30, &[(Some("older-65"), 750), (Some("working-age"), 250)]),
    ("shropshire-council", "carers-support", 5_000_000, 100, &[(Some("older-65"), 600), (Some("working-age"), 400)]),
    (
        "shropshire-council",
        "childrens-social-care",
        30_000_000,
        80,
        &[
            (Some("under-5"), 300),
            (Some("age-5-15"), 500),
            (Some("young-16-19"), 100),
            (Some("families-multiple-needs"), 100),
        ],
    ),
    ("shropshire-council", "highways-maintenance", 25_000_000, 200, ALL),
    (
        "shropshire-council",
        "public-transport",
        9_000_000,
        150,
        &[(Some("all-residents"), 700), (Some("older-65"), 200), (Some("young-16-19"), 100)],
    ),
    ("shropshire-council", "parking", -6_000_000, 0, ALL),
    ("shropshire-council", "waste", 28_000_000, 50, ALL),
    ("shropshire-council", "family-intervention", 4_000_000, 50, FAMILIES),
    ("shropshire-council", "welfare-advice", 1_500_000, 100, WORKING),
    ("shropshire-council", "housing-development", 6_000_000, 0, ALL),
    (
        "shropshire-council",
        "homelessness",
        3_000_000,
        100,
        &[(Some("working-age"), 500), (Some("families-multiple-needs"), 300), (Some("young-16-19"), 200)],
    ),
    ("shropshire-council", "dementia-care", 8_000_000, 50, OLDER),
    ("shropshire-council", "healthy-schools", 800_000, 0, &[(Some("age-5-15"), 1000)]),
    ("shropshire-council", "weight-management", 500_000, 100, &[(Some("age-5-15"), 800), (Some("under-5"), 200)]),
    ("shropshire-council", "community-grants", 2_000_000, 100, ALL),
    (
        "shropshire-council",
        "substance-treatment",
        3_000_000,
        150,
        &[(Some("working-age"), 850), (Some("young-16-19"), 150)],
    ),
    (
        "shropshire-council",
        "youth-offending",
        2_500_000,
        100,
        &[(Some("young-16-19"), 600), (Some("age-5-15"), 200), (Some("offenders"), 200)],
    ),
    ("shropshire-council", "leisure-culture", 12_000_000, 50, ALL),
    ("shropshire-council", "benefits-administration", 4_000_000, 1000, WORKING),
    ("west-mercia-police", "neighbourhood-policing", 25_000_000, 50, ALL),
    ("west-mercia-police", "response-policing", 20_000_000, 150, EVERYONE),
    ("west-mercia-police", "investigation", 15_000_000, 400, EVERYONE),
    ("west-mercia-police", "integrated-offender-management", 3_000_000, 100, OFFENDERS),
    ("west-mercia-police", "youth-offending", 600_000, 100, &[(Some("young-16-19"), 800), (Some("age-5-15"), 200)]),
    (
        "west-mercia-police",
        "substance-prevention",
        1_000_000,
        100,
        &[(Some("young-16-19"), 500), (Some("age-5-15"), 500)],
    ),
    ("nhs-shropshire", "gp-services", 45_000_000, 0, ALL),
    ("nhs-shropshire", "community-nursing", 30_000_000, 50, &[(Some("older-65"), 600), (Some("all-residents"), 400)]),
    ("nhs-shropshire", "public-health", 10_000_000, 300, EVERYONE),
    (
        "nhs-shropshire",
        "hospital-care",
        250_000_000,
        100,
        &[(Some("all-residents"), 550), (Some("older-65"), 400), (Some("under-5"), 50)],
    ),
    ("nhs-shropshire", "stroke-rehabilitation", 6_000_000, 50, OLDER),
    ("nhs-shropshire", "dementia-care", 7_000_000, 50, OLDER),
    (
        "nhs-shropshire",
        "substance-treatment",
        4_000_000,
        100,
        &[(Some("working-age"), 900), (Some("young-16-19"), 100)],
    ),
    ("nhs-shropshire", "weight-management", 1_200_000, 100, &[(Some("age-5-15"), 600), (Some("under-5"), 400)]),
    ("nhs-shropshire", "youth-offending", 300_000, 200, &[(Some("young-16-19"), 1000)]),
    ("west-mercia-probation", "probation-supervision", 6_000_000, 100, OFFENDERS),
    ("west-mercia-probation", "resettlement", 1_500_000, 200, &[(Some("offenders"), 1000)]),
    ("west-mercia-probation", "integrated-offender-management", 1_200_000, 100, OFFENDERS),
    ("west-mercia-probation", "youth-offending", 400_000, 100, &[(Some("young-16-19"), 1000)]),
    ("shropshire-fire", "fire-response", 15_000_000, 300, EVERYONE),
    ("shropshire-fire", "fire-prevention", 3_000_000, 50, &[(Some("older-65"), 500), (Some("all-residents"), 500)]),
    ("shropshire-fire", "youth-offending", 150_000, 0, &[(Some("young-16-19"), 700), (Some("age-5-15"), 300)]),
    (
        "jobcentre-plus",
        "employment-support",
        12_000_000,
        50,
        &[(Some("working-age"), 750), (Some("young-16-19"), 150), (Some("families-multiple-needs"), 100)],
    ),
    ("jobcentre-plus", "benefits-administration", 8_000_000, 200, WORKING),
    ("vcs-assembly", "volunteering-support", 3_000_000, 100, ALL),
    ("vcs-assembly", "community-grants", 2_000_000, 50, ALL),
    (
        "vcs-assembly",
        "welfare-advice",
        2_500_000,
        50,
        &[(Some("working-age"), 700), (Some("families-multiple-needs"), 300)],
    ),
    ("vcs-assembly", "dementia-care", 1_000_000, 50, OLDER),
    ("vcs-assembly", "family-intervention", 1_000_000, 50, FAMILIES),
    ("vcs-assembly", "resettlement", 400_000, 100, &[(Some("offenders"), 700), (Some("young-16-19"), 300)]),
    ("town-parish-councils", "local-amenities", 9_000_000, 0, ALL),
    ("town-parish-councils", "community-grants", 1_000_000, 0, ALL),
    ("town-parish-councils", "leisure-culture", 2_000_000, 0, ALL),
    ("shropshire-council", "volunteering-support", 1_000_000, 100, ALL),
    ("shropshire-council", "stroke-rehabilitation", 1_500_000, 50, OLDER),
    (
        "shropshire-council",
        "substance-prevention",
        700_000,
        100,
        &[(Some("young-16-19"), 600), (Some("age-5-15"), 400)],
    ),
    (
        "shropshire-council",
        "employment-support",
        2_000_000,
        100,
        &[(Some("working-age"), 700), (Some("young-16-19"), 300)],
    ),
    ("nhs-shropshire", "home-care", 15_000_000, 50, &[(Some("older-65"), 800), (Some("working-age"), 200)]),
    ("nhs-shropshire", "residential-care", 20_000_000, 50, OLDER),
    ("nhs-shropshire", "special-needs", 2_000_000, 100, &[(Some("age-5-15"), 700), (Some("under-5"), 300)]),
    ("shropshire-fire", "volunteering-support", 300_000, 0, ALL),
    ("jobcentre-plus", "family-intervention", 800_000, 50, FAMILIES),
    ("jobcentre-plus", "welfare-advice", 1_000_000, 100, WORKING),
    ("west-mercia-probation", "substance-treatment", 1_000_000, 100, &[(Some("offenders"), 1000)]),
    ("vcs-assembly", "carers-support", 1_500_000, 50, &[(Some("older-65"), 500), (Some("working-age"), 500)]),
    ("vcs-assembly", "homelessness", 800_000, 100, &[(Some("working-age"), 600), (Some("young-16-19"), 400)]),
    ("vcs-assembly", "healthy-schools", 300_000, 0, &[(Some("age-5-15"), 1000)]),
    ("town-parish-councils", "highways-maintenance", 1_000_000, 0, ALL),
    ("town-parish-councils", "public-transport", 500_000, 0, &[(Some("older-65"), 600), (Some("young-16-19"), 400)]),
];

/// One generated fact, amounts in pence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFact {
    /// Agency id.
    pub agency: &'static str,
    /// Place id, or `None` for area-wide spending.
    pub place: Option<&'static str>,
    /// Audience id, or `None` for spending not attributed to one audience.
    pub audience: Option<&'static str>,
    /// Activity id.
    pub activity: &'static str,
    /// Amount in pence.
    pub pence: i128,
}

/// The seed of the shipped default dataset.
pub const DEFAULT_SEED: u64 = 2011;

/// A weight between 80% and 120%, in per-mille, so that Places are not exact copies.
fn jitter(rng: &mut SplitMix64) -> u64 {
    800 + rng.range(0, 401)
}

/// Splits `total` pence in proportion to `weights`, exactly (the remainder goes to the first).
fn split(total: i128, weights: &[u64]) -> Vec<i128> {
    let weight_sum: i128 = weights.iter().map(|w| i128::from(*w)).sum();
    if weight_sum == 0 {
        return vec![0; weights.len()];
    }
    let mut parts: Vec<i128> = weights.iter().map(|w| total * i128::from(*w) / weight_sum).collect();
    let remainder = total - parts.iter().sum::<i128>();
    if let Some(first) = parts.first_mut() {
        *first += remainder;
    }
    parts
}

/// The spending facts at the default size (a few thousand), in pence.
pub fn base_facts(seed: u64) -> Vec<GeneratedFact> {
    let mut rng = SplitMix64::new(seed);
    let mut facts = Vec::new();
    for (agency, activity, pounds, area_wide_per_mille, audiences) in LINES {
        // Each line varies a little year to year: ±10%, to the pound.
        let line_pence = i128::from(*pounds) * 100 * i128::from(900 + rng.range(0, 201)) / 1000;
        let line_pence = line_pence / 100 * 100 + i128::from(rng.range(0, 100));
        let [area_wide, placed] = split(line_pence, &[*area_wide_per_mille, 1000 - area_wide_per_mille])[..] else {
            continue;
        };
        let place_weights: Vec<u64> = PLACES.iter().map(|(_, _, people)| people * jitter(&mut rng) / 1000).collect();
        let mut destinations: Vec<(Option<&'static str>, i128)> = vec![(None, area_wide)];
        destinations.extend(PLACES.iter().map(|(id, _, _)| Some(*id)).zip(split(placed, &place_weights)));
        for (place, pence) in destinations {
            if pence == 0 {
                continue;
            }
            let audience_weights: Vec<u64> = audiences.iter().map(|(_, w)| w * jitter(&mut rng) / 1000).collect();
            for ((audience, _), share) in audiences.iter().zip(split(pence, &audience_weights)) {
                if share != 0 {
                    facts.push(GeneratedFact { agency, place, audience: *audience, activity, pence: share });
                }
            }
        }
    }
    facts
}

/// Exactly `n_facts` facts: the base facts split into smaller pieces (as if by cost centre),
/// for benchmarks and scale tests. The totals stay those of the base facts when `n_facts` is a
/// multiple of the base count.
pub fn scaled_facts(seed: u64, n_facts: usize) -> Vec<GeneratedFact> {
    let base = base_facts(seed);
    if base.is_empty() {
        return Vec::new();
    }
    let pieces = n_facts.div_ceil(base.len()).max(1);
    (0..n_facts)
        .map(|i| {
            let fact = &base[i % base.len()];
            let piece = i / base.len();
            let parts = split(fact.pence, &vec![1; pieces]);
            GeneratedFact { pence: parts.get(piece).copied().unwrap_or(0), ..fact.clone() }
        })
        .collect()
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

fn optional(text: Option<&str>) -> String {
    text.map_or_else(|| "null".to_owned(), quoted)
}

/// Writes pence as a decimal string: -1234 → "-12.34".
fn pence_text(pence: i128) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", pence.abs() / 100, pence.abs() % 100)
}

/// Writes `"key": [` with one item per line, commas between, then `]` and `after` (the comma
/// before the next top-level member, if any).
fn write_list(out: &mut String, key: &str, items: impl Iterator<Item = String>, after: &str) {
    let _ = writeln!(out, "  \"{key}\": [");
    let mut items = items.peekable();
    while let Some(item) = items.next() {
        let comma = if items.peek().is_some() { "," } else { "" };
        let _ = writeln!(out, "    {item}{comma}");
    }
    let _ = writeln!(out, "  ]{after}");
}

/// The dataset as the text of a format-1 JSON file, one fact per line.
pub fn to_json(facts: &[GeneratedFact], seed: u64) -> String {
    let mut out = String::with_capacity(facts.len() * 140 + 20_000);
    let scaled = if facts.len() == base_facts(seed).len() {
        String::new()
    } else {
        format!(" (scaled to {} facts)", facts.len())
    };
    let _ = writeln!(out, "{{");
    let _ = writeln!(out, "  \"$schema\": \"../schema/whole-place-v1.schema.json\",");
    let _ = writeln!(out, "  \"format_version\": \"1.0\",");
    let _ = writeln!(out, "  \"metadata\": {{");
    let _ = writeln!(
        out,
        "    \"title\": {},",
        quoted(&format!("Shropshire: total public spend by Place, 2011/12{scaled}"))
    );
    let _ = writeln!(out, "    \"publisher\": \"Whole Place project (illustrative sample, not a public body)\",");
    let _ = writeln!(
        out,
        "    \"description\": {},",
        quoted(
            "ILLUSTRATIVE figures made up by a deterministic generator to show how a Whole Place \
             Community Budget could be published. Place names and populations are approximate; \
             amounts are plausible in size but are NOT real spending by any body."
        )
    );
    let _ = writeln!(
        out,
        "    \"licence\": {{ \"name\": \"Open Government Licence v3.0\", \"url\": \"https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/\" }},"
    );
    let _ = writeln!(
        out,
        "    \"sources\": [{}],",
        quoted(&format!("Generated by `cargo run --example generate` (seed {seed}); see docs/data-format.md"))
    );
    let _ = writeln!(
        out,
        "    \"period\": {{ \"label\": \"2011/12\", \"start\": \"2011-04-01\", \"end\": \"2012-03-31\" }},"
    );
    let _ = writeln!(out, "    \"currency\": \"GBP\",");
    let _ = writeln!(out, "    \"status\": \"illustrative\"");
    let _ = writeln!(out, "  }},");
    write_list(
        &mut out,
        "places",
        PLACES.iter().map(|(id, label, people)| {
            format!("{{ \"id\": {}, \"label\": {}, \"population\": {people} }}", quoted(id), quoted(label))
        }),
        ",",
    );
    let mut rng = SplitMix64::new(seed ^ 0xA0D1);
    write_list(
        &mut out,
        "audiences",
        AUDIENCES.iter().map(|(id, label, per_mille)| {
            let by_place: Vec<String> = match per_mille {
                Some(1000) => PLACES.iter().map(|(place, _, people)| format!("{}: {people}", quoted(place))).collect(),
                Some(per_mille) => PLACES
                    .iter()
                    .map(|(place, _, people)| {
                        let share = people * per_mille * (900 + rng.range(0, 201)) / 1_000_000;
                        format!("{}: {share}", quoted(place))
                    })
                    .collect(),
                None => Vec::new(),
            };
            format!(
                "{{ \"id\": {}, \"label\": {}, \"population_by_place\": {{ {} }} }}",
                quoted(id),
                quoted(label),
                by_place.join(", ")
            )
        }),
        ",",
    );
    write_list(
        &mut out,
        "activities",
        ACTIVITIES.iter().map(|(id, label, parent)| {
            format!("{{ \"id\": {}, \"label\": {}, \"parent\": {} }}", quoted(id), quoted(label), optional(*parent))
        }),
        ",",
    );
    write_list(
        &mut out,
        "agencies",
        AGENCIES.iter().map(|(id, label)| format!("{{ \"id\": {}, \"label\": {} }}", quoted(id), quoted(label))),
        ",",
    );
    write_list(
        &mut out,
        "facts",
        facts.iter().map(|fact| {
            format!(
                "{{ \"agency\": {}, \"place\": {}, \"audience\": {}, \"activity\": {}, \"amount\": \"{}\" }}",
                quoted(fact.agency),
                optional(fact.place),
                optional(fact.audience),
                quoted(fact.activity),
                pence_text(fact.pence)
            )
        }),
        "",
    );
    let _ = writeln!(out, "}}");
    out
}

/// The exact text of the shipped default dataset.
pub fn default_dataset_json() -> String {
    to_json(&base_facts(DEFAULT_SEED), DEFAULT_SEED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_are_exact() {
        assert_eq!(split(100, &[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(split(-100, &[1, 3]), vec![-25, -75]);
        assert_eq!(split(7, &[0, 0]), vec![0, 0]);
        assert_eq!(pence_text(-1234), "-12.34");
        assert_eq!(pence_text(5), "0.05");
    }

    #[test]
    fn places_sum_to_320_000() {
        assert_eq!(PLACES.iter().map(|p| p.2).sum::<u64>(), 320_000);
        assert_eq!(PLACES.len(), 18);
    }

    #[test]
    fn scaled_facts_keep_the_total() {
        let base: i128 = base_facts(1).iter().map(|f| f.pence).sum();
        let n = base_facts(1).len() * 3;
        let scaled = scaled_facts(1, n);
        assert_eq!(scaled.len(), n);
        assert_eq!(scaled.iter().map(|f| f.pence).sum::<i128>(), base);
    }
}
