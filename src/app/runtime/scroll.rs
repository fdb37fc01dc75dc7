//! Scrolling to a section that a click makes appear far from where the user clicked.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Scrolls the section matching `selector` in this viewer (the clicked element's `.td-app`)
/// into view once the next frame has drawn it, and moves the keyboard focus there when it takes
/// focus: "Opened by ID" and the comparison appear above the list, far from the button that
/// asked for them.
pub(crate) fn reveal_after_draw(ev: &leptos::ev::MouseEvent, selector: &'static str) {
    let Some(root) = event_target::<web_sys::Element>(ev)
        .closest(".td-app")
        .ok()
        .flatten()
    else {
        return;
    };
    request_animation_frame(move || {
        if let Ok(Some(section)) = root.query_selector(selector) {
            section.scroll_into_view();
            if section.has_attribute("tabindex")
                && let Ok(section) = section.dyn_into::<web_sys::HtmlElement>()
            {
                let _ = section.focus();
            }
        }
    });
}
