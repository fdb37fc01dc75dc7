//! Trace files: opened with a picker or dropped on the page (Jaeger JSON, OTLP JSON, JSON Lines),
//! and saved back as Jaeger JSON.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::app::actions::Actions;
use crate::app::state::Viewer;
use crate::model::Trace;
use crate::wire;

/// Reads the files, and shows their traces or says what was wrong with the first bad one.
pub fn open_files(actions: Actions, files: Vec<web_sys::File>) {
    if files.is_empty() {
        return;
    }
    spawn_local(async move {
        let mut traces: Vec<Arc<Trace>> = Vec::new();
        let names: Vec<String> = files.iter().map(web_sys::File::name).collect();
        for file in files {
            let name = file.name();
            let text = match JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string())
            {
                Some(text) => text,
                None => {
                    actions.file_failed(format!("{name}: the file could not be read."));
                    return;
                }
            };
            match wire::parse_any(text.as_bytes()) {
                Ok(document) => traces.extend(
                    document
                        .traces
                        .into_iter()
                        .map(|r| Arc::new(Trace::build(r))),
                ),
                Err(problem) => {
                    actions.file_failed(format!("{name}: {problem}"));
                    return;
                }
            }
        }
        actions.use_file(names.join(", "), traces);
    });
}

/// Offers text as a file download.
pub fn download(file_name: &str, json: &str) {
    let parts = js_sys::Array::of1(&json.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(link) = document().create_element("a") {
        let link: web_sys::HtmlAnchorElement = link.unchecked_into();
        link.set_href(&url);
        link.set_download(file_name);
        link.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// "Open file", the file label while one is shown with a way back, and "Download list".
#[component]
pub fn FileControls() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<Actions>();
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let files = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        open_files(actions, files);
        input.set_value("");
    };
    let back_to_live = move |_| actions.back_to_live();
    let download_list = move |_| {
        viewer.traces.with_untracked(|list| {
            let refs: Vec<&Trace> = list.iter().map(Arc::as_ref).collect();
            download("traces.json", &wire::jaeger::to_json(&refs));
        });
    };
    view! {
        <div class="td-files">
            <label class="td-file-button">
                "Open file"
                <input
                    class="td-file-input"
                    type="file"
                    accept=".json,.jsonl,.ndjson,application/json"
                    multiple
                    on:change=on_pick
                />
            </label>
            <button
                type="button"
                class="td-download-list"
                disabled=move || viewer.traces.with(Vec::is_empty)
                title=move || {
                    viewer
                        .summaries
                        .with(Option::is_some)
                        .then_some(
                            "The listed traces whose spans are loaded (opened, or for the analysis views), as Jaeger JSON",
                        )
                }
                on:click=download_list
            >
                // A list from summaries holds only some traces' spans: the label says how many.
                {move || match viewer.summaries.with(|s| s.as_ref().map(Vec::len)) {
                    Some(_) => format!("Download {} loaded", viewer.traces.with(Vec::len)),
                    None => "Download list".to_owned(),
                }}
            </button>
            {move || {
                viewer.file.get().map(|name| {
                    view! {
                        <span class="td-file-badge" title="Traces from a file: no backend is asked">
                            {format!("File: {name}")}
                        </span>
                        <button type="button" class="td-back-live" on:click=back_to_live>
                            "Back to live"
                        </button>
                    }
                })
            }}
        </div>
    }
}
