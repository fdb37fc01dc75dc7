//! tracedeck's browser app: Leptos components that render the core's view model and dispatch, and
//! the edge (fetching, timers, clipboard, the address). Everything else is `tracedeck-core`,
//! re-exported here under the same names.

pub use tracedeck_core::{backend, config, demo, embedding, model, view, wire};

pub mod api;
pub mod app;
