//! The trace list's loads as one state machine, as `TraceViewState` is for an open trace: which
//! load is current (a newer one supersedes the older, whose answer is then dropped), what each
//! answer, piece of progress or failure changes, and what the page must do about it, returned as
//! [`ListEffect`]s that the app's loader performs and nothing more. The traces themselves stay
//! with the app; an event that merges them is handed the ones listed now.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::backend::Flavour;
use crate::backend::summaries::SummaryQuery;
use crate::model::{Trace, TraceSummary};
use crate::view::listing::ListLoad;
use crate::view::load::{ListQuery, LoadProblem, LoadStatus, list_query};
use crate::view::range::backoff_secs;
use crate::view::span_budget::SpanBudget;
use crate::view::trace_list::{ListRow, merge_newest_first};
use crate::view::transfer::Transfers;

/// A list load under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loading {
    /// Which load this is: what comes for any other is dropped.
    pub generation: u64,
    /// A refresh (the first page, merged with what is listed) or "Load more".
    pub kind: ListLoad,
    /// What each service is asked: the window, the depth, the pages kept.
    pub query: ListQuery,
    /// Traces a page: the list keeps `page_size × query.pages`.
    pub page_size: usize,
    /// Traces are listed one by one as they are read, while the answers still arrive: nothing
    /// has answered for this range, service or source yet (a failure is no answer), so the user
    /// is waiting for rows. A list on screen that is refreshed changes once, at the end.
    pub streams: bool,
    /// Whole traces over this budget ([`SpanBudget::holds`]) are listed by their summaries
    /// alone, their spans let go until opened; `None`: every trace is held whole (the backend
    /// cannot fetch one by ID again).
    pub budget: Option<SpanBudget>,
}

/// What is listed when an event merges its traces with it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ListedNow<'a> {
    /// The whole traces listed; where the list holds some back, the loaded ones. A trace listed
    /// whole stays whole, whatever its size: it was opened, or loaded on request.
    pub traces: &'a [Arc<Trace>],
    /// Every row's summary where the list holds some traces back ([`ListEffect::ListHeldBack`]);
    /// else whatever the page holds, which the list then ignores.
    pub summaries: &'a [Arc<TraceSummary>],
}

impl<'a> ListedNow<'a> {
    /// A list of these whole traces.
    pub fn whole(traces: &'a [Arc<Trace>]) -> Self {
        Self {
            traces,
            summaries: &[],
        }
    }
}

/// What a load's answers brought.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListAnswer {
    /// The flavour that answered (found by probing when the config leaves it open).
    pub flavour: Option<Flavour>,
    /// The traces read (those listed while the answers arrived included) and the held ones that
    /// came unchanged; empty for a list from summaries.
    pub traces: Vec<Arc<Trace>>,
    /// The list from trace summaries and the request that brought it, where the backend has
    /// them.
    pub summaries: Option<(Vec<TraceSummary>, SummaryQuery)>,
    /// The services asked.
    pub services: Vec<String>,
    /// Every service the backend offers, for the service filter.
    pub offered: Vec<String>,
    /// What failed while the rest answered: `service: message` or `trace ID: message`.
    pub failures: Vec<String>,
    /// Some answer was a full page: there may be older traces.
    pub full: bool,
}

/// Something that happened to the list.
#[derive(Debug, Clone, PartialEq)]
pub enum ListEvent<'a> {
    /// A load is asked for: a refresh (range, service, the timer, the button) or "Load more";
    /// `window`: the range's, µs since the epoch; `page_size`: traces a page; `budget`: see
    /// [`Loading::budget`].
    Load {
        kind: ListLoad,
        window: (i64, i64),
        page_size: usize,
        budget: Option<SpanBudget>,
    },
    /// How far load `generation`'s answers have come.
    Progress {
        generation: u64,
        transfers: Transfers,
    },
    /// Load `generation` has read these traces whole so far (every one, not only the latest),
    /// its answers still arriving; `listed`: what is listed now.
    Read {
        generation: u64,
        traces: &'a [Arc<Trace>],
        listed: ListedNow<'a>,
    },
    /// Load `generation` answered, at `now_us`; `listed`: what is listed now.
    Answered {
        generation: u64,
        answer: Box<ListAnswer>,
        listed: ListedNow<'a>,
        now_us: i64,
    },
    /// Load `generation` failed; auto-refresh every `refresh_secs` backs off.
    Failed {
        generation: u64,
        problem: LoadProblem,
        refresh_secs: u32,
    },
    /// Load `generation` was aborted (the viewer went away, or a file took its place).
    Aborted { generation: u64 },
    /// The range, service or filters sent to the backend changed: nothing has answered for them.
    Restarted,
    /// The demo or live data takes the list over again: no problem shown.
    Reset,
    /// Opened files' traces replace the list: a load in flight is not wanted.
    FileShown,
    /// A file could not be read as traces.
    FileFailed(String),
}

/// What the page must do.
#[derive(Debug, Clone, PartialEq)]
pub enum ListEffect {
    /// Abort the load in flight, if any, and ask as this says.
    Ask(Loading),
    /// Abort the load in flight: its answer is not wanted.
    Stop,
    /// List these traces, newest first, in place of what is listed (summaries too). `older`:
    /// "Load more" brought them, so nothing is marked new; else traces not listed before are,
    /// unless `anew`.
    ListTraces {
        traces: Vec<Arc<Trace>>,
        older: bool,
        anew: bool,
    },
    /// List these rows of whole traces, newest first, some held back by their summaries alone:
    /// every row's summary, and the traces held whole (within the budget, or listed whole
    /// before). `older` and `anew` as for [`ListEffect::ListTraces`].
    ListHeldBack {
        summaries: Vec<TraceSummary>,
        traces: Vec<Arc<Trace>>,
        older: bool,
        anew: bool,
    },
    /// List these summaries, as `kind` brought them (`view::listing::SummariesAnswered` says what
    /// that does to the loaded traces). `anew`: the list was asked anew (another range or
    /// service), so nothing is marked new.
    ListSummaries {
        kind: ListLoad,
        summaries: Vec<TraceSummary>,
        query: SummaryQuery,
        anew: bool,
    },
    /// The next auto-refresh is due in this many seconds.
    RefreshIn(u32),
}

/// The list's loads and what they came to. [`ListState::on`] is the only way it changes.
#[derive(Debug, Clone, PartialEq)]
pub struct ListState {
    /// The last load's number; 0 before the first.
    generation: u64,
    loading: Option<Loading>,
    /// Traces the current load has listed while its answers arrive.
    streamed: usize,
    /// A load has answered since the range, service or source last changed: a new answer is
    /// merged with what it listed, its new rows marked; until then rows stream in, unmarked.
    answered: bool,
    /// The list shown holds some traces back by their summaries ([`ListEffect::ListHeldBack`]).
    held_back: bool,
    /// Where loading stands, as the page shows it.
    pub status: LoadStatus,
    /// How far the current load's answers have come; `None` when none is under way.
    pub transfers: Option<Transfers>,
    /// Pages the list shows ("Load more" adds one).
    pub pages: usize,
    /// The last answer said older traces may remain.
    pub more_available: bool,
    /// The flavour the backend speaks, once an answer said.
    pub flavour: Option<Flavour>,
    /// The services the last answer's load asked.
    pub queried_services: Vec<String>,
    /// Every service the backend offered, for the service filter.
    pub known_services: Vec<String>,
    /// When the list last answered, µs since the epoch.
    pub last_refreshed_us: Option<i64>,
}

impl Default for ListState {
    fn default() -> Self {
        Self {
            generation: 0,
            loading: None,
            streamed: 0,
            answered: false,
            held_back: false,
            status: LoadStatus::default(),
            transfers: None,
            pages: 1,
            more_available: false,
            flavour: None,
            queried_services: Vec::new(),
            known_services: Vec::new(),
            last_refreshed_us: None,
        }
    }
}

impl ListState {
    /// Whether any load has been asked for since the viewer started.
    pub fn has_loaded(&self) -> bool {
        self.generation > 0
    }

    /// The load under way, if any.
    pub fn loading(&self) -> Option<&Loading> {
        self.loading.as_ref()
    }

    /// Whether the list shown holds some traces back by their summaries
    /// ([`ListEffect::ListHeldBack`]): its summaries are then rows of the list, whose span
    /// counts a search need not read again.
    pub fn holds_back(&self) -> bool {
        self.held_back
    }

    /// Takes `event`; what the page must do about it.
    pub fn on(&mut self, event: ListEvent<'_>) -> Vec<ListEffect> {
        match event {
            ListEvent::Load {
                kind,
                window,
                page_size,
                budget,
            } => self.load(kind, window, page_size, budget),
            ListEvent::Progress {
                generation,
                transfers,
            } => {
                if self.is_current(generation) {
                    // The line counts what is listed, not what is read ahead of the listing.
                    self.transfers = Some(Transfers {
                        traces_read: self.streamed,
                        ..transfers
                    });
                }
                Vec::new()
            }
            ListEvent::Read {
                generation,
                traces,
                listed,
            } => self.read(generation, traces, listed),
            ListEvent::Answered {
                generation,
                answer,
                listed,
                now_us,
            } => match self.end(generation) {
                Some(loading) => self.answered(loading, *answer, listed, now_us),
                None => Vec::new(),
            },
            ListEvent::Failed {
                generation,
                problem,
                refresh_secs,
            } => self.failed(generation, problem, refresh_secs),
            ListEvent::Aborted { generation } => {
                self.end(generation);
                Vec::new()
            }
            ListEvent::Restarted => {
                self.pages = 1;
                self.more_available = false;
                self.answered = false;
                self.status.restart();
                Vec::new()
            }
            ListEvent::Reset => {
                self.answered = false;
                self.held_back = false;
                self.status.reset();
                Vec::new()
            }
            ListEvent::FileShown => self.file_shown(),
            ListEvent::FileFailed(problem) => {
                self.status.failed(LoadProblem::File(problem));
                Vec::new()
            }
        }
    }

    fn load(
        &mut self,
        kind: ListLoad,
        window: (i64, i64),
        page_size: usize,
        budget: Option<SpanBudget>,
    ) -> Vec<ListEffect> {
        self.generation += 1;
        let loading = Loading {
            generation: self.generation,
            kind,
            query: list_query(kind == ListLoad::More, window, page_size, self.pages),
            page_size,
            streams: kind == ListLoad::Refresh && !self.answered,
            budget,
        };
        self.loading = Some(loading);
        self.streamed = 0;
        self.transfers = None;
        self.status.set_loading(true);
        vec![ListEffect::Ask(loading)]
    }

    /// Lists the traces read so far by a load that lists them as they come; the progress line
    /// counts them.
    fn read(
        &mut self,
        generation: u64,
        traces: &[Arc<Trace>],
        listed: ListedNow<'_>,
    ) -> Vec<ListEffect> {
        match self.loading {
            Some(loading) if loading.generation == generation && loading.streams => {
                self.streamed = traces.len();
                if let Some(transfers) = &mut self.transfers {
                    transfers.traces_read = self.streamed;
                }
                let rows = self.merged(&loading, traces.iter().cloned(), listed).0;
                vec![self.list(&loading, rows, listed, (false, true))]
            }
            _ => Vec::new(),
        }
    }

    /// One more failure in a row: the next refresh backs off.
    fn failed(
        &mut self,
        generation: u64,
        problem: LoadProblem,
        refresh_secs: u32,
    ) -> Vec<ListEffect> {
        if self.end(generation).is_none() {
            return Vec::new();
        }
        self.status.failed(problem);
        vec![ListEffect::RefreshIn(backoff_secs(
            refresh_secs,
            self.status.failures(),
        ))]
    }

    /// A file's traces are listed: the load in flight is stopped, and there are no more pages.
    fn file_shown(&mut self) -> Vec<ListEffect> {
        let stop = self.loading.take().is_some();
        self.held_back = false;
        self.transfers = None;
        self.status.set_loading(false);
        self.more_available = false;
        self.status.answered(Vec::new());
        if stop {
            vec![ListEffect::Stop]
        } else {
            Vec::new()
        }
    }

    fn is_current(&self, generation: u64) -> bool {
        self.loading.is_some_and(|l| l.generation == generation)
    }

    /// Ends load `generation` if it is the current one, returning it.
    fn end(&mut self, generation: u64) -> Option<Loading> {
        if !self.is_current(generation) {
            return None;
        }
        self.transfers = None;
        self.status.set_loading(false);
        self.loading.take()
    }

    fn answered(
        &mut self,
        loading: Loading,
        answer: ListAnswer,
        listed: ListedNow<'_>,
        now_us: i64,
    ) -> Vec<ListEffect> {
        let query = loading.query;
        // A list asked anew (another range or service) marks nothing new, as the first does.
        let anew = !self.answered;
        self.answered = true;
        self.pages = query.pages;
        if answer.flavour.is_some() {
            self.flavour = answer.flavour;
        }
        self.queried_services = answer.services;
        self.known_services = answer.offered;
        self.last_refreshed_us = Some(now_us);
        self.status.answered(answer.failures);
        if let Some((summaries, summary_query)) = answer.summaries {
            self.held_back = false;
            self.more_available = answer.full;
            return vec![ListEffect::ListSummaries {
                kind: loading.kind,
                summaries,
                query: summary_query,
                anew,
            }];
        }
        let (rows, cut) = self.merged(&loading, answer.traces.into_iter(), listed);
        self.more_available = query.more_available(answer.full, cut, self.more_available);
        let older = loading.kind == ListLoad::More;
        vec![self.list(&loading, rows, listed, (older, anew))]
    }

    /// `fresh` traces merged with the rows `listed` in the load's window
    /// ([`merge_newest_first`]), cut to the pages shown; whether it was cut.
    fn merged(
        &self,
        loading: &Loading,
        fresh: impl Iterator<Item = Arc<Trace>>,
        listed: ListedNow<'_>,
    ) -> (Vec<Row>, bool) {
        let kept: Vec<Row> = if self.held_back {
            let loaded: HashMap<&str, &Arc<Trace>> = listed
                .traces
                .iter()
                .map(|t| (t.trace_id.as_str(), t))
                .collect();
            listed
                .summaries
                .iter()
                .map(|s| match loaded.get(s.trace_id.as_str()) {
                    Some(trace) => Row::Whole(Arc::clone(trace)),
                    None => Row::Held(Arc::clone(s)),
                })
                .collect()
        } else {
            listed.traces.iter().cloned().map(Row::Whole).collect()
        };
        let window_start = loading.query.window.0;
        let in_window = kept.into_iter().filter(|r| r.start_us() >= window_start);
        let mut rows = merge_newest_first(fresh.map(Row::Whole).chain(in_window), usize::MAX);
        let cap = loading.page_size * loading.query.pages;
        let cut = rows.len() > cap;
        rows.truncate(cap);
        (rows, cut)
    }

    /// What lists `rows`: whole traces when every one is held whole, else the rows by their
    /// summaries beside the traces held whole. A trace is held whole within the load's budget,
    /// or when `listed` has it whole already (opened, or loaded on request: it stays until it is
    /// no longer listed).
    fn list(
        &mut self,
        loading: &Loading,
        rows: Vec<Row>,
        listed: ListedNow<'_>,
        (older, anew): (bool, bool),
    ) -> ListEffect {
        let whole_before: HashSet<&str> =
            listed.traces.iter().map(|t| t.trace_id.as_str()).collect();
        let held = |t: &Trace| {
            loading.budget.is_none_or(|b| b.holds(t.spans.len()))
                || whole_before.contains(t.trace_id.as_str())
        };
        self.held_back = !rows.iter().all(|r| matches!(r, Row::Whole(t) if held(t)));
        if !self.held_back {
            let traces = rows
                .into_iter()
                .filter_map(|r| match r {
                    Row::Whole(t) => Some(t),
                    Row::Held(_) => None,
                })
                .collect();
            return ListEffect::ListTraces {
                traces,
                older,
                anew,
            };
        }
        let mut summaries = Vec::with_capacity(rows.len());
        let mut traces = Vec::new();
        for row in rows {
            match row {
                Row::Whole(t) => {
                    summaries.push(TraceSummary::of(&t));
                    if held(&t) {
                        traces.push(t);
                    }
                }
                Row::Held(s) => summaries.push(Arc::unwrap_or_clone(s)),
            }
        }
        ListEffect::ListHeldBack {
            summaries,
            traces,
            older,
            anew,
        }
    }
}

/// A row of a list of whole traces: the trace, or its summary alone (held back).
enum Row {
    Whole(Arc<Trace>),
    Held(Arc<TraceSummary>),
}

impl Row {
    fn start_us(&self) -> i64 {
        self.start_ns().div_euclid(1_000)
    }
}

impl ListRow for Row {
    fn trace_id(&self) -> &str {
        match self {
            Self::Whole(t) => &t.trace_id,
            Self::Held(s) => &s.trace_id,
        }
    }

    fn start_ns(&self) -> i64 {
        match self {
            Self::Whole(t) => t.start_ns,
            Self::Held(s) => s.start_ns,
        }
    }

    fn span_count(&self) -> usize {
        match self {
            Self::Whole(t) => t.spans.len(),
            Self::Held(s) => s.span_count,
        }
    }

    fn is_whole(&self) -> bool {
        matches!(self, Self::Whole(_))
    }
}
