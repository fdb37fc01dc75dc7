//! Listing from Jaeger's trace summaries: the reader against the answers a real Jaeger v2.20
//! gave (`tests/fixtures/jaeger-v2.20/`), the request built from the list's settings, telling a
//! backend with the endpoint from one without, rows from summaries, and the analysis views'
//! budget, all worked by hand.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::json;
use tracedeck_core::backend::paths::v3_summaries;
use tracedeck_core::backend::summaries::SummaryQuery;
use tracedeck_core::backend::summaries::of_listed_services;
use tracedeck_core::backend::{FetchError, SummariesFailed, summaries_of};
use tracedeck_core::model::{ServiceSummary, Trace, TraceSummary};
use tracedeck_core::view::list_filter::{
    ListFilter, ListSort, OperationKey, filter_and_sort_listed,
};
use tracedeck_core::view::listing::{ListLoad, SummariesAnswered, open_rows_to_fetch};
use tracedeck_core::view::span_budget::{BasedOn, SpanBudget, SpanLoad};
use tracedeck_core::view::trace_list::TraceRow;
use tracedeck_core::wire::summaries;

fn recorded(name: &str) -> Vec<u8> {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "../tests/fixtures/jaeger-v2.20",
        name,
    ]
    .iter()
    .collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The body of a recorded whole HTTP answer (status line and headers, then a blank line).
fn body_of(answer: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(answer.to_vec()).unwrap();
    let (_, body) = text
        .split_once("\r\n\r\n")
        .or(text.split_once("\n\n"))
        .unwrap();
    body.as_bytes().to_vec()
}

#[test]
fn the_recorded_answer_for_every_service_reads_in_storage_order() {
    let all = summaries::parse(&body_of(&recorded("v3-trace-summaries.all.txt"))).unwrap();
    let ids: Vec<&str> = all.iter().map(|s| s.trace_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "5b8efff798038103d269b633813fc60c",
            "6e0c63257de34c92bf9efcd03927272e",
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "0af7651916cd43dd8448eb211c80319c"
        ]
    );
    // T1: five spans over two services, one failed; 120 ms from first start to last end.
    let t1 = &all[3];
    assert_eq!(
        *t1,
        TraceSummary {
            trace_id: "0af7651916cd43dd8448eb211c80319c".into(),
            root_service: "frontend".into(),
            root_operation: "GET /dispatch".into(),
            start_ns: 1_796_599_088_128_689_080,
            end_ns: 1_796_599_088_248_689_080,
            span_count: 5,
            error_count: 1,
            orphan_count: 0,
            services: vec![
                ServiceSummary {
                    name: "customer".into(),
                    span_count: 2,
                    error_count: 1
                },
                ServiceSummary {
                    name: "frontend".into(),
                    span_count: 3,
                    error_count: 0
                },
            ],
        }
    );
    assert_eq!(t1.duration_ns(), 120_000_000);
    // T4: a customer span whose parent is not in the trace; zero counts are left out on the wire.
    assert_eq!((all[1].orphan_count, all[1].error_count), (1, 0));
}

#[test]
fn the_pretty_printed_answer_for_one_service_reads_the_same() {
    let one = summaries::parse(&recorded("v3-trace-summaries.frontend.json")).unwrap();
    assert!(
        one.iter()
            .all(|s| s.services.iter().any(|x| x.name == "frontend"))
    );
    assert_eq!(one.len(), 3);
}

#[test]
fn a_row_from_a_summary_shows_what_it_knows_and_guesses_nothing() {
    let all = summaries::parse(&body_of(&recorded("v3-trace-summaries.all.txt"))).unwrap();
    let row = TraceRow::of_summary(&all[3]);
    assert_eq!(row.root_operation, "GET /dispatch");
    assert_eq!(row.root_service, "frontend");
    assert_eq!(row.short_id, "0af7651");
    assert_eq!((row.span_count, row.error_count), (5, 1));
    assert_eq!(row.duration_ns, 120_000_000);
    assert_eq!(row.start_us, 1_796_599_088_128_689);
    // Most spans first.
    assert_eq!(
        row.services,
        [("frontend".to_owned(), 3), ("customer".to_owned(), 2)]
    );
    assert_eq!((row.method, row.http_status, row.llm), (None, None, None));
}

#[test]
fn answers_that_are_not_summaries_mean_the_endpoint_is_missing() {
    let url = "/api/v3/trace-summaries?…";
    // An older Jaeger's web UI answers unknown paths with its page; v1 stand-ins with their
    // envelope; a proxy with 404.
    for (status, body) in [
        (200, &b"<!doctype html><html>Jaeger UI</html>"[..]),
        (
            200,
            br#"{"data":[],"total":0,"limit":0,"offset":0,"errors":null}"#,
        ),
        (200, b""),
        (404, b"404 page not found"),
        (404, br#"{"error":{"httpCode":404,"message":"not found"}}"#),
    ] {
        assert_eq!(
            summaries_of(url, status, body),
            Ok(None),
            "{status} {}",
            String::from_utf8_lossy(body)
        );
    }
    assert_eq!(
        summaries_of(url, 200, br#"{"summaries":[]}"#),
        Ok(Some(vec![]))
    );
}

#[test]
fn jaegers_errors_on_the_endpoint_are_its_words() {
    let matrix = String::from_utf8(recorded("v3-trace-summaries.params-matrix.txt")).unwrap();
    let cases = [
        (
            "## missing times",
            400,
            "query.startTimeMin and query.startTimeMax are required",
        ),
        (
            "## min>=max",
            400,
            "query.startTimeMin must be before query.startTimeMax",
        ),
        (
            "## bad durationMin (no unit)",
            400,
            "malformed parameter query.durationMin: time: missing unit in duration \"100\"",
        ),
        (
            "## searchDepth=0",
            500,
            "search depth must be greater than 0 and less than max traces",
        ),
    ];
    for (heading, status, message) in cases {
        let line = matrix
            .split(heading)
            .nth(1)
            .and_then(|rest| rest.lines().nth(1))
            .unwrap_or_else(|| panic!("{heading} is recorded"));
        let (code, body) = line.split_once(' ').unwrap();
        assert_eq!(code, status.to_string());
        assert_eq!(
            summaries_of("/u", status, body.as_bytes()),
            Err(SummariesFailed {
                error: FetchError::Http {
                    url: "/u".into(),
                    status,
                    message: message.into()
                },
                endpoint_answered: true,
            })
        );
    }
    // A proxy that cannot reach Jaeger is not Jaeger refusing.
    assert!(matches!(
        summaries_of("/u", 502, b""),
        Err(SummariesFailed {
            error: FetchError::Gateway { status: 502, .. },
            endpoint_answered: false
        })
    ));
    // Nor is an authenticating proxy's refusal.
    assert!(matches!(
        summaries_of("/u", 403, b"forbidden"),
        Err(SummariesFailed {
            endpoint_answered: false,
            ..
        })
    ));
    // JSON cut short is a broken answer, not a missing endpoint.
    assert!(matches!(
        summaries_of("/u", 200, br#"{"summaries":[{"traceId":"#),
        Err(SummariesFailed {
            error: FetchError::Malformed { .. },
            ..
        })
    ));
}

const WINDOW: (i64, i64) = (1_796_599_000_000_000, 1_796_599_900_000_000);

#[test]
fn the_request_uses_the_canonical_names_and_only_what_is_asked() {
    let plain = SummaryQuery::new(WINDOW, 20, None, &ListFilter::default(), None);
    assert_eq!(
        v3_summaries("/api", &plain),
        "/api/v3/trace-summaries?query.startTimeMin=2026-12-06T23%3A16%3A40.000000000Z\
         &query.startTimeMax=2026-12-06T23%3A31%3A40.000000000Z&query.searchDepth=20"
    );
    let dispatch = OperationKey {
        service: "frontend".into(),
        operation: "GET /dispatch".into(),
    };
    let every = ListFilter {
        errors_only: true,
        min_duration_ns: Some(100_000_000),
        operation: Some(dispatch.clone()),
        ..ListFilter::default()
    };
    // Jaeger holds every condition to one span: of the trace-wide filters, one goes.
    let query = SummaryQuery::new(WINDOW, 40, None, &every, Some(r#"{"db.system":"mysql"}"#));
    let url = v3_summaries("/api", &query);
    assert!(
        url.ends_with(
            "&query.searchDepth=40&query.serviceName=frontend&query.operationName=GET%20%2Fdispatch\
             &query.attributes=%7B%22db.system%22%3A%22mysql%22%7D"
        ),
        "{url}"
    );
    assert!(query.applies_operation(&dispatch));
    let errors_and_min = ListFilter {
        operation: None,
        ..every.clone()
    };
    let query = SummaryQuery::new(WINDOW, 40, None, &errors_and_min, None);
    assert_eq!(
        (query.attributes.as_deref(), query.min_span_ns),
        (Some(r#"{"error":"true"}"#), None)
    );
    // With `tags`, "with errors" would join their object: the minimum duration goes instead.
    let query = SummaryQuery::new(WINDOW, 40, None, &errors_and_min, Some(r#"{"a":"b"}"#));
    assert_eq!(
        (query.attributes.as_deref(), query.min_span_ns),
        (Some(r#"{"a":"b"}"#), Some(100_000_000))
    );
    assert!(v3_summaries("/api", &query).contains("&query.durationMin=100000000ns"));
}

#[test]
fn an_operation_of_another_service_than_the_listed_one_is_not_sent() {
    let filter = ListFilter {
        operation: Some(OperationKey {
            service: "customer".into(),
            operation: "SQL SELECT".into(),
        }),
        ..ListFilter::default()
    };
    let query = SummaryQuery::new(WINDOW, 20, Some("frontend"), &filter, None);
    assert_eq!(query.service.as_deref(), Some("frontend"));
    assert_eq!(query.operation, None);
    assert!(!query.applies_operation(filter.operation.as_ref().unwrap()));
}

#[test]
fn attribute_values_go_as_strings() {
    let query = SummaryQuery::new(
        WINDOW,
        20,
        None,
        &ListFilter::default(),
        Some(r#"{"error": true, "http.status_code": 500}"#),
    );
    assert_eq!(
        query.attributes.as_deref(),
        Some(r#"{"error":"true","http.status_code":"500"}"#)
    );
}

fn summary(id: &str, start_ns: i64, spans: usize, errors: usize) -> Arc<TraceSummary> {
    Arc::new(TraceSummary {
        trace_id: id.into(),
        root_service: "svc-a".into(),
        root_operation: "op".into(),
        start_ns,
        end_ns: start_ns + 1_000 * spans as i64,
        span_count: spans,
        error_count: errors,
        orphan_count: 0,
        services: vec![ServiceSummary {
            name: "svc-a".into(),
            span_count: spans,
            error_count: errors,
        }],
    })
}

#[test]
fn summaries_filter_by_what_they_carry_and_count_what_needs_spans() {
    let listed = [
        summary("a", 3_000, 4, 0),
        summary("b", 2_000, 9, 2),
        summary("c", 1_000, 1, 0),
    ];
    let loaded = HashMap::new();
    let errors = ListFilter {
        errors_only: true,
        ..ListFilter::default()
    };
    let shown = filter_and_sort_listed(&listed, &loaded, &errors, ListSort::Newest, false);
    let ids: Vec<&str> = shown
        .shown
        .iter()
        .map(|l| l.summary.trace_id.as_str())
        .collect();
    assert_eq!((ids, shown.unjudged.len()), (vec!["b"], 0));

    let by_method = ListFilter {
        method: Some("GET".into()),
        ..ListFilter::default()
    };
    let shown = filter_and_sort_listed(&listed, &loaded, &by_method, ListSort::Newest, false);
    assert_eq!((shown.shown.len(), shown.unjudged.len()), (0, 3));

    let by_spans = filter_and_sort_listed(
        &listed,
        &loaded,
        &ListFilter::default(),
        ListSort::MostSpans,
        false,
    );
    let ids: Vec<&str> = by_spans
        .shown
        .iter()
        .map(|l| l.summary.trace_id.as_str())
        .collect();
    assert_eq!(ids, ["b", "a", "c"]);
}

#[test]
fn a_loaded_trace_is_judged_by_its_spans() {
    let trace = Arc::new(Trace::build(
        tracedeck_core::wire::jaeger::parse(
            &serde_json::to_vec(&json!({"data": [{
                "traceID": "t1",
                "spans": [common::with_tags(common::span("s1", 1_000, 5), json!([
                    {"key": "http.request.method", "type": "string", "value": "GET"}
                ]))],
                "processes": {"p1": {"serviceName": "svc-a", "tags": []}}
            }]}))
            .unwrap(),
        )
        .unwrap()
        .traces
        .remove(0),
    ));
    let listed = [
        summary("t1", 1_000_000, 1, 0),
        summary("t2", 2_000_000, 1, 0),
    ];
    let loaded = HashMap::from([("t1".to_owned(), trace)]);
    let by_method = ListFilter {
        method: Some("GET".into()),
        ..ListFilter::default()
    };
    let shown = filter_and_sort_listed(&listed, &loaded, &by_method, ListSort::Newest, false);
    assert_eq!(shown.shown.len(), 1);
    assert!(shown.shown[0].trace.is_some());
    assert_eq!(shown.unjudged[0].trace_id, "t2");
}

#[test]
fn the_budget_loads_the_smallest_first_and_the_biggest_last() {
    // At the guessed 700 B a span: 100 spans are 70,000 B.
    let listed = [
        summary("huge", 1, 100_000, 0),
        summary("small", 2, 10, 0),
        summary("mid", 3, 100, 0),
        summary("tiny", 4, 2, 0),
    ];
    let budget = SpanBudget {
        traces: 3,
        bytes: 100_000,
    };
    let none = HashSet::new();
    let mut load = SpanLoad::default();
    // Nothing until an analysis view is shown.
    assert!(load.next(&listed, &none, &none, budget).is_empty());
    load.show(true);
    assert_eq!(
        load.next(&listed, &none, &none, budget),
        ["tiny", "small", "mid"]
    );
    // Asked once: not again while on their way.
    assert!(load.next(&listed, &none, &none, budget).is_empty());
    load.arrived("tiny", Some((1_400, 2)));
    load.arrived("small", Some((7_000, 10)));
    load.arrived("mid", None);
    assert_eq!(load.bytes_per_span(), 700);
    let loaded: HashSet<String> = ["tiny", "small"].map(str::to_owned).into();
    // "huge" is over the round's bytes (8,400 B spent), and the failed one waits for "Load more".
    assert!(load.next(&listed, &loaded, &none, budget).is_empty());
    assert_eq!(
        BasedOn::of(&listed, &loaded, &load).line(),
        "Using 2 of 4 listed traces (12 of 100,112 spans). 1 trace could not be loaded."
    );
    // "Load more": the failed one again; "huge" would go over this round's bytes too.
    load.more();
    assert_eq!(load.next(&listed, &loaded, &none, budget), ["mid"]);
    load.arrived("mid", Some((70_000, 100)));
    let loaded: HashSet<String> = ["tiny", "small", "mid"].map(str::to_owned).into();
    assert!(load.next(&listed, &loaded, &none, budget).is_empty());
    // A round of its own.
    load.more();
    assert_eq!(load.next(&listed, &loaded, &none, budget), ["huge"]);
}

#[test]
fn over_traces_already_loaded_the_first_round_leaves_one_over_the_bytes_to_load_next() {
    // A list of whole traces held "small" whole (never loaded for the views) and "huge" back.
    let listed = [summary("small", 2, 10, 0), summary("huge", 1, 100_000, 0)];
    let budget = SpanBudget {
        traces: 3,
        bytes: 100_000,
    };
    assert!(budget.holds(10) && !budget.holds(100_000));
    let none = HashSet::new();
    let loaded: HashSet<String> = ["small".to_owned()].into();
    let mut load = SpanLoad::default();
    load.show(true);
    assert!(
        load.next(&listed, &loaded, &none, budget).is_empty(),
        "70 MB are not asked for because a view was shown"
    );
    assert_eq!(
        load.next_round(&listed, &loaded, &none, budget),
        (1, 100_000)
    );
    load.more();
    assert_eq!(load.next(&listed, &loaded, &none, budget), ["huge"]);
}

#[test]
fn the_budget_asks_a_few_at_a_time_skips_what_is_on_its_way_and_starts_over_with_a_new_list() {
    let listed: Vec<Arc<TraceSummary>> = (0..10)
        .map(|i| summary(&format!("t{i}"), i, 1, 0))
        .collect();
    let none = HashSet::new();
    let mut load = SpanLoad::default();
    load.show(true);
    // "t0" is being opened as a row: not asked twice.
    let busy: HashSet<String> = ["t0".to_owned()].into();
    let first = load.next(&listed, &none, &busy, SpanBudget::default());
    assert_eq!(first, ["t1", "t2", "t3", "t4"]);
    load.arrived("t1", Some((700, 1)));
    let loaded: HashSet<String> = ["t1".to_owned()].into();
    assert_eq!(
        load.next(&listed, &loaded, &none, SpanBudget::default()),
        ["t0"]
    );
    // Leaving the analysis views stops asking.
    load.show(false);
    assert!(
        load.next(&listed, &none, &none, SpanBudget::default())
            .is_empty()
    );
    // Another range: the rounds start over, what is on its way keeps coming and counts.
    load.restart();
    assert_eq!((load.rounds, load.in_flight.len()), (0, 4));
    load.arrived("t2", Some((1_400, 1)));
    assert_eq!(load.bytes_per_span(), 1_050);
    // Another source: nothing of the old one counts, not even what was on its way.
    load.forget();
    assert_eq!((load.rounds, load.in_flight.len()), (0, 0));
    load.arrived("t3", Some((1, 1)));
    assert_eq!(
        load.bytes_per_span(),
        700,
        "an answer for a forgotten list is not counted"
    );
    load.show(true);
    assert_eq!(load.rounds, 1);
}

#[test]
fn the_based_on_line_says_what_is_missing() {
    let listed = [
        summary("a", 1, 100_000, 0),
        summary("b", 2, 10, 0),
        summary("c", 3, 2, 0),
    ];
    let loaded: HashSet<String> = ["b", "c"].map(str::to_owned).into();
    let idle = SpanLoad::default();
    assert_eq!(
        BasedOn::of(&listed, &loaded, &idle).line(),
        "Using 2 of 3 listed traces (12 of 100,012 spans)."
    );
    let mut asking = SpanLoad::default();
    asking.show(true);
    asking.next(
        &listed,
        &HashSet::new(),
        &HashSet::new(),
        SpanBudget::default(),
    );
    let line = BasedOn::of(&listed, &HashSet::new(), &asking).line();
    assert!(
        line == "Using 0 of 3 listed traces (0 of 100,012 spans), 2 loading.",
        "{line}"
    );
    let all: HashSet<String> = ["a", "b", "c"].map(str::to_owned).into();
    assert_eq!(
        BasedOn::of(&listed, &all, &idle).line(),
        "Using all 3 listed traces (100,012 spans)."
    );
}

/// A loaded trace `id` of `spans` spans (one root and its children).
fn loaded(id: &str, spans: usize) -> Arc<Trace> {
    let spans: Vec<serde_json::Value> = (0..spans)
        .map(|i| {
            if i == 0 {
                common::span("s0", 1_000, 10)
            } else {
                common::child(&format!("s{i}"), "s0", 1_000 + i as i64, 1)
            }
        })
        .collect();
    let mut trace = common::trace(spans);
    trace.trace_id = id.to_owned();
    Arc::new(trace)
}

fn listed(ids_and_spans: &[(&str, usize)]) -> Vec<TraceSummary> {
    ids_and_spans
        .iter()
        .map(|(id, n)| (*summary(id, 1, *n, 0)).clone())
        .collect()
}

#[test]
fn a_refresh_marks_what_is_new_keeps_what_is_unchanged_and_fetches_open_traces_that_grew() {
    let before: Vec<Arc<TraceSummary>> = listed(&[("a", 2), ("b", 3), ("c", 4)])
        .into_iter()
        .map(Arc::new)
        .collect();
    // "a" unchanged, "b" grew and is open, "c" grew and is closed, "d" is new, "e" was loaded
    // (opened by a link, say) and is no longer listed.
    let now = listed(&[("a", 2), ("b", 5), ("c", 6), ("d", 1)]);
    let held = [
        loaded("a", 2),
        loaded("b", 3),
        loaded("c", 4),
        loaded("e", 1),
    ];
    let open: HashSet<String> = ["b".to_owned()].into();
    let answered = SummariesAnswered::of(ListLoad::Refresh, Some(&before), &now, &held, &open);
    assert_eq!(answered.new_ids, Some(["d".to_owned()].into()));
    assert_eq!(answered.keep, ["a".to_owned(), "b".to_owned()].into());
    assert_eq!(answered.fetch_again, ["b"]);
}

#[test]
fn the_first_answer_and_load_more_mark_nothing_new() {
    let now = listed(&[("a", 2)]);
    let first = SummariesAnswered::of(ListLoad::Refresh, None, &now, &[], &HashSet::new());
    assert_eq!(first.new_ids, Some(HashSet::new()));
    let before = [Arc::new(now[0].clone())];
    let deeper = listed(&[("a", 2), ("older", 3)]);
    let more = SummariesAnswered::of(ListLoad::More, Some(&before), &deeper, &[], &HashSet::new());
    assert_eq!(more.new_ids, None);
}

#[test]
fn the_services_setting_and_jaegers_own_services_shape_the_list() {
    let mut jaeger_only = (*summary("j", 1, 3, 0)).clone();
    jaeger_only.services[0].name = "jaeger".into();
    let all = vec![(*summary("a", 1, 2, 0)).clone(), jaeger_only];
    let ids = |list: Vec<TraceSummary>| list.into_iter().map(|s| s.trace_id).collect::<Vec<_>>();
    assert_eq!(ids(of_listed_services(all.clone(), None)), ["a"]);
    assert_eq!(
        ids(of_listed_services(
            all.clone(),
            Some(&["jaeger".to_owned()])
        )),
        ["j"]
    );
    assert!(of_listed_services(all, Some(&["nobody".to_owned()])).is_empty());
}

#[test]
fn an_open_row_without_its_spans_fetches_them_once() {
    let listed = [
        summary("a", 1, 2, 0),
        summary("b", 2, 2, 0),
        summary("c", 3, 2, 0),
    ];
    // "a" open and loaded, "b" open (restored after a restart, or opened), "c" closed, "x" open
    // but no longer listed.
    let loaded: HashSet<String> = ["a".to_owned()].into();
    let open: HashSet<String> = ["a", "b", "x"].map(str::to_owned).into();
    assert_eq!(
        open_rows_to_fetch(&listed, &loaded, &open, &HashSet::new()),
        ["b"]
    );
    let fetching: HashSet<String> = ["b".to_owned()].into();
    assert!(open_rows_to_fetch(&listed, &loaded, &open, &fetching).is_empty());
}

#[test]
fn a_filter_change_asks_again_only_when_jaeger_is_asked_otherwise() {
    let shown = SummaryQuery::new(WINDOW, 50, None, &ListFilter::default(), None);
    let later = |filter: &ListFilter| SummaryQuery::new((0, 0), 100, None, filter, None);
    assert!(shown.filters_like(&later(&ListFilter::default())));
    // The method is not Jaeger's to filter: nothing to ask again.
    let by_method = ListFilter {
        method: Some("GET".into()),
        ..ListFilter::default()
    };
    assert!(shown.filters_like(&later(&by_method)));
    let errors = ListFilter {
        errors_only: true,
        ..ListFilter::default()
    };
    assert!(!shown.filters_like(&later(&errors)));
}

#[test]
fn load_more_says_what_its_round_would_fetch() {
    let listed = [
        summary("huge", 1, 100_000, 0),
        summary("a", 2, 10, 0),
        summary("b", 3, 20, 0),
        summary("c", 4, 30, 0),
        summary("d", 5, 40, 0),
        summary("e", 6, 50, 0),
    ];
    let budget = SpanBudget {
        traces: 50,
        bytes: 1_000_000,
    };
    let none = HashSet::new();
    let mut load = SpanLoad::default();
    // A whole round, past the four at a time: the five small ones; "huge" waits for its own.
    assert_eq!(load.next_round(&listed, &none, &none, budget), (5, 150));
    load.show(true);
    assert_eq!(load.next(&listed, &none, &none, budget).len(), 4);
    for id in ["a", "b", "c", "d"] {
        load.arrived(id, Some((7_000, 10)));
    }
    let loaded: HashSet<String> = ["a", "b", "c", "d"].map(str::to_owned).into();
    assert_eq!(load.next(&listed, &loaded, &none, budget), ["e"]);
    load.arrived("e", Some((7_000, 10)));
    let loaded: HashSet<String> = ["a", "b", "c", "d", "e"].map(str::to_owned).into();
    assert_eq!(
        load.next_round(&listed, &loaded, &none, budget),
        (1, 100_000)
    );
}

#[test]
fn a_404_says_no_such_trace_only_in_jaegers_own_words() {
    use tracedeck_core::backend::says_no_such_trace;
    let v1 = br#"{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":404,"msg":"trace not found"}]}"#;
    let v3 = br#"{"error":{"httpCode":404,"message":"trace not found"}}"#;
    assert!(says_no_such_trace(v1));
    assert!(says_no_such_trace(v3));
    // A router's or proxy's 404: the path is not served.
    assert!(!says_no_such_trace(b"404 page not found"));
    assert!(!says_no_such_trace(b"<html><body>Not Found</body></html>"));
    assert!(!says_no_such_trace(b""));
}

#[test]
fn one_trace_is_asked_of_the_flavour_found_else_the_configured_else_v1() {
    use tracedeck_core::backend::Flavour;
    let (v1, v3, summaries) = (
        Flavour::JaegerV1,
        Flavour::JaegerV3,
        Flavour::JaegerSummaries,
    );
    assert_eq!(Flavour::by_id(Some(&summaries), Some(&v3)), summaries);
    assert_eq!(Flavour::by_id(None, Some(&v3)), v3);
    assert_eq!(Flavour::by_id(None, None), v1);
}
