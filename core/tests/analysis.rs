//! Statistics, the service map, list filters and the chart, on small traces whose answers are
//! worked out by hand in the comments.

mod common;

use std::sync::Arc;

use common::traces;
use serde_json::{Value, json};
use tracedeck_core::model::Trace;
use tracedeck_core::view::chart::{bucket_us, scatter, spread_window, starts, volume};
use tracedeck_core::view::format::parse_duration;
use tracedeck_core::view::list_filter::{
    ListFilter, ListSort, OperationKey, StatusClass, filter_and_sort,
};
use tracedeck_core::view::service_map::{layout, service_map};
use tracedeck_core::view::stats::{StatsSort, compare, operation_stats, percentile, sort_stats};
use tracedeck_core::view::trace_list::TraceRow;

/// A span in Jaeger JSON: `parent` empty for a root; process p1 = api, p2 = core, p3 = db.
fn s(trace: &str, id: &str, parent: &str, op: &str, process: &str, start: i64, dur: i64) -> Value {
    let refs = if parent.is_empty() {
        json!([])
    } else {
        json!([{"refType": "CHILD_OF", "traceID": trace, "spanID": parent}])
    };
    json!({"traceID": trace, "spanID": id, "operationName": op, "references": refs,
           "startTime": start, "duration": dur, "processID": process, "tags": [], "logs": []})
}

fn failed(mut span: Value) -> Value {
    span["tags"] = json!([{"key": "error", "value": true}]);
    span
}

fn http(mut span: Value, method: &str, route: &str, status: i64) -> Value {
    span["tags"] = json!([
        {"key": "http.request.method", "value": method},
        {"key": "http.route", "value": route},
        {"key": "http.response.status_code", "value": status},
    ]);
    span
}

fn build(id: &str, spans: Vec<Value>) -> Arc<Trace> {
    let mut built = traces(json!({"traceID": id, "spans": spans, "processes": {
        "p1": {"serviceName": "api"}, "p2": {"serviceName": "core"}, "p3": {"serviceName": "db"}
    }}));
    Arc::new(built.remove(0))
}

/// Three traces:
/// - t1 at 1000 µs: GET /a (api, 0–100) → core call (core, 10–60) → query (db, 20–30)
/// - t2 at 2000 µs: GET /a (api, 0–300) → core call (core, 10–210, failed) → query ×2 (db)
/// - t3 at 3000 µs: POST /b (api, 0–50, 500), no children
fn window() -> Vec<Arc<Trace>> {
    vec![
        build(
            "1",
            vec![
                http(s("1", "a", "", "GET /a", "p1", 1000, 100), "GET", "/a", 200),
                s("1", "b", "a", "core call", "p2", 1010, 50),
                s("1", "c", "b", "query", "p3", 1020, 10),
            ],
        ),
        build(
            "2",
            vec![
                http(s("2", "a", "", "GET /a", "p1", 2000, 300), "GET", "/a", 200),
                failed(s("2", "b", "a", "core call", "p2", 2010, 200)),
                s("2", "c", "b", "query", "p3", 2020, 20),
                s("2", "d", "b", "query", "p3", 2050, 40),
            ],
        ),
        build(
            "3",
            vec![http(
                s("3", "a", "", "POST /b", "p1", 3000, 50),
                "POST",
                "/b",
                500,
            )],
        ),
    ]
}

#[test]
fn percentiles_use_the_nearest_rank() {
    let values: Vec<i64> = (1..=10).map(|n| n * 10).collect();
    // 50 % of 10 values → rank 5 → 50; 95 % → rank ceil(9.5) = 10 → 100; 10 % → rank 1 → 10.
    assert_eq!(percentile(&values, 50.0), Some(50));
    assert_eq!(percentile(&values, 95.0), Some(100));
    assert_eq!(percentile(&values, 10.0), Some(10));
    assert_eq!(percentile(&values, 0.0), Some(10));
    assert_eq!(percentile(&[7], 99.0), Some(7));
    assert_eq!(percentile(&[], 50.0), None);
    // Three values: p50 → rank ceil(1.5) = 2.
    assert_eq!(percentile(&[10, 20, 40], 50.0), Some(20));
}

#[test]
fn operation_statistics_count_fail_rank_and_add_self_time() {
    let stats = operation_stats(&window());
    let get = |service: &str, op: &str| {
        stats
            .iter()
            .find(|s| s.key.service == service && s.key.operation == op)
            .unwrap()
    };
    // query: 10, 20, 40 µs → p50 20, p95 and p99 40 (rank 3), max 40; self time 70 (leaves).
    let query = get("db", "query");
    assert_eq!(query.count, 3);
    assert_eq!(
        (query.p50_ns, query.p95_ns, query.p99_ns, query.max_ns),
        (20_000, 40_000, 40_000, 40_000)
    );
    assert_eq!(query.self_time_ns, 70_000);
    assert_eq!(query.errors, 0);
    // core call: 50 and 200, one failed → 50 % errors; self time (50−10) + (200−60) = 180.
    let core = get("core", "core call");
    assert_eq!((core.count, core.errors), (2, 1));
    assert_eq!(core.error_rate(), 0.5);
    assert_eq!((core.p50_ns, core.max_ns), (50_000, 200_000));
    assert_eq!(core.self_time_ns, 180_000);
    // GET /a: 100 and 300; self time (100−50) + (300−200) = 150.
    assert_eq!(get("api", "GET /a").self_time_ns, 150_000);
    // Most frequent first, ties by service then operation: query (3), GET /a and core call (2),
    // POST /b (1).
    let order = |stats: &[tracedeck_core::view::stats::OperationStats]| -> Vec<String> {
        stats.iter().map(|s| s.key.operation.clone()).collect()
    };
    assert_eq!(order(&stats), ["query", "GET /a", "core call", "POST /b"]);
    let mut sorted = stats.clone();
    // p95: GET /a 300, core call 200, POST /b 50, query 40.
    sort_stats(&mut sorted, StatsSort::P95);
    assert_eq!(order(&sorted), ["GET /a", "core call", "POST /b", "query"]);
    // Error rate: POST /b 100 % (its 500), core call 50 %, then 0 % by name.
    sort_stats(&mut sorted, StatsSort::ErrorRate);
    assert_eq!(order(&sorted), ["POST /b", "core call", "GET /a", "query"]);
}

#[test]
fn comparing_windows_gives_deltas_and_keeps_operations_that_went_away() {
    let all = window();
    let before = operation_stats(&all[..1]);
    let after = operation_stats(&all[1..]);
    let rows = compare(&before, &after);
    let find = |op: &str| rows.iter().find(|r| r.key.operation == op).unwrap();
    // GET /a p95: 100 µs before, 300 after → +200 µs.
    assert_eq!(find("GET /a").p95_delta_ns(), Some(200_000));
    // query p50: 10 µs before; 20 and 40 after → rank 1 → 20 → +10 µs.
    assert_eq!(find("query").p50_delta_ns(), Some(10_000));
    // core call errors: 0 % before, 100 % after → +100 points.
    assert_eq!(find("core call").error_rate_delta_points(), Some(100.0));
    // POST /b is new: no delta.
    assert_eq!(find("POST /b").p95_delta_ns(), None);
    assert_eq!(rows.len(), 4);
    // An operation only in the pinned window is kept, at the end.
    let gone = compare(&after, &before);
    assert_eq!(gone.last().unwrap().key.operation, "POST /b");
    assert!(gone.last().unwrap().current.is_none());
}

#[test]
fn the_service_map_counts_calls_and_failed_calls_between_services() {
    let map = service_map(&window());
    let names: Vec<&str> = map.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["api", "core", "db"]);
    let api = &map.nodes[0];
    assert_eq!(
        (api.spans, api.traces, api.errors),
        (3, 3, 1),
        "t3's 500 is an error"
    );
    let edges: Vec<(&str, &str, usize, usize)> = map
        .edges
        .iter()
        .map(|e| (e.from.as_str(), e.to.as_str(), e.calls, e.errors))
        .collect();
    // api → core: t1, t2 (failed); core → db: 1 + 2.
    assert_eq!(edges, [("api", "core", 2, 1), ("core", "db", 3, 0)]);
    let at = layout(&map);
    assert_eq!((at["api"], at["core"], at["db"]), ((0, 0), (1, 0), (2, 0)));
}

#[test]
fn a_call_cycle_between_services_still_lays_out() {
    let cyclic = build(
        "9",
        vec![
            s("9", "a", "", "x", "p1", 0, 10),
            s("9", "b", "a", "y", "p2", 1, 5),
            s("9", "c", "b", "z", "p1", 2, 1),
        ],
    );
    let map = service_map(&[cyclic]);
    assert_eq!(map.edges.len(), 2, "api → core and core → api");
    let at = layout(&map);
    assert_ne!(at["api"], at["core"]);
}

#[test]
fn the_list_filters_and_sorts_in_the_browser() {
    let all = window();
    let ids = |filter: &ListFilter, sort| -> Vec<String> {
        filter_and_sort(&all, filter, sort)
            .iter()
            .map(|t| t.trace_id.trim_start_matches('0').to_owned())
            .collect()
    };
    let none = ListFilter::default();
    assert_eq!(ids(&none, ListSort::Newest), ["3", "2", "1"]);
    assert_eq!(ids(&none, ListSort::Oldest), ["1", "2", "3"]);
    assert_eq!(ids(&none, ListSort::Longest), ["2", "1", "3"]);
    assert_eq!(ids(&none, ListSort::Shortest), ["3", "1", "2"]);
    assert_eq!(ids(&none, ListSort::MostSpans), ["2", "1", "3"]);
    // Errors: t2 (core failed) 1, t3 (500) 1, t1 0; ties newest first.
    assert_eq!(ids(&none, ListSort::MostErrors), ["3", "2", "1"]);
    let errors = ListFilter {
        errors_only: true,
        ..ListFilter::default()
    };
    assert_eq!(ids(&errors, ListSort::Newest), ["3", "2"]);
    let slow = ListFilter {
        min_duration_ns: Some(100_000),
        ..ListFilter::default()
    };
    assert_eq!(ids(&slow, ListSort::Newest), ["2", "1"]);
    let post = ListFilter {
        method: Some("POST".into()),
        ..ListFilter::default()
    };
    assert_eq!(ids(&post, ListSort::Newest), ["3"]);
    let ok = ListFilter {
        status: Some(StatusClass::Success),
        ..ListFilter::default()
    };
    assert_eq!(ids(&ok, ListSort::Newest), ["2", "1"]);
    let route = ListFilter {
        route: Some("/B".into()),
        ..ListFilter::default()
    };
    assert_eq!(ids(&route, ListSort::Newest), ["3"]);
    let db = ListFilter {
        service: Some("db".into()),
        ..ListFilter::default()
    };
    assert_eq!(ids(&db, ListSort::Newest), ["2", "1"]);
    let op = ListFilter {
        operation: OperationKey::parse("core:core call"),
        ..ListFilter::default()
    };
    assert_eq!(ids(&op, ListSort::Newest), ["2", "1"]);
}

#[test]
fn list_filters_round_trip_through_the_address() {
    let filter = ListFilter {
        errors_only: true,
        min_duration_ns: Some(1_500_000),
        method: Some("GET".into()),
        status: Some(StatusClass::ServerError),
        route: Some("/api".into()),
        operation: OperationKey::parse("core:GET /x:y"),
        service: None,
    };
    let pairs = filter.to_pairs();
    assert_eq!(
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>(),
        [
            "errors=1",
            "min=1500us",
            "method=GET",
            "status=5xx",
            "route=/api",
            "op=core:GET /x:y"
        ]
    );
    let back = ListFilter::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
    assert_eq!(back, filter);
    assert_eq!(ListSort::parse("spans"), Some(ListSort::MostSpans));
}

#[test]
fn durations_typed_by_users_are_read() {
    // In ns.
    assert_eq!(parse_duration("250ms"), Some(250_000_000));
    assert_eq!(parse_duration("1.5s"), Some(1_500_000_000));
    assert_eq!(parse_duration("800us"), Some(800_000));
    assert_eq!(parse_duration("800 µs"), Some(800_000));
    assert_eq!(parse_duration("2m"), Some(120_000_000_000));
    assert_eq!(parse_duration("40"), Some(40_000_000));
    assert_eq!(parse_duration("800ns"), Some(800));
    assert_eq!(parse_duration("-5ms"), None);
    assert_eq!(parse_duration("fast"), None);
    assert_eq!(parse_duration(""), None);
}

#[test]
fn the_chart_places_dots_by_start_and_duration() {
    let all = window();
    // Durations 100, 300, 50: spread 6 → linear, top at the nice ceiling 500.
    let chart = scatter(&rows(&all), (0, 4000));
    assert!(!chart.log_scale);
    let dot = |id: &str| {
        chart
            .dots
            .iter()
            .find(|d| d.trace_id.ends_with(id))
            .unwrap()
    };
    assert_eq!((dot("1").x, dot("1").y), (0.25, 0.2));
    assert_eq!((dot("2").x, dot("2").y), (0.5, 0.6));
    assert_eq!((dot("3").x, dot("3").y), (0.75, 0.1));
    assert!(dot("2").error && !dot("1").error);
    assert_eq!(dot("1").root_service, "api");
    assert_eq!(chart.y_ticks.last(), Some(&(1.0, 500_000)), "500 µs in ns");
    // 50 µs to 5 s is a spread of 100,000: log scale, decades 10 µs … 10 s.
    let wide = vec![
        all[2].clone(),
        build("8", vec![s("8", "a", "", "slow", "p1", 3500, 5_000_000)]),
    ];
    let chart = scatter(&rows(&wide), (0, 4000));
    assert!(chart.log_scale);
    let ticks: Vec<i64> = chart.y_ticks.iter().map(|t| t.1).collect();
    assert_eq!(
        ticks,
        [10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000].map(|us: i64| us * 1_000)
    );
    // log10(50) = 1.699 on a 1–7 axis → (1.699 − 1) / 6 = 0.1165.
    let low = chart
        .dots
        .iter()
        .find(|d| d.trace_id.ends_with('3'))
        .unwrap();
    assert!((low.y - 0.1165).abs() < 0.001, "{}", low.y);
}

#[test]
fn a_trace_without_spans_has_no_place_on_the_chart() {
    let mut all = window();
    all.push(build("9", vec![]));
    // Its start of 0 µs would drag a file's window back to 1970, and its 0 µs the axis down.
    assert_eq!(spread_window(&all), (1000 - 1_000_000, 3000 + 1_000_000));
    let chart = scatter(&rows(&all), (0, 4000));
    assert_eq!(chart.dots.len(), 3);
    assert!(!chart.log_scale);
    assert_eq!(volume(starts(&rows(&all)), (0, 4000)).total(), 3);
    // A file's traces spread over days get a twentieth of their spread each side.
    let days = vec![
        build("a", vec![s("a", "r", "", "op", "p1", 0, 10)]),
        build(
            "b",
            vec![s("b", "r", "", "op", "p1", 40 * 86_400_000_000, 10)],
        ),
    ];
    assert_eq!(
        spread_window(&days),
        (-2 * 86_400_000_000, 42 * 86_400_000_000)
    );
}

#[test]
fn the_volume_strip_counts_traces_per_bucket() {
    const MINUTE: i64 = 60_000_000;
    assert_eq!(bucket_us(15 * MINUTE), MINUTE);
    // A window of seconds or minutes (a file's few traces) is cut finer than one bar a minute.
    assert_eq!(bucket_us(4 * 1_000_000), 1_000_000);
    assert_eq!(bucket_us(3 * MINUTE), 10 * 1_000_000);
    assert_eq!(bucket_us(5 * MINUTE), 30 * 1_000_000);
    assert_eq!(bucket_us(6 * 60 * MINUTE), 10 * MINUTE);
    assert_eq!(bucket_us(24 * 60 * MINUTE), 60 * MINUTE);
    assert_eq!(bucket_us(7 * 24 * 60 * MINUTE), 6 * 60 * MINUTE);
    // 30 days: 720 h / 50 = 14.4 h → 15 h buckets, 48 of them.
    assert_eq!(bucket_us(30 * 24 * 60 * MINUTE), 15 * 60 * MINUTE);
    // The ends of time (a window wider than i64 itself): about a hundred buckets, no overflow.
    let all_time = volume([0, i64::MAX, i64::MIN], (i64::MIN, i64::MAX));
    assert!(all_time.bars.len() <= 101, "{}", all_time.bars.len());
    assert_eq!(all_time.total(), 3);
    // A 20-minute window from 10:00:30: minute buckets 10:00 … 10:20.
    let start = 600 * MINUTE + 30_000_000;
    let end = start + 20 * MINUTE;
    let starts = [start, start + 10_000_000, start + 2 * MINUTE, end, end + 1];
    let strip = volume(starts, (start, end));
    let counts: Vec<usize> = strip.bars.iter().map(|b| b.count).collect();
    // 10:00:30 and 10:00:40 → first; 10:02:30 → third; 10:20:30 (the end) → last; after: none.
    let mut want = [0; 21];
    (want[0], want[2], want[20]) = (2, 1, 1);
    assert_eq!(counts, want);
    assert_eq!(strip.bars[0].start_us, 600 * MINUTE);
    // Bars stand on the chart's time axis: the window cuts the first and last bucket in half
    // (30 s of 60 shown of each; with the 8 % gap each side of a bucket).
    let spans: Vec<(f64, f64)> = strip.bars.iter().map(|b| (b.x, b.x + b.width)).collect();
    let fraction = |seconds: f64| seconds.clamp(0.0, 1200.0) / 1200.0;
    let expected = (0..21).map(|i| {
        (
            fraction(f64::from(i) * 60.0 - 30.0),
            fraction(f64::from(i) * 60.0 + 30.0),
        )
    });
    for ((x0, x1), (a, b)) in spans.iter().zip(expected) {
        let gap = (b - a) * 0.08;
        assert!(
            (x0 - (a + gap)).abs() < 1e-9 && (x1 - (b - gap)).abs() < 1e-9,
            "{spans:?}"
        );
    }
    // The fullest bucket is nearly the strip's height; an empty one keeps a hairline.
    assert!((strip.bars[0].height - 0.93).abs() < 1e-9);
    assert!((strip.bars[1].height - 0.04).abs() < 1e-9);
    // An end on a bucket boundary belongs to the last bucket, not to one of no width.
    let edge = volume([20 * MINUTE], (0, 20 * MINUTE));
    assert_eq!(edge.bars.len(), 20);
    assert_eq!(edge.bars[19].count, 1);
    assert!(edge.bars.iter().all(|b| b.width > 0.0));
}

#[test]
fn thresholds_mark_spans_over_their_operation_limit() {
    use tracedeck_core::view::thresholds::Thresholds;
    let mut thresholds = Thresholds::default();
    assert_eq!(thresholds.spans_over(&window()[1]), 0);
    // t2: core call lasts 200 µs, its queries 20 and 40 µs.
    thresholds.set("core call", 150_000);
    thresholds.set("query", 30_000);
    let t2 = &window()[1];
    assert_eq!(
        thresholds.spans_over(t2),
        2,
        "core call (200 > 150) and one query (40 > 30)"
    );
    assert_eq!(thresholds.exceeded(&t2.spans[1]), Some(150_000));
    // Exactly at the limit is not over it; a later setting replaces the earlier.
    thresholds.set("query", 40_000);
    assert_eq!(thresholds.spans_over(t2), 1);
    assert_eq!(thresholds.limit("query"), Some(40_000));
    assert_eq!(thresholds.limit("GET /a"), None);
}

#[test]
fn thresholds_come_from_the_settings() {
    use tracedeck_core::config::{ConfigBuilder, Source};
    let mut builder = ConfigBuilder::default();
    builder
        .apply_json(
            Source::File,
            &json!({"thresholds": {"GET /a": "250ms", "query": 40, "bad": "soon"}}),
        )
        .apply_pairs(Source::Url, [("threshold", "GET /x:y:1.5s")]);
    let (config, problems) = builder.finish();
    assert_eq!(config.thresholds.limit("GET /a"), Some(250_000_000));
    // A bare number is milliseconds, as everywhere a duration is typed.
    assert_eq!(config.thresholds.limit("query"), Some(40_000_000));
    // The operation may hold colons: the duration is after the last one.
    assert_eq!(config.thresholds.limit("GET /x:y"), Some(1_500_000_000));
    assert_eq!(
        problems,
        [
            "Setting `thresholds` in tracedeck.json: \"bad\": \"soon\" is not a duration like 250ms; ignored."
        ]
    );
}

/// The list's rows of traces, as the chart takes them.
fn rows(traces: &[Arc<Trace>]) -> Vec<TraceRow> {
    traces.iter().map(|t| TraceRow::of(t)).collect()
}
