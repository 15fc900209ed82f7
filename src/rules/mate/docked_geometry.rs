//! MATE-004 docked-geometry: clocking, approach-axis keep-out zones and the
//! attitude of the docked stack.
//!
//! Each port has a position, an outward axis and a clocking reference in its
//! vehicle's frame (`physics::geometry`). The rule checks that the two ports
//! share a roll angle both allow (`allowed_clocking`; three-petal interfaces
//! mate only at 0, 120 or 240 deg), that the target port's approach axis
//! does not cross a keep-out zone the target declares, and reports the
//! orientation of the chaser relative to the target in the docked state.
//! Uses the mated pair that fares best (`rules::mate::pairing`); not
//! applicable when no pair of ports mates.
//!
//! Conventions: a port's `allowed_clocking` lists roll angles of the partner's
//! clocking reference from its own, about its own outward axis; the chaser's
//! angles are therefore negated to be compared with the target's. The
//! approach axis is checked as a line (no corridor width) out to
//! [`APPROACH_AXIS_LENGTH`].

use nalgebra::Vector3;
use uom::si::angle::degree;
use uom::si::f64::{Angle, Length};
use uom::si::length::{kilometer, meter};

use crate::physics::geometry::{
    KeepOutZone, PortPose, approach_corridor_intrusions, clocking_allowed, docked_transform,
    relative_orientation,
};
use crate::rules::helpers::{item_path, named};
use crate::rules::mate::pairing::{Mating, check_best_mating, shared_matings};
use crate::rules::{
    Context, DOCKED, Evidence, FieldRef, FindingBody, Measure, Phase, Rule, RuleDocs, Severity,
    Sink,
};
use crate::spec::Port;

/// How far out along the target port's axis keep-out zones are looked for:
/// a modelling choice covering final approach, not a published figure.
pub const APPROACH_AXIS_LENGTH_KM: f64 = 10.0;
/// Rounding allowed when matching roll angles (numbers written in a spec).
const CLOCKING_TOLERANCE_DEG: f64 = 0.01;

pub static RULE: Rule = Rule {
    id: "MATE-004",
    name: "docked-geometry",
    phase: Phase::Mate,
    modes: DOCKED,
    default_severity: Severity::Blocking,
    symmetric: true,
    reference: "IDSS three guide petals (BLOG-IDSS, GH-DMS; docking.md §2); keep-out zones declared in the target's spec",
    summary: "The ports share an allowed clocking, the approach axis clears the target's keep-out zones, and the docked attitude is reported",
    docs: RuleDocs {
        what_it_checks: "For the mated pair of ports: whether a roll angle exists that both ports' `allowed_clocking` lists accept; whether the target port's outward axis (its approach axis, out to 10 km) passes through a sphere of the target's `keep_out_zones`; and, when both ports give `position`, `axis` and `clocking_reference`, the transform of the docked stack (nalgebra), reported as the chaser's roll, pitch and yaw in the target's frame. Not applicable when no pair of ports mates or that is unknown: MATE-001 reports it once.",
        why_it_blocks: "A three-petal interface latches only at the petal angles, so two ports whose allowed clockings never coincide cannot mate. An approach axis that runs through a solar array, radiator or antenna envelope cannot be flown.",
        example: "Target allows 0, 120 and 240 deg; chaser allows only 60 deg: no common clocking, blocking. A keep-out sphere of radius 5 m centred 20 m out on the port axis: the approach axis crosses it, blocking.",
        how_to_resolve: "Dock at a clocking both ports accept (re-index the chaser's port), choose a port whose approach axis is clear, or move or retract the obstruction for the approach.",
        tolerances: "Roll angles match within 0.01 deg (the rounding of angles written in a spec); positions and axes are compared as written.",
    },
    check,
};

fn check(ctx: &Context<'_>, out: &mut Sink) {
    check_best_mating(ctx, out, &RULE, shared_matings(ctx), check_mating);
}

fn degrees(list: &[Angle]) -> String {
    list.iter()
        .map(|a| crate::units::format_number(a.get::<degree>()))
        .collect::<Vec<_>>()
        .join(", ")
        + " deg"
}

/// The port's pose when position, axis and clocking reference are known.
fn pose(port: &Port) -> Option<PortPose> {
    let position = port.position.value()?.0;
    let axis = port.axis.value()?.0;
    let up = port.clocking_reference.value()?.0;
    PortPose::new(position, Vector3::from(axis), Vector3::from(up))
}

/// Position and axis only (enough for the approach axis).
fn axis_pose(port: &Port) -> Option<PortPose> {
    let position = port.position.value()?.0;
    let axis = Vector3::from(port.axis.value()?.0);
    // Any reference off the axis will do: the keep-out test ignores roll.
    let up = if axis.x.abs() < 0.9 {
        Vector3::x()
    } else {
        Vector3::y()
    };
    PortPose::new(position, axis, up)
}

/// Roll angles (chaser reference from target reference, about the target
/// axis) both ports accept; `[0]` when neither restricts clocking.
fn common_rolls(chaser: Option<&Vec<Angle>>, target: Option<&Vec<Angle>>) -> Vec<Angle> {
    let tolerance = Angle::new::<degree>(CLOCKING_TOLERANCE_DEG);
    let chaser_seen: Option<Vec<Angle>> = chaser.map(|c| c.iter().map(|a| -*a).collect());
    let candidates: Vec<Angle> = match (target, &chaser_seen) {
        (Some(t), _) => t.clone(),
        (None, Some(c)) => c.clone(),
        (None, None) => vec![Angle::new::<degree>(0.0)],
    };
    candidates
        .into_iter()
        .filter(|r| target.is_none_or(|t| clocking_allowed(*r, t, tolerance)))
        .filter(|r| {
            chaser_seen
                .as_ref()
                .is_none_or(|c| clocking_allowed(*r, c, tolerance))
        })
        .collect()
}

fn check_mating(ctx: &Context<'_>, m: &Mating<'_>, out: &mut Sink) {
    let (cp, tp) = (m.chaser_port, m.target_port);
    let target = m.target_vehicle(ctx);

    // Clocking.
    let rolls = common_rolls(cp.allowed_clocking.get(), tp.allowed_clocking.get());
    if rolls.is_empty() {
        out.emit(Severity::Blocking, || {
            let shown = |p: &Port| p.allowed_clocking.get().map(|l| degrees(l)).unwrap_or_default();
            FindingBody::new(format!(
                "no roll angle suits both ports: {} allows {}, {} allows {}",
                named(ctx, m.chaser),
                shown(cp),
                named(ctx, m.target()),
                shown(tp)
            ))
            .evidence(Evidence::value("chaser clocking", Measure::Text(shown(cp))))
            .evidence(Evidence::limit("target clocking", Measure::Text(shown(tp))))
            .field(FieldRef::new(m.chaser, item_path("ports", &cp.id, "allowed_clocking"), &cp.allowed_clocking))
            .field(FieldRef::new(m.target(), item_path("ports", &tp.id, "allowed_clocking"), &tp.allowed_clocking))
            .mitigation("re-index the chaser's port to a clocking the target accepts, or dock to another port")
        });
    }

    // Keep-out zones on the approach axis.
    if !target.keep_out_zones.is_empty() {
        let zones: Option<Vec<KeepOutZone>> = target
            .keep_out_zones
            .iter()
            .map(|z| {
                Some(KeepOutZone {
                    center: z.center.value()?.0,
                    radius: z.radius.value()?,
                })
            })
            .collect();
        match (axis_pose(tp), zones) {
            (Some(port), Some(zones)) => {
                let hits = approach_corridor_intrusions(
                    &port,
                    Length::new::<kilometer>(APPROACH_AXIS_LENGTH_KM),
                    Length::new::<meter>(0.0),
                    &zones,
                );
                for index in hits {
                    let Some(zone) = target.keep_out_zones.get(index) else {
                        continue;
                    };
                    out.emit(Severity::Blocking, || {
                        FindingBody::new(format!(
                            "the approach axis of {}'s {} port crosses its keep-out zone {}",
                            named(ctx, m.target()),
                            crate::text::escape_for_terminal(tp.id.get().map(String::as_str).unwrap_or("?")),
                            crate::text::escape_for_terminal(zone.id.get().map(String::as_str).unwrap_or("?"))
                        ))
                        .evidence(Evidence::value("keep-out zone", Measure::Text(
                            crate::text::escape_for_terminal(zone.id.get().map(String::as_str).unwrap_or("?")),
                        )))
                        .field(FieldRef::new(m.target(), item_path("ports", &tp.id, "axis"), &tp.axis))
                        .field(FieldRef::new(m.target(), item_path("keep_out_zones", &zone.id, "center"), &zone.center))
                        .field(FieldRef::new(m.target(), item_path("keep_out_zones", &zone.id, "radius"), &zone.radius))
                        .mitigation("dock to a port whose approach axis is clear, or clear the obstruction for the approach")
                    });
                }
            }
            _ => out.emit(Severity::Unknown, || {
                FindingBody::new(format!(
                    "{} declares keep-out zones, but the {} port's position and axis or a zone's centre and radius are not given",
                    named(ctx, m.target()),
                    crate::text::escape_for_terminal(tp.id.get().map(String::as_str).unwrap_or("?"))
                ))
                .field(FieldRef::new(m.target(), item_path("ports", &tp.id, "position"), &tp.position))
                .field(FieldRef::new(m.target(), item_path("ports", &tp.id, "axis"), &tp.axis))
                .mitigation("give the port's position and axis and each keep-out zone's center and radius")
            }),
        }
    }

    // The docked attitude, for the report.
    let (Some(roll), Some(chaser_pose), Some(target_pose)) = (rolls.first(), pose(cp), pose(tp))
    else {
        return;
    };
    let Some(stack) = docked_transform(&chaser_pose, &target_pose, *roll) else {
        return;
    };
    out.emit(Severity::Advisory, || {
        let (r, p, y) = relative_orientation(&stack);
        let deg = |a: Angle| crate::units::format_number(a.get::<degree>());
        let t = stack.translation.vector;
        let at = format!(
            "[{} m, {} m, {} m]",
            crate::units::format_number(t.x),
            crate::units::format_number(t.y),
            crate::units::format_number(t.z)
        );
        FindingBody::new(format!(
            "docked at clocking {} deg, {}'s frame sits at {} in {}'s frame, rotated roll {} deg, pitch {} deg, yaw {} deg",
            deg(*roll),
            named(ctx, m.chaser),
            at,
            named(ctx, m.target()),
            deg(r),
            deg(p),
            deg(y)
        ))
        .evidence(Evidence::value("clocking", Measure::of(*roll)))
        .evidence(Evidence::value("roll", Measure::of(r)))
        .evidence(Evidence::value("pitch", Measure::of(p)))
        .evidence(Evidence::value("yaw", Measure::of(y)))
        .evidence(Evidence::value("chaser origin in target frame", Measure::Text(at)))
        .field(FieldRef::new(m.chaser, item_path("ports", &cp.id, "position"), &cp.position))
        .field(FieldRef::new(m.target(), item_path("ports", &tp.id, "position"), &tp.position))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::mate::pairing::fixtures;

    fn deg(list: &[f64]) -> Vec<Angle> {
        list.iter().map(|d| Angle::new::<degree>(*d)).collect()
    }

    #[test]
    fn common_rolls_of_three_petal_ports() {
        let petals = deg(&[0.0, 120.0, 240.0]);
        assert_eq!(common_rolls(Some(&petals), Some(&petals)).len(), 3);
        assert!(common_rolls(Some(&deg(&[60.0])), Some(&petals)).is_empty());
        // The chaser measures about its own (opposite) axis: 120 for it is 240 here.
        let r = common_rolls(Some(&deg(&[120.0])), Some(&petals));
        assert_eq!(r.len(), 1);
        assert!(
            r.first()
                .is_some_and(|a| (a.get::<degree>() - 240.0).abs() < 1e-9)
        );
        assert_eq!(common_rolls(None, None).len(), 1);
    }

    #[test]
    fn real_pairs() {
        fixtures::real_pairs(&RULE);
    }
}
