//! The flame graph's view as a state machine: focus (with its breadcrumb), zoom and pan, and
//! the keys and wheel turns that become its actions.

use super::*;

/// The smallest window (fraction of the whole width) zoom goes down to.
const MIN_WINDOW: f64 = 1e-7;

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
