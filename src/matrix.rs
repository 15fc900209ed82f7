//! The fleet matrix: every ordered pair of a fleet, rows the rescuer,
//! columns the distressed crew.
//!
//! Each cell is one direction of `check`, run with a counting sink so no
//! finding is formatted unless asked for. The summary says which phases
//! block most often and which single rule, if resolved, would unblock the
//! most pairs: a rule counts for a blocked cell when it is the only rule
//! with a blocking finding there.

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::check::{Selection, VerdictKind, check_direction, run_direction_verdicts};
use crate::report::model::{
    DirectionReport, FileInfo, REPORT_SCHEMA_VERSION, SpecInfo, ToolInfo, build_direction_report,
    report_date,
};
use crate::rules::{Environment, Mode, Phase, Rule, Severity, Sink};
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
    /// The fleet, in row (and column) order; `label` is the vehicle id.
    pub vehicles: Vec<SpecInfo>,
    /// Every file the matrix read: the specs and the suit files they
    /// reference.
    pub files: Vec<FileInfo>,
    /// Every ordered pair, row by row (rescuer), skipping the diagonal.
    pub cells: Vec<MatrixCell>,
    pub summary: MatrixSummary,
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
}

/// Checks every ordered pair of `fleet` in parallel; `progress` is called
/// once per finished cell (from any thread).
pub fn build_matrix(
    fleet: &[Vehicle],
    env: &Environment,
    options: &MatrixOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> MatrixReport {
    let pairs: Vec<(usize, usize)> = (0..fleet.len())
        .flat_map(|r| {
            (0..fleet.len())
                .filter(move |d| *d != r)
                .map(move |d| (r, d))
        })
        .collect();
    let cells: Vec<MatrixCell> = pairs
        .par_iter()
        .filter_map(|(r, d)| {
            let cell = cell(fleet.get(*r)?, fleet.get(*d)?, env, options);
            progress(1);
            Some(cell)
        })
        .collect();
    let vehicles = spec_infos(fleet);
    let summary = summarize(&cells);
    MatrixReport {
        schema_version: REPORT_SCHEMA_VERSION,
        tool: ToolInfo::current(),
        date: report_date(),
        orientation: ORIENTATION.into(),
        vehicles,
        files: crate::report::model::file_infos_with(&fleet.iter().collect::<Vec<_>>(), env),
        cells,
        summary,
    }
}

/// The matrix over the number of cells `fleet` has.
pub fn cell_count(fleet_size: usize) -> usize {
    fleet_size * fleet_size.saturating_sub(1)
}

/// What one cell says, without allocating: the fleet matrix computes a
/// million of these.
#[derive(Debug, Clone)]
struct CellSummary {
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
                .filter(|i| *i < 128)
        {
            blocking |= 1u128 << index;
        }
        blocking_before = now;
    };
    let (sink, verdicts) = run_direction_verdicts(
        rescuer,
        distressed,
        env,
        selection,
        Sink::counting(),
        observe,
    );
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

fn cell(
    rescuer: &Vehicle,
    distressed: &Vehicle,
    env: &Environment,
    options: &MatrixOptions,
) -> MatrixCell {
    let summary = cell_summary(rescuer, distressed, env, &options.selection);
    let report = options.findings.then(|| {
        let result = check_direction(rescuer, distressed, env, &options.selection);
        build_direction_report(rescuer, distressed, &result)
    });
    MatrixCell {
        rescuer: rescuer.id.clone(),
        distressed: distressed.id.clone(),
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

impl MatrixReport {
    /// The cell of a directed pair, by vehicle ids.
    pub fn cell(&self, rescuer: &str, distressed: &str) -> Option<&MatrixCell> {
        self.cells
            .iter()
            .find(|c| c.rescuer == rescuer && c.distressed == distressed)
    }
}

/// The JSON Schema of the matrix report (published as
/// `docs/matrix.schema.json`).
pub fn matrix_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    generator.into_root_schema_for::<MatrixReport>().to_value()
}

// ---------------------------------------------------------------------------
// Streaming JSON: the same document as `render_matrix`, written cell by cell
// (compact, one cell a line) so a fleet of thousands never holds its N x N
// cells in memory.

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

#[derive(Debug, Clone)]
struct Tally {
    verdicts: [u32; 4],
    blocking_phases: [u32; 6],
    sole: Vec<u32>,
    any: Vec<u32>,
    worst: Option<Severity>,
    pairs: u32,
}

impl Tally {
    fn new() -> Self {
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

    fn add(&mut self, cell: &CellSummary) {
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

    fn merge(&mut self, other: &Tally) {
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

    fn summary(&self) -> MatrixSummary {
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

/// The head of the document: every field before `cells`, in order.
#[derive(Serialize)]
struct Head<'a> {
    schema_version: u32,
    tool: ToolInfo,
    date: String,
    orientation: &'a str,
    vehicles: Vec<SpecInfo>,
    files: Vec<FileInfo>,
}

/// JSON spellings computed once, so writing a cell copies bytes and
/// formats integers, nothing else (serde escaping every id of a million
/// cells took a quarter of the run).
struct Spellings {
    ids: Vec<Vec<u8>>,
    phases: [Vec<u8>; 6],
    severities: [Vec<u8>; 4],
    verdicts: [Vec<u8>; 4],
    modes: [Vec<u8>; 2],
    rules: Vec<Vec<u8>>,
}

fn spelled<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    crate::text::json::to_vec(value).unwrap_or_else(|_| b"null".to_vec())
}

impl Spellings {
    fn new(fleet: &[Vehicle]) -> Self {
        Spellings {
            ids: fleet.iter().map(|v| spelled(&v.id)).collect(),
            phases: Phase::ALL.map(|p| spelled(&p)),
            severities: [
                Severity::Advisory,
                Severity::Conditional,
                Severity::Unknown,
                Severity::Blocking,
            ]
            .map(|s| spelled(&s)),
            verdicts: [
                VerdictKind::Feasible,
                VerdictKind::FeasibleWithConditions,
                VerdictKind::Undetermined,
                VerdictKind::Blocked,
            ]
            .map(|v| spelled(&v)),
            modes: Mode::ALL.map(|m| spelled(&m)),
            rules: crate::rules::all().iter().map(|r| spelled(r.id)).collect(),
        }
    }

    fn severity(&self, severity: Option<Severity>) -> &[u8] {
        severity
            .and_then(|s| self.severities.get(s as usize))
            .map_or(b"null", Vec::as_slice)
    }

    /// Appends one cell, as `MatrixCell` serializes without a report.
    fn write_cell(&self, out: &mut Vec<u8>, rescuer: usize, distressed: usize, cell: &CellSummary) {
        let id = |i: usize| self.ids.get(i).map_or(&b"null"[..], Vec::as_slice);
        out.extend_from_slice(b"{\"rescuer\":");
        out.extend_from_slice(id(rescuer));
        out.extend_from_slice(b",\"distressed\":");
        out.extend_from_slice(id(distressed));
        out.extend_from_slice(b",\"verdict\":");
        let verdict = match cell.verdict {
            VerdictKind::Feasible => 0,
            VerdictKind::FeasibleWithConditions => 1,
            VerdictKind::Undetermined => 2,
            VerdictKind::Blocked => 3,
        };
        out.extend_from_slice(self.verdicts.get(verdict).map_or(b"null", Vec::as_slice));
        out.extend_from_slice(b",\"mode\":");
        out.extend_from_slice(
            self.modes
                .get(cell.mode as usize)
                .map_or(b"null", Vec::as_slice),
        );
        out.extend_from_slice(b",\"phase\":");
        out.extend_from_slice(
            cell.phase
                .and_then(|p| self.phases.get(p as usize))
                .map_or(b"null", Vec::as_slice),
        );
        out.extend_from_slice(b",\"worst\":");
        out.extend_from_slice(self.severity(cell.worst));
        out.extend_from_slice(b",\"phases\":[");
        for (i, (phase, worst, counts)) in cell.phases().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"phase\":");
            out.extend_from_slice(
                self.phases
                    .get(*phase as usize)
                    .map_or(b"null", Vec::as_slice),
            );
            out.extend_from_slice(b",\"worst\":");
            out.extend_from_slice(self.severity(*worst));
            for (name, n) in [
                &b",\"advisory\":"[..],
                b",\"conditional\":",
                b",\"unknown\":",
                b",\"blocking\":",
            ]
            .into_iter()
            .zip(counts)
            {
                out.extend_from_slice(name);
                write_u32(out, *n);
            }
            out.push(b'}');
        }
        out.extend_from_slice(b"],\"blocking_rules\":[");
        let mut first = true;
        for (i, rule) in self.rules.iter().enumerate() {
            if i < 128 && cell.blocking & (1u128 << i) != 0 {
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
/// (without findings: `--findings` goes through [`build_matrix`]).
pub fn write_matrix_json(
    fleet: &[Vehicle],
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
        files: crate::report::model::file_infos_with(&fleet.iter().collect::<Vec<_>>(), env),
    };
    let mut head = crate::text::json::to_vec(&head)?;
    head.pop(); // the closing brace: cells and summary follow
    out.write_all(&head)?;
    out.write_all(b",\"cells\":[")?;
    let spellings = Spellings::new(fleet);
    let mut tally = Tally::new();
    let mut first = true;
    // Vehicle indices: rows are rescuers, columns the rescued.
    let indices: Vec<usize> = (0..fleet.len()).collect();
    // One set of row buffers per tile, reused from block to block: fresh
    // buffers for every block cost more in page faults than in checking.
    let mut tiles: Vec<(Vec<Vec<u8>>, Tally)> = indices
        .chunks(COLUMNS_PER_TASK)
        .map(|_| (Vec::new(), Tally::new()))
        .collect();
    for block in indices.chunks(ROWS_PER_BLOCK) {
        // A block of rows is checked in tiles of columns, each distressed
        // vehicle against every rescuer of the block in turn: its spec is
        // read from memory once per block rather than once per cell, which
        // is what bounds a fleet too large for the CPU caches.
        indices
            .par_chunks(COLUMNS_PER_TASK)
            .zip(tiles.par_iter_mut())
            .for_each(|(columns, (bufs, tally))| {
                bufs.resize_with(block.len(), Vec::new);
                bufs.truncate(block.len());
                bufs.iter_mut().for_each(Vec::clear);
                *tally = Tally::new();
                let mut cells = 0;
                for (d, distressed) in columns.iter().filter_map(|d| Some((*d, fleet.get(*d)?))) {
                    for (r, buf) in block.iter().zip(bufs.iter_mut()) {
                        let Some(rescuer) = fleet.get(*r).filter(|_| *r != d) else {
                            continue;
                        };
                        let cell = cell_summary(rescuer, distressed, env, selection);
                        tally.add(&cell);
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
    crate::text::json::to_writer(&mut *out, &summary)?;
    out.write_all(b"}\n")?;
    out.flush()?;
    Ok(StreamOutcome {
        summary,
        worst: tally.worst,
    })
}

fn spec_infos(fleet: &[Vehicle]) -> Vec<SpecInfo> {
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
