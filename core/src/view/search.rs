//! Finding spans inside one trace: free text over operation, service, span ID, tag and log keys
//! and values, case-insensitive; `key=value` terms match a tag exactly; filters for service,
//! errors, minimum duration and span kind. All terms and filters must match.

use crate::model::semconv::{self, SpanKind};
use crate::model::{SpanIdx, Tag, Trace};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Text(String),
    KeyValue(String, String),
}

/// A parsed search; empty when the text has no terms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanQuery {
    terms: Vec<Term>,
}

impl SpanQuery {
    pub fn parse(text: &str) -> Self {
        let terms = text
            .split_whitespace()
            .map(|word| match word.split_once('=') {
                Some((key, value)) if !key.is_empty() => {
                    Term::KeyValue(key.to_lowercase(), value.to_lowercase())
                }
                _ => Term::Text(word.to_lowercase()),
            })
            .collect();
        Self { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn matches(&self, trace: &Trace, idx: SpanIdx) -> bool {
        let span = trace.span(idx);
        let process_tags = &trace.processes[span.process].tags;
        let log_fields = span.logs.iter().flat_map(|l| l.fields.iter());
        let all_tags = || {
            span.tags
                .iter()
                .chain(process_tags)
                .chain(log_fields.clone())
        };
        self.terms.iter().all(|term| match term {
            Term::Text(text) => {
                contains(&span.operation, text)
                    || contains(trace.service_name(idx), text)
                    || contains(&span.span_id, text)
                    || all_tags().any(|t| tag_contains(t, text))
            }
            Term::KeyValue(key, value) => all_tags().any(|t| {
                t.key.to_lowercase() == *key && t.value.to_string().to_lowercase() == *value
            }),
        })
    }
}

/// The filters beside the search text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanFilters {
    pub service: Option<String>,
    pub errors_only: bool,
    pub min_duration_ns: Option<i64>,
    pub kind: Option<SpanKind>,
}

impl SpanFilters {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    pub fn matches(&self, trace: &Trace, idx: SpanIdx) -> bool {
        let span = trace.span(idx);
        self.service
            .as_ref()
            .is_none_or(|s| trace.service_name(idx) == s)
            && (!self.errors_only || span.is_error)
            && self
                .min_duration_ns
                .is_none_or(|min| span.duration_ns >= min)
            && self
                .kind
                .is_none_or(|kind| semconv::span_kind(&span.tags) == Some(kind))
    }
}

/// A search inside a trace: the text and the filters together, as the address keeps them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TraceFind {
    pub text: String,
    pub filters: SpanFilters,
}

impl TraceFind {
    pub fn is_active(&self) -> bool {
        !self.text.trim().is_empty() || !self.filters.is_empty()
    }

    /// The matching spans in tree order; none when nothing is asked.
    pub fn matching(&self, trace: &Trace) -> Vec<SpanIdx> {
        if !self.is_active() {
            return Vec::new();
        }
        let query = SpanQuery::parse(&self.text);
        trace
            .preorder
            .iter()
            .copied()
            .filter(|&i| self.filters.matches(trace, i) && query.matches(trace, i))
            .collect()
    }
}

fn contains(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(needle)
}

fn tag_contains(tag: &Tag, needle: &str) -> bool {
    contains(&tag.key, needle) || contains(&tag.value.to_string(), needle)
}

/// `matches` and every ancestor of one: what "matches only" keeps, so each match has its context.
pub fn with_ancestors(trace: &Trace, matches: &[SpanIdx]) -> Vec<bool> {
    let mut keep = vec![false; trace.spans.len()];
    for &m in matches {
        let mut at = Some(m);
        while let Some(i) = at {
            if std::mem::replace(&mut keep[i as usize], true) {
                break;
            }
            at = trace.span(i).parent;
        }
    }
    keep
}
