//! Jaeger's trace summaries: the answer of `GET /api/v3/trace-summaries` (Jaeger v2.19 and later;
//! `cmd/jaeger/internal/extension/jaegerquery/internal/apiv3`, `api_v3/query_service.proto`'s
//! `TraceSummary`, JSON by protojson: camelCase, zero values left out, 64-bit numbers as decimal
//! strings):
//!
//! ```json
//! {"summaries":[{"traceId":"…32 hex…","rootServiceName":"…","rootOperationName":"…",
//!   "minStartTimeUnixNano":"…","maxEndTimeUnixNano":"…","spanCount":N,"errorSpanCount":N,
//!   "orphanSpanCount":N,"services":[{"name":"…","spanCount":N,"errorSpanCount":N}]}]}
//! ```

use serde::Deserialize;

use super::ParseError;
use super::lenient::{self, Int, Text};
use crate::model::id::canonicalize;
use crate::model::{ServiceSummary, TraceSummary};

#[derive(Deserialize)]
struct Answer {
    /// Absent: a JSON object of some other endpoint (`null` is an empty list).
    #[serde(default, deserialize_with = "lenient::present")]
    summaries: Option<Option<Vec<WireSummary>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireSummary {
    #[serde(default)]
    trace_id: Text,
    #[serde(default)]
    root_service_name: Text,
    #[serde(default)]
    root_operation_name: Text,
    #[serde(default)]
    min_start_time_unix_nano: Int,
    #[serde(default)]
    max_end_time_unix_nano: Int,
    #[serde(default)]
    span_count: Int,
    #[serde(default)]
    error_span_count: Int,
    #[serde(default)]
    orphan_span_count: Int,
    #[serde(default, deserialize_with = "lenient::list")]
    services: Vec<WireService>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireService {
    #[serde(default)]
    name: Text,
    #[serde(default)]
    span_count: Int,
    #[serde(default)]
    error_span_count: Int,
}

fn count(n: Int) -> usize {
    usize::try_from(n.0).unwrap_or(0)
}

/// The summaries of a trace-summaries answer, in the order sent (Jaeger's storage order, not
/// start time); a summary without a trace ID is left out.
///
/// Errors: [`ParseError::OtherObject`] for a JSON object without `summaries` (another endpoint
/// answered: an older Jaeger's web UI, say), [`ParseError::Shape`] for anything not an object,
/// [`ParseError::Json`] for JSON that does not read.
pub fn parse(bytes: &[u8]) -> Result<Vec<TraceSummary>, ParseError> {
    let bytes = bytes.strip_prefix(super::BYTE_ORDER_MARK).unwrap_or(bytes);
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(ParseError::shape_of(bytes));
    }
    let answer: Answer = ParseError::read(bytes)?;
    let Some(summaries) = answer.summaries else {
        return Err(ParseError::OtherObject(
            "a JSON object without `summaries`".to_owned(),
        ));
    };
    Ok(summaries
        .unwrap_or_default()
        .into_iter()
        .filter(|s| !s.trace_id.0.trim().is_empty())
        .map(|s| {
            let mut services: Vec<ServiceSummary> = s
                .services
                .into_iter()
                .map(|service| ServiceSummary {
                    name: service.name.0,
                    span_count: count(service.span_count),
                    error_count: count(service.error_span_count),
                })
                .collect();
            services.sort_by(|a, b| a.name.cmp(&b.name));
            TraceSummary {
                trace_id: canonicalize(s.trace_id.0.trim().to_owned()),
                root_service: s.root_service_name.0,
                root_operation: s.root_operation_name.0,
                start_ns: s.min_start_time_unix_nano.0,
                end_ns: s.max_end_time_unix_nano.0,
                span_count: count(s.span_count),
                error_count: count(s.error_span_count),
                orphan_count: count(s.orphan_span_count),
                services,
            }
        })
        .collect())
}
