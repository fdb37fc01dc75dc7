//! The critical path: the chain of work that bounds a trace's duration. From the root's end,
//! walk back: the last-finishing child (before the point reached) is on the path, and so is its
//! parent's time after that child ended; children are clipped to their parent's window, and
//! producer→consumer follow-ups (FOLLOWS_FROM children) never block their parent.

use crate::model::{RefKind, SpanIdx, Trace};

/// A stretch of time that one span spends on the critical path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub span: SpanIdx,
    pub start_ns: i64,
    pub end_ns: i64,
}

/// The segments of the critical path, latest first; empty for a trace without spans.
pub fn critical_path(trace: &Trace) -> Vec<Segment> {
    let Some(root) = trace.root_span else {
        return Vec::new();
    };
    let windows = clipped_windows(trace, root);
    let mut path = Vec::new();
    let mut span = root;
    // `before`: the start of the child just walked back from; only children ending earlier count.
    let mut before: Option<i64> = None;
    while let Some((start, end)) = windows[span as usize] {
        let until = before.map_or(end, |b| b.min(end));
        let last_child = trace
            .children(span)
            .iter()
            .filter(|&&c| blocks_parent(trace, c, span))
            .filter_map(|&c| windows[c as usize].map(|w| (c, w)))
            .filter(|(_, (_, child_end))| before.is_none_or(|b| *child_end < b))
            .max_by_key(|(_, (_, child_end))| *child_end);
        match last_child {
            Some((child, (_, child_end))) => {
                if child_end < until {
                    path.push(Segment {
                        span,
                        start_ns: child_end,
                        end_ns: until,
                    });
                }
                span = child;
                before = None;
            }
            None => {
                if start < until {
                    path.push(Segment {
                        span,
                        start_ns: start,
                        end_ns: until,
                    });
                }
                match trace.span(span).parent.filter(|_| span != root) {
                    Some(parent) => {
                        before = Some(start);
                        span = parent;
                    }
                    None => break,
                }
            }
        }
    }
    path
}

/// Each span's window clipped to its parent's, down from the root; `None` outside the root's
/// subtree or where nothing of the span is left.
fn clipped_windows(trace: &Trace, root: SpanIdx) -> Vec<Option<(i64, i64)>> {
    let mut windows: Vec<Option<(i64, i64)>> = vec![None; trace.spans.len()];
    let r = trace.span(root);
    windows[root as usize] = Some((r.start_ns, r.end_ns()));
    let mut stack = vec![root];
    while let Some(parent) = stack.pop() {
        let Some((p_start, p_end)) = windows[parent as usize] else {
            continue;
        };
        for &c in trace.children(parent) {
            let child = trace.span(c);
            let (start, end) = (child.start_ns.max(p_start), child.end_ns().min(p_end));
            windows[c as usize] = (start <= end).then_some((start, end));
            stack.push(c);
        }
    }
    windows
}

/// A child blocks its parent unless it only follows from it (a consumer after a producer). The
/// server side of a shared client/server span ID names no reference to its client at all, and
/// blocks it like any child.
fn blocks_parent(trace: &Trace, child: SpanIdx, parent: SpanIdx) -> bool {
    let references = &trace.span(child).references;
    let parent_id = &trace.span(parent).span_id;
    let names = |kind: RefKind| {
        references
            .iter()
            .any(|r| r.kind == kind && r.span_id == *parent_id)
    };
    names(RefKind::ChildOf) || !names(RefKind::FollowsFrom)
}
