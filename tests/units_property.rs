//! Every quantity field of the format, in every unit (issue 19):
//!
//! 1. each unit its kind accepts round-trips: a value written in it is read
//!    as the same SI value (property over generated values);
//! 2. every unit of every other kind is refused, at that field, naming the
//!    kind it is;
//! 3. the unit factors agree with independent reference values.
//!
//! The fields are those of `spec::limits::LIMITS`, which a unit test keeps
//! equal to the quantity fields of the JSON Schema: a field added to the
//! format is covered here without touching this file. That the verdicts do
//! not depend on the units is `findings_do_not_depend_on_units` in
//! tests/properties.rs, over the bundled specs rewritten in random units.

use proptest::prelude::*;
use rescue_interop::spec::limits::{FieldLimits, LIMITS};
use rescue_interop::spec::{self, load};
use rescue_interop::units::{Kind, Unit};

/// The spec text a field of `table` is written in: the sections that hold
/// it, with the ids its lists need. Every table of LIMITS must be here.
fn section(table: &str) -> &'static str {
    match table {
        "VehicleInfo" => "[vehicle]\nid = \"u\"\nname = \"U\"\nkind = \"capsule\"\n",
        "Crew" => "[crew]\n",
        "Atmosphere" => "[atmosphere]\n",
        "Hatch" => "[hatch]\n",
        "Port" => "[[ports]]\nid = \"p\"\n",
        "ContactEnvelope" => "[[ports]]\nid = \"p\"\n[ports.capture_envelope]\n",
        "KeepOutZone" => "[[keep_out_zones]]\nid = \"k\"\n",
        "OxygenOutlet" => "[[oxygen_outlets]]\nid = \"o\"\n",
        "Eva" => "[eva]\n",
        "Consumables" => "[consumables]\n",
        "Radio" => "[[radios]]\nid = \"r\"\n",
        "Beacon" => "[[beacons]]\nid = \"b\"\n",
        "Orbit" => "[orbit]\nepoch = 2024-01-01T00:00:00Z\n",
        "Reach" => "[reach]\n",
        "Surface" => "[surface]\n",
        "Mobility" => "[mobility]\n",
        "Charging" => "[mobility.charging]\n",
        "IncapacitatedTransport" => "[eva.incapacitated_transport]\n",
        "Power" => "[power]\n",
        "Relay" => "[[relays]]\nid = \"r\"\n",
        "PntSignal" => "[[relays]]\nid = \"r\"\n[relays.pnt_signal]\n",
        "SuitDefinition" => {
            "[[suits]]\nid = \"s\"\n[suits.spec]\nid = \"s\"\nname = \"S\"\nclass = \"iva\"\n"
        }
        // A scenario's tables (see `scenario_text`).
        "Person" => "[[distressed.people]]\nid = \"p\"\n",
        "Carries" => "[rescuer.carries]\n",
        "DistressedPart" => "[distressed]\nvehicle = \"../vehicles/soyuz-ms.toml\"\n",
        other => panic!("tests/units_property.rs: no section for {other}; add one"),
    }
}

/// Whether a table of LIMITS belongs to the scenario format.
fn in_scenario(table: &str) -> bool {
    matches!(table, "Person" | "Carries" | "DistressedPart")
}

/// Where a text written by [`written`] is loaded from: a scenario names
/// the bundled specs, relative to `specs/scenarios/`.
fn written_path(limits: &FieldLimits) -> &'static std::path::Path {
    std::path::Path::new(if in_scenario(limits.table) {
        "specs/scenarios/units.toml"
    } else {
        "units.toml"
    })
}

/// A scenario holding `field = value` in the section of `table`.
fn scenario_text(table: &str, field: &str, value: &str) -> String {
    let rescuer = "[rescuer]\nvehicle = \"../vehicles/soyuz-ms.toml\"\n";
    let distressed = "[distressed]\nvehicle = \"../vehicles/soyuz-ms.toml\"\n";
    let head = "format = 1\n[scenario]\nid = \"u\"\nname = \"U\"\n";
    let line = format!("{field} = {value}\n");
    match table {
        "Person" => format!("{head}{rescuer}{distressed}{}{line}", section(table)),
        "Carries" => format!("{head}{distressed}{rescuer}{}{line}", section(table)),
        _ => format!("{head}{rescuer}{}{line}", section(table)),
    }
}

/// How a field holds its quantities: one, a list, or a position's three.
fn written(limits: &FieldLimits, quantity: &str) -> String {
    let schema = if in_scenario(limits.table) {
        rescue_interop::scenario::schema::scenario_schema()
    } else {
        rescue_interop::spec::schema::spec_schema()
    };
    let property = &schema["definitions"][limits.table]["properties"][limits.field];
    let bare = &property["anyOf"][0];
    let value = match (bare["type"].as_str(), bare["minItems"].as_u64()) {
        (Some("array"), Some(3)) => format!("[{quantity}, {quantity}, {quantity}]"),
        (Some("array"), _) => format!("[{quantity}]"),
        _ => quantity.to_string(),
    };
    if in_scenario(limits.table) {
        return scenario_text(limits.table, limits.field, &value);
    }
    // Surface and mobility tables belong to rovers (and landers).
    let kind = match limits.table {
        "Surface" | "Mobility" | "Charging" => "rover",
        _ => "capsule",
    };
    let header = if limits.table == "VehicleInfo" {
        String::new()
    } else {
        format!("[vehicle]\nid = \"u\"\nname = \"U\"\nkind = \"{kind}\"\n")
    };
    format!(
        "format = 1\n{header}{}{} = {value}\n",
        section(limits.table),
        limits.field
    )
}

/// The SI value of `n` of `unit` and the number that writes `si` in it.
fn number_in(unit: &Unit, si: f64) -> f64 {
    let zero = unit.to_si(0.0);
    (si - zero) / (unit.to_si(1.0) - zero)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()) + 1e-12
}

/// A value inside the field's flown range (or below its physical maximum),
/// `at` of the way between the ends, in SI units.
fn value_at(limits: &FieldLimits, at: f64) -> f64 {
    let (low, high) = limits.flown_si();
    let high = high.unwrap_or(limits.possible_max_si() / 10.0);
    let low = low.unwrap_or(high / 1000.0);
    low + (high - low) * at
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Every accepted unit of every quantity field reads back the same SI
    /// value, whichever field and unit.
    #[test]
    fn every_field_reads_every_accepted_unit_as_the_same_si_value(at in 0.0f64..=1.0) {
        for limits in LIMITS {
            let si = value_at(limits, at);
            for unit in limits.kind.units() {
                for spelling in unit.spellings() {
                    let quantity = format!("\"{} {spelling}\"", number_in(unit, si));
                    let text = written(limits, &quantity);
                    let read = load::field_quantities(&text)
                        .unwrap_or_else(|e| panic!("{e}\n{text}"));
                    let values: Vec<f64> = read
                        .iter()
                        .filter(|(l, _)| std::ptr::eq(*l, limits))
                        .flat_map(|(_, v)| v.iter().copied())
                        .collect();
                    prop_assert!(!values.is_empty(), "{} not read:\n{}", limits.name(), text);
                    for v in values {
                        prop_assert!(
                            close(v, si),
                            "{} in {spelling}: read {v}, wrote {si}\n{text}",
                            limits.name()
                        );
                    }
                    // And the whole spec loads, with no error.
                    let loaded = spec::load::load_str(
                        written_path(limits),
                        text.clone(),
                        spec::Standards::bundled(),
                    );
                    prop_assert!(loaded.is_ok(), "{} in {spelling} refused:\n{text}\n{:?}", limits.name(), loaded.err());
                }
            }
        }
    }
}

/// A unit of any other kind is refused at the field, saying what it is.
#[test]
fn every_field_refuses_every_unit_of_another_kind() {
    let mut accepted_wrongly = Vec::new();
    for limits in LIMITS {
        for other in Kind::ALL.into_iter().filter(|k| *k != limits.kind) {
            for unit in other.units() {
                for spelling in unit.spellings() {
                    if limits.kind.unit(spelling).is_some() {
                        // A plain pressure unit belongs to both pressure kinds.
                        continue;
                    }
                    let text = written(limits, &format!("\"1 {spelling}\""));
                    let errors = match spec::load::load_str(
                        written_path(limits),
                        text.clone(),
                        spec::Standards::bundled(),
                    ) {
                        Ok(_) => {
                            accepted_wrongly.push(format!("{} took '1 {spelling}'", limits.name()));
                            continue;
                        }
                        Err(e) => e,
                    };
                    // A plain pressure unit (kPa) belongs to both pressure
                    // kinds; the message names one of them.
                    let names_it = |found: &str| match other {
                        Kind::AbsolutePressure | Kind::PressureDifference => {
                            found.contains(" is an absolute pressure")
                                || found.contains(" is a pressure differential")
                        }
                        _ => found.contains(&format!(" is {}", other.noun())),
                    };
                    let named = errors
                        .diagnostics
                        .iter()
                        .any(|d| d.field.ends_with(limits.field) && names_it(&d.found));
                    if !named {
                        accepted_wrongly.push(format!(
                            "{} refused '1 {spelling}' without saying it is {}: {:?}",
                            limits.name(),
                            other.noun(),
                            errors
                                .diagnostics
                                .iter()
                                .map(|d| d.to_string())
                                .collect::<Vec<_>>()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        accepted_wrongly.is_empty(),
        "{}",
        accepted_wrongly.join("\n")
    );
}

/// The unit factors the tables rely on agree with independent values.
#[test]
fn unit_factors_match_reference_values() {
    let factor = |kind: Kind, spelling: &str| {
        let unit = kind
            .unit(spelling)
            .unwrap_or_else(|| panic!("{kind:?} accepts {spelling}"));
        assert_eq!(unit.to_si(0.0), 0.0, "{spelling}");
        unit.to_si(1.0)
    };
    let cases = [
        (Kind::AbsolutePressure, "psia", 6894.757),
        (Kind::AbsolutePressure, "mmHg", 133.322_4),
        (Kind::AbsolutePressure, "mm Hg", 133.322_4),
        (Kind::AbsolutePressure, "atm", 101_325.0),
        (Kind::AbsolutePressure, "inHg", 3386.389),
        (Kind::AbsolutePressure, "Torr", 133.322_4),
        (Kind::AbsolutePressure, "mbar", 100.0),
        (Kind::PressureDifference, "psid", 6894.757),
        (Kind::PressureDifference, "psig", 6894.757),
        (Kind::Length, "in", 0.0254),
        (Kind::Length, "ft", 0.3048),
        (Kind::Length, "metres", 1.0),
        (Kind::Velocity, "km/h", 1.0 / 3.6),
        (Kind::Velocity, "ft/s", 0.3048),
        (Kind::Angle, "deg", std::f64::consts::PI / 180.0),
        (Kind::AngularVelocity, "rpm", std::f64::consts::PI / 30.0),
        (Kind::Frequency, "GHz", 1e9),
        (Kind::Mass, "lb", 0.453_592_4),
        (Kind::Mass, "t", 1000.0),
        (Kind::MassRate, "kg/d", 1.0 / 86_400.0),
        (Kind::Volume, "L", 1e-3),
        (Kind::Volume, "ft^3", 0.028_316_85),
        (Kind::VolumeRate, "L/min", 1e-3 / 60.0),
        (Kind::Time, "d", 86_400.0),
        (Kind::DataRate, "kb/s", 125.0),
        (Kind::Fraction, "%", 0.01),
        (Kind::Force, "lbf", 4.448_222),
    ];
    for (kind, spelling, expected) in cases {
        let got = factor(kind, spelling);
        assert!(
            (got - expected).abs() <= 1e-6 * expected,
            "{spelling}: {got} vs {expected}"
        );
    }
    let celsius = Kind::Temperature.unit("°C").expect("°C");
    assert!((celsius.to_si(0.0) - 273.15).abs() < 1e-9);
    assert!((celsius.to_si(1.0) - celsius.to_si(0.0) - 1.0).abs() < 1e-12);
}

/// The cases of issue 19, one by one.
#[test]
fn the_issue_cases_are_refused_or_read_as_meant() {
    let read = |kind: Kind, text: &str| kind.parse_si(text);
    // "5 M" is not 5 nautical miles, "5 pc" and "5 Mm" no hatch unit.
    for text in ["5 M", "5 pc", "5 Mm"] {
        assert!(read(Kind::Length, text).is_err(), "{text}");
    }
    // "1 at" (technical atmosphere) is not a cabin pressure.
    assert!(read(Kind::AbsolutePressure, "1 at").is_err());
    // "metres" as well as "meters".
    assert_eq!(
        read(Kind::Length, "5 metres"),
        read(Kind::Length, "5 meters")
    );
    assert_eq!(read(Kind::Length, "5 metres"), Ok(5.0));
    // Wrong case: refused, with the spelling it meant.
    for (kind, text, meant) in [
        (Kind::AbsolutePressure, "101.3 kpa", "kPa"),
        (Kind::AbsolutePressure, "14.7 PSI", "psi"),
        (Kind::Length, "800 MM", "mm"),
    ] {
        match read(kind, text) {
            Err(rescue_interop::units::UnitError::UnknownUnit { suggestion, .. }) => {
                assert_eq!(suggestion, Some(meant), "{text}")
            }
            other => panic!("{text}: {other:?}"),
        }
    }
}
