//! The flame graph of the loaded traces: one root operation's traces (or all) merged by path of
//! service + operation, widths their summed time; a click on a node lists the traces holding it.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::actions::Actions;
use crate::app::pages::chart::open_in_list;
use crate::app::runtime::{clock, timing};
use crate::app::state::Viewer;
use crate::app::widgets::flame::FlameChart;
use crate::app::widgets::toggle::ToggleTool;
use crate::view::flame::{FlameGraph, FlameState, Measure, root_operations, traces_holding};
use crate::view::format;

/// Traces named under a clicked node; the rest are counted.
const TRACES_LISTED: usize = 12;

/// A root operation as an option's value: its (service, operation) as JSON, so it names the same
/// root whatever order a refresh lists them in.
fn root_key(service: &str, operation: &str) -> String {
    serde_json::to_string(&(service, operation)).unwrap_or_default()
}

/// The loaded traces merged into one flame graph, with the root operation and the measure to
/// choose, and the traces holding the focused node listed under it.
#[component]
pub fn AggregateFlame() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let roots = Memo::new(move |_| viewer.traces.with(|t| root_operations(t)));
    // The chosen root operation, by its (service, operation); `None` is every one.
    let root = RwSignal::new(None::<(String, String)>);
    let measure = RwSignal::new(Measure::Total);
    let graph = Memo::new_owning(move |_| {
        let chosen = root.get();
        timing::clear(&["aggregate-flame"]);
        let graph = viewer.traces.with(|traces| {
            timing::phase("aggregate-flame", || {
                FlameGraph::merged(
                    traces,
                    chosen.as_ref().map(|(s, o)| (s.as_str(), o.as_str())),
                )
            })
        });
        (Arc::new(graph), true)
    });
    // A refreshed list builds the graph anew: the same node stays focused when it is still there.
    let flame = RwSignal::new(FlameState::default());
    let focused = RwSignal::new(None::<u32>);
    let shown = StoredValue::new(None::<Arc<FlameGraph>>);
    Effect::new(move |_| {
        let now = graph.get();
        let carried = shown.with_value(|before| match before {
            Some(before) => flame.with_untracked(|s| s.carried(before, &now)),
            None => FlameState::default(),
        });
        flame.set(carried);
        focused.set(carried.focus);
        shown.set_value(Some(now));
    });
    // A root operation that left the window is no longer offered: back to all.
    Effect::new(move |_| {
        let gone = root.with_untracked(|r| {
            r.as_ref().is_some_and(|(s, o)| {
                roots.with(|all| !all.iter().any(|(rs, ro, _)| rs == s && ro == o))
            })
        });
        if gone {
            root.set(None);
        }
    });
    view! {
        <div class="td-aggregate-flame">
            <div class="td-flame-layouts">
                <RootOperationPicker roots=roots root=root />
                <MeasureButtons measure=measure />
            </div>
            <Show
                when=move || graph.with(|g| !g.boxes().is_empty())
                fallback=|| view! { <p class="td-muted" role="status">"The loaded traces hold no spans to draw."</p> }
            >
                <FlameChart
                    graph=graph
                    state=flame
                    highlight=Signal::stored(None)
                    measure=measure
                    on_focus=Callback::new(move |b| focused.set(b))
                    whole="All merged"
                />
            </Show>
            {move || focused.get().map(|b| view! { <HoldingTraces graph=graph.get() node=b /> })}
        </div>
    }
}

/// The root operation whose traces are merged, or all of them, each with its count of traces.
#[component]
fn RootOperationPicker(
    roots: Memo<Vec<(String, String, usize)>>,
    root: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let on_change = move |ev: leptos::ev::Event| {
        root.set(serde_json::from_str::<(String, String)>(&event_target_value(&ev)).ok());
    };
    let total = move || viewer.traces.with(Vec::len);
    view! {
        <label class="td-flame-root">
            "Root operation "
            <select on:change=on_change>
                <option value="all" selected=move || root.with(Option::is_none)>
                    {move || format!("All root operations ({})", format::count(total(), "trace", "traces"))}
                </option>
                {move || {
                    roots
                        .get()
                        .into_iter()
                        .map(|(service, operation, n)| {
                            let key = (service.clone(), operation.clone());
                            let chosen = move || root.with(|r| r.as_ref() == Some(&key));
                            view! {
                                <option value=root_key(&service, &operation) selected=chosen>
                                    {format!("{service} · {operation} ({})", format::count(n, "trace", "traces"))}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// What the widths and numbers measure: total time, or the mean per trace holding a box.
#[component]
fn MeasureButtons(measure: RwSignal<Measure>) -> impl IntoView {
    let measure_button = move |choice: Measure, label: &'static str, title: &'static str| {
        view! {
            <ToggleTool
                on=Memo::new(move |_| measure.get() == choice)
                on_toggle=Callback::new(move |()| measure.set(choice))
                label=label
                title=title
            />
        }
    };
    view! {
        <span role="group" aria-label="Widths and numbers" class="td-flame-tools">
            {measure_button(Measure::Total, "Total time", "Durations summed over every span merged")}
            {measure_button(Measure::MeanPerTrace, "Mean per trace", "The sums divided by the traces holding each box")}
        </span>
    }
}

/// The traces holding a node's spans, each opening in the list.
#[component]
fn HoldingTraces(graph: Arc<FlameGraph>, node: u32) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<Actions>();
    let (rows, more) = viewer
        .traces
        .with_untracked(|traces| traces_holding(&graph, node, traces, TRACES_LISTED));
    let total = rows.len() + more;
    view! {
        <div class="td-flame-traces">
            <h3>{format!("Traces holding {} ({total})", graph.title(node))}</h3>
            <ul>
                {rows
                    .into_iter()
                    .map(|row| {
                        let label = format!(
                            "{} · {} · {} · {}",
                            clock::local_time(row.start_us),
                            row.root_operation,
                            format::duration(row.duration_ns),
                            row.short_id,
                        );
                        let id = row.trace_id;
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="td-link-button"
                                    data-trace-id=id.clone()
                                    on:click=move |ev| {
                                        let el: web_sys::Element = event_target(&ev);
                                        open_in_list(actions, &id, &el);
                                    }
                                >
                                    {label}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {(more > 0).then(|| view! { <p class="td-flame-more">{format!("and {more} more")}</p> })}
        </div>
    }
}
