//! Orbits around the Earth: the speeds, burns and drifts that decide whether a
//! rescuer can reach a crew, and when.
//!
//! Sources: `shared/research/reach.md` §2-§3 (facts and test vectors, source
//! keys in `docs/sources.md`). Two-body motion around a spherical Earth, plus
//! the secular J2 drift of the ascending node; impulsive burns; circular orbits
//! unless said otherwise. These are the textbook first-order answers a working
//! group needs to see *why* a pair can or cannot meet (a 10° plane change costs
//! more than any capsule carries); a mission design would refine them.
//!
//! Every function is pure and never panics: invalid input (NaN, a negative
//! radius, an orbit inside the Earth, an eccentricity of 1 or more) gives
//! `None`, as each function documents.
//!
//! Constants, with their sources:
//!
//! | constant | value | source |
//! |---|---|---|
//! | μ, Earth's gravitational parameter | 398,600.4418 km³/s² | WGS-84 / EGM-96, as used by Vallado Example 6-1 (reach.md fact 34) |
//! | Rₑ, Earth's equatorial radius | 6,378.137 km | WGS-84 (reach.md facts 3, 34) |
//! | J2, Earth's second zonal harmonic | 0.00108263 | MATSON03 (reach.md fact 31) |
//! | g₀, standard gravity | 9.80665 m/s² | the conventional value of the 3rd CGPM (1901), used to turn Isp in seconds into an exhaust speed |
//! | ωₑ, Earth's sidereal rotation rate | 7.292115 × 10⁻⁵ rad/s | WGS-84 |

use std::f64::consts::{PI, TAU};

use uom::si::angle::{degree, radian};
use uom::si::angular_velocity::radian_per_second;
use uom::si::f64::{Angle, AngularVelocity, Length, Mass, Ratio, Time, Velocity};
use uom::si::length::meter;
use uom::si::mass::kilogram;
use uom::si::ratio::ratio;
use uom::si::time::second;
use uom::si::velocity::meter_per_second;

/// Earth's gravitational parameter μ in m³/s² (WGS-84 / EGM-96; Vallado).
pub const EARTH_MU_M3_PER_S2: f64 = 3.986_004_418e14;

/// Earth's equatorial radius Rₑ in metres (WGS-84).
pub const EARTH_RADIUS_M: f64 = 6_378_137.0;

/// Earth's second zonal harmonic J2 (dimensionless; MATSON03, Vallado).
pub const EARTH_J2: f64 = 0.001_082_63;

/// Standard gravity g₀ in m/s² (3rd CGPM, 1901).
pub const STANDARD_GRAVITY_M_PER_S2: f64 = 9.806_65;

/// Earth's sidereal rotation rate ωₑ in rad/s (WGS-84).
pub const EARTH_ROTATION_RAD_PER_S: f64 = 7.292_115e-5;

/// Earth's equatorial radius as a length.
pub fn earth_radius() -> Length {
    Length::new::<meter>(EARTH_RADIUS_M)
}

/// The orbit radius of an altitude above the equatorial radius.
pub fn radius_at_altitude(altitude: Length) -> Length {
    earth_radius() + altitude
}

fn finite_positive(value: f64) -> Option<f64> {
    (value.is_finite() && value > 0.0).then_some(value)
}

/// The radius in metres, if it is a real orbit radius (above the Earth's
/// centre; an orbit whose radius is below Rₑ is still computed: callers
/// decide whether it meets the ground).
fn radius_m(radius: Length) -> Option<f64> {
    finite_positive(radius.get::<meter>())
}

/// Speed on a circular orbit of radius `radius`: v = √(μ/r).
///
/// Returns `None` for a radius that is not finite and positive.
pub fn circular_speed_at_radius(radius: Length) -> Option<Velocity> {
    let r = radius_m(radius)?;
    Some(Velocity::new::<meter_per_second>(
        (EARTH_MU_M3_PER_S2 / r).sqrt(),
    ))
}

/// Speed on a circular orbit at `altitude` above the equatorial radius.
///
/// Example (reach.md §11.4, derived): 400 km gives 7.669 km/s.
pub fn circular_speed(altitude: Length) -> Option<Velocity> {
    let h = altitude.get::<meter>();
    if !h.is_finite() || h < 0.0 {
        return None;
    }
    circular_speed_at_radius(radius_at_altitude(altitude))
}

/// Speed at radius `radius` on an orbit of semi-major axis `semi_major_axis`
/// (vis-viva): v = √(μ (2/r − 1/a)). `None` when the point is not on a bound
/// orbit of that size (r > 2a) or the inputs are not finite and positive.
pub fn vis_viva_speed(radius: Length, semi_major_axis: Length) -> Option<Velocity> {
    let r = radius_m(radius)?;
    let a = radius_m(semi_major_axis)?;
    let squared = EARTH_MU_M3_PER_S2 * (2.0 / r - 1.0 / a);
    (squared >= 0.0).then(|| Velocity::new::<meter_per_second>(squared.sqrt()))
}

/// Period of an orbit of semi-major axis `a`: T = 2π √(a³/μ).
pub fn orbital_period(semi_major_axis: Length) -> Option<Time> {
    let a = radius_m(semi_major_axis)?;
    Some(Time::new::<second>(
        TAU * (a.powi(3) / EARTH_MU_M3_PER_S2).sqrt(),
    ))
}

/// Semi-major axis of an orbit of mean motion `n` (Kepler's third law):
/// a = (μ/n²)^⅓. A TLE gives n in revolutions per day.
///
/// Example (reach.md fact 3, derived): Tiangong's 15.60681266 rev/day gives
/// a = 6,763.8 km.
pub fn semi_major_axis_from_mean_motion(mean_motion: AngularVelocity) -> Option<Length> {
    let n = finite_positive(mean_motion.get::<radian_per_second>())?;
    Some(Length::new::<meter>((EARTH_MU_M3_PER_S2 / (n * n)).cbrt()))
}

/// The Δv of a pure plane change of `angle` at speed `speed` (one impulse, the
/// speed unchanged): Δv = 2 v sin(θ/2). It exceeds the orbital speed itself
/// above 60°; it is cheapest where the spacecraft is slowest.
///
/// Worked example (IGNC, reach.md fact 27): v = 7.7300 km/s, θ = 10° gives
/// Δv = 1.3475 km/s (Δv/v = 0.1743). The sign of the angle does not matter.
/// `None` when the speed is negative or either input is not finite.
pub fn plane_change_delta_v(speed: Velocity, angle: Angle) -> Option<Velocity> {
    let v = speed.get::<meter_per_second>();
    let theta = angle.get::<radian>();
    if !v.is_finite() || v < 0.0 || !theta.is_finite() {
        return None;
    }
    Some(Velocity::new::<meter_per_second>(
        2.0 * v * (theta.abs() / 2.0).sin().abs(),
    ))
}

/// The Δv of one burn that changes both the speed (from `initial` to `final_speed`)
/// and the plane (by `angle`): Δv = √(v₁² + v₂² − 2 v₁ v₂ cos θ) (IGNC,
/// reach.md fact 28). With equal speeds it is [`plane_change_delta_v`]; with
/// no plane change it is the speed difference.
pub fn combined_plane_change_delta_v(
    initial: Velocity,
    final_speed: Velocity,
    angle: Angle,
) -> Option<Velocity> {
    let v1 = initial.get::<meter_per_second>();
    let v2 = final_speed.get::<meter_per_second>();
    let theta = angle.get::<radian>();
    if [v1, v2, theta].iter().any(|x| !x.is_finite()) || v1 < 0.0 || v2 < 0.0 {
        return None;
    }
    let squared = v1 * v1 + v2 * v2 - 2.0 * v1 * v2 * theta.cos();
    Some(Velocity::new::<meter_per_second>(squared.max(0.0).sqrt()))
}

/// A two-impulse Hohmann transfer between two coplanar circular orbits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HohmannTransfer {
    /// The burn that leaves the first orbit.
    pub departure_burn: Velocity,
    /// The burn that circularizes at the second orbit.
    pub arrival_burn: Velocity,
    /// Half the period of the transfer ellipse.
    pub transfer_time: Time,
}

impl HohmannTransfer {
    /// The two burns together.
    pub fn total_delta_v(&self) -> Velocity {
        self.departure_burn + self.arrival_burn
    }
}

/// The Hohmann transfer between circular orbits of radii `from` and `to` (in
/// either direction): transfer ellipse a = (r₁ + r₂)/2, burns by vis-viva,
/// time π √(a³/μ).
///
/// Worked example (Vallado Example 6-1, via POLI; reach.md fact 34): from
/// 191.34411 km to 35,781.34857 km altitude, Δv = 3.935224 km/s in
/// 5.256713 h. `None` when either radius is not finite and positive.
pub fn hohmann_transfer(from: Length, to: Length) -> Option<HohmannTransfer> {
    let r1 = radius_m(from)?;
    let r2 = radius_m(to)?;
    let a = (r1 + r2) / 2.0;
    let transfer_axis = Length::new::<meter>(a);
    let speed = |r: f64| circular_speed_at_radius(Length::new::<meter>(r));
    let on_transfer = |r: f64| vis_viva_speed(Length::new::<meter>(r), transfer_axis);
    let departure = (on_transfer(r1)? - speed(r1)?).abs();
    let arrival = (speed(r2)? - on_transfer(r2)?).abs();
    Some(HohmannTransfer {
        departure_burn: departure,
        arrival_burn: arrival,
        transfer_time: orbital_period(transfer_axis)? / 2.0,
    })
}

/// The secular drift of the ascending node caused by the Earth's
/// oblateness (J2): dΩ/dt = −(3/2) n J2 (Rₑ/a)² cos i / (1 − e²)².
/// Negative (westward) for prograde orbits, zero for polar ones.
///
/// Worked example (MATSON03, reach.md fact 31): a = 6,758 km (380 km),
/// i = 51.6°, e = 0 gives −5.06°/day (−5.0547 before rounding). `None` unless a is finite and positive
/// and 0 ≤ e < 1.
pub fn nodal_regression_rate(
    semi_major_axis: Length,
    eccentricity: Ratio,
    inclination: Angle,
) -> Option<AngularVelocity> {
    let a = radius_m(semi_major_axis)?;
    let e = eccentricity.get::<ratio>();
    let i = inclination.get::<radian>();
    if !(0.0..1.0).contains(&e) || !i.is_finite() {
        return None;
    }
    let n = (EARTH_MU_M3_PER_S2 / a.powi(3)).sqrt();
    let semi_latus_factor = (1.0 - e * e).powi(2);
    let rate = -1.5 * n * EARTH_J2 * (EARTH_RADIUS_M / a).powi(2) * i.cos() / semi_latus_factor;
    Some(AngularVelocity::new::<radian_per_second>(rate))
}

/// How often the ascending nodes of two orbits that drift at `first` and
/// `second` line up again: 360° / |Ω̇₁ − Ω̇₂|. `None` when they drift at the
/// same rate (the planes keep their angle for ever) or a rate is not finite.
///
/// Example (reach.md fact 32, derived): the ISS (415 km, 51.6°) and Tiangong
/// (a = 6,763 km, 41.47°) drift apart by about 1.12°/day: about every 320 days.
pub fn node_alignment_period(first: AngularVelocity, other: AngularVelocity) -> Option<Time> {
    let relative = (first.get::<radian_per_second>() - other.get::<radian_per_second>()).abs();
    finite_positive(relative).map(|r| Time::new::<second>(TAU / r))
}

/// How long until the node of an orbit drifting at `first` catches up the
/// node of one drifting at `second`, when they are now `first_node` and
/// `second_node`: the wait for the planes to be as close as their
/// inclinations allow. `None` when the rates are equal and the nodes apart
/// (they never align), or an input is not finite; zero when they are aligned.
pub fn time_until_nodes_align(
    first_node: Angle,
    first_rate: AngularVelocity,
    second_node: Angle,
    second_rate: AngularVelocity,
) -> Option<Time> {
    let gap = (second_node.get::<radian>() - first_node.get::<radian>()).rem_euclid(TAU);
    let closing = first_rate.get::<radian_per_second>() - second_rate.get::<radian_per_second>();
    if !gap.is_finite() || !closing.is_finite() {
        return None;
    }
    if gap < 1e-12 || TAU - gap < 1e-12 {
        return Some(Time::new::<second>(0.0));
    }
    // The first node closes on the second when it drifts faster eastward
    // (closing > 0: the gap shrinks); otherwise it must go the other way round.
    let distance = if closing > 0.0 { gap } else { TAU - gap };
    finite_positive(closing.abs()).map(|c| Time::new::<second>(distance / c))
}

/// The angle between two orbit planes given by their inclinations and
/// ascending nodes: cos θ = cos i₁ cos i₂ + sin i₁ sin i₂ cos(Ω₁ − Ω₂), the
/// angle between the orbit normals. It is the inclination difference only
/// when the nodes coincide.
///
/// Check (PSE-PLANE, reach.md fact 29): two 10° orbits with nodes 180° apart
/// are 20° apart. ISS and Tiangong (51.64°, 41.47°): 10.17° with aligned
/// nodes, 62.3° at 90°, 93.1° at 180° (reach.md fact 30, derived).
pub fn plane_angle(
    first_inclination: Angle,
    first_node: Angle,
    second_inclination: Angle,
    second_node: Angle,
) -> Option<Angle> {
    let (i1, i2) = (
        first_inclination.get::<radian>(),
        second_inclination.get::<radian>(),
    );
    let delta_node = first_node.get::<radian>() - second_node.get::<radian>();
    if [i1, i2, delta_node].iter().any(|x| !x.is_finite()) {
        return None;
    }
    let cosine = i1.cos() * i2.cos() + i1.sin() * i2.sin() * delta_node.cos();
    Some(Angle::new::<radian>(cosine.clamp(-1.0, 1.0).acos()))
}

/// The launch azimuths (clockwise from north) that put a rocket from a site at
/// `latitude` directly into an orbit of `inclination`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LaunchAzimuths {
    /// The inclination is below the site's latitude (or above its
    /// supplement): no direct ascent reaches it; a plane change or a dog-leg
    /// would be needed.
    Unreachable {
        /// The lowest inclination the site reaches directly: its latitude.
        minimum_inclination: Angle,
    },
    /// The inclination equals the latitude: one launch, due east (or due
    /// west for the retrograde limit).
    One(Angle),
    /// Two launches: one heading north of east (or west), one south.
    Two { northerly: Angle, southerly: Angle },
}

/// Launch azimuth from cos i = cos φ sin β (ORBW; CURTIS Eq. 6.24; reach.md
/// fact 12), ignoring the Earth's rotation as the published relation does.
///
/// Worked example (CURTIS Example 6.10, reach.md fact 13): Vandenberg,
/// φ = 34.5°, i = 98.43° gives 190.2° (southward) or 349.8° (northward).
/// `None` when an input is not finite, the latitude is outside ±90° or the
/// inclination outside 0° to 180°.
pub fn launch_azimuths(latitude: Angle, inclination: Angle) -> Option<LaunchAzimuths> {
    let phi = latitude.get::<radian>();
    let i = inclination.get::<radian>();
    if !phi.is_finite() || !i.is_finite() || phi.abs() > PI / 2.0 || !(0.0..=PI).contains(&i) {
        return None;
    }
    let sine = i.cos() / phi.cos();
    // Within a micro-degree the two solutions are one (due east or west).
    const SAME: f64 = 1e-9;
    if !sine.is_finite() || sine.abs() > 1.0 + SAME {
        return Some(LaunchAzimuths::Unreachable {
            minimum_inclination: minimum_inclination(latitude)?,
        });
    }
    let first = sine.clamp(-1.0, 1.0).asin();
    let wrapped = |x: f64| Angle::new::<radian>(x.rem_euclid(TAU));
    if (1.0 - sine.abs()) < SAME {
        return Some(LaunchAzimuths::One(wrapped(first)));
    }
    // asin gives the azimuth in (-90°, 90°), heading north; its supplement
    // heads south.
    Some(LaunchAzimuths::Two {
        northerly: wrapped(first),
        southerly: wrapped(PI - first),
    })
}

/// The lowest inclination a site at `latitude` reaches by direct ascent, a
/// due-east launch: its latitude (SATOBS96, INTROSS; reach.md fact 14).
/// KSC at 28.5° reaches 28.5° (NASA-ISSQA).
pub fn minimum_inclination(latitude: Angle) -> Option<Angle> {
    let phi = latitude.get::<radian>();
    (phi.is_finite() && phi.abs() <= PI / 2.0).then(|| Angle::new::<radian>(phi.abs()))
}

/// The inclination a launch at `azimuth` from a site at `latitude` reaches:
/// cos i = cos φ sin β (the inverse of [`launch_azimuths`]).
pub fn inclination_from_azimuth(latitude: Angle, azimuth: Angle) -> Option<Angle> {
    let phi = latitude.get::<radian>();
    let beta = azimuth.get::<radian>();
    if !phi.is_finite() || !beta.is_finite() || phi.abs() > PI / 2.0 {
        return None;
    }
    Some(Angle::new::<radian>(
        (phi.cos() * beta.sin()).clamp(-1.0, 1.0).acos(),
    ))
}

/// The exhaust speed of an engine of specific impulse `isp` (seconds):
/// c = Isp g₀.
pub fn exhaust_speed(specific_impulse: Time) -> Option<Velocity> {
    let isp = finite_positive(specific_impulse.get::<second>())?;
    Some(Velocity::new::<meter_per_second>(
        isp * STANDARD_GRAVITY_M_PER_S2,
    ))
}

/// The rocket equation: Δv = c ln(m₀/m_f).
///
/// Worked example (BRAEUNIG Problem 1.2, reach.md fact 38): 30,000 kg burning
/// 30 kg/s for 60 s at c = 3,100 m/s gives 192 m/s. `None` unless the masses
/// are finite, positive and m₀ ≥ m_f, and the exhaust speed finite and positive.
pub fn rocket_delta_v(
    exhaust_speed: Velocity,
    initial_mass: Mass,
    final_mass: Mass,
) -> Option<Velocity> {
    let c = finite_positive(exhaust_speed.get::<meter_per_second>())?;
    let m0 = finite_positive(initial_mass.get::<kilogram>())?;
    let mf = finite_positive(final_mass.get::<kilogram>())?;
    (m0 >= mf).then(|| Velocity::new::<meter_per_second>(c * (m0 / mf).ln()))
}

/// The initial mass a stage of final mass `final_mass` needs to gain
/// `delta_v` at exhaust speed `exhaust_speed`: m₀ = m_f e^(Δv/c).
///
/// Worked example (BRAEUNIG Problem 1.3, reach.md fact 38): 75,000 kg dry,
/// c = 3,100 m/s, Δv = 700 m/s gives 94,000 kg (19,000 kg of propellant).
pub fn initial_mass_for(
    delta_v: Velocity,
    exhaust_speed: Velocity,
    final_mass: Mass,
) -> Option<Mass> {
    let dv = delta_v.get::<meter_per_second>();
    let c = finite_positive(exhaust_speed.get::<meter_per_second>())?;
    let mf = finite_positive(final_mass.get::<kilogram>())?;
    if !dv.is_finite() || dv < 0.0 {
        return None;
    }
    let m0 = mf * (dv / c).exp();
    m0.is_finite().then(|| Mass::new::<kilogram>(m0))
}

/// Which of a site's two daily passes through an orbit plane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// The plane passes the site where the orbit heads north: a launch north
    /// of east (the "northerly" azimuth of [`launch_azimuths`]).
    Northerly,
    /// The plane passes where the orbit heads south: a launch south of east.
    Southerly,
}

/// The relative longitudes (site minus ascending node, in the inertial
/// frame) at which a site at `latitude` lies in a plane of `inclination`:
/// sin Δλ = tan φ / tan i, for the northerly and southerly passes. `None`
/// when the plane never passes over the site (i < |φ|) or inputs are not
/// finite.
fn in_plane_longitudes(latitude: Angle, inclination: Angle) -> Option<[(Pass, f64); 2]> {
    let phi = latitude.get::<radian>();
    let i = inclination.get::<radian>();
    if !phi.is_finite() || !i.is_finite() || phi.abs() > PI / 2.0 || !(0.0..=PI).contains(&i) {
        return None;
    }
    let sine = phi.tan() / i.tan();
    if !sine.is_finite() || sine.abs() > 1.0 + 1e-12 {
        return None;
    }
    let first = sine.clamp(-1.0, 1.0).asin();
    Some([(Pass::Northerly, first), (Pass::Southerly, PI - first)])
}

/// When a site next lies in a drifting orbit plane: the direct-ascent launch
/// window into that plane (phasing within the plane is the rendezvous
/// profile's business).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InPlaneWindow {
    /// Time from the start of the search to the window.
    pub wait: Time,
    pub pass: Pass,
}

/// The next time, after a start when the Greenwich sidereal angle is
/// `sidereal_angle` and the orbit's node is `node`, that a site at
/// `latitude` and east `longitude` lies in a plane of `inclination` whose
/// node drifts at `node_rate`: solves
/// (θ_GMST + λ) − Ω ≡ Δλ (mod 360°) with the site turning at ωₑ − Ω̇.
///
/// `None` when the plane never passes over the site (its inclination is below
/// the latitude) or an input is not finite. Both passes come about once a
/// day each; the earlier is returned, and `pass` says which it is.
pub fn next_in_plane_window(
    latitude: Angle,
    longitude: Angle,
    inclination: Angle,
    node: Angle,
    node_rate: AngularVelocity,
    sidereal_angle: Angle,
) -> Option<InPlaneWindow> {
    let targets = in_plane_longitudes(latitude, inclination)?;
    let relative_now =
        sidereal_angle.get::<radian>() + longitude.get::<radian>() - node.get::<radian>();
    let turning = EARTH_ROTATION_RAD_PER_S - node_rate.get::<radian_per_second>();
    if !(relative_now.is_finite() && turning.is_finite() && turning > 0.0) {
        return None;
    }
    targets
        .into_iter()
        .map(|(pass, target)| {
            let angle = (target - relative_now).rem_euclid(TAU);
            InPlaneWindow {
                wait: Time::new::<second>(angle / turning),
                pass,
            }
        })
        .min_by(|a, b| a.wait.value.total_cmp(&b.wait.value))
}

/// An angle in degrees, for tests and callers that write degrees.
pub fn degrees(value: f64) -> Angle {
    Angle::new::<degree>(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use proptest::prelude::*;
    use uom::si::angular_velocity::degree_per_second;
    use uom::si::length::kilometer;
    use uom::si::time::{day, hour, minute};
    use uom::si::velocity::kilometer_per_second;

    fn km(value: f64) -> Length {
        Length::new::<kilometer>(value)
    }

    fn km_s(value: f64) -> Velocity {
        Velocity::new::<kilometer_per_second>(value)
    }

    fn per_day(rate: AngularVelocity) -> f64 {
        rate.get::<degree_per_second>() * 86_400.0
    }

    fn deg(angle: Angle) -> f64 {
        angle.get::<degree>()
    }

    #[test]
    fn plane_change_of_ten_degrees_at_7_73_km_s() {
        // IGNC: 1.3475 km/s and Δv/v = 0.1743. The formula gives 1.347428;
        // the published last digit is taken as ±1 (0.1 m/s).
        let dv = plane_change_delta_v(km_s(7.7300), degrees(10.0)).unwrap();
        assert_abs_diff_eq!(dv.get::<kilometer_per_second>(), 1.3475, epsilon = 1e-4);
        assert_abs_diff_eq!(dv.value / 7730.0, 0.1743, epsilon = 5e-5);
        // The sign of the angle does not matter; above 60° Δv exceeds v.
        assert_eq!(plane_change_delta_v(km_s(7.73), degrees(-10.0)), Some(dv));
        let steep = plane_change_delta_v(km_s(7.73), degrees(61.0)).unwrap();
        assert!(steep > km_s(7.73));
    }

    #[test]
    fn the_iss_to_tiangong_best_case_costs_1_36_km_s() {
        // reach.md fact 30 (derived): 10.17° at 7.6686 km/s is 1.359 km/s.
        let v = circular_speed(km(400.0)).unwrap();
        assert_abs_diff_eq!(v.get::<kilometer_per_second>(), 7.669, epsilon = 5e-4);
        let theta =
            plane_angle(degrees(51.64), degrees(0.0), degrees(41.47), degrees(0.0)).unwrap();
        let dv = plane_change_delta_v(v, theta).unwrap();
        assert_abs_diff_eq!(dv.get::<kilometer_per_second>(), 1.359, epsilon = 5e-4);
    }

    #[test]
    fn combined_burn_reduces_to_its_two_limits() {
        let v = km_s(7.8);
        let pure = plane_change_delta_v(v, degrees(5.0)).unwrap();
        let combined = combined_plane_change_delta_v(v, v, degrees(5.0)).unwrap();
        assert_abs_diff_eq!(pure.value, combined.value, epsilon = 1e-9);
        // 7,800 m/s and 5°: reach.md fact 28 recomputes the formula as
        // 680.46 m/s (the calculator page's own 680.246 is not an oracle).
        assert_abs_diff_eq!(combined.value, 680.46, epsilon = 0.01);
        let speed_only = combined_plane_change_delta_v(km_s(7.8), km_s(7.7), degrees(0.0)).unwrap();
        assert_abs_diff_eq!(speed_only.value, 100.0, epsilon = 1e-6);
        // Changing speed and plane in one burn costs less than in two.
        let together = combined_plane_change_delta_v(km_s(7.8), km_s(7.6), degrees(10.0)).unwrap();
        let apart = plane_change_delta_v(km_s(7.8), degrees(10.0)).unwrap() + km_s(0.2);
        assert!(together < apart);
    }

    #[test]
    fn hohmann_vallado_example_6_1() {
        let transfer = hohmann_transfer(
            radius_at_altitude(km(191.344_11)),
            radius_at_altitude(km(35_781.348_57)),
        )
        .unwrap();
        assert_abs_diff_eq!(
            transfer.total_delta_v().get::<kilometer_per_second>(),
            3.935_224,
            epsilon = 1e-6
        );
        assert_abs_diff_eq!(
            transfer.transfer_time.get::<hour>(),
            5.256_713,
            epsilon = 1e-6
        );
        // The two burns as recomputed in reach.md fact 34.
        assert_abs_diff_eq!(
            transfer.departure_burn.get::<kilometer_per_second>(),
            2.457_038,
            epsilon = 1e-6
        );
        assert_abs_diff_eq!(
            transfer.arrival_burn.get::<kilometer_per_second>(),
            1.478_187,
            epsilon = 1e-6
        );
        // Downward costs the same.
        let down = hohmann_transfer(
            radius_at_altitude(km(35_781.348_57)),
            radius_at_altitude(km(191.344_11)),
        )
        .unwrap();
        assert_abs_diff_eq!(
            down.total_delta_v().value,
            transfer.total_delta_v().value,
            epsilon = 1e-6
        );
    }

    #[test]
    fn altitude_differences_between_leo_stations_are_cheap() {
        // reach.md fact 35 (derived): 385 -> 415 km, 8.49 + 8.48 m/s, 46.3 min.
        let t =
            hohmann_transfer(radius_at_altitude(km(385.0)), radius_at_altitude(km(415.0))).unwrap();
        assert_abs_diff_eq!(t.departure_burn.value, 8.49, epsilon = 0.005);
        assert_abs_diff_eq!(t.arrival_burn.value, 8.48, epsilon = 0.005);
        assert_abs_diff_eq!(t.transfer_time.get::<minute>(), 46.3, epsilon = 0.05);
    }

    #[test]
    fn nodal_regression_at_51_6_degrees_and_380_km() {
        // MATSON03 publishes -5.06 deg/day; the J2 formula gives -5.0547 at
        // a = 6,758 km (reach.md fact 31 recomputes -5.055 with the post's
        // simplified constant): within one unit of the last published digit.
        let rate =
            nodal_regression_rate(km(6_758.0), Ratio::new::<ratio>(0.0), degrees(51.6)).unwrap();
        assert_abs_diff_eq!(per_day(rate), -5.06, epsilon = 0.01);
        // The post's simplified form, -2.06474e14 a^-3.5 cos i deg/day.
        let simplified = -2.064_74e14 * 6_758.0_f64.powf(-3.5) * 51.6_f64.to_radians().cos();
        assert_abs_diff_eq!(per_day(rate), simplified, epsilon = 1e-4);
        // Polar orbits do not drift; retrograde ones drift east.
        let polar =
            nodal_regression_rate(km(6_758.0), Ratio::new::<ratio>(0.0), degrees(90.0)).unwrap();
        assert_abs_diff_eq!(per_day(polar), 0.0, epsilon = 1e-12);
        let sun_synchronous =
            nodal_regression_rate(km(7_178.0), Ratio::new::<ratio>(0.0), degrees(98.6)).unwrap();
        assert!(per_day(sun_synchronous) > 0.9 && per_day(sun_synchronous) < 1.1);
        assert_eq!(
            nodal_regression_rate(km(6_758.0), Ratio::new::<ratio>(1.0), degrees(51.6)),
            None
        );
    }

    #[test]
    fn iss_and_tiangong_nodes_realign_about_every_320_days() {
        // reach.md fact 32 (derived): -4.96 and -6.08 deg/day, about 320 days
        // (SE1994's Heavens-Above figures gave 336 days).
        let zero = Ratio::new::<ratio>(0.0);
        let iss = nodal_regression_rate(km(6_793.0), zero, degrees(51.6)).unwrap();
        let tiangong = nodal_regression_rate(km(6_763.0), zero, degrees(41.47)).unwrap();
        assert_abs_diff_eq!(per_day(iss), -4.96, epsilon = 0.01);
        assert_abs_diff_eq!(per_day(tiangong), -6.08, epsilon = 0.01);
        let period = node_alignment_period(iss, tiangong).unwrap();
        assert_abs_diff_eq!(period.get::<day>(), 320.0, epsilon = 5.0);
        assert_eq!(node_alignment_period(iss, iss), None);
        // Tiangong's node drifts west faster: starting 10 deg east of the
        // ISS's, it catches up in 10 / 1.12 days.
        let wait = time_until_nodes_align(degrees(10.0), tiangong, degrees(0.0), iss).unwrap();
        assert_abs_diff_eq!(
            wait.get::<day>(),
            10.0 / (per_day(iss) - per_day(tiangong)),
            epsilon = 1e-6
        );
        let aligned = time_until_nodes_align(degrees(5.0), iss, degrees(365.0), tiangong).unwrap();
        assert_abs_diff_eq!(aligned.value, 0.0, epsilon = 1e-9);
        assert_eq!(
            time_until_nodes_align(degrees(5.0), iss, degrees(6.0), iss),
            None
        );
    }

    #[test]
    fn launch_azimuth_curtis_vandenberg_example() {
        let Some(LaunchAzimuths::Two {
            northerly,
            southerly,
        }) = launch_azimuths(degrees(34.5), degrees(98.43))
        else {
            panic!("two solutions expected");
        };
        assert_abs_diff_eq!(deg(southerly), 190.2, epsilon = 0.05);
        assert_abs_diff_eq!(deg(northerly), 349.8, epsilon = 0.05);
    }

    #[test]
    fn launch_azimuths_to_the_stations_from_their_sites() {
        // reach.md fact 19 (derived).
        let cases = [
            (45.96, 51.64, 63.2, 116.8), // Baikonur to the ISS
            (28.5, 51.64, 44.9, 135.1),  // KSC to the ISS
            (28.5, 41.47, 58.5, 121.5),  // KSC to Tiangong
            (40.94, 41.47, 82.7, 97.3),  // Jiuquan to Tiangong
            (40.94, 51.64, 55.2, 124.8), // Jiuquan to the ISS
            (19.61, 41.47, 52.7, 127.3), // Wenchang to Tiangong
        ];
        for (latitude, inclination, north, south) in cases {
            let Some(LaunchAzimuths::Two {
                northerly,
                southerly,
            }) = launch_azimuths(degrees(latitude), degrees(inclination))
            else {
                panic!("{latitude} -> {inclination}: two solutions expected");
            };
            assert_abs_diff_eq!(deg(northerly), north, epsilon = 0.05);
            assert_abs_diff_eq!(deg(southerly), south, epsilon = 0.05);
            // And the inverse gives the inclination back.
            let back = inclination_from_azimuth(degrees(latitude), northerly).unwrap();
            assert_abs_diff_eq!(deg(back), inclination, epsilon = 1e-9);
        }
    }

    #[test]
    fn a_site_north_of_the_orbit_cannot_reach_it_directly() {
        // Baikonur (45.96) cannot reach Tiangong's 41.5 (UNIV22); Vostochny
        // (51.88) misses the ISS's 51.64 by 0.24 deg (reach.md fact 19).
        for (latitude, inclination) in [(45.96, 41.47), (51.88, 51.64)] {
            match launch_azimuths(degrees(latitude), degrees(inclination)) {
                Some(LaunchAzimuths::Unreachable {
                    minimum_inclination,
                }) => {
                    assert_abs_diff_eq!(deg(minimum_inclination), latitude, epsilon = 1e-9);
                }
                other => panic!("{latitude} -> {inclination}: {other:?}"),
            }
        }
        // Due east gives the latitude itself, one solution.
        match launch_azimuths(degrees(28.5), degrees(28.5)) {
            Some(LaunchAzimuths::One(azimuth)) => {
                assert_abs_diff_eq!(deg(azimuth), 90.0, epsilon = 1e-3)
            }
            other => panic!("{other:?}"),
        }
        assert_abs_diff_eq!(
            deg(minimum_inclination(degrees(-28.5)).unwrap()),
            28.5,
            epsilon = 1e-9
        );
        assert_eq!(launch_azimuths(degrees(95.0), degrees(51.6)), None);
        assert_eq!(launch_azimuths(degrees(45.0), degrees(181.0)), None);
    }

    #[test]
    fn plane_angles() {
        let theta =
            plane_angle(degrees(10.0), degrees(0.0), degrees(10.0), degrees(180.0)).unwrap();
        assert_abs_diff_eq!(deg(theta), 20.0, epsilon = 1e-9);
        for (delta_node, expected) in [(0.0, 10.17), (90.0, 62.3), (180.0, 93.1)] {
            let theta = plane_angle(
                degrees(51.64),
                degrees(delta_node),
                degrees(41.47),
                degrees(0.0),
            )
            .unwrap();
            assert_abs_diff_eq!(deg(theta), expected, epsilon = 0.05);
        }
    }

    #[test]
    fn rocket_equation_braeunig_problems() {
        // Problem 1.2: 30 kg/s for 60 s from 30,000 kg at 3,100 m/s.
        let dv = rocket_delta_v(
            Velocity::new::<meter_per_second>(3_100.0),
            Mass::new::<kilogram>(30_000.0),
            Mass::new::<kilogram>(30_000.0 - 30.0 * 60.0),
        )
        .unwrap();
        assert_abs_diff_eq!(dv.value, 192.0, epsilon = 0.5);
        // Problem 1.3: 75,000 kg dry, 700 m/s at 3,100 m/s: 94,000 kg.
        let m0 = initial_mass_for(
            Velocity::new::<meter_per_second>(700.0),
            Velocity::new::<meter_per_second>(3_100.0),
            Mass::new::<kilogram>(75_000.0),
        )
        .unwrap();
        assert_abs_diff_eq!(m0.get::<kilogram>(), 94_000.0, epsilon = 500.0);
        // reach.md fact 39 (derived): Soyuz TMA, 900 kg at 305 s from 7,220 kg: 398 m/s.
        let c = exhaust_speed(Time::new::<second>(305.0)).unwrap();
        let soyuz = rocket_delta_v(
            c,
            Mass::new::<kilogram>(7_220.0),
            Mass::new::<kilogram>(6_320.0),
        )
        .unwrap();
        assert_abs_diff_eq!(soyuz.value, 398.0, epsilon = 0.5);
        assert_eq!(
            rocket_delta_v(c, Mass::new::<kilogram>(1.0), Mass::new::<kilogram>(2.0)),
            None
        );
    }

    #[test]
    fn tiangong_mean_motion_gives_its_orbit_size() {
        // reach.md fact 3 (derived): 15.60681266 rev/day, a = 6,763.8 km,
        // period 92.27 min.
        let n = AngularVelocity::new::<radian_per_second>(15.606_812_66 * TAU / 86_400.0);
        let a = semi_major_axis_from_mean_motion(n).unwrap();
        assert_abs_diff_eq!(a.get::<kilometer>(), 6_763.8, epsilon = 0.05);
        assert_abs_diff_eq!(
            orbital_period(a).unwrap().get::<minute>(),
            92.27,
            epsilon = 0.005
        );
    }

    #[test]
    fn invalid_inputs_give_none() {
        assert_eq!(circular_speed(km(-1.0)), None);
        assert_eq!(circular_speed(km(f64::NAN)), None);
        assert_eq!(hohmann_transfer(km(0.0), km(7_000.0)), None);
        assert_eq!(
            plane_change_delta_v(km_s(f64::INFINITY), degrees(1.0)),
            None
        );
        assert_eq!(vis_viva_speed(km(20_000.0), km(7_000.0)), None);
        assert_eq!(exhaust_speed(Time::new::<second>(0.0)), None);
    }

    /// The unit vector of a site in the inertial frame.
    fn site_vector(latitude: f64, inertial_longitude: f64) -> [f64; 3] {
        let (phi, theta) = (latitude.to_radians(), inertial_longitude);
        [phi.cos() * theta.cos(), phi.cos() * theta.sin(), phi.sin()]
    }

    /// The orbit normal of a plane of inclination `i` and node `node` (rad).
    fn normal(inclination: f64, node: f64) -> [f64; 3] {
        let i = inclination.to_radians();
        [i.sin() * node.sin(), -i.sin() * node.cos(), i.cos()]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// At the window the site lies in the (drifted) plane, and no
        /// earlier time of the search does: checked on a 1-minute grid.
        #[test]
        fn the_in_plane_window_puts_the_site_in_the_plane(
            latitude in -60.0f64..60.0,
            longitude in -180.0f64..180.0,
            extra in 1.0f64..60.0,
            node in 0.0f64..360.0,
            sidereal in 0.0f64..360.0,
        ) {
            let inclination = latitude.abs() + extra;
            let rate = nodal_regression_rate(km(6_778.0), Ratio::new::<ratio>(0.0), degrees(inclination)).unwrap();
            let window = next_in_plane_window(
                degrees(latitude), degrees(longitude), degrees(inclination),
                degrees(node), rate, degrees(sidereal),
            ).unwrap();
            let at = |t: f64| {
                let theta = sidereal.to_radians() + longitude.to_radians() + EARTH_ROTATION_RAD_PER_S * t;
                let omega = node.to_radians() + rate.get::<radian_per_second>() * t;
                let s = site_vector(latitude, theta);
                let h = normal(inclination, omega);
                s[0] * h[0] + s[1] * h[1] + s[2] * h[2]
            };
            let t = window.wait.get::<second>();
            prop_assert!((0.0..86_400.0).contains(&t), "wait {t}");
            prop_assert!(at(t).abs() < 1e-9, "off-plane {}", at(t));
            // No crossing earlier: the sign of h·s does not change before t
            // (beyond a minute of the window itself).
            let mut s = 0.0;
            let first = at(0.0);
            while s + 60.0 < t {
                prop_assert!(at(s).signum() == first.signum() || at(s).abs() < 1e-6, "crossed at {s} before {t}");
                s += 60.0;
            }
        }
    }
}
