//! Every event (Jaeger log, OTLP span event) of a trace in one list, in time order: what the
//! "Logs" tab shows, filtered by text.

use crate::model::{SpanIdx, Tag, Trace};
use crate::view::detail::{ExceptionEvent, exception_of};
use crate::view::format;

/// Field keys that name an event rather than describe it (OpenTelemetry's event name as Jaeger
/// stores it, and the message of a plain log).
const NAME_KEYS: [&str; 2] = ["event", "message"];

/// One event of a trace.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceEvent {
    /// The span that recorded it.
    pub span: SpanIdx,
    /// ns since the trace's start.
    pub offset_ns: i64,
    /// The `event` field, else the `message` field, else `log`.
    pub name: String,
    /// The other fields, in the order sent; an exception's `exception.*` fields are in
    /// `exception` instead.
    pub fields: Vec<Tag>,
    /// The exception this event records, formatted apart.
    pub exception: Option<ExceptionEvent>,
}

/// Every event of `trace`, by time; events at the same time in tree order, then as sent.
pub fn trace_events(trace: &Trace) -> Vec<TraceEvent> {
    let mut events: Vec<(i64, usize, TraceEvent)> = Vec::new();
    for (order, &idx) in trace.preorder.iter().enumerate() {
        for log in &trace.span(idx).logs {
            let exception = exception_of(log);
            let name_field = (log.fields.iter())
                .find(|f| f.key == NAME_KEYS[0])
                .or_else(|| log.fields.iter().find(|f| f.key == NAME_KEYS[1]));
            let name = name_field.map_or_else(|| "log".to_owned(), |f| f.value.to_string());
            let fields = (log.fields.iter())
                .filter(|f| !name_field.is_some_and(|n| std::ptr::eq(*f, n)))
                .filter(|f| exception.is_none() || !f.key.starts_with("exception."))
                .cloned()
                .collect();
            events.push((
                log.timestamp_ns,
                order,
                TraceEvent {
                    span: idx,
                    offset_ns: log.timestamp_ns.saturating_sub(trace.start_ns),
                    name,
                    fields,
                    exception,
                },
            ));
        }
    }
    // Stable: the logs of one span keep the order sent.
    events.sort_by_key(|(at, order, _)| (*at, *order));
    events.into_iter().map(|(_, _, event)| event).collect()
}

/// The events whose span's operation or service, name, field keys or values, or exception
/// contain every word of `text` (any case); all of them for a blank text.
pub fn filter_events<'a>(
    trace: &Trace,
    events: &'a [TraceEvent],
    text: &str,
) -> Vec<&'a TraceEvent> {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    events
        .iter()
        .filter(|event| {
            words.iter().all(|word| {
                let has = |text: &str| text.to_lowercase().contains(word.as_str());
                let exception = event.exception.as_ref();
                has(&event.name)
                    || has(&trace.span(event.span).operation)
                    || has(trace.service_name(event.span))
                    || (event.fields.iter()).any(|f| has(&f.key) || has(&f.value.to_string()))
                    || exception.is_some_and(|e| {
                        has(&e.headline()) || e.stacktrace.as_deref().is_some_and(has)
                    })
            })
        })
        .collect()
}

/// The count beside the events' filter: `12 events`, `3 of 12 events`, and when more were found
/// than are listed (`listed_at_most`), that the first ones are shown.
pub fn events_count_text(
    total: usize,
    found: usize,
    filtered: bool,
    listed_at_most: usize,
) -> String {
    let all = format::count(total, "event", "events");
    match (filtered, found > listed_at_most) {
        (false, false) => all,
        (false, true) => {
            format!("{all}: the first {listed_at_most} shown; the filter finds the rest")
        }
        (true, false) => format!("{found} of {all}"),
        (true, true) => {
            format!("{found} of {all}: the first {listed_at_most} shown; narrow the filter")
        }
    }
}
