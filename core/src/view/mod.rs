//! The view model: what the screen shows, computed from the domain model in plain Rust.

pub mod chart;
pub mod colors;
pub mod compare;
pub mod critical_path;
pub mod detail;
pub mod events;
pub mod flame;
pub mod format;
pub mod links;
pub mod list_filter;
pub mod listing;
pub mod llm;
pub mod load;
pub mod range;
pub mod search;
pub mod service_map;
pub mod span_budget;
pub mod stats;
pub mod thresholds;
pub mod trace_list;
pub mod trace_view;
pub mod transfer;
pub mod tree;
pub mod typical;
pub mod url_state;
pub mod zoom;
