//! The pure core: data model, loading and validation, queries, aggregation, money, formatting,
//! chart geometry and the URL codec. Nothing here touches the browser, the clock or randomness,
//! so all of it runs and is tested natively (`cargo test`).

pub mod aggregate;
pub mod catalogue;
pub mod chart;
pub mod chart_svg;
pub mod compare_places;
pub mod config;
pub mod coverage;
pub mod export;
pub mod format;
pub mod freshness;
pub mod handoff;
pub mod lineage;
pub mod link_check;
pub mod load;
pub mod model;
pub mod money;
pub mod outcomes;
pub mod per_resident;
pub mod presenter;
pub mod print;
pub mod problem;
pub mod qr;
pub mod query;
pub mod raw;
pub mod reader;
pub mod rounding;
pub mod scenario;
pub mod scenario_amount;
pub mod scenario_collect;
pub mod scenario_export;
pub mod scenario_figures;
pub mod source;
pub mod suggest;
pub mod table_mat;
#[cfg(test)]
mod test_data;
pub mod trend;
pub mod url;
