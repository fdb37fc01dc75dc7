//! Writes the npm package's generated files into the folder given (`scripts/package` runs it):
//! `settings.d.ts` (the settings, the element's attributes and events, typed and documented)
//! and `attributes.js` (the attributes the element observes). Reads `docs/settings.md`.

use std::path::PathBuf;
use std::process::ExitCode;

use tracedeck_core::embedding::{attributes_module, typescript_declarations};

fn main() -> ExitCode {
    let Some(folder) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: package_declarations <folder>");
        return ExitCode::FAILURE;
    };
    let docs = include_str!("../../docs/settings.md");
    let written = typescript_declarations(docs).and_then(|declarations| {
        std::fs::write(folder.join("settings.d.ts"), declarations)
            .and_then(|()| std::fs::write(folder.join("attributes.js"), attributes_module()))
            .map_err(|e| format!("{}: {e}", folder.display()))
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("package_declarations: {problem}");
            ExitCode::FAILURE
        }
    }
}
