//! Rescue planning: paths through adapters and stations, and remediation.
//!
//! `UPDATE_DOCS=1 cargo test --test plan` rewrites `docs/plan.schema.json`.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use rescue_interop::check::{Selection, VerdictKind, check_direction};
use rescue_interop::plan::{self, Plan, PlanOptions};
use rescue_interop::rules::{Environment, Mode, Severity};
use rescue_interop::spec::Vehicle;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &str) -> Vehicle {
    rescue_interop::spec::load_vehicle(&root().join(path))
        .unwrap_or_else(|e| panic!("{path}: {}", e.diagnostics.len()))
}

fn fleet() -> Vec<Vehicle> {
    let (vehicles, problems) = plan::load_intermediates(
        &root().join("specs"),
        rescue_interop::spec::load::LoadContext::new(rescue_interop::spec::Standards::bundled()),
    );
    assert!(problems.is_empty(), "{problems:?}");
    vehicles
}

fn plan_for(a: &str, b: &str) -> Plan {
    plan::plan(
        &load(a),
        &load(b),
        &fleet(),
        &Environment::default(),
        &PlanOptions::default(),
    )
}

fn via(path: &plan::PlanPath) -> Vec<&str> {
    path.via.iter().map(String::as_str).collect()
}

#[test]
fn astp_is_blocked_directly_and_reached_through_the_docking_module() {
    let apollo = load("specs/vehicles/apollo-csm-1975.toml");
    let soyuz = load("specs/vehicles/soyuz-7k-tm-1975.toml");
    let direct = check_direction(
        &apollo,
        &soyuz,
        &Environment::default(),
        &Selection::default(),
    );
    // No pair of ports docks; an EVA crossing stays undetermined because the
    // 1975 specs do not list the crews' suits (a list left out is unknown).
    assert_eq!(direct.verdict().kind, VerdictKind::Undetermined);
    assert_eq!(direct.verdict().mode, Mode::Eva);
    assert!(
        direct
            .findings
            .iter()
            .any(|f| f.rule.id == "MATE-001" && f.severity == Severity::Blocking)
    );

    let plan = plan_for(
        "specs/vehicles/apollo-csm-1975.toml",
        "specs/vehicles/soyuz-7k-tm-1975.toml",
    );
    assert_eq!(plan.direct, VerdictKind::Undetermined);
    let best = plan.paths.first().expect("a path");
    assert_eq!(
        via(best),
        ["apollo-csm-1975", "astp-docking-module", "soyuz-7k-tm-1975"]
    );
    // No blocker on the way; the common-language condition is collected.
    // The verdict is undetermined, not "feasible with conditions": the specs
    // do not give the Docking Module's O2 fraction, volume or passage, nor
    // the radio frequencies (docs/planning.md).
    assert_eq!(best.blocking, 0);
    assert_ne!(best.verdict, VerdictKind::Blocked);
    assert!(best.conditions.iter().any(|c| c.rule == "CONTACT-005"));
    // The crew crosses through the Docking Module's airlock, with the Soyuz
    // cabin lowered within its adjustable band, as the program flew it.
    let crossing = best
        .steps
        .iter()
        .find(|s| {
            s.description
                .contains("through the airlock of ASTP Docking Module")
        })
        .expect("a crossing through the airlock");
    assert_eq!(crossing.verdict, VerdictKind::FeasibleWithConditions);
    assert!(
        crossing
            .conditions
            .iter()
            .any(|c| c.message.contains("Soyuz 7K-TM") && c.message.contains("69 kPa")),
        "{:?}",
        crossing.conditions
    );
    // Both flown: no remediation may swap a docking standard.
    assert!(plan.remedies.is_empty());
}

#[test]
fn astp_docking_module_docks_to_soyuz_as_part_of_the_csm_stack() {
    let plan = plan_for(
        "specs/vehicles/apollo-csm-1975.toml",
        "specs/vehicles/soyuz-7k-tm-1975.toml",
    );
    let best = plan.paths.first().expect("a path");
    let step = best
        .steps
        .iter()
        .find(|s| s.from == "astp-docking-module" && s.to == "soyuz-7k-tm-1975")
        .expect("the Docking Module to Soyuz step");
    // In 1975 the CSM, carrying the Docking Module on its nose, was the
    // active craft of the first docking, Soyuz the passive one (SP4209).
    assert!(
        step.description.starts_with(
            "Apollo CSM (Apollo-Soyuz Test Project) carrying ASTP Docking Module docks to Soyuz 7K-TM"
        ),
        "{}",
        step.description
    );
    // The CSM needs an Apollo docking target, which Soyuz carries: no
    // APPROACH-001 finding; Soyuz's own needs no longer matter.
    let rules: Vec<&str> = step.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(!rules.contains(&"APPROACH-001"), "{rules:?}");
    // The stack's contact conditions are the CSM's: the Apollo spec does not
    // give them, and the finding points at the CSM's port, in its file.
    let envelope = step
        .findings
        .iter()
        .find(|f| f.rule == "APPROACH-002")
        .expect("APPROACH-002 asks for the CSM's contact conditions");
    // No capture envelope is published, but this stack docked to Soyuz 19
    // on 17 Jul 1975: decided by flight record, citing the event.
    assert_eq!(envelope.severity, Severity::Advisory);
    assert!(
        envelope
            .record
            .iter()
            .any(|c| c.event == "astp-apollo-docks-to-soyuz-19" && c.source == "RP1357"),
        "{:?}",
        envelope.record
    );
    assert!(
        envelope
            .locations
            .iter()
            .any(|l| l.spec == "apollo-csm-1975"
                && l.file.ends_with("apollo-csm-1975.toml")
                && l.field == "ports[forward].contact_conditions.closing_speed")
    );
    // The contact energy uses the stack's mass, written in both parts' specs.
    let energy = step
        .findings
        .iter()
        .find(|f| f.rule == "MATE-002")
        .expect("MATE-002");
    for (spec, file) in [
        ("apollo-csm-1975", "apollo-csm-1975.toml"),
        ("astp-docking-module", "astp-docking-module.toml"),
    ] {
        let mass = energy
            .locations
            .iter()
            .find(|l| l.spec == spec && l.field == "vehicle.mass")
            .unwrap_or_else(|| panic!("{spec} mass in {:?}", energy.locations));
        assert!(mass.file.ends_with(file), "{}", mass.file);
        let line = mass.line.expect("a written mass has a line");
        let text = std::fs::read_to_string(root().join(&mass.file)).expect("spec file");
        let written = text.lines().nth(line - 1).unwrap_or("");
        assert!(written.starts_with("mass ="), "{file}:{line}: {written}");
    }
}

/// The other way round, Soyuz carries the Docking Module, whose free end is
/// a passive drogue: the stack cannot chase, so Apollo's probe flies into
/// it, approach included, against the stack's mass.
#[test]
fn a_carried_stack_that_cannot_chase_is_the_target() {
    let plan = plan_for(
        "specs/vehicles/soyuz-7k-tm-1975.toml",
        "specs/vehicles/apollo-csm-1975.toml",
    );
    let path = plan
        .paths
        .iter()
        .find(|p| via(p) == ["soyuz-7k-tm-1975", "astp-docking-module", "apollo-csm-1975"])
        .expect("a path through the Docking Module");
    let step = path
        .steps
        .iter()
        .find(|s| s.from == "astp-docking-module")
        .expect("the Docking Module to Apollo step");
    assert_eq!(
        step.description,
        "Apollo CSM (Apollo-Soyuz Test Project) docks to Soyuz 7K-TM (ASTP Soyuz, Soyuz 19) carrying ASTP Docking Module"
    );
    assert!(
        step.phases
            .contains(&rescue_interop::rules::Phase::Approach)
    );
    assert_eq!(step.blocking, 0, "{:?}", step.findings);
    let energy = step
        .findings
        .iter()
        .find(|f| f.rule == "MATE-002")
        .expect("MATE-002");
    assert!(
        energy
            .locations
            .iter()
            .any(|l| l.spec == "soyuz-7k-tm-1975" && l.field == "vehicle.mass"),
        "{:?}",
        energy.locations
    );
}

/// Every location of every finding of a plan names a spec file that exists,
/// and a line of it that holds the field's last key.
#[test]
fn astp_plan_findings_point_at_real_lines() {
    let plan = plan_for(
        "specs/vehicles/apollo-csm-1975.toml",
        "specs/vehicles/soyuz-7k-tm-1975.toml",
    );
    for path in &plan.paths {
        for step in &path.steps {
            for f in &step.findings {
                for l in &f.locations {
                    let text = std::fs::read_to_string(root().join(&l.file))
                        .unwrap_or_else(|e| panic!("{}: {e}", l.file));
                    let Some(line) = l.line else { continue };
                    let written = text.lines().nth(line - 1).unwrap_or("");
                    let key = l.field.rsplit('.').next().unwrap_or("");
                    assert!(
                        written.contains(key),
                        "{} {}: {}:{line} is {written:?}, not {}",
                        f.rule,
                        step.description,
                        l.file,
                        l.field
                    );
                }
            }
        }
    }
}

#[test]
fn soyuz_ms_reaches_a_dragon_crew_only_through_the_station() {
    let plan = plan_for(
        "specs/vehicles/soyuz-ms.toml",
        "specs/vehicles/crew-dragon.toml",
    );
    let direct = plan.paths.iter().find(|p| p.hops == 1).expect("direct");
    assert_eq!(direct.verdict, VerdictKind::Blocked);
    assert!(
        direct.steps[0].findings.iter().any(
            |f| f.rule == "MATE-001" && f.severity == rescue_interop::rules::Severity::Blocking
        )
    );
    let through_iss = plan
        .paths
        .iter()
        .find(|p| via(p) == ["soyuz-ms", "iss", "crew-dragon"])
        .expect("a path through the ISS");
    // Both dock there: the docking and crossing steps have no blocker.
    for step in through_iss
        .steps
        .iter()
        .filter(|s| s.phases.contains(&rescue_interop::rules::Phase::Mate))
    {
        assert_eq!(step.blocking, 0, "{}", step.description);
    }
    // It ranks above the direct rescue.
    let rank_of = |p: &plan::PlanPath| plan.paths.iter().position(|q| q.via == p.via);
    assert!(rank_of(through_iss) < rank_of(direct));
}

/// The environment of the synthetic pair: its own crew envelopes
/// (`tests/plan/crew-envelopes.toml`, made-up figures), since the bundled
/// ones give no shirt-sleeved or stretcher passage and MATE-003 would leave
/// every docked rescue undetermined. `check` and `plan` read the same file
/// for specs in that folder.
fn synthetic_env() -> Environment {
    let path = root().join("tests/plan/crew-envelopes.toml");
    let (envelopes, _) = rescue_interop::rules::mate::crew_envelopes::load_file(&path)
        .unwrap_or_else(|e| panic!("{e}"));
    Environment {
        crew_envelopes: envelopes.into(),
        ..Environment::default()
    }
}

/// Rule ids of the docked mode's findings at `severity`, sorted.
fn docked_rules(result: &rescue_interop::check::DirectionResult, severity: Severity) -> Vec<&str> {
    let mut ids: Vec<&str> = result
        .findings
        .iter()
        .filter(|f| f.severity == severity && f.rule.modes.contains(&Mode::Docked))
        .map(|f| f.rule.id)
        .collect();
    ids.sort_unstable();
    ids
}

#[test]
fn remediation_lists_the_docking_atmosphere_and_radio_changes_only() {
    let alpha = load("tests/plan/alpha.toml");
    let beta = load("tests/plan/beta.toml");
    let env = synthetic_env();
    let before = check_direction(&alpha, &beta, &env, &Selection::default());
    assert_eq!(before.verdict().kind, VerdictKind::Blocked);
    // One cause each, and nothing else: the docked mode has exactly these
    // blockers, no unknown, and only the hatch equalization the pressure
    // difference calls for.
    assert_eq!(
        docked_rules(&before, Severity::Blocking),
        ["CONTACT-001", "MATE-001", "TRANSFER-001"]
    );
    assert!(docked_rules(&before, Severity::Unknown).is_empty());
    assert_eq!(
        docked_rules(&before, Severity::Conditional),
        ["TRANSFER-003"]
    );

    let plan = plan::plan(&alpha, &beta, &[], &env, &PlanOptions::default());
    assert!(!plan.remedies.is_empty(), "no remedy found");
    for remedy in &plan.remedies {
        let mut fields: Vec<&str> = remedy.changes.iter().map(|c| c.field.as_str()).collect();
        fields.sort_unstable();
        assert_eq!(
            fields,
            ["atmosphere.pressure", "ports[nose].standard", "radios"],
            "{remedy:?}"
        );
        // Alpha has flown: its docking standard is not proposed.
        assert!(
            remedy
                .changes
                .iter()
                .all(|c| c.field != "ports[nose].standard" || c.vehicle == "beta")
        );
        assert_eq!(remedy.verdict, VerdictKind::Feasible, "{remedy:?}");
        let (a, b) = plan::apply_remedy(remedy, &alpha, &beta);
        let after = check_direction(&a, &b, &env, &Selection::default());
        assert_eq!(after.verdict().kind, VerdictKind::Feasible, "{remedy:?}");
        assert_eq!(after.verdict().mode, Mode::Docked);
        assert_eq!(after.undetermined, 0);
    }
    let first = &plan.remedies[0];
    let text: Vec<&str> = first
        .changes
        .iter()
        .map(|c| c.description.as_str())
        .collect();
    assert!(text.iter().any(|t| t.contains("101.3 kPa")), "{text:?}");
    assert!(text.iter().any(|t| t.contains("idss")), "{text:?}");
}

#[test]
fn the_bundled_crew_envelopes_leave_the_remedied_pair_undetermined() {
    // Without the synthetic envelopes the passage a shirt-sleeved or
    // stretcher crossing needs is not known (no public figure), so the same
    // remedy is not shown feasible: the data gap, not the pair, decides.
    let alpha = load("tests/plan/alpha.toml");
    let beta = load("tests/plan/beta.toml");
    let env = Environment::default();
    let plan = plan::plan(&alpha, &beta, &[], &env, &PlanOptions::default());
    let remedy = plan.remedies.first().expect("a remedy");
    assert_eq!(remedy.verdict, VerdictKind::Undetermined);
    let (a, b) = plan::apply_remedy(remedy, &alpha, &beta);
    let after = check_direction(&a, &b, &env, &Selection::default());
    assert_eq!(docked_rules(&after, Severity::Unknown), ["MATE-003"]);
}

#[test]
fn allow_fixed_opens_the_flown_vehicles_docking_standard() {
    let alpha = load("tests/plan/alpha.toml");
    let beta = load("tests/plan/beta.toml");
    let options = PlanOptions {
        allow_fixed: true,
        max_remedies: 50,
        ..PlanOptions::default()
    };
    let plan = plan::plan(&alpha, &beta, &[], &synthetic_env(), &options);
    assert!(plan.remedies.iter().any(|r| {
        r.changes
            .iter()
            .any(|c| c.vehicle == "alpha" && c.field.starts_with("ports["))
    }));
}

#[test]
fn planning_over_the_bundled_fleet_finishes() {
    let vehicles: Vec<PathBuf> = std::fs::read_dir(root().join("specs/vehicles"))
        .expect("specs/vehicles")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    let fleet = fleet();
    let env = Environment::default();
    let loaded: Vec<Vehicle> = vehicles
        .iter()
        .map(|p| rescue_interop::spec::load_vehicle(p).expect("loads"))
        .collect();
    for a in &loaded {
        for b in &loaded {
            if a.id == b.id {
                continue;
            }
            let plan = plan::plan(a, b, &fleet, &env, &PlanOptions::default());
            assert!(
                plan.paths.iter().any(|p| p.hops == 1),
                "{} -> {}: the direct rescue is always judged",
                a.id,
                b.id
            );
        }
    }
}

/// The IDA is installed on the ISS's PMAs (`carried = false`): no plan may
/// fly it on a visiting vehicle, and each plan says why it is left out.
/// The Docking Module, carried by the CSM, stays a node.
#[test]
fn no_bundled_plan_goes_through_an_installed_adapter() {
    let vehicles: Vec<PathBuf> = std::fs::read_dir(root().join("specs/vehicles"))
        .expect("specs/vehicles")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    let fleet = fleet();
    let env = Environment::default();
    let loaded: Vec<Vehicle> = vehicles
        .iter()
        .map(|p| rescue_interop::spec::load_vehicle(p).expect("loads"))
        .collect();
    let mut through_the_module = 0;
    for a in &loaded {
        for b in &loaded {
            if a.id == b.id {
                continue;
            }
            let plan = plan::plan(a, b, &fleet, &env, &PlanOptions::default());
            for path in &plan.paths {
                assert!(
                    !path.via.iter().any(|v| v == "ida"),
                    "{} -> {}: {:?} flies the installed IDA",
                    a.id,
                    b.id,
                    path.via
                );
                if path.via.iter().any(|v| v == "astp-docking-module") {
                    through_the_module += 1;
                }
            }
            // Left out: the installed IDA, and vehicles not where the crew
            // is (the lunar fleet on a rescue in Earth orbit).
            let left: Vec<&str> = plan
                .left_out
                .iter()
                .filter(|l| !l.reason.starts_with("not where the crew is"))
                .map(|l| l.id.as_str())
                .collect();
            assert_eq!(left, ["ida"], "{} -> {}", a.id, b.id);
            assert!(plan.intermediates.iter().any(|i| i == "ida"));
        }
    }
    assert!(
        through_the_module > 0,
        "the carried Docking Module is a node"
    );
}

#[test]
fn the_astp_path_through_the_docking_module_is_unchanged() {
    let plan = plan_for(
        "specs/vehicles/apollo-csm-1975.toml",
        "specs/vehicles/soyuz-7k-tm-1975.toml",
    );
    let best = plan.paths.first().expect("a path");
    assert_eq!(
        via(best),
        ["apollo-csm-1975", "astp-docking-module", "soyuz-7k-tm-1975"]
    );
    assert!(
        best.steps.iter().any(|s| s
            .description
            .contains("carrying ASTP Docking Module docks to")),
        "{:?}",
        best.steps
            .iter()
            .map(|s| &s.description)
            .collect::<Vec<_>>()
    );
}

/// An adapter whose spec does not say whether it is carried is not flown
/// on a guess: the plan leaves it out and says what to give.
#[test]
fn an_adapter_not_known_to_be_carried_is_left_out_and_named() {
    let mut fleet = fleet();
    for v in &mut fleet {
        if v.id == "astp-docking-module" {
            v.info.carried = rescue_interop::spec::Field::default();
        }
    }
    let plan = plan::plan(
        &load("specs/vehicles/apollo-csm-1975.toml"),
        &load("specs/vehicles/soyuz-7k-tm-1975.toml"),
        &fleet,
        &Environment::default(),
        &PlanOptions::default(),
    );
    assert!(
        plan.paths
            .iter()
            .all(|p| !p.via.iter().any(|v| v == "astp-docking-module"))
    );
    let module = plan
        .left_out
        .iter()
        .find(|l| l.id == "astp-docking-module")
        .expect("named");
    assert!(
        module.reason.contains("vehicle.carried"),
        "{}",
        module.reason
    );
}

/// The schema as `schema --of plan` prints it.
fn current_schema_text() -> String {
    rescue_interop::commands::registry::schema_text(
        rescue_interop::commands::registry::SchemaKind::Plan,
    )
}

#[test]
fn published_plan_schema_is_current() {
    let path = root().join("docs/plan.schema.json");
    let expected = current_schema_text();
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &expected).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == expected,
        "docs/plan.schema.json is stale: run `UPDATE_DOCS=1 cargo test --test plan` \
         (or `rescue-interop schema --of plan > docs/plan.schema.json`)"
    );
}

#[test]
fn plan_command_prints_json_valid_against_the_schema() {
    let output = cargo_bin_cmd!("rescue-interop")
        .current_dir(root())
        .args([
            "plan",
            "specs/vehicles/apollo-csm-1975.toml",
            "specs/vehicles/soyuz-7k-tm-1975.toml",
            "--via",
            "specs",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    // No path is feasible on the data the specs hold (undetermined): exit 1.
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let validator = jsonschema::draft7::new(&plan::plan_schema()).expect("valid schema");
    assert!(validator.is_valid(&json));
    assert_eq!(json["paths"][0]["via"][1], "astp-docking-module");
}

#[test]
fn plan_command_text_names_the_remedies() {
    let output = cargo_bin_cmd!("rescue-interop")
        .current_dir(root())
        .args(["plan", "tests/plan/alpha.toml", "tests/plan/beta.toml"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("Smallest changes that unblock the direct rescue"),
        "{text}"
    );
    assert!(
        text.contains("raise the cabin of Beta to 101.3 kPa"),
        "{text}"
    );
    // The command reads tests/plan/crew-envelopes.toml beside the specs, so
    // it agrees with the test above: the remedied rescue is feasible.
    assert!(text.contains("1. (feasible)"), "{text}");
}

// ---------------------------------------------------------------------------
// Every report format of the plan, for the two pairs of the issue.
// `INSTA_UPDATE=always cargo test --test plan` refreshes the snapshots.

const DATE: &str = "2026-01-01";
const FORMATS: &[&str] = &["text", "json", "markdown", "html", "sarif", "junit"];
const PAIRS: &[(&str, &str, &str)] = &[
    (
        "astp",
        "specs/vehicles/apollo-csm-1975.toml",
        "specs/vehicles/soyuz-7k-tm-1975.toml",
    ),
    (
        "soyuz-ms-to-dragon",
        "specs/vehicles/soyuz-ms.toml",
        "specs/vehicles/crew-dragon.toml",
    ),
];

/// `plan A B --via specs --format F` with a fixed date: stdout and status.
fn run_plan(a: &str, b: &str, format: &str) -> (String, i32) {
    let output = cargo_bin_cmd!("rescue-interop")
        .current_dir(root())
        .env("RESCUE_INTEROP_DATE", DATE)
        .args(["plan", a, b, "--via", "specs", "--format", format])
        .output()
        .expect("runs");
    assert!(
        output.stderr.is_empty(),
        "{format}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

#[test]
fn every_plan_format_of_both_pairs() {
    for (name, a, b) in PAIRS {
        for format in FORMATS {
            let (text, code) = run_plan(a, b, format);
            // Neither pair has a path shown feasible on the specs' data.
            assert_eq!(code, 1, "{name} {format}");
            {
                assert!(text.contains(DATE), "{name} {format}: no date");
                assert!(
                    text.contains(rescue_interop::rules::RULESET_VERSION),
                    "{name} {format}: no rule set version"
                );
                let sha = load(a).file.sha256();
                assert!(text.contains(&sha), "{name} {format}: no SHA-256 of {a}");
            }
            insta::assert_snapshot!(format!("{name}__{format}"), text);
        }
    }
}

#[test]
fn plan_json_of_both_pairs_validates_against_the_published_schema() {
    let published: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("docs/plan.schema.json")).expect("schema file"),
    )
    .expect("schema JSON");
    let validator = jsonschema::draft7::new(&published).expect("valid schema");
    for (name, a, b) in PAIRS {
        let (text, _) = run_plan(a, b, "json");
        let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

#[test]
fn plan_junit_parses_with_a_suite_per_path_and_a_case_per_step() {
    for (name, a, b) in PAIRS {
        let plan = plan_for(a, b);
        let (text, _) = run_plan(a, b, "junit");
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let suites: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("testsuite"))
            .collect();
        assert_eq!(suites.len(), plan.paths.len(), "{name}");
        for (suite, path) in suites.iter().zip(&plan.paths) {
            let cases: Vec<_> = suite
                .children()
                .filter(|n| n.has_tag_name("testcase"))
                .collect();
            assert_eq!(cases.len(), path.steps.len(), "{name}");
            let failed = cases
                .iter()
                .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
                .count();
            let blocked = path
                .steps
                .iter()
                .filter(|s| s.verdict == VerdictKind::Blocked)
                .count();
            assert_eq!(failed, blocked, "{name}");
        }
    }
}

#[test]
fn plan_sarif_locates_blocking_and_conditional_findings_at_spec_lines() {
    let (name, a, b) = PAIRS[1];
    let (text, _) = run_plan(a, b, "sarif");
    let sarif: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let plan = plan_for(a, b);
    let expected: usize = plan
        .paths
        .iter()
        .flat_map(|p| &p.steps)
        .flat_map(|s| &s.findings)
        .filter(|f| {
            matches!(
                f.severity,
                rescue_interop::rules::Severity::Blocking
                    | rescue_interop::rules::Severity::Conditional
            )
        })
        .count();
    assert_eq!(results.len(), expected, "{name}");
    assert!(results.iter().any(|r| {
        r["level"] == "error"
            && r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .is_some()
    }));
}

#[test]
fn plan_html_is_self_contained() {
    for (name, a, b) in PAIRS {
        let (html, _) = run_plan(a, b, "html");
        for needle in ["<script", "http://", "https://", " src=", "<link"] {
            assert!(!html.contains(needle), "{name}: {needle}");
        }
        assert!(html.contains("class=\"step "), "{name}: no step boxes");
    }
}

#[test]
fn astp_plan_says_which_conditions_it_uses_and_which_values_are_missing() {
    let (text, _) = run_plan(PAIRS[0].1, PAIRS[0].2, "text");
    for needle in [
        // The conditions the program used.
        "lower the cabin of Soyuz 7K-TM (ASTP Soyuz, Soyuz 19) to 69 kPa (about 10.0 psia)",
        "cycle the airlock of ASTP Docking Module",
        "CONTACT-005: the two crews share no language",
        // Why the path is undetermined rather than feasible with conditions.
        "undetermined: no blocker, relying on 6 condition(s), but 10 value(s) the specs do not give",
        "keep it from \"feasible with conditions\"",
        "MATE-003 transfer-passage",
        // The capture (the CSM's contact conditions are not in the Apollo
        // spec) and the voice channel (no ASTP frequency recovered) are
        // decided by what flew, cited by event.
        "flown APPROACH-002: Apollo-Soyuz Test Project: astp-docking-module port apas-75 docked to soyuz-7k-tm-1975 port apas-75, 17 Jul 1975 [RP1357]",
        "flown CONTACT-001: ",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    // Decided by record, no longer among the values not given.
    let first = text.split("\n2. ").next().unwrap_or("");
    for gone in ["CONTACT-001 voice-channel", "APPROACH-002 capture-envelope"] {
        assert!(!first.contains(gone), "{gone:?} still unknown in:\n{first}");
    }
}

/// The search is bounded: a plan that reaches a bound says so in every
/// format and does not claim that no remedy exists (issue 22).
#[test]
fn a_plan_that_reaches_a_bound_says_it_stopped_early() {
    let alpha = load("tests/plan/alpha.toml");
    let beta = load("tests/plan/beta.toml");
    let env = synthetic_env();
    let unbounded = plan::plan(&alpha, &beta, &[], &env, &PlanOptions::default());
    assert!(
        unbounded.stopped_early.is_empty(),
        "{:?}",
        unbounded.stopped_early
    );
    assert!(!unbounded.remedies.is_empty());

    // The three changes are needed together: two candidates and two
    // trials cannot find them.
    let bounded = PlanOptions {
        max_candidates: 2,
        max_trials: 2,
        ..PlanOptions::default()
    };
    let plan = plan::plan(&alpha, &beta, &[], &env, &bounded);
    assert!(plan.remedies.is_empty());
    let stopped = plan.stopped_early.join("\n");
    assert!(stopped.contains("the first 2 were combined"), "{stopped}");
    assert!(
        stopped.contains("stopped after 2 trial checks"),
        "{stopped}"
    );
    assert_eq!(plan.no_remedy(), Some(plan::NO_REMEDY_WITHIN_BOUNDS));
    for (format, text) in [
        ("text", plan::render_text(&plan)),
        ("json", plan::render_json(&plan)),
        ("markdown", rescue_interop::report::markdown::plan(&plan)),
        ("html", rescue_interop::report::html::plan(&plan)),
        ("sarif", rescue_interop::report::sarif::plan(&plan)),
        ("junit", rescue_interop::report::junit::plan(&plan)),
    ] {
        assert!(text.contains("stopped after 2 trial checks"), "{format}");
    }

    // Out of time at once: the direct rescue is still judged.
    let timed = PlanOptions {
        time_limit: std::time::Duration::ZERO,
        ..PlanOptions::default()
    };
    let plan = plan_for(
        "specs/vehicles/apollo-csm-1975.toml",
        "specs/vehicles/soyuz-7k-tm-1975.toml",
    );
    assert!(plan.paths.len() > 1);
    let full_direct = plan.direct;
    let plan = plan::plan(
        &load("specs/vehicles/apollo-csm-1975.toml"),
        &load("specs/vehicles/soyuz-7k-tm-1975.toml"),
        &fleet(),
        &Environment::default(),
        &timed,
    );
    assert_eq!(plan.paths.len(), 1, "only the direct rescue");
    assert_eq!(plan.direct, full_direct, "the direct rescue judged in full");
    assert!(
        plan.stopped_early.iter().any(|s| s.contains("time limit")),
        "{:?}",
        plan.stopped_early
    );
}

#[test]
fn a_leo_rescue_never_stops_at_a_lunar_lander() {
    // Crew-9 brought the Starliner crew home through the ISS (2024-25);
    // Starship HLS flies in lunar orbit and on the Moon (its vehicle.regime)
    // and is no stop on a rescue in low Earth orbit.
    let (json, _) = run_plan(
        "specs/vehicles/crew-dragon.toml",
        "specs/vehicles/starliner.toml",
        "json",
    );
    let plan: serde_json::Value = serde_json::from_str(&json).expect("json");
    let vias: Vec<Vec<String>> = plan["paths"]
        .as_array()
        .expect("paths")
        .iter()
        .map(|p| {
            p["via"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .collect();
    let iss = vias
        .iter()
        .position(|v| v.iter().any(|s| s == "iss"))
        .expect("a path through the ISS");
    assert!(
        !vias.iter().any(|v| v.iter().any(|s| s == "starship-hls")),
        "{vias:?}"
    );
    assert!(
        vias.iter()
            .take(iss)
            .all(|v| !v.iter().any(|s| s.contains("hls") || s == "gateway-halo")),
        "{vias:?}"
    );
    let left_out = plan["left_out"].as_array().expect("left_out");
    assert!(
        left_out.iter().any(|l| l["id"] == "starship-hls"
            && l["reason"]
                .as_str()
                .is_some_and(|r| r.contains("not where the crew is"))),
        "{left_out:?}"
    );
}
