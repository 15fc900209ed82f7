//! Reading and writing quantities with units.
//!
//! Every physical value in a spec is written as text with its unit
//! (`"101.3 kPa"`, `"14.7 psia"`, `"800 mm"`, `"414.2 MHz"`) and becomes a `uom`
//! quantity the moment it is read. uom's `FromStr` knows its own symbols
//! (`°`, `mm Hg`, `m³`); [`normalize_unit`] maps the ASCII spellings engineers
//! type (`deg`, `mmHg`, `m^3`) onto them first. The accepted spellings are
//! listed in `docs/spec-format.md`.
//!
//! Absolute pressure and pressure differential are different kinds: `psia`
//! is accepted only where an absolute pressure is expected, `psid`/`psig`
//! only where a differential is expected.

use std::fmt;
use std::str::FromStr;

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

    /// Whether a negative value of this kind is physically meaningful.
    /// Positions are signed and live in their own type; every kind here is a
    /// magnitude except a pressure differential (a cabin may sit below its
    /// neighbour).
    pub fn allows_negative(self) -> bool {
        matches!(self, Kind::PressureDifference)
    }

    /// Parses `text` as this kind and returns the value in SI base units.
    pub fn parse_si(self, text: &str) -> Result<f64, UnitError> {
        let parsed = split_number(text)?;
        let normalized = normalize_unit(parsed.unit);
        if let Some(reference) = normalized.reference {
            match (self, reference) {
                (Kind::AbsolutePressure, PressureReference::Differential) => {
                    return Err(UnitError::WrongDimension {
                        found: Kind::PressureDifference,
                    });
                }
                (Kind::PressureDifference, PressureReference::Absolute) => {
                    return Err(UnitError::WrongDimension {
                        found: Kind::AbsolutePressure,
                    });
                }
                _ => {}
            }
        }
        let canonical = format!("{} {}", parsed.number, normalized.unit);
        let value = match self.parse_uom(&canonical) {
            Some(v) => v,
            None => {
                return Err(match detect_kind(&canonical, self) {
                    Some(found) => UnitError::WrongDimension { found },
                    None => UnitError::UnknownUnit {
                        unit: parsed.unit.to_string(),
                    },
                });
            }
        };
        if !value.is_finite() {
            return Err(UnitError::OutOfRange);
        }
        if value < 0.0 && !self.allows_negative() {
            return Err(UnitError::Negative);
        }
        Ok(value)
    }

    fn parse_uom(self, text: &str) -> Option<f64> {
        fn p<Q: FromStr>(text: &str, si: impl Fn(Q) -> f64) -> Option<f64> {
            Q::from_str(text).ok().map(si)
        }
        match self {
            Kind::AbsolutePressure | Kind::PressureDifference => p(text, |q: si::Pressure| q.value),
            Kind::Length => p(text, |q: si::Length| q.value),
            Kind::Velocity => p(text, |q: si::Velocity| q.value),
            Kind::Angle => p(text, |q: si::Angle| q.value),
            Kind::AngularVelocity => p(text, |q: si::AngularVelocity| q.value),
            Kind::Frequency => p(text, |q: si::Frequency| q.value),
            Kind::Mass => p(text, |q: si::Mass| q.value),
            Kind::MassRate => p(text, |q: si::MassRate| q.value),
            Kind::Volume => p(text, |q: si::Volume| q.value),
            Kind::VolumeRate => p(text, |q: si::VolumeRate| q.value),
            Kind::Time => p(text, |q: si::Time| q.value),
            Kind::Energy => p(text, |q: si::Energy| q.value),
            Kind::Force => p(text, |q: si::Force| q.value),
            Kind::Voltage => p(text, |q: si::ElectricPotential| q.value),
            Kind::Power => p(text, |q: si::Power| q.value),
            Kind::Temperature => p(text, |q: si::ThermodynamicTemperature| q.value),
            Kind::DataRate => p(text, |q: si::InformationRate| q.value),
            Kind::Fraction => p(text, |q: si::Ratio| q.value),
        }
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

/// Which kind other than `expected` the text parses as, if any.
fn detect_kind(canonical: &str, expected: Kind) -> Option<Kind> {
    Kind::ALL
        .into_iter()
        .filter(|k| *k != expected)
        // Both pressure kinds share a dimension; the other one is never the
        // answer to "what is this instead".
        .filter(|k| {
            !matches!(
                (expected, k),
                (Kind::AbsolutePressure, Kind::PressureDifference)
                    | (Kind::PressureDifference, Kind::AbsolutePressure)
            )
        })
        .find(|k| k.parse_uom(canonical).is_some())
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
    /// The unit is not one this tool knows.
    UnknownUnit { unit: String },
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
            UnitError::UnknownUnit { unit } => write!(f, "the unit '{unit}' is not known"),
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

/// A unit spelling mapped onto the symbol uom parses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizedUnit {
    pub unit: String,
    pub reference: Option<PressureReference>,
}

/// The ASCII spellings accepted beside uom's own symbols, and what they mean.
/// Listed in `docs/spec-format.md`; a test keeps the two in step.
pub const SPELLINGS: &[(&str, &str)] = &[
    ("deg", "°"),
    ("degree", "°"),
    ("degrees", "°"),
    ("deg/s", "°/s"),
    ("mmHg", "mm Hg"),
    ("inHg", "in Hg"),
    ("torr", "Torr"),
    ("m^3", "m³"),
    ("m3", "m³"),
    ("ft^3", "ft³"),
    ("ft3", "ft³"),
    ("cm^3", "cm³"),
    ("l", "L"),
    ("l/min", "L/min"),
    ("m^3/s", "m³/s"),
    ("m3/s", "m³/s"),
    ("ft^3/min", "ft³/min"),
    ("kbps", "kb/s"),
    ("Mbps", "Mb/s"),
    ("bps", "b/s"),
    ("days", "d"),
    ("day", "d"),
    ("hours", "h"),
    ("hr", "h"),
    ("minutes", "min"),
    ("kg/day", "kg/d"),
    ("lb/day", "lb/d"),
    ("percent", "%"),
    ("Vdc", "V"),
    ("VDC", "V"),
];

/// Maps an engineer's spelling onto uom's symbol; `psia` and `psid`/`psig`
/// also say which pressure reference they name.
pub fn normalize_unit(unit: &str) -> NormalizedUnit {
    let unit = unit.trim();
    let reference = match unit {
        "psia" => Some(PressureReference::Absolute),
        "psid" | "psig" => Some(PressureReference::Differential),
        _ => None,
    };
    if reference.is_some() {
        return NormalizedUnit {
            unit: "psi".to_string(),
            reference,
        };
    }
    let mapped = SPELLINGS
        .iter()
        .find(|(from, _)| *from == unit)
        .map(|(_, to)| (*to).to_string())
        .unwrap_or_else(|| unit.to_string());
    NormalizedUnit {
        unit: mapped,
        reference: None,
    }
}

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
                unit: "furlongs".into()
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
    fn every_spelling_maps_to_something_uom_parses() {
        for (from, _) in SPELLINGS {
            let text = format!("1 {from}");
            assert!(
                Kind::ALL.iter().any(|k| k.parse_si(&text).is_ok()),
                "{from} parses as no kind"
            );
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
