//! The "Logs" tab: every event of the trace in time order (offset, service, span, event,
//! fields; exceptions formatted), filtered by text; a click on a span selects it.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::state::Viewer;
use crate::app::widgets::folded::FoldedText;
use crate::model::{SpanIdx, Trace};
use crate::view::events::{TraceEvent, events_count_text, filter_events, trace_events};
use crate::view::format;
use crate::view::trace_view::Action;

/// Longer field values are folded, with a button to show them whole.
const VALUE_PREVIEW_CHARS: usize = 300;

/// Events listed at once; the filter narrows the rest down.
const SHOWN_AT_MOST: usize = 500;

#[component]
pub(super) fn TraceLogs(
    trace: Arc<Trace>,
    dispatch: Callback<Action>,
    /// The selected span, when it is in this trace.
    selected: Memo<Option<SpanIdx>>,
) -> impl IntoView {
    let events = Arc::new(trace_events(&trace));
    let text = RwSignal::new(String::new());
    if events.is_empty() {
        return view! {
            <p class="td-tree-empty" role="status">
                "No span of this trace recorded an event (log): there is nothing to list here."
            </p>
        }
        .into_any();
    }
    let total = events.len();
    let shown = {
        let (trace, events) = (trace.clone(), events.clone());
        Memo::new(move |_| {
            text.with(|t| {
                let found = filter_events(&trace, &events, t);
                let count = found.len();
                let first: Vec<TraceEvent> =
                    found.into_iter().take(SHOWN_AT_MOST).cloned().collect();
                (first, count)
            })
        })
    };
    let summary = move || {
        let found = shown.with(|(_, count)| *count);
        let filtered = text.with(|t| !t.trim().is_empty());
        events_count_text(total, found, filtered, SHOWN_AT_MOST)
    };
    view! {
        <div class="td-events">
            <div class="td-events-bar">
                <input
                    type="search"
                    class="td-events-filter"
                    placeholder="Filter events: name, span, service, field…"
                    aria-label="Filter events"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                />
                <span class="td-events-count" role="status">{summary}</span>
            </div>
            {move || {
                let (rows, count) = shown.get();
                if count == 0 {
                    return view! {
                        <p class="td-tree-empty">"No event matches the filter."</p>
                    }
                    .into_any();
                }
                view! {
                    <div class="td-scroll-x">
                    <table class="td-events-table" aria-label="Events of the trace">
                        <thead>
                            <tr>
                                <th scope="col">"Time"</th>
                                <th scope="col">"Span"</th>
                                <th scope="col">"Event"</th>
                                <th scope="col">"Fields"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows
                                .into_iter()
                                .map(|event| view! { <EventRow trace=trace.clone() event=event dispatch=dispatch selected=selected /> })
                                .collect_view()}
                        </tbody>
                    </table>
                    </div>
                }
                .into_any()
            }}
        </div>
    }
    .into_any()
}

/// One event: its time after the trace's start, its span (a button that selects it, in its
/// service's colour), its name, and its fields or exception.
#[component]
fn EventRow(
    trace: Arc<Trace>,
    event: TraceEvent,
    dispatch: Callback<Action>,
    selected: Memo<Option<SpanIdx>>,
) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let idx = event.span;
    let span = trace.span(idx);
    let service = trace.service_name(idx).to_owned();
    let color = viewer
        .config
        .with_value(|c| c.colors.color(&service).to_owned());
    let failed = event.exception.is_some();
    let exception = event.exception.map(|e| {
        view! {
            <div class="td-exception-head">
                <strong class="td-exception-title">{e.headline()}</strong>
                {e.escaped.then_some(" · escaped the span")}
            </div>
            {e.stacktrace.map(|trace| view! { <pre class="td-stacktrace">{trace}</pre> })}
        }
    });
    view! {
        <tr class="td-event" class:td-selected=move || selected.get() == Some(idx) class:td-event-error=failed>
            <td class="td-event-time">{format::offset(event.offset_ns)}</td>
            <td class="td-event-span">
                <button
                    type="button"
                    class="td-event-span-button"
                    title="Select this span"
                    on:click=move |_| dispatch.run(Action::Reveal(idx))
                >
                    <span class="td-dot" style:background=color></span>
                    <span class="td-event-service" title=service.clone()>{service.clone()}</span>
                    " · "
                    <span class="td-event-op" title=span.operation.clone()>{span.operation.clone()}</span>
                </button>
            </td>
            <td class="td-event-name">{event.name}</td>
            <td class="td-event-fields">
                {exception}
                {event
                    .fields
                    .into_iter()
                    .map(|f| {
                        view! {
                            <span class="td-event-field">
                                <span class="td-event-key">{f.key}</span>
                                "="
                                <FoldedText text=f.value.to_string() limit=VALUE_PREVIEW_CHARS class="td-event-value" />
                            </span>
                        }
                    })
                    .collect_view()}
            </td>
        </tr>
    }
}
