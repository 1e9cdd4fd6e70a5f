//! "Move the money" (issue 10, World Café tables): a table's
//! proposal as a list of moves of whole currency units between activities, carried in a link
//! compactly enough that 20 moves fit one QR code printed on A4, with a fingerprint of the
//! dataset so that a link opened against changed data says so instead of moving the wrong money.
//!
//! Text form (the value of the `moves=` parameter): the fingerprint, then one
//! `.from-to-amount` per move, every number in base 36 (lower case): `k3x9a1.3-7-4gw.c-3-1z`.
//! `from` and `to` are activity indices in the file's order, which is why the fingerprint is
//! needed: it covers the activity ids in that order.

use crate::domain::aggregate::aggregate;
use crate::domain::model::{Dataset, Dim, MemberIx};
use crate::domain::query::{MemberRef, Query};
use rust_decimal::Decimal;

/// One proposed move: `amount` whole currency units (pounds) from one activity to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    /// The activity the money leaves (index in the dataset's activities).
    pub from: MemberIx,
    /// The activity it goes to.
    pub to: MemberIx,
    /// Whole currency units moved (more than 0).
    pub amount: u64,
}

/// A table's proposal: the moves, and the fingerprint of the data they were made on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    /// [`fingerprint`] of the dataset the moves name activities of.
    pub fingerprint: u32,
    /// The moves, in the order the table made them.
    pub moves: Vec<Move>,
}

/// The most moves one scenario holds: 20 fit one QR code that scans from a printed A4 page.
pub const MAX_MOVES: usize = 20;

/// Why a scenario's text could not be used. Each variant occurs when the text has that flaw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScenarioError {
    /// Occurs when the text is not in the form [`encode`] writes (the part that is not).
    Malformed(String),
    /// Occurs when the moves were made on other data (the activities changed since): moving
    /// money by position would move the wrong money.
    OtherData,
    /// Occurs when a move (position from 0) is one this dataset cannot make, and why.
    BadMove(usize, MoveFault),
    /// Occurs when the text holds more than [`MAX_MOVES`] moves (the count).
    TooMany(usize),
}

/// What is wrong with one move. Each variant occurs for a move of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveFault {
    /// Occurs when the amount is 0.
    Nothing,
    /// Occurs when `from` or `to` is not an activity of the data.
    UnknownActivity,
    /// Occurs when the money would go from an activity to itself.
    SameActivity,
    /// Occurs when the money would go between an activity and one of its own parts: it would
    /// be counted on both sides.
    OwnPart,
    /// Occurs when the move names an activity that is part of (or contains) one another move
    /// names: the table would count that money twice.
    OverlapsAnother,
    /// Occurs when the amount is more than one move carries
    /// ([`crate::domain::scenario_amount::MAX_MOVE`], as the form refuses too).
    TooLarge,
}

impl MoveFault {
    /// The reason in words, to follow "This move …" or stand alone.
    pub fn reason(self) -> &'static str {
        match self {
            MoveFault::Nothing => "moves nothing: the amount is 0",
            MoveFault::UnknownActivity => "names an activity this data does not have",
            MoveFault::SameActivity => "moves money from an activity to itself",
            MoveFault::OwnPart => {
                "moves money between an activity and one of its own parts, which would count it twice"
            }
            MoveFault::OverlapsAnother => {
                "names an activity that is part of (or contains) one another move names; keep every move at one level of detail so no money is counted twice"
            }
            MoveFault::TooLarge => "moves more than one move can carry (under £1 trillion)",
        }
    }
}

impl ScenarioError {
    /// What went wrong, in plain words, for the page: always ends by saying nothing was moved.
    pub fn message(&self) -> String {
        let what = match self {
            ScenarioError::Malformed(part) if part.is_empty() => {
                "This link's moves are not in a form this explorer writes (the link may have been cut short or changed by hand).".to_owned()
            }
            ScenarioError::Malformed(part) => format!(
                "This link's moves are not in a form this explorer writes (the part \"{part}\"; the link may have been cut short or changed by hand)."
            ),
            ScenarioError::OtherData => {
                "These moves were made on other data: the list of activities has changed since the link was made, so moving money by position would move the wrong money.".to_owned()
            }
            ScenarioError::BadMove(at, fault) => format!("Move {} {}.", at + 1, fault.reason()),
            ScenarioError::TooMany(n) => format!("This link holds {n} moves; a scenario holds at most {MAX_MOVES}."),
        };
        format!("{what} No money has been moved.")
    }
}

/// One activity a scenario moves money from or to: its spending in the view's Places and year,
/// before and after the moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    /// The activity.
    pub activity: MemberIx,
    /// Its spending before the moves (the selection's Places and period, parts included).
    pub before: Decimal,
    /// After the moves: before, less what left it, plus what came to it.
    pub after: Decimal,
    /// Whether the moves take out more than it had: money leaves it and it ends below zero
    /// (also when it was already below zero, as net figures such as car parking can be).
    pub overdrawn: bool,
}

/// The activities `scenario` touches, in the order the moves first name them, before and after,
/// for the view `query` shows (its Place filter and period; its other filters are set aside,
/// since a move is between activities of the whole Place). The changes add up to zero exactly:
/// a move neither makes nor loses money.
pub fn apply(dataset: &Dataset, query: &Query, scenario: &Scenario) -> Vec<Changed> {
    let activities = dataset.dim(Dim::Activity);
    let mut touched: Vec<MemberIx> = Vec::new();
    for m in &scenario.moves {
        for a in [m.from, m.to] {
            if !touched.contains(&a) {
                touched.push(a);
            }
        }
    }
    touched
        .into_iter()
        .filter_map(|activity| {
            let member = activities.get(activity)?;
            let mut only = Query { filters: Default::default(), ..query.clone() };
            only.filters[Dim::Place.index()] = query.filter(Dim::Place).to_vec();
            only.filters[Dim::Activity.index()] = vec![MemberRef::Id(member.id.clone())];
            let before = aggregate(dataset, &only).total;
            let moved: Decimal = scenario
                .moves
                .iter()
                .map(|m| {
                    let amount = Decimal::from(m.amount);
                    match (m.from == activity, m.to == activity) {
                        (true, false) => -amount,
                        (false, true) => amount,
                        _ => Decimal::ZERO,
                    }
                })
                .sum();
            let after = before + moved;
            Some(Changed {
                activity,
                before,
                after,
                overdrawn: after.is_sign_negative() && !after.is_zero() && moved.is_sign_negative() && !moved.is_zero(),
            })
        })
        .collect()
}

/// FNV-1a (32 bits) of the activities' ids in the file's order, each followed by a zero byte:
/// the same for the same list of activities, different (but for a 1 in 2^32 chance) when one is
/// added, removed, renamed or moved.
pub fn fingerprint(dataset: &Dataset) -> u32 {
    const OFFSET: u32 = 0x811c_9dc5;
    const PRIME: u32 = 0x0100_0193;
    let mut hash = OFFSET;
    for (_, member) in dataset.dim(Dim::Activity).iter() {
        for byte in member.id.bytes().chain([0]) {
            hash ^= u32::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

/// The text form of a scenario (see the module docs).
pub fn encode(scenario: &Scenario) -> String {
    let mut text = base36(u64::from(scenario.fingerprint));
    for m in &scenario.moves {
        text.push('.');
        text.push_str(&base36(u64::from(m.from)));
        text.push('-');
        text.push_str(&base36(u64::from(m.to)));
        text.push('-');
        text.push_str(&base36(m.amount));
    }
    text
}

/// The scenario a text holds, checked against `dataset`.
///
/// # Errors
/// [`ScenarioError::Malformed`] for text not in the written form, [`ScenarioError::OtherData`]
/// when the fingerprint is not this dataset's, [`ScenarioError::BadMove`] (with the move's
/// position from 0) for a move this dataset cannot make.
pub fn decode(text: &str, dataset: &Dataset) -> Result<Scenario, ScenarioError> {
    let mut parts = text.split('.');
    let fingerprint = parts
        .next()
        .and_then(from_base36)
        .and_then(|f| u32::try_from(f).ok())
        .ok_or_else(|| ScenarioError::Malformed(text.chars().take(12).collect()))?;
    let mut moves = Vec::new();
    for part in parts {
        let numbers: Vec<Option<u64>> = part.split('-').map(from_base36).collect();
        let [Some(from), Some(to), Some(amount)] = numbers.as_slice() else {
            return Err(ScenarioError::Malformed(part.chars().take(24).collect()));
        };
        let index = |n: u64| MemberIx::try_from(n).unwrap_or(MemberIx::MAX);
        moves.push(Move { from: index(*from), to: index(*to), amount: *amount });
    }
    if fingerprint != self::fingerprint(dataset) {
        return Err(ScenarioError::OtherData);
    }
    if moves.len() > MAX_MOVES {
        return Err(ScenarioError::TooMany(moves.len()));
    }
    for at in 0..moves.len() {
        if let Some(fault) = move_fault(dataset, &moves[..at], moves[at]) {
            return Err(ScenarioError::BadMove(at, fault));
        }
    }
    Ok(Scenario { fingerprint, moves })
}

/// Why `next` cannot follow `earlier` on this dataset, or `None` when it can.
pub fn move_fault(dataset: &Dataset, earlier: &[Move], next: Move) -> Option<MoveFault> {
    let activities = dataset.dim(Dim::Activity);
    // One of the two contains the other (or they are the same).
    let related = |a: MemberIx, b: MemberIx| {
        activities.ancestors_or_self(a).any(|x| x == b) || activities.ancestors_or_self(b).any(|x| x == a)
    };
    if next.amount == 0 {
        Some(MoveFault::Nothing)
    } else if next.amount > crate::domain::scenario_amount::MAX_MOVE {
        Some(MoveFault::TooLarge)
    } else if activities.get(next.from).is_none() || activities.get(next.to).is_none() {
        Some(MoveFault::UnknownActivity)
    } else if next.from == next.to {
        Some(MoveFault::SameActivity)
    } else if related(next.from, next.to) {
        Some(MoveFault::OwnPart)
    } else if earlier
        .iter()
        .flat_map(|m| [m.from, m.to])
        .any(|named| [next.from, next.to].into_iter().any(|a| a != named && related(a, named)))
    {
        Some(MoveFault::OverlapsAnother)
    } else {
        None
    }
}

/// Why a move could not be added to a scenario. Each variant occurs in that case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddError {
    /// Occurs when the scenario already holds [`MAX_MOVES`] moves.
    Full,
    /// Occurs when the move itself cannot be made (see [`MoveFault`]).
    Fault(MoveFault),
}

impl AddError {
    /// The refusal in plain words.
    pub fn message(self) -> String {
        match self {
            AddError::Full => format!(
                "A scenario holds at most {MAX_MOVES} moves (so its link fits one QR code). Remove a move before adding another."
            ),
            AddError::Fault(fault) => format!("This move {}. Nothing was added.", fault.reason()),
        }
    }
}

impl Scenario {
    /// An empty scenario for `dataset`.
    pub fn new(dataset: &Dataset) -> Scenario {
        Scenario { fingerprint: fingerprint(dataset), moves: Vec::new() }
    }

    /// The scenario with `next` appended.
    ///
    /// # Errors
    /// [`AddError::Full`] at [`MAX_MOVES`] moves; [`AddError::Fault`] for a move `dataset`
    /// cannot make after these ones.
    pub fn with_move(&self, dataset: &Dataset, next: Move) -> Result<Scenario, AddError> {
        if self.moves.len() >= MAX_MOVES {
            return Err(AddError::Full);
        }
        if let Some(fault) = move_fault(dataset, &self.moves, next) {
            return Err(AddError::Fault(fault));
        }
        let mut moves = self.moves.clone();
        moves.push(next);
        Ok(Scenario { fingerprint: self.fingerprint, moves })
    }

    /// The scenario without the move at `at` (unchanged when there is none there).
    pub fn without_move(&self, at: usize) -> Scenario {
        let moves = self.moves.iter().enumerate().filter(|(i, _)| *i != at).map(|(_, m)| *m).collect();
        Scenario { fingerprint: self.fingerprint, moves }
    }

    /// The `moves=` value: `None` when there are no moves (the parameter is left out).
    pub fn link_text(&self) -> Option<String> {
        (!self.moves.is_empty()).then(|| encode(self))
    }
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Lower-case base 36 only (so a link has one spelling), at most 13 digits, no sign.
fn from_base36(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 13 || !text.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()) {
        return None;
    }
    u64::from_str_radix(text, 36).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_data::illustrative;

    /// Ludlow, 2011/12: £200,000 from one activity to another, then £50,000 back; the changes add
    /// up to zero and the figures are the aggregate's own.
    #[test]
    fn moves_change_two_activities_and_keep_the_total() {
        let dataset = illustrative();
        let activities = dataset.dim(Dim::Activity);
        let top: Vec<MemberIx> =
            activities.iter().filter(|(_, m)| m.parent.is_none()).map(|(ix, _)| ix).take(2).collect();
        let (a, b) = (top[0], top[1]);
        let mut query = Query::default();
        query.filters[Dim::Place.index()] = vec![MemberRef::Id("ludlow".to_owned())];
        let scenario = Scenario {
            fingerprint: fingerprint(&dataset),
            moves: vec![Move { from: a, to: b, amount: 200_000 }, Move { from: b, to: a, amount: 50_000 }],
        };
        let changed = apply(&dataset, &query, &scenario);
        assert_eq!(changed.iter().map(|c| c.activity).collect::<Vec<_>>(), vec![a, b]);
        assert_eq!(changed[0].after - changed[0].before, Decimal::from(-150_000));
        assert_eq!(changed[1].after - changed[1].before, Decimal::from(150_000));
        let net: Decimal = changed.iter().map(|c| c.after - c.before).sum();
        assert_eq!(net, Decimal::ZERO);
        let mut only_a = query.clone();
        only_a.filters[Dim::Activity.index()] = vec![MemberRef::Id(activities.get(a).unwrap().id.clone())];
        assert_eq!(changed[0].before, aggregate(&dataset, &only_a).total);
        // Taking far more than an activity has is flagged.
        let greedy = Scenario {
            fingerprint: scenario.fingerprint,
            moves: vec![Move { from: a, to: b, amount: 10_000_000_000 }],
        };
        assert!(apply(&dataset, &query, &greedy)[0].overdrawn);
        assert!(!apply(&dataset, &query, &greedy)[1].overdrawn);
        // An activity already below zero (car parking, net of its charges) is overdrawn by any
        // money taken from it, and not by money given to it.
        let parking = activities.find("parking").unwrap();
        let from_parking =
            Scenario { fingerprint: scenario.fingerprint, moves: vec![Move { from: parking, to: a, amount: 1_000 }] };
        let changed = apply(&dataset, &query, &from_parking);
        assert!(changed[0].before.is_sign_negative(), "parking is net income: {}", changed[0].before);
        assert!(changed[0].overdrawn);
        let to_parking = Scenario { moves: vec![Move { from: a, to: parking, amount: 1_000 }], ..from_parking };
        assert!(apply(&dataset, &query, &to_parking).iter().all(|c| !c.overdrawn));
    }

    /// A link may not carry an amount the form would refuse: more than one move carries.
    #[test]
    fn a_link_with_an_amount_beyond_a_move_is_refused() {
        let dataset = illustrative();
        let top: Vec<MemberIx> =
            dataset.dim(Dim::Activity).iter().filter(|(_, m)| m.parent.is_none()).map(|(ix, _)| ix).take(2).collect();
        let fp = fingerprint(&dataset);
        for (amount, refused) in [
            (crate::domain::scenario_amount::MAX_MOVE, false),
            (crate::domain::scenario_amount::MAX_MOVE + 1, true),
            (u64::MAX, true),
        ] {
            let text = encode(&Scenario { fingerprint: fp, moves: vec![Move { from: top[0], to: top[1], amount }] });
            let decoded = decode(&text, &dataset);
            assert_eq!(decoded.is_err(), refused, "{amount}");
            if refused {
                assert_eq!(decoded, Err(ScenarioError::BadMove(0, MoveFault::TooLarge)));
            }
        }
    }

    #[test]
    fn twenty_moves_round_trip_in_a_short_text() {
        let dataset = illustrative();
        // Activities with no parts (the file's later positions, so the longest indices), so
        // no move names a part of what another names.
        let activities = dataset.dim(Dim::Activity);
        let leaves: Vec<MemberIx> =
            activities.iter().map(|(ix, _)| ix).filter(|ix| !activities.has_children(*ix)).collect();
        let n = leaves.len();
        let moves: Vec<Move> = (0..20usize)
            .map(|i| Move { from: leaves[i % n], to: leaves[(i + 7) % n], amount: 250_000 + i as u64 * 999_999 })
            .collect();
        let scenario = Scenario { fingerprint: fingerprint(&dataset), moves };
        let text = encode(&scenario);
        assert_eq!(decode(&text, &dataset), Ok(scenario));
        // A QR code of version 13 at error correction M holds 331 bytes: the site's address
        // and `?…&moves=` leave this much room and more.
        assert!(text.len() <= 250, "{} characters: {text}", text.len());
        // The whole query string of a table's link, as the page writes it (dataset, year,
        // slice, Place, moves): with a site address of up to 60 characters it fits a version 14
        // code at level M (362 bytes), about 40 mm square on A4 at 0.5 mm a module.
        let mut query = Query { by: Dim::Activity, period: Some("2011-12".to_owned()), ..Query::default() };
        query.filters[Dim::Place.index()] = vec![MemberRef::Id("minsterley-pontesbury".to_owned())];
        let data = crate::domain::url::DataParams {
            data: None,
            dataset: Some("shropshire-illustrative".to_owned()),
            embed: false,
            present: crate::domain::presenter::Present::Off,
        };
        let link = crate::domain::url::link(&data, query.moving_money(true, Some(text)));
        assert!(link.len() <= 362 - 60, "{} characters: {link}", link.len());
    }

    #[test]
    fn moves_made_on_other_data_are_refused_not_misapplied() {
        let dataset = illustrative();
        let mut changed = dataset.clone();
        let mut members = crate::domain::model::Members::default();
        for (_, member) in dataset.dim(Dim::Activity).iter().skip(1) {
            members.push(member.clone());
        }
        changed.members[Dim::Activity.index()] = members;
        let text =
            encode(&Scenario { fingerprint: fingerprint(&dataset), moves: vec![Move { from: 0, to: 1, amount: 5 }] });
        assert_eq!(decode(&text, &changed), Err(ScenarioError::OtherData));
    }

    #[test]
    fn broken_text_and_impossible_moves_are_named() {
        let dataset = illustrative();
        let fp = base36(u64::from(fingerprint(&dataset)));
        let cases: Vec<(String, ScenarioError)> = vec![
            (String::new(), ScenarioError::Malformed(String::new())),
            ("ZZ".to_owned(), ScenarioError::Malformed("ZZ".to_owned())),
            (format!("{fp}.1-2"), ScenarioError::Malformed("1-2".to_owned())),
            (format!("{fp}.1-2-3-4"), ScenarioError::Malformed("1-2-3-4".to_owned())),
            (format!("{fp}.1--3"), ScenarioError::Malformed("1--3".to_owned())),
            (format!("{fp}.1-2-0"), ScenarioError::BadMove(0, MoveFault::Nothing)),
            (format!("{fp}.1-2-5.3-3-5"), ScenarioError::BadMove(1, MoveFault::SameActivity)),
            (format!("{fp}.1-zzzz-5"), ScenarioError::BadMove(0, MoveFault::UnknownActivity)),
            (format!("{fp}.1-2-zzzzzzzzzzzzzz"), ScenarioError::Malformed("1-2-zzzzzzzzzzzzzz".to_owned())),
        ];
        for (text, expected) in cases {
            assert_eq!(decode(&text, &dataset), Err(expected), "{text:?}");
        }
        // An activity and one of its own parts: the money would be on both sides.
        let activities = dataset.dim(Dim::Activity);
        let (child, parent) = activities.iter().find_map(|(ix, m)| m.parent.map(|p| (ix, p))).unwrap_or_default();
        for (from, to) in [(child, parent), (parent, child)] {
            let text = format!("{fp}.{}-{}-5", base36(u64::from(from)), base36(u64::from(to)));
            assert_eq!(decode(&text, &dataset), Err(ScenarioError::BadMove(0, MoveFault::OwnPart)), "{text}");
        }
    }

    /// Adding moves: the 21st is refused, a move naming a part of an activity another move
    /// names is refused (the table would count that money twice), removing one keeps the rest.
    #[test]
    fn adding_and_removing_moves() {
        let dataset = illustrative();
        let activities = dataset.dim(Dim::Activity);
        let find = |id: &str| activities.find(id).unwrap();
        let (schools, primary, care, waste) =
            (find("schools"), find("primary-schools"), find("adult-social-care"), find("waste"));
        let one =
            Scenario::new(&dataset).with_move(&dataset, Move { from: schools, to: care, amount: 200_000 }).unwrap();
        // (move, why it is refused, if it is)
        let cases = [
            (Move { from: care, to: waste, amount: 5 }, None),
            (Move { from: primary, to: waste, amount: 5 }, Some(MoveFault::OverlapsAnother)),
            (Move { from: waste, to: primary, amount: 5 }, Some(MoveFault::OverlapsAnother)),
            (Move { from: waste, to: waste, amount: 5 }, Some(MoveFault::SameActivity)),
            (Move { from: primary, to: schools, amount: 5 }, Some(MoveFault::OwnPart)),
            (Move { from: care, to: waste, amount: 0 }, Some(MoveFault::Nothing)),
            (Move { from: care, to: 9_999, amount: 5 }, Some(MoveFault::UnknownActivity)),
        ];
        for (next, fault) in cases {
            assert_eq!(one.with_move(&dataset, next).err(), fault.map(AddError::Fault), "{next:?}");
        }
        let mut full = one.clone();
        while full.moves.len() < MAX_MOVES {
            full = full.with_move(&dataset, Move { from: care, to: waste, amount: 1 }).unwrap();
        }
        assert_eq!(full.with_move(&dataset, Move { from: care, to: waste, amount: 1 }), Err(AddError::Full));
        assert!(AddError::Full.message().contains("at most 20 moves"));
        // A link holding 21 moves (made by hand) is refused as a whole.
        let mut text = encode(&full);
        text.push_str(".1-2-3");
        assert_eq!(decode(&text, &dataset), Err(ScenarioError::TooMany(21)));
        let removed = full.without_move(0);
        assert_eq!(removed.moves.len(), MAX_MOVES - 1);
        assert!(removed.moves.iter().all(|m| m.from == care));
        assert_eq!(Scenario::new(&dataset).link_text(), None);
        assert_eq!(one.link_text().map(|t| decode(&t, &dataset)), Some(Ok(one.clone())));
        // Every refusal says in words that nothing moved.
        for error in [
            ScenarioError::OtherData,
            ScenarioError::Malformed("x".to_owned()),
            ScenarioError::BadMove(2, MoveFault::Nothing),
        ] {
            assert!(error.message().ends_with("No money has been moved."), "{error:?}");
        }
        assert!(ScenarioError::BadMove(2, MoveFault::Nothing).message().starts_with("Move 3 moves nothing"));
    }

    /// The link checker is quiet about the scenario and collect parameters: they are the page's
    /// own, and the scenario panel says itself what is wrong with a move.
    #[test]
    fn link_check_is_quiet_about_scenario_links() {
        let dataset = illustrative();
        for link in [
            "?dataset=shropshire-illustrative&view=move-money&place=ludlow",
            "?dataset=shropshire-illustrative&view=move-money&place=ludlow&moves=zz.1-2-3",
            "?dataset=shropshire-illustrative&view=collect&link=x&link=https%3A%2F%2Fa.org%2F%3Fmoves%3D1",
        ] {
            let check = crate::domain::link_check::check(&dataset, link);
            assert!(check.is_clean(), "{link}: {check:?}");
        }
    }
}
