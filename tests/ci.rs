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

fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("no temporary folder: {e}"))
}

fn bin() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rescue-interop"));
    cmd.current_dir(root())
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("RESCUE_INTEROP_DATE");
    cmd
}

#[test]
fn one_check_writes_a_console_report_and_two_files() {
    let dir = scratch();
    let json_path = dir.path().join("report.json");
    let sarif_path = dir.path().join("report.sarif");
    let json_out = json_path.display().to_string();
    let sarif_out = sarif_path.display().to_string();
    let output = run(&[
        "check", DRAGON, SOYUZ, "-o", "-", "-o", &json_out, "--out", &sarif_out,
    ]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert!(stdout(&output).contains("BLOCKED"), "{}", stdout(&output));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap_or_default())
            .unwrap_or_default();
    assert_eq!(report["directions"].as_array().map(Vec::len), Some(2));
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif_path).unwrap_or_default())
            .unwrap_or_default();
    assert_eq!(sarif["version"], "2.1.0");
    // A format named after a colon wins over the extension.
    let named = dir.path().join("report.txt");
    let output = run(&[
        "check",
        DRAGON,
        SOYUZ,
        "-o",
        &format!("{}:github", named.display()),
    ]);
    assert_eq!(code(&output), 1);
    assert_eq!(stdout(&output), "", "the file replaces the console");
    let text = std::fs::read_to_string(&named).unwrap_or_default();
    assert!(text.lines().all(|l| l.starts_with("::")) && !text.is_empty());
}

#[test]
fn plan_and_diff_take_out_and_dash() {
    let output = run(&["plan", SOYUZ, DRAGON, "--via", "specs", "-o", "-:json"]);
    assert!(json(&output)["paths"].is_array(), "{}", stderr(&output));
    let dir = scratch();
    let path = dir.path().join("diff.json");
    let output = run(&[
        "diff",
        SOYUZ,
        DRAGON,
        "--fleet",
        "specs/vehicles",
        "-o",
        &path.display().to_string(),
    ]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let diff: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
        .unwrap_or_default();
    assert!(diff["pairs"].is_array());
    let output = run(&["diff", SOYUZ, DRAGON, "-o", "d.sarif"]);
    assert_eq!(
        code(&output),
        2,
        "diff writes no SARIF: {}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("writes no sarif"));
}

#[test]
fn out_refuses_every_input_of_every_command() {
    let dir = scratch();
    let a = dir.path().join("a.toml");
    let b = dir.path().join("b.toml");
    let original = std::fs::read_to_string(root().join(APOLLO)).unwrap_or_default();
    let _ = std::fs::write(&a, &original);
    let _ = std::fs::copy(root().join(SOYUZ_TM), &b);
    let (a_path, b_path) = (a.display().to_string(), b.display().to_string());
    for args in [
        vec!["check", &a_path, &b_path, "--out", &a_path],
        vec![
            "check",
            &a_path,
            &b_path,
            "-o",
            "-",
            "-o",
            &format!("{a_path}:json"),
        ],
        vec!["plan", &a_path, &b_path, "-o", &a_path],
        vec!["diff", &a_path, &b_path, "-o", &b_path],
        vec!["matrix", &a_path, &b_path, "-o", &b_path],
    ] {
        let output = run(&args);
        assert_eq!(code(&output), 2, "{args:?}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("is one of the input files"),
            "{args:?}"
        );
    }
    assert_eq!(std::fs::read_to_string(&a).unwrap_or_default(), original);
}

#[test]
fn quiet_with_a_machine_format_is_refused_never_text() {
    for args in [
        vec!["check", DRAGON, SOYUZ, "--quiet", "--format", "json"],
        vec!["check", DRAGON, SOYUZ, "-q", "-o", "r.sarif"],
        vec!["matrix", DRAGON, SOYUZ, "-q", "--format", "sarif"],
        vec![
            "scenario",
            "specs/scenarios/soyuz-ms-22-ms-23.toml",
            "-q",
            "--format",
            "gitlab",
        ],
    ] {
        let output = run(&args);
        assert_eq!(code(&output), 2, "{args:?}");
        assert_eq!(stdout(&output), "", "{args:?}");
        assert!(stderr(&output).contains("--quiet"), "{args:?}");
    }
    let output = run(&["check", DRAGON, SOYUZ, "-q"]);
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    assert!(text.starts_with("A rescues B: BLOCKED"), "{text}");
    assert!(text.contains("\nB rescues A: BLOCKED"), "{text}");
    assert!(!text.contains("MATE-001"), "verdict lines only: {text}");
}

#[test]
fn a_closed_pipe_ends_the_matrix_quietly() {
    use std::io::Read;
    let mut child = bin()
        .args(["matrix", "specs/vehicles", "--format", "json", "--findings"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run: {e}"));
    let mut first = [0u8; 10];
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_exact(&mut first);
    }
    // The reader is gone (as `| head -c 10` leaves): the next write fails.
    let output = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("cannot wait: {e}"));
    assert_eq!(&first, b"{\"schema_v");
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
}

#[test]
fn a_full_disk_is_an_error() {
    let full = || std::fs::File::create("/dev/full").unwrap_or_else(|e| panic!("{e}"));
    for args in [
        vec!["check", DRAGON, SOYUZ],
        vec!["rules"],
        vec!["matrix", DRAGON, SOYUZ],
        vec!["explain", "MATE-001"],
        vec!["gaps", DRAGON, SOYUZ],
    ] {
        let output = bin()
            .args(&args)
            .stdout(full())
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(code(&output), 2, "{args:?}");
        assert!(
            stderr(&output).contains("No space left"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let output = run(&["check", DRAGON, SOYUZ, "-o", "/dev/full"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("/dev/full"));
}

#[test]
fn explain_suggests_the_rule_meant() {
    let output = run(&["explain", "MATE-01"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("did you mean MATE-001?"),
        "{}",
        stderr(&output)
    );
    assert_eq!(stdout(&output), "");
    let output = run(&["explain", "docking-interfce"]);
    assert!(stderr(&output).contains("did you mean docking-interface?"));
}

fn run_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = bin();
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap_or_else(|e| panic!("cannot run: {e}"))
}

#[test]
fn one_clock_dates_the_report_and_decides_waiver_expiry() {
    let dir = scratch();
    let waivers = dir.path().join("waivers.toml");
    let _ = std::fs::write(
        &waivers,
        "[[waiver]]\nrule = \"MATE-001\"\nrescuer = \"crew-dragon\"\ndistressed = \"soyuz-ms\"\nfield = \"ports[nose].standard\"\nreason = \"an adapter is being built\"\nowner = \"docking working group\"\nexpires = \"2030-06-30\"\n",
    );
    let waivers = waivers.display().to_string();
    let check = [
        "check",
        DRAGON,
        SOYUZ,
        "--format",
        "json",
        "--waivers",
        &waivers,
    ];
    let expired = |report: &Value| report["waivers"]["expired"].as_array().map_or(0, Vec::len);
    // Before the expiry, by either variable: applied, and the report says the date.
    for env in [
        [
            ("RESCUE_INTEROP_DATE", "2030-06-30"),
            ("SOURCE_DATE_EPOCH", ""),
        ],
        [
            ("RESCUE_INTEROP_DATE", ""),
            ("SOURCE_DATE_EPOCH", "1900000000"),
        ],
    ] {
        let report = json(&run_env(&check, &env));
        assert_eq!(expired(&report), 0, "{env:?}");
        assert!(
            report["waivers"]["applied"].as_u64().unwrap_or(0) > 0,
            "{env:?}"
        );
        assert!(
            report["date"].as_str().is_some_and(|d| d.starts_with("20")),
            "{env:?}"
        );
    }
    let report = json(&run_env(&check, &[("SOURCE_DATE_EPOCH", "1900000000")]));
    assert_eq!(report["date"], "2030-03-17");
    // After it: expired, by either variable.
    for env in [
        ("RESCUE_INTEROP_DATE", "2030-07-01"),
        ("SOURCE_DATE_EPOCH", "1950000000"),
    ] {
        let report = json(&run_env(&check, &[env]));
        assert_eq!(expired(&report), 1, "{env:?}");
    }
    // A bad date is an error, named, never printed as the report's date.
    for env in [
        ("RESCUE_INTEROP_DATE", "2025-13-45"),
        ("SOURCE_DATE_EPOCH", "tomorrow"),
    ] {
        let output = run_env(&["check", DRAGON, SOYUZ], &[env]);
        assert_eq!(code(&output), 2, "{env:?}");
        assert_eq!(stdout(&output), "");
        assert!(stderr(&output).contains(env.0), "{}", stderr(&output));
    }
}

#[test]
fn bash_sources_the_completions_and_completes_a_command() {
    let output = run(&["completions", "bash"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let dir = scratch();
    let script = dir.path().join("rescue-interop.bash");
    let _ = std::fs::write(&script, &output.stdout);
    // The function `complete -p` names, called as bash calls it on
    // `rescue-interop chec<TAB>`.
    let probe = format!(
        "source '{}' || exit 3\n\
         spec=$(complete -p rescue-interop) || exit 4\n\
         echo \"$spec\"\n\
         fn=$(echo \"$spec\" | sed -n 's/.* -F \\([^ ]*\\) .*/\\1/p')\n\
         COMP_WORDS=(rescue-interop chec); COMP_CWORD=1\n\
         COMP_LINE='rescue-interop chec'; COMP_POINT=${{#COMP_LINE}}\n\
         \"$fn\" rescue-interop chec rescue-interop\n\
         echo \"reply: ${{COMPREPLY[*]}}\"\n",
        script.display()
    );
    let output = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &probe])
        .output()
        .unwrap_or_else(|e| panic!("cannot run bash: {e}"));
    let text = stdout(&output);
    assert_eq!(code(&output), 0, "{text}{}", stderr(&output));
    assert!(text.starts_with("complete "), "{text}");
    assert!(text.contains("reply: check"), "{text}");
}

#[test]
fn a_man_page_for_the_tool_and_each_command() {
    let output = run(&["man"]);
    assert_eq!(code(&output), 0);
    let page = stdout(&output);
    assert!(page.contains(".TH rescue-interop 1"), "{page}");
    assert!(page.contains("rescue\\-interop\\-check(1)"));
    let output = run(&["man", "check"]);
    assert_eq!(code(&output), 0);
    assert!(stdout(&output).contains(".TH rescue-interop-check 1"));
    assert!(stdout(&output).contains("fail\\-on"));
    assert_eq!(code(&run(&["man", "nope"])), 2);
}

#[test]
fn version_names_the_rule_set_and_the_schemas_and_json_outputs_carry_theirs() {
    let output = run(&["--version"]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    let rules = json(&run(&["rules", "--format", "json"]));
    let ruleset = rules["ruleset_version"].as_str().unwrap_or("?");
    assert!(text.contains(&format!("rule set {ruleset}")), "{text}");
    let report = json(&run(&["check", DRAGON, SOYUZ, "--format", "json"]));
    let plan = json(&run(&[
        "plan", SOYUZ, DRAGON, "--via", "specs", "--format", "json",
    ]));
    let diff = json(&run(&["diff", SOYUZ, DRAGON, "--format", "json"]));
    for (name, value) in [
        ("report", &report),
        ("plan", &plan),
        ("diff", &diff),
        ("rules", &rules),
    ] {
        let version = value["schema_version"].as_u64();
        assert!(version.is_some(), "{name} has no schema_version");
        assert!(
            text.contains(&format!("{name} {}", version.unwrap_or(0))),
            "{name}: {text}"
        );
    }
}

/// A git repository in a temporary folder holding `tests/diff/hab-old.toml`
/// as `hab.toml` at HEAD, then the new revision in the work tree.
fn repository_with_a_revision() -> tempfile::TempDir {
    let dir = scratch();
    let repo = dir.path();
    let copy = |from: &str, to: &str| {
        let to = repo.join(to);
        if let Some(parent) = to.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::copy(root().join(from), to);
    };
    copy("tests/diff/hab-old.toml", "hab.toml");
    copy("tests/diff/fleet/low.toml", "fleet/low.toml");
    let git = |args: &[&str]| {
        let output = std::process::Command::new("git")
            .current_dir(repo)
            .args(["-c", "user.name=test", "-c", "user.email=test@example.org"])
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("git: {e}"));
        assert!(output.status.success(), "git {args:?}: {output:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "baseline"]);
    copy("tests/diff/hab-new.toml", "hab.toml");
    dir
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn diff_against_a_revision_is_a_gate_that_writes_nothing_beside_the_spec() {
    let dir = repository_with_a_revision();
    let before = listing(dir.path());
    let diff = |extra: &[&str]| {
        let mut args = vec!["diff", "hab.toml", "--against", "HEAD", "--fleet", "fleet"];
        args.extend_from_slice(extra);
        run_in(dir.path(), &args)
    };
    let output = diff(&[]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("--- HEAD:hab.toml\n+++ hab.toml"),
        "{}",
        stdout(&output)
    );
    assert_eq!(listing(dir.path()), before, "the spec folder is untouched");
    // The revision makes TRANSFER-003 blocking: a blocking gate fails.
    let output = diff(&["--fail-on", "blocking", "--format", "github"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert!(
        stdout(&output)
            .lines()
            .any(|l| l.starts_with("::error file=hab.toml,line=1,") && l.contains("TRANSFER-003")),
        "{}",
        stdout(&output)
    );
    // Against itself at HEAD: no change, said so, and the gate passes.
    let output = run_in(
        dir.path(),
        &[
            "diff",
            "fleet/low.toml",
            "--against",
            "HEAD",
            "--fail-on",
            "advisory",
        ],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).starts_with("no change: HEAD:fleet/low.toml and fleet/low.toml"));
    for format in ["json", "concise", "gitlab"] {
        let output = diff(&["--format", format, "--fail-on", "blocking"]);
        assert_eq!(code(&output), 1, "{format}");
        assert!(!stdout(&output).is_empty(), "{format}");
    }
    assert_eq!(listing(dir.path()), before);
}

#[test]
fn sarif_is_ready_for_code_scanning() {
    for args in [
        vec!["check", DRAGON, SOYUZ, "--format", "sarif"],
        vec!["plan", SOYUZ, DRAGON, "--via", "specs", "--format", "sarif"],
        vec!["matrix", DRAGON, SOYUZ, APOLLO, "--format", "sarif"],
    ] {
        let sarif = json(&run(&args));
        let run = &sarif["runs"][0];
        let rules = run["tool"]["driver"]["rules"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(!rules.is_empty());
        for rule in &rules {
            let markdown = rule["help"]["markdown"].as_str().unwrap_or_default();
            assert!(markdown.starts_with("# "), "{args:?}: {rule}");
            assert!(markdown.contains("## How to resolve"));
            assert!(rule["help"]["text"].is_string());
            assert!(
                ["error", "warning", "note"].contains(
                    &rule["defaultConfiguration"]["level"]
                        .as_str()
                        .unwrap_or_default()
                )
            );
        }
        let results = run["results"].as_array().cloned().unwrap_or_default();
        assert!(!results.is_empty(), "{args:?}");
        for result in &results {
            let locations = result["locations"].as_array().cloned().unwrap_or_default();
            assert_eq!(
                locations.len(),
                1,
                "{args:?}: one location per result: {result}"
            );
            let uri = locations[0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap_or_default();
            assert!(uri.ends_with(".toml"), "{args:?}: {result}");
        }
    }
}

#[test]
fn validate_walks_a_folder_as_a_repository_expects() {
    let dir = scratch();
    let d = dir.path();
    for sub in ["specs", ".hidden", "ignored", "drafts"] {
        let _ = std::fs::create_dir_all(d.join(sub));
    }
    let _ = std::fs::copy(root().join(APOLLO), d.join("specs/apollo.toml"));
    let broken = "format = 1\n[vehicle]\nid = \"Not_Kebab\"\n";
    for bad in [".hidden/bad.toml", "ignored/bad.toml", "drafts/bad.toml"] {
        let _ = std::fs::write(d.join(bad), broken);
    }
    let _ = std::fs::write(d.join(".gitignore"), "ignored/\n");
    let _ = std::fs::write(d.join("Cargo.toml"), "[package]\nname = \"x\"\n");
    let _ = std::fs::write(d.join("rescue-interop.toml"), "exclude = [\"drafts/\"]\n");
    let output = run_in(d, &["validate", "."]);
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    assert_eq!(stdout(&output), "1 spec file(s) valid\n");
    let notes = stderr(&output);
    assert!(
        notes.contains("note: skipped ./Cargo.toml: not a spec"),
        "{notes}"
    );
    assert!(
        notes.contains("note: skipped ./rescue-interop.toml"),
        "{notes}"
    );
    // Named on the command line, a file is read whatever the walk skips.
    let output = run_in(d, &["validate", "drafts/bad.toml"]);
    assert_eq!(code(&output), 2);
    let _ = std::fs::write(d.join("rescue-interop.toml"), "exclude = []\n");
    let output = run_in(d, &["validate", "."]);
    assert_eq!(code(&output), 2, "drafts/ is read without the exclusion");
    assert!(
        stderr(&output).contains("drafts/bad.toml"),
        "{}",
        stderr(&output)
    );
    assert!(!stderr(&output).contains("ignored/bad.toml"));
    assert!(!stderr(&output).contains(".hidden"));
}

fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = bin()
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(input);
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("cannot wait: {e}"))
}

#[test]
fn a_spec_can_come_from_standard_input_under_the_name_given() {
    let dragon = std::fs::read(root().join(DRAGON)).unwrap_or_default();
    let output = run_with_stdin(
        &[
            "check",
            "-",
            SOYUZ,
            "--stdin-filename",
            DRAGON,
            "--format",
            "concise",
        ],
        &dragon,
    );
    let from_file = run(&["check", DRAGON, SOYUZ, "--format", "concise"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert_eq!(stdout(&output), stdout(&from_file));
    let broken =
        String::from_utf8_lossy(&dragon).replace("id = \"crew-dragon\"", "id = \"Bad_Id\"");
    let output = run_with_stdin(
        &[
            "validate",
            "-",
            "--stdin-filename",
            "specs/vehicles/mine.toml",
            "--format",
            "concise",
        ],
        broken.as_bytes(),
    );
    assert_eq!(code(&output), 2);
    assert!(
        stdout(&output).starts_with("specs/vehicles/mine.toml:"),
        "{}",
        stdout(&output)
    );
    // Unnamed, it is `<stdin>`, its references resolved from the current
    // folder: a spec without suit files reads as well.
    let apollo = std::fs::read(root().join(APOLLO)).unwrap_or_default();
    let output = run_with_stdin(&["validate", "-"], &apollo);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let output = run_with_stdin(&["check", "-", "-"], &dragon);
    assert_eq!(code(&output), 2);
}
