//! Any bytes through every reader, the tree rules, the view model and the exporter: no panic.
#![no_main]

use std::collections::HashSet;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use tracedeck_core::model::{Summary, Trace};
use tracedeck_core::view::chart::{scatter, spread_window, starts, volume};
use tracedeck_core::view::list_filter::{ListFilter, ListSort, filter_and_sort};
use tracedeck_core::view::service_map::{layout, service_map};
use tracedeck_core::view::stats::operation_stats;
use tracedeck_core::view::tree::{
    GROUP_MIN_RUN, bar, fold_groups, parents, sibling_groups, visible_rows,
};
use tracedeck_core::view::zoom::Zoom;
use tracedeck_core::wire;

fuzz_target!(|data: &[u8]| {
    let Ok(document) = wire::parse_any(data) else {
        return;
    };
    let traces: Vec<Trace> = document.traces.into_iter().map(Trace::build).collect();
    for t in &traces {
        let _ = Summary::of(t);
        assert_eq!(visible_rows(t, &HashSet::new()).len(), t.spans.len());
        assert_eq!(visible_rows(t, &parents(t)).len(), t.roots.len());
        for i in 0..t.spans.len() as u32 {
            let b = bar(t, i);
            assert!(b.left_pct.is_finite() && b.width_pct.is_finite());
            let span = t.span(i);
            if tracedeck_core::model::id::is_hex_id(&span.span_id) {
                assert_eq!(t.find_span(&t.span_key(i)), Some(i), "each span has a key of its own");
            }
            let zoom = Zoom::around(t, span.start_ns, span.duration_ns);
            assert!(0.0 <= zoom.from && zoom.from <= zoom.to && zoom.to <= 1.0, "{zoom:?}");
            assert!(zoom.scale().is_finite());
            let _ = zoom.ruler(t);
        }
        let groups = sibling_groups(t, GROUP_MIN_RUN);
        let folded: HashSet<u32> = groups.keys().copied().collect();
        let rows = fold_groups(t, visible_rows(t, &HashSet::new()), &groups, &folded);
        assert!(rows.len() <= t.spans.len());
    }
    // Everything computed across the loaded traces.
    let shared: Vec<Arc<Trace>> = traces.iter().cloned().map(Arc::new).collect();
    for stat in operation_stats(&shared) {
        assert!(stat.p50_ns <= stat.p95_ns && stat.p95_ns <= stat.p99_ns && stat.p99_ns <= stat.max_ns);
    }
    let map = service_map(&shared);
    assert_eq!(layout(&map).len(), map.nodes.len());
    let window = (i64::MIN / 2, i64::MAX / 2);
    for dot in scatter(&shared, window).dots {
        assert!((0.0..=1.0).contains(&dot.x) && (0.0..=1.0).contains(&dot.y));
    }
    for window in [(0, 3_600_000_000), spread_window(&shared), (i64::MIN, i64::MAX)] {
        let strip = volume(starts(&shared), window);
        assert!(strip.total() <= shared.len() && strip.bars.len() <= 101);
        for b in &strip.bars {
            assert!(b.x >= 0.0 && b.width >= 0.0 && b.x + b.width <= 1.0 + 1e-9, "{b:?}");
        }
    }
    let sorted = filter_and_sort(&shared, &ListFilter::default(), ListSort::Longest);
    assert_eq!(sorted.len(), shared.len());
    let exported = wire::jaeger::to_json(&traces.iter().collect::<Vec<_>>());
    let again = wire::jaeger::parse(exported.as_bytes()).expect("an export reads back");
    assert_eq!(again.traces.len(), traces.len());
});
