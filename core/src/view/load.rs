//! Where loading the trace list stands, as one value: whether a request is under way, and what the
//! latest one came to (nothing yet, an answer, or a failure counted for the back-off).

/// What went wrong with the latest load; the last good list stays on screen under it.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadProblem {
    /// The backend could not be reached at all: offer the demo source.
    Unreachable(String),
    /// Something answered, but not with Jaeger's JSON (an HTML page, a login form, a cut answer):
    /// most often the proxy points elsewhere, so the same advice and the demo are offered.
    NotJaeger(String),
    /// The backend answered with an error.
    Backend(String),
    /// An answer began but stopped sending partway: the backend is there, and slow or stuck.
    Slow(String),
    /// An opened file could not be read as traces.
    File(String),
}

/// The list's load status. `loading` in each variant says a request is under way.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadStatus {
    /// Nothing has answered yet for this range, service or source: an empty list shows
    /// skeleton rows.
    Waiting { loading: bool },
    /// The latest load answered; `failed_services` names the services whose query failed while
    /// the others answered.
    Answered {
        loading: bool,
        failed_services: Vec<String>,
    },
    /// The latest load failed, the `failures`-th time in a row (auto-refresh backs off while the
    /// backend keeps failing; a file that cannot be read adds none). `answered`: something
    /// answered since the range, service or source last changed (a failure stays on screen
    /// while a new range loads, which has not answered yet).
    Failed {
        loading: bool,
        problem: LoadProblem,
        failures: u32,
        answered: bool,
    },
}

impl Default for LoadStatus {
    fn default() -> Self {
        Self::Waiting { loading: false }
    }
}

impl LoadStatus {
    /// A request is under way.
    pub fn is_loading(&self) -> bool {
        match self {
            Self::Waiting { loading }
            | Self::Answered { loading, .. }
            | Self::Failed { loading, .. } => *loading,
        }
    }

    /// Something (good or bad) has answered since the range, service or source last changed.
    pub fn has_answered(&self) -> bool {
        match self {
            Self::Waiting { .. } => false,
            Self::Answered { .. } => true,
            Self::Failed { answered, .. } => *answered,
        }
    }

    pub fn problem(&self) -> Option<&LoadProblem> {
        match self {
            Self::Failed { problem, .. } => Some(problem),
            _ => None,
        }
    }

    /// Loads that failed in a row.
    pub fn failures(&self) -> u32 {
        match self {
            Self::Failed { failures, .. } => *failures,
            _ => 0,
        }
    }

    /// Services whose query failed while others answered.
    pub fn failed_services(&self) -> &[String] {
        match self {
            Self::Answered {
                failed_services, ..
            } => failed_services,
            _ => &[],
        }
    }

    /// A request went out, or came back (whatever it held).
    pub fn set_loading(&mut self, now: bool) {
        match self {
            Self::Waiting { loading }
            | Self::Answered { loading, .. }
            | Self::Failed { loading, .. } => *loading = now,
        }
    }

    /// The latest load answered, some services perhaps failing.
    pub fn answered(&mut self, failed_services: Vec<String>) {
        *self = Self::Answered {
            loading: self.is_loading(),
            failed_services,
        };
    }

    /// The latest load failed: one more failure in a row. A file that cannot be read is no
    /// answer from the backend: it neither counts as a failure nor as an answer.
    pub fn failed(&mut self, problem: LoadProblem) {
        let (failures, answered) = match problem {
            LoadProblem::File(_) => (self.failures(), self.has_answered()),
            _ => (self.failures() + 1, true),
        };
        *self = Self::Failed {
            loading: self.is_loading(),
            problem,
            failures,
            answered,
        };
    }

    /// The range, service or source changed: nothing has answered for it yet. A failure stays
    /// on screen (the backend is still the one that failed) until the next answer.
    pub fn restart(&mut self) {
        match self {
            Self::Failed { answered, .. } => *answered = false,
            _ => {
                *self = Self::Waiting {
                    loading: self.is_loading(),
                }
            }
        }
    }

    /// What the header's count says of `listed` traces: how many, or, when none is listed
    /// because loading failed (all of it, or some services'), that none could be loaded (not "0
    /// traces", which reads as none in the range), and while the first answer is awaited, nothing
    /// yet.
    pub fn count_text(&self, listed: usize) -> String {
        match self {
            _ if listed > 0 => crate::view::format::count(listed, "trace", "traces"),
            Self::Failed { .. } => "no traces loaded".to_owned(),
            Self::Answered {
                failed_services, ..
            } if !failed_services.is_empty() => "no traces loaded".to_owned(),
            Self::Waiting { .. } => String::new(),
            Self::Answered { .. } => crate::view::format::count(0, "trace", "traces"),
        }
    }

    /// Starts over with no problem shown (the demo stands in, or live data returns).
    pub fn reset(&mut self) {
        *self = Self::Waiting {
            loading: self.is_loading(),
        };
    }
}

/// What one load of the list asks each service for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListQuery {
    /// The search window, µs since the epoch, (start, end).
    pub window: (i64, i64),
    /// How many traces to ask each service for (Jaeger's `limit`, api_v3's search depth).
    pub depth: usize,
    /// How many pages the list shows after this load: it keeps `page_size × pages` traces.
    pub pages: usize,
    /// Whether this is "Load more" (else a refresh).
    pub more: bool,
}

impl ListQuery {
    /// Whether older traces may remain after this load: some service's answer was a full page
    /// (`full`), or the merged list was cut to the pages shown (`cut`). A refresh of a list that
    /// "Load more" has grown asks only for the first page, so it keeps what the last "Load more"
    /// found (`before`) instead of offering more again every refresh.
    pub fn more_available(&self, full: bool, cut: bool, before: bool) -> bool {
        if !self.more && self.pages > 1 {
            before
        } else {
            full || cut
        }
    }
}

/// The query of a load: a refresh asks the range's window for one page (the pages already shown
/// stay, merged); "Load more" (`more`) asks the same window for one page more than is shown.
///
/// Not the page before the oldest trace shown: which traces a search returns is the backend's
/// choice, and they differ. Jaeger 1.x's memory store returns the newest by start time; Jaeger 2.x's
/// returns the most recently *received* that match (`internal/storage/v2/memory/tenant.go`), whose
/// oldest start can lie far behind traces it left out, so a window ending before it skipped them
/// (seen against a real Jaeger 2.13.0: a second page of 19 traces instead of 50). A deeper search
/// of the same window returns a superset on every backend.
pub fn list_query(more: bool, window: (i64, i64), page_size: usize, pages: usize) -> ListQuery {
    let pages = pages.max(1) + usize::from(more);
    ListQuery {
        window,
        depth: if more { page_size * pages } else { page_size },
        pages,
        more,
    }
}

/// What the end of the list says once "Load more" has found no more: `None` while more may come,
/// or before "Load more" was used (a short list needs no note). `range_phrase` is like "the last
/// hour" ([`crate::view::range::TimeRange::phrase`]).
pub fn list_end_note(
    more_available: bool,
    pages: usize,
    shown: usize,
    range_phrase: &str,
) -> Option<String> {
    (!more_available && pages > 1 && shown > 0).then(|| {
        format!(
            "{} in {range_phrase}: no more to load.",
            crate::view::format::count(shown, "trace", "traces")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_says_nothing_wrong_before_an_answer_or_after_a_failure() {
        let mut status = LoadStatus::default();
        assert_eq!(status.count_text(0), "");
        status.failed(LoadProblem::Unreachable("no answer".into()));
        assert_eq!(status.count_text(0), "no traces loaded");
        // What was listed before the failure stays counted.
        assert_eq!(status.count_text(3), "3 traces");
        status.answered(vec!["acontext-core".into()]);
        assert_eq!(status.count_text(0), "no traces loaded");
        status.answered(Vec::new());
        assert_eq!(status.count_text(0), "0 traces");
        assert_eq!(status.count_text(1), "1 trace");
    }

    #[test]
    fn more_is_offered_after_a_full_page_or_a_cut_list_and_kept_by_refreshes_of_more_pages() {
        let window = (0, 1);
        let first = list_query(false, window, 50, 1);
        assert!(first.more_available(true, false, false));
        assert!(first.more_available(false, true, false));
        assert!(!first.more_available(false, false, true));
        let more = list_query(true, window, 50, 1);
        assert!(!more.more_available(false, false, true));
        assert!(more.more_available(true, false, false));
        // A refresh of two pages asks for one: its full page says nothing about older traces.
        let refresh = list_query(false, window, 50, 2);
        assert!(!refresh.more_available(true, true, false));
        assert!(refresh.more_available(false, false, true));
    }

    #[test]
    fn the_list_says_when_load_more_found_nothing_more() {
        assert_eq!(
            list_end_note(false, 2, 50, "the last 15 minutes").as_deref(),
            Some("50 traces in the last 15 minutes: no more to load.")
        );
        assert_eq!(
            list_end_note(false, 2, 1, "the last hour").as_deref(),
            Some("1 trace in the last hour: no more to load.")
        );
        assert_eq!(list_end_note(true, 2, 100, "the last hour"), None);
        assert_eq!(list_end_note(false, 1, 3, "the last hour"), None);
        assert_eq!(list_end_note(false, 2, 0, "the last hour"), None);
    }

    #[test]
    fn load_more_searches_the_same_window_one_page_deeper() {
        let window = (1_000, 2_000);
        assert_eq!(
            list_query(false, window, 50, 1),
            ListQuery {
                window,
                depth: 50,
                pages: 1,
                more: false,
            }
        );
        assert_eq!(
            list_query(true, window, 50, 1),
            ListQuery {
                window,
                depth: 100,
                pages: 2,
                more: true,
            }
        );
        assert_eq!(
            list_query(true, window, 50, 2),
            ListQuery {
                window,
                depth: 150,
                pages: 3,
                more: true,
            }
        );
        // A refresh after "Load more" asks for one page and keeps the pages shown.
        assert_eq!(
            list_query(false, window, 50, 3),
            ListQuery {
                window,
                depth: 50,
                pages: 3,
                more: false,
            }
        );
        // Before the first answer no page is shown yet; the first load still makes one.
        assert_eq!(list_query(false, window, 20, 0).pages, 1);
    }

    #[test]
    fn a_load_goes_from_waiting_to_answered_or_failed() {
        let mut status = LoadStatus::default();
        assert!(!status.has_answered() && !status.is_loading());
        status.set_loading(true);
        assert!(status.is_loading() && !status.has_answered());
        status.set_loading(false);
        status.answered(vec!["core".into()]);
        assert_eq!(status.failed_services(), ["core"]);
        assert!(status.has_answered() && status.problem().is_none());
    }

    #[test]
    fn failures_count_in_a_row_and_an_answer_clears_them() {
        let mut status = LoadStatus::default();
        status.failed(LoadProblem::Unreachable("down".into()));
        status.failed(LoadProblem::Backend("500".into()));
        assert_eq!(status.failures(), 2);
        assert_eq!(status.problem(), Some(&LoadProblem::Backend("500".into())));
        // A new range keeps the failure on screen until something answers, and has not answered.
        status.restart();
        assert_eq!(status.failures(), 2);
        assert!(!status.has_answered() && status.problem().is_some());
        status.answered(Vec::new());
        assert_eq!((status.failures(), status.problem()), (0, None));
        // A file that cannot be read is a problem, neither a backend failure nor an answer.
        status.restart();
        status.failed(LoadProblem::File("x.json".into()));
        assert_eq!(status.failures(), 0);
        assert!(!status.has_answered());
        status.reset();
        assert_eq!(status, LoadStatus::default());
    }

    #[test]
    fn loading_survives_every_transition() {
        let mut status = LoadStatus::default();
        status.set_loading(true);
        status.failed(LoadProblem::Backend("x".into()));
        assert!(status.is_loading());
        status.answered(Vec::new());
        assert!(status.is_loading());
        status.restart();
        assert!(status.is_loading() && !status.has_answered());
    }
}

/// A trace asked for by ID (opened from the box, a link, the address, or for a comparison):
/// on its way, found, or not (why, in a sentence).
#[derive(Debug, Clone)]
pub enum Lookup {
    /// Asked for, by canonical ID.
    Loading(String),
    Found(std::sync::Arc<crate::model::Trace>),
    Failed(String),
}
