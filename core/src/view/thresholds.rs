//! Latency thresholds per operation (the `thresholds` setting): spans over theirs are marked, and
//! so are the traces holding them, so a regression stands out between refreshes.

use crate::model::{Span, Trace};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Thresholds {
    by_operation: Vec<(String, i64)>,
}

impl Thresholds {
    /// Sets an operation's threshold; a later setting for it wins.
    pub fn set(&mut self, operation: &str, limit_ns: i64) {
        match self.by_operation.iter_mut().find(|(op, _)| op == operation) {
            Some(entry) => entry.1 = limit_ns,
            None => self.by_operation.push((operation.to_owned(), limit_ns)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_operation.is_empty()
    }

    pub fn limit(&self, operation: &str) -> Option<i64> {
        self.by_operation
            .iter()
            .find(|(op, _)| op == operation)
            .map(|(_, limit)| *limit)
    }

    /// The threshold `span` is over, if it is over one.
    pub fn exceeded(&self, span: &Span) -> Option<i64> {
        self.limit(&span.operation)
            .filter(|&limit| span.duration_ns > limit)
    }

    /// How many spans of `trace` are over their threshold.
    pub fn spans_over(&self, trace: &Trace) -> usize {
        if self.is_empty() {
            return 0;
        }
        trace
            .spans
            .iter()
            .filter(|s| self.exceeded(s).is_some())
            .count()
    }
}
