//! OTLP JSON (files and Jaeger api_v3 answers) mapped into the model.

mod common;

use serde_json::{Value, json};
use tracedeck_core::model::{RefKind, TagValue, data::find_tag};
use tracedeck_core::wire::{self, ParseError, otlp};

use common::opened as build;

fn s(v: &str) -> Value {
    json!({"stringValue": v})
}

fn document() -> Value {
    json!({"resourceSpans": [{
        "resource": {"attributes": [
            {"key": "service.name", "value": s("acontext-core")},
            {"key": "host.name", "value": s("core-1")}
        ]},
        "scopeSpans": [{
            "scope": {"name": "opentelemetry.instrumentation.fastapi", "version": "0.48b0"},
            "spans": [
                {"traceId": "5B8EFFF798038103D269B633813FC60C", "spanId": "EEE19B7EC3C1B174", "name": "POST /messages",
                 "kind": 2, "startTimeUnixNano": "1700000000000001999", "endTimeUnixNano": "1700000000250001000",
                 "attributes": [
                    {"key": "http.request.method", "value": s("POST")},
                    {"key": "http.response.status_code", "value": {"intValue": "500"}},
                    {"key": "retry", "value": {"boolValue": false}},
                    {"key": "ratio", "value": {"doubleValue": 0.25}},
                    {"key": "ids", "value": {"arrayValue": {"values": [s("a"), s("b")]}}},
                    {"key": "sizes", "value": {"arrayValue": {"values": [{"intValue": "3"}, {"doubleValue": 0.5}, {"boolValue": true}]}}},
                    {"key": "headers", "value": {"kvlistValue": {"values": [
                        {"key": "accept", "value": {"arrayValue": {"values": [s("json")]}}},
                        {"key": "retries", "value": {"intValue": "2"}}]}}}
                 ],
                 "status": {"code": 2, "message": "boom"},
                 "events": [{"timeUnixNano": "1700000000100000000", "name": "exception",
                             "attributes": [{"key": "exception.type", "value": s("ValueError")}]}]},
                {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "aaaaaaaaaaaaaaaa", "parentSpanId": "eee19b7ec3c1b174",
                 "name": "SELECT", "kind": "SPAN_KIND_CLIENT", "startTimeUnixNano": "1700000000010000000",
                 "endTimeUnixNano": "1700000000020000000",
                 "links": [
                    {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174"},
                    {"traceId": "ffffffffffffffffffffffffffffffff", "spanId": "1111111111111111",
                     "attributes": [{"key": "opentracing.ref_type", "value": s("child_of")}]}
                 ]}
            ]
        }]
    }]})
}

#[test]
fn resources_scopes_and_spans_map_like_jaeger() {
    let traces = build(document());
    assert_eq!(traces.len(), 1);
    let t = &traces[0];
    assert_eq!(t.trace_id, "5b8efff798038103d269b633813fc60c");
    assert_eq!(t.service_name(0), "acontext-core");
    assert_eq!(t.processes[t.spans[0].process].tags[0].key, "host.name");
    let root = &t.spans[0];
    assert_eq!(
        (root.start_ns, root.duration_ns),
        (1_700_000_000_000_001_999, 249_999_001),
        "nanoseconds kept"
    );
    let tag = |key| find_tag(&root.tags, key).cloned();
    assert_eq!(tag("http.response.status_code"), Some(TagValue::Int(500)));
    assert_eq!(tag("retry"), Some(TagValue::Bool(false)));
    assert_eq!(tag("ratio"), Some(TagValue::Float(0.25)));
    // Arrays and key/value lists as Jaeger's v1 API writes them, so both flavours read alike.
    assert_eq!(tag("ids"), Some(TagValue::Str(r#"["a","b"]"#.into())));
    assert_eq!(tag("sizes"), Some(TagValue::Str("[3,0.5,true]".into())));
    assert_eq!(
        tag("headers"),
        Some(TagValue::Str(r#"{"accept":["json"],"retries":2}"#.into()))
    );
    assert_eq!(tag("span.kind"), Some(TagValue::Str("server".into())));
    assert_eq!(tag("otel.status_code"), Some(TagValue::Str("ERROR".into())));
    assert_eq!(
        tag("otel.status_description"),
        Some(TagValue::Str("boom".into()))
    );
    assert_eq!(
        tag("otel.scope.name"),
        Some(TagValue::Str(
            "opentelemetry.instrumentation.fastapi".into()
        ))
    );
    assert_eq!(
        tag("otel.scope.version"),
        Some(TagValue::Str("0.48b0".into()))
    );
    assert!(root.is_error);
    assert_eq!(root.logs[0].timestamp_ns, 1_700_000_000_100_000_000);
    assert_eq!(root.logs[0].fields[0].value.to_string(), "exception");
    assert_eq!(root.logs[0].fields[1].key, "exception.type");
}

#[test]
fn parents_come_first_then_links_by_their_ref_type() {
    let t = &build(document())[0];
    let child = &t.spans[1];
    assert_eq!(child.parent, Some(0));
    assert_eq!(
        find_tag(&child.tags, "span.kind"),
        Some(&TagValue::Str("client".into()))
    );
    let kinds: Vec<_> = child.references.iter().map(|r| r.kind.clone()).collect();
    assert_eq!(
        kinds,
        [RefKind::ChildOf, RefKind::FollowsFrom, RefKind::ChildOf]
    );
    assert_eq!(
        child.references[2].trace_id,
        "ffffffffffffffffffffffffffffffff"
    );
    assert_eq!(t.children(0), [1]);
}

#[test]
fn spans_group_by_trace_across_resources() {
    let span = |trace: &str, id: &str| json!({"traceId": trace, "spanId": id, "name": id});
    let traces = build(json!({"result": {"resourceSpans": [
        {"resource": {"attributes": [{"key": "service.name", "value": s("a")}]},
         "scopeSpans": [{"spans": [span("01", "1"), span("02", "2")]}]},
        {"resource": {}, "scopeSpans": [{"spans": [span("1", "3")]}]}
    ]}}));
    assert_eq!(traces.len(), 2);
    assert_eq!(traces[0].spans.len(), 2);
    let services: Vec<_> = traces[0].services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(services, ["a", "unknown-service"]);
}

#[test]
fn api_v3_no_traces_is_an_empty_list_and_other_errors_are_errors() {
    let empty = otlp::parse(br#"{"error":{"httpCode":404,"message":"No traces found"}}"#).unwrap();
    assert!(empty.traces.is_empty());
    let err = otlp::parse(br#"{"error":{"grpcCode":2,"httpCode":500,"message":"storage down"}}"#)
        .unwrap_err();
    assert_eq!(err, ParseError::Backend(vec!["storage down".into()]));
}

#[test]
fn json_lines_of_either_format_are_read_and_a_bad_line_is_named() {
    let jaeger = json!({"traceID": "1", "spans": [{"traceID": "1", "spanID": "2", "startTime": 1, "duration": 1}]});
    let text = format!(
        "{}\n\n{}\n",
        serde_json::to_string(&document()).unwrap(),
        jaeger
    );
    let document = wire::parse_any(text.as_bytes()).unwrap();
    assert_eq!(document.traces.len(), 2);
    let bad = format!("{jaeger}\n{{\"traceID\": \n");
    let message = wire::parse_any(bad.as_bytes()).unwrap_err().to_string();
    assert!(message.contains("line 2"), "{message}");
}

#[test]
fn an_object_of_neither_format_says_what_it_lacks() {
    let message = wire::parse_any(br#"{"hello": 1}"#).unwrap_err().to_string();
    assert!(message.contains("resourceSpans"), "{message}");
    assert!(message.contains("`data`"), "{message}");
}
