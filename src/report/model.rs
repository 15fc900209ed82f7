//! The report model: one structure that every renderer reads. No renderer
//! recomputes a finding.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::check::{DirectionResult, VerdictKind, party_index};
use crate::rules::{EvidenceRole, Finding, Mode, Phase, RULESET_VERSION, Severity};
use crate::spec::Vehicle;

/// Version of the JSON report layout; bumped on any incompatible change.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// A `check` report: two vehicles, both directions.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "rescue-interop check report")]
pub struct CheckReport {
    /// Layout version of this document.
    pub schema_version: u32,
    pub tool: ToolInfo,
    /// The two specs compared, A then B.
    pub specs: Vec<SpecInfo>,
    /// `A rescues B`, then `B rescues A`.
    pub directions: Vec<DirectionReport>,
}

/// What produced the report.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
    pub ruleset_version: String,
}

impl ToolInfo {
    pub fn current() -> Self {
        ToolInfo {
            name: env!("CARGO_PKG_NAME").into(),
            version: env!("CARGO_PKG_VERSION").into(),
            ruleset_version: RULESET_VERSION.into(),
        }
    }
}

/// One spec file compared.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct SpecInfo {
    /// "A" or "B".
    pub label: String,
    pub id: String,
    pub name: String,
    pub path: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
}

/// The verdict of a direction.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Verdict {
    pub kind: VerdictKind,
    /// The mode the verdict comes from (the best one).
    pub mode: Mode,
    /// The first phase at the verdict's severity (the blocking phase of a
    /// blocked rescue).
    pub phase: Option<Phase>,
    /// One sentence: the verdict and why.
    pub summary: String,
    /// For a feasible-with-conditions verdict, the conditions.
    pub conditions: Vec<String>,
}

/// One direction of a pair.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct DirectionReport {
    /// Label of the rescuing spec ("A").
    pub rescuer: String,
    /// Label of the spec whose crew is rescued ("B").
    pub distressed: String,
    pub verdict: Verdict,
    /// The verdict of each mode.
    pub modes: Vec<ModeReport>,
    /// Rule evaluations run, and how many the specs held data to decide.
    pub evaluations: u32,
    pub decided: u32,
    /// Share of evaluations decided on data, 0 to 1.
    pub decided_share: f64,
    /// Worst severity per phase, in its best mode among the modes the
    /// phase's rules judge (docking stays blocked though an EVA bypasses it).
    pub phases: Vec<PhaseReport>,
    pub findings: Vec<FindingReport>,
}

/// The verdict of one mode.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ModeReport {
    pub mode: Mode,
    pub kind: VerdictKind,
    pub phase: Option<Phase>,
}

/// A phase's worst severity.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct PhaseReport {
    pub phase: Phase,
    pub worst: Option<Severity>,
}

/// One finding.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct FindingReport {
    /// Stable hash of rule, direction and the spec elements involved.
    pub fingerprint: String,
    pub rule: String,
    pub name: String,
    pub phase: Phase,
    pub modes: Vec<Mode>,
    pub severity: Severity,
    pub message: String,
    pub evidence: Vec<EvidenceReport>,
    pub locations: Vec<Location>,
    pub reference: String,
    pub mitigation: Option<String>,
}

/// A labelled value.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct EvidenceReport {
    pub label: String,
    pub role: EvidenceRole,
    /// As printed, with its unit: "800 mm".
    pub text: String,
    /// The number in `unit` (absent for text).
    pub value: Option<f64>,
    pub unit: Option<String>,
}

/// A spec field a finding came from.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Location {
    /// "A" or "B".
    pub spec: String,
    /// Whose field it is in this direction.
    pub party: crate::rules::Party,
    pub file: String,
    pub field: String,
    /// 1-based; absent when the field was not written (unknown).
    pub line: Option<usize>,
    pub column: Option<usize>,
}

/// Builds a check report from the results of both directions.
pub fn build_check_report(vehicles: [&Vehicle; 2], results: &[DirectionResult; 2]) -> CheckReport {
    let labels = ["A", "B"];
    let specs = vehicles
        .iter()
        .zip(labels)
        .map(|(v, label)| SpecInfo {
            label: label.into(),
            id: v.id.clone(),
            name: v.name.clone(),
            path: super::display_path(&v.file),
            sha256: v.file.sha256(),
        })
        .collect();
    let directions = results
        .iter()
        .enumerate()
        .map(|(d, result)| direction_report(d, vehicles, result))
        .collect();
    CheckReport {
        schema_version: REPORT_SCHEMA_VERSION,
        tool: ToolInfo::current(),
        specs,
        directions,
    }
}

#[allow(
    clippy::indexing_slicing,
    reason = "two-element arrays indexed by party_index, which is 0 or 1"
)]
fn direction_report(
    direction: usize,
    vehicles: [&Vehicle; 2],
    result: &DirectionResult,
) -> DirectionReport {
    let labels = ["A", "B"];
    let rescuer = party_index(direction, crate::rules::Party::Rescuer);
    let distressed = party_index(direction, crate::rules::Party::Distressed);
    let mut findings: Vec<FindingReport> = result
        .findings
        .iter()
        .map(|f| finding_report(direction, vehicles, f))
        .collect();
    findings.sort_by(|a, b| {
        (
            a.phase,
            std::cmp::Reverse(a.severity),
            &a.rule,
            &a.fingerprint,
        )
            .cmp(&(
                b.phase,
                std::cmp::Reverse(b.severity),
                &b.rule,
                &b.fingerprint,
            ))
    });
    let verdict = &result.verdict;
    let rescuer_name = crate::text::escape_for_terminal(&vehicles[rescuer].name);
    let distressed_name = crate::text::escape_for_terminal(&vehicles[distressed].name);
    let best_mode_findings = |severity: Severity| {
        findings
            .iter()
            .filter(|f| f.severity == severity && f.modes.contains(&verdict.mode))
            .collect::<Vec<_>>()
    };
    let conditions: Vec<String> = match verdict.kind {
        VerdictKind::FeasibleWithConditions => best_mode_findings(Severity::Conditional)
            .iter()
            .map(|f| match &f.mitigation {
                Some(m) => format!("{} ({})", m, f.rule),
                None => format!("{} ({})", f.message, f.rule),
            })
            .collect(),
        _ => Vec::new(),
    };
    let first_reason = |severity: Severity| {
        findings
            .iter()
            .find(|f| {
                f.severity == severity
                    && Some(f.phase) == verdict.phase
                    && f.modes.contains(&verdict.mode)
            })
            .map(|f| format!("{} ({})", f.message, f.rule))
            .unwrap_or_default()
    };
    let summary = match verdict.kind {
        VerdictKind::Feasible => format!(
            "{rescuer_name} can rescue the crew of {distressed_name} ({} transfer)",
            verdict.mode.as_str()
        ),
        VerdictKind::FeasibleWithConditions => format!(
            "{rescuer_name} can rescue the crew of {distressed_name} ({} transfer) with {} condition(s)",
            verdict.mode.as_str(),
            conditions.len()
        ),
        VerdictKind::Undetermined => format!(
            "undetermined: the specs lack data at the {} phase: {}",
            verdict.phase.map(Phase::as_str).unwrap_or("?"),
            first_reason(Severity::Unknown)
        ),
        VerdictKind::Blocked => format!(
            "{rescuer_name} cannot rescue the crew of {distressed_name}: blocked at the {} phase: {}",
            verdict.phase.map(Phase::as_str).unwrap_or("?"),
            first_reason(Severity::Blocking)
        ),
    };
    DirectionReport {
        rescuer: labels[rescuer].into(),
        distressed: labels[distressed].into(),
        verdict: Verdict {
            kind: verdict.kind.clone(),
            mode: verdict.mode,
            phase: verdict.phase,
            summary,
            conditions,
        },
        modes: result
            .modes
            .iter()
            .map(|m| ModeReport {
                mode: m.mode,
                kind: m.kind.clone(),
                phase: m.phase,
            })
            .collect(),
        evaluations: result.evaluations,
        decided: result.evaluations - result.undetermined,
        decided_share: (result.decided_share() * 1000.0).round() / 1000.0,
        phases: result
            .phase_worst
            .iter()
            .map(|(p, w)| PhaseReport {
                phase: *p,
                worst: *w,
            })
            .collect(),
        findings,
    }
}

#[allow(
    clippy::indexing_slicing,
    reason = "two-element arrays indexed by party_index, which is 0 or 1"
)]
fn finding_report(direction: usize, vehicles: [&Vehicle; 2], finding: &Finding) -> FindingReport {
    let labels = ["A", "B"];
    let rule = finding.rule;
    let locations: Vec<Location> = finding
        .body
        .fields
        .iter()
        .map(|f| {
            let index = party_index(direction, f.party);
            let vehicle = vehicles[index];
            let file = f.file.as_ref().unwrap_or(&vehicle.file);
            let (line, column) = match f.span {
                Some(span) => {
                    let (l, c) = file.line_col(span.start);
                    (Some(l), Some(c))
                }
                None => (None, None),
            };
            Location {
                spec: labels[index].into(),
                party: f.party,
                file: super::display_path(file),
                field: f.path.clone(),
                line,
                column,
            }
        })
        .collect();
    let rescuer = vehicles[party_index(direction, crate::rules::Party::Rescuer)];
    let distressed = vehicles[party_index(direction, crate::rules::Party::Distressed)];
    let fingerprint = fingerprint(rule.id, &rescuer.id, &distressed.id, &finding.body.fields);
    FindingReport {
        fingerprint,
        rule: rule.id.into(),
        name: rule.name.into(),
        phase: rule.phase,
        modes: rule.modes.to_vec(),
        severity: finding.severity,
        message: crate::text::escape_for_terminal(&finding.body.message),
        evidence: finding
            .body
            .evidence
            .iter()
            .map(|e| {
                let (value, unit) = match &e.value {
                    crate::rules::Measure::Quantity { kind, si } => (
                        Some(si * kind.display_factor()),
                        Some(kind.display_unit().to_string()),
                    ),
                    crate::rules::Measure::Number { value, unit } => {
                        (Some(*value), Some((*unit).to_string()))
                    }
                    crate::rules::Measure::Count(n) => (Some(*n as f64), None),
                    crate::rules::Measure::Text(_) => (None, None),
                };
                EvidenceReport {
                    label: e.label.clone(),
                    role: e.role,
                    text: e.value.display(),
                    value,
                    unit,
                }
            })
            .collect(),
        locations,
        reference: rule.reference.into(),
        mitigation: finding.body.mitigation.clone(),
    }
}

/// A finding's fingerprint: rule, the two vehicles by role, and the spec
/// elements involved. Never the message, so wording changes keep waivers.
pub fn fingerprint(
    rule: &str,
    rescuer: &str,
    distressed: &str,
    fields: &[crate::rules::FieldRef],
) -> String {
    let mut elements: Vec<String> = fields
        .iter()
        .map(|f| format!("{:?}:{}", f.party, f.path))
        .collect();
    elements.sort();
    elements.dedup();
    let mut hasher = Sha256::new();
    hasher.update(rule.as_bytes());
    hasher.update(b"\x1f");
    hasher.update(rescuer.as_bytes());
    hasher.update(b"\x1f");
    hasher.update(distressed.as_bytes());
    for e in &elements {
        hasher.update(b"\x1f");
        hasher.update(e.as_bytes());
    }
    let digest = hasher.finalize();
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The JSON Schema of the check report (published as
/// `docs/report.schema.json`).
pub fn report_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    generator.into_root_schema_for::<CheckReport>().to_value()
}
