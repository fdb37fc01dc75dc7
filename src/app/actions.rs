//! The one writer of the viewer's state. Components read [`crate::app::state::Viewer`] (every signal read-only) and
//! change things only through these intents, as leptos' todomvc hands its children a write
//! handle: each method is one thing a user does, and keeps that thing's rules in one place
//! (choosing a range or a service reloads and restarts the countdown, wherever it is chosen).

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::runtime::clock;
use crate::app::runtime::loader::{
    InflightHandle, Load, fetch_for_compare, load, load_spans, on, open_trace, restart_spans,
};
use crate::app::state::Store;
use crate::backend::list::ListEvent;
use crate::model::Trace;
use crate::view::compare::{ComparePair, CompareWith};
use crate::view::list_filter::{ListFilter, ListSort};
use crate::view::range::TimeRange;
use crate::view::search::TraceFind;
use crate::view::span_budget::SpanLoad;
use crate::view::stats::OperationStats;
use crate::view::trace_view::FlameLayout;

#[derive(Clone, Copy)]
pub struct Actions {
    store: Store,
    inflight: InflightHandle,
}

impl Actions {
    pub fn new(store: Store, inflight: InflightHandle) -> Self {
        Self { store, inflight }
    }

    /// Loads the list now and starts the countdown to the next auto-refresh over.
    pub fn refresh_now(&self) {
        let every = self.store.config.with_value(|c| c.refresh_secs);
        self.store.next_refresh_secs.set(every);
        load(self.store, self.inflight, Load::Refresh);
    }

    /// Fetches the window before the oldest listed trace.
    pub fn load_more(&self) {
        load(self.store, self.inflight, Load::More);
    }

    /// Lists another time range (a no-op for the one shown), and loads it.
    pub fn set_range(&self, range: TimeRange) {
        if self.store.range.get_untracked() == range {
            return;
        }
        self.store.set_range(range, clock::now_us());
        restart_spans(self.store, self.inflight, true);
        self.refresh_now();
    }

    /// Lists one service, or every one with `None`, and loads it.
    pub fn set_service(&self, service: Option<String>) {
        self.store.set_service(service);
        restart_spans(self.store, self.inflight, true);
        self.refresh_now();
    }

    /// Lists only `service`, or every service again when it is the one listed already.
    pub fn toggle_service(&self, service: String) {
        let again = self.store.service.get_untracked().as_ref() == Some(&service);
        self.set_service((!again).then_some(service));
    }

    pub fn toggle_pause(&self) {
        self.store.paused.update(|p| *p = !*p);
    }

    /// Shows the traces of opened files instead of the backend's list.
    pub fn use_file(&self, name: String, traces: Vec<Arc<Trace>>) {
        on(self.store, self.inflight, ListEvent::FileShown);
        restart_spans(self.store, self.inflight, false);
        self.store.show_file(name, traces);
    }

    /// A file could not be read: say so, and keep what is shown.
    pub fn file_failed(&self, problem: String) {
        on(self.store, self.inflight, ListEvent::FileFailed(problem));
    }

    /// Leaves the file's traces for the backend's list again.
    pub fn back_to_live(&self) {
        restart_spans(self.store, self.inflight, false);
        self.store.file.set(None);
        self.store.traces.set(Vec::new());
        on(self.store, self.inflight, ListEvent::Reset);
        self.refresh_now();
    }

    /// Generated demo traces stand in for the backend.
    pub fn use_demo(&self) {
        restart_spans(self.store, self.inflight, false);
        self.store.demo.set(true);
        on(self.store, self.inflight, ListEvent::Reset);
        self.refresh_now();
    }

    /// Opens a trace by ID above the list.
    pub fn open_trace(&self, trace_id: String) {
        open_trace(self.store, self.inflight, trace_id);
    }

    /// Follows a reference into another trace: opens it by ID above the list with the span
    /// referred to (its key, see `Trace::span_key`) selected.
    pub fn follow_reference(&self, trace_id: String, span_key: String) {
        self.store.selected.set(Some((trace_id.clone(), span_key)));
        self.open_trace(trace_id);
    }

    /// Closes the trace opened above the list; it does not spring open in the list either.
    pub fn close_opened(&self) {
        if let Some(crate::app::state::Lookup::Found(trace)) = self.store.lookup.get_untracked() {
            self.store.expanded.update(|open| {
                open.remove(&trace.trace_id);
            });
        }
        self.store.lookup.set(None);
    }

    /// The trace open above the list is opened in the list instead.
    pub fn open_here_instead(&self, trace_id: &str) {
        // A list from summaries draws the row from the loaded traces: the opened one joins them.
        if let Some(crate::app::state::Lookup::Found(trace)) = self.store.lookup.get_untracked()
            && trace.trace_id == trace_id
            && self.store.summaries.with_untracked(Option::is_some)
            && !self
                .store
                .traces
                .with_untracked(|t| t.iter().any(|t| t.trace_id == trace_id))
        {
            self.store.traces.update(|loaded| loaded.push(trace));
        }
        self.store.lookup.set(None);
        self.expand(trace_id);
    }

    /// Opens a listed trace known by its summary (its spans come: see
    /// `loader::keep_spans_coming`), or closes it.
    pub fn toggle_listed(&self, trace_id: &str) {
        self.store.toggle_expanded(trace_id);
    }

    /// Asks again for the spans of an open listed trace that failed to come.
    pub fn retry_listed(&self, trace_id: &str) {
        self.store.span_fetches.update(|f| {
            f.remove(trace_id);
        });
        self.expand(trace_id);
    }

    /// An analysis view drawn from spans is shown, or no longer is: over a list from summaries,
    /// listed traces' spans come for it within the budget.
    pub fn show_analysis(&self, shown: bool) {
        self.store.span_load.update(|load| load.show(shown));
    }

    /// Fetches the spans of listed traces, so filters that need spans can judge them.
    pub fn load_listed_spans(&self, trace_ids: Vec<String>) {
        load_spans(self.store, self.inflight, trace_ids);
    }

    /// "Load next": another round of the budget.
    pub fn load_more_spans(&self) {
        self.store.span_load.update(SpanLoad::more);
    }

    pub fn toggle_expanded(&self, trace_id: &str) {
        self.store.toggle_expanded(trace_id);
    }

    pub fn expand(&self, trace_id: &str) {
        self.store.expanded.update(|open| {
            open.insert(trace_id.to_owned());
        });
    }

    /// Selects a span as (trace ID, span key), or nothing.
    pub fn select(&self, choice: Option<(String, String)>) {
        self.store.selected.set(choice);
    }

    /// Selects the span, or unselects it when it is the one selected.
    pub fn toggle_selected(&self, choice: (String, String)) {
        self.store.selected.update(|s| {
            *s = if s.as_ref() == Some(&choice) {
                None
            } else {
                Some(choice)
            };
        });
    }

    /// The search inside a trace, kept in the address while it is active.
    pub fn set_find(&self, trace_id: String, find: &TraceFind) {
        self.store
            .find
            .set(find.is_active().then(|| (trace_id, find.clone())));
    }

    /// A trace shown as its flame graph (`None`: as its span tree), kept in the address.
    pub fn set_flame_view(&self, trace_id: String, layout: Option<FlameLayout>) {
        self.store.flame_view.update(|view| {
            let other = view.as_ref().is_some_and(|(t, _)| *t != trace_id);
            match layout {
                Some(layout) => *view = Some((trace_id, layout)),
                // Another trace's flame graph stays in the address.
                None if other => {}
                None => *view = None,
            }
        });
    }

    pub fn set_list_filter(&self, filter: ListFilter) {
        self.store.list_filter.set(filter);
    }

    pub fn edit_list_filter(&self, edit: impl FnOnce(&mut ListFilter)) {
        self.store.list_filter.update(edit);
    }

    pub fn set_sort(&self, sort: ListSort) {
        self.store.sort.set(sort);
    }

    /// Keeps the operation statistics, labelled, for comparison with another window.
    pub fn pin(&self, label: String, stats: Vec<OperationStats>) {
        self.store.pinned.set(Some((label, stats)));
    }

    pub fn unpin(&self) {
        self.store.pinned.set(None);
    }

    /// "Compare" on a trace: the first pick waits for a second, which opens the comparison of
    /// the two; the same trace again cancels the pick.
    pub fn pick_for_compare(&self, trace_id: String) {
        match self.store.compare_pick.get_untracked() {
            Some(first) if first == trace_id => self.store.compare_pick.set(None),
            Some(first) => {
                self.store.compare_pick.set(None);
                self.compare(ComparePair {
                    a: first,
                    b: CompareWith::Trace(trace_id),
                });
            }
            None => self.store.compare_pick.set(Some(trace_id)),
        }
    }

    /// Opens a comparison, fetching the traces it needs that the viewer does not hold.
    pub fn compare(&self, pair: ComparePair) {
        fetch_for_compare(self.store, &pair);
        self.store.compare.set(Some(pair));
    }

    pub fn close_compare(&self) {
        self.store.compare.set(None);
    }

    /// While the pointer is over the list, a refreshed list waits; leaving shows it.
    pub fn pointer_over_list(&self, over: bool) {
        self.store.pointer_over_list.set(over);
        if !over {
            self.store.release_pending();
        }
    }

    /// Shows the refreshed list that was held back.
    pub fn show_pending(&self) {
        self.store.release_pending();
    }
}
