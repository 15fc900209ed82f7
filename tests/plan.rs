//! Rescue planning: paths through adapters and stations, and remediation.
//!
//! `UPDATE_DOCS=1 cargo test --test plan` rewrites `docs/plan.schema.json`.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use rescue_interop::check::{Selection, VerdictKind, check_direction};
use rescue_interop::plan::{self, Plan, PlanOptions};
use rescue_interop::rules::Environment;
use rescue_interop::spec::Vehicle;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &str) -> Vehicle {
    rescue_interop::spec::load_vehicle(&root().join(path))
        .unwrap_or_else(|e| panic!("{path}: {}", e.diagnostics.len()))
}

fn fleet() -> Vec<Vehicle> {
    let (vehicles, problems) = plan::load_intermediates(&root().join("specs"));
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
    assert_eq!(direct.verdict.kind, VerdictKind::Blocked);
    assert!(direct.findings.iter().any(|f| f.rule.id == "MATE-001"));

    let plan = plan_for(
        "specs/vehicles/apollo-csm-1975.toml",
        "specs/vehicles/soyuz-7k-tm-1975.toml",
    );
    assert_eq!(plan.direct, VerdictKind::Blocked);
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

#[test]
fn remediation_lists_the_docking_atmosphere_and_radio_changes_only() {
    let alpha = load("tests/plan/alpha.toml");
    let beta = load("tests/plan/beta.toml");
    let env = Environment::default();
    let before = check_direction(&alpha, &beta, &env, &Selection::default());
    assert_eq!(before.verdict.kind, VerdictKind::Blocked);

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
        let (a, b) = plan::apply_remedy(remedy, &alpha, &beta);
        let after = check_direction(&a, &b, &env, &Selection::default());
        assert_ne!(after.verdict.kind, VerdictKind::Blocked, "{remedy:?}");
        assert_eq!(after.verdict.kind, remedy.verdict);
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
fn allow_fixed_opens_the_flown_vehicles_docking_standard() {
    let alpha = load("tests/plan/alpha.toml");
    let beta = load("tests/plan/beta.toml");
    let options = PlanOptions {
        allow_fixed: true,
        max_remedies: 50,
        ..PlanOptions::default()
    };
    let plan = plan::plan(&alpha, &beta, &[], &Environment::default(), &options);
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

fn current_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&plan::plan_schema()).expect("serializes");
    text.push('\n');
    text
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
}
