//! The chart above the list, drawn as SVG from Rust: one dot per shown trace (start × duration,
//! coloured by root service, a red ring for errors) and the volume strip below it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::actions::Actions;
use crate::app::runtime::clock;
use crate::app::state::Viewer;
use crate::app::widgets::roving;
use crate::view::chart::{
    Dot, Scatter, Volume, bucket_label, scatter, spread_window, starts, volume,
};
use crate::view::format;
use crate::view::keys::Arrows;
use crate::view::trace_list::TraceRow;

/// Dot radius in CSS px. The SVG has no viewBox: positions are percentages of its box, so it
/// stretches to any width while dots stay round.
const DOT_R: f64 = 4.0;

/// Expands a trace in the list and scrolls to it; `from` is any element inside the viewer, so
/// the trace is found in this viewer only, never another on the page.
pub fn open_in_list(actions: Actions, trace_id: &str, from: &web_sys::Element) {
    actions.expand(trace_id);
    let Some(root) = from.closest(".td-app").ok().flatten() else {
        return;
    };
    let trace_id = trace_id.to_owned();
    request_animation_frame(move || {
        let Ok(rows) = root.query_selector_all(".td-list .td-trace") else {
            return;
        };
        let row = (0..rows.length())
            .filter_map(|i| rows.item(i)?.dyn_into::<web_sys::Element>().ok())
            .find(|el| el.get_attribute("data-trace-id").as_deref() == Some(&trace_id));
        if let Some(row) = row {
            row.scroll_into_view();
        }
    });
}

/// A fraction as an SVG percentage length.
fn pct(fraction: f64) -> String {
    format!("{}%", fraction * 100.0)
}

/// Dots by start time and duration, the volume strip under them, and a readout of the hovered
/// trace.
#[component]
pub fn TraceChart() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let hovered = RwSignal::new(None::<TraceRow>);
    // The listed range as of the last refresh; for a file, the span of its traces' starts.
    let window = move || {
        if viewer.file.with(Option::is_some) {
            return viewer.traces.with(|t| spread_window(t));
        }
        let now = viewer
            .last_refreshed_us
            .get()
            .unwrap_or_else(|| viewer.now_us.get_untracked());
        viewer.range.get().window(now)
    };
    // The list's rows: a list from summaries has a dot for every listed trace, loaded or not.
    let rows = Memo::new(move |_| {
        viewer.listed.with(|listed| match listed {
            Some(listed) => listed
                .shown
                .iter()
                .map(|l| match &l.trace {
                    Some(trace) => TraceRow::of(trace),
                    None => TraceRow::of_summary(&l.summary),
                })
                .collect::<Vec<_>>(),
            None => viewer
                .shown
                .with(|traces| traces.iter().map(|t| TraceRow::of(t)).collect()),
        })
    });
    let chart = Memo::new(move |_| rows.with(|rows| scatter(rows, window())));
    let volume = Memo::new(move |_| rows.with(|rows| volume(starts(rows), window())));
    view! {
        <figure class="td-chart" aria-label="Traces by start time and duration">
            <Readout chart=chart hovered=hovered />
            <div class="td-plot">
                <YAxis chart=chart />
                <svg
                    class="td-scatter"
                    role="group"
                    aria-label="One dot per trace"
                    on:mouseleave=move |_| hovered.set(None)
                    on:keydown=|ev| roving::step(&ev, ".td-dot", Arrows::All, false)
                >
                    {move || {
                        chart
                            .get()
                            .y_ticks
                            .into_iter()
                            .map(|(y, _)| {
                                let y = pct(1.0 - y);
                                view! { <line class="td-grid" x1="0" x2="100%" y1=y.clone() y2=y></line> }
                            })
                            .collect_view()
                    }}
                    // Drawn afresh when the chart changes: a refresh moves the window and with it every
                    // dot, so keying them saved nothing, and a keyed <For> whose keys all change on
                    // each refresh grew wasm memory by ~1.5 MB per 300 refreshes (measured).
                    // One stop of the Tab key for all the dots (the first, the oldest): the arrow
                    // keys step through them in time.
                    {move || {
                        chart
                            .get()
                            .dots
                            .into_iter()
                            .enumerate()
                            .map(|(i, dot)| view! { <ChartDot dot=dot hovered=hovered first=i == 0 /> })
                            .collect_view()
                    }}
                </svg>
            </div>
            <VolumeStrip volume=volume />
            <div class="td-x-axis" aria-hidden="true">
                {move || {
                    let (start, end) = window();
                    [start, start + (end - start) / 2, end]
                        .map(|us| view! { <span>{clock::axis_time(us, end - start)}</span> })
                        .collect_view()
                }}
            </div>
            <figcaption class="td-volume-caption">
                {move || format!("Bars: loaded traces per {}", volume.with(|v| bucket_label(v.bucket_us)))}
            </figcaption>
        </figure>
    }
}

/// The duration axis beside the dots: a label at each of the chart's ticks.
#[component]
fn YAxis(chart: Memo<Scatter>) -> impl IntoView {
    view! {
        <div class="td-y-axis" aria-hidden="true">
            {move || {
                chart
                    .get()
                    .y_ticks
                    .into_iter()
                    .map(|(y, ns)| {
                        view! {
                            <span class="td-y-tick" style:bottom=format!("{}%", y * 100.0)>
                                {format::duration(ns)}
                            </span>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

/// The hovered (or focused) trace in words, else what the chart shows.
#[component]
fn Readout(chart: Memo<Scatter>, hovered: RwSignal<Option<TraceRow>>) -> impl IntoView {
    view! {
        <div class="td-chart-readout" aria-live="polite">
            {move || match hovered.get() {
                Some(row) => format!(
                    "{} · {} · {}{} · {}",
                    row.root_operation,
                    format::duration(row.duration_ns),
                    format::count(row.span_count, "span", "spans"),
                    if row.error_count > 0 {
                        format!(" · {}", format::count(row.error_count, "error", "errors"))
                    } else {
                        String::new()
                    },
                    clock::local_time(row.start_us),
                ),
                None => chart.with(|chart| {
                    format!(
                        "{} · duration{} over start time · hover a dot, click to open",
                        format::count(chart.dots.len(), "trace", "traces"),
                        if chart.log_scale { " (log scale)" } else { "" },
                    )
                }),
            }}
        </div>
    }
}

/// One trace's dot: hovering or focusing it names the trace, a click (or Enter) opens it in the
/// list.
#[component]
fn ChartDot(
    dot: Dot,
    hovered: RwSignal<Option<TraceRow>>,
    /// The first dot: the one the Tab key reaches.
    first: bool,
) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<Actions>();
    let color = viewer
        .config
        .with_value(|c| c.colors.color(&dot.root_service).to_owned());
    let (x, y) = (pct(dot.x), pct(1.0 - dot.y));
    let id = dot.trace_id.clone();
    let label = format!(
        "{}, {}: open",
        dot.row.root_operation,
        format::duration(dot.row.duration_ns)
    );
    let row = dot.row.clone();
    let enter = move || hovered.set(Some(row.clone()));
    let open = {
        let id = id.clone();
        move |ev: &web_sys::Event| {
            if let Some(el) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                open_in_list(actions, &id, &el);
            }
        }
    };
    let on_key = {
        let open = open.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Enter" || ev.key() == " " {
                ev.prevent_default();
                open(&ev);
            }
        }
    };
    view! {
        <g
            class="td-dot"
            class:td-dot-error=dot.error
            data-trace-id=id
            role="button"
            tabindex=if first { "0" } else { "-1" }
            aria-label=label
            on:mouseenter={
                let enter = enter.clone();
                move |_| enter()
            }
            on:focus=move |_| enter()
            on:click=move |ev| open(&ev)
            on:keydown=on_key
        >
            {dot.error.then(|| view! { <circle class="td-dot-ring" cx=x.clone() cy=y.clone() r=DOT_R + 3.0></circle> })}
            <circle class="td-dot-fill" cx=x cy=y r=DOT_R style:fill=color></circle>
        </g>
    }
}

/// Traces per bucket, as bars under the chart.
#[component]
fn VolumeStrip(volume: Memo<Volume>) -> impl IntoView {
    view! {
        <svg
            class="td-volume"
            role="img"
            aria-label=move || {
                volume.with(|v| format!(
                    "Trace volume: {} in {}",
                    format::count(v.total(), "trace", "traces"),
                    format::count(v.bars.len(), "bucket", "buckets"),
                ))
            }
        >
            {move || {
                let Volume { window_us, bucket_us, bars } = volume.get();
                let bucket = bucket_label(bucket_us);
                bars.into_iter()
                    .map(|bar| {
                        let n = bar.count;
                        view! {
                            <rect
                                class="td-volume-bar"
                                class:td-volume-empty={n == 0}
                                x=pct(bar.x)
                                y=pct(1.0 - bar.height)
                                width=pct(bar.width)
                                height=pct(bar.height)
                            >
                                <title>
                                    {format!("{} · {} in this {bucket}", clock::axis_time(bar.start_us, window_us), format::count(n, "trace", "traces"))}
                                </title>
                            </rect>
                        }
                    })
                    .collect_view()
            }}
        </svg>
    }
}
