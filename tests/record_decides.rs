//! The flight record decides what the data leave unknown, and nothing else:
//! a finding the specs cannot decide is decided by a flown event of exactly
//! that interface pair (cited, counted apart from findings decided on data);
//! a published value that fails still fails; a revision that changes a
//! field an event rests on loses the event, and `diff` says so.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use assert_cmd::cargo::cargo_bin_cmd;
use rescue_interop::check::{DirectionResult, Selection, check_direction};
use rescue_interop::record::{At, FlightRecord};
use rescue_interop::rules::{Environment, Severity};
use rescue_interop::spec::{Document, Standards, Vehicle, load};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn spec_path(id: &str) -> PathBuf {
    root().join(format!("specs/vehicles/{id}.toml"))
}

/// A bundled vehicle, its text changed, read as if it sat in its place.
fn vehicle(id: &str, edit: impl Fn(String) -> String) -> Vehicle {
    let path = spec_path(id);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{id}: {e}"));
    match load::load_str(&path, edit(text), Standards::bundled()) {
        Ok(Document::Vehicle(v)) => *v,
        Ok(_) => panic!("{id}: not a vehicle"),
        Err(e) => panic!("{id}: {:#?}", e.diagnostics),
    }
}

fn as_is(text: String) -> String {
    text
}

/// An environment whose record holds no event.
fn without_record() -> Environment {
    let record = FlightRecord::parse(
        Path::new("flight-record.toml"),
        "format = 1\nevents = []\n".to_string(),
    )
    .unwrap_or_else(|e| panic!("{:#?}", e.diagnostics));
    Environment {
        record: Arc::new(record),
        ..Environment::default()
    }
}

fn check(rescuer: &Vehicle, distressed: &Vehicle, env: &Environment) -> DirectionResult {
    check_direction(rescuer, distressed, env, &Selection::default())
}

/// Severities of a rule's findings, sorted.
fn severities(result: &DirectionResult, rule: &str) -> Vec<Severity> {
    let mut out: Vec<Severity> = result
        .findings
        .iter()
        .filter(|f| f.rule.id == rule)
        .map(|f| f.severity)
        .collect();
    out.sort();
    out
}

/// Soyuz MS docking to the ISS: APPROACH-002 and MATE-002 are unknown on
/// the data (no capture envelope, no attenuation energy published) and
/// decided by the docking of Soyuz MS-23 to Poisk, cited by event.
#[test]
fn a_flown_docking_decides_what_the_datasheets_leave_unknown() {
    let (soyuz, iss) = (vehicle("soyuz-ms", as_is), vehicle("iss", as_is));
    let bare = check(&soyuz, &iss, &without_record());
    assert_eq!(severities(&bare, "APPROACH-002"), [Severity::Unknown]);
    assert_eq!(severities(&bare, "MATE-002"), [Severity::Unknown]);
    assert_eq!(bare.by_record, 0);

    let flown = check(&soyuz, &iss, &Environment::default());
    for rule in ["APPROACH-002", "MATE-002"] {
        assert_eq!(severities(&flown, rule), [Severity::Advisory], "{rule}");
        let finding = flown
            .findings
            .iter()
            .find(|f| f.rule.id == rule)
            .unwrap_or_else(|| panic!("{rule}"));
        let events: Vec<&str> = finding
            .body
            .record
            .iter()
            .map(|c| c.event.as_str())
            .collect();
        assert!(
            events.contains(&"soyuz-ms-23-docks-to-poisk"),
            "{rule}: {events:?}"
        );
        let cited = finding
            .body
            .record
            .iter()
            .find(|c| c.event == "soyuz-ms-23-docks-to-poisk")
            .unwrap_or_else(|| panic!("{rule}"));
        assert_eq!(
            (cited.source.as_str(), cited.date.as_str()),
            ("MS23", "26 Feb 2023")
        );
    }
    // Counted apart: as many fewer undetermined evaluations as decided by
    // record, the same evaluations in all.
    assert_eq!(flown.evaluations, bare.evaluations);
    assert!(flown.by_record >= 2, "{}", flown.by_record);
    assert_eq!(flown.undetermined + flown.by_record, bare.undetermined);
    assert_eq!(flown.decided_on_data(), bare.decided_on_data());
}

/// A published value that fails is never overridden: Soyuz MS given a
/// closing speed beyond what Poisk captures still blocks APPROACH-002,
/// though MS-23 docked there (the event rests on standard and roles, which
/// did not change, so it still applies and decides the rest).
#[test]
fn a_record_never_turns_a_failing_published_value_into_a_pass() {
    let soyuz = vehicle("soyuz-ms", |t| {
        t.replacen(
            "passage_diameter = { value = \"unknown\", note = \"not found in WP-SSVP, RP1357, SSI\" }",
            "passage_diameter = { value = \"unknown\", note = \"not found in WP-SSVP, RP1357, SSI\" }\n\
             contact_conditions = { closing_speed = { min = \"0.2 m/s\", max = \"0.5 m/s\" } }",
            1,
        )
    });
    // Every drogue of the station captures at most 0.35 m/s.
    let iss = vehicle("iss", |t| {
        t.replace(
            "roles = { value = [\"passive\"], source = \"WP-SSVP\", note = \"drogue\" }",
            "roles = { value = [\"passive\"], source = \"WP-SSVP\", note = \"drogue\" }\n\
             capture_envelope = { closing_speed = { min = \"0.1 m/s\", max = \"0.35 m/s\" } }",
        )
    });
    assert!(
        iss.ports
            .iter()
            .any(|p| p.capture_envelope.closing_speed.value().is_some()),
        "the edit gave Poisk an envelope"
    );
    let env = Environment::default();
    // The event still applies to these specs ...
    let poisk = At::new(&iss, "poisk");
    assert!(
        !env.record
            .docked(At::new(&soyuz, "forward"), poisk)
            .is_empty()
    );
    // ... and the closing speed still blocks wherever it is compared.
    let result = check(&soyuz, &iss, &env);
    let approach = severities(&result, "APPROACH-002");
    assert!(approach.contains(&Severity::Blocking), "{approach:?}");
    assert!(!approach.contains(&Severity::Unknown), "{approach:?}");
}

/// A revision that changes a port's standard drops every event resting on
/// it: the record no longer decides, and `lost_by_revision` (what `diff`
/// prints) names the event and the field.
#[test]
fn a_revision_that_changes_the_port_standard_drops_the_record() {
    let old = vehicle("iss", as_is);
    let new = vehicle("iss", |t| {
        t.replacen(
            "id = \"poisk\"\nname = { value = \"Poisk (MRM-2)\", source = \"WP-SSVP\" }\nstandard = { value = \"ssvp-g4000\", source = \"WP-SSVP\" }",
            "id = \"poisk\"\nname = { value = \"Poisk (MRM-2)\", source = \"WP-SSVP\" }\nstandard = { value = \"ssvp-m8000\", source = \"WP-SSVP\" }",
            1,
        )
    });
    let soyuz = vehicle("soyuz-ms", as_is);
    let record = FlightRecord::bundled();
    assert!(
        !record
            .docked(At::new(&soyuz, "forward"), At::new(&old, "poisk"))
            .is_empty()
    );
    assert!(
        record
            .docked(At::new(&soyuz, "forward"), At::new(&new, "poisk"))
            .is_empty()
    );
    let lost = rescue_interop::diff::records_lost(record, &old, &new);
    let ids: Vec<&str> = lost.iter().map(|l| l.event.as_str()).collect();
    assert!(ids.contains(&"soyuz-ms-23-docks-to-poisk"), "{ids:?}");
    let poisk = lost
        .iter()
        .find(|l| l.event == "soyuz-ms-23-docks-to-poisk")
        .unwrap_or_else(|| panic!("{ids:?}"));
    assert_eq!(poisk.fields, ["ports[poisk].standard"]);
    // Events about other ports stay.
    assert!(!ids.contains(&"soyuz-ms-22-docks-to-rassvet"), "{ids:?}");
}

/// `diff` says which records a revision loses, in text and JSON.
#[test]
fn diff_names_the_records_a_revision_loses() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let old = spec_path("iss");
    let text = std::fs::read_to_string(&old).unwrap_or_else(|e| panic!("{e}"));
    // The revision in a folder of its own, with the suit files it names.
    let vehicles = dir.path().join("vehicles");
    let suits = dir.path().join("suits");
    for d in [&vehicles, &suits] {
        std::fs::create_dir_all(d).unwrap_or_else(|e| panic!("{e}"));
    }
    for entry in std::fs::read_dir(root().join("specs/suits")).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if let Some(name) = path.file_name() {
            std::fs::copy(&path, suits.join(name)).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let new = vehicles.join("iss.toml");
    let edited = text.replacen(
        "standard = { value = \"ssvp-g4000\", source = \"WP-SSVP\" }\nroles = { value = [\"passive\"], source = \"WP-SSVP\", note = \"drogue\" }\nnav_aids_carried = { value = [\"kurs-transponder\"], source = \"R16\" }\n\n[[ports]]\nid = \"zvezda-aft\"",
        "standard = { value = \"ssvp-m8000\", source = \"WP-SSVP\" }\nroles = { value = [\"passive\"], source = \"WP-SSVP\", note = \"drogue\" }\nnav_aids_carried = { value = [\"kurs-transponder\"], source = \"R16\" }\n\n[[ports]]\nid = \"zvezda-aft\"",
        1,
    );
    assert_ne!(edited, text, "the edit found Poisk's standard");
    std::fs::write(&new, edited).unwrap_or_else(|e| panic!("{e}"));
    let run = |format: &str| {
        let out = cargo_bin_cmd!("rescue-interop")
            .current_dir(dir.path())
            .args(["diff", &old.to_string_lossy(), &new.to_string_lossy()])
            .args(["--format", format])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let (text_out, json_out) = (run("text"), run("json"));
    assert!(text_out.contains("flight record lost:"), "{text_out}");
    assert!(
        text_out.contains("soyuz-ms-23-docks-to-poisk"),
        "{text_out}"
    );
    assert!(text_out.contains("ports[poisk].standard"), "{text_out}");
    let json: serde_json::Value =
        serde_json::from_str(&json_out).unwrap_or_else(|e| panic!("{e}: {json_out}"));
    let lost: Vec<&str> = json["records_lost"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["event"].as_str())
        .collect();
    assert!(lost.contains(&"soyuz-ms-23-docks-to-poisk"), "{json_out}");
}

/// The bundled scenarios: which findings the record decides (rule id,
/// severity advisory, the event cited), and that each stays undetermined
/// only on values no flown event covers (the rule ids listed).
#[test]
fn the_bundled_scenarios_are_decided_by_record_where_history_covers_them() {
    use rescue_interop::check::check_situation;
    use rescue_interop::scenario::load::load_scenario;
    // (scenario, (rule, event cited) decided by record, rules left unknown)
    type Case = (
        &'static str,
        &'static [(&'static str, &'static str)],
        &'static [&'static str],
    );
    let cases: [Case; 4] = [
        (
            "soyuz-ms-22-ms-23",
            &[
                ("APPROACH-002", "soyuz-ms-23-docks-to-poisk"),
                ("MATE-002", "soyuz-ms-23-docks-to-poisk"),
            ],
            &[
                "CONTACT-001",
                "MATE-003",
                "TRANSFER-001",
                "TRANSFER-002",
                "SUSTAIN-001",
                "SUSTAIN-002",
                "RETURN-002",
                "RETURN-004",
            ],
        ),
        (
            "starliner-cft-crew-9",
            &[
                ("APPROACH-002", "crew-9-relocates-to-harmony-zenith"),
                ("MATE-002", "crew-9-relocates-to-harmony-zenith"),
                ("SUSTAIN-001", "crew-9-returns-cft-crew-in-spacex-suits"),
            ],
            &[
                "CONTACT-001",
                "MATE-003",
                "TRANSFER-001",
                "TRANSFER-002",
                "SUSTAIN-002",
                "RETURN-002",
                // Crew Dragon's undock-to-landing time is not published.
                "REACH-004",
            ],
        ),
        (
            "apollo-soyuz-1975",
            &[
                ("CONTACT-001", "astp-voice-apollo-soyuz"),
                ("APPROACH-002", "astp-apollo-docks-to-soyuz-19"),
                ("MATE-002", "astp-apollo-docks-to-soyuz-19"),
                ("MATE-002", "astp-csm-docks-to-docking-module"),
            ],
            &[
                "MATE-003",
                "MATE-005",
                "SUSTAIN-001",
                "SUSTAIN-002",
                "RETURN-002",
                "RETURN-004",
                // Soyuz 19's orbit is not in its spec; the 1975 CSM's
                // launch site, readiness and endurance figures are not given.
                "REACH-001",
                "REACH-003",
                "REACH-004",
            ],
        ),
        (
            "shenzhou-20-22",
            &[("MATE-002", "shenzhou-22-docks-to-tianhe-forward")],
            &[
                "CONTACT-001",
                "MATE-003",
                "MATE-005",
                "TRANSFER-001",
                "TRANSFER-002",
                "TRANSFER-003",
                "TRANSFER-004",
                "SUSTAIN-001",
                "SUSTAIN-002",
                "RETURN-002",
                "RETURN-004",
                // How long Tiangong sustains the crew is not published.
                "REACH-003",
            ],
        ),
    ];
    for (id, decided, unknown) in cases {
        let path = root().join(format!("specs/scenarios/{id}.toml"));
        let scenario =
            load_scenario(&path).unwrap_or_else(|e| panic!("{id}: {:#?}", e.diagnostics));
        let result = check_situation(
            &scenario.situation(),
            &Environment::default(),
            &Selection::default(),
        );
        let mode = result.verdict().mode;
        let in_mode = || result.findings.iter().filter(|f| f.modes.contains(mode));
        for (rule, event) in decided {
            assert!(
                in_mode().any(|f| f.rule.id == *rule
                    && f.severity == Severity::Advisory
                    && f.body.record.iter().any(|c| c.event == *event)),
                "{id}: {rule} decided by {event}"
            );
        }
        let mut left: Vec<&str> = in_mode()
            .filter(|f| f.severity == Severity::Unknown)
            .map(|f| f.rule.id)
            .collect();
        left.sort_unstable();
        left.dedup();
        let mut expected = unknown.to_vec();
        expected.sort_unstable();
        assert_eq!(left, expected, "{id}: the values no flown event covers");
        assert!(
            !in_mode().any(|f| f.severity == Severity::Blocking),
            "{id}: no blocker"
        );
    }
}

/// Data that contradict a record are a finding of their own, beside the
/// blocker the record never lifts: with an interface-standards file in
/// which SSVP does not mate SSVP, Soyuz MS and the ISS block at MATE-001,
/// and MATE-001 also says the data contradict the dockings on record.
#[test]
fn data_contradicting_a_record_is_a_finding_of_its_own() {
    let text = std::fs::read_to_string(root().join("specs/interface-standards.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mate = "[[mates]]\nstandards = [\"ssvp-g4000\", \"ssvp-g4000\"]\nsource = \"WP-SSVP\"\n";
    assert!(text.contains(mate), "the bundled file mates SSVP with SSVP");
    let standards = Standards::parse(&text.replacen(mate, "", 1)).unwrap_or_else(|e| panic!("{e}"));
    let env = Environment {
        standards: Arc::new(standards),
        ..Environment::default()
    };
    let (soyuz, iss) = (vehicle("soyuz-ms", as_is), vehicle("iss", as_is));
    let result = check(&soyuz, &iss, &env);
    assert_eq!(
        severities(&result, "MATE-001"),
        [Severity::Unknown, Severity::Blocking]
    );
    let contradiction = result
        .findings
        .iter()
        .find(|f| f.rule.id == "MATE-001" && f.severity == Severity::Unknown)
        .unwrap_or_else(|| panic!("MATE-001 unknown"));
    assert!(
        contradiction.body.message.contains("contradict"),
        "{}",
        contradiction.body.message
    );
    assert!(!contradiction.body.record.is_empty());
    // With the bundled standards there is nothing to contradict.
    let bundled = check(&soyuz, &iss, &Environment::default());
    assert!(severities(&bundled, "MATE-001").is_empty());
}
