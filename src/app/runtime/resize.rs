//! Watching an element's size with a `ResizeObserver`: the embedding frame's height, the flame
//! graph's width.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// Calls `on_change` with the element once it is mounted and whenever its size changes, until
/// the owner is cleaned up.
pub fn watch_size(
    target: NodeRef<leptos::html::Div>,
    on_change: impl Fn(&web_sys::Element) + 'static,
) {
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        if let Ok(entry) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>() {
            on_change(&entry.target());
        }
    });
    let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) else {
        return;
    };
    let watched = observer.clone();
    Effect::new(move |_| {
        if let Some(el) = target.get() {
            watched.observe(&el);
        }
    });
    let held = StoredValue::new_local(Some((observer, callback)));
    on_cleanup(move || {
        if let Some((observer, _callback)) = held.try_update_value(Option::take).flatten() {
            observer.disconnect();
        }
    });
}
