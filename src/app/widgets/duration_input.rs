//! A box for a minimum duration typed the way people write it (`250ms`, `1.5s`, `800us`): a value
//! that does not read as a duration is marked and changes nothing until it does.

use leptos::prelude::*;

use crate::view::format;

#[component]
pub fn DurationInput(
    /// The duration in force; when it changes from outside (cleared, restored from the address),
    /// the box follows.
    value: Signal<Option<i64>>,
    on_change: Callback<Option<i64>>,
    class: &'static str,
    label: &'static str,
    title: &'static str,
) -> impl IntoView {
    let text = RwSignal::new(
        value
            .get_untracked()
            .map(format::duration)
            .unwrap_or_default(),
    );
    Effect::new(move |_| {
        let now = value.get();
        if text.with_untracked(|t| parse(t)) != Some(now) {
            text.set(now.map(format::duration).unwrap_or_default());
        }
    });
    let invalid = move || text.with(|t| parse(t).is_none());
    view! {
        <input
            class=class
            type="text"
            placeholder="≥ duration"
            aria-label=label
            title=title
            aria-invalid=move || invalid().to_string()
            prop:value=move || text.get()
            on:input=move |ev| {
                let typed = event_target_value(&ev);
                let read = parse(&typed);
                text.set(typed);
                if let Some(min) = read {
                    on_change.run(min);
                }
            }
        />
    }
}

/// `Some(None)` for an empty box, `Some(Some(ns))` for a duration, `None` for anything else.
fn parse(text: &str) -> Option<Option<i64>> {
    if text.trim().is_empty() {
        Some(None)
    } else {
        format::parse_duration(text).map(Some)
    }
}
