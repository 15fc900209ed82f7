//! Specs from the other side are untrusted (issue 22): no file disclosure,
//! no leak through a share-safe report, bounded memory, every output
//! escaped, and `--out` written safely. Each test here failed before the
//! change it guards.

mod measured;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;

const DATE: &str = "2026-01-01";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bundled(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// What a run printed and how it ended.
struct Output {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs the binary in `dir` with a fixed date and no colour.
fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let output = cargo_bin_cmd!("rescue-interop")
        .current_dir(dir)
        .env("RESCUE_INTEROP_DATE", DATE)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run: {e}"));
    Output {
        status: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// A spec naming `file` as its suit file.
fn spec_naming(file: &str) -> String {
    format!(
        "format = 1\n[vehicle]\nid = \"x\"\nname = \"X\"\nkind = \"capsule\"\n\n[[suits]]\nid = \"s\"\nfile = \"{file}\"\n"
    )
}

// ---------------------------------------------------------------------------
// File references

#[test]
fn a_suit_file_out_of_the_spec_library_gives_exit_2_and_quotes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    // A secret beside the library, and one inside it that is not a spec.
    write(
        &dir.path().join("secret.toml"),
        "SECRET-OUTSIDE = \"do not show\"\n",
    );
    write(
        &library.join("notes.toml"),
        "SECRET-INSIDE = [ unterminated\n",
    );
    write(
        &library.join("vehicles/crew-dragon.toml"),
        &bundled("specs/vehicles/crew-dragon.toml"),
    );
    write(
        &library.join("suits/spacex-iva.toml"),
        &bundled("specs/suits/spacex-iva.toml"),
    );
    let cases = [
        ("passwd", "/etc/passwd"),
        ("up", "../../.."),
        ("up-file", "../../secret.toml"),
        ("environ", "/proc/self/environ"),
        ("inside", "../notes.toml"),
    ];
    for (name, file) in cases {
        write(
            &library.join(format!("vehicles/{name}.toml")),
            &spec_naming(file),
        );
    }
    let secrets = [
        "root:",
        "SECRET-OUTSIDE",
        "SECRET-INSIDE",
        "do not show",
        "RESCUE_SECRET_ENV",
        "unterminated",
    ];
    let dragon = "library/vehicles/crew-dragon.toml";
    for (name, file) in cases {
        let spec = format!("library/vehicles/{name}.toml");
        for args in [
            vec!["validate", spec.as_str()],
            vec!["check", spec.as_str(), dragon],
            vec!["matrix", "--strict", spec.as_str(), dragon],
            vec!["plan", dragon, spec.as_str()],
            vec!["diff", spec.as_str(), dragon],
        ] {
            let out = run_in(dir.path(), &args, &[("RESCUE_SECRET_ENV", "leaked")]);
            assert_eq!(out.status, Some(2), "{file}: {args:?}\n{}", out.stderr);
            assert!(
                out.stderr.contains("suits[s].file"),
                "{args:?}: {}",
                out.stderr
            );
            for secret in secrets {
                assert!(
                    !out.stderr.contains(secret) && !out.stdout.contains(secret),
                    "{file}: {args:?} shows {secret}:\n{}",
                    out.stderr
                );
            }
        }
    }
    // The same reference is read once --root allows it (and it is a
    // spec): the confinement is the root, not a ban on climbing.
    write(
        &dir.path().join("shared-suits/spacex-iva.toml"),
        &bundled("specs/suits/spacex-iva.toml"),
    );
    write(
        &library.join("vehicles/wide.toml"),
        &spec_naming("../../shared-suits/spacex-iva.toml"),
    );
    let refused = run_in(dir.path(), &["validate", "library/vehicles/wide.toml"], &[]);
    assert_eq!(refused.status, Some(2), "{}", refused.stderr);
    let out = run_in(
        dir.path(),
        &["check", "library/vehicles/wide.toml", dragon, "--root", "."],
        &[],
    );
    assert!(matches!(out.status, Some(0 | 1)), "{}", out.stderr);
}

#[test]
fn a_symbolic_link_out_of_the_library_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    write(
        &dir.path().join("elsewhere/spacex-iva.toml"),
        &bundled("specs/suits/spacex-iva.toml"),
    );
    std::fs::create_dir_all(library.join("suits")).unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("elsewhere/spacex-iva.toml"),
        library.join("suits/linked.toml"),
    )
    .unwrap();
    write(
        &library.join("vehicles/x.toml"),
        &spec_naming("../suits/linked.toml"),
    );
    let out = run_in(dir.path(), &["validate", "library/vehicles/x.toml"], &[]);
    assert_eq!(out.status, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("resolves outside"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------
// Share-safe

/// Fields of the library made restricted, each with two values that give
/// the same verdicts: the spec, the line's start, and the two lines.
const RESTRICTED: &[(&str, &str, &str, &str)] = &[
    (
        "vehicles/soyuz-ms.toml",
        "mass = ",
        "mass = { value = \"7081 kg\", restricted = true }",
        "mass = { value = \"7093.5 kg\", restricted = true }",
    ),
    (
        "vehicles/soyuz-ms.toml",
        "o2_fraction = ",
        "o2_fraction = { value = \"21.4 %\", restricted = true }",
        "o2_fraction = { value = \"21.7 %\", restricted = true }",
    ),
    (
        "vehicles/soyuz-ms.toml",
        "free_volume = ",
        "free_volume = { value = \"10.52 m^3\", restricted = true }",
        "free_volume = { value = \"10.73 m^3\", restricted = true }",
    ),
    (
        "vehicles/soyuz-ms.toml",
        "passage_diameter = ",
        "passage_diameter = { value = \"803 mm\", restricted = true }",
        "passage_diameter = { value = \"812 mm\", restricted = true }",
    ),
    (
        "vehicles/soyuz-ms.toml",
        "max_seats = ",
        "max_seats = { value = 4, restricted = true }",
        "max_seats = { value = 5, restricted = true }",
    ),
    (
        "suits/sokol-kv2.toml",
        "o2_flow = ",
        "o2_flow = { value = \"151 L/min\", restricted = true }",
        "o2_flow = { value = \"163 L/min\", restricted = true }",
    ),
];

/// The values written in [`RESTRICTED`], in both variants.
const WRITTEN: &[&str] = &[
    "7081 kg",
    "7093.5 kg",
    "21.4 %",
    "21.7 %",
    "10.52 m^3",
    "10.73 m^3",
    "803 mm",
    "812 mm",
    "151 L/min",
    "163 L/min",
];

/// A copy of the spec library in `dir` with the restricted fields of
/// [`RESTRICTED`] at their first (`false`) or second (`true`) value, a
/// revised Soyuz MS (a public field changed) and a party key.
fn library(dir: &Path, second: bool) {
    for path in [
        "interface-standards.toml",
        "crew-envelopes.toml",
        "vehicles/crew-dragon.toml",
        "vehicles/soyuz-ms.toml",
        "vehicles/iss.toml",
        "suits/spacex-iva.toml",
        "suits/sokol-kv2.toml",
        "suits/orlan-mks.toml",
        "suits/emu.toml",
    ] {
        // Names no rule's own text uses, so that any appearance is a leak.
        let mut text = bundled(&format!("specs/{path}"))
            .replace("value = \"Soyuz MS\"", "value = \"Lifeboat Seven\"")
            .replace("id = \"soyuz-ms\"", "id = \"lifeboat-seven\"")
            .replace("value = \"Crew Dragon\"", "value = \"Ferry Nine\"")
            .replace("id = \"crew-dragon\"", "id = \"ferry-nine\"");
        for (file, start, first, other) in RESTRICTED {
            if *file == path {
                let line = if second { other } else { first };
                let old = text
                    .lines()
                    .find(|l| l.starts_with(start))
                    .unwrap_or_else(|| panic!("{path}: no line {start}"))
                    .to_string();
                text = text.replacen(&old, line, 1);
            }
        }
        write(&dir.join(path), &text);
    }
    let soyuz = std::fs::read_to_string(dir.join("vehicles/soyuz-ms.toml")).unwrap();
    write(
        &dir.join("revised/soyuz-ms.toml"),
        &soyuz.replacen(
            "seat_liners = { value = \"per-person\"",
            "seat_liners = { value = \"universal\"",
            1,
        ),
    );
    write(&dir.join("share.key"), "a key both parties agreed on\n");
}

/// Every command and format of a share-safe report over the library.
fn share_safe_runs() -> Vec<Vec<&'static str>> {
    let mut runs = Vec::new();
    for format in ["text", "json", "markdown", "html", "sarif", "junit"] {
        for (a, b) in [
            ("vehicles/soyuz-ms.toml", "vehicles/crew-dragon.toml"),
            ("vehicles/crew-dragon.toml", "vehicles/soyuz-ms.toml"),
            ("vehicles/soyuz-ms.toml", "vehicles/iss.toml"),
        ] {
            runs.push(vec!["check", a, b, "--format", format]);
        }
        runs.push(vec!["matrix", "vehicles", "--format", format, "--findings"]);
        runs.push(vec!["matrix", "vehicles", "--format", format]);
        runs.push(vec![
            "plan",
            "vehicles/crew-dragon.toml",
            "vehicles/soyuz-ms.toml",
            "--via",
            "vehicles",
            "--format",
            format,
        ]);
        runs.push(vec![
            "plan",
            "vehicles/soyuz-ms.toml",
            "vehicles/crew-dragon.toml",
            "--via",
            "vehicles",
            "--format",
            format,
        ]);
    }
    for format in ["text", "json"] {
        runs.push(vec![
            "diff",
            "vehicles/soyuz-ms.toml",
            "revised/soyuz-ms.toml",
            "--fleet",
            "vehicles",
            "--format",
            format,
        ]);
    }
    runs
}

/// The severities of every finding of a pair, both directions (the
/// differential test's precondition: the two variants decide alike).
fn severities(dir: &Path, a: &str, b: &str) -> Vec<String> {
    let out = run_in(dir, &["check", a, b, "--format", "json"], &[]);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    report["directions"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|d| d["findings"].as_array().cloned().unwrap_or_default())
        .map(|f| format!("{} {} {}", f["rule"], f["severity"], f["fingerprint"]))
        .collect()
}

/// Changing every restricted value changes no byte of any share-safe
/// output, whatever the command and format, once digests are keyed with
/// the same party key; and no restricted value, vehicle name or file path
/// appears in any of them.
#[test]
fn share_safe_outputs_do_not_depend_on_restricted_values() {
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    library(one.path(), false);
    library(two.path(), true);
    for (a, b) in [
        ("vehicles/soyuz-ms.toml", "vehicles/crew-dragon.toml"),
        ("vehicles/soyuz-ms.toml", "vehicles/iss.toml"),
    ] {
        assert_eq!(
            severities(one.path(), a, b),
            severities(two.path(), a, b),
            "the two variants must decide alike for the comparison to mean anything"
        );
    }
    // Without --share-safe the variants differ: the values are in the report.
    let plain = |dir: &Path| {
        run_in(
            dir,
            &[
                "check",
                "vehicles/soyuz-ms.toml",
                "vehicles/crew-dragon.toml",
                "--format",
                "json",
            ],
            &[],
        )
        .stdout
    };
    assert_ne!(plain(one.path()), plain(two.path()));
    for args in share_safe_runs() {
        let mut args = args.clone();
        args.extend(["--share-safe", "--share-key", "share.key"]);
        let first = run_in(one.path(), &args, &[]);
        let second = run_in(two.path(), &args, &[]);
        assert!(
            matches!(first.status, Some(0 | 1)),
            "{args:?}: {}",
            first.stderr
        );
        assert_eq!(first.status, second.status, "{args:?}");
        assert!(
            first.stdout == second.stdout,
            "{args:?}: the output depends on a restricted value:\n{}",
            first_difference(&first.stdout, &second.stdout)
        );
        for out in [&first, &second] {
            for secret in WRITTEN.iter().chain(&[
                "Lifeboat Seven",
                "lifeboat-seven",
                "Ferry Nine",
                "ferry-nine",
                "sokol-kv2.toml",
                "suits/",
                "vehicles/",
            ]) {
                assert!(
                    !out.stdout.contains(secret),
                    "{args:?} shows {secret}:\n{}",
                    context(&out.stdout, secret)
                );
            }
            let dir = one.path().to_string_lossy().into_owned();
            assert!(!out.stdout.contains(&dir), "{args:?} shows the folder");
        }
    }
}

fn first_difference(a: &str, b: &str) -> String {
    let line = a
        .lines()
        .zip(b.lines())
        .position(|(x, y)| x != y)
        .unwrap_or(0);
    format!(
        "line {}:\n- {}\n+ {}",
        line + 1,
        a.lines().nth(line).unwrap_or(""),
        b.lines().nth(line).unwrap_or("")
    )
}

fn context(text: &str, needle: &str) -> String {
    let at = text.find(needle).unwrap_or(0);
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(120)
        .map_or(0, |(i, _)| i);
    let end = (at + needle.len() + 120).min(text.len());
    text.get(start..end).unwrap_or("").to_string()
}

/// Keyed digests and fingerprints: the same with the same party key, other
/// with another key or none, never the file's SHA-256 (which a guess of a
/// restricted seat count from 0 to 10,000 would match).
#[test]
fn share_safe_digests_and_fingerprints_are_keyed() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path(), false);
    write(
        &dir.path().join("other.key"),
        "another key, another party\n",
    );
    let report = |key: Option<&str>| -> serde_json::Value {
        let mut args = vec![
            "check",
            "vehicles/soyuz-ms.toml",
            "vehicles/crew-dragon.toml",
            "--format",
            "json",
            "--share-safe",
        ];
        if let Some(key) = key {
            args.extend(["--share-key", key]);
        }
        let out = run_in(dir.path(), &args, &[]);
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stderr))
    };
    let fingerprints = |r: &serde_json::Value| -> Vec<String> {
        r["directions"][0]["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| f["fingerprint"].to_string())
            .collect()
    };
    let (a, b) = (report(Some("share.key")), report(Some("share.key")));
    assert_eq!(a["specs"], b["specs"]);
    assert_eq!(fingerprints(&a), fingerprints(&b));
    assert!(a["keyed"].as_str().is_some_and(|k| k.contains("party key")));
    for other in [report(Some("other.key")), report(None)] {
        assert_ne!(a["specs"][0]["sha256"], other["specs"][0]["sha256"]);
        assert_ne!(fingerprints(&a), fingerprints(&other));
    }
    let plain = run_in(
        dir.path(),
        &[
            "check",
            "vehicles/soyuz-ms.toml",
            "vehicles/crew-dragon.toml",
            "--format",
            "json",
        ],
        &[],
    );
    let plain: serde_json::Value = serde_json::from_str(&plain.stdout).unwrap();
    let sha = plain["specs"][0]["sha256"].as_str().unwrap_or("?");
    let text = a.to_string();
    assert!(!text.contains(sha), "the plain SHA-256 is printed");
    for f in fingerprints(&plain) {
        assert!(
            !text.contains(f.trim_matches('"')),
            "a plain fingerprint is printed"
        );
    }
    // A key too short to be one is refused.
    write(&dir.path().join("short.key"), "1234\n");
    let short = run_in(
        dir.path(),
        &[
            "check",
            "vehicles/soyuz-ms.toml",
            "vehicles/iss.toml",
            "--share-safe",
            "--share-key",
            "short.key",
        ],
        &[],
    );
    assert_eq!(short.status, Some(2), "{}", short.stderr);
}

// ---------------------------------------------------------------------------
// Resource bounds

/// Peak memory `check X X` and `plan` may use on two specs at the list
/// limits (1,000 ports and 1,000 radios each). Measured: about 120 MB in a
/// release build, a little more in a debug one; the time is measured in
/// docs/performance.md, not here.
const LARGE_SPEC_RSS_KIB: i64 = 400 * 1024;

/// A valid spec with `ports` docking ports and `radios` radios, each radio
/// on its own channel (no pair shares one: the worst case of CONTACT-001).
fn large_spec(id: &str, ports: usize, radios: usize) -> String {
    let mut out = format!(
        "format = 1\n[vehicle]\nid = \"{id}\"\nname = \"Large {id}\"\nkind = \"capsule\"\nmaneuverable = true\n[crew]\nnominal = 2\nseats = 4\n"
    );
    for i in 0..ports {
        out.push_str(&format!(
            "[[ports]]\nid = \"p{i}\"\nstandard = \"idss\"\nroles = [\"active\", \"passive\"]\npassage_diameter = \"{} mm\"\n",
            700 + i % 300
        ));
    }
    for i in 0..radios {
        let f = 100.0 + (i as f64 * 0.37) % 900.0;
        out.push_str(&format!(
            "[[radios]]\nid = \"r{i}\"\ntx_frequencies = [\"{f:.2} MHz\"]\nrx_bands = [{{ min = \"{:.2} MHz\", max = \"{:.2} MHz\" }}]\nmodulation = \"fm\"\nprotocols = [\"analog-voice\"]\n",
            f + 1.0,
            f + 2.0
        ));
    }
    out
}

#[test]
fn specs_at_the_list_limits_go_through_check_and_plan_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("large.toml"),
        &large_spec("large", 1000, 1000),
    );
    write(
        &dir.path().join("radios.toml"),
        &large_spec("radios", 0, 1000),
    );
    std::fs::create_dir_all(dir.path().join("via")).unwrap();
    let dragon = root().join("specs/vehicles/crew-dragon.toml");
    let soyuz = root().join("specs/vehicles/soyuz-ms.toml");
    let os = |s: &str| OsString::from(s);
    let runs: Vec<Vec<OsString>> = vec![
        vec![os("validate"), os("large.toml")],
        vec![os("check"), os("large.toml"), os("large.toml")],
        // The remedy search of a pair this large runs into its time
        // limit: shortened here, the bound is what is tested.
        vec![
            os("plan"),
            soyuz.clone().into_os_string(),
            os("large.toml"),
            os("--via"),
            dragon.parent().unwrap().as_os_str().to_owned(),
            os("--time-limit"),
            os("2"),
        ],
    ];
    for args in runs {
        let run = measured::run(dir.path(), &args);
        assert!(
            matches!(run.status, Some(0..=1)),
            "{args:?}: {:?}\n{}",
            run.status,
            run.stderr
        );
        assert!(
            run.max_rss_kib < LARGE_SPEC_RSS_KIB,
            "{args:?}: peak {} KiB",
            run.max_rss_kib
        );
        assert!(!run.stdout.is_empty(), "{args:?}: no report");
        // Not asserted (the time belongs in docs/performance.md): shown
        // with --nocapture.
        eprintln!("{args:?}: {:?} CPU, {} KiB peak", run.cpu, run.max_rss_kib);
    }
    // One item past the limit is refused, quickly and with the limit named.
    write(&dir.path().join("over.toml"), &large_spec("over", 1001, 0));
    let over = measured::run(dir.path(), &[os("check"), os("over.toml"), os("over.toml")]);
    assert_eq!(over.status, Some(2));
    assert!(over.stderr.contains("at most 1000"), "{}", over.stderr);
}

// ---------------------------------------------------------------------------
// Escaping

/// A name holding every kind of character a reader must not get raw:
/// ESC and a CSI sequence, BEL, NUL, the 8-bit CSI U+009B, bidi overrides,
/// U+FFFE and U+FFFF (not allowed in XML), a line separator, markup of
/// every output kind and `]]>`.
const HOSTILE: &str = "\\u001b[2J\\u0007\\u0000\\u009b\\u202eEvil\\u2066 \\ufffe\\uffff\\u2028<b>bold</b> ]]> &amp; | *x* [l](u) `c`";

/// The hostile name as the spec's TOML basic string holds it, decoded.
fn hostile_decoded() -> String {
    let parsed: toml::Value = toml::from_str(&format!("n = \"{HOSTILE}\"")).unwrap();
    parsed["n"].as_str().unwrap_or_default().to_string()
}

/// Soyuz MS with the hostile name in every name field it has (vehicle,
/// port, radios, suit), kept valid.
fn hostile_library(dir: &Path) {
    library(dir, false);
    let path = dir.join("vehicles/soyuz-ms.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replace(
            "value = \"Soyuz MS\"",
            &format!("value = \"{HOSTILE} Soyuz\""),
        )
        .replace(
            "value = \"SSVP probe\"",
            &format!("value = \"{HOSTILE} probe\""),
        )
        .replace(
            "value = \"VHF voice\"",
            &format!("value = \"{HOSTILE} radio\""),
        );
    write(&path, &text);
    let suit = dir.join("suits/sokol-kv2.toml");
    let text = std::fs::read_to_string(&suit).unwrap().replace(
        "value = \"Sokol-KV2\"",
        &format!("value = \"{HOSTILE} suit\""),
    );
    write(&suit, &text);
}

/// What no output may hold raw (line breaks and tabs aside).
fn raw_unsafe(text: &str) -> Option<char> {
    text.chars()
        .find(|c| *c != '\n' && *c != '\t' && rescue_interop::text::is_unsafe(*c))
}

#[test]
fn hostile_names_come_out_escaped_in_every_format_and_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    hostile_library(dir.path());
    assert!(hostile_decoded().contains('\u{1b}'), "the name is hostile");
    let mut runs = share_safe_runs();
    runs.push(vec!["matrix", "vehicles", "--format", "text", "--findings"]);
    for args in runs {
        let out = run_in(dir.path(), &args, &[]);
        assert!(
            matches!(out.status, Some(0 | 1)),
            "{args:?}: {}",
            out.stderr
        );
        for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert_eq!(raw_unsafe(text), None, "{args:?} {stream}");
        }
        let format = args
            .iter()
            .position(|a| *a == "--format")
            .and_then(|i| args.get(i + 1))
            .copied()
            .unwrap_or("text");
        match format {
            "junit" => {
                let parsed = roxmltree::Document::parse(&out.stdout);
                assert!(parsed.is_ok(), "{args:?}: {parsed:?}");
            }
            "json" | "sarif" => {
                let parsed: Result<serde_json::Value, _> = serde_json::from_str(&out.stdout);
                assert!(parsed.is_ok(), "{args:?}");
            }
            "html" => {
                assert!(!out.stdout.contains("<b>bold"), "{args:?}: raw markup");
                assert!(!out.stdout.contains("]]>"), "{args:?}");
            }
            "markdown" => {
                assert!(!out.stdout.contains("<b>bold"), "{args:?}: raw HTML");
                assert!(!out.stdout.contains("[l](u)"), "{args:?}: a link");
            }
            _ => {}
        }
    }
    // stderr: a problem quoting the hostile text, in a spec and in both
    // data files.
    let bad = dir.path().join("bad");
    write(
        &bad.join("vehicles/x.toml"),
        &format!(
            "format = 1\n[vehicle]\nid = \"x\"\nname = \"X\"\nkind = \"capsule\"\n[[ports]]\nid = \"p\"\nstandard = \"{HOSTILE}\"\n"
        ),
    );
    write(
        &bad.join("crew-envelopes.toml"),
        &format!("[[envelopes]]\nid = \"a\"\nname = \"A\"\nmin_passage_diameter = \"{HOSTILE}\"\n"),
    );
    write(
        &bad.join("interface-standards.toml"),
        &format!(
            "[[standards]]\nid = \"{HOSTILE}\"\nname = \"A\"\noperation = \"docking\"\nandrogynous = true\nsource = \"S\"\n[[mates]]\nstandards = [\"{HOSTILE}\", \"{HOSTILE}x\"]\nsource = \"S\"\n"
        ),
    );
    for args in [
        vec!["validate", "bad"],
        vec!["check", "bad/vehicles/x.toml", "bad/vehicles/x.toml"],
        vec!["matrix", "bad/vehicles"],
        vec![
            "plan",
            "vehicles/crew-dragon.toml",
            "vehicles/iss.toml",
            "--via",
            "bad",
        ],
    ] {
        let out = run_in(dir.path(), &args, &[]);
        assert_eq!(out.status, Some(2), "{args:?}: {}", out.stderr);
        assert_eq!(raw_unsafe(&out.stderr), None, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("\\u{1b}"), "{args:?}: {}", out.stderr);
    }
}

/// Data files get the loader's treatment: a message with line and field.
#[test]
fn data_file_problems_name_their_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("crew-envelopes.toml"),
        "[[envelopes]]\nid = \"a\"\nname = \"A\"\nmin_passage_diameter = \"3 kPa\"\n",
    );
    write(
        &dir.path().join("interface-standards.toml"),
        "[[standards]]\nid = \"a\"\nname = \"A\"\noperation = \"docking\"\nandrogynous = true\nsource = \"S\"\n[[mates]]\nstandards = [\"a\", \"b\"]\nsource = \"S\"\n",
    );
    let out = run_in(dir.path(), &["validate", "."], &[]);
    assert_eq!(out.status, Some(2));
    for expected in [
        "crew-envelopes.toml:4:24",
        "envelopes[a].min_passage_diameter",
        "interface-standards.toml:8:19",
        "unknown standard 'b'",
        "2 problem(s) in 2 of 2 file(s)",
    ] {
        assert!(out.stderr.contains(expected), "{expected}:\n{}", out.stderr);
    }
    // The standards file beside the specs is used: a standard it adds is
    // one a port may name.
    let used = tempfile::tempdir().unwrap();
    let mut standards = bundled("specs/interface-standards.toml");
    standards.push_str(
        "\n[[standards]]\nid = \"new-mechanism\"\nname = \"New\"\noperation = \"docking\"\nandrogynous = true\nsource = \"S\"\n\n[[mates]]\nstandards = [\"new-mechanism\", \"new-mechanism\"]\nsource = \"S\"\n",
    );
    write(&used.path().join("interface-standards.toml"), &standards);
    let port =
        "[[ports]]\nid = \"p\"\nstandard = \"new-mechanism\"\nroles = [\"active\", \"passive\"]\n";
    for id in ["a", "b"] {
        write(
            &used.path().join(format!("vehicles/{id}.toml")),
            &format!(
                "format = 1\n[vehicle]\nid = \"{id}\"\nname = \"{id}\"\nkind = \"capsule\"\n{port}"
            ),
        );
    }
    let out = run_in(
        used.path(),
        &[
            "check",
            "vehicles/a.toml",
            "vehicles/b.toml",
            "--phase",
            "mate",
        ],
        &[],
    );
    assert!(matches!(out.status, Some(0 | 1)), "{}", out.stderr);
    assert!(
        out.stdout.contains("interface-standards.toml"),
        "the file is named"
    );
    assert!(
        !out.stdout.contains("MATE-001 docking-interface: no port"),
        "{}",
        out.stdout
    );
}

// ---------------------------------------------------------------------------
// --out

/// A fleet large enough that writing its HTML matrix takes a while.
fn slow_fleet(dir: &Path) -> PathBuf {
    rescue_interop::synth::write_fleet(dir, 60, 3).unwrap()
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Starts a matrix writing to `out`, waits for its temporary file, then
/// sends `signal`; returns its exit status (None when killed by it).
fn interrupt(fleet: &Path, out: &Path, signal: libc::c_int) -> Option<i32> {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rescue-interop"))
        .args(["matrix", "--format", "html", "--out"])
        .arg(out)
        .arg(fleet)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let dir = out.parent().unwrap();
    let started = std::time::Instant::now();
    while !entries(dir).iter().any(|n| n.contains(".tmp-")) {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "no temporary file appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, signal) };
    child.wait().unwrap().code()
}

#[test]
fn out_survives_sigterm_and_sigint_and_cleans_up_after_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let fleet = slow_fleet(dir.path());
    let out_dir = dir.path().join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    let out = out_dir.join("fleet.html");
    for (signal, status) in [(libc::SIGTERM, 143), (libc::SIGINT, 130)] {
        assert_eq!(interrupt(&fleet, &out, signal), Some(status));
        assert!(entries(&out_dir).is_empty(), "{:?}", entries(&out_dir));
    }
    // SIGKILL cannot be caught: the leftover is removed by the next run.
    assert_eq!(interrupt(&fleet, &out, libc::SIGKILL), None);
    assert_eq!(entries(&out_dir).len(), 1, "a partial file is left");
    let next = run_in(
        root(),
        &[
            "matrix",
            "specs/vehicles/crew-dragon.toml",
            "specs/vehicles/soyuz-ms.toml",
            "--format",
            "html",
            "--out",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(next.status, Some(1), "{}", next.stderr);
    assert_eq!(entries(&out_dir), ["fleet.html"]);
}

#[test]
fn out_keeps_the_mode_refuses_inputs_and_never_writes_through_a_link() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let pair = [
        "specs/vehicles/crew-dragon.toml",
        "specs/vehicles/soyuz-ms.toml",
    ];
    let check = |out: &Path| {
        run_in(
            root(),
            &["check", pair[0], pair[1], "--out", out.to_str().unwrap()],
            &[],
        )
    };
    // A 0600 report stays 0600.
    let private = dir.path().join("private.txt");
    write(&private, "old");
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(check(&private).status, Some(1));
    let mode = std::fs::metadata(&private).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(
        std::fs::read_to_string(&private)
            .unwrap()
            .contains("Crew Dragon")
    );
    // A link planted at the report's name: the report replaces the link,
    // the file it pointed to is untouched.
    let victim = dir.path().join("victim.txt");
    write(&victim, "precious");
    let link = dir.path().join("report.txt");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    assert_eq!(check(&link).status, Some(1));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_file());
    // --out naming an input is refused and the input kept.
    let refused = run_in(root(), &["check", pair[0], pair[0], "--out", pair[0]], &[]);
    assert_eq!(refused.status, Some(2), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("is one of the input files"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        std::fs::read_to_string(root().join(pair[0])).unwrap(),
        bundled(pair[0])
    );
    let refused = run_in(
        root(),
        &["matrix", "specs/vehicles", "--out", "specs/suits/emu.toml"],
        &[],
    );
    assert_eq!(refused.status, Some(2), "{}", refused.stderr);
    assert_eq!(
        entries(dir.path()),
        ["private.txt", "report.txt", "victim.txt"],
        "nothing else written"
    );
}
