//! Long text folded, with a button to show it whole.

use leptos::prelude::*;

use crate::view::format;

/// Text cut after `limit` characters, with a button that says how much more there is and shows
/// it whole (and folds it again).
#[component]
pub(crate) fn FoldedText(text: String, limit: usize, class: &'static str) -> impl IntoView {
    let folded = format::fold(&text, limit);
    let whole = RwSignal::new(false);
    let shown = {
        let preview = folded.as_ref().map(|(p, _)| p.clone());
        move || match (&preview, whole.get()) {
            (Some(preview), false) => preview.clone(),
            _ => text.clone(),
        }
    };
    view! {
        <span class=class>{shown}</span>
        {folded.map(|(_, more)| {
            view! {
                <button
                    type="button"
                    class="td-show-all"
                    aria-expanded=move || whole.get().to_string()
                    on:click=move |_| whole.update(|w| *w = !*w)
                >
                    {move || {
                        if whole.get() {
                            "Show less".to_owned()
                        } else {
                            format!("Show all ({})", format::count(more, "more character", "more characters"))
                        }
                    }}
                </button>
            }
        })}
    }
}
