//! Loading traces into the viewer: from Jaeger or the demo source, one query at a time: a newer
//! query aborts the older one, and an answer that arrives for a superseded query is dropped.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

use futures::future::join_all;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::{AbortController, AbortSignal};

use crate::api::{Backend, TakeRead, breath};
use crate::app::runtime::{clock, timing};
use crate::app::state::{Lookup, Store};
use crate::backend::SummariesFailed;
use crate::backend::list::{ListAnswer, ListEffect, ListEvent, ListState, ListedNow, Loading};
use crate::backend::summaries::{SummaryQuery, of_listed_services};
use crate::backend::{Answered, FetchError, lost_traces};
use crate::backend::{Flavour, listable_services};
use crate::config::Config;
use crate::model::TraceSummary;
use crate::model::id::canonical_id;
use crate::model::trace::READ_PER_STEP;
use crate::model::{Trace, TraceBuild, TraceRecord};
use crate::view::compare::ComparePair;
use crate::view::list_filter::ListFilter;
use crate::view::listing::{SummariesAnswered, open_rows_to_fetch};
use crate::view::span_budget::SpanLoad;
use crate::view::throttle::{Tell, Throttle};
use crate::view::transfer::{Progress, Transfers};

/// The query in flight, if any; lives beside the viewer, in the browser thread only.
#[derive(Default)]
pub struct Inflight {
    controller: Option<AbortController>,
    /// The trace being opened by ID.
    lookup: Option<AbortController>,
    /// Listed traces' spans on their way (rows opened, the analysis views): one signal for
    /// them all, aborted when the list is replaced by another.
    spans: Option<AbortController>,
}

pub type InflightHandle = StoredValue<Inflight, LocalStorage>;

/// Whether a load replaces the first page (range change, refresh) or adds a page (see
/// `view::load::list_query`).
pub use crate::view::listing::ListLoad as Load;

/// What one list query brought back.
struct Listing {
    /// The flavour that answered (found by probing when the config leaves it open).
    flavour: Option<Flavour>,
    traces: Vec<TraceRecord>,
    /// Canonical IDs of traces the viewer held that came unchanged: its copies stay.
    unchanged: Vec<String>,
    /// The services that were asked.
    services: Vec<String>,
    /// Every service the backend offers, for the service filter.
    offered: Vec<String>,
    failures: Vec<String>,
    /// Some service returned a whole page: there may be older traces.
    full: bool,
    /// The list from trace summaries, and the request that brought it, where the backend has
    /// them (`traces` is then empty).
    summaries: Option<(Vec<TraceSummary>, SummaryQuery)>,
}

fn backend(config: &Config, flavour: Flavour) -> Backend {
    Backend {
        base: config.api_base.clone(),
        timeout_secs: config.timeout_secs,
        flavour,
        tags: config.tags.clone(),
        headers: config.headers.clone(),
    }
}

/// Aborts the request `slot` holds and puts a new controller there: its signal goes with the
/// request that supersedes it.
fn fresh_signal(slot: &mut Option<AbortController>) -> Option<AbortSignal> {
    if let Some(old) = slot.take() {
        old.abort();
    }
    let controller = AbortController::new().ok()?;
    let signal = controller.signal();
    *slot = Some(controller);
    Some(signal)
}

/// Stops the list load in flight, if any: a file shown instead needs none of it
/// (`ListEffect::Stop`; the list's state machine drops whatever it would still bring).
pub fn stop_list(inflight: InflightHandle) {
    inflight.try_update_value(|state| {
        if let Some(controller) = state.controller.take() {
            controller.abort();
        }
    });
}

/// Stops the query in flight, when the viewer goes away.
pub fn abort(inflight: InflightHandle) {
    inflight.try_update_value(|state| {
        for controller in [
            state.controller.take(),
            state.lookup.take(),
            state.spans.take(),
        ]
        .into_iter()
        .flatten()
        {
            controller.abort();
        }
    });
}

/// Starts a load, superseding any still in flight. Nothing is loaded while a file is shown.
pub fn load(store: Store, inflight: InflightHandle, kind: Load) {
    if store.file.with_untracked(Option::is_some) {
        return;
    }
    let window = store.range.get_untracked().window(clock::now_us());
    let (page_size, budget) = store.config.with_value(|c| (c.page_size, c.list_budget()));
    // The demo source's traces are small, and it has none to fetch again.
    let budget = budget.filter(|_| !store.demo.get_untracked());
    on(
        store,
        inflight,
        ListEvent::Load {
            kind,
            window,
            page_size,
            budget,
        },
    );
}

/// Hands `event` to the list's state machine and performs what it says.
pub fn on(store: Store, inflight: InflightHandle, event: ListEvent<'_>) {
    for effect in store.list_event(event) {
        perform(store, inflight, effect);
    }
}

/// Performs one of the list's effects: the network, the timer, the traces shown.
fn perform(store: Store, inflight: InflightHandle, effect: ListEffect) {
    match effect {
        ListEffect::Ask(loading) => ask(store, inflight, loading),
        ListEffect::Stop => stop_list(inflight),
        ListEffect::ListTraces {
            traces,
            older,
            anew,
        } => {
            // The list is whole traces now (the demo, say, or a backend that lost its summaries).
            store.summaries.set(None);
            store.summary_query.set(None);
            if older {
                store.show_older(traces);
            } else {
                store.offer(traces, anew);
            }
        }
        ListEffect::ListHeldBack {
            summaries,
            traces,
            older,
            anew,
        } => store.show_held_back(summaries, traces, older, anew),
        ListEffect::ListSummaries {
            kind,
            summaries,
            query,
            anew,
        } => show_summaries(store, inflight, (kind, anew), summaries, query),
        ListEffect::RefreshIn(secs) => store.next_refresh_secs.set(secs),
    }
}

/// Asks what `loading` says, aborting the load in flight; tells the list's state machine what
/// comes of it.
fn ask(store: Store, inflight: InflightHandle, loading: Loading) {
    let generation = loading.generation;
    let Some(signal) = inflight
        .try_update_value(|state| fresh_signal(&mut state.controller))
        .flatten()
    else {
        // Nothing can be asked (the viewer is going away): the load ends here.
        return on(store, inflight, ListEvent::Aborted { generation });
    };
    let config = store.config.get_value();
    let demo = store.demo.get_untracked();
    let detected = store.flavour.get_untracked();
    let query = loading.query;
    let ask = Ask {
        only: store.service.get_untracked(),
        window: query.window,
        depth: query.depth,
        // One summaries answer holds every page: it is asked as deep as the list shows.
        summaries_depth: config.page_size * query.pages,
        filter: store.list_filter.get_untracked(),
    };
    let (held, counts) = held(store);
    let arriving = Rc::new(Arriving {
        generation,
        list_every_ms: Cell::new(PROGRESS_EVERY_MS),
        due_at: Cell::new(f64::INFINITY),
        ..Arriving::default()
    });
    let read = {
        let arriving = arriving.clone();
        move |records: Vec<TraceRecord>| arriving.read(store, inflight, records)
    };
    let report = {
        let arriving = arriving.clone();
        move |transfers: &Transfers, completed: bool| {
            arriving.transfers.replace(Some(transfers.clone()));
            tell(store, inflight, arriving.clone(), completed);
        }
    };
    timing::clear(&["list-parse", "list-build"]);
    spawn_local(async move {
        let outcome = if demo {
            Ok(demo_listing(ask.window, ask.depth))
        } else {
            let read = loading
                .streams
                .then_some(&read as &dyn Fn(Vec<TraceRecord>));
            list(&config, detected, ask, &counts, &signal, &report, read).await
        };
        // The traces read last are still being built.
        arriving.built(store, inflight).await;
        arriving.over.set(true);
        finish(
            store,
            inflight,
            &arriving,
            (outcome, held),
            config.refresh_secs,
        )
        .await;
    });
}

/// Tells the list's state machine what the load `arriving` tells of came to: its answer (with
/// `held`, the traces held when it began), or its failure (the traces read before it listed,
/// not lost); auto-refresh backs off from `refresh_secs`.
async fn finish(
    store: Store,
    inflight: InflightHandle,
    arriving: &Arriving,
    (outcome, held): (Result<Listing, FetchError>, Held),
    refresh_secs: u32,
) {
    let generation = arriving.generation;
    let outcome = match outcome {
        Ok(listing) => Ok(answer_of(listing, arriving.traces.take(), &held).await),
        Err(error) => Err(error),
    };
    // The viewer went away meanwhile: nothing to tell.
    let Some(shown) = Shown::now(store) else {
        return;
    };
    match outcome {
        Ok(answer) => {
            // What the list lets go (traces held back by their summaries, superseded, or out of
            // the window) is freed once it is drawn, a big trace a task: a 100,000-span trace
            // is a million allocations.
            let freed: Vec<Arc<Trace>> = answer
                .traces
                .iter()
                .cloned()
                .chain(held.into_values())
                .collect();
            let answer = Box::new(answer);
            let now_us = clock::now_us();
            let answered = ListEvent::Answered {
                generation,
                answer,
                listed: shown.listed(),
                now_us,
            };
            on(store, inflight, answered);
            let freed: Vec<Arc<Trace>> = freed.into_iter().chain(shown.traces).collect();
            spawn_local(async move {
                breath::next_task().await;
                for trace in freed {
                    if trace.spans.len() > READ_PER_STEP {
                        breath::next_task().await;
                    } else {
                        breath::breathe().await;
                    }
                    drop(trace);
                }
            });
        }
        Err(error) => {
            // The traces read before the load failed are listed beside what was, not lost.
            let read = arriving.traces.take();
            if !read.is_empty() {
                let traces = &read;
                on(
                    store,
                    inflight,
                    ListEvent::Read {
                        generation,
                        traces,
                        listed: shown.listed(),
                    },
                );
            }
            let event = match error.load_problem() {
                Some(problem) => ListEvent::Failed {
                    generation,
                    problem,
                    refresh_secs,
                },
                None => ListEvent::Aborted { generation },
            };
            on(store, inflight, event);
        }
    }
}

/// What is listed now, as the list's state machine merges with it.
struct Shown {
    traces: Vec<Arc<Trace>>,
    summaries: Vec<Arc<TraceSummary>>,
}

impl Shown {
    /// `None` once the viewer has gone away.
    fn now(store: Store) -> Option<Self> {
        Some(Self {
            traces: store.traces.try_get_untracked()?,
            summaries: store.summaries.try_get_untracked()?.unwrap_or_default(),
        })
    }

    fn listed(&self) -> ListedNow<'_> {
        ListedNow {
            traces: &self.traces,
            summaries: &self.summaries,
        }
    }
}

/// The traces held now, by ID.
type Held = HashMap<String, Arc<Trace>>;

/// The traces held now, and the span counts of every listed trace by ID (those a list of whole
/// traces holds back by their summaries too): one the answers bring again with as many spans is
/// not read again.
fn held(store: Store) -> (Held, Arc<HashMap<String, usize>>) {
    let held: Held = store.traces.with_untracked(|list| {
        list.iter()
            .map(|t| (t.trace_id.clone(), t.clone()))
            .collect()
    });
    let mut counts: HashMap<String, usize> = HashMap::new();
    if store.list.with_untracked(ListState::holds_back) {
        store.summaries.with_untracked(|listed| {
            counts.extend(
                listed
                    .iter()
                    .flatten()
                    .map(|s| (s.trace_id.clone(), s.span_count)),
            );
        });
    }
    counts.extend(held.iter().map(|(id, t)| (id.clone(), t.spans.len())));
    (held, Arc::new(counts))
}

/// The demo source's traces in `window` (µs), `depth` of them.
fn demo_listing(window: (i64, i64), depth: usize) -> Listing {
    let services = vec!["acontext-api".to_owned(), "acontext-core".to_owned()];
    Listing {
        flavour: None,
        traces: crate::demo::traces(window.0, window.1, depth),
        unchanged: Vec::new(),
        services: services.clone(),
        offered: services,
        failures: Vec::new(),
        full: true,
        summaries: None,
    }
}

/// What a listing brought, its traces built (in steps): those `read` while the answers arrived
/// and the `held` ones that came unchanged beside them.
async fn answer_of(
    listing: Listing,
    read: Vec<Arc<Trace>>,
    held: &HashMap<String, Arc<Trace>>,
) -> ListAnswer {
    let mut traces = Vec::with_capacity(listing.traces.len() + read.len());
    for record in listing.traces {
        traces.push(Arc::new(build_in_steps(record, "list-build").await));
    }
    traces.extend(read);
    traces.extend(
        listing
            .unchanged
            .iter()
            .filter_map(|id| held.get(id).cloned()),
    );
    ListAnswer {
        flavour: listing.flavour,
        traces,
        summaries: listing.summaries,
        services: listing.services,
        offered: listing.offered,
        failures: listing.failures,
        full: listing.full,
    }
}

/// The progress line's answers are told to the page at most this often, in ms.
const PROGRESS_EVERY_MS: f64 = 250.0;

/// Traces read while the answers arrive are listed at growing intervals, at most this long, ms.
const LIST_EVERY_MAX_MS: f64 = 2_000.0;

/// What a list load's answers have brought so far and the page has not been told yet.
#[derive(Default)]
struct Arriving {
    /// The load they belong to.
    generation: u64,
    /// How far the answers have come.
    transfers: RefCell<Option<Transfers>>,
    /// Every trace read whole so far and built, listed or not.
    traces: RefCell<Vec<Arc<Trace>>>,
    /// Traces read whole, waiting to be built.
    queued: RefCell<VecDeque<TraceRecord>>,
    /// They are being built.
    building: Cell<bool>,
    /// Some of them are not listed yet.
    unlisted: Cell<bool>,
    /// When the page was last told how far the answers have come, ms on the page's clock.
    told_ms: Cell<f64>,
    /// When the traces read were last listed, ms on the page's clock.
    listed_ms: Cell<f64>,
    /// How long after a listing the next may be, ms.
    list_every_ms: Cell<f64>,
    /// When the telling waited for is due, ms on the page's clock; infinite when none is.
    due_at: Cell<f64>,
    /// The load is over: what it brought is in its answer, nothing more is told.
    over: Cell<bool>,
}

impl Arriving {
    /// Takes traces read whole while the answers arrive, to be built and listed.
    fn read(self: &Rc<Self>, store: Store, inflight: InflightHandle, records: Vec<TraceRecord>) {
        self.queued.borrow_mut().extend(records);
        if !self.building.get() {
            spawn_local(self.clone().build_queued(store, inflight));
        }
    }

    /// Builds the traces queued, the smallest first, in steps ([`TraceBuild`]) that give the
    /// page its turn between them ([`breath::breathe`]): a 100,000-span trace is no single long
    /// task, and a small trace read meanwhile is built between its steps, so its row waits for
    /// no big trace. Each is told to the list once built (which lists at its own pace). Stops
    /// when its load is no longer the current one.
    async fn build_queued(self: Rc<Self>, store: Store, inflight: InflightHandle) {
        if self.building.replace(true) {
            return;
        }
        while let Some(record) = self.next_queued(store, usize::MAX) {
            let big = record.spans.len() > READ_PER_STEP;
            let mut build = TraceBuild::new(record);
            let trace = loop {
                breath::breathe().await;
                if !self.is_current(store) {
                    break None;
                }
                if let Some(trace) = timing::phase("list-build", || build.step()) {
                    break Some(trace);
                }
                while let Some(small) = big
                    .then(|| self.next_queued(store, READ_PER_STEP))
                    .flatten()
                {
                    let trace = build_in_steps(small, "list-build").await;
                    self.built_one(store, inflight, trace);
                }
            };
            if let Some(trace) = trace {
                self.built_one(store, inflight, trace);
            }
        }
        self.queued.borrow_mut().clear();
        self.building.set(false);
    }

    /// The smallest trace queued of at most `max_spans` spans, taken from the queue; none once
    /// its load is no longer the current one.
    fn next_queued(&self, store: Store, max_spans: usize) -> Option<TraceRecord> {
        let current = self.is_current(store);
        let mut queued = self.queued.borrow_mut();
        let (at, _) = queued
            .iter()
            .enumerate()
            .map(|(at, r)| (at, r.spans.len()))
            .filter(|&(_, spans)| spans <= max_spans)
            .min_by_key(|&(_, spans)| spans)
            .filter(|_| current)?;
        queued.remove(at)
    }

    /// Whether its load is the list's current one (not superseded, nor the viewer gone).
    fn is_current(&self, store: Store) -> bool {
        store
            .list
            .try_with_untracked(|l| l.loading().map(|l| l.generation))
            .flatten()
            == Some(self.generation)
    }

    fn built_one(self: &Rc<Self>, store: Store, inflight: InflightHandle, trace: Trace) {
        self.traces.borrow_mut().push(Arc::new(trace));
        self.unlisted.set(true);
        tell(store, inflight, self.clone(), false);
    }

    /// Once every trace queued is built.
    async fn built(self: &Rc<Self>, store: Store, inflight: InflightHandle) {
        while self.building.get() || !self.queued.borrow().is_empty() {
            if self.building.get() {
                gloo_timers::future::TimeoutFuture::new(4).await;
            } else {
                self.clone().build_queued(store, inflight).await;
            }
        }
    }
}

/// Tells the list how far the answers have come, at most every quarter second (at once when an
/// answer just completed: `now`), and which traces have been read so far: the first at once,
/// then at intervals doubling from half a second up to two, as each listing redraws the
/// list and recounts every loaded trace's statistics. Pieces arrive far more often than a page
/// can be drawn, and the last piece may be followed by silence: what is left to tell is told
/// once it is due. The list's state machine decides what is shown.
fn tell(store: Store, inflight: InflightHandle, arriving: Rc<Arriving>, now: bool) {
    if arriving.over.get() {
        return;
    }
    let now_ms = js_sys::Date::now();
    let generation = arriving.generation;
    let progress_due = now || now_ms - arriving.told_ms.get() >= PROGRESS_EVERY_MS;
    if progress_due && let Some(transfers) = arriving.transfers.take() {
        arriving.told_ms.set(now_ms);
        let progress = ListEvent::Progress {
            generation,
            transfers,
        };
        on(store, inflight, progress);
    }
    let every = arriving.list_every_ms.get();
    if arriving.unlisted.get() && now_ms - arriving.listed_ms.get() >= every {
        arriving.unlisted.set(false);
        arriving.listed_ms.set(now_ms);
        arriving
            .list_every_ms
            .set((every * 2.0).clamp(PROGRESS_EVERY_MS, LIST_EVERY_MAX_MS));
        let traces = arriving.traces.borrow().clone();
        let Some(shown) = Shown::now(store) else {
            return;
        };
        let read = ListEvent::Read {
            generation,
            traces: &traces,
            listed: shown.listed(),
        };
        on(store, inflight, read);
    }
    let progress_at = arriving
        .transfers
        .borrow()
        .is_some()
        .then(|| arriving.told_ms.get() + PROGRESS_EVERY_MS);
    let rows_at = arriving
        .unlisted
        .get()
        .then(|| arriving.listed_ms.get() + arriving.list_every_ms.get());
    let Some(at) = progress_at.into_iter().chain(rows_at).reduce(f64::min) else {
        return;
    };
    // One timer at a time, the soonest: a later one finds itself superseded.
    if at < arriving.due_at.get() {
        arriving.due_at.set(at);
        spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new((at - now_ms).max(0.0) as u32).await;
            if arriving.due_at.get() == at {
                arriving.due_at.set(f64::INFINITY);
                tell(store, inflight, arriving, false);
            }
        });
    }
}

/// Builds a trace in [`TraceBuild`]'s steps, the page getting its turn between them
/// ([`breath::breathe`]), each step timed as `phase`.
async fn build_in_steps(record: TraceRecord, phase: &str) -> Trace {
    let mut build = TraceBuild::new(record);
    loop {
        breath::breathe().await;
        if let Some(trace) = timing::phase(phase, || build.step()) {
            return trace;
        }
    }
}

/// What a list load asks for.
struct Ask {
    /// The one service listed, if any.
    only: Option<String>,
    /// µs since the epoch.
    window: (i64, i64),
    /// Traces per service asked of a search.
    depth: usize,
    /// Traces asked of a summaries request.
    summaries_depth: usize,
    filter: ListFilter,
}

/// Lists from trace summaries where the backend has them (found out once: `detected` is the
/// flavour found before), else asks each service of interest for its traces in the window, all
/// at once; a trace held already (`held`: canonical ID → span count) that comes with another span
/// count is fetched again by ID. `report` hears how far the answers have come (and whether one
/// just completed); `read`, if given, takes each trace as soon as it has been read whole (it is
/// then not in the listing).
async fn list(
    config: &Config,
    detected: Option<Flavour>,
    ask: Ask,
    held: &Arc<HashMap<String, usize>>,
    signal: &AbortSignal,
    report: &dyn Fn(&Transfers, bool),
    read: TakeRead<'_>,
) -> Result<Listing, FetchError> {
    let may_summarize = match (&detected, &config.flavour) {
        (Some(flavour), _) => flavour.lists_summaries(),
        (None, None | Some(Flavour::JaegerV3)) => true,
        (None, Some(_)) => false,
    };
    let mut v1_services = None;
    if may_summarize {
        match try_summaries(config, detected.is_some(), &ask, signal).await {
            Ok(Summarized::Listed(listing)) => return Ok(*listing),
            Ok(Summarized::Not(v1)) => v1_services = v1,
            Err(error) => return Err(error),
        }
    }
    let flavour = detected
        .filter(|f| !f.lists_summaries())
        .or_else(|| config.flavour.clone());
    let (backend, known) = match flavour {
        Some(flavour) => (backend(config, flavour), None),
        None => {
            let (backend, services) = probe(config, signal, v1_services).await?;
            (backend, Some(services))
        }
    };
    let offered = match (&config.services, known) {
        (Some(services), _) => services.clone(),
        (None, Some(known)) => known,
        (None, None) => backend.services(signal).await?,
    };
    let offered = listable_services(offered);
    let services = match &ask.only {
        Some(service) => vec![service.clone()],
        None => offered.clone(),
    };
    let searched = search_each(&backend, &services, &ask, (held, signal), report, read).await;
    let mut listing = Listing {
        flavour: Some(backend.flavour.clone()),
        traces: Vec::new(),
        unchanged: Vec::new(),
        services,
        offered,
        failures: Vec::new(),
        full: false,
        summaries: None,
    };
    gather(&backend, &mut listing, searched, ask.depth, signal).await?;
    Ok(listing)
}

/// What asking for summaries came to, when the load does not fail with it.
enum Summarized {
    Listed(Box<Listing>),
    /// The backend has none; v1's services answer, when it was asked beside.
    Not(Option<Result<Vec<String>, FetchError>>),
}

/// Asks for trace summaries. Finding out from scratch (not `detected`, no flavour configured),
/// v1's services are asked at the same time: a Jaeger without summaries (Acontext's 1.75.0)
/// then costs no round trip more than before they existed.
async fn try_summaries(
    config: &Config,
    detected: bool,
    ask: &Ask,
    signal: &AbortSignal,
) -> Result<Summarized, FetchError> {
    let finding_out = !detected && config.flavour.is_none();
    let v1 = async {
        if finding_out {
            Some(backend(config, Flavour::JaegerV1).services(signal).await)
        } else {
            None
        }
    };
    let (summarized, v1) = futures::join!(list_summaries(config, ask, signal), v1);
    match summarized {
        Ok(Some(listing)) => Ok(Summarized::Listed(Box::new(listing))),
        Ok(None) => Ok(Summarized::Not(v1)),
        // Found before, or the endpoint itself refused: its failure is the load's.
        Err(failed) if detected || failed.endpoint_answered => Err(failed.error),
        Err(SummariesFailed {
            error: error @ (FetchError::Aborted | FetchError::Timeout { .. }),
            ..
        }) => Err(error),
        // While finding out, any other failure falls back to the older APIs, whose own probe
        // says what is wrong in the words of the API the backend does speak.
        Err(_) => Ok(Summarized::Not(v1)),
    }
}

/// Each service's search answer, in the order asked, and the trace IDs they claimed.
struct Searched {
    answers: Vec<Result<Answered, FetchError>>,
    /// Canonical IDs of every trace an answer began to read.
    seen: HashSet<String>,
    /// Canonical IDs of the traces `read` took: brought, though their answer may fail later.
    taken: HashSet<String>,
}

/// Asks every one of `services` for its traces at once (`held` and `signal` as in [`list`]),
/// `report` hearing how far the answers have come and `read` taking each trace read whole.
async fn search_each(
    backend: &Backend,
    services: &[String],
    ask: &Ask,
    (held, signal): (&Arc<HashMap<String, usize>>, &AbortSignal),
    report: &dyn Fn(&Transfers, bool),
    read: TakeRead<'_>,
) -> Searched {
    let seen = RefCell::new(HashSet::new());
    let transfers = RefCell::new(Transfers::new(js_sys::Date::now(), services));
    report(&transfers.borrow(), true);
    let taken = RefCell::new(HashSet::new());
    let (seen_ref, transfers, taken_ref) = (&seen, &transfers, &taken);
    let answers = join_all(services.iter().map(|service| {
        let progress = move |step: Progress| {
            let mut all = transfers.borrow_mut();
            let completed = all.apply(service, step);
            report(&all, completed);
        };
        let counted = read.map(|read| {
            move |traces: Vec<TraceRecord>| {
                taken_ref
                    .borrow_mut()
                    .extend(traces.iter().map(|t| canonical_id(&t.trace_id)));
                read(traces);
            }
        });
        async move {
            let read = counted.as_ref().map(|c| c as &dyn Fn(Vec<TraceRecord>));
            let (window, depth) = (ask.window, ask.depth);
            backend
                .search(
                    service, window, depth, seen_ref, held, signal, &progress, read,
                )
                .await
        }
    }))
    .await;
    Searched {
        answers,
        seen: seen.into_inner(),
        taken: taken.into_inner(),
    }
}

/// Puts what the searches brought into `listing`: their traces, the failures, whether a page
/// was full (`depth` traces), and the traces fetched again by ID. The load fails when every
/// search did.
async fn gather(
    backend: &Backend,
    listing: &mut Listing,
    searched: Searched,
    depth: usize,
    signal: &AbortSignal,
) -> Result<(), FetchError> {
    let mut first_error = None;
    let mut answered = Vec::new();
    for (service, answer) in listing.services.iter().zip(searched.answers) {
        match answer {
            Ok(answer) => {
                listing.full |= answer.count >= depth;
                answered.push(answer);
            }
            Err(FetchError::Aborted) => return Err(FetchError::Aborted),
            Err(error) => {
                listing.failures.push(format!("{service}: {error}"));
                first_error.get_or_insert(error);
            }
        }
    }
    if let Some(error) = first_error.clone().filter(|_| answered.is_empty()) {
        return Err(error);
    }
    // Fetched again by ID: a held trace still being written, and a trace an answer that failed
    // partway had claimed (the other answers left it out). The Acontext endpoint cannot.
    if backend.flavour.fetches_by_id() {
        let mut again: Vec<(String, bool)> = answered
            .iter()
            .flat_map(|a| a.changed.iter().map(|id| (id.clone(), true)))
            .collect();
        if first_error.is_some() {
            let brought: Vec<&Answered> = answered.iter().collect();
            again.extend(
                lost_traces(&searched.seen, &brought)
                    .into_iter()
                    .filter(|id| !searched.taken.contains(&canonical_id(id)))
                    .map(|id| (id, false)),
            );
        }
        fetch_again(backend, listing, again, signal).await?;
    }
    for answer in answered {
        listing.traces.extend(answer.traces);
        listing.unchanged.extend(answer.unchanged);
    }
    Ok(())
}

/// Fetches `again` by ID (each with whether the viewer holds a copy) into `listing`: a held
/// copy stays when its newer one cannot be had.
async fn fetch_again(
    backend: &Backend,
    listing: &mut Listing,
    again: Vec<(String, bool)>,
    signal: &AbortSignal,
) -> Result<(), FetchError> {
    let fetched = join_all(
        again
            .iter()
            .map(|(id, _)| backend.trace(id, "list-parse", signal)),
    )
    .await;
    for ((id, held), found) in again.into_iter().zip(fetched) {
        match found {
            Ok(Some(record)) => listing.traces.push(record),
            Err(FetchError::Aborted) => return Err(FetchError::Aborted),
            other => {
                if held {
                    listing.unchanged.push(canonical_id(&id));
                }
                if let Err(error) = other {
                    listing.failures.push(format!("trace {id}: {error}"));
                }
            }
        }
    }
    Ok(())
}

/// The list from trace summaries; `None` when the backend has no such endpoint (asked once per
/// backend: a flavour found later is kept). The services for the service filter are asked at the
/// same time, and their failure only leaves the filter without them.
async fn list_summaries(
    config: &Config,
    ask: &Ask,
    signal: &AbortSignal,
) -> Result<Option<Listing>, SummariesFailed> {
    let backend = backend(config, Flavour::JaegerSummaries);
    let query = SummaryQuery::new(
        ask.window,
        ask.summaries_depth,
        ask.only.as_deref(),
        &ask.filter,
        config.tags.as_deref(),
    );
    let services = async {
        match &config.services {
            Some(services) => services.clone(),
            None => backend.services(signal).await.unwrap_or_default(),
        }
    };
    let (summaries, offered) = futures::join!(backend.summaries(&query, signal), services);
    let Some(summaries) = summaries? else {
        return Ok(None);
    };
    let summaries = of_listed_services(summaries, config.services.as_deref());
    let offered = listable_services(offered);
    Ok(Some(Listing {
        flavour: Some(Flavour::JaegerSummaries),
        traces: Vec::new(),
        unchanged: Vec::new(),
        services: ask
            .only
            .clone()
            .map_or_else(|| offered.clone(), |s| vec![s]),
        offered,
        failures: Vec::new(),
        full: summaries.len() >= query.depth,
        summaries: Some((summaries, query)),
    }))
}

/// Finds the flavour the backend speaks: Jaeger v1 first (its search returns whole traces), then
/// api_v3 where v1 is gone (404, or a page that is not JSON). Returns the services as well.
/// `v1_services`: v1's services answer when it was asked already.
async fn probe(
    config: &Config,
    signal: &AbortSignal,
    v1_services: Option<Result<Vec<String>, FetchError>>,
) -> Result<(Backend, Vec<String>), FetchError> {
    let v1 = backend(config, Flavour::JaegerV1);
    let v1_services = match v1_services {
        Some(asked) => asked,
        None => v1.services(signal).await,
    };
    match v1_services {
        Ok(services) => Ok((v1, services)),
        Err(v1_error @ (FetchError::Http { status: 404, .. } | FetchError::Malformed { .. })) => {
            let v3 = backend(config, Flavour::JaegerV3);
            match v3.services(signal).await {
                Ok(services) => Ok((v3, services)),
                Err(FetchError::Aborted) => Err(FetchError::Aborted),
                Err(_) => Err(v1_error),
            }
        }
        Err(other) => Err(other),
    }
}

/// Shows a list from summaries, applying what [`SummariesAnswered`] says of it.
fn show_summaries(
    store: Store,
    inflight: InflightHandle,
    (kind, anew): (Load, bool),
    summaries: Vec<TraceSummary>,
    summary_query: SummaryQuery,
) {
    let answered = store.summaries.with_untracked(|before| {
        let before = before.as_deref().filter(|_| !anew);
        store.traces.with_untracked(|loaded| {
            store.expanded.with_untracked(|open| {
                SummariesAnswered::of(kind, before, &summaries, loaded, open)
            })
        })
    });
    if let Some(new_ids) = answered.new_ids {
        store.new_ids.set(new_ids);
    }
    store
        .traces
        .update(|loaded| loaded.retain(|t| answered.keep.contains(&t.trace_id)));
    store
        .summaries
        .set(Some(summaries.into_iter().map(Arc::new).collect()));
    store.summary_query.set(Some(summary_query));
    if !answered.fetch_again.is_empty() {
        fetch_spans(store, inflight, answered.fetch_again, false);
    }
}

/// Another list replaces the one shown. From the same backend (another range or service,
/// `same_backend`), the spans on their way keep coming: a trace's spans do not depend on the
/// list. From another source (a file, the demo, back to live) they are aborted and forgotten.
pub fn restart_spans(store: Store, inflight: InflightHandle, same_backend: bool) {
    if same_backend {
        store.span_load.update(SpanLoad::restart);
        return;
    }
    inflight.try_update_value(|state| {
        if let Some(controller) = state.spans.take() {
            controller.abort();
        }
    });
    store.span_load.update(SpanLoad::forget);
    store.span_fetches.set(HashMap::new());
}

/// Keeps listed traces' spans coming where they are needed: the open rows' (as a row opens, and
/// after a restart brings open rows back) and, while an analysis view is shown, as many as its
/// budget allows ([`SpanLoad::next`]). The rules are the core's; this asks.
pub fn keep_spans_coming(store: Store, inflight: InflightHandle) {
    let asking = Memo::new(move |_| {
        store
            .span_load
            .with(|l| (l.wanted, l.rounds, l.in_flight.len()))
    });
    Effect::new(move |_| {
        asking.with(|_| ());
        let Some(summaries) = store.summaries.get() else {
            return;
        };
        let loaded: HashSet<String> = store
            .traces
            .with(|t| t.iter().map(|t| t.trace_id.clone()).collect());
        let mut fetching: HashSet<String> =
            store.span_fetches.with(|f| f.keys().cloned().collect());
        // The trace opened by ID is fetched (or held) above the list.
        store.lookup.with(|l| match l {
            Some(Lookup::Loading(id)) => fetching.insert(id.clone()),
            Some(Lookup::Found(trace)) => fetching.insert(trace.trace_id.clone()),
            _ => false,
        });
        let open = store.expanded.get();
        let rows = open_rows_to_fetch(&summaries, &loaded, &open, &fetching);
        if !rows.is_empty() {
            fetch_spans(store, inflight, rows, false);
        }
        let budget = store.config.with_value(|c| c.span_budget);
        let mut load = store.span_load.get_untracked();
        let busy = store
            .span_fetches
            .with_untracked(|f| f.keys().cloned().collect());
        let next = load.next(&summaries, &loaded, &busy, budget);
        if !next.is_empty() {
            store.span_load.set(load);
            fetch_spans(store, inflight, next, true);
        }
    });
}

/// Fetches listed traces' spans by ID into the loaded traces, their state in `span_fetches`
/// (for rows opened, or filters that need spans).
pub fn load_spans(store: Store, inflight: InflightHandle, ids: Vec<String>) {
    fetch_spans(store, inflight, ids, false);
}

/// Fetches listed traces' spans by ID into the loaded traces: `for_analysis` tells
/// [`SpanLoad`] what came, else their state is in `span_fetches`.
fn fetch_spans(store: Store, inflight: InflightHandle, ids: Vec<String>, for_analysis: bool) {
    let config = store.config.get_value();
    let flavour = Flavour::by_id(
        store.flavour.get_untracked().as_ref(),
        config.flavour.as_ref(),
    );
    let backend = backend(&config, flavour);
    let Some(signal) = inflight
        .try_update_value(|state| {
            if state.spans.is_none() {
                state.spans = AbortController::new().ok();
            }
            state.spans.as_ref().map(AbortController::signal)
        })
        .flatten()
    else {
        return;
    };
    if !for_analysis {
        store.span_fetches.update(|f| {
            for id in &ids {
                f.insert(id.clone(), Lookup::Loading(id.clone()));
            }
        });
    }
    for id in ids {
        let (backend, signal) = (backend.clone(), signal.clone());
        spawn_local(async move {
            let received = Rc::new(Cell::new(0u64));
            let throttle = Rc::new(RefCell::new(Throttle::new(PROGRESS_EVERY_MS)));
            let progress = |step: Progress| {
                if let Progress::Received(bytes) = step {
                    received.set(bytes);
                    if !for_analysis {
                        tell_received(store, &id, &received, &throttle);
                    }
                }
            };
            let found = backend
                .trace_telling(&id, "trace-parse", &signal, &progress)
                .await;
            if !for_analysis {
                throttle.borrow_mut().finish();
                store.span_received.try_update(|r| {
                    r.remove(&id);
                });
            }
            if matches!(found, Err(FetchError::Aborted)) {
                return;
            }
            let outcome = match found {
                Ok(Some(record)) => Ok(Arc::new(build_in_steps(record, "trace-build").await)),
                Ok(None) => Err(format!(
                    "Jaeger lists trace {id} but has no spans for it (yet): try again in a moment."
                )),
                Err(error) => Err(error.to_string()),
            };
            if for_analysis {
                let spans = outcome.as_ref().map(|t| t.spans.len()).ok();
                store.span_load.try_update(|load| {
                    load.arrived(&id, spans.map(|n| (received.get(), n)));
                });
            }
            spans_came(store, id, outcome, for_analysis);
        });
    }
}

/// A row being opened says how much of its trace has come (`received`, bytes), at most every
/// quarter second and the last count always, even when the answer then stalls.
fn tell_received(
    store: Store,
    id: &str,
    received: &Rc<Cell<u64>>,
    throttle: &Rc<RefCell<Throttle>>,
) {
    let now_ms = js_sys::Date::now();
    let record = move |bytes: u64, id: &str| {
        store.span_received.try_update(|r| {
            r.insert(id.to_owned(), bytes);
        });
    };
    let tell = throttle.borrow_mut().changed(now_ms);
    match tell {
        Tell::Now => record(received.get(), id),
        Tell::At(at) => {
            let (id, received, throttle) = (id.to_owned(), received.clone(), throttle.clone());
            spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new((at - now_ms).max(0.0) as u32).await;
                let due = throttle.borrow_mut().due(js_sys::Date::now());
                if due {
                    record(received.get(), &id);
                }
            });
        }
        Tell::Waiting => {}
    }
}

/// A listed trace's spans came (or failed to): a trace still listed joins the loaded ones; a
/// failure is shown on its row unless only the analysis views asked.
fn spans_came(store: Store, id: String, outcome: Result<Arc<Trace>, String>, for_analysis: bool) {
    match outcome {
        Ok(trace) => {
            let listed = store
                .summaries
                .try_with_untracked(|s| s.iter().flatten().any(|s| s.trace_id == trace.trace_id))
                .unwrap_or(false);
            if listed {
                store.traces.try_update(|loaded| {
                    loaded.retain(|t| t.trace_id != trace.trace_id);
                    loaded.push(trace);
                });
            }
            store.span_fetches.try_update(|f| {
                f.remove(&id);
            });
        }
        Err(message) if !for_analysis => {
            store.span_fetches.try_update(|f| {
                f.insert(id, Lookup::Failed(message));
            });
        }
        Err(_) => {}
    }
}

/// Opens a trace by ID, whether or not it is in the listed range: a trace already loaded (the
/// list's, or a file's) without asking the backend, which a file's traces never do.
pub fn open_trace(store: Store, inflight: InflightHandle, trace_id: String) {
    let loaded = store
        .traces
        .with_untracked(|list| list.iter().find(|t| t.trace_id == trace_id).cloned());
    if let Some(trace) = loaded {
        store.expanded.update(|open| {
            open.insert(trace.trace_id.clone());
        });
        store.lookup.set(Some(Lookup::Found(trace)));
        return;
    }
    if let Some(file) = store.file.get_untracked() {
        store
            .lookup
            .set(Some(Lookup::Failed(not_in_file(&trace_id, &file))));
        return;
    }
    store.lookup.set(Some(Lookup::Loading(trace_id.clone())));
    timing::clear(&["trace-parse", "trace-build"]);
    let signal = inflight
        .try_update_value(|state| fresh_signal(&mut state.lookup))
        .flatten();
    let fetch = fetch_trace(store, trace_id.clone(), signal);
    spawn_local(async move {
        let found = fetch.await;
        // Gone (the viewer was unmounted) or superseded: nothing to show.
        let still_wanted = store
            .lookup
            .try_with_untracked(|l| matches!(l, Some(Lookup::Loading(id)) if *id == trace_id))
            .unwrap_or(false);
        if !still_wanted {
            return;
        }
        if let Lookup::Found(trace) = &found {
            store.expanded.update(|open| {
                open.insert(trace.trace_id.clone());
            });
        }
        store.lookup.set(Some(found));
    });
}

/// What a file's viewer says of a trace ID the file does not hold.
fn not_in_file(trace_id: &str, file: &str) -> String {
    format!(
        "No trace with ID {trace_id} in {file}: choose \"Back to live\" to look for it in Jaeger."
    )
}

/// Asks the backend (or the demo source) for one trace by ID and builds it; `signal` aborts
/// the request (`None`: it cannot be aborted, or could not be made, and fails as aborted).
fn fetch_trace(
    store: Store,
    trace_id: String,
    signal: Option<AbortSignal>,
) -> impl std::future::Future<Output = Lookup> {
    let config = store.config.get_value();
    let demo = store.demo.get_untracked();
    let flavour = Flavour::by_id(
        store.flavour.get_untracked().as_ref(),
        config.flavour.as_ref(),
    );
    async move {
        let found = if demo {
            Ok(crate::demo::trace_by_id(&trace_id))
        } else {
            match signal {
                Some(signal) => {
                    backend(&config, flavour)
                        .trace(&trace_id, "trace-parse", &signal)
                        .await
                }
                None => Err(FetchError::Aborted),
            }
        };
        match found {
            Ok(Some(record)) => {
                Lookup::Found(Arc::new(build_in_steps(record, "trace-build").await))
            }
            Ok(None) => Lookup::Failed(format!("No trace with ID {trace_id} was found.")),
            Err(error) => Lookup::Failed(error.to_string()),
        }
    }
}

/// Holds the traces a comparison needs in `compare_fetched`, so it stays while the list
/// refreshes: each from the list or the trace opened by ID, else fetched by ID. One that failed
/// before is asked for again.
pub fn fetch_for_compare(store: Store, pair: &ComparePair) {
    let reader = store.reader();
    for id in pair.trace_ids() {
        let trace_id = id.to_owned();
        let kept = store.compare_fetched.with_untracked(|f| match f.get(id) {
            Some(Lookup::Found(_) | Lookup::Loading(_)) => true,
            Some(Lookup::Failed(_)) | None => false,
        });
        if kept {
            continue;
        }
        let held = untrack(|| reader.find_trace(id)).filter(|l| matches!(l, Lookup::Found(_)));
        let now = match (held, store.file.get_untracked()) {
            (Some(found), _) => found,
            (None, Some(file)) => Lookup::Failed(not_in_file(id, &file)),
            (None, None) => {
                let signal = AbortController::new().ok().map(|c| c.signal());
                let fetch = fetch_trace(store, trace_id.clone(), signal);
                let id = trace_id.clone();
                spawn_local(async move {
                    let found = fetch.await;
                    store.compare_fetched.try_update(|f| {
                        f.insert(id, found);
                    });
                });
                Lookup::Loading(trace_id.clone())
            }
        };
        store.compare_fetched.update(|f| {
            f.insert(trace_id, now);
        });
    }
}
