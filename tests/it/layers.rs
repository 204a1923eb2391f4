//! The layering of `src/` (ARCHITECTURE.md): each top-level module uses only the modules of
//! the layers below it. Test code is left out, as in `../shared/tools/module_cycles.py`: a test
//! may build its fixtures from anywhere.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::root;

/// The layers, lowest first. Modules on one line are siblings: neither uses the other.
const LAYERS: &[&[&str]] = &[
    &["base"],
    &["metrics"],
    &["engine"],
    &["data"],
    &["model"],
    &["store"],
    &["sweep", "value"],
    &["config"],
    &["analysis"],
    &["results"],
    &["report"],
    &["app"],
    &["cli"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level module a file under `src/` belongs to (`src/value/pricing.rs` -> `value`).
fn module_of(relative: &Path) -> String {
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .unwrap_or_default();
    first.trim_end_matches(".rs").to_string()
}

/// Every `crate::NAME` this source names outside its `#[cfg(test)]` module, with line numbers.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let code = match text.find("#[cfg(test)]\nmod ") {
        Some(cut) => &text[..cut],
        None => text,
    };
    let mut found = Vec::new();
    for (number, line) in code.lines().enumerate() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let is_path_start = at == 0
                || !rest[..at]
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
            if is_path_start {
                if let Some(group) = after.strip_prefix('{') {
                    // `use crate::{a::b, c};`
                    let inner = group.split('}').next().unwrap_or("");
                    for item in inner.split(',') {
                        let name: String = item
                            .trim()
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        if !name.is_empty() {
                            found.push((number + 1, name));
                        }
                    }
                } else {
                    let name: String = after
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    found.push((number + 1, name));
                }
            }
            rest = after;
        }
    }
    found
}

fn rust_files(dir: &Path, into: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src/") {
        let path = entry.expect("src/ entry").path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut violations = Vec::new();
    let mut modules = BTreeSet::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src/");
        let name = relative.file_name().unwrap_or_default().to_string_lossy();
        if name == "tests.rs" || name.ends_with("_tests.rs") {
            continue;
        }
        let module = module_of(relative);
        if module == "lib" || module == "main" {
            continue;
        }
        modules.insert(module.clone());
        let Some(own) = layer_of(&module) else {
            violations.push(format!(
                "src/{}: module `{module}` is in no layer of tests/it/layers.rs and ARCHITECTURE.md",
                relative.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("read source");
        for (line, used) in crate_paths(&text) {
            if used == module {
                continue;
            }
            match layer_of(&used) {
                Some(layer) if layer < own => {}
                Some(_) => violations.push(format!(
                    "src/{}:{line}: `{module}` uses `{used}`, which is not in a layer below it",
                    relative.display()
                )),
                None => violations.push(format!(
                    "src/{}:{line}: `{module}` uses `crate::{used}`, which is in no layer",
                    relative.display()
                )),
            }
        }
    }
    assert!(
        violations.is_empty(),
        "layering broken:\n{}",
        violations.join("\n")
    );
    // Every layer names a real module, so the table cannot drift from the tree unnoticed.
    for layer in LAYERS {
        for module in *layer {
            assert!(
                modules.contains(*module),
                "layer `{module}` names no module in src/"
            );
        }
    }
}

#[test]
fn the_layer_check_sees_an_upward_use() {
    let text = "use crate::base::error::Result;\nuse crate::{app::run, metrics};\nfn f() { crate::report::x(); }\n#[cfg(test)]\nmod tests { use crate::cli; }\n";
    let used: Vec<String> = crate_paths(text).into_iter().map(|(_, m)| m).collect();
    assert_eq!(used, ["base", "app", "metrics", "report"]);
    assert!(layer_of("app") > layer_of("engine"));
}

/// One job per file: a file over this many lines mixes jobs (ARCHITECTURE.md).
const MAX_LINES: usize = 800;

#[test]
fn no_source_file_is_over_800_lines() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 50,
        "found only {} files under src",
        files.len()
    );
    let long: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let text = std::fs::read_to_string(file).unwrap();
            let lines = text.lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", file.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "split these along their concerns: {long:?}"
    );
}
