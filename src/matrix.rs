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

use crate::check::{Selection, VerdictKind, check_direction, run_direction_observed};
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
    progress: &(dyn Fn() + Sync),
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
            progress();
            Some(cell)
        })
        .collect();
    let vehicles = fleet
        .iter()
        .map(|v| SpecInfo {
            label: v.id.clone(),
            id: v.id.clone(),
            name: v.name.clone(),
            path: crate::report::display_path(&v.file),
            sha256: v.file.sha256(),
        })
        .collect();
    let summary = summarize(&cells);
    MatrixReport {
        schema_version: REPORT_SCHEMA_VERSION,
        tool: ToolInfo::current(),
        date: report_date(),
        orientation: ORIENTATION.into(),
        vehicles,
        files: crate::report::model::file_infos(&fleet.iter().collect::<Vec<_>>()),
        cells,
        summary,
    }
}

/// The matrix over the number of cells `fleet` has.
pub fn cell_count(fleet_size: usize) -> usize {
    fleet_size * fleet_size.saturating_sub(1)
}

fn cell(
    rescuer: &Vehicle,
    distressed: &Vehicle,
    env: &Environment,
    options: &MatrixOptions,
) -> MatrixCell {
    let mut counts: Vec<(Phase, [u32; 4])> = Phase::ALL.iter().map(|p| (*p, [0; 4])).collect();
    let mut blocking_rules: Vec<String> = Vec::new();
    let mut before = [0u32; 4];
    let observe = |rule: &'static Rule, sink: &Sink| {
        let now = [
            Severity::Advisory,
            Severity::Conditional,
            Severity::Unknown,
            Severity::Blocking,
        ]
        .map(|s| sink.count(s));
        if let Some((_, phase_counts)) = counts.iter_mut().find(|(p, _)| *p == rule.phase) {
            for ((total, n), b) in phase_counts.iter_mut().zip(now).zip(before) {
                *total += n - b;
            }
        }
        if now[3] > before[3] {
            blocking_rules.push(rule.id.to_string());
        }
        before = now;
    };
    let (_, summary) = run_direction_observed(
        rescuer,
        distressed,
        env,
        &options.selection,
        Sink::counting(),
        observe,
    );
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
            .any(|(_, c)| c.get(*s as usize).is_some_and(|n| *n > 0))
    });
    let phases = summary
        .phase_worst
        .iter()
        .map(|(phase, worst)| {
            let c = counts
                .iter()
                .find(|(p, _)| p == phase)
                .map_or([0; 4], |(_, c)| *c);
            PhaseCounts {
                phase: *phase,
                worst: *worst,
                advisory: c[0],
                conditional: c[1],
                unknown: c[2],
                blocking: c[3],
            }
        })
        .collect();
    let report = options.findings.then(|| {
        let result = check_direction(rescuer, distressed, env, &options.selection);
        build_direction_report(rescuer, distressed, &result)
    });
    MatrixCell {
        rescuer: rescuer.id.clone(),
        distressed: distressed.id.clone(),
        verdict: summary.verdict.kind,
        mode: summary.verdict.mode,
        phase: summary.verdict.phase,
        worst,
        phases,
        blocking_rules,
        report,
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
