//! One source per setting: `config::SETTINGS` names every setting and where it may come from;
//! the config reader knows each of them from there, and `docs/settings.md`'s table lists exactly
//! them, with the same reach.

use std::path::PathBuf;

use serde_json::json;
use tracedeck_core::config::{ConfigBuilder, Reach, SETTINGS, Setting, Source};
use tracedeck_core::embedding::settings_table;

const UNKNOWN: &str = "is not a setting tracedeck knows";

/// A value of the right shape for each setting, so only an unknown key is reported as unknown.
fn sample(key: &str) -> serde_json::Value {
    match key {
        "colors" => json!({"svc": "#123456"}),
        "headers" => json!({"X-Test": "1"}),
        "thresholds" => json!({"op": "250ms"}),
        "llm_prices" => json!({"m": {"input": 1.0, "output": 2.0}}),
        "links" => json!({"trace": []}),
        _ => json!("x"),
    }
}

#[test]
fn every_setting_is_known_to_the_sources_it_may_come_from() {
    for Setting {
        name: key, reach, ..
    } in SETTINGS
    {
        let mut builder = ConfigBuilder::default();
        match reach {
            Reach::All | Reach::Json => {
                builder.apply_json(Source::File, &json!({ key: sample(key) }));
            }
            Reach::Address => {
                builder.apply_pairs(Source::Url, [(key, "x")]);
            }
        }
        let (_, problems) = builder.finish();
        assert!(
            problems.iter().all(|p| !p.contains(UNKNOWN)),
            "{key}: {problems:?}"
        );
    }
    // And one that is not a setting is said to be unknown.
    let mut builder = ConfigBuilder::default();
    builder.apply_json(Source::File, &json!({"refersh": 30}));
    assert!(builder.finish().1.iter().any(|p| p.contains(UNKNOWN)));
}

#[test]
fn docs_settings_lists_every_setting_with_its_reach() {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "../docs/settings.md"]
        .iter()
        .collect();
    let text = std::fs::read_to_string(&path).expect("docs/settings.md");
    let documented: Vec<(String, String)> = settings_table(&text)
        .map(|row| {
            (
                row.name.to_owned(),
                row.reach.trim_end_matches('¹').to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = SETTINGS
        .iter()
        .map(
            |Setting {
                 name: key, reach, ..
             }| {
                let reach = match reach {
                    Reach::All => "all",
                    Reach::Json => "JSON",
                    Reach::Address => "address",
                };
                ((*key).to_owned(), reach.to_owned())
            },
        )
        .collect();
    assert_eq!(documented, expected);
}

/// A value of each type the package declares, shared with the package's TypeScript test
/// (`tests/package/types.spec.js`), so a declared type the reader refuses is caught here.
fn declared_samples() -> serde_json::Map<String, serde_json::Value> {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "../tests/fixtures/settings-samples.json",
    ]
    .iter()
    .collect();
    let text = std::fs::read_to_string(&path).expect("tests/fixtures/settings-samples.json");
    serde_json::from_str(&text).expect("a JSON object")
}

#[test]
fn a_value_of_each_declared_type_is_read_without_a_problem() {
    let samples = declared_samples();
    let mut given: Vec<&str> = samples.keys().map(String::as_str).collect();
    let mut declared: Vec<&str> = SETTINGS
        .iter()
        .filter(|s| s.reach != Reach::Address)
        .map(|s| s.name)
        .collect();
    given.sort_unstable();
    declared.sort_unstable();
    assert_eq!(
        given, declared,
        "one sample for each setting a host may give"
    );
    let mut builder = ConfigBuilder::for_mount();
    builder.apply_json(Source::Mount, &serde_json::Value::Object(samples));
    let (config, problems) = builder.finish();
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(config.page_size, 50);
    // And the attributes' spelling of a flag, which the declarations allow.
    let mut builder = ConfigBuilder::for_mount();
    builder.apply_json(Source::Mount, &json!({"embed": "1", "allow_demo": "0"}));
    assert!(builder.finish().1.is_empty());
}
