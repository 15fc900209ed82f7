//! RETURN-003 seat-liners: a rescuer with per-person seat liners needs one
//! for each rescued crew member.
//!
//! Soyuz (Kazbek) and Crew Dragon seats take a liner moulded to one person.
//! When Soyuz MS-22 was damaged in 2023, NASA moved Frank Rubio's seat liner
//! from the Soyuz into the Crew-5 Dragon so that he could return in it in an
//! emergency: feasible, on condition the liner is moved.

use crate::rules::helpers::named;
use crate::rules::{
    ANY_MODE, Context, FieldRef, FindingBody, Party, Phase, Rule, RuleDocs, Severity, Sink,
};
use crate::spec::SeatLiners;

pub static RULE: Rule = Rule {
    id: "RETURN-003",
    name: "seat-liners",
    phase: Phase::Return,
    modes: ANY_MODE,
    default_severity: Severity::Conditional,
    symmetric: false,
    reference: "SPO-MS22 (Soyuz MS-22 contingency: Rubio's seat liner moved to Crew Dragon, 2023); docking.md §19, §22",
    summary: "Where the rescuer's seats take per-person liners, each rescued crew member's liner must be moved or made",
    docs: RuleDocs {
        what_it_checks: "The rescuer's crew.seat_liners. Per-person liners: conditional, the rescued crew's own liners must be moved into the rescuer (when the distressed vehicle has per-person liners too, or a scenario says they are moved: transfer.seat_liners_moved) or liners made and brought (a scenario's rescuer.carries.seat_liners, one per rescued crew member). Universal seats: no finding. Not given: unknown. No crew to rescue: no finding. Not applicable when the rescuer is a rover or a habitat: liners protect against launch and landing loads, which a rover's seats never see and a habitat has no seats for.",
        why_it_blocks: "A moulded liner spreads landing loads over one body; without one that fits, a crew member rides a seat not shaped for them.",
        example: "Soyuz MS crew returning in Crew Dragon: conditional on moving their Kazbek liners, as done for Soyuz MS-22 in 2023.",
        how_to_resolve: "Move each rescued crew member's liner into the rescuer's seat before undocking (adapters may be needed), or bring liners made for them.",
        tolerances: "None: liner policies are words.",
    },
    check,
};

fn check(ctx: &Context<'_>, out: &mut Sink) {
    if crate::rules::helpers::seats_bear_no_flight_loads(ctx.rescuer) {
        out.not_applicable();
        return;
    }
    let r = &ctx.rescuer.crew;
    let d = &ctx.distressed.crew;
    let fields = |body: FindingBody| {
        body.field(FieldRef::new(
            Party::Rescuer,
            "crew.seat_liners",
            &r.seat_liners,
        ))
        .field(FieldRef::new(
            Party::Distressed,
            "crew.seat_liners",
            &d.seat_liners,
        ))
    };
    match r.seat_liners.value() {
        Some(SeatLiners::Universal) => {}
        None => out.emit(Severity::Unknown, || {
            fields(FindingBody::new(format!(
                "{} does not say whether its seats need per-person liners",
                named(ctx, Party::Rescuer)
            )))
            .mitigation("give crew.seat_liners")
        }),
        Some(SeatLiners::PerPerson) => {
            let situation = &ctx.situation;
            if situation.crew_to_rescue().value() == Some(0) {
                return;
            }
            let moved = situation.liners_moved();
            let carried = situation.carried_liners();
            let enough_carried = match (
                carried.and_then(|c| c.value()),
                situation.crew_to_rescue().value(),
            ) {
                (Some(n), Some(crew)) => n >= crew,
                _ => false,
            };
            out.emit(Severity::Conditional, || {
                let own = d.seat_liners.value() == Some(SeatLiners::PerPerson);
                let how = if moved.and_then(|m| m.value()) == Some(true) {
                    Liners::Moved
                } else if enough_carried {
                    Liners::Carried
                } else if own {
                    Liners::MustMove
                } else {
                    Liners::MustMake
                };
                fields(FindingBody::new(format!(
                    "the seats of {} take per-person liners: {}",
                    named(ctx, Party::Rescuer),
                    match how {
                        Liners::Moved => format!(
                            "the crew of {} has its liners moved across",
                            named(ctx, Party::Distressed)
                        ),
                        Liners::Carried => format!(
                            "liners made for the crew of {} are carried up",
                            named(ctx, Party::Distressed)
                        ),
                        Liners::MustMove => format!(
                            "the crew of {} must bring their own liners across",
                            named(ctx, Party::Distressed)
                        ),
                        Liners::MustMake => format!(
                            "liners for the crew of {} must be made and brought",
                            named(ctx, Party::Distressed)
                        ),
                    }
                )))
                .fields_from(moved.map(|m| m.field_ref()))
                .fields_from(carried.map(|c| c.field_ref()))
                .mitigation(match how {
                    Liners::Moved | Liners::MustMove => "move each rescued crew member's seat liner into the rescuer before undocking (done from Soyuz MS-22 to Soyuz MS-23, and to Crew Dragon, in 2023)",
                    Liners::Carried | Liners::MustMake => "fit the seat liner made for each rescued crew member before undocking",
                })
            })
        }
    }
}

/// How the rescued crew's liners reach the rescuer's seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Liners {
    /// The scenario says their own are moved.
    Moved,
    /// The scenario's rescuer carries liners made for them.
    Carried,
    /// Their own must be moved (their vehicle uses per-person liners too).
    MustMove,
    /// Liners must be made for them.
    MustMake,
}
