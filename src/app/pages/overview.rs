//! Across the loaded traces, above the list: the chart, the operation statistics, the service
//! map and the flame graph of them all, one at a time behind tabs (or hidden).

use std::sync::atomic::{AtomicUsize, Ordering};

use std::collections::HashSet;

use leptos::prelude::*;

use crate::app::actions::Actions;
use crate::app::state::Viewer;
use crate::app::widgets::roving;
use crate::view::keys::Arrows;
use crate::view::span_budget::BasedOn;

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

    /// Whether the view is drawn from spans (the chart needs only the list).
    fn needs_spans(self) -> bool {
        matches!(self, Self::Operations | Self::Services | Self::Flame)
    }

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
    let actions = expect_context::<Actions>();
    let tab = RwSignal::new(Tab::Chart);
    // The views drawn from spans want listed traces' spans while they are shown.
    Effect::new(move |_| actions.show_analysis(tab.get().needs_spans()));
    on_cleanup(move || actions.show_analysis(false));
    let id = format!("td-overview-{}", OVERVIEWS.fetch_add(1, Ordering::Relaxed));
    let panel_id = format!("{id}-panel");
    let tab_id = move |t: Tab| format!("{id}-{}", t.label().to_ascii_lowercase().replace(' ', "-"));
    view! {
        <section class="td-overview" aria-label="Across the loaded traces">
            <div
                class="td-tabs"
                role="tablist"
                // Chosen with Enter or Space, not as the arrows pass: choosing an analysis view
                // loads spans for it.
                on:keydown=|ev| roving::step(&ev, "[role=tab]", Arrows::Horizontal, false)
            >
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
                                tabindex=move || {
                                    // With the overview hidden, the first tab is the stop.
                                    let stop = tab.get() == t || (tab.get() == Tab::Hidden && t == Tab::Chart);
                                    if stop { "0" } else { "-1" }
                                }
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
                {move || tab.get().needs_spans().then(|| view! { <BasedOnLine /> })}
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

/// Over a list from summaries: which listed traces the view is drawn from (those whose spans are
/// loaded), and a way to load more of them.
#[component]
fn BasedOnLine() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<Actions>();
    let budget = viewer.config.with_value(|c| c.span_budget);
    // The line, and what "Load next" would fetch while there is more and nothing is on its way.
    let based_on = Memo::new(move |_| {
        viewer.summaries.with(|summaries| {
            let summaries = summaries.as_ref()?;
            let loaded: HashSet<String> = viewer
                .traces
                .with(|t| t.iter().map(|t| t.trace_id.clone()).collect());
            let busy: HashSet<String> = viewer.span_fetches.with(|f| f.keys().cloned().collect());
            Some(viewer.span_load.with(|load| {
                let based_on = BasedOn::of(summaries, &loaded, load);
                let next = (!based_on.complete() && based_on.loading == 0)
                    .then(|| load.next_round(summaries, &loaded, &busy, budget))
                    .filter(|(traces, _)| *traces > 0);
                (based_on.line(), next.map(BasedOn::next_label))
            }))
        })
    });
    move || {
        based_on.get().map(|(line, next)| {
            view! {
                <p class="td-based-on" role="status">
                    {line}
                    {next
                        .map(|label| {
                            view! {
                                " "
                                <button
                                    type="button"
                                    class="td-tool"
                                    on:click=move |_| actions.load_more_spans()
                                >
                                    {label}
                                </button>
                            }
                        })}
                </p>
            }
        })
    }
}
