//! Reading and writing quantities with units.
//!
//! Every physical value in a spec is written as text with its unit
//! (`"101.3 kPa"`, `"14.7 psia"`, `"800 mm"`, `"414.2 MHz"`) and becomes a `uom`
//! quantity the moment it is read. Each kind of quantity accepts the units
//! engineers use for it ([`Kind::units`], listed in `docs/spec-format.md`):
//! a length takes mm, cm, m, km, in and ft, not nautical miles, parsecs or
//! megametres, even though uom knows them. A spelling is matched exactly,
//! because case carries meaning ("M" is not "m", "Mbar" is not "mbar"); a
//! spelling that matches only when case is ignored is refused with a "did you
//! mean". uom still does every conversion: a [`Unit`] names the uom unit it
//! stands for.
//!
//! Absolute pressure and pressure differential are different kinds: `psia`
//! is accepted only where an absolute pressure is expected, `psid`/`psig`
//! only where a differential is expected.

use std::fmt;

use serde::{Deserialize, Serialize};
use uom::si::f64 as si;

/// Which of the two pressure references a pressure spelling names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PressureReference {
    /// `psia`: absolute.
    Absolute,
    /// `psid` or `psig`: relative to the surroundings.
    Differential,
}

/// The kinds of quantity a spec can hold. The name is what messages print
/// ("'800 mm' is a length; atmosphere.pressure expects a pressure").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    AbsolutePressure,
    PressureDifference,
    Length,
    Velocity,
    Angle,
    AngularVelocity,
    Frequency,
    Mass,
    MassRate,
    Volume,
    VolumeRate,
    Time,
    Energy,
    Force,
    Voltage,
    Power,
    Temperature,
    DataRate,
    Fraction,
}

impl Kind {
    /// Every kind, in the order messages try them when naming what a text is.
    pub const ALL: [Kind; 19] = [
        Kind::AbsolutePressure,
        Kind::PressureDifference,
        Kind::Length,
        Kind::Velocity,
        Kind::Angle,
        Kind::AngularVelocity,
        Kind::Frequency,
        Kind::Mass,
        Kind::MassRate,
        Kind::Volume,
        Kind::VolumeRate,
        Kind::Time,
        Kind::Energy,
        Kind::Force,
        Kind::Voltage,
        Kind::Power,
        Kind::Temperature,
        Kind::DataRate,
        Kind::Fraction,
    ];

    /// The name used in messages, with its article.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::AbsolutePressure => "an absolute pressure",
            Kind::PressureDifference => "a pressure differential",
            Kind::Length => "a length",
            Kind::Velocity => "a speed",
            Kind::Angle => "an angle",
            Kind::AngularVelocity => "an angular rate",
            Kind::Frequency => "a frequency",
            Kind::Mass => "a mass",
            Kind::MassRate => "a mass flow rate",
            Kind::Volume => "a volume",
            Kind::VolumeRate => "a volume flow rate",
            Kind::Time => "a duration",
            Kind::Energy => "an energy",
            Kind::Force => "a force",
            Kind::Voltage => "a voltage",
            Kind::Power => "a power",
            Kind::Temperature => "an absolute temperature",
            Kind::DataRate => "a data rate",
            Kind::Fraction => "a fraction",
        }
    }

    /// A value of this kind as a spec would write it.
    pub fn example(self) -> &'static str {
        match self {
            Kind::AbsolutePressure => "101.3 kPa",
            Kind::PressureDifference => "4.3 psid",
            Kind::Length => "800 mm",
            Kind::Velocity => "0.1 m/s",
            Kind::Angle => "4 deg",
            Kind::AngularVelocity => "0.2 deg/s",
            Kind::Frequency => "414.2 MHz",
            Kind::Mass => "12000 kg",
            Kind::MassRate => "0.84 kg/d",
            Kind::Volume => "9.3 m^3",
            Kind::VolumeRate => "21 L/min",
            Kind::Time => "3 d",
            Kind::Energy => "60 J",
            Kind::Force => "20 kN",
            Kind::Voltage => "120 V",
            Kind::Power => "0.25 W",
            Kind::Temperature => "500 K",
            Kind::DataRate => "32 kb/s",
            Kind::Fraction => "21 %",
        }
    }

    /// The unit reports print this kind in, so that a report does not depend
    /// on the unit a spec happened to use.
    pub fn display_unit(self) -> &'static str {
        match self {
            Kind::AbsolutePressure => "kPa",
            Kind::PressureDifference => "kPa",
            Kind::Length => "mm",
            Kind::Velocity => "m/s",
            Kind::Angle => "deg",
            Kind::AngularVelocity => "deg/s",
            Kind::Frequency => "MHz",
            Kind::Mass => "kg",
            Kind::MassRate => "kg/d",
            Kind::Volume => "m^3",
            Kind::VolumeRate => "L/min",
            Kind::Time => "h",
            Kind::Energy => "J",
            Kind::Force => "N",
            Kind::Voltage => "V",
            Kind::Power => "W",
            Kind::Temperature => "K",
            Kind::DataRate => "kb/s",
            Kind::Fraction => "%",
        }
    }

    /// Factor from the SI base unit to [`Kind::display_unit`].
    pub fn display_factor(self) -> f64 {
        match self {
            Kind::AbsolutePressure | Kind::PressureDifference => 1e-3,
            Kind::Length => 1e3,
            Kind::Angle | Kind::AngularVelocity => 180.0 / std::f64::consts::PI,
            Kind::Frequency => 1e-6,
            Kind::MassRate => 86_400.0,
            Kind::VolumeRate => 60_000.0,
            Kind::Time => 1.0 / 3600.0,
            // uom stores information rates in bytes per second.
            Kind::DataRate => 8e-3,
            Kind::Fraction => 100.0,
            _ => 1.0,
        }
    }

    /// The units a value of this kind may be written in, in the order the
    /// format guide lists them.
    pub fn units(self) -> &'static [Unit] {
        match self {
            Kind::AbsolutePressure => ABSOLUTE_PRESSURE_UNITS,
            Kind::PressureDifference => PRESSURE_DIFFERENCE_UNITS,
            Kind::Length => LENGTH_UNITS,
            Kind::Velocity => VELOCITY_UNITS,
            Kind::Angle => ANGLE_UNITS,
            Kind::AngularVelocity => ANGULAR_VELOCITY_UNITS,
            Kind::Frequency => FREQUENCY_UNITS,
            Kind::Mass => MASS_UNITS,
            Kind::MassRate => MASS_RATE_UNITS,
            Kind::Volume => VOLUME_UNITS,
            Kind::VolumeRate => VOLUME_RATE_UNITS,
            Kind::Time => TIME_UNITS,
            Kind::Energy => ENERGY_UNITS,
            Kind::Force => FORCE_UNITS,
            Kind::Voltage => VOLTAGE_UNITS,
            Kind::Power => POWER_UNITS,
            Kind::Temperature => TEMPERATURE_UNITS,
            Kind::DataRate => DATA_RATE_UNITS,
            Kind::Fraction => FRACTION_UNITS,
        }
    }

    /// The unit written exactly as `spelling`, if this kind accepts it.
    pub fn unit(self, spelling: &str) -> Option<&'static Unit> {
        self.units().iter().find(|u| u.is_spelled(spelling))
    }

    /// The accepted symbols, for messages: "mm, cm, m, km, in, ft".
    pub fn symbols(self) -> String {
        self.units()
            .iter()
            .map(|u| u.symbol)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Parses `text` as this kind and returns the value in SI base units.
    pub fn parse_si(self, text: &str) -> Result<f64, UnitError> {
        let parsed = split_number(text)?;
        let Some(unit) = self.unit(parsed.unit) else {
            return Err(match other_kind_of(parsed.unit, self) {
                Some(found) => UnitError::WrongDimension { found },
                None => UnitError::UnknownUnit {
                    unit: parsed.unit.to_string(),
                    suggestion: suggest(self, parsed.unit),
                },
            });
        };
        let value = unit.to_si(parsed.number);
        if !value.is_finite() {
            return Err(UnitError::OutOfRange);
        }
        // Every field holds a magnitude: a pressure differential field is a
        // suit's, a supply's or a hatch limit's, none of them negative.
        // Positions are signed and read by their own type.
        if value < 0.0 {
            return Err(UnitError::Negative);
        }
        Ok(value)
    }

    /// Formats an SI value in this kind's display unit.
    pub fn format_si(self, si_value: f64) -> String {
        format!(
            "{} {}",
            format_number(si_value * self.display_factor()),
            self.display_unit()
        )
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.noun())
    }
}

/// Formats a number with at most four significant decimals, trimming zeros,
/// so that reports read "70.3 kPa" rather than "70.30000000001 kPa".
pub fn format_number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let magnitude = value.abs();
    let decimals = if magnitude >= 1000.0 || magnitude == 0.0 {
        0
    } else if magnitude >= 100.0 {
        1
    } else if magnitude >= 1.0 {
        2
    } else {
        // Keep three significant figures for small values.
        let leading = (-magnitude.log10()).floor() as i32;
        (leading + 3).clamp(3, 12) as usize
    };
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" { "0".to_string() } else { text }
}

/// Which kind other than `expected` accepts `spelling`, if any. Both
/// pressure kinds share their plain units: only `psia` (absolute) or
/// `psid`/`psig` (differential) name the other one.
fn other_kind_of(spelling: &str, expected: Kind) -> Option<Kind> {
    Kind::ALL
        .into_iter()
        .filter(|k| *k != expected)
        .find(|k| k.unit(spelling).is_some())
}

/// The accepted spelling `unit` was most likely meant to be: the one it
/// equals when case is ignored ("kpa" for "kPa", "MM" for "mm", "M" for
/// "m"), else the closest by edit similarity ("at" for "atm").
pub fn suggest(kind: Kind, unit: &str) -> Option<&'static str> {
    let spellings = || kind.units().iter().flat_map(Unit::spellings);
    spellings()
        .find(|s| s.eq_ignore_ascii_case(unit))
        .or_else(|| crate::text::did_you_mean(unit, spellings()))
}

/// Why a text is not a quantity of the expected kind.
#[derive(Debug, Clone, PartialEq)]
pub enum UnitError {
    /// A number with no unit.
    BareNumber,
    /// Text with no leading number.
    NoNumber,
    /// The number is NaN or infinite.
    NotFinite,
    /// The value overflows once converted to SI units.
    OutOfRange,
    /// A negative magnitude.
    Negative,
    /// The unit is not one this kind accepts, nor one of another kind.
    UnknownUnit {
        unit: String,
        /// The accepted spelling it was most likely meant to be.
        suggestion: Option<&'static str>,
    },
    /// A valid quantity of another kind.
    WrongDimension { found: Kind },
}

impl fmt::Display for UnitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnitError::BareNumber => f.write_str("a bare number has no unit"),
            UnitError::NoNumber => f.write_str("it does not start with a number"),
            UnitError::NotFinite => f.write_str("the number is not finite (NaN or infinity)"),
            UnitError::OutOfRange => f.write_str("the value is too large to represent"),
            UnitError::Negative => f.write_str("a negative value is physically impossible here"),
            UnitError::UnknownUnit { unit, suggestion } => {
                write!(
                    f,
                    "the unit '{}' is not accepted",
                    crate::text::escape_for_terminal(unit)
                )?;
                match suggestion {
                    Some(s) => write!(f, " (did you mean '{s}'?)"),
                    None => Ok(()),
                }
            }
            UnitError::WrongDimension { found } => write!(f, "it is {found}"),
        }
    }
}

struct SplitNumber<'a> {
    number: f64,
    unit: &'a str,
}

/// Splits "101.3 kPa" (or "101.3kPa") into its number and unit.
fn split_number(text: &str) -> Result<SplitNumber<'_>, UnitError> {
    let text = text.trim();
    let lowered = text.to_ascii_lowercase();
    for word in [
        "nan",
        "+nan",
        "-nan",
        "inf",
        "+inf",
        "-inf",
        "infinity",
        "-infinity",
    ] {
        if lowered == word || lowered.starts_with(&format!("{word} ")) {
            return Err(UnitError::NotFinite);
        }
    }
    let bytes = text.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let mut end = 0;
    if at(end) == b'+' || at(end) == b'-' {
        end += 1;
    }
    let digits_start = end;
    while at(end).is_ascii_digit() || at(end) == b'.' || at(end) == b'_' {
        end += 1;
    }
    if end == digits_start {
        return Err(UnitError::NoNumber);
    }
    // An exponent only when followed by a digit, so that "1 e" stays a unit.
    if at(end) == b'e' || at(end) == b'E' {
        let mut probe = end + 1;
        if at(probe) == b'+' || at(probe) == b'-' {
            probe += 1;
        }
        if at(probe).is_ascii_digit() {
            end = probe;
            while at(end).is_ascii_digit() {
                end += 1;
            }
        }
    }
    let number_text: String = text[..end].chars().filter(|c| *c != '_').collect();
    let number: f64 = number_text.parse().map_err(|_| UnitError::NoNumber)?;
    if !number.is_finite() {
        return Err(UnitError::OutOfRange);
    }
    let unit = text[end..].trim();
    if unit.is_empty() {
        return Err(UnitError::BareNumber);
    }
    Ok(SplitNumber { number, unit })
}

/// A unit a spec may write a quantity in: its symbol, the other spellings
/// that mean it, and the uom unit that converts it.
pub struct Unit {
    /// The spelling the format guide lists: "kPa", "m^3".
    pub symbol: &'static str,
    /// Other spellings of the same unit: "mm Hg", "metres", "m³".
    pub aliases: &'static [&'static str],
    /// The unit's name, for the format guide: "kilopascal".
    pub name: &'static str,
    /// `psia` names an absolute pressure, `psid`/`psig` a differential.
    pub reference: Option<PressureReference>,
    to_si: fn(f64) -> f64,
}

impl Unit {
    /// The value of `number` of this unit in the kind's SI base unit.
    pub fn to_si(&self, number: f64) -> f64 {
        (self.to_si)(number)
    }

    /// The symbol and every alias.
    pub fn spellings(&self) -> impl Iterator<Item = &'static str> + use<> {
        std::iter::once(self.symbol).chain(self.aliases.iter().copied())
    }

    /// Whether `spelling` is this unit, written exactly.
    pub fn is_spelled(&self, spelling: &str) -> bool {
        self.symbol == spelling || self.aliases.contains(&spelling)
    }
}

impl fmt::Debug for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol)
    }
}

/// A unit converted by uom: `unit!("kPa", "kilopascal", Pressure, kilopascal)`.
macro_rules! unit {
    ($symbol:literal $(| $alias:literal)*, $name:literal, $quantity:ident, $module:ident :: $uom:ident) => {
        Unit {
            symbol: $symbol,
            aliases: &[$($alias),*],
            name: $name,
            reference: None,
            to_si: |x| si::$quantity::new::<uom::si::$module::$uom>(x).value,
        }
    };
}

/// A pressure unit naming its reference (`psia`, `psid`, `psig`).
macro_rules! psi_unit {
    ($symbol:literal, $name:literal, $reference:ident) => {
        Unit {
            symbol: $symbol,
            aliases: &[],
            name: $name,
            reference: Some(PressureReference::$reference),
            to_si: |x| si::Pressure::new::<uom::si::pressure::psi>(x).value,
        }
    };
}

/// Pressure units with no reference stated: both pressure kinds take them.
macro_rules! plain_pressure_units {
    () => {
        [
            unit!("Pa", "pascal", Pressure, pressure::pascal),
            unit!("hPa", "hectopascal", Pressure, pressure::hectopascal),
            unit!("kPa", "kilopascal", Pressure, pressure::kilopascal),
            unit!("MPa", "megapascal", Pressure, pressure::megapascal),
            unit!("mbar", "millibar", Pressure, pressure::millibar),
            unit!("bar", "bar", Pressure, pressure::bar),
            unit!(
                "psi",
                "pound-force per square inch",
                Pressure,
                pressure::psi
            ),
            unit!(
                "mmHg" | "mm Hg",
                "millimetre of mercury",
                Pressure,
                pressure::millimeter_of_mercury
            ),
            unit!("Torr" | "torr", "torr", Pressure, pressure::torr),
            unit!(
                "inHg" | "in Hg",
                "inch of mercury",
                Pressure,
                pressure::inch_of_mercury
            ),
            unit!(
                "atm",
                "standard atmosphere (101.325 kPa)",
                Pressure,
                pressure::atmosphere
            ),
        ]
    };
}

static ABSOLUTE_PRESSURE_UNITS: &[Unit] = &{
    let plain = plain_pressure_units!();
    let [a, b, c, d, e, f, g, h, i, j, k] = plain;
    [
        a,
        b,
        c,
        d,
        e,
        f,
        g,
        psi_unit!("psia", "pound-force per square inch, absolute", Absolute),
        h,
        i,
        j,
        k,
    ]
};

static PRESSURE_DIFFERENCE_UNITS: &[Unit] = &{
    let plain = plain_pressure_units!();
    let [a, b, c, d, e, f, g, h, i, j, k] = plain;
    [
        a,
        b,
        c,
        d,
        e,
        f,
        g,
        psi_unit!(
            "psid",
            "pound-force per square inch, differential",
            Differential
        ),
        psi_unit!(
            "psig",
            "pound-force per square inch, gauge (above ambient)",
            Differential
        ),
        h,
        i,
        j,
        k,
    ]
};

static LENGTH_UNITS: &[Unit] = &[
    unit!(
        "mm" | "millimeter" | "millimeters" | "millimetre" | "millimetres",
        "millimetre",
        Length,
        length::millimeter
    ),
    unit!(
        "cm" | "centimeter" | "centimeters" | "centimetre" | "centimetres",
        "centimetre",
        Length,
        length::centimeter
    ),
    unit!(
        "m" | "meter" | "meters" | "metre" | "metres",
        "metre",
        Length,
        length::meter
    ),
    unit!(
        "km" | "kilometer" | "kilometers" | "kilometre" | "kilometres",
        "kilometre",
        Length,
        length::kilometer
    ),
    unit!("in" | "inch" | "inches", "inch", Length, length::inch),
    unit!("ft" | "foot" | "feet", "foot", Length, length::foot),
];

static VELOCITY_UNITS: &[Unit] = &[
    unit!(
        "m/s",
        "metre per second",
        Velocity,
        velocity::meter_per_second
    ),
    unit!(
        "mm/s",
        "millimetre per second",
        Velocity,
        velocity::millimeter_per_second
    ),
    unit!(
        "cm/s",
        "centimetre per second",
        Velocity,
        velocity::centimeter_per_second
    ),
    unit!(
        "km/s",
        "kilometre per second",
        Velocity,
        velocity::kilometer_per_second
    ),
    unit!(
        "km/h",
        "kilometre per hour",
        Velocity,
        velocity::kilometer_per_hour
    ),
    unit!(
        "ft/s",
        "foot per second",
        Velocity,
        velocity::foot_per_second
    ),
    unit!(
        "in/s",
        "inch per second",
        Velocity,
        velocity::inch_per_second
    ),
    // Rover speeds are published in miles per hour (Apollo LRV, LTV).
    unit!(
        "mi/h" | "mph",
        "mile per hour",
        Velocity,
        velocity::mile_per_hour
    ),
];

static ANGLE_UNITS: &[Unit] = &[
    unit!(
        "deg" | "°" | "degree" | "degrees",
        "degree",
        Angle,
        angle::degree
    ),
    unit!("rad" | "radian" | "radians", "radian", Angle, angle::radian),
];

static ANGULAR_VELOCITY_UNITS: &[Unit] = &[
    unit!(
        "deg/s" | "°/s",
        "degree per second",
        AngularVelocity,
        angular_velocity::degree_per_second
    ),
    unit!(
        "rad/s",
        "radian per second",
        AngularVelocity,
        angular_velocity::radian_per_second
    ),
    unit!(
        "rpm",
        "revolution per minute",
        AngularVelocity,
        angular_velocity::revolution_per_minute
    ),
];

static FREQUENCY_UNITS: &[Unit] = &[
    unit!("Hz", "hertz", Frequency, frequency::hertz),
    unit!("kHz", "kilohertz", Frequency, frequency::kilohertz),
    unit!("MHz", "megahertz", Frequency, frequency::megahertz),
    unit!("GHz", "gigahertz", Frequency, frequency::gigahertz),
];

static MASS_UNITS: &[Unit] = &[
    unit!("g" | "gram" | "grams", "gram", Mass, mass::gram),
    unit!(
        "kg" | "kilogram" | "kilograms",
        "kilogram",
        Mass,
        mass::kilogram
    ),
    unit!("t" | "tonne" | "tonnes", "tonne (1000 kg)", Mass, mass::ton),
    unit!("lb" | "lbm", "pound (avoirdupois)", Mass, mass::pound),
];

static MASS_RATE_UNITS: &[Unit] = &[
    unit!(
        "kg/s",
        "kilogram per second",
        MassRate,
        mass_rate::kilogram_per_second
    ),
    unit!(
        "g/s",
        "gram per second",
        MassRate,
        mass_rate::gram_per_second
    ),
    unit!(
        "kg/h",
        "kilogram per hour",
        MassRate,
        mass_rate::kilogram_per_hour
    ),
    unit!(
        "kg/d" | "kg/day",
        "kilogram per day",
        MassRate,
        mass_rate::kilogram_per_day
    ),
    unit!(
        "g/d" | "g/day",
        "gram per day",
        MassRate,
        mass_rate::gram_per_day
    ),
    unit!(
        "lb/h" | "lb/hr",
        "pound per hour",
        MassRate,
        mass_rate::pound_per_hour
    ),
    unit!(
        "lb/d" | "lb/day",
        "pound per day",
        MassRate,
        mass_rate::pound_per_day
    ),
];

static VOLUME_UNITS: &[Unit] = &[
    unit!(
        "m^3" | "m3" | "m³",
        "cubic metre",
        Volume,
        volume::cubic_meter
    ),
    unit!(
        "L" | "l" | "liter" | "liters" | "litre" | "litres",
        "litre",
        Volume,
        volume::liter
    ),
    unit!("mL" | "ml", "millilitre", Volume, volume::milliliter),
    unit!(
        "cm^3" | "cm3" | "cm³",
        "cubic centimetre",
        Volume,
        volume::cubic_centimeter
    ),
    unit!(
        "ft^3" | "ft3" | "ft³",
        "cubic foot",
        Volume,
        volume::cubic_foot
    ),
];

static VOLUME_RATE_UNITS: &[Unit] = &[
    unit!(
        "L/min" | "l/min",
        "litre per minute",
        VolumeRate,
        volume_rate::liter_per_minute
    ),
    unit!(
        "L/s" | "l/s",
        "litre per second",
        VolumeRate,
        volume_rate::liter_per_second
    ),
    unit!(
        "m^3/s" | "m3/s" | "m³/s",
        "cubic metre per second",
        VolumeRate,
        volume_rate::cubic_meter_per_second
    ),
    unit!(
        "m^3/h" | "m3/h" | "m³/h",
        "cubic metre per hour",
        VolumeRate,
        volume_rate::cubic_meter_per_hour
    ),
    unit!(
        "cm^3/s" | "cm3/s" | "cm³/s",
        "cubic centimetre per second",
        VolumeRate,
        volume_rate::cubic_centimeter_per_second
    ),
    unit!(
        "ft^3/min" | "ft3/min" | "ft³/min" | "cfm",
        "cubic foot per minute",
        VolumeRate,
        volume_rate::cubic_foot_per_minute
    ),
    unit!(
        "ft^3/s" | "ft3/s" | "ft³/s",
        "cubic foot per second",
        VolumeRate,
        volume_rate::cubic_foot_per_second
    ),
];

static TIME_UNITS: &[Unit] = &[
    unit!(
        "s" | "sec" | "second" | "seconds",
        "second",
        Time,
        time::second
    ),
    unit!("min" | "minute" | "minutes", "minute", Time, time::minute),
    unit!("h" | "hr" | "hour" | "hours", "hour", Time, time::hour),
    unit!("d" | "day" | "days", "day (24 h)", Time, time::day),
];

static ENERGY_UNITS: &[Unit] = &[
    unit!("J", "joule", Energy, energy::joule),
    unit!("kJ", "kilojoule", Energy, energy::kilojoule),
];

static FORCE_UNITS: &[Unit] = &[
    unit!("N", "newton", Force, force::newton),
    unit!("kN", "kilonewton", Force, force::kilonewton),
    unit!("lbf", "pound-force", Force, force::pound_force),
];

static VOLTAGE_UNITS: &[Unit] = &[
    unit!(
        "V" | "Vdc" | "VDC",
        "volt",
        ElectricPotential,
        electric_potential::volt
    ),
    unit!(
        "mV",
        "millivolt",
        ElectricPotential,
        electric_potential::millivolt
    ),
    unit!(
        "kV",
        "kilovolt",
        ElectricPotential,
        electric_potential::kilovolt
    ),
];

static POWER_UNITS: &[Unit] = &[
    unit!("W", "watt", Power, power::watt),
    unit!("mW", "milliwatt", Power, power::milliwatt),
    unit!("kW", "kilowatt", Power, power::kilowatt),
];

static TEMPERATURE_UNITS: &[Unit] = &[
    unit!(
        "K",
        "kelvin",
        ThermodynamicTemperature,
        thermodynamic_temperature::kelvin
    ),
    unit!(
        "°C" | "degC",
        "degree Celsius",
        ThermodynamicTemperature,
        thermodynamic_temperature::degree_celsius
    ),
];

static DATA_RATE_UNITS: &[Unit] = &[
    unit!(
        "b/s" | "bps" | "bit/s",
        "bit per second",
        InformationRate,
        information_rate::bit_per_second
    ),
    unit!(
        "kb/s" | "kbps" | "kbit/s",
        "kilobit per second",
        InformationRate,
        information_rate::kilobit_per_second
    ),
    unit!(
        "Mb/s" | "Mbps" | "Mbit/s",
        "megabit per second",
        InformationRate,
        information_rate::megabit_per_second
    ),
    unit!(
        "Gb/s" | "Gbps" | "Gbit/s",
        "gigabit per second",
        InformationRate,
        information_rate::gigabit_per_second
    ),
];

static FRACTION_UNITS: &[Unit] = &[unit!("%" | "percent", "percent", Ratio, ratio::percent)];

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn parses_common_spellings_to_si() {
        let cases = [
            (Kind::AbsolutePressure, "101.3 kPa", 101_300.0),
            (Kind::AbsolutePressure, "14.7 psia", 101_352.932_7),
            (Kind::AbsolutePressure, "760 mmHg", 101_325.024),
            (Kind::AbsolutePressure, "1 Torr", 133.322_4),
            (Kind::PressureDifference, "4.3 psid", 29_647.455),
            (Kind::Length, "800 mm", 0.8),
            (Kind::Length, "31.5 in", 0.8001),
            (Kind::Frequency, "414.2 MHz", 414.2e6),
            (Kind::Velocity, "0.1 m/s", 0.1),
            (Kind::Angle, "180 deg", std::f64::consts::PI),
            (Kind::AngularVelocity, "0.2 deg/s", 0.2_f64.to_radians()),
            (Kind::Volume, "10 m^3", 10.0),
            (Kind::Volume, "10 m3", 10.0),
            (Kind::VolumeRate, "60 L/min", 1e-3),
            (Kind::MassRate, "0.864 kg/d", 1e-5),
            (Kind::Time, "2 h", 7200.0),
            (Kind::Fraction, "21 %", 0.21),
            (Kind::DataRate, "32 kbps", 4_000.0),
            (Kind::Mass, "12 t", 12_000.0),
            (Kind::Length, "800mm", 0.8),
        ];
        for (kind, text, expected) in cases {
            let got = kind
                .parse_si(text)
                .unwrap_or_else(|e| panic!("{text}: {e}"));
            assert!(
                (got - expected).abs() <= 1e-6 * expected.abs(),
                "{text}: {got} vs {expected}"
            );
        }
    }

    #[test]
    fn names_the_dimension_it_found() {
        assert_eq!(
            Kind::AbsolutePressure.parse_si("800 mm"),
            Err(UnitError::WrongDimension {
                found: Kind::Length
            })
        );
    }

    #[test]
    fn absolute_and_differential_are_never_confused() {
        assert_eq!(
            Kind::AbsolutePressure.parse_si("4.3 psid"),
            Err(UnitError::WrongDimension {
                found: Kind::PressureDifference
            })
        );
        assert_eq!(
            Kind::PressureDifference.parse_si("14.7 psia"),
            Err(UnitError::WrongDimension {
                found: Kind::AbsolutePressure
            })
        );
        // A plain unit is accepted by both.
        assert!(Kind::PressureDifference.parse_si("29.6 kPa").is_ok());
    }

    #[test]
    fn rejects_bad_numbers() {
        assert_eq!(Kind::Length.parse_si("800"), Err(UnitError::BareNumber));
        assert_eq!(Kind::Length.parse_si("NaN mm"), Err(UnitError::NotFinite));
        assert_eq!(Kind::Length.parse_si("inf mm"), Err(UnitError::NotFinite));
        assert_eq!(Kind::Length.parse_si("-3 mm"), Err(UnitError::Negative));
        assert_eq!(
            Kind::AbsolutePressure.parse_si("1e308 kPa"),
            Err(UnitError::OutOfRange)
        );
        assert_eq!(
            Kind::Length.parse_si("3 furlongs"),
            Err(UnitError::UnknownUnit {
                unit: "furlongs".into(),
                suggestion: None,
            })
        );
        assert_eq!(Kind::Length.parse_si("mm"), Err(UnitError::NoNumber));
    }

    #[test]
    fn every_kind_parses_its_own_example() {
        for kind in Kind::ALL {
            assert!(kind.parse_si(kind.example()).is_ok(), "{kind:?}");
        }
    }

    #[test]
    fn refuses_units_uom_knows_but_a_field_does_not_use() {
        // A nautical mile ("M"), a parsec, a megametre: not hatch units.
        for text in ["5 M", "5 pc", "5 Mm", "5 mi", "5 yd"] {
            assert!(
                matches!(
                    Kind::Length.parse_si(text),
                    Err(UnitError::UnknownUnit { .. })
                ),
                "{text}"
            );
        }
        // The technical atmosphere (98.07 kPa) is not an atmosphere.
        assert!(Kind::AbsolutePressure.parse_si("1 at").is_err());
    }

    #[test]
    fn suggests_the_spelling_a_wrong_case_or_typo_meant() {
        let suggestion = |kind: Kind, text: &str| match kind.parse_si(text) {
            Err(UnitError::UnknownUnit { suggestion, .. }) => suggestion,
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(suggestion(Kind::AbsolutePressure, "101.3 kpa"), Some("kPa"));
        assert_eq!(suggestion(Kind::AbsolutePressure, "14.7 PSI"), Some("psi"));
        assert_eq!(suggestion(Kind::Length, "800 MM"), Some("mm"));
        assert_eq!(suggestion(Kind::Length, "5 M"), Some("m"));
        assert_eq!(suggestion(Kind::AbsolutePressure, "1 at"), Some("atm"));
    }

    #[test]
    fn accepts_british_and_american_spellings() {
        for text in ["5 metres", "5 meters", "5 metre", "5 meter", "5 m"] {
            assert_eq!(Kind::Length.parse_si(text), Ok(5.0), "{text}");
        }
    }

    #[test]
    fn no_spelling_means_two_units_of_one_kind() {
        for kind in Kind::ALL {
            let mut seen: Vec<&str> = Vec::new();
            for unit in kind.units() {
                for spelling in unit.spellings() {
                    assert!(!seen.contains(&spelling), "{kind:?}: {spelling} twice");
                    seen.push(spelling);
                }
            }
        }
    }

    #[test]
    fn a_spelling_shared_by_two_kinds_is_a_plain_pressure_unit() {
        // Only the plain pressure units belong to both pressure kinds; any
        // other shared spelling would make "is a <kind>" messages ambiguous.
        for a in Kind::ALL {
            for b in Kind::ALL.into_iter().filter(|b| *b > a) {
                for unit in a.units() {
                    for spelling in unit.spellings() {
                        if b.unit(spelling).is_some() {
                            assert!(
                                matches!(
                                    (a, b),
                                    (Kind::AbsolutePressure, Kind::PressureDifference)
                                ),
                                "{spelling}: {a:?} and {b:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn formats_in_display_units() {
        assert_eq!(Kind::AbsolutePressure.format_si(70_300.0), "70.3 kPa");
        assert_eq!(Kind::Length.format_si(0.8), "800 mm");
        assert_eq!(Kind::Fraction.format_si(0.265), "26.5 %");
        assert!(close(
            Kind::Frequency.parse_si("0.4142 GHz").unwrap_or_default(),
            414.2e6
        ));
    }
}
