//! `--help` of the tool and of each subcommand explains what it does, what
//! it takes and how it exits.

use assert_cmd::Command;

fn help(args: &[&str]) -> String {
    let output = Command::cargo_bin("rescue-interop")
        .expect("binary is built")
        .env("COLUMNS", "100")
        .args(args)
        .arg("--help")
        .output()
        .expect("binary runs");
    assert!(output.status.success(), "{args:?} --help failed");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Checks phrases with whitespace collapsed, so that wrapping at any
/// terminal width does not matter.
fn assert_mentions(text: &str, phrases: &[&str]) {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for phrase in phrases {
        assert!(text.contains(phrase), "help lacks {phrase:?}:\n{text}");
    }
}

#[test]
fn top_level_help_says_what_the_tool_is_for() {
    assert_mentions(
        &help(&[]),
        &[
            "joint astronaut rescue",
            "docs/spec-format.md",
            "Exit status",
            "validate",
            "check",
            "rules",
            "explain",
            "schema",
            "Examples:",
            "rescue-interop validate specs",
        ],
    );
}

#[test]
fn validate_help_explains_paths_and_exit_status() {
    assert_mentions(
        &help(&["validate"]),
        &[
            "file, line, column and field",
            "folders searched recursively for .toml files",
            "Every problem in every",
            "did you mean",
            "Exit status: 0 when all files are valid, 2 otherwise",
            "docs/spec-format.md",
            "Examples:",
        ],
    );
}

#[test]
fn check_help_explains_directions_options_and_exit_status() {
    assert_mentions(
        &help(&["check"]),
        &[
            "A rescues B's crew, and B rescues A's crew",
            "Spec of vehicle A",
            "--format",
            "--phase",
            "--fail-on",
            "--range",
            "--out",
            "--quiet",
            "Exit status",
            "Examples:",
        ],
    );
}

#[test]
fn rules_and_explain_help_say_what_they_print() {
    assert_mentions(
        &help(&["rules"]),
        &[
            "rule registry",
            "default severity",
            "explain ID",
            "--format",
        ],
    );
    assert_mentions(
        &help(&["explain"]),
        &[
            "one rule's documentation",
            "Rule id (MATE-001)",
            "how to resolve",
        ],
    );
}

#[test]
fn schema_help_names_the_committed_copy_and_editors() {
    assert_mentions(
        &help(&["schema"]),
        &[
            "JSON Schema (draft-07)",
            "docs/spec.schema.json",
            "taplo",
            "#:schema",
            "--of",
            "The JSON check report",
        ],
    );
}
