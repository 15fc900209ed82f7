//! RETURN-002 seat-fit: the rescued crew fits the rescuer's seats.
//!
//! Capsule seats are certified for ranges of stature, sitting height and
//! body mass. A rescued crew member's own measures are not in a vehicle
//! spec, but they fit their own vehicle's seats: where the distressed
//! vehicle's ranges reach beyond the rescuer's, some of its crew may not
//! fit, and each person must be checked.

use crate::rules::helpers::named;
use crate::rules::{
    ANY_MODE, Context, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::scenario::file::Person;
use crate::spec::{Field, Quantity, Range};

pub static RULE: Rule = Rule {
    id: "RETURN-002",
    name: "seat-fit",
    phase: Phase::Return,
    modes: ANY_MODE,
    default_severity: Severity::Blocking,
    symmetric: false,
    reference: "SEATS (seat anthropometric limits: Crew Dragon prototype seat, Soyuz under 6 ft 3 in); docking.md §19",
    summary: "The ranges of stature, sitting height and body mass the distressed vehicle's seats fit lie inside the rescuer's",
    docs: RuleDocs {
        what_it_checks: "For stature, sitting height and body mass: when a scenario gives the measure for each person to rescue (distressed.people[].stature, sitting_height, mass), each person's measure against the rescuer's seat range (crew.stature, crew.sitting_height, crew.body_mass): outside it blocks, a range not given is unknown. Otherwise the distressed vehicle's seat range, standing for its crew's measures, against the rescuer's. Inside: no finding. Overlapping but reaching beyond: conditional (each rescued crew member's measure must be checked against the rescuer's limit). No overlap: blocking. A range end not given is unbounded; a range not given on either side is unknown. Not applicable when the rescuer is a rover (its seats carry a suited crew across the ground, through no launch or landing loads) or a habitat (it has no return seats: RETURN-001 decides).",
        why_it_blocks: "A seat that does not fit its occupant does not protect them through entry and landing loads: too tall for the seat strikes the hatch, too heavy exceeds the seat's attenuation.",
        example: "Soyuz seats fit up to 190.5 cm stature, Crew Dragon's up to 1.95 m: Soyuz crews fit. A vehicle fitting 2.0 m against a rescuer fitting 1.9 m: conditional.",
        how_to_resolve: "Check each rescued crew member's measures against the rescuer's limits, choose which crew member rides which vehicle, or fit a seat certified for the range.",
        tolerances: "None: the crew's figures are compared with the fit ranges as written, in SI units.",
    },
    check,
};

/// The people to rescue, when the scenario describes every one of them.
fn everyone<'a>(ctx: &Context<'a>) -> Option<&'a [Person]> {
    let people = ctx.situation.people();
    let crew = ctx.situation.crew_to_rescue().value()?;
    (crew > 0 && people.len() >= crew as usize).then_some(people)
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    if crate::rules::helpers::seats_bear_no_flight_loads(ctx.rescuer) {
        out.not_applicable();
        return;
    }
    let (r, d) = (&ctx.rescuer.crew, &ctx.distressed.crew);
    let people = everyone(ctx);
    let stature = match people.filter(|p| p.iter().all(|p| p.stature.is_written())) {
        Some(people) => each_person(
            ctx,
            "crew.stature",
            &r.stature,
            people,
            |p| &p.stature,
            "stature",
            out,
        ),
        None => compare(ctx, "crew.stature", &r.stature, &d.stature, out),
    };
    let sitting = match people.filter(|p| p.iter().all(|p| p.sitting_height.is_written())) {
        Some(people) => each_person(
            ctx,
            "crew.sitting_height",
            &r.sitting_height,
            people,
            |p| &p.sitting_height,
            "sitting_height",
            out,
        ),
        None => compare(
            ctx,
            "crew.sitting_height",
            &r.sitting_height,
            &d.sitting_height,
            out,
        ),
    };
    let mass = match people.filter(|p| p.iter().all(|p| p.mass.is_written())) {
        Some(people) => each_person(
            ctx,
            "crew.body_mass",
            &r.body_mass,
            people,
            |p| &p.mass,
            "mass",
            out,
        ),
        None => compare(ctx, "crew.body_mass", &r.body_mass, &d.body_mass, out),
    };
    if stature && sitting && mass {
        return;
    }
    out.emit(Severity::Unknown, || {
        let mut names: Vec<&str> = Vec::new();
        let mut fields: Vec<FieldRef> = Vec::new();
        missing(
            "crew.stature",
            &r.stature,
            &d.stature,
            &mut names,
            &mut fields,
        );
        missing(
            "crew.sitting_height",
            &r.sitting_height,
            &d.sitting_height,
            &mut names,
            &mut fields,
        );
        missing(
            "crew.body_mass",
            &r.body_mass,
            &d.body_mass,
            &mut names,
            &mut fields,
        );
        let mut body = FindingBody::new(format!(
            "seat fit not known for {}: {} or {} does not give the range",
            names.join(", "),
            named(ctx, Party::Rescuer),
            named(ctx, Party::Distressed)
        ))
        .mitigation(format!("give {} for both vehicles", names.join(", ")));
        body.fields.extend(fields);
        body
    });
}

/// Names a range either vehicle does not give, and points at its unknown
/// fields.
fn missing<Q: Quantity + 'static>(
    path: &'static str,
    rescuer: &Field<Range<Q>>,
    distressed: &Field<Range<Q>>,
    names: &mut Vec<&'static str>,
    fields: &mut Vec<FieldRef>,
) {
    if rescuer.get().is_some() && distressed.get().is_some() {
        return;
    }
    names.push(path);
    if rescuer.is_unknown() {
        fields.push(FieldRef::new(Party::Rescuer, path, rescuer));
    }
    if distressed.is_unknown() {
        fields.push(FieldRef::new(Party::Distressed, path, distressed));
    }
}

/// Compares one range; false when either vehicle does not give it.
fn compare<Q: Quantity + 'static>(
    ctx: &Context<'_>,
    path: &'static str,
    rescuer: &Field<Range<Q>>,
    distressed: &Field<Range<Q>>,
    out: &mut Sink,
) -> bool {
    let (Some(seat), Some(crew)) = (rescuer.get(), distressed.get()) else {
        return false;
    };
    // An unknown end is unbounded.
    let above = match (seat.max, crew.max) {
        (Some(limit), Some(c)) => c > limit,
        (Some(_), None) => true,
        (None, _) => false,
    };
    let below = match (seat.min, crew.min) {
        (Some(limit), Some(c)) => c < limit,
        (Some(_), None) => true,
        (None, _) => false,
    };
    if !above && !below {
        return true;
    }
    let disjoint = matches!((seat.max, crew.min), (Some(hi), Some(lo)) if lo > hi)
        || matches!((seat.min, crew.max), (Some(lo), Some(hi)) if hi < lo);
    let severity = if disjoint {
        Severity::Blocking
    } else {
        Severity::Conditional
    };
    out.emit(severity, || {
        let what = path.trim_start_matches("crew.").replace('_', " ");
        FindingBody::new(format!(
            "the seats of {} fit a {what} of {}; those of {} fit {}{}",
            named(ctx, Party::Rescuer),
            seat.display(),
            named(ctx, Party::Distressed),
            crew.display(),
            if disjoint {
                ": no crew member of one fits the other"
            } else {
                ": some of its crew may not fit"
            }
        ))
        .evidence(Evidence::value(
            format!("distressed seat {what}"),
            Measure::Text(crew.display()),
        ))
        .evidence(Evidence::limit(
            format!("rescuer seat {what}"),
            Measure::Text(seat.display()),
        ))
        .field(FieldRef::new(Party::Rescuer, path, rescuer))
        .field(FieldRef::new(Party::Distressed, path, distressed))
        .mitigation(if disjoint {
            format!(
                "fit a seat certified for {} or return the crew in another vehicle",
                crew.display()
            )
        } else {
            format!(
                "check each rescued crew member's {what} against {} before assigning seats",
                seat.display()
            )
        })
    });
    true
}

/// Each person's measure against the rescuer's seat range; false when the
/// range or a measure is not given (reported as unknown by the caller).
fn each_person<Q: Quantity + 'static>(
    ctx: &Context<'_>,
    path: &'static str,
    rescuer: &Field<Range<Q>>,
    people: &[Person],
    measure: fn(&Person) -> &Field<Q>,
    name: &str,
    out: &mut Sink,
) -> bool {
    let Some(seat) = rescuer.get() else {
        return false;
    };
    let mut known = true;
    for person in people {
        let Some(value) = measure(person).value() else {
            known = false;
            continue;
        };
        let above = seat.max.is_some_and(|max| value > max);
        let below = seat.min.is_some_and(|min| value < min);
        if !above && !below {
            continue;
        }
        let id =
            crate::text::escape_for_terminal(person.id.get().map(String::as_str).unwrap_or("?"));
        out.emit(Severity::Blocking, || {
            let what = path.trim_start_matches("crew.").replace('_', " ");
            let mut body = FindingBody::new(format!(
                "{id} ({what} {}) does not fit the seats of {}, which fit {}",
                value.display(),
                named(ctx, Party::Rescuer),
                seat.display()
            ))
            .evidence(Evidence::value(format!("{id} {what}"), Measure::of(value)))
            .evidence(Evidence::limit(
                format!("rescuer seat {what}"),
                Measure::Text(seat.display()),
            ))
            .field(FieldRef::new(Party::Rescuer, path, rescuer))
            .mitigation(format!(
                "bring {id} home in another vehicle, or fit a seat certified for {}",
                value.display()
            ));
            if let Some(file) = ctx.situation.scenario_file() {
                body.fields.push(FieldRef {
                    party: Party::Distressed,
                    path: format!("distressed.people[{id}].{name}"),
                    span: measure(person).span,
                    file: Some(file.clone()),
                });
            }
            body
        });
    }
    known
}
