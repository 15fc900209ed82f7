//! The spec model: one TOML file describes one vehicle (or one suit) by its
//! interfaces, with every physical value held as a `uom` quantity.

pub mod data;
pub mod data_file;
pub mod elements;
pub mod field;
pub mod launch_sites;
pub mod limits;
pub mod load;
pub mod locate;
pub mod lunar;
pub mod reach;
pub mod reference;
pub mod schema;
pub mod standards;
pub mod suit;
pub mod values;
pub mod vehicle;
pub mod vocabulary;

use std::sync::Arc;

pub use elements::{ElementSet, Epoch};
pub use field::{Field, FieldValue, Span, Value};
pub use launch_sites::LaunchSites;
pub use load::{Diagnostic, Document, LoadErrors, SourceFile};
pub use lunar::{Mobility, Power, Regime, Relay, Surface};
pub use reach::{Orbit, Reach};
pub use standards::Standards;
pub use suit::SuitDefinition;
pub use values::*;
pub use vehicle::*;

/// A loaded and validated vehicle (or adapter). Clone it to try a changed
/// spec (plan remediation).
#[derive(Debug, Clone)]
pub struct Vehicle {
    pub id: String,
    pub name: String,
    pub kind: VehicleKind,
    pub info: VehicleInfo,
    pub crew: Crew,
    pub atmosphere: Atmosphere,
    pub hatch: Hatch,
    pub ports: Vec<Port>,
    pub keep_out_zones: Vec<KeepOutZone>,
    pub suits: Vec<CarriedSuit>,
    pub oxygen_outlets: Vec<OxygenOutlet>,
    pub eva: Eva,
    pub consumables: Consumables,
    pub radios: Vec<Radio>,
    pub beacons: Vec<Beacon>,
    pub communication: Communication,
    /// Where a station or free-flyer flies.
    pub orbit: Orbit,
    /// How the vehicle reaches a crew: launch sites, Δv, rendezvous,
    /// readiness, endurance.
    pub reach: Reach,
    /// Landers, rovers and habitats: life on the lunar surface.
    pub surface: Surface,
    /// Rovers: who they carry, how far and how fast.
    pub mobility: Mobility,
    /// Electrical power it can share.
    pub power: Power,
    /// Lunar relay and navigation networks it can use.
    pub relays: Vec<Relay>,
    /// The spec file the vehicle was read from.
    pub file: Arc<SourceFile>,
}

/// A suit a vehicle carries, resolved from its file or inline definition.
#[derive(Debug, Clone)]
pub struct CarriedSuit {
    pub id: String,
    pub count: Field<u32>,
    pub suit: SuitDefinition,
    /// The suit file, when the suit was defined in one (its fields' spans
    /// point into it).
    pub file: Option<Arc<SourceFile>>,
}

/// A loaded suit file.
#[derive(Debug)]
pub struct Suit {
    pub id: String,
    pub definition: SuitDefinition,
    pub file: Arc<SourceFile>,
}

/// Whether a path names one of the data files that sit among specs
/// (interface standards, crew envelopes, launch sites, the flight record,
/// the vocabularies) rather than a vehicle or suit spec.
pub fn is_data_file(path: &std::path::Path) -> bool {
    vocabulary::is_vocabulary_file(path)
        || path.file_name().is_some_and(|n| {
            n == standards::FILE_NAME
                || n == crate::rules::mate::crew_envelopes::FILE_NAME
                || n == launch_sites::FILE_NAME
                || n == crate::record::FILE_NAME
        })
}

/// Loads a vehicle spec, refusing suit files.
pub fn load_vehicle(path: &std::path::Path) -> Result<Vehicle, LoadErrors> {
    into_vehicle(path, load::load_path(path, Standards::bundled())?)
}

/// Loads a vehicle spec in a [`load::LoadContext`]: against the standards
/// beside the specs, with file references confined to a root.
pub fn load_vehicle_with(
    path: &std::path::Path,
    context: load::LoadContext<'_>,
) -> Result<Vehicle, LoadErrors> {
    into_vehicle(path, load::load_path_with(path, context)?)
}

/// Loads a vehicle from text (tests, fuzzing, property checks).
pub fn vehicle_from_str(path: &str, text: &str) -> Result<Vehicle, LoadErrors> {
    let path = std::path::Path::new(path);
    into_vehicle(
        path,
        load::load_str(path, text.to_string(), Standards::bundled())?,
    )
}

/// The vehicle of a loaded document; a suit file is an error where a
/// vehicle was expected.
fn into_vehicle(path: &std::path::Path, document: Document) -> Result<Vehicle, LoadErrors> {
    match document {
        Document::Vehicle(v) => Ok(*v),
        Document::Suit(s) => Err(LoadErrors {
            diagnostics: vec![Diagnostic {
                file: path.to_path_buf(),
                line: 1,
                column: 1,
                span: None,
                field: "suit".into(),
                found: "a suit file where a vehicle spec was expected".into(),
                expected: None,
                help: Some("give a vehicle spec; suit files are referenced from [[suits]]".into()),
            }],
            files: vec![s.file],
        }),
    }
}
