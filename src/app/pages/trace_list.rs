//! The list of recent traces with its states: loading, empty, failing, partial, and the rows.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::actions::Actions;
use crate::app::pages::trace_view::TraceView;
use crate::app::runtime::clock;
use crate::app::runtime::scroll::reveal_after_draw;
use crate::app::state::{LoadProblem, Lookup, Viewer};
use crate::app::widgets::copy::{CopyButton, CopyLink};
use crate::app::widgets::link_outs::LinkOuts;
use crate::model::{Trace, TraceSummary};
use crate::view::colors::method_class;
use crate::view::format;
use crate::view::llm::TraceLlm;
use crate::view::load::{LoadStatus, list_end_note};
use crate::view::trace_list::{TraceRow, short_id};

/// Services that failed while the others answered.
#[component]
fn PartialBanner() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    move || {
        let failures = viewer.status.with(|s| s.failed_services().to_vec());
        (!failures.is_empty()).then(|| {
            view! {
                <div class="td-banner td-banner-warn" role="status">
                    <strong>"Some services could not be listed; showing the others."</strong>
                    <ul>{failures.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul>
                </div>
            }
        })
    }
}

/// While a load takes longer than a second: how far each service's answer has come, and from ten
/// seconds on that it is slow, so a long transfer never reads as a dead backend.
#[component]
fn ProgressLine() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    move || {
        let now_ms = viewer.now_us.get() as f64 / 1_000.0;
        viewer
            .transfers
            .with(|t| t.as_ref().and_then(|t| t.line(now_ms)))
            .map(|line| view! { <p class="td-progress" role="status">{line}</p> })
    }
}

/// A refreshed list held back while the pointer was over the list, offered.
#[component]
fn PendingButton() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<Actions>();
    move || {
        viewer.pending.with(|p| p.as_ref().map(Vec::len)).map(|n| {
            view! {
                <button type="button" class="td-pending" on:click=move |_| actions.show_pending()>
                    {format!("Updated list ready ({}): show", format::count(n, "trace", "traces"))}
                </button>
            }
        })
    }
}

/// The list of recent traces with every state it can be in around it.
#[component]
pub fn TraceList() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<Actions>();
    let nothing_listed = move || viewer.listed_count() == 0;
    let first_load = move || !viewer.status.with(LoadStatus::has_answered) && nothing_listed();
    let empty = move || {
        viewer
            .status
            .with(|s| s.has_answered() && s.problem().is_none())
            && nothing_listed()
    };
    let all_filtered_out = move || {
        let none_shown = viewer.listed.with(|listed| match listed {
            Some(listed) => listed.shown.is_empty(),
            None => viewer.shown.with(Vec::is_empty),
        });
        none_shown && !nothing_listed()
    };
    view! {
        <OpenedTrace />
        <crate::app::pages::compare::ComparePanel />
        <ProblemBanner />
        <PartialBanner />
        <ProgressLine />
        <PendingButton />
        <Show when=move || !nothing_listed()>
            <crate::app::pages::overview::Overview />
            <crate::app::pages::list_toolbar::ListToolbar />
        </Show>
        <section
            class="td-list"
            aria-label="Recent traces"
            aria-busy=move || viewer.status.with(LoadStatus::is_loading).to_string()
            on:mouseenter=move |_| actions.pointer_over_list(true)
            on:mouseleave=move |_| actions.pointer_over_list(false)
        >
            <UnjudgedNote />
            <Show when=first_load>
                <div class="td-skeleton" aria-label="Loading traces">
                    {(0..6).map(|_| view! { <div class="td-skeleton-row"></div> }).collect_view()}
                </div>
            </Show>
            <Show when=empty>
                <EmptyState />
            </Show>
            <Show when=all_filtered_out>
                <div class="td-empty-state" role="status">
                    <h2>"No loaded trace matches the filters"</h2>
                    <button
                        type="button"
                        class="td-tool"
                        on:click=move |_| actions.set_list_filter(Default::default())
                    >
                        "Clear filters"
                    </button>
                </div>
            </Show>
            <For
                each=move || listed_items(&viewer)
                key=Item::key
                children=move |item| view! { <TraceItem item=item in_list=true /> }
            />
        </section>
        <ListEnd />
    }
}

/// The list's end: "Load more" while the backend holds more, and the note saying where the
/// list stops.
#[component]
fn ListEnd() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<Actions>();
    let nothing_listed = move || viewer.listed_count() == 0;
    view! {
        <Show when=move || viewer.more_available.get() && !nothing_listed()>
            <button
                type="button"
                class="td-load-more"
                disabled=move || viewer.status.with(LoadStatus::is_loading)
                on:click=move |_| actions.load_more()
            >
                "Load more"
            </button>
        </Show>
        {move || {
            list_end_note(
                viewer.more_available.get(),
                viewer.pages.get(),
                viewer.listed_count(),
                viewer.range.get().phrase(),
            )
            .map(|note| view! { <p class="td-list-end">{note}</p> })
        }}
    }
}

/// The backend failed: say how, keep the last good list, and offer the demo when no Jaeger answers.
#[component]
fn ProblemBanner() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<Actions>();
    let (api_base, allow_demo) = viewer
        .config
        .with_value(|c| (c.api_base.clone(), c.allow_demo));
    let use_demo = move |_| actions.use_demo();
    move || {
        viewer.status.with(|s| s.problem().cloned()).map(|problem| {
            let kept = viewer.listed_count() > 0;
            let demo = viewer.demo.get_untracked();
            let slow = matches!(problem, LoadProblem::Slow(_));
            let (title, message, unreachable) = match problem {
                LoadProblem::Unreachable(m) => ("Jaeger is unreachable", m, true),
                LoadProblem::NotJaeger(m) => ("The answer is not Jaeger's", m, true),
                LoadProblem::Backend(m) => ("Jaeger reported an error", m, false),
                LoadProblem::Slow(m) => ("Jaeger is slow: an answer stopped partway", m, false),
                LoadProblem::File(m) => ("That file holds no traces tracedeck can read", m, false),
            };
            let offer_demo = allow_demo && !demo && unreachable;
            let api_base = api_base.clone();
            view! {
                <div class="td-banner td-banner-error" role="alert">
                    <strong>{title}</strong>
                    <p class="td-banner-message">{message}</p>
                    {unreachable
                        .then(|| {
                            view! {
                                <p>
                                    "Check that Jaeger's query service is running and that "
                                    <code>{api_base}</code>
                                    " is proxied to it (Jaeger's query API listens on port 16686), or set "
                                    <code>"api"</code>
                                    " to where it answers."
                                </p>
                            }
                        })}
                    {slow
                        .then(|| {
                            view! {
                                <p>
                                    "Jaeger is there but slow to send. A shorter range or one service asks for less; a larger "
                                    <code>"timeout"</code>
                                    " setting waits longer for the next piece."
                                </p>
                            }
                        })}
                    {offer_demo
                        .then(|| {
                            view! {
                                <p>
                                    <button type="button" class="td-demo-link" on:click=use_demo>
                                        "Try the demo data"
                                    </button>
                                    " to see the viewer without a backend."
                                </p>
                            }
                        })}
                    {kept.then(|| view! { <p class="td-banner-note">"Showing the last list that loaded."</p> })}
                </div>
            }
        })
    }
}

#[component]
fn EmptyState() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    view! {
        <div class="td-empty-state" role="status">
            <h2>{move || format!("No traces in {}", viewer.range.get().phrase())}</h2>
            <ul>
                <li>"Try a longer time range."</li>
                <li>"Check that your services export spans to this Jaeger (OTLP endpoint, sampling)."</li>
                <li>
                    {move || {
                        let services = viewer.queried_services.get();
                        if services.is_empty() {
                            "Jaeger knows no services yet.".to_owned()
                        } else {
                            format!("Services asked: {}.", services.join(", "))
                        }
                    }}
                </li>
            </ul>
        </div>
    }
}

/// The trace opened by ID, above the list.
#[component]
fn OpenedTrace() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<Actions>();
    move || {
        viewer.lookup.get().map(|lookup| {
            let body = match lookup {
                Lookup::Loading(id) => {
                    view! { <p class="td-lookup-status">{format!("Opening trace {id}…")}</p> }.into_any()
                }
                Lookup::Failed(message) => {
                    view! { <p class="td-lookup-status td-lookup-failed" role="alert">{message}</p> }
                        .into_any()
                }
                Lookup::Found(trace) => {
                    view! { <TraceItem item=Item::Trace(trace) in_list=false /> }.into_any()
                }
            };
            view! {
                <section class="td-opened" aria-label="Opened trace">
                    <div class="td-opened-head">
                        <span>"Opened by ID"</span>
                        <button
                            type="button"
                            class="td-icon-button"
                            aria-label="Close opened trace"
                            on:click=move |_| actions.close_opened()
                        >
                            "×"
                        </button>
                    </div>
                    {body}
                </section>
            }
        })
    }
}

/// Service chips shown on a trace row; the rest are counted.
const MAX_CHIPS: usize = 4;

/// What a row is drawn from: a trace's spans, or its summary until they arrive.
#[derive(Clone)]
enum Item {
    Trace(Arc<Trace>),
    Summary(Arc<TraceSummary>),
}

impl Item {
    /// The row is drawn again when its spans arrive or change.
    fn key(&self) -> (String, Option<usize>) {
        match self {
            Self::Trace(trace) => (trace.trace_id.clone(), Some(trace.spans.len())),
            Self::Summary(summary) => (summary.trace_id.clone(), None),
        }
    }
}

/// The rows of the list, in order: the listed summaries that pass the filters (each drawn from
/// its trace once loaded), or the loaded traces that do.
fn listed_items(viewer: &Viewer) -> Vec<Item> {
    viewer.listed.with(|listed| match listed {
        Some(listed) => listed
            .shown
            .iter()
            .map(|l| match &l.trace {
                Some(trace) => Item::Trace(trace.clone()),
                None => Item::Summary(l.summary.clone()),
            })
            .collect(),
        None => viewer
            .shown
            .with(|shown| shown.iter().cloned().map(Item::Trace).collect()),
    })
}

/// One trace: its row, and its span tree when expanded. A list row whose trace is also open
/// above the list (opened by ID) stays closed and says so: a trace is drawn once. A row known by
/// its summary alone shows what the summary carries; opening it fetches the spans, and it is
/// drawn again from them once they are here.
#[component]
fn TraceItem(item: Item, in_list: bool) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<Actions>();
    let (row, trace) = match &item {
        Item::Trace(trace) => (TraceRow::of(trace), Some(trace.clone())),
        Item::Summary(summary) => (TraceRow::of_summary(summary), None),
    };
    let id = row.trace_id.clone();
    let shown_above = {
        let id = id.clone();
        Memo::new(move |_| {
            in_list
                && viewer
                    .lookup
                    .with(|l| matches!(l, Some(Lookup::Found(t)) if t.trace_id == id))
        })
    };
    let expanded = {
        let id = id.clone();
        Memo::new(move |_| !shown_above.get() && viewer.expanded.with(|open| open.contains(&id)))
    };
    let is_new = {
        let id = id.clone();
        move || viewer.new_ids.with(|n| n.contains(&id))
    };
    let loaded = trace.is_some();
    let toggle_ref = NodeRef::<leptos::html::Button>::new();
    let toggle = {
        let id = id.clone();
        // The trace open above moves here: closed there, open in the list.
        move |_| {
            if shown_above.get_untracked() {
                actions.open_here_instead(&id);
            } else if loaded {
                actions.toggle_expanded(&id)
            } else {
                REFOCUS.set(Some(id.clone()));
                actions.toggle_listed(&id)
            }
        }
    };
    if loaded {
        keep_focus(&id, toggle_ref);
    }
    let (over_threshold, llm) = trace.as_ref().map_or((0, None), |trace| {
        viewer.config.with_value(|c| {
            (
                c.thresholds.spans_over(trace),
                TraceLlm::priced(trace, &c.llm_prices),
            )
        })
    });
    let has_error = row.error_count > 0;
    let body = StoredValue::new(item);
    view! {
        <article
            class="td-trace"
            class:td-new=is_new.clone()
            class:td-has-error=has_error
            class:td-open=move || expanded.get()
            data-trace-id=id.clone()
        >
            <div class="td-trace-row">
                <button
                    type="button"
                    class="td-trace-toggle"
                    aria-expanded=move || expanded.get().to_string()
                    on:click=toggle
                    node_ref=toggle_ref
                >
                    <span class="td-chevron" aria-hidden="true"></span>
                    <TraceMarks row=row.clone() over_threshold=over_threshold shown_above=shown_above />
                    <UnusualCount trace_id=id.clone() />
                    <Show when=is_new.clone()>
                        <span class="td-new-badge">"new"</span>
                    </Show>
                    <ServiceChips services=row.services.clone() />
                    <TraceFacts row=row.clone() llm=llm />
                </button>
                <TraceLinks row=row trace=trace />
            </div>
            <Show when=move || expanded.get()>
                {move || match body.get_value() {
                    Item::Trace(trace) => view! { <TraceView trace=trace /> }.into_any(),
                    Item::Summary(summary) => view! { <SpansComing summary=summary /> }.into_any(),
                }}
            </Show>
        </article>
    }
}

thread_local! {
    /// The row opened from its summary with its toggle: drawn again from its spans, the new
    /// toggle takes the focus the old one had.
    static REFOCUS: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Focuses the toggle of row `id`, drawn from its spans, when it was opened from its summary and
/// the focus was lost with the old row (it is on the page's body).
fn keep_focus(id: &str, toggle_ref: NodeRef<leptos::html::Button>) {
    if REFOCUS.with_borrow(|r| r.as_deref() != Some(id)) {
        return;
    }
    Effect::new(move |_| {
        let Some(button) = toggle_ref.get() else {
            return;
        };
        REFOCUS.set(None);
        let document = button.owner_document();
        let lost = document
            .as_ref()
            .and_then(web_sys::Document::active_element)
            .is_none_or(|active| active.tag_name() == "BODY");
        if lost {
            let _ = button.focus();
        }
    });
}

/// Under a row opened from its summary: its spans on their way, or why they did not come and a
/// way to ask again.
#[component]
fn SpansComing(summary: Arc<TraceSummary>) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<Actions>();
    let id = summary.trace_id.clone();
    let loading = format!(
        "Loading {}…",
        format::count(summary.span_count, "span", "spans")
    );
    let failure = {
        let id = id.clone();
        Memo::new(move |_| {
            viewer.span_fetches.with(|f| match f.get(&id) {
                Some(Lookup::Failed(message)) => Some(message.clone()),
                _ => None,
            })
        })
    };
    move || match failure.get() {
        Some(message) => {
            let id = id.clone();
            view! {
                <div class="td-lookup-status td-lookup-failed" role="alert">
                    <p>{message}</p>
                    <button type="button" class="td-tool" on:click=move |_| actions.retry_listed(&id)>
                        "Try again"
                    </button>
                </div>
            }
            .into_any()
        }
        None => {
            let received = viewer.span_received.with(|r| r.get(&id).copied());
            let text = match received {
                Some(bytes) => format!("{loading} {} so far", format::bytes(bytes)),
                None => loading.clone(),
            };
            view! { <p class="td-lookup-status" role="status">{text}</p> }.into_any()
        }
    }
}

/// Listed traces a filter cannot judge from their summaries (the root's method, status or route
/// need the spans): left out, said so, and their spans a click away (the smallest first, as many
/// as the analysis views' budget takes in a round).
#[component]
fn UnjudgedNote() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<Actions>();
    let per_round = viewer.config.with_value(|c| c.span_budget.traces);
    let unjudged = Memo::new(move |_| {
        viewer.listed.with(|l| {
            let mut waiting: Vec<(usize, String)> = l
                .as_ref()
                .map(|l| {
                    l.unjudged
                        .iter()
                        .map(|s| (s.span_count, s.trace_id.clone()))
                        .collect()
                })
                .unwrap_or_default();
            waiting.sort();
            waiting
        })
    });
    move || {
        let waiting = unjudged.get();
        (!waiting.is_empty()).then(|| {
            let ids: Vec<String> = waiting.iter().take(per_round).map(|(_, id)| id.clone()).collect();
            let spans: usize = waiting.iter().take(per_round).map(|(n, _)| n).sum();
            let label = format!(
                "Load their spans: {} ({})",
                format::count(ids.len(), "trace", "traces"),
                format::count(spans, "span", "spans")
            );
            let fetching = viewer.span_fetches.with(|f| ids.iter().any(|id| f.contains_key(id)));
            view! {
                <p class="td-list-note" role="status">
                    {format!(
                        "{} not shown: this filter needs a trace's spans, which are loaded when a trace is opened or analysed. ",
                        format::count(waiting.len(), "listed trace", "listed traces"),
                    )}
                    <button
                        type="button"
                        class="td-tool"
                        disabled=fetching
                        on:click=move |_| actions.load_listed_spans(ids.clone())
                    >
                        {label}
                    </button>
                </p>
            }
        })
    }
}

/// The root's method and operation, then what needs attention: errors, latency thresholds, and
/// the trace being open above the list.
#[component]
fn TraceMarks(row: TraceRow, over_threshold: usize, shown_above: Memo<bool>) -> impl IntoView {
    view! {
        {row.method.clone().map(|m| view! { <span class=format!("td-method td-method-{}", method_class(&m))>{m.clone()}</span> })}
        <span class="td-trace-op" title=row.root_operation.clone()>{row.root_operation.clone()}</span>
        {(row.error_count > 0)
            .then(|| {
                view! {
                    <span class="td-error-mark" title="Spans failed">
                        {format!("⚠ {}", format::count(row.error_count, "error", "errors"))}
                    </span>
                }
            })}
        {(over_threshold > 0)
            .then(|| {
                view! {
                    <span class="td-slow-mark" title="Spans over their operation's latency threshold">
                        {format!("⏱ {over_threshold} over threshold")}
                    </span>
                }
            })}
        <Show when=move || shown_above.get()>
            <span class="td-above-badge" title="This trace is open above the list; open it here instead">
                "open above"
            </span>
        </Show>
    }
}

/// How many of the trace's spans are slower than their kind's p95 over the loaded traces.
#[component]
fn UnusualCount(trace_id: String) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let count =
        Memo::new(move |_| (viewer.unusual).with(|all| all.get(&trace_id).map_or(0, Vec::len)));
    move || {
        let n = count.get();
        (n > 0).then(|| {
            view! {
                <span
                    class="td-unusual-mark"
                    title=if n == 1 {
                        "1 span slower than the p95 of its service and operation over the loaded traces".to_owned()
                    } else {
                        format!("{} spans slower than the p95 of their service and operation over the loaded traces", format::grouped(n as i64))
                    }
                >
                    {format!("{} unusual", format::grouped(n as i64))}
                </span>
            }
        })
    }
}

/// A chip per service (its colour, its span count), the rest counted.
#[component]
fn ServiceChips(services: Vec<(String, usize)>) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let colors = viewer.config.with_value(|c| c.colors.clone());
    let rest: Vec<String> = services
        .iter()
        .skip(MAX_CHIPS)
        .map(|(n, _)| n.clone())
        .collect();
    view! {
        <span class="td-chips">
            {services
                .into_iter()
                .take(MAX_CHIPS)
                .map(|(name, count)| {
                    view! {
                        <span class="td-chip" title=format!("{name}: {}", format::count(count, "span", "spans"))>
                            <span class="td-dot" style:background=colors.color(&name).to_owned()></span>
                            <span class="td-chip-name">{name.clone()}</span>
                        </span>
                    }
                })
                .collect_view()}
            {(!rest.is_empty())
                .then(|| {
                    view! {
                        <span class="td-chip-more" title=rest.join(", ")>
                            {format!("+{} more", rest.len())}
                        </span>
                    }
                })}
        </span>
    }
}

/// LLM tokens (and their cost, when priced), span count, duration, and start (local time and age).
#[component]
fn TraceFacts(row: TraceRow, llm: Option<TraceLlm>) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let start_us = row.start_us;
    view! {
        <span class="td-trace-meta">
            {llm.map(|llm| {
                let summary = llm.summary();
                // The whole summary in the tooltip: a narrow row may cut it.
                let title = format!(
                    "{summary}: the LLM calls' input and output tokens, the share of the trace's time they ran{}",
                    if llm.cost.is_some() { ", and the estimated cost of the priced models' calls" } else { "" }
                );
                view! {
                    <span class="td-llm-total" title=title>
                        {summary}
                    </span>
                }
            })}
            <span class="td-span-count">{format::count(row.span_count, "span", "spans")}</span>
            // A trace without spans has no time: nothing is better than 1970.
            {(row.span_count > 0)
                .then(|| {
                    view! {
                        <span class="td-trace-duration">{format::duration(row.duration_ns)}</span>
                        <span class="td-trace-start" title=clock::local_date_time(start_us)>
                            {clock::local_time(start_us)}
                            " · "
                            {move || format::age(viewer.now_us.get().max(start_us), start_us)}
                        </span>
                    }
                })}
        </span>
    }
}

/// "Compare": picks this trace, then a second one opens the comparison of the two.
#[component]
fn CompareButton(trace_id: String) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<Actions>();
    let pick = {
        let id = trace_id.clone();
        Memo::new(move |_| {
            viewer
                .compare_pick
                .with(|p| p.as_ref().map(|p| (*p == id, short_id(p))))
        })
    };
    view! {
        <button
            type="button"
            class="td-copy td-compare-pick"
            aria-pressed=move || pick.with(|p| matches!(p, Some((true, _)))).to_string()
            title=move || match pick.get() {
                None => "Compare this trace with another: pick this one, then the other".to_owned(),
                Some((true, _)) => "Picked for comparison: choose \"Compare with\" on another trace, or here to cancel".to_owned(),
                Some((false, first)) => format!("Compare trace {first} with this one"),
            }
            on:click=move |ev| {
                let completes = viewer
                    .compare_pick
                    .get_untracked()
                    .is_some_and(|first| first != trace_id);
                actions.pick_for_compare(trace_id.clone());
                if completes {
                    reveal_after_draw(&ev, ".td-compare");
                }
            }
        >
            {move || match pick.get() {
                None => "Compare".to_owned(),
                Some((true, _)) => "Cancel compare".to_owned(),
                Some((false, first)) => format!("Compare with {first}"),
            }}
        </button>
    }
}

/// The short trace ID (a click copies the whole), "Link", the `links` setting's trace link-outs
/// (once the spans they are made from are loaded), and the trace in Jaeger UI (or why there is
/// no link: an ID that is not hex).
#[component]
fn TraceLinks(row: TraceRow, trace: Option<Arc<Trace>>) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let link_outs = trace
        .map(|trace| viewer.config.with_value(|c| c.links.for_trace(&trace)))
        .unwrap_or_default();
    let id = row.trace_id.clone();
    let jaeger_link = viewer.config.with_value(|c| c.jaeger_trace_url(&id, None));
    let no_link_reason = (jaeger_link.is_none()
        && viewer.config.with_value(|c| c.jaeger_ui.is_some()))
    .then(|| format!("No Jaeger UI link: the trace ID {id} is not hex"));
    view! {
        <CopyButton
            text=id.clone()
            label=row.short_id.clone()
            title=format!("Copy trace ID {id}")
            class="td-trace-id"
        />
        <CopyLink trace_id=id.clone() />
        <CompareButton trace_id=id.clone() />
        <LinkOuts links=link_outs />
        {jaeger_link
            .map(|href| {
                view! {
                    <a
                        class="td-icon-button td-jaeger-link"
                        href=href
                        target="_blank"
                        rel="noopener noreferrer"
                        title="Open in Jaeger UI"
                        aria-label="Open in Jaeger UI"
                    >
                        "↗"
                    </a>
                }
            })}
        {no_link_reason.map(|reason| view! { <span class="td-no-link" title=reason>"ID not hex"</span> })}
    }
}
