//! The vocabularies under `specs/vocabularies/` (issue 19): every term cites
//! a source listed in `docs/sources.md` that is not a forum pointer, and
//! every term a bundled spec writes is a listed term (no bundled spec needs
//! the `x-` namespace).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rescue_interop::spec::vocabulary::{self, Terms};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sources table: key to tag (P, S, T or F).
fn sources() -> BTreeMap<String, String> {
    let text =
        std::fs::read_to_string(crate_dir().join("docs/sources.md")).expect("docs/sources.md");
    text.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            // "| KEY | title | address | TAG |"
            (cells.len() >= 6 && !cells[1].is_empty() && cells[1] != "key")
                .then(|| (cells[1].to_string(), cells[cells.len() - 2].to_string()))
        })
        .collect()
}

#[test]
fn every_term_cites_a_listed_source_that_is_not_a_pointer() {
    let sources = sources();
    let mut problems = Vec::new();
    for (file, _, terms) in vocabulary::all() {
        assert!(!terms.terms.is_empty(), "{file} has no terms");
        for term in &terms.terms {
            match sources.get(&term.source).map(String::as_str) {
                None => problems.push(format!(
                    "{file}: {} cites unlisted {}",
                    term.id, term.source
                )),
                Some("T" | "F") => problems.push(format!(
                    "{file}: {} cites the forum pointer {}",
                    term.id, term.source
                )),
                Some(_) => {}
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_vocabulary_file_on_disk_is_the_one_built_in() {
    for (file, _, terms) in vocabulary::all() {
        let text = std::fs::read_to_string(crate_dir().join(vocabulary::FOLDER).join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let parsed = Terms::parse(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let ids = |t: &Terms| t.terms.iter().map(|t| t.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&parsed), ids(terms), "{file}");
    }
}

/// The vocabulary of each spec field that holds terms.
fn vocabulary_of(key: &str) -> Option<&'static Terms> {
    use vocabulary::*;
    Some(match key {
        "protocols" => Protocols::terms(),
        "modulation" => Modulations::terms(),
        "connector" | "umbilical" => Umbilicals::terms(),
        "comm_connector" => CommConnectors::terms(),
        "nav_aids_carried" | "nav_aids_needed" => NavAids::terms(),
        "time_reference" => TimeReferences::terms(),
        "languages" | "control_languages" => Languages::terms(),
        "data_links" => DataLinks::terms(),
        "phrase_sets" => PhraseSets::terms(),
        _ => return None,
    })
}

/// Every `(field, term)` a TOML document writes in a term field.
fn written_terms(value: &toml::Value, out: &mut Vec<(String, String)>) {
    match value {
        toml::Value::Table(table) => {
            for (key, inner) in table {
                if vocabulary_of(key).is_some() {
                    let value = match inner {
                        toml::Value::Table(t) => t.get("value").cloned(),
                        other => Some(other.clone()),
                    };
                    let words: Vec<String> = match value {
                        Some(toml::Value::String(s)) => vec![s],
                        Some(toml::Value::Array(items)) => items
                            .iter()
                            .filter_map(|i| i.as_str().map(String::from))
                            .collect(),
                        _ => Vec::new(),
                    };
                    out.extend(
                        words
                            .into_iter()
                            .filter(|w| w != "unknown")
                            .map(|w| (key.clone(), w)),
                    );
                } else {
                    written_terms(inner, out);
                }
            }
        }
        toml::Value::Array(items) => items.iter().for_each(|i| written_terms(i, out)),
        _ => {}
    }
}

fn spec_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("specs").flatten() {
        let path = entry.path();
        if path.is_dir() && path.file_name().is_some_and(|n| n != "vocabularies") {
            spec_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

#[test]
fn every_bundled_term_is_a_listed_term() {
    let mut files = Vec::new();
    spec_files(&crate_dir().join("specs"), &mut files);
    let mut seen = 0;
    let mut problems = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        let Ok(value) = toml::from_str::<toml::Value>(&text) else {
            continue;
        };
        let mut terms = Vec::new();
        written_terms(&value, &mut terms);
        for (key, word) in terms {
            seen += 1;
            let listed = vocabulary_of(&key).and_then(|v| v.find(&word));
            if listed.is_none() {
                problems.push(format!("{}: {key} = {word:?}", file.display()));
            }
        }
    }
    assert!(seen > 50, "only {seen} terms found in the bundled specs");
    assert!(
        problems.is_empty(),
        "terms not in a vocabulary:\n{}",
        problems.join("\n")
    );
}
