//! REACH-004 trip-endurance: the rescuer can fly free with a crew aboard
//! for as long as the trip needs, and stay docked.
//!
//! A capsule flies free only for days: Starliner's 60 h, Soyuz's "about
//! four days", Shenzhou's five days of supplies. The rescuer's own crew
//! lives in it from launch to docking, and the rescued crew from undocking
//! to landing; while docked it draws on its certified docked life.

use uom::si::f64::Time;

use super::{days, target};
use crate::physics::arrival::format_duration;
use crate::rules::helpers::named;
use crate::rules::{
    ANY_MODE, Context, Evidence, FieldRef, FindingBody, Party, Phase, Rule, RuleDocs, Severity,
    Sink,
};

pub static RULE: Rule = Rule {
    id: "REACH-004",
    name: "trip-endurance",
    phase: Phase::Reach,
    modes: ANY_MODE,
    default_severity: Severity::Blocking,
    symmetric: false,
    reference: "reach.md §7-§8 and REACH-005/006 of §11.5 (WP-STL, FAST13, SZ12, NASA-CCP, EN-STMA)",
    summary: "The rescuer's free-flight endurance covers the trips with a crew aboard, and it may stay docked",
    docs: RuleDocs {
        what_it_checks: "The time the rescuer flies free with a crew aboard: its rendezvous (typical) when it flies up with a crew, plus reach.undock_to_landing (typical) on the way home with the rescued crew, against reach.free_flight_endurance; and that reach.docked_endurance is given, since a rescuer waits docked until the crew leaves. Blocking when the trips exceed the free-flight endurance; unknown, naming the fields, when a figure is not given.",
        why_it_blocks: "A capsule whose batteries, air or cooling run out in free flight cannot carry the crew home, however well it docks.",
        example: "Soyuz MS (4 d free flight, 6 h rendezvous, 3.5 h undock to landing, 200 d docked): passes. Crew Dragon: unknown, its undock-to-landing time is not published as a figure.",
        how_to_resolve: "Fly the faster rendezvous profile, or give the missing endurance figures.",
        tolerances: "None: durations are added as published.",
    },
    check,
};

fn check(ctx: &Context<'_>, out: &mut Sink) {
    if target(ctx).is_none() {
        out.not_applicable();
        return;
    }
    let reach = &ctx.rescuer.reach;
    let typical = |f: &crate::spec::Field<crate::spec::values::Range<Time>>| {
        f.value().and_then(|r| r.typical())
    };
    let crewed_up = ctx.situation.rescuer_crewed();
    let mut missing: Vec<FieldRef> = Vec::new();
    let up = match crewed_up {
        Some(false) => Some(Time::new::<uom::si::time::second>(0.0)),
        Some(true) => typical(&reach.rendezvous),
        None => None,
    };
    if up.is_none() {
        if crewed_up.is_none() {
            missing.push(ctx.situation.rescuer_crew().field_ref());
        } else {
            missing.push(FieldRef::new(
                Party::Rescuer,
                "reach.rendezvous",
                &reach.rendezvous,
            ));
        }
    }
    let down = typical(&reach.undock_to_landing);
    if down.is_none() {
        missing.push(FieldRef::new(
            Party::Rescuer,
            "reach.undock_to_landing",
            &reach.undock_to_landing,
        ));
    }
    let endurance = reach.free_flight_endurance.value();
    if endurance.is_none() {
        missing.push(FieldRef::new(
            Party::Rescuer,
            "reach.free_flight_endurance",
            &reach.free_flight_endurance,
        ));
    }
    if reach.docked_endurance.value().is_none() {
        missing.push(FieldRef::new(
            Party::Rescuer,
            "reach.docked_endurance",
            &reach.docked_endurance,
        ));
    }
    let known: Time = [up, down].into_iter().flatten().sum();
    if let Some(limit) = endurance {
        if known > limit {
            out.emit(Severity::Blocking, || {
                FindingBody::new(format!(
                    "{} flies {} with a crew aboard (up and home), beyond its free-flight endurance of {}",
                    named(ctx, Party::Rescuer),
                    format_duration(known),
                    format_duration(limit)
                ))
                .evidence(Evidence::value("free flight with a crew", days(known)))
                .evidence(Evidence::limit("free-flight endurance", days(limit)))
                .evidence(Evidence::margin("endurance", days(limit - known)))
                .field(FieldRef::new(
                    Party::Rescuer,
                    "reach.free_flight_endurance",
                    &reach.free_flight_endurance,
                ))
                .fields_from(missing.clone())
                .mitigation("fly a faster rendezvous profile, or a rescuer with the endurance")
            });
            return;
        }
    }
    if !missing.is_empty() {
        out.emit(Severity::Unknown, || {
            let mut body = FindingBody::new(format!(
                "cannot say whether {} can carry a crew for the trips and stay docked: figures not given",
                named(ctx, Party::Rescuer)
            ))
            .mitigation("give the rescuer's reach figures named");
            body.fields = missing;
            body
        });
    }
}
