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
    Context, EVA, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs, Severity,
    Sink,
};
use crate::spec::{CarriedSuit, Radio, SuitClass, Vehicle};

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
        what_it_checks: "Only for the EVA transfer mode. The radios of the suits each vehicle carries (`radios` in the suit definition) against the other side's suit radios and vehicle radios, with the same channel test as CONTACT-001 (transmit inside the other's receive band both ways, same modulation, a protocol in common). The distressed crew crosses, so the distressed side must have a suit radio: if its EVA suits (class eva, or class not given) list none, the finding is unknown; a side that carries only IVA suits cannot cross by EVA at all, which the transfer phase decides, so the rule does not apply to it. The rescuer's suit radios are checked when it lists any (its crew may stay inside). Without a shared channel the finding names the closest pair and the gap.",
        why_it_blocks: "A crew member outside in a suit who cannot talk to the other crew or vehicle cannot be guided across, cannot report a suit problem, and cannot be told when the hatch is ready.",
        example: "An EMU-type suit radio on 414.2/417.1 MHz against a vehicle and suits that only receive VHF 121.75 MHz: blocking, 292.45 MHz apart.",
        how_to_resolve: "Carry a suit radio or a vehicle radio on the other side's suit band, or take the other side's suits (with their radios) for the crossing.",
        tolerances: "The channel test of CONTACT-001, with its channel tolerance.",
    },
    check,
};

/// A suit radio with the suit it belongs to.
struct SuitRadio<'a> {
    suit: &'a CarriedSuit,
    radio: &'a Radio,
}

fn suit_radios(v: &Vehicle) -> Vec<SuitRadio<'_>> {
    v.suits
        .iter()
        .flat_map(|s| {
            s.suit
                .radios
                .iter()
                .map(move |r| SuitRadio { suit: s, radio: r })
        })
        .collect()
}

fn other(party: Party) -> Party {
    match party {
        Party::Rescuer => Party::Distressed,
        Party::Distressed => Party::Rescuer,
    }
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    if suit_radios(ctx.rescuer).is_empty()
        && suit_radios(ctx.distressed).is_empty()
        && ctx
            .distressed
            .suits
            .iter()
            .all(|s| s.suit.class.value() == Some(SuitClass::Iva))
    {
        out.not_applicable();
        return;
    }
    for party in [Party::Distressed, Party::Rescuer] {
        check_side(ctx, party, out);
    }
}

fn check_side(ctx: &Context<'_>, party: Party, out: &mut Sink) {
    let mine = ctx.vehicle(party);
    let theirs = ctx.vehicle(other(party));
    let radios = suit_radios(mine);
    if radios.is_empty() {
        // A side that carries only IVA suits cannot cross by EVA at all:
        // that is for the transfer phase to say, not a radio question.
        let may_go_outside = mine
            .suits
            .iter()
            .any(|s| s.suit.class.value() != Some(SuitClass::Iva));
        if party == Party::Distressed && may_go_outside {
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
    let their_suit_radios = suit_radios(theirs);
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
        let path = format!(
            "suits[{}].radios[{}].{name}",
            crate::text::escape_for_terminal(&s.suit.id),
            channel::id(s.radio)
        );
        if name == "tx_frequencies" {
            FieldRef::in_file(party, path, &s.radio.tx_frequencies, s.suit.file.as_ref())
        } else {
            FieldRef::in_file(party, path, &s.radio.rx_bands, s.suit.file.as_ref())
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
