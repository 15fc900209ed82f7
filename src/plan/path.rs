//! Judging one route: each docking, each crossing, and the phases judged
//! end to end between the rescuer and the distressed crew.

use std::cell::RefCell;
use std::collections::BTreeSet;

use crate::check::{Selection, VerdictKind, check_direction};
use crate::report::model::Location;
use crate::rules::{Environment, FieldRef, Finding, Mode, Phase, Severity, Sink, registry};
use crate::spec::{Field, Port, Range, Role, Span, Standards, Value, Vehicle, VehicleKind};
use crate::waivers::{FindingKey, Ledger, Waivers};
use uom::si::f64::Mass;

use super::remedy::{PASCALS_PER_PSI, kpa, set_pressure};
use super::{PlanFinding, PlanPath, PlanStep, rank};

/// Phases judged once between the rescuer and the distressed crew.
const END_TO_END: [Phase; 3] = [Phase::Contact, Phase::Sustain, Phase::Return];
/// Phases of docking one vehicle to the next.
const DOCKING: [Phase; 2] = [Phase::Approach, Phase::Mate];

/// How a route's steps are judged: the environment, the severities a
/// project gives the rules, and the waivers in force, with what they were
/// used for.
pub(super) struct StepJudge<'a> {
    pub env: &'a Environment,
    pub base: &'a Selection,
    pub waivers: Option<&'a Waivers>,
    pub ledger: RefCell<Ledger>,
    /// Fingerprints of the findings waived, once each however many paths
    /// share them.
    pub waived: RefCell<BTreeSet<String>>,
}

impl StepJudge<'_> {
    fn accept(
        &self,
        fingerprint: &str,
        rule: &str,
        ids: [&str; 2],
        fields: &[&str],
    ) -> Option<crate::waivers::WaiverMark> {
        let waivers = self.waivers?;
        let key = FindingKey {
            fingerprint,
            rule,
            rescuer: ids[0],
            distressed: ids[1],
            fields,
        };
        let mark = waivers.accept(&key, &mut self.ledger.borrow_mut());
        if mark.is_some() {
            self.waived.borrow_mut().insert(fingerprint.to_string());
        }
        mark
    }
}

/// A finding of `rescuer` against `distressed`, with its spec locations
/// (named by vehicle id) and fingerprint as `check` reports them. When the
/// rescuer is a carried stack, its fields are located in the spec each was
/// written in (`carried`).
fn plan_finding(
    judge: &StepJudge<'_>,
    f: &Finding,
    rescuer: &Vehicle,
    distressed: &Vehicle,
    carried: Option<&Carried<'_>>,
) -> PlanFinding {
    let report = crate::report::model::finding_report(0, [rescuer, distressed], f);
    let fields: Vec<&str> = report.locations.iter().map(|l| l.field.as_str()).collect();
    let waived = judge.accept(
        &report.fingerprint,
        f.rule.id,
        [&rescuer.id, &distressed.id],
        &fields,
    );
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
        reads_restricted: f.reads_restricted,
        waived,
    }
}

/// Judges a step from its findings. A step of a path through other
/// vehicles is a docked chain, so it is judged in the docked mode from its
/// findings that are not waived (`best` is `None`); the direct rescue keeps
/// `check`'s best-mode verdict (`best`, judged without the waived findings).
/// `findings` pairs each of the part's findings with the plan's, made with
/// the (rescuer, distressed) the part's rules ran with.
fn judged(
    description: String,
    from: &Vehicle,
    to: &Vehicle,
    phases: &[Phase],
    findings: Vec<(&Finding, PlanFinding)>,
    best: Option<crate::check::ModeVerdict>,
) -> PlanStep {
    let mode = best.map_or(Mode::Docked, |b| b.mode);
    let findings: Vec<PlanFinding> = findings
        .into_iter()
        .filter(|(f, _)| f.rule.modes.contains(&mode))
        .map(|(_, p)| p)
        .collect();
    let counted = || findings.iter().filter(|f| f.waived.is_none());
    let verdict = match best {
        Some(best) => best.kind,
        None => crate::check::verdict_kind(counted().map(|f| f.severity).max()),
    };
    let blocking = counted()
        .filter(|f| f.severity == Severity::Blocking)
        .count();
    let conditions = counted()
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

/// Each finding with the plan's (marked when a waiver accepts it).
fn paired<'f>(
    findings: &'f [Finding],
    to_plan: &dyn Fn(&Finding) -> PlanFinding,
) -> Vec<(&'f Finding, PlanFinding)> {
    findings.iter().map(|f| (f, to_plan(f))).collect()
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
    judge: &StepJudge<'_>,
) -> PlanStep {
    let env = judge.env;
    // A carried adapter docks as part of its carrier's stack: the stack
    // flies in when its free port can be the active one, otherwise `far`
    // flies to the stack (a probe into the Docking Module's drogue).
    if let Some(carrier) = before.filter(|c| near.kind == VehicleKind::Adapter && flies_itself(c)) {
        let stack = carried_stack(carrier, near, &env.standards);
        let holder = holding_port(carrier, near, &env.standards);
        let carried = |party| Carried {
            party,
            carrier,
            adapter: near,
            holder,
        };
        if can_chase(&stack, far, &env.standards) || !flies_itself(far) {
            let target = held_target(far);
            let carried = carried(crate::rules::Party::Rescuer);
            return docking_judged(near, far, (&stack, &target), Some(&carried), judge);
        }
        let carried = carried(crate::rules::Party::Distressed);
        return docking_judged(near, far, (far, &stack), Some(&carried), judge);
    }
    // Who flies: `near` unless it is a station that `far` docks to.
    let pair = if !chases(near) && chases(far) {
        (far, near)
    } else {
        (near, far)
    };
    docking_judged(near, far, pair, None, judge)
}

/// Runs the approach and mate phases of `chaser` to `target` for the step
/// between `near` and `far`.
fn docking_judged(
    near: &Vehicle,
    far: &Vehicle,
    (chaser, target): (&Vehicle, &Vehicle),
    carried: Option<&Carried<'_>>,
    judge: &StepJudge<'_>,
) -> PlanStep {
    // An adapter is mated on the ground or extracted, not approached; a
    // vehicle carrying one is.
    let carried_target = carried.is_some_and(|c| c.party == crate::rules::Party::Distressed);
    let docking: Vec<Phase> = if target.kind == VehicleKind::Adapter && !carried_target {
        vec![Phase::Mate]
    } else {
        DOCKING.to_vec()
    };
    let dock = check_direction(chaser, target, judge.env, &judge.base.only(&docking));
    judged(
        format!("{} docks to {}", chaser.name, target.name),
        near,
        far,
        &docking,
        paired(&dock.findings, &|f| {
            plan_finding(judge, f, chaser, target, carried)
        }),
        None,
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
    base: &Selection,
    through_airlock: bool,
) -> Vec<Finding> {
    let ctx = crate::rules::Context::new(near, far, env);
    let mut sink = Sink::collecting().with_overrides(base.severities);
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
    judge: &StepJudge<'_>,
) -> PlanStep {
    let (env, base) = (judge.env, judge.base);
    let through_airlock = !airlocks.is_empty();
    let mut findings = crossing_findings(near, far, env, base, through_airlock);
    let mut procedures: Vec<(String, bool)> = Vec::new();
    for (side_far, this, other) in [(true, far, near), (false, near, far)] {
        // The pressure set and the cabin's own come from the specs: a
        // share-safe plan withholds them when restricted.
        let ((pascals, current), restricted) = crate::spec::field::reading_restricted(|| {
            let pascals = adjusted_pressure(this, other);
            let current = this
                .atmosphere
                .pressure
                .get()
                .and_then(|r| r.typical())
                .map(|p| p.0.value);
            (pascals, current)
        });
        let Some(pascals) = pascals else {
            continue;
        };
        let mut changed = this.clone();
        set_pressure(&mut changed, pascals);
        let trial = if side_far {
            crossing_findings(near, &changed, env, base, through_airlock)
        } else {
            crossing_findings(&changed, far, env, base, through_airlock)
        };
        if badness(&trial) < badness(&findings) {
            findings = trial;
            let current = current.unwrap_or(pascals);
            let verb = if pascals < current { "lower" } else { "raise" };
            procedures.push((
                format!(
                    "{verb} the cabin of {} to {} (about {:.1} psia), within its adjustable_pressure band, before the crossing",
                    this.name,
                    kpa(pascals),
                    pascals / PASCALS_PER_PSI
                ),
                restricted,
            ));
            break;
        }
    }
    for airlock in airlocks {
        procedures.push((
            format!(
                "cycle the airlock of {}: with both its hatches closed, bring it to each cabin's pressure in turn (its equalization valve and adjustable_pressure band) before opening that cabin's hatch",
                airlock.name
            ),
            false,
        ));
    }
    let through = if through_airlock {
        let names: Vec<&str> = airlocks.iter().map(|a| a.name.as_str()).collect();
        format!(" through the airlock of {}", names.join(", "))
    } else {
        String::new()
    };
    let mut step = judged(
        format!("crew cross from {} into {}{through}", far.name, near.name),
        near,
        far,
        &[Phase::Transfer],
        paired(&findings, &|f| plan_finding(judge, f, near, far, None)),
        None,
    );
    for (i, (message, restricted)) in procedures.into_iter().enumerate() {
        let condition = PlanFinding::procedure(message, restricted);
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

pub(super) fn path_of(nodes: &[&Vehicle], judge: &StepJudge<'_>) -> PlanPath {
    let (env, base) = (judge.env, judge.base);
    let mut steps = Vec::new();
    if let [rescuer, distressed] = nodes {
        let direct = check_direction(rescuer, distressed, env, &base.only(&[]));
        let findings = paired(&direct.findings, &|f| {
            plan_finding(judge, f, rescuer, distressed, None)
        });
        // The best mode of the findings not waived, as `check` judges it.
        let mut counted = direct.tally.without_findings();
        for (f, p) in &findings {
            if p.waived.is_none() {
                counted.add(f.rule.phase, f.rule.modes, f.severity);
            }
        }
        let best = direct.judgement.shape().judge(&counted).verdict;
        steps.push(judged(
            format!("{} rescues {} directly", rescuer.name, distressed.name),
            rescuer,
            distressed,
            &Phase::ALL,
            findings,
            Some(best),
        ));
    } else if let (Some(rescuer), Some(distressed)) = (nodes.first(), nodes.last()) {
        for (i, pair) in nodes.windows(2).enumerate() {
            if let [near, far] = pair {
                let before = i.checked_sub(1).and_then(|b| nodes.get(b)).copied();
                steps.push(docking_step(before, near, far, judge));
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
            steps.push(crossing_step(near, far, &airlocks, judge));
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
                    let talk = check_direction(near, far, env, &base.only(&[Phase::Contact]));
                    steps.push(judged(
                        format!("{} and {} talk", near.name, far.name),
                        near,
                        far,
                        &[Phase::Contact],
                        paired(&talk.findings, &|f| plan_finding(judge, f, near, far, None)),
                        None,
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
        let carried = check_direction(rescuer, distressed, env, &base.only(&carry));
        steps.push(judged(
            what,
            rescuer,
            distressed,
            &carry,
            paired(&carried.findings, &|f| {
                plan_finding(judge, f, rescuer, distressed, None)
            }),
            None,
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
        .filter(|f| f.severity == Severity::Unknown && f.waived.is_none())
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
pub(crate) fn path_summary(
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
}
