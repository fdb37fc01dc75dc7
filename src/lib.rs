//! tracedeck: a traces viewer for Jaeger. Wire formats feed one domain model; the browser app
//! (components, fetching, timers) sits at the edge and only renders and dispatches.

pub mod api;
pub mod app;
pub mod config;
pub mod demo;
pub mod model;
pub mod view;
pub mod wire;
