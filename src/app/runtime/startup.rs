//! Starting a viewer: on tracedeck's own page (its index.html carries
//! `<meta name="tracedeck" content="page">`), or in a host's element through the exported
//! `mount(element, config)`. Settings are layered, later sources winning: defaults,
//! `tracedeck.json`, the mount config, the address (when the viewer keeps its state there).

use std::cell::RefCell;
use std::rc::Rc;

use futures::FutureExt;
use gloo_net::http::Request;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use serde_json::{Map, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

use crate::app::App;
use crate::app::runtime::address::{ViewMemory, query_pairs};
use crate::app::runtime::embed::Host;
use crate::config::{Config, ConfigBuilder, Source, only_look};

/// The settings file tracedeck's own page reads, next to index.html.
const PAGE_SETTINGS: &str = "tracedeck.json";

/// How long a settings file may take before the viewer starts without it.
const SETTINGS_TIMEOUT_MS: u32 = 5_000;

/// A settings file as fetched: `Ok(None)` when there is none (its absence is no error).
type SettingsFile = Result<Option<Value>, String>;

/// Mounts the viewer on the page when the page is tracedeck's own; a host page that loads the
/// module only to call `mount` is left alone.
pub fn start_page() {
    let own_page = document()
        .query_selector(r#"meta[name="tracedeck"][content="page"]"#)
        .ok()
        .flatten()
        .is_some();
    if !own_page {
        return;
    }
    spawn_local(async {
        let file = fetch_settings(PAGE_SETTINGS).await;
        let (config, problems) = layered(ConfigBuilder::default(), &file, None);
        leptos::mount::mount_to_body(move || view! { <App config problems /> });
    });
}

/// Defaults, then the file, then the mount config, then (if kept there) the address.
fn layered(
    mut builder: ConfigBuilder,
    file: &SettingsFile,
    mount: Option<&Value>,
) -> (Config, Vec<String>) {
    match file {
        Ok(Some(settings)) => {
            builder.apply_json(Source::File, settings);
        }
        Ok(None) => {}
        Err(problem) => {
            builder.unreadable(Source::File, problem);
        }
    }
    if let Some(settings) = mount {
        builder.apply_json(Source::Mount, settings);
    }
    if builder.syncs_url() {
        let pairs = query_pairs();
        builder.apply_pairs(
            Source::Url,
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        );
    }
    builder.finish()
}

/// Fetches a settings file. A 404, or a server answering every path with its HTML page, means
/// there is none.
async fn fetch_settings(url: &str) -> SettingsFile {
    let request = async {
        let response = Request::get(url)
            .send()
            .await
            .map_err(|_| format!("{url} could not be fetched"))?;
        if response.status() == 404 {
            return Ok(None);
        }
        if !response.ok() {
            return Err(format!("{url} answered HTTP {}", response.status()));
        }
        let body = response
            .text()
            .await
            .map_err(|_| format!("{url} could not be read"))?;
        if body.trim_start().starts_with('<') {
            return Ok(None);
        }
        serde_json::from_str(&body)
            .map(Some)
            .map_err(|e| format!("{url} is not valid JSON ({e})"))
    };
    futures::select! {
        file = request.fuse() => file,
        _ = TimeoutFuture::new(SETTINGS_TIMEOUT_MS).fuse() => {
            Err(format!("{url} did not answer within {} s", SETTINGS_TIMEOUT_MS / 1000))
        }
    }
}

/// A viewer mounted in a host's element.
struct Instance {
    host: Host,
    /// The mount config, with `setConfig` changes merged in.
    settings: Map<String, Value>,
    /// The file `configUrl` names, once fetched.
    file: Option<SettingsFile>,
    /// Bumped by every (re)start and unmount, so a file that arrives late starts nothing.
    generation: u64,
    /// The mounted app; dropping it unmounts the view and runs every cleanup.
    app: Option<Box<dyn std::any::Any>>,
    /// The problems of the settings the app was started with, reported on it.
    problems: Option<Vec<String>>,
    /// What the viewer shows, so `setConfig` restarts it where it was.
    memory: ViewMemory,
    /// Its element has been in the document: leaving it now unmounts the viewer.
    was_connected: bool,
}

/// What `mount` returns to the host. The viewer lives until `unmount()` or until its element,
/// once in the document, leaves it: a host that drops this handle (and the garbage collector
/// that frees it) ends nothing.
#[wasm_bindgen]
pub struct Mounted {
    instance: Rc<RefCell<Instance>>,
}

thread_local! {
    /// Every viewer mounted and not unmounted, held here so that it outlives its handle.
    static MOUNTED: RefCell<Vec<Rc<RefCell<Instance>>>> = const { RefCell::new(Vec::new()) };
    /// Watches the document for mounted viewers' elements leaving it; started with the first.
    static WATCH: RefCell<Option<Watch>> = const { RefCell::new(None) };
}

/// The document's observer and the callback it calls, kept alive together.
type Watch = (web_sys::MutationObserver, Closure<dyn FnMut()>);

/// Holds `instance` (once) until it is unmounted, and unmounts it once its element has left the
/// document (a host that removed the element without calling `unmount`).
fn hold(instance: &Rc<RefCell<Instance>>) {
    MOUNTED.with_borrow_mut(|all| {
        if !all.iter().any(|held| Rc::ptr_eq(held, instance)) {
            all.push(instance.clone());
        }
    });
    WATCH.with_borrow_mut(|watch| {
        if watch.is_some() {
            return;
        }
        let removed = Closure::<dyn FnMut()>::new(unmount_removed);
        let Ok(observer) = web_sys::MutationObserver::new(removed.as_ref().unchecked_ref()) else {
            return;
        };
        let options = web_sys::MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        if observer.observe_with_options(&document(), &options).is_ok() {
            *watch = Some((observer, removed));
        }
    });
}

/// How long an element that left the document may take to come back (a host moving it, or
/// keeping it aside a moment) before its viewer is unmounted, in ms.
const AWAY_MS: u32 = 1_000;

/// Unmounts the viewers whose element was in the document and is no longer, once it has stayed
/// away for [`AWAY_MS`].
fn unmount_removed() {
    let away: Vec<Rc<RefCell<Instance>>> = MOUNTED.with_borrow(|all| {
        all.iter()
            .filter(|instance| {
                let mut state = instance.borrow_mut();
                let connected = state.host.element.is_connected();
                state.was_connected |= connected;
                state.was_connected && !connected
            })
            .cloned()
            .collect()
    });
    for instance in away {
        spawn_local(async move {
            TimeoutFuture::new(AWAY_MS).await;
            let held = MOUNTED.with_borrow(|all| all.iter().any(|h| Rc::ptr_eq(h, &instance)));
            if held && !instance.borrow().host.element.is_connected() {
                unmount(&instance);
            }
        });
    }
}

/// Removes a viewer: its elements, listeners and timers, and any request in flight; it is no
/// longer held.
fn unmount(instance: &Rc<RefCell<Instance>>) {
    let none_left = MOUNTED.with_borrow_mut(|all| {
        all.retain(|held| !Rc::ptr_eq(held, instance));
        all.is_empty()
    });
    if none_left && let Some((observer, _)) = WATCH.take() {
        observer.disconnect();
    }
    let app = {
        let mut state = instance.borrow_mut();
        state.generation += 1;
        state.app.take()
    };
    drop(app);
}

/// Mounts a viewer into `element` with `config` (the same fields as tracedeck.json, plus
/// `configUrl`: a settings file to read first). Each call is an independent viewer.
#[wasm_bindgen]
pub fn mount(element: JsValue, config: JsValue) -> Result<Mounted, JsError> {
    let element = element
        .dyn_into::<web_sys::HtmlElement>()
        .map_err(|_| JsError::new("tracedeck mount: the first argument must be an element"))?;
    let settings = settings_object(&config)?;
    let was_connected = element.is_connected();
    let instance = Rc::new(RefCell::new(Instance {
        host: Host {
            element,
            look: ArcRwSignal::new(Default::default()),
            watch: Rc::default(),
        },
        settings,
        file: None,
        generation: 0,
        app: None,
        problems: None,
        memory: ViewMemory::default(),
        was_connected,
    }));
    restart(&instance);
    Ok(Mounted { instance })
}

#[wasm_bindgen]
impl Mounted {
    /// Removes the viewer: its elements, listeners and timers, and any request in flight.
    pub fn unmount(&self) {
        unmount(&self.instance);
    }

    /// Merges `partial` into the config; a field set to `null` falls back to the file's value or
    /// the default. The look (`theme`, `chrome`) changes in place; any other change starts the
    /// viewer again with it, showing what it showed (range, open trace, selection, filters).
    #[wasm_bindgen(js_name = setConfig)]
    pub fn set_config(&self, partial: JsValue) -> Result<(), JsError> {
        let partial = settings_object(&partial)?;
        let restyled = only_look(partial.keys().map(String::as_str));
        {
            let mut instance = self.instance.borrow_mut();
            if partial.contains_key("configUrl") {
                instance.file = None;
            }
            if partial.contains_key("range") {
                instance.memory.forget_range();
            }
            for (key, value) in partial {
                if value.is_null() {
                    instance.settings.remove(&key);
                } else {
                    instance.settings.insert(key, value);
                }
            }
        }
        if !(restyled && restyle(&self.instance)) {
            restart(&self.instance);
        }
        Ok(())
    }
}

/// A JS config object as JSON; `undefined` and `null` are an empty one.
fn settings_object(config: &JsValue) -> Result<Map<String, Value>, JsError> {
    if config.is_undefined() || config.is_null() {
        return Ok(Map::new());
    }
    let text = js_sys::JSON::stringify(config)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| JsError::new("tracedeck mount: the config cannot be read as JSON"))?;
    match serde_json::from_str(&text) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(JsError::new(
            "tracedeck mount: the config must be an object",
        )),
    }
}

/// Unmounts what is there and mounts anew from the current settings, fetching `configUrl`'s
/// file first when it has not been fetched yet; the viewer is held until it is unmounted.
fn restart(instance: &Rc<RefCell<Instance>>) {
    hold(instance);
    let (generation, fetch) = {
        let mut state = instance.borrow_mut();
        state.generation += 1;
        let fetch = state
            .settings
            .get("configUrl")
            .and_then(Value::as_str)
            .filter(|_| state.file.is_none())
            .map(str::to_owned);
        (state.generation, fetch)
    };
    let old = instance.borrow_mut().app.take();
    drop(old);
    match fetch {
        None => show(instance),
        Some(url) => {
            let instance = instance.clone();
            spawn_local(async move {
                let file = fetch_settings(&url).await;
                let current = {
                    let mut state = instance.borrow_mut();
                    state.file = Some(file);
                    state.generation == generation
                };
                if current {
                    show(&instance);
                }
            });
        }
    }
}

/// The config from the current settings (and the file, once fetched), with its problems.
fn configured(instance: &Instance) -> (Config, Vec<String>) {
    let mut settings = instance.settings.clone();
    settings.remove("configUrl");
    layered(
        ConfigBuilder::for_mount(),
        instance.file.as_ref().unwrap_or(&Ok(None)),
        Some(&Value::Object(settings)),
    )
}

/// Applies settings that changed only the look to the viewer shown, in place; `false` when it
/// must start again (none shown yet, or a bad value to report).
fn restyle(instance: &Rc<RefCell<Instance>>) -> bool {
    let state = instance.borrow();
    let Some(problems) = state.problems.as_ref().filter(|_| state.app.is_some()) else {
        return false;
    };
    let (config, now) = configured(&state);
    if now != *problems {
        return false;
    }
    state.host.look.set(config.look());
    true
}

fn show(instance: &Rc<RefCell<Instance>>) {
    let (host, config, problems, memory) = {
        let mut state = instance.borrow_mut();
        let (config, problems) = configured(&state);
        state.host.look.set(config.look());
        state.problems = Some(problems.clone());
        (state.host.clone(), config, problems, state.memory.clone())
    };
    let element = host.element.clone();
    let app = leptos::mount::mount_to(
        element,
        move || view! { <App config problems memory host /> },
    );
    instance.borrow_mut().app = Some(Box::new(app));
}
