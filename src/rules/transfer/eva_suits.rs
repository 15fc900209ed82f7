//! TRANSFER-006 eva-suits: when the vehicles cannot dock, both crews have
//! EVA suits that last the crossing.
//!
//! An EVA transfer (Soyuz 4 to Soyuz 5, 1969) needs an EVA-class suit, with
//! its own life support, for every crew member who crosses, and one for a
//! rescuer crew member to receive them. IVA suits live on a vehicle
//! umbilical and cannot cross.

use uom::si::f64::Time;
use uom::si::time::hour;

use crate::rules::helpers::named;
use crate::rules::{
    Context, EVA, Evidence, FindingBody, Fix, Measure, Party, Phase, Rule, RuleDocs, Severity,
    Sink, SpecChange,
};
use crate::spec::{Quantity, SuitClass};

/// Time outside the crossing is assumed to take, suit donned and sealed to
/// ingress complete. An assumption of this rule, not a published limit: the
/// Soyuz 4/5 crossing of 1969 took well under an hour; a crew member
/// helped across or carried takes longer, hence the round hour.
pub fn assumed_transfer_time() -> Time {
    Time::new::<hour>(1.0)
}

pub static RULE: Rule = Rule {
    id: "TRANSFER-006",
    name: "eva-suits",
    phase: Phase::Transfer,
    modes: EVA,
    default_severity: Severity::Blocking,
    symmetric: false,
    reference: "atmosphere_suits.md §4 (EVA suit endurance: EMU 7 h, Orlan 7 to 9 h, Feitian 4 to 8 h) and §7 rule 11; Soyuz 4/5 EVA transfer (1969)",
    summary: "Every crossing crew member and one rescuer have EVA suits whose self-contained endurance covers the transfer",
    docs: RuleDocs {
        what_it_checks: "The EVA-capable suits (suit class eva) each side has, counted with their count, whose self_contained_endurance is at least the assumed transfer time of 1 h. The crossing crew's side (their vehicle's suits or a scenario's people's suits, plus suits the rescuer carries up for them) needs one per crossing crew member, divided by the crossings one suit serves (a scenario's transfer.eva.crossings_per_suit: suits carried back and reused); the crew to rescue is a scenario's distressed.crew, else the vehicle's crew.nominal. The rescuer's side (its own suits plus any carried for its crew) needs one per crew member who goes out to help (transfer.eva.crossing with-help, 1 by default; none when the crew crosses alone or into the rescuer's airlock, as with an uncrewed rescuer). A suit list left out of a spec is unknown, not none. The 1 h is this rule's assumption (the 1969 Soyuz 4/5 crossing took under an hour), not a published figure.",
        why_it_blocks: "Outside, a crew member lives only on the suit's own oxygen, CO2 removal and cooling; an IVA suit depends on a vehicle umbilical and a suit that runs out before the other hatch closes kills its wearer.",
        example: "A Soyuz crew of 3 with only Sokol IVA suits (15 min unventilated): blocking. An ISS-like station with EMUs (7 h) for all: no finding.",
        how_to_resolve: "Carry EVA suits for every crew member who would cross (and one for the rescuer), or make the transfer docked.",
        tolerances: "None: suits are counted and their classes compared.",
    },
    check,
};

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let situation = &ctx.situation;
    let crew = situation.crew_to_rescue();
    let Some(crossing) = crew.value() else {
        out.emit(Severity::Unknown, || {
            FindingBody::new(format!(
                "the crew of {} to rescue is not given, so the EVA suits it needs are not known",
                named(ctx, Party::Distressed)
            ))
            .field(crew.field_ref())
            .mitigation("give crew.nominal, or the scenario's distressed.crew")
        });
        return;
    };
    let per_suit = situation.crossings_per_suit();
    let needed = i64::from(crossing.div_ceil(per_suit));
    check_party(ctx, Party::Distressed, needed, out);
    check_party(ctx, Party::Rescuer, i64::from(situation.eva_helpers()), out);
}

fn check_party(ctx: &Context<'_>, party: Party, needed: i64, out: &mut Sink) {
    if needed <= 0 {
        return;
    }
    let sets = ctx.situation.eva_suits(party);
    let minimum = assumed_transfer_time();
    let mut adequate = 0_i64;
    let mut undecided = false;
    for set in sets.iter().flatten() {
        if !set.known() {
            undecided = true;
        }
        for carried in set.suits {
            let suit = &carried.suit;
            match suit.serves(SuitClass::Eva) {
                Some(false) => continue,
                Some(true) => {}
                None => {
                    undecided = true;
                    continue;
                }
            }
            match (suit.self_contained_endurance.value(), carried.count.value()) {
                (Some(endurance), Some(count)) if endurance >= minimum => {
                    adequate += i64::from(count)
                }
                (Some(endurance), _) if endurance < minimum => {}
                _ => undecided = true,
            }
        }
    }
    if adequate >= needed {
        return;
    }
    let severity = if undecided {
        Severity::Unknown
    } else {
        Severity::Blocking
    };
    out.emit(severity, || {
        let mut body = FindingBody::new(format!(
            "{} carries {} EVA suit(s) lasting at least {}; an EVA transfer needs {}",
            named(ctx, party),
            adequate,
            minimum.display(),
            needed
        ))
        .evidence(Evidence::value(
            "EVA suits lasting the transfer",
            Measure::Count(adequate),
        ))
        .evidence(Evidence::limit("suits needed", Measure::Count(needed)))
        .evidence(Evidence::limit(
            "assumed transfer time",
            Measure::of(minimum),
        ))
        .evidence(Evidence::margin("suits", Measure::Count(adequate - needed)));
        for set in sets.iter().flatten() {
            for carried in set.suits {
                body.fields.push(set.field_ref(carried, "class", &carried.suit.class));
                body.fields.push(set.field_ref(
                    carried,
                    "self_contained_endurance",
                    &carried.suit.self_contained_endurance,
                ));
            }
        }
        match party {
            Party::Distressed => body.fields.push(ctx.situation.crew_to_rescue().field_ref()),
            Party::Rescuer => body.fields.extend(ctx.situation.eva_field_ref("helpers")),
        }
        body.fields.extend(ctx.situation.eva_field_ref("crossings_per_suit"));
        if undecided {
            return body.mitigation(
                "give each suit's class, count and self_contained_endurance (and the suits list itself)",
            );
        }
        let add = u32::try_from(needed - adequate).unwrap_or(u32::MAX);
        body.fixes(vec![Fix {
            description: format!(
                "carry {add} more EVA suit(s) with at least {} of self-contained endurance",
                minimum.display()
            ),
            changes: vec![SpecChange::EvaSuits {
                party,
                add,
                endurance: minimum,
            }],
        }])
        .or_else("reuse suits over several crossings")
        .or_else("make the transfer docked")
    });
}
