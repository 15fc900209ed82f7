//! Rules of the `reach` phase: can the rescuer get to the crew before their
//! time runs out?
//!
//! Where the crew is comes from the scenario: at a station, the station's
//! orbit; free-flying, their own vehicle's. The rules judge a rescuer
//! launched from the ground (a capsule or a winged orbiter) toward a crew in
//! Earth orbit; a crew around the Moon is outside this phase for now, and a
//! pair neither of whose specs says anything of orbits or reach (no
//! `[orbit]` where the crew is, no `[reach]` in the rescuer) is not judged
//! by it. Physics: `physics::orbit`, `physics::arrival`; facts:
//! `shared/research/reach.md`.

pub mod arrival;
pub mod delta_v;
pub mod direct_ascent;
pub mod endurance;

use std::sync::Arc;

use uom::si::f64::{Angle, Time};

use super::{Context, FieldRef, Party, Rule};
use crate::scenario::file::Wait;
use crate::spec::lunar::Regime;
use crate::spec::reach::OrbitKind;
use crate::spec::{Field, LaunchSites, Reach, Vehicle, VehicleKind};

pub static RULES: &[&Rule] = &[
    &direct_ascent::RULE,
    &delta_v::RULE,
    &arrival::RULE,
    &endurance::RULE,
];

/// Where the crew is, as the reach rules see it: the station they wait at,
/// or their own vehicle.
#[derive(Clone, Copy)]
pub(crate) struct Target<'a> {
    pub vehicle: &'a Vehicle,
    /// Whether `vehicle` is the station the crew waits at.
    pub station: bool,
}

impl<'a> Target<'a> {
    /// The target's inclination, when known.
    pub fn inclination(&self) -> Option<Angle> {
        self.vehicle.orbit.inclination()
    }

    /// A field of the target's spec.
    pub fn field_ref<T>(&self, path: &str, field: &Field<T>) -> FieldRef {
        let path = if self.station {
            format!(
                "{} {path}",
                crate::text::escape_for_terminal(&self.vehicle.id)
            )
        } else {
            path.to_string()
        };
        FieldRef::in_file(Party::Distressed, path, field, Some(&self.vehicle.file))
    }

    /// "International Space Station" or "Shenzhou".
    pub fn name(&self) -> String {
        crate::text::escape_for_terminal(&self.vehicle.name)
    }
}

/// Whether a vehicle's `[reach]` table says anything of how it travels.
fn reach_written(r: &Reach) -> bool {
    r.launch_sites.is_written()
        || r.delta_v.is_written()
        || r.propellant_mass.is_written()
        || r.readiness.is_written()
        || r.rendezvous.is_written()
        || r.free_flight_endurance.is_written()
        || r.docked_endurance.is_written()
}

/// The crew's location when the reach rules judge this context: `None`
/// when they do not apply (a leg of a path, not the direction itself; a
/// rescuer that is not launched from the ground; a crew around the Moon;
/// neither spec saying anything of orbits or reach).
pub(crate) fn target<'a>(ctx: &Context<'a>) -> Option<Target<'a>> {
    if !ctx.is_direct()
        || !matches!(
            ctx.rescuer.kind,
            VehicleKind::Capsule | VehicleKind::Orbiter
        )
    {
        return None;
    }
    let (vehicle, station) = match ctx.situation.station() {
        Some(station) => (station, true),
        None => (ctx.distressed, false),
    };
    if vehicle
        .orbit
        .kind
        .value()
        .is_some_and(|k| k != OrbitKind::Leo)
        || vehicle
            .info
            .regime
            .get()
            .is_some_and(|list| !list.contains(&Regime::Leo))
    {
        return None;
    }
    if !vehicle.orbit.is_written() && !reach_written(&ctx.rescuer.reach) {
        return None;
    }
    Some(Target { vehicle, station })
}

/// The rescuer's launch sites, looked up in the launch-sites file: each
/// id with its site (`None` when the file has no such site).
pub(crate) fn launch_sites<'a>(
    rescuer: &'a Vehicle,
    sites: &'a LaunchSites,
) -> Option<impl Iterator<Item = (&'a str, Option<&'a crate::spec::launch_sites::LaunchSite>)>> {
    let ids = rescuer.reach.launch_sites.get()?;
    Some(ids.iter().map(|id| (id.as_str(), sites.get(id))))
}

/// A field of a launch site, in the launch-sites file.
pub(crate) fn site_field<T>(
    sites: &LaunchSites,
    site: &str,
    name: &str,
    field: &Field<T>,
) -> FieldRef {
    FieldRef {
        party: Party::Rescuer,
        path: format!("sites[{}].{name}", crate::text::escape_for_terminal(site)),
        span: field.span,
        file: Some(Arc::clone(&sites.file)),
    }
}

/// How long the crew can wait, and where that comes from.
pub(crate) enum CrewTime {
    /// The time and the field it was read from.
    Known(Time, FieldRef, &'static str),
    /// Not known: the fields that would say.
    Unknown(Vec<FieldRef>),
}

/// The crew's time: the scenario's stated wait, else what the place they
/// wait in sustains (the station's `safe_haven_endurance`, or their own
/// vehicle's `free_flight_endurance` when free-flying).
pub(crate) fn crew_time(ctx: &Context<'_>, target: &Target<'_>) -> CrewTime {
    if let Some(Wait::For(t)) = ctx.situation.wait() {
        let field = FieldRef {
            party: Party::Distressed,
            path: "distressed.wait".into(),
            span: None,
            file: ctx.situation.scenario_file().cloned(),
        };
        return CrewTime::Known(t, field, "the scenario's wait");
    }
    let (field, path, what) = if target.station || target.vehicle.kind == VehicleKind::Station {
        (
            &target.vehicle.reach.safe_haven_endurance,
            "reach.safe_haven_endurance",
            "what the station sustains",
        )
    } else {
        (
            &target.vehicle.reach.free_flight_endurance,
            "reach.free_flight_endurance",
            "what their vehicle sustains",
        )
    };
    match field.value() {
        Some(t) => CrewTime::Known(t, target.field_ref(path, field), what),
        None => CrewTime::Unknown(vec![target.field_ref(path, field)]),
    }
}

/// A value in km/s, as reach evidence prints it.
pub(crate) fn km_per_s(v: uom::si::f64::Velocity) -> super::Measure {
    super::Measure::Number {
        value: v.get::<uom::si::velocity::kilometer_per_second>(),
        unit: "km/s",
    }
}

/// A value in degrees.
pub(crate) fn deg(a: Angle) -> super::Measure {
    super::Measure::Number {
        value: a.get::<uom::si::angle::degree>(),
        unit: "deg",
    }
}

/// A duration in days.
pub(crate) fn days(t: Time) -> super::Measure {
    super::Measure::Number {
        value: t.get::<uom::si::time::day>(),
        unit: "d",
    }
}
