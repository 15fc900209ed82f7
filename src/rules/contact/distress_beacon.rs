//! CONTACT-007 distress-beacon: the rescuer can hear the distressed
//! vehicle's beacon.
//!
//! Since 1 February 2009 Cospas-Sarsat satellites process only 406 MHz
//! beacons; 121.5 and 243 MHz beacons are heard only by local receivers
//! (aircraft, ground, or a rescuer's own radio). A beacon the rescuer cannot
//! receive, on a frequency no satellite processes, must be replaced by the
//! distressed side's controls passing its position.

use uom::si::f64::Frequency;
use uom::si::frequency::megahertz;

use crate::rules::helpers::{item_path, named, shown};
use crate::rules::{
    ANY_MODE, Context, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::spec::{Beacon, BeaconKind};

use super::channel;

/// The Cospas-Sarsat 406 MHz distress band, 406.0 to 406.1 MHz.
const COSPAS_SARSAT_MHZ: (f64, f64) = (406.0, 406.1);

pub static RULE: Rule = Rule {
    id: "CONTACT-007",
    name: "distress-beacon",
    phase: Phase::Contact,
    modes: ANY_MODE,
    default_severity: Severity::Conditional,
    symmetric: false,
    reference: "comms.md §6 item 15 and summary item 10: Cospas-Sarsat processes only 406 MHz since 1 Feb 2009; 121.5/243 MHz heard only by local receivers (R65); 406-406.1 MHz allocation (R3)",
    summary: "The distressed vehicle's beacon is heard by the rescuer's receivers or through Cospas-Sarsat",
    docs: RuleDocs {
        what_it_checks: "Each of the distressed vehicle's `beacons` (kind and frequency) against the rescuer's radios' receive bands. A beacon inside a receive band is heard directly (no finding). A 406 MHz beacon (406.0 to 406.1 MHz, or kind cospas-sarsat with no frequency given) is processed by Cospas-Sarsat satellites, so the rescuer learns of it through the ground segment rather than its own radios (advisory). A beacon on any other frequency, such as 121.5 or 243 MHz homing, is heard only by local receivers: if the rescuer has none on it, the rescue depends on the distressed side's controls passing the position (conditional). The best beacon decides. A beacon whose frequency is not given (and is not Cospas-Sarsat), or a rescuer whose receive bands are not given, is unknown; a vehicle that lists no beacon is advisory.",
        why_it_blocks: "It does not block by itself: it decides how the rescuer finds the crew, directly or through a relay of other people's receivers, which costs time.",
        example: "A capsule with only a 121.5 MHz homing beacon against a rescuer whose radios receive 410 to 420 MHz: conditional, no satellite processes 121.5 MHz since 2009 and the rescuer cannot hear it.",
        how_to_resolve: "Carry a 406 MHz Cospas-Sarsat beacon, or give the rescuer a receiver on the beacon's frequency (a 121.5/243 MHz direction finder), or agree that the controls pass the position.",
        tolerances: "A beacon is heard in a receive band when its frequency lies inside it or outside it by no more than the receiving radio's `frequency_tolerance`, or, when it gives none, the default of the beacon's band (CONTACT-001's table: 4.167 kHz in 117.975-137 MHz, where 121.5 MHz lies).",
    },
    check,
};

/// How a beacon reaches the rescuer, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reach {
    Direct,
    Satellite,
    NotHeard,
    Unknown,
}

fn in_cospas_sarsat_band(f: Frequency) -> bool {
    let mhz = f.get::<megahertz>();
    (COSPAS_SARSAT_MHZ.0..=COSPAS_SARSAT_MHZ.1).contains(&mhz)
}

fn reach(ctx: &Context<'_>, beacon: &Beacon) -> Reach {
    let radios = &ctx.rescuer.radios;
    let Some(f) = beacon.frequency.value() else {
        return if beacon.kind.value() == Some(BeaconKind::CospasSarsat) {
            Reach::Satellite
        } else {
            Reach::Unknown
        };
    };
    // Within the receiver's own tolerance, or the default of the band.
    let heard = radios.iter().any(|r| {
        let tolerance = r
            .frequency_tolerance
            .value()
            .map_or_else(|| channel::band_tolerance(f).hz, |t| t.value);
        r.rx_bands
            .get()
            .is_some_and(|bands| bands.iter().any(|b| channel::gap_hz(f, b) <= tolerance))
    });
    if heard {
        Reach::Direct
    } else if in_cospas_sarsat_band(f) {
        Reach::Satellite
    } else if radios.iter().any(|r| r.rx_bands.get().is_none()) {
        Reach::Unknown
    } else {
        Reach::NotHeard
    }
}

fn describe(beacon: &Beacon) -> String {
    let f = beacon
        .frequency
        .value()
        .map_or_else(|| "frequency not given".to_string(), channel::mhz);
    format!(
        "'{}' ({}, {})",
        channel::id_of(&beacon.id),
        shown(&beacon.kind),
        f
    )
}

fn receive_bands(ctx: &Context<'_>) -> String {
    let bands: Vec<String> = ctx
        .rescuer
        .radios
        .iter()
        .map(channel::rx_list)
        .filter(|s| s != "unknown")
        .collect();
    if bands.is_empty() {
        "none".into()
    } else {
        bands.join(", ")
    }
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let beacons = &ctx.distressed.beacons;
    if beacons.is_empty() {
        out.emit(Severity::Advisory, || {
            FindingBody::new(format!(
                "{} lists no distress beacon: the rescuer must learn its position from its controls",
                named(ctx, Party::Distressed)
            ))
            .mitigation("list the vehicle's beacons under [[beacons]] with kind and frequency")
        });
        return;
    }
    let Some((reach, beacon)) = beacons
        .iter()
        .map(|b| (reach(ctx, b), b))
        .min_by_key(|(r, _)| *r)
    else {
        return;
    };
    let fields = |body: FindingBody| {
        body.field(FieldRef::new(
            Party::Distressed,
            item_path("beacons", &beacon.id, "frequency"),
            &beacon.frequency,
        ))
        .field(FieldRef::new(
            Party::Distressed,
            item_path("beacons", &beacon.id, "kind"),
            &beacon.kind,
        ))
    };
    let evidence = |body: FindingBody| {
        body.evidence(Evidence::value("beacon", Measure::Text(describe(beacon))))
            .evidence(Evidence::limit(
                "rescuer receive bands",
                Measure::Text(receive_bands(ctx)),
            ))
    };
    match reach {
        Reach::Direct => {}
        Reach::Satellite => out.emit(Severity::Advisory, || {
            fields(evidence(FindingBody::new(format!(
                "the beacon {} of {} is processed by Cospas-Sarsat satellites but not heard by {}'s radios: the alert reaches the rescuer through the ground segment",
                describe(beacon),
                named(ctx, Party::Distressed),
                named(ctx, Party::Rescuer)
            ))))
            .mitigation("give the rescuer a 406 MHz receiver if it must home on the beacon itself")
        }),
        Reach::NotHeard => out.emit(Severity::Conditional, || {
            fields(evidence(FindingBody::new(format!(
                "{} cannot hear the beacon {} of {}, and no satellite processes that frequency (Cospas-Sarsat handles only 406 MHz since 2009): the position must be passed by the distressed side's controls",
                named(ctx, Party::Rescuer),
                describe(beacon),
                named(ctx, Party::Distressed)
            ))))
            .mitigation("carry a 406 MHz Cospas-Sarsat beacon, or give the rescuer a receiver on the beacon's frequency")
        }),
        Reach::Unknown => out.emit(Severity::Unknown, || {
            fields(evidence(FindingBody::new(format!(
                "cannot tell whether {} can hear the beacon {} of {}: the beacon's frequency or the rescuer's receive bands are not given",
                named(ctx, Party::Rescuer),
                describe(beacon),
                named(ctx, Party::Distressed)
            ))))
            .mitigation("give the beacon's frequency and the rescuer's radios' rx_bands")
        }),
    }
}
