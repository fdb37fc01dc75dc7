//! The open trace's flame graph tab: the layout (by time or merged by operation) and the chart,
//! with the search's matches lit up and a click on a span's box selecting it.

use std::sync::Arc;

use leptos::prelude::*;

use super::Open;
use super::ruler::ticks;
use crate::app::actions::Actions;
use crate::app::runtime::timing;
use crate::app::widgets::flame::FlameChart;
use crate::app::widgets::toggle::ToggleTool;
use crate::model::{SpanIdx, Trace};
use crate::view::flame::{FlameAction, FlameGraph, FlameState, Measure};
use crate::view::trace_view::{Action, FlameLayout};
use crate::view::zoom::Zoom;

#[component]
pub(super) fn TraceFlame(open: Open) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let Open {
        trace,
        state,
        dispatch,
        matches,
        selected,
        ..
    } = open;
    let layout = Memo::new(move |_| state.with(|s| s.flame_layout));
    let graph = {
        let trace = trace.clone();
        // Always "changed": a new layout is a new graph.
        Memo::new_owning(move |_| {
            timing::clear(&["flame-layout"]);
            let graph = timing::phase("flame-layout", || match layout.get() {
                FlameLayout::ByTime => FlameGraph::by_time(trace.clone()),
                FlameLayout::Merged => FlameGraph::merged(std::slice::from_ref(&trace), None),
            });
            (Arc::new(graph), true)
        })
    };
    let flame = RwSignal::new(FlameState::default());
    focus_selected_span(graph, flame, selected);
    let highlight = Memo::new(move |_| {
        let active = state.with(|s| s.find.is_active());
        active.then(|| Arc::new(graph.with(|g| matches.with(|m| g.highlights(m)))))
    });
    let on_focus = {
        let trace = trace.clone();
        Callback::new(move |focus: Option<u32>| {
            let span = focus.and_then(|b| graph.with_untracked(|g| g.span(b)));
            if let Some(idx) = span {
                actions.select(Some((trace.trace_id.clone(), trace.span_key(idx))));
            }
        })
    };
    let axis_trace = trace.clone();
    view! {
        <FlameLayouts layout=layout dispatch=dispatch />
        <FlameChart
            graph=graph
            state=flame
            highlight=highlight
            measure=Signal::stored(Measure::Total)
            on_focus=on_focus
            whole="Whole trace"
            under_chart=move || {
                let trace = axis_trace.clone();
                view! {
                    <Show when=move || layout.get() == FlameLayout::ByTime>
                        <TimeAxis trace=trace.clone() flame=flame />
                    </Show>
                }
            }
        />
    }
}

/// The layouts the graph may take, one button each: by time or merged by operation.
#[component]
fn FlameLayouts(layout: Memo<FlameLayout>, dispatch: Callback<Action>) -> impl IntoView {
    let layout_button = move |choice: FlameLayout, label: &'static str, title: &'static str| {
        view! {
            <ToggleTool
                on=Memo::new(move |_| layout.get() == choice)
                on_toggle=Callback::new(move |()| dispatch.run(Action::FlameLayout(choice)))
                label=label
                title=title
            />
        }
    };
    view! {
        <div class="td-flame-layouts" role="group" aria-label="Flame graph layout">
            {layout_button(FlameLayout::ByTime, "By time", "Each span at its time, as on the timeline")}
            {layout_button(FlameLayout::Merged, "Merged by operation", "Children with the same service and operation summed, as a profiler shows them")}
        </div>
    }
}

/// Keeps the graph's focus on the span selected anywhere (a search step, "Slowest", the tree),
/// and starts a new layout from the whole graph (its boxes are numbered anew). The effect
/// returns the graph it last saw, to tell the two apart.
fn focus_selected_span(
    graph: Memo<Arc<FlameGraph>>,
    flame: RwSignal<FlameState>,
    selected: Memo<Option<SpanIdx>>,
) {
    Effect::new(move |last: Option<usize>| {
        let span = selected.get();
        let g = graph.get();
        let seen = Arc::as_ptr(&g) as usize;
        let before = flame.get_untracked();
        let mut next = if last == Some(seen) {
            before
        } else {
            FlameState::default()
        };
        if let Some(b) = span
            .and_then(|s| g.box_of(s))
            .filter(|&b| next.focus != Some(b))
        {
            next.apply(&g, FlameAction::Focus(b));
        }
        if next != before {
            flame.set(next);
        }
        seen
    });
}

/// Under a flame graph laid out by time: the time window shown, from the trace's start, at its
/// start, quarters and end (the timeline ruler's ticks).
#[component]
fn TimeAxis(trace: Arc<Trace>, flame: RwSignal<FlameState>) -> impl IntoView {
    view! {
        <div class="td-flame-axis" aria-label="Time from the trace's start">
            {move || ticks(flame.with(|s| Zoom { from: s.from, to: s.to }), &trace)}
        </div>
    }
}
