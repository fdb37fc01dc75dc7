//! Reading a Jaeger answer while it arrives (`jaeger::AnswerStream`) gives what reading it whole
//! gives (`jaeger::parse_unseen`), whatever the sizes of the pieces, for every shape and for the
//! conformance payloads; a trace another answer brought is left out and its bytes are not kept.

use std::collections::HashSet;
use std::path::Path;

use serde_json::json;
use tracedeck_core::wire::jaeger::{self, AnswerStream};
use tracedeck_core::wire::{Document, ParseError};

mod common;

/// Feeds `bytes` to `stream` in pieces of `size` bytes and finishes; `seen` gains what it claims.
fn feed_all(
    mut stream: AnswerStream,
    bytes: &[u8],
    size: usize,
    seen: &mut HashSet<String>,
) -> Result<Document, ParseError> {
    for piece in bytes.chunks(size.max(1)) {
        stream.feed(piece, seen)?;
    }
    stream.finish(seen)
}

/// Feeds `bytes` to a new stream in pieces of `size` bytes and finishes.
fn streamed(bytes: &[u8], size: usize, seen: &HashSet<String>) -> Result<Document, ParseError> {
    feed_all(AnswerStream::new(), bytes, size, &mut seen.clone())
}

/// The stream agrees with the whole reader for every piece size: the same document, or both
/// refuse.
fn agrees(text: &str, seen: &HashSet<String>) {
    let whole = jaeger::parse_unseen(text.as_bytes(), seen);
    for size in [1, 2, 3, 7, 64, 1000, text.len()] {
        let piecewise = streamed(text.as_bytes(), size, seen);
        match (&whole, &piecewise) {
            (Ok(whole), Ok(piecewise)) => {
                assert_eq!(whole, piecewise, "{size}-byte pieces of {text}")
            }
            (Err(_), Err(_)) => {}
            _ => panic!("{size}-byte pieces of {text}: whole {whole:?}, streamed {piecewise:?}"),
        }
    }
}

fn answer_of(traces: serde_json::Value) -> String {
    json!({"data": traces, "total": 0, "limit": 0, "offset": 0, "errors": null}).to_string()
}

/// An answer with two one-span traces, `a` and `b`.
fn answer_of_a_and_b() -> String {
    answer_of(json!([
        {"traceID": "a", "spans": [common::span("1", 10, 5)], "processes": {}},
        {"traceID": "b", "spans": [common::span("1", 20, 5)], "processes": {}},
    ]))
}

#[test]
fn every_shape_reads_as_it_does_whole() {
    let tricky_span = json!({
        "traceID": "a", "spanID": "2", "operationName": "op \"quoted\" \\ {not a brace} [nor this] , é 😀",
        "references": [{"refType": "CHILD_OF", "traceID": "a", "spanID": "1"}],
        "startTime": 10, "duration": 5,
        "tags": [{"key": "nested", "type": "string", "value": {"a": [1, {"b": "}"}]}},
                 {"key": "n", "type": "int64", "value": "42"}, {"key": "f", "type": "float64", "value": 1.5}],
        "logs": [{"timestamp": 11, "fields": [{"key": "event", "value": "x"}]}],
        "processID": "p1", "warnings": ["w"]
    });
    let answers = [
        answer_of(json!([
            {"traceID": "a", "spans": [common::span("1", 10, 5), tricky_span], "processes": {"p1": {"serviceName": "api"}}, "warnings": ["clock skew"]},
            {"traceID": "b", "spans": [common::span("1", 20, 5)], "processes": {}},
        ])),
        // Pretty-printed, as a proxy might re-indent it.
        serde_json::to_string_pretty(&json!({"data": [{"traceID": "c", "spans": [common::span("1", 1, 1)], "processes": null}]})).unwrap(),
        // Another writer's key order: the ID after the spans, processes first.
        r#"{"data":[{"processes":{"p1":{"serviceName":"s"}},"spans":[{"spanID":"1","startTime":1,"duration":2,"processID":"p1"}],"traceID":"d"}],"errors":[{"code":1,"msg":"partial"}]}"#.into(),
        r#"{"data":[],"errors":[{"code":500,"msg":"boom"}]}"#.into(),
        r#"{"data":[{"traceID":"e","spans":null}]}"#.into(),
        r#"{"data":[{"traceID":7,"spans":[],"extra":{"x":[1,2]}}]}"#.into(),
        r#"{"data": null, "errors": [{"code": 500, "msg": "boom"}]}"#.into(),
        r#"{"total": 1, "data": [{"traceID": "f", "spans": []}]}"#.into(),
        json!({"traceID": "g", "spans": [common::span("1", 1, 1)], "processes": {}}).to_string(),
        json!([common::span("1", 1, 1)]).to_string(),
        // What does not read: cut short, a key twice, brackets that do not pair, not JSON at all.
        r#"{"data": [{"traceID": "a", "spans": [}]}"#.into(),
        r#"{"data": [{"traceID": "a", "spans": [], "traceID": "b"}]}"#.into(),
        r#"{"data":[{"traceID":"a","spans":[{"spanID":"1"}"#.into(),
        r#"{"data":[1]}"#.into(),
        r#"{"data":[{"traceID":"h","spans":[{"spanID":"1","startTime":tru}]}]}"#.into(),
        // Commas only between items, JSON's white space only, `data` spelled as it is.
        r#"{"data":[,{"traceID":"i","spans":[]}]}"#.into(),
        r#"{"data":[{"traceID":"i","spans":[]},,{"traceID":"j","spans":[]}]}"#.into(),
        r#"{"data":[{"traceID":"i","spans":[]}{"traceID":"j","spans":[]}]}"#.into(),
        r#"{"data":[{"traceID":"i" "spans":[]}]}"#.into(),
        r#"{"data":[{"traceID":"i","spans":[{"spanID":"1"},]}]}"#.into(),
        r#"{"data":[{"traceID":"i","spans":[{"spanID":"1"}{"spanID":"2"}]}]}"#.into(),
        r#"{"data":[{"traceID":"i","spans":[],}]}"#.into(),
        r#"{"data":[{"traceID":"i","spans":[]},]}"#.into(),
        "{\"data\":[\u{c}{\"traceID\":\"i\",\"spans\":[]}]}".into(),
        r#"{"da ta":[{"traceID":"i","spans":[]}]}"#.into(),
        r#"{ "data" : [ { "traceID" : "i" , "spans" : [ ] } ] }"#.into(),
        r#"{"hello": "world"}"#.into(),
        "[1, 2]".into(),
        "   ".into(),
        String::new(),
        "<html>bad gateway</html>".into(),
    ];
    let none = HashSet::new();
    let some: HashSet<String> = ["a", "d"].map(str::to_owned).into();
    for text in &answers {
        agrees(text, &none);
        agrees(text, &some);
    }
    // A left-out trace is checked for its brackets only: a bad literal in it fails nothing
    // (the whole reader checks it all), as its spans are never read.
    let bad_literal = answers.iter().find(|t| t.contains("tru}")).unwrap();
    let seen_h: HashSet<String> = ["h".to_owned()].into();
    assert_eq!(
        streamed(bad_literal.as_bytes(), 5, &seen_h)
            .unwrap()
            .left_out,
        1
    );
}

#[test]
fn the_conformance_payloads_read_as_they_do_whole() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance/jaeger");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        assert!(
            std::env::var_os("TRACEDECK_SKIP_CONFORMANCE").is_some(),
            "{} is missing: the conformance corpus sits beside the repository",
            dir.display()
        );
        eprintln!(
            "SKIPPED (TRACEDECK_SKIP_CONFORMANCE=1): the stream against {}",
            dir.display()
        );
        return;
    };
    let mut read = 0;
    for entry in entries {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for size in [5, 4096] {
            let whole = jaeger::parse_unseen(text.as_bytes(), &HashSet::new());
            let piecewise = streamed(text.as_bytes(), size, &HashSet::new());
            assert_eq!(whole.is_ok(), piecewise.is_ok());
            if let (Ok(whole), Ok(piecewise)) = (whole, piecewise) {
                assert_eq!(whole, piecewise);
                read += whole.traces.len();
            }
        }
    }
    assert!(read > 20, "only {read} traces read from {}", dir.display());
}

#[test]
fn a_trace_read_by_one_answer_is_left_out_of_the_next_as_it_arrives() {
    let text = answer_of_a_and_b();
    let mut seen = HashSet::new();
    let mut first = AnswerStream::new();
    first.feed(text.as_bytes(), &mut seen).unwrap();
    assert_eq!(seen, ["a", "b"].map(str::to_owned).into());
    assert_eq!(first.finish(&seen).unwrap().traces.len(), 2);
    let again = streamed(text.as_bytes(), 9, &seen).unwrap();
    assert!(again.traces.is_empty());
    assert_eq!(again.left_out, 2);
}

#[test]
fn a_left_out_trace_is_not_kept_while_it_passes() {
    let spans: Vec<_> = (1..=2_000)
        .map(|i| common::span(&i.to_string(), i, 1))
        .collect();
    let text = answer_of(json!([{"traceID": "big", "spans": spans, "processes": {}}]));
    assert!(text.len() > 200_000);
    let seen: HashSet<String> = ["big".to_owned()].into();
    let mut stream = AnswerStream::new();
    let mut most = 0;
    for piece in text.as_bytes().chunks(4096) {
        stream.feed(piece, &mut seen.clone()).unwrap();
        most = most.max(stream.held_bytes());
    }
    assert!(most <= 8192, "held {most} bytes of a trace being left out");
    assert_eq!(stream.finish(&seen).unwrap().left_out, 1);
}

#[test]
fn a_trace_held_already_is_not_read_again_while_its_span_count_stays() {
    let spans = |n: i64| {
        (1..=n)
            .map(|i| common::span(&i.to_string(), i, 1))
            .collect::<Vec<_>>()
    };
    let text = answer_of(json!([
        {"traceID": "00000000000000000000000000000AAA", "spans": spans(3), "processes": {}},
        {"traceID": "bbb", "spans": spans(2), "processes": {}},
        {"traceID": "ccc", "spans": spans(1), "processes": {}},
        // Another writer's order: the spans before the ID.
        {"spans": spans(2), "traceID": "ddd", "processes": {}},
    ]));
    // Held (by canonical ID, as the viewer holds traces): AAA with 3 spans, bbb with 1 (it grew
    // to 2), ddd with 2.
    let held: std::collections::HashMap<String, usize> = [
        ("00000000000000000000000000000aaa", 3),
        ("0000000000000bbb", 1),
        ("0000000000000ddd", 2),
    ]
    .map(|(id, n)| (id.to_owned(), n))
    .into();
    let held = std::sync::Arc::new(held);
    for size in [1, 13, text.len()] {
        let mut seen = HashSet::new();
        let document = feed_all(
            AnswerStream::holding(held.clone()),
            text.as_bytes(),
            size,
            &mut seen,
        )
        .unwrap();
        let read: Vec<&str> = document
            .traces
            .iter()
            .map(|t| t.trace_id.as_str())
            .collect();
        assert_eq!(read, ["ccc"], "{size}-byte pieces");
        assert_eq!(
            document.unchanged,
            ["00000000000000000000000000000aaa", "0000000000000ddd"]
        );
        assert_eq!(document.changed, ["bbb"]);
        // Held or read, each counts toward a full page, and other answers leave it out.
        assert_eq!(document.left_out, 3);
        assert_eq!(seen.len(), 4);
    }
}

/// The reader the app uses (`backend::AnswerReader`): an answer that does not read gives the
/// message the whole body gives, and the traces an answer claimed but never delivered are found.
#[test]
fn an_answer_that_does_not_read_is_named_as_the_whole_reader_names_it() {
    use std::collections::HashMap;
    use std::sync::Arc;
    use tracedeck_core::backend::{AnswerReader, Flavour, traces_of_unseen};
    let url = "http://jaeger/api/traces?service=a";
    for body in [
        "<html>login</html>",
        "",
        r#"{"data":[{"traceID":"a","spans":[{"spanID":"1"},,]}]}"#,
        r#"{"data": null, "errors": [{"code": 500, "msg": "boom"}]}"#,
    ] {
        let mut reader = AnswerReader::new(&Flavour::JaegerV1, Arc::new(HashMap::new()));
        let mut seen = HashSet::new();
        for piece in body.as_bytes().chunks(7) {
            reader.feed(piece, &mut seen);
        }
        let read = reader.finish(&Flavour::JaegerV1, url, &mut seen, || {
            body.as_bytes().to_vec()
        });
        let whole = traces_of_unseen(&Flavour::JaegerV1, url, body.as_bytes(), &HashSet::new());
        assert_eq!(
            read.map(|a| a.traces),
            whole.map(|(traces, _)| traces),
            "{body}"
        );
    }
}

#[test]
fn a_trace_claimed_by_an_answer_that_failed_is_named_lost() {
    use tracedeck_core::backend::{Answered, lost_traces};
    let text = answer_of_a_and_b();
    let mut seen = HashSet::new();
    // One answer claims a and b, then its connection breaks before it ends.
    let mut cut = AnswerStream::new();
    cut.feed(&text.as_bytes()[..text.len() - 40], &mut seen)
        .unwrap();
    assert_eq!(cut.claimed(), ["a", "b"]);
    // Another answer, complete, brought c and left out a and b as seen.
    let other = Answered {
        traces: streamed(
            answer_of(json!([{"traceID": "c", "spans": [], "processes": {}}])).as_bytes(),
            64,
            &HashSet::new(),
        )
        .unwrap()
        .traces,
        count: 3,
        ..Answered::default()
    };
    seen.insert("c".into());
    assert_eq!(lost_traces(&seen, &[&other]), ["a", "b"]);
}

#[test]
fn half_an_emoji_in_a_span_costs_that_span_only_its_character_while_streaming() {
    let answer = br#"{"data":[{"traceID":"1","spans":[
        {"traceID":"1","spanID":"1","operationName":"ok","processID":"p"},
        {"traceID":"1","spanID":"2","operationName":"cut \ud83d","processID":"p",
         "tags":[{"key":"llm.output","type":"string","value":"\ude00 rest"}]}],
        "processes":{"p":{"serviceName":"svc"}}}]}"#;
    for size in [1, 7, 64, answer.len()] {
        let document = streamed(answer, size, &HashSet::new()).expect("streams to its end");
        let spans = &document.traces[0].spans;
        assert!(spans[0].warnings.is_empty());
        assert_eq!(spans[1].operation, "cut \u{FFFD}");
        assert_eq!(spans[1].warnings.len(), 2, "{:?}", spans[1].warnings);
        assert!(spans[1].warnings[1].contains("tag `llm.output`"));
    }
    // U+FFFD of the data's own beside it: nothing is blamed on a field, the whole says it.
    let own = br#"{"data":[{"traceID":"1","spans":[{"traceID":"1","spanID":"2","operationName":"\ufffd \ud83d","processID":"p"}],"processes":{"p":{"serviceName":"svc"}}}]}"#;
    let document = tracedeck_core::wire::jaeger::parse(own).expect("reads");
    assert!(document.traces[0].spans[0].warnings.is_empty());
    assert_eq!(
        document.traces[0].warnings,
        ["1 broken character (a lone UTF-16 surrogate escape) read as \u{FFFD} in this answer."]
    );
}

#[test]
fn traces_taken_while_the_answer_arrives_and_the_rest_at_its_end_are_the_whole_answer() {
    let text = answer_of_a_and_b();
    let whole = jaeger::parse_unseen(text.as_bytes(), &HashSet::new()).unwrap();
    for size in [1, 5, 64, text.len()] {
        let mut stream = AnswerStream::new();
        let mut seen = HashSet::new();
        let mut taken = Vec::new();
        // When each trace was handed out: the first before the second had arrived.
        let mut first_at = None;
        for (at, piece) in text.as_bytes().chunks(size).enumerate() {
            stream.feed(piece, &mut seen).unwrap();
            taken.extend(stream.take_read());
            if !taken.is_empty() {
                first_at.get_or_insert(at * size);
            }
        }
        let rest = stream.finish(&seen).unwrap();
        assert!(
            rest.traces.is_empty(),
            "{size}-byte pieces: all taken already"
        );
        assert!(rest.backend_errors.is_empty());
        taken.extend(rest.traces);
        assert_eq!(taken, whole.traces, "{size}-byte pieces");
        if size < text.len() {
            // b's last member: b is whole only after it.
            let b_ends = text.find(r#""traceID":"b""#).unwrap();
            assert!(
                first_at.unwrap() < b_ends,
                "{size}-byte pieces: a shown before b came"
            );
        }
    }
}

#[test]
fn an_answer_whose_traces_were_all_taken_still_answers_beside_its_errors() {
    let text = json!({
        "data": [{"traceID": "a", "spans": [common::span("1", 10, 5)], "processes": {}}],
        "errors": [{"code": 500, "msg": "one shard timed out"}],
    })
    .to_string();
    let mut stream = AnswerStream::new();
    let mut seen = HashSet::new();
    let split = text.find(r#","errors""#).unwrap();
    stream.feed(&text.as_bytes()[..split], &mut seen).unwrap();
    assert_eq!(stream.take_read().len(), 1);
    stream.feed(&text.as_bytes()[split..], &mut seen).unwrap();
    let rest = stream.finish(&seen).unwrap();
    assert!(rest.traces.is_empty());
    assert_eq!(rest.backend_errors, ["one shard timed out (code 500)"]);
}

#[test]
fn a_spans_copies_of_its_traces_id_are_not_kept() {
    let text = json!({"data": [{
        "traceID": "0af7651916cd43dd8448eb211c80319c",
        "spans": [{
            "traceID": "0af7651916cd43dd8448eb211c80319c", "spanID": "00f067aa0ba902b7",
            "operationName": "GET /", "startTime": 1, "duration": 2, "processID": "p1",
            "references": [
                {"refType": "CHILD_OF", "traceID": "0af7651916cd43dd8448eb211c80319c", "spanID": "00000000000000aa"},
                {"refType": "FOLLOWS_FROM", "traceID": "4bf92f3577b34da6a3ce929d0e0e4736", "spanID": "00000000000000bb"}
            ]
        }],
        "processes": {"p1": {"serviceName": "api"}}
    }]})
    .to_string();
    agrees(&text, &HashSet::new());
    let document = streamed(text.as_bytes(), 7, &HashSet::new()).unwrap();
    let span = &document.traces[0].spans[0];
    // Empty: the trace's own; another trace's ID is kept.
    assert_eq!(span.trace_id, "");
    let traces: Vec<&str> = span
        .references
        .iter()
        .map(|r| r.trace_id.as_str())
        .collect();
    assert_eq!(traces, ["", "4bf92f3577b34da6a3ce929d0e0e4736"]);
    // Built, the trace is as it was: the parent found, the link into the other trace kept.
    let trace = tracedeck_core::model::Trace::build(document.traces[0].clone());
    assert_eq!(trace.trace_id, "0af7651916cd43dd8448eb211c80319c");
    let built: Vec<&str> = trace.spans[0]
        .references
        .iter()
        .map(|r| r.trace_id.as_str())
        .collect();
    assert_eq!(built, ["", "4bf92f3577b34da6a3ce929d0e0e4736"]);
}
