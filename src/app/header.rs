//! The header: time range, refresh and its countdown, pause, open-by-ID, and the trace count.

use leptos::prelude::*;

use super::clock;
use super::loader::{InflightHandle, Load, load, open_trace};
use super::state::Viewer;
use crate::model::id::parse_trace_id_input;
use crate::view::range::TimeRange;

#[component]
pub fn Header() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let inflight = expect_context::<InflightHandle>();
    let demo = viewer.config.with_value(|c| c.demo);
    let refresh_secs = viewer.config.with_value(|c| c.refresh_secs);

    let refresh_now = move || {
        viewer.next_refresh_secs.set(refresh_secs);
        load(viewer, inflight, Load::Refresh);
    };
    let range_button = move |range: TimeRange| {
        let active = move || viewer.range.get() == range;
        view! {
            <button
                type="button"
                class="td-range"
                class:td-active=active
                aria-pressed=move || active().to_string()
                on:click=move |_| {
                    if !active() {
                        viewer.set_range(range, clock::now_us());
                        refresh_now();
                    }
                }
            >
                {range.label()}
            </button>
        }
    };

    view! {
        <header class="td-header">
            <h1 class="td-title">
                <span class="td-logo" aria-hidden="true"></span>
                "Traces"
            </h1>
            {demo.then(|| view! { <span class="td-demo-badge">"Demo data"</span> })}
            <div class="td-ranges" role="group" aria-label="Time range">
                {TimeRange::ALL.map(range_button).collect_view()}
            </div>
            <div class="td-refresh">
                <button
                    type="button"
                    class="td-icon-button td-refresh-button"
                    class:td-spinning=move || viewer.loading.get()
                    title="Refresh now"
                    aria-label="Refresh now"
                    on:click=move |_| refresh_now()
                >
                    <span class="td-refresh-icon" aria-hidden="true">"⟳"</span>
                </button>
                <button
                    type="button"
                    class="td-pause"
                    aria-pressed=move || viewer.paused.get().to_string()
                    on:click=move |_| viewer.paused.update(|p| *p = !*p)
                >
                    {move || if viewer.paused.get() { "Resume" } else { "Pause" }}
                </button>
                <span class="td-countdown" aria-live="off">
                    {move || {
                        if viewer.file.with(Option::is_some) {
                            "auto-refresh off while a file is shown".to_owned()
                        } else if viewer.paused.get() {
                            "auto-refresh paused".to_owned()
                        } else if viewer.failures.get() > 0 {
                            format!("retrying in {}s", viewer.next_refresh_secs.get())
                        } else {
                            format!("next refresh in {}s", viewer.next_refresh_secs.get())
                        }
                    }}
                </span>
                <span class="td-last-refreshed">
                    {move || {
                        viewer
                            .last_refreshed_us
                            .get()
                            .map(|us| format!("last refreshed {}", clock::local_time(us)))
                    }}
                </span>
            </div>
            <FindTrace />
            <super::files::FileControls />
            <span class="td-count" aria-live="polite">
                {move || {
                    let n = viewer.traces.with(Vec::len);
                    if n == 1 { "1 trace".to_owned() } else { format!("{n} traces") }
                }}
            </span>
        </header>
    }
}

/// A box to paste a trace ID into: validated here, then opened whatever the range.
#[component]
fn FindTrace() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match parse_trace_id_input(&text.get_untracked()) {
            Ok(id) => {
                error.set(None);
                open_trace(viewer, id);
            }
            Err(problem) => error.set(Some(problem.to_string())),
        }
    };
    view! {
        <form class="td-find" on:submit=submit role="search">
            <input
                class="td-find-input"
                type="text"
                placeholder="Trace ID"
                aria-label="Trace ID"
                spellcheck="false"
                autocomplete="off"
                aria-invalid=move || error.with(Option::is_some).to_string()
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    error.set(None);
                }
            />
            <button type="submit" class="td-find-button">
                "Open"
            </button>
            {move || error.get().map(|e| view! { <span class="td-find-error" role="alert">{e}</span> })}
        </form>
    }
}
