//! The pure core: data model, loading and validation, queries, aggregation, money, formatting,
//! chart geometry and the URL codec. Nothing here touches the browser, the clock or randomness,
//! so all of it runs and is tested natively (`cargo test`).

pub mod load;
pub mod model;
pub mod money;
pub mod problem;
pub mod raw;
pub mod aggregate;
pub mod query;
pub mod url;
pub mod format;
pub mod chart;
pub mod source;
