//! Sorting and filtering the loaded traces, in the browser: the list, the chart and the
//! statistics all show what passes.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{Trace, TraceSummary, semconv};
use crate::view::format::parse_duration;
use crate::view::trace_list::{ListRow, newest_first};

/// The list's order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ListSort {
    #[default]
    Newest,
    Oldest,
    Longest,
    Shortest,
    MostSpans,
    MostErrors,
    /// Most LLM tokens (input and output) first.
    MostTokens,
}

impl ListSort {
    pub const ALL: [ListSort; 7] = [
        Self::Newest,
        Self::Oldest,
        Self::Longest,
        Self::Shortest,
        Self::MostSpans,
        Self::MostErrors,
        Self::MostTokens,
    ];

    /// Its URL spelling.
    pub fn key(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::Oldest => "oldest",
            Self::Longest => "longest",
            Self::Shortest => "shortest",
            Self::MostSpans => "spans",
            Self::MostErrors => "errors",
            Self::MostTokens => "tokens",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Newest => "Newest",
            Self::Oldest => "Oldest",
            Self::Longest => "Longest",
            Self::Shortest => "Shortest",
            Self::MostSpans => "Most spans",
            Self::MostErrors => "Most errors",
            Self::MostTokens => "Most LLM tokens",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key.trim())
    }
}

/// An HTTP status class of the root span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusClass {
    Success,
    Redirect,
    ClientError,
    ServerError,
}

impl StatusClass {
    pub const ALL: [StatusClass; 4] = [
        Self::Success,
        Self::Redirect,
        Self::ClientError,
        Self::ServerError,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::Success => "2xx",
            Self::Redirect => "3xx",
            Self::ClientError => "4xx",
            Self::ServerError => "5xx",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key.trim())
    }

    pub fn of(status: i64) -> Option<Self> {
        match status {
            200..=299 => Some(Self::Success),
            300..=399 => Some(Self::Redirect),
            400..=499 => Some(Self::ClientError),
            500..=599 => Some(Self::ServerError),
            _ => None,
        }
    }
}

/// A span's service and operation: what the statistics group by and the list can filter on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OperationKey {
    pub service: String,
    pub operation: String,
}

impl OperationKey {
    /// As the address spells it: `service:operation` (the service has no colon, the operation may).
    pub fn to_param(&self) -> String {
        format!("{}:{}", self.service, self.operation)
    }

    pub fn parse(param: &str) -> Option<Self> {
        let (service, operation) = param.split_once(':')?;
        (!service.is_empty() && !operation.is_empty()).then(|| Self {
            service: service.to_owned(),
            operation: operation.to_owned(),
        })
    }
}

/// What a trace must have to be listed; every set field must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub errors_only: bool,
    pub min_duration_ns: Option<i64>,
    /// The root span's HTTP method, uppercase.
    pub method: Option<String>,
    pub status: Option<StatusClass>,
    /// Part of the root span's route (or, without one, its operation), case-insensitive.
    pub route: Option<String>,
    /// A span of this service and operation somewhere in the trace.
    pub operation: Option<OperationKey>,
    /// A span of this service somewhere in the trace.
    pub service: Option<String>,
}

impl ListFilter {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    pub fn matches(&self, trace: &Trace) -> bool {
        let root = trace.root_span.map(|r| trace.span(r));
        let root_tags = root.map_or(&[][..], |s| &s.tags[..]);
        (!self.errors_only || trace.error_count > 0)
            && self
                .min_duration_ns
                .is_none_or(|min| trace.duration_ns() >= min)
            && self.method.as_ref().is_none_or(|m| {
                semconv::http_method(root_tags).is_some_and(|method| method.eq_ignore_ascii_case(m))
            })
            && self.status.is_none_or(|class| {
                semconv::http_status(root_tags).and_then(StatusClass::of) == Some(class)
            })
            && self.route.as_ref().is_none_or(|part| {
                let part = part.to_lowercase();
                let route = semconv::http_route(root_tags)
                    .or(root.map(|s| s.operation.as_str()))
                    .unwrap_or_default();
                route.to_lowercase().contains(&part)
            })
            && self
                .service
                .as_ref()
                .is_none_or(|s| trace.services.iter().any(|stat| stat.name == *s))
            && self.operation.as_ref().is_none_or(|key| {
                (0..trace.spans.len() as u32).any(|i| {
                    trace.service_name(i) == key.service && trace.span(i).operation == key.operation
                })
            })
    }

    /// Reads the list's part of the address: `errors`, `min`, `method`, `status`, `route`, `op`.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut filter = Self::default();
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "errors" => filter.errors_only = value == "1",
                "min" => filter.min_duration_ns = parse_duration(value),
                "method" => {
                    filter.method = Some(value.to_ascii_uppercase()).filter(|m| !m.is_empty())
                }
                "status" => filter.status = StatusClass::parse(value),
                "route" => filter.route = Some(value.to_owned()).filter(|r| !r.is_empty()),
                "op" => filter.operation = OperationKey::parse(value),
                _ => {}
            }
        }
        filter
    }

    /// The address parameters for this filter (the service is the list's own `service`).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if self.errors_only {
            pairs.push(("errors", "1".to_owned()));
        }
        if let Some(min) = self.min_duration_ns {
            pairs.push(("min", crate::view::format::duration_param(min)));
        }
        if let Some(method) = &self.method {
            pairs.push(("method", method.clone()));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.key().to_owned()));
        }
        if let Some(route) = &self.route {
            pairs.push(("route", route.clone()));
        }
        if let Some(op) = &self.operation {
            pairs.push(("op", op.to_param()));
        }
        pairs
    }
}

/// The address keys the list filter and sort own.
pub const LIST_KEYS: [&str; 7] = ["errors", "min", "method", "status", "route", "op", "sort"];

/// What the list's order reads of a trace, whether known by its spans or its summary, besides
/// its ID, start and span count ([`ListRow`]).
trait SortKeys: ListRow {
    fn duration_ns(&self) -> i64;
    fn error_count(&self) -> usize;
    /// LLM tokens, 0 while unknown.
    fn tokens(&self) -> i64;
}

impl SortKeys for Arc<Trace> {
    fn duration_ns(&self) -> i64 {
        Trace::duration_ns(self)
    }
    fn error_count(&self) -> usize {
        self.error_count
    }
    fn tokens(&self) -> i64 {
        self.llm.map_or(0, |llm| llm.tokens())
    }
}

/// Puts `list` in `sort` order (ties: newest first, then by ID).
fn sort_by_keys<T: SortKeys>(list: &mut [T], sort: ListSort) {
    list.sort_by(|a, b| {
        let primary = match sort {
            ListSort::Newest => std::cmp::Ordering::Equal,
            ListSort::Oldest => a.start_ns().cmp(&b.start_ns()),
            ListSort::Longest => b.duration_ns().cmp(&a.duration_ns()),
            ListSort::Shortest => a.duration_ns().cmp(&b.duration_ns()),
            ListSort::MostSpans => b.span_count().cmp(&a.span_count()),
            ListSort::MostErrors => b.error_count().cmp(&a.error_count()),
            ListSort::MostTokens => b.tokens().cmp(&a.tokens()),
        };
        primary.then_with(|| newest_first(a, b))
    });
}

/// The traces that pass `filter`, in `sort` order (ties: newest first, then by ID).
pub fn filter_and_sort(
    traces: &[Arc<Trace>],
    filter: &ListFilter,
    sort: ListSort,
) -> Vec<Arc<Trace>> {
    let mut shown: Vec<Arc<Trace>> = traces
        .iter()
        .filter(|t| filter.matches(t))
        .cloned()
        .collect();
    sort_by_keys(&mut shown, sort);
    shown
}

/// A trace listed from its summary, with the trace once its spans are loaded.
#[derive(Debug, Clone)]
pub struct Listed {
    /// What the backend listed.
    pub summary: Arc<TraceSummary>,
    /// The trace built from its spans, once they are loaded.
    pub trace: Option<Arc<Trace>>,
}

/// The same summary and the same loaded trace (by identity: a trace fetched again is another):
/// comparing a list of them stays cheap however big their traces are.
impl PartialEq for Listed {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.summary, &other.summary)
            && match (&self.trace, &other.trace) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
    }
}

impl ListRow for Listed {
    fn trace_id(&self) -> &str {
        &self.summary.trace_id
    }
    fn start_ns(&self) -> i64 {
        self.trace
            .as_ref()
            .map_or(self.summary.start_ns, |t| t.start_ns)
    }
    fn span_count(&self) -> usize {
        self.trace
            .as_ref()
            .map_or(self.summary.span_count, |t| t.spans.len())
    }
    fn is_whole(&self) -> bool {
        self.trace.is_some()
    }
}

impl SortKeys for Listed {
    fn duration_ns(&self) -> i64 {
        self.trace
            .as_ref()
            .map_or(self.summary.duration_ns(), |t| t.duration_ns())
    }
    fn error_count(&self) -> usize {
        self.trace
            .as_ref()
            .map_or(self.summary.error_count, |t| t.error_count)
    }
    fn tokens(&self) -> i64 {
        self.trace.as_ref().map_or(0, SortKeys::tokens)
    }
}

impl ListFilter {
    /// Whether a trace known by its summary alone passes; `None` when the answer needs its spans
    /// (the root's method, status or route; an operation Jaeger did not filter on:
    /// `operation_applied` says it did, for this filter's operation).
    pub fn matches_summary(&self, summary: &TraceSummary, operation_applied: bool) -> Option<bool> {
        let known = (!self.errors_only || summary.error_count > 0)
            && self
                .min_duration_ns
                .is_none_or(|min| summary.duration_ns() >= min)
            && self
                .service
                .as_ref()
                .is_none_or(|s| summary.services.iter().any(|stat| stat.name == *s));
        let needs_spans = self.method.is_some()
            || self.status.is_some()
            || self.route.is_some()
            || (self.operation.is_some() && !operation_applied);
        match (known, needs_spans) {
            (false, _) => Some(false),
            (true, true) => None,
            (true, false) => Some(true),
        }
    }
}

/// What the list shows of traces listed from summaries: those that pass, in order, and those
/// that could not be judged because a filter needs spans not loaded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListedShown {
    /// The rows, in order.
    pub shown: Vec<Listed>,
    /// Listed traces left out because a filter needs their spans.
    pub unjudged: Vec<Arc<TraceSummary>>,
}

/// The listed traces that pass `filter`, in `sort` order (ties: newest first, then by ID): a
/// loaded trace is judged by its spans, the rest by their summaries ([`ListFilter::matches_summary`];
/// those it cannot judge are left out and named). `loaded`: canonical trace ID → trace.
pub fn filter_and_sort_listed(
    summaries: &[Arc<TraceSummary>],
    loaded: &HashMap<String, Arc<Trace>>,
    filter: &ListFilter,
    sort: ListSort,
    operation_applied: bool,
) -> ListedShown {
    let mut result = ListedShown::default();
    for summary in summaries {
        let trace = loaded.get(&summary.trace_id).cloned();
        let passes = match &trace {
            Some(trace) => Some(filter.matches(trace)),
            None => filter.matches_summary(summary, operation_applied),
        };
        match passes {
            Some(true) => result.shown.push(Listed {
                summary: summary.clone(),
                trace,
            }),
            Some(false) => {}
            None => result.unjudged.push(summary.clone()),
        }
    }
    sort_by_keys(&mut result.shown, sort);
    result
}
