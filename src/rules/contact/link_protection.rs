//! CONTACT-003 link-protection: encryption and authentication the other
//! side cannot hold.
//!
//! On a channel the two vehicles share, a radio that requires encryption or
//! authentication can only be used by a partner able to apply it, with keys
//! shared in advance. The rule looks at commanding (the rescuer commanding
//! the distressed vehicle's radios whose purpose includes `command`) and at
//! voice separately, and says which one a protection blocks: a command link
//! locked by keys does not stop the crews talking on a clear voice channel.

use crate::rules::helpers::{item_path, named, shown};
use crate::rules::{
    ANY_MODE, Context, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::spec::{Field, Protection, Radio, RadioPurpose};

use super::channel::{self, Pairing};

pub static RULE: Rule = Rule {
    id: "CONTACT-003",
    name: "link-protection",
    phase: Phase::Contact,
    modes: ANY_MODE,
    default_severity: Severity::Blocking,
    symmetric: false,
    reference: "comms.md §4 (CCSDS SDLS, R61; GSFC-STD-8012, R62; NASA-STD-1006, R63) and §6 item 12; cross-vehicle command precedents HTV HCP and Dragon CCP (R70, R25)",
    summary: "Encryption or authentication required on a shared channel can be applied by the other side; says whether commanding, voice or both are affected",
    docs: RuleDocs {
        what_it_checks: "On every channel the two vehicles share (CONTACT-001), the `encryption` and `authentication` of both radios (none, optional, required). Where either radio requires a protection, the other must be able to apply it (optional or required); then the link works only with keys shared in advance (conditional). Where the other side's setting is none, the link is closed to it (blocking). Commanding is judged on the channels whose distressed-side radio has the purpose `command`, the rescuer sending; voice on the channels whose radios both carry `voice`, in both directions. The best channel of each decides, and the commanding finding says whether voice remains possible in the clear.",
        why_it_blocks: "Command links are protected (CCSDS SDLS security associations need shared keys and matching algorithms) and no crewed vehicle's key scheme is public: a rescuer cannot command a foreign vehicle without keys, and sharing keys across agencies is an export-control step, not an engineering one. Voice may still pass on a clear channel, which is what the crews need first.",
        example: "A rescuer whose UHF radio has encryption none against a distressed vehicle whose command radio requires encryption: commanding is blocked; if both also carry voice on a clear channel, voice remains possible and the finding says so. Both radios able to encrypt: conditional, keys must be shared in advance.",
        how_to_resolve: "Agree and load keys before the mission (an SDLS security association), or give the other side a small fixed command set over a dedicated panel, as the HTV Hardware Command Panel and Dragon's Crew Command Panel (retreat, hold, abort) did; keep a clear voice channel for emergencies.",
        tolerances: "None: protection levels are words compared as written.",
    },
    check,
};

/// What one protection (encryption or authentication) allows on a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Access {
    /// Neither side requires it.
    Open,
    /// Required by one side, both can apply it: keys must be shared.
    NeedsKeys,
    /// A needed setting is not given.
    Unknown,
    /// Required by one side, the other cannot apply it.
    Closed,
}

fn access_of(x: &Field<Protection>, y: &Field<Protection>) -> Access {
    match (x.value(), y.value()) {
        (Some(Protection::Required), Some(Protection::None))
        | (Some(Protection::None), Some(Protection::Required)) => Access::Closed,
        (Some(Protection::Required), Some(_)) | (Some(_), Some(Protection::Required)) => {
            Access::NeedsKeys
        }
        (Some(_), Some(_)) => Access::Open,
        _ => Access::Unknown,
    }
}

/// The worse of encryption and authentication, with which one decided.
fn link_access(a: &Radio, b: &Radio) -> (Access, &'static str) {
    let enc = access_of(&a.encryption, &b.encryption);
    let auth = access_of(&a.authentication, &b.authentication);
    if enc >= auth {
        (enc, "encryption")
    } else {
        (auth, "authentication")
    }
}

struct Link<'a> {
    pair: Pairing<'a>,
    access: Access,
    protection: &'static str,
}

fn to_link<'a>(p: &Pairing<'a>) -> Link<'a> {
    let (access, protection) = link_access(p.a, p.b);
    Link {
        pair: *p,
        access,
        protection,
    }
}

fn best<'a>(links: impl Iterator<Item = Link<'a>>) -> Option<Link<'a>> {
    links.min_by_key(|l| l.access)
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let shared = || {
        channel::shared_pairings(ctx)
            .iter()
            .filter(|p| p.shares_channel() == Some(true))
    };
    let command = best(
        shared()
            .filter(|p| channel::has_purpose(p.b, RadioPurpose::Command) == Some(true))
            .map(to_link),
    );
    let voice = best(
        shared()
            .filter(|p| {
                channel::has_purpose(p.a, RadioPurpose::Voice) == Some(true)
                    && channel::has_purpose(p.b, RadioPurpose::Voice) == Some(true)
            })
            .map(to_link),
    );
    if command.is_none() && voice.is_none() {
        out.not_applicable();
        return;
    }
    if let Some(link) = &command
        && link.access != Access::Open
    {
        let severity = severity(link.access);
        out.emit(severity, || command_body(ctx, link, voice.as_ref()));
    }
    if let Some(link) = &voice
        && link.access != Access::Open
    {
        out.emit(severity(link.access), || voice_body(ctx, link));
    }
}

fn severity(access: Access) -> Severity {
    match access {
        Access::Open => Severity::Advisory,
        Access::NeedsKeys => Severity::Conditional,
        Access::Unknown => Severity::Unknown,
        Access::Closed => Severity::Blocking,
    }
}

fn settings(r: &Radio) -> String {
    format!(
        "encryption {}, authentication {}",
        shown(&r.encryption),
        shown(&r.authentication)
    )
}

fn with_fields(mut body: FindingBody, p: &Pairing<'_>) -> FindingBody {
    for (party, r) in [(Party::Rescuer, p.a), (Party::Distressed, p.b)] {
        body = body
            .field(FieldRef::new(
                party,
                item_path("radios", &r.id, "encryption"),
                &r.encryption,
            ))
            .field(FieldRef::new(
                party,
                item_path("radios", &r.id, "authentication"),
                &r.authentication,
            ));
    }
    body
}

fn evidence(body: FindingBody, ctx: &Context<'_>, p: &Pairing<'_>) -> FindingBody {
    body.evidence(Evidence::value(
        format!("{} '{}'", named(ctx, Party::Rescuer), channel::id(p.a)),
        Measure::Text(settings(p.a)),
    ))
    .evidence(Evidence::limit(
        format!("{} '{}'", named(ctx, Party::Distressed), channel::id(p.b)),
        Measure::Text(settings(p.b)),
    ))
}

fn voice_status(ctx: &Context<'_>, voice: Option<&Link<'_>>) -> String {
    match voice {
        Some(v) if v.access == Access::Open => format!(
            "voice remains possible in the clear on {} '{}' and {} '{}'",
            named(ctx, Party::Rescuer),
            channel::id(v.pair.a),
            named(ctx, Party::Distressed),
            channel::id(v.pair.b)
        ),
        Some(v) if v.access == Access::Closed => "voice is blocked too".into(),
        Some(v) if v.access == Access::NeedsKeys => "voice also needs the keys".into(),
        Some(_) => "whether voice is protected is not given".into(),
        None => "no shared channel carries voice".into(),
    }
}

/// "voice is blocked: X 'radio' requires ... that Y 'radio' cannot apply".
fn closed(ctx: &Context<'_>, link: &Link<'_>, traffic: &str) -> String {
    let p = &link.pair;
    let requiring = requiring_party(p, link.protection);
    let radio = requiring_radio(p, link.protection);
    format!(
        "{traffic} is blocked: {} '{}' requires {} that {} '{}' cannot apply",
        named(ctx, requiring),
        channel::id(radio),
        link.protection,
        named(ctx, other_party(requiring)),
        channel::id(other_radio(p, radio))
    )
}

fn command_body(ctx: &Context<'_>, link: &Link<'_>, voice: Option<&Link<'_>>) -> FindingBody {
    let p = &link.pair;
    let what = match link.access {
        Access::Closed => closed(ctx, link, "commanding"),
        Access::NeedsKeys => format!(
            "commanding {} '{}' from {} '{}' needs {} keys shared in advance",
            named(ctx, Party::Distressed),
            channel::id(p.b),
            named(ctx, Party::Rescuer),
            channel::id(p.a),
            link.protection
        ),
        _ => format!(
            "cannot tell whether {} can command {}: the {} of '{}' or '{}' is not given",
            named(ctx, Party::Rescuer),
            named(ctx, Party::Distressed),
            link.protection,
            channel::id(p.a),
            channel::id(p.b)
        ),
    };
    let body = FindingBody::new(format!("{what}; {}", voice_status(ctx, voice)));
    let body = evidence(body, ctx, p);
    let body = match link.access {
        Access::Unknown => body.mitigation("give each radio's encryption and authentication (none, optional or required)"),
        _ => body.mitigation("share keys before the mission, or give the rescuer a small fixed command set over a dedicated panel (as the HTV Hardware Command Panel and Dragon Crew Command Panel did)"),
    };
    with_fields(body, p)
}

fn voice_body(ctx: &Context<'_>, link: &Link<'_>) -> FindingBody {
    let p = &link.pair;
    let what = match link.access {
        Access::Closed => closed(ctx, link, "voice"),
        Access::NeedsKeys => format!(
            "voice between {} '{}' and {} '{}' needs {} keys shared in advance",
            named(ctx, Party::Rescuer),
            channel::id(p.a),
            named(ctx, Party::Distressed),
            channel::id(p.b),
            link.protection
        ),
        _ => format!(
            "cannot tell whether voice between {} and {} is protected: the {} of '{}' or '{}' is not given",
            named(ctx, Party::Rescuer),
            named(ctx, Party::Distressed),
            link.protection,
            channel::id(p.a),
            channel::id(p.b)
        ),
    };
    let body = evidence(FindingBody::new(what), ctx, p);
    let body = match link.access {
        Access::Unknown => body.mitigation(
            "give each radio's encryption and authentication (none, optional or required)",
        ),
        _ => body.mitigation(
            "keep a clear (unencrypted) voice mode for emergencies, or share keys before the mission",
        ),
    };
    with_fields(body, p)
}

fn protection_field<'r>(r: &'r Radio, protection: &str) -> &'r Field<Protection> {
    if protection == "encryption" {
        &r.encryption
    } else {
        &r.authentication
    }
}

/// The radio of the pair that requires the protection.
fn requiring_radio<'a>(p: &Pairing<'a>, protection: &str) -> &'a Radio {
    if protection_field(p.a, protection).value() == Some(Protection::Required) {
        p.a
    } else {
        p.b
    }
}

fn requiring_party(p: &Pairing<'_>, protection: &str) -> Party {
    if std::ptr::eq(requiring_radio(p, protection), p.a) {
        Party::Rescuer
    } else {
        Party::Distressed
    }
}

fn other_party(party: Party) -> Party {
    match party {
        Party::Rescuer => Party::Distressed,
        Party::Distressed => Party::Rescuer,
    }
}

fn other_radio<'a>(p: &Pairing<'a>, radio: &Radio) -> &'a Radio {
    if std::ptr::eq(radio, p.a) { p.b } else { p.a }
}
