//! Flame graphs on hand-worked traces: by time (overlapping children, children outside their
//! parent, spans of no length), the per-pixel merge, merging by path in one trace and across
//! traces, hit testing, and the view's focus, zoom and pan.

mod common;

use std::sync::Arc;

use common::{child, doc, loaded, op, span, trace};
use serde_json::json;
use tracedeck_core::model::Trace;
use tracedeck_core::view::flame::{
    ALL_ROOTS, FlameAction, FlameGraph, FlameState, FlameWindow, Measure, TRACE_ROOTS,
    root_operations,
};

/// The box of the span with this ID (the one its search match lights up).
fn box_of(graph: &FlameGraph, t: &Trace, id: &str) -> u32 {
    let lit = graph.highlights(&[t.find_span(id).unwrap()]);
    lit.iter().position(|&l| l).unwrap() as u32
}

/// (row, x0, x1) of the box of the span with this ID.
fn placed(graph: &FlameGraph, t: &Trace, id: &str) -> (u32, f64, f64) {
    let b = box_of(graph, t, id);
    let bx = graph.boxes()[b as usize];
    (bx.row, r(bx.x0), r(bx.x1))
}

/// Rounded to 1e-9, so hand-worked fractions compare equal.
fn r(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

/// (row, x0, x1) of every box, rounded.
fn edges(graph: &FlameGraph) -> Vec<(u32, f64, f64)> {
    graph
        .boxes()
        .iter()
        .map(|b| (b.row, r(b.x0), r(b.x1)))
        .collect()
}

fn whole() -> FlameWindow {
    FlameWindow {
        from: 0.0,
        to: 1.0,
        top_row: 0,
        within: None,
    }
}

#[test]
fn spans_sit_at_their_time_one_row_below_their_parent() {
    let t = Arc::new(trace(vec![
        span("1", 0, 100),
        child("2", "1", 0, 40),
        child("3", "1", 50, 50),
        child("4", "3", 60, 20),
    ]));
    let g = FlameGraph::by_time(t.clone());
    assert_eq!(placed(&g, &t, "1"), (0, 0.0, 1.0));
    assert_eq!(placed(&g, &t, "2"), (1, 0.0, 0.4));
    assert_eq!(placed(&g, &t, "3"), (1, 0.5, 1.0));
    assert_eq!(placed(&g, &t, "4"), (2, 0.6, 0.8));
    assert_eq!(g.row_count(), 3);
    assert_eq!(g.name(box_of(&g, &t, "3")), ("svc-a", "op-3"));
}

#[test]
fn concurrent_siblings_are_pushed_down_until_nothing_overlaps() {
    // 2 and 3 overlap (10–60 and 30–80): 3 goes below 2, beside 2's child 4 (10–20);
    // 3's child 5 (40–50) then sits below 3.
    let t = Arc::new(trace(vec![
        span("1", 0, 100),
        child("2", "1", 10, 50),
        child("4", "2", 10, 10),
        child("3", "1", 30, 50),
        child("5", "3", 40, 10),
    ]));
    let g = FlameGraph::by_time(t.clone());
    assert_eq!(placed(&g, &t, "2").0, 1);
    assert_eq!(placed(&g, &t, "4").0, 2);
    assert_eq!(placed(&g, &t, "3").0, 2);
    assert_eq!(placed(&g, &t, "5").0, 3);
    for (i, a) in g.boxes().iter().enumerate() {
        for b in &g.boxes()[i + 1..] {
            assert!(
                a.row != b.row || a.x1 <= b.x0 || b.x1 <= a.x0,
                "{a:?} overlaps {b:?}"
            );
        }
    }
}

#[test]
fn a_child_outside_its_parent_is_drawn_at_its_own_time() {
    let t = Arc::new(trace(vec![span("1", 0, 50), child("2", "1", 40, 60)]));
    let g = FlameGraph::by_time(t.clone());
    assert_eq!(placed(&g, &t, "2"), (1, 0.4, 1.0));
}

#[test]
fn a_span_of_no_length_still_gets_a_pixel_and_can_be_pointed_at() {
    let t = Arc::new(trace(vec![span("1", 0, 100), child("2", "1", 30, 0)]));
    let g = FlameGraph::by_time(t.clone());
    assert_eq!(placed(&g, &t, "2"), (1, 0.3, 0.3));
    let rects = g.rects(whole(), 1000.0, 10, None);
    let zero = rects.iter().find(|r| r.row == 1).unwrap();
    assert_eq!((zero.x, zero.width, zero.boxes), (300.0, 1.0, 1));
    // Half a pixel off still finds it.
    let b = g.hit(whole(), 1000.0, 300.5, 1).unwrap();
    assert_eq!(g.span(b), t.find_span("2"));
    assert_eq!(g.hit(whole(), 1000.0, 310.0, 1), None);
}

#[test]
fn boxes_narrower_than_a_pixel_merge_per_pixel_column() {
    // 100 children of 1 µs every 2 µs in a 1,000 µs root: on a 100 px canvas each is 0.1 px
    // and they start every 0.2 px, so 5 share each of the columns 0–19.
    let mut spans = vec![span("1", 0, 1000)];
    for i in 0..100 {
        spans.push(child(&format!("c{i}"), "1", i * 2, 1));
    }
    spans[38]["tags"] = json!([{"key": "error", "value": true}]); // child 37 fails: column 7
    let t = Arc::new(trace(spans));
    let g = FlameGraph::by_time(t);
    let rects = g.rects(whole(), 100.0, 10, None);
    let row1: Vec<_> = rects.iter().filter(|r| r.row == 1).collect();
    assert_eq!(row1.len(), 20);
    assert!(row1.iter().all(|r| r.width == 1.0 && r.boxes == 5));
    assert_eq!(
        row1.iter().map(|r| r.x).collect::<Vec<_>>(),
        (0..20).map(f64::from).collect::<Vec<_>>()
    );
    let failing: Vec<f64> = row1.iter().filter(|r| r.error).map(|r| r.x).collect();
    assert_eq!(failing, [7.0]);
    // Wide enough, every child is drawn apart, 100 px each.
    let wide = g.rects(whole(), 100_000.0, 10, None);
    let row1: Vec<_> = wide.iter().filter(|r| r.row == 1).collect();
    assert_eq!(row1.len(), 100);
    assert_eq!((row1[1].x, row1[1].width), (200.0, 100.0));
    // A window draws only what is in it, from the window's left edge, clipped to the canvas.
    let window = FlameWindow {
        from: 0.1,
        to: 0.2,
        ..whole()
    };
    let zoomed = g.rects(window, 100.0, 10, None);
    let root = zoomed.iter().find(|r| r.row == 0).unwrap();
    assert_eq!((root.x, root.width), (0.0, 100.0));
    let row1: Vec<_> = zoomed.iter().filter(|r| r.row == 1).collect();
    assert_eq!(row1.len(), 50); // children 50–99 end at or after 100 µs and start by 200 µs
    assert_eq!((r(row1[0].x), r(row1[0].width)), (0.0, 1.0));
}

#[test]
fn search_matches_light_up_their_boxes() {
    let t = Arc::new(trace(vec![
        span("1", 0, 100),
        child("2", "1", 0, 40),
        child("3", "1", 50, 50),
    ]));
    let g = FlameGraph::by_time(t.clone());
    let lit = g.highlights(&[t.find_span("3").unwrap()]);
    let rects = g.rects(whole(), 100.0, 10, Some(&lit));
    let shown: Vec<(u32, bool)> = rects.iter().map(|r| (r.row, r.highlighted)).collect();
    assert_eq!(shown, [(0, false), (1, false), (1, true)]);
}

#[test]
fn one_trace_merged_sums_repeated_children_by_operation() {
    let t = loaded(vec![doc(
        "t1",
        vec![
            op("t1", "r", "GET /items", None, 0, 100),
            op("t1", "a", "db.query", Some("r"), 0, 10),
            op("t1", "b", "cache", Some("r"), 10, 20),
            op("t1", "c", "db.query", Some("r"), 30, 10),
            op("t1", "d", "db.query", Some("r"), 40, 10),
        ],
    )]);
    let g = FlameGraph::merged(&t, None);
    let names: Vec<(&str, &str)> = (0..g.boxes().len() as u32).map(|b| g.name(b)).collect();
    assert_eq!(
        names,
        [
            ("svc-a", "GET /items"),
            ("svc-b", "db.query"),
            ("svc-a", "cache")
        ]
    );
    assert_eq!(edges(&g), [(0, 0.0, 1.0), (1, 0.0, 0.3), (1, 0.3, 0.5)]);
    let db = g.node(1).unwrap();
    assert_eq!(
        (db.count, db.total_ns, db.traces.clone()),
        (3, 30_000, vec![0])
    );
    assert_eq!(
        g.tip(1, Measure::Total).unwrap().lines,
        ["3 spans in 1 trace", "30µs total · self 30µs"]
    );
    // The three db spans light up one box.
    let lit = g.highlights(&[t[0].find_span("c").unwrap()]);
    assert_eq!(lit, [false, true, false]);
}

#[test]
fn concurrent_children_summing_past_their_parent_are_scaled_to_fit_it() {
    let t = loaded(vec![doc(
        "t1",
        vec![
            op("t1", "r", "batch", None, 0, 100),
            op("t1", "a", "work", Some("r"), 0, 100),
            op("t1", "b", "work", Some("r"), 0, 100),
            op("t1", "c", "db.query", Some("b"), 0, 50),
        ],
    )]);
    let g = FlameGraph::merged(&t, None);
    // work sums 200 µs under a 100 µs parent: drawn 0–1; its child, 50 of its 200, a quarter.
    assert_eq!(edges(&g), [(0, 0.0, 1.0), (1, 0.0, 1.0), (2, 0.0, 0.25)]);
    assert_eq!(
        g.tip(1, Measure::Total).unwrap().lines,
        ["2 spans in 1 trace", "200µs total · self 150µs"]
    );
}

/// Three traces: two of `GET /items` (the second slower, its render failed) and one of
/// `POST /jobs`.
fn items_and_jobs() -> Vec<Arc<Trace>> {
    loaded(vec![
        doc(
            "t1",
            vec![
                op("t1", "r", "GET /items", None, 0, 100),
                op("t1", "a", "db.query", Some("r"), 0, 60),
                op("t1", "b", "render", Some("r"), 60, 40),
                op("t1", "c", "db.query", Some("b"), 60, 10),
            ],
        ),
        json!({
            "traceID": "t2",
            "spans": [
                op("t2", "r", "GET /items", None, 0, 300),
                op("t2", "a", "db.query", Some("r"), 0, 200),
                {
                    "traceID": "t2", "spanID": "e", "operationName": "render",
                    "startTime": 200, "duration": 100, "processID": "p1",
                    "references": [{"refType": "CHILD_OF", "traceID": "t2", "spanID": "r"}],
                    "tags": [{"key": "error", "value": true}], "logs": []
                }
            ],
            "processes": {
                "p1": {"serviceName": "svc-a", "tags": []},
                "p2": {"serviceName": "svc-b", "tags": []}
            }
        }),
        doc("t3", vec![op("t3", "r", "POST /jobs", None, 0, 600)]),
    ])
}

#[test]
fn root_operations_count_the_traces_each_roots() {
    let t = items_and_jobs();
    assert_eq!(
        root_operations(&t),
        [
            ("svc-a".to_owned(), "GET /items".to_owned(), 2),
            ("svc-a".to_owned(), "POST /jobs".to_owned(), 1)
        ]
    );
}

#[test]
fn traces_merge_by_path_from_the_root_under_one_root_operation() {
    let t = items_and_jobs();
    let g = FlameGraph::merged(&t, Some(("svc-a", "GET /items")));
    let summary: Vec<(&str, usize, i64, usize)> = (0..g.boxes().len() as u32)
        .map(|b| {
            let n = g.node(b).unwrap();
            (n.operation.as_str(), n.count, n.total_ns, n.errors)
        })
        .collect();
    // db.query under render is its own path, not the root's db.query.
    assert_eq!(
        summary,
        [
            ("GET /items", 2, 400_000, 0),
            ("db.query", 2, 260_000, 0),
            ("render", 2, 140_000, 1),
            ("db.query", 1, 10_000, 0)
        ]
    );
    assert_eq!(
        edges(&g),
        [
            (0, 0.0, 1.0),
            (1, 0.0, 0.65),
            (1, 0.65, 1.0),
            (2, 0.65, 0.675)
        ]
    );
    assert_eq!(g.node(3).unwrap().traces, [0]);
}

#[test]
fn across_traces_a_node_is_marked_failed_from_a_tenth_of_its_spans_failing() {
    let t = items_and_jobs();
    let g = FlameGraph::merged(&t, Some(("svc-a", "GET /items")));
    // Across traces a node is marked failed from 10 % of its spans failing: render's 1 of 2 is.
    let failed: Vec<bool> = g.boxes().iter().map(|b| b.error).collect();
    assert_eq!(failed, [false, false, true, false]);
    assert_eq!(
        g.tip(2, Measure::MeanPerTrace).unwrap().lines,
        [
            "2 spans in 2 traces",
            "70µs mean per trace holding it · self 65µs",
            "1 error (50%)"
        ]
    );
}

#[test]
fn every_root_operation_merges_under_one_box_above_them() {
    let t = items_and_jobs();
    // Every root operation: one box above them.
    let all = FlameGraph::merged(&t, None);
    assert_eq!(all.name(0), ("", ALL_ROOTS));
    let top = all.node(0).unwrap();
    assert_eq!(
        (top.count, top.total_ns, top.traces.clone()),
        (3, 1_000_000, vec![0, 1, 2])
    );
    let jobs = (0..all.boxes().len() as u32)
        .find(|&b| all.name(b).1 == "POST /jobs")
        .unwrap();
    assert_eq!(
        r(all.boxes()[jobs as usize].x1 - all.boxes()[jobs as usize].x0),
        0.6
    );
    assert_eq!(all.tip(0, Measure::Total).unwrap().title, ALL_ROOTS);
}

#[test]
fn a_nodes_traces_are_named_by_their_place_among_the_traces_given() {
    let t = items_and_jobs();
    // A node's traces are named by their place among the traces given, whatever the root chosen.
    let jobs_only = FlameGraph::merged(&t, Some(("svc-a", "POST /jobs")));
    assert_eq!(jobs_only.node(0).unwrap().traces, [2]);
}

#[test]
fn focus_fills_the_width_with_a_subtree_and_the_breadcrumb_leads_back() {
    let t = Arc::new(trace(vec![
        span("1", 0, 100),
        child("2", "1", 0, 40),
        child("4", "2", 0, 20),
        child("3", "1", 50, 50),
        child("5", "3", 50, 10),
    ]));
    let g = FlameGraph::by_time(t.clone());
    let b3 = box_of(&g, &t, "3");
    let mut state = FlameState::default();
    state.apply(&g, FlameAction::Focus(b3));
    assert_eq!((state.from, state.to), (0.5, 1.0));
    let window = state.window(&g);
    assert_eq!(window.top_row, 1);
    let crumbs: Vec<&str> = state.breadcrumb(&g).iter().map(|&b| g.name(b).1).collect();
    assert_eq!(crumbs, ["op-1", "op-3"]);
    // Only 3's subtree is drawn: 3 over the whole canvas, 5 in its first fifth.
    let rects = g.rects(window, 100.0, 10, None);
    let drawn: Vec<(u32, f64, f64)> = rects.iter().map(|x| (x.row, r(x.x), r(x.width))).collect();
    assert_eq!(drawn, [(0, 0.0, 100.0), (1, 0.0, 20.0)]);
    // Zooming out stops at the focused box; zooming in keeps the point under the pointer.
    state.apply(
        &g,
        FlameAction::ZoomAt {
            at: 0.5,
            factor: 4.0,
        },
    );
    assert_eq!((state.from, state.to), (0.5, 1.0));
    state.apply(
        &g,
        FlameAction::ZoomAt {
            at: 0.2,
            factor: 0.5,
        },
    );
    assert!((state.from - 0.55).abs() < 1e-12 && (state.to - 0.8).abs() < 1e-12);
    state.apply(&g, FlameAction::Pan(10.0));
    assert!((state.from - 0.75).abs() < 1e-12 && (state.to - 1.0).abs() < 1e-12);
    state.apply(&g, FlameAction::Unfocus);
    assert_eq!(state, FlameState::default());
    assert!(state.breadcrumb(&g).is_empty());
}

#[test]
fn zooming_a_focused_span_of_no_length_keeps_a_window_and_never_panics() {
    let t = Arc::new(trace(vec![
        span("1", 0, 1_000_000),
        child("2", "1", 333_333, 0),
    ]));
    let g = FlameGraph::by_time(t.clone());
    let zero = box_of(&g, &t, "2");
    let mut state = FlameState::default();
    state.apply(&g, FlameAction::Focus(zero));
    for factor in [0.8, 1.25, 0.5, 2.0] {
        state.apply(&g, FlameAction::ZoomAt { at: 0.3, factor });
        state.apply(&g, FlameAction::Pan(0.5));
        assert!(state.to > state.from, "{state:?}");
        assert!(state.to - state.from < 1e-6, "{state:?}");
    }
    // Still drawn: one 1 px rectangle for the span.
    let rects = g.rects(state.window(&g), 100.0, 4, None);
    assert_eq!(rects.len(), 1);
    assert_eq!(rects[0].width, 1.0);
}

#[test]
fn focusing_a_span_shows_a_child_that_outlives_it() {
    // 2 runs 10–40 µs; its child 3 runs 30–90 µs.
    let t = Arc::new(trace(vec![
        span("1", 0, 100),
        child("2", "1", 10, 30),
        child("3", "2", 30, 60),
    ]));
    let g = FlameGraph::by_time(t.clone());
    let b2 = box_of(&g, &t, "2");
    assert_eq!((r(g.extent(b2).0), r(g.extent(b2).1)), (0.1, 0.9));
    let mut state = FlameState::default();
    state.apply(&g, FlameAction::Focus(b2));
    assert_eq!((r(state.from), r(state.to)), (0.1, 0.9));
    let drawn: Vec<(u32, f64, f64)> = g
        .rects(state.window(&g), 80.0, 4, None)
        .iter()
        .map(|x| (x.row, r(x.x), r(x.width)))
        .collect();
    assert_eq!(drawn, [(0, 0.0, 30.0), (1, 20.0, 60.0)]);
}

#[test]
fn keys_walk_the_boxes_up_down_and_between_siblings() {
    let t = Arc::new(trace(vec![
        span("1", 0, 100),
        child("2", "1", 0, 20),
        child("3", "1", 30, 60),
        child("4", "1", 95, 5),
    ]));
    let g = FlameGraph::by_time(t);
    let name = |s: &FlameState| s.focus.map(|b| g.name(b).1.to_owned());
    let mut state = FlameState::default();
    state.apply(&g, FlameAction::Down);
    assert_eq!(name(&state).as_deref(), Some("op-1"));
    // Down goes to the widest child.
    state.apply(&g, FlameAction::Down);
    assert_eq!(name(&state).as_deref(), Some("op-3"));
    state.apply(&g, FlameAction::Sibling { forward: true });
    assert_eq!(name(&state).as_deref(), Some("op-4"));
    state.apply(&g, FlameAction::Sibling { forward: true });
    assert_eq!(name(&state).as_deref(), Some("op-4"));
    state.apply(&g, FlameAction::Sibling { forward: false });
    state.apply(&g, FlameAction::Sibling { forward: false });
    assert_eq!(name(&state).as_deref(), Some("op-2"));
    state.apply(&g, FlameAction::Up);
    assert_eq!(name(&state).as_deref(), Some("op-1"));
    state.apply(&g, FlameAction::Up);
    assert_eq!(state, FlameState::default());
    assert!(!state.is_zoomed());
}

#[test]
fn a_focus_survives_a_rebuilt_graph_by_its_path_of_names() {
    let first = |tid: &str| {
        doc(
            tid,
            vec![
                op(tid, "r", "GET /a", None, 0, 100),
                op(tid, "a", "db.query", Some("r"), 0, 10),
                op(tid, "b", "render", Some("r"), 10, 50),
            ],
        )
    };
    let before = FlameGraph::merged(&loaded(vec![first("t1")]), None);
    let render = (0..3).find(|&b| before.name(b).1 == "render").unwrap();
    let mut state = FlameState::default();
    state.apply(&before, FlameAction::Focus(render));
    // Refreshed: a newer trace adds nodes ahead of render's, so its number changes.
    let newer = doc(
        "t2",
        vec![
            op("t2", "r", "GET /a", None, 0, 100),
            op("t2", "c", "cache", Some("r"), 0, 5),
            op("t2", "d", "auth", Some("r"), 5, 5),
            op("t2", "b", "render", Some("r"), 10, 50),
        ],
    );
    let after = FlameGraph::merged(&loaded(vec![newer, first("t1")]), None);
    let focus = state.carried(&before, &after).focus.unwrap();
    assert_ne!(focus, render);
    assert_eq!(
        after.path(focus),
        [("svc-a", "GET /a"), ("svc-a", "render")]
    );
    // Gone from the new graph: back to the whole.
    let other = loaded(vec![doc("t3", vec![op("t3", "r", "POST /b", None, 0, 10)])]);
    assert_eq!(
        state.carried(&before, &FlameGraph::merged(&other, None)),
        FlameState::default()
    );
}

#[test]
fn a_trace_with_an_orphan_merges_under_one_box_named_for_the_trace() {
    let t = loaded(vec![doc(
        "t1",
        vec![
            op("t1", "r", "GET /a", None, 0, 100),
            op("t1", "o", "late job", Some("missing"), 200, 50),
        ],
    )]);
    let g = FlameGraph::merged(&t, None);
    assert_eq!(g.name(0), ("", TRACE_ROOTS));
    assert_eq!(g.tip(0, Measure::Total).unwrap().title, TRACE_ROOTS);
    // A box the graph does not have (hovered in a graph since replaced) has no tooltip.
    assert_eq!(g.tip(9, Measure::Total), None);
}

#[test]
fn merged_pixels_keep_their_highlight_and_can_be_pointed_at() {
    let mut spans = vec![span("1", 0, 1000)];
    for i in 0..10 {
        spans.push(child(&format!("c{i}"), "1", i * 2, 1));
    }
    let t = Arc::new(trace(spans));
    let g = FlameGraph::by_time(t.clone());
    // c3 matches: of the two pixel columns (c0–c4, c5–c9 on 100 px), the first lights up.
    let lit = g.highlights(&[t.find_span("c3").unwrap()]);
    let rects = g.rects(whole(), 100.0, 4, Some(&lit));
    let columns: Vec<_> = rects.iter().filter(|x| x.row == 1).collect();
    assert_eq!(columns.len(), 2);
    assert_eq!((columns[0].boxes, columns[0].highlighted), (5, true));
    assert_eq!((columns[1].boxes, columns[1].highlighted), (5, false));
    // Pointing at the second column finds a span in it.
    let b = g.hit(whole(), 100.0, 1.5, 1).unwrap();
    let c: u32 = g.name(b).1.trim_start_matches("op-c").parse().unwrap();
    assert!((5..10).contains(&c), "{c}");
}

#[test]
fn a_wide_fan_out_of_concurrent_spans_is_laid_out_without_overlap() {
    let mut spans = vec![span("1", 0, 1000)];
    for i in 0..300 {
        spans.push(child(&format!("c{i}"), "1", i, 500));
    }
    let g = FlameGraph::by_time(Arc::new(trace(spans)));
    let mut rows: Vec<Vec<(f64, f64)>> = vec![Vec::new(); g.row_count() as usize];
    for b in g.boxes() {
        rows[b.row as usize].push((b.x0, b.x1));
    }
    for row in &mut rows {
        row.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert!(row.windows(2).all(|w| w[0].1 <= w[1].0), "{row:?}");
    }
    // Every child overlaps every other: a row each, below the root.
    assert_eq!(g.row_count(), 301);
}

#[test]
fn keys_map_to_flame_actions_and_other_keys_stay_the_pages() {
    use tracedeck_core::view::flame::{FlameAction, ZOOM_STEP};
    let zoom_in = FlameAction::ZoomAt {
        at: 0.5,
        factor: ZOOM_STEP,
    };
    assert_eq!(FlameAction::of_key("+", false), Some(zoom_in));
    assert_eq!(FlameAction::of_key("=", false), Some(zoom_in));
    assert_eq!(
        FlameAction::of_key("-", false),
        Some(FlameAction::ZoomAt {
            at: 0.5,
            factor: 1.0 / ZOOM_STEP
        })
    );
    assert_eq!(
        FlameAction::of_key("ArrowRight", false),
        Some(FlameAction::Sibling { forward: true })
    );
    assert_eq!(
        FlameAction::of_key("ArrowLeft", true),
        Some(FlameAction::Pan(-0.1))
    );
    assert_eq!(FlameAction::of_key("Enter", false), Some(FlameAction::Down));
    assert_eq!(FlameAction::of_key("Escape", false), Some(FlameAction::Up));
    assert_eq!(FlameAction::of_key("a", false), None);
    assert_eq!(FlameAction::of_key("Tab", false), None);
}

#[test]
fn a_wheel_zooms_with_ctrl_pans_sideways_or_with_shift_and_else_scrolls_the_page() {
    use tracedeck_core::view::flame::{FlameAction, Wheel, ZOOM_STEP};
    let turn = |zoom_key, shift, dx, dy| Wheel {
        zoom_key,
        shift,
        dx,
        dy,
        x: 200.0,
    };
    // Ctrl + down at a quarter of an 800 px canvas: zoom out around that point.
    assert_eq!(
        FlameAction::of_wheel(turn(true, false, 0.0, 100.0), 800.0),
        Some(FlameAction::ZoomAt {
            at: 0.25,
            factor: 1.0 / ZOOM_STEP
        })
    );
    assert_eq!(
        FlameAction::of_wheel(turn(true, false, 0.0, -100.0), 800.0),
        Some(FlameAction::ZoomAt {
            at: 0.25,
            factor: ZOOM_STEP
        })
    );
    assert_eq!(
        FlameAction::of_wheel(turn(false, false, 80.0, 10.0), 800.0),
        Some(FlameAction::Pan(0.1))
    );
    assert_eq!(
        FlameAction::of_wheel(turn(false, true, 0.0, -80.0), 800.0),
        Some(FlameAction::Pan(-0.1))
    );
    assert_eq!(
        FlameAction::of_wheel(turn(false, false, 5.0, 100.0), 800.0),
        None
    );
    // A canvas not laid out yet (0 px) does not divide by zero.
    assert!(matches!(
        FlameAction::of_wheel(turn(false, false, 10.0, 0.0), 0.0),
        Some(FlameAction::Pan(p)) if p.is_finite()
    ));
}
