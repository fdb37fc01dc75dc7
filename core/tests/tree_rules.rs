//! The tree rules of the conformance README, each on a small trace of its own.

mod common;

use common::{child, child_ops, idx, parent_of, reference, span, trace, with_refs, with_tags};
use serde_json::json;
use tracedeck_core::model::{Summary, TimeProblem, TraceBuild};

#[test]
fn child_of_wins_over_an_earlier_follows_from() {
    let t = trace(vec![
        span("a", 0, 100),
        span("b", 0, 100),
        with_refs(
            span("c", 10, 5),
            vec![
                reference("FOLLOWS_FROM", "t1", "a"),
                reference("CHILD_OF", "t1", "b"),
            ],
        ),
    ]);
    assert_eq!(parent_of(&t, "c").as_deref(), Some("000000000000000b"));
}

#[test]
fn follows_from_is_the_parent_when_no_child_of_exists() {
    let t = trace(vec![
        span("a", 0, 100),
        with_refs(
            span("c", 10, 5),
            vec![
                reference("CHILD_OF", "t1", "missing"),
                reference("FOLLOWS_FROM", "t1", "a"),
            ],
        ),
    ]);
    assert_eq!(parent_of(&t, "c").as_deref(), Some("000000000000000a"));
    assert!(!t.span(idx(&t, "c")).flags.orphan);
}

#[test]
fn a_missing_ref_type_means_child_of() {
    let t = trace(vec![
        span("a", 0, 100),
        span("b", 0, 100),
        with_refs(
            span("c", 10, 5),
            vec![
                reference("FOLLOWS_FROM", "t1", "a"),
                json!({"traceID": "t1", "spanID": "b"}),
            ],
        ),
    ]);
    assert_eq!(parent_of(&t, "c").as_deref(), Some("000000000000000b"));
}

#[test]
fn references_to_other_traces_are_links_never_parents() {
    let t = trace(vec![
        span("a", 0, 100),
        with_refs(span("c", 10, 5), vec![reference("CHILD_OF", "other", "a")]),
    ]);
    assert_eq!(parent_of(&t, "c"), None);
    // Only a link: the span names no parent in its own trace, so it is a plain root.
    assert!(!t.span(idx(&t, "c")).flags.orphan);
    assert_eq!(t.roots.len(), 2);
}

#[test]
fn trace_ids_in_references_compare_canonically() {
    let t = trace(vec![
        span("a", 0, 100),
        with_refs(span("c", 10, 5), vec![reference("CHILD_OF", "00T1", "A")]),
    ]);
    // "00T1" is not hex, so it is another trace; the hex span ID "A" would have matched "a".
    assert_eq!(parent_of(&t, "c"), None);
    let mut doc_span = span("c", 10, 5);
    doc_span["traceID"] = json!("0F");
    let t = common::traces(json!({"traceID": "f", "spans": [
        {"traceID": "F", "spanID": "A", "startTime": 0, "duration": 9},
        with_refs(doc_span, vec![reference("CHILD_OF", "000f", "0a")])
    ]}))
    .remove(0);
    assert_eq!(parent_of(&t, "c").as_deref(), Some("000000000000000a"));
}

#[test]
fn the_deprecated_parent_span_id_is_used_only_without_references() {
    let mut legacy = span("c", 10, 5);
    legacy["parentSpanID"] = json!("a");
    let mut zero = span("d", 10, 5);
    zero["parentSpanID"] = json!("0000000000000000");
    let mut overruled = with_refs(span("e", 10, 5), vec![reference("CHILD_OF", "t1", "b")]);
    overruled["parentSpanID"] = json!("a");
    let t = trace(vec![
        span("a", 0, 100),
        span("b", 0, 100),
        legacy,
        zero,
        overruled,
    ]);
    assert_eq!(parent_of(&t, "c").as_deref(), Some("000000000000000a"));
    assert_eq!(parent_of(&t, "d"), None);
    assert!(!t.span(idx(&t, "d")).flags.orphan);
    assert_eq!(parent_of(&t, "e").as_deref(), Some("000000000000000b"));
}

#[test]
fn a_span_is_never_its_own_parent() {
    let t = trace(vec![child("a", "a", 0, 10)]);
    assert_eq!(parent_of(&t, "a"), None);
    assert!(t.span(0).flags.orphan);
}

#[test]
fn repeated_ids_refer_to_the_first_span_and_the_rest_are_duplicates() {
    let t = trace(vec![
        span("a", 0, 100),
        span("a", 50, 100),
        child("b", "a", 10, 5),
    ]);
    assert_eq!(t.duplicate_count, 1);
    assert!(t.spans[1].flags.duplicate);
    assert_eq!(t.span(2).parent, Some(0));
    assert_eq!(t.spans.len(), 3, "a duplicate is still a span of its own");
}

#[test]
fn a_span_whose_parent_is_missing_is_a_flagged_root() {
    let t = trace(vec![span("a", 0, 100), child("b", "nowhere", 10, 5)]);
    let b = t.span(idx(&t, "b"));
    assert!(b.flags.orphan && b.parent.is_none() && b.depth == 0);
    assert_eq!(t.orphan_count, 1);
    assert_eq!(t.roots.len(), 2);
}

#[test]
fn cycles_are_broken_at_their_first_member_in_input_order() {
    let t = trace(vec![
        child("c", "b", 30, 5),
        child("a", "c", 10, 50),
        child("b", "a", 20, 20),
        child("d", "b", 25, 1),
    ]);
    let c = t.span(idx(&t, "c"));
    assert!(c.flags.cycle_break && !c.flags.orphan && c.parent.is_none());
    assert_eq!(t.cycle_count, 1);
    assert_eq!(t.orphan_count, 0);
    assert_eq!(parent_of(&t, "a").as_deref(), Some("000000000000000c"));
    assert_eq!(t.span(idx(&t, "d")).depth, 3);
    assert_eq!(t.roots, vec![idx(&t, "c")]);
}

#[test]
fn the_root_span_is_the_earliest_trusted_root() {
    let t = trace(vec![
        child("orphan", "gone", 0, 10),
        span("late", 50, 10),
        span("early", 20, 10),
        span("tie", 20, 10),
    ]);
    assert_eq!(Summary::of(&t).root_operation.as_deref(), Some("op-early"));
    let only_orphans = trace(vec![child("x", "gone", 9, 1), child("y", "gone", 3, 1)]);
    assert_eq!(
        Summary::of(&only_orphans).root_operation.as_deref(),
        Some("op-y")
    );
}

#[test]
fn children_are_ordered_by_start_time_then_input_order() {
    let t = trace(vec![
        span("r", 0, 100),
        child("late", "r", 60, 10),
        child("early", "r", 10, 10),
        child("tie", "r", 10, 10),
    ]);
    assert_eq!(child_ops(&t, "r"), ["op-early", "op-tie", "op-late"]);
    let order: Vec<_> = t
        .preorder
        .iter()
        .map(|&i| t.span(i).operation.as_str())
        .collect();
    assert_eq!(order, ["op-r", "op-early", "op-tie", "op-late"]);
}

#[test]
fn depth_offsets_and_self_time_follow_the_tree() {
    let t = trace(vec![
        span("r", 1000, 100),
        child("a", "r", 1010, 30),
        child("b", "r", 1030, 30),
        child("deep", "a", 1015, 5),
        child("outlives", "r", 1090, 50),
    ]);
    let depth = |id| t.span(idx(&t, id)).depth;
    assert_eq!((depth("r"), depth("a"), depth("deep")), (0, 1, 2));
    assert_eq!(t.max_depth, 2);
    // r: children cover 1010..1060 and 1090..1100 (clipped to r's window): 60 µs of 100.
    assert_eq!(t.span(idx(&t, "r")).self_time_ns, 40_000);
    assert_eq!(t.span(idx(&t, "a")).self_time_ns, 25_000);
    assert_eq!(t.start_ns, 1_000_000);
    assert_eq!(
        t.duration_ns(),
        140_000,
        "a child that outlives the root still counts"
    );
}

#[test]
fn services_errors_and_counts_are_per_trace() {
    let mut on_b = span("b", 0, 1);
    on_b["processID"] = json!("p2");
    let t = trace(vec![
        with_tags(
            span("a", 0, 10),
            json!([{"key": "error", "type": "bool", "value": true}]),
        ),
        on_b,
        span("c", 0, 1),
    ]);
    let services: Vec<_> = t
        .services
        .iter()
        .map(|s| (s.name.as_str(), s.span_count, s.error_count))
        .collect();
    assert_eq!(services, [("svc-a", 2, 1), ("svc-b", 1, 0)]);
    assert_eq!(t.error_count, 1);
}

#[test]
fn a_trace_without_spans_summarises_to_zeros() {
    let t = trace(vec![]);
    let s = Summary::of(&t);
    assert_eq!(
        (s.spans, s.roots, s.max_depth, s.duration_us, s.errors),
        (0, 0, 0, 0, 0)
    );
    assert_eq!(s.root_operation, None);
    assert!(s.services.is_empty());
}

#[test]
fn negative_durations_are_zero_and_named_as_an_end_before_the_start() {
    let t = trace(vec![span("a", 100, -50)]);
    assert_eq!(t.spans[0].duration_ns, 0);
    assert_eq!(
        t.spans[0].time_problems,
        [TimeProblem::EndBeforeStart { by_ns: 50_000 }]
    );
    assert_eq!(t.duration_ns(), 0);
}

#[test]
fn a_50000_deep_chain_builds_without_overflowing_the_stack() {
    let mut spans = vec![span("1", 0, 100_000)];
    for i in 2..=50_000i64 {
        spans.push(child(
            &format!("{i:x}"),
            &format!("{:x}", i - 1),
            i,
            100_000 - i,
        ));
    }
    let t = trace(spans);
    assert_eq!(t.max_depth, 49_999);
    assert_eq!(t.roots.len(), 1);
    assert_eq!(t.preorder.len(), 50_000);
}

#[test]
fn a_30000_wide_fan_out_builds() {
    let mut spans = vec![span("root", 0, 100_000)];
    spans.extend((0..30_000i64).map(|i| child(&format!("c{i}"), "root", 30_000 - i, 1)));
    let t = trace(spans);
    assert_eq!(t.children(0).len(), 30_000);
    assert_eq!(t.max_depth, 1);
    assert_eq!(t.span(t.children(0)[0]).start_ns, 1_000);
}

#[test]
fn a_trace_built_in_steps_takes_three_and_is_the_trace_built_at_once() {
    let doc = json!({"data": [{"traceID": "t1", "spans": [
        span("a", 0, 100),
        child("b", "a", 10, 20),
        child("c", "missing", 5, 5),
    ], "processes": {"p1": {"serviceName": "svc"}}}]});
    let record = || {
        tracedeck_core::wire::jaeger::parse(&serde_json::to_vec(&doc).unwrap())
            .unwrap()
            .traces
            .remove(0)
    };
    let mut build = TraceBuild::new(record());
    assert!(build.step().is_none() && build.step().is_none());
    let trace = build.step().expect("the third step gives the trace");
    assert!(build.step().is_none(), "nothing after the last step");
    // Every rule applied: parents found, the orphan marked, the root chosen, the times summed.
    assert_eq!((trace.spans.len(), trace.orphan_count), (3, 1));
    assert_eq!(parent_of(&trace, "b").as_deref(), Some("000000000000000a"));
    assert_eq!(trace.root_operation(), Some("op-a"));
    assert_eq!(child_ops(&trace, "a"), ["op-b"]);
    assert_eq!(trace.duration_ns(), 100_000);
}

#[test]
fn a_big_trace_reads_its_spans_a_chunk_a_step() {
    use tracedeck_core::model::trace::READ_PER_STEP;
    use tracedeck_core::model::{SpanRecord, TraceRecord};
    // One span more than a step reads: two steps of reading, then parents, then the rest.
    let spans = (0..=READ_PER_STEP)
        .map(|n| SpanRecord {
            span_id: format!("{:x}", n + 1),
            operation: format!("op {n}"),
            start_ns: Some(1_000 + n as i64),
            duration_ns: Some(10),
            ..SpanRecord::default()
        })
        .collect();
    let record = TraceRecord {
        trace_id: "abc".into(),
        spans,
        ..TraceRecord::default()
    };
    let mut build = TraceBuild::new(record);
    let steps = std::iter::from_fn(|| Some(build.step()))
        .position(|built| built.is_some())
        .expect("it ends");
    assert_eq!(steps + 1, 4);
    let mut build = TraceBuild::new(TraceRecord {
        trace_id: "abc".into(),
        ..TraceRecord::default()
    });
    let empty = std::iter::from_fn(|| Some(build.step()))
        .find_map(|built| built)
        .expect("a trace without spans is built too");
    assert!(empty.spans.is_empty() && empty.root_span.is_none());
}
