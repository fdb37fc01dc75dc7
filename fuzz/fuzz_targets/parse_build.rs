//! Any bytes through every reader, the tree rules, the view model and the exporter: no panic.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use tracedeck::model::{Summary, Trace};
use tracedeck::view::tree::{bar, parents, visible_rows};
use tracedeck::wire;

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
        }
    }
    let exported = wire::jaeger::to_json(&traces.iter().collect::<Vec<_>>());
    let again = wire::jaeger::parse(exported.as_bytes()).expect("an export reads back");
    assert_eq!(again.traces.len(), traces.len());
});
