//! Every matrix format, streamed: a head, the grid row by row, the
//! summary, then each cell's findings, written as they are computed so that
//! memory holds a block of rows of verdicts, or one row of findings, never
//! the N x N cells (docs/performance.md gives the figures).
//!
//! A format is a [`MatrixRenderer`]; [`stream`] drives it over a fleet, and
//! [`render_report`] over a report already in memory, so both give the same
//! bytes. Cells are looked up by position ([`super::cell_index`]), never by
//! a search. With a waivers file, every cell is judged from its findings
//! (a waived finding decides nothing); the waivers it used are tallied
//! like the summary.

use std::io::{self, Write};

use rayon::prelude::*;

use super::{
    CellSummary, ColumnDefault, HomeStations, JudgedCell, MatrixCell, MatrixOptions, MatrixReport,
    MatrixScenario, MatrixTotals, ORIENTATION, ROWS_PER_BLOCK, StreamOutcome, SummaryTally,
    judge_cell,
};
use crate::report::model::{DirectionReport, FileInfo, Judging, SpecInfo, ToolInfo, report_date};
use crate::rules::Environment;
use crate::share_safe::{Names, RestrictedField, ShareSafe};
use crate::spec::{SourceFile, Vehicle};
use crate::waivers::{Ledger, WaiverSection};

/// What every matrix report starts with.
#[derive(Debug, Clone)]
pub struct MatrixHead {
    pub tool: ToolInfo,
    pub date: String,
    pub orientation: String,
    /// The fleet in row (and column) order.
    pub vehicles: Vec<SpecInfo>,
    /// Adapters named on the command line: routed through, never a row or
    /// a column.
    pub adapters: Vec<SpecInfo>,
    /// Every file read: specs, suit files, data files.
    pub files: Vec<FileInfo>,
    /// Where each column's crew is in its cells' scenario.
    pub defaults: Vec<ColumnDefault>,
    /// The scenario every cell takes (`--scenario`).
    pub scenario: Option<MatrixScenario>,
    /// How a share-safe report is keyed; `None` for an ordinary report.
    pub keyed: Option<String>,
}

impl MatrixHead {
    /// The default scenario of the cells, in one sentence.
    pub fn defaults_line(&self) -> String {
        super::defaults_line(&self.defaults, self.scenario.as_ref())
    }
}

/// How cells name the vehicles, and what a share-safe report withholds of
/// a cell's findings.
#[derive(Debug, Clone)]
pub struct Naming {
    /// Each vehicle's label in cells: its id, or `S1`, `S2`...
    labels: Vec<String>,
    share: Option<Sharing>,
}

#[derive(Debug, Clone)]
struct Sharing {
    keys: ShareSafe,
    names: Names,
    restricted: Vec<RestrictedField>,
}

/// The specs as a matrix lists them: labelled by their vehicle id.
pub fn spec_infos(vehicles: &[Vehicle]) -> Vec<SpecInfo> {
    vehicles
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

impl MatrixHead {
    /// The head of the matrix of `fleet` (with `options.adapters` routed
    /// through), and how its cells are named: share-safe (vehicles `S1`,
    /// `S2`..., adapters `AD1`, `AD2`..., named by keyed digest) when
    /// `options.share_safe` holds the keys; each column's crew where
    /// `homes` and `options.scenario` put it.
    pub fn new(
        fleet: &[Vehicle],
        env: &Environment,
        options: &MatrixOptions,
        homes: &HomeStations,
    ) -> (Self, Naming) {
        let share_safe = options.share_safe.as_ref();
        let template = options.scenario.as_deref();
        let adapters = options.adapters.as_slice();
        let files = crate::report::model::file_infos_with(&fleet.iter().collect::<Vec<_>>(), env);
        let mut head = MatrixHead {
            tool: ToolInfo::current(),
            date: report_date(),
            orientation: ORIENTATION.into(),
            vehicles: spec_infos(fleet),
            adapters: spec_infos(adapters),
            files,
            defaults: Vec::new(),
            scenario: template.map(MatrixScenario::of),
            keyed: None,
        };
        let Some(keys) = share_safe else {
            let labels: Vec<String> = fleet.iter().map(|v| v.id.clone()).collect();
            head.defaults = homes.defaults(fleet, template, &labels);
            return (
                head,
                Naming {
                    labels,
                    share: None,
                },
            );
        };
        let mut sources: Vec<&SourceFile> =
            crate::report::source_files(&fleet.iter().chain(adapters).collect::<Vec<_>>());
        sources.extend(env.data_files.iter().map(|f| &**f));
        let labels: Vec<String> = (1..=fleet.len()).map(|i| format!("S{i}")).collect();
        let adapter_labels: Vec<String> = (1..=adapters.len()).map(|i| format!("AD{i}")).collect();
        let mut names = Names::for_files(&sources, keys);
        for (spec, label) in head
            .vehicles
            .iter()
            .zip(&labels)
            .chain(head.adapters.iter().zip(&adapter_labels))
        {
            names.add_vehicle(&spec.name, &spec.id, &format!("spec {label}"));
        }
        for (spec, label) in head
            .vehicles
            .iter_mut()
            .zip(&labels)
            .chain(head.adapters.iter_mut().zip(&adapter_labels))
        {
            spec.label = label.clone();
            crate::share_safe::redact_spec(spec, &names, format!("spec {label}"));
        }
        keys.redact_files(&mut head.files, &names);
        head.defaults = homes.defaults(fleet, template, &labels);
        head.keyed = Some(keys.describe());
        let share = Sharing {
            keys: keys.clone(),
            names,
            restricted: crate::share_safe::restricted_fields(&sources),
        };
        (
            head,
            Naming {
                labels,
                share: Some(share),
            },
        )
    }
}

impl Naming {
    /// Vehicle `index`'s label in cells.
    pub fn label(&self, index: usize) -> &str {
        self.labels.get(index).map_or("?", String::as_str)
    }

    /// Every vehicle's label, in fleet order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Redacts the findings of `fleet[r]` rescuing `fleet[d]` for a
    /// share-safe report; nothing otherwise.
    pub fn redact(&self, report: &mut DirectionReport, r: usize, d: usize) {
        if let Some(share) = &self.share {
            let pair = [
                format!("spec {}", self.label(r)),
                format!("spec {}", self.label(d)),
            ];
            share.keys.redact_direction(
                report,
                &share.names,
                &share.restricted,
                [&pair[0], &pair[1]],
            );
        }
    }

    /// The waivers section of `judging`'s file, from what the cells used
    /// (`ledger`), redacted for a share-safe report.
    pub fn waivers(&self, judging: &Judging<'_>, ledger: &Ledger) -> Option<WaiverSection> {
        let mut section = judging.waivers?.section(ledger);
        if let Some(share) = &self.share {
            share.keys.redact_waivers(&mut section);
        }
        Some(section)
    }
}

/// One output format of the matrix, written piece by piece. Findings are
/// rendered in parallel ([`MatrixRenderer::findings`] takes `&self`).
pub trait MatrixRenderer: Sync {
    /// Whether the format shows the grid of verdicts.
    fn shows_grid(&self) -> bool {
        true
    }
    /// Whether it goes over each cell after the grid (its findings).
    fn shows_findings(&self) -> bool;
    /// Whether the cells it goes over after the grid keep their direction
    /// report (the JSON of verdicts alone does not).
    fn keeps_reports(&self) -> bool {
        true
    }
    /// What goes between two findings items (JSON and SARIF: a comma).
    fn separator(&self) -> &'static str {
        ""
    }
    fn head(&self, head: &MatrixHead, out: &mut dyn Write) -> io::Result<()>;
    /// One row of the grid: the cells of rescuer `row`, one per column,
    /// `None` on the diagonal.
    fn row(
        &self,
        _head: &MatrixHead,
        _row: usize,
        _cells: &[Option<&MatrixCell>],
        _out: &mut dyn Write,
    ) -> io::Result<()> {
        Ok(())
    }
    /// After the grid: the summary and the waivers, as the format places
    /// them there.
    fn summary(
        &self,
        _head: &MatrixHead,
        _totals: &MatrixTotals,
        _out: &mut dyn Write,
    ) -> io::Result<()> {
        Ok(())
    }
    /// One cell's findings (its `report`), as items joined by
    /// [`MatrixRenderer::separator`] across the whole stream.
    fn findings(&self, head: &MatrixHead, cell: &MatrixCell) -> Vec<String>;
    /// The end of the document.
    fn end(&self, head: &MatrixHead, totals: &MatrixTotals, out: &mut dyn Write) -> io::Result<()>;
}

/// How many times [`stream`] goes over the cells for `renderer` (for a
/// progress bar: cells times passes).
pub fn passes(renderer: &dyn MatrixRenderer) -> u64 {
    u64::from(renderer.shows_grid()) + u64::from(renderer.shows_findings())
}

/// Checks every ordered pair of `fleet` and writes the report as the cells
/// come: the grid a block of rows at a time, then the findings a row at a
/// time (each row's cells checked in parallel). `options.findings` is not
/// read: the renderer says what it shows.
pub fn stream(
    fleet: &[Vehicle],
    env: &Environment,
    options: &MatrixOptions,
    judging: &Judging<'_>,
    renderer: &dyn MatrixRenderer,
    progress: &(dyn Fn(u64) + Sync),
    out: &mut dyn Write,
) -> io::Result<StreamOutcome> {
    let homes = HomeStations::of(fleet);
    let (head, naming) = MatrixHead::new(fleet, env, options, &homes);
    let template = options.scenario.as_deref();
    let n = fleet.len();
    renderer.head(&head, out)?;
    let mut tally = SummaryTally::new();
    let mut ledger = Ledger::default();
    let grid = renderer.shows_grid();
    if grid {
        let rows: Vec<usize> = (0..n).collect();
        for block in rows.chunks(ROWS_PER_BLOCK) {
            let judged: Vec<Vec<Option<JudgedCell>>> = block
                .par_iter()
                .map(|r| {
                    let cells: Vec<_> = (0..n)
                        .map(|d| {
                            let situation = homes.situation(fleet, *r, d, template)?;
                            judge_cell(&situation, (*r, d), env, options, judging, &naming, false)
                        })
                        .collect();
                    progress(n as u64);
                    cells
                })
                .collect();
            for (r, row) in block.iter().zip(judged) {
                let cells: Vec<Option<MatrixCell>> = row
                    .into_iter()
                    .enumerate()
                    .map(|(d, judged)| {
                        judged.map(|j| {
                            let (cell, summary, used) =
                                j.into_cell(naming.label(*r), naming.label(d));
                            tally.add(&summary);
                            ledger.merge(&used);
                            cell
                        })
                    })
                    .collect();
                let shown: Vec<Option<&MatrixCell>> = cells.iter().map(Option::as_ref).collect();
                renderer.row(&head, *r, &shown, out)?;
            }
        }
        let totals = MatrixTotals {
            summary: tally.summary(),
            waivers: naming.waivers(judging, &ledger),
        };
        renderer.summary(&head, &totals, out)?;
    }
    if renderer.shows_findings() {
        let keep = renderer.keeps_reports();
        let mut first = true;
        for r in 0..n {
            // Each cell is dropped once rendered: a row holds its rendered
            // findings, not its reports.
            let row: Vec<(CellSummary, Ledger, Vec<String>)> = (0..n)
                .into_par_iter()
                .filter_map(|d| {
                    let situation = homes.situation(fleet, r, d, template)?;
                    let judged =
                        judge_cell(&situation, (r, d), env, options, judging, &naming, keep)?;
                    let (cell, summary, used) = judged.into_cell(naming.label(r), naming.label(d));
                    Some((summary, used, renderer.findings(&head, &cell)))
                })
                .collect();
            for (summary, used, items) in row {
                if !grid {
                    tally.add(&summary);
                    ledger.merge(&used);
                }
                for item in items {
                    if !first {
                        out.write_all(renderer.separator().as_bytes())?;
                    }
                    first = false;
                    out.write_all(item.as_bytes())?;
                }
            }
            progress(n as u64);
        }
    }
    let totals = MatrixTotals {
        summary: tally.summary(),
        waivers: naming.waivers(judging, &ledger),
    };
    renderer.end(&head, &totals, out)?;
    out.flush()?;
    Ok(StreamOutcome {
        summary: totals.summary,
        worst: tally.worst,
    })
}

/// A report already in memory, written by `renderer`: the same bytes as
/// [`stream`] gives for the fleet it was built from.
pub fn render_report(report: &MatrixReport, renderer: &dyn MatrixRenderer) -> String {
    let head = MatrixHead {
        tool: report.tool.clone(),
        date: report.date.clone(),
        orientation: report.orientation.clone(),
        vehicles: report.vehicles.clone(),
        adapters: report.adapters.clone(),
        files: report.files.clone(),
        defaults: report.defaults.clone(),
        scenario: report.scenario.clone(),
        keyed: report.keyed.clone(),
    };
    let totals = MatrixTotals {
        summary: report.summary.clone(),
        waivers: report.waivers.clone(),
    };
    let n = report.vehicles.len();
    let mut out: Vec<u8> = Vec::new();
    let mut write = || -> io::Result<()> {
        renderer.head(&head, &mut out)?;
        if renderer.shows_grid() {
            for r in 0..n {
                let cells: Vec<Option<&MatrixCell>> =
                    (0..n).map(|d| report.cell_at(r, d)).collect();
                renderer.row(&head, r, &cells, &mut out)?;
            }
            renderer.summary(&head, &totals, &mut out)?;
        }
        if renderer.shows_findings() {
            let mut first = true;
            for cell in &report.cells {
                let items = if renderer.keeps_reports() || cell.report.is_none() {
                    renderer.findings(&head, cell)
                } else {
                    let bare = MatrixCell {
                        report: None,
                        ..cell.clone()
                    };
                    renderer.findings(&head, &bare)
                };
                for item in items {
                    if !first {
                        out.write_all(renderer.separator().as_bytes())?;
                    }
                    first = false;
                    out.write_all(item.as_bytes())?;
                }
            }
        }
        renderer.end(&head, &totals, &mut out)
    };
    // Writing to memory does not fail.
    let _ = write();
    String::from_utf8_lossy(&out).into_owned()
}
