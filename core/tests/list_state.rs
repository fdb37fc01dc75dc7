//! The trace list's loads (`backend::list::ListState`), worked by hand: which load is current,
//! what an answer, a piece of progress or a failure changes, and what the page is told to do.

mod common;

use std::sync::Arc;

use tracedeck_core::backend::Flavour;
use tracedeck_core::backend::list::{
    ListAnswer, ListEffect, ListEvent, ListState, ListedNow, Loading,
};
use tracedeck_core::backend::summaries::SummaryQuery;
use tracedeck_core::model::{Trace, TraceSummary};
use tracedeck_core::view::list_filter::ListFilter;
use tracedeck_core::view::listing::ListLoad;
use tracedeck_core::view::load::{LoadProblem, LoadStatus};
use tracedeck_core::view::span_budget::{BYTES_PER_SPAN_GUESS, SpanBudget};
use tracedeck_core::view::trace_list::TraceRow;
use tracedeck_core::view::transfer::Transfers;

/// The window every load here asks: 1,000 to 2,000 s after the epoch, in µs.
const WINDOW: (i64, i64) = (1_000_000_000, 2_000_000_000);

/// A one-span trace `id` starting `at_s` seconds after the epoch.
fn trace(id: &str, at_s: i64) -> Arc<Trace> {
    common::loaded(vec![common::doc(
        id,
        vec![common::op(id, "1", "GET /", None, at_s * 1_000_000, 5)],
    )])
    .remove(0)
}

fn ids(traces: &[Arc<Trace>]) -> Vec<&str> {
    traces.iter().map(|t| t.trace_id.as_str()).collect()
}

/// Asks for a load of `kind` with 2 traces a page; the load it asks.
fn ask(list: &mut ListState, kind: ListLoad) -> Loading {
    match list
        .on(ListEvent::Load {
            kind,
            window: WINDOW,
            page_size: 2,
            budget: None,
        })
        .as_slice()
    {
        [ListEffect::Ask(loading)] => *loading,
        other => panic!("a load asks, once: {other:?}"),
    }
}

fn answer(traces: Vec<Arc<Trace>>, full: bool) -> ListAnswer {
    ListAnswer {
        flavour: Some(Flavour::JaegerV1),
        traces,
        services: vec!["acontext-api".into()],
        offered: vec!["acontext-api".into(), "acontext-core".into()],
        full,
        ..ListAnswer::default()
    }
}

/// The traces an effect lists, and whether as older ones / anew.
fn listed(effects: &[ListEffect]) -> (Vec<&str>, bool, bool) {
    match effects {
        [
            ListEffect::ListTraces {
                traces,
                older,
                anew,
            },
        ] => (ids(traces), *older, *anew),
        other => panic!("one list of traces: {other:?}"),
    }
}

#[test]
fn the_first_load_lists_its_answer_anew_and_says_what_it_asked() {
    let mut list = ListState::default();
    assert!(!list.has_loaded());
    let loading = ask(&mut list, ListLoad::Refresh);
    assert_eq!(loading.generation, 1);
    assert_eq!((loading.query.depth, loading.query.pages), (2, 1));
    assert!(
        loading.streams,
        "nothing is listed yet: rows show as they are read"
    );
    assert!(list.status.is_loading());
    assert_eq!(list.loading(), Some(&loading));

    let effects = list.on(ListEvent::Answered {
        generation: 1,
        answer: Box::new(answer(vec![trace("old", 1_100), trace("new", 1_900)], true)),
        listed: ListedNow::whole(&[]),
        now_us: 1_950_000_000,
    });
    assert_eq!(listed(&effects), (vec!["new", "old"], false, true));
    assert_eq!(
        list.status,
        LoadStatus::Answered {
            loading: false,
            failed_services: vec![]
        }
    );
    assert!(list.more_available, "a full page: older traces may remain");
    assert_eq!(list.flavour, Some(Flavour::JaegerV1));
    assert_eq!(list.known_services, ["acontext-api", "acontext-core"]);
    assert_eq!(list.last_refreshed_us, Some(1_950_000_000));
    assert_eq!(list.loading(), None);
}

#[test]
fn a_newer_load_supersedes_the_older_whose_answer_and_progress_are_dropped() {
    let mut list = ListState::default();
    ask(&mut list, ListLoad::Refresh);
    let second = ask(&mut list, ListLoad::Refresh);
    assert_eq!(second.generation, 2);
    let late = ListEvent::Progress {
        generation: 1,
        transfers: Transfers::new(0.0, &["acontext-api".into()]),
    };
    assert!(list.on(late).is_empty());
    assert_eq!(list.transfers, None);
    let dropped = list.on(ListEvent::Answered {
        generation: 1,
        answer: Box::new(answer(vec![trace("stale", 1_500)], false)),
        listed: ListedNow::whole(&[]),
        now_us: 0,
    });
    assert!(dropped.is_empty());
    assert!(list.status.is_loading(), "the second is still under way");
    assert!(!list.status.has_answered());
}

#[test]
fn a_refresh_keeps_the_listed_traces_in_the_window_marks_the_rest_new_and_cuts_to_the_pages() {
    let mut list = ListState::default();
    ask(&mut list, ListLoad::Refresh);
    let first = [trace("alpha", 1_200), trace("gone", 900)];
    list.on(ListEvent::Answered {
        generation: 1,
        answer: Box::new(answer(first.to_vec(), false)),
        listed: ListedNow::whole(&[]),
        now_us: 0,
    });
    let loading = ask(&mut list, ListLoad::Refresh);
    assert!(
        !loading.streams,
        "a list on screen changes once, at the end"
    );
    let effects = list.on(ListEvent::Answered {
        generation: 2,
        answer: Box::new(answer(
            vec![trace("bravo", 1_800), trace("charlie", 1_700)],
            false,
        )),
        // Listed now: `gone` started before the window.
        listed: ListedNow::whole(&first),
        now_us: 0,
    });
    // Two a page: `alpha`, the oldest in the window, is cut, so there may be more.
    assert_eq!(listed(&effects), (vec!["bravo", "charlie"], false, false));
    assert!(list.more_available);
}

#[test]
fn load_more_asks_one_page_deeper_and_lists_older_traces_unmarked() {
    let mut list = ListState::default();
    ask(&mut list, ListLoad::Refresh);
    let first = [trace("bravo", 1_800), trace("charlie", 1_700)];
    list.on(ListEvent::Answered {
        generation: 1,
        answer: Box::new(answer(first.to_vec(), true)),
        listed: ListedNow::whole(&[]),
        now_us: 0,
    });
    let more = ask(&mut list, ListLoad::More);
    assert_eq!((more.query.depth, more.query.pages), (4, 2));
    let effects = list.on(ListEvent::Answered {
        generation: 2,
        answer: Box::new(answer(
            vec![trace("bravo", 1_800), trace("alpha", 1_200)],
            false,
        )),
        listed: ListedNow::whole(&first),
        now_us: 0,
    });
    assert_eq!(
        listed(&effects),
        (vec!["bravo", "charlie", "alpha"], true, false)
    );
    assert_eq!(list.pages, 2);
    assert!(
        !list.more_available,
        "a short page and nothing cut: that was all"
    );
    // A refresh then asks the first page only, and keeps what "Load more" found.
    let refresh = ask(&mut list, ListLoad::Refresh);
    assert_eq!((refresh.query.depth, refresh.query.pages), (2, 2));
}

#[test]
fn traces_read_while_the_first_answers_arrive_are_listed_then_and_not_on_a_refresh() {
    let mut list = ListState::default();
    ask(&mut list, ListLoad::Refresh);
    let read = [trace("first", 1_500)];
    let effects = list.on(ListEvent::Read {
        generation: 1,
        traces: &read,
        listed: ListedNow::whole(&[]),
    });
    assert_eq!(listed(&effects), (vec!["first"], false, true));
    // The progress line counts what is listed, whatever the edge counted as read.
    let mut ahead = Transfers::new(0.0, &["acontext-api".into()]);
    ahead.traces_read = 5;
    list.on(ListEvent::Progress {
        generation: 1,
        transfers: ahead,
    });
    assert_eq!(list.transfers.as_ref().map(|t| t.traces_read), Some(1));
    // Read by a load replaced since: nothing.
    ask(&mut list, ListLoad::Refresh);
    let stale = list.on(ListEvent::Read {
        generation: 1,
        traces: &read,
        listed: ListedNow::whole(&[]),
    });
    assert!(stale.is_empty());
    list.on(ListEvent::Answered {
        generation: 2,
        answer: Box::new(answer(read.to_vec(), false)),
        listed: ListedNow::whole(&[]),
        now_us: 0,
    });
    ask(&mut list, ListLoad::Refresh);
    let refreshing = list.on(ListEvent::Read {
        generation: 3,
        traces: &[trace("second", 1_600)],
        listed: ListedNow::whole(&read),
    });
    assert!(
        refreshing.is_empty(),
        "a list on screen does not move while it refreshes"
    );
}

#[test]
fn failures_in_a_row_back_the_refresh_off_and_an_answer_ends_it() {
    let mut list = ListState::default();
    let fail = |list: &mut ListState, generation| {
        list.on(ListEvent::Failed {
            generation,
            problem: LoadProblem::Unreachable("http://jaeger".into()),
            refresh_secs: 30,
        })
    };
    ask(&mut list, ListLoad::Refresh);
    assert_eq!(fail(&mut list, 1), [ListEffect::RefreshIn(60)]);
    ask(&mut list, ListLoad::Refresh);
    assert_eq!(fail(&mut list, 2), [ListEffect::RefreshIn(120)]);
    assert_eq!(list.status.failures(), 2);
    assert!(fail(&mut list, 2).is_empty(), "a load ends once");
    ask(&mut list, ListLoad::Refresh);
    list.on(ListEvent::Answered {
        generation: 3,
        answer: Box::new(answer(vec![], false)),
        listed: ListedNow::whole(&[]),
        now_us: 0,
    });
    assert_eq!(list.status.failures(), 0);
    assert_eq!(list.status.problem(), None);
}

#[test]
fn an_opened_file_stops_the_load_and_its_answer_is_dropped() {
    let mut list = ListState::default();
    ask(&mut list, ListLoad::Refresh);
    list.on(ListEvent::Answered {
        generation: 1,
        answer: Box::new(answer(vec![trace("live", 1_500)], true)),
        listed: ListedNow::whole(&[]),
        now_us: 0,
    });
    assert!(list.more_available);
    ask(&mut list, ListLoad::Refresh);
    assert_eq!(list.on(ListEvent::FileShown), [ListEffect::Stop]);
    assert!(!list.status.is_loading());
    let late = list.on(ListEvent::Answered {
        generation: 2,
        answer: Box::new(answer(vec![trace("live", 1_500)], true)),
        listed: ListedNow::whole(&[]),
        now_us: 0,
    });
    assert!(late.is_empty());
    assert!(!list.more_available, "a file has no more pages");
    assert!(
        list.on(ListEvent::FileShown).is_empty(),
        "nothing left to stop"
    );
    list.on(ListEvent::FileFailed("not JSON".into()));
    assert_eq!(
        list.status.failures(),
        0,
        "a bad file is no backend failure"
    );
}

#[test]
fn a_list_from_summaries_is_listed_as_such_and_another_range_asks_anew() {
    let mut list = ListState::default();
    ask(&mut list, ListLoad::Refresh);
    let query = SummaryQuery::new(WINDOW, 2, None, &ListFilter::default(), None);
    let summaries = ListAnswer {
        flavour: Some(Flavour::JaegerSummaries),
        summaries: Some((Vec::new(), query.clone())),
        full: true,
        ..ListAnswer::default()
    };
    let effects = list.on(ListEvent::Answered {
        generation: 1,
        answer: Box::new(summaries.clone()),
        listed: ListedNow::whole(&[]),
        now_us: 0,
    });
    assert_eq!(
        effects,
        [ListEffect::ListSummaries {
            kind: ListLoad::Refresh,
            summaries: Vec::new(),
            query: query.clone(),
            anew: true,
        }]
    );
    assert!(list.more_available);
    // Refreshed: not anew.
    ask(&mut list, ListLoad::Refresh);
    let effects = list.on(ListEvent::Answered {
        generation: 2,
        answer: Box::new(summaries.clone()),
        listed: ListedNow::whole(&[]),
        now_us: 0,
    });
    assert!(matches!(
        effects[..],
        [ListEffect::ListSummaries { anew: false, .. }]
    ));
    // Another range: anew, from the first page.
    list.on(ListEvent::Restarted);
    assert_eq!(list.pages, 1);
    ask(&mut list, ListLoad::Refresh);
    let effects = list.on(ListEvent::Answered {
        generation: 3,
        answer: Box::new(summaries),
        listed: ListedNow::whole(&[]),
        now_us: 0,
    });
    assert!(matches!(
        effects[..],
        [ListEffect::ListSummaries { anew: true, .. }]
    ));
    assert_eq!(list.flavour, Some(Flavour::JaegerSummaries));
}

#[test]
fn progress_is_kept_for_the_current_load_only_until_it_ends() {
    let mut list = ListState::default();
    ask(&mut list, ListLoad::Refresh);
    let transfers = Transfers::new(5.0, &["acontext-core".into()]);
    list.on(ListEvent::Progress {
        generation: 1,
        transfers: transfers.clone(),
    });
    assert_eq!(list.transfers, Some(transfers));
    list.on(ListEvent::Aborted { generation: 1 });
    assert_eq!(list.transfers, None);
    assert!(!list.status.is_loading());
}

#[test]
fn after_a_failed_first_load_rows_still_stream_and_the_answer_marks_nothing_new() {
    let mut list = ListState::default();
    ask(&mut list, ListLoad::Refresh);
    list.on(ListEvent::Failed {
        generation: 1,
        problem: LoadProblem::Slow("acontext-core stopped sending".into()),
        refresh_secs: 30,
    });
    let retry = ask(&mut list, ListLoad::Refresh);
    assert!(
        retry.streams,
        "a failure is no answer: the user still waits for rows"
    );
    let effects = list.on(ListEvent::Answered {
        generation: 2,
        answer: Box::new(answer(vec![trace("first", 1_500)], false)),
        listed: ListedNow::whole(&[]),
        now_us: 0,
    });
    assert_eq!(listed(&effects), (vec!["first"], false, true));
}

#[test]
fn another_range_forgets_the_last_ranges_more_pages() {
    let mut list = ListState::default();
    ask(&mut list, ListLoad::Refresh);
    list.on(ListEvent::Answered {
        generation: 1,
        answer: Box::new(answer(vec![trace("full", 1_500)], true)),
        listed: ListedNow::whole(&[]),
        now_us: 0,
    });
    assert!(list.more_available);
    list.on(ListEvent::Restarted);
    assert!(
        !list.more_available,
        "the end-of-list note is the new range's to say"
    );
    assert!(ask(&mut list, ListLoad::Refresh).streams);
}

/// A trace `id` of `spans` spans (a root and its children) starting `at_s` seconds after the
/// epoch.
fn wide(id: &str, at_s: i64, spans: usize) -> Arc<Trace> {
    let start = at_s * 1_000_000;
    let mut ops = vec![common::op(id, "1", "GET /wide", None, start, 50)];
    ops.extend(
        (2..=spans).map(|n| common::op(id, &n.to_string(), "work", Some("1"), start + 1, 5)),
    );
    common::loaded(vec![common::doc(id, ops)]).remove(0)
}

/// Holds a trace of up to 2 spans whole.
const TWO_SPANS: SpanBudget = SpanBudget {
    traces: 50,
    bytes: 2 * BYTES_PER_SPAN_GUESS,
};

/// Asks for a load of `kind`, 3 traces a page, within `budget`.
fn ask_within(list: &mut ListState, kind: ListLoad, budget: Option<SpanBudget>) -> Loading {
    match list
        .on(ListEvent::Load {
            kind,
            window: WINDOW,
            page_size: 3,
            budget,
        })
        .as_slice()
    {
        [ListEffect::Ask(loading)] => *loading,
        other => panic!("a load asks, once: {other:?}"),
    }
}

/// Every row's summary (ID, spans) and the traces held whole, of one held-back list.
/// Rows (ID, spans), the traces held whole, `older`, `anew`.
type HeldBack = (Vec<(String, usize)>, Vec<Arc<Trace>>, bool, bool);

fn held_back(effects: Vec<ListEffect>) -> HeldBack {
    match <[ListEffect; 1]>::try_from(effects) {
        Ok(
            [
                ListEffect::ListHeldBack {
                    summaries,
                    traces,
                    older,
                    anew,
                },
            ],
        ) => (
            summaries
                .into_iter()
                .map(|s| (s.trace_id, s.span_count))
                .collect(),
            traces,
            older,
            anew,
        ),
        other => panic!("one held-back list: {other:?}"),
    }
}

/// A first load within `budget` answered with `alpha` (1 span, from 1,800 s) and `bravo` (3
/// spans, from 1,700 s): the list, the effects, and the two traces.
fn first_answer_alpha_and_bravo(
    budget: Option<SpanBudget>,
) -> (ListState, Vec<ListEffect>, [Arc<Trace>; 2]) {
    let mut list = ListState::default();
    ask_within(&mut list, ListLoad::Refresh, budget);
    let (alpha, bravo) = (trace("alpha", 1_800), wide("bravo", 1_700, 3));
    let effects = list.on(ListEvent::Answered {
        generation: 1,
        answer: Box::new(answer(vec![alpha.clone(), bravo.clone()], false)),
        listed: ListedNow::whole(&[]),
        now_us: 0,
    });
    (list, effects, [alpha, bravo])
}

fn rows(list: &[(&str, usize)]) -> Vec<(String, usize)> {
    list.iter().map(|(id, n)| ((*id).to_owned(), *n)).collect()
}

#[test]
fn a_trace_over_the_budget_is_listed_by_its_summary_its_spans_let_go() {
    let (_, effects, _) = first_answer_alpha_and_bravo(Some(TWO_SPANS));
    let (summaries, traces, older, anew) = held_back(effects);
    assert_eq!(summaries, rows(&[("alpha", 1), ("bravo", 3)]));
    assert_eq!(ids(&traces), ["alpha"], "bravo's 3 spans are over 2");
    assert_eq!((older, anew), (false, true));
}

#[test]
fn a_held_back_summary_keeps_what_the_trace_said() {
    let big = wide("bravo", 1_700, 3);
    let summary = TraceSummary::of(&big);
    assert_eq!(
        (
            summary.root_service.as_str(),
            summary.root_operation.as_str()
        ),
        ("svc-a", "GET /wide")
    );
    assert_eq!(summary.start_us(), 1_700_000_000);
    assert_eq!(summary.duration_ns(), 50_000);
    assert_eq!((summary.span_count, summary.error_count), (3, 0));
    assert_eq!(summary.services.len(), 1);
    assert_eq!(summary.services[0].span_count, 3);
    // The row drawn from it says what the trace's own row says of the same facts.
    let (whole, summarized) = (TraceRow::of(&big), TraceRow::of_summary(&summary));
    assert_eq!(
        (&whole.root_operation, &whole.root_service, whole.start_us),
        (
            &summarized.root_operation,
            &summarized.root_service,
            summarized.start_us
        )
    );
    assert_eq!(
        (whole.duration_ns, whole.span_count, &whole.services),
        (
            summarized.duration_ns,
            summarized.span_count,
            &summarized.services
        )
    );
}

/// A list of `alpha` (1 span, held whole) and `bravo` (3 spans, held back), as the page holds it
/// after [`a_trace_over_the_budget_is_listed_by_its_summary_its_spans_let_go`].
fn listing_alpha_and_bravo() -> (ListState, Arc<Trace>, Vec<Arc<TraceSummary>>) {
    let (list, _, [alpha, bravo]) = first_answer_alpha_and_bravo(Some(TWO_SPANS));
    let summaries = vec![
        Arc::new(TraceSummary::of(&alpha)),
        Arc::new(TraceSummary::of(&bravo)),
    ];
    (list, alpha, summaries)
}

#[test]
fn a_refresh_keeps_a_held_back_row_by_its_summary_when_its_trace_is_not_read_again() {
    let (mut list, alpha, summaries) = listing_alpha_and_bravo();
    ask_within(&mut list, ListLoad::Refresh, Some(TWO_SPANS));
    // bravo came again with as many spans: not read, so the answer holds only charlie and alpha.
    let loaded = [alpha.clone()];
    let effects = list.on(ListEvent::Answered {
        generation: 2,
        answer: Box::new(answer(vec![trace("charlie", 1_900), alpha], false)),
        listed: ListedNow {
            traces: &loaded,
            summaries: &summaries,
        },
        now_us: 0,
    });
    let (summaries, traces, _, anew) = held_back(effects);
    assert_eq!(
        summaries,
        rows(&[("charlie", 1), ("alpha", 1), ("bravo", 3)])
    );
    assert_eq!(ids(&traces), ["charlie", "alpha"]);
    assert!(!anew, "a refresh marks charlie new");
}

#[test]
fn a_trace_listed_whole_stays_whole_until_it_leaves_the_list() {
    let (mut list, alpha, summaries) = listing_alpha_and_bravo();
    // bravo was opened (or loaded for the analysis views): its spans came by ID.
    let loaded = [alpha.clone(), wide("bravo", 1_700, 3)];
    ask_within(&mut list, ListLoad::Refresh, Some(TWO_SPANS));
    let effects = list.on(ListEvent::Answered {
        generation: 2,
        answer: Box::new(answer(vec![alpha.clone()], false)),
        listed: ListedNow {
            traces: &loaded,
            summaries: &summaries,
        },
        now_us: 0,
    });
    // Nothing is held back: the list is whole traces, bravo's spans kept.
    assert_eq!(listed(&effects), (vec!["alpha", "bravo"], false, false));
    // Its copy in the next answer, read whole, does not let it go either.
    ask_within(&mut list, ListLoad::Refresh, Some(TWO_SPANS));
    let effects = list.on(ListEvent::Answered {
        generation: 3,
        answer: Box::new(answer(vec![alpha.clone(), wide("bravo", 1_700, 3)], false)),
        listed: ListedNow::whole(&loaded),
        now_us: 0,
    });
    assert_eq!(listed(&effects), (vec!["alpha", "bravo"], false, false));
    // Another range where bravo is not listed, then back: read anew, it is held back again.
    ask_within(&mut list, ListLoad::Refresh, Some(TWO_SPANS));
    let only_alpha = [alpha.clone()];
    list.on(ListEvent::Answered {
        generation: 4,
        answer: Box::new(answer(vec![alpha.clone()], false)),
        listed: ListedNow::whole(&[]),
        now_us: 0,
    });
    ask_within(&mut list, ListLoad::Refresh, Some(TWO_SPANS));
    let effects = list.on(ListEvent::Answered {
        generation: 5,
        answer: Box::new(answer(vec![wide("bravo", 1_700, 3)], false)),
        listed: ListedNow::whole(&only_alpha),
        now_us: 0,
    });
    let (rows_now, traces, _, _) = held_back(effects);
    assert_eq!(rows_now, rows(&[("alpha", 1), ("bravo", 3)]));
    assert_eq!(ids(&traces), ["alpha"]);
}

#[test]
fn once_no_row_is_held_back_the_list_is_whole_traces_again() {
    let (mut list, alpha, summaries) = listing_alpha_and_bravo();
    ask_within(&mut list, ListLoad::Refresh, Some(TWO_SPANS));
    let loaded = [alpha.clone()];
    // Three newer traces fill the page: bravo, the oldest, is cut.
    let effects = list.on(ListEvent::Answered {
        generation: 2,
        answer: Box::new(answer(
            vec![trace("delta", 1_950), trace("charlie", 1_900), alpha],
            false,
        )),
        listed: ListedNow {
            traces: &loaded,
            summaries: &summaries,
        },
        now_us: 0,
    });
    assert_eq!(
        listed(&effects),
        (vec!["delta", "charlie", "alpha"], false, false)
    );
    assert!(list.more_available, "bravo was cut");
}

#[test]
fn without_a_budget_every_trace_is_held_whole() {
    let (_, effects, _) = first_answer_alpha_and_bravo(None);
    assert_eq!(listed(&effects), (vec!["alpha", "bravo"], false, true));
}

#[test]
fn traces_over_the_budget_stream_in_by_their_summaries() {
    let mut list = ListState::default();
    let loading = ask_within(&mut list, ListLoad::Refresh, Some(TWO_SPANS));
    assert!(loading.streams);
    let read = [wide("bravo", 1_700, 3)];
    let effects = list.on(ListEvent::Read {
        generation: 1,
        traces: &read,
        listed: ListedNow::whole(&[]),
    });
    let (summaries, traces, _, anew) = held_back(effects);
    assert_eq!(summaries, rows(&[("bravo", 3)]));
    assert!(traces.is_empty());
    assert!(anew, "rows streaming in are not new");
}
