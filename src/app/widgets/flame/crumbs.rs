//! The flame chart's breadcrumb.

use super::*;

/// The breadcrumb: the whole graph (`whole`), then the focused box's ancestors and the box.
#[component]
pub(super) fn FlameCrumbs(chart: Chart, whole: &'static str) -> impl IntoView {
    let Chart {
        graph, state, act, ..
    } = chart;
    view! {
        <nav class="td-flame-crumbs" aria-label="Flame graph focus">
            <button
                type="button"
                class="td-crumb"
                aria-current=move || state.with(|s| s.focus.is_none()).then_some("true")
                on:click=move |_| act.run(FlameAction::Unfocus)
            >
                {whole}
            </button>
            {move || {
                graph.with(|g| {
                    state.with(|s| s.breadcrumb(g))
                        .into_iter()
                        // The box over several roots is what the first crumb names.
                        .filter(|&b| !g.name(b).0.is_empty())
                        .map(|b| {
                            let (_, operation) = g.name(b);
                            let current = state.with(|s| s.focus == Some(b));
                            view! {
                                <span class="td-crumb-item">
                                    <span class="td-crumb-sep" aria-hidden="true">"›"</span>
                                    <button
                                        type="button"
                                        class="td-crumb"
                                        title=g.title(b)
                                        aria-current=current.then_some("true")
                                        on:click=move |_| act.run(FlameAction::Focus(b))
                                    >
                                        {operation.to_owned()}
                                    </button>
                                </span>
                            }
                        })
                        .collect_view()
                })
            }}
        </nav>
    }
}
