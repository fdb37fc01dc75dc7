//! A button that copies text, says "Copied", and falls back to a selection copy where the
//! Clipboard API is refused (insecure origin, denied permission); and the "Link" that copies an
//! address opening a trace or span.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::app::state::Viewer;
use crate::view::url_state::UrlState;

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

/// A shareable address of this page showing `trace` (and `span` selected in it); none when the
/// viewer does not keep its state in the address (mounted in a host that did not ask it to).
fn link_to(viewer: &Viewer, trace: &str, span: Option<&str>) -> Option<String> {
    if !viewer.config.with_value(|c| c.sync_url) {
        return None;
    }
    let location = window().location();
    let pairs = crate::app::runtime::address::query_pairs();
    let state = UrlState {
        trace: Some(trace.to_owned()),
        span: span.map(str::to_owned),
        ..untrack(|| crate::app::runtime::address::url_state(viewer))
    };
    Some(format!(
        "{}{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default(),
        state.to_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    ))
}

/// "Link": copies an address of this page that opens the trace (and selects the span); absent
/// when the viewer does not keep its state in the address.
#[component]
pub fn CopyLink(trace_id: String, #[prop(optional)] span_id: Option<String>) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let title = if span_id.is_some() {
        "Copy a link to this span"
    } else {
        "Copy a link to this trace"
    };
    link_to(&viewer, &trace_id, span_id.as_deref()).map(|link| {
        view! { <CopyButton text=link label="Link".to_owned() title=title class="td-copy-link" /> }
    })
}
