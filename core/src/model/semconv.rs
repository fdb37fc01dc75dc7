//! What the viewer reads from tags, across old and new OpenTelemetry semantic conventions.

use super::data::{Tag, TagValue, find_tag};

/// The role a span plays in a call (`span.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    Server,
    Client,
    Producer,
    Consumer,
    Internal,
}

impl SpanKind {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "server" => Some(Self::Server),
            "client" => Some(Self::Client),
            "producer" => Some(Self::Producer),
            "consumer" => Some(Self::Consumer),
            "internal" => Some(Self::Internal),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Server => "server",
            Self::Client => "client",
            Self::Producer => "producer",
            Self::Consumer => "consumer",
            Self::Internal => "internal",
        }
    }
}

/// What kind of work a span does, for icons and filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanCategory {
    GenAi,
    Db,
    Messaging,
    Rpc,
    Http,
    Other,
}

fn text<'a>(tags: &'a [Tag], key: &str) -> Option<&'a str> {
    find_tag(tags, key)
        .and_then(TagValue::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The HTTP method: `http.request.method` (its `_original` when it is `_OTHER`), else the older
/// `http.method`.
pub fn http_method(tags: &[Tag]) -> Option<&str> {
    match text(tags, "http.request.method") {
        Some("_OTHER") => text(tags, "http.request.method_original").or(Some("_OTHER")),
        Some(method) => Some(method),
        None => text(tags, "http.method"),
    }
}

/// The HTTP response status: `http.response.status_code`, else the older `http.status_code`.
pub fn http_status(tags: &[Tag]) -> Option<i64> {
    ["http.response.status_code", "http.status_code"]
        .into_iter()
        .find_map(|key| find_tag(tags, key).and_then(TagValue::as_i64))
}

/// The route or URL, most specific convention first.
pub fn http_route(tags: &[Tag]) -> Option<&str> {
    [
        "http.route",
        "url.path",
        "url.full",
        "http.target",
        "http.url",
    ]
    .into_iter()
    .find_map(|key| text(tags, key))
}

pub fn span_kind(tags: &[Tag]) -> Option<SpanKind> {
    text(tags, "span.kind").and_then(SpanKind::parse)
}

/// A failed span: `error=true`, `otel.status_code=ERROR`, an HTTP status ≥ 500, or ≥ 400 on a client.
pub fn is_error(tags: &[Tag]) -> bool {
    if find_tag(tags, "error").is_some_and(TagValue::is_true) {
        return true;
    }
    if text(tags, "otel.status_code").is_some_and(|s| s.eq_ignore_ascii_case("ERROR")) {
        return true;
    }
    match http_status(tags) {
        Some(status) if status >= 500 => true,
        Some(status) if status >= 400 => span_kind(tags) == Some(SpanKind::Client),
        _ => false,
    }
}

/// The category of work, the most telling convention first (an LLM call over HTTP is gen_ai).
pub fn category(tags: &[Tag]) -> SpanCategory {
    let has = |key: &str| find_tag(tags, key).is_some();
    if tags.iter().any(|t| t.key.starts_with("gen_ai.")) {
        SpanCategory::GenAi
    } else if has("db.system.name") || has("db.system") {
        SpanCategory::Db
    } else if has("messaging.system") {
        SpanCategory::Messaging
    } else if has("rpc.system") {
        SpanCategory::Rpc
    } else if http_method(tags).is_some() || http_status(tags).is_some() {
        SpanCategory::Http
    } else {
        SpanCategory::Other
    }
}
