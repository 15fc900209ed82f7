//! Runs every registered rule on every rule fixture.
//!
//! A fixture case is `tests/rules/<RULE-ID>/<case>/{a,b,expect}.toml`:
//! `expect.toml` gives the severities of the fixture's OWN rule's findings
//! per direction, which must match exactly. A case may also hold a
//! `scenario.toml` (its rescuer `a.toml`, its crew in distress in
//! `b.toml`): A rescuing B is then judged in that scenario, B rescuing A in
//! the default one. Every other rule runs on the case
//! too and all findings go into one insta snapshot per case
//! (`tests/snapshots/rules__<RULE-ID>__<case>.snap`), so a false positive of
//! any rule on another rule's fixture shows up in review (as
//! cargo-semver-checks does with its test crates).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rescue_interop::check::{
    DirectionResult, Selection, check_direction, check_pair, check_situation,
};
use rescue_interop::rules::{Environment, Party, Severity, registry};

/// One fixture case.
struct Case {
    rule: String,
    name: String,
    dir: PathBuf,
}

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules")
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for rule_dir in sorted_dirs(&fixtures_root()) {
        let rule = file_name(&rule_dir);
        for case_dir in sorted_dirs(&rule_dir) {
            cases.push(Case {
                rule: rule.clone(),
                name: file_name(&case_dir),
                dir: case_dir,
            });
        }
    }
    cases
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The expected severities of the case's own rule, per direction.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    a_rescues_b: Vec<Severity>,
    b_rescues_a: Vec<Severity>,
}

fn read_expect(case: &Case) -> Expect {
    let path = case.dir.join("expect.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut expect: Expect =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    expect.a_rescues_b.sort();
    expect.b_rescues_a.sort();
    expect
}

fn run(case: &Case) -> [DirectionResult; 2] {
    let load = |file: &str| {
        let path = case.dir.join(file);
        rescue_interop::spec::load_vehicle(&path).unwrap_or_else(|errors| {
            panic!(
                "{}: fixture does not load:\n{:#?}",
                path.display(),
                errors.diagnostics
            )
        })
    };
    let (a, b) = (load("a.toml"), load("b.toml"));
    let env = Environment::default();
    let scenario_path = case.dir.join("scenario.toml");
    if scenario_path.is_file() {
        let scenario = rescue_interop::scenario::load::load_scenario(&scenario_path)
            .unwrap_or_else(|errors| {
                panic!(
                    "{}: scenario does not load:\n{:#?}",
                    scenario_path.display(),
                    errors.diagnostics
                )
            });
        return [
            check_situation(&scenario.situation(), &env, &Selection::default()),
            check_direction(&b, &a, &env, &Selection::default()),
        ];
    }
    check_pair(&a, &b, &env, &Selection::default())
}

fn severities_of(result: &DirectionResult, rule: &str) -> Vec<Severity> {
    let mut found: Vec<Severity> = result
        .findings
        .iter()
        .filter(|f| f.rule.id == rule)
        .map(|f| f.severity)
        .collect();
    found.sort();
    found
}

/// Every finding of every rule, one block per direction, for the snapshot.
fn describe(results: &[DirectionResult; 2]) -> String {
    let mut out = String::new();
    for (title, result, labels) in [
        ("A rescues B", &results[0], ("A", "B")),
        ("B rescues A", &results[1], ("B", "A")),
    ] {
        let _ = writeln!(out, "{title}: {}", result.verdict().kind.as_str());
        let mut findings: Vec<_> = result.findings.iter().collect();
        findings.sort_by_key(|f| (f.rule.phase, f.rule.id, std::cmp::Reverse(f.severity)));
        if findings.is_empty() {
            let _ = writeln!(out, "  (no findings)");
        }
        for finding in findings {
            let _ = writeln!(
                out,
                "  {} {}: {}",
                finding.rule.id, finding.severity, finding.body.message
            );
            for field in &finding.body.fields {
                let label = match field.party {
                    Party::Rescuer => labels.0,
                    Party::Distressed => labels.1,
                };
                let _ = writeln!(out, "    {label} {}", field.path);
            }
        }
    }
    out
}

#[test]
fn every_fixture_meets_its_expectation_and_snapshots_all_rules() {
    let cases = cases();
    assert!(!cases.is_empty(), "no fixtures under tests/rules");
    let ids: Vec<&str> = registry().iter().map(|r| r.id).collect();
    let mut failures = Vec::new();
    let mut snapshots = Vec::new();
    for case in &cases {
        assert!(
            ids.contains(&case.rule.as_str()),
            "tests/rules/{} is not the id of a registered rule",
            case.rule
        );
        let expect = read_expect(case);
        let results = run(case);
        let got = [
            severities_of(&results[0], &case.rule),
            severities_of(&results[1], &case.rule),
        ];
        for (direction, want, got) in [
            ("a_rescues_b", &expect.a_rescues_b, &got[0]),
            ("b_rescues_a", &expect.b_rescues_a, &got[1]),
        ] {
            if want != got {
                failures.push(format!(
                    "{}/{}: {direction}: expected {want:?}, found {got:?}\n{}",
                    case.rule,
                    case.name,
                    describe(&results)
                ));
            }
        }
        snapshots.push((format!("{}__{}", case.rule, case.name), describe(&results)));
    }
    assert!(
        failures.is_empty(),
        "{} fixture expectation(s) not met:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
    for (name, text) in snapshots {
        insta::assert_snapshot!(name, text);
    }
}
