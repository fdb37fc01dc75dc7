//! Which listed traces' spans the analysis views (operations, service map, the flame graph of
//! the loaded traces, typical durations) load when the list comes from summaries: the smallest
//! first, within a budget of traces and bytes, so one huge trace never stalls the rest; and the
//! line that says what the views are based on.

use std::collections::{HashMap, HashSet};
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

impl SpanBudget {
    /// Whether a list of whole traces (a backend without summaries) holds a trace of
    /// `span_count` spans whole: its spans fit one round's bytes at [`BYTES_PER_SPAN_GUESS`]
    /// (with the default 8 MB, up to 11,983 spans). A bigger one keeps only its summary until
    /// it is opened.
    pub fn holds(&self, span_count: usize) -> bool {
        (span_count as u64).saturating_mul(BYTES_PER_SPAN_GUESS) <= self.bytes
    }
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

/// How many traces the analysis views fetch at once: browsers open six connections per host, and
/// Jaeger closes each after one answer; more would wait in the browser's queue while their
/// silence timeout runs.
pub const AT_ONCE: usize = 4;

/// Where loading for the analysis views stands: whether one is shown, how many rounds are
/// allowed, what is on its way and what came.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanLoad {
    /// An analysis view is shown: only then are traces asked for.
    pub wanted: bool,
    /// Rounds allowed so far: 0 until an analysis view is first shown.
    pub rounds: usize,
    /// Bytes received (as received) and spans read, by trace ID, for the traces loaded this way.
    received: HashMap<String, (u64, usize)>,
    /// IDs asked for and not yet answered.
    pub in_flight: HashSet<String>,
    /// IDs that failed to load, not asked for again until "Load more".
    pub failed: HashSet<String>,
    /// Traces asked for since the round began.
    asked_this_round: usize,
}

impl SpanLoad {
    /// An analysis view is shown (`true`) or no longer is; the first time allows a round.
    pub fn show(&mut self, shown: bool) {
        self.wanted = shown;
        if shown && self.rounds == 0 {
            self.more();
        }
    }

    /// A new list from the same backend (another range or service): the rounds and what failed
    /// start over, while what is on its way keeps coming (a trace's spans do not depend on the
    /// list) and counts where the new list holds it; a view still shown starts with one round.
    pub fn restart(&mut self) {
        *self = Self {
            wanted: self.wanted,
            rounds: usize::from(self.wanted),
            in_flight: std::mem::take(&mut self.in_flight),
            received: std::mem::take(&mut self.received),
            ..Self::default()
        };
    }

    /// Another backend or source (a file, the demo, back to live): nothing of the old one counts.
    pub fn forget(&mut self) {
        *self = Self {
            wanted: self.wanted,
            rounds: usize::from(self.wanted),
            ..Self::default()
        };
    }

    /// What "Load more" would ask for next, as (traces, spans), without asking.
    pub fn next_round(
        &self,
        summaries: &[Arc<TraceSummary>],
        loaded: &HashSet<String>,
        busy: &HashSet<String>,
        budget: SpanBudget,
    ) -> (usize, usize) {
        let mut after = self.clone();
        after.wanted = true;
        after.more();
        let per_span = self.bytes_per_span();
        let mut loaded = loaded.clone();
        let (mut traces, mut spans) = (0, 0);
        // Each answer taken as come at the estimate, until the round is spent.
        loop {
            let asked = after.next(summaries, &loaded, busy, budget);
            if asked.is_empty() {
                return (traces, spans);
            }
            for summary in summaries.iter().filter(|s| asked.contains(&s.trace_id)) {
                let bytes = (summary.span_count as u64).saturating_mul(per_span);
                after.in_flight.remove(&summary.trace_id);
                after
                    .received
                    .insert(summary.trace_id.clone(), (bytes, summary.span_count));
                loaded.insert(summary.trace_id.clone());
                traces += 1;
                spans += summary.span_count;
            }
        }
    }

    /// Bytes per span measured so far, or the guess.
    pub fn bytes_per_span(&self) -> u64 {
        let (bytes, spans) = self
            .received
            .values()
            .fold((0u64, 0u64), |(b, n), &(bytes, spans)| {
                (b.saturating_add(bytes), n.saturating_add(spans as u64))
            });
        bytes
            .checked_div(spans)
            .map_or(BYTES_PER_SPAN_GUESS, |per_span| per_span.max(1))
    }

    /// The traces to ask for now, smallest first: listed, not loaded (`loaded` holds canonical
    /// IDs), not on their way (`busy`: fetched for another reason, such as a row being opened),
    /// at most [`AT_ONCE`] in flight, while the listed traces loaded plus those asked stay within
    /// `rounds` × the budget's traces and the bytes received for listed traces plus the estimate
    /// of those asked stay within `rounds` × its bytes. A round's first trace is asked even when
    /// it alone is over the bytes, so each round moves (a huge trace gets a round of its own);
    /// the first round only when nothing is loaded yet, so a view shown over a list that holds
    /// its small traces whole leaves the big ones to "Load next". Nothing while no analysis view
    /// is shown. The IDs returned join `in_flight`.
    pub fn next(
        &mut self,
        summaries: &[Arc<TraceSummary>],
        loaded: &HashSet<String>,
        busy: &HashSet<String>,
        budget: SpanBudget,
    ) -> Vec<String> {
        if !self.wanted {
            return Vec::new();
        }
        let per_span = self.bytes_per_span();
        let estimate = |s: &TraceSummary| (s.span_count as u64).saturating_mul(per_span);
        let mut waiting: Vec<&Arc<TraceSummary>> = summaries
            .iter()
            .filter(|s| {
                !loaded.contains(&s.trace_id)
                    && !busy.contains(&s.trace_id)
                    && !self.in_flight.contains(&s.trace_id)
                    && !self.failed.contains(&s.trace_id)
            })
            .collect();
        waiting.sort_by(|a, b| {
            a.span_count
                .cmp(&b.span_count)
                .then_with(|| a.trace_id.cmp(&b.trace_id))
        });
        let mut counted = 0;
        let mut bytes = 0u64;
        for s in summaries {
            if self.in_flight.contains(&s.trace_id) {
                counted += 1;
                bytes = bytes.saturating_add(estimate(s));
            } else if loaded.contains(&s.trace_id) {
                counted += 1;
                bytes = bytes.saturating_add(self.received.get(&s.trace_id).map_or(0, |r| r.0));
            }
        }
        let max_traces = budget.traces.saturating_mul(self.rounds);
        let max_bytes = budget.bytes.saturating_mul(self.rounds as u64);
        let room = AT_ONCE.saturating_sub(self.in_flight.len());
        let mut asked = Vec::new();
        for (count, summary) in (counted..).zip(waiting).take(room) {
            let cost = estimate(summary);
            // Over the bytes alone, a trace is taken first in a round "Load next" asked for, or
            // when nothing is loaded yet: never by the first round over traces already loaded.
            let first_of_round =
                self.asked_this_round == 0 && asked.is_empty() && (self.rounds > 1 || counted == 0);
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
        if !self.in_flight.remove(trace_id) {
            // Asked for a list since replaced.
            return;
        }
        match received {
            Some(received) => {
                self.received.insert(trace_id.to_owned(), received);
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
    /// Traces listed.
    pub listed: usize,
    /// Listed traces whose spans are loaded.
    pub loaded: usize,
    /// Listed traces whose spans are on their way.
    pub loading: usize,
    /// Listed traces whose spans failed to come (tried again by "Load more").
    pub failed: usize,
    /// Spans of the listed traces not loaded.
    pub spans_left: usize,
    /// Spans of the listed traces in all.
    pub spans_listed: usize,
}

impl BasedOn {
    /// `loaded` holds canonical IDs.
    pub fn of(summaries: &[Arc<TraceSummary>], loaded: &HashSet<String>, load: &SpanLoad) -> Self {
        let (mut count, mut spans_left, mut spans_listed) = (0, 0, 0);
        for s in summaries {
            spans_listed += s.span_count;
            if loaded.contains(&s.trace_id) {
                count += 1;
            } else {
                spans_left += s.span_count;
            }
        }
        let listed_in = |ids: &HashSet<String>| {
            summaries
                .iter()
                .filter(|s| ids.contains(&s.trace_id))
                .count()
        };
        Self {
            listed: summaries.len(),
            loaded: count,
            loading: listed_in(&load.in_flight),
            failed: listed_in(&load.failed),
            spans_left,
            spans_listed,
        }
    }

    /// Whether every listed trace is loaded.
    pub fn complete(&self) -> bool {
        self.loaded == self.listed
    }

    /// "Using 38 of 50 listed traces (1,204 of 101,312 spans), 4 loading." or "Using all 50
    /// listed traces (1,204 spans)."
    pub fn line(&self) -> String {
        if self.complete() {
            return format!(
                "Using all {} ({}).",
                format::count(self.listed, "listed trace", "listed traces"),
                format::count(self.spans_listed, "span", "spans"),
            );
        }
        let loading = if self.loading > 0 {
            format!(", {} loading", format::grouped(self.loading as i64))
        } else {
            String::new()
        };
        let failed = if self.failed > 0 {
            format!(
                " {} could not be loaded.",
                format::count(self.failed, "trace", "traces")
            )
        } else {
            String::new()
        };
        format!(
            "Using {} of {} listed traces ({} of {}){loading}.{failed}",
            format::grouped(self.loaded as i64),
            format::grouped(self.listed as i64),
            format::grouped(self.spans_listed.saturating_sub(self.spans_left) as i64),
            format::count(self.spans_listed, "span", "spans"),
        )
    }

    /// The "Load more" button's words for the next round ([`SpanLoad::next_round`]):
    /// "Load next: 1 trace (100,000 spans)".
    pub fn next_label((traces, spans): (usize, usize)) -> String {
        format!(
            "Load next: {} ({})",
            format::count(traces, "trace", "traces"),
            format::count(spans, "span", "spans")
        )
    }
}
