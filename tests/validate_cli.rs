//! `rescue-interop validate` on the bad-spec corpus (`tests/bad_specs/`), on
//! inputs made at test time (non-UTF-8, oversized, folders), and on the
//! bundled specs.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary from the crate folder, so paths in messages are relative.
fn validate(args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("rescue-interop")
        .expect("binary is built")
        .current_dir(crate_dir())
        .arg("validate")
        .args(args)
        .output()
        .expect("binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn assert_no_panic(stderr: &str) {
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "the tool panicked:\n{stderr}"
    );
}

/// The `(case name, spec path, expected substrings)` of the corpus.
fn corpus() -> Vec<(String, PathBuf, Vec<String>)> {
    let dir = crate_dir().join("tests/bad_specs");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/bad_specs exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|spec| {
            let name = spec
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let expected_path = spec.with_extension("expected");
            let expected = std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|_| panic!("{} has no .expected file", spec.display()))
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(String::from)
                .collect::<Vec<_>>();
            (name, spec, expected)
        })
        .collect();
    cases.sort();
    cases
}

#[test]
fn corpus_has_at_least_25_cases_each_with_expectations() {
    let cases = corpus();
    assert!(cases.len() >= 25, "only {} bad specs", cases.len());
    for (name, _, expected) in &cases {
        assert!(
            expected.len() >= 2,
            "{name}.expected should name at least the place and the message"
        );
        assert!(
            expected.iter().any(|e| e.contains(".toml")),
            "{name}.expected should name the file"
        );
    }
}

#[test]
fn every_bad_spec_exits_2_with_its_message() {
    let mut failures = Vec::new();
    for (name, spec, expected) in corpus() {
        let relative = spec
            .strip_prefix(crate_dir())
            .unwrap_or(&spec)
            .to_string_lossy()
            .into_owned();
        let (code, stdout, stderr) = validate(&[&relative]);
        assert_no_panic(&stderr);
        if code != 2 {
            failures.push(format!(
                "{name}: exit status {code}, not 2\n{stdout}{stderr}"
            ));
            continue;
        }
        for want in &expected {
            if !stderr.contains(want.as_str()) {
                failures.push(format!("{name}: stderr lacks {want:?}\n{stderr}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

#[test]
fn a_spec_with_several_mistakes_reports_every_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("several.toml");
    std::fs::write(
        &path,
        r#"format = 1
[vehicle]
id = "Bad_Id"
kind = "capsul"

[atmosphere]
pressure = "800 mm"
presure = "101.3 kPa"
o2_fraction = "120 %"
free_volume = "9 furlongs"

[[ports]]
id = "nose"
standard = "idds"
passage_diameter = 800

[[ports]]
id = "nose"
"#,
    )
    .expect("write spec");
    let (code, _, stderr) = validate(&[&path.to_string_lossy()]);
    assert_no_panic(&stderr);
    assert_eq!(code, 2, "{stderr}");
    let wanted = [
        "several.toml:2:2",   // vehicle.name missing
        "several.toml:3:6",   // bad id
        "several.toml:4:8",   // kind
        "several.toml:7:12",  // wrong dimension
        "several.toml:8:1",   // unknown field
        "several.toml:9:15",  // fraction above 1
        "several.toml:10:15", // unknown unit
        "several.toml:14:12", // unknown standard
        "several.toml:15:20", // bare number
        "several.toml:18:6",  // duplicate id
    ];
    for want in wanted {
        assert!(stderr.contains(want), "missing {want}:\n{stderr}");
    }
    assert_eq!(
        stderr.matches("error: ").count(),
        wanted.len(),
        "one message per mistake:\n{stderr}"
    );
    assert!(
        stderr.contains(&format!("{} problem(s) in 1 of 1 file(s)", wanted.len())),
        "{stderr}"
    );
}

#[test]
fn a_non_utf8_file_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("latin1.toml");
    std::fs::write(&path, b"format = 1\n[vehicle]\nname = \"Sojus \xfc\"\n").expect("write");
    let (code, _, stderr) = validate(&[&path.to_string_lossy()]);
    assert_no_panic(&stderr);
    assert_eq!(code, 2);
    assert!(stderr.contains("latin1.toml:3:15"), "{stderr}");
    assert!(stderr.contains("is not UTF-8 text"), "{stderr}");
    assert!(stderr.contains("offset 35"), "{stderr}");
    assert_eq!(stderr.matches("is not UTF-8").count(), 1, "{stderr}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_parsing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.toml");
    let mut text = String::from("format = 1\n");
    while text.len() <= 1024 * 1024 {
        text.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    std::fs::write(&path, &text).expect("write");
    let (code, _, stderr) = validate(&[&path.to_string_lossy()]);
    assert_no_panic(&stderr);
    assert_eq!(code, 2);
    assert!(stderr.contains("huge.toml"), "{stderr}");
    assert!(
        stderr.contains("limited to 1048576 bytes (1 MiB)"),
        "{stderr}"
    );
}

#[test]
fn a_folder_without_specs_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("looks-like-a-spec.toml");
    std::fs::create_dir(&folder).expect("mkdir");
    let (code, _, stderr) = validate(&[&folder.to_string_lossy()]);
    assert_no_panic(&stderr);
    assert_eq!(code, 2);
    assert!(stderr.contains("no .toml spec files found"), "{stderr}");
}

#[test]
fn a_missing_path_is_an_error() {
    let (code, _, stderr) = validate(&["tests/bad_specs/no-such-file.toml"]);
    assert_no_panic(&stderr);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("tests/bad_specs/no-such-file.toml: cannot read: no such file"),
        "{stderr}"
    );
}

#[test]
fn folders_are_searched_and_every_bad_file_counted() {
    let (code, _, stderr) = validate(&["tests/bad_specs"]);
    assert_no_panic(&stderr);
    assert_eq!(code, 2);
    // support/ holds one bad suit file of its own; the rest are the corpus.
    let files = corpus().len() + 1;
    assert!(
        stderr.contains(&format!("in {files} of {files} file(s)")),
        "{}",
        stderr.lines().last().unwrap_or_default()
    );
}

#[test]
fn the_bundled_specs_are_valid() {
    let (code, stdout, stderr) = validate(&["specs"]);
    assert_no_panic(&stderr);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("spec file(s) valid"), "{stdout}");
}

/// Every bundled spec, suit file and data file (vocabularies included)
/// passes even `--strict`: no bundled value lies outside what flown
/// vehicles show, and every bundled term is in a vocabulary.
#[test]
fn the_bundled_specs_are_valid_even_strictly() {
    let (code, stdout, stderr) = validate(&["--strict", "specs"]);
    assert_no_panic(&stderr);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

/// A value outside what flown vehicles show is a warning: printed on
/// standard error with its place and the flown range, exit 0; `--strict`
/// refuses it (exit 2). A physically impossible value is an error either
/// way (tests/bad_specs/impossible_*.toml).
#[test]
fn an_unflown_value_warns_and_strict_refuses_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("wide.toml");
    std::fs::write(
        &path,
        "format = 1\n[vehicle]\nid = \"wide\"\nname = \"Wide\"\nkind = \"capsule\"\n\n[[ports]]\nid = \"nose\"\npassage_diameter = \"1.5 metres\"\n",
    )
    .expect("write");
    let shown = path.to_string_lossy().to_string();
    let (code, stdout, stderr) = validate(&[&shown]);
    assert_no_panic(&stderr);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("1 spec file(s) valid, 1 warning(s)"),
        "{stdout}"
    );
    for expected in [
        "warning: ports[nose].passage_diameter: 1500 mm is outside what flown vehicles show",
        "800 mm (IDSS, WP-IDSS) to 1270 mm (CBM, WP-CBM)",
        "wide.toml:9:20",
        "validate --strict refuses it",
    ] {
        assert!(stderr.contains(expected), "lacks {expected:?}:\n{stderr}");
    }
    let (code, stdout, stderr) = validate(&["--strict", &shown]);
    assert_no_panic(&stderr);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.contains("1500 mm is outside what flown vehicles show"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 problem(s) in 1 of 1 file(s)"),
        "{stderr}"
    );
}

#[test]
fn a_small_valid_spec_is_valid() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("tiny.toml");
    std::fs::write(
        &path,
        r#"format = 1
[vehicle]
id = "tiny"
name = "Tiny"
kind = "capsule"

[atmosphere]
pressure = { min = "97.9 kPa", max = "104.8 kPa", nominal = "101.3 kPa", source = "X" }
o2_fraction = "unknown"
free_volume = { value = "unknown", note = "not published" }
"#,
    )
    .expect("write");
    let (code, stdout, stderr) = validate(&[&path.to_string_lossy()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "1 spec file(s) valid\n");
}

#[test]
fn paths_in_messages_are_relative_as_given() {
    let path: &Path = Path::new("tests/bad_specs/nan.toml");
    let (_, _, stderr) = validate(&[&path.to_string_lossy()]);
    assert!(stderr.contains("tests/bad_specs/nan.toml:9:12"), "{stderr}");
}

#[test]
fn the_launch_sites_file_is_validated_like_a_spec() {
    let (code, stdout, stderr) = validate(&["specs/launch-sites.toml"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    // A broken copy: every problem with its line and field, exit 2.
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(crate_dir().join("specs/launch-sites.toml"))
        .expect("bundled file")
        .replacen(
            "latitude = { value = \"45.96 deg N\"",
            "latitude = { value = \"45.96 km\"",
            1,
        )
        .replacen(
            "azimuth_ranges = { value = [{ min = \"35 deg\"",
            "azimut_ranges = { value = [{ min = \"35 deg\"",
            1,
        );
    let path = dir.path().join("launch-sites.toml");
    std::fs::write(&path, text).expect("write");
    let path = path.to_string_lossy().into_owned();
    let (code, _, stderr) = validate(&[&path]);
    assert_no_panic(&stderr);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("sites[baikonur].latitude: '45.96 km' is a length"),
        "{stderr}"
    );
    assert!(stderr.contains("launch-sites.toml:16:"), "{stderr}");
    assert!(
        stderr.contains("did you mean 'azimuth_ranges'?"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 problem(s) in 1 of 1 file(s)"),
        "{stderr}"
    );
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

/// The flight record is validated against the specs beside it: a name no
/// spec has is an error at its line, with a "did you mean"; an event a spec
/// no longer supports is a warning, which `--strict` refuses.
#[test]
fn the_flight_record_is_validated_against_the_specs_beside_it() {
    let (code, stdout, stderr) = validate(&["--strict", "specs/flight-record.toml"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&crate_dir().join("specs"), dir.path());
    let record = dir.path().join("flight-record.toml");
    let bundled = std::fs::read_to_string(&record).expect("bundled record");
    std::fs::write(
        &record,
        bundled.replacen("port = \"poisk\"", "port = \"poisc\"", 1),
    )
    .expect("write");
    let path = record.to_string_lossy().into_owned();
    let (code, _, stderr) = validate(&[&path]);
    assert_no_panic(&stderr);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(
            "events[soyuz-ms-23-docks-to-poisk].docking.target.port: iss has no port 'poisc'"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean 'poisk'?"), "{stderr}");
    assert!(stderr.contains("flight-record.toml:240:"), "{stderr}");
    // A revision of the ISS spec that changes Poisk's standard.
    std::fs::write(&record, &bundled).expect("write");
    let iss = dir.path().join("vehicles/iss.toml");
    let text = std::fs::read_to_string(&iss).expect("iss spec");
    let changed = text.replacen(
        "id = \"poisk\"\nname = { value = \"Poisk (MRM-2)\", source = \"WP-SSVP\" }\nstandard = { value = \"ssvp-g4000\"",
        "id = \"poisk\"\nname = { value = \"Poisk (MRM-2)\", source = \"WP-SSVP\" }\nstandard = { value = \"ssvp-m8000\"",
        1,
    );
    assert_ne!(
        changed, text,
        "the ISS spec no longer writes Poisk this way"
    );
    std::fs::write(&iss, changed).expect("write");
    let (code, stdout, stderr) = validate(&[&path]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stderr.contains("event 'soyuz-ms-23-docks-to-poisk' no longer applies: iss: ports[poisk].standard was 'ssvp-g4000' when it flew; the spec now gives 'ssvp-m8000'"),
        "{stderr}"
    );
    assert!(stdout.contains("1 warning(s)"), "{stdout}");
    let (code, _, stderr) = validate(&["--strict", &path]);
    assert_eq!(code, 2, "{stderr}");
}
