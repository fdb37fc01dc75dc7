use tracedeck_core::model::semconv::{
    SpanCategory, SpanKind, category, http_method, http_route, http_status, is_error, span_kind,
};
use tracedeck_core::model::{Tag, TagValue};

fn s(key: &str, value: &str) -> Tag {
    Tag::new(key, TagValue::Str(value.into()))
}

fn i(key: &str, value: i64) -> Tag {
    Tag::new(key, TagValue::Int(value))
}

#[test]
fn http_method_prefers_the_new_key_and_resolves_other() {
    assert_eq!(http_method(&[s("http.method", "GET")]), Some("GET"));
    let both = [s("http.method", "GET"), s("http.request.method", "POST")];
    assert_eq!(http_method(&both), Some("POST"));
    let other = [
        s("http.request.method", "_OTHER"),
        s("http.request.method_original", "PURGE"),
    ];
    assert_eq!(http_method(&other), Some("PURGE"));
    assert_eq!(
        http_method(&[s("http.request.method", "_OTHER")]),
        Some("_OTHER")
    );
    assert_eq!(http_method(&[]), None);
}

#[test]
fn http_status_reads_new_then_old_key_as_number_or_text() {
    assert_eq!(http_status(&[i("http.status_code", 404)]), Some(404));
    assert_eq!(http_status(&[s("http.status_code", " 503 ")]), Some(503));
    let both = [
        i("http.status_code", 500),
        i("http.response.status_code", 200),
    ];
    assert_eq!(http_status(&both), Some(200));
    assert_eq!(http_status(&[s("http.status_code", "oops")]), None);
}

#[test]
fn route_uses_the_most_specific_key() {
    let tags = [s("http.url", "http://x/a/1"), s("http.route", "/a/:id")];
    assert_eq!(http_route(&tags), Some("/a/:id"));
    assert_eq!(
        http_route(&[s("url.full", "https://x/y")]),
        Some("https://x/y")
    );
    assert_eq!(http_route(&[s("http.target", "/t?q=1")]), Some("/t?q=1"));
}

#[test]
fn span_kind_is_case_insensitive() {
    assert_eq!(
        span_kind(&[s("span.kind", "CLIENT")]),
        Some(SpanKind::Client)
    );
    assert_eq!(span_kind(&[s("span.kind", "weird")]), None);
}

#[test]
fn errors_follow_the_conformance_rules() {
    assert!(is_error(&[Tag::new("error", TagValue::Bool(true))]));
    assert!(is_error(&[s("error", "TRUE")]));
    assert!(!is_error(&[Tag::new("error", TagValue::Bool(false))]));
    assert!(is_error(&[s("otel.status_code", "error")]));
    assert!(!is_error(&[s("otel.status_code", "OK")]));
    assert!(is_error(&[i("http.status_code", 502)]));
    assert!(is_error(&[s("http.response.status_code", "500")]));
    assert!(!is_error(&[i("http.status_code", 404)]));
    assert!(is_error(&[
        i("http.status_code", 404),
        s("span.kind", "client")
    ]));
    assert!(!is_error(&[
        i("http.status_code", 404),
        s("span.kind", "server")
    ]));
}

#[test]
fn the_first_tag_wins_when_keys_repeat() {
    let tags = [s("error", "false"), s("error", "true")];
    assert!(!is_error(&tags));
}

#[test]
fn categories_name_the_kind_of_work() {
    assert_eq!(category(&[s("db.system", "postgresql")]), SpanCategory::Db);
    assert_eq!(category(&[s("db.system.name", "redis")]), SpanCategory::Db);
    assert_eq!(
        category(&[s("messaging.system", "rabbitmq")]),
        SpanCategory::Messaging
    );
    assert_eq!(category(&[s("rpc.system", "grpc")]), SpanCategory::Rpc);
    assert_eq!(category(&[s("http.method", "GET")]), SpanCategory::Http);
    let llm = [s("http.method", "POST"), s("gen_ai.system", "openai")];
    assert_eq!(category(&llm), SpanCategory::GenAi);
    assert_eq!(category(&[s("component", "x")]), SpanCategory::Other);
}
