//! Link-outs from a trace or a span to the user's other tools (`links` setting): each a name and
//! a URL template whose placeholders are filled from the trace or span, e.g. a log search for
//! the trace ID over the span's time window with a margin.
//!
//! Placeholders: `{trace_id}`, `{span_id}`, `{service}`, `{operation}`, `{start_ms}`, `{end_ms}`
//! (ms since the epoch), `{start_iso}`, `{end_iso}` (RFC 3339, UTC), `{tag:KEY}` (the span's tag,
//! else its process's). Every value is percent-encoded. A trace's link reads its root span. The
//! template must start with `http://` or `https://` and a host written out, up to the first `/`,
//! `?` or `#`: placeholders come after it, so what a link expands to goes to the host the
//! template names, whatever the trace holds.

use serde_json::Value;

use crate::backend::paths::{encode, rfc3339};
use crate::model::data::find_tag;
use crate::model::{SpanIdx, Trace};
use crate::view::format::parse_duration;

/// One link template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTemplate {
    /// The link's words on screen.
    pub name: String,
    /// The URL with its placeholders split out.
    parts: Vec<Part>,
    /// A tag key the span (or its process) must carry for the link to show.
    pub when: Option<String>,
    /// Widens `{start_*}` earlier and `{end_*}` later by this much, ns.
    margin_ns: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    TraceId,
    SpanId,
    Service,
    Operation,
    StartMs,
    EndMs,
    StartIso,
    EndIso,
    Tag(String),
}

/// The `links` setting: templates for trace rows and for the span detail.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkTemplates {
    /// Shown on each trace row, filled from the trace and its root span.
    pub trace: Vec<LinkTemplate>,
    /// Shown in the span detail, filled from the span.
    pub span: Vec<LinkTemplate>,
}

/// A template applied to one span: its name and where it goes, or why it cannot go anywhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkOut {
    pub name: String,
    /// The expanded http(s) URL, or what stopped it (a missing tag, a refused result).
    pub url: Result<String, String>,
}

impl LinkTemplates {
    /// Reads `{"trace": [template…], "span": [template…]}`, each template
    /// `{"name", "url", "when"?, "margin"?}` (`margin` a duration such as `5m`; a bare number is
    /// ms). `Err` names every bad template; the good ones are kept.
    pub fn parse(value: &Value) -> (Self, Result<(), String>) {
        let mut templates = Self::default();
        let mut problems = Vec::new();
        let Some(object) = value.as_object() else {
            return (
                templates,
                Err(r#"is not an object {"trace": […], "span": […]}"#.to_owned()),
            );
        };
        for (scope, list) in object {
            let target = match scope.as_str() {
                "trace" => &mut templates.trace,
                "span" => &mut templates.span,
                other => {
                    problems.push(format!("{other:?} is not trace or span"));
                    continue;
                }
            };
            let Some(list) = list.as_array() else {
                problems.push(format!("{scope}: not a list of templates"));
                continue;
            };
            for (n, one) in list.iter().enumerate() {
                match LinkTemplate::parse(one) {
                    Ok(template) => target.push(template),
                    Err(problem) => problems.push(format!("{scope}[{n}]: {problem}")),
                }
            }
        }
        let result = if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        };
        (templates, result)
    }

    /// The trace's link-outs, read from its root span; none for a trace without spans.
    pub fn for_trace(&self, trace: &Trace) -> Vec<LinkOut> {
        match trace.root_span {
            Some(root) => expand_all(&self.trace, trace, root, Window::Trace),
            None => Vec::new(),
        }
    }

    /// A span's link-outs.
    pub fn for_span(&self, trace: &Trace, idx: SpanIdx) -> Vec<LinkOut> {
        expand_all(&self.span, trace, idx, Window::Span)
    }
}

/// Whose times `{start_*}` and `{end_*}` are.
#[derive(Clone, Copy)]
enum Window {
    Trace,
    Span,
}

fn expand_all(
    templates: &[LinkTemplate],
    trace: &Trace,
    idx: SpanIdx,
    window: Window,
) -> Vec<LinkOut> {
    templates
        .iter()
        .filter(|t| t.applies(trace, idx))
        .map(|t| LinkOut {
            name: t.name.clone(),
            url: t.expand(trace, idx, window),
        })
        .collect()
}

impl LinkTemplate {
    /// Reads one `{"name", "url", "when"?, "margin"?}`.
    pub fn parse(value: &Value) -> Result<Self, String> {
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::trim);
        let name = text("name")
            .filter(|n| !n.is_empty())
            .ok_or("needs a \"name\"")?;
        let url = text("url").ok_or("needs a \"url\"")?;
        if !is_http(url) {
            return Err(format!("{url:?} does not start with http:// or https://"));
        }
        let after_scheme = &url[url.find("://").map_or(0, |at| at + 3)..];
        let host_end = after_scheme.find(['/', '?', '#']);
        let placeholder = after_scheme.find('{');
        if host_end.is_none_or(|end| placeholder.is_some_and(|p| p < end)) {
            return Err(format!(
                "{url:?} must name its host before the first /, ? or # (placeholders come after it)"
            ));
        }
        let margin_ns = match value.get("margin") {
            None | Some(Value::Null) => 0,
            Some(Value::Number(ms)) => ms
                .as_f64()
                .filter(|ms| *ms >= 0.0)
                .map(|ms| (ms * 1e6) as i64)
                .ok_or("a negative \"margin\"")?,
            Some(Value::String(text)) => parse_duration(text)
                .ok_or_else(|| format!("margin {text:?} is not a duration like 5m"))?,
            Some(_) => return Err("\"margin\" is not a duration".to_owned()),
        };
        Ok(Self {
            name: name.to_owned(),
            parts: parts(url)?,
            when: text("when").filter(|w| !w.is_empty()).map(str::to_owned),
            margin_ns,
        })
    }

    /// Whether the span carries the `when` tag (always, without one).
    fn applies(&self, trace: &Trace, idx: SpanIdx) -> bool {
        self.when
            .as_deref()
            .is_none_or(|key| tag_value(trace, idx, key).is_some())
    }

    /// The URL for one span, its times those of the span or (for a trace's link) the trace;
    /// `Err` names the tag it lacks.
    fn expand(&self, trace: &Trace, idx: SpanIdx, window: Window) -> Result<String, String> {
        let span = trace.span(idx);
        let (start_ns, end_ns) = match window {
            Window::Trace => (trace.start_ns, trace.end_ns),
            Window::Span => (span.start_ns, span.end_ns()),
        };
        let (start_ns, end_ns) = (
            start_ns.saturating_sub(self.margin_ns),
            end_ns.saturating_add(self.margin_ns),
        );
        let mut url = String::new();
        for part in &self.parts {
            let value = match part {
                Part::Text(text) => {
                    url.push_str(text);
                    continue;
                }
                Part::TraceId => trace.trace_id.clone(),
                Part::SpanId => span.span_id.clone(),
                Part::Service => trace.service_name(idx).to_owned(),
                Part::Operation => span.operation.clone(),
                Part::StartMs => start_ns.div_euclid(1_000_000).to_string(),
                // Rounded up, so the window holds the span's last ns.
                Part::EndMs => (end_ns.saturating_add(999_999))
                    .div_euclid(1_000_000)
                    .to_string(),
                Part::StartIso => rfc3339(start_ns.div_euclid(1_000)),
                Part::EndIso => rfc3339(end_ns.saturating_add(999).div_euclid(1_000)),
                Part::Tag(key) => tag_value(trace, idx, key).ok_or_else(|| match window {
                    Window::Trace => format!("the trace's root span has no tag {key}"),
                    Window::Span => format!("this span has no tag {key}"),
                })?,
            };
            url.push_str(&encode(&value));
        }
        // The template's scheme and host are written out (see `parse`): so are the result's.
        Ok(url)
    }
}

fn is_http(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// A tag of the span, else of its process, as text.
fn tag_value(trace: &Trace, idx: SpanIdx, key: &str) -> Option<String> {
    let span = trace.span(idx);
    find_tag(&span.tags, key)
        .or_else(|| find_tag(&trace.processes[span.process].tags, key))
        .map(ToString::to_string)
}

/// Splits a template into text and placeholders; `Err` for an unknown or unclosed one.
fn parts(url: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut rest = url;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(Part::Text(rest[..open].to_owned()));
        }
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| format!("{url:?} has a {{ without its }}"))?;
        let name = &rest[open + 1..open + close];
        parts.push(match name {
            "trace_id" => Part::TraceId,
            "span_id" => Part::SpanId,
            "service" => Part::Service,
            "operation" => Part::Operation,
            "start_ms" => Part::StartMs,
            "end_ms" => Part::EndMs,
            "start_iso" => Part::StartIso,
            "end_iso" => Part::EndIso,
            _ => match name.strip_prefix("tag:") {
                Some(key) if !key.is_empty() => Part::Tag(key.to_owned()),
                _ => return Err(format!("{{{name}}} is not a placeholder tracedeck fills")),
            },
        });
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest.to_owned()));
    }
    Ok(parts)
}
