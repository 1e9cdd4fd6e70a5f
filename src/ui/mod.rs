//! The browser shell: Leptos components that wire URL state and fetched data to the pure
//! [`crate::domain`], and nothing more. Components lay out; the domain computes.

mod about_data;
mod app;
mod bar_chart;
mod browser;
mod chips;
mod collect_panel;
mod compare_places;
mod comparison;
mod coverage_notes;
mod cross_table;
mod data_table;
mod embed;
mod explorer;
mod fetch;
mod file_picker;
mod filter_panel;
mod headline;
mod headline_notes;
mod lineage_panel;
mod link_notice;
mod loader;
mod measure_switch;
mod nav;
mod outcomes_panel;
pub mod panic;
mod presenter;
mod print_footer;
mod problems_panel;
mod scenario_panel;
mod share_panel;
mod slice_picker;
mod source_banner;
mod table_mats;
mod trend_chart;
mod year_picker;

pub use app::App;

/// Whether this is the page (not the loader worker, which runs the same WebAssembly).
pub fn in_page() -> bool {
    web_sys::window().is_some()
}

/// Starts the app: installs the panic hook, then mounts [`App`] on the page's `<body>`.
pub fn start() {
    panic::install_hook();
    embed::install();
    leptos::mount::mount_to_body(App);
}
