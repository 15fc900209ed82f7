//! The vehicle spec: one TOML file describes one vehicle by its interfaces.
//!
//! Every value is a [`Field`]: absent or `"unknown"` means the spec does not
//! say, and the rules then report `unknown` rather than assume. Doc comments
//! here become the descriptions of the JSON Schema (`rescue-interop schema`).

use schemars::JsonSchema;
use serde::Deserialize;
use uom::si::f64 as si;

use super::field::Field;
use super::suit::SuitDefinition;
use super::values::{
    AbsolutePressure, BeaconKind, Diluent, Direction, OutletPurpose, Position, PressureDifference,
    Protection, RadioPurpose, Range, Role, SeatLiners, VehicleKind,
};
use super::vocabulary::{
    CommConnector, DataLink, Language, Modulation, NavAid, PhraseSet, Protocol, TimeReference,
    Umbilical,
};
use crate::decibel::{Decibels, DecibelsIsotropic, PowerLevel};

/// A whole spec file: a vehicle (or adapter) or a suit.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields, title = "rescue-interop spec")]
pub struct SpecDocument {
    /// Spec format version; this tool reads version 1.
    pub format: Field<u32>,
    /// Identity and provenance of a vehicle. A suit file has `[suit]` instead.
    pub vehicle: Option<VehicleInfo>,
    /// A suit file's one suit.
    pub suit: Option<SuitDefinition>,
    pub crew: Crew,
    pub atmosphere: Atmosphere,
    pub hatch: Hatch,
    /// Docking and berthing ports. Left out, the ports are unknown; `ports =
    /// []` says the vehicle has none (it can only be reached by EVA).
    #[schemars(with = "Vec<Port>")]
    pub ports: Option<Vec<Port>>,
    /// Spheres around the vehicle that an approach corridor must not cross.
    pub keep_out_zones: Vec<KeepOutZone>,
    /// Suits the vehicle carries. Left out, they are unknown; `suits = []`
    /// says it carries none.
    #[schemars(with = "Vec<SuitCarried>")]
    pub suits: Option<Vec<SuitCarried>>,
    /// Oxygen outlets: suit umbilicals and masks. Left out, they are
    /// unknown; `oxygen_outlets = []` says there are none.
    #[schemars(with = "Vec<OxygenOutlet>")]
    pub oxygen_outlets: Option<Vec<OxygenOutlet>>,
    pub eva: Eva,
    pub consumables: Consumables,
    /// Radios. Left out, they are unknown; `radios = []` says there are none.
    #[schemars(with = "Vec<Radio>")]
    pub radios: Option<Vec<Radio>>,
    /// Distress and recovery beacons. Left out, they are unknown; `beacons =
    /// []` says there are none.
    #[schemars(with = "Vec<Beacon>")]
    pub beacons: Option<Vec<Beacon>>,
    pub communication: Communication,
    /// Stations and free-flyers: the orbit they fly.
    pub orbit: super::reach::Orbit,
    /// How the vehicle reaches a crew and how long it can stay.
    pub reach: super::reach::Reach,
    /// Landers, rovers and habitats: life on the lunar surface.
    pub surface: super::lunar::Surface,
    /// Rovers: who they carry, how far and how fast.
    pub mobility: super::lunar::Mobility,
    /// Electrical power the vehicle can share.
    pub power: super::lunar::Power,
    /// Lunar relay and navigation networks the vehicle can use.
    pub relays: Vec<super::lunar::Relay>,
}

/// Identity and provenance.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct VehicleInfo {
    /// Kebab-case id, the file's stem: `crew-dragon`.
    pub id: Field<String>,
    /// Human name: "Crew Dragon".
    pub name: Field<String>,
    pub kind: Field<VehicleKind>,
    pub operator: Field<String>,
    /// Which version or era the spec describes ("2024", "ASTP 1975").
    pub revision: Field<String>,
    /// Whether the vehicle has flown; a plan will not propose changing a
    /// flown vehicle's fixed interfaces.
    pub flown: Field<bool>,
    /// Mass in the configuration that docks (for capture energy).
    pub mass: Field<Range<si::Mass>>,
    /// Whether the vehicle can fly itself to another (a chaser). Stations
    /// and adapters cannot.
    pub maneuverable: Field<bool>,
    /// Whether it carries a robotic arm able to berth another vehicle.
    pub berthing_arm: Field<bool>,
    /// The id of the station the vehicle usually flies to and stays docked
    /// at ("iss" for Soyuz MS): a fleet matrix's default scenario puts a
    /// crew in distress there, reachable through the station.
    pub home_station: Field<String>,
    /// Where the vehicle operates: "leo", "cislunar", "nrho", "llo",
    /// "lunar-orbit", "lunar-surface". Must include `[orbit].kind` when
    /// both are given.
    pub regime: Field<Vec<super::lunar::Regime>>,
    /// Adapters only: whether a vehicle carries the adapter to a docking
    /// (the ASTP Docking Module on the Apollo CSM's nose) rather than it
    /// being installed on its host (the IDA on a station's PMA, whose
    /// ports the host's spec already gives). A plan routes only through
    /// adapters known to be carried; an error on any other kind.
    pub carried: Field<bool>,
    /// Source keys the spec draws on, for the reader (each must be listed in
    /// `docs/sources.md`).
    pub sources: Field<Vec<String>>,
    pub description: Field<String>,
}

/// Crew and seats.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Crew {
    /// Crew normally aboard: the crew to rescue and the rescuer's own crew
    /// when a scenario does not say otherwise (`check A B`).
    pub nominal: Field<u32>,
    /// The fewest crew a crewed flight takes: a published limit, else the
    /// smallest crew flown (say which in the note). Whether it can fly with
    /// none is `flies_uncrewed`.
    pub minimum: Field<u32>,
    /// Whether the vehicle can fly with no crew aboard (Soyuz MS-23 and
    /// Shenzhou-22 flew up uncrewed to bring a crew home).
    pub flies_uncrewed: Field<bool>,
    /// Seats installed for return (nominal configuration).
    pub seats: Field<u32>,
    /// Seats the vehicle can be fitted with.
    pub max_seats: Field<u32>,
    pub seat_liners: Field<SeatLiners>,
    /// Standing height range the seats fit.
    pub stature: Field<Range<si::Length>>,
    /// Sitting height range the seats fit.
    pub sitting_height: Field<Range<si::Length>>,
    /// Body mass range the seats fit.
    pub body_mass: Field<Range<si::Mass>>,
    /// Languages the crew works in (ISO 639-1: "en", "ru", "zh";
    /// `specs/vocabularies/languages.toml`).
    pub languages: Field<Vec<Language>>,
}

/// Cabin atmosphere.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Atmosphere {
    /// Total pressure, absolute: the operating band and its nominal.
    pub pressure: Field<Range<AbsolutePressure>>,
    /// The band the cabin can be set to for a joint operation (Soyuz was
    /// lowered to about 10 psia for ASTP).
    pub adjustable_pressure: Field<Range<AbsolutePressure>>,
    pub o2_fraction: Field<Range<si::Ratio>>,
    pub o2_partial_pressure: Field<Range<AbsolutePressure>>,
    pub diluent: Field<Diluent>,
    /// Highest CO2 partial pressure allowed.
    pub co2_limit: Field<AbsolutePressure>,
    /// Free (pressurized, habitable) volume.
    pub free_volume: Field<si::Volume>,
    /// Highest O2 fraction the cabin materials are certified for (fire).
    pub materials_o2_limit: Field<si::Ratio>,
    /// Whether the vehicle can give a crew member 100 % O2 to prebreathe
    /// (masks or suit loop).
    pub prebreathe_o2: Field<bool>,
}

/// Hatches between this vehicle and a docked one.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Hatch {
    /// Largest pressure difference across the hatch at which it may be opened.
    pub max_opening_pressure_difference: Field<PressureDifference>,
    /// Whether valves can equalize pressure with a docked vehicle.
    pub equalization_valve: Field<bool>,
    /// Whether the vestibule can be leak-checked before the hatch opens.
    pub leak_check: Field<bool>,
}

/// A docking or berthing port.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Port {
    /// Unique within the vehicle: "harmony-forward-ida2".
    pub id: Field<String>,
    pub name: Field<String>,
    /// Interface standard, an id from `specs/interface-standards.toml`.
    pub standard: Field<String>,
    /// Roles this port can actually play.
    pub roles: Field<Vec<Role>>,
    /// The roles the port takes against a partner of a given kind, where
    /// they differ from `roles` (Orion is the passive target of Starship
    /// HLS, a lander, but flies in and docks actively at a station).
    pub mission_roles: Vec<MissionRoles>,
    /// Whether a crew can pass through the port when it is mated. A port
    /// that only holds two vehicles together (Soyuz 4 and 5 in 1969) says
    /// `false`; its crews cross outside. Not given, the standard decides
    /// (`crew_passage` in `specs/interface-standards.toml`).
    pub crew_passage: Field<bool>,
    /// Clear passage through the port when mated.
    pub passage_diameter: Field<si::Length>,
    /// Centre of the port's mating plane, in the vehicle frame.
    pub position: Field<Position>,
    /// Outward normal of the mating plane, in the vehicle frame.
    pub axis: Field<Direction>,
    /// The port's clocking reference ("up"), in the vehicle frame.
    pub clocking_reference: Field<Direction>,
    /// Roll angles at which the port may mate (three-petal interfaces:
    /// 0, 120, 240 deg).
    pub allowed_clocking: Field<Vec<si::Angle>>,
    /// Contact conditions this port's mechanism captures (as a target).
    pub capture_envelope: ContactEnvelope,
    /// Contact conditions the vehicle guarantees when this port is the
    /// chaser.
    pub contact_conditions: ContactEnvelope,
    /// Energy the mechanism can attenuate at contact.
    pub attenuation_energy: Field<si::Energy>,
    /// Mass range of the other vehicle the mechanism is designed for.
    pub partner_mass: Field<Range<si::Mass>>,
    /// Navigation aids mounted at this port for a chaser to use.
    pub nav_aids_carried: Field<Vec<NavAid>>,
    /// Navigation aids this vehicle needs on a target when it chases.
    pub nav_aids_needed: Field<Vec<NavAid>>,
    /// Electrical power passed across the interface.
    pub power_voltage: Field<si::ElectricPotential>,
    /// Data links passed across the interface ("mil-std-1553", "ethernet").
    pub data_links: Field<Vec<DataLink>>,
    /// Whether the port is free for a visiting vehicle.
    pub available: Field<bool>,
}

/// The roles a port takes against one kind of partner.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct MissionRoles {
    /// The partner's vehicle kind: "station", "lander", "capsule", ...
    pub partner: Field<VehicleKind>,
    /// The roles the port plays against it.
    pub roles: Field<Vec<Role>>,
}

impl Port {
    /// The roles this port plays against a partner of kind `partner`: its
    /// `mission_roles` entry for that kind when there is one, else `roles`.
    pub fn roles_against(&self, partner: VehicleKind) -> &Field<Vec<Role>> {
        self.mission_roles
            .iter()
            .find(|m| m.partner.value() == Some(partner))
            .map_or(&self.roles, |m| &m.roles)
    }

    /// The path of the roles field that applies against `partner`, for
    /// findings: `mission_roles[station].roles` or `roles`.
    pub fn roles_path_against(&self, partner: VehicleKind) -> String {
        match self
            .mission_roles
            .iter()
            .position(|m| m.partner.value() == Some(partner))
        {
            Some(i) => format!("mission_roles[{i}].roles"),
            None => "roles".to_string(),
        }
    }
}

/// The contact conditions of a docking: a capture envelope (what a target
/// accepts) or guaranteed conditions (what a chaser delivers).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct ContactEnvelope {
    /// Axial closing speed at contact.
    pub closing_speed: Field<Range<si::Velocity>>,
    /// Radial (lateral) misalignment of the port centres.
    pub lateral_misalignment: Field<si::Length>,
    /// Pitch/yaw misalignment (vector sum).
    pub angular_misalignment: Field<si::Angle>,
    pub roll_misalignment: Field<si::Angle>,
    /// Lateral (radial) rate.
    pub lateral_rate: Field<si::Velocity>,
    /// Pitch/yaw rate (vector sum).
    pub angular_rate: Field<si::AngularVelocity>,
    pub roll_rate: Field<si::AngularVelocity>,
}

/// A sphere, in the vehicle frame, that an approach must keep out of.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct KeepOutZone {
    pub id: Field<String>,
    pub center: Field<Position>,
    pub radius: Field<si::Length>,
}

/// A suit the vehicle carries: defined inline or in a suit file.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct SuitCarried {
    /// Unique within the vehicle.
    pub id: Field<String>,
    /// How many are carried.
    pub count: Field<u32>,
    /// A suit file, relative to this spec: "../suits/sokol-kv2.toml".
    pub file: Field<String>,
    /// The suit itself, when not in a file.
    pub spec: Option<SuitDefinition>,
}

/// An oxygen outlet: a suit umbilical or a mask.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct OxygenOutlet {
    pub id: Field<String>,
    pub purpose: Field<OutletPurpose>,
    /// Connector (umbilical) family: "sokol-two-hose", "spacex-thigh".
    pub connector: Field<Umbilical>,
    pub count: Field<u32>,
    /// Delivery pressure above ambient (gauge: psig or psid).
    pub delivery_pressure: Field<Range<PressureDifference>>,
    /// Largest flow, at standard conditions.
    pub max_flow: Field<si::VolumeRate>,
    /// Comm connector offered beside the gas ("sokol-rs", "emu-comm-cap").
    pub comm_connector: Field<CommConnector>,
}

/// EVA provisions, for a transfer outside when docking is impossible.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Eva {
    pub airlock: Field<bool>,
    /// Whether the whole cabin can be depressurized for EVA (no airlock).
    pub depressurizable_cabin: Field<bool>,
    /// Clear diameter of the EVA hatch.
    pub hatch_diameter: Field<si::Length>,
    /// The farthest a suited crew may go from this vehicle on foot, so
    /// that it can walk back on its suits' reserves if its rover fails.
    pub walkback_distance: Field<Range<si::Length>>,
    /// How a crew member who cannot walk is brought back to the vehicle.
    pub incapacitated_transport: IncapacitatedTransport,
    /// How far from the vehicle a suit's radio still reaches it (the
    /// vehicle's base station or relay for EVA crews).
    pub suit_radio_range: Field<si::Length>,
}

/// Bringing back a crew member who cannot walk.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct IncapacitatedTransport {
    /// How: "stretcher", "rover", "carry device".
    pub method: Field<String>,
    /// Farthest distance over which it works.
    pub distance: Field<si::Length>,
    /// Steepest slope over which it works.
    pub slope: Field<si::Angle>,
    /// Time to get the crew member onto it.
    pub setup_time: Field<si::Time>,
}

/// Consumables for keeping a crew alive until return.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Consumables {
    /// Oxygen stored and available to the crew.
    pub o2_mass: Field<si::Mass>,
    /// Oxygen generation (electrolysis), if any.
    pub o2_generation_rate: Field<si::MassRate>,
    /// CO2 the scrubbers can absorb in all (LiOH etc.).
    pub co2_scrubbing_capacity: Field<si::Mass>,
    /// CO2 removal rate of a regenerative system, if any.
    pub co2_removal_rate: Field<si::MassRate>,
    /// O2 use per person; 0.84 kg/d when unknown (NASA RP-1324).
    pub o2_per_person: Field<si::MassRate>,
    /// CO2 production per person; 1.0 kg/d when unknown (NASA RP-1324).
    pub co2_per_person: Field<si::MassRate>,
    /// Time from a rescue to landing that consumables must cover.
    pub time_to_return: Field<si::Time>,
    /// Margin kept beyond that time.
    pub margin: Field<si::Time>,
    /// Drinking and food-preparation water aboard.
    pub water_mass: Field<si::Mass>,
    /// Food aboard.
    pub food_mass: Field<si::Mass>,
    /// Oxygen the vehicle can give a visiting or rescued crew beyond its
    /// own crew's needs.
    pub o2_for_visitors: Field<si::Mass>,
}

/// A radio.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Radio {
    pub id: Field<String>,
    pub name: Field<String>,
    pub purpose: Field<Vec<RadioPurpose>>,
    pub tx_frequencies: Field<Vec<si::Frequency>>,
    pub rx_bands: Field<Vec<Range<si::Frequency>>>,
    /// Modulation: "fm", "am", "bpsk", "pcm-fm", ...
    pub modulation: Field<Modulation>,
    /// Protocol stack: "analog-voice", "ccsds-proximity-1", "sscs", ...
    pub protocols: Field<Vec<Protocol>>,
    pub eirp: Field<PowerLevel>,
    pub antenna_gain: Field<DecibelsIsotropic>,
    pub sensitivity: Field<PowerLevel>,
    pub system_noise_temperature: Field<si::ThermodynamicTemperature>,
    pub data_rate: Field<si::InformationRate>,
    pub required_eb_n0: Field<Decibels>,
    pub implementation_loss: Field<Decibels>,
    /// Allowance for blockage and multipath around this vehicle.
    pub blockage_allowance: Field<Decibels>,
    pub doppler_tolerance: Field<si::Frequency>,
    /// How far a frequency may be from a figure quoted for the same channel
    /// and still be that channel; when not given, the default of the band
    /// (CONTACT-001's rule page lists them).
    pub frequency_tolerance: Field<si::Frequency>,
    pub encryption: Field<Protection>,
    pub authentication: Field<Protection>,
}

/// A distress or recovery beacon.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Beacon {
    pub id: Field<String>,
    pub kind: Field<BeaconKind>,
    pub frequency: Field<si::Frequency>,
}

/// How the crew and controls talk.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Communication {
    /// Languages of the control centre.
    pub control_languages: Field<Vec<Language>>,
    /// Whether an interpreter is available to the crew or controls.
    pub interpreter: Field<bool>,
    /// Shared phrase sets the crew is trained in ("astp-glossary").
    pub phrase_sets: Field<Vec<PhraseSet>>,
    /// Time reference used aboard: "utc", "moscow", "beijing", "ltc"
    /// (Coordinated Lunar Time), "tcl" (Lunar Coordinate Time).
    pub time_reference: Field<TimeReference>,
}
