//! Rescue scenarios: who is in distress, where, and what the rescuer
//! brings.
//!
//! A rescue is decided by its configuration, not by the vehicles' nominal
//! figures: Soyuz MS-23 flew up uncrewed, Crew-9 flew two seats empty and
//! carried two suits, Shenzhou-22 flew uncrewed. A scenario file
//! ([`file::ScenarioDocument`]) says so; [`load`] reads it with the spec
//! loader's machinery and loads the specs it names; [`Situation`]
//! (`resolve.rs`) is the one resolved view the rules read: the crew to
//! rescue, the rescuer's crew, the seats fitted, the suits aboard, the
//! location, the modes allowed. `check A B` runs the default situation
//! ([`Situation::nominal`]): each vehicle's nominal crew, nothing carried,
//! free-flying; the report lists those defaults.

pub mod file;
pub mod load;
pub mod resolve;
pub mod schema;

use std::sync::Arc;

pub use file::ScenarioDocument;
pub use resolve::{Figure, Location, ModeSet, Situation, SuitSet};

use crate::spec::{CarriedSuit, SourceFile, Vehicle};

/// A loaded and validated scenario, with the specs it names.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub id: String,
    pub name: String,
    /// The scenario file.
    pub file: Arc<SourceFile>,
    /// The file as written (every value with its span and source).
    pub doc: ScenarioDocument,
    pub rescuer: Vehicle,
    pub distressed: Vehicle,
    /// The station the crew is docked at, and the index of the port.
    pub station: Option<(Vehicle, Option<usize>)>,
    /// The people's own suits, one entry per suit file with the number of
    /// people who wear it.
    pub people_suits: Vec<CarriedSuit>,
    /// Suits the rescuer carries for the rescued crew.
    pub suits_for_rescued: Vec<CarriedSuit>,
    /// Suits the rescuer carries for its own crew.
    pub suits_for_crew: Vec<CarriedSuit>,
    /// Adapters the rescuer carries to the docking.
    pub adapters: Vec<Vehicle>,
}

impl Scenario {
    /// The situation the rules read, from this scenario's figures.
    pub fn situation(&self) -> Situation<'_> {
        resolve::from_scenario(self)
    }

    /// Whether the scenario says where the crew is (free-flying or at a
    /// station), rather than leaving it to a default.
    pub fn places_crew(&self) -> bool {
        self.doc
            .distressed
            .as_ref()
            .is_some_and(|d| d.location.at.is_written() || d.location.station.is_written())
    }

    /// Every vehicle the scenario names: rescuer, distressed, station,
    /// adapters.
    pub fn vehicles(&self) -> Vec<&Vehicle> {
        let mut out = vec![&self.rescuer, &self.distressed];
        out.extend(self.station.as_ref().map(|(s, _)| s));
        out.extend(self.adapters.iter());
        out
    }

    /// Every file behind the scenario: the scenario file, then the specs
    /// and suit files it reads.
    pub fn source_files(&self) -> Vec<&SourceFile> {
        let mut files: Vec<&SourceFile> = vec![&self.file];
        files.extend(crate::report::source_files(&self.vehicles()));
        for suit in self
            .people_suits
            .iter()
            .chain(&self.suits_for_rescued)
            .chain(&self.suits_for_crew)
        {
            files.extend(suit.file.as_deref());
        }
        files
    }
}
