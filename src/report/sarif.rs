//! SARIF 2.1.0: each finding a result located at the spec line it came
//! from, so code-review tools show it beside the spec.

use serde_json::{Value, json};

use super::model::{CheckReport, DirectionReport, FileInfo, FindingReport, Location, ToolInfo};
use crate::matrix::MatrixReport;
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
    document_with_notes(tool, date, files, results, &[])
}

/// A SARIF document whose run also carries `notes` as tool execution
/// notifications (where a plan's search stopped early).
fn document_with_notes(
    tool: &ToolInfo,
    date: &str,
    files: &[FileInfo],
    results: Vec<Value>,
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
            "properties": { "date": date },
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
    document(&report.tool, &report.date, &report.files, results)
}

/// A fleet matrix as SARIF (the findings of every cell).
pub fn matrix(report: &MatrixReport) -> String {
    let results = report
        .cells
        .iter()
        .filter_map(|c| {
            let d = c.report.as_ref()?;
            let prefix = format!("{} rescues {}: ", c.rescuer, c.distressed);
            Some(direction_results(&prefix, d).collect::<Vec<_>>())
        })
        .flatten()
        .collect();
    document(&report.tool, &report.date, &report.files, results)
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
    document_with_notes(
        &plan.tool,
        &plan.date,
        &plan.files,
        results,
        &plan.stopped_early,
    )
}
