//! Helpers shared by the integration tests: small traces written inline as Jaeger JSON.
#![allow(dead_code)] // each test crate uses its own subset

use serde_json::{Value, json};
use tracedeck_core::model::{SpanIdx, Trace};
use tracedeck_core::wire::jaeger;

/// Parses Jaeger JSON and builds every trace in it.
pub fn traces(doc: Value) -> Vec<Trace> {
    let bytes = serde_json::to_vec(&doc).unwrap();
    jaeger::parse(&bytes)
        .expect("fixture parses")
        .traces
        .into_iter()
        .map(Trace::build)
        .collect()
}

/// Reads a document of any format tracedeck opens (as a file) and builds every trace in it.
pub fn opened(doc: Value) -> Vec<Trace> {
    tracedeck_core::wire::parse_any(&serde_json::to_vec(&doc).unwrap())
        .expect("fixture parses")
        .traces
        .into_iter()
        .map(Trace::build)
        .collect()
}

/// A bare trace `t1` of the given spans, with processes `p1` (svc-a) and `p2` (svc-b).
pub fn trace(spans: Vec<Value>) -> Trace {
    let mut all = traces(json!({
        "traceID": "t1",
        "spans": spans,
        "processes": {
            "p1": {"serviceName": "svc-a", "tags": []},
            "p2": {"serviceName": "svc-b", "tags": []}
        }
    }));
    assert_eq!(all.len(), 1);
    all.remove(0)
}

/// A span of trace `t1` in process `p1`, starting at `start` µs and lasting `duration` µs.
pub fn span(id: &str, start: i64, duration: i64) -> Value {
    json!({
        "traceID": "t1", "spanID": id, "operationName": format!("op-{id}"),
        "startTime": start, "duration": duration, "processID": "p1",
        "references": [], "tags": [], "logs": []
    })
}

/// `span` with a `CHILD_OF` reference to `parent`.
pub fn child(id: &str, parent: &str, start: i64, duration: i64) -> Value {
    with_refs(
        span(id, start, duration),
        vec![reference("CHILD_OF", "t1", parent)],
    )
}

pub fn reference(kind: &str, trace: &str, span: &str) -> Value {
    json!({"refType": kind, "traceID": trace, "spanID": span})
}

pub fn with_refs(mut span: Value, refs: Vec<Value>) -> Value {
    span["references"] = Value::Array(refs);
    span
}

pub fn with_tags(mut span: Value, tags: Value) -> Value {
    span["tags"] = tags;
    span
}

/// The span with this (canonical) ID; panics when absent.
pub fn idx(trace: &Trace, span_id: &str) -> SpanIdx {
    trace.find_span(span_id).expect("span exists")
}

/// The operation names of the children of a span, in tree order.
pub fn child_ops(trace: &Trace, parent: &str) -> Vec<String> {
    trace
        .children(idx(trace, parent))
        .iter()
        .map(|&c| trace.span(c).operation.clone())
        .collect()
}

/// The parent's span ID, if any.
pub fn parent_of(trace: &Trace, span_id: &str) -> Option<String> {
    trace
        .span(idx(trace, span_id))
        .parent
        .map(|p| trace.span(p).span_id.clone())
}

/// Builds every trace of these Jaeger trace documents, shared as the loaded list is.
pub fn loaded(docs: Vec<Value>) -> Vec<std::sync::Arc<Trace>> {
    traces(json!({ "data": docs }))
        .into_iter()
        .map(std::sync::Arc::new)
        .collect()
}

/// A span of trace `tid` named `op`, in process `p2` (svc-b) when the operation starts with
/// `db` or `SELECT`, else `p1` (svc-a); times in µs.
pub fn op(tid: &str, id: &str, op: &str, parent: Option<&str>, start: i64, dur: i64) -> Value {
    let refs = parent.map_or_else(Vec::new, |p| {
        vec![json!({"refType": "CHILD_OF", "traceID": tid, "spanID": p})]
    });
    let process = if op.starts_with("db") || op.starts_with("SELECT") {
        "p2"
    } else {
        "p1"
    };
    json!({
        "traceID": tid, "spanID": id, "operationName": op, "startTime": start, "duration": dur,
        "processID": process, "references": refs, "tags": [], "logs": []
    })
}

/// Trace `tid` of these spans, with processes `p1` (svc-a) and `p2` (svc-b).
pub fn doc(tid: &str, spans: Vec<Value>) -> Value {
    json!({
        "traceID": tid, "spans": spans,
        "processes": {
            "p1": {"serviceName": "svc-a", "tags": []},
            "p2": {"serviceName": "svc-b", "tags": []}
        }
    })
}
