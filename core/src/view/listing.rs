//! What a new list of trace summaries does to what the viewer holds: which rows are new since the
//! last look, which loaded traces stay, and which must be fetched again. The loader applies it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::model::{Trace, TraceSummary};

/// Whether an answer replaces the list (a refresh) or deepens it ("Load more").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListLoad {
    Refresh,
    More,
}

/// The effects of a summaries answer on the viewer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummariesAnswered {
    /// Rows to mark new: listed now, not before; `None` leaves the marks as they are ("Load more"
    /// brings older traces, which did not arrive since the last look).
    pub new_ids: Option<HashSet<String>>,
    /// Loaded traces to keep: still listed with as many spans, or open (an open trace stays
    /// drawn while its newer copy comes).
    pub keep: HashSet<String>,
    /// Open traces listed with another span count (still being written): fetch them again.
    pub fetch_again: Vec<String>,
}

impl SummariesAnswered {
    /// `before`: the summaries listed until now (`None` on the first answer, which marks nothing
    /// new); `loaded`: the traces whose spans are held; `open`: the IDs of the rows open.
    pub fn of(
        load: ListLoad,
        before: Option<&[Arc<TraceSummary>]>,
        now: &[TraceSummary],
        loaded: &[Arc<Trace>],
        open: &HashSet<String>,
    ) -> Self {
        let counts: HashMap<&str, usize> = now
            .iter()
            .map(|s| (s.trace_id.as_str(), s.span_count))
            .collect();
        let new_ids = match (load, before) {
            (ListLoad::More, _) => None,
            (ListLoad::Refresh, None) => Some(HashSet::new()),
            (ListLoad::Refresh, Some(before)) => {
                let known: HashSet<&str> = before.iter().map(|s| s.trace_id.as_str()).collect();
                Some(
                    now.iter()
                        .filter(|s| !known.contains(s.trace_id.as_str()))
                        .map(|s| s.trace_id.clone())
                        .collect(),
                )
            }
        };
        let mut answered = Self {
            new_ids,
            ..Self::default()
        };
        for trace in loaded {
            match counts.get(trace.trace_id.as_str()) {
                Some(&n) if n == trace.spans.len() => {
                    answered.keep.insert(trace.trace_id.clone());
                }
                Some(_) if open.contains(&trace.trace_id) => {
                    answered.keep.insert(trace.trace_id.clone());
                    answered.fetch_again.push(trace.trace_id.clone());
                }
                // Grown and closed: fetched again when next opened. No longer listed: gone.
                _ => {}
            }
        }
        answered.fetch_again.sort();
        answered
    }
}

/// The open rows to fetch the spans of: listed, open (`open`), not loaded (`loaded`) and not on
/// their way or failed (`fetching`: a failed row waits for "Try again").
pub fn open_rows_to_fetch(
    summaries: &[Arc<TraceSummary>],
    loaded: &HashSet<String>,
    open: &HashSet<String>,
    fetching: &HashSet<String>,
) -> Vec<String> {
    summaries
        .iter()
        .map(|s| &s.trace_id)
        .filter(|id| open.contains(*id) && !loaded.contains(*id) && !fetching.contains(*id))
        .cloned()
        .collect()
}
