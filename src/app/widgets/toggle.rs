//! A tool button that is on or off: a view filter, a layout, a measure.

use leptos::prelude::*;

/// A tool button that switches something on and off, or picks one of a few choices
/// (`aria-pressed` says which).
#[component]
pub(crate) fn ToggleTool(
    on: Memo<bool>,
    on_toggle: Callback<()>,
    label: &'static str,
    title: &'static str,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="td-tool"
            title=title
            aria-pressed=move || on.get().to_string()
            on:click=move |_| on_toggle.run(())
        >
            {label}
        </button>
    }
}
