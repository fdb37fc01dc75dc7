//! What the span detail panel shows, in the order a reader wants it.

use crate::model::id::is_hex_id;
use crate::model::{Log, RefKind, Span, SpanIdx, Tag, TimeProblem, Trace, semconv};
use crate::view::format;

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

/// The span's tags with the HTTP method, status and error information first, the rest by key (as
/// Jaeger UI orders them). Sorting makes a span read the same from every source: Jaeger's v1 API
/// sorts tags by key, its api_v3 and OTLP files keep the SDK's order with the scope's last.
pub fn ordered_tags(tags: &[Tag]) -> Vec<&Tag> {
    let rank = |tag: &Tag| {
        FIRST_KEYS
            .iter()
            .position(|k| *k == tag.key)
            .unwrap_or(FIRST_KEYS.len())
    };
    let mut ordered: Vec<&Tag> = tags.iter().collect();
    ordered.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.key.cmp(&b.key)));
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
    span.logs.iter().filter_map(exception_of).collect()
}

/// The exception a log records, when it is an `exception` event or carries `exception.*` fields.
pub fn exception_of(log: &Log) -> Option<ExceptionEvent> {
    use crate::model::data::find_tag;
    let is_exception = find_tag(&log.fields, "event").is_some_and(|e| e.to_string() == "exception")
        || log.fields.iter().any(|f| f.key.starts_with("exception."));
    if !is_exception {
        return None;
    }
    let text = |key| {
        find_tag(&log.fields, key)
            .map(ToString::to_string)
            .filter(|t| !t.trim().is_empty())
    };
    Some(ExceptionEvent {
        timestamp_ns: log.timestamp_ns,
        kind: text("exception.type"),
        message: text("exception.message"),
        stacktrace: text("exception.stacktrace"),
        escaped: find_tag(&log.fields, "exception.escaped").is_some_and(|v| v.is_true()),
    })
}

impl ExceptionEvent {
    /// `Type: message`, or whichever of the two there is, or `Exception`.
    pub fn headline(&self) -> String {
        match (&self.kind, &self.message) {
            (Some(kind), Some(message)) => format!("{kind}: {message}"),
            (Some(only), None) | (None, Some(only)) => only.clone(),
            (None, None) => "Exception".to_owned(),
        }
    }
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

/// What the tree had to repair about a span (its parent, its ID) and what was wrong with its
/// times as sent: problems, shown as such.
pub fn placement_notes(trace: &Trace, idx: SpanIdx) -> Vec<String> {
    let span = trace.span(idx);
    let mut notes: Vec<String> = Vec::new();
    if span.flags.self_reference {
        notes.push("Names itself as its parent: that reference is ignored.".into());
    } else if span.flags.orphan {
        notes.push("Parent missing: this span names a parent that is not in the trace.".into());
    }
    if span.flags.duplicate {
        notes.push("Duplicate span ID: an earlier span has the same ID.".into());
    }
    if span.flags.cycle_break {
        notes.push(
            "Reference cycle: its parent chain loops back to it, so it is shown as a root.".into(),
        );
    }
    notes.extend(span.time_problems.iter().map(|p| time_problem_text(*p)));
    notes
}

/// For one side of a shared client/server span ID (Zipkin style), which side it is and where the
/// other is: information, not a problem.
pub fn shared_id_note(trace: &Trace, idx: SpanIdx) -> Option<String> {
    let other = shared_side(trace, idx)?;
    let (side, other_side) = match semconv::span_kind(&trace.span(idx).tags) {
        Some(semconv::SpanKind::Server) => ("server", "client"),
        _ => ("client", "server"),
    };
    Some(format!(
        "Shares its span ID with the {other_side} span in {}: one call seen from both sides \
         (Zipkin style), this is the {side} side.",
        trace.service_name(other)
    ))
}

/// The other side of a shared client/server span ID: the server's parent carries its ID.
fn shared_side(trace: &Trace, idx: SpanIdx) -> Option<SpanIdx> {
    let span = trace.span(idx);
    if span.flags.duplicate {
        return None;
    }
    let same_id = |other: SpanIdx| other != idx && trace.span(other).span_id == span.span_id;
    span.parent.filter(|&p| same_id(p)).or_else(|| {
        (trace.children(idx).iter().copied())
            .find(|&c| same_id(c) && !trace.span(c).flags.duplicate)
    })
}

/// What the SDK dropped before sending the span (its attribute, event and link limits), in
/// sentences such as "12 attributes dropped by the SDK": the span as shown is incomplete. Reads
/// the `otel.dropped_*_count` tags of the span, its events, its links, its scope and its process.
pub fn dropped_notes(trace: &Trace, idx: SpanIdx) -> Vec<String> {
    use crate::model::data::find_tag;
    let span = trace.span(idx);
    let count = |tags: &[Tag], key| find_tag(tags, key).and_then(|v| v.as_i64()).unwrap_or(0);
    let process = trace
        .processes
        .get(span.process)
        .map_or(&[][..], |p| &p.tags[..]);
    let dropped = [
        (
            count(&span.tags, semconv::DROPPED_ATTRIBUTES),
            ("attribute", "attributes"),
        ),
        (
            count(&span.tags, semconv::DROPPED_EVENTS),
            ("event", "events"),
        ),
        (count(&span.tags, semconv::DROPPED_LINKS), ("link", "links")),
        (
            (span.logs.iter())
                .map(|log| count(&log.fields, semconv::DROPPED_ATTRIBUTES))
                .fold(0, i64::saturating_add),
            ("event attribute", "event attributes"),
        ),
        (
            (span.references.iter())
                .map(|r| count(&r.tags, semconv::DROPPED_ATTRIBUTES))
                .fold(0, i64::saturating_add),
            ("link attribute", "link attributes"),
        ),
        (
            count(&span.tags, semconv::SCOPE_DROPPED_ATTRIBUTES),
            ("scope attribute", "scope attributes"),
        ),
        (
            count(process, semconv::DROPPED_ATTRIBUTES),
            ("resource attribute", "resource attributes"),
        ),
    ];
    dropped
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, (one, many))| {
            format!(
                "{} dropped by the SDK: the span as shown is incomplete.",
                format::count(usize::try_from(n).unwrap_or(usize::MAX), one, many)
            )
        })
        .collect()
}

/// What a time problem means for the reader, in a sentence.
pub fn time_problem_text(problem: TimeProblem) -> String {
    match problem {
        TimeProblem::NoStart => {
            "Start time missing: drawn at the start of the trace, without a duration.".into()
        }
        TimeProblem::StartAtEpoch => "Start time is at the epoch (1970-01-01), so its clock was \
            not set: drawn at the start of the trace."
            .into(),
        TimeProblem::NoEnd => "End time missing: its duration is unknown, drawn as 0.".into(),
        TimeProblem::EndBeforeStart { by_ns } => format!(
            "Ends {} before it starts: its duration is unknown, drawn as 0.",
            format::duration(by_ns)
        ),
    }
}

/// A word or two for a span row's flag; [`time_problem_text`] is its tooltip.
pub fn time_problem_label(problem: TimeProblem) -> &'static str {
    match problem {
        TimeProblem::NoStart => "no start time",
        TimeProblem::StartAtEpoch => "start at epoch",
        TimeProblem::NoEnd => "no end time",
        TimeProblem::EndBeforeStart { .. } => "ends before start",
    }
}

/// One reference of a span, as the references list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceRow {
    /// `child of`, `follows from`, or the wire's own kind.
    pub kind: String,
    /// The span referred to.
    pub span_id: String,
    /// The span referred to, when it is in this trace: a jump to it.
    pub target: Option<SpanIdx>,
    /// The other trace, for a reference (or link) into another trace; `None` in this one.
    pub other_trace: Option<String>,
    /// That other trace's ID is hex, so it can be opened and linked.
    pub openable: bool,
    /// The link's own attributes (why it links), by key; empty for Jaeger's references.
    pub tags: Vec<Tag>,
}

fn kind_text(kind: &RefKind) -> String {
    match kind {
        RefKind::ChildOf => "child of".to_owned(),
        RefKind::FollowsFrom => "follows from".to_owned(),
        RefKind::Other(other) => other.clone(),
    }
}

/// The span's references, each with the trace it points into when that is another one, or the
/// span it points at in this one.
pub fn references(trace: &Trace, span: &Span) -> Vec<ReferenceRow> {
    span.references
        .iter()
        .map(|reference| {
            let other_trace =
                Some(reference.trace_id.clone()).filter(|t| !t.is_empty() && *t != trace.trace_id);
            ReferenceRow {
                kind: kind_text(&reference.kind),
                span_id: reference.span_id.clone(),
                target: other_trace
                    .is_none()
                    .then(|| trace.find_span(&reference.span_id))
                    .flatten(),
                openable: other_trace.as_deref().is_some_and(is_hex_id),
                other_trace,
                tags: ordered_tags(&reference.tags).into_iter().cloned().collect(),
            }
        })
        .collect()
}

/// A reference to a span from another span of its trace that does not make it a parent:
/// `followed by` (FOLLOWS_FROM, OTLP links) or the wire's own kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingReference {
    /// `followed by`, or the wire's kind.
    pub kind: String,
    /// The span that refers to it.
    pub from: SpanIdx,
}

/// The spans of the trace that refer to span `idx` other than as a parent (CHILD_OF is the
/// tree's own edge, drawn by the tree), in tree order.
pub fn incoming_references(trace: &Trace, idx: SpanIdx) -> Vec<IncomingReference> {
    let target = trace.span(idx);
    (trace.preorder.iter().copied())
        .filter(|&from| from != idx)
        .filter_map(|from| {
            let reference = trace.span(from).references.iter().find(|r| {
                r.kind != RefKind::ChildOf
                    && r.trace_id.is_empty()
                    && r.span_id == target.span_id
                    && trace.find_span(&r.span_id) == Some(idx)
            })?;
            let kind = match &reference.kind {
                RefKind::Other(other) => other.clone(),
                _ => "followed by".to_owned(),
            };
            Some(IncomingReference { kind, from })
        })
        .collect()
}

/// The traces among `traces` with a span referring to (linking to) trace `trace_id`, as loaded,
/// each with its first such span.
pub fn linked_from<'a>(
    traces: &'a [std::sync::Arc<Trace>],
    trace_id: &str,
) -> Vec<(&'a Trace, SpanIdx)> {
    traces
        .iter()
        .filter(|t| t.trace_id != trace_id)
        .filter_map(|t| {
            let from = (t.preorder.iter().copied())
                .find(|&i| (t.span(i).references.iter()).any(|r| r.trace_id == trace_id))?;
            Some((t.as_ref(), from))
        })
        .collect()
}

/// Honest words about a broken trace: what the tree had to repair.
pub fn trace_notes(trace: &Trace) -> Vec<String> {
    let mut notes: Vec<String> = Vec::new();
    let plural = format::count;
    // A span that names only itself is an orphan too, but it is counted as a self-reference.
    let orphans = (trace.spans.iter())
        .filter(|s| s.flags.orphan && !s.flags.self_reference)
        .count();
    if orphans > 0 {
        notes.push(plural(
            orphans,
            "span with a missing parent",
            "spans with missing parents",
        ));
    }
    if trace.duplicate_count > 0 {
        notes.push(plural(
            trace.duplicate_count,
            "duplicate span ID",
            "duplicate span IDs",
        ));
    }
    if trace.cycle_count > 0 {
        notes.push(plural(
            trace.cycle_count,
            "reference cycle broken",
            "reference cycles broken",
        ));
    }
    let broken_times = trace
        .spans
        .iter()
        .filter(|s| !s.time_problems.is_empty())
        .count();
    if broken_times > 0 {
        notes.push(plural(
            broken_times,
            "span with broken times",
            "spans with broken times",
        ));
    }
    let self_references = trace
        .spans
        .iter()
        .filter(|s| s.flags.self_reference)
        .count();
    if self_references > 0 {
        notes.push(plural(
            self_references,
            "self-reference ignored",
            "self-references ignored",
        ));
    }
    notes.extend(trace.warnings.iter().cloned());
    notes
}
