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

// Tag keys that OTLP fields without a place in Jaeger's model take, so a span reads the same from
// an OTLP file, api_v3 and the v1 API: the dropped counts, `w3c.tracestate` and the scope's name
// and version as OpenTelemetry's mapping to non-OTLP formats (and Jaeger's OTLP translator) name
// them; the schema URLs and the scope's attributes under `otel.scope.` are tracedeck's own names,
// in the same style (docs/wire-fields.md).

/// How many attributes the SDK dropped (on a span, event, link, resource): a whole number.
pub const DROPPED_ATTRIBUTES: &str = "otel.dropped_attributes_count";
/// How many events the SDK dropped from a span.
pub const DROPPED_EVENTS: &str = "otel.dropped_events_count";
/// How many links the SDK dropped from a span.
pub const DROPPED_LINKS: &str = "otel.dropped_links_count";
/// W3C `tracestate` of a span or a link, as sent.
pub const TRACE_STATE: &str = "w3c.tracestate";
/// The resource's schema URL (a process tag).
pub const SCHEMA_URL: &str = "otel.schema_url";
/// Every instrumentation scope tag starts so; a scope attribute `k` is the span tag `otel.scope.k`.
pub const SCOPE_PREFIX: &str = "otel.scope.";
/// The instrumentation scope's name.
pub const SCOPE_NAME: &str = "otel.scope.name";
/// The instrumentation scope's version.
pub const SCOPE_VERSION: &str = "otel.scope.version";
/// The instrumentation scope's schema URL.
pub const SCOPE_SCHEMA_URL: &str = "otel.scope.schema_url";
/// How many of the scope's attributes the SDK dropped.
pub const SCOPE_DROPPED_ATTRIBUTES: &str = "otel.scope.dropped_attributes_count";

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

/// One turn of an LLM conversation as a span records it: who spoke and what was said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LlmMessage {
    /// `system`, `user`, `assistant`, `tool`, … as recorded (`message` when none is).
    pub role: String,
    /// The text; tool calls as `→ name(arguments)`, tool results as `← result`.
    pub content: String,
    /// Part of the model's answer (a completion, a choice), not of its prompt.
    pub output: bool,
}

/// The conversation a model call recorded, prompt first, in the first of the forms this span
/// uses: the `gen_ai.input.messages` / `gen_ai.output.messages` attributes (JSON, GenAI
/// conventions 1.37+, also on a `gen_ai.client.inference.operation.details` event); the message
/// events (`gen_ai.system.message`, `gen_ai.user.message`, `gen_ai.assistant.message`,
/// `gen_ai.tool.message`, `gen_ai.choice`; older `gen_ai.content.prompt` /
/// `gen_ai.content.completion`); or indexed attributes (`gen_ai.prompt.N.*` /
/// `gen_ai.completion.N.*` of OpenLLMetry, `llm.input_messages.N.message.*` /
/// `llm.output_messages.N.message.*` of OpenInference). Empty when it recorded none.
pub fn llm_messages(tags: &[Tag], logs: &[super::data::Log]) -> Vec<LlmMessage> {
    let from_tags = structured_messages(tags);
    if !from_tags.is_empty() {
        return from_tags;
    }
    let from_events: Vec<LlmMessage> = logs
        .iter()
        .flat_map(|log| event_messages(&log.fields))
        .collect();
    if !from_events.is_empty() {
        return from_events;
    }
    let mut indexed = indexed_messages(tags, "gen_ai.prompt.", "", false);
    indexed.extend(indexed_messages(tags, "gen_ai.completion.", "", true));
    indexed.extend(indexed_messages(
        tags,
        "llm.input_messages.",
        "message.",
        false,
    ));
    indexed.extend(indexed_messages(
        tags,
        "llm.output_messages.",
        "message.",
        true,
    ));
    indexed
}

/// The GenAI 1.37+ structured messages among attributes: `gen_ai.system_instructions`,
/// `gen_ai.input.messages`, `gen_ai.output.messages` (JSON), as a span or its
/// `gen_ai.client.inference.operation.details` event carries them.
fn structured_messages(fields: &[Tag]) -> Vec<LlmMessage> {
    let mut out = Vec::new();
    if let Some(system) = find_tag(fields, "gen_ai.system_instructions") {
        out.extend(json_messages(&system.to_string(), false, Some("system")));
    }
    for (key, output) in [
        ("gen_ai.input.messages", false),
        ("gen_ai.output.messages", true),
    ] {
        if let Some(value) = find_tag(fields, key) {
            out.extend(json_messages(&value.to_string(), output, None));
        }
    }
    out
}

/// The messages of one span event (its name in the `event` field, as Jaeger and OTLP events
/// arrive here).
fn event_messages(fields: &[Tag]) -> Vec<LlmMessage> {
    let Some(name) = text(fields, "event") else {
        return Vec::new();
    };
    let body = ["content", "gen_ai.event.content", "message", "body"]
        .iter()
        .find_map(|k| find_tag(fields, k))
        .map(ToString::to_string);
    match name {
        "gen_ai.client.inference.operation.details" => structured_messages(fields),
        "gen_ai.content.prompt" | "gen_ai.content.completion" => {
            let output = name.ends_with("completion");
            let key = if output {
                "gen_ai.completion"
            } else {
                "gen_ai.prompt"
            };
            find_tag(fields, key)
                .map(|v| {
                    json_messages(
                        &v.to_string(),
                        output,
                        Some(if output { "assistant" } else { "user" }),
                    )
                })
                .unwrap_or_default()
        }
        _ => {
            let role = match name {
                "gen_ai.system.message" => "system",
                "gen_ai.user.message" => "user",
                "gen_ai.assistant.message" | "gen_ai.choice" => "assistant",
                "gen_ai.tool.message" => "tool",
                _ => return Vec::new(),
            };
            let role = text(fields, "role").unwrap_or(role);
            let output = name == "gen_ai.choice";
            match body {
                Some(body) => json_messages(&body, output, Some(role)),
                // A message that only calls tools.
                None => {
                    let calls = find_tag(fields, "tool_calls")
                        .and_then(|v| serde_json::from_str(&v.to_string()).ok());
                    let content = tool_calls_text(calls.as_ref());
                    (!content.is_empty())
                        .then(|| LlmMessage {
                            role: role.to_owned(),
                            content,
                            output,
                        })
                        .into_iter()
                        .collect()
                }
            }
        }
    }
}

/// Messages from `PREFIX{n}.{inner}role` / `…content` attributes, by ascending `n`.
fn indexed_messages(tags: &[Tag], prefix: &str, inner: &str, output: bool) -> Vec<LlmMessage> {
    let mut turns: std::collections::BTreeMap<u32, (Option<String>, Option<String>)> =
        std::collections::BTreeMap::new();
    for tag in tags {
        let Some(rest) = tag.key.strip_prefix(prefix) else {
            continue;
        };
        let Some((n, field)) = rest.split_once('.') else {
            continue;
        };
        let (Ok(n), Some(field)) = (n.parse::<u32>(), field.strip_prefix(inner)) else {
            continue;
        };
        let turn = turns.entry(n).or_default();
        match field {
            "role" => turn.0 = Some(tag.value.to_string()),
            "content" => turn.1 = Some(tag.value.to_string()),
            _ => {}
        }
    }
    turns
        .into_values()
        .filter_map(|(role, content)| {
            Some(LlmMessage {
                role: role.unwrap_or_else(|| "message".to_owned()),
                content: content?,
                output,
            })
        })
        .collect()
}

/// Reads recorded content: a JSON array of messages (`{role, content}` or `{role, parts}`), one
/// such message, parts alone, or plain text (taken as it is, spoken by `role`).
fn json_messages(raw: &str, output: bool, role: Option<&str>) -> Vec<LlmMessage> {
    use serde_json::Value;
    let message = |value: &Value| -> Option<LlmMessage> {
        let content = match value {
            Value::Object(m) if m.contains_key("parts") => parts_text(&m["parts"]),
            Value::Object(m) => {
                // The message itself, or a choice holding it.
                let inner = m.get("message").filter(|v| v.is_object()).unwrap_or(value);
                let text = match inner.get("content").or_else(|| inner.get("text")) {
                    // Content as parts (OpenAI's and the Responses API's form).
                    Some(parts @ Value::Array(_)) => parts_text(parts),
                    Some(other) => value_text(other),
                    None => String::new(),
                };
                let calls = tool_calls_text(inner.get("tool_calls"));
                match (text.is_empty(), calls.is_empty()) {
                    (true, true) if inner.get("content").is_none() => value.to_string(),
                    (false, false) => format!("{text}\n{calls}"),
                    (true, _) => calls,
                    (false, true) => text,
                }
            }
            other => value_text(other),
        };
        let said_role = value
            .get("role")
            .or_else(|| value.get("message").and_then(|m| m.get("role")))
            .and_then(Value::as_str);
        (!content.is_empty()).then(|| LlmMessage {
            role: said_role.or(role).unwrap_or("message").to_owned(),
            content,
            output,
        })
    };
    match serde_json::from_str::<Value>(raw) {
        Ok(Value::Array(items))
            if items
                .iter()
                .all(|i| i.get("type").is_some() && i.get("role").is_none()) =>
        {
            // Bare parts (system instructions): one message.
            message(&serde_json::json!({ "parts": items }))
                .into_iter()
                .collect()
        }
        Ok(Value::Array(items)) => items.iter().filter_map(message).collect(),
        Ok(value @ Value::Object(_)) => message(&value).into_iter().collect(),
        _ if raw.trim().is_empty() => Vec::new(),
        _ => vec![LlmMessage {
            role: role.unwrap_or("message").to_owned(),
            content: raw.to_owned(),
            output,
        }],
    }
}

/// A message's `tool_calls` (OpenAI's form: `[{"function": {"name", "arguments"}}]`, or the name
/// and arguments on the call itself) as `→ name(arguments)` lines.
fn tool_calls_text(calls: Option<&serde_json::Value>) -> String {
    let Some(calls) = calls.and_then(serde_json::Value::as_array) else {
        return String::new();
    };
    calls
        .iter()
        .map(|call| {
            let function = call.get("function").unwrap_or(call);
            let field = |k: &str| function.get(k).map(value_text).unwrap_or_default();
            format!("→ {}({})", field("name"), field("arguments"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The parts of a message as text: text parts as they are, tool calls and their results marked.
fn parts_text(parts: &serde_json::Value) -> String {
    let Some(parts) = parts.as_array() else {
        return value_text(parts);
    };
    parts
        .iter()
        .map(|part| {
            let field = |k: &str| part.get(k).map(value_text).unwrap_or_default();
            match part.get("type").and_then(serde_json::Value::as_str) {
                Some("tool_call") => format!("→ {}({})", field("name"), field("arguments")),
                Some("tool_call_response") => format!("← {}", field("response")),
                _ => match part.get("content").or_else(|| part.get("text")) {
                    Some(nested @ serde_json::Value::Array(_)) => parts_text(nested),
                    Some(text) => value_text(text),
                    None => part.to_string(),
                },
            }
        })
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A JSON value as text: strings unquoted, anything else as compact JSON.
fn value_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}
