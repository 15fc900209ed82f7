//! The fleet matrix for a terminal: the grid, then the summary, then (with
//! `--findings`) each cell's findings.

use std::fmt::Write;

use super::Style;
use crate::check::VerdictKind;
use crate::matrix::{MatrixCell, MatrixReport};

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
    let s = &report.summary;
    format!(
        "{} pairs: {} feasible, {} feasible with conditions, {} undetermined, {} blocked",
        s.pairs, s.feasible, s.feasible_with_conditions, s.undetermined, s.blocked
    )
}

pub fn render(report: &MatrixReport, style: Style) -> String {
    let s = style;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}Fleet matrix{}: {} vehicles; {}.",
        s.bold,
        s.reset,
        report.vehicles.len(),
        report.orientation
    );
    for v in &report.vehicles {
        let _ = writeln!(
            out,
            "  {} {} ({}) {}sha256 {}{}",
            v.id,
            crate::text::escape_for_terminal(&v.name),
            v.path,
            s.dim,
            v.sha256,
            s.reset
        );
    }
    for (role, file) in super::other_files(&report.files, &report.vehicles) {
        let _ = writeln!(
            out,
            "  {} ({}) {}sha256 {}{}",
            role, file.path, s.dim, file.sha256, s.reset
        );
    }
    let _ = writeln!(out, "{}", crate::matrix::defaults_line(report));
    let ids: Vec<&str> = report.vehicles.iter().map(|v| v.id.as_str()).collect();
    let width = report
        .cells
        .iter()
        .map(|c| cell_word(c).len())
        .chain(ids.iter().map(|i| i.len()))
        .max()
        .unwrap_or(8)
        + 2;
    let _ = write!(out, "\n{:<width$}", "rescuer \\ crew");
    for id in &ids {
        let _ = write!(out, "{id:<width$}");
    }
    let trimmed = out.trim_end_matches(' ').len();
    out.truncate(trimmed);
    out.push('\n');
    for row in &ids {
        let _ = write!(out, "{row:<width$}");
        for column in &ids {
            match report.cell(row, column) {
                Some(cell) => {
                    let _ = write!(
                        out,
                        "{}{:<width$}{}",
                        cell_colour(cell, s),
                        cell_word(cell),
                        s.reset
                    );
                }
                None => {
                    let _ = write!(out, "{:<width$}", "-");
                }
            }
        }
        let trimmed = out.trim_end_matches(' ').len();
        out.truncate(trimmed);
        out.push('\n');
    }
    let _ = writeln!(out, "\n{}", summary_line(report));
    if !report.summary.blocking_phases.is_empty() {
        let phases: Vec<String> = report
            .summary
            .blocking_phases
            .iter()
            .map(|t| format!("{} {}", t.phase, t.cells))
            .collect();
        let _ = writeln!(out, "blocking phases (cells): {}", phases.join(", "));
    }
    for tally in &report.summary.sole_blockers {
        let _ = writeln!(
            out,
            "sole blocker of {} blocked pair(s): {} {}",
            tally.cells, tally.rule, tally.name
        );
    }
    let top: Vec<String> = report
        .summary
        .blockers
        .iter()
        .take(5)
        .map(|t| format!("{} {} ({})", t.rule, t.name, t.cells))
        .collect();
    if !top.is_empty() {
        let _ = writeln!(out, "blocks the most pairs: {}", top.join(", "));
    }
    for cell in &report.cells {
        let Some(direction) = &cell.report else {
            continue;
        };
        let _ = writeln!(
            out,
            "\n{}== {} rescues {} =={} {}",
            s.bold, cell.rescuer, cell.distressed, s.reset, direction.verdict.summary
        );
        for f in &direction.findings {
            let _ = writeln!(out, "  {} {} {}: {}", f.severity, f.rule, f.name, f.message);
        }
    }
    let _ = writeln!(
        out,
        "\n{}{} {} (rule set {}), {}{}",
        s.dim,
        report.tool.name,
        report.tool.version,
        report.tool.ruleset_version,
        report.date,
        s.reset
    );
    out
}
