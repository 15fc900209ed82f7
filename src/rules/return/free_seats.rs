//! RETURN-001 free-seats: the rescuer has a seat for every rescued crew
//! member.
//!
//! Free seats are the seats installed less the rescuer's own crew. A
//! shortfall that fitting seats (Crew Dragon is designed for seven but flies
//! four) or launching the rescuer with fewer crew would make up is a
//! condition: Soyuz MS-23 (2023) and Shenzhou-22 (2025) flew up uncrewed to
//! bring a crew home, Crew-9 (2024) flew two seats empty. Only when not even
//! an empty, fully fitted rescuer seats the crew does it block. A rover
//! counts what it carries on a drive and in an emergency instead.

use crate::rules::helpers::named;
use crate::rules::{
    ANY_MODE, Context, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::spec::{Field, Vehicle, VehicleKind};

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
        what_it_checks: "The rescuer's installed seats less its own nominal crew, against the distressed vehicle's nominal crew. A shortfall is conditional when fitting seats up to max_seats, or launching the rescuer with fewer crew (or uncrewed), would seat the crew; blocking when not even an empty, fully fitted rescuer would. A rover's seats are what it carries on a drive (`mobility.crew`) and in an emergency (`mobility.emergency_crew`, in place of max_seats).",
        why_it_blocks: "A crew member without a seat cannot ride a capsule through entry and landing loads.",
        example: "A Crew Dragon flying 2 crew with 4 seats brings home 2. Soyuz MS (3 seats, crew of 3) has no free seat for a crew of 3: conditional on launching it uncrewed, as Soyuz MS-23 did in 2023. Soyuz MS cannot bring home a crew of 4 at all: blocking.",
        how_to_resolve: "Fly the rescuer with fewer crew (Crew-9 flew two of four seats empty in 2024), fit more seats up to the vehicle's maximum, or bring the crew home in more than one vehicle.",
        tolerances: "None: seats and crew are counted.",
    },
    check,
};

/// Where the rescuer's seats are written: a rover carries its crew on a
/// drive (`mobility.crew`) and more in an emergency
/// (`mobility.emergency_crew`); any other vehicle has installed and
/// fittable seats.
struct Seating<'a> {
    seats: &'a Field<u32>,
    seats_path: &'static str,
    max: &'a Field<u32>,
    max_path: &'static str,
    rover: bool,
}

fn seating(v: &Vehicle) -> Seating<'_> {
    if v.kind == VehicleKind::Rover {
        Seating {
            seats: &v.mobility.crew,
            seats_path: "mobility.crew",
            max: &v.mobility.emergency_crew,
            max_path: "mobility.emergency_crew",
            rover: true,
        }
    } else {
        Seating {
            seats: &v.crew.seats,
            seats_path: "crew.seats",
            max: &v.crew.max_seats,
            max_path: "crew.max_seats",
            rover: false,
        }
    }
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let r = &ctx.rescuer.crew;
    let d = &ctx.distressed.crew;
    let seating = seating(ctx.rescuer);
    let fields = || {
        vec![
            FieldRef::new(Party::Rescuer, seating.seats_path, seating.seats),
            FieldRef::new(Party::Rescuer, "crew.nominal", &r.nominal),
            FieldRef::new(Party::Distressed, "crew.nominal", &d.nominal),
        ]
    };
    let (Some(seats), Some(own), Some(needed)) =
        (seating.seats.value(), r.nominal.value(), d.nominal.value())
    else {
        out.emit(Severity::Unknown, || {
            let mut body = FindingBody::new(format!(
                "cannot count free seats: {} or {} does not give its seats and crew",
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed)
            ))
            .mitigation(if seating.rover {
                "give the rover's mobility.crew and crew.nominal, and the distressed crew.nominal"
            } else {
                "give crew.seats and crew.nominal for both vehicles"
            });
            body.fields = fields();
            body
        });
        return;
    };
    let free = (i64::from(seats) - i64::from(own)).max(0);
    let needed = i64::from(needed);
    if free >= needed {
        return;
    }
    let short = needed - free;
    let own = i64::from(own);
    let seats = i64::from(seats);
    let max = seating.max.value().map(i64::from);
    let remedy = if max.is_some_and(|m| m - own >= needed) {
        Remedy::FitSeats
    } else if seats >= needed {
        Remedy::FewerCrew
    } else if max.is_some_and(|m| m >= needed) {
        Remedy::FitSeatsAndFewerCrew
    } else {
        Remedy::None
    };
    let severity = if remedy == Remedy::None {
        Severity::Blocking
    } else {
        Severity::Conditional
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
        if max.is_some() {
            body.fields
                .push(FieldRef::new(Party::Rescuer, seating.max_path, seating.max));
        }
        let max = max.unwrap_or(seats);
        body.mitigation(if seating.rover {
            rover_remedy(remedy, short, max, own + needed - max)
        } else {
            capsule_remedy(remedy, short, max, own + needed - max)
        })
    });
}

fn capsule_remedy(remedy: Remedy, short: i64, max: i64, over: i64) -> String {
    match remedy {
        Remedy::FitSeats => format!(
            "fit {short} more seat(s) (the vehicle takes up to {max}) or launch the rescuer with {short} fewer crew"
        ),
        Remedy::FewerCrew => format!(
            "launch the rescuer with {short} fewer crew: Soyuz MS-23 (2023) and Shenzhou-22 (2025) flew up uncrewed as replacements, Crew-9 (2024) with two seats empty"
        ),
        Remedy::FitSeatsAndFewerCrew => format!(
            "fit seats up to the vehicle's {max} and launch the rescuer with {} fewer crew",
            over.max(0)
        ),
        Remedy::None => format!(
            "bring the crew home in more than one vehicle: even empty, the rescuer seats at most {max}"
        ),
    }
}

fn rover_remedy(remedy: Remedy, short: i64, max: i64, over: i64) -> String {
    match remedy {
        Remedy::FitSeats => format!(
            "carry them in the rover's emergency configuration (up to {max} aboard), or send it with {short} fewer crew"
        ),
        Remedy::FewerCrew => format!(
            "send the rover with {short} fewer crew aboard (driven remotely, where mobility.remote_operation allows)"
        ),
        Remedy::FitSeatsAndFewerCrew => format!(
            "use the rover's emergency configuration (up to {max} aboard) and send it with {} fewer crew",
            over.max(0)
        ),
        Remedy::None => format!(
            "bring the crew back in more than one rover or trip: even empty, the rover carries at most {max}"
        ),
    }
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
