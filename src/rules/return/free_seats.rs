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
    ANY_MODE, Context, Evidence, FieldRef, FindingBody, Fix, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink, SpecChange,
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
    let free = seats.saturating_sub(own);
    if free >= needed {
        return;
    }
    let short = needed - free;
    let max = seating.max.value();
    let fixes = fixes(seats, own, needed, max, seating.rover);
    let severity = if fixes.is_empty() {
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
        .evidence(Evidence::value("free seats", Measure::Count(free.into())))
        .evidence(Evidence::limit("crew to rescue", Measure::Count(needed.into())))
        .evidence(Evidence::margin(
            "seats",
            Measure::Count(i64::from(free) - i64::from(needed)),
        ));
        body.fields = fields();
        if max.is_some() {
            body.fields
                .push(FieldRef::new(Party::Rescuer, seating.max_path, seating.max));
        }
        let most = max.unwrap_or(seats).max(seats);
        if fixes.is_empty() && most == 0 {
            body.mitigation("the rescuer has no seat to bring a crew home in: another vehicle must return them")
        } else if fixes.is_empty() && seating.rover {
            body.mitigation(format!(
                "bring the crew back in more than one rover or trip: even empty, the rover carries at most {most}"
            ))
        } else if fixes.is_empty() {
            body.mitigation(format!(
                "bring the crew home in more than one vehicle: even empty and fully fitted, the rescuer seats at most {most}"
            ))
        } else {
            body.fixes(fixes)
        }
    });
}

/// What would free `needed` seats in a rescuer with `seats` fitted, `own`
/// crew and up to `max` seats (a rover: carried on a drive, and in its
/// emergency configuration): fitting seats up to the maximum, launching
/// with fewer crew (never fewer than none), or both. Empty when not even an
/// empty, fully fitted rescuer seats the crew.
fn fixes(seats: u32, own: u32, needed: u32, max: Option<u32>, rover: bool) -> Vec<Fix> {
    let mut fixes = Vec::new();
    // Every seat the rescued crew and the rescuer's own crew take.
    let wanted = own.saturating_add(needed);
    if let Some(max) = max.filter(|m| wanted <= *m && wanted > seats) {
        fixes.push(Fix {
            description: if rover {
                format!(
                    "carry {wanted} aboard in the rover's emergency configuration (up to {max})"
                )
            } else {
                format!(
                    "fit {} more seat(s), {wanted} in all (the vehicle takes up to {max})",
                    wanted - seats
                )
            },
            changes: vec![SpecChange::Seats {
                party: Party::Rescuer,
                to: wanted,
            }],
        });
    }
    if let Some(crew) = seats.checked_sub(needed).filter(|c| *c < own) {
        fixes.push(Fix {
            description: if rover {
                format!(
                    "send the rover with {} fewer crew aboard ({}; driven remotely, where mobility.remote_operation allows)",
                    own - crew,
                    crew_text(crew, own)
                )
            } else {
                format!(
                    "launch the rescuer with {} fewer crew ({}): Soyuz MS-23 (2023) and Shenzhou-22 (2025) flew up uncrewed as replacements, Crew-9 (2024) with two seats empty",
                    own - crew,
                    crew_text(crew, own)
                )
            },
            changes: vec![SpecChange::Crew {
                party: Party::Rescuer,
                to: crew,
            }],
        });
    }
    if fixes.is_empty()
        && let Some(max) = max.filter(|m| *m >= needed && *m > seats)
    {
        let crew = (max - needed).min(own);
        fixes.push(Fix {
            description: if rover {
                format!(
                    "use the rover's emergency configuration (up to {max} aboard) and send it with {} fewer crew ({})",
                    own - crew,
                    crew_text(crew, own)
                )
            } else {
                format!(
                    "fit seats up to the vehicle's {max} and launch the rescuer with {} fewer crew ({})",
                    own - crew,
                    crew_text(crew, own)
                )
            },
            changes: vec![
                SpecChange::Seats {
                    party: Party::Rescuer,
                    to: max,
                },
                SpecChange::Crew {
                    party: Party::Rescuer,
                    to: crew,
                },
            ],
        });
    }
    fixes
}

/// "2 instead of 4", "uncrewed instead of 3".
pub(crate) fn crew_text(crew: u32, own: u32) -> String {
    if crew == 0 {
        format!("uncrewed instead of {own}")
    } else {
        format!("{crew} instead of {own}")
    }
}

#[cfg(test)]
mod tests {
    use super::fixes;
    use crate::rules::{Party, SpecChange};

    #[test]
    fn fixes_never_leave_fewer_than_no_crew_or_more_seats_than_fit() {
        // Dragon: 4 seats, up to 7; crew of 4; 3 to rescue: fit 3, or fly
        // with 3 fewer.
        let f = fixes(4, 4, 3, Some(7), false);
        assert_eq!(f.len(), 2, "{f:?}");
        let seats = SpecChange::Seats {
            party: Party::Rescuer,
            to: 7,
        };
        let crew = SpecChange::Crew {
            party: Party::Rescuer,
            to: 1,
        };
        assert_eq!(f.first().map(|f| f.changes.clone()), Some(vec![seats]));
        assert_eq!(f.get(1).map(|f| f.changes.clone()), Some(vec![crew]));
        // 7 to rescue in a 4-seat vehicle: fewer crew cannot do it alone.
        let f = fixes(4, 4, 7, Some(7), false);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f.iter().all(|f| f.description.contains("uncrewed")),
            "{f:?}"
        );
        // Nothing seats 8 in a vehicle of at most 7, or 4 in one of 3.
        assert!(fixes(4, 2, 8, Some(7), false).is_empty());
        assert!(fixes(3, 3, 4, None, false).is_empty());
    }

    #[test]
    fn a_rover_is_offered_its_emergency_configuration() {
        // A rover carrying 2 on a drive and 4 in an emergency, crew of 2,
        // 2 to bring back: the emergency configuration, or fewer aboard.
        let f = fixes(2, 2, 2, Some(4), true);
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(
            f.first()
                .is_some_and(|f| f.description.contains("emergency configuration")),
            "{f:?}"
        );
    }
}
