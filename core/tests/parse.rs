//! Reading Jaeger JSON: the three shapes, tolerated quirks, and clear refusals.

mod common;

use std::collections::HashSet;

use serde_json::json;
use tracedeck_core::model::{TagValue, Trace};
use tracedeck_core::wire::{ParseError, jaeger};

fn parse_str(text: &str) -> Result<Vec<Trace>, ParseError> {
    jaeger::parse(text.as_bytes()).map(|d| d.traces.into_iter().map(Trace::build).collect())
}

#[test]
fn a_query_envelope_holds_several_traces() {
    let traces = common::traces(json!({
        "data": [
            {"traceID": "a", "spans": [common::span("1", 10, 5)], "processes": {}},
            {"traceID": "b", "spans": [common::span("2", 20, 5)], "processes": {}}
        ],
        "total": 0, "limit": 0, "offset": 0, "errors": null
    }));
    let ids: Vec<_> = traces.iter().map(|t| t.trace_id.as_str()).collect();
    assert_eq!(ids, ["000000000000000a", "000000000000000b"]);
}

#[test]
fn an_array_of_spans_groups_by_trace_in_first_seen_order() {
    let mut a1 = common::span("1", 0, 5);
    a1["traceID"] = json!("BB");
    a1["process"] = json!({"serviceName": "embedded", "tags": [{"key": "host", "value": "h1"}]});
    let mut b1 = common::span("2", 0, 5);
    b1["traceID"] = json!("aa");
    let mut a2 = common::span("3", 0, 5);
    a2["traceID"] = json!("00bb");
    let traces = common::traces(json!([a1, b1, a2]));
    assert_eq!(traces.len(), 2);
    assert_eq!(traces[0].trace_id, "00000000000000bb");
    assert_eq!(traces[0].spans.len(), 2);
    assert_eq!(traces[1].trace_id, "00000000000000aa");
    assert_eq!(traces[0].service_name(0), "embedded");
    assert_eq!(
        traces[0].processes[traces[0].spans[0].process].tags[0].key,
        "host"
    );
    assert_eq!(traces[0].service_name(1), "unknown-service");
}

#[test]
fn null_and_missing_fields_are_empty() {
    let traces = parse_str(
        r#"{"traceID":"1","spans":[{"traceID":"1","spanID":"2","operationName":"x",
            "startTime":1,"duration":1,"references":null,"tags":null,"logs":null,
            "warnings":null,"flags":null,"processID":"p"}],"processes":null,"warnings":null}"#,
    )
    .unwrap();
    let span = &traces[0].spans[0];
    assert!(span.references.is_empty() && span.tags.is_empty() && span.logs.is_empty());
    assert_eq!(traces[0].service_name(0), "unknown-service");
}

#[test]
fn int64_as_strings_bools_as_strings_and_numbers_as_ids_are_read() {
    let traces = parse_str(
        r#"{"traceID":"1","spans":[{"traceID":1,"spanID":2,"operationName":42,
            "startTime":"1700000000000001","duration":"250",
            "tags":[{"key":"error","type":"bool","value":"true"},
                    {"key":"big","type":"int64","value":"9223372036854775222"},
                    {"key":"ratio","type":"float64","value":0.5},
                    {"key":"blob","type":"binary","value":"AAAwOQ=="}],
            "unknownField":{"nested":[1,2,3]}}]}"#,
    )
    .unwrap();
    let span = &traces[0].spans[0];
    assert_eq!(span.span_id, "0000000000000002");
    assert_eq!(span.operation, "42");
    assert_eq!(
        (span.start_ns, span.duration_ns),
        (1_700_000_000_000_001_000, 250_000),
        "Jaeger's µs in ns"
    );
    assert_eq!(span.tags[0].value, TagValue::Bool(true));
    assert_eq!(span.tags[1].value, TagValue::Int(9_223_372_036_854_775_222));
    assert_eq!(span.tags[2].value, TagValue::Float(0.5));
    assert_eq!(span.tags[3].value, TagValue::Binary("AAAwOQ==".into()));
    assert!(span.is_error);
}

#[test]
fn logs_keep_their_time_and_fields() {
    let mut s = common::span("1", 100, 50);
    s["logs"] = json!([{"timestamp": 120, "fields": [{"key": "event", "type": "string", "value": "retry"}]}]);
    let trace = common::trace(vec![s]);
    let log = &trace.spans[0].logs[0];
    assert_eq!(log.timestamp_ns, 120_000);
    assert_eq!(log.fields[0].value.to_string(), "retry");
}

#[test]
fn an_error_envelope_without_data_is_the_backends_error() {
    let err = parse_str(
        r#"{"data":null,"errors":[{"code":400,"msg":"parameter 'service' is required"}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        err,
        ParseError::Backend(vec!["parameter 'service' is required (code 400)".into()])
    );
}

#[test]
fn an_empty_envelope_is_no_traces() {
    assert!(parse_str(r#"{"data":[],"total":0}"#).unwrap().is_empty());
    assert!(parse_str(r#"{"data":null}"#).unwrap().is_empty());
}

#[test]
fn partial_errors_are_kept_beside_the_traces() {
    let doc = jaeger::parse(
        br#"{"data":[{"traceID":"1","spans":[]}],"errors":[{"code":500,"msg":"shard down"}]}"#,
    )
    .unwrap();
    assert_eq!(doc.traces.len(), 1);
    assert_eq!(doc.backend_errors, ["shard down (code 500)"]);
}

#[test]
fn documents_that_are_not_traces_are_refused_with_one_clear_line() {
    let cases = [
        ("42", "not a trace document: a JSON number"),
        ("\"x\"", "not a trace document: a JSON string"),
        ("{\"hello\":1}", "neither `data`"),
        (
            "{\"data\":[{\"traceID\":\"1\",\"spans\":[{\"spanID\":",
            "not valid JSON",
        ),
        ("", "not valid JSON"),
        ("<html>502 Bad Gateway</html>", "not valid JSON"),
        (
            "{\"spans\": \"nope\"}",
            "not a trace document: invalid type",
        ),
    ];
    for (input, expected) in cases {
        let message = parse_str(input).unwrap_err().to_string();
        assert!(message.contains(expected), "{input:?} gave {message:?}");
        assert!(!message.contains('\n'), "{message:?} is one line");
    }
}

#[test]
fn exported_json_reopens_as_the_same_traces() {
    use tracedeck_core::model::Summary;
    let mut dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    dir.push("../../shared/conformance/jaeger/jaeger-ui_01.json");
    let original: Vec<Trace> = match std::fs::read(&dir) {
        Ok(bytes) => jaeger::parse(&bytes)
            .unwrap()
            .traces
            .into_iter()
            .map(Trace::build)
            .collect(),
        Err(_) => common::traces(
            json!({"traceID": "1", "spans": [common::span("1", 0, 5), common::child("2", "1", 1, 2)]}),
        ),
    };
    let exported = jaeger::to_json(&original.iter().collect::<Vec<_>>());
    let reopened: Vec<Trace> = jaeger::parse(exported.as_bytes())
        .unwrap()
        .traces
        .into_iter()
        .map(Trace::build)
        .collect();
    let summaries = |ts: &[Trace]| ts.iter().map(Summary::of).collect::<Vec<_>>();
    assert_eq!(summaries(&reopened), summaries(&original));
    assert_eq!(reopened[0].spans[1].tags, original[0].spans[1].tags);
    assert_eq!(reopened[0].spans[0].logs, original[0].spans[0].logs);
}

#[test]
fn invalid_escapes_are_refused_with_a_clear_message_and_lone_surrogates_read() {
    let err =
        parse_str(r#"{"traceID":"1","spans":[{"spanID":"1","operationName":"\uZZZZ lone"}]}"#)
            .unwrap_err();
    let message = err.to_string();
    assert!(message.starts_with("not valid JSON:"), "{message}");
    assert!(message.contains("escape at line 1 column"), "{message}");
    let lone =
        parse_str(r#"{"traceID":"1","spans":[{"spanID":"1","operationName":"\ud800 lone"}]}"#)
            .expect("a lone surrogate reads as U+FFFD");
    assert_eq!(lone[0].spans[0].operation, "\u{FFFD} lone");
}

/// The trace IDs and span counts a reader returned.
fn ids_and_spans(document: &tracedeck_core::wire::Document) -> Vec<(String, usize)> {
    document
        .traces
        .iter()
        .map(|t| (t.trace_id.clone(), t.spans.len()))
        .collect()
}

#[test]
fn one_service_answer_among_several_leaves_out_the_traces_already_read() {
    let answer = json!({
        "data": [
            {"traceID": "a", "spans": [common::span("1", 10, 5), common::span("2", 11, 1)], "processes": {}},
            // Names its spans before its ID: read in full, then left out all the same.
            {"spans": [common::span("3", 20, 5)], "traceID": "b", "processes": {}},
            {"traceID": "c", "spans": [common::span("4", 30, 5)], "processes": {}, "warnings": ["clock skew"]}
        ],
        "total": 0, "limit": 0, "offset": 0, "errors": [{"code": 0, "msg": "partial answer"}]
    })
    .to_string();
    let nothing_seen = HashSet::new();
    let whole = jaeger::parse_unseen(answer.as_bytes(), &nothing_seen).unwrap();
    assert_eq!(
        ids_and_spans(&whole),
        [("a".into(), 2), ("b".into(), 1), ("c".into(), 1)]
    );
    let seen: HashSet<String> = ["a".to_owned(), "b".to_owned()].into();
    let rest = jaeger::parse_unseen(answer.as_bytes(), &seen).unwrap();
    assert_eq!(ids_and_spans(&rest), [("c".into(), 1)]);
    assert_eq!(rest.traces[0].warnings, ["clock skew"]);
    assert_eq!(rest.backend_errors, ["partial answer"]);
    // Every trace seen: nothing left, and the answer's errors still said.
    let all: HashSet<String> = ["a", "b", "c"].map(str::to_owned).into();
    let none = jaeger::parse_unseen(answer.as_bytes(), &all).unwrap();
    assert!(none.traces.is_empty());
    assert_eq!(none.backend_errors, ["partial answer"]);
}

#[test]
fn leaving_traces_out_changes_no_refusal_and_no_other_shape() {
    let seen: HashSet<String> = ["a".to_owned()].into();
    for text in [
        r#"{"data": [{"traceID": "a", "spans": [}]}"#,
        r#"{"data": [{"traceID": "a", "spans": [], "traceID": "b"}]}"#,
        r#"{"data": null, "errors": [{"code": 500, "msg": "boom"}]}"#,
        r#"{"hello": "world"}"#,
        "[1, 2]",
    ] {
        assert_eq!(
            format!(
                "{:?}",
                jaeger::parse_unseen(text.as_bytes(), &seen).map(|d| d.traces.len())
            ),
            format!(
                "{:?}",
                jaeger::parse(text.as_bytes()).map(|d| d.traces.len())
            ),
            "{text}"
        );
    }
    // A bare trace or an array of spans is read whole: only a search answer leaves traces out.
    let bare =
        json!({"traceID": "a", "spans": [common::span("1", 10, 5)], "processes": {}}).to_string();
    assert_eq!(
        jaeger::parse_unseen(bare.as_bytes(), &seen)
            .unwrap()
            .traces
            .len(),
        1
    );
}
