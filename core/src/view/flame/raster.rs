//! A flame graph drawn: the window shown, the pixel rectangles that draw it (boxes narrower
//! than a pixel merged per column), hit testing and the tooltip.

use super::*;

/// The part of the graph shown: a horizontal window (fractions of the whole width) and the row
/// shown on top.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlameWindow {
    /// Left edge shown, a fraction (0–1) of the whole graph's width.
    pub from: f64,
    /// Right edge shown, a fraction.
    pub to: f64,
    /// The graph's row drawn at the top.
    pub top_row: u32,
    /// Only this box's subtree is drawn (a focused box), or every box.
    pub within: Option<u32>,
}

/// One rectangle to draw, in px from the canvas' left edge, on a shown row (0 = the top one).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlameRect {
    /// Left edge, px.
    pub x: f64,
    /// px; 1 for boxes merged into a pixel column.
    pub width: f64,
    /// The shown row, 0 on top.
    pub row: u32,
    /// The box drawn; for boxes merged into one pixel column, the first of them.
    pub first_box: u32,
    /// How many boxes this rectangle stands for (more than 1: merged, too narrow to draw apart).
    pub boxes: u32,
    /// Index into [`FlameGraph::services`], of the first box.
    pub service: u32,
    /// Any of its boxes failed.
    pub error: bool,
    /// Any of its boxes is lit up by the search.
    pub highlighted: bool,
}

/// A hovered box, as the tooltip says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlameTip {
    /// `service · operation`.
    pub title: String,
    /// What follows the title, a line each: durations (and for merged spans their counts), failures.
    pub lines: Vec<String>,
}

impl FlameGraph {
    /// The rectangles that draw `window` on a canvas `width_px` wide showing `rows` rows: boxes
    /// at least a pixel wide as they are (clipped to the canvas), narrower ones merged per pixel
    /// column into a 1 px rectangle. With `highlight` (one flag per box), a rectangle is
    /// highlighted when any of its boxes is.
    pub fn rects(
        &self,
        window: FlameWindow,
        width_px: f64,
        rows: u32,
        highlight: Option<&[bool]>,
    ) -> Vec<FlameRect> {
        let span = (window.to - window.from).max(f64::MIN_POSITIVE);
        let px_per_unit = width_px / span;
        let (lo, hi) = match window.within {
            Some(b) => (b, self.subtree_end(b)),
            None => (0, self.boxes.len() as u32),
        };
        let mut out = Vec::new();
        let last_row = (window.top_row + rows).min(self.row_count());
        for row in window.top_row..last_row {
            let ids = &self.rows[row as usize];
            let first = ids.partition_point(|&b| self.boxes[b as usize].x1 < window.from);
            let shown_row = row - window.top_row;
            // The column of the last rectangle on this row when it merges narrow boxes.
            let mut narrow_column: Option<f64> = None;
            for &b in &ids[first..] {
                let bx = &self.boxes[b as usize];
                if bx.x0 > window.to {
                    break;
                }
                if b < lo || b >= hi {
                    continue;
                }
                let lit = highlight.is_some_and(|h| h[b as usize]);
                let x0 = (bx.x0 - window.from) * px_per_unit;
                let x1 = (bx.x1 - window.from) * px_per_unit;
                let rect = |x: f64, width: f64| FlameRect {
                    x,
                    width,
                    row: shown_row,
                    first_box: b,
                    boxes: 1,
                    service: bx.service,
                    error: bx.error,
                    highlighted: lit,
                };
                if x1 - x0 >= 1.0 {
                    narrow_column = None;
                    let x = x0.max(0.0);
                    out.push(rect(x, x1.min(width_px) - x));
                    continue;
                }
                let column = x0.floor().clamp(0.0, (width_px - 1.0).max(0.0));
                match out.last_mut() {
                    Some(last) if narrow_column == Some(column) => {
                        last.boxes += 1;
                        last.error |= bx.error;
                        last.highlighted |= lit;
                    }
                    _ => {
                        narrow_column = Some(column);
                        out.push(rect(column, 1.0));
                    }
                }
            }
        }
        out
    }

    /// The box under a point `x_px` from the left, on shown row `row`: the box holding the point,
    /// else the nearest within a pixel (so spans too short to see can be pointed at).
    pub fn hit(&self, window: FlameWindow, width_px: f64, x_px: f64, row: u32) -> Option<u32> {
        let ids = self.rows.get((window.top_row + row) as usize)?;
        let per_px = (window.to - window.from) / width_px.max(1.0);
        let at = window.from + x_px * per_px;
        let (lo, hi) = match window.within {
            Some(b) => (b, self.subtree_end(b)),
            None => (0, self.boxes.len() as u32),
        };
        let first = ids.partition_point(|&b| self.boxes[b as usize].x1 + per_px < at);
        ids[first..]
            .iter()
            .take_while(|&&b| self.boxes[b as usize].x0 - per_px <= at)
            .filter(|&&b| b >= lo && b < hi)
            .map(|&b| {
                let bx = &self.boxes[b as usize];
                let distance = (bx.x0 - at).max(at - bx.x1).max(0.0);
                (b, distance)
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(b, _)| b)
    }

    /// What the tooltip says of a box: its name, then its time (a span: duration and self time;
    /// merged spans: their count, summed or mean per trace as `measure` asks, and errors).
    /// `None` for a box the graph does not have (one hovered in a graph since replaced).
    pub fn tip(&self, b: u32, measure: Measure) -> Option<FlameTip> {
        if b as usize >= self.boxes.len() {
            return None;
        }
        let title = self.title(b);
        let lines = match &self.source {
            Source::Trace { trace, spans } => {
                let span = trace.span(spans[b as usize]);
                let share = span.duration_ns as f64 * 100.0 / trace.duration_ns().max(1) as f64;
                let mut lines = vec![
                    format!(
                        "{} · self {}",
                        format::duration(span.duration_ns),
                        format::duration(span.self_time_ns)
                    ),
                    format!(
                        "{share:.0}% of the trace, from +{}",
                        format::duration(span.start_ns - trace.start_ns)
                    ),
                ];
                if span.is_error {
                    lines.push("Failed".to_owned());
                }
                lines
            }
            Source::Merged { nodes, .. } => {
                let node = &nodes[b as usize];
                let per = match measure {
                    Measure::Total => 1,
                    Measure::MeanPerTrace => node.traces.len().max(1) as i64,
                };
                let label = match measure {
                    Measure::Total => "total",
                    Measure::MeanPerTrace => "mean per trace holding it",
                };
                let mut lines = vec![
                    format!(
                        "{} in {}",
                        format::count(node.count, "span", "spans"),
                        format::count(node.traces.len(), "trace", "traces")
                    ),
                    format!(
                        "{} {label} · self {}",
                        format::duration(node.total_ns / per),
                        format::duration(node.self_ns / per)
                    ),
                ];
                if node.errors > 0 {
                    lines.push(format!(
                        "{} ({:.0}%)",
                        format::count(node.errors, "error", "errors"),
                        node.errors as f64 * 100.0 / node.count.max(1) as f64
                    ));
                }
                lines
            }
        };
        Some(FlameTip { title, lines })
    }

    /// The title of a box: `service · operation`, or the operation alone for a box over roots.
    pub fn title(&self, b: u32) -> String {
        match self.name(b) {
            ("", operation) => operation.to_owned(),
            (service, operation) => format!("{service} · {operation}"),
        }
    }
}
