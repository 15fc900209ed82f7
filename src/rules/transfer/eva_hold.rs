//! TRANSFER-008 eva-hold: in an EVA transfer, something holds the two
//! vehicles together, or one of them keeps station beside the other.
//!
//! The crew crosses outside between two vehicles that do not share a
//! passage. Soyuz 4 and 5 (1969) were docked, held by a mechanism with no
//! tunnel, while two cosmonauts crossed outside; otherwise one vehicle
//! keeps station beside the other, an arm grapples it, or a tether joins
//! them. Which one a scenario says (`transfer.eva.hold`, station-keeping
//! when it does not) decides what must be true of the vehicles.

use crate::rules::helpers::named;
use crate::rules::mate::pairing::shared_matings;
use crate::rules::{
    Context, EVA, FieldRef, FindingBody, Party, Phase, Rule, RuleDocs, Severity, Sink,
};
use crate::scenario::file::EvaHold;

pub static RULE: Rule = Rule {
    id: "TRANSFER-008",
    name: "eva-hold",
    phase: Phase::Transfer,
    modes: EVA,
    default_severity: Severity::Blocking,
    symmetric: false,
    reference: "Soyuz 4/5 EVA transfer between docked vehicles with no crew tunnel (1969); scenario transfer.eva.hold (docs/scenarios.md)",
    summary: "In an EVA transfer the vehicles are held together (docked without a passage, grappled, tethered) or one keeps station beside the other",
    docs: RuleDocs {
        what_it_checks: "The way a scenario holds the two vehicles during an EVA crossing (transfer.eva.hold; station-keeping when not given) and what it needs: station-keeping, a vehicle that flies itself (vehicle.maneuverable on the rescuer, else on the crew's vehicle): conditional, blocking when neither flies, unknown when not given; arm-grapple, a robotic arm on either vehicle (vehicle.berthing_arm): conditional, blocking when neither has one, unknown when not given; tether, a tether the rescuer carries (rescuer.carries.eva_equipment): conditional, unknown when the scenario does not say one is carried; docked, ports that mate (as MATE-001 judges them, passage or not): no finding, blocking when no pair mates, unknown when the ports are not known.",
        why_it_blocks: "A crew member crossing outside needs the other vehicle to stay within reach for the whole crossing: two vehicles drifting apart, or a hold neither vehicle can provide, leave the crew member adrift.",
        example: "Two vehicles whose ports mate but have no tunnel (a mechanism that only holds them, as in 1969), with hold = docked: no finding. A station-keeping hold with a rescuer that cannot fly: blocking.",
        how_to_resolve: "Choose a hold the vehicles support: dock them (even without a passage), grapple with an arm, carry a tether, or have a vehicle that flies keep station.",
        tolerances: "None: the hold and what it needs are facts of the specs and the scenario, not measures.",
    },
    check,
};

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let hold_ref = || ctx.situation.eva_field_ref("hold");
    let (r, d) = (ctx.rescuer, ctx.distressed);
    match ctx.situation.eva_hold() {
        EvaHold::StationKeeping => {
            let flies = [
                (Party::Rescuer, r.info.maneuverable.value()),
                (Party::Distressed, d.info.maneuverable.value()),
            ];
            let keeper = flies
                .iter()
                .find(|(_, f)| *f == Some(true))
                .map(|(p, _)| *p);
            let severity = match keeper {
                Some(_) => Severity::Conditional,
                None if flies.iter().any(|(_, f)| f.is_none()) => Severity::Unknown,
                None => Severity::Blocking,
            };
            out.emit(severity, || {
                let message = match keeper {
                    Some(p) => format!(
                        "nothing holds {} and {} together during the EVA crossing: {} keeps station",
                        named(ctx, Party::Rescuer),
                        named(ctx, Party::Distressed),
                        named(ctx, p)
                    ),
                    None if severity == Severity::Unknown => format!(
                        "whether {} or {} can keep station during the EVA crossing is not given",
                        named(ctx, Party::Rescuer),
                        named(ctx, Party::Distressed)
                    ),
                    None => format!(
                        "neither {} nor {} flies itself, so neither can keep station during the EVA crossing",
                        named(ctx, Party::Rescuer),
                        named(ctx, Party::Distressed)
                    ),
                };
                FindingBody::new(message)
                    .field(FieldRef::new(Party::Rescuer, "vehicle.maneuverable", &r.info.maneuverable))
                    .field(FieldRef::new(Party::Distressed, "vehicle.maneuverable", &d.info.maneuverable))
                    .fields_from(hold_ref())
                    .mitigation(match severity {
                        Severity::Conditional => "keep station within reach for the whole crossing, each crew member tethered to a handhold",
                        Severity::Unknown => "give vehicle.maneuverable",
                        _ => "hold the vehicles together another way: dock, grapple or tether them",
                    })
            });
        }
        EvaHold::ArmGrapple => {
            let arms = [
                (Party::Rescuer, r.info.berthing_arm.value()),
                (Party::Distressed, d.info.berthing_arm.value()),
            ];
            let holder = arms.iter().find(|(_, a)| *a == Some(true)).map(|(p, _)| *p);
            let severity = match holder {
                Some(_) => Severity::Conditional,
                None if arms.iter().any(|(_, a)| a.is_none()) => Severity::Unknown,
                None => Severity::Blocking,
            };
            out.emit(severity, || {
                let message = match holder {
                    Some(p) => format!(
                        "the arm of {} grapples the other vehicle for the EVA crossing",
                        named(ctx, p)
                    ),
                    None if severity == Severity::Unknown => format!(
                        "whether {} or {} has an arm to grapple the other is not given",
                        named(ctx, Party::Rescuer),
                        named(ctx, Party::Distressed)
                    ),
                    None => format!(
                        "neither {} nor {} has an arm to grapple the other",
                        named(ctx, Party::Rescuer),
                        named(ctx, Party::Distressed)
                    ),
                };
                FindingBody::new(message)
                    .field(FieldRef::new(
                        Party::Rescuer,
                        "vehicle.berthing_arm",
                        &r.info.berthing_arm,
                    ))
                    .field(FieldRef::new(
                        Party::Distressed,
                        "vehicle.berthing_arm",
                        &d.info.berthing_arm,
                    ))
                    .fields_from(hold_ref())
                    .mitigation(match severity {
                        Severity::Conditional => {
                            "grapple and hold the other vehicle for the whole crossing"
                        }
                        Severity::Unknown => "give vehicle.berthing_arm",
                        _ => {
                            "hold the vehicles together another way: dock, tether, or keep station"
                        }
                    })
            });
        }
        EvaHold::Tether => {
            let carried = ctx.situation.tether_carried();
            let severity = if carried {
                Severity::Conditional
            } else {
                Severity::Unknown
            };
            out.emit(severity, || {
                FindingBody::new(if carried {
                    format!(
                        "a tether carried by {} holds the two vehicles during the EVA crossing",
                        named(ctx, Party::Rescuer)
                    )
                } else {
                    "the vehicles are to be tethered, but no tether is said to be carried".into()
                })
                .fields_from(hold_ref())
                .mitigation(if carried {
                    "attach the tether to both vehicles before the crossing"
                } else {
                    "say what tether is carried (rescuer.carries.eva_equipment = [\"tether\"])"
                })
            });
        }
        EvaHold::Docked => {
            if !shared_matings(ctx).is_empty() {
                return;
            }
            let known = !r.ports.is_empty() && !d.ports.is_empty();
            out.emit(if known { Severity::Blocking } else { Severity::Unknown }, || {
                FindingBody::new(format!(
                    "{} and {} are to be held docked during the EVA crossing, but no pair of their ports is known to mate",
                    named(ctx, Party::Rescuer),
                    named(ctx, Party::Distressed)
                ))
                .fields_from(hold_ref())
                .mitigation("hold the vehicles together another way (grapple, tether, station-keeping), or give the ports (MATE-001)")
            });
        }
    }
}
