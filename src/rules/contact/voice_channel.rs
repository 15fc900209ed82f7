//! CONTACT-001 voice-channel: the two vehicles share a two-way radio
//! channel.
//!
//! Some transmitter of each vehicle must fall inside a receive band of the
//! other, in both directions, with the same modulation and a protocol stack
//! in common (analog FM voice, CCSDS Proximity-1, a proprietary link). Where
//! none does, the finding names the closest radio on either side and how
//! far apart they are (the US 414.2/417.1 MHz UHF system against the Russian
//! 121.75/130.165/143.625 MHz VHF voice). Radios that only range or only
//! beacon are left to CONTACT-004 and CONTACT-007.

use crate::rules::helpers::{item_path, named};
use crate::rules::{
    ANY_MODE, Context, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::spec::{Radio, RadioPurpose};

use std::collections::HashMap;

use super::channel::{self, Agreement, Pairing};

pub static RULE: Rule = Rule {
    id: "CONTACT-001",
    name: "voice-channel",
    phase: Phase::Contact,
    modes: ANY_MODE,
    default_severity: Severity::Blocking,
    symmetric: true,
    reference: "comms.md §1 per-vehicle frequencies (R1, R10, R13) and §6 items 1 and 6 (same band is not interoperable, R53); ITU RR 5.268 (410-420 MHz space-to-space); channel tolerances: ICAO-A10V5, SKYBRARY-833, R53",
    summary: "Some transmitter of each vehicle falls in a receive band of the other, with the same modulation and protocol stack",
    docs: RuleDocs {
        what_it_checks: "Every pair of radios that carry traffic (voice, proximity data, commands, telemetry, relay), one on each vehicle: whether a transmit frequency of each lies inside a receive band of the other (both directions), both use the same `modulation`, and their `protocols` lists share a protocol stack. Without such a pair the finding names, for every radio on either side, the closest radio on the other side and the gap, and leads with the closest pair overall. Frequencies that overlap with a different modulation or protocol stack are reported as such: same band is not interoperable. A radio whose modulation or protocols are not given leaves the answer unknown.",
        why_it_blocks: "Without a common channel the crews cannot agree whether help is needed, coordinate the approach, or talk through a transfer.",
        example: "The ISS (SSCS UHF 414.2/417.1 MHz and Russian-segment VHF-1 143.625 MHz) against Soyuz MS (VHF voice 121.75 MHz): no common channel; the closest pair is VHF-1 against the Soyuz VHF voice, 21.875 MHz apart, and the SSCS UHF radio is 292.45 MHz from the Soyuz radio.",
        how_to_resolve: "Carry a radio on the other side's band (ASTP gave Soyuz an Apollo-compatible radio and the Docking Module a junction box), or relay through a ground network both can reach.",
        tolerances: "A transmit frequency is heard in a receive band when it lies inside the band or outside it by no more than the channel tolerance: the larger `frequency_tolerance` of the two radios, or, when neither gives one, the default of the band the frequency lies in: 4.167 kHz in 117.975-137 MHz (aeronautical VHF; half the 8.33 kHz channel spacing of its ICAO plan, ICAO-A10V5, SKYBRARY-833), 10 kHz in 390-405 and 435-450 MHz (Proximity-1 UHF; half its 20 kHz channel step, R53); elsewhere none (the frequency must lie inside the band). Two figures closer than half a channel cannot name two channels, as the ISS VHF-2 channel quoted as 130.165 and 130.167 MHz (docs/disagreements.md D20). The tolerance applied is shown in the evidence. Where a radio pair's channel is not given, voice on record between exactly those two radios decides it; a pair whose published channels miss is never looked up (docs/flight-record.md).",
    },
    check,
};

/// The radios of a vehicle that carry traffic directly to another vehicle.
/// A relay terminal (EKTS via Luch, TDRS) talks to a relay satellite, not
/// space to space, so it is not a direct channel.
fn carries_traffic(radio: &Radio) -> bool {
    channel::carries_traffic(radio)
        && channel::has_purpose(radio, RadioPurpose::Relay) != Some(true)
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let traffic = || {
        channel::shared_pairings(ctx)
            .iter()
            .filter(|p| carries_traffic(p.a) && carries_traffic(p.b))
    };
    if traffic().any(|p| p.shares_channel() == Some(true)) {
        return;
    }
    let rescuer = ctx.rescuer.radios.iter().any(carries_traffic);
    let distressed = ctx.distressed.radios.iter().any(carries_traffic);
    if !rescuer || !distressed {
        let missing = if !rescuer {
            Party::Rescuer
        } else {
            Party::Distressed
        };
        out.emit(Severity::Unknown, || {
            FindingBody::new(format!(
                "{} lists no radio that carries voice or data",
                named(ctx, missing)
            ))
            .mitigation("list the vehicle's radios under [[radios]] with their purpose")
        });
        return;
    }
    // In an order that does not depend on which vehicle rescues, so that
    // both directions pick the same pair among equals (the rule is
    // symmetric). References, not copies: two specs at the list limit have
    // a million radio pairs.
    let mut pairs: Vec<&Pairing<'_>> = traffic().collect();
    if pairs.len() <= RANKED_SORT_FROM {
        pairs.sort_by(|x, y| id_pair(x).cmp(&id_pair(y)));
    } else {
        // The same order (ranks follow the ids), without comparing strings
        // at every step of sorting a million pairs.
        let rank = id_ranks(ctx);
        let mut keyed: Vec<(u64, &Pairing<'_>)> =
            pairs.iter().map(|p| (pair_key(p, &rank), *p)).collect();
        keyed.sort_by_key(|(key, _)| *key);
        pairs = keyed.into_iter().map(|(_, p)| p).collect();
    }
    // Voice that worked between a pair the data cannot decide shows the
    // channel; a pair whose published channels miss is never overridden.
    let flown = pairs
        .iter()
        .filter(|p| p.shares_channel().is_none())
        .map(|p| (*p, flown_voice(ctx, p)))
        .find(|(_, flown)| !flown.is_empty());
    if let Some((p, flown)) = flown {
        out.emit_unknown_unless_flown(&flown, || unknown_body(ctx, &pairs, p));
        return;
    }
    if let Some(p) = pairs.iter().find(|p| p.shares_channel().is_none()) {
        let p = **p;
        out.emit(Severity::Unknown, || unknown_body(ctx, &pairs, &p));
        return;
    }
    // Same band, different waveform: say what differs.
    if let Some(p) = pairs.iter().find(|p| p.in_band() == Some(true)) {
        let p = **p;
        out.emit(Severity::Blocking, || waveform_body(ctx, &p));
        return;
    }
    let Some(nearest) = pairs
        .iter()
        .filter_map(|p| p.worst().map(|w| (w.0.miss_hz(), p)))
        .min_by(|x, y| x.0.total_cmp(&y.0))
        .map(|(_, p)| *p)
    else {
        return;
    };
    out.emit(Severity::Blocking, || apart_body(ctx, &pairs, nearest));
}

/// The voice links flown between exactly this pair of radios (the
/// rescuer's `a`, the distressed vehicle's `b`), as the specs stand.
fn flown_voice<'v>(ctx: &Context<'v>, p: &Pairing<'_>) -> Vec<&'v crate::record::Event> {
    let (Some(a), Some(b)) = (p.a.id.get(), p.b.id.get()) else {
        return Vec::new();
    };
    ctx.env.record.voice(
        crate::record::At::new(ctx.rescuer, a),
        crate::record::At::new(ctx.distressed, b),
    )
}

/// Fewer pairs than this are sorted by their ids directly (the fleet
/// matrix's usual case: a few radios a side); more, by the ids' ranks.
const RANKED_SORT_FROM: usize = 64;

/// A pair's radio ids as an unordered pair.
fn id_pair<'p>(p: &Pairing<'p>) -> [Option<&'p str>; 2] {
    let (x, y) = (
        p.a.id.get().map(String::as_str),
        p.b.id.get().map(String::as_str),
    );
    if x <= y { [x, y] } else { [y, x] }
}

/// Each radio of both vehicles by the rank of its id among all their ids
/// (equal ids share a rank; a radio without an id ranks first).
fn id_ranks(ctx: &Context<'_>) -> HashMap<*const Radio, u32> {
    let radios = || ctx.rescuer.radios.iter().chain(&ctx.distressed.radios);
    let mut ids: Vec<Option<&str>> = radios().map(|r| r.id.get().map(String::as_str)).collect();
    ids.sort_unstable();
    ids.dedup();
    radios()
        .map(|r| {
            let id = r.id.get().map(String::as_str);
            let rank = ids.partition_point(|x| *x < id);
            (
                std::ptr::from_ref(r),
                u32::try_from(rank).unwrap_or(u32::MAX),
            )
        })
        .collect()
}

/// A pair's radio ids as an unordered pair, by rank: the same whichever
/// vehicle rescues.
fn pair_key(p: &Pairing<'_>, rank: &HashMap<*const Radio, u32>) -> u64 {
    let of = |r: &Radio| {
        rank.get(&std::ptr::from_ref(r))
            .copied()
            .unwrap_or(u32::MAX)
    };
    let (x, y) = (of(p.a), of(p.b));
    let (lo, hi) = if x <= y { (x, y) } else { (y, x) };
    (u64::from(lo) << 32) | u64::from(hi)
}

/// Points the finding at the named fields of both radios.
fn radio_fields(mut body: FindingBody, p: &Pairing<'_>, what: &[&str]) -> FindingBody {
    for field in what {
        let (pa, pb) = (
            item_path("radios", &p.a.id, field),
            item_path("radios", &p.b.id, field),
        );
        let (ra, rb) = match *field {
            "tx_frequencies" => (
                FieldRef::new(Party::Rescuer, pa, &p.a.tx_frequencies),
                FieldRef::new(Party::Distressed, pb, &p.b.tx_frequencies),
            ),
            "rx_bands" => (
                FieldRef::new(Party::Rescuer, pa, &p.a.rx_bands),
                FieldRef::new(Party::Distressed, pb, &p.b.rx_bands),
            ),
            "modulation" => (
                FieldRef::new(Party::Rescuer, pa, &p.a.modulation),
                FieldRef::new(Party::Distressed, pb, &p.b.modulation),
            ),
            _ => (
                FieldRef::new(Party::Rescuer, pa, &p.a.protocols),
                FieldRef::new(Party::Distressed, pb, &p.b.protocols),
            ),
        };
        body = body.field(ra).field(rb);
    }
    body
}

fn unknown_body(ctx: &Context<'_>, pairs: &[&Pairing<'_>], p: &Pairing<'_>) -> FindingBody {
    let missing = match (p.in_band(), p.modulation, p.protocols) {
        (None, _, _) => "transmit frequencies or receive bands",
        (_, Agreement::NotGiven, Agreement::NotGiven) => "modulation and protocols",
        (_, Agreement::NotGiven, _) => "modulation",
        _ => "protocols",
    };
    let body = FindingBody::new(format!(
        "cannot tell whether {} and {} share a channel: the {} of '{}' or '{}' are not given",
        named(ctx, Party::Rescuer),
        named(ctx, Party::Distressed),
        missing,
        channel::id(p.a),
        channel::id(p.b)
    ))
    .mitigation("give each radio's tx_frequencies, rx_bands, modulation and protocols");
    let body = closest_radios(ctx, pairs, body);
    radio_fields(
        body,
        p,
        &["tx_frequencies", "rx_bands", "modulation", "protocols"],
    )
}

fn waveform_body(ctx: &Context<'_>, p: &Pairing<'_>) -> FindingBody {
    let mut differs = Vec::new();
    if p.modulation == Agreement::Different {
        differs.push(format!(
            "modulation {} against {}",
            crate::rules::helpers::shown(&p.a.modulation),
            crate::rules::helpers::shown(&p.b.modulation)
        ));
    }
    if p.protocols == Agreement::Different {
        differs.push(format!(
            "protocols {} against {}",
            crate::rules::helpers::shown(&p.a.protocols),
            crate::rules::helpers::shown(&p.b.protocols)
        ));
    }
    let body = FindingBody::new(format!(
        "{} '{}' ({}) and {} '{}' ({}) overlap in frequency but differ in {}",
        named(ctx, Party::Rescuer),
        channel::id(p.a),
        channel::tx_list(p.a),
        named(ctx, Party::Distressed),
        channel::id(p.b),
        channel::tx_list(p.b),
        differs.join(" and ")
    ))
    .evidence(Evidence::value(
        "rescuer modulation / protocols",
        Measure::Text(format!(
            "{} / {}",
            crate::rules::helpers::shown(&p.a.modulation),
            crate::rules::helpers::shown(&p.a.protocols)
        )),
    ))
    .evidence(Evidence::limit(
        "distressed modulation / protocols",
        Measure::Text(format!(
            "{} / {}",
            crate::rules::helpers::shown(&p.b.modulation),
            crate::rules::helpers::shown(&p.b.protocols)
        )),
    ))
    .mitigation("carry a radio with the other vehicle's modulation and protocol stack on the shared band, or relay through a ground network both reach");
    radio_fields(body, p, &["modulation", "protocols"])
}

/// "'sscs-uhf' (tx 414.2, 417.1 MHz; rx 410 to 420 MHz)".
fn describe(radio: &Radio) -> String {
    format!(
        "'{}' (transmits {}, receives {})",
        channel::id(radio),
        channel::tx_list(radio),
        channel::rx_list(radio)
    )
}

fn apart_body(ctx: &Context<'_>, pairs: &[&Pairing<'_>], nearest: &Pairing<'_>) -> FindingBody {
    let Some((worst, _)) = nearest.worst() else {
        return FindingBody::new("no common radio channel");
    };
    let mut body = FindingBody::new(format!(
        "no common radio channel between {} and {}: closest is {} {} against {} {}, {} apart",
        named(ctx, Party::Rescuer),
        named(ctx, Party::Distressed),
        named(ctx, Party::Rescuer),
        describe(nearest.a),
        named(ctx, Party::Distressed),
        describe(nearest.b),
        channel::gap_text(worst.gap_hz)
    ))
    .evidence(Evidence::value(
        "transmitter",
        Measure::Text(channel::mhz(worst.tx)),
    ))
    .evidence(Evidence::limit(
        "receive band",
        Measure::Text(channel::band_text(worst.band)),
    ))
    .evidence(Evidence::limit(
        "channel tolerance",
        Measure::Text(worst.tolerance.describe()),
    ))
    .evidence(Evidence::margin(
        "gap beyond the tolerance",
        Measure::Text(format!("-{}", channel::gap_text(worst.miss_hz()))),
    ));
    body = closest_radios(ctx, pairs, body);
    body = radio_fields(body, nearest, &["tx_frequencies", "rx_bands"]);
    body.mitigation("carry a radio on the other vehicle's band, modulation and protocol stack, or relay through a ground network both reach")
}

/// Adds, for every radio on either side, its closest radio on the other and
/// how far apart they are, so a reader sees which pairs were ruled out.
fn closest_radios<'p>(
    ctx: &Context<'_>,
    pairs: &[&Pairing<'p>],
    mut body: FindingBody,
) -> FindingBody {
    for (party, other) in [
        (Party::Rescuer, Party::Distressed),
        (Party::Distressed, Party::Rescuer),
    ] {
        // One pass: each radio of `party`, in the order it first appears,
        // with its first pair at the least gap (pairs are as many as the
        // product of the radio lists: no pass per radio).
        let mine_of =
            |p: &Pairing<'p>| -> &'p Radio { if party == Party::Rescuer { p.a } else { p.b } };
        let mut slot: HashMap<*const Radio, usize> = HashMap::new();
        let mut closest: Vec<(&'p Radio, Option<(channel::OneWay<'p>, &Pairing<'p>)>)> = Vec::new();
        for p in pairs.iter().copied() {
            let mine = mine_of(p);
            let index = *slot.entry(std::ptr::from_ref(mine)).or_insert_with(|| {
                closest.push((mine, None));
                closest.len() - 1
            });
            let (Some(way), Some((_, best))) = (p.worst().map(|w| w.0), closest.get_mut(index))
            else {
                continue;
            };
            if best.is_none_or(|(b, _)| way.miss_hz().total_cmp(&b.miss_hz()).is_lt()) {
                *best = Some((way, p));
            }
        }
        for (mine, best) in closest {
            if let Some((way, q)) = best {
                let theirs = if party == Party::Rescuer { q.b } else { q.a };
                body = body.evidence(Evidence::value(
                    format!(
                        "{} '{}' ({}): closest radio of {}",
                        named(ctx, party),
                        channel::id(mine),
                        channel::tx_list(mine),
                        named(ctx, other)
                    ),
                    Measure::Text(format!(
                        "'{}' ({}), {} apart",
                        channel::id(theirs),
                        channel::tx_list(theirs),
                        channel::gap_text(way.gap_hz)
                    )),
                ));
            }
        }
    }
    body
}
