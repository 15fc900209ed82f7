//! The fleet matrix for a terminal: the grid (vehicle ids abbreviated, a
//! legend under it, never wider than 120 columns: a wide fleet is printed
//! in panels of columns), the summary, the files read, then (with
//! `--findings`) each cell's findings. The summary's sentences are shared
//! with the markdown and HTML renderers ([`summary_sentences`]).

use std::fmt::Write;

use super::Style;
use crate::check::VerdictKind;
use crate::matrix::{MatrixCell, MatrixReport};
use crate::rules::{Mode, Phase};

/// A cell as a short word: "blocked:mate", "conditions", "feasible".
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
    let letter = verdict_letter(cell.verdict);
    match cell.phase {
        Some(p) if cell.verdict != VerdictKind::Feasible => {
            format!("{letter} {}", phase_code(p))
        }
        _ => letter.to_string(),
    }
}

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
then the phase that decides (con contact, app approach, mat mate, tra transfer, sus sustain, ret return); \
- the vehicle itself";

fn cell_colour(cell: &MatrixCell, s: Style) -> &'static str {
    match cell.verdict {
        VerdictKind::Feasible => s.green,
        VerdictKind::FeasibleWithConditions => s.yellow,
        VerdictKind::Undetermined => s.cyan,
        VerdictKind::Blocked => s.red,
    }
}

/// Short, unique codes for vehicle ids: the initials of a kebab-case id
/// ("crew-dragon" CD, "soyuz-7k-tm-1975" S7T1), else its first three
/// letters ("tiangong" TIA); a code taken twice gets a number.
pub fn abbreviations(ids: &[&str]) -> Vec<String> {
    let mut codes: Vec<String> = Vec::with_capacity(ids.len());
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
            base.to_uppercase()
        };
        let mut code = base.clone();
        let mut n = 2;
        while codes.contains(&code) {
            code = format!("{base}{n}");
            n += 1;
        }
        codes.push(code);
    }
    codes
}

/// One line: "N pairs: x feasible, ...".
pub fn summary_line(report: &MatrixReport) -> String {
    let s = &report.summary;
    format!(
        "{} pairs: {} feasible, {} feasible with conditions, {} undetermined, {} blocked",
        s.pairs, s.feasible, s.feasible_with_conditions, s.undetermined, s.blocked
    )
}

/// The summary after its first line, as sentences every format prints:
/// what decides the blocked and undetermined pairs, which phases block
/// each mode, which rules block alone and which block most.
pub fn summary_sentences(report: &MatrixReport) -> Vec<String> {
    let s = &report.summary;
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

pub fn render(report: &MatrixReport, style: Style) -> String {
    // The whole matrix report fits 120 columns, whatever the terminal.
    let s = style.with_width(style.width.min(super::MAX_GRID_WIDTH));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        super::wrap(
            &format!(
                "{}Fleet matrix{}: {} vehicles; {}.",
                s.bold,
                s.reset,
                report.vehicles.len(),
                report.orientation
            ),
            s.width,
            2
        )
    );
    if !report.adapters.is_empty() {
        let ids: Vec<&str> = report.adapters.iter().map(|a| a.id.as_str()).collect();
        let _ = writeln!(
            out,
            "{}",
            super::wrap(
                &format!(
                    "Adapters, routed through and not rescuers: {}.",
                    ids.join(", ")
                ),
                s.width,
                2
            )
        );
    }
    let ids: Vec<&str> = report.vehicles.iter().map(|v| v.id.as_str()).collect();
    let codes = abbreviations(&ids);
    grid(&mut out, report, &ids, &codes, s);
    let _ = writeln!(out, "{}", super::wrap(CELL_LEGEND, s.width, 2));
    let code_width = codes.iter().map(String::len).max().unwrap_or(1);
    let id_width = ids.iter().map(|i| i.len()).max().unwrap_or(1);
    for (v, code) in report.vehicles.iter().zip(&codes) {
        let _ = writeln!(
            out,
            "  {code:<code_width$}  {:<id_width$}  {}",
            v.id,
            crate::text::escape_for_terminal(&v.name)
        );
    }
    let _ = writeln!(out, "\n{}", summary_line(report));
    for sentence in summary_sentences(report) {
        let _ = writeln!(out, "{}", super::wrap(&sentence, s.width, 2));
    }
    if let Some(section) = &report.waivers {
        super::text::render_waivers(&mut out, section, s);
    }
    let _ = writeln!(out, "\nfiles read (SHA-256):");
    let mut files: Vec<(&str, &str)> = report
        .vehicles
        .iter()
        .chain(&report.adapters)
        .map(|v| (v.path.as_str(), v.sha256.as_str()))
        .collect();
    for (_, f) in super::other_files(&report.files, &report.vehicles) {
        files.push((f.path.as_str(), f.sha256.as_str()));
    }
    for (path, sha256) in files {
        let _ = writeln!(out, "  {path}  {}{sha256}{}", s.dim, s.reset);
    }
    for cell in &report.cells {
        let Some(direction) = &cell.report else {
            continue;
        };
        let head = format!(
            "\n{}== {} rescues {} =={} {}",
            s.bold, cell.rescuer, cell.distressed, s.reset, direction.verdict.summary
        );
        let _ = writeln!(out, "{}", super::wrap(&head, s.width, 4));
        for f in &direction.findings {
            let only = f.only_modes().map_or(String::new(), |m| format!(" ({m})"));
            let waived = if f.waived.is_some() { " (waived)" } else { "" };
            let line = format!(
                "  {}{waived}{only} {} {}: {}",
                f.severity, f.rule, f.name, f.message
            );
            let _ = writeln!(out, "{}", super::wrap(&line, s.width, 4));
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

/// The grid, in panels of as many columns as fit the width (at most
/// [`super::MAX_GRID_WIDTH`]).
fn grid(out: &mut String, report: &MatrixReport, ids: &[&str], codes: &[String], s: Style) {
    let width = s.width.min(super::MAX_GRID_WIDTH);
    let label = codes.iter().map(String::len).max().unwrap_or(1).max(5) + 2;
    let column = report
        .cells
        .iter()
        .map(|c| cell_code(c).len())
        .chain(codes.iter().map(String::len))
        .max()
        .unwrap_or(5)
        + 1;
    let per_panel = (width.saturating_sub(label) / column).max(1);
    let columns: Vec<usize> = (0..ids.len()).collect();
    for panel in columns.chunks(per_panel) {
        let _ = write!(out, "\n{:<label$}", "");
        for c in panel {
            let _ = write!(
                out,
                "{:<column$}",
                codes.get(*c).map_or("?", String::as_str)
            );
        }
        trim_line(out);
        for (row, row_id) in ids.iter().enumerate() {
            let _ = write!(
                out,
                "{:<label$}",
                codes.get(row).map_or("?", String::as_str)
            );
            for c in panel {
                let column_id = ids.get(*c).copied().unwrap_or("");
                match report.cell(row_id, column_id) {
                    Some(cell) => {
                        let _ = write!(
                            out,
                            "{}{:<column$}{}",
                            cell_colour(cell, s),
                            cell_code(cell),
                            s.reset
                        );
                    }
                    None => {
                        let _ = write!(out, "{:<column$}", "-");
                    }
                }
            }
            trim_line(out);
        }
    }
    out.push('\n');
}

/// Ends the line being written without its trailing spaces.
fn trim_line(out: &mut String) {
    let trimmed = out.trim_end_matches(' ').len();
    out.truncate(trimmed);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::abbreviations;

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
}
