//! The flame chart's tooltip: the box under the pointer.

use super::*;

/// The tooltip of the box under the pointer, beside the pointer.
#[component]
pub(super) fn FlameTip(chart: Chart, measure: Signal<Measure>) -> impl IntoView {
    let Chart {
        graph,
        width,
        hovered,
        shown_rows,
        ..
    } = chart;
    move || {
        hovered.get().and_then(|(b, x, y)| {
            let tip = graph.with(|g| g.tip(b, measure.get()))?;
            // Beside the pointer, towards the middle of the chart, so it never leaves it:
            // below a box in the upper half, above one in the lower half.
            let w = width.get();
            let (left, right) = if x > w / 2.0 {
                (None, Some(format!("{}px", (w - x).round())))
            } else {
                (Some(format!("{}px", x.round())), None)
            };
            let above = y > f64::from(shown_rows.get()) * ROW_PX / 2.0;
            let top = if above { y } else { y + ROW_PX };
            Some(view! {
                <div
                    class="td-flame-tip"
                    class:td-flame-tip-above=above
                    role="tooltip"
                    style:left=left
                    style:right=right
                    style:top=format!("{}px", top.round())
                >
                    <strong>{tip.title}</strong>
                    {tip.lines.into_iter().map(|l| view! { <span>{l}</span> }).collect_view()}
                </div>
            })
        })
    }
}
