//! What each quantity field may hold: the values that are physically
//! possible (outside them a spec is refused), and the values flown vehicles
//! show (outside them `validate` warns and `validate --strict` refuses).
//!
//! A value can be written in a valid unit and still be wrong by a factor of
//! a thousand: "5 km" for a hatch, "14.7 kPa" for a cabin. The units a field
//! accepts are its kind's ([`Kind::units`]); its range is declared here, once
//! per field of a spec type (`Port.passage_diameter`), so that every file
//! reusing the type (a vehicle, a suit file, a scenario) is held to the same
//! range. A test keeps the table complete: every quantity field of the
//! format has a row, and every row names a quantity field of its kind.
//!
//! The flown ranges cite the vehicle and source that set each end; where no
//! published figures bound a field, it has none and only the physical range
//! applies. Both are listed in the Limits table of `docs/spec-format.md`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;
use toml::de::{DeTable, DeValue};

use super::schema::spec_schema;
use crate::units::Kind;

/// One end of a flown range: the value, and the vehicle and source it comes
/// from.
#[derive(Debug, Clone, Copy)]
pub struct Flown {
    pub value: &'static str,
    /// Which vehicle shows it, and the source key: "CBM (WP-CBM)".
    pub by: &'static str,
}

/// The limits of one quantity field.
#[derive(Debug)]
pub struct FieldLimits {
    /// The spec type (its JSON Schema definition) holding the field: `Port`.
    pub table: &'static str,
    pub field: &'static str,
    pub kind: Kind,
    /// Whether the value is a signed coordinate, bounded by its magnitude.
    pub signed: bool,
    /// The largest physically possible value (the smallest is zero; a
    /// negative magnitude is refused by the reader).
    pub possible_max: &'static str,
    /// Why no value beyond it is possible.
    pub why: &'static str,
    /// The smallest and largest values flown vehicles show, where published.
    pub flown_min: Option<Flown>,
    pub flown_max: Option<Flown>,
}

/// A value outside a field's limits.
#[derive(Debug, Clone, PartialEq)]
pub enum Breach {
    /// Beyond the physically possible: the spec is refused.
    Impossible { value: String, max: String },
    /// Outside what flown vehicles show: a warning.
    Unflown { value: String, flown: String },
}

impl FieldLimits {
    /// The path a message names: `Port.passage_diameter`.
    pub fn name(&self) -> String {
        format!("{}.{}", self.table, self.field)
    }

    /// The largest possible value in SI units.
    pub fn possible_max_si(&self) -> f64 {
        si(self.kind, self.possible_max)
    }

    /// The flown range in SI units (an end not published is open).
    pub fn flown_si(&self) -> (Option<f64>, Option<f64>) {
        (
            self.flown_min.map(|f| si(self.kind, f.value)),
            self.flown_max.map(|f| si(self.kind, f.value)),
        )
    }

    /// "800 mm (IDSS, WP-IDSS) to 1270 mm (CBM, WP-CBM)".
    pub fn flown_text(&self) -> Option<String> {
        let end = |f: Flown| format!("{} ({})", f.value, f.by);
        match (self.flown_min, self.flown_max) {
            (Some(a), Some(b)) => Some(format!("{} to {}", end(a), end(b))),
            (Some(a), None) => Some(format!("at least {}", end(a))),
            (None, Some(b)) => Some(format!("at most {}", end(b))),
            (None, None) => None,
        }
    }

    /// The first of `values` (SI units) outside the limits, if any: an
    /// impossible value before an unflown one.
    pub fn check(&self, values: &[f64]) -> Option<Breach> {
        let magnitude = |v: f64| if self.signed { v.abs() } else { v };
        let shown = |v: f64| self.kind.format_si(v);
        let max = self.possible_max_si();
        if let Some(v) = values.iter().copied().find(|v| magnitude(*v) > max) {
            return Some(Breach::Impossible {
                value: shown(v),
                max: self.possible_max.to_string(),
            });
        }
        let (low, high) = self.flown_si();
        let outside = |v: f64| low.is_some_and(|l| v < l) || high.is_some_and(|h| v > h);
        values
            .iter()
            .copied()
            .find(|v| outside(magnitude(*v)))
            .map(|v| Breach::Unflown {
                value: shown(v),
                flown: self.flown_text().unwrap_or_default(),
            })
    }
}

fn si(kind: Kind, text: &str) -> f64 {
    // The table's texts are checked by a test; a failure here would be a
    // bug in this file, and an infinite limit refuses nothing.
    kind.parse_si(text).unwrap_or(f64::INFINITY)
}

const fn flown(value: &'static str, by: &'static str) -> Option<Flown> {
    Some(Flown { value, by })
}

/// A magnitude field: `limits!(table, field, Kind, "max", "why", flown...)`.
const fn row(
    table: &'static str,
    field: &'static str,
    kind: Kind,
    possible_max: &'static str,
    why: &'static str,
) -> FieldLimits {
    FieldLimits {
        table,
        field,
        kind,
        signed: false,
        possible_max,
        why,
        flown_min: None,
        flown_max: None,
    }
}

const fn with_flown(
    mut limits: FieldLimits,
    min: Option<Flown>,
    max: Option<Flown>,
) -> FieldLimits {
    limits.flown_min = min;
    limits.flown_max = max;
    limits
}

const fn signed(mut limits: FieldLimits) -> FieldLimits {
    limits.signed = true;
    limits
}

// Reasons shared by several rows.
const MASS_WHY: &str =
    "more than twenty times the ISS (419 t, CNN-ISS), the heaviest crewed structure flown";
const OPENING_WHY: &str =
    "no opening of a crewed vehicle is 10 m wide; a larger figure is a unit slip";
const CABIN_WHY: &str = "no crewed cabin holds two atmospheres; a larger figure is a unit slip";
const FRACTION_WHY: &str = "a fraction is at most 100 %";
const RADIO_WHY: &str = "radio waves are below 3000 GHz (ITU Radio Regulations No. 1.5, ITU-RR)";
const SPEED_WHY: &str = "thirty times the fastest flown contact (0.3 m/s, APAS-75, DE-APAS89): a collision, not a docking";
const RATE_WHY: &str = "half a turn a second is a tumble, not a docking";
const ANGLE_WHY: &str = "beyond half a turn a misalignment points the ports apart";
const GAS_SUPPLY_WHY: &str = "no spacecraft gas system works at a thousand atmospheres";
const FLOW_WHY: &str = "a cubic metre a second is more than any suit hose or outlet carries";
const DURATION_WHY: &str = "ten years: no crew is supplied for longer";
const ORBIT_WHY: &str =
    "a hundred times the 70000 km apolune of the Gateway's near-rectilinear halo orbit (ESA-GW)";
const MOON_DISTANCE_WHY: &str =
    "longer than the Moon's circumference (about 10,900 km): no distance on its surface is larger";
const POWER_WHY: &str = "ten thousand times the 60 kW of Gateway's power element (L-PPE), the most planned in lunar space";
const DELTA_V_WHY: &str = "a hundred times the largest published, Orion's 1338 m/s (NASA-OQF)";

/// Every quantity field of the format, by spec type and field.
pub static LIMITS: &[FieldLimits] = &[
    with_flown(
        row("VehicleInfo", "mass", Kind::Mass, "10000 t", MASS_WHY),
        // Vehicles run from rovers of a few hundred kilograms (the Apollo
        // LRV, 210 kg, M-LRV; Tansuo, about 200 kg, planned) to the ISS:
        // only the heaviest flown bounds the field.
        None,
        flown("419456 kg", "ISS, CNN-ISS"),
    ),
    row(
        "Crew",
        "stature",
        Kind::Length,
        "3 m",
        "no person is 3 m tall",
    ),
    row(
        "Crew",
        "sitting_height",
        Kind::Length,
        "2 m",
        "no person sits 2 m tall",
    ),
    row(
        "Crew",
        "body_mass",
        Kind::Mass,
        "500 kg",
        "no crew member weighs half a tonne",
    ),
    // A scenario's people, what its rescuer carries and how long its crew
    // can wait: the same bounds as the spec fields they stand beside.
    row(
        "Person",
        "stature",
        Kind::Length,
        "3 m",
        "no person is 3 m tall",
    ),
    row(
        "Person",
        "sitting_height",
        Kind::Length,
        "2 m",
        "no person sits 2 m tall",
    ),
    row(
        "Person",
        "mass",
        Kind::Mass,
        "500 kg",
        "no crew member weighs half a tonne",
    ),
    row("Carries", "o2_mass", Kind::Mass, "10000 t", MASS_WHY),
    row(
        "Carries",
        "co2_scrubbing_capacity",
        Kind::Mass,
        "10000 t",
        MASS_WHY,
    ),
    row("DistressedPart", "wait", Kind::Time, "3650 d", DURATION_WHY),
    with_flown(
        row(
            "Atmosphere",
            "pressure",
            Kind::AbsolutePressure,
            "2 atm",
            CABIN_WHY,
        ),
        flown("4.6 psia", "Apollo LM, L-LM-ECS"),
        flown("800 mmHg", "Soyuz MS, ZVEZDA-SOKOL"),
    ),
    with_flown(
        row(
            "Atmosphere",
            "adjustable_pressure",
            Kind::AbsolutePressure,
            "2 atm",
            CABIN_WHY,
        ),
        flown("0.34 atm", "ASTP Docking Module, ASTP-DM"),
        flown("800 mmHg", "Soyuz MS, ZVEZDA-SOKOL"),
    ),
    row(
        "Atmosphere",
        "o2_fraction",
        Kind::Fraction,
        "100 %",
        FRACTION_WHY,
    ),
    row(
        "Atmosphere",
        "o2_partial_pressure",
        Kind::AbsolutePressure,
        "2 atm",
        CABIN_WHY,
    ),
    row(
        "Atmosphere",
        "co2_limit",
        Kind::AbsolutePressure,
        "2 atm",
        CABIN_WHY,
    ),
    with_flown(
        row(
            "Atmosphere",
            "free_volume",
            Kind::Volume,
            "10000 m^3",
            "more than twenty-five times the ISS's habitable 388 m^3 (CNN-ISS)",
        ),
        flown("6.2 m^3", "Apollo CSM, WP-CSM"),
        flown("388 m^3", "ISS, CNN-ISS"),
    ),
    row(
        "Atmosphere",
        "materials_o2_limit",
        Kind::Fraction,
        "100 %",
        FRACTION_WHY,
    ),
    row(
        "Hatch",
        "max_opening_pressure_difference",
        Kind::PressureDifference,
        "2 atm",
        CABIN_WHY,
    ),
    with_flown(
        row(
            "Port",
            "passage_diameter",
            Kind::Length,
            "10 m",
            OPENING_WHY,
        ),
        flown("800 mm", "IDSS, WP-IDSS"),
        flown("1270 mm", "CBM, WP-CBM"),
    ),
    signed(row(
        "Port",
        "position",
        Kind::Length,
        "1 km",
        "no vehicle is a kilometre long",
    )),
    row(
        "Port",
        "allowed_clocking",
        Kind::Angle,
        "360 deg",
        "a roll angle lies within one turn",
    ),
    row(
        "Port",
        "attenuation_energy",
        Kind::Energy,
        "250000 kJ",
        "the energy of the largest pair this format allows (10000 t each, reduced mass 5000 t) at its fastest contact (10 m/s)",
    ),
    row("Port", "partner_mass", Kind::Mass, "10000 t", MASS_WHY),
    row(
        "Port",
        "power_voltage",
        Kind::Voltage,
        "12 kV",
        "a hundred times the ISS's 120 V interface (PWR)",
    ),
    with_flown(
        row(
            "ContactEnvelope",
            "closing_speed",
            Kind::Velocity,
            "10 m/s",
            SPEED_WHY,
        ),
        flown("0.05 m/s", "APAS-75, DE-APAS89"),
        flown("0.3 m/s", "APAS-75, DE-APAS89"),
    ),
    row(
        "ContactEnvelope",
        "lateral_misalignment",
        Kind::Length,
        "10 m",
        OPENING_WHY,
    ),
    row(
        "ContactEnvelope",
        "angular_misalignment",
        Kind::Angle,
        "180 deg",
        ANGLE_WHY,
    ),
    row(
        "ContactEnvelope",
        "roll_misalignment",
        Kind::Angle,
        "180 deg",
        ANGLE_WHY,
    ),
    row(
        "ContactEnvelope",
        "lateral_rate",
        Kind::Velocity,
        "10 m/s",
        SPEED_WHY,
    ),
    row(
        "ContactEnvelope",
        "angular_rate",
        Kind::AngularVelocity,
        "180 deg/s",
        RATE_WHY,
    ),
    row(
        "ContactEnvelope",
        "roll_rate",
        Kind::AngularVelocity,
        "180 deg/s",
        RATE_WHY,
    ),
    signed(row(
        "KeepOutZone",
        "center",
        Kind::Length,
        "100 km",
        "beyond the 100 km at which a rendezvous sensor acquires its target (Kurs-NA, R16)",
    )),
    row(
        "KeepOutZone",
        "radius",
        Kind::Length,
        "100 km",
        "beyond the 100 km at which a rendezvous sensor acquires its target (Kurs-NA, R16)",
    ),
    row(
        "OxygenOutlet",
        "delivery_pressure",
        Kind::PressureDifference,
        "1000 atm",
        GAS_SUPPLY_WHY,
    ),
    row(
        "OxygenOutlet",
        "max_flow",
        Kind::VolumeRate,
        "1 m^3/s",
        FLOW_WHY,
    ),
    row("Eva", "hatch_diameter", Kind::Length, "10 m", OPENING_WHY),
    row("Consumables", "o2_mass", Kind::Mass, "10000 t", MASS_WHY),
    row(
        "Consumables",
        "o2_generation_rate",
        Kind::MassRate,
        "840 kg/d",
        "a thousand crew members' use at 0.84 kg/d each (RP-1324)",
    ),
    row(
        "Consumables",
        "co2_scrubbing_capacity",
        Kind::Mass,
        "10000 t",
        MASS_WHY,
    ),
    row(
        "Consumables",
        "co2_removal_rate",
        Kind::MassRate,
        "1000 kg/d",
        "a thousand crew members' output at 1.0 kg/d each (RP-1324)",
    ),
    row(
        "Consumables",
        "o2_per_person",
        Kind::MassRate,
        "84 kg/d",
        "a hundred times the 0.84 kg/d a person uses (RP-1324)",
    ),
    row(
        "Consumables",
        "co2_per_person",
        Kind::MassRate,
        "100 kg/d",
        "a hundred times the 1.0 kg/d a person produces (RP-1324)",
    ),
    row(
        "Consumables",
        "time_to_return",
        Kind::Time,
        "3650 d",
        DURATION_WHY,
    ),
    row("Consumables", "margin", Kind::Time, "3650 d", DURATION_WHY),
    row(
        "Radio",
        "tx_frequencies",
        Kind::Frequency,
        "3000 GHz",
        RADIO_WHY,
    ),
    row("Radio", "rx_bands", Kind::Frequency, "3000 GHz", RADIO_WHY),
    row(
        "Radio",
        "frequency_tolerance",
        Kind::Frequency,
        "3000 GHz",
        RADIO_WHY,
    ),
    row(
        "Radio",
        "system_noise_temperature",
        Kind::Temperature,
        "50000 K",
        "a hundred times the 500 K of the worked link budget (comms.md §3.3)",
    ),
    row(
        "Radio",
        "data_rate",
        Kind::DataRate,
        "26 Gb/s",
        "a hundred times the fastest crewed link found, Orion's 260 Mb/s optical downlink (R30)",
    ),
    row(
        "Radio",
        "doppler_tolerance",
        Kind::Frequency,
        "3000 GHz",
        RADIO_WHY,
    ),
    row(
        "Beacon",
        "frequency",
        Kind::Frequency,
        "3000 GHz",
        RADIO_WHY,
    ),
    with_flown(
        row(
            "SuitDefinition",
            "operating_pressure",
            Kind::PressureDifference,
            "2 atm",
            "no suit holds two atmospheres above its surroundings",
        ),
        None,
        flown("8.0 psid", "EMU with its Bends Treatment Adapter, EV24"),
    ),
    row(
        "SuitDefinition",
        "o2_inlet_pressure",
        Kind::PressureDifference,
        "1000 atm",
        GAS_SUPPLY_WHY,
    ),
    with_flown(
        row(
            "SuitDefinition",
            "o2_flow",
            Kind::VolumeRate,
            "1 m^3/s",
            FLOW_WHY,
        ),
        flown("21 L/min", "Shenzhou IVA suit, EA-CHSUIT"),
        flown("150 L/min", "Sokol-KV2 ventilation, ZVEZDA-SOKOL"),
    ),
    with_flown(
        row(
            "SuitDefinition",
            "self_contained_endurance",
            Kind::Time,
            "800 h",
            "a hundred times the longest flown (8 h, Orlan-MKS)",
        ),
        flown("15 min", "Sokol-KV2 with visor closed, ZVEZDA-SOKOL"),
        flown("8 h", "Orlan-MKS, ROS-ORLAN; Feitian, STDAILY21"),
    ),
    row(
        "SuitDefinition",
        "min_passage_diameter",
        Kind::Length,
        "10 m",
        OPENING_WHY,
    ),
    row(
        "Orbit",
        "inclination",
        Kind::Angle,
        "180 deg",
        "an inclination lies between 0 and 180 deg",
    ),
    row("Orbit", "perigee", Kind::Length, "7000000 km", ORBIT_WHY),
    row("Orbit", "apogee", Kind::Length, "7000000 km", ORBIT_WHY),
    row("Orbit", "altitude", Kind::Length, "7000000 km", ORBIT_WHY),
    row(
        "Orbit",
        "period",
        Kind::Time,
        "650 d",
        "a hundred times the 6.5-day period of the Gateway's near-rectilinear halo orbit (WES-GW)",
    ),
    row(
        "Orbit",
        "raan",
        Kind::Angle,
        "360 deg",
        "a node's angle lies within one turn",
    ),
    row(
        "Reach",
        "max_docking_altitude",
        Kind::Length,
        "7000000 km",
        ORBIT_WHY,
    ),
    row("Reach", "delta_v", Kind::Velocity, "134 km/s", DELTA_V_WHY),
    row(
        "Reach",
        "delta_v_reserved",
        Kind::Velocity,
        "134 km/s",
        DELTA_V_WHY,
    ),
    row("Reach", "propellant_mass", Kind::Mass, "10000 t", MASS_WHY),
    row(
        "Reach",
        "specific_impulse",
        Kind::Time,
        "10000 s",
        "thirty times the 314.5 s of the Apollo service propulsion engine (WP-CSM); no crewed vehicle's engine comes near",
    ),
    row("Reach", "wet_mass", Kind::Mass, "10000 t", MASS_WHY),
    with_flown(
        row("Reach", "rendezvous", Kind::Time, "3650 d", DURATION_WHY),
        flown("183 min", "Soyuz MS two-orbit profile, EN-MS17"),
        flown("48 h", "Soyuz MS two-day profile, EN-MS17"),
    ),
    row("Reach", "dock_to_hatch", Kind::Time, "3650 d", DURATION_WHY),
    with_flown(
        row("Reach", "readiness", Kind::Time, "3650 d", DURATION_WHY),
        flown("8.5 d", "Shenzhou standby ship, SZSTBY22"),
        flown("44 d", "Soyuz MS-23, MS23"),
    ),
    with_flown(
        row(
            "Reach",
            "docked_endurance",
            Kind::Time,
            "3650 d",
            DURATION_WHY,
        ),
        flown("84 d", "Apollo CSM at Skylab, WP-SKY"),
        flown("213 d", "Starliner, WP-STL"),
    ),
    with_flown(
        row(
            "Reach",
            "free_flight_endurance",
            Kind::Time,
            "3650 d",
            DURATION_WHY,
        ),
        flown("45 h", "Apollo LM, R-SP350"),
        flown("21 d", "Orion, ENG19"),
    ),
    row(
        "Reach",
        "undock_to_landing",
        Kind::Time,
        "3650 d",
        DURATION_WHY,
    ),
    row(
        "Reach",
        "safe_haven_endurance",
        Kind::Time,
        "3650 d",
        DURATION_WHY,
    ),
    // The Moon (lunar.md §11.1).
    row("Consumables", "water_mass", Kind::Mass, "10000 t", MASS_WHY),
    row("Consumables", "food_mass", Kind::Mass, "10000 t", MASS_WHY),
    row(
        "Consumables",
        "o2_for_visitors",
        Kind::Mass,
        "10000 t",
        MASS_WHY,
    ),
    row("Surface", "stay", Kind::Time, "3650 d", DURATION_WHY),
    row("Surface", "safe_haven", Kind::Time, "3650 d", DURATION_WHY),
    row(
        "Surface",
        "lunar_night_survival",
        Kind::Time,
        "3650 d",
        DURATION_WHY,
    ),
    row(
        "Surface",
        "lunar_night_with_crew",
        Kind::Time,
        "3650 d",
        DURATION_WHY,
    ),
    row(
        "Surface",
        "ascent_spare_mass",
        Kind::Mass,
        "10000 t",
        MASS_WHY,
    ),
    row(
        "Mobility",
        "range_per_charge",
        Kind::Length,
        "11000 km",
        MOON_DISTANCE_WHY,
    ),
    row(
        "Mobility",
        "max_speed",
        Kind::Velocity,
        "1000 km/h",
        "a hundred times the Apollo LRV's 12-13 km/h (M-LRV): no surface vehicle drives that fast",
    ),
    row(
        "Mobility",
        "sortie_duration",
        Kind::Time,
        "3650 d",
        DURATION_WHY,
    ),
    row(
        "Mobility",
        "max_slope",
        Kind::Angle,
        "90 deg",
        "a slope is at most vertical",
    ),
    row(
        "Charging",
        "voltage",
        Kind::Voltage,
        "12 kV",
        "a hundred times the ISS's 120 V interface (PWR)",
    ),
    row("Charging", "power", Kind::Power, "1000000 kW", POWER_WHY),
    row(
        "Eva",
        "walkback_distance",
        Kind::Length,
        "11000 km",
        MOON_DISTANCE_WHY,
    ),
    row(
        "Eva",
        "suit_radio_range",
        Kind::Length,
        "11000 km",
        MOON_DISTANCE_WHY,
    ),
    row(
        "IncapacitatedTransport",
        "distance",
        Kind::Length,
        "11000 km",
        MOON_DISTANCE_WHY,
    ),
    row(
        "IncapacitatedTransport",
        "slope",
        Kind::Angle,
        "90 deg",
        "a slope is at most vertical",
    ),
    row(
        "IncapacitatedTransport",
        "setup_time",
        Kind::Time,
        "3650 d",
        DURATION_WHY,
    ),
    row(
        "Power",
        "bus_voltages",
        Kind::Voltage,
        "12 kV",
        "a hundred times the ISS's 120 V interface (PWR)",
    ),
    row(
        "Power",
        "generated_power",
        Kind::Power,
        "1000000 kW",
        POWER_WHY,
    ),
    row(
        "Power",
        "export_power",
        Kind::Power,
        "1000000 kW",
        POWER_WHY,
    ),
    row(
        "Relay",
        "transmit_bands",
        Kind::Frequency,
        "3000 GHz",
        RADIO_WHY,
    ),
    row(
        "Relay",
        "receive_bands",
        Kind::Frequency,
        "3000 GHz",
        RADIO_WHY,
    ),
    row(
        "PntSignal",
        "carrier",
        Kind::Frequency,
        "3000 GHz",
        RADIO_WHY,
    ),
    row("PntSignal", "band", Kind::Frequency, "3000 GHz", RADIO_WHY),
    row(
        "SuitDefinition",
        "endurance_cold",
        Kind::Time,
        "3650 d",
        DURATION_WHY,
    ),
    row(
        "SuitDefinition",
        "emergency_o2",
        Kind::Time,
        "3650 d",
        DURATION_WHY,
    ),
];

/// The Limits table of `docs/spec-format.md`, one row per field (a test
/// keeps the guide in step with [`LIMITS`]).
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| Field | Kind | Physically possible (error beyond) | Flown vehicles show (warning outside) |\n|---|---|---|---|\n",
    );
    for l in LIMITS {
        let possible = if l.signed {
            format!("within ±{}: {}", l.possible_max, l.why)
        } else {
            format!("0 to {}: {}", l.possible_max, l.why)
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            l.name(),
            l.kind.noun(),
            possible,
            l.flown_text()
                .unwrap_or_else(|| "no published figures bound it".into())
        ));
    }
    out
}

/// The limits of `field` of the spec type `table`, if it is a quantity field.
pub fn of(table: &str, field: &str) -> Option<&'static FieldLimits> {
    static INDEX: OnceLock<HashMap<(&'static str, &'static str), &'static FieldLimits>> =
        OnceLock::new();
    INDEX
        .get_or_init(|| LIMITS.iter().map(|l| ((l.table, l.field), l)).collect())
        .get(&(table, field))
        .copied()
}

/// Where each limited field's value is written in a document: the byte
/// offset where the value starts, and its limits. Field readers look their
/// own span up here (`field::limits_at`).
pub type Places = HashMap<u32, &'static FieldLimits>;

/// The limited fields of a spec document, found by walking its tables
/// beside the JSON Schema of the format.
pub fn places(root: &DeTable<'_>) -> Places {
    places_in(root, spec_schema(), SPEC_ROOT)
}

/// The limited fields of a document of the format whose JSON Schema is
/// `schema` and whose root type is named `root_type` in the table (a spec,
/// a scenario).
pub fn places_in(root: &DeTable<'_>, schema: &'static Value, root_type: &str) -> Places {
    let mut out = Places::new();
    walk(root, root_type, schema, schema, &mut out, 0);
    out
}

/// The name a spec document's root type goes by in the table.
pub const SPEC_ROOT: &str = "SpecDocument";

/// The name a scenario document's root type goes by in the table.
pub const SCENARIO_ROOT: &str = "ScenarioDocument";

fn walk(
    table: &DeTable<'_>,
    name: &str,
    node: &'static Value,
    schema: &'static Value,
    out: &mut Places,
    depth: usize,
) {
    // Spec files are shallow; a deeper document is hostile and its values
    // are still read, only not range-checked.
    if depth > 16 {
        return;
    }
    let Some(properties) = node.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (key, value) in table.iter() {
        let key = key.get_ref();
        let Some(property) = properties.get(key.as_ref()) else {
            continue;
        };
        if let Some(child) = definition(property) {
            let Some(child_node) = schema.get("definitions").and_then(|d| d.get(child)) else {
                continue;
            };
            match value.get_ref() {
                DeValue::Table(t) => walk(t, child, child_node, schema, out, depth + 1),
                DeValue::Array(items) => {
                    for item in items {
                        if let DeValue::Table(t) = item.get_ref() {
                            walk(t, child, child_node, schema, out, depth + 1);
                        }
                    }
                }
                _ => {}
            }
        } else if let Some(limits) = of(name, key) {
            let start = u32::try_from(value.span().start).unwrap_or(u32::MAX);
            out.insert(start, limits);
        }
    }
}

/// The definition a section property refers to (`$ref`, possibly inside
/// `items`, `anyOf` or `allOf`); `None` for a field.
fn definition(property: &'static Value) -> Option<&'static str> {
    let reference = |n: &'static Value| {
        n.get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.rsplit('/').next())
    };
    reference(property)
        .or_else(|| property.get("items").and_then(reference))
        .or_else(|| {
            ["anyOf", "allOf"].iter().find_map(|key| {
                property
                    .get(*key)
                    .and_then(Value::as_array)
                    .and_then(|options| options.iter().find_map(reference))
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_limit_text_parses_as_its_kind() {
        for l in LIMITS {
            assert!(l.kind.parse_si(l.possible_max).is_ok(), "{}", l.name());
            for end in [l.flown_min, l.flown_max].into_iter().flatten() {
                assert!(
                    l.kind.parse_si(end.value).is_ok(),
                    "{}: {}",
                    l.name(),
                    end.value
                );
            }
            let (low, high) = l.flown_si();
            if let (Some(a), Some(b)) = (low, high) {
                assert!(a <= b, "{}", l.name());
            }
            if let Some(b) = high {
                assert!(
                    b <= l.possible_max_si(),
                    "{}: flown beyond possible",
                    l.name()
                );
            }
        }
    }

    /// The kind named by `x-kind` anywhere in a property's schema.
    fn kind_in(node: &Value) -> Option<Kind> {
        match node {
            Value::Object(map) => map
                .get("x-kind")
                .and_then(|k| serde_json::from_value(k.clone()).ok())
                .or_else(|| map.values().find_map(kind_in)),
            Value::Array(items) => items.iter().find_map(kind_in),
            _ => None,
        }
    }

    #[test]
    fn every_quantity_field_has_limits_of_its_kind() {
        let definitions = [spec_schema(), crate::scenario::schema::scenario_schema()]
            .into_iter()
            .flat_map(|schema| {
                schema
                    .get("definitions")
                    .and_then(Value::as_object)
                    .expect("definitions")
            })
            .collect::<std::collections::BTreeMap<_, _>>();
        let mut quantity_fields = 0;
        for (table, definition) in definitions {
            let Some(properties) = definition.get("properties").and_then(Value::as_object) else {
                continue;
            };
            for (field, property) in properties {
                let kind = kind_in(property);
                let limits = of(table, field);
                assert_eq!(
                    kind,
                    limits.map(|l| l.kind),
                    "{table}.{field}: a quantity field needs a row in spec::limits::LIMITS, of its kind"
                );
                quantity_fields += usize::from(kind.is_some());
            }
        }
        assert_eq!(
            quantity_fields,
            LIMITS.len(),
            "a row names no field of the format"
        );
    }

    #[test]
    fn no_field_is_listed_twice() {
        let mut names: Vec<String> = LIMITS.iter().map(FieldLimits::name).collect();
        names.sort();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }

    #[test]
    fn impossible_comes_before_unflown() {
        let passage = of("Port", "passage_diameter").expect("a row");
        assert_eq!(passage.check(&[0.8, 1.27]), None);
        assert!(matches!(
            passage.check(&[9_260_000.0]),
            Some(Breach::Impossible { .. })
        ));
        assert!(matches!(
            passage.check(&[1.5]),
            Some(Breach::Unflown { .. })
        ));
        let position = of("Port", "position").expect("a row");
        assert_eq!(position.check(&[-4.2, 0.0, 300.0]), None);
        assert!(position.check(&[-4000.0]).is_some());
    }

    #[test]
    fn finds_fields_in_sections_lists_and_inline_tables() {
        let text = "[vehicle]\nid = \"a\"\n[[ports]]\nid = \"p\"\npassage_diameter = \"800 mm\"\ncapture_envelope = { closing_speed = { max = \"0.1 m/s\" } }\n[[suits]]\nid = \"s\"\n[suits.spec]\nself_contained_endurance = \"8 h\"\n";
        let root = DeTable::parse(text).expect("valid TOML");
        let found = places(root.get_ref());
        let mut names: Vec<String> = found.values().map(|l| l.name()).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "ContactEnvelope.closing_speed",
                "Port.passage_diameter",
                "SuitDefinition.self_contained_endurance"
            ]
        );
        let at = text.find("\"800 mm\"").unwrap_or_default() as u32;
        assert_eq!(found.get(&at).map(|l| l.field), Some("passage_diameter"));
    }
}
