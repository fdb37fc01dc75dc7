//! One trace opened: its span tree with timeline bars, and the detail of the selected span.
//! The view's state is the core's [`TraceViewState`]; these components render it and dispatch
//! [`Action`]s, and carry out the [`Effect`] each action asks for (scrolling, selecting).

mod flame;
mod logs;
mod row;
mod ruler;
mod search;
mod toolbar;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;

use crate::app::actions::Actions;
use crate::app::pages::span_detail::SpanDetail;
use crate::app::runtime::scroll::reveal_after_draw;
use crate::app::state::Viewer;
use crate::app::widgets::roving;
use crate::model::{SpanIdx, Trace};
use crate::view::detail::linked_from;
use crate::view::keys::Arrows;
use crate::view::search::TraceFind;
use crate::view::trace_list::short_id;
use crate::view::trace_view::{Action, Effect, TraceFacts, TraceTab, TraceViewState};
use crate::view::tree::{self, TreeKey};
use flame::TraceFlame;
use logs::TraceLogs;
use row::{RowState, SpanRow, row_id};
use ruler::Ruler;
use search::SearchBar;
use toolbar::Toolbar;

/// Every span row has this height (CSS `--td-row-height`), so rows can be placed without measuring.
const ROW_PX: f64 = 28.0;

/// The sticky column header above the rows, as tall as a row.
const HEAD_PX: f64 = ROW_PX;

/// What the parts of an open trace's view share: the trace, its facts, the state (read) and the
/// way to change it (`dispatch`), and what is derived from the state.
#[derive(Clone)]
struct Open {
    trace: Arc<Trace>,
    facts: Arc<TraceFacts>,
    state: RwSignal<TraceViewState>,
    dispatch: Callback<Action>,
    rows: Memo<Vec<SpanIdx>>,
    matches: Memo<Vec<SpanIdx>>,
    /// The spans slower than their kind's p95 over the loaded traces, in tree order.
    unusual: Memo<Vec<SpanIdx>>,
    /// The selected span, when it is in this trace.
    selected: Memo<Option<SpanIdx>>,
}

#[component]
pub fn TraceView(trace: Arc<Trace>) -> impl IntoView {
    if trace.spans.is_empty() {
        return view! {
            <div class="td-trace-view">
                <p class="td-tree-empty" role="status">
                    "This trace holds no spans: the backend sent its ID and nothing else, so there is no tree to show."
                </p>
            </div>
        }
        .into_any();
    }
    let body = NodeRef::<leptos::html::Div>::new();
    let open = open_trace_view(trace, body);
    let detail_trace = open.trace.clone();
    let (state, dispatch, selected) = (open.state, open.dispatch, open.selected);
    let actions = expect_context::<Actions>();
    let tab = Memo::new(move |_| state.with(|s| s.tab));
    let (tree_open, flame_open) = (open.clone(), open.clone());
    let toolbar_trace = open.trace.clone();
    let logs_trace = open.trace.clone();
    let (search_open, slowest_trace) = (open.clone(), open.trace.clone());
    let ids = format!(
        "td-trace-view-{}",
        TRACE_VIEWS.fetch_add(1, Ordering::Relaxed)
    );
    let panel_id = format!("{ids}-panel");
    view! {
        <div class="td-trace-view">
            <TraceTabs tab=tab dispatch=dispatch ids=ids.clone() />
            <Show when=move || tab.get() == TraceTab::Tree>
                <Toolbar trace=toolbar_trace.clone() state=state dispatch=dispatch unusual=open.unusual />
            </Show>
            <LinkedFrom trace_id=open.trace.trace_id.clone() />
            <Show when=move || tab.get() != TraceTab::Logs>
                <SearchBar open=search_open.clone() />
                <Slowest trace=slowest_trace.clone() dispatch=dispatch />
            </Show>
            <div
                role="tabpanel"
                id=panel_id
                aria-labelledby=move || tab_id(&ids, tab.get())
            >
                {move || match tab.get() {
                    TraceTab::Tree => view! { <SpanTree open=tree_open.clone() body=body /> }.into_any(),
                    TraceTab::Flame => view! { <TraceFlame open=flame_open.clone() /> }.into_any(),
                    TraceTab::Logs => {
                        view! { <TraceLogs trace=logs_trace.clone() dispatch=dispatch selected=selected /> }
                            .into_any()
                    }
                }}
            </div>
            {move || {
                selected
                    .get()
                    .map(|idx| {
                        view! {
                            <SpanDetail
                                trace=detail_trace.clone()
                                idx=idx
                                on_close=move || actions.select(None)
                                on_zoom=move || dispatch.run(Action::ZoomToSpan(idx))
                                on_reveal=Callback::new(move |span| dispatch.run(Action::Reveal(span)))
                            />
                        }
                    })
            }}
        </div>
    }
    .into_any()
}

/// Numbers each open trace's view, so its tab and panel ids stay unique on the page.
static TRACE_VIEWS: AtomicUsize = AtomicUsize::new(0);

/// The id of a trace view's tab (`ids` is the view's own prefix).
fn tab_id(ids: &str, tab: TraceTab) -> String {
    match tab {
        TraceTab::Tree => format!("{ids}-tree"),
        TraceTab::Flame => format!("{ids}-flame"),
        TraceTab::Logs => format!("{ids}-logs"),
    }
}

/// The tabs above an open trace: its span tree, or its flame graph.
#[component]
fn TraceTabs(tab: Memo<TraceTab>, dispatch: Callback<Action>, ids: String) -> impl IntoView {
    let button = move |choice: TraceTab, label: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                id=tab_id(&ids, choice)
                aria-controls=format!("{ids}-panel")
                class="td-tab"
                aria-selected=move || (tab.get() == choice).to_string()
                tabindex=move || if tab.get() == choice { "0" } else { "-1" }
                on:click=move |_| dispatch.run(Action::ShowTab(choice))
            >
                {label}
            </button>
        }
    };
    view! {
        <div
            class="td-tabs td-trace-tabs"
            role="tablist"
            aria-label="Trace views"
            on:keydown=|ev| roving::step(&ev, "[role=tab]", Arrows::Horizontal, true)
        >
            {button(TraceTab::Tree, "Span tree")}
            {button(TraceTab::Flame, "Flame graph")}
            {button(TraceTab::Logs, "Logs")}
        </div>
    }
}

/// Sets up an open trace's state, what derives from it, and the dispatcher that applies an
/// action and carries out its effect.
fn open_trace_view(trace: Arc<Trace>, body: NodeRef<leptos::html::Div>) -> Open {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<Actions>();
    let facts = Arc::new(TraceFacts::of(&trace));
    // The address may carry a search for this trace.
    let find = viewer.find.with_untracked(|find| {
        find.as_ref()
            .filter(|(id, _)| *id == trace.trace_id)
            .map(|(_, find)| find.clone())
            .unwrap_or_default()
    });
    // And that it is shown as its flame graph.
    let flame = viewer.flame_view.with_untracked(|view| {
        view.as_ref()
            .filter(|(id, _)| *id == trace.trace_id)
            .map(|(_, layout)| *layout)
    });
    let state = RwSignal::new(TraceViewState::new(&facts, find, flame));
    let find = Memo::new(move |_| state.with(|s| s.find.clone()));
    let matches = {
        let trace = trace.clone();
        Memo::new(move |_| find.with(|f| f.matching(&trace)))
    };
    let unusual = {
        let trace = trace.clone();
        // Counted with the list for a listed trace; here for one opened by ID or from a file.
        Memo::new(move |_| {
            let listed = (viewer.unusual).with(|all| all.get(&trace.trace_id).cloned());
            listed.unwrap_or_else(|| viewer.typical.with(|t| t.unusual_spans(&trace)))
        })
    };
    // Rows follow the state's generation, not every change of it: moving the focus or zooming
    // computes no rows.
    let generation = Memo::new(move |_| state.with(|s| s.rows_generation));
    let rows = {
        let (trace, facts) = (trace.clone(), facts.clone());
        Memo::new(move |_| {
            // Read, not only tracked: the generation memo subscribes to the state when it first runs.
            let _ = generation.get();
            // The matches and the unusual spans matter (and are tracked) only while a toggle
            // filters by them.
            let (by_matches, by_unusual) =
                state.with_untracked(|s| (s.matches_only && s.find.is_active(), s.unusual_only));
            let none = Vec::new;
            let found = if by_matches { matches.get() } else { none() };
            let slow = if by_unusual { unusual.get() } else { none() };
            state.with_untracked(|s| s.rows(&trace, &facts, &found, &slow))
        })
    };
    let selected = {
        let trace = trace.clone();
        Memo::new(move |_| {
            viewer.selected.with(|chosen| {
                chosen
                    .as_ref()
                    .filter(|(trace_id, _)| *trace_id == trace.trace_id)
                    .and_then(|(_, key)| trace.find_span(key))
            })
        })
    };
    let dispatch = {
        let (trace, facts) = (trace.clone(), facts.clone());
        Callback::new(move |action: Action| {
            // Copied out first: updating the state while its memos are borrowed would have them
            // recompute under that borrow.
            let (shown, found) = (rows.get_untracked(), matches.get_untracked());
            let effect = state
                .try_update(|s| s.apply(&trace, &facts, &shown, &found, action))
                .unwrap_or(Effect::Nothing);
            carry_out(&trace, effect, actions, state, body);
        })
    };
    // A span selected before the trace was drawn (the address, a followed reference) is shown.
    leptos::prelude::Effect::new(move |_| {
        if let Some(idx) = selected.get_untracked() {
            dispatch.run(Action::Reveal(idx));
        }
    });
    Open {
        trace,
        facts,
        state,
        dispatch,
        rows,
        matches,
        unusual,
        selected,
    }
}

/// Does what an action's effect asks of the page: selection goes to the viewer, scrolling to the
/// tree's body, a changed search to the address.
fn carry_out(
    trace: &Trace,
    effect: Effect,
    actions: Actions,
    state: RwSignal<TraceViewState>,
    body: NodeRef<leptos::html::Div>,
) {
    let key = |idx| (trace.trace_id.clone(), trace.span_key(idx));
    match effect {
        Effect::Nothing => {}
        Effect::KeepInView(position) => {
            if let Some(el) = body.get_untracked() {
                let top = position as f64 * ROW_PX;
                let view = f64::from(el.client_height()) - HEAD_PX;
                let scroll = f64::from(el.scroll_top());
                if top < scroll {
                    el.set_scroll_top(top as i32);
                } else if top + ROW_PX > scroll + view {
                    el.set_scroll_top((top + ROW_PX - view).ceil() as i32);
                }
            }
        }
        Effect::Reveal { span, position } => {
            actions.select(Some(key(span)));
            if let (Some(position), Some(el)) = (position, body.get_untracked()) {
                let middle = f64::from(el.client_height()) / 2.0;
                el.set_scroll_top((position as f64 * ROW_PX - middle).max(0.0) as i32);
            }
        }
        Effect::ToggleSelection(span) => actions.toggle_selected(key(span)),
        Effect::CloseDetail => actions.select(None),
        Effect::FindChanged => {
            let find: TraceFind = state.with_untracked(|s| s.find.clone());
            actions.set_find(trace.trace_id.clone(), &find);
        }
        Effect::TabChanged => {
            let flame =
                state.with_untracked(|s| (s.tab == TraceTab::Flame).then_some(s.flame_layout));
            actions.set_flame_view(trace.trace_id.clone(), flame);
        }
    }
}

/// The loaded traces with a span referring to this trace (a FOLLOWS_FROM or a link from
/// another trace), each opening above the list.
#[component]
fn LinkedFrom(trace_id: String) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<Actions>();
    let from = Memo::new(move |_| {
        viewer.traces.with(|loaded| {
            linked_from(loaded, &trace_id)
                .into_iter()
                .map(|(t, span)| {
                    let root = t.root_operation().unwrap_or_default().to_owned();
                    (t.trace_id.clone(), t.span_key(span), root)
                })
                .collect::<Vec<_>>()
        })
    });
    move || {
        let from = from.get();
        (!from.is_empty()).then(|| {
            view! {
                <div class="td-linked-from" role="group" aria-label="Linked from">
                    <span class="td-slowest-label">"Linked from:"</span>
                    {from
                        .into_iter()
                        .map(|(id, span, root)| {
                            let short = short_id(&id);
                            let open = id.clone();
                            view! {
                                <button
                                    type="button"
                                    class="td-slow"
                                    title=format!("Open trace {id} above the list, with its span that refers to this trace selected")
                                    on:click=move |ev| {
                                        actions.follow_reference(open.clone(), span.clone());
                                        reveal_after_draw(&ev, ".td-opened");
                                    }
                                >
                                    {format!("{root} · {short}")}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            }
        })
    }
}

/// How many spans the "slowest" list names.
const SLOWEST_SHOWN: usize = 5;

/// The spans with the most self time; a click reveals one.
#[component]
fn Slowest(trace: Arc<Trace>, dispatch: Callback<Action>) -> impl IntoView {
    let slowest = tree::slowest_by_self_time(&trace, SLOWEST_SHOWN)
        .into_iter()
        .filter(|&i| trace.span(i).self_time_ns > 0)
        .map(|idx| {
            let span = trace.span(idx);
            view! {
                <li>
                    <button type="button" class="td-slow" on:click=move |_| dispatch.run(Action::Reveal(idx))>
                        <span class="td-slow-op">{span.operation.clone()}</span>
                        " "
                        <span class="td-slow-time">{crate::view::format::duration(span.self_time_ns)}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="td-slowest">
            <span class="td-slowest-label">"Slowest (self time):"</span>
            <ul class="td-slowest-list">{slowest}</ul>
        </div>
    }
}

/// The span tree: a WAI-ARIA treegrid whose rows in view (plus a buffer) exist in the DOM, a
/// spacer giving the rest their height.
#[component]
fn SpanTree(open: Open, body: NodeRef<leptos::html::Div>) -> impl IntoView {
    let Open {
        trace,
        state,
        dispatch,
        rows,
        ..
    } = open.clone();
    let zoom = Memo::new(move |_| state.with(|s| s.zoom));
    let scroll_top = RwSignal::new(0.0);
    let viewport = RwSignal::new(
        window()
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(800.0),
    );
    let on_scroll = move |_| {
        if let Some(el) = body.get_untracked() {
            scroll_top.set(f64::from(el.scroll_top()));
            viewport.set(f64::from(el.client_height()));
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if let Some(key) = TreeKey::from_key(&ev.key()) {
            ev.prevent_default();
            dispatch.run(Action::Key(key));
        }
    };
    let active_row = {
        let trace_id = trace.trace_id.clone();
        move || {
            let at = state.with(|s| s.focused);
            rows.with(|rows| rows.get(at).map(|idx| row_id(&trace_id, *idx)))
        }
    };
    let shown = visible_row_states(&open, scroll_top, viewport);
    view! {
        <div
            class="td-tree"
            class:td-zoomed=move || !zoom.get().is_full()
            style:--td-from=move || (zoom.get().from * 100.0).to_string()
            style:--td-scale=move || zoom.get().scale().to_string()
            role="treegrid"
            aria-label="Span tree"
            aria-rowcount=move || rows.with(Vec::len).to_string()
            aria-activedescendant=active_row
            tabindex="0"
            node_ref=body
            on:scroll=on_scroll
            on:keydown=on_key
        >
            <div class="td-tree-head" role="row">
                <div class="td-col-name" role="columnheader">"Service · operation"</div>
                <Ruler zoom=zoom trace=trace.clone() dispatch=dispatch />
            </div>
            <SpanRows open=open shown=shown />
            <Show when=move || rows.with(Vec::is_empty)>
                <p class="td-tree-empty" role="status">
                    "No span to show: nothing matches the search, no span is unusual, or the critical path is empty. Turn off \"Matches only\", \"Unusual only\" or \"Critical path only\" to see every span."
                </p>
            </Show>
        </div>
    }
}

/// The rows in view, each with everything it shows that can change while the trace is open.
fn visible_row_states(
    open: &Open,
    scroll_top: RwSignal<f64>,
    viewport: RwSignal<f64>,
) -> Memo<Vec<RowState>> {
    let Open {
        trace,
        facts,
        state,
        rows,
        matches,
        unusual,
        selected,
        ..
    } = open.clone();
    let flags_of = move |spans: Memo<Vec<SpanIdx>>| {
        let count = trace.spans.len();
        Memo::new(move |_| {
            let mut flags = vec![false; count];
            spans.with(|m| m.iter().for_each(|&i| flags[i as usize] = true));
            flags
        })
    };
    let (match_flags, unusual_flags) = (flags_of(matches), flags_of(unusual));
    Memo::new(move |_| {
        let chosen = selected.get();
        let slow = unusual_flags.read();
        match_flags.with(|matched| {
            state.with(|s| {
                rows.with(|rows| {
                    let range = tree::window(rows.len(), scroll_top.get(), viewport.get(), ROW_PX);
                    rows[range.clone()]
                        .iter()
                        .zip(range)
                        .map(|(&idx, position)| RowState {
                            idx,
                            position,
                            folded: s.collapsed.contains(&idx),
                            selected: chosen == Some(idx),
                            focused: position == s.focused,
                            matched: matched[idx as usize],
                            unusual: slow[idx as usize],
                            group: facts
                                .groups
                                .contains_key(&idx)
                                .then(|| s.folded_groups.contains(&idx)),
                        })
                        .collect()
                })
            })
        })
    })
}

/// The spacer and the rows in it; each row is a static view keyed by everything it shows, so
/// scrolling creates no per-row reactive work.
#[component]
fn SpanRows(open: Open, shown: Memo<Vec<RowState>>) -> impl IntoView {
    let Open {
        trace,
        facts,
        dispatch,
        rows,
        ..
    } = open;
    let errors_below = Arc::new(tree::errors_below(&trace));
    view! {
        <div class="td-tree-rows" style:height=move || format!("{}px", rows.with(Vec::len) as f64 * ROW_PX)>
            <For
                each=move || shown.get()
                key=|row| *row
                children=move |row| {
                    let group = row.group.and_then(|_| facts.groups.get(&row.idx).cloned());
                    view! {
                        <SpanRow
                            trace=trace.clone()
                            row=row
                            group=group
                            critical=facts.critical.get(&row.idx).cloned().unwrap_or_default()
                            error_inside=errors_below[row.idx as usize]
                            dispatch=dispatch
                        />
                    }
                }
            />
        </div>
    }
}
