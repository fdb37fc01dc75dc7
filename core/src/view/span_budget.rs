//! Which listed traces' spans the analysis views (operations, service map, the flame graph of
//! the loaded traces, typical durations) load when the list comes from summaries: the smallest
//! first, within a budget of traces and bytes, so one huge trace never stalls the rest; and the
//! line that says what the views are based on.

use std::collections::HashSet;
use std::sync::Arc;

use crate::model::TraceSummary;
use crate::view::format;

/// Bytes a span takes on the wire before any has been measured: api_v3's OTLP JSON for a span
/// with a dozen attributes.
pub const BYTES_PER_SPAN_GUESS: u64 = 700;

/// How much the analysis views load per round ("Load more" adds a round).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanBudget {
    /// Traces per round.
    pub traces: usize,
    /// Bytes per round, as received (compressed where the answer is).
    pub bytes: u64,
}

impl Default for SpanBudget {
    /// 50 traces and 8 MB a round: a 15-minute list of ordinary traces whole, without the
    /// one 100,000-span trace among them (about 70 MB on the wire).
    fn default() -> Self {
        Self {
            traces: 50,
            bytes: 8 * 1024 * 1024,
        }
    }
}

/// Where loading for the analysis views stands: how many rounds are allowed and what came.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanLoad {
    /// Rounds allowed so far: 0 until an analysis view is first shown.
    pub rounds: usize,
    /// Bytes received for the traces loaded this way.
    pub bytes: u64,
    /// Spans received for them, to estimate the bytes of the next.
    pub spans: u64,
    /// IDs asked for and not yet answered.
    pub in_flight: HashSet<String>,
    /// IDs that failed to load, not asked for again until "Load more".
    pub failed: HashSet<String>,
    /// Traces asked for since the round began.
    asked_this_round: usize,
}

impl SpanLoad {
    /// Bytes per span measured so far, or the guess.
    pub fn bytes_per_span(&self) -> u64 {
        self.bytes
            .checked_div(self.spans)
            .map_or(BYTES_PER_SPAN_GUESS, |per_span| per_span.max(1))
    }

    /// The traces to ask for now, smallest first: listed, not loaded (`loaded` holds canonical
    /// IDs), not in flight, while the traces loaded plus asked stay within `rounds` × the
    /// budget's traces and the bytes received plus the estimate of those in flight and asked
    /// stay within `rounds` × its bytes. A round's first trace is asked even when it alone is
    /// over the bytes, so each round moves (a huge trace gets a round of its own). The IDs
    /// returned join `in_flight`.
    pub fn next(
        &mut self,
        summaries: &[Arc<TraceSummary>],
        loaded: &HashSet<String>,
        budget: SpanBudget,
    ) -> Vec<String> {
        let per_span = self.bytes_per_span();
        let estimate = |s: &TraceSummary| (s.span_count as u64).saturating_mul(per_span);
        let mut waiting: Vec<&Arc<TraceSummary>> = summaries
            .iter()
            .filter(|s| {
                !loaded.contains(&s.trace_id)
                    && !self.in_flight.contains(&s.trace_id)
                    && !self.failed.contains(&s.trace_id)
            })
            .collect();
        waiting.sort_by(|a, b| {
            a.span_count
                .cmp(&b.span_count)
                .then_with(|| a.trace_id.cmp(&b.trace_id))
        });
        let listed_loaded = summaries
            .iter()
            .filter(|s| loaded.contains(&s.trace_id))
            .count();
        let max_traces = budget.traces.saturating_mul(self.rounds);
        let max_bytes = budget.bytes.saturating_mul(self.rounds as u64);
        let counted = listed_loaded + self.in_flight.len();
        let mut bytes = self.bytes.saturating_add(
            summaries
                .iter()
                .filter(|s| self.in_flight.contains(&s.trace_id))
                .map(|s| estimate(s))
                .sum(),
        );
        let mut asked = Vec::new();
        for (count, summary) in (counted..).zip(waiting) {
            let cost = estimate(summary);
            let first_of_round = self.asked_this_round == 0 && asked.is_empty();
            if count >= max_traces || (bytes.saturating_add(cost) > max_bytes && !first_of_round) {
                break;
            }
            bytes = bytes.saturating_add(cost);
            asked.push(summary.trace_id.clone());
        }
        self.asked_this_round += asked.len();
        self.in_flight.extend(asked.iter().cloned());
        asked
    }

    /// A trace asked for came: `bytes` received for its `spans` (`None`: it failed).
    pub fn arrived(&mut self, trace_id: &str, received: Option<(u64, usize)>) {
        self.in_flight.remove(trace_id);
        match received {
            Some((bytes, spans)) => {
                self.bytes = self.bytes.saturating_add(bytes);
                self.spans = self.spans.saturating_add(spans as u64);
            }
            None => {
                self.failed.insert(trace_id.to_owned());
            }
        }
    }

    /// "Load more": one more round, and the failed are tried again.
    pub fn more(&mut self) {
        self.rounds += 1;
        self.asked_this_round = 0;
        self.failed.clear();
    }
}

/// What the analysis views are based on when the list comes from summaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasedOn {
    pub listed: usize,
    pub loaded: usize,
    pub loading: usize,
    /// Spans of the listed traces not loaded.
    pub spans_left: usize,
    /// Spans of the listed traces in all.
    pub spans_listed: usize,
}

impl BasedOn {
    /// `loaded` holds canonical IDs.
    pub fn of(summaries: &[Arc<TraceSummary>], loaded: &HashSet<String>, loading: usize) -> Self {
        let (mut count, mut spans_left, mut spans_listed) = (0, 0, 0);
        for s in summaries {
            spans_listed += s.span_count;
            if loaded.contains(&s.trace_id) {
                count += 1;
            } else {
                spans_left += s.span_count;
            }
        }
        Self {
            listed: summaries.len(),
            loaded: count,
            loading,
            spans_left,
            spans_listed,
        }
    }

    /// Whether every listed trace is loaded.
    pub fn complete(&self) -> bool {
        self.loaded == self.listed
    }

    /// "Based on 38 of 50 listed traces (their spans loaded); 1,204 of 101,312 spans not
    /// loaded." or "Based on all 50 listed traces."
    pub fn line(&self) -> String {
        if self.complete() {
            return format!(
                "Based on all {}.",
                format::count(self.listed, "listed trace", "listed traces")
            );
        }
        let loading = if self.loading > 0 {
            format!(", {} loading", format::grouped(self.loading as i64))
        } else {
            String::new()
        };
        format!(
            "Based on {} of {} listed traces (their spans loaded{loading}); {} of {} not loaded.",
            format::grouped(self.loaded as i64),
            format::grouped(self.listed as i64),
            format::grouped(self.spans_left as i64),
            format::count(self.spans_listed, "span", "spans"),
        )
    }
}
