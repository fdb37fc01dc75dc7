//! Flame graphs (icicle charts, root on top): where one trace's time goes, or many traces'.
//!
//! [`FlameGraph::by_time`] places every span of a trace at its own time, so the graph agrees with
//! the timeline: a span sits on the row below its parent unless it would overlap a span already
//! there (concurrent siblings), then on the first row below where it fits. [`FlameGraph::merged`]
//! merges spans by their path of service + operation from the root: one trace's repeated children
//! summed (the profiler's view), or the loaded traces' into one aggregate. [`FlameGraph::rects`]
//! turns the boxes in a window into pixel rectangles, merging boxes narrower than a pixel per
//! pixel column, so a 100,000-span trace draws as at most rows × width rectangles.
//! [`FlameState`] is the view's state machine: focus (with its breadcrumb), zoom and pan.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxHashMap;
use std::sync::Arc;

use crate::model::{SpanIdx, Trace};
use crate::view::format;
use crate::view::trace_list::TraceRow;

mod merge;
mod raster;
mod state;

pub use raster::{FlameRect, FlameTip, FlameWindow};
pub use state::{FlameAction, FlameState, Wheel, ZOOM_STEP};

/// Rows probed below its parent for a place for a span, before it takes a new row at the bottom.
const MAX_PROBES: usize = 64;

/// One box of a flame graph: a span, or a node of merged spans. Boxes are numbered in depth-first
/// order, so a box's subtree is the boxes from it to its [`FlameGraph::subtree_end`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlameBox {
    /// 0 is the top row.
    pub row: u32,
    /// Left edge, as a fraction (0–1) of the whole graph's width.
    pub x0: f64,
    /// Right edge, a fraction; equal to `x0` for a span of no duration.
    pub x1: f64,
    /// The enclosing box: the parent span's, or the parent node's.
    pub parent: Option<u32>,
    /// Index into [`FlameGraph::services`].
    pub service: u32,
    /// The span failed; for a node, see [`FlameGraph::merged`].
    pub error: bool,
}

/// Spans merged into one node: same path of service + operation from the root.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergedNode {
    /// The spans' service; empty for the box that holds several root operations.
    pub service: String,
    /// The spans' operation, or [`ALL_ROOTS`] / [`TRACE_ROOTS`] for the box over several roots.
    pub operation: String,
    /// Spans merged.
    pub count: usize,
    /// Of them, failed.
    pub errors: usize,
    /// Their durations summed, ns.
    pub total_ns: i64,
    /// Their self times summed, ns.
    pub self_ns: i64,
    /// The traces holding such a span, as indices into the traces given to
    /// [`FlameGraph::merged`], ascending.
    pub traces: Vec<u32>,
}

/// How a merged graph states its numbers: summed, or per trace holding the node's spans (widths
/// stay the sums, so nested boxes still fit their parents).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Measure {
    /// Durations summed over every span merged.
    #[default]
    Total,
    /// Those sums divided by the traces holding such spans.
    MeanPerTrace,
}

/// What the box over several traces' root operations is called.
pub const ALL_ROOTS: &str = "All root operations";

/// What the box over one trace's several roots (its root and orphans) is called.
pub const TRACE_ROOTS: &str = "All roots of the trace";

#[derive(Debug, Clone)]
enum Source {
    /// Box `i` is the span `spans[i]`.
    Trace {
        trace: Arc<Trace>,
        spans: Vec<SpanIdx>,
    },
    /// Box `i` is `nodes[i]`.
    Merged { nodes: Vec<MergedNode> },
}

/// A laid-out flame graph; see the module's documentation.
#[derive(Debug, Clone)]
pub struct FlameGraph {
    boxes: Vec<FlameBox>,
    subtree_end: Vec<u32>,
    /// Per box, the left and right edges of its whole subtree (a child may outlive its parent).
    extent: Vec<(f64, f64)>,
    /// Boxes per row, by left edge (boxes on a row never overlap).
    rows: Vec<Vec<u32>>,
    services: Vec<String>,
    source: Source,
    /// For a graph of one trace: the box of each span (by [`SpanIdx`]), to light up search matches.
    box_of_span: Vec<u32>,
}

impl FlameGraph {
    /// One trace by time: x is the span's start and end within the trace, y its depth (pushed
    /// down past concurrent spans).
    pub fn by_time(trace: Arc<Trace>) -> Self {
        let total = trace.duration_ns().max(1) as f64;
        let n = trace.spans.len();
        let mut box_of_span = vec![u32::MAX; n];
        let mut boxes: Vec<FlameBox> = Vec::with_capacity(n);
        // Occupied intervals per row: start → end, in ns from the trace's start.
        let mut occupied: Vec<BTreeMap<i64, i64>> = Vec::new();
        for &idx in &trace.preorder {
            let span = trace.span(idx);
            let start = span.start_ns - trace.start_ns;
            let end = start + span.duration_ns;
            let parent = span.parent.map(|p| box_of_span[p as usize]);
            let first = parent.map_or(0, |p: u32| boxes[p as usize].row as usize + 1);
            let mut row = first;
            while occupied.get(row).is_some_and(|r| overlaps(r, start, end)) {
                row += 1;
                // A wide fan-out of concurrent spans would probe row after row for each of
                // them: past a bound, the span takes a new row at the bottom.
                if row - first == MAX_PROBES {
                    row = occupied.len();
                }
            }
            if occupied.len() <= row {
                occupied.resize_with(row + 1, BTreeMap::new);
            }
            occupied[row].insert(start, end);
            box_of_span[idx as usize] = boxes.len() as u32;
            boxes.push(FlameBox {
                row: row as u32,
                x0: start as f64 / total,
                x1: end as f64 / total,
                parent,
                service: span.service as u32,
                error: span.is_error,
            });
        }
        let services = trace.services.iter().map(|s| s.name.clone()).collect();
        let spans = trace.preorder.clone();
        Self::of(boxes, services, Source::Trace { trace, spans }, box_of_span)
    }

    /// The graph of boxes numbered depth-first: rows, subtrees and their extents.
    fn of(
        boxes: Vec<FlameBox>,
        services: Vec<String>,
        source: Source,
        box_of_span: Vec<u32>,
    ) -> Self {
        let mut subtree_end: Vec<u32> = (1..=boxes.len() as u32).collect();
        let mut extent: Vec<(f64, f64)> = boxes.iter().map(|b| (b.x0, b.x1)).collect();
        for i in (0..boxes.len()).rev() {
            if let Some(p) = boxes[i].parent {
                let p = p as usize;
                subtree_end[p] = subtree_end[p].max(subtree_end[i]);
                extent[p] = (extent[p].0.min(extent[i].0), extent[p].1.max(extent[i].1));
            }
        }
        Self {
            rows: rows_of(&boxes),
            subtree_end,
            extent,
            boxes,
            services,
            source,
            box_of_span,
        }
    }

    /// Every box, depth-first (a box's subtree follows it).
    pub fn boxes(&self) -> &[FlameBox] {
        &self.boxes
    }

    /// Service names, indexed by [`FlameBox::service`]; the [`ALL_ROOTS`] node's is empty.
    pub fn services(&self) -> &[String] {
        &self.services
    }

    /// Rows of boxes, the top one included.
    pub fn row_count(&self) -> u32 {
        self.rows.len() as u32
    }

    /// One past the last box of `b`'s subtree.
    fn subtree_end(&self, b: u32) -> u32 {
        self.subtree_end[b as usize]
    }

    /// The left and right edges (fractions) of `b`'s whole subtree: wider than the box when a
    /// descendant outlives it.
    pub fn extent(&self, b: u32) -> (f64, f64) {
        self.extent[b as usize]
    }

    /// The boxes right under `b` (under none: the top boxes), left to right as numbered.
    pub fn children(&self, b: Option<u32>) -> Vec<u32> {
        let (from, to) = match b {
            Some(b) => (b + 1, self.subtree_end(b)),
            None => (0, self.boxes.len() as u32),
        };
        (from..to)
            .filter(|&c| self.boxes[c as usize].parent == b)
            .collect()
    }

    /// The names (service, operation) from the top box down to `b`.
    pub fn path(&self, b: u32) -> Vec<(&str, &str)> {
        let mut path = Vec::new();
        let mut at = Some(b);
        while let Some(b) = at {
            path.push(self.name(b));
            at = self.boxes[b as usize].parent;
        }
        path.reverse();
        path
    }

    /// The box reached by following these names from the top (the first match at each step).
    pub fn find_path(&self, path: &[(&str, &str)]) -> Option<u32> {
        let mut at = None;
        for step in path {
            at = Some(
                self.children(at)
                    .into_iter()
                    .find(|&c| self.name(c) == *step)?,
            );
        }
        at
    }

    /// The box's service and operation.
    pub fn name(&self, b: u32) -> (&str, &str) {
        match &self.source {
            Source::Trace { trace, spans } => {
                let idx = spans[b as usize];
                (trace.service_name(idx), &trace.span(idx).operation)
            }
            Source::Merged { nodes, .. } => {
                let node = &nodes[b as usize];
                (&node.service, &node.operation)
            }
        }
    }

    /// The span a box of a by-time graph stands for.
    pub fn span(&self, b: u32) -> Option<SpanIdx> {
        match &self.source {
            Source::Trace { spans, .. } => Some(spans[b as usize]),
            Source::Merged { .. } => None,
        }
    }

    /// The box of a span, in a graph of one trace.
    pub fn box_of(&self, span: SpanIdx) -> Option<u32> {
        self.box_of_span.get(span as usize).copied()
    }

    /// The merged spans a box of a merged graph stands for.
    pub fn node(&self, b: u32) -> Option<&MergedNode> {
        match &self.source {
            Source::Merged { nodes, .. } => nodes.get(b as usize),
            Source::Trace { .. } => None,
        }
    }

    /// The boxes holding these spans (search matches), as one flag per box; spans of another
    /// trace or graph are ignored.
    pub fn highlights(&self, spans: &[SpanIdx]) -> Vec<bool> {
        let mut lit = vec![false; self.boxes.len()];
        for &span in spans {
            if let Some(&b) = self.box_of_span.get(span as usize) {
                lit[b as usize] = true;
            }
        }
        lit
    }
}

/// Whether `[start, end)` overlaps an interval of a row (a span of no length overlaps only what
/// strictly contains its instant).
fn overlaps(row: &BTreeMap<i64, i64>, start: i64, end: i64) -> bool {
    let before = row.range(..=start).next_back();
    let after = row.range(start..).next();
    before.is_some_and(|(_, &e)| e > start) || after.is_some_and(|(&s, _)| s < end)
}

fn rows_of(boxes: &[FlameBox]) -> Vec<Vec<u32>> {
    let rows = boxes.iter().map(|b| b.row + 1).max().unwrap_or(0);
    let mut out = vec![Vec::new(); rows as usize];
    for (i, b) in boxes.iter().enumerate() {
        out[b.row as usize].push(i as u32);
    }
    for row in &mut out {
        row.sort_by(|&a, &b| boxes[a as usize].x0.total_cmp(&boxes[b as usize].x0));
    }
    out
}

/// The root operations (service, operation) of the traces, with how many traces each roots, most
/// first: the choices of the aggregate flame graph.
pub fn root_operations(traces: &[Arc<Trace>]) -> Vec<(String, String, usize)> {
    let mut counts: HashMap<(&str, &str), usize> = HashMap::new();
    for trace in traces {
        if let Some(r) = trace.root_span {
            *counts
                .entry((trace.service_name(r), trace.span(r).operation.as_str()))
                .or_default() += 1;
        }
    }
    let mut out: Vec<(String, String, usize)> = counts
        .into_iter()
        .map(|((s, o), n)| (s.to_owned(), o.to_owned(), n))
        .collect();
    out.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
    out
}

/// The traces (of those the graph merged, `traces`) holding box `b`'s spans: the first `max` as
/// list rows, and how many more there are.
pub fn traces_holding(
    graph: &FlameGraph,
    b: u32,
    traces: &[Arc<Trace>],
    max: usize,
) -> (Vec<TraceRow>, usize) {
    let Some(node) = graph.node(b) else {
        return (Vec::new(), 0);
    };
    let rows: Vec<TraceRow> = node
        .traces
        .iter()
        .filter_map(|&i| traces.get(i as usize))
        .take(max)
        .map(|t| TraceRow::of(t))
        .collect();
    let more = node.traces.len().saturating_sub(rows.len());
    (rows, more)
}
