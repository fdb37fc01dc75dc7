//! One trace as a list knows it before its spans arrive: what Jaeger's
//! `/api/v3/trace-summaries` (v2.19 and later) answers per trace.

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
    /// From the earliest start to the latest end, ns; 0 when the times are missing or reversed.
    pub fn duration_ns(&self) -> i64 {
        self.end_ns.saturating_sub(self.start_ns).max(0)
    }

    /// The start in µs since the epoch, as the list's other times are.
    pub fn start_us(&self) -> i64 {
        self.start_ns.div_euclid(1_000)
    }
}
