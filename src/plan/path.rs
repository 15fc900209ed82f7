//! Judging one route, leg by leg: each docking, each crossing, the talk
//! between the crews, and the rescuer keeping and carrying the crew home.
//!
//! The legs are built once ([`legs_of`]) and judged by the same rules as
//! `check`, in the same [`Situation`]: `plan` turns each leg's findings into
//! a step of a path; the scenario engine (`check::run_situation_verdicts`)
//! runs a crew's path through the station it is docked at, or through an
//! adapter its rescuer carries, straight into the direction's sink
//! ([`run_path`]), so a transfer through a station is judged exactly as
//! `plan` judges it.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::sync::Arc;

use crate::check::{Selection, VerdictKind, check_situation};
use crate::report::model::Location;
use crate::rules::{
    Context, DOCKED, Environment, FieldRef, Finding, FindingBody, Mode, ModeSet, Phase, Rule,
    RuleDocs, Severity, Sink, registry,
};
use crate::scenario::Situation;
use crate::spec::{Field, Port, Range, Role, Span, Standards, Value, Vehicle, VehicleKind};
use crate::waivers::{FindingKey, Ledger, Waivers};
use uom::si::f64::Mass;

use super::remedy::{PASCALS_PER_PSI, kpa, set_pressure};
use super::{PlanFinding, PlanPath, PlanStep, rank};

/// Phases judged once between the rescuer and the distressed crew.
const END_TO_END: [Phase; 4] = [Phase::Reach, Phase::Contact, Phase::Sustain, Phase::Return];
/// What the rescuer does for the crew once they are aboard, when the talk
/// is judged leg by leg.
const CARRY: [Phase; 3] = [Phase::Reach, Phase::Sustain, Phase::Return];
/// Phases of docking one vehicle to the next.
const DOCKING: [Phase; 2] = [Phase::Approach, Phase::Mate];
/// An adapter is mated on the ground or extracted, not approached.
const MATING: [Phase; 1] = [Phase::Mate];
const CROSSING: [Phase; 1] = [Phase::Transfer];
const TALK: [Phase; 1] = [Phase::Contact];

/// A procedure a leg relies on (a cabin set within its adjustable band, an
/// airlock cycled): reported as a condition of the transfer phase. Not in
/// the registry: no spec field decides it, the path does.
pub static PROCEDURE: Rule = Rule {
    id: "PLAN",
    name: "procedure",
    phase: Phase::Transfer,
    modes: DOCKED,
    default_severity: Severity::Conditional,
    symmetric: false,
    reference: "docs/planning.md (procedures a crossing relies on)",
    summary: "A procedure the crossing relies on",
    docs: RuleDocs {
        what_it_checks: "Procedures a path's crossing relies on: a cabin set within its adjustable_pressure band, an airlock adapter cycled.",
        why_it_blocks: "It does not block; the rescue relies on it.",
        example: "Soyuz 19's cabin lowered to about 10 psia for the ASTP crossing.",
        how_to_resolve: "Plan and train the procedure.",
        tolerances: "None: a procedure is a condition the path relies on, not a comparison.",
    },
    check: |_, _| {},
};

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
/// (named by vehicle id) and fingerprint as `check` reports them, marked
/// when a waiver accepts it. When the rescuer is a carried stack, its
/// fields are located in the spec each was written in (`carried`).
fn plan_finding(
    judge: &StepJudge<'_>,
    f: &Finding,
    rescuer: &Vehicle,
    distressed: &Vehicle,
    carried: Option<&Carried<'_>>,
) -> PlanFinding {
    use crate::report::model::{Labelled, Parties};
    let (r, d) = (Labelled::new(rescuer, "A"), Labelled::new(distressed, "B"));
    let report = crate::report::model::finding_report(
        Parties {
            rescuer: r,
            distressed: d,
            known: &[r, d],
            scenario: None,
        },
        f,
    );
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
        record: f.body.record.clone(),
        reads_restricted: f.reads_restricted,
        waived,
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
            .any(|held| docks_actively((held_by, carrier.kind), (held, adapter.kind), standards))
    })
}

/// Whether `active` can play the active role against `passive`, whose
/// standard it mates.
fn docks_actively(
    (active, active_kind): (&Port, VehicleKind),
    (passive, passive_kind): (&Port, VehicleKind),
    standards: &Standards,
) -> bool {
    let plays = |p: &Port, partner: VehicleKind, role: Role| {
        p.roles_against(partner)
            .get()
            .is_some_and(|r| r.contains(&role))
    };
    plays(active, passive_kind, Role::Active)
        && plays(passive, active_kind, Role::Passive)
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
            .any(|passive| docks_actively((active, chaser.kind), (passive, target.kind), standards))
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
#[derive(Clone, Copy)]
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

/// What a leg judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LegKind {
    /// One vehicle docks to the next.
    Docking,
    /// The crew crosses from `far` into `near`.
    Crossing,
    /// Two talkers of the path (the crews, a station between them) talk.
    Talk,
    /// The rescuer keeps and carries the crew home.
    Carry,
}

/// One leg of a path: two vehicles whose interfaces meet, the phases that
/// judge them there, and the procedures the leg relies on.
pub(crate) struct PathLeg<'v> {
    kind: LegKind,
    /// The path's nodes the leg joins (crew move from `far` into `near`).
    near: &'v Vehicle,
    far: &'v Vehicle,
    /// The vehicles the rules see as the rescuer and the distressed one: a
    /// carried stack, a target holding its attitude, a cabin set to a
    /// pressure.
    rescuer: Cow<'v, Vehicle>,
    distressed: Cow<'v, Vehicle>,
    phases: &'static [Phase],
    /// Airlock adapters crossed: the shared-air rules are left out.
    airlocks: Vec<&'v Vehicle>,
    /// Each procedure, and whether it was computed from a value marked
    /// restricted (a share-safe report withholds it).
    procedures: Vec<(String, bool)>,
    carried: Option<Carried<'v>>,
}

impl PathLeg<'_> {
    fn description(&self) -> String {
        match self.kind {
            LegKind::Docking => format!("{} docks to {}", self.rescuer.name, self.distressed.name),
            LegKind::Crossing => {
                let through = if self.airlocks.is_empty() {
                    String::new()
                } else {
                    let names: Vec<&str> = self.airlocks.iter().map(|a| a.name.as_str()).collect();
                    format!(" through the airlock of {}", names.join(", "))
                };
                format!(
                    "crew cross from {} into {}{through}",
                    self.far.name, self.near.name
                )
            }
            LegKind::Talk => format!("{} and {} talk", self.near.name, self.far.name),
            LegKind::Carry if self.phases.contains(&Phase::Contact) => format!(
                "{} and {} talk, and {} keeps and carries the crew home",
                self.near.name, self.far.name, self.near.name
            ),
            LegKind::Carry => format!(
                "{} keeps and carries the crew of {} home",
                self.near.name, self.far.name
            ),
        }
    }

    /// Whether `rule` judges this leg in `mode`.
    fn judges(&self, rule: &Rule, mode: Mode) -> bool {
        self.phases.contains(&rule.phase)
            && rule.modes.contains(&mode)
            // Through an airlock the cabins' air never mixes.
            && (self.airlocks.is_empty() || !SHARED_AIR_RULES.contains(&rule.id))
    }
}

/// Builds the docking leg between `near` (closer to the rescuer) and
/// `far`; `before` is the vehicle before `near` on the path, the carrier
/// of `near` when `near` is an adapter.
fn docking_leg<'v>(
    before: Option<&'v Vehicle>,
    near: &'v Vehicle,
    far: &'v Vehicle,
    env: &Environment,
) -> PathLeg<'v> {
    let leg = |chaser: Cow<'v, Vehicle>, target: Cow<'v, Vehicle>, carried: Option<Carried<'v>>| {
        // An adapter is mated on the ground or extracted, not approached; a
        // vehicle carrying one is.
        let carried_target = carried
            .as_ref()
            .is_some_and(|c| c.party == crate::rules::Party::Distressed);
        let phases: &'static [Phase] = if target.kind == VehicleKind::Adapter && !carried_target {
            &MATING
        } else {
            &DOCKING
        };
        PathLeg {
            kind: LegKind::Docking,
            near,
            far,
            rescuer: chaser,
            distressed: target,
            phases,
            airlocks: Vec::new(),
            procedures: Vec::new(),
            carried,
        }
    };
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
            return leg(
                Cow::Owned(stack),
                Cow::Owned(held_target(far)),
                Some(carried(crate::rules::Party::Rescuer)),
            );
        }
        return leg(
            Cow::Borrowed(far),
            Cow::Owned(stack),
            Some(carried(crate::rules::Party::Distressed)),
        );
    }
    // Who flies: `near` unless it is a station that `far` docks to.
    if !chases(near) && chases(far) {
        leg(Cow::Borrowed(far), Cow::Borrowed(near), None)
    } else {
        leg(Cow::Borrowed(near), Cow::Borrowed(far), None)
    }
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

/// How bad a docked crossing is: (worst severity, count at it).
fn badness(sink: &Sink) -> (Option<Severity>, u32) {
    let worst = Phase::ALL
        .into_iter()
        .filter_map(|p| sink.worst(p, Mode::Docked))
        .max();
    (worst, worst.map_or(0, |w| sink.count(w)))
}

/// The crossing leg: the crew of `far` crossing into `near`, directly or
/// through `airlocks`. When a cabin declares an `adjustable_pressure` band,
/// setting it toward the other cabin is a procedure the crossing may use
/// (Soyuz was lowered to about 0.68 atm for ASTP); it is taken when it
/// makes the crossing better, and reported as a condition.
fn crossing_leg<'v>(
    near: &'v Vehicle,
    far: &'v Vehicle,
    airlocks: Vec<&'v Vehicle>,
    situation: &Situation<'_>,
    env: &Environment,
) -> PathLeg<'v> {
    let mut leg = PathLeg {
        kind: LegKind::Crossing,
        near,
        far,
        rescuer: Cow::Borrowed(near),
        distressed: Cow::Borrowed(far),
        phases: &CROSSING,
        airlocks,
        procedures: Vec::new(),
        carried: None,
    };
    let trial = |leg: &PathLeg<'_>| {
        let mut sink = Sink::counting();
        judge_leg(
            leg,
            situation,
            env,
            crate::rules::all(),
            Mode::Docked,
            &mut sink,
            &mut |_, _| {},
        );
        badness(&sink)
    };
    // The pressure set and the cabin's own come from the specs: a
    // share-safe plan withholds them when restricted.
    let adjustments = [(true, far, near), (false, near, far)].map(|(side_far, this, other)| {
        let ((pascals, current), restricted) = crate::spec::field::reading_restricted(|| {
            let current = this
                .atmosphere
                .pressure
                .get()
                .and_then(|r| r.typical())
                .map(|p| p.0.value);
            (adjusted_pressure(this, other), current)
        });
        (side_far, this, pascals, current, restricted)
    });
    // Trials only when a cabin can be set: a plain crossing is judged once.
    let plain = if adjustments.iter().any(|(_, _, p, _, _)| p.is_some()) {
        trial(&leg)
    } else {
        (None, 0)
    };
    for (side_far, this, pascals, current, restricted) in adjustments {
        let Some(pascals) = pascals else {
            continue;
        };
        let mut changed = this.clone();
        set_pressure(&mut changed, pascals);
        let mut candidate = PathLeg {
            rescuer: leg.rescuer.clone(),
            distressed: leg.distressed.clone(),
            airlocks: leg.airlocks.clone(),
            procedures: Vec::new(),
            ..leg
        };
        if side_far {
            candidate.distressed = Cow::Owned(changed);
        } else {
            candidate.rescuer = Cow::Owned(changed);
        }
        if trial(&candidate) < plain {
            let current = current.unwrap_or(pascals);
            let verb = if pascals < current { "lower" } else { "raise" };
            candidate.procedures.push((
                format!(
                    "{verb} the cabin of {} to {} (about {:.1} psia), within its adjustable_pressure band, before the crossing",
                    this.name,
                    kpa(pascals),
                    pascals / PASCALS_PER_PSI
                ),
                restricted,
            ));
            leg = candidate;
            break;
        }
    }
    for airlock in &leg.airlocks {
        leg.procedures.push((
            format!(
                "cycle the airlock of {}: with both its hatches closed, bring it to each cabin's pressure in turn (its equalization valve and adjustable_pressure band) before opening that cabin's hatch",
                airlock.name
            ),
            false,
        ));
    }
    leg
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

/// The legs of the path through `nodes` (rescuer first, the crew's vehicle
/// last), the crew being aboard `nodes[crew_at]` (the last node when
/// `None`; a station when the crew waits there): each docking up to the
/// crew, each crossing back to the rescuer, the talk between the talkers,
/// and the rescuer keeping and carrying the crew home.
pub(crate) fn legs_of<'v>(
    nodes: &[&'v Vehicle],
    crew_at: Option<usize>,
    situation: &Situation<'_>,
    env: &Environment,
) -> Vec<PathLeg<'v>> {
    let (Some(&rescuer), Some(&distressed)) = (nodes.first(), nodes.last()) else {
        return Vec::new();
    };
    let last = nodes.len().saturating_sub(1);
    let crew_at = crew_at.unwrap_or(last).min(last);
    let mut legs = Vec::new();
    // The dockings that bring the rescuer to the crew (a crew docked at a
    // station is docked there already).
    for i in 0..crew_at {
        if let (Some(&near), Some(&far)) = (nodes.get(i), nodes.get(i + 1)) {
            let before = i.checked_sub(1).and_then(|b| nodes.get(b)).copied();
            legs.push(docking_leg(before, near, far, env));
        }
    }
    // Crossings between cabins the crew passes through; an airlock
    // adapter is crossed, not lived in, so the crossing spans it.
    let mut near = rescuer;
    let mut airlocks: Vec<&Vehicle> = Vec::new();
    for (i, &far) in nodes.iter().enumerate().take(crew_at + 1).skip(1) {
        if is_airlock(far) && i != crew_at {
            airlocks.push(far);
            continue;
        }
        legs.push(crossing_leg(
            near,
            far,
            std::mem::take(&mut airlocks),
            situation,
            env,
        ));
        near = far;
    }
    // A station on the path relays the talk: its crew and intercom sit
    // between the two crews, so contact is judged leg by leg between the
    // talkers (rescuer, stations, the crew). A crew waiting at a station
    // talks through it.
    let talkers: Vec<&Vehicle> = nodes
        .iter()
        .enumerate()
        .take(crew_at + 1)
        .filter(|(i, v)| *i == 0 || *i == crew_at || v.kind == VehicleKind::Station)
        .map(|(_, v)| *v)
        .collect();
    let relayed = talkers.len() > 2 || crew_at != last;
    if relayed {
        for pair in talkers.windows(2) {
            if let [near, far] = pair {
                legs.push(PathLeg {
                    kind: LegKind::Talk,
                    near,
                    far,
                    rescuer: Cow::Borrowed(*near),
                    distressed: Cow::Borrowed(*far),
                    phases: &TALK,
                    airlocks: Vec::new(),
                    procedures: Vec::new(),
                    carried: None,
                });
            }
        }
    }
    legs.push(PathLeg {
        kind: LegKind::Carry,
        near: rescuer,
        far: distressed,
        rescuer: Cow::Borrowed(rescuer),
        distressed: Cow::Borrowed(distressed),
        phases: if relayed { &CARRY } else { &END_TO_END },
        airlocks: Vec::new(),
        procedures: Vec::new(),
        carried: None,
    });
    legs
}

/// Runs the rules of `rules` that judge `leg` in `mode` into `sink`, then
/// the leg's procedures as conditions.
fn judge_leg(
    leg: &PathLeg<'_>,
    situation: &Situation<'_>,
    env: &Environment,
    rules: &[&'static Rule],
    mode: Mode,
    sink: &mut Sink,
    after_rule: &mut dyn FnMut(&'static Rule, &Sink),
) {
    let info = sink.is_collecting().then(|| {
        Arc::new(crate::rules::Leg {
            description: leg.description(),
            vehicles: [
                crate::rules::LegVehicle::of(&leg.rescuer),
                crate::rules::LegVehicle::of(&leg.distressed),
            ],
        })
    });
    sink.record_leg(mode, info);
    let ctx = Context::in_situation(&leg.rescuer, &leg.distressed, *situation, env);
    for rule in rules.iter().copied().filter(|r| leg.judges(r, mode)) {
        sink.begin(rule);
        (rule.check)(&ctx, sink);
        sink.end();
        after_rule(rule, sink);
    }
    for (procedure, restricted) in &leg.procedures {
        sink.begin(&PROCEDURE);
        sink.emit(Severity::Conditional, || {
            FindingBody::new(procedure.clone())
        });
        if *restricted {
            sink.mark_restricted();
        }
        sink.end();
    }
}

/// Judges the path through `nodes` (the crew aboard `nodes[crew_at]`) in
/// `situation` with `rules`, every finding counting for `mode` alone: the
/// via-station transfer of a crew docked at a station, the docked transfer
/// through an adapter the rescuer carries.
#[allow(clippy::too_many_arguments)]
pub(crate) fn run_path(
    nodes: &[&Vehicle],
    crew_at: Option<usize>,
    situation: &Situation<'_>,
    env: &Environment,
    rules: &[&'static Rule],
    mode: Mode,
    sink: &mut Sink,
    after_rule: &mut dyn FnMut(&'static Rule, &Sink),
) {
    for leg in legs_of(nodes, crew_at, situation, env) {
        judge_leg(&leg, situation, env, rules, mode, sink, after_rule);
    }
}

/// The adapter the rescuer carries whose path judges the docked transfer
/// better than the direct docking, if any.
pub(crate) fn best_adapter_path<'a>(
    situation: &Situation<'a>,
    env: &Environment,
    rules: &[&'static Rule],
) -> Option<&'a Vehicle> {
    let mut direct = Sink::counting();
    direct.record_modes(ModeSet::EMPTY.with(Mode::Docked));
    let ctx = Context::in_situation(situation.rescuer, situation.distressed, *situation, env);
    crate::check::run_rules(&ctx, rules, &mut direct, &mut |_, _| {});
    let mut best = (badness(&direct), None);
    for adapter in situation.adapters() {
        let mut trial = Sink::counting();
        run_path(
            &[situation.rescuer, adapter, situation.distressed],
            None,
            situation,
            env,
            rules,
            Mode::Docked,
            &mut trial,
            &mut |_, _| {},
        );
        let score = badness(&trial);
        if score < best.0 {
            best = (score, Some(adapter));
        }
    }
    best.1
}

/// A plan's step from a leg's findings (judged in the docked mode).
fn step_of(judge: &StepJudge<'_>, leg: &PathLeg<'_>, findings: Vec<Finding>) -> PlanStep {
    let (chaser, target) = (leg.rescuer.as_ref(), leg.distressed.as_ref());
    let carried = leg.carried.as_ref();
    let converted: Vec<PlanFinding> = findings
        .iter()
        .map(|f| {
            if std::ptr::eq(f.rule, &PROCEDURE) {
                PlanFinding::procedure(f.body.message.clone(), f.reads_restricted)
            } else {
                plan_finding(judge, f, chaser, target, carried)
            }
        })
        .collect();
    step(
        leg.description(),
        leg.near,
        leg.far,
        leg.phases,
        converted,
        None,
    )
}

/// A step from its findings; its verdict from the worst severity of those
/// not waived, or `direct`'s best-mode verdict for the direct rescue.
fn step(
    description: String,
    from: &Vehicle,
    to: &Vehicle,
    phases: &[Phase],
    findings: Vec<PlanFinding>,
    direct: Option<(VerdictKind, Mode)>,
) -> PlanStep {
    let counted = || findings.iter().filter(|f| f.waived.is_none());
    let (verdict, mode) = direct.unwrap_or_else(|| {
        (
            crate::check::verdict_kind(counted().map(|f| f.severity).max()),
            Mode::Docked,
        )
    });
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

/// Where on the path through `nodes` the situation's crew starts crossing:
/// the station their vehicle is docked at, when the path comes to them
/// through it (the crossing is then the via-station mode); `None` when the
/// path docks to their vehicle.
pub(super) fn crew_station(nodes: &[&Vehicle], situation: &Situation<'_>) -> Option<usize> {
    let station = situation.station()?;
    let before = nodes.len().checked_sub(2)?;
    nodes
        .get(before)
        .is_some_and(|v| std::ptr::eq(*v, station))
        .then_some(before)
}

/// The path through `nodes` (rescuer first, the crew's vehicle last),
/// judged in `situation`: the direct rescue as `check` judges it, a longer
/// path leg by leg (from the station on the path where the situation's crew
/// is docked, when it is).
pub(super) fn path_of(
    nodes: &[&Vehicle],
    situation: &Situation<'_>,
    judge: &StepJudge<'_>,
) -> PlanPath {
    let env = judge.env;
    let mut steps = Vec::new();
    if let [rescuer, distressed] = nodes {
        // The direct rescue is `check`'s direction: the best mode of its
        // findings not waived decides.
        let result = check_situation(situation, env, &judge.base.only(&[]));
        let paired: Vec<(&Finding, PlanFinding)> = result
            .findings
            .iter()
            .map(|f| (f, plan_finding(judge, f, rescuer, distressed, None)))
            .collect();
        let mut counted = result.tally.without_findings();
        for (f, p) in &paired {
            if p.waived.is_none() {
                counted.add(f.rule.phase, f.modes, f.severity);
            }
        }
        let best = result
            .judgement
            .shape()
            .judge(&counted, result.judgement.available)
            .verdict;
        let mode = best.mode;
        let findings = paired
            .into_iter()
            .filter(|(f, _)| f.modes.contains(mode))
            .map(|(_, p)| p)
            .collect();
        let how = match (mode, situation.station()) {
            (Mode::ViaStation, Some(station)) => format!("through {}", station.name),
            _ => "directly".into(),
        };
        steps.push(step(
            format!("{} rescues {} {how}", rescuer.name, distressed.name),
            rescuer,
            distressed,
            &Phase::ALL,
            findings,
            Some((best.kind, mode)),
        ));
    } else {
        // Through the crew's station, the path is the via-station mode.
        let crew_at = crew_station(nodes, situation);
        let mode = if crew_at.is_some() {
            Mode::ViaStation
        } else {
            Mode::Docked
        };
        for leg in legs_of(nodes, crew_at, situation, env) {
            let mut sink = Sink::collecting().with_overrides(judge.base.severities);
            judge_leg(
                &leg,
                situation,
                env,
                crate::rules::all(),
                Mode::Docked,
                &mut sink,
                &mut |_, _| {},
            );
            steps.push(PlanStep {
                mode,
                ..step_of(judge, &leg, sink.into_findings())
            });
        }
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
