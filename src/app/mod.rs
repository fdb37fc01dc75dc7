//! The browser app: Leptos components that render the view model and dispatch user actions.
//! State lives in [`state::Store`]: components read it as [`state::Viewer`] (read-only) and change it
//! only through [`actions::Actions`]. A file's folder says what it may touch: `pages/` and
//! `widgets/` read `Viewer` and write through `Actions`; `runtime/` (loader, clock, embedding,
//! startup) owns the edge and, with this module, the `Store`.

mod actions;
mod pages;
pub(crate) mod runtime;
mod state;
mod widgets;

pub use runtime::startup;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use leptos::prelude::*;

use crate::backend::Flavour;
use crate::backend::list::ListState;
use crate::backend::summaries::SummaryQuery;
use crate::config::Config;
use crate::view::url_state::{UrlState, ViewShown};
use actions::Actions;
use pages::header::Header;
use pages::trace_list::TraceList;
use runtime::loader::{self, Inflight, InflightHandle, Load, load};
use runtime::{clock, embed};
use state::{Store, Viewer};
use widgets::files;

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
struct Remembered {
    view: UrlState,
    expanded: HashSet<String>,
    /// The trace opened by ID, if any.
    opened: Option<String>,
}

impl ViewMemory {
    fn keep(&self, remembered: Remembered) {
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

    fn recall(&self) -> Option<Remembered> {
        self.0.lock().ok().and_then(|kept| kept.clone())
    }
}

/// The viewer: header, configuration problems, and the traces. `config` is already layered
/// (see [`startup`]); the address adds the view state when the config keeps it there.
#[component]
pub fn App(
    config: Config,
    problems: Vec<String>,
    /// A mounted viewer's view state, kept across restarts.
    #[prop(optional)]
    memory: Option<ViewMemory>,
) -> impl IntoView {
    let embed = config.embed;
    let root_class = format!("td-app {}", config.theme.class());
    let footer = Footer {
        api_base: config.api_base.clone(),
        probing: config.flavour.is_none(),
    };
    let (viewer, actions) = start(config, memory);
    let dragging = RwSignal::new(false);
    let root = NodeRef::<leptos::html::Div>::new();
    if embed {
        embed::post_height_to_parent(root);
    }
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let files = ev
            .data_transfer()
            .and_then(|dt| dt.files())
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        files::open_files(actions, files);
    };
    view! {
        <div
            class=root_class
            class:td-embed=embed
            class:td-dragging=move || dragging.get()
            node_ref=root
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <Header />
            <main class="td-main">
                {(!problems.is_empty())
                    .then(|| {
                        view! {
                            <div class="td-banner td-banner-warn" role="alert">
                                <strong>"Some settings were not used"</strong>
                                <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                            </div>
                        }
                    })}
                <TraceList />
            </main>
            <footer class="td-footer">
                "tracedeck · a traces viewer for Jaeger · "
                {move || footer.source(&viewer)}
            </footer>
        </div>
    }
}

/// What the footer says the traces come from.
struct Footer {
    api_base: String,
    /// The flavour was found by probing, not configured.
    probing: bool,
}

impl Footer {
    fn source(&self, viewer: &Store) -> String {
        if let Some(file) = viewer.file.get() {
            return format!("traces from {file}");
        }
        if viewer.demo.get() {
            return "demo data generated in this browser".to_owned();
        }
        match viewer.flavour.get() {
            Some(flavour) => format!(
                "{} at {}{}",
                flavour.describe(),
                self.api_base,
                if self.probing { " (detected)" } else { "" },
            ),
            None => format!("backend at {}", self.api_base),
        }
    }
}

/// Starts the viewer's runtime: its state (shared with components as `Viewer` and `Actions`),
/// the view the address or a restarted mount describes, the first load, auto-refresh and the
/// address kept in step.
fn start(config: Config, memory: Option<ViewMemory>) -> (Store, Actions) {
    let refresh_secs = config.refresh_secs;
    let sync = config.sync_url;
    let viewer = Store::new(config);
    let inflight: InflightHandle = StoredValue::new_local(Inflight::default());
    provide_context(viewer.reader());
    let actions = Actions::new(viewer, inflight);
    provide_context(actions);
    viewer.now_us.set(clock::now_us());
    if sync {
        let pairs = query_pairs();
        show_url_state(
            viewer,
            inflight,
            UrlState::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
        );
    } else if let Some(kept) = memory.as_ref().and_then(ViewMemory::recall) {
        restore(viewer, inflight, kept);
    }
    if let Some(memory) = memory {
        Effect::new(move |_| {
            memory.keep(Remembered {
                view: url_state(&viewer.reader()),
                expanded: viewer.expanded.get(),
                opened: opened_by_id(&viewer.reader()),
            })
        });
    }
    first_load(viewer, inflight);
    loader::keep_spans_coming(viewer, inflight);
    reload_when_jaeger_filters(viewer, inflight);
    start_auto_refresh(viewer, inflight, refresh_secs);
    if sync {
        sync_url(viewer, inflight);
    }
    on_cleanup(move || loader::abort(inflight));
    (viewer, actions)
}

/// Loads the list; when the address (or a restarted mount) links a trace, only once that trace is
/// shown or failed. Jaeger's searches answer whole traces, per service: a window holding big
/// traces brings hundreds of MB, and loaded together they held up the one trace asked for.
fn first_load(viewer: Store, inflight: InflightHandle) {
    let linking = move || {
        viewer
            .lookup
            .with(|l| matches!(l, Some(state::Lookup::Loading(_))))
    };
    if !untrack(linking) {
        return load(viewer, inflight, Load::Refresh);
    }
    // Once: a refresh, a range chosen or auto-refresh may have loaded the list meanwhile.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || viewer.list.with_untracked(ListState::has_loaded) {
            return true;
        }
        if linking() {
            return false;
        }
        load(viewer, inflight, Load::Refresh);
        true
    });
}

/// Shows what a restarted viewer showed before.
fn restore(viewer: Store, inflight: InflightHandle, kept: Remembered) {
    viewer.expanded.set(kept.expanded);
    if let Some(id) = kept.opened {
        loader::open_trace(viewer, inflight, id);
    }
    show_view(viewer, kept.view);
}

/// The trace opened by ID (loading or shown).
fn opened_by_id(viewer: &Viewer) -> Option<String> {
    viewer.lookup.with(|lookup| match lookup {
        Some(state::Lookup::Loading(id)) => Some(id.clone()),
        Some(state::Lookup::Found(trace)) => Some(trace.trace_id.clone()),
        _ => None,
    })
}

/// Puts the view the address describes on screen (at start, and on back/forward): the trace it
/// names is opened by ID unless it is already the one shown.
fn show_url_state(viewer: Store, inflight: InflightHandle, state: UrlState) {
    let shown = untrack(|| url_state(&viewer.reader()));
    match &state.trace {
        Some(trace) if shown.trace.as_ref() != Some(trace) => {
            loader::open_trace(viewer, inflight, trace.clone())
        }
        None => viewer.lookup.set(None),
        _ => {}
    }
    show_view(viewer, state);
}

/// The range, service, list filters and order, searches and selection of `state`, each set only
/// where it differs from what is shown (a new range or service reloads the list's state).
fn show_view(viewer: Store, state: UrlState) {
    let shown = untrack(|| url_state(&viewer.reader()));
    let range = state.range.unwrap_or(viewer.config.with_value(|c| c.range));
    if range != viewer.range.get_untracked() {
        viewer.set_range(range, clock::now_us());
    }
    if state.service != shown.service {
        viewer.set_service(state.service.clone());
    }
    if state.list != shown.list {
        viewer.list_filter.set(state.list);
    }
    if state.sort != shown.sort {
        viewer.sort.set(state.sort);
    }
    if state.compare != shown.compare {
        if let Some(pair) = &state.compare {
            loader::fetch_for_compare(viewer, pair);
        }
        viewer.compare.set(state.compare);
    }
    viewer.find.set(state.trace.clone().zip(state.find));
    viewer.flame_view.set(state.trace.clone().zip(state.flame));
    viewer.selected.set(state.trace.zip(state.span));
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
fn sync_url(viewer: Store, inflight: InflightHandle) {
    Effect::new(move |previous: Option<UrlState>| {
        let state = url_state(&viewer.reader());
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
        let before = (viewer.range.get_untracked(), viewer.service.get_untracked());
        show_url_state(
            viewer,
            inflight,
            UrlState::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
        );
        if before != (viewer.range.get_untracked(), viewer.service.get_untracked()) {
            load(viewer, inflight, Load::Refresh);
        }
    });
    on_cleanup(move || handle.remove());
}

/// Where the list comes from summaries, Jaeger applies a filter it can
/// ([`SummaryQuery::new`]): a filter change that changes what Jaeger is asked asks again, as a
/// list asked anew (nothing in it marked new).
fn reload_when_jaeger_filters(viewer: Store, inflight: InflightHandle) {
    let tags = viewer.config.with_value(|c| c.tags.clone());
    let asked = Memo::new(move |_| {
        let service = viewer.service.get();
        viewer
            .list_filter
            .with(|f| SummaryQuery::new((0, 0), 0, service.as_deref(), f, tags.as_deref()))
    });
    Effect::new(move |_| {
        // Read, not only tracked: a memo nobody reads is never recomputed, so never changes.
        let differs = asked.with(|now| {
            viewer
                .summary_query
                .with_untracked(|shown| shown.as_ref().is_some_and(|q| !q.filters_like(now)))
        });
        let summarized = viewer
            .flavour
            .with_untracked(|f| f.as_ref().is_some_and(Flavour::lists_summaries));
        if differs && summarized && viewer.file.with_untracked(Option::is_none) {
            viewer.restart_list();
            load(viewer, inflight, Load::Refresh);
        }
    });
}

/// Ticks once a second: counts down to the next refresh while the tab is visible and not paused,
/// and refreshes once when a hidden tab becomes visible again.
fn start_auto_refresh(viewer: Store, inflight: InflightHandle, every_secs: u32) {
    let missed_while_hidden = StoredValue::new(false);
    let tick = move || {
        viewer.now_us.set(clock::now_us());
        if viewer.paused.get_untracked() {
            return;
        }
        if document().hidden() {
            missed_while_hidden.set_value(true);
            return;
        }
        // A load still under way (a slow link, a big answer) is not cut short by the next one:
        // the countdown waits for it.
        if viewer.status.with_untracked(state::LoadStatus::is_loading) {
            return;
        }
        let left = viewer.next_refresh_secs.get_untracked().saturating_sub(1);
        if left == 0 || missed_while_hidden.get_value() {
            missed_while_hidden.set_value(false);
            viewer.next_refresh_secs.set(every_secs);
            load(viewer, inflight, Load::Refresh);
        } else {
            viewer.next_refresh_secs.set(left);
        }
    };
    if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
}
