//! Nearest matches for an id nobody recognises: ranks candidates (members, dimensions,
//! parameter names) by how closely their id or label resembles the text given.
//!
//! Comparison ignores case, diacritics, spaces and punctuation ("Market_Drayton" and
//! "market-drayton" are the same), then scores by edit distance (strsim), with a boost when one text
//! contains the other ("ludlow" inside "ludlow-town"). Scores are integers (per mille) so the
//! domain stays free of binary floats.

use unicode_normalization::char::{canonical_combining_class, decompose_canonical};

/// How many suggestions are offered at most.
pub const MAX_SUGGESTIONS: usize = 3;

/// The longest text (in characters, after [`normalise`]) compared at all. Ids are at most 100
/// characters, so nothing longer can be near one, and edit distance costs length × length: a
/// hostile link with a huge value must not freeze the page.
pub const MAX_COMPARED: usize = 200;

/// The lowest score (per mille) worth offering. Chosen on the cases in the tests below: a typo
/// or two in a word scores 700 or more, unrelated words of the same length well under 500.
pub const MIN_SCORE: u32 = 600;

/// The comparable form of a text: canonically decomposed, diacritics (combining marks) dropped,
/// lower case, and only letters and digits kept. `"Côr Meibion—Ŵyr"` → `"cormeibionwyr"`.
///
/// Built from the crate's per-character canonical decomposition rather than its `nfd()`
/// iterator, which would also link the compatibility tables: about 125 KB more to download for
/// ligatures and full-width forms that ids do not use (measured on the release build). The
/// loader's NFC for ids uses the same tables, so the two share them.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        decompose_canonical(c, |d| {
            if canonical_combining_class(d) == 0 {
                out.extend(d.to_lowercase().filter(|l| l.is_alphanumeric()));
            }
        });
    }
    out
}

/// How alike two already normalised texts are, in per mille: 1000 when equal, 0 when either is
/// empty. Edit distance in characters (optimal string alignment: insertions, deletions,
/// substitutions and swaps of neighbours, so "plaec" is one edit from "place") relative to the
/// longer text; when one contains the other, at least 800 plus up to 200 for how much of the
/// longer it covers.
pub fn similarity(given: &str, candidate: &str) -> u32 {
    if given.is_empty() || candidate.is_empty() {
        return 0;
    }
    let (n_given, n_candidate) = (given.chars().count(), candidate.chars().count());
    let longer = n_given.max(n_candidate);
    let distance = strsim::osa_distance(given, candidate).min(longer);
    let by_edits = per_mille(longer - distance, longer);
    let shorter = n_given.min(n_candidate);
    // Containment counts only for four or more characters: "wen" is more likely a typo of "wem"
    // than a part of "muchwenlock", and "a" is "in" almost everything.
    let contained = shorter >= 4 && (candidate.contains(given) || given.contains(candidate));
    if contained { by_edits.max(800 + per_mille(shorter, longer) / 5) } else { by_edits }
}

fn per_mille(part: usize, whole: usize) -> u32 {
    u32::try_from(part.saturating_mul(1000) / whole.max(1)).unwrap_or(0)
}

/// Something that could have been meant: its id, its label, and what to do with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate<T> {
    /// The exact id (or key) it is known by.
    pub id: String,
    /// Its human label; compared too, so "ludlow" finds the Place labelled "Ludlow".
    pub label: String,
    /// What the caller needs back (a member, a dimension...).
    pub item: T,
}

/// The candidates worth offering for `given`, best first: at most [`MAX_SUGGESTIONS`], each
/// scoring at least [`MIN_SCORE`] on its id or its label. Ties keep the candidates' order, so
/// file order decides between equally good members.
pub fn rank<T>(given: &str, candidates: impl IntoIterator<Item = Candidate<T>>) -> Vec<Candidate<T>> {
    rank_above(MIN_SCORE, given, candidates)
}

/// As [`rank`], with another lowest score (per mille), for callers that need stronger evidence.
pub fn rank_above<T>(
    min_score: u32,
    given: &str,
    candidates: impl IntoIterator<Item = Candidate<T>>,
) -> Vec<Candidate<T>> {
    let given = normalise(given);
    if given.chars().count() > MAX_COMPARED {
        return Vec::new();
    }
    let mut scored: Vec<(u32, usize, Candidate<T>)> = candidates
        .into_iter()
        .enumerate()
        .map(|(order, candidate)| {
            let near = |text: &str| {
                let text = normalise(text);
                if text.chars().count() > MAX_COMPARED { 0 } else { similarity(&given, &text) }
            };
            let score = near(&candidate.id).max(near(&candidate.label));
            (score, order, candidate)
        })
        .filter(|(score, _, _)| *score >= min_score)
        .collect();
    scored.sort_by(|(a, a_order, _), (b, b_order, _)| b.cmp(a).then(a_order.cmp(b_order)));
    scored.into_iter().take(MAX_SUGGESTIONS).map(|(_, _, candidate)| candidate).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_diacritics_and_punctuation() {
        let cases = [
            ("Ludlow", "ludlow"),
            ("market_drayton", "marketdrayton"),
            ("Market Drayton", "marketdrayton"),
            ("Côr Meibion—Ŵyr", "cormeibionwyr"),
            ("cafe\u{301}", "cafe"),
            ("Bishop's Castle", "bishopscastle"),
            ("~none", "none"),
            ("\u{202E}North\u{200B}", "north"),
        ];
        for (text, expected) in cases {
            assert_eq!(normalise(text), expected, "{text:?}");
        }
    }

    #[test]
    fn scores_similarity() {
        // (given, candidate, score per mille), both already normalised
        let cases = [
            ("ludlow", "ludlow", 1000),
            ("ludlow", "ludlowtown", 920),
            ("ludlowtypo", "ludlowtown", 700),
            ("ludlowtypo", "ludlow", 920),
            ("wen", "wem", 666),
            ("a", "albrighton", 100),
            ("wen", "muchwenlock", 272),
            ("lock", "muchwenlock", 872),
            ("", "x", 0),
            ("shrewsbury", "oswestry", 400),
        ];
        for (given, candidate, expected) in cases {
            assert_eq!(similarity(given, candidate), expected, "{given} ~ {candidate}");
        }
    }

    fn places() -> Vec<Candidate<&'static str>> {
        [
            ("albrighton", "Albrighton"),
            ("bishops-castle", "Bishop's Castle"),
            ("ludlow-town", "Ludlow"),
            ("ludlow-rural", "Ludlow rural"),
            ("market-drayton", "Market Drayton"),
            ("much-wenlock", "Much Wenlock"),
            ("wem", "Wem"),
            ("~none", "Not attributed to a Place (area-wide)"),
        ]
        .into_iter()
        .map(|(id, label)| Candidate { id: id.to_owned(), label: label.to_owned(), item: id })
        .collect()
    }

    #[test]
    fn ranks_the_nearest_members_first() {
        // (unknown id, suggested ids best first)
        let cases: &[(&str, &[&str])] = &[
            ("ludlow", &["ludlow-town", "ludlow-rural"]),
            ("ludlow-typo", &["ludlow-town"]),
            ("Ludlow Rural", &["ludlow-rural", "ludlow-town"]),
            ("market_drayton", &["market-drayton"]),
            ("MARKET DRAYTON", &["market-drayton"]),
            ("drayton", &["market-drayton"]),
            ("bishops castle", &["bishops-castle"]),
            ("wenlock", &["much-wenlock"]),
            ("wen", &["wem"]),
            ("~None", &["~none"]),
            ("not-attributed", &["~none"]),
            ("shrewsbury", &[]),
            ("zzz", &[]),
            ("", &[]),
        ];
        for (given, expected) in cases {
            let ids: Vec<&str> = rank(given, places()).into_iter().map(|c| c.item).collect();
            assert_eq!(ids, *expected, "{given}");
        }
    }

    #[test]
    fn does_not_compare_texts_longer_than_any_id() {
        let long = "ludlow".repeat(40);
        assert_eq!(rank(&long, places()).len(), 0);
        let long_label = Candidate { id: "x".to_owned(), label: "ludlow".repeat(40), item: "x" };
        assert_eq!(rank("ludlowludlow", [long_label]).len(), 0);
    }

    #[test]
    fn offers_at_most_three() {
        let many = (0..10).map(|n| Candidate { id: format!("ward-{n}"), label: format!("Ward {n}"), item: n });
        assert_eq!(rank("ward", many).len(), MAX_SUGGESTIONS);
    }
}
