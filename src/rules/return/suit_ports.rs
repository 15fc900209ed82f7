//! RETURN-004 suit-ports: the rescuer has a suit umbilical for everyone it
//! brings home.
//!
//! Crews wear pressure suits through entry, each plugged into a vehicle
//! outlet. In 2024 the Crew-8 Dragon was configured for four: its two
//! contingency riders from Starliner had no suit plug-in points.

use crate::rules::helpers::{item_path, named};
use crate::rules::{
    ANY_MODE, Context, Evidence, FieldRef, FindingBody, Fix, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink, SpecChange,
};
use crate::spec::{OutletPurpose, VehicleKind};

pub static RULE: Rule = Rule {
    id: "RETURN-004",
    name: "suit-ports",
    phase: Phase::Return,
    modes: ANY_MODE,
    default_severity: Severity::Blocking,
    symmetric: false,
    reference: "GLOBALFOX and HT-SUITS (Crew-8 Dragon configured for four, no extra suit plug-in points, 2024); atmosphere_suits.md §6.6 and §7 rule 9",
    summary: "The rescuer has a suit outlet for each of its own crew and each rescued crew member",
    docs: RuleDocs {
        what_it_checks: "The sum of count over the rescuer's oxygen outlets for suits (purpose suit, or not stated) against its own crew.nominal plus the distressed crew.nominal. Whether the suits plug in is SUSTAIN-001's question. Not applicable when the rescuer is a rover (an open rover's crew breathes from its EVA suits, a pressurized rover's in shirt-sleeves) or a habitat (it shelters the crew in shirt-sleeves).",
        why_it_blocks: "A crew member without a suit port rides unprotected against a cabin leak through entry (the 2024 Crew-8 contingency placed two on a cargo pallet, unsuited).",
        example: "Crew Dragon with 4 suit umbilicals and a crew of 2 brings home 2; with its crew of 4 it has no port for anyone else: blocking.",
        how_to_resolve: "Fly the rescuer with fewer crew (Crew-9 flew with two seats and suit ports empty), or fit more suit umbilicals.",
        tolerances: "None: connectors are terms of `specs/vocabularies/`, compared by id.",
    },
    check,
};

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let r = ctx.rescuer;
    // An open rover's crew breathes from its EVA suits, a pressurized
    // rover's and a habitat's crew in shirt-sleeves: no suit umbilical.
    if matches!(r.kind, VehicleKind::Rover | VehicleKind::Habitat) {
        out.not_applicable();
        return;
    }
    let outlets: Vec<_> = r
        .oxygen_outlets
        .iter()
        .filter(|o| o.purpose.value() != Some(OutletPurpose::Mask))
        .collect();
    // A spec that lists no suit outlet is silent on them, not "zero".
    let counts: Option<Vec<u32>> = if r.oxygen_outlets.is_empty() {
        None
    } else {
        outlets.iter().map(|o| o.count.value()).collect()
    };
    let (Some(counts), Some(own), Some(rescued)) = (
        counts,
        r.crew.nominal.value(),
        ctx.distressed.crew.nominal.value(),
    ) else {
        out.emit(Severity::Unknown, || {
            let mut body = FindingBody::new(format!(
                "cannot count suit ports: {} does not give each suit outlet's count, or a crew is not given",
                named(ctx, Party::Rescuer)
            ))
            .field(FieldRef::new(Party::Rescuer, "crew.nominal", &r.crew.nominal))
            .field(FieldRef::new(Party::Distressed, "crew.nominal", &ctx.distressed.crew.nominal))
            .mitigation("give oxygen_outlets[].count and crew.nominal");
            for o in &outlets {
                body.fields.push(FieldRef::new(Party::Rescuer, item_path("oxygen_outlets", &o.id, "count"), &o.count));
            }
            body
        });
        return;
    };
    let ports: i64 = counts.iter().map(|c| i64::from(*c)).sum();
    let needed = i64::from(own) + i64::from(rescued);
    if ports >= needed {
        return;
    }
    out.emit(Severity::Blocking, || {
        let mut body = FindingBody::new(format!(
            "{} has {} suit port(s) for its crew of {} and {} rescued: short by {}",
            named(ctx, Party::Rescuer),
            ports,
            own,
            rescued,
            needed - ports
        ))
        .evidence(Evidence::value("suit ports", Measure::Count(ports)))
        .evidence(Evidence::limit("crew to suit", Measure::Count(needed)))
        .evidence(Evidence::margin(
            "suit ports",
            Measure::Count(ports - needed),
        ))
        .field(FieldRef::new(
            Party::Rescuer,
            "crew.nominal",
            &r.crew.nominal,
        ))
        .field(FieldRef::new(
            Party::Distressed,
            "crew.nominal",
            &ctx.distressed.crew.nominal,
        ))
        .fixes(fixes(own, ports, needed));
        for o in &outlets {
            body.fields.push(FieldRef::new(
                Party::Rescuer,
                item_path("oxygen_outlets", &o.id, "count"),
                &o.count,
            ));
        }
        body
    });
}

/// What gives a suit port to each of `needed` (the rescuer's `own` crew and
/// the rescued) when the rescuer has `ports`: fewer crew of its own, never
/// fewer than none; more umbilicals; or, when even an uncrewed rescuer is
/// short, both.
fn fixes(own: u32, ports: i64, needed: i64) -> Vec<Fix> {
    let short = u32::try_from(needed - ports).unwrap_or(u32::MAX);
    let mut fixes = Vec::new();
    if short <= own {
        let crew = own - short;
        fixes.push(Fix {
            description: format!(
                "fly the rescuer with {short} fewer crew ({})",
                super::free_seats::crew_text(crew, own)
            ),
            changes: vec![SpecChange::Crew {
                party: Party::Rescuer,
                to: crew,
            }],
        });
    }
    fixes.push(Fix {
        description: format!("fit {short} more suit umbilical(s)"),
        changes: vec![SpecChange::SuitOutlets {
            party: Party::Rescuer,
            add: short,
        }],
    });
    if short > own && own > 0 {
        fixes.push(Fix {
            description: format!(
                "fly the rescuer uncrewed and fit {} more suit umbilical(s)",
                short - own
            ),
            changes: vec![
                SpecChange::Crew {
                    party: Party::Rescuer,
                    to: 0,
                },
                SpecChange::SuitOutlets {
                    party: Party::Rescuer,
                    add: short - own,
                },
            ],
        });
    }
    fixes
}

#[cfg(test)]
mod tests {
    use super::fixes;

    #[test]
    fn a_crew_of_four_is_never_asked_to_fly_with_seven_fewer() {
        // Dragon with 4 ports and a crew of 4, for a crew of 7 (the issue's
        // case): fewer crew cannot do it alone.
        let f = fixes(4, 4, 11);
        let texts: Vec<&str> = f.iter().map(|f| f.description.as_str()).collect();
        assert_eq!(
            texts,
            [
                "fit 7 more suit umbilical(s)",
                "fly the rescuer uncrewed and fit 3 more suit umbilical(s)"
            ]
        );
        let f = fixes(4, 4, 7);
        assert_eq!(
            f.first().map(|f| f.description.as_str()),
            Some("fly the rescuer with 3 fewer crew (1 instead of 4)")
        );
    }
}
