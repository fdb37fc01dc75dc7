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

    /// Starts over with no problem shown (the demo stands in, or live data returns).
    pub fn reset(&mut self) {
        *self = Self::Waiting {
            loading: self.is_loading(),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
