//! The view model: what the screen shows, computed from the domain model in plain Rust.

pub mod colors;
pub mod critical_path;
pub mod detail;
pub mod format;
pub mod range;
pub mod search;
pub mod trace_list;
pub mod tree;
pub mod url_state;
