//! CONTACT-008 suit-radio: in an EVA transfer, each side's suit radios can
//! talk to the other side's suits or vehicle.
//!
//! Crossing between vehicles that cannot dock (Soyuz 4 and 5, 1969) is done
//! in EVA suits, and a suited crew member talks only through the suit's
//! radio. EMU radios work on the ISS SSCS UHF band, while Orlan audio goes
//! through the Russian VHF system: two suits side by side may not hear
//! each other.

use crate::rules::helpers::named;
use crate::rules::{
    Context, EVA, Evidence, FindingBody, Measure, Party, Phase, Rule, RuleDocs, Severity, Sink,
};
use crate::scenario::SuitSet;
use crate::spec::{CarriedSuit, Radio, SuitClass};

use super::channel::{self, Pairing};

pub static RULE: Rule = Rule {
    id: "CONTACT-008",
    name: "suit-radio",
    phase: Phase::Contact,
    modes: EVA,
    default_severity: Severity::Blocking,
    // Not symmetric: only the distressed side, whose crew crosses, must have
    // a suit radio (tests/properties.rs found the directions differ).
    symmetric: false,
    reference: "comms.md §1.12 EVA suits: EMU on SSCS 414.2/417.1 MHz (R2), Orlan audio relayed on VHF-1 143.625 MHz (R14, R90); EVA transfer Soyuz 4/5 (DESIGN.md)",
    summary: "In an EVA transfer, each side's suit radios share a channel with the other side's suits or vehicle",
    docs: RuleDocs {
        what_it_checks: "Only for the EVA transfer mode. The radios of the suits each side goes outside in (`radios` in the suit definition: the crossing crew's own suits and any carried up for them; the rescuer's suits when its crew goes out to help, transfer.eva.crossing with-help) against the other side's suit radios and vehicle radios, with the same channel test as CONTACT-001 (transmit inside the other's receive band both ways, same modulation, a protocol in common). The distressed crew crosses, so the distressed side must have a suit radio: if its EVA suits (class eva, or class not given) list none, the finding is unknown; a side that carries only IVA suits cannot cross by EVA at all, which the transfer phase decides, so the rule does not apply to it. The rescuer's suit radios are checked when it lists any (its crew may stay inside). Without a shared channel the finding names the closest pair and the gap.",
        why_it_blocks: "A crew member outside in a suit who cannot talk to the other crew or vehicle cannot be guided across, cannot report a suit problem, and cannot be told when the hatch is ready.",
        example: "An EMU-type suit radio on 414.2/417.1 MHz against a vehicle and suits that only receive VHF 121.75 MHz: blocking, 292.45 MHz apart.",
        how_to_resolve: "Carry a suit radio or a vehicle radio on the other side's suit band, or take the other side's suits (with their radios) for the crossing.",
        tolerances: "The channel test of CONTACT-001, with its channel tolerance.",
    },
    check,
};

/// A suit radio with the suit it belongs to.
struct SuitRadio<'a> {
    set: SuitSet<'a>,
    suit: &'a CarriedSuit,
    radio: &'a Radio,
}

/// The radios of the suits a side goes outside in: the crossing crew's
/// (their own, and suits carried up for them); the rescuer's own and those
/// carried for its crew, when its crew goes out to help.
fn suit_radios<'a>(ctx: &Context<'a>, party: Party) -> Vec<SuitRadio<'a>> {
    let mut out = Vec::new();
    if party == Party::Rescuer && ctx.situation.eva_helpers() == 0 {
        return out;
    }
    for set in ctx.situation.eva_suits(party).into_iter().flatten() {
        for suit in set.suits {
            for radio in &suit.suit.radios {
                out.push(SuitRadio { set, suit, radio });
            }
        }
    }
    out
}

fn other(party: Party) -> Party {
    match party {
        Party::Rescuer => Party::Distressed,
        Party::Distressed => Party::Rescuer,
    }
}

/// Whether every suit the crossing crew has is an IVA-only suit.
fn crossing_suits_all_iva(ctx: &Context<'_>) -> bool {
    let sets = ctx.situation.eva_suits(Party::Distressed);
    sets.iter().flatten().all(|set| {
        set.suits
            .iter()
            .all(|s| s.suit.serves(SuitClass::Eva) == Some(false))
    })
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    // Each side's suit radios, gathered once.
    let rescuer = suit_radios(ctx, Party::Rescuer);
    let distressed = suit_radios(ctx, Party::Distressed);
    if rescuer.is_empty() && distressed.is_empty() && crossing_suits_all_iva(ctx) {
        out.not_applicable();
        return;
    }
    check_side(ctx, Party::Distressed, &distressed, &rescuer, out);
    check_side(ctx, Party::Rescuer, &rescuer, &distressed, out);
}

fn check_side(
    ctx: &Context<'_>,
    party: Party,
    radios: &[SuitRadio<'_>],
    their_suit_radios: &[SuitRadio<'_>],
    out: &mut Sink,
) {
    let theirs = ctx.vehicle(other(party));
    if radios.is_empty() {
        // A side that carries only IVA suits cannot cross by EVA at all:
        // that is for the transfer phase to say, not a radio question.
        if party == Party::Distressed && !crossing_suits_all_iva(ctx) {
            out.emit(Severity::Unknown, || {
                FindingBody::new(format!(
                    "the EVA suits of {} list no radio, so whether its crew can talk during an EVA transfer is not known",
                    named(ctx, party)
                ))
                .mitigation("list the suit's radios under [[suit.radios]] in its suit file, or say the crew crosses in the other side's suits")
            });
        }
        return;
    }
    let targets: Vec<&Radio> = their_suit_radios
        .iter()
        .map(|s| s.radio)
        .chain(theirs.radios.iter().filter(|r| channel::carries_traffic(r)))
        .collect();
    let pairs: Vec<(&SuitRadio<'_>, Pairing<'_>)> = radios
        .iter()
        .flat_map(|s| targets.iter().map(move |t| (s, Pairing::new(s.radio, t))))
        .collect();
    if pairs.iter().any(|(_, p)| p.shares_channel() == Some(true)) {
        return;
    }
    let field_of = |s: &SuitRadio<'_>, name: &str| {
        let path = format!("radios[{}].{name}", channel::id(s.radio));
        if name == "tx_frequencies" {
            s.set.field_ref(s.suit, &path, &s.radio.tx_frequencies)
        } else {
            s.set.field_ref(s.suit, &path, &s.radio.rx_bands)
        }
    };
    if let Some((s, p)) = pairs.iter().find(|(_, p)| p.shares_channel().is_none()) {
        out.emit(Severity::Unknown, || {
            FindingBody::new(format!(
                "cannot tell whether the suit radio '{}' of {} can talk to '{}' of {}: frequencies, bands, modulation or protocols are not given",
                channel::id(s.radio),
                named(ctx, party),
                channel::id(p.b),
                named(ctx, other(party))
            ))
            .field(field_of(s, "tx_frequencies"))
            .field(field_of(s, "rx_bands"))
            .mitigation("give every suit and vehicle radio's tx_frequencies, rx_bands, modulation and protocols")
        });
        return;
    }
    let nearest = pairs
        .iter()
        .filter_map(|(s, p)| p.worst().map(|w| (w.0, s, p)))
        .min_by(|x, y| x.0.miss_hz().total_cmp(&y.0.miss_hz()));
    out.emit(Severity::Blocking, || {
        let mut body = match nearest {
            Some((way, s, p)) => {
                let detail = if way.miss_hz() > 0.0 {
                    format!("{} apart", channel::gap_text(way.gap_hz))
                } else {
                    "same band, different modulation or protocol".into()
                };
                FindingBody::new(format!(
                    "in an EVA transfer the suit radios of {} cannot talk to {}'s suits or vehicle: closest is suit radio '{}' (transmits {}, receives {}) against '{}' (transmits {}, receives {}), {}",
                    named(ctx, party),
                    named(ctx, other(party)),
                    channel::id(s.radio),
                    channel::tx_list(s.radio),
                    channel::rx_list(s.radio),
                    channel::id(p.b),
                    channel::tx_list(p.b),
                    channel::rx_list(p.b),
                    detail
                ))
                .evidence(Evidence::value("suit radio", Measure::Text(channel::tx_list(s.radio))))
                .evidence(Evidence::limit("other side's receive bands", Measure::Text(channel::rx_list(p.b))))
                .field(field_of(s, "tx_frequencies"))
                .field(field_of(s, "rx_bands"))
            }
            None => FindingBody::new(format!(
                "in an EVA transfer the suit radios of {} have no radio to talk to: {} lists no suit or vehicle radio",
                named(ctx, party),
                named(ctx, other(party))
            )),
        };
        body = body.mitigation("carry a suit or vehicle radio on the other side's suit band, or cross in the other side's suits");
        body
    });
}
