//! TRANSFER-004 transfer-decompression: the rescued crew can move into the
//! rescuer's cabin without decompression sickness.
//!
//! A crew equilibrated in its own cabin carries tissue N2 at the cabin's N2
//! partial pressure (the 360-min compartment, EV24). Moving into a cabin at
//! a lower pressure P2 gives R = P1N2 / P2, judged against the limit for
//! that pressure (1.65 at 4.3 psia rising to 1.85 at 5.8 psia, EV24). Over
//! the limit the crew must prebreathe 100 % O2 first; the time follows from
//! the same compartment. The Apollo-Soyuz case is the reference: Soyuz air
//! at 1 atm to Apollo's 5 psia pure O2 gives R about 2.3; Soyuz lowered to
//! 10 psia with 30 % O2 gives about 1.4, which was judged safe (DCS).

use uom::si::f64::Pressure;
use uom::si::pressure::pascal;
use uom::si::time::minute;

use crate::physics::decompression::{equilibrated_tissue_n2, prebreathe_time, r_limit, r_value};
use crate::physics::gas::partial_pressure;
use crate::rules::helpers::named;
use crate::rules::{
    Context, DOCKED, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::spec::{AbsolutePressure, Quantity, Vehicle};

use super::cabin_gas;

pub static RULE: Rule = Rule {
    id: "TRANSFER-004",
    name: "transfer-decompression",
    phase: Phase::Transfer,
    modes: DOCKED,
    default_severity: Severity::Blocking,
    symmetric: false,
    reference: "EV24 Eq. 2 (360-min compartment), R-value and limits 1.65 (EMU, 4.3 psia) and 1.85 (Orlan, 5.8 psia); EV14; Cooke & Bollinger (DCS) for ASTP; atmosphere_suits.md §3",
    summary: "The rescued crew moving into a lower-pressure rescuer cabin stays under the R limit, or can prebreathe to get there",
    docs: RuleDocs {
        what_it_checks: "Tissue N2 of the distressed crew equilibrated in its own cabin (N2 partial pressure of the nominal atmosphere, balance N2), over the rescuer's nominal cabin pressure (the lower bound of what the crew meets: with the hatch open the cabins mix to a pressure between the two, so this errs towards a finding): R = P1N2 / P2, against the R limit for P2 (1.65 at or below 4.3 psia, 1.85 at or above 5.8 psia, linear between). Over the limit: conditional on a 100 % O2 prebreathe whose length the finding computes (rest, 360-min compartment) when the rescuer gives prebreathe O2 (atmosphere.prebreathe_o2), blocking when it has none, unknown when it does not say. The single compartment is an index, not physiology; published protocols differ from it: the ISS 4-h in-suit prebreathe gives R 1.70 in this model (it asks 4.26 h for 1.65), the Russian 30-min Orlan prebreathe gives 1.89 (the model asks 40.5 min for 1.85), and ASTP's 10 psia / 30 % Soyuz atmosphere (R 1.40 here) was validated without prebreathe by chamber tests. The limits are EVA-suit limits; a cabin above 5.8 psia is held to 1.85. When the distressed cabin has an adjustable_pressure band, the mitigation also gives the R reached by lowering it to the bottom of the band with its O2 partial pressure kept, as Soyuz did for ASTP. Not applicable when the crew crosses out of a depressurized cabin (a scenario's distressed.cabin_pressurized = false): the crew is already suited at the suit's pressure, and the rescuer's cabin raises it. Not applicable when either vehicle is an unpressurized rover (`mobility.pressurized = false`): it has no cabin, and MATE-001 blocks the docked transfer.",
        why_it_blocks: "Above the limit, gas bubbles form in tissue as the pressure falls: joint pain, and at worst neurological (Type II) decompression sickness, with no chamber to treat it in orbit.",
        example: "Soyuz air (14.7 psia, 21 % O2: tissue N2 11.6 psia) into Apollo at 5 psia pure O2: R = 2.32 over 1.74, conditional on about 2.5 h prebreathe. Soyuz lowered to 10 psia / 30 % O2: tissue N2 7.0 psia, R = 1.40: no finding.",
        how_to_resolve: "Prebreathe 100 % O2 for the time given, lower the distressed cabin ahead of time and let the crew equilibrate (24 to 36 h, 4 to 6 half-times) as Soyuz did for ASTP, or raise the rescuer's cabin pressure.",
        tolerances: "None: the R value is compared with its limit as computed.",
    },
    check,
};

fn check(ctx: &Context<'_>, out: &mut Sink) {
    if super::from_depressurized_cabin(ctx) || crate::rules::helpers::a_side_has_no_cabin(ctx) {
        out.not_applicable();
        return;
    }
    let (r, d) = (ctx.rescuer, ctx.distressed);
    let gas_fields = || {
        vec![
            FieldRef::new(
                Party::Distressed,
                "atmosphere.pressure",
                &d.atmosphere.pressure,
            ),
            FieldRef::new(
                Party::Distressed,
                "atmosphere.o2_fraction",
                &d.atmosphere.o2_fraction,
            ),
            FieldRef::new(
                Party::Rescuer,
                "atmosphere.pressure",
                &r.atmosphere.pressure,
            ),
        ]
    };
    let final_pressure = r.atmosphere.pressure.get().and_then(|p| p.typical());
    let (Some((source, fraction)), Some(final_pressure)) = (cabin_gas(d), final_pressure) else {
        out.emit(Severity::Unknown, || {
            let mut body = FindingBody::new(format!(
                "cannot compute the decompression moving from {} to {}: a cabin pressure or O2 fraction is not given",
                named(ctx, Party::Distressed),
                named(ctx, Party::Rescuer)
            ))
            .mitigation("give atmosphere.pressure and atmosphere.o2_fraction for the distressed vehicle and atmosphere.pressure for the rescuer");
            body.fields = gas_fields();
            body
        });
        return;
    };
    if final_pressure >= source {
        return;
    }
    let tissue = equilibrated_tissue_n2(source.0, fraction);
    let Some(r_now) = r_value(tissue, final_pressure.0) else {
        return;
    };
    let limit = r_limit(final_pressure.0);
    if r_now <= limit {
        return;
    }
    let o2 = r.atmosphere.prebreathe_o2.value();
    let severity = match o2 {
        Some(true) => Severity::Conditional,
        Some(false) => Severity::Blocking,
        None => Severity::Unknown,
    };
    out.emit(severity, || {
        let minutes = prebreathe_time(tissue, final_pressure.0, limit, Pressure::new::<pascal>(0.0))
            .map(|t| t.get::<minute>());
        let mut body = FindingBody::new(format!(
            "moving the crew of {} ({}) into {} ({}) gives R = {}, over the limit {}",
            named(ctx, Party::Distressed),
            source.display(),
            named(ctx, Party::Rescuer),
            final_pressure.display(),
            crate::units::format_number(r_now),
            crate::units::format_number(limit)
        ))
        .evidence(Evidence::value("tissue N2", Measure::of(AbsolutePressure(tissue))))
        .evidence(Evidence::value("final pressure", Measure::of(final_pressure)))
        .evidence(Evidence::value("R", Measure::Number { value: r_now, unit: "" }))
        .evidence(Evidence::limit("R", Measure::Number { value: limit, unit: "" }))
        .evidence(Evidence::margin("R", Measure::Number { value: limit - r_now, unit: "" }));
        body.fields = gas_fields();
        body.fields.push(FieldRef::new(Party::Rescuer, "atmosphere.prebreathe_o2", &r.atmosphere.prebreathe_o2));
        let prebreathe = match minutes {
            Some(m) => format!("{} 100 % O2 prebreathe at rest (360-min compartment)", format_minutes(m)),
            None => "a 100 % O2 prebreathe".to_string(),
        };
        let lowered = lowered_cabin(d, source, fraction, final_pressure)
            .map(|(p, r_low)| format!(
                "; or lower the cabin of {} to {} keeping its O2 partial pressure and let the crew equilibrate 24 to 36 h (R {})",
                named(ctx, Party::Distressed),
                p.display(),
                crate::units::format_number(r_low)
            ))
            .unwrap_or_default();
        body.mitigation(match o2 {
            Some(true) => format!("{prebreathe} before moving{lowered}"),
            Some(false) => format!("carry 100 % O2 masks for {prebreathe}{lowered}"),
            None => format!("give atmosphere.prebreathe_o2 of the rescuer; the crew needs {prebreathe}{lowered}"),
        })
    });
}

/// The distressed cabin lowered to the bottom of its adjustable band with
/// its O2 partial pressure kept (as Soyuz did for ASTP), when that brings R
/// under the limit: the pressure and the R it gives.
fn lowered_cabin(
    d: &Vehicle,
    source: AbsolutePressure,
    fraction: uom::si::f64::Ratio,
    final_pressure: AbsolutePressure,
) -> Option<(AbsolutePressure, f64)> {
    let low = d.atmosphere.adjustable_pressure.get()?.min?;
    if low >= source {
        return None;
    }
    let po2 = partial_pressure(source.0, fraction);
    let n2 = low.0 - po2;
    if n2.value < 0.0 {
        return None;
    }
    let r_low = r_value(n2, final_pressure.0)?;
    (r_low <= r_limit(final_pressure.0)).then_some((low, r_low))
}

pub(crate) fn format_minutes(m: f64) -> String {
    let total = m.ceil().max(0.0) as i64;
    match (total / 60, total % 60) {
        (0, min) => format!("{min} min"),
        (h, 0) => format!("{h} h"),
        (h, min) => format!("{h} h {min} min"),
    }
}
