//! RETURN-001 free-seats: the rescuer has a seat for every rescued crew
//! member.
//!
//! Free seats are the seats installed less the rescuer's own crew. Where the
//! vehicle can be fitted with more seats (Crew Dragon is designed for seven
//! but flies four), the shortfall is a condition: the seats must be fitted
//! or improvised, as Crew-8 did with two positions on a cargo pallet (2024).

use crate::rules::helpers::named;
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
        what_it_checks: "The rescuer's installed seats less its own nominal crew, against the distressed vehicle's nominal crew. When the rescuer can be fitted with more seats (max_seats), a shortfall within that number is conditional.",
        why_it_blocks: "A crew member without a seat cannot ride a capsule through entry and landing loads.",
        example: "Soyuz MS (3 seats, crew of 3) cannot bring home anyone; a Crew Dragon flying 2 crew with 4 seats can bring home 2.",
        how_to_resolve: "Fly the rescuer with fewer crew (Crew-9 flew two of four seats empty in 2024), fit more seats up to the vehicle's maximum, or bring the crew home in more than one vehicle.",
    },
    check,
};

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let r = &ctx.rescuer.crew;
    let d = &ctx.distressed.crew;
    let fields = || {
        vec![
            FieldRef::new(Party::Rescuer, "crew.seats", &r.seats),
            FieldRef::new(Party::Rescuer, "crew.nominal", &r.nominal),
            FieldRef::new(Party::Distressed, "crew.nominal", &d.nominal),
        ]
    };
    let (Some(seats), Some(own), Some(needed)) =
        (r.seats.value(), r.nominal.value(), d.nominal.value())
    else {
        out.emit(Severity::Unknown, || {
            let mut body = FindingBody::new(format!(
                "cannot count free seats: {} or {} does not give its seats and crew",
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed)
            ))
            .mitigation("give crew.seats and crew.nominal for both vehicles");
            body.fields = fields();
            body
        });
        return;
    };
    let free = i64::from(seats) - i64::from(own);
    let needed = i64::from(needed);
    if free >= needed {
        return;
    }
    let short = needed - free.max(0);
    let fittable = r
        .max_seats
        .value()
        .map(|max| i64::from(max) - i64::from(own) >= needed);
    let severity = if fittable == Some(true) {
        Severity::Conditional
    } else {
        Severity::Blocking
    };
    out.emit(severity, || {
        let mut body = FindingBody::new(format!(
            "{} has {} free seat(s) for a crew of {}: short by {}",
            named(ctx, Party::Rescuer),
            free.max(0),
            needed,
            short
        ))
        .evidence(Evidence::value("free seats", Measure::Count(free.max(0))))
        .evidence(Evidence::limit("crew to rescue", Measure::Count(needed)))
        .evidence(Evidence::margin("seats", Measure::Count(free - needed)));
        body.fields = fields();
        if fittable == Some(true) {
            body.fields
                .push(FieldRef::new(Party::Rescuer, "crew.max_seats", &r.max_seats));
            body.mitigation(format!(
                "fit {short} more seat(s) (the vehicle takes up to {}) or fly the rescuer with {short} fewer crew",
                r.max_seats.value().unwrap_or_default()
            ))
        } else if short <= i64::from(own) {
            body.mitigation(format!(
                "fly the rescuer with {short} fewer crew, or bring the crew home in more than one vehicle"
            ))
        } else {
            // Fewer crew cannot free more seats than the rescuer's own crew.
            body.mitigation(format!(
                "bring the crew home in more than one vehicle: flying the rescuer with fewer crew frees at most {own} seat(s)"
            ))
        }
    });
}
