//! Docking capture: reduced mass and the kinetic energy the docking mechanism must absorb.
//!
//! Source: `shared/research/docking.md` (capture energy with the reduced mass
//! `μ = m1·m2/(m1 + m2)`, `E = ½·μ·v²`). This is the kinetic energy of the relative motion of two
//! free bodies, i.e. the energy that is dissipated when they end up moving together (perfectly
//! inelastic capture). Assumptions: rigid bodies, motion along the line joining the ports, no
//! rotational energy, no misalignment; the closing speed is the relative speed along the port axis.

use uom::si::energy::joule;
use uom::si::f64::{Energy, Mass, Velocity};
use uom::si::mass::kilogram;
use uom::si::velocity::meter_per_second;

/// Reduced mass `μ = m1·m2 / (m1 + m2)`.
///
/// Edges: `None` if either mass is NaN or negative, or both are zero or both infinite. One infinite
/// mass (an immovable target) gives the other mass; one zero mass gives zero.
pub fn reduced_mass(m1: Mass, m2: Mass) -> Option<Mass> {
    let a = m1.get::<kilogram>();
    let b = m2.get::<kilogram>();
    if a.is_nan() || b.is_nan() || a < 0.0 || b < 0.0 {
        return None;
    }
    let mu = match (a.is_infinite(), b.is_infinite()) {
        (true, true) => return None,
        (true, false) => b,
        (false, true) => a,
        (false, false) => {
            let sum = a + b;
            if sum <= 0.0 {
                return None;
            }
            a * b / sum
        }
    };
    Some(Mass::new::<kilogram>(mu))
}

/// Kinetic energy of the relative motion at contact, `E = ½·μ·v²` (docking.md).
///
/// Worked example: a 12 t chaser onto a 420 t station at 0.1 m/s: μ = 12·420/432 t = 11.667 t,
/// E = ½·11 667·0.01 = 58.3 J. The sign of `closing_speed` does not matter (the energy depends on
/// v²). Returns `None` when [`reduced_mass`] does, or when the speed is not finite.
pub fn contact_energy(m1: Mass, m2: Mass, closing_speed: Velocity) -> Option<Energy> {
    let mu = reduced_mass(m1, m2)?.get::<kilogram>();
    let v = closing_speed.get::<meter_per_second>();
    if !v.is_finite() {
        return None;
    }
    let e = 0.5 * mu * v * v;
    e.is_finite().then(|| Energy::new::<joule>(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use proptest::prelude::*;
    use uom::si::mass::ton;

    fn t(x: f64) -> Mass {
        Mass::new::<ton>(x)
    }
    fn mps(x: f64) -> Velocity {
        Velocity::new::<meter_per_second>(x)
    }

    // Hand-checked: 12 t chaser, 420 t station, 0.1 m/s.
    //   μ = 12·420/(12 + 420) t = 5040/432 t = 11.6667 t = 11 666.7 kg
    //   E = ½ · 11 666.7 kg · (0.1 m/s)² = 58.33 J
    #[test]
    fn chaser_onto_station() {
        let mu = reduced_mass(t(12.0), t(420.0)).unwrap();
        assert_abs_diff_eq!(mu.get::<kilogram>(), 11_666.667, epsilon = 1e-3);
        let e = contact_energy(t(12.0), t(420.0), mps(0.1)).unwrap();
        assert_abs_diff_eq!(e.get::<joule>(), 58.333, epsilon = 1e-3);
    }

    // docking.md design case "visiting vehicle up to 25 t mating with a 350 t station" (unverified
    // source there); hand-checked: μ = 25·350/375 = 23.333 t; at 0.05 m/s E = ½·23 333·0.0025 = 29.17 J.
    #[test]
    fn design_case() {
        let e = contact_energy(t(25.0), t(350.0), mps(0.05)).unwrap();
        assert_abs_diff_eq!(e.get::<joule>(), 29.167, epsilon = 1e-3);
    }

    #[test]
    fn edges() {
        assert!(reduced_mass(t(0.0), t(0.0)).is_none());
        assert!(reduced_mass(t(-1.0), t(10.0)).is_none());
        assert!(reduced_mass(t(f64::NAN), t(10.0)).is_none());
        assert!(reduced_mass(t(f64::INFINITY), t(f64::INFINITY)).is_none());
        assert_abs_diff_eq!(
            reduced_mass(t(f64::INFINITY), t(12.0))
                .unwrap()
                .get::<ton>(),
            12.0
        );
        assert_eq!(reduced_mass(t(0.0), t(12.0)).unwrap().get::<ton>(), 0.0);
        // Equal masses: μ = m/2.
        assert_abs_diff_eq!(reduced_mass(t(8.0), t(8.0)).unwrap().get::<ton>(), 4.0);
        assert!(contact_energy(t(12.0), t(420.0), mps(f64::NAN)).is_none());
        assert_abs_diff_eq!(
            contact_energy(t(12.0), t(420.0), mps(-0.1))
                .unwrap()
                .get::<joule>(),
            58.333,
            epsilon = 1e-3
        );
    }

    proptest! {
        // Lower closing speed never raises the energy.
        #[test]
        fn energy_monotone_in_speed(m1 in 1.0f64..1.0e6, m2 in 1.0f64..1.0e6, v in 0.0f64..10.0, dv in 0.0f64..10.0) {
            let m1 = Mass::new::<kilogram>(m1);
            let m2 = Mass::new::<kilogram>(m2);
            let slow = contact_energy(m1, m2, mps(v)).unwrap();
            let fast = contact_energy(m1, m2, mps(v + dv)).unwrap();
            prop_assert!(slow <= fast);
        }

        // μ is symmetric and never exceeds the smaller mass.
        #[test]
        fn reduced_mass_bounds(m1 in 0.0f64..1.0e6, m2 in 1.0f64..1.0e6) {
            let a = reduced_mass(Mass::new::<kilogram>(m1), Mass::new::<kilogram>(m2)).unwrap();
            let b = reduced_mass(Mass::new::<kilogram>(m2), Mass::new::<kilogram>(m1)).unwrap();
            prop_assert!((a - b).get::<kilogram>().abs() <= 1e-9 * (1.0 + a.get::<kilogram>()));
            prop_assert!(a.get::<kilogram>() <= m1.min(m2) * (1.0 + 1e-12));
        }
    }
}
