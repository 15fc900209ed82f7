//! What the `check`, `rules` and `explain` commands must show (issue 3):
//! verdicts of real pairs, filters, exit statuses and colour.

use std::path::Path;
use std::process::Output;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = cargo_bin_cmd!("rescue-interop");
    cmd.current_dir(root()).env_remove("NO_COLOR").args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run rescue-interop: {e}"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json_check(a: &str, b: &str, extra: &[&str]) -> (Value, i32) {
    let mut args = vec!["check", a, b, "--format", "json"];
    args.extend_from_slice(extra);
    let output = run(&args, &[]);
    let json = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{a} vs {b}: not JSON ({e}); stderr:\n{}", stderr(&output)));
    (json, output.status.code().unwrap_or(-1))
}

fn findings_of(report: &Value, direction: usize) -> &[Value] {
    report["directions"][direction]["findings"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
}

const DRAGON: &str = "specs/vehicles/crew-dragon.toml";
const SOYUZ: &str = "specs/vehicles/soyuz-ms.toml";
const ISS: &str = "specs/vehicles/iss.toml";

fn phase_worst<'r>(report: &'r Value, direction: usize, phase: &str) -> &'r Value {
    report["directions"][direction]["phases"]
        .as_array()
        .and_then(|phases| phases.iter().find(|p| p["phase"] == phase))
        .map_or(&Value::Null, |p| &p["state"])
}

#[test]
fn dragon_and_soyuz_cannot_dock_in_either_direction() {
    let (report, code) = json_check(DRAGON, SOYUZ, &[]);
    assert_eq!(code, 1, "a blocking finding exits 1");
    for d in 0..2 {
        let verdict = &report["directions"][d]["verdict"];
        assert_eq!(verdict["kind"], "blocked", "direction {d}: {verdict}");
        // The verdict names the first blocking phase in rescue order, and
        // docking is among the blocked ones.
        let named = verdict["phase"].as_str().unwrap_or_default();
        assert_eq!(phase_worst(&report, d, named), "blocking", "{verdict}");
        assert_eq!(phase_worst(&report, d, "mate"), "blocking");
        assert!(
            findings_of(&report, d)
                .iter()
                .any(|f| f["rule"] == "MATE-001" && f["severity"] == "blocking"),
            "direction {d}: no blocking MATE-001 finding"
        );
    }
    let text = stdout(&run(&["--color", "never", "check", DRAGON, SOYUZ], &[]));
    // Verdict lines wrap, their continuation indented by four spaces.
    let unwrapped = text.replace("\n    ", " ");
    let verdicts: Vec<&str> = unwrapped
        .lines()
        .filter(|l| l.contains(": BLOCKED - "))
        .collect();
    assert_eq!(verdicts.len(), 2, "{text}");
    for line in verdicts {
        assert!(
            line.contains(" phase: "),
            "names the blocking phase: {line}"
        );
    }
    assert_eq!(
        text.matches("    mate      docked: blocking").count(),
        2,
        "{text}"
    );
}

#[test]
fn dragon_docks_to_the_station_to_rescue_its_crew() {
    // A = Crew Dragon rescues B = the ISS crew: direction 0. The docking
    // interface mates; nothing in the mate phase blocks (other mate rules
    // may still lack data).
    let (report, _) = json_check(DRAGON, ISS, &[]);
    let findings = findings_of(&report, 0);
    assert!(
        !findings.iter().any(|f| f["rule"] == "MATE-001"),
        "Dragon rescuing the ISS crew: {findings:?}"
    );
    assert_ne!(phase_worst(&report, 0, "mate"), "blocking");
    // The text report says so in the direction's phase line.
    let text = stdout(&run(&["--color", "never", "check", DRAGON, ISS], &[]));
    let first_direction = text
        .split("== A rescues B ==")
        .nth(1)
        .and_then(|rest| rest.split("== B rescues A ==").next())
        .unwrap_or_default();
    assert!(
        first_direction.contains("    mate      docked: "),
        "{first_direction}"
    );
    assert!(
        !first_direction.contains("    mate      docked: blocking"),
        "{first_direction}"
    );
    // The same with the files given the other way round: direction 1.
    let (report, _) = json_check(ISS, DRAGON, &[]);
    assert!(
        !findings_of(&report, 1)
            .iter()
            .any(|f| f["rule"] == "MATE-001"),
        "Dragon rescuing the ISS crew, files swapped"
    );
}

#[test]
fn phase_filter_runs_only_that_phase() {
    let (report, _) = json_check(DRAGON, SOYUZ, &["--phase", "mate"]);
    for d in 0..2 {
        let findings = findings_of(&report, d);
        assert!(!findings.is_empty());
        assert!(
            findings.iter().all(|f| f["phase"] == "mate"),
            "{findings:?}"
        );
        let phases: Vec<&Value> = report["directions"][d]["phases"]
            .as_array()
            .map(|a| a.iter().map(|p| &p["phase"]).collect())
            .unwrap_or_default();
        assert_eq!(phases, [&Value::from("mate")]);
    }
    let (report, _) = json_check(DRAGON, SOYUZ, &["--phase", "contact", "--phase", "return"]);
    for d in 0..2 {
        assert!(
            findings_of(&report, d)
                .iter()
                .all(|f| f["phase"] == "contact" || f["phase"] == "return")
        );
    }
}

#[test]
fn fail_on_sets_the_severity_that_exits_1() {
    // The exit status is 1 exactly when some finding reaches --fail-on.
    let rank = |s: &str| {
        ["advisory", "conditional", "unknown", "blocking"]
            .iter()
            .position(|x| *x == s)
    };
    let case = "tests/rules/MATE-001/conditional-cbm-with-arm";
    let (cbm_a, cbm_b) = (format!("{case}/a.toml"), format!("{case}/b.toml"));
    let mut exits = Vec::new();
    for (a, b, phase) in [
        (cbm_a.as_str(), cbm_b.as_str(), "mate"),
        (DRAGON, SOYUZ, "return"),
        (DRAGON, ISS, "transfer"),
    ] {
        let (report, _) = json_check(a, b, &["--phase", phase]);
        let worst = (0..2)
            .flat_map(|d| findings_of(&report, d).iter())
            .filter_map(|f| f["severity"].as_str().and_then(rank))
            .max();
        for (level, name) in ["advisory", "conditional", "unknown", "blocking"]
            .iter()
            .enumerate()
        {
            let code = run(&["check", a, b, "--phase", phase, "--fail-on", name], &[])
                .status
                .code();
            let expected = i32::from(worst.is_some_and(|w| w >= level));
            assert_eq!(
                code,
                Some(expected),
                "{a} {b} --phase {phase} --fail-on {name}"
            );
            if *name == "blocking" {
                let default = run(&["check", a, b, "--phase", phase], &[]).status.code();
                assert_eq!(default, code, "the default is --fail-on blocking");
            }
            exits.push(expected);
        }
    }
    // The CBM fixture's conditional MATE-001 finding fails at conditional.
    assert_eq!(exits[1], 1);
    assert_eq!(
        run(&["check", DRAGON, SOYUZ, "--fail-on", "fatal"], &[])
            .status
            .code(),
        Some(2),
        "an unknown severity is a usage error"
    );
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let args = |color: &'static str| ["--color", color, "check", DRAGON, SOYUZ];
    assert!(stdout(&run(&args("always"), &[])).contains("\x1b["));
    assert!(!stdout(&run(&args("never"), &[])).contains('\x1b'));
    // Auto: off when NO_COLOR is set (and off anyway when not a terminal).
    assert!(!stdout(&run(&args("auto"), &[("NO_COLOR", "1")])).contains('\x1b'));
    assert!(!stdout(&run(&["check", DRAGON, SOYUZ], &[("NO_COLOR", "1")])).contains('\x1b'));
}

#[test]
fn bad_spec_exits_2_with_a_located_message_and_no_report() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "format = 1\n\n[vehicle]\nid = \"bad\"\nname = \"Bad\"\nkind = \"rocket\"\n",
    )
    .unwrap_or_else(|e| panic!("write: {e}"));
    let bad = bad.to_string_lossy().into_owned();
    let output = run(&["--color", "never", "check", DRAGON, &bad], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "no report on bad input");
    let err = stderr(&output);
    assert!(err.contains("bad.toml:6:"), "{err}");
    assert!(err.contains("vehicle.kind"), "{err}");

    let missing = run(
        &["check", DRAGON, "specs/vehicles/no-such-vehicle.toml"],
        &[],
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(missing.stdout.is_empty());

    let suit = run(&["check", DRAGON, "specs/suits/emu.toml"], &[]);
    assert_eq!(suit.status.code(), Some(2), "a suit file is not a vehicle");
}

#[test]
fn out_writes_the_report_to_a_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let path = dir.path().join("report.json");
    let target = path.to_string_lossy().into_owned();
    let output = run(
        &["check", DRAGON, ISS, "--format", "json", "--out", &target],
        &[],
    );
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    let json: Value = serde_json::from_str(&written).unwrap_or(Value::Null);
    assert_eq!(json["schema_version"], 2);
}

#[test]
fn rules_lists_the_registry_as_json_and_text() {
    let output = run(&["rules", "--format", "json"], &[]);
    assert_eq!(output.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    let listed: Vec<&str> = json["rules"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["id"].as_str()).collect())
        .unwrap_or_default();
    let registered: Vec<&str> = rescue_interop::rules::registry()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(listed, registered);
    assert_eq!(
        json["ruleset_version"],
        rescue_interop::rules::RULESET_VERSION
    );
    for rule in json["rules"].as_array().into_iter().flatten() {
        for key in [
            "name",
            "phase",
            "modes",
            "default_severity",
            "symmetric",
            "reference",
        ] {
            assert!(!rule[key].is_null(), "{}: no {key}", rule["id"]);
        }
    }
    let text = stdout(&run(&["rules"], &[]));
    for id in registered {
        assert!(text.contains(id), "{id} missing from the table");
    }
}

#[test]
fn explain_prints_a_rule_and_refuses_an_unknown_id() {
    let output = run(&["explain", "MATE-001"], &[]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    for section in [
        "MATE-001 docking-interface",
        "What it checks",
        "Why it blocks a rescue",
        "Example",
        "How to resolve",
        "reference:",
    ] {
        assert!(text.contains(section), "no '{section}' in:\n{text}");
    }
    // By name and in lower case too.
    assert_eq!(stdout(&run(&["explain", "docking-interface"], &[])), text);
    assert_eq!(stdout(&run(&["explain", "mate-001"], &[])), text);

    let unknown = run(&["explain", "MATE-999"], &[]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(unknown.stdout.is_empty());
    let err = stderr(&unknown);
    assert!(err.contains("no rule 'MATE-999'"), "{err}");
    assert!(err.contains("MATE-001"), "lists the known rules: {err}");
}

#[test]
fn fingerprints_follow_the_vehicles_not_the_file_order() {
    let fingerprints = |report: &Value, d: usize| {
        let mut list: Vec<String> = findings_of(report, d)
            .iter()
            .filter_map(|f| f["fingerprint"].as_str().map(String::from))
            .collect();
        list.sort();
        list
    };
    let (dragon_first, _) = json_check(DRAGON, SOYUZ, &[]);
    let (soyuz_first, _) = json_check(SOYUZ, DRAGON, &[]);
    // Dragon rescues Soyuz's crew: direction 0 in one, direction 1 in the other.
    let dragon_rescues = fingerprints(&dragon_first, 0);
    assert!(!dragon_rescues.is_empty());
    assert_eq!(dragon_rescues, fingerprints(&soyuz_first, 1));
    assert_eq!(
        fingerprints(&dragon_first, 1),
        fingerprints(&soyuz_first, 0)
    );
    // And they differ by direction.
    assert_ne!(dragon_rescues, fingerprints(&dragon_first, 1));
    assert!(
        dragon_rescues
            .iter()
            .all(|f| f.len() == 16 && f.bytes().all(|b| b.is_ascii_hexdigit()))
    );
}

/// `--out` to a device writes to it rather than renaming a file over it: as
/// root, `--out /dev/null` once replaced /dev/null with a regular file. The
/// test goes through a symlink so that a regression replaces only the link.
#[test]
fn out_to_a_device_writes_to_it_and_leaves_it_in_place() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let link = dir.path().join("sink");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap_or_else(|e| panic!("{e}"));
    let out = link.display().to_string();
    for args in [
        vec![
            "check",
            "specs/vehicles/crew-dragon.toml",
            "specs/vehicles/iss.toml",
        ],
        vec!["matrix", "specs/vehicles", "--format", "json"],
    ] {
        let mut args = args.clone();
        args.extend(["--out", out.as_str()]);
        let output = run(&args, &[]);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            stderr(&output)
        );
        let meta = std::fs::symlink_metadata(&link).unwrap_or_else(|e| panic!("{e}"));
        assert!(meta.file_type().is_symlink(), "{args:?} replaced the link");
    }
    assert!(
        !std::fs::metadata("/dev/null").is_ok_and(|m| m.is_file()),
        "/dev/null is a device"
    );
}

#[test]
fn a_crew_envelopes_file_beside_the_specs_is_named_in_the_report() {
    // MATE-003 reads tests/plan/crew-envelopes.toml for specs in that folder:
    // the report names it with its SHA-256, as it names the specs.
    use sha2::Digest;
    let (report, _) = json_check("tests/plan/alpha.toml", "tests/plan/beta.toml", &[]);
    let files = report["files"].as_array().expect("files");
    let envelopes = files
        .iter()
        .find(|f| f["path"] == "tests/plan/crew-envelopes.toml")
        .unwrap_or_else(|| panic!("no crew envelopes file in {files:?}"));
    let text = std::fs::read(root().join("tests/plan/crew-envelopes.toml")).expect("file");
    let digest: String = sha2::Sha256::digest(&text)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(envelopes["sha256"], digest.as_str());
}

/// An adapter is not a rescuer: `check` and `plan` on one say what it is
/// and how it is used, and exit 2 with nothing on standard output.
#[test]
fn check_on_an_adapter_says_what_it_is() {
    for command in ["check", "plan"] {
        let output = run(&[command, DRAGON, "specs/adapters/ida.toml"], &[]);
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert!(output.stdout.is_empty(), "{command}");
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(
            err.contains("specs/adapters/ida.toml is an adapter (International Docking Adapter")
                && err.contains("routed through")
                && err.contains("plan"),
            "{command}: {err}"
        );
    }
}
