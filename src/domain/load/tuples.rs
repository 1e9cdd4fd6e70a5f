//! The engine's tuples as the file is read: each kept fact is added to the tuple with the same
//! keys, period, basis, source and note (one hash lookup per fact), so a million facts become a
//! few thousand exact sums before any view is drawn, and the raw facts are never all held.

use crate::domain::model::{Fact, TupleKey};
use rustc_hash::FxHashMap;

/// Tuples in the order each first appears, with how many facts of the file each holds.
#[derive(Debug, Default)]
pub(crate) struct Tuples {
    facts: Vec<Fact>,
    /// Facts of this file in each tuple (a fact's `summed_from` counts once here), for messages
    /// that count the file's facts.
    rows: Vec<usize>,
    index: FxHashMap<TupleKey, usize>,
}

impl Tuples {
    /// Adds one fact (or tuple) holding `rows` facts of the file.
    pub(crate) fn add(&mut self, fact: Fact, rows: usize) {
        match self.index.get(&fact.tuple_key()) {
            Some(&at) => {
                if let (Some(tuple), Some(count)) = (self.facts.get_mut(at), self.rows.get_mut(at)) {
                    tuple.amount += fact.amount;
                    tuple.n_facts = tuple.n_facts.saturating_add(fact.n_facts);
                    *count += rows;
                }
            }
            None => {
                self.index.insert(fact.tuple_key(), self.facts.len());
                self.facts.push(fact);
                self.rows.push(rows);
            }
        }
    }

    /// Whether no fact was kept.
    pub(crate) fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// Changes each tuple with `resolve(tuple, rows)`, keeping those it returns `true` for, and
    /// merges tuples that have become equal (two provisional period ids may name one period).
    pub(crate) fn resolve(&mut self, mut resolve: impl FnMut(&mut Fact, usize) -> bool) {
        let facts = std::mem::take(&mut self.facts);
        let rows = std::mem::take(&mut self.rows);
        self.index.clear();
        for (mut fact, rows) in facts.into_iter().zip(rows) {
            if resolve(&mut fact, rows) {
                self.add(fact, rows);
            }
        }
    }

    /// The tuples, in the order each first appeared.
    pub(crate) fn into_facts(self) -> Vec<Fact> {
        self.facts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Basis, Key};
    use crate::domain::money::Amount;
    use rust_decimal::Decimal;

    fn fact(place: u32, pence: i64, period: u8) -> Fact {
        let mut keys = [Key::UNATTRIBUTED; 4];
        keys[0] = Key::member(place);
        Fact {
            keys,
            amount: Amount::from(Decimal::new(pence, 2)),
            period: period.into(),
            basis: Basis::Reported,
            source: None,
            note: None,
            n_facts: 1,
        }
    }

    #[test]
    fn equal_keys_are_summed_in_first_seen_order() {
        let mut tuples = Tuples::default();
        for (place, pence, period) in [(1, 150, 0), (0, 5, 0), (1, -50, 0), (1, 1, 1), (0, 995, 0)] {
            tuples.add(fact(place, pence, period), 1);
        }
        let facts = tuples.into_facts();
        let summary: Vec<(Option<u32>, Decimal, u64)> =
            facts.iter().map(|f| (f.keys[0].ix(), f.amount.to_decimal(), f.n_facts)).collect();
        assert_eq!(
            summary,
            vec![
                (Some(1), Decimal::new(100, 2), 2),
                (Some(0), Decimal::new(1000, 2), 2),
                (Some(1), Decimal::new(1, 2), 1)
            ]
        );
    }

    #[test]
    fn resolving_merges_tuples_that_become_equal() {
        let mut tuples = Tuples::default();
        tuples.add(fact(1, 100, 0), 1);
        tuples.add(fact(1, 200, 7), 3);
        tuples.add(fact(2, 1, 9), 1);
        let mut seen = Vec::new();
        tuples.resolve(|fact, rows| {
            seen.push(rows);
            fact.period = 0;
            fact.keys[0] != Key::member(2)
        });
        assert_eq!(seen, vec![1, 3, 1]);
        let facts = tuples.into_facts();
        assert_eq!(facts.len(), 1);
        assert_eq!(facts[0].amount.to_decimal(), Decimal::new(300, 2));
        assert_eq!(facts[0].n_facts, 2);
    }
}
