//! MATE-002 capture-energy: the receiving mechanism absorbs the contact.
//!
//! The kinetic energy of contact is that of the relative motion of the two
//! vehicles, `E = ½·μ·v²` with the reduced mass `μ = m1·m2/(m1 + m2)`
//! (`physics::capture`), at the chaser's maximum closing speed and the
//! vehicles' largest masses (the worst case). It must not exceed the
//! receiving port's `attenuation_energy`, and the chaser's mass must lie in
//! the receiving port's `partner_mass` range; either limit decides when the
//! other is not given. The chaser is the vehicle of the active port
//! (`rules::mate::pairing`); not applicable when no pair of ports docks.

use uom::si::f64::{Mass, Velocity};

use crate::physics::capture::{contact_energy, reduced_mass};
use crate::rules::helpers::{item_path, named};
use crate::rules::mate::pairing::{Mating, check_best_mating, shared_dockings};
use crate::rules::{
    Context, DOCKED, Evidence, FieldRef, FindingBody, Measure, Phase, Rule, RuleDocs, Severity,
    Sink,
};
use crate::spec::{Quantity, Range, Vehicle};

pub static RULE: Rule = Rule {
    id: "MATE-002",
    name: "capture-energy",
    phase: Phase::Mate,
    modes: DOCKED,
    default_severity: Severity::Blocking,
    symmetric: true,
    reference: "docking.md (capture energy with the reduced mass of the pair; IDSS design case of a 25 t visitor to a 350 t station, GH-DMS)",
    summary: "The contact energy of the pair (reduced mass, maximum closing speed) is within the receiving mechanism's attenuation capacity and mass range",
    docs: RuleDocs {
        what_it_checks: "For the pair of ports that docks: E = ½·μ·v² with μ = m1·m2/(m1 + m2) of the two vehicles' largest masses and v the chaser's maximum closing speed (`contact_conditions.closing_speed`), against the receiving port's `attenuation_energy`; and the chaser's mass range against the receiving port's `partner_mass`. Not applicable when no pair of ports docks or that is unknown: MATE-001 reports it once.",
        why_it_blocks: "A mechanism attenuates a bounded energy at contact; more makes the vehicles rebound or overloads the interface. A mechanism designed for a range of visiting masses may not capture, or may be overloaded by, a vehicle outside it.",
        example: "A 12.5 t capsule at 0.1 m/s onto a 420 t station: μ = 12.14 t, E = 60.7 J. Against a port attenuating 50 J: 10.7 J over, blocking.",
        how_to_resolve: "Lower the chaser's maximum closing speed (the energy falls with its square), dock to a port whose mechanism attenuates more, or lighten the chaser.",
        tolerances: "None: the capture energy is compared with the attenuation energy as computed, in SI units. Where the masses, closing speed or attenuation are not given, a docking on record of exactly these two ports, this chaser flying in, decides it (docs/flight-record.md).",
    },
    check,
};

fn largest(mass: &crate::spec::Field<Range<Mass>>) -> Option<Mass> {
    mass.value().and_then(|r| r.max.or(r.typical()))
}

fn smallest(mass: &crate::spec::Field<Range<Mass>>) -> Option<Mass> {
    mass.value().and_then(|r| r.min.or(r.typical()))
}

fn mass_ref(party: crate::rules::Party, v: &Vehicle) -> FieldRef {
    FieldRef::new(party, "vehicle.mass", &v.info.mass)
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    check_best_mating(ctx, out, &RULE, shared_dockings(ctx), check_mating);
}

/// The worst-case contact energy of a mating, when the data give it.
pub fn worst_case_energy(ctx: &Context<'_>, m: &Mating<'_>) -> Option<uom::si::f64::Energy> {
    let chaser_mass = largest(&m.chaser_vehicle(ctx).info.mass)?;
    let target_mass = largest(&m.target_vehicle(ctx).info.mass)?;
    let speed: Velocity = m
        .chaser_port
        .contact_conditions
        .closing_speed
        .value()
        .and_then(|r| r.max)?;
    contact_energy(chaser_mass, target_mass, speed)
}

fn check_mating(ctx: &Context<'_>, m: &Mating<'_>, out: &mut Sink) {
    let (chaser, target) = (m.chaser_vehicle(ctx), m.target_vehicle(ctx));
    let (cp, tp) = (m.chaser_port, m.target_port);
    let speed_ref = || {
        FieldRef::new(
            m.chaser,
            item_path("ports", &cp.id, "contact_conditions.closing_speed"),
            &cp.contact_conditions.closing_speed,
        )
    };
    let attenuation_ref = || {
        FieldRef::new(
            m.target(),
            item_path("ports", &tp.id, "attenuation_energy"),
            &tp.attenuation_energy,
        )
    };
    let partner_ref = || {
        FieldRef::new(
            m.target(),
            item_path("ports", &tp.id, "partner_mass"),
            &tp.partner_mass,
        )
    };
    let energy = worst_case_energy(ctx, m);
    let mut decided = false;

    if let Some(capacity) = tp.attenuation_energy.value() {
        if let Some(energy) = energy {
            decided = true;
            let margin = capacity - energy;
            if margin.si() < 0.0 {
                out.emit(Severity::Blocking, || {
                    let mu = largest(&chaser.info.mass)
                        .zip(largest(&target.info.mass))
                        .and_then(|(a, b)| reduced_mass(a, b));
                    let mut body = FindingBody::new(format!(
                        "contact of {} with {} carries {} (reduced mass {} at {}), more than the {} port attenuates ({}): over by {}",
                        named(ctx, m.chaser),
                        named(ctx, m.target()),
                        energy.display(),
                        mu.map(|x| x.display()).unwrap_or_else(|| "?".into()),
                        cp.contact_conditions.closing_speed.value().and_then(|r| r.max).map(|v| v.display()).unwrap_or_else(|| "?".into()),
                        crate::text::escape_for_terminal(tp.id.get().map(String::as_str).unwrap_or("?")),
                        capacity.display(),
                        (-margin).display()
                    ))
                    .evidence(Evidence::value("contact energy", Measure::of(energy)))
                    .evidence(Evidence::limit("attenuation capacity", Measure::of(capacity)))
                    .evidence(Evidence::margin("margin", Measure::of(margin)))
                    .mitigation("lower the chaser's maximum closing speed (energy falls with its square) or dock to a port that attenuates more");
                    if let Some(mu) = mu {
                        body.evidence.insert(0, Evidence::value("reduced mass", Measure::of(mu)));
                    }
                    body.fields = vec![
                        speed_ref(),
                        mass_ref(m.chaser, chaser),
                        mass_ref(m.target(), target),
                        attenuation_ref(),
                    ];
                    body
                });
            }
        }
    }

    if let Some(range) = tp.partner_mass.value() {
        let heavy = largest(&chaser.info.mass);
        let light = smallest(&chaser.info.mass);
        if let (Some(heavy), Some(light)) = (heavy, light) {
            decided = true;
            let over = range
                .max
                .filter(|max| heavy > *max)
                .map(|max| (heavy, max, heavy - max));
            let under = range
                .min
                .filter(|min| light < *min)
                .map(|min| (light, min, min - light));
            for (mass, limit, by, above) in over
                .map(|(a, b, c)| (a, b, c, true))
                .into_iter()
                .chain(under.map(|(a, b, c)| (a, b, c, false)))
            {
                out.emit(Severity::Blocking, || {
                    let mut body = FindingBody::new(format!(
                        "{} ({}) is {} the mass range the {} port of {} is designed for ({}): {} by {}",
                        named(ctx, m.chaser),
                        mass.display(),
                        if above { "above" } else { "below" },
                        crate::text::escape_for_terminal(tp.id.get().map(String::as_str).unwrap_or("?")),
                        named(ctx, m.target()),
                        range.display(),
                        if above { "over" } else { "under" },
                        by.display()
                    ))
                    .evidence(Evidence::value("chaser mass", Measure::of(mass)))
                    .evidence(Evidence::limit(
                        if above { "largest partner mass" } else { "smallest partner mass" },
                        Measure::of(limit),
                    ))
                    .evidence(Evidence::margin("margin", Measure::of(-by)))
                    .mitigation("dock to a port designed for the chaser's mass, or show by analysis that the mechanism captures it");
                    body.fields = vec![mass_ref(m.chaser, chaser), partner_ref()];
                    body
                });
            }
        }
    }

    if !decided {
        // The mechanism absorbed this chaser's contact at these ports.
        let flown = m.flown_docking(ctx);
        out.emit_unknown_unless_flown(&flown, || {
            let mut missing = Vec::new();
            if largest(&chaser.info.mass).is_none() {
                missing.push(format!("the mass of {}", named(ctx, m.chaser)));
            }
            if largest(&target.info.mass).is_none() {
                missing.push(format!("the mass of {}", named(ctx, m.target())));
            }
            if cp.contact_conditions.closing_speed.value().and_then(|r| r.max).is_none() {
                missing.push("the chaser's maximum closing speed".into());
            }
            if tp.attenuation_energy.is_unknown() && tp.partner_mass.is_unknown() {
                missing.push("the receiving port's attenuation energy or partner mass range".into());
            }
            let mut body = FindingBody::new(format!(
                "cannot tell whether the {} port of {} absorbs the contact of {}: {} not given",
                crate::text::escape_for_terminal(tp.id.get().map(String::as_str).unwrap_or("?")),
                named(ctx, m.target()),
                named(ctx, m.chaser),
                missing.join(", ")
            ))
            .mitigation("give both vehicles' mass, the chasing port's contact_conditions.closing_speed and the receiving port's attenuation_energy or partner_mass");
            if let Some(e) = energy {
                body.evidence.push(Evidence::value("contact energy", Measure::of(e)));
            }
            body.fields = vec![
                mass_ref(m.chaser, chaser),
                mass_ref(m.target(), target),
                speed_ref(),
                attenuation_ref(),
                partner_ref(),
            ];
            body
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::mate::pairing::fixtures;

    #[test]
    fn real_pairs() {
        fixtures::real_pairs(&RULE);
    }
}
