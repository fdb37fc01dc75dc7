//! Link templates by hand: placeholders filled and percent-encoded, the margin, `when`, missing
//! tags, templates whose result could leave http(s) or the named host refused, bad templates
//! reported through the settings.

mod common;

use common::traces;
use serde_json::{Value, json};
use tracedeck_core::config::{ConfigBuilder, Source};
use tracedeck_core::model::Trace;
use tracedeck_core::view::links::{LinkOut, LinkTemplates};

/// Trace ab…: root `GET /x y` (svc a&b, pod tag on its process) from 1,700,000,000,000,000 µs
/// for 1.5 ms; child `SELECT` 200 µs later for 300 µs with tag `db.name=main`.
fn sample() -> Trace {
    traces(json!({
        "traceID": "00000000000000000000000000000abc",
        "spans": [
            {"traceID": "abc", "spanID": "a1", "operationName": "GET /x y",
             "startTime": 1_700_000_000_000_000i64, "duration": 1_500, "processID": "p1",
             "references": [], "tags": [], "logs": []},
            {"traceID": "abc", "spanID": "b2", "operationName": "SELECT",
             "startTime": 1_700_000_000_000_200i64, "duration": 300, "processID": "p1",
             "references": [{"refType": "CHILD_OF", "traceID": "abc", "spanID": "a1"}],
             "tags": [{"key": "db.name", "type": "string", "value": "main"}], "logs": []}
        ],
        "processes": {"p1": {"serviceName": "svc a&b", "tags": [{"key": "k8s.pod", "type": "string", "value": "api-7"}]}}
    }))
    .remove(0)
}

fn templates(value: Value) -> LinkTemplates {
    let (templates, result) = LinkTemplates::parse(&value);
    result.expect("templates read");
    templates
}

fn urls(links: Vec<LinkOut>) -> Vec<(String, Result<String, String>)> {
    links.into_iter().map(|l| (l.name, l.url)).collect()
}

#[test]
fn placeholders_are_filled_from_the_span_and_encoded() {
    let t = sample();
    let links = templates(json!({"span": [
        {"name": "Logs", "url": "https://logs.example/search?q=trace_id:{trace_id} {service}&from={start_ms}&to={end_ms}"},
        {"name": "Span", "url": "http://x.example/{span_id}/{operation}/{tag:db.name}/{tag:k8s.pod}?at={start_iso}..{end_iso}"}
    ]}));
    let select = t.find_span("b2").unwrap();
    assert_eq!(
        urls(links.for_span(&t, select)),
        [
            (
                "Logs".to_owned(),
                // 1,700,000,000,000,200 µs → 1,700,000,000,000 ms; its end 500 µs → rounded up.
                Ok("https://logs.example/search?q=trace_id:00000000000000000000000000000abc svc%20a%26b&from=1700000000000&to=1700000000001".to_owned())
            ),
            (
                "Span".to_owned(),
                Ok("http://x.example/00000000000000b2/SELECT/main/api-7?at=2023-11-14T22%3A13%3A20.000200000Z..2023-11-14T22%3A13%3A20.000500000Z".to_owned())
            ),
        ]
    );
}

#[test]
fn a_margin_widens_the_window_and_a_trace_link_reads_the_trace_and_its_root() {
    let t = sample();
    let links = templates(json!({"trace": [
        {"name": "Logs", "url": "https://l.example/?op={operation}&from={start_ms}&to={end_ms}", "margin": "5s"}
    ]}));
    assert_eq!(
        urls(links.for_trace(&t)),
        [(
            "Logs".to_owned(),
            // The trace: 1,700,000,000,000.0–.0015 ms, 5 s either side; the root's operation.
            Ok(
                "https://l.example/?op=GET%20%2Fx%20y&from=1699999995000&to=1700000005002"
                    .to_owned()
            )
        )]
    );
}

#[test]
fn when_hides_a_link_and_a_missing_tag_says_so() {
    let t = sample();
    let links = templates(json!({"span": [
        {"name": "DB", "url": "https://db.example/{tag:db.name}", "when": "db.name"},
        {"name": "Pod", "url": "https://k8s.example/{tag:missing}"}
    ], "trace": [{"name": "Pod", "url": "https://k8s.example/{tag:missing}"}]}));
    assert_eq!(
        urls(links.for_trace(&t)),
        [(
            "Pod".to_owned(),
            Err("the trace's root span has no tag missing".to_owned())
        )]
    );
    let root = t.find_span("a1").unwrap();
    // The root has no db.name: the DB link is not offered at all; Pod names what is missing.
    assert_eq!(
        urls(links.for_span(&t, root)),
        [(
            "Pod".to_owned(),
            Err("this span has no tag missing".to_owned())
        )]
    );
    // The process's tags count for `when` and `{tag:…}` too.
    let pod = templates(
        json!({"span": [{"name": "Pod", "url": "https://k/{tag:k8s.pod}", "when": "k8s.pod"}]}),
    );
    assert_eq!(
        urls(pod.for_span(&t, root)),
        [("Pod".to_owned(), Ok("https://k/api-7".to_owned()))]
    );
}

#[test]
fn bad_templates_are_reported_and_the_good_ones_kept() {
    let (links, result) = LinkTemplates::parse(&json!({
        "span": [
            {"name": "JS", "url": "javascript:alert(1)"},
            {"name": "Odd", "url": "https://x/{what}"},
            {"name": "Open", "url": "https://x/{trace_id"},
            {"url": "https://x/"},
            {"name": "Ok", "url": "HTTPS://x/{trace_id}"},
            {"name": "Tag first", "url": "{tag:url}/path"},
            {"name": "Host from data", "url": "https://{tag:host}/logs"},
            {"name": "Host extended", "url": "https://logs.example{tag:suffix}/x"},
            {"name": "No path", "url": "https://logs.example"}
        ],
        "rows": []
    }));
    assert_eq!(links.span.len(), 1);
    assert_eq!(links.span[0].name, "Ok");
    let problem = result.unwrap_err();
    for part in [
        "span[0]: \"javascript:alert(1)\" does not start with http:// or https://",
        "span[1]: {what} is not a placeholder tracedeck fills",
        "span[2]: \"https://x/{trace_id\" has a { without its }",
        "span[3]: needs a \"name\"",
        "span[5]: \"{tag:url}/path\" does not start with http:// or https://",
        "span[6]: \"https://{tag:host}/logs\" must name its host before the first /, ? or # (placeholders come after it)",
        "span[7]: \"https://logs.example{tag:suffix}/x\" must name its host",
        "span[8]: \"https://logs.example\" must name its host",
        "\"rows\" is not trace or span",
    ] {
        assert!(problem.contains(part), "{problem}");
    }
    // Reported like every other setting, naming it and its source.
    let mut builder = ConfigBuilder::default();
    builder.apply_json(
        Source::File,
        &json!({"links": {"span": [{"name": "x", "url": "ftp://x"}]}}),
    );
    let (_, problems) = builder.finish();
    assert_eq!(
        problems,
        [
            "Setting `links` in tracedeck.json: span[0]: \"ftp://x\" does not start with http:// or https://; ignored."
        ]
    );
}
