//! Traces as they come from the field, each kind worked by hand: Zipkin's shared client/server
//! span IDs, zero and empty IDs in every reader and field, base64 IDs, self-references.

mod common;

use common::{child, idx, opened, parent_of, reference, span, trace, traces, with_refs};
use serde_json::{Value, json};
use tracedeck_core::model::id::{canonical_id, is_none_id};
use tracedeck_core::model::{SpanIdx, Summary, TimeProblem, Trace};
use tracedeck_core::view::{detail, format, tree};
use tracedeck_core::wire;

fn kind(mut span: Value, kind: &str) -> Value {
    span["tags"] = json!([{"key": "span.kind", "type": "string", "value": kind}]);
    span
}

fn in_process(mut span: Value, process: &str) -> Value {
    span["processID"] = json!(process);
    span
}

fn op(trace: &Trace, idx: SpanIdx) -> &str {
    &trace.span(idx).operation
}

fn by_op(trace: &Trace, operation: &str) -> SpanIdx {
    (0..trace.spans.len() as SpanIdx)
        .find(|&i| op(trace, i) == operation)
        .expect("span exists")
}

fn parent_op<'t>(trace: &'t Trace, operation: &str) -> Option<&'t str> {
    trace
        .span(by_op(trace, operation))
        .parent
        .map(|p| op(trace, p))
}

/// The checkout trace: `front` calls `back` with one span ID for both sides.
fn checkout(client_first: bool, with_kinds: bool) -> Trace {
    let mut root = span("1", 0, 600);
    root["operationName"] = json!("POST /checkout");
    let mut client = child("2", "1", 10, 500);
    client["operationName"] = json!("GET /items client");
    let mut server = in_process(child("2", "1", 20, 480), "p2");
    server["operationName"] = json!("GET /items server");
    let mut select = in_process(child("3", "2", 30, 100), "p2");
    select["operationName"] = json!("SELECT items");
    if with_kinds {
        client = kind(client, "client");
        server = kind(server, "server");
    }
    let (a, b) = if client_first {
        (client, server)
    } else {
        (server, client)
    };
    trace(vec![root, a, b, select])
}

#[test]
fn a_shared_span_id_makes_the_server_the_clients_child_in_either_order() {
    for client_first in [true, false] {
        let t = checkout(client_first, true);
        assert_eq!(parent_op(&t, "GET /items client"), Some("POST /checkout"));
        assert_eq!(
            parent_op(&t, "GET /items server"),
            Some("GET /items client")
        );
        // `SELECT items` runs in the server's service, so its parent is the server side.
        assert_eq!(parent_op(&t, "SELECT items"), Some("GET /items server"));
        assert_eq!(t.duplicate_count, 0, "client first: {client_first}");
        assert_eq!(t.max_depth, 3);
        assert!(
            t.spans
                .iter()
                .all(|s| !s.flags.duplicate && !s.flags.orphan)
        );
    }
}

#[test]
fn a_reference_to_a_shared_id_from_another_service_means_the_client() {
    // Beside `SELECT items` (back), a timer span of `front` (p1) names the shared ID too.
    let client = kind(child("2", "1", 10, 500), "client");
    let server = kind(in_process(child("2", "1", 20, 480), "p2"), "server");
    let select = in_process(child("3", "2", 30, 100), "p2");
    let timer = child("4", "2", 40, 10);
    let t = trace(vec![span("1", 0, 600), server, select, client, timer]);
    let client_idx: SpanIdx = 3;
    let server_idx: SpanIdx = 1;
    assert_eq!(t.span(server_idx).parent, Some(client_idx));
    assert_eq!(
        t.span(2).parent,
        Some(server_idx),
        "back's child: the server side"
    );
    assert_eq!(
        t.span(4).parent,
        Some(client_idx),
        "front's child: the client side"
    );
}

#[test]
fn without_kinds_a_repeated_id_stays_a_duplicate() {
    for client_first in [true, false] {
        let t = checkout(client_first, false);
        assert_eq!(t.duplicate_count, 1);
        // Both sides are children of the root; the second one is flagged.
        assert_eq!(parent_op(&t, "GET /items server"), Some("POST /checkout"));
        let second = if client_first {
            "GET /items server"
        } else {
            "GET /items client"
        };
        assert!(t.span(by_op(&t, second)).flags.duplicate);
        // References mean the first span with the ID.
        let first = if client_first {
            "GET /items client"
        } else {
            "GET /items server"
        };
        assert_eq!(parent_op(&t, "SELECT items"), Some(first));
    }
}

#[test]
fn three_spans_or_two_of_one_kind_sharing_an_id_are_duplicates() {
    let client = |start| kind(child("2", "1", start, 10), "client");
    let t = trace(vec![span("1", 0, 100), client(1), client(2)]);
    assert_eq!(t.duplicate_count, 1);
    let server = kind(in_process(child("2", "1", 3, 5), "p2"), "server");
    let t = trace(vec![span("1", 0, 100), client(1), server, client(2)]);
    assert_eq!(t.duplicate_count, 2, "three spans share the ID: no pair");
}

#[test]
fn every_span_has_a_key_of_its_own_even_when_ids_repeat() {
    let t = checkout(true, true);
    let keys: Vec<String> = (0..t.spans.len() as SpanIdx)
        .map(|i| t.span_key(i))
        .collect();
    assert_eq!(
        keys,
        [
            "0000000000000001",
            "0000000000000002",
            "0000000000000002~2",
            "0000000000000003"
        ]
    );
    for (i, key) in keys.iter().enumerate() {
        assert_eq!(t.find_span(key), Some(i as SpanIdx), "{key}");
    }
    // Any spelling of the ID part finds the span; a bare ID is its first occurrence.
    assert_eq!(t.find_span("2~2"), Some(2));
    assert_eq!(t.find_span("2"), Some(1));
    assert_eq!(t.find_span("2~3"), None);
    assert_eq!(t.find_span("2~x"), None);
}

#[test]
fn zero_and_empty_ids_mean_no_reference_in_jaeger_json() {
    let zero_ref = with_refs(span("b", 10, 5), vec![reference("CHILD_OF", "0", "0")]);
    let empty_ref = with_refs(span("c", 10, 5), vec![reference("CHILD_OF", "", "")]);
    let mut zero_legacy = span("d", 10, 5);
    zero_legacy["parentSpanID"] = json!("0000000000000000");
    let mut legacy_and_link = span("e", 10, 5);
    legacy_and_link["parentSpanID"] = json!("a");
    legacy_and_link["references"] = json!([reference("FOLLOWS_FROM", "0", "0")]);
    let t = trace(vec![
        span("a", 0, 100),
        zero_ref,
        empty_ref,
        zero_legacy,
        legacy_and_link,
    ]);
    for id in ["b", "c", "d"] {
        let s = t.span(idx(&t, id));
        assert!(s.references.is_empty(), "{id}: {:?}", s.references);
        assert!(!s.flags.orphan, "{id}");
        assert_eq!(s.parent, None, "{id}");
    }
    // With no same-trace reference left, the deprecated parentSpanID decides.
    assert_eq!(parent_of(&t, "e").as_deref(), Some("000000000000000a"));
    assert_eq!(t.orphan_count, 0);
    assert_eq!(t.roots.len(), 4);
}

#[test]
fn a_zero_id_that_a_span_carries_is_that_span() {
    let t = trace(vec![
        span("0", 0, 100),
        child("b", "0000000000000000", 10, 5),
    ]);
    assert_eq!(parent_of(&t, "b").as_deref(), Some("0000000000000000"));
    assert_eq!(t.span(1).references.len(), 1);
}

#[test]
fn zero_ids_mean_no_reference_in_otlp() {
    let doc = json!({"resourceSpans": [{"resource": {"attributes": []}, "scopeSpans": [{"spans": [
        {"traceId": "5e0c93a1d7b24f6885c1e0f2a9b3d4c7", "spanId": "00000000000000a1",
         "parentSpanId": "0000000000000000", "name": "root",
         "startTimeUnixNano": "1000", "endTimeUnixNano": "2000",
         "links": [
            {"traceId": "00000000000000000000000000000000", "spanId": "0000000000000000"},
            {"traceId": "", "spanId": ""},
            {"traceId": "AAAAAAAAAAAAAAAAAAAAAA==", "spanId": "AAAAAAAAAAA="}
         ]},
        {"traceId": "5e0c93a1d7b24f6885c1e0f2a9b3d4c7", "spanId": "00000000000000a2",
         "parentSpanId": "", "name": "second root",
         "startTimeUnixNano": "1000", "endTimeUnixNano": "2000"}
    ]}]}]});
    let traces = opened(doc);
    let t = &traces[0];
    for s in &t.spans {
        assert!(
            s.references.is_empty(),
            "{}: {:?}",
            s.operation,
            s.references
        );
        assert!(!s.flags.orphan, "{}", s.operation);
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    }
    assert_eq!(t.orphan_count, 0);
}

#[test]
fn base64_ids_of_8_and_16_bytes_are_the_hex_they_encode() {
    assert_eq!(
        canonical_id("XgyTodeyT2iFweDyqbPUxw=="),
        "5e0c93a1d7b24f6885c1e0f2a9b3d4c7"
    );
    assert_eq!(canonical_id("fB46W50vSmE="), "7c1e3a5b9d2f4a61");
    assert_eq!(canonical_id("AAAAAAAAAAE="), "0000000000000001");
    // Hex of 16 and 32 digits stays hex, even where it is valid base64 too.
    assert_eq!(canonical_id("ABCDEF0123456789"), "abcdef0123456789");
    assert_eq!(canonical_id(&"AB".repeat(16)), "ab".repeat(16));
}

#[test]
fn near_misses_of_base64_ids_are_kept_verbatim() {
    for raw in [
        "XgyTodeyT2iFweDyqbPUxw=",   // 23 characters
        "XgyTodeyT2iFweDyqbPUx===",  // three `=`: not 16 bytes
        "fB46W50vSm==",              // 12 characters, two `=`: 7 bytes
        "fB46W50vSmE",               // unpadded
        "fB46W50v*mE=",              // not base64
        "XgyTodeyT2iFweDyqbPUxw==x", // 25 characters
    ] {
        assert_eq!(canonical_id(raw), raw);
    }
    assert!(is_none_id("AAAAAAAAAAA="));
    assert!(is_none_id(""));
    assert!(!is_none_id("AAAAAAAAAAE="));
}

#[test]
fn base64_ids_in_otlp_files_and_api_v3_answers_read_as_hex() {
    let spans = json!([
        {"traceId": "XgyTodeyT2iFweDyqbPUxw==", "spanId": "AAAAAAAAAAE=", "name": "root",
         "startTimeUnixNano": "1000", "endTimeUnixNano": "9000"},
        {"traceId": "XgyTodeyT2iFweDyqbPUxw==", "spanId": "fB46W50vSmE=", "parentSpanId": "AAAAAAAAAAE=",
         "name": "child", "startTimeUnixNano": "2000", "endTimeUnixNano": "3000"}
    ]);
    let file = json!({"resourceSpans": [{"scopeSpans": [{"spans": spans}]}]});
    let answer = json!({"result": {"resourceSpans": [{"scopeSpans": [{"spans": spans}]}]}});
    for doc in [file, answer] {
        let t = opened(doc).remove(0);
        assert_eq!(t.trace_id, "5e0c93a1d7b24f6885c1e0f2a9b3d4c7");
        assert_eq!(t.span(1).span_id, "7c1e3a5b9d2f4a61");
        assert_eq!(
            parent_of(&t, "7c1e3a5b9d2f4a61").as_deref(),
            Some("0000000000000001")
        );
    }
}

#[test]
fn a_self_reference_is_ignored_and_says_so() {
    let t = trace(vec![span("a", 0, 100), child("b", "b", 10, 5)]);
    let b = t.span(idx(&t, "b"));
    assert_eq!(b.parent, None);
    assert!(b.flags.self_reference);
    assert!(!t.span(0).flags.self_reference);
    // A self-reference beside a real parent: the parent stands, the warning too.
    let both = with_refs(
        span("c", 10, 5),
        vec![
            reference("CHILD_OF", "t1", "c"),
            reference("CHILD_OF", "t1", "a"),
        ],
    );
    let t = trace(vec![span("a", 0, 100), both]);
    assert_eq!(parent_of(&t, "c").as_deref(), Some("000000000000000a"));
    assert!(t.span(1).flags.self_reference);
    // The server side of a shared ID naming that ID means its client: no self-reference.
    let t = checkout(true, true);
    assert!(t.spans.iter().all(|s| !s.flags.self_reference));
}

fn otlp(spans: Value) -> Vec<Trace> {
    let doc = json!({"resourceSpans": [{
        "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "core"}}]},
        "scopeSpans": [{"spans": spans}]
    }]});
    opened(doc)
}

const T: &str = "5e0c93a1d7b24f6885c1e0f2a9b3d4c7";

#[test]
fn otlp_nanoseconds_are_kept_and_shown() {
    let t = &otlp(json!([
        {"traceId": T, "spanId": "00000000000000a1", "name": "root",
         "startTimeUnixNano": "1767225600000000000", "endTimeUnixNano": "1767225600000001250"},
        {"traceId": T, "spanId": "00000000000000a2", "parentSpanId": "00000000000000a1",
         "name": "tiny", "startTimeUnixNano": "1767225600000000100", "endTimeUnixNano": "1767225600000000900",
         "events": [{"timeUnixNano": "1767225600000000500", "name": "mid"}]}
    ]))[0];
    let tiny = t.span(1);
    assert_eq!(
        (tiny.start_ns, tiny.duration_ns),
        (1_767_225_600_000_000_100, 800)
    );
    assert_eq!(tiny.logs[0].timestamp_ns, 1_767_225_600_000_000_500);
    assert_eq!(format::duration(tiny.duration_ns), "800ns");
    assert_eq!(format::duration(t.duration_ns()), "1.25µs");
    // 450 ns of the root's 1,250 are not covered by its child.
    assert_eq!(t.span(0).self_time_ns, 450);
    // A sub-µs bar still gets its minimum width.
    let bar = tree::bar(t, 1);
    assert!(bar.width_pct > 0.0 && bar.left_pct == 8.0, "{bar:?}");
    // The conformance summary keeps counting whole µs, as Jaeger maps OTLP.
    assert_eq!(Summary::of(t).duration_us, 1);
}

#[test]
fn missing_and_backward_times_are_named_and_keep_the_trace_sane() {
    let t = &otlp(json!([
        {"traceId": T, "spanId": "00000000000000a1", "name": "root",
         "startTimeUnixNano": "1767225600000000000", "endTimeUnixNano": "1767225600050000000"},
        {"traceId": T, "spanId": "00000000000000a2", "parentSpanId": "00000000000000a1",
         "name": "no end", "startTimeUnixNano": "1767225600010000000"},
        {"traceId": T, "spanId": "00000000000000a3", "parentSpanId": "00000000000000a1",
         "name": "no start", "endTimeUnixNano": "1767225600020000000"},
        {"traceId": T, "spanId": "00000000000000a4", "parentSpanId": "00000000000000a1",
         "name": "backwards", "startTimeUnixNano": "1767225600030000000", "endTimeUnixNano": "1767225600029000000"}
    ]))[0];
    let problems = |i: SpanIdx| t.span(i).time_problems.clone();
    assert_eq!(problems(0), []);
    assert_eq!(problems(1), [TimeProblem::NoEnd]);
    assert_eq!(problems(2), [TimeProblem::NoStart]);
    assert_eq!(
        problems(3),
        [TimeProblem::EndBeforeStart { by_ns: 1_000_000 }]
    );
    assert_eq!(t.duration_ns(), 50_000_000, "50 ms, not 56 years");
    assert_eq!(t.span(2).start_ns, t.start_ns, "drawn at the trace's start");
    assert_eq!(
        detail::time_problem_text(TimeProblem::NoEnd),
        "End time missing: its duration is unknown, drawn as 0."
    );
    assert_eq!(
        detail::placement_notes(t, 3),
        ["Ends 1ms before it starts: its duration is unknown, drawn as 0."]
    );
    assert!(detail::trace_notes(t).contains(&"3 spans with broken times".to_owned()));
}

#[test]
fn a_start_at_the_epoch_beside_real_clocks_is_named_and_placed() {
    let mut zero = child("b", "a", 0, 5_000);
    zero["operationName"] = json!("unset clock");
    let t = trace(vec![span("a", 1_767_225_600_000_000, 100_000), zero]);
    let b = t.span(1);
    assert_eq!(b.time_problems, [TimeProblem::StartAtEpoch]);
    assert_eq!(b.start_ns, t.start_ns);
    assert_eq!(t.duration_ns(), 100_000_000);
    // Jaeger's reading of an OTLP span without a start: 0 and a "duration" reaching its real end.
    let real = 1_767_225_600_000_000;
    let mut unset = child("c", "a", 0, real + 50_000);
    unset["operationName"] = json!("no start");
    let t = trace(vec![span("a", real, 100_000), unset]);
    assert_eq!(t.span(1).time_problems, [TimeProblem::StartAtEpoch]);
    assert_eq!(t.span(1).duration_ns, 0);
    assert_eq!(t.duration_ns(), 100_000_000, "100 ms, not 56 years");
    // A start of 1 ns is as unset as 0.
    let t = trace(vec![span("a", real, 100_000), child("d", "a", 1, 10)]);
    assert_eq!(t.span(1).time_problems, [TimeProblem::StartAtEpoch]);
    assert_eq!(t.span(1).duration_ns, 10_000);
    // Small made-up times are times: nothing moves without a real clock beside them.
    let small = trace(vec![span("a", 0, 100), child("b", "a", 10, 5)]);
    assert!(small.spans.iter().all(|s| s.time_problems.is_empty()));
}

#[test]
fn the_detail_names_shared_ids_self_references_and_other_traces() {
    let t = checkout(true, true);
    let server = by_op(&t, "GET /items server");
    let client = by_op(&t, "GET /items client");
    assert_eq!(
        detail::shared_id_note(&t, server)
            .into_iter()
            .collect::<Vec<_>>(),
        [
            "Shares its span ID with the client span in svc-a: one call seen from both sides \
          (Zipkin style), this is the server side."
        ]
    );
    assert!(
        detail::shared_id_note(&t, client)
            .unwrap()
            .contains("the server span in svc-b")
    );
    assert!(detail::placement_notes(&t, server).is_empty(), "no problem");
    let t = trace(vec![child("b", "b", 10, 5)]);
    assert_eq!(
        detail::placement_notes(&t, 0),
        ["Names itself as its parent: that reference is ignored."]
    );
    assert_eq!(detail::trace_notes(&t), ["1 self-reference ignored"]);
    let linked = with_refs(
        span("c", 10, 5),
        vec![
            reference("FOLLOWS_FROM", "e1e2", "f1"),
            reference("FOLLOWS_FROM", "not-hex", "f2"),
            reference("CHILD_OF", "t1", "b"),
        ],
    );
    let t = trace(vec![span("b", 0, 100), linked]);
    let refs = detail::references(&t, t.span(1));
    assert_eq!(
        refs[0],
        detail::ReferenceRow {
            kind: "follows from".into(),
            span_id: "00000000000000f1".into(),
            target: None,
            other_trace: Some("000000000000e1e2".into()),
            openable: true,
            tags: Vec::new(),
        }
    );
    assert_eq!(refs[1].other_trace.as_deref(), Some("not-hex"));
    assert!(!refs[1].openable);
    assert_eq!(refs[2].other_trace, None);
    // The reference into this trace points at its span: a jump.
    assert_eq!(refs[2].target, Some(0));
}

#[test]
fn follows_from_and_links_in_one_trace_are_edges_both_ways_and_other_traces_know_who_links_them() {
    use std::sync::Arc;
    // a (root) → b child; c follows from b (and is placed under it: no CHILD_OF); d is a's
    // child and links to b too (an OTLP link read as FOLLOWS_FROM).
    let t = trace(vec![
        span("a", 0, 100),
        child("b", "a", 10, 20),
        with_refs(
            span("c", 40, 10),
            vec![reference("FOLLOWS_FROM", "t1", "b")],
        ),
        with_refs(
            span("d", 50, 10),
            vec![
                reference("CHILD_OF", "t1", "a"),
                reference("FOLLOWS_FROM", "t1", "b"),
            ],
        ),
    ]);
    let b = t.find_span("b").unwrap();
    let incoming = detail::incoming_references(&t, b);
    let seen: Vec<(&str, &str)> = incoming
        .iter()
        .map(|r| (r.kind.as_str(), t.span(r.from).operation.as_str()))
        .collect();
    assert_eq!(seen, [("followed by", "op-c"), ("followed by", "op-d")]);
    // a's children placed by CHILD_OF are the tree, not incoming references.
    assert!(detail::incoming_references(&t, t.find_span("a").unwrap()).is_empty());
    let d = t.find_span("d").unwrap();
    let jumps: Vec<(String, Option<SpanIdx>)> = detail::references(&t, t.span(d))
        .into_iter()
        .map(|r| (r.kind, r.target))
        .collect();
    assert_eq!(
        jumps,
        [
            ("child of".to_owned(), Some(0)),
            ("follows from".to_owned(), Some(b))
        ]
    );

    // Another loaded trace links into t1: t1 is "linked from" it, and its root is known.
    let other = traces(json!({
        "traceID": "t2",
        "spans": [{"traceID": "t2", "spanID": "e", "operationName": "consume", "startTime": 0,
            "duration": 5, "processID": "p1", "tags": [], "logs": [],
            "references": [{"refType": "FOLLOWS_FROM", "traceID": "t1", "spanID": "b"}]}],
        "processes": {"p1": {"serviceName": "svc-a", "tags": []}}
    }))
    .remove(0);
    let loaded = vec![Arc::new(t), Arc::new(other)];
    let from: Vec<(&str, SpanIdx)> = detail::linked_from(&loaded, &loaded[0].trace_id)
        .iter()
        .map(|(t, span)| (t.trace_id.as_str(), *span))
        .collect();
    assert_eq!(from, [(loaded[1].trace_id.as_str(), 0)]);
    assert!(detail::linked_from(&loaded, &loaded[1].trace_id).is_empty());
    assert_eq!(loaded[1].root_operation(), Some("consume"));
}

/// Download JSON, then open the file again: what tracedeck writes, it reads back the same.
fn reopened(t: &Trace) -> Trace {
    let json = wire::jaeger::to_json(&[t]);
    let mut again = wire::parse_any(json.as_bytes()).unwrap().traces;
    assert_eq!(again.len(), 1);
    Trace::build(again.remove(0))
}

#[test]
fn download_json_reopens_shared_ids_and_ns_times_as_the_same_tree() {
    for client_first in [true, false] {
        let t = checkout(client_first, true);
        let back = reopened(&t);
        let shape = |t: &Trace| -> Vec<(String, Option<SpanIdx>, u32, i64, i64)> {
            (t.spans.iter())
                .map(|s| {
                    (
                        s.operation.clone(),
                        s.parent,
                        s.occurrence,
                        s.start_ns,
                        s.duration_ns,
                    )
                })
                .collect()
        };
        assert_eq!(shape(&back), shape(&t));
        assert_eq!(back.duplicate_count, 0);
    }
    let t = &otlp(json!([
        {"traceId": T, "spanId": "00000000000000a1", "name": "root",
         "startTimeUnixNano": "1767225600000000001", "endTimeUnixNano": "1767225600000001250",
         "events": [{"timeUnixNano": "1767225600000000999", "name": "mid"}]},
        {"traceId": T, "spanId": "00000000000000a2", "parentSpanId": "00000000000000a1",
         "name": "whole µs", "startTimeUnixNano": "1767225600000001000", "endTimeUnixNano": "1767225600000002000"}
    ]))[0];
    let json = wire::jaeger::to_json(&[t]);
    // Jaeger's own fields hold µs (rounded down); the exact ns sit beside them only where needed.
    let doc: Value = serde_json::from_str(&json).unwrap();
    let spans = &doc["data"][0]["spans"];
    assert_eq!(spans[0]["startTime"], 1_767_225_600_000_000_i64);
    assert_eq!(spans[0]["duration"], 1);
    assert_eq!(spans[0]["startTimeNs"], 1_767_225_600_000_000_001_i64);
    assert_eq!(spans[0]["durationNs"], 1_249);
    assert_eq!(
        spans[0]["logs"][0]["timestampNs"],
        1_767_225_600_000_000_999_i64
    );
    assert!(spans[1].get("startTimeNs").is_none());
    let back = reopened(t);
    for (a, b) in back.spans.iter().zip(&t.spans) {
        assert_eq!((a.start_ns, a.duration_ns), (b.start_ns, b.duration_ns));
        assert_eq!(a.logs, b.logs);
    }
}

#[test]
fn exact_ns_that_disagree_with_jaegers_us_are_ignored() {
    // Someone edited startTime but not startTimeNs: Jaeger's field wins.
    let mut edited = span("a", 2_000, 10);
    edited["startTimeNs"] = json!(1_000_500);
    edited["durationNs"] = json!(10_400);
    let t = trace(vec![edited]);
    assert_eq!(
        (t.span(0).start_ns, t.span(0).duration_ns),
        (2_000_000, 10_400)
    );
}

#[test]
fn a_non_hex_id_holding_the_key_separator_is_still_found() {
    let t = trace(vec![span("x~2", 0, 10), span("x", 1, 5), span("x", 2, 5)]);
    assert_eq!(t.span_key(2), "x~2");
    // The split reading wins where it finds a span; the literal ID answers otherwise.
    assert_eq!(t.find_span("x~2"), Some(2));
    let t = trace(vec![span("x~2", 0, 10)]);
    assert_eq!(t.find_span("x~2"), Some(0));
}

#[test]
fn download_json_keeps_a_parent_named_by_the_deprecated_parent_span_id() {
    let mut legacy = span("b", 10, 5);
    legacy["parentSpanID"] = json!("a");
    let t = trace(vec![span("a", 0, 100), legacy]);
    assert_eq!(parent_of(&t, "b").as_deref(), Some("000000000000000a"));
    let back = reopened(&t);
    assert_eq!(parent_of(&back, "b").as_deref(), Some("000000000000000a"));
    assert_eq!(Summary::of(&back), Summary::of(&t));
}
