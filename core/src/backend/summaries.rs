//! Listing from Jaeger's trace summaries (`GET /api/v3/trace-summaries`, Jaeger v2.19 and later):
//! what one request asks, built from the list's range, depth, service and filters, so Jaeger
//! filters what it can and sends only what is listed.

use crate::view::list_filter::ListFilter;

/// One trace-summaries request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryQuery {
    /// The window, µs since the epoch: traces that started in it.
    pub window: (i64, i64),
    /// How many traces at most (`query.searchDepth`).
    pub depth: usize,
    /// A span of this service (with [`Self::operation`]: that span's operation).
    pub service: Option<String>,
    pub operation: Option<String>,
    /// Traces at least this long, ns.
    pub min_duration_ns: Option<i64>,
    /// Attributes some span must carry: a JSON object of strings, as `query.attributes` takes it.
    pub attributes: Option<String>,
}

impl SummaryQuery {
    /// The request for the list: `service` is the list's service, `filter` its filters (those
    /// Jaeger can apply: errors only, minimum duration, an operation), `tags` the `tags` setting
    /// (a JSON object of tag → value, as Jaeger v1's search takes it).
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
        Self {
            window,
            depth,
            service: service
                .map(str::to_owned)
                .or_else(|| operation.map(|key| key.service.clone())),
            operation: operation.map(|key| key.operation.clone()),
            min_duration_ns: filter.min_duration_ns,
            attributes: attributes(tags, filter.errors_only),
        }
    }

    /// Whether Jaeger applied the list's operation filter: every trace it lists has that span.
    pub fn filters_operation(&self) -> bool {
        self.operation.is_some()
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
