//! TRANSFER-003 hatch-pressure-difference: the hatch between the two cabins
//! can be opened at the pressure difference their atmospheres leave.
//!
//! A hatch may only be opened below a stated pressure difference across it;
//! an equalization valve brings the two sides together first (Soyuz
//! equalizes and leak-checks before opening). Without a valve, one cabin
//! must be set to a pressure within the hatch limit of the other, inside the
//! band it can be adjusted to (Soyuz was lowered to about 10 psia for ASTP).

use uom::si::f64::Pressure;
use uom::si::pressure::psi;

use crate::rules::helpers::named;
use crate::rules::{
    Context, DOCKED, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::spec::{AbsolutePressure, PressureDifference, Quantity, Vehicle};

pub static RULE: Rule = Rule {
    id: "TRANSFER-003",
    name: "hatch-pressure-difference",
    phase: Phase::Transfer,
    modes: DOCKED,
    default_severity: Severity::Blocking,
    symmetric: true,
    reference: "ASTP docking module procedure (pressure equalization valves, Soyuz lowered to 10 psia): ASTP-DM, DCS; Soyuz MS equalization before hatch opening: ENERGIA-MS17; atmosphere_suits.md §1.1",
    summary: "The two cabins' pressure difference is within what the hatches allow, or can be equalized",
    docs: RuleDocs {
        what_it_checks: "The difference between the two cabins' nominal pressures against the smaller hatch.max_opening_pressure_difference of the two vehicles. A difference within the measurement tolerance is no difference. Over the limit, an equalization valve on either side makes it conditional (equalize first); otherwise a cabin whose atmosphere.adjustable_pressure reaches within the limit makes it conditional, naming the pressure to set; otherwise it blocks. Equal pressures need no limit. When the crew crosses out of a depressurized cabin (a scenario's distressed.cabin_pressurized = false), the hatch opens onto vacuum: conditional on the rescuer's airlock or a rescuer cabin that can be depressurized (eva.airlock, eva.depressurizable_cabin), blocking when it has neither, unknown when not given. Not applicable when either vehicle is an unpressurized rover (`mobility.pressurized = false`): it has no cabin, and MATE-001 blocks the docked transfer.",
        why_it_blocks: "A hatch opened against a pressure difference is forced by the load on its area and the sudden flow; hatches are built to open only once the two sides are nearly equal.",
        example: "A 14.7 psia cabin and a 10 psia cabin with a 0.5 psid hatch limit and no valve: blocking unless one cabin can be set within 0.5 psi of the other (mitigation: set the 14.7 psia cabin to 10.5 psia).",
        how_to_resolve: "Equalize through a valve before opening, set one cabin to the pressure the mitigation names, or transfer through an intermediate airlock (the ASTP docking module). From a depressurized cabin, take the suited crew through the rescuer's airlock or let the rescuer's cabin down to vacuum first.",
        tolerances: "A pressure difference of no more than 0.05 psi (0.34 kPa) is no difference: half the 0.1 psi resolution to which the sources publish cabin pressures (14.7 psia, HALE-Q; 14.5 psia, POLARIS), so that 14.7 psia and 101.3 kPa, two roundings of sea level 0.05 kPa apart, are one pressure. Beyond it, differences are compared with the hatch limits as computed. The tolerance is shown in the evidence.",
    },
    check,
};

/// A cabin pressure difference no larger than this is no difference: half
/// the 0.1 psi resolution to which the sources publish cabin pressures
/// (14.7 psia, HALE-Q; 14.5 psia, POLARIS). "14.7 psia" and "101.3 kPa",
/// 0.05 kPa apart, are two roundings of one sea-level pressure.
pub const MEASUREMENT_TOLERANCE_PSI: f64 = 0.05;

fn measurement_tolerance() -> PressureDifference {
    PressureDifference(Pressure::new::<psi>(MEASUREMENT_TOLERANCE_PSI))
}

fn nominal(v: &Vehicle) -> Option<AbsolutePressure> {
    v.atmosphere.pressure.get()?.typical()
}

/// The pressure a vehicle can set, inside its adjustable band, that lies
/// within `lo..=hi` and is nearest its nominal pressure.
fn settable(v: &Vehicle, lo: Pressure, hi: Pressure) -> Option<AbsolutePressure> {
    let band = v.atmosphere.adjustable_pressure.get()?;
    let (from, to) = (lo.max(band.min?.0), hi.min(band.max?.0));
    if from > to {
        return None;
    }
    let current = nominal(v).map_or(to, |n| n.0);
    Some(AbsolutePressure(current.max(from).min(to)))
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    if crate::rules::helpers::a_side_has_no_cabin(ctx) {
        out.not_applicable();
        return;
    }
    if super::from_depressurized_cabin(ctx) {
        onto_vacuum(ctx, out);
        return;
    }
    let (r, d) = (ctx.rescuer, ctx.distressed);
    let pressure_fields = || {
        vec![
            FieldRef::new(
                Party::Rescuer,
                "atmosphere.pressure",
                &r.atmosphere.pressure,
            ),
            FieldRef::new(
                Party::Distressed,
                "atmosphere.pressure",
                &d.atmosphere.pressure,
            ),
        ]
    };
    let (Some(pr), Some(pd)) = (nominal(r), nominal(d)) else {
        out.emit(Severity::Unknown, || {
            let mut body = FindingBody::new(format!(
                "cannot compare hatch pressures: {} or {} does not give its cabin pressure",
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed)
            ))
            .mitigation("give atmosphere.pressure for both vehicles");
            body.fields = pressure_fields();
            body
        });
        return;
    };
    let difference = PressureDifference((pr.0 - pd.0).abs());
    let tolerance = measurement_tolerance();
    if difference <= tolerance {
        return;
    }
    let limits: Vec<PressureDifference> = [r, d]
        .iter()
        .filter_map(|v| v.hatch.max_opening_pressure_difference.value())
        .collect();
    let limit = limits
        .iter()
        .copied()
        .min_by(|a, b| a.0.value.total_cmp(&b.0.value));
    let all_limits_known = limits.len() == 2;
    if let Some(limit) = limit
        && all_limits_known
        && difference <= limit
    {
        return;
    }
    let valve = [r, d]
        .iter()
        .any(|v| v.hatch.equalization_valve.value() == Some(true));
    let limit_fields = |body: &mut FindingBody| {
        body.fields.extend(pressure_fields());
        for (party, v) in [(Party::Rescuer, r), (Party::Distressed, d)] {
            body.fields.push(FieldRef::new(
                party,
                "hatch.max_opening_pressure_difference",
                &v.hatch.max_opening_pressure_difference,
            ));
            body.fields.push(FieldRef::new(
                party,
                "hatch.equalization_valve",
                &v.hatch.equalization_valve,
            ));
        }
    };
    let evidence = |body: FindingBody| {
        let body = body
            .evidence(Evidence::value("rescuer cabin", Measure::of(pr)))
            .evidence(Evidence::value("distressed cabin", Measure::of(pd)))
            .evidence(Evidence::value(
                "pressure difference",
                Measure::of(difference),
            ))
            .evidence(Evidence::limit(
                "measurement tolerance (no difference below it)",
                Measure::of(tolerance),
            ));
        match limit {
            Some(l) => body
                .evidence(Evidence::limit("hatch opening limit", Measure::of(l)))
                .evidence(Evidence::margin(
                    "pressure difference",
                    Measure::of(PressureDifference(l.0 - difference.0)),
                )),
            None => body,
        }
    };
    // A cabin set within the limit of the other, inside its adjustable band.
    let setting = limit.and_then(|l| {
        let within =
            |v: &Vehicle, other: AbsolutePressure| settable(v, other.0 - l.0, other.0 + l.0);
        within(d, pr)
            .map(|p| (Party::Distressed, p))
            .or_else(|| within(r, pd).map(|p| (Party::Rescuer, p)))
    });
    let set_text = |party: Party, p: AbsolutePressure| {
        format!("set the cabin of {} to {}", named(ctx, party), p.display())
    };
    if valve {
        let severity = if limit.is_some() && all_limits_known {
            Severity::Conditional
        } else {
            Severity::Advisory
        };
        out.emit(severity, || {
            let mut body = evidence(FindingBody::new(format!(
                "the cabins of {} and {} differ by {}; the hatch opens only after equalizing through the valve",
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed),
                difference.display()
            )));
            limit_fields(&mut body);
            body.mitigation(match setting {
                Some((party, p)) => format!(
                    "equalize through the valve before opening (the mixed atmosphere is TRANSFER-001's), or {}",
                    set_text(party, p)
                ),
                None => "equalize through the valve before opening; the mixed atmosphere is checked by TRANSFER-001".to_string(),
            })
        });
        return;
    }
    if !all_limits_known {
        out.emit(Severity::Unknown, || {
            let mut body = evidence(FindingBody::new(format!(
                "the cabins differ by {} and {} does not give its hatch opening limit or an equalization valve",
                difference.display(),
                if r.hatch.max_opening_pressure_difference.is_unknown() {
                    named(ctx, Party::Rescuer)
                } else {
                    named(ctx, Party::Distressed)
                }
            )));
            limit_fields(&mut body);
            body.mitigation("give hatch.max_opening_pressure_difference and hatch.equalization_valve")
        });
        return;
    }
    let severity = if setting.is_some() {
        Severity::Conditional
    } else {
        Severity::Blocking
    };
    out.emit(severity, || {
        let mut body = evidence(FindingBody::new(format!(
            "the cabins of {} and {} differ by {}, more than the hatch opens at, and neither has an equalization valve",
            named(ctx, Party::Rescuer),
            named(ctx, Party::Distressed),
            difference.display()
        )));
        limit_fields(&mut body);
        if let Some((party, p)) = setting {
            let v = ctx.vehicle(party);
            body.fields.push(FieldRef::new(
                party,
                "atmosphere.adjustable_pressure",
                &v.atmosphere.adjustable_pressure,
            ));
            body.mitigation(set_text(party, p))
        } else {
            body.mitigation(
                "fit an equalization valve, widen a cabin's adjustable pressure band, or transfer through an intermediate airlock",
            )
        }
    });
}

/// The hatch between the rescuer and a depressurized cabin opens onto
/// vacuum: the suited crew comes in through the rescuer's airlock, or the
/// rescuer's cabin is let down to vacuum first (its crew suited).
fn onto_vacuum(ctx: &Context<'_>, out: &mut Sink) {
    let eva = &ctx.rescuer.eva;
    let ways = [eva.airlock.value(), eva.depressurizable_cabin.value()];
    let severity = if ways.contains(&Some(true)) {
        Severity::Conditional
    } else if ways.contains(&None) {
        Severity::Unknown
    } else {
        Severity::Blocking
    };
    out.emit(severity, || {
        let mut body = FindingBody::new(format!(
            "the cabin of {} is depressurized: the hatch to {} opens onto vacuum",
            named(ctx, Party::Distressed),
            named(ctx, Party::Rescuer)
        ))
        .field(FieldRef::new(Party::Rescuer, "eva.airlock", &eva.airlock))
        .field(FieldRef::new(
            Party::Rescuer,
            "eva.depressurizable_cabin",
            &eva.depressurizable_cabin,
        ))
        .fields_from(ctx.situation.cabin_pressurized().map(|f| f.field_ref()));
        body = body.mitigation(match severity {
            Severity::Conditional if eva.airlock.value() == Some(true) => {
                "bring the suited crew in through the rescuer's airlock, then repressurize it"
            }
            Severity::Conditional => {
                "let the rescuer's cabin down to vacuum with its crew suited, take the suited crew in, close the hatch and repressurize"
            }
            Severity::Unknown => "give the rescuer's eva.airlock and eva.depressurizable_cabin",
            _ => "the rescuer can neither take a suited crew through an airlock nor open its cabin to vacuum: transfer by EVA into another vehicle, or repressurize the crew's cabin",
        });
        body
    });
}
