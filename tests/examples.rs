//! Every example command in README.md, CONTRIBUTING.md and docs/*.md runs
//! as written (issue 21): each `sh` block's lines are run by bash, in
//! order, in a scratch copy of the repository's specs and test fixtures (a
//! git repository of two commits, for `diff --against HEAD~1`), with
//! `rescue-interop` the binary under test and `cargo run [--release] --`
//! standing for it. A command passes when it exits 0 or 1 (findings), never
//! 2 (bad input or usage).
//!
//! Toolchain and measurement recipes (`cargo test`, `cargo bench`,
//! `cargo build`, `cargo fmt`, `cargo clippy`, the fuzzer and synth-fleet
//! examples, hyperfine, valgrind, `/usr/bin/time`) are not commands of the
//! tool; they are listed by [`is_recipe`] and not run here (CI runs the
//! first three itself).

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The commands of the `sh` blocks of `text`, continuation lines joined.
fn commands(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_block = false;
    let mut pending = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if !in_block {
            in_block = ["```sh", "```bash", "```shell"].contains(&trimmed);
            continue;
        }
        if trimmed.starts_with("```") {
            in_block = false;
            continue;
        }
        if let Some(head) = trimmed.strip_suffix('\\') {
            pending.push_str(head);
            pending.push(' ');
            continue;
        }
        pending.push_str(trimmed);
        let command = std::mem::take(&mut pending);
        if !command.is_empty() && !command.starts_with('#') {
            out.push(command);
        }
    }
    out
}

/// Whether a line is a toolchain or measurement recipe rather than a
/// command of the tool.
fn is_recipe(command: &str) -> bool {
    [
        "cargo test",
        "cargo bench",
        "cargo build",
        "cargo fmt",
        "cargo clippy",
        "cargo run --release --example",
        "cargo run --example",
        "./target/",
        "/usr/bin/time",
        "hyperfine",
        "RAYON_NUM_THREADS=1 valgrind",
    ]
    .iter()
    .any(|p| command.starts_with(p))
}

fn documents() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md"), root().join("CONTRIBUTING.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "md"))
                .collect()
        })
        .unwrap_or_default();
    docs.sort();
    files.extend(docs);
    files
}

fn copy_dir(from: &Path, to: &Path) {
    let _ = std::fs::create_dir_all(to);
    for entry in std::fs::read_dir(from).into_iter().flatten().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            copy_dir(&entry.path(), &target);
        } else {
            let _ = std::fs::copy(entry.path(), &target);
        }
    }
}

/// A scratch repository: the specs, the diff fixtures and the example
/// waivers, committed twice; `bin/` holds `rescue-interop` and a `cargo`
/// that runs it.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let w = dir.path();
    copy_dir(&root().join("specs"), &w.join("specs"));
    copy_dir(&root().join("tests/diff"), &w.join("tests/diff"));
    let _ = std::fs::create_dir_all(w.join("examples"));
    let _ = std::fs::copy(
        root().join("examples/waivers.toml"),
        w.join("examples/waivers.toml"),
    );
    let _ = std::fs::create_dir_all(w.join("target"));
    let bin = w.join("bin");
    let _ = std::fs::create_dir_all(&bin);
    let exe = env!("CARGO_BIN_EXE_rescue-interop");
    let _ = std::os::unix::fs::symlink(exe, bin.join("rescue-interop"));
    let shim = format!(
        "#!/bin/sh\n\
         # `cargo run [--release] -- ARGS` of the examples: the binary under test.\n\
         [ \"$1\" = run ] || {{ echo \"cargo shim: only 'cargo run' is an example\" >&2; exit 2; }}\n\
         shift\n\
         [ \"$1\" = --release ] && shift\n\
         [ \"$1\" = -- ] || {{ echo \"cargo shim: expected --\" >&2; exit 2; }}\n\
         shift\n\
         exec '{exe}' \"$@\"\n"
    );
    let _ = std::fs::write(bin.join("cargo"), shim);
    let _ = Command::new("chmod")
        .arg("+x")
        .arg(bin.join("cargo"))
        .status();
    let git = |args: &[&str]| {
        let output = Command::new("git")
            .current_dir(w)
            .args(["-c", "user.name=test", "-c", "user.email=test@example.org"])
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("git: {e}"));
        assert!(output.status.success(), "git {args:?}: {output:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "specs", "tests", "examples"]);
    git(&["commit", "-q", "-m", "specs"]);
    git(&["commit", "-q", "--allow-empty", "-m", "a later revision"]);
    dir
}

#[test]
fn the_extraction_finds_the_readme_set_up_and_tour() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap_or_default();
    let found = commands(&readme);
    assert!(found.iter().any(|c| c.starts_with(
        "cargo run --release -- check specs/vehicles/crew-dragon.toml specs/vehicles/soyuz-ms.toml"
    )));
    assert!(found.iter().any(|c| c == "cargo test"));
    assert!(found.len() > 20, "{found:?}");
    assert!(
        found.iter().all(|c| !c.contains("A.toml")),
        "placeholders do not run as written: {found:?}"
    );
}

#[test]
fn every_example_command_runs_as_written() {
    let dir = workspace();
    let path = format!(
        "{}:{}",
        dir.path().join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    let mut failures = Vec::new();
    for doc in documents() {
        let text = std::fs::read_to_string(&doc).unwrap_or_default();
        for command in commands(&text) {
            if is_recipe(&command) {
                continue;
            }
            let output = Command::new("bash")
                .args(["--norc", "--noprofile", "-o", "pipefail", "-c", &command])
                .current_dir(dir.path())
                .env("PATH", &path)
                .env("NO_COLOR", "1")
                .env_remove("RESCUE_INTEROP_DATE")
                .env_remove("SOURCE_DATE_EPOCH")
                .output()
                .unwrap_or_else(|e| panic!("bash: {e}"));
            ran += 1;
            let code = output.status.code().unwrap_or(-1);
            if !matches!(code, 0 | 1) {
                failures.push(format!(
                    "{}: `{command}` exited {code}: {}",
                    doc.strip_prefix(root()).unwrap_or(&doc).display(),
                    String::from_utf8_lossy(&output.stderr)
                        .lines()
                        .take(3)
                        .collect::<Vec<_>>()
                        .join(" / ")
                ));
            }
        }
    }
    assert!(ran > 40, "only {ran} commands found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
