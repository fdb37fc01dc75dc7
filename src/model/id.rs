//! Trace and span identifiers: one canonical spelling, so that `ABC` and `0…0abc` are one span.

use std::fmt;

/// Canonical form of a trace or span ID as it arrives on the wire.
///
/// 1–32 hex digits are lowercased and left-padded with zeros to 16 digits (≤ 16) or 32 (17–32),
/// which is how Jaeger and OTLP spell the same ID in different places. Anything else (`trace-123`,
/// an empty string) is kept verbatim: such IDs still have to match each other exactly.
pub fn canonical_id(raw: &str) -> String {
    if !is_hex_id(raw) {
        return raw.to_owned();
    }
    let width = if raw.len() <= 16 { 16 } else { 32 };
    let mut id = String::with_capacity(width);
    id.extend(std::iter::repeat_n('0', width - raw.len()));
    id.extend(raw.chars().map(|c| c.to_ascii_lowercase()));
    id
}

/// [`canonical_id`] for an owned ID, reusing its allocation when it is canonical already (as
/// nearly every ID on the wire is).
pub fn canonicalize(raw: String) -> String {
    let already = !is_hex_id(&raw)
        || (matches!(raw.len(), 16 | 32) && !raw.bytes().any(|b| b.is_ascii_uppercase()));
    if already { raw } else { canonical_id(&raw) }
}

/// True for 1–32 ASCII hex digits: the only IDs that may go into a Jaeger link.
pub fn is_hex_id(raw: &str) -> bool {
    (1..=32).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_hexdigit())
}

/// True for an ID of zeros only (`0000000000000000`), which OpenTracing uses for "no parent".
pub fn is_zero_id(raw: &str) -> bool {
    raw.bytes().all(|b| b == b'0')
}

/// Why a trace ID typed or pasted by a user was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraceIdInputError {
    Empty,
    TooLong { digits: usize },
    NotHex { found: char },
}

impl fmt::Display for TraceIdInputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "Enter a trace ID: 1 to 32 hex digits."),
            Self::TooLong { digits } => {
                write!(
                    f,
                    "A trace ID has at most 32 hex digits; this has {digits}."
                )
            }
            Self::NotHex { found } => write!(
                f,
                "A trace ID is hex digits (0-9, a-f); {found:?} is not one."
            ),
        }
    }
}

impl std::error::Error for TraceIdInputError {}

/// Validates a trace ID typed by a user (surrounding white space ignored) and returns it canonical.
pub fn parse_trace_id_input(input: &str) -> Result<String, TraceIdInputError> {
    let trimmed = input.trim();
    if let Some(found) = trimmed.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(TraceIdInputError::NotHex { found });
    }
    match trimmed.len() {
        0 => Err(TraceIdInputError::Empty),
        digits if digits > 32 => Err(TraceIdInputError::TooLong { digits }),
        _ => Ok(canonical_id(trimmed)),
    }
}
