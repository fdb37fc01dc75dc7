//! Parse + build the span tree for generated Jaeger traces: 1k, 10k and 100k spans of a realistic
//! shape (fan-out and depth, tags and logs), and a 50,000-deep chain.
//! `cargo bench --bench parse_build`; divan prints time per trace and spans per second.

use divan::counter::ItemsCount;
use serde_json::{Value, json};
use tracedeck_core::model::Trace;
use tracedeck_core::wire::jaeger;

fn main() {
    divan::main();
}

/// A trace where each span has 1–6 children (depth ~8), HTTP/DB tags and an occasional log.
fn realistic(spans: usize) -> Vec<u8> {
    let mut list: Vec<Value> = Vec::with_capacity(spans);
    let mut next_parent = 0usize;
    let mut fanout_left = 3usize;
    for i in 0..spans {
        let parent = if i == 0 {
            None
        } else {
            if fanout_left == 0 {
                next_parent += 1;
                fanout_left = 1 + (next_parent * 7919) % 6;
            }
            fanout_left -= 1;
            Some(next_parent)
        };
        let start = 1_700_000_000_000_000i64 + (i as i64) * 37;
        list.push(json!({
            "traceID": "4bf92f3577b34da6a3ce929d0e0e4736",
            "spanID": format!("{:016x}", i + 1),
            "operationName": if i % 3 == 0 { "GET /api/v1/session/:id" } else { "SELECT sessions" },
            "references": parent.map(|p| vec![json!({"refType": "CHILD_OF", "traceID": "4bf92f3577b34da6a3ce929d0e0e4736", "spanID": format!("{:016x}", p + 1)})]).unwrap_or_default(),
            "startTime": start,
            "duration": 5_000 + (i % 97) as i64,
            "tags": [
                {"key": "span.kind", "type": "string", "value": if i % 2 == 0 { "server" } else { "client" }},
                {"key": "http.request.method", "type": "string", "value": "GET"},
                {"key": "http.response.status_code", "type": "int64", "value": if i % 50 == 0 { 503 } else { 200 }},
                {"key": "db.system", "type": "string", "value": "postgresql"}
            ],
            "logs": if i % 10 == 0 { json!([{"timestamp": start + 1, "fields": [{"key": "event", "type": "string", "value": "retry"}]}]) } else { json!([]) },
            "processID": format!("p{}", i % 4 + 1),
            "warnings": null
        }));
    }
    let processes: serde_json::Map<String, Value> = (1..=4)
        .map(|p| (format!("p{p}"), json!({"serviceName": format!("service-{p}"), "tags": [{"key": "host.name", "type": "string", "value": "h"}]})))
        .collect();
    // Written by hand for Jaeger's key order (`traceID` first), which `json!` would sort away.
    format!(
        r#"{{"data":[{{"traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spans":{},"processes":{}}}]}}"#,
        Value::from(list),
        Value::from(processes)
    )
    .into_bytes()
}

fn chain(spans: usize) -> Vec<u8> {
    let list: Vec<Value> = (0..spans)
        .map(|i| {
            json!({
                "traceID": "1", "spanID": format!("{:x}", i + 1), "operationName": "step",
                "references": if i == 0 { json!([]) } else { json!([{"refType": "CHILD_OF", "traceID": "1", "spanID": format!("{:x}", i)}]) },
                "startTime": i, "duration": spans - i, "processID": "p1"
            })
        })
        .collect();
    serde_json::to_vec(
        &json!({"traceID": "1", "spans": list, "processes": {"p1": {"serviceName": "s"}}}),
    )
    .unwrap()
}

fn parse_and_build(bytes: &[u8]) -> Vec<Trace> {
    jaeger::parse(bytes)
        .unwrap()
        .traces
        .into_iter()
        .map(Trace::build)
        .collect()
}

#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 10)]
fn realistic_trace(bencher: divan::Bencher, spans: usize) {
    let bytes = realistic(spans);
    bencher
        .counter(ItemsCount::new(spans))
        .bench(|| parse_and_build(divan::black_box(&bytes)));
}

#[divan::bench(sample_count = 10)]
fn chain_50000_deep(bencher: divan::Bencher) {
    let bytes = chain(50_000);
    bencher
        .counter(ItemsCount::new(50_000usize))
        .bench(|| parse_and_build(divan::black_box(&bytes)));
}

/// Reading alone (no tree): a whole 100,000-span answer, and the same answer when its trace was
/// already seen in another service's answer (its spans skipped unread); each whole, and in
/// 64 KiB pieces as the browser hands them over (`jaeger::AnswerStream`).
#[divan::bench(args = ["read", "skip seen", "read in pieces", "skip seen in pieces"], sample_count = 10)]
fn parse_100k(bencher: divan::Bencher, what: &str) {
    let bytes = realistic(100_000);
    let seen: std::collections::HashSet<String> = if what.starts_with("skip") {
        ["4bf92f3577b34da6a3ce929d0e0e4736".to_owned()].into()
    } else {
        Default::default()
    };
    let bencher = bencher.counter(divan::counter::BytesCount::new(bytes.len()));
    if what.ends_with("in pieces") {
        bencher.bench(|| {
            let mut seen = seen.clone();
            let mut stream = jaeger::AnswerStream::new();
            for piece in divan::black_box(&bytes).chunks(64 * 1024) {
                stream.feed(piece, &mut seen).unwrap();
            }
            stream.finish(&seen).unwrap().traces.len()
        });
    } else {
        bencher.bench(|| {
            jaeger::parse_unseen(divan::black_box(&bytes), &seen)
                .unwrap()
                .traces
                .len()
        });
    }
}

/// The tree alone, from records already parsed: what a rebuild would cost.
#[divan::bench(args = [100_000], sample_count = 10)]
fn build_only(bencher: divan::Bencher, spans: usize) {
    let records = jaeger::parse(&realistic(spans)).unwrap().traces;
    bencher
        .counter(ItemsCount::new(spans))
        .with_inputs(|| records.clone())
        .bench_values(|records| records.into_iter().map(Trace::build).collect::<Vec<_>>());
}

/// A flame graph of a 100,000-span trace: laid out by time, merged by operation, and the
/// rectangles of the whole graph on a 1,400 px canvas (what one draw computes).
#[divan::bench(args = ["by time", "merged", "rects"], sample_count = 10)]
fn flame_100k(bencher: divan::Bencher, what: &str) {
    use std::sync::Arc;
    use tracedeck_core::view::flame::{FlameGraph, FlameState};
    let trace = Arc::new(parse_and_build(&realistic(100_000)).remove(0));
    match what {
        "by time" => bencher.bench(|| FlameGraph::by_time(trace.clone())),
        "merged" => bencher.bench(|| FlameGraph::merged(std::slice::from_ref(&trace), None)),
        _ => {
            let graph = FlameGraph::by_time(trace.clone());
            let window = FlameState::default().window(&graph);
            bencher.bench(|| graph.rects(window, 1400.0, 24, None).len());
        }
    }
}

/// Typical durations over a loaded 100,000-span trace: the samples by service + operation (built
/// once per list), the trace's unusual spans (once per open trace and per list row), and the
/// merged comparison of the trace with itself (what "Compare" builds).
#[divan::bench(args = ["samples", "unusual", "compare"], sample_count = 10)]
fn compare_100k(bencher: divan::Bencher, what: &str) {
    use std::sync::Arc;
    use tracedeck_core::view::compare::{Comparison, Side};
    use tracedeck_core::view::typical::Typical;
    let trace = Arc::new(parse_and_build(&realistic(100_000)).remove(0));
    let loaded = [trace.clone()];
    match what {
        "samples" => bencher.bench(|| Typical::of(&loaded)),
        "unusual" => {
            let typical = Typical::of(&loaded);
            bencher.bench(|| typical.unusual_spans(&trace).len());
        }
        _ => bencher.bench(|| {
            Comparison::of(Side::trace(trace.clone()), Side::trace(trace.clone()))
                .rows
                .len()
        }),
    }
}
