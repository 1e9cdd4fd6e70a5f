//! The URL codec: query-string text ⇄ [`Query`] plus the data source parameter.
//!
//! The URL is the explorer's only state, so links can be shared and the back button works.
//! Parsing never fails: unknown parameters are ignored and broken values fall back to defaults.
//! Writing is canonical (fixed order, defaults left out), so equal states give equal URLs.

use crate::domain::model::Dim;
use crate::domain::query::{MemberRef, Query};

/// Everything the URL holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UrlState {
    /// What to show.
    pub query: Query,
    /// The `data` parameter: which file to load, if not the default.
    pub data: Option<String>,
}

/// Reads a query string (with or without the leading `?`).
pub fn parse(query_string: &str) -> UrlState {
    let mut state = UrlState::default();
    let mut by_seen = false;
    let mut then_seen = false;
    let text = query_string.strip_prefix('?').unwrap_or(query_string);
    for (key, value) in form_urlencoded::parse(text.as_bytes()) {
        match key.as_ref() {
            "by" if !by_seen => {
                by_seen = true;
                if let Some(dim) = Dim::from_key(&value) {
                    state.query.by = dim;
                }
            }
            "then" if !then_seen => {
                then_seen = true;
                state.query.then = Dim::from_key(&value);
            }
            "data" if state.data.is_none() && !value.is_empty() => state.data = Some(value.into_owned()),
            other => {
                if let Some(dim) = Dim::from_key(other) {
                    // Empty values and repeats are dropped, so the filter stays a set.
                    let member = MemberRef::from_token(&value);
                    let filter = &mut state.query.filters[dim.index()];
                    if !value.is_empty() && !filter.contains(&member) {
                        filter.push(member);
                    }
                }
            }
        }
    }
    if state.query.then == Some(state.query.by) {
        state.query.then = None;
    }
    state
}

/// Writes a query string, starting with `?`, or an empty string for the default state.
pub fn write(state: &UrlState) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    if let Some(data) = &state.data {
        out.append_pair("data", data);
    }
    if state.query.by != Query::default().by {
        out.append_pair("by", state.query.by.key());
    }
    if let Some(then) = state.query.then {
        out.append_pair("then", then.key());
    }
    for dim in Dim::ALL {
        for member in state.query.filter(dim) {
            out.append_pair(dim.key(), member.token());
        }
    }
    let text = out.finish();
    if text.is_empty() { text } else { format!("?{text}") }
}

/// The link for another query on the same data source.
pub fn link(data: &Option<String>, query: Query) -> String {
    let text = write(&UrlState { query, data: data.clone() });
    // An empty query string would not change the URL when followed, so name the default view.
    if text.is_empty() { "?".to_owned() } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SplitMix64;

    fn id(text: &str) -> MemberRef {
        MemberRef::Id(text.to_owned())
    }

    #[test]
    fn parses_and_falls_back() {
        // (query string, slice by, then by, data parameter)
        let cases: &[(&str, Dim, Option<Dim>, Option<&str>)] = &[
            ("", Dim::Place, None, None),
            ("?by=agency", Dim::Agency, None, None),
            ("by=nonsense&then=audience", Dim::Place, Some(Dim::Audience), None),
            ("by=audience&by=agency", Dim::Audience, None, None),
            ("by=place&then=place", Dim::Place, None, None),
            ("place=ludlow&place=wem&place=ludlow&place=", Dim::Place, None, None),
            ("audience=~none&zzz=1&%ZZ=%", Dim::Place, None, None),
            ("data=https%3A%2F%2Fx.org%2Fa.json&data=other", Dim::Place, None, Some("https://x.org/a.json")),
            ("activity=a%20b&activity=caf%C3%A9", Dim::Place, None, None),
        ];
        for (text, by, then, data) in cases {
            let state = parse(text);
            assert_eq!(state.query.by, *by, "{text}");
            assert_eq!(state.query.then, *then, "{text}");
            assert_eq!(state.data.as_deref(), *data, "{text}");
        }
        assert_eq!(
            parse("place=ludlow&place=wem&place=ludlow&place=").query.filter(Dim::Place),
            &[id("ludlow"), id("wem")]
        );
        assert_eq!(parse("audience=~none").query.filter(Dim::Audience), &[MemberRef::Unattributed]);
        assert_eq!(parse("activity=a%20b&activity=caf%C3%A9").query.filter(Dim::Activity), &[id("a b"), id("café")]);
    }

    #[test]
    fn writes_canonically() {
        assert_eq!(write(&UrlState::default()), "");
        let query = Query::default().drill(Dim::Place, id("ludlow")).then_by(Some(Dim::Agency));
        let state = UrlState { query, data: Some("data/x y.json".to_owned()) };
        assert_eq!(write(&state), "?data=data%2Fx+y.json&by=audience&then=agency&place=ludlow");
        assert_eq!(link(&None, Query::default()), "?");
    }

    /// Property: any state survives a round trip through the URL.
    #[test]
    fn round_trips() {
        let mut rng = SplitMix64::new(42);
        let alphabet = ["ludlow", "a b", "&=?#", "café", "~none", "x+y", "%41", "0"];
        for _ in 0..2_000 {
            let mut query = Query::default();
            query.by = Dim::ALL[rng.range(0, 4) as usize];
            query.then = match rng.range(0, 5) {
                4 => None,
                i => Some(Dim::ALL[i as usize]).filter(|d| *d != query.by),
            };
            for dim in Dim::ALL {
                for _ in 0..rng.range(0, 3) {
                    let member = MemberRef::from_token(alphabet[rng.range(0, alphabet.len() as u64) as usize]);
                    if !query.is_chosen(dim, &member) {
                        query.filters[dim.index()].push(member);
                    }
                }
            }
            let data = (rng.range(0, 2) == 1).then(|| "https://example.org/spend?x=1&y=2".to_owned());
            let state = UrlState { query, data };
            assert_eq!(parse(&write(&state)), state);
        }
    }
}
