//! Trace and span identifiers: one canonical spelling, so that `ABC` and `0…0abc` are one span.

use std::fmt;

/// Canonical form of a trace or span ID as it arrives on the wire.
///
/// 1–32 hex digits are lowercased and left-padded with zeros to 16 digits (≤ 16) or 32 (17–32),
/// which is how Jaeger and OTLP spell the same ID in different places. Base64 of 8 or 16 bytes
/// (12 characters ending in `=`, 24 ending in `==`, as protobuf's JSON mapping writes OTLP's
/// `bytes` IDs) is the hex of those bytes: `XgyTodeyT2iFweDyqbPUxw==` is
/// `5e0c93a1d7b24f6885c1e0f2a9b3d4c7`. Hex never holds `=`, so the two cannot be confused.
/// Anything else (`trace-123`, an empty string) is kept verbatim: such IDs still have to match
/// each other exactly.
pub fn canonical_id(raw: &str) -> String {
    if let Some(hex) = base64_id_as_hex(raw) {
        return hex;
    }
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
    let already = (!is_hex_id(&raw) && !matches!(raw.len(), 12 | 24))
        || (matches!(raw.len(), 16 | 32) && !raw.bytes().any(|b| b.is_ascii_uppercase()));
    if already { raw } else { canonical_id(&raw) }
}

/// The hex of an 8- or 16-byte ID written in padded standard base64, else `None`.
fn base64_id_as_hex(raw: &str) -> Option<String> {
    use base64::Engine as _;
    let padded = match raw.len() {
        12 => raw.ends_with('=') && !raw.ends_with("=="),
        24 => raw.ends_with("=="),
        _ => false,
    };
    if !padded {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD.decode(raw).ok()?;
    if !matches!(bytes.len(), 8 | 16) {
        return None;
    }
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// True for an ID that means "no span" or "no trace": absent, empty or all zeros
/// (`0000000000000000`, `0`, base64 `AAAAAAAAAAA=`), as OpenTracing and OTLP write "no parent".
pub fn is_none_id(raw: &str) -> bool {
    let zeros = |id: &str| id.bytes().all(|b| b == b'0');
    zeros(raw) || base64_id_as_hex(raw).is_some_and(|hex| zeros(&hex))
}

/// True for 1–32 ASCII hex digits: the only IDs that may go into a Jaeger link.
pub fn is_hex_id(raw: &str) -> bool {
    (1..=32).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_hexdigit())
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
