//! CONTACT-005 working-language: the crews, and each crew with the other
//! side's control centre, share a working language.
//!
//! English is the ISS air-to-ground language, Soyuz runs in Russian and
//! Tiangong in Chinese. ASTP bridged the gap with the listener's language, a
//! joint glossary and interpreters: an interpreter or a shared phrase set
//! makes a link workable, on condition.

use crate::rules::helpers::named;
use crate::rules::{
    ANY_MODE, Context, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use std::borrow::Cow;
use std::sync::Arc;

use crate::spec::vocabulary::{Language, PhraseSet, Term, join};
use crate::spec::{Field, SourceFile, Vehicle};

pub static RULE: Rule = Rule {
    id: "CONTACT-005",
    name: "working-language",
    phase: Phase::Contact,
    modes: ANY_MODE,
    default_severity: Severity::Blocking,
    symmetric: false,
    reference: "comms.md §4 voice procedures and §6 item 13: English official on the ISS, Russian on Soyuz (R83), Chinese on Tiangong (R82); ASTP glossary and interpreters (R48, R49)",
    summary: "The two crews share a language, and each crew shares one with the control centre it will work with",
    docs: RuleDocs {
        what_it_checks: "Three links, each from `crew.languages` and `communication.control_languages` (ISO 639-1 codes of `specs/vocabularies/languages.toml`; the language's English name is an alias, so \"English\" and \"en\" are one term): the rescuer's crew with the distressed crew; the distressed crew with the rescuer's control centre (they ride home under it); and the rescuer's crew with the distressed vehicle's control centre (which knows the vehicle in distress). The crew to rescue speaks its vehicle's crew.languages, or, when a scenario gives languages for each person to rescue, each person is a link of their own; an uncrewed rescuer (a scenario's rescuer.crew = 0) has no crew links, only its control centre's. A link with a common language passes. Without one, an interpreter (`communication.interpreter = true` on either side) or a phrase set both sides are trained in (`communication.phrase_sets`, terms of `specs/vocabularies/phrase-sets.toml`) makes it conditional; without either, the first two links are blocking. The third is at worst conditional, since the two control centres can relay between themselves. A language list that is not given is unknown.",
        why_it_blocks: "Deciding whether help is needed, and every step of a transfer, is talked through. A crew that cannot understand the other crew or the controllers directing its return cannot follow instructions in an emergency.",
        example: "A crew working in Russian only against a crew working in Chinese only, with no interpreter and no common phrase set: blocking. The same pair with a shared phrase set (an ASTP-style glossary): conditional.",
        how_to_resolve: "Train the crews in a common phrase set (ASTP used a joint glossary, and each crew spoke the listener's language), put an interpreter on the loop, or fly a crew member who speaks the other side's language.",
        tolerances: "None: languages and phrase sets are terms of `specs/vocabularies/`, compared by id (\"English\" is en).",
    },
    check,
};

/// Whether two lists name a common term (canonical ids: "English" and
/// "en" were resolved to one when the specs were read), without
/// allocating: the fleet matrix asks this a million times.
fn shares_any<V>(a: &[Term<V>], b: &[Term<V>]) -> bool {
    a.iter().any(|x| b.contains(x))
}

fn common<V>(a: &[Term<V>], b: &[Term<V>]) -> Vec<Term<V>> {
    let mut out: Vec<Term<V>> = a.iter().filter(|x| b.contains(x)).cloned().collect();
    out.dedup();
    out
}

fn list<V>(v: &[Term<V>]) -> String {
    if v.is_empty() { "none".into() } else { join(v) }
}

/// A group of speakers: a crew's or a control centre's languages, and the
/// field they come from.
#[derive(Clone)]
struct Side<'a> {
    party: Party,
    path: Cow<'a, str>,
    field: &'a Field<Vec<Language>>,
    /// The file the field is in, when not the party's vehicle of this check
    /// (the crew's vehicle seen through a station, a scenario's person).
    file: Option<&'a Arc<SourceFile>>,
}

impl Side<'_> {
    fn field_ref(&self) -> FieldRef {
        FieldRef {
            party: self.party,
            path: self.path.to_string(),
            span: self.field.span,
            file: self.file.cloned(),
        }
    }
}

/// One link between a group of speakers on each side.
struct Link<'a> {
    what: &'static str,
    left: Side<'a>,
    right: Side<'a>,
    /// The worst this link can be without a language, interpreter or
    /// phrase set.
    worst: Severity,
}

fn phrase_sets(v: &Vehicle) -> Option<&Vec<PhraseSet>> {
    v.communication.phrase_sets.get()
}

/// The crew to rescue as speakers: each person the scenario gives
/// languages for, when it gives them for everyone; else the crew's
/// vehicle's crew.languages. Calls `each` in order, without allocating in
/// the common case (no scenario people).
fn for_each_crew_side<'a>(ctx: &Context<'a>, mut each: impl FnMut(Side<'a>)) {
    let situation = &ctx.situation;
    let people = situation.people();
    let crew = situation.crew_to_rescue().value().unwrap_or(0) as usize;
    if let Some(file) = situation.scenario_file() {
        if crew > 0 && people.len() >= crew && people.iter().all(|p| p.languages.is_written()) {
            for p in people {
                each(Side {
                    party: Party::Distressed,
                    path: Cow::Owned(format!(
                        "distressed.people[{}].languages",
                        crate::text::escape_for_terminal(
                            p.id.get().map(String::as_str).unwrap_or("?")
                        )
                    )),
                    field: &p.languages,
                    file: Some(file),
                });
            }
            return;
        }
    }
    each(Side {
        party: Party::Distressed,
        path: Cow::Borrowed("crew.languages"),
        field: &situation.distressed.crew.languages,
        file: Some(&situation.distressed.file),
    });
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let (r, d) = (ctx.rescuer, ctx.distressed);
    let side = |party, path: &'static str, field| Side {
        party,
        path: Cow::Borrowed(path),
        field,
        file: None,
    };
    let interpreter = [r, d]
        .iter()
        .any(|v| v.communication.interpreter.value() == Some(true));
    let phrases = match (phrase_sets(r), phrase_sets(d)) {
        (Some(a), Some(b)) => shares_any(a, b).then_some((a.as_slice(), b.as_slice())),
        _ => None,
    };
    let rescuer_crew = side(Party::Rescuer, "crew.languages", &r.crew.languages);
    // An uncrewed rescuer has no crew to talk with; its control centre
    // flies it.
    let crewed = ctx.situation.rescuer_crewed() != Some(false);
    if crewed {
        for_each_crew_side(ctx, |crew| {
            let link = Link {
                what: "the two crews",
                left: rescuer_crew.clone(),
                right: crew,
                worst: Severity::Blocking,
            };
            check_link(ctx, &link, interpreter, phrases, out);
        });
    }
    for_each_crew_side(ctx, |crew| {
        let link = Link {
            what: "the distressed crew and the rescuer's control centre",
            left: crew,
            right: side(
                Party::Rescuer,
                "communication.control_languages",
                &r.communication.control_languages,
            ),
            worst: Severity::Blocking,
        };
        check_link(ctx, &link, interpreter, phrases, out);
    });
    if crewed {
        let link = Link {
            what: "the rescuer's crew and the distressed vehicle's control centre",
            left: rescuer_crew,
            right: side(
                Party::Distressed,
                "communication.control_languages",
                &d.communication.control_languages,
            ),
            worst: Severity::Conditional,
        };
        check_link(ctx, &link, interpreter, phrases, out);
    }
}

fn check_link(
    ctx: &Context<'_>,
    link: &Link<'_>,
    interpreter: bool,
    phrases: Option<(&[PhraseSet], &[PhraseSet])>,
    out: &mut Sink,
) {
    let (lp, lpath, lfield) = (link.left.party, link.left.path.as_ref(), link.left.field);
    let (rp, rpath, rfield) = (link.right.party, link.right.path.as_ref(), link.right.field);
    let fields = |body: FindingBody| {
        body.field(link.left.field_ref())
            .field(link.right.field_ref())
    };
    let (Some(left), Some(right)) = (lfield.get(), rfield.get()) else {
        out.emit(Severity::Unknown, || {
            fields(FindingBody::new(format!(
                "cannot tell whether {} share a language: {}",
                link.what,
                match (lfield.get(), rfield.get()) {
                    (None, _) => format!("{} gives no {lpath}", named(ctx, lp)),
                    _ => format!("{} gives no {rpath}", named(ctx, rp)),
                }
            )))
            .mitigation("give crew.languages and communication.control_languages (ISO 639-1 codes)")
        });
        return;
    };
    if shares_any(left, right) {
        return;
    }
    let evidence = |body: FindingBody| {
        body.evidence(Evidence::value(
            format!("{} {lpath}", named(ctx, lp)),
            Measure::Text(list(left)),
        ))
        .evidence(Evidence::limit(
            format!("{} {rpath}", named(ctx, rp)),
            Measure::Text(list(right)),
        ))
    };
    // Formatted only when the finding is built.
    let means = || match phrases {
        None => "an interpreter".to_string(),
        Some((a, b)) if interpreter => format!(
            "an interpreter and the shared phrase set {}",
            list(&common(a, b))
        ),
        Some((a, b)) => format!("the shared phrase set {}", list(&common(a, b))),
    };
    if interpreter || phrases.is_some() {
        out.emit(Severity::Conditional, || {
            let means = means();
            fields(evidence(FindingBody::new(format!(
                "{} share no language ({} against {}): they can work through {means}",
                link.what,
                list(left),
                list(right)
            ))))
            .mitigation(format!("keep {means} on the loop for the whole rescue"))
        });
    } else {
        out.emit(link.worst, || {
            let relay = if link.worst == Severity::Conditional {
                "; the two control centres must relay between themselves"
            } else {
                ""
            };
            fields(evidence(FindingBody::new(format!(
                "{} share no language ({} against {}), and neither side names an interpreter or a shared phrase set{relay}",
                link.what,
                list(left),
                list(right)
            ))))
            .mitigation("train both crews in a common phrase set, put an interpreter on the loop, or fly a crew member who speaks the other language")
        });
    }
}
