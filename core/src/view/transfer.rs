//! How far the list's answers have come while they arrive: one line that says which answer is
//! slow and how much of it is in ("acontext-core's answer: 23.4 of 68.1 MB"), so a long transfer
//! reads as slow, never as dead. The network edge counts the bytes; this decides what is said.

use crate::view::format;

/// Loads quicker than this show no progress line at all (it would only flicker), in ms.
pub const QUIET_MS: f64 = 1_000.0;
/// From this long on the line says the load is slow, in ms.
pub const SLOW_MS: f64 = 10_000.0;

/// How far one answer has come, as the network edge tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The answer began, announcing its body's size in bytes when it did.
    Begun(Option<u64>),
    /// Body bytes received so far.
    Received(u64),
    /// All of it is in.
    Done,
}

/// One answer of a load, as far as it has come.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transfer {
    /// What was asked: a service's name.
    pub name: String,
    /// Whether the answer has begun (its status line came).
    pub answering: bool,
    /// Bytes of the body received so far.
    pub received: u64,
    /// The body's size when the answer said (`Content-Length`); ignored once more has come (a
    /// compressed answer's length counts the compressed bytes).
    pub total: Option<u64>,
    /// The whole answer is in.
    pub done: bool,
}

impl Transfer {
    /// `23.4 of 68.1 MB`, `1.2 MB` (no total known), `no answer yet`, `done, 1.2 MB`.
    fn progress(&self) -> String {
        if self.done {
            return format!("done, {}", format::bytes(self.received));
        }
        if !self.answering {
            return "no answer yet".to_owned();
        }
        format::bytes_of(self.received, self.total)
    }
}

/// The answers of one list load, and when it began.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Transfers {
    /// When the load began, ms on the page's clock.
    pub started_ms: f64,
    /// One per service asked, in the order asked.
    pub answers: Vec<Transfer>,
    /// Traces listed so far while the answers still arrive (the list's state machine sets it as
    /// it lists them, so the line and the list agree).
    pub traces_read: usize,
}

impl Transfers {
    /// A load of these services, begun at `started_ms`, nothing received yet.
    pub fn new(started_ms: f64, names: &[String]) -> Self {
        Self {
            started_ms,
            answers: names
                .iter()
                .map(|name| Transfer {
                    name: name.clone(),
                    ..Transfer::default()
                })
                .collect(),
            traces_read: 0,
        }
    }

    /// Takes a step of `name`'s answer; whether that answer is now complete (worth telling at
    /// once). A name not asked for changes nothing.
    pub fn apply(&mut self, name: &str, step: Progress) -> bool {
        let Some(answer) = self.answers.iter_mut().find(|a| a.name == name) else {
            return false;
        };
        match step {
            Progress::Begun(total) => (answer.answering, answer.total) = (true, total),
            Progress::Received(bytes) => answer.received = bytes,
            Progress::Done => answer.done = true,
        }
        answer.done
    }

    /// The progress line at `now_ms`: `None` in the first second (unless traces are listed
    /// already) and once every answer is in;
    /// else `Loading — acontext-core's answer: 23.4 of 68.1 MB; acontext-api's answer: done,
    /// 1.2 MB`, or from ten seconds on `Slow, 12 s so far — …`, the unfinished answers first;
    /// traces listed already are counted after the head (`Loading, 12 traces read — …`).
    pub fn line(&self, now_ms: f64) -> Option<String> {
        let elapsed = now_ms - self.started_ms;
        // Rows on screen while more come must say so at once: they look like the whole list.
        let quiet = elapsed < QUIET_MS && self.traces_read == 0;
        if quiet || self.answers.iter().all(|a| a.done) {
            return None;
        }
        let mut answers: Vec<&Transfer> = self.answers.iter().collect();
        // The ones still coming are what the reader waits for: first.
        answers.sort_by_key(|a| a.done);
        let parts: Vec<String> = answers
            .iter()
            .map(|a| format!("{}'s answer: {}", a.name, a.progress()))
            .collect();
        let mut head = if elapsed >= SLOW_MS {
            format!("Slow, {} so far", format::duration((elapsed * 1e6) as i64))
        } else {
            "Loading".to_owned()
        };
        if self.traces_read > 0 {
            let read = format::count(self.traces_read, "trace", "traces");
            head = format!("{head}, {read} read");
        }
        Some(format!("{head} — {}", parts.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(
        name: &str,
        answering: bool,
        received: u64,
        total: Option<u64>,
        done: bool,
    ) -> Transfer {
        Transfer {
            name: name.into(),
            answering,
            received,
            total,
            done,
        }
    }

    #[test]
    fn quiet_in_the_first_second_and_once_everything_is_in() {
        let mut t = Transfers::new(1_000.0, &["acontext-api".into()]);
        assert_eq!(t.line(1_999.0), None);
        assert_eq!(
            t.line(2_000.0).as_deref(),
            Some("Loading — acontext-api's answer: no answer yet")
        );
        t.answers[0] = answer("acontext-api", true, 1_200_000, None, true);
        assert_eq!(t.line(9_000.0), None);
    }

    #[test]
    fn says_how_much_of_each_answer_is_in_the_unfinished_first() {
        let t = Transfers {
            started_ms: 0.0,
            traces_read: 0,
            answers: vec![
                answer("acontext-api", true, 1_234_567, Some(1_234_567), true),
                answer("acontext-core", true, 23_400_000, Some(68_100_000), false),
                answer("billing", true, 812, None, false),
            ],
        };
        assert_eq!(
            t.line(4_000.0).as_deref(),
            Some(
                "Loading — acontext-core's answer: 23.4 of 68.1 MB; billing's answer: 812 B; \
                 acontext-api's answer: done, 1.23 MB"
            )
        );
    }

    #[test]
    fn from_ten_seconds_on_it_is_slow_and_says_for_how_long() {
        let t = Transfers {
            started_ms: 0.0,
            traces_read: 0,
            answers: vec![answer(
                "acontext-core",
                true,
                23_000_000,
                Some(68_000_000),
                false,
            )],
        };
        assert_eq!(
            t.line(12_300.0).as_deref(),
            Some("Slow, 12.3s so far — acontext-core's answer: 23 of 68 MB")
        );
    }

    #[test]
    fn speaks_at_once_when_rows_are_listed_while_more_come() {
        let mut t = Transfers::new(0.0, &["acontext-core".into()]);
        t.apply("acontext-core", Progress::Begun(None));
        assert_eq!(t.line(300.0), None);
        t.traces_read = 3;
        assert_eq!(
            t.line(300.0).as_deref(),
            Some("Loading, 3 traces read — acontext-core's answer: 0 B")
        );
    }

    #[test]
    fn counts_the_traces_listed_while_the_answers_arrive() {
        let mut t = Transfers::new(0.0, &["acontext-core".into()]);
        t.apply("acontext-core", Progress::Begun(None));
        t.apply("acontext-core", Progress::Received(23_000_000));
        t.traces_read = 1;
        assert_eq!(
            t.line(2_000.0).as_deref(),
            Some("Loading, 1 trace read — acontext-core's answer: 23 MB")
        );
        t.traces_read = 12;
        assert_eq!(
            t.line(12_300.0).as_deref(),
            Some("Slow, 12.3s so far, 12 traces read — acontext-core's answer: 23 MB")
        );
    }

    #[test]
    fn steps_of_an_answer_as_the_edge_tells_them() {
        let mut t = Transfers::new(0.0, &["a".into(), "b".into()]);
        assert!(!t.apply("a", Progress::Begun(Some(2_500_000))));
        assert!(!t.apply("a", Progress::Received(800_000)));
        assert!(!t.apply("nobody", Progress::Done), "a name not asked for");
        assert_eq!(
            t.line(2_000.0).as_deref(),
            Some("Loading — a's answer: 800 KB of 2.5 MB; b's answer: no answer yet")
        );
        assert!(!t.apply("a", Progress::Received(2_500_000)));
        assert!(t.apply("a", Progress::Done));
        assert_eq!(
            t.line(2_000.0).as_deref(),
            Some("Loading — b's answer: no answer yet; a's answer: done, 2.5 MB")
        );
    }

    #[test]
    fn a_total_smaller_than_what_came_is_dropped() {
        let mut t = Transfers::new(0.0, &["a".into()]);
        t.apply("a", Progress::Begun(Some(900_000)));
        t.apply("a", Progress::Received(2_500_000));
        assert_eq!(
            t.line(2_000.0).as_deref(),
            Some("Loading — a's answer: 2.5 MB")
        );
    }
}
