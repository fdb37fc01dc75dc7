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

    /// Traces merged by path of service + operation from the root: widths are summed durations
    /// (children that sum to more than their parent, being concurrent, are scaled to fit it, the
    /// tooltip keeping the real sums). With `root` (service, operation), only the traces whose
    /// root span is that operation; several root operations hang under one node named
    /// [`ALL_ROOTS`]. A single trace keeps the box of each span, to light up search matches. A
    /// node is marked failed when any of its spans failed in one trace's graph, and when at least
    /// 10 % of them did across traces.
    pub fn merged(traces: &[Arc<Trace>], root: Option<(&str, &str)>) -> Self {
        let chosen: Vec<(u32, &Trace)> = traces
            .iter()
            .enumerate()
            .map(|(i, t)| (i as u32, t.as_ref()))
            .filter(|(_, t)| match (root, t.root_span) {
                (None, _) => true,
                (Some(key), Some(r)) => (t.service_name(r), t.span(r).operation.as_str()) == key,
                (Some(_), None) => false,
            })
            .collect();
        let mut tree = MergeTree::default();
        let mut node_of_span = Vec::new();
        for &(ti, trace) in &chosen {
            node_of_span = tree.add(trace, ti);
        }
        let (boxes, order, services) = tree.layout(chosen.len() == 1);
        let mut box_of_span = Vec::new();
        if chosen.len() == 1 {
            let mut box_of_node = vec![0; order.len()];
            for (b, &node) in order.iter().enumerate() {
                box_of_node[node as usize] = b as u32;
            }
            box_of_span = node_of_span
                .iter()
                .map(|&node| box_of_node[node as usize])
                .collect();
        }
        let mut unordered = std::mem::take(&mut tree.nodes);
        let nodes = order
            .iter()
            .map(|&node| std::mem::take(&mut unordered[node as usize]))
            .collect();
        let source = Source::Merged { nodes };
        Self::of(boxes, services, source, box_of_span)
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

/// Nodes merged by path while traces are added, before their layout.
#[derive(Default)]
struct MergeTree<'a> {
    nodes: Vec<MergedNode>,
    children: Vec<Vec<u32>>,
    /// The top nodes: one per root operation.
    tops: Vec<u32>,
    /// (service, operation) names, numbered, so a node is found without copying its names.
    names: FxHashMap<(&'a str, &'a str), u32>,
    /// (parent node or `u32::MAX`, name) → node.
    index: FxHashMap<(u32, u32), u32>,
}

impl<'a> MergeTree<'a> {
    /// Adds a trace's spans; returns the node of each span.
    fn add(&mut self, trace: &'a Trace, ti: u32) -> Vec<u32> {
        let mut node_of_span = vec![0u32; trace.spans.len()];
        for &idx in &trace.preorder {
            let span = trace.span(idx);
            let parent = span.parent.map(|p| node_of_span[p as usize]);
            let names = (trace.service_name(idx), span.operation.as_str());
            let next_name = self.names.len() as u32;
            let name = *self.names.entry(names).or_insert(next_name);
            let key = (parent.unwrap_or(u32::MAX), name);
            let node = match self.index.get(&key) {
                Some(&node) => node,
                None => {
                    let node = self.nodes.len() as u32;
                    self.nodes.push(MergedNode {
                        service: names.0.to_owned(),
                        operation: names.1.to_owned(),
                        count: 0,
                        errors: 0,
                        total_ns: 0,
                        self_ns: 0,
                        traces: Vec::new(),
                    });
                    self.children.push(Vec::new());
                    match parent {
                        Some(p) => self.children[p as usize].push(node),
                        None => self.tops.push(node),
                    }
                    self.index.insert(key, node);
                    node
                }
            };
            let merged = &mut self.nodes[node as usize];
            merged.count += 1;
            merged.errors += usize::from(span.is_error);
            merged.total_ns = merged.total_ns.saturating_add(span.duration_ns);
            merged.self_ns = merged.self_ns.saturating_add(span.self_time_ns);
            if merged.traces.last() != Some(&ti) {
                merged.traces.push(ti);
            }
            node_of_span[idx as usize] = node;
        }
        node_of_span
    }

    /// Puts a synthetic root ([`ALL_ROOTS`], or [`TRACE_ROOTS`] in a `single` trace's graph) over
    /// the top nodes when there are several, summing their counts, failures, time and traces.
    fn join_tops(&mut self, single: bool) {
        if self.tops.len() <= 1 {
            return;
        }
        let tops = std::mem::take(&mut self.tops);
        let mut all = MergedNode {
            service: String::new(),
            operation: if single { TRACE_ROOTS } else { ALL_ROOTS }.to_owned(),
            count: 0,
            errors: 0,
            total_ns: 0,
            self_ns: 0,
            traces: Vec::new(),
        };
        for &t in &tops {
            let top = &self.nodes[t as usize];
            all.count += top.count;
            all.errors += top.errors;
            all.total_ns = all.total_ns.saturating_add(top.total_ns);
            all.traces.extend(&top.traces);
        }
        all.traces.sort_unstable();
        all.traces.dedup();
        self.nodes.push(all);
        self.children.push(tops);
        self.tops = vec![self.nodes.len() as u32 - 1];
    }

    /// Boxes in depth-first order, the node each box is, and the services named. Several top
    /// nodes get a synthetic root over them ([`ALL_ROOTS`]; [`TRACE_ROOTS`] for one trace, whose
    /// orphans are roots too). A box is marked failed when any of its spans failed
    /// in a `single` trace's graph, and when at least 10 % of them did across traces (where some
    /// failure somewhere is the rule, the outline would mark every box).
    fn layout(&mut self, single: bool) -> (Vec<FlameBox>, Vec<u32>, Vec<String>) {
        self.join_tops(single);
        // Without any duration, widths follow span counts instead, so the shape still shows.
        let by_time = self
            .tops
            .iter()
            .any(|&t| self.nodes[t as usize].total_ns > 0);
        let weight = |n: &MergedNode| {
            if by_time {
                n.total_ns as f64
            } else {
                n.count as f64
            }
        };
        let mut services: Vec<String> = Vec::new();
        let mut service_index: HashMap<String, u32> = HashMap::new();
        let mut boxes = Vec::with_capacity(self.nodes.len());
        let mut order = Vec::with_capacity(self.nodes.len());
        // (node, parent box, row, left edge, fraction per unit of weight)
        let mut stack: Vec<(u32, Option<u32>, u32, f64, f64)> = self
            .tops
            .iter()
            .map(|&t| {
                (
                    t,
                    None,
                    0,
                    0.0,
                    1.0 / weight(&self.nodes[t as usize]).max(1.0),
                )
            })
            .collect();
        while let Some((node, parent, row, x0, scale)) = stack.pop() {
            let n = &self.nodes[node as usize];
            let width = weight(n) * scale;
            let service = match service_index.get(&n.service) {
                Some(&s) => s,
                None => {
                    services.push(n.service.clone());
                    service_index.insert(n.service.clone(), services.len() as u32 - 1);
                    services.len() as u32 - 1
                }
            };
            let b = boxes.len() as u32;
            boxes.push(FlameBox {
                row,
                x0,
                x1: x0 + width,
                parent,
                service,
                error: n.errors > 0 && (single || n.errors * 10 >= n.count),
            });
            order.push(node);
            let kids = &self.children[node as usize];
            let sum: f64 = kids.iter().map(|&k| weight(&self.nodes[k as usize])).sum();
            let fit = if sum * scale > width && sum > 0.0 {
                width / sum
            } else {
                scale
            };
            let mut at = x0;
            let first = stack.len();
            for &k in kids {
                stack.push((k, Some(b), row + 1, at, fit));
                at += weight(&self.nodes[k as usize]) * fit;
            }
            // Reversed, so the first child is laid out (numbered) first.
            stack[first..].reverse();
        }
        (boxes, order, services)
    }
}

/// The smallest window (fraction of the whole width) zoom goes down to.
const MIN_WINDOW: f64 = 1e-7;

/// Rows probed below its parent for a place for a span, before it takes a new row at the bottom.
const MAX_PROBES: usize = 64;

/// Everything a user does to a flame graph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FlameAction {
    /// A click on a box: it fills the width and its ancestors go to the breadcrumb.
    Focus(u32),
    /// Back to the whole graph.
    Unfocus,
    /// Focus the focused box's parent (from a top box: the whole graph).
    Up,
    /// Focus the widest box under the focused one (under none: the widest top box).
    Down,
    /// Focus the focused box's next (or previous) sibling.
    Sibling { forward: bool },
    /// The wheel: zoom by `factor` (below 1 zooms in) around the point at `at` (0–1 of the shown width).
    ZoomAt { at: f64, factor: f64 },
    /// A drag: move by this fraction of the shown width (positive: later).
    Pan(f64),
}

/// What one wheel step or zoom button does to the window's width (below 1: zooms in).
pub const ZOOM_STEP: f64 = 0.8;

/// A wheel turn over the graph, as the browser reports it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wheel {
    /// Ctrl or ⌘ held: the turn zooms.
    pub zoom_key: bool,
    /// Shift held: a vertical turn pans.
    pub shift: bool,
    /// The turn's horizontal and vertical amounts, px (positive: right, down).
    pub dx: f64,
    pub dy: f64,
    /// Where the pointer is, px from the canvas's left edge.
    pub x: f64,
}

impl FlameAction {
    /// What a key does to a focused flame graph: `+`/`-` zoom around the middle, ←/→ step to a
    /// sibling (with Shift: pan a tenth), ↓/Enter focus the widest child, ↑/Escape the parent;
    /// `None` for any other key (the page keeps it).
    pub fn of_key(key: &str, shift: bool) -> Option<Self> {
        Some(match (key, shift) {
            ("+" | "=", _) => Self::ZoomAt {
                at: 0.5,
                factor: ZOOM_STEP,
            },
            ("-" | "_", _) => Self::ZoomAt {
                at: 0.5,
                factor: 1.0 / ZOOM_STEP,
            },
            ("ArrowLeft", true) => Self::Pan(-0.1),
            ("ArrowRight", true) => Self::Pan(0.1),
            ("ArrowLeft", false) => Self::Sibling { forward: false },
            ("ArrowRight", false) => Self::Sibling { forward: true },
            ("ArrowDown" | "Enter", _) => Self::Down,
            ("ArrowUp" | "Escape", _) => Self::Up,
            _ => return None,
        })
    }

    /// What a wheel turn over a canvas `width` px wide does: with Ctrl or ⌘ it zooms around the
    /// pointer (down: out); a sideways turn, or a vertical one with Shift, pans by its share of
    /// the width; `None` for a plain vertical turn (the page scrolls).
    pub fn of_wheel(wheel: Wheel, width: f64) -> Option<Self> {
        let width = width.max(1.0);
        if wheel.zoom_key {
            let factor = if wheel.dy > 0.0 {
                1.0 / ZOOM_STEP
            } else {
                ZOOM_STEP
            };
            Some(Self::ZoomAt {
                at: wheel.x / width,
                factor,
            })
        } else if wheel.shift {
            Some(Self::Pan(wheel.dy / width))
        } else if wheel.dx.abs() > wheel.dy.abs() {
            Some(Self::Pan(wheel.dx / width))
        } else {
            None
        }
    }
}

/// A flame graph's view state: the focused box and the horizontal window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlameState {
    /// The focused box: its subtree fills the width, from its row down.
    pub focus: Option<u32>,
    /// Left edge shown, a fraction (0–1) of the whole graph's width.
    pub from: f64,
    /// Right edge shown, a fraction.
    pub to: f64,
}

impl Default for FlameState {
    fn default() -> Self {
        Self {
            focus: None,
            from: 0.0,
            to: 1.0,
        }
    }
}

impl FlameState {
    /// What is drawn: the window, from the focused box's row down, only its subtree.
    pub fn window(&self, graph: &FlameGraph) -> FlameWindow {
        let focus = self.focus.filter(|&b| (b as usize) < graph.boxes.len());
        FlameWindow {
            from: self.from,
            to: self.to,
            top_row: focus.map_or(0, |b| graph.boxes[b as usize].row),
            within: focus,
        }
    }

    /// The bounds zoom and pan stay in: the focused box's subtree, or the whole width.
    fn bounds(&self, graph: &FlameGraph) -> (f64, f64) {
        match self.focus.filter(|&b| (b as usize) < graph.boxes.len()) {
            Some(b) => widened(graph.extent(b)),
            None => (0.0, 1.0),
        }
    }

    /// Whether zooming out would show more: the window is narrower than what it may show.
    pub fn can_zoom_out(&self, graph: &FlameGraph) -> bool {
        let (lo, hi) = self.bounds(graph);
        self.from > lo || self.to < hi
    }

    /// Whether anything but the whole graph is shown.
    pub fn is_zoomed(&self) -> bool {
        self.focus.is_some() || self.from > 0.0 || self.to < 1.0
    }

    /// Applies one action; a focus on a box the graph does not have is ignored.
    pub fn apply(&mut self, graph: &FlameGraph, action: FlameAction) {
        match action {
            FlameAction::Focus(b) if (b as usize) < graph.boxes.len() => {
                self.focus = Some(b);
                (self.from, self.to) = self.bounds(graph);
            }
            FlameAction::Focus(_) => {}
            FlameAction::Unfocus => *self = Self::default(),
            FlameAction::Up => match self.focus.and_then(|b| graph.boxes[b as usize].parent) {
                Some(parent) => self.apply(graph, FlameAction::Focus(parent)),
                None => *self = Self::default(),
            },
            FlameAction::Down => {
                let widest = graph.children(self.focus).into_iter().max_by(|&a, &b| {
                    let w = |c: u32| graph.boxes[c as usize].x1 - graph.boxes[c as usize].x0;
                    w(a).total_cmp(&w(b)).then(b.cmp(&a))
                });
                if let Some(child) = widest {
                    self.apply(graph, FlameAction::Focus(child));
                }
            }
            FlameAction::Sibling { forward } => {
                let Some(b) = self.focus else { return };
                let siblings = graph.children(graph.boxes[b as usize].parent);
                let at = siblings.iter().position(|&s| s == b).unwrap_or(0);
                let next = if forward {
                    siblings.get(at + 1)
                } else {
                    at.checked_sub(1).and_then(|i| siblings.get(i))
                };
                if let Some(&next) = next {
                    self.apply(graph, FlameAction::Focus(next));
                }
            }
            FlameAction::ZoomAt { at, factor } => {
                let (lo, hi) = self.bounds(graph);
                let room = (hi - lo).max(MIN_WINDOW);
                let width = ((self.to - self.from) * factor).clamp(MIN_WINDOW, room);
                let point = self.from + (self.to - self.from) * at.clamp(0.0, 1.0);
                let from = point - width * at.clamp(0.0, 1.0);
                self.from = from.clamp(lo, (hi - width).max(lo));
                self.to = self.from + width;
            }
            FlameAction::Pan(by) => {
                let (lo, hi) = self.bounds(graph);
                let width = self.to - self.from;
                self.from = (self.from + by * width).clamp(lo, (hi - width).max(lo));
                self.to = self.from + width;
            }
        }
    }

    /// The same view of a graph built anew (the loaded traces refreshed): the box with the same
    /// path of names focused, or the whole graph when there is none.
    pub fn carried(&self, before: &FlameGraph, now: &FlameGraph) -> Self {
        let path = self
            .focus
            .filter(|&b| (b as usize) < before.boxes.len())
            .map(|b| before.path(b));
        let mut state = Self::default();
        if let Some(b) = path.and_then(|p| now.find_path(&p)) {
            state.apply(now, FlameAction::Focus(b));
        }
        state
    }

    /// The focused box's ancestors, root first, then the box: what the breadcrumb names.
    pub fn breadcrumb(&self, graph: &FlameGraph) -> Vec<u32> {
        let mut path = Vec::new();
        let mut at = self.focus.filter(|&b| (b as usize) < graph.boxes.len());
        while let Some(b) = at {
            path.push(b);
            at = graph.boxes[b as usize].parent;
        }
        path.reverse();
        path
    }
}

/// A window at least [`MIN_WINDOW`] wide (a span of no duration still gets one).
fn widened((x0, x1): (f64, f64)) -> (f64, f64) {
    if x1 - x0 >= MIN_WINDOW {
        (x0, x1)
    } else {
        let from = (x0 - MIN_WINDOW / 2.0).clamp(0.0, 1.0 - MIN_WINDOW);
        (from, from + MIN_WINDOW)
    }
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
