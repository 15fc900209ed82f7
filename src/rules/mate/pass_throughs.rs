//! MATE-005 pass-throughs-and-hatch: utilities across the mated interface
//! and the provisions needed before the hatch opens.
//!
//! Power and data cross a docking interface only where both ports carry the
//! same voltage and a common data link; they are compared only when both
//! ports declare them (neither is needed to move a crew). Before a hatch
//! opens, the pressures either side must be equalized (a valve on at least
//! one vehicle) and the vestibule should be leak-checked (Soyuz MS-17: hatch
//! opened about two hours after docking, after leak checks and pressure
//! equalization). Uses the mated pair that fares best
//! (`rules::mate::pairing`); not applicable when no pair of ports mates.

use crate::rules::helpers::{item_path, named};
use crate::rules::mate::pairing::{Mating, check_best_mating, shared_matings};
use crate::rules::{
    Context, DOCKED, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::spec::{Field, Quantity};

pub static RULE: Rule = Rule {
    id: "MATE-005",
    name: "pass-throughs-and-hatch",
    phase: Phase::Mate,
    modes: DOCKED,
    default_severity: Severity::Blocking,
    symmetric: true,
    reference: "docking.md §17 (ENERGIA-MS17 leak checks and equalization before hatch opening; ESA-SC vestibule leak check; PWR 120 V DC USOS and 28 V Shuttle)",
    summary: "Power and data pass the interface where both declare them; pressure can be equalized and the vestibule leak-checked before the hatch opens",
    docs: RuleDocs {
        what_it_checks: "For the mated pair of ports: the two ports' `power_voltage` and `data_links` when both declare them; and the two vehicles' `hatch.equalization_valve` and `hatch.leak_check`: at least one vehicle must be able to equalize pressure across the vestibule and at least one to leak-check it. Not applicable when no pair of ports mates or that is unknown: MATE-001 reports it once.",
        why_it_blocks: "A hatch cannot be opened against a pressure difference, so with no valve to equalize the vestibule the crew cannot cross. Opening without a leak check risks the crews of both vehicles on a seal that may not hold. Different voltages or data links only stop power and data from crossing (conditional: a converter or a standalone mode).",
        example: "Shuttle 28 V against the ISS 120 V: power does not pass without a converter (the APCU, later SSPTS), conditional. Two vehicles both stating they have no equalization valve: blocking.",
        how_to_resolve: "Carry a converter or run the visiting vehicle on its own power; fit an equalization valve or a portable equalization kit; agree on a leak-check procedure (vestibule depressed and monitored) before hatch opening.",
        tolerances: "Voltages are the same within one part in a million (the same value written in other units); data links are terms of `specs/vocabularies/data-links.toml`, compared by id.",
    },
    check,
};

fn check(ctx: &Context<'_>, out: &mut Sink) {
    check_best_mating(ctx, out, &RULE, shared_matings(ctx), check_mating);
}

/// What two vehicles' flags say together: any true, all false, or unknown.
fn either(a: &Field<bool>, b: &Field<bool>) -> Option<bool> {
    match (a.value(), b.value()) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

fn check_mating(ctx: &Context<'_>, m: &Mating<'_>, out: &mut Sink) {
    let (cp, tp) = (m.chaser_port, m.target_port);
    let port_name = |p: &crate::spec::Port| {
        crate::text::escape_for_terminal(p.id.get().map(String::as_str).unwrap_or("?"))
    };

    // Power, when both declare it.
    if let (Some(a), Some(b)) = (cp.power_voltage.value(), tp.power_voltage.value()) {
        let (x, y) = (a.si(), b.si());
        if (x - y).abs() > 1e-6 * x.abs().max(y.abs()) {
            out.emit(Severity::Conditional, || {
                FindingBody::new(format!(
                    "power does not pass the interface as it is: {} port {} carries {}, {} port {} carries {}",
                    named(ctx, m.chaser),
                    port_name(cp),
                    a.display(),
                    named(ctx, m.target()),
                    port_name(tp),
                    b.display()
                ))
                .evidence(Evidence::value("chaser voltage", Measure::of(a)))
                .evidence(Evidence::limit("target voltage", Measure::of(b)))
                .field(FieldRef::new(m.chaser, item_path("ports", &cp.id, "power_voltage"), &cp.power_voltage))
                .field(FieldRef::new(m.target(), item_path("ports", &tp.id, "power_voltage"), &tp.power_voltage))
                .mitigation("carry a converter (as the Shuttle's APCU did at the ISS) or run the docked vehicle on its own power")
            });
        }
    }

    // Data links, when both declare them: terms of
    // specs/vocabularies/data-links.toml, compared by their ids.
    if let (Some(a), Some(b)) = (cp.data_links.get(), tp.data_links.get()) {
        if !a.is_empty() && !b.is_empty() && !a.iter().any(|x| b.contains(x)) {
            out.emit(Severity::Conditional, || {
                let list =
                    |l: &Vec<crate::spec::vocabulary::DataLink>| crate::spec::vocabulary::join(l);
                FindingBody::new(format!(
                    "no common data link across the interface: {} offers {}, {} offers {}",
                    named(ctx, m.chaser),
                    list(a),
                    named(ctx, m.target()),
                    list(b)
                ))
                .evidence(Evidence::value("chaser data links", Measure::Text(list(a))))
                .evidence(Evidence::limit("target data links", Measure::Text(list(b))))
                .field(FieldRef::new(
                    m.chaser,
                    item_path("ports", &cp.id, "data_links"),
                    &cp.data_links,
                ))
                .field(FieldRef::new(
                    m.target(),
                    item_path("ports", &tp.id, "data_links"),
                    &tp.data_links,
                ))
                .mitigation("exchange data by radio or a portable link, or carry a protocol bridge")
            });
        }
    }

    // Before the hatch opens.
    let (r, d) = (ctx.rescuer, ctx.distressed);
    let hatch_refs = |key: &str, rf: &Field<bool>, df: &Field<bool>| {
        vec![
            FieldRef::new(Party::Rescuer, format!("hatch.{key}"), rf),
            FieldRef::new(Party::Distressed, format!("hatch.{key}"), df),
        ]
    };
    match either(&r.hatch.equalization_valve, &d.hatch.equalization_valve) {
        Some(true) => {}
        Some(false) => out.emit(Severity::Blocking, || {
            let mut body = FindingBody::new(format!(
                "neither {} nor {} can equalize pressure across the vestibule, so the hatch cannot be opened",
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed)
            ))
            .mitigation("fit an equalization valve or carry a portable equalization kit");
            body.fields = hatch_refs(
                "equalization_valve",
                &r.hatch.equalization_valve,
                &d.hatch.equalization_valve,
            );
            body
        }),
        None => out.emit(Severity::Unknown, || {
            let mut body = FindingBody::new(format!(
                "cannot tell whether {} or {} can equalize pressure before the hatch opens",
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed)
            ))
            .mitigation("give hatch.equalization_valve for both vehicles");
            body.fields = hatch_refs(
                "equalization_valve",
                &r.hatch.equalization_valve,
                &d.hatch.equalization_valve,
            );
            body
        }),
    }
    match either(&r.hatch.leak_check, &d.hatch.leak_check) {
        Some(true) => {}
        Some(false) => out.emit(Severity::Conditional, || {
            let mut body = FindingBody::new(format!(
                "neither {} nor {} can leak-check the vestibule before the hatch opens",
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed)
            ))
            .mitigation("agree on a leak-check procedure (vestibule depressed and its pressure monitored) or accept the risk explicitly");
            body.fields = hatch_refs("leak_check", &r.hatch.leak_check, &d.hatch.leak_check);
            body
        }),
        None => out.emit(Severity::Unknown, || {
            let mut body = FindingBody::new(format!(
                "cannot tell whether {} or {} can leak-check the vestibule before the hatch opens",
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed)
            ))
            .mitigation("give hatch.leak_check for both vehicles");
            body.fields = hatch_refs("leak_check", &r.hatch.leak_check, &d.hatch.leak_check);
            body
        }),
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
