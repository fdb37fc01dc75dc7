//! What the span detail panel shows, in the order a reader wants it.

use crate::model::{Span, Tag, Trace, semconv};

/// Tags a reader looks for first: what was called, how it ended, and why it failed.
const FIRST_KEYS: [&str; 12] = [
    "http.request.method",
    "http.method",
    "http.route",
    "http.response.status_code",
    "http.status_code",
    "error",
    "error.type",
    "otel.status_code",
    "otel.status_description",
    "exception.type",
    "exception.message",
    "span.kind",
];

/// The span's tags with the HTTP method, status and error information first, the rest as sent.
pub fn ordered_tags(tags: &[Tag]) -> Vec<&Tag> {
    let rank = |tag: &Tag| {
        FIRST_KEYS
            .iter()
            .position(|k| *k == tag.key)
            .unwrap_or(FIRST_KEYS.len())
    };
    let mut ordered: Vec<&Tag> = tags.iter().collect();
    ordered.sort_by_key(|t| rank(t));
    ordered
}

/// An exception recorded on a span (OpenTelemetry's `exception` event), ready to show formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceptionEvent {
    pub timestamp_ns: i64,
    /// `exception.type`, like `ValueError`.
    pub kind: Option<String>,
    pub message: Option<String>,
    pub stacktrace: Option<String>,
    /// `exception.escaped`: the exception left the span's scope.
    pub escaped: bool,
}

/// The span's exceptions, in log order: every log that is an `exception` event or carries
/// `exception.*` fields.
pub fn exceptions(span: &Span) -> Vec<ExceptionEvent> {
    use crate::model::data::find_tag;
    span.logs
        .iter()
        .filter(|log| {
            find_tag(&log.fields, "event").is_some_and(|e| e.to_string() == "exception")
                || log.fields.iter().any(|f| f.key.starts_with("exception."))
        })
        .map(|log| {
            let text = |key| {
                find_tag(&log.fields, key)
                    .map(ToString::to_string)
                    .filter(|t| !t.trim().is_empty())
            };
            ExceptionEvent {
                timestamp_ns: log.timestamp_ns,
                kind: text("exception.type"),
                message: text("exception.message"),
                stacktrace: text("exception.stacktrace"),
                escaped: find_tag(&log.fields, "exception.escaped").is_some_and(|v| v.is_true()),
            }
        })
        .collect()
}

/// One line for how the span ended: `Error · HTTP 503`, `OK · HTTP 200`, `Error`, `Unset`.
pub fn status_text(span: &Span) -> String {
    let outcome = if span.is_error {
        "Error"
    } else if semconv::http_status(&span.tags).is_some()
        || crate::model::data::find_tag(&span.tags, "otel.status_code").is_some()
    {
        "OK"
    } else {
        "Unset"
    };
    match semconv::http_status(&span.tags) {
        Some(status) => format!("{outcome} · HTTP {status}"),
        None => outcome.to_owned(),
    }
}

/// Why a span sits where it does in the tree, when that is not simply "under its parent".
pub fn placement_notes(span: &Span) -> Vec<&'static str> {
    let mut notes = Vec::new();
    if span.flags.orphan {
        notes.push("Parent missing: this span names a parent that is not in the trace.");
    }
    if span.flags.duplicate {
        notes.push("Duplicate span ID: an earlier span has the same ID.");
    }
    if span.flags.cycle_break {
        notes.push("Reference cycle: its parent chain loops back to it, so it is shown as a root.");
    }
    notes
}

/// How each reference relates to this trace, for the references list.
pub fn reference_kind_text(trace: &Trace, span: &Span, i: usize) -> String {
    let reference = &span.references[i];
    let kind = match &reference.kind {
        crate::model::RefKind::ChildOf => "child of".to_owned(),
        crate::model::RefKind::FollowsFrom => "follows from".to_owned(),
        crate::model::RefKind::Other(other) => other.clone(),
    };
    if !reference.trace_id.is_empty() && reference.trace_id != trace.trace_id {
        format!("{kind} (another trace)")
    } else {
        kind
    }
}
