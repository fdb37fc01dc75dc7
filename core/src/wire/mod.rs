//! Wire formats: backend and file JSON in, [`TraceRecord`]s out. Nothing here knows the tree rules.

pub mod jaeger;
mod lenient;
pub mod otlp;
pub mod summaries;
mod surrogates;

use std::fmt;

use crate::model::TraceRecord;

/// What a payload held: its traces, and any errors the backend reported beside them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub traces: Vec<TraceRecord>,
    pub backend_errors: Vec<String>,
    /// How many traces the payload held beyond `traces`, left out unread as already seen
    /// ([`jaeger::parse_unseen`]) or held ([`jaeger::AnswerStream::holding`]: `unchanged` and
    /// `changed` together); 0 from every other reader.
    pub left_out: usize,
    /// Canonical IDs of traces held already and left out unread, their span count unchanged
    /// ([`jaeger::AnswerStream::holding`]); empty from every other reader.
    pub unchanged: Vec<String>,
    /// IDs (as sent) of traces held already whose span count changed: fetch them again.
    pub changed: Vec<String>,
}

/// UTF-8's byte-order mark, which some editors and Windows tools write before a file's JSON.
pub(crate) const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// Reads a trace file of any format tracedeck knows: Jaeger JSON (all three shapes), OTLP JSON
/// (plain or api_v3's `result`), or JSON Lines of either; a byte-order mark before it is skipped.
pub fn parse_any(bytes: &[u8]) -> Result<Document, ParseError> {
    let bytes = bytes.strip_prefix(BYTE_ORDER_MARK).unwrap_or(bytes);
    match parse_one(bytes) {
        Err(ParseError::MoreAfter(_)) => parse_lines(bytes),
        other => other,
    }
}

fn parse_one(bytes: &[u8]) -> Result<Document, ParseError> {
    match jaeger::parse(bytes) {
        Err(ParseError::OtherObject(_)) => otlp::parse(bytes).map_err(|e| match e {
            ParseError::OtherObject(_) => ParseError::Shape(
                "a JSON object with none of `data`, `spans` (Jaeger) or `resourceSpans`, \
                     `result` (OTLP)"
                    .into(),
            ),
            other => other,
        }),
        other => other,
    }
}

/// One document per line; a bad line is reported with its number.
fn parse_lines(bytes: &[u8]) -> Result<Document, ParseError> {
    let mut all = Document::default();
    for (number, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let document = parse_one(line).map_err(|e| e.on_line(number + 1))?;
        all.traces.extend(document.traces);
        all.backend_errors.extend(document.backend_errors);
    }
    Ok(all)
}

/// Reads with `read`; JSON refused only for lone UTF-16 surrogate escapes is read again with
/// U+FFFD in their place, and every span (or trace, for a process) holding one gets a warning
/// that names the field. Where the text held U+FFFD of its own already, the fields cannot be told
/// apart and one note for the whole says it instead. Anything else that does not read is
/// `read`'s error, as it was.
pub(crate) fn tolerating_lone_surrogates(
    bytes: &[u8],
    read: impl Fn(&[u8]) -> Result<Document, ParseError>,
) -> Result<Document, ParseError> {
    let first = read(bytes);
    if !matches!(first, Err(ParseError::Json(_))) {
        return first;
    }
    let Some((repaired, count)) = surrogates::repaired(bytes) else {
        return first;
    };
    let mut document = read(&repaired)?;
    let mut told = 0;
    if !surrogates::holds_replacement(bytes) {
        for trace in &mut document.traces {
            told += trace
                .spans
                .iter_mut()
                .map(warn_of_replacements)
                .sum::<usize>();
            told += warn_of_process_replacements(trace);
        }
    }
    if told == 0 {
        // In an ID, a warning, or beside U+FFFD of the data's own: said once, for the whole.
        if let Some(trace) = document.traces.first_mut() {
            let (count, what) = match count {
                1 => (
                    "1".to_owned(),
                    "broken character (a lone UTF-16 surrogate escape)",
                ),
                n => (
                    n.to_string(),
                    "broken characters (lone UTF-16 surrogate escapes)",
                ),
            };
            trace.warnings.push(format!(
                "{count} {what} read as {} in this answer.",
                surrogates::REPLACEMENT
            ));
        }
    }
    Ok(document)
}

/// Reads one value with `read`; one refused only for lone UTF-16 surrogate escapes is read again
/// with U+FFFD in their place, and says so (`true`); the repaired value's fields are then the
/// caller's to warn of ([`warn_of_replacements`]) unless the text held U+FFFD of its own already
/// (`false` then too, and the whole answer is read again by [`tolerating_lone_surrogates`]).
pub(crate) fn read_tolerating_lone_surrogates<T>(
    bytes: &[u8],
    read: impl Fn(&[u8]) -> Result<T, ParseError>,
) -> Result<(T, bool), ParseError> {
    match read(bytes) {
        Err(error @ ParseError::Json(_)) => match surrogates::repaired(bytes) {
            Some((repaired, _)) if !surrogates::holds_replacement(bytes) => {
                read(&repaired).map(|value| (value, true))
            }
            _ => Err(error),
        },
        other => other.map(|value| (value, false)),
    }
}

/// The warning of a field that held a lone surrogate escape, now U+FFFD.
fn replacement_warning(field: &str) -> String {
    format!(
        "A broken character (half of a UTF-16 surrogate pair, as a cut emoji leaves) in {field} \
         is shown as {}.",
        surrogates::REPLACEMENT
    )
}

fn tag_broken(tag: &crate::model::Tag) -> bool {
    let broken = |text: &str| text.contains(surrogates::REPLACEMENT);
    broken(&tag.key) || tag.value.as_str().is_some_and(broken)
}

/// Adds a warning to the span for each of its fields holding U+FFFD (its operation, tags, log
/// fields, link attributes), naming the field; how many were added.
pub(crate) fn warn_of_replacements(span: &mut crate::model::SpanRecord) -> usize {
    let mut fields: Vec<String> = Vec::new();
    if span.operation.contains(surrogates::REPLACEMENT) {
        fields.push("its operation name".to_owned());
    }
    let tagged = |what: &str, tags: &[crate::model::Tag]| {
        tags.iter()
            .filter(|t| tag_broken(t))
            .map(|t| format!("{what} `{}`", t.key))
            .collect::<Vec<_>>()
    };
    fields.extend(tagged("tag", &span.tags));
    for log in &span.logs {
        fields.extend(tagged("log field", &log.fields));
    }
    for reference in &span.references {
        fields.extend(tagged("link attribute", &reference.tags));
    }
    span.warnings
        .extend(fields.iter().map(|field| replacement_warning(field)));
    fields.len()
}

/// Adds a warning to the trace for each process field holding U+FFFD; how many were added.
fn warn_of_process_replacements(trace: &mut TraceRecord) -> usize {
    let mut fields: Vec<String> = Vec::new();
    for process in &trace.processes {
        if process.service.contains(surrogates::REPLACEMENT) {
            fields.push(format!("the service name {}", process.service));
        }
        fields.extend(
            (process.tags.iter())
                .filter(|t| tag_broken(t))
                .map(|t| format!("{}'s process tag `{}`", process.service, t.key)),
        );
    }
    trace
        .warnings
        .extend(fields.iter().map(|field| replacement_warning(field)));
    fields.len()
}

/// Why a payload could not be read; each says what was wrong in one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not JSON, or JSON cut short.
    Json(String),
    /// JSON, but not a trace document.
    Shape(String),
    /// A JSON object without the keys this format reads (another format's, perhaps).
    OtherObject(String),
    /// A whole JSON document followed by more (JSON Lines, perhaps).
    MoreAfter(String),
    /// The backend answered with errors only.
    Backend(Vec<String>),
}

impl ParseError {
    fn on_line(self, line: usize) -> Self {
        match self {
            Self::Json(detail) | Self::MoreAfter(detail) => {
                Self::Json(format!("line {line}: {detail}"))
            }
            Self::Shape(detail) | Self::OtherObject(detail) => {
                Self::Shape(format!("line {line}: {detail}"))
            }
            other => other,
        }
    }

    /// One JSON document of type `T`, and nothing after it but white space.
    pub(crate) fn read<'de, T: serde::Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, Self> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let value = T::deserialize(&mut de).map_err(Self::json)?;
        de.end().map_err(|e| Self::MoreAfter(e.to_string()))?;
        Ok(value)
    }

    pub(crate) fn json(err: serde_json::Error) -> Self {
        match err.classify() {
            serde_json::error::Category::Data => Self::Shape(err.to_string()),
            _ => Self::Json(err.to_string()),
        }
    }

    /// Names what a payload that is neither an object nor an array holds instead.
    pub(crate) fn shape_of(bytes: &[u8]) -> Self {
        match serde_json::from_slice::<serde_json::Value>(bytes) {
            Err(err) => Self::json(err),
            Ok(value) => Self::Shape(format!(
                "a JSON {} where a trace document (an object or an array of spans) belongs",
                match value {
                    serde_json::Value::Null => "null",
                    serde_json::Value::Bool(_) => "boolean",
                    serde_json::Value::Number(_) => "number",
                    serde_json::Value::String(_) => "string",
                    _ => "value",
                }
            )),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json(detail) | Self::MoreAfter(detail) => write!(f, "not valid JSON: {detail}"),
            Self::Shape(detail) | Self::OtherObject(detail) => {
                write!(f, "not a trace document: {detail}")
            }
            Self::Backend(errors) => write!(f, "the backend reported: {}", errors.join("; ")),
        }
    }
}

impl std::error::Error for ParseError {}
