//! Every source key a bundled spec cites must be listed in `docs/sources.md`,
//! and that list must be well formed: one row per key, each key unique, with
//! a title, an address (or "address not recorded") and a reliability tag.
//!
//! Specs are read as plain TOML, not through the spec model, so that a
//! `source` anywhere (a field table, a standards entry, an inline suit) is
//! found even where the model would not look.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Tags of `docs/sources.md`: P primary, S secondary, T/F forum or transcription.
const TAGS: [&str; 4] = ["P", "S", "T", "F"];
/// Forum-grade tags: pointers only, never the basis of a written value.
const POINTER_TAGS: [&str; 2] = ["T", "F"];

#[derive(Debug)]
struct SourceRow {
    line: usize,
    title: String,
    address: String,
    tag: String,
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Keys are upper-case ASCII letters and digits in hyphen-separated groups,
/// starting with a letter: `WP-IDSS`, `R35B`, `ICES24-OCSS`.
fn well_formed_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_uppercase())
        && key.split('-').all(|group| {
            !group.is_empty()
                && group
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

/// The table rows of `docs/sources.md`, keyed by source key; duplicates and
/// malformed rows are returned as problems.
fn read_sources() -> (BTreeMap<String, SourceRow>, Vec<String>) {
    let path = manifest_dir().join("docs/sources.md");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut rows = BTreeMap::new();
    let mut problems = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        let trimmed = line.trim();
        if !trimmed.starts_with('|') {
            continue;
        }
        let cells: Vec<&str> = trimmed
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        let Some(first) = cells.first() else { continue };
        // The header and the separator row.
        if *first == "key" || first.chars().all(|c| c == '-' || c == ':') {
            continue;
        }
        if cells.len() != 4 {
            problems.push(format!(
                "docs/sources.md:{line_no}: expected 4 cells (key | title | address | tag), found {}",
                cells.len()
            ));
            continue;
        }
        let (key, title, address, tag) = (cells[0], cells[1], cells[2], cells[3]);
        if !well_formed_key(key) {
            problems.push(format!("docs/sources.md:{line_no}: malformed key '{key}'"));
        }
        if title.is_empty() {
            problems.push(format!("docs/sources.md:{line_no}: {key} has no title"));
        }
        if address.is_empty() {
            problems.push(format!(
                "docs/sources.md:{line_no}: {key} has no address (write 'address not recorded')"
            ));
        }
        if !TAGS.contains(&tag) {
            problems.push(format!(
                "docs/sources.md:{line_no}: {key} has tag '{tag}', expected one of {TAGS:?}"
            ));
        }
        let row = SourceRow {
            line: line_no,
            title: title.to_string(),
            address: address.to_string(),
            tag: tag.to_string(),
        };
        if let Some(previous) = rows.insert(key.to_string(), row) {
            problems.push(format!(
                "docs/sources.md:{line_no}: {key} is listed twice (first on line {})",
                previous.line
            ));
        }
    }
    (rows, problems)
}

fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            toml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

/// Every string under a `source` key, and every string in a `sources` list
/// (bare or as `{ value = [...] }`), with the dotted path it was found at.
fn collect_keys(value: &toml::Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        toml::Value::Table(table) => {
            for (name, child) in table {
                let child_path = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                match (name.as_str(), child) {
                    ("source", toml::Value::String(key)) => out.push((key.clone(), child_path)),
                    ("sources", toml::Value::Array(items)) => push_strings(items, &child_path, out),
                    ("sources", toml::Value::Table(t)) => {
                        if let Some(toml::Value::Array(items)) = t.get("value") {
                            push_strings(items, &child_path, out);
                        }
                        if let Some(toml::Value::String(key)) = t.get("source") {
                            out.push((key.clone(), format!("{child_path}.source")));
                        }
                    }
                    _ => collect_keys(child, &child_path, out),
                }
            }
        }
        toml::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_keys(item, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn push_strings(items: &[toml::Value], path: &str, out: &mut Vec<(String, String)>) {
    for (i, item) in items.iter().enumerate() {
        if let toml::Value::String(key) = item {
            out.push((key.clone(), format!("{path}[{i}]")));
        }
    }
}

/// (file, key, path) for every source key cited under `specs/`.
fn cited_keys() -> Vec<(PathBuf, String, String)> {
    let mut files = Vec::new();
    toml_files(&manifest_dir().join("specs"), &mut files);
    files.sort();
    assert!(!files.is_empty(), "no spec files found under specs/");
    let mut cited = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let value: toml::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut keys = Vec::new();
        collect_keys(&value, "", &mut keys);
        cited.extend(keys.into_iter().map(|(k, p)| (file.clone(), k, p)));
    }
    cited
}

#[test]
fn sources_list_is_well_formed_and_unique() {
    let (rows, problems) = read_sources();
    assert!(
        problems.is_empty(),
        "docs/sources.md:\n{}",
        problems.join("\n")
    );
    assert!(
        rows.len() > 50,
        "docs/sources.md lists only {} keys",
        rows.len()
    );
    for (key, row) in &rows {
        assert!(!row.title.is_empty() && !row.address.is_empty(), "{key}");
    }
}

#[test]
fn every_cited_source_key_is_listed() {
    let (rows, _) = read_sources();
    let cited = cited_keys();
    assert!(
        cited.len() > 100,
        "only {} source citations found",
        cited.len()
    );
    let missing: Vec<String> = cited
        .iter()
        .filter(|(_, key, _)| !rows.contains_key(key))
        .map(|(file, key, path)| format!("{}: {path} cites '{key}'", file.display()))
        .collect();
    assert!(
        missing.is_empty(),
        "source keys not listed in docs/sources.md:\n{}",
        missing.join("\n")
    );
}

#[test]
fn no_value_rests_on_a_forum_grade_source() {
    let (rows, _) = read_sources();
    let pointers: Vec<String> = cited_keys()
        .iter()
        .filter(|(_, key, _)| {
            rows.get(key)
                .is_some_and(|row| POINTER_TAGS.contains(&row.tag.as_str()))
        })
        .map(|(file, key, path)| format!("{}: {path} cites '{key}'", file.display()))
        .collect();
    assert!(
        pointers.is_empty(),
        "forum-grade (T/F) sources are pointers for notes, never the source of a value:\n{}",
        pointers.join("\n")
    );
}

#[test]
fn every_vehicle_and_suit_file_cites_sources() {
    let cited = cited_keys();
    let citing: BTreeSet<&Path> = cited.iter().map(|(file, _, _)| file.as_path()).collect();
    for dir in ["specs/vehicles", "specs/suits"] {
        let mut files = Vec::new();
        toml_files(&manifest_dir().join(dir), &mut files);
        for file in &files {
            assert!(
                citing.contains(file.as_path()),
                "{} cites no source",
                file.display()
            );
        }
    }
}

/// Keys that name or point rather than state a fact.
const NOT_FACTS: [&str; 5] = ["id", "file", "format", "description", "sources"];

/// Whether a TOML table is one field written with its provenance
/// (`{ value = ..., source = ... }`) or a bare range (`{ min = ..., max = ... }`).
fn is_field_table(table: &toml::Table) -> bool {
    ["value", "source", "note"]
        .iter()
        .any(|k| table.contains_key(*k))
        || (!table.is_empty()
            && table
                .iter()
                .all(|(k, v)| ["min", "max", "nominal"].contains(&k.as_str()) && v.is_str()))
}

/// Every field of `value` that states a fact without a source, or is
/// unknown without a note saying why.
fn unsourced(value: &toml::Value, path: &str, out: &mut Vec<String>) {
    match value {
        toml::Value::Table(table) if is_field_table(table) => {
            let unknown = table.get("value").and_then(toml::Value::as_str) == Some("unknown");
            if unknown && !table.contains_key("note") {
                out.push(format!("{path}: unknown without a note saying why"));
            }
            if !unknown && !table.contains_key("source") {
                out.push(format!("{path}: a value without a source"));
            }
        }
        toml::Value::Table(table) => {
            for (key, child) in table {
                if NOT_FACTS.contains(&key.as_str()) {
                    continue;
                }
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                unsourced(child, &child_path, out);
            }
        }
        toml::Value::Array(items) if items.iter().all(toml::Value::is_table) => {
            for (i, item) in items.iter().enumerate() {
                unsourced(item, &format!("{path}[{i}]"), out);
            }
        }
        toml::Value::String(s) if s == "unknown" => {
            out.push(format!("{path}: unknown without a note saying why"));
        }
        _ => out.push(format!("{path}: a bare value, with no source")),
    }
}

/// Every value in a bundled vehicle or suit file cites a source, or is
/// written unknown with a note: never a figure from nowhere.
#[test]
fn every_bundled_value_cites_a_source_or_says_why_it_is_unknown() {
    let mut problems = Vec::new();
    for dir in ["specs/vehicles", "specs/suits"] {
        let mut files = Vec::new();
        toml_files(&manifest_dir().join(dir), &mut files);
        files.sort();
        for file in files {
            let text =
                fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let value: toml::Value =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let mut found = Vec::new();
            unsourced(&value, "", &mut found);
            problems.extend(
                found
                    .into_iter()
                    .map(|p| format!("{}: {p}", file.display())),
            );
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
