//! The search inside a trace: free text or `key=value`, its filters, the match count and the
//! steps through the matches, and "Matches only".

use leptos::prelude::*;

use super::Open;
use crate::app::widgets::duration_input::DurationInput;
use crate::app::widgets::toggle::ToggleTool;
use crate::model::semconv::SpanKind;
use crate::view::search::TraceFind;
use crate::view::trace_view::Action;

#[component]
pub(super) fn SearchBar(open: Open) -> impl IntoView {
    let Open {
        trace,
        state,
        dispatch,
        matches,
        ..
    } = open;
    let find = Memo::new(move |_| state.with(|s| s.find.clone()));
    let matches_only = Memo::new(move |_| state.with(|s| s.matches_only));
    let change_find = Callback::new(move |next: TraceFind| dispatch.run(Action::Find(next)));
    let step = move |forward: bool| dispatch.run(Action::StepMatch { forward });
    view! {
        <div class="td-search" role="search">
            <input
                class="td-search-input"
                type="search"
                placeholder="Search spans: text or key=value"
                aria-label="Search spans"
                prop:value=move || find.with(|f| f.text.clone())
                on:input=move |ev| {
                    let mut next = find.get_untracked();
                    next.text = event_target_value(&ev);
                    change_find.run(next);
                }
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                        step(!ev.shift_key());
                    }
                }
            />
            <span class="td-search-count" aria-live="polite">
                {move || state.with(|s| s.match_count_text(matches.with(Vec::len)))}
            </span>
            <button type="button" class="td-tool" aria-label="Previous match" on:click=move |_| step(false)>
                "↑"
            </button>
            <button type="button" class="td-tool" aria-label="Next match" on:click=move |_| step(true)>
                "↓"
            </button>
            <ToggleTool
                on=matches_only
                on_toggle=Callback::new(move |()| dispatch.run(Action::ToggleMatchesOnly))
                label="Matches only"
                title="Show only the matching spans and their ancestors"
            />
            <SpanFilterControls
                find=find
                services=trace.services.iter().map(|s| s.name.clone()).collect()
                on_change=change_find
            />
        </div>
    }
}

/// Filters beside the search: service, errors only, minimum duration, span kind.
#[component]
fn SpanFilterControls(
    find: Memo<TraceFind>,
    services: Vec<String>,
    on_change: Callback<TraceFind>,
) -> impl IntoView {
    let change = move |edit: &dyn Fn(&mut TraceFind)| {
        let mut next = find.get_untracked();
        edit(&mut next);
        on_change.run(next);
    };
    let kinds = [
        SpanKind::Server,
        SpanKind::Client,
        SpanKind::Producer,
        SpanKind::Consumer,
        SpanKind::Internal,
    ];
    view! {
        <span class="td-span-filters">
            <select
                class="td-filter-service"
                aria-label="Only spans of service"
                prop:value=move || find.with(|f| f.filters.service.clone().unwrap_or_default())
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    change(&|f| f.filters.service = Some(value.clone()).filter(|v| !v.is_empty()));
                }
            >
                <option value="">"Any service"</option>
                {services
                    .into_iter()
                    .map(|name| {
                        let chosen = find.with_untracked(|f| f.filters.service.as_ref() == Some(&name));
                        view! { <option value=name.clone() selected=chosen>{name.clone()}</option> }
                    })
                    .collect_view()}
            </select>
            <select
                class="td-filter-kind"
                aria-label="Only spans of kind"
                prop:value=move || find.with(|f| f.filters.kind.map(SpanKind::as_str).unwrap_or_default())
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    change(&|f| f.filters.kind = SpanKind::parse(&value));
                }
            >
                <option value="">"Any kind"</option>
                {kinds
                    .map(|k| {
                        let chosen = find.with_untracked(|f| f.filters.kind == Some(k));
                        view! { <option value=k.as_str() selected=chosen>{k.as_str()}</option> }
                    })
                    .collect_view()}
            </select>
            <DurationInput
                value=Signal::derive(move || find.with(|f| f.filters.min_duration_ns))
                on_change=Callback::new(move |min| change(&|f| f.filters.min_duration_ns = min))
                class="td-filter-min"
                label="Minimum duration, like 50ms"
                title="Only spans at least this long: 250ms, 1.5s, 800us"
            />
            <button
                type="button"
                class="td-tool"
                aria-pressed=move || find.with(|f| f.filters.errors_only).to_string()
                on:click=move |_| change(&|f| f.filters.errors_only = !f.filters.errors_only)
            >
                "Errors only"
            </button>
        </span>
    }
}
