//! MATE-001 docking-interface: some port of each vehicle mates.
//!
//! Two ports mate only when the interface-standards data file
//! (`specs/interface-standards.toml`) lists their standards as mating and
//! one side can play the active role while the other plays the passive one.
//! Androgynous does not mean either role: each port states the roles it can
//! actually play (Crew Dragon and Starliner are documented as active only).
//! Berthing (CBM) mates only with the host's robotic arm and is slow, so it
//! is a condition, not a clean pass.

use crate::rules::helpers::{item_path, named};
use crate::rules::{
    Context, DOCKED, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::spec::standards::Operation;
use crate::spec::{Port, Role, Vehicle};

pub static RULE: Rule = Rule {
    id: "MATE-001",
    name: "docking-interface",
    phase: Phase::Mate,
    modes: DOCKED,
    default_severity: Severity::Blocking,
    symmetric: true,
    reference: "IDSS IDD (interface definition, androgynous roles); docking.md §1, §20 pairwise mating facts",
    summary: "Some port of each vehicle mates: standards that mate, and one active and one passive role",
    docs: RuleDocs {
        what_it_checks: "Every pair of ports, one on each vehicle: whether the interface-standards data file lists their standards as mating, and whether one port can play the active role while the other plays the passive one. Berthing standards additionally need a robotic arm on one of the two vehicles.",
        why_it_blocks: "A docked crew transfer needs a pressurized, structural connection. Ports of different families (IDSS against the Russian probe-and-drogue) cannot connect at all, and two ports of one androgynous standard built for the active role only (Crew Dragon and Starliner) cannot capture each other.",
        example: "Crew Dragon (IDSS, active) against Soyuz MS (SSVP-G4000 probe, active): no pair mates, blocking. Crew Dragon against the ISS (IDSS passive at the IDAs): mates.",
        how_to_resolve: "Dock through an adapter that bridges the two standards (the IDA bridges APAS-95 to IDSS; the ASTP Docking Module bridged Apollo probe-and-drogue to APAS-75), give one port the missing role, or transfer the crew by EVA.",
    },
    check,
};

/// How well one pair of ports mates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Docks,
    Berths,
    Unknown,
    RolesClash,
    FamiliesDiffer,
}

fn can(port: &Port, role: Role) -> Option<bool> {
    port.roles.get().map(|roles| roles.contains(&role))
}

fn pair_outcome(
    ctx: &Context<'_>,
    a: &Port,
    b: &Port,
    a_vehicle: &Vehicle,
    b_vehicle: &Vehicle,
) -> Outcome {
    let (Some(sa), Some(sb)) = (a.standard.get(), b.standard.get()) else {
        return Outcome::Unknown;
    };
    let Some(_mate) = ctx.env.standards.mate(sa, sb) else {
        return Outcome::FamiliesDiffer;
    };
    let berthing = ctx
        .env
        .standards
        .get(sa)
        .is_some_and(|s| s.operation == Operation::Berthing);
    // Complementary roles, in either assignment. When docking, the active
    // side must be able to fly (a station cannot chase); when berthing, the
    // host's arm moves the visitor and the station's ACBM is the active side.
    let flies = |v: &Vehicle| berthing || v.info.maneuverable.value() != Some(false);
    let assignment = |active: &Port, av: &Vehicle, passive: &Port| -> Option<bool> {
        match (can(active, Role::Active), can(passive, Role::Passive)) {
            (Some(true), Some(true)) => Some(flies(av)),
            (Some(false), _) | (_, Some(false)) => Some(false),
            _ => None,
        }
    };
    let roles_ok = match (assignment(a, a_vehicle, b), assignment(b, b_vehicle, a)) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    };
    match roles_ok {
        Some(true) if berthing => Outcome::Berths,
        Some(true) => Outcome::Docks,
        Some(false) => Outcome::RolesClash,
        None => Outcome::Unknown,
    }
}

/// A pair of ports as an unordered key, the same in both directions.
fn pair_key<'p>(a: &'p Port, b: &'p Port) -> [(Option<&'p str>, Option<&'p str>); 2] {
    let (x, y) = (port_key(a), port_key(b));
    if x <= y { [x, y] } else { [y, x] }
}

/// A port's identity for ordering pairs: id, then standard.
fn port_key(port: &Port) -> (Option<&str>, Option<&str>) {
    (
        port.id.get().map(String::as_str),
        port.standard.get().map(String::as_str),
    )
}

fn describe_ports(vehicle: &Vehicle) -> String {
    let list: Vec<String> = vehicle
        .ports
        .iter()
        .map(|p| {
            let standard = p
                .standard
                .get()
                .map(String::as_str)
                .unwrap_or("unknown standard");
            let roles = match p.roles.get() {
                Some(r) if !r.is_empty() => {
                    r.iter().map(|r| r.as_str()).collect::<Vec<_>>().join("/")
                }
                Some(_) => "no role".into(),
                None => "roles unknown".into(),
            };
            format!("{standard} ({roles})")
        })
        .collect();
    let mut unique = list;
    unique.sort();
    unique.dedup();
    unique.join(", ")
}

fn port_fields(party: Party, vehicle: &Vehicle) -> Vec<FieldRef> {
    vehicle
        .ports
        .iter()
        .flat_map(|p| {
            [
                FieldRef::new(party, item_path("ports", &p.id, "standard"), &p.standard),
                FieldRef::new(party, item_path("ports", &p.id, "roles"), &p.roles),
            ]
        })
        .collect()
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let (r, d) = (ctx.rescuer, ctx.distressed);
    if r.ports.is_empty() || d.ports.is_empty() {
        let missing = if r.ports.is_empty() {
            Party::Rescuer
        } else {
            Party::Distressed
        };
        out.emit(Severity::Unknown, || {
            FindingBody::new(format!(
                "{} lists no docking or berthing ports",
                named(ctx, missing)
            ))
            .mitigation("list the vehicle's ports under [[ports]], or state that it has none by checking the EVA mode")
        });
        return;
    }
    // The best pair; among equals, the one whose port ids sort first as an
    // unordered pair, so that both directions name the same two ports.
    let best = r
        .ports
        .iter()
        .flat_map(|a| d.ports.iter().map(move |b| (a, b)))
        .map(|(a, b)| (pair_outcome(ctx, a, b, r, d), a, b))
        .min_by(|(o1, a1, b1), (o2, a2, b2)| (o1, pair_key(a1, b1)).cmp(&(o2, pair_key(a2, b2))));
    let Some((outcome, a, b)) = best else {
        return;
    };
    let pair_fields = || {
        vec![
            FieldRef::new(
                Party::Rescuer,
                item_path("ports", &a.id, "standard"),
                &a.standard,
            ),
            FieldRef::new(Party::Rescuer, item_path("ports", &a.id, "roles"), &a.roles),
            FieldRef::new(
                Party::Distressed,
                item_path("ports", &b.id, "standard"),
                &b.standard,
            ),
            FieldRef::new(
                Party::Distressed,
                item_path("ports", &b.id, "roles"),
                &b.roles,
            ),
        ]
    };
    match outcome {
        Outcome::Docks => {}
        Outcome::Berths => {
            let arm = r.info.berthing_arm.value() == Some(true) || d.info.berthing_arm.value() == Some(true);
            let severity = if arm { Severity::Conditional } else { Severity::Blocking };
            out.emit(severity, || {
                let mut body = FindingBody::new(if arm {
                    format!(
                        "{} and {} can only berth ({}), which needs the host's robotic arm and is unfit for a time-critical evacuation",
                        named(ctx, Party::Rescuer),
                        named(ctx, Party::Distressed),
                        a.standard.get().map(String::as_str).unwrap_or("?")
                    )
                } else {
                    format!(
                        "{} and {} can only berth ({}) and neither carries a berthing arm",
                        named(ctx, Party::Rescuer),
                        named(ctx, Party::Distressed),
                        a.standard.get().map(String::as_str).unwrap_or("?")
                    )
                })
                .mitigation("berth with the host's arm and plan for a slow, crew-intensive egress; prefer a docking port");
                body.fields = pair_fields();
                body
            });
        }
        Outcome::Unknown => out.emit(Severity::Unknown, || {
            let mut body = FindingBody::new(format!(
                "cannot tell whether {} and {} mate: a port's standard or roles are not given",
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed)
            ))
            .mitigation("give each port's standard and the roles it can play");
            body.fields = pair_fields();
            body
        }),
        Outcome::RolesClash => out.emit(Severity::Blocking, || {
            let mut body = FindingBody::new(format!(
                "{} and {} share a docking standard but no pair of ports has one active and one passive side (rescuer: {}; distressed: {})",
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed),
                describe_ports(r),
                describe_ports(d)
            ))
            .evidence(Evidence::value("rescuer ports", Measure::Text(describe_ports(r))))
            .evidence(Evidence::value("distressed ports", Measure::Text(describe_ports(d))))
            .mitigation("give one port the passive role, dock both to a station with passive ports, or transfer the crew by EVA");
            body.fields = pair_fields();
            body
        }),
        Outcome::FamiliesDiffer => out.emit(Severity::Blocking, || {
            let mut body = FindingBody::new(format!(
                "no port of {} mates with a port of {}: {} against {}",
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed),
                describe_ports(r),
                describe_ports(d)
            ))
            .evidence(Evidence::value("rescuer ports", Measure::Text(describe_ports(r))))
            .evidence(Evidence::value("distressed ports", Measure::Text(describe_ports(d))))
            .mitigation("carry an adapter that bridges the two standards, or transfer the crew by EVA");
            body.fields = port_fields(Party::Rescuer, r);
            body.fields.extend(port_fields(Party::Distressed, d));
            body
        }),
    }
}
