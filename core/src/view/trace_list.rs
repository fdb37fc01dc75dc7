//! The list of recent traces: one row per trace, merged from per-service queries.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{Trace, TraceSummary, semconv};
use crate::view::llm::TraceLlm;

/// What a trace's row in the list shows.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceRow {
    pub trace_id: String,
    /// The first 7 characters, as Jaeger UI shows them.
    pub short_id: String,
    /// Uppercase; present when the root span is HTTP.
    pub method: Option<String>,
    pub root_operation: String,
    pub root_service: String,
    pub http_status: Option<i64>,
    /// The trace's start, µs since the epoch: wall-clock time, shown in local time.
    pub start_us: i64,
    /// The trace's duration, ns.
    pub duration_ns: i64,
    pub span_count: usize,
    /// Names and span counts, most spans first.
    pub services: Vec<(String, usize)>,
    pub error_count: usize,
    /// The trace's LLM calls, tokens and share of its time; `None` without LLM calls.
    pub llm: Option<TraceLlm>,
}

impl TraceRow {
    pub fn of(trace: &Trace) -> Self {
        let root = trace.root_span.map(|r| trace.span(r));
        let services = most_spans_first(trace.services.iter().map(|s| (&s.name, s.span_count)));
        Self {
            trace_id: trace.trace_id.clone(),
            short_id: short_id(&trace.trace_id),
            method: root
                .and_then(|s| semconv::http_method(&s.tags))
                .map(str::to_ascii_uppercase),
            root_operation: root.map_or_else(|| "(no spans)".to_owned(), |s| s.operation.clone()),
            root_service: trace
                .root_span
                .map(|r| trace.service_name(r).to_owned())
                .unwrap_or_default(),
            http_status: root.and_then(|s| semconv::http_status(&s.tags)),
            start_us: trace.start_us(),
            duration_ns: trace.duration_ns(),
            span_count: trace.spans.len(),
            services,
            error_count: trace.error_count,
            llm: TraceLlm::of(trace),
        }
    }

    /// The row of a trace known by its summary alone: what the summary carries, and nothing
    /// guessed for the rest (its method, HTTP status and LLM calls are `None`: not known).
    pub fn of_summary(summary: &TraceSummary) -> Self {
        let services = most_spans_first(summary.services.iter().map(|s| (&s.name, s.span_count)));
        Self {
            trace_id: summary.trace_id.clone(),
            short_id: short_id(&summary.trace_id),
            method: None,
            root_operation: if summary.root_operation.is_empty() {
                "(no root span)".to_owned()
            } else {
                summary.root_operation.clone()
            },
            root_service: summary.root_service.clone(),
            http_status: None,
            start_us: summary.start_us(),
            duration_ns: summary.duration_ns(),
            span_count: summary.span_count,
            services,
            error_count: summary.error_count,
            llm: None,
        }
    }
}

/// Services and their span counts, most spans first (ties by name).
fn most_spans_first<'a>(
    services: impl Iterator<Item = (&'a String, usize)>,
) -> Vec<(String, usize)> {
    let mut services: Vec<(String, usize)> = services.map(|(n, c)| (n.clone(), c)).collect();
    services.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    services
}

/// Merges trace lists: one entry per trace ID (the one with the most spans), newest first,
/// at most `limit`. (Within one search the app reads a trace from the first service's answer
/// only — see `wire::jaeger::parse_unseen` — so the copies compared are those of successive
/// loads.)
pub fn merge_newest_first(
    lists: impl IntoIterator<Item = Arc<Trace>>,
    limit: usize,
) -> Vec<Arc<Trace>> {
    let mut by_id: HashMap<String, Arc<Trace>> = HashMap::new();
    for trace in lists {
        match by_id.get(&trace.trace_id) {
            Some(kept) if kept.spans.len() >= trace.spans.len() => {}
            _ => {
                by_id.insert(trace.trace_id.clone(), trace);
            }
        }
    }
    let mut merged: Vec<Arc<Trace>> = by_id.into_values().collect();
    merged.sort_by(|a, b| {
        b.start_ns
            .cmp(&a.start_ns)
            .then_with(|| a.trace_id.cmp(&b.trace_id))
    });
    merged.truncate(limit);
    merged
}

/// A trace ID's first 7 characters, as Jaeger UI shows them; of a 64-bit ID written as 128 bits
/// (16 zeros first, as the canonical form pads it), the first 7 of its own 16: else every such
/// trace would read `0000000`.
pub fn short_id(trace_id: &str) -> String {
    let own = match trace_id.strip_prefix("0000000000000000") {
        Some(low) if low.len() == 16 => low,
        _ => trace_id,
    };
    own.chars().take(7).collect()
}
