//! The line-per-finding formats a CI host reads: `concise` (one
//! `path:line:col: RULE severity: message` line per finding, between the
//! full text and `--quiet`), `github` (workflow-command annotations, which
//! GitHub Actions shows beside the spec lines of a pull request) and
//! `gitlab` (Code Quality JSON, with the report's fingerprints).
//!
//! Every command that reports findings turns its model into the same flat
//! list of [`Annotation`]s, so the three formats say the same thing for
//! `check`, `scenario`, `matrix`, `plan`, `diff` and `validate`. A finding
//! whose field was not written (an unknown value) is located at its file's
//! first line: every annotation has at least a file.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::model::{CheckReport, DirectionReport, FindingReport, Location, SpecInfo};
use crate::matrix::MatrixCell;
use crate::matrix::stream::{MatrixHead, MatrixRenderer, render_report};
use crate::matrix::{MatrixReport, MatrixTotals};
use crate::rules::Severity;

/// The three formats of this module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Concise,
    Github,
    Gitlab,
}

/// How loud an annotation is, as GitHub names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Notice,
}

/// One finding, flat: where, which rule, how severe, what.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// The file, as reports print it; `None` when nothing locates it.
    pub file: Option<String>,
    /// 1-based; `None` for a file-level annotation.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// Rule id (`MATE-001`), `PLAN` for a planner's procedure, `spec` or
    /// `limits` for a problem `validate` finds.
    pub rule: String,
    /// The severity word: `blocking`, `unknown`... or `error`, `warning`.
    pub severity: String,
    pub level: Level,
    /// Code Quality severity: `info`, `minor`, `major`, `critical`.
    pub quality: &'static str,
    /// One line: who rescues whom, the message, the modes it holds for.
    pub message: String,
    /// The report's fingerprint, when it has one.
    pub fingerprint: Option<String>,
    /// The waiver that accepts it: reported, deciding nothing.
    pub waived: bool,
}

impl Annotation {
    /// An annotation of a rule finding of `severity`.
    fn finding(
        rule: &str,
        severity: Severity,
        message: String,
        place: Option<&Location>,
        fingerprint: Option<String>,
        waived: bool,
    ) -> Self {
        let (level, quality) = match (waived, severity) {
            (true, _) => (Level::Notice, "info"),
            (false, Severity::Blocking) => (Level::Error, "critical"),
            (false, Severity::Unknown) => (Level::Warning, "major"),
            (false, Severity::Conditional) => (Level::Warning, "minor"),
            (false, Severity::Advisory) => (Level::Notice, "info"),
        };
        Annotation {
            file: place.map(|l| l.file.clone()),
            line: place.and_then(|l| l.line),
            column: place.and_then(|l| l.column),
            rule: rule.to_string(),
            severity: severity.to_string(),
            level,
            quality,
            message,
            fingerprint,
            waived,
        }
    }

    /// The fingerprint GitLab keys the finding on: the report's, else a
    /// digest of rule, place and message (a planner's procedure, a
    /// `validate` problem), stable from run to run.
    pub fn quality_fingerprint(&self) -> String {
        if let Some(f) = &self.fingerprint {
            return f.clone();
        }
        use sha2::Digest;
        let mut hash = sha2::Sha256::new();
        for part in [
            self.rule.as_str(),
            self.file.as_deref().unwrap_or(""),
            &self.line.unwrap_or(0).to_string(),
            &self.message,
        ] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The annotations of one direction's findings, each message led by
/// `prefix` ("A rescues B: ").
/// A finding judged again on another leg (directly, and through a
/// station) keeps its fingerprint: the repeats are numbered, `FP#2`, so
/// that every annotation of a direction has its own.
pub fn direction(prefix: &str, d: &DirectionReport, fallback: Option<&str>) -> Vec<Annotation> {
    let mut seen: Vec<&str> = Vec::new();
    d.findings
        .iter()
        .map(|f| {
            let mut a = of_finding(prefix, f, d);
            if a.file.is_none() {
                a.file = fallback.map(String::from);
            }
            let repeats = seen.iter().filter(|s| **s == f.fingerprint).count();
            if repeats > 0 {
                a.fingerprint = Some(format!("{}#{}", f.fingerprint, repeats + 1));
            }
            seen.push(&f.fingerprint);
            a
        })
        .collect()
}

fn of_finding(prefix: &str, f: &FindingReport, d: &DirectionReport) -> Annotation {
    let only = f.only_modes(d).map_or(String::new(), |m| format!(" ({m})"));
    let mut message = format!("{prefix}{}{only}", f.message);
    if let Some(w) = &f.waived {
        message.push_str(&format!(" [{}]", super::waiver_text(w)));
    }
    Annotation::finding(
        &f.rule,
        f.severity,
        message,
        f.locations.first(),
        Some(f.fingerprint.clone()),
        f.waived.is_some(),
    )
}

/// The file a finding that names no field is located at: the spec of the
/// vehicle whose crew is rescued (a rule that finds a field missing
/// reports on the pair, and every result needs at least a file).
pub fn fallback_file<'s>(specs: &'s [SpecInfo], distressed: &str) -> Option<&'s str> {
    specs
        .iter()
        .find(|s| s.label == distressed)
        .map(|s| s.path.as_str())
}

/// A check (or scenario) report's annotations, both directions, each
/// message led by who rescues whom.
pub fn check(report: &CheckReport) -> Vec<Annotation> {
    let name = |label: &str| {
        report
            .specs
            .iter()
            .find(|s| s.label == label)
            .map_or(label.to_string(), |s| s.name.clone())
    };
    report
        .directions
        .iter()
        .flat_map(|d| {
            let prefix = format!("{} rescues {}: ", name(&d.rescuer), name(&d.distressed));
            direction(&prefix, d, fallback_file(&report.specs, &d.distressed))
        })
        .collect()
}

/// A plan's annotations: the blocking and conditional findings of every
/// step of every path, each finding once (paths share steps: the same
/// fingerprint is the same finding).
pub fn plan(plan: &crate::plan::Plan) -> Vec<Annotation> {
    let mut out: Vec<Annotation> = Vec::new();
    for path in &plan.paths {
        for step in &path.steps {
            for f in step
                .findings
                .iter()
                .filter(|f| matches!(f.severity, Severity::Blocking | Severity::Conditional))
            {
                let annotation = Annotation::finding(
                    &f.rule,
                    f.severity,
                    format!("{}: {}", step.description, f.message),
                    f.locations.first(),
                    f.fingerprint.clone(),
                    f.waived.is_some(),
                );
                let again = out.iter().any(|a| {
                    a == &annotation
                        || (a.fingerprint.is_some() && a.fingerprint == annotation.fingerprint)
                });
                if !again {
                    out.push(annotation);
                }
            }
        }
    }
    out
}

/// A diff's annotations: the findings the new revision gains, and those
/// whose severity or message changed, at the new revision's file.
pub fn diff(diff: &crate::diff::SpecDiff) -> Vec<Annotation> {
    let place = Location {
        spec: "new".into(),
        party: crate::rules::Party::Rescuer,
        file: diff.new.clone(),
        field: String::new(),
        line: None,
        column: None,
    };
    let mut out = Vec::new();
    for pair in &diff.pairs {
        for (what, changes) in [("gains", &pair.gained), ("changes", &pair.changed)] {
            for c in changes {
                let Some(severity) = c.new_severity else {
                    continue;
                };
                let message = format!(
                    "{what} against {} ({}): {}",
                    pair.against,
                    c.direction,
                    c.new_message.as_deref().unwrap_or("")
                );
                out.push(Annotation::finding(
                    &c.rule,
                    severity,
                    message,
                    Some(&place),
                    Some(c.fingerprint.clone()),
                    false,
                ));
            }
        }
    }
    out
}

/// `validate`'s problems (errors) or warnings (values outside what flown
/// vehicles show) as annotations.
pub fn diagnostics(diagnostics: &[crate::spec::Diagnostic], errors: bool) -> Vec<Annotation> {
    diagnostics
        .iter()
        .map(|d| {
            let (rule, severity, level, quality) = if errors {
                ("spec", "error", Level::Error, "critical")
            } else {
                ("limits", "warning", Level::Warning, "minor")
            };
            let message = d.message();
            Annotation {
                file: Some(d.file.display().to_string()),
                line: (d.line > 0).then_some(d.line),
                column: (d.column > 0).then_some(d.column),
                rule: rule.into(),
                severity: severity.into(),
                level,
                quality,
                message,
                fingerprint: None,
                waived: false,
            }
        })
        .collect()
}

/// One `path:line:col: RULE severity: message` line (a file-level
/// annotation at 1:1), escaped for a terminal.
pub fn concise_line(a: &Annotation) -> String {
    let esc = crate::text::escape_for_terminal;
    let waived = if a.waived { " (waived)" } else { "" };
    format!(
        "{}:{}:{}: {} {}{waived}: {}\n",
        esc(a.file.as_deref().unwrap_or("-")),
        a.line.unwrap_or(1),
        a.column.unwrap_or(1),
        esc(&a.rule),
        a.severity,
        esc(&a.message)
    )
}

/// One workflow command: `::error file=F,line=L,col=C,title=RULE severity::message`.
pub fn github_line(a: &Annotation) -> String {
    let prop = crate::text::escape_workflow_property;
    let command = match a.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Notice => "notice",
    };
    let mut properties = Vec::new();
    if let Some(file) = &a.file {
        properties.push(format!("file={}", prop(file)));
        properties.push(format!("line={}", a.line.unwrap_or(1)));
        if let Some(column) = a.column {
            properties.push(format!("col={column}"));
        }
    }
    let waived = if a.waived { " (waived)" } else { "" };
    properties.push(format!(
        "title={}",
        prop(&format!("{} {}{waived}", a.rule, a.severity))
    ));
    format!(
        "::{command} {}::{}\n",
        properties.join(","),
        crate::text::escape_workflow_message(&a.message)
    )
}

/// One Code Quality issue.
pub fn gitlab_issue(a: &Annotation) -> Value {
    json!({
        "description": format!("{} {}: {}", a.rule, a.severity, a.message),
        "check_name": a.rule,
        "fingerprint": a.quality_fingerprint(),
        "severity": a.quality,
        "location": {
            "path": a.file.as_deref().unwrap_or(""),
            "lines": { "begin": a.line.unwrap_or(1) },
        },
    })
}

/// `annotations` in `kind`: lines, or a Code Quality JSON array.
pub fn render(kind: Kind, annotations: &[Annotation]) -> String {
    match kind {
        Kind::Concise => annotations.iter().map(concise_line).collect(),
        Kind::Github => annotations.iter().map(github_line).collect(),
        Kind::Gitlab => {
            let issues: Vec<Value> = annotations.iter().map(gitlab_issue).collect();
            crate::text::json::document(&issues)
        }
    }
}

/// The fleet matrix in one of these formats, streamed: every cell's
/// findings, a row of cells at a time (no grid). In `gitlab`, a
/// fingerprint is qualified by its cell, `FINGERPRINT@RESCUER>DISTRESSED`,
/// since a finding on one vehicle's own field recurs along its row.
#[derive(Debug, Clone, Copy)]
pub struct AnnotationMatrix(pub Kind);

impl MatrixRenderer for AnnotationMatrix {
    fn shows_grid(&self) -> bool {
        false
    }

    fn shows_findings(&self) -> bool {
        true
    }

    fn separator(&self) -> &'static str {
        match self.0 {
            Kind::Gitlab => ",\n",
            _ => "",
        }
    }

    fn head(&self, _head: &MatrixHead, out: &mut dyn Write) -> io::Result<()> {
        match self.0 {
            Kind::Gitlab => out.write_all(b"[\n"),
            _ => Ok(()),
        }
    }

    fn findings(&self, head: &MatrixHead, c: &MatrixCell) -> Vec<String> {
        let Some(d) = &c.report else {
            return Vec::new();
        };
        let prefix = format!("{} rescues {}: ", c.rescuer, c.distressed);
        direction(&prefix, d, fallback_file(&head.vehicles, &c.distressed))
            .iter_mut()
            .map(|a| match self.0 {
                Kind::Concise => concise_line(a),
                Kind::Github => github_line(a),
                Kind::Gitlab => {
                    // A finding on one vehicle's own field has the same
                    // fingerprint in every cell of its row: GitLab keys
                    // issues on it, so the cell qualifies it.
                    a.fingerprint = a
                        .fingerprint
                        .take()
                        .map(|f| format!("{f}@{}>{}", c.rescuer, c.distressed));
                    let text =
                        crate::text::json::to_string_pretty(&gitlab_issue(a)).unwrap_or_default();
                    text.lines()
                        .map(|l| format!("  {l}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                }
            })
            .collect()
    }

    fn end(&self, _: &MatrixHead, _: &MatrixTotals, out: &mut dyn Write) -> io::Result<()> {
        match self.0 {
            Kind::Gitlab => out.write_all(b"\n]\n"),
            _ => Ok(()),
        }
    }
}

/// A fleet matrix in memory in `kind`.
pub fn matrix(report: &MatrixReport, kind: Kind) -> String {
    render_report(report, &AnnotationMatrix(kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Annotation {
        Annotation {
            file: Some("specs/a,b:c.toml".into()),
            line: Some(3),
            column: Some(5),
            rule: "MATE-001".into(),
            severity: "blocking".into(),
            level: Level::Error,
            quality: "critical",
            message: "no port\nmatches 100%".into(),
            fingerprint: Some("abc".into()),
            waived: false,
        }
    }

    #[test]
    fn a_concise_line_is_one_line_with_its_place() {
        let line = concise_line(&sample());
        assert_eq!(line.lines().count(), 1);
        assert!(line.starts_with("specs/a,b:c.toml:3:5: MATE-001 blocking: no port"));
    }

    #[test]
    fn a_workflow_command_cannot_be_ended_by_a_value() {
        let line = github_line(&sample());
        assert_eq!(
            line,
            "::error file=specs/a%2Cb%3Ac.toml,line=3,col=5,title=MATE-001 blocking::no port%0Amatches 100%25\n"
        );
    }

    #[test]
    fn a_file_level_annotation_is_at_the_first_line() {
        let a = Annotation {
            line: None,
            column: None,
            fingerprint: None,
            ..sample()
        };
        assert!(concise_line(&a).starts_with("specs/a,b:c.toml:1:1:"));
        assert!(github_line(&a).contains(",line=1,title="));
        let issue = gitlab_issue(&a);
        assert_eq!(issue["location"]["lines"]["begin"], 1);
        assert_eq!(
            issue["fingerprint"].as_str().map(str::len),
            Some(64),
            "a digest stands in for a missing fingerprint"
        );
    }
}
