//! The critical path on hand-made traces whose answers were worked out by hand.

mod common;

use common::{child, idx, reference, span, trace, with_refs};
use tracedeck_core::model::Trace;
use tracedeck_core::view::critical_path::critical_path;

/// (span id, start µs, end µs) of each segment, latest first: the fixtures are in Jaeger's µs.
fn path(t: &Trace) -> Vec<(String, i64, i64)> {
    critical_path(t)
        .into_iter()
        .map(|s| {
            (
                t.span(s.span).span_id.trim_start_matches('0').to_owned(),
                s.start_ns / 1_000,
                s.end_ns / 1_000,
            )
        })
        .collect()
}

fn seg(id: &str, start: i64, end: i64) -> (String, i64, i64) {
    (id.to_owned(), start, end)
}

#[test]
fn sequential_children_are_all_on_the_path() {
    // r 0..100; a 10..40; b 50..90.
    let t = trace(vec![
        span("r", 0, 100),
        child("a", "r", 10, 30),
        child("b", "r", 50, 40),
    ]);
    assert_eq!(
        path(&t),
        [
            seg("r", 90, 100),
            seg("b", 50, 90),
            seg("r", 40, 50),
            seg("a", 10, 40),
            seg("r", 0, 10)
        ]
    );
}

#[test]
fn of_overlapping_children_the_last_to_finish_blocks() {
    // r 0..100; a 10..80; b 20..60 finishes inside a: not on the path.
    let t = trace(vec![
        span("r", 0, 100),
        child("a", "r", 10, 70),
        child("b", "r", 20, 40),
    ]);
    assert_eq!(
        path(&t),
        [seg("r", 80, 100), seg("a", 10, 80), seg("r", 0, 10)]
    );
}

#[test]
fn a_child_that_outlives_its_parent_is_clipped_to_it() {
    // r 0..100; a 60..150 is clipped to 60..100; its child c 120..140 falls outside: dropped.
    let t = trace(vec![
        span("r", 0, 100),
        child("a", "r", 60, 90),
        child("c", "a", 120, 20),
    ]);
    assert_eq!(path(&t), [seg("a", 60, 100), seg("r", 0, 60)]);
}

#[test]
fn async_follow_ups_do_not_block() {
    // r 0..100; p (producer) 10..20; the consumer follows from p, 30..95, and must not count.
    let consumer = with_refs(
        span("k", 30, 65),
        vec![reference("FOLLOWS_FROM", "t1", "p")],
    );
    let t = trace(vec![span("r", 0, 100), child("p", "r", 10, 10), consumer]);
    assert_eq!(
        path(&t),
        [seg("r", 20, 100), seg("p", 10, 20), seg("r", 0, 10)]
    );
    assert_eq!(t.span(idx(&t, "k")).parent, Some(idx(&t, "p")));
}

#[test]
fn nested_work_is_followed_down_and_back_up() {
    // r 0..100 > a 0..60 > a1 5..30, a2 35..55; r > b 65..95.
    let t = trace(vec![
        span("r", 0, 100),
        child("a", "r", 0, 60),
        child("a1", "a", 5, 25),
        child("a2", "a", 35, 20),
        child("b", "r", 65, 30),
    ]);
    assert_eq!(
        path(&t),
        [
            seg("r", 95, 100),
            seg("b", 65, 95),
            seg("r", 60, 65),
            seg("a", 55, 60),
            seg("a2", 35, 55),
            seg("a", 30, 35),
            seg("a1", 5, 30),
            seg("a", 0, 5),
        ]
    );
}

#[test]
fn the_path_covers_the_root_exactly_once() {
    let t = trace(vec![
        span("r", 0, 1000),
        child("a", "r", 0, 300),
        child("b", "r", 200, 500),
        child("c", "b", 250, 100),
        child("d", "b", 400, 0),
        child("e", "r", 650, 300),
    ]);
    let segments = critical_path(&t);
    let total: i64 = segments.iter().map(|s| s.end_ns - s.start_ns).sum();
    assert_eq!(total, 1_000_000, "ns");
    assert!(segments.windows(2).all(|w| w[1].end_ns <= w[0].start_ns));
    assert!(critical_path(&trace(vec![])).is_empty());
}

#[test]
fn the_server_side_of_a_shared_span_id_blocks_its_client() {
    // r 0..100 calls: client c 10..90 and server s 20..80 share ID `c` (Zipkin), s names r.
    let kind = |mut s: serde_json::Value, k: &str| {
        s["tags"] = serde_json::json!([{"key": "span.kind", "type": "string", "value": k}]);
        s
    };
    let mut server = kind(child("c", "r", 20, 60), "server");
    server["processID"] = serde_json::json!("p2");
    let t = trace(vec![
        span("r", 0, 100),
        kind(child("c", "r", 10, 80), "client"),
        server,
    ]);
    assert_eq!(t.span(2).parent, Some(1));
    let path: Vec<(usize, i64, i64)> = critical_path(&t)
        .into_iter()
        .map(|s| (s.span as usize, s.start_ns / 1_000, s.end_ns / 1_000))
        .collect();
    assert_eq!(
        path,
        [
            (0, 90, 100),
            (1, 80, 90),
            (2, 20, 80),
            (1, 10, 20),
            (0, 0, 10)
        ]
    );
}
