//! The one-line summary of a trace that `examples/summarize.rs` prints and the conformance file
//! checks: the tree rules' results in a form two implementations can compare.

use serde::Serialize;

use super::trace::Trace;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub trace_id: String,
    pub spans: usize,
    pub services: Vec<String>,
    pub roots: usize,
    pub orphans: usize,
    pub duplicates: usize,
    pub max_depth: u32,
    pub duration_us: i64,
    pub errors: usize,
    pub root_operation: Option<String>,
}

impl Summary {
    pub fn of(trace: &Trace) -> Self {
        Self {
            trace_id: trace.trace_id.clone(),
            spans: trace.spans.len(),
            services: trace.services.iter().map(|s| s.name.clone()).collect(),
            roots: trace.roots.len(),
            orphans: trace.orphan_count,
            duplicates: trace.duplicate_count,
            max_depth: trace.max_depth,
            duration_us: trace.duration_us(),
            errors: trace.error_count,
            root_operation: trace.root_span.map(|r| trace.span(r).operation.clone()),
        }
    }
}
