//! A button that copies text, says "Copied", and falls back to a selection copy where the
//! Clipboard API is refused (insecure origin, denied permission).

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

async fn copy_text(text: &str) -> bool {
    let clipboard = window().navigator().clipboard();
    if JsFuture::from(clipboard.write_text(text)).await.is_ok() {
        return true;
    }
    copy_by_selection(text)
}

/// The old way: select a hidden textarea and `execCommand("copy")`.
fn copy_by_selection(text: &str) -> bool {
    let document = document();
    let Some(body) = document.body() else {
        return false;
    };
    let Ok(area) = document
        .create_element("textarea")
        .map(|e| e.unchecked_into::<web_sys::HtmlTextAreaElement>())
    else {
        return false;
    };
    area.set_value(text);
    let _ = area.set_attribute("readonly", "");
    let style = web_sys::HtmlElement::style(&area);
    for (property, value) in [
        ("position", "fixed"),
        ("opacity", "0"),
        ("top", "0"),
        ("left", "0"),
    ] {
        let _ = style.set_property(property, value);
    }
    if body.append_child(&area).is_err() {
        return false;
    }
    area.select();
    let copied = document
        .unchecked_ref::<web_sys::HtmlDocument>()
        .exec_command("copy")
        .unwrap_or(false);
    area.remove();
    copied
}

#[derive(Clone, Copy, PartialEq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

/// Shows `label`; a click copies `text` and shows the outcome for two seconds.
#[component]
pub fn CopyButton(
    text: String,
    label: String,
    #[prop(into)] title: String,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let state = RwSignal::new(CopyState::Idle);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        ev.stop_propagation();
        let text = text.clone();
        spawn_local(async move {
            let copied = copy_text(&text).await;
            state.set(if copied {
                CopyState::Copied
            } else {
                CopyState::Failed
            });
            gloo_timers::future::TimeoutFuture::new(2_000).await;
            state.set(CopyState::Idle);
        });
    };
    view! {
        <button
            type="button"
            class=format!("td-copy {class}")
            title=title.clone()
            aria-label=title
            on:click=on_click
        >
            {move || match state.get() {
                CopyState::Idle => label.clone(),
                CopyState::Copied => "Copied".to_owned(),
                CopyState::Failed => "Copy failed".to_owned(),
            }}
        </button>
    }
}
