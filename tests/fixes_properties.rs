//! Fixes are computed from the figures and make sense (issue 20): a fix a
//! finding proposes as spec changes (so many fewer crew, more seats, more
//! suit umbilicals, more EVA suits), applied to copies of the two specs,
//! removes the finding, as `plan` does for its remedies; no fix leaves a
//! rescuer fewer than no crew, or fits more seats than the vehicle takes.
//! Checked over generated crews, seats and suits, and over every ordered
//! pair of the bundled vehicles.

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;
use rescue_interop::check::{Selection, check_direction};
use rescue_interop::rules::{Environment, Finding, Party, Severity, SpecChange};
use rescue_interop::spec::{Vehicle, vehicle_from_str};

/// What identifies a finding across a change to the specs: its rule and
/// whose fields it reads (a change adds fields, so not its fingerprint).
fn key(f: &Finding) -> (&'static str, BTreeSet<Party>) {
    (f.rule.id, f.body.fields.iter().map(|r| r.party).collect())
}

/// The figures a fix's text gives, against the rescuer's: never fewer crew
/// than it has, never more seats than it takes.
fn assert_sensible(f: &Finding, rescuer: &Vehicle, distressed: &Vehicle) {
    let own = rescuer.crew.nominal.value();
    // A rover carries at most its emergency crew (RETURN-001 reads it in
    // place of max_seats).
    let max = if rescuer.kind == rescue_interop::spec::VehicleKind::Rover {
        rescuer.mobility.emergency_crew.value()
    } else {
        rescuer.crew.max_seats.value()
    };
    let text = f.body.mitigation.clone().unwrap_or_default();
    let number_before = |word: &str| -> Vec<u32> {
        let words: Vec<&str> = text.split(' ').collect();
        words
            .windows(2)
            .filter(|w| w[1].starts_with(word))
            .filter_map(|w| w[0].parse().ok())
            .collect()
    };
    for n in number_before("fewer") {
        assert!(
            own.is_some_and(|own| n <= own),
            "{}: '{text}' with a crew of {own:?}",
            f.rule.id
        );
    }
    for fix in &f.body.fixes {
        for change in &fix.changes {
            match change {
                SpecChange::Crew { party, to } => {
                    let v = if *party == Party::Rescuer {
                        rescuer
                    } else {
                        distressed
                    };
                    let own = v.crew.nominal.value();
                    assert!(
                        own.is_some_and(|own| *to < own),
                        "{}: '{}' flies {to} of {own:?}",
                        f.rule.id,
                        fix.description
                    );
                }
                SpecChange::Seats { to, .. } => {
                    assert!(
                        max.is_some_and(|m| *to <= m),
                        "{}: '{}' fits {to} seats, the vehicle takes {max:?}",
                        f.rule.id,
                        fix.description
                    );
                }
                SpecChange::SuitOutlets { add, .. } | SpecChange::EvaSuits { add, .. } => {
                    assert!(*add > 0, "{}: '{}'", f.rule.id, fix.description);
                }
            }
        }
    }
}

/// Every fix of every finding of `rescuer` rescuing `distressed`, applied,
/// removes its finding; returns how many fixes were tried.
fn fixes_hold(rescuer: &Vehicle, distressed: &Vehicle) -> usize {
    let env = Environment::default();
    let before = check_direction(rescuer, distressed, &env, &Selection::default());
    let mut tried = 0;
    for finding in &before.findings {
        assert_sensible(finding, rescuer, distressed);
        for fix in &finding.body.fixes {
            let (mut r, mut d) = (rescuer.clone(), distressed.clone());
            for change in &fix.changes {
                change.apply(&mut r, &mut d);
            }
            let after = check_direction(&r, &d, &env, &Selection::default());
            let left: Vec<&Finding> = after
                .findings
                .iter()
                .filter(|f| key(f) == key(finding) && f.severity >= finding.severity)
                .collect();
            assert!(
                left.is_empty(),
                "{} {} rescues {}: '{}' leaves {:?}",
                finding.rule.id,
                rescuer.id,
                distressed.id,
                fix.description,
                left.iter()
                    .map(|f| (f.severity, f.body.message.clone()))
                    .collect::<Vec<_>>()
            );
            tried += 1;
        }
    }
    tried
}

/// A vehicle with the crew, seats, suit outlets and suits the fixes
/// change; `max_seats` and the suits' endurance may be left unknown.
#[allow(clippy::too_many_arguments)]
fn vehicle(
    id: &str,
    crew: u32,
    seats: u32,
    max_seats: Option<u32>,
    outlets: u32,
    eva_suits: u32,
    endurance_h: Option<f64>,
    iva_suits: u32,
) -> Vehicle {
    let max = max_seats.map_or(String::new(), |m| format!("max_seats = {m}\n"));
    let endurance = endurance_h.map_or("\"unknown\"".to_string(), |h| format!("\"{h} h\""));
    let text = format!(
        r#"format = 1
[vehicle]
id = "{id}"
name = "Vehicle {id}"
kind = "capsule"
[crew]
nominal = {crew}
seats = {seats}
{max}
[[oxygen_outlets]]
id = "suit"
purpose = "suit"
connector = "x-common"
count = {outlets}

[[suits]]
id = "eva"
count = {eva_suits}
[suits.spec]
id = "eva"
name = "EVA suit"
class = "eva"
umbilical = "x-common"
self_contained_endurance = {endurance}

[[suits]]
id = "iva"
count = {iva_suits}
[suits.spec]
id = "iva"
name = "IVA suit"
class = "iva"
umbilical = "x-common"
"#
    );
    match vehicle_from_str(&format!("{id}.toml"), &text) {
        Ok(v) => v,
        Err(e) => panic!("{text}\n{:?}", e.diagnostics),
    }
}

fn arb_vehicle(id: &'static str) -> impl Strategy<Value = Vehicle> {
    (
        0u32..=7,
        0u32..=7,
        proptest::option::of(0u32..=9),
        0u32..=8,
        0u32..=4,
        proptest::option::of(prop_oneof![Just(0.5), Just(1.0), Just(8.0)]),
        0u32..=4,
    )
        .prop_map(move |(crew, seats, max, outlets, eva, endurance, iva)| {
            // A spec never fits more seats than the vehicle takes (the
            // loader refuses it).
            let max = max.map(|m: u32| m.max(seats));
            vehicle(id, crew, seats, max, outlets, eva, endurance, iva)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_fix_applied_removes_its_finding(
        a in arb_vehicle("alpha"),
        b in arb_vehicle("beta"),
    ) {
        fixes_hold(&a, &b);
        fixes_hold(&b, &a);
    }
}

#[test]
fn the_generated_cases_propose_fixes_of_every_kind() {
    // 4 crew, 4 seats (7 at most), 4 suit ports, no EVA suit, against a
    // crew of 7: seats, crew, umbilicals and suits all to fix.
    let rescuer = vehicle("alpha", 4, 4, Some(7), 4, 0, Some(8.0), 4);
    let distressed = vehicle("beta", 7, 7, None, 7, 0, Some(8.0), 7);
    let env = Environment::default();
    let result = check_direction(&rescuer, &distressed, &env, &Selection::default());
    let kinds: BTreeSet<&str> = result
        .findings
        .iter()
        .flat_map(|f| &f.body.fixes)
        .flat_map(|f| &f.changes)
        .map(|c| match c {
            SpecChange::Crew { .. } => "crew",
            SpecChange::Seats { .. } => "seats",
            SpecChange::SuitOutlets { .. } => "outlets",
            SpecChange::EvaSuits { .. } => "eva suits",
        })
        .collect();
    assert_eq!(
        kinds,
        ["crew", "eva suits", "outlets", "seats"]
            .into_iter()
            .collect()
    );
    assert!(fixes_hold(&rescuer, &distressed) >= 4);
    // The issue's case: no fix tells a crew of 4 to fly with 7 fewer.
    let texts: Vec<String> = result
        .findings
        .iter()
        .filter_map(|f| f.body.mitigation.clone())
        .collect();
    assert!(
        !texts.iter().any(|t| t.contains("7 fewer crew")),
        "{texts:?}"
    );
    assert!(
        result
            .findings
            .iter()
            .any(|f| f.severity == Severity::Blocking)
    );
}

#[test]
fn fixes_hold_on_every_pair_of_the_bundled_vehicles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/vehicles");
    let mut fleet: Vec<Vehicle> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .map(|p| {
            rescue_interop::spec::load_vehicle(&p)
                .unwrap_or_else(|e| panic!("{}: {:?}", p.display(), e.diagnostics))
        })
        .collect();
    fleet.sort_by(|a, b| a.id.cmp(&b.id));
    let mut tried = 0;
    for rescuer in &fleet {
        for distressed in fleet.iter().filter(|d| d.id != rescuer.id) {
            tried += fixes_hold(rescuer, distressed);
        }
    }
    assert!(tried > 20, "only {tried} fixes tried");
}
