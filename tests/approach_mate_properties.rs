//! Properties of the approach and mate rules over generated specs:
//! widening the target's capture envelope never adds a finding, and lowering
//! the chaser's closing speed never raises the capture energy (nor adds a
//! capture-energy finding).

use proptest::prelude::*;
use rescue_interop::check::{Selection, check_direction};
use rescue_interop::rules::mate::capture_energy::worst_case_energy;
use rescue_interop::rules::mate::pairing::dockings;
use rescue_interop::rules::{Context, Environment, Phase, Severity};
use rescue_interop::spec::{Vehicle, vehicle_from_str};

/// One envelope: closing speed min/max (m/s), lateral misalignment (m),
/// angular and roll misalignment (deg), lateral rate (m/s), angular and roll
/// rate (deg/s). `None` leaves a parameter out (unknown).
#[derive(Debug, Clone)]
struct Envelope([Option<f64>; 8]);

const KEYS: [(&str, &str); 6] = [
    ("lateral_misalignment", "m"),
    ("angular_misalignment", "deg"),
    ("roll_misalignment", "deg"),
    ("lateral_rate", "m/s"),
    ("angular_rate", "deg/s"),
    ("roll_rate", "deg/s"),
];

impl Envelope {
    fn toml(&self, table: &str) -> String {
        let v = &self.0;
        let mut parts = Vec::new();
        match (v[0], v[1]) {
            (Some(a), Some(b)) => parts.push(format!(
                "closing_speed = {{ min = \"{a} m/s\", max = \"{b} m/s\" }}"
            )),
            (Some(a), None) => parts.push(format!("closing_speed = {{ min = \"{a} m/s\" }}")),
            (None, Some(b)) => parts.push(format!("closing_speed = {{ max = \"{b} m/s\" }}")),
            (None, None) => {}
        }
        for ((key, unit), value) in KEYS.iter().zip(&v[2..]) {
            if let Some(x) = value {
                parts.push(format!("{key} = \"{x} {unit}\""));
            }
        }
        format!("{table} = {{ {} }}\n", parts.join(", "))
    }

    /// The same envelope, each known bound moved outward by `by` (the lower
    /// closing speed down, never below zero; every other limit up).
    fn widened(&self, by: &[f64; 8]) -> Envelope {
        let mut out = self.0;
        for (i, (slot, d)) in out.iter_mut().zip(by).enumerate() {
            if let Some(x) = slot {
                *x = if i == 0 { (*x - d).max(0.0) } else { *x + d };
            }
        }
        Envelope(out)
    }
}

fn envelope() -> impl Strategy<Value = Envelope> {
    let value = prop::option::weighted(0.9, 0.0f64..1.0);
    prop::array::uniform8(value).prop_map(|mut v| {
        // Keep min ≤ max where both are given, as a spec would.
        if let (Some(a), Some(b)) = (v[0], v[1]) {
            v[0] = Some(a.min(b));
            v[1] = Some(a.max(b));
        }
        Envelope(v)
    })
}

fn vehicle(text: &str, name: &str) -> Vehicle {
    vehicle_from_str(name, text).unwrap_or_else(|e| panic!("{name}: {e:?}\n{text}"))
}

fn chaser(contact: &Envelope, own: Option<&Envelope>, mass_kg: f64, extra: &str) -> Vehicle {
    let own = own.map(|e| e.toml("capture_envelope")).unwrap_or_default();
    let text = format!(
        "format = 1\n[vehicle]\nid = \"chaser\"\nname = \"chaser\"\nkind = \"capsule\"\nmaneuverable = true\nmass = \"{mass_kg} kg\"\n[[ports]]\nid = \"nose\"\nstandard = \"idss\"\nroles = [\"active\"]\n{}{own}{extra}",
        contact.toml("contact_conditions")
    );
    vehicle(&text, "chaser.toml")
}

fn target(envelope: &Envelope, mass_kg: f64, extra: &str) -> Vehicle {
    let text = format!(
        "format = 1\n[vehicle]\nid = \"target\"\nname = \"target\"\nkind = \"station\"\nmaneuverable = false\nmass = \"{mass_kg} kg\"\n[[ports]]\nid = \"dock\"\nstandard = \"idss\"\nroles = [\"passive\"]\n{}{extra}",
        envelope.toml("capture_envelope")
    );
    vehicle(&text, "target.toml")
}

/// Severities of one rule's findings, both directions.
fn severities(rule: &str, a: &Vehicle, b: &Vehicle) -> Vec<Severity> {
    let env = Environment::default();
    let selection = Selection {
        phases: vec![Phase::Approach, Phase::Mate],
        ..Selection::default()
    };
    let mut out: Vec<Severity> = [
        check_direction(a, b, &env, &selection),
        check_direction(b, a, &env, &selection),
    ]
    .iter()
    .flat_map(|d| d.findings.iter())
    .filter(|f| f.rule.id == rule)
    .map(|f| f.severity)
    .collect();
    out.sort();
    out
}

fn count(list: &[Severity], severity: Severity) -> usize {
    list.iter().filter(|s| **s == severity).count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn widening_the_target_envelope_never_adds_a_finding(
        contact in envelope(),
        target_envelope in envelope(),
        own in prop::option::of(envelope()),
        by in prop::array::uniform8(0.0f64..0.5),
    ) {
        let a = chaser(&contact, own.as_ref(), 10_000.0, "");
        let narrow = target(&target_envelope, 400_000.0, "");
        let wide = target(&target_envelope.widened(&by), 400_000.0, "");
        let before = severities("APPROACH-002", &a, &narrow);
        let after = severities("APPROACH-002", &a, &wide);
        prop_assert!(after.len() <= before.len(), "{before:?} -> {after:?}");
        for s in Severity::ALL {
            prop_assert!(count(&after, s) <= count(&before, s), "{before:?} -> {after:?}");
        }
    }

    #[test]
    fn lowering_the_closing_speed_never_raises_the_capture_energy(
        chaser_kg in 100.0f64..50_000.0,
        target_kg in 100.0f64..1.0e6,
        speed in 0.0f64..1.0,
        fraction in 0.0f64..1.0,
        capacity_j in 0.0f64..500.0,
    ) {
        let lower = speed * fraction;
        let port = format!("attenuation_energy = \"{capacity_j} J\"\n");
        let fast = chaser(&Envelope([Some(0.0), Some(speed), None, None, None, None, None, None]), None, chaser_kg, "");
        let slow = chaser(&Envelope([Some(0.0), Some(lower), None, None, None, None, None, None]), None, chaser_kg, "");
        let b = target(&Envelope([None; 8]), target_kg, &port);
        let env = Environment::default();
        let energy = |a: &Vehicle| {
            let ctx = Context::new(a, &b, &env);
            dockings(&ctx).first().and_then(|m| worst_case_energy(&ctx, m))
        };
        let (high, low) = (energy(&fast), energy(&slow));
        prop_assert!(high.is_some() && low.is_some());
        prop_assert!(low <= high, "{low:?} > {high:?}");
        let before = severities("MATE-002", &fast, &b);
        let after = severities("MATE-002", &slow, &b);
        prop_assert!(count(&after, Severity::Blocking) <= count(&before, Severity::Blocking));
        prop_assert!(after.len() <= before.len());
    }
}

// The machinery above sees real findings: a worked case of each property.
#[test]
fn worked_examples() {
    let contact = Envelope([
        Some(0.05),
        Some(0.15),
        Some(0.05),
        None,
        None,
        None,
        None,
        None,
    ]);
    let narrow = Envelope([
        Some(0.05),
        Some(0.10),
        Some(0.10),
        None,
        None,
        None,
        None,
        None,
    ]);
    let a = chaser(&contact, None, 10_000.0, "");
    let before = severities("APPROACH-002", &a, &target(&narrow, 400_000.0, ""));
    // Too fast both ways, plus the parameters left unknown.
    assert_eq!(count(&before, Severity::Blocking), 2);
    let wide = narrow.widened(&[0.0, 0.05, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
    let after = severities("APPROACH-002", &a, &target(&wide, 400_000.0, ""));
    assert_eq!(count(&after, Severity::Blocking), 0);
    assert_eq!(
        count(&after, Severity::Unknown),
        count(&before, Severity::Unknown)
    );

    // 10 t onto 400 t at 0.2 m/s: μ = 9756.1 kg, E = 195.1 J > 150 J.
    let port = "attenuation_energy = \"150 J\"\n";
    let b = target(&Envelope([None; 8]), 400_000.0, port);
    let fast = chaser(
        &Envelope([Some(0.0), Some(0.2), None, None, None, None, None, None]),
        None,
        10_000.0,
        "",
    );
    let slow = chaser(
        &Envelope([Some(0.0), Some(0.1), None, None, None, None, None, None]),
        None,
        10_000.0,
        "",
    );
    assert_eq!(
        severities("MATE-002", &fast, &b),
        [Severity::Blocking, Severity::Blocking]
    );
    assert!(severities("MATE-002", &slow, &b).is_empty());
}
