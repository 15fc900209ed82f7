//! Every matrix format, streamed: a head, the grid row by row, the
//! summary, then each cell's findings, written as they are computed so that
//! memory holds a block of rows of verdicts, or one row of findings, never
//! the N x N cells (docs/performance.md gives the figures).
//!
//! A format is a [`MatrixRenderer`]; [`stream`] drives it over a fleet, and
//! [`render_report`] over a report already in memory, so both give the same
//! bytes. Cells are looked up by position ([`super::cell_index`]), never by
//! a search.

use std::io::{self, Write};

use rayon::prelude::*;

use super::{
    ColumnDefault, HomeStations, MatrixCell, MatrixOptions, MatrixReport, MatrixScenario,
    MatrixSummary, ORIENTATION, ROWS_PER_BLOCK, StreamOutcome, Tally, cell_of_summary,
    cell_summary,
};
use crate::check::check_situation;
use crate::report::model::{
    DirectionReport, FileInfo, SpecInfo, ToolInfo, build_direction_report, report_date,
};
use crate::rules::Environment;
use crate::share_safe::{Names, RestrictedField, ShareSafe};
use crate::spec::{SourceFile, Vehicle};

/// What every matrix report starts with.
#[derive(Debug, Clone)]
pub struct MatrixHead {
    pub tool: ToolInfo,
    pub date: String,
    pub orientation: String,
    /// The fleet in row (and column) order.
    pub vehicles: Vec<SpecInfo>,
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

impl MatrixHead {
    /// The head of the matrix of `fleet`, and how its cells are named:
    /// share-safe (vehicles `S1`, `S2`... named by keyed digest) when
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
        let vehicles: Vec<SpecInfo> = fleet
            .iter()
            .map(|v| SpecInfo {
                label: v.id.clone(),
                id: v.id.clone(),
                name: v.name.clone(),
                path: crate::report::display_path(&v.file),
                sha256: v.file.sha256(),
            })
            .collect();
        let files = crate::report::model::file_infos_with(&fleet.iter().collect::<Vec<_>>(), env);
        let mut head = MatrixHead {
            tool: ToolInfo::current(),
            date: report_date(),
            orientation: ORIENTATION.into(),
            vehicles,
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
            crate::report::source_files(&fleet.iter().collect::<Vec<_>>());
        sources.extend(env.data_files.iter().map(|f| &**f));
        let labels: Vec<String> = (1..=fleet.len()).map(|i| format!("S{i}")).collect();
        let mut names = Names::for_files(&sources, keys);
        for (spec, label) in head.vehicles.iter_mut().zip(&labels) {
            names.add_vehicle(&spec.name, &spec.id, &format!("spec {label}"));
        }
        for (spec, label) in head.vehicles.iter_mut().zip(&labels) {
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
}

/// One output format of the matrix, written piece by piece. Findings are
/// rendered in parallel ([`MatrixRenderer::findings`] takes `&self`).
pub trait MatrixRenderer: Sync {
    /// Whether the format shows the grid of verdicts.
    fn shows_grid(&self) -> bool {
        true
    }
    /// Whether it shows each cell's findings.
    fn shows_findings(&self) -> bool;
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
    /// After the grid: the summary, as the format places it there.
    fn summary(
        &self,
        _head: &MatrixHead,
        _summary: &MatrixSummary,
        _out: &mut dyn Write,
    ) -> io::Result<()> {
        Ok(())
    }
    /// One cell's findings (its `report`), as items joined by
    /// [`MatrixRenderer::separator`] across the whole stream.
    fn findings(&self, head: &MatrixHead, cell: &MatrixCell) -> Vec<String>;
    /// The end of the document.
    fn end(
        &self,
        head: &MatrixHead,
        summary: &MatrixSummary,
        out: &mut dyn Write,
    ) -> io::Result<()>;
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
    renderer: &dyn MatrixRenderer,
    progress: &(dyn Fn(u64) + Sync),
    out: &mut dyn Write,
) -> io::Result<StreamOutcome> {
    let homes = HomeStations::of(fleet);
    let (head, naming) = MatrixHead::new(fleet, env, options, &homes);
    let template = options.scenario.as_deref();
    let n = fleet.len();
    renderer.head(&head, out)?;
    let mut tally = Tally::new();
    let grid = renderer.shows_grid();
    if grid {
        let rows: Vec<usize> = (0..n).collect();
        for block in rows.chunks(ROWS_PER_BLOCK) {
            let summaries: Vec<Vec<Option<super::CellSummary>>> = block
                .par_iter()
                .map(|r| {
                    let cells: Vec<_> = (0..n)
                        .map(|d| {
                            let situation = homes.situation(fleet, *r, d, template)?;
                            Some(cell_summary(&situation, env, &options.selection))
                        })
                        .collect();
                    progress(n as u64);
                    cells
                })
                .collect();
            for (r, row) in block.iter().zip(summaries) {
                let cells: Vec<Option<MatrixCell>> = row
                    .iter()
                    .enumerate()
                    .map(|(d, summary)| {
                        summary.as_ref().map(|s| {
                            tally.add(s);
                            cell_of_summary(s, naming.label(*r), naming.label(d), None)
                        })
                    })
                    .collect();
                let shown: Vec<Option<&MatrixCell>> = cells.iter().map(Option::as_ref).collect();
                renderer.row(&head, *r, &shown, out)?;
            }
        }
        renderer.summary(&head, &tally.summary(), out)?;
    }
    if renderer.shows_findings() {
        let mut first = true;
        for r in 0..n {
            let row: Vec<(super::CellSummary, Vec<String>)> = (0..n)
                .into_par_iter()
                .filter_map(|d| {
                    let situation = homes.situation(fleet, r, d, template)?;
                    let summary = cell_summary(&situation, env, &options.selection);
                    let result = check_situation(&situation, env, &options.selection);
                    let mut report = build_direction_report(&situation, &result);
                    naming.redact(&mut report, r, d);
                    let cell =
                        cell_of_summary(&summary, naming.label(r), naming.label(d), Some(report));
                    Some((summary, renderer.findings(&head, &cell)))
                })
                .collect();
            for (summary, items) in row {
                if !grid {
                    tally.add(&summary);
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
    let summary = tally.summary();
    renderer.end(&head, &summary, out)?;
    out.flush()?;
    Ok(StreamOutcome {
        summary,
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
        files: report.files.clone(),
        defaults: report.defaults.clone(),
        scenario: report.scenario.clone(),
        keyed: report.keyed.clone(),
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
            renderer.summary(&head, &report.summary, &mut out)?;
        }
        if renderer.shows_findings() {
            let mut first = true;
            for cell in &report.cells {
                for item in renderer.findings(&head, cell) {
                    if !first {
                        out.write_all(renderer.separator().as_bytes())?;
                    }
                    first = false;
                    out.write_all(item.as_bytes())?;
                }
            }
        }
        renderer.end(&head, &report.summary, &mut out)
    };
    // Writing to memory does not fail.
    let _ = write();
    String::from_utf8_lossy(&out).into_owned()
}
