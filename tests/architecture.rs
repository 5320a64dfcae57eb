//! The shape of the code, checked: one folder per capability with dependencies pointing
//! one way (`common` ← `money` ← `input` ← `hierarchy` ← `owners` ← `invoice` ←
//! `session`, the `wasm`
//! boundary on top),
//! no import cycle between files, no wasm types in the core, no file over 500 lines.
//! Files name each other by full path (`crate::hierarchy::loaded::Hierarchy`); this
//! reads those paths from the source, code before any `#[cfg(test)]` only.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The capability folders, lowest first: each may use only those before it.
const LAYERS: [&str; 8] = [
    "common",
    "money",
    "input",
    "hierarchy",
    "owners",
    "period",
    "invoice",
    "session",
];
const MAX_LINES: usize = 500;
/// Source files a capability folder may hold (`mod.rs` included): past that, a folder
/// holds more than one capability and should split.
const MAX_FILES: usize = 12;

/// Every `src/<folder>/<file>.rs` with its code (before `#[cfg(test)]`).
fn sources() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = BTreeMap::new();
    for folder in LAYERS.iter().chain(["wasm"].iter()) {
        for entry in fs::read_dir(src.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                let text = fs::read_to_string(&path).unwrap();
                let code = text
                    .split("#[cfg(test)]")
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                let name = path.file_stem().unwrap().to_string_lossy();
                files.insert(format!("{folder}::{name}"), code);
            }
        }
    }
    files
}

/// The `folder::file` modules a file's code names through `crate::`.
fn uses(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let path: String = code[at + 7..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let parts: Vec<&str> = path.split("::").collect();
        if parts.len() >= 2 && LAYERS.contains(&parts[0]) {
            found.insert(format!("{}::{}", parts[0], parts[1]));
        } else {
            // `crate::Item` goes through lib.rs's re-exports and hides what it uses.
            found.insert(format!("(root)::{}", parts[0]));
        }
    }
    found
}

fn layer(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|l| module.starts_with(&format!("{l}::")))
}

#[test]
fn capabilities_depend_only_on_the_layers_below() {
    let files = sources();
    let mut wrong = Vec::new();
    for (module, code) in &files {
        let Some(own) = layer(module) else { continue };
        for used in uses(code) {
            match layer(&used) {
                Some(theirs) if theirs <= own => {}
                _ => wrong.push(format!("{module} uses {used}")),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "upward or root dependencies:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_file_imports_one_that_imports_it_back() {
    let files = sources();
    let graph: BTreeMap<&String, BTreeSet<String>> = files
        .iter()
        .map(|(module, code)| {
            let mut targets = uses(code);
            targets.remove(module);
            (module, targets)
        })
        .collect();
    // Depth-first search with colours, iteratively.
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    for start in graph.keys() {
        if state.contains_key(start.as_str()) {
            continue;
        }
        let mut stack: Vec<(&str, Vec<&str>)> = vec![(start.as_str(), vec![])];
        while let Some((node, _)) = stack.last().cloned() {
            if !state.contains_key(node) {
                state.insert(node, 1);
                let next: Vec<&str> = graph
                    .get(&node.to_owned())
                    .map(|targets| targets.iter().map(String::as_str).collect())
                    .unwrap_or_default();
                stack.last_mut().unwrap().1 = next;
            }
            let top = stack.last_mut().unwrap();
            if let Some(target) = top.1.pop() {
                match state.get(target) {
                    Some(1) => {
                        let path: Vec<&str> = stack.iter().map(|(n, _)| *n).collect();
                        panic!("import cycle: {} → {target}", path.join(" → "));
                    }
                    Some(_) => {}
                    None if graph.contains_key(&target.to_owned()) => {
                        stack.push((target, vec![]));
                    }
                    None => {}
                }
            } else {
                state.insert(node, 2);
                stack.pop();
            }
        }
    }
}

/// Whether `word` stands in `code` as a whole word (`f64`, not `deserialize_f64`).
fn contains_word(code: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    code.match_indices(word).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + word.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

#[test]
fn the_core_never_touches_wasm_and_files_stay_small() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (module, code) in sources() {
        if layer(&module).is_some() {
            for banned in ["wasm_bindgen", "js_sys", "serde_wasm_bindgen", "f32", "f64"] {
                assert!(!contains_word(&code, banned), "{module} mentions {banned}");
            }
        }
        let (folder, file) = module.split_once("::").unwrap();
        let lines = fs::read_to_string(src.join(folder).join(format!("{file}.rs")))
            .unwrap()
            .lines()
            .count();
        assert!(lines <= MAX_LINES, "{module} has {lines} lines");
    }
    for folder in LAYERS.iter().chain(["wasm"].iter()) {
        let files = fs::read_dir(src.join(folder))
            .unwrap()
            .filter(|entry| {
                let name = entry.as_ref().unwrap().file_name();
                name.to_string_lossy().ends_with(".rs")
            })
            .count();
        assert!(
            files <= MAX_FILES,
            "src/{folder} holds {files} source files"
        );
    }
}
