//! The trace's events in one list: time order across spans, names, exceptions apart, filtering.

mod common;

use common::{child, span, trace};
use serde_json::{Value, json};
use tracedeck_core::view::events::{events_count_text, filter_events, trace_events};

fn log(at: i64, fields: Value) -> Value {
    json!({"timestamp": at, "fields": fields})
}

fn kv(key: &str, value: &str) -> Value {
    json!({"key": key, "type": "string", "value": value})
}

#[test]
fn events_of_every_span_come_in_time_order_with_their_names_and_exceptions_apart() {
    let mut root = span("1", 1_000, 100);
    root["logs"] = json!([
        log(1_050, json!([kv("event", "done")])),
        log(1_010, json!([kv("message", "started"), kv("user", "ann")])),
    ]);
    let mut db = child("2", "1", 1_020, 30);
    db["processID"] = json!("p2");
    db["logs"] = json!([
        log(
            1_030,
            json!([
                kv("event", "exception"),
                kv("exception.type", "ValueError"),
                kv("exception.message", "bad id"),
                kv("exception.stacktrace", "at line 3"),
                kv("retry", "no")
            ])
        ),
        log(1_050, json!([kv("rows", "3")])),
    ]);
    let t = trace(vec![root, db]);
    let events = trace_events(&t);
    let seen: Vec<(i64, &str, &str)> = events
        .iter()
        .map(|e| {
            (
                e.offset_ns / 1_000,
                t.span(e.span).operation.as_str(),
                e.name.as_str(),
            )
        })
        .collect();
    // µs after the trace's start; at 50 µs the root (earlier in the tree) comes first.
    assert_eq!(
        seen,
        [
            (10, "op-1", "started"),
            (30, "op-2", "exception"),
            (50, "op-1", "done"),
            (50, "op-2", "log")
        ]
    );
    // The name's field is not repeated; the exception's fields are formatted apart.
    let keys = |i: usize| {
        events[i]
            .fields
            .iter()
            .map(|f| f.key.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(0), ["user"]);
    assert_eq!(keys(1), ["retry"]);
    let exception = events[1].exception.as_ref().expect("an exception");
    assert_eq!(exception.headline(), "ValueError: bad id");
    assert_eq!(exception.stacktrace.as_deref(), Some("at line 3"));

    // Every word must match somewhere: name, operation, service, field or exception.
    let names = |text: &str| {
        filter_events(&t, &events, text)
            .iter()
            .map(|e| e.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names("valueerror"), ["exception"]);
    assert_eq!(names("svc-b"), ["exception", "log"]);
    assert_eq!(names("ANN op-1"), ["started"]);
    assert_eq!(names("line 3"), ["exception"]);
    assert_eq!(names("  "), ["started", "exception", "done", "log"]);
    assert!(names("nothing-like-this").is_empty());
}

#[test]
fn a_trace_without_events_lists_none() {
    let t = trace(vec![span("1", 0, 10)]);
    assert!(trace_events(&t).is_empty());
}

#[test]
fn the_count_says_how_many_were_found_and_listed() {
    assert_eq!(events_count_text(1, 1, false, 500), "1 event");
    assert_eq!(events_count_text(12, 3, true, 500), "3 of 12 events");
    assert_eq!(
        events_count_text(2_000, 2_000, false, 500),
        "2,000 events: the first 500 shown; the filter finds the rest"
    );
    assert_eq!(
        events_count_text(2_000, 900, true, 500),
        "900 of 2,000 events: the first 500 shown; narrow the filter"
    );
}
