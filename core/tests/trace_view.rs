//! The open trace's view as a state machine, case by case, worked out by hand the way Jaeger UI
//! tests its `duck.ts` reducers: each action's new rows, focus and effect.

mod common;

use common::{child, span, trace, with_tags};
use serde_json::json;
use tracedeck_core::model::{SpanIdx, Trace};
use tracedeck_core::view::search::TraceFind;
use tracedeck_core::view::trace_view::{Action, Effect, TraceFacts, TraceViewState};
use tracedeck_core::view::tree::TreeKey;
use tracedeck_core::view::zoom::Zoom;

/// root(0) → a(1) → a1(2); root → six `op-q` queries q1..q6 (3..8, q3 failing, q4 with inner
/// (9)); root → b(10). Input order is the index.
fn sample() -> Trace {
    let mut spans = vec![
        span("root", 0, 1000),
        child("a", "root", 10, 100),
        child("a1", "a", 20, 50),
    ];
    for n in 1..=6 {
        let mut q = child(&format!("q{n}"), "root", 200 + 10 * n, 5);
        q["operationName"] = json!("op-q");
        if n == 3 {
            q = with_tags(q, json!([{"key": "error", "value": true}]));
        }
        spans.push(q);
    }
    spans.push(child("inner", "q4", 241, 1));
    spans.push(child("b", "root", 500, 400));
    trace(spans)
}

struct View {
    trace: Trace,
    facts: TraceFacts,
    state: TraceViewState,
}

impl View {
    fn new() -> Self {
        let trace = sample();
        let facts = TraceFacts::of(&trace);
        let state = TraceViewState::new(&facts, TraceFind::default(), None);
        Self {
            trace,
            facts,
            state,
        }
    }

    fn matches(&self) -> Vec<SpanIdx> {
        self.state.find.matching(&self.trace)
    }

    fn rows(&self) -> Vec<SpanIdx> {
        self.state
            .rows(&self.trace, &self.facts, &self.matches(), &[])
    }

    fn apply(&mut self, action: Action) -> Effect {
        let (rows, matches) = (self.rows(), self.matches());
        self.state
            .apply(&self.trace, &self.facts, &rows, &matches, action)
    }

    fn key(&mut self, key: TreeKey) -> Effect {
        self.apply(Action::Key(key))
    }
}

#[test]
fn a_trace_opens_with_every_subtree_open_and_similar_siblings_folded() {
    let v = View::new();
    // The six queries fold into their first (3); inner (9) is inside the fold.
    assert_eq!(v.rows(), [0, 1, 2, 3, 10]);
    assert_eq!(v.state.folded_groups.len(), 1);
    assert_eq!(v.state.match_count_text(0), "");
}

#[test]
fn arrow_keys_move_the_focus_and_keep_it_in_view() {
    let mut v = View::new();
    assert_eq!(v.key(TreeKey::Down), Effect::KeepInView(1));
    assert_eq!(v.key(TreeKey::End), Effect::KeepInView(4));
    assert_eq!(
        v.key(TreeKey::Down),
        Effect::KeepInView(4),
        "stops at the last row"
    );
    assert_eq!(v.key(TreeKey::Home), Effect::KeepInView(0));
    assert_eq!(v.key(TreeKey::Up), Effect::KeepInView(0));
}

#[test]
fn left_collapses_then_steps_to_the_parent_and_right_undoes_it() {
    let mut v = View::new();
    v.key(TreeKey::Down); // a
    assert_eq!(v.key(TreeKey::Left), Effect::Nothing);
    assert_eq!(v.rows(), [0, 1, 3, 10], "a's subtree closed");
    assert_eq!(
        v.key(TreeKey::Left),
        Effect::KeepInView(0),
        "then to its parent"
    );
    v.key(TreeKey::Down);
    v.key(TreeKey::Right);
    assert_eq!(v.rows(), [0, 1, 2, 3, 10]);
    assert_eq!(
        v.key(TreeKey::Right),
        Effect::KeepInView(2),
        "into the first child"
    );
}

#[test]
fn right_on_a_folded_group_unfolds_it() {
    let mut v = View::new();
    v.state.focused = 3; // q1, leading the folded run
    assert_eq!(v.key(TreeKey::Right), Effect::Nothing);
    assert_eq!(v.rows(), [0, 1, 2, 3, 4, 5, 6, 9, 7, 8, 10]);
    // "group" folds it again.
    v.apply(Action::ToggleGroup(3));
    assert_eq!(v.rows(), [0, 1, 2, 3, 10]);
}

#[test]
fn enter_escape_and_z_act_on_the_focused_span() {
    let mut v = View::new();
    v.key(TreeKey::Down);
    assert_eq!(v.key(TreeKey::Enter), Effect::ToggleSelection(1));
    assert_eq!(v.key(TreeKey::Escape), Effect::CloseDetail);
    v.key(TreeKey::ZoomIn);
    // a: 10..110 µs of 0..1000, a tenth of its length each side.
    assert_eq!(v.state.zoom.bounds_ns(&v.trace), (0, 120_000));
    v.key(TreeKey::ZoomOut);
    assert_eq!(v.state.zoom, Zoom::FULL);
}

#[test]
fn a_click_focuses_the_row_and_toggles_the_selection() {
    let mut v = View::new();
    assert_eq!(
        v.apply(Action::Click {
            position: 4,
            span: 10
        }),
        Effect::ToggleSelection(10)
    );
    assert_eq!(v.state.focused, 4);
}

#[test]
fn revealing_a_span_opens_what_hides_it_and_says_where_it_is() {
    let mut v = View::new();
    v.apply(Action::CollapseAll);
    v.apply(Action::ToggleCriticalOnly);
    // inner (9) is under q4, inside the folded run, under the collapsed root. Rows after:
    // root, a (still collapsed), q1, q2, q3, q4, inner, q5, q6, b.
    let effect = v.apply(Action::Reveal(9));
    assert_eq!(
        effect,
        Effect::Reveal {
            span: 9,
            position: Some(6)
        }
    );
    assert!(!v.state.critical_only);
    assert_eq!(v.rows(), [0, 1, 3, 4, 5, 6, 9, 7, 8, 10]);
    assert_eq!(v.state.focused, 6);
    assert!(v.state.folded_groups.is_empty(), "its run unfolds");
    // Its sibling subtrees stay as they were: a is still collapsed.
    assert!(v.state.collapsed.contains(&1));
}

#[test]
fn jump_to_first_error_reveals_the_failed_query() {
    let mut v = View::new();
    assert_eq!(
        v.apply(Action::JumpToFirstError),
        Effect::Reveal {
            span: 5,
            position: Some(5)
        }
    );
}

#[test]
fn stepping_through_matches_wraps_both_ways_and_counts() {
    let mut v = View::new();
    let find = TraceFind {
        text: "op-q".into(),
        ..TraceFind::default()
    };
    assert_eq!(v.apply(Action::Find(find)), Effect::FindChanged);
    assert_eq!(v.matches(), [3, 4, 5, 6, 7, 8]);
    assert_eq!(v.state.match_count_text(6), "6 matches");
    assert_eq!(
        v.apply(Action::StepMatch { forward: false }),
        Effect::Reveal {
            span: 8,
            position: Some(9)
        },
        "backwards from nothing: the last match"
    );
    assert_eq!(v.state.match_count_text(6), "6 of 6");
    v.apply(Action::StepMatch { forward: true });
    assert_eq!(
        v.state.current_match,
        Some(0),
        "forwards from the last: the first"
    );
    // A new search starts counting again.
    v.apply(Action::Find(TraceFind {
        text: "inner".into(),
        ..TraceFind::default()
    }));
    assert_eq!(v.state.current_match, None);
    assert_eq!(v.state.match_count_text(1), "1 match");
    assert_eq!(
        v.apply(Action::StepMatch { forward: true }),
        Effect::Reveal {
            span: 9,
            position: Some(7)
        }
    );
}

#[test]
fn matches_only_keeps_the_matches_and_their_ancestors() {
    let mut v = View::new();
    v.apply(Action::Find(TraceFind {
        text: "a1".into(),
        ..TraceFind::default()
    }));
    v.apply(Action::ToggleMatchesOnly);
    assert_eq!(v.rows(), [0, 1, 2]);
    // Without a search, "matches only" hides nothing.
    v.apply(Action::Find(TraceFind::default()));
    assert_eq!(v.rows(), [0, 1, 2, 3, 10]);
    assert_eq!(v.state.match_count_text(0), "");
}

#[test]
fn unusual_only_keeps_the_unusual_spans_and_their_ancestors_until_a_span_is_revealed() {
    let mut v = View::new();
    v.apply(Action::ToggleUnusualOnly);
    // a1 (2) is unusual: it shows under root and a.
    assert_eq!(v.state.rows(&v.trace, &v.facts, &[], &[2]), [0, 1, 2]);
    // q5 (7) is unusual too: its folded run of queries shows its members while the filter is on.
    assert_eq!(v.state.rows(&v.trace, &v.facts, &[], &[2, 7]), [0, 1, 2, 7]);
    // A collapsed ancestor does not hide an unusual span while the filter is on.
    v.apply(Action::ToggleSubtree(1));
    assert_eq!(v.state.rows(&v.trace, &v.facts, &[], &[2]), [0, 1, 2]);
    v.apply(Action::ToggleSubtree(1));
    // With "Matches only" too: the spans that are both (a1), not their common ancestors alone.
    v.apply(Action::Find(TraceFind {
        text: "a1".into(),
        ..TraceFind::default()
    }));
    v.apply(Action::ToggleMatchesOnly);
    let matches = v.matches();
    assert_eq!(
        v.state.rows(&v.trace, &v.facts, &matches, &[2, 7]),
        [0, 1, 2]
    );
    assert_eq!(
        v.state.rows(&v.trace, &v.facts, &matches, &[7]),
        Vec::<SpanIdx>::new()
    );
    // Revealing b turns the filters off, so b shows.
    v.apply(Action::Reveal(10));
    assert!(!v.state.unusual_only);
    assert_eq!(
        v.state.rows(&v.trace, &v.facts, &[], &[2]),
        [0, 1, 2, 3, 10]
    );
}

#[test]
fn critical_only_keeps_the_spans_on_the_critical_path() {
    let mut v = View::new();
    v.apply(Action::ToggleCriticalOnly);
    // root, then b (the last to finish), before it the run of queries and a.
    let rows = v.rows();
    assert!(rows.contains(&0) && rows.contains(&10), "{rows:?}");
    assert!(!rows.contains(&2) || v.facts.critical.contains_key(&2));
    assert!(rows.iter().all(|r| v.facts.critical.contains_key(r)));
    v.apply(Action::ToggleCriticalOnly);
    assert_eq!(v.rows(), [0, 1, 2, 3, 10]);
}

#[test]
fn every_row_change_is_counted_and_nothing_else_is() {
    let mut v = View::new();
    let before = v.state.rows_generation;
    v.key(TreeKey::Down);
    v.apply(Action::DragZoom(0.25, 0.75));
    v.apply(Action::Find(TraceFind {
        text: "op-q".into(),
        ..TraceFind::default()
    }));
    assert_eq!(
        v.state.rows_generation, before,
        "focus, zoom and a search without \"matches only\" leave the rows alone"
    );
    assert_eq!(v.state.zoom.bounds_ns(&v.trace), (250_000, 750_000));
    v.apply(Action::ExpandAll);
    assert_ne!(v.state.rows_generation, before);
}

#[test]
fn a_row_names_failures_out_of_sight_and_what_the_tree_repaired() {
    use tracedeck_core::view::trace_view::row_flags;
    let v = View::new();
    let labels = |idx, group_errors, inside| -> Vec<String> {
        row_flags(&v.trace, idx, group_errors, inside)
            .into_iter()
            .map(|f| f.label)
            .collect()
    };
    assert!(labels(0, 0, false).is_empty());
    assert_eq!(labels(3, 1, false), ["⚠ 1 failed"]);
    assert_eq!(labels(0, 0, true), ["⚠ error inside"]);
    let broken = trace(vec![
        child("x", "x", 0, 10),
        child("y", "gone", 0, 10),
        span("y", 1, 5),
    ]);
    let labels = |idx| -> Vec<String> {
        row_flags(&broken, idx, 0, false)
            .into_iter()
            .map(|f| f.label)
            .collect()
    };
    assert_eq!(labels(0), ["names itself"]);
    assert_eq!(labels(1), ["parent missing"]);
    assert_eq!(labels(2), ["duplicate ID"]);
}

#[test]
fn the_flame_graph_tab_opens_as_the_address_said_and_its_changes_reach_the_address() {
    use tracedeck_core::view::trace_view::{FlameLayout, TraceTab};
    let trace = sample();
    let facts = TraceFacts::of(&trace);
    let mut state = TraceViewState::new(&facts, TraceFind::default(), Some(FlameLayout::Merged));
    assert_eq!(
        (state.tab, state.flame_layout),
        (TraceTab::Flame, FlameLayout::Merged)
    );
    let rows = state.rows(&trace, &facts, &[], &[]);
    let effect = state.apply(
        &trace,
        &facts,
        &rows,
        &[],
        Action::FlameLayout(FlameLayout::ByTime),
    );
    assert_eq!(
        (effect, state.flame_layout),
        (Effect::TabChanged, FlameLayout::ByTime)
    );
    let effect = state.apply(&trace, &facts, &rows, &[], Action::ShowTab(TraceTab::Tree));
    assert_eq!((effect, state.tab), (Effect::TabChanged, TraceTab::Tree));
    // Opened without the address saying so: the span tree, by time when switched.
    let plain = TraceViewState::new(&facts, TraceFind::default(), None);
    assert_eq!(
        (plain.tab, plain.flame_layout),
        (TraceTab::Tree, FlameLayout::ByTime)
    );
}
