//! Typical durations by hand: a span's kind (service + operation) over the loaded traces, the
//! span itself left out, its nearest-rank p50 and p95, where the span sits, the markers of
//! unusual spans, and kinds with too few samples.

mod common;

use std::sync::Arc;

use common::loaded;
use serde_json::{Value, json};
use tracedeck_core::model::Trace;
use tracedeck_core::view::typical::{MIN_SAMPLES, Standing, Typical};

/// Trace `tid`: a root `GET /` (svc-a) with one `SELECT` child (svc-b) per duration (µs).
fn doc(tid: &str, root_us: i64, selects_us: &[i64]) -> Value {
    let mut spans = vec![json!({
        "traceID": tid, "spanID": "1", "operationName": "GET /", "startTime": 0,
        "duration": root_us, "processID": "p1", "references": [], "tags": [], "logs": []
    })];
    for (n, d) in selects_us.iter().enumerate() {
        spans.push(json!({
            "traceID": tid, "spanID": format!("{:x}", n + 2), "operationName": "SELECT",
            "startTime": 1, "duration": d, "processID": "p2",
            "references": [{"refType": "CHILD_OF", "traceID": tid, "spanID": "1"}],
            "tags": [], "logs": []
        }));
    }
    json!({
        "traceID": tid, "spans": spans,
        "processes": {
            "p1": {"serviceName": "svc-a", "tags": []},
            "p2": {"serviceName": "svc-b", "tags": []}
        }
    })
}

/// 20 SELECTs of 1..=20 ms across four traces (5 each), roots of 100 ms in each.
fn twenty() -> Vec<Arc<Trace>> {
    loaded(
        (0..4)
            .map(|t| {
                let selects: Vec<i64> = (1..=5).map(|k| (t * 5 + k) * 1_000).collect();
                doc(&format!("a{t}"), 100_000, &selects)
            })
            .collect(),
    )
}

#[test]
fn a_kind_has_nearest_rank_p50_and_p95_over_the_other_spans_and_a_span_its_percentile() {
    let typical = Typical::of(&twenty());
    // The 20 ms span among 1..20 ms: the 19 others' p50 is the 10th (10 ms), p95 the 19th (19 ms).
    let Standing::Known(t) = typical.standing("svc-b", "SELECT", 20_000_000, true) else {
        panic!("19 other samples are enough");
    };
    assert_eq!(
        (t.samples, t.p50_ns, t.p95_ns),
        (19, 10_000_000, 19_000_000)
    );
    assert_eq!(t.percentile, 100.0);
    assert!(t.is_unusual());
    assert_eq!(t.marker(), "2× p50");
    // 7 ms: 6 of the 19 others at or below it.
    let Standing::Known(seven) = typical.standing("svc-b", "SELECT", 7_000_000, true) else {
        panic!()
    };
    assert!((seven.percentile - 6.0 * 100.0 / 19.0).abs() < 1e-9);
    assert_eq!(
        typical
            .standing("svc-b", "SELECT", 7_000_000, true)
            .detail_rows()[0]
            .1,
        "p31: as slow as or slower than 31% of its kind"
    );
    // The fastest: no other is as fast.
    assert_eq!(
        typical
            .standing("svc-b", "SELECT", 1_000_000, true)
            .detail_rows()[0]
            .1,
        "p0: faster than every other span of its kind"
    );
    assert!(!seven.is_unusual());
    // 19 ms: the others are 1..18 and 20, whose p95 is 20 ms.
    assert!(
        typical
            .standing("svc-b", "SELECT", 19_000_000, true)
            .unusual()
            .is_none()
    );
    // A span of a trace that is not loaded is set against all 20.
    assert_eq!(
        typical
            .standing("svc-b", "SELECT", 34_000_000, false)
            .unusual()
            .map(|t| (t.samples, t.marker())),
        Some((20, "3.4× p50".to_owned()))
    );
}

#[test]
fn five_other_spans_are_enough_to_call_one_unusual() {
    // One trace, six SELECTs: five of 1 ms and one of 9 ms.
    let loaded = loaded(vec![doc(
        "s",
        100_000,
        &[1_000, 1_000, 1_000, 1_000, 1_000, 9_000],
    )]);
    let typical = Typical::of(&loaded);
    let unusual = typical.unusual_spans(&loaded[0]);
    assert_eq!(unusual.len(), 1);
    let slow = typical
        .standing_of(&loaded[0], unusual[0])
        .unusual()
        .unwrap();
    assert_eq!((slow.samples, slow.marker()), (5, "9× p50".to_owned()));
}

#[test]
fn a_kind_with_fewer_than_five_other_spans_says_so() {
    let typical = Typical::of(&twenty());
    // Four roots of GET /: three others.
    assert_eq!(
        typical.standing("svc-a", "GET /", 100_000_000, true),
        Standing::TooFewSamples(3)
    );
    assert_eq!(MIN_SAMPLES, 5);
    let rows = typical
        .standing("svc-a", "GET /", 100_000_000, true)
        .detail_rows();
    assert_eq!(rows.len(), 1);
    assert!(
        rows[0].1.starts_with("too few samples (3 other spans"),
        "{rows:?}"
    );
    // An unknown kind has none at all.
    assert_eq!(
        typical.standing("svc-c", "GET /", 1, false),
        Standing::TooFewSamples(0)
    );
    // The same operation name under another service is another kind.
    assert_eq!(
        typical.standing("svc-a", "SELECT", 1, false),
        Standing::TooFewSamples(0)
    );
}

#[test]
fn the_unusual_spans_of_a_trace_are_those_over_their_kinds_p95_and_well_over_its_p50() {
    let twenty = twenty();
    let typical = Typical::of(&twenty);
    // Trace a3 holds 16..20 ms: only 20 ms is over the others' p95 (19 ms).
    let a3 = &twenty[3];
    let unusual = typical.unusual_spans(a3);
    assert_eq!(unusual.len(), 1);
    assert_eq!(a3.span(unusual[0]).duration_ns, 20_000_000);
    assert!(typical.unusual_spans(&twenty[0]).is_empty());
    // The roots have too few samples: never unusual, however slow.
    let slow_root = &loaded(vec![doc("z", 9_000_000, &[])])[0];
    assert!(typical.unusual_spans(slow_root).is_empty());
}

#[test]
fn the_detail_tells_where_a_span_sits() {
    let typical = Typical::of(&twenty());
    let rows = typical
        .standing("svc-b", "SELECT", 20_000_000, true)
        .detail_rows();
    let text: Vec<String> = rows.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    assert_eq!(
        text,
        [
            "Percentile: p100: as slow as or slower than every other span of its kind, unusual",
            "p50: 10ms (this span 2×)",
            "p95: 19ms",
            "Samples: 19 other spans",
        ]
    );
}

#[test]
fn a_p50_of_zero_gives_a_marker_without_a_ratio() {
    let mut selects = vec![0; 19];
    selects.push(5);
    let loaded = loaded(vec![doc("z", 10, &selects)]);
    let typical = Typical::of(&loaded);
    let slow = typical.unusual_spans(&loaded[0]);
    assert_eq!(slow.len(), 1);
    let t = typical.standing_of(&loaded[0], slow[0]).unusual().unwrap();
    assert_eq!((t.p50_ns, t.marker()), (0, "> p95".to_owned()));
}

#[test]
fn a_span_barely_over_a_steady_kinds_p95_is_not_unusual() {
    // A steady kind: 19 SELECTs from 10.0 to 10.9 ms.
    let mut selects: Vec<i64> = (0..19).map(|k| 10_000 + k * 50).collect();
    // 11.5 ms: over the p95, but 1.1× the p50 — not slow for its kind. 16 ms (1.5×) is.
    selects.push(11_500);
    selects.push(16_000);
    let loaded = loaded(vec![doc("s", 100_000, &selects)]);
    let typical = Typical::of(&loaded);
    let unusual = typical.unusual_spans(&loaded[0]);
    let durations: Vec<i64> = unusual
        .iter()
        .map(|&i| loaded[0].span(i).duration_ns)
        .collect();
    assert_eq!(durations, [16_000_000]);
    let Standing::Known(barely) = typical.standing("svc-b", "SELECT", 11_500_000, true) else {
        panic!("20 other samples")
    };
    // The 20 others (the 16 ms one among them): p50 10.45 ms, p95 10.9 ms.
    assert_eq!((barely.p50_ns, barely.p95_ns), (10_450_000, 10_900_000));
    assert!(barely.duration_ns > barely.p95_ns);
    assert!(!barely.is_unusual());
}

#[test]
fn a_traces_unusual_spans_are_the_spans_its_detail_calls_unusual() {
    // Twenty traces of 1..20 ms, a steady kind with ties at its p95, and a slow one.
    let mut selects: Vec<i64> = (0..19).map(|k| 10_000 + k * 50).collect();
    selects.extend([10_900, 10_900, 11_500, 16_000, 40_000]);
    let mut all = twenty();
    all.extend(loaded(vec![doc("steady", 100_000, &selects)]));
    let typical = Typical::of(&all);
    for trace in &all {
        let listed: Vec<_> = typical.unusual_spans(trace);
        let told: Vec<_> = (trace.preorder.iter().copied())
            .filter(|&i| typical.standing_of(trace, i).unusual().is_some())
            .collect();
        assert_eq!(listed, told, "{}", trace.trace_id);
    }
}
