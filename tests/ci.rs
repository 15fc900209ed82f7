//! At home in CI and the shell (issue 21): the line-per-finding formats,
//! several outputs from one run, and the conventions of a command-line
//! tool. Each test asserts the exit status and the output's shape.

use std::path::Path;
use std::process::Output;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = cargo_bin_cmd!("rescue-interop");
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("RESCUE_INTEROP_DATE")
        .args(args);
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run rescue-interop: {e}"))
}

fn run(args: &[&str]) -> Output {
    run_in(root(), args)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            stdout(output),
            stderr(output)
        )
    })
}

const DRAGON: &str = "specs/vehicles/crew-dragon.toml";
const SOYUZ: &str = "specs/vehicles/soyuz-ms.toml";
const APOLLO: &str = "specs/vehicles/apollo-csm-1975.toml";
const SOYUZ_TM: &str = "specs/vehicles/soyuz-7k-tm-1975.toml";

/// The fingerprints of a JSON check report's findings, in order.
fn report_fingerprints(report: &Value) -> Vec<String> {
    report["directions"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|d| d["findings"].as_array().into_iter().flatten())
        .filter_map(|f| f["fingerprint"].as_str().map(String::from))
        .collect()
}

/// Whether `line` reads `path:line:col: RULE severity: message`.
fn is_concise(line: &str) -> bool {
    let mut parts = line.splitn(4, ':');
    let (Some(path), Some(l), Some(c), Some(rest)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let Some((head, message)) = rest.split_once(": ") else {
        return false;
    };
    let words: Vec<&str> = head.trim_start().split(' ').collect();
    path.ends_with(".toml")
        && l.parse::<usize>().is_ok_and(|n| n > 0)
        && c.parse::<usize>().is_ok_and(|n| n > 0)
        && (2..=3).contains(&words.len())
        && !message.is_empty()
}

/// Whether `line` is a workflow command with a file and a line.
fn is_workflow_command(line: &str) -> bool {
    ["::error ", "::warning ", "::notice "]
        .iter()
        .any(|p| line.starts_with(p))
        && line.contains(" file=")
        && line.contains(",line=")
        && line.contains(",title=")
        && line[2..].contains("::")
}

#[test]
fn check_concise_is_one_line_per_finding_of_the_json_report() {
    let report = json(&run(&["check", DRAGON, SOYUZ, "--format", "json"]));
    let output = run(&["check", DRAGON, SOYUZ, "--format", "concise"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), report_fingerprints(&report).len());
    for line in text.lines() {
        assert!(is_concise(line), "not a concise line: {line}");
    }
    assert!(text.contains("specs/vehicles/crew-dragon.toml:"));
    assert!(text.contains(": MATE-001 blocking: "), "{text}");
}

#[test]
fn check_github_writes_workflow_commands_at_spec_lines() {
    let output = run(&["check", DRAGON, SOYUZ, "--format", "github"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.lines().count() > 0);
    for line in text.lines() {
        assert!(is_workflow_command(line), "not a workflow command: {line}");
    }
    assert!(
        text.lines()
            .any(|l| l.starts_with("::error file=specs/vehicles/") && l.contains("title=MATE-001")),
        "{text}"
    );
}

#[test]
fn check_gitlab_is_code_quality_json_with_the_report_fingerprints() {
    let report = json(&run(&["check", APOLLO, SOYUZ_TM, "--format", "json"]));
    let output = run(&["check", APOLLO, SOYUZ_TM, "--format", "gitlab"]);
    let issues = json(&output);
    let issues = issues.as_array().expect("a JSON array");
    let fingerprints: Vec<String> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(fingerprints, report_fingerprints(&report));
    for issue in issues {
        assert!(issue["check_name"].is_string() && issue["description"].is_string());
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().unwrap_or_default())
        );
        assert!(
            issue["location"]["path"]
                .as_str()
                .is_some_and(|p| p.ends_with(".toml"))
        );
        assert!(
            issue["location"]["lines"]["begin"]
                .as_u64()
                .is_some_and(|l| l > 0)
        );
    }
    // The exit status is the report's, whatever the format.
    let text = run(&["check", APOLLO, SOYUZ_TM]);
    assert_eq!(code(&output), code(&text));
}

#[test]
fn scenario_and_plan_write_the_line_formats() {
    let output = run(&[
        "scenario",
        "specs/scenarios/soyuz-ms-22-ms-23.toml",
        "--format",
        "concise",
    ]);
    assert!(matches!(code(&output), 0 | 1), "{}", stderr(&output));
    assert!(
        stdout(&output).lines().all(is_concise),
        "{}",
        stdout(&output)
    );
    let output = run(&[
        "plan", SOYUZ, DRAGON, "--via", "specs", "--format", "github",
    ]);
    let text_status = code(&run(&["plan", SOYUZ, DRAGON, "--via", "specs"]));
    assert_eq!(code(&output), text_status, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(!text.is_empty());
    assert!(text.lines().all(is_workflow_command), "{text}");
    let output = run(&[
        "plan", SOYUZ, DRAGON, "--via", "specs", "--format", "gitlab",
    ]);
    let issues = json(&output);
    let fingerprints: Vec<&str> = issues
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["fingerprint"].as_str())
        .collect();
    let mut unique = fingerprints.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(
        unique.len(),
        fingerprints.len(),
        "GitLab keys issues on them"
    );
}

#[test]
fn matrix_gitlab_streams_one_issue_per_cell_finding_each_with_its_own_fingerprint() {
    let output = run(&["matrix", DRAGON, SOYUZ, APOLLO, "--format", "gitlab"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let issues = json(&output);
    let issues = issues.as_array().expect("a JSON array");
    assert!(!issues.is_empty());
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .filter_map(|i| i["fingerprint"].as_str())
        .collect();
    assert_eq!(fingerprints.len(), issues.len());
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), issues.len());
    let concise = run(&["matrix", DRAGON, SOYUZ, APOLLO, "--format", "concise"]);
    assert_eq!(code(&concise), 1);
    assert_eq!(stdout(&concise).lines().count(), issues.len());
    assert!(stdout(&concise).lines().all(is_concise));
}

#[test]
fn diff_writes_the_findings_a_revision_gains_as_annotations() {
    let output = run(&[
        "diff",
        SOYUZ,
        DRAGON,
        "--fleet",
        "specs/vehicles",
        "--format",
        "github",
    ]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(!text.is_empty());
    assert!(text.lines().all(is_workflow_command), "{text}");
    assert!(text.contains("file=specs/vehicles/crew-dragon.toml,line=1,"));
    let same = run(&["diff", SOYUZ, SOYUZ, "--format", "concise"]);
    assert_eq!(code(&same), 0, "{}", stderr(&same));
    assert_eq!(stdout(&same), "");
}

#[test]
fn validate_writes_its_problems_as_annotations_and_exits_2() {
    let output = run(&["validate", "tests/bad_specs", "--format", "github"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.lines()
            .any(|l| l.starts_with("::error file=tests/bad_specs/bare_number.toml,line=10,")),
        "{text}"
    );
    assert!(text.lines().all(|l| l.starts_with("::")), "{text}");
    let output = run(&["validate", "tests/bad_specs", "--format", "concise"]);
    assert_eq!(code(&output), 2);
    assert!(
        stdout(&output)
            .lines()
            .any(|l| l.starts_with("tests/bad_specs/bare_number.toml:10:20: spec error: "))
    );
    let output = run(&["validate", "specs/vehicles", "--format", "gitlab"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(json(&output).is_array());
}
