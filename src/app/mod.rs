//! The browser app: Leptos components that render the view model and dispatch user actions.
//! State lives in [`state::Store`]: components read it as [`state::Viewer`] (read-only) and change it
//! only through [`actions::Actions`]. A file's folder says what it may touch: `pages/` and
//! `widgets/` read `Viewer` and write through `Actions`; `runtime/` (loader, clock, embedding,
//! startup) owns the edge and the `Store`. This module is the `App` component only.

mod actions;
mod pages;
pub(crate) mod runtime;
mod state;
mod widgets;

pub use runtime::startup;

use leptos::prelude::*;

use crate::config::{Chrome, Config, Look};
use pages::header::Header;
use pages::trace_list::TraceList;
use runtime::address::ViewMemory;
use runtime::embed::{self, Host};
use runtime::start;
use state::Store;
use widgets::files;

/// The viewer: header, configuration problems, and the traces. `config` is already layered
/// (see [`startup`]); the address adds the view state when the config keeps it there.
#[component]
pub fn App(
    config: Config,
    problems: Vec<String>,
    /// A mounted viewer's view state, kept across restarts.
    #[prop(optional)]
    memory: Option<ViewMemory>,
    /// For a viewer mounted in a host's element: its look, and the element told of events.
    #[prop(optional)]
    host: Option<Host>,
) -> impl IntoView {
    let embed = config.embed;
    let look = host
        .as_ref()
        .map_or_else(|| ArcRwSignal::new(config.look()), |host| host.look.clone());
    // Without chrome the title and footer are hidden, not dropped: the look changes in place.
    let root_class = move || {
        let Look { theme, chrome } = look.get();
        let bare = if chrome == Chrome::None {
            " td-bare"
        } else {
            ""
        };
        format!("td-app {}{bare}", theme.class())
    };
    let footer = Footer {
        api_base: config.api_base.clone(),
        probing: config.flavour.is_none(),
    };
    let (viewer, actions) = start(config, memory);
    let dragging = RwSignal::new(false);
    let root = NodeRef::<leptos::html::Div>::new();
    if embed {
        embed::post_height_to_parent(root);
    }
    if let Some(host) = &host {
        embed::tell_host(host, &viewer, root);
    }
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let files = ev
            .data_transfer()
            .and_then(|dt| dt.files())
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        files::open_files(actions, files);
    };
    view! {
        <div
            class=root_class
            class:td-embed=embed
            class:td-dragging=move || dragging.get()
            node_ref=root
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <Header />
            <main class="td-main">
                {(!problems.is_empty())
                    .then(|| {
                        view! {
                            <div class="td-banner td-banner-warn" role="alert">
                                <strong>"Some settings were not used"</strong>
                                <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                            </div>
                        }
                    })}
                <TraceList />
            </main>
            <footer class="td-footer">
                "tracedeck · a traces viewer for Jaeger · "
                {move || footer.source(&viewer)}
            </footer>
        </div>
    }
}

/// What the footer says the traces come from.
struct Footer {
    api_base: String,
    /// The flavour was found by probing, not configured.
    probing: bool,
}

impl Footer {
    fn source(&self, viewer: &Store) -> String {
        if let Some(file) = viewer.file.get() {
            return format!("traces from {file}");
        }
        if viewer.demo.get() {
            return "demo data generated in this browser".to_owned();
        }
        match viewer.flavour.get() {
            Some(flavour) => format!(
                "{} at {}{}",
                flavour.describe(),
                self.api_base,
                if self.probing { " (detected)" } else { "" },
            ),
            None => format!("backend at {}", self.api_base),
        }
    }
}
