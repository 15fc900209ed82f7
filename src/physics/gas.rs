//! Cabin gas: partial pressures, inspired O2 and the mixing of two cabin atmospheres.
//!
//! Sources (see `shared/research/atmosphere_suits.md`):
//! * EV24 = NASA HRP Evidence Report on DCS and hypoxia, 2024 revision: PIO2 = (P − 47 mmHg)·FIO2,
//!   47 mmHg being the water-vapour pressure at 37 °C in the airways.
//! * Worked examples in §3.4 of the research file (ISS 14.7 psia/21 % → 150 mmHg, Shuttle staged
//!   10.2 psia/26.5 % → 127 mmHg, exploration 8.2 psia/34 % → 128 mmHg; EV24 gives 127/128).
//!
//! NaN policy for functions that return a bare quantity: negative pressures are clamped to zero and
//! fractions to `[0, 1]`, but NaN is propagated (NaN in, NaN out) so that a downstream function
//! returning `Option` sees it and answers `None`. Callers that compare a result with a limit must
//! check `is_finite()` first, because every comparison with NaN is false.

use uom::si::f64::{MassDensity, MassRate, Pressure, Ratio, Volume, VolumeRate};
use uom::si::mass_density::kilogram_per_cubic_meter;
use uom::si::mass_rate::kilogram_per_second;
use uom::si::pressure::{millimeter_of_mercury, pascal};
use uom::si::ratio::ratio;
use uom::si::volume::cubic_meter;
use uom::si::volume_rate::cubic_meter_per_second;

/// Water-vapour pressure in the airways at 37 °C: 47 mmHg (EV24).
pub fn body_water_vapour_pressure() -> Pressure {
    Pressure::new::<millimeter_of_mercury>(47.0)
}

/// Clamps negative values to zero; NaN stays NaN.
fn non_negative(x: f64) -> f64 {
    if x < 0.0 { 0.0 } else { x }
}

/// Clamps to `[0, 1]`; NaN stays NaN.
fn unit_interval(x: f64) -> f64 {
    // `clamp` with constant, ordered bounds cannot panic and returns NaN for NaN.
    x.clamp(0.0, 1.0)
}

/// Partial pressure of one component of a gas mixture (Dalton): `p = P · F`.
///
/// Assumes `fraction` is a dry-gas mole (volume) fraction. Edges: a negative `total` is clamped to
/// zero and `fraction` to `[0, 1]`; NaN in either input gives NaN.
pub fn partial_pressure(total: Pressure, fraction: Ratio) -> Pressure {
    Pressure::new::<pascal>(
        non_negative(total.get::<pascal>()) * unit_interval(fraction.get::<ratio>()),
    )
}

/// Inspired O2 partial pressure, PIO2 = (P − 47 mmHg) · FO2 (EV24).
///
/// This is the O2 pressure of the gas after it is warmed and saturated with water vapour at 37 °C in
/// the airways, the quantity in which NASA-STD-3001 [V2 6003] hypoxia limits are written.
/// Edges: when `total` is below 47 mmHg the result is clamped to zero (no O2 can be inspired);
/// `o2_fraction` is clamped to `[0, 1]`; NaN in either input gives NaN.
pub fn inspired_o2_partial_pressure(total: Pressure, o2_fraction: Ratio) -> Pressure {
    let dry = non_negative((total - body_water_vapour_pressure()).get::<pascal>());
    Pressure::new::<pascal>(dry * unit_interval(o2_fraction.get::<ratio>()))
}

/// Smallest O2 fraction that gives at least `target_pio2` at `total` pressure: the inverse of
/// [`inspired_o2_partial_pressure`], `F = PIO2 / (P − 47 mmHg)`.
///
/// Example (research file §3.4): 14.7 psia needs 17.8 % O2 for 127 mmHg.
/// Returns `None` when an input is not finite, when `target_pio2` is negative, when `total` is at
/// or below 47 mmHg (no fraction suffices), or when the fraction needed exceeds 1 (even pure O2
/// cannot reach the target). A zero target gives `Some(0)`.
pub fn min_o2_fraction_for_pio2(total: Pressure, target_pio2: Pressure) -> Option<Ratio> {
    let dry = (total - body_water_vapour_pressure()).get::<pascal>();
    let target = target_pio2.get::<pascal>();
    if !dry.is_finite() || !target.is_finite() || target < 0.0 || dry <= 0.0 {
        return None;
    }
    let f = target / dry;
    (f <= 1.0).then(|| Ratio::new::<ratio>(f))
}

/// One cabin (or module) atmosphere: total pressure, O2 mole fraction and free gas volume.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cabin {
    /// Total (absolute) pressure.
    pub pressure: Pressure,
    /// O2 mole fraction of the dry gas, 0 to 1.
    pub o2_fraction: Ratio,
    /// Free gas volume.
    pub volume: Volume,
}

/// Result of [`mix_cabins`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MixedAtmosphere {
    /// Total pressure after equalisation.
    pub pressure: Pressure,
    /// O2 mole fraction after mixing (0 when the mixed pressure is zero).
    pub o2_fraction: Ratio,
    /// O2 partial pressure after mixing.
    pub o2_partial_pressure: Pressure,
    /// Inspired O2 partial pressure of the mixture ([`inspired_o2_partial_pressure`]).
    pub inspired_o2: Pressure,
}

/// Atmosphere after opening the hatch between two cabins and letting the gas mix completely.
///
/// Isothermal ideal gas, both cabins at the same temperature, no leaks or consumption: the moles of
/// each gas are conserved, so
/// `P = (Pa·Va + Pb·Vb) / (Va + Vb)` and `pO2 = (fa·Pa·Va + fb·Pb·Vb) / (Va + Vb)`, `F = pO2 / P`.
///
/// Returns `None` when any input is not finite, when a pressure or volume is negative, when an O2
/// fraction is outside `[0, 1]`, or when the total volume is not positive. When both cabins are at
/// zero pressure the mixture is a vacuum and its O2 fraction is reported as 0.
pub fn mix_cabins(a: &Cabin, b: &Cabin) -> Option<MixedAtmosphere> {
    let (pa, fa, va) = cabin_values(a)?;
    let (pb, fb, vb) = cabin_values(b)?;
    let v = va + vb;
    if v <= 0.0 || !v.is_finite() {
        return None;
    }
    let p = (pa * va + pb * vb) / v;
    let po2 = (fa * pa * va + fb * pb * vb) / v;
    if !p.is_finite() || !po2.is_finite() {
        return None;
    }
    let f = if p > 0.0 { unit_interval(po2 / p) } else { 0.0 };
    let pressure = Pressure::new::<pascal>(p);
    let o2_fraction = Ratio::new::<ratio>(f);
    Some(MixedAtmosphere {
        pressure,
        o2_fraction,
        o2_partial_pressure: Pressure::new::<pascal>(po2),
        inspired_o2: inspired_o2_partial_pressure(pressure, o2_fraction),
    })
}

/// Validated `(pressure Pa, O2 fraction, volume m³)` of a cabin.
fn cabin_values(c: &Cabin) -> Option<(f64, f64, f64)> {
    let p = c.pressure.get::<pascal>();
    let f = c.o2_fraction.get::<ratio>();
    let v = c.volume.get::<cubic_meter>();
    let ok = p.is_finite()
        && f.is_finite()
        && v.is_finite()
        && p >= 0.0
        && v >= 0.0
        && (0.0..=1.0).contains(&f);
    ok.then_some((p, f, v))
}

/// Density of O2 at standard conditions (0 °C, 101.325 kPa), ideal gas:
/// ρ = p·M / (R·T) = 101 325 × 0.031998 / (8.314462618 × 273.15) ≈ 1.4276 kg/m³
/// (the tabulated 1.429 kg/m³ differs by the real-gas correction).
pub fn o2_density_standard() -> MassDensity {
    const O2_MOLAR_MASS: f64 = 0.031_998; // kg/mol
    const GAS_CONSTANT: f64 = 8.314_462_618; // J/(mol·K)
    const STANDARD_PRESSURE: f64 = 101_325.0; // Pa
    const STANDARD_TEMPERATURE: f64 = 273.15; // K
    MassDensity::new::<kilogram_per_cubic_meter>(
        STANDARD_PRESSURE * O2_MOLAR_MASS / (GAS_CONSTANT * STANDARD_TEMPERATURE),
    )
}

/// Mass flow of O2 given as a volume flow at standard conditions (a suit's
/// "21 L/min"). Flows quoted at 20 °C would be about 7 % less mass; taking
/// 0 °C errs towards more O2 drawn. Negative flows are clamped to zero; NaN
/// stays NaN.
pub fn o2_mass_flow(volume_flow_at_standard: VolumeRate) -> MassRate {
    let q = volume_flow_at_standard.get::<cubic_meter_per_second>();
    let q = if q < 0.0 { 0.0 } else { q };
    MassRate::new::<kilogram_per_second>(
        q * o2_density_standard().get::<kilogram_per_cubic_meter>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use proptest::prelude::*;
    use uom::si::pressure::psi;
    use uom::si::ratio::percent;

    fn psia(x: f64) -> Pressure {
        Pressure::new::<psi>(x)
    }
    fn pct(x: f64) -> Ratio {
        Ratio::new::<percent>(x)
    }
    fn mmhg(p: Pressure) -> f64 {
        p.get::<millimeter_of_mercury>()
    }

    // EV24 formula; research file §3.4 "Hypoxia examples": ISS 14.7/21 % → 150 mmHg,
    // 10.2/26.5 % → 127, 8.2/34 % → 128, 8.0/32 % → 117 (EV24 gives 117/128/127),
    // suit 4.3 psia O2 → 175, Orlan 5.8 psia O2 → 253, 8.6 psi air → 84 mmHg.
    // Molar volume 22.414 L/mol at 0 °C, 1 atm: 31.998 g / 22.414 L = 1.4276 g/L.
    #[test]
    fn o2_density_and_flow() {
        assert_abs_diff_eq!(
            o2_density_standard().get::<kilogram_per_cubic_meter>(),
            1.4276,
            epsilon = 1e-3
        );
        // Shenzhou suit 21 L/min of O2 (atmosphere_suits.md §4): 30.0 g/min.
        let flow = o2_mass_flow(VolumeRate::new::<uom::si::volume_rate::liter_per_minute>(
            21.0,
        ));
        assert_abs_diff_eq!(
            flow.get::<uom::si::mass_rate::gram_per_second>() * 60.0,
            29.98,
            epsilon = 0.05
        );
        let negative = o2_mass_flow(VolumeRate::new::<cubic_meter_per_second>(-1.0));
        assert_eq!(negative.value, 0.0);
    }

    #[test]
    fn pio2_published_examples() {
        let cases = [
            (14.7, 21.0, 150.0),
            (10.2, 26.5, 127.0),
            (8.2, 34.0, 128.0),
            (8.0, 32.0, 117.0),
            (4.3, 100.0, 175.0),
            (5.8, 100.0, 253.0),
            (8.6, 21.0, 84.0),
        ];
        for (p, f, expected) in cases {
            let got = mmhg(inspired_o2_partial_pressure(psia(p), pct(f)));
            assert_abs_diff_eq!(got, expected, epsilon = 0.6);
        }
    }

    // EV24: sea level 760 mmHg air (20.9 %) → PIO2 ≈ 149–150 mmHg.
    #[test]
    fn pio2_sea_level() {
        let got = mmhg(inspired_o2_partial_pressure(
            Pressure::new::<millimeter_of_mercury>(760.0),
            pct(20.9),
        ));
        assert!((149.0..=150.0).contains(&got), "{got}");
    }

    #[test]
    fn pio2_edges() {
        // Below the 47 mmHg water-vapour pressure nothing can be inspired: clamped to zero.
        let low =
            inspired_o2_partial_pressure(Pressure::new::<millimeter_of_mercury>(30.0), pct(100.0));
        assert_eq!(mmhg(low), 0.0);
        let neg = inspired_o2_partial_pressure(psia(-1.0), pct(21.0));
        assert_eq!(mmhg(neg), 0.0);
        // Fraction above 1 clamped to 1.
        let over = inspired_o2_partial_pressure(psia(4.3), pct(150.0));
        assert_abs_diff_eq!(mmhg(over), 175.4, epsilon = 0.1);
        // NaN propagates.
        assert!(
            inspired_o2_partial_pressure(psia(f64::NAN), pct(21.0))
                .value
                .is_nan()
        );
        assert!(
            inspired_o2_partial_pressure(psia(14.7), pct(f64::NAN))
                .value
                .is_nan()
        );
    }

    // Research file §1 / CK04: Shuttle staged 10.2 psia × 73.5 % N2 = 7.5 psia.
    #[test]
    fn partial_pressure_examples() {
        assert_abs_diff_eq!(
            partial_pressure(psia(10.2), pct(73.5)).get::<psi>(),
            7.497,
            epsilon = 1e-3
        );
        assert_eq!(partial_pressure(psia(-3.0), pct(50.0)).get::<psi>(), 0.0);
        assert_abs_diff_eq!(
            partial_pressure(psia(5.0), pct(120.0)).get::<psi>(),
            5.0,
            epsilon = 1e-12
        );
        assert!(partial_pressure(psia(f64::NAN), pct(50.0)).value.is_nan());
    }

    // Research file §3.4: minimum O2 fraction for PIO2 ≥ 127 mmHg: 14.7 psia 17.8 %;
    // 10.2 psia 26.4 %; 8.6 psia 31.9 %; 8.2 psia 33.7 %; 5.0 psia 60 %; 4.3 psia 72 %.
    #[test]
    fn min_fraction_published_examples() {
        let target = Pressure::new::<millimeter_of_mercury>(127.0);
        for (p, expected) in [
            (14.7, 17.8),
            (10.2, 26.4),
            (8.6, 31.9),
            (8.2, 33.7),
            (5.0, 60.0),
            (4.3, 72.4),
        ] {
            let got = min_o2_fraction_for_pio2(psia(p), target)
                .unwrap()
                .get::<percent>();
            assert_abs_diff_eq!(got, expected, epsilon = 0.1);
        }
    }

    #[test]
    fn min_fraction_edges() {
        let target = Pressure::new::<millimeter_of_mercury>(127.0);
        // 3.0 psia: even pure O2 gives only (155 − 47) = 108 mmHg.
        assert!(min_o2_fraction_for_pio2(psia(3.0), target).is_none());
        assert!(
            min_o2_fraction_for_pio2(Pressure::new::<millimeter_of_mercury>(47.0), target)
                .is_none()
        );
        assert!(min_o2_fraction_for_pio2(psia(f64::NAN), target).is_none());
        assert!(min_o2_fraction_for_pio2(psia(14.7), -target).is_none());
        let zero = min_o2_fraction_for_pio2(psia(14.7), Pressure::new::<pascal>(0.0)).unwrap();
        assert_eq!(zero.get::<ratio>(), 0.0);
    }

    // Hand-checked example: ASTP-like transfer. An Apollo-like cabin at 5.0 psia, 100 % O2, 6 m³
    // joined to a Docking-Module-like volume at 10.0 psia, 30 % O2, 4 m³.
    //   P   = (5.0·6 + 10.0·4) / 10 = (30 + 40) / 10 = 7.0 psia
    //   pO2 = (1.0·5.0·6 + 0.30·10.0·4) / 10 = (30 + 12) / 10 = 4.2 psia
    //   F   = 4.2 / 7.0 = 0.60
    //   PIO2 = (7.0·51.7149 − 47)·0.60 = (362.00 − 47)·0.60 = 189.0 mmHg
    #[test]
    fn mix_hand_checked() {
        let apollo = Cabin {
            pressure: psia(5.0),
            o2_fraction: pct(100.0),
            volume: Volume::new::<cubic_meter>(6.0),
        };
        let dm = Cabin {
            pressure: psia(10.0),
            o2_fraction: pct(30.0),
            volume: Volume::new::<cubic_meter>(4.0),
        };
        let m = mix_cabins(&apollo, &dm).unwrap();
        assert_abs_diff_eq!(m.pressure.get::<psi>(), 7.0, epsilon = 1e-9);
        assert_abs_diff_eq!(m.o2_partial_pressure.get::<psi>(), 4.2, epsilon = 1e-9);
        assert_abs_diff_eq!(m.o2_fraction.get::<ratio>(), 0.60, epsilon = 1e-9);
        assert_abs_diff_eq!(mmhg(m.inspired_o2), 189.0, epsilon = 0.1);
    }

    #[test]
    fn mix_edges() {
        let ok = Cabin {
            pressure: psia(14.7),
            o2_fraction: pct(21.0),
            volume: Volume::new::<cubic_meter>(10.0),
        };
        let zero_vol = Cabin {
            volume: Volume::new::<cubic_meter>(0.0),
            ..ok
        };
        assert!(mix_cabins(&zero_vol, &zero_vol).is_none());
        // One empty (zero-volume) side leaves the other unchanged.
        let m = mix_cabins(&ok, &zero_vol).unwrap();
        assert_abs_diff_eq!(m.pressure.get::<psi>(), 14.7, epsilon = 1e-9);
        let nan = Cabin {
            pressure: psia(f64::NAN),
            ..ok
        };
        assert!(mix_cabins(&ok, &nan).is_none());
        let neg_vol = Cabin {
            volume: Volume::new::<cubic_meter>(-1.0),
            ..ok
        };
        assert!(mix_cabins(&ok, &neg_vol).is_none());
        let bad_f = Cabin {
            o2_fraction: pct(101.0),
            ..ok
        };
        assert!(mix_cabins(&ok, &bad_f).is_none());
        // Two vacuum cabins: vacuum, O2 fraction reported as 0.
        let vac = Cabin {
            pressure: psia(0.0),
            ..ok
        };
        let m = mix_cabins(&vac, &vac).unwrap();
        assert_eq!(m.pressure.get::<psi>(), 0.0);
        assert_eq!(m.o2_fraction.get::<ratio>(), 0.0);
    }

    fn cabin_strategy() -> impl Strategy<Value = Cabin> {
        (0.0f64..2.0e5, 0.0f64..=1.0, 0.0f64..1.0e3).prop_map(|(p, f, v)| Cabin {
            pressure: Pressure::new::<pascal>(p),
            o2_fraction: Ratio::new::<ratio>(f),
            volume: Volume::new::<cubic_meter>(v),
        })
    }

    proptest! {
        #[test]
        fn mixing_is_symmetric(a in cabin_strategy(), b in cabin_strategy()) {
            let ab = mix_cabins(&a, &b);
            let ba = mix_cabins(&b, &a);
            prop_assert_eq!(ab.is_some(), ba.is_some());
            if let (Some(ab), Some(ba)) = (ab, ba) {
                let tol = 1e-9 * (1.0 + ab.pressure.get::<pascal>());
                prop_assert!((ab.pressure - ba.pressure).get::<pascal>().abs() <= tol);
                prop_assert!((ab.o2_partial_pressure - ba.o2_partial_pressure).get::<pascal>().abs() <= tol);
                prop_assert!((ab.o2_fraction - ba.o2_fraction).get::<ratio>().abs() <= 1e-9);
                // Mixed pressure lies between the two cabin pressures.
                let lo = a.pressure.min(b.pressure).get::<pascal>();
                let hi = a.pressure.max(b.pressure).get::<pascal>();
                let p = ab.pressure.get::<pascal>();
                prop_assert!(p >= lo - tol && p <= hi + tol);
            }
        }

        #[test]
        fn min_fraction_inverts_pio2(p_psi in 2.0f64..20.0, target_mmhg in 0.0f64..300.0) {
            let target = Pressure::new::<millimeter_of_mercury>(target_mmhg);
            if let Some(f) = min_o2_fraction_for_pio2(psia(p_psi), target) {
                let back = mmhg(inspired_o2_partial_pressure(psia(p_psi), f));
                prop_assert!((back - target_mmhg).abs() < 1e-6);
            }
        }
    }
}
