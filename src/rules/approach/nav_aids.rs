//! APPROACH-001 navigation-aids: the target carries the aids the chaser needs.
//!
//! A chaser's rendezvous sensors need something to lock on to at the target
//! port: Kurs-NA needs a Kurs transponder (Kurs-P or Kurs-MKP) on the station,
//! IDSS vehicles need the IDSS retro-reflectors and docking targets. The
//! chaser's port lists `nav_aids_needed`, the target's port lists
//! `nav_aids_carried`; every needed aid must be carried. The chaser is the
//! vehicle of the active port (see `rules::mate::pairing`); not applicable
//! when no pair of ports docks (MATE-001 reports that).

use crate::rules::helpers::{item_path, named};
use crate::rules::mate::pairing::{Mating, check_best_mating, shared_dockings};
use crate::rules::{
    Context, DOCKED, Evidence, FieldRef, FindingBody, Measure, Phase, Rule, RuleDocs, Severity,
    Sink,
};
use crate::spec::vocabulary::{NavAid, join};

pub static RULE: Rule = Rule {
    id: "APPROACH-001",
    name: "navigation-aids",
    phase: Phase::Approach,
    modes: DOCKED,
    default_severity: Severity::Blocking,
    symmetric: true,
    reference: "docking.md §16 (KURS: Kurs needs a responder on the target; SE-TGT, PDT: IDSS §3.5 reflectors and docking targets)",
    summary: "The target port carries the navigation aids the chaser needs to approach it",
    docs: RuleDocs {
        what_it_checks: "For the pair of ports that docks, every entry of the chaser port's `nav_aids_needed` against the target port's `nav_aids_carried`. The chaser is the vehicle whose port plays the active role; in a rescue it may be either side. Not applicable when no pair of ports docks or that is unknown: MATE-001 reports it once.",
        why_it_blocks: "Without the aids its sensors track, a chaser cannot measure range, rate and alignment for the final approach: Kurs-NA needs a Kurs transponder on the target, and IDSS vehicles track the IDSS peripheral retro-reflectors and docking targets.",
        example: "Soyuz MS (needs a Kurs transponder) to the ISS Rassvet port (carries one): passes. Crew Dragon (needs IDSS reflectors and docking targets) to IDA-2: passes. A Kurs chaser to a port with only IDSS targets: blocking.",
        how_to_resolve: "Fit the missing aid to the target port, give the chaser a sensor that works with what the target carries, or plan a manually piloted approach (as TORU allows for Soyuz and Progress) and say so as a procedure.",
        tolerances: "None: navigation aids are terms of `specs/vocabularies/nav-aids.toml`, compared by id (the aliases kurs-p and kurs-mkp are kurs-transponder).",
    },
    check,
};

fn check(ctx: &Context<'_>, out: &mut Sink) {
    check_best_mating(ctx, out, &RULE, shared_dockings(ctx), check_mating);
}

fn check_mating(ctx: &Context<'_>, m: &Mating<'_>, out: &mut Sink) {
    let (cp, tp) = (m.chaser_port, m.target_port);
    let needed_ref = || {
        FieldRef::new(
            m.chaser,
            item_path("ports", &cp.id, "nav_aids_needed"),
            &cp.nav_aids_needed,
        )
    };
    let carried_ref = || {
        FieldRef::new(
            m.target(),
            item_path("ports", &tp.id, "nav_aids_carried"),
            &tp.nav_aids_carried,
        )
    };
    let Some(needed) = cp.nav_aids_needed.get() else {
        out.emit(Severity::Unknown, || {
            FindingBody::new(format!(
                "cannot tell which navigation aids {} needs on a target",
                named(ctx, m.chaser)
            ))
            .field(needed_ref())
            .mitigation("give the chasing port's nav_aids_needed (an empty list if it needs none)")
        });
        return;
    };
    if needed.is_empty() {
        return;
    }
    let Some(carried) = tp.nav_aids_carried.get() else {
        out.emit(Severity::Unknown, || {
            FindingBody::new(format!(
                "{} needs {} on the target, but {} does not say which navigation aids its port carries",
                named(ctx, m.chaser),
                join(needed),
                named(ctx, m.target())
            ))
            .field(needed_ref())
            .field(carried_ref())
            .mitigation("give the target port's nav_aids_carried")
        });
        return;
    };
    // Canonical terms: "Kurs-MKP" on one side and "kurs-transponder" on the
    // other were resolved to one id when the specs were read.
    let missing: Vec<&NavAid> = needed.iter().filter(|n| !carried.contains(n)).collect();
    if missing.is_empty() {
        return;
    }
    out.emit(Severity::Blocking, || {
        let shown_carried = if carried.is_empty() {
            "none".to_string()
        } else {
            join(carried)
        };
        FindingBody::new(format!(
            "{} needs {} on the target, which {} does not carry at its port (it carries {})",
            named(ctx, m.chaser),
            join(missing.iter().copied()),
            named(ctx, m.target()),
            shown_carried
        ))
        .evidence(Evidence::value("aids needed", Measure::Text(join(needed))))
        .evidence(Evidence::limit("aids carried", Measure::Text(shown_carried)))
        .evidence(Evidence::margin(
            "missing",
            Measure::Text(join(missing.iter().copied())),
        ))
        .field(needed_ref())
        .field(carried_ref())
        .mitigation("fit the missing aid to the target port, or fly a manually piloted approach under an agreed procedure")
    });
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
