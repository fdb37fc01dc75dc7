//! One span row of the tree: its name cell (guides, toggle, colour, method, operation, service,
//! marks) and its timeline cell (bar, critical-path segments, duration label).

use std::sync::Arc;

use leptos::prelude::*;
use leptos::tachys::html::attribute::custom::custom_attribute;

use super::ROW_PX;
use crate::app::state::Viewer;
use crate::model::{SpanIdx, Trace, semconv};
use crate::view::colors::method_class;
use crate::view::format;
use crate::view::llm::row_pill;
use crate::view::trace_view::{Action, row_flags};
use crate::view::tree::{self, Bar, LabelSide, SiblingGroup};

/// Indentation stops growing here so deep traces keep room for their names.
const MAX_INDENT: u32 = 24;

/// Everything a span row shows that can change while its trace is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct RowState {
    pub idx: SpanIdx,
    /// Row number among the visible rows: where the row sits in the virtual list.
    pub position: usize,
    pub folded: bool,
    pub selected: bool,
    /// Has the keyboard focus.
    pub focused: bool,
    /// Matches the search.
    pub matched: bool,
    /// Slower than its kind's p95 over the loaded traces.
    pub unusual: bool,
    /// Leads a run of similar siblings: whether the run is folded into this row.
    pub group: Option<bool>,
}

/// The DOM id of a span row, for `aria-activedescendant`.
pub(super) fn row_id(trace_id: &str, idx: SpanIdx) -> String {
    format!("td-row-{trace_id}-{idx}")
}

#[component]
pub(super) fn SpanRow(
    trace: Arc<Trace>,
    row: RowState,
    /// The run of similar siblings this span leads, if any.
    group: Option<SiblingGroup>,
    /// Where this span is on the critical path, as (left %, width %) of the timeline.
    critical: Vec<(f64, f64)>,
    /// A span below this one failed.
    error_inside: bool,
    dispatch: Callback<Action>,
) -> impl IntoView {
    let RowState { idx, position, .. } = row;
    let grouped = row.group == Some(true);
    let viewer = expect_context::<Viewer>();
    let span = trace.span(idx);
    let color = viewer
        .config
        .with_value(|c| c.colors.color(trace.service_name(idx)).to_owned());
    let (bar, duration) = match (&group, grouped) {
        (Some(g), true) => (
            tree::bar_between(&trace, g.start_ns, g.end_ns - g.start_ns),
            format!("avg {}", format::duration(g.avg_duration_ns)),
        ),
        _ => (tree::bar(&trace, idx), format::duration(span.duration_ns)),
    };
    let has_children = !trace.children(idx).is_empty();
    // tachys has no typed `aria-level`; a custom attribute carries it.
    let aria_level = custom_attribute("aria-level", (span.depth + 1).to_string());
    view! {
        <div
            class="td-span"
            class:td-selected=row.selected
            class:td-focused=row.focused
            class:td-match=row.matched
            class:td-grouped=grouped
            id=row_id(&trace.trace_id, idx)
            class:td-span-error=span.is_error
            role="row"
            {..aria_level}
            aria-selected=row.selected.to_string()
            aria-expanded=has_children.then_some((!row.folded).to_string())
            style:top=format!("{}px", position as f64 * ROW_PX)
            data-span-id=span.span_id.clone()
            data-service=trace.service_name(idx).to_owned()
            on:click=move |_| dispatch.run(Action::Click { position, span: idx })
        >
            <NameCell trace=trace.clone() row=row group=group color=color.clone() duration=duration.clone() error_inside=error_inside dispatch=dispatch />
            <TimelineCell bar=bar color=color duration=duration critical=critical />
        </div>
    }
}

/// Guides, the subtree or group toggle, the service colour, method badge, operation, service and
/// the row's marks.
#[component]
fn NameCell(
    trace: Arc<Trace>,
    row: RowState,
    group: Option<SiblingGroup>,
    color: String,
    duration: String,
    error_inside: bool,
    dispatch: Callback<Action>,
) -> impl IntoView {
    let idx = row.idx;
    let grouped = row.group == Some(true);
    let viewer = expect_context::<Viewer>();
    let span = trace.span(idx);
    let over_threshold = viewer.config.with_value(|c| c.thresholds.exceeded(span));
    let method = semconv::http_method(&span.tags).map(str::to_ascii_uppercase);
    let group_errors = group.as_ref().filter(|_| grouped).map_or(0, |g| g.errors);
    let flags = row_flags(&trace, idx, group_errors, row.folded && error_inside);
    let toggle = (!trace.children(idx).is_empty() && !grouped).then(|| {
        let folded = row.folded;
        view! {
            <button
                type="button"
                class="td-toggle"
                class:td-collapsed=folded
                aria-label=if folded { "Expand subtree" } else { "Collapse subtree" }
                on:click=move |ev| {
                    ev.stop_propagation();
                    dispatch.run(Action::ToggleSubtree(idx));
                }
            >
                <span class="td-chevron" aria-hidden="true"></span>
            </button>
        }
    });
    view! {
        <div class="td-span-name" role="gridcell" style:--td-indent=span.depth.min(MAX_INDENT).to_string()>
            <span class="td-guides" aria-hidden="true"></span>
            {match toggle {
                Some(button) => button.into_any(),
                None => view! { <span class="td-toggle-space" aria-hidden="true"></span> }.into_any(),
            }}
            <span class="td-stripe" style:background=color></span>
            {group.map(|g| view! { <GroupToggle leader=idx count=g.members.len() grouped=grouped dispatch=dispatch /> })}
            {method.map(|m| view! { <span class=format!("td-method td-method-{}", method_class(&m))>{m.clone()}</span> })}
            <span
                class="td-span-op"
                title=format!("{} · {} (self time {})", span.operation, duration, format::duration(span.self_time_ns))
            >
                {span.operation.clone()}
            </span>
            <span class="td-span-service" title=trace.service_name(idx).to_owned()>{trace.service_name(idx).to_owned()}</span>
            {semconv::llm_call(&span.tags).map(|call| {
                let pill = row_pill(&call);
                view! {
                    <span class="td-llm-pill" title=format!("LLM call: {pill} (model · input→output tokens)")>
                        {pill.clone()}
                    </span>
                }
            })}
            {span.is_error.then(|| view! { <span class="td-error-mark" title="This span failed">"⚠"</span> })}
            {row.unusual.then(|| {
                // Follows the list: a refresh changes the kind's samples, so the ratio.
                let trace = trace.clone();
                move || {
                    viewer.typical.with(|t| t.standing_of(&trace, idx).unusual()).map(|t| {
                        view! {
                            <span class="td-unusual-mark" title=format!("Unusual for its kind: {}", t.marker_title())>
                                {t.marker()}
                            </span>
                        }
                    })
                }
            })}
            {over_threshold.map(|limit| {
                view! {
                    <span class="td-slow-mark" title=format!("Over the {} threshold for this operation", format::duration(limit))>
                        "⏱"
                    </span>
                }
            })}
            {flags
                .into_iter()
                .map(|f| view! { <span class="td-flag" class:td-error-inside=f.error title=f.title>{f.label}</span> })
                .collect_view()}
        </div>
    }
}

/// "N×" on a folded run of similar siblings (unfolds it), "group" on an unfolded one (folds it).
#[component]
fn GroupToggle(
    leader: SpanIdx,
    count: usize,
    grouped: bool,
    dispatch: Callback<Action>,
) -> impl IntoView {
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
            on:click=move |ev| {
                ev.stop_propagation();
                dispatch.run(Action::ToggleGroup(leader));
            }
        >
            {label}
        </button>
    }
}

/// The bar, its critical-path segments and its duration label. Places are % of the whole trace;
/// the tree's zoom (`--td-from`, `--td-scale`) maps them onto the timeline in CSS, so zooming
/// re-renders no row. Styles go through the CSSOM (`style:`), never a `style` attribute, so a
/// host's Content-Security-Policy needs no 'unsafe-inline' for them.
#[component]
fn TimelineCell(
    bar: Bar,
    color: String,
    duration: String,
    critical: Vec<(f64, f64)>,
) -> impl IntoView {
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
        <div class="td-span-timeline" role="gridcell">
            <div
                class="td-bar"
                style:--td-left=bar.left_pct.to_string()
                style:--td-width=bar.width_pct.to_string()
                style:background=color
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
    }
}
