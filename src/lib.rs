//! tracedeck: a traces viewer for Jaeger. Wire formats feed one domain model; the browser app
//! (components, fetching, timers) sits at the edge and only renders and dispatches.

pub mod app;
pub mod model;
pub mod wire;
