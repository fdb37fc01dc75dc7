//! The selected span in full: identity, timing, tags, process, logs, references, warnings.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::runtime::clock;
use crate::app::runtime::scroll::reveal_after_draw;
use crate::app::state::Viewer;
use crate::app::widgets::copy::{CopyButton, CopyLink};
use crate::app::widgets::folded::FoldedText;
use crate::app::widgets::link_outs::LinkOuts;
use crate::model::{SpanIdx, Tag, Trace, semconv};
use crate::view::detail::{
    ReferenceRow, dropped_notes, exceptions, incoming_references, ordered_tags, placement_notes,
    references, shared_id_note, status_text,
};
use crate::view::format;
use crate::view::llm::detail_rows;

/// Longer values are cut, with a button to show them whole.
const VALUE_PREVIEW_CHARS: usize = 300;

/// The selected span in full; `on_close` closes it, `on_zoom` zooms the timeline to the span.
#[component]
pub fn SpanDetail(
    trace: Arc<Trace>,
    idx: SpanIdx,
    on_close: impl Fn() + Send + Sync + 'static,
    /// Zooms the timeline to this span.
    on_zoom: impl Fn() + Send + Sync + 'static,
    /// Selects and shows another span of the trace (a reference's jump).
    on_reveal: Callback<SpanIdx>,
) -> impl IntoView {
    let span = trace.span(idx);
    let process = &trace.processes[span.process];
    let mut notes = placement_notes(&trace, idx);
    notes.extend(dropped_notes(&trace, idx));
    view! {
        <aside class="td-detail" aria-label="Span detail">
            <header class="td-detail-head">
                <h3 class="td-detail-title">{span.operation.clone()}</h3>
                <DetailActions trace=trace.clone() idx=idx on_close=on_close on_zoom=on_zoom />
            </header>
            {notes.into_iter().map(|n| view! { <p class="td-detail-note">{n}</p> }).collect_view()}
            {shared_id_note(&trace, idx).map(|n| view! { <p class="td-detail-info">{n}</p> })}
            <Facts trace=trace.clone() idx=idx />
            <TypicalDuration trace=trace.clone() idx=idx />
            <LlmCallFacts trace=trace.clone() idx=idx />
            <Conversation messages=semconv::llm_messages(&span.tags, &span.logs) />
            <Exceptions trace=trace.clone() idx=idx />
            <TagTable title="Tags" tags=ordered_tags(&span.tags).into_iter().cloned().collect() />
            <TagTable title="Process" tags=process.tags.clone() />
            <Logs trace=trace.clone() idx=idx />
            <References trace=trace.clone() idx=idx on_reveal=on_reveal />
            <ReferredToBy trace=trace.clone() idx=idx on_reveal=on_reveal />
            <Warnings trace=trace.clone() idx=idx />
        </aside>
    }
}

/// The LLM call the span is, if it is one: its model, tokens, cost and the rest of its facts.
#[component]
fn LlmCallFacts(trace: Arc<Trace>, idx: SpanIdx) -> impl IntoView {
    let span = trace.span(idx);
    let prices = expect_context::<Viewer>()
        .config
        .with_value(|c| c.llm_prices.clone());
    semconv::llm_call(&span.tags).map(|call| {
        view! {
            <section class="td-detail-section td-llm" role="group" aria-label="LLM call">
                <h4>"LLM call"</h4>
                <dl class="td-facts">
                    {detail_rows(&call, &prices)
                        .into_iter()
                        .map(|(k, v)| view! { <div class="td-fact"><dt>{k}</dt><dd>{v}</dd></div> })
                        .collect_view()}
                </dl>
            </section>
        }
    })
}

/// The spans this span refers to (its parent, links), each a jump to it.
#[component]
fn References(trace: Arc<Trace>, idx: SpanIdx, on_reveal: Callback<SpanIdx>) -> impl IntoView {
    let references = references(&trace, trace.span(idx));
    (!references.is_empty())
        .then(|| {
            view! {
                <section class="td-detail-section">
                    <h4>"References"</h4>
                    <ul class="td-refs">
                        {references
                            .into_iter()
                            .map(|r| view! { <Reference trace=trace.clone() reference=r on_reveal=on_reveal /> })
                            .collect_view()}
                    </ul>
                </section>
            }
        })
}

/// The spans of the trace that refer to this one, each a jump to it.
#[component]
fn ReferredToBy(trace: Arc<Trace>, idx: SpanIdx, on_reveal: Callback<SpanIdx>) -> impl IntoView {
    let incoming = incoming_references(&trace, idx);
    (!incoming.is_empty())
        .then(|| {
            view! {
                <section class="td-detail-section">
                    <h4>"Referred to by"</h4>
                    <ul class="td-refs">
                        {incoming
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <li>
                                        <SpanJump trace=trace.clone() idx=r.from words=format!("← {}", r.kind) on_reveal=on_reveal />
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </section>
            }
        })
}

/// What was wrong with the span as read, one line each.
#[component]
fn Warnings(trace: Arc<Trace>, idx: SpanIdx) -> impl IntoView {
    let span = trace.span(idx);
    (!span.warnings.is_empty()).then(|| {
        view! {
            <section class="td-detail-section">
                <h4>"Warnings"</h4>
                <ul class="td-warnings">
                    {span.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}
                </ul>
            </section>
        }
    })
}

/// Copy the span ID, "Link", "Zoom to span", the `links` setting's span link-outs, the span in
/// Jaeger UI, and close.
#[component]
fn DetailActions(
    trace: Arc<Trace>,
    idx: SpanIdx,
    on_close: impl Fn() + Send + Sync + 'static,
    on_zoom: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let span = trace.span(idx);
    let (jaeger_link, link_outs) = viewer.config.with_value(|c| {
        (
            c.jaeger_trace_url(&trace.trace_id, Some(&span.span_id)),
            c.links.for_span(&trace, idx),
        )
    });
    view! {
        <div class="td-detail-actions">
            <CopyButton
                text=span.span_id.clone()
                label=format!("Span {}", span.span_id)
                title="Copy span ID"
                class="td-span-id"
            />
            <CopyLink trace_id=trace.trace_id.clone() span_id=trace.span_key(idx) />
            <button
                type="button"
                class="td-zoom-span"
                title="Zoom the timeline to this span"
                on:click=move |_| on_zoom()
            >
                "Zoom to span"
            </button>
            <LinkOuts links=link_outs explain=true />
            {jaeger_link
                .map(|href| {
                    view! {
                        <a class="td-link" href=href target="_blank" rel="noopener noreferrer">
                            "Open in Jaeger ↗"
                        </a>
                    }
                })}
            <button type="button" class="td-icon-button" aria-label="Close span detail" on:click=move |_| on_close()>
                "×"
            </button>
        </div>
    }
}

/// Service, kind, status, start (local time and offset in the trace), duration, self time.
#[component]
fn Facts(trace: Arc<Trace>, idx: SpanIdx) -> impl IntoView {
    let span = trace.span(idx);
    let kind = semconv::span_kind(&span.tags).map_or("—", |k| k.as_str());
    let offset = span.start_ns.saturating_sub(trace.start_ns);
    let facts = vec![
        ("Service", trace.service_name(idx).to_owned()),
        ("Kind", kind.to_owned()),
        ("Status", status_text(span)),
        (
            "Start",
            format!(
                "{} (+{})",
                clock::local_date_time(span.start_ns.div_euclid(1_000)),
                format::duration(offset)
            ),
        ),
        ("Duration", format::duration(span.duration_ns)),
        ("Self time", format::duration(span.self_time_ns)),
    ];
    view! {
        <dl class="td-facts">
            {facts
                .into_iter()
                .map(|(k, v)| view! { <div class="td-fact"><dt>{k}</dt><dd>{v}</dd></div> })
                .collect_view()}
        </dl>
    }
}

/// Where the span's duration sits among its kind's (service + operation) over the loaded
/// traces: percentile, p50, p95, samples; following the list as it refreshes.
#[component]
fn TypicalDuration(trace: Arc<Trace>, idx: SpanIdx) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let rows = move || {
        viewer
            .typical
            .with(|t| t.standing_of(&trace, idx).detail_rows())
            .into_iter()
            .map(|(k, v)| view! { <div class="td-fact"><dt>{k}</dt><dd>{v}</dd></div> })
            .collect_view()
    };
    view! {
        <section class="td-detail-section" role="group" aria-label="Typical duration">
            <h4>"Typical duration (this service and operation, loaded traces)"</h4>
            <dl class="td-facts">{rows}</dl>
        </section>
    }
}

/// Each recorded exception as "Type: message", when it happened, and its stack trace.
#[component]
fn Exceptions(trace: Arc<Trace>, idx: SpanIdx) -> impl IntoView {
    exceptions(trace.span(idx))
        .into_iter()
        .map(|e| {
            let headline = e.headline();
            view! {
                <section class="td-exception" role="group" aria-label="Exception">
                    <div class="td-exception-head">
                        <strong class="td-exception-title">{headline}</strong>
                        <span class="td-exception-when">
                            {format!(
                                "+{}{}",
                                format::duration(e.timestamp_ns.saturating_sub(trace.start_ns)),
                                if e.escaped { " · escaped the span" } else { "" },
                            )}
                        </span>
                    </div>
                    {e.stacktrace.map(|trace| view! { <pre class="td-stacktrace">{trace}</pre> })}
                </section>
            }
        })
        .collect_view()
}

/// The span's logs (events), each at its offset in the trace.
#[component]
fn Logs(trace: Arc<Trace>, idx: SpanIdx) -> impl IntoView {
    let span = trace.span(idx);
    (!span.logs.is_empty()).then(|| {
        view! {
            <section class="td-detail-section">
                <h4>{format!("Logs ({})", span.logs.len())}</h4>
                {span
                    .logs
                    .iter()
                    .map(|log| {
                        view! {
                            <div class="td-log">
                                <div class="td-log-time">
                                    {format::offset(log.timestamp_ns.saturating_sub(trace.start_ns))}
                                </div>
                                <TagTable title="" tags=log.fields.clone() />
                            </div>
                        }
                    })
                    .collect_view()}
            </section>
        }
    })
}

/// A button that selects and shows another span of the trace: `→ follows from` and its
/// service and operation.
#[component]
fn SpanJump(
    trace: Arc<Trace>,
    idx: SpanIdx,
    words: String,
    on_reveal: Callback<SpanIdx>,
) -> impl IntoView {
    let span = trace.span(idx);
    let name = format!("{} · {}", trace.service_name(idx), span.operation);
    view! {
        <button
            type="button"
            class="td-ref-jump"
            title=format!("Select {name} ({}) in the tree", span.span_id)
            on:click=move |_| on_reveal.run(idx)
        >
            <span class="td-ref-kind">{words}</span>
            " "
            {name.clone()}
        </button>
    }
}

/// One reference: into this trace, a jump to its span; into another trace, that trace (with its
/// root operation when it is loaded), opened by ID above the list.
#[component]
fn Reference(
    trace: Arc<Trace>,
    reference: ReferenceRow,
    on_reveal: Callback<SpanIdx>,
) -> impl IntoView {
    let ReferenceRow {
        kind,
        span_id,
        target,
        other_trace,
        openable,
        tags,
    } = reference;
    // The link's own attributes (why it links), under the reference they belong to.
    let attributes = view! { <TagTable title="" tags=tags /> };
    if let Some(target) = target {
        return view! {
            <li>
                <SpanJump trace=trace idx=target words=format!("→ {kind}") on_reveal=on_reveal />
                " "
                <code>{span_id}</code>
                {attributes}
            </li>
        }
        .into_any();
    }
    let viewer = expect_context::<Viewer>();
    let other = other_trace.map(|trace_id| {
        let root = {
            let id = trace_id.clone();
            move || match viewer.find_trace(&id) {
                Some(crate::app::state::Lookup::Found(t)) => {
                    t.root_operation().map(|op| format!(" ({op})"))
                }
                _ => None,
            }
        };
        let open = openable.then(|| {
            let actions = expect_context::<crate::app::actions::Actions>();
            let (id, span) = (trace_id.clone(), span_id.clone());
            view! {
                <button
                    type="button"
                    class="td-ref-open"
                    title="Open that trace above the list, with this span selected"
                    on:click=move |ev| {
                        actions.follow_reference(id.clone(), span.clone());
                        reveal_after_draw(&ev, ".td-opened");
                    }
                >
                    "Open trace"
                </button>
            }
        });
        let not_hex = (!openable).then_some(" (not a hex ID: cannot be opened)");
        view! {
            " in trace "<code class="td-ref-trace">{trace_id}</code>{root}{not_hex}" "{open}
        }
    });
    view! {
        <li>
            <span class="td-ref-kind">{kind}</span>
            " "
            <code>{span_id}</code>
            {other}
            {attributes}
        </li>
    }
    .into_any()
}

#[component]
fn TagTable(title: &'static str, tags: Vec<Tag>) -> impl IntoView {
    (!tags.is_empty()).then(|| {
        view! {
            <section class="td-detail-section">
                {(!title.is_empty()).then(|| view! { <h4>{title}</h4> })}
                <table class="td-tags">
                    <tbody>
                        {tags
                            .into_iter()
                            .map(|tag| {
                                let value = tag.value.to_string();
                                view! {
                                    <tr>
                                        <th scope="row">{tag.key.clone()}</th>
                                        <td><FoldedText text=value.clone() limit=VALUE_PREVIEW_CHARS class="td-value" /></td>
                                        <td class="td-tag-copy">
                                            <CopyButton
                                                text=value
                                                label="Copy".to_owned()
                                                title=format!("Copy the value of {}", tag.key)
                                                class="td-copy-value"
                                            />
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </section>
        }
    })
}

/// What an LLM call was asked and answered, turn by turn; long turns folded.
#[component]
fn Conversation(messages: Vec<semconv::LlmMessage>) -> impl IntoView {
    (!messages.is_empty()).then(|| {
        view! {
            <section class="td-detail-section td-conversation" role="group" aria-label="Conversation">
                <h4>"Conversation"</h4>
                <ol class="td-messages">
                    {messages.into_iter().map(|m| view! { <Message message=m /> }).collect_view()}
                </ol>
            </section>
        }
    })
}

/// Turns of a conversation longer than this are folded, in characters.
const MESSAGE_PREVIEW_CHARS: usize = 400;

#[component]
fn Message(message: semconv::LlmMessage) -> impl IntoView {
    view! {
        <li class="td-message" class:td-message-output=message.output>
            <span class="td-message-role">
                {message.role}
                {message.output.then_some(" · answer")}
            </span>
            <p class="td-message-text-line">
                <FoldedText text=message.content limit=MESSAGE_PREVIEW_CHARS class="td-message-text" />
            </p>
        </li>
    }
}
