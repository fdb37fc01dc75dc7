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

/// A list's row as merging sees it: a whole trace, or one known by its summary.
pub trait ListRow {
    /// Canonical.
    fn trace_id(&self) -> &str;
    /// The earliest span start, ns since the epoch.
    fn start_ns(&self) -> i64;
    fn span_count(&self) -> usize;
    /// Whether its spans are here: of two copies with as many spans, the whole one is kept.
    fn is_whole(&self) -> bool {
        true
    }
}

impl ListRow for Arc<Trace> {
    fn trace_id(&self) -> &str {
        &self.trace_id
    }

    fn start_ns(&self) -> i64 {
        self.start_ns
    }

    fn span_count(&self) -> usize {
        self.spans.len()
    }
}

/// Merges trace lists: one entry per trace ID (the one with the most spans; of as many, a whole
/// one before a summary, else the first), newest first (ties by ID), at most `limit`. (Within
/// one search the app reads a trace from the first service's answer only — see
/// `wire::jaeger::parse_unseen` — so the copies compared are those of successive loads.)
pub fn merge_newest_first<R: ListRow>(lists: impl IntoIterator<Item = R>, limit: usize) -> Vec<R> {
    let mut by_id: HashMap<String, R> = HashMap::new();
    for row in lists {
        match by_id.get(row.trace_id()) {
            Some(kept)
                if kept.span_count() > row.span_count()
                    || (kept.span_count() == row.span_count()
                        && (kept.is_whole() || !row.is_whole())) => {}
            _ => {
                by_id.insert(row.trace_id().to_owned(), row);
            }
        }
    }
    let mut merged: Vec<R> = by_id.into_values().collect();
    merged.sort_by(newest_first);
    merged.truncate(limit);
    merged
}

/// The list's order: the latest start first, ties by trace ID.
pub fn newest_first<R: ListRow>(a: &R, b: &R) -> std::cmp::Ordering {
    b.start_ns()
        .cmp(&a.start_ns())
        .then_with(|| a.trace_id().cmp(b.trace_id()))
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
