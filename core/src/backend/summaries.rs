//! Listing from Jaeger's trace summaries (`GET /api/v3/trace-summaries`, Jaeger v2.19 and later):
//! what one request asks, built from the list's range, depth, service and filters, so Jaeger
//! filters what it can and sends only what is listed.

use super::is_jaeger_own;
use crate::model::TraceSummary;
use crate::view::list_filter::{ListFilter, OperationKey};

/// One trace-summaries request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryQuery {
    /// The window, µs since the epoch: traces that started in it.
    pub window: (i64, i64),
    /// How many traces at most (`query.searchDepth`).
    pub depth: usize,
    /// Traces with a span of this service (`query.serviceName`).
    pub service: Option<String>,
    /// Traces with a span of [`Self::service`] named so (`query.operationName`).
    pub operation: Option<String>,
    /// Traces with a span at least this long, ns (`query.durationMin`).
    pub min_span_ns: Option<i64>,
    /// Traces with a span carrying these attributes (`query.attributes`): a JSON object of
    /// strings; `{"error": "true"}` is a span whose status is ERROR.
    pub attributes: Option<String>,
}

impl SummaryQuery {
    /// The request for the list: `service` is the list's service, `filter` its filters, `tags`
    /// the `tags` setting (a JSON object of tag → value, as Jaeger v1's search takes it).
    ///
    /// Jaeger applies every condition to one and the same span, while the list's filters are
    /// about the whole trace ("with errors" and "at least 100 ms" hold for a trace whose 50 ms
    /// span failed). So besides the service and the `tags` setting (Jaeger's own filter, span by
    /// span as in v1), at most one filter goes to Jaeger, the one that narrows the most and that
    /// a span answers exactly: an operation, else "with errors" (without `tags`, as it joins
    /// their object), else the minimum duration (the trace's, at least a span's). The list
    /// applies the rest to the summaries itself.
    pub fn new(
        window: (i64, i64),
        depth: usize,
        service: Option<&str>,
        filter: &ListFilter,
        tags: Option<&str>,
    ) -> Self {
        let operation = filter
            .operation
            .as_ref()
            .filter(|key| service.is_none_or(|s| s == key.service));
        let errors = operation.is_none() && filter.errors_only && tags.is_none();
        let min_span_ns = filter
            .min_duration_ns
            .filter(|_| operation.is_none() && !errors);
        Self {
            window,
            depth,
            service: service
                .map(str::to_owned)
                .or_else(|| operation.map(|key| key.service.clone())),
            operation: operation.map(|key| key.operation.clone()),
            min_span_ns,
            attributes: attributes(tags, errors),
        }
    }

    /// Whether Jaeger applied the operation filter `key`: every trace it lists has that span.
    pub fn applies_operation(&self, key: &OperationKey) -> bool {
        self.operation.as_deref() == Some(key.operation.as_str())
            && self.service.as_deref() == Some(key.service.as_str())
    }

    /// Whether two requests ask the same of Jaeger but for the window and depth.
    pub fn filters_like(&self, other: &Self) -> bool {
        (
            &self.service,
            &self.operation,
            self.min_span_ns,
            &self.attributes,
        ) == (
            &other.service,
            &other.operation,
            other.min_span_ns,
            &other.attributes,
        )
    }
}

/// The `tags` setting with `error: "true"` added for "errors only" (Jaeger matches it against the
/// span status); `None` when neither asks anything. Values go as strings, the only kind
/// `query.attributes` reads (`{"error": true}` is answered 400). A `tags` setting that is not a
/// JSON object was refused when the settings were read.
fn attributes(tags: Option<&str>, errors_only: bool) -> Option<String> {
    use serde_json::{Map, Value};
    let mut object: Map<String, Value> = tags
        .and_then(|t| serde_json::from_str::<Map<String, Value>>(t).ok())
        .unwrap_or_default()
        .into_iter()
        .map(|(key, value)| match value {
            Value::String(_) => (key, value),
            other => (key, Value::String(other.to_string())),
        })
        .collect();
    if errors_only {
        object.insert("error".to_owned(), "true".into());
    }
    (!object.is_empty()).then(|| serde_json::Value::Object(object).to_string())
}

/// The summaries the list shows: with a `services` setting, the traces with a span of one of
/// them; without, every trace but those of Jaeger's own services only (as the other flavours
/// leave Jaeger's services out of "every service").
pub fn of_listed_services(
    summaries: Vec<TraceSummary>,
    services: Option<&[String]>,
) -> Vec<TraceSummary> {
    summaries
        .into_iter()
        .filter(|summary| match services {
            Some(wanted) => summary.services.iter().any(|s| wanted.contains(&s.name)),
            None => summary.services.iter().any(|s| !is_jaeger_own(&s.name)),
        })
        .collect()
}
