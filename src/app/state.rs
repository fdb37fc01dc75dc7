//! The viewer's state: a `Store` of signals owned by the app's runtime, shared with components as
//! two `Copy` handles, `Viewer` (read-only) and `Actions` (the one writer).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;

use crate::backend::Flavour;
use crate::backend::list::{ListEffect, ListEvent, ListState};
use crate::backend::summaries::SummaryQuery;
use crate::config::Config;
use crate::model::TraceSummary;
use crate::model::{SpanIdx, Trace};
use crate::view::compare::ComparePair;
use crate::view::list_filter::{
    ListFilter, ListSort, ListedShown, filter_and_sort, filter_and_sort_listed,
};
pub use crate::view::load::LoadProblem;
pub use crate::view::load::LoadStatus;
pub use crate::view::load::Lookup;
use crate::view::range::TimeRange;
use crate::view::search::TraceFind;
use crate::view::span_budget::SpanLoad;
use crate::view::stats::OperationStats;
use crate::view::trace_view::FlameLayout;
use crate::view::transfer::Transfers;
use crate::view::typical::Typical;

/// The viewer's state with write access: owned by the app's runtime (startup, the loader, the
/// address and clock glue) and by [`Actions`]; components never see it.
#[derive(Clone, Copy)]
pub struct Store {
    /// The read-only view, once made (see [`Store::reader`]).
    reader: StoredValue<Option<Viewer>>,
    pub config: StoredValue<Config>,
    pub range: RwSignal<TimeRange>,
    /// Newest first. Where the list comes from summaries, the listed traces whose spans are
    /// loaded (opened, or for the analysis views), in the order they came.
    pub traces: RwSignal<Vec<Arc<Trace>>>,
    /// The list from trace summaries, in the backend's order, where the backend has them;
    /// `None`: the list is [`Self::traces`].
    pub summaries: RwSignal<Option<Vec<Arc<TraceSummary>>>>,
    /// The summaries request behind [`Self::summaries`].
    pub summary_query: RwSignal<Option<SummaryQuery>>,
    /// Loading listed traces' spans for the analysis views.
    pub span_load: RwSignal<SpanLoad>,
    /// Listed traces being opened whose spans are on their way, or failed to come, by ID.
    pub span_fetches: RwSignal<HashMap<String, Lookup>>,
    /// Bytes of their answers received so far, by ID, while they come.
    pub span_received: RwSignal<HashMap<String, u64>>,
    /// The listed summaries that pass the filters, in the chosen order, each with its trace
    /// once loaded; `None` where the list is [`Self::traces`].
    pub listed: Memo<Option<Arc<ListedShown>>>,
    /// Traces that arrived with the latest refresh (not the first load).
    pub new_ids: RwSignal<HashSet<String>>,
    /// A refreshed list held back while the pointer is over the list, so no row moves under it.
    pub pending: RwSignal<Option<Vec<Arc<Trace>>>>,
    pub pointer_over_list: RwSignal<bool>,
    /// The list's loads and what they came to: changed only by [`Store::list_event`], read
    /// through the memos below.
    pub list: RwSignal<ListState>,
    /// Where loading the list stands: under way, answered (some services perhaps failing), or
    /// failed so many times in a row.
    pub status: Memo<LoadStatus>,
    /// How far the answers of the load under way have come; `None` when none is.
    pub transfers: Memo<Option<Transfers>>,
    /// The services that were asked, for the empty state.
    pub queried_services: Memo<Vec<String>>,
    pub last_refreshed_us: Memo<Option<i64>>,
    pub next_refresh_secs: RwSignal<u32>,
    pub paused: RwSignal<bool>,
    /// True when the last page came back full: older traces may exist.
    pub more_available: Memo<bool>,
    /// How many pages "load more" has added to the first.
    pub pages: Memo<usize>,
    pub expanded: RwSignal<HashSet<String>>,
    /// The selected span, as (trace ID, span key — see `Trace::span_key`): one across the page,
    /// and kept in the URL.
    pub selected: RwSignal<Option<(String, String)>>,
    pub lookup: RwSignal<Option<Lookup>>,
    /// The name of the opened file(s) whose traces are shown instead of the backend's.
    pub file: RwSignal<Option<String>>,
    /// The backend flavour in use, once an answer said (configured, or found by probing).
    pub flavour: Memo<Option<Flavour>>,
    /// The clock, ticking once a second, for "3 min ago".
    pub now_us: RwSignal<i64>,
    /// The one service listed (the service filter); `None` lists every configured service.
    pub service: RwSignal<Option<String>>,
    /// Every service the backend offered for listing, for the service filter.
    pub known_services: Memo<Vec<String>>,
    /// The search inside a trace, as (trace ID, search), kept in the address.
    pub find: RwSignal<Option<(String, TraceFind)>>,
    /// A trace shown as its flame graph, as (trace ID, layout), kept in the address.
    pub flame_view: RwSignal<Option<(String, FlameLayout)>>,
    /// Generated demo traces instead of the backend's.
    pub demo: RwSignal<bool>,
    /// The list's filters, applied in the browser (its service is [`Self::service`]).
    pub list_filter: RwSignal<ListFilter>,
    pub sort: RwSignal<ListSort>,
    /// The loaded traces that pass the filters, in the chosen order: what the list, the chart
    /// and the statistics show.
    pub shown: Memo<Vec<Arc<Trace>>>,
    /// Each service + operation's durations over every loaded trace: what "unusual" is
    /// measured against.
    pub typical: Memo<Arc<Typical>>,
    /// Each loaded trace's unusual spans (see [`Typical::unusual_spans`]), by trace ID: counted
    /// once per list, read by its row and its open view.
    pub unusual: Memo<Arc<HashMap<String, Vec<SpanIdx>>>>,
    /// Operation statistics pinned for comparison, with the window they were pinned over.
    pub pinned: RwSignal<Option<(String, Vec<OperationStats>)>>,
    /// The two traces (or a trace and its typical) compared, kept in the address.
    pub compare: RwSignal<Option<ComparePair>>,
    /// The first trace picked with "Compare", waiting for the second.
    pub compare_pick: RwSignal<Option<String>>,
    /// Traces fetched by ID for a comparison (neither listed nor opened), by ID.
    pub compare_fetched: RwSignal<HashMap<String, Lookup>>,
}

/// The viewer's state as components see it: every signal read-only. [`Actions`] is the one
/// writer, so each intent (choose a range, go back to live) keeps its rules in one place.
#[derive(Clone, Copy)]
pub struct Viewer {
    pub config: StoredValue<Config>,
    pub range: ReadSignal<TimeRange>,
    /// Newest first. Where the list comes from summaries, the listed traces whose spans are
    /// loaded (opened, or for the analysis views), in the order they came.
    pub traces: ReadSignal<Vec<Arc<Trace>>>,
    /// The list from trace summaries, in the backend's order; `None`: the list is `traces`.
    pub summaries: ReadSignal<Option<Vec<Arc<TraceSummary>>>>,
    /// Loading listed traces' spans for the analysis views.
    pub span_load: ReadSignal<SpanLoad>,
    /// Listed traces being opened whose spans are on their way, or failed to come, by ID.
    pub span_fetches: ReadSignal<HashMap<String, Lookup>>,
    /// Bytes of their answers received so far, by ID, while they come.
    pub span_received: ReadSignal<HashMap<String, u64>>,
    /// The listed summaries that pass the filters, in order, each with its trace once loaded;
    /// `None` where the list is `traces`.
    pub listed: Memo<Option<Arc<ListedShown>>>,
    /// Traces that arrived with the latest refresh (not the first load).
    pub new_ids: ReadSignal<HashSet<String>>,
    /// A refreshed list held back while the pointer is over the list, so no row moves under it.
    pub pending: ReadSignal<Option<Vec<Arc<Trace>>>>,
    /// Where loading the list stands: under way, answered (some services perhaps failing), or
    /// failed so many times in a row.
    pub status: Memo<LoadStatus>,
    /// How far the answers of the load under way have come; `None` when none is.
    pub transfers: Memo<Option<Transfers>>,
    /// The services that were asked, for the empty state.
    pub queried_services: Memo<Vec<String>>,
    pub last_refreshed_us: Memo<Option<i64>>,
    pub next_refresh_secs: ReadSignal<u32>,
    pub paused: ReadSignal<bool>,
    /// True when the last page came back full: older traces may exist.
    pub more_available: Memo<bool>,
    /// How many pages the list shows ("Load more" adds one).
    pub pages: Memo<usize>,
    pub expanded: ReadSignal<HashSet<String>>,
    /// The selected span, as (trace ID, span key — see `Trace::span_key`): one across the page,
    /// and kept in the URL.
    pub selected: ReadSignal<Option<(String, String)>>,
    pub lookup: ReadSignal<Option<Lookup>>,
    /// The name of the opened file(s) whose traces are shown instead of the backend's.
    pub file: ReadSignal<Option<String>>,
    /// The clock, ticking once a second, for "3 min ago".
    pub now_us: ReadSignal<i64>,
    /// The one service listed (the service filter); `None` lists every configured service.
    pub service: ReadSignal<Option<String>>,
    /// Every service the backend offered for listing, for the service filter.
    pub known_services: Memo<Vec<String>>,
    /// The search inside a trace, as (trace ID, search), kept in the address.
    pub find: ReadSignal<Option<(String, TraceFind)>>,
    /// A trace shown as its flame graph, as (trace ID, layout), kept in the address.
    pub flame_view: ReadSignal<Option<(String, FlameLayout)>>,
    /// Generated demo traces instead of the backend's.
    pub demo: ReadSignal<bool>,
    /// The list's filters, applied in the browser (its service is [`Self::service`]).
    pub list_filter: ReadSignal<ListFilter>,
    pub sort: ReadSignal<ListSort>,
    /// The loaded traces that pass the filters, in the chosen order: what the list, the chart
    /// and the statistics show.
    pub shown: Memo<Vec<Arc<Trace>>>,
    /// Each service + operation's durations over every loaded trace: what "unusual" is
    /// measured against.
    pub typical: Memo<Arc<Typical>>,
    /// Each loaded trace's unusual spans (see [`Typical::unusual_spans`]), by trace ID: counted
    /// once per list, read by its row and its open view.
    pub unusual: Memo<Arc<HashMap<String, Vec<SpanIdx>>>>,
    /// Operation statistics pinned for comparison, with the window they were pinned over.
    pub pinned: ReadSignal<Option<(String, Vec<OperationStats>)>>,
    /// The two traces (or a trace and its typical) compared, kept in the address.
    pub compare: ReadSignal<Option<ComparePair>>,
    /// The first trace picked with "Compare", waiting for the second.
    pub compare_pick: ReadSignal<Option<String>>,
    /// Traces fetched by ID for a comparison (neither listed nor opened), by ID.
    pub compare_fetched: ReadSignal<HashMap<String, Lookup>>,
}

impl Store {
    /// The read-only view of this state, for components: made once (each `read_only` handle is
    /// an arena item of the owner current when it is made), then the same every call.
    pub fn reader(&self) -> Viewer {
        if let Some(reader) = self.reader.get_value() {
            return reader;
        }
        let reader = self.make_reader();
        self.reader.set_value(Some(reader));
        reader
    }

    fn make_reader(&self) -> Viewer {
        Viewer {
            config: self.config,
            range: self.range.read_only(),
            traces: self.traces.read_only(),
            summaries: self.summaries.read_only(),
            span_load: self.span_load.read_only(),
            span_fetches: self.span_fetches.read_only(),
            span_received: self.span_received.read_only(),
            listed: self.listed,
            new_ids: self.new_ids.read_only(),
            pending: self.pending.read_only(),
            status: self.status,
            transfers: self.transfers,
            queried_services: self.queried_services,
            last_refreshed_us: self.last_refreshed_us,
            next_refresh_secs: self.next_refresh_secs.read_only(),
            paused: self.paused.read_only(),
            more_available: self.more_available,
            pages: self.pages,
            expanded: self.expanded.read_only(),
            selected: self.selected.read_only(),
            lookup: self.lookup.read_only(),
            file: self.file.read_only(),
            now_us: self.now_us.read_only(),
            service: self.service.read_only(),
            known_services: self.known_services,
            find: self.find.read_only(),
            flame_view: self.flame_view.read_only(),
            demo: self.demo.read_only(),
            list_filter: self.list_filter.read_only(),
            sort: self.sort.read_only(),
            shown: self.shown,
            typical: self.typical,
            unusual: self.unusual,
            pinned: self.pinned.read_only(),
            compare: self.compare.read_only(),
            compare_pick: self.compare_pick.read_only(),
            compare_fetched: self.compare_fetched.read_only(),
        }
    }

    pub fn new(config: Config) -> Self {
        let range = config.range;
        let refresh = config.refresh_secs;
        let demo = config.demo;
        let traces = RwSignal::new(Vec::new());
        let list = RwSignal::new(ListState::default());
        let service = RwSignal::new(None::<String>);
        let list_filter = RwSignal::new(ListFilter::default());
        let sort = RwSignal::new(ListSort::default());
        let shown = shown_of(traces, service, list_filter, sort);
        let summaries = RwSignal::new(None::<Vec<Arc<TraceSummary>>>);
        let summary_query = RwSignal::new(None::<SummaryQuery>);
        let listed = listed_of(
            summaries,
            summary_query,
            traces,
            (service, list_filter, sort),
        );
        let typical = Memo::new(move |_| traces.with(|all| Arc::new(Typical::of(all))));
        let unusual = Memo::new(move |_| {
            typical.with(|typical| {
                traces.with(|all| {
                    let each = all
                        .iter()
                        .map(|t| (t.trace_id.clone(), typical.unusual_spans(t)));
                    Arc::new(each.collect())
                })
            })
        });
        Self {
            reader: StoredValue::new(None),
            config: StoredValue::new(config),
            range: RwSignal::new(range),
            traces,
            summaries,
            summary_query,
            span_load: RwSignal::new(SpanLoad::default()),
            span_fetches: RwSignal::new(HashMap::new()),
            span_received: RwSignal::new(HashMap::new()),
            listed,
            new_ids: RwSignal::new(HashSet::new()),
            pending: RwSignal::new(None),
            pointer_over_list: RwSignal::new(false),
            list,
            status: Memo::new(move |_| list.with(|l| l.status.clone())),
            transfers: Memo::new(move |_| list.with(|l| l.transfers.clone())),
            queried_services: Memo::new(move |_| list.with(|l| l.queried_services.clone())),
            last_refreshed_us: Memo::new(move |_| list.with(|l| l.last_refreshed_us)),
            next_refresh_secs: RwSignal::new(refresh),
            paused: RwSignal::new(false),
            more_available: Memo::new(move |_| list.with(|l| l.more_available)),
            pages: Memo::new(move |_| list.with(|l| l.pages)),
            expanded: RwSignal::new(HashSet::new()),
            selected: RwSignal::new(None),
            lookup: RwSignal::new(None),
            file: RwSignal::new(None),
            flavour: Memo::new(move |_| list.with(|l| l.flavour.clone())),
            now_us: RwSignal::new(0),
            service,
            known_services: Memo::new(move |_| list.with(|l| l.known_services.clone())),
            find: RwSignal::new(None),
            flame_view: RwSignal::new(None),
            demo: RwSignal::new(demo),
            list_filter,
            sort,
            shown,
            typical,
            unusual,
            pinned: RwSignal::new(None),
            compare: RwSignal::new(None),
            compare_pick: RwSignal::new(None),
            compare_fetched: RwSignal::new(HashMap::new()),
        }
    }

    /// Switches the listed range: traces outside the new window go at once, the rest stay while
    /// the new range loads, and what arrives then is not marked new.
    pub fn set_range(&self, range: TimeRange, now_us: i64) {
        self.range.set(range);
        // A file's traces are not the range's: they stay until "Back to live".
        if self.file.with_untracked(Option::is_some) {
            return;
        }
        self.pending.set(None);
        let (start, end) = range.window(now_us);
        self.traces
            .update(|list| list.retain(|t| (start..=end).contains(&t.start_us())));
        self.summaries.update(|listed| {
            if let Some(listed) = listed {
                listed.retain(|s| (start..=end).contains(&s.start_us()));
            }
        });
        self.restart_list();
    }

    /// The list is asked anew (another range, service or filters sent to the backend): from
    /// the first page, nothing answered for it yet.
    pub fn restart_list(&self) {
        let effects = self.list_event(ListEvent::Restarted);
        debug_assert!(effects.is_empty(), "a restart asks nothing by itself");
    }

    /// Hands `event` to the list's state machine; the effects are the caller's to perform
    /// (`runtime::loader::perform`).
    pub fn list_event(&self, event: ListEvent<'_>) -> Vec<ListEffect> {
        self.list
            .try_update(|list| list.on(event))
            .unwrap_or_default()
    }

    /// Lists one service (or all): the list empties, as its traces may be from other services,
    /// and reloads; a file's traces stay, filtered in the browser.
    pub fn set_service(&self, service: Option<String>) {
        self.service.set(service);
        if self.file.with_untracked(Option::is_some) {
            return;
        }
        self.pending.set(None);
        self.traces.set(Vec::new());
        self.summaries.update(|listed| {
            if let Some(listed) = listed {
                listed.clear();
            }
        });
        self.restart_list();
    }

    /// Shows the traces of opened files in place of the backend's list: one of each, newest
    /// first. The list's own state is told by [`ListEvent::FileShown`].
    pub fn show_file(&self, name: String, traces: Vec<Arc<Trace>>) {
        let traces = crate::view::trace_list::merge_newest_first(traces, usize::MAX);
        self.file.set(Some(name));
        self.summaries.set(None);
        self.pending.set(None);
        // A file's traces are not "new": they replace the list, they did not arrive in it.
        self.new_ids.set(HashSet::new());
        self.traces.set(traces);
    }

    pub fn toggle_expanded(&self, trace_id: &str) {
        self.expanded.update(|open| {
            if !open.remove(trace_id) {
                open.insert(trace_id.to_owned());
            }
        });
    }

    /// Shows a list: traces not in the current one are marked new, unless it was asked `anew`
    /// (a first load, another range or service).
    pub fn show(&self, list: Vec<Arc<Trace>>, anew: bool) {
        self.mark_new(list.iter().map(|t| t.trace_id.as_str()), anew);
        self.traces.set(list);
    }

    /// Marks new the rows `ids` not listed now (by their summaries where the list has them, else
    /// by their traces); nothing when the list was asked `anew`.
    fn mark_new<'a>(&self, ids: impl Iterator<Item = &'a str>, anew: bool) {
        let fresh: HashSet<String> = if anew {
            HashSet::new()
        } else {
            let known: HashSet<String> = self.summaries.with_untracked(|listed| match listed {
                Some(listed) => listed.iter().map(|s| s.trace_id.clone()).collect(),
                None => self
                    .traces
                    .with_untracked(|t| t.iter().map(|t| t.trace_id.clone()).collect()),
            });
            ids.filter(|id| !known.contains(*id))
                .map(str::to_owned)
                .collect()
        };
        self.new_ids.set(fresh);
    }

    /// Shows a list of whole traces that holds some back by their summaries alone: every
    /// row's `summaries`, newest first, and the `traces` held whole. New rows are marked as by
    /// [`Store::show`]; `older` ("Load more") leaves the marks as they are. Shown at once, as a
    /// list from summaries is, even under the pointer.
    pub fn show_held_back(
        &self,
        summaries: Vec<TraceSummary>,
        traces: Vec<Arc<Trace>>,
        older: bool,
        anew: bool,
    ) {
        if !older {
            self.mark_new(summaries.iter().map(|s| s.trace_id.as_str()), anew);
        }
        // A list of whole traces held back for the pointer would undo this one.
        self.pending.set(None);
        self.summary_query.set(None);
        self.summaries
            .set(Some(summaries.into_iter().map(Arc::new).collect()));
        self.traces.set(traces);
    }

    /// Shows older traces added by "Load more": they did not arrive since the last look, so
    /// nothing is marked new (and what was new stays so).
    pub fn show_older(&self, list: Vec<Arc<Trace>>) {
        self.traces.set(list);
    }

    /// Shows a refreshed list now, or once the pointer leaves the list; a list asked `anew` at
    /// once.
    pub fn offer(&self, list: Vec<Arc<Trace>>, anew: bool) {
        if self.pointer_over_list.get_untracked() && !anew {
            self.pending.set(Some(list));
        } else {
            self.show(list, anew);
        }
    }

    pub fn release_pending(&self) {
        if let Some(list) = self.pending.try_update(Option::take).flatten() {
            self.show(list, false);
        }
    }
}

/// The loaded traces that pass the list's filters (its service among them), in the chosen
/// order.
fn shown_of(
    traces: RwSignal<Vec<Arc<Trace>>>,
    service: RwSignal<Option<String>>,
    list_filter: RwSignal<ListFilter>,
    sort: RwSignal<ListSort>,
) -> Memo<Vec<Arc<Trace>>> {
    Memo::new(move |_| {
        let filter = ListFilter {
            service: service.get(),
            ..list_filter.get()
        };
        traces.with(|all: &Vec<Arc<Trace>>| {
            if filter.is_empty() && sort.get() == ListSort::Newest {
                all.clone()
            } else {
                filter_and_sort(all, &filter, sort.get())
            }
        })
    })
}

/// The listed summaries that pass the filters, in the chosen order, each with its trace once
/// loaded; `None` where the list is whole traces.
fn listed_of(
    summaries: RwSignal<Option<Vec<Arc<TraceSummary>>>>,
    summary_query: RwSignal<Option<SummaryQuery>>,
    traces: RwSignal<Vec<Arc<Trace>>>,
    (service, list_filter, sort): (
        RwSignal<Option<String>>,
        RwSignal<ListFilter>,
        RwSignal<ListSort>,
    ),
) -> Memo<Option<Arc<ListedShown>>> {
    Memo::new(move |_| {
        summaries.with(|summaries| {
            let summaries = summaries.as_ref()?;
            let loaded: HashMap<String, Arc<Trace>> = traces.with(|all| {
                all.iter()
                    .map(|t| (t.trace_id.clone(), t.clone()))
                    .collect()
            });
            let filter = ListFilter {
                service: service.get(),
                ..list_filter.get()
            };
            let operation_applied = summary_query.with(|q| {
                q.as_ref()
                    .zip(filter.operation.as_ref())
                    .is_some_and(|(q, key)| q.applies_operation(key))
            });
            Some(Arc::new(filter_and_sort_listed(
                summaries,
                &loaded,
                &filter,
                sort.get(),
                operation_applied,
            )))
        })
    })
}

impl Viewer {
    /// How many traces are listed: summaries where the list comes from them, else loaded traces.
    pub fn listed_count(&self) -> usize {
        self.summaries
            .with(|s| s.as_ref().map(Vec::len))
            .unwrap_or_else(|| self.traces.with(Vec::len))
    }

    /// A trace by ID wherever the viewer holds it: listed, opened by ID, or kept for a
    /// comparison (there also on its way, or failed); `None` when it is nowhere.
    pub fn find_trace(&self, trace_id: &str) -> Option<Lookup> {
        let listed = self
            .traces
            .with(|list| list.iter().find(|t| t.trace_id == trace_id).cloned());
        if let Some(trace) = listed {
            return Some(Lookup::Found(trace));
        }
        let opened = self.lookup.with(|l| match l {
            Some(Lookup::Found(t)) if t.trace_id == trace_id => Some(t.clone()),
            _ => None,
        });
        opened
            .map(Lookup::Found)
            .or_else(|| self.compare_fetched.with(|f| f.get(trace_id).cloned()))
    }
}
