//! The address and the view memory: the view the page's query string (or a restarted mount)
//! describes put on screen, and the address kept in step with what is shown.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use leptos::prelude::*;

use crate::app::runtime::clock;
use crate::app::runtime::loader::{self, InflightHandle, Load, load};
use crate::app::state::{self, Store, Viewer};
use crate::view::url_state::{UrlState, ViewShown};

/// The query string of the page, as key/value pairs.
pub(crate) fn query_pairs() -> Vec<(String, String)> {
    let search = window().location().search().unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return Vec::new();
    };
    js_sys::try_iter(&params)
        .ok()
        .flatten()
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let pair: js_sys::Array = entry.ok()?.into();
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// Where a mounted viewer keeps what it shows (range, service, list filters, open traces,
/// selection, searches) while it runs, so a restart by `setConfig` continues from it.
#[derive(Clone, Default)]
pub struct ViewMemory(Arc<Mutex<Option<Remembered>>>);

#[derive(Clone)]
pub(crate) struct Remembered {
    pub(crate) view: UrlState,
    pub(crate) expanded: HashSet<String>,
    /// The trace opened by ID, if any.
    pub(crate) opened: Option<String>,
}

impl ViewMemory {
    pub(crate) fn keep(&self, remembered: Remembered) {
        if let Ok(mut kept) = self.0.lock() {
            *kept = Some(remembered);
        }
    }

    /// A range given anew by the config wins over the one the viewer showed.
    pub(crate) fn forget_range(&self) {
        if let Ok(mut kept) = self.0.lock()
            && let Some(remembered) = kept.as_mut()
        {
            remembered.view.range = None;
        }
    }

    pub(crate) fn recall(&self) -> Option<Remembered> {
        self.0.lock().ok().and_then(|kept| kept.clone())
    }
}

/// Shows what a restarted viewer showed before.
pub(crate) fn restore(store: Store, inflight: InflightHandle, kept: Remembered) {
    store.expanded.set(kept.expanded);
    if let Some(id) = kept.opened {
        loader::open_trace(store, inflight, id);
    }
    show_view(store, kept.view);
}

/// The trace opened by ID (loading or shown).
pub(crate) fn opened_by_id(viewer: &Viewer) -> Option<String> {
    viewer.lookup.with(|lookup| match lookup {
        Some(state::Lookup::Loading(id)) => Some(id.clone()),
        Some(state::Lookup::Found(trace)) => Some(trace.trace_id.clone()),
        _ => None,
    })
}

/// Puts the view the address describes on screen (at start, and on back/forward): the trace it
/// names is opened by ID unless it is already the one shown.
pub(crate) fn show_url_state(store: Store, inflight: InflightHandle, state: UrlState) {
    let shown = untrack(|| url_state(&store.reader()));
    match &state.trace {
        Some(trace) if shown.trace.as_ref() != Some(trace) => {
            loader::open_trace(store, inflight, trace.clone())
        }
        None => store.lookup.set(None),
        _ => {}
    }
    show_view(store, state);
}

/// The range, service, list filters and order, searches and selection of `state`, each set only
/// where it differs from what is shown (a new range or service reloads the list's state).
fn show_view(store: Store, state: UrlState) {
    let shown = untrack(|| url_state(&store.reader()));
    let range = state.range.unwrap_or(store.config.with_value(|c| c.range));
    if range != store.range.get_untracked() {
        store.set_range(range, clock::now_us());
    }
    if state.service != shown.service {
        store.set_service(state.service.clone());
    }
    if state.list != shown.list {
        store.list_filter.set(state.list);
    }
    if state.sort != shown.sort {
        store.sort.set(state.sort);
    }
    if state.compare != shown.compare {
        if let Some(pair) = &state.compare {
            loader::fetch_for_compare(store, pair);
        }
        store.compare.set(state.compare);
    }
    store.find.set(state.trace.clone().zip(state.find));
    store.flame_view.set(state.trace.clone().zip(state.flame));
    store.selected.set(state.trace.zip(state.span));
}

/// The view state the address should hold: the range, the listed service, and the trace with
/// the selected span, else the one searched in, else the one shown as its flame graph, else the
/// one opened by ID.
pub(crate) fn url_state(viewer: &Viewer) -> UrlState {
    UrlState::of_view(ViewShown {
        range: Some(viewer.range.get()),
        selected: viewer.selected.get(),
        find: viewer.find.get(),
        flame: viewer.flame_view.get(),
        opened: opened_by_id(viewer),
        service: viewer.service.get(),
        list: viewer.list_filter.get(),
        sort: viewer.sort.get(),
        compare: viewer.compare.get(),
    })
}

/// Keeps the address in step with the view (a history entry per change, so back/forward walk
/// through them), and the view in step with the address when the user goes back or forward.
pub(crate) fn sync_url(store: Store, inflight: InflightHandle) {
    Effect::new(move |previous: Option<UrlState>| {
        let state = url_state(&store.reader());
        let pairs = query_pairs();
        let query = state.to_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let location = window().location();
        if location.search().unwrap_or_default() != query {
            let url = format!("{}{query}", location.pathname().unwrap_or_default());
            if let Ok(history) = window().history() {
                let _ = if state.replaces(previous.as_ref()) {
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
                } else {
                    history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
                };
            }
        }
        state
    });
    let handle = window_event_listener(leptos::ev::popstate, move |_| {
        let pairs = query_pairs();
        let before = (store.range.get_untracked(), store.service.get_untracked());
        show_url_state(
            store,
            inflight,
            UrlState::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
        );
        if before != (store.range.get_untracked(), store.service.get_untracked()) {
            load(store, inflight, Load::Refresh);
        }
    });
    on_cleanup(move || handle.remove());
}
