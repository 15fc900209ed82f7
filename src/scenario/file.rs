//! The scenario file: who is in distress, where, and what the rescuer
//! brings. Read like a vehicle spec: every value is a [`Field`] with its
//! span and source, quantities carry units, `"unknown"` is allowed, and a
//! value left out falls back to the vehicles' nominal figures (the report
//! says which). Doc comments here become the descriptions of the JSON
//! Schema (`rescue-interop schema --of scenario`).
//!
//! ```toml
//! format = 1
//!
//! [scenario]
//! id = "soyuz-ms-22-ms-23"
//! name = "Soyuz MS-22 coolant leak; Soyuz MS-23 flown up uncrewed"
//!
//! [distressed]
//! vehicle = "../vehicles/soyuz-ms.toml"
//! crew = { value = 3, source = "SPO-MS22" }
//! location = { at = "station", station = "../vehicles/iss.toml", port = "rassvet" }
//!
//! [rescuer]
//! vehicle = "../vehicles/soyuz-ms.toml"
//! crew = { value = 0, source = "ROS-MS22" }
//!
//! [transfer]
//! modes = ["via-station"]
//! ```

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use uom::si::f64 as si;

use crate::spec::Field;
use crate::spec::field::{Expected, FieldValue, ReadError, describe};
use crate::spec::values::{Quantity, vocabulary};

/// A whole scenario file.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields, title = "rescue-interop scenario")]
pub struct ScenarioDocument {
    /// Scenario format version; this tool reads version 1.
    pub format: Field<u32>,
    /// What the scenario is and where its facts come from.
    pub scenario: Option<ScenarioInfo>,
    /// The crew in distress: their vehicle, where they are, how many.
    pub distressed: Option<DistressedPart>,
    /// The vehicle that comes for them and what it brings.
    pub rescuer: Option<RescuerPart>,
    /// How the crew crosses.
    pub transfer: TransferPart,
}

/// Identity and provenance of a scenario.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct ScenarioInfo {
    /// Kebab-case id, the file's stem: `soyuz-ms-22-ms-23`.
    pub id: Field<String>,
    /// One line: "Soyuz MS-22 coolant leak; MS-23 flown up uncrewed".
    pub name: Field<String>,
    /// When it happened (or would): "Dec 2022 to Mar 2023".
    pub when: Field<String>,
    pub description: Field<String>,
    /// Source keys the scenario draws on (each listed in `docs/sources.md`).
    pub sources: Field<Vec<String>>,
}

/// The crew in distress.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct DistressedPart {
    /// The crew's vehicle: a spec file, relative to this file.
    pub vehicle: Field<String>,
    /// How many are to be rescued (part of a crew may be). Not given: the
    /// vehicle's `crew.nominal`.
    pub crew: Field<u32>,
    /// Where the crew is. Not given: free-flying.
    pub location: Location,
    /// The people to rescue, where known: each one's suit, languages,
    /// stature and mass.
    pub people: Vec<Person>,
    /// Whether the crew's cabin still holds pressure. A crew in a
    /// depressurized cabin is suited, and so is their transfer. Not given:
    /// pressurized.
    pub cabin_pressurized: Field<bool>,
    /// Whether the crew's own vehicle can still bring them home ("lost"
    /// after Soyuz MS-22's coolant leak).
    pub own_return: Field<OwnReturn>,
    /// How long the crew can wait for the rescuer: a duration ("30 d") or
    /// "from consumables" (as long as their vehicle or station sustains
    /// them).
    pub wait: Field<Wait>,
}

/// Where the crew in distress is.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Location {
    /// "free-flying" (their vehicle alone in orbit) or "station" (docked at
    /// a station, whose crew quarters they can shelter in).
    pub at: Field<LocationKind>,
    /// The station: a spec file, relative to this file.
    pub station: Field<String>,
    /// The id of the station port their vehicle is docked to.
    pub port: Field<String>,
}

/// One person to rescue.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Person {
    /// A label unique in the scenario ("commander", "flight-engineer-1"):
    /// a role, not a name.
    pub id: Field<String>,
    /// The person's own pressure suit: a suit file, relative to this file.
    pub suit: Field<String>,
    /// Languages the person works in (ISO 639-1: "en", "ru", "zh").
    pub languages: Field<Vec<crate::spec::vocabulary::Language>>,
    /// Standing height.
    pub stature: Field<si::Length>,
    /// Sitting height.
    pub sitting_height: Field<si::Length>,
    /// Body mass.
    pub mass: Field<si::Mass>,
}

/// The rescuing vehicle and what it brings.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct RescuerPart {
    /// The rescuer: a spec file, relative to this file.
    pub vehicle: Field<String>,
    /// The crew it flies with; 0 is uncrewed. Not given: its
    /// `crew.nominal`.
    pub crew: Field<u32>,
    /// Seats fitted for the flight. Not given: its `crew.seats`.
    pub seats: Field<u32>,
    /// What it carries up for the rescue.
    pub carries: Carries,
}

/// What a rescuer carries up.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Carries {
    /// Suits carried up (Crew-9 carried two SpaceX suits for the Starliner
    /// crew).
    pub suits: Vec<SuitBrought>,
    /// Seat liners made for the rescued crew and brought up.
    pub seat_liners: Field<u32>,
    /// Oxygen carried beyond the vehicle's own store.
    pub o2_mass: Field<si::Mass>,
    /// CO2 scrubbing capacity carried beyond the vehicle's own.
    pub co2_scrubbing_capacity: Field<si::Mass>,
    /// Adapters carried to the docking (adapter spec files, relative to
    /// this file): the ASTP Docking Module on the Apollo CSM's nose.
    pub adapters: Field<Vec<String>>,
    /// EVA equipment carried: "tether".
    pub eva_equipment: Field<Vec<EvaEquipment>>,
}

/// Suits a rescuer carries up.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct SuitBrought {
    /// Unique among the carried suits.
    pub id: Field<String>,
    /// A suit file, relative to this file.
    pub file: Field<String>,
    /// How many.
    pub count: Field<u32>,
    /// Who wears them: "rescued" (the crew brought home) or "crew" (the
    /// rescuer's own crew, e.g. to help an EVA crossing).
    #[serde(rename = "for")]
    pub worn_by: Field<Wearer>,
}

/// How the crew crosses.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct TransferPart {
    /// The ways of crossing to consider: "docked" (through a hatch between
    /// the two vehicles), "via-station" (both docked to the station the
    /// crew is at), "eva" (outside, in suits). Not given: every way the
    /// location allows.
    pub modes: Field<Vec<TransferMode>>,
    /// Whether the rescued crew's seat liners are moved into the rescuer
    /// (Soyuz MS-22 to MS-23, 2023).
    pub seat_liners_moved: Field<bool>,
    /// How an EVA crossing is made.
    pub eva: EvaPart,
}

/// How an EVA crossing is made.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct EvaPart {
    /// Who goes outside: "alone" (the distressed crew, unaided, into an
    /// airlock or an opened cabin), "into-airlock" (the distressed crew into
    /// the rescuer's airlock while the rescuer's crew stays inside), or
    /// "with-help" (rescuer crew members go out to help). Not given:
    /// "with-help" when the rescuer is crewed, else "alone".
    pub crossing: Field<EvaCrossing>,
    /// Rescuer crew members who go outside to help ("with-help"). Not
    /// given: 1.
    pub helpers: Field<u32>,
    /// How many crossings one suit serves: suits carried back and reused.
    /// Not given: 1.
    pub crossings_per_suit: Field<u32>,
    /// How the two vehicles are held together during the crossing:
    /// "station-keeping", "arm-grapple", "tether" or "docked" (a docking
    /// that holds them but has no crew passage). Not given:
    /// "station-keeping".
    pub hold: Field<EvaHold>,
}

vocabulary! {
    /// Where a crew in distress is.
    LocationKind, "a location" {
        /// Alone in orbit in their own vehicle.
        FreeFlying = "free-flying",
        /// Their vehicle docked at a station.
        Station = "station",
    }
}

vocabulary! {
    /// Whether the distressed crew's own vehicle can bring them home.
    OwnReturn, "the state of the crew's own return" {
        Available = "available",
        Lost = "lost",
    }
}

vocabulary! {
    /// A way of crossing.
    TransferMode, "a transfer mode" {
        Docked = "docked",
        ViaStation = "via-station",
        Eva = "eva",
    }
}

vocabulary! {
    /// Who carried suits are for.
    Wearer, "who wears the suits" {
        /// The rescued crew, on the way home (or to cross).
        Rescued = "rescued",
        /// The rescuer's own crew.
        Crew = "crew",
    }
}

vocabulary! {
    /// Who goes outside in an EVA crossing.
    EvaCrossing, "an EVA crossing" {
        Alone = "alone",
        IntoAirlock = "into-airlock",
        WithHelp = "with-help",
    }
}

vocabulary! {
    /// How two vehicles are held together during an EVA crossing.
    EvaHold, "a way of holding the vehicles together" {
        StationKeeping = "station-keeping",
        ArmGrapple = "arm-grapple",
        Tether = "tether",
        Docked = "docked",
    }
}

vocabulary! {
    /// EVA equipment a rescuer may carry.
    EvaEquipment, "EVA equipment" {
        /// A tether between the two vehicles.
        Tether = "tether",
    }
}

/// How long a crew in distress can wait.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Wait {
    /// A stated time.
    For(si::Time),
    /// As long as their vehicle (or the station) sustains them: decided
    /// from consumables, not stated.
    FromConsumables,
}

/// The spelling of [`Wait::FromConsumables`].
pub const FROM_CONSUMABLES: &str = "from consumables";

impl FieldValue for Wait {
    fn expected() -> Expected {
        Expected::new(
            "a time or \"from consumables\"",
            "\"30 d\" or \"from consumables\"",
        )
    }
    fn read(value: &toml::Value) -> Result<Self, ReadError> {
        match value {
            toml::Value::String(s) if s.trim() == FROM_CONSUMABLES => Ok(Wait::FromConsumables),
            toml::Value::String(_) => {
                crate::spec::values::read_quantity::<si::Time>(value).map(Wait::For)
            }
            other => Err(ReadError::new(describe(other))
                .with_help("write a time with its unit (\"30 d\") or \"from consumables\"")),
        }
    }
    fn value_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let time = crate::spec::values::quantity_schema(crate::units::Kind::Time);
        schemars::json_schema!({ "anyOf": [time, { "const": FROM_CONSUMABLES }] })
    }
    fn to_json(&self) -> serde_json::Value {
        match self {
            Wait::For(t) => t.display().into(),
            Wait::FromConsumables => FROM_CONSUMABLES.into(),
        }
    }
    fn quantities(&self, out: &mut Vec<f64>) {
        if let Wait::For(t) = self {
            t.quantities(out);
        }
    }
}
