//! One test per row of the wire field audit (docs/wire-fields.md): every field of OTLP JSON and of
//! Jaeger's JSON, read into the model where a user looks for it, or left out as the table says.

mod common;

use serde_json::{Value, json};
use tracedeck_core::model::data::find_tag;
use tracedeck_core::model::{Process, RefKind, SpanRecord, Tag, TagValue, TraceRecord};
use tracedeck_core::view::detail::{dropped_notes, references};
use tracedeck_core::wire::{self, ParseError};

fn s(v: &str) -> Value {
    json!({"stringValue": v})
}

/// An OTLP document that sets every field of the specification once.
fn otlp_everything() -> Value {
    json!({"resourceSpans": [{
        "resource": {
            "attributes": [{"key": "service.name", "value": s("acontext-core")}, {"key": "host.name", "value": s("core-1")}],
            "droppedAttributesCount": 3
        },
        "schemaUrl": "https://opentelemetry.io/schemas/1.26.0",
        "scopeSpans": [{
            "scope": {"name": "opentelemetry.instrumentation.fastapi", "version": "0.48b0",
                      "attributes": [{"key": "library.language", "value": s("python")}],
                      "droppedAttributesCount": 1},
            "schemaUrl": "https://opentelemetry.io/schemas/1.21.0",
            "spans": [{
                "traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174",
                "parentSpanId": "1111111111111111", "traceState": "vendor=1,other=2", "flags": 257,
                "name": "POST /messages", "kind": 2,
                "startTimeUnixNano": "1700000000000001999", "endTimeUnixNano": "1700000000250001000",
                "attributes": [{"key": "http.request.method", "value": s("POST")}],
                "droppedAttributesCount": 12,
                "events": [{"timeUnixNano": "1700000000100000000", "name": "retry",
                            "attributes": [{"key": "attempt", "value": {"intValue": "2"}}],
                            "droppedAttributesCount": 4}],
                "droppedEventsCount": 5,
                "links": [{"traceId": "ffffffffffffffffffffffffffffffff", "spanId": "2222222222222222",
                           "traceState": "vendor=9", "flags": 1,
                           "attributes": [{"key": "messaging.message.id", "value": s("msg-42")},
                                          {"key": "link.reason", "value": s("batched")}],
                           "droppedAttributesCount": 2}],
                "droppedLinksCount": 6,
                "status": {"code": 2, "message": "boom"}
            }]
        }]
    }]})
}

fn otlp_record() -> TraceRecord {
    let bytes = serde_json::to_vec(&otlp_everything()).unwrap();
    let mut document = wire::otlp::parse(&bytes).expect("reads");
    assert_eq!(document.traces.len(), 1);
    document.traces.remove(0)
}

fn otlp_span() -> SpanRecord {
    otlp_record().spans.remove(0)
}

fn tag(tags: &[Tag], key: &str) -> Option<TagValue> {
    find_tag(tags, key).cloned()
}

fn text(v: &str) -> Option<TagValue> {
    Some(TagValue::Str(v.to_owned()))
}

// OTLP: ResourceSpans, Resource

#[test]
fn otlp_resource_attributes_are_the_process_and_service_name_its_service() {
    let record = otlp_record();
    let process: &Process = &record.processes[0];
    assert_eq!(process.service, "acontext-core");
    assert_eq!(tag(&process.tags, "host.name"), text("core-1"));
    assert_eq!(
        tag(&process.tags, "service.name"),
        None,
        "it is the service, not a tag"
    );
}

#[test]
fn otlp_resource_dropped_attributes_count_is_a_process_tag_and_a_note() {
    let record = otlp_record();
    assert_eq!(
        tag(&record.processes[0].tags, "otel.dropped_attributes_count"),
        Some(TagValue::Int(3))
    );
    let trace = tracedeck_core::model::Trace::build(record);
    let notes = dropped_notes(&trace, 0);
    assert!(
        notes.contains(
            &"3 resource attributes dropped by the SDK: the span as shown is incomplete."
                .to_owned()
        ),
        "{notes:?}"
    );
}

#[test]
fn otlp_resource_schema_url_is_a_process_tag() {
    assert_eq!(
        tag(&otlp_record().processes[0].tags, "otel.schema_url"),
        text("https://opentelemetry.io/schemas/1.26.0")
    );
}

// OTLP: ScopeSpans, InstrumentationScope

#[test]
fn otlp_scope_name_and_version_are_otel_scope_tags_as_jaeger_writes_them() {
    let span = otlp_span();
    assert_eq!(
        tag(&span.tags, "otel.scope.name"),
        text("opentelemetry.instrumentation.fastapi")
    );
    assert_eq!(tag(&span.tags, "otel.scope.version"), text("0.48b0"));
}

#[test]
fn otlp_scope_attributes_are_tags_under_otel_scope() {
    assert_eq!(
        tag(&otlp_span().tags, "otel.scope.library.language"),
        text("python")
    );
}

#[test]
fn otlp_scope_dropped_attributes_count_is_a_tag_and_a_note() {
    let span = otlp_span();
    assert_eq!(
        tag(&span.tags, "otel.scope.dropped_attributes_count"),
        Some(TagValue::Int(1))
    );
    let trace = tracedeck_core::model::Trace::build(otlp_record());
    assert!(dropped_notes(&trace, 0).contains(
        &"1 scope attribute dropped by the SDK: the span as shown is incomplete.".to_owned()
    ));
}

#[test]
fn otlp_scope_schema_url_is_a_tag() {
    assert_eq!(
        tag(&otlp_span().tags, "otel.scope.schema_url"),
        text("https://opentelemetry.io/schemas/1.21.0")
    );
}

#[test]
fn otlp_a_scope_attribute_named_like_a_scope_field_gives_way_to_it() {
    let doc = json!({"resourceSpans": [{"scopeSpans": [{
        "scope": {"name": "real", "attributes": [{"key": "name", "value": s("impostor")}]},
        "spans": [{"traceId": "01", "spanId": "02", "name": "op"}]
    }]}]});
    let document = wire::otlp::parse(&serde_json::to_vec(&doc).unwrap()).unwrap();
    let tags = &document.traces[0].spans[0].tags;
    let names: Vec<&Tag> = tags.iter().filter(|t| t.key == "otel.scope.name").collect();
    assert_eq!(names.len(), 1);
    assert_eq!(names[0].value, TagValue::Str("real".into()));
}

#[test]
fn otlp_instrumentation_library_spans_is_read_as_scope_spans() {
    let doc = json!({"resourceSpans": [{"instrumentationLibrarySpans": [{
        "instrumentationLibrary": {"name": "old-sdk", "version": "0.1"},
        "spans": [{"traceId": "01", "spanId": "02", "name": "op"}]
    }]}]});
    let document = wire::otlp::parse(&serde_json::to_vec(&doc).unwrap()).unwrap();
    assert_eq!(
        tag(&document.traces[0].spans[0].tags, "otel.scope.name"),
        text("old-sdk")
    );
}

// OTLP: Span

#[test]
fn otlp_span_ids_name_and_parent() {
    let span = otlp_span();
    assert_eq!(span.trace_id, "5b8efff798038103d269b633813fc60c");
    assert_eq!(span.span_id, "eee19b7ec3c1b174");
    assert_eq!(span.operation, "POST /messages");
    assert_eq!(span.references[0].kind, RefKind::ChildOf);
    assert_eq!(span.references[0].span_id, "1111111111111111");
}

#[test]
fn otlp_span_trace_state_is_the_w3c_tracestate_tag() {
    assert_eq!(
        tag(&otlp_span().tags, "w3c.tracestate"),
        text("vendor=1,other=2")
    );
}

#[test]
fn otlp_span_flags_are_left_out() {
    let span = otlp_span();
    assert!(
        span.tags.iter().all(|t| !t.key.contains("flags")),
        "sampling flags are not shown: {:?}",
        span.tags
    );
}

#[test]
fn otlp_span_kind_and_times_in_nanoseconds() {
    let span = otlp_span();
    assert_eq!(tag(&span.tags, "span.kind"), text("server"));
    assert_eq!(span.start_ns, Some(1_700_000_000_000_001_999));
    assert_eq!(span.duration_ns, Some(249_999_001));
}

#[test]
fn otlp_span_attributes_are_tags() {
    assert_eq!(tag(&otlp_span().tags, "http.request.method"), text("POST"));
}

#[test]
fn otlp_span_dropped_counts_are_tags_and_notes() {
    let span = otlp_span();
    assert_eq!(
        tag(&span.tags, "otel.dropped_attributes_count"),
        Some(TagValue::Int(12))
    );
    assert_eq!(
        tag(&span.tags, "otel.dropped_events_count"),
        Some(TagValue::Int(5))
    );
    assert_eq!(
        tag(&span.tags, "otel.dropped_links_count"),
        Some(TagValue::Int(6))
    );
    let trace = tracedeck_core::model::Trace::build(otlp_record());
    let notes = dropped_notes(&trace, 0);
    for expected in [
        "12 attributes dropped by the SDK",
        "5 events dropped by the SDK",
        "6 links dropped by the SDK",
        "4 event attributes dropped by the SDK",
        "2 link attributes dropped by the SDK",
    ] {
        assert!(
            notes.iter().any(|n| n.starts_with(expected)),
            "{expected} in {notes:?}"
        );
    }
}

#[test]
fn otlp_span_status_is_otel_status_tags_and_error() {
    let span = otlp_span();
    assert_eq!(tag(&span.tags, "otel.status_code"), text("ERROR"));
    assert_eq!(tag(&span.tags, "otel.status_description"), text("boom"));
    assert_eq!(tag(&span.tags, "error"), Some(TagValue::Bool(true)));
}

// OTLP: Event

#[test]
fn otlp_event_is_a_log_with_its_name_time_attributes_and_dropped_count() {
    let log = &otlp_span().logs[0];
    assert_eq!(log.timestamp_ns, 1_700_000_000_100_000_000);
    assert_eq!(tag(&log.fields, "event"), text("retry"));
    assert_eq!(tag(&log.fields, "attempt"), Some(TagValue::Int(2)));
    assert_eq!(
        tag(&log.fields, "otel.dropped_attributes_count"),
        Some(TagValue::Int(4))
    );
}

// OTLP: Link

#[test]
fn otlp_link_is_a_follows_from_reference_carrying_its_attributes() {
    let link = &otlp_span().references[1];
    assert_eq!(link.kind, RefKind::FollowsFrom);
    assert_eq!(link.trace_id, "ffffffffffffffffffffffffffffffff");
    assert_eq!(link.span_id, "2222222222222222");
    assert_eq!(tag(&link.tags, "messaging.message.id"), text("msg-42"));
    assert_eq!(tag(&link.tags, "link.reason"), text("batched"));
    assert_eq!(tag(&link.tags, "w3c.tracestate"), text("vendor=9"));
    assert_eq!(
        tag(&link.tags, "otel.dropped_attributes_count"),
        Some(TagValue::Int(2))
    );
    assert!(link.tags.iter().all(|t| !t.key.contains("flags")));
}

#[test]
fn otlp_link_attributes_reach_the_reference_row_of_the_detail() {
    let trace = tracedeck_core::model::Trace::build(otlp_record());
    let rows = references(&trace, trace.span(0));
    let link = rows
        .iter()
        .find(|r| r.other_trace.is_some())
        .expect("the link");
    let keys: Vec<&str> = link.tags.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "link.reason",
            "messaging.message.id",
            "otel.dropped_attributes_count",
            "w3c.tracestate"
        ],
        "by key"
    );
}

// OTLP: AnyValue

#[test]
fn otlp_any_value_kinds() {
    let doc = json!({"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "01", "spanId": "02", "attributes": [
        {"key": "s", "value": s("x")},
        {"key": "b", "value": {"boolValue": true}},
        {"key": "i", "value": {"intValue": "-7"}},
        {"key": "d", "value": {"doubleValue": 1.5}},
        {"key": "bytes", "value": {"bytesValue": "AAE="}},
        {"key": "a", "value": {"arrayValue": {"values": [s("x"), {"intValue": "1"}]}}},
        {"key": "kv", "value": {"kvlistValue": {"values": [{"key": "k", "value": s("v")}]}}},
        {"key": "empty", "value": {}}
    ]}]}]}]});
    let document = wire::otlp::parse(&serde_json::to_vec(&doc).unwrap()).unwrap();
    let tags = &document.traces[0].spans[0].tags;
    assert_eq!(tag(tags, "s"), text("x"));
    assert_eq!(tag(tags, "b"), Some(TagValue::Bool(true)));
    assert_eq!(tag(tags, "i"), Some(TagValue::Int(-7)));
    assert_eq!(tag(tags, "d"), Some(TagValue::Float(1.5)));
    assert_eq!(tag(tags, "bytes"), Some(TagValue::Binary("AAE=".into())));
    assert_eq!(tag(tags, "a"), text(r#"["x",1]"#));
    assert_eq!(tag(tags, "kv"), text(r#"{"k":"v"}"#));
    assert_eq!(tag(tags, "empty"), text(""));
}

// api_v3's envelope

#[test]
fn api_v3_result_and_error_envelopes() {
    let ok = json!({"result": {"resourceSpans": []}});
    assert!(
        wire::otlp::parse(&serde_json::to_vec(&ok).unwrap())
            .unwrap()
            .traces
            .is_empty()
    );
    let not_found = json!({"error": {"httpCode": 404, "message": "No traces found"}});
    assert!(
        wire::otlp::parse(&serde_json::to_vec(&not_found).unwrap())
            .unwrap()
            .traces
            .is_empty()
    );
    let failed = json!({"error": {"httpCode": 500, "message": "storage down"}});
    assert_eq!(
        wire::otlp::parse(&serde_json::to_vec(&failed).unwrap()).unwrap_err(),
        ParseError::Backend(vec!["storage down".into()])
    );
}

// Jaeger JSON

/// A Jaeger query answer that sets every field of Jaeger's JSON model once.
fn jaeger_everything() -> Value {
    json!({
        "data": [{
            "traceID": "5b8efff798038103d269b633813fc60c",
            "spans": [{
                "traceID": "5b8efff798038103d269b633813fc60c", "spanID": "eee19b7ec3c1b174",
                "parentSpanID": "3333333333333333", "flags": 1, "operationName": "POST /messages",
                "references": [{"refType": "CHILD_OF", "traceID": "5b8efff798038103d269b633813fc60c", "spanID": "1111111111111111"},
                               {"refType": "FOLLOWS_FROM", "traceID": "ffffffffffffffffffffffffffffffff", "spanID": "2222222222222222"}],
                "startTime": 1700000000000001i64, "duration": 250000,
                "tags": [{"key": "s", "type": "string", "value": "x"},
                         {"key": "b", "type": "bool", "value": true},
                         {"key": "i", "type": "int64", "value": 7},
                         {"key": "d", "type": "float64", "value": 1.5},
                         {"key": "bin", "type": "binary", "value": "AAE="}],
                "logs": [{"timestamp": 1700000000100000i64, "fields": [{"key": "event", "type": "string", "value": "retry"}]}],
                "processID": "p1",
                "warnings": ["clock skew adjusted"]
            }],
            "processes": {"p1": {"serviceName": "acontext-api", "tags": [{"key": "host.name", "type": "string", "value": "api-1"}]}},
            "warnings": ["trace warning"]
        }],
        "total": 0, "limit": 0, "offset": 0, "errors": null
    })
}

fn jaeger_record() -> TraceRecord {
    let bytes = serde_json::to_vec(&jaeger_everything()).unwrap();
    let mut document = wire::jaeger::parse(&bytes).expect("reads");
    assert!(document.backend_errors.is_empty());
    document.traces.remove(0)
}

#[test]
fn jaeger_trace_id_spans_processes_and_warnings() {
    let record = jaeger_record();
    assert_eq!(record.trace_id, "5b8efff798038103d269b633813fc60c");
    assert_eq!(record.spans.len(), 1);
    assert_eq!(record.processes[0].service, "acontext-api");
    assert_eq!(tag(&record.processes[0].tags, "host.name"), text("api-1"));
    assert_eq!(record.warnings, ["trace warning"]);
}

#[test]
fn jaeger_span_ids_operation_and_warnings() {
    let span = &jaeger_record().spans[0];
    assert_eq!(span.span_id, "eee19b7ec3c1b174");
    assert_eq!(span.operation, "POST /messages");
    assert_eq!(span.warnings, ["clock skew adjusted"]);
}

#[test]
fn jaeger_parent_span_id_is_kept_for_when_no_reference_names_a_parent() {
    assert_eq!(
        jaeger_record().spans[0].parent_span_id.as_deref(),
        Some("3333333333333333")
    );
}

#[test]
fn jaeger_references_keep_kind_trace_and_span_and_carry_no_tags() {
    let span = &jaeger_record().spans[0];
    assert_eq!(span.references[0].kind, RefKind::ChildOf);
    assert_eq!(span.references[1].kind, RefKind::FollowsFrom);
    assert_eq!(
        span.references[1].trace_id,
        "ffffffffffffffffffffffffffffffff"
    );
    assert!(span.references.iter().all(|r| r.tags.is_empty()));
}

#[test]
fn jaeger_times_are_microseconds() {
    let span = &jaeger_record().spans[0];
    assert_eq!(span.start_ns, Some(1_700_000_000_000_001_000));
    assert_eq!(span.duration_ns, Some(250_000_000));
    assert_eq!(span.logs[0].timestamp_ns, 1_700_000_000_100_000_000);
}

#[test]
fn jaeger_tag_types() {
    let tags = &jaeger_record().spans[0].tags;
    assert_eq!(tag(tags, "s"), text("x"));
    assert_eq!(tag(tags, "b"), Some(TagValue::Bool(true)));
    assert_eq!(tag(tags, "i"), Some(TagValue::Int(7)));
    assert_eq!(tag(tags, "d"), Some(TagValue::Float(1.5)));
    assert_eq!(tag(tags, "bin"), Some(TagValue::Binary("AAE=".into())));
}

#[test]
fn jaeger_logs_keep_their_fields() {
    assert_eq!(
        tag(&jaeger_record().spans[0].logs[0].fields, "event"),
        text("retry")
    );
}

#[test]
fn jaeger_span_flags_are_left_out() {
    let span = &jaeger_record().spans[0];
    assert!(span.tags.iter().all(|t| t.key != "flags"));
    assert_eq!(span.tags.len(), 5, "only the span's own tags");
}

#[test]
fn a_hostile_dropped_count_says_the_most_it_can_and_never_overflows() {
    let doc = json!({"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "01", "spanId": "02", "name": "op",
        "events": [{"name": "a", "droppedAttributesCount": "9223372036854775807"},
                   {"name": "b", "droppedAttributesCount": "9223372036854775807"}]}]}]}]});
    let record = wire::otlp::parse(&serde_json::to_vec(&doc).unwrap())
        .unwrap()
        .traces
        .remove(0);
    let trace = tracedeck_core::model::Trace::build(record);
    assert_eq!(
        dropped_notes(&trace, 0),
        [
            "9,223,372,036,854,775,807 event attributes dropped by the SDK: the span as shown is incomplete."
        ]
    );
}

#[test]
fn jaeger_dropped_count_tags_from_its_otlp_translator_read_as_notes() {
    let doc = json!({"traceID": "1", "spans": [{"spanID": "1", "operationName": "op", "processID": "p",
        "tags": [{"key": "otel.dropped_attributes_count", "type": "int64", "value": 12}]}],
        "processes": {"p": {"serviceName": "svc"}}});
    let trace = &common::traces(doc)[0];
    assert_eq!(
        dropped_notes(trace, 0),
        ["12 attributes dropped by the SDK: the span as shown is incomplete."]
    );
}

#[test]
fn jaeger_errors_envelope_is_the_backends_message() {
    let doc = json!({"data": null, "errors": [{"code": 500, "msg": "storage down"}]});
    assert_eq!(
        wire::jaeger::parse(&serde_json::to_vec(&doc).unwrap()).unwrap_err(),
        ParseError::Backend(vec!["storage down (code 500)".into()])
    );
}

// Tolerance shared by both readers

#[test]
fn a_lone_surrogate_reads_as_the_replacement_character_with_a_warning_naming_span_and_field() {
    let jaeger = br#"{"traceID":"1","spans":[{"spanID":"1","operationName":"cut \ud83d","processID":"p",
        "tags":[{"key":"llm.output","type":"string","value":"ok \ude00"}]}],"processes":{"p":{"serviceName":"svc"}}}"#;
    let span = &wire::parse_any(jaeger).expect("reads").traces[0].spans[0];
    assert_eq!(span.operation, "cut \u{FFFD}");
    assert_eq!(tag(&span.tags, "llm.output"), text("ok \u{FFFD}"));
    assert_eq!(
        span.warnings,
        [
            "A broken character (half of a UTF-16 surrogate pair, as a cut emoji leaves) in its operation name is shown as \u{FFFD}.",
            "A broken character (half of a UTF-16 surrogate pair, as a cut emoji leaves) in tag `llm.output` is shown as \u{FFFD}."
        ]
    );
    let otlp = br#"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc \ud83d"}}]},
        "scopeSpans":[{"spans":[{"traceId":"01","spanId":"02","name":"op","links":[{"traceId":"03","spanId":"04",
        "attributes":[{"key":"why","value":{"stringValue":"\udc00"}}]}]}]}]}]}"#;
    let record = &wire::parse_any(otlp).expect("reads").traces[0];
    assert_eq!(record.processes[0].service, "svc \u{FFFD}");
    assert!(
        record.warnings[0].contains("the service name svc \u{FFFD}"),
        "{:?}",
        record.warnings
    );
    assert!(record.spans[0].warnings[0].contains("link attribute `why`"));
}

#[test]
fn a_lone_surrogate_outside_names_and_tags_is_said_once_for_the_file() {
    let bytes = br#"{"traceID":"1","spans":[{"spanID":"1\ud83d","operationName":"op"}]}"#;
    let record = &wire::parse_any(bytes).expect("reads").traces[0];
    assert!(record.spans[0].warnings.is_empty());
    assert_eq!(
        record.warnings,
        ["1 broken character (a lone UTF-16 surrogate escape) read as \u{FFFD} in this answer."]
    );
}

#[test]
fn what_still_does_not_read_is_one_error_naming_line_and_column() {
    let err = wire::parse_any(
        b"{\"traceID\":\"1\",\n\"spans\":[{\"operationName\":\"\\ud83d\\uZZZZ\"}]}",
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("not valid JSON:"), "{err}");
    assert!(err.contains("line 2 column"), "{err}");
}

#[test]
fn a_byte_order_mark_before_a_file_is_skipped() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(serde_json::to_vec(&otlp_everything()).unwrap());
    assert_eq!(wire::parse_any(&bytes).expect("reads").traces.len(), 1);
    let mut lines = b"\xEF\xBB\xBF".to_vec();
    lines.extend(serde_json::to_vec(&jaeger_everything()).unwrap());
    lines.push(b'\n');
    lines.extend(serde_json::to_vec(&jaeger_everything()).unwrap());
    assert_eq!(
        wire::parse_any(&lines)
            .expect("JSON Lines read")
            .traces
            .len(),
        2
    );
}
