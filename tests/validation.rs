//! The rows of `docs/validation.md`: documented real-world facts, and what
//! the tool says about each on the bundled specs. Each test is named after
//! its row (`v01_...`); when a test changes, the row changes with it.
//!
//! The assertions are about rule ids, severities and directions, never
//! message wording, so that they keep holding as reports are reworded and
//! other rules are added.

use std::path::PathBuf;

use rescue_interop::check::{DirectionResult, Selection, check_pair};
use rescue_interop::physics::decompression::{equilibrated_tissue_n2, r_limit, r_value};
use rescue_interop::rules::{Environment, Finding, Severity};
use rescue_interop::spec::{Vehicle, load_vehicle};

/// Every bundled vehicle spec id.
const VEHICLES: [&str; 20] = [
    "apollo-csm-1975",
    "apollo-lm",
    "apollo-lrv",
    "blue-moon-mk2",
    "crew-dragon",
    "gaganyaan",
    "gateway-halo",
    "iss",
    "jaxa-pressurized-rover",
    "lanyue",
    "ltv",
    "mengzhou-lunar",
    "orion",
    "shenzhou",
    "soyuz-7k-tm-1975",
    "soyuz-ms",
    "starliner",
    "starship-hls",
    "tansuo",
    "tiangong",
];

fn load(id: &str) -> Vehicle {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("specs/vehicles")
        .join(format!("{id}.toml"));
    match load_vehicle(&path) {
        Ok(vehicle) => vehicle,
        Err(errors) => panic!("{id}: {:?}", errors.diagnostics),
    }
}

/// `[a rescues b, b rescues a]`.
fn check(a: &str, b: &str) -> [DirectionResult; 2] {
    check_pair(
        &load(a),
        &load(b),
        &Environment::default(),
        &Selection::default(),
    )
}

fn of_rule<'r>(direction: &'r DirectionResult, rule: &str) -> Vec<&'r Finding> {
    direction
        .findings
        .iter()
        .filter(|f| f.rule.id == rule)
        .collect()
}

fn severities(direction: &DirectionResult, rule: &str) -> Vec<Severity> {
    of_rule(direction, rule)
        .iter()
        .map(|f| f.severity)
        .collect()
}

/// Both directions mate: MATE-001 has nothing to say.
fn assert_docks(a: &str, b: &str) {
    for (i, direction) in check(a, b).iter().enumerate() {
        let found = severities(direction, "MATE-001");
        assert!(
            found.is_empty(),
            "{a} / {b} direction {i}: expected the ports to mate, MATE-001 says {found:?}"
        );
    }
}

/// Both directions are blocked at the docking interface.
fn assert_cannot_dock(a: &str, b: &str) {
    for (i, direction) in check(a, b).iter().enumerate() {
        let found = severities(direction, "MATE-001");
        assert_eq!(
            found,
            vec![Severity::Blocking],
            "{a} / {b} direction {i}: expected MATE-001 blocking"
        );
    }
}

#[test]
fn v01_crew_dragon_docks_to_the_iss() {
    assert_docks("crew-dragon", "iss");
}

#[test]
fn v02_starliner_docks_to_the_iss() {
    assert_docks("starliner", "iss");
}

#[test]
fn v03_soyuz_docks_to_the_russian_segment() {
    assert_docks("soyuz-ms", "iss");
    // It is the Russian segment's SSVP drogues that take it, not the IDAs.
    let iss = load("iss");
    let drogues = iss
        .ports
        .iter()
        .filter(|p| p.standard.get().map(String::as_str) == Some("ssvp-g4000"))
        .count();
    assert!(drogues >= 3, "expected the ROS drogues on the ISS spec");
}

#[test]
fn v04_shenzhou_docks_to_tiangong() {
    assert_docks("shenzhou", "tiangong");
}

#[test]
fn v05_soyuz_and_crew_dragon_cannot_dock_to_each_other() {
    assert_cannot_dock("soyuz-ms", "crew-dragon");
    let [a, _] = check("soyuz-ms", "crew-dragon");
    let finding = of_rule(&a, "MATE-001");
    let message = &finding[0].body.message;
    assert!(
        message.contains("ssvp-g4000") && message.contains("idss"),
        "the finding names both families: {message}"
    );
}

#[test]
fn v06_shenzhou_cannot_dock_to_the_iss() {
    assert_cannot_dock("shenzhou", "iss");
}

#[test]
fn v07_apollo_and_soyuz_could_not_dock_without_the_docking_module() {
    assert_cannot_dock("apollo-csm-1975", "soyuz-7k-tm-1975");
}

/// Sharing an atmosphere: the 1975 barrier was decompression sickness, not
/// hypoxia. TRANSFER-001 rightly finds no hypoxia; the R value below is
/// computed from the spec values with the physics the decompression rule
/// (issue 5) will use.
#[test]
fn v07_apollo_and_soyuz_could_not_share_an_atmosphere_without_lowering_soyuz() {
    let directions = check("apollo-csm-1975", "soyuz-7k-tm-1975");
    for direction in &directions {
        assert!(
            !severities(direction, "TRANSFER-001").contains(&Severity::Blocking),
            "the mixed cabin is not hypoxic"
        );
    }
    // Apollo rescuing the Soyuz crew moves them from 1 atm into 5 psia:
    // the decompression rule finds R over the limit and does not pass it.
    let [apollo_rescues, _] = &directions;
    let decompression: Vec<_> = apollo_rescues
        .findings
        .iter()
        .filter(|f| f.rule.id == "TRANSFER-004")
        .collect();
    assert!(
        decompression
            .iter()
            .any(|f| f.severity >= Severity::Conditional && f.body.message.contains("R = 2.35")),
        "TRANSFER-004 flags R = 2.35 from Soyuz into Apollo"
    );
    let soyuz = load("soyuz-7k-tm-1975");
    let apollo = load("apollo-csm-1975");
    let soyuz_pressure = soyuz.atmosphere.pressure.value().and_then(|r| r.typical());
    let lowered = soyuz
        .atmosphere
        .adjustable_pressure
        .value()
        .and_then(|r| r.min);
    let soyuz_o2 = soyuz
        .atmosphere
        .o2_fraction
        .value()
        .and_then(|r| r.typical());
    let apollo_pressure = apollo.atmosphere.pressure.value().and_then(|r| r.typical());
    let (Some(soyuz_pressure), Some(lowered), Some(soyuz_o2), Some(apollo_pressure)) =
        (soyuz_pressure, lowered, soyuz_o2, apollo_pressure)
    else {
        panic!("the ASTP specs must give both cabins' pressure, O2 and Soyuz's lowered pressure");
    };
    let limit = r_limit(apollo_pressure.0);
    let r_direct = r_value(
        equilibrated_tissue_n2(soyuz_pressure.0, soyuz_o2),
        apollo_pressure.0,
    )
    .expect("finite R");
    let r_lowered = r_value(
        equilibrated_tissue_n2(lowered.0, soyuz_o2),
        apollo_pressure.0,
    )
    .expect("finite R");
    assert!(
        r_direct > limit,
        "from a 1 atm Soyuz into Apollo's 5 psia O2, R = {r_direct:.2} exceeds {limit:.2}"
    );
    assert!(
        r_lowered <= limit,
        "with Soyuz lowered to about 10 psia, R = {r_lowered:.2} is within {limit:.2}"
    );
}

#[test]
fn v07_only_apollo_could_have_returned_both_crews() {
    let [apollo_rescues, soyuz_rescues] = check("apollo-csm-1975", "soyuz-7k-tm-1975");
    assert_eq!(
        severities(&apollo_rescues, "RETURN-001"),
        vec![Severity::Conditional]
    );
    assert_eq!(
        severities(&soyuz_rescues, "RETURN-001"),
        vec![Severity::Blocking]
    );
}

#[test]
fn v08_starliner_crew_could_not_return_in_their_own_suits_on_crew_dragon() {
    let [dragon_rescues, _] = check("crew-dragon", "starliner");
    let suits = of_rule(&dragon_rescues, "SUSTAIN-001");
    assert!(
        suits
            .iter()
            .any(|f| f.severity == Severity::Blocking && f.body.message.contains("boeing-blue")),
        "Boeing Blue suits do not plug into Crew Dragon: {:?}",
        suits.iter().map(|f| &f.body.message).collect::<Vec<_>>()
    );
    // The fix the tool offers is the one NASA used: a SpaceX suit flew up
    // for Wilmore on Crew-9.
    assert!(
        suits
            .iter()
            .filter_map(|f| f.body.mitigation.as_deref())
            .any(|m| m.contains("spacex-thigh")),
        "the mitigation offers suits that plug into Crew Dragon"
    );
    // Seats: feasible by flying the rescuer with fewer crew, as Crew-9 did.
    let seats = of_rule(&dragon_rescues, "RETURN-001");
    assert_eq!(
        seats.iter().map(|f| f.severity).collect::<Vec<_>>(),
        vec![Severity::Conditional]
    );
    assert!(
        seats[0]
            .body
            .mitigation
            .as_deref()
            .is_some_and(|m| m.contains("fewer crew")),
        "the mitigation offers flying the rescuer with fewer crew"
    );
}

#[test]
fn v09_a_soyuz_crew_member_could_ride_home_in_crew_dragon() {
    let [dragon_rescues, _] = check("crew-dragon", "soyuz-ms");
    assert_eq!(
        severities(&dragon_rescues, "RETURN-001"),
        vec![Severity::Conditional],
        "Crew Dragon can be fitted with seats for the Soyuz crew"
    );
    assert_eq!(
        severities(&dragon_rescues, "RETURN-003"),
        vec![Severity::Conditional],
        "the Soyuz crew's seat liners must be moved across, as Rubio's was"
    );
    for id in ["crew-dragon", "soyuz-ms"] {
        let vehicle = load(id);
        assert_eq!(
            vehicle.crew.seat_liners.get().map(|s| s.as_str()),
            Some("per-person"),
            "{id}: seat liners"
        );
    }
}

#[test]
fn v10_only_another_shenzhou_could_reach_tiangong() {
    assert_docks("shenzhou", "tiangong");
    for id in VEHICLES {
        if matches!(id, "shenzhou" | "tiangong") {
            continue;
        }
        let [rescuer, _] = check(id, "tiangong");
        let found = severities(&rescuer, "MATE-001");
        let vehicle = load(id);
        let expected = if vehicle.is_open_rover() {
            // No cabin to dock to at all.
            Severity::Blocking
        } else if vehicle.ports_listed() == rescue_interop::spec::Listed::None {
            // No docking port, as a fact: Gaganyaan (`ports = []`).
            Severity::Blocking
        } else if vehicle.ports.iter().all(|p| p.standard.get().is_none()) {
            // No published docking standard (the lunar landers whose
            // mechanisms are unpublished): MATE-001 can only say it does
            // not know.
            Severity::Unknown
        } else {
            Severity::Blocking
        };
        assert_eq!(found, vec![expected], "{id} to tiangong");
    }
}

/// Issue 7, point 4: `check` on any two bundled specs completes, and every
/// undetermined finding says what data would decide it.
#[test]
fn every_pair_of_bundled_vehicles_checks() {
    let vehicles: Vec<Vehicle> = VEHICLES.iter().map(|id| load(id)).collect();
    let env = Environment::default();
    for a in &vehicles {
        for b in &vehicles {
            for direction in check_pair(a, b, &env, &Selection::default()) {
                for finding in &direction.findings {
                    assert!(
                        !finding.body.message.is_empty(),
                        "{} / {}: empty message",
                        a.id,
                        b.id
                    );
                    if finding.severity == Severity::Unknown {
                        assert!(
                            finding.body.mitigation.is_some(),
                            "{} / {}: {} unknown without a mitigation",
                            a.id,
                            b.id,
                            finding.rule.id
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn the_list_above_names_every_bundled_vehicle() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs/vehicles");
    let mut ids: Vec<String> = std::fs::read_dir(&dir)
        .expect("specs/vehicles")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let path = e.path();
            (path.extension().is_some_and(|x| x == "toml"))
                .then(|| path.file_stem()?.to_str().map(str::to_string))
                .flatten()
        })
        .collect();
    ids.sort();
    assert_eq!(ids, VEHICLES.to_vec());
}
