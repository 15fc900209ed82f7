//! Looking events up by exactly the interface pair and configuration a rule
//! asks about. Every lookup answers only with events that still cover the
//! specs as loaded ([`super::binding`]): an event whose port, radio, outlet
//! or suit changed since it flew is not evidence for the spec as it is.
//!
//! Events come back in date order, with their source, for a finding's
//! evidence ([`Event::evidence`]).

use uom::si::f64::Time;

use super::FlightRecord;
use super::binding::{Basis, Side};
use super::model::{EvaSuitBasis, Event, SuitSide, SuitSupplyBasis, Way};
use crate::spec::field::Value;
use crate::spec::{SuitDefinition, Vehicle};
use crate::text::escape_for_terminal;

/// An element of a vehicle, by its id in the vehicle's spec: a port, a
/// radio or an oxygen outlet.
#[derive(Debug, Clone, Copy)]
pub struct At<'a> {
    pub vehicle: &'a Vehicle,
    /// The element's id: "poisk", "vhf-air-to-air", "seat-umbilicals".
    pub id: &'a str,
}

impl<'a> At<'a> {
    pub fn new(vehicle: &'a Vehicle, id: &'a str) -> Self {
        At { vehicle, id }
    }
}

/// Whether `side` names exactly `at`, and `at`'s spec still says what the
/// side rests on.
fn names(side: &dyn Side, at: At<'_>) -> bool {
    side.vehicle_id() == Some(at.vehicle.id.as_str())
        && side.element().is_some_and(|(_, id)| id == at.id)
        && side.bind(at.vehicle).is_ok()
}

/// Whether `side` names `vehicle` as a whole and its spec still holds.
fn names_vehicle(side: &dyn Side, vehicle: &Vehicle) -> bool {
    side.vehicle_id() == Some(vehicle.id.as_str()) && side.bind(vehicle).is_ok()
}

/// Either order: a docking or a passage is the same pair both ways.
fn pair(x: &dyn Side, y: &dyn Side, a: At<'_>, b: At<'_>) -> bool {
    (names(x, a) && names(y, b)) || (names(x, b) && names(y, a))
}

fn suit_holds<B: Basis<Source = SuitDefinition>>(
    side: &SuitSide<B>,
    suit: &SuitDefinition,
) -> bool {
    let path = format!("suit {}", side.suit_id().unwrap_or("?"));
    side.bind(suit, &path).is_ok()
}

fn by_date(mut events: Vec<&Event>) -> Vec<&Event> {
    events.sort_by(|x, y| (x.date.get(), x.id.get()).cmp(&(y.date.get(), y.id.get())));
    events
}

impl FlightRecord {
    fn matching(&self, keep: impl Fn(&Event) -> bool) -> Vec<&Event> {
        by_date(self.events.iter().filter(|e| keep(e)).collect())
    }

    /// "Docked: port P of A to port Q of B", either one the chaser.
    pub fn docked(&self, a: At<'_>, b: At<'_>) -> Vec<&Event> {
        self.matching(|e| {
            e.docking
                .as_ref()
                .is_some_and(|k| pair(&k.chaser, &k.target, a, b))
        })
    }

    /// "Docked with `chaser` flying in (active) to `target` (passive)".
    pub fn docked_as(&self, chaser: At<'_>, target: At<'_>) -> Vec<&Event> {
        self.matching(|e| {
            e.docking
                .as_ref()
                .is_some_and(|k| names(&k.chaser, chaser) && names(&k.target, target))
        })
    }

    /// "A crew crossed the mated passage of port P of A and port Q of B,
    /// this way". For `Way::Suited`, `suit` asks for that suit (by its id);
    /// `None` takes any suit. An event that does not say how the crew
    /// crossed answers no such question.
    pub fn crossed(&self, a: At<'_>, b: At<'_>, way: Way, suit: Option<&str>) -> Vec<&Event> {
        self.matching(|e| {
            e.crossing.as_ref().is_some_and(|k| {
                k.way.get() == Some(&way)
                    && (way != Way::Suited
                        || suit.is_none_or(|s| k.suit.get().is_some_and(|worn| worn == s)))
                    && pair(&k.a, &k.b, a, b)
            })
        })
    }

    /// "Voice worked between radio R of A and radio S of B".
    pub fn voice(&self, a: At<'_>, b: At<'_>) -> Vec<&Event> {
        self.matching(|e| e.voice.as_ref().is_some_and(|k| pair(&k.a, &k.b, a, b)))
    }

    /// "Suit U was plugged into outlet O of V and supplied by it".
    pub fn suit_plugged(&self, suit: &SuitDefinition, outlet: At<'_>) -> Vec<&Event> {
        self.matching(|e| {
            e.suit_connection.as_ref().is_some_and(|k| {
                suit_holds::<SuitSupplyBasis>(&k.suit, suit) && names(&k.outlet, outlet)
            })
        })
    }

    /// "V kept at least `crew` people alive for at least `duration`".
    pub fn sustained(&self, vehicle: &Vehicle, crew: u32, duration: Time) -> Vec<&Event> {
        self.matching(|e| {
            e.sustained.as_ref().is_some_and(|k| {
                k.crew.value().is_some_and(|n| n >= crew)
                    && k.duration.value().is_some_and(|d| d >= duration)
                    && names_vehicle(k, vehicle)
            })
        })
    }

    /// "A seat liner was moved from A into B".
    pub fn liner_moved(&self, from: &Vehicle, to: &Vehicle) -> Vec<&Event> {
        self.matching(|e| {
            e.liner_move
                .as_ref()
                .is_some_and(|k| names_vehicle(&k.from, from) && names_vehicle(&k.to, to))
        })
    }

    /// "A crew crossed outside from A to B in suit U".
    pub fn eva_transfer(&self, from: &Vehicle, to: &Vehicle, suit: &SuitDefinition) -> Vec<&Event> {
        self.matching(|e| {
            e.eva_transfer.as_ref().is_some_and(|k| {
                names_vehicle(&k.from, from)
                    && names_vehicle(&k.to, to)
                    && suit_holds::<EvaSuitBasis>(&k.suit, suit)
            })
        })
    }

    /// Every event that names `vehicle` and no element, or an element the
    /// source does not name ("Shenzhou-20 docked to Tiangong"): history to
    /// show, never evidence for a port-exact finding.
    pub fn naming(&self, vehicle_id: &str) -> Vec<&Event> {
        self.matching(|e| e.sides().iter().any(|s| s.vehicle_id() == Some(vehicle_id)))
    }
}

fn text(field: &crate::spec::Field<String>) -> String {
    match &field.value {
        Value::Known(s) => escape_for_terminal(s),
        _ => "?".to_string(),
    }
}

/// "soyuz-ms port forward", or "iss (port not stated)".
fn side_text(side: &dyn Side, element: &str) -> String {
    let vehicle = escape_for_terminal(side.vehicle_id().unwrap_or("?"));
    match side.element() {
        Some((kind, id)) => format!("{vehicle} {kind} {}", escape_for_terminal(id)),
        None if element.is_empty() => vehicle,
        None => format!("{vehicle} ({element} not stated)"),
    }
}

impl Event {
    /// What the event demonstrated, in a phrase: "soyuz-ms port forward
    /// docked to iss port poisk".
    pub fn what(&self) -> String {
        match self.demonstrated() {
            Some(super::model::Demonstrated::Docking(k)) => format!(
                "{} docked to {}",
                side_text(&k.chaser, "port"),
                side_text(&k.target, "port")
            ),
            Some(super::model::Demonstrated::Crossing(k)) => {
                let way = match k.way.get() {
                    Some(Way::Suited) => match k.suit.get() {
                        Some(suit) => format!("suited ({})", escape_for_terminal(suit)),
                        None => "suited".to_string(),
                    },
                    Some(way) => way.as_str().to_string(),
                    None => "(how not stated)".to_string(),
                };
                format!(
                    "crew crossed {way} between {} and {}",
                    side_text(&k.a, "port"),
                    side_text(&k.b, "port")
                )
            }
            Some(super::model::Demonstrated::Voice(k)) => format!(
                "voice between {} and {}",
                side_text(&k.a, "radio"),
                side_text(&k.b, "radio")
            ),
            Some(super::model::Demonstrated::SuitConnection(k)) => format!(
                "{} suit plugged into {}",
                text(&k.suit.id),
                side_text(&k.outlet, "outlet")
            ),
            Some(super::model::Demonstrated::Sustained(k)) => format!(
                "{} kept {} crew alive for {}",
                text(&k.vehicle),
                k.crew.value().map_or("?".to_string(), |n| n.to_string()),
                k.duration
                    .value()
                    .map_or("?".to_string(), |d| crate::units::Kind::Time
                        .format_si(d.value))
            ),
            Some(super::model::Demonstrated::LinerMove(k)) => format!(
                "seat liner moved from {} into {}",
                text(&k.from.vehicle),
                text(&k.to.vehicle)
            ),
            Some(super::model::Demonstrated::EvaTransfer(k)) => format!(
                "EVA transfer from {} to {} in {} suits",
                text(&k.from.vehicle),
                text(&k.to.vehicle),
                text(&k.suit.id)
            ),
            None => "nothing stated".to_string(),
        }
    }

    /// The event as a finding cites it: "Soyuz MS-23: soyuz-ms port forward
    /// docked to iss port poisk, 26 Feb 2023 [MS23]".
    pub fn evidence(&self) -> String {
        let date = self
            .date
            .get()
            .map_or("date not stated".to_string(), ToString::to_string);
        format!(
            "{}: {}, {date} [{}]",
            text(&self.mission),
            self.what(),
            text(&self.source)
        )
    }
}
