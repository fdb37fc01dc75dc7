//! The flame graph of the loaded traces: one root operation's traces (or all) merged by path of
//! service + operation, widths their summed time; a click on a node lists the traces holding it.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::actions::Actions;
use crate::app::pages::chart::open_in_list;
use crate::app::runtime::{clock, timing};
use crate::app::state::Viewer;
use crate::app::widgets::flame::FlameChart;
use crate::view::flame::{FlameGraph, FlameState, Measure, root_operations};
use crate::view::format;
use crate::view::trace_list::TraceRow;

/// Traces named under a clicked node; the rest are counted.
const TRACES_LISTED: usize = 12;

#[component]
pub fn AggregateFlame() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<Actions>();
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
    // A refreshed list renumbers the graph: start again from the whole of it.
    let flame = RwSignal::new(FlameState::default());
    let focused = RwSignal::new(None::<u32>);
    Effect::new(move |_| {
        graph.track();
        flame.set(FlameState::default());
        focused.set(None);
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
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let choice = value.parse::<usize>().ok().and_then(|i| {
            roots.with_untracked(|all| all.get(i).map(|(s, o, _)| (s.clone(), o.clone())))
        });
        root.set(choice);
    };
    let selected_index = move || {
        root.with(|r| {
            r.as_ref()
                .and_then(|(s, o)| {
                    roots.with(|all| all.iter().position(|(rs, ro, _)| rs == s && ro == o))
                })
                .map_or_else(|| "all".to_owned(), |i| i.to_string())
        })
    };
    let measure_button = move |choice: Measure, label: &'static str| {
        view! {
            <button
                type="button"
                class="td-tool"
                aria-pressed=move || (measure.get() == choice).to_string()
                on:click=move |_| measure.set(choice)
            >
                {label}
            </button>
        }
    };
    let total = move || viewer.traces.with(Vec::len);
    view! {
        <div class="td-aggregate-flame">
            <div class="td-flame-layouts">
                <label class="td-flame-root">
                    "Root operation "
                    <select on:change=on_change prop:value=selected_index>
                        <option value="all">{move || format!("All root operations ({})", format::count(total(), "trace", "traces"))}</option>
                        {move || {
                            roots
                                .get()
                                .into_iter()
                                .enumerate()
                                .map(|(i, (service, operation, n))| {
                                    view! {
                                        <option value=i.to_string()>
                                            {format!("{service} · {operation} ({})", format::count(n, "trace", "traces"))}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <span role="group" aria-label="Widths and numbers" class="td-flame-tools">
                    {measure_button(Measure::Total, "Total time")}
                    {measure_button(Measure::MeanPerTrace, "Mean per trace")}
                </span>
            </div>
            <FlameChart
                graph=graph
                state=flame
                highlight=Signal::stored(None)
                measure=measure
                on_focus=Callback::new(move |b| focused.set(b))
                whole="All merged"
            />
            {move || {
                focused.get().and_then(|b| {
                    graph.with(|g| {
                        let node = g.node(b)?.clone();
                        // (trace ID, what the button says: start, root operation, duration, short ID)
                        let ids: Vec<(String, String)> = viewer.traces.with(|traces| {
                            node.traces
                                .iter()
                                .filter_map(|&i| traces.get(i as usize))
                                .map(|t| {
                                    let row = TraceRow::of(t);
                                    let label = format!(
                                        "{} · {} · {} · {}",
                                        clock::local_time(row.start_us),
                                        row.root_operation,
                                        format::duration(row.duration_ns),
                                        row.short_id,
                                    );
                                    (row.trace_id, label)
                                })
                                .collect()
                        });
                        let more = ids.len().saturating_sub(TRACES_LISTED);
                        let title = if node.service.is_empty() {
                            node.operation.clone()
                        } else {
                            format!("{} · {}", node.service, node.operation)
                        };
                        Some(view! {
                            <div class="td-flame-traces">
                                <h3>{format!("Traces holding {title} ({})", ids.len())}</h3>
                                <ul>
                                    {ids
                                        .into_iter()
                                        .take(TRACES_LISTED)
                                        .map(|(id, label)| {
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
                        })
                    })
                })
            }}
        </div>
    }
}
