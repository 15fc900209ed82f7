//! SARIF 2.1.0: each finding a result located at the spec line it came
//! from, so code-review tools show it beside the spec. A waived finding
//! carries a suppression (status accepted, the waiver's reason as its
//! justification); expired and unused waivers are tool configuration
//! notifications at their line of the waivers file; the verdicts and
//! phase states of the report model are in the run's property bag.

use serde_json::{Value, json};

use super::model::{CheckReport, DirectionReport, FileInfo, FindingReport, Location, ToolInfo};
use crate::matrix::MatrixReport;
use crate::rules::Severity;
use crate::waivers::WaiverSection;

/// The OASIS Standard's schema (2.1.0, errata 01); tests validate against
/// a copy of it.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

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
    let only = f.only_modes().map_or(String::new(), |m| format!(", {m}"));
    let mut text = format!("{prefix}{} [{}{only}]", f.message, f.severity);
    if let Some(m) = &f.mitigation {
        text.push_str(&format!(" Fix: {m}"));
    }
    let mut result = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": { "text": text },
        "locations": locations,
        "partialFingerprints": { "rescueInterop/v1": f.fingerprint },
        "properties": { "severity": f.severity, "phase": f.phase, "modes": f.modes },
    });
    if let (Some(w), Some(object)) = (&f.waived, result.as_object_mut()) {
        object.insert("suppressions".into(), suppressions(w));
    }
    result
}

/// A waiver as a SARIF suppression: accepted, its reason the justification.
fn suppressions(w: &crate::waivers::WaiverMark) -> Value {
    json!([{
        "kind": "external",
        "status": "accepted",
        "justification": w.reason,
        "properties": { "owner": w.owner, "expires": w.expires, "at": w.at },
    }])
}

/// The expired and unused waivers, as notifications at their line of the
/// waivers file.
fn waiver_notifications(section: &WaiverSection) -> Vec<Value> {
    [("expired", &section.expired), ("unused", &section.unused)]
        .into_iter()
        .flat_map(|(what, entries)| {
            entries.iter().map(move |e| {
                let (file, line) = e.at.rsplit_once(':').unwrap_or((e.at.as_str(), ""));
                let mut physical = json!({ "artifactLocation": { "uri": file } });
                if let (Ok(line), Some(object)) = (line.parse::<u64>(), physical.as_object_mut())
                    && line > 0
                {
                    object.insert("region".into(), json!({ "startLine": line }));
                }
                json!({
                    "descriptor": { "id": format!("waiver-{what}") },
                    "level": "warning",
                    "message": { "text": format!(
                        "{what} waiver ({}, {} until {}): {}",
                        e.matches, e.owner, e.expires, e.reason
                    ) },
                    "locations": [{ "physicalLocation": physical }],
                })
            })
        })
        .collect()
}

/// A direction's verdict and phases, for the run's property bag.
fn verdicts(rescuer: &str, distressed: &str, d: &DirectionReport) -> Value {
    json!({
        "rescuer": rescuer,
        "distressed": distressed,
        "verdict": d.verdict.kind,
        "mode": d.verdict.mode,
        "phase": d.verdict.phase,
        "summary": d.verdict.summary,
        "waived": d.verdict.waived,
        "phases": d.phases,
    })
}

fn document(
    tool: &ToolInfo,
    date: &str,
    files: &[FileInfo],
    results: Vec<Value>,
    directions: Vec<Value>,
    waivers: Option<&WaiverSection>,
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
    let mut run = json!({
        "tool": { "driver": {
            "name": tool.name,
            "version": tool.version,
            "rules": rules,
            "properties": { "ruleset_version": tool.ruleset_version },
        }},
        "artifacts": artifacts,
        "results": results,
        "properties": { "date": date },
    });
    // The verdicts of a check or a matrix (a plan has its own paths).
    if let (false, Some(properties)) = (
        directions.is_empty(),
        run.pointer_mut("/properties")
            .and_then(Value::as_object_mut),
    ) {
        properties.insert("directions".into(), Value::Array(directions));
    }
    if let (Some(section), Some(object)) = (waivers, run.as_object_mut()) {
        object.insert(
            "invocations".into(),
            json!([{
                "executionSuccessful": true,
                "toolConfigurationNotifications": waiver_notifications(section),
                "properties": { "waivers": section },
            }]),
        );
    }
    let document = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [run],
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
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
    let directions = report
        .directions
        .iter()
        .map(|d| verdicts(&d.rescuer, &d.distressed, d))
        .collect();
    document(
        &report.tool,
        &report.date,
        &report.files,
        results,
        directions,
        report.waivers.as_ref(),
    )
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
    let directions = report
        .cells
        .iter()
        .filter_map(|c| Some(verdicts(&c.rescuer, &c.distressed, c.report.as_ref()?)))
        .collect();
    document(
        &report.tool,
        &report.date,
        &report.files,
        results,
        directions,
        report.waivers.as_ref(),
    )
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
                if let (Some(w), Some(object)) = (&f.waived, result.as_object_mut()) {
                    object.insert("suppressions".into(), suppressions(w));
                }
                results.push(result);
            }
        }
    }
    document(
        &plan.tool,
        &plan.date,
        &plan.files,
        results,
        Vec::new(),
        None,
    )
}
