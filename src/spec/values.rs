//! The value types spec fields hold: quantities, ranges, positions,
//! directions and the small vocabularies (roles, diluents, ...).

use std::fmt;

use schemars::{Schema, SchemaGenerator, json_schema};
use uom::si::f64 as si;
use uom::si::pressure::pascal;

use super::field::{Expected, FieldValue, ReadError, describe};
use crate::units::{Kind, UnitError};

/// A `uom` quantity that a spec can hold, with the kind that names it.
pub trait Quantity: Copy + PartialOrd + fmt::Debug {
    const KIND: Kind;
    fn from_si(value: f64) -> Self;
    fn si(&self) -> f64;
    /// The value printed in its kind's display unit.
    fn display(&self) -> String {
        Self::KIND.format_si(self.si())
    }
}

/// An absolute pressure (cabin total pressure, partial pressures).
/// Never compared with a [`PressureDifference`] without a reference.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct AbsolutePressure(pub si::Pressure);

/// A pressure relative to the surroundings (a suit's "4.3 psid", a supply
/// pressure in psig). A 4.3 psid suit in a 14.7 psia cabin holds 19.0 psia.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct PressureDifference(pub si::Pressure);

impl AbsolutePressure {
    pub fn pascals(value: f64) -> Self {
        AbsolutePressure(si::Pressure::new::<pascal>(value))
    }
}

impl PressureDifference {
    pub fn pascals(value: f64) -> Self {
        PressureDifference(si::Pressure::new::<pascal>(value))
    }
    /// The absolute pressure this differential holds inside surroundings at
    /// `ambient` (EMU: 4.3 psid in a 14.7 psia cabin is 19.0 psia).
    pub fn absolute_in(self, ambient: AbsolutePressure) -> AbsolutePressure {
        AbsolutePressure(ambient.0 + self.0)
    }
}

impl Quantity for AbsolutePressure {
    const KIND: Kind = Kind::AbsolutePressure;
    fn from_si(value: f64) -> Self {
        AbsolutePressure::pascals(value)
    }
    fn si(&self) -> f64 {
        self.0.value
    }
}

impl Quantity for PressureDifference {
    const KIND: Kind = Kind::PressureDifference;
    fn from_si(value: f64) -> Self {
        PressureDifference::pascals(value)
    }
    fn si(&self) -> f64 {
        self.0.value
    }
}

macro_rules! uom_quantity {
    ($($ty:ty => $kind:expr),* $(,)?) => {$(
        impl Quantity for $ty {
            const KIND: Kind = $kind;
            fn from_si(value: f64) -> Self {
                <$ty as FromBaseSi>::from_base_si(value)
            }
            fn si(&self) -> f64 {
                self.value
            }
        }
    )*};
}

/// Builds a uom quantity from its SI base value.
trait FromBaseSi {
    fn from_base_si(value: f64) -> Self;
}

macro_rules! from_base_si {
    ($($ty:ty => $unit:ty),* $(,)?) => {$(
        impl FromBaseSi for $ty {
            fn from_base_si(value: f64) -> Self {
                <$ty>::new::<$unit>(value)
            }
        }
    )*};
}

from_base_si! {
    si::Length => uom::si::length::meter,
    si::Velocity => uom::si::velocity::meter_per_second,
    si::Angle => uom::si::angle::radian,
    si::AngularVelocity => uom::si::angular_velocity::radian_per_second,
    si::Frequency => uom::si::frequency::hertz,
    si::Mass => uom::si::mass::kilogram,
    si::MassRate => uom::si::mass_rate::kilogram_per_second,
    si::Volume => uom::si::volume::cubic_meter,
    si::VolumeRate => uom::si::volume_rate::cubic_meter_per_second,
    si::Time => uom::si::time::second,
    si::Energy => uom::si::energy::joule,
    si::Force => uom::si::force::newton,
    si::ElectricPotential => uom::si::electric_potential::volt,
    si::Power => uom::si::power::watt,
    si::ThermodynamicTemperature => uom::si::thermodynamic_temperature::kelvin,
    si::InformationRate => uom::si::information_rate::byte_per_second,
    si::Ratio => uom::si::ratio::ratio,
}

uom_quantity! {
    si::Length => Kind::Length,
    si::Velocity => Kind::Velocity,
    si::Angle => Kind::Angle,
    si::AngularVelocity => Kind::AngularVelocity,
    si::Frequency => Kind::Frequency,
    si::Mass => Kind::Mass,
    si::MassRate => Kind::MassRate,
    si::Volume => Kind::Volume,
    si::VolumeRate => Kind::VolumeRate,
    si::Time => Kind::Time,
    si::Energy => Kind::Energy,
    si::Force => Kind::Force,
    si::ElectricPotential => Kind::Voltage,
    si::Power => Kind::Power,
    si::ThermodynamicTemperature => Kind::Temperature,
    si::InformationRate => Kind::DataRate,
    si::Ratio => Kind::Fraction,
}

/// Reads a quantity of kind `Q::KIND` from its text form.
pub fn read_quantity<Q: Quantity>(value: &toml::Value) -> Result<Q, ReadError> {
    let text = match value {
        toml::Value::String(s) => s.as_str(),
        toml::Value::Integer(_) | toml::Value::Float(_) if Q::KIND == Kind::Fraction => {
            let number = match value {
                toml::Value::Integer(i) => *i as f64,
                toml::Value::Float(f) => *f,
                _ => f64::NAN,
            };
            return read_fraction_number(number).map(Q::from_si);
        }
        other @ (toml::Value::Integer(_) | toml::Value::Float(_)) => {
            return Err(
                ReadError::new(format!("{}, with no unit", describe(other))).with_help(format!(
                    "write the unit with the number, e.g. \"{}\"",
                    Q::KIND.example()
                )),
            );
        }
        other => return Err(ReadError::new(describe(other))),
    };
    let si = Q::KIND
        .parse_si(text)
        .map_err(|e| unit_error(text, Q::KIND, e))?;
    if Q::KIND == Kind::Fraction && si > 1.0 {
        return Err(ReadError::new(format!("'{text}', a fraction above 100 %")));
    }
    Ok(Q::from_si(si))
}

fn read_fraction_number(number: f64) -> Result<f64, ReadError> {
    if !number.is_finite() {
        return Err(ReadError::new("a number that is not finite"));
    }
    if !(0.0..=1.0).contains(&number) {
        return Err(
            ReadError::new(format!("{number}, a fraction outside 0 to 1"))
                .with_help("write a fraction as 0.21 or \"21 %\""),
        );
    }
    Ok(number)
}

fn unit_error(text: &str, expected: Kind, error: UnitError) -> ReadError {
    let shown = crate::text::escape_for_terminal(text);
    match error {
        UnitError::WrongDimension { found } => {
            let help = match (expected, found) {
                (Kind::AbsolutePressure, Kind::PressureDifference) => {
                    "psid and psig are differential; write an absolute pressure such as \"14.7 psia\" or \"101.3 kPa\"".to_string()
                }
                (Kind::PressureDifference, Kind::AbsolutePressure) => {
                    "psia is absolute; write the differential such as \"4.3 psid\"".to_string()
                }
                _ => format!("write {} such as \"{}\"", expected.noun(), expected.example()),
            };
            ReadError::new(format!("'{shown}' is {found}")).with_help(help)
        }
        UnitError::UnknownUnit { unit, suggestion } => {
            let accepted = format!(
                "{} takes {} (docs/spec-format.md#accepted-units)",
                expected.noun(),
                expected.symbols()
            );
            let help = match suggestion {
                Some(s) => format!("did you mean '{s}'? {accepted}"),
                None => accepted,
            };
            ReadError::new(format!(
                "'{shown}', whose unit '{}' is not accepted here",
                crate::text::escape_for_terminal(&unit)
            ))
            .with_help(help)
        }
        UnitError::BareNumber => ReadError::new(format!("'{shown}', a bare number with no unit"))
            .with_help(format!("write the unit, e.g. \"{}\"", expected.example())),
        UnitError::Negative => ReadError::new(format!("'{shown}': {}", UnitError::Negative))
            .with_help("every quantity of a spec is a magnitude (only a position's coordinates are signed): write it without a sign"),
        other => ReadError::new(format!("'{shown}': {other}")),
    }
}

macro_rules! quantity_field {
    ($($ty:ty),* $(,)?) => {$(
        impl FieldValue for $ty {
            fn expected() -> Expected {
                Expected::new(<$ty as Quantity>::KIND.noun(), <$ty as Quantity>::KIND.example())
            }
            fn read(value: &toml::Value) -> Result<Self, ReadError> {
                read_quantity::<$ty>(value)
            }
            fn value_schema(_: &mut SchemaGenerator) -> Schema {
                quantity_schema(<$ty as Quantity>::KIND)
            }
            fn to_json(&self) -> serde_json::Value {
                self.display().into()
            }
            fn quantities(&self, out: &mut Vec<f64>) {
                out.push(self.si());
            }
        }
    )*};
}

quantity_field! {
    AbsolutePressure, PressureDifference,
    si::Length, si::Velocity, si::Angle, si::AngularVelocity, si::Frequency,
    si::Mass, si::MassRate, si::Volume, si::VolumeRate, si::Time, si::Energy,
    si::Force, si::ElectricPotential, si::Power, si::ThermodynamicTemperature,
    si::InformationRate, si::Ratio,
}

/// Schema of a quantity written as text: a number then one of the units
/// its kind accepts, so that an editor flags a bare number, a unit of
/// another kind (`psid` in an absolute field), an unknown unit and a sign.
/// `x-kind` names the kind; `spec::schema` narrows the pattern further
/// with each field's limits.
pub fn quantity_schema(kind: Kind) -> Schema {
    quantity_schema_signed(kind, false)
}

/// [`quantity_schema`], with a sign allowed (the coordinates of a position).
pub fn quantity_schema_signed(kind: Kind, signed: bool) -> Schema {
    let pattern = quantity_pattern(kind, signed);
    let kind_name = serde_json::to_value(kind).unwrap_or_default();
    if kind == Kind::Fraction {
        return json_schema!({
            "description": "a fraction: \"21 %\" or a number from 0 to 1",
            "x-kind": kind_name,
            "anyOf": [
                { "type": "string", "pattern": pattern, "x-kind": kind_name },
                { "type": "number", "minimum": 0, "maximum": 1 }
            ]
        });
    }
    json_schema!({
        "type": "string",
        "description": format!("{} with its unit ({}), e.g. \"{}\"", kind.noun(), kind.symbols(), kind.example()),
        "pattern": pattern,
        "x-kind": kind_name,
        "examples": [kind.example()],
    })
}

/// The number grammar of `units::split_number`: digits (with `_`
/// separators), a decimal point, an exponent.
pub const NUMBER_PATTERN: &str =
    "(?:[0-9][0-9_]*(?:\\.[0-9_]*)?|\\.[0-9][0-9_]*)(?:[eE][+-]?[0-9]+)?";

/// A regular expression matching a number and one of `kind`'s units.
pub fn quantity_pattern(kind: Kind, signed: bool) -> String {
    let sign = if signed { "[+-]?" } else { "\\+?" };
    format!(
        "^\\s*{sign}{NUMBER_PATTERN}\\s*(?:{})\\s*$",
        unit_alternation(kind.units().iter())
    )
}

/// `kPa|psi|mm Hg|...`, regex-escaped.
pub fn unit_alternation<'a>(units: impl Iterator<Item = &'a crate::units::Unit>) -> String {
    units
        .flat_map(|u| u.spellings())
        .map(regex_escape)
        .collect::<Vec<_>>()
        .join("|")
}

pub fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\^$.|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

// ---------------------------------------------------------------------------
// Ranges.

/// A range of a quantity: an operating band, a capture envelope bound, a fit
/// range. Either end may be unknown; a scalar is read as a point range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range<Q> {
    pub min: Option<Q>,
    pub max: Option<Q>,
    pub nominal: Option<Q>,
}

impl<Q: Quantity> Range<Q> {
    pub fn point(value: Q) -> Self {
        Range {
            min: Some(value),
            max: Some(value),
            nominal: Some(value),
        }
    }

    pub fn between(min: Q, max: Q) -> Self {
        Range {
            min: Some(min),
            max: Some(max),
            nominal: None,
        }
    }

    /// The nominal value, or the middle of the range when none is given.
    pub fn typical(&self) -> Option<Q> {
        self.nominal.or(match (self.min, self.max) {
            (Some(a), Some(b)) => Some(Q::from_si((a.si() + b.si()) / 2.0)),
            (Some(a), None) | (None, Some(a)) => Some(a),
            (None, None) => None,
        })
    }

    /// Whether `value` lies within the known ends (an unknown end does not
    /// bound the range).
    pub fn contains(&self, value: Q) -> bool {
        self.min.is_none_or(|m| value >= m) && self.max.is_none_or(|m| value <= m)
    }

    /// Prints "97.9 to 104.8 kPa", "at least 50 kg", "101.3 kPa".
    pub fn display(&self) -> String {
        match (self.min, self.max) {
            (Some(a), Some(b)) if a.si() == b.si() => a.display(),
            (Some(a), Some(b)) => format!(
                "{} to {}",
                crate::units::format_number(a.si() * Q::KIND.display_factor()),
                b.display()
            ),
            (Some(a), None) => format!("at least {}", a.display()),
            (None, Some(b)) => format!("at most {}", b.display()),
            (None, None) => match self.nominal {
                Some(n) => n.display(),
                None => "unknown".to_string(),
            },
        }
    }
}

impl<Q: Quantity + FieldValue> FieldValue for Range<Q> {
    fn expected() -> Expected {
        let kind = Q::KIND;
        // A scalar is a point range, so both forms are named.
        Expected {
            what: format!("{} or a range of {}", kind.noun(), kind_plural(kind)).into(),
            example: format!(
                "\"{0}\" or {{ min = \"{0}\", max = \"...\", nominal = \"...\" }}",
                kind.example()
            )
            .into(),
        }
    }

    fn read(value: &toml::Value) -> Result<Self, ReadError> {
        match value {
            toml::Value::Table(t) => match Self::read_table(t) {
                Some(r) => r,
                None => Err(ReadError::new(describe(value))),
            },
            other => read_quantity::<Q>(other).map(Range::point),
        }
    }

    fn read_table(table: &toml::Table) -> Option<Result<Self, ReadError>> {
        Some(read_range_table(table))
    }

    fn table_keys() -> &'static [&'static str] {
        &["min", "max", "nominal"]
    }

    fn value_schema(_: &mut SchemaGenerator) -> Schema {
        let q = quantity_schema(Q::KIND);
        json_schema!({
            "anyOf": [
                q.clone(),
                {
                    "type": "object",
                    "properties": { "min": q.clone(), "max": q.clone(), "nominal": q },
                    "additionalProperties": false
                }
            ]
        })
    }

    fn to_json(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for (key, v) in [
            ("min", self.min),
            ("max", self.max),
            ("nominal", self.nominal),
        ] {
            if let Some(v) = v {
                map.insert(key.into(), v.display().into());
            }
        }
        serde_json::Value::Object(map)
    }

    fn quantities(&self, out: &mut Vec<f64>) {
        out.extend(
            [self.min, self.max, self.nominal]
                .into_iter()
                .flatten()
                .map(|q| q.si()),
        );
    }
}

fn read_range_table<Q: Quantity>(table: &toml::Table) -> Result<Range<Q>, ReadError> {
    let mut range = Range {
        min: None,
        max: None,
        nominal: None,
    };
    for (key, value) in table {
        let slot = match key.as_str() {
            "min" => &mut range.min,
            "max" => &mut range.max,
            "nominal" => &mut range.nominal,
            other => {
                let mut allowed = vec!["min", "max", "nominal", "value"];
                allowed.extend(super::field::META_KEYS);
                let mut error = ReadError::new(format!(
                    "a range with an unknown key '{}'",
                    crate::text::escape_for_terminal(other)
                ));
                error.help = Some(
                    match crate::text::did_you_mean(other, allowed.iter().copied()) {
                        Some(s) => {
                            format!("did you mean '{s}'? a range holds min, max and nominal")
                        }
                        None => "a range holds min, max and nominal".into(),
                    },
                );
                return Err(error);
            }
        };
        if matches!(value, toml::Value::String(s) if s == super::field::UNKNOWN) {
            continue;
        }
        *slot = Some(read_quantity::<Q>(value).map_err(|e| ReadError {
            found: format!("{key} is {}", e.found),
            help: e.help,
        })?);
    }
    if let (Some(min), Some(max)) = (range.min, range.max) {
        if min > max {
            return Err(ReadError::new(format!(
                "a range whose minimum {} exceeds its maximum {}",
                min.display(),
                max.display()
            )));
        }
    }
    if let Some(n) = range.nominal {
        if !range.contains(n) {
            return Err(ReadError::new(format!(
                "a nominal {} outside the range {}",
                n.display(),
                range.display()
            )));
        }
    }
    Ok(range)
}

fn kind_plural(kind: Kind) -> String {
    let noun = kind.noun();
    let bare = noun
        .strip_prefix("an ")
        .or_else(|| noun.strip_prefix("a "))
        .unwrap_or(noun);
    // "masses", "frequencies", "speeds".
    if let Some(stem) = bare.strip_suffix('y') {
        format!("{stem}ies")
    } else if bare.ends_with('s') {
        format!("{bare}es")
    } else {
        format!("{bare}s")
    }
}

// ---------------------------------------------------------------------------
// Geometry.

/// A position in a vehicle's own frame: `["0 m", "0 m", "4.2 m"]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position(pub [si::Length; 3]);

impl FieldValue for Position {
    fn expected() -> Expected {
        Expected::new(
            "a position [x, y, z] of lengths in the vehicle frame",
            "[\"0 m\", \"0 m\", \"4.2 m\"]",
        )
    }
    fn read(value: &toml::Value) -> Result<Self, ReadError> {
        let items = three_items(value)?;
        let mut out = [si::Length::from_si(0.0); 3];
        for (slot, item) in out.iter_mut().zip(items) {
            *slot = read_signed_length(item)?;
        }
        Ok(Position(out))
    }
    fn value_schema(_: &mut SchemaGenerator) -> Schema {
        let q = quantity_schema_signed(Kind::Length, true);
        json_schema!({ "type": "array", "items": q, "minItems": 3, "maxItems": 3 })
    }
    fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Array(
            self.0
                .iter()
                .map(|l| format!("{} m", crate::units::format_number(l.value)).into())
                .collect(),
        )
    }
    fn quantities(&self, out: &mut Vec<f64>) {
        out.extend(self.0.iter().map(|l| l.value));
    }
}

fn read_signed_length(value: &toml::Value) -> Result<si::Length, ReadError> {
    if let toml::Value::String(s) = value {
        let trimmed = s.trim();
        if let Some(rest) = trimmed.strip_prefix('-') {
            let magnitude: si::Length = read_quantity(&toml::Value::String(rest.to_string()))?;
            return Ok(-magnitude);
        }
    }
    read_quantity(value)
}

fn three_items(value: &toml::Value) -> Result<&[toml::Value], ReadError> {
    match value {
        toml::Value::Array(items) if items.len() == 3 => Ok(items),
        toml::Value::Array(items) => Err(ReadError::new(format!(
            "a list of {} items, not 3",
            items.len()
        ))),
        other => Err(ReadError::new(describe(other))),
    }
}

/// A direction in a vehicle's frame: `[0, 0, 1]`, unitless, normalized on
/// reading. The zero vector has no direction and is rejected.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Direction(pub [f64; 3]);

impl FieldValue for Direction {
    fn expected() -> Expected {
        Expected::new("a direction [x, y, z] of plain numbers", "[0, 0, 1]")
    }
    fn read(value: &toml::Value) -> Result<Self, ReadError> {
        let items = three_items(value)?;
        let mut out = [0.0; 3];
        for (slot, item) in out.iter_mut().zip(items) {
            *slot = match item {
                toml::Value::Integer(i) => *i as f64,
                toml::Value::Float(f) if f.is_finite() => *f,
                other => {
                    return Err(ReadError::new(format!(
                        "an item that is {}",
                        describe(other)
                    )));
                }
            };
        }
        let norm = out.iter().map(|v| v * v).sum::<f64>().sqrt();
        if !(norm.is_finite() && norm > 1e-12) {
            return Err(ReadError::new("a zero-length direction"));
        }
        Ok(Direction(out.map(|v| v / norm)))
    }
    fn value_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "array", "items": { "type": "number" }, "minItems": 3, "maxItems": 3 })
    }
    fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Array(self.0.iter().map(|v| (*v).into()).collect())
    }
}

// ---------------------------------------------------------------------------
// Vocabularies.

/// Declares a closed vocabulary a field can hold, with its spellings.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant ),*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FieldValue for $name {
            fn expected() -> Expected {
                Expected {
                    what: format!("{}: one of {}", $what, [$($text),*].join(", ")).into(),
                    example: [$($text),*][0].into(),
                }
            }
            fn read(value: &toml::Value) -> Result<Self, ReadError> {
                let toml::Value::String(s) = value else {
                    return Err(ReadError::new(describe(value)));
                };
                match s.as_str() {
                    $($text => Ok($name::$variant),)*
                    other => {
                        let error = ReadError::new(format!("'{}'", crate::text::escape_for_terminal(other)));
                        Err(match crate::text::did_you_mean(other, [$($text),*].into_iter()) {
                            Some(s) => error.with_help(format!("did you mean '{s}'?")),
                            None => error,
                        })
                    }
                }
            }
            fn value_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({ "type": "string", "enum": [$($text),*] })
            }
            fn to_json(&self) -> serde_json::Value {
                self.as_str().into()
            }
        }
    };
}

/// For the other spec modules' vocabularies (orbit kinds, standby policies).
pub(crate) use vocabulary;

vocabulary! {
    /// What a spec file describes.
    VehicleKind, "a vehicle kind" {
        Capsule = "capsule",
        Station = "station",
        Module = "module",
        Lander = "lander",
        /// A surface vehicle: it drives, it does not fly or dock unless its
        /// spec gives ports (`[mobility]` says how it drives).
        Rover = "rover",
        /// A crewed habitat that does not fly itself, on the surface or in
        /// orbit (Gateway's HALO); its `regime` says where.
        Habitat = "habitat",
        /// A winged vehicle that lands on a runway (Space Shuttle orbiter).
        Orbiter = "orbiter",
        Adapter = "adapter",
    }
}

vocabulary! {
    /// The role a docking port can actually play. Androgynous mechanisms may
    /// be built for one role only (Crew Dragon and Starliner are active).
    Role, "a docking role" {
        Active = "active",
        Passive = "passive",
    }
}

vocabulary! {
    /// The inert gas of a cabin atmosphere.
    Diluent, "a diluent gas" {
        Nitrogen = "nitrogen",
        Helium = "helium",
        /// Pure oxygen (Apollo CM, ASTP Apollo side).
        None = "none",
    }
}

vocabulary! {
    /// Whether seat liners are moulded to one person.
    SeatLiners, "a seat-liner policy" {
        /// Each crew member needs their own liner (Soyuz Kazbek).
        PerPerson = "per-person",
        /// Seats fit any crew member within the fit ranges.
        Universal = "universal",
    }
}

vocabulary! {
    /// Intra- or extra-vehicular suit: launch and entry (IVA), or a suit
    /// with its own life support for work outside (EVA).
    SuitClass, "a suit class" {
        Iva = "iva",
        Eva = "eva",
    }
}

/// The classes a suit serves: one (`"iva"`) or several (`["iva", "eva"]`,
/// a launch-and-entry suit also certified for a contingency EVA, as the
/// Apollo A7L was).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SuitClasses(u8);

impl SuitClasses {
    pub fn of(classes: &[SuitClass]) -> Self {
        SuitClasses(classes.iter().fold(0, |bits, c| bits | Self::bit(*c)))
    }
    fn bit(class: SuitClass) -> u8 {
        match class {
            SuitClass::Iva => 1,
            SuitClass::Eva => 2,
        }
    }
    pub fn contains(self, class: SuitClass) -> bool {
        self.0 & Self::bit(class) != 0
    }
    /// The classes, in vocabulary order.
    pub fn iter(self) -> impl Iterator<Item = SuitClass> {
        SuitClass::ALL
            .iter()
            .copied()
            .filter(move |c| self.contains(*c))
    }
}

impl FieldValue for SuitClasses {
    fn expected() -> Expected {
        Expected::new(
            "a suit class (iva, eva) or a list of them",
            "\"iva\" or [\"iva\", \"eva\"]",
        )
    }
    fn read(value: &toml::Value) -> Result<Self, ReadError> {
        match value {
            toml::Value::Array(items) if items.is_empty() => {
                Err(ReadError::new("an empty list")
                    .with_help("name at least one class: iva or eva"))
            }
            toml::Value::Array(items) if items.len() > SuitClass::ALL.len() => {
                Err(ReadError::new(format!(
                    "a list of {} classes (there are {})",
                    items.len(),
                    SuitClass::ALL.len()
                )))
            }
            toml::Value::Array(items) => items
                .iter()
                .map(SuitClass::read)
                .collect::<Result<Vec<_>, _>>()
                .map(|classes| SuitClasses::of(&classes)),
            other => SuitClass::read(other).map(|c| SuitClasses::of(&[c])),
        }
    }
    fn value_schema(generator: &mut SchemaGenerator) -> Schema {
        let one = SuitClass::value_schema(generator);
        json_schema!({
            "anyOf": [one.clone(), { "type": "array", "items": one, "minItems": 1, "maxItems": 2 }]
        })
    }
    fn to_json(&self) -> serde_json::Value {
        let names: Vec<serde_json::Value> = self.iter().map(|c| c.as_str().into()).collect();
        match names.as_slice() {
            [one] => one.clone(),
            _ => serde_json::Value::Array(names),
        }
    }
}

vocabulary! {
    /// The gas a suit breathes.
    SuitGas, "a suit gas" {
        Oxygen = "oxygen",
        Air = "air",
        Mixed = "mixed",
    }
}

vocabulary! {
    /// Whether a suit vents its gas (and so draws vehicle oxygen) or
    /// regenerates it.
    SuitLoop, "a suit gas loop" {
        Open = "open",
        Closed = "closed",
    }
}

vocabulary! {
    /// What an oxygen outlet is for.
    OutletPurpose, "an outlet purpose" {
        /// A suit umbilical.
        Suit = "suit",
        /// A mask, e.g. for prebreathe.
        Mask = "mask",
    }
}

vocabulary! {
    /// What a radio is for.
    RadioPurpose, "a radio purpose" {
        Voice = "voice",
        Proximity = "proximity",
        Command = "command",
        Telemetry = "telemetry",
        Ranging = "ranging",
        Beacon = "beacon",
        Relay = "relay",
    }
}

vocabulary! {
    /// Whether a link protects its traffic.
    Protection, "a link protection" {
        None = "none",
        Optional = "optional",
        Required = "required",
    }
}

vocabulary! {
    /// Kinds of distress beacon.
    BeaconKind, "a beacon kind" {
        /// 406 MHz, processed by Cospas-Sarsat satellites.
        CospasSarsat = "cospas-sarsat",
        /// 121.5 or 243 MHz, heard only by local receivers.
        Homing = "homing",
        /// A recovery beacon of a national system.
        Recovery = "recovery",
    }
}

// ---------------------------------------------------------------------------
// Decibel values, read through their own parsers.

macro_rules! decibel_field {
    ($($ty:ty => $what:literal, $example:literal, $pattern:literal);* $(;)?) => {$(
        impl FieldValue for $ty {
            fn expected() -> Expected {
                Expected::new($what, $example)
            }
            fn read(value: &toml::Value) -> Result<Self, ReadError> {
                match value {
                    toml::Value::String(s) => s.parse::<$ty>().map_err(|e| {
                        ReadError::new(format!("'{}'", crate::text::escape_for_terminal(s)))
                            .with_help(e.to_string())
                    }),
                    other @ (toml::Value::Integer(_) | toml::Value::Float(_)) => Err(ReadError::new(
                        format!("{}, with no unit", describe(other)),
                    )
                    .with_help(format!("write the unit, e.g. \"{}\"", $example))),
                    other => Err(ReadError::new(describe(other))),
                }
            }
            fn value_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "description": format!("{} such as \"{}\"", $what, $example),
                    "pattern": $pattern,
                })
            }
            fn to_json(&self) -> serde_json::Value {
                self.to_string().into()
            }
        }
    )*};
}

decibel_field! {
    crate::decibel::Decibels => "a ratio in decibels", "3 dB", "^\\s*[+-]?[0-9.]+([eE][+-]?[0-9]+)?\\s*(?i:dB)\\s*$";
    crate::decibel::DecibelsIsotropic => "an antenna gain", "0 dBi", "^\\s*[+-]?[0-9.]+([eE][+-]?[0-9]+)?\\s*(?i:dBi)\\s*$";
    crate::decibel::PowerLevel => "a power level", "19.1 dBm", "^\\s*[+-]?[0-9.]+([eE][+-]?[0-9]+)?\\s*(?i:dBm|dBW)\\s*$";
}
