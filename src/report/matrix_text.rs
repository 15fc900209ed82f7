//! The fleet matrix for a terminal: the grid, then the summary, then (with
//! `--findings`) each cell's findings. Written as a stream
//! ([`crate::matrix::stream`]): a row of the grid at a time.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::Style;
use crate::check::VerdictKind;
use crate::matrix::stream::{MatrixHead, MatrixRenderer, render_report};
use crate::matrix::{MatrixCell, MatrixReport, MatrixSummary};
use crate::text::escape_for_terminal as esc;

/// A cell as a short word: "blocked:mate", "conditions", "feasible".
pub fn cell_word(cell: &MatrixCell) -> String {
    let phase = cell.phase.map(|p| p.as_str()).unwrap_or("?");
    match cell.verdict {
        VerdictKind::Feasible => "feasible".into(),
        VerdictKind::FeasibleWithConditions => "conditions".into(),
        VerdictKind::Undetermined => format!("unknown:{phase}"),
        VerdictKind::Blocked => format!("blocked:{phase}"),
    }
}

/// The longest [`cell_word`] there is ("unknown:transfer"): the grid's
/// columns are sized before any cell is known.
const LONGEST_WORD: usize = 16;

fn cell_colour(cell: &MatrixCell, s: Style) -> &'static str {
    match cell.verdict {
        VerdictKind::Feasible => s.green,
        VerdictKind::FeasibleWithConditions => s.yellow,
        VerdictKind::Undetermined => s.cyan,
        VerdictKind::Blocked => s.red,
    }
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

/// The text matrix, as a stream.
#[derive(Debug, Clone, Copy)]
pub struct TextMatrix {
    pub style: Style,
    /// Each cell's findings after the summary (`--findings`).
    pub findings: bool,
}

impl TextMatrix {
    fn width(head: &MatrixHead) -> usize {
        head.vehicles
            .iter()
            .map(|v| esc(&v.label).chars().count())
            .chain([LONGEST_WORD, "rescuer \\ crew".len()])
            .max()
            .unwrap_or(LONGEST_WORD)
            + 2
    }
}

/// `line` without the spaces that pad its last column.
fn trimmed(mut line: String) -> String {
    let end = line.trim_end_matches(' ').len();
    line.truncate(end);
    line.push('\n');
    line
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
            "{}Fleet matrix{}: {} vehicles; {}.",
            s.bold,
            s.reset,
            head.vehicles.len(),
            esc(&head.orientation)
        );
        for v in &head.vehicles {
            let _ = writeln!(
                text,
                "  {} {} ({}) {}sha256 {}{}",
                esc(&v.label),
                esc(&v.name),
                esc(&v.path),
                s.dim,
                esc(&v.sha256),
                s.reset
            );
        }
        for (role, file) in super::other_files(&head.files, &head.vehicles) {
            let _ = writeln!(
                text,
                "  {} ({}) {}sha256 {}{}",
                role,
                esc(&file.path),
                s.dim,
                esc(&file.sha256),
                s.reset
            );
        }
        if let Some(keyed) = &head.keyed {
            let _ = writeln!(
                text,
                "  share-safe: restricted values withheld; digests keyed ({})",
                esc(keyed)
            );
        }
        let _ = writeln!(text, "{}", esc(&head.defaults_line()));
        let width = TextMatrix::width(head);
        let mut header = format!("\n{:<width$}", "rescuer \\ crew");
        for v in &head.vehicles {
            let _ = write!(header, "{:<width$}", esc(&v.label));
        }
        text.push_str(&trimmed(header));
        out.write_all(text.as_bytes())
    }

    fn row(
        &self,
        head: &MatrixHead,
        row: usize,
        cells: &[Option<&MatrixCell>],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let s = self.style;
        let width = TextMatrix::width(head);
        let label = head.vehicles.get(row).map_or("?".into(), |v| esc(&v.label));
        let mut line = format!("{label:<width$}");
        for cell in cells {
            match cell {
                Some(cell) => {
                    let _ = write!(
                        line,
                        "{}{:<width$}{}",
                        cell_colour(cell, s),
                        cell_word(cell),
                        s.reset
                    );
                }
                None => {
                    let _ = write!(line, "{:<width$}", "-");
                }
            }
        }
        out.write_all(trimmed(line).as_bytes())
    }

    fn summary(
        &self,
        _head: &MatrixHead,
        summary: &MatrixSummary,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut text = String::new();
        let _ = writeln!(text, "\n{}", summary_sentence(summary));
        if !summary.blocking_phases.is_empty() {
            let phases: Vec<String> = summary
                .blocking_phases
                .iter()
                .map(|t| format!("{} {}", t.phase, t.cells))
                .collect();
            let _ = writeln!(text, "blocking phases (cells): {}", phases.join(", "));
        }
        for tally in &summary.sole_blockers {
            let _ = writeln!(
                text,
                "sole blocker of {} blocked pair(s): {} {}",
                tally.cells, tally.rule, tally.name
            );
        }
        let top: Vec<String> = summary
            .blockers
            .iter()
            .take(5)
            .map(|t| format!("{} {} ({})", t.rule, t.name, t.cells))
            .collect();
        if !top.is_empty() {
            let _ = writeln!(text, "blocks the most pairs: {}", top.join(", "));
        }
        out.write_all(text.as_bytes())
    }

    fn findings(&self, _head: &MatrixHead, cell: &MatrixCell) -> Vec<String> {
        let Some(direction) = &cell.report else {
            return Vec::new();
        };
        let s = self.style;
        let mut text = String::new();
        let _ = writeln!(
            text,
            "\n{}== {} rescues {} =={} {}",
            s.bold,
            esc(&cell.rescuer),
            esc(&cell.distressed),
            s.reset,
            esc(&direction.verdict.summary)
        );
        for f in &direction.findings {
            let _ = writeln!(
                text,
                "  {} {} {}: {}",
                f.severity,
                f.rule,
                f.name,
                esc(&f.message)
            );
        }
        vec![text]
    }

    fn end(
        &self,
        head: &MatrixHead,
        _summary: &MatrixSummary,
        out: &mut dyn Write,
    ) -> io::Result<()> {
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
    render_report(report, &TextMatrix { style, findings })
}
