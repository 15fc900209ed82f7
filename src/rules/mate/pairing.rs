//! Which ports of a pair mate, and which vehicle chases: shared by the
//! `approach` and `mate` rules that look at one mated pair of ports.
//!
//! Role assignment is MATE-001's: two ports mate when the interface-standards
//! data file lists their standards as mating and one port can play the active
//! role while the other plays the passive one; the active port's vehicle is
//! the chaser and must be able to fly (a station or adapter cannot chase). In
//! a rescue either side may fly to the other: a distressed crew may fly its
//! own vehicle to a station, so the chaser is not always the rescuer.
//!
//! Rules built on a mated pair call [`check_best_mating`]. When no pair of
//! ports mates, or whether one does is unknown, those rules are **not
//! applicable** (MATE-001 reports the blocker or the missing data once,
//! rather than every rule repeating it).

use crate::rules::{Context, Party, Rule, Severity, Sink};
use crate::spec::field::Derived;
use crate::spec::standards::Operation;
use crate::spec::{Port, Role, Vehicle, VehicleKind};

/// One way two ports can mate: who chases with which port.
#[derive(Debug, Clone, Copy)]
pub struct Mating<'a> {
    /// The party whose vehicle flies in with the active port (for a
    /// berthing, the visitor placed by the arm).
    pub chaser: Party,
    pub chaser_port: &'a Port,
    pub target_port: &'a Port,
    /// Berthing (CBM): no closing speed, no approach aids.
    pub berthing: bool,
    /// Whether a crew can pass through the mated ports: false when either
    /// port, or the standard, holds the vehicles together without a
    /// tunnel (a port's own `crew_passage` overrides its standard's).
    pub crew_passage: bool,
}

impl<'a> Mating<'a> {
    pub fn target(&self) -> Party {
        other(self.chaser)
    }
    pub fn chaser_vehicle<'v>(&self, ctx: &Context<'v>) -> &'v Vehicle {
        ctx.vehicle(self.chaser)
    }
    pub fn target_vehicle<'v>(&self, ctx: &Context<'v>) -> &'v Vehicle {
        ctx.vehicle(self.target())
    }

    /// The flown dockings of exactly these two ports, this chaser flying
    /// in, as the specs stand: what decides a capture the data leave
    /// unknown (APPROACH-002, MATE-002).
    pub fn flown_docking<'v>(&self, ctx: &Context<'v>) -> Vec<&'v crate::record::Event> {
        let (Some(chaser), Some(target)) = (self.chaser_port.id.get(), self.target_port.id.get())
        else {
            return Vec::new();
        };
        ctx.env.record.docked_as(
            crate::record::At::new(self.chaser_vehicle(ctx), chaser),
            crate::record::At::new(self.target_vehicle(ctx), target),
        )
    }

    /// The flown crossings of this mated passage made `way`, either port
    /// first: what decides a passage or a hatch the data leave unknown.
    pub fn flown_crossing<'v>(
        &self,
        ctx: &Context<'v>,
        way: crate::record::Way,
    ) -> Vec<&'v crate::record::Event> {
        let (Some(chaser), Some(target)) = (self.chaser_port.id.get(), self.target_port.id.get())
        else {
            return Vec::new();
        };
        ctx.env.record.crossed(
            crate::record::At::new(self.chaser_vehicle(ctx), chaser),
            crate::record::At::new(self.target_vehicle(ctx), target),
            way,
            None,
        )
    }
}

/// The other party of a direction.
pub fn other(party: Party) -> Party {
    match party {
        Party::Rescuer => Party::Distressed,
        Party::Distressed => Party::Rescuer,
    }
}

/// Whether `port` can play `role` against a partner of kind `partner`.
fn can(port: &Port, partner: VehicleKind, role: Role) -> bool {
    port.roles_against(partner)
        .get()
        .is_some_and(|roles| roles.contains(&role))
}

/// Whether a vehicle can fly to another: known not to is the only "no".
pub fn flies(vehicle: &Vehicle) -> bool {
    vehicle.info.maneuverable.value() != Some(false)
}

/// A direction's matings and dockings, each computed on first use: six
/// rules per direction look at them, and a fleet matrix runs millions of
/// directions.
#[derive(Debug, Default)]
pub struct PairingCache<'a> {
    matings: Derived<Vec<Mating<'a>>>,
    dockings: Derived<Vec<Mating<'a>>>,
    /// Each port's standard as a position in the environment's standards,
    /// rescuer's then distressed's ports: resolved once, compared as numbers.
    port_standards: Derived<[Vec<Option<usize>>; 2]>,
}

/// The position of each port's standard in `ctx.env.standards`, in the
/// order of `vehicle.ports` (`None`: standard not given or not listed).
pub fn port_standards<'c>(ctx: &'c Context<'_>, party: Party) -> &'c [Option<usize>] {
    let [rescuer, distressed] = ctx.pairing.port_standards.get_or_init(|| {
        [ctx.rescuer, ctx.distressed].map(|v| {
            v.ports
                .iter()
                .map(|p| {
                    p.standard
                        .get()
                        .and_then(|id| ctx.env.standards.index_of(id))
                })
                .collect()
        })
    });
    match party {
        Party::Rescuer => rescuer,
        Party::Distressed => distressed,
    }
}

/// [`matings`], computed once per [`Context`].
pub fn shared_matings<'c, 'a>(ctx: &'c Context<'a>) -> &'c [Mating<'a>] {
    ctx.pairing.matings.get_or_init(|| matings(ctx))
}

/// [`dockings`], computed once per [`Context`].
pub fn shared_dockings<'c, 'a>(ctx: &'c Context<'a>) -> &'c [Mating<'a>] {
    ctx.pairing.dockings.get_or_init(|| {
        shared_matings(ctx)
            .iter()
            .filter(|m| !m.berthing)
            .copied()
            .collect()
    })
}

/// Most matings the rules built on a mated pair judge per direction: the
/// first in port order (rescuer's ports as chaser first). Each rule scores
/// every candidate to keep the best, so two specs at the 1,000-port limit
/// would otherwise be judged 2,000,000 times per rule; no flown pair comes
/// near 4,096 (64 mating ports a side). docs/spec-format.md, Limits.
pub const MAX_MATINGS: usize = 4096;

/// Every known way the two vehicles' ports mate (both role assignments of
/// each port pair), up to [`MAX_MATINGS`]. Pairs whose standard or roles
/// are unknown are left out.
pub fn matings<'a>(ctx: &Context<'a>) -> Vec<Mating<'a>> {
    let mut out = Vec::new();
    if ctx.rescuer.ports.is_empty() || ctx.distressed.ports.is_empty() {
        return out;
    }
    for (chaser, chaser_vehicle) in [
        (Party::Rescuer, ctx.rescuer),
        (Party::Distressed, ctx.distressed),
    ] {
        let target_vehicle = ctx.vehicle(other(chaser));
        let chaser_standards = port_standards(ctx, chaser);
        let target_standards = port_standards(ctx, other(chaser));
        let (chaser_taken, target_taken) = (
            ctx.situation.taken_port(chaser_vehicle),
            ctx.situation.taken_port(target_vehicle),
        );
        for (ci, (chaser_port, sa)) in chaser_vehicle
            .ports
            .iter()
            .zip(chaser_standards)
            .enumerate()
        {
            if chaser_taken == Some(ci) {
                continue;
            }
            for (ti, (target_port, sb)) in target_vehicle
                .ports
                .iter()
                .zip(target_standards)
                .enumerate()
            {
                if target_taken == Some(ti) {
                    continue;
                }
                let (Some(sa), Some(sb)) = (*sa, *sb) else {
                    continue;
                };
                if ctx.env.standards.mate_at(sa, sb).is_none() {
                    continue;
                }
                let berthing = ctx
                    .env
                    .standards
                    .at(sa)
                    .is_some_and(|s| s.operation == Operation::Berthing);
                if can(chaser_port, target_vehicle.kind, Role::Active)
                    && can(target_port, chaser_vehicle.kind, Role::Passive)
                    && (berthing || flies(chaser_vehicle))
                {
                    let standard_passes = ctx.env.standards.at(sa).is_none_or(|s| s.crew_passage)
                        && ctx.env.standards.at(sb).is_none_or(|s| s.crew_passage);
                    let crew_passage = [chaser_port, target_port]
                        .iter()
                        .all(|p| p.crew_passage.value().unwrap_or(standard_passes));
                    out.push(Mating {
                        chaser,
                        chaser_port,
                        target_port,
                        berthing,
                        crew_passage,
                    });
                    if out.len() >= MAX_MATINGS {
                        return out;
                    }
                }
            }
        }
    }
    out
}

/// Matings in which a chaser flies to contact (berthing left out).
pub fn dockings<'a>(ctx: &Context<'a>) -> Vec<Mating<'a>> {
    matings(ctx).into_iter().filter(|m| !m.berthing).collect()
}

/// Runs `check` on the mating that fares best (fewest and least severe
/// findings) and reports only its findings: a rescue needs one port pair
/// that works, not all of them. Not applicable when none mates.
pub fn check_best_mating(
    ctx: &Context<'_>,
    out: &mut Sink,
    rule: &'static Rule,
    candidates: &[Mating<'_>],
    check: fn(&Context<'_>, &Mating<'_>, &mut Sink),
) {
    // Ties are broken by who chases with which ports, never by the order of
    // the direction, so that symmetric rules pick the same mating both ways.
    // One candidate is the best without scoring it.
    if let [only] = candidates {
        check(ctx, only, out);
        return;
    }
    type Score<'k> = (Option<Severity>, u32, [&'k str; 3], &'k std::path::Path);
    let mut best: Option<(usize, Score<'_>)> = None;
    for (index, mating) in candidates.iter().enumerate() {
        let mut trial = Sink::counting();
        trial.begin(rule);
        check(ctx, mating, &mut trial);
        trial.end();
        let worst = Severity::ALL
            .into_iter()
            .rev()
            .find(|s| trial.count(*s) > 0);
        let total = Severity::ALL.into_iter().map(|s| trial.count(s)).sum();
        let key = [
            mating.chaser_vehicle(ctx).id.as_str(),
            field_id(&mating.chaser_port.id),
            field_id(&mating.target_port.id),
        ];
        // Two copies of one vehicle share an id: their files tell them apart.
        let file = mating.chaser_vehicle(ctx).file.path.as_path();
        let score = (worst, total, key, file);
        if best.is_none_or(|(_, b)| score < b) {
            best = Some((index, score));
        }
    }
    match best.and_then(|(index, _)| candidates.get(index)) {
        Some(mating) => check(ctx, mating, out),
        None => out.not_applicable(),
    }
}

fn field_id(field: &crate::spec::Field<String>) -> &str {
    field.get().map(String::as_str).unwrap_or("")
}

/// Test support: a rule's findings on real pairs (fixtures run in tests/rules.rs).
#[cfg(test)]
pub mod fixtures {
    use std::path::Path;

    use crate::rules::{Context, Environment, Rule, Sink};
    use crate::spec::Vehicle;

    pub fn severities(rule: &'static Rule, rescuer: &Vehicle, distressed: &Vehicle) -> Vec<String> {
        let env = Environment::default();
        let ctx = Context::new(rescuer, distressed, &env);
        let mut sink = Sink::collecting();
        sink.begin(rule);
        (rule.check)(&ctx, &mut sink);
        sink.end();
        let mut out: Vec<String> = sink
            .findings()
            .iter()
            .map(|f| f.severity.as_str().to_string())
            .collect();
        out.sort();
        out
    }

    /// docking.md §20 on the bundled vehicles: Dragon and Soyuz dock to the
    /// ISS, so no rule of this kind blocks them (missing data may leave an
    /// unknown); Soyuz and Dragon do not mate, so the rule is not applicable.
    pub fn real_pairs(rule: &'static Rule) {
        let iss = bundled("iss");
        let dragon = bundled("crew-dragon");
        let soyuz = bundled("soyuz-ms");
        for (a, b) in [
            (&dragon, &iss),
            (&iss, &dragon),
            (&soyuz, &iss),
            (&iss, &soyuz),
        ] {
            let found = severities(rule, a, b);
            assert!(
                !found.iter().any(|s| s == "blocking"),
                "{} / {}: {found:?}",
                a.id,
                b.id
            );
        }
        for (a, b) in [(&dragon, &soyuz), (&soyuz, &dragon)] {
            assert!(severities(rule, a, b).is_empty(), "{} / {}", a.id, b.id);
        }
    }

    pub fn bundled(id: &str) -> Vehicle {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("specs/vehicles/{id}.toml"));
        crate::spec::load_vehicle(&path).unwrap_or_else(|e| panic!("{id}: {e:?}"))
    }
}
