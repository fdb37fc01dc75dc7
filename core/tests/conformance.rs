//! The summaries of every trace in `../shared/conformance/` against `expected.jsonl` (Jaeger) and
//! `expected-otlp.jsonl` (OTLP), read the way `summarize` reads files.
//! The folder sits beside the checkout (CI has it). Without it the tests fail, unless
//! `TRACEDECK_SKIP_CONFORMANCE=1` asks to skip them, and then they say so loudly.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tracedeck_core::model::{Summary, Trace};
use tracedeck_core::wire;

/// `../shared/conformance` beside the repository; `None` only when skipping was asked for.
fn conformance_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance");
    if dir.join("expected.jsonl").is_file() {
        return Some(dir);
    }
    let skip = std::env::var("TRACEDECK_SKIP_CONFORMANCE").is_ok_and(|v| v == "1");
    assert!(
        skip,
        "{} is missing: the conformance corpus sits beside the repository (set \
         TRACEDECK_SKIP_CONFORMANCE=1 to skip these tests knowingly)",
        dir.display()
    );
    None
}

#[test]
fn summaries_match_expected_jsonl() {
    check("expected.jsonl");
}

#[test]
fn otlp_summaries_match_expected_otlp_jsonl() {
    check("expected-otlp.jsonl");
}

fn check(expected_file: &str) {
    let Some(dir) = conformance_dir() else {
        eprintln!(
            "SKIPPED (TRACEDECK_SKIP_CONFORMANCE=1): ../shared/conformance/{expected_file} was not checked"
        );
        return;
    };
    let mut expected: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for line in std::fs::read_to_string(dir.join(expected_file))
        .unwrap()
        .lines()
    {
        let mut value: Value = serde_json::from_str(line).unwrap();
        let file = value.as_object_mut().unwrap().remove("file").unwrap();
        expected
            .entry(file.as_str().unwrap().to_owned())
            .or_default()
            .push(value);
    }
    assert!(!expected.is_empty(), "{expected_file} lists its payloads");
    for (file, want) in expected {
        let bytes = std::fs::read(dir.join("jaeger").join(&file)).unwrap();
        let got: Vec<Value> = wire::parse_any(&bytes)
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .traces
            .into_iter()
            .map(|record| serde_json::to_value(Summary::of(&Trace::build(record))).unwrap())
            .collect();
        assert_eq!(got, want, "{file}");
    }
}
