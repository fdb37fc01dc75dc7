//! Living in a host's iframe: the host learns the content height so it can size the frame without
//! scroll bars. Message: `{"type": "tracedeck:height", "height": <CSS px, integer>}`, posted to the
//! parent window whenever the height changes.

use leptos::prelude::*;

/// The `type` of the message the parent window receives.
pub const HEIGHT_MESSAGE: &str = "tracedeck:height";

/// Watches the app root's height and posts it to the parent window; stops when the app goes.
pub fn post_height_to_parent(root: NodeRef<leptos::html::Div>) {
    let Ok(Some(parent)) = window().parent() else {
        return;
    };
    let last = std::cell::Cell::new(-1i32);
    super::resize::watch_size(root, move |el| {
        let height = el.scroll_height();
        if height == last.get() {
            return;
        }
        last.set(height);
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        let _ = parent.post_message(&message, "*");
    });
}
