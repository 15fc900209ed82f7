//! MATE-003 transfer-passage: the mated ports let the crew through.
//!
//! The clear passage of a mated interface is the narrower of the two ports'
//! `passage_diameter`. The distressed crew must cross it shirt-sleeved, in
//! the suits their vehicle carries (each suit file's `min_passage_diameter`;
//! EVA suits are left to the EVA mode)
//! and, for an injured crew member, on a stretcher. Those envelopes are data
//! (`specs/crew-envelopes.toml`, or the `Environment`'s); a figure no public source gives is unknown
//! there and the rule reports it as unknown. Uses the mated pair of ports
//! that fares best (`rules::mate::pairing`), berthing included; not
//! applicable when no pair of ports mates.

use uom::si::f64::Length;

use crate::record::Way;
use crate::rules::helpers::{item_path, named};
use crate::rules::mate::crew_envelopes::CrewEnvelope;
use crate::rules::mate::pairing::{Mating, check_best_mating, shared_matings};
use crate::rules::{
    Context, DOCKED, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::scenario::SuitSet;
use crate::spec::{CarriedSuit, Quantity, SuitClass};

pub static RULE: Rule = Rule {
    id: "MATE-003",
    name: "transfer-passage",
    phase: Phase::Mate,
    modes: DOCKED,
    default_severity: Severity::Blocking,
    symmetric: false,
    reference: "IDSS 800 mm passage (WP-IDSS); suit files' min_passage_diameter; specs/crew-envelopes.toml",
    summary: "The clear passage of the mated ports lets the distressed crew through shirt-sleeved, suited and on a stretcher",
    docs: RuleDocs {
        what_it_checks: "For the mated pair of ports: the narrower `passage_diameter` of the two ports against the passage each way of crossing needs: shirt-sleeved and on a stretcher (from `specs/crew-envelopes.toml`, or from a `crew-envelopes.toml` beside the specs checked, which `check`, `plan` and `matrix` read instead) and in each launch-and-entry suit the crew to rescue has (a scenario's people's suit files, else the distressed vehicle's suits; the suit file's `min_passage_diameter`); a crew from a depressurized cabin (a scenario's distressed.cabin_pressurized = false) crosses suited only. Ports that hold the vehicles together but have no crew passage (a port's or its standard's `crew_passage = false`) block. Not applicable when no pair of ports mates or that is unknown: MATE-001 reports it once.",
        why_it_blocks: "A crew member who does not fit through the hatch cannot be rescued through it: a pressure suit, a stretcher or an injured crew member's restraint needs more room than a person moving freely.",
        example: "An 800 mm IDSS passage against a suit needing 850 mm: short by 50 mm, blocking. Exactly 800 mm passes. The bundled crew envelopes give no public figure for a shirt-sleeved or stretcher crossing yet, so those comparisons are reported as unknown.",
        how_to_resolve: "Dock to a port with a wider passage, cross without the bulky suit (doff it in the vestibule if the atmospheres allow), or plan the transfer of an injured crew member in a smaller restraint.",
        tolerances: "None: passages are compared with the envelopes as written, in SI units. Where a passage or a crew envelope is not given, crossings on record through exactly this mated passage, one for each way the crew may cross (shirt-sleeved, stretcher, suited in that suit), decide it (docs/flight-record.md).",
    },
    check,
};

fn check(ctx: &Context<'_>, out: &mut Sink) {
    check_best_mating(ctx, out, &RULE, shared_matings(ctx), check_mating);
}

fn check_mating(ctx: &Context<'_>, m: &Mating<'_>, out: &mut Sink) {
    check_with(ctx, m, out, &ctx.env.crew_envelopes);
}

/// One way of crossing, with the passage it needs when known. Words and
/// locations are built only for a finding (a counting sink never asks).
struct Need<'a> {
    how: How<'a>,
    diameter: Option<Length>,
}

/// What crosses: a crew envelope, a crew member in a suit of a set, or
/// crew members whose suit the scenario says is not known.
enum How<'a> {
    Envelope(&'a CrewEnvelope),
    Suit(SuitSet<'a>, &'a CarriedSuit),
    UnknownSuit,
}

impl Need<'_> {
    fn what(&self) -> String {
        match &self.how {
            How::Envelope(e) => e.name.clone(),
            How::UnknownSuit => "a crew member in a suit not known".to_string(),
            How::Suit(_, carried) => format!(
                "a crew member in the {} suit",
                crate::text::escape_for_terminal(&carried.id)
            ),
        }
    }

    /// The flown crossings of the mated passage made this way: the crew
    /// envelope's way, or suited in this very suit. An envelope the record
    /// has no way for (a user's own) is decided by no event.
    fn flown<'v>(&self, ctx: &Context<'v>, m: &Mating<'_>) -> Vec<&'v crate::record::Event> {
        let way = |id: &str| match id {
            "shirt-sleeve" => Some(Way::ShirtSleeved),
            "stretcher" => Some(Way::Stretcher),
            _ => None,
        };
        match &self.how {
            How::Envelope(e) => way(&e.id).map_or_else(Vec::new, |w| m.flown_crossing(ctx, w)),
            How::Suit(_, carried) => m
                .flown_crossing(ctx, Way::Suited)
                .into_iter()
                .filter(|e| {
                    e.crossing
                        .as_ref()
                        .is_some_and(|k| k.suit.get().is_some_and(|s| *s == carried.id))
                })
                .collect(),
            How::UnknownSuit => Vec::new(),
        }
    }

    fn field(&self) -> Option<FieldRef> {
        match &self.how {
            How::Envelope(_) | How::UnknownSuit => None,
            How::Suit(set, carried) => Some(set.field_ref(
                carried,
                "min_passage_diameter",
                &carried.suit.min_passage_diameter,
            )),
        }
    }
}

fn needs<'a>(ctx: &Context<'a>, envelopes: &'a [CrewEnvelope]) -> Vec<Need<'a>> {
    let mut out = Vec::new();
    // A crew from a depressurized cabin crosses suited.
    let suited_only = ctx.situation.depressurized();
    let set = ctx.situation.crew_suits();
    for envelope in envelopes {
        if !envelope.from_suit {
            if !suited_only {
                out.push(Need {
                    how: How::Envelope(envelope),
                    diameter: envelope.min_passage_diameter,
                });
            }
            continue;
        }
        // EVA suits are for the EVA mode; a docked transfer is made in the
        // launch and entry (IVA) suits or a suit of unknown class.
        let docked_suits = set
            .suits
            .iter()
            .filter(|c| c.suit.serves(SuitClass::Iva) != Some(false));
        for carried in docked_suits {
            out.push(Need {
                how: How::Suit(set, carried),
                diameter: carried.suit.min_passage_diameter.value(),
            });
        }
        if set.unknown_wearers > 0 {
            out.push(Need {
                how: How::UnknownSuit,
                diameter: None,
            });
        }
    }
    out
}

/// The crossings that show every one of `needs` through the mated passage
/// (one event or more per way); none unless each way has crossed it.
fn flown_by_every<'v, 'n>(
    ctx: &Context<'v>,
    m: &Mating<'_>,
    needs: impl Iterator<Item = &'n Need<'n>>,
) -> Vec<&'v crate::record::Event> {
    let mut all: Vec<&crate::record::Event> = Vec::new();
    let mut any = false;
    for need in needs {
        any = true;
        let flown = need.flown(ctx, m);
        if flown.is_empty() {
            return Vec::new();
        }
        for e in flown {
            if !all.iter().any(|x| std::ptr::eq(*x, e)) {
                all.push(e);
            }
        }
    }
    if any { all } else { Vec::new() }
}

pub(crate) fn check_with<'a>(
    ctx: &Context<'a>,
    m: &Mating<'_>,
    out: &mut Sink,
    envelopes: &'a [CrewEnvelope],
) {
    let (cp, tp) = (m.chaser_port, m.target_port);
    if !m.crew_passage {
        // Held together but closed: the crews must cross outside.
        out.emit(Severity::Blocking, || {
            let mut body = FindingBody::new(format!(
                "the mated ports of {} and {} hold the vehicles together but have no crew passage",
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed)
            ))
            .mitigation("transfer the crew by EVA while the vehicles stay docked (Soyuz 4 and 5, 1969), or dock to a port with a passage");
            for (party, port) in [(m.chaser, cp), (m.target(), tp)] {
                body.fields.push(FieldRef::new(
                    party,
                    item_path("ports", &port.id, "crew_passage"),
                    &port.crew_passage,
                ));
                body.fields.push(FieldRef::new(
                    party,
                    item_path("ports", &port.id, "standard"),
                    &port.standard,
                ));
            }
            body
        });
        return;
    }
    let port_refs = || {
        vec![
            FieldRef::new(
                m.chaser,
                item_path("ports", &cp.id, "passage_diameter"),
                &cp.passage_diameter,
            ),
            FieldRef::new(
                m.target(),
                item_path("ports", &tp.id, "passage_diameter"),
                &tp.passage_diameter,
            ),
        ]
    };
    let passage = match (cp.passage_diameter.value(), tp.passage_diameter.value()) {
        (Some(a), Some(b)) => {
            if a < b {
                a
            } else {
                b
            }
        }
        _ => {
            // Every way the crew may cross must have crossed this passage.
            let flown = flown_by_every(ctx, m, needs(ctx, envelopes).iter());
            out.emit_unknown_unless_flown(&flown, || {
                let mut body = FindingBody::new(format!(
                    "cannot tell whether the crew fits through the mated ports of {} and {}: a port's passage diameter is not given",
                    named(ctx, Party::Rescuer),
                    named(ctx, Party::Distressed)
                ))
                .mitigation("give both ports' passage_diameter");
                body.fields = port_refs();
                body
            });
            return;
        }
    };
    let needs = needs(ctx, envelopes);
    for need in &needs {
        let Some(diameter) = need.diameter else {
            continue;
        };
        let margin = passage - diameter;
        if margin.si() >= 0.0 {
            continue;
        }
        out.emit(Severity::Blocking, || {
            let mut body = FindingBody::new(format!(
                "passage {} between {} and {} is too narrow for {}: needs {}, short by {}",
                passage.display(),
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed),
                need.what(),
                diameter.display(),
                (-margin).display()
            ))
            .evidence(Evidence::value("clear passage", Measure::of(passage)))
            .evidence(Evidence::limit("passage needed", Measure::of(diameter)))
            .evidence(Evidence::margin("margin", Measure::of(margin)))
            .mitigation("dock to a port with a wider passage, or cross in a configuration that fits (without the bulky suit, in a smaller restraint)");
            body.fields = port_refs();
            body.fields.extend(need.field());
            body
        });
    }
    let unknown: Vec<&Need> = needs.iter().filter(|n| n.diameter.is_none()).collect();
    if !unknown.is_empty() {
        let flown = flown_by_every(ctx, m, unknown.iter().copied());
        out.emit_unknown_unless_flown(&flown, || {
            let list: Vec<String> = unknown.iter().map(|n| n.what()).collect();
            let mut body = FindingBody::new(format!(
                "passage {} between {} and {}: no figure is known for the passage needed by {}",
                passage.display(),
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed),
                list.join("; ")
            ))
            .evidence(Evidence::value("clear passage", Measure::of(passage)))
            .mitigation("give the suits' min_passage_diameter; shirt-sleeved and stretcher figures need a public source in specs/crew-envelopes.toml");
            body.fields = port_refs();
            body.fields.extend(unknown.iter().filter_map(|n| n.field()));
            if unknown.iter().any(|n| matches!(n.how, How::UnknownSuit)) {
                body.fields.extend(ctx.situation.unknown_suit_refs());
            }
            body
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::mate::pairing::fixtures;
    use crate::rules::{Environment, Sink};
    use uom::si::length::millimeter;

    fn envelope(id: &str, mm: Option<f64>) -> CrewEnvelope {
        CrewEnvelope {
            id: id.into(),
            name: id.into(),
            min_passage_diameter: mm.map(Length::new::<millimeter>),
            from_suit: false,
            source: Some("TEST".into()),
            note: None,
        }
    }

    fn severities_with(
        a: &crate::spec::Vehicle,
        b: &crate::spec::Vehicle,
        envelopes: &[CrewEnvelope],
    ) -> Vec<Severity> {
        let env = Environment::default();
        let ctx = Context::new(a, b, &env);
        let mut sink = Sink::collecting();
        sink.begin(&RULE);
        let all = crate::rules::mate::pairing::matings(&ctx);
        let Some(m) = all.first() else {
            return Vec::new();
        };
        check_with(&ctx, m, &mut sink, envelopes);
        sink.end();
        sink.findings().iter().map(|f| f.severity).collect()
    }

    #[test]
    fn compares_known_envelopes_at_the_boundary() {
        let iss = fixtures::bundled("iss");
        let dragon = fixtures::bundled("crew-dragon");
        // IDSS passage is 800 mm on both sides.
        assert!(severities_with(&dragon, &iss, &[envelope("exact", Some(800.0))]).is_empty());
        assert_eq!(
            severities_with(&dragon, &iss, &[envelope("wide", Some(800.1))]),
            [Severity::Blocking]
        );
        assert_eq!(
            severities_with(&dragon, &iss, &[envelope("open", None)]),
            [Severity::Unknown]
        );
    }

    #[test]
    fn reads_the_envelopes_of_its_environment() {
        // The bundled envelopes give no shirt-sleeved or stretcher figure,
        // so no docked pair could ever pass; an environment that gives them
        // (a synthetic test pair's own file) lets the rule decide.
        let iss = fixtures::bundled("iss");
        let dragon = fixtures::bundled("crew-dragon");
        let run = |env: &Environment| {
            let ctx = Context::new(&dragon, &iss, env);
            crate::rules::run_rule(&RULE, &ctx)
                .iter()
                .map(|f| f.severity)
                .collect::<Vec<_>>()
        };
        assert_eq!(run(&Environment::default()), [Severity::Unknown]);
        let known = Environment {
            crew_envelopes: vec![envelope("fits", Some(700.0))].into(),
            ..Environment::default()
        };
        assert!(run(&known).is_empty());
        let narrow = Environment {
            crew_envelopes: vec![envelope("wide", Some(900.0))].into(),
            ..Environment::default()
        };
        assert_eq!(run(&narrow), [Severity::Blocking]);
    }

    #[test]
    fn real_pairs() {
        fixtures::real_pairs(&RULE);
    }
}
