//! One trace as a list knows it before its spans arrive: what Jaeger's
//! `/api/v3/trace-summaries` (v2.19 and later) answers per trace, or what a list of whole traces
//! keeps of one too big to hold.

use crate::model::Trace;

/// A trace's facts without its spans. Times are ns since the epoch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceSummary {
    /// Canonical (lowercase hex, 32 digits for a 128-bit ID).
    pub trace_id: String,
    /// The service of the earliest-starting span without a parent; empty when the backend names
    /// none (every span has a parent outside the trace).
    pub root_service: String,
    /// That span's operation; empty with the service.
    pub root_operation: String,
    /// The earliest span start, ns since the epoch.
    pub start_ns: i64,
    /// The latest span end, ns since the epoch.
    pub end_ns: i64,
    /// Spans in the trace, as the backend counts them.
    pub span_count: usize,
    /// Spans whose status is ERROR.
    pub error_count: usize,
    /// Spans whose parent is not in the trace.
    pub orphan_count: usize,
    /// Each service's spans, by name.
    pub services: Vec<ServiceSummary>,
}

/// One service's share of a [`TraceSummary`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceSummary {
    pub name: String,
    /// The service's spans in the trace.
    pub span_count: usize,
    /// Of those, the ones whose status is ERROR.
    pub error_count: usize,
}

impl TraceSummary {
    /// A whole trace's summary: what the list keeps of it when its spans are let go. Its root is
    /// the span the trace stands for ([`Trace::root_span`]); its orphans are the spans whose
    /// parent is missing.
    pub fn of(trace: &Trace) -> Self {
        let (root_service, root_operation) = trace.root_span.map_or_else(Default::default, |r| {
            (
                trace.service_name(r).to_owned(),
                trace.span(r).operation.clone(),
            )
        });
        Self {
            trace_id: trace.trace_id.clone(),
            root_service,
            root_operation,
            start_ns: trace.start_ns,
            end_ns: trace.end_ns,
            span_count: trace.spans.len(),
            error_count: trace.error_count,
            orphan_count: trace.orphan_count,
            services: trace
                .services
                .iter()
                .map(|s| ServiceSummary {
                    name: s.name.clone(),
                    span_count: s.span_count,
                    error_count: s.error_count,
                })
                .collect(),
        }
    }

    /// From the earliest start to the latest end, ns; 0 when the times are missing or reversed.
    pub fn duration_ns(&self) -> i64 {
        self.end_ns.saturating_sub(self.start_ns).max(0)
    }

    /// The start in µs since the epoch, as the list's other times are.
    pub fn start_us(&self) -> i64 {
        self.start_ns.div_euclid(1_000)
    }
}
