//! SARIF 2.1.0: each finding a result located at the spec line it came
//! from, so code-review tools show it beside the spec. A waived finding
//! carries a suppression (status accepted, the waiver's reason as its
//! justification); expired and unused waivers are tool configuration
//! notifications at their line of the waivers file; the verdicts and
//! phase states of the report model are in the run's property bag. The
//! fleet matrix is written as a stream ([`SarifMatrix`]).

use std::io::{self, Write};

use serde_json::{Value, json};

use super::model::{CheckReport, DirectionReport, FileInfo, FindingReport, Location, ToolInfo};
use crate::matrix::stream::{MatrixHead, MatrixRenderer, render_report};
use crate::matrix::{MatrixCell, MatrixReport, MatrixTotals};
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

/// A result's locations: the first spec field it came from, or, when it
/// names none, the file `fallback` (file-level); every other field as a
/// related location. GitHub code scanning reads one location per result
/// and shows the related ones as links.
fn placed(places: &[Location], fallback: Option<&str>) -> (Vec<Value>, Vec<Value>) {
    let mut all = locations(places);
    if all.is_empty() {
        if let Some(file) = fallback {
            all.push(json!({ "physicalLocation": { "artifactLocation": { "uri": file } } }));
        }
        return (all, Vec::new());
    }
    let related: Vec<Value> = all
        .split_off(1)
        .into_iter()
        .enumerate()
        .map(|(i, mut l)| {
            if let Some(object) = l.as_object_mut() {
                object.insert("id".into(), json!(i + 1));
            }
            l
        })
        .collect();
    (all, related)
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

fn result(prefix: &str, f: &FindingReport, d: &DirectionReport, fallback: Option<&str>) -> Value {
    let (locations, related) = placed(&f.locations, fallback);
    let only = f.only_modes(d).map_or(String::new(), |m| format!(", {m}"));
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
    if let (false, Some(properties)) = (
        f.record.is_empty(),
        result
            .pointer_mut("/properties")
            .and_then(Value::as_object_mut),
    ) {
        properties.insert("record".into(), json!(f.record));
    }
    if let (false, Some(object)) = (related.is_empty(), result.as_object_mut()) {
        object.insert("relatedLocations".into(), related.into());
    }
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
        "evaluations": d.evaluations,
        "decided_on_data": d.decided,
        "decided_by_record": d.decided_by_record,
        "phases": d.phases,
    })
}

/// A rule's page (docs/rules/ID.md) as code scanning shows it: the
/// generated-file comment dropped.
fn rule_help_markdown(rule: &crate::rules::Rule) -> String {
    let page = crate::rules::docs::render_markdown(rule);
    match page.split_once('\n') {
        Some((first, rest)) if first.starts_with("<!--") => rest.to_string(),
        _ => page,
    }
}

/// Where a rule's page is published: the package's repository (Cargo.toml
/// `repository`) and `docs/rules/ID.md`; none while the package names no
/// public repository (a `helpUri` must be an absolute URI).
fn help_uri(id: &str) -> Option<String> {
    let repository = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    (repository.starts_with("https://"))
        .then(|| format!("{repository}/blob/main/docs/rules/{id}.md"))
}

/// The run's tool: this tool and its rules.
fn tool(tool: &ToolInfo) -> Value {
    let rules: Vec<Value> = crate::rules::registry()
        .iter()
        .map(|r| {
            let mut rule = json!({
                "id": r.id,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.docs.what_it_checks },
                "help": {
                    "text": format!("{}\n\nHow to resolve: {}", r.docs.why_it_blocks, r.docs.how_to_resolve),
                    "markdown": rule_help_markdown(r),
                },
                "defaultConfiguration": { "level": level(r.default_severity) },
                "properties": { "phase": r.phase, "reference": r.reference },
            });
            if let (Some(uri), Some(object)) = (help_uri(r.id), rule.as_object_mut()) {
                object.insert("helpUri".into(), uri.into());
            }
            rule
        })
        .collect();
    json!({ "driver": {
        "name": tool.name,
        "version": tool.version,
        "rules": rules,
        "properties": { "ruleset_version": tool.ruleset_version },
    }})
}

fn artifacts(files: &[FileInfo]) -> Value {
    files
        .iter()
        .map(|s| json!({ "location": { "uri": s.path }, "hashes": { "sha-256": s.sha256 } }))
        .collect()
}

/// The run's invocation, when there is something to say of it: the
/// waivers file's expired and unused waivers (configuration
/// notifications), and where a plan's search stopped early (execution
/// notifications).
fn invocations(waivers: Option<&WaiverSection>, notes: &[String]) -> Option<Value> {
    if waivers.is_none() && notes.is_empty() {
        return None;
    }
    let mut invocation = json!({ "executionSuccessful": true });
    let object = invocation.as_object_mut()?;
    if !notes.is_empty() {
        let notifications: Vec<Value> = notes
            .iter()
            .map(|n| json!({ "level": "warning", "message": { "text": n } }))
            .collect();
        object.insert("toolExecutionNotifications".into(), notifications.into());
    }
    if let Some(section) = waivers {
        object.insert(
            "toolConfigurationNotifications".into(),
            waiver_notifications(section).into(),
        );
        object.insert("properties".into(), json!({ "waivers": section }));
    }
    Some(json!([invocation]))
}

/// What a SARIF document holds besides its results.
struct Run<'a> {
    tool: &'a ToolInfo,
    date: &'a str,
    files: &'a [FileInfo],
    /// The verdicts of a check (a plan has its own paths).
    directions: Vec<Value>,
    /// The scenario each direction judged, stated as reports state it.
    scenario: Vec<String>,
    waivers: Option<&'a WaiverSection>,
    /// Where a plan's search stopped early.
    notes: &'a [String],
}

fn document(run: Run<'_>, results: Vec<Value>) -> String {
    let mut value = json!({
        "tool": tool(run.tool),
        "artifacts": artifacts(run.files),
        "results": results,
        "properties": { "date": run.date },
    });
    if let (false, Some(properties)) = (
        run.directions.is_empty(),
        value
            .pointer_mut("/properties")
            .and_then(Value::as_object_mut),
    ) {
        properties.insert("directions".into(), Value::Array(run.directions));
    }
    if let (false, Some(properties)) = (
        run.scenario.is_empty(),
        value
            .pointer_mut("/properties")
            .and_then(Value::as_object_mut),
    ) {
        properties.insert("scenario".into(), run.scenario.into());
    }
    if let (Some(invocations), Some(object)) =
        (invocations(run.waivers, run.notes), value.as_object_mut())
    {
        object.insert("invocations".into(), invocations);
    }
    let document = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [value],
    });
    crate::text::json::document(&document)
}

/// The scenario lines of reports, without their depth.
fn scenario_lines(scenarios: &[super::model::ScenarioStatement]) -> Vec<String> {
    super::scenario_lines(scenarios)
        .into_iter()
        .map(|(_, line)| line)
        .collect()
}

fn direction_results<'d>(
    prefix: &'d str,
    d: &'d DirectionReport,
    fallback: Option<&'d str>,
) -> impl Iterator<Item = Value> + 'd {
    d.findings
        .iter()
        .map(move |f| result(prefix, f, d, fallback))
}

/// A `check` report as SARIF.
pub fn check(report: &CheckReport) -> String {
    let results = report
        .directions
        .iter()
        .flat_map(|d| {
            let fallback = super::annotations::fallback_file(&report.specs, &d.distressed);
            direction_results(
                &format!("{} rescues {}: ", d.rescuer, d.distressed),
                d,
                fallback,
            )
            .collect::<Vec<_>>()
        })
        .collect();
    let directions = report
        .directions
        .iter()
        .map(|d| verdicts(&d.rescuer, &d.distressed, d))
        .collect();
    document(
        Run {
            tool: &report.tool,
            date: &report.date,
            files: &report.files,
            directions,
            scenario: scenario_lines(&report.scenarios),
            waivers: report.waivers.as_ref(),
            notes: &[],
        },
        results,
    )
}

/// `value` pretty, as a member of an object (`key` given) or an item,
/// at `indent` spaces.
fn pretty(key: Option<&str>, value: &Value, indent: usize) -> String {
    let text = crate::text::json::to_string_pretty(value).unwrap_or_default();
    let pad = " ".repeat(indent);
    let mut out = pad.clone();
    if let Some(key) = key {
        out.push_str(&crate::text::json::to_string_pretty(key).unwrap_or_default());
        out.push_str(": ");
    }
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&pad);
        }
        out.push_str(line);
    }
    out
}

/// A cell's verdict and phases, for the run's property bag.
fn cell_verdict(c: &MatrixCell) -> Value {
    json!({
        "rescuer": c.rescuer,
        "distressed": c.distressed,
        "verdict": c.verdict,
        "mode": c.mode,
        "phase": c.phase,
        "waived": c.waived,
        "phases": c.phases,
    })
}

/// The fleet matrix as SARIF, as a stream: the run's property bag holds
/// each cell's verdict and phases (written with the grid, a row at a
/// time), then the invocation with the waivers, then a result per finding
/// of every cell, then the tool. Its members are not in the alphabetical
/// order of the `check` document: what is known last comes last.
#[derive(Debug, Clone, Copy, Default)]
pub struct SarifMatrix;

impl MatrixRenderer for SarifMatrix {
    fn shows_findings(&self) -> bool {
        true
    }

    fn separator(&self) -> &'static str {
        ",\n"
    }

    fn head(&self, head: &MatrixHead, out: &mut dyn Write) -> io::Result<()> {
        let mut text = format!(
            "{{\n{},\n  \"runs\": [\n    {{\n{},\n      \"properties\": {{\n{},\n",
            pretty(Some("$schema"), &json!(SCHEMA), 2),
            pretty(Some("artifacts"), &artifacts(&head.files), 6),
            pretty(Some("date"), &json!(head.date), 8),
        );
        if let Some(keyed) = &head.keyed {
            text.push_str(&pretty(Some("keyed"), &json!(keyed), 8));
            text.push_str(",\n        \"share_safe\": true,\n");
        }
        text.push_str("        \"directions\": [\n");
        out.write_all(text.as_bytes())
    }

    fn row(
        &self,
        _head: &MatrixHead,
        row: usize,
        cells: &[Option<&MatrixCell>],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let items: Vec<String> = cells
            .iter()
            .flatten()
            .map(|c| pretty(None, &cell_verdict(c), 10))
            .collect();
        if items.is_empty() {
            return Ok(());
        }
        let lead = if row == 0 { "" } else { ",\n" };
        out.write_all(format!("{lead}{}", items.join(",\n")).as_bytes())
    }

    fn summary(
        &self,
        _head: &MatrixHead,
        totals: &MatrixTotals,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut text = String::from("\n        ]\n      },\n");
        if let Some(invocations) = invocations(totals.waivers.as_ref(), &[]) {
            text.push_str(&pretty(Some("invocations"), &invocations, 6));
            text.push_str(",\n");
        }
        text.push_str("      \"results\": [\n");
        out.write_all(text.as_bytes())
    }

    fn findings(&self, head: &MatrixHead, c: &MatrixCell) -> Vec<String> {
        let Some(d) = &c.report else {
            return Vec::new();
        };
        let prefix = format!("{} rescues {}: ", c.rescuer, c.distressed);
        let fallback = super::annotations::fallback_file(&head.vehicles, &c.distressed);
        direction_results(&prefix, d, fallback)
            .map(|result| pretty(None, &result, 8))
            .collect()
    }

    fn end(&self, head: &MatrixHead, _: &MatrixTotals, out: &mut dyn Write) -> io::Result<()> {
        let text = format!(
            "\n      ],\n{}\n    }}\n  ],\n  \"version\": \"2.1.0\"\n}}\n",
            pretty(Some("tool"), &tool(&head.tool), 6)
        );
        out.write_all(text.as_bytes())
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
    // A finding that names no field (a planner's procedure) is at the spec
    // of the crew rescued.
    let fallback = super::annotations::fallback_file(&plan.specs, "distressed");
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
                let (locations, related) = placed(&f.locations, fallback);
                let mut result = json!({
                    "ruleId": f.rule,
                    "level": level(f.severity),
                    "message": { "text": text },
                    "locations": locations,
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
                if let (false, Some(object)) = (related.is_empty(), result.as_object_mut()) {
                    object.insert("relatedLocations".into(), related.into());
                }
                results.push(result);
            }
        }
    }
    document(
        Run {
            tool: &plan.tool,
            date: &plan.date,
            files: &plan.files,
            directions: Vec::new(),
            scenario: scenario_lines(plan.scenario.as_slice()),
            waivers: plan.waivers.as_ref(),
            notes: &plan.stopped_early,
        },
        results,
    )
}
