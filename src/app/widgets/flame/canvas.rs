//! The flame chart's canvas: drawn from the core's rectangles, clicked, dragged and wheeled.

use super::*;

/// The canvas the boxes are drawn on: a click focuses a box, a drag pans, the wheel pans or
/// (with Ctrl) zooms, and the pointer's box gets the tooltip.
#[component]
pub(super) fn FlameCanvas(
    chart: Chart,
    highlight: Signal<Option<Arc<Vec<bool>>>>,
) -> impl IntoView {
    let Chart {
        graph,
        act,
        width,
        hovered,
        shown_rows,
        ..
    } = chart;
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    redraw_on_change(chart, canvas, highlight);
    let press = RwSignal::new(None::<(f64, f64)>);
    let dragged = RwSignal::new(false);
    let on_down = move |ev: leptos::ev::PointerEvent| {
        press.set(Some((f64::from(ev.client_x()), f64::from(ev.client_y()))));
        dragged.set(false);
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        if let Some((x0, _)) = press.get_untracked() {
            let dx = f64::from(ev.client_x()) - x0;
            if dx.abs() >= DRAG_SLOP_PX || dragged.get_untracked() {
                dragged.set(true);
                press.set(Some((f64::from(ev.client_x()), f64::from(ev.client_y()))));
                act.run(FlameAction::Pan(-dx / width.get_untracked().max(1.0)));
                hovered.set(None);
                return;
            }
        }
        hovered.set(chart.box_at(canvas, &ev));
    };
    let on_up = move |_: leptos::ev::PointerEvent| press.set(None);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if dragged.get_untracked() {
            return;
        }
        if let Some((b, _, _)) = chart.box_at(canvas, &ev) {
            act.run(FlameAction::Focus(b));
        }
    };
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        if let Some(action) = FlameAction::of_wheel(
            Wheel {
                zoom_key: ev.ctrl_key() || ev.meta_key(),
                shift: ev.shift_key(),
                dx: ev.delta_x(),
                dy: ev.delta_y(),
                x: f64::from(ev.offset_x()),
            },
            width.get_untracked(),
        ) {
            ev.prevent_default();
            act.run(action);
        }
    };
    let description = move || {
        graph.with(|g| {
            format!(
                "Flame graph: {} in {} rows",
                crate::view::format::count(g.boxes().len(), "box", "boxes"),
                g.row_count()
            )
        })
    };
    view! {
        <canvas
            node_ref=canvas
            class="td-flame-canvas"
            role="img"
            aria-label=description
            style:height=move || format!("{}px", f64::from(shown_rows.get()) * ROW_PX)
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=on_up
            on:pointerleave=move |_| {
                press.set(None);
                hovered.set(None);
            }
            on:click=on_click
            on:wheel=on_wheel
        ></canvas>
    }
}

/// Redraws the canvas whenever the graph, its state, the highlight, the stage's size or its
/// scroll position changes.
fn redraw_on_change(
    chart: Chart,
    canvas: NodeRef<leptos::html::Canvas>,
    highlight: Signal<Option<Arc<Vec<bool>>>>,
) {
    let viewer = expect_context::<Viewer>();
    let colors = viewer.config.with_value(|c| c.colors.clone());
    let Chart {
        graph,
        state,
        width,
        shown_rows,
        ..
    } = chart;
    Effect::new(move |_| {
        let Some(canvas) = canvas.get() else { return };
        let (w, rows) = (width.get(), shown_rows.get());
        if w <= 0.0 {
            return;
        }
        graph.with(|g| {
            state.with(|s| {
                highlight.with(|lit| {
                    let window = chart.window(g, s);
                    // One measure at a time: a pan draws every frame.
                    timing::clear(&["flame-draw"]);
                    timing::phase("flame-draw", || {
                        draw(
                            &canvas,
                            g,
                            window,
                            w,
                            rows,
                            lit.as_deref().map(Vec::as_slice),
                            &colors,
                        )
                    });
                })
            })
        });
    });
}

/// Draws the window's rectangles: service colours, failures outlined in red, non-matches dimmed
/// while a search lights some up, names where they fit.
fn draw(
    canvas: &HtmlCanvasElement,
    graph: &FlameGraph,
    window: FlameWindow,
    width: f64,
    rows: u32,
    highlight: Option<&[bool]>,
    colors: &crate::view::colors::ServiceColors,
) {
    let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let height = f64::from(rows) * ROW_PX;
    canvas.set_width((width * ratio).round() as u32);
    canvas.set_height((height * ratio).round() as u32);
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let _ = ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, width, height);
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_text_baseline("middle");
    let fills: Vec<&str> = graph.services().iter().map(|s| colors.color(s)).collect();
    for rect in graph.rects(window, width, rows, highlight) {
        let y = f64::from(rect.row) * ROW_PX;
        let dim = highlight.is_some() && !rect.highlighted;
        let lit = highlight.is_some() && rect.highlighted;
        ctx.set_global_alpha(if dim { 0.25 } else { 1.0 });
        ctx.set_fill_style_str(fills[rect.service as usize]);
        // A match stays findable however narrow: at least 3 px, outlined.
        let w = if lit {
            rect.width.max(3.0)
        } else if rect.width > 2.0 {
            rect.width - 1.0
        } else {
            rect.width
        };
        ctx.fill_rect(rect.x, y, w, ROW_PX - 1.0);
        if lit {
            ctx.set_stroke_style_str(MATCH_OUTLINE);
            ctx.set_line_width(2.0);
            ctx.stroke_rect(rect.x + 1.0, y + 1.0, (w - 2.0).max(1.0), ROW_PX - 3.0);
        }
        if rect.error {
            ctx.set_stroke_style_str("#dc2626");
            ctx.set_line_width(1.5);
            ctx.stroke_rect(rect.x + 0.75, y + 0.75, (w - 1.5).max(0.5), ROW_PX - 2.5);
        }
        if rect.boxes == 1 && rect.width >= LABEL_MIN_PX {
            let (_, operation) = graph.name(rect.first_box);
            let fits = ((rect.width - 8.0) / 6.2).floor().max(0.0) as usize;
            let (text, _) = crate::view::format::truncate(operation, fits);
            ctx.set_fill_style_str("#0b1220");
            let _ = ctx.fill_text(&text, rect.x + 4.0, y + ROW_PX / 2.0);
        }
    }
    ctx.set_global_alpha(1.0);
}
