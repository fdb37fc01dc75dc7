//! What a host hears and what its package declares: events from the view by hand-worked cases,
//! and declarations made from the settings and their docs.

use std::collections::HashSet;

use tracedeck_core::config::{Reach, SETTINGS};
use tracedeck_core::embedding::{
    EVENTS, HostEvent, HostWatch, attributes, attributes_module, typescript_declarations,
};

fn open(ids: &[&str]) -> HashSet<String> {
    ids.iter().map(|&id| id.to_owned()).collect()
}

fn selected(trace: &str, span: &str) -> (String, String) {
    (trace.to_owned(), span.to_owned())
}

#[test]
fn opening_closing_and_selecting_are_told_once_each() {
    let mut watch = HostWatch::default();
    assert_eq!(watch.view(&open(&[]), None), []);
    // Two traces open at once (a restored view): told by ID order.
    assert_eq!(
        watch.view(&open(&["b2", "a1"]), None),
        [
            HostEvent::TraceOpen {
                trace_id: "a1".into()
            },
            HostEvent::TraceOpen {
                trace_id: "b2".into()
            },
        ]
    );
    // Nothing changed: nothing told.
    assert_eq!(watch.view(&open(&["a1", "b2"]), None), []);
    // A span selected in a1, then the second span with a repeated ID.
    let span = selected("a1", "00f1");
    assert_eq!(
        watch.view(&open(&["a1", "b2"]), Some(&span)),
        [HostEvent::SpanSelect {
            trace_id: "a1".into(),
            span_key: Some("00f1".into())
        }]
    );
    let again = selected("a1", "00f1~2");
    assert_eq!(
        watch.view(&open(&["a1", "b2"]), Some(&again)),
        [HostEvent::SpanSelect {
            trace_id: "a1".into(),
            span_key: Some("00f1~2".into())
        }]
    );
    // a1 closed, its span still the viewer's selection: the close, then the selection cleared.
    assert_eq!(
        watch.view(&open(&["b2"]), Some(&again)),
        [
            HostEvent::TraceClose {
                trace_id: "a1".into()
            },
            HostEvent::SpanSelect {
                trace_id: "a1".into(),
                span_key: None
            },
        ]
    );
    // Opened again with it: the open, then the span selected again.
    assert_eq!(
        watch.view(&open(&["a1", "b2"]), Some(&again)),
        [
            HostEvent::TraceOpen {
                trace_id: "a1".into()
            },
            HostEvent::SpanSelect {
                trace_id: "a1".into(),
                span_key: Some("00f1~2".into())
            },
        ]
    );
    // The selection cleared while its trace is open.
    assert_eq!(
        watch.view(&open(&["a1", "b2"]), None),
        [HostEvent::SpanSelect {
            trace_id: "a1".into(),
            span_key: None
        }]
    );
}

#[test]
fn the_height_is_told_when_it_changes() {
    let mut watch = HostWatch::default();
    assert_eq!(
        watch.height(640),
        Some(HostEvent::HeightChange { height: 640 })
    );
    assert_eq!(watch.height(640), None);
    assert_eq!(
        watch.height(612),
        Some(HostEvent::HeightChange { height: 612 })
    );
}

#[test]
fn each_event_has_its_declared_name_and_detail_shape() {
    let events = [
        HostEvent::TraceOpen {
            trace_id: "a1".into(),
        },
        HostEvent::TraceClose {
            trace_id: "a1".into(),
        },
        HostEvent::SpanSelect {
            trace_id: "a1".into(),
            span_key: None,
        },
        HostEvent::HeightChange { height: 12 },
    ];
    for (event, (name, detail_type, _)) in events.iter().zip(EVENTS) {
        assert_eq!(event.name(), name);
        // Every field of the detail is declared in its TypeScript type.
        for key in event.detail().as_object().expect("an object").keys() {
            assert!(
                detail_type.contains(&format!("readonly {key}:")),
                "{name}: {key}"
            );
        }
    }
    // The span's ID beside its key: a repeated ID's second span is `ID~2` only as a key.
    assert_eq!(
        HostEvent::SpanSelect {
            trace_id: "a1".into(),
            span_key: Some("00f1~2".into())
        }
        .detail(),
        serde_json::json!({"traceId": "a1", "spanId": "00f1", "spanKey": "00f1~2"})
    );
}

fn docs() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/settings.md"))
        .expect("docs/settings.md")
}

#[test]
fn the_declarations_give_every_setting_a_host_may_set_with_its_docs() {
    let declarations = typescript_declarations(&docs()).expect("every setting documented");
    for setting in SETTINGS {
        let declared = declarations.contains(&format!("  readonly {}?: ", setting.name));
        assert_eq!(
            declared,
            setting.reach != Reach::Address,
            "{}",
            setting.name
        );
    }
    // Types and docs come through: a union, a default, a link's text without its target.
    assert!(declarations.contains("readonly theme?: 'auto' | 'light' | 'dark';"));
    assert!(declarations.contains("readonly limit?: number;"));
    assert!(declarations.contains("Default: `50`."));
    assert!(declarations.contains("(Backends)"));
    assert!(!declarations.contains("backends.md"));
    assert!(declarations.contains("  readonly 'jaeger-ui'?: string;"));
    assert!(declarations.contains("  readonly 'allow-demo'?: 'true' | 'false' | '1' | '0';"));
    // Object settings are for the `config` property, not attributes.
    assert!(!declarations.contains("'headers'?"));
    for (name, detail, _) in EVENTS {
        assert!(declarations.contains(&format!("  {name}: CustomEvent<{detail}>;")));
    }
    // A setting the docs forgot is named.
    assert_eq!(
        typescript_declarations("no table"),
        Err("docs/settings.md has no row for `api`".to_owned())
    );
}

#[test]
fn the_element_takes_the_plain_settings_as_kebab_case_attributes() {
    let attributes = attributes();
    let given = |attribute: &str| {
        attributes
            .iter()
            .find(|(a, _)| a == attribute)
            .map(|(_, s)| *s)
    };
    assert_eq!(given("jaeger-ui"), Some("jaeger_ui"));
    assert_eq!(given("theme"), Some("theme"));
    assert_eq!(given("headers"), None);
    assert_eq!(given("color"), None);
    assert!(attributes_module().contains(r#""jaeger-ui":"jaeger_ui""#));
}

#[test]
fn docs_embedding_lists_exactly_the_events() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/embedding.md"))
            .expect("docs/embedding.md");
    let table = &text[text
        .find("| event | `detail` | when |")
        .expect("the events table")..];
    let documented: Vec<&str> = table
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .filter_map(|line| line.split('`').nth(1))
        .collect();
    let declared: Vec<&str> = EVENTS.iter().map(|(name, _, _)| *name).collect();
    assert_eq!(documented, declared);
}
