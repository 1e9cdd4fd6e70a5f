//! The datasets shipped with the app, their short stable names for links (`?dataset=`), and
//! which one a link opens.
//!
//! Names outlive file names: a link says `dataset=shropshire-published`, and the file behind it
//! can be rebuilt or renamed. Links made before names existed carry no `dataset` and were all
//! about the only dataset then shipped (the illustrative one), so a link with view parameters but
//! no dataset name opens that one, unless it has a parameter that came with names (`year`,
//! `compare`); any other link opens the home dataset (docs/data-format.md, "Links").

/// One dataset shipped with the app.
#[derive(Debug, PartialEq, Eq)]
pub struct ShippedDataset {
    /// Short stable name used in links (`?dataset=…`).
    pub name: &'static str,
    /// The file, relative to the page.
    pub path: &'static str,
    /// What the switcher calls it.
    pub title: &'static str,
    /// Whether its figures are made up (always labelled as such).
    pub made_up: bool,
}

/// Real published figures for Shropshire, 2010-11 to 2017-18: the home view.
pub const PUBLISHED: ShippedDataset = ShippedDataset {
    name: "shropshire-published",
    path: "data/shropshire-published-2010-11-to-2017-18.json",
    title: "Shropshire, published figures 2010-11 to 2017-18",
    made_up: false,
};

/// Made-up figures for Shropshire's 18 Places, 2011/12.
pub const ILLUSTRATIVE: ShippedDataset = ShippedDataset {
    name: "shropshire-illustrative",
    path: "data/shropshire-illustrative-2011-12.json",
    title: "Shropshire's 18 Places, made-up figures 2011/12",
    made_up: true,
};

/// Every shipped dataset, the home one first.
pub const SHIPPED: [&ShippedDataset; 2] = [&PUBLISHED, &ILLUSTRATIVE];

/// The dataset a bare address opens.
pub const HOME: &ShippedDataset = &PUBLISHED;

/// The dataset a link without a `dataset` name but with view parameters opens: every link made
/// before names existed was about it.
pub const BEFORE_NAMES: &ShippedDataset = &ILLUSTRATIVE;

/// URL parameters that existed before dataset names did; a link carrying any of them and no
/// `dataset` is an old link (unless it also carries a parameter that came with names).
const OLD_VIEW_PARAMETERS: [&str; 6] = ["by", "then", "place", "audience", "activity", "agency"];

/// URL parameters that came with dataset names: a link carrying one was made afterwards, so
/// without a `dataset` it means the home dataset, whatever else it carries.
const NEW_VIEW_PARAMETERS: [&str; 2] = ["year", "compare"];

/// The shipped dataset with this name.
pub fn find(name: &str) -> Option<&'static ShippedDataset> {
    SHIPPED.into_iter().find(|d| d.name == name)
}

/// Which shipped dataset a link opens, when it names no `data` address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// The link names this dataset.
    Named(&'static ShippedDataset),
    /// The link names a dataset that does not exist; the home dataset is shown (and the link
    /// notice says so).
    UnknownName(&'static ShippedDataset),
    /// No name: an old link with view parameters (→ [`BEFORE_NAMES`]) or a bare address (→ [`HOME`]).
    Unnamed(&'static ShippedDataset),
}

impl Opened {
    /// The dataset shown.
    pub fn dataset(self) -> &'static ShippedDataset {
        match self {
            Opened::Named(d) | Opened::UnknownName(d) | Opened::Unnamed(d) => d,
        }
    }
}

/// Which shipped dataset a link opens: `name` is its `dataset` parameter, `param_keys` the
/// names of every parameter in it.
pub fn open<'a>(name: Option<&str>, param_keys: impl IntoIterator<Item = &'a str>) -> Opened {
    let keys: Vec<&str> = param_keys.into_iter().collect();
    let has = |list: &[&str]| keys.iter().any(|k| list.contains(k));
    match name {
        Some(name) => find(name).map_or(Opened::UnknownName(HOME), Opened::Named),
        None if has(&OLD_VIEW_PARAMETERS) && !has(&NEW_VIEW_PARAMETERS) => Opened::Unnamed(BEFORE_NAMES),
        None => Opened::Unnamed(HOME),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_open_the_dataset_they_were_made_for() {
        // (dataset parameter, other parameter names, dataset shown, how)
        let cases: &[(Option<&str>, &[&str], &str, &str)] = &[
            (None, &[], "shropshire-published", "unnamed"),
            (None, &["year"], "shropshire-published", "unnamed"),
            (None, &["utm_source"], "shropshire-published", "unnamed"),
            // The README's founding-question link, made before names existed.
            (None, &["by", "place", "audience", "activity"], "shropshire-illustrative", "unnamed"),
            (None, &["then"], "shropshire-illustrative", "unnamed"),
            // `year` came with names: such a link was made for the home dataset.
            (None, &["year", "by"], "shropshire-published", "unnamed"),
            (None, &["by", "compare"], "shropshire-published", "unnamed"),
            (Some("shropshire-published"), &["by", "place"], "shropshire-published", "named"),
            (Some("shropshire-illustrative"), &[], "shropshire-illustrative", "named"),
            (Some("atlantis"), &["place"], "shropshire-published", "unknown"),
            (Some(""), &[], "shropshire-published", "unknown"),
        ];
        for (name, keys, shown, how) in cases {
            let opened = open(*name, keys.iter().copied());
            assert_eq!(opened.dataset().name, *shown, "{name:?} {keys:?}");
            let kind = match opened {
                Opened::Named(_) => "named",
                Opened::UnknownName(_) => "unknown",
                Opened::Unnamed(_) => "unnamed",
            };
            assert_eq!(kind, *how, "{name:?} {keys:?}");
        }
    }

    #[test]
    fn names_and_paths_are_unique() {
        for (i, a) in SHIPPED.iter().enumerate() {
            for b in SHIPPED.iter().skip(i + 1) {
                assert_ne!(a.name, b.name);
                assert_ne!(a.path, b.path);
            }
        }
    }
}
