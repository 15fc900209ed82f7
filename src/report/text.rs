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
    for direction in &report.directions {
        let _ = writeln!(out, "{}", verdict_line(direction, style));
        for condition in &direction.verdict.conditions {
            let _ = writeln!(out, "    condition: {condition}");
        }
    }
    for direction in &report.directions {
        out.push('\n');
        let _ = writeln!(
            out,
            "{}== {} rescues {} =={} ({} of {} rule evaluations decided on data)",
            s.bold,
            direction.rescuer,
            direction.distressed,
            s.reset,
            direction.decided,
            direction.evaluations
        );
        // A phase's state names its mode when that is not the docked one.
        let mode = |p: &super::model::PhaseReport| match p.mode {
            Some(m) if m != crate::rules::Mode::Docked => format!(" ({})", m.as_str()),
            _ => String::new(),
        };
        let phases: Vec<String> = direction
            .phases
            .iter()
            .map(|p| match p.worst {
                None if p.evaluations == 0 => format!("{} {}n/a{}", p.phase, s.dim, s.reset),
                None => format!("{} {}ok{}{}", p.phase, s.green, s.reset, mode(p)),
                Some(w) => format!(
                    "{} {}{w}{}{}",
                    p.phase,
                    severity_style(w, s),
                    s.reset,
                    mode(p)
                ),
            })
            .collect();
        if !phases.is_empty() {
            let _ = writeln!(out, "  phases: {}", phases.join(", "));
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
                render_finding(&mut out, finding, sources, style);
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

fn render_waivers(out: &mut String, section: &crate::waivers::WaiverSection, s: Style) {
    let _ = writeln!(
        out,
        "\n{}== waivers =={} {}: {} finding(s) waived",
        s.bold, s.reset, section.file, section.applied
    );
    for (what, entries) in [("expired", &section.expired), ("unused", &section.unused)] {
        for e in entries {
            let _ = writeln!(
                out,
                "  {}{what}{} {} ({}, {} until {}): {}",
                s.yellow, s.reset, e.at, e.matches, e.owner, e.expires, e.reason
            );
        }
    }
}

/// "A rescues B: BLOCKED at mate: ..." for the top of a report or --quiet.
pub fn verdict_line(direction: &DirectionReport, style: Style) -> String {
    let s = style;
    let (color, word) = match direction.verdict.kind {
        VerdictKind::Feasible => (s.green, "FEASIBLE"),
        VerdictKind::FeasibleWithConditions => (s.yellow, "FEASIBLE WITH CONDITIONS"),
        VerdictKind::Undetermined => (s.cyan, "UNDETERMINED"),
        VerdictKind::Blocked => (s.red, "BLOCKED"),
    };
    format!(
        "{} rescues {}: {}{}{}{} - {} ({:.0} % decided on data)",
        direction.rescuer,
        direction.distressed,
        s.bold,
        color,
        word,
        s.reset,
        direction.verdict.summary,
        direction.decided_share * 100.0
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

fn render_finding(out: &mut String, f: &FindingReport, sources: &[&SourceFile], s: Style) {
    let _ = writeln!(
        out,
        "    {}{}{}{}{} {} {}: {}",
        s.bold,
        severity_style(f.severity, s),
        f.severity,
        s.reset,
        if f.waived.is_some() { " (waived)" } else { "" },
        f.rule,
        f.name,
        f.message
    );
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
        let _ = writeln!(out, "      evidence: {}", values.join("; "));
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
    if let Some(m) = &f.mitigation {
        let _ = writeln!(out, "      fix: {m}");
    }
    if let Some(reason) = &f.severity_reason {
        let _ = writeln!(out, "      severity: {reason}");
    }
    if let Some(w) = &f.waived {
        let _ = writeln!(
            out,
            "      {}waived{} by {} until {} ({}): {}",
            s.bold, s.reset, w.owner, w.expires, w.at, w.reason
        );
    }
    let _ = writeln!(out, "      ref: {}", f.reference);
    // What a waiver names (docs/trust.md).
    let _ = writeln!(
        out,
        "      {}fingerprint: {}{}",
        s.dim, f.fingerprint, s.reset
    );
}
