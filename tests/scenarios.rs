//! Rescue scenarios: the bundled ones come out as the rescues they describe
//! did (verdict per direction, deciding phase and mode, conditions by rule
//! id and severity, never wording), bad scenario files are refused with
//! file, line and field, and the scenario format's schema is current.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use rescue_interop::check::{DirectionResult, Selection, VerdictKind, check_situation};
use rescue_interop::plan::{PlanOptions, remediate_scenario};
use rescue_interop::rules::{Environment, Mode, Phase, Severity};
use rescue_interop::scenario::Scenario;
use rescue_interop::scenario::load::load_scenario;
use rescue_interop::spec::{Document, Standards, load};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bundled(id: &str) -> Scenario {
    let path = root().join(format!("specs/scenarios/{id}.toml"));
    load_scenario(&path).unwrap_or_else(|e| panic!("{id}: {:#?}", e.diagnostics))
}

/// A bundled scenario's text, changed, read as if it sat beside it.
fn edited(id: &str, edit: impl Fn(String) -> String) -> Scenario {
    let path = root().join(format!("specs/scenarios/{id}.toml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{id}: {e}"));
    match load::load_str(&path, edit(text), Standards::bundled()) {
        Ok(Document::Scenario(s)) => *s,
        Ok(_) => panic!("{id}: not a scenario"),
        Err(e) => panic!("{id}: {:#?}", e.diagnostics),
    }
}

fn run(scenario: &Scenario) -> DirectionResult {
    check_situation(
        &scenario.situation(),
        &Environment::default(),
        &Selection::default(),
    )
}

/// The findings of the verdict's mode at `severity`: rule id -> count.
fn of(result: &DirectionResult, severity: Severity) -> BTreeMap<&'static str, usize> {
    let mut out = BTreeMap::new();
    for f in result
        .findings
        .iter()
        .filter(|f| f.severity == severity && f.modes.contains(result.verdict().mode))
    {
        *out.entry(f.rule.id).or_default() += 1;
    }
    out
}

fn counts(pairs: &[(&'static str, usize)]) -> BTreeMap<&'static str, usize> {
    pairs.iter().copied().collect()
}

/// A verdict "undetermined" may rest only on values no source gives: each
/// unknown finding of the verdict's mode points at a field that is not
/// written, or written "unknown" (never at a value the tool misread), or
/// says in words what a spec leaves out.
fn undetermined_only_on_named_values(scenario: &Scenario, result: &DirectionResult) {
    let report = rescue_interop::report::model::build_scenario_report(
        &[(scenario, result)],
        &rescue_interop::report::model::Judging::default(),
    );
    let direction = &report.directions[0];
    let mut unknowns = 0;
    for f in direction
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Unknown && f.modes.contains(&direction.verdict.mode))
    {
        unknowns += 1;
        let named = f.locations.iter().any(|l| match l.line {
            None => true,
            Some(line) => std::fs::read_to_string(root().join(&l.file))
                .ok()
                .and_then(|text| text.lines().nth(line - 1).map(str::to_string))
                .is_some_and(|text| text.contains("unknown")),
        });
        let said = f.message.contains("not given")
            || f.message.contains("lists no")
            || f.message.contains("not known");
        assert!(
            named || said,
            "{} rests on no named value: {}",
            f.rule,
            f.message
        );
    }
    assert!(unknowns > 0, "an undetermined verdict has unknown findings");
}

#[test]
fn soyuz_ms_22_ms_23_through_the_iss_uncrewed_with_the_liners_moved() {
    let scenario = bundled("soyuz-ms-22-ms-23");
    let result = run(&scenario);
    assert_eq!(result.verdict().kind, VerdictKind::Undetermined);
    assert_eq!(result.verdict().mode, Mode::ViaStation);
    assert_eq!(result.verdict().phase, Some(Phase::Contact));
    assert!(of(&result, Severity::Blocking).is_empty());
    // The documented condition: the liners moved into MS-23.
    assert_eq!(
        of(&result, Severity::Conditional),
        counts(&[("RETURN-003", 1)])
    );
    // Uncrewed, MS-23 has a seat for each of the three.
    assert!(!result.findings.iter().any(|f| f.rule.id == "RETURN-001"));
    undetermined_only_on_named_values(&scenario, &result);
}

#[test]
fn crew_9_brings_the_starliner_crew_home_in_the_suits_it_carried() {
    let scenario = bundled("starliner-cft-crew-9");
    let result = run(&scenario);
    undetermined_only_on_named_values(&scenario, &result);
    assert_eq!(result.verdict().kind, VerdictKind::Undetermined);
    assert_eq!(result.verdict().mode, Mode::ViaStation);
    // Reach comes first: Crew Dragon's undock-to-landing time is not
    // published (REACH-004).
    assert_eq!(result.verdict().phase, Some(Phase::Reach));
    assert!(of(&result, Severity::Blocking).is_empty());
    assert_eq!(
        of(&result, Severity::Conditional),
        counts(&[("RETURN-003", 1)])
    );
    // The carried SpaceX suits plug in: no SUSTAIN-001 blocker.
    assert!(
        !result
            .findings
            .iter()
            .any(|f| f.rule.id == "SUSTAIN-001" && f.severity == Severity::Blocking)
    );
    // Two seats empty, two crew to rescue: seats and suit ports suffice.
    for rule in ["RETURN-001", "RETURN-004"] {
        assert!(!result.findings.iter().any(|f| f.rule.id == rule), "{rule}");
    }
}

#[test]
fn without_the_carried_suits_crew_9_blocks_on_the_starliner_suits() {
    let scenario = edited("starliner-cft-crew-9", |text| {
        let start = text
            .find("[[rescuer.carries.suits]]")
            .expect("carried suits");
        let end = text.find("[transfer]").expect("transfer");
        format!("{}{}", &text[..start], &text[end..])
    });
    assert!(scenario.suits_for_rescued.is_empty());
    let result = run(&scenario);
    assert_eq!(result.verdict().kind, VerdictKind::Blocked);
    assert_eq!(result.verdict().phase, Some(Phase::Sustain));
    assert_eq!(
        of(&result, Severity::Blocking),
        counts(&[("SUSTAIN-001", 1)]),
        "the Boeing suit both wear does not plug into Crew Dragon"
    );
}

#[test]
fn shenzhou_22_flies_up_uncrewed_to_tiangong() {
    let scenario = bundled("shenzhou-20-22");
    let result = run(&scenario);
    assert_eq!(result.verdict().kind, VerdictKind::Undetermined);
    assert_eq!(result.verdict().mode, Mode::ViaStation);
    // Reach comes first: how long Tiangong sustains the crew is not
    // published (REACH-003).
    assert_eq!(result.verdict().phase, Some(Phase::Reach));
    assert!(of(&result, Severity::Blocking).is_empty());
    // Shenzhou's seat cushions are made for each astronaut (CMG-SZ20): the
    // crew's must be in Shenzhou-22 to ride home in it.
    assert_eq!(
        of(&result, Severity::Conditional),
        counts(&[("RETURN-003", 1)])
    );
    assert!(!result.findings.iter().any(|f| f.rule.id == "RETURN-001"));
    undetermined_only_on_named_values(&scenario, &result);
}

#[test]
fn apollo_reaches_soyuz_through_the_docking_module_on_the_1975_conditions() {
    let scenario = bundled("apollo-soyuz-1975");
    let result = run(&scenario);
    undetermined_only_on_named_values(&scenario, &result);
    assert_eq!(result.verdict().kind, VerdictKind::Undetermined);
    assert_eq!(result.verdict().mode, Mode::Docked);
    assert!(of(&result, Severity::Blocking).is_empty());
    // The 1975 conditions: interpreters and the glossary on three links,
    // the Soyuz cabin lowered and the module cycled as an airlock; and two
    // more couches for the Soyuz crew in the CSM (TIME75).
    assert_eq!(
        of(&result, Severity::Conditional),
        counts(&[("CONTACT-005", 3), ("PLAN", 2), ("RETURN-001", 1)])
    );
    // The docking is judged through the module the CSM carries.
    assert!(
        result
            .findings
            .iter()
            .filter_map(|f| f.leg.as_ref())
            .any(|leg| leg.description.contains("carrying ASTP Docking Module"))
    );
}

#[test]
fn rubio_in_the_crew_5_dragon_as_far_as_the_plan_is_public() {
    let scenario = bundled("rubio-crew-5-dragon");
    let result = run(&scenario);
    // The liner and the fifth position are documented, and NASA counted
    // Endurance a five-person lifeboat: no blocker. What he would wear in
    // Dragon, and plug into, is not published: undetermined on it.
    assert_eq!(result.verdict().kind, VerdictKind::Undetermined);
    assert_eq!(result.verdict().mode, Mode::ViaStation);
    assert!(of(&result, Severity::Blocking).is_empty());
    assert_eq!(
        of(&result, Severity::Conditional),
        counts(&[("RETURN-003", 1)])
    );
    for rule in ["SUSTAIN-001", "RETURN-004"] {
        let finding = result
            .findings
            .iter()
            .find(|f| f.rule.id == rule && f.severity == Severity::Unknown)
            .unwrap_or_else(|| panic!("{rule} is unknown on his suit"));
        assert!(
            finding
                .body
                .fields
                .iter()
                .any(|f| f.path == "distressed.people[flight-engineer].suit"),
            "{rule} names the unpublished suit: {:?}",
            finding.body.fields
        );
    }
    undetermined_only_on_named_values(&scenario, &result);
}

#[test]
fn rubio_in_his_sokol_would_not_plug_into_the_crew_5_dragon() {
    // Had he worn his Soyuz Sokol: its two hoses do not fit Dragon's thigh
    // umbilical, and a fifth rider has no port.
    let scenario = edited("rubio-crew-5-dragon", |text| {
        let start = text.find("suit = { value = \"unknown\"").expect("suit");
        let end = start + text[start..].find('\n').expect("line");
        format!(
            "{}suit = \"../suits/sokol-kv2.toml\"{}",
            &text[..start],
            &text[end..]
        )
    });
    let result = run(&scenario);
    assert_eq!(result.verdict().kind, VerdictKind::Blocked);
    assert_eq!(result.verdict().phase, Some(Phase::Sustain));
    assert_eq!(
        of(&result, Severity::Blocking),
        counts(&[("SUSTAIN-001", 1)])
    );
    // The smallest fix is the one NASA used for the Starliner crew in 2024.
    let remedies = remediate_scenario(&scenario, &Environment::default(), &PlanOptions::default());
    assert!(
        remedies.iter().any(|r| r.changes.len() == 1
            && r.changes[0].field == "rescuer.carries.suits"
            && r.verdict != VerdictKind::Blocked),
        "{remedies:#?}"
    );
}

#[test]
fn the_us_china_hypothetical_lists_every_blocking_cause_and_what_unblocks_it() {
    let scenario = bundled("us-china-shenzhou-dragon");
    let result = run(&scenario);
    assert_eq!(result.verdict().kind, VerdictKind::Blocked);
    let mut causes: Vec<&str> = result
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Blocking)
        .map(|f| f.rule.id)
        .collect();
    causes.sort_unstable();
    causes.dedup();
    assert_eq!(
        causes,
        ["CONTACT-005", "MATE-001", "SUSTAIN-001", "TRANSFER-006"]
    );
    // Seats and suit ports are conditions: Crew Dragon flies uncrewed (its
    // Demo-1 did), which frees four of each for the three.
    for rule in ["RETURN-001", "RETURN-004"] {
        assert!(
            result
                .findings
                .iter()
                .any(|f| f.rule.id == rule && f.severity == Severity::Conditional),
            "{rule}"
        );
    }
    // Every mode is blocked: docked, through Tiangong and EVA.
    let assessed: Vec<_> = result
        .judgement
        .modes
        .iter()
        .filter(|m| m.assessed)
        .collect();
    assert_eq!(assessed.len(), 3);
    assert!(assessed.iter().all(|m| m.kind == VerdictKind::Blocked));
    // Crew Dragon is flown: its docking system is a fixed field, so only
    // with --allow-fixed is there a set of changes that unblocks it.
    let env = Environment::default();
    assert!(remediate_scenario(&scenario, &env, &PlanOptions::default()).is_empty());
    let remedies = remediate_scenario(
        &scenario,
        &env,
        &PlanOptions {
            allow_fixed: true,
            ..PlanOptions::default()
        },
    );
    assert!(!remedies.is_empty());
    let smallest = remedies.iter().map(|r| r.changes.len()).min().unwrap_or(0);
    assert!(remedies.iter().all(|r| r.changes.len() == smallest));
    for remedy in &remedies {
        assert_ne!(remedy.verdict, VerdictKind::Blocked);
        let fields: Vec<&str> = remedy.changes.iter().map(|c| c.field.as_str()).collect();
        assert!(
            fields.iter().any(|f| f.ends_with(".standard")),
            "{fields:?}"
        );
        assert!(fields.contains(&"communication.interpreter"), "{fields:?}");
    }
}

#[test]
fn the_default_scenario_states_its_defaults() {
    let output = cargo_bin_cmd!("rescue-interop")
        .current_dir(root())
        .args([
            "check",
            "specs/vehicles/crew-dragon.toml",
            "specs/vehicles/soyuz-ms.toml",
            "--format",
            "json",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"));
    let scenarios = report["scenarios"].as_array().cloned().unwrap_or_default();
    assert_eq!(scenarios.len(), 2, "one per direction");
    for s in &scenarios {
        let assumed: Vec<&str> = s["assumed"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_str())
            .collect();
        for words in ["nominal crew", "nothing is carried", "free-flying"] {
            assert!(
                assumed.iter().any(|a| a.contains(words)),
                "{words}: {assumed:?}"
            );
        }
        assert_eq!(s["location"], "free-flying");
    }
}

#[test]
fn every_bad_scenario_exits_2_with_file_line_and_field() {
    let dir = root().join("tests/bad_scenarios");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "{cases:?}");
    for case in cases {
        let expected = std::fs::read_to_string(case.with_extension("expected"))
            .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        // The cases name the bundled specs, outside their own folder's
        // library: the repository is the root they may be read in.
        let output = cargo_bin_cmd!("rescue-interop")
            .current_dir(root())
            .args(["scenario", "--root", "."])
            .arg(case.strip_prefix(root()).unwrap_or(&case))
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{}: {stderr}",
            case.display()
        );
        assert!(
            output.stdout.is_empty(),
            "{}: wrote a report",
            case.display()
        );
        for line in expected.lines().filter(|l| !l.trim().is_empty()) {
            assert!(
                stderr.contains(line),
                "{}: expected {line:?} in\n{stderr}",
                case.display()
            );
        }
    }
}

#[test]
fn a_bad_scenario_leaves_no_half_written_report() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("report.json");
    let output = cargo_bin_cmd!("rescue-interop")
        .current_dir(root())
        .args([
            "scenario",
            "specs/scenarios/soyuz-ms-22-ms-23.toml",
            "tests/bad_scenarios/station_port_not_found.toml",
            "--format",
            "json",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        !out.exists(),
        "nothing is written when a scenario does not load"
    );
}

#[test]
fn every_format_of_the_bundled_scenarios() {
    let schema_text =
        std::fs::read_to_string(root().join("docs/report.schema.json")).unwrap_or_default();
    let schema: serde_json::Value =
        serde_json::from_str(&schema_text).unwrap_or_else(|e| panic!("{e}"));
    let validator = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{e}"));
    for format in ["text", "json", "markdown", "html", "sarif", "junit"] {
        let output = cargo_bin_cmd!("rescue-interop")
            .current_dir(root())
            .env("RESCUE_INTEROP_DATE", "2026-01-01")
            .args(["scenario", "--format", format])
            .args([
                "specs/scenarios/soyuz-ms-22-ms-23.toml",
                "specs/scenarios/starliner-cft-crew-9.toml",
            ])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(0), "{format}: no blocker");
        // The scenario is stated up front, in every format.
        assert!(text.contains("Crew-9"), "{format}");
        assert!(text.contains("MS-23"), "{format}");
        if format == "json" {
            let report: serde_json::Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
            let errors: Vec<String> = validator
                .iter_errors(&report)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{errors:?}");
            assert_eq!(report["directions"].as_array().map(Vec::len), Some(2));
            assert_eq!(
                report["scenarios"][1]["carried"][0],
                "2 spacex-iva-for-cft suit(s) for the rescued crew"
            );
        }
    }
}

#[test]
fn the_published_scenario_schema_is_current_and_accepts_the_bundled_scenarios() {
    let path = root().join("docs/scenario.schema.json");
    let generated = rescue_interop::scenario::schema::scenario_schema_text();
    if std::env::var_os("UPDATE_SCHEMA").is_some_and(|v| !v.is_empty() && v != "0") {
        std::fs::write(&path, &generated).unwrap_or_else(|e| panic!("{e}"));
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/scenario.schema.json is stale: `rescue-interop schema --of scenario > docs/scenario.schema.json`"
    );
    let validator = jsonschema::draft7::new(rescue_interop::scenario::schema::scenario_schema())
        .unwrap_or_else(|e| panic!("not draft-07: {e}"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("specs/scenarios"))
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    assert!(files.len() >= 6);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        let json = serde_json::to_value(value).unwrap_or_default();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
    }
}

#[test]
fn the_soyuz_ms_diagonal_is_judged_through_the_iss_not_blocked_at_mate() {
    let output = cargo_bin_cmd!("rescue-interop")
        .current_dir(root())
        .args(["matrix", "specs", "--format", "json"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let matrix: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"));
    let cell = matrix["cells"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["rescuer"] == "soyuz-ms" && c["distressed"] == "soyuz-ms")
        .cloned()
        .expect("a diagonal cell");
    assert_ne!(cell["verdict"], "blocked", "{cell}");
    assert_eq!(cell["mode"], "via_station", "{cell}");
    assert!(
        matrix["defaults"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|d| d["distressed"] == "soyuz-ms" && d["station"] == "iss"),
        "the matrix says it put the Soyuz MS crew at the ISS"
    );
}

/// A path of a JSON plan: its vehicle ids, its verdict, its blocking rule ids.
type PlanPath = (Vec<String>, String, Vec<String>);

/// The JSON plan and its paths.
fn plan_paths(args: &[&str]) -> (serde_json::Value, Vec<PlanPath>) {
    let output = cargo_bin_cmd!("rescue-interop")
        .current_dir(root())
        .args(["plan", "--via", "specs", "--format", "json"])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let plan: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    let paths = plan["paths"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let via = p["via"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(String::from))
                .collect();
            let blocking = p["steps"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|s| s["findings"].as_array().into_iter().flatten())
                .filter(|f| f["severity"] == "blocking")
                .filter_map(|f| f["rule"].as_str().map(String::from))
                .collect();
            (
                via,
                p["verdict"].as_str().unwrap_or("").to_string(),
                blocking,
            )
        })
        .collect();
    (plan, paths)
}

#[test]
fn a_plan_of_the_crew_9_scenario_judges_its_paths_with_the_suits_carried() {
    // In the default scenario every path blocks on the Starliner suits.
    let (_, nominal) = plan_paths(&[
        "specs/vehicles/crew-dragon.toml",
        "specs/vehicles/starliner.toml",
    ]);
    assert!(!nominal.is_empty());
    assert!(
        nominal
            .iter()
            .all(|(_, _, b)| b.iter().any(|r| r == "SUSTAIN-001")),
        "{nominal:?}"
    );
    // With the scenario the suits carried plug in; the crew is at the ISS,
    // so every path comes through it, as the scenario's modes allow.
    let (plan, paths) = plan_paths(&["--scenario", "specs/scenarios/starliner-cft-crew-9.toml"]);
    assert_eq!(plan["scenario"]["id"], "starliner-cft-crew-9", "{plan}");
    assert_eq!(plan["specs"][0]["label"], "scenario");
    assert_eq!(plan["direct"], "undetermined");
    let through_iss = paths
        .iter()
        .find(|(via, _, _)| via == &["crew-dragon", "iss", "starliner"])
        .unwrap_or_else(|| panic!("no path through the ISS: {paths:?}"));
    assert_eq!(through_iss.1, "undetermined");
    for (via, _, blocking) in &paths {
        assert!(blocking.is_empty(), "{via:?}: {blocking:?}");
        assert!(via.len() == 2 || via.iter().any(|v| v == "iss"), "{via:?}");
    }
    let steps = plan["paths"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| p["steps"].as_array().into_iter().flatten());
    assert!(steps.clone().all(|s| s["mode"] == "via_station"), "{plan}");
}

#[test]
fn a_plan_takes_a_pair_or_a_scenario_not_both() {
    for args in [
        vec![
            "plan",
            "specs/vehicles/crew-dragon.toml",
            "--scenario",
            "specs/scenarios/starliner-cft-crew-9.toml",
        ],
        vec!["plan", "specs/vehicles/crew-dragon.toml"],
        vec![
            "plan",
            "--scenario",
            "tests/bad_scenarios/station_port_not_found.toml",
        ],
    ] {
        let output = cargo_bin_cmd!("rescue-interop")
            .current_dir(root())
            .args(&args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn a_matrix_of_a_scenario_runs_every_cell_on_its_figures() {
    let output = cargo_bin_cmd!("rescue-interop")
        .current_dir(root())
        .args([
            "matrix",
            "specs/vehicles",
            "--format",
            "json",
            "--scenario",
            "specs/scenarios/soyuz-ms-22-ms-23.toml",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let matrix: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(matrix["scenario"]["id"], "soyuz-ms-22-ms-23");
    let sets = matrix["scenario"]["sets"].to_string();
    assert!(sets.contains("the rescuer's crew: 0"), "{sets}");
    // The scenario's own pair comes out as the scenario does.
    let scenario = bundled("soyuz-ms-22-ms-23");
    let result = run(&scenario);
    let cell = matrix["cells"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["rescuer"] == "soyuz-ms" && c["distressed"] == "soyuz-ms")
        .cloned()
        .expect("the diagonal cell");
    let verdict = serde_json::to_value(result.verdict().kind).unwrap_or_default();
    assert_eq!(cell["verdict"], verdict, "{cell}");
    assert_eq!(cell["mode"], "via_station", "{cell}");
    // Every crew is put where the scenario says, but the station's own.
    for d in matrix["defaults"].as_array().into_iter().flatten() {
        if d["distressed"] == "iss" {
            assert!(d.get("station").is_none(), "{d}");
        } else {
            assert_eq!(d["station"], "iss", "{d}");
            assert!(
                d["location"]
                    .as_str()
                    .is_some_and(|l| l.contains("scenario")),
                "{d}"
            );
        }
    }
    // The text report says which scenario every cell runs.
    let text = cargo_bin_cmd!("rescue-interop")
        .current_dir(root())
        .args([
            "matrix",
            "specs/vehicles",
            "--scenario",
            "specs/scenarios/soyuz-ms-22-ms-23.toml",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("scenario of each cell: Soyuz MS-22"),
        "{text}"
    );
}

/// The "time to arrive" of a scenario's REACH-003 finding, in days, with
/// the finding's severity.
fn time_to_arrive(result: &DirectionResult) -> (f64, Severity) {
    let finding = result
        .findings
        .iter()
        .find(|f| f.rule.id == "REACH-003")
        .expect("a REACH-003 finding");
    let days = finding
        .body
        .evidence
        .iter()
        .find(|e| e.label == "time to arrive")
        .and_then(|e| match e.value {
            rescue_interop::rules::Measure::Number { value, unit: "d" } => Some(value),
            _ => None,
        })
        .expect("time to arrive in days");
    (days, finding.severity)
}

#[test]
fn the_rescuers_times_to_arrive_come_from_their_readiness_and_rendezvous() {
    // Shenzhou's standby ship: 8.5 to 9 d readiness (SZSTBY22), at most a
    // day for the launch window, 6.5 h rendezvous and 96 min to the hatch
    // (SZ21): about 10 d; Shenzhou-22 docked 11 d after the Shenzhou-20
    // crew left in Shenzhou-21 (SZ22). How long Tiangong sustains the crew
    // is not published: unknown.
    let (days, severity) = time_to_arrive(&run(&bundled("shenzhou-20-22")));
    assert!((days - 10.08).abs() < 0.01, "{days}");
    assert_eq!(severity, Severity::Unknown);
    // Soyuz MS-23: 44 d from the decision to launch (MS23), a day's window,
    // 6 h rendezvous and 116 min to the hatch, within the 80 d the ISS
    // sustains two crews (STS3XX): in time.
    let (days, severity) = time_to_arrive(&run(&bundled("soyuz-ms-22-ms-23")));
    assert!((days - 45.33).abs() < 0.01, "{days}");
    assert_eq!(severity, Severity::Advisory);
}

#[test]
fn the_html_report_draws_the_timeline_against_the_crews_time() {
    let output = cargo_bin_cmd!("rescue-interop")
        .current_dir(root())
        .args([
            "scenario",
            "specs/scenarios/soyuz-ms-22-ms-23.toml",
            "--format",
            "html",
        ])
        .output()
        .expect("runs");
    let html = String::from_utf8_lossy(&output.stdout);
    assert!(html.contains("aria-label=\"time to arrive\""), "{html}");
    assert!(html.contains("crew's time 80 d"));
    assert!(html.contains("readiness 44 d"));
    assert!(!html.contains("<script"));
    // Soyuz MS from Baikonur to Tiangong: the two planes.
    let output = cargo_bin_cmd!("rescue-interop")
        .current_dir(root())
        .args([
            "check",
            "specs/vehicles/soyuz-ms.toml",
            "specs/vehicles/tiangong.toml",
            "--format",
            "html",
        ])
        .output()
        .expect("runs");
    let html = String::from_utf8_lossy(&output.stdout);
    assert!(html.contains("aria-label=\"orbit planes\""));
    assert!(html.contains("lowest inclination from baikonur: 51.6 deg"));
}
