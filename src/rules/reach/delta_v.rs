//! REACH-002 plane-change-budget: the plane change the rescuer must make
//! after insertion fits its Δv, with its reserve held back.
//!
//! A rescuer launched from a site that cannot reach the crew's plane must
//! turn its orbit: Δv = 2 v sin(Δi/2), about 1.35 km/s for the 10.1°
//! between Baikonur's lowest route (51.6°) and Tiangong (41.5°), against the
//! 390 m/s Soyuz carries in all (reach.md fact 20). The Δv of rendezvous
//! itself is part of every flight's plan and not counted here: the figure
//! compared is a lower bound of what the rescue needs.

use uom::si::f64::Velocity;

use super::direct_ascent::nearest_reachable;
use super::{deg, km_per_s, launch_sites, target};
use crate::physics::orbit;
use crate::rules::helpers::named;
use crate::rules::{
    ANY_MODE, Context, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::spec::LaunchSites;
use crate::spec::reach::DeltaVBudget;

pub static RULE: Rule = Rule {
    id: "REACH-002",
    name: "plane-change-budget",
    phase: Phase::Reach,
    modes: ANY_MODE,
    default_severity: Severity::Blocking,
    symmetric: false,
    reference: "reach.md §3.1 (Δv = 2 v sin(Δi/2): IGNC, WP-INCL) and §4 (budgets: EA-STMA, WP-SZ, WP-DRG2)",
    summary: "The plane change the rescuer needs after insertion fits its Δv less its reserve",
    docs: RuleDocs {
        what_it_checks: "From the rescuer's best launch site, the inclination nearest the crew's that the site reaches (within its published inclination_ranges or azimuth_ranges, else by geometry), and the plane change from there to the crew's orbit at its circular speed (orbit.altitude, or perigee and apogee, typical value): Δv = 2 v sin(Δi/2). Compared with the rescuer's reach.delta_v (or the rocket equation on propellant_mass, specific_impulse and wet_mass) less reach.delta_v_reserved. Blocking when the plane change alone exceeds the whole budget, or the budget less the reserve; unknown, naming the fields, when the budget, the reserve, the altitude or the site's latitude is not given. Passes without a reserve when no plane change is needed.",
        why_it_blocks: "Propellant spent turning the orbit is not there for rendezvous, for the deorbit burn that brings the crew home, or for contingencies.",
        example: "Soyuz MS from Baikonur to Tiangong: 10.1 deg from the 51.6 deg route, about 1.35 km/s at Tiangong's altitude, against a total of 0.39 km/s: blocking. Crew Dragon from Cape Canaveral to either station: no plane change, passes.",
        how_to_resolve: "Launch from a site that reaches the plane directly (REACH-001), or fly a vehicle with the Δv to spare.",
        tolerances: "None: the Δv is computed from the published figures, to first order (impulsive, circular).",
    },
    check,
};

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let Some(target) = target(ctx) else {
        out.not_applicable();
        return;
    };
    let sites = LaunchSites::bundled();
    let (Some(inclination), Some(rescuer_sites)) =
        (target.inclination(), launch_sites(ctx.rescuer, sites))
    else {
        // REACH-001 names these fields.
        out.not_applicable();
        return;
    };
    // The smallest plane change over the rescuer's sites.
    let mut best: Option<(uom::si::f64::Angle, &str)> = None;
    let mut latitude_unknown = false;
    for (id, site) in rescuer_sites {
        match site.and_then(|s| nearest_reachable(s, inclination)) {
            Some(from) => {
                let change = (inclination - from).abs();
                if best.is_none_or(|(b, _)| change < b) {
                    best = Some((change, id));
                }
            }
            None => latitude_unknown = true,
        }
    }
    let Some((change, site)) = best else {
        if latitude_unknown {
            out.emit(Severity::Unknown, || {
                FindingBody::new(format!(
                    "cannot compute the plane change of {}: the latitude of its launch sites is not known",
                    named(ctx, Party::Rescuer)
                ))
                .field(FieldRef::new(
                    Party::Rescuer,
                    "reach.launch_sites",
                    &ctx.rescuer.reach.launch_sites,
                ))
            });
        } else {
            out.not_applicable();
        }
        return;
    };
    if change.value <= 1e-9 {
        // Launched into the plane: nothing to turn.
        return;
    }
    let altitude = target
        .vehicle
        .orbit
        .altitude_band()
        .and_then(|b| b.typical());
    let needed = altitude
        .and_then(orbit::circular_speed)
        .and_then(|v| orbit::plane_change_delta_v(v, change).map(|dv| (v, dv)));
    let reach = &ctx.rescuer.reach;
    let budget = reach.delta_v_budget();
    let budget_fields = || {
        vec![
            FieldRef::new(Party::Rescuer, "reach.delta_v", &reach.delta_v),
            FieldRef::new(
                Party::Rescuer,
                "reach.propellant_mass",
                &reach.propellant_mass,
            ),
            FieldRef::new(
                Party::Rescuer,
                "reach.specific_impulse",
                &reach.specific_impulse,
            ),
            FieldRef::new(Party::Rescuer, "reach.wet_mass", &reach.wet_mass),
        ]
    };
    let reserve_field = || {
        FieldRef::new(
            Party::Rescuer,
            "reach.delta_v_reserved",
            &reach.delta_v_reserved,
        )
    };
    let Some((speed, needed)) = needed else {
        out.emit(Severity::Unknown, || {
            FindingBody::new(format!(
                "{} must turn its orbit by {} after launch from {}, but the altitude of {} is not given",
                named(ctx, Party::Rescuer),
                Measure::display(&deg(change)),
                crate::text::escape_for_terminal(site),
                target.name()
            ))
            .evidence(Evidence::value("plane change", deg(change)))
            .field(target.field_ref("orbit.altitude", &target.vehicle.orbit.altitude))
        });
        return;
    };
    let Some(budget) = budget else {
        out.emit(Severity::Unknown, || {
            let mut body = FindingBody::new(format!(
                "{} must turn its orbit by {} ({} of Δv), and its Δv budget is not given",
                named(ctx, Party::Rescuer),
                Measure::display(&deg(change)),
                Measure::display(&km_per_s(needed))
            ))
            .evidence(Evidence::value("plane change", deg(change)))
            .evidence(Evidence::value("Δv needed", km_per_s(needed)))
            .mitigation("give reach.delta_v, or propellant_mass, specific_impulse and wet_mass");
            body.fields = budget_fields();
            body
        });
        return;
    };
    let total = budget.delta_v();
    let reserved = reach.delta_v_reserved.value();
    let usable = reach.usable_delta_v();
    let (severity, limit, limit_label): (Severity, Velocity, &str) = if needed > total {
        (Severity::Blocking, total, "Δv budget")
    } else {
        match usable {
            Some(usable) if needed > usable => {
                (Severity::Blocking, usable, "Δv budget less reserve")
            }
            Some(_) => return,
            None => (Severity::Unknown, total, "Δv budget"),
        }
    };
    out.emit(severity, || {
        let mut body = FindingBody::new(format!(
            "{} must turn its orbit by {} from {}'s nearest reachable inclination to {}'s {}: {} of Δv at {}, against {} {}{}",
            named(ctx, Party::Rescuer),
            Measure::display(&deg(change)),
            crate::text::escape_for_terminal(site),
            target.name(),
            Measure::display(&deg(inclination)),
            Measure::display(&km_per_s(needed)),
            Measure::display(&km_per_s(speed)),
            limit_label,
            Measure::display(&km_per_s(limit)),
            if severity == Severity::Unknown {
                " (the reserve held back for its own return is not published)"
            } else {
                ""
            }
        ))
        .evidence(Evidence::value("plane change", deg(change)))
        .evidence(Evidence::value("Δv needed", km_per_s(needed)))
        .evidence(Evidence::limit(limit_label, km_per_s(limit)))
        .evidence(Evidence::margin("Δv", km_per_s(limit - needed)));
        if let DeltaVBudget::RocketEquation { .. } = budget {
            body.fields = budget_fields();
        } else {
            body.fields.push(FieldRef::new(Party::Rescuer, "reach.delta_v", &reach.delta_v));
        }
        if reserved.is_none() || severity != Severity::Unknown {
            body.fields.push(reserve_field());
        }
        body.fields.push(target.field_ref("orbit.inclination", &target.vehicle.orbit.inclination));
        body.mitigation(if severity == Severity::Unknown {
            "give reach.delta_v_reserved, the Δv the rescuer keeps for its deorbit and contingencies"
        } else {
            "launch from a site that reaches the plane directly, or fly a vehicle with the Δv to spare"
        })
    });
}
