//! SUSTAIN-002 consumables: the rescuer's oxygen and CO2 scrubbing last the
//! combined crew until landing.
//!
//! A rescue adds the rescued crew to the rescuer's own. Each person uses
//! about 0.84 kg O2 and makes about 1.0 kg CO2 a day (NASA RP-1324; BVAD
//! 0.835 and 0.998 kg), unless the rescuer's spec gives its own figures.
//! Open-loop suits (Sokol, Shenzhou) vent what they breathe: in a cabin
//! depressurization they draw vehicle oxygen at their stated flow.

use uom::si::f64::{Mass, MassRate, Time};
use uom::si::mass::kilogram;
use uom::si::mass_rate::kilogram_per_second;
use uom::si::time::{day, second};

use crate::physics::gas::o2_mass_flow;
use crate::rules::helpers::named;
use crate::rules::{
    ANY_MODE, Context, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::scenario::{Figure, SuitSet};
use crate::spec::{Field, Quantity, SuitLoop};

pub static RULE: Rule = Rule {
    id: "SUSTAIN-002",
    name: "consumables",
    phase: Phase::Sustain,
    modes: ANY_MODE,
    default_severity: Severity::Blocking,
    symmetric: false,
    reference: "RP-1324 (0.84 kg O2 and 1.0 kg CO2 per person-day) and BVAD04 (0.835 / 0.998 kg); atmosphere_suits.md §5 and §7 rules 7, 11, 17",
    summary: "The rescuer's O2 and CO2 scrubbing cover the combined crew until landing, with margin, and open-loop suits in a depressurization",
    docs: RuleDocs {
        what_it_checks: "The combined crew (the crew the rescuer flies plus the crew to rescue: a scenario's rescuer.crew and distressed.crew, else both vehicles' crew.nominal) times the rescuer's o2_per_person and co2_per_person (0.84 kg/d and 1.0 kg/d when not given) over the rescuer's consumables.time_to_return, and again over time_to_return plus margin (a margin not given counts as none); against o2_mass (plus the O2 a scenario's rescuer carries up, rescuer.carries.o2_mass) plus o2_generation_rate over that time, and co2_scrubbing_capacity (plus rescuer.carries.co2_scrubbing_capacity) plus co2_removal_rate over that time. Short for the time to return blocks; short only within the margin is advisory. Open-loop suits of each crew (the largest o2_flow among the open-loop suits each crew wears home, for each of its members, converted at 1.43 kg/m^3) drawing vehicle O2 for the whole time to return, as in a cabin depressurization: advisory when the O2 would not last.",
        why_it_blocks: "Without oxygen or CO2 removal the combined crew dies before landing; rescue adds people to a vehicle sized for its own crew.",
        example: "A rescuer with 4 crew taking 3 more for 2 days needs 7 x 0.84 x 2 = 11.76 kg O2 and 14 kg CO2 scrubbing; 10 kg O2 blocks.",
        how_to_resolve: "Carry more O2 and scrubber cartridges on the rescuer (the finding gives the shortfall), shorten the time to landing, or return the crew in more than one vehicle.",
        tolerances: "None: supplies are compared with the need as computed, in SI units. Where neither a stock nor a rate is given, a flight on record that kept at least the combined crew alive aboard this vehicle for at least the time to return with margin decides it (docs/flight-record.md).",
    },
    check,
};

/// NASA RP-1324 O2 use per person.
fn default_o2_per_person() -> MassRate {
    Mass::new::<kilogram>(0.84) / Time::new::<day>(1.0)
}

/// NASA RP-1324 CO2 production per person.
fn default_co2_per_person() -> MassRate {
    Mass::new::<kilogram>(1.0) / Time::new::<day>(1.0)
}

/// What a stock, what is carried up and a rate give over `time`: `None`
/// when neither the stock nor the rate is known; a missing part counts as
/// zero.
fn supply(
    stock: &Field<Mass>,
    carried: Option<Figure<'_, Mass>>,
    rate: &Field<MassRate>,
    time: Time,
) -> Option<Mass> {
    let extra = carried.and_then(|c| c.value());
    match (stock.value(), rate.value(), extra) {
        (None, None, None) => None,
        (s, r, e) => Some(
            s.unwrap_or(Mass::new::<kilogram>(0.0))
                + e.unwrap_or(Mass::new::<kilogram>(0.0))
                + r.unwrap_or(MassRate::new::<kilogram_per_second>(0.0)) * time,
        ),
    }
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let r = ctx.rescuer;
    let c = &r.consumables;
    let (own_crew, rescued_crew) = (ctx.situation.rescuer_crew(), ctx.situation.crew_to_rescue());
    let (Some(own), Some(rescued), Some(time)) = (
        own_crew.value(),
        rescued_crew.value(),
        c.time_to_return.value(),
    ) else {
        out.emit(Severity::Unknown, || {
            FindingBody::new(format!(
                "cannot size consumables: the crews or the time to return of {} are not given",
                named(ctx, Party::Rescuer)
            ))
            .field(FieldRef::new(
                Party::Rescuer,
                "consumables.time_to_return",
                &c.time_to_return,
            ))
            .field(own_crew.field_ref())
            .field(rescued_crew.field_ref())
            .mitigation("give consumables.time_to_return and the crews (crew.nominal, or the scenario's rescuer.crew and distressed.crew)")
        });
        return;
    };
    let crew = f64::from(own) + f64::from(rescued);
    let margin = c.margin.value().unwrap_or(Time::new::<second>(0.0));
    let with_margin = time + margin;
    let o2_rate = c
        .o2_per_person
        .value()
        .unwrap_or_else(default_o2_per_person)
        * crew;
    let co2_rate = c
        .co2_per_person
        .value()
        .unwrap_or_else(default_co2_per_person)
        * crew;
    let gases = [
        Gas {
            what: "O2",
            rate: o2_rate,
            stock: &c.o2_mass,
            carried: ctx.situation.carried_o2(),
            regen: &c.o2_generation_rate,
            stock_path: "consumables.o2_mass",
            regen_path: "consumables.o2_generation_rate",
            per_person: &c.o2_per_person,
            per_person_path: "consumables.o2_per_person",
        },
        Gas {
            what: "CO2 scrubbing",
            rate: co2_rate,
            stock: &c.co2_scrubbing_capacity,
            carried: ctx.situation.carried_co2_capacity(),
            regen: &c.co2_removal_rate,
            stock_path: "consumables.co2_scrubbing_capacity",
            regen_path: "consumables.co2_removal_rate",
            per_person: &c.co2_per_person,
            per_person_path: "consumables.co2_per_person",
        },
    ];
    for gas in &gases {
        check_gas(ctx, gas, crew, time, with_margin, out);
    }
    check_open_loop_suits(ctx, time, out);
}

struct Gas<'a> {
    what: &'static str,
    /// Use by the combined crew.
    rate: MassRate,
    stock: &'a Field<Mass>,
    /// Carried up by a scenario's rescuer.
    carried: Option<Figure<'a, Mass>>,
    regen: &'a Field<MassRate>,
    stock_path: &'static str,
    regen_path: &'static str,
    per_person: &'a Field<MassRate>,
    per_person_path: &'static str,
}

fn check_gas(
    ctx: &Context<'_>,
    gas: &Gas<'_>,
    crew: f64,
    time: Time,
    with_margin: Time,
    out: &mut Sink,
) {
    let fields = |body: FindingBody| {
        body.field(FieldRef::new(Party::Rescuer, gas.stock_path, gas.stock))
            .field(FieldRef::new(Party::Rescuer, gas.regen_path, gas.regen))
            .field(FieldRef::new(
                Party::Rescuer,
                gas.per_person_path,
                gas.per_person,
            ))
            .field(FieldRef::new(
                Party::Rescuer,
                "consumables.time_to_return",
                &ctx.rescuer.consumables.time_to_return,
            ))
            .field(ctx.situation.crew_to_rescue().field_ref())
            .fields_from(gas.carried.map(|c| c.field_ref()))
    };
    let Some(have) = supply(gas.stock, gas.carried, gas.regen, with_margin) else {
        // The vehicle kept at least this crew alive for at least this long,
        // with the consumables its spec gives (the event rests on them).
        let flown = ctx
            .env
            .record
            .sustained(ctx.rescuer, crew.ceil() as u32, with_margin);
        out.emit_unknown_unless_flown(&flown, || {
            fields(FindingBody::new(format!(
                "{} gives neither a stock nor a rate for {}",
                named(ctx, Party::Rescuer),
                gas.what
            )))
            .mitigation(format!("give {} or {}", gas.stock_path, gas.regen_path))
        });
        return;
    };
    let need_margin = gas.rate * with_margin;
    if have >= need_margin {
        return;
    }
    let have_return = supply(gas.stock, gas.carried, gas.regen, time).unwrap_or(have);
    let need_return = gas.rate * time;
    let (severity, need, have, over) = if have_return < need_return {
        (Severity::Blocking, need_return, have_return, time)
    } else {
        (Severity::Advisory, need_margin, have, with_margin)
    };
    out.emit(severity, || {
        fields(FindingBody::new(format!(
            "{} has {} of {} for a crew of {} over {}; they need {}{}",
            named(ctx, Party::Rescuer),
            have.display(),
            gas.what,
            crew,
            over.display(),
            need.display(),
            if severity == Severity::Advisory {
                " (short only within the margin)"
            } else {
                ""
            }
        )))
        .evidence(Evidence::value(
            format!("{} available", gas.what),
            Measure::of(have),
        ))
        .evidence(Evidence::limit(
            format!("{} needed", gas.what),
            Measure::of(need),
        ))
        .evidence(Evidence::margin(gas.what, Measure::of(have - need)))
        .evidence(Evidence::value(
            "use by the combined crew",
            Measure::of(gas.rate),
        ))
        .mitigation(format!(
            "carry {} more {} on {}, or shorten the time to landing",
            (need - have).display(),
            gas.what,
            named(ctx, Party::Rescuer)
        ))
    });
}

/// The largest O2 draw of a crew's open-loop suits, for each of `crew`.
fn open_loop_draw(sets: &[Option<SuitSet<'_>>; 2], crew: Option<u32>) -> Option<MassRate> {
    let crew = f64::from(crew?);
    sets.iter()
        .flatten()
        .flat_map(|set| set.suits.iter())
        .filter(|s| s.suit.gas_loop.value() == Some(SuitLoop::Open))
        .filter_map(|s| s.suit.o2_flow.value())
        .map(o2_mass_flow)
        .max_by(|a, b| a.value.total_cmp(&b.value))
        .map(|rate| rate * crew)
}

/// The suit sets each crew wears home: the rescuer's own, and the rescued
/// crew's (carried up for them, else their own).
#[allow(clippy::type_complexity)]
fn worn_home<'a>(ctx: &Context<'a>) -> [([Option<SuitSet<'a>>; 2], Option<u32>); 2] {
    let (carried, own) = ctx.situation.return_suits();
    [
        (
            [Some(ctx.situation.vehicle_suits(Party::Rescuer)), None],
            ctx.situation.rescuer_crew().value(),
        ),
        ([carried, own], ctx.situation.crew_to_rescue().value()),
    ]
}

fn check_open_loop_suits(ctx: &Context<'_>, time: Time, out: &mut Sink) {
    let r = ctx.rescuer;
    let crews = worn_home(ctx);
    let draws: Vec<MassRate> = crews
        .iter()
        .filter_map(|(sets, crew)| open_loop_draw(sets, *crew))
        .collect();
    if draws.is_empty() {
        return;
    }
    let draw = draws
        .iter()
        .fold(MassRate::new::<kilogram_per_second>(0.0), |a, b| a + *b);
    let need = draw * time;
    let Some(have) = supply(
        &r.consumables.o2_mass,
        ctx.situation.carried_o2(),
        &r.consumables.o2_generation_rate,
        time,
    ) else {
        // The O2 check above already reports the missing store.
        return;
    };
    if have >= need {
        return;
    }
    out.emit(Severity::Advisory, || {
        let lasts = if draw.value > 0.0 { Some(have / draw) } else { None };
        let mut body = FindingBody::new(format!(
            "in a cabin depressurization the open-loop suits of both crews would draw {}: the O2 of {} lasts {} of the {} to landing",
            draw.display(),
            named(ctx, Party::Rescuer),
            lasts.map_or("no time".to_string(), |t| t.display()),
            time.display()
        ))
        .evidence(Evidence::value("suit O2 draw", Measure::of(draw)))
        .evidence(Evidence::value("O2 available", Measure::of(have)))
        .evidence(Evidence::limit("O2 for suits to landing", Measure::of(need)))
        .field(FieldRef::new(Party::Rescuer, "consumables.o2_mass", &r.consumables.o2_mass))
        .mitigation("plan an emergency descent within the suit O2 time, or carry more O2");
        for (sets, _) in &crews {
            for set in sets.iter().flatten() {
                for s in set.suits {
                    if s.suit.gas_loop.value() == Some(SuitLoop::Open) {
                        body.fields.push(set.field_ref(s, "o2_flow", &s.suit.o2_flow));
                    }
                }
            }
        }
        body
    });
}
