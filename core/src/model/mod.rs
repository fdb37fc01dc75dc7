//! The domain model: plain Rust, no browser types, so it is tested natively.

pub mod data;
pub mod id;
pub mod semconv;
pub mod summary;
pub mod trace;
pub mod trace_summary;

pub use data::{
    Log, Process, RefKind, Reference, SpanRecord, Tag, TagValue, TimeProblem, TraceRecord,
};
pub use summary::Summary;
pub use trace::{LlmTotals, ServiceStat, Span, SpanFlags, SpanIdx, Trace, TraceBuild};
pub use trace_summary::{ServiceSummary, TraceSummary};
