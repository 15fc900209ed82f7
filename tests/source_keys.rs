//! Every source key a bundled spec cites is listed in `docs/sources.md`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Keys in the first column of the sources table: `| KEY | title | ... |`.
fn listed_keys() -> BTreeSet<String> {
    let text = std::fs::read_to_string(crate_dir().join("docs/sources.md")).expect("sources.md");
    text.lines()
        .filter_map(|line| line.strip_prefix('|'))
        .filter_map(|rest| rest.split('|').next())
        .map(|key| key.trim().trim_matches('`').to_string())
        .filter(|key| !key.is_empty() && key != "key" && !key.starts_with("---"))
        .collect()
}

/// `source = "KEY"` anywhere, and the keys of `vehicle.sources`.
fn cited_keys(value: &toml::Value, out: &mut BTreeSet<String>) {
    match value {
        toml::Value::Table(table) => {
            for (key, inner) in table {
                match (key.as_str(), inner) {
                    ("source", toml::Value::String(s)) => {
                        out.insert(s.clone());
                    }
                    ("sources", toml::Value::Array(items)) => {
                        out.extend(items.iter().filter_map(|i| i.as_str().map(String::from)));
                    }
                    _ => cited_keys(inner, out),
                }
            }
        }
        toml::Value::Array(items) => items.iter().for_each(|i| cited_keys(i, out)),
        _ => {}
    }
}

fn spec_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        if path.is_dir() {
            spec_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

#[test]
fn every_cited_source_is_listed() {
    let listed = listed_keys();
    assert!(listed.len() > 10, "sources.md table not found");
    let mut files = Vec::new();
    spec_files(&crate_dir().join("specs"), &mut files);
    files.sort();
    let mut missing = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        let Ok(value) = toml::from_str::<toml::Value>(&text) else {
            continue; // validate reports broken files
        };
        let mut cited = BTreeSet::new();
        cited_keys(&value, &mut cited);
        for key in cited.difference(&listed) {
            missing.push(format!("{}: {key}", file.display()));
        }
    }
    assert!(
        missing.is_empty(),
        "source keys not listed in docs/sources.md:\n{}",
        missing.join("\n")
    );
}
