//! `diff`: what a revision of a vehicle's spec changes. The fixture is a
//! real revision: the habitat raises its cabin from 11.2 to 14.7 psia, past
//! what the low-pressure vehicle (10 psia, adjustable up to 11 psia) can
//! meet at a hatch without an equalization valve, so TRANSFER-003 goes
//! from conditional to blocking.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::cargo_bin_cmd;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let output = cargo_bin_cmd!("rescue-interop")
        .current_dir(dir)
        .args(["--color", "never", "diff"])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run rescue-interop: {e}"));
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

fn transfer_003_goes_blocking(json: &serde_json::Value) {
    let fields = json["fields"].as_array().cloned().unwrap_or_default();
    assert_eq!(fields.len(), 1, "{json:#}");
    assert_eq!(fields[0]["path"], "atmosphere.pressure");
    assert_eq!(fields[0]["old"], "11.2 psia");
    assert_eq!(fields[0]["new"], "14.7 psia");
    let pairs = json["pairs"].as_array().cloned().unwrap_or_default();
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0]["against"], "low");
    let changed = pairs[0]["changed"].as_array().cloned().unwrap_or_default();
    for direction in ["hab rescues low", "low rescues hab"] {
        assert!(
            changed.iter().any(|c| c["rule"] == "TRANSFER-003"
                && c["direction"] == direction
                && c["old_severity"] == "conditional"
                && c["new_severity"] == "blocking"),
            "{direction}: {json:#}"
        );
    }
}

#[test]
fn raising_cabin_pressure_turns_the_hatch_finding_blocking() {
    let (out, err, code) = run(
        root(),
        &[
            "tests/diff/hab-old.toml",
            "tests/diff/hab-new.toml",
            "--fleet",
            "tests/diff/fleet",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 1, "a diff with changes exits 1: {err}");
    let json: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    transfer_003_goes_blocking(&json);
    let (text, _, _) = run(
        root(),
        &[
            "tests/diff/hab-old.toml",
            "tests/diff/hab-new.toml",
            "--fleet",
            "tests/diff/fleet",
        ],
    );
    assert!(
        text.contains("atmosphere.pressure: 11.2 psia -> 14.7 psia"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("TRANSFER-003 hab rescues low")
                && l.contains("conditional -> blocking")),
        "{text}"
    );
}

#[test]
fn a_file_against_itself_is_an_empty_diff() {
    let (out, err, code) = run(
        root(),
        &[
            "tests/diff/hab-new.toml",
            "tests/diff/hab-new.toml",
            "--fleet",
            "tests/diff/fleet",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("no change: tests/diff/hab-new.toml and tests/diff/hab-new.toml"),
        "{out}"
    );
    let (out, _, code) = run(
        root(),
        &[
            "specs/vehicles/soyuz-ms.toml",
            "specs/vehicles/soyuz-ms.toml",
            "--fleet",
            "specs/vehicles",
        ],
    );
    assert_eq!(code, 0);
    assert!(out.starts_with("no change: "), "{out}");
}

#[test]
fn against_a_git_revision_reads_the_old_file_from_git() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let repo = dir.path();
    let copy = |from: &str, to: &str| {
        let to = repo.join(to);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::copy(root().join(from), to).unwrap_or_else(|e| panic!("{e}"));
    };
    copy("tests/diff/hab-old.toml", "hab.toml");
    copy("tests/diff/fleet/low.toml", "fleet/low.toml");
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .current_dir(repo)
            .args(["-c", "user.name=test", "-c", "user.email=test@example.org"])
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("git: {e}"));
        assert!(status.status.success(), "git {args:?}: {status:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "baseline"]);
    copy("tests/diff/hab-new.toml", "hab.toml");
    let (out, err, code) = run(
        repo,
        &[
            "hab.toml",
            "--against",
            "HEAD",
            "--fleet",
            "fleet",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let json: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    transfer_003_goes_blocking(&json);
}

/// `diff` reads the config like `check`: with TRANSFER-003 read as
/// advisory by the project, the revision no longer makes it blocking.
#[test]
fn the_configs_severities_apply_to_diff() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = dir.path().join("rescue-interop.toml");
    std::fs::write(&config, "[rules]\n\"TRANSFER-003\" = \"advisory\"\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let files = [
        root().join("tests/diff/hab-old.toml"),
        root().join("tests/diff/hab-new.toml"),
    ];
    let fleet = root().join("tests/diff/fleet");
    let args = |extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        args.extend(["--fleet".to_string(), fleet.display().to_string()]);
        args.extend(["--format".into(), "json".into()]);
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    // The config found upward from the folder it runs in.
    let plain = args(&[]);
    let plain: Vec<&str> = plain.iter().map(String::as_str).collect();
    let (out, err, _) = run(dir.path(), &plain);
    let json: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let changes: Vec<serde_json::Value> = json["pairs"][0]["changed"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|c| c["rule"] == "TRANSFER-003")
        .collect();
    assert!(!changes.is_empty(), "{json:#}");
    assert!(
        changes.iter().all(|c| c["new_severity"] == "advisory"),
        "{changes:?}"
    );
    // Without it, the revision's own story.
    let bare = args(&["--no-config"]);
    let bare: Vec<&str> = bare.iter().map(String::as_str).collect();
    let (out, _, _) = run(dir.path(), &bare);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    transfer_003_goes_blocking(&json);
}
