//! The URL codec: query-string text ⇄ [`Query`] plus the data source parameter.
//!
//! The URL is the explorer's only state, so links can be shared and the back button works.
//! Parsing never fails: unknown parameters are ignored and broken values fall back to defaults,
//! and [`read`] says which ones, so the page can tell the reader (`link_check`). Text is
//! percent-decoded only, never form-decoded: a literal `+` is a plus (docs/data-format.md,
//! section 9). Writing is canonical (fixed order, defaults left out), so equal states give equal
//! URLs.

use crate::domain::model::Dim;
use crate::domain::presenter::Present;
use crate::domain::query::{Measure, MemberRef, Query, SortOrder, View};
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// Everything the URL holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UrlState {
    /// What to show.
    pub query: Query,
    /// The `data` parameter: which file to load, if not a shipped one.
    pub data: Option<String>,
    /// The `dataset` parameter: a shipped dataset's short name (`domain::catalogue`).
    pub dataset: Option<String>,
    /// Whether the link says what to slice by (`by=`); without it, a dataset whose first
    /// dimension has one member opens on the next one instead of a one-bar chart.
    pub by_stated: bool,
    /// `embed=1`: the compact layout for a council or parish website's frame
    /// (docs/embedding.md). Kept in every link the app writes while embedded.
    pub embed: bool,
    /// `present=1` or `present=table`: presenter mode, for a projector (issue 10), with the
    /// chart or the table in its place. Kept in every link the app writes while presenting.
    pub present: Present,
}

/// One `key=value` piece of a query string, percent-decoded.
///
/// Decoding is percent-decoding only (RFC 3986), not HTML-form decoding: a literal `+` stays a
/// `+`. A data officer pasting `?data=https://x.org/a+b.json` therefore gets the file called
/// `a+b.json`, and the rule in docs/data-format.md ("encode `&`, `#` and `%`") is all there is.
/// Invalid UTF-8 after decoding becomes U+FFFD rather than failing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The name before `=`.
    pub key: String,
    /// The value after the first `=`; empty when there is no `=`.
    pub value: String,
}

impl Param {
    /// A parameter from its decoded key and value.
    pub fn new(key: &str, value: &str) -> Param {
        Param { key: key.to_owned(), value: value.to_owned() }
    }
}

/// Why [`read`] did not use a parameter. Each variant occurs when the parameter is of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unread {
    /// Occurs for `by` or `then` with a value that is not a dimension's key (`by=places`).
    NotADimension,
    /// Occurs for a second `by`, `then`, `data`, `dataset`, `year`, `compare`, `measure`, `sort`,
    /// `view` or `present` whose value differs from the first, which wins.
    Repeated,
    /// Occurs for `dataset` beside `data`: the address wins.
    Overridden,
    /// Occurs for a parameter name the explorer does not know (`plaec=ludlow`, `utm_source=x`).
    UnknownName,
    /// Occurs for `measure`, `sort` or `view` with a value the explorer does not know
    /// (`measure=per-head`); the default is shown.
    NotAValue,
}

/// A query string taken apart: the state, every parameter in order, and the ones not used.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reading {
    /// The state the explorer shows.
    pub state: UrlState,
    /// Every parameter, in the order given, so a link can be edited without reordering it.
    pub params: Vec<Param>,
    /// Parameters the state does not reflect: index into `params`, and why.
    pub unread: Vec<(usize, Unread)>,
}

/// Characters written percent-encoded: the separators of a query string (`&`, `=`, `#`), `%`
/// itself, `+` (which form decoders elsewhere would read as a space), `?`, space and the
/// characters browsers escape anyway. Everything outside ASCII is always encoded as UTF-8.
/// `/`, `:` and `~` stay as they are, so data addresses and `~none` remain readable.
const ENCODED: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Splits a query string (with or without the leading `?`) into decoded parameters. Empty
/// pieces (`a=1&&b=2`) are skipped.
pub fn params(query_string: &str) -> Vec<Param> {
    let text = query_string.strip_prefix('?').unwrap_or(query_string);
    let decode = |part: &str| percent_decode_str(part).decode_utf8_lossy().into_owned();
    text.split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
            Param { key: decode(key), value: decode(value) }
        })
        .collect()
}

/// Writes parameters as a query string starting with `?`, or an empty string for none.
pub fn write_params(params: &[Param]) -> String {
    // Written straight into one string: every link on the page is written again on each click
    // (a bar chart and table of dozens of rows), so this is one allocation per link, not a few
    // per parameter.
    let mut text = String::new();
    for (at, param) in params.iter().enumerate() {
        text.push(if at == 0 { '?' } else { '&' });
        text.extend(utf8_percent_encode(&param.key, ENCODED));
        text.push('=');
        text.extend(utf8_percent_encode(&param.value, ENCODED));
    }
    text
}

/// Reads a query string (with or without the leading `?`) and says which parameters it ignored.
pub fn read(query_string: &str) -> Reading {
    let params = params(query_string);
    let mut state = UrlState::default();
    let mut unread = Vec::new();
    let mut by_seen: Option<&str> = None;
    let mut then_seen: Option<&str> = None;
    let mut data_seen: Option<&str> = None;
    let mut dataset_seen: Option<&str> = None;
    let mut year_seen: Option<&str> = None;
    let mut compare_seen: Option<&str> = None;
    let mut measure_seen: Option<&str> = None;
    let mut sort_seen: Option<&str> = None;
    let mut view_seen: Option<&str> = None;
    let mut present_seen: Option<&str> = None;
    let mut moves_seen: Option<&str> = None;
    for (at, param) in params.iter().enumerate() {
        let value = param.value.as_str();
        // A repeat that agrees with the first changes nothing; one that disagrees was ignored.
        let repeated =
            |seen: Option<&str>| seen.map(|first| if first == value { None } else { Some(Unread::Repeated) });
        let why = match param.key.as_str() {
            "by" => repeated(by_seen).unwrap_or_else(|| {
                by_seen = Some(value);
                match Dim::from_key(value) {
                    Some(dim) => {
                        state.query.by = dim;
                        None
                    }
                    None => (!value.is_empty()).then_some(Unread::NotADimension),
                }
            }),
            "then" => repeated(then_seen).unwrap_or_else(|| {
                then_seen = Some(value);
                state.query.then = Dim::from_key(value);
                (state.query.then.is_none() && !value.is_empty()).then_some(Unread::NotADimension)
            }),
            "data" if !value.is_empty() => repeated(data_seen).unwrap_or_else(|| {
                data_seen = Some(value);
                state.data = Some(value.to_owned());
                None
            }),
            "data" => None,
            "dataset" if !value.is_empty() => repeated(dataset_seen).unwrap_or_else(|| {
                dataset_seen = Some(value);
                state.dataset = Some(value.to_owned());
                None
            }),
            "year" if !value.is_empty() => repeated(year_seen).unwrap_or_else(|| {
                year_seen = Some(value);
                state.query.period = Some(value.to_owned());
                None
            }),
            "compare" if !value.is_empty() => repeated(compare_seen).unwrap_or_else(|| {
                compare_seen = Some(value);
                state.query.compare = Some(value.to_owned());
                None
            }),
            "measure" if !value.is_empty() => repeated(measure_seen).unwrap_or_else(|| {
                measure_seen = Some(value);
                match Measure::from_key(value) {
                    Some(measure) => {
                        state.query.measure = measure;
                        None
                    }
                    None => Some(Unread::NotAValue),
                }
            }),
            "sort" if !value.is_empty() => repeated(sort_seen).unwrap_or_else(|| {
                sort_seen = Some(value);
                match SortOrder::from_key(value) {
                    Some(sort) => {
                        state.query.sort = sort;
                        None
                    }
                    None => Some(Unread::NotAValue),
                }
            }),
            "view" if !value.is_empty() => repeated(view_seen).unwrap_or_else(|| {
                view_seen = Some(value);
                match View::from_key(value) {
                    Some(view) => {
                        state.query.view = view;
                        None
                    }
                    None => Some(Unread::NotAValue),
                }
            }),
            // A table's moves (`scenario::encode` text): checked against the data when shown,
            // where a link made on other data is refused in words, so any text is read here.
            "moves" if !value.is_empty() => repeated(moves_seen).unwrap_or_else(|| {
                moves_seen = Some(value);
                state.query.moves = Some(value.to_owned());
                None
            }),
            // The collect view's pasted scenario links, one each, kept in order.
            "link" if !value.is_empty() => {
                state.query.collected.push(value.to_owned());
                None
            }
            "moves" | "link" => None,
            "dataset" | "year" | "compare" | "measure" | "sort" | "view" => None,
            // Presenter mode: `present=1` (any value but `0` and `table`, as for `embed`) shows
            // the chart, `present=table` the table in its place.
            "present" if !value.is_empty() => repeated(present_seen).unwrap_or_else(|| {
                present_seen = Some(value);
                state.present = Present::from_value(value);
                None
            }),
            "present" => None,
            // `embed=1` turns the compact layout on (so does any value but `0`, so a
            // hand-typed `embed=true` works); `embed=0` or an empty value is the full page.
            "embed" => {
                state.embed |= !matches!(value, "" | "0");
                None
            }
            other => match Dim::from_key(other) {
                Some(dim) => {
                    // Empty values and repeats are dropped, so the filter stays a set.
                    let member = MemberRef::from_token(value);
                    let filter = &mut state.query.filters[dim.index()];
                    if !value.is_empty() && !filter.contains(&member) {
                        filter.push(member);
                    }
                    None
                }
                None => Some(Unread::UnknownName),
            },
        };
        if let Some(why) = why {
            unread.push((at, why));
        }
    }
    if state.query.then == Some(state.query.by) {
        state.query.then = None;
    }
    // Moves open "Move the money" by themselves, so links carrying them leave `view=` out
    // (shorter for a QR code) and read the same either way.
    if state.query.moves.is_some() && state.query.view == View::Chart {
        state.query.view = View::MoveMoney;
    }
    state.by_stated = by_seen.is_some_and(|by| Dim::from_key(by).is_some());
    if state.data.is_some()
        && let Some(at) = params.iter().position(|p| p.key == "dataset" && !p.value.is_empty())
    {
        state.dataset = None;
        unread.push((at, Unread::Overridden));
        unread.sort_by_key(|(at, _)| *at);
    }
    Reading { state, params, unread }
}

/// Reads a query string (with or without the leading `?`); never fails.
pub fn parse(query_string: &str) -> UrlState {
    read(query_string).state
}

/// Writes a query string, starting with `?`, or an empty string for the default state.
pub fn write(state: &UrlState) -> String {
    let mut out = Vec::new();
    if let Some(data) = &state.data {
        out.push(Param::new("data", data));
    } else if let Some(dataset) = &state.dataset {
        out.push(Param::new("dataset", dataset));
    }
    if let Some(year) = &state.query.period {
        out.push(Param::new("year", year));
    }
    if let Some(compare) = &state.query.compare {
        out.push(Param::new("compare", compare));
    }
    if state.by_stated || state.query.by != Query::default().by {
        out.push(Param::new("by", state.query.by.key()));
    }
    if let Some(then) = state.query.then {
        out.push(Param::new("then", then.key()));
    }
    // View options are written only when they differ from the default, so old links stay
    // canonical, and only on a view by Place, the one view they change: a drill or another
    // slice from a per-resident A-Z view does not carry them into a link where they do nothing.
    let place_settings = state.query.has_place_settings();
    if place_settings && state.query.measure != Measure::default() {
        out.push(Param::new("measure", state.query.measure.key()));
    }
    if place_settings && state.query.sort != SortOrder::default() {
        out.push(Param::new("sort", state.query.sort.key()));
    }
    // Moves open "Move the money" by themselves: their links leave `view=` out (a shorter QR code).
    let implied = state.query.view == View::MoveMoney && state.query.moves.is_some();
    if let Some(view) = state.query.view.key().filter(|_| !implied) {
        out.push(Param::new("view", view));
    }
    for dim in Dim::ALL {
        for member in state.query.filter(dim) {
            out.push(Param::new(dim.key(), member.token()));
        }
    }
    if let Some(moves) = &state.query.moves {
        out.push(Param::new("moves", moves));
    }
    for link in &state.query.collected {
        out.push(Param::new("link", link));
    }
    if let Some(present) = state.present.value() {
        out.push(Param::new("present", present));
    }
    if state.embed {
        out.push(Param::new("embed", "1"));
    }
    write_params(&out)
}

/// Which data a link keeps showing: a `data` address, or a shipped dataset's name. Links the
/// app writes always name one, so they never fall under the rule for old links without a name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DataParams {
    /// The `data` address, if the page shows one.
    pub data: Option<String>,
    /// The shipped dataset's name otherwise.
    pub dataset: Option<String>,
    /// Whether the page is embedded (`embed=1`): links made inside a frame stay in the frame's
    /// compact layout.
    pub embed: bool,
    /// Presenter mode (`present=`): links made while presenting keep presenting.
    pub present: Present,
}

/// The link for another query on the same data. It states `by` whenever it slices by anything
/// but the dataset's opening dimension would, so the view is exactly the one chosen.
pub fn link(data: &DataParams, query: Query) -> String {
    let text = write(&UrlState {
        query,
        data: data.data.clone(),
        dataset: data.dataset.clone(),
        by_stated: true,
        embed: data.embed,
        present: data.present,
    });
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
            // A literal `+` is a plus, never a space: the rule docs/data-format.md gives officers.
            ("data=https://x.org/a+b.json", Dim::Place, None, Some("https://x.org/a+b.json")),
            ("data=data/a%2Bb.json", Dim::Place, None, Some("data/a+b.json")),
            ("data=data/my%20file.json", Dim::Place, None, Some("data/my file.json")),
            ("data=data/my file.json", Dim::Place, None, Some("data/my file.json")),
            ("data=data/caf%C3%A9.json", Dim::Place, None, Some("data/café.json")),
            ("data=data/café.json", Dim::Place, None, Some("data/café.json")),
            ("data=https://x.org/a.json?v=1", Dim::Place, None, Some("https://x.org/a.json?v=1")),
            ("data=https://x.org/a.json%3Fv=1%26w=2", Dim::Place, None, Some("https://x.org/a.json?v=1&w=2")),
            ("data=100%25+sure.json", Dim::Place, None, Some("100%+sure.json")),
            // The example in docs/data-format.md, section 9.
            (
                "?data=https://your.site/spend.json?year=2011%26area=a+b",
                Dim::Place,
                None,
                Some("https://your.site/spend.json?year=2011&area=a+b"),
            ),
            ("data=bad%ZZ%E9.json", Dim::Place, None, Some("bad%ZZ\u{FFFD}.json")),
            ("data=&data=x.json", Dim::Place, None, Some("x.json")),
        ];
        for (text, by, then, data) in cases {
            let state = parse(text);
            assert_eq!(state.query.by, *by, "{text}");
            assert_eq!(state.query.then, *then, "{text}");
            assert_eq!(state.data.as_deref(), *data, "{text}");
        }
        // (query string, dimension, filter ids after parsing)
        let filters: &[(&str, Dim, &[MemberRef])] = &[
            ("place=ludlow&place=wem&place=ludlow&place=", Dim::Place, &[id("ludlow"), id("wem")]),
            ("audience=~none", Dim::Audience, &[MemberRef::Unattributed]),
            ("activity=a%20b&activity=caf%C3%A9", Dim::Activity, &[id("a b"), id("café")]),
            ("activity=a+b&activity=a%2Bb", Dim::Activity, &[id("a+b")]),
            ("agency=x%2By+z", Dim::Agency, &[id("x+y+z")]),
        ];
        for (text, dim, expected) in filters {
            assert_eq!(parse(text).query.filter(*dim), *expected, "{text}");
        }
    }

    #[test]
    fn says_which_parameters_it_did_not_use() {
        use Unread::*;
        // (query string, (index of the parameter, why) for each one not used)
        let cases: &[(&str, &[(usize, Unread)])] = &[
            ("", &[]),
            ("by=agency&then=audience&place=ludlow&data=x.json", &[]),
            ("dataset=a&year=2014-15&compare=2013-14&year=2014-15", &[]),
            ("year=a&year=b&compare=c&compare=d&dataset=x&dataset=y", &[(1, Repeated), (3, Repeated), (5, Repeated)]),
            ("dataset=x&data=y.json", &[(0, Overridden)]),
            ("by=places", &[(0, NotADimension)]),
            ("then=Agency&by=", &[(0, NotADimension)]),
            ("by=audience&by=agency&by=audience", &[(1, Repeated)]),
            ("then=agency&then=agency", &[]),
            ("data=a.json&data=b.json", &[(1, Repeated)]),
            ("plaec=ludlow&place=wem&utm_source=x&=y", &[(0, UnknownName), (2, UnknownName), (3, UnknownName)]),
            ("place=&&place=~none&Place=wem", &[(2, UnknownName)]),
            ("measure=per-resident&sort=name&view=compare-places&measure=per-resident", &[]),
            ("measure=per-head&sort=z-a&view=compare&measure=", &[(0, NotAValue), (1, NotAValue), (2, NotAValue)]),
            ("measure=total&measure=per-resident&sort=largest&sort=name", &[(1, Repeated), (3, Repeated)]),
        ];
        for (text, expected) in cases {
            assert_eq!(read(text).unread, *expected, "{text}");
        }
    }

    #[test]
    fn writes_canonically() {
        assert_eq!(write(&UrlState::default()), "");
        let query = Query::default().drill(Dim::Place, id("ludlow")).then_by(Some(Dim::Agency));
        let state = UrlState { query, data: Some("data/x y.json".to_owned()), ..UrlState::default() };
        assert_eq!(write(&state), "?data=data/x%20y.json&by=audience&then=agency&place=ludlow");
        assert_eq!(write(&UrlState::default()), "");
        // Links the app writes name the data and the slice, so they never read as old links.
        let named = DataParams { dataset: Some("shropshire-published".to_owned()), ..DataParams::default() };
        assert_eq!(link(&named, Query::default()), "?dataset=shropshire-published&by=place");
        let years = Query::default().in_period(Some("2014-15".to_owned())).compared_with(Some("2013-14".to_owned()));
        assert_eq!(link(&named, years.clone()), "?dataset=shropshire-published&year=2014-15&compare=2013-14&by=place");
        assert_eq!(years.in_period(Some("2013-14".to_owned())).compare, None);
        // (data address, as written)
        let cases: &[(&str, &str)] = &[
            ("https://x.org/a+b.json", "?data=https://x.org/a%2Bb.json"),
            ("data/a%2Bb.json", "?data=data/a%252Bb.json"),
            ("data/café ŵ.json", "?data=data/caf%C3%A9%20%C5%B5.json"),
            ("https://x.org/s?x=1&y=#z", "?data=https://x.org/s%3Fx%3D1%26y%3D%23z"),
        ];
        for (data, expected) in cases {
            let state = UrlState { query: Query::default(), data: Some((*data).to_owned()), ..UrlState::default() };
            assert_eq!(write(&state), *expected, "{data}");
            assert_eq!(parse(expected), state, "{expected}");
        }
    }

    /// "Move the money" and the collect view: `view=`, `moves=` and `link=` read, written back
    /// in the canonical order, and read again to the same state; the pasted links keep their
    /// own `?`, `&` and `=` (percent-encoded), and an empty or repeated one is handled.
    #[test]
    fn scenario_and_collect_parameters_round_trip() {
        let pasted = "https://x.org/?dataset=shropshire-illustrative&place=wem&moves=k3.1-2-3k";
        // (query string, open, moves, collect, links, as written)
        type Case<'a> = (&'a str, bool, Option<&'a str>, bool, &'a [&'a str], &'a str);
        let cases: &[Case] = &[
            ("view=move-money&place=wem", true, None, false, &[], "?view=move-money&place=wem"),
            ("moves=k3.1-2-3k&place=wem", true, Some("k3.1-2-3k"), false, &[], "?place=wem&moves=k3.1-2-3k"),
            (
                "moves=k3.1-2-3k&view=move-money&moves=k3.1-2-3k",
                true,
                Some("k3.1-2-3k"),
                false,
                &[],
                "?moves=k3.1-2-3k",
            ),
            ("moves=&view=collect&link=", false, None, true, &[], "?view=collect"),
            (
                "view=collect&link=https%3A%2F%2Fx.org%2F%3Fdataset%3Dshropshire-illustrative%26place%3Dwem%26moves%3Dk3.1-2-3k&link=not%20a%20link",
                false,
                None,
                true,
                &[pasted, "not a link"],
                "?view=collect&link=https://x.org/%3Fdataset%3Dshropshire-illustrative%26place%3Dwem%26moves%3Dk3.1-2-3k&link=not%20a%20link",
            ),
        ];
        for (text, open, moves, collect, links, written) in cases {
            let reading = read(text);
            let q = &reading.state.query;
            assert_eq!(
                (
                    q.view == View::MoveMoney,
                    q.moves.as_deref(),
                    q.view == View::Collect,
                    q.collected.iter().map(String::as_str).collect::<Vec<_>>()
                ),
                (*open, *moves, *collect, links.to_vec()),
                "{text}"
            );
            assert!(reading.unread.is_empty(), "{text}: {:?}", reading.unread);
            assert_eq!(write(&reading.state), *written, "{text}");
            assert_eq!(parse(written), reading.state, "{written}");
        }
        // A second, different `moves=` is not used, like any repeated parameter.
        assert_eq!(read("moves=a.1-2-3&moves=b").unread, vec![(1, Unread::Repeated)]);
        assert_eq!(read("moves=a.1-2-3&moves=b").state.query.moves.as_deref(), Some("a.1-2-3"));
        // Closing one view keeps none of its parameters.
        let open = parse("view=move-money&moves=k3.1-2-3k").query;
        assert_eq!(write(&UrlState { query: open.moving_money(false, None), ..UrlState::default() }), "");
        let collecting = open.collecting(true, vec![" a ".to_owned(), String::new(), "b".to_owned()]);
        assert_eq!(write(&UrlState { query: collecting, ..UrlState::default() }), "?view=collect&link=a&link=b");
    }

    #[test]
    fn table_mats_view_is_read_and_written() {
        // (query string, table mats, compare places, as written back by a link)
        let cases: &[(&str, bool, bool, &str)] = &[
            ("view=table-mats", true, false, "?by=place&view=table-mats"),
            (
                "place=wem&view=table-mats&place=ludlow&year=2016-17",
                true,
                false,
                "?year=2016-17&by=place&view=table-mats&place=wem&place=ludlow",
            ),
            ("view=compare-places", false, true, "?by=place&view=compare-places"),
            ("view=table-mat", false, false, "?by=place"),
        ];
        for (text, table_mats, compare_places, written) in cases {
            let reading = read(text);
            let query = reading.state.query.clone();
            assert_eq!(
                (query.view == View::TableMats, query.view == View::ComparePlaces),
                (*table_mats, *compare_places),
                "{text}"
            );
            assert_eq!(reading.unread.is_empty(), *table_mats || *compare_places, "{text}");
            assert_eq!(link(&DataParams::default(), query.clone()), *written, "{text}");
            assert_eq!(parse(written).query, query, "{written}");
        }
    }

    #[test]
    fn view_options_are_read_and_written_canonically() {
        // (query string, measure, sort, compare places, as written back by a link)
        let cases: &[(&str, Measure, SortOrder, bool, &str)] = &[
            ("", Measure::Total, SortOrder::Largest, false, "?by=place"),
            ("measure=total&sort=largest", Measure::Total, SortOrder::Largest, false, "?by=place"),
            ("measure=per-resident", Measure::PerResident, SortOrder::Largest, false, "?by=place&measure=per-resident"),
            ("sort=name&by=place", Measure::Total, SortOrder::Name, false, "?by=place&sort=name"),
            (
                "place=wem&view=compare-places&place=ludlow&sort=name&measure=per-resident",
                Measure::PerResident,
                SortOrder::Name,
                true,
                "?by=place&measure=per-resident&sort=name&view=compare-places&place=wem&place=ludlow",
            ),
            ("measure=per-head&view=compare", Measure::Total, SortOrder::Largest, false, "?by=place"),
        ];
        for (text, measure, sort, compare_places, written) in cases {
            let query = parse(text).query;
            assert_eq!(
                (query.measure, query.sort, query.view == View::ComparePlaces),
                (*measure, *sort, *compare_places),
                "{text}"
            );
            assert_eq!(link(&DataParams::default(), query.clone()), *written, "{text}");
            assert_eq!(parse(written).query, query, "{written}");
        }
    }

    #[test]
    fn embed_is_read_and_kept_in_links() {
        // (query string, embedded)
        let cases: &[(&str, bool)] = &[
            ("", false),
            ("embed=1", true),
            ("?embed=1&place=ludlow", true),
            ("embed=true", true),
            ("embed=0", false),
            ("embed=", false),
            ("embed=0&embed=1", true),
        ];
        for (text, embedded) in cases {
            let reading = read(text);
            assert_eq!(reading.state.embed, *embedded, "{text}");
            assert!(reading.unread.is_empty(), "{text}");
        }
        let framed =
            DataParams { dataset: Some("shropshire-illustrative".to_owned()), embed: true, ..DataParams::default() };
        let query = Query::default().drill(Dim::Place, id("ludlow"));
        assert_eq!(link(&framed, query.clone()), "?dataset=shropshire-illustrative&by=audience&place=ludlow&embed=1");
        let full = DataParams { embed: false, ..framed };
        assert_eq!(link(&full, query), "?dataset=shropshire-illustrative&by=audience&place=ludlow");
    }

    #[test]
    fn present_is_read_and_kept_in_links() {
        /// (query string, mode, parameters not used)
        type Case<'a> = (&'a str, Present, &'a [(usize, Unread)]);
        let cases: &[Case] = &[
            ("", Present::Off, &[]),
            ("present=1", Present::Chart, &[]),
            ("?place=ludlow&present=table", Present::Table, &[]),
            ("present=yes", Present::Chart, &[]),
            ("present=0", Present::Off, &[]),
            ("present=", Present::Off, &[]),
            ("present=1&present=1", Present::Chart, &[]),
            ("present=table&present=1", Present::Table, &[(1, Unread::Repeated)]),
            ("present=&present=table", Present::Table, &[]),
        ];
        for (text, mode, unread) in cases {
            let reading = read(text);
            assert_eq!(reading.state.present, *mode, "{text}");
            assert_eq!(reading.unread, *unread, "{text}");
        }
        let presenting = DataParams {
            dataset: Some("shropshire-illustrative".to_owned()),
            present: Present::Chart,
            ..DataParams::default()
        };
        let query = Query::default().drill(Dim::Place, id("ludlow"));
        assert_eq!(
            link(&presenting, query.clone()),
            "?dataset=shropshire-illustrative&by=audience&place=ludlow&present=1"
        );
        let table = DataParams { present: Present::Table, ..presenting.clone() };
        assert_eq!(
            link(&table, query.clone()),
            "?dataset=shropshire-illustrative&by=audience&place=ludlow&present=table"
        );
        let full = DataParams { present: Present::Off, ..presenting };
        assert_eq!(link(&full, query), "?dataset=shropshire-illustrative&by=audience&place=ludlow");
    }

    #[test]
    fn parameters_round_trip_in_order() {
        let params = vec![Param::new("plaec", "a+b c"), Param::new("by", "%2B"), Param::new("place", "ŵ&=#")];
        assert_eq!(write_params(&params), "?plaec=a%2Bb%20c&by=%252B&place=%C5%B5%26%3D%23");
        assert_eq!(self::params(&write_params(&params)), params);
        assert_eq!(write_params(&[]), "");
    }

    /// Property: any state survives a round trip through the URL (measure and order only on a
    /// view by Place, the one view they change), and the written link is canonical.
    #[test]
    fn round_trips() {
        let mut rng = SplitMix64::new(42);
        let alphabet =
            ["ludlow", "a b", "&=?#", "café", "~none", "x+y", "%41", "%2B", "a+b c", "Ŵyr", "\u{202E}x", "0"];
        let addresses = [
            "https://example.org/spend?x=1&y=2",
            "data/a+b.json",
            "data/my file%2B.json",
            "https://example.org/Côr Meibion.json#top",
        ];
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
            let data = match rng.range(0, addresses.len() as u64 + 1) as usize {
                i if i < addresses.len() => Some(addresses[i].to_owned()),
                _ => None,
            };
            query.period =
                (rng.range(0, 2) == 0).then(|| alphabet[rng.range(0, alphabet.len() as u64) as usize].to_owned());
            query.compare =
                (rng.range(0, 3) == 0).then(|| alphabet[rng.range(0, alphabet.len() as u64) as usize].to_owned());
            query.measure = Measure::ALL[rng.range(0, 2) as usize];
            query.sort = SortOrder::ALL[rng.range(0, 2) as usize];
            // One view at a time, as the page opens them; moves and collected links on any.
            query.view = [View::Chart, View::ComparePlaces, View::MoveMoney, View::Collect, View::TableMats]
                [rng.range(0, 5) as usize];
            query.moves = (rng.range(0, 3) == 0).then(|| format!("k3.{}-2-3", rng.range(0, 99)));
            for _ in 0..rng.range(0, 3) {
                query.collected.push(format!("https://x.org/?place={}&moves=a.1-2-3#x", rng.range(0, 9)));
            }
            let dataset = (data.is_none() && rng.range(0, 2) == 0).then(|| "shropshire-published".to_owned());
            let by_stated = rng.range(0, 2) == 0 || query.by != Query::default().by;
            let embed = rng.range(0, 3) == 0;
            let present = [Present::Off, Present::Chart, Present::Table][rng.range(0, 3) as usize];
            // Measure and order belong to a view by Place: any other view's link leaves them out.
            let mut expected = query.clone();
            // Moves open "Move the money" by themselves.
            if expected.moves.is_some() && expected.view == View::Chart {
                expected.view = View::MoveMoney;
            }
            if !query.has_place_settings() {
                expected.measure = Measure::default();
                expected.sort = SortOrder::default();
            }
            let state = UrlState { query, data, dataset, by_stated, embed, present };
            let written = write(&state);
            assert_eq!(parse(&written), UrlState { query: expected, ..state.clone() }, "{written}");
            assert_eq!(write(&parse(&written)), written);
            assert!(read(&written).unread.is_empty(), "{written}");
        }
    }
}
