//! Jaeger's JSON (query API v1 and file exports) in all three shapes found in the wild:
//! a query envelope `{"data": [trace…]}`, a bare trace `{"traceID", "spans", "processes"}`, and an
//! array of spans that each embed their `process`.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::lenient::{self, Int, Text};
use super::{Document, ParseError};
use crate::model::id::canonical_id;
use crate::model::{Log, Process, RefKind, Reference, SpanRecord, Tag, TagValue, TraceRecord};

mod export;
mod stream;
pub use export::to_json;
pub use stream::AnswerStream;

/// Reads any of the three Jaeger shapes; an envelope that carries only errors is an error. Lone
/// UTF-16 surrogate escapes read as U+FFFD, with a warning where they are
/// ([`super::tolerating_lone_surrogates`]).
pub fn parse(bytes: &[u8]) -> Result<Document, ParseError> {
    super::tolerating_lone_surrogates(bytes, parse_strictly)
}

fn parse_strictly(bytes: &[u8]) -> Result<Document, ParseError> {
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'[') => {
            let spans: Vec<WireSpan> = ParseError::read(bytes)?;
            Ok(Document {
                traces: group_span_array(spans),
                ..Document::default()
            })
        }
        Some(b'{') => {
            let object: WireObject = ParseError::read(bytes)?;
            object.into_document()
        }
        _ => Err(ParseError::shape_of(bytes)),
    }
}

/// Reads one service's answer to a search of several (`{"data": [trace…], "errors": …}`), leaving
/// out the traces whose `traceID` is in `seen`: another service's answer to the same search brought
/// them. Jaeger's v1 search answers whole traces, so a trace touching four services arrives four
/// times; a left-out trace's spans are skipped unread, which needs `traceID` before `spans`, as
/// Jaeger writes it (the other order still reads, in full, then leaves the trace out); a left-out
/// trace is not checked either, so a malformed copy of a seen trace fails nothing. Any other shape,
/// and any answer that does not read, goes to [`parse`], with its messages.
pub fn parse_unseen(bytes: &[u8], seen: &HashSet<String>) -> Result<Document, ParseError> {
    if seen.is_empty() {
        return parse(bytes);
    }
    let mut reader = serde_json::Deserializer::from_slice(bytes);
    let answer = AnswerSeed(seen)
        .deserialize(&mut reader)
        .and_then(|answer| reader.end().map(|()| answer));
    match answer {
        Ok(answer @ SearchAnswer { data: Some(_), .. }) => answer_document(answer, 0),
        _ => parse(bytes),
    }
}

/// The document of a search answer whose `data` was read.
/// `taken`: traces of the same answer handed out already while it arrived.
fn answer_document(answer: SearchAnswer, taken: usize) -> Result<Document, ParseError> {
    let (traces, left_out) = answer.data.unwrap_or_default();
    if traces.is_empty() && left_out + taken > 0 {
        // Only seen or taken traces: an answer all the same, whatever errors it also carries.
        return Ok(Document {
            traces: Vec::new(),
            backend_errors: answer.errors.into_iter().map(WireError::message).collect(),
            left_out,
            ..Document::default()
        });
    }
    WireObject {
        data: Some(Some(traces)),
        errors: answer.errors,
        trace_id: Text::default(),
        spans: None,
        processes: HashMap::new(),
        warnings: Vec::new(),
    }
    .into_document()
    .map(|document| Document {
        left_out,
        ..document
    })
}

/// A search answer with its traces read, less the ones seen (and how many those were); `data` is
/// `None` when absent.
struct SearchAnswer {
    data: Option<(Vec<WireTrace>, usize)>,
    errors: Vec<WireError>,
}

struct AnswerSeed<'s>(&'s HashSet<String>);

impl<'de> DeserializeSeed<'de> for AnswerSeed<'_> {
    type Value = SearchAnswer;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<SearchAnswer, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for AnswerSeed<'_> {
    type Value = SearchAnswer;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a query envelope")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SearchAnswer, A::Error> {
        let mut answer = SearchAnswer {
            data: None,
            errors: Vec::new(),
        };
        while let Some(key) = map.next_key::<Text>()? {
            match key.0.as_str() {
                "data" => answer.data = Some(map.next_value_seed(TracesSeed(self.0))?),
                "errors" => answer.errors = map.next_value::<Lenient<WireError>>()?.0,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(answer)
    }
}

/// `data`: the traces not seen, and how many were (`null` reads as none).
struct TracesSeed<'s>(&'s HashSet<String>);

impl<'de> DeserializeSeed<'de> for TracesSeed<'_> {
    type Value = (Vec<WireTrace>, usize);

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for TracesSeed<'_> {
    type Value = (Vec<WireTrace>, usize);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of traces")
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok((Vec::new(), 0))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let (mut traces, mut left_out) = (Vec::new(), 0);
        while let Some(trace) = seq.next_element_seed(TraceSeed(self.0))? {
            match trace {
                Some(trace) => traces.push(trace),
                None => left_out += 1,
            }
        }
        Ok((traces, left_out))
    }
}

/// One trace of `data`, or `None` when its ID was seen.
struct TraceSeed<'s>(&'s HashSet<String>);

impl<'de> DeserializeSeed<'de> for TraceSeed<'_> {
    type Value = Option<WireTrace>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<WireTrace>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TraceSeed<'_> {
    type Value = Option<WireTrace>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a trace")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<WireTrace>, A::Error> {
        let mut trace = WireTrace {
            trace_id: Text::default(),
            spans: Vec::new(),
            processes: HashMap::new(),
            warnings: Vec::new(),
        };
        let mut skip = false;
        // A key twice is refused, as `parse` refuses it (the fallback then says so).
        let mut read: Vec<String> = Vec::new();
        while let Some(Text(key)) = map.next_key::<Text>()? {
            if read.contains(&key) {
                return Err(serde::de::Error::custom(format!("duplicate field `{key}`")));
            }
            match key.as_str() {
                "traceID" => {
                    trace.trace_id = map.next_value()?;
                    skip = self.0.contains(&trace.trace_id.0);
                }
                "spans" if !skip => trace.spans = map.next_value::<Lenient<WireSpan>>()?.0,
                "processes" if !skip => {
                    trace.processes = map.next_value::<Processes>()?.0;
                }
                "warnings" if !skip => trace.warnings = map.next_value::<Lenient<Text>>()?.0,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            read.push(key);
        }
        Ok((!skip).then_some(trace))
    }
}

/// A list read leniently ([`lenient::list`]: `null` is empty).
struct Lenient<T>(Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient::list(d).map(Lenient)
    }
}

/// A trace's `processes` (`null` is none).
struct Processes(HashMap<String, WireProcess>);

impl<'de> Deserialize<'de> for Processes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        processes(d).map(Processes)
    }
}

/// Any JSON object: a query envelope when it has `data`, a bare trace when it has `spans`.
#[derive(Deserialize)]
struct WireObject {
    #[serde(default, deserialize_with = "lenient::present")]
    data: Option<Option<Vec<WireTrace>>>,
    #[serde(default, deserialize_with = "lenient::list")]
    errors: Vec<WireError>,
    #[serde(rename = "traceID", default)]
    trace_id: Text,
    #[serde(default, deserialize_with = "lenient::present")]
    spans: Option<Option<Vec<WireSpan>>>,
    #[serde(default, deserialize_with = "processes")]
    processes: HashMap<String, WireProcess>,
    #[serde(default, deserialize_with = "lenient::list")]
    warnings: Vec<Text>,
}

impl WireObject {
    fn into_document(self) -> Result<Document, ParseError> {
        let backend_errors: Vec<String> = self.errors.into_iter().map(WireError::message).collect();
        let traces: Vec<TraceRecord> = match (self.data, self.spans) {
            (Some(data), _) => data
                .unwrap_or_default()
                .into_iter()
                .map(WireTrace::into_record)
                .collect(),
            (None, Some(spans)) => vec![
                WireTrace {
                    trace_id: self.trace_id,
                    spans: spans.unwrap_or_default(),
                    processes: self.processes,
                    warnings: self.warnings,
                }
                .into_record(),
            ],
            (None, None) => {
                return Err(ParseError::OtherObject(
                    "a JSON object with neither `data` (a query response) nor `spans` (a trace)"
                        .into(),
                ));
            }
        };
        if traces.is_empty() && !backend_errors.is_empty() {
            return Err(ParseError::Backend(backend_errors));
        }
        Ok(Document {
            traces,
            backend_errors,
            ..Document::default()
        })
    }
}

#[derive(Deserialize)]
struct WireError {
    #[serde(default)]
    code: Int,
    #[serde(default)]
    msg: Text,
}

impl WireError {
    fn message(self) -> String {
        match (self.code.0, self.msg.0.trim()) {
            (0, "") => "unspecified error".to_owned(),
            (0, msg) => msg.to_owned(),
            (code, "") => format!("error {code}"),
            (code, msg) => format!("{msg} (code {code})"),
        }
    }
}

#[derive(Deserialize, Default)]
struct WireTrace {
    #[serde(rename = "traceID", default)]
    trace_id: Text,
    #[serde(default, deserialize_with = "lenient::list")]
    spans: Vec<WireSpan>,
    #[serde(default, deserialize_with = "processes")]
    processes: HashMap<String, WireProcess>,
    #[serde(default, deserialize_with = "lenient::list")]
    warnings: Vec<Text>,
}

fn processes<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<HashMap<String, WireProcess>, D::Error> {
    Ok(Option::deserialize(d)?.unwrap_or_default())
}

impl WireTrace {
    fn into_record(self) -> TraceRecord {
        let trace_id = match self.trace_id.0 {
            id if id.is_empty() => self
                .spans
                .first()
                .map(|s| s.trace_id.0.clone())
                .unwrap_or_default(),
            id => id,
        };
        let mut record = TraceRecord {
            trace_id,
            warnings: texts(self.warnings),
            ..TraceRecord::default()
        };
        let mut processes = ProcessTable::new(self.processes);
        for mut span in self.spans {
            span.forget_trace_id(&record.trace_id);
            let process = processes.index_for(&mut record.processes, &span);
            record.spans.push(span.into_record(process));
        }
        record
    }
}

/// Resolves a span's process: its embedded `process`, else `processes[processID]`, else an
/// "unknown-service" process; each named process enters the trace record once.
struct ProcessTable {
    by_id: HashMap<String, WireProcess>,
    index_by_id: HashMap<String, usize>,
    unknown: Option<usize>,
}

impl ProcessTable {
    fn new(by_id: HashMap<String, WireProcess>) -> Self {
        Self {
            by_id,
            index_by_id: HashMap::new(),
            unknown: None,
        }
    }

    fn index_for(&mut self, processes: &mut Vec<Process>, span: &WireSpan) -> usize {
        if let Some(embedded) = span
            .process
            .as_ref()
            .filter(|p| !p.service_name.0.is_empty())
        {
            processes.push(embedded.to_process());
            return processes.len() - 1;
        }
        let id = &span.process_id.0;
        if let Some(&index) = self.index_by_id.get(id) {
            return index;
        }
        if let Some(process) = self.by_id.get(id).filter(|p| !p.service_name.0.is_empty()) {
            processes.push(process.to_process());
            self.index_by_id.insert(id.clone(), processes.len() - 1);
            return processes.len() - 1;
        }
        *self.unknown.get_or_insert_with(|| {
            processes.push(Process::default());
            processes.len() - 1
        })
    }
}

/// Spans exported as a flat array, grouped into traces by canonical trace ID in first-seen order.
fn group_span_array(spans: Vec<WireSpan>) -> Vec<TraceRecord> {
    let mut traces: Vec<TraceRecord> = Vec::new();
    let mut tables: Vec<ProcessTable> = Vec::new();
    let mut index_by_trace: HashMap<String, usize> = HashMap::new();
    for mut span in spans {
        let key = canonical_id(&span.trace_id.0);
        let at = *index_by_trace.entry(key).or_insert_with(|| {
            traces.push(TraceRecord {
                trace_id: span.trace_id.0.clone(),
                ..TraceRecord::default()
            });
            tables.push(ProcessTable::new(HashMap::new()));
            traces.len() - 1
        });
        span.forget_trace_id(&traces[at].trace_id);
        let process = tables[at].index_for(&mut traces[at].processes, &span);
        traces[at].spans.push(span.into_record(process));
    }
    traces
}

#[derive(Deserialize, Clone)]
struct WireProcess {
    #[serde(rename = "serviceName", default)]
    service_name: Text,
    #[serde(default, deserialize_with = "lenient::list")]
    tags: Vec<WireTag>,
}

impl WireProcess {
    fn to_process(&self) -> Process {
        Process {
            service: self.service_name.0.clone(),
            tags: self.tags.iter().map(|t| t.0.clone()).collect(),
        }
    }
}

#[derive(Deserialize)]
struct WireSpan {
    #[serde(rename = "traceID", default)]
    trace_id: Text,
    #[serde(rename = "spanID", default)]
    span_id: Text,
    #[serde(rename = "parentSpanID", default)]
    parent_span_id: Option<Text>,
    #[serde(rename = "operationName", default)]
    operation_name: Text,
    #[serde(default, deserialize_with = "lenient::list")]
    references: Vec<WireReference>,
    #[serde(rename = "startTime", default)]
    start_time: Int,
    #[serde(default)]
    duration: Int,
    /// tracedeck's own addition for times finer than Jaeger's µs (see [`to_json`]).
    #[serde(rename = "startTimeNs", default)]
    start_time_ns: Option<Int>,
    #[serde(rename = "durationNs", default)]
    duration_ns: Option<Int>,
    #[serde(default, deserialize_with = "lenient::list")]
    tags: Vec<WireTag>,
    #[serde(default, deserialize_with = "lenient::list")]
    logs: Vec<WireLog>,
    #[serde(rename = "processID", default)]
    process_id: Text,
    #[serde(default)]
    process: Option<WireProcess>,
    #[serde(default, deserialize_with = "lenient::list")]
    warnings: Vec<Text>,
    /// Read again with U+FFFD for lone surrogate escapes (by the streaming reader, span by span):
    /// its fields that hold one are warned of.
    #[serde(skip)]
    repaired: bool,
}

impl WireSpan {
    /// Drops the span's copies of its trace's ID `own` (its own, its references'): an empty one
    /// means the trace's (see `SpanRecord::trace_id`). The streaming reader does it as each span
    /// is read, so a 100,000-span trace does not hold them all until it is built.
    pub(super) fn forget_trace_id(&mut self, own: &str) {
        if own.is_empty() {
            return;
        }
        if self.trace_id.0 == own {
            self.trace_id = Text::default();
        }
        for reference in &mut self.references {
            if reference.trace_id.0 == own {
                reference.trace_id = Text::default();
            }
        }
    }

    fn into_record(self, process: usize) -> SpanRecord {
        let repaired = self.repaired;
        let mut record = SpanRecord {
            trace_id: self.trace_id.0,
            span_id: self.span_id.0,
            parent_span_id: self.parent_span_id.map(|p| p.0),
            operation: self.operation_name.0,
            references: self
                .references
                .into_iter()
                .map(|r| Reference {
                    kind: r.ref_type,
                    trace_id: r.trace_id.0,
                    span_id: r.span_id.0,
                    tags: Vec::new(),
                })
                .collect(),
            start_ns: Some(nanos(self.start_time, self.start_time_ns)),
            duration_ns: Some(nanos(self.duration, self.duration_ns)),
            tags: self.tags.into_iter().map(|t| t.0).collect(),
            logs: self
                .logs
                .into_iter()
                .map(|l| Log {
                    timestamp_ns: nanos(l.timestamp, l.timestamp_ns),
                    fields: l.fields.into_iter().map(|t| t.0).collect(),
                })
                .collect(),
            process,
            warnings: texts(self.warnings),
        };
        if repaired {
            super::warn_of_replacements(&mut record);
        }
        record
    }
}

/// A time in ns from Jaeger's µs, or from tracedeck's exact ns beside it when the two agree.
fn nanos(micros: Int, exact: Option<Int>) -> i64 {
    match exact {
        Some(Int(ns)) if ns.div_euclid(1_000) == micros.0 => ns,
        _ => micros.0.saturating_mul(1_000),
    }
}

#[derive(Deserialize)]
struct WireReference {
    #[serde(rename = "refType", default, deserialize_with = "ref_kind")]
    ref_type: RefKind,
    #[serde(rename = "traceID", default)]
    trace_id: Text,
    #[serde(rename = "spanID", default)]
    span_id: Text,
}

#[derive(Deserialize)]
struct WireLog {
    #[serde(default)]
    timestamp: Int,
    #[serde(rename = "timestampNs", default)]
    timestamp_ns: Option<Int>,
    #[serde(default, deserialize_with = "lenient::list")]
    fields: Vec<WireTag>,
}

fn ref_kind<'de, D: Deserializer<'de>>(d: D) -> Result<RefKind, D::Error> {
    lenient::text_with(d, RefKind::from_wire)
}

/// A tag `{key, type, value}` read straight into a [`Tag`] (Jaeger's `model/json/model.go`
/// `KeyValue`): a span's 4–20 tags are most of what a trace weighs, so nothing is allocated but
/// the key and a text value.
#[derive(Clone)]
struct WireTag(Tag);

/// Jaeger's `type` of a tag value, in any case.
#[derive(Clone, Copy, PartialEq)]
enum TagType {
    Bool,
    Int64,
    Float64,
    Binary,
    String,
    Other,
}

impl TagType {
    fn read(name: &str) -> Self {
        [
            ("bool", Self::Bool),
            ("int64", Self::Int64),
            ("float64", Self::Float64),
            ("binary", Self::Binary),
            ("string", Self::String),
        ]
        .into_iter()
        .find(|(known, _)| name.eq_ignore_ascii_case(known))
        .map_or(Self::Other, |(_, kind)| kind)
    }
}

impl<'de> Deserialize<'de> for WireTag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(field_identifier, rename_all = "lowercase")]
        enum Field {
            Key,
            Type,
            Value,
            #[serde(other)]
            Other,
        }
        struct KindOf(TagType);
        impl<'de> Deserialize<'de> for KindOf {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                lenient::text_with(d, |name| KindOf(TagType::read(name)))
            }
        }
        struct TagVisitor;
        impl<'de> Visitor<'de> for TagVisitor {
            type Value = WireTag;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a tag")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<WireTag, A::Error> {
                use serde::de::Error;
                let (mut key, mut kind, mut value) = (None, None, None);
                while let Some(field) = map.next_key::<Field>()? {
                    match field {
                        Field::Key if key.is_some() => {
                            return Err(A::Error::duplicate_field("key"));
                        }
                        Field::Type if kind.is_some() => {
                            return Err(A::Error::duplicate_field("type"));
                        }
                        Field::Value if value.is_some() => {
                            return Err(A::Error::duplicate_field("value"));
                        }
                        Field::Key => key = Some(map.next_value::<Text>()?.0),
                        Field::Type => kind = Some(map.next_value::<KindOf>()?.0),
                        Field::Value => value = Some(map.next_value::<Value>()?),
                        Field::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(WireTag(Tag {
                    key: key.unwrap_or_default(),
                    value: typed(kind.unwrap_or(TagType::Other), value.unwrap_or_default()),
                }))
            }
        }
        d.deserialize_map(TagVisitor)
    }
}

/// Types a tag's value by Jaeger's `type`, falling back to the JSON type when they disagree.
fn typed(kind: TagType, value: Value) -> TagValue {
    match (kind, value) {
        (TagType::Bool, Value::String(s)) if s.eq_ignore_ascii_case("true") => TagValue::Bool(true),
        (TagType::Bool, Value::String(s)) if s.eq_ignore_ascii_case("false") => {
            TagValue::Bool(false)
        }
        (TagType::Int64, Value::String(s)) => match s.trim().parse() {
            Ok(n) => TagValue::Int(n),
            Err(_) => TagValue::Str(s),
        },
        (TagType::Float64, Value::String(s)) => match s.trim().parse() {
            Ok(x) => TagValue::Float(x),
            Err(_) => TagValue::Str(s),
        },
        (TagType::Binary, Value::String(s)) => TagValue::Binary(s),
        (_, Value::String(s)) => TagValue::Str(s),
        (TagType::String, other) => TagValue::Str(json_text(other)),
        (_, Value::Bool(b)) => TagValue::Bool(b),
        (_, Value::Number(n)) => match n.as_i64() {
            Some(i) => TagValue::Int(i),
            None => TagValue::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        (_, other) => TagValue::Str(json_text(other)),
    }
}

/// A JSON value that is not a scalar, kept as compact JSON text; `null` is empty.
fn json_text(value: Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s,
        other => other.to_string(),
    }
}

fn texts(list: Vec<Text>) -> Vec<String> {
    list.into_iter()
        .map(|t| t.0)
        .filter(|t| !t.is_empty())
        .collect()
}

/// Reads `/api/services`: `{"data": ["svc", …]}`; an envelope of errors only is an error.
pub fn parse_services(bytes: &[u8]) -> Result<Vec<String>, ParseError> {
    #[derive(Deserialize)]
    struct Services {
        #[serde(default, deserialize_with = "lenient::list")]
        data: Vec<Text>,
        #[serde(default, deserialize_with = "lenient::list")]
        errors: Vec<WireError>,
    }
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(ParseError::shape_of(bytes));
    }
    let services: Services = serde_json::from_slice(bytes).map_err(ParseError::json)?;
    if services.data.is_empty() && !services.errors.is_empty() {
        return Err(ParseError::Backend(
            services
                .errors
                .into_iter()
                .map(WireError::message)
                .collect(),
        ));
    }
    Ok(texts(services.data))
}

/// The messages of a Jaeger error envelope, if the body is one (as sent with HTTP 4xx/5xx).
pub fn error_messages(bytes: &[u8]) -> Option<Vec<String>> {
    #[derive(Deserialize)]
    struct Envelope {
        #[serde(default, deserialize_with = "lenient::list")]
        errors: Vec<WireError>,
    }
    let envelope: Envelope = serde_json::from_slice(bytes).ok()?;
    let messages: Vec<String> = envelope
        .errors
        .into_iter()
        .map(WireError::message)
        .collect();
    (!messages.is_empty()).then_some(messages)
}
