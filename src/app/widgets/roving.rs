//! A group of controls that is one stop of the Tab key, stepped through with the arrow keys
//! (tabs, the chart's dots): one keydown handler on the group moves the focus, the core says
//! where to ([`roving_step`]). The group's items carry `tabindex` 0 (the one Tab reaches) or -1.

use wasm_bindgen::JsCast;

use crate::view::keys::{Arrows, roving_step};

/// Handles a key pressed in a group: moves the focus (and the Tab key's stop) to the item of the
/// group (the event's current target) matching `items` that the key steps to, and with `select`
/// clicks it too (a tab is chosen as the focus reaches it).
pub fn step(ev: &leptos::ev::KeyboardEvent, items: &str, arrows: Arrows, select: bool) {
    let (Some(group), Some(at)) = (
        ev.current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok()),
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok()),
    ) else {
        return;
    };
    let Ok(list) = group.query_selector_all(items) else {
        return;
    };
    let all: Vec<web_sys::Element> = (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect();
    let Some(from) = all.iter().position(|item| item.contains(Some(&at))) else {
        return;
    };
    let modified = ev.alt_key() || ev.ctrl_key() || ev.meta_key();
    let Some(to) =
        roving_step(&ev.key(), modified, from, all.len(), arrows).and_then(|to| all.get(to))
    else {
        return;
    };
    ev.prevent_default();
    // The Tab key comes back to the item left last.
    let _ = all[from].set_attribute("tabindex", "-1");
    let _ = to.set_attribute("tabindex", "0");
    if let Some(html) = to.dyn_ref::<web_sys::HtmlElement>() {
        if select {
            html.click();
        }
        let _ = html.focus();
    } else if let Some(svg) = to.dyn_ref::<web_sys::SvgElement>() {
        let _ = svg.focus();
    }
}
