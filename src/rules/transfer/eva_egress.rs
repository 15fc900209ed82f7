//! TRANSFER-007 eva-egress: when the vehicles cannot dock, each has a way
//! out to vacuum and a hatch an EVA-suited crew member passes.
//!
//! An EVA transfer leaves one vehicle and enters the other: each needs an
//! airlock or a cabin that can be depressurized whole (Crew Dragon on
//! Polaris Dawn), and an EVA hatch at least as wide as the suited crew
//! member. EMUs do not fit the Russian Pirs hatch; Quest passes both suits.

use crate::rules::helpers::named;
use crate::rules::{
    Context, EVA, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs, Severity,
    Sink,
};
use crate::scenario::file::EvaCrossing;
use crate::spec::{Quantity, SuitClass};

pub static RULE: Rule = Rule {
    id: "TRANSFER-007",
    name: "eva-egress",
    phase: Phase::Transfer,
    modes: EVA,
    default_severity: Severity::Blocking,
    // Not symmetric: the hatch is measured against the suits the distressed
    // crew crosses in (tests/properties.rs found the directions differ).
    symmetric: false,
    reference: "atmosphere_suits.md §6.2 (EMU does not fit the Pirs hatch; Quest fits both) and §7 rule 10; Polaris Dawn whole-cabin depressurization (POLARIS)",
    summary: "Each vehicle has an airlock or depressurizable cabin, with an EVA hatch the crossing EVA suits pass",
    docs: RuleDocs {
        what_it_checks: "On each vehicle, eva.airlock or eva.depressurizable_cabin (a crew whose cabin a scenario says is depressurized, distressed.cabin_pressurized = false, is already open to vacuum; a rescuer that takes the crew into its airlock while its own crew stays inside, transfer.eva.crossing = into-airlock, needs an airlock); and eva.hatch_diameter against the min_passage_diameter of every EVA-class suit the crossing crew would cross in (their own, and suits carried up for them; the widest one decides). An unpressurized rover (`mobility.pressurized = false`) needs neither: its crew is already outside, in suits.",
        why_it_blocks: "Without a way to vacuum a crew cannot leave or enter; a suited crew member who does not pass the hatch cannot cross.",
        example: "A capsule with neither airlock nor depressurizable cabin: blocking. A 1000 mm hatch and a suit needing 1000 mm: no finding (boundary).",
        how_to_resolve: "Depressurize the whole cabin (crew suited), dock instead, or cross in suits that pass the narrower hatch.",
        tolerances: "None: hatch and suit diameters are compared as written, in SI units.",
    },
    check,
};

fn check(ctx: &Context<'_>, out: &mut Sink) {
    // The widest passage an EVA suit of the crossing crew needs.
    let mut needed = None;
    let mut needed_unknown = false;
    let sets = ctx.situation.eva_suits(Party::Distressed);
    for carried in sets.iter().flatten().flat_map(|set| set.suits) {
        if carried.suit.serves(SuitClass::Eva) != Some(true) {
            continue;
        }
        match carried.suit.min_passage_diameter.value() {
            Some(d) if needed.is_none_or(|n| d > n) => needed = Some(d),
            Some(_) => {}
            None => needed_unknown = true,
        }
    }
    let into_airlock = ctx.situation.eva_crossing() == EvaCrossing::IntoAirlock;
    for party in [Party::Distressed, Party::Rescuer] {
        let v = ctx.vehicle(party);
        if v.is_open_rover() {
            // Its crew rides outside, already suited: no hatch to pass.
            continue;
        }
        let eva = &v.eva;
        // A cabin already open to vacuum needs no way out of its own.
        let open = party == Party::Distressed && ctx.situation.depressurized();
        let exits = if party == Party::Rescuer && into_airlock {
            // Its crew stays inside: only an airlock admits the crew.
            [eva.airlock.value(), Some(false)]
        } else {
            [eva.airlock.value(), eva.depressurizable_cabin.value()]
        };
        if !open && !exits.contains(&Some(true)) {
            let severity = if exits.contains(&None) {
                Severity::Unknown
            } else {
                Severity::Blocking
            };
            let airlock_only = party == Party::Rescuer && into_airlock;
            out.emit(severity, || {
                FindingBody::new(format!(
                    "{} has {} airlock{} for an EVA transfer{}",
                    named(ctx, party),
                    if severity == Severity::Blocking {
                        "no"
                    } else {
                        "not stated an"
                    },
                    if airlock_only {
                        ""
                    } else {
                        " or depressurizable cabin"
                    },
                    if airlock_only {
                        " into which the crew crosses while its own crew stays inside"
                    } else {
                        ""
                    }
                ))
                .fields_from(
                    airlock_only
                        .then(|| ctx.situation.eva_field_ref("crossing"))
                        .flatten(),
                )
                .field(FieldRef::new(party, "eva.airlock", &eva.airlock))
                .field(FieldRef::new(
                    party,
                    "eva.depressurizable_cabin",
                    &eva.depressurizable_cabin,
                ))
                .mitigation(if severity == Severity::Blocking {
                    "make the transfer docked"
                } else {
                    "give eva.airlock and eva.depressurizable_cabin"
                })
            });
            continue;
        }
        let hatch = eva.hatch_diameter.value();
        match (hatch, needed) {
            (Some(h), Some(n)) if h < n => out.emit(Severity::Blocking, || {
                FindingBody::new(format!(
                    "the EVA hatch of {} is {} across; the crossing EVA suit needs {}",
                    named(ctx, party),
                    h.display(),
                    n.display()
                ))
                .evidence(Evidence::value("EVA hatch", Measure::of(h)))
                .evidence(Evidence::limit("suit passage", Measure::of(n)))
                .evidence(Evidence::margin("passage", Measure::of(h - n)))
                .field(FieldRef::new(
                    party,
                    "eva.hatch_diameter",
                    &eva.hatch_diameter,
                ))
                .mitigation("cross in suits that pass the hatch, or make the transfer docked")
            }),
            (Some(_), Some(_)) if !needed_unknown => {}
            (_, None) if !needed_unknown => {
                // No EVA suit to pass: TRANSFER-006 reports the missing suits.
            }
            _ => out.emit(Severity::Unknown, || {
                FindingBody::new(format!(
                    "whether the crossing EVA suits pass the EVA hatch of {} is not known",
                    named(ctx, party)
                ))
                .field(FieldRef::new(
                    party,
                    "eva.hatch_diameter",
                    &eva.hatch_diameter,
                ))
                .mitigation("give eva.hatch_diameter and each EVA suit's min_passage_diameter")
            }),
        }
    }
}
