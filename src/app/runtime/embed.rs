//! Living in a host's iframe: the host learns the content height so it can size the frame without
//! scroll bars. Message: `{"type": "tracedeck:height", "height": <CSS px, integer>}`, posted to the
//! parent window whenever the height changes.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The `type` of the message the parent window receives.
pub const HEIGHT_MESSAGE: &str = "tracedeck:height";

/// Watches the app root's height and posts it to the parent window; stops when the app goes.
pub fn post_height_to_parent(root: NodeRef<leptos::html::Div>) {
    let Ok(Some(parent)) = window().parent() else {
        return;
    };
    let last = std::rc::Rc::new(std::cell::Cell::new(-1i32));
    let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let Some(entry) = entries
            .get(0)
            .dyn_into::<web_sys::ResizeObserverEntry>()
            .ok()
        else {
            return;
        };
        let height = entry.target().scroll_height();
        if height == last.get() {
            return;
        }
        last.set(height);
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        let _ = parent.post_message(&message, "*");
    });
    let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) else {
        return;
    };
    let watched = observer.clone();
    Effect::new(move |_| {
        if let Some(el) = root.get() {
            watched.observe(&el);
        }
    });
    let held = StoredValue::new_local(Some((observer, on_resize)));
    on_cleanup(move || {
        if let Some((observer, _closure)) = held.try_update_value(Option::take).flatten() {
            observer.disconnect();
        }
    });
}
