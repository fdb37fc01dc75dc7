//! The data a span carries, independent of the wire format it came in.

use std::fmt;

/// A tag (attribute) value, typed as the backend typed it.
#[derive(Debug, Clone, PartialEq)]
pub enum TagValue {
    Str(String),
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Base64 text, as Jaeger sends binary tags.
    Binary(String),
}

impl TagValue {
    /// The value as a number, for tags like HTTP status codes that arrive as numbers or strings.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Int(n) => Some(*n),
            Self::Float(x) if x.fract() == 0.0 && x.is_finite() => Some(*x as i64),
            Self::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The value as text when it is text (not a rendering of a number or bool).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Str(s) => Some(s),
            _ => None,
        }
    }

    /// True for `true` and for the string `"true"` in any case.
    pub fn is_true(&self) -> bool {
        match self {
            Self::Bool(b) => *b,
            Self::Str(s) => s.trim().eq_ignore_ascii_case("true"),
            _ => false,
        }
    }
}

impl fmt::Display for TagValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Str(s) | Self::Binary(s) => f.write_str(s),
            Self::Bool(b) => write!(f, "{b}"),
            Self::Int(n) => write!(f, "{n}"),
            Self::Float(x) => write!(f, "{x}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub key: String,
    pub value: TagValue,
}

impl Tag {
    pub fn new(key: impl Into<String>, value: TagValue) -> Self {
        Self {
            key: key.into(),
            value,
        }
    }
}

/// The value of the first tag named `key`: when keys repeat, the first one wins.
pub fn find_tag<'a>(tags: &'a [Tag], key: &str) -> Option<&'a TagValue> {
    tags.iter().find(|t| t.key == key).map(|t| &t.value)
}

/// A timestamped event inside a span (Jaeger log, OTLP event).
#[derive(Debug, Clone, PartialEq)]
pub struct Log {
    /// ns since the epoch.
    pub timestamp_ns: i64,
    pub fields: Vec<Tag>,
}

/// The emitting process (OTLP resource): its service and its own tags.
#[derive(Debug, Clone, PartialEq)]
pub struct Process {
    pub service: String,
    pub tags: Vec<Tag>,
}

/// The service name used when a span's process names none.
pub const UNKNOWN_SERVICE: &str = "unknown-service";

impl Default for Process {
    fn default() -> Self {
        Self {
            service: UNKNOWN_SERVICE.to_owned(),
            tags: Vec::new(),
        }
    }
}

/// A reference's kind; a missing one means `CHILD_OF` (Jaeger's default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum RefKind {
    #[default]
    ChildOf,
    FollowsFrom,
    /// A reference type this viewer does not know; kept, and ranked after the known ones.
    Other(String),
}

impl RefKind {
    /// Reads Jaeger's `refType`; a missing one means `CHILD_OF`.
    pub fn from_wire(ref_type: &str) -> Self {
        match ref_type {
            "" | "CHILD_OF" | "child_of" => Self::ChildOf,
            "FOLLOWS_FROM" | "follows_from" => Self::FollowsFrom,
            other => Self::Other(other.to_owned()),
        }
    }
}

/// A reference from one span to another, in its own trace or a foreign one (a link).
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub kind: RefKind,
    /// Canonical; empty for a reference into the span's own trace (once built: the wire may have
    /// named it, or named none).
    pub trace_id: String,
    /// Canonical.
    pub span_id: String,
    /// The link's own attributes (OTLP `Link.attributes`: why it links, which message), with its
    /// `w3c.tracestate` and `otel.dropped_attributes_count` when sent; Jaeger's JSON has none.
    pub tags: Vec<Tag>,
}

/// One span as read from the wire, before the tree rules are applied.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpanRecord {
    /// As sent; empty when it is the enclosing trace's (a reader may drop such copies) or the
    /// wire format leaves it to the trace.
    pub trace_id: String,
    pub span_id: String,
    /// Jaeger's deprecated `parentSpanID`, consulted only when there are no same-trace references.
    pub parent_span_id: Option<String>,
    pub operation: String,
    pub references: Vec<Reference>,
    /// Start, ns since the epoch; `None` when the wire gave none. Jaeger's µs are × 1,000.
    pub start_ns: Option<i64>,
    /// ns; `None` when the wire gave no end (OTLP's `endTimeUnixNano`), so it is unknown.
    pub duration_ns: Option<i64>,
    pub tags: Vec<Tag>,
    pub logs: Vec<Log>,
    /// Index into the trace record's `processes`.
    pub process: usize,
    pub warnings: Vec<String>,
}

/// One trace as read from the wire: what [`crate::model::Trace::build`] turns into a tree.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TraceRecord {
    pub trace_id: String,
    pub spans: Vec<SpanRecord>,
    pub processes: Vec<Process>,
    pub warnings: Vec<String>,
}

/// What is wrong with a span's times as sent, and so how it is drawn instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeProblem {
    /// No start time: drawn at the trace's start.
    NoStart,
    /// A start at, before or within a year of the epoch (1970-01-01) beside spans on a real
    /// clock: an unset clock, drawn at the trace's start.
    StartAtEpoch,
    /// No end time, so no duration: drawn as 0 ns.
    NoEnd,
    /// The end comes `by_ns` before the start (a negative duration): drawn as 0 ns.
    EndBeforeStart { by_ns: i64 },
}
