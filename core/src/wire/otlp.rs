//! OTLP JSON, as Jaeger's api_v3 answers (`{"result": {"resourceSpans": […]}}`) and as OTLP
//! exporters write files (`{"resourceSpans": […]}`), mapped to the model the way Jaeger maps it:
//! resource → process, attributes → tags, events → logs, parent and links → references (a link's
//! attributes kept on its reference), `kind` → `span.kind`, `status` → `otel.status_code`, scope →
//! `otel.scope.*`, `traceState` → `w3c.tracestate`, the `dropped*Count`s → `otel.dropped_*_count`
//! (OpenTelemetry's mapping to non-OTLP formats; the keys are in [`semconv`]). Every field read or
//! left out, and why: `docs/wire-fields.md`.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use super::lenient::{self, Text};
use super::{Document, ParseError};
use crate::model::id::canonical_id;
use crate::model::semconv;
use crate::model::{
    Log, Process, RefKind, Reference, SpanRecord, Tag, TagValue, TraceRecord, data::UNKNOWN_SERVICE,
};

/// Reads either OTLP shape; api_v3's `{"error": …}` is the backend's error. Lone UTF-16
/// surrogate escapes read as U+FFFD, with a warning where they are
/// ([`super::tolerating_lone_surrogates`]).
pub fn parse(bytes: &[u8]) -> Result<Document, ParseError> {
    super::tolerating_lone_surrogates(bytes, parse_strictly)
}

fn parse_strictly(bytes: &[u8]) -> Result<Document, ParseError> {
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(ParseError::shape_of(bytes));
    }
    let object: OtlpObject = ParseError::read(bytes)?;
    object.into_document()
}

/// The top level of an OTLP document or an api_v3 answer.
#[derive(Deserialize, Default)]
struct OtlpObject {
    #[serde(rename = "resourceSpans", default)]
    resource_spans: Option<Vec<ResourceSpans>>,
    #[serde(default)]
    result: Option<OtlpResult>,
    #[serde(default)]
    error: Option<V3Error>,
}

#[derive(Deserialize, Default)]
struct OtlpResult {
    #[serde(rename = "resourceSpans", default, deserialize_with = "lenient::list")]
    resource_spans: Vec<ResourceSpans>,
}

/// api_v3's error: `{"error": {"grpcCode", "httpCode", "message"}}`.
#[derive(Deserialize)]
struct V3Error {
    #[serde(rename = "httpCode", default)]
    http_code: lenient::Int,
    #[serde(default)]
    message: Text,
}

impl OtlpObject {
    fn into_document(self) -> Result<Document, ParseError> {
        if let Some(error) = self.error {
            // "No traces found" is api_v3's way of saying an empty list.
            if error.http_code.0 == 404 {
                return Ok(Document::default());
            }
            return Err(ParseError::Backend(vec![error.message.0]));
        }
        let resource_spans = match (self.resource_spans, self.result) {
            (Some(list), _) => list,
            (None, Some(result)) => result.resource_spans,
            (None, None) => {
                return Err(ParseError::OtherObject(
                    "a JSON object without `resourceSpans` (OTLP) or `result` (Jaeger api_v3)"
                        .into(),
                ));
            }
        };
        Ok(Document {
            traces: group(resource_spans),
            ..Document::default()
        })
    }
}

#[derive(Deserialize)]
struct ResourceSpans {
    #[serde(default)]
    resource: Option<Resource>,
    #[serde(rename = "schemaUrl", default)]
    schema_url: Text,
    #[serde(
        rename = "scopeSpans",
        alias = "instrumentationLibrarySpans",
        default,
        deserialize_with = "lenient::list"
    )]
    scope_spans: Vec<ScopeSpans>,
}

#[derive(Deserialize, Default)]
struct Resource {
    #[serde(default, deserialize_with = "lenient::list")]
    attributes: Vec<KeyValue>,
    #[serde(rename = "droppedAttributesCount", default)]
    dropped_attributes: lenient::Int,
}

#[derive(Deserialize)]
struct ScopeSpans {
    #[serde(alias = "instrumentationLibrary", default)]
    scope: Option<Scope>,
    #[serde(rename = "schemaUrl", default)]
    schema_url: Text,
    #[serde(default, deserialize_with = "lenient::list")]
    spans: Vec<OtlpSpan>,
}

#[derive(Deserialize, Default)]
struct Scope {
    #[serde(default)]
    name: Text,
    #[serde(default)]
    version: Text,
    #[serde(default, deserialize_with = "lenient::list")]
    attributes: Vec<KeyValue>,
    #[serde(rename = "droppedAttributesCount", default)]
    dropped_attributes: lenient::Int,
}

#[derive(Deserialize)]
struct OtlpSpan {
    #[serde(rename = "traceId", default)]
    trace_id: Text,
    #[serde(rename = "spanId", default)]
    span_id: Text,
    #[serde(rename = "parentSpanId", default)]
    parent_span_id: Text,
    #[serde(default)]
    name: Text,
    #[serde(default)]
    kind: Value,
    #[serde(rename = "startTimeUnixNano", default)]
    start: Nanos,
    #[serde(rename = "endTimeUnixNano", default)]
    end: Nanos,
    #[serde(default, deserialize_with = "lenient::list")]
    attributes: Vec<KeyValue>,
    #[serde(default, deserialize_with = "lenient::list")]
    events: Vec<Event>,
    #[serde(default, deserialize_with = "lenient::list")]
    links: Vec<Link>,
    #[serde(default)]
    status: Option<Status>,
    #[serde(rename = "traceState", default)]
    trace_state: Text,
    #[serde(rename = "droppedAttributesCount", default)]
    dropped_attributes: lenient::Int,
    #[serde(rename = "droppedEventsCount", default)]
    dropped_events: lenient::Int,
    #[serde(rename = "droppedLinksCount", default)]
    dropped_links: lenient::Int,
}

#[derive(Deserialize)]
struct Event {
    #[serde(rename = "timeUnixNano", default)]
    time: Nanos,
    #[serde(default)]
    name: Text,
    #[serde(default, deserialize_with = "lenient::list")]
    attributes: Vec<KeyValue>,
    #[serde(rename = "droppedAttributesCount", default)]
    dropped_attributes: lenient::Int,
}

#[derive(Deserialize)]
struct Link {
    #[serde(rename = "traceId", default)]
    trace_id: Text,
    #[serde(rename = "spanId", default)]
    span_id: Text,
    #[serde(default, deserialize_with = "lenient::list")]
    attributes: Vec<KeyValue>,
    #[serde(rename = "traceState", default)]
    trace_state: Text,
    #[serde(rename = "droppedAttributesCount", default)]
    dropped_attributes: lenient::Int,
}

#[derive(Deserialize, Default)]
struct Status {
    #[serde(default)]
    code: Value,
    #[serde(default)]
    message: Text,
}

#[derive(Deserialize, Clone)]
struct KeyValue {
    #[serde(default)]
    key: Text,
    #[serde(default)]
    value: Option<AnyValue>,
}

/// OTLP's `AnyValue`: one of its `…Value` fields is set.
#[derive(Deserialize, Clone, Default)]
struct AnyValue {
    #[serde(rename = "stringValue", default)]
    string: Option<Text>,
    #[serde(rename = "boolValue", default)]
    boolean: Option<Value>,
    #[serde(rename = "intValue", default)]
    int: Option<lenient::Int>,
    #[serde(rename = "doubleValue", default)]
    double: Option<Value>,
    #[serde(rename = "bytesValue", default)]
    bytes: Option<Text>,
    #[serde(rename = "arrayValue", default)]
    array: Option<Value>,
    #[serde(rename = "kvlistValue", default)]
    kvlist: Option<Value>,
}

impl AnyValue {
    /// Typed like Jaeger's tags; arrays and key/value lists become the JSON text Jaeger gives them
    /// (`["stop"]`, `{"k":"v"}`: its OTLP translator writes `pcommon.Value.AsString()`), so a tag
    /// reads the same from api_v3 as from the v1 API.
    fn into_tag_value(self) -> TagValue {
        if let Some(s) = self.string {
            TagValue::Str(s.0)
        } else if let Some(b) = self.boolean {
            match b {
                Value::Bool(b) => TagValue::Bool(b),
                Value::String(s) => TagValue::Bool(s.eq_ignore_ascii_case("true")),
                other => TagValue::Str(other.to_string()),
            }
        } else if let Some(i) = self.int {
            TagValue::Int(i.0)
        } else if let Some(d) = self.double {
            match d {
                Value::Number(n) => TagValue::Float(n.as_f64().unwrap_or(f64::NAN)),
                Value::String(s) => s.trim().parse().map_or(TagValue::Str(s), TagValue::Float),
                other => TagValue::Str(other.to_string()),
            }
        } else if let Some(b) = self.bytes {
            TagValue::Binary(b.0)
        } else if let Some(list) = self.array {
            TagValue::Str(plain_list(&list).to_string())
        } else if let Some(map) = self.kvlist {
            TagValue::Str(plain_map(&map).to_string())
        } else {
            TagValue::Str(String::new())
        }
    }
}

/// An `AnyValue` as plain JSON: strings, numbers, booleans, arrays and objects.
fn plain_json(value: &Value) -> Value {
    let one = |key: &str| value.get(key);
    if let Some(Value::String(i)) = one("intValue") {
        // OTLP JSON writes 64-bit integers as strings.
        i.parse::<i64>()
            .map_or_else(|_| Value::from(i.as_str()), Value::from)
    } else if let Some(list) = one("arrayValue") {
        plain_list(list)
    } else if let Some(map) = one("kvlistValue") {
        plain_map(map)
    } else {
        [
            "stringValue",
            "boolValue",
            "intValue",
            "doubleValue",
            "bytesValue",
        ]
        .into_iter()
        .find_map(one)
        .cloned()
        .unwrap_or(Value::Null)
    }
}

/// An `arrayValue` (`{"values": [AnyValue…]}`) as a JSON array.
fn plain_list(list: &Value) -> Value {
    let values = list.get("values").and_then(Value::as_array);
    Value::Array(values.into_iter().flatten().map(plain_json).collect())
}

/// A `kvlistValue` (`{"values": [{"key", "value"}…]}`) as a JSON object.
fn plain_map(map: &Value) -> Value {
    let values = map.get("values").and_then(Value::as_array);
    Value::Object(
        values
            .into_iter()
            .flatten()
            .map(|kv| {
                let key = kv.get("key").and_then(Value::as_str).unwrap_or_default();
                (
                    key.to_owned(),
                    kv.get("value").map_or(Value::Null, plain_json),
                )
            })
            .collect(),
    )
}

fn tags(attributes: Vec<KeyValue>) -> Vec<Tag> {
    attributes
        .into_iter()
        .map(|kv| Tag::new(kv.key.0, kv.value.unwrap_or_default().into_tag_value()))
        .collect()
}

/// Adds `key` with a text value, unless the text is empty (OTLP leaves zero values out).
fn push_text(tags: &mut Vec<Tag>, key: &str, text: Text) {
    if !text.0.is_empty() {
        tags.push(Tag::new(key, TagValue::Str(text.0)));
    }
}

/// Adds `key` with a count the SDK dropped, unless it is 0 (nothing dropped).
fn push_count(tags: &mut Vec<Tag>, key: &str, count: lenient::Int) {
    if count.0 != 0 {
        tags.push(Tag::new(key, TagValue::Int(count.0)));
    }
}

/// Nanoseconds since the epoch, sent as a decimal string (or a number).
#[derive(Default, Clone, Copy)]
struct Nanos(i128);

impl<'de> Deserialize<'de> for Nanos {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Option::<Value>::deserialize(d)? {
            Some(Value::String(s)) => s.trim().parse::<i128>().map(Nanos).map_err(|_| {
                serde::de::Error::custom(format!("{s:?} is not a time in nanoseconds"))
            }),
            Some(Value::Number(n)) => Ok(Nanos(
                n.as_i64()
                    .map_or_else(|| n.as_f64().unwrap_or(0.0) as i128, i128::from),
            )),
            _ => Ok(Nanos(0)),
        }
    }
}

impl Nanos {
    /// The time, `None` when it is absent or 0: in OTLP's protobuf a 0 is an unset field.
    fn get(self) -> Option<i64> {
        (self.0 != 0).then(|| i64::try_from(self.0).unwrap_or(i64::MAX))
    }
}

fn span_kind(kind: &Value) -> Option<&'static str> {
    let code = match kind {
        Value::Number(n) => n.as_i64()?,
        Value::String(s) => match s.as_str() {
            "SPAN_KIND_INTERNAL" => 1,
            "SPAN_KIND_SERVER" => 2,
            "SPAN_KIND_CLIENT" => 3,
            "SPAN_KIND_PRODUCER" => 4,
            "SPAN_KIND_CONSUMER" => 5,
            other => other.parse().ok()?,
        },
        _ => return None,
    };
    match code {
        1 => Some("internal"),
        2 => Some("server"),
        3 => Some("client"),
        4 => Some("producer"),
        5 => Some("consumer"),
        _ => None,
    }
}

fn status_code(code: &Value) -> Option<&'static str> {
    match code {
        Value::Number(n) if n.as_i64() == Some(1) => Some("OK"),
        Value::Number(n) if n.as_i64() == Some(2) => Some("ERROR"),
        Value::String(s) if s == "STATUS_CODE_OK" || s == "1" => Some("OK"),
        Value::String(s) if s == "STATUS_CODE_ERROR" || s == "2" => Some("ERROR"),
        _ => None,
    }
}

/// All spans of all resources, grouped into traces by canonical trace ID in first-seen order.
fn group(resource_spans: Vec<ResourceSpans>) -> Vec<TraceRecord> {
    let mut traces: Vec<TraceRecord> = Vec::new();
    let mut index_by_trace: HashMap<String, usize> = HashMap::new();
    for resource_span in resource_spans {
        let resource = resource_span.resource.unwrap_or_default();
        let mut resource_tags = tags(resource.attributes);
        push_count(
            &mut resource_tags,
            semconv::DROPPED_ATTRIBUTES,
            resource.dropped_attributes,
        );
        push_text(
            &mut resource_tags,
            semconv::SCHEMA_URL,
            resource_span.schema_url,
        );
        let service = resource_tags
            .iter()
            .position(|t| t.key == "service.name")
            .map(|at| resource_tags.remove(at).value.to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| UNKNOWN_SERVICE.to_owned());
        let process = Process {
            service,
            tags: resource_tags,
        };
        // The process enters each trace it has spans in, once.
        let mut process_in_trace: HashMap<usize, usize> = HashMap::new();
        for scope_spans in resource_span.scope_spans {
            let scope = scope_tags(
                scope_spans.scope.unwrap_or_default(),
                scope_spans.schema_url,
            );
            for span in scope_spans.spans {
                let key = canonical_id(&span.trace_id.0);
                let at = *index_by_trace.entry(key).or_insert_with(|| {
                    traces.push(TraceRecord {
                        trace_id: span.trace_id.0.clone(),
                        ..TraceRecord::default()
                    });
                    traces.len() - 1
                });
                let trace = &mut traces[at];
                let process_index = *process_in_trace.entry(at).or_insert_with(|| {
                    trace.processes.push(process.clone());
                    trace.processes.len() - 1
                });
                trace.spans.push(span_record(span, &scope, process_index));
            }
        }
    }
    traces
}

/// The instrumentation scope as span tags: `otel.scope.name`, `otel.scope.version` (as Jaeger
/// writes them), its schema URL, its attributes and what it dropped, each key after
/// `otel.scope.`.
fn scope_tags(scope: Scope, schema_url: Text) -> Vec<Tag> {
    let mut scoped = Vec::with_capacity(scope.attributes.len() + 2);
    push_text(&mut scoped, semconv::SCOPE_NAME, scope.name);
    push_text(&mut scoped, semconv::SCOPE_VERSION, scope.version);
    push_text(&mut scoped, semconv::SCOPE_SCHEMA_URL, schema_url);
    push_count(
        &mut scoped,
        semconv::SCOPE_DROPPED_ATTRIBUTES,
        scope.dropped_attributes,
    );
    for tag in tags(scope.attributes) {
        let key = format!("{}{}", semconv::SCOPE_PREFIX, tag.key);
        // An attribute named like a field of the scope (`name`, `version`) gives way to it.
        if !scoped.iter().any(|t| t.key == key) {
            scoped.push(Tag { key, ..tag });
        }
    }
    scoped
}

fn span_record(span: OtlpSpan, scope: &[Tag], process: usize) -> SpanRecord {
    let references = span_references(&span.trace_id.0, span.parent_span_id, span.links);
    let mut span_tags = tags(span.attributes);
    span_tags.extend_from_slice(scope);
    push_text(&mut span_tags, semconv::TRACE_STATE, span.trace_state);
    push_count(
        &mut span_tags,
        semconv::DROPPED_ATTRIBUTES,
        span.dropped_attributes,
    );
    push_count(&mut span_tags, semconv::DROPPED_EVENTS, span.dropped_events);
    push_count(&mut span_tags, semconv::DROPPED_LINKS, span.dropped_links);
    if let Some(kind) = span_kind(&span.kind) {
        span_tags.push(Tag::new("span.kind", TagValue::Str(kind.to_owned())));
    }
    push_status(&mut span_tags, span.status.unwrap_or_default());
    let logs = span.events.into_iter().map(event_log).collect();
    let (start, end) = (span.start.get(), span.end.get());
    SpanRecord {
        trace_id: span.trace_id.0,
        span_id: span.span_id.0,
        parent_span_id: None,
        operation: span.name.0,
        references,
        start_ns: start,
        duration_ns: start.zip(end).map(|(start, end)| end.saturating_sub(start)),
        tags: span_tags,
        logs,
        process,
        warnings: Vec::new(),
    }
}

/// A span's references: `CHILD_OF` its parent (if it has one), then one per link.
fn span_references(trace_id: &str, parent_span_id: Text, links: Vec<Link>) -> Vec<Reference> {
    let mut references = Vec::with_capacity(1 + links.len());
    if !parent_span_id.0.is_empty() {
        references.push(Reference {
            kind: RefKind::ChildOf,
            trace_id: trace_id.to_owned(),
            span_id: parent_span_id.0,
            tags: Vec::new(),
        });
    }
    references.extend(links.into_iter().map(link_reference));
    references
}

/// A link as a reference: `FOLLOWS_FROM`, unless its attributes say `opentracing.ref_type`
/// `child_of`; its trace state and what it dropped become its tags.
fn link_reference(link: Link) -> Reference {
    let mut link_tags = tags(link.attributes);
    let child_of = link_tags
        .iter()
        .any(|t| t.key == "opentracing.ref_type" && t.value.as_str() == Some("child_of"));
    push_text(&mut link_tags, semconv::TRACE_STATE, link.trace_state);
    push_count(
        &mut link_tags,
        semconv::DROPPED_ATTRIBUTES,
        link.dropped_attributes,
    );
    Reference {
        kind: if child_of {
            RefKind::ChildOf
        } else {
            RefKind::FollowsFrom
        },
        trace_id: link.trace_id.0,
        span_id: link.span_id.0,
        tags: link_tags,
    }
}

/// A span's status as tags: `otel.status_code` (with `error` when it is `ERROR`) and
/// `otel.status_description`.
fn push_status(span_tags: &mut Vec<Tag>, status: Status) {
    if let Some(code) = status_code(&status.code) {
        span_tags.push(Tag::new("otel.status_code", TagValue::Str(code.to_owned())));
        if code == "ERROR" {
            span_tags.push(Tag::new("error", TagValue::Bool(true)));
        }
    }
    if !status.message.0.is_empty() {
        span_tags.push(Tag::new(
            "otel.status_description",
            TagValue::Str(status.message.0),
        ));
    }
}

/// A span event as a log: its name as the `event` field, then its attributes and what it
/// dropped.
fn event_log(event: Event) -> Log {
    let mut fields = Vec::with_capacity(event.attributes.len() + 1);
    if !event.name.0.is_empty() {
        fields.push(Tag::new("event", TagValue::Str(event.name.0)));
    }
    fields.extend(tags(event.attributes));
    push_count(
        &mut fields,
        semconv::DROPPED_ATTRIBUTES,
        event.dropped_attributes,
    );
    Log {
        timestamp_ns: event.time.get().unwrap_or(0),
        fields,
    }
}

/// Reads api_v3's `/services`: `{"services": ["svc", …]}`.
pub fn parse_services(bytes: &[u8]) -> Result<Vec<String>, ParseError> {
    #[derive(Deserialize)]
    struct Services {
        #[serde(default, deserialize_with = "lenient::list")]
        services: Vec<Text>,
    }
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(ParseError::shape_of(bytes));
    }
    let services: Services = serde_json::from_slice(bytes).map_err(ParseError::json)?;
    Ok(services
        .services
        .into_iter()
        .map(|t| t.0)
        .filter(|s| !s.is_empty())
        .collect())
}

/// The message of an api_v3 error body (`{"error": {"message": …}}`), if the body is one.
pub fn error_message(bytes: &[u8]) -> Option<String> {
    let object: OtlpObject = serde_json::from_slice(bytes).ok()?;
    object.error.map(|e| e.message.0).filter(|m| !m.is_empty())
}
