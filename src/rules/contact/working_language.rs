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
use crate::spec::vocabulary::{Language, PhraseSet, Term, join};
use crate::spec::{Field, Vehicle};

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
        what_it_checks: "Three links, each from `crew.languages` and `communication.control_languages` (ISO 639-1 codes of `specs/vocabularies/languages.toml`; the language's English name is an alias, so \"English\" and \"en\" are one term): the rescuer's crew with the distressed crew; the distressed crew with the rescuer's control centre (they ride home under it); and the rescuer's crew with the distressed vehicle's control centre (which knows the vehicle in distress). A link with a common language passes. Without one, an interpreter (`communication.interpreter = true` on either side) or a phrase set both sides are trained in (`communication.phrase_sets`, terms of `specs/vocabularies/phrase-sets.toml`) makes it conditional; without either, the first two links are blocking. The third is at worst conditional, since the two control centres can relay between themselves. A language list that is not given is unknown.",
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

/// One link between a group of speakers on each side.
struct Link<'a> {
    what: &'static str,
    left: (Party, &'static str, &'a Field<Vec<Language>>),
    right: (Party, &'static str, &'a Field<Vec<Language>>),
    /// The worst this link can be without a language, interpreter or
    /// phrase set.
    worst: Severity,
}

fn phrase_sets(v: &Vehicle) -> Option<&Vec<PhraseSet>> {
    v.communication.phrase_sets.get()
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let (r, d) = (ctx.rescuer, ctx.distressed);
    let links = [
        Link {
            what: "the two crews",
            left: (Party::Rescuer, "crew.languages", &r.crew.languages),
            right: (Party::Distressed, "crew.languages", &d.crew.languages),
            worst: Severity::Blocking,
        },
        Link {
            what: "the distressed crew and the rescuer's control centre",
            left: (Party::Distressed, "crew.languages", &d.crew.languages),
            right: (
                Party::Rescuer,
                "communication.control_languages",
                &r.communication.control_languages,
            ),
            worst: Severity::Blocking,
        },
        Link {
            what: "the rescuer's crew and the distressed vehicle's control centre",
            left: (Party::Rescuer, "crew.languages", &r.crew.languages),
            right: (
                Party::Distressed,
                "communication.control_languages",
                &d.communication.control_languages,
            ),
            worst: Severity::Conditional,
        },
    ];
    let interpreter = [r, d]
        .iter()
        .any(|v| v.communication.interpreter.value() == Some(true));
    let phrases = match (phrase_sets(r), phrase_sets(d)) {
        (Some(a), Some(b)) => shares_any(a, b).then_some((a.as_slice(), b.as_slice())),
        _ => None,
    };
    for link in &links {
        check_link(ctx, link, interpreter, phrases, out);
    }
}

fn check_link(
    ctx: &Context<'_>,
    link: &Link<'_>,
    interpreter: bool,
    phrases: Option<(&[PhraseSet], &[PhraseSet])>,
    out: &mut Sink,
) {
    let (lp, lpath, lfield) = link.left;
    let (rp, rpath, rfield) = link.right;
    let fields = |body: FindingBody| {
        body.field(FieldRef::new(lp, lpath, lfield))
            .field(FieldRef::new(rp, rpath, rfield))
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
