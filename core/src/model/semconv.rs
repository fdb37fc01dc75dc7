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
    if is_gen_ai(tags) {
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

/// A call to a model, as OpenTelemetry's GenAI conventions describe it (`gen_ai.*`); the system,
/// operation, models and tokens also from the `llm.*` keys of OpenLLMetry and OpenInference where
/// a span has no `gen_ai.*` value. Tokens are counts (never negative: such values are dropped);
/// `temperature` is the request's sampling temperature.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LlmCall<'a> {
    /// The provider: `gen_ai.provider.name` (`gen_ai.system` before 2025), like `openai`.
    pub system: Option<&'a str>,
    /// `gen_ai.operation.name`: `chat`, `embeddings`, `text_completion`, …
    pub operation: Option<&'a str>,
    pub request_model: Option<&'a str>,
    pub response_model: Option<&'a str>,
    pub input_tokens: Option<i64>,
    pub output_tokens: Option<i64>,
    /// `gen_ai.response.finish_reasons`, joined with ", " (Jaeger carries the array as JSON text).
    pub finish_reasons: Option<String>,
    pub temperature: Option<f64>,
    pub max_tokens: Option<i64>,
}

impl LlmCall<'_> {
    /// The model that answered, else the one asked for.
    pub fn model(&self) -> Option<&str> {
        self.response_model.or(self.request_model)
    }
}

/// The `llm.*` keys (OpenLLMetry, OpenInference) read for an LLM call.
const LLM_KEYS: [&str; 11] = [
    "llm.system",
    "llm.vendor",
    "llm.provider",
    "llm.request.type",
    "llm.request.model",
    "llm.model_name",
    "llm.response.model",
    "llm.usage.prompt_tokens",
    "llm.token_count.prompt",
    "llm.usage.completion_tokens",
    "llm.token_count.completion",
];

/// GenAI work of any kind (a model call, an agent, a tool): a `gen_ai.*` tag, or one of the
/// `llm.*` keys an LLM call is read from.
fn is_gen_ai(tags: &[Tag]) -> bool {
    tags.iter().any(|t| {
        t.key.starts_with("gen_ai.")
            || (t.key.starts_with("llm.") && LLM_KEYS.contains(&t.key.as_str()))
    })
}

/// A call to a model, not an agent or a tool run: those carry `gen_ai.*` too, an agent's tokens
/// being the sum of its calls' (`gen_ai.operation.name` `invoke_agent`, `create_agent`,
/// `execute_tool` in OpenTelemetry's GenAI agent spans).
fn is_model_call(tags: &[Tag]) -> bool {
    is_gen_ai(tags)
        && !matches!(
            text(tags, "gen_ai.operation.name"),
            Some("invoke_agent" | "create_agent" | "execute_tool")
        )
}

/// A token count: a whole number, not below zero.
fn tokens(tags: &[Tag], keys: &[&str]) -> Option<i64> {
    keys.iter()
        .find_map(|k| find_tag(tags, k).and_then(TagValue::as_i64))
        .filter(|n| *n >= 0)
}

const INPUT_TOKENS: [&str; 4] = [
    "gen_ai.usage.input_tokens",
    "gen_ai.usage.prompt_tokens",
    "llm.usage.prompt_tokens",
    "llm.token_count.prompt",
];
const OUTPUT_TOKENS: [&str; 4] = [
    "gen_ai.usage.output_tokens",
    "gen_ai.usage.completion_tokens",
    "llm.usage.completion_tokens",
    "llm.token_count.completion",
];

/// A model call's input and output tokens, without reading the rest of [`llm_call`]: `None` for a
/// span that is no model call.
pub fn llm_tokens(tags: &[Tag]) -> Option<(Option<i64>, Option<i64>)> {
    is_model_call(tags).then(|| (tokens(tags, &INPUT_TOKENS), tokens(tags, &OUTPUT_TOKENS)))
}

/// The span's call to a model: GenAI conventions' keys, or the `llm.*` ones where it has no
/// `gen_ai.*` value; `None` for other spans, agents and tool runs included.
pub fn llm_call(tags: &[Tag]) -> Option<LlmCall<'_>> {
    if !is_model_call(tags) {
        return None;
    }
    let first_text = |keys: &[&str]| keys.iter().find_map(|k| text(tags, k));
    let call = LlmCall {
        system: first_text(&[
            "gen_ai.provider.name",
            "gen_ai.system",
            "llm.system",
            "llm.vendor",
            "llm.provider",
        ]),
        operation: first_text(&["gen_ai.operation.name", "llm.request.type"]),
        request_model: first_text(&[
            "gen_ai.request.model",
            "llm.request.model",
            "llm.model_name",
        ]),
        response_model: first_text(&["gen_ai.response.model", "llm.response.model"]),
        input_tokens: tokens(tags, &INPUT_TOKENS),
        output_tokens: tokens(tags, &OUTPUT_TOKENS),
        finish_reasons: find_tag(tags, "gen_ai.response.finish_reasons").map(list_text),
        temperature: find_tag(tags, "gen_ai.request.temperature")
            .and_then(|v| match v {
                TagValue::Float(x) => Some(*x),
                TagValue::Int(n) => Some(*n as f64),
                TagValue::Str(s) => s.trim().parse().ok(),
                _ => None,
            })
            .filter(|t: &f64| t.is_finite()),
        max_tokens: tokens(tags, &["gen_ai.request.max_tokens"]),
    };
    Some(call)
}

/// An array tag as text: Jaeger carries OTLP arrays as JSON (`["stop","length"]` → `stop, length`).
fn list_text(value: &TagValue) -> String {
    let raw = value.to_string();
    match serde_json::from_str::<Vec<serde_json::Value>>(&raw) {
        Ok(items) => items
            .iter()
            .map(|item| match item {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        Err(_) => raw,
    }
}
