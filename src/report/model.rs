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
    /// UTC date of the run, YYYY-MM-DD (`RESCUE_INTEROP_DATE` overrides it).
    #[serde(default)]
    pub date: String,
    /// The two specs compared, A then B.
    pub specs: Vec<SpecInfo>,
    /// Every file the comparison read: the specs, the suit files they
    /// reference, and a crew-envelopes data file read beside them.
    #[serde(default)]
    pub files: Vec<FileInfo>,
    /// `A rescues B`, then `B rescues A`.
    pub directions: Vec<DirectionReport>,
    /// The waivers file applied (`--waivers`): what it accepted, and its
    /// entries that are expired or matched no finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waivers: Option<crate::waivers::WaiverSection>,
    /// Whether restricted values were redacted for the other party
    /// (`--share-safe`); the specs are then named by a keyed digest only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub share_safe: bool,
    /// How a share-safe report's digests and fingerprints are keyed
    /// (docs/trust.md): `HMAC-SHA256, party key <id>` or a key made for the
    /// report alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyed: Option<String>,
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

/// A file a report read, with its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FileInfo {
    pub path: String,
    pub sha256: String,
}

impl FileInfo {
    pub fn of(file: &crate::spec::SourceFile) -> Self {
        FileInfo {
            path: super::display_path(file),
            sha256: file.sha256(),
        }
    }
}

/// Every file behind these vehicles (specs, then suit files), once each.
pub fn file_infos(vehicles: &[&Vehicle]) -> Vec<FileInfo> {
    let mut files: Vec<FileInfo> = Vec::new();
    for file in super::source_files(vehicles) {
        let info = FileInfo::of(file);
        if !files.contains(&info) {
            files.push(info);
        }
    }
    files
}

/// [`file_infos`], then the data files the environment read besides the
/// specs (`Environment::data_files`).
pub fn file_infos_with(vehicles: &[&Vehicle], env: &crate::rules::Environment) -> Vec<FileInfo> {
    let mut files = file_infos(vehicles);
    for info in env.data_files.iter().map(|f| FileInfo::of(f)) {
        if !files.contains(&info) {
            files.push(info);
        }
    }
    files
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
    /// Rule evaluations of the phase; zero when no rule applied (the
    /// approach rules when no port pair mates), so "no finding" means
    /// "not examined" rather than "fine".
    pub evaluations: u32,
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
    /// The waiver accepting this finding: it stays in the report but no
    /// longer counts toward the exit status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waived: Option<crate::waivers::WaiverMark>,
    /// Why the finding has the severity it has when that is not the rule's
    /// verdict (a severity override of the config file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity_reason: Option<String>,
    /// Whether values were withheld because the finding reads a restricted
    /// field (`--share-safe`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub redacted: bool,
    /// Whether the rule read a field marked restricted while judging this
    /// direction ([`crate::rules::Finding::reads_restricted`]): what a
    /// share-safe report withholds. Not published.
    #[serde(skip)]
    #[schemars(skip)]
    pub reads_restricted: bool,
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
        date: report_date(),
        specs,
        files: file_infos(&vehicles),
        directions,
        waivers: None,
        share_safe: false,
        keyed: None,
    }
}

/// Rewrites a direction's verdict sentence and conditions from its
/// findings as they now read (after a share-safe redaction), naming the two
/// vehicles `names` (rescuer, distressed).
pub fn redescribe_verdict(direction: &mut DirectionReport, names: [&str; 2]) {
    let verdict = &direction.verdict;
    direction.verdict = describe_verdict(
        verdict.kind,
        verdict.mode,
        verdict.phase,
        &direction.findings,
        names,
    );
}

/// A verdict with its one-sentence summary and, when feasible with
/// conditions, the conditions (from the findings of the verdict's mode).
fn describe_verdict(
    kind: VerdictKind,
    mode: Mode,
    phase: Option<Phase>,
    findings: &[FindingReport],
    [rescuer_name, distressed_name]: [&str; 2],
) -> Verdict {
    let in_mode = |f: &&FindingReport| f.modes.contains(&mode);
    let conditions: Vec<String> = match kind {
        VerdictKind::FeasibleWithConditions => findings
            .iter()
            .filter(in_mode)
            .filter(|f| f.severity == Severity::Conditional)
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
            .filter(in_mode)
            .find(|f| f.severity == severity && Some(f.phase) == phase)
            .map(|f| format!("{} ({})", f.message, f.rule))
            .unwrap_or_default()
    };
    let summary = match kind {
        VerdictKind::Feasible => format!(
            "{rescuer_name} can rescue the crew of {distressed_name} ({} transfer)",
            mode.as_str()
        ),
        VerdictKind::FeasibleWithConditions => format!(
            "{rescuer_name} can rescue the crew of {distressed_name} ({} transfer) with {} condition(s)",
            mode.as_str(),
            conditions.len()
        ),
        VerdictKind::Undetermined => format!(
            "undetermined: the specs lack data at the {} phase: {}",
            phase.map(Phase::as_str).unwrap_or("?"),
            first_reason(Severity::Unknown)
        ),
        VerdictKind::Blocked => format!(
            "{rescuer_name} cannot rescue the crew of {distressed_name}: blocked at the {} phase: {}",
            phase.map(Phase::as_str).unwrap_or("?"),
            first_reason(Severity::Blocking)
        ),
    };
    Verdict {
        kind,
        mode,
        phase,
        summary,
        conditions,
    }
}

/// Recomputes each direction's mode verdicts, verdict and phase levels from
/// its findings, after their severities were changed (a project's severity
/// overrides). Modes and phases keep the rules the check ran: a mode or
/// phase with no finding keeps its level of "no finding".
pub fn recompute_verdicts(report: &mut CheckReport) {
    let name = |label: &str| {
        report
            .specs
            .iter()
            .find(|s| s.label == label)
            .map(|s| crate::text::escape_for_terminal(&s.name))
            .unwrap_or_default()
    };
    let names: Vec<[String; 2]> = report
        .directions
        .iter()
        .map(|d| [name(&d.rescuer), name(&d.distressed)])
        .collect();
    for (direction, [rescuer, distressed]) in report.directions.iter_mut().zip(names) {
        let worst_in = |mode: Mode, phase: Phase| {
            direction
                .findings
                .iter()
                .filter(|f| f.modes.contains(&mode) && f.phase == phase)
                .map(|f| f.severity)
                .max()
        };
        // A mode no rule assessed (undetermined, no phase, no finding) stays
        // out of the verdict, as in the check.
        let unassessed = |m: &ModeReport, findings: &[FindingReport]| {
            m.kind == VerdictKind::Undetermined
                && m.phase.is_none()
                && !findings.iter().any(|f| f.modes.contains(&m.mode))
        };
        let skipped: Vec<Mode> = direction
            .modes
            .iter()
            .filter(|m| unassessed(m, &direction.findings))
            .map(|m| m.mode)
            .collect();
        for m in &mut direction.modes {
            if skipped.contains(&m.mode) {
                continue;
            }
            let worst = Phase::ALL
                .into_iter()
                .filter_map(|p| worst_in(m.mode, p))
                .max();
            m.kind = crate::check::verdict_kind(worst);
            m.phase = worst.filter(|w| *w > Severity::Advisory).and_then(|w| {
                Phase::ALL
                    .into_iter()
                    .find(|p| worst_in(m.mode, *p) == Some(w))
            });
        }
        // A phase's level in its best mode, among the modes its rules speak
        // for (no mate rule speaks for an EVA rescue), as in the check.
        let registry = crate::rules::registry();
        for p in &mut direction.phases {
            let judged = |m: &&ModeReport| {
                registry
                    .iter()
                    .any(|r| r.phase == p.phase && r.modes.contains(&m.mode))
            };
            p.worst = direction
                .modes
                .iter()
                .filter(judged)
                .map(|m| worst_in(m.mode, p.phase))
                .min_by_key(|s| s.map_or(-1, |s| s as i32))
                .flatten();
        }
        let best = crate::check::best_mode(
            direction
                .modes
                .iter()
                .filter(|m| !skipped.contains(&m.mode))
                .map(|m| (m.mode, m.kind, m.phase)),
        );
        if let Some((mode, kind, phase)) = best {
            direction.verdict = describe_verdict(
                kind,
                mode,
                phase,
                &direction.findings,
                [&rescuer, &distressed],
            );
        }
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
    let rescuer_name = crate::text::escape_for_terminal(&vehicles[rescuer].name);
    let distressed_name = crate::text::escape_for_terminal(&vehicles[distressed].name);
    let verdict = describe_verdict(
        result.verdict.kind,
        result.verdict.mode,
        result.verdict.phase,
        &findings,
        [&rescuer_name, &distressed_name],
    );
    DirectionReport {
        rescuer: labels[rescuer].into(),
        distressed: labels[distressed].into(),
        verdict,
        modes: result
            .modes
            .iter()
            .map(|m| ModeReport {
                mode: m.mode,
                kind: m.kind,
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
                evaluations: result
                    .phase_evaluations
                    .iter()
                    .find(|(q, _)| q == p)
                    .map_or(0, |(_, n)| *n),
            })
            .collect(),
        findings,
    }
}

#[allow(
    clippy::indexing_slicing,
    reason = "two-element arrays indexed by party_index, which is 0 or 1"
)]
pub(crate) fn finding_report(
    direction: usize,
    vehicles: [&Vehicle; 2],
    finding: &Finding,
) -> FindingReport {
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
        waived: None,
        severity_reason: None,
        redacted: false,
        reads_restricted: finding.reads_restricted,
    }
}

/// One direction's report on its own (a fleet matrix cell's findings).
pub fn build_direction_report(
    rescuer: &Vehicle,
    distressed: &Vehicle,
    result: &DirectionResult,
) -> DirectionReport {
    direction_report(0, [rescuer, distressed], result)
}

/// The environment variable that fixes a report's date (for reproducible
/// reports and stable snapshots): `RESCUE_INTEROP_DATE=2026-01-01`.
pub const DATE_VARIABLE: &str = "RESCUE_INTEROP_DATE";

/// The date a report names: `RESCUE_INTEROP_DATE` when set, else today's
/// UTC date.
pub fn report_date() -> String {
    if let Ok(date) = std::env::var(DATE_VARIABLE) {
        if !date.trim().is_empty() {
            return crate::text::escape_for_terminal(date.trim());
        }
    }
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (y, m, d) = civil_from_days((seconds / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
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

impl CheckReport {
    /// Whether a finding not waived is at or above `fail_on` (exit status 1).
    pub fn fails_at(&self, fail_on: Severity) -> bool {
        self.directions
            .iter()
            .flat_map(|d| &d.findings)
            .any(|f| f.waived.is_none() && f.severity >= fail_on)
    }
}

/// The JSON Schema of the check report (published as
/// `docs/report.schema.json`).
pub fn report_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    generator.into_root_schema_for::<CheckReport>().to_value()
}

#[cfg(test)]
mod date_tests {
    #[test]
    fn civil_dates_from_day_counts() {
        assert_eq!(super::civil_from_days(0), (1970, 1, 1));
        assert_eq!(super::civil_from_days(20_414), (2025, 11, 22));
        assert_eq!(super::civil_from_days(11_016), (2000, 2, 29));
    }
}
