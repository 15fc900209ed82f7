//! The fleet matrix: every ordered pair of a fleet, rows the rescuer,
//! columns the distressed crew.
//!
//! Each cell is one direction of `check`, run with a counting sink so no
//! finding is formatted unless asked for. The summary says which phases
//! block most often and which single rule, if resolved, would unblock the
//! most pairs: a rule counts for a blocked cell when it is the only rule
//! with a blocking finding there.

pub mod json;
pub mod stream;

pub use json::{write_matrix_json, write_matrix_json_with};
pub use stream::{MatrixHead, MatrixRenderer, stream};

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::check::{Selection, VerdictKind, check_situation, run_situation_verdicts};
use crate::report::model::{
    DirectionReport, FileInfo, REPORT_SCHEMA_VERSION, SpecInfo, ToolInfo, build_direction_report,
};
use crate::rules::{Environment, Mode, Phase, Rule, Severity, Sink};
use crate::scenario::{Scenario, Situation};
use crate::spec::Vehicle;

/// How every rendered matrix reads.
pub const ORIENTATION: &str =
    "rows are the rescuing vehicle; columns are the vehicle whose crew is rescued";

/// A fleet matrix report.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "rescue-interop fleet matrix report")]
pub struct MatrixReport {
    /// Layout version of this document.
    pub schema_version: u32,
    pub tool: ToolInfo,
    /// UTC date of the run, YYYY-MM-DD (`RESCUE_INTEROP_DATE` overrides it).
    pub date: String,
    /// How to read the grid.
    pub orientation: String,
    /// The fleet, in row (and column) order; `label` is the vehicle id (a
    /// share-safe report's `S1`, `S2`...).
    pub vehicles: Vec<SpecInfo>,
    /// Every file the matrix read: the specs and the suit files they
    /// reference.
    pub files: Vec<FileInfo>,
    /// The default scenario of each column: where the matrix puts the crew
    /// of each vehicle (free-flying, or docked at its home station when
    /// that station is in the fleet), with each vehicle's nominal crew and
    /// nothing carried.
    pub defaults: Vec<ColumnDefault>,
    /// The scenario whose figures every cell takes (`matrix --scenario`);
    /// absent: each cell's default scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<MatrixScenario>,
    /// Every ordered pair, row by row (rescuer), the diagonal included (a
    /// second vehicle of the same type is the most common real rescuer).
    pub cells: Vec<MatrixCell>,
    pub summary: MatrixSummary,
    /// Whether restricted values were redacted for the other party
    /// (`--share-safe`): vehicles are then labelled `S1`, `S2`... and named
    /// by a keyed digest only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub share_safe: bool,
    /// How a share-safe report's digests and fingerprints are keyed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyed: Option<String>,
}

/// Where a column's crew is, in the matrix's default scenario.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ColumnDefault {
    /// Id of the vehicle whose crew is rescued.
    pub distressed: String,
    /// The id of the station its crew is docked at (its
    /// `vehicle.home_station`, found in the fleet); absent: free-flying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<String>,
    /// In words: "free-flying", "docked at iss (home_station)".
    pub location: String,
}

/// The scenario a matrix applies to every cell (`matrix --scenario`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct MatrixScenario {
    /// The scenario file's id.
    pub id: String,
    pub name: String,
    /// The scenario file, as reports print paths.
    pub file: String,
    /// The figures it sets in every cell, in words; what it leaves out is
    /// each cell's default (nominal crews, the column's home station).
    pub sets: Vec<String>,
}

impl MatrixScenario {
    /// What `scenario` sets in every cell of a matrix.
    pub fn of(scenario: &Scenario) -> Self {
        let doc = &scenario.doc;
        let situation = scenario.situation();
        let statement = crate::report::model::statement(&situation, "", "");
        let mut sets = Vec::new();
        let count = |n: Option<u32>| n.map_or("unknown".to_string(), |n| n.to_string());
        if doc.distressed.as_ref().is_some_and(|d| d.crew.is_written()) {
            sets.push(format!(
                "crew to rescue: {}",
                count(statement.crew_to_rescue)
            ));
        }
        if let Some(r) = &doc.rescuer {
            if r.crew.is_written() {
                sets.push(format!(
                    "the rescuer's crew: {}",
                    count(statement.rescuer_crew)
                ));
            }
            if r.seats.is_written() {
                sets.push(format!(
                    "seats fitted in the rescuer: {}",
                    count(statement.seats)
                ));
            }
        }
        if !situation.people().is_empty() {
            sets.push(format!(
                "the people to rescue: {} described (their suits, languages, body sizes where given)",
                situation.people().len()
            ));
        }
        if scenario.places_crew() {
            sets.push(format!("the crew is {}", statement.location));
        }
        sets.extend(statement.carried.iter().map(|c| format!("carried: {c}")));
        sets.extend(statement.state.iter().cloned());
        if doc.transfer.modes.is_written() {
            let modes: Vec<&str> = statement.modes.iter().map(|m| m.as_str()).collect();
            sets.push(format!("modes of crossing: {}", modes.join(", ")));
        }
        MatrixScenario {
            id: scenario.id.clone(),
            name: scenario.name.clone(),
            file: crate::report::display_path(&scenario.file),
            sets,
        }
    }
}

/// Each vehicle's home station as a position in the fleet: computed once
/// per matrix, so a cell's default scenario costs no lookup by id.
#[derive(Debug, Clone)]
pub struct HomeStations(Vec<Option<usize>>);

impl HomeStations {
    /// The fleet's home stations: a vehicle's `home_station` that names a
    /// station of the fleet (by id).
    pub fn of(fleet: &[Vehicle]) -> Self {
        HomeStations(
            fleet
                .iter()
                .map(|v| {
                    let home = v.info.home_station.get()?;
                    fleet
                        .iter()
                        .position(|s| &s.id == home && s.kind == crate::spec::VehicleKind::Station)
                })
                .collect(),
        )
    }

    /// The scenario of the cell where `fleet[rescuer]` rescues the crew of
    /// `fleet[distressed]`: by default nominal crews, nothing carried, the
    /// crew at its home station when the fleet has it, else free-flying;
    /// with a `template`, its figures over those defaults. No vehicle is
    /// cloned.
    pub fn situation<'a>(
        &self,
        fleet: &'a [Vehicle],
        rescuer: usize,
        distressed: usize,
        template: Option<&'a Scenario>,
    ) -> Option<Situation<'a>> {
        let (r, d) = (fleet.get(rescuer)?, fleet.get(distressed)?);
        let home = self
            .0
            .get(distressed)
            .copied()
            .flatten()
            .and_then(|s| fleet.get(s))
            .filter(|station| !std::ptr::eq(*station, r));
        Some(match (template, home) {
            (Some(template), home) => Situation::template(template, r, d, home),
            (None, Some(station)) => Situation::at_home(r, d, station),
            (None, None) => Situation::nominal(r, d),
        })
    }

    /// The column defaults, for the report: where each column's crew is,
    /// each fleet vehicle named by `labels` (its id, or a share-safe
    /// report's `S1`, `S2`...).
    pub fn defaults(
        &self,
        fleet: &[Vehicle],
        template: Option<&Scenario>,
        labels: &[String],
    ) -> Vec<ColumnDefault> {
        let label = |vehicle: &Vehicle| {
            fleet
                .iter()
                .position(|v| std::ptr::eq(v, vehicle))
                .and_then(|i| labels.get(i))
                .cloned()
                .unwrap_or_else(|| vehicle.id.clone())
        };
        fleet
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let home = self.0.get(i).copied().flatten().and_then(|s| fleet.get(s));
                // A scenario that says where the crew is says it for every
                // column (but a station's own column: it is not docked to
                // itself); one that does not leaves the home station.
                let placed = template.filter(|t| t.places_crew());
                let scenario_station = placed.map(|t| t.station.as_ref().map(|(s, _)| s));
                let (station, why) = match scenario_station {
                    Some(Some(s)) if s.id == v.id => (home, "home_station"),
                    Some(s) => (s, "scenario"),
                    None => (home, "home_station"),
                };
                ColumnDefault {
                    distressed: label(v),
                    station: station.map(label),
                    location: match station {
                        Some(s) => format!("docked at {} ({why})", label(s)),
                        None if why == "scenario" => "free-flying (scenario)".into(),
                        None => "free-flying".into(),
                    },
                }
            })
            .collect()
    }
}

/// One directed pair.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct MatrixCell {
    /// Label of the rescuing vehicle (row): its id.
    pub rescuer: String,
    /// Label of the vehicle whose crew is rescued (column): its id.
    pub distressed: String,
    pub verdict: VerdictKind,
    /// The mode the verdict comes from.
    pub mode: Mode,
    /// The first phase at the verdict's severity.
    pub phase: Option<Phase>,
    /// The worst severity of any finding.
    pub worst: Option<Severity>,
    /// Per phase: its worst severity (as in `check`) and finding counts.
    pub phases: Vec<PhaseCounts>,
    /// Rules with at least one blocking finding, in registry order.
    pub blocking_rules: Vec<String>,
    /// The full direction report, when findings were asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<DirectionReport>,
}

/// A phase of one cell.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct PhaseCounts {
    pub phase: Phase,
    pub worst: Option<Severity>,
    pub advisory: u32,
    pub conditional: u32,
    pub unknown: u32,
    pub blocking: u32,
}

/// What the whole grid says.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct MatrixSummary {
    pub pairs: u32,
    pub feasible: u32,
    pub feasible_with_conditions: u32,
    pub undetermined: u32,
    pub blocked: u32,
    /// Phases by the number of cells where they are blocking, most first.
    pub blocking_phases: Vec<PhaseTally>,
    /// Rules by the number of blocked cells where they are the only
    /// blocking rule (resolving that one rule would unblock those cells'
    /// blocking findings), most first.
    pub sole_blockers: Vec<RuleTally>,
    /// Rules by the number of blocked cells where they block at all, most
    /// first: the changes that count in the most pairs, though each pair
    /// may need others too.
    pub blockers: Vec<RuleTally>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct PhaseTally {
    pub phase: Phase,
    pub cells: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct RuleTally {
    pub rule: String,
    pub name: String,
    pub cells: u32,
}

/// Options of a matrix run.
#[derive(Debug, Clone, Default)]
pub struct MatrixOptions {
    pub selection: Selection,
    /// Keep every cell's findings (`--findings`); slower.
    pub findings: bool,
    /// A report for the other party (`--share-safe`), keyed so.
    pub share_safe: Option<crate::share_safe::ShareSafe>,
    /// A scenario whose figures every cell takes (`--scenario`).
    pub scenario: Option<std::sync::Arc<Scenario>>,
}

/// Checks every ordered pair of `fleet` in parallel and keeps the whole
/// report in memory (a library call and the tests; the command streams,
/// see [`stream::stream`]). `progress` is called once per finished cell
/// (from any thread).
pub fn build_matrix(
    fleet: &[Vehicle],
    env: &Environment,
    options: &MatrixOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> MatrixReport {
    let homes = HomeStations::of(fleet);
    let (head, naming) = stream::MatrixHead::new(fleet, env, options, &homes);
    let pairs: Vec<(usize, usize)> = (0..fleet.len())
        .flat_map(|r| (0..fleet.len()).map(move |d| (r, d)))
        .collect();
    let cells: Vec<MatrixCell> = pairs
        .par_iter()
        .filter_map(|(r, d)| {
            let cell = cell(fleet, &homes, (*r, *d), env, options, &naming)?;
            progress(1);
            Some(cell)
        })
        .collect();
    let summary = summarize(&cells);
    MatrixReport {
        schema_version: REPORT_SCHEMA_VERSION,
        tool: head.tool,
        date: head.date,
        orientation: head.orientation,
        vehicles: head.vehicles,
        files: head.files,
        defaults: head.defaults,
        scenario: head.scenario,
        cells,
        summary,
        share_safe: head.keyed.is_some(),
        keyed: head.keyed,
    }
}

/// The number of cells of a fleet's matrix: every ordered pair, the
/// diagonal included.
pub fn cell_count(fleet_size: usize) -> usize {
    fleet_size * fleet_size
}

/// What one cell says, without allocating: the fleet matrix computes a
/// million of these.
#[derive(Debug, Clone)]
pub(crate) struct CellSummary {
    verdict: VerdictKind,
    mode: Mode,
    phase: Option<Phase>,
    worst: Option<Severity>,
    /// The phases `check` reports, in order, with their worst severity and
    /// counts (advisory, conditional, unknown, blocking).
    phases: [(Phase, Option<Severity>, [u32; 4]); 6],
    phase_count: usize,
    /// Bit `i` set when rule `i` of [`crate::rules::all`] blocks.
    blocking: u128,
}

impl CellSummary {
    fn phases(&self) -> impl Iterator<Item = &(Phase, Option<Severity>, [u32; 4])> {
        self.phases.iter().take(self.phase_count)
    }

    fn blocking_rules(&self) -> impl Iterator<Item = &'static Rule> + '_ {
        crate::rules::all()
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < 128 && self.blocking & (1u128 << i) != 0)
            .map(|(_, r)| *r)
    }
}

pub(crate) fn cell_summary(
    situation: &Situation<'_>,
    env: &Environment,
    selection: &Selection,
) -> CellSummary {
    let mut blocking: u128 = 0;
    let mut blocking_before = 0;
    let observe = |rule: &'static Rule, sink: &Sink| {
        let now = sink.count(Severity::Blocking);
        if now > blocking_before
            && let Some(index) = crate::rules::all()
                .iter()
                .position(|r| std::ptr::eq(*r, rule))
                .filter(|i| *i < 128)
        {
            blocking |= 1u128 << index;
        }
        blocking_before = now;
    };
    let (sink, verdicts) =
        run_situation_verdicts(situation, env, selection, Sink::counting(), observe);
    let counts = Phase::ALL.map(|p| sink.phase_counts(p));
    let worst = [
        Severity::Blocking,
        Severity::Unknown,
        Severity::Conditional,
        Severity::Advisory,
    ]
    .into_iter()
    .find(|s| {
        counts
            .iter()
            .any(|c| c.get(*s as usize).is_some_and(|n| *n > 0))
    });
    let mut phases = [(Phase::Contact, None, [0u32; 4]); 6];
    let mut phase_count = 0;
    for ((phase, worst), slot) in verdicts.phase_worst().zip(phases.iter_mut()) {
        let c = counts.get(phase as usize).copied().unwrap_or([0; 4]);
        *slot = (phase, worst, c);
        phase_count += 1;
    }
    CellSummary {
        verdict: verdicts.verdict.kind,
        mode: verdicts.verdict.mode,
        phase: verdicts.verdict.phase,
        worst,
        phases,
        phase_count,
        blocking,
    }
}

/// The cell of `fleet[r]` rescuing `fleet[d]` in its scenario (`homes`
/// and `options.scenario` say which), its findings kept when asked for,
/// named as `naming` says.
pub(crate) fn cell(
    fleet: &[Vehicle],
    homes: &HomeStations,
    (r, d): (usize, usize),
    env: &Environment,
    options: &MatrixOptions,
    naming: &stream::Naming,
) -> Option<MatrixCell> {
    let situation = homes.situation(fleet, r, d, options.scenario.as_deref())?;
    let summary = cell_summary(&situation, env, &options.selection);
    let report = options.findings.then(|| {
        let result = check_situation(&situation, env, &options.selection);
        let mut report = build_direction_report(&situation, &result);
        naming.redact(&mut report, r, d);
        report
    });
    Some(cell_of_summary(
        &summary,
        naming.label(r),
        naming.label(d),
        report,
    ))
}

/// A cell's summary as the report holds it.
pub(crate) fn cell_of_summary(
    summary: &CellSummary,
    rescuer: &str,
    distressed: &str,
    report: Option<DirectionReport>,
) -> MatrixCell {
    MatrixCell {
        rescuer: rescuer.to_string(),
        distressed: distressed.to_string(),
        verdict: summary.verdict,
        mode: summary.mode,
        phase: summary.phase,
        worst: summary.worst,
        phases: summary
            .phases()
            .map(|(p, w, c)| phase_counts(*p, *w, *c))
            .collect(),
        blocking_rules: summary.blocking_rules().map(|r| r.id.to_string()).collect(),
        report,
    }
}

fn phase_counts(phase: Phase, worst: Option<Severity>, c: [u32; 4]) -> PhaseCounts {
    PhaseCounts {
        phase,
        worst,
        advisory: c[0],
        conditional: c[1],
        unknown: c[2],
        blocking: c[3],
    }
}

fn summarize(cells: &[MatrixCell]) -> MatrixSummary {
    let count = |kind: VerdictKind| cells.iter().filter(|c| c.verdict == kind).count() as u32;
    let mut blocking_phases: Vec<PhaseTally> = Phase::ALL
        .iter()
        .map(|phase| PhaseTally {
            phase: *phase,
            cells: cells
                .iter()
                .filter(|c| {
                    c.phases
                        .iter()
                        .any(|p| p.phase == *phase && p.worst == Some(Severity::Blocking))
                })
                .count() as u32,
        })
        .filter(|t| t.cells > 0)
        .collect();
    blocking_phases.sort_by(|a, b| b.cells.cmp(&a.cells).then(a.phase.cmp(&b.phase)));
    let blocked: Vec<&MatrixCell> = cells
        .iter()
        .filter(|c| c.verdict == VerdictKind::Blocked)
        .collect();
    let sole_blockers = tally(
        blocked
            .iter()
            .filter_map(|c| match c.blocking_rules.as_slice() {
                [only] => Some(only),
                _ => None,
            }),
    );
    let blockers = tally(blocked.iter().flat_map(|c| c.blocking_rules.iter()));
    MatrixSummary {
        pairs: cells.len() as u32,
        feasible: count(VerdictKind::Feasible),
        feasible_with_conditions: count(VerdictKind::FeasibleWithConditions),
        undetermined: count(VerdictKind::Undetermined),
        blocked: count(VerdictKind::Blocked),
        blocking_phases,
        sole_blockers,
        blockers,
    }
}

/// Rule ids counted, most first.
fn tally<'c>(rules: impl Iterator<Item = &'c String>) -> Vec<RuleTally> {
    let mut tallies: Vec<RuleTally> = Vec::new();
    for rule in rules {
        match tallies.iter_mut().find(|t| &t.rule == rule) {
            Some(tally) => tally.cells += 1,
            None => tallies.push(RuleTally {
                rule: rule.clone(),
                name: crate::rules::find(rule)
                    .map(|r| r.name.to_string())
                    .unwrap_or_default(),
                cells: 1,
            }),
        }
    }
    tallies.sort_by(|a, b| b.cells.cmp(&a.cells).then(a.rule.cmp(&b.rule)));
    tallies
}

/// The default scenario of a matrix, in one sentence: where it puts each
/// column's crew.
pub fn defaults_line(defaults: &[ColumnDefault], scenario: Option<&MatrixScenario>) -> String {
    if let Some(scenario) = scenario {
        let placed: Vec<String> = defaults
            .iter()
            .map(|d| {
                format!(
                    "{} {}",
                    crate::text::escape_for_terminal(&d.distressed),
                    crate::text::escape_for_terminal(&d.location)
                )
            })
            .collect();
        let sets = if scenario.sets.is_empty() {
            "nothing beyond the defaults".to_string()
        } else {
            crate::text::escape_for_terminal(&scenario.sets.join("; "))
        };
        return format!(
            "scenario of each cell: {} ({}) over each cell's defaults; it sets {sets}; the crews: {}",
            crate::text::escape_for_terminal(&scenario.name),
            crate::text::escape_for_terminal(&scenario.file),
            placed.join(", ")
        );
    }
    let home: Vec<String> = defaults
        .iter()
        .filter_map(|d| {
            let station = d.station.as_ref()?;
            Some(format!(
                "{} at {}",
                crate::text::escape_for_terminal(&d.distressed),
                crate::text::escape_for_terminal(station)
            ))
        })
        .collect();
    let free = if home.is_empty() {
        "every crew free-flying".to_string()
    } else {
        format!(
            "crews docked at their home station (vehicle.home_station) and reached through it: {}; the others free-flying",
            home.join(", ")
        )
    };
    format!("default scenario of each cell: each vehicle's nominal crew, nothing carried, {free}")
}

impl MatrixReport {
    /// The cell of a directed pair, by vehicle labels.
    pub fn cell(&self, rescuer: &str, distressed: &str) -> Option<&MatrixCell> {
        let index = |label: &str| self.vehicles.iter().position(|v| v.label == label);
        self.cell_at(index(rescuer)?, index(distressed)?)
    }

    /// The cell of rows' vehicle `r` rescuing columns' vehicle `d`, by
    /// position: cells are held row by row, the diagonal included.
    pub fn cell_at(&self, r: usize, d: usize) -> Option<&MatrixCell> {
        self.cells.get(cell_index(self.vehicles.len(), r, d)?)
    }
}

/// Where the cell of `r` rescuing `d` sits among a fleet of `n`'s cells,
/// row by row, the diagonal included.
pub fn cell_index(n: usize, r: usize, d: usize) -> Option<usize> {
    (r < n && d < n).then(|| r * n + d)
}

/// The JSON Schema of the matrix report (published as
/// `docs/matrix.schema.json`).
pub fn matrix_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    generator.into_root_schema_for::<MatrixReport>().to_value()
}

// ---------------------------------------------------------------------------
// Streaming: cells computed block by block of rows and written as they come
// (stream.rs for every format, json.rs for the JSON of verdicts alone), so
// that a fleet of thousands never holds its N x N cells in memory.

/// What a streamed matrix found, for the exit code and the summary line.
#[derive(Debug, Clone)]
pub struct StreamOutcome {
    pub summary: MatrixSummary,
    /// The worst severity of any cell.
    pub worst: Option<Severity>,
}

/// Rows checked before their cells are written.
pub(crate) const ROWS_PER_BLOCK: usize = 32;

/// Columns (distressed vehicles) per parallel task within a block of rows.
pub(crate) const COLUMNS_PER_TASK: usize = 32;

/// The summary of the cells seen so far.
#[derive(Debug, Clone)]
pub(crate) struct Tally {
    verdicts: [u32; 4],
    blocking_phases: [u32; 6],
    sole: Vec<u32>,
    any: Vec<u32>,
    pub(crate) worst: Option<Severity>,
    pairs: u32,
}

impl Tally {
    pub(crate) fn new() -> Self {
        let rules = crate::rules::all().len();
        Tally {
            verdicts: [0; 4],
            blocking_phases: [0; 6],
            sole: vec![0; rules],
            any: vec![0; rules],
            worst: None,
            pairs: 0,
        }
    }

    pub(crate) fn add(&mut self, cell: &CellSummary) {
        self.pairs += 1;
        let verdict = match cell.verdict {
            VerdictKind::Feasible => 0,
            VerdictKind::FeasibleWithConditions => 1,
            VerdictKind::Undetermined => 2,
            VerdictKind::Blocked => 3,
        };
        if let Some(n) = self.verdicts.get_mut(verdict) {
            *n += 1;
        }
        for (phase, worst, _) in cell.phases() {
            if *worst == Some(Severity::Blocking)
                && let Some(n) = self.blocking_phases.get_mut(*phase as usize)
            {
                *n += 1;
            }
        }
        if cell.verdict == VerdictKind::Blocked {
            let sole = cell.blocking.count_ones() == 1;
            for (i, n) in self.any.iter_mut().enumerate() {
                if i < 128 && cell.blocking & (1u128 << i) != 0 {
                    *n += 1;
                    if sole && let Some(s) = self.sole.get_mut(i) {
                        *s += 1;
                    }
                }
            }
        }
        self.worst = self.worst.max(cell.worst);
    }

    pub(crate) fn merge(&mut self, other: &Tally) {
        self.pairs += other.pairs;
        for (a, b) in self.verdicts.iter_mut().zip(other.verdicts) {
            *a += b;
        }
        for (a, b) in self.blocking_phases.iter_mut().zip(other.blocking_phases) {
            *a += b;
        }
        for (a, b) in self.sole.iter_mut().zip(&other.sole) {
            *a += b;
        }
        for (a, b) in self.any.iter_mut().zip(&other.any) {
            *a += b;
        }
        self.worst = self.worst.max(other.worst);
    }

    pub(crate) fn summary(&self) -> MatrixSummary {
        let [feasible, feasible_with_conditions, undetermined, blocked] = self.verdicts;
        let mut blocking_phases: Vec<PhaseTally> = Phase::ALL
            .iter()
            .zip(self.blocking_phases)
            .filter(|(_, cells)| *cells > 0)
            .map(|(phase, cells)| PhaseTally {
                phase: *phase,
                cells,
            })
            .collect();
        blocking_phases.sort_by(|a, b| b.cells.cmp(&a.cells).then(a.phase.cmp(&b.phase)));
        let tallies = |counts: &[u32]| {
            let mut tallies: Vec<RuleTally> = crate::rules::all()
                .iter()
                .zip(counts)
                .filter(|(_, n)| **n > 0)
                .map(|(rule, n)| RuleTally {
                    rule: rule.id.to_string(),
                    name: rule.name.to_string(),
                    cells: *n,
                })
                .collect();
            tallies.sort_by(|a, b| b.cells.cmp(&a.cells).then(a.rule.cmp(&b.rule)));
            tallies
        };
        MatrixSummary {
            pairs: self.pairs,
            feasible,
            feasible_with_conditions,
            undetermined,
            blocked,
            blocking_phases,
            sole_blockers: tallies(&self.sole),
            blockers: tallies(&self.any),
        }
    }
}
