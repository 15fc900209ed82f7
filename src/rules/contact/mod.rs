//! Rules of the `contact` phase: can the two crews and their controls talk?
//!
//! `channel` holds the radio arithmetic the rules share (does a pair of
//! radios share a channel, how far apart are they).

pub mod channel;
pub mod distress_beacon;
pub mod link_margin;
pub mod link_protection;
pub mod ranging_radios;
pub mod suit_radio;
pub mod time_reference;
pub mod voice_channel;
pub mod working_language;

use super::Rule;

pub static RULES: &[&Rule] = &[
    &voice_channel::RULE,
    &link_margin::RULE,
    &link_protection::RULE,
    &ranging_radios::RULE,
    &working_language::RULE,
    &time_reference::RULE,
    &distress_beacon::RULE,
    &suit_radio::RULE,
];

/// Runs the fixtures of the contact rules (`tests/rules/CONTACT-*/<case>/`)
/// until the shared harness `tests/rules.rs` covers them.
#[cfg(test)]
mod fixtures {
    use std::path::Path;

    use crate::check::{Selection, check_pair};
    use crate::rules::Environment;
    use crate::spec::load_vehicle;

    fn expected(table: &toml::Table, key: &str) -> Vec<String> {
        let mut v: Vec<String> = table
            .get(key)
            .and_then(toml::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    #[test]
    fn every_contact_fixture_gives_its_expected_severities() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
        let mut failures = Vec::new();
        let mut rule_dirs: Vec<_> = std::fs::read_dir(&root)
            .expect("tests/rules exists")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("CONTACT-"))
            })
            .collect();
        rule_dirs.sort();
        assert!(!rule_dirs.is_empty());
        for rule_dir in rule_dirs {
            let id = rule_dir
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            assert!(super::super::find(&id).is_some(), "{id} is not a rule");
            let mut cases: Vec<_> = std::fs::read_dir(&rule_dir)
                .expect("rule dir")
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect();
            cases.sort();
            let names: Vec<String> = cases
                .iter()
                .filter_map(|c| c.file_name()?.to_str().map(str::to_string))
                .collect();
            assert!(
                names.iter().any(|n| n.starts_with("pass")),
                "{id}: no pass case"
            );
            assert!(
                names.iter().any(|n| n.starts_with("fail")),
                "{id}: no fail case"
            );
            for case in cases {
                let a = load_vehicle(&case.join("a.toml"))
                    .unwrap_or_else(|e| panic!("{}: {e:?}", case.display()));
                let b = load_vehicle(&case.join("b.toml"))
                    .unwrap_or_else(|e| panic!("{}: {e:?}", case.display()));
                let expect: toml::Table =
                    toml::from_str(&std::fs::read_to_string(case.join("expect.toml")).unwrap())
                        .unwrap();
                let results = check_pair(&a, &b, &Environment::default(), &Selection::default());
                for (i, key) in ["a_rescues_b", "b_rescues_a"].into_iter().enumerate() {
                    let mut got: Vec<String> = results[i]
                        .findings
                        .iter()
                        .filter(|f| f.rule.id == id)
                        .map(|f| f.severity.as_str().to_string())
                        .collect();
                    got.sort();
                    let want = expected(&expect, key);
                    if got != want {
                        let messages: Vec<&str> = results[i]
                            .findings
                            .iter()
                            .filter(|f| f.rule.id == id)
                            .map(|f| f.body.message.as_str())
                            .collect();
                        failures.push(format!(
                            "{} {key}: got {got:?}, want {want:?}: {messages:?}",
                            case.display()
                        ));
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
