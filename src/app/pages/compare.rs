//! Two traces compared (or one against the typical of its root operation), above the list: one
//! merged tree with both durations, the difference, what only one side has, and the critical
//! paths; sorted as a tree or by largest slowdown.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::actions::Actions;
use crate::app::state::Viewer;
use crate::app::widgets::toggle::ToggleTool;
use crate::view::compare::{Change, CompareRow, CompareSort, CompareState, Comparison};
use crate::view::format;

/// Rows drawn at most; the slowdown order puts the ones that matter first.
const SHOWN_AT_MOST: usize = 1_000;

/// The comparison above the list, while one is asked for.
#[component]
pub fn ComparePanel() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<Actions>();
    let shown = Memo::new(move |_| {
        viewer.compare.get().map(|pair| {
            viewer
                .traces
                .with(|loaded| CompareState::of(&pair, |id| viewer.find_trace(id), loaded))
        })
    });
    let sort = RwSignal::new(CompareSort::Tree);
    let by_slowdown = Memo::new(move |_| sort.get() == CompareSort::Slowdown);
    move || {
        shown.get().map(|state| {
            let body = match state {
                CompareState::Loading(ids) => view! {
                    <p class="td-lookup-status" role="status">
                        {format!("Loading {} for the comparison…", ids.join(" and "))}
                    </p>
                }
                .into_any(),
                CompareState::Failed(message) => {
                    view! { <p class="td-lookup-status td-lookup-failed" role="alert">{message}</p> }.into_any()
                }
                CompareState::Ready(comparison) => view! { <CompareTable comparison=comparison sort=sort /> }.into_any(),
            };
            view! {
                <section class="td-compare" aria-label="Comparison" tabindex="-1">
                    <div class="td-opened-head">
                        <span>"Comparison"</span>
                        <div class="td-compare-tools">
                            <ToggleTool
                                on=by_slowdown
                                on_toggle=Callback::new(move |()| sort.update(|s| *s = s.toggled()))
                                label="Largest slowdown first"
                                title="List the spans by how much slower they got, largest first"
                            />
                            <button
                                type="button"
                                class="td-icon-button"
                                aria-label="Close comparison"
                                on:click=move |_| actions.close_compare()
                            >
                                "×"
                            </button>
                        </div>
                    </div>
                    {body}
                </section>
            }
        })
    }
}

/// The two sides named, the summary, and the merged rows.
#[component]
fn CompareTable(comparison: Arc<Comparison>, sort: RwSignal<CompareSort>) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let colors = viewer.config.with_value(|c| c.colors.clone());
    let (a_label, b_label) = (comparison.a.label.clone(), comparison.b.label.clone());
    let summary = comparison.summary();
    let total = comparison.rows.len();
    let rows = {
        let comparison = comparison.clone();
        move || {
            let order = comparison.order(sort.get());
            let flat = sort.get() == CompareSort::Slowdown;
            order
                .into_iter()
                .take(SHOWN_AT_MOST)
                .map(|i| {
                    let row = comparison.rows[i].clone();
                    let color = colors.color(&row.service).to_owned();
                    view! { <CompareLine row=row color=color flat=flat a_label=a_label.clone() b_label=b_label.clone() /> }
                })
                .collect_view()
        }
    };
    let (a_head, b_head) = (comparison.a.label.clone(), comparison.b.label.clone());
    let unrelated = comparison.different_roots().then(|| {
        view! {
            <p class="td-compare-note" role="note">
                "These traces start with different operations, so no span matches: compare traces of the same endpoint or job."
            </p>
        }
    });
    view! {
        <p class="td-compare-summary">{summary}</p>
        {unrelated}
        {(total > SHOWN_AT_MOST).then(|| view! {
            <p class="td-compare-note">
                {format!("The first {} of {} rows are shown; \"Largest slowdown first\" puts the ones that changed most on top.", format::grouped(SHOWN_AT_MOST as i64), format::grouped(total as i64))}
            </p>
        })}
        <div class="td-scroll-x">
        <table class="td-compare-table" aria-label="Merged spans of the two traces">
            <thead>
                <tr>
                    <th scope="col">"Service · operation"</th>
                    <th scope="col" class="td-num">{a_head}</th>
                    <th scope="col" class="td-num">{b_head}</th>
                    <th scope="col" class="td-num">"Change"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
    }
}

/// One merged row: the span (indented in tree order), each side's duration with its critical
/// path mark, and the change.
#[component]
fn CompareLine(
    row: CompareRow,
    color: String,
    flat: bool,
    a_label: String,
    b_label: String,
) -> impl IntoView {
    let class = match row.change() {
        Change::Added => "td-cmp td-cmp-added",
        Change::Removed => "td-cmp td-cmp-removed",
        Change::Slower => "td-cmp td-cmp-slower",
        Change::Faster => "td-cmp td-cmp-faster",
        Change::Same => "td-cmp",
    };
    let notable = row.is_notable();
    let cell = |value: Option<crate::view::compare::SideValue>, label: &str| match value {
        Some(v) => {
            let samples = (v.span.is_none())
                .then(|| format!("p50 of {}", format::count(v.samples, "span", "spans")));
            view! {
                <td class="td-num" title=samples>
                    {format::duration(v.duration_ns)}
                    {v.critical.then(|| view! { <span class="td-cmp-critical" title=format!("On {label}'s critical path")>" ◆"</span> })}
                </td>
            }
            .into_any()
        }
        None => view! { <td class="td-num td-cmp-missing">"—"</td> }.into_any(),
    };
    let indent = if flat { 0 } else { row.depth.min(24) };
    view! {
        <tr class=class class:td-cmp-notable=notable>
            <td class="td-cmp-name" style:--td-indent=indent.to_string()>
                <span class="td-cmp-label">
                    <span class="td-dot" style:background=color></span>
                    <span class="td-cmp-service" title=row.service.clone()>{row.service.clone()}</span>
                    " · "
                    <span class="td-cmp-op" title=row.operation.clone()>{row.operation.clone()}</span>
                    {(row.nth > 1).then(|| view! { <span class="td-cmp-nth" title="Its place among siblings of the same name: matched in order">{format!(" #{}", row.nth)}</span> })}
                </span>
            </td>
            {cell(row.a, &a_label)}
            {cell(row.b, &b_label)}
            <td class="td-num td-cmp-change">{row.delta_text(&a_label, &b_label)}</td>
        </tr>
    }
}
