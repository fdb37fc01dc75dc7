//! The header: time range (presets or a custom window), the service listed, refresh and its
//! countdown, pause, open-by-ID, and the trace count.

use leptos::prelude::*;

use crate::app::actions::Actions;
use crate::app::runtime::clock;
use crate::app::state::Viewer;
use crate::model::id::parse_trace_id_input;
use crate::view::load::LoadStatus;
use crate::view::range::TimeRange;

/// The header: title, time range, service filter, refresh, open-by-ID, files and the count.
#[component]
pub fn Header() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<Actions>();
    let range_button = move |range: TimeRange| {
        let active = move || viewer.range.get() == range;
        view! {
            <button
                type="button"
                class="td-range"
                class:td-active=active
                aria-pressed=move || active().to_string()
                on:click=move |_| actions.set_range(range)
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
            <Show when=move || viewer.demo.get() && viewer.file.with(Option::is_none)>
                <span class="td-demo-badge">"Demo data"</span>
            </Show>
            <div class="td-ranges" role="group" aria-label="Time range">
                {TimeRange::ALL.map(range_button).collect_view()}
                <CustomRange on_apply=move |range| actions.set_range(range) />
            </div>
            <ServiceFilter on_change=move |service| actions.set_service(service) />
            <RefreshControls />
            <FindTrace />
            <crate::app::widgets::files::FileControls />
            <span class="td-count" aria-live="polite">
                {move || viewer.status.with(|status| status.count_text(viewer.listed_count()))}
            </span>
        </header>
    }
}

/// Refresh now, pause or resume, the countdown to the next refresh, and when the last one was.
#[component]
fn RefreshControls() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<Actions>();
    view! {
    <div class="td-refresh">
        <button
            type="button"
            class="td-icon-button td-refresh-button"
            class:td-spinning=move || viewer.status.with(LoadStatus::is_loading)
            title="Refresh now"
            aria-label="Refresh now"
            on:click=move |_| actions.refresh_now()
        >
            <span class="td-refresh-icon" aria-hidden="true">"⟳"</span>
        </button>
        <button
            type="button"
            class="td-pause"
            aria-pressed=move || viewer.paused.get().to_string()
            on:click=move |_| actions.toggle_pause()
        >
            {move || if viewer.paused.get() { "Resume" } else { "Pause" }}
        </button>
        <span class="td-countdown" aria-live="off">
            {move || {
                if viewer.file.with(Option::is_some) {
                    "auto-refresh off while a file is shown".to_owned()
                } else if viewer.paused.get() {
                    "auto-refresh paused".to_owned()
                } else if viewer.status.with(LoadStatus::failures) > 0 {
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
    }
}

/// A window of the user's choosing: two local date-times, applied together.
#[component]
fn CustomRange(on_apply: impl Fn(TimeRange) + Copy + Send + Sync + 'static) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let open = RwSignal::new(false);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let custom = move || matches!(viewer.range.get(), TimeRange::Custom { .. });
    let toggle = move |_| {
        if !open.get_untracked() {
            let (start, end) = viewer.range.get_untracked().window(clock::now_us());
            from.set(clock::input_date_time(start));
            to.set(clock::input_date_time(end));
            error.set(None);
        }
        open.update(|o| *o = !*o);
    };
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let window = clock::parse_input_date_time(&from.get_untracked())
            .zip(clock::parse_input_date_time(&to.get_untracked()));
        match window {
            None => error.set(Some("Enter both times.")),
            Some((start, end)) => match TimeRange::custom(start, end) {
                Some(range) => {
                    open.set(false);
                    on_apply(range);
                }
                None => error.set(Some("The window must end after it starts.")),
            },
        }
    };
    view! {
        <button
            type="button"
            class="td-range td-range-custom"
            class:td-active=custom
            aria-pressed=move || custom().to_string()
            aria-expanded=move || open.get().to_string()
            title=move || {
                let (start, end) = viewer.range.get().window(viewer.now_us.get());
                format!("{} – {}", clock::local_date_time(start), clock::local_date_time(end))
            }
            on:click=toggle
        >
            {move || {
                match viewer.range.get() {
                    TimeRange::Custom { start_us, end_us } => {
                        format!("{} – {}", clock::short_date_time(start_us), clock::short_date_time(end_us))
                    }
                    _ => "Custom".to_owned(),
                }
            }}
        </button>
        <Show when=move || open.get()>
            <form class="td-custom-range" on:submit=apply aria-label="Custom time range">
                {[("From ", "td-range-from", from), ("to ", "td-range-to", to)]
                    .map(|(text, class, value)| {
                        view! {
                            <label>
                                {text}
                                <input
                                    type="datetime-local"
                                    step="1"
                                    class=class
                                    prop:value=move || value.get()
                                    on:input=move |ev| value.set(event_target_value(&ev))
                                />
                            </label>
                        }
                    })
                    .collect_view()}
                <button type="submit" class="td-find-button">"Apply"</button>
                {move || error.get().map(|e| view! { <span class="td-find-error" role="alert">{e}</span> })}
            </form>
        </Show>
    }
}

/// Lists one service instead of all: the backend is asked for that service only.
#[component]
fn ServiceFilter(
    on_change: impl Fn(Option<String>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    // The backend's services and those in the loaded traces (a file, the demo); the filtered
    // service stays a choice even before the backend has named its services.
    let options = move || {
        let mut names = viewer.known_services.get();
        viewer.traces.with(|traces| {
            names.extend(
                traces
                    .iter()
                    .flat_map(|t| t.services.iter().map(|s| s.name.clone())),
            )
        });
        names.extend(viewer.service.get());
        names.sort();
        names.dedup();
        names
    };
    view! {
        <label class="td-service-filter">
            <span class="td-visually-hidden">"Service"</span>
            <select
                class="td-service-select"
                aria-label="Service"
                prop:value=move || viewer.service.get().unwrap_or_default()
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    on_change(Some(value).filter(|v| !v.is_empty()));
                }
            >
                <option value="">"All services"</option>
                {move || {
                    let chosen = viewer.service.get();
                    options()
                        .into_iter()
                        .map(|name| {
                            let selected = chosen.as_ref() == Some(&name);
                            view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// A box to paste a trace ID into: validated here, then opened whatever the range.
#[component]
fn FindTrace() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match parse_trace_id_input(&text.get_untracked()) {
            Ok(id) => {
                error.set(None);
                actions.open_trace(id);
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
