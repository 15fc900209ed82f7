//! The fleet matrix: every ordered pair of a fleet, rows the rescuer,
//! columns the distressed crew.
//!
//! Each cell is one direction of `check`, judged by the same function
//! ([`crate::check::RuleSetShape::judge`]) and holding the same phase model
//! ([`PhaseReport`]): without findings, from a counting sink, so no finding
//! is formatted; with findings or waivers, from the cell's direction report.
//! Adapters are not rescuers and have no crew: they are routed through (the
//! environment's adapter library, which MATE-001 reads), never a row or a
//! column. The summary counts pairs per verdict, the phase that decides
//! each blocked or undetermined pair, the phases that block each mode, and
//! the rules that block the most pairs; no count exceeds the pairs it is
//! counted over.

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::check::{
    Judgement, PhaseState, Selection, VerdictKind, check_direction, run_direction_verdicts,
};
use crate::report::model::{
    DirectionReport, FileInfo, Judging, PhaseReport, REPORT_SCHEMA_VERSION, SpecInfo, ToolInfo,
    build_direction_report, is_zero, phase_reports, report_date,
};
use crate::rules::{
    Environment, MAX_RULES, MODES, Mode, PHASES, Phase, Rule, Severity, Sink, Tally,
};
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
    /// The fleet, in row (and column) order; `label` is the vehicle id.
    pub vehicles: Vec<SpecInfo>,
    /// Adapter specs named on the command line: routed through (MATE-001
    /// names them where they bridge two vehicles), never a row or a column.
    #[serde(default)]
    pub adapters: Vec<SpecInfo>,
    /// Every file the matrix read: the specs and the suit files they
    /// reference.
    pub files: Vec<FileInfo>,
    /// Every ordered pair, row by row (rescuer), skipping the diagonal.
    pub cells: Vec<MatrixCell>,
    pub summary: MatrixSummary,
    /// The waivers file applied: what it accepted, and its entries that are
    /// expired or matched no finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waivers: Option<WaiverSection>,
}

/// One directed pair.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct MatrixCell {
    /// Id of the rescuing vehicle (row).
    pub rescuer: String,
    /// Id of the vehicle whose crew is rescued (column).
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

/// Options of a matrix run.
#[derive(Debug, Clone, Default)]
pub struct MatrixOptions {
    pub selection: Selection,
    /// Keep every cell's findings (`--findings`); slower.
    pub findings: bool,
}

/// The fleet split into the vehicles that make rows and columns and the
/// adapters that are routed through.
pub fn split_adapters(specs: Vec<Vehicle>) -> (Vec<Vehicle>, Vec<Vehicle>) {
    specs
        .into_iter()
        .partition(|v| v.kind != VehicleKind::Adapter)
}

/// Checks every ordered pair of `fleet` in parallel; `progress` is called
/// once per finished cell (from any thread). With waivers (in `judging`)
/// or `options.findings`, each cell is judged from its findings.
pub fn build_matrix(
    fleet: &[Vehicle],
    env: &Environment,
    options: &MatrixOptions,
    judging: &Judging<'_>,
    progress: &(dyn Fn(u64) + Sync),
) -> MatrixReport {
    let pairs: Vec<(usize, usize)> = (0..fleet.len())
        .flat_map(|r| {
            (0..fleet.len())
                .filter(move |d| *d != r)
                .map(move |d| (r, d))
        })
        .collect();
    let from_findings = options.findings || judging.waivers.is_some();
    let judged: Vec<(MatrixCell, CellSummary, Ledger)> = pairs
        .par_iter()
        .filter_map(|(r, d)| {
            let (rescuer, distressed) = (fleet.get(*r)?, fleet.get(*d)?);
            let judged = if from_findings {
                reported_cell(rescuer, distressed, env, options, judging)
            } else {
                let summary = cell_summary(rescuer, distressed, env, &options.selection);
                (
                    summary.cell(rescuer, distressed),
                    summary,
                    Ledger::default(),
                )
            };
            progress(1);
            Some(judged)
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
        tool: ToolInfo::current(),
        date: report_date(),
        orientation: ORIENTATION.into(),
        vehicles: spec_infos(fleet),
        adapters: Vec::new(),
        files: crate::report::model::file_infos_with(&fleet.iter().collect::<Vec<_>>(), env),
        cells,
        summary: tally.summary(),
        waivers: judging.waivers.map(|w| w.section(&ledger)),
    }
}

/// The matrix over the number of cells `fleet` has.
pub fn cell_count(fleet_size: usize) -> usize {
    fleet_size * fleet_size.saturating_sub(1)
}

/// What one cell says, without allocating: the fleet matrix computes a
/// million of these.
#[derive(Debug, Clone, Copy)]
struct CellSummary {
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

    /// The cell as the report holds it (no findings kept).
    fn cell(&self, rescuer: &Vehicle, distressed: &Vehicle) -> MatrixCell {
        let verdict = self.judgement.verdict;
        MatrixCell {
            rescuer: rescuer.id.clone(),
            distressed: distressed.id.clone(),
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

fn cell_summary(
    rescuer: &Vehicle,
    distressed: &Vehicle,
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
    let (sink, judgement) = run_direction_verdicts(
        rescuer,
        distressed,
        env,
        selection,
        Sink::counting(),
        observe,
    );
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

/// A cell judged from its findings (with waivers, or when findings are
/// kept): the cell, its summary for the tally, and the waivers it used.
fn reported_cell(
    rescuer: &Vehicle,
    distressed: &Vehicle,
    env: &Environment,
    options: &MatrixOptions,
    judging: &Judging<'_>,
) -> (MatrixCell, CellSummary, Ledger) {
    let result = check_direction(rescuer, distressed, env, &options.selection);
    let mut ledger = Ledger::default();
    // The judgement of the findings not waived, as the report made it.
    let (report, judgement, counted) =
        build_direction_report(rescuer, distressed, &result, judging, &mut ledger);
    let mut blocking: u128 = 0;
    for f in report.findings.iter().filter(|f| f.waived.is_none()) {
        if f.severity == Severity::Blocking
            && let Some(index) = crate::rules::all()
                .iter()
                .position(|r| r.id == f.rule)
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
    let mut cell = summary.cell(rescuer, distressed);
    // The report's phases name the deciding and waived findings.
    cell.phases = report.phases.clone();
    if options.findings {
        cell.report = Some(report);
    }
    (cell, summary, ledger)
}

impl MatrixReport {
    /// The cell of a directed pair, by vehicle ids.
    pub fn cell(&self, rescuer: &str, distressed: &str) -> Option<&MatrixCell> {
        self.cells
            .iter()
            .find(|c| c.rescuer == rescuer && c.distressed == distressed)
    }

    /// Whether a cell has a finding not waived at or above `fail_on`.
    pub fn fails_at(&self, fail_on: Severity) -> bool {
        self.cells
            .iter()
            .any(|c| c.worst.is_some_and(|w| w >= fail_on))
    }
}

/// The JSON Schema of the matrix report (published as
/// `docs/matrix.schema.json`).
pub fn matrix_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    generator.into_root_schema_for::<MatrixReport>().to_value()
}

// ---------------------------------------------------------------------------
// The summary, counted cell by cell (in memory or streamed).

/// What a streamed matrix found, for the exit code and the summary line.
#[derive(Debug, Clone)]
pub struct StreamOutcome {
    pub summary: MatrixSummary,
    /// The worst severity of any cell.
    pub worst: Option<Severity>,
}

/// Rows checked before their cells are written.
const ROWS_PER_BLOCK: usize = 32;

/// Columns (distressed vehicles) per parallel task within a block of rows.
const COLUMNS_PER_TASK: usize = 32;

/// The summary's counts, added cell by cell and merged across threads.
#[derive(Debug, Clone)]
struct SummaryTally {
    verdicts: [u32; 4],
    /// `blocked_at[mode][phase]`, `undetermined_at[mode][phase]`.
    blocked_at: [[u32; PHASES]; MODES],
    undetermined_at: [[u32; PHASES]; MODES],
    /// `blocking_phases[mode][phase]`: pairs where the phase blocks the mode.
    blocking_phases: [[u32; PHASES]; MODES],
    /// `sole[mode][rule]`, `any[rule]`.
    sole: [Vec<u32>; MODES],
    any: Vec<u32>,
    worst: Option<Severity>,
    pairs: u32,
}

impl SummaryTally {
    /// An empty tally (the rule-count vectors sized to the registry).
    fn new() -> SummaryTally {
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
    fn add(&mut self, cell: &CellSummary) {
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

    fn merge(&mut self, other: &SummaryTally) {
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

    fn summary(&self) -> MatrixSummary {
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

// ---------------------------------------------------------------------------
// Streaming JSON: the same document as `render_matrix`, written cell by cell
// (compact, one cell a line) so a fleet of thousands never holds its N x N
// cells in memory.

/// The head of the document: every field before `cells`, in order.
#[derive(Serialize)]
struct Head<'a> {
    schema_version: u32,
    tool: ToolInfo,
    date: String,
    orientation: &'a str,
    vehicles: Vec<SpecInfo>,
    adapters: &'a [SpecInfo],
    files: Vec<FileInfo>,
}

/// JSON spellings computed once, so writing a cell copies bytes and
/// formats integers, nothing else (serde escaping every id of a million
/// cells took a quarter of the run).
struct Spellings {
    ids: Vec<Vec<u8>>,
    phases: [Vec<u8>; PHASES],
    severities: [Vec<u8>; 4],
    states: [Vec<u8>; 6],
    verdicts: [Vec<u8>; 4],
    modes: [Vec<u8>; MODES],
    rules: Vec<Vec<u8>>,
}

fn spelled<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_else(|_| b"null".to_vec())
}

fn spelling(table: &[Vec<u8>], index: usize) -> &[u8] {
    table.get(index).map_or(b"null", Vec::as_slice)
}

impl Spellings {
    fn new(fleet: &[Vehicle]) -> Self {
        Spellings {
            ids: fleet.iter().map(|v| spelled(&v.id)).collect(),
            phases: Phase::ALL.map(|p| spelled(&p)),
            severities: Severity::ALL.map(|s| spelled(&s)),
            states: PhaseState::ALL.map(|s| spelled(&s)),
            verdicts: VerdictKind::ALL.map(|v| spelled(&v)),
            modes: Mode::ALL.map(|m| spelled(&m)),
            rules: crate::rules::all().iter().map(|r| spelled(r.id)).collect(),
        }
    }

    fn severity(&self, severity: Option<Severity>) -> &[u8] {
        severity.map_or(b"null", |s| spelling(&self.severities, s as usize))
    }

    fn state(&self, state: PhaseState) -> &[u8] {
        spelling(&self.states, state as usize)
    }

    /// Appends one cell, as `MatrixCell` serializes without a report (and
    /// without waivers: a streamed matrix has none).
    fn write_cell(&self, out: &mut Vec<u8>, rescuer: usize, distressed: usize, cell: &CellSummary) {
        let verdict = cell.judgement.verdict;
        out.extend_from_slice(b"{\"rescuer\":");
        out.extend_from_slice(spelling(&self.ids, rescuer));
        out.extend_from_slice(b",\"distressed\":");
        out.extend_from_slice(spelling(&self.ids, distressed));
        out.extend_from_slice(b",\"verdict\":");
        out.extend_from_slice(spelling(&self.verdicts, verdict.kind.rank() as usize));
        out.extend_from_slice(b",\"mode\":");
        out.extend_from_slice(spelling(&self.modes, verdict.mode as usize));
        out.extend_from_slice(b",\"phase\":");
        out.extend_from_slice(
            verdict
                .phase
                .map_or(b"null", |p| spelling(&self.phases, p as usize)),
        );
        out.extend_from_slice(b",\"worst\":");
        out.extend_from_slice(self.severity(cell.worst));
        out.extend_from_slice(b",\"phases\":[");
        for (i, phase) in cell.judgement.phases().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"phase\":");
            out.extend_from_slice(spelling(&self.phases, phase.phase as usize));
            out.extend_from_slice(b",\"state\":");
            out.extend_from_slice(self.state(phase.state));
            out.extend_from_slice(b",\"mode\":");
            out.extend_from_slice(spelling(&self.modes, phase.mode as usize));
            out.extend_from_slice(b",\"evaluations\":");
            write_u32(
                out,
                cell.phase_evaluations
                    .get(phase.phase as usize)
                    .copied()
                    .unwrap_or(0),
            );
            out.extend_from_slice(b",\"modes\":[");
            for (j, (mode, state)) in phase.mode_states().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"mode\":");
                out.extend_from_slice(spelling(&self.modes, mode as usize));
                out.extend_from_slice(b",\"state\":");
                out.extend_from_slice(self.state(state));
                out.extend_from_slice(b",\"counts\":{");
                let counts = cell.tally.counts(phase.phase, mode);
                let mut first = true;
                for (name, n) in [
                    &b"\"advisory\":"[..],
                    b"\"conditional\":",
                    b"\"unknown\":",
                    b"\"blocking\":",
                ]
                .into_iter()
                .zip(counts)
                .filter(|(_, n)| *n > 0)
                {
                    if !first {
                        out.push(b',');
                    }
                    first = false;
                    out.extend_from_slice(name);
                    write_u32(out, n);
                }
                out.extend_from_slice(b"}}");
            }
            out.extend_from_slice(b"]}");
        }
        out.extend_from_slice(b"],\"blocking_rules\":[");
        let mut first = true;
        for (i, rule) in self.rules.iter().enumerate() {
            if i < MAX_RULES && cell.blocking & (1u128 << i) != 0 {
                if !first {
                    out.push(b',');
                }
                first = false;
                out.extend_from_slice(rule);
            }
        }
        out.extend_from_slice(b"]}");
    }
}

fn write_u32(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut start = digits.len();
    loop {
        start -= 1;
        if let Some(d) = digits.get_mut(start) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || start == 0 {
            break;
        }
    }
    out.extend_from_slice(digits.get(start..).unwrap_or_default());
}

/// Writes the JSON matrix report of `fleet` to `out` as cells are checked
/// (without findings or waivers: those go through [`build_matrix`]).
/// `adapters` are listed as routed through.
pub fn write_matrix_json(
    fleet: &[Vehicle],
    adapters: &[SpecInfo],
    env: &Environment,
    selection: &Selection,
    progress: &(dyn Fn(u64) + Sync),
    out: &mut dyn std::io::Write,
) -> std::io::Result<StreamOutcome> {
    let head = Head {
        schema_version: REPORT_SCHEMA_VERSION,
        tool: ToolInfo::current(),
        date: report_date(),
        orientation: ORIENTATION,
        vehicles: spec_infos(fleet),
        adapters,
        files: crate::report::model::file_infos_with(&fleet.iter().collect::<Vec<_>>(), env),
    };
    let mut head = serde_json::to_vec(&head)?;
    head.pop(); // the closing brace: cells and summary follow
    out.write_all(&head)?;
    out.write_all(b",\"cells\":[")?;
    let spellings = Spellings::new(fleet);
    let mut tally = SummaryTally::new();
    let mut first = true;
    // Vehicle indices: rows are rescuers, columns the rescued.
    let indices: Vec<usize> = (0..fleet.len()).collect();
    // One set of row buffers per tile, reused from block to block: fresh
    // buffers for every block cost more in page faults than in checking.
    let mut tiles: Vec<(Vec<Vec<u8>>, SummaryTally)> = indices
        .chunks(COLUMNS_PER_TASK)
        .map(|_| (Vec::new(), SummaryTally::new()))
        .collect();
    for block in indices.chunks(ROWS_PER_BLOCK) {
        // A block of rows is checked in tiles of columns, each distressed
        // vehicle against every rescuer of the block in turn: its spec is
        // read from memory once per block rather than once per cell, which
        // is what bounds a fleet too large for the CPU caches.
        indices
            .par_chunks(COLUMNS_PER_TASK)
            .zip(tiles.par_iter_mut())
            .for_each(|(columns, (bufs, tile))| {
                bufs.resize_with(block.len(), Vec::new);
                bufs.truncate(block.len());
                bufs.iter_mut().for_each(Vec::clear);
                *tile = SummaryTally::new();
                let mut cells = 0;
                for (d, distressed) in columns.iter().filter_map(|d| Some((*d, fleet.get(*d)?))) {
                    for (r, buf) in block.iter().zip(bufs.iter_mut()) {
                        let Some(rescuer) = fleet.get(*r).filter(|_| *r != d) else {
                            continue;
                        };
                        let cell = cell_summary(rescuer, distressed, env, selection);
                        tile.add(&cell);
                        buf.extend_from_slice(b",\n");
                        spellings.write_cell(buf, *r, d, &cell);
                        cells += 1;
                    }
                }
                progress(cells);
            });
        // Row by row, each row's tiles in column order: the order of the
        // cells does not depend on the tiling.
        for row in 0..block.len() {
            for buf in tiles.iter().filter_map(|(bufs, _)| bufs.get(row)) {
                let bytes = if first {
                    buf.get(1..).unwrap_or_default()
                } else {
                    buf
                };
                if !buf.is_empty() {
                    first = false;
                }
                out.write_all(bytes)?;
            }
        }
        for (_, tile) in &tiles {
            tally.merge(tile);
        }
    }
    let summary = tally.summary();
    out.write_all(b"\n],\"summary\":")?;
    serde_json::to_writer(&mut *out, &summary)?;
    out.write_all(b"}\n")?;
    out.flush()?;
    Ok(StreamOutcome {
        summary,
        worst: tally.worst,
    })
}

/// The specs as a matrix lists them: labelled by their vehicle id.
pub fn spec_infos(fleet: &[Vehicle]) -> Vec<SpecInfo> {
    fleet
        .iter()
        .map(|v| SpecInfo {
            label: v.id.clone(),
            id: v.id.clone(),
            name: v.name.clone(),
            path: crate::report::display_path(&v.file),
            sha256: v.file.sha256(),
        })
        .collect()
}
