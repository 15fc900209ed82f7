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
//! even an empty, fully fitted rescuer seats the crew does it block. A
//! rover counts what it carries on a drive and in an emergency instead.

use crate::rules::helpers::{crew_reason, flown_crew_within, named};
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
        what_it_checks: "The seats fitted in the rescuer less the crew it flies (a scenario's rescuer.seats and rescuer.crew, else its crew.seats and crew.nominal), against the crew to rescue (a scenario's distressed.crew, else the distressed vehicle's crew.nominal). A shortfall is conditional when fitting seats up to max_seats, or launching the rescuer with fewer crew, would seat the crew, and the vehicle flies with that crew (crew.flies_uncrewed for none, crew.minimum for fewer); unknown when the spec does not say whether it can; blocking when not even an empty, fully fitted rescuer would seat them. A rover's seats are what it carries on a drive (`mobility.crew`) and in an emergency (`mobility.emergency_crew`, in place of max_seats).",
        why_it_blocks: "A crew member without a seat cannot ride a capsule through entry and landing loads.",
        example: "A Crew Dragon flying 2 crew with 4 seats brings home 2. Soyuz MS (3 seats, crew of 3) has no free seat for a crew of 3: conditional on launching it uncrewed, as Soyuz MS-23 did in 2023. Soyuz MS cannot bring home a crew of 4 at all: blocking.",
        how_to_resolve: "Fly the rescuer with fewer crew (Crew-9 flew two of four seats empty in 2024), fit more seats up to the vehicle's maximum, or bring the crew home in more than one vehicle.",
        tolerances: "None: seats and crew are counted.",
    },
    check,
};

/// The most seats the rescuer can take: a rover in its emergency
/// configuration (`mobility.emergency_crew`); any other vehicle with seats
/// fitted up to `crew.max_seats`.
fn max_seats(v: &Vehicle) -> (&Field<u32>, &'static str) {
    if v.kind == VehicleKind::Rover {
        (&v.mobility.emergency_crew, "mobility.emergency_crew")
    } else {
        (&v.crew.max_seats, "crew.max_seats")
    }
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let situation = &ctx.situation;
    let r = ctx.rescuer;
    let rover = r.kind == VehicleKind::Rover;
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
            .mitigation(if rover {
                "give the rover's mobility.crew and crew.nominal, and the distressed crew.nominal (or the scenario's rescuer.crew and distressed.crew)"
            } else {
                "give crew.seats and crew.nominal for both vehicles, or the scenario's rescuer.seats, rescuer.crew and distressed.crew"
            });
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
    let (max_field, max_path) = max_seats(r);
    let max = max_field
        .value()
        .map(i64::from)
        .unwrap_or(fitted)
        .max(fitted);
    // The crew the rescuer would fly with for the rescued crew to fit in
    // `seats`, and whether it flies with it: the most it is known to fly
    // with (flying uncrewed, when it does, always frees the seats), else
    // the most it may fly with.
    let crew_for =
        |seats: i64| flown_crew_within(r, u32::try_from((seats - needed).min(own)).ok()?);
    let remedies = [
        (
            Remedy::FitSeats,
            (max - own >= needed).then_some(Some(true)),
        ),
        (Remedy::FewerCrew, crew_for(fitted).map(|(_, ok)| ok)),
        // Only when fitting seats alone would not do.
        (
            Remedy::FitSeatsAndFewerCrew,
            crew_for(max)
                .filter(|_| own + needed > max)
                .map(|(_, ok)| ok),
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
        if max_field.is_written() {
            body.fields
                .push(FieldRef::new(Party::Rescuer, max_path, max_field));
        }
        let reason = |seats: i64| {
            crew_for(seats)
                .map(|(c, _)| crew_reason(r, c))
                .unwrap_or_default()
        };
        body.fields.push(FieldRef::new(
            Party::Rescuer,
            "crew.flies_uncrewed",
            &r.crew.flies_uncrewed,
        ));
        body.fields.push(FieldRef::new(
            Party::Rescuer,
            "crew.minimum",
            &r.crew.minimum,
        ));
        let over = own + needed - max;
        // How many fewer crew, and what the spec says of it.
        let fewer = |seats: i64, otherwise: i64| {
            let crew = crew_for(seats).map(|(c, _)| c);
            let by = crew.map_or(otherwise, |c| own - i64::from(c));
            (by, reason(seats), crew)
        };
        let counts = Counts {
            short,
            max,
            max_known: max_field.value().is_some_and(|m| i64::from(m) > fitted),
            own,
            needed,
            fewer: fewer(fitted, short),
            both: fewer(max, over),
        };
        let fixes: Vec<Fix> = offered
            .iter()
            .flatten()
            .filter_map(|remedy| fix(*remedy, rover, &counts))
            .collect();
        if fixes.is_empty() {
            let text = if rover {
                rover_remedy(Remedy::None, &counts)
            } else {
                capsule_remedy(Remedy::None, &counts)
            };
            body.mitigation(text)
        } else {
            body.fixes(fixes)
        }
    });
}

/// The figures a remedy's text and spec changes are made of.
struct Counts {
    short: i64,
    max: i64,
    /// Whether the spec gives the most seats it takes (else `max` is the
    /// seats fitted).
    max_known: bool,
    own: i64,
    needed: i64,
    /// Fewer crew with the seats fitted: how many fewer, what the spec
    /// says of it, and the crew then flown.
    fewer: (i64, String, Option<u32>),
    /// The same with seats fitted up to the maximum.
    both: (i64, String, Option<u32>),
}

/// A remedy as a fix: its text, and the changes to the rescuer's spec that
/// make it (the fix property test applies them and runs the rule again).
fn fix(remedy: Remedy, rover: bool, c: &Counts) -> Option<Fix> {
    let seats_to = |n: i64| SpecChange::Seats {
        party: Party::Rescuer,
        to: u32::try_from(n).unwrap_or(u32::MAX),
    };
    let crew_to = |n: u32| SpecChange::Crew {
        party: Party::Rescuer,
        to: n,
    };
    let changes = match remedy {
        Remedy::FitSeats => vec![seats_to(c.own + c.needed)],
        Remedy::FewerCrew => vec![crew_to(c.fewer.2?)],
        // Seats are fitted only up to a maximum the spec gives.
        Remedy::FitSeatsAndFewerCrew if c.max_known => {
            vec![seats_to(c.max), crew_to(c.both.2?)]
        }
        // No more seats to fit: the same as flying fewer crew.
        Remedy::FitSeatsAndFewerCrew | Remedy::None => return None,
    };
    let description = if rover {
        rover_remedy(remedy, c)
    } else {
        capsule_remedy(remedy, c)
    };
    Some(Fix {
        description,
        changes,
    })
}

fn capsule_remedy(remedy: Remedy, c: &Counts) -> String {
    let (short, max) = (c.short, c.max);
    let ((fewer, fewer_reason, _), (both, both_reason, _)) = (&c.fewer, &c.both);
    match remedy {
        Remedy::FitSeats => format!("fit {short} more seat(s) (the vehicle takes up to {max})"),
        Remedy::FewerCrew => format!(
            "launch the rescuer with {fewer} fewer crew ({}), as Soyuz MS-23 (2023) and Shenzhou-22 (2025) flew up uncrewed and Crew-9 (2024) with two seats empty",
            fewer_reason
        ),
        Remedy::FitSeatsAndFewerCrew => format!(
            "fit seats up to the vehicle's {max} and launch the rescuer with {both} fewer crew ({})",
            both_reason
        ),
        Remedy::None => format!(
            "bring the crew home in more than one vehicle: the rescuer seats at most {max}, and flies with no fewer than its crew allows"
        ),
    }
}

fn rover_remedy(remedy: Remedy, c: &Counts) -> String {
    let (short, max, over) = (c.short, c.max, c.own + c.needed - c.max);
    match remedy {
        Remedy::FitSeats => {
            format!("carry them in the rover's emergency configuration (up to {max} aboard)")
        }
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
    use super::{Counts, Remedy, fix};
    use crate::rules::{Party, SpecChange};

    fn counts(own: i64, needed: i64, max: i64, fewer: Option<u32>, both: Option<u32>) -> Counts {
        Counts {
            short: needed,
            max,
            max_known: true,
            own,
            needed,
            fewer: (0, String::new(), fewer),
            both: (0, String::new(), both),
        }
    }

    #[test]
    fn each_remedy_changes_the_rescuers_spec_as_its_text_says() {
        // Dragon flying 4 of 4 seats (up to 7), 3 to rescue: fit 7 seats,
        // or fly with 1.
        let c = counts(4, 3, 7, Some(1), None);
        let seats = fix(Remedy::FitSeats, false, &c).map(|f| f.changes);
        assert_eq!(
            seats,
            Some(vec![SpecChange::Seats {
                party: Party::Rescuer,
                to: 7
            }])
        );
        let crew = fix(Remedy::FewerCrew, false, &c).map(|f| f.changes);
        assert_eq!(
            crew,
            Some(vec![SpecChange::Crew {
                party: Party::Rescuer,
                to: 1
            }])
        );
        // No crew the vehicle flies with: no fix, only words.
        assert!(fix(Remedy::FitSeatsAndFewerCrew, false, &c).is_none());
        assert!(fix(Remedy::None, false, &c).is_none());
    }
}
