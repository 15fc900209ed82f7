//! CONTACT-002 link-margin: a common channel closes, with margin, at the
//! proximity range.
//!
//! For every channel the two vehicles share (as CONTACT-001 decides it), a
//! free-space budget in each direction from the transmitter's EIRP to the
//! receiver's margin, at `--range` (default 23 km), with an explicit
//! allowance for blockage and multipath. The best channel decides: a rescue
//! needs one link that works both ways. When a receiver gives its Doppler
//! tolerance, the shift at the assumed closing speed must fit inside it.

use uom::si::f64::{Frequency, Length};
use uom::si::frequency::hertz;
use uom::si::length::kilometer;
use uom::si::velocity::meter_per_second;

use crate::decibel::Decibels;
use crate::physics::link_budget::{
    BudgetValue, LinkBudget, LinkBudgetInputs, Transmitter, doppler_shift, link_budget,
    max_closing_speed_for_tolerance, max_range_for_margin,
};
use crate::rules::helpers::{item_path, named};
use crate::rules::{
    ANY_MODE, Context, Evidence, FieldRef, FindingBody, Measure, Options, Party, Phase, Rule,
    RuleDocs, Severity, Sink,
};
use crate::spec::Radio;

use super::channel::{self, Pairing};

/// Below this margin a closing link is reported as thin: the design margin
/// added to the required Eb/N0 in the worked budget (comms.md §3.3).
pub const THIN_MARGIN_DB: f64 = 3.0;

pub static RULE: Rule = Rule {
    id: "CONTACT-002",
    name: "link-margin",
    phase: Phase::Contact,
    modes: ANY_MODE,
    default_severity: Severity::Blocking,
    symmetric: true,
    reference: "comms.md §3.1 formulas (R79: free-space path loss, ITU-R P.525; R80: Eb/N0) and §3.3 worked budget; §3.4 proximity ranges (R24, R70); §6 item 7 Doppler (R53)",
    summary: "A shared channel closes in both directions at the proximity range, with a blockage allowance, and its Doppler shift fits the receiver",
    docs: RuleDocs {
        what_it_checks: "For each channel the two vehicles share (CONTACT-001), a link budget in each direction, line by line: transmitter `eirp`; free-space path loss 32.44 + 20 log10(f[MHz]) + 20 log10(d[km]) at the highest in-band frequency and the range given by `--range` (default 23 km, the range at which Dragon and HTV acquire the ISS proximity link, comms.md §3.4); the blockage and multipath allowance, the sum of the two radios' `blockage_allowance` or, when neither sets one, `--blockage-allowance` (default 3 dB, the miscellaneous loss of the worked budget in comms.md §3.3); receiver `antenna_gain`; received power; N0 from the receiver's `system_noise_temperature`; C/N0; the transmitter's `data_rate`; Eb/N0; the receiver's `required_eb_n0` and `implementation_loss` (either radio's when only one gives it); and the margin. The best channel decides. When the receiving radio gives `doppler_tolerance`, the first-order shift f·v/c at an assumed closing speed of 10 m/s (an assumption for proximity operations, not a published figure; `Options::closing_speed`) must not exceed it.",
        why_it_blocks: "A channel on a common band is no use if the signal arrives below the noise: the crews cannot talk at the distance where the approach is coordinated. Structure around the antennas (the ISS is a highly multipath environment) costs far more than free space suggests: the 1997 orbiter/EMU UHF link at 0.25 W was rated at only 70 m to 9 km.",
        example: "The worked SSOR-class UHF budget (19.1 dBm, 0 dBi antennas, 3 dB losses, 500 K, 32 kb/s, 9.6 dB required plus 3 dB implementation loss) closes with +45.3 dB at 1 km and +25.3 dB at 10 km, and fails with -0.7 dB at 200 km; break-even is about 184 km. A margin under 3 dB is reported as thin (advisory), a negative margin is blocking, and missing budget inputs are unknown.",
        how_to_resolve: "Close the range before relying on the link, raise EIRP or use a higher-gain antenna, lower the data rate (a voice-only mode), or give a measured `blockage_allowance` if the default is too pessimistic for the geometry.",
        tolerances: "The channels are CONTACT-001's, heard within its channel tolerance. The margin is compared with 0 dB as computed; the Doppler check uses an assumed closing speed of 10 m/s.",
    },
    check,
};

/// One direction of a channel: the budget, or the fields it lacks.
pub struct Direction<'a> {
    pub tx: &'a Radio,
    pub rx: &'a Radio,
    pub budget: Result<LinkBudget, Vec<&'static str>>,
    /// Doppler shift at the assumed closing speed and the receiver's
    /// tolerance, when the receiver gives one.
    pub doppler: Option<(Frequency, Frequency, Frequency)>,
}

impl Direction<'_> {
    fn doppler_exceeds(&self) -> bool {
        self.doppler
            .is_some_and(|(shift, tolerance, _)| shift.abs() > tolerance)
    }
}

/// The blockage and multipath allowance of a link between two radios.
pub fn blockage_allowance(a: &Radio, b: &Radio, options: &Options) -> Decibels {
    match (a.blockage_allowance.value(), b.blockage_allowance.value()) {
        (None, None) => options.blockage_allowance,
        (x, y) => x.unwrap_or(Decibels::ZERO) + y.unwrap_or(Decibels::ZERO),
    }
}

/// Where the allowance came from, for the budget line.
fn allowance_source(a: &Radio, b: &Radio) -> String {
    let given: Vec<String> = [a, b]
        .iter()
        .filter(|r| r.blockage_allowance.get().is_some())
        .map(|r| format!("'{}'", channel::id(r)))
        .collect();
    if given.is_empty() {
        "--blockage-allowance (neither radio sets one)".into()
    } else {
        format!("blockage_allowance of {}", given.join(" + "))
    }
}

/// The budget inputs from `tx` to `rx` at `range`, or the names of the
/// fields that are missing. The frequency is the highest of `tx`'s
/// frequencies that `rx` receives (the largest path loss).
pub fn budget_inputs(
    tx: &Radio,
    rx: &Radio,
    range: Length,
    options: &Options,
) -> Result<LinkBudgetInputs, Vec<&'static str>> {
    let frequency = channel::in_band_frequencies(tx, rx)
        .into_iter()
        .max_by(|x, y| x.value.total_cmp(&y.value));
    let mut missing = Vec::new();
    let eirp = tx.eirp.value();
    let gain = rx.antenna_gain.value();
    let temperature = rx.system_noise_temperature.value();
    let rate = tx.data_rate.value().or(rx.data_rate.value());
    let required = rx.required_eb_n0.value().or(tx.required_eb_n0.value());
    let loss = rx
        .implementation_loss
        .value()
        .or(tx.implementation_loss.value());
    for (given, name) in [
        (frequency.is_some(), "tx_frequencies"),
        (eirp.is_some(), "eirp"),
        (gain.is_some(), "antenna_gain"),
        (temperature.is_some(), "system_noise_temperature"),
        (rate.is_some(), "data_rate"),
        (required.is_some(), "required_eb_n0"),
        (loss.is_some(), "implementation_loss"),
    ] {
        if !given {
            missing.push(name);
        }
    }
    let (
        Some(frequency),
        Some(eirp),
        Some(gain),
        Some(temperature),
        Some(rate),
        Some(required),
        Some(loss),
    ) = (frequency, eirp, gain, temperature, rate, required, loss)
    else {
        return Err(missing);
    };
    Ok(LinkBudgetInputs {
        transmitter: Transmitter::Eirp(eirp),
        receive_antenna_gain: gain,
        frequency,
        range,
        miscellaneous_loss: blockage_allowance(tx, rx, options),
        system_noise_temperature: temperature,
        data_rate: rate,
        required_eb_n0: required,
        implementation_loss: loss,
    })
}

/// The budget from `tx` to `rx` at `range`, or the names of the fields it
/// lacks.
pub fn budget_between(
    tx: &Radio,
    rx: &Radio,
    range: Length,
    options: &Options,
) -> Result<LinkBudget, Vec<&'static str>> {
    let inputs = budget_inputs(tx, rx, range, options)?;
    link_budget(&inputs).ok_or_else(|| vec!["a positive, finite value in each budget input"])
}

fn direction<'a>(tx: &'a Radio, rx: &'a Radio, options: &Options) -> Direction<'a> {
    let budget = budget_between(tx, rx, options.range, options);
    let doppler = rx.doppler_tolerance.value().and_then(|tolerance| {
        let f = channel::in_band_frequencies(tx, rx)
            .into_iter()
            .max_by(|x, y| x.value.total_cmp(&y.value))?;
        Some((doppler_shift(f, options.closing_speed), tolerance, f))
    });
    Direction {
        tx,
        rx,
        budget,
        doppler,
    }
}

/// How a channel fares, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Good,
    Thin,
    Unknown,
    Fails,
}

struct ChannelResult<'a> {
    directions: [Direction<'a>; 2],
    status: Status,
    /// The smaller margin of the two directions, when both are known.
    margin: Option<f64>,
}

fn evaluate<'a>(p: &Pairing<'a>, options: &Options) -> ChannelResult<'a> {
    let directions = [direction(p.a, p.b, options), direction(p.b, p.a, options)];
    let margins: Vec<Option<f64>> = directions
        .iter()
        .map(|d| d.budget.as_ref().ok().map(|b| b.margin.db()))
        .collect();
    let known: Vec<f64> = margins.iter().flatten().copied().collect();
    let worst_known = known.iter().copied().reduce(f64::min);
    let doppler_fails = directions.iter().any(Direction::doppler_exceeds);
    let status = if doppler_fails || worst_known.is_some_and(|m| m < 0.0) {
        Status::Fails
    } else if known.len() < 2 {
        Status::Unknown
    } else if worst_known.is_some_and(|m| m < THIN_MARGIN_DB) {
        Status::Thin
    } else {
        Status::Good
    };
    ChannelResult {
        directions,
        status,
        margin: if known.len() == 2 { worst_known } else { None },
    }
}

/// Evaluates every shared channel of the pair and returns the best (none
/// when the vehicles share no channel).
fn best_channel<'a>(ctx: &Context<'a>) -> Option<ChannelResult<'a>> {
    let options = &ctx.env.options;
    channel::shared_pairings(ctx)
        .iter()
        .filter(|p| p.shares_channel() == Some(true))
        .map(|p| evaluate(p, options))
        .min_by(|x, y| {
            x.status.cmp(&y.status).then_with(|| {
                // Larger margin first.
                let (mx, my) = (
                    x.margin.unwrap_or(f64::NEG_INFINITY),
                    y.margin.unwrap_or(f64::NEG_INFINITY),
                );
                my.total_cmp(&mx)
            })
        })
}

/// The party that owns a radio of the pair, given the channel's
/// rescuer-side radio.
fn party_of(radio: &Radio, rescuer_side: &Radio) -> Party {
    if std::ptr::eq(radio, rescuer_side) {
        Party::Rescuer
    } else {
        Party::Distressed
    }
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let Some(best) = best_channel(ctx) else {
        // No shared channel: CONTACT-001 reports it.
        out.not_applicable();
        return;
    };
    let rescuer_side = best.directions[0].tx;
    match best.status {
        Status::Good => {}
        Status::Thin => {
            let d = limiting(&best);
            out.emit(Severity::Advisory, || {
                budget_body(ctx, d, rescuer_side, "closes with a thin margin")
                    .mitigation("keep a margin of at least 3 dB: close the range, raise EIRP or lower the data rate")
            });
        }
        Status::Unknown => {
            out.emit(Severity::Unknown, || unknown_body(ctx, &best, rescuer_side));
        }
        Status::Fails => {
            for d in &best.directions {
                if d.budget.as_ref().is_ok_and(|b| !b.closes) {
                    out.emit(Severity::Blocking, || {
                        let mut body = budget_body(ctx, d, rescuer_side, "does not close");
                        let options = &ctx.env.options;
                        if let Ok(inputs) = budget_inputs(d.tx, d.rx, options.range, options)
                            && let Some(limit) = max_range_for_margin(&inputs, Decibels::ZERO)
                        {
                            body = body.evidence(Evidence::limit(
                                "range at which the link closes",
                                Measure::Number {
                                    value: limit.get::<kilometer>(),
                                    unit: "km",
                                },
                            ));
                        }
                        body.mitigation("close the range before relying on this link, raise EIRP, use a higher-gain antenna or lower the data rate")
                    });
                }
                if d.doppler_exceeds() {
                    out.emit(Severity::Blocking, || doppler_body(ctx, d, rescuer_side));
                }
            }
        }
    }
}

/// The direction with the smaller margin.
fn limiting<'r, 'a>(c: &'r ChannelResult<'a>) -> &'r Direction<'a> {
    let m = |d: &Direction<'_>| {
        d.budget
            .as_ref()
            .map_or(f64::NEG_INFINITY, |b| b.margin.db())
    };
    let [x, y] = &c.directions;
    if m(x) <= m(y) { x } else { y }
}

fn value_of(v: BudgetValue) -> (f64, &'static str) {
    match v {
        BudgetValue::Ratio(x) => (x.db(), "dB"),
        BudgetValue::Gain(x) => (x.dbi(), "dBi"),
        BudgetValue::Power(x) => (x.dbm(), "dBm"),
        BudgetValue::NoiseDensity(x) => (x.dbm_per_hz(), "dBm/Hz"),
        BudgetValue::DecibelHertz(x) => (x.db_hz(), "dB-Hz"),
    }
}

/// The budget as evidence, one line each; the margin line is the margin.
/// `allowance` says where the blockage allowance came from.
pub fn budget_evidence(b: &LinkBudget, allowance: &str) -> Vec<Evidence> {
    let last = b.lines.len().saturating_sub(1);
    b.lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let label = if line.name == "Miscellaneous losses" {
                format!("Blockage and multipath allowance [{allowance}]")
            } else if line.formula == "given" {
                line.name.clone()
            } else {
                format!("{} [{}]", line.name, line.formula)
            };
            let (value, unit) = value_of(line.value);
            let measure = Measure::Number { value, unit };
            if i == last {
                Evidence::margin(label, measure)
            } else {
                Evidence::value(label, measure)
            }
        })
        .collect()
}

fn range_text(options: &Options) -> String {
    format!(
        "{} km",
        crate::units::format_number(options.range.get::<kilometer>())
    )
}

fn budget_body(
    ctx: &Context<'_>,
    d: &Direction<'_>,
    rescuer_side: &Radio,
    verdict: &str,
) -> FindingBody {
    let (from, to) = (party_of(d.tx, rescuer_side), party_of(d.rx, rescuer_side));
    let Ok(b) = &d.budget else {
        return FindingBody::new("link budget not computed");
    };
    let options = &ctx.env.options;
    let mut body = FindingBody::new(format!(
        "the link from {} '{}' to {} '{}' {} at {}: margin {:+.1}",
        named(ctx, from),
        channel::id(d.tx),
        named(ctx, to),
        channel::id(d.rx),
        verdict,
        range_text(options),
        b.margin
    ))
    .evidence(Evidence::value(
        "range",
        Measure::Number {
            value: options.range.get::<kilometer>(),
            unit: "km",
        },
    ));
    for e in budget_evidence(b, &allowance_source(d.tx, d.rx)) {
        body = body.evidence(e);
    }
    body.field(FieldRef::new(
        from,
        item_path("radios", &d.tx.id, "eirp"),
        &d.tx.eirp,
    ))
    .field(FieldRef::new(
        to,
        item_path("radios", &d.rx.id, "antenna_gain"),
        &d.rx.antenna_gain,
    ))
    .field(FieldRef::new(
        to,
        item_path("radios", &d.rx.id, "system_noise_temperature"),
        &d.rx.system_noise_temperature,
    ))
}

fn unknown_body(ctx: &Context<'_>, c: &ChannelResult<'_>, rescuer_side: &Radio) -> FindingBody {
    let mut parts = Vec::new();
    let mut body = FindingBody::new(String::new());
    for d in &c.directions {
        if let Err(missing) = &d.budget {
            let (from, to) = (party_of(d.tx, rescuer_side), party_of(d.rx, rescuer_side));
            parts.push(format!(
                "{} '{}' to {} '{}' lacks {}",
                named(ctx, from),
                channel::id(d.tx),
                named(ctx, to),
                channel::id(d.rx),
                missing.join(", ")
            ));
            body = body
                .field(FieldRef::new(
                    from,
                    item_path("radios", &d.tx.id, "eirp"),
                    &d.tx.eirp,
                ))
                .field(FieldRef::new(
                    to,
                    item_path("radios", &d.rx.id, "system_noise_temperature"),
                    &d.rx.system_noise_temperature,
                ));
        }
    }
    body.message = format!(
        "cannot tell whether the shared channel closes at {}: {}",
        range_text(&ctx.env.options),
        parts.join("; ")
    );
    body.mitigation("give the transmitter's eirp and data_rate and the receiver's antenna_gain, system_noise_temperature, required_eb_n0 and implementation_loss")
}

fn doppler_body(ctx: &Context<'_>, d: &Direction<'_>, rescuer_side: &Radio) -> FindingBody {
    let Some((shift, tolerance, f)) = d.doppler else {
        return FindingBody::new("Doppler not computed");
    };
    let to = party_of(d.rx, rescuer_side);
    let speed = ctx.env.options.closing_speed.get::<meter_per_second>();
    let mut body = FindingBody::new(format!(
        "at a closing speed of {} m/s the Doppler shift on {} is {} Hz, beyond the ±{} Hz that {} '{}' tolerates",
        crate::units::format_number(speed),
        channel::mhz(f),
        crate::units::format_number(shift.get::<hertz>().abs()),
        crate::units::format_number(tolerance.get::<hertz>()),
        named(ctx, to),
        channel::id(d.rx)
    ))
    .evidence(Evidence::value(
        "Doppler shift",
        Measure::Number {
            value: shift.get::<hertz>().abs(),
            unit: "Hz",
        },
    ))
    .evidence(Evidence::limit(
        "receiver tolerance",
        Measure::Number {
            value: tolerance.get::<hertz>(),
            unit: "Hz",
        },
    ));
    if let Some(v) = max_closing_speed_for_tolerance(f, tolerance) {
        body = body.evidence(Evidence::margin(
            "largest closing speed tolerated",
            Measure::Number {
                value: v.get::<meter_per_second>(),
                unit: "m/s",
            },
        ));
    }
    body.field(FieldRef::new(
        to,
        item_path("radios", &d.rx.id, "doppler_tolerance"),
        &d.rx.doppler_tolerance,
    ))
    .mitigation("close more slowly while the link is needed, or use a receiver with a wider frequency-tracking range")
}
