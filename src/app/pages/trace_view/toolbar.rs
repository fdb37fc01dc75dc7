//! Above the tree: expand and collapse all, jump to the first error, the critical path alone,
//! Download JSON, the trace's facts and notes, and the zoom window with the way back.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::actions::Actions;
use crate::app::runtime::scroll::reveal_after_draw;
use crate::app::widgets::toggle::ToggleTool;
use crate::model::{SpanIdx, Trace};
use crate::view::compare::{ComparePair, CompareWith};
use crate::view::detail::trace_notes;
use crate::view::format;
use crate::view::trace_view::{Action, TraceViewState};
use crate::view::zoom::Zoom;

#[component]
pub(super) fn Toolbar(
    trace: Arc<Trace>,
    state: RwSignal<TraceViewState>,
    dispatch: Callback<Action>,
    /// The spans slower than their kind's p95.
    unusual: Memo<Vec<SpanIdx>>,
) -> impl IntoView {
    let unusual_only = Memo::new(move |_| state.with(|s| s.unusual_only));
    let zoom = Memo::new(move |_| state.with(|s| s.zoom));
    let critical_only = Memo::new(move |_| state.with(|s| s.critical_only));
    let notes = trace_notes(&trace);
    let download = {
        let trace = trace.clone();
        move |_| {
            let json = crate::wire::jaeger::to_json(&[trace.as_ref()]);
            crate::app::widgets::files::download(&format!("trace-{}.json", trace.trace_id), &json);
        }
    };
    view! {
        <div class="td-tree-toolbar">
            <button type="button" class="td-tool" on:click=move |_| dispatch.run(Action::ExpandAll)>
                "Expand all"
            </button>
            <button type="button" class="td-tool" on:click=move |_| dispatch.run(Action::CollapseAll)>
                "Collapse all"
            </button>
            {(trace.error_count > 0)
                .then(|| {
                    view! {
                        <button type="button" class="td-tool td-jump-error" on:click=move |_| dispatch.run(Action::JumpToFirstError)>
                            "Jump to first error"
                        </button>
                    }
                })}
            <ToggleTool
                on=critical_only
                on_toggle=Callback::new(move |()| dispatch.run(Action::ToggleCriticalOnly))
                label="Critical path only"
                title="Show only the spans on the critical path: the chain that bounds the trace's duration"
            />
            <UnusualToggle unusual=unusual on=unusual_only dispatch=dispatch />
            <CompareTypical trace_id=trace.trace_id.clone() />
            <button type="button" class="td-tool" on:click=download>
                "Download JSON"
            </button>
            <span class="td-tree-facts">
                {format!(
                    "{} · depth {} · {}",
                    format::count(trace.spans.len(), "span", "spans"),
                    trace.max_depth + 1,
                    format::duration(trace.duration_ns()),
                )}
            </span>
            {notes.into_iter().map(|n| view! { <span class="td-tree-note">{n}</span> }).collect_view()}
            <ZoomState zoom=zoom trace=trace.clone() dispatch=dispatch />
        </div>
    }
}

/// "Unusual only (N)": the spans slower than their kind's p95 over the loaded traces, with
/// their ancestors. Said plainly when there is none (and off, so nothing hides).
#[component]
fn UnusualToggle(
    unusual: Memo<Vec<SpanIdx>>,
    on: Memo<bool>,
    dispatch: Callback<Action>,
) -> impl IntoView {
    let count = Memo::new(move |_| unusual.with(Vec::len));
    view! {
        <button
            type="button"
            class="td-tool td-unusual-toggle"
            title=move || {
                if count.get() == 0 {
                    "No span of this trace is slower than the p95 of its service and operation over the loaded traces (5 samples or more)".to_owned()
                } else {
                    format!(
                        "Show only the {} slower than the p95 of their service and operation over the loaded traces, with their ancestors",
                        format::count(count.get(), "span", "spans")
                    )
                }
            }
            aria-pressed=move || on.get().to_string()
            disabled=move || count.get() == 0 && !on.get()
            on:click=move |_| dispatch.run(Action::ToggleUnusualOnly)
        >
            {move || format!("Unusual only ({})", format::grouped(count.get() as i64))}
        </button>
    }
}

/// "Compare with typical": this trace against each path's p50 over the other loaded traces of
/// its root operation, above the list.
#[component]
fn CompareTypical(trace_id: String) -> impl IntoView {
    let actions = expect_context::<Actions>();
    view! {
        <button
            type="button"
            class="td-tool"
            title="Compare this trace with the typical durations (p50) of the other loaded traces of its root operation"
            on:click=move |ev| {
                actions.compare(ComparePair { a: trace_id.clone(), b: CompareWith::Typical });
                reveal_after_draw(&ev, ".td-compare");
            }
        >
            "Compare with typical"
        </button>
    }
}

/// Which window of the trace the timeline shows when zoomed (in words and as a mark on a strip
/// standing for the whole trace), and the way back to all of it.
#[component]
fn ZoomState(zoom: Memo<Zoom>, trace: Arc<Trace>, dispatch: Callback<Action>) -> impl IntoView {
    move || {
        let shown = zoom.get();
        (!shown.is_full()).then(|| {
            let (from, to) = shown.bounds_ns(&trace);
            view! {
                <span class="td-zoom-state">
                    {format!("Timeline: {} – {}", format::duration(from), format::duration(to))}
                </span>
                <span class="td-zoom-map" aria-hidden="true">
                    <span
                        class="td-zoom-window"
                        style:left=format!("{}%", shown.from * 100.0)
                        style:width=format!("{}%", (shown.to - shown.from) * 100.0)
                    ></span>
                </span>
                <button type="button" class="td-tool td-zoom-reset" on:click=move |_| dispatch.run(Action::ZoomReset)>
                    "Show the whole trace"
                </button>
            }
        })
    }
}
