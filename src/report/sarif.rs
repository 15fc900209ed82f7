//! SARIF 2.1.0: each finding a result located at the spec line it came
//! from, so code-review tools show it beside the spec.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::model::{CheckReport, DirectionReport, FileInfo, FindingReport, Location, ToolInfo};
use crate::matrix::stream::{MatrixHead, MatrixRenderer, render_report};
use crate::matrix::{MatrixCell, MatrixReport, MatrixSummary};
use crate::rules::Severity;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Blocking => "error",
        Severity::Unknown | Severity::Conditional => "warning",
        Severity::Advisory => "note",
    }
}

/// SARIF locations of the spec fields a finding came from.
fn locations(places: &[Location]) -> Vec<Value> {
    places
        .iter()
        .map(|l| {
            let mut physical = json!({ "artifactLocation": { "uri": l.file } });
            if let (Some(line), Some(column), Some(object)) =
                (l.line, l.column, physical.as_object_mut())
            {
                object.insert(
                    "region".into(),
                    json!({ "startLine": line, "startColumn": column }),
                );
            }
            json!({
                "physicalLocation": physical,
                "logicalLocations": [{ "name": l.field, "kind": "member" }],
            })
        })
        .collect()
}

fn result(prefix: &str, f: &FindingReport) -> Value {
    let locations = locations(&f.locations);
    let mut text = format!("{prefix}{} [{}]", f.message, f.severity);
    if let Some(m) = &f.mitigation {
        text.push_str(&format!(" Fix: {m}"));
    }
    json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": { "text": text },
        "locations": locations,
        "partialFingerprints": { "rescueInterop/v1": f.fingerprint },
        "properties": { "severity": f.severity, "phase": f.phase },
    })
}

fn document(tool: &ToolInfo, date: &str, files: &[FileInfo], results: Vec<Value>) -> String {
    document_with(tool, date, files, results, Vec::new(), &[])
}

/// A SARIF document whose run's properties also name the scenario lines,
/// and which carries `notes` as tool execution notifications (where a
/// plan's search stopped early).
fn document_with(
    tool: &ToolInfo,
    date: &str,
    files: &[FileInfo],
    results: Vec<Value>,
    scenario: Vec<String>,
    notes: &[String],
) -> String {
    let rules: Vec<Value> = crate::rules::registry()
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "properties": { "phase": r.phase, "reference": r.reference },
            })
        })
        .collect();
    let artifacts: Vec<Value> = files
        .iter()
        .map(|s| json!({ "location": { "uri": s.path }, "hashes": { "sha-256": s.sha256 } }))
        .collect();
    let document = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": tool.name,
                "version": tool.version,
                "rules": rules,
                "properties": { "ruleset_version": tool.ruleset_version },
            }},
            "artifacts": artifacts,
            "results": results,
            "properties": if scenario.is_empty() {
                json!({ "date": date })
            } else {
                json!({ "date": date, "scenario": scenario })
            },
        }],
    });
    let mut document = document;
    if !notes.is_empty() {
        let notifications: Vec<Value> = notes
            .iter()
            .map(|n| json!({ "level": "warning", "message": { "text": n } }))
            .collect();
        if let Some(run) = document
            .get_mut("runs")
            .and_then(|r| r.get_mut(0))
            .and_then(Value::as_object_mut)
        {
            run.insert(
                "invocations".into(),
                json!([{
                    "executionSuccessful": true,
                    "toolExecutionNotifications": notifications,
                }]),
            );
        }
    }
    crate::text::json::document(&document)
}

fn direction_results(prefix: &str, d: &DirectionReport) -> impl Iterator<Item = Value> {
    d.findings.iter().map(move |f| result(prefix, f))
}

/// A `check` report as SARIF.
pub fn check(report: &CheckReport) -> String {
    let results = report
        .directions
        .iter()
        .flat_map(|d| {
            direction_results(&format!("{} rescues {}: ", d.rescuer, d.distressed), d)
                .collect::<Vec<_>>()
        })
        .collect();
    let scenario = super::scenario_lines(&report.scenarios)
        .into_iter()
        .map(|(_, line)| line)
        .collect();
    document_with(
        &report.tool,
        &report.date,
        &report.files,
        results,
        scenario,
        &[],
    )
}

/// The fleet matrix as SARIF (the findings of every cell), as a stream:
/// the document around its `results`, then a result per finding.
#[derive(Debug, Clone, Copy, Default)]
pub struct SarifMatrix;

impl SarifMatrix {
    /// The pretty document with `results` left out: what comes before the
    /// results array and what comes after it.
    fn around(head: &MatrixHead) -> (String, String) {
        let mut document = document(&head.tool, &head.date, &head.files, Vec::new());
        if let Some(keyed) = &head.keyed {
            document = document.replacen(
                "\"date\":",
                &format!(
                    "\"keyed\": {},\n        \"share_safe\": true,\n        \"date\":",
                    crate::text::json::to_string_pretty(keyed).unwrap_or_default()
                ),
                1,
            );
        }
        let marker = "\"results\": [],";
        match document.split_once(marker) {
            Some((before, after)) => (
                format!("{before}\"results\": [\n"),
                format!("\n      ],{after}"),
            ),
            None => (document, String::new()),
        }
    }
}

impl MatrixRenderer for SarifMatrix {
    fn shows_grid(&self) -> bool {
        false
    }

    fn shows_findings(&self) -> bool {
        true
    }

    fn separator(&self) -> &'static str {
        ",\n"
    }

    fn head(&self, head: &MatrixHead, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(SarifMatrix::around(head).0.as_bytes())
    }

    fn findings(&self, _head: &MatrixHead, c: &MatrixCell) -> Vec<String> {
        let Some(d) = &c.report else {
            return Vec::new();
        };
        let prefix = format!("{} rescues {}: ", c.rescuer, c.distressed);
        direction_results(&prefix, d)
            .map(|result| {
                let text = crate::text::json::to_string_pretty(&result).unwrap_or_default();
                // At the depth of runs[0].results in the pretty document.
                text.lines()
                    .map(|line| format!("        {line}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect()
    }

    fn end(&self, head: &MatrixHead, _: &MatrixSummary, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(SarifMatrix::around(head).1.as_bytes())
    }
}

/// A fleet matrix in memory as SARIF.
pub fn matrix(report: &MatrixReport) -> String {
    render_report(report, &SarifMatrix)
}

/// A rescue plan as SARIF: each blocking or conditional finding of each
/// path's steps, located at the spec lines it came from when known.
pub fn plan(plan: &crate::plan::Plan) -> String {
    let mut results = Vec::new();
    for (n, path) in plan.paths.iter().enumerate() {
        for step in &path.steps {
            for f in step
                .findings
                .iter()
                .filter(|f| matches!(f.severity, Severity::Blocking | Severity::Conditional))
            {
                let mut text = format!(
                    "path {} ({}), {}: {} [{}]",
                    n + 1,
                    path.via.join(" -> "),
                    step.description,
                    f.message,
                    f.severity
                );
                if let Some(m) = &f.mitigation {
                    text.push_str(&format!(" Fix: {m}"));
                }
                let mut result = json!({
                    "ruleId": f.rule,
                    "level": level(f.severity),
                    "message": { "text": text },
                    "locations": locations(&f.locations),
                    "properties": {
                        "severity": f.severity,
                        "phase": f.phase,
                        "path": n + 1,
                        "via": path.via,
                        "step": step.description,
                    },
                });
                if let (Some(fingerprint), Some(object)) = (&f.fingerprint, result.as_object_mut())
                {
                    object.insert(
                        "partialFingerprints".into(),
                        json!({ "rescueInterop/v1": fingerprint }),
                    );
                }
                results.push(result);
            }
        }
    }
    let scenario = super::scenario_lines(plan.scenario.as_slice())
        .into_iter()
        .map(|(_, line)| line)
        .collect();
    document_with(
        &plan.tool,
        &plan.date,
        &plan.files,
        results,
        scenario,
        &plan.stopped_early,
    )
}
