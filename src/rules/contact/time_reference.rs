//! CONTACT-006 time-reference: the two sides keep the same time.
//!
//! The ISS runs on UTC, Russian control and spacecraft on Moscow time, and
//! Chinese announcements on Beijing time. A rendezvous timeline read in two
//! time scales is an error waiting to happen, but a known offset is easily
//! converted: the finding is advisory.

use crate::rules::helpers::named;
use crate::rules::{
    ANY_MODE, Context, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};

pub static RULE: Rule = Rule {
    id: "CONTACT-006",
    name: "time-reference",
    phase: Phase::Contact,
    modes: ANY_MODE,
    default_severity: Severity::Advisory,
    symmetric: true,
    reference: "comms.md §6 item 14: ISS on GMT/UTC and Russian MCC on Moscow time (R23), Beijing time GMT+8 (R84); ASTP telecons in Houston and Moscow time (R48)",
    summary: "Both sides keep the same time reference aboard",
    docs: RuleDocs {
        what_it_checks: "`communication.time_reference` of both vehicles, compared case-insensitively after mapping common spellings (gmt and z to utc, msk to moscow, bjt to beijing, coordinated lunar time to ltc, lunar coordinate time to tcl). Different references are advisory, with the offset from UTC where it is known (moscow UTC+3, beijing UTC+8); the lunar scales ltc and tcl are named, since they drift from UTC rather than sit a whole number of hours from it. A reference that is not given is also advisory rather than unknown: the worst this rule can find is advisory, so missing data cannot hide a blocker.",
        why_it_blocks: "It does not block. Times exchanged during a rescue (burns, hatch openings, loss of signal) must be read in one scale; a three- or eight-hour slip is a classic source of error.",
        example: "The ISS (utc) against Soyuz MS (moscow): advisory, Moscow time is UTC+3.",
        how_to_resolve: "Agree to exchange all times in UTC for the joint operation, and say so in both procedures.",
    },
    check,
};

/// The reference in a canonical spelling.
fn canonical(reference: &str) -> String {
    let r = reference.trim().to_ascii_lowercase();
    match r.as_str() {
        "gmt" | "z" | "zulu" => "utc".into(),
        "msk" | "moscow time" => "moscow".into(),
        "bjt" | "beijing time" => "beijing".into(),
        "coordinated lunar time" => "ltc".into(),
        "lunar coordinate time" => "tcl".into(),
        _ => r,
    }
}

/// Offset from UTC, in hours, of the references this rule knows.
fn offset_hours(canonical: &str) -> Option<i32> {
    match canonical {
        "utc" => Some(0),
        "moscow" => Some(3),
        "beijing" => Some(8),
        _ => None,
    }
}

/// The lunar time scales: they drift from UTC rather than sit a whole
/// number of hours from it (C-TIME).
fn lunar_name(canonical: &str) -> Option<&'static str> {
    match canonical {
        "ltc" => Some("Coordinated Lunar Time"),
        "tcl" => Some("Lunar Coordinate Time"),
        _ => None,
    }
}

fn describe(canonical: &str) -> String {
    match (offset_hours(canonical), lunar_name(canonical)) {
        (Some(0), _) => canonical.to_string(),
        (Some(h), _) => format!("{canonical} (UTC+{h})"),
        (None, Some(name)) => format!("{canonical} ({name})"),
        (None, None) => crate::text::escape_for_terminal(canonical),
    }
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let (r, d) = (
        &ctx.rescuer.communication.time_reference,
        &ctx.distressed.communication.time_reference,
    );
    let fields = |body: FindingBody| {
        body.field(FieldRef::new(
            Party::Rescuer,
            "communication.time_reference",
            r,
        ))
        .field(FieldRef::new(
            Party::Distressed,
            "communication.time_reference",
            d,
        ))
    };
    let (Some(a), Some(b)) = (r.get(), d.get()) else {
        out.emit(Severity::Advisory, || {
            let missing = if r.get().is_none() {
                Party::Rescuer
            } else {
                Party::Distressed
            };
            fields(FindingBody::new(format!(
                "{} gives no time reference, so whether both sides keep the same time is not known",
                named(ctx, missing)
            )))
            .mitigation("give communication.time_reference (utc, moscow, beijing, ...)")
        });
        return;
    };
    let (a, b) = (canonical(a), canonical(b));
    if a == b {
        return;
    }
    out.emit(Severity::Advisory, || {
        let apart = match (offset_hours(&a), offset_hours(&b)) {
            (Some(x), Some(y)) => format!(", {} h apart", (x - y).abs()),
            _ => String::new(),
        };
        let mut body = FindingBody::new(format!(
            "{} keeps {} and {} keeps {}{apart}",
            named(ctx, Party::Rescuer),
            describe(&a),
            named(ctx, Party::Distressed),
            describe(&b)
        ))
        .evidence(Evidence::value(
            format!("{} time reference", named(ctx, Party::Rescuer)),
            Measure::Text(describe(&a)),
        ))
        .evidence(Evidence::limit(
            format!("{} time reference", named(ctx, Party::Distressed)),
            Measure::Text(describe(&b)),
        ));
        if let (Some(x), Some(y)) = (offset_hours(&a), offset_hours(&b)) {
            body = body.evidence(Evidence::margin(
                "offset",
                Measure::Number {
                    value: f64::from((x - y).abs()),
                    unit: "h",
                },
            ));
        }
        fields(body).mitigation("exchange every time in UTC during the joint operation")
    });
}
