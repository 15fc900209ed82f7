//! docs/flight-record.md against the tool: its example commands run as
//! written, and its table of the bundled record lists exactly the events
//! the record holds.

use std::collections::BTreeSet;
use std::path::PathBuf;

use assert_cmd::Command;
use rescue_interop::record::FlightRecord;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn doc() -> String {
    std::fs::read_to_string(crate_dir().join("docs/flight-record.md"))
        .expect("docs/flight-record.md")
}

#[test]
fn every_example_command_of_the_page_runs_as_written() {
    let text = doc();
    let commands: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("rescue-interop "))
        .collect();
    assert!(commands.len() >= 2, "no example commands found");
    for command in commands {
        let output = Command::cargo_bin("rescue-interop")
            .expect("binary is built")
            .current_dir(crate_dir())
            .args(command.split_whitespace())
            .output()
            .expect("binary runs");
        assert!(
            output.status.success(),
            "rescue-interop {command}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn the_page_lists_every_bundled_event_and_no_other() {
    let text = doc();
    let listed: BTreeSet<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|rest| rest.split('`').next())
        .filter(|id| !id.starts_with("[events") && !id.contains(' ') && id.contains('-'))
        .map(String::from)
        .collect();
    let bundled: BTreeSet<String> = FlightRecord::bundled()
        .events
        .iter()
        .map(|e| e.id().to_string())
        .collect();
    assert!(!bundled.is_empty());
    assert_eq!(
        listed, bundled,
        "docs/flight-record.md and specs/flight-record.toml differ"
    );
}
