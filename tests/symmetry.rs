//! Property tests over generated specs.
//!
//! 1. A rule marked symmetric decides the same whichever vehicle rescues:
//!    its findings in "A rescues B" equal those in "B rescues A" once the
//!    parties are swapped (rule, severity, and the spec fields named).
//! 2. A vehicle checked against an identical copy of itself, carrying ports
//!    of complementary roles, gets no blocking docking finding.

use proptest::prelude::*;

use rescue_interop::check::{Selection, check_pair};
use rescue_interop::rules::{Environment, registry};
use rescue_interop::spec::{Vehicle, vehicle_from_str};

const STANDARDS: &[&str] = &["idss", "ssvp-g4000", "apas-95", "apas-89", "cbm"];
const DOCKING_STANDARDS: &[&str] = &["idss", "ssvp-g4000", "apas-95"];
const ROLES: &[&str] = &[
    "[]",
    "[\"active\"]",
    "[\"passive\"]",
    "[\"active\", \"passive\"]",
];
const FREQUENCIES: &[&str] = &[
    "121.75 MHz",
    "143.625 MHz",
    "414.2 MHz",
    "417.1 MHz",
    "420 MHz",
];
const BANDS: &[(&str, &str)] = &[
    ("121 MHz", "144 MHz"),
    ("410 MHz", "420 MHz"),
    ("414 MHz", "415 MHz"),
    ("2200 MHz", "2300 MHz"),
];
const MODULATIONS: &[&str] = &["fm", "FM", "bpsk"];

/// A port: standard and roles, each possibly left out of the spec.
#[derive(Debug, Clone)]
struct PortGen {
    standard: Option<&'static str>,
    roles: Option<&'static str>,
}

#[derive(Debug, Clone)]
struct RadioGen {
    tx: Option<Vec<&'static str>>,
    rx: Option<Vec<(&'static str, &'static str)>>,
    modulation: Option<&'static str>,
}

#[derive(Debug, Clone)]
struct VehicleGen {
    maneuverable: Option<bool>,
    arm: Option<bool>,
    pressure_mmhg: Option<u32>,
    o2_percent: Option<u32>,
    volume_m3: Option<u32>,
    ports: Vec<PortGen>,
    radios: Vec<RadioGen>,
}

fn port() -> impl Strategy<Value = PortGen> {
    (
        proptest::option::weighted(0.9, proptest::sample::select(STANDARDS)),
        proptest::option::weighted(0.9, proptest::sample::select(ROLES)),
    )
        .prop_map(|(standard, roles)| PortGen { standard, roles })
}

fn radio() -> impl Strategy<Value = RadioGen> {
    (
        proptest::option::weighted(
            0.9,
            proptest::collection::vec(proptest::sample::select(FREQUENCIES), 1..3),
        ),
        proptest::option::weighted(
            0.9,
            proptest::collection::vec(proptest::sample::select(BANDS), 1..3),
        ),
        proptest::option::weighted(0.9, proptest::sample::select(MODULATIONS)),
    )
        .prop_map(|(tx, rx, modulation)| RadioGen { tx, rx, modulation })
}

fn vehicle() -> impl Strategy<Value = VehicleGen> {
    (
        proptest::option::of(any::<bool>()),
        proptest::option::of(any::<bool>()),
        proptest::option::weighted(0.9, 200u32..900),
        proptest::option::weighted(0.9, 15u32..45),
        proptest::option::weighted(0.9, 1u32..400),
        proptest::collection::vec(port(), 0..4),
        proptest::collection::vec(radio(), 0..3),
    )
        .prop_map(
            |(maneuverable, arm, pressure_mmhg, o2_percent, volume_m3, ports, radios)| VehicleGen {
                maneuverable,
                arm,
                pressure_mmhg,
                o2_percent,
                volume_m3,
                ports,
                radios,
            },
        )
}

/// The spec text of a generated vehicle. `prefix` keeps port and radio ids
/// distinct between the two vehicles of a pair.
fn spec_text(v: &VehicleGen, id: &str, prefix: &str) -> String {
    let mut out =
        format!("format = 1\n\n[vehicle]\nid = \"{id}\"\nname = \"{id}\"\nkind = \"capsule\"\n");
    if let Some(m) = v.maneuverable {
        out.push_str(&format!("maneuverable = {m}\n"));
    }
    if let Some(a) = v.arm {
        out.push_str(&format!("berthing_arm = {a}\n"));
    }
    out.push_str("\n[crew]\nnominal = 2\nseats = 4\n\n[atmosphere]\n");
    if let Some(p) = v.pressure_mmhg {
        out.push_str(&format!("pressure = \"{p} mmHg\"\n"));
    }
    if let Some(f) = v.o2_percent {
        out.push_str(&format!("o2_fraction = \"{f} %\"\n"));
    }
    if let Some(vol) = v.volume_m3 {
        out.push_str(&format!("free_volume = \"{vol} m^3\"\n"));
    }
    for (i, p) in v.ports.iter().enumerate() {
        out.push_str(&format!("\n[[ports]]\nid = \"{prefix}-port-{i}\"\n"));
        if let Some(s) = p.standard {
            out.push_str(&format!("standard = \"{s}\"\n"));
        }
        if let Some(r) = p.roles {
            out.push_str(&format!("roles = {r}\n"));
        }
    }
    for (i, r) in v.radios.iter().enumerate() {
        out.push_str(&format!("\n[[radios]]\nid = \"{prefix}-radio-{i}\"\n"));
        if let Some(tx) = &r.tx {
            let list: Vec<String> = tx.iter().map(|f| format!("\"{f}\"")).collect();
            out.push_str(&format!("tx_frequencies = [{}]\n", list.join(", ")));
        }
        if let Some(rx) = &r.rx {
            let list: Vec<String> = rx
                .iter()
                .map(|(lo, hi)| format!("{{ min = \"{lo}\", max = \"{hi}\" }}"))
                .collect();
            out.push_str(&format!("rx_bands = [{}]\n", list.join(", ")));
        }
        if let Some(m) = r.modulation {
            out.push_str(&format!("modulation = \"{m}\"\n"));
        }
    }
    out
}

fn load(text: &str, path: &str) -> Vehicle {
    vehicle_from_str(path, text).unwrap_or_else(|e| {
        panic!(
            "generated spec does not load:\n{text}\n{:#?}",
            e.diagnostics
        )
    })
}

mod common;

use common::shapes;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn symmetric_rules_decide_the_same_in_both_directions(a in vehicle(), b in vehicle()) {
        let (ta, tb) = (spec_text(&a, "vehicle-a", "a"), spec_text(&b, "vehicle-b", "b"));
        let (va, vb) = (load(&ta, "a.toml"), load(&tb, "b.toml"));
        let results = check_pair(&va, &vb, &Environment::default(), &Selection::default());
        for rule in registry().into_iter().filter(|r| r.symmetric) {
            let a_rescues_b = shapes(&results[0], "A", "B", rule.id);
            let b_rescues_a = shapes(&results[1], "B", "A", rule.id);
            prop_assert_eq!(
                &a_rescues_b,
                &b_rescues_a,
                "{} is marked symmetric but differs by direction\nA:\n{}\nB:\n{}",
                rule.id,
                ta,
                tb
            );
        }
    }

    #[test]
    fn a_vehicle_docks_with_its_own_copy_given_complementary_roles(
        v in vehicle(),
        standard in proptest::sample::select(DOCKING_STANDARDS),
        androgynous in any::<bool>(),
        maneuverable in proptest::option::of(Just(true)),
    ) {
        let mut v = v;
        v.maneuverable = maneuverable;
        // Complementary roles: one port that plays both, or two ports of the
        // same standard, one active and one passive.
        if androgynous {
            v.ports.push(PortGen { standard: Some(standard), roles: Some(ROLES[3]) });
        } else {
            v.ports.push(PortGen { standard: Some(standard), roles: Some(ROLES[1]) });
            v.ports.push(PortGen { standard: Some(standard), roles: Some(ROLES[2]) });
        }
        let text = spec_text(&v, "twin", "twin");
        let (one, copy) = (load(&text, "one.toml"), load(&text, "copy.toml"));
        let results = check_pair(&one, &copy, &Environment::default(), &Selection::default());
        for (d, result) in results.iter().enumerate() {
            let blocking: Vec<&str> = result
                .findings
                .iter()
                .filter(|f| f.rule.phase == rescue_interop::rules::Phase::Mate
                    && f.severity == rescue_interop::rules::Severity::Blocking)
                .map(|f| f.body.message.as_str())
                .collect();
            prop_assert!(blocking.is_empty(), "direction {}: {:?}\n{}", d, blocking, text);
        }
    }
}

/// Two pairs of radios tie for the closest: both directions must name the
/// same pair (a0 with b1 at 1 MHz, a1 with b0 at 1 MHz).
#[test]
fn tied_closest_radios_are_named_alike_in_both_directions() {
    let radio = |tx: u32, rx: u32| RadioGen {
        tx: Some(vec![Box::leak(format!("{tx} MHz").into_boxed_str())]),
        rx: Some(vec![(
            Box::leak(format!("{rx} MHz").into_boxed_str()) as &str,
            Box::leak(format!("{rx} MHz").into_boxed_str()) as &str,
        )]),
        modulation: Some("fm"),
    };
    let base = VehicleGen {
        maneuverable: Some(true),
        arm: None,
        pressure_mmhg: Some(760),
        o2_percent: Some(21),
        volume_m3: Some(10),
        ports: vec![],
        radios: vec![],
    };
    let a = VehicleGen {
        radios: vec![radio(100, 1000), radio(200, 2000)],
        ..base.clone()
    };
    let b = VehicleGen {
        radios: vec![radio(2001, 201), radio(1001, 101)],
        ..base
    };
    let (ta, tb) = (
        spec_text(&a, "vehicle-a", "a"),
        spec_text(&b, "vehicle-b", "b"),
    );
    let (va, vb) = (load(&ta, "a.toml"), load(&tb, "b.toml"));
    let results = check_pair(&va, &vb, &Environment::default(), &Selection::default());
    let a_rescues_b = shapes(&results[0], "A", "B", "CONTACT-001");
    let b_rescues_a = shapes(&results[1], "B", "A", "CONTACT-001");
    assert_eq!(a_rescues_b.len(), 1);
    assert_eq!(a_rescues_b, b_rescues_a);
}

/// Two port pairs tie (both clash on roles): both directions must name the
/// same pair.
#[test]
fn tied_port_pairs_are_named_alike_in_both_directions() {
    let port = |standard: &'static str| PortGen {
        standard: Some(standard),
        roles: Some(ROLES[1]),
    };
    let base = VehicleGen {
        maneuverable: Some(true),
        arm: None,
        pressure_mmhg: Some(760),
        o2_percent: Some(21),
        volume_m3: Some(10),
        ports: vec![],
        radios: vec![],
    };
    let a = VehicleGen {
        ports: vec![port("ssvp-g4000"), port("idss")],
        ..base.clone()
    };
    let b = VehicleGen {
        ports: vec![port("idss"), port("ssvp-g4000")],
        ..base
    };
    let (ta, tb) = (
        spec_text(&a, "vehicle-a", "a"),
        spec_text(&b, "vehicle-b", "b"),
    );
    let (va, vb) = (load(&ta, "a.toml"), load(&tb, "b.toml"));
    let results = check_pair(&va, &vb, &Environment::default(), &Selection::default());
    let a_rescues_b = shapes(&results[0], "A", "B", "MATE-001");
    let b_rescues_a = shapes(&results[1], "B", "A", "MATE-001");
    assert_eq!(a_rescues_b.len(), 1);
    assert_eq!(a_rescues_b, b_rescues_a);
}
