//! Runs of similar siblings fold into one row.

mod common;

use std::collections::HashSet;

use common::{child, idx, span, trace, with_tags};
use serde_json::json;
use tracedeck_core::view::tree::{GROUP_MIN_RUN, fold_groups, sibling_groups, visible_rows};

/// root → six `op-q` queries (the third failing, the fourth with a child), then `other`.
/// Query n starts at 10·n and lasts n µs, so the average is 3.5 µs over 10–61.
fn looping() -> tracedeck_core::model::Trace {
    let mut spans = vec![span("root", 0, 100)];
    for n in 1..=6 {
        let mut q = child(&format!("q{n}"), "root", 10 * n, n);
        q["operationName"] = json!("op-q");
        if n == 3 {
            q = with_tags(q, json!([{"key": "error", "value": true}]));
        }
        spans.push(q);
    }
    spans.push(child("inner", "q4", 40, 1));
    spans.push(child("other", "root", 80, 5));
    trace(spans)
}

fn ids(t: &tracedeck_core::model::Trace, rows: &[u32]) -> Vec<String> {
    rows.iter()
        .map(|&i| t.span(i).span_id.trim_start_matches('0').to_owned())
        .collect()
}

#[test]
fn a_run_of_similar_siblings_is_one_group_with_its_average() {
    let t = looping();
    let groups = sibling_groups(&t, GROUP_MIN_RUN);
    assert_eq!(groups.len(), 1);
    let group = &groups[&idx(&t, "q1")];
    assert_eq!(group.members.len(), 6);
    // (1 + 2 + 3 + 4 + 5 + 6) / 6 = 3.5 µs.
    assert_eq!(group.avg_duration_ns, 3_500);
    assert_eq!((group.start_ns, group.end_ns), (10_000, 66_000));
    assert_eq!(group.errors, 1);
    // Runs shorter than the minimum are not grouped.
    assert!(sibling_groups(&t, 7).is_empty());
}

#[test]
fn a_folded_group_shows_its_first_member_only_and_unfolds_whole() {
    let t = looping();
    let groups = sibling_groups(&t, GROUP_MIN_RUN);
    let rows = visible_rows(&t, &HashSet::new());
    assert_eq!(rows.len(), 9);
    let folded: HashSet<u32> = groups.keys().copied().collect();
    let shown = fold_groups(&t, rows.clone(), &groups, &folded);
    assert_eq!(ids(&t, &shown), ["root", "q1", "other"]);
    assert_eq!(
        ids(&t, &fold_groups(&t, rows.clone(), &groups, &HashSet::new())),
        ["root", "q1", "q2", "q3", "q4", "inner", "q5", "q6", "other"]
    );
}

#[test]
fn different_operations_or_services_break_a_run() {
    let mut spans = vec![span("root", 0, 100)];
    for n in 1..=10 {
        let mut q = child(&format!("q{n}"), "root", n, 1);
        q["operationName"] = json!("same");
        if n == 5 {
            q["processID"] = json!("p2");
        }
        spans.push(q);
    }
    let t = trace(spans);
    let groups = sibling_groups(&t, GROUP_MIN_RUN);
    // q1–q4 (4) then q5 in another service, then q6–q10 (5): one group.
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[&idx(&t, "q6")].members.len(), 5);
}
