//! The fleet matrix for a terminal: the grid (vehicle labels abbreviated, a
//! legend under it, never wider than 120 columns: a wide fleet is printed
//! in panels of columns), the summary, the files read, then (with
//! `--findings`) each cell's findings. The summary's sentences are shared
//! with the markdown and HTML renderers ([`summary_sentences`]).
//!
//! Written as a stream ([`crate::matrix::stream`]): a grid that fits one
//! panel is written a row at a time; a wider one keeps one byte per cell
//! (its verdict and deciding phase) until every row is known, then prints
//! its panels.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::{Mutex, OnceLock};

use super::Style;
use crate::check::VerdictKind;
use crate::matrix::stream::{MatrixHead, MatrixRenderer, render_report};
use crate::matrix::{MatrixCell, MatrixReport, MatrixSummary, MatrixTotals};
use crate::rules::{Mode, Phase};
use crate::text::escape_for_terminal as esc;

/// A cell as a short word: "blocked:mate", "conditions:contact", "feasible".
pub fn cell_word(cell: &MatrixCell) -> String {
    let phase = cell.phase.map(|p| p.as_str()).unwrap_or("?");
    match cell.verdict {
        VerdictKind::Feasible => "feasible".into(),
        VerdictKind::FeasibleWithConditions => format!("conditions:{phase}"),
        VerdictKind::Undetermined => format!("unknown:{phase}"),
        VerdictKind::Blocked => format!("blocked:{phase}"),
    }
}

/// A cell in the text grid: the verdict's letter and the first three
/// letters of the phase that decides ("B mat", "U con", "F").
pub fn cell_code(cell: &MatrixCell) -> String {
    code_of(cell.verdict, cell.phase)
}

fn code_of(verdict: VerdictKind, phase: Option<Phase>) -> String {
    let letter = verdict_letter(verdict);
    match phase {
        Some(p) if verdict != VerdictKind::Feasible => format!("{letter} {}", phase_code(p)),
        _ => letter.to_string(),
    }
}

/// The longest [`cell_code`] there is ("B mat"): the grid's columns are
/// sized before any cell is known.
const LONGEST_CODE: usize = 5;

fn verdict_letter(kind: VerdictKind) -> char {
    match kind {
        VerdictKind::Feasible => 'F',
        VerdictKind::FeasibleWithConditions => 'C',
        VerdictKind::Undetermined => 'U',
        VerdictKind::Blocked => 'B',
    }
}

fn phase_code(phase: Phase) -> &'static str {
    phase.as_str().get(..3).unwrap_or("?")
}

/// The legend of the grid's cells.
pub const CELL_LEGEND: &str = "cells: B blocked, U undetermined, C feasible with conditions, F feasible, \
then the phase that decides (rea reach, con contact, app approach, mat mate, tra transfer, sus sustain, ret return); \
- the vehicle itself";

fn verdict_colour(verdict: VerdictKind, s: Style) -> &'static str {
    match verdict {
        VerdictKind::Feasible => s.green,
        VerdictKind::FeasibleWithConditions => s.yellow,
        VerdictKind::Undetermined => s.cyan,
        VerdictKind::Blocked => s.red,
    }
}

/// Short, unique codes for vehicle labels: the initials of a kebab-case id
/// ("crew-dragon" CD, "soyuz-7k-tm-1975" S7T1), else its first three
/// letters ("tiangong" TIA); a code taken twice gets a number.
pub fn abbreviations(ids: &[&str]) -> Vec<String> {
    let mut codes: Vec<String> = Vec::with_capacity(ids.len());
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    for id in ids {
        let parts: Vec<&str> = id
            .split(['-', '_', ' '])
            .filter(|p| !p.is_empty())
            .collect();
        let base: String = if parts.len() >= 2 {
            parts
                .iter()
                .filter_map(|p| p.chars().next())
                .take(4)
                .collect()
        } else {
            id.chars().filter(|c| c.is_alphanumeric()).take(3).collect()
        };
        let base = if base.is_empty() {
            "V".to_string()
        } else {
            esc(&base.to_uppercase())
        };
        let mut code = base.clone();
        let mut n = 2;
        while taken.contains(&code) {
            code = format!("{base}{n}");
            n += 1;
        }
        taken.insert(code.clone());
        codes.push(code);
    }
    codes
}

/// One line: "N pairs: x feasible, ...".
pub fn summary_line(report: &MatrixReport) -> String {
    summary_sentence(&report.summary)
}

/// [`summary_line`] of a summary.
pub fn summary_sentence(s: &MatrixSummary) -> String {
    format!(
        "{} pairs: {} feasible, {} feasible with conditions, {} undetermined, {} blocked",
        s.pairs, s.feasible, s.feasible_with_conditions, s.undetermined, s.blocked
    )
}

/// The summary after its first line, as sentences every format prints:
/// what decides the blocked and undetermined pairs, which phases block
/// each mode, which rules block alone and which block most.
pub fn summary_sentences(s: &MatrixSummary) -> Vec<String> {
    let mut out = Vec::new();
    for (what, total, tallies) in [
        ("blocked", s.blocked, &s.blocked_at),
        ("undetermined", s.undetermined, &s.undetermined_at),
    ] {
        if tallies.is_empty() {
            continue;
        }
        let items = tallies
            .iter()
            .map(|t| (t.mode, format!("{} {}", t.phase, t.cells)));
        out.push(format!(
            "what decides the {total} {what} pair(s): {}",
            by_mode(items, " at ")
        ));
    }
    for m in &s.blocking_phases {
        let parts: Vec<String> = m
            .phases
            .iter()
            .map(|t| format!("{} {}", t.phase, t.cells))
            .collect();
        out.push(format!(
            "pairs where a phase blocks the {} (of {}): {}",
            m.mode.transfer(),
            s.pairs,
            parts.join(", ")
        ));
    }
    if !s.sole_blockers.is_empty() {
        let items = s
            .sole_blockers
            .iter()
            .map(|t| (t.mode, format!("{} {} {}", t.rule, t.name, t.cells)));
        out.push(format!(
            "blocked pairs where one rule alone blocks a mode (resolving it clears that mode's blockers): {}",
            by_mode(items, ": ")
        ));
    }
    let top: Vec<String> = s
        .blockers
        .iter()
        .take(5)
        .map(|t| {
            let only = if t.modes.len() < Mode::ALL.len() {
                let modes: Vec<&str> = t.modes.iter().map(|m| m.as_str()).collect();
                format!(" ({} only)", modes.join(", "))
            } else {
                String::new()
            };
            format!("{} {}{only} {}", t.rule, t.name, t.cells)
        })
        .collect();
    if !top.is_empty() {
        out.push(format!(
            "rules blocking the most of the {} blocked pair(s): {}",
            s.blocked,
            top.join(", ")
        ));
    }
    out
}

/// Items of one mode together, in the order the modes first come:
/// "docked transfer at mate 36, contact 32; EVA transfer at contact 2".
fn by_mode(items: impl Iterator<Item = (Mode, String)>, joint: &str) -> String {
    let mut groups: Vec<(Mode, Vec<String>)> = Vec::new();
    for (mode, item) in items {
        match groups.iter_mut().find(|(m, _)| *m == mode) {
            Some((_, list)) => list.push(item),
            None => groups.push((mode, vec![item])),
        }
    }
    groups
        .iter()
        .map(|(mode, list)| format!("{}{joint}{}", mode.transfer(), list.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// How the grid is laid out, known from the head.
#[derive(Debug, Clone)]
struct Layout {
    /// Each vehicle's code, in fleet order.
    codes: Vec<String>,
    /// Width of the row labels' column.
    label: usize,
    /// Width of a cell's column.
    column: usize,
    /// Columns per panel.
    per_panel: usize,
}

impl Layout {
    fn new(head: &MatrixHead, width: usize) -> Self {
        let labels: Vec<&str> = head.vehicles.iter().map(|v| v.label.as_str()).collect();
        let codes = abbreviations(&labels);
        let longest = codes.iter().map(String::len).max().unwrap_or(1);
        let label = longest.max(5) + 2;
        let column = longest.max(LONGEST_CODE) + 1;
        let per_panel = (width.saturating_sub(label) / column).max(1);
        Layout {
            codes,
            label,
            column,
            per_panel,
        }
    }

    fn code(&self, index: usize) -> &str {
        self.codes.get(index).map_or("?", String::as_str)
    }

    fn panels(&self) -> usize {
        self.codes.len().div_ceil(self.per_panel)
    }

    /// The header line of the panel of `columns`.
    fn header(&self, columns: std::ops::Range<usize>) -> String {
        let mut line = format!("\n{:<width$}", "", width = self.label);
        for c in columns {
            let _ = write!(line, "{:<width$}", self.code(c), width = self.column);
        }
        trimmed(line)
    }

    /// Row `row`'s line over `columns`, from each column's cell (`None`:
    /// the vehicle itself).
    fn row(
        &self,
        row: usize,
        columns: std::ops::Range<usize>,
        cell: impl Fn(usize) -> Option<(VerdictKind, Option<Phase>)>,
        s: Style,
    ) -> String {
        let mut line = format!("{:<width$}", self.code(row), width = self.label);
        for c in columns {
            match cell(c) {
                Some((verdict, phase)) => {
                    let _ = write!(
                        line,
                        "{}{:<width$}{}",
                        verdict_colour(verdict, s),
                        code_of(verdict, phase),
                        s.reset,
                        width = self.column
                    );
                }
                None => {
                    let _ = write!(line, "{:<width$}", "-", width = self.column);
                }
            }
        }
        trimmed(line)
    }
}

/// `line` without the spaces that pad its last column, ended.
fn trimmed(mut line: String) -> String {
    let end = line.trim_end_matches(' ').len();
    line.truncate(end);
    line.push('\n');
    line
}

/// The phase codes a held cell byte takes: none, or one of the phases.
const PHASE_SLOTS: u8 = crate::rules::PHASES as u8 + 1;

/// A cell's verdict and deciding phase in one byte, for a grid held until
/// its panels can be printed: 0 for the vehicle itself.
fn cell_byte(cell: Option<&MatrixCell>) -> u8 {
    let Some(cell) = cell else {
        return 0;
    };
    let phase = cell.phase.map_or(0, |p| p as u8 + 1);
    1 + cell.verdict.rank() * PHASE_SLOTS + phase
}

fn byte_cell(byte: u8) -> Option<(VerdictKind, Option<Phase>)> {
    let n = byte.checked_sub(1)?;
    let verdict = *VerdictKind::ALL.get(usize::from(n / PHASE_SLOTS))?;
    let phase = (n % PHASE_SLOTS)
        .checked_sub(1)
        .and_then(|p| Phase::ALL.get(usize::from(p)).copied());
    Some((verdict, phase))
}

/// The text matrix, as a stream.
#[derive(Debug)]
pub struct TextMatrix {
    style: Style,
    /// Each cell's findings after the summary (`--findings`).
    findings: bool,
    layout: OnceLock<Layout>,
    /// A grid wider than one panel, a byte per cell (row by row), until
    /// the summary prints it.
    held: Mutex<Vec<u8>>,
}

impl TextMatrix {
    /// The renderer for a terminal `style` (at most 120 columns wide),
    /// with each cell's findings when `findings`.
    pub fn new(style: Style, findings: bool) -> Self {
        TextMatrix {
            style: style.with_width(style.width.min(super::MAX_GRID_WIDTH)),
            findings,
            layout: OnceLock::new(),
            held: Mutex::new(Vec::new()),
        }
    }

    fn layout(&self, head: &MatrixHead) -> &Layout {
        self.layout
            .get_or_init(|| Layout::new(head, self.style.width))
    }
}

impl MatrixRenderer for TextMatrix {
    fn shows_findings(&self) -> bool {
        self.findings
    }

    fn head(&self, head: &MatrixHead, out: &mut dyn Write) -> io::Result<()> {
        let s = self.style;
        let mut text = String::new();
        let _ = writeln!(
            text,
            "{}",
            super::wrap(
                &format!(
                    "{}Fleet matrix{}: {} vehicles; {}.",
                    s.bold,
                    s.reset,
                    head.vehicles.len(),
                    esc(&head.orientation)
                ),
                s.width,
                2
            )
        );
        if !head.adapters.is_empty() {
            let labels: Vec<String> = head.adapters.iter().map(|a| esc(&a.label)).collect();
            let line = format!(
                "Adapters, routed through and not rescuers: {}.",
                labels.join(", ")
            );
            let _ = writeln!(text, "{}", super::wrap(&line, s.width, 2));
        }
        if let Some(keyed) = &head.keyed {
            let line = format!(
                "Share-safe: restricted values withheld; files named by keyed digest ({}).",
                esc(keyed)
            );
            let _ = writeln!(text, "{}", super::wrap(&line, s.width, 2));
        }
        let _ = writeln!(
            text,
            "{}",
            super::wrap(&esc(&head.defaults_line()), s.width, 2)
        );
        let layout = self.layout(head);
        if layout.panels() <= 1 {
            text.push_str(&layout.header(0..head.vehicles.len()));
        }
        out.write_all(text.as_bytes())
    }

    fn row(
        &self,
        head: &MatrixHead,
        row: usize,
        cells: &[Option<&MatrixCell>],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let layout = self.layout(head);
        if layout.panels() > 1 {
            let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
            held.extend(cells.iter().map(|c| cell_byte(*c)));
            return Ok(());
        }
        let cell = |c: usize| {
            let cell = cells.get(c).copied().flatten()?;
            Some((cell.verdict, cell.phase))
        };
        let line = layout.row(row, 0..cells.len(), cell, self.style);
        out.write_all(line.as_bytes())
    }

    fn summary(
        &self,
        head: &MatrixHead,
        totals: &MatrixTotals,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let s = self.style;
        let layout = self.layout(head);
        let n = head.vehicles.len();
        let mut text = String::new();
        if layout.panels() > 1 {
            let held = self.held.lock().unwrap_or_else(|e| e.into_inner());
            for start in (0..n).step_by(layout.per_panel) {
                let columns = start..(start + layout.per_panel).min(n);
                text.push_str(&layout.header(columns.clone()));
                for row in 0..n {
                    let cell = |c: usize| byte_cell(*held.get(row * n + c)?);
                    text.push_str(&layout.row(row, columns.clone(), cell, s));
                }
                out.write_all(text.as_bytes())?;
                text.clear();
            }
        }
        text.push('\n');
        let _ = writeln!(text, "{}", super::wrap(CELL_LEGEND, s.width, 2));
        let code_width = layout.codes.iter().map(String::len).max().unwrap_or(1);
        let id_width = head
            .vehicles
            .iter()
            .map(|v| esc(&v.id).chars().count())
            .max()
            .unwrap_or(1);
        for (v, code) in head.vehicles.iter().zip(&layout.codes) {
            let id = esc(&v.id);
            let name = esc(&v.name);
            let line = if name == id {
                format!("  {code:<code_width$}  {id}")
            } else {
                format!("  {code:<code_width$}  {id:<id_width$}  {name}")
            };
            text.push_str(&trimmed(line));
        }
        let _ = writeln!(text, "\n{}", summary_sentence(&totals.summary));
        for sentence in summary_sentences(&totals.summary) {
            let _ = writeln!(text, "{}", super::wrap(&sentence, s.width, 2));
        }
        if let Some(section) = &totals.waivers {
            super::text::render_waivers(&mut text, section, s);
        }
        let _ = writeln!(text, "\nfiles read (SHA-256):");
        let mut files: Vec<(&str, &str)> = head
            .vehicles
            .iter()
            .chain(&head.adapters)
            .map(|v| (v.path.as_str(), v.sha256.as_str()))
            .collect();
        for (_, f) in super::other_files(&head.files, &head.vehicles) {
            if head.adapters.iter().all(|a| a.path != f.path) {
                files.push((f.path.as_str(), f.sha256.as_str()));
            }
        }
        for (path, sha256) in files {
            // A share-safe report names a file by its keyed digest: once.
            if path.ends_with(sha256) {
                let _ = writeln!(text, "  {}", esc(path));
            } else {
                let _ = writeln!(text, "  {}  {}{}{}", esc(path), s.dim, esc(sha256), s.reset);
            }
        }
        out.write_all(text.as_bytes())
    }

    fn findings(&self, _head: &MatrixHead, cell: &MatrixCell) -> Vec<String> {
        let Some(direction) = &cell.report else {
            return Vec::new();
        };
        let s = self.style;
        let mut text = String::new();
        let head = format!(
            "\n{}== {} rescues {} =={} {}",
            s.bold,
            esc(&cell.rescuer),
            esc(&cell.distressed),
            s.reset,
            esc(&direction.verdict.summary)
        );
        let _ = writeln!(text, "{}", super::wrap(&head, s.width, 4));
        for f in &direction.findings {
            let only = f
                .only_modes(direction)
                .map_or(String::new(), |m| format!(" ({m})"));
            let waived = if f.waived.is_some() { " (waived)" } else { "" };
            let line = format!(
                "  {}{waived}{only} {} {}: {}",
                f.severity,
                f.rule,
                f.name,
                esc(&f.message)
            );
            let _ = writeln!(text, "{}", super::wrap(&line, s.width, 4));
        }
        vec![text]
    }

    fn end(&self, head: &MatrixHead, _: &MatrixTotals, out: &mut dyn Write) -> io::Result<()> {
        let s = self.style;
        let text = format!(
            "\n{}{} {} (rule set {}), {}{}\n",
            s.dim,
            head.tool.name,
            head.tool.version,
            head.tool.ruleset_version,
            esc(&head.date),
            s.reset
        );
        out.write_all(text.as_bytes())
    }
}

/// A matrix report in memory, for a terminal.
pub fn render(report: &MatrixReport, style: Style) -> String {
    let findings = report.cells.iter().any(|c| c.report.is_some());
    render_report(report, &TextMatrix::new(style, findings))
}

#[cfg(test)]
mod tests {
    use super::{abbreviations, byte_cell, cell_byte};
    use crate::check::VerdictKind;
    use crate::rules::Phase;

    #[test]
    fn ids_get_short_unique_codes() {
        let codes = abbreviations(&[
            "crew-dragon",
            "soyuz-ms",
            "soyuz-7k-tm-1975",
            "starliner",
            "starship-hls",
            "shenzhou",
            "s-h",
            "iss",
        ]);
        assert_eq!(
            codes,
            ["CD", "SM", "S7T1", "STA", "SH", "SHE", "SH2", "ISS"]
        );
    }

    #[test]
    fn a_held_cell_reads_back_as_it_was() {
        assert_eq!(cell_byte(None), 0);
        assert_eq!(byte_cell(0), None);
        for verdict in VerdictKind::ALL {
            for phase in std::iter::once(None).chain(Phase::ALL.map(Some)) {
                let cell = crate::matrix::MatrixCell {
                    rescuer: "a".into(),
                    distressed: "b".into(),
                    verdict,
                    mode: crate::rules::Mode::Docked,
                    phase,
                    worst: None,
                    phases: Vec::new(),
                    blocking_rules: Vec::new(),
                    waived: 0,
                    report: None,
                };
                assert_eq!(byte_cell(cell_byte(Some(&cell))), Some((verdict, phase)));
            }
        }
    }
}
