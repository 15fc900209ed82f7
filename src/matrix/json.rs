//! The JSON of a fleet's verdicts, streamed: the same document as
//! [`crate::report::json::render_matrix`] without findings, written cell by
//! cell (compact, one cell a line) in tiles checked in parallel. It is the
//! fast path of the 1,000-vehicle benchmark (docs/performance.md).

use rayon::prelude::*;
use serde::Serialize;

use super::stream::{MatrixHead, Naming};
use super::{
    COLUMNS_PER_TASK, CellSummary, ColumnDefault, HomeStations, MatrixOptions, MatrixScenario,
    ROWS_PER_BLOCK, StreamOutcome, Tally, cell_summary,
};
use crate::check::{Selection, VerdictKind};
use crate::report::model::{FileInfo, REPORT_SCHEMA_VERSION, SpecInfo, ToolInfo};
use crate::rules::{Environment, Mode, Phase, Severity};
use crate::spec::Vehicle;

/// The head of the document: every field before `cells`, in order.
#[derive(Serialize)]
pub(crate) struct Head<'a> {
    pub schema_version: u32,
    pub tool: &'a ToolInfo,
    pub date: &'a str,
    pub orientation: &'a str,
    pub vehicles: &'a [SpecInfo],
    pub files: &'a [FileInfo],
    pub defaults: &'a [ColumnDefault],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<&'a MatrixScenario>,
}

impl<'a> Head<'a> {
    pub(crate) fn of(head: &'a MatrixHead) -> Self {
        Head {
            schema_version: REPORT_SCHEMA_VERSION,
            tool: &head.tool,
            date: &head.date,
            orientation: &head.orientation,
            vehicles: &head.vehicles,
            files: &head.files,
            defaults: &head.defaults,
            scenario: head.scenario.as_ref(),
        }
    }
}

/// The document's last fields after the summary: a share-safe report says
/// so and how it is keyed.
pub(crate) fn tail(head: &MatrixHead) -> Vec<u8> {
    match &head.keyed {
        Some(keyed) => {
            let mut out = b",\"share_safe\":true,\"keyed\":".to_vec();
            out.extend(spelled(keyed));
            out
        }
        None => Vec::new(),
    }
}

/// JSON spellings computed once, so writing a cell copies bytes and
/// formats integers, nothing else (serde escaping every id of a million
/// cells took a quarter of the run).
struct Spellings {
    ids: Vec<Vec<u8>>,
    phases: [Vec<u8>; 6],
    severities: [Vec<u8>; 4],
    verdicts: [Vec<u8>; 4],
    modes: [Vec<u8>; 3],
    rules: Vec<Vec<u8>>,
}

pub(crate) fn spelled<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    crate::text::json::to_vec(value).unwrap_or_else(|_| b"null".to_vec())
}

impl Spellings {
    fn new(naming: &Naming) -> Self {
        Spellings {
            ids: naming.labels().iter().map(spelled).collect(),
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
/// (without findings: `--findings` goes through [`super::stream`]).
pub fn write_matrix_json(
    fleet: &[Vehicle],
    env: &Environment,
    selection: &Selection,
    progress: &(dyn Fn(u64) + Sync),
    out: &mut dyn std::io::Write,
) -> std::io::Result<StreamOutcome> {
    let options = MatrixOptions {
        selection: selection.clone(),
        ..MatrixOptions::default()
    };
    write_matrix_json_with(fleet, env, &options, progress, out)
}

/// [`write_matrix_json`] with `options`: share-safe when
/// `options.share_safe` holds the keys, every cell in `options.scenario`
/// when given (`options.findings` is not read).
pub fn write_matrix_json_with(
    fleet: &[Vehicle],
    env: &Environment,
    options: &MatrixOptions,
    progress: &(dyn Fn(u64) + Sync),
    out: &mut dyn std::io::Write,
) -> std::io::Result<StreamOutcome> {
    let homes = HomeStations::of(fleet);
    let (selection, template) = (&options.selection, options.scenario.as_deref());
    let (matrix_head, naming) = MatrixHead::new(fleet, env, options, &homes);
    let mut head = crate::text::json::to_vec(&Head::of(&matrix_head))?;
    head.pop(); // the closing brace: cells and summary follow
    out.write_all(&head)?;
    out.write_all(b",\"cells\":[")?;
    let spellings = Spellings::new(&naming);
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
                for d in columns.iter().copied() {
                    for (r, buf) in block.iter().zip(bufs.iter_mut()) {
                        // The cell's scenario, from borrowed parts: no
                        // vehicle is cloned per cell.
                        let Some(situation) = homes.situation(fleet, *r, d, template) else {
                            continue;
                        };
                        let cell = cell_summary(&situation, env, selection);
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
    out.write_all(&tail(&matrix_head))?;
    out.write_all(b"}\n")?;
    out.flush()?;
    Ok(StreamOutcome {
        summary,
        worst: tally.worst,
    })
}
