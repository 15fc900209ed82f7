//! JUnit XML for CI dashboards: a test suite per directed pair, a test case
//! per rule. A blocking finding fails its case; an unknown one skips it (the
//! specs could not decide); conditions and advisories go to system-out.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::model::{CheckReport, DirectionReport, FileInfo, SpecInfo, ToolInfo};
use crate::matrix::stream::{MatrixHead, MatrixRenderer, render_report};
use crate::matrix::{MatrixCell, MatrixReport, MatrixSummary};
use crate::rules::Severity;

use crate::text::escape_xml as esc;

fn suite(out: &mut String, name: &str, d: &DirectionReport, properties: &str) {
    let rules: Vec<_> = crate::rules::registry()
        .into_iter()
        .filter(|r| d.phases.iter().any(|p| p.phase == r.phase))
        .collect();
    let failures = rules
        .iter()
        .filter(|r| {
            d.findings
                .iter()
                .any(|f| f.rule == r.id && f.severity == Severity::Blocking)
        })
        .count();
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
        esc(name),
        rules.len()
    );
    out.push_str(properties);
    for rule in rules {
        let findings: Vec<_> = d.findings.iter().filter(|f| f.rule == rule.id).collect();
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
        let worst = findings.iter().map(|f| f.severity).max();
        let details: Vec<String> = findings
            .iter()
            .map(|f| {
                let places: Vec<String> = f
                    .locations
                    .iter()
                    .map(|l| format!("{}:{} {}", l.file, l.line.unwrap_or(0), l.field))
                    .collect();
                format!("{}: {} ({})", f.severity, f.message, places.join(", "))
            })
            .collect();
        let text = esc(&details.join("\n"));
        let first = esc(findings.first().map_or("", |f| f.message.as_str()));
        match worst {
            Some(Severity::Blocking) => {
                let _ = writeln!(
                    out,
                    "      <failure type=\"blocking\" message=\"{first}\">{text}</failure>"
                );
            }
            Some(Severity::Unknown) => {
                let _ = writeln!(out, "      <skipped message=\"unknown: {first}\"/>");
                let _ = writeln!(out, "      <system-out>{text}</system-out>");
            }
            _ => {
                let _ = writeln!(out, "      <system-out>{text}</system-out>");
            }
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n");
}

fn properties(tool: &ToolInfo, date: &str, specs: &[SpecInfo], files: &[FileInfo]) -> String {
    let mut out = String::from("    <properties>\n");
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
    out.push_str("    </properties>\n");
    out
}

fn document(name: &str, suites: String) -> String {
    format!("{}{suites}{DOCUMENT_END}", document_start(name))
}

fn document_start(name: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\">\n",
        esc(name)
    )
}

const DOCUMENT_END: &str = "</testsuites>\n";

/// A `check` report: two suites, one per direction.
pub fn check(report: &CheckReport) -> String {
    let mut props = properties(&report.tool, &report.date, &report.specs, &report.files);
    // The scenario, stated up front as in every format.
    let lines = super::scenario_lines(&report.scenarios);
    if let Some(end) = props.rfind("    </properties>") {
        let mut extra = String::new();
        for (i, (_, line)) in lines.iter().enumerate() {
            let _ = writeln!(
                extra,
                "      <property name=\"scenario {}\" value=\"{}\"/>",
                i + 1,
                esc(line)
            );
        }
        props.insert_str(end, &extra);
    }
    let mut suites = String::new();
    for d in &report.directions {
        let name = |label: &str| {
            report
                .specs
                .iter()
                .find(|s| s.label == label)
                .map_or(label.to_string(), |s| s.id.clone())
        };
        let title = format!("{} rescues {}", name(&d.rescuer), name(&d.distressed));
        suite(&mut suites, &title, d, &props);
    }
    document("rescue-interop check", suites)
}

/// The fleet matrix as JUnit, as a stream: one suite per cell (rows rescue
/// columns' crews), each with the properties of its own two specs.
#[derive(Debug, Clone, Copy, Default)]
pub struct JunitMatrix;

impl MatrixRenderer for JunitMatrix {
    fn shows_grid(&self) -> bool {
        false
    }

    fn shows_findings(&self) -> bool {
        true
    }

    fn head(&self, _head: &MatrixHead, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(document_start("rescue-interop matrix").as_bytes())
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

    fn end(&self, _: &MatrixHead, _: &MatrixSummary, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(DOCUMENT_END.as_bytes())
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
    if let Some(end) = props.rfind("    </properties>") {
        let stopped: String = plan
            .stopped_early
            .iter()
            .map(|why| {
                format!(
                    "      <property name=\"stopped_early\" value=\"{}\"/>\n",
                    esc(why)
                )
            })
            .collect();
        props.insert_str(end, &stopped);
    }
    let mut suites = String::new();
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
        suites.push_str(&props);
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
    document("rescue-interop plan", suites)
}
