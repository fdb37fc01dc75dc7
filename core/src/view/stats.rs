//! Statistics over the loaded traces: per service and operation, how often, how often failing,
//! how slow (percentiles), how much own time; and the difference to a pinned earlier window.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::Trace;
use crate::view::list_filter::OperationKey;

/// One service + operation over the window.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationStats {
    pub key: OperationKey,
    pub count: usize,
    pub errors: usize,
    pub p50_ns: i64,
    pub p95_ns: i64,
    pub p99_ns: i64,
    pub max_ns: i64,
    /// Time in these spans not covered by their children, summed.
    pub self_time_ns: i64,
}

impl OperationStats {
    /// Failed spans as a fraction of all, 0–1.
    pub fn error_rate(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            self.errors as f64 / self.count as f64
        }
    }
}

/// The nearest-rank percentile of sorted values: the smallest value with at least `p` % of the
/// values at or below it. `None` for no values.
pub fn percentile(sorted: &[i64], p: f64) -> Option<i64> {
    (!sorted.is_empty()).then(|| sorted[nearest_rank(sorted.len(), p) - 1])
}

/// The nearest rank of percentile `p` among `n` values (1-based, 1..=n; 1 for no values).
pub fn nearest_rank(n: usize, p: f64) -> usize {
    (((p / 100.0) * n as f64).ceil() as usize).clamp(1, n.max(1))
}

/// Per service + operation statistics over every span of `traces`, most frequent first.
pub fn operation_stats(traces: &[Arc<Trace>]) -> Vec<OperationStats> {
    struct Acc {
        durations: Vec<i64>,
        errors: usize,
        self_time: i64,
    }
    let mut by_key: HashMap<(&str, &str), Acc> = HashMap::new();
    for trace in traces {
        for (i, span) in trace.spans.iter().enumerate() {
            let acc = by_key
                .entry((trace.service_name(i as u32), span.operation.as_str()))
                .or_insert_with(|| Acc {
                    durations: Vec::new(),
                    errors: 0,
                    self_time: 0,
                });
            acc.durations.push(span.duration_ns);
            acc.errors += usize::from(span.is_error);
            acc.self_time = acc.self_time.saturating_add(span.self_time_ns);
        }
    }
    let mut stats: Vec<OperationStats> = by_key
        .into_iter()
        .map(|((service, operation), mut acc)| {
            acc.durations.sort_unstable();
            let at = |p| percentile(&acc.durations, p).unwrap_or_default();
            OperationStats {
                key: OperationKey {
                    service: service.to_owned(),
                    operation: operation.to_owned(),
                },
                count: acc.durations.len(),
                errors: acc.errors,
                p50_ns: at(50.0),
                p95_ns: at(95.0),
                p99_ns: at(99.0),
                max_ns: acc.durations.last().copied().unwrap_or_default(),
                self_time_ns: acc.self_time,
            }
        })
        .collect();
    sort_stats(&mut stats, StatsSort::Count);
    stats
}

/// A column the statistics table sorts by (largest first; by name ascending).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StatsSort {
    Name,
    #[default]
    Count,
    ErrorRate,
    P50,
    P95,
    P99,
    Max,
    SelfTime,
}

pub fn sort_stats(stats: &mut [OperationStats], by: StatsSort) {
    stats.sort_by(|a, b| {
        let primary = match by {
            StatsSort::Name => a.key.cmp(&b.key),
            StatsSort::Count => b.count.cmp(&a.count),
            StatsSort::ErrorRate => b.error_rate().total_cmp(&a.error_rate()),
            StatsSort::P50 => b.p50_ns.cmp(&a.p50_ns),
            StatsSort::P95 => b.p95_ns.cmp(&a.p95_ns),
            StatsSort::P99 => b.p99_ns.cmp(&a.p99_ns),
            StatsSort::Max => b.max_ns.cmp(&a.max_ns),
            StatsSort::SelfTime => b.self_time_ns.cmp(&a.self_time_ns),
        };
        primary.then_with(|| a.key.cmp(&b.key))
    });
}

/// An operation in the pinned window beside the current one: either may be missing.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison<'a> {
    pub key: &'a OperationKey,
    pub pinned: Option<&'a OperationStats>,
    pub current: Option<&'a OperationStats>,
}

impl Comparison<'_> {
    /// Current p95 minus pinned p95, when both windows have the operation.
    pub fn p95_delta_ns(&self) -> Option<i64> {
        Some(self.current?.p95_ns - self.pinned?.p95_ns)
    }

    /// Current p50 minus pinned p50, when both windows have the operation.
    pub fn p50_delta_ns(&self) -> Option<i64> {
        Some(self.current?.p50_ns - self.pinned?.p50_ns)
    }

    /// The change in error rate, in percentage points.
    pub fn error_rate_delta_points(&self) -> Option<f64> {
        Some((self.current?.error_rate() - self.pinned?.error_rate()) * 100.0)
    }
}

/// Every operation of either window, in the current table's order, then the ones gone since.
pub fn compare<'a>(
    pinned: &'a [OperationStats],
    current: &'a [OperationStats],
) -> Vec<Comparison<'a>> {
    let pinned_by_key: HashMap<&OperationKey, &OperationStats> =
        pinned.iter().map(|s| (&s.key, s)).collect();
    let current_keys: std::collections::HashSet<&OperationKey> =
        current.iter().map(|s| &s.key).collect();
    current
        .iter()
        .map(|s| Comparison {
            key: &s.key,
            pinned: pinned_by_key.get(&s.key).copied(),
            current: Some(s),
        })
        .chain(
            pinned
                .iter()
                .filter(|s| !current_keys.contains(&s.key))
                .map(|s| Comparison {
                    key: &s.key,
                    pinned: Some(s),
                    current: None,
                }),
        )
        .collect()
}
