//! Above the list: its order and its filters (errors, minimum duration, HTTP method, status
//! class, route, operation), applied in the browser to the loaded traces and kept in the address.

use leptos::prelude::*;

use crate::app::state::Viewer;
use crate::app::widgets::duration_input::DurationInput;
use crate::model::semconv;
use crate::view::list_filter::{ListFilter, ListSort, StatusClass};

/// Sort and filter the loaded traces: order, errors, minimum duration, method, status, route,
/// operation; "N of M shown".
#[component]
pub fn ListToolbar() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<crate::app::actions::Actions>();
    let filter = viewer.list_filter;
    let change = move |edit: &dyn Fn(&mut ListFilter)| actions.edit_list_filter(|f| edit(f));
    let any_filter = move || !filter.with(ListFilter::is_empty);
    view! {
        <div class="td-list-toolbar" role="toolbar" aria-label="Sort and filter the list">
            <SortSelect />
            <button
                type="button"
                class="td-tool td-filter-errors"
                aria-pressed=move || filter.with(|f| f.errors_only).to_string()
                on:click=move |_| change(&|f| f.errors_only = !f.errors_only)
            >
                "With errors"
            </button>
            <DurationInput
                value=Signal::derive(move || filter.with(|f| f.min_duration_ns))
                on_change=Callback::new(move |min| change(&|f| f.min_duration_ns = min))
                class="td-list-min"
                label="Minimum trace duration, like 500ms"
                title="Only traces at least this long: 250ms, 1.5s, 800us"
            />
            <MethodSelect />
            <StatusSelect />
            <input
                class="td-list-route"
                type="search"
                placeholder="Route contains"
                aria-label="Route contains"
                prop:value=move || filter.with(|f| f.route.clone().unwrap_or_default())
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    change(&|f| f.route = Some(text.trim().to_owned()).filter(|r| !r.is_empty()));
                }
            />
            <OperationChip />
            <Show when=any_filter>
                <button
                    type="button"
                    class="td-tool td-clear-filters"
                    on:click=move |_| actions.set_list_filter(ListFilter::default())
                >
                    "Clear filters"
                </button>
            </Show>
            <span class="td-shown-count" aria-live="polite">
                {move || {
                    let shown = viewer
                        .listed
                        .with(|l| l.as_ref().map(|l| l.shown.len()))
                        .unwrap_or_else(|| viewer.shown.with(Vec::len));
                    let all = viewer.listed_count();
                    (shown != all).then(|| format!("{shown} of {all} shown"))
                }}
            </span>
        </div>
    }
}

/// The list's order.
#[component]
fn SortSelect() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<crate::app::actions::Actions>();
    view! {
        <label class="td-control">
            "Sort "
            <select
                class="td-sort"
                aria-label="Sort traces"
                on:change=move |ev| {
                    actions.set_sort(ListSort::parse(&event_target_value(&ev)).unwrap_or_default())
                }
            >
                {ListSort::ALL
                    .map(|sort| {
                        view! {
                            <option value=sort.key() selected=move || viewer.sort.get() == sort>
                                {sort.label()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The HTTP methods seen on the loaded traces' root spans (and the one chosen), to list one.
#[component]
fn MethodSelect() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<crate::app::actions::Actions>();
    let filter = viewer.list_filter;
    let methods = Memo::new(move |_| {
        let mut methods: Vec<String> = viewer.traces.with(|traces| {
            traces
                .iter()
                .filter_map(|t| t.root_span.map(|r| t.span(r)))
                .filter_map(|s| semconv::http_method(&s.tags))
                .map(str::to_ascii_uppercase)
                .collect()
        });
        if let Some(chosen) = filter.with(|f| f.method.clone()) {
            methods.push(chosen);
        }
        methods.sort();
        methods.dedup();
        methods
    });
    view! {
        <select
            class="td-list-method"
            aria-label="HTTP method"
            on:change=move |ev| {
                let value = Some(event_target_value(&ev)).filter(|v| !v.is_empty());
                actions.edit_list_filter(|f| f.method = value);
            }
        >
            <option value="">"Any method"</option>
            {move || {
                let chosen = filter.with(|f| f.method.clone());
                methods
                    .get()
                    .into_iter()
                    .map(|m| {
                        let selected = chosen.as_ref() == Some(&m);
                        view! { <option value=m.clone() selected=selected>{m.clone()}</option> }
                    })
                    .collect_view()
            }}
        </select>
    }
}

/// The HTTP status class (2xx–5xx) to list.
#[component]
fn StatusSelect() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<crate::app::actions::Actions>();
    let filter = viewer.list_filter;
    view! {
        <select
            class="td-list-status"
            aria-label="HTTP status"
            on:change=move |ev| {
                let status = StatusClass::parse(&event_target_value(&ev));
                actions.edit_list_filter(|f| f.status = status);
            }
        >
            <option value="">"Any status"</option>
            {StatusClass::ALL
                .map(|class| {
                    view! {
                        <option value=class.key() selected=move || filter.with(|f| f.status == Some(class))>
                            {class.key()}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

/// The operation the list is narrowed to (from the statistics), with a way to remove it.
#[component]
fn OperationChip() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<crate::app::actions::Actions>();
    move || {
        viewer.list_filter.with(|f| f.operation.clone()).map(|op| {
            view! {
                <span class="td-filter-chip">
                    {format!("contains {} · {}", op.service, op.operation)}
                    <button
                        type="button"
                        class="td-chip-remove"
                        aria-label="Remove the operation filter"
                        on:click=move |_| actions.edit_list_filter(|f| f.operation = None)
                    >
                        "×"
                    </button>
                </span>
            }
        })
    }
}
