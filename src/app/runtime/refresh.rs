//! When the list loads by itself: first (after a linked trace), when filters Jaeger applies
//! change, and on the auto-refresh countdown.

use leptos::prelude::*;

use crate::app::runtime::clock;
use crate::app::runtime::loader::{InflightHandle, Load, load};
use crate::app::state::{self, Store};
use crate::backend::Flavour;
use crate::backend::list::ListState;
use crate::backend::summaries::SummaryQuery;

/// Loads the list; when the address (or a restarted mount) links a trace, only once that trace is
/// shown or failed. Jaeger's searches answer whole traces, per service: a window holding big
/// traces brings hundreds of MB, and loaded together they held up the one trace asked for.
pub(crate) fn first_load(store: Store, inflight: InflightHandle) {
    let linking = move || {
        store
            .lookup
            .with(|l| matches!(l, Some(state::Lookup::Loading(_))))
    };
    if !untrack(linking) {
        return load(store, inflight, Load::Refresh);
    }
    // Once: a refresh, a range chosen or auto-refresh may have loaded the list meanwhile.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || store.list.with_untracked(ListState::has_loaded) {
            return true;
        }
        if linking() {
            return false;
        }
        load(store, inflight, Load::Refresh);
        true
    });
}

/// Where the list comes from summaries, Jaeger applies a filter it can
/// ([`SummaryQuery::new`]): a filter change that changes what Jaeger is asked asks again, as a
/// list asked anew (nothing in it marked new).
pub(crate) fn reload_when_jaeger_filters(store: Store, inflight: InflightHandle) {
    let tags = store.config.with_value(|c| c.tags.clone());
    let asked = Memo::new(move |_| {
        let service = store.service.get();
        store
            .list_filter
            .with(|f| SummaryQuery::new((0, 0), 0, service.as_deref(), f, tags.as_deref()))
    });
    Effect::new(move |_| {
        // Read, not only tracked: a memo nobody reads is never recomputed, so never changes.
        let differs = asked.with(|now| {
            store
                .summary_query
                .with_untracked(|shown| shown.as_ref().is_some_and(|q| !q.filters_like(now)))
        });
        let summarized = store
            .flavour
            .with_untracked(|f| f.as_ref().is_some_and(Flavour::lists_summaries));
        if differs && summarized && store.file.with_untracked(Option::is_none) {
            store.restart_list();
            load(store, inflight, Load::Refresh);
        }
    });
}

/// Ticks once a second: counts down to the next refresh while the tab is visible and not paused,
/// and refreshes once when a hidden tab becomes visible again.
pub(crate) fn start_auto_refresh(store: Store, inflight: InflightHandle, every_secs: u32) {
    let missed_while_hidden = StoredValue::new(false);
    let tick = move || {
        store.now_us.set(clock::now_us());
        if store.paused.get_untracked() {
            return;
        }
        if document().hidden() {
            missed_while_hidden.set_value(true);
            return;
        }
        // A load still under way (a slow link, a big answer) is not cut short by the next one:
        // the countdown waits for it.
        if store.status.with_untracked(state::LoadStatus::is_loading) {
            return;
        }
        let left = store.next_refresh_secs.get_untracked().saturating_sub(1);
        if left == 0 || missed_while_hidden.get_value() {
            missed_while_hidden.set_value(false);
            store.next_refresh_secs.set(every_secs);
            load(store, inflight, Load::Refresh);
        } else {
            store.next_refresh_secs.set(left);
        }
    };
    if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
}
