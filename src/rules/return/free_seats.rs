//! RETURN-001 free-seats: the rescuer has a seat for every rescued crew
//! member.
//!
//! Free seats are the seats fitted less the rescuer's own crew, as the
//! scenario flies it. A shortfall that fitting seats (Crew Dragon is
//! designed for seven but flies four) or launching the rescuer with fewer
//! crew would make up is a condition: Soyuz MS-23 (2023) and Shenzhou-22
//! (2025) flew up uncrewed to bring a crew home, Crew-9 (2024) flew two
//! seats empty. Fewer crew is a remedy only as far as the vehicle flies
//! with fewer (its minimum crew, whether it flies uncrewed). Only when not
//! even an empty, fully fitted rescuer seats the crew does it block.

use crate::rules::helpers::{can_fly_with, crew_reason, named};
use crate::rules::{
    ANY_MODE, Context, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};

pub static RULE: Rule = Rule {
    id: "RETURN-001",
    name: "free-seats",
    phase: Phase::Return,
    modes: ANY_MODE,
    default_severity: Severity::Blocking,
    symmetric: false,
    reference: "docking.md §19 (seats) and §22 (Soyuz MS-22, Starliner CFT cases)",
    summary: "The rescuer has a free seat for every crew member it rescues",
    docs: RuleDocs {
        what_it_checks: "The seats fitted in the rescuer less the crew it flies (a scenario's rescuer.seats and rescuer.crew, else its crew.seats and crew.nominal), against the crew to rescue (a scenario's distressed.crew, else the distressed vehicle's crew.nominal). A shortfall is conditional when fitting seats up to max_seats, or launching the rescuer with fewer crew, would seat the crew, and the vehicle flies with that crew (crew.flies_uncrewed for none, crew.minimum for fewer); unknown when the spec does not say whether it can; blocking when not even an empty, fully fitted rescuer would seat them.",
        why_it_blocks: "A crew member without a seat cannot ride a capsule through entry and landing loads.",
        example: "A Crew Dragon flying 2 crew with 4 seats brings home 2. Soyuz MS (3 seats, crew of 3) has no free seat for a crew of 3: conditional on launching it uncrewed, as Soyuz MS-23 did in 2023. Soyuz MS cannot bring home a crew of 4 at all: blocking.",
        how_to_resolve: "Fly the rescuer with fewer crew (Crew-9 flew two of four seats empty in 2024), fit more seats up to the vehicle's maximum, or bring the crew home in more than one vehicle.",
    },
    check,
};

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let situation = &ctx.situation;
    let r = ctx.rescuer;
    let (seats, own, crew) = (
        situation.seats_fitted(),
        situation.rescuer_crew(),
        situation.crew_to_rescue(),
    );
    let fields = || vec![seats.field_ref(), own.field_ref(), crew.field_ref()];
    let (Some(fitted), Some(flown), Some(needed)) = (seats.value(), own.value(), crew.value())
    else {
        out.emit(Severity::Unknown, || {
            let mut body = FindingBody::new(format!(
                "cannot count free seats: the seats of {} or a crew is not given",
                named(ctx, Party::Rescuer)
            ))
            .mitigation("give crew.seats and crew.nominal for both vehicles, or the scenario's rescuer.seats, rescuer.crew and distressed.crew");
            body.fields = fields();
            body
        });
        return;
    };
    let free = (i64::from(fitted) - i64::from(flown)).max(0);
    let needed = i64::from(needed);
    if free >= needed {
        return;
    }
    let short = needed - free;
    let (own, fitted) = (i64::from(flown), i64::from(fitted));
    let max = r
        .crew
        .max_seats
        .value()
        .map(i64::from)
        .unwrap_or(fitted)
        .max(fitted);
    // The crew the rescuer would fly with for the rescued crew to fit in
    // `seats`: none below zero, and only a crew it can fly with.
    let crew_for = |seats: i64| u32::try_from((seats - needed).min(own)).ok();
    let remedies = [
        (
            Remedy::FitSeats,
            (max - own >= needed).then_some(Some(true)),
        ),
        (
            Remedy::FewerCrew,
            crew_for(fitted).map(|c| can_fly_with(r, c)),
        ),
        // Only when fitting seats alone would not do.
        (
            Remedy::FitSeatsAndFewerCrew,
            crew_for(max)
                .filter(|_| own + needed > max)
                .map(|c| can_fly_with(r, c)),
        ),
    ];
    // The remedies known to work, else those that might (no allocation:
    // a fleet matrix runs this for most cells).
    let with = |answer: Option<bool>| remedies.map(|(r, ok)| (ok == Some(answer)).then_some(r));
    let (sure, unsure) = (with(Some(true)), with(None));
    let (severity, offered) = if sure.iter().any(Option::is_some) {
        (Severity::Conditional, sure)
    } else if unsure.iter().any(Option::is_some) {
        (Severity::Unknown, unsure)
    } else {
        (Severity::Blocking, [Some(Remedy::None), None, None])
    };
    out.emit(severity, || {
        let mut body = FindingBody::new(format!(
            "{} has {} free seat(s) for a crew of {}: short by {}",
            named(ctx, Party::Rescuer),
            free,
            needed,
            short
        ))
        .evidence(Evidence::value("free seats", Measure::Count(free)))
        .evidence(Evidence::limit("crew to rescue", Measure::Count(needed)))
        .evidence(Evidence::margin("seats", Measure::Count(free - needed)));
        body.fields = fields();
        if r.crew.max_seats.is_written() {
            body.fields
                .push(FieldRef::new(Party::Rescuer, "crew.max_seats", &r.crew.max_seats));
        }
        let reason = |seats: i64| crew_for(seats).map(|c| crew_reason(r, c)).unwrap_or_default();
        body.fields
            .push(FieldRef::new(Party::Rescuer, "crew.flies_uncrewed", &r.crew.flies_uncrewed));
        body.fields
            .push(FieldRef::new(Party::Rescuer, "crew.minimum", &r.crew.minimum));
        let texts: Vec<String> = offered
            .iter()
            .flatten()
            .map(|remedy| match remedy {
                Remedy::FitSeats => format!(
                    "fit {short} more seat(s) (the vehicle takes up to {max})"
                ),
                Remedy::FewerCrew => format!(
                    "launch the rescuer with {short} fewer crew ({}), as Soyuz MS-23 (2023) and Shenzhou-22 (2025) flew up uncrewed and Crew-9 (2024) with two seats empty",
                    reason(fitted)
                ),
                Remedy::FitSeatsAndFewerCrew => format!(
                    "fit seats up to the vehicle's {max} and launch the rescuer with {} fewer crew ({})",
                    own + needed - max,
                    reason(max)
                ),
                Remedy::None => format!(
                    "bring the crew home in more than one vehicle: the rescuer seats at most {max}, and flies with no fewer than its crew allows"
                ),
            })
            .collect();
        body.mitigation(texts.join(", or "))
    });
}

/// What would free enough seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Remedy {
    /// Fit seats up to the vehicle's maximum.
    FitSeats,
    /// Launch the rescuer with fewer crew (or uncrewed).
    FewerCrew,
    /// Both.
    FitSeatsAndFewerCrew,
    /// Not even an empty, fully fitted rescuer seats the crew.
    None,
}
