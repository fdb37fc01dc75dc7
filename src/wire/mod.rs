//! Wire formats: backend and file JSON in, [`TraceRecord`]s out. Nothing here knows the tree rules.

pub mod jaeger;
mod lenient;

use std::fmt;

use crate::model::TraceRecord;

/// What a payload held: its traces, and any errors the backend reported beside them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub traces: Vec<TraceRecord>,
    pub backend_errors: Vec<String>,
}

/// Why a payload could not be read; each says what was wrong in one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not JSON, or JSON cut short.
    Json(String),
    /// JSON, but not a trace document.
    Shape(String),
    /// The backend answered with errors only.
    Backend(Vec<String>),
}

impl ParseError {
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
            Self::Json(detail) => write!(f, "not valid JSON: {detail}"),
            Self::Shape(detail) => write!(f, "not a trace document: {detail}"),
            Self::Backend(errors) => write!(f, "the backend reported: {}", errors.join("; ")),
        }
    }
}

impl std::error::Error for ParseError {}
