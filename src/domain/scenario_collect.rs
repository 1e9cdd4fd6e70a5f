//! The facilitator's "collect" view: several tables' scenario links (pasted, one per line, from
//! any table and Place) read against the loaded data, shown side by side (each table's Place,
//! year, moves and net change per activity), with the moves several tables share (same from,
//! same to); links that are not scenarios, or were made on other data, listed as not used, with
//! why. Nothing here moves money: each table's figures are its own link's.

use crate::domain::aggregate::period_of;
use crate::domain::format;
use crate::domain::model::{Dataset, Dim, MemberIx};
use crate::domain::scenario::{self, ScenarioError};
use crate::domain::scenario_figures::{move_words, place_words, signed_money};
use crate::domain::url;
use rust_decimal::Decimal;

/// One table's scenario, as collected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectedTable {
    /// "Table 1", "Table 2", … in the order pasted (links not used are not numbered).
    pub name: String,
    /// The link as pasted.
    pub link: String,
    /// Its Place(s) in words, or "the whole area".
    pub place: String,
    /// Its year's label.
    pub period: String,
    /// Its moves in words.
    pub moves: Vec<String>,
    /// Net change per activity it names, in the order first named (exact, whole units).
    pub net: Vec<(MemberIx, Decimal)>,
}

/// A pasted line that was not used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotUsed {
    /// The line as pasted (cut to 200 characters).
    pub link: String,
    /// Why, in plain words.
    pub why: String,
}

/// A move two or more tables made (same from, same to).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedMove {
    /// "From Schools and education to Adult social care".
    pub words: String,
    /// How many tables made it.
    pub n_tables: usize,
    /// Each of those tables and what it moved that way ("Table 1: £200,000"), in table order.
    pub amounts: Vec<String>,
}

/// One row of the side-by-side table: an activity and its net change at each table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetRow {
    /// The activity's label.
    pub label: String,
    /// Each table's net change (`+£200,000`), or "–" where the table did not name it.
    pub changes: Vec<String>,
}

/// Everything the collect view shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Collected {
    /// The tables whose links were used, in the order pasted.
    pub tables: Vec<CollectedTable>,
    /// Activities any table names (in the data's order), with each table's net change.
    pub net_rows: Vec<NetRow>,
    /// Moves two or more tables share, most tables first (then in the data's order).
    pub shared: Vec<SharedMove>,
    /// Lines not used, in the order pasted.
    pub not_used: Vec<NotUsed>,
}

/// Why a link's moves could not be used, without "No money has been moved" (nothing is moved
/// in the collect view anyway).
fn why_not(error: &ScenarioError) -> String {
    match error {
        ScenarioError::OtherData => {
            "made on other data: the list of activities has changed since, so its moves cannot be read here".to_owned()
        }
        other => other.message().trim_end_matches(" No money has been moved.").to_owned(),
    }
}

/// Reads the pasted links against `dataset`, the one `showing` names (the collect view's own
/// `dataset=` or `data=`): a link naming another dataset or file is not used, and says so,
/// rather than being read as "other data" of this one; a link pasted twice counts once.
pub fn collect(dataset: &Dataset, showing: &url::DataParams, links: &[String]) -> Collected {
    let currency = &dataset.metadata.currency;
    let activities = dataset.dim(Dim::Activity);
    let mut collected = Collected::default();
    let mut decoded: Vec<scenario::Scenario> = Vec::new();
    for link in links {
        let not_used = |why: String| NotUsed { link: link.chars().take(200).collect(), why };
        // The query string of an address, or the text itself when it is only a query string.
        let query_text = match link.split_once('?') {
            Some((_, query)) => query.split('#').next().unwrap_or(""),
            None if link.contains('=') => link.as_str(),
            None => "",
        };
        let link_state = url::parse(query_text);
        let state = link_state.query;
        let other = match (&link_state.data, &link_state.dataset) {
            (Some(data), _) if showing.data.as_ref() != Some(data) => Some(format!("the data file {data}")),
            (None, Some(name)) if showing.dataset.as_ref().is_some_and(|shown| shown != name) => {
                Some(format!("the dataset \u{2068}{name}\u{2069}"))
            }
            _ => None,
        };
        if let Some(other) = other.filter(|_| state.moves.is_some()) {
            collected.not_used.push(not_used(format!(
                "made on {other}, not the data shown here: open the collect view on that data to read it"
            )));
            continue;
        }
        if let Some(first) = collected.tables.iter().find(|t| t.link.trim() == link.trim()) {
            collected.not_used.push(not_used(format!("the same link as {}: counted once", first.name)));
            continue;
        }
        let Some(moves) = state.moves.as_deref() else {
            collected.not_used.push(not_used(if query_text.is_empty() {
                "not a link to this explorer".to_owned()
            } else {
                "not a scenario: the link has no moves".to_owned()
            }));
            continue;
        };
        match scenario::decode(moves, dataset) {
            Err(error) => collected.not_used.push(not_used(why_not(&error))),
            Ok(scenario) => {
                let mut net: Vec<(MemberIx, Decimal)> = Vec::new();
                for m in &scenario.moves {
                    for (activity, change) in [(m.from, -Decimal::from(m.amount)), (m.to, Decimal::from(m.amount))] {
                        match net.iter_mut().find(|(a, _)| *a == activity) {
                            Some((_, sum)) => *sum += change,
                            None => net.push((activity, change)),
                        }
                    }
                }
                collected.tables.push(CollectedTable {
                    name: format!("Table {}", collected.tables.len() + 1),
                    link: link.clone(),
                    place: place_words(dataset, &state),
                    period: dataset.period_label(period_of(dataset, &state)).to_owned(),
                    moves: scenario.moves.iter().map(|m| move_words(dataset, *m)).collect(),
                    net,
                });
                decoded.push(scenario);
            }
        }
    }
    // Side by side: every activity any table names, in the data's order.
    for (ix, member) in activities.iter() {
        if !collected.tables.iter().any(|t| t.net.iter().any(|(a, _)| *a == ix)) {
            continue;
        }
        let changes = collected
            .tables
            .iter()
            .map(|t| {
                t.net
                    .iter()
                    .find(|(a, _)| *a == ix)
                    .map_or_else(|| "–".to_owned(), |(_, c)| signed_money(*c, currency, 0))
            })
            .collect();
        collected.net_rows.push(NetRow { label: member.label.clone(), changes });
    }
    // Shared moves: each (from, to) pair, the tables that made it and what each moved.
    // ((from, to), [(table, amount moved that way)])
    type Pair = ((MemberIx, MemberIx), Vec<(usize, u64)>);
    let mut pairs: Vec<Pair> = Vec::new();
    for (table, scenario) in decoded.iter().enumerate() {
        for m in &scenario.moves {
            let key = (m.from, m.to);
            let at = match pairs.iter().position(|(k, _)| *k == key) {
                Some(at) => at,
                None => {
                    pairs.push((key, Vec::new()));
                    pairs.len() - 1
                }
            };
            let by_table = &mut pairs[at].1;
            match by_table.iter_mut().find(|(t, _)| *t == table) {
                Some((_, sum)) => *sum += m.amount,
                None => by_table.push((table, m.amount)),
            }
        }
    }
    pairs.retain(|(_, by_table)| by_table.len() >= 2);
    pairs.sort_by_key(|((from, to), by_table)| (std::cmp::Reverse(by_table.len()), *from, *to));
    let label = |ix: MemberIx| activities.get(ix).map_or_else(String::new, |a| a.label.clone());
    collected.shared = pairs
        .into_iter()
        .map(|((from, to), by_table)| SharedMove {
            words: format!("From {} to {}", label(from), label(to)),
            n_tables: by_table.len(),
            amounts: by_table
                .iter()
                .map(|(t, amount)| {
                    format!("Table {}: {}", t + 1, format::money_dp(Decimal::from(*amount), currency, 0))
                })
                .collect(),
        })
        .collect();
    collected
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scenario::{Move, Scenario, encode};
    use crate::domain::test_data::illustrative;

    #[test]
    fn two_tables_side_by_side_with_their_shared_move() {
        let dataset = illustrative();
        let activities = dataset.dim(Dim::Activity);
        let find = |id: &str| activities.find(id).unwrap();
        let (schools, care, waste, policing) =
            (find("schools"), find("adult-social-care"), find("waste"), find("policing"));
        let fingerprint = scenario::fingerprint(&dataset);
        let text = |moves: Vec<Move>| encode(&Scenario { fingerprint, moves });
        let ludlow = format!(
            "https://example.org/?dataset=shropshire-illustrative&place=ludlow&view=move-money&moves={}",
            text(vec![Move { from: schools, to: care, amount: 200_000 }, Move { from: waste, to: care, amount: 5 }])
        );
        let wem = format!(
            "?place=wem&moves={}",
            text(vec![
                Move { from: policing, to: waste, amount: 7 },
                Move { from: schools, to: care, amount: 150_000 }
            ])
        );
        let other =
            format!("https://example.org/?moves={}", encode(&Scenario { fingerprint: fingerprint ^ 1, moves: vec![] }));
        let lines = vec![
            ludlow.clone(),
            "hello".to_owned(),
            wem,
            "https://example.org/?place=wem".to_owned(),
            other,
            "https://example.org/?moves=%%%".to_owned(),
            // The same table's link again, and a link made on the other shipped dataset.
            format!(" {ludlow} "),
            format!("https://example.org/?dataset=shropshire-published&moves={}", text(vec![])),
        ];
        let showing =
            url::DataParams { dataset: Some("shropshire-illustrative".to_owned()), ..url::DataParams::default() };
        let collected = collect(&dataset, &showing, &lines);
        assert_eq!(collected.tables.len(), 2);
        assert_eq!((collected.tables[0].name.as_str(), collected.tables[0].place.as_str()), ("Table 1", "Ludlow"));
        assert_eq!(collected.tables[1].place, "Wem");
        assert_eq!(collected.tables[0].link, ludlow);
        assert_eq!(collected.tables[0].moves[0], "£200,000 from Schools and education to Adult social care");
        assert_eq!(
            collected.tables[0].net,
            vec![(schools, Decimal::from(-200_000)), (care, Decimal::from(200_005)), (waste, Decimal::from(-5))]
        );
        assert_eq!(
            collected.shared,
            vec![SharedMove {
                words: "From Schools and education to Adult social care".to_owned(),
                n_tables: 2,
                amounts: vec!["Table 1: £200,000".to_owned(), "Table 2: £150,000".to_owned()],
            }]
        );
        // Rows in the data's order; "–" where a table did not name the activity.
        let rows: Vec<(&str, Vec<&str>)> = collected
            .net_rows
            .iter()
            .map(|r| (r.label.as_str(), r.changes.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("Schools and education", vec!["\u{2212}£200,000", "\u{2212}£150,000"]),
                ("Adult social care", vec!["+£200,005", "+£150,000"]),
                ("Waste and recycling", vec!["\u{2212}£5", "+£7"]),
                ("Policing", vec!["–", "\u{2212}£7"]),
            ]
        );
        let whys: Vec<&str> = collected.not_used.iter().map(|n| n.why.as_str()).collect();
        assert_eq!(whys.len(), 6);
        assert_eq!(whys[0], "not a link to this explorer");
        assert_eq!(whys[1], "not a scenario: the link has no moves");
        assert!(whys[2].starts_with("made on other data"), "{}", whys[2]);
        assert!(whys[3].starts_with("This link's moves are not in a form"), "{}", whys[3]);
        assert_eq!(whys[4], "the same link as Table 1: counted once");
        assert!(
            whys[5].starts_with("made on the dataset \u{2068}shropshire-published\u{2069}, not the data shown here"),
            "{}",
            whys[5]
        );
    }
}
