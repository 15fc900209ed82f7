//! The flight record as written: `specs/flight-record.toml`.
//!
//! Each `[[events]]` entry is one flown event, with its date, mission and
//! source, and exactly one table saying what it demonstrated
//! (`[events.docking]`, `[events.crossing]`...). Every side of an event
//! names a vehicle by its spec id, the revision (`vehicle.revision`) it flew
//! at, the element (port, radio, outlet) by its id, and in `rests_on` the
//! values of the fields the event rests on as the spec gave them when the
//! event was bound to it. A spec whose fields no longer say so is no longer
//! covered by the event ([`super::binding`]).
//!
//! Doc comments here become the descriptions of the JSON Schema
//! (`rescue-interop schema --of flight-record`).

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use uom::si::f64 as si;

use super::date::EventDate;
use crate::spec::field::{Expected, Field, FieldValue, ReadError, describe};
use crate::spec::values::{PressureDifference, Range, Role, SeatLiners, SuitClass, vocabulary};
use crate::spec::vocabulary::{CommConnector, Modulation, Protocol, Umbilical};

/// The whole file.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields, title = "rescue-interop flight record")]
pub struct RecordDocument {
    /// Format version; this tool reads version 1.
    pub format: Field<u32>,
    /// The flown events. An empty list (`events = []`) is a record that
    /// decides nothing.
    pub events: Vec<Event>,
}

/// One flown event.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Event {
    /// Kebab-case id, unique in the record: "soyuz-ms-23-docks-to-poisk".
    pub id: Field<String>,
    /// The UTC day it happened ("2023-02-26"; for `sustained`, the day the
    /// period began), or `{ min, max }` when the source gives no day.
    pub date: Field<EventDate>,
    /// The mission, as evidence names it: "Soyuz MS-23".
    pub mission: Field<String>,
    /// The source key the event rests on (listed in `docs/sources.md`).
    pub source: Field<String>,
    /// What the source says beyond the fields (times, who, what was worn).
    pub note: Field<String>,
    /// Two ports docked.
    pub docking: Option<Docking>,
    /// A crew crossed the passage of two mated ports.
    pub crossing: Option<Crossing>,
    /// Voice worked between two radios.
    pub voice: Option<VoiceLink>,
    /// A suit was plugged into a vehicle's outlet.
    pub suit_connection: Option<SuitConnection>,
    /// A vehicle kept a crew alive for a time.
    pub sustained: Option<Sustained>,
    /// A seat liner was moved from one vehicle to another.
    pub liner_move: Option<LinerMove>,
    /// A crew crossed from one vehicle to another outside, in EVA suits.
    pub eva_transfer: Option<EvaTransfer>,
}

/// Declares the values an event rests on, read from the same fields of a
/// spec (`of`) and compared with them ([`super::binding::same`] for one
/// value, [`super::binding::same_set`] for a list whose order means nothing).
macro_rules! basis {
    (
        $(#[$meta:meta])*
        $name:ident of $source:ty {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty => $compare:ident ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
        #[serde(default)]
        #[schemars(deny_unknown_fields)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: Field<$ty>, )*
        }

        impl $name {
            /// The fields it rests on, by their names in the spec.
            pub const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];

            /// The same fields of a spec element, as the spec gives them now.
            pub fn of(element: &$source) -> Self {
                $name { $( $field: element.$field.clone(), )* }
            }

            /// The fields not written (they must be, even as "unknown").
            pub fn unwritten(&self) -> Vec<&'static str> {
                let mut out = Vec::new();
                $( if !self.$field.is_written() { out.push(stringify!($field)); } )*
                out
            }

            /// Whether nothing was written.
            pub fn is_empty(&self) -> bool {
                self.unwritten().len() == Self::FIELDS.len()
            }

            /// The fields whose value differs from `now`'s, each with the
            /// value bound and the value now, under the spec path `prefix`.
            pub fn changes(&self, now: &Self, prefix: &str) -> Vec<super::binding::Change> {
                let mut out = Vec::new();
                $(
                    if !super::binding::$compare(&self.$field, &now.$field) {
                        out.push(super::binding::Change::new(
                            format!("{prefix}.{}", stringify!($field)),
                            &self.$field,
                            &now.$field,
                        ));
                    }
                )*
                out
            }
        }
    };
}

basis! {
    /// What a docking rests on: the port's mechanism and the roles it plays.
    DockingBasis of crate::spec::Port {
        /// `ports[...].standard` when it flew.
        standard: String => same,
        /// `ports[...].roles` when it flew.
        roles: Vec<Role> => same_set,
    }
}

basis! {
    /// What a crossing rests on: the mechanism and its clear passage.
    PassageBasis of crate::spec::Port {
        /// `ports[...].standard` when it flew.
        standard: String => same,
        /// `ports[...].passage_diameter` when it flew.
        passage_diameter: si::Length => same,
    }
}

basis! {
    /// What a voice link rests on: the radio's channel.
    RadioBasis of crate::spec::Radio {
        /// `radios[...].tx_frequencies` when it flew.
        tx_frequencies: Vec<si::Frequency> => same_set,
        /// `radios[...].rx_bands` when it flew.
        rx_bands: Vec<Range<si::Frequency>> => same_set,
        /// `radios[...].modulation` when it flew.
        modulation: Modulation => same,
        /// `radios[...].protocols` when it flew.
        protocols: Vec<Protocol> => same_set,
    }
}

basis! {
    /// What a suit connection rests on, on the suit's side.
    SuitSupplyBasis of crate::spec::SuitDefinition {
        /// `umbilical` of the suit when it flew.
        umbilical: Umbilical => same,
        /// `comm_connector` of the suit when it flew.
        comm_connector: CommConnector => same,
        /// `o2_inlet_pressure` of the suit when it flew.
        o2_inlet_pressure: Range<PressureDifference> => same,
        /// `o2_flow` of the suit when it flew.
        o2_flow: si::VolumeRate => same,
    }
}

basis! {
    /// What a suit connection rests on, on the outlet's side.
    OutletBasis of crate::spec::OxygenOutlet {
        /// `oxygen_outlets[...].connector` when it flew.
        connector: Umbilical => same,
        /// `oxygen_outlets[...].comm_connector` when it flew.
        comm_connector: CommConnector => same,
        /// `oxygen_outlets[...].delivery_pressure` when it flew.
        delivery_pressure: Range<PressureDifference> => same,
        /// `oxygen_outlets[...].max_flow` when it flew.
        max_flow: si::VolumeRate => same,
    }
}

basis! {
    /// What keeping a crew alive rests on: the vehicle's oxygen and CO2
    /// removal.
    LifeSupportBasis of crate::spec::Consumables {
        /// `consumables.o2_mass` when it flew.
        o2_mass: si::Mass => same,
        /// `consumables.o2_generation_rate` when it flew.
        o2_generation_rate: si::MassRate => same,
        /// `consumables.co2_scrubbing_capacity` when it flew.
        co2_scrubbing_capacity: si::Mass => same,
        /// `consumables.co2_removal_rate` when it flew.
        co2_removal_rate: si::MassRate => same,
    }
}

basis! {
    /// What a seat-liner move rests on: whether the seats take per-person
    /// liners.
    LinerBasis of crate::spec::Crew {
        /// `crew.seat_liners` when it flew.
        seat_liners: SeatLiners => same,
    }
}

basis! {
    /// What getting out of a vehicle in EVA suits rests on.
    EgressBasis of crate::spec::Eva {
        /// `eva.airlock` when it flew.
        airlock: bool => same,
        /// `eva.depressurizable_cabin` when it flew.
        depressurizable_cabin: bool => same,
        /// `eva.hatch_diameter` when it flew.
        hatch_diameter: si::Length => same,
    }
}

basis! {
    /// What an EVA transfer rests on, on the suit's side.
    EvaSuitBasis of crate::spec::SuitDefinition {
        /// `class` of the suit when it flew.
        class: SuitClass => same,
        /// `self_contained_endurance` of the suit when it flew.
        self_contained_endurance: si::Time => same,
        /// `min_passage_diameter` of the suit when it flew.
        min_passage_diameter: si::Length => same,
    }
}

/// A port of a vehicle, as it flew.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, bound(deserialize = "B: Deserialize<'de> + Default"))]
#[schemars(
    deny_unknown_fields,
    bound = "B: JsonSchema + Default",
    rename = "PortSide_for_{B}"
)]
pub struct PortSide<B> {
    /// The vehicle's spec id (`vehicle.id`): "soyuz-ms".
    pub vehicle: Field<String>,
    /// The spec revision it flew at (`vehicle.revision`, as written).
    pub revision: Field<String>,
    /// The port's id in that spec; "unknown" (with a note) when the source
    /// does not say which port, and then the event answers no port-exact
    /// question.
    pub port: Field<String>,
    /// The port's fields as the spec gave them when the event was bound.
    pub rests_on: B,
}

/// A radio of a vehicle, as it flew.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct RadioSide {
    /// The vehicle's spec id.
    pub vehicle: Field<String>,
    /// The spec revision it flew at.
    pub revision: Field<String>,
    /// The radio's id in that spec ("unknown" when the source does not say).
    pub radio: Field<String>,
    /// The radio's fields as the spec gave them when the event was bound.
    pub rests_on: RadioBasis,
}

/// An oxygen outlet of a vehicle, as it flew.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct OutletSide {
    /// The vehicle's spec id.
    pub vehicle: Field<String>,
    /// The spec revision it flew at.
    pub revision: Field<String>,
    /// The outlet's id in that spec ("unknown" when the source does not say).
    pub outlet: Field<String>,
    /// The outlet's fields as the spec gave them when the event was bound.
    pub rests_on: OutletBasis,
}

/// A suit, as it flew.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, bound(deserialize = "B: Deserialize<'de> + Default"))]
#[schemars(
    deny_unknown_fields,
    bound = "B: JsonSchema + Default",
    rename = "SuitSide_for_{B}"
)]
pub struct SuitSide<B> {
    /// The suit's id (`[suit] id` of its file): "spacex-iva".
    pub id: Field<String>,
    /// The suit's fields as its spec gave them when the event was bound.
    pub rests_on: B,
}

/// A vehicle as a whole, as it flew.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, bound(deserialize = "B: Deserialize<'de> + Default"))]
#[schemars(
    deny_unknown_fields,
    bound = "B: JsonSchema + Default",
    rename = "VehicleSide_for_{B}"
)]
pub struct VehicleSide<B> {
    /// The vehicle's spec id.
    pub vehicle: Field<String>,
    /// The spec revision it flew at.
    pub revision: Field<String>,
    /// The vehicle's fields as the spec gave them when the event was bound.
    pub rests_on: B,
}

/// Port `chaser` docked to port `target`: the chaser flew in (the active
/// role), the target received it.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Docking {
    pub chaser: PortSide<DockingBasis>,
    pub target: PortSide<DockingBasis>,
}

vocabulary! {
    /// How a crew crossed a docked passage.
    Way, "a way of crossing" {
        /// In cabin clothing, no pressure suit.
        ShirtSleeved = "shirt-sleeved",
        /// In pressure suits.
        Suited = "suited",
        /// Carried on a stretcher.
        Stretcher = "stretcher",
    }
}

/// A crew crossed the passage of two mated ports (either way: the passage
/// is the same both ways).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Crossing {
    pub a: PortSide<PassageBasis>,
    pub b: PortSide<PassageBasis>,
    /// "shirt-sleeved", "suited" or "stretcher"; "unknown" (with a note)
    /// when the source does not say, and then it answers no question about
    /// a way of crossing.
    pub way: Field<Way>,
    /// The suit worn, by its id, when the crew crossed suited and the
    /// source names it.
    pub suit: Field<String>,
    /// How many crossed.
    pub crew: Field<u32>,
}

/// Voice worked between radio `a` of one vehicle and radio `b` of the other.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct VoiceLink {
    pub a: RadioSide,
    pub b: RadioSide,
}

/// A suit was plugged into an outlet of a vehicle and supplied by it.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct SuitConnection {
    pub suit: SuitSide<SuitSupplyBasis>,
    pub outlet: OutletSide,
    /// How many suits were plugged in.
    pub suits: Field<u32>,
}

/// A vehicle kept `crew` people alive for `duration`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Sustained {
    /// The vehicle's spec id.
    pub vehicle: Field<String>,
    /// The spec revision it flew at.
    pub revision: Field<String>,
    /// The vehicle's fields as the spec gave them when the event was bound.
    pub rests_on: LifeSupportBasis,
    /// How many people.
    pub crew: Field<u32>,
    /// For how long: "9 d", "5 d 22 h"... (at least this long).
    pub duration: Field<si::Time>,
}

/// A seat liner was moved from one vehicle into another, for its wearer to
/// ride home in it.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct LinerMove {
    pub from: VehicleSide<LinerBasis>,
    pub to: VehicleSide<LinerBasis>,
    /// How many liners were moved.
    pub liners: Field<u32>,
}

/// A crew crossed from one vehicle to the other outside, in EVA suits.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct EvaTransfer {
    pub from: VehicleSide<EgressBasis>,
    pub to: VehicleSide<EgressBasis>,
    pub suit: SuitSide<EvaSuitBasis>,
    /// How many crossed.
    pub crew: Field<u32>,
}

/// What an event demonstrated: the one kind table it has.
#[derive(Debug, Clone, Copy)]
pub enum Demonstrated<'a> {
    Docking(&'a Docking),
    Crossing(&'a Crossing),
    Voice(&'a VoiceLink),
    SuitConnection(&'a SuitConnection),
    Sustained(&'a Sustained),
    LinerMove(&'a LinerMove),
    EvaTransfer(&'a EvaTransfer),
}

impl Demonstrated<'_> {
    /// The kind's key in the file: "docking", "suit_connection".
    pub fn key(&self) -> &'static str {
        match self {
            Demonstrated::Docking(_) => "docking",
            Demonstrated::Crossing(_) => "crossing",
            Demonstrated::Voice(_) => "voice",
            Demonstrated::SuitConnection(_) => "suit_connection",
            Demonstrated::Sustained(_) => "sustained",
            Demonstrated::LinerMove(_) => "liner_move",
            Demonstrated::EvaTransfer(_) => "eva_transfer",
        }
    }
}

/// The keys of the kind tables, for messages.
pub const KINDS: &[&str] = &[
    "docking",
    "crossing",
    "voice",
    "suit_connection",
    "sustained",
    "liner_move",
    "eva_transfer",
];

impl Event {
    /// Every kind table the event has (the loader requires exactly one).
    pub fn kinds(&self) -> Vec<Demonstrated<'_>> {
        let mut out = Vec::new();
        if let Some(k) = &self.docking {
            out.push(Demonstrated::Docking(k));
        }
        if let Some(k) = &self.crossing {
            out.push(Demonstrated::Crossing(k));
        }
        if let Some(k) = &self.voice {
            out.push(Demonstrated::Voice(k));
        }
        if let Some(k) = &self.suit_connection {
            out.push(Demonstrated::SuitConnection(k));
        }
        if let Some(k) = &self.sustained {
            out.push(Demonstrated::Sustained(k));
        }
        if let Some(k) = &self.liner_move {
            out.push(Demonstrated::LinerMove(k));
        }
        if let Some(k) = &self.eva_transfer {
            out.push(Demonstrated::EvaTransfer(k));
        }
        out
    }

    /// What the event demonstrated (the first kind table, for an event the
    /// loader did not check).
    pub fn demonstrated(&self) -> Option<Demonstrated<'_>> {
        self.kinds().into_iter().next()
    }

    /// The event's id, or "?" when it has none (a record the loader refused).
    pub fn id(&self) -> &str {
        self.id.get().map_or("?", String::as_str)
    }
}
