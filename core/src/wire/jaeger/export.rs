//! Traces written as Jaeger JSON, the query response's shape, which tracedeck and Jaeger UI both
//! open again (Jaeger's `model/json/model.go`).

use serde_json::Value;

use crate::model::{RefKind, Tag, TagValue};

/// Traces as Jaeger's query-response JSON (`{"data": [trace…]}`), which tracedeck and Jaeger UI
/// both open again.
///
/// Jaeger JSON's times are whole µs (`startTime`, `duration`, a log's `timestamp`: Jaeger's
/// `model/json/model.go`), so a time from OTLP with a sub-µs part cannot be written there. The
/// export writes the µs rounded down, as Jaeger does, and beside them the exact ns in fields
/// of tracedeck's own (`startTimeNs` and `durationNs` on a span, `timestampNs` on a log), only
/// where a sub-µs part would be lost. Jaeger and Jaeger UI ignore them; tracedeck reads them
/// back while they agree with the µs.
pub fn to_json(traces: &[&crate::model::Trace]) -> String {
    let data: Vec<Value> = traces.iter().map(|t| trace_json(t)).collect();
    serde_json::json!({ "data": data, "total": data.len(), "limit": 0, "offset": 0, "errors": null })
        .to_string()
}

fn trace_json(trace: &crate::model::Trace) -> Value {
    use serde_json::json;
    let processes: serde_json::Map<String, Value> = trace
        .processes
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let tags: Vec<Value> = p.tags.iter().map(tag_json).collect();
            (
                format!("p{}", i + 1),
                json!({ "serviceName": p.service, "tags": tags }),
            )
        })
        .collect();
    let spans: Vec<Value> = trace
        .spans
        .iter()
        .map(|span| {
            let mut references: Vec<Value> = span
                .references
                .iter()
                .map(|r| {
                    let kind = match &r.kind {
                        RefKind::ChildOf => "CHILD_OF",
                        RefKind::FollowsFrom => "FOLLOWS_FROM",
                        RefKind::Other(other) => other.as_str(),
                    };
                    let trace_id = if r.trace_id.is_empty() { &trace.trace_id } else { &r.trace_id };
                    json!({ "refType": kind, "traceID": trace_id, "spanID": r.span_id })
                })
                .collect();
            // A parent found through the deprecated `parentSpanID` becomes a reference, which
            // every reader (Jaeger UI's too) follows.
            let parent = span.parent.map(|p| &trace.span(p).span_id);
            if let Some(parent_id) = parent.filter(|id| {
                **id != span.span_id && !span.references.iter().any(|r| r.trace_id.is_empty())
            }) {
                references.push(json!({ "refType": "CHILD_OF", "traceID": trace.trace_id, "spanID": parent_id }));
            }
            let logs: Vec<Value> = span
                .logs
                .iter()
                .map(|l| {
                    let (us, ns) = micros_and_nanos(l.timestamp_ns);
                    let fields: Vec<Value> = l.fields.iter().map(tag_json).collect();
                    let mut log = json!({ "timestamp": us, "fields": fields });
                    if let Some(ns) = ns {
                        log["timestampNs"] = json!(ns);
                    }
                    log
                })
                .collect();
            let (start_us, start_ns) = micros_and_nanos(span.start_ns);
            let (duration_us, duration_ns) = micros_and_nanos(span.duration_ns);
            let mut out = json!({
                "traceID": trace.trace_id,
                "spanID": span.span_id,
                "operationName": span.operation,
                "references": references,
                "startTime": start_us,
                "duration": duration_us,
                "tags": span.tags.iter().map(tag_json).collect::<Vec<_>>(),
                "logs": logs,
                "processID": format!("p{}", span.process + 1),
                "warnings": if span.warnings.is_empty() { Value::Null } else { json!(span.warnings) },
            });
            if start_ns.is_some() || duration_ns.is_some() {
                out["startTimeNs"] = json!(span.start_ns);
                out["durationNs"] = json!(span.duration_ns);
            }
            out
        })
        .collect();
    json!({
        "traceID": trace.trace_id,
        "spans": spans,
        "processes": processes,
        "warnings": if trace.warnings.is_empty() { Value::Null } else { json!(trace.warnings) },
    })
}

fn tag_json(tag: &Tag) -> Value {
    let (kind, value) = match &tag.value {
        TagValue::Str(s) => ("string", Value::from(s.as_str())),
        TagValue::Bool(b) => ("bool", Value::from(*b)),
        TagValue::Int(n) => ("int64", Value::from(*n)),
        TagValue::Float(x) => ("float64", Value::from(*x)),
        TagValue::Binary(b) => ("binary", Value::from(b.as_str())),
    };
    serde_json::json!({ "key": tag.key, "type": kind, "value": value })
}

/// µs rounded down (Jaeger's field) and, when that loses a sub-µs part, the exact ns.
fn micros_and_nanos(ns: i64) -> (i64, Option<i64>) {
    (
        ns.div_euclid(1_000),
        (ns.rem_euclid(1_000) != 0).then_some(ns),
    )
}
