//! Every relative link in the README, the changelog and `docs/` resolves: the file it names
//! exists, and a `#fragment` names a heading of that file (GitHub's anchors: lower case, spaces
//! to hyphens, other punctuation dropped). And a code block that quotes an example file (its first
//! line names it: `// examples/…`) still matches it, line by line.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The repository's root (the core crate's parent).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The markdown files a reader walks through.
fn documents() -> Vec<PathBuf> {
    let mut all = vec![root().join("README.md"), root().join("CHANGELOG.md")];
    let mut docs: Vec<PathBuf> = fs::read_dir(root().join("docs"))
        .expect("docs/")
        .map(|entry| entry.expect("an entry of docs/").path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    all.extend(docs);
    all
}

/// The targets of a markdown text's inline links and images (`[text](target)`), outside code.
fn link_targets(text: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        // Inline code spans hold no links.
        let outside_code: String = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        let mut rest = outside_code.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            targets.push(after[..end].trim().to_owned());
            rest = &after[end..];
        }
    }
    targets
}

/// GitHub's anchor of a heading's text.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a markdown file's headings (outside code fences); a heading whose anchor is
/// taken already gets `-1`, `-2`… as GitHub gives it.
fn anchors(path: &Path) -> HashSet<String> {
    let text = fs::read_to_string(path).unwrap_or_default();
    let mut found = HashSet::new();
    let mut in_fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence && line.starts_with('#') {
            let base = anchor(line.trim_start_matches('#'));
            let mut name = base.clone();
            let mut n = 0;
            while found.contains(&name) {
                n += 1;
                name = format!("{base}-{n}");
            }
            found.insert(name);
        }
    }
    found
}

#[test]
fn every_relative_link_in_the_docs_resolves() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for document in documents() {
        let text = fs::read_to_string(&document).expect("a markdown file");
        let dir = document.parent().expect("a folder");
        for target in link_targets(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (file, fragment) = match target.split_once('#') {
                Some((file, fragment)) => (file, Some(fragment)),
                None => (target.as_str(), None),
            };
            let path = if file.is_empty() {
                document.clone()
            } else {
                dir.join(file)
            };
            let name = document.strip_prefix(root()).unwrap_or(&document).display();
            if !path.exists() {
                broken.push(format!("{name}: {target} (no such file)"));
            } else if let Some(fragment) = fragment
                && path.extension().is_some_and(|e| e == "md")
                && !anchors(&path).contains(fragment)
            {
                broken.push(format!("{name}: {target} (no such heading)"));
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} links found: is the reader broken?"
    );
    assert!(
        broken.is_empty(),
        "links that do not resolve:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_link_reader_finds_links_and_anchors_as_github_makes_them() {
    let text = "See [a](docs/a.md#x-y) and ![b](b.png).\n`[not](c.md)`\n```\n[no](d.md)\n```\n";
    assert_eq!(link_targets(text), ["docs/a.md#x-y", "b.png"]);
    assert_eq!(
        anchor(" Trace summaries (Jaeger v2.19 and later)"),
        "trace-summaries-jaeger-v219-and-later"
    );
}

/// The code blocks of a markdown text whose first line names a file of the repository
/// (`// examples/…` or `# examples/…`): that path and the block's other lines, unindented.
fn quoted_files(text: &str) -> Vec<(String, Vec<String>)> {
    let mut blocks = Vec::new();
    let mut block: Option<(usize, Vec<String>)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            match block.take() {
                Some((_, lines)) => {
                    let named = lines.first().and_then(|first| {
                        first
                            .strip_prefix("// ")
                            .or_else(|| first.strip_prefix("# "))
                            .filter(|path| path.starts_with("examples/"))
                            .map(str::to_owned)
                    });
                    if let Some(path) = named {
                        blocks.push((path, lines[1..].to_vec()));
                    }
                }
                None => block = Some((line.len() - trimmed.len(), Vec::new())),
            }
            continue;
        }
        if let Some((indent, lines)) = &mut block {
            lines.push(line.get(*indent..).unwrap_or(line.trim_start()).to_owned());
        }
    }
    blocks
}

#[test]
fn snippets_quoting_an_example_are_still_in_it() {
    let mut quoted = 0;
    for document in documents() {
        let text = fs::read_to_string(&document).expect("a document");
        for (path, lines) in quoted_files(&text) {
            let source = fs::read_to_string(root().join(&path)).unwrap_or_else(|_| {
                panic!("{}: quotes {path}, which is missing", document.display())
            });
            // Each line, trimmed, in the file's order (a snippet may leave lines out).
            let mut rest = source.lines().map(str::trim);
            for line in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
                assert!(
                    rest.any(|source_line| source_line == line),
                    "{}: {path} no longer has, in this order: {line}",
                    document.display()
                );
            }
            quoted += 1;
        }
    }
    assert!(quoted >= 4, "the embedding doc quotes the Next.js example");
}
