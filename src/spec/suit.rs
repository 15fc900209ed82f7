//! A pressure suit, in a suit file (`specs/suits/<id>.toml`, top table
//! `[suit]`) or inline in a vehicle's `[[suits]]` entry (`[suits.spec]`).

use schemars::JsonSchema;
use serde::Deserialize;
use uom::si::f64 as si;

use super::field::Field;
use super::values::{PressureDifference, Range, SuitClass, SuitClasses, SuitGas, SuitLoop};
use super::vehicle::Radio;
use super::vocabulary::{CommConnector, Umbilical};

/// A pressure suit's interfaces.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct SuitDefinition {
    /// Kebab-case id: "sokol-kv2".
    pub id: Field<String>,
    pub name: Field<String>,
    pub operator: Field<String>,
    /// What the suit is for: "iva" (launch and entry, on a vehicle
    /// umbilical), "eva" (its own life support, for work outside), or both
    /// (["iva", "eva"]).
    pub class: Field<SuitClasses>,
    /// Operating pressure above ambient (a differential: "4.3 psid"),
    /// nominal and the settings it can take.
    pub operating_pressure: Field<Range<PressureDifference>>,
    pub gas: Field<SuitGas>,
    pub gas_loop: Field<SuitLoop>,
    /// Umbilical (connector) family it plugs into: "sokol-two-hose".
    pub umbilical: Field<Umbilical>,
    /// Oxygen supply pressure its inlet accepts, above ambient.
    pub o2_inlet_pressure: Field<Range<PressureDifference>>,
    /// Flow it draws from the vehicle, at standard conditions.
    pub o2_flow: Field<si::VolumeRate>,
    /// Comm connector family: "sokol-rs", "emu-comm-cap".
    pub comm_connector: Field<CommConnector>,
    /// How long it keeps its wearer alive without a vehicle umbilical.
    pub self_contained_endurance: Field<si::Time>,
    /// Smallest round hatch a suited crew member passes.
    pub min_passage_diameter: Field<si::Length>,
    /// The suit's own radios (EVA suits).
    pub radios: Vec<Radio>,
    /// Self-contained endurance in the coldest conditions it is rated for
    /// (AxEMU: two hours in the lunar south pole's coldest).
    pub endurance_cold: Field<si::Time>,
    /// How the wearer gets in: "rear-hatch", "waist", "zipper".
    pub entry: Field<super::lunar::SuitEntry>,
    /// Whether it can dock to a suitport (a rear hatch that seals to a
    /// vehicle's hull).
    pub suitport_compatible: Field<bool>,
    /// Connectors through which a companion's life support can feed it.
    pub buddy: super::lunar::BuddyConnectors,
    /// How long an emergency oxygen supply keeps the wearer alive after the
    /// primary fails (Apollo's Oxygen Purge System).
    pub emergency_o2: Field<si::Time>,
}

impl SuitDefinition {
    /// Whether the suit serves as `class`; `None` when its class is not
    /// given.
    pub fn serves(&self, class: SuitClass) -> Option<bool> {
        self.class.get().map(|c| c.contains(class))
    }
}
