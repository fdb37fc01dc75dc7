//! The screen's parts, each a component that reads the viewer (`Viewer`, read-only) and changes
//! it only through `Actions`: the header, the list and its overview (chart, operations, service
//! map), the open trace and the span detail.

pub(crate) mod chart;
pub(crate) mod compare;
pub(crate) mod flame_overview;
pub(crate) mod header;
pub(crate) mod list_toolbar;
pub(crate) mod operations;
pub(crate) mod overview;
pub(crate) mod service_graph;
pub(crate) mod span_detail;
pub(crate) mod trace_list;
pub(crate) mod trace_view;
