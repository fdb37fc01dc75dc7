//! The trace list's loads as one state machine, as `TraceViewState` is for an open trace: which
//! load is current (a newer one supersedes the older, whose answer is then dropped), what each
//! answer, piece of progress or failure changes, and what the page must do about it, returned as
//! [`ListEffect`]s that the app's loader performs and nothing more. The traces themselves stay
//! with the app; an event that merges them is handed the ones listed now.

use std::sync::Arc;

use crate::backend::Flavour;
use crate::backend::summaries::SummaryQuery;
use crate::model::{Trace, TraceSummary};
use crate::view::listing::ListLoad;
use crate::view::load::{ListQuery, LoadProblem, LoadStatus, list_query};
use crate::view::range::backoff_secs;
use crate::view::trace_list::merge_newest_first;
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
    /// `window`: the range's, µs since the epoch; `page_size`: traces a page.
    Load {
        kind: ListLoad,
        window: (i64, i64),
        page_size: usize,
    },
    /// How far load `generation`'s answers have come.
    Progress {
        generation: u64,
        transfers: Transfers,
    },
    /// Load `generation` has read these traces whole so far (every one, not only the latest),
    /// its answers still arriving; `listed`: the traces listed now.
    Read {
        generation: u64,
        traces: &'a [Arc<Trace>],
        listed: &'a [Arc<Trace>],
    },
    /// Load `generation` answered, at `now_us`; `listed`: the traces listed now.
    Answered {
        generation: u64,
        answer: Box<ListAnswer>,
        listed: &'a [Arc<Trace>],
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

    /// Takes `event`; what the page must do about it.
    pub fn on(&mut self, event: ListEvent<'_>) -> Vec<ListEffect> {
        match event {
            ListEvent::Load {
                kind,
                window,
                page_size,
            } => self.load(kind, window, page_size),
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

    fn load(&mut self, kind: ListLoad, window: (i64, i64), page_size: usize) -> Vec<ListEffect> {
        self.generation += 1;
        let loading = Loading {
            generation: self.generation,
            kind,
            query: list_query(kind == ListLoad::More, window, page_size, self.pages),
            page_size,
            streams: kind == ListLoad::Refresh && !self.answered,
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
        listed: &[Arc<Trace>],
    ) -> Vec<ListEffect> {
        match self.loading {
            Some(loading) if loading.generation == generation && loading.streams => {
                self.streamed = traces.len();
                if let Some(transfers) = &mut self.transfers {
                    transfers.traces_read = self.streamed;
                }
                vec![ListEffect::ListTraces {
                    traces: merged(&loading, traces.iter().cloned(), listed).0,
                    older: false,
                    anew: true,
                }]
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
        listed: &[Arc<Trace>],
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
            self.more_available = answer.full;
            return vec![ListEffect::ListSummaries {
                kind: loading.kind,
                summaries,
                query: summary_query,
                anew,
            }];
        }
        let (traces, cut) = merged(&loading, answer.traces.into_iter(), listed);
        self.more_available = query.more_available(answer.full, cut, self.more_available);
        vec![ListEffect::ListTraces {
            traces,
            older: loading.kind == ListLoad::More,
            anew,
        }]
    }
}

/// `fresh` traces merged with those `listed` in the load's window (one of each, the copy with the
/// most spans), newest first, cut to the pages shown; whether it was cut.
fn merged(
    loading: &Loading,
    fresh: impl Iterator<Item = Arc<Trace>>,
    listed: &[Arc<Trace>],
) -> (Vec<Arc<Trace>>, bool) {
    let kept = listed
        .iter()
        .filter(|t| t.start_us() >= loading.query.window.0)
        .cloned();
    let mut traces = merge_newest_first(fresh.chain(kept), usize::MAX);
    let cap = loading.page_size * loading.query.pages;
    let cut = traces.len() > cap;
    traces.truncate(cap);
    (traces, cut)
}
