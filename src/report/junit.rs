//! JUnit XML for CI dashboards: a test suite per directed pair, a test case
//! per rule. A blocking finding that is not waived fails its case; an
//! unknown one skips it (the specs could not decide); a waived finding
//! skips it with the waiver's reason; conditions and advisories go to
//! system-out. Each suite's properties hold the verdict and every phase's
//! state per mode, as the report model has them; the totals of every suite
//! and of the whole document count the cases that failed and were skipped.
//! Expired and unused waivers are a suite of their own, each a skipped case.
//! The fleet matrix is written as a stream ([`JunitMatrix`]): its root
//! element carries no totals (JUnit makes them optional), since they are
//! known only at the end; each suite carries its own.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::model::{CheckReport, DirectionReport, FileInfo, FindingReport, SpecInfo, ToolInfo};
use crate::matrix::stream::{MatrixHead, MatrixRenderer, render_report};
use crate::matrix::{MatrixCell, MatrixReport, MatrixTotals};
use crate::rules::Severity;
use crate::waivers::WaiverSection;

use crate::text::escape_xml as esc;

/// Totals of a suite or of the document.
#[derive(Debug, Clone, Copy, Default)]
struct Totals {
    tests: usize,
    failures: usize,
    skipped: usize,
}

impl Totals {
    fn add(&mut self, other: Totals) {
        self.tests += other.tests;
        self.failures += other.failures;
        self.skipped += other.skipped;
    }
}

/// What a rule's case says.
enum Outcome {
    Passed,
    Failed(String),
    Skipped(String),
}

fn outcome(findings: &[&FindingReport]) -> Outcome {
    let counted: Vec<&&FindingReport> = findings.iter().filter(|f| f.waived.is_none()).collect();
    let first = |severity: Severity| {
        counted
            .iter()
            .find(|f| f.severity == severity)
            .map(|f| f.message.clone())
    };
    if let Some(message) = first(Severity::Blocking) {
        return Outcome::Failed(message);
    }
    if let Some(message) = first(Severity::Unknown) {
        return Outcome::Skipped(format!("unknown: {message}"));
    }
    match findings.iter().find_map(|f| f.waived.as_ref()) {
        Some(w) => Outcome::Skipped(super::waiver_text(w)),
        None => Outcome::Passed,
    }
}

fn finding_line(f: &FindingReport, d: &DirectionReport) -> String {
    let places: Vec<String> = f
        .locations
        .iter()
        .map(|l| format!("{}:{} {}", l.file, l.line.unwrap_or(0), l.field))
        .collect();
    let only = f.only_modes(d).map_or(String::new(), |m| format!(" ({m})"));
    let waived = f
        .waived
        .as_ref()
        .map_or(String::new(), |w| format!(" [{}]", super::waiver_text(w)));
    format!(
        "{}{only}: {} ({}){waived}",
        f.severity,
        f.message,
        places.join(", ")
    )
}

/// The verdict and each phase's state per mode, as suite properties.
fn direction_properties(d: &DirectionReport) -> String {
    let mut out = String::new();
    let mut property = |name: &str, value: &str| {
        let _ = writeln!(
            out,
            "      <property name=\"{}\" value=\"{}\"/>",
            esc(name),
            esc(value)
        );
    };
    property("verdict", d.verdict.kind.as_str());
    property("verdict mode", d.verdict.mode.as_str());
    property("verdict phase", d.verdict.phase.map_or("", |p| p.as_str()));
    property("verdict summary", &d.verdict.summary);
    property("waived", &d.verdict.waived.to_string());
    property("decided on data", &d.decided.to_string());
    property("decided by flight record", &d.decided_by_record.to_string());
    for p in &d.phases {
        for m in &p.modes {
            property(
                &format!("phase {} {}", p.phase, m.mode),
                &super::phase_mode_text(m),
            );
        }
    }
    out
}

fn suite(out: &mut String, name: &str, d: &DirectionReport, properties: &str) -> Totals {
    let rules: Vec<_> = crate::rules::registry()
        .into_iter()
        .filter(|r| d.phases.iter().any(|p| p.phase == r.phase))
        .collect();
    let outcomes: Vec<(&crate::rules::Rule, Vec<&FindingReport>, Outcome)> = rules
        .into_iter()
        .map(|rule| {
            let findings: Vec<&FindingReport> =
                d.findings.iter().filter(|f| f.rule == rule.id).collect();
            let outcome = outcome(&findings);
            (rule, findings, outcome)
        })
        .collect();
    let totals = Totals {
        tests: outcomes.len(),
        failures: outcomes
            .iter()
            .filter(|(_, _, o)| matches!(o, Outcome::Failed(_)))
            .count(),
        skipped: outcomes
            .iter()
            .filter(|(_, _, o)| matches!(o, Outcome::Skipped(_)))
            .count(),
    };
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
        esc(name),
        totals.tests,
        totals.failures,
        totals.skipped
    );
    out.push_str("    <properties>\n");
    out.push_str(properties);
    out.push_str(&direction_properties(d));
    out.push_str("    </properties>\n");
    for (rule, findings, outcome) in outcomes {
        let _ = write!(
            out,
            "    <testcase classname=\"rescue-interop.{}\" name=\"{} {}\"",
            rule.phase,
            rule.id,
            esc(rule.name)
        );
        if findings.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        let details: Vec<String> = findings.iter().map(|f| finding_line(f, d)).collect();
        let text = esc(&details.join("\n"));
        match outcome {
            Outcome::Failed(message) => {
                let _ = writeln!(
                    out,
                    "      <failure type=\"blocking\" message=\"{}\">{text}</failure>",
                    esc(&message)
                );
            }
            Outcome::Skipped(message) => {
                let _ = writeln!(out, "      <skipped message=\"{}\"/>", esc(&message));
                let _ = writeln!(out, "      <system-out>{text}</system-out>");
            }
            Outcome::Passed => {
                let _ = writeln!(out, "      <system-out>{text}</system-out>");
            }
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n");
    totals
}

/// The expired and unused waivers: a suite of skipped cases, so that a
/// dashboard lists them without failing the build.
fn waivers_suite(out: &mut String, section: &WaiverSection) -> Totals {
    let entries: Vec<(&str, &crate::waivers::WaiverEntry)> = section
        .expired
        .iter()
        .map(|e| ("expired", e))
        .chain(section.unused.iter().map(|e| ("unused", e)))
        .collect();
    let totals = Totals {
        tests: entries.len(),
        failures: 0,
        skipped: entries.len(),
    };
    let _ = writeln!(
        out,
        "  <testsuite name=\"waivers {}\" tests=\"{}\" failures=\"0\" errors=\"0\" skipped=\"{}\">",
        esc(&section.file),
        totals.tests,
        totals.skipped
    );
    let _ = writeln!(
        out,
        "    <properties>\n      <property name=\"applied\" value=\"{}\"/>\n    </properties>",
        section.applied
    );
    for (what, e) in entries {
        let _ = writeln!(
            out,
            "    <testcase classname=\"rescue-interop.waivers\" name=\"{}\">\n      <skipped message=\"{what} waiver ({}, {} until {}): {}\"/>\n    </testcase>",
            esc(&e.at),
            esc(&e.matches),
            esc(&e.owner),
            esc(&e.expires),
            esc(&e.reason)
        );
    }
    out.push_str("  </testsuite>\n");
    totals
}

fn properties(tool: &ToolInfo, date: &str, specs: &[SpecInfo], files: &[FileInfo]) -> String {
    let mut out = String::new();
    let mut property = |name: &str, value: &str| {
        let _ = writeln!(
            out,
            "      <property name=\"{}\" value=\"{}\"/>",
            esc(name),
            esc(value)
        );
    };
    property("tool", &format!("{} {}", tool.name, tool.version));
    property("ruleset_version", &tool.ruleset_version);
    property("date", date);
    for s in specs {
        property(
            &format!("spec {}", s.label),
            &format!("{} sha256:{}", s.path, s.sha256),
        );
    }
    for (role, f) in super::other_files(files, specs) {
        property(role, &format!("{} sha256:{}", f.path, f.sha256));
    }
    out
}

fn document(name: &str, suites: String, totals: Totals) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n{suites}</testsuites>\n",
        esc(name),
        totals.tests,
        totals.failures,
        totals.skipped
    )
}

/// A `check` report: two suites, one per direction.
pub fn check(report: &CheckReport) -> String {
    let mut props = properties(&report.tool, &report.date, &report.specs, &report.files);
    // The scenario, stated up front as in every format.
    for (i, (_, line)) in super::scenario_lines(&report.scenarios).iter().enumerate() {
        let _ = writeln!(
            props,
            "      <property name=\"scenario {}\" value=\"{}\"/>",
            i + 1,
            esc(line)
        );
    }
    let mut suites = String::new();
    let mut totals = Totals::default();
    for d in &report.directions {
        let name = |label: &str| {
            report
                .specs
                .iter()
                .find(|s| s.label == label)
                .map_or(label.to_string(), |s| s.id.clone())
        };
        let title = format!("{} rescues {}", name(&d.rescuer), name(&d.distressed));
        totals.add(suite(&mut suites, &title, d, &props));
    }
    if let Some(section) = &report.waivers {
        totals.add(waivers_suite(&mut suites, section));
    }
    document("rescue-interop check", suites, totals)
}

/// The fleet matrix as JUnit, as a stream: one suite per cell (rows rescue
/// columns' crews), each with the properties of its own two specs, then
/// the waivers suite.
#[derive(Debug, Clone, Copy, Default)]
pub struct JunitMatrix;

const DOCUMENT_END: &str = "</testsuites>\n";

impl MatrixRenderer for JunitMatrix {
    fn shows_grid(&self) -> bool {
        false
    }

    fn shows_findings(&self) -> bool {
        true
    }

    fn head(&self, _head: &MatrixHead, out: &mut dyn Write) -> io::Result<()> {
        let start = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\">\n",
            esc("rescue-interop matrix")
        );
        out.write_all(start.as_bytes())
    }

    fn findings(&self, head: &MatrixHead, c: &MatrixCell) -> Vec<String> {
        let Some(d) = &c.report else {
            return Vec::new();
        };
        // The pair's two specs, not the whole fleet: a suite per cell
        // repeating every spec would grow with the cube of the fleet.
        let pair: Vec<SpecInfo> = head
            .vehicles
            .iter()
            .filter(|v| v.label == c.rescuer || v.label == c.distressed)
            .cloned()
            .collect();
        let data_files: Vec<FileInfo> = super::other_files(&head.files, &head.vehicles)
            .filter(|(role, _)| *role == "data file")
            .map(|(_, f)| f.clone())
            .collect();
        let props = properties(&head.tool, &head.date, &pair, &data_files);
        let mut text = String::new();
        suite(
            &mut text,
            &format!("{} rescues {}", c.rescuer, c.distressed),
            d,
            &props,
        );
        vec![text]
    }

    fn end(&self, _: &MatrixHead, totals: &MatrixTotals, out: &mut dyn Write) -> io::Result<()> {
        let mut text = String::new();
        if let Some(section) = &totals.waivers {
            waivers_suite(&mut text, section);
        }
        text.push_str(DOCUMENT_END);
        out.write_all(text.as_bytes())
    }
}

/// A fleet matrix in memory as JUnit.
pub fn matrix(report: &MatrixReport) -> String {
    render_report(report, &JunitMatrix)
}

/// A rescue plan: a suite per path, a case per step. A blocked step fails
/// its case, an undetermined one is skipped (the specs could not decide);
/// conditions and what the specs do not give go to system-out.
pub fn plan(plan: &crate::plan::Plan) -> String {
    use crate::check::VerdictKind;
    let mut props = properties(&plan.tool, &plan.date, &plan.specs, &plan.files);
    // Where the search stopped short: the suites are what was tried.
    for why in &plan.stopped_early {
        let _ = writeln!(
            props,
            "      <property name=\"stopped_early\" value=\"{}\"/>",
            esc(why)
        );
    }
    let mut suites = String::new();
    let mut totals = Totals::default();
    for (n, path) in plan.paths.iter().enumerate() {
        let failures = path
            .steps
            .iter()
            .filter(|s| s.verdict == VerdictKind::Blocked)
            .count();
        let skipped = path
            .steps
            .iter()
            .filter(|s| s.verdict == VerdictKind::Undetermined)
            .count();
        let _ = writeln!(
            suites,
            "  <testsuite name=\"path {}: {}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">",
            n + 1,
            esc(&path.via.join(" -> ")),
            path.steps.len()
        );
        totals.add(Totals {
            tests: path.steps.len(),
            failures,
            skipped,
        });
        let _ = write!(suites, "    <properties>\n{props}    </properties>\n");
        for step in &path.steps {
            let phases: Vec<&str> = step.phases.iter().map(|p| p.as_str()).collect();
            let _ = writeln!(
                suites,
                "    <testcase classname=\"rescue-interop.plan.{}\" name=\"{}\">",
                phases.join("-"),
                esc(&step.description)
            );
            let lines = |severity: Severity| -> Vec<String> {
                step.findings
                    .iter()
                    .filter(|f| f.severity == severity)
                    .map(|f| {
                        let places: Vec<String> = f
                            .locations
                            .iter()
                            .map(|l| match l.line {
                                Some(line) => format!("{}:{line} {}", l.file, l.field),
                                None => format!("{} {} (not given)", l.file, l.field),
                            })
                            .collect();
                        if places.is_empty() {
                            format!("{} {}: {}", f.severity, f.rule, f.message)
                        } else {
                            format!(
                                "{} {}: {} ({})",
                                f.severity,
                                f.rule,
                                f.message,
                                places.join(", ")
                            )
                        }
                    })
                    .collect()
            };
            let blocking = lines(Severity::Blocking);
            let mut notes = lines(Severity::Conditional);
            notes.extend(lines(Severity::Unknown));
            match step.verdict {
                VerdictKind::Blocked => {
                    let first = step
                        .findings
                        .iter()
                        .find(|f| f.severity == Severity::Blocking)
                        .map_or("", |f| f.message.as_str());
                    let _ = writeln!(
                        suites,
                        "      <failure type=\"blocking\" message=\"{}\">{}</failure>",
                        esc(first),
                        esc(&blocking.join("\n"))
                    );
                }
                VerdictKind::Undetermined => {
                    let first = step
                        .findings
                        .iter()
                        .find(|f| f.severity == Severity::Unknown)
                        .map_or("", |f| f.message.as_str());
                    let _ = writeln!(
                        suites,
                        "      <skipped message=\"unknown: {}\"/>",
                        esc(first)
                    );
                }
                VerdictKind::Feasible | VerdictKind::FeasibleWithConditions => {}
            }
            if !notes.is_empty() {
                let _ = writeln!(
                    suites,
                    "      <system-out>{}</system-out>",
                    esc(&notes.join("\n"))
                );
            }
            suites.push_str("    </testcase>\n");
        }
        suites.push_str("  </testsuite>\n");
    }
    if let Some(section) = &plan.waivers {
        totals.add(waivers_suite(&mut suites, section));
    }
    document("rescue-interop plan", suites, totals)
}
