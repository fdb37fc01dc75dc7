//! Operation statistics for the loaded window: a sortable table; a click filters the list to
//! traces containing the operation; "Pin" keeps the numbers so another range can be compared.

use leptos::prelude::*;

use crate::app::state::Viewer;
use crate::view::format;
use crate::view::llm::{model_stats, money};
use crate::view::stats::{
    Comparison, OperationStats, StatsSort, compare, operation_stats, sort_stats,
};

/// The sortable columns: (header, sort, tooltip).
const COLUMNS: [(&str, StatsSort, &str); 8] = [
    ("Operation", StatsSort::Name, "Service and operation"),
    ("Count", StatsSort::Count, "Spans in the loaded traces"),
    (
        "Errors",
        StatsSort::ErrorRate,
        "Failed spans, as a share of all",
    ),
    ("p50", StatsSort::P50, "Median duration"),
    (
        "p95",
        StatsSort::P95,
        "95th percentile duration (nearest rank)",
    ),
    (
        "p99",
        StatsSort::P99,
        "99th percentile duration (nearest rank)",
    ),
    ("Max", StatsSort::Max, "Longest duration"),
    (
        "Self time",
        StatsSort::SelfTime,
        "Time in these spans not covered by their children, summed",
    ),
];

fn percent(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

/// A signed duration change (ns): `+12ms`, `−3ms`, `±0`.
fn delta(ns: Option<i64>) -> String {
    match ns {
        None => "–".to_owned(),
        Some(0) => "±0".to_owned(),
        Some(d) if d > 0 => format!("+{}", format::duration(d)),
        Some(d) => format!("−{}", format::duration(-d)),
    }
}

/// A signed change in percentage points, one decimal: `+16.7 pt`, `−33.3 pt`, `±0 pt`.
fn points(delta: Option<f64>) -> String {
    match delta.map(|d| (d * 10.0).round() / 10.0) {
        None => "–".to_owned(),
        Some(0.0) => "±0 pt".to_owned(),
        Some(d) if d > 0.0 => format!("+{d:.1} pt"),
        Some(d) => format!("−{:.1} pt", -d),
    }
}

/// Per service + operation over the loaded traces, every column sortable; pinned numbers
/// compared with the current window when pinned.
#[component]
pub fn OperationsTable() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let sort = RwSignal::new(StatsSort::Count);
    let stats = Memo::new(move |_| {
        let mut stats = viewer.traces.with(|traces| operation_stats(traces));
        sort_stats(&mut stats, sort.get());
        stats
    });
    let header = move |(title, by, tip): (&'static str, StatsSort, &'static str)| {
        view! {
            <th
                scope="col"
                aria-sort=move || if sort.get() == by { if by == StatsSort::Name { "ascending" } else { "descending" } } else { "none" }
            >
                <button type="button" class="td-th" title=tip on:click=move |_| sort.set(by)>
                    {title}
                </button>
            </th>
        }
    };
    view! {
        <div class="td-operations">
            <div class="td-operations-head">
                <PinControls stats=stats />
            </div>
            <Show
                when=move || stats.with(|s| !s.is_empty())
                fallback=|| view! { <p class="td-muted">"No spans loaded yet."</p> }
            >
                <div class="td-stats-scroll">
                <table class="td-stats">
                    <thead>
                        <tr>
                            {COLUMNS.map(header).collect_view()}
                            {move || viewer.pinned.with(Option::is_some).then(|| view! {
                                <th scope="col" title="Current p50 minus pinned p50">"p50 Δ"</th>
                                <th scope="col" title="Current p95 minus pinned p95">"p95 Δ"</th>
                                <th scope="col" title="Change in error rate, in percentage points">"Errors Δ"</th>
                            })}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let current = stats.get();
                            match viewer.pinned.get() {
                                None => current
                                    .into_iter()
                                    .map(|s| view! { <OperationRow stats=s versus=None /> })
                                    .collect_view()
                                    .into_any(),
                                Some((_, pinned)) => compare(&pinned, &current)
                                    .into_iter()
                                    .filter_map(|c| match (c.current, c.pinned) {
                                        (Some(now), pinned) => Some(
                                            view! { <OperationRow stats=now.clone() versus=Some(pinned.cloned()) /> }
                                                .into_any(),
                                        ),
                                        (None, Some(gone)) => Some(view! { <GoneRow pinned=gone.clone() /> }.into_any()),
                                        (None, None) => None,
                                    })
                                    .collect_view()
                                    .into_any(),
                            }
                        }}
                    </tbody>
                </table>
                </div>
            </Show>
            <ModelTable />
        </div>
    }
}

/// The loaded traces' LLM calls per model: calls, latency, tokens per call, and the estimated
/// cost when `llm_prices` prices the model. Nothing without LLM calls.
#[component]
fn ModelTable() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let prices = viewer.config.with_value(|c| c.llm_prices.clone());
    let priced = !prices.is_empty();
    let models = Memo::new(move |_| viewer.traces.with(|traces| model_stats(traces, &prices)));
    move || {
        let models = models.get();
        (!models.is_empty()).then(|| {
            view! {
                <div class="td-stats-scroll td-models">
                    <table class="td-stats">
                        <caption>"LLM calls by model"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Model"</th>
                                <th scope="col">"Calls"</th>
                                <th scope="col" title="Median duration of a call">"p50"</th>
                                <th scope="col" title="95th percentile duration of a call (nearest rank)">"p95"</th>
                                <th scope="col" title="Mean input → output tokens per call">"Tokens per call"</th>
                                <th scope="col" title="Input and output tokens of every call">"Tokens"</th>
                                {priced.then(|| view! { <th scope="col" title="From the llm_prices setting, US dollars">"Est. cost"</th> })}
                            </tr>
                        </thead>
                        <tbody>
                            {models
                                .into_iter()
                                .map(|m| {
                                    view! {
                                        <tr>
                                            <th scope="row">{m.model.clone()}</th>
                                            <td>{m.calls}</td>
                                            <td>{format::duration(m.p50_ns)}</td>
                                            <td>{format::duration(m.p95_ns)}</td>
                                            <td>{m.tokens_per_call_text()}</td>
                                            <td>{format::grouped(m.input_tokens.saturating_add(m.output_tokens))}</td>
                                            {priced.then(|| view! { <td>{m.cost.map_or_else(|| "no price".to_owned(), money)}</td> })}
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        })
    }
}

/// "Pin for comparison", or what is pinned and "Unpin".
#[component]
fn PinControls(stats: Memo<Vec<OperationStats>>) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<crate::app::actions::Actions>();
    let pin = move |_| {
        let label = format!(
            "{} at {}",
            viewer.range.get_untracked().label(),
            crate::app::runtime::clock::local_time(viewer.now_us.get_untracked())
        );
        actions.pin(label, stats.get_untracked());
    };
    move || {
        match viewer.pinned.get() {
        None => view! {
            <button type="button" class="td-tool td-pin" on:click=pin title="Keep these numbers, change the range, and compare">
                "Pin for comparison"
            </button>
        }
        .into_any(),
        Some((label, _)) => view! {
            <span class="td-pinned">{format!("Compared with the window pinned ({label})")}</span>
            <button type="button" class="td-tool" on:click=move |_| actions.unpin()>"Unpin"</button>
        }
        .into_any(),
    }
    }
}

/// One operation's numbers; `versus` is `None` when not comparing, else the pinned numbers of
/// this operation if it had any ("new" otherwise). A click lists only its traces.
#[component]
fn OperationRow(stats: OperationStats, versus: Option<Option<OperationStats>>) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<crate::app::actions::Actions>();
    let s = stats;
    let key = s.key.clone();
    let over = viewer
        .config
        .with_value(|c| c.thresholds.limit(&s.key.operation))
        .filter(|&limit| s.p95_ns > limit);
    let deltas = versus.map(|pinned| match pinned {
        Some(p) => {
            let cmp = Comparison {
                key: &s.key,
                pinned: Some(&p),
                current: Some(&s),
            };
            [
                delta(cmp.p50_delta_ns()),
                delta(cmp.p95_delta_ns()),
                points(cmp.error_rate_delta_points()),
            ]
        }
        None => ["new".to_owned(), "new".to_owned(), "new".to_owned()],
    });
    view! {
        <tr class:td-over-threshold=over.is_some()>
            <th scope="row">
                <button
                    type="button"
                    class="td-op-link"
                    title="List only traces containing this operation"
                    on:click=move |_| actions.edit_list_filter(|f| f.operation = Some(key.clone()))
                >
                    <span class="td-op-service">{s.key.service.clone()}</span>
                    " "
                    {s.key.operation.clone()}
                </button>
            </th>
            <td>{s.count}</td>
            <td class:td-has-errors={s.errors > 0}>{percent(s.error_rate())}</td>
            <td>{format::duration(s.p50_ns)}</td>
            <td title=over.map(|l| format!("over the {} threshold", format::duration(l)))>
                {format::duration(s.p95_ns)}
            </td>
            <td>{format::duration(s.p99_ns)}</td>
            <td>{format::duration(s.max_ns)}</td>
            <td>{format::duration(s.self_time_ns)}</td>
            {deltas.map(|cells| cells.map(|text| view! { <td class="td-delta">{text}</td> }).collect_view())}
        </tr>
    }
}

/// An operation of the pinned window that the current one does not have.
#[component]
fn GoneRow(pinned: OperationStats) -> impl IntoView {
    view! {
        <tr class="td-gone">
            <th scope="row">
                <span class="td-op-service">{pinned.key.service.clone()}</span>
                " "
                {pinned.key.operation.clone()}
            </th>
            <td colspan="10">
                {format!(
                    "not in this window (pinned: {}, p95 {})",
                    format::count(pinned.count, "span", "spans"),
                    format::duration(pinned.p95_ns),
                )}
            </td>
        </tr>
    }
}
