//! A flame graph on a canvas: the core's [`FlameGraph`] drawn through [`FlameGraph::rects`]
//! (boxes narrower than a pixel already merged), a tooltip naming the box under the pointer, a
//! breadcrumb of the focused box's ancestors, and zoom and pan by wheel, drag, keys and buttons.
//! The state is the core's [`FlameState`]; this only draws it and turns events into
//! [`FlameAction`]s.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::app::runtime::{resize, timing};
use crate::app::state::Viewer;
use crate::view::flame::{
    FlameAction, FlameGraph, FlameState, FlameWindow, Measure, Wheel, ZOOM_STEP,
};

mod canvas;
mod crumbs;
mod tip;

use canvas::FlameCanvas;
use crumbs::FlameCrumbs;
use tip::FlameTip;

/// Height of a row of boxes, px.
const ROW_PX: f64 = 20.0;
/// Rows shown at once; deeper graphs scroll.
const MAX_ROWS: u32 = 24;
/// Rectangles at least this wide carry their operation's name, px.
const LABEL_MIN_PX: f64 = 36.0;
/// The outline of a search match (amber, apart from every service colour and the error red).
const MATCH_OUTLINE: &str = "#f59e0b";
/// A press that moves less than this is a click, not a drag, px.
const DRAG_SLOP_PX: f64 = 3.0;

/// What the parts of a flame chart share: the graph and its state, the way to change it
/// (`act`), and how the stage shows it.
#[derive(Clone, Copy)]
struct Chart {
    graph: Signal<Arc<FlameGraph>>,
    state: RwSignal<FlameState>,
    act: Callback<FlameAction>,
    /// The stage's width, px.
    width: RwSignal<f64>,
    /// How far the stage is scrolled down, px.
    scroll_top: RwSignal<f64>,
    /// The box under the pointer and where the pointer is on the canvas (x, y px).
    hovered: RwSignal<Option<(u32, f64, f64)>>,
    /// The rows below the focused box's.
    rows_below: Memo<u32>,
    /// The rows the stage shows at once.
    shown_rows: Memo<u32>,
}

impl Chart {
    /// The window drawn: the state's, from the stage's scroll position down.
    fn window(self, g: &FlameGraph, s: &FlameState) -> FlameWindow {
        let mut window = s.window(g);
        window.top_row += (self.scroll_top.get() / ROW_PX).floor() as u32;
        window
    }

    /// The box under the pointer, with the pointer's place on the canvas (x, y px).
    fn box_at(
        self,
        canvas: NodeRef<leptos::html::Canvas>,
        ev: &leptos::ev::MouseEvent,
    ) -> Option<(u32, f64, f64)> {
        let el = canvas.get_untracked()?;
        let rect = el.get_bounding_client_rect();
        let (x, y) = (
            f64::from(ev.client_x()) - rect.left(),
            f64::from(ev.client_y()) - rect.top(),
        );
        let row = (y / ROW_PX).floor();
        if row < 0.0 {
            return None;
        }
        let width = self.width.get_untracked();
        let b = self.graph.with_untracked(|g| {
            self.state
                .with_untracked(|s| g.hit(self.window(g, s), width, x, row as u32))
        })?;
        Some((b, x, y))
    }
}

/// A flame graph with its breadcrumb, controls and tooltip. `on_focus` hears the box focused
/// (`None`: back to the whole graph).
#[component]
pub fn FlameChart(
    #[prop(into)] graph: Signal<Arc<FlameGraph>>,
    state: RwSignal<FlameState>,
    /// One flag per box: the search's matches, the rest dimmed; `None` dims nothing.
    #[prop(into)]
    highlight: Signal<Option<Arc<Vec<bool>>>>,
    #[prop(into)] measure: Signal<Measure>,
    on_focus: Callback<Option<u32>>,
    /// What the whole graph is called in the breadcrumb ("Whole trace").
    whole: &'static str,
    /// Drawn right under the chart (a time axis).
    #[prop(optional, into)]
    under_chart: Option<ViewFn>,
) -> impl IntoView {
    let stage = NodeRef::<leptos::html::Div>::new();
    let width = RwSignal::new(0.0_f64);
    let scroll_top = RwSignal::new(0.0_f64);
    let hovered = RwSignal::new(None::<(u32, f64, f64)>);
    // The stage narrows when the page grows a scroll bar (a detail opening below), not only
    // when the window is resized.
    resize::watch_size(stage, move |el| width.set(f64::from(el.client_width())));
    // Boxes are numbered per graph: a new one (a refresh, another layout) owes no tooltip.
    Effect::new(move |_| {
        graph.track();
        hovered.set(None);
    });

    let act = Callback::new(move |action: FlameAction| {
        // What is under the pointer changes with the window: the tooltip waits for the next move.
        hovered.set(None);
        let before = state.with_untracked(|s| s.focus);
        graph.with_untracked(|g| state.update(|s| s.apply(g, action)));
        let after = state.with_untracked(|s| s.focus);
        if before != after {
            scroll_top.set(0.0);
            if let Some(el) = stage.get_untracked() {
                el.set_scroll_top(0);
            }
            on_focus.run(after);
        }
    });
    // The rows below the focused box's, and the window drawn from the stage's scroll position.
    let rows_below = Memo::new(move |_| {
        graph.with(|g| {
            let top = state.with(|s| s.window(g).top_row);
            g.row_count().saturating_sub(top)
        })
    });
    let shown_rows = Memo::new(move |_| rows_below.get().clamp(1, MAX_ROWS));
    let chart = Chart {
        graph,
        state,
        act,
        width,
        scroll_top,
        hovered,
        rows_below,
        shown_rows,
    };
    // The focused box in words, for keyboard and screen reader users as for everyone.
    let focused_text = move || {
        let focus = state.with(|s| s.focus)?;
        let tip = graph.with(|g| g.tip(focus, measure.get()))?;
        Some(format!("{}: {}", tip.title, tip.lines.join(" · ")))
    };
    view! {
        <div class="td-flame">
            <div class="td-flame-bar">
                <FlameCrumbs chart=chart whole=whole />
                <FlameZoomTools chart=chart />
            </div>
            <div class="td-flame-area">
                <FlameStage chart=chart stage=stage highlight=highlight />
                <FlameTip chart=chart measure=measure />
            </div>
            {under_chart.map(|view| view.run())}
            <FlameLegend graph=graph />
            <p class="td-flame-hint">
                "Click a box to focus it · drag or Shift+wheel to pan · Ctrl+wheel or + − to zoom · arrow keys walk the boxes"
            </p>
            <p class="td-flame-focused" aria-live="polite">{focused_text}</p>
        </div>
    }
}

/// The zoom buttons: in, out (while the window can widen) and reset (while zoomed).
#[component]
fn FlameZoomTools(chart: Chart) -> impl IntoView {
    let Chart {
        graph, state, act, ..
    } = chart;
    let zoomed = move || state.with(FlameState::is_zoomed);
    view! {
        <span class="td-flame-tools">
            <button type="button" class="td-tool" on:click=move |_| act.run(FlameAction::ZoomAt { at: 0.5, factor: ZOOM_STEP })>
                "Zoom in"
            </button>
            <button
                type="button"
                class="td-tool"
                disabled=move || graph.with(|g| state.with(|s| !s.can_zoom_out(g)))
                on:click=move |_| act.run(FlameAction::ZoomAt { at: 0.5, factor: 1.0 / ZOOM_STEP })
            >
                "Zoom out"
            </button>
            <button type="button" class="td-tool" disabled=move || !zoomed() on:click=move |_| act.run(FlameAction::Unfocus)>
                "Reset"
            </button>
        </span>
    }
}

/// The stage: a focusable window on the canvas, as tall as the rows shown, that scrolls down
/// through deeper graphs and walks, zooms and pans the boxes by keys.
#[component]
fn FlameStage(
    chart: Chart,
    stage: NodeRef<leptos::html::Div>,
    highlight: Signal<Option<Arc<Vec<bool>>>>,
) -> impl IntoView {
    let Chart {
        act,
        scroll_top,
        rows_below,
        shown_rows,
        ..
    } = chart;
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some(action) = FlameAction::of_key(ev.key().as_str(), ev.shift_key()) else {
            return;
        };
        ev.prevent_default();
        act.run(action);
    };
    let on_scroll = move |_| {
        if let Some(el) = stage.get_untracked() {
            scroll_top.set(f64::from(el.scroll_top()));
        }
    };
    view! {
        <div
            class="td-flame-stage"
            node_ref=stage
            tabindex="0"
            aria-label="Flame graph: Down or Enter focuses the widest box below, Up or Escape goes back, Left and Right step between siblings, + and - zoom, Shift+arrows, a drag or Shift+wheel pan, Ctrl+wheel zooms"
            style:height=move || format!("{}px", f64::from(shown_rows.get()) * ROW_PX)
            on:scroll=on_scroll
            on:keydown=on_key
        >
            <div class="td-flame-space" style:height=move || format!("{}px", f64::from(rows_below.get()) * ROW_PX)>
                <FlameCanvas chart=chart highlight=highlight />
            </div>
        </div>
    }
}

/// The services drawn, each with its colour.
#[component]
fn FlameLegend(graph: Signal<Arc<FlameGraph>>) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let colors = viewer.config.with_value(|c| c.colors.clone());
    move || {
        let services = graph.with(|g| g.services().to_vec());
        let colors = colors.clone();
        view! {
            <ul class="td-flame-legend" aria-label="Service colours">
                {services
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .map(|service| {
                        let color = colors.color(&service).to_owned();
                        view! {
                            <li class="td-chip">
                                <span class="td-dot" style:background=color></span>
                                {service}
                            </li>
                        }
                    })
                    .collect_view()}
                <li class="td-flame-legend-error">"red outline: failed"</li>
            </ul>
        }
    }
}
