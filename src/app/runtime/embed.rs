//! Living in a host page. In an iframe, the host learns the content height so it can size the
//! frame without scroll bars: `{"type": "tracedeck:height", "height": <CSS px, integer>}`, posted
//! to the parent window whenever it changes. Mounted in a host's element, the viewer takes its
//! look in place and tells the element what happens as `CustomEvent`s (`embedding::HostEvent`).

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;

use crate::app::state::Store;
use crate::config::Look;
use crate::embedding::{HostEvent, HostWatch};

/// The `type` of the message the parent window receives.
pub const HEIGHT_MESSAGE: &str = "tracedeck:height";

/// What a viewer mounted in a host's element shares with the host across restarts.
#[derive(Clone)]
pub struct Host {
    /// The element the viewer is mounted in, which receives its events.
    pub element: web_sys::HtmlElement,
    /// The look, changed in place by `setConfig`.
    pub look: ArcRwSignal<Look>,
    /// What the host has been told, so a restart tells nothing again.
    pub watch: Rc<RefCell<HostWatch>>,
}

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

/// Tells the host's element of traces opened and closed, spans selected and the content height
/// (of `root`), until the app goes.
pub fn tell_host(host: &Host, store: &Store, root: NodeRef<leptos::html::Div>) {
    let (expanded, selected) = (store.expanded, store.selected);
    let (element, watch) = (host.element.clone(), host.watch.clone());
    Effect::new(move |_| {
        let events = expanded
            .with(|open| selected.with(|span| watch.borrow_mut().view(open, span.as_ref())));
        for event in events {
            dispatch(&element, &event);
        }
    });
    let (element, watch) = (host.element.clone(), host.watch.clone());
    super::resize::watch_size(root, move |el| {
        let height = u32::try_from(el.scroll_height()).unwrap_or_default();
        let told = watch.borrow_mut().height(height);
        if let Some(event) = told {
            dispatch(&element, &event);
        }
    });
}

fn dispatch(element: &web_sys::HtmlElement, event: &HostEvent) {
    let init = web_sys::CustomEventInit::new();
    if let Ok(detail) = js_sys::JSON::parse(&event.detail().to_string()) {
        init.set_detail(&detail);
    }
    if let Ok(custom) = web_sys::CustomEvent::new_with_event_init_dict(event.name(), &init) {
        let _ = element.dispatch_event(&custom);
    }
}
