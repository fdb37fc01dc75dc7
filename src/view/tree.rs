//! The span tree as rows on screen: which spans are visible, and where their bars go.

use std::collections::HashSet;

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
    let total = trace.duration_us();
    let (left_pct, width_pct) = if total > 0 {
        (
            span.start_us.saturating_sub(trace.start_us) as f64 * 100.0 / total as f64,
            span.duration_us as f64 * 100.0 / total as f64,
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

/// The ruler above the timeline: (position in %, offset from trace start in µs).
pub fn ruler(trace: &Trace) -> [(f64, i64); 5] {
    let total = trace.duration_us();
    [0, 25, 50, 75, 100].map(|pct| (pct as f64, (i128::from(total) * pct / 100) as i64))
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
    Nothing,
}

/// Right expands a collapsed parent, else steps to its first child; Left collapses an expanded
/// parent, else steps to the parent; Up/Down/Home/End move; Enter opens the detail; Escape closes it.
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
            std::cmp::Reverse(trace.span(i).self_time_us),
            trace.span(i).start_us,
        )
    });
    order.truncate(n);
    order
}

/// The ancestors of a span, nearest first: what to expand so that it shows.
pub fn ancestors(trace: &Trace, idx: SpanIdx) -> Vec<SpanIdx> {
    std::iter::successors(trace.span(idx).parent, |&p| trace.span(p).parent).collect()
}
