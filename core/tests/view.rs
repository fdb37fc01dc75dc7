//! The view model: visible rows, bar geometry, the merged list and what a row and a detail show.

mod common;

use std::collections::HashSet;
use std::sync::Arc;

use common::{child, idx, span, trace, with_tags};
use serde_json::json;
use tracedeck_core::model::Trace;
use tracedeck_core::view::detail::{ordered_tags, status_text};
use tracedeck_core::view::trace_list::{TraceRow, merge_newest_first, short_id};
use tracedeck_core::view::tree::{LabelSide, bar, parents, visible_rows};
use tracedeck_core::view::zoom::Zoom;

fn sample() -> Trace {
    trace(vec![
        span("r", 1_000, 1_000),
        child("a", "r", 1_000, 400),
        child("a1", "a", 1_100, 100),
        child("a2", "a", 1_200, 100),
        child("b", "r", 1_500, 500),
        child("b1", "b", 1_600, 10),
    ])
}

fn ops(t: &Trace, rows: &[u32]) -> Vec<String> {
    rows.iter()
        .map(|&i| t.span(i).operation.replace("op-", ""))
        .collect()
}

#[test]
fn collapsing_hides_exactly_the_descendants() {
    let t = sample();
    assert_eq!(
        ops(&t, &visible_rows(&t, &HashSet::new())),
        ["r", "a", "a1", "a2", "b", "b1"]
    );
    let collapsed: HashSet<u32> = [idx(&t, "a")].into();
    assert_eq!(
        ops(&t, &visible_rows(&t, &collapsed)),
        ["r", "a", "b", "b1"]
    );
    let collapsed: HashSet<u32> = [idx(&t, "a"), idx(&t, "r")].into();
    assert_eq!(ops(&t, &visible_rows(&t, &collapsed)), ["r"]);
    // Collapsing a leaf changes nothing.
    let collapsed: HashSet<u32> = [idx(&t, "b1")].into();
    assert_eq!(visible_rows(&t, &collapsed).len(), 6);
}

#[test]
fn collapse_all_collapses_every_parent() {
    let t = sample();
    let all = parents(&t);
    assert_eq!(all, [idx(&t, "r"), idx(&t, "a"), idx(&t, "b")].into());
    assert_eq!(ops(&t, &visible_rows(&t, &all)), ["r"]);
}

#[test]
fn bars_follow_the_timeline_formula() {
    let t = sample();
    let b = bar(&t, idx(&t, "b"));
    assert_eq!((b.left_pct, b.width_pct), (50.0, 50.0));
    assert_eq!(b.label, LabelSide::Inside);
    let tiny = bar(&t, idx(&t, "b1"));
    assert_eq!((tiny.left_pct, tiny.width_pct), (60.0, 1.0));
    assert_eq!(tiny.label, LabelSide::Right);
    let late = trace(vec![span("r", 0, 1000), child("x", "r", 950, 10)]);
    assert_eq!(bar(&late, 1).label, LabelSide::Left);
    assert_eq!(
        Zoom::FULL.ruler(&t).map(|(_, ns)| ns),
        [0, 250_000, 500_000, 750_000, 1_000_000]
    );
}

#[test]
fn zooming_selects_a_window_of_the_shown_window() {
    // 1,000 µs from 1,000 to 2,000.
    let t = sample();
    // A drag over the middle half shows 250–750 µs; its ruler counts from the trace's start.
    let half = Zoom::FULL.select(&t, 0.75, 0.25).unwrap();
    assert_eq!((half.from, half.to), (0.25, 0.75));
    assert_eq!(half.scale(), 2.0);
    assert_eq!(
        half.ruler(&t).map(|(_, ns)| ns / 1_000),
        [250, 375, 500, 625, 750]
    );
    // A drag inside a zoomed window narrows within it: its first fifth is 250–350 µs.
    let inner = half.select(&t, 0.0, 0.2).unwrap();
    assert_eq!(inner.bounds_ns(&t), (250_000, 350_000));
    // A drag past the edges stops at them; one too short is a click.
    assert_eq!(half.select(&t, -1.0, 2.0), Some(half));
    assert_eq!(half.select(&t, 0.5, 0.505), None);
    // Never narrower than a nanosecond, even dragged down to nothing: 100 µs → 1.1 µs → 12.1 ns
    // → 1 ns, not 0.13.
    let tiny = inner.select(&t, 0.0, 0.011).unwrap();
    assert_eq!(tiny.bounds_ns(&t), (250_000, 251_100));
    let tiny = (tiny.select(&t, 0.0, 0.011).unwrap())
        .select(&t, 0.0, 0.011)
        .unwrap();
    assert_eq!(tiny.bounds_ns(&t), (250_000, 250_001));
    assert!(!tiny.is_full() && Zoom::FULL.select(&t, 0.0, 1.0).unwrap().is_full());
}

#[test]
fn zooming_to_a_span_frames_it_with_a_margin() {
    let t = sample();
    // b: 500 µs from offset 500; a tenth of it each side → 450 … 1,050, cut at the trace's end.
    let framed = Zoom::to_span(&t, idx(&t, "b"));
    assert_eq!(framed.bounds_ns(&t), (450_000, 1_000_000));
    // A zero-length span still gets a nanosecond's window; a zero-length trace stays whole.
    let b1 = t.span(idx(&t, "b1"));
    assert_eq!(
        Zoom::around(&t, b1.start_ns + 5_000, 0).bounds_ns(&t),
        (605_000, 605_001)
    );
    let flat = trace(vec![span("r", 5, 0)]);
    assert!(Zoom::around(&flat, 5_000, 0).is_full());
    // A trace of centuries: the last microsecond still gets a window of some width (found by
    // fuzzing: 1 − 1/duration rounded to 1, and the scale was infinite).
    let long = trace(vec![
        span("r", 1, i64::MAX / 2_000),
        child("late", "r", i64::MAX / 2_000 - 1, 1),
    ]);
    let late = Zoom::to_span(&long, idx(&long, "late"));
    assert!(late.from < late.to && late.scale().is_finite(), "{late:?}");
}

#[test]
fn a_zero_length_trace_has_finite_bars() {
    let t = trace(vec![span("r", 5, 0), child("c", "r", 5, 0)]);
    let b = bar(&t, 1);
    assert!(b.left_pct.is_finite() && b.width_pct.is_finite());
    assert_eq!((b.left_pct, b.width_pct), (0.0, 0.0));
}

#[test]
fn merged_lists_keep_one_of_each_trace_newest_first() {
    let make = |id: &str, start: i64, spans: usize| {
        let list: Vec<_> = (0..spans)
            .map(|i| span(&format!("{i:x}"), start, 1))
            .collect();
        let mut t = trace(list);
        t.trace_id = id.to_owned();
        Arc::new(t)
    };
    let merged = merge_newest_first(
        [
            make("a", 10, 1),
            make("b", 30, 1),
            make("a", 10, 3),
            make("c", 20, 1),
        ],
        3,
    );
    let got: Vec<_> = merged
        .iter()
        .map(|t| (t.trace_id.as_str(), t.spans.len()))
        .collect();
    assert_eq!(got, [("b", 1), ("c", 1), ("a", 3)]);
    assert_eq!(
        merge_newest_first([make("a", 1, 1), make("b", 2, 1)], 1).len(),
        1
    );
}

#[test]
fn a_trace_row_reads_the_root_span() {
    let t = trace(vec![
        child("orphan", "gone", 0, 5),
        with_tags(
            span("root", 10, 90),
            json!([{"key": "http.method", "value": "post"}, {"key": "http.status_code", "value": 201}]),
        ),
        with_tags(
            child("c", "root", 20, 10),
            json!([{"key": "error", "value": true}]),
        ),
    ]);
    let row = TraceRow::of(&t);
    assert_eq!(row.method.as_deref(), Some("POST"));
    assert_eq!(row.root_operation, "op-root");
    assert_eq!(row.http_status, Some(201));
    assert_eq!(row.short_id, "t1");
    // A 64-bit ID padded to 128 bits shows its own digits, not the padding's zeros; a 128-bit
    // ID whose high half is zero is that, too.
    assert_eq!(short_id("00000000000000000000000000003e8a"), "0000000");
    assert_eq!(short_id("000000000000000000003e8a1b2c3d4e"), "00003e8");
    assert_eq!(short_id("00000000000000003e8a1b2c3d4e5f60"), "3e8a1b2");
    assert_eq!(short_id("0af7651916cd43dd8448eb211c80319c"), "0af7651");
    assert_eq!(
        (row.span_count, row.error_count, row.duration_ns),
        (3, 1, 100_000)
    );
    assert_eq!(row.services, [("svc-a".to_owned(), 3)]);
    assert_eq!(TraceRow::of(&trace(vec![])).root_operation, "(no spans)");
}

#[test]
fn the_detail_puts_http_and_error_tags_first_then_the_rest_by_key() {
    let t = trace(vec![with_tags(
        span("r", 0, 1),
        json!([
            {"key": "url.path", "value": "/x"},
            {"key": "otel.scope.name", "value": "otelhttp"},
            {"key": "component", "value": "gin"},
            {"key": "otel.status_code", "value": "ERROR"},
            {"key": "http.response.status_code", "value": 503},
            {"key": "http.request.method", "value": "GET"}
        ]),
    )]);
    let keys: Vec<_> = ordered_tags(&t.spans[0].tags)
        .iter()
        .map(|t| t.key.as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "http.request.method",
            "http.response.status_code",
            "otel.status_code",
            "component",
            "otel.scope.name",
            "url.path"
        ]
    );
    assert_eq!(status_text(&t.spans[0]), "Error · HTTP 503");
    assert_eq!(status_text(&sample().spans[0]), "Unset");
}

#[test]
fn the_virtual_window_covers_the_viewport_plus_a_buffer() {
    use tracedeck_core::view::tree::{BUFFER_ROWS, window};
    assert_eq!(window(0, 0.0, 500.0, 28.0), 0..0);
    assert_eq!(window(5, 0.0, 500.0, 28.0), 0..5);
    let w = window(100_000, 28.0 * 50_000.0, 560.0, 28.0);
    assert_eq!(w.start, 50_000 - BUFFER_ROWS);
    assert_eq!(w.end, 50_000 + 21 + BUFFER_ROWS);
    assert_eq!(window(100, 28.0 * 200.0, 560.0, 28.0), 100..100);
    assert_eq!(window(100, 28.0 * 95.0, 560.0, 28.0), 95 - BUFFER_ROWS..100);
}

#[test]
fn tree_keys_move_fold_and_open_like_a_treegrid() {
    use tracedeck_core::view::tree::{TreeAction, TreeKey, key_action};
    let t = sample();
    let none = HashSet::new();
    let rows = visible_rows(&t, &none);
    let pos = |id: &str| rows.iter().position(|&r| r == idx(&t, id)).unwrap();
    let act = |at: usize, key| key_action(&t, &rows, &none, at, key);
    assert_eq!(act(0, TreeKey::Down), TreeAction::Focus(1));
    assert_eq!(act(0, TreeKey::Up), TreeAction::Focus(0));
    assert_eq!(act(2, TreeKey::End), TreeAction::Focus(5));
    assert_eq!(act(5, TreeKey::Down), TreeAction::Focus(5));
    assert_eq!(act(3, TreeKey::Home), TreeAction::Focus(0));
    assert_eq!(
        act(pos("a"), TreeKey::Left),
        TreeAction::Collapse(idx(&t, "a"))
    );
    assert_eq!(act(pos("a2"), TreeKey::Left), TreeAction::Focus(pos("a")));
    assert_eq!(act(pos("a"), TreeKey::Right), TreeAction::Focus(pos("a1")));
    assert_eq!(act(pos("a1"), TreeKey::Right), TreeAction::Nothing);
    assert_eq!(act(0, TreeKey::Left), TreeAction::Collapse(idx(&t, "r")));
    assert_eq!(
        act(pos("b1"), TreeKey::Enter),
        TreeAction::Select(idx(&t, "b1"))
    );
    assert_eq!(act(1, TreeKey::Escape), TreeAction::CloseDetail);
    // z zooms the timeline to the focused span, Shift+Z (`Z`) back to the whole trace.
    assert_eq!(TreeKey::from_key("z"), Some(TreeKey::ZoomIn));
    assert_eq!(TreeKey::from_key("Z"), Some(TreeKey::ZoomOut));
    assert_eq!(
        act(pos("b"), TreeKey::ZoomIn),
        TreeAction::ZoomTo(idx(&t, "b"))
    );
    assert_eq!(act(pos("b"), TreeKey::ZoomOut), TreeAction::ZoomReset);
    let folded: HashSet<u32> = [idx(&t, "a")].into();
    let rows = visible_rows(&t, &folded);
    assert_eq!(
        key_action(&t, &rows, &folded, 1, TreeKey::Right),
        TreeAction::Expand(idx(&t, "a"))
    );
    assert_eq!(TreeKey::from_key("ArrowDown"), Some(TreeKey::Down));
    assert_eq!(TreeKey::from_key("a"), None);
}

#[test]
fn errors_show_through_collapsed_ancestors_and_the_first_can_be_found() {
    use tracedeck_core::view::tree::{ancestors, errors_below, first_error};
    let t = trace(vec![
        span("r", 0, 100),
        child("a", "r", 0, 50),
        with_tags(
            child("a1", "a", 10, 5),
            json!([{"key": "error", "value": true}]),
        ),
        with_tags(
            child("b", "r", 60, 5),
            json!([{"key": "error", "value": true}]),
        ),
    ]);
    let below = errors_below(&t);
    assert!(below[idx(&t, "r") as usize] && below[idx(&t, "a") as usize]);
    assert!(!below[idx(&t, "a1") as usize] && !below[idx(&t, "b") as usize]);
    let first = first_error(&t).unwrap();
    assert_eq!(first, idx(&t, "a1"));
    assert_eq!(ancestors(&t, first), [idx(&t, "a"), idx(&t, "r")]);
    assert_eq!(first_error(&sample()), None);
}

#[test]
fn the_slowest_spans_are_ranked_by_self_time() {
    use tracedeck_core::view::tree::{ancestors, slowest_by_self_time};
    let t = sample();
    // Self times: r 1000 − (a 400 + b 500) = 100; a 400 − 200 = 200; a1 100; a2 100; b 490; b1 10.
    let ranked: Vec<_> = slowest_by_self_time(&t, 3)
        .iter()
        .map(|&i| t.span(i).operation.clone())
        .collect();
    assert_eq!(ranked, ["op-b", "op-a", "op-r"]);
    assert_eq!(ancestors(&t, idx(&t, "b1")), [idx(&t, "b"), idx(&t, "r")]);
    assert!(ancestors(&t, idx(&t, "r")).is_empty());
}

#[test]
fn exception_events_are_read_for_the_detail() {
    use tracedeck_core::view::detail::exceptions;
    let mut failing = span("root", 0, 100);
    failing["logs"] = json!([
        {"timestamp": 10, "fields": [{"key": "event", "value": "cache miss"}]},
        {"timestamp": 40, "fields": [
            {"key": "event", "value": "exception"},
            {"key": "exception.type", "value": "ValueError"},
            {"key": "exception.message", "value": "bad input"},
            {"key": "exception.stacktrace", "value": "Traceback…\nValueError: bad input"},
            {"key": "exception.escaped", "value": "true"}
        ]},
        {"timestamp": 50, "fields": [{"key": "exception.message", "value": "no type"}]}
    ]);
    let t = trace(vec![failing]);
    let found = exceptions(t.span(0));
    assert_eq!(found.len(), 2, "the cache miss is not an exception");
    assert_eq!(found[0].kind.as_deref(), Some("ValueError"));
    assert_eq!(found[0].message.as_deref(), Some("bad input"));
    assert_eq!(
        found[0].stacktrace.as_deref(),
        Some("Traceback…\nValueError: bad input")
    );
    assert!(found[0].escaped);
    assert_eq!(found[0].timestamp_ns, 40_000);
    assert_eq!((found[1].kind.as_deref(), found[1].escaped), (None, false));
}
