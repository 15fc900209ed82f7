//! A record is bound to the fields it rests on.
//!
//! Each side of an event holds, in `rests_on`, the values its spec gave
//! when the event was written: for a docking, each port's `standard` and
//! `roles`; for a crossing, each port's `standard` and `passage_diameter`;
//! for a voice link, each radio's channel; for a suit connection, the suit's
//! and the outlet's connectors, pressures and flows... The values are kept
//! as written rather than as a digest, so that a reader sees what the event
//! rests on and a dropped event says what changed, from what to what.
//!
//! An event covers a spec only while every field it rests on still says the
//! same (quantities compared in SI units, lists as sets). A field that was
//! "unknown" when bound and is given now counts as changed too: the record
//! cannot tell that the value now published is the one that flew, and says
//! so until it is bound again. The revision text (`vehicle.revision`) names
//! the revision that flew; a new revision that leaves the fields alone keeps
//! the event, and is only noted.

use std::fmt;

use super::model::{
    Demonstrated, DockingBasis, EgressBasis, EvaSuitBasis, Event, LifeSupportBasis, LinerBasis,
    OutletBasis, OutletSide, PassageBasis, PortSide, RadioBasis, RadioSide, SuitSide,
    SuitSupplyBasis, VehicleSide,
};
use crate::spec::field::{Field, FieldValue, Value, mark_restricted_read};
use crate::spec::{Port, SuitDefinition, Vehicle};
use crate::text::escape_for_terminal;

/// A field whose value differs from the one an event rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The spec path: `ports[forward].standard`.
    pub field: String,
    /// The value the event rests on ("unknown" when bound to unknown).
    pub was: String,
    /// The value the spec gives now ("unknown", or "not given").
    pub now: String,
}

impl Change {
    pub fn new<T: FieldValue>(field: String, was: &Field<T>, now: &Field<T>) -> Self {
        let (mut was_text, mut now_text) = (shown(was), shown(now));
        if was_text == now_text {
            // Displayed values are rounded: show what differs.
            (was_text, now_text) = (precise(was), precise(now));
        }
        Change {
            field,
            was: was_text,
            now: now_text,
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} was {} when it flew; the spec now gives {}",
            escape_for_terminal(&self.field),
            escape_for_terminal(&self.was),
            escape_for_terminal(&self.now)
        )
    }
}

/// A field's value as messages show it.
fn shown<T: FieldValue>(field: &Field<T>) -> String {
    match &field.value {
        Value::Known(v) => json_text(&v.to_json()),
        Value::Absent => "not given".into(),
        Value::Unknown | Value::Invalid => "unknown".into(),
    }
}

/// A quantity's value in SI units, unrounded.
fn precise<T: FieldValue>(field: &Field<T>) -> String {
    let Value::Known(v) = &field.value else {
        return shown(field);
    };
    let mut values = Vec::new();
    v.quantities(&mut values);
    let numbers: Vec<String> = values.iter().map(|q| format!("{q:e}")).collect();
    format!("{} (SI: {})", shown(field), numbers.join(", "))
}

fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => format!("'{s}'"),
        serde_json::Value::Array(items) => format!(
            "[{}]",
            items.iter().map(json_text).collect::<Vec<_>>().join(", ")
        ),
        serde_json::Value::Object(map) => format!(
            "{{ {} }}",
            map.iter()
                .map(|(k, v)| format!("{k} = {}", json_text(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// Two quantities are the same within this relative difference (a value
/// written in another unit converts to the last bits of an f64).
const RELATIVE_TOLERANCE: f64 = 1e-9;

fn same_value<T: FieldValue + PartialEq>(a: &T, b: &T) -> bool {
    if a == b {
        return true;
    }
    let (mut x, mut y) = (Vec::new(), Vec::new());
    a.quantities(&mut x);
    b.quantities(&mut y);
    !x.is_empty()
        && x.len() == y.len()
        && x.iter()
            .zip(&y)
            .all(|(p, q)| (p - q).abs() <= RELATIVE_TOLERANCE * p.abs().max(q.abs()))
        && a.to_json() == b.to_json()
}

/// Whether the spec's field `now` still says what the event was bound to
/// (`was`). Unknown and not given are the same; a value given where the
/// event was bound to unknown is a change.
pub fn same<T: FieldValue + PartialEq>(was: &Field<T>, now: &Field<T>) -> bool {
    if now.restricted {
        mark_restricted_read();
    }
    match (&was.value, &now.value) {
        (Value::Known(a), Value::Known(b)) => same_value(a, b),
        (Value::Known(_), _) | (_, Value::Known(_)) => false,
        _ => true,
    }
}

/// [`same`] for a list whose order means nothing (roles, frequencies).
pub fn same_set<T: FieldValue + PartialEq>(was: &Field<Vec<T>>, now: &Field<Vec<T>>) -> bool {
    if now.restricted {
        mark_restricted_read();
    }
    match (&was.value, &now.value) {
        (Value::Known(a), Value::Known(b)) => {
            if a.len() != b.len() {
                return false;
            }
            let mut used = vec![false; b.len()];
            a.iter().all(|item| {
                let found = b
                    .iter()
                    .zip(used.iter_mut())
                    .find(|(other, taken)| !**taken && same_value(item, other));
                match found {
                    Some((_, taken)) => {
                        *taken = true;
                        true
                    }
                    None => false,
                }
            })
        }
        (Value::Known(_), _) | (_, Value::Known(_)) => false,
        _ => true,
    }
}

/// The values an event rests on, of one kind of spec element.
pub trait Basis: Sized {
    /// The spec element the values are read from.
    type Source;
    /// The same fields of `element`, as its spec gives them now.
    fn of(element: &Self::Source) -> Self;
    /// The fields that differ from `now`, under the spec path `prefix`.
    fn changes(&self, now: &Self, prefix: &str) -> Vec<Change>;
    /// The fields not written in the record.
    fn unwritten(&self) -> Vec<&'static str>;
    /// Whether none is written.
    fn is_empty(&self) -> bool;
}

macro_rules! impl_basis {
    ($($name:ident of $source:ty),* $(,)?) => {$(
        impl Basis for $name {
            type Source = $source;
            fn of(element: &$source) -> Self {
                $name::of(element)
            }
            fn changes(&self, now: &Self, prefix: &str) -> Vec<Change> {
                $name::changes(self, now, prefix)
            }
            fn unwritten(&self) -> Vec<&'static str> {
                $name::unwritten(self)
            }
            fn is_empty(&self) -> bool {
                $name::is_empty(self)
            }
        }
    )*};
}

impl_basis! {
    DockingBasis of Port,
    PassageBasis of Port,
    RadioBasis of crate::spec::Radio,
    OutletBasis of crate::spec::OxygenOutlet,
    SuitSupplyBasis of SuitDefinition,
    EvaSuitBasis of SuitDefinition,
    LifeSupportBasis of crate::spec::Consumables,
    LinerBasis of crate::spec::Crew,
    EgressBasis of crate::spec::Eva,
}

/// A vehicle-wide basis: which section of the spec it is read from.
pub trait VehicleBasis: Basis {
    /// The section's name in the spec: "consumables".
    const SECTION: &'static str;
    fn part(vehicle: &Vehicle) -> &Self::Source;
}

impl VehicleBasis for LifeSupportBasis {
    const SECTION: &'static str = "consumables";
    fn part(vehicle: &Vehicle) -> &Self::Source {
        &vehicle.consumables
    }
}

impl VehicleBasis for LinerBasis {
    const SECTION: &'static str = "crew";
    fn part(vehicle: &Vehicle) -> &Self::Source {
        &vehicle.crew
    }
}

impl VehicleBasis for EgressBasis {
    const SECTION: &'static str = "eva";
    fn part(vehicle: &Vehicle) -> &Self::Source {
        &vehicle.eva
    }
}

/// Why one side of an event does not cover a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unbound {
    /// The source does not say which port (radio, outlet): the event
    /// answers no question about one.
    NotNamed {
        /// "port", "radio", "outlet".
        element: &'static str,
    },
    /// The element the event names is not in the spec.
    Missing {
        /// `ports[forward]`.
        path: String,
    },
    /// Fields the event rests on changed.
    Changed(Vec<Change>),
}

impl fmt::Display for Unbound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unbound::NotNamed { element } => {
                write!(f, "the source does not say which {element}")
            }
            Unbound::Missing { path } => write!(
                f,
                "{} is not in the spec any more",
                escape_for_terminal(path)
            ),
            Unbound::Changed(changes) => {
                let parts: Vec<String> = changes.iter().map(ToString::to_string).collect();
                f.write_str(&parts.join("; "))
            }
        }
    }
}

/// The revision an event flew at, against the spec's, when they differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionNote {
    pub vehicle: String,
    pub flown: String,
    pub now: String,
}

impl fmt::Display for RevisionNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} flew at revision '{}'; the spec is now '{}', with the fields the event rests on unchanged",
            escape_for_terminal(&self.vehicle),
            escape_for_terminal(&self.flown),
            escape_for_terminal(&self.now)
        )
    }
}

fn known_text(field: &Field<String>) -> Option<&str> {
    match &field.value {
        Value::Known(s) => Some(s.as_str()),
        _ => None,
    }
}

fn revision_note(vehicle: &Vehicle, flown: &Field<String>) -> Option<RevisionNote> {
    let flown = known_text(flown)?;
    let now = known_text(&vehicle.info.revision).unwrap_or("unknown");
    (flown != now).then(|| RevisionNote {
        vehicle: vehicle.id.clone(),
        flown: flown.to_string(),
        now: now.to_string(),
    })
}

/// Checks `bound` against the element `find` picks out of the spec.
fn bind_element<'v, B: Basis>(
    element_id: &Field<String>,
    element: &'static str,
    section: &str,
    find: impl FnOnce(&str) -> Option<&'v B::Source>,
    bound: &B,
) -> Result<(), Unbound>
where
    B::Source: 'v,
{
    let Some(id) = known_text(element_id) else {
        return Err(Unbound::NotNamed { element });
    };
    let path = format!("{section}[{id}]");
    let Some(now) = find(id) else {
        return Err(Unbound::Missing { path });
    };
    let changes = bound.changes(&B::of(now), &path);
    if changes.is_empty() {
        Ok(())
    } else {
        Err(Unbound::Changed(changes))
    }
}

/// One side of an event that names a vehicle.
pub trait Side {
    /// The vehicle's id as written.
    fn vehicle_field(&self) -> &Field<String>;
    /// The revision the record says it flew at.
    fn revision(&self) -> &Field<String>;
    /// The element the side names, when it names one: its kind ("port",
    /// "radio", "outlet") and its id as written.
    fn element_field(&self) -> Option<(&'static str, &Field<String>)>;
    /// Whether the spec of `vehicle` still says what this side rests on.
    fn bind(&self, vehicle: &Vehicle) -> Result<(), Unbound>;
    /// The fields it rests on that the record does not give.
    fn unwritten(&self) -> Vec<&'static str>;
    /// Whether the record gives none of them.
    fn rests_on_nothing(&self) -> bool;

    /// The vehicle's id, when the record gives it.
    fn vehicle_id(&self) -> Option<&str> {
        known_text(self.vehicle_field())
    }

    /// The element this side names ("port", "forward"), for evidence.
    fn element(&self) -> Option<(&'static str, &str)> {
        let (kind, field) = self.element_field()?;
        known_text(field).map(|id| (kind, id))
    }
}

/// A side naming an element of a vehicle: `$field` is the element's id in
/// the vehicle's `$list` (spec path `$section[id]`).
macro_rules! element_side {
    ($(impl[$($generics:tt)*] $side:ty => $field:ident, $kind:literal, $section:literal, $list:ident;)*) => {$(
        impl<$($generics)*> Side for $side {
            fn vehicle_field(&self) -> &Field<String> {
                &self.vehicle
            }
            fn revision(&self) -> &Field<String> {
                &self.revision
            }
            fn element_field(&self) -> Option<(&'static str, &Field<String>)> {
                Some(($kind, &self.$field))
            }
            fn bind(&self, vehicle: &Vehicle) -> Result<(), Unbound> {
                bind_element(
                    &self.$field,
                    $kind,
                    $section,
                    |id| vehicle.$list.iter().find(|e| known_text(&e.id) == Some(id)),
                    &self.rests_on,
                )
            }
            fn unwritten(&self) -> Vec<&'static str> {
                self.rests_on.unwritten()
            }
            fn rests_on_nothing(&self) -> bool {
                self.rests_on.is_empty()
            }
        }
    )*};
}

element_side! {
    impl[B: Basis<Source = Port>] PortSide<B> => port, "port", "ports", ports;
    impl[] RadioSide => radio, "radio", "radios", radios;
    impl[] OutletSide => outlet, "outlet", "oxygen_outlets", oxygen_outlets;
}

/// Checks a vehicle-wide basis against its section of `vehicle`.
fn bind_vehicle<B: VehicleBasis>(bound: &B, vehicle: &Vehicle) -> Result<(), Unbound> {
    let changes = bound.changes(&B::of(B::part(vehicle)), B::SECTION);
    if changes.is_empty() {
        Ok(())
    } else {
        Err(Unbound::Changed(changes))
    }
}

/// A side naming a vehicle as a whole.
macro_rules! vehicle_side {
    ($(impl[$($generics:tt)*] $side:ty;)*) => {$(
        impl<$($generics)*> Side for $side {
            fn vehicle_field(&self) -> &Field<String> {
                &self.vehicle
            }
            fn revision(&self) -> &Field<String> {
                &self.revision
            }
            fn element_field(&self) -> Option<(&'static str, &Field<String>)> {
                None
            }
            fn bind(&self, vehicle: &Vehicle) -> Result<(), Unbound> {
                bind_vehicle(&self.rests_on, vehicle)
            }
            fn unwritten(&self) -> Vec<&'static str> {
                self.rests_on.unwritten()
            }
            fn rests_on_nothing(&self) -> bool {
                self.rests_on.is_empty()
            }
        }
    )*};
}

vehicle_side! {
    impl[B: VehicleBasis] VehicleSide<B>;
    impl[] super::model::Sustained;
}

impl<B: Basis<Source = SuitDefinition>> SuitSide<B> {
    /// The suit's id as the record names it.
    pub fn suit_id(&self) -> Option<&str> {
        known_text(&self.id)
    }

    /// Whether `suit` is this suit and still says what the event rests on.
    /// `path` names the suit in messages (`suits[sokol-kv2]`).
    pub fn bind(&self, suit: &SuitDefinition, path: &str) -> Result<(), Unbound> {
        if self.suit_id().is_none() || self.suit_id() != known_text(&suit.id) {
            return Err(Unbound::Missing {
                path: path.to_string(),
            });
        }
        let changes = self.rests_on.changes(&B::of(suit), path);
        if changes.is_empty() {
            Ok(())
        } else {
            Err(Unbound::Changed(changes))
        }
    }

    /// The suit as `vehicle` carries it, when it does.
    fn carried_by<'v>(&self, vehicle: &'v Vehicle) -> Option<&'v crate::spec::CarriedSuit> {
        let id = self.suit_id()?;
        vehicle
            .suits
            .iter()
            .find(|s| known_text(&s.suit.id) == Some(id))
    }
}

/// Whether an event covers one vehicle's spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// Every field it rests on is as it flew (with a note for each side that
    /// flew at another revision text).
    Applies(Vec<RevisionNote>),
    /// Some field it rests on changed, or an element it names is gone.
    Dropped(Vec<Unbound>),
    /// The source does not name the element: the event answers no
    /// port-exact (radio-exact, outlet-exact) question.
    NotExact(Vec<Unbound>),
}

/// Folds the sides of one event that name `vehicle` into a standing.
fn standing_of(sides: &[&dyn Side], vehicle: &Vehicle, suits: Vec<Unbound>) -> Option<Standing> {
    let mine: Vec<&&dyn Side> = sides
        .iter()
        .filter(|s| s.vehicle_id() == Some(vehicle.id.as_str()))
        .collect();
    if mine.is_empty() {
        return None;
    }
    let mut dropped = suits;
    let mut not_named = Vec::new();
    let mut notes = Vec::new();
    for side in mine {
        match side.bind(vehicle) {
            Ok(()) => notes.extend(revision_note(vehicle, side.revision())),
            Err(reason @ Unbound::NotNamed { .. }) => not_named.push(reason),
            Err(reason) => dropped.push(reason),
        }
    }
    Some(if !dropped.is_empty() {
        Standing::Dropped(dropped)
    } else if !not_named.is_empty() {
        Standing::NotExact(not_named)
    } else {
        notes.dedup();
        Standing::Applies(notes)
    })
}

/// Checks a suit side against the suit `vehicle` carries under that id.
fn carried_suit_changes<B: Basis<Source = SuitDefinition>>(
    side: &SuitSide<B>,
    vehicle: &Vehicle,
) -> Vec<Unbound> {
    match side.carried_by(vehicle) {
        Some(carried) => {
            let path = format!("suits[{}]", carried.id);
            side.bind(&carried.suit, &path).err().into_iter().collect()
        }
        None => Vec::new(),
    }
}

impl Event {
    /// The sides of the event that name a vehicle.
    pub fn sides(&self) -> Vec<&dyn Side> {
        match self.demonstrated() {
            Some(Demonstrated::Docking(k)) => vec![&k.chaser, &k.target],
            Some(Demonstrated::Crossing(k)) => vec![&k.a, &k.b],
            Some(Demonstrated::Voice(k)) => vec![&k.a, &k.b],
            Some(Demonstrated::SuitConnection(k)) => vec![&k.outlet],
            Some(Demonstrated::Sustained(k)) => vec![k],
            Some(Demonstrated::LinerMove(k)) => vec![&k.from, &k.to],
            Some(Demonstrated::EvaTransfer(k)) => vec![&k.from, &k.to],
            None => Vec::new(),
        }
    }

    /// Whether this event covers `vehicle` as its spec stands now; `None`
    /// when the event does not name it. A suit the event rests on is
    /// checked when the vehicle carries it.
    pub fn standing(&self, vehicle: &Vehicle) -> Option<Standing> {
        let suits = match self.demonstrated() {
            Some(Demonstrated::SuitConnection(k)) => carried_suit_changes(&k.suit, vehicle),
            Some(Demonstrated::EvaTransfer(k)) => carried_suit_changes(&k.suit, vehicle),
            _ => Vec::new(),
        };
        standing_of(&self.sides(), vehicle, suits)
    }
}

/// Which events of a record cover a vehicle's spec as it stands, which it
/// loses and why: what `diff` reports for a revision.
#[derive(Debug, Clone, Default)]
pub struct Applicability<'a> {
    /// Events that still apply, each with the revision notes of its sides.
    pub applies: Vec<(&'a Event, Vec<RevisionNote>)>,
    /// Events a changed field (or a removed element) drops, with the reasons.
    pub dropped: Vec<(&'a Event, Vec<Unbound>)>,
    /// Events whose source does not name the element: they never answer a
    /// port-exact question.
    pub not_exact: Vec<(&'a Event, Vec<Unbound>)>,
}

impl super::FlightRecord {
    /// Every event naming `vehicle`, sorted into those that still apply to
    /// its spec, those dropped (and the fields that changed), and those
    /// that name no element.
    pub fn applicability(&self, vehicle: &Vehicle) -> Applicability<'_> {
        let mut out = Applicability::default();
        for event in &self.events {
            match event.standing(vehicle) {
                Some(Standing::Applies(notes)) => out.applies.push((event, notes)),
                Some(Standing::Dropped(reasons)) => out.dropped.push((event, reasons)),
                Some(Standing::NotExact(reasons)) => out.not_exact.push((event, reasons)),
                None => {}
            }
        }
        out
    }

    /// The events a revision of a spec loses: those that applied to `old`
    /// and no longer apply to `new`, each with what changed. What `diff`
    /// reports for a revision.
    pub fn lost_by_revision<'a>(
        &'a self,
        old: &Vehicle,
        new: &Vehicle,
    ) -> Vec<(&'a Event, Vec<Unbound>)> {
        self.events
            .iter()
            .filter(|e| matches!(e.standing(old), Some(Standing::Applies(_))))
            .filter_map(|e| match e.standing(new) {
                Some(Standing::Applies(_)) => None,
                Some(Standing::Dropped(why) | Standing::NotExact(why)) => Some((e, why)),
                None => Some((
                    e,
                    vec![Unbound::Missing {
                        path: format!("vehicle {}", old.id),
                    }],
                )),
            })
            .collect()
    }
}
