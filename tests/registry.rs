//! Meta-tests over the rule registry, as clippy and cargo-semver-checks keep
//! over their lints: every rule file is registered, ids and names are
//! well-formed and unique, every rule is documented and has fixtures, and
//! the generated doc pages are current.
//!
//! `UPDATE_DOCS=1 cargo test --test registry` rewrites `docs/rules/`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rescue_interop::rules::{Phase, Rule, docs, registry};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn phase_prefix(phase: Phase) -> String {
    phase.as_str().to_ascii_uppercase()
}

/// The source files of each phase: `src/rules/<phase>/<name>.rs`, except
/// `mod.rs`. A file with `pub static RULE: Rule` is a rule file; others are
/// helpers the phase's rules share.
fn rule_files() -> Vec<(Phase, PathBuf)> {
    let mut files = Vec::new();
    for phase in Phase::ALL {
        let dir = root().join("src/rules").join(phase.as_str());
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "rs")
                && path.file_name().is_some_and(|n| n != "mod.rs")
            {
                files.push((phase, path));
            }
        }
    }
    files.sort();
    files
}

/// The id a rule file declares in its `pub static RULE: Rule`; `None` for
/// a file that defines no rule (a helper module shared by a phase's rules).
fn declared_id(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rule = text.find("pub static RULE: Rule")?;
    let start = rule + text[rule..].find("id: \"")? + "id: \"".len();
    let end = text[start..].find('"')?;
    Some(text[start..start + end].to_string())
}

#[test]
fn every_rule_file_defines_a_registered_rule_of_its_phase() {
    let registry = registry();
    let files: Vec<(Phase, PathBuf, String)> = rule_files()
        .into_iter()
        .filter_map(|(phase, path)| declared_id(&path).map(|id| (phase, path, id)))
        .collect();
    assert!(!files.is_empty(), "no rule files found");
    for (phase, path, id) in &files {
        let rule = registry.iter().find(|r| r.id == id).unwrap_or_else(|| {
            panic!(
                "{} defines {id}, which is not in src/rules/{}/mod.rs RULES",
                path.display(),
                phase.as_str()
            )
        });
        assert_eq!(
            rule.phase,
            *phase,
            "{id} lives in src/rules/{}/ but declares phase {}",
            phase.as_str(),
            rule.phase
        );
    }
    // Each registered rule comes from its own file.
    for rule in &registry {
        assert_eq!(
            files.iter().filter(|(_, _, id)| id == rule.id).count(),
            1,
            "{} must be defined by exactly one file under src/rules/{}/",
            rule.id,
            rule.phase.as_str()
        );
    }
}

#[test]
fn ids_are_unique_and_name_their_phase() {
    let mut seen = HashSet::new();
    for rule in registry() {
        assert!(seen.insert(rule.id), "duplicate id {}", rule.id);
        let (prefix, number) = rule
            .id
            .split_once('-')
            .unwrap_or_else(|| panic!("{}: ids are PHASE-NNN", rule.id));
        assert_eq!(
            prefix,
            phase_prefix(rule.phase),
            "{}: the prefix must be the rule's phase",
            rule.id
        );
        assert!(
            number.len() == 3 && number.bytes().all(|b| b.is_ascii_digit()),
            "{}: ids end in three digits",
            rule.id
        );
    }
}

#[test]
fn names_are_kebab_case_and_unique() {
    let mut seen = HashSet::new();
    for rule in registry() {
        assert!(seen.insert(rule.name), "duplicate name {}", rule.name);
        let kebab = !rule.name.is_empty()
            && !rule.name.starts_with('-')
            && !rule.name.ends_with('-')
            && !rule.name.contains("--")
            && rule
                .name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        assert!(kebab, "{}: name '{}' is not kebab-case", rule.id, rule.name);
    }
}

#[test]
fn every_rule_is_documented_in_every_section() {
    for rule in registry() {
        let d = &rule.docs;
        for (section, text) in [
            ("summary", rule.summary),
            ("reference", rule.reference),
            ("what_it_checks", d.what_it_checks),
            ("why_it_blocks", d.why_it_blocks),
            ("example", d.example),
            ("how_to_resolve", d.how_to_resolve),
            ("tolerances", d.tolerances),
        ] {
            assert!(
                !text.trim().is_empty(),
                "{}: the {section} section is empty",
                rule.id
            );
        }
        assert!(!rule.modes.is_empty(), "{}: no modes", rule.id);
        assert!(
            !rule.summary.ends_with('.'),
            "{}: the summary gets its full stop from the renderers",
            rule.id
        );
    }
}

#[test]
fn every_rule_has_failing_and_passing_fixtures() {
    for rule in registry() {
        let dir = root().join("tests/rules").join(rule.id);
        let cases: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("{}: no fixtures under {}", rule.id, dir.display()))
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        for prefix in ["fail", "pass"] {
            assert!(
                cases.iter().any(|c| c.starts_with(prefix)),
                "{}: needs a fixture case named {prefix}* under {}",
                rule.id,
                dir.display()
            );
        }
        for case in &cases {
            for file in ["a.toml", "b.toml", "expect.toml"] {
                assert!(
                    dir.join(case).join(file).is_file(),
                    "{}/{case}: missing {file}",
                    rule.id
                );
            }
        }
    }
}

/// Compares a generated page with the committed one, or writes it when
/// `UPDATE_DOCS=1`.
fn check_page(path: &Path, expected: &str, stale: &mut Vec<String>) {
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1") {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
        if std::fs::read_to_string(path).ok().as_deref() != Some(expected) {
            std::fs::write(path, expected).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        return;
    }
    if std::fs::read_to_string(path).ok().as_deref() != Some(expected) {
        stale.push(path.display().to_string());
    }
}

#[test]
fn rule_doc_pages_are_current() {
    let dir = root().join("docs/rules");
    let mut stale = Vec::new();
    let rules: Vec<&Rule> = registry();
    for rule in &rules {
        check_page(
            &dir.join(format!("{}.md", rule.id)),
            &docs::render_markdown(rule),
            &mut stale,
        );
    }
    check_page(&dir.join("README.md"), &docs::render_index(), &mut stale);
    assert!(
        stale.is_empty(),
        "stale or missing rule doc pages (run `UPDATE_DOCS=1 cargo test --test registry`):\n  {}",
        stale.join("\n  ")
    );
    // No page for a rule that no longer exists.
    let ids: HashSet<String> = rules.iter().map(|r| format!("{}.md", r.id)).collect();
    for entry in std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            name == "README.md" || ids.contains(&name),
            "docs/rules/{name} documents no registered rule"
        );
    }
}
