//! TRANSFER-002 mixed-atmosphere-fire: the atmosphere after the hatch opens
//! stays inside each vehicle's materials fire certification.
//!
//! Opening the hatch mixes the two cabins (ideal gas, volume weighted) and
//! the mix fills both vehicles. Materials are certified for flammability up
//! to an O2 fraction (30 % for Shuttle and ISS, 34 % proposed for
//! exploration atmospheres, EV24 Fig. 1); an Apollo-like pure-O2 cabin mixed
//! into an ISS-class vehicle can exceed it.

use crate::physics::gas::mix_cabins;
use crate::rules::helpers::named;
use crate::rules::{
    Context, DOCKED, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::units::Kind;

use super::cabin;

pub static RULE: Rule = Rule {
    id: "TRANSFER-002",
    name: "mixed-atmosphere-fire",
    phase: Phase::Transfer,
    modes: DOCKED,
    default_severity: Severity::Blocking,
    symmetric: true,
    reference: "EV24 Fig. 1 (30 % Shuttle/ISS flammability limit, 34 % proposed, 70 % materials limit); NASA-STD-6001 Test 1; atmosphere_suits.md §2, §7 rule 4",
    summary: "After the hatch opens, the mixed O2 fraction stays within each vehicle's materials fire-certification limit",
    docs: RuleDocs {
        what_it_checks: "The O2 fraction of the two cabins mixed as ideal gases (volume weighted), against each vehicle's atmosphere.materials_o2_limit. A vehicle that gives no limit is taken as certified for its own atmosphere only: a mix richer than its own highest O2 fraction is unknown. Not applicable when the crew crosses out of a depressurized cabin (a scenario's distressed.cabin_pressurized = false): there is no cabin air to mix. Not applicable when either vehicle is an unpressurized rover (`mobility.pressurized = false`): it has no cabin, and MATE-001 blocks the docked transfer.",
        why_it_blocks: "Materials burn faster and ignite more easily above the O2 fraction they were tested at (NASA-STD-6001 Test 1); the Apollo 1 fire spread in pure O2. Opening the hatch puts the mix into both vehicles.",
        example: "An Apollo-like cabin (5 psia, 100 % O2, 6 m^3) mixed with an ISS-like module (14.7 psia, 21 %, 6 m^3) gives about 41 % O2, over a 30 % certification: blocking.",
        how_to_resolve: "Dilute the O2-rich cabin with N2 before opening (ASTP raised its docking module with N2), transfer through an airlock with the hatches closed (the ASTP docking module), or certify the materials for the higher fraction.",
        tolerances: "A mixed O2 fraction equal to a cabin's own, up to one part in a billion (the same cabin written in other units), is no richer than it; otherwise none.",
    },
    check,
};

fn check(ctx: &Context<'_>, out: &mut Sink) {
    if super::from_depressurized_cabin(ctx) || crate::rules::helpers::a_side_has_no_cabin(ctx) {
        out.not_applicable();
        return;
    }
    let (r, d) = (ctx.rescuer, ctx.distressed);
    let (Some(a), Some(b)) = (cabin(r), cabin(d)) else {
        out.emit(Severity::Unknown, || {
            let mut body = FindingBody::new(format!(
                "cannot compute the mixed O2 fraction: {} or {} does not give its cabin pressure, O2 fraction and free volume",
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed)
            ))
            .mitigation("give atmosphere.pressure, atmosphere.o2_fraction and atmosphere.free_volume");
            for (party, v) in [(Party::Rescuer, r), (Party::Distressed, d)] {
                body.fields.push(FieldRef::new(party, "atmosphere.o2_fraction", &v.atmosphere.o2_fraction));
            }
            body
        });
        return;
    };
    let Some(mixed) = mix_cabins(&a, &b) else {
        return;
    };
    let fraction = mixed.o2_fraction.value;
    for party in [Party::Rescuer, Party::Distressed] {
        let v = ctx.vehicle(party);
        let limit_field = &v.atmosphere.materials_o2_limit;
        match limit_field.value() {
            Some(limit) if fraction > limit.value => {
                out.emit(Severity::Blocking, || {
                    FindingBody::new(format!(
                        "the mixed atmosphere holds {} O2, above the {} that the materials of {} are certified for",
                        Kind::Fraction.format_si(fraction),
                        Kind::Fraction.format_si(limit.value),
                        named(ctx, party)
                    ))
                    .evidence(Evidence::value("mixed O2 fraction", Measure::of(mixed.o2_fraction)))
                    .evidence(Evidence::limit("materials O2 limit", Measure::of(limit)))
                    .evidence(Evidence::margin(
                        "O2 fraction",
                        Measure::Quantity { kind: Kind::Fraction, si: limit.value - fraction },
                    ))
                    .field(FieldRef::new(party, "atmosphere.materials_o2_limit", limit_field))
                    .field(FieldRef::new(Party::Rescuer, "atmosphere.o2_fraction", &r.atmosphere.o2_fraction))
                    .field(FieldRef::new(Party::Distressed, "atmosphere.o2_fraction", &d.atmosphere.o2_fraction))
                    .mitigation(format!(
                        "dilute the O2-rich cabin with N2 until the mix is at most {} O2, or transfer through an airlock with the hatches closed",
                        Kind::Fraction.format_si(limit.value)
                    ))
                });
            }
            Some(_) => {}
            None => {
                // Certified, at least, for the atmosphere it flies with.
                let own_max = v
                    .atmosphere
                    .o2_fraction
                    .get()
                    .and_then(|range| range.max.or(range.typical()))
                    .map(|f| f.value);
                // A mix equal to its own fraction, up to rounding (the same
                // cabin written in other units), is no richer.
                if own_max.is_some_and(|own| fraction <= own * (1.0 + 1e-9)) {
                    continue;
                }
                out.emit(Severity::Unknown, || {
                    FindingBody::new(format!(
                        "the mixed atmosphere holds {} O2, richer than {} flies with, and {} gives no materials O2 limit",
                        Kind::Fraction.format_si(fraction),
                        named(ctx, party),
                        named(ctx, party)
                    ))
                    .evidence(Evidence::value("mixed O2 fraction", Measure::of(mixed.o2_fraction)))
                    .field(FieldRef::new(party, "atmosphere.materials_o2_limit", limit_field))
                    .mitigation("give atmosphere.materials_o2_limit")
                });
            }
        }
    }
}
