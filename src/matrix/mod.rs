//! The fleet matrix: every ordered pair of a fleet, rows the rescuer,
//! columns the distressed crew.
//!
//! Each cell is one direction of `check`, judged by the same function
//! ([`crate::check::RuleSetShape::judge`]) and holding the same phase model
//! ([`PhaseReport`]): without findings, from a counting sink, so no finding
//! is formatted; with waivers or findings kept, from the cell's direction
//! report. Adapters are not rescuers and have no crew: they are routed
//! through (the environment's adapter library, which MATE-001 reads), never
//! a row or a column. The summary counts pairs per verdict, the phase that
//! decides each blocked or undetermined pair, the phases that block each
//! mode, and the rules that block the most pairs; no count exceeds the
//! pairs it is counted over.
//!
//! Every format streams ([`stream`]): cells are computed a block of rows
//! at a time and written as they come, so a fleet of thousands never holds
//! its N x N cells in memory (docs/performance.md).

pub mod json;
pub mod stream;

pub use json::{write_matrix_json, write_matrix_json_with};
pub use stream::{MatrixHead, MatrixRenderer, stream};

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::check::{
    Judgement, PhaseState, Selection, VerdictKind, check_situation, run_situation_verdicts,
};
use crate::report::model::{
    DirectionReport, FileInfo, Judging, PhaseReport, REPORT_SCHEMA_VERSION, SpecInfo, ToolInfo,
    build_direction_report, is_zero, phase_reports,
};
use crate::rules::{
    Environment, MAX_RULES, MODES, Mode, PHASES, Phase, Rule, Severity, Sink, Tally,
};
use crate::scenario::{Scenario, Situation};
use crate::spec::{Vehicle, VehicleKind};
use crate::waivers::{Ledger, WaiverSection};

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
    /// Adapter specs named on the command line: routed through (MATE-001
    /// names them where they bridge two vehicles), never a row or a column.
    #[serde(default)]
    pub adapters: Vec<SpecInfo>,
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
    /// The waivers file applied: what it accepted, and its entries that are
    /// expired or matched no finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waivers: Option<WaiverSection>,
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
    /// The worst severity of any finding that is not waived.
    pub worst: Option<Severity>,
    /// Each phase's state per mode, with its finding counts, as in `check`.
    pub phases: Vec<PhaseReport>,
    /// Rules with at least one blocking finding not waived, in registry
    /// order.
    pub blocking_rules: Vec<String>,
    /// Findings a waiver accepts.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub waived: u32,
    /// The full direction report, when findings were asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<DirectionReport>,
}

/// What the whole grid says. Every count is of pairs (cells), and none
/// exceeds the pairs it is counted over.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct MatrixSummary {
    pub pairs: u32,
    pub feasible: u32,
    pub feasible_with_conditions: u32,
    pub undetermined: u32,
    pub blocked: u32,
    /// Blocked pairs by the mode and phase that decide their verdict (the
    /// first blocking phase of the docked transfer, unless no rule examines
    /// it): sums to `blocked`.
    pub blocked_at: Vec<DecidingTally>,
    /// Undetermined pairs by the mode and phase that decide their verdict:
    /// sums to `undetermined`.
    pub undetermined_at: Vec<DecidingTally>,
    /// For each mode, the phases by the number of pairs where they block
    /// that mode, most first (each at most `pairs`).
    pub blocking_phases: Vec<ModePhases>,
    /// Per mode, the rules that are the only blocking rule of that mode in
    /// a blocked pair: resolving that one rule would clear the mode's
    /// blocking findings there. Most first.
    pub sole_blockers: Vec<SoleBlocker>,
    /// Rules by the number of blocked pairs where they block at all, most
    /// first: the changes that count in the most pairs, though each pair
    /// may need others too.
    pub blockers: Vec<RuleTally>,
}

/// Pairs decided at one phase in one mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DecidingTally {
    pub mode: Mode,
    pub phase: Phase,
    pub cells: u32,
}

/// The phases that block one mode.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ModePhases {
    pub mode: Mode,
    pub phases: Vec<PhaseTally>,
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
    /// The modes the rule's findings hold for.
    pub modes: Vec<Mode>,
    pub cells: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct SoleBlocker {
    pub mode: Mode,
    pub rule: String,
    pub name: String,
    pub cells: u32,
}

/// What a matrix found once every cell is judged: the summary and, with a
/// waivers file, its section. Renderers print it after the grid and at the
/// end.
#[derive(Debug, Clone)]
pub struct MatrixTotals {
    pub summary: MatrixSummary,
    pub waivers: Option<WaiverSection>,
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
    /// Adapter specs named on the command line, listed as routed through
    /// (the environment's adapters must hold them for MATE-001 to use
    /// them).
    pub adapters: Vec<Vehicle>,
}

/// The fleet split into the vehicles that make rows and columns and the
/// adapters that are routed through.
pub fn split_adapters(specs: Vec<Vehicle>) -> (Vec<Vehicle>, Vec<Vehicle>) {
    specs
        .into_iter()
        .partition(|v| v.kind != VehicleKind::Adapter)
}

/// Checks every ordered pair of `fleet` in parallel and keeps the whole
/// report in memory (a library call and the tests; the command streams,
/// see [`stream::stream`]). `progress` is called once per finished cell
/// (from any thread). With waivers (in `judging`) or `options.findings`,
/// each cell is judged from its findings.
pub fn build_matrix(
    fleet: &[Vehicle],
    env: &Environment,
    options: &MatrixOptions,
    judging: &Judging<'_>,
    progress: &(dyn Fn(u64) + Sync),
) -> MatrixReport {
    let homes = HomeStations::of(fleet);
    let (head, naming) = stream::MatrixHead::new(fleet, env, options, &homes);
    let pairs: Vec<(usize, usize)> = (0..fleet.len())
        .flat_map(|r| (0..fleet.len()).map(move |d| (r, d)))
        .collect();
    let judged: Vec<(MatrixCell, CellSummary, Ledger)> = pairs
        .par_iter()
        .filter_map(|(r, d)| {
            let situation = homes.situation(fleet, *r, *d, options.scenario.as_deref())?;
            let judged = judge_cell(
                &situation,
                (*r, *d),
                env,
                options,
                judging,
                &naming,
                options.findings,
            )?;
            progress(1);
            Some(judged.into_cell(naming.label(*r), naming.label(*d)))
        })
        .collect();
    let mut tally = SummaryTally::new();
    let mut ledger = Ledger::default();
    let mut cells = Vec::with_capacity(judged.len());
    for (cell, summary, used) in judged {
        tally.add(&summary);
        ledger.merge(&used);
        cells.push(cell);
    }
    MatrixReport {
        schema_version: REPORT_SCHEMA_VERSION,
        tool: head.tool,
        date: head.date,
        orientation: head.orientation,
        vehicles: head.vehicles,
        adapters: head.adapters,
        files: head.files,
        defaults: head.defaults,
        scenario: head.scenario,
        cells,
        summary: tally.summary(),
        waivers: naming.waivers(judging, &ledger),
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
#[derive(Debug, Clone, Copy)]
pub(crate) struct CellSummary {
    judgement: Judgement,
    /// Findings (not waived) and evaluations by phase and mode.
    tally: Tally,
    /// Rule evaluations by phase.
    phase_evaluations: [u32; PHASES],
    worst: Option<Severity>,
    /// Bit `i` set when rule `i` of [`crate::rules::all`] blocks.
    blocking: u128,
    waived: u32,
}

impl CellSummary {
    fn blocking_rules(&self) -> impl Iterator<Item = &'static Rule> + '_ {
        crate::rules::all()
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < MAX_RULES && self.blocking & (1u128 << i) != 0)
            .map(|(_, r)| *r)
    }

    fn phase_evaluations(&self) -> Vec<(Phase, u32)> {
        self.judgement
            .phases()
            .map(|p| {
                let n = self
                    .phase_evaluations
                    .get(p.phase as usize)
                    .copied()
                    .unwrap_or(0);
                (p.phase, n)
            })
            .collect()
    }

    /// The cell as the report holds it (no findings kept), its vehicles
    /// named by their labels.
    fn cell(&self, rescuer: &str, distressed: &str) -> MatrixCell {
        let verdict = self.judgement.verdict;
        MatrixCell {
            rescuer: rescuer.to_string(),
            distressed: distressed.to_string(),
            verdict: verdict.kind,
            mode: verdict.mode,
            phase: verdict.phase,
            worst: self.worst,
            phases: phase_reports(
                &self.judgement,
                &self.tally,
                &self.phase_evaluations(),
                &[],
                &self.tally.without_findings(),
            ),
            blocking_rules: self.blocking_rules().map(|r| r.id.to_string()).collect(),
            waived: self.waived,
            report: None,
        }
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
                .filter(|i| *i < MAX_RULES)
        {
            blocking |= 1u128 << index;
        }
        blocking_before = now;
    };
    let (sink, judgement) =
        run_situation_verdicts(situation, env, selection, Sink::counting(), observe);
    let worst = Severity::ALL.into_iter().rev().find(|s| sink.count(*s) > 0);
    CellSummary {
        judgement,
        tally: *sink.tally(),
        phase_evaluations: Phase::ALL.map(|p| sink.phase_evaluations(p)),
        worst,
        blocking,
        waived: 0,
    }
}

/// One cell as judged: its summary for the tally and, when it was judged
/// from its findings, the phases of its report (with their waived counts),
/// the report itself when kept, and the waivers it used.
#[derive(Debug, Clone)]
pub(crate) struct JudgedCell {
    summary: CellSummary,
    phases: Option<Vec<PhaseReport>>,
    report: Option<DirectionReport>,
    ledger: Ledger,
}

impl JudgedCell {
    /// The cell as the report holds it, its vehicles named by their labels,
    /// with what the tally needs of it: its summary and the waivers it
    /// used.
    pub(crate) fn into_cell(
        self,
        rescuer: &str,
        distressed: &str,
    ) -> (MatrixCell, CellSummary, Ledger) {
        let mut cell = self.summary.cell(rescuer, distressed);
        if let Some(phases) = self.phases {
            cell.phases = phases;
        }
        cell.report = self.report;
        (cell, self.summary, self.ledger)
    }
}

/// The cell of `fleet[r]` rescuing `fleet[d]`: from a counting sink when
/// nothing needs its findings, else judged from its findings (with waivers,
/// or when the report is kept: `keep_report`), named and redacted as
/// `naming` says.
pub(crate) fn judge_cell(
    situation: &Situation<'_>,
    (r, d): (usize, usize),
    env: &Environment,
    options: &MatrixOptions,
    judging: &Judging<'_>,
    naming: &stream::Naming,
    keep_report: bool,
) -> Option<JudgedCell> {
    let situation = *situation;
    if !keep_report && judging.waivers.is_none() {
        return Some(JudgedCell {
            summary: cell_summary(&situation, env, &options.selection),
            phases: None,
            report: None,
            ledger: Ledger::default(),
        });
    }
    let result = check_situation(&situation, env, &options.selection);
    let mut ledger = Ledger::default();
    // The judgement of the findings not waived, as the report made it.
    let (mut report, judgement, counted) =
        build_direction_report(&situation, &result, judging, &mut ledger);
    let mut blocking: u128 = 0;
    for f in report.findings.iter().filter(|f| f.waived.is_none()) {
        if f.severity == Severity::Blocking
            && let Some(index) = crate::rules::all()
                .iter()
                .position(|rule| rule.id == f.rule)
                .filter(|i| *i < MAX_RULES)
        {
            blocking |= 1u128 << index;
        }
    }
    let summary = CellSummary {
        judgement,
        tally: counted,
        phase_evaluations: Phase::ALL.map(|p| {
            result
                .phase_evaluations
                .iter()
                .find(|(q, _)| *q == p)
                .map_or(0, |(_, n)| *n)
        }),
        worst: report
            .findings
            .iter()
            .filter(|f| f.waived.is_none())
            .map(|f| f.severity)
            .max(),
        blocking,
        waived: report.verdict.waived,
    };
    naming.redact(&mut report, r, d);
    // The cell's phases count the waived findings; which findings decide
    // is its report's to name, so a cell reads the same whether its
    // report is kept or not.
    let mut phases = report.phases.clone();
    for mode in phases.iter_mut().flat_map(|p| &mut p.modes) {
        mode.deciding.clear();
        mode.waived_findings.clear();
    }
    Some(JudgedCell {
        summary,
        phases: Some(phases),
        report: keep_report.then_some(report),
        ledger,
    })
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

    /// Whether a cell has a finding not waived at or above `fail_on`.
    pub fn fails_at(&self, fail_on: Severity) -> bool {
        self.cells
            .iter()
            .any(|c| c.worst.is_some_and(|w| w >= fail_on))
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
// that a fleet of thousands never holds its N x N cells in memory. The
// summary is counted cell by cell, the same in memory or streamed.

/// What a streamed matrix found, for the exit code and the summary line.
#[derive(Debug, Clone)]
pub struct StreamOutcome {
    pub summary: MatrixSummary,
    /// The worst severity of any cell (findings not waived).
    pub worst: Option<Severity>,
}

/// Rows checked before their cells are written.
pub(crate) const ROWS_PER_BLOCK: usize = 32;

/// Columns (distressed vehicles) per parallel task within a block of rows.
pub(crate) const COLUMNS_PER_TASK: usize = 32;

/// The summary's counts, added cell by cell and merged across threads.
#[derive(Debug, Clone)]
pub(crate) struct SummaryTally {
    verdicts: [u32; 4],
    /// `blocked_at[mode][phase]`, `undetermined_at[mode][phase]`.
    blocked_at: [[u32; PHASES]; MODES],
    undetermined_at: [[u32; PHASES]; MODES],
    /// `blocking_phases[mode][phase]`: pairs where the phase blocks the mode.
    blocking_phases: [[u32; PHASES]; MODES],
    /// `sole[mode][rule]`, `any[rule]`.
    sole: [Vec<u32>; MODES],
    any: Vec<u32>,
    pub(crate) worst: Option<Severity>,
    pairs: u32,
}

/// For each mode, the bit set of the rules (by their index in
/// [`crate::rules::all`]) that apply to it, built once.
fn mode_rules() -> &'static [u128; MODES] {
    static MASKS: std::sync::OnceLock<[u128; MODES]> = std::sync::OnceLock::new();
    MASKS.get_or_init(|| {
        Mode::ALL.map(|mode| {
            crate::rules::all()
                .iter()
                .enumerate()
                .filter(|(i, r)| *i < MAX_RULES && r.modes.contains(&mode))
                .fold(0u128, |mask, (i, _)| mask | (1u128 << i))
        })
    })
}

fn bump<const N: usize>(table: &mut [[u32; N]; MODES], mode: Mode, index: usize) {
    if let Some(n) = table.get_mut(mode as usize).and_then(|t| t.get_mut(index)) {
        *n += 1;
    }
}

impl SummaryTally {
    /// An empty tally (the rule-count vectors sized to the registry).
    pub(crate) fn new() -> SummaryTally {
        let rules = crate::rules::all().len();
        SummaryTally {
            verdicts: [0; 4],
            blocked_at: [[0; PHASES]; MODES],
            undetermined_at: [[0; PHASES]; MODES],
            blocking_phases: [[0; PHASES]; MODES],
            sole: std::array::from_fn(|_| vec![0; rules]),
            any: vec![0; rules],
            worst: None,
            pairs: 0,
        }
    }

    pub(crate) fn add(&mut self, cell: &CellSummary) {
        self.pairs += 1;
        let verdict = cell.judgement.verdict;
        if let Some(n) = self.verdicts.get_mut(verdict.kind.rank() as usize) {
            *n += 1;
        }
        if let Some(phase) = verdict.phase {
            match verdict.kind {
                VerdictKind::Blocked => bump(&mut self.blocked_at, verdict.mode, phase as usize),
                VerdictKind::Undetermined => {
                    bump(&mut self.undetermined_at, verdict.mode, phase as usize)
                }
                _ => {}
            }
        }
        for phase in cell.judgement.phases() {
            for (mode, state) in phase.mode_states() {
                if state == PhaseState::Blocking {
                    bump(&mut self.blocking_phases, mode, phase.phase as usize);
                }
            }
        }
        if verdict.kind == VerdictKind::Blocked {
            for (i, n) in self.any.iter_mut().enumerate() {
                if i < MAX_RULES && cell.blocking & (1u128 << i) != 0 {
                    *n += 1;
                }
            }
            for (mode, rules) in Mode::ALL.into_iter().zip(mode_rules()) {
                let blockers = cell.blocking & rules;
                if blockers.count_ones() == 1
                    && let Some(n) = self
                        .sole
                        .get_mut(mode as usize)
                        .and_then(|s| s.get_mut(blockers.trailing_zeros() as usize))
                {
                    *n += 1;
                }
            }
        }
        self.worst = self.worst.max(cell.worst);
    }

    pub(crate) fn merge(&mut self, other: &SummaryTally) {
        self.pairs += other.pairs;
        for (a, b) in self.verdicts.iter_mut().zip(other.verdicts) {
            *a += b;
        }
        for (mine, theirs) in [
            (&mut self.blocked_at, &other.blocked_at),
            (&mut self.undetermined_at, &other.undetermined_at),
            (&mut self.blocking_phases, &other.blocking_phases),
        ] {
            for (a, b) in mine.iter_mut().flatten().zip(theirs.iter().flatten()) {
                *a += b;
            }
        }
        for (mine, theirs) in self.sole.iter_mut().zip(&other.sole) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                *a += b;
            }
        }
        for (a, b) in self.any.iter_mut().zip(&other.any) {
            *a += b;
        }
        self.worst = self.worst.max(other.worst);
    }

    pub(crate) fn summary(&self) -> MatrixSummary {
        let [feasible, feasible_with_conditions, undetermined, blocked] = self.verdicts;
        let deciding = |table: &[[u32; PHASES]; MODES]| {
            let mut out: Vec<DecidingTally> = Mode::ALL
                .into_iter()
                .flat_map(|mode| Phase::ALL.into_iter().map(move |phase| (mode, phase)))
                .filter_map(|(mode, phase)| {
                    let cells = *table.get(mode as usize)?.get(phase as usize)?;
                    (cells > 0).then_some(DecidingTally { mode, phase, cells })
                })
                .collect();
            out.sort_by(|a, b| {
                b.cells
                    .cmp(&a.cells)
                    .then(a.mode.cmp(&b.mode))
                    .then(a.phase.cmp(&b.phase))
            });
            out
        };
        let blocking_phases = Mode::ALL
            .into_iter()
            .filter_map(|mode| {
                let row = self.blocking_phases.get(mode as usize)?;
                let mut phases: Vec<PhaseTally> = Phase::ALL
                    .into_iter()
                    .zip(row)
                    .filter(|(_, cells)| **cells > 0)
                    .map(|(phase, cells)| PhaseTally {
                        phase,
                        cells: *cells,
                    })
                    .collect();
                phases.sort_by(|a, b| b.cells.cmp(&a.cells).then(a.phase.cmp(&b.phase)));
                (!phases.is_empty()).then_some(ModePhases { mode, phases })
            })
            .collect();
        let mut sole_blockers: Vec<SoleBlocker> = Mode::ALL
            .into_iter()
            .flat_map(|mode| {
                let counts = self.sole.get(mode as usize);
                crate::rules::all()
                    .iter()
                    .enumerate()
                    .filter_map(move |(i, rule)| {
                        let cells = *counts?.get(i)?;
                        (cells > 0).then(|| SoleBlocker {
                            mode,
                            rule: rule.id.to_string(),
                            name: rule.name.to_string(),
                            cells,
                        })
                    })
            })
            .collect();
        sole_blockers.sort_by(|a, b| {
            b.cells
                .cmp(&a.cells)
                .then(a.mode.cmp(&b.mode))
                .then(a.rule.cmp(&b.rule))
        });
        let mut blockers: Vec<RuleTally> = crate::rules::all()
            .iter()
            .zip(&self.any)
            .filter(|(_, n)| **n > 0)
            .map(|(rule, n)| RuleTally {
                rule: rule.id.to_string(),
                name: rule.name.to_string(),
                modes: rule.modes.to_vec(),
                cells: *n,
            })
            .collect();
        blockers.sort_by(|a, b| b.cells.cmp(&a.cells).then(a.rule.cmp(&b.rule)));
        MatrixSummary {
            pairs: self.pairs,
            feasible,
            feasible_with_conditions,
            undetermined,
            blocked,
            blocked_at: deciding(&self.blocked_at),
            undetermined_at: deciding(&self.undetermined_at),
            blocking_phases,
            sole_blockers,
            blockers,
        }
    }
}
