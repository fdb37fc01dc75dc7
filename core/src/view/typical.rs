//! Whether a span is slow *for its kind*: its duration against the other spans of the same
//! service + operation across the loaded traces (a span of a loaded trace is left out of its own
//! kind), by nearest-rank p50 and p95. A span slower than its kind's p95, and at least
//! [`MIN_RATIO_TO_P50`] times its p50, is *unusual*. Fewer than [`MIN_SAMPLES`] other spans of a
//! kind say nothing.

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::{SpanIdx, Trace};
use crate::view::format;
use crate::view::stats::nearest_rank;

/// The fewest other spans of a kind that give it a typical duration.
pub const MIN_SAMPLES: usize = 5;

/// How many times its kind's p50 a span must last, beside being over its p95, to be unusual: a
/// steady kind's p95 sits a few percent over its p50, and a span 1.1× the p50 is not slow for
/// its kind (such kinds marked most rows of a steady endpoint "unusual").
pub const MIN_RATIO_TO_P50: f64 = 1.5;

/// The durations of every service + operation over the loaded traces, sorted: built once per
/// list, then asked about any span.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Typical {
    /// service → operation → durations (ns), ascending.
    by_kind: FxHashMap<String, FxHashMap<String, Vec<i64>>>,
    /// The traces the durations came from, by ID: their spans are among the samples.
    traces: FxHashSet<String>,
}

/// Where a span's duration sits among its kind's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Standing {
    /// Fewer than [`MIN_SAMPLES`] other spans of its kind were loaded (this many).
    TooFewSamples(usize),
    Known(Typicality),
}

/// A span's duration against its kind's, when the kind has enough samples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Typicality {
    /// How many other spans of the kind were loaded.
    pub samples: usize,
    /// ns, nearest rank.
    pub p50_ns: i64,
    /// ns, nearest rank.
    pub p95_ns: i64,
    /// The share of the kind's other spans at or below this duration, 0–100 %.
    pub percentile: f64,
    /// The span's duration, ns.
    pub duration_ns: i64,
}

impl Typicality {
    /// Slower than the kind's p95, and at least [`MIN_RATIO_TO_P50`] times its p50.
    pub fn is_unusual(&self) -> bool {
        self.duration_ns > self.p95_ns && far_over_p50(self.duration_ns, self.p50_ns)
    }

    /// The span's duration over the kind's p50; `None` when the p50 is 0 ns.
    pub fn ratio_to_p50(&self) -> Option<f64> {
        (self.p50_ns > 0).then(|| self.duration_ns as f64 / self.p50_ns as f64)
    }

    /// The row's marker for an unusual span: `3.4× p50`, or `> p95` when the p50 is 0 ns.
    pub fn marker(&self) -> String {
        match self.ratio_to_p50() {
            Some(ratio) => format!("{}× p50", format::ratio(ratio)),
            None => "> p95".to_owned(),
        }
    }

    /// The marker's tooltip: the span against its kind in one sentence.
    pub fn marker_title(&self) -> String {
        format!(
            "{} here; its kind's p50 is {} and p95 {} over {} loaded",
            format::duration(self.duration_ns),
            format::duration(self.p50_ns),
            format::duration(self.p95_ns),
            format::count(self.samples, "span", "spans"),
        )
    }
}

impl Standing {
    /// The typicality, when known and unusual.
    pub fn unusual(self) -> Option<Typicality> {
        match self {
            Self::Known(t) if t.is_unusual() => Some(t),
            _ => None,
        }
    }

    /// The detail's rows: `Percentile`, `p50`, `p95`, `Samples`; or one row saying there are
    /// too few samples.
    pub fn detail_rows(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::TooFewSamples(n) => vec![(
                "Typical",
                format!(
                    "too few samples ({} of this service and operation loaded; {MIN_SAMPLES} needed)",
                    format::count(*n, "other span", "other spans")
                ),
            )],
            Self::Known(t) => {
                let ratio = t
                    .ratio_to_p50()
                    .map(|r| format!(" (this span {}×)", format::ratio(r)))
                    .unwrap_or_default();
                let share = t.percentile.floor();
                let place = if t.percentile == 0.0 {
                    "faster than every other span of its kind".to_owned()
                } else if t.percentile >= 100.0 {
                    "as slow as or slower than every other span of its kind".to_owned()
                } else {
                    format!("as slow as or slower than {share:.0}% of its kind")
                };
                vec![
                    (
                        "Percentile",
                        format!(
                            "p{share:.0}: {place}{}",
                            if t.is_unusual() { ", unusual" } else { "" }
                        ),
                    ),
                    ("p50", format!("{}{ratio}", format::duration(t.p50_ns))),
                    ("p95", format::duration(t.p95_ns)),
                    (
                        "Samples",
                        format::count(t.samples, "other span", "other spans"),
                    ),
                ]
            }
        }
    }
}

impl Typical {
    /// Every span of `traces`, by service + operation.
    pub fn of(traces: &[Arc<Trace>]) -> Self {
        let mut by_kind: FxHashMap<String, FxHashMap<String, Vec<i64>>> = FxHashMap::default();
        for trace in traces {
            for (i, span) in trace.spans.iter().enumerate() {
                let service = trace.service_name(i as SpanIdx);
                let operations = match by_kind.get_mut(service) {
                    Some(operations) => operations,
                    None => by_kind.entry(service.to_owned()).or_default(),
                };
                match operations.get_mut(span.operation.as_str()) {
                    Some(durations) => durations.push(span.duration_ns),
                    None => {
                        operations.insert(span.operation.clone(), vec![span.duration_ns]);
                    }
                }
            }
        }
        for durations in by_kind.values_mut().flat_map(|ops| ops.values_mut()) {
            durations.sort_unstable();
        }
        let traces = traces.iter().map(|t| t.trace_id.clone()).collect();
        Self { by_kind, traces }
    }

    /// The sorted durations (ns) of one service + operation; empty when none was loaded.
    pub fn durations(&self, service: &str, operation: &str) -> &[i64] {
        self.by_kind
            .get(service)
            .and_then(|ops| ops.get(operation))
            .map_or(&[], Vec::as_slice)
    }

    /// Where a span of `service` + `operation` lasting `duration_ns` sits among its kind; `own`
    /// when the span is one of the samples (its trace is loaded), so it is left out.
    pub fn standing(
        &self,
        service: &str,
        operation: &str,
        duration_ns: i64,
        own: bool,
    ) -> Standing {
        let others = Others::of(self.durations(service, operation), duration_ns, own);
        if others.len() < MIN_SAMPLES {
            return Standing::TooFewSamples(others.len());
        }
        Standing::Known(Typicality {
            samples: others.len(),
            p50_ns: others.percentile(50.0),
            p95_ns: others.percentile(95.0),
            percentile: others.at_or_below(duration_ns) as f64 * 100.0 / others.len() as f64,
            duration_ns,
        })
    }

    /// Where one span of `trace` sits among its kind.
    pub fn standing_of(&self, trace: &Trace, idx: SpanIdx) -> Standing {
        let span = trace.span(idx);
        let own = self.traces.contains(&trace.trace_id);
        self.standing(
            trace.service_name(idx),
            &span.operation,
            span.duration_ns,
            own,
        )
    }

    /// The spans of `trace` that are unusual ([`Typicality::is_unusual`]), in tree order.
    pub fn unusual_spans(&self, trace: &Trace) -> Vec<SpanIdx> {
        let own = self.traces.contains(&trace.trace_id);
        // Each kind's limits once per trace. A span over the others' p95 is over the value at
        // that rank in all the samples (itself among them): leaving it out only moves values
        // above it, so the p50 and p95 at the others' ranks serve every span of the kind.
        let mut limits: FxHashMap<(usize, &str), Option<(i64, i64)>> = FxHashMap::default();
        // Storage order reads the spans front to back; the tree order is restored below.
        let mut unusual = vec![false; trace.spans.len()];
        for (i, span) in trace.spans.iter().enumerate() {
            let limit = *limits
                .entry((span.service, span.operation.as_str()))
                .or_insert_with(|| {
                    let sorted = self.durations(trace.service_name(i as SpanIdx), &span.operation);
                    let others = sorted.len() - usize::from(own && !sorted.is_empty());
                    (others >= MIN_SAMPLES).then(|| {
                        let at = |p| sorted[nearest_rank(others, p) - 1];
                        (at(50.0), at(95.0))
                    })
                });
            unusual[i] = limit.is_some_and(|(p50, p95)| {
                span.duration_ns > p95 && far_over_p50(span.duration_ns, p50)
            });
        }
        (trace.preorder.iter().copied())
            .filter(|&idx| unusual[idx as usize])
            .collect()
    }
}

/// At least [`MIN_RATIO_TO_P50`] times the p50 (any duration over a p50 of 0 ns is).
fn far_over_p50(duration_ns: i64, p50_ns: i64) -> bool {
    p50_ns <= 0 || duration_ns as f64 >= MIN_RATIO_TO_P50 * p50_ns as f64
}

/// A kind's sorted durations with one occurrence of a span's own duration left out, without
/// copying them.
struct Others<'a> {
    sorted: &'a [i64],
    /// Where the left-out value was; `None` when nothing is left out.
    gap: Option<usize>,
}

impl<'a> Others<'a> {
    fn of(sorted: &'a [i64], duration_ns: i64, own: bool) -> Self {
        let at = sorted.partition_point(|&d| d < duration_ns);
        let gap = (own && sorted.get(at) == Some(&duration_ns)).then_some(at);
        Self { sorted, gap }
    }

    fn len(&self) -> usize {
        self.sorted.len() - usize::from(self.gap.is_some())
    }

    /// The `k`-th smallest (0-based) of the others.
    fn nth(&self, k: usize) -> i64 {
        match self.gap {
            Some(gap) if k >= gap => self.sorted[k + 1],
            _ => self.sorted[k],
        }
    }

    /// Nearest rank, as [`crate::view::stats::percentile`]; 0 without values.
    fn percentile(&self, p: f64) -> i64 {
        match self.len() {
            0 => 0,
            n => self.nth(nearest_rank(n, p) - 1),
        }
    }

    /// How many of the others are at or below `duration_ns`.
    fn at_or_below(&self, duration_ns: i64) -> usize {
        let all = self.sorted.partition_point(|&d| d <= duration_ns);
        all - usize::from(self.gap.is_some_and(|g| g < all))
    }
}
