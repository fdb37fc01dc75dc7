//! Zooming a trace's timeline into a time window: which part of the trace the bars and the ruler
//! show. Bars keep their place as fractions of the whole trace; the window only scales and shifts
//! them, so zooming a 100,000-span trace touches no row.

use crate::model::{SpanIdx, Trace};

/// A window of a trace's timeline, as fractions of its duration (0 = first start, 1 = last end).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Zoom {
    pub from: f64,
    pub to: f64,
}

/// A drag shorter than this share of the timeline is a click, not a window.
const MIN_DRAG: f64 = 0.01;

/// The margin around a span zoomed to, as a share of its duration on each side.
const SPAN_MARGIN: f64 = 0.1;

/// The narrowest window, as a share of the trace, whatever its length: below this, `from` and
/// `to` near 1 would be the same f64 for a trace of many years.
const MIN_SHARE: f64 = 1e-9;

impl Zoom {
    pub const FULL: Zoom = Zoom { from: 0.0, to: 1.0 };

    pub fn is_full(self) -> bool {
        self == Self::FULL
    }

    /// How much wider than the timeline the whole trace is drawn.
    pub fn scale(self) -> f64 {
        1.0 / (self.to - self.from)
    }

    /// The window between two points of this one (fractions of the shown timeline, either
    /// order), or `None` for a drag too short to mean one. Never narrower than a nanosecond.
    pub fn select(self, trace: &Trace, a: f64, b: f64) -> Option<Zoom> {
        let (a, b) = (a.min(b).clamp(0.0, 1.0), a.max(b).clamp(0.0, 1.0));
        if b - a < MIN_DRAG {
            return None;
        }
        let width = self.to - self.from;
        Some(Self::window(
            trace,
            self.from + a * width,
            self.from + b * width,
        ))
    }

    /// The window around one of the trace's spans.
    pub fn to_span(trace: &Trace, idx: SpanIdx) -> Zoom {
        let span = trace.span(idx);
        Self::around(trace, span.start_ns, span.duration_ns)
    }

    /// The window around a stretch of time, with a margin, so it fills most of the timeline.
    pub fn around(trace: &Trace, start_ns: i64, duration_ns: i64) -> Zoom {
        let total = trace.duration_ns().max(1) as f64;
        let margin = duration_ns as f64 * SPAN_MARGIN;
        let start = start_ns.saturating_sub(trace.start_ns) as f64;
        Self::window(
            trace,
            (start - margin) / total,
            (start + duration_ns as f64 + margin) / total,
        )
    }

    /// A window clamped to the trace and widened to at least one nanosecond.
    fn window(trace: &Trace, from: f64, to: f64) -> Zoom {
        let least = (1.0 / trace.duration_ns().max(1) as f64).max(MIN_SHARE);
        let (from, to) = (from.clamp(0.0, 1.0), to.clamp(0.0, 1.0));
        if to - from >= least {
            return Zoom { from, to };
        }
        let from = from.min(1.0 - least).max(0.0);
        Zoom {
            from,
            to: (from + least).min(1.0),
        }
    }

    /// The offsets from the trace's start (ns) where the window begins and ends.
    pub fn bounds_ns(self, trace: &Trace) -> (i64, i64) {
        let total = trace.duration_ns() as f64;
        (
            (self.from * total).round() as i64,
            (self.to * total).round() as i64,
        )
    }

    /// The ruler above the timeline: (position in %, offset from the trace's start in ns) at
    /// the window's start, quarters and end.
    pub fn ruler(self, trace: &Trace) -> [(f64, i64); 5] {
        let (start, end) = self.bounds_ns(trace);
        let width = i128::from(end - start);
        [0, 25, 50, 75, 100].map(|pct| (pct as f64, start + (width * i128::from(pct) / 100) as i64))
    }
}
