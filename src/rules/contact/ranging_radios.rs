//! CONTACT-004 ranging-radios: the rescuer's ranging radio finds a
//! transponder on the target.
//!
//! Radio ranging works in matched pairs: Kurs-NA on the chaser interrogates
//! a Kurs-P or Kurs-MKP transponder on the target at 3.2 GHz, and the
//! Chinese microwave radar needs its own transponders on Tianhe. Whether the
//! chaser can approach without them is the approach phase's question
//! (APPROACH navigation-aids rule, from ports' `nav_aids_needed` and
//! `nav_aids_carried`); this rule only says, from the radios themselves,
//! whether the ranging link can be made, and how far apart the bands are.

use crate::rules::helpers::{item_path, named};
use crate::rules::{
    ANY_MODE, Context, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::spec::{Radio, RadioPurpose};

use super::channel::{self, Pairing};

pub static RULE: Rule = Rule {
    id: "CONTACT-004",
    name: "ranging-radios",
    phase: Phase::Contact,
    modes: ANY_MODE,
    default_severity: Severity::Advisory,
    // Not symmetric: it applies only when the rescuer lists a ranging radio
    // (tests/properties.rs found the directions differ).
    symmetric: false,
    reference: "comms.md §5 and §6 item 8: Kurs-NA / Kurs-P, Kurs-MKP at 3.2 GHz (R16, R17); Chinese microwave radar and transponders on Tianhe (R41, R42)",
    summary: "A ranging radio of the rescuer finds a transponder on the target on its band, modulation and protocol",
    docs: RuleDocs {
        what_it_checks: "For each radio of the rescuer whose purpose includes `ranging` (an interrogator such as Kurs-NA), whether the distressed vehicle has a radio with purpose `ranging` (a transponder such as Kurs-P or Kurs-MKP) that receives its transmit frequency and answers inside its receive band, with the same modulation and protocol stack. A radio's purpose does not say which end interrogates, so the test is the same both ways round. Not applicable when the rescuer lists no ranging radio. Relation to the approach phase: the APPROACH navigation-aids rule decides, from ports' `nav_aids_needed` and `nav_aids_carried`, whether the approach can be flown at all (with non-cooperative sensors, or TORU-like manual control); this rule does not repeat that verdict, it only reports at the radio level that the ranging pair cannot be formed and by how much the bands miss. That is why it is advisory: the blocking decision belongs to the approach phase. For the same reason, missing radio data is reported as advisory, not unknown.",
        why_it_blocks: "It does not block by itself. A chaser whose ranging radio has no transponder to answer cannot measure range and range rate by radio, which is how Soyuz and Progress approach the station; the approach must then rely on aids that need nothing on the target.",
        example: "A chaser with a Kurs-NA interrogator (3.2 GHz) against a target whose only ranging radio is a Chinese microwave-radar transponder on another band: no ranging pair; the finding names both radios and the gap.",
        how_to_resolve: "Fit the matching transponder on the target in advance (Kurs-MKP was fitted to the Russian segment for Kurs-NA), or fly the approach with non-cooperative sensors (lidar, thermal and visual imaging) or manual control.",
        tolerances: "The channel test of CONTACT-001, with its channel tolerance. ",
    },
    check,
};

fn is_ranging(r: &Radio) -> bool {
    channel::has_purpose(r, RadioPurpose::Ranging) == Some(true)
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let interrogators: Vec<&Radio> = ctx
        .rescuer
        .radios
        .iter()
        .filter(|r| is_ranging(r))
        .collect();
    if interrogators.is_empty() {
        out.not_applicable();
        return;
    }
    let transponders: Vec<&Radio> = ctx
        .distressed
        .radios
        .iter()
        .filter(|r| is_ranging(r))
        .collect();
    let pairs: Vec<Pairing<'_>> = interrogators
        .iter()
        .flat_map(|a| transponders.iter().map(move |b| Pairing::new(a, b)))
        .collect();
    if pairs.iter().any(|p| p.shares_channel() == Some(true)) {
        return;
    }
    if let Some(p) = pairs.iter().find(|p| p.shares_channel().is_none()) {
        let p = *p;
        out.emit(Severity::Advisory, || {
            FindingBody::new(format!(
                "cannot tell whether {} '{}' can range on {} '{}': frequencies, bands, modulation or protocols are not given",
                named(ctx, Party::Rescuer),
                channel::id(p.a),
                named(ctx, Party::Distressed),
                channel::id(p.b)
            ))
            .field(FieldRef::new(Party::Rescuer, item_path("radios", &p.a.id, "tx_frequencies"), &p.a.tx_frequencies))
            .field(FieldRef::new(Party::Distressed, item_path("radios", &p.b.id, "rx_bands"), &p.b.rx_bands))
            .mitigation("give both ranging radios' tx_frequencies, rx_bands, modulation and protocols")
        });
        return;
    }
    let nearest = pairs
        .iter()
        .filter_map(|p| p.worst().map(|w| (w.0, p)))
        .min_by(|x, y| x.0.miss_hz().total_cmp(&y.0.miss_hz()))
        .map(|(way, p)| (way, *p));
    let first = interrogators.first().copied();
    out.emit(Severity::Advisory, || {
        let body = match (nearest, first) {
            (Some((way, p)), _) => {
                let detail = if way.miss_hz() > 0.0 {
                    format!("{} apart", channel::gap_text(way.gap_hz))
                } else {
                    "same band, different modulation or protocol".to_string()
                };
                FindingBody::new(format!(
                    "no ranging pair: {} '{}' (transmits {}) finds no transponder on {}; closest is '{}' (transmits {}, receives {}), {}; the approach phase decides whether other aids suffice",
                    named(ctx, Party::Rescuer),
                    channel::id(p.a),
                    channel::tx_list(p.a),
                    named(ctx, Party::Distressed),
                    channel::id(p.b),
                    channel::tx_list(p.b),
                    channel::rx_list(p.b),
                    detail
                ))
                .evidence(Evidence::value("interrogator", Measure::Text(channel::tx_list(p.a))))
                .evidence(Evidence::limit("transponder receive band", Measure::Text(channel::rx_list(p.b))))
                .field(FieldRef::new(Party::Rescuer, item_path("radios", &p.a.id, "tx_frequencies"), &p.a.tx_frequencies))
                .field(FieldRef::new(Party::Distressed, item_path("radios", &p.b.id, "rx_bands"), &p.b.rx_bands))
            }
            (None, Some(a)) => FindingBody::new(format!(
                "no ranging pair: {} '{}' (transmits {}) needs a transponder, and {} lists no radio with purpose ranging; the approach phase decides whether other aids suffice",
                named(ctx, Party::Rescuer),
                channel::id(a),
                channel::tx_list(a),
                named(ctx, Party::Distressed)
            ))
            .evidence(Evidence::value("interrogator", Measure::Text(channel::tx_list(a))))
            .field(FieldRef::new(Party::Rescuer, item_path("radios", &a.id, "purpose"), &a.purpose)),
            (None, None) => FindingBody::new("no ranging pair"),
        };
        body.mitigation("fit the matching transponder on the target in advance, or approach with non-cooperative sensors or manual control")
    });
}
