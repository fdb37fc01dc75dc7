//! Two traces side by side, as one merged tree: spans matched by their path of service +
//! operation from the root (siblings with the same name matched in order: the second `SELECT`
//! under a call with the second), each row with both durations and the difference. One side may
//! be a synthetic baseline instead of a trace: each path's p50 over loaded traces of the same
//! root operation ([`Side::typical`]).

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::id::parse_trace_id_input;
use crate::model::{SpanIdx, Trace};
use crate::view::critical_path::critical_path;
use crate::view::format;
use crate::view::load::Lookup;
use crate::view::stats::percentile;
use crate::view::trace_list::short_id;

/// What the address's `compare=A,B` (or `compare=A,typical`) asks for: trace A against trace B,
/// or against the typical durations of its root operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparePair {
    /// Canonical trace ID: the trace compared (before, or the one set against its typical).
    pub a: String,
    /// What it is compared with (after, or the typical).
    pub b: CompareWith,
}

/// The other side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompareWith {
    /// A trace, by canonical ID.
    Trace(String),
    /// The typical durations of the first trace's root operation over the loaded traces.
    Typical,
}

impl ComparePair {
    /// Reads `A,B` or `A,typical` (IDs spelled any way a trace ID may be typed); `None` for
    /// anything else, or a trace compared with itself.
    pub fn parse(value: &str) -> Option<Self> {
        let (a, b) = value.split_once(',')?;
        let a = parse_trace_id_input(a).ok()?;
        let b = match b.trim() {
            "typical" => CompareWith::Typical,
            other => CompareWith::Trace(parse_trace_id_input(other).ok()?),
        };
        (b != CompareWith::Trace(a.clone())).then_some(Self { a, b })
    }

    /// The address's value: `A,B` or `A,typical`.
    pub fn to_param(&self) -> String {
        match &self.b {
            CompareWith::Trace(b) => format!("{},{b}", self.a),
            CompareWith::Typical => format!("{},typical", self.a),
        }
    }

    /// The trace IDs it needs.
    pub fn trace_ids(&self) -> Vec<&str> {
        match &self.b {
            CompareWith::Trace(b) => vec![self.a.as_str(), b.as_str()],
            CompareWith::Typical => vec![self.a.as_str()],
        }
    }
}

/// Where a comparison stands, as its panel shows it.
#[derive(Debug, Clone)]
pub enum CompareState {
    /// These traces (canonical IDs) are on their way.
    Loading(Vec<String>),
    /// Why there is nothing to compare, in a sentence.
    Failed(String),
    Ready(Arc<Comparison>),
}

impl PartialEq for CompareState {
    /// A comparison is the same when it is the same one made: comparing its traces span by
    /// span would cost more than drawing it again.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Loading(a), Self::Loading(b)) => a == b,
            (Self::Failed(a), Self::Failed(b)) => a == b,
            (Self::Ready(a), Self::Ready(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl CompareState {
    /// The comparison `pair` asks for, from the traces found so far by ID (`found`) and the
    /// loaded ones (the baseline of `typical`).
    pub fn of(
        pair: &ComparePair,
        found: impl Fn(&str) -> Option<Lookup>,
        loaded: &[Arc<Trace>],
    ) -> Self {
        let side = |id: &str| match found(id) {
            Some(Lookup::Found(trace)) => Ok(trace),
            Some(Lookup::Failed(message)) => Err(Self::Failed(message)),
            Some(Lookup::Loading(_)) | None => Err(Self::Loading(vec![id.to_owned()])),
        };
        let a = side(&pair.a);
        match &pair.b {
            CompareWith::Trace(id) => match (a, side(id)) {
                (Ok(a), Ok(b)) => {
                    Self::Ready(Arc::new(Comparison::of(Side::trace(a), Side::trace(b))))
                }
                // A failure is news, whatever the other trace does.
                (Err(failed @ Self::Failed(_)), _) | (_, Err(failed @ Self::Failed(_))) => failed,
                (Err(Self::Loading(mut both)), Err(Self::Loading(b))) => {
                    both.extend(b);
                    Self::Loading(both)
                }
                (Err(e), _) | (_, Err(e)) => e,
            },
            CompareWith::Typical => match a {
                Ok(a) => match Side::typical(&a, loaded) {
                    Some(typical) => Self::Ready(Arc::new(Comparison::of(typical, Side::trace(a)))),
                    None => Self::Failed(format!(
                        "No other loaded trace has the root operation {}: nothing typical to \
                         compare it with.",
                        a.root_operation().unwrap_or("(none)")
                    )),
                },
                Err(e) => e,
            },
        }
    }
}

/// A path from a root: an index into [`Paths`].
type PathId = u32;

/// Interns paths (parent path, service, operation, n-th among same-named siblings), so the
/// same path in two trees gets the same ID; names are interned too, so a lookup allocates
/// nothing.
#[derive(Debug, Default)]
struct Paths {
    ids: FxHashMap<(Option<PathId>, u32, u32, u32), PathId>,
    info: Vec<PathInfo>,
    name_ids: FxHashMap<String, u32>,
    names: Vec<String>,
}

#[derive(Debug, Clone)]
struct PathInfo {
    parent: Option<PathId>,
    /// Into `Paths::names`.
    service: u32,
    /// Into `Paths::names`.
    operation: u32,
    /// 1 for the first sibling with this service + operation, 2 for the next, …
    nth: u32,
    depth: u32,
}

impl Paths {
    fn name(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.name_ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_owned());
        self.name_ids.insert(name.to_owned(), id);
        id
    }

    fn id(&mut self, parent: Option<PathId>, service: &str, operation: &str, nth: u32) -> PathId {
        let (service, operation) = (self.name(service), self.name(operation));
        let key = (parent, service, operation, nth);
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.info.len() as PathId;
        let depth = parent.map_or(0, |p| self.info[p as usize].depth + 1);
        self.info.push(PathInfo {
            parent,
            service,
            operation,
            nth,
            depth,
        });
        self.ids.insert(key, id);
        id
    }

    /// Every span of `trace` with its path, parents before children.
    fn of_trace(&mut self, trace: &Trace) -> Vec<(SpanIdx, PathId)> {
        let mut path_of: Vec<PathId> = vec![0; trace.spans.len()];
        let mut out = Vec::with_capacity(trace.spans.len());
        let mut seen: FxHashMap<(Option<PathId>, usize, &str), u32> = FxHashMap::default();
        for &idx in &trace.preorder {
            let span = trace.span(idx);
            let parent = span.parent.map(|p| path_of[p as usize]);
            let nth = seen
                .entry((parent, span.service, span.operation.as_str()))
                .or_default();
            *nth += 1;
            let id = self.id(parent, trace.service_name(idx), &span.operation, *nth);
            path_of[idx as usize] = id;
            out.push((idx, id));
        }
        out
    }
}

/// One side of a comparison: a trace, or a baseline made of many.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// What the side is called on screen: a short trace ID, or `typical (12 traces)`.
    pub label: String,
    /// The trace, for a trace's side.
    pub trace: Option<Arc<Trace>>,
    kind: SideKind,
}

#[derive(Debug, Clone, PartialEq)]
enum SideKind {
    Trace,
    /// The traces the baseline's p50s were taken over (the open one left out), by ID.
    Typical {
        of: Vec<Arc<Trace>>,
    },
}

impl Side {
    /// A trace as one side.
    pub fn trace(trace: Arc<Trace>) -> Self {
        Self {
            label: short_id(&trace.trace_id),
            trace: Some(trace),
            kind: SideKind::Trace,
        }
    }

    /// The baseline for `open`: the loaded traces with the same root service + operation,
    /// `open` itself left out. `None` when no other loaded trace has that root.
    pub fn typical(open: &Trace, loaded: &[Arc<Trace>]) -> Option<Self> {
        let root_key = |t: &Trace| {
            t.root_span
                .map(|r| (t.service_name(r).to_owned(), t.span(r).operation.clone()))
        };
        let wanted = root_key(open)?;
        let of: Vec<Arc<Trace>> = loaded
            .iter()
            .filter(|t| t.trace_id != open.trace_id && root_key(t).as_ref() == Some(&wanted))
            .cloned()
            .collect();
        (!of.is_empty()).then(|| Self {
            label: format!("typical ({})", format::count(of.len(), "trace", "traces")),
            trace: None,
            kind: SideKind::Typical { of },
        })
    }

    /// Each path's value on this side.
    fn values(&self, paths: &mut Paths) -> FxHashMap<PathId, SideValue> {
        match (&self.kind, &self.trace) {
            (SideKind::Trace, Some(trace)) => {
                let critical: FxHashSet<SpanIdx> =
                    critical_path(trace).into_iter().map(|s| s.span).collect();
                (paths.of_trace(trace).into_iter().enumerate())
                    .map(|(order, (idx, path))| {
                        let value = SideValue {
                            duration_ns: trace.span(idx).duration_ns,
                            span: Some(idx),
                            critical: critical.contains(&idx),
                            samples: 1,
                            order: order as u32,
                        };
                        (path, value)
                    })
                    .collect()
            }
            (SideKind::Typical { of }, _) => {
                let mut durations: FxHashMap<PathId, (u32, Vec<i64>)> = FxHashMap::default();
                for trace in of {
                    for (order, (idx, path)) in paths.of_trace(trace).into_iter().enumerate() {
                        let entry = durations
                            .entry(path)
                            .or_insert_with(|| (order as u32, Vec::new()));
                        entry.0 = entry.0.min(order as u32);
                        entry.1.push(trace.span(idx).duration_ns);
                    }
                }
                // The typical shape: the paths at least half of the traces have.
                (durations.into_iter())
                    .filter(|(_, (_, d))| d.len() * 2 >= of.len())
                    .map(|(path, (order, mut d))| {
                        d.sort_unstable();
                        let value = SideValue {
                            duration_ns: percentile(&d, 50.0).unwrap_or_default(),
                            span: None,
                            critical: false,
                            samples: d.len(),
                            order,
                        };
                        (path, value)
                    })
                    .collect()
            }
            (SideKind::Trace, None) => FxHashMap::default(),
        }
    }
}

/// A path's value on one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SideValue {
    /// ns: the span's, or the baseline's p50.
    pub duration_ns: i64,
    /// The span, on a trace's side.
    pub span: Option<SpanIdx>,
    /// On that trace's critical path.
    pub critical: bool,
    /// Spans the value was taken over (1 on a trace's side).
    pub samples: usize,
    /// Where it came in its tree's reading order: the merged tree's order.
    order: u32,
}

/// One row of the merged tree: a path of service + operation from the root, and its value on
/// each side (`None`: that side has no span there).
#[derive(Debug, Clone, PartialEq)]
pub struct CompareRow {
    /// Roots are depth 0.
    pub depth: u32,
    pub service: String,
    pub operation: String,
    /// 1 for the first sibling with this service + operation, 2 for the second, …: how
    /// repeated siblings were matched.
    pub nth: u32,
    pub a: Option<SideValue>,
    pub b: Option<SideValue>,
}

/// What happened to a row's span from A to B.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Only in B.
    Added,
    /// Only in A.
    Removed,
    /// Longer in B.
    Slower,
    /// Shorter in B.
    Faster,
    /// As long in both.
    Same,
}

impl CompareRow {
    /// B's duration minus A's (ns), when both have the span.
    pub fn delta_ns(&self) -> Option<i64> {
        Some(self.b?.duration_ns - self.a?.duration_ns)
    }

    /// A change worth the eye: at least 10% of A's duration (any change from 0 ns).
    pub fn is_notable(&self) -> bool {
        match (self.a, self.delta_ns()) {
            (Some(a), Some(d)) => d.unsigned_abs() * 10 >= a.duration_ns.unsigned_abs() && d != 0,
            _ => false,
        }
    }

    /// What happened to the span from A to B.
    pub fn change(&self) -> Change {
        match (self.a, self.b) {
            (None, _) => Change::Added,
            (_, None) => Change::Removed,
            (Some(a), Some(b)) => match b.duration_ns.cmp(&a.duration_ns) {
                std::cmp::Ordering::Greater => Change::Slower,
                std::cmp::Ordering::Less => Change::Faster,
                std::cmp::Ordering::Equal => Change::Same,
            },
        }
    }

    /// The difference in words: `+12ms (+40%)`, `−3ms (−10%)`, `only in A`, `only in B`.
    pub fn delta_text(&self, a_label: &str, b_label: &str) -> String {
        difference_text(
            self.a.map(|v| v.duration_ns),
            self.b.map(|v| v.duration_ns),
            a_label,
            b_label,
        )
    }
}

/// B − A in words: `+12ms (+40%)`, `−3ms (−10%)`, `±0µs (±0%)` (no % when A is 0 ns), or
/// `only in A` / `only in B` (the labels given) when one is missing.
pub fn difference_text(
    a_ns: Option<i64>,
    b_ns: Option<i64>,
    a_label: &str,
    b_label: &str,
) -> String {
    let (a, b) = match (a_ns, b_ns) {
        (Some(a), Some(b)) => (a, b),
        (None, _) => return format!("only in {b_label}"),
        (_, None) => return format!("only in {a_label}"),
    };
    let sign = |x: f64| {
        if x > 0.0 {
            "+"
        } else if x < 0.0 {
            "−"
        } else {
            "±"
        }
    };
    let d = b - a;
    let pct = if a > 0 {
        let p = d as f64 * 100.0 / a as f64;
        format!(" ({}{:.0}%)", sign(p), p.abs())
    } else {
        String::new()
    };
    format!("{}{}{pct}", sign(d as f64), format::duration(d.abs()))
}

/// How the merged rows are listed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CompareSort {
    /// As a tree, in A's order (B's spans that A lacks after A's).
    #[default]
    Tree,
    /// Largest slowdown first (B − A); rows on one side only after the rest, flat.
    Slowdown,
}

impl CompareSort {
    /// "Largest slowdown first" switched: the slowdown order, or the tree's again.
    pub fn toggled(self) -> Self {
        match self {
            Self::Tree => Self::Slowdown,
            Self::Slowdown => Self::Tree,
        }
    }
}

/// Two sides merged into one tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub a: Side,
    pub b: Side,
    /// In tree order.
    pub rows: Vec<CompareRow>,
}

impl Comparison {
    /// Matches the two sides' spans by path and merges them into rows, parents before children.
    pub fn of(a: Side, b: Side) -> Self {
        let mut paths = Paths::default();
        let a_values = a.values(&mut paths);
        let b_values = b.values(&mut paths);
        let mut children: FxHashMap<Option<PathId>, Vec<PathId>> = FxHashMap::default();
        let present =
            (a_values.keys().chain(b_values.keys()).copied()).collect::<FxHashSet<PathId>>();
        for &path in &present {
            children
                .entry(paths.info[path as usize].parent)
                .or_default()
                .push(path);
        }
        // A's order first, then B's spans that A lacks, in B's order.
        let rank = |path: &PathId| match (a_values.get(path), b_values.get(path)) {
            (Some(a), _) => (0, a.order),
            (None, Some(b)) => (1, b.order),
            (None, None) => (2, 0),
        };
        for list in children.values_mut() {
            list.sort_by_key(rank);
        }
        let mut rows = Vec::with_capacity(present.len());
        let mut stack: Vec<PathId> = children.get(&None).cloned().unwrap_or_default();
        stack.reverse();
        while let Some(path) = stack.pop() {
            let info = &paths.info[path as usize];
            rows.push(CompareRow {
                depth: info.depth,
                service: paths.names[info.service as usize].clone(),
                operation: paths.names[info.operation as usize].clone(),
                nth: info.nth,
                a: a_values.get(&path).copied(),
                b: b_values.get(&path).copied(),
            });
            if let Some(kids) = children.get(&Some(path)) {
                stack.extend(kids.iter().rev());
            }
        }
        Self { a, b, rows }
    }

    /// The rows' positions in the chosen order.
    pub fn order(&self, sort: CompareSort) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        if sort == CompareSort::Slowdown {
            // Stable: equal slowdowns keep the tree's order.
            order.sort_by_key(|&i| {
                let row = &self.rows[i];
                (row.delta_ns().is_none(), std::cmp::Reverse(row.delta_ns()))
            });
        }
        order
    }

    /// Rows only in A, only in B, and slower in B, for the summary line.
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |c: Change| self.rows.iter().filter(|r| r.change() == c).count();
        (
            count(Change::Removed),
            count(Change::Added),
            count(Change::Slower),
        )
    }

    /// Each side's whole duration, ns: a trace's own; a baseline's, the p50 of its traces'.
    pub fn durations_ns(&self) -> (i64, i64) {
        (whole(&self.a), whole(&self.b))
    }

    /// One line: both traces' durations (latest end − earliest start, or a baseline's p50 of
    /// them), the change, how many spans got slower, and what only one side has (when any).
    pub fn summary(&self) -> String {
        let (a, b) = (&self.a.label, &self.b.label);
        let (a_ns, b_ns) = self.durations_ns();
        let (only_a, only_b, slower) = self.counts();
        let mut parts = vec![
            format!(
                "Trace duration {a} {} → {b} {}: {}",
                format::duration(a_ns),
                format::duration(b_ns),
                difference_text(Some(a_ns), Some(b_ns), a, b),
            ),
            format!("{} slower", format::count(slower, "span", "spans")),
        ];
        if only_a > 0 {
            parts.push(format!("{only_a} only in {a}"));
        }
        if only_b > 0 {
            parts.push(format!("{only_b} only in {b}"));
        }
        parts.join(" · ")
    }

    /// The two sides share no root (service + operation): nothing matches, every span is on
    /// one side only.
    pub fn different_roots(&self) -> bool {
        !self
            .rows
            .iter()
            .any(|r| r.depth == 0 && r.a.is_some() && r.b.is_some())
    }
}

fn whole(side: &Side) -> i64 {
    match (&side.kind, &side.trace) {
        (SideKind::Trace, Some(trace)) => trace.duration_ns(),
        (SideKind::Typical { of }, _) => {
            let mut d: Vec<i64> = of.iter().map(|t| t.duration_ns()).collect();
            d.sort_unstable();
            percentile(&d, 50.0).unwrap_or_default()
        }
        (SideKind::Trace, None) => 0,
    }
}
