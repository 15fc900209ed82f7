//! Rescue planning: paths from a rescuer to a distressed crew through
//! adapters and intermediate vehicles or stations, and the smallest changes
//! to a blocked pair's specs that would make its rescue feasible.
//!
//! Every step is judged by the same rules as `check` (see
//! `docs/planning.md` for which phases apply where):
//!
//! * each step `n[i] -> n[i+1]` runs the approach and mate phases with the
//!   vehicle that flies as the chaser (an adapter carried by a vehicle
//!   before it docks as part of that vehicle's stack, `carried_stack`; a
//!   station waits for the vehicle docked to it), and the transfer phase
//!   with the crew crossing from `n[i+1]` into `n[i]`;
//! * the contact, sustain and return phases run once, between the rescuer
//!   and the distressed vehicle: the crews must talk, and the rescuer is the
//!   one that keeps the rescued crew alive and carries them home;
//! * a one-step path (the direct rescue) runs every phase, exactly `check`.
//!
//! The search over paths uses `petgraph`'s simple-path enumeration.
//!
//! Files: this one holds the plan's model and [`plan`]; `search.rs` finds
//! the routes, `path.rs` judges a route step by step, `remedy.rs` finds the
//! changes that unblock a direct rescue, `render.rs` writes text and JSON
//! (the other formats are in `crate::report`).

mod path;
mod remedy;
mod render;
mod search;

pub(crate) use path::path_summary;
pub use remedy::{apply_remedy, remediate, remediate_scenario};
pub use render::{NO_REMEDY, NO_REMEDY_WITHIN_BOUNDS, plan_schema, render_json, render_text};

use crate::check::VerdictKind;
use crate::report::model::{FileInfo, Location, SpecInfo, ToolInfo};
use crate::rules::{Environment, Mode, Phase, Severity};
use crate::scenario::{Scenario, Situation};
use crate::spec::Vehicle;
use schemars::JsonSchema;
use serde::Serialize;

pub use path::PROCEDURE;
use path::path_of;
pub(crate) use path::{best_adapter_path, run_path};
use remedy::Edit;
use search::{elsewhere_reason, left_out_reason, routes};

/// Planning options, with the bounds of the search (docs/planning.md,
/// Limits in docs/spec-format.md): the paths of a large library and the
/// change sets of a large spec grow faster than anyone can wait for.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// Longest path, in steps (docked interfaces crossed).
    pub max_hops: usize,
    /// Propose changes to fields a spec marks `changeable = false` and to a
    /// flown vehicle's docking standards.
    pub allow_fixed: bool,
    /// Most remediation sets listed.
    pub max_remedies: usize,
    /// Most paths judged besides the direct one (each is several checks).
    pub max_paths: usize,
    /// Most candidate changes the remedy search combines.
    pub max_candidates: usize,
    /// Most trial checks the remedy search runs (each checks the pair with
    /// a set of changes applied).
    pub max_trials: usize,
    /// Wall-clock time for the whole search; what is left when it runs out
    /// is named in the plan.
    pub time_limit: std::time::Duration,
    /// The severities the rules' findings count at (a project's overrides);
    /// its phases are ignored: each step runs the phases it judges.
    pub selection: crate::check::Selection,
    /// Waivers in force: a waived finding decides no step.
    pub waivers: Option<crate::waivers::Waivers>,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            max_hops: 3,
            allow_fixed: false,
            max_remedies: 5,
            max_paths: 200,
            max_candidates: 100,
            max_trials: 2_000,
            time_limit: std::time::Duration::from_secs(30),
            selection: crate::check::Selection::default(),
            waivers: None,
        }
    }
}

/// What the search may still spend, and what it left undone.
pub(crate) struct Budget {
    deadline: std::time::Instant,
    /// Sentences naming each bound the search reached, for the plan.
    pub(crate) stopped: Vec<String>,
}

impl Budget {
    fn new(options: &PlanOptions) -> Self {
        Budget {
            deadline: std::time::Instant::now() + options.time_limit,
            stopped: Vec::new(),
        }
    }

    /// Whether the time limit has passed.
    pub(crate) fn out_of_time(&self) -> bool {
        std::time::Instant::now() >= self.deadline
    }

    /// Records that the search stopped short, once per sentence.
    pub(crate) fn stop(&mut self, why: String) {
        if !self.stopped.contains(&why) {
            self.stopped.push(why);
        }
    }
}

/// The version of the plan JSON's shape (docs/plan.schema.json), raised
/// when a field changes meaning or goes away.
pub const PLAN_SCHEMA_VERSION: u32 = 1;

/// A finding as a plan reports it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PlanFinding {
    /// Rule id, or `PLAN` for a procedure the planner chose (a cabin set
    /// within its adjustable band, an airlock cycle).
    pub rule: String,
    /// The rule's phase (`transfer` for a `PLAN` procedure: they are crossing
    /// procedures).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mitigation: Option<String>,
    /// Stable hash of rule, the step's two vehicles and the spec elements
    /// involved (as in `check` reports); absent for `PLAN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// Spec fields the finding came from; `spec` is the vehicle id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<Location>,
    /// The flown events that decided what the specs leave unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub record: Vec<crate::rules::RecordCitation>,
    /// Whether it was derived from a field marked restricted (what a
    /// share-safe plan withholds). Not published.
    #[serde(skip)]
    #[schemars(skip)]
    pub reads_restricted: bool,
    /// The waiver accepting this finding: it decides nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waived: Option<crate::waivers::WaiverMark>,
}

impl PlanFinding {
    /// A procedure the planner chose, reported as a condition;
    /// `reads_restricted` when computed from a restricted value.
    fn procedure(message: String, reads_restricted: bool) -> Self {
        PlanFinding {
            rule: "PLAN".into(),
            phase: Some(Phase::Transfer),
            severity: Severity::Conditional,
            message,
            mitigation: None,
            fingerprint: None,
            locations: Vec::new(),
            record: Vec::new(),
            reads_restricted,
            waived: None,
        }
    }
}

/// One step of a path.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PlanStep {
    /// What the step judges: "Apollo CSM docks to ASTP Docking Module".
    pub description: String,
    /// Vehicle ids of the step's two ends (crew move from `to` into `from`).
    pub from: String,
    pub to: String,
    pub phases: Vec<Phase>,
    pub verdict: VerdictKind,
    pub mode: Mode,
    pub blocking: usize,
    pub conditions: Vec<PlanFinding>,
    pub findings: Vec<PlanFinding>,
}

/// One rescue path from the rescuer to the distressed crew.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PlanPath {
    /// Vehicle ids, rescuer first, distressed last.
    pub via: Vec<String>,
    pub hops: usize,
    /// The worst of its steps.
    pub verdict: VerdictKind,
    /// One sentence: the verdict and what decides it (the blockers, or the
    /// values the specs do not give that keep it undetermined).
    pub summary: String,
    pub blocking: usize,
    /// Conditional findings of every step, in step order: what the rescue
    /// relies on.
    pub conditions: Vec<PlanFinding>,
    /// Unknown findings of every step, in step order: the values the specs
    /// do not give, which keep a path without blockers from being shown
    /// feasible.
    pub unknowns: Vec<PlanFinding>,
    pub steps: Vec<PlanStep>,
}

/// One concrete change to a spec.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Change {
    /// Id of the vehicle changed.
    pub vehicle: String,
    /// Spec field changed: `atmosphere.pressure`.
    pub field: String,
    /// What to do, in units: "lower the cabin to 70 kPa".
    pub description: String,
    #[serde(skip)]
    #[schemars(skip)]
    edit: Edit,
    /// Whether it was computed from a field marked restricted.
    #[serde(skip)]
    #[schemars(skip)]
    pub reads_restricted: bool,
}

/// A set of changes that makes the direct rescue feasible.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Remedy {
    pub changes: Vec<Change>,
    /// Verdict of the direct rescue with the changes applied.
    pub verdict: VerdictKind,
}

/// The plan for `rescuer` reaching `distressed`'s crew.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(title = "rescue-interop plan")]
pub struct Plan {
    /// The version of this JSON's shape ([`PLAN_SCHEMA_VERSION`]).
    pub schema_version: u32,
    pub tool: ToolInfo,
    /// UTC date of the run, YYYY-MM-DD (`RESCUE_INTEROP_DATE` overrides it).
    pub date: String,
    /// The scenario planned (`plan --scenario`), stated up front; absent:
    /// the default scenario of `check` (nominal crews, nothing carried,
    /// free-flying).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<crate::report::model::ScenarioStatement>,
    /// The specs the plan's paths run through: the rescuer (label
    /// `rescuer`), the distressed vehicle (`distressed`), then each
    /// intermediate on some path (`via`), with their SHA-256.
    pub specs: Vec<SpecInfo>,
    /// Every file behind those specs (specs, then the suit files they
    /// reference, then a crew-envelopes data file read beside them), once
    /// each.
    pub files: Vec<FileInfo>,
    pub rescuer: String,
    pub distressed: String,
    pub max_hops: usize,
    /// Verdict of the direct rescue (what `check` says for this direction).
    pub direct: VerdictKind,
    /// Paths found, best first.
    pub paths: Vec<PlanPath>,
    /// Smallest change sets that unblock the direct rescue (empty when it is
    /// not blocked or nothing was found).
    pub remedies: Vec<Remedy>,
    /// Intermediate specs considered.
    pub intermediates: Vec<String>,
    /// Intermediates that are no node of any path, and why: adapters not
    /// known to be carried to a docking (`vehicle.carried`).
    pub left_out: Vec<LeftOut>,
    /// Where the search stopped short of trying everything (a bound of
    /// [`PlanOptions`] reached): the paths and remedies listed are the best
    /// of what was tried, not necessarily of all there are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stopped_early: Vec<String>,
    /// The waivers file applied: how many findings it waived, and its
    /// entries that are expired or matched no finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waivers: Option<crate::waivers::WaiverSection>,
    /// How a share-safe plan's digests and fingerprints are keyed
    /// (docs/trust.md); absent for an ordinary plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyed: Option<String>,
}

/// An intermediate spec the plan does not route through.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LeftOut {
    pub id: String,
    /// Why, and what a spec would have to say for it to be used.
    pub reason: String,
}

pub(super) fn rank(kind: &VerdictKind) -> u8 {
    match kind {
        VerdictKind::Feasible => 0,
        VerdictKind::FeasibleWithConditions => 1,
        VerdictKind::Undetermined => 2,
        VerdictKind::Blocked => 3,
    }
}

/// Plans the rescue of `distressed`'s crew by `rescuer` through
/// `intermediates`, in the default scenario of `check`.
pub fn plan(
    rescuer: &Vehicle,
    distressed: &Vehicle,
    intermediates: &[Vehicle],
    env: &Environment,
    options: &PlanOptions,
) -> Plan {
    let considered: Vec<&Vehicle> = intermediates.iter().collect();
    plan_in(
        Situation::nominal(rescuer, distressed),
        &considered,
        env,
        options,
    )
}

/// Plans the rescue of a scenario: its rescuer, its crew, every path judged
/// on its figures (the crew to rescue, the rescuer's crew, what is carried).
/// Its station and adapters join `intermediates`, as do the vehicles under
/// `--via` whose ids they do not take; a path through the station the crew
/// is docked at starts the crossing there.
pub fn plan_scenario(
    scenario: &Scenario,
    intermediates: &[Vehicle],
    env: &Environment,
    options: &PlanOptions,
) -> Plan {
    let own: Vec<&Vehicle> = scenario
        .vehicles()
        .into_iter()
        .skip(2) // the rescuer and the crew's vehicle
        .collect();
    let mut considered = own.clone();
    considered.extend(
        intermediates
            .iter()
            .filter(|v| !own.iter().any(|o| o.id == v.id)),
    );
    let mut plan = plan_in(scenario.situation(), &considered, env, options);
    let esc = crate::text::escape_for_terminal;
    let mut statement = crate::report::model::statement(
        &scenario.situation(),
        &esc(&scenario.rescuer.id),
        &esc(&scenario.distressed.id),
    );
    let info = scenario.doc.scenario.clone().unwrap_or_default();
    statement.id = Some(scenario.id.clone());
    statement.name = scenario.name.clone();
    statement.file = Some(crate::report::display_path(&scenario.file));
    statement.when = info.when.get().cloned();
    statement.sources = info.sources.get().cloned().unwrap_or_default();
    plan.scenario = Some(statement);
    plan.specs.insert(
        0,
        SpecInfo {
            label: "scenario".into(),
            id: scenario.id.clone(),
            name: scenario.name.clone(),
            path: crate::report::display_path(&scenario.file),
            sha256: scenario.file.sha256(),
        },
    );
    for file in scenario.source_files() {
        let info = FileInfo::of(file);
        if !plan.files.contains(&info) {
            plan.files.push(info);
        }
    }
    plan
}

/// The plan of `situation`'s rescue through `considered`.
fn plan_in(
    situation: Situation<'_>,
    considered: &[&Vehicle],
    env: &Environment,
    options: &PlanOptions,
) -> Plan {
    let (rescuer, distressed) = (situation.rescuer, situation.distressed);
    let considered: Vec<&Vehicle> = considered
        .iter()
        .copied()
        .filter(|v| v.id != rescuer.id && v.id != distressed.id)
        .collect();
    let mut left_out: Vec<LeftOut> = Vec::new();
    let mut middle: Vec<&Vehicle> = Vec::new();
    // Where the crew is: their station's places, else their vehicle's.
    let crew_places = search::places(situation.station().unwrap_or(distressed));
    for v in considered.iter().copied() {
        // An adapter the scenario carries up is carried, whatever its spec
        // says.
        let carried = situation.adapters().iter().any(|a| std::ptr::eq(a, v));
        let reason = left_out_reason(v)
            .filter(|_| !carried)
            .or_else(|| elsewhere_reason(v, crew_places.as_deref()));
        match reason {
            Some(reason) => left_out.push(LeftOut {
                id: v.id.clone(),
                reason,
            }),
            None => middle.push(v),
        }
    }
    let mut nodes: Vec<&Vehicle> = vec![rescuer, distressed];
    nodes.extend(middle.iter().copied());

    // A longer path crosses docked, through the crew's station when it
    // passes there: only in the modes the situation allows.
    let modes = situation.modes();
    let allowed = |vehicles: &[&Vehicle]| {
        vehicles.len() <= 2
            || modes.contains(match path::crew_station(vehicles, &situation) {
                Some(_) => Mode::ViaStation,
                None => Mode::Docked,
            })
    };
    let judge = path::StepJudge {
        env,
        base: &options.selection,
        waivers: options.waivers.as_ref(),
        ledger: std::cell::RefCell::new(crate::waivers::Ledger::default()),
        waived: std::cell::RefCell::new(std::collections::BTreeSet::new()),
    };
    let mut budget = Budget::new(options);
    // The direct rescue is always judged; other routes while time lasts.
    let mut paths: Vec<PlanPath> = vec![path_of(&[rescuer, distressed], &situation, &judge)];
    for route in routes(&nodes, env, options, &mut budget) {
        if budget.out_of_time() {
            budget.stop(format!(
                "paths: the {} s time limit ran out; {} path(s) were judged",
                options.time_limit.as_secs(),
                paths.len()
            ));
            break;
        }
        let vehicles: Vec<&Vehicle> = route
            .iter()
            .filter_map(|i| nodes.get(*i))
            .copied()
            .collect();
        if allowed(&vehicles) {
            paths.push(path_of(&vehicles, &situation, &judge));
        }
    }
    let waivers = options.waivers.as_ref().map(|w| {
        let mut section = w.section(&judge.ledger.borrow());
        section.applied = judge.waived.borrow().len() as u32;
        section
    });
    // An EVA across open space is the fallback: at an equal verdict a path
    // of docked crossings comes first.
    let by_eva = |p: &PlanPath| p.steps.iter().any(|s| s.mode == Mode::Eva);
    paths.sort_by_key(|p| {
        (
            p.blocking,
            rank(&p.verdict),
            by_eva(p),
            p.conditions.len(),
            p.hops,
        )
    });

    let direct = paths
        .iter()
        .find(|p| p.hops == 1)
        .map_or(VerdictKind::Undetermined, |p| p.verdict);
    let remedies = match (direct, situation.scenario()) {
        (VerdictKind::Blocked, Some(scenario)) => {
            remedy::remediate_scenario_within(scenario, env, options, &mut budget)
        }
        (VerdictKind::Blocked, None) => {
            remedy::remediate_within(rescuer, distressed, env, options, &mut budget)
        }
        _ => Vec::new(),
    };
    let on_paths: Vec<&Vehicle> = middle
        .iter()
        .copied()
        .filter(|v| paths.iter().any(|p| p.via.contains(&v.id)))
        .collect();
    let (specs, files) = provenance(rescuer, distressed, &on_paths, env);
    Plan {
        schema_version: PLAN_SCHEMA_VERSION,
        tool: ToolInfo::current(),
        date: crate::report::model::report_date(),
        scenario: None,
        specs,
        files,
        rescuer: rescuer.id.clone(),
        distressed: distressed.id.clone(),
        max_hops: options.max_hops,
        direct,
        paths,
        remedies,
        intermediates: considered.iter().map(|v| v.id.clone()).collect(),
        left_out,
        stopped_early: budget.stopped,
        waivers,
        keyed: None,
    }
}

/// The specs a plan rests on, labelled by their part, and their files.
fn provenance(
    rescuer: &Vehicle,
    distressed: &Vehicle,
    via: &[&Vehicle],
    env: &Environment,
) -> (Vec<SpecInfo>, Vec<FileInfo>) {
    let mut vehicles = vec![(rescuer, "rescuer"), (distressed, "distressed")];
    vehicles.extend(via.iter().map(|v| (*v, "via")));
    let specs = vehicles
        .iter()
        .map(|(v, label)| SpecInfo {
            label: (*label).into(),
            id: v.id.clone(),
            name: v.name.clone(),
            path: crate::report::display_path(&v.file),
            sha256: v.file.sha256(),
        })
        .collect();
    let all: Vec<&Vehicle> = vehicles.iter().map(|(v, _)| *v).collect();
    (specs, crate::report::model::file_infos_with(&all, env))
}

/// Loads the intermediate vehicle specs under `dir`, recursively: vehicles
/// and adapters; suit files and data files are skipped, as are specs that
/// do not load (their problems are returned for the caller to report).
pub fn load_intermediates(
    dir: &std::path::Path,
    context: crate::spec::load::LoadContext<'_>,
) -> (Vec<Vehicle>, Vec<String>) {
    let (paths, _) = crate::spec::load::collect_spec_paths(&[dir.to_path_buf()]);
    let mut vehicles = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if crate::spec::is_data_file(&path) {
            continue;
        }
        match crate::spec::load::load_fleet_path_with(&path, context) {
            Ok(Some(crate::spec::Document::Vehicle(v))) => vehicles.push(*v),
            Ok(_) => {}
            Err(e) => problems.push(crate::report::diagnostics::render_plain(&e.diagnostics)),
        }
    }
    (vehicles, problems)
}
