//! Docked geometry: port poses, the transform between two mated vehicles, clocking and approach
//! keep-out zones.
//!
//! Conventions: every frame is right-handed; positions are in metres inside the `nalgebra` types
//! (and `uom` [`Length`] in the public API); directions are dimensionless unit vectors. Each vehicle
//! has its own body frame; a port is described in its vehicle's frame by
//! * `position`: the centre of the docking (mating) plane,
//! * `axis`: the outward normal of the docking face (pointing away from the vehicle),
//! * `up`: a clocking reference direction in the docking plane (e.g. toward a guide petal or
//!   the hatch hinge), projected onto the plane if not exactly perpendicular to `axis`.
//!
//! From these the *port frame* is built: `x = axis`, `z = up`, `y = z × x`.
//!
//! An `Isometry3<f64>` `T_a_b` here is "the pose of frame b expressed in frame a": it maps
//! coordinates in b to coordinates in a (`p_a = T_a_b · p_b`).

use nalgebra::{
    Isometry3, Matrix3, Point3, Rotation3, Translation3, Unit, UnitQuaternion, Vector3,
};
use uom::si::angle::radian;
use uom::si::f64::{Angle, Length};
use uom::si::length::meter;

/// Relative tolerance under which `up` is considered parallel to `axis`.
const DEGENERATE: f64 = 1e-9;

/// A docking port in its own vehicle's frame. Build it with [`PortPose::new`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PortPose {
    position: [Length; 3],
    axis: Unit<Vector3<f64>>,
    up: Unit<Vector3<f64>>,
}

impl PortPose {
    /// Validates and normalises a port description.
    ///
    /// `axis` is normalised; `up` has its component along `axis` removed and is normalised, so the
    /// stored reference lies in the docking plane. Returns `None` if any component is not finite,
    /// `axis` is zero, or `up` is (nearly) parallel to `axis`.
    pub fn new(position: [Length; 3], axis: Vector3<f64>, up: Vector3<f64>) -> Option<Self> {
        let finite = position.iter().all(|l| l.value.is_finite())
            && axis.iter().all(|v| v.is_finite())
            && up.iter().all(|v| v.is_finite());
        if !finite {
            return None;
        }
        let axis = Unit::try_new(axis, 0.0)?;
        let up_norm = up.norm();
        let in_plane = up - axis.into_inner() * axis.dot(&up);
        if up_norm == 0.0 || in_plane.norm() <= DEGENERATE * up_norm {
            return None;
        }
        let up = Unit::try_new(in_plane, 0.0)?;
        // Guards against overflow in the norms of huge (but finite) inputs.
        let unit = |v: &Unit<Vector3<f64>>| (v.norm() - 1.0).abs() < 1e-9;
        (unit(&axis) && unit(&up)).then_some(Self { position, axis, up })
    }

    /// Centre of the docking plane in the vehicle frame.
    pub fn position(&self) -> [Length; 3] {
        self.position
    }

    /// Unit outward normal of the docking face, vehicle frame.
    pub fn axis(&self) -> Unit<Vector3<f64>> {
        self.axis
    }

    /// Unit clocking reference in the docking plane, vehicle frame.
    pub fn up(&self) -> Unit<Vector3<f64>> {
        self.up
    }

    /// Pose of the port frame (`x = axis`, `y = up × axis`, `z = up`) in the vehicle frame.
    pub fn frame(&self) -> Isometry3<f64> {
        let x = self.axis.into_inner();
        let z = self.up.into_inner();
        let y = z.cross(&x);
        let rot = Rotation3::from_matrix_unchecked(Matrix3::from_columns(&[x, y, z]));
        Isometry3::from_parts(
            Translation3::from(to_metres(&self.position)),
            UnitQuaternion::from_rotation_matrix(&rot),
        )
    }
}

/// Converts a `[Length; 3]` to a vector in metres.
fn to_metres(p: &[Length; 3]) -> Vector3<f64> {
    Vector3::new(
        p[0].get::<meter>(),
        p[1].get::<meter>(),
        p[2].get::<meter>(),
    )
}

/// Pose of the chaser's body frame expressed in the target's body frame when the two ports are
/// mated face to face.
///
/// Mating conditions: the port centres coincide; the axes are opposed (chaser axis = −target
/// axis); the chaser's `up` equals the target's `up` rotated by `roll` about the *target's* port
/// axis (right-hand rule; `roll = 0` means the two `up` references coincide). So, with port frames
/// `T_t` (target port in target body) and `T_c` (chaser port in chaser body),
/// `T_target_chaser = T_t · Rx(roll) · Rz(180°) · T_c⁻¹`, metres, right-handed.
///
/// Returns `None` when `roll` is not finite.
pub fn docked_transform(
    chaser_port: &PortPose,
    target_port: &PortPose,
    roll: Angle,
) -> Option<Isometry3<f64>> {
    let r = roll.get::<radian>();
    if !r.is_finite() {
        return None;
    }
    let mate = UnitQuaternion::from_axis_angle(&Vector3::x_axis(), r)
        * UnitQuaternion::from_axis_angle(&Vector3::z_axis(), std::f64::consts::PI);
    let mate = Isometry3::from_parts(Translation3::identity(), mate);
    Some(target_port.frame() * mate * chaser_port.frame().inverse())
}

/// Roll, pitch and yaw of the rotation part of `t`.
///
/// Convention (nalgebra's `euler_angles`, aerospace Tait–Bryan, intrinsic Z-Y′-X″):
/// `R = Rz(yaw) · Ry(pitch) · Rx(roll)`, i.e. yaw about z, then pitch about the new y, then roll
/// about the new x. Ranges: roll and yaw in (−180°, 180°], pitch in [−90°, 90°]; at pitch = ±90°
/// (gimbal lock) only a combination of roll and yaw is defined and nalgebra's choice is returned.
/// A `t` holding NaN gives NaN angles.
pub fn relative_orientation(t: &Isometry3<f64>) -> (Angle, Angle, Angle) {
    let (roll, pitch, yaw) = t.rotation.euler_angles();
    (
        Angle::new::<radian>(roll),
        Angle::new::<radian>(pitch),
        Angle::new::<radian>(yaw),
    )
}

/// Smallest absolute difference between two angles in radians, in `[0, π]` (NaN if either is NaN).
fn angular_distance(a: f64, b: f64) -> f64 {
    let tau = std::f64::consts::TAU;
    let d = (a - b).rem_euclid(tau);
    d.min(tau - d)
}

/// Whether `roll` is within `tolerance` of one of the `allowed` clocking angles, modulo 360°.
///
/// Wrap-around is handled (359.9° is 0.1° from 0°; −120° equals 240°). A three-petal interface
/// allows 0°, 120° and 240°. Returns `false` when `roll` or `tolerance` is NaN, `tolerance` is
/// negative, or `allowed` is empty; NaN entries of `allowed` never match.
pub fn clocking_allowed(roll: Angle, allowed: &[Angle], tolerance: Angle) -> bool {
    let r = roll.get::<radian>();
    let tol = tolerance.get::<radian>();
    if !r.is_finite() || tol.is_nan() || tol < 0.0 {
        return false;
    }
    allowed
        .iter()
        .map(|a| a.get::<radian>())
        .filter(|a| a.is_finite())
        .any(|a| angular_distance(r, a) <= tol)
}

/// A spherical keep-out volume (e.g. solar array, radiator, antenna) in the target's frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeepOutZone {
    /// Centre, target frame.
    pub center: [Length; 3],
    /// Sphere radius.
    pub radius: Length,
}

/// Indices of the `zones` that intersect the approach corridor of `port`.
///
/// The corridor is the solid cylinder of radius `corridor_radius` whose axis starts at the port
/// centre and runs `corridor_length` along the port's outward axis; `port` and `zones` must be in
/// the same (target) frame. A sphere intersects when its distance to the cylinder (zero inside)
/// is at most its radius, so touching counts as an intrusion.
///
/// Conservative edges: if the corridor length or radius is not finite or is negative, every zone
/// is reported; a zone whose centre or radius is not finite, or whose radius is negative, is
/// reported too. Indices are in ascending order.
pub fn approach_corridor_intrusions(
    port: &PortPose,
    corridor_length: Length,
    corridor_radius: Length,
    zones: &[KeepOutZone],
) -> Vec<usize> {
    let len = corridor_length.get::<meter>();
    let rad = corridor_radius.get::<meter>();
    let corridor_ok = len.is_finite() && rad.is_finite() && len >= 0.0 && rad >= 0.0;
    let origin = Point3::from(to_metres(&port.position()));
    let axis = port.axis().into_inner();
    zones
        .iter()
        .enumerate()
        .filter(|(_, z)| {
            if !corridor_ok {
                return true;
            }
            let r = z.radius.get::<meter>();
            let c = Point3::from(to_metres(&z.center));
            if !r.is_finite() || r < 0.0 || c.iter().any(|v| !v.is_finite()) {
                return true;
            }
            let rel = c - origin;
            let s = rel.dot(&axis);
            let radial = (rel - axis * s).norm();
            let axial_excess = if s < 0.0 {
                -s
            } else if s > len {
                s - len
            } else {
                0.0
            };
            let radial_excess = (radial - rad).max(0.0);
            // A NaN distance (overflow of huge inputs) counts as an intrusion.
            let d = axial_excess.hypot(radial_excess);
            d.is_nan() || d <= r
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use uom::si::angle::degree;

    fn m(x: f64, y: f64, z: f64) -> [Length; 3] {
        [
            Length::new::<meter>(x),
            Length::new::<meter>(y),
            Length::new::<meter>(z),
        ]
    }
    fn deg(x: f64) -> Angle {
        Angle::new::<degree>(x)
    }
    fn port(p: [Length; 3], axis: Vector3<f64>, up: Vector3<f64>) -> PortPose {
        PortPose::new(p, axis, up).unwrap()
    }

    // Hand-computed: target port on the target's +X face at (2, 0, 0), axis +X, up +Z.
    // Chaser port on the chaser's −Z face at (0, 0, −1.5), axis −Z, up +X. Roll 0.
    //   Target port frame: x = X, z = Z, y = Z × X = Y  → R_t = I.
    //   Chaser port frame: x = −Z, z = X, y = X × (−Z) = Y → R_c = [[0,0,1],[0,1,0],[−1,0,0]].
    //   R = R_t · Rz(180°) · R_cᵀ = diag(−1,−1,1) · [[0,0,−1],[0,1,0],[1,0,0]]
    //     = [[0,0,1],[0,−1,0],[1,0,0]]
    //   t = p_t − R·p_c = (2,0,0) − R·(0,0,−1.5) = (2,0,0) + 1.5·(1,0,0) = (3.5, 0, 0).
    // So the chaser's +X (its "up") points along target +Z, its +Z along target +X (the chaser's
    // docking face −Z looks back at the target) and its origin sits 1.5 m beyond the port.
    #[test]
    fn frame_composition_hand_computed() {
        let target = port(m(2.0, 0.0, 0.0), Vector3::x(), Vector3::z());
        let chaser = port(m(0.0, 0.0, -1.5), -Vector3::z(), Vector3::x());
        let t = docked_transform(&chaser, &target, deg(0.0)).unwrap();
        let expected = Matrix3::new(0.0, 0.0, 1.0, 0.0, -1.0, 0.0, 1.0, 0.0, 0.0);
        assert_abs_diff_eq!(
            t.rotation.to_rotation_matrix().into_inner(),
            expected,
            epsilon = 1e-12
        );
        assert_abs_diff_eq!(
            t.translation.vector,
            Vector3::new(3.5, 0.0, 0.0),
            epsilon = 1e-12
        );
        // The chaser's port centre lands on the target's port centre.
        let p = t * Point3::new(0.0, 0.0, -1.5);
        assert_abs_diff_eq!(p.coords, Vector3::new(2.0, 0.0, 0.0), epsilon = 1e-12);
        // Axes opposed, up references coincide.
        assert_abs_diff_eq!(t * (-Vector3::z()), -Vector3::x(), epsilon = 1e-12);
        assert_abs_diff_eq!(t * Vector3::x(), Vector3::z(), epsilon = 1e-12);
    }

    // Same ports, roll +90° about the target port axis (+X): the chaser's up (its +X) becomes
    // Rx(90°)·Z = −Y. Hand-computed R = Rx(90°)·[[0,0,1],[0,−1,0],[1,0,0]] = [[0,0,1],[−1,0,0],[0,−1,0]],
    // t = (2,0,0) + 1.5·(1,0,0) = (3.5, 0, 0).
    #[test]
    fn frame_composition_with_roll() {
        let target = port(m(2.0, 0.0, 0.0), Vector3::x(), Vector3::z());
        let chaser = port(m(0.0, 0.0, -1.5), -Vector3::z(), Vector3::x());
        let t = docked_transform(&chaser, &target, deg(90.0)).unwrap();
        let expected = Matrix3::new(0.0, 0.0, 1.0, -1.0, 0.0, 0.0, 0.0, -1.0, 0.0);
        assert_abs_diff_eq!(
            t.rotation.to_rotation_matrix().into_inner(),
            expected,
            epsilon = 1e-12
        );
        assert_abs_diff_eq!(
            t.translation.vector,
            Vector3::new(3.5, 0.0, 0.0),
            epsilon = 1e-12
        );
        assert!(docked_transform(&chaser, &target, deg(f64::NAN)).is_none());
    }

    // In-line docking: chaser nose port (+X face at (1,0,0), up +Z) onto the target's aft port
    // (−X face at (−5,0,0), up +Z). Hand-computed: R_t = Rz(180°), R_c = I, so
    // R = Rz(180°)·Rz(180°) = I and t = (−5,0,0) − (1,0,0) = (−6,0,0): same attitude, 6 m behind.
    // With roll +90° about the target port axis (−X), the chaser is rolled −90° about X.
    #[test]
    fn inline_docking_and_euler_angles() {
        let target = port(m(-5.0, 0.0, 0.0), -Vector3::x(), Vector3::z());
        let chaser = port(m(1.0, 0.0, 0.0), Vector3::x(), Vector3::z());
        let t = docked_transform(&chaser, &target, deg(0.0)).unwrap();
        assert_abs_diff_eq!(
            t.translation.vector,
            Vector3::new(-6.0, 0.0, 0.0),
            epsilon = 1e-12
        );
        let (r, p, y) = relative_orientation(&t);
        for a in [r, p, y] {
            assert_abs_diff_eq!(a.get::<degree>(), 0.0, epsilon = 1e-9);
        }
        let t = docked_transform(&chaser, &target, deg(90.0)).unwrap();
        let (r, p, y) = relative_orientation(&t);
        assert_abs_diff_eq!(r.get::<degree>(), -90.0, epsilon = 1e-9);
        assert_abs_diff_eq!(p.get::<degree>(), 0.0, epsilon = 1e-9);
        assert_abs_diff_eq!(y.get::<degree>(), 0.0, epsilon = 1e-9);
    }

    // Euler convention R = Rz(yaw)·Ry(pitch)·Rx(roll): round trip of (10°, 20°, 30°).
    #[test]
    fn euler_round_trip() {
        let (roll, pitch, yaw) = (10f64.to_radians(), 20f64.to_radians(), 30f64.to_radians());
        let rot = Rotation3::from_axis_angle(&Vector3::z_axis(), yaw)
            * Rotation3::from_axis_angle(&Vector3::y_axis(), pitch)
            * Rotation3::from_axis_angle(&Vector3::x_axis(), roll);
        let iso = Isometry3::from_parts(
            Translation3::identity(),
            UnitQuaternion::from_rotation_matrix(&rot),
        );
        let (r, p, y) = relative_orientation(&iso);
        assert_abs_diff_eq!(r.get::<degree>(), 10.0, epsilon = 1e-9);
        assert_abs_diff_eq!(p.get::<degree>(), 20.0, epsilon = 1e-9);
        assert_abs_diff_eq!(y.get::<degree>(), 30.0, epsilon = 1e-9);
    }

    #[test]
    fn port_pose_validation() {
        assert!(PortPose::new(m(0.0, 0.0, 0.0), Vector3::zeros(), Vector3::z()).is_none());
        assert!(PortPose::new(m(0.0, 0.0, 0.0), Vector3::x(), Vector3::x() * 2.0).is_none());
        assert!(PortPose::new(m(0.0, 0.0, 0.0), Vector3::x(), Vector3::zeros()).is_none());
        assert!(PortPose::new(m(f64::NAN, 0.0, 0.0), Vector3::x(), Vector3::z()).is_none());
        let huge = Vector3::new(1e300, 1e300, 0.0);
        assert!(PortPose::new(m(0.0, 0.0, 0.0), huge, Vector3::z()).is_none());
        // Non-unit, non-perpendicular inputs are normalised and projected.
        let p = port(
            m(0.0, 0.0, 0.0),
            Vector3::new(3.0, 0.0, 0.0),
            Vector3::new(1.0, 0.0, 2.0),
        );
        assert_abs_diff_eq!(p.axis().into_inner(), Vector3::x(), epsilon = 1e-12);
        assert_abs_diff_eq!(p.up().into_inner(), Vector3::z(), epsilon = 1e-12);
    }

    #[test]
    fn clocking_wrap_around() {
        let tol = deg(0.5);
        assert!(clocking_allowed(deg(359.9), &[deg(0.0)], tol));
        assert!(clocking_allowed(deg(-0.3), &[deg(360.0)], tol));
        assert!(clocking_allowed(deg(720.2), &[deg(0.0)], tol));
        assert!(!clocking_allowed(deg(0.6), &[deg(0.0)], tol));
        // Three-petal interface (0/120/240°).
        let petals = [deg(0.0), deg(120.0), deg(240.0)];
        assert!(clocking_allowed(deg(119.8), &petals, tol));
        assert!(clocking_allowed(deg(-120.0), &petals, tol));
        assert!(!clocking_allowed(deg(60.0), &petals, tol));
        assert!(clocking_allowed(deg(180.0), &[deg(-180.0)], deg(0.0)));
        // Edges.
        assert!(!clocking_allowed(deg(0.0), &[], tol));
        assert!(!clocking_allowed(deg(f64::NAN), &petals, tol));
        assert!(!clocking_allowed(deg(0.0), &petals, deg(-1.0)));
        assert!(!clocking_allowed(deg(0.0), &[deg(f64::NAN)], tol));
    }

    // Corridor from a port at (2,0,0) along +X, length 10 m, radius 1 m. Hand-computed distances:
    //  0: centre (7, 1.5, 0) r 0.6 → radial excess 0.5 ≤ 0.6            → intrudes
    //  1: centre (7, 2.0, 0) r 0.5 → radial excess 1.0 > 0.5             → clear
    //  2: centre (13, 0, 0)  r 0.5 → axial s = 11, excess 1.0            → clear
    //  3: centre (12.3, 0, 0) r 0.5 → axial excess 0.3                    → intrudes
    //  4: centre (1.5, 0, 0) r 0.4 → behind the port, excess 0.5          → clear
    //  5: centre (13, 2, 0)  r 1.5 → corner distance √(1² + 1²) = 1.414   → intrudes
    //  6: centre (13, 2, 0)  r 1.3 → 1.414 > 1.3                          → clear
    //  7: centre (5, 0, 0)   r 0.1 → inside the corridor                  → intrudes
    #[test]
    fn keep_out_cases() {
        let p = port(m(2.0, 0.0, 0.0), Vector3::x(), Vector3::z());
        let zone = |x, y, z, r| KeepOutZone {
            center: m(x, y, z),
            radius: Length::new::<meter>(r),
        };
        let zones = [
            zone(7.0, 1.5, 0.0, 0.6),
            zone(7.0, 2.0, 0.0, 0.5),
            zone(13.0, 0.0, 0.0, 0.5),
            zone(12.3, 0.0, 0.0, 0.5),
            zone(1.5, 0.0, 0.0, 0.4),
            zone(13.0, 2.0, 0.0, 1.5),
            zone(13.0, 2.0, 0.0, 1.3),
            zone(5.0, 0.0, 0.0, 0.1),
        ];
        let len = Length::new::<meter>(10.0);
        let rad = Length::new::<meter>(1.0);
        assert_eq!(
            approach_corridor_intrusions(&p, len, rad, &zones),
            vec![0, 3, 5, 7]
        );
        assert!(approach_corridor_intrusions(&p, len, rad, &[]).is_empty());
        // Conservative edges.
        let bad = [zone(100.0, 0.0, 0.0, f64::NAN), zone(100.0, 0.0, 0.0, 1.0)];
        assert_eq!(approach_corridor_intrusions(&p, len, rad, &bad), vec![0]);
        let neg = Length::new::<meter>(-1.0);
        assert_eq!(
            approach_corridor_intrusions(&p, neg, rad, &zones).len(),
            zones.len()
        );
    }
}
