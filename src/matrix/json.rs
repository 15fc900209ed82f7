//! The JSON of a fleet's verdicts, streamed: the same document as
//! [`crate::report::json::render_matrix`] without findings, written cell by
//! cell (compact, one cell a line) in tiles checked in parallel. It is the
//! fast path of the 1,000-vehicle benchmark (docs/performance.md).

use rayon::prelude::*;
use serde::Serialize;

use super::stream::{MatrixHead, Naming};
use super::{
    COLUMNS_PER_TASK, CellSummary, ColumnDefault, HomeStations, MatrixOptions, MatrixScenario,
    ROWS_PER_BLOCK, StreamOutcome, SummaryTally, cell_summary,
};
use crate::check::{PhaseState, Selection, VerdictKind};
use crate::report::model::{FileInfo, REPORT_SCHEMA_VERSION, SpecInfo, ToolInfo};
use crate::rules::{Environment, MAX_RULES, MODES, Mode, PHASES, Phase, Severity};
use crate::spec::Vehicle;
use crate::waivers::WaiverSection;

/// The head of the document: every field before `cells`, in order.
#[derive(Serialize)]
pub(crate) struct Head<'a> {
    pub schema_version: u32,
    pub tool: &'a ToolInfo,
    pub date: &'a str,
    pub orientation: &'a str,
    pub vehicles: &'a [SpecInfo],
    pub adapters: &'a [SpecInfo],
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
            adapters: &head.adapters,
            files: &head.files,
            defaults: &head.defaults,
            scenario: head.scenario.as_ref(),
        }
    }
}

/// The document's last fields after the summary: the waivers section, and
/// whether a share-safe report says so and how it is keyed.
pub(crate) fn tail(head: &MatrixHead, waivers: Option<&WaiverSection>) -> Vec<u8> {
    let mut out = Vec::new();
    if let Some(section) = waivers {
        out.extend_from_slice(b",\"waivers\":");
        out.extend(spelled(section));
    }
    if let Some(keyed) = &head.keyed {
        out.extend_from_slice(b",\"share_safe\":true,\"keyed\":");
        out.extend(spelled(keyed));
    }
    out
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

pub(crate) fn spelled<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    crate::text::json::to_vec(value).unwrap_or_else(|_| b"null".to_vec())
}

fn spelling(table: &[Vec<u8>], index: usize) -> &[u8] {
    table.get(index).map_or(b"null", Vec::as_slice)
}

impl Spellings {
    fn new(naming: &Naming) -> Self {
        Spellings {
            ids: naming.labels().iter().map(spelled).collect(),
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
    /// without waivers: this writer is not used with a waivers file).
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
/// (without findings or waivers: those go through [`super::stream`]).
/// `adapters` are listed as routed through.
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
            .for_each(|(columns, (bufs, tally))| {
                bufs.resize_with(block.len(), Vec::new);
                bufs.truncate(block.len());
                bufs.iter_mut().for_each(Vec::clear);
                *tally = SummaryTally::new();
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
    out.write_all(&tail(&matrix_head, None))?;
    out.write_all(b"}\n")?;
    out.flush()?;
    Ok(StreamOutcome {
        summary,
        worst: tally.worst,
    })
}
