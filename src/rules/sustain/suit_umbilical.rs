//! SUSTAIN-001 suit-umbilical: the distressed crew's suits plug into the
//! rescuer's oxygen outlets.
//!
//! Each suit the distressed crew would wear needs an outlet on the rescuer
//! of the same umbilical (connector) family, delivering a pressure inside
//! the suit's inlet range. The 2024 case is the reference: Starliner's suits
//! could not plug into Crew Dragon, so the crew rode home in SpaceX suits.

use crate::rules::helpers::{item_path, named, shown};
use crate::rules::{
    ANY_MODE, Context, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::scenario::SuitSet;
use crate::spec::{
    CarriedSuit, Listed, OutletPurpose, OxygenOutlet, Quantity, SuitClass, VehicleKind,
};

pub static RULE: Rule = Rule {
    id: "SUSTAIN-001",
    name: "suit-umbilical",
    phase: Phase::Sustain,
    modes: ANY_MODE,
    default_severity: Severity::Blocking,
    symmetric: false,
    reference: "atmosphere_suits.md §6.6 (Starliner suits not compatible with Crew Dragon, NASA 2024) and §7 rule 8",
    summary: "The distressed crew's suits plug into an oxygen outlet of the rescuer of the same umbilical family, at a pressure, flow and comm connector they accept",
    docs: RuleDocs {
        what_it_checks: "For each intra-vehicular suit the rescued crew wears home (suits the rescuer carries up for them, as Crew-9 did; for those they do not cover, the crew's own suits: a scenario's people's suit files, else the distressed vehicle's suits; EVA suits belong to the EVA mode; a station or habitat rescuer shelters the crew in shirt-sleeves and a rover's crew rides in EVA suits or shirt-sleeves, so the rule does not apply to them), whether the rescuer has a suit oxygen outlet of the same connector family (blocking if not); whether that outlet's delivery pressure lies inside the suit's inlet range (blocking if not); whether the outlet's max_flow is at least the suit's o2_flow demand (blocking if not); and whether the outlet's comm connector is the suit's (conditional on a comm adapter if not, as the ASTP comm junction box). Each value not given is unknown; so is a person whose suit the scenario writes \"unknown\" (nothing is assumed of a suit nobody published, as for Rubio in the Crew-5 Dragon, 2023).",
        why_it_blocks: "A pressure suit that cannot be connected gives no protection if the rescuer's cabin loses pressure during the return, and an open-loop suit gets no oxygen at all.",
        example: "Starliner's Boeing Blue suit (Boeing umbilical) in a Crew Dragon (SpaceX thigh umbilical): no outlet matches, blocking.",
        how_to_resolve: "Bring suits that fit the rescuer's umbilicals for the rescued crew (Crew-9 carried a SpaceX suit for Wilmore in 2024), or fit an adapter hose between the two connector families.",
        tolerances: "None: umbilical families and comm connectors are terms of `specs/vocabularies/`, compared by id; pressures and flows are compared with the ranges as written, in SI units. Where the outlet's or the suit's pressure, flow or comm connector is not given, a flight on record that plugged exactly this suit into this outlet decides it (docs/flight-record.md).",
    },
    check,
};

fn suit_outlets(outlets: &[OxygenOutlet]) -> impl Iterator<Item = &OxygenOutlet> {
    outlets
        .iter()
        .filter(|o| o.purpose.value() != Some(OutletPurpose::Mask))
}

/// Whether an outlet's delivery pressure lies inside the suit's inlet
/// range; `None` when either is not given.
fn delivery_fits(outlet: &OxygenOutlet, suit: &crate::spec::SuitDefinition) -> Option<bool> {
    let delivery = outlet.delivery_pressure.get()?;
    let inlet = suit.o2_inlet_pressure.get()?;
    Some(match (delivery.min, delivery.max) {
        (Some(lo), Some(hi)) => inlet.contains(lo) && inlet.contains(hi),
        _ => delivery.typical().is_some_and(|t| inlet.contains(t)),
    })
}

/// The suits a crew wears aboard a rescuing vehicle: intra-vehicular ones.
/// EVA suits (a station's EMUs and Orlans) are for the EVA mode's rules.
fn worn_suits(suits: &[CarriedSuit]) -> impl Iterator<Item = &CarriedSuit> {
    suits
        .iter()
        .filter(|s| s.suit.serves(SuitClass::Iva) != Some(false))
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    // A station or a habitat shelters a rescued crew in shirt-sleeves; suits
    // matter on the ride home, aboard a vehicle that can return. A rover's
    // crew rides in EVA suits (open) or shirt-sleeves (pressurized).
    if matches!(
        ctx.rescuer.kind,
        VehicleKind::Station | VehicleKind::Habitat | VehicleKind::Rover
    ) {
        out.not_applicable();
        return;
    }
    let (carried, own) = ctx.situation.return_suits();
    let sets = [carried, own];
    let sets = || sets.iter().flatten();
    let given = sets().all(|set| set.listed != Listed::NotGiven);
    let unknown_wearers: u32 = sets().map(|set| set.unknown_wearers).sum();
    if given && unknown_wearers == 0 && !sets().any(|set| worn_suits(set.suits).next().is_some()) {
        // Only EVA suits, or none at all: no launch-and-entry suit to plug in.
        out.not_applicable();
        return;
    }
    if ctx.rescuer.outlets_listed() == Listed::NotGiven {
        out.emit(Severity::Unknown, || {
            FindingBody::new(format!(
                "{} lists no oxygen outlets, so whether the suits of {} can be connected is not known",
                named(ctx, Party::Rescuer),
                named(ctx, Party::Distressed)
            ))
            .mitigation("list the vehicle's suit umbilicals under [[oxygen_outlets]], or write oxygen_outlets = [] for none")
        });
        return;
    }
    if !given {
        out.emit(Severity::Unknown, || {
            FindingBody::new(format!(
                "{} lists no suits, so whether its crew can be suited aboard {} is not known",
                named(ctx, Party::Distressed),
                named(ctx, Party::Rescuer)
            ))
            .mitigation("list the suits the crew wears under [[suits]] (suits = [] for none), or name each person's suit in the scenario")
        });
        return;
    }
    for set in sets() {
        for suit in worn_suits(set.suits) {
            check_suit(ctx, set, suit, out);
        }
    }
    if unknown_wearers > 0 {
        // What they would wear is not published: no suit may be assumed.
        out.emit(Severity::Unknown, || {
            let mut body = FindingBody::new(format!(
                "what {} of the crew of {} would wear aboard {} is not known (the scenario writes the suit \"unknown\"), so whether a suit can be connected is not known",
                unknown_wearers,
                named(ctx, Party::Distressed),
                named(ctx, Party::Rescuer)
            ))
            .mitigation("name each person's suit file in the scenario once it is published");
            body.fields = ctx.situation.unknown_suit_refs();
            body
        });
    }
}

/// Whose suit it is, for messages: "of Starliner", or "carried up by Crew
/// Dragon".
fn whose(ctx: &Context<'_>, set: &SuitSet<'_>) -> String {
    match set.party {
        Party::Rescuer => format!("carried up by {}", named(ctx, Party::Rescuer)),
        Party::Distressed => format!("of {}", named(ctx, Party::Distressed)),
    }
}

fn check_suit(ctx: &Context<'_>, set: &SuitSet<'_>, carried: &CarriedSuit, out: &mut Sink) {
    let Some(outlet) = matching_outlet(ctx, set, carried, out) else {
        return;
    };
    check_pressure(ctx, set, carried, outlet, out);
    check_flow(ctx, set, carried, outlet, out);
    check_comm(ctx, set, carried, outlet, out);
}

/// The rescuer's suit outlet of the suit's umbilical family; reports the
/// suit and returns `None` when there is none to check further.
fn matching_outlet<'a>(
    ctx: &Context<'a>,
    set: &SuitSet<'_>,
    carried: &CarriedSuit,
    out: &mut Sink,
) -> Option<&'a OxygenOutlet> {
    let r = ctx.rescuer;
    let suit = &carried.suit;
    let umbilical_ref = || set.field_ref(carried, "umbilical", &suit.umbilical);
    let Some(family) = suit.umbilical.get() else {
        out.emit(Severity::Unknown, || {
            FindingBody::new(format!(
                "the suit '{}' {} gives no umbilical family",
                crate::text::escape_for_terminal(&carried.id),
                whose(ctx, set)
            ))
            .field(umbilical_ref())
            .mitigation("give the suit's umbilical (connector) family")
        });
        return None;
    };
    let outlets: Vec<&OxygenOutlet> = suit_outlets(&r.oxygen_outlets).collect();
    if outlets.iter().any(|o| o.connector.get().is_none())
        && !outlets.iter().any(|o| o.connector.get() == Some(family))
    {
        out.emit(Severity::Unknown, || {
            FindingBody::new(format!(
                "{} has an oxygen outlet whose connector family is not given",
                named(ctx, Party::Rescuer)
            ))
            .field(umbilical_ref())
            .mitigation("give each oxygen outlet's connector family")
        });
        return None;
    }
    // Of the outlets of the suit's family, one that fits if any, else one
    // whose pressure is not given, else the first (which does not fit).
    let fit_rank = |o: &OxygenOutlet| match delivery_fits(o, suit) {
        Some(true) => 0,
        None => 1,
        Some(false) => 2,
    };
    let Some(outlet) = outlets
        .iter()
        .filter(|o| o.connector.get() == Some(family))
        .min_by_key(|o| fit_rank(o))
    else {
        let offered: Vec<String> = outlets.iter().map(|o| shown(&o.connector)).collect();
        out.emit(Severity::Blocking, || {
            let mut body = FindingBody::new(format!(
                "the suit '{}' {} uses the '{}' umbilical; {} offers {}",
                crate::text::escape_for_terminal(&carried.id),
                whose(ctx, set),
                family,
                named(ctx, Party::Rescuer),
                if offered.is_empty() { "no suit outlet".to_string() } else { offered.join(", ") }
            ))
            .evidence(Evidence::value("suit umbilical", Measure::Text(family.to_string())))
            .evidence(Evidence::limit(
                "rescuer outlets",
                Measure::Text(if offered.is_empty() { "none".into() } else { offered.join(", ") }),
            ))
            .field(umbilical_ref())
            .mitigation(match offered.first() {
                Some(f) => format!("carry suits with the '{f}' umbilical for the rescued crew, or an adapter hose from '{f}' to '{}'", family),
                None => "carry suit oxygen outlets, or suits with self-contained oxygen".to_string(),
            });
            for o in &r.oxygen_outlets {
                body.fields.push(FieldRef::new(Party::Rescuer, item_path("oxygen_outlets", &o.id, "connector"), &o.connector));
            }
            body
        });
        return None;
    };
    Some(*outlet)
}

fn check_pressure(
    ctx: &Context<'_>,
    set: &SuitSet<'_>,
    carried: &CarriedSuit,
    outlet: &OxygenOutlet,
    out: &mut Sink,
) {
    let suit = &carried.suit;
    let family = suit
        .umbilical
        .get()
        .map_or_else(|| "?".to_string(), ToString::to_string);
    // Delivery pressure inside the suit's inlet range, when both are given.
    if let (Some(delivery), Some(inlet)) =
        (outlet.delivery_pressure.get(), suit.o2_inlet_pressure.get())
    {
        if delivery_fits(outlet, suit) == Some(false) {
            out.emit(Severity::Blocking, || {
                FindingBody::new(format!(
                    "the '{}' outlet of {} delivers {} but the suit '{}' accepts {}",
                    crate::text::escape_for_terminal(outlet.id.get().map(String::as_str).unwrap_or("?")),
                    named(ctx, Party::Rescuer),
                    delivery.display(),
                    crate::text::escape_for_terminal(&carried.id),
                    inlet.display()
                ))
                .evidence(Evidence::value("delivery pressure", Measure::Text(delivery.display())))
                .evidence(Evidence::limit("suit inlet range", Measure::Text(inlet.display())))
                .field(FieldRef::new(Party::Rescuer, item_path("oxygen_outlets", &outlet.id, "delivery_pressure"), &outlet.delivery_pressure))
                .field(set.field_ref(carried, "o2_inlet_pressure", &suit.o2_inlet_pressure))
                .mitigation("set the outlet regulator inside the suit's inlet range, or fit a regulator between them")
            });
        }
    } else {
        let flown = flown_plugged(ctx, carried, outlet);
        out.emit_unknown_unless_flown(&flown, || {
            FindingBody::new(format!(
                "the '{}' umbilical matches, but the outlet delivery pressure or the suit '{}' inlet range is not given",
                family,
                crate::text::escape_for_terminal(&carried.id)
            ))
            .field(FieldRef::new(Party::Rescuer, item_path("oxygen_outlets", &outlet.id, "delivery_pressure"), &outlet.delivery_pressure))
            .field(set.field_ref(carried, "o2_inlet_pressure", &suit.o2_inlet_pressure))
            .mitigation("give the outlet's delivery_pressure and the suit's o2_inlet_pressure")
        });
    }
}

/// The flights on which this very suit was plugged into this outlet and
/// supplied by it, as the suit and the outlet stand: the record rests on
/// the umbilical, comm connector, inlet pressure and flow of the suit and
/// the outlet's connector, comm connector, delivery pressure and flow, so
/// it decides only what those leave unknown.
fn flown_plugged<'v>(
    ctx: &Context<'v>,
    carried: &CarriedSuit,
    outlet: &OxygenOutlet,
) -> Vec<&'v crate::record::Event> {
    let Some(id) = outlet.id.get() else {
        return Vec::new();
    };
    ctx.env
        .record
        .suit_plugged(&carried.suit, crate::record::At::new(ctx.rescuer, id))
}

fn outlet_name(outlet: &OxygenOutlet) -> String {
    crate::text::escape_for_terminal(outlet.id.get().map(String::as_str).unwrap_or("?"))
}

/// The outlet's flow covers the suit's demand (open-loop suits vent it all).
fn check_flow(
    ctx: &Context<'_>,
    set: &SuitSet<'_>,
    carried: &CarriedSuit,
    outlet: &OxygenOutlet,
    out: &mut Sink,
) {
    let suit = &carried.suit;
    let fields = |body: FindingBody| {
        body.field(FieldRef::new(
            Party::Rescuer,
            item_path("oxygen_outlets", &outlet.id, "max_flow"),
            &outlet.max_flow,
        ))
        .field(set.field_ref(carried, "o2_flow", &suit.o2_flow))
    };
    match (outlet.max_flow.value(), suit.o2_flow.value()) {
        (Some(flow), Some(demand)) if flow < demand => out.emit(Severity::Blocking, || {
            fields(FindingBody::new(format!(
                "the '{}' outlet of {} gives at most {}; the suit '{}' draws {}",
                outlet_name(outlet),
                named(ctx, Party::Rescuer),
                flow.display(),
                crate::text::escape_for_terminal(&carried.id),
                demand.display()
            )))
            .evidence(Evidence::value("outlet flow", Measure::of(flow)))
            .evidence(Evidence::limit("suit demand", Measure::of(demand)))
            .evidence(Evidence::margin("flow", Measure::of(flow - demand)))
            .mitigation("feed the suit from an outlet (or two) that gives its flow, or use a suit with a lower demand")
        }),
        (Some(_), Some(_)) => {}
        _ => out.emit_unknown_unless_flown(&flown_plugged(ctx, carried, outlet), || {
            fields(FindingBody::new(format!(
                "whether the '{}' outlet of {} gives the flow the suit '{}' draws is not known",
                outlet_name(outlet),
                named(ctx, Party::Rescuer),
                crate::text::escape_for_terminal(&carried.id)
            )))
            .mitigation("give the outlet's max_flow and the suit's o2_flow")
        }),
    }
}

/// The suited crew member can talk through the rescuer's umbilical.
fn check_comm(
    ctx: &Context<'_>,
    set: &SuitSet<'_>,
    carried: &CarriedSuit,
    outlet: &OxygenOutlet,
    out: &mut Sink,
) {
    let suit = &carried.suit;
    let fields = |body: FindingBody| {
        body.field(FieldRef::new(
            Party::Rescuer,
            item_path("oxygen_outlets", &outlet.id, "comm_connector"),
            &outlet.comm_connector,
        ))
        .field(set.field_ref(carried, "comm_connector", &suit.comm_connector))
    };
    match (outlet.comm_connector.get(), suit.comm_connector.get()) {
        (Some(offered), Some(wanted)) if offered != wanted => out.emit(Severity::Conditional, || {
            fields(FindingBody::new(format!(
                "the suit '{}' uses the '{}' comm connector; the '{}' outlet of {} offers '{}'",
                crate::text::escape_for_terminal(&carried.id),
                wanted,
                outlet_name(outlet),
                named(ctx, Party::Rescuer),
                offered
            )))
            .evidence(Evidence::value("suit comm connector", Measure::Text(wanted.to_string())))
            .evidence(Evidence::limit("outlet comm connector", Measure::Text(offered.to_string())))
            .mitigation(format!(
                "carry a comm adapter from '{}' to '{}' (ASTP carried a comm junction box)",
                offered,
                wanted
            ))
        }),
        (Some(_), Some(_)) => {}
        _ => out.emit_unknown_unless_flown(&flown_plugged(ctx, carried, outlet), || {
            fields(FindingBody::new(format!(
                "whether the suit '{}' can use the comm connector of the '{}' outlet of {} is not known",
                crate::text::escape_for_terminal(&carried.id),
                outlet_name(outlet),
                named(ctx, Party::Rescuer)
            )))
            .mitigation("give the outlet's comm_connector and the suit's comm_connector")
        }),
    }
}
