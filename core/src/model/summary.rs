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
            duration_us: duration_us(trace),
            errors: trace.error_count,
            root_operation: trace.root_span.map(|r| trace.span(r).operation.clone()),
        }
    }
}

/// The trace's duration as the conformance file counts it: each span's start and duration in
/// whole µs (rounded down, as Jaeger maps OTLP's ns), latest end minus earliest start.
fn duration_us(trace: &Trace) -> i64 {
    let us = |ns: i64| ns.div_euclid(1_000);
    let start = trace.spans.iter().map(|s| us(s.start_ns)).min();
    let end = (trace.spans.iter())
        .map(|s| us(s.start_ns).saturating_add(us(s.duration_ns)))
        .max();
    start
        .zip(end)
        .map_or(0, |(start, end)| end.saturating_sub(start))
}
