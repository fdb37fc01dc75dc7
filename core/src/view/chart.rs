//! The chart above the list: one dot per trace (x = start, y = duration, log scale when the
//! durations spread wide), and a strip of trace counts per time bucket below it, so a drop in
//! volume (sampling, an outage) shows.

use std::sync::Arc;

use crate::model::Trace;
use crate::view::trace_list::TraceRow;

/// Durations spreading wider than this ratio (slowest / fastest) get a log scale.
const LOG_SCALE_SPREAD: f64 = 20.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Dot {
    pub trace_id: String,
    /// 0 (window start) to 1 (window end).
    pub x: f64,
    /// 0 (shortest shown) to 1 (longest).
    pub y: f64,
    pub root_service: String,
    pub error: bool,
    /// What hovering the dot tells: the trace's row.
    pub row: TraceRow,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scatter {
    /// In time: by start, then trace ID.
    pub dots: Vec<Dot>,
    pub log_scale: bool,
    /// Duration gridlines: (y 0–1, ns).
    pub y_ticks: Vec<(f64, i64)>,
}

/// The y axis: maps a duration to 0–1 between `low` and `high`.
struct Axis {
    low: f64,
    high: f64,
    log: bool,
}

impl Axis {
    fn new(min_ns: i64, max_ns: i64) -> Self {
        let (min, max) = (min_ns.max(1) as f64, max_ns.max(1) as f64);
        let log = max / min > LOG_SCALE_SPREAD;
        if log {
            Self {
                low: min.log10().floor(),
                high: max.log10().ceil().max(min.log10().floor() + 1.0),
                log,
            }
        } else {
            Self {
                low: 0.0,
                high: nice_ceiling(max),
                log,
            }
        }
    }

    fn place(&self, ns: i64) -> f64 {
        let value = if self.log {
            (ns.max(1) as f64).log10()
        } else {
            ns as f64
        };
        ((value - self.low) / (self.high - self.low)).clamp(0.0, 1.0)
    }

    fn ticks(&self) -> Vec<(f64, i64)> {
        if self.log {
            (self.low as i32..=self.high as i32)
                .map(|e| 10f64.powi(e) as i64)
                .map(|ns| (self.place(ns), ns))
                .collect()
        } else {
            (0..=4)
                .map(|i| (self.high * f64::from(i) / 4.0) as i64)
                .map(|ns| (self.place(ns), ns))
                .collect()
        }
    }
}

/// The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `value`, so linear ticks read as round numbers.
fn nice_ceiling(value: f64) -> f64 {
    if value <= 1.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|step| step * magnitude)
        .find(|&nice| nice >= value)
        .unwrap_or(10.0 * magnitude)
}

/// The rows with a place in time: a trace without spans has neither a start nor a duration.
fn timed(rows: &[TraceRow]) -> impl Iterator<Item = &TraceRow> + Clone {
    rows.iter().filter(|r| r.span_count > 0)
}

/// When each timed trace started (µs), for the volume strip.
pub fn starts(rows: &[TraceRow]) -> impl Iterator<Item = i64> + '_ {
    timed(rows).map(|r| r.start_us)
}

/// The window a file's traces span, padded by a twentieth (at least a second) on each side, as
/// a file has no range of its own.
pub fn spread_window(traces: &[Arc<Trace>]) -> (i64, i64) {
    let starts = || {
        traces
            .iter()
            .filter(|t| !t.spans.is_empty())
            .map(|t| t.start_us())
    };
    let low = starts().min().unwrap_or_default();
    let high = starts().max().unwrap_or_default();
    let pad = (high.saturating_sub(low) / 20).max(1_000_000);
    (low.saturating_sub(pad), high.saturating_add(pad))
}

/// Dots for the list's rows (a trace's, or a summary's before its spans arrive) over the window
/// `(start, end)` in µs; a row without spans has no place in time and no dot.
pub fn scatter(rows: &[TraceRow], (start, end): (i64, i64)) -> Scatter {
    let timed = || timed(rows);
    let durations = timed().map(|r| r.duration_ns);
    let axis = Axis::new(
        durations.clone().min().unwrap_or(1),
        durations.max().unwrap_or(1),
    );
    // In f64: a file's far-past or far-future times must not overflow the subtraction.
    let span = (end as f64 - start as f64).max(1.0);
    let mut dots: Vec<Dot> = timed()
        .map(|row| Dot {
            trace_id: row.trace_id.clone(),
            x: ((row.start_us as f64 - start as f64) / span).clamp(0.0, 1.0),
            y: axis.place(row.duration_ns),
            root_service: row.root_service.clone(),
            error: row.error_count > 0,
            row: row.clone(),
        })
        .collect();
    // In time (the start, not the clamped x: rows outside the window tie there), so the arrow
    // keys step through them in time.
    dots.sort_by(|a, b| (a.row.start_us, &a.trace_id).cmp(&(b.row.start_us, &b.trace_id)));
    Scatter {
        dots,
        log_scale: axis.log,
        y_ticks: axis.ticks(),
    }
}

const SECOND: i64 = 1_000_000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;

/// The bucket length for a window: minutes for an hour or less (seconds for a window of a few
/// minutes, such as a file's, so it is not one bar), ten minutes up to six hours, hours up to a
/// day, six hours up to a week; beyond (a custom window, a file) whole hours making about 50
/// buckets, so the strip never holds more than a few dozen.
pub fn bucket_us(window_us: i64) -> i64 {
    match window_us {
        w if w <= HOUR => [SECOND, 5 * SECOND, 10 * SECOND, 30 * SECOND]
            .into_iter()
            .find(|size| w / size < 30)
            .unwrap_or(MINUTE),
        w if w <= 6 * HOUR => 10 * MINUTE,
        w if w <= 24 * HOUR => HOUR,
        w if w <= 7 * 24 * HOUR => 6 * HOUR,
        w => ((w / 50).saturating_add(HOUR - 1) / HOUR).saturating_mul(HOUR),
    }
}

/// A bucket length in words: "second", "30 seconds", "minute", "10 minutes", "hour", "6 hours".
pub fn bucket_label(bucket_us: i64) -> String {
    match bucket_us {
        SECOND => "second".to_owned(),
        b if b < MINUTE => format!("{} seconds", b / SECOND),
        MINUTE => "minute".to_owned(),
        b if b < 60 * MINUTE => format!("{} minutes", b / MINUTE),
        b if b == 60 * MINUTE => "hour".to_owned(),
        b => format!("{} hours", b / (60 * MINUTE)),
    }
}

/// Traces per time bucket under the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Volume {
    /// How wide the window is, so labels know whether to carry the date.
    pub window_us: i64,
    pub bucket_us: i64,
    pub bars: Vec<VolumeBar>,
}

/// One bucket: its count, and its bar placed on the chart's own time axis (fractions of the
/// window), so a bar stands under the dots it counts even where the window cuts a bucket.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VolumeBar {
    pub start_us: i64,
    pub count: usize,
    pub x: f64,
    pub width: f64,
    /// 0–1 of the strip; an empty bucket keeps a hairline so a gap reads as "none", not "missing".
    pub height: f64,
}

impl Volume {
    pub fn total(&self) -> usize {
        self.bars.iter().map(|b| b.count).sum()
    }
}

/// Traces per bucket over the window, the buckets aligned to whole bucket lengths since the
/// epoch (the first and last may be cut by the window).
pub fn volume(starts: impl IntoIterator<Item = i64>, (start, end): (i64, i64)) -> Volume {
    // In i128, so windows at the ends of time do not overflow.
    let (start, end) = (i128::from(start), i128::from(end.max(start)));
    let window_us = i64::try_from(end - start).unwrap_or(i64::MAX);
    let bucket = bucket_us(window_us);
    let size = i128::from(bucket);
    let first = start.div_euclid(size) * size;
    // The window's end belongs to the last bucket, even when it falls on a bucket boundary.
    let len = ((end - first + size - 1) / size).max(1) as usize;
    let mut counts = vec![0usize; len];
    for at in starts.into_iter().map(i128::from) {
        if (start..=end).contains(&at) {
            counts[(((at - first) / size) as usize).min(len - 1)] += 1;
        }
    }
    let most = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let span = (end - start).max(1) as f64;
    let fraction = |at: i128| (at.clamp(start, end) - start) as f64 / span;
    let saturate = |at: i128| i64::try_from(at).unwrap_or(if at < 0 { i64::MIN } else { i64::MAX });
    let bars = counts
        .into_iter()
        .enumerate()
        .map(|(i, count)| {
            let from = first + i as i128 * size;
            let (left, right) = (fraction(from), fraction(from + size));
            // A zero-length window still shows its one bucket across the strip.
            let (left, right) = if right > left {
                (left, right)
            } else {
                (0.0, 1.0)
            };
            let gap = (right - left) * 0.08;
            VolumeBar {
                start_us: saturate(from),
                count,
                x: left + gap,
                width: right - left - 2.0 * gap,
                height: (count as f64 / most * 0.93).max(if count == 0 { 0.04 } else { 0.08 }),
            }
        })
        .collect();
    Volume {
        window_us,
        bucket_us: bucket,
        bars,
    }
}
