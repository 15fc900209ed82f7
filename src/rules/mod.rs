//! The rule registry.
//!
//! Each rule lives in its own file under `src/rules/<phase>/` and declares a
//! [`Rule`]: its id, name, phase, modes, default severity, symmetry,
//! reference, documentation in fixed sections, and its check. The registry
//! ([`registry`]) is the one source of truth for `check`, `rules`, `explain`
//! and the pages under `docs/rules/` (kept current by a test).
//!
//! To add a rule: copy a rule file of the same phase, give it the next id,
//! add it to its phase's `RULES` list, add `tests/rules/<ID>/` fixtures, and
//! run `UPDATE_DOCS=1 cargo test --test registry` to write its doc page.

pub mod approach;
pub mod contact;
pub mod docs;
pub mod mate;
pub mod reach;
pub mod r#return;
pub mod sustain;
pub mod transfer;

use std::fmt;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::spec::{Field, FieldValue, SourceFile, Span, Vehicle};
use crate::units::Kind;

/// Version of the rule set; reports record it. Bump when a rule is added,
/// removed, or changes what it decides.
pub const RULESET_VERSION: &str = "2026.12.3";

/// The phases of a rescue, in the order a rescue meets them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Can the rescuer get to the crew, in time?
    Reach,
    /// Can the two crews and their controls talk?
    Contact,
    /// Can the rescuer find and approach the target?
    Approach,
    /// Can they dock or berth?
    Mate,
    /// Can the crew cross?
    Transfer,
    /// Can the rescuer keep them alive?
    Sustain,
    /// Can the rescuer bring them home?
    Return,
}

impl Phase {
    pub const ALL: [Phase; PHASES] = [
        Phase::Reach,
        Phase::Contact,
        Phase::Approach,
        Phase::Mate,
        Phase::Transfer,
        Phase::Sustain,
        Phase::Return,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Reach => "reach",
            Phase::Contact => "contact",
            Phase::Approach => "approach",
            Phase::Mate => "mate",
            Phase::Transfer => "transfer",
            Phase::Sustain => "sustain",
            Phase::Return => "return",
        }
    }

    pub fn question(self) -> &'static str {
        match self {
            Phase::Reach => "can the rescuer get to the crew before their time runs out?",
            Phase::Contact => "can the two crews and their controls talk?",
            Phase::Approach => "can the rescuer find and approach the target?",
            Phase::Mate => "can they dock or berth?",
            Phase::Transfer => "can the crew cross?",
            Phase::Sustain => "can the rescuer keep them alive?",
            Phase::Return => "can the rescuer bring them home?",
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a rescue reaches a phase: crew crossing a docked hatch between the
/// two vehicles, crossing through a station both vehicles dock to (Soyuz
/// MS-23 to the ISS for the MS-22 crew, 2023), or an EVA between vehicles
/// that cannot dock (as Soyuz 4 and 5 did in 1969).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Docked,
    /// Through a station: the rescuer docks to the station the crew is at,
    /// and the crew crosses through it. Judged leg by leg with the rules of
    /// a docked transfer (the path machinery of `plan`).
    ViaStation,
    Eva,
}

impl Mode {
    pub const ALL: [Mode; MODES] = [Mode::Docked, Mode::ViaStation, Mode::Eva];
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Docked => "docked",
            Mode::ViaStation => "via_station",
            Mode::Eva => "eva",
        }
    }

    /// "docked transfer", "eva transfer": how a report names the mode.
    pub fn transfer(self) -> &'static str {
        match self {
            Mode::Docked => "docked transfer",
            Mode::ViaStation => "transfer through a station",
            Mode::Eva => "EVA transfer",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How many modes there are: tables indexed by `Mode as usize` have this
/// length, so a new mode is one more variant and one more entry in
/// [`Mode::ALL`].
pub const MODES: usize = 3;

/// How many phases there are (tables indexed by `Phase as usize`).
pub const PHASES: usize = 7;

/// Rules that apply whichever way the crew crosses.
pub const ANY_MODE: &[Mode] = &[Mode::Docked, Mode::ViaStation, Mode::Eva];
/// Rules that apply only to a transfer through docked hatches (directly or
/// through a station).
pub const DOCKED: &[Mode] = &[Mode::Docked, Mode::ViaStation];
/// Rules that apply only to an EVA transfer.
pub const EVA: &[Mode] = &[Mode::Eva];

/// A set of modes, without allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct ModeSet(u8);

impl ModeSet {
    pub const EMPTY: ModeSet = ModeSet(0);
    pub const ALL: ModeSet = ModeSet(0b111);

    fn bit(mode: Mode) -> u8 {
        1 << (mode as u8)
    }
    pub fn of(modes: &[Mode]) -> Self {
        modes.iter().fold(ModeSet::EMPTY, |set, m| set.with(*m))
    }
    pub fn contains(self, mode: Mode) -> bool {
        self.0 & Self::bit(mode) != 0
    }
    #[must_use]
    pub fn with(self, mode: Mode) -> Self {
        ModeSet(self.0 | Self::bit(mode))
    }
    #[must_use]
    pub fn without(self, mode: Mode) -> Self {
        ModeSet(self.0 & !Self::bit(mode))
    }
    #[must_use]
    pub fn intersect(self, other: ModeSet) -> Self {
        ModeSet(self.0 & other.0)
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// The modes, in [`Mode::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Mode> {
        Mode::ALL.into_iter().filter(move |m| self.contains(*m))
    }
}

/// How bad a finding is. Ordered from least to most severe: `unknown` sits
/// just below `blocking` because missing data may hide a blocker.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; margins thin.
    Advisory,
    /// Feasible given a stated procedure, time, adapter or equipment.
    Conditional,
    /// The specs do not hold the data to decide.
    Unknown,
    /// The rescue cannot happen with the hardware as specified.
    Blocking,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Advisory,
        Severity::Conditional,
        Severity::Unknown,
        Severity::Blocking,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Advisory => "advisory",
            Severity::Conditional => "conditional",
            Severity::Unknown => "unknown",
            Severity::Blocking => "blocking",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule's documentation, in fixed sections.
#[derive(Debug, Clone, Copy)]
pub struct RuleDocs {
    pub what_it_checks: &'static str,
    pub why_it_blocks: &'static str,
    pub example: &'static str,
    pub how_to_resolve: &'static str,
    /// Within what two values count as the same, and why ("none" when
    /// values are compared as written).
    pub tolerances: &'static str,
}

/// One rule: its metadata, documentation and check.
pub struct Rule {
    /// Stable id, `PHASE-NNN`. Never reused.
    pub id: &'static str,
    /// Kebab-case name.
    pub name: &'static str,
    pub phase: Phase,
    /// Modes of rescue the rule applies to.
    pub modes: &'static [Mode],
    /// The severity of its most serious finding.
    pub default_severity: Severity,
    /// Whether the rule decides the same in both directions of a pair.
    pub symmetric: bool,
    /// The standard, clause or published source behind its limit.
    pub reference: &'static str,
    /// One line: what it checks.
    pub summary: &'static str,
    pub docs: RuleDocs,
    pub check: fn(&Context<'_>, &mut Sink),
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rule({})", self.id)
    }
}

/// Every rule, in phase order.
pub fn registry() -> Vec<&'static Rule> {
    all().to_vec()
}

/// Every rule, in registry order, built once: the fleet matrix runs the
/// registry a million times and must not allocate it per pair.
pub fn all() -> &'static [&'static Rule] {
    static ALL: std::sync::OnceLock<Vec<&'static Rule>> = std::sync::OnceLock::new();
    ALL.get_or_init(build_registry)
}

fn build_registry() -> Vec<&'static Rule> {
    let mut rules: Vec<&'static Rule> = Vec::new();
    rules.extend_from_slice(reach::RULES);
    rules.extend_from_slice(contact::RULES);
    rules.extend_from_slice(approach::RULES);
    rules.extend_from_slice(mate::RULES);
    rules.extend_from_slice(transfer::RULES);
    rules.extend_from_slice(sustain::RULES);
    rules.extend_from_slice(r#return::RULES);
    rules
}

/// Looks a rule up by id (case-insensitive) or name.
pub fn find(id_or_name: &str) -> Option<&'static Rule> {
    all()
        .iter()
        .copied()
        .find(|r| r.id.eq_ignore_ascii_case(id_or_name) || r.name == id_or_name)
}

// ---------------------------------------------------------------------------
// What a rule sees and produces.

/// Which side of a direction a field belongs to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// The vehicle coming to help.
    Rescuer,
    /// The vehicle whose crew needs rescue.
    Distressed,
}

/// Options that tune the checks.
#[derive(Debug, Clone)]
pub struct Options {
    /// Distance for link budgets.
    pub range: uom::si::f64::Length,
    /// Allowance for blockage and multipath in a link budget, used when
    /// neither radio of a link sets its own `blockage_allowance`.
    pub blockage_allowance: crate::decibel::Decibels,
    /// Closing speed at which receivers' Doppler tolerance is checked.
    pub closing_speed: uom::si::f64::Velocity,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            // Proximity operations: the distance at which Dragon and HTV
            // acquire the station's proximity link (23 km, comms.md §3.4).
            range: uom::si::f64::Length::new::<uom::si::length::kilometer>(23.0),
            // The miscellaneous loss of the worked UHF budget (comms.md
            // §3.3, an assumption there too); raise it for a cluttered
            // structure such as the ISS.
            blockage_allowance: crate::decibel::Decibels::new(3.0),
            // Assumed proximity-operations closing speed, not a published
            // figure: an upper bound for a chaser inside the 23 km range.
            closing_speed: uom::si::f64::Velocity::new::<uom::si::velocity::meter_per_second>(10.0),
        }
    }
}

/// The environment every check shares: data files and options.
#[derive(Debug, Clone)]
pub struct Environment {
    /// Which docking standards mate: the `interface-standards.toml` beside
    /// the specs, else the bundled file.
    pub standards: Arc<crate::spec::Standards>,
    pub options: Options,
    /// Adapter specs (kind `adapter`, two ports) that could bridge two
    /// vehicles whose ports do not mate. Defaults to the bundled
    /// `specs/adapters/` library.
    pub adapters: Arc<[Vehicle]>,
    /// The passage each way of crossing a docked hatch needs (MATE-003).
    /// Defaults to the bundled `specs/crew-envelopes.toml`.
    pub crew_envelopes: Arc<[mate::crew_envelopes::CrewEnvelope]>,
    /// Data files read besides the specs (a `crew-envelopes.toml` beside
    /// them): reports name them with their SHA-256, as they do the specs.
    pub data_files: Vec<Arc<crate::spec::SourceFile>>,
    /// The flown events rules consult where a value is unknown: the
    /// `flight-record.toml` beside the specs, else the bundled record.
    pub record: Arc<crate::record::FlightRecord>,
}

impl Default for Environment {
    fn default() -> Self {
        Environment {
            standards: crate::spec::Standards::bundled_shared(),
            options: Options::default(),
            adapters: mate::adapters::bundled(),
            crew_envelopes: mate::crew_envelopes::bundled().into(),
            data_files: Vec::new(),
            record: crate::record::FlightRecord::bundled_shared(),
        }
    }
}

/// One direction of a pair, as a rule sees it.
///
/// `rescuer` and `distressed` are the two vehicles whose interfaces meet in
/// this check: the scenario's two vehicles, or, through a station, one leg
/// of the path (the rescuer docking to the station, the crew crossing from
/// the station). What the rescue is about (the crew to rescue, the
/// rescuer's crew, the suits aboard) is read from `situation`, never from a
/// vehicle's nominal figures.
pub struct Context<'a> {
    pub rescuer: &'a Vehicle,
    pub distressed: &'a Vehicle,
    /// The resolved scenario: who is rescued, by whom, with what.
    pub situation: crate::scenario::Situation<'a>,
    pub env: &'a Environment,
    /// The direction's matings, computed once and shared by the rules built
    /// on a mated pair (see [`mate::pairing::shared_matings`]).
    pub pairing: mate::pairing::PairingCache<'a>,
    /// Every radio of the rescuer against every radio of the distressed
    /// vehicle, computed once for the contact rules (see
    /// [`contact::channel::shared_pairings`]).
    pub radio_pairings: crate::spec::field::Derived<Vec<contact::channel::Pairing<'a>>>,
}

impl<'a> Context<'a> {
    /// One direction of the default scenario: `rescuer` helps
    /// `distressed`'s nominal crew, nothing carried, free-flying.
    pub fn new(rescuer: &'a Vehicle, distressed: &'a Vehicle, env: &'a Environment) -> Self {
        Context::in_situation(
            rescuer,
            distressed,
            crate::scenario::Situation::nominal(rescuer, distressed),
            env,
        )
    }

    /// The vehicles `rescuer` and `distressed` meeting in `situation`
    /// (its own two vehicles, or one leg of a path through a station).
    pub fn in_situation(
        rescuer: &'a Vehicle,
        distressed: &'a Vehicle,
        situation: crate::scenario::Situation<'a>,
        env: &'a Environment,
    ) -> Self {
        Context {
            rescuer,
            distressed,
            situation,
            env,
            pairing: mate::pairing::PairingCache::default(),
            radio_pairings: crate::spec::field::Derived::default(),
        }
    }

    /// Whether this context is the direction itself (the scenario's
    /// rescuer and distressed vehicle), not a leg of a path through
    /// another vehicle.
    pub fn is_direct(&self) -> bool {
        std::ptr::eq(self.rescuer, self.situation.rescuer)
            && std::ptr::eq(self.distressed, self.situation.distressed)
    }

    pub fn vehicle(&self, party: Party) -> &'a Vehicle {
        match party {
            Party::Rescuer => self.rescuer,
            Party::Distressed => self.distressed,
        }
    }
}

/// What a piece of evidence is in a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceRole {
    /// A value compared.
    Value,
    /// The limit it was compared against.
    Limit,
    /// By how much it passes (positive) or fails (negative).
    Margin,
}

/// A measured or computed value.
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    Quantity {
        kind: Kind,
        si: f64,
    },
    /// A dimensionless number with a unit label ("dB", "" for a ratio).
    Number {
        value: f64,
        unit: &'static str,
    },
    Count(i64),
    Text(String),
}

impl Measure {
    pub fn of<Q: crate::spec::Quantity>(q: Q) -> Self {
        Measure::Quantity {
            kind: Q::KIND,
            si: q.si(),
        }
    }

    /// The value as a report prints it.
    pub fn display(&self) -> String {
        match self {
            Measure::Quantity { kind, si } => kind.format_si(*si),
            Measure::Number { value, unit: "" } => crate::units::format_number(*value),
            Measure::Number { value, unit } => {
                format!("{} {unit}", crate::units::format_number(*value))
            }
            Measure::Count(n) => n.to_string(),
            Measure::Text(t) => crate::text::escape_for_terminal(t),
        }
    }
}

/// One piece of evidence: a labelled value.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub label: String,
    pub role: EvidenceRole,
    pub value: Measure,
}

impl Evidence {
    pub fn value(label: impl Into<String>, value: Measure) -> Self {
        Evidence {
            label: label.into(),
            role: EvidenceRole::Value,
            value,
        }
    }
    pub fn limit(label: impl Into<String>, value: Measure) -> Self {
        Evidence {
            label: label.into(),
            role: EvidenceRole::Limit,
            value,
        }
    }
    pub fn margin(label: impl Into<String>, value: Measure) -> Self {
        Evidence {
            label: label.into(),
            role: EvidenceRole::Margin,
            value,
        }
    }
}

/// A spec field a finding came from.
#[derive(Debug, Clone)]
pub struct FieldRef {
    pub party: Party,
    /// Path in the spec: `ports[forward].standard`.
    pub path: String,
    pub span: Option<Span>,
    /// The file, when not the vehicle's own (a suit file).
    pub file: Option<Arc<SourceFile>>,
}

impl FieldRef {
    pub fn new<T>(party: Party, path: impl Into<String>, field: &Field<T>) -> Self {
        FieldRef {
            party,
            path: path.into(),
            span: field.span,
            file: None,
        }
    }

    /// A field of a suit that may live in its own file.
    pub fn in_file<T>(
        party: Party,
        path: impl Into<String>,
        field: &Field<T>,
        file: Option<&Arc<SourceFile>>,
    ) -> Self {
        FieldRef {
            party,
            path: path.into(),
            span: field.span,
            file: file.cloned(),
        }
    }
}

/// A flown event a finding cites: "demonstrated: Soyuz MS-23: soyuz-ms
/// port forward docked to iss port poisk, 26 Feb 2023 [MS23]".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RecordCitation {
    /// The event's id in the flight record.
    pub event: String,
    pub mission: String,
    /// The UTC day, or the window the source allows.
    pub date: String,
    /// The source key (docs/sources.md).
    pub source: String,
    /// The line a report prints.
    pub evidence: String,
}

impl RecordCitation {
    pub fn of(event: &crate::record::Event) -> Self {
        let text = |f: &Field<String>| {
            f.get()
                .map_or_else(|| "?".to_string(), |s| crate::text::escape_for_terminal(s))
        };
        RecordCitation {
            event: text(&event.id),
            mission: text(&event.mission),
            date: event
                .date
                .get()
                .map_or_else(|| "?".to_string(), ToString::to_string),
            source: text(&event.source),
            evidence: event.evidence(),
        }
    }
}

/// A finding as a rule builds it; the engine adds rule, phase and direction.
#[derive(Debug, Clone, Default)]
pub struct FindingBody {
    pub message: String,
    /// The flown events that decided a finding the data left unknown
    /// ([`Sink::emit_unknown_unless_flown`]); empty for a finding decided
    /// on data.
    pub record: Vec<RecordCitation>,
    pub evidence: Vec<Evidence>,
    pub fields: Vec<FieldRef>,
    pub mitigation: Option<String>,
    /// The fixes the mitigation proposes, as changes to the specs, when
    /// they are numbers computed from the figures (so many fewer crew, so
    /// many more seats): each, applied, removes the finding
    /// (tests/fixes_properties.rs holds the rules to it).
    pub fixes: Vec<Fix>,
}

/// One way to resolve a finding: what the report says, and the changes to
/// the two specs that say it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    pub description: String,
    pub changes: Vec<SpecChange>,
}

/// A change a fix proposes to one side's spec.
#[derive(Debug, Clone, PartialEq)]
pub enum SpecChange {
    /// Fly with this many crew (`crew.nominal`; zero is uncrewed).
    Crew { party: Party, to: u32 },
    /// Fit this many seats (`crew.seats`), never more than `crew.max_seats`;
    /// a rover carries this many aboard (`mobility.crew`), never more than
    /// `mobility.emergency_crew`.
    Seats { party: Party, to: u32 },
    /// Fit this many more suit oxygen outlets.
    SuitOutlets { party: Party, add: u32 },
    /// Carry this many more EVA suits lasting at least `endurance`.
    EvaSuits {
        party: Party,
        add: u32,
        endurance: uom::si::f64::Time,
    },
}

impl SpecChange {
    /// Applies the change to copies of a direction's two vehicles.
    pub fn apply(&self, rescuer: &mut Vehicle, distressed: &mut Vehicle) {
        let side = |party: Party| party == Party::Rescuer;
        match self {
            SpecChange::Crew { party, to } => {
                let v = if side(*party) { rescuer } else { distressed };
                v.crew.nominal = Field::known(*to);
            }
            SpecChange::Seats { party, to } => {
                let v = if side(*party) { rescuer } else { distressed };
                if v.kind == crate::spec::VehicleKind::Rover {
                    v.mobility.crew = Field::known(*to);
                } else {
                    v.crew.seats = Field::known(*to);
                }
            }
            SpecChange::SuitOutlets { party, add } => {
                let v = if side(*party) { rescuer } else { distressed };
                let connector = v
                    .oxygen_outlets
                    .iter()
                    .find_map(|o| o.connector.get().cloned());
                v.oxygen_outlets.push(crate::spec::OxygenOutlet {
                    id: Field::known("added-suit-outlets".into()),
                    purpose: Field::known(crate::spec::OutletPurpose::Suit),
                    connector: connector.map_or_else(Field::default, Field::known),
                    count: Field::known(*add),
                    ..crate::spec::OxygenOutlet::default()
                });
            }
            SpecChange::EvaSuits {
                party,
                add,
                endurance,
            } => {
                let v = if side(*party) { rescuer } else { distressed };
                v.suits.push(crate::spec::CarriedSuit {
                    id: "added-eva-suits".into(),
                    count: Field::known(*add),
                    suit: crate::spec::SuitDefinition {
                        class: Field::known(crate::spec::SuitClasses::of(&[
                            crate::spec::SuitClass::Eva,
                        ])),
                        self_contained_endurance: Field::known(*endurance),
                        ..crate::spec::SuitDefinition::default()
                    },
                    file: None,
                });
            }
        }
    }
}

impl FindingBody {
    pub fn new(message: impl Into<String>) -> Self {
        FindingBody {
            message: message.into(),
            ..FindingBody::default()
        }
    }
    pub fn evidence(mut self, e: Evidence) -> Self {
        self.evidence.push(e);
        self
    }
    pub fn field(mut self, f: FieldRef) -> Self {
        self.fields.push(f);
        self
    }
    /// Adds the fields given (none for `None`).
    pub fn fields_from(mut self, fields: impl IntoIterator<Item = FieldRef>) -> Self {
        self.fields.extend(fields);
        self
    }
    pub fn mitigation(mut self, m: impl Into<String>) -> Self {
        self.mitigation = Some(m.into());
        self
    }

    /// The mitigation as alternative fixes ("...; or ..."), each with the
    /// spec changes it proposes.
    pub fn fixes(mut self, fixes: Vec<Fix>) -> Self {
        let texts: Vec<&str> = fixes.iter().map(|f| f.description.as_str()).collect();
        if !texts.is_empty() {
            self.mitigation = Some(texts.join("; or "));
        }
        self.fixes = fixes;
        self
    }

    /// One more way out, in words only (no spec change says it: "make the
    /// transfer docked").
    pub fn or_else(mut self, text: impl Into<String>) -> Self {
        let text = text.into();
        self.mitigation = Some(match self.mitigation.take() {
            Some(m) => format!("{m}; or {text}"),
            None => text,
        });
        self
    }
}

/// A finding of one rule in one direction.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static Rule,
    /// The severity it counts at: the rule's, or a project's override of it.
    pub severity: Severity,
    /// The severity the rule found, before any override.
    pub found: Severity,
    pub body: FindingBody,
    /// Whether the rule read a field marked `restricted = true` while it
    /// judged this direction: the finding's values may be derived from it,
    /// and a share-safe report withholds them.
    pub reads_restricted: bool,
    /// The modes the finding counts for.
    pub modes: ModeSet,
    /// The leg of a path it was found on (a docking to a station, a
    /// crossing through it), when not between the direction's own two
    /// vehicles.
    pub leg: Option<Arc<Leg>>,
}

/// One leg of a path through a station or a carried adapter: the two
/// vehicles whose interfaces met there, as the rules saw them.
#[derive(Debug, Clone)]
pub struct Leg {
    /// What the leg judges: "Crew Dragon docks to International Space
    /// Station".
    pub description: String,
    /// The vehicle the rules saw as the rescuer, and as the distressed one.
    pub vehicles: [LegVehicle; 2],
}

/// A vehicle of a leg.
#[derive(Debug, Clone)]
pub struct LegVehicle {
    pub id: String,
    pub name: String,
    pub file: Arc<SourceFile>,
}

impl LegVehicle {
    pub fn of(vehicle: &Vehicle) -> Self {
        LegVehicle {
            id: vehicle.id.clone(),
            name: vehicle.name.clone(),
            file: vehicle.file.clone(),
        }
    }
}

impl Leg {
    /// The leg's vehicle for a party.
    pub fn vehicle(&self, party: Party) -> &LegVehicle {
        let [rescuer, distressed] = &self.vehicles;
        match party {
            Party::Rescuer => rescuer,
            Party::Distressed => distressed,
        }
    }
}

/// Which modes a sink records findings for.
#[derive(Debug, Clone, Copy)]
enum Scope {
    /// A rule's findings count for the modes it applies to, among these.
    Modes(ModeSet),
    /// A leg of one mode's path: findings of rules that apply to the mode
    /// count for it alone.
    Leg(Mode),
}

/// A project's severities for some rules (the `[rules]` table of
/// `rescue-interop.toml`): a rule's findings count at the overridden
/// severity everywhere a verdict is computed (check, matrix, plan, diff).
/// Fixed-size and `Copy`, so a fleet matrix carries it into every cell
/// without allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeverityOverrides {
    /// By the rule's index in [`all`].
    by_rule: [Option<Severity>; MAX_RULES],
    any: bool,
}

/// The most rules the fixed-size tables hold (the fleet matrix's bit sets
/// are `u128`).
pub const MAX_RULES: usize = 128;

impl Default for SeverityOverrides {
    fn default() -> Self {
        SeverityOverrides {
            by_rule: [None; MAX_RULES],
            any: false,
        }
    }
}

impl SeverityOverrides {
    /// Overrides by rule id (case-insensitive) or name; an id the registry
    /// does not know is returned as the error.
    pub fn from_ids<'a>(
        pairs: impl IntoIterator<Item = (&'a str, Severity)>,
    ) -> Result<Self, String> {
        let mut overrides = SeverityOverrides::default();
        for (id, severity) in pairs {
            let index = find(id)
                .and_then(|rule| all().iter().position(|r| std::ptr::eq(*r, rule)))
                .filter(|i| *i < MAX_RULES)
                .ok_or_else(|| id.to_string())?;
            if let Some(slot) = overrides.by_rule.get_mut(index) {
                *slot = Some(severity);
                overrides.any = true;
            }
        }
        Ok(overrides)
    }

    /// The severity this project gives `rule`'s findings, when overridden.
    pub fn get(&self, rule: &'static Rule) -> Option<Severity> {
        if !self.any {
            return None;
        }
        let index = all().iter().position(|r| std::ptr::eq(*r, rule))?;
        self.by_rule.get(index).copied().flatten()
    }

    pub fn is_empty(&self) -> bool {
        !self.any
    }
}

/// Where a rule's findings go. Counting sinks (fleet matrices) never call
/// the builder, so findings are only formatted when someone will read them.
pub struct Sink {
    collect: bool,
    current: Option<&'static Rule>,
    /// The modes the current rule's findings count for, under the scope:
    /// computed at the rule's first finding (most rules of a fleet
    /// matrix's cell emit none), then kept for the rule's others.
    current_modes: Option<ModeSet>,
    /// The project's severity for the current rule, when overridden.
    current_override: Option<Severity>,
    overrides: SeverityOverrides,
    findings: Vec<Finding>,
    scope: Scope,
    /// The leg findings are made on, when collecting.
    leg: Option<Arc<Leg>>,
    /// Findings and evaluations by phase and mode: what verdicts are
    /// computed from.
    tally: Tally,
    /// Findings per phase and severity (advisory .. blocking), each once
    /// whatever its modes.
    phase_counts: [[u32; 4]; PHASES],
    evaluations: u32,
    /// Evaluations per phase (rules that had something to decide).
    phase_evaluations: [u32; PHASES],
    undetermined: u32,
    /// Evaluations that would have ended unknown, decided by the flight
    /// record instead.
    by_record: u32,
    current_undetermined: bool,
    current_by_record: bool,
    current_applicable: bool,
    /// A collecting sink's watch on restricted reads during the current
    /// rule: the outer scope's state, and the first finding of the rule.
    restricted_scope: Option<(bool, usize)>,
}

/// Findings by phase, mode and severity, and rule evaluations by phase and
/// mode: a finding or an evaluation counts for every mode its rule applies
/// to. Verdicts and phase states are computed from a tally alone
/// ([`crate::check::RuleSetShape::judge`]), whether it was counted by a
/// sink or rebuilt from a report's findings that are not waived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// `counts[phase][mode][severity]`, severity from advisory to blocking.
    pub counts: [[[u32; 4]; MODES]; PHASES],
    /// `evaluations[phase][mode]`.
    pub evaluations: [[u32; MODES]; PHASES],
}

impl Tally {
    /// Counts one finding of `rule` at `severity`.
    pub fn add(&mut self, phase: Phase, modes: ModeSet, severity: Severity) {
        if let Some(by_mode) = self.counts.get_mut(phase as usize) {
            for mode in modes.iter() {
                if let Some(n) = by_mode
                    .get_mut(mode as usize)
                    .and_then(|c| c.get_mut(severity as usize))
                {
                    *n += 1;
                }
            }
        }
    }

    /// Findings of a phase in a mode, by severity (advisory .. blocking).
    pub fn counts(&self, phase: Phase, mode: Mode) -> [u32; 4] {
        self.counts
            .get(phase as usize)
            .and_then(|m| m.get(mode as usize))
            .copied()
            .unwrap_or([0; 4])
    }

    /// The worst severity found in a phase for a mode.
    pub fn worst(&self, phase: Phase, mode: Mode) -> Option<Severity> {
        let counts = self.counts(phase, mode);
        Severity::ALL
            .into_iter()
            .rev()
            .find(|s| counts.get(*s as usize).is_some_and(|n| *n > 0))
    }

    /// Rule evaluations of a phase for a mode.
    pub fn evaluations(&self, phase: Phase, mode: Mode) -> u32 {
        self.evaluations
            .get(phase as usize)
            .and_then(|m| m.get(mode as usize))
            .copied()
            .unwrap_or(0)
    }

    /// The same evaluations, with the findings counted afresh (a report's
    /// findings that are not waived).
    pub fn without_findings(&self) -> Tally {
        Tally {
            counts: [[[0; 4]; MODES]; PHASES],
            evaluations: self.evaluations,
        }
    }
}

impl Sink {
    /// A sink that keeps every finding.
    pub fn collecting() -> Self {
        Sink::new(true)
    }

    /// A sink that only counts severities.
    pub fn counting() -> Self {
        Sink::new(false)
    }

    fn new(collect: bool) -> Self {
        Sink {
            collect,
            current: None,
            current_modes: None,
            current_override: None,
            overrides: SeverityOverrides::default(),
            findings: Vec::new(),
            scope: Scope::Modes(ModeSet::ALL),
            leg: None,
            tally: Tally::default(),
            phase_counts: [[0; 4]; PHASES],
            evaluations: 0,
            phase_evaluations: [0; PHASES],
            undetermined: 0,
            by_record: 0,
            current_undetermined: false,
            current_by_record: false,
            current_applicable: true,
            restricted_scope: None,
        }
    }

    /// Whether the sink keeps findings (not only counts).
    pub fn is_collecting(&self) -> bool {
        self.collect
    }

    /// From now on, record findings for the modes of `modes` their rules
    /// apply to (the direction's own two vehicles).
    pub(crate) fn record_modes(&mut self, modes: ModeSet) {
        self.scope = Scope::Modes(modes);
        self.leg = None;
        self.rescope();
    }

    /// From now on, record findings as made on a leg of `mode`'s path:
    /// they count for that mode alone. `leg` names the leg's vehicles
    /// (needed only when collecting).
    pub(crate) fn record_leg(&mut self, mode: Mode, leg: Option<Arc<Leg>>) {
        self.scope = Scope::Leg(mode);
        self.leg = leg;
        self.rescope();
    }

    /// The current rule's modes under a changed scope.
    fn rescope(&mut self) {
        self.current_modes = None;
    }

    /// The modes a finding of `rule` counts for under the current scope.
    fn modes_for(&self, rule: &Rule) -> ModeSet {
        match self.scope {
            Scope::Modes(allowed) => ModeSet::of(rule.modes).intersect(allowed),
            Scope::Leg(mode) if rule.modes.contains(&mode) => ModeSet::EMPTY.with(mode),
            Scope::Leg(_) => ModeSet::EMPTY,
        }
    }

    /// Counts every later finding at the project's severity for its rule.
    pub fn with_overrides(mut self, overrides: SeverityOverrides) -> Self {
        self.overrides = overrides;
        self
    }

    pub(crate) fn begin(&mut self, rule: &'static Rule) {
        self.current = Some(rule);
        self.current_modes = None;
        self.current_override = self.overrides.get(rule);
        self.current_undetermined = false;
        self.current_by_record = false;
        self.current_applicable = true;
        // Only kept findings carry values to withhold; counting sinks (the
        // fleet matrix) skip the bookkeeping.
        if self.collect {
            self.restricted_scope = Some((
                crate::spec::field::enter_restricted_scope(),
                self.findings.len(),
            ));
        }
    }

    pub(crate) fn end(&mut self) {
        if let Some((outer, first)) = self.restricted_scope.take() {
            if crate::spec::field::leave_restricted_scope(outer) {
                for finding in self.findings.iter_mut().skip(first) {
                    finding.reads_restricted = true;
                }
            }
        }
        if self.current_applicable {
            self.evaluations += 1;
            if let Some(rule) = self.current {
                if let Some(slot) = self.phase_evaluations.get_mut(rule.phase as usize) {
                    *slot += 1;
                }
                // An evaluation counts for the modes the rule's findings
                // would count for under the scope (a via-station leg's for
                // that mode alone).
                let modes = self.current_modes.unwrap_or_else(|| self.modes_for(rule));
                if let Some(by_mode) = self.tally.evaluations.get_mut(rule.phase as usize) {
                    for mode in modes.iter() {
                        if let Some(n) = by_mode.get_mut(mode as usize) {
                            *n += 1;
                        }
                    }
                }
            }
            if self.current_undetermined {
                self.undetermined += 1;
            } else if self.current_by_record {
                self.by_record += 1;
            }
        }
        self.current = None;
    }

    /// Reports a finding. `build` runs only when findings are kept.
    #[allow(
        clippy::indexing_slicing,
        reason = "fixed-size tables indexed by enum discriminants, never by input"
    )]
    pub fn emit(&mut self, found: Severity, build: impl FnOnce() -> FindingBody) {
        self.record_finding(found, build);
    }

    /// Records a finding; false when it counts for no mode this sink
    /// judges (and so was not recorded).
    #[allow(
        clippy::indexing_slicing,
        reason = "fixed-size tables indexed by enum discriminants, never by input"
    )]
    fn record_finding(&mut self, found: Severity, build: impl FnOnce() -> FindingBody) -> bool {
        let Some(rule) = self.current else {
            return false;
        };
        let modes = match self.current_modes {
            Some(modes) => modes,
            None => {
                let modes = self.modes_for(rule);
                self.current_modes = Some(modes);
                modes
            }
        };
        if modes.is_empty() {
            // Not a finding of any mode this sink judges.
            return false;
        }
        // "Decided on data" reads what the rule found, whatever a project
        // makes of it.
        if found == Severity::Unknown {
            self.current_undetermined = true;
        }
        let severity = self.current_override.unwrap_or(found);
        self.phase_counts[rule.phase as usize][severity as usize] += 1;
        self.tally.add(rule.phase, modes, severity);
        if self.collect {
            self.findings.push(Finding {
                rule,
                severity,
                found,
                body: build(),
                modes,
                leg: self.leg.clone(),
                reads_restricted: false,
            });
        }
        true
    }

    /// Reports a finding the data leave `unknown`, unless the flight record
    /// answers exactly the question: `flown` is the record's answer
    /// (a [`crate::record::FlightRecord`] lookup for the very interface pair
    /// and configuration the rule could not decide). With an event, the
    /// finding is decided by record: an advisory that cites the events and
    /// keeps the fields the data leave unknown. A rule calls this only where
    /// its finding would be unknown, never over a published value that fails.
    pub fn emit_unknown_unless_flown(
        &mut self,
        flown: &[&crate::record::Event],
        build: impl FnOnce() -> FindingBody,
    ) {
        if flown.is_empty() {
            return self.emit(Severity::Unknown, build);
        }
        let recorded = self.record_finding(Severity::Advisory, || {
            let mut body = build();
            let cited: Vec<String> = flown.iter().map(|e| e.evidence()).collect();
            body.message = format!(
                "decided by flight record: {}; demonstrated: {}",
                body.message,
                cited.join("; ")
            );
            body.mitigation = Some(
                "none needed while the spec keeps the fields the event rests on; \
                 publishing the values would decide it on data"
                    .to_string(),
            );
            body.fixes.clear();
            body.record = flown.iter().map(|e| RecordCitation::of(e)).collect();
            body
        });
        self.current_by_record |= recorded;
    }

    /// Marks the finding just emitted as derived from a field marked
    /// `restricted = true` (a plan's procedure setting a cabin pressure
    /// read from the spec): a share-safe report withholds its values.
    pub(crate) fn mark_restricted(&mut self) {
        if let Some(last) = self.findings.last_mut() {
            last.reads_restricted = true;
        }
    }

    /// Says the rule has nothing to decide for this pair (it is not counted
    /// as an evaluation).
    pub fn not_applicable(&mut self) {
        self.current_applicable = false;
    }

    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    /// The worst severity found in a phase for a mode.
    pub fn worst(&self, phase: Phase, mode: Mode) -> Option<Severity> {
        self.tally.worst(phase, mode)
    }

    /// Findings and evaluations by phase and mode.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    #[allow(
        clippy::indexing_slicing,
        reason = "fixed-size tables indexed by enum discriminants, never by input"
    )]
    pub fn count(&self, severity: Severity) -> u32 {
        self.phase_counts
            .iter()
            .map(|by_severity| by_severity[severity as usize])
            .sum()
    }

    /// Findings of one phase, by severity (advisory, conditional, unknown,
    /// blocking).
    pub fn phase_counts(&self, phase: Phase) -> [u32; 4] {
        self.phase_counts
            .get(phase as usize)
            .copied()
            .unwrap_or([0; 4])
    }

    /// Rule evaluations of one phase: zero when every rule of the phase was
    /// not applicable (approach rules when no port pair mates).
    pub fn phase_evaluations(&self, phase: Phase) -> u32 {
        self.phase_evaluations
            .get(phase as usize)
            .copied()
            .unwrap_or(0)
    }

    pub fn evaluations(&self) -> u32 {
        self.evaluations
    }

    pub fn undetermined(&self) -> u32 {
        self.undetermined
    }

    /// Evaluations the data left unknown and the flight record decided.
    pub fn by_record(&self) -> u32 {
        self.by_record
    }
}

/// Runs one rule on one direction and keeps its findings (unit tests of
/// rules).
#[cfg(test)]
pub(crate) fn run_rule(rule: &'static Rule, ctx: &Context<'_>) -> Vec<Finding> {
    let mut sink = Sink::collecting();
    sink.begin(rule);
    (rule.check)(ctx, &mut sink);
    sink.end();
    sink.into_findings()
}

/// Helpers rules share.
pub mod helpers {
    use super::*;

    /// "the rescuer" / "the distressed vehicle", with the vehicle's name.
    pub fn named(ctx: &Context<'_>, party: Party) -> String {
        let v = ctx.vehicle(party);
        crate::text::escape_for_terminal(&v.name)
    }

    /// Whether `vehicle` can fly with a crew of `crew`: with none only when
    /// its spec says it flies uncrewed (a rover: when it can be driven
    /// remotely, `mobility.remote_operation`); with fewer than its nominal crew
    /// only down to its minimum crew. `None` when the spec does not say.
    pub fn can_fly_with(vehicle: &crate::spec::Vehicle, crew: u32) -> Option<bool> {
        let c = &vehicle.crew;
        if crew == 0 {
            // A rover goes without its crew when it can be driven remotely.
            if vehicle.kind == crate::spec::VehicleKind::Rover {
                return vehicle
                    .mobility
                    .remote_operation
                    .value()
                    .or(c.flies_uncrewed.value());
            }
            return c.flies_uncrewed.value();
        }
        if c.nominal.value().is_some_and(|n| crew >= n) {
            return Some(true);
        }
        c.minimum.value().map(|minimum| crew >= minimum)
    }

    /// Of the crews from `most` down to none, the largest `vehicle` is known
    /// to fly with, else the largest it may fly with (its spec does not say),
    /// with the answer; `None` when it flies with none of them.
    pub fn flown_crew_within(
        vehicle: &crate::spec::Vehicle,
        most: u32,
    ) -> Option<(u32, Option<bool>)> {
        let answers = || (0..=most).rev().map(|c| (c, can_fly_with(vehicle, c)));
        answers()
            .find(|(_, ok)| *ok == Some(true))
            .or_else(|| answers().find(|(_, ok)| ok.is_none()))
    }

    /// What a vehicle's spec says about flying with `crew`, for a
    /// condition's wording: "it flies uncrewed (crew.flies_uncrewed)".
    pub fn crew_reason(vehicle: &crate::spec::Vehicle, crew: u32) -> String {
        let name = crate::text::escape_for_terminal(&vehicle.name);
        match (crew, can_fly_with(vehicle, crew)) {
            (0, Some(true)) => format!("{name} flies uncrewed (crew.flies_uncrewed)"),
            (0, _) => format!("whether {name} can fly uncrewed is not given (crew.flies_uncrewed)"),
            (n, Some(true)) => match vehicle.crew.minimum.value() {
                Some(minimum) => format!("{name} flies with as few as {minimum} (crew.minimum)"),
                None => format!("{name} flies with {n} (crew.nominal)"),
            },
            (n, _) => {
                format!("whether {name} can fly with a crew of {n} is not given (crew.minimum)")
            }
        }
    }

    /// Whether either vehicle of the direction is an unpressurized rover:
    /// the rules about mixing two cabins' air do not apply, as one has no
    /// cabin (MATE-001 blocks the docked transfer instead).
    pub fn a_side_has_no_cabin(ctx: &Context<'_>) -> bool {
        ctx.rescuer.is_open_rover() || ctx.distressed.is_open_rover()
    }

    /// Whether the rescuer's seats take no launch or landing loads: a
    /// rover's carry a suited crew over the ground, and a habitat has none
    /// to return in (RETURN-001 decides).
    pub fn seats_bear_no_flight_loads(rescuer: &Vehicle) -> bool {
        matches!(
            rescuer.kind,
            crate::spec::VehicleKind::Rover | crate::spec::VehicleKind::Habitat
        )
    }

    /// A field's path inside a list item named by its id.
    pub fn item_path(list: &str, id: &Field<String>, field: &str) -> String {
        let id = id.get().map(String::as_str).unwrap_or("?");
        format!("{list}[{}].{field}", crate::text::escape_for_terminal(id))
    }

    /// The JSON text of a field's value, for messages about lists.
    pub fn shown<T: FieldValue>(field: &Field<T>) -> String {
        match field.get() {
            Some(v) => match v.to_json() {
                serde_json::Value::String(s) => crate::text::escape_for_terminal(&s),
                other => other.to_string(),
            },
            None => "unknown".into(),
        }
    }
}
