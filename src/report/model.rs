//! The report model: one structure that every renderer reads. No renderer
//! recomputes a finding.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::check::{DirectionResult, Judgement, ModeVerdict, PhaseState, VerdictKind};
use crate::rules::{EvidenceRole, Finding, Mode, Phase, RULESET_VERSION, Severity, Tally};
use crate::spec::Vehicle;
use crate::waivers::{FindingKey, Ledger, WaiverMark, WaiverSection, Waivers};

/// Version of the JSON report layout; bumped on any incompatible change.
/// 2: phases per mode (`state`, `modes`), verdicts from the findings not
/// waived, deciding findings named.
pub const REPORT_SCHEMA_VERSION: u32 = 2;

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
    /// The specs compared, A then B; for a scenario report, each scenario
    /// file (label `scenario`) and the specs it names (`rescuer`,
    /// `distressed`, `station`, `adapter`).
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
    pub waivers: Option<WaiverSection>,
    /// Whether restricted values were redacted for the other party
    /// (`--share-safe`); the specs are then named by a keyed digest only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub share_safe: bool,
    /// How a share-safe report's digests and fingerprints are keyed
    /// (docs/trust.md): `HMAC-SHA256, party key <id>` or a key made for the
    /// report alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyed: Option<String>,
    /// The scenario of each direction, in the order of `directions`: who is
    /// rescued, where, by whom, with what, and the defaults assumed (`check
    /// A B` judges the default scenario each way).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<ScenarioStatement>,
}

/// What one direction's scenario says, stated up front in every report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct ScenarioStatement {
    /// The scenario file's id; absent for the default scenario of `check`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// One line: what the scenario is.
    pub name: String,
    /// The scenario file, as reports print paths.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Source keys the scenario cites (docs/sources.md).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Label of the rescuing spec.
    pub rescuer: String,
    /// Label of the spec whose crew is rescued.
    pub distressed: String,
    /// How many are to be rescued.
    pub crew_to_rescue: Option<u32>,
    /// The crew the rescuer flies (0: uncrewed).
    pub rescuer_crew: Option<u32>,
    /// Seats fitted in the rescuer.
    pub seats: Option<u32>,
    /// "free-flying", or "docked at <station>" (and port).
    pub location: String,
    /// What the rescuer carries up, in words.
    pub carried: Vec<String>,
    /// The modes of crossing considered.
    pub modes: Vec<Mode>,
    /// What still works and how long the crew can wait, in words.
    pub state: Vec<String>,
    /// The defaults assumed where the scenario (or, for `check`, anything)
    /// gave no figure.
    pub assumed: Vec<String>,
    /// For a blocked scenario, the smallest sets of changes (to the specs
    /// or to the scenario's own figures) that unblock it, each found by
    /// running the rules again (`scenario`; `plan`'s remediation).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remedies: Vec<RemedyReport>,
    /// Whether remedies were searched for (the scenario is blocked): with
    /// none found, no set of up to six changes unblocks it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub remedies_searched: bool,
}

/// A set of changes that unblocks a scenario.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct RemedyReport {
    pub changes: Vec<ChangeReport>,
    /// The verdict with the changes made.
    pub verdict: VerdictKind,
}

/// One change of a remedy.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ChangeReport {
    /// Id of the vehicle changed (the rescuer's for a scenario figure).
    pub vehicle: String,
    /// The spec or scenario field changed: `ports[nose].standard`,
    /// `rescuer.crew`.
    pub field: String,
    /// What to do.
    pub description: String,
}

impl From<&crate::plan::Remedy> for RemedyReport {
    fn from(remedy: &crate::plan::Remedy) -> Self {
        RemedyReport {
            changes: remedy
                .changes
                .iter()
                .map(|c| ChangeReport {
                    vehicle: crate::text::escape_for_terminal(&c.vehicle),
                    field: crate::text::escape_for_terminal(&c.field),
                    description: crate::text::escape_for_terminal(&c.description),
                })
                .collect(),
            verdict: remedy.verdict,
        }
    }
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
    /// Fingerprints of the findings that decide it: those of the verdict's
    /// mode at its severity (none for a feasible rescue).
    #[serde(default)]
    pub deciding: Vec<String>,
    /// Findings of this direction a waiver accepts: they decide nothing.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub waived: u32,
}

pub(crate) fn is_zero(n: &u32) -> bool {
    *n == 0
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
    /// Evaluations the data left unknown and the flight record decided
    /// (not counted in `decided`).
    pub decided_by_record: u32,
    /// Share of evaluations decided by the flight record, 0 to 1.
    pub decided_by_record_share: f64,
    /// Each phase's state in every mode its rules judge, and in its best
    /// mode (docking stays blocked though an EVA bypasses it).
    pub phases: Vec<PhaseReport>,
    pub findings: Vec<FindingReport>,
}

/// The verdict of one mode.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ModeReport {
    pub mode: Mode,
    pub kind: VerdictKind,
    pub phase: Option<Phase>,
    /// Whether some selected rule speaks for this mode alone; a mode that
    /// is not assessed is undetermined and cannot carry the verdict.
    #[serde(default = "assessed_by_default")]
    pub assessed: bool,
}

fn assessed_by_default() -> bool {
    true
}

/// One phase of a direction.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct PhaseReport {
    pub phase: Phase,
    /// The phase's state in its best mode (`mode`).
    pub state: PhaseState,
    /// The mode `state` is from.
    pub mode: Mode,
    /// Rule evaluations of the phase, over every mode; zero when no rule
    /// applied (the approach rules when no port pair mates).
    pub evaluations: u32,
    /// The phase in each mode its rules judge, in mode order.
    pub modes: Vec<PhaseModeReport>,
}

/// One phase in one mode.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct PhaseModeReport {
    pub mode: Mode,
    pub state: PhaseState,
    /// Findings of the phase that apply to this mode and are not waived.
    pub counts: SeverityCounts,
    /// Findings of the phase that apply to this mode and are waived.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub waived: u32,
    /// Fingerprints of the findings that set `state` (not waived, at its
    /// severity); empty in a fleet matrix cell's own phases (its `report`,
    /// when kept, names them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deciding: Vec<String>,
    /// Fingerprints of the waived findings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waived_findings: Vec<String>,
}

/// Finding counts by severity; a severity with none is left out (a fleet
/// matrix writes millions of these).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SeverityCounts {
    #[serde(default, skip_serializing_if = "is_zero")]
    pub advisory: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub conditional: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unknown: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub blocking: u32,
}

impl SeverityCounts {
    /// From counts in [`Severity::ALL`] order.
    pub fn from_array([advisory, conditional, unknown, blocking]: [u32; 4]) -> Self {
        SeverityCounts {
            advisory,
            conditional,
            unknown,
            blocking,
        }
    }

    pub fn get(&self, severity: Severity) -> u32 {
        match severity {
            Severity::Advisory => self.advisory,
            Severity::Conditional => self.conditional,
            Severity::Unknown => self.unknown,
            Severity::Blocking => self.blocking,
        }
    }

    pub fn total(&self) -> u32 {
        self.advisory + self.conditional + self.unknown + self.blocking
    }
}

/// One finding.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct FindingReport {
    /// Stable hash of rule, direction and the spec elements involved.
    pub fingerprint: String,
    pub rule: String,
    pub name: String,
    pub phase: Phase,
    /// The modes the finding counts for.
    pub modes: Vec<Mode>,
    /// The leg of a path it was found on (through a station, or a carried
    /// adapter): "Soyuz MS docks to International Space Station".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    pub severity: Severity,
    pub message: String,
    pub evidence: Vec<EvidenceReport>,
    pub locations: Vec<Location>,
    pub reference: String,
    pub mitigation: Option<String>,
    /// The flown events that decided a finding the data left unknown: a
    /// finding "decided by flight record".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub record: Vec<crate::rules::RecordCitation>,
    /// The waiver accepting this finding: it stays in the report but
    /// decides no verdict and no longer counts toward the exit status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waived: Option<WaiverMark>,
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

impl FindingReport {
    /// The modes the finding holds for when that is not every mode: "eva
    /// only" findings say so wherever they are listed.
    /// "eva only": the finding holds for fewer of the modes its direction
    /// judged than all of them.
    pub fn only_modes(&self, direction: &DirectionReport) -> Option<String> {
        let judged = direction.modes.iter().filter(|m| m.assessed).count();
        let judged = if judged == 0 { Mode::ALL.len() } else { judged };
        (self.modes.len() < judged).then(|| {
            let names: Vec<&str> = self.modes.iter().map(|m| m.as_str()).collect();
            format!("{} only", names.join(", "))
        })
    }
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

/// The labelled specs of one direction of a report, and the scenario file
/// behind it: where a finding's fields are, and what each is called.
#[derive(Debug, Clone, Copy)]
pub struct Parties<'p> {
    pub rescuer: Labelled<'p>,
    pub distressed: Labelled<'p>,
    /// Every labelled spec of the report (stations and adapters of legs).
    pub known: &'p [Labelled<'p>],
    /// The scenario file, whose fields are labelled "scenario".
    pub scenario: Option<&'p crate::spec::SourceFile>,
}

/// A vehicle with the label a report names it by ("A", "rescuer").
#[derive(Debug, Clone, Copy)]
pub struct Labelled<'v> {
    pub vehicle: &'v Vehicle,
    pub label: &'v str,
}

impl<'v> Labelled<'v> {
    pub fn new(vehicle: &'v Vehicle, label: &'v str) -> Self {
        Labelled { vehicle, label }
    }

    fn spec_info(&self) -> SpecInfo {
        SpecInfo {
            label: self.label.into(),
            id: self.vehicle.id.clone(),
            name: self.vehicle.name.clone(),
            path: super::display_path(&self.vehicle.file),
            sha256: self.vehicle.file.sha256(),
        }
    }
}

/// What a report is judged with besides the rules: the waivers in force and
/// where severity overrides come from. Every command that judges builds its
/// report through this, so waivers and overrides read the same everywhere.
#[derive(Debug, Clone, Copy, Default)]
pub struct Judging<'a> {
    pub waivers: Option<&'a Waivers>,
    /// The config file the selection's severity overrides come from, named
    /// in each overridden finding's `severity_reason`.
    pub overrides_from: Option<&'a str>,
}

/// Builds a check report from the results of both directions of the
/// default scenario, without waivers.
pub fn build_check_report(vehicles: [&Vehicle; 2], results: &[DirectionResult; 2]) -> CheckReport {
    build_judged_check_report(vehicles, results, &Judging::default())
}

/// Builds a check report of the default scenario: findings, then waivers,
/// then the verdicts of the findings not waived.
pub fn build_judged_check_report(
    vehicles: [&Vehicle; 2],
    results: &[DirectionResult; 2],
    judging: &Judging<'_>,
) -> CheckReport {
    let [a, b] = [
        Labelled::new(vehicles[0], "A"),
        Labelled::new(vehicles[1], "B"),
    ];
    let known = [a, b];
    let parties = |rescuer, distressed| Parties {
        rescuer,
        distressed,
        known: &known,
        scenario: None,
    };
    let mut ledger = Ledger::default();
    let directions = vec![
        direction_report(parties(a, b), &results[0], judging, &mut ledger).0,
        direction_report(parties(b, a), &results[1], judging, &mut ledger).0,
    ];
    let default = |rescuer: Labelled<'_>, distressed: Labelled<'_>| ScenarioStatement {
        name: "the default scenario: each vehicle's nominal crew, nothing carried, free-flying"
            .into(),
        ..statement(
            &crate::scenario::Situation::nominal(rescuer.vehicle, distressed.vehicle),
            rescuer.label,
            distressed.label,
        )
    };
    let scenarios = vec![default(a, b), default(b, a)];
    CheckReport {
        schema_version: REPORT_SCHEMA_VERSION,
        tool: ToolInfo::current(),
        date: report_date(),
        specs: vec![a.spec_info(), b.spec_info()],
        files: file_infos(&vehicles),
        directions,
        waivers: judging.waivers.map(|w| w.section(&ledger)),
        share_safe: false,
        keyed: None,
        scenarios,
    }
}

/// Builds the report of scenario files: one direction each, the specs
/// they name (labelled rescuer, distressed, station, adapter; prefixed by
/// the scenario's id when there are several), each scenario stated up
/// front.
pub fn build_scenario_report(
    scenarios: &[(&crate::scenario::Scenario, &DirectionResult)],
    judging: &Judging<'_>,
) -> CheckReport {
    let mut ledger = Ledger::default();
    let several = scenarios.len() > 1;
    let labels: Vec<[String; 4]> = scenarios
        .iter()
        .map(|(s, _)| {
            ["rescuer", "distressed", "station", "adapter"].map(|part| {
                if several {
                    format!("{}:{part}", s.id)
                } else {
                    part.to_string()
                }
            })
        })
        .collect();
    let mut specs: Vec<SpecInfo> = Vec::new();
    let mut files: Vec<FileInfo> = Vec::new();
    let mut directions = Vec::new();
    let mut statements = Vec::new();
    for ((scenario, result), [r, d, st, ad]) in scenarios.iter().zip(&labels) {
        let rescuer = Labelled::new(&scenario.rescuer, r);
        let distressed = Labelled::new(&scenario.distressed, d);
        let mut known = vec![rescuer, distressed];
        if let Some((station, _)) = &scenario.station {
            known.push(Labelled::new(station, st));
        }
        known.extend(scenario.adapters.iter().map(|a| Labelled::new(a, ad)));
        // The scenario file leads its specs, labelled as such.
        let scenario_label = if several {
            format!("{}:scenario", scenario.id)
        } else {
            "scenario".to_string()
        };
        specs.push(SpecInfo {
            label: scenario_label,
            id: scenario.id.clone(),
            name: scenario.name.clone(),
            path: super::display_path(&scenario.file),
            sha256: scenario.file.sha256(),
        });
        for l in &known {
            let info = l.spec_info();
            if !specs.iter().any(|s| s.label == info.label) {
                specs.push(info);
            }
        }
        for file in scenario.source_files() {
            let info = FileInfo::of(file);
            if !files.contains(&info) {
                files.push(info);
            }
        }
        directions.push(
            direction_report(
                Parties {
                    rescuer,
                    distressed,
                    known: &known,
                    scenario: Some(&scenario.file),
                },
                result,
                judging,
                &mut ledger,
            )
            .0,
        );
        let info = scenario.doc.scenario.clone().unwrap_or_default();
        statements.push(ScenarioStatement {
            id: Some(scenario.id.clone()),
            name: scenario.name.clone(),
            file: Some(super::display_path(&scenario.file)),
            when: info.when.get().cloned(),
            sources: info.sources.get().cloned().unwrap_or_default(),
            ..statement(&scenario.situation(), r, d)
        });
    }
    CheckReport {
        schema_version: REPORT_SCHEMA_VERSION,
        tool: ToolInfo::current(),
        date: report_date(),
        specs,
        files,
        directions,
        waivers: judging.waivers.map(|w| w.section(&ledger)),
        share_safe: false,
        keyed: None,
        scenarios: statements,
    }
}

/// What a direction's situation says, for the report.
pub fn statement(
    situation: &crate::scenario::Situation<'_>,
    rescuer: &str,
    distressed: &str,
) -> ScenarioStatement {
    use crate::scenario::Location;
    let location = match situation.location() {
        Location::FreeFlying => "free-flying".to_string(),
        Location::AtStation { station, port } => {
            let port = port
                .and_then(|i| station.ports.get(i))
                .and_then(|p| p.id.get())
                .map(|id| format!(", port {}", crate::text::escape_for_terminal(id)))
                .unwrap_or_default();
            format!(
                "docked at {}{port}",
                crate::text::escape_for_terminal(&station.name)
            )
        }
    };
    let mut carried = Vec::new();
    let suits = |set: Option<crate::scenario::SuitSet<'_>>, whom: &str, out: &mut Vec<String>| {
        for s in set.iter().flat_map(|set| set.suits) {
            out.push(format!(
                "{} {} suit(s) for {whom}",
                s.count
                    .value()
                    .map_or("an unknown number of".to_string(), |n| n.to_string()),
                crate::text::escape_for_terminal(&s.id)
            ));
        }
    };
    suits(
        situation.suits_for_rescued(),
        "the rescued crew",
        &mut carried,
    );
    suits(situation.suits_for_crew(), "its own crew", &mut carried);
    if let Some(n) = situation.carried_liners().and_then(|f| f.value()) {
        carried.push(format!("{n} seat liner(s) made for the rescued crew"));
    }
    for (what, figure) in [
        ("oxygen", situation.carried_o2()),
        ("CO2 scrubbing capacity", situation.carried_co2_capacity()),
    ] {
        if let Some(m) = figure.and_then(|f| f.value()) {
            carried.push(format!("{} of {what}", crate::spec::Quantity::display(&m)));
        }
    }
    for adapter in situation.adapters() {
        carried.push(format!(
            "the adapter {}",
            crate::text::escape_for_terminal(&adapter.name)
        ));
    }
    if situation.tether_carried() {
        carried.push("a tether".into());
    }
    let mut state = Vec::new();
    if let Some(f) = situation.cabin_pressurized().and_then(|f| f.value()) {
        state.push(if f {
            "the crew's cabin holds pressure".into()
        } else {
            "the crew's cabin is depressurized: the crew is suited, and so is its transfer".into()
        });
    }
    if let Some(r) = situation.own_return() {
        state.push(format!("the crew's own return: {}", r.as_str()));
    }
    if let Some(moved) = situation.liners_moved().and_then(|f| f.value()) {
        state.push(if moved {
            "the rescued crew's seat liners are moved into the rescuer".into()
        } else {
            "the rescued crew's seat liners stay in their vehicle".into()
        });
    }
    if let Some(wait) = situation.wait() {
        state.push(format!(
            "the crew can wait {}",
            match wait {
                crate::scenario::file::Wait::For(t) => crate::spec::Quantity::display(&t),
                crate::scenario::file::Wait::FromConsumables =>
                    "as long as its consumables last".into(),
            }
        ));
    }
    ScenarioStatement {
        id: None,
        name: String::new(),
        file: None,
        when: None,
        sources: Vec::new(),
        rescuer: rescuer.into(),
        distressed: distressed.into(),
        crew_to_rescue: situation.crew_to_rescue().value(),
        rescuer_crew: situation.rescuer_crew().value(),
        seats: situation.seats_fitted().value(),
        location,
        carried,
        modes: situation.modes().iter().collect(),
        state,
        assumed: situation.assumed(),
        remedies: Vec::new(),
        remedies_searched: false,
    }
}

/// Rewrites a direction's verdict sentence and conditions from its
/// findings as they now read (after a share-safe redaction), naming the two
/// vehicles `names` (rescuer, distressed).
pub fn redescribe_verdict(direction: &mut DirectionReport, names: [&str; 2]) {
    let verdict = ModeVerdict {
        kind: direction.verdict.kind,
        mode: direction.verdict.mode,
        phase: direction.verdict.phase,
        assessed: true,
    };
    let modes: Vec<ModeVerdict> = direction
        .modes
        .iter()
        .map(|m| ModeVerdict {
            kind: m.kind,
            mode: m.mode,
            phase: m.phase,
            assessed: m.assessed,
        })
        .collect();
    direction.verdict = describe_verdict(verdict, &modes, &direction.findings, names);
}

/// A verdict with its one-sentence summary and, when feasible with
/// conditions, the conditions (from the findings of the verdict's mode that
/// are not waived).
fn describe_verdict(
    verdict: ModeVerdict,
    modes: &[ModeVerdict],
    findings: &[FindingReport],
    [rescuer_name, distressed_name]: [&str; 2],
) -> Verdict {
    let ModeVerdict {
        kind, mode, phase, ..
    } = verdict;
    let counted = |f: &&FindingReport| f.waived.is_none() && f.modes.contains(&mode);
    let conditions: Vec<String> = match kind {
        VerdictKind::FeasibleWithConditions => findings
            .iter()
            .filter(counted)
            .filter(|f| f.severity == Severity::Conditional)
            .map(|f| match &f.mitigation {
                Some(m) => format!("{} ({})", m, f.rule),
                None => format!("{} ({})", f.message, f.rule),
            })
            .collect(),
        _ => Vec::new(),
    };
    let deciding_severity = match kind {
        VerdictKind::Feasible => None,
        VerdictKind::FeasibleWithConditions => Some(Severity::Conditional),
        VerdictKind::Undetermined => Some(Severity::Unknown),
        VerdictKind::Blocked => Some(Severity::Blocking),
    };
    let deciding: Vec<&FindingReport> = findings
        .iter()
        .filter(counted)
        .filter(|f| Some(f.severity) == deciding_severity)
        .collect();
    let first_reason = deciding
        .iter()
        .find(|f| Some(f.phase) == phase)
        .map(|f| format!("{} ({})", f.message, f.rule))
        .unwrap_or_default();
    let phase_name = phase.map(Phase::as_str).unwrap_or("?");
    // Other modes blocked too, and where: a rescue that fails every way
    // says so.
    let others: Vec<String> = modes
        .iter()
        .filter(|m| m.assessed && m.mode != mode)
        .map(|m| match m.phase {
            Some(p) => format!("{} {} at {}", m.mode.transfer(), m.kind, p),
            None => format!("{} {}", m.mode.transfer(), m.kind),
        })
        .collect();
    let others = if others.is_empty() {
        String::new()
    } else {
        format!(" [{}]", others.join("; "))
    };
    let mut summary = match kind {
        VerdictKind::Feasible => format!(
            "{rescuer_name} can rescue the crew of {distressed_name} by {}",
            mode.transfer()
        ),
        VerdictKind::FeasibleWithConditions => format!(
            "{rescuer_name} can rescue the crew of {distressed_name} by {} given {} condition(s)",
            mode.transfer(),
            conditions.len()
        ),
        VerdictKind::Undetermined => format!(
            "undetermined: the specs lack data at the {phase_name} phase ({}): {first_reason}{others}",
            mode.transfer()
        ),
        VerdictKind::Blocked => format!(
            "{rescuer_name} cannot rescue the crew of {distressed_name}: {} blocked at the {phase_name} phase: {first_reason}{others}",
            mode.transfer()
        ),
    };
    let waived = findings.iter().filter(|f| f.waived.is_some()).count() as u32;
    if waived > 0 {
        summary.push_str(&format!("; {waived} finding(s) waived"));
    }
    Verdict {
        kind,
        mode,
        phase,
        summary,
        conditions,
        deciding: deciding.iter().map(|f| f.fingerprint.clone()).collect(),
        waived,
    }
}

/// A direction's phases as the report model holds them: each phase's
/// state per mode with its counts, deciding findings and waived findings.
/// `findings` are empty for a fleet matrix cell that kept none: the counts
/// then come from `tally` alone.
pub fn phase_reports(
    judgement: &Judgement,
    tally: &Tally,
    phase_evaluations: &[(Phase, u32)],
    findings: &[FindingReport],
    waived: &Tally,
) -> Vec<PhaseReport> {
    judgement
        .phases()
        .map(|p| {
            let modes = p
                .mode_states()
                .map(|(mode, state)| {
                    let of_mode =
                        |f: &&FindingReport| f.phase == p.phase && f.modes.contains(&mode);
                    PhaseModeReport {
                        mode,
                        state,
                        counts: SeverityCounts::from_array(tally.counts(p.phase, mode)),
                        waived: waived.counts(p.phase, mode).iter().sum(),
                        deciding: findings
                            .iter()
                            .filter(of_mode)
                            .filter(|f| f.waived.is_none() && Some(f.severity) == state.severity())
                            .map(|f| f.fingerprint.clone())
                            .collect(),
                        waived_findings: findings
                            .iter()
                            .filter(of_mode)
                            .filter(|f| f.waived.is_some())
                            .map(|f| f.fingerprint.clone())
                            .collect(),
                    }
                })
                .collect();
            PhaseReport {
                phase: p.phase,
                state: p.state,
                mode: p.mode,
                evaluations: phase_evaluations
                    .iter()
                    .find(|(q, _)| *q == p.phase)
                    .map_or(0, |(_, n)| *n),
                modes,
            }
        })
        .collect()
}

/// The mode verdicts of a judgement, as the report lists them.
pub fn mode_reports(judgement: &Judgement) -> Vec<ModeReport> {
    judgement
        .modes
        .iter()
        .map(|m| ModeReport {
            mode: m.mode,
            kind: m.kind,
            phase: m.phase,
            assessed: m.assessed,
        })
        .collect()
}

/// Marks the findings a waiver accepts, then judges the direction from the
/// findings that are not waived: the tally, the verdicts and the phase
/// states are recomputed from them, with the rule evaluations of the run.
fn judge_findings(
    result: &DirectionResult,
    findings: &mut [FindingReport],
    ids: [&str; 2],
    judging: &Judging<'_>,
    ledger: &mut Ledger,
) -> (Judgement, Tally, Tally) {
    if let Some(waivers) = judging.waivers {
        for f in findings.iter_mut() {
            let fields: Vec<&str> = f.locations.iter().map(|l| l.field.as_str()).collect();
            let key = FindingKey {
                fingerprint: &f.fingerprint,
                rule: &f.rule,
                rescuer: ids[0],
                distressed: ids[1],
                fields: &fields,
            };
            f.waived = waivers.accept(&key, ledger);
        }
    }
    let mut counted = result.tally.without_findings();
    let mut waived = result.tally.without_findings();
    for f in findings.iter() {
        let tally = if f.waived.is_some() {
            &mut waived
        } else {
            &mut counted
        };
        tally.add(f.phase, crate::rules::ModeSet::of(&f.modes), f.severity);
    }
    let judgement = result
        .judgement
        .shape()
        .judge(&counted, result.judgement.available);
    (judgement, counted, waived)
}

fn direction_report(
    parties: Parties<'_>,
    result: &DirectionResult,
    judging: &Judging<'_>,
    ledger: &mut Ledger,
) -> (DirectionReport, Judgement, Tally) {
    let (rescuer, distressed) = (parties.rescuer, parties.distressed);
    let mut findings: Vec<FindingReport> = result
        .findings
        .iter()
        .map(|f| {
            let mut report = finding_report(parties, f);
            if f.found != f.severity {
                report.severity_reason = Some(format!(
                    "{} by the project's override in {} (the rule found it {})",
                    f.severity,
                    crate::text::escape_for_terminal(
                        judging.overrides_from.unwrap_or(crate::config::FILE_NAME)
                    ),
                    f.found
                ));
            }
            report
        })
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
    let (judgement, counted, waived) = judge_findings(
        result,
        &mut findings,
        [&rescuer.vehicle.id, &distressed.vehicle.id],
        judging,
        ledger,
    );
    let rescuer_name = crate::text::escape_for_terminal(&rescuer.vehicle.name);
    let distressed_name = crate::text::escape_for_terminal(&distressed.vehicle.name);
    let verdict = describe_verdict(
        judgement.verdict,
        &judgement.modes,
        &findings,
        [&rescuer_name, &distressed_name],
    );
    let report = DirectionReport {
        rescuer: rescuer.label.into(),
        distressed: distressed.label.into(),
        verdict,
        modes: mode_reports(&judgement),
        evaluations: result.evaluations,
        decided: result.decided_on_data(),
        decided_share: (result.decided_share() * 1000.0).round() / 1000.0,
        decided_by_record: result.by_record,
        decided_by_record_share: (result.by_record_share() * 1000.0).round() / 1000.0,
        phases: phase_reports(
            &judgement,
            &counted,
            &result.phase_evaluations,
            &findings,
            &waived,
        ),
        findings,
    };
    (report, judgement, counted)
}

/// A finding of the direction `rescuer` rescues `distressed`, its fields
/// located in the files they were written in and labelled by the spec
/// they belong to (`known`; a scenario file is labelled "scenario").
pub(crate) fn finding_report(parties: Parties<'_>, finding: &Finding) -> FindingReport {
    let Parties {
        rescuer,
        distressed,
        known,
        scenario,
    } = parties;
    let rule = finding.rule;
    let leg = finding.leg.as_deref();
    // The vehicle a party's field belongs to: the leg's, else the direction's.
    let party_file = |party: crate::rules::Party| -> &std::sync::Arc<crate::spec::SourceFile> {
        match (leg, party) {
            (Some(leg), p) => &leg.vehicle(p).file,
            (None, crate::rules::Party::Rescuer) => &rescuer.vehicle.file,
            (None, crate::rules::Party::Distressed) => &distressed.vehicle.file,
        }
    };
    // A spec of the report by its file: the same file first, then a copy
    // read from the same path.
    let label_of = |file: &crate::spec::SourceFile| -> Option<&str> {
        known
            .iter()
            .find(|l| std::ptr::eq(&*l.vehicle.file, file))
            .or_else(|| known.iter().find(|l| l.vehicle.file.path == file.path))
            .map(|l| l.label)
    };
    let party_label = |party: crate::rules::Party| -> &str {
        match (leg, party) {
            (Some(leg), p) => label_of(&leg.vehicle(p).file).unwrap_or(match p {
                crate::rules::Party::Rescuer => rescuer.label,
                crate::rules::Party::Distressed => distressed.label,
            }),
            (None, crate::rules::Party::Rescuer) => rescuer.label,
            (None, crate::rules::Party::Distressed) => distressed.label,
        }
    };
    let locations: Vec<Location> = finding
        .body
        .fields
        .iter()
        .map(|f| {
            let owner = party_file(f.party);
            let file = f.file.as_ref().unwrap_or(owner);
            let (line, column) = match f.span {
                Some(span) => {
                    let (l, c) = file.line_col(span.start);
                    (Some(l), Some(c))
                }
                None => (None, None),
            };
            // A field of the party's own spec (or of a suit file it lists)
            // is labelled by the party; a field of another spec by that
            // spec; a scenario's by "scenario".
            let label = if std::sync::Arc::ptr_eq(file, owner) {
                party_label(f.party)
            } else if scenario.is_some_and(|sf| std::ptr::eq(sf, &**file)) {
                "scenario"
            } else {
                label_of(file).unwrap_or_else(|| party_label(f.party))
            };
            Location {
                spec: label.into(),
                party: f.party,
                file: super::display_path(file),
                field: f.path.clone(),
                line,
                column,
            }
        })
        .collect();
    let (rescuer_id, distressed_id) = match leg {
        Some(leg) => (
            leg.vehicle(crate::rules::Party::Rescuer).id.as_str(),
            leg.vehicle(crate::rules::Party::Distressed).id.as_str(),
        ),
        None => (rescuer.vehicle.id.as_str(), distressed.vehicle.id.as_str()),
    };
    let fingerprint = fingerprint(rule.id, rescuer_id, distressed_id, &finding.body.fields);
    FindingReport {
        fingerprint,
        rule: rule.id.into(),
        name: rule.name.into(),
        phase: rule.phase,
        modes: finding.modes.iter().collect(),
        step: leg.map(|l| crate::text::escape_for_terminal(&l.description)),
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
        record: finding.body.record.clone(),
        waived: None,
        severity_reason: None,
        redacted: false,
        reads_restricted: finding.reads_restricted,
    }
}

/// One direction's report on its own (a fleet matrix cell's findings),
/// with its judgement and the tally of its findings that are not waived;
/// the waivers it uses are added to `ledger`.
pub fn build_direction_report(
    situation: &crate::scenario::Situation<'_>,
    result: &DirectionResult,
    judging: &Judging<'_>,
    ledger: &mut Ledger,
) -> (DirectionReport, Judgement, Tally) {
    let (r, d) = (
        Labelled::new(situation.rescuer, "A"),
        Labelled::new(situation.distressed, "B"),
    );
    let mut known = vec![r, d];
    known.extend(situation.station().map(|s| Labelled::new(s, "station")));
    direction_report(
        Parties {
            rescuer: r,
            distressed: d,
            known: &known,
            scenario: None,
        },
        result,
        judging,
        ledger,
    )
}

/// The environment variable that fixes a report's date (for reproducible
/// reports and stable snapshots): `RESCUE_INTEROP_DATE=2026-01-01`.
pub use crate::clock::DATE_VARIABLE;

/// The date a report names: the run's one clock ([`crate::clock`]), the
/// date waivers expire against.
pub fn report_date() -> String {
    crate::clock::today_or_system().to_string()
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
        use crate::waivers::Date;
        let date = |days| Date::from_days_since_epoch(days).to_string();
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(20_414), "2025-11-22");
        assert_eq!(date(11_016), "2000-02-29");
    }
}
