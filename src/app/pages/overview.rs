//! Across the loaded traces, above the list: the chart, the operation statistics, the service
//! map and the flame graph of them all, one at a time behind tabs (or hidden).

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;

use crate::app::pages::chart::TraceChart;
use crate::app::pages::flame_overview::AggregateFlame;
use crate::app::pages::operations::OperationsTable;
use crate::app::pages::service_graph::ServiceGraph;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Chart,
    Operations,
    Services,
    Flame,
    Hidden,
}

impl Tab {
    const SHOWN: [Tab; 4] = [Tab::Chart, Tab::Operations, Tab::Services, Tab::Flame];

    fn label(self) -> &'static str {
        match self {
            Self::Chart => "Chart",
            Self::Operations => "Operations",
            Self::Services => "Service map",
            Self::Flame => "Flame graph",
            Self::Hidden => "",
        }
    }
}

/// Numbers each overview, so its tab and panel ids stay unique with several viewers on a page.
static OVERVIEWS: AtomicUsize = AtomicUsize::new(0);

#[component]
pub fn Overview() -> impl IntoView {
    let tab = RwSignal::new(Tab::Chart);
    let id = format!("td-overview-{}", OVERVIEWS.fetch_add(1, Ordering::Relaxed));
    let panel_id = format!("{id}-panel");
    let tab_id = move |t: Tab| format!("{id}-{}", t.label().to_ascii_lowercase().replace(' ', "-"));
    view! {
        <section class="td-overview" aria-label="Across the loaded traces">
            <div class="td-tabs" role="tablist">
                {Tab::SHOWN
                    .map(|t| {
                        view! {
                            <button
                                type="button"
                                role="tab"
                                class="td-tab"
                                id=tab_id.clone()(t)
                                aria-controls=panel_id.clone()
                                aria-selected=move || (tab.get() == t).to_string()
                                on:click=move |_| tab.set(t)
                            >
                                {t.label()}
                            </button>
                        }
                    })
                    .collect_view()}
                <button
                    type="button"
                    class="td-tab td-tab-hide"
                    aria-pressed=move || (tab.get() == Tab::Hidden).to_string()
                    on:click=move |_| tab.update(|t| *t = if *t == Tab::Hidden { Tab::Chart } else { Tab::Hidden })
                >
                    {move || if tab.get() == Tab::Hidden { "Show overview" } else { "Hide" }}
                </button>
            </div>
            <div
                class="td-tab-panel"
                role="tabpanel"
                id=panel_id.clone()
                aria-labelledby=move || tab_id.clone()(tab.get())
            >
                {move || match tab.get() {
                    Tab::Chart => view! { <TraceChart /> }.into_any(),
                    Tab::Operations => view! { <OperationsTable /> }.into_any(),
                    Tab::Services => view! { <ServiceGraph /> }.into_any(),
                    Tab::Flame => view! { <AggregateFlame /> }.into_any(),
                    Tab::Hidden => ().into_any(),
                }}
            </div>
        </section>
    }
}
