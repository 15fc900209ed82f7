//! TRANSFER-001 mixed-atmosphere: the atmosphere after the hatch opens
//! keeps the crews out of hypoxia.
//!
//! Opening the hatch mixes the two cabins (ideal gas, volume weighted). The
//! inspired O2 partial pressure of the mix, PIO2 = (P - 47 mmHg) x FO2, is
//! compared with NASA-STD-3001 [V2 6003] as quoted in the research file:
//! under 122 mmHg blocks, under 127 mmHg is mild hypoxia (a condition),
//! under 145 mmHg is below normoxia (advisory). The standard itself was read
//! only through a third-party quotation; see `atmosphere_suits.md` §2.

use uom::si::f64::{Pressure, Ratio};
use uom::si::pressure::millimeter_of_mercury;

use crate::physics::gas::{min_o2_fraction_for_pio2, mix_cabins};
use crate::rules::helpers::named;
use crate::rules::{
    Context, DOCKED, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::spec::AbsolutePressure;

use super::cabin;

pub static RULE: Rule = Rule {
    id: "TRANSFER-001",
    name: "mixed-atmosphere-hypoxia",
    phase: Phase::Transfer,
    modes: DOCKED,
    default_severity: Severity::Blocking,
    symmetric: true,
    reference: "NASA-STD-3001 Vol 2 [V2 6003] PIO2 limits as quoted from OCHMO-TB-003; EV24 (PIO2 formula); atmosphere_suits.md §2, §3.1",
    summary: "After the hatch opens, the mixed cabin atmosphere gives an inspired O2 above the hypoxia limits",
    docs: RuleDocs {
        what_it_checks: "The two cabins' nominal total pressures, O2 fractions and free volumes are mixed as ideal gases (volume weighted); the inspired O2 partial pressure of the mix is compared with 122 mmHg (blocking), 127 mmHg (conditional) and 145 mmHg (advisory). Not applicable when the crew crosses out of a depressurized cabin (a scenario's distressed.cabin_pressurized = false): there is no cabin air to mix. Not applicable when either vehicle is an unpressurized rover (`mobility.pressurized = false`): it has no cabin, and MATE-001 blocks the docked transfer.",
        why_it_blocks: "Crews breathing the mixed atmosphere below 122 mmHg inspired O2 lose useful consciousness; between 122 and 127 mmHg only short, monitored exposure is accepted.",
        example: "A cabin at 8.6 psia with 21 % O2 mixed with an equal cabin gives PIO2 about 84 mmHg: blocking. Two sea-level air cabins give about 150 mmHg: no finding.",
        how_to_resolve: "Raise the O2 fraction of the lower cabin before opening the hatch (the mitigation gives the fraction), keep the hatch closed and transfer through an airlock, or breathe from masks.",
        tolerances: "None: the mixed atmosphere is compared with the hypoxia limits as computed.",
    },
    check,
};

fn mmhg(value: f64) -> Pressure {
    Pressure::new::<millimeter_of_mercury>(value)
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    if super::from_depressurized_cabin(ctx) || crate::rules::helpers::a_side_has_no_cabin(ctx) {
        out.not_applicable();
        return;
    }
    let (r, d) = (ctx.rescuer, ctx.distressed);
    let fields = || {
        let mut f = Vec::new();
        for (party, v) in [(Party::Rescuer, r), (Party::Distressed, d)] {
            f.push(FieldRef::new(
                party,
                "atmosphere.pressure",
                &v.atmosphere.pressure,
            ));
            f.push(FieldRef::new(
                party,
                "atmosphere.o2_fraction",
                &v.atmosphere.o2_fraction,
            ));
            f.push(FieldRef::new(
                party,
                "atmosphere.free_volume",
                &v.atmosphere.free_volume,
            ));
        }
        f
    };
    let (Some(a), Some(b)) = (cabin(r), cabin(d)) else {
        out.emit(Severity::Unknown, || {
            let mut body = FindingBody::new(format!(
                "cannot compute the mixed atmosphere: {} or {} does not give its cabin pressure, O2 fraction and free volume",
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed)
            ))
            .mitigation("give atmosphere.pressure, atmosphere.o2_fraction and atmosphere.free_volume");
            body.fields = fields();
            body
        });
        return;
    };
    let Some(mixed) = mix_cabins(&a, &b) else {
        out.emit(Severity::Unknown, || {
            let mut body =
                FindingBody::new("the two cabins cannot be mixed: their volumes are zero");
            body.fields = fields();
            body
        });
        return;
    };
    let pio2 = mixed.inspired_o2;
    if !pio2.value.is_finite() {
        return;
    }
    let limits = [
        (122.0, Severity::Blocking, "the absolute hypoxia floor"),
        (127.0, Severity::Conditional, "the mild-hypoxia limit"),
        (145.0, Severity::Advisory, "the normoxia band"),
    ];
    // Compared in mmHg rounded to a micro-mmHg: unit conversions must not
    // push a value written exactly at a limit below it.
    let pio2_mmhg = (to_mmhg(pio2) * 1e6).round() / 1e6;
    let Some((limit, severity, what)) = limits.iter().copied().find(|(l, _, _)| pio2_mmhg < *l)
    else {
        return;
    };
    out.emit(severity, || {
        let target = mmhg(if severity == Severity::Advisory { 145.0 } else { 127.0 });
        let needed: Option<Ratio> = min_o2_fraction_for_pio2(mixed.pressure, target);
        let mut body = FindingBody::new(format!(
            "the mixed atmosphere of {} and {} gives an inspired O2 of {}, below {} of {}",
            named(ctx, Party::Rescuer),
            named(ctx, Party::Distressed),
            fmt_mmhg(pio2),
            what,
            fmt_mmhg(mmhg(limit))
        ))
        .evidence(Evidence::value(
            "mixed pressure",
            Measure::of(AbsolutePressure(mixed.pressure)),
        ))
        .evidence(Evidence::value("mixed O2 fraction", Measure::of(mixed.o2_fraction)))
        .evidence(Evidence::value("inspired O2", Measure::Number { value: to_mmhg(pio2), unit: "mmHg" }))
        .evidence(Evidence::limit("inspired O2", Measure::Number { value: limit, unit: "mmHg" }))
        .evidence(Evidence::margin(
            "inspired O2",
            Measure::Number { value: to_mmhg(pio2) - limit, unit: "mmHg" },
        ));
        body.fields = fields();
        if let Some(f) = needed {
            body.mitigation(format!(
                "raise the mixed O2 fraction to at least {} before opening the hatch, or transfer on masks",
                crate::units::Kind::Fraction.format_si(f.value)
            ))
        } else {
            body.mitigation("transfer on masks or suits; the mixed pressure is too low for any O2 fraction to reach the limit")
        }
    });
}

fn to_mmhg(p: Pressure) -> f64 {
    p.get::<millimeter_of_mercury>()
}

fn fmt_mmhg(p: Pressure) -> String {
    format!("{} mmHg", crate::units::format_number(to_mmhg(p)))
}
