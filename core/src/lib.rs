//! tracedeck's core: everything the viewer knows, in plain Rust with no browser types, so the
//! compiler keeps it pure and it is tested natively. Wire formats feed one domain model; the view
//! model computes what the screen shows from it; settings, the demo generator and the backend
//! protocol (flavours, URLs, reading answers) sit beside them. The app crate renders and fetches.

pub mod backend;
pub mod config;
pub mod demo;
pub mod embedding;
pub mod model;
pub mod view;
pub mod wire;
