//! Generated traces with arbitrary references: the tree is always a forest over every span.

mod common;

use proptest::prelude::*;
use serde_json::{Value, json};
use tracedeck_core::model::Trace;

/// A span drawn from a small ID pool so duplicates, cycles, self-references and dangling parents
/// all occur often.
fn arb_span() -> impl Strategy<Value = Value> {
    let id = 0u8..12;
    let reference = (
        0u8..14,
        prop::sample::select(vec!["CHILD_OF", "FOLLOWS_FROM", "", "OTHER"]),
        any::<bool>(),
    );
    (id, prop::collection::vec(reference, 0..3), prop::option::of(0u8..14), 0i64..1000, -5i64..500)
        .prop_map(|(id, refs, legacy_parent, start, duration)| {
            let references: Vec<Value> = refs
                .into_iter()
                .map(|(to, kind, foreign)| {
                    json!({"refType": kind, "traceID": if foreign { "ff" } else { "t1" }, "spanID": format!("{to:x}")})
                })
                .collect();
            let mut span = common::span(&format!("{id:x}"), start, duration);
            span["references"] = Value::Array(references);
            if let Some(p) = legacy_parent {
                span["parentSpanID"] = json!(format!("{p:x}"));
            }
            span
        })
}

fn check_forest(t: &Trace) {
    let n = t.spans.len();
    let mut seen = vec![0u32; n];
    for &i in &t.preorder {
        seen[i as usize] += 1;
    }
    assert!(
        seen.iter().all(|&c| c == 1),
        "every span appears exactly once in the walk"
    );
    for (i, span) in t.spans.iter().enumerate() {
        match span.parent {
            Some(p) => {
                assert_ne!(p as usize, i);
                assert_eq!(span.depth, t.span(p).depth + 1);
                assert!(t.children(p).contains(&(i as u32)));
                assert!(!span.flags.orphan && !span.flags.cycle_break);
            }
            None => {
                assert_eq!(span.depth, 0);
                assert!(t.roots.contains(&(i as u32)));
            }
        }
        let children = t.children(i as u32);
        assert!(
            children
                .windows(2)
                .all(|w| t.span(w[0]).start_ns <= t.span(w[1]).start_ns)
        );
        assert!((0..=span.duration_ns).contains(&span.self_time_ns));
    }
    assert_eq!(
        t.max_depth,
        t.spans.iter().map(|s| s.depth).max().unwrap_or(0)
    );
    assert!(t.root_span.is_none() == t.spans.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_references_give_a_forest_over_every_span(spans in prop::collection::vec(arb_span(), 0..40)) {
        check_forest(&common::trace(spans));
    }
}

/// What "visible" means, written the slow and obvious way: no ancestor is collapsed.
fn visible_by_ancestors(t: &Trace, collapsed: &std::collections::HashSet<u32>) -> Vec<u32> {
    t.preorder
        .iter()
        .copied()
        .filter(|&i| {
            let mut at = t.span(i).parent;
            while let Some(p) = at {
                if collapsed.contains(&p) {
                    return false;
                }
                at = t.span(p).parent;
            }
            true
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// After any sequence of collapse/expand clicks, the rows shown are exactly the spans with no
    /// collapsed ancestor, in tree order.
    #[test]
    fn visible_rows_after_any_toggles_match_a_fresh_computation(
        spans in prop::collection::vec(arb_span(), 1..40),
        toggles in prop::collection::vec(0usize..40, 0..30),
    ) {
        let t = common::trace(spans);
        let mut collapsed = std::collections::HashSet::new();
        for toggle in toggles {
            let idx = (toggle % t.spans.len()) as u32;
            if !collapsed.remove(&idx) {
                collapsed.insert(idx);
            }
            let rows = tracedeck_core::view::tree::visible_rows(&t, &collapsed);
            prop_assert_eq!(&rows, &visible_by_ancestors(&t, &collapsed));
        }
        let all = tracedeck_core::view::tree::parents(&t);
        prop_assert_eq!(tracedeck_core::view::tree::visible_rows(&t, &all), t.roots.clone());
    }
}
