//! The span tree as rows on screen: which spans are visible, and where their bars go.

use std::collections::{HashMap, HashSet};

use crate::model::{SpanIdx, Trace};

/// The spans to show, in tree order, skipping the descendants of collapsed spans.
pub fn visible_rows(trace: &Trace, collapsed: &HashSet<SpanIdx>) -> Vec<SpanIdx> {
    let mut rows = Vec::with_capacity(trace.spans.len());
    let mut hidden_below: Option<u32> = None;
    for &idx in &trace.preorder {
        let depth = trace.span(idx).depth;
        if let Some(limit) = hidden_below {
            if depth > limit {
                continue;
            }
            hidden_below = None;
        }
        rows.push(idx);
        if collapsed.contains(&idx) && !trace.children(idx).is_empty() {
            hidden_below = Some(depth);
        }
    }
    rows
}

/// A run of consecutive siblings with the same service and operation (a loop of queries, say),
/// shown folded as one row "N× operation, avg d".
#[derive(Debug, Clone, PartialEq)]
pub struct SiblingGroup {
    /// In tree order; the first stands for them all while the group is folded.
    pub members: Vec<SpanIdx>,
    pub avg_duration_ns: i64,
    /// From the first start to the last end among the members.
    pub start_ns: i64,
    pub end_ns: i64,
    pub errors: usize,
}

/// Runs at least this long are grouped by default.
pub const GROUP_MIN_RUN: usize = 5;

/// Every run of at least `min_run` similar consecutive siblings, by its first member.
pub fn sibling_groups(trace: &Trace, min_run: usize) -> HashMap<SpanIdx, SiblingGroup> {
    let mut groups = HashMap::new();
    let sibling_lists = std::iter::once(trace.roots.as_slice())
        .chain((0..trace.spans.len() as SpanIdx).map(|i| trace.children(i)));
    for siblings in sibling_lists {
        let key = |i: SpanIdx| {
            let span = trace.span(i);
            (span.service, span.operation.as_str())
        };
        for run in siblings.chunk_by(|&a, &b| key(a) == key(b)) {
            if run.len() < min_run.max(2) {
                continue;
            }
            let spans = run.iter().map(|&i| trace.span(i));
            let total: i128 = spans.clone().map(|s| i128::from(s.duration_ns)).sum();
            groups.insert(
                run[0],
                SiblingGroup {
                    members: run.to_vec(),
                    avg_duration_ns: (total / run.len() as i128) as i64,
                    start_ns: spans.clone().map(|s| s.start_ns).min().unwrap_or_default(),
                    end_ns: spans.clone().map(|s| s.end_ns()).max().unwrap_or_default(),
                    errors: spans.filter(|s| s.is_error).count(),
                },
            );
        }
    }
    groups
}

/// `rows` with each folded group down to its first member: the other members and everything
/// below any of them are left out.
pub fn fold_groups(
    trace: &Trace,
    rows: Vec<SpanIdx>,
    groups: &HashMap<SpanIdx, SiblingGroup>,
    folded: &HashSet<SpanIdx>,
) -> Vec<SpanIdx> {
    if folded.is_empty() {
        return rows;
    }
    let mut shown = Vec::with_capacity(rows.len());
    // While inside a folded group: its depth and the members not yet passed.
    let mut inside: Option<(u32, &[SpanIdx])> = None;
    for idx in rows {
        let depth = trace.span(idx).depth;
        if let Some((group_depth, rest)) = inside {
            if depth > group_depth {
                continue;
            }
            if depth == group_depth && rest.first() == Some(&idx) {
                inside = Some((group_depth, &rest[1..]));
                continue;
            }
            inside = None;
        }
        shown.push(idx);
        if folded.contains(&idx)
            && let Some(group) = groups.get(&idx)
        {
            inside = Some((depth, &group.members[1..]));
        }
    }
    shown
}

/// Every span with children: what "collapse all" collapses.
pub fn parents(trace: &Trace) -> HashSet<SpanIdx> {
    (0..trace.spans.len() as SpanIdx)
        .filter(|&i| !trace.children(i).is_empty())
        .collect()
}

/// Where a duration label sits relative to its bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelSide {
    Inside,
    Right,
    Left,
}

/// A span's bar as fractions of the timeline: `left = (start − trace start) / trace duration`,
/// `width = duration / trace duration` (trace duration = last end − first start).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub left_pct: f64,
    pub width_pct: f64,
    pub label: LabelSide,
}

/// Bars narrower than this get their label outside.
const LABEL_FITS_PCT: f64 = 12.0;

pub fn bar(trace: &Trace, idx: SpanIdx) -> Bar {
    let span = trace.span(idx);
    bar_between(trace, span.start_ns, span.duration_ns)
}

/// The bar of anything from `start_ns` lasting `duration_ns` on the trace's timeline.
pub fn bar_between(trace: &Trace, start_ns: i64, duration_ns: i64) -> Bar {
    let total = trace.duration_ns();
    let (left_pct, width_pct) = if total > 0 {
        (
            start_ns.saturating_sub(trace.start_ns) as f64 * 100.0 / total as f64,
            duration_ns as f64 * 100.0 / total as f64,
        )
    } else {
        (0.0, 0.0)
    };
    let label = if width_pct >= LABEL_FITS_PCT {
        LabelSide::Inside
    } else if left_pct + width_pct <= 80.0 {
        LabelSide::Right
    } else {
        LabelSide::Left
    };
    Bar {
        left_pct,
        width_pct,
        label,
    }
}

/// Rows drawn beyond the viewport on each side, so fast scrolling does not show blanks.
pub const BUFFER_ROWS: usize = 12;

/// The rows of a virtualised list to render: those in the viewport plus a buffer on each side.
pub fn window(
    total: usize,
    scroll_top_px: f64,
    viewport_px: f64,
    row_px: f64,
) -> std::ops::Range<usize> {
    let first_visible = (scroll_top_px.max(0.0) / row_px).floor() as usize;
    let visible = (viewport_px.max(row_px) / row_px).ceil() as usize + 1;
    let start = first_visible.saturating_sub(BUFFER_ROWS).min(total);
    let end = (first_visible + visible + BUFFER_ROWS).min(total);
    start..end
}

/// A key the span tree responds to (WAI-ARIA treegrid keyboard pattern).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TreeKey {
    Up,
    Down,
    Home,
    End,
    Left,
    Right,
    Enter,
    Escape,
    /// `z`: zoom the timeline to the focused span.
    ZoomIn,
    /// `Z` (Shift+z): show the whole trace again.
    ZoomOut,
}

impl TreeKey {
    /// From `KeyboardEvent.key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Some(match key {
            "ArrowUp" => Self::Up,
            "ArrowDown" => Self::Down,
            "Home" => Self::Home,
            "End" => Self::End,
            "ArrowLeft" => Self::Left,
            "ArrowRight" => Self::Right,
            "Enter" | " " => Self::Enter,
            "Escape" => Self::Escape,
            "z" => Self::ZoomIn,
            "Z" => Self::ZoomOut,
            _ => return None,
        })
    }
}

/// What a key press on the focused row does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TreeAction {
    /// Move the focus to this row (a position among the visible rows).
    Focus(usize),
    Collapse(SpanIdx),
    Expand(SpanIdx),
    /// Open (or close) the detail of this span.
    Select(SpanIdx),
    CloseDetail,
    /// Zoom the timeline to this span.
    ZoomTo(SpanIdx),
    ZoomReset,
    Nothing,
}

/// Right expands a collapsed parent, else steps to its first child; Left collapses an expanded
/// parent, else steps to the parent; Up/Down/Home/End move; Enter opens the detail; Escape closes it;
/// `z` zooms the timeline to the focused span and `Z` back to the whole trace.
pub fn key_action(
    trace: &Trace,
    rows: &[SpanIdx],
    collapsed: &HashSet<SpanIdx>,
    focused: usize,
    key: TreeKey,
) -> TreeAction {
    let Some(&idx) = rows.get(focused) else {
        return if rows.is_empty() {
            TreeAction::Nothing
        } else {
            TreeAction::Focus(0)
        };
    };
    let has_children = !trace.children(idx).is_empty();
    let last = rows.len() - 1;
    match key {
        TreeKey::Up => TreeAction::Focus(focused.saturating_sub(1)),
        TreeKey::Down => TreeAction::Focus((focused + 1).min(last)),
        TreeKey::Home => TreeAction::Focus(0),
        TreeKey::End => TreeAction::Focus(last),
        TreeKey::Right if has_children && collapsed.contains(&idx) => TreeAction::Expand(idx),
        TreeKey::Right if has_children => TreeAction::Focus((focused + 1).min(last)),
        TreeKey::Left if has_children && !collapsed.contains(&idx) => TreeAction::Collapse(idx),
        TreeKey::Left => trace
            .span(idx)
            .parent
            .and_then(|p| rows[..focused].iter().rposition(|&r| r == p))
            .map_or(TreeAction::Nothing, TreeAction::Focus),
        TreeKey::Right => TreeAction::Nothing,
        TreeKey::Enter => TreeAction::Select(idx),
        TreeKey::Escape => TreeAction::CloseDetail,
        TreeKey::ZoomIn => TreeAction::ZoomTo(idx),
        TreeKey::ZoomOut => TreeAction::ZoomReset,
    }
}

/// For each span, whether a span below it failed: a collapsed row still shows where it failed.
pub fn errors_below(trace: &Trace) -> Vec<bool> {
    let mut below = vec![false; trace.spans.len()];
    for &idx in trace.preorder.iter().rev() {
        if let Some(parent) = trace.span(idx).parent
            && (trace.span(idx).is_error || below[idx as usize])
        {
            below[parent as usize] = true;
        }
    }
    below
}

/// The first failed span in tree order.
pub fn first_error(trace: &Trace) -> Option<SpanIdx> {
    trace
        .preorder
        .iter()
        .copied()
        .find(|&i| trace.span(i).is_error)
}

/// The `n` spans with the most self time (time not covered by their children), most first.
pub fn slowest_by_self_time(trace: &Trace, n: usize) -> Vec<SpanIdx> {
    let mut order: Vec<SpanIdx> = (0..trace.spans.len() as SpanIdx).collect();
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(trace.span(i).self_time_ns),
            trace.span(i).start_ns,
        )
    });
    order.truncate(n);
    order
}

/// The ancestors of a span, nearest first: what to expand so that it shows.
pub fn ancestors(trace: &Trace, idx: SpanIdx) -> Vec<SpanIdx> {
    std::iter::successors(trace.span(idx).parent, |&p| trace.span(p).parent).collect()
}
