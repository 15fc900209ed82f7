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

use std::collections::BTreeSet;

use petgraph::graph::{DiGraph, NodeIndex};
use schemars::JsonSchema;
use serde::Serialize;

use crate::check::{Selection, VerdictKind, check_direction};
use crate::report::model::{FileInfo, Location, SpecInfo, ToolInfo};
use crate::rules::{Environment, FieldRef, Finding, Mode, Phase, Severity, Sink, registry};
use crate::spec::{
    AbsolutePressure, Field, OxygenOutlet, Port, Radio, Range, Role, Span, Standards, Value,
    Vehicle, VehicleKind,
};
use uom::si::f64::Mass;

/// Planning options.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// Longest path, in steps (docked interfaces crossed).
    pub max_hops: usize,
    /// Propose changes to fields a spec marks `changeable = false` and to a
    /// flown vehicle's docking standards.
    pub allow_fixed: bool,
    /// Most remediation sets listed.
    pub max_remedies: usize,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            max_hops: 3,
            allow_fixed: false,
            max_remedies: 5,
        }
    }
}

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
}

impl PlanFinding {
    /// A procedure the planner chose, reported as a condition.
    fn procedure(message: String) -> Self {
        PlanFinding {
            rule: "PLAN".into(),
            phase: Some(Phase::Transfer),
            severity: Severity::Conditional,
            message,
            mitigation: None,
            fingerprint: None,
            locations: Vec::new(),
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
    pub tool: ToolInfo,
    /// UTC date of the run, YYYY-MM-DD (`RESCUE_INTEROP_DATE` overrides it).
    pub date: String,
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
}

/// An intermediate spec the plan does not route through.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LeftOut {
    pub id: String,
    /// Why, and what a spec would have to say for it to be used.
    pub reason: String,
}

/// Why an intermediate is no node of any path, or `None` when it is one.
/// An adapter is a node only when a vehicle carries it to a docking (the
/// ASTP Docking Module): one installed on its host (the IDA on a PMA) is
/// part of that host, whose own ports model it, and one whose spec does not
/// say is left out rather than flown on a guess.
fn left_out_reason(v: &Vehicle) -> Option<String> {
    if v.kind != VehicleKind::Adapter {
        return None;
    }
    match v.info.carried.value() {
        Some(true) => None,
        Some(false) => Some(
            "an adapter installed on its host, not carried (vehicle.carried = false): the host's own ports model it".into(),
        ),
        None => Some(
            "an adapter whose spec does not say whether a vehicle carries it to a docking: give vehicle.carried to route through it".into(),
        ),
    }
}

fn rank(kind: &VerdictKind) -> u8 {
    match kind {
        VerdictKind::Feasible => 0,
        VerdictKind::FeasibleWithConditions => 1,
        VerdictKind::Undetermined => 2,
        VerdictKind::Blocked => 3,
    }
}

/// Phases judged once between the rescuer and the distressed crew.
const END_TO_END: [Phase; 3] = [Phase::Contact, Phase::Sustain, Phase::Return];
/// Phases of docking one vehicle to the next.
const DOCKING: [Phase; 2] = [Phase::Approach, Phase::Mate];

/// A finding of `rescuer` against `distressed`, with its spec locations
/// (named by vehicle id) and fingerprint as `check` reports them. When the
/// rescuer is a carried stack, its fields are located in the spec each was
/// written in (`carried`).
fn plan_finding(
    f: &Finding,
    rescuer: &Vehicle,
    distressed: &Vehicle,
    carried: Option<&Carried<'_>>,
) -> PlanFinding {
    let report = crate::report::model::finding_report(0, [rescuer, distressed], f);
    let locations = f
        .body
        .fields
        .iter()
        .zip(report.locations)
        .flat_map(|(field, mut l)| {
            let vehicle = match l.party {
                crate::rules::Party::Rescuer => rescuer,
                crate::rules::Party::Distressed => distressed,
            };
            l.spec = vehicle.id.clone();
            match carried {
                Some(carried) if carried.party == l.party => carried.locations(field, vehicle, l),
                _ => vec![l],
            }
        })
        .collect();
    PlanFinding {
        rule: f.rule.id.to_string(),
        phase: Some(f.rule.phase),
        severity: f.severity,
        message: f.body.message.clone(),
        mitigation: f.body.mitigation.clone(),
        fingerprint: Some(report.fingerprint),
        locations,
    }
}

/// Judges a step from its parts. A step of a path through other vehicles
/// is a docked chain, so it is judged in the docked mode from its findings
/// (`docked_only`); the direct rescue keeps `check`'s best-mode verdict.
/// `to_plan` turns the part's findings into the plan's, with the
/// (rescuer, distressed) the part's rules ran with.
fn judged(
    description: String,
    from: &Vehicle,
    to: &Vehicle,
    phases: &[Phase],
    part: crate::check::DirectionResult,
    to_plan: &dyn Fn(&Finding) -> PlanFinding,
    docked_only: bool,
) -> PlanStep {
    let mut verdict = VerdictKind::Feasible;
    let mut mode = Mode::Docked;
    let mut findings = Vec::new();
    {
        let part_mode = if docked_only {
            Mode::Docked
        } else {
            part.verdict.mode
        };
        let kept: Vec<PlanFinding> = part
            .findings
            .iter()
            .filter(|f| f.rule.modes.contains(&part_mode))
            .map(to_plan)
            .collect();
        let part_verdict = if docked_only {
            match kept.iter().map(|f| f.severity).max() {
                Some(Severity::Blocking) => VerdictKind::Blocked,
                Some(Severity::Unknown) => VerdictKind::Undetermined,
                Some(Severity::Conditional) => VerdictKind::FeasibleWithConditions,
                Some(Severity::Advisory) | None => VerdictKind::Feasible,
            }
        } else {
            part.verdict.kind
        };
        if rank(&part_verdict) > rank(&verdict) {
            verdict = part_verdict;
            mode = part_mode;
        }
        findings.extend(kept);
    }
    let blocking = findings
        .iter()
        .filter(|f| f.severity == Severity::Blocking)
        .count();
    let conditions = findings
        .iter()
        .filter(|f| f.severity == Severity::Conditional)
        .cloned()
        .collect();
    PlanStep {
        description,
        from: from.id.clone(),
        to: to.id.clone(),
        phases: phases.to_vec(),
        verdict,
        mode,
        blocking,
        conditions,
        findings,
    }
}

fn selection(phases: &[Phase]) -> Selection {
    Selection {
        phases: phases.to_vec(),
    }
}

/// Whether `v` flies itself to the next vehicle: a maneuverable vehicle, or
/// an adapter (carried by the vehicle before it).
fn chases(v: &Vehicle) -> bool {
    v.kind == VehicleKind::Adapter || flies_itself(v)
}

/// Whether a vehicle is known to fly itself (a carrier).
fn flies_itself(v: &Vehicle) -> bool {
    v.info.maneuverable.value() == Some(true)
}

/// The keys of a chasing port that say how its vehicle flies in: the aids
/// its sensors need on the target (APPROACH-001) and the conditions its
/// guidance delivers at contact (APPROACH-002, and the closing speed of
/// MATE-002). A carried stack takes them from its carrier.
const FLOWN_PORT_KEYS: [&str; 8] = [
    "nav_aids_needed",
    "contact_conditions.closing_speed",
    "contact_conditions.lateral_misalignment",
    "contact_conditions.angular_misalignment",
    "contact_conditions.roll_misalignment",
    "contact_conditions.lateral_rate",
    "contact_conditions.angular_rate",
    "contact_conditions.roll_rate",
];

/// The carrier's port that holds `adapter`: an active port of the carrier
/// that mates a passive port of the adapter (the CSM's probe in the Docking
/// Module's drogue).
fn holding_port<'c>(
    carrier: &'c Vehicle,
    adapter: &Vehicle,
    standards: &Standards,
) -> Option<&'c Port> {
    carrier.ports.iter().find(|held_by| {
        adapter
            .ports
            .iter()
            .any(|held| docks_actively(held_by, held, standards))
    })
}

/// Whether `active` can play the active role against `passive`, whose
/// standard it mates.
fn docks_actively(active: &Port, passive: &Port, standards: &Standards) -> bool {
    let plays = |p: &Port, role: Role| p.roles.get().is_some_and(|r| r.contains(&role));
    plays(active, Role::Active)
        && plays(passive, Role::Passive)
        && matches!(
            (active.standard.get(), passive.standard.get()),
            (Some(a), Some(b)) if standards.mate(a, b).is_some()
        )
}

/// The mass of a stack: the sum of its parts, each end of the range where
/// both give it (a part's typical mass standing in for an end it does not
/// give, as MATE-002 reads it); unknown when either mass is.
fn stack_mass(carrier: &Vehicle, adapter: &Vehicle) -> Field<Range<Mass>> {
    let note = format!(
        "the mass of {} plus the mass of {} it carries",
        carrier.name, adapter.name
    );
    let (Some(c), Some(a)) = (carrier.info.mass.value(), adapter.info.mass.value()) else {
        return Field {
            value: Value::Unknown,
            note: Some(format!("{note}: not known, one of them is not given")),
            ..Field::default()
        };
    };
    let sum = |c_end: Option<Mass>, a_end: Option<Mass>| {
        Some(c_end.or(c.typical())? + a_end.or(a.typical())?)
    };
    let nominal = c.nominal.zip(a.nominal).map(|(x, y)| x + y);
    let total = Range {
        min: sum(c.min, a.min),
        max: sum(c.max, a.max),
        nominal,
    };
    Field {
        value: if total.typical().is_some() {
            Value::Known(total)
        } else {
            Value::Unknown
        },
        note: Some(note),
        ..Field::default()
    }
}

/// A carried adapter as part of the stack its carrier flies: the adapter's
/// own ports and mechanisms, flown by the carrier. It flies (the carrier's
/// `maneuverable`), weighs the carrier's mass plus its own, and each of its
/// ports takes from the carrier's holding port what the approach rules read
/// from a chaser ([`FLOWN_PORT_KEYS`]): the aids the carrier's sensors need
/// and the contact conditions its guidance delivers. Each taken field keeps
/// the carrier's span and source; `Carried::locations` points findings at
/// the carrier's file for them. A carrier that does not fly leaves the
/// adapter as it is.
fn carried_stack(carrier: &Vehicle, adapter: &Vehicle, standards: &Standards) -> Vehicle {
    if adapter.kind != VehicleKind::Adapter || !flies_itself(carrier) {
        return adapter.clone();
    }
    let mut stack = adapter.clone();
    stack.name = format!("{} carrying {}", carrier.name, adapter.name);
    stack.info.maneuverable = carrier.info.maneuverable.clone();
    stack.info.mass = stack_mass(carrier, adapter);
    let holder = holding_port(carrier, adapter, standards);
    for port in &mut stack.ports {
        port.nav_aids_needed = holder
            .map(|h| h.nav_aids_needed.clone())
            .unwrap_or_default();
        port.contact_conditions = holder
            .map(|h| h.contact_conditions.clone())
            .unwrap_or_default();
    }
    stack
}

/// Whether some port of `chaser` can play the active role against a
/// passive port of `target` that it mates.
fn can_chase(chaser: &Vehicle, target: &Vehicle, standards: &Standards) -> bool {
    chaser.ports.iter().any(|active| {
        target
            .ports
            .iter()
            .any(|passive| docks_actively(active, passive, standards))
    })
}

/// A target that holds its attitude while the stack flies in (Soyuz was the
/// passive craft of the first ASTP docking): without it the rules, which let
/// either side of a pair chase, could judge the target flying to the stack.
fn held_target(target: &Vehicle) -> Vehicle {
    let mut held = target.clone();
    held.info.maneuverable = Field {
        value: Value::Known(false),
        note: Some("holds attitude as the passive target of a carried stack".into()),
        ..Field::default()
    };
    held
}

/// The carried stack of a docking step (its chaser, or the target when it
/// cannot chase), and where its fields were written.
struct Carried<'a> {
    /// The stack's side in the step's rules (the rescuer when it chases).
    party: crate::rules::Party,
    carrier: &'a Vehicle,
    adapter: &'a Vehicle,
    holder: Option<&'a Port>,
}

impl Carried<'_> {
    /// The locations of a field of the stack: a field taken from the
    /// carrier points at the carrier's spec under the holding port's path,
    /// the stack's mass at both parts' masses, the rest at the adapter's.
    fn locations(&self, field: &FieldRef, stack: &Vehicle, at: Location) -> Vec<Location> {
        let located = |v: &Vehicle, path: String, span: Option<Span>| {
            let (line, column) = span.map(|s| v.file.line_col(s.start)).unzip();
            Location {
                spec: v.id.clone(),
                party: at.party,
                file: crate::report::display_path(&v.file),
                field: path,
                line,
                column,
            }
        };
        if field.path == "vehicle.mass" {
            return [self.carrier, self.adapter]
                .into_iter()
                .map(|v| located(v, "vehicle.mass".into(), v.info.mass.span))
                .collect();
        }
        if let Some(holder) = self.holder {
            for port in &stack.ports {
                for key in FLOWN_PORT_KEYS {
                    if field.path == crate::rules::helpers::item_path("ports", &port.id, key) {
                        let path = crate::rules::helpers::item_path("ports", &holder.id, key);
                        return vec![located(self.carrier, path, field.span)];
                    }
                }
            }
        }
        vec![at]
    }
}

/// Judges the docking between `near` (closer to the rescuer) and `far`;
/// `before` is the vehicle before `near` on the path, the carrier of `near`
/// when `near` is an adapter.
fn docking_step(
    before: Option<&Vehicle>,
    near: &Vehicle,
    far: &Vehicle,
    env: &Environment,
) -> PlanStep {
    // A carried adapter docks as part of its carrier's stack: the stack
    // flies in when its free port can be the active one, otherwise `far`
    // flies to the stack (a probe into the Docking Module's drogue).
    if let Some(carrier) = before.filter(|c| near.kind == VehicleKind::Adapter && flies_itself(c)) {
        let stack = carried_stack(carrier, near, env.standards);
        let holder = holding_port(carrier, near, env.standards);
        let carried = |party| Carried {
            party,
            carrier,
            adapter: near,
            holder,
        };
        if can_chase(&stack, far, env.standards) || !flies_itself(far) {
            let target = held_target(far);
            let carried = carried(crate::rules::Party::Rescuer);
            return docking_judged(near, far, (&stack, &target), Some(&carried), env);
        }
        let carried = carried(crate::rules::Party::Distressed);
        return docking_judged(near, far, (far, &stack), Some(&carried), env);
    }
    // Who flies: `near` unless it is a station that `far` docks to.
    let pair = if !chases(near) && chases(far) {
        (far, near)
    } else {
        (near, far)
    };
    docking_judged(near, far, pair, None, env)
}

/// Runs the approach and mate phases of `chaser` to `target` for the step
/// between `near` and `far`.
fn docking_judged(
    near: &Vehicle,
    far: &Vehicle,
    (chaser, target): (&Vehicle, &Vehicle),
    carried: Option<&Carried<'_>>,
    env: &Environment,
) -> PlanStep {
    // An adapter is mated on the ground or extracted, not approached; a
    // vehicle carrying one is.
    let carried_target = carried.is_some_and(|c| c.party == crate::rules::Party::Distressed);
    let docking: Vec<Phase> = if target.kind == VehicleKind::Adapter && !carried_target {
        vec![Phase::Mate]
    } else {
        DOCKING.to_vec()
    };
    let dock = check_direction(chaser, target, env, &selection(&docking));
    judged(
        format!("{} docks to {}", chaser.name, target.name),
        near,
        far,
        &docking,
        dock,
        &|f| plan_finding(f, chaser, target, carried),
        true,
    )
}

/// Rules about the air two cabins share once the hatch between them opens.
/// An airlock between them keeps the air apart and equalizes each hatch.
const SHARED_AIR_RULES: [&str; 3] = ["TRANSFER-001", "TRANSFER-002", "TRANSFER-003"];

/// An adapter that works as an airlock: an equalization valve and a cabin
/// pressure that can be set (the ASTP Docking Module).
fn is_airlock(v: &Vehicle) -> bool {
    v.kind == VehicleKind::Adapter
        && v.hatch.equalization_valve.value() == Some(true)
        && v.atmosphere.adjustable_pressure.get().is_some()
}

/// Runs the transfer rules for the crew of `far` crossing into `near`,
/// without the shared-air rules when an airlock lies between them.
fn crossing_findings(
    near: &Vehicle,
    far: &Vehicle,
    env: &Environment,
    through_airlock: bool,
) -> Vec<Finding> {
    let ctx = crate::rules::Context::new(near, far, env);
    let mut sink = Sink::collecting();
    for rule in registry().into_iter().filter(|r| {
        r.phase == Phase::Transfer && !(through_airlock && SHARED_AIR_RULES.contains(&r.id))
    }) {
        sink.begin(rule);
        (rule.check)(&ctx, &mut sink);
        sink.end();
    }
    sink.into_findings()
}

/// How bad a docked crossing is: (worst severity, count at it).
fn badness(findings: &[Finding]) -> (Option<Severity>, usize) {
    let docked: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule.modes.contains(&Mode::Docked))
        .collect();
    let worst = docked.iter().map(|f| f.severity).max();
    let count = docked.iter().filter(|f| Some(f.severity) == worst).count();
    (worst, count)
}

/// The crew of `far` crossing into `near`, directly or through `airlocks`.
/// When a cabin declares an `adjustable_pressure` band, setting it toward
/// the other cabin is a procedure the crossing may use (Soyuz was lowered to
/// about 0.68 atm for ASTP); it is taken when it makes the crossing better,
/// and reported as a condition.
fn crossing_step(
    near: &Vehicle,
    far: &Vehicle,
    airlocks: &[&Vehicle],
    env: &Environment,
) -> PlanStep {
    let through_airlock = !airlocks.is_empty();
    let mut findings = crossing_findings(near, far, env, through_airlock);
    let mut procedures = Vec::new();
    for (side_far, this, other) in [(true, far, near), (false, near, far)] {
        let Some(pascals) = adjusted_pressure(this, other) else {
            continue;
        };
        let mut changed = this.clone();
        set_pressure(&mut changed, pascals);
        let trial = if side_far {
            crossing_findings(near, &changed, env, through_airlock)
        } else {
            crossing_findings(&changed, far, env, through_airlock)
        };
        if badness(&trial) < badness(&findings) {
            findings = trial;
            let current = this
                .atmosphere
                .pressure
                .get()
                .and_then(|r| r.typical())
                .map_or(pascals, |p| p.0.value);
            let verb = if pascals < current { "lower" } else { "raise" };
            procedures.push(format!(
                "{verb} the cabin of {} to {} (about {:.1} psia), within its adjustable_pressure band, before the crossing",
                this.name,
                kpa(pascals),
                pascals / PASCALS_PER_PSI
            ));
            break;
        }
    }
    for airlock in airlocks {
        procedures.push(format!(
            "cycle the airlock of {}: with both its hatches closed, bring it to each cabin's pressure in turn (its equalization valve and adjustable_pressure band) before opening that cabin's hatch",
            airlock.name
        ));
    }
    let through = if through_airlock {
        let names: Vec<&str> = airlocks.iter().map(|a| a.name.as_str()).collect();
        format!(" through the airlock of {}", names.join(", "))
    } else {
        String::new()
    };
    let part = crate::check::DirectionResult {
        findings,
        modes: Vec::new(),
        verdict: crate::check::ModeVerdict {
            mode: Mode::Docked,
            kind: VerdictKind::Feasible,
            phase: None,
        },
        evaluations: 0,
        undetermined: 0,
        phase_worst: Vec::new(),
        phase_evaluations: Vec::new(),
    };
    let mut step = judged(
        format!("crew cross from {} into {}{through}", far.name, near.name),
        near,
        far,
        &[Phase::Transfer],
        part,
        &|f| plan_finding(f, near, far, None),
        true,
    );
    for (i, message) in procedures.into_iter().enumerate() {
        let condition = PlanFinding::procedure(message);
        step.conditions.insert(i, condition.clone());
        step.findings.insert(i, condition);
        if step.verdict == VerdictKind::Feasible {
            step.verdict = VerdictKind::FeasibleWithConditions;
        }
    }
    step
}

/// The pressure `this` cabin can be set to toward `other`'s, within its
/// adjustable band, when that differs from its own.
fn adjusted_pressure(this: &Vehicle, other: &Vehicle) -> Option<f64> {
    let band = this.atmosphere.adjustable_pressure.get()?;
    let target = other.atmosphere.pressure.get()?.typical()?.0.value;
    let current = this.atmosphere.pressure.get()?.typical()?.0.value;
    let low = band.min.map_or(current, |p| p.0.value);
    let high = band.max.map_or(current, |p| p.0.value);
    let set = target.clamp(low.min(high), high.max(low));
    ((set - current).abs() > 1.0).then_some(set)
}

fn path_of(nodes: &[&Vehicle], env: &Environment) -> PlanPath {
    let mut steps = Vec::new();
    if let [rescuer, distressed] = nodes {
        steps.push(judged(
            format!("{} rescues {} directly", rescuer.name, distressed.name),
            rescuer,
            distressed,
            &Phase::ALL,
            check_direction(rescuer, distressed, env, &Selection::default()),
            &|f| plan_finding(f, rescuer, distressed, None),
            false,
        ));
    } else if let (Some(rescuer), Some(distressed)) = (nodes.first(), nodes.last()) {
        for (i, pair) in nodes.windows(2).enumerate() {
            if let [near, far] = pair {
                let before = i.checked_sub(1).and_then(|b| nodes.get(b)).copied();
                steps.push(docking_step(before, near, far, env));
            }
        }
        // Crossings between cabins the crew passes through; an airlock
        // adapter is crossed, not lived in, so the crossing spans it.
        let mut near = *rescuer;
        let mut airlocks: Vec<&Vehicle> = Vec::new();
        for far in nodes.iter().skip(1) {
            if is_airlock(far) && far.id != distressed.id {
                airlocks.push(far);
                continue;
            }
            steps.push(crossing_step(near, far, &airlocks, env));
            airlocks.clear();
            near = far;
        }
        // A station on the path relays the talk: its crew and intercom sit
        // between the two crews, so contact is judged leg by leg between
        // the talkers (rescuer, stations, distressed).
        let talkers: Vec<&Vehicle> = nodes
            .iter()
            .enumerate()
            .filter(|(i, v)| *i == 0 || *i + 1 == nodes.len() || v.kind == VehicleKind::Station)
            .map(|(_, v)| *v)
            .collect();
        let relayed = talkers.len() > 2;
        if relayed {
            for pair in talkers.windows(2) {
                if let [near, far] = pair {
                    steps.push(judged(
                        format!("{} and {} talk", near.name, far.name),
                        near,
                        far,
                        &[Phase::Contact],
                        check_direction(near, far, env, &selection(&[Phase::Contact])),
                        &|f| plan_finding(f, near, far, None),
                        true,
                    ));
                }
            }
        }
        let carry: Vec<Phase> = if relayed {
            vec![Phase::Sustain, Phase::Return]
        } else {
            END_TO_END.to_vec()
        };
        let what = if relayed {
            format!(
                "{} keeps and carries the crew of {} home",
                rescuer.name, distressed.name
            )
        } else {
            format!(
                "{} and {} talk, and {} keeps and carries the crew home",
                rescuer.name, distressed.name, rescuer.name
            )
        };
        steps.push(judged(
            what,
            rescuer,
            distressed,
            &carry,
            check_direction(rescuer, distressed, env, &selection(&carry)),
            &|f| plan_finding(f, rescuer, distressed, None),
            true,
        ));
    }
    let verdict = steps
        .iter()
        .map(|s| s.verdict)
        .max_by_key(rank)
        .unwrap_or(VerdictKind::Undetermined);
    let blocking = steps.iter().map(|s| s.blocking).sum();
    let conditions: Vec<PlanFinding> = steps.iter().flat_map(|s| s.conditions.clone()).collect();
    let unknowns: Vec<PlanFinding> = steps
        .iter()
        .flat_map(|s| s.findings.iter())
        .filter(|f| f.severity == Severity::Unknown)
        .cloned()
        .collect();
    let summary = path_summary(&verdict, &steps, blocking, &conditions, &unknowns);
    PlanPath {
        via: nodes.iter().map(|v| v.id.clone()).collect(),
        hops: nodes.len().saturating_sub(1),
        verdict,
        summary,
        blocking,
        conditions,
        unknowns,
        steps,
    }
}

/// The path's verdict in one sentence, saying plainly what decides it.
fn path_summary(
    verdict: &VerdictKind,
    steps: &[PlanStep],
    blocking: usize,
    conditions: &[PlanFinding],
    unknowns: &[PlanFinding],
) -> String {
    let relying = match conditions.len() {
        0 => String::new(),
        n => format!(", relying on {n} condition(s)"),
    };
    match verdict {
        VerdictKind::Feasible => "feasible: every step passes on the data the specs give".into(),
        VerdictKind::FeasibleWithConditions => {
            format!("feasible with conditions: no blocker and no missing value{relying}")
        }
        VerdictKind::Undetermined => {
            let mut rules: Vec<String> = unknowns
                .iter()
                .map(|f| match registry().into_iter().find(|r| r.id == f.rule) {
                    Some(rule) => format!("{} {}", rule.id, rule.name),
                    None => f.rule.clone(),
                })
                .collect();
            rules.sort_unstable();
            rules.dedup();
            format!(
                "undetermined: no blocker{relying}, but {} value(s) the specs do not give ({}) keep it from \"feasible with conditions\"",
                unknowns.len(),
                rules.join(", ")
            )
        }
        VerdictKind::Blocked => {
            let first = steps
                .iter()
                .flat_map(|s| s.findings.iter())
                .find(|f| f.severity == Severity::Blocking)
                .map(|f| format!(" (first: {} {})", f.rule, f.message))
                .unwrap_or_default();
            format!("blocked by {blocking} finding(s){first}")
        }
    }
}

/// Whether some port of `a` mates some port of `b`, in either chaser order
/// (MATE-001 alone, counted, not collected).
fn can_mate(a: &Vehicle, b: &Vehicle, env: &Environment) -> bool {
    let Some(rule) = registry().into_iter().find(|r| r.id == "MATE-001") else {
        return true;
    };
    [(a, b), (b, a)].into_iter().any(|(rescuer, distressed)| {
        let ctx = crate::rules::Context::new(rescuer, distressed, env);
        let mut sink = Sink::counting();
        sink.begin(rule);
        (rule.check)(&ctx, &mut sink);
        sink.end();
        // A port list the spec does not give is no edge: a path must not
        // run through a vehicle nothing is known to dock to.
        sink.count(Severity::Blocking) == 0 && sink.count(Severity::Unknown) == 0
    })
}

/// Plans the rescue of `distressed`'s crew by `rescuer` through
/// `intermediates`.
pub fn plan(
    rescuer: &Vehicle,
    distressed: &Vehicle,
    intermediates: &[Vehicle],
    env: &Environment,
    options: &PlanOptions,
) -> Plan {
    let considered: Vec<&Vehicle> = intermediates
        .iter()
        .filter(|v| v.id != rescuer.id && v.id != distressed.id)
        .collect();
    let mut left_out: Vec<LeftOut> = Vec::new();
    let mut middle: Vec<&Vehicle> = Vec::new();
    for v in considered.iter().copied() {
        match left_out_reason(v) {
            Some(reason) => left_out.push(LeftOut {
                id: v.id.clone(),
                reason,
            }),
            None => middle.push(v),
        }
    }
    let mut nodes: Vec<&Vehicle> = vec![rescuer, distressed];
    nodes.extend(middle.iter().copied());

    // Edges: pairs whose ports mate. The direct edge is always there, so a
    // blocked direct rescue is reported (and remediated).
    let mut graph: DiGraph<usize, ()> = DiGraph::new();
    let index: Vec<NodeIndex> = (0..nodes.len()).map(|i| graph.add_node(i)).collect();
    let (Some(&start), Some(&end)) = (index.first(), index.get(1)) else {
        return empty_plan(rescuer, distressed, env, options);
    };
    graph.add_edge(start, end, ());
    for (i, a) in nodes.iter().enumerate() {
        for (j, b) in nodes.iter().enumerate().skip(i + 1) {
            if (i, j) == (0, 1) || !can_mate(a, b, env) {
                continue;
            }
            if let (Some(&ia), Some(&ib)) = (index.get(i), index.get(j)) {
                graph.add_edge(ia, ib, ());
                graph.add_edge(ib, ia, ());
            }
        }
    }
    let max_intermediates = options.max_hops.saturating_sub(1);
    let routes: Vec<Vec<NodeIndex>> = petgraph::algo::all_simple_paths::<
        Vec<_>,
        _,
        std::hash::RandomState,
    >(&graph, start, end, 0, Some(max_intermediates))
    .collect();
    let mut paths: Vec<PlanPath> = routes
        .iter()
        .map(|route| {
            let vehicles: Vec<&Vehicle> = route
                .iter()
                .filter_map(|n| graph.node_weight(*n).and_then(|i| nodes.get(*i)).copied())
                .collect();
            path_of(&vehicles, env)
        })
        .collect();
    paths.sort_by_key(|p| (p.blocking, rank(&p.verdict), p.conditions.len(), p.hops));

    let direct = paths
        .iter()
        .find(|p| p.hops == 1)
        .map_or(VerdictKind::Undetermined, |p| p.verdict);
    let remedies = if direct == VerdictKind::Blocked {
        remediate(rescuer, distressed, env, options)
    } else {
        Vec::new()
    };
    let on_paths: Vec<&Vehicle> = middle
        .iter()
        .copied()
        .filter(|v| paths.iter().any(|p| p.via.contains(&v.id)))
        .collect();
    let (specs, files) = provenance(rescuer, distressed, &on_paths, env);
    Plan {
        tool: ToolInfo::current(),
        date: crate::report::model::report_date(),
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

fn empty_plan(
    rescuer: &Vehicle,
    distressed: &Vehicle,
    env: &Environment,
    options: &PlanOptions,
) -> Plan {
    let (specs, files) = provenance(rescuer, distressed, &[], env);
    Plan {
        tool: ToolInfo::current(),
        date: crate::report::model::report_date(),
        specs,
        files,
        rescuer: rescuer.id.clone(),
        distressed: distressed.id.clone(),
        max_hops: options.max_hops,
        direct: VerdictKind::Undetermined,
        paths: Vec::new(),
        remedies: Vec::new(),
        intermediates: Vec::new(),
        left_out: Vec::new(),
    }
}

// ---------------------------------------------------------------------------
// Remediation.

/// Which side of the pair a change edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Rescuer,
    Distressed,
}

/// An edit to a cloned spec.
#[derive(Debug, Clone, Default)]
enum Edit {
    #[default]
    None,
    /// Set a port's standard and roles.
    Port {
        side: Side,
        port: usize,
        standard: String,
        roles: Vec<Role>,
    },
    /// Set the cabin's operating pressure.
    Pressure { side: Side, pascals: f64 },
    /// Add a copy of the other side's radio.
    Radio { side: Side, radio: Box<Radio> },
    /// Add oxygen outlets.
    Outlet {
        side: Side,
        outlet: Box<OxygenOutlet>,
    },
    /// Add navigation aids to every port.
    NavAids { side: Side, aids: Vec<String> },
}

fn apply(edit: &Edit, rescuer: &mut Vehicle, distressed: &mut Vehicle) {
    let pick = |side: Side| side == Side::Rescuer;
    match edit {
        Edit::None => {}
        Edit::Port {
            side,
            port,
            standard,
            roles,
        } => {
            let v = if pick(*side) { rescuer } else { distressed };
            if let Some(p) = v.ports.get_mut(*port) {
                p.standard = Field::known(standard.clone());
                p.roles = Field::known(roles.clone());
            }
        }
        Edit::Pressure { side, pascals } => {
            set_pressure(if pick(*side) { rescuer } else { distressed }, *pascals);
        }
        Edit::Radio { side, radio } => {
            let v = if pick(*side) { rescuer } else { distressed };
            v.radios.push((**radio).clone());
        }
        Edit::Outlet { side, outlet } => {
            let v = if pick(*side) { rescuer } else { distressed };
            v.oxygen_outlets.push((**outlet).clone());
        }
        Edit::NavAids { side, aids } => {
            let v = if pick(*side) { rescuer } else { distressed };
            for p in &mut v.ports {
                let mut carried = p.nav_aids_carried.get().cloned().unwrap_or_default();
                for aid in aids {
                    if !carried.contains(aid) {
                        carried.push(aid.clone());
                    }
                }
                p.nav_aids_carried = Field::known(carried);
            }
        }
    }
}

/// Sets a cabin's operating pressure to one value.
fn set_pressure(v: &mut Vehicle, pascals: f64) {
    let p = AbsolutePressure::pascals(pascals);
    v.atmosphere.pressure = Field::known(Range::point(p));
}

fn complement(roles: &[Role]) -> Vec<Role> {
    if roles.contains(&Role::Active) {
        vec![Role::Passive]
    } else {
        vec![Role::Active]
    }
}

/// A frequency to the kilohertz, as channel plans give it (121.75 MHz).
fn megahertz(hertz: f64) -> String {
    let text = format!("{:.3}", hertz / 1e6);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} MHz")
}

/// Pascals in one pound per square inch.
const PASCALS_PER_PSI: f64 = 6_894.757;

fn kpa(pascals: f64) -> String {
    crate::units::Kind::AbsolutePressure.format_si(pascals)
}

/// Candidate changes, from the two specs' own values.
fn candidates(rescuer: &Vehicle, distressed: &Vehicle, allow_fixed: bool) -> Vec<Change> {
    let mut out = Vec::new();
    for (side, this, other) in [
        (Side::Distressed, distressed, rescuer),
        (Side::Rescuer, rescuer, distressed),
    ] {
        let flown = this.info.flown.value() == Some(true);
        // Docking: give a port the other side's standard, complementary role.
        for (i, port) in this.ports.iter().enumerate() {
            if !allow_fixed && (flown || !port.standard.changeable || !port.roles.changeable) {
                continue;
            }
            let port_id = port.id.get().cloned().unwrap_or_else(|| format!("#{i}"));
            let mut seen = BTreeSet::new();
            for theirs in &other.ports {
                let (Some(standard), Some(roles)) = (theirs.standard.get(), theirs.roles.get())
                else {
                    continue;
                };
                let roles = complement(roles);
                if port.standard.get() == Some(standard) && port.roles.get() == Some(&roles) {
                    continue;
                }
                if !seen.insert((standard.clone(), format!("{roles:?}"))) {
                    continue;
                }
                let role_names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
                out.push(Change {
                    vehicle: this.id.clone(),
                    field: format!("ports[{port_id}].standard"),
                    description: format!(
                        "fit port {port_id} of {} with the {standard} interface ({})",
                        this.name,
                        role_names.join("/")
                    ),
                    edit: Edit::Port {
                        side,
                        port: i,
                        standard: standard.clone(),
                        roles,
                    },
                });
            }
        }
        // Atmosphere: set the cabin to the other's pressure, within the band
        // it can be adjusted to.
        let adjustable = this.atmosphere.adjustable_pressure.get();
        let theirs = other
            .atmosphere
            .pressure
            .get()
            .and_then(|r| r.typical())
            .map(|p| p.0.value);
        let mine = this
            .atmosphere
            .pressure
            .get()
            .and_then(|r| r.typical())
            .map(|p| p.0.value);
        let changeable = allow_fixed || this.atmosphere.pressure.changeable;
        if let (Some(band), Some(target), Some(current), true) =
            (adjustable, theirs, mine, changeable)
        {
            let low = band.min.map_or(current, |p| p.0.value);
            let high = band.max.map_or(current, |p| p.0.value);
            let set = target.clamp(low.min(high), high.max(low));
            if (set - current).abs() > 1.0 {
                let verb = if set < current { "lower" } else { "raise" };
                out.push(Change {
                    vehicle: this.id.clone(),
                    field: "atmosphere.pressure".into(),
                    description: format!("{verb} the cabin of {} to {}", this.name, kpa(set)),
                    edit: Edit::Pressure { side, pascals: set },
                });
            }
        }
        // Radio: carry a copy of each of the other side's radios.
        for radio in &other.radios {
            let Some(freqs) = radio.tx_frequencies.get() else {
                continue;
            };
            let shown: Vec<String> = freqs.iter().map(|f| megahertz(f.value)).collect();
            let mut copy = radio.clone();
            let id = radio.id.get().cloned().unwrap_or_default();
            copy.id = Field::known(format!("added-{id}"));
            out.push(Change {
                vehicle: this.id.clone(),
                field: "radios".into(),
                description: format!(
                    "add to {} a radio like {}'s {id} (transmitting on {})",
                    this.name,
                    other.name,
                    shown.join(", ")
                ),
                edit: Edit::Radio {
                    side,
                    radio: Box::new(copy),
                },
            });
        }
        // Navigation aids the other side needs on its target.
        let needed: BTreeSet<String> = other
            .ports
            .iter()
            .filter_map(|p| p.nav_aids_needed.get())
            .flatten()
            .cloned()
            .collect();
        let carried: BTreeSet<String> = this
            .ports
            .iter()
            .filter_map(|p| p.nav_aids_carried.get())
            .flatten()
            .cloned()
            .collect();
        let missing: Vec<String> = needed.difference(&carried).cloned().collect();
        if !missing.is_empty() {
            out.push(Change {
                vehicle: this.id.clone(),
                field: "ports[].nav_aids_carried".into(),
                description: format!("add {} to the ports of {}", missing.join(", "), this.name),
                edit: Edit::NavAids {
                    side,
                    aids: missing,
                },
            });
        }
        // Oxygen: outlets of the connector family of the other's suits.
        let families: BTreeSet<String> = other
            .suits
            .iter()
            .filter_map(|s| s.suit.umbilical.get().cloned())
            .collect();
        for family in families {
            if this
                .oxygen_outlets
                .iter()
                .any(|o| o.connector.get() == Some(&family))
            {
                continue;
            }
            let count = other.crew.nominal.value().unwrap_or(1);
            let outlet = OxygenOutlet {
                id: Field::known(format!("added-{family}")),
                purpose: Field::known(crate::spec::OutletPurpose::Suit),
                connector: Field::known(family.clone()),
                count: Field::known(count),
                ..OxygenOutlet::default()
            };
            out.push(Change {
                vehicle: this.id.clone(),
                field: "oxygen_outlets".into(),
                description: format!(
                    "add {count} suit outlet(s) of connector family {family} to {}",
                    this.name
                ),
                edit: Edit::Outlet {
                    side,
                    outlet: Box::new(outlet),
                },
            });
        }
    }
    out
}

fn verdict_with(
    changes: &[&Change],
    rescuer: &Vehicle,
    distressed: &Vehicle,
    env: &Environment,
) -> VerdictKind {
    let mut r = rescuer.clone();
    let mut d = distressed.clone();
    for c in changes {
        apply(&c.edit, &mut r, &mut d);
    }
    let (_, summary) =
        crate::check::run_direction(&r, &d, env, &Selection::default(), Sink::counting());
    summary.verdict.kind
}

/// The smallest sets (up to three changes) that lift every blocker of the
/// direct rescue. Single changes first, then pairs, then triples; a larger
/// set is searched only when no smaller one works.
pub fn remediate(
    rescuer: &Vehicle,
    distressed: &Vehicle,
    env: &Environment,
    options: &PlanOptions,
) -> Vec<Remedy> {
    let pool = candidates(rescuer, distressed, options.allow_fixed);
    let mut found = Vec::new();
    let mut sets: Vec<Vec<usize>> = (0..pool.len()).map(|i| vec![i]).collect();
    for _size in 1..=3 {
        for set in &sets {
            let changes: Vec<&Change> = set.iter().filter_map(|i| pool.get(*i)).collect();
            let verdict = verdict_with(&changes, rescuer, distressed, env);
            if verdict != VerdictKind::Blocked {
                found.push(Remedy {
                    changes: changes.into_iter().cloned().collect(),
                    verdict,
                });
            }
        }
        if !found.is_empty() {
            break;
        }
        sets = sets
            .iter()
            .flat_map(|set| {
                let last = set.last().copied().unwrap_or(0);
                (last + 1..pool.len()).map(move |j| {
                    let mut s = set.clone();
                    s.push(j);
                    s
                })
            })
            .collect();
    }
    found.sort_by_key(|r| rank(&r.verdict));
    found.truncate(options.max_remedies);
    found
}

// ---------------------------------------------------------------------------
// Rendering.

/// What a plan says when the direct rescue is blocked and no remedy was
/// found (every format prints it).
pub const NO_REMEDY: &str = "No set of up to three changes to the fields the two specs allow to change unblocks the direct rescue (a field written with changeable = false and a flown vehicle's docking standard are left as they are; --allow-fixed proposes them too).";

/// The plan as text.
pub fn render_text(plan: &Plan) -> String {
    use std::fmt::Write;
    let esc = crate::text::escape_for_terminal;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Plan: {} rescues the crew of {} (paths of at most {} steps)",
        esc(&plan.rescuer),
        esc(&plan.distressed),
        plan.max_hops
    );
    let _ = writeln!(out, "Direct rescue: {}", plan.direct.as_str());
    if plan.paths.is_empty() {
        let _ = writeln!(out, "No path found.");
    }
    for (n, path) in plan.paths.iter().enumerate() {
        let via: Vec<String> = path.via.iter().map(|v| esc(v)).collect();
        let _ = writeln!(
            out,
            "\n{}. {} ({} step(s)): {}; {} blocking, {} condition(s), {} value(s) not given",
            n + 1,
            via.join(" -> "),
            path.hops,
            path.verdict.as_str(),
            path.blocking,
            path.conditions.len(),
            path.unknowns.len()
        );
        let _ = writeln!(out, "   {}.", esc(&path.summary));
        for step in &path.steps {
            let _ = writeln!(
                out,
                "   - {}: {}",
                esc(&step.description),
                step.verdict.as_str()
            );
            for f in step
                .findings
                .iter()
                .filter(|f| f.severity > Severity::Advisory)
            {
                let _ = writeln!(out, "       {} {}: {}", f.severity, f.rule, esc(&f.message));
            }
        }
    }
    if !plan.remedies.is_empty() {
        let _ = writeln!(out, "\nSmallest changes that unblock the direct rescue:");
        for (n, remedy) in plan.remedies.iter().enumerate() {
            let _ = writeln!(out, "{}. ({})", n + 1, remedy.verdict.as_str());
            for c in &remedy.changes {
                let _ = writeln!(out, "   - {} [{}]", esc(&c.description), esc(&c.field));
            }
        }
    } else if plan.direct == VerdictKind::Blocked {
        let _ = writeln!(out, "\n{NO_REMEDY}");
    }
    if !plan.left_out.is_empty() {
        let _ = writeln!(out, "\nNot routed through:");
        for left in &plan.left_out {
            let _ = writeln!(out, "   - {}: {}", esc(&left.id), esc(&left.reason));
        }
    }
    let _ = writeln!(
        out,
        "\n{} {} (rule set {}), {}",
        plan.tool.name, plan.tool.version, plan.tool.ruleset_version, plan.date
    );
    for spec in &plan.specs {
        let _ = writeln!(
            out,
            "{} {}: {} sha256:{}",
            spec.label,
            esc(&spec.id),
            esc(&spec.path),
            spec.sha256
        );
    }
    out
}

/// The plan as JSON (schema: `docs/plan.schema.json`).
pub fn render_json(plan: &Plan) -> String {
    let mut text = serde_json::to_string_pretty(plan).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

/// The JSON Schema of [`render_json`]'s output.
pub fn plan_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    generator.into_root_schema_for::<Plan>().to_value()
}

/// Applies a remedy's changes to clones of the pair (for tests and
/// reports that show the changed specs' check).
pub fn apply_remedy(
    remedy: &Remedy,
    rescuer: &Vehicle,
    distressed: &Vehicle,
) -> (Vehicle, Vehicle) {
    let mut r = rescuer.clone();
    let mut d = distressed.clone();
    for c in &remedy.changes {
        apply(&c.edit, &mut r, &mut d);
    }
    (r, d)
}

/// Loads the intermediate vehicle specs under `dir`, recursively: vehicles
/// and adapters; suit files and data files are skipped, as are specs that
/// do not load (their problems are returned for the caller to report).
pub fn load_intermediates(dir: &std::path::Path) -> (Vec<Vehicle>, Vec<String>) {
    let (paths, _) = crate::spec::load::collect_spec_paths(&[dir.to_path_buf()]);
    let mut vehicles = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if matches!(name, "interface-standards.toml" | "crew-envelopes.toml") {
            continue;
        }
        match crate::spec::load::load_path(&path, crate::spec::Standards::bundled()) {
            Ok(crate::spec::Document::Vehicle(v)) => vehicles.push(*v),
            Ok(crate::spec::Document::Suit(_)) => {}
            Err(e) => problems.push(format!(
                "{}: {}",
                path.display(),
                crate::report::diagnostics::render_plain(&e.diagnostics)
            )),
        }
    }
    (vehicles, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled(path: &str) -> Vehicle {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        crate::spec::load_vehicle(&path).unwrap_or_else(|e| panic!("{path:?}: {e:?}"))
    }

    fn apollo() -> Vehicle {
        bundled("specs/vehicles/apollo-csm-1975.toml")
    }

    fn docking_module() -> Vehicle {
        bundled("specs/adapters/astp-docking-module.toml")
    }

    fn standards() -> &'static Standards {
        Standards::bundled()
    }

    fn kilograms(field: &Field<Range<Mass>>) -> Option<(f64, f64)> {
        let range = field.value()?;
        Some((range.min?.si(), range.max?.si()))
    }

    use crate::spec::Quantity;

    #[test]
    fn a_carried_stack_weighs_carrier_and_adapter() {
        let stack = carried_stack(&apollo(), &docking_module(), standards());
        // 14,768 kg (WP-ASTP) + 2,012 kg (ASTP-DM).
        assert_eq!(kilograms(&stack.info.mass), Some((16_780.0, 16_780.0)));
        assert_eq!(
            stack
                .info
                .mass
                .value()
                .and_then(|r| r.nominal)
                .map(|m| m.si()),
            Some(16_780.0)
        );
    }

    #[test]
    fn a_carried_stack_of_unknown_mass_is_unknown() {
        let mut carrier = apollo();
        carrier.info.mass = Field {
            value: Value::Unknown,
            ..Field::default()
        };
        let stack = carried_stack(&carrier, &docking_module(), standards());
        assert!(stack.info.mass.is_unknown());
        assert_eq!(stack.info.mass.value(), None);
        let mut adapter = docking_module();
        adapter.info.mass = Field::default();
        let stack = carried_stack(&apollo(), &adapter, standards());
        assert_eq!(stack.info.mass.value(), None);
    }

    #[test]
    fn a_carried_stack_flies_on_the_adapters_ports() {
        let (carrier, adapter) = (apollo(), docking_module());
        let stack = carried_stack(&carrier, &adapter, standards());
        assert_eq!(stack.id, adapter.id);
        assert_eq!(stack.kind, VehicleKind::Adapter);
        assert_eq!(stack.info.maneuverable.value(), Some(true));
        assert!(stack.name.contains("carrying"), "{}", stack.name);
        let ids = |v: &Vehicle| -> Vec<Option<String>> {
            v.ports.iter().map(|p| p.id.get().cloned()).collect()
        };
        assert_eq!(ids(&stack), ids(&adapter));
        for (mine, theirs) in stack.ports.iter().zip(&adapter.ports) {
            assert_eq!(mine.standard, theirs.standard);
            assert_eq!(mine.roles, theirs.roles);
            assert_eq!(
                mine.capture_envelope.closing_speed,
                theirs.capture_envelope.closing_speed
            );
            assert_eq!(mine.passage_diameter, theirs.passage_diameter);
        }
    }

    #[test]
    fn a_carried_stack_needs_what_its_carrier_needs() {
        let (carrier, adapter) = (apollo(), docking_module());
        let holder = holding_port(&carrier, &adapter, standards());
        assert_eq!(
            holder.and_then(|p| p.id.get()).map(String::as_str),
            Some("forward")
        );
        let stack = carried_stack(&carrier, &adapter, standards());
        for port in &stack.ports {
            // The carrier's field, with its span and source.
            assert_eq!(
                Some(&port.nav_aids_needed),
                holder.map(|h| &h.nav_aids_needed)
            );
            assert_eq!(
                Some(&port.contact_conditions.closing_speed),
                holder.map(|h| &h.contact_conditions.closing_speed)
            );
        }
    }

    #[test]
    fn a_carrier_that_cannot_fly_leaves_the_adapter_as_it_is() {
        let adapter = docking_module();
        for maneuverable in [Value::Known(false), Value::Unknown] {
            let mut carrier = apollo();
            carrier.info.maneuverable = Field {
                value: maneuverable,
                ..Field::default()
            };
            let stack = carried_stack(&carrier, &adapter, standards());
            assert_eq!(stack.name, adapter.name);
            assert_eq!(stack.info.maneuverable, adapter.info.maneuverable);
            assert_eq!(stack.info.mass, adapter.info.mass);
            assert_eq!(stack.ports.len(), adapter.ports.len());
        }
    }

    #[test]
    fn only_an_adapter_known_to_be_carried_is_a_node() {
        let module = docking_module();
        assert_eq!(module.info.carried.value(), Some(true));
        assert_eq!(left_out_reason(&module), None);
        let ida = bundled("specs/adapters/ida.toml");
        assert_eq!(ida.info.carried.value(), Some(false));
        let installed = left_out_reason(&ida).unwrap_or_default();
        assert!(installed.contains("installed on its host"), "{installed}");
        let mut unsaid = docking_module();
        unsaid.info.carried = Field::default();
        let unsaid = left_out_reason(&unsaid).unwrap_or_default();
        assert!(unsaid.contains("give vehicle.carried"), "{unsaid}");
        assert_eq!(left_out_reason(&apollo()), None);
    }

    #[test]
    fn frequencies_keep_their_channel_digits() {
        assert_eq!(megahertz(121.75e6), "121.75 MHz");
        assert_eq!(megahertz(414.2e6), "414.2 MHz");
        assert_eq!(megahertz(2_265.0e6), "2265 MHz");
    }

    #[test]
    fn complementary_roles() {
        assert_eq!(complement(&[Role::Active]), vec![Role::Passive]);
        assert_eq!(complement(&[Role::Passive]), vec![Role::Active]);
        assert_eq!(
            complement(&[Role::Active, Role::Passive]),
            vec![Role::Passive]
        );
    }
}
