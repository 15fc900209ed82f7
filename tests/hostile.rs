//! Hostile input: files built to crash, hang or exhaust the tool. Each case
//! runs the real binary in a scratch folder and asserts exit status 2, the
//! message, no raw control or bidi character in the output, nothing written,
//! and bounded resources: the child's CPU time (from `wait4`'s rusage, not
//! the wall clock) and its peak resident memory, under an address-space
//! limit set before exec.
//!
//! The static cases are files in tests/hostile/; the others (huge, deep,
//! special files) are made at test time. tests/bad_specs is the separate
//! corpus of ordinary spec mistakes.

mod measured;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use measured::run;

const HEAD: &str =
    "format = 1\n[vehicle]\nid = \"hostile\"\nname = \"Hostile\"\nkind = \"capsule\"\n";

/// CPU time any one case may take (user + system). The slowest case takes
/// under 0.5 s in a debug build.
const CPU_BOUND: Duration = Duration::from_secs(3);
/// Peak resident memory any one case may use. 90000 `[[ports]]` tables,
/// the worst case, peak near 300 MiB.
const RSS_BOUND_KIB: i64 = 512 * 1024;
/// Every entry under `dir`, without following links, with sizes.
fn listing(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                stack.push(path.clone());
            }
            out.push((path, meta.len()));
        }
    }
    out.sort();
    out
}

/// A case: builds its files in a scratch folder and returns the arguments,
/// or `None` when it cannot be set up here (file permissions as root).
struct Case {
    name: &'static str,
    setup: fn(&Path) -> Option<Vec<OsString>>,
    expect: &'static [&'static str],
}

fn copy_static(dir: &Path, name: &str) -> Option<Vec<OsString>> {
    let file = format!("{name}.toml");
    std::fs::copy(Path::new("tests/hostile").join(&file), dir.join(&file)).ok()?;
    Some(vec!["validate".into(), file.into()])
}

fn write(dir: &Path, file: &str, text: &str) -> Option<Vec<OsString>> {
    std::fs::write(dir.join(file), text).ok()?;
    Some(vec!["validate".into(), file.into()])
}

fn mkfifo(path: &Path) -> Option<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    // SAFETY: a valid NUL-terminated path.
    (unsafe { libc::mkfifo(c.as_ptr(), 0o644) } == 0).then_some(())
}

macro_rules! static_case {
    ($name:literal, $($expect:literal),+) => {
        Case {
            name: $name,
            setup: |dir| copy_static(dir, $name),
            expect: &[$($expect),+],
        }
    };
}

fn cases() -> Vec<Case> {
    vec![
        // Extreme numbers.
        static_case!(
            "pressure_1e308_kpa",
            "atmosphere.pressure",
            "too large to represent"
        ),
        static_case!(
            "length_1e400_m",
            "eva.hatch_diameter",
            "too large to represent"
        ),
        static_case!("huge_integer", "crew.seats", "99999999999999999999"),
        static_case!(
            "integer_beyond_u32",
            "crew.seats",
            "4294967296, outside 0 to 10000"
        ),
        static_case!("negative_zero_then_error", "unknown field 'presure'"),
        // Control and bidirectional characters: shown escaped.
        static_case!(
            "escape_in_key",
            "invalid basic string",
            "\\u{1b}[31mred\\u{1b}[0m"
        ),
        static_case!("bidi_override_in_key", "unknown field 'pres\\u{202e}sure'"),
        static_case!(
            "bidi_in_duplicate_port_id",
            "the id 'fwd\\u{202e}' is used twice"
        ),
        static_case!("escape_in_unit", "invalid basic string", "\\u{1b}[2J"),
        static_case!("nul_escape_in_string", "vehicle.kind", "cap\\u{0}sule"),
        // Suit files that are not suit files.
        static_case!("self_as_suit_file", "is not a suit file"),
        static_case!(
            "suit_file_dev_zero",
            "suits[zero].file",
            "not a regular file"
        ),
        static_case!(
            "deep_inline_small",
            "atmosphere.pressure",
            "unknown key 'a'"
        ),
        Case {
            name: "escape_in_file_name",
            setup: |dir| write(dir, "evil\u{1b}[2J.toml", "format = 1\n[vehicle]\n"),
            expect: &["evil\\u{1b}[2J.toml"],
        },
        Case {
            name: "bidi_in_file_name",
            setup: |dir| write(dir, "evil\u{202e}lmot.toml", "format = 1\n[vehicle]\n"),
            expect: &["evil\\u{202e}lmot.toml"],
        },
        // Size.
        Case {
            name: "one_byte_over_the_limit",
            setup: |dir| {
                let mut text = HEAD.to_string();
                text.push_str(&"#".repeat(1024 * 1024 + 1 - HEAD.len() - 1));
                text.push('\n');
                write(dir, "big.toml", &text)
            },
            expect: &["big.toml", "1048577 bytes", "limited to 1048576 bytes"],
        },
        Case {
            name: "64_gib_sparse_file",
            setup: |dir| {
                let file = std::fs::File::create(dir.join("huge.toml")).ok()?;
                file.set_len(64 << 30).ok()?;
                Some(vec!["validate".into(), "huge.toml".into()])
            },
            expect: &["huge.toml", "68719476736 bytes"],
        },
        Case {
            name: "enormous_array",
            setup: |dir| {
                let items = "\"1 MHz\",".repeat(100_000);
                write(
                    dir,
                    "array.toml",
                    &format!("{HEAD}[[radios]]\nid = \"r\"\ntx_frequencies = [{items}]\n"),
                )
            },
            expect: &["radios[r].tx_frequencies"],
        },
        Case {
            name: "90000_tables",
            setup: |dir| {
                write(
                    dir,
                    "tables.toml",
                    &format!("{HEAD}{}", "[[ports]]\n".repeat(90_000)),
                )
            },
            expect: &[
                "the required field 'id' is missing",
                "a list of 90000 tables (at most 1000 are accepted)",
                "801 more problem(s) not shown",
            ],
        },
        Case {
            name: "20000_unknown_keys",
            setup: |dir| {
                let keys: String = (0..20_000).map(|i| format!("k{i} = 1\n")).collect();
                write(dir, "keys.toml", &format!("{HEAD}[atmosphere]\n{keys}"))
            },
            expect: &["unknown field 'k", "19800 more problem(s) not shown"],
        },
        Case {
            name: "megabyte_key",
            setup: |dir| {
                write(
                    dir,
                    "key.toml",
                    &format!("{HEAD}{} = 1\n", "a".repeat(1_000_000)),
                )
            },
            expect: &["unknown field 'aaaa"],
        },
        // Depth.
        Case {
            name: "10000_nested_inline_tables",
            setup: |dir| {
                let n = 10_000;
                let text = format!("{HEAD}x = {}1{}\n", "{a=".repeat(n), "}".repeat(n));
                write(dir, "deep.toml", &text)
            },
            expect: &["deep.toml", "TOML error"],
        },
        Case {
            name: "100000_nested_arrays",
            setup: |dir| {
                let n = 100_000;
                let text = format!("{HEAD}x = {}{}\n", "[".repeat(n), "]".repeat(n));
                write(dir, "deep.toml", &text)
            },
            expect: &["deep.toml", "TOML error"],
        },
        Case {
            name: "5000_segment_table_header",
            setup: |dir| {
                let header = vec!["a"; 5000].join(".");
                write(dir, "deep.toml", &format!("{HEAD}[{header}]\n"))
            },
            expect: &["deep.toml", "recursion limit"],
        },
        // Special files.
        Case {
            name: "directory_given_to_check",
            setup: |dir| {
                std::fs::create_dir(dir.join("folder.toml")).ok()?;
                let spec = std::fs::canonicalize("specs/vehicles/crew-dragon.toml").ok()?;
                Some(vec!["check".into(), "folder.toml".into(), spec.into()])
            },
            expect: &["folder.toml", "is a directory"],
        },
        Case {
            name: "symlink_loop_in_folder",
            setup: |dir| {
                let fleet = dir.join("fleet");
                std::fs::create_dir(&fleet).ok()?;
                std::os::unix::fs::symlink(".", fleet.join("again")).ok()?;
                std::os::unix::fs::symlink("../fleet", fleet.join("up")).ok()?;
                std::os::unix::fs::symlink("loop.toml", fleet.join("loop.toml")).ok()?;
                std::fs::write(fleet.join("bad.toml"), "format = 1\n[vehicle]\n").ok()?;
                Some(vec!["validate".into(), "fleet".into()])
            },
            expect: &["bad.toml", "loop.toml", "cannot read", "symbolic links"],
        },
        Case {
            name: "symlink_to_itself",
            setup: |dir| {
                std::os::unix::fs::symlink("self.toml", dir.join("self.toml")).ok()?;
                Some(vec!["validate".into(), "self.toml".into()])
            },
            expect: &[
                "self.toml",
                "cannot read",
                "symbolic links",
                "1 problem(s) in 1 of 1 file(s)",
            ],
        },
        Case {
            name: "unreadable_file",
            setup: |dir| {
                use std::os::unix::fs::PermissionsExt;
                let path = dir.join("secret.toml");
                std::fs::write(&path, HEAD).ok()?;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).ok()?;
                // As root, permissions are not enforced: nothing to test.
                if std::fs::read(&path).is_ok() {
                    return None;
                }
                Some(vec!["validate".into(), "secret.toml".into()])
            },
            expect: &["secret.toml", "permission denied"],
        },
        Case {
            name: "fifo_as_spec",
            setup: |dir| {
                mkfifo(&dir.join("pipe.toml"))?;
                Some(vec!["validate".into(), "pipe.toml".into()])
            },
            expect: &["pipe.toml", "not a regular file"],
        },
        Case {
            name: "fifo_as_suit_file",
            setup: |dir| {
                mkfifo(&dir.join("suit.toml"))?;
                let text = format!("{HEAD}\n[[suits]]\nid = \"s\"\nfile = \"suit.toml\"\n");
                write(dir, "spec.toml", &text)
            },
            expect: &["suits[s].file", "not a regular file"],
        },
        Case {
            name: "dev_zero_as_spec",
            setup: |_| Some(vec!["validate".into(), "/dev/zero".into()]),
            expect: &["/dev/zero", "not a regular file"],
        },
        Case {
            name: "raw_nul_byte",
            setup: |dir| write(dir, "nul.toml", &format!("{HEAD}\0\n")),
            expect: &["nul.toml", "TOML error"],
        },
        Case {
            name: "check_with_out_writes_nothing_on_bad_input",
            setup: |dir| {
                std::fs::write(dir.join("bad.toml"), "format = 1\n[vehicle]\n").ok()?;
                let spec = std::fs::canonicalize("specs/vehicles/crew-dragon.toml").ok()?;
                Some(vec![
                    "check".into(),
                    spec.into(),
                    "bad.toml".into(),
                    "--format".into(),
                    "json".into(),
                    "--out".into(),
                    "report.json".into(),
                ])
            },
            expect: &["bad.toml", "missing"],
        },
    ]
}

#[test]
fn the_corpus_has_at_least_20_cases_beyond_the_spec_format_corpus() {
    let cases = cases();
    assert!(cases.len() >= 20, "{} cases", cases.len());
    let mut names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names repeat");
    // Every static file is a case.
    for entry in std::fs::read_dir("tests/hostile").expect("tests/hostile") {
        let path = entry.expect("entry").path();
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        assert!(
            names.contains(&stem),
            "{} is not run by any case",
            path.display()
        );
    }
}

#[test]
fn every_hostile_input_is_refused_within_bounds() {
    let mut failures = Vec::new();
    let mut skipped = Vec::new();
    for case in cases() {
        let dir = tempfile::tempdir().expect("temp dir");
        let Some(args) = (case.setup)(dir.path()) else {
            skipped.push(case.name);
            continue;
        };
        let before = listing(dir.path());
        let run = run(dir.path(), &args);
        let after = listing(dir.path());
        eprintln!(
            "{:<45} exit {:?}, {:>4} ms CPU, {:>6} KiB peak",
            case.name,
            run.status,
            run.cpu.as_millis(),
            run.max_rss_kib
        );
        let mut problems = Vec::new();
        if run.status != Some(2) {
            problems.push(format!("exit status {:?}, not 2", run.status));
        }
        for expected in case.expect {
            if !run.stderr.contains(expected) {
                problems.push(format!("stderr lacks {expected:?}"));
            }
        }
        let output = format!("{}{}", run.stdout, run.stderr);
        if let Some(c) = output
            .chars()
            .find(|c| (c.is_control() && *c != '\n') || ('\u{202a}'..='\u{202e}').contains(c))
        {
            problems.push(format!("output holds a raw {c:?}"));
        }
        if run.stderr.contains("panicked") {
            problems.push("panicked".into());
        }
        if before != after {
            problems.push("files were written or removed".into());
        }
        if run.cpu > CPU_BOUND {
            problems.push(format!("took {:?} of CPU (bound {CPU_BOUND:?})", run.cpu));
        }
        if run.max_rss_kib > RSS_BOUND_KIB {
            problems.push(format!(
                "peaked at {} KiB (bound {RSS_BOUND_KIB})",
                run.max_rss_kib
            ));
        }
        // Put permissions back so the temp dir can be removed.
        let _ = std::process::Command::new("chmod")
            .arg("-R")
            .arg("u+rwx")
            .arg(dir.path())
            .status();
        if !problems.is_empty() {
            let excerpt: String = run.stderr.chars().take(600).collect();
            failures.push(format!(
                "{}: {}\n--- stderr:\n{excerpt}",
                case.name,
                problems.join("; ")
            ));
        }
    }
    if !skipped.is_empty() {
        eprintln!("skipped here (not enforceable): {skipped:?}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A valid spec whose names hold an escape sequence and a bidi override:
/// `check` runs (exit 0 or 1), and the text report prints the name escaped.
#[test]
fn names_with_control_characters_are_escaped_in_check_reports() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string("specs/vehicles/soyuz-ms.toml")
        .expect("bundled spec")
        .replacen(
            "value = \"Soyuz MS\"",
            "value = \"\\u001b[2J\\u202eevil Soyuz MS\"",
            1,
        );
    let spec = dir.path().join("specs/vehicles");
    std::fs::create_dir_all(&spec).expect("folders");
    std::fs::write(spec.join("evil.toml"), &text).expect("write spec");
    // A copy of the suit file: one reached through a symbolic link out of
    // the spec's library is not read.
    std::fs::create_dir_all(dir.path().join("specs/suits")).expect("folders");
    std::fs::copy(
        "specs/suits/sokol-kv2.toml",
        dir.path().join("specs/suits/sokol-kv2.toml"),
    )
    .expect("copy the suit file");
    let other = std::fs::canonicalize("specs/vehicles/crew-dragon.toml").expect("spec");
    let run = run(
        dir.path(),
        &[
            "check".into(),
            "specs/vehicles/evil.toml".into(),
            other.into(),
        ],
    );
    assert!(
        matches!(run.status, Some(0 | 1)),
        "{:?}: {}",
        run.status,
        run.stderr
    );
    assert!(
        run.stdout.contains("\\u{1b}[2J\\u{202e}evil"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{202e}'));
    assert!(run.cpu < CPU_BOUND, "{:?}", run.cpu);
}
