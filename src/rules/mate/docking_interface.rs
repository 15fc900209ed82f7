//! MATE-001 docking-interface: some port of each vehicle mates.
//!
//! Two ports mate only when the interface-standards data file
//! (`specs/interface-standards.toml`) lists their standards as mating and
//! one side can play the active role while the other plays the passive one.
//! Androgynous does not mean either role: each port states the roles it can
//! actually play (Crew Dragon and Starliner are documented as active only).
//! Berthing (CBM) mates only with the host's robotic arm and is slow, so it
//! is a condition, not a clean pass. When no pair mates, the finding names
//! the adapter of the library (`Environment::adapters`) that would bridge
//! the two vehicles, or says that none is known.

use crate::rules::helpers::{item_path, named};
use crate::rules::mate::{adapters, pairing};
use crate::rules::{
    Context, DOCKED, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::spec::standards::Operation;
use crate::spec::{Listed, Port, Role, Vehicle, VehicleKind};

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
        what_it_checks: "Every pair of ports, one on each vehicle: whether the interface-standards data file lists their standards as mating, and whether one port can play the active role while the other plays the passive one (against a partner of the other's kind: a port's mission_roles entry for that kind, else its roles). Berthing standards additionally need a robotic arm on one of the two vehicles. A vehicle whose spec says it has no port (`ports = []`) blocks the docked transfer; ports left out of a spec are unknown. A port the scenario's crew vehicle is docked to (distressed.location.port) is taken. An unpressurized rover (`mobility.pressurized = false`) has no cabin to dock to: blocking, and the crews cross in suits (the EVA mode).",
        why_it_blocks: "A docked crew transfer needs a pressurized, structural connection. Ports of different families (IDSS against the Russian probe-and-drogue) cannot connect at all, and two ports of one androgynous standard built for the active role only (Crew Dragon and Starliner) cannot capture each other.",
        example: "Crew Dragon (IDSS, active) against Soyuz MS (SSVP-G4000 probe, active): no pair mates and no adapter in the library bridges IDSS to SSVP, blocking. Crew Dragon against the ISS (IDSS passive at the IDAs): mates.",
        how_to_resolve: "Dock through an adapter that bridges the two standards (the IDA bridges APAS-95 to IDSS; the ASTP Docking Module bridged Apollo probe-and-drogue to APAS-75), give one port the missing role, or transfer the crew by EVA.",
        tolerances: "None: standards and roles are compared as ids of `specs/interface-standards.toml`. Where a port's standard or roles are not given, a docking on record of exactly that port pair decides it; where the standards say no pair mates but a docking of two of the ports is on record, a finding says the data contradict the record (docs/flight-record.md).",
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

/// Whether `port` can play `role` against a partner of kind `partner`
/// (its `mission_roles` for that kind, else its roles).
fn can(port: &Port, partner: VehicleKind, role: Role) -> Option<bool> {
    port.roles_against(partner)
        .get()
        .map(|roles| roles.contains(&role))
}

/// A port with its standard's position in the environment's standards
/// (see [`pairing::port_standards`]).
type IndexedPort<'p> = (&'p Port, Option<usize>);

fn pair_outcome(
    ctx: &Context<'_>,
    (a, a_standard): IndexedPort<'_>,
    (b, b_standard): IndexedPort<'_>,
    a_vehicle: &Vehicle,
    b_vehicle: &Vehicle,
) -> Outcome {
    if a.standard.get().is_none() || b.standard.get().is_none() {
        return Outcome::Unknown;
    }
    // A standard the data file does not list mates with nothing.
    let (Some(sa), Some(sb)) = (a_standard, b_standard) else {
        return Outcome::FamiliesDiffer;
    };
    if ctx.env.standards.mate_at(sa, sb).is_none() {
        return Outcome::FamiliesDiffer;
    }
    let berthing = ctx
        .env
        .standards
        .at(sa)
        .is_some_and(|s| s.operation == Operation::Berthing);
    // Complementary roles, in either assignment. When docking, the active
    // side must be able to fly (a station cannot chase); when berthing, the
    // host's arm moves the visitor and the station's ACBM is the active side.
    let flies = |v: &Vehicle| berthing || v.info.maneuverable.value() != Some(false);
    let assignment = |active: &Port, av: &Vehicle, passive: &Port, pv: &Vehicle| -> Option<bool> {
        match (
            can(active, pv.kind, Role::Active),
            can(passive, av.kind, Role::Passive),
        ) {
            (Some(true), Some(true)) => Some(flies(av)),
            (Some(false), _) | (_, Some(false)) => Some(false),
            _ => None,
        }
    };
    let roles_ok = match (
        assignment(a, a_vehicle, b, b_vehicle),
        assignment(b, b_vehicle, a, a_vehicle),
    ) {
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

/// Names the adapters that would bridge the pair (or says none is known),
/// and the matching mitigation.
fn describe_bridges(bridges: &[adapters::Bridge<'_>]) -> (String, String) {
    if bridges.is_empty() {
        return (
            "no adapter in the library bridges them".into(),
            "no known adapter bridges these standards: build one, or transfer the crew by EVA"
                .into(),
        );
    }
    let names: Vec<String> = bridges
        .iter()
        .map(|b| {
            let side = |p: &Port| {
                p.standard
                    .get()
                    .map(String::as_str)
                    .unwrap_or("?")
                    .to_string()
            };
            format!(
                "{} ({}: {} to {})",
                crate::text::escape_for_terminal(&b.adapter.name),
                crate::text::escape_for_terminal(&b.adapter.id),
                crate::text::escape_for_terminal(&side(b.first_side)),
                crate::text::escape_for_terminal(&side(b.second_side))
            )
        })
        .collect();
    let list = names.join(", ");
    (
        format!("the adapter {list} would bridge them"),
        format!("install or carry the adapter {list}, or transfer the crew by EVA"),
    )
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
    // An open rover's crew rides in EVA suits: there is no cabin to dock to.
    // Both rovers are named when both are open, so both directions agree.
    let open: Vec<Party> = [Party::Rescuer, Party::Distressed]
        .into_iter()
        .filter(|p| ctx.vehicle(*p).is_open_rover())
        .collect();
    if !open.is_empty() {
        out.emit(Severity::Blocking, || {
            let mut names: Vec<String> = open.iter().map(|p| named(ctx, *p)).collect();
            names.sort();
            let message = match names.as_slice() {
                [one] => format!(
                    "{one} is an unpressurized rover: it has no cabin to dock to, and its crew rides in EVA suits"
                ),
                _ => format!(
                    "{} are unpressurized rovers: neither has a cabin to dock to, and their crews ride in EVA suits",
                    names.join(" and ")
                ),
            };
            let mut body = FindingBody::new(message)
                .mitigation("transfer the crew outside, in suits (the EVA mode)");
            for party in &open {
                body = body.field(FieldRef::new(
                    *party,
                    "mobility.pressurized",
                    &ctx.vehicle(*party).mobility.pressurized,
                ));
            }
            body
        });
        return;
    }
    // A vehicle with no port at all (`ports = []`) can be reached only by
    // EVA; one whose ports are not given may or may not dock.
    for party in [Party::Rescuer, Party::Distressed] {
        if ctx.vehicle(party).ports_listed() == Listed::None {
            out.emit(Severity::Blocking, || {
                FindingBody::new(format!(
                    "{} has no docking or berthing port (ports = [])",
                    named(ctx, party)
                ))
                .evidence(Evidence::value("ports", Measure::Count(0)))
                .mitigation("transfer the crew by EVA, or fit a docking port")
            });
            return;
        }
    }
    if r.ports.is_empty() || d.ports.is_empty() {
        let missing = if r.ports.is_empty() {
            Party::Rescuer
        } else {
            Party::Distressed
        };
        out.emit(Severity::Unknown, || {
            FindingBody::new(format!(
                "{} does not list its docking or berthing ports",
                named(ctx, missing)
            ))
            .mitigation("list the vehicle's ports under [[ports]], or write ports = [] for a vehicle that has none")
        });
        return;
    }
    // The best pair; among equals, the one whose port ids sort first as an
    // unordered pair, so that both directions name the same two ports.
    let (r_standards, d_standards) = (
        pairing::port_standards(ctx, Party::Rescuer),
        pairing::port_standards(ctx, Party::Distressed),
    );
    // A port the crew's vehicle is docked to is taken (a scenario names it).
    let (r_taken, d_taken) = (ctx.situation.taken_port(r), ctx.situation.taken_port(d));
    let best = r
        .ports
        .iter()
        .zip(r_standards.iter().copied())
        .enumerate()
        .filter(move |(i, _)| r_taken != Some(*i))
        .map(|(_, a)| a)
        .flat_map(|a| {
            d.ports
                .iter()
                .zip(d_standards.iter().copied())
                .enumerate()
                .filter(move |(i, _)| d_taken != Some(*i))
                .map(move |(_, b)| (a, b))
        })
        .map(|(a, b)| (pair_outcome(ctx, a, b, r, d), a.0, b.0))
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
            FieldRef::new(
                Party::Rescuer,
                item_path("ports", &a.id, &a.roles_path_against(d.kind)),
                a.roles_against(d.kind),
            ),
            FieldRef::new(
                Party::Distressed,
                item_path("ports", &b.id, "standard"),
                &b.standard,
            ),
            FieldRef::new(
                Party::Distressed,
                item_path("ports", &b.id, &b.roles_path_against(r.kind)),
                b.roles_against(r.kind),
            ),
        ]
    };
    if matches!(outcome, Outcome::RolesClash | Outcome::FamiliesDiffer) {
        contradicts_record(ctx, out);
    }
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
        Outcome::Unknown => out.emit_unknown_unless_flown(&flown_docking(ctx, a, b), || {
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
            let bridges = adapters::bridges(&ctx.env.standards, &ctx.env.adapters, r, d);
            let (adapter_text, mitigation) = describe_bridges(&bridges);
            let mut body = FindingBody::new(format!(
                "no port of {} mates with a port of {}: {} against {}; {adapter_text}",
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed),
                describe_ports(r),
                describe_ports(d)
            ))
            .evidence(Evidence::value("rescuer ports", Measure::Text(describe_ports(r))))
            .evidence(Evidence::value("distressed ports", Measure::Text(describe_ports(d))))
            .evidence(Evidence::value("bridging adapter", Measure::Text(adapter_text.clone())))
            .mitigation(mitigation);
            body.fields = port_fields(Party::Rescuer, r);
            body.fields.extend(port_fields(Party::Distressed, d));
            body
        }),
    }
}

/// The flown dockings of exactly ports `a` and `b`, either one the chaser.
fn flown_docking<'v>(ctx: &Context<'v>, a: &Port, b: &Port) -> Vec<&'v crate::record::Event> {
    let (Some(x), Some(y)) = (a.id.get(), b.id.get()) else {
        return Vec::new();
    };
    ctx.env.record.docked(
        crate::record::At::new(ctx.rescuer, x),
        crate::record::At::new(ctx.distressed, y),
    )
}

/// The data say no pair of ports mates, yet the record (bound to these very
/// standards and roles) says a pair docked: the standards file or the
/// record is wrong. A finding of its own, beside the blocker it never lifts.
fn contradicts_record(ctx: &Context<'_>, out: &mut Sink) {
    let (r, d) = (ctx.rescuer, ctx.distressed);
    let Some((a, b, flown)) = r
        .ports
        .iter()
        .flat_map(|a| d.ports.iter().map(move |b| (a, b)))
        .map(|(a, b)| (a, b, flown_docking(ctx, a, b)))
        .find(|(_, _, flown)| !flown.is_empty())
    else {
        return;
    };
    out.emit(Severity::Unknown, || {
        let cited: Vec<String> = flown.iter().map(|e| e.evidence()).collect();
        let mut body = FindingBody::new(format!(
            "the data contradict the flight record: the ports of {} and {} do not mate by the interface standards, yet {} docked to {} ({})",
            named(ctx, Party::Rescuer),
            named(ctx, Party::Distressed),
            crate::text::escape_for_terminal(a.id.get().map(String::as_str).unwrap_or("?")),
            crate::text::escape_for_terminal(b.id.get().map(String::as_str).unwrap_or("?")),
            cited.join("; ")
        ))
        .mitigation("correct the ports' standard or roles, the interface-standards file, or the record: one of them is wrong");
        body.record = flown.iter().map(|e| crate::rules::RecordCitation::of(e)).collect();
        body.fields = vec![
            FieldRef::new(Party::Rescuer, item_path("ports", &a.id, "standard"), &a.standard),
            FieldRef::new(Party::Distressed, item_path("ports", &b.id, "standard"), &b.standard),
        ];
        body
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Environment;
    use crate::rules::mate::pairing::{fixtures, matings};

    fn findings(rescuer: &Vehicle, distressed: &Vehicle) -> Vec<(Severity, String)> {
        let env = Environment::default();
        let ctx = Context::new(rescuer, distressed, &env);
        crate::rules::run_rule(&RULE, &ctx)
            .into_iter()
            .map(|f| (f.severity, f.body.message))
            .collect()
    }

    fn one_port(id: &str, kind: &str, standard: &str, role: &str) -> Vehicle {
        crate::spec::vehicle_from_str(
            &format!("{id}.toml"),
            &format!(
                "format = 1\n[vehicle]\nid = \"{id}\"\nname = \"{id}\"\nkind = \"{kind}\"\nmaneuverable = true\n[[ports]]\nid = \"p\"\nstandard = \"{standard}\"\nroles = [\"{role}\"]\n"
            ),
        )
        .unwrap_or_else(|e| panic!("{id}: {e:?}"))
    }

    // docking.md §20: Dragon docks to the ISS (IDA), Soyuz to the Russian segment.
    #[test]
    fn dragon_and_soyuz_dock_to_the_iss() {
        let iss = fixtures::bundled("iss");
        let dragon = fixtures::bundled("crew-dragon");
        let soyuz = fixtures::bundled("soyuz-ms");
        for (a, b) in [
            (&dragon, &iss),
            (&iss, &dragon),
            (&soyuz, &iss),
            (&iss, &soyuz),
        ] {
            assert!(findings(a, b).is_empty(), "{} / {}", a.id, b.id);
        }
        // Soyuz reaches only the Russian segment's drogues, Dragon only the IDAs.
        let env = Environment::default();
        for (chaser, standard) in [(&soyuz, "ssvp-g4000"), (&dragon, "idss")] {
            let ctx = Context::new(&iss, chaser, &env);
            let found = matings(&ctx);
            assert!(!found.is_empty(), "{}", chaser.id);
            for m in found {
                assert_eq!(
                    m.target_port.standard.get().map(String::as_str),
                    Some(standard)
                );
                assert_eq!(m.chaser, Party::Distressed, "the station does not chase");
            }
        }
    }

    // docking.md §20: Soyuz and Dragon are of different families and no
    // adapter bridges the Russian probe to IDSS.
    #[test]
    fn soyuz_and_dragon_do_not_dock_and_no_adapter_is_known() {
        let dragon = fixtures::bundled("crew-dragon");
        let soyuz = fixtures::bundled("soyuz-ms");
        for (a, b) in [(&dragon, &soyuz), (&soyuz, &dragon)] {
            let found = findings(a, b);
            assert_eq!(found.len(), 1);
            let (severity, message) = &found[0];
            assert_eq!(*severity, Severity::Blocking);
            assert!(
                message.contains("no adapter in the library bridges them"),
                "{message}"
            );
        }
    }

    /// A bundled vehicle spec, when it exists (more are added in parallel).
    fn if_bundled(id: &str) -> Option<Vehicle> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("specs/vehicles/{id}.toml"));
        path.is_file().then(|| fixtures::bundled(id))
    }

    // docking.md §20 for the vehicles whose specs exist: Starliner docks to
    // the ISS, Shenzhou to Tiangong; cross-family pairs do not dock and the
    // finding names the adapter or says none is known (Apollo and the 1975
    // Soyuz: the ASTP Docking Module).
    #[test]
    fn documented_pairs_when_their_specs_exist() {
        for (a, b) in [("starliner", "iss"), ("shenzhou", "tiangong")] {
            if let (Some(a), Some(b)) = (if_bundled(a), if_bundled(b)) {
                assert!(findings(&a, &b).is_empty(), "{} / {}", a.id, b.id);
                assert!(findings(&b, &a).is_empty(), "{} / {}", b.id, a.id);
            }
        }
        for (a, b, adapter) in [
            ("shenzhou", "iss", "no adapter in the library bridges them"),
            (
                "shenzhou",
                "crew-dragon",
                "no adapter in the library bridges them",
            ),
            (
                "soyuz-ms",
                "starliner",
                "no adapter in the library bridges them",
            ),
            ("apollo-csm-1975", "soyuz-7k-tm-1975", "astp-docking-module"),
        ] {
            if let (Some(a), Some(b)) = (if_bundled(a), if_bundled(b)) {
                for (x, y) in [(&a, &b), (&b, &a)] {
                    let found = findings(x, y);
                    assert!(
                        found
                            .iter()
                            .any(|(s, m)| *s == Severity::Blocking && m.contains(adapter)),
                        "{} / {}: {found:?}",
                        x.id,
                        y.id
                    );
                }
            }
        }
    }

    // The IDA bridges APAS-95 to IDSS; the ASTP Docking Module bridged the
    // Apollo probe to APAS-75.
    #[test]
    fn names_the_adapter_that_bridges() {
        let dragon = fixtures::bundled("crew-dragon");
        let pma = one_port("pma", "station", "apas-95", "passive");
        let found = findings(&dragon, &pma);
        assert!(
            found
                .iter()
                .any(|(s, m)| *s == Severity::Blocking && m.contains("(ida: idss to apas-95)")),
            "{found:?}"
        );
        let apollo = one_port("apollo", "capsule", "apollo-probe-drogue", "active");
        let soyuz_1975 = one_port("soyuz-1975", "capsule", "apas-75", "active");
        let found = findings(&soyuz_1975, &apollo);
        assert!(
            found
                .iter()
                .any(|(_, m)| m.contains("(astp-docking-module: apas-75 to apollo-probe-drogue)")),
            "{found:?}"
        );
    }
}
