//! TRANSFER-005 suit-decompression: crews going outside in their suits stay
//! under the R limit, computing the suit's absolute pressure from its
//! differential.
//!
//! A suit's operating pressure is a differential: it holds that much above
//! its surroundings. The EMU's 4.3 psid is 4.3 psia in vacuum but 19.0 psia
//! inside a 14.7 psia cabin (EV14). This rule never compares the differential
//! with a cabin pressure: it asks for the suit's absolute pressure in the
//! surroundings at hand ([`PressureDifference::absolute_in`]), vacuum for an
//! EVA transfer, and takes R from the crew's own cabin to that pressure.

use uom::si::f64::Pressure;
use uom::si::pressure::pascal;
use uom::si::time::minute;

use crate::physics::decompression::{equilibrated_tissue_n2, prebreathe_time, r_limit, r_value};
use crate::rules::helpers::named;
use crate::rules::{
    Context, EVA, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs, Severity,
    Sink,
};
use crate::scenario::SuitSet;
use crate::spec::{
    AbsolutePressure, CarriedSuit, PressureDifference, Quantity, SuitClass, SuitGas,
};

use super::cabin_gas;
use super::decompression::format_minutes;

pub static RULE: Rule = Rule {
    id: "TRANSFER-005",
    name: "suit-decompression",
    phase: Phase::Transfer,
    modes: EVA,
    default_severity: Severity::Blocking,
    symmetric: true,
    reference: "EV24 (R limits 1.65 at 4.3 psia, 1.85 at 5.8 psia; 360-min compartment); EV14 (4.3 psid EMU holds 19.0 psia in a 14.7 psia cabin); atmosphere_suits.md §0, §3, §7 rules 1, 12, 13",
    summary: "Crews crossing outside in EVA suits stay under the R limit at the suit's absolute pressure in vacuum",
    docs: RuleDocs {
        what_it_checks: "For each EVA-class suit a side goes outside in (the crossing crew's own and those carried up for them; the rescuer's when its crew goes out to help), the suit's absolute pressure in vacuum (its operating pressure differential, at its highest setting, over zero ambient) and the crew's tissue N2 equilibrated in its own cabin: R = P1N2 / P_suit against the R limit for that pressure. The differential is never compared with a cabin pressure: the same suit in its own cabin holds the cabin pressure plus the differential (shown as evidence). Over the limit: conditional on an in-suit or mask prebreathe (the suit breathes oxygen, or the vehicle gives prebreathe O2), whose length the finding computes; blocking when neither; unknown when not said. The model is the single 360-min compartment; the ISS 4-h in-suit protocol is accepted at a model R of 1.70 and the Russian 30-min Orlan prebreathe at 1.89, so published protocols may be shorter than the computed time. The suits of an unpressurized rover (`mobility.pressurized = false`) are left out: its crew boarded in them from another vehicle's cabin.",
        why_it_blocks: "Going from a sea-level cabin straight into a 4.3 psia suit gives R 2.7: a high risk of decompression sickness outside, with no way to repressurize quickly.",
        example: "ISS air (14.7 psia, 21 %) into an EMU (4.3 psid, 4.3 psia in vacuum): R = 2.70 over 1.65, conditional on about 4 h 16 min in-suit prebreathe. The same EMU inside the 14.7 psia cabin holds 19.0 psia.",
        how_to_resolve: "Prebreathe 100 % O2 for the time given (in the suit or on masks), lower the cabin ahead of the EVA (Shuttle staged 10.2 psia), or use the suit's highest pressure setting.",
        tolerances: "None: the R value is compared with its limit as computed.",
    },
    check,
};

fn vacuum() -> AbsolutePressure {
    AbsolutePressure(Pressure::new::<pascal>(0.0))
}

/// The suit sets each side goes outside in, rescuer first: the crossing
/// crew's (their own and those carried up for them); the rescuer's, when
/// its crew goes out to help. Plain loops over them copy no iterator state
/// (a fleet matrix runs this for every cell).
/// An unpressurized rover's crew is already in its suits, having left its
/// cabin elsewhere: there is no cabin of the rover to decompress from.
fn outside<'a>(ctx: &Context<'a>) -> [(Party, [Option<SuitSet<'a>>; 2]); 2] {
    let goes_out = |party: Party| {
        !ctx.vehicle(party).is_open_rover()
            && (party == Party::Distressed || ctx.situation.eva_helpers() > 0)
    };
    [Party::Rescuer, Party::Distressed].map(|party| {
        (
            party,
            if goes_out(party) {
                ctx.situation.eva_suits(party)
            } else {
                [None, None]
            },
        )
    })
}

fn is_eva(suit: &CarriedSuit) -> bool {
    suit.suit.serves(SuitClass::Eva) == Some(true)
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let sides = outside(ctx);
    let any = sides.iter().any(|(_, sets)| {
        sets.iter()
            .flatten()
            .any(|set| set.suits.iter().any(is_eva))
    });
    if !any {
        // Nothing to decide: TRANSFER-006 reports the missing EVA suits.
        out.not_applicable();
        return;
    }
    for (party, sets) in &sides {
        for set in sets.iter().flatten() {
            for suit in set.suits.iter().filter(|s| is_eva(s)) {
                check_suit(ctx, *party, set, suit, out);
            }
        }
    }
}

fn check_suit(
    ctx: &Context<'_>,
    party: Party,
    set: &SuitSet<'_>,
    carried: &CarriedSuit,
    out: &mut Sink,
) {
    let v = ctx.vehicle(party);
    let suit = &carried.suit;
    // Built only when a finding is (a counting sink never asks).
    let suit_name = || crate::text::escape_for_terminal(&carried.id);
    let pressure_ref = || set.field_ref(carried, "operating_pressure", &suit.operating_pressure);
    let setting: Option<PressureDifference> = suit
        .operating_pressure
        .get()
        .and_then(|range| range.max.or(range.typical()));
    let (Some(setting), Some((cabin, fraction))) = (setting, cabin_gas(v)) else {
        out.emit(Severity::Unknown, || {
            FindingBody::new(format!(
                "cannot compute the decompression into the suit '{}' of {}: its operating pressure or the cabin atmosphere is not given",
                suit_name(),
                named(ctx, party)
            ))
            .field(pressure_ref())
            .field(FieldRef::new(party, "atmosphere.o2_fraction", &v.atmosphere.o2_fraction))
            .mitigation("give the suit's operating_pressure (a differential, psid) and the cabin's atmosphere.pressure and o2_fraction")
        });
        return;
    };
    let in_vacuum = setting.absolute_in(vacuum());
    let in_cabin = setting.absolute_in(cabin);
    let tissue = equilibrated_tissue_n2(cabin.0, fraction);
    let Some(r_now) = r_value(tissue, in_vacuum.0) else {
        out.emit(Severity::Blocking, || {
            FindingBody::new(format!(
                "the suit '{}' of {} holds no pressure in vacuum",
                suit_name(),
                named(ctx, party)
            ))
            .field(pressure_ref())
        });
        return;
    };
    let limit = r_limit(in_vacuum.0);
    if r_now <= limit {
        return;
    }
    let breathes_o2 = suit.gas.value().map(|g| g == SuitGas::Oxygen);
    let vehicle_o2 = v.atmosphere.prebreathe_o2.value();
    let severity = if breathes_o2 == Some(true) || vehicle_o2 == Some(true) {
        Severity::Conditional
    } else if breathes_o2 == Some(false) && vehicle_o2 == Some(false) {
        Severity::Blocking
    } else {
        Severity::Unknown
    };
    out.emit(severity, || {
        let minutes = prebreathe_time(tissue, in_vacuum.0, limit, Pressure::new::<pascal>(0.0))
            .map(|t| t.get::<minute>());
        let prebreathe = match minutes {
            Some(m) => format!("{} 100 % O2 prebreathe at rest", format_minutes(m)),
            None => "a 100 % O2 prebreathe".to_string(),
        };
        FindingBody::new(format!(
            "the crew of {} going outside in the suit '{}' ({} differential: {} in vacuum, {} in its cabin) gives R = {}, over the limit {}",
            named(ctx, party),
            suit_name(),
            setting.display(),
            in_vacuum.display(),
            in_cabin.display(),
            crate::units::format_number(r_now),
            crate::units::format_number(limit)
        ))
        .evidence(Evidence::value("tissue N2", Measure::of(AbsolutePressure(tissue))))
        .evidence(Evidence::value("suit differential", Measure::of(setting)))
        .evidence(Evidence::value("suit absolute in vacuum", Measure::of(in_vacuum)))
        .evidence(Evidence::value("suit absolute in its cabin", Measure::of(in_cabin)))
        .evidence(Evidence::value("R", Measure::Number { value: r_now, unit: "" }))
        .evidence(Evidence::limit("R", Measure::Number { value: limit, unit: "" }))
        .evidence(Evidence::margin("R", Measure::Number { value: limit - r_now, unit: "" }))
        .field(pressure_ref())
        .field(FieldRef::new(party, "atmosphere.pressure", &v.atmosphere.pressure))
        .field(FieldRef::new(party, "atmosphere.o2_fraction", &v.atmosphere.o2_fraction))
        .field(set.field_ref(carried, "gas", &suit.gas))
        .field(FieldRef::new(party, "atmosphere.prebreathe_o2", &v.atmosphere.prebreathe_o2))
        .mitigation(match severity {
            Severity::Conditional => format!("{prebreathe} before depressurizing"),
            Severity::Blocking => format!("carry 100 % O2 for {prebreathe}, or lower the cabin ahead of the EVA"),
            _ => format!("give the suit's gas and the vehicle's atmosphere.prebreathe_o2; the crew needs {prebreathe}"),
        })
    });
}
