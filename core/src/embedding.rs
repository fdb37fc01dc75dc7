//! What a host page sees of tracedeck beside the viewer itself: the events a mounted viewer sends
//! its element, and the npm package's TypeScript declarations of the settings, the element's
//! attributes and those events. The declarations are made from [`SETTINGS`], [`EVENTS`] and
//! `docs/settings.md`'s table, so the package, the reader and the docs cannot drift apart.

use std::collections::HashSet;
use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::config::{Reach, SETTINGS, Setting};
use crate::model::trace::split_span_key;

/// Something a host may want to follow, sent to a mounted viewer's element as a `CustomEvent`
/// of [`HostEvent::name`] carrying [`HostEvent::detail`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostEvent {
    /// A trace's span tree was opened.
    TraceOpen { trace_id: String },
    /// A trace's span tree was closed.
    TraceClose { trace_id: String },
    /// A span was selected (`span_key` its key, as the address writes it: its ID, or `ID~2` for
    /// the second span carrying a repeated ID), or the selection in that trace was cleared or its
    /// trace closed (`None`).
    SpanSelect {
        trace_id: String,
        span_key: Option<String>,
    },
    /// The viewer's content height changed, in CSS px.
    HeightChange { height: u32 },
}

/// Every event: its name, its detail's TypeScript type, and what it says.
pub const EVENTS: [(&str, &str, &str); 4] = [
    (
        "traceopen",
        "{ readonly traceId: string }",
        "A trace's span tree was opened.",
    ),
    (
        "traceclose",
        "{ readonly traceId: string }",
        "A trace's span tree was closed.",
    ),
    (
        "spanselect",
        "{ readonly traceId: string; readonly spanId: string | null; readonly spanKey: string | null }",
        "A span was selected (`spanId` its ID; `spanKey` as the address writes it: `ID~2` for the \
         second span with a repeated ID), or the selection cleared or its trace closed (`null`).",
    ),
    (
        "heightchange",
        "{ readonly height: number }",
        "The viewer's content height changed, in CSS px.",
    ),
];

impl HostEvent {
    /// The event's type, one of [`EVENTS`].
    pub fn name(&self) -> &'static str {
        match self {
            Self::TraceOpen { .. } => EVENTS[0].0,
            Self::TraceClose { .. } => EVENTS[1].0,
            Self::SpanSelect { .. } => EVENTS[2].0,
            Self::HeightChange { .. } => EVENTS[3].0,
        }
    }

    /// The event's `detail`, of the shape [`EVENTS`] declares.
    pub fn detail(&self) -> Value {
        match self {
            Self::TraceOpen { trace_id } | Self::TraceClose { trace_id } => {
                json!({ "traceId": trace_id })
            }
            Self::SpanSelect { trace_id, span_key } => {
                let span_id = span_key.as_deref().map(|key| split_span_key(key).0);
                json!({ "traceId": trace_id, "spanId": span_id, "spanKey": span_key })
            }
            Self::HeightChange { height } => json!({ "height": height }),
        }
    }
}

/// Turns what the viewer shows into the events its host hears: each change once, in order
/// (closed traces, opened ones by ID, then the selection).
#[derive(Debug, Default)]
pub struct HostWatch {
    /// The traces open, by ID in order.
    open: Vec<String>,
    selected: Option<(String, String)>,
    height: Option<u32>,
}

impl HostWatch {
    /// The events for the traces now open and the span now selected (trace ID, span key). A
    /// selection in a trace not open is none: the host hears it cleared when its trace closes,
    /// and selected again when it opens with it.
    pub fn view(
        &mut self,
        open: &HashSet<String>,
        selected: Option<&(String, String)>,
    ) -> Vec<HostEvent> {
        let mut now: Vec<String> = open.iter().cloned().collect();
        now.sort_unstable();
        let mut events: Vec<HostEvent> = self
            .open
            .iter()
            .filter(|id| !open.contains(*id))
            .map(|id| HostEvent::TraceClose {
                trace_id: id.clone(),
            })
            .collect();
        events.extend(
            now.iter()
                .filter(|id| self.open.binary_search(id).is_err())
                .map(|id| HostEvent::TraceOpen {
                    trace_id: id.clone(),
                }),
        );
        self.open = now;
        let selected = selected.filter(|(trace_id, _)| open.contains(trace_id));
        let told = match (selected, &self.selected) {
            (Some(now), Some(before)) if now == before => None,
            (Some((trace_id, key)), _) => Some(HostEvent::SpanSelect {
                trace_id: trace_id.clone(),
                span_key: Some(key.clone()),
            }),
            (None, Some((trace_id, _))) => Some(HostEvent::SpanSelect {
                trace_id: trace_id.clone(),
                span_key: None,
            }),
            (None, None) => None,
        };
        events.extend(told);
        self.selected = selected.cloned();
        events
    }

    /// The event for the content height now, in CSS px; none when it did not change.
    pub fn height(&mut self, height: u32) -> Option<HostEvent> {
        (self.height != Some(height)).then(|| {
            self.height = Some(height);
            HostEvent::HeightChange { height }
        })
    }
}

/// The custom element's attribute for a setting: its name in kebab-case (`jaeger-ui`).
pub fn attribute_name(setting: &Setting) -> String {
    setting.name.replace('_', "-")
}

/// The attributes a custom element takes, in [`SETTINGS`]' order: each in kebab-case, with the
/// setting it gives.
pub fn attributes() -> Vec<(String, &'static str)> {
    SETTINGS
        .iter()
        .filter(|s| s.attribute)
        .map(|s| (attribute_name(s), s.name))
        .collect()
}

/// The attributes as an ES module for the package's element (`attributes.js`): each attribute
/// with the setting it gives.
pub fn attributes_module() -> String {
    let pairs: serde_json::Map<String, Value> = attributes()
        .into_iter()
        .map(|(attribute, setting)| (attribute, Value::from(setting)))
        .collect();
    let pairs = serde_json::to_string(&pairs).expect("strings serialize");
    format!(
        "// Made by `scripts/package` from tracedeck's settings (core/src/config.rs): do not edit.\n\
         /** The settings <trace-deck> takes as attributes: attribute (kebab-case) → setting. */\n\
         export const ATTRIBUTES = Object.freeze({pairs});\n"
    )
}

/// One row of `docs/settings.md`'s table, `| `name` | default | where | meaning |`, its cells as
/// written (markdown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingRow<'a> {
    /// The setting's name, without its backticks.
    pub name: &'a str,
    pub default: &'a str,
    /// `all`, `JSON` or `address`, with the table's footnote mark where it has one.
    pub reach: &'a str,
    pub meaning: &'a str,
}

/// The rows of `docs/settings.md`'s table in `docs`, the text of that file, in its order.
pub fn settings_table(docs: &str) -> impl Iterator<Item = SettingRow<'_>> {
    docs.lines().filter_map(|line| {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let name = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
        Some(SettingRow {
            name,
            default: cells.get(2)?,
            reach: cells.get(3)?,
            meaning: cells.get(4)?,
        })
    })
}

/// A setting's row of `docs/settings.md`'s table: its default and its meaning, as text.
struct Documented {
    default: String,
    meaning: String,
}

/// The default and meaning `docs` gives the setting `name`.
fn documented(docs: &str, name: &str) -> Result<Documented, String> {
    settings_table(docs)
        .find(|row| row.name == name)
        .map(|row| Documented {
            default: plain_text(row.default),
            meaning: plain_text(row.meaning),
        })
        .ok_or_else(|| format!("docs/settings.md has no row for `{name}`"))
}

/// Markdown cell text for a doc comment: links become their text, `*/` cannot end the comment.
fn plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|i| open + i) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|i| close + i) else {
            break;
        };
        text.push_str(&rest[..open]);
        text.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    text.push_str(rest);
    text.replace("*/", "*\\/").replace('¹', "")
}

/// A plain setting's type as an attribute: what React or HTML writes there.
fn attribute_type(setting: &Setting) -> &'static str {
    match setting.typescript {
        "number" => "number | string",
        "boolean" => "'true' | 'false' | '1' | '0'",
        t if t.starts_with('\'') => setting.typescript,
        _ => "string",
    }
}

/// The package's `settings.d.ts`: the `Settings` interface (every setting a mount config or the
/// element's `config` takes, with its type, default and meaning from `docs`, the text of
/// `docs/settings.md`), the element's attributes and its events.
///
/// # Errors
/// Names a setting `docs` has no row for.
pub fn typescript_declarations(docs: &str) -> Result<String, String> {
    let mut out = String::from(
        "// Made by `scripts/package` from tracedeck's settings (core/src/config.rs) and\n\
         // docs/settings.md: do not edit.\n\n\
         /** A link-out template of the `links` setting. */\n\
         export interface LinkTemplate {\n  readonly name: string;\n  readonly url: string;\n  \
         readonly when?: string;\n  readonly margin?: string | number;\n}\n\n\
         /** Every setting of a mounted viewer or a <trace-deck> element (docs/settings.md). */\n\
         export interface Settings {\n",
    );
    let given = SETTINGS.iter().filter(|s| s.reach != Reach::Address);
    for setting in given.clone() {
        let doc = documented(docs, setting.name)?;
        let default = if doc.default.is_empty() {
            String::new()
        } else {
            format!(" Default: {}.", doc.default)
        };
        let _ = writeln!(
            out,
            "  /** {}.{default} */\n  readonly {}?: {};",
            doc.meaning, setting.name, setting.typescript
        );
    }
    out.push_str("}\n\n/** The element's attributes: the plain settings, in kebab-case. */\nexport interface SettingAttributes {\n");
    for setting in given.filter(|s| s.attribute) {
        let _ = writeln!(
            out,
            "  /** See {{@link Settings.{}}}. */\n  readonly '{}'?: {};",
            setting.name,
            attribute_name(setting),
            attribute_type(setting)
        );
    }
    out.push_str("}\n\n/** The events a viewer sends its element, by type. */\nexport interface TraceDeckEventMap {\n");
    for (name, detail, doc) in EVENTS {
        let _ = writeln!(out, "  /** {doc} */\n  {name}: CustomEvent<{detail}>;");
    }
    out.push_str("}\n");
    Ok(out)
}
