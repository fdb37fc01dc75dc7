//! Searching inside a trace.

mod common;

use common::{child, idx, span, trace, with_tags};
use serde_json::json;
use tracedeck_core::model::semconv::SpanKind;
use tracedeck_core::view::search::{SpanFilters, TraceFind, with_ancestors};

fn sample() -> tracedeck_core::model::Trace {
    let mut db = with_tags(
        child("db", "api", 10, 5),
        json!([{"key": "db.system", "value": "postgresql"}, {"key": "http.status_code", "value": 503}]),
    );
    db["logs"] =
        json!([{"timestamp": 12, "fields": [{"key": "event", "value": "Deadlock detected"}]}]);
    db["operationName"] = json!("SELECT sessions");
    trace(vec![
        span("root", 0, 100),
        child("api", "root", 5, 50),
        db,
        child("other", "root", 60, 10),
    ])
}

fn found(text: &str) -> Vec<String> {
    found_with(text, SpanFilters::default())
}

fn found_with(text: &str, filters: SpanFilters) -> Vec<String> {
    let t = sample();
    TraceFind {
        text: text.to_owned(),
        filters,
    }
    .matching(&t)
    .into_iter()
    .map(|i| t.span(i).span_id.trim_start_matches('0').to_owned())
    .collect()
}

#[test]
fn free_text_looks_at_operation_service_ids_tags_and_logs_ignoring_case() {
    assert_eq!(found("select"), ["db"]);
    assert_eq!(found("POSTGRES"), ["db"]);
    assert_eq!(found("deadlock"), ["db"]);
    assert_eq!(found("svc-a").len(), 4, "every span is in svc-a");
    assert_eq!(found("0000000000000ab"), Vec::<String>::new());
    assert_eq!(found("op-other"), ["other"]);
}

#[test]
fn key_value_terms_match_a_tag_exactly_and_all_terms_must_match() {
    assert_eq!(found("http.status_code=503"), ["db"]);
    assert_eq!(found("http.status_code=50"), Vec::<String>::new());
    assert_eq!(found("db.system=PostgreSQL select"), ["db"]);
    assert_eq!(found("db.system=postgresql other"), Vec::<String>::new());
    assert!(found("").is_empty() && found("   ").is_empty());
}

#[test]
fn matches_only_keeps_the_ancestors_for_context() {
    let t = sample();
    let keep = with_ancestors(&t, &[idx(&t, "db")]);
    let kept: Vec<_> = (0..t.spans.len())
        .filter(|&i| keep[i])
        .map(|i| t.spans[i].operation.clone())
        .collect();
    assert_eq!(kept, ["op-root", "op-api", "SELECT sessions"]);
}

#[test]
fn filters_narrow_by_service_errors_duration_and_kind() {
    // sample(): root 0–100 (svc-a), api 5–55, db 10–15 (status 503 → an error), other 60–70.
    let min = |us: i64| SpanFilters {
        min_duration_ns: Some(us * 1_000),
        ..SpanFilters::default()
    };
    assert_eq!(found_with("", min(50)), ["root", "api"]);
    assert_eq!(found_with("", min(11)), ["root", "api"]);
    assert_eq!(found_with("", min(10)), ["root", "api", "other"]);
    assert_eq!(found_with("op", min(10)), ["root", "api", "other"]);
    let errors = SpanFilters {
        errors_only: true,
        ..SpanFilters::default()
    };
    assert_eq!(found_with("", errors.clone()), ["db"]);
    assert_eq!(found_with("other", errors), Vec::<String>::new());
    let service = |name: &str| SpanFilters {
        service: Some(name.to_owned()),
        ..SpanFilters::default()
    };
    assert_eq!(found_with("", service("svc-a")).len(), 4);
    assert!(found_with("", service("svc-b")).is_empty());
    let server = SpanFilters {
        kind: Some(SpanKind::Server),
        ..SpanFilters::default()
    };
    assert!(
        found_with("", server).is_empty(),
        "no span says it is a server"
    );
}
