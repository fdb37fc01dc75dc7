//! The app's edge, the only code besides `Actions` that writes the viewer's state (`Store`):
//! starting the viewer's runtime, loading from the backend, the address and the view memory
//! (`address`), when the list loads by itself (`refresh`), the clock, the embedding host's frame,
//! startup (`mount`), watching sizes (`resize`) and scrolling to sections that appear
//! (`scroll`). The load phases on the performance timeline (`timing`) are the network's.

pub(crate) mod address;
pub(crate) mod clock;
pub(crate) mod embed;
pub(crate) mod loader;
pub(crate) mod refresh;
pub(crate) mod resize;
pub(crate) mod scroll;
pub mod startup;
/// The load phases on the performance timeline, kept beside the network they time.
pub(crate) use crate::api::timing;

use leptos::prelude::*;

use crate::app::actions::Actions;
use crate::app::state::Store;
use crate::config::Config;
use crate::view::url_state::UrlState;
use address::{Remembered, ViewMemory, opened_by_id, query_pairs, restore, show_url_state};
use address::{sync_url, url_state};
use loader::{Inflight, InflightHandle};
use refresh::{first_load, reload_when_jaeger_filters, start_auto_refresh};

/// Starts the viewer's runtime: its state (shared with components as `Viewer` and `Actions`),
/// the view the address or a restarted mount describes, the first load, auto-refresh and the
/// address kept in step.
pub(crate) fn start(config: Config, memory: Option<ViewMemory>) -> (Store, Actions) {
    let refresh_secs = config.refresh_secs;
    let sync = config.sync_url;
    let store = Store::new(config);
    let inflight: InflightHandle = StoredValue::new_local(Inflight::default());
    provide_context(store.reader());
    let actions = Actions::new(store, inflight);
    provide_context(actions);
    store.now_us.set(clock::now_us());
    if sync {
        let pairs = query_pairs();
        show_url_state(
            store,
            inflight,
            UrlState::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
        );
    } else if let Some(kept) = memory.as_ref().and_then(ViewMemory::recall) {
        restore(store, inflight, kept);
    }
    if let Some(memory) = memory {
        Effect::new(move |_| {
            memory.keep(Remembered {
                view: url_state(&store.reader()),
                expanded: store.expanded.get(),
                opened: opened_by_id(&store.reader()),
            })
        });
    }
    first_load(store, inflight);
    loader::keep_spans_coming(store, inflight);
    reload_when_jaeger_filters(store, inflight);
    start_auto_refresh(store, inflight, refresh_secs);
    if sync {
        sync_url(store, inflight);
    }
    on_cleanup(move || loader::abort(inflight));
    (store, actions)
}
