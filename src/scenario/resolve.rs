//! The resolved view of a scenario that every rule reads: "the crew to
//! rescue", "the rescuer's crew", "what is aboard". Built once per
//! direction from borrowed parts (no vehicle is cloned): a scenario's
//! figures where it gives them, each vehicle's nominal figures where it
//! does not (`check A B` gives none: [`Situation::nominal`]).
//!
//! Every figure carries the field it came from (a spec's `crew.nominal`, or
//! the scenario's `rescuer.crew`), so a finding points at the line that
//! decided it.

use std::sync::Arc;

use super::Scenario;
use super::file::{
    EvaCrossing, EvaEquipment, EvaHold, OwnReturn, Person, ScenarioDocument, TransferMode, Wait,
};
use crate::rules::{FieldRef, Party};
use crate::spec::{CarriedSuit, Field, Listed, SourceFile, Vehicle};

pub use crate::rules::ModeSet;

/// One figure of the situation and the field it came from.
#[derive(Debug)]
pub struct Figure<'a, T> {
    pub field: &'a Field<T>,
    pub party: Party,
    /// The field's path: `crew.nominal` in a spec, `rescuer.crew` in a
    /// scenario.
    pub path: &'static str,
    /// The file the field is written in.
    pub file: &'a Arc<SourceFile>,
    /// Whether the scenario gave it (rather than a spec's nominal figure).
    pub from_scenario: bool,
}

impl<T> Clone for Figure<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Figure<'_, T> {}

impl<'a, T> Figure<'a, T> {
    fn spec(field: &'a Field<T>, party: Party, path: &'static str, vehicle: &'a Vehicle) -> Self {
        Figure {
            field,
            party,
            path,
            file: &vehicle.file,
            from_scenario: false,
        }
    }

    #[inline]
    pub fn get(&self) -> Option<&'a T> {
        self.field.get()
    }

    /// The field, for a finding's locations.
    pub fn field_ref(&self) -> FieldRef {
        FieldRef {
            party: self.party,
            path: self.path.to_string(),
            span: self.field.span,
            file: Some(self.file.clone()),
        }
    }
}

impl<T: Copy> Figure<'_, T> {
    #[inline]
    pub fn value(&self) -> Option<T> {
        self.field.value()
    }
}

/// Suits one party has, and the list they come from.
#[derive(Debug, Clone, Copy)]
pub struct SuitSet<'a> {
    pub suits: &'a [CarriedSuit],
    /// Whether the list was given: a vehicle's suits left out are unknown.
    pub listed: Listed,
    pub party: Party,
    /// The list's path: `suits` in a spec, `rescuer.carries.suits` or
    /// `distressed.people` in a scenario.
    pub list: &'static str,
    /// The file that lists them (an inline suit is defined there).
    pub owner_file: &'a Arc<SourceFile>,
    /// People of the set whose suit the scenario writes as "unknown": what
    /// they wear is not published, so nothing may be assumed of it.
    pub unknown_wearers: u32,
}

impl SuitSet<'_> {
    /// A field of one of the suits, for a finding's locations.
    pub fn field_ref<T>(&self, suit: &CarriedSuit, name: &str, field: &Field<T>) -> FieldRef {
        FieldRef {
            party: self.party,
            path: self.path(suit, name),
            span: field.span,
            file: Some(suit.file.clone().unwrap_or_else(|| self.owner_file.clone())),
        }
    }

    /// `suits[sokol-kv2].umbilical`.
    pub fn path(&self, suit: &CarriedSuit, name: &str) -> String {
        format!(
            "{}[{}].{name}",
            self.list,
            crate::text::escape_for_terminal(&suit.id)
        )
    }

    /// How many suits the set holds, when every count is given.
    pub fn count(&self) -> Option<u32> {
        self.suits.iter().map(|s| s.count.value()).sum()
    }

    /// Whether everything about the set is known: the list was given and
    /// no one's suit is written "unknown".
    pub fn known(&self) -> bool {
        self.listed != Listed::NotGiven && self.unknown_wearers == 0
    }
}

/// Where the crew in distress is.
#[derive(Debug, Clone, Copy)]
pub enum Location<'a> {
    /// In their own vehicle, alone in orbit.
    FreeFlying,
    /// Their vehicle docked at a station (at a given port, when the
    /// scenario says).
    AtStation {
        station: &'a Vehicle,
        port: Option<usize>,
    },
}

/// The resolved scenario of one direction: the vehicles, and every figure
/// the rules read about the crews and what is aboard.
#[derive(Debug, Clone, Copy)]
pub struct Situation<'a> {
    /// The rescuing vehicle.
    pub rescuer: &'a Vehicle,
    /// The crew's vehicle.
    pub distressed: &'a Vehicle,
    crew: Figure<'a, u32>,
    rescuer_crew: Figure<'a, u32>,
    seats: Figure<'a, u32>,
    location: Location<'a>,
    /// The scenario, when there is one (`None`: the nominal defaults).
    scenario: Option<&'a Scenario>,
}

impl<'a> Situation<'a> {
    /// The default scenario of `check A B`: each vehicle's nominal crew,
    /// the rescuer's installed seats, nothing carried, free-flying.
    pub fn nominal(rescuer: &'a Vehicle, distressed: &'a Vehicle) -> Self {
        Situation {
            rescuer,
            distressed,
            crew: Figure::spec(
                &distressed.crew.nominal,
                Party::Distressed,
                "crew.nominal",
                distressed,
            ),
            rescuer_crew: Figure::spec(
                &rescuer.crew.nominal,
                Party::Rescuer,
                "crew.nominal",
                rescuer,
            ),
            // A rover's seats are the crew it carries on a drive.
            seats: if rescuer.kind == crate::spec::VehicleKind::Rover {
                Figure::spec(
                    &rescuer.mobility.crew,
                    Party::Rescuer,
                    "mobility.crew",
                    rescuer,
                )
            } else {
                Figure::spec(&rescuer.crew.seats, Party::Rescuer, "crew.seats", rescuer)
            },
            location: Location::FreeFlying,
            scenario: None,
        }
    }

    /// The nominal defaults with the crew docked at `station`, where their
    /// vehicle usually is (a fleet matrix's default for a vehicle that names
    /// its home station).
    pub fn at_home(rescuer: &'a Vehicle, distressed: &'a Vehicle, station: &'a Vehicle) -> Self {
        Situation {
            location: Location::AtStation {
                station,
                port: None,
            },
            ..Situation::nominal(rescuer, distressed)
        }
    }

    /// Whether this is a scenario file's situation (not the defaults).
    #[inline]
    pub fn scenario(&self) -> Option<&'a Scenario> {
        self.scenario
    }

    #[inline]
    fn doc(&self) -> Option<&'a ScenarioDocument> {
        self.scenario.map(|s| &s.doc)
    }

    /// The number of crew to rescue.
    #[inline]
    pub fn crew_to_rescue(&self) -> Figure<'a, u32> {
        self.crew
    }

    /// The crew the rescuer flies with (0: uncrewed).
    #[inline]
    pub fn rescuer_crew(&self) -> Figure<'a, u32> {
        self.rescuer_crew
    }

    /// Whether the rescuer flies with a crew; `None` when not known.
    #[inline]
    pub fn rescuer_crewed(&self) -> Option<bool> {
        self.rescuer_crew.value().map(|c| c > 0)
    }

    /// The seats fitted in the rescuer.
    #[inline]
    pub fn seats_fitted(&self) -> Figure<'a, u32> {
        self.seats
    }

    #[inline]
    pub fn location(&self) -> Location<'a> {
        self.location
    }

    /// The station the crew is at.
    #[inline]
    pub fn station(&self) -> Option<&'a Vehicle> {
        match self.location {
            Location::AtStation { station, .. } => Some(station),
            Location::FreeFlying => None,
        }
    }

    /// Whether `port` of `station` is taken by the crew's vehicle (the
    /// scenario names the port they are docked to).
    #[inline]
    pub fn port_taken(&self, vehicle: &Vehicle, port: usize) -> bool {
        self.taken_port(vehicle) == Some(port)
    }

    /// The port of `vehicle` the crew's vehicle is docked to, if any.
    #[inline]
    pub fn taken_port(&self, vehicle: &Vehicle) -> Option<usize> {
        match self.location {
            Location::AtStation {
                station,
                port: Some(taken),
            } if std::ptr::eq(station, vehicle) => Some(taken),
            _ => None,
        }
    }

    /// The ways of crossing the scenario allows (every way the location
    /// allows when it does not say).
    pub fn modes(&self) -> ModeSet {
        let possible = if self.station().is_some() {
            ModeSet::ALL
        } else {
            ModeSet::ALL.without(crate::rules::Mode::ViaStation)
        };
        match self.doc().and_then(|d| d.transfer.modes.get()) {
            Some(modes) => {
                let asked = modes.iter().fold(ModeSet::EMPTY, |set, m| {
                    set.with(match m {
                        TransferMode::Docked => crate::rules::Mode::Docked,
                        TransferMode::ViaStation => crate::rules::Mode::ViaStation,
                        TransferMode::Eva => crate::rules::Mode::Eva,
                    })
                });
                // A scenario file never asks for a mode its location rules
                // out (the loader refuses it); a scenario applied to
                // another pair can (`matrix --scenario`, the crew's
                // station being one of the pair): the pair's own modes then.
                match asked.intersect(possible) {
                    ModeSet::EMPTY => possible,
                    modes => modes,
                }
            }
            None => possible,
        }
    }

    /// The people to rescue that the scenario describes.
    #[inline]
    pub fn people(&self) -> &'a [Person] {
        self.doc()
            .and_then(|d| d.distressed.as_ref())
            .map_or(&[], |d| d.people.as_slice())
    }

    /// The scenario file.
    #[inline]
    pub fn scenario_file(&self) -> Option<&'a Arc<SourceFile>> {
        self.scenario.map(|s| &s.file)
    }

    /// The suits the crew to rescue has: their own, as the scenario's people
    /// wear them when it names a suit (or writes "unknown") for each, else
    /// their vehicle's.
    #[inline]
    pub fn crew_suits(&self) -> SuitSet<'a> {
        if let Some(scenario) = self.scenario {
            let worn: u32 = scenario
                .people_suits
                .iter()
                .filter_map(|s| s.count.value())
                .sum();
            let unknown = self.people_with_unknown_suit().count();
            let unknown = u32::try_from(unknown).unwrap_or(u32::MAX);
            let named = worn.saturating_add(unknown);
            if named > 0 && Some(named) >= self.crew.value() {
                return SuitSet {
                    suits: &scenario.people_suits,
                    listed: Listed::Some,
                    party: Party::Distressed,
                    list: "suits",
                    owner_file: &scenario.file,
                    unknown_wearers: unknown,
                };
            }
        }
        self.vehicle_suits(Party::Distressed)
    }

    /// The people to rescue whose suit the scenario writes as "unknown".
    pub fn people_with_unknown_suit(&self) -> impl Iterator<Item = &'a Person> + use<'a> {
        self.people()
            .iter()
            .filter(|p| p.suit.is_written() && p.suit.is_unknown())
    }

    /// The `suit` fields of the people whose suit is unknown, for a
    /// finding's locations.
    pub fn unknown_suit_refs(&self) -> Vec<FieldRef> {
        let Some(file) = self.scenario_file() else {
            return Vec::new();
        };
        self.people_with_unknown_suit()
            .map(|p| FieldRef {
                party: Party::Distressed,
                path: format!(
                    "distressed.people[{}].suit",
                    crate::text::escape_for_terminal(p.id.get().map_or("?", String::as_str))
                ),
                span: p.suit.span,
                file: Some(file.clone()),
            })
            .collect()
    }

    /// The suits a vehicle's own spec lists.
    #[inline]
    pub fn vehicle_suits(&self, party: Party) -> SuitSet<'a> {
        let v = match party {
            Party::Rescuer => self.rescuer,
            Party::Distressed => self.distressed,
        };
        SuitSet {
            suits: &v.suits,
            listed: v.suits_listed(),
            party,
            list: "suits",
            owner_file: &v.file,
            unknown_wearers: 0,
        }
    }

    /// Suits the rescuer carries up for the crew it rescues.
    #[inline]
    pub fn suits_for_rescued(&self) -> Option<SuitSet<'a>> {
        let scenario = self.scenario?;
        (!scenario.suits_for_rescued.is_empty()).then_some(SuitSet {
            suits: &scenario.suits_for_rescued,
            listed: Listed::Some,
            party: Party::Rescuer,
            list: "rescuer.carries.suits",
            owner_file: &scenario.file,
            unknown_wearers: 0,
        })
    }

    /// Suits the rescuer carries up for its own crew.
    #[inline]
    pub fn suits_for_crew(&self) -> Option<SuitSet<'a>> {
        let scenario = self.scenario?;
        (!scenario.suits_for_crew.is_empty()).then_some(SuitSet {
            suits: &scenario.suits_for_crew,
            listed: Listed::Some,
            party: Party::Rescuer,
            list: "rescuer.carries.suits",
            owner_file: &scenario.file,
            unknown_wearers: 0,
        })
    }

    /// The suits the rescued crew wears aboard the rescuer on the way home:
    /// suits carried up for them (Crew-9's SpaceX suits for the Starliner
    /// crew) and, for those the carried suits do not cover, their own.
    #[inline]
    pub fn return_suits(&self) -> (Option<SuitSet<'a>>, Option<SuitSet<'a>>) {
        let carried = self.suits_for_rescued();
        let covered = match (carried.and_then(|c| c.count()), self.crew.value()) {
            (Some(n), Some(crew)) => n >= crew,
            _ => false,
        };
        let own = (!covered).then(|| self.crew_suits());
        (carried, own)
    }

    /// The suits each side has for an EVA crossing: the crew's own and any
    /// carried up for them; the rescuer's own and any carried for its crew.
    #[inline]
    pub fn eva_suits(&self, party: Party) -> [Option<SuitSet<'a>>; 2] {
        match party {
            Party::Distressed => [Some(self.crew_suits()), self.suits_for_rescued()],
            Party::Rescuer => [
                Some(self.vehicle_suits(Party::Rescuer)),
                self.suits_for_crew(),
            ],
        }
    }

    /// Adapters the rescuer carries to the docking.
    #[inline]
    pub fn adapters(&self) -> &'a [Vehicle] {
        self.scenario.map_or(&[], |s| s.adapters.as_slice())
    }

    /// Oxygen the rescuer carries beyond its own store.
    pub fn carried_o2(&self) -> Option<Figure<'a, uom::si::f64::Mass>> {
        let scenario = self.scenario?;
        let field = &scenario.doc.rescuer.as_ref()?.carries.o2_mass;
        field.is_written().then_some(Figure {
            field,
            party: Party::Rescuer,
            path: "rescuer.carries.o2_mass",
            file: &scenario.file,
            from_scenario: true,
        })
    }

    /// CO2 scrubbing capacity the rescuer carries beyond its own.
    pub fn carried_co2_capacity(&self) -> Option<Figure<'a, uom::si::f64::Mass>> {
        let scenario = self.scenario?;
        let field = &scenario
            .doc
            .rescuer
            .as_ref()?
            .carries
            .co2_scrubbing_capacity;
        field.is_written().then_some(Figure {
            field,
            party: Party::Rescuer,
            path: "rescuer.carries.co2_scrubbing_capacity",
            file: &scenario.file,
            from_scenario: true,
        })
    }

    /// Seat liners made for the rescued crew and carried up.
    pub fn carried_liners(&self) -> Option<Figure<'a, u32>> {
        let scenario = self.scenario?;
        let field = &scenario.doc.rescuer.as_ref()?.carries.seat_liners;
        field.is_written().then_some(Figure {
            field,
            party: Party::Rescuer,
            path: "rescuer.carries.seat_liners",
            file: &scenario.file,
            from_scenario: true,
        })
    }

    /// Whether the rescued crew's own liners are moved into the rescuer.
    pub fn liners_moved(&self) -> Option<Figure<'a, bool>> {
        let scenario = self.scenario?;
        let field = &scenario.doc.transfer.seat_liners_moved;
        field.is_written().then_some(Figure {
            field,
            party: Party::Distressed,
            path: "transfer.seat_liners_moved",
            file: &scenario.file,
            from_scenario: true,
        })
    }

    /// Whether the crew's cabin holds pressure, when the scenario says.
    #[inline]
    pub fn cabin_pressurized(&self) -> Option<Figure<'a, bool>> {
        let scenario = self.scenario?;
        let field = &scenario.doc.distressed.as_ref()?.cabin_pressurized;
        field.is_written().then_some(Figure {
            field,
            party: Party::Distressed,
            path: "distressed.cabin_pressurized",
            file: &scenario.file,
            from_scenario: true,
        })
    }

    /// Whether the crew is in a depressurized cabin, and so suited, as is
    /// their transfer.
    #[inline]
    pub fn depressurized(&self) -> bool {
        self.cabin_pressurized().and_then(|f| f.value()) == Some(false)
    }

    /// Whether the crew's own vehicle can bring them home, when said.
    pub fn own_return(&self) -> Option<OwnReturn> {
        self.doc()?.distressed.as_ref()?.own_return.value()
    }

    /// How long the crew can wait, when said.
    pub fn wait(&self) -> Option<Wait> {
        self.doc()?.distressed.as_ref()?.wait.value()
    }

    /// Who goes outside in an EVA crossing: as the scenario says, else
    /// with a rescuer crew member helping when the rescuer is crewed.
    #[inline]
    pub fn eva_crossing(&self) -> EvaCrossing {
        self.doc()
            .and_then(|d| d.transfer.eva.crossing.value())
            .unwrap_or(if self.rescuer_crewed() == Some(false) {
                EvaCrossing::Alone
            } else {
                EvaCrossing::WithHelp
            })
    }

    /// Rescuer crew members who go outside to help (none unless the
    /// crossing is with help; 1 when not said).
    #[inline]
    pub fn eva_helpers(&self) -> u32 {
        if self.eva_crossing() != EvaCrossing::WithHelp {
            return 0;
        }
        self.doc()
            .and_then(|d| d.transfer.eva.helpers.value())
            .unwrap_or(1)
    }

    /// Crossings one EVA suit serves (1 when not said).
    #[inline]
    pub fn crossings_per_suit(&self) -> u32 {
        self.doc()
            .and_then(|d| d.transfer.eva.crossings_per_suit.value())
            .unwrap_or(1)
            .max(1)
    }

    /// How the vehicles are held together in an EVA crossing
    /// (station-keeping when not said).
    #[inline]
    pub fn eva_hold(&self) -> EvaHold {
        self.doc()
            .and_then(|d| d.transfer.eva.hold.value())
            .unwrap_or(EvaHold::StationKeeping)
    }

    /// The scenario's EVA field `name` (`crossing`, `hold`, ...), for a
    /// finding's locations; `None` without a scenario.
    pub fn eva_field_ref(&self, name: &str) -> Option<FieldRef> {
        let scenario = self.scenario?;
        let eva = &scenario.doc.transfer.eva;
        let span = match name {
            "crossing" => eva.crossing.span,
            "helpers" => eva.helpers.span,
            "crossings_per_suit" => eva.crossings_per_suit.span,
            "hold" => eva.hold.span,
            _ => None,
        };
        Some(FieldRef {
            party: Party::Rescuer,
            path: format!("transfer.eva.{name}"),
            span,
            file: Some(scenario.file.clone()),
        })
    }

    /// Whether the rescuer carries a tether.
    #[inline]
    pub fn tether_carried(&self) -> bool {
        self.doc()
            .and_then(|d| d.rescuer.as_ref())
            .and_then(|r| r.carries.eva_equipment.get())
            .is_some_and(|e| e.contains(&EvaEquipment::Tether))
    }

    /// The defaults this situation assumed, in words, for the report: the
    /// figures neither the scenario nor (for `check`) anything else gave.
    pub fn assumed(&self) -> Vec<String> {
        let mut out = Vec::new();
        let count =
            |f: &Figure<'_, u32>| f.value().map_or("unknown".to_string(), |n| n.to_string());
        let name = |v: &Vehicle| crate::text::escape_for_terminal(&v.name);
        if !self.crew.from_scenario {
            out.push(format!(
                "the crew to rescue is {}'s nominal crew ({}, crew.nominal)",
                name(self.distressed),
                count(&self.crew)
            ));
        }
        if !self.rescuer_crew.from_scenario {
            out.push(format!(
                "{} flies its nominal crew ({}, crew.nominal)",
                name(self.rescuer),
                count(&self.rescuer_crew)
            ));
        }
        if !self.seats.from_scenario {
            out.push(format!(
                "{} has its installed seats ({}, crew.seats)",
                name(self.rescuer),
                count(&self.seats)
            ));
        }
        let carries = self
            .doc()
            .and_then(|d| d.rescuer.as_ref())
            .map(|r| &r.carries);
        let carries_nothing = carries.is_none_or(|c| {
            c.suits.is_empty()
                && !c.seat_liners.is_written()
                && !c.o2_mass.is_written()
                && !c.co2_scrubbing_capacity.is_written()
                && !c.adapters.is_written()
                && !c.eva_equipment.is_written()
        });
        if carries_nothing {
            out.push("nothing is carried up: no suits, seat liners, consumables or adapters beyond each vehicle's own".into());
        }
        if !self.scenario.is_some_and(Scenario::places_crew) {
            match self.location {
                Location::FreeFlying => out.push(
                    "the crew is free-flying in their own vehicle, at no station".into(),
                ),
                Location::AtStation { station, .. } => out.push(format!(
                    "the crew is docked at {}, where {} usually is (vehicle.home_station), reachable through it",
                    name(station),
                    name(self.distressed)
                )),
            }
        }
        if self.cabin_pressurized().is_none() {
            out.push("the crew's cabin holds pressure".into());
        }
        let eva = self.doc().map(|d| &d.transfer.eva);
        if !self.modes().contains(crate::rules::Mode::Eva) {
            return out;
        }
        let mut eva_defaults: Vec<&str> = Vec::new();
        if eva.is_none_or(|e| !e.crossing.is_written()) {
            eva_defaults.push(match self.eva_crossing() {
                EvaCrossing::WithHelp => "a rescuer crew member goes out to help",
                _ => "the crew crosses alone",
            });
        }
        if eva.is_none_or(|e| !e.crossings_per_suit.is_written()) {
            eva_defaults.push("one suit per crossing");
        }
        if eva.is_none_or(|e| !e.hold.is_written()) {
            eva_defaults.push("the rescuer keeps station beside the crew's vehicle");
        }
        if !eva_defaults.is_empty() {
            out.push(format!("in an EVA crossing {}", eva_defaults.join(", ")));
        }
        out
    }
}

/// The situation of a scenario file.
pub(super) fn from_scenario(scenario: &Scenario) -> Situation<'_> {
    Situation::template(scenario, &scenario.rescuer, &scenario.distressed, None)
}

impl<'a> Situation<'a> {
    /// `scenario`'s figures applied to the pair `rescuer`, `distressed`
    /// (`matrix --scenario` runs every cell so): what the scenario gives
    /// overrides the pair's defaults, what it leaves out stays the pair's
    /// default (its vehicles' nominal crews and seats; the crew at `home`
    /// when the scenario names no location). A station that is one of the
    /// pair is no place to be docked at: the crew is free-flying then. No
    /// vehicle is cloned.
    pub fn template(
        scenario: &'a Scenario,
        rescuer: &'a Vehicle,
        distressed: &'a Vehicle,
        home: Option<&'a Vehicle>,
    ) -> Self {
        let nominal = Situation::nominal(rescuer, distressed);
        let from = |field, party, path| Figure {
            field,
            party,
            path,
            file: &scenario.file,
            from_scenario: true,
        };
        let distressed_doc = scenario.doc.distressed.as_ref();
        let rescuer_doc = scenario.doc.rescuer.as_ref();
        let crew = match distressed_doc {
            Some(d) if d.crew.is_written() => from(&d.crew, Party::Distressed, "distressed.crew"),
            _ => nominal.crew,
        };
        let rescuer_crew = match rescuer_doc {
            Some(r) if r.crew.is_written() => from(&r.crew, Party::Rescuer, "rescuer.crew"),
            _ => nominal.rescuer_crew,
        };
        let seats = match rescuer_doc {
            Some(r) if r.seats.is_written() => from(&r.seats, Party::Rescuer, "rescuer.seats"),
            _ => nominal.seats,
        };
        // A station that is one of the pair is no place to be docked at:
        // the pair's default then.
        let one_of_pair = |s: &Vehicle| s.id == rescuer.id || s.id == distressed.id;
        let at_home = home.map(|h| (h, None));
        let station = match &scenario.station {
            Some((station, _)) if one_of_pair(station) => at_home,
            Some((station, port)) => Some((station, *port)),
            None if scenario.places_crew() => None,
            None => at_home,
        };
        let location = match station {
            Some((station, port)) if !one_of_pair(station) => Location::AtStation { station, port },
            _ => Location::FreeFlying,
        };
        Situation {
            crew,
            rescuer_crew,
            seats,
            location,
            scenario: Some(scenario),
            ..nominal
        }
    }
}
