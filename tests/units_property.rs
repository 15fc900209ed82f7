//! A spec's meaning never depends on the units it is written in: a spec
//! rewritten with every quantity in other units (kPa as psia or mmHg, m as
//! mm or in, MHz as GHz or kHz, m/s as km/h, deg as rad, kg as lb, m^3 as L,
//! ...) loads to the same SI values within floating-point tolerance.

use proptest::prelude::*;
use proptest::sample::Index;
use rescue_interop::spec::{self, Quantity, Range, Vehicle};
use rescue_interop::units::Kind;

/// Units a quantity of each kind may be written in. The first is the SI base
/// unit the reference spec uses; "" writes a fraction as a bare number.
fn units(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::AbsolutePressure => &[
            "Pa", "kPa", "hPa", "MPa", "bar", "mbar", "atm", "psi", "psia", "mmHg", "mm Hg",
            "torr", "Torr", "inHg",
        ],
        Kind::PressureDifference => &["Pa", "kPa", "hPa", "psi", "psid", "psig", "mmHg", "bar"],
        Kind::Length => &["m", "mm", "cm", "km", "in", "ft"],
        Kind::Velocity => &["m/s", "km/h", "mm/s", "cm/s", "ft/s"],
        Kind::Angle => &["rad", "deg", "degree", "degrees", "°"],
        Kind::AngularVelocity => &["rad/s", "deg/s", "°/s", "rpm"],
        Kind::Frequency => &["Hz", "kHz", "MHz", "GHz"],
        Kind::Mass => &["kg", "g", "t", "lb"],
        Kind::MassRate => &["kg/s", "kg/d", "kg/day", "kg/h", "g/s", "lb/d", "lb/day"],
        Kind::Volume => &["m^3", "m3", "m³", "L", "l", "cm^3", "ft^3"],
        Kind::VolumeRate => &["m^3/s", "m3/s", "L/min", "l/min", "L/s", "ft^3/min"],
        Kind::Time => &[
            "s", "min", "minutes", "h", "hr", "hours", "d", "day", "days",
        ],
        Kind::Energy => &["J", "kJ"],
        Kind::Voltage => &["V", "kV", "mV", "Vdc", "VDC"],
        Kind::Temperature => &["K", "°C"],
        Kind::DataRate => &["b/s", "Gb/s", "bps", "kb/s", "kbps", "Mb/s", "Mbps"],
        Kind::Fraction => &["", "%", "percent"],
        Kind::Force => &["N", "kN"],
        Kind::Power => &["W", "kW", "mW"],
    }
}

/// The SI value of `1 unit` and `0 unit`, through the tool's own parser
/// (°C has an offset, so the conversion is affine).
fn affine(kind: Kind, unit: &str) -> (f64, f64) {
    let at = |n: f64| {
        kind.parse_si(&format!("{n} {unit}"))
            .unwrap_or_else(|e| panic!("'{n} {unit}' as {kind}: {e}"))
    };
    let zero = at(0.0);
    (zero, at(1.0) - zero)
}

/// Writes SI values as TOML values, in the base unit or in units picked by
/// the generated choices.
struct Writer {
    choices: Vec<Index>,
    next: usize,
    rewrite: bool,
}

impl Writer {
    fn unit(&mut self, kind: Kind) -> &'static str {
        let list = units(kind);
        if !self.rewrite {
            return list[0];
        }
        let index = self.choices[self.next % self.choices.len()].index(list.len());
        self.next += 1;
        list[index]
    }

    fn text(kind: Kind, unit: &str, si: f64) -> String {
        if unit.is_empty() {
            return format!("{si}");
        }
        let (offset, factor) = affine(kind, unit);
        format!("\"{} {unit}\"", (si - offset) / factor)
    }

    fn q(&mut self, kind: Kind, si: f64) -> String {
        let unit = self.unit(kind);
        Self::text(kind, unit, si)
    }

    /// A range written with one unit for all three bounds (so that equal
    /// bounds stay equal after rounding).
    fn range(&mut self, kind: Kind, mut bounds: [f64; 3]) -> String {
        bounds.sort_by(f64::total_cmp);
        let unit = self.unit(kind);
        format!(
            "{{ min = {}, nominal = {}, max = {} }}",
            Self::text(kind, unit, bounds[0]),
            Self::text(kind, unit, bounds[1]),
            Self::text(kind, unit, bounds[2]),
        )
    }
}

/// Generated SI values for every quantity of the template.
#[derive(Debug, Clone)]
struct Values {
    v: Vec<f64>,
    fractions: [f64; 4],
    signed: [f64; 4],
}

const VALUE_COUNT: usize = 40;

fn spec_text(values: &Values, writer: &mut Writer) -> String {
    use Kind::*;
    let v = &values.v;
    let r3 = |i: usize| [v[i], v[i + 1], v[i + 2]];
    let f = &values.fractions;
    let s = &values.signed;
    let mut out = String::new();
    let mut push = |line: String| {
        out.push_str(&line);
        out.push('\n');
    };
    push("format = 1\n[vehicle]\nid = \"units\"\nname = \"Units\"\nkind = \"capsule\"".into());
    push(format!("mass = {}", writer.range(Mass, r3(0))));
    push("[crew]".into());
    push(format!("stature = {}", writer.range(Length, r3(3))));
    push(format!("body_mass = {}", writer.range(Mass, r3(6))));
    push("[atmosphere]".into());
    push(format!(
        "pressure = {}",
        writer.range(AbsolutePressure, r3(9))
    ));
    push(format!(
        "o2_fraction = {{ min = {}, max = {}, source = \"X\" }}",
        writer.q(Fraction, f[0].min(f[1])),
        writer.q(Fraction, f[0].max(f[1]))
    ));
    push(format!(
        "o2_partial_pressure = {}",
        writer.q(AbsolutePressure, v[12])
    ));
    push(format!(
        "co2_limit = {{ value = {}, source = \"X\" }}",
        writer.q(AbsolutePressure, v[13])
    ));
    push(format!("free_volume = {}", writer.q(Volume, v[14])));
    push(format!("materials_o2_limit = {}", writer.q(Fraction, f[2])));
    push("[hatch]".into());
    push(format!(
        "max_opening_pressure_difference = {}",
        writer.q(PressureDifference, s[0])
    ));
    push("[consumables]".into());
    push(format!("o2_mass = {}", writer.q(Mass, v[15])));
    push(format!("o2_per_person = {}", writer.q(MassRate, v[16])));
    push(format!("time_to_return = {}", writer.q(Time, v[17])));
    push(format!("margin = {}", writer.q(Time, v[18])));
    push("[[ports]]\nid = \"nose\"".into());
    push(format!("passage_diameter = {}", writer.q(Length, v[19])));
    push(format!(
        "position = [{}, {}, {}]",
        signed_length(writer, s[1]),
        signed_length(writer, s[2]),
        signed_length(writer, s[3])
    ));
    push(format!(
        "allowed_clocking = [{}, {}]",
        writer.q(Angle, v[20]),
        writer.q(Angle, v[21])
    ));
    push(format!("attenuation_energy = {}", writer.q(Energy, v[22])));
    push(format!("power_voltage = {}", writer.q(Voltage, v[23])));
    push("[ports.capture_envelope]".into());
    push(format!(
        "closing_speed = {}",
        writer.range(Velocity, r3(24))
    ));
    push(format!(
        "lateral_misalignment = {}",
        writer.q(Length, v[27])
    ));
    push(format!("angular_misalignment = {}", writer.q(Angle, v[28])));
    push(format!(
        "angular_rate = {}",
        writer.q(AngularVelocity, v[29])
    ));
    push("[[oxygen_outlets]]\nid = \"umbilical\"".into());
    push(format!("max_flow = {}", writer.q(VolumeRate, v[30])));
    push("[[radios]]\nid = \"uhf\"".into());
    push(format!(
        "tx_frequencies = [{}, {}]",
        writer.q(Frequency, v[31]),
        writer.q(Frequency, v[32])
    ));
    push(format!("rx_bands = [{}]", writer.range(Frequency, r3(33))));
    push(format!(
        "system_noise_temperature = {}",
        writer.q(Temperature, v[36])
    ));
    push(format!("data_rate = {}", writer.q(DataRate, v[37])));
    push(
        "[[suits]]\nid = \"iva\"\n[suits.spec]\nid = \"iva\"\nname = \"IVA\"\nclass = \"iva\""
            .into(),
    );
    push(format!(
        "operating_pressure = {}",
        writer.range(PressureDifference, [s[0].abs(), v[38], v[39]])
    ));
    push(format!(
        "self_contained_endurance = {}",
        writer.q(Time, v[38])
    ));
    push(format!(
        "min_passage_diameter = {}",
        writer.q(Length, v[39])
    ));
    out
}

fn signed_length(writer: &mut Writer, si: f64) -> String {
    // A negative coordinate is written with its sign before the number.
    writer.q(Kind::Length, si)
}

/// Every quantity of a loaded template spec, in SI units.
fn si_values(v: &Vehicle) -> Vec<Option<f64>> {
    fn range<Q: Quantity>(r: Option<&Range<Q>>) -> [Option<f64>; 3] {
        match r {
            Some(r) => [
                r.min.map(|q| q.si()),
                r.nominal.map(|q| q.si()),
                r.max.map(|q| q.si()),
            ],
            None => [None; 3],
        }
    }
    fn one<Q: Quantity>(q: Option<&Q>) -> Option<f64> {
        q.map(Quantity::si)
    }
    let mut out = Vec::new();
    out.extend(range(v.info.mass.get()));
    out.extend(range(v.crew.stature.get()));
    out.extend(range(v.crew.body_mass.get()));
    let a = &v.atmosphere;
    out.extend(range(a.pressure.get()));
    let o2 = a.o2_fraction.get();
    out.push(o2.and_then(|r| r.min).map(|q| q.si()));
    out.push(o2.and_then(|r| r.max).map(|q| q.si()));
    // A scalar is read as a point range.
    out.push(range(a.o2_partial_pressure.get())[0]);
    out.push(one(a.co2_limit.get()));
    out.push(one(a.free_volume.get()));
    out.push(one(a.materials_o2_limit.get()));
    out.push(one(v.hatch.max_opening_pressure_difference.get()));
    let c = &v.consumables;
    out.push(one(c.o2_mass.get()));
    out.push(one(c.o2_per_person.get()));
    out.push(one(c.time_to_return.get()));
    out.push(one(c.margin.get()));
    let port = v.ports.first();
    out.push(port.and_then(|p| one(p.passage_diameter.get())));
    match port.and_then(|p| p.position.get()) {
        Some(spec::Position(xyz)) => out.extend(xyz.iter().map(|l| Some(l.value))),
        None => out.extend([None; 3]),
    }
    match port.and_then(|p| p.allowed_clocking.get()) {
        Some(angles) => out.extend(angles.iter().map(|a| Some(a.value))),
        None => out.extend([None; 2]),
    }
    out.push(port.and_then(|p| one(p.attenuation_energy.get())));
    out.push(port.and_then(|p| one(p.power_voltage.get())));
    let envelope = port.map(|p| &p.capture_envelope);
    out.extend(range(envelope.and_then(|e| e.closing_speed.get())));
    out.push(envelope.and_then(|e| one(e.lateral_misalignment.get())));
    out.push(envelope.and_then(|e| one(e.angular_misalignment.get())));
    out.push(envelope.and_then(|e| one(e.angular_rate.get())));
    out.push(v.oxygen_outlets.first().and_then(|o| one(o.max_flow.get())));
    let radio = v.radios.first();
    match radio.and_then(|r| r.tx_frequencies.get()) {
        Some(f) => out.extend(f.iter().map(|f| Some(f.value))),
        None => out.extend([None; 2]),
    }
    out.extend(range(
        radio
            .and_then(|r| r.rx_bands.get())
            .and_then(|bands| bands.first()),
    ));
    out.push(radio.and_then(|r| one(r.system_noise_temperature.get())));
    out.push(radio.and_then(|r| one(r.data_rate.get())));
    let suit = v.suits.first().map(|s| &s.suit);
    out.extend(range(suit.and_then(|s| s.operating_pressure.get())));
    out.push(suit.and_then(|s| one(s.self_contained_endurance.get())));
    out.push(suit.and_then(|s| one(s.min_passage_diameter.get())));
    out
}

fn load(text: &str) -> Vehicle {
    match spec::vehicle_from_str("units.toml", text) {
        Ok(v) => v,
        Err(errors) => panic!(
            "{}\n---\n{text}",
            errors
                .diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()) + 1e-12
}

fn values_strategy() -> impl Strategy<Value = Values> {
    (
        // Magnitudes across many decades, as SI values.
        prop::collection::vec(
            prop_oneof![1e-3f64..1.0, 1.0f64..1e3, 1e3f64..1e7],
            VALUE_COUNT,
        ),
        prop::array::uniform4(0.0f64..=1.0),
        prop::array::uniform4(-1e5f64..1e5),
    )
        .prop_map(|(v, fractions, signed)| Values {
            v,
            fractions,
            signed,
        })
}

proptest! {
    // Integration tests have no lib.rs beside them for proptest's
    // regression files; failures print the minimal case instead.
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_spec_in_other_units_loads_to_the_same_si_values(
        values in values_strategy(),
        choices in prop::collection::vec(any::<Index>(), 64),
    ) {
        let mut base_writer = Writer { choices: choices.clone(), next: 0, rewrite: false };
        let base_text = spec_text(&values, &mut base_writer);
        let mut other_writer = Writer { choices, next: 0, rewrite: true };
        let other_text = spec_text(&values, &mut other_writer);
        let base = si_values(&load(&base_text));
        let other = si_values(&load(&other_text));
        prop_assert_eq!(base.len(), other.len());
        for (i, (a, b)) in base.iter().zip(&other).enumerate() {
            let (Some(a), Some(b)) = (a, b) else {
                return Err(TestCaseError::fail(format!("value {i} not read:\n{other_text}")));
            };
            prop_assert!(close(*a, *b), "value {}: {} vs {}\n{}", i, a, b, other_text);
        }
    }
}

/// The unit factors the property relies on agree with independent values.
#[test]
fn unit_factors_match_reference_values() {
    let cases = [
        (Kind::AbsolutePressure, "psia", 6894.757),
        (Kind::AbsolutePressure, "mmHg", 133.322_4),
        (Kind::AbsolutePressure, "atm", 101_325.0),
        (Kind::AbsolutePressure, "inHg", 3386.389),
        (Kind::PressureDifference, "psid", 6894.757),
        (Kind::Length, "in", 0.0254),
        (Kind::Length, "ft", 0.3048),
        (Kind::Velocity, "km/h", 1.0 / 3.6),
        (Kind::Angle, "deg", std::f64::consts::PI / 180.0),
        (Kind::AngularVelocity, "rpm", std::f64::consts::PI / 30.0),
        (Kind::Frequency, "GHz", 1e9),
        (Kind::Mass, "lb", 0.453_592_4),
        (Kind::MassRate, "kg/d", 1.0 / 86_400.0),
        (Kind::Volume, "L", 1e-3),
        (Kind::Volume, "ft^3", 0.028_316_85),
        (Kind::VolumeRate, "L/min", 1e-3 / 60.0),
        (Kind::Time, "d", 86_400.0),
        (Kind::DataRate, "kb/s", 125.0),
        (Kind::Fraction, "%", 0.01),
    ];
    for (kind, unit, expected) in cases {
        let (offset, factor) = affine(kind, unit);
        assert_eq!(offset, 0.0, "{unit}");
        assert!(
            (factor - expected).abs() <= 1e-6 * expected,
            "{unit}: {factor} vs {expected}"
        );
    }
    let (offset, factor) = affine(Kind::Temperature, "°C");
    assert!((offset - 273.15).abs() < 1e-9 && (factor - 1.0).abs() < 1e-12);
}

/// Every unit the property uses is one the tool accepts.
#[test]
fn every_listed_unit_parses() {
    for kind in Kind::ALL {
        for unit in units(kind) {
            if !unit.is_empty() {
                affine(kind, unit);
            }
        }
    }
}
