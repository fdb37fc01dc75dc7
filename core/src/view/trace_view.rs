//! An open trace's view as a state machine: one plain struct ([`TraceViewState`]) holds what the
//! user changed (collapsed subtrees, folded groups, focus, zoom window, search and current match,
//! the "only" toggles), and [`TraceViewState::apply`] turns each action (a key, a button, a click,
//! revealing a span) into the new state and the one thing the page must do about it
//! ([`Effect`]). The visible rows and the texts around the tree are computed from it, so the
//! component only renders and dispatches, as Jaeger UI's `TraceTimelineViewer/duck.ts` keeps every
//! tree change a pure reducer.

use std::collections::{HashMap, HashSet};

use crate::model::{SpanIdx, Trace};
use crate::view::critical_path::critical_path;
use crate::view::format;
use crate::view::search::{TraceFind, with_ancestors};
use crate::view::tree::{self, SiblingGroup, TreeAction, TreeKey};
use crate::view::zoom::Zoom;

/// What an open trace's view needs to know about the trace beyond the state: computed once.
#[derive(Debug, Clone)]
pub struct TraceFacts {
    /// Runs of similar siblings, by their first member (see [`tree::sibling_groups`]).
    pub groups: HashMap<SpanIdx, SiblingGroup>,
    /// The critical path's segments by span, each as (left %, width %) of the whole trace, the
    /// same geometry as the bars; a span with none is off the path.
    pub critical: HashMap<SpanIdx, Vec<(f64, f64)>>,
}

impl TraceFacts {
    pub fn of(trace: &Trace) -> Self {
        let total = trace.duration_ns().max(1) as f64;
        let mut critical: HashMap<SpanIdx, Vec<(f64, f64)>> = HashMap::new();
        for segment in critical_path(trace) {
            let left = segment.start_ns.saturating_sub(trace.start_ns) as f64 * 100.0 / total;
            let width = (segment.end_ns - segment.start_ns) as f64 * 100.0 / total;
            critical
                .entry(segment.span)
                .or_default()
                .push((left, width));
        }
        Self {
            groups: tree::sibling_groups(trace, tree::GROUP_MIN_RUN),
            critical,
        }
    }
}

/// Everything a user can do to an open trace's view.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A treegrid key on the focused row.
    Key(TreeKey),
    /// A click on the row at `position` (among the visible rows).
    Click {
        position: usize,
        span: SpanIdx,
    },
    /// The chevron of a span's subtree.
    ToggleSubtree(SpanIdx),
    /// "N×" or "group" on a run of similar siblings, by its first member.
    ToggleGroup(SpanIdx),
    ExpandAll,
    CollapseAll,
    /// Opens what hides a span, selects it and brings it to the middle of the tree.
    Reveal(SpanIdx),
    JumpToFirstError,
    /// The search and its filters changed.
    Find(TraceFind),
    /// Enter / Shift+Enter in the search, or the arrows beside it.
    StepMatch {
        forward: bool,
    },
    ToggleCriticalOnly,
    ToggleMatchesOnly,
    /// "Unusual only": the spans slower than their kind's p95 (see [`crate::view::typical`]).
    ToggleUnusualOnly,
    /// A drag across the ruler between two points (fractions of the shown timeline).
    DragZoom(f64, f64),
    ZoomToSpan(SpanIdx),
    ZoomReset,
    /// The tabs above the trace: its span tree or its flame graph.
    ShowTab(TraceTab),
    /// The flame graph's layout.
    FlameLayout(FlameLayout),
}

/// What an open trace shows: its span tree (with the timeline) or its flame graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TraceTab {
    /// The span tree with its timeline.
    #[default]
    Tree,
    /// The flame graph.
    Flame,
    /// Every event (log) of the trace, in time order.
    Logs,
}

/// How the flame graph of one trace is laid out: spans at their time (agreeing with the
/// timeline), or merged by operation (children with the same service + operation summed, the
/// profiler's view). See [`crate::view::flame::FlameGraph`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FlameLayout {
    /// Each span at its own time.
    #[default]
    ByTime,
    /// Children with the same service + operation summed.
    Merged,
}

/// What the page must do after an action, beyond showing the new state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Nothing,
    /// Scroll as little as needed to show the row at this position.
    KeepInView(usize),
    /// Select the span and scroll its row (at `position`, when visible) to the middle.
    Reveal {
        span: SpanIdx,
        position: Option<usize>,
    },
    /// Select the span, or unselect it if it is the selected one.
    ToggleSelection(SpanIdx),
    /// Close the span detail.
    CloseDetail,
    /// The search changed: the address keeps it.
    FindChanged,
    /// The tab or the flame graph's layout changed: the address keeps them.
    TabChanged,
}

/// An open trace's view state; see the module's documentation.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceViewState {
    pub collapsed: HashSet<SpanIdx>,
    /// Groups of similar siblings folded into one row, by their first member.
    pub folded_groups: HashSet<SpanIdx>,
    /// The keyboard focus, as a position among the visible rows.
    pub focused: usize,
    pub zoom: Zoom,
    pub find: TraceFind,
    /// Which match (in tree order) the search stepped to last.
    pub current_match: Option<usize>,
    pub critical_only: bool,
    pub matches_only: bool,
    /// Only the unusual spans (slower than their kind's p95) and their ancestors.
    pub unusual_only: bool,
    pub tab: TraceTab,
    pub flame_layout: FlameLayout,
    /// Changes whenever the visible rows may: a cheap way for a view to know when to
    /// recompute them.
    pub rows_generation: u64,
}

impl TraceViewState {
    /// A trace as it opens: every subtree open, every run of similar siblings folded, the
    /// whole timeline, and `find` (a search the address carried) applied; shown as its flame
    /// graph in `flame`'s layout when the address said so.
    pub fn new(facts: &TraceFacts, find: TraceFind, flame: Option<FlameLayout>) -> Self {
        Self {
            collapsed: HashSet::new(),
            folded_groups: facts.groups.keys().copied().collect(),
            focused: 0,
            zoom: Zoom::FULL,
            find,
            current_match: None,
            critical_only: false,
            matches_only: false,
            unusual_only: false,
            tab: if flame.is_some() {
                TraceTab::Flame
            } else {
                TraceTab::Tree
            },
            flame_layout: flame.unwrap_or_default(),
            rows_generation: 0,
        }
    }

    /// The rows shown, in tree order: open subtrees, folded groups as their first member, and
    /// only the critical path, the matches or the `unusual` spans (with their ancestors; both
    /// toggles on: the spans that are both) when asked. While matches or unusual spans are kept,
    /// what would hide one of them (a collapsed ancestor, a folded group holding it or an
    /// ancestor past its first member) is open.
    pub fn rows(
        &self,
        trace: &Trace,
        facts: &TraceFacts,
        matches: &[SpanIdx],
        unusual: &[SpanIdx],
    ) -> Vec<SpanIdx> {
        let by_matches = self.matches_only && self.find.is_active();
        let kept: Option<Vec<SpanIdx>> = match (by_matches, self.unusual_only) {
            (true, true) => {
                let slow: HashSet<SpanIdx> = unusual.iter().copied().collect();
                Some(
                    matches
                        .iter()
                        .copied()
                        .filter(|m| slow.contains(m))
                        .collect(),
                )
            }
            (true, false) => Some(matches.to_vec()),
            (false, true) => Some(unusual.to_vec()),
            (false, false) => None,
        };
        let keep = kept.map(|spans| with_ancestors(trace, &spans));
        let (collapsed, folded);
        let (collapsed, folded) = match &keep {
            Some(keep) => {
                collapsed = (self.collapsed.iter().copied())
                    .filter(|c| !keep[*c as usize])
                    .collect();
                folded = (self.folded_groups.iter().copied())
                    .filter(|leader| {
                        !facts.groups[leader].members[1..]
                            .iter()
                            .any(|&m| keep[m as usize])
                    })
                    .collect();
                (&collapsed, &folded)
            }
            None => (&self.collapsed, &self.folded_groups),
        };
        let rows = tree::visible_rows(trace, collapsed);
        let mut rows = tree::fold_groups(trace, rows, &facts.groups, folded);
        if self.critical_only {
            rows.retain(|idx| facts.critical.contains_key(idx));
        }
        if let Some(keep) = keep {
            rows.retain(|&idx| keep[idx as usize]);
        }
        rows
    }

    /// The text beside the search: `2 of 5` once stepped, else `5 matches`; nothing unsearched.
    pub fn match_count_text(&self, matches: usize) -> String {
        match (self.find.is_active(), self.current_match) {
            (false, _) => String::new(),
            (true, Some(at)) if matches > 0 => format!("{} of {matches}", at + 1),
            (true, _) => format::count(matches, "match", "matches"),
        }
    }

    /// Applies one action. `rows` are the rows shown before it and `matches` the spans the
    /// search finds (in tree order), as the view last computed them.
    pub fn apply(
        &mut self,
        trace: &Trace,
        facts: &TraceFacts,
        rows: &[SpanIdx],
        matches: &[SpanIdx],
        action: Action,
    ) -> Effect {
        match action {
            Action::Key(key) => self.key(trace, facts, rows, matches, key),
            Action::Click { position, span } => {
                self.focused = position;
                Effect::ToggleSelection(span)
            }
            Action::ToggleSubtree(idx) => {
                self.change_rows(|state| toggle(&mut state.collapsed, idx))
            }
            Action::ToggleGroup(leader) => {
                self.change_rows(|state| toggle(&mut state.folded_groups, leader))
            }
            Action::ExpandAll => self.change_rows(|state| state.collapsed.clear()),
            Action::CollapseAll => self.change_rows(|state| state.collapsed = tree::parents(trace)),
            Action::Reveal(idx) => self.reveal(trace, facts, matches, idx),
            Action::JumpToFirstError => match tree::first_error(trace) {
                Some(idx) => self.reveal(trace, facts, matches, idx),
                None => Effect::Nothing,
            },
            Action::Find(find) => self.set_find(find),
            Action::StepMatch { forward } => self.step_match(trace, facts, matches, forward),
            Action::ToggleCriticalOnly => {
                self.change_rows(|state| state.critical_only = !state.critical_only)
            }
            Action::ToggleMatchesOnly => {
                self.change_rows(|state| state.matches_only = !state.matches_only)
            }
            Action::ToggleUnusualOnly => {
                self.change_rows(|state| state.unusual_only = !state.unusual_only)
            }
            Action::DragZoom(a, b) => {
                if let Some(next) = self.zoom.select(trace, a, b) {
                    self.zoom = next;
                }
                Effect::Nothing
            }
            Action::ZoomToSpan(idx) => {
                self.zoom = Zoom::to_span(trace, idx);
                Effect::Nothing
            }
            Action::ZoomReset => {
                self.zoom = Zoom::FULL;
                Effect::Nothing
            }
            Action::ShowTab(tab) => {
                self.tab = tab;
                Effect::TabChanged
            }
            Action::FlameLayout(layout) => {
                self.flame_layout = layout;
                Effect::TabChanged
            }
        }
    }

    /// Makes a change that may change the rows shown (a subtree, a group, an "only" toggle).
    fn change_rows(&mut self, change: impl FnOnce(&mut Self)) -> Effect {
        change(self);
        self.rows_changed();
        Effect::Nothing
    }

    /// A new search forgets the match stepped to; only "matches only" makes it change the rows.
    fn set_find(&mut self, find: TraceFind) -> Effect {
        if find != self.find {
            self.find = find;
            self.current_match = None;
            if self.matches_only {
                self.rows_changed();
            }
        }
        Effect::FindChanged
    }

    /// Steps to the next (or previous) match, wrapping around, and reveals it.
    fn step_match(
        &mut self,
        trace: &Trace,
        facts: &TraceFacts,
        matches: &[SpanIdx],
        forward: bool,
    ) -> Effect {
        if matches.is_empty() {
            return Effect::Nothing;
        }
        let last = matches.len() - 1;
        let next = match (self.current_match, forward) {
            (None, true) => 0,
            (None, false) => last,
            (Some(at), true) => (at + 1) % matches.len(),
            (Some(at), false) => (at + last) % matches.len(),
        };
        self.current_match = Some(next);
        self.reveal(trace, facts, matches, matches[next])
    }

    fn key(
        &mut self,
        trace: &Trace,
        facts: &TraceFacts,
        rows: &[SpanIdx],
        matches: &[SpanIdx],
        key: TreeKey,
    ) -> Effect {
        // Right on a folded group unfolds it, as on a collapsed subtree.
        let focused = rows.get(self.focused).copied();
        if let (TreeKey::Right, Some(leader)) = (key, focused)
            && self.folded_groups.contains(&leader)
        {
            return self.apply(trace, facts, rows, matches, Action::ToggleGroup(leader));
        }
        match tree::key_action(trace, rows, &self.collapsed, self.focused, key) {
            TreeAction::Focus(position) => {
                self.focused = position;
                Effect::KeepInView(position)
            }
            TreeAction::Collapse(idx) | TreeAction::Expand(idx) => {
                self.apply(trace, facts, rows, matches, Action::ToggleSubtree(idx))
            }
            TreeAction::Select(idx) => Effect::ToggleSelection(idx),
            TreeAction::CloseDetail => Effect::CloseDetail,
            TreeAction::ZoomTo(idx) => {
                self.apply(trace, facts, rows, matches, Action::ZoomToSpan(idx))
            }
            TreeAction::ZoomReset => self.apply(trace, facts, rows, matches, Action::ZoomReset),
            TreeAction::Nothing => Effect::Nothing,
        }
    }

    /// Shows everything that hides `idx` (the "only" toggles, collapsed ancestors, folded groups
    /// holding it or an ancestor), focuses its row and asks for it to be selected and scrolled to.
    fn reveal(
        &mut self,
        trace: &Trace,
        facts: &TraceFacts,
        matches: &[SpanIdx],
        idx: SpanIdx,
    ) -> Effect {
        self.critical_only = false;
        self.matches_only = false;
        self.unusual_only = false;
        let path = tree::ancestors(trace, idx);
        for ancestor in &path {
            self.collapsed.remove(ancestor);
        }
        self.folded_groups.retain(|leader| {
            !facts.groups[leader]
                .members
                .iter()
                .any(|m| *m == idx || path.contains(m))
        });
        self.rows_changed();
        let position = self
            .rows(trace, facts, matches, &[])
            .iter()
            .position(|&r| r == idx);
        if let Some(position) = position {
            self.focused = position;
        }
        Effect::Reveal {
            span: idx,
            position,
        }
    }

    fn rows_changed(&mut self) {
        self.rows_generation = self.rows_generation.wrapping_add(1);
    }
}

/// Adds `idx` to `set`, or takes it out if it is there.
fn toggle(set: &mut HashSet<SpanIdx>, idx: SpanIdx) {
    if !set.remove(&idx) {
        set.insert(idx);
    }
}

/// A mark on a span row after its name: its words, what its tooltip says, and whether it tells
/// of a failure (drawn in the error colour).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFlag {
    pub label: String,
    pub title: String,
    pub error: bool,
}

/// The marks a span row shows: failures folded or collapsed out of sight (`group_errors` in the
/// folded run this row leads, `error_inside` a collapsed subtree), then what the tree repaired.
pub fn row_flags(
    trace: &Trace,
    idx: SpanIdx,
    group_errors: usize,
    collapsed_error_inside: bool,
) -> Vec<RowFlag> {
    let span = trace.span(idx);
    let flag = |label: &str, title: &str, error: bool| RowFlag {
        label: label.to_owned(),
        title: title.to_owned(),
        error,
    };
    let mut flags = Vec::new();
    if group_errors > 0 {
        flags.push(flag(
            &format!("⚠ {group_errors} failed"),
            "Spans in this group failed",
            true,
        ));
    }
    if collapsed_error_inside {
        flags.push(flag(
            "⚠ error inside",
            "A span inside this collapsed subtree failed",
            true,
        ));
    }
    if span.flags.self_reference {
        flags.push(flag(
            "names itself",
            "Names itself as its parent: that reference is ignored",
            false,
        ));
    } else if span.flags.orphan {
        flags.push(flag(
            "parent missing",
            "Names a parent that is not in the trace",
            false,
        ));
    }
    if let Some(&problem) = span.time_problems.first() {
        flags.push(RowFlag {
            label: crate::view::detail::time_problem_label(problem).to_owned(),
            title: crate::view::detail::time_problem_text(problem),
            error: false,
        });
    }
    if span.flags.duplicate {
        flags.push(flag(
            "duplicate ID",
            "An earlier span has the same ID",
            false,
        ));
    }
    if span.flags.cycle_break {
        flags.push(flag(
            "cycle",
            "Its parent chain loops back to it, so it is shown as a root",
            false,
        ));
    }
    flags
}
