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
use crate::spec::{Listed, OutletPurpose, VehicleKind};

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
        what_it_checks: "The sum of count over the rescuer's oxygen outlets for suits (purpose suit, or not stated) against the crew it flies plus the crew to rescue (a scenario's rescuer.crew and distressed.crew, else both vehicles' crew.nominal). Outlets left out of the spec are unknown; `oxygen_outlets = []` is none. A shortfall that flying the rescuer with fewer crew would make up is conditional when the vehicle flies with that crew (crew.flies_uncrewed for none, crew.minimum for fewer), unknown when its spec does not say; otherwise (more umbilicals needed) it blocks. A shortfall made only by rescued people whose suit the scenario writes \"unknown\" is unknown: they may ride suited, a port each, or unsuited as an emergency measure. Whether the suits plug in is SUSTAIN-001's question. Not applicable when the rescuer is a rover (an open rover's crew breathes from its EVA suits, a pressurized rover's in shirt-sleeves) or a habitat (it shelters the crew in shirt-sleeves).",
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
    let (own, rescued) = (ctx.situation.rescuer_crew(), ctx.situation.crew_to_rescue());
    let outlets = || {
        r.oxygen_outlets
            .iter()
            .filter(|o| o.purpose.value() != Some(OutletPurpose::Mask))
    };
    // A spec that lists no outlets is silent on them, not "zero".
    let counts: Option<i64> = match r.outlets_listed() {
        Listed::NotGiven => None,
        Listed::None => Some(0),
        Listed::Some => outlets().map(|o| o.count.value().map(i64::from)).sum(),
    };
    let outlet_fields = |body: &mut FindingBody| {
        for o in outlets() {
            body.fields.push(FieldRef::new(
                Party::Rescuer,
                item_path("oxygen_outlets", &o.id, "count"),
                &o.count,
            ));
        }
    };
    let (Some(ports), Some(flown), Some(rescued_n)) = (counts, own.value(), rescued.value()) else {
        out.emit(Severity::Unknown, || {
            let mut body = FindingBody::new(format!(
                "cannot count suit ports: {} does not give each suit outlet's count, or a crew is not given",
                named(ctx, Party::Rescuer)
            ))
            .field(own.field_ref())
            .field(rescued.field_ref())
            .mitigation("give oxygen_outlets[].count and the crews");
            outlet_fields(&mut body);
            body
        });
        return;
    };
    let needed = i64::from(flown) + i64::from(rescued_n);
    if ports >= needed {
        return;
    }
    // Rescued people whose suit is not published may ride suited (a port
    // each) or unsuited, as an emergency measure (the Crew-8 contingency,
    // 2024): a shortfall they alone make is not known.
    let (carried_suits, own_suits) = ctx.situation.return_suits();
    let unsure = i64::from(
        [carried_suits, own_suits]
            .iter()
            .flatten()
            .map(|set| set.unknown_wearers)
            .sum::<u32>(),
    );
    if unsure > 0 && ports >= needed - unsure {
        out.emit(Severity::Unknown, || {
            let mut body = FindingBody::new(format!(
                "{} has {} suit port(s) for its crew of {} and {} rescued: whether {} of the rescued ride suited, each needing a port, is not known (the scenario writes their suit \"unknown\")",
                named(ctx, Party::Rescuer),
                ports,
                flown,
                rescued_n,
                unsure
            ))
            .evidence(Evidence::value("suit ports", Measure::Count(ports)))
            .evidence(Evidence::limit("crew to suit", Measure::Count(needed)))
            .field(own.field_ref())
            .mitigation("name each person's suit in the scenario once it is published");
            body.fields.push(rescued.field_ref());
            body.fields.extend(ctx.situation.unknown_suit_refs());
            outlet_fields(&mut body);
            body
        });
        return;
    }
    let short = needed - ports;
    // Flying fewer crew frees their ports, as far as the vehicle flies with
    // fewer: a condition, as for seats (RETURN-001); fitting more
    // umbilicals is new hardware, and blocks.
    let most = u32::try_from(i64::from(flown) - short).ok();
    let (fewer, flies) =
        match most.and_then(|most| crate::rules::helpers::flown_crew_within(r, most)) {
            Some((crew, flies)) => (Some(crew), Some(flies)),
            None => (most, most.map(|_| Some(false))),
        };
    let severity = match flies {
        Some(Some(true)) => Severity::Conditional,
        Some(None) => Severity::Unknown,
        _ => Severity::Blocking,
    };
    let fewer = fewer.filter(|_| severity != Severity::Blocking);
    out.emit(severity, || {
        let mut body = FindingBody::new(format!(
            "{} has {} suit port(s) for its crew of {} and {} rescued: short by {}",
            named(ctx, Party::Rescuer),
            ports,
            flown,
            rescued_n,
            short
        ))
        .evidence(Evidence::value("suit ports", Measure::Count(ports)))
        .evidence(Evidence::limit("crew to suit", Measure::Count(needed)))
        .evidence(Evidence::margin(
            "suit ports",
            Measure::Count(ports - needed),
        ))
        .field(own.field_ref())
        .field(rescued.field_ref())
        .fixes(fixes(
            flown,
            short,
            fewer.map(|crew| (crew, crate::rules::helpers::crew_reason(r, crew))),
            r.crew.flies_uncrewed.value() == Some(true),
        ))
        .field(FieldRef::new(
            Party::Rescuer,
            "crew.flies_uncrewed",
            &r.crew.flies_uncrewed,
        ))
        .field(FieldRef::new(
            Party::Rescuer,
            "crew.minimum",
            &r.crew.minimum,
        ));
        outlet_fields(&mut body);
        body
    });
}

/// What gives a suit port to everyone when the rescuer flying `own` crew is
/// `short` of ports: flying with `fewer` crew where the vehicle flies with
/// them (with what its spec says of it), more umbilicals, or, when even an
/// uncrewed rescuer is short and it flies uncrewed, both.
fn fixes(own: u32, short: i64, fewer: Option<(u32, String)>, flies_uncrewed: bool) -> Vec<Fix> {
    let short = u32::try_from(short).unwrap_or(u32::MAX);
    let mut fixes = Vec::new();
    if let Some((crew, reason)) = fewer {
        fixes.push(Fix {
            description: format!(
                "fly the rescuer with {short} fewer crew ({}: {reason})",
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
    if short > own && own > 0 && flies_uncrewed {
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
        // Dragon with 4 ports and a crew of 4, for a crew of 7: fewer crew
        // cannot do it alone.
        let f = fixes(4, 7, None, true);
        let texts: Vec<&str> = f.iter().map(|f| f.description.as_str()).collect();
        assert_eq!(
            texts,
            [
                "fit 7 more suit umbilical(s)",
                "fly the rescuer uncrewed and fit 3 more suit umbilical(s)"
            ]
        );
        let f = fixes(4, 3, Some((1, "crew.minimum is 1".into())), true);
        assert_eq!(
            f.first().map(|f| f.description.as_str()),
            Some("fly the rescuer with 3 fewer crew (1 instead of 4: crew.minimum is 1)")
        );
        // A vehicle that does not fly uncrewed is not told to.
        assert_eq!(fixes(4, 7, None, false).len(), 1);
    }
}
