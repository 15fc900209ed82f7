//! The text renderer: verdicts first, then findings grouped by phase, each
//! with the lines of both spec files it came from.

use std::fmt::Write;

use super::Style;
use super::model::{CheckReport, DirectionReport, FindingReport};
use crate::check::VerdictKind;
use crate::rules::{EvidenceRole, Phase, Severity};
use crate::spec::SourceFile;

/// Renders a check report. `sources` gives the text of the files the
/// locations point into, for excerpts.
pub fn render(report: &CheckReport, sources: &[&SourceFile], style: Style) -> String {
    let mut out = String::new();
    let s = style;
    for spec in &report.specs {
        // A share-safe report names a spec by its label and keyed digest:
        // the digest once.
        if spec.path.ends_with(&spec.sha256) {
            let _ = writeln!(
                out,
                "{}{}{} {} ({})",
                s.bold,
                spec.label,
                s.reset,
                crate::text::escape_for_terminal(&spec.name),
                crate::text::escape_for_terminal(&spec.path)
            );
            continue;
        }
        let _ = writeln!(
            out,
            "{}{}{} {} ({}) {}{}{}",
            s.bold,
            spec.label,
            s.reset,
            crate::text::escape_for_terminal(&spec.name),
            spec.path,
            s.dim,
            &spec.sha256[..spec.sha256.len().min(12)],
            s.reset
        );
    }
    for (role, file) in super::other_files(&report.files, &report.specs) {
        if file.path.ends_with(&file.sha256) {
            let _ = writeln!(out, "  {} {}", role, file.path);
            continue;
        }
        let _ = writeln!(
            out,
            "  {} {} {}{}{}",
            role,
            file.path,
            s.dim,
            &file.sha256[..file.sha256.len().min(12)],
            s.reset
        );
    }
    out.push('\n');
    for (depth, line) in super::scenario_lines(&report.scenarios) {
        let indent = "  ".repeat(usize::from(depth));
        let _ = writeln!(out, "{indent}{line}");
    }
    if !report.scenarios.is_empty() {
        out.push('\n');
    }
    out.push_str(&verdict_lines(report, style, true));
    for direction in &report.directions {
        out.push('\n');
        let _ = writeln!(
            out,
            "{}== {} rescues {} =={} ({} of {} rule evaluations decided on data, {} of {} by flight record)",
            s.bold,
            direction.rescuer,
            direction.distressed,
            s.reset,
            direction.decided,
            direction.evaluations,
            direction.decided_by_record,
            direction.evaluations
        );
        let _ = writeln!(
            out,
            "{}",
            super::wrap(
                &format!("  by mode: {}", super::modes_text(direction)),
                s.width,
                4
            )
        );
        if !direction.phases.is_empty() {
            let _ = writeln!(out, "  phases (state per mode, with its findings):");
        }
        for p in &direction.phases {
            let line = format!(
                "    {}{:<9}{} {}",
                s.bold,
                p.phase.as_str(),
                s.reset,
                super::phase_text(p)
            );
            let _ = writeln!(out, "{}", super::wrap(&line, s.width, 14));
        }
        if direction.findings.is_empty() {
            let _ = writeln!(out, "  no findings");
            continue;
        }
        for phase in Phase::ALL {
            let findings: Vec<&FindingReport> = direction
                .findings
                .iter()
                .filter(|f| f.phase == phase)
                .collect();
            if findings.is_empty() {
                continue;
            }
            let _ = writeln!(
                out,
                "\n  {}{}{}: {}",
                s.bold,
                phase,
                s.reset,
                phase.question()
            );
            for finding in findings {
                render_finding(&mut out, finding, direction, sources, style);
            }
        }
    }
    if let Some(section) = &report.waivers {
        render_waivers(&mut out, section, style);
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "{}{} {} (rule set {}), {}{}",
        s.dim,
        report.tool.name,
        report.tool.version,
        report.tool.ruleset_version,
        report.date,
        s.reset
    );
    out
}

/// The waivers file: how many findings it waived, then every waiver that
/// is expired or matched nothing.
pub(crate) fn render_waivers(out: &mut String, section: &crate::waivers::WaiverSection, s: Style) {
    let (head, entries) = super::waiver_section_lines(section);
    let _ = writeln!(out, "\n{}== waivers =={} {head}", s.bold, s.reset);
    for entry in entries {
        let line = format!("  {}{entry}", s.yellow).replacen(':', &format!("{}:", s.reset), 1);
        let _ = writeln!(out, "{}", super::wrap(&line, s.width, 4));
    }
}

/// Every direction's verdict line, wrapped at the style's width, with its
/// conditions when asked: the top of a report, or all of `--quiet`.
pub fn verdict_lines(report: &CheckReport, style: Style, conditions: bool) -> String {
    let mut out = String::new();
    for direction in &report.directions {
        let _ = writeln!(
            out,
            "{}",
            super::wrap(&verdict_line(direction, style), style.width, 4)
        );
        for condition in direction.verdict.conditions.iter().filter(|_| conditions) {
            let _ = writeln!(
                out,
                "{}",
                super::wrap(&format!("    condition: {condition}"), style.width, 6)
            );
        }
    }
    out
}

/// "A rescues B: BLOCKED - ..." on one line (unwrapped).
pub fn verdict_line(direction: &DirectionReport, style: Style) -> String {
    let s = style;
    let (color, word) = match direction.verdict.kind {
        VerdictKind::Feasible => (s.green, "FEASIBLE"),
        VerdictKind::FeasibleWithConditions => (s.yellow, "FEASIBLE WITH CONDITIONS"),
        VerdictKind::Undetermined => (s.cyan, "UNDETERMINED"),
        VerdictKind::Blocked => (s.red, "BLOCKED"),
    };
    format!(
        "{} rescues {}: {}{}{}{} - {} ({})",
        direction.rescuer,
        direction.distressed,
        s.bold,
        color,
        word,
        s.reset,
        direction.verdict.summary,
        super::decided_text(direction)
    )
}

fn severity_style(severity: Severity, s: Style) -> &'static str {
    match severity {
        Severity::Blocking => s.red,
        Severity::Unknown => s.cyan,
        Severity::Conditional => s.yellow,
        Severity::Advisory => s.dim,
    }
}

fn render_finding(
    out: &mut String,
    f: &FindingReport,
    direction: &DirectionReport,
    sources: &[&SourceFile],
    s: Style,
) {
    let only = f
        .only_modes(direction)
        .map_or(String::new(), |m| format!(" ({m})"));
    let line = format!(
        "    {}{}{}{}{}{} {} {}: {}",
        s.bold,
        severity_style(f.severity, s),
        f.severity,
        s.reset,
        if f.waived.is_some() { " (waived)" } else { "" },
        only,
        f.rule,
        f.name,
        f.message
    );
    let _ = writeln!(out, "{}", super::wrap(&line, s.width, 6));
    if let Some(step) = &f.step {
        let _ = writeln!(out, "      {}step:{} {step}", s.dim, s.reset);
    }
    let values: Vec<String> = f
        .evidence
        .iter()
        .map(|e| {
            let role = match e.role {
                EvidenceRole::Value => "",
                EvidenceRole::Limit => "limit ",
                EvidenceRole::Margin => "margin ",
            };
            format!("{role}{} {}", e.label, e.text)
        })
        .collect();
    if !values.is_empty() {
        let line = format!("      evidence: {}", values.join("; "));
        let _ = writeln!(out, "{}", super::wrap(&line, s.width, 8));
    }
    for location in &f.locations {
        let place = match (location.line, location.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", location.file),
            _ => format!("{} (not written: unknown)", location.file),
        };
        let _ = writeln!(
            out,
            "      {}-->{} {} {}  {}",
            s.dim, s.reset, location.spec, place, location.field
        );
        if let Some(line) = location.line {
            if let Some(source) = sources
                .iter()
                .find(|src| super::display_path(src) == location.file)
            {
                let text = crate::text::escape_for_terminal(source.line_text(line).trim());
                let _ = writeln!(out, "      {}{:>5} |{} {}", s.dim, line, s.reset, text);
            }
        }
    }
    for (label, text) in [
        ("fix", f.mitigation.clone()),
        ("severity", f.severity_reason.clone()),
        ("", f.waived.as_ref().map(super::waiver_text)),
        ("ref", Some(f.reference.clone())),
    ] {
        let Some(text) = text else { continue };
        let line = if label.is_empty() {
            format!("      {}{}", s.bold, text).replacen(" by", &format!("{} by", s.reset), 1)
        } else {
            format!("      {label}: {text}")
        };
        let _ = writeln!(out, "{}", super::wrap(&line, s.width, 8));
    }
    // What a waiver names (docs/trust.md).
    let _ = writeln!(
        out,
        "      {}fingerprint: {}{}",
        s.dim, f.fingerprint, s.reset
    );
}
