//! The service map, drawn as SVG from Rust: services as boxes (callers left of callees), calls as
//! arrows labelled with counts and failures; a click on a service lists only its traces.

use leptos::prelude::*;

use crate::app::state::Viewer;
use crate::view::format;
use crate::view::service_map::{ServiceEdge, ServiceNode, layout, service_map};

const COL_W: f64 = 360.0;
const ROW_H: f64 = 74.0;
const NODE_W: f64 = 210.0;
const NODE_H: f64 = 44.0;

/// Services as boxes (callers left of callees), calls between them as arrows with call and
/// failure counts; a click on a service lists only its traces.
#[component]
pub fn ServiceGraph() -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let map = Memo::new(move |_| viewer.traces.with(|traces| service_map(traces)));
    move || {
        let map = map.get();
        if map.nodes.is_empty() {
            return view! { <p class="td-muted">"No services in the loaded traces yet."</p> }
                .into_any();
        }
        let at = layout(&map);
        let columns = at.values().map(|(c, _)| c + 1).max().unwrap_or(1);
        let rows = at.values().map(|(_, r)| r + 1).max().unwrap_or(1);
        let width = columns as f64 * COL_W - (COL_W - NODE_W) + 20.0;
        let height = rows as f64 * ROW_H - (ROW_H - NODE_H) + 20.0;
        let place = |name: &str| {
            let (c, r) = at.get(name).copied().unwrap_or_default();
            (10.0 + c as f64 * COL_W, 10.0 + r as f64 * ROW_H)
        };
        let edges = (map.edges.iter())
            .map(|edge| view! { <EdgeView edge=edge.clone() from=place(&edge.from) to=place(&edge.to) /> })
            .collect_view();
        let nodes = (map.nodes.iter())
            .map(|node| view! { <NodeView node=node.clone() at=place(&node.name) /> })
            .collect_view();
        view! {
            <svg
                class="td-service-map"
                viewBox=format!("0 0 {width} {height}")
                width=width
                height=height
                role="group"
                aria-label="Service map: who calls whom"
            >
                <defs>
                    <marker id="td-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z"></path>
                    </marker>
                </defs>
                {edges}
                {nodes}
            </svg>
        }
        .into_any()
    }
}

/// A call between two services' boxes (top-left corners `from` and `to`, px), labelled with
/// its counts; backward calls (a cycle) bend below the boxes.
#[component]
fn EdgeView(edge: ServiceEdge, from: (f64, f64), to: (f64, f64)) -> impl IntoView {
    let ((fx, fy), (tx, ty)) = (from, to);
    let (x1, y1) = (fx + NODE_W, fy + NODE_H / 2.0);
    let (x2, y2) = (tx, ty + NODE_H / 2.0);
    let path = if x2 > x1 {
        let mid = (x1 + x2) / 2.0;
        format!("M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}")
    } else {
        let (bx1, bx2) = (fx + NODE_W / 2.0, tx + NODE_W / 2.0);
        let low = fy.max(ty) + NODE_H + 24.0;
        format!(
            "M{bx1},{} C{bx1},{low} {bx2},{low} {bx2},{}",
            fy + NODE_H,
            ty + NODE_H
        )
    };
    let calls = format::count(edge.calls, "call", "calls");
    let label = if edge.errors > 0 {
        format!("{calls} · {} failed", edge.errors)
    } else {
        calls
    };
    let (lx, ly) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0 - 6.0);
    view! {
        <g class="td-edge" class:td-edge-error={edge.errors > 0}>
            <path d=path marker-end="url(#td-arrow)"></path>
            <text x=lx y=ly text-anchor="middle">{label}</text>
            <title>{format!("{} → {}: {}", edge.from, edge.to, label_of(edge.calls, edge.errors))}</title>
        </g>
    }
}

/// A service's box at `at` (top-left, px): its colour, name and counts; a click (or Enter)
/// lists only its traces, again lists every service.
#[component]
fn NodeView(node: ServiceNode, at: (f64, f64)) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let actions = expect_context::<crate::app::actions::Actions>();
    let (x, y) = at;
    let color = viewer
        .config
        .with_value(|c| c.colors.color(&node.name).to_owned());
    let active = {
        let name = node.name.clone();
        move || viewer.service.with(|s| s.as_deref() == Some(name.as_str()))
    };
    let choose = {
        let name = node.name.clone();
        move || actions.toggle_service(name.clone())
    };
    let on_key = {
        let choose = choose.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Enter" || ev.key() == " " {
                ev.prevent_default();
                choose();
            }
        }
    };
    view! {
        <g
            class="td-node"
            class:td-node-active=active.clone()
            class:td-node-error={node.errors > 0}
            role="button"
            tabindex="0"
            aria-pressed=move || active().to_string()
            aria-label=format!("{}: list only its traces", node.name)
            data-service=node.name.clone()
            on:click=move |_| choose()
            on:keydown=on_key
        >
            <rect x=x y=y width=NODE_W height=NODE_H rx="6"></rect>
            <rect class="td-node-stripe" x=x y=y width="5" height=NODE_H style:fill=color></rect>
            <text class="td-node-name" x=x + 12.0 y=y + 18.0>{node.name.clone()}</text>
            <text class="td-node-facts" x=x + 12.0 y=y + 35.0>
                {format!(
                    "{} · {}{}",
                    format::count(node.spans, "span", "spans"),
                    format::count(node.traces, "trace", "traces"),
                    if node.errors > 0 { format!(" · {} err", node.errors) } else { String::new() },
                )}
            </text>
        </g>
    }
}

fn label_of(calls: usize, errors: usize) -> String {
    format!("{}, {errors} failed", format::count(calls, "call", "calls"))
}
