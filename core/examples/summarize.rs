//! Prints one JSON summary line per trace of each file, in order: the conformance check of the
//! tree rules. Reads Jaeger JSON, OTLP JSON and JSON Lines of either.
//! `cargo run --release -p tracedeck-core --example summarize -- FILE...`

use std::io::Write;
use std::process::ExitCode;

use tracedeck_core::model::{Summary, Trace};
use tracedeck_core::wire;

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: summarize FILE...");
        return ExitCode::from(2);
    }
    let mut out = std::io::stdout().lock();
    for file in files {
        let document = std::fs::read(&file)
            .map_err(|e| e.to_string())
            .and_then(|bytes| wire::parse_any(&bytes).map_err(|e| e.to_string()));
        match document {
            Ok(document) => {
                for record in document.traces {
                    let summary = Summary::of(&Trace::build(record));
                    let line = serde_json::to_string(&summary).expect("a summary serialises");
                    if writeln!(out, "{line}").is_err() {
                        return ExitCode::from(2);
                    }
                }
            }
            Err(problem) => {
                eprintln!("{file}: {problem}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}
