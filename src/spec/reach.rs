//! Where a vehicle is and how it gets somewhere: the `[orbit]` table of
//! stations and free-flyers, and the `[reach]` table of vehicles (launch
//! sites, Δv, rendezvous, readiness, endurance). Facts and sources:
//! `shared/research/reach.md`; the physics they feed is `physics::orbit` and
//! `physics::arrival`.
//!
//! Doc comments here become the descriptions of the JSON Schema.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use uom::si::angle::{degree, radian};
use uom::si::f64 as si;
use uom::si::f64::{Angle, AngularVelocity, Length, Time, Velocity};

use super::elements::{ElementSet, Epoch};
use super::field::{Expected, Field, FieldValue, ReadError, Span, describe};
use super::launch_sites::LaunchSites;
use super::values::{Quantity, Range, read_quantity};
use crate::physics::arrival::TimeToArrive;
use crate::physics::orbit;

/// Where a station or free-flyer flies. Altitudes are above the central
/// body's surface (the Earth's equatorial radius, or the Moon's surface
/// for a lunar orbit).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Orbit {
    /// The kind of orbit: low Earth orbit, a lunar near-rectilinear halo
    /// orbit, a low lunar orbit.
    pub kind: Field<OrbitKind>,
    /// Inclination to the central body's equator.
    pub inclination: Field<si::Angle>,
    /// Lowest altitude (perilune for a lunar orbit).
    pub perigee: Field<si::Length>,
    /// Highest altitude (apolune for a lunar orbit).
    pub apogee: Field<si::Length>,
    /// The band of altitudes the vehicle operates in, when no single
    /// perigee and apogee apply (a station that decays and reboosts).
    pub altitude: Field<Range<si::Length>>,
    /// Orbital period.
    pub period: Field<si::Time>,
    /// Right ascension of the ascending node at `epoch` (it drifts about 5°
    /// a day in low Earth orbit: give it with its epoch).
    pub raan: Field<si::Angle>,
    /// The instant `raan` holds at, UTC.
    pub epoch: Field<Epoch>,
    /// A two-line element set, instead of `raan` and `epoch`.
    pub tle: Field<ElementSet>,
}

impl Orbit {
    /// Whether the table says anything at all.
    pub fn is_written(&self) -> bool {
        self.kind.is_written()
            || self.inclination.is_written()
            || self.perigee.is_written()
            || self.apogee.is_written()
            || self.altitude.is_written()
            || self.period.is_written()
            || self.raan.is_written()
            || self.epoch.is_written()
            || self.tle.is_written()
    }

    /// The inclination: as written, else the element set's.
    pub fn inclination(&self) -> Option<Angle> {
        self.inclination
            .value()
            .or_else(|| self.tle.get().map(|t| t.inclination))
    }

    /// The band of altitudes: `altitude` as written, else perigee to
    /// apogee, else the element set's perigee and apogee.
    pub fn altitude_band(&self) -> Option<Range<Length>> {
        if let Some(band) = self.altitude.value() {
            return Some(band);
        }
        match (self.perigee.value(), self.apogee.value()) {
            (Some(low), Some(high)) => return Some(Range::between(low, high)),
            (Some(one), None) | (None, Some(one)) => {
                return Some(Range {
                    min: self.perigee.value(),
                    max: self.apogee.value(),
                    nominal: Some(one),
                });
            }
            (None, None) => {}
        }
        let set = self.tle.get()?;
        Some(Range::between(
            set.perigee_altitude()?,
            set.apogee_altitude()?,
        ))
    }

    /// The J2 drift of the node, for an Earth orbit whose inclination and
    /// altitude are known (the typical altitude of the band, circular).
    pub fn node_rate(&self) -> Option<AngularVelocity> {
        if let Some(set) = self.tle.get() {
            return set.node_rate();
        }
        if self.kind.value().is_some_and(|k| k != OrbitKind::Leo) {
            return None;
        }
        let radius = orbit::radius_at_altitude(self.altitude_band()?.typical()?);
        orbit::nodal_regression_rate(
            radius,
            uom::si::f64::Ratio::new::<uom::si::ratio::ratio>(0.0),
            self.inclination()?,
        )
    }

    /// The ascending node at `when`, carried from the element set's epoch
    /// (or from `raan` at `epoch`) by the J2 drift, in 0° to 360°.
    pub fn node_at(&self, when: Epoch) -> Option<Angle> {
        if let Some(set) = self.tle.get() {
            return set.node_at(when);
        }
        let (raan, epoch) = (self.raan.value()?, self.epoch.value()?);
        let drift = self
            .node_rate()?
            .get::<uom::si::angular_velocity::radian_per_second>()
            * when.since(epoch).get::<uom::si::time::second>();
        let node = raan.get::<radian>() + drift;
        node.is_finite()
            .then(|| Angle::new::<radian>(node.rem_euclid(std::f64::consts::TAU)))
    }
}

/// How a vehicle gets to a crew and how long it can stay: its launch sites,
/// its propulsion, its rendezvous, its readiness, its endurance.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Reach {
    /// Sites the vehicle is launched from with a crew: ids from
    /// `specs/launch-sites.toml`.
    pub launch_sites: Field<Vec<String>>,
    /// The launch vehicle: "Soyuz-2.1a", "Falcon 9", "Long March 2F".
    pub launcher: Field<String>,
    /// Highest altitude the vehicle can dock at.
    pub max_docking_altitude: Field<si::Length>,
    /// Total on-orbit Δv (an upper bound: reserves are part of it).
    pub delta_v: Field<si::Velocity>,
    /// The part of `delta_v` held back for the vehicle's own deorbit and
    /// contingencies.
    pub delta_v_reserved: Field<si::Velocity>,
    /// Propellant aboard, for the rocket equation when no Δv is published.
    pub propellant_mass: Field<si::Mass>,
    /// Specific impulse of the main engine, in seconds ("305 s").
    pub specific_impulse: Field<si::Time>,
    /// Mass with that propellant aboard (the rocket equation's m₀).
    pub wet_mass: Field<si::Mass>,
    /// Launch to docking: fastest (min), usual (nominal) and slowest (max)
    /// profile.
    pub rendezvous: Field<Range<si::Time>>,
    /// Docking to hatch opening (leak checks).
    pub dock_to_hatch: Field<Range<si::Time>>,
    /// Call-up to launch for a rescue or replacement (launch-on-need).
    pub readiness: Field<Range<si::Time>>,
    /// Whether a vehicle is kept ready for a rescue.
    pub standby: Field<Standby>,
    /// How long the vehicle may stay docked (certified life in orbit).
    pub docked_endurance: Field<si::Time>,
    /// How long it can fly free with a crew aboard.
    pub free_flight_endurance: Field<si::Time>,
    /// Undocking to landing.
    pub undock_to_landing: Field<Range<si::Time>>,
    /// Consecutive revolutions a day from which it can land in a usable zone.
    pub landing_opportunities_per_day: Field<u32>,
    /// Where it lands.
    pub landing_zones: Field<Vec<String>>,
    /// Whether it can reach lunar orbit (a near-rectilinear halo orbit).
    pub cislunar: Field<bool>,
    /// Stations: how long the station can keep a stranded crew alive beside
    /// its own (the time a rescuer has when the crew waits aboard).
    pub safe_haven_endurance: Field<si::Time>,
}

/// A vehicle's Δv budget and where the figure comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DeltaVBudget {
    /// A published total.
    Published(Velocity),
    /// Derived with the rocket equation from propellant, Isp and wet mass.
    RocketEquation {
        delta_v: Velocity,
        propellant: si::Mass,
        specific_impulse: Time,
        wet_mass: si::Mass,
    },
}

impl DeltaVBudget {
    pub fn delta_v(&self) -> Velocity {
        match self {
            DeltaVBudget::Published(v) => *v,
            DeltaVBudget::RocketEquation { delta_v, .. } => *delta_v,
        }
    }
}

impl Reach {
    /// The total Δv: published, else from the rocket equation when
    /// propellant, Isp and wet mass are all given.
    pub fn delta_v_budget(&self) -> Option<DeltaVBudget> {
        if let Some(v) = self.delta_v.value() {
            return Some(DeltaVBudget::Published(v));
        }
        let (propellant, isp, wet) = (
            self.propellant_mass.value()?,
            self.specific_impulse.value()?,
            self.wet_mass.value()?,
        );
        let delta_v = orbit::rocket_delta_v(orbit::exhaust_speed(isp)?, wet, wet - propellant)?;
        Some(DeltaVBudget::RocketEquation {
            delta_v,
            propellant,
            specific_impulse: isp,
            wet_mass: wet,
        })
    }

    /// The Δv free for a rescue: the budget less the reserve, when both are
    /// known (never below zero).
    pub fn usable_delta_v(&self) -> Option<Velocity> {
        let total = self.delta_v_budget()?.delta_v();
        let reserved = self.delta_v_reserved.value()?;
        Some(if reserved > total {
            total * 0.0
        } else {
            total - reserved
        })
    }

    /// The arrival steps this vehicle's figures give, for a launch window
    /// found elsewhere (a scenario's dates decide it): readiness and dock to
    /// hatch at their nominal (or the middle of their range), rendezvous at
    /// its nominal profile.
    pub fn time_to_arrive(&self, launch_window: Option<Time>) -> TimeToArrive {
        let typical = |f: &Field<Range<Time>>| f.value().and_then(|r| r.typical());
        TimeToArrive {
            readiness: typical(&self.readiness),
            launch_window,
            rendezvous: typical(&self.rendezvous),
            dock_to_hatch: typical(&self.dock_to_hatch),
        }
    }
}

super::values::vocabulary! {
    /// The kind of orbit a station or free-flyer is in.
    OrbitKind, "an orbit kind" {
        /// Low Earth orbit.
        Leo = "leo",
        /// A near-rectilinear halo orbit about the Earth-Moon L2 point
        /// (Gateway, Artemis).
        Nrho = "nrho",
        /// Low lunar orbit.
        Llo = "llo",
    }
}

super::values::vocabulary! {
    /// Whether a vehicle is kept ready to launch for a rescue.
    Standby, "a standby policy" {
        /// A vehicle is always kept ready on the ground (China's "one launch,
        /// one backup").
        Continuous = "continuous",
        /// No standing standby: the next scheduled vehicle is retasked and
        /// its launch moved forward (Soyuz MS-23, Crew-9).
        AdHoc = "ad-hoc",
        /// No rescue launch is planned.
        None = "none",
    }
}

/// A problem the loader reports for these tables, once it has their values.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub span: Option<Span>,
    pub field: String,
    pub found: String,
    pub expected: Option<Expected>,
    pub help: Option<String>,
}

impl Problem {
    fn at<T>(field: &Field<T>, path: &str, found: String) -> Self {
        Problem {
            span: field.span,
            field: path.to_string(),
            found,
            expected: None,
            help: None,
        }
    }

    fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Checks what the value readers cannot: angles inside their circle, a
/// perigee under its apogee, launch sites that exist, an element set not
/// given twice.
pub fn check(orbit: &Orbit, reach: &Reach, sites: &LaunchSites) -> Vec<Problem> {
    let mut problems = Vec::new();
    let degrees = |a: Angle| a.get::<degree>();
    if let Some(i) = orbit.inclination.value() {
        if degrees(i) > 180.0 {
            problems.push(Problem::at(
                &orbit.inclination,
                "orbit.inclination",
                format!("{}, above 180 deg", i.display()),
            ));
        }
    }
    if let Some(raan) = orbit.raan.value() {
        if degrees(raan) >= 360.0 {
            problems.push(Problem::at(
                &orbit.raan,
                "orbit.raan",
                format!("{}, not below 360 deg", raan.display()),
            ));
        }
    }
    if let (Some(low), Some(high)) = (orbit.perigee.value(), orbit.apogee.value()) {
        if low > high {
            problems.push(Problem::at(
                &orbit.perigee,
                "orbit.perigee",
                format!(
                    "a perigee of {} above the apogee of {}",
                    kilometres(low),
                    kilometres(high)
                ),
            ));
        }
    }
    if orbit.tle.get().is_some() {
        let given_twice = [
            (orbit.raan.value().is_some(), orbit.raan.span, "raan"),
            (orbit.epoch.value().is_some(), orbit.epoch.span, "epoch"),
        ];
        for (_, span, name) in given_twice.into_iter().filter(|(given, _, _)| *given) {
            problems.push(Problem {
                span,
                field: format!("orbit.{name}"),
                found: format!("orbit.{name} beside orbit.tle"),
                expected: None,
                help: Some(format!(
                    "the element set gives the {name}; remove one of the two"
                )),
            });
        }
    }
    if orbit.raan.value().is_some() && !orbit.epoch.is_written() && orbit.tle.get().is_none() {
        problems.push(
            Problem::at(
                &orbit.raan,
                "orbit.raan",
                "a node with no epoch".to_string(),
            )
            .with_help(
                "the node drifts about 5 deg a day: give orbit.epoch, the UTC instant it holds at",
            ),
        );
    }
    if let Some(ids) = reach.launch_sites.get() {
        for id in ids {
            if sites.get(id).is_none() {
                let known: Vec<&str> = sites.ids().collect();
                let help = match crate::text::did_you_mean(id, known.iter().copied()) {
                    Some(s) => format!(
                        "did you mean '{s}'? launch sites are listed in specs/launch-sites.toml"
                    ),
                    None => format!("known launch sites: {}", known.join(", ")),
                };
                problems.push(
                    Problem::at(
                        &reach.launch_sites,
                        "reach.launch_sites",
                        format!(
                            "'{}', which is not a known launch site",
                            crate::text::escape_for_terminal(id)
                        ),
                    )
                    .with_help(help),
                );
            }
        }
    }
    if let (Some(reserved), Some(budget)) = (reach.delta_v_reserved.value(), reach.delta_v.value())
    {
        if reserved > budget {
            problems.push(Problem::at(
                &reach.delta_v_reserved,
                "reach.delta_v_reserved",
                format!(
                    "a reserve of {} above the total of {}",
                    reserved.display(),
                    budget.display()
                ),
            ));
        }
    }
    if let (Some(propellant), Some(wet)) = (reach.propellant_mass.value(), reach.wet_mass.value()) {
        if propellant >= wet {
            problems.push(Problem::at(
                &reach.propellant_mass,
                "reach.propellant_mass",
                format!(
                    "{} of propellant in a wet mass of {}",
                    propellant.display(),
                    wet.display()
                ),
            ));
        }
    }
    problems
}

/// An altitude as people write it: "460 km" (a length displays in mm).
fn kilometres(length: Length) -> String {
    format!(
        "{} km",
        crate::units::format_number(length.get::<uom::si::length::kilometer>())
    )
}

// ---------------------------------------------------------------------------
// Places on the Earth.

/// A geodetic latitude, north positive: `"45.96 deg N"`, `"13.72 deg"`,
/// `"5.2 deg S"` or `"-5.2 deg"`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Latitude(pub Angle);

/// A longitude, east positive: `"100.29 deg E"`, `"80.6 deg W"` or
/// `"-80.6 deg"`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Longitude(pub Angle);

/// Reads "<angle> [N|S|E|W]" or a signed angle; `positive` and `negative`
/// are the two hemisphere letters, `limit` the largest magnitude in degrees.
fn read_geographic(
    value: &toml::Value,
    positive: char,
    negative: char,
    limit: f64,
) -> Result<Angle, ReadError> {
    let toml::Value::String(text) = value else {
        return Err(match value {
            toml::Value::Integer(_) | toml::Value::Float(_) => {
                ReadError::new(format!("{}, with no unit", describe(value))).with_help(format!(
                    "write the unit and the hemisphere, e.g. \"45.96 deg {positive}\""
                ))
            }
            other => ReadError::new(describe(other)),
        });
    };
    let trimmed = text.trim();
    let letters = |c: char| [c, c.to_ascii_lowercase()];
    let (body, hemisphere) = if let Some(rest) = trimmed.strip_suffix(letters(positive)) {
        (rest, Some(1.0))
    } else if let Some(rest) = trimmed.strip_suffix(letters(negative)) {
        (rest, Some(-1.0))
    } else {
        (trimmed, None)
    };
    let body = body.trim();
    let (body, sign) = match (body.strip_prefix('-'), hemisphere) {
        (Some(_), Some(_)) => {
            return Err(ReadError::new(format!(
                "'{}', both negative and with a hemisphere",
                crate::text::escape_for_terminal(trimmed)
            ))
            .with_help(format!(
                "write \"13.72 deg {positive}\" or \"13.72 deg {negative}\""
            )));
        }
        (Some(rest), None) => (rest, -1.0),
        (None, hemisphere) => (body, hemisphere.unwrap_or(1.0)),
    };
    let angle: Angle = read_quantity(&toml::Value::String(body.to_string()))?;
    let degrees = sign * angle.get::<degree>();
    if degrees.abs() > limit {
        return Err(ReadError::new(format!(
            "'{}', beyond {limit} deg",
            crate::text::escape_for_terminal(trimmed)
        )));
    }
    Ok(Angle::new::<degree>(degrees))
}

fn format_geographic(angle: Angle, positive: char, negative: char) -> String {
    let degrees = angle.get::<degree>();
    let letter = if degrees < 0.0 { negative } else { positive };
    format!(
        "{} deg {letter}",
        crate::units::format_number(degrees.abs())
    )
}

macro_rules! geographic_field {
    ($ty:ident, $what:literal, $example:literal, $positive:literal, $negative:literal, $limit:literal) => {
        impl FieldValue for $ty {
            fn expected() -> Expected {
                Expected::new($what, $example)
            }
            fn read(value: &toml::Value) -> Result<Self, ReadError> {
                read_geographic(value, $positive, $negative, $limit).map($ty)
            }
            fn value_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "description": format!("{} such as \"{}\"", $what, $example),
                    "pattern": "^\\s*-?[0-9._]+([eE][+-]?[0-9]+)?\\s*\\S+",
                })
            }
            fn to_json(&self) -> serde_json::Value {
                format_geographic(self.0, $positive, $negative).into()
            }
        }

        impl $ty {
            /// The value as a report prints it: "45.96 deg N".
            pub fn display(&self) -> String {
                format_geographic(self.0, $positive, $negative)
            }
        }
    };
}

geographic_field!(Latitude, "a latitude", "45.96 deg N", 'N', 'S', 90.0);
geographic_field!(Longitude, "a longitude", "100.29 deg E", 'E', 'W', 180.0);

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    fn latitude(text: &str) -> Result<f64, ReadError> {
        Latitude::read(&toml::Value::String(text.into())).map(|l| l.0.get::<degree>())
    }

    #[test]
    fn reads_latitudes_and_longitudes_with_their_hemisphere() {
        assert_abs_diff_eq!(latitude("45.96 deg N").unwrap(), 45.96);
        assert_abs_diff_eq!(latitude("45.96 deg").unwrap(), 45.96);
        assert_abs_diff_eq!(latitude("5.2 deg S").unwrap(), -5.2);
        assert_abs_diff_eq!(latitude("-5.2 deg").unwrap(), -5.2);
        assert_abs_diff_eq!(latitude("5.2 deg s").unwrap(), -5.2);
        assert!(latitude("95 deg N").is_err());
        assert!(latitude("-5.2 deg S").is_err());
        assert!(latitude("45.96 km N").is_err());
        assert!(Latitude::read(&toml::Value::Float(45.9)).is_err());
        let west = Longitude::read(&toml::Value::String("80.6 deg W".into())).unwrap();
        assert_abs_diff_eq!(west.0.get::<degree>(), -80.6);
        assert_eq!(west.display(), "80.6 deg W");
        assert!(Longitude::read(&toml::Value::String("181 deg E".into())).is_err());
    }

    #[test]
    fn the_node_is_carried_from_its_epoch_by_the_j2_drift() {
        use uom::si::length::kilometer;
        let epoch = Epoch::utc(2025, 11, 25, 4, 11, 42).unwrap_or_else(|| panic!("date"));
        let orbit = Orbit {
            kind: Field::known(OrbitKind::Leo),
            inclination: Field::known(orbit::degrees(41.47)),
            altitude: Field::known(Range::point(Length::new::<kilometer>(385.0))),
            raan: Field::known(orbit::degrees(10.0)),
            epoch: Field::known(epoch),
            ..Orbit::default()
        };
        let rate = orbit.node_rate().unwrap_or_else(|| panic!("rate"));
        let per_day = rate.value.to_degrees() * 86_400.0;
        assert!(per_day < -6.0 && per_day > -6.2, "{per_day}");
        let later = epoch
            .plus(Time::new::<uom::si::time::day>(2.0))
            .unwrap_or_else(|| panic!("date"));
        let node = orbit.node_at(later).unwrap_or_else(|| panic!("node"));
        assert_abs_diff_eq!(
            node.get::<degree>(),
            (10.0 + 2.0 * per_day).rem_euclid(360.0),
            epsilon = 1e-6
        );
        // A lunar orbit has no J2 drift of the Earth's; no node without an epoch.
        let lunar = Orbit {
            kind: Field::known(OrbitKind::Nrho),
            ..orbit.clone()
        };
        assert_eq!(lunar.node_rate(), None);
        let undated = Orbit {
            epoch: Field::default(),
            ..orbit
        };
        assert_eq!(undated.node_at(later), None);
    }

    #[test]
    fn delta_v_from_the_rocket_equation_when_none_is_published() {
        use uom::si::mass::kilogram;
        use uom::si::time::second;
        use uom::si::velocity::meter_per_second;
        // reach.md §4 (derived): Crew Dragon's 2,562 kg at 300 s from
        // 12,500 kg is at most about 675 m/s.
        let reach = Reach {
            propellant_mass: Field::known(si::Mass::new::<kilogram>(2_562.0)),
            specific_impulse: Field::known(Time::new::<second>(300.0)),
            wet_mass: Field::known(si::Mass::new::<kilogram>(12_500.0)),
            ..Reach::default()
        };
        let budget = reach.delta_v_budget().unwrap();
        assert!(matches!(budget, DeltaVBudget::RocketEquation { .. }));
        assert_abs_diff_eq!(
            budget.delta_v().get::<meter_per_second>(),
            675.0,
            epsilon = 1.0
        );
        assert_eq!(reach.usable_delta_v(), None, "no reserve given");
        let published = Reach {
            delta_v: Field::known(Velocity::new::<meter_per_second>(390.0)),
            delta_v_reserved: Field::known(Velocity::new::<meter_per_second>(100.0)),
            ..reach
        };
        assert_eq!(
            published.usable_delta_v(),
            Some(Velocity::new::<meter_per_second>(290.0))
        );
    }
}
