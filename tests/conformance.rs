//! The summaries of every trace in `../shared/conformance/` against `expected.jsonl`.
//! The folder sits beside the checkout where it exists; without it the check is skipped, saying so.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tracedeck::model::{Summary, Trace};
use tracedeck::wire::jaeger;

fn conformance_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance");
    dir.join("expected.jsonl").is_file().then_some(dir)
}

#[test]
fn summaries_match_expected_jsonl() {
    let Some(dir) = conformance_dir() else {
        eprintln!("skipped: ../shared/conformance/expected.jsonl is not here");
        return;
    };
    let mut expected: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for line in std::fs::read_to_string(dir.join("expected.jsonl"))
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
    assert!(
        !expected.is_empty(),
        "the conformance file lists its payloads"
    );
    for (file, want) in expected {
        let bytes = std::fs::read(dir.join("jaeger").join(&file)).unwrap();
        let got: Vec<Value> = jaeger::parse(&bytes)
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .traces
            .into_iter()
            .map(|record| serde_json::to_value(Summary::of(&Trace::build(record))).unwrap())
            .collect();
        assert_eq!(got, want, "{file}");
    }
}
