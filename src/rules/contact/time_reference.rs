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
use crate::spec::vocabulary::TimeReference;

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
        what_it_checks: "`communication.time_reference` of both vehicles, as terms of `specs/vocabularies/time-references.toml` (the spellings gmt and z are utc, msk is moscow, bjt is beijing; a user's own `x-` term matches only itself). Different references are advisory, with the offset between them where the vocabulary gives each one's offset from UTC (moscow UTC+3, beijing UTC+8); the lunar scales ltc (Coordinated Lunar Time) and tcl (Lunar Coordinate Time) drift from UTC rather than sit a whole number of hours from it, so no offset is given for them. A reference that is not given is also advisory rather than unknown: the worst this rule can find is advisory, so missing data cannot hide a blocker.",
        why_it_blocks: "It does not block. Times exchanged during a rescue (burns, hatch openings, loss of signal) must be read in one scale; a three- or eight-hour slip is a classic source of error.",
        example: "The ISS (utc) against Soyuz MS (moscow): advisory, Moscow time is UTC+3.",
        how_to_resolve: "Agree to exchange all times in UTC for the joint operation, and say so in both procedures.",
        tolerances: "None: time references are terms of `specs/vocabularies/time-references.toml`, compared by id (gmt is utc, msk is moscow).",
    },
    check,
};

/// Offset from UTC, in minutes, of a reference the vocabulary gives one for
/// (`specs/vocabularies/time-references.toml`); `None` for a user's own term.
fn offset_minutes(reference: &TimeReference) -> Option<i32> {
    reference.entry().and_then(|e| e.utc_offset_minutes)
}

/// "UTC+3", "UTC+5:30", "UTC-4".
fn offset_text(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let (h, m) = (minutes.abs() / 60, minutes.abs() % 60);
    if m == 0 {
        format!("UTC{sign}{h}")
    } else {
        format!("UTC{sign}{h}:{m:02}")
    }
}

fn describe(reference: &TimeReference) -> String {
    match offset_minutes(reference) {
        Some(0) | None => reference.to_string(),
        Some(m) => format!("{reference} ({})", offset_text(m)),
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
    // Canonical terms: "GMT" and "utc", "MSK" and "moscow" were resolved
    // to one id when the specs were read.
    if a == b {
        return;
    }
    let hours_apart = match (offset_minutes(a), offset_minutes(b)) {
        (Some(x), Some(y)) => Some(f64::from((x - y).abs()) / 60.0),
        _ => None,
    };
    out.emit(Severity::Advisory, || {
        let apart = hours_apart
            .map(|h| format!(", {} h apart", crate::units::format_number(h)))
            .unwrap_or_default();
        let mut body = FindingBody::new(format!(
            "{} keeps {} and {} keeps {}{apart}",
            named(ctx, Party::Rescuer),
            describe(a),
            named(ctx, Party::Distressed),
            describe(b)
        ))
        .evidence(Evidence::value(
            format!("{} time reference", named(ctx, Party::Rescuer)),
            Measure::Text(describe(a)),
        ))
        .evidence(Evidence::limit(
            format!("{} time reference", named(ctx, Party::Distressed)),
            Measure::Text(describe(b)),
        ));
        if let Some(hours) = hours_apart {
            body = body.evidence(Evidence::margin(
                "offset",
                Measure::Number {
                    value: hours,
                    unit: "h",
                },
            ));
        }
        fields(body).mitigation("exchange every time in UTC during the joint operation")
    });
}
