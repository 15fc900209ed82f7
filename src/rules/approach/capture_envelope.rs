//! APPROACH-002 capture-envelope: the chaser's contact conditions lie
//! inside the target mechanism's capture envelope.
//!
//! Each parameter the chaser port guarantees at contact
//! (`contact_conditions`: closing speed range, lateral and angular
//! misalignment, roll misalignment, lateral, angular and roll rates) is
//! compared with the target port's `capture_envelope`, with its margin. When
//! both ports are of one standard, the chaser's own mechanism must capture
//! too, so the narrower of the two envelopes applies. The chaser is the
//! vehicle of the active port (`rules::mate::pairing`); not applicable when
//! no pair of ports docks (berthing has no contact conditions).

use crate::rules::helpers::named;
use crate::rules::mate::pairing::{Mating, check_best_mating, shared_dockings};
use crate::rules::{
    Context, DOCKED, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::spec::{ContactEnvelope, Field, Port, Quantity, Range, Span};
use crate::units::Kind;

pub static RULE: Rule = Rule {
    id: "APPROACH-002",
    name: "capture-envelope",
    phase: Phase::Approach,
    modes: DOCKED,
    default_severity: Severity::Blocking,
    symmetric: true,
    reference: "IDSS IDD Rev E Table 3.3.1.1-2 as transcribed (GH-IDSS); SAST (Chinese mechanism); DE-APAS89 (APAS-75); docking.md §2, §5, §9",
    summary: "The chaser's guaranteed contact conditions lie inside the target mechanism's capture envelope",
    docs: RuleDocs {
        what_it_checks: "For the pair of ports that docks: the chaser port's `contact_conditions` (closing speed range, lateral misalignment, pitch/yaw misalignment, roll misalignment, lateral rate, pitch/yaw rate, roll rate) against the target port's `capture_envelope`, each with its margin. When both ports are of one standard the narrower of the two ports' envelopes applies. Not applicable when no pair of ports docks or that is unknown: MATE-001 reports it once.",
        why_it_blocks: "Outside its capture envelope a mechanism does not latch (too slow, too far off axis) or is overloaded and may rebound or damage the interface (too fast). IDSS captures between 0.05 and 0.10 m/s with up to 0.10 m lateral and 4 deg angular misalignment; the Chinese mechanism accepts 0.08 to 0.18 m/s.",
        example: "A chaser guaranteeing 0.05 to 0.15 m/s at an IDSS target accepting 0.05 to 0.10 m/s: the maximum closing speed exceeds the envelope by 0.05 m/s, blocking. Exactly 0.10 m/s passes with zero margin.",
        how_to_resolve: "Tighten the chaser's guidance to deliver the target's envelope (a slower final approach, tighter alignment), or dock to a port whose mechanism accepts a wider envelope.",
        tolerances: "None: each contact condition is compared with the envelope bound as written, in SI units. Where the contact conditions or the envelope are not given, a docking on record of exactly these two ports, this chaser flying in, decides it (decided by flight record, docs/flight-record.md).",
    },
    check,
};

/// One parameter of the envelope, compared in SI units.
struct Param {
    label: &'static str,
    key: &'static str,
    kind: Kind,
    /// True for the lower end of the closing speed (the delivered value must
    /// be at least the limit); otherwise the delivered value must not exceed it.
    lower: bool,
    delivered: Option<f64>,
    delivered_span: Option<Span>,
    limit: Option<f64>,
    limit_span: Option<Span>,
    /// Which port set the limit: the target's or (narrower) the chaser's own.
    limit_party: Party,
}

impl Param {
    fn margin(&self) -> Option<f64> {
        let (d, l) = (self.delivered?, self.limit?);
        Some(if self.lower { d - l } else { l - d })
    }
}

fn scalar<Q: Quantity>(f: &Field<Q>) -> Option<f64> {
    f.value().map(|q| q.si())
}

fn speed_end<Q: Quantity>(f: &Field<Range<Q>>, lower: bool) -> Option<f64> {
    f.value()
        .and_then(|r| if lower { r.min } else { r.max })
        .map(|q| q.si())
}

/// The parameters of an envelope: (label, key, kind, lower, value, span).
type Reading = (
    &'static str,
    &'static str,
    Kind,
    bool,
    Option<f64>,
    Option<Span>,
);

fn readings(e: &ContactEnvelope) -> [Reading; 8] {
    [
        (
            "minimum closing speed",
            "closing_speed",
            Kind::Velocity,
            true,
            speed_end(&e.closing_speed, true),
            e.closing_speed.span,
        ),
        (
            "maximum closing speed",
            "closing_speed",
            Kind::Velocity,
            false,
            speed_end(&e.closing_speed, false),
            e.closing_speed.span,
        ),
        (
            "lateral misalignment",
            "lateral_misalignment",
            Kind::Length,
            false,
            scalar(&e.lateral_misalignment),
            e.lateral_misalignment.span,
        ),
        (
            "pitch/yaw misalignment",
            "angular_misalignment",
            Kind::Angle,
            false,
            scalar(&e.angular_misalignment),
            e.angular_misalignment.span,
        ),
        (
            "roll misalignment",
            "roll_misalignment",
            Kind::Angle,
            false,
            scalar(&e.roll_misalignment),
            e.roll_misalignment.span,
        ),
        (
            "lateral rate",
            "lateral_rate",
            Kind::Velocity,
            false,
            scalar(&e.lateral_rate),
            e.lateral_rate.span,
        ),
        (
            "pitch/yaw rate",
            "angular_rate",
            Kind::AngularVelocity,
            false,
            scalar(&e.angular_rate),
            e.angular_rate.span,
        ),
        (
            "roll rate",
            "roll_rate",
            Kind::AngularVelocity,
            false,
            scalar(&e.roll_rate),
            e.roll_rate.span,
        ),
    ]
}

fn same_standard(a: &Port, b: &Port) -> bool {
    matches!((a.standard.get(), b.standard.get()), (Some(x), Some(y)) if x == y)
}

fn params(m: &Mating<'_>) -> Vec<Param> {
    let delivered = readings(&m.chaser_port.contact_conditions);
    let target = readings(&m.target_port.capture_envelope);
    let own = same_standard(m.chaser_port, m.target_port)
        .then(|| readings(&m.chaser_port.capture_envelope));
    delivered
        .into_iter()
        .enumerate()
        .map(|(i, (label, key, kind, lower, value, span))| {
            let (mut limit, mut limit_span, mut limit_party) = target
                .get(i)
                .map(|t| (t.4, t.5, m.target()))
                .unwrap_or((None, None, m.target()));
            // The narrower envelope applies where both mechanisms are of one
            // standard (a known target limit is needed to decide at all).
            if let (Some(l), Some((_, _, _, _, Some(o), o_span))) =
                (limit, own.as_ref().and_then(|own| own.get(i)))
            {
                let narrower = if lower { *o > l } else { *o < l };
                if narrower {
                    limit = Some(*o);
                    limit_span = *o_span;
                    limit_party = m.chaser;
                }
            }
            Param {
                label,
                key,
                kind,
                lower,
                delivered: value,
                delivered_span: span,
                limit,
                limit_span,
                limit_party,
            }
        })
        .collect()
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    check_best_mating(ctx, out, &RULE, shared_dockings(ctx), check_mating);
}

fn port_path(port: &Port, section: &str, key: &str) -> String {
    crate::rules::helpers::item_path("ports", &port.id, &format!("{section}.{key}"))
}

fn check_mating(ctx: &Context<'_>, m: &Mating<'_>, out: &mut Sink) {
    let params = params(m);
    let port_of = |party: Party| {
        if party == m.chaser {
            m.chaser_port
        } else {
            m.target_port
        }
    };
    let refs = |p: &Param| {
        let limit_section = "capture_envelope";
        vec![
            FieldRef {
                party: m.chaser,
                path: port_path(m.chaser_port, "contact_conditions", p.key),
                span: p.delivered_span,
                file: None,
            },
            FieldRef {
                party: p.limit_party,
                path: port_path(port_of(p.limit_party), limit_section, p.key),
                span: p.limit_span,
                file: None,
            },
        ]
    };
    for p in &params {
        let Some(margin) = p.margin() else { continue };
        if margin >= 0.0 {
            continue;
        }
        out.emit(Severity::Blocking, || {
            let (Some(d), Some(l)) = (p.delivered, p.limit) else {
                return FindingBody::new("capture envelope exceeded");
            };
            let whose = if p.limit_party == m.chaser {
                "the chaser's own mechanism (the narrower envelope)"
            } else {
                "the target mechanism"
            };
            let mut body = FindingBody::new(format!(
                "{} delivers a {} of {}, outside what {} captures ({} {}): off by {}",
                named(ctx, m.chaser),
                p.label,
                p.kind.format_si(d),
                whose,
                if p.lower { "at least" } else { "at most" },
                p.kind.format_si(l),
                p.kind.format_si(-margin)
            ))
            .evidence(Evidence::value(p.label, Measure::Quantity { kind: p.kind, si: d }))
            .evidence(Evidence::limit(
                "capture envelope",
                Measure::Quantity { kind: p.kind, si: l },
            ))
            .evidence(Evidence::margin(
                "margin",
                Measure::Quantity {
                    kind: p.kind,
                    si: margin,
                },
            ))
            .mitigation(format!(
                "bring the chaser's {} within {} (a slower, better aligned final approach), or dock to a port whose mechanism accepts it",
                p.label,
                p.kind.format_si(l)
            ));
            body.fields = refs(p);
            body
        });
    }
    let unknown: Vec<&Param> = params.iter().filter(|p| p.margin().is_none()).collect();
    if !unknown.is_empty() {
        // A docking of these very ports, this chaser flying in, was
        // captured: what it delivered lay inside the envelope.
        let flown = m.flown_docking(ctx);
        out.emit_unknown_unless_flown(&flown, || {
            let labels: Vec<&str> = unknown.iter().map(|p| p.label).collect();
            let mut body = FindingBody::new(format!(
                "cannot compare {} of {} with the capture envelope of {}: {} not given",
                labels.join(", "),
                named(ctx, m.chaser),
                named(ctx, m.target()),
                if unknown.len() == 1 {
                    "it is"
                } else {
                    "they are"
                }
            ))
            .mitigation(
                "give the chasing port's contact_conditions and the target port's capture_envelope",
            );
            for p in &unknown {
                body.fields.extend(refs(p));
            }
            body
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::mate::pairing::fixtures;

    #[test]
    fn real_pairs() {
        fixtures::real_pairs(&RULE);
    }
}
