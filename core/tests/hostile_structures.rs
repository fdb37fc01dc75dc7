//! Structures a broken or hostile exporter can send: the model and view model take them all
//! without a panic, and every bar stays finite.

mod common;

use std::collections::HashSet;

use common::{child, reference, span, trace, with_refs};
use serde_json::json;
use tracedeck_core::model::{Summary, Trace};
use tracedeck_core::view::critical_path::critical_path;
use tracedeck_core::view::tree::{bar, parents, visible_rows};

/// Builds, walks, collapses and lays out a trace; returns it for further checks.
fn exercise(t: Trace) -> Trace {
    let _ = Summary::of(&t);
    let on_path: i64 = critical_path(&t)
        .iter()
        .map(|s| s.end_ns - s.start_ns)
        .sum();
    let root = t.root_span.map_or(0, |r| t.span(r).duration_ns);
    assert!(
        on_path <= root,
        "the critical path lies within the root span"
    );
    assert_eq!(visible_rows(&t, &HashSet::new()).len(), t.spans.len());
    assert_eq!(visible_rows(&t, &parents(&t)).len(), t.roots.len());
    for i in 0..t.spans.len() as u32 {
        let b = bar(&t, i);
        assert!(b.left_pct.is_finite() && b.width_pct.is_finite(), "{b:?}");
    }
    t
}

#[test]
fn zero_and_one_span() {
    exercise(trace(vec![]));
    let one = exercise(trace(vec![span("a", 5, 0)]));
    assert_eq!(one.duration_ns(), 0);
}

#[test]
fn two_hundred_thousand_spans() {
    let mut spans = vec![span("root", 0, 1_000_000)];
    spans.extend((1..200_000).map(|i| child(&format!("{i:x}"), &format!("{:x}", i / 7), i, 10)));
    let t = exercise(trace(spans));
    assert_eq!(t.spans.len(), 200_000);
}

#[test]
fn a_hundred_thousand_deep_chain() {
    let mut spans = vec![span("1", 0, 100_000)];
    spans.extend((2..=100_000i64).map(|i| child(&format!("{i:x}"), &format!("{:x}", i - 1), i, 1)));
    let t = exercise(trace(spans));
    assert_eq!(t.max_depth, 99_999);
}

#[test]
fn every_span_an_orphan() {
    let t = exercise(trace(
        (0..100)
            .map(|i| child(&format!("{i:x}"), "gone", i, 1))
            .collect(),
    ));
    assert_eq!(t.orphan_count, 100);
    assert!(t.root_span.is_some());
}

#[test]
fn all_spans_sharing_one_id() {
    let t = exercise(trace((0..100).map(|i| child("a", "a", i, 1)).collect()));
    assert_eq!(t.duplicate_count, 99);
}

#[test]
fn long_reference_cycles() {
    let n = 10_000;
    let spans = (0..n)
        .map(|i| child(&format!("{i:x}"), &format!("{:x}", (i + 1) % n), i, 1))
        .collect();
    let t = exercise(trace(spans));
    assert_eq!(t.cycle_count, 1);
    assert_eq!(t.max_depth as i64, n - 1);
}

#[test]
fn negative_zero_far_future_and_epoch_times() {
    let t = exercise(trace(vec![
        span("a", 0, -10),
        span("b", i64::MAX - 5, 100),
        span("c", 4_102_444_800_000_000, 0),
        span("d", -1_000, i64::MAX),
    ]));
    assert!(t.spans.iter().all(|s| s.duration_ns >= 0));
}

#[test]
fn unknown_ref_types_and_numbers_where_strings_belong() {
    let odd = with_refs(
        span("b", 1, 1),
        vec![reference("SOMETHING_ELSE", "t1", "a")],
    );
    let t = exercise(trace(vec![span("a", 0, 10), odd]));
    assert_eq!(t.span(1).parent, Some(0));
    let numeric = common::traces(json!({"traceID": 7, "spans": [
        {"traceID": 7, "spanID": 8, "operationName": 9, "startTime": "10", "duration": 1.5,
         "references": [{"refType": 1, "traceID": 7, "spanID": 8}], "tags": [{"key": 1, "value": 2}]}
    ]}));
    exercise(numeric.into_iter().next().unwrap());
}
