//! One trace opened: its span tree with timeline bars, and the detail of the selected span.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::tachys::html::attribute::custom::custom_attribute;

use super::duration_input::DurationInput;
use super::span_detail::SpanDetail;
use super::state::Viewer;
use crate::model::semconv::SpanKind;
use crate::model::{SpanIdx, Trace, semconv};
use crate::view::colors::method_class;
use crate::view::critical_path::critical_path;
use crate::view::detail::{time_problem_label, time_problem_text, trace_notes};
use crate::view::format;
use crate::view::search::{TraceFind, with_ancestors};
use crate::view::tree::{self, LabelSide, SiblingGroup, TreeAction, TreeKey};
use crate::view::zoom::Zoom;

/// Critical-path segments per span, as (left %, width %) of the timeline.
type CriticalSegments = Arc<std::collections::HashMap<SpanIdx, Vec<(f64, f64)>>>;

/// Indentation stops growing here so deep traces keep room for their names.
const MAX_INDENT: u32 = 24;

/// Every span row has this height (CSS `--td-row-height`), so rows can be placed without measuring.
const ROW_PX: f64 = 28.0;

/// How many spans the "slowest" list names.
const SLOWEST_SHOWN: usize = 5;

/// The sticky column header above the rows, as tall as a row.
const HEAD_PX: f64 = ROW_PX;

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
    let viewer = expect_context::<Viewer>();
    let collapsed = RwSignal::new(HashSet::<SpanIdx>::new());
    // The time window the timeline shows; the whole trace until the user zooms.
    let zoom = RwSignal::new(Zoom::FULL);
    let selected = {
        let trace = trace.clone();
        Memo::new(move |_| {
            viewer.selected.with(|chosen| {
                chosen
                    .as_ref()
                    .filter(|(trace_id, _)| *trace_id == trace.trace_id)
                    .and_then(|(_, span_id)| trace.find_span(span_id))
            })
        })
    };
    let critical: CriticalSegments = {
        let total = trace.duration_ns().max(1) as f64;
        let mut by_span: std::collections::HashMap<SpanIdx, Vec<(f64, f64)>> = Default::default();
        for segment in critical_path(&trace) {
            let left = segment.start_ns.saturating_sub(trace.start_ns) as f64 * 100.0 / total;
            let width = (segment.end_ns - segment.start_ns) as f64 * 100.0 / total;
            by_span.entry(segment.span).or_default().push((left, width));
        }
        Arc::new(by_span)
    };
    let critical_only = RwSignal::new(false);
    // Search inside the trace: the matches in tree order, and which spans "matches only" keeps.
    // The address may carry a search for this trace; searching keeps it there.
    let find = RwSignal::new(viewer.find.with_untracked(|find| {
        find.as_ref()
            .filter(|(id, _)| *id == trace.trace_id)
            .map(|(_, find)| find.clone())
            .unwrap_or_default()
    }));
    let matches_only = RwSignal::new(false);
    let current_match = RwSignal::new(None::<usize>);
    let matches = {
        let trace = trace.clone();
        Memo::new(move |_| find.with(|f| f.matching(&trace)))
    };
    let change_find = {
        let trace_id = trace.trace_id.clone();
        Callback::new(move |next: TraceFind| {
            current_match.set(None);
            viewer
                .find
                .set(next.is_active().then(|| (trace_id.clone(), next.clone())));
            find.set(next);
        })
    };
    // Similar sibling runs start folded into one row each.
    let groups = Arc::new(tree::sibling_groups(&trace, tree::GROUP_MIN_RUN));
    let folded_groups = RwSignal::new(groups.keys().copied().collect::<HashSet<SpanIdx>>());
    let match_flags = {
        let trace = trace.clone();
        Memo::new(move |_| {
            let mut flags = vec![false; trace.spans.len()];
            matches.with(|m| m.iter().for_each(|&i| flags[i as usize] = true));
            flags
        })
    };
    let errors_below = Arc::new(tree::errors_below(&trace));
    let rows = {
        let trace = trace.clone();
        let critical = critical.clone();
        let groups = groups.clone();
        Memo::new(move |_| {
            let rows = collapsed.with(|c| tree::visible_rows(&trace, c));
            let mut rows =
                folded_groups.with(|folded| tree::fold_groups(&trace, rows, &groups, folded));
            if critical_only.get() {
                rows.retain(|idx| critical.contains_key(idx));
            }
            if matches_only.get() && find.with(TraceFind::is_active) {
                let keep = matches.with(|m| with_ancestors(&trace, m));
                rows.retain(|&idx| keep[idx as usize]);
            }
            rows
        })
    };
    let all_parents = {
        let trace = trace.clone();
        move || tree::parents(&trace)
    };
    // Only the rows in view (plus a buffer) exist in the DOM; a spacer gives the rest their height.
    let body = NodeRef::<leptos::html::Div>::new();
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
    // Rows are static views keyed by everything they show, so a row re-renders only when its
    // place, fold or selection changes, and scrolling creates no per-row reactive work.
    // The keyboard focus: a position among the visible rows (aria-activedescendant names it).
    let focused = RwSignal::new(0usize);
    let on_key = {
        let trace = trace.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let Some(key) = TreeKey::from_key(&ev.key()) else {
                return;
            };
            ev.prevent_default();
            let at = focused.get_untracked();
            // Right on a folded group unfolds it, as on a collapsed subtree.
            let folded_leader = rows
                .with_untracked(|rows| rows.get(at).copied())
                .filter(|idx| folded_groups.with_untracked(|g| g.contains(idx)));
            if let (TreeKey::Right, Some(leader)) = (key, folded_leader) {
                folded_groups.update(|g| {
                    g.remove(&leader);
                });
                return;
            }
            let action = rows.with_untracked(|rows| {
                collapsed.with_untracked(|c| tree::key_action(&trace, rows, c, at, key))
            });
            match action {
                TreeAction::Focus(position) => {
                    focused.set(position);
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
                TreeAction::Collapse(idx) => collapsed.update(|c| {
                    c.insert(idx);
                }),
                TreeAction::Expand(idx) => collapsed.update(|c| {
                    c.remove(&idx);
                }),
                TreeAction::Select(idx) => {
                    let choice = (trace.trace_id.clone(), trace.span_key(idx));
                    viewer.selected.update(|s| {
                        *s = if s.as_ref() == Some(&choice) {
                            None
                        } else {
                            Some(choice)
                        };
                    });
                }
                TreeAction::CloseDetail => viewer.selected.set(None),
                TreeAction::ZoomTo(idx) => zoom.set(Zoom::to_span(&trace, idx)),
                TreeAction::ZoomReset => zoom.set(Zoom::FULL),
                TreeAction::Nothing => {}
            }
        }
    };
    let active_row = {
        let trace_id = trace.trace_id.clone();
        move || {
            let at = focused.get();
            rows.with(|rows| rows.get(at).map(|idx| row_id(&trace_id, *idx)))
        }
    };
    let shown = {
        let groups = groups.clone();
        Memo::new(move |_| {
            let chosen = selected.get();
            let at = focused.get();
            let matched = match_flags.get();
            let grouped = folded_groups.get();
            collapsed.with(|folded| {
                rows.with(|rows| {
                    let range = tree::window(rows.len(), scroll_top.get(), viewport.get(), ROW_PX);
                    rows[range.clone()]
                        .iter()
                        .zip(range)
                        .map(|(&idx, position)| RowState {
                            idx,
                            position,
                            folded: folded.contains(&idx),
                            selected: chosen == Some(idx),
                            focused: position == at,
                            matched: matched[idx as usize],
                            group: groups.contains_key(&idx).then(|| grouped.contains(&idx)),
                        })
                        .collect::<Vec<_>>()
                })
            })
        })
    };
    // Opens a span's ancestors, selects it and scrolls it into the middle of the tree.
    let reveal: Arc<dyn Fn(SpanIdx) + Send + Sync> = {
        let trace = trace.clone();
        let groups = groups.clone();
        Arc::new(move |idx: SpanIdx| {
            critical_only.set(false);
            matches_only.set(false);
            let path = tree::ancestors(&trace, idx);
            collapsed.update(|c| {
                for a in &path {
                    c.remove(a);
                }
            });
            folded_groups.update(|folded| {
                folded.retain(|leader| {
                    !groups[leader]
                        .members
                        .iter()
                        .any(|m| *m == idx || path.contains(m))
                })
            });
            viewer
                .selected
                .set(Some((trace.trace_id.clone(), trace.span_key(idx))));
            let position = rows.with_untracked(|rows| rows.iter().position(|&r| r == idx));
            if let (Some(position), Some(el)) = (position, body.get_untracked()) {
                focused.set(position);
                let middle = f64::from(el.client_height()) / 2.0;
                el.set_scroll_top((position as f64 * ROW_PX - middle).max(0.0) as i32);
            }
        })
    };
    let jump_to_first_error = {
        let trace = trace.clone();
        let reveal = reveal.clone();
        move |_| {
            if let Some(idx) = tree::first_error(&trace) {
                reveal(idx);
            }
        }
    };
    let slowest = tree::slowest_by_self_time(&trace, SLOWEST_SHOWN)
        .into_iter()
        .filter(|&i| trace.span(i).self_time_ns > 0)
        .map(|idx| {
            let span = trace.span(idx);
            let reveal = reveal.clone();
            view! {
                <li>
                    <button type="button" class="td-slow" on:click=move |_| reveal(idx)>
                        <span class="td-slow-op">{span.operation.clone()}</span>
                        " "
                        <span class="td-slow-time">{format::duration(span.self_time_ns)}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    let step_match = {
        let reveal = reveal.clone();
        move |forward: bool| {
            let found = matches.get_untracked();
            if found.is_empty() {
                return;
            }
            let next = match (current_match.get_untracked(), forward) {
                (None, true) => 0,
                (None, false) => found.len() - 1,
                (Some(at), true) => (at + 1) % found.len(),
                (Some(at), false) => (at + found.len() - 1) % found.len(),
            };
            current_match.set(Some(next));
            reveal(found[next]);
        }
    };
    let next_match = step_match.clone();
    let previous_match = step_match.clone();
    let has_errors = trace.error_count > 0;
    let notes = trace_notes(&trace);
    let detail_trace = trace.clone();
    view! {
        <div class="td-trace-view">
            <div class="td-tree-toolbar">
                <button type="button" class="td-tool" on:click=move |_| collapsed.set(HashSet::new())>
                    "Expand all"
                </button>
                <button type="button" class="td-tool" on:click=move |_| collapsed.set(all_parents())>
                    "Collapse all"
                </button>
                {has_errors
                    .then(|| {
                        view! {
                            <button type="button" class="td-tool td-jump-error" on:click=jump_to_first_error>
                                "Jump to first error"
                            </button>
                        }
                    })}
                <ToggleTool
                    on=critical_only
                    label="Critical path only"
                    title="Show only the spans on the critical path: the chain that bounds the trace's duration"
                />
                <button
                    type="button"
                    class="td-tool"
                    on:click={
                        let trace = trace.clone();
                        move |_| {
                            let json = crate::wire::jaeger::to_json(&[trace.as_ref()]);
                            super::files::download(&format!("trace-{}.json", trace.trace_id), &json);
                        }
                    }
                >
                    "Download JSON"
                </button>
                <span class="td-tree-facts">
                    {format!(
                        "{} · depth {} · {}",
                        format::count(trace.spans.len(), "span", "spans"),
                        trace.max_depth + 1,
                        format::duration(trace.duration_ns()),
                    )}
                </span>
                {notes.into_iter().map(|n| view! { <span class="td-tree-note">{n}</span> }).collect_view()}
                <ZoomState zoom=zoom trace=trace.clone() />
            </div>
            <div class="td-search" role="search">
                <input
                    class="td-search-input"
                    type="search"
                    placeholder="Search spans: text or key=value"
                    aria-label="Search spans"
                    prop:value=move || find.with(|f| f.text.clone())
                    on:input=move |ev| {
                        let mut next = find.get_untracked();
                        next.text = event_target_value(&ev);
                        change_find.run(next);
                    }
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            step_match(!ev.shift_key());
                        }
                    }
                />
                <span class="td-search-count" aria-live="polite">
                    {move || {
                        let n = matches.with(Vec::len);
                        match (find.with(TraceFind::is_active), current_match.get()) {
                            (false, _) => String::new(),
                            (true, Some(at)) if n > 0 => format!("{} of {n}", at + 1),
                            (true, _) => format::count(n, "match", "matches"),
                        }
                    }}
                </span>
                <button type="button" class="td-tool" aria-label="Previous match" on:click=move |_| previous_match(false)>
                    "↑"
                </button>
                <button type="button" class="td-tool" aria-label="Next match" on:click=move |_| next_match(true)>
                    "↓"
                </button>
                <ToggleTool
                    on=matches_only
                    label="Matches only"
                    title="Show only the matching spans and their ancestors"
                />
                <SpanFilterControls
                    find=find
                    services=trace.services.iter().map(|s| s.name.clone()).collect()
                    on_change=change_find
                />
            </div>
            <div class="td-slowest">
                <span class="td-slowest-label">"Slowest (self time):"</span>
                <ul class="td-slowest-list">{slowest}</ul>
            </div>
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
                    <Ruler zoom=zoom trace=trace.clone() />
                </div>
                <div class="td-tree-rows" style:height=move || format!("{}px", rows.with(Vec::len) as f64 * ROW_PX)>
                    <For
                        each=move || shown.get()
                        key=|row| *row
                        children=move |row| {
                            let segments = critical.get(&row.idx).cloned().unwrap_or_default();
                            let error_inside = errors_below[row.idx as usize];
                            let group = row
                                .group
                                .and_then(|_| groups.get(&row.idx).cloned());
                            view! {
                                <SpanRow
                                    trace=trace.clone()
                                    row=row
                                    collapsed=collapsed
                                    folded_groups=folded_groups
                                    group=group
                                    focused=focused
                                    critical=segments
                                    error_inside=error_inside
                                />
                            }
                        }
                    />
                </div>
            </div>
            {move || {
                selected
                    .get()
                    .map(|idx| {
                        view! {
                            <SpanDetail
                                trace=detail_trace.clone()
                                idx=idx
                                on_close=move || viewer.selected.set(None)
                                on_zoom={
                                    let trace = detail_trace.clone();
                                    move || zoom.set(Zoom::to_span(&trace, idx))
                                }
                            />
                        }
                    })
            }}
        </div>
    }
    .into_any()
}

/// The timeline's column header: ticks for the shown window; dragging across it zooms in.
#[component]
fn Ruler(zoom: RwSignal<Zoom>, trace: Arc<Trace>) -> impl IntoView {
    // The drag in progress: where it began and where the pointer is, as fractions of the ruler.
    let drag = RwSignal::new(None::<(f64, f64)>);
    // Found from the event's target (a tick, or the ruler itself): leptos delegates pointer
    // events to the document, so the current target is not the ruler.
    let ruler_of = |ev: &leptos::ev::PointerEvent| {
        event_target::<web_sys::Element>(ev)
            .closest(".td-ruler")
            .ok()
            .flatten()
    };
    let at = |ruler: &web_sys::Element, ev: &leptos::ev::PointerEvent| {
        let rect = ruler.get_bounding_client_rect();
        ((f64::from(ev.client_x()) - rect.left()) / rect.width().max(1.0)).clamp(0.0, 1.0)
    };
    let start = move |ev: leptos::ev::PointerEvent| {
        let Some(ruler) = ruler_of(&ev).filter(|_| ev.button() == 0) else {
            return;
        };
        // Captured, the drag goes on when the pointer leaves the ruler; refused, it still works
        // inside it.
        let _ = ruler.set_pointer_capture(ev.pointer_id());
        let x = at(&ruler, &ev);
        drag.set(Some((x, x)));
    };
    let move_to = move |ev: leptos::ev::PointerEvent| {
        if drag.with_untracked(Option::is_none) {
            return;
        }
        if let Some(ruler) = ruler_of(&ev) {
            let x = at(&ruler, &ev);
            drag.update(|d| {
                if let Some((_, end)) = d {
                    *end = x;
                }
            });
        }
    };
    let finish = {
        let trace = trace.clone();
        move |_| {
            if let Some((a, b)) = drag.get_untracked() {
                drag.set(None);
                if let Some(next) = zoom.get_untracked().select(&trace, a, b) {
                    zoom.set(next);
                }
            }
        }
    };
    view! {
        <div
            class="td-col-timeline td-ruler"
            role="columnheader"
            title="Drag across the ruler to zoom into a time window (on a focused row: z zooms to it, Shift+Z shows the whole trace)"
            on:pointerdown=start
            on:pointermove=move_to
            on:pointerup=finish
            on:pointercancel=move |_| drag.set(None)
        >
            {move || {
                zoom.get()
                    .ruler(&trace)
                    .map(|(pct, offset)| {
                        view! {
                            <span class="td-tick" class:td-tick-end={pct >= 100.0} style:left=format!("{pct}%")>
                                {format::duration(offset)}
                            </span>
                        }
                    })
                    .collect_view()
            }}
            {move || {
                drag.get()
                    .map(|(a, b)| {
                        view! {
                            <span
                                class="td-zoom-select"
                                aria-hidden="true"
                                style:left=format!("{}%", a.min(b) * 100.0)
                                style:width=format!("{}%", (a - b).abs() * 100.0)
                            ></span>
                        }
                    })
            }}
        </div>
    }
}

/// Which window of the trace the timeline shows when zoomed (in words and as a mark on a strip
/// standing for the whole trace), and the way back to all of it.
#[component]
fn ZoomState(zoom: RwSignal<Zoom>, trace: Arc<Trace>) -> impl IntoView {
    move || {
        let shown = zoom.get();
        (!shown.is_full()).then(|| {
            let (from, to) = shown.bounds_ns(&trace);
            view! {
                <span class="td-zoom-state">
                    {format!("Timeline: {} – {}", format::duration(from), format::duration(to))}
                </span>
                <span class="td-zoom-map" aria-hidden="true">
                    <span
                        class="td-zoom-window"
                        style:left=format!("{}%", shown.from * 100.0)
                        style:width=format!("{}%", (shown.to - shown.from) * 100.0)
                    ></span>
                </span>
                <button type="button" class="td-tool td-zoom-reset" on:click=move |_| zoom.set(Zoom::FULL)>
                    "Show the whole trace"
                </button>
            }
        })
    }
}

/// A toolbar button that switches a view filter on and off (`aria-pressed` says which).
#[component]
fn ToggleTool(on: RwSignal<bool>, label: &'static str, title: &'static str) -> impl IntoView {
    view! {
        <button
            type="button"
            class="td-tool"
            title=title
            aria-pressed=move || on.get().to_string()
            on:click=move |_| on.update(|on| *on = !*on)
        >
            {label}
        </button>
    }
}

/// Filters beside the search: service, errors only, minimum duration, span kind.
#[component]
fn SpanFilterControls(
    find: RwSignal<TraceFind>,
    services: Vec<String>,
    on_change: Callback<TraceFind>,
) -> impl IntoView {
    let change = move |edit: &dyn Fn(&mut TraceFind)| {
        let mut next = find.get_untracked();
        edit(&mut next);
        on_change.run(next);
    };
    let kinds = [
        SpanKind::Server,
        SpanKind::Client,
        SpanKind::Producer,
        SpanKind::Consumer,
        SpanKind::Internal,
    ];
    view! {
        <span class="td-span-filters">
            <select
                class="td-filter-service"
                aria-label="Only spans of service"
                prop:value=move || find.with(|f| f.filters.service.clone().unwrap_or_default())
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    change(&|f| f.filters.service = Some(value.clone()).filter(|v| !v.is_empty()));
                }
            >
                <option value="">"Any service"</option>
                {services
                    .into_iter()
                    .map(|name| {
                        let chosen = find.with_untracked(|f| f.filters.service.as_ref() == Some(&name));
                        view! { <option value=name.clone() selected=chosen>{name.clone()}</option> }
                    })
                    .collect_view()}
            </select>
            <select
                class="td-filter-kind"
                aria-label="Only spans of kind"
                prop:value=move || find.with(|f| f.filters.kind.map(SpanKind::as_str).unwrap_or_default())
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    change(&|f| f.filters.kind = SpanKind::parse(&value));
                }
            >
                <option value="">"Any kind"</option>
                {kinds
                    .map(|k| {
                        let chosen = find.with_untracked(|f| f.filters.kind == Some(k));
                        view! { <option value=k.as_str() selected=chosen>{k.as_str()}</option> }
                    })
                    .collect_view()}
            </select>
            <DurationInput
                value=Signal::derive(move || find.with(|f| f.filters.min_duration_ns))
                on_change=Callback::new(move |min| change(&|f| f.filters.min_duration_ns = min))
                class="td-filter-min"
                label="Minimum duration, like 50ms"
                title="Only spans at least this long: 250ms, 1.5s, 800us"
            />
            <button
                type="button"
                class="td-tool"
                aria-pressed=move || find.with(|f| f.filters.errors_only).to_string()
                on:click=move |_| change(&|f| f.filters.errors_only = !f.filters.errors_only)
            >
                "Errors only"
            </button>
        </span>
    }
}

/// Everything a span row shows that can change while its trace is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct RowState {
    idx: SpanIdx,
    /// Row number among the visible rows: where the row sits in the virtual list.
    position: usize,
    folded: bool,
    selected: bool,
    /// Has the keyboard focus.
    focused: bool,
    /// Matches the search.
    matched: bool,
    /// Leads a run of similar siblings: whether the run is folded into this row.
    group: Option<bool>,
}

/// The DOM id of a span row, for `aria-activedescendant`.
fn row_id(trace_id: &str, idx: SpanIdx) -> String {
    format!("td-row-{trace_id}-{idx}")
}

#[component]
fn SpanRow(
    trace: Arc<Trace>,
    row: RowState,
    collapsed: RwSignal<HashSet<SpanIdx>>,
    folded_groups: RwSignal<HashSet<SpanIdx>>,
    /// The run of similar siblings this span leads, if any.
    group: Option<SiblingGroup>,
    focused: RwSignal<usize>,
    /// Where this span is on the critical path, as (left %, width %) of the timeline.
    critical: Vec<(f64, f64)>,
    /// A span below this one failed.
    error_inside: bool,
) -> impl IntoView {
    let RowState {
        idx,
        position,
        folded,
        selected: is_selected,
        focused: has_focus,
        matched,
        group: group_folded,
    } = row;
    let grouped = group_folded == Some(true);
    let toggle_group = move |ev: leptos::ev::MouseEvent| {
        ev.stop_propagation();
        folded_groups.update(|g| {
            if !g.remove(&idx) {
                g.insert(idx);
            }
        });
    };
    let viewer = expect_context::<Viewer>();
    let span = trace.span(idx);
    let service = trace.service_name(idx).to_owned();
    let color = viewer
        .config
        .with_value(|c| c.colors.color(&service).to_owned());
    let has_children = !trace.children(idx).is_empty();
    let over_threshold = viewer.config.with_value(|c| c.thresholds.exceeded(span));
    let toggle = move |ev: leptos::ev::MouseEvent| {
        ev.stop_propagation();
        collapsed.update(|c| {
            if !c.remove(&idx) {
                c.insert(idx);
            }
        });
    };
    let select = {
        let choice = (trace.trace_id.clone(), trace.span_key(idx));
        move |_| {
            focused.set(position);
            viewer.selected.set((!is_selected).then(|| choice.clone()));
        }
    };
    let bar = match (&group, grouped) {
        (Some(g), true) => tree::bar_between(&trace, g.start_ns, g.end_ns - g.start_ns),
        _ => tree::bar(&trace, idx),
    };
    let duration = match (&group, grouped) {
        (Some(g), true) => format!("avg {}", format::duration(g.avg_duration_ns)),
        _ => format::duration(span.duration_ns),
    };
    let group_view = group.as_ref().map(|g| {
        let count = g.members.len();
        let (label, title) = if grouped {
            (
                format!("{count}×"),
                format!("{count} similar spans in a row: show each"),
            )
        } else {
            (
                "group".to_owned(),
                format!("Fold the {count} similar spans into one row"),
            )
        };
        view! {
            <button
                type="button"
                class="td-group-toggle"
                aria-expanded=(!grouped).to_string()
                title=title.clone()
                aria-label=title
                on:click=toggle_group
            >
                {label}
            </button>
        }
    });
    let group_errors = group.as_ref().filter(|_| grouped).map_or(0, |g| g.errors);
    let method = semconv::http_method(&span.tags).map(str::to_ascii_uppercase);
    let indent = span.depth.min(MAX_INDENT);
    let flags = span.flags;
    // tachys has no typed `aria-level`; a custom attribute carries it.
    let aria_level = custom_attribute("aria-level", (span.depth + 1).to_string());
    // Styles are set through the CSSOM (`style:`), never a `style` attribute, so a host's
    // Content-Security-Policy needs no 'unsafe-inline' for them.
    // Places are % of the whole trace; the tree's zoom (`--td-from`, `--td-scale`) maps them
    // onto the timeline in CSS, so zooming re-renders no row.
    let (label_class, label_at) = match bar.label {
        LabelSide::Inside => ("td-bar-label", String::new()),
        LabelSide::Right => (
            "td-bar-label td-bar-label-outside td-label-right",
            (bar.left_pct + bar.width_pct).to_string(),
        ),
        LabelSide::Left => (
            "td-bar-label td-bar-label-outside td-label-left",
            bar.left_pct.to_string(),
        ),
    };
    view! {
        <div
            class="td-span"
            class:td-selected=is_selected
            class:td-focused=has_focus
            class:td-match=matched
            class:td-grouped=grouped
            id=row_id(&trace.trace_id, idx)
            class:td-span-error=span.is_error
            role="row"
            {..aria_level}
            aria-selected=is_selected.to_string()
            aria-expanded=has_children.then_some((!folded).to_string())
            style:top=format!("{}px", position as f64 * ROW_PX)
            data-span-id=span.span_id.clone()
            data-service=service.clone()
            on:click=select
        >
            <div class="td-span-name" role="gridcell" style:--td-indent=indent.to_string()>
                <span class="td-guides" aria-hidden="true"></span>
                {if has_children && !grouped {
                    view! {
                        <button
                            type="button"
                            class="td-toggle"
                            class:td-collapsed=folded
                            aria-label=if folded { "Expand subtree" } else { "Collapse subtree" }
                            on:click=toggle
                        >
                            <span class="td-chevron" aria-hidden="true"></span>
                        </button>
                    }
                        .into_any()
                } else {
                    view! { <span class="td-toggle-space" aria-hidden="true"></span> }.into_any()
                }}
                <span class="td-stripe" style:background=color.clone()></span>
                {group_view}
                {method.map(|m| view! { <span class=format!("td-method td-method-{}", method_class(&m))>{m.clone()}</span> })}
                <span
                    class="td-span-op"
                    title=format!(
                        "{} · {} (self time {})",
                        span.operation,
                        duration,
                        format::duration(span.self_time_ns),
                    )
                >
                    {span.operation.clone()}
                </span>
                <span class="td-span-service">{service.clone()}</span>
                {span.is_error.then(|| view! { <span class="td-error-mark" title="This span failed">"⚠"</span> })}
                {over_threshold
                    .map(|limit| {
                        view! {
                            <span class="td-slow-mark" title=format!("Over the {} threshold for this operation", format::duration(limit))>
                                "⏱"
                            </span>
                        }
                    })}
                {(group_errors > 0)
                    .then(|| view! { <span class="td-flag td-error-inside" title="Spans in this group failed">{format!("⚠ {group_errors} failed")}</span> })}
                {(folded && error_inside)
                    .then(|| view! { <span class="td-flag td-error-inside" title="A span inside this collapsed subtree failed">"⚠ error inside"</span> })}
                {flags.self_reference.then(|| view! { <span class="td-flag" title="Names itself as its parent: that reference is ignored">"names itself"</span> })}
                {(flags.orphan && !flags.self_reference).then(|| view! { <span class="td-flag">"parent missing"</span> })}
                {span.time_problems.first().map(|&problem| {
                    view! { <span class="td-flag" title=time_problem_text(problem)>{time_problem_label(problem)}</span> }
                })}
                {flags.duplicate.then(|| view! { <span class="td-flag">"duplicate ID"</span> })}
                {flags.cycle_break.then(|| view! { <span class="td-flag">"cycle"</span> })}
            </div>
            <div class="td-span-timeline" role="gridcell">
                <div
                    class="td-bar"
                    style:--td-left=bar.left_pct.to_string()
                    style:--td-width=bar.width_pct.to_string()
                    style:background=color.clone()
                    title=duration.clone()
                >
                    {(bar.label == LabelSide::Inside).then(|| view! { <span class="td-bar-label">{duration.clone()}</span> })}
                </div>
                {critical
                    .into_iter()
                    .map(|(left, width)| {
                        view! {
                            <div
                                class="td-critical"
                                title="On the critical path"
                                style:--td-left=left.to_string()
                                style:--td-width=width.to_string()
                            ></div>
                        }
                    })
                    .collect_view()}
                {(bar.label != LabelSide::Inside)
                    .then(|| view! { <span class=label_class style:--td-at=label_at>{duration.clone()}</span> })}
            </div>
        </div>
    }
}
