//! The browser app: Leptos components that render the view model and dispatch user actions.

use leptos::prelude::*;

/// The page: a header that says what this is, and the traces area below it.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <div class="td-app">
            <header class="td-header">
                <h1 class="td-title">
                    <span class="td-logo" aria-hidden="true"></span>
                    "Traces"
                </h1>
                <p class="td-tagline">"tracedeck · a traces viewer for Jaeger"</p>
            </header>
            <main class="td-main">
                <p class="td-empty">"Recent traces will appear here."</p>
            </main>
        </div>
    }
}
