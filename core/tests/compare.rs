//! Two traces merged into one tree by hand: matching by path of service + operation, renamed,
//! added, removed, reordered and repeated siblings, the differences, the slowdown order, and
//! the baseline of typical durations.

mod common;

use common::{doc, loaded, op};
use serde_json::Value;
use tracedeck_core::view::compare::{Change, CompareSort, Comparison, Side};

/// A: GET /x 100 ms → auth 10, SELECT 20, SELECT 30, render 5 (in that order).
fn before(tid: &str) -> Value {
    doc(
        tid,
        vec![
            op(tid, "1", "GET /x", None, 0, 100_000),
            op(tid, "2", "auth", Some("1"), 1_000, 10_000),
            op(tid, "3", "SELECT", Some("1"), 12_000, 20_000),
            op(tid, "4", "SELECT", Some("1"), 33_000, 30_000),
            op(tid, "5", "render", Some("1"), 90_000, 5_000),
        ],
    )
}

/// B: GET /x 150 ms → render first (reordered) 6, authz (auth renamed) 12, SELECT 20, SELECT
/// 45, SELECT 40 (a third: added).
fn after(tid: &str) -> Value {
    doc(
        tid,
        vec![
            op(tid, "1", "GET /x", None, 0, 150_000),
            op(tid, "5", "render", Some("1"), 500, 6_000),
            op(tid, "2", "authz", Some("1"), 7_000, 12_000),
            op(tid, "3", "SELECT", Some("1"), 20_000, 20_000),
            op(tid, "4", "SELECT", Some("1"), 41_000, 45_000),
            op(tid, "6", "SELECT", Some("1"), 90_000, 40_000),
        ],
    )
}

/// (depth, operation, A's ms, B's ms, change), as written in a test.
type Line = (u32, &'static str, Option<i64>, Option<i64>, Change);
/// The same, as read from a comparison.
type Read = (u32, String, Option<i64>, Option<i64>, Change);
/// (operation, baseline ms, baseline samples, trace ms).
type BaselineRow = (String, Option<i64>, Option<usize>, Option<i64>);

fn lines(c: &Comparison, order: &[usize]) -> Vec<Read> {
    order
        .iter()
        .map(|&i| {
            let r = &c.rows[i];
            let ms = |v: Option<tracedeck_core::view::compare::SideValue>| {
                v.map(|v| v.duration_ns / 1_000_000)
            };
            (r.depth, r.operation.clone(), ms(r.a), ms(r.b), r.change())
        })
        .collect()
}

fn owned(expected: &[Line]) -> Vec<Read> {
    expected
        .iter()
        .map(|(d, o, a, b, c)| (*d, (*o).to_owned(), *a, *b, *c))
        .collect()
}

#[test]
fn two_traces_merge_by_path_with_repeated_siblings_matched_in_order() {
    let t = loaded(vec![before("a1b2c3d4e5f60718"), after("f0e1d2c3b4a59687")]);
    let c = Comparison::of(Side::trace(t[0].clone()), Side::trace(t[1].clone()));
    let tree: Vec<usize> = c.order(CompareSort::Tree);
    use Change::*;
    assert_eq!(
        lines(&c, &tree),
        owned(&[
            (0, "GET /x", Some(100), Some(150), Slower),
            // A's order: auth (gone: renamed), the two SELECTs matched first to first, render;
            (1, "auth", Some(10), None, Removed),
            (1, "SELECT", Some(20), Some(20), Same),
            (1, "SELECT", Some(30), Some(45), Slower),
            (1, "render", Some(5), Some(6), Slower),
            // then what only B has, in B's order.
            (1, "authz", None, Some(12), Added),
            (1, "SELECT", None, Some(40), Added),
        ])
    );
    let second_select = &c.rows[3];
    assert_eq!(second_select.delta_ns(), Some(15_000_000));
    assert_eq!(second_select.nth, 2);
    assert_eq!(second_select.delta_text("a", "b"), "+15ms (+50%)");
    assert_eq!(c.rows[4].delta_text("a", "b"), "+1ms (+20%)");
    // 10% of A or more is notable; the same duration is not.
    assert!(second_select.is_notable() && c.rows[4].is_notable());
    assert!(!c.rows[2].is_notable());
    assert!(!c.different_roots());
    assert_eq!(c.rows[1].delta_text("a", "b"), "only in a");
    assert_eq!(c.rows[5].delta_text("a", "b"), "only in b");
    assert_eq!(c.rows[2].delta_text("a", "b"), "±0µs (±0%)");
    // Largest slowdown first; one-sided rows last, in tree order.
    let by_slowdown = c.order(CompareSort::Slowdown);
    let ops: Vec<String> = lines(&c, &by_slowdown).into_iter().map(|l| l.1).collect();
    assert_eq!(
        ops,
        [
            "GET /x", "SELECT", "render", "SELECT", "auth", "authz", "SELECT"
        ]
    );
    assert_eq!(c.counts(), (1, 2, 3));
    assert_eq!(c.durations_ns(), (100_000_000, 150_000_000));
    assert_eq!(
        c.summary(),
        "Trace duration a1b2c3d 100ms → f0e1d2c 150ms: +50ms (+50%) · 3 spans slower · 1 only in a1b2c3d · 2 only in f0e1d2c"
    );
    // Each side's spans are known, for selecting; the critical paths are marked.
    assert_eq!(c.rows[0].a.and_then(|v| v.span), Some(0));
    assert!(c.rows[0].a.unwrap().critical && c.rows[0].b.unwrap().critical);
    // In B the third SELECT ends last (130 ms): on the critical path; in A render is.
    assert!(c.rows[6].b.unwrap().critical);
    assert!(c.rows[4].a.unwrap().critical);
    assert_eq!(
        (c.a.label.as_str(), c.b.label.as_str()),
        ("a1b2c3d", "f0e1d2c")
    );
}

#[test]
fn deeper_paths_match_only_under_the_same_parent_path() {
    // A: GET → auth → SELECT. B: GET → SELECT (moved up a level): two different paths.
    let t = loaded(vec![
        doc(
            "a",
            vec![
                op("a", "1", "GET /x", None, 0, 100),
                op("a", "2", "auth", Some("1"), 0, 50),
                op("a", "3", "SELECT", Some("2"), 0, 20),
            ],
        ),
        doc(
            "b",
            vec![
                op("b", "1", "GET /x", None, 0, 100),
                op("b", "3", "SELECT", Some("1"), 0, 20),
            ],
        ),
    ]);
    let c = Comparison::of(Side::trace(t[0].clone()), Side::trace(t[1].clone()));
    assert!(!c.different_roots());
    let elsewhere = loaded(vec![doc("c", vec![op("c", "1", "POST /y", None, 0, 100)])]);
    let unrelated = Comparison::of(Side::trace(t[0].clone()), Side::trace(elsewhere[0].clone()));
    assert!(unrelated.different_roots());
    let changes: Vec<(u32, &str, Change)> = c
        .rows
        .iter()
        .map(|r| (r.depth, r.operation.as_str(), r.change()))
        .collect();
    assert_eq!(
        changes,
        [
            (0, "GET /x", Change::Same),
            (1, "auth", Change::Removed),
            (2, "SELECT", Change::Removed),
            (1, "SELECT", Change::Added)
        ]
    );
}

#[test]
fn the_baseline_is_each_paths_p50_over_the_other_traces_of_the_same_root() {
    // Three earlier runs of GET /x: SELECTs of 10/20/30, 12/22, 14 (a second SELECT in two of
    // three: typical; a third only in one: not); one trace of another root, left out.
    let runs = [vec![10, 20, 30], vec![12, 22], vec![14]];
    let mut docs: Vec<Value> = runs
        .iter()
        .enumerate()
        .map(|(n, selects)| {
            let tid = format!("{n}0");
            let mut spans = vec![op(
                &tid,
                "1",
                "GET /x",
                None,
                0,
                100_000 + n as i64 * 10_000,
            )];
            for (k, ms) in selects.iter().enumerate() {
                spans.push(op(
                    &tid,
                    &format!("{}", k + 2),
                    "SELECT",
                    Some("1"),
                    k as i64 * 1_000,
                    ms * 1_000,
                ));
            }
            doc(&tid, spans)
        })
        .collect();
    docs.push(doc("99", vec![op("99", "1", "POST /y", None, 0, 5)]));
    docs.push(after("b"));
    let all = loaded(docs);
    let open = all.last().unwrap().clone();
    let typical = Side::typical(&open, &all).expect("three other GET /x traces");
    assert_eq!(typical.label, "typical (3 traces)");
    let c = Comparison::of(typical, Side::trace(open));
    let rows: Vec<BaselineRow> = c
        .rows
        .iter()
        .map(|r| {
            (
                r.operation.clone(),
                r.a.map(|v| v.duration_ns / 1_000_000),
                r.a.map(|v| v.samples),
                r.b.map(|v| v.duration_ns / 1_000_000),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            // Roots 100/110/120 ms: p50 110 ms.
            ("GET /x".to_owned(), Some(110), Some(3), Some(150)),
            // First SELECTs 10/12/14: p50 12 ms. Second 20/22: nearest-rank p50 of two = 20.
            ("SELECT".to_owned(), Some(12), Some(3), Some(20)),
            ("SELECT".to_owned(), Some(20), Some(2), Some(45)),
            // In this trace only: render, authz, its third SELECT (the baseline's third is in
            // one run of three: not typical).
            ("render".to_owned(), None, None, Some(6)),
            ("authz".to_owned(), None, None, Some(12)),
            ("SELECT".to_owned(), None, None, Some(40)),
        ]
    );
    assert_eq!(c.durations_ns().0, 110_000_000);
    // Without another trace of its root, there is no baseline.
    let alone = loaded(vec![after("c")]);
    assert!(Side::typical(&alone[0], &alone).is_none());
}

#[test]
fn a_comparison_waits_for_both_traces_and_says_why_it_cannot_be_made() {
    use tracedeck_core::view::compare::{ComparePair, CompareState, CompareWith};
    use tracedeck_core::view::load::Lookup;
    let t = loaded(vec![before("a1b2c3d4e5f60718"), after("f0e1d2c3b4a59687")]);
    let (a, b) = (t[0].trace_id.clone(), t[1].trace_id.clone());
    let pair = ComparePair {
        a: a.clone(),
        b: CompareWith::Trace(b.clone()),
    };
    // Neither found yet: both named as on their way.
    assert_eq!(
        CompareState::of(&pair, |_| None, &[]),
        CompareState::Loading(vec![a.clone(), b.clone()])
    );
    // One failed: its reason, whatever the other does.
    let failed =
        |id: &str| (id == b).then(|| Lookup::Failed("No trace with ID b was found.".into()));
    assert_eq!(
        CompareState::of(&pair, failed, &[]),
        CompareState::Failed("No trace with ID b was found.".into())
    );
    let found = |id: &str| {
        t.iter()
            .find(|x| x.trace_id == id)
            .cloned()
            .map(Lookup::Found)
    };
    let CompareState::Ready(c) = CompareState::of(&pair, found, &[]) else {
        panic!("both found");
    };
    assert_eq!(c.rows.len(), 7);
    // Against the typical: no other trace of its root loaded.
    let typical = ComparePair {
        a: a.clone(),
        b: CompareWith::Typical,
    };
    assert_eq!(
        CompareState::of(&typical, found, &t[..1]),
        CompareState::Failed(
            "No other loaded trace has the root operation GET /x: nothing typical to compare it \
             with."
                .into()
        )
    );
    assert!(matches!(
        CompareState::of(&typical, found, &t),
        CompareState::Ready(_)
    ));
}
