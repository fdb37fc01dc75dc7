//! The timeline's column header: ticks for the window shown, and a drag across it to zoom in.

use std::sync::Arc;

use leptos::prelude::*;

use crate::model::Trace;
use crate::view::format;
use crate::view::trace_view::Action;
use crate::view::zoom::Zoom;

/// The ruler under a pointer event, found from the event's target (a tick, or the ruler
/// itself): leptos delegates pointer events to the document, so the current target is not it.
fn ruler_of(ev: &leptos::ev::PointerEvent) -> Option<web_sys::Element> {
    event_target::<web_sys::Element>(ev)
        .closest(".td-ruler")
        .ok()
        .flatten()
}

/// Where a pointer event is along the ruler, as a fraction of its width (0–1).
fn at(ruler: &web_sys::Element, ev: &leptos::ev::PointerEvent) -> f64 {
    let rect = ruler.get_bounding_client_rect();
    ((f64::from(ev.client_x()) - rect.left()) / rect.width().max(1.0)).clamp(0.0, 1.0)
}

/// The ticks of a window of a trace: its start, quarters and end, as offsets from the trace's
/// start (the timeline's ruler, the flame graph's time axis).
pub(super) fn ticks(window: Zoom, trace: &Trace) -> impl IntoView + use<> {
    window
        .ruler(trace)
        .map(|(pct, offset)| {
            view! {
                <span class="td-tick" class:td-tick-end={pct >= 100.0} style:left=format!("{pct}%")>
                    {format::duration(offset)}
                </span>
            }
        })
        .collect_view()
}

/// The timeline's column header: ticks for the shown window; dragging across it zooms in.
#[component]
pub(super) fn Ruler(
    zoom: Memo<Zoom>,
    trace: Arc<Trace>,
    dispatch: Callback<Action>,
) -> impl IntoView {
    // The drag in progress: where it began and where the pointer is, as fractions of the ruler.
    let drag = RwSignal::new(None::<(f64, f64)>);
    let start = move |ev: leptos::ev::PointerEvent| {
        let Some(ruler) = ruler_of(&ev).filter(|_| ev.button() == 0) else {
            return;
        };
        // Captured, the drag goes on when the pointer leaves the ruler; refused, it still works
        // inside it.
        let _ = ruler.set_pointer_capture(ev.pointer_id());
        let x = at(&ruler, &ev);
        drag.set(Some((x, x)));
    };
    let move_to = move |ev: leptos::ev::PointerEvent| {
        if drag.with_untracked(Option::is_none) {
            return;
        }
        if let Some(ruler) = ruler_of(&ev) {
            let x = at(&ruler, &ev);
            drag.update(|d| {
                if let Some((_, end)) = d {
                    *end = x;
                }
            });
        }
    };
    let finish = move |_| {
        if let Some((a, b)) = drag.get_untracked() {
            drag.set(None);
            dispatch.run(Action::DragZoom(a, b));
        }
    };
    view! {
        <div
            class="td-col-timeline td-ruler"
            role="columnheader"
            title="Drag across the ruler to zoom into a time window (on a focused row: z zooms to it, Shift+Z shows the whole trace)"
            on:pointerdown=start
            on:pointermove=move_to
            on:pointerup=finish
            on:pointercancel=move |_| drag.set(None)
        >
            {move || ticks(zoom.get(), &trace)}
            {move || {
                drag.get()
                    .map(|(a, b)| {
                        view! {
                            <span
                                class="td-zoom-select"
                                aria-hidden="true"
                                style:left=format!("{}%", a.min(b) * 100.0)
                                style:width=format!("{}%", (a - b).abs() * 100.0)
                            ></span>
                        }
                    })
            }}
        </div>
    }
}
