//! REACH-003 time-to-arrive: the rescuer arrives before the crew's time
//! runs out.
//!
//! The time to arrive is the rescuer's readiness (call-up to launch), the
//! wait for a launch window into the crew's plane, the rendezvous and the
//! leak checks before the hatch opens, each from the rescuer's `[reach]`
//! table. Shenzhou's standby ship is ready in 8.5 to 9 days (SZSTBY22);
//! Soyuz MS-23 took 44 days from the decision to launch (MS23). The crew's
//! time is the scenario's wait, else what the place they wait in sustains.

use std::f64::consts::TAU;

use uom::si::f64::Time;
use uom::si::time::second;

use super::direct_ascent::{SiteAnswer, site_answer};
use super::{CrewTime, crew_time, days, launch_sites, target};
use crate::physics::arrival::{ArrivalStep, ArrivalVerdict, TimeToArrive, format_duration};
use crate::physics::orbit::EARTH_ROTATION_RAD_PER_S;
use crate::rules::helpers::named;
use crate::rules::{
    ANY_MODE, Context, Evidence, FieldRef, FindingBody, Party, Phase, Rule, RuleDocs, Severity,
    Sink,
};
use crate::spec::LaunchSites;

pub static RULE: Rule = Rule {
    id: "REACH-003",
    name: "time-to-arrive",
    phase: Phase::Reach,
    modes: ANY_MODE,
    default_severity: Severity::Blocking,
    symmetric: false,
    reference: "reach.md §5-§6 and REACH-004 of §11.5 (SZSTBY22, MS23, STS3XX, EN-MS17)",
    summary: "The rescuer arrives (readiness, launch window, rendezvous, hatch) before the crew's time runs out",
    docs: RuleDocs {
        what_it_checks: "The rescuer's time to arrive: reach.readiness + the wait for a launch window + reach.rendezvous + reach.dock_to_hatch (typical values), against the crew's time: the scenario's distressed.wait, else the station's reach.safe_haven_endurance when the crew waits at a station, else their vehicle's reach.free_flight_endurance. The launch window is bounded by one sidereal day (the Earth turns a site through any plane it reaches at least once a day) when a launch site of the rescuer reaches the plane; unknown otherwise. Blocking when the known steps alone exceed the crew's time; unknown, naming the fields, when a step or the crew's time is not known and could decide it; advisory, showing the arrival and the margin, when it fits.",
        why_it_blocks: "A rescuer that arrives after the crew's air, water or lifeboat has run out rescues no one.",
        example: "Shenzhou's standby ship (ready in 8.5 to 9 d, 6.5 h rendezvous, 96 min to the hatch) arrives in about 9.9 d. Soyuz MS (44 d readiness as for MS-23) at the ISS arrives in about 45.3 d, within the 80 d the station sustains two crews: advisory.",
        how_to_resolve: "Keep a vehicle on standby (China's 'one launch, one backup'), fly a faster rendezvous profile, or extend what the crew's location sustains.",
        tolerances: "None: durations are added as published; the launch window is taken at its one-day bound.",
    },
    check,
};

/// The evidence label of the trip home (undock to landing).
pub const RETURN_LABEL: &str = "return (undock to landing)";

/// The longest wait for a site to pass under a plane it reaches: one
/// sidereal day.
fn sidereal_day() -> Time {
    Time::new::<second>(TAU / EARTH_ROTATION_RAD_PER_S)
}

/// Field references for the unknown steps.
fn step_fields(ctx: &Context<'_>, unknown: &[ArrivalStep]) -> Vec<FieldRef> {
    let reach = &ctx.rescuer.reach;
    unknown
        .iter()
        .map(|step| match step {
            ArrivalStep::Readiness => {
                FieldRef::new(Party::Rescuer, "reach.readiness", &reach.readiness)
            }
            ArrivalStep::LaunchWindow => {
                FieldRef::new(Party::Rescuer, "reach.launch_sites", &reach.launch_sites)
            }
            ArrivalStep::Rendezvous => {
                FieldRef::new(Party::Rescuer, "reach.rendezvous", &reach.rendezvous)
            }
            ArrivalStep::DockToHatch => {
                FieldRef::new(Party::Rescuer, "reach.dock_to_hatch", &reach.dock_to_hatch)
            }
        })
        .collect()
}

/// Each known step in days, then the trip home after the arrival (not part
/// of the sum; the report's timeline shows it).
fn step_evidence(ctx: &Context<'_>, steps: &TimeToArrive) -> Vec<Evidence> {
    let mut evidence: Vec<Evidence> = steps
        .steps()
        .into_iter()
        .filter_map(|(step, t)| t.map(|t| Evidence::value(step.label().to_string(), days(t))))
        .collect();
    if let Some(t) = ctx
        .rescuer
        .reach
        .undock_to_landing
        .value()
        .and_then(|r| r.typical())
    {
        evidence.push(Evidence::value(RETURN_LABEL, days(t)));
    }
    evidence
}

/// The rescuer's arrival steps toward `target`.
pub(crate) fn arrival(ctx: &Context<'_>, target: &super::Target<'_>) -> TimeToArrive {
    let sites = LaunchSites::bundled();
    let in_plane = target.inclination().is_some_and(|i| {
        launch_sites(ctx.rescuer, sites).is_some_and(|mut list| {
            list.any(|(id, site)| {
                matches!(
                    site_answer(sites, id, site, i, ctx.rescuer),
                    SiteAnswer::Reaches
                )
            })
        })
    });
    ctx.rescuer
        .reach
        .time_to_arrive(in_plane.then(sidereal_day))
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let Some(target) = target(ctx) else {
        out.not_applicable();
        return;
    };
    let steps = arrival(ctx, &target);
    let crew = crew_time(ctx, &target);
    let (time_left, crew_field, source) = match crew {
        CrewTime::Known(t, field, source) => (t, field, source),
        CrewTime::Unknown(fields) => {
            out.emit(Severity::Unknown, || {
                let mut body = FindingBody::new(format!(
                    "{} arrives in {}; how long the crew can wait at {} is not known",
                    named(ctx, Party::Rescuer),
                    steps,
                    target.name()
                ))
                .evidence(Evidence::value("time to arrive", days(steps.known_total())))
                .mitigation(
                    "give the scenario's distressed.wait, or what the crew's location sustains",
                );
                body.evidence.extend(step_evidence(ctx, &steps));
                body.fields = fields;
                body.fields.extend(step_fields(ctx, &steps.unknown()));
                body
            });
            return;
        }
    };
    let Some(verdict) = steps.against(time_left) else {
        out.not_applicable();
        return;
    };
    let (severity, margin) = match &verdict {
        ArrivalVerdict::InTime { margin } => (Severity::Advisory, *margin),
        ArrivalVerdict::TooLate { short_by, .. } => (Severity::Blocking, -*short_by),
        ArrivalVerdict::Undetermined {
            left_for_unknown, ..
        } => (Severity::Unknown, *left_for_unknown),
    };
    out.emit(severity, || {
        let unknown = match &verdict {
            ArrivalVerdict::TooLate { unknown, .. }
            | ArrivalVerdict::Undetermined { unknown, .. } => unknown.clone(),
            ArrivalVerdict::InTime { .. } => Vec::new(),
        };
        let outcome = match severity {
            Severity::Blocking => format!("too late by {}", format_duration(-margin)),
            Severity::Unknown => format!(
                "{} left for the steps not known",
                format_duration(margin)
            ),
            _ => format!("in time, {} to spare", format_duration(margin)),
        };
        let mut body = FindingBody::new(format!(
            "{} arrives in {}, against {} ({}) for the crew at {}: {outcome}",
            named(ctx, Party::Rescuer),
            steps,
            format_duration(time_left),
            source,
            target.name()
        ))
        .evidence(Evidence::value("time to arrive", days(steps.known_total())))
        .evidence(Evidence::limit("crew's time", days(time_left)))
        .evidence(Evidence::margin("time", days(margin)))
        .field(crew_field);
        body.fields.extend(step_fields(ctx, &unknown));
        body.evidence.extend(step_evidence(ctx, &steps));
        if severity == Severity::Blocking {
            body.mitigation(
                "keep a rescuer on standby, fly a faster rendezvous profile, or extend what the crew's location sustains",
            )
        } else if severity == Severity::Unknown {
            body.mitigation("give the rescuer's missing reach figures")
        } else {
            body
        }
    });
}
