//! CONTACT-001 voice-channel: the two vehicles share a two-way radio
//! channel.
//!
//! Some transmitter of each vehicle must fall inside a receive band of the
//! other, in both directions, with the same modulation. Where none does, the
//! finding names the closest pair and how far apart they are (the US
//! 414.2/417.1 MHz UHF system against the Russian 121.75/130.165/143.625
//! MHz VHF voice).

use uom::si::f64::Frequency;

use crate::rules::helpers::{item_path, named};
use crate::rules::{
    ANY_MODE, Context, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::spec::{Radio, Range};

pub static RULE: Rule = Rule {
    id: "CONTACT-001",
    name: "voice-channel",
    phase: Phase::Contact,
    modes: ANY_MODE,
    default_severity: Severity::Blocking,
    symmetric: true,
    reference: "comms.md §1 per-vehicle frequencies; ITU RR 5.268 (410-420 MHz space-to-space)",
    summary: "Some transmitter of each vehicle falls in a receive band of the other, with the same modulation",
    docs: RuleDocs {
        what_it_checks: "Every pair of radios, one on each vehicle: whether a transmit frequency of each lies inside a receive band of the other and both use the same modulation. Without such a pair the finding names the closest transmitter and band and the gap between them.",
        why_it_blocks: "Without a common channel the crews cannot agree whether help is needed, coordinate the approach, or talk through a transfer.",
        example: "An ISS US-segment UHF radio (414.2 MHz) against a Soyuz VHF voice radio (121.75 MHz): no common channel, 272 MHz apart.",
        how_to_resolve: "Carry a radio on the other side's band (ASTP gave Soyuz an Apollo-compatible radio and the Docking Module a junction box), or relay through a ground network both can reach.",
    },
    check,
};

/// A one-way gap: distance, transmitter, receive band.
type OneWay = (f64, Frequency, Range<Frequency>);

/// Distance from a frequency to a band (zero when inside).
fn gap(f: Frequency, band: &Range<Frequency>) -> f64 {
    let below = band.min.map_or(0.0, |m| (m.value - f.value).max(0.0));
    let above = band.max.map_or(0.0, |m| (f.value - m.value).max(0.0));
    below.max(above)
}

/// The smallest gap from any transmitter of `tx` to any receive band of
/// `rx`; `None` when either side's data is missing.
fn closest(tx: &Radio, rx: &Radio) -> Option<OneWay> {
    let freqs = tx.tx_frequencies.get()?;
    let bands = rx.rx_bands.get()?;
    freqs
        .iter()
        .flat_map(|f| bands.iter().map(move |b| (gap(*f, b), *f, *b)))
        .min_by(|a, b| a.0.total_cmp(&b.0))
}

/// A pair of radios as an unordered key, the same in both directions.
fn pair_key<'r>(a: &'r Radio, b: &'r Radio) -> [Option<&'r str>; 2] {
    let (x, y) = (
        a.id.get().map(String::as_str),
        b.id.get().map(String::as_str),
    );
    if x <= y { [x, y] } else { [y, x] }
}

/// The radio fields of a vehicle that are not given, for an unknown finding.
fn missing_radio_fields(vehicle: &crate::spec::Vehicle, party: Party) -> Vec<FieldRef> {
    let mut fields = Vec::new();
    for radio in &vehicle.radios {
        if radio.tx_frequencies.get().is_none() {
            let path = item_path("radios", &radio.id, "tx_frequencies");
            fields.push(FieldRef::new(party, path, &radio.tx_frequencies));
        }
        if radio.rx_bands.get().is_none() {
            let path = item_path("radios", &radio.id, "rx_bands");
            fields.push(FieldRef::new(party, path, &radio.rx_bands));
        }
        if radio.modulation.get().is_none() {
            let path = item_path("radios", &radio.id, "modulation");
            fields.push(FieldRef::new(party, path, &radio.modulation));
        }
    }
    fields
}

fn modulation_matches(a: &Radio, b: &Radio) -> Option<bool> {
    match (a.modulation.get(), b.modulation.get()) {
        (Some(x), Some(y)) => Some(x.eq_ignore_ascii_case(y)),
        _ => None,
    }
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let (r, d) = (ctx.rescuer, ctx.distressed);
    if r.radios.is_empty() || d.radios.is_empty() {
        let missing = if r.radios.is_empty() {
            Party::Rescuer
        } else {
            Party::Distressed
        };
        out.emit(Severity::Unknown, || {
            FindingBody::new(format!("{} lists no radios", named(ctx, missing)))
                .mitigation("list the vehicle's radios under [[radios]]")
        });
        return;
    }
    let mut any_unknown = false;
    // (combined gap, rescuer radio, distressed radio, worst one-way gap)
    let mut nearest: Option<(f64, &Radio, &Radio, OneWay)> = None;
    for a in &r.radios {
        for b in &d.radios {
            let (Some(ab), Some(ba)) = (closest(a, b), closest(b, a)) else {
                any_unknown = true;
                continue;
            };
            let modulation = modulation_matches(a, b);
            if ab.0 == 0.0 && ba.0 == 0.0 {
                match modulation {
                    Some(true) => return,
                    None => any_unknown = true,
                    Some(false) => {}
                }
            }
            let worst = if ab.0 >= ba.0 { ab } else { ba };
            let total = ab.0.max(ba.0);
            // Among equally close pairs, the one whose radio ids sort first
            // as an unordered pair, so both directions name the same radios.
            let closer = nearest.as_ref().is_none_or(|n| {
                total < n.0 || (total == n.0 && pair_key(a, b) < pair_key(n.1, n.2))
            });
            if closer {
                nearest = Some((total, a, b, worst));
            }
        }
    }
    if any_unknown {
        out.emit(Severity::Unknown, || {
            let mut body = FindingBody::new(format!(
                "cannot tell whether {} and {} share a channel: a radio's frequencies, bands or modulation are not given",
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed)
            ))
            .mitigation("give each radio's tx_frequencies, rx_bands and modulation");
            body.fields = missing_radio_fields(r, Party::Rescuer);
            body.fields.extend(missing_radio_fields(d, Party::Distressed));
            body
        });
        return;
    }
    let Some((total, a, b, (_, f, band))) = nearest else {
        return;
    };
    out.emit(Severity::Blocking, || {
        let message = if total == 0.0 {
            format!(
                "{} and {} overlap in frequency ({} / {}) but not in modulation ({} against {})",
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed),
                crate::text::escape_for_terminal(a.id.get().map(String::as_str).unwrap_or("?")),
                crate::text::escape_for_terminal(b.id.get().map(String::as_str).unwrap_or("?")),
                crate::rules::helpers::shown(&a.modulation),
                crate::rules::helpers::shown(&b.modulation)
            )
        } else {
            format!(
                "no common radio channel between {} and {}: closest is {} against a receive band of {}, {} apart",
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed),
                crate::units::Kind::Frequency.format_si(f.value),
                band.display(),
                crate::units::Kind::Frequency.format_si(total)
            )
        };
        FindingBody::new(message)
            .evidence(Evidence::value("transmitter", Measure::of(f)))
            .evidence(Evidence::limit("receive band", Measure::Text(band.display())))
            .evidence(Evidence::margin(
                "gap",
                Measure::Quantity {
                    kind: crate::units::Kind::Frequency,
                    si: -total,
                },
            ))
            .field(FieldRef::new(Party::Rescuer, item_path("radios", &a.id, "tx_frequencies"), &a.tx_frequencies))
            .field(FieldRef::new(Party::Rescuer, item_path("radios", &a.id, "rx_bands"), &a.rx_bands))
            .field(FieldRef::new(Party::Distressed, item_path("radios", &b.id, "tx_frequencies"), &b.tx_frequencies))
            .field(FieldRef::new(Party::Distressed, item_path("radios", &b.id, "rx_bands"), &b.rx_bands))
            .mitigation("carry a radio on the other vehicle's band and modulation, or relay through a ground network both reach")
    });
}
