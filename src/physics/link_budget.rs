//! Free-space radio link budget and Doppler arithmetic.
//!
//! Formulas (see shared/research/comms.md §3.1):
//!
//! * `L_fs[dB] = 32.44 + 20·log10(f[MHz]) + 20·log10(d[km])`
//! * `P_r = EIRP + G_r − L_fs − L_misc`, with `EIRP = P_t + G_t`
//! * `N0[dBm/Hz] = 10·log10(k) + 30 + 10·log10(T_sys[K])` (≈ −198.6 + 10·log10 T)
//! * `C/N0[dB-Hz] = P_r − N0`, `Eb/N0 = C/N0 − 10·log10(R_b[bit/s])`
//! * `margin = Eb/N0 − (Eb/N0)_req − implementation loss`; the link closes when margin ≥ 0 dB
//! * Doppler `Δf = f·v/c` (first order), tolerance `v_max = Δf_tol·c/f`
//!
//! Every function is pure and returns `None` rather than panicking on
//! non-positive or non-finite inputs.

use std::fmt::{self, Display};

use serde::{Deserialize, Serialize};
use uom::si::f64::{Frequency, InformationRate, Length, ThermodynamicTemperature, Velocity};
use uom::si::frequency::{hertz, megahertz};
use uom::si::information_rate::bit_per_second;
use uom::si::length::kilometer;
use uom::si::thermodynamic_temperature::kelvin;
use uom::si::velocity::speed_of_light_in_vacuum;

use crate::decibel::{DecibelHertz, Decibels, DecibelsIsotropic, NoiseDensity, PowerLevel};

/// Constant of the free-space path-loss formula with f in MHz and d in km,
/// as used in the research notes ([R79]). The exact value,
/// `20·log10(4π·10⁹/c)`, is 32.448; ITU-R P.525 rounds it to 32.4.
pub const FSPL_CONSTANT_DB: f64 = 32.44;

/// Boltzmann's constant in J/K (exact, SI 2019).
pub const BOLTZMANN_J_PER_K: f64 = 1.380_649e-23;

fn positive_finite(x: f64) -> Option<f64> {
    (x.is_finite() && x > 0.0).then_some(x)
}

/// Up to four decimals, trailing zeros trimmed: 414.2, 1, 0.1, 2084.77.
fn short(x: f64) -> String {
    let mut s = format!("{x:.4}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    s
}

/// Free-space path loss between isotropic antennas,
/// `32.44 + 20·log10(f[MHz]) + 20·log10(d[km])`.
///
/// `None` unless both frequency and distance are finite and > 0. The formula
/// is the far-field one: at distances of a few wavelengths or less it is not
/// physical (it can even go negative) and is returned as computed.
pub fn free_space_path_loss(frequency: Frequency, distance: Length) -> Option<Decibels> {
    let f_mhz = positive_finite(frequency.get::<megahertz>())?;
    let d_km = positive_finite(distance.get::<kilometer>())?;
    let loss = FSPL_CONSTANT_DB + 20.0 * f_mhz.log10() + 20.0 * d_km.log10();
    loss.is_finite().then(|| Decibels::new(loss))
}

/// Thermal noise spectral density `N0 = k·T`; −171.6 dBm/Hz at 500 K.
/// `None` unless the temperature is finite and > 0 K.
pub fn noise_density(system_temperature: ThermodynamicTemperature) -> Option<NoiseDensity> {
    let t = positive_finite(system_temperature.get::<kelvin>())?;
    let watts_per_hz = BOLTZMANN_J_PER_K * t;
    let dbw_per_hz = 10.0 * positive_finite(watts_per_hz)?.log10();
    Some(NoiseDensity::from_dbw_per_hz(dbw_per_hz))
}

/// A data rate expressed in dB-Hz, `10·log10(R_b[bit/s])`.
/// `None` unless the rate is finite and > 0.
pub fn data_rate_db_hz(rate: InformationRate) -> Option<DecibelHertz> {
    DecibelHertz::from_hz(rate.get::<bit_per_second>())
}

/// How the transmitter is described: either directly by EIRP, or by power
/// into the antenna plus antenna gain.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Transmitter {
    /// Effective isotropic radiated power, already including antenna gain.
    Eirp(PowerLevel),
    /// Power delivered to the antenna, and the antenna's gain towards the receiver.
    PowerAndGain {
        /// Transmit power.
        power: PowerLevel,
        /// Transmit antenna gain towards the receiver.
        antenna_gain: DecibelsIsotropic,
    },
}

impl Transmitter {
    /// The effective isotropic radiated power.
    pub fn eirp(self) -> PowerLevel {
        match self {
            Self::Eirp(eirp) => eirp,
            Self::PowerAndGain {
                power,
                antenna_gain,
            } => power + antenna_gain,
        }
    }
}

/// Everything the link budget needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkBudgetInputs {
    /// Transmit EIRP, or transmit power plus antenna gain.
    pub transmitter: Transmitter,
    /// Receive antenna gain towards the transmitter.
    pub receive_antenna_gain: DecibelsIsotropic,
    /// Carrier frequency.
    pub frequency: Frequency,
    /// Distance between the antennas.
    pub range: Length,
    /// Miscellaneous losses beyond free space: blockage, multipath, pointing,
    /// polarisation, cables (a positive number is a loss).
    pub miscellaneous_loss: Decibels,
    /// Receiving system noise temperature.
    pub system_noise_temperature: ThermodynamicTemperature,
    /// Information bit rate.
    pub data_rate: InformationRate,
    /// Eb/N0 required by the modulation and coding for the target error rate
    /// (e.g. 9.6 dB for uncoded BPSK at BER 1e-5); add any design margin here
    /// or in `implementation_loss`.
    pub required_eb_n0: Decibels,
    /// Modem implementation loss (a positive number is a loss).
    pub implementation_loss: Decibels,
}

/// The value on one line of a link budget, with its unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum BudgetValue {
    /// A ratio in dB (loss, margin, Eb/N0).
    Ratio(Decibels),
    /// An antenna gain in dBi.
    Gain(DecibelsIsotropic),
    /// A power level (dBm).
    Power(PowerLevel),
    /// A noise spectral density (dBm/Hz).
    NoiseDensity(NoiseDensity),
    /// A quantity in dB-Hz (C/N0, data rate).
    DecibelHertz(DecibelHertz),
}

impl Display for BudgetValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Ratio(v) => Display::fmt(v, f),
            Self::Gain(v) => Display::fmt(v, f),
            Self::Power(v) => Display::fmt(v, f),
            Self::NoiseDensity(v) => Display::fmt(v, f),
            Self::DecibelHertz(v) => Display::fmt(v, f),
        }
    }
}

/// One line of a link budget: what it is, its value, and how it was obtained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetLine {
    /// Human-readable name, e.g. "Free-space path loss".
    pub name: String,
    /// The value with its unit.
    pub value: BudgetValue,
    /// Short formula with the numbers substituted, or "given".
    pub formula: String,
}

impl Display for BudgetLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:<28} {:>16}  {}",
            self.name,
            format!("{:.1}", self.value),
            self.formula
        )
    }
}

/// A computed link budget: every line in order, plus the key results typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkBudget {
    /// Every line of the budget, from transmitter to margin.
    pub lines: Vec<BudgetLine>,
    /// Effective isotropic radiated power.
    pub eirp: PowerLevel,
    /// Free-space path loss at the given range.
    pub free_space_path_loss: Decibels,
    /// Power at the receiver input.
    pub received_power: PowerLevel,
    /// Receiver noise spectral density N0.
    pub noise_density: NoiseDensity,
    /// Carrier-to-noise-density ratio.
    pub c_over_n0: DecibelHertz,
    /// Energy per bit over N0.
    pub eb_n0: Decibels,
    /// `Eb/N0 − required − implementation loss`.
    pub margin: Decibels,
    /// Whether the margin is ≥ 0 dB.
    pub closes: bool,
}

impl Display for LinkBudget {
    /// Prints the budget line by line, then the verdict.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.lines {
            writeln!(f, "{line}")?;
        }
        if self.closes {
            write!(f, "Link closes with {:+.1} margin", self.margin)
        } else {
            write!(f, "Link does not close ({:+.1} margin)", self.margin)
        }
    }
}

/// Computes the free-space link budget line by line.
///
/// `None` if the frequency, range, temperature or data rate is not finite and
/// > 0, or if any dB input is not finite.
pub fn link_budget(inputs: &LinkBudgetInputs) -> Option<LinkBudget> {
    let i = inputs;
    let finite_db = [
        i.receive_antenna_gain.is_finite(),
        i.miscellaneous_loss.is_finite(),
        i.required_eb_n0.is_finite(),
        i.implementation_loss.is_finite(),
        i.transmitter.eirp().is_finite(),
    ];
    if finite_db.contains(&false) {
        return None;
    }
    let f_mhz = i.frequency.get::<megahertz>();
    let d_km = i.range.get::<kilometer>();
    let t_k = i.system_noise_temperature.get::<kelvin>();
    let rb = i.data_rate.get::<bit_per_second>();

    let lfs = free_space_path_loss(i.frequency, i.range)?;
    let n0 = noise_density(i.system_noise_temperature)?;
    let rate = data_rate_db_hz(i.data_rate)?;
    let eirp = i.transmitter.eirp();
    let pr = eirp + i.receive_antenna_gain - lfs - i.miscellaneous_loss;
    let c_n0 = pr - n0;
    let eb_n0 = c_n0 - rate;
    let margin = eb_n0 - i.required_eb_n0 - i.implementation_loss;
    if !(pr.is_finite() && c_n0.is_finite() && eb_n0.is_finite() && margin.is_finite()) {
        return None;
    }

    let line = |name: &str, value: BudgetValue, formula: String| BudgetLine {
        name: name.to_owned(),
        value,
        formula,
    };
    let mut lines = Vec::with_capacity(14);
    match i.transmitter {
        Transmitter::Eirp(_) => {
            lines.push(line(
                "Transmit EIRP",
                BudgetValue::Power(eirp),
                "given".into(),
            ));
        }
        Transmitter::PowerAndGain {
            power,
            antenna_gain,
        } => {
            lines.push(line(
                "Transmit power",
                BudgetValue::Power(power),
                "given".into(),
            ));
            lines.push(line(
                "Transmit antenna gain",
                BudgetValue::Gain(antenna_gain),
                "given".into(),
            ));
            lines.push(line(
                "Transmit EIRP",
                BudgetValue::Power(eirp),
                format!("P_t + G_t = {power:.1} + {antenna_gain:.1}"),
            ));
        }
    }
    lines.extend([
        line(
            "Free-space path loss",
            BudgetValue::Ratio(lfs),
            format!(
                "{FSPL_CONSTANT_DB} + 20·log10({} MHz) + 20·log10({} km)",
                short(f_mhz),
                short(d_km)
            ),
        ),
        line(
            "Miscellaneous losses",
            BudgetValue::Ratio(i.miscellaneous_loss),
            "given (blockage, multipath, pointing)".into(),
        ),
        line(
            "Receive antenna gain",
            BudgetValue::Gain(i.receive_antenna_gain),
            "given".into(),
        ),
        line(
            "Received power",
            BudgetValue::Power(pr),
            "P_r = EIRP + G_r − L_fs − L_misc".into(),
        ),
        line(
            "Noise spectral density",
            BudgetValue::NoiseDensity(n0),
            format!("N0 = k·T = −198.6 dBm/Hz + 10·log10({} K)", short(t_k)),
        ),
        line(
            "Carrier to noise density",
            BudgetValue::DecibelHertz(c_n0),
            "C/N0 = P_r − N0".into(),
        ),
        line(
            "Data rate",
            BudgetValue::DecibelHertz(rate),
            format!("10·log10({} bit/s)", short(rb)),
        ),
        line(
            "Eb/N0",
            BudgetValue::Ratio(eb_n0),
            "C/N0 − 10·log10(R_b)".into(),
        ),
        line(
            "Required Eb/N0",
            BudgetValue::Ratio(i.required_eb_n0),
            "given".into(),
        ),
        line(
            "Implementation loss",
            BudgetValue::Ratio(i.implementation_loss),
            "given".into(),
        ),
        line(
            "Link margin",
            BudgetValue::Ratio(margin),
            "Eb/N0 − required − implementation loss".into(),
        ),
    ]);

    Some(LinkBudget {
        lines,
        eirp,
        free_space_path_loss: lfs,
        received_power: pr,
        noise_density: n0,
        c_over_n0: c_n0,
        eb_n0,
        margin,
        closes: margin.db() >= 0.0,
    })
}

/// The range at which the link margin equals `margin` (0 dB: break-even),
/// ignoring `inputs.range`.
///
/// Closed form: margin falls by exactly 20 dB per decade of range, so with
/// `m₁` the margin at 1 km, `d = 1 km · 10^((m₁ − margin)/20)`. `None` if the
/// inputs are invalid or the result is not a finite, positive length.
pub fn max_range_for_margin(inputs: &LinkBudgetInputs, margin: Decibels) -> Option<Length> {
    if !margin.is_finite() {
        return None;
    }
    let at_one_km = LinkBudgetInputs {
        range: Length::new::<kilometer>(1.0),
        ..*inputs
    };
    let m1 = link_budget(&at_one_km)?.margin;
    let d_km = 10f64.powf((m1 - margin).db() / 20.0);
    positive_finite(d_km).map(Length::new::<kilometer>)
}

fn speed_of_light() -> Velocity {
    Velocity::new::<speed_of_light_in_vacuum>(1.0)
}

/// First-order Doppler shift `f·v/c`; positive when closing (v > 0).
pub fn doppler_shift(frequency: Frequency, closing_speed: Velocity) -> Frequency {
    frequency * (closing_speed / speed_of_light())
}

/// Largest closing speed whose Doppler shift stays within ±`tolerance`:
/// `v_max = Δf·c/f`. `None` unless the frequency is finite and > 0 and the
/// tolerance is finite and ≥ 0.
pub fn max_closing_speed_for_tolerance(
    frequency: Frequency,
    tolerance: Frequency,
) -> Option<Velocity> {
    positive_finite(frequency.get::<hertz>())?;
    let tol = tolerance.get::<hertz>();
    if !(tol.is_finite() && tol >= 0.0) {
        return None;
    }
    let v = speed_of_light() * (tolerance / frequency);
    v.get::<uom::si::velocity::meter_per_second>()
        .is_finite()
        .then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use proptest::prelude::*;
    use uom::si::frequency::{gigahertz, kilohertz};
    use uom::si::information_rate::kilobit_per_second;
    use uom::si::length::meter;
    use uom::si::velocity::{kilometer_per_second, meter_per_second};

    fn mhz(x: f64) -> Frequency {
        Frequency::new::<megahertz>(x)
    }
    fn km(x: f64) -> Length {
        Length::new::<kilometer>(x)
    }

    /// comms.md §3.3: SSOR-class UHF radio, 414.2 MHz.
    fn ssor(range_km: f64) -> LinkBudgetInputs {
        LinkBudgetInputs {
            transmitter: Transmitter::PowerAndGain {
                power: PowerLevel::from_dbm(19.1),
                antenna_gain: DecibelsIsotropic::new(0.0),
            },
            receive_antenna_gain: DecibelsIsotropic::new(0.0),
            frequency: mhz(414.2),
            range: km(range_km),
            miscellaneous_loss: Decibels::new(3.0),
            system_noise_temperature: ThermodynamicTemperature::new::<kelvin>(500.0),
            data_rate: InformationRate::new::<kilobit_per_second>(32.0),
            // 9.6 dB (BPSK, BER 1e-5) + 3 dB design margin = 12.6 dB.
            required_eb_n0: Decibels::new(9.6),
            implementation_loss: Decibels::new(3.0),
        }
    }

    /// Rounded to 0.1 dB as printed in the research notes.
    fn assert_01(actual: f64, published: f64) {
        assert!(
            (actual - published).abs() <= 0.05 + 1e-9,
            "{actual} does not round to {published}"
        );
    }

    #[test]
    fn fspl_reproduces_table_3_2() {
        let ranges_km = [0.1, 1.0, 5.0, 10.0, 23.0, 100.0, 200.0, 2000.0];
        let table: [(f64, [f64; 8]); 6] = [
            (121.75, [54.1, 74.1, 88.1, 94.1, 101.4, 114.1, 120.2, 140.2]),
            (
                143.625,
                [55.6, 75.6, 89.6, 95.6, 102.8, 115.6, 121.6, 141.6],
            ),
            (414.2, [64.8, 84.8, 98.8, 104.8, 112.0, 124.8, 130.8, 150.8]),
            (437.1, [65.3, 85.3, 99.2, 105.3, 112.5, 125.3, 131.3, 151.3]),
            (
                2106.4,
                [78.9, 98.9, 112.9, 118.9, 126.1, 138.9, 144.9, 164.9],
            ),
            (
                3200.0,
                [82.5, 102.5, 116.5, 122.5, 129.8, 142.5, 148.6, 168.6],
            ),
        ];
        for (f, row) in table {
            for (d, published) in ranges_km.iter().zip(row) {
                let l = free_space_path_loss(mhz(f), km(*d)).unwrap();
                assert_01(l.db(), published);
            }
        }
        // Same value whichever uom units the caller used.
        let l = free_space_path_loss(
            Frequency::new::<gigahertz>(0.4142),
            Length::new::<meter>(1000.0),
        )
        .unwrap();
        assert_01(l.db(), 84.8);
    }

    #[test]
    fn fspl_rejects_bad_inputs() {
        assert_eq!(free_space_path_loss(mhz(0.0), km(1.0)), None);
        assert_eq!(free_space_path_loss(mhz(-1.0), km(1.0)), None);
        assert_eq!(free_space_path_loss(mhz(414.2), km(0.0)), None);
        assert_eq!(free_space_path_loss(mhz(414.2), km(-5.0)), None);
        assert_eq!(free_space_path_loss(mhz(f64::NAN), km(1.0)), None);
        assert_eq!(free_space_path_loss(mhz(414.2), km(f64::INFINITY)), None);
    }

    #[test]
    fn noise_density_at_500_k() {
        let n0 = noise_density(ThermodynamicTemperature::new::<kelvin>(500.0)).unwrap();
        assert_01(n0.dbm_per_hz(), -171.6);
        // k = −228.6 dBW/K/Hz at 1 K.
        let k = noise_density(ThermodynamicTemperature::new::<kelvin>(1.0)).unwrap();
        assert_01(k.dbw_per_hz(), -228.6);
        assert_01(k.dbm_per_hz(), -198.6);
        assert_eq!(
            noise_density(ThermodynamicTemperature::new::<kelvin>(0.0)),
            None
        );
        assert_eq!(
            noise_density(ThermodynamicTemperature::new::<kelvin>(f64::NAN)),
            None
        );
    }

    #[test]
    fn worked_example_3_3() {
        // (range km, L_fs, P_r dBm, Eb/N0, margin, closes)
        let rows = [
            (1.0, 84.8, -68.7, 57.9, 45.3, true),
            (10.0, 104.8, -88.7, 37.9, 25.3, true),
            (200.0, 130.8, -114.7, 11.9, -0.7, false),
        ];
        for (d, lfs, pr, ebn0, margin, closes) in rows {
            let b = link_budget(&ssor(d)).unwrap();
            assert_01(b.free_space_path_loss.db(), lfs);
            assert_01(b.received_power.dbm(), pr);
            assert_01(b.noise_density.dbm_per_hz(), -171.6);
            assert_01(b.eb_n0.db(), ebn0);
            assert_01(b.margin.db(), margin);
            assert_eq!(b.closes, closes, "range {d} km");
        }
    }

    #[test]
    fn break_even_range_is_about_184_km() {
        let d = max_range_for_margin(&ssor(1.0), Decibels::ZERO).unwrap();
        assert_abs_diff_eq!(d.get::<kilometer>(), 184.0, epsilon = 0.5);
        // Closed form agrees with the budget: margin at that range is 0 dB.
        let b = link_budget(&LinkBudgetInputs {
            range: d,
            ..ssor(1.0)
        })
        .unwrap();
        assert_abs_diff_eq!(b.margin.db(), 0.0, epsilon = 1e-9);
        // 20 dB more margin costs a factor of ten in range.
        let d20 = max_range_for_margin(&ssor(1.0), Decibels::new(20.0)).unwrap();
        assert_abs_diff_eq!(
            d.get::<kilometer>() / d20.get::<kilometer>(),
            10.0,
            epsilon = 1e-9
        );
        // The inputs' own range does not matter.
        let other = max_range_for_margin(&ssor(-1.0), Decibels::ZERO).unwrap();
        assert_abs_diff_eq!(
            other.get::<kilometer>(),
            d.get::<kilometer>(),
            epsilon = 1e-9
        );
        assert_eq!(
            max_range_for_margin(&ssor(1.0), Decibels::new(f64::NAN)),
            None
        );
        assert_eq!(max_range_for_margin(&ssor(1.0), Decibels::new(1e6)), None);
    }

    #[test]
    fn eirp_input_matches_power_plus_gain() {
        let split = LinkBudgetInputs {
            transmitter: Transmitter::PowerAndGain {
                power: PowerLevel::from_dbm(16.1),
                antenna_gain: DecibelsIsotropic::new(3.0),
            },
            ..ssor(10.0)
        };
        let eirp = LinkBudgetInputs {
            transmitter: Transmitter::Eirp("-10.9 dBW".parse().unwrap()),
            ..ssor(10.0)
        };
        let (a, b) = (link_budget(&split).unwrap(), link_budget(&eirp).unwrap());
        assert_abs_diff_eq!(a.margin.db(), b.margin.db(), epsilon = 1e-9);
        assert_eq!(a.lines.len(), b.lines.len() + 2);
        // Required 12.6 dB with no implementation loss is the same split.
        let lumped = LinkBudgetInputs {
            required_eb_n0: Decibels::new(12.6),
            implementation_loss: Decibels::ZERO,
            ..ssor(10.0)
        };
        let c = link_budget(&lumped).unwrap();
        assert_abs_diff_eq!(a.margin.db(), c.margin.db(), epsilon = 1e-9);
    }

    #[test]
    fn budget_prints_line_by_line() {
        let b = link_budget(&ssor(1.0)).unwrap();
        let names: Vec<&str> = b.lines.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Transmit power",
                "Transmit antenna gain",
                "Transmit EIRP",
                "Free-space path loss",
                "Miscellaneous losses",
                "Receive antenna gain",
                "Received power",
                "Noise spectral density",
                "Carrier to noise density",
                "Data rate",
                "Eb/N0",
                "Required Eb/N0",
                "Implementation loss",
                "Link margin",
            ]
        );
        let last = b.lines.last().unwrap();
        assert_eq!(last.value, BudgetValue::Ratio(b.margin));
        let text = b.to_string();
        assert!(text.contains("84.8 dB"), "{text}");
        assert!(
            text.contains("32.44 + 20·log10(414.2 MHz) + 20·log10(1 km)"),
            "{text}"
        );
        assert!(text.contains("-68.7 dBm"), "{text}");
        assert!(text.contains("-171.6 dBm/Hz"), "{text}");
        assert!(text.contains("45.1 dB-Hz"), "{text}");
        assert!(text.ends_with("Link closes with +45.3 dB margin"), "{text}");
        let far = link_budget(&ssor(200.0)).unwrap().to_string();
        assert!(
            far.ends_with("Link does not close (-0.7 dB margin)"),
            "{far}"
        );
    }

    #[test]
    fn link_budget_rejects_bad_inputs() {
        assert!(link_budget(&ssor(0.0)).is_none());
        assert!(link_budget(&ssor(f64::NAN)).is_none());
        let bad_t = LinkBudgetInputs {
            system_noise_temperature: ThermodynamicTemperature::new::<kelvin>(0.0),
            ..ssor(1.0)
        };
        assert!(link_budget(&bad_t).is_none());
        let bad_rate = LinkBudgetInputs {
            data_rate: InformationRate::new::<bit_per_second>(0.0),
            ..ssor(1.0)
        };
        assert!(link_budget(&bad_rate).is_none());
        let bad_db = LinkBudgetInputs {
            miscellaneous_loss: Decibels::new(f64::INFINITY),
            ..ssor(1.0)
        };
        assert!(link_budget(&bad_db).is_none());
        let bad_tx = LinkBudgetInputs {
            transmitter: Transmitter::Eirp(PowerLevel::from_dbm(f64::NAN)),
            ..ssor(1.0)
        };
        assert!(link_budget(&bad_tx).is_none());
    }

    #[test]
    fn doppler_tolerance_figures() {
        let tol = Frequency::new::<kilohertz>(10.0);
        let v = max_closing_speed_for_tolerance(mhz(437.1), tol).unwrap();
        assert_01(v.get::<kilometer_per_second>(), 6.9);
        let v = max_closing_speed_for_tolerance(mhz(2084.77), tol).unwrap();
        assert_01(v.get::<kilometer_per_second>(), 1.4);
        // Round trip: that speed produces exactly the tolerance.
        let shift = doppler_shift(mhz(2084.77), v);
        assert_abs_diff_eq!(shift.get::<kilohertz>(), 10.0, epsilon = 1e-9);
        // 7 m/s closing at 414.2 MHz ≈ 9.67 Hz; opening gives a negative shift.
        let s = doppler_shift(mhz(414.2), Velocity::new::<meter_per_second>(-7.0));
        assert_abs_diff_eq!(s.get::<hertz>(), -9.671, epsilon = 1e-3);
        assert_eq!(max_closing_speed_for_tolerance(mhz(0.0), tol), None);
        assert_eq!(
            max_closing_speed_for_tolerance(mhz(437.1), Frequency::new::<kilohertz>(-1.0)),
            None
        );
        assert_eq!(
            max_closing_speed_for_tolerance(mhz(437.1), Frequency::new::<hertz>(f64::NAN)),
            None
        );
    }

    proptest! {
        #[test]
        fn margin_strictly_decreases_with_range(
            d_m in 1.0f64..1.0e7,
            factor in 1.001f64..1000.0,
            f_mhz in 30.0f64..40_000.0,
        ) {
            let near = LinkBudgetInputs { range: Length::new::<meter>(d_m), frequency: mhz(f_mhz), ..ssor(1.0) };
            let far = LinkBudgetInputs { range: Length::new::<meter>(d_m * factor), ..near };
            let (a, b) = (link_budget(&near).unwrap(), link_budget(&far).unwrap());
            prop_assert!(b.margin < a.margin, "{} then {}", a.margin, b.margin);
        }

        #[test]
        fn margin_does_not_depend_on_input_units(
            f_mhz in 30.0f64..40_000.0,
            d_km in 0.001f64..10_000.0,
        ) {
            let in_mhz_km = LinkBudgetInputs { frequency: mhz(f_mhz), range: km(d_km), ..ssor(1.0) };
            let in_ghz_m = LinkBudgetInputs {
                frequency: Frequency::new::<gigahertz>(f_mhz / 1000.0),
                range: Length::new::<meter>(d_km * 1000.0),
                ..in_mhz_km
            };
            let (a, b) = (link_budget(&in_mhz_km).unwrap(), link_budget(&in_ghz_m).unwrap());
            prop_assert!((a.margin.db() - b.margin.db()).abs() < 1e-9);
        }

        #[test]
        fn break_even_range_gives_the_requested_margin(m in -40.0f64..60.0) {
            let d = max_range_for_margin(&ssor(1.0), Decibels::new(m)).unwrap();
            let b = link_budget(&LinkBudgetInputs { range: d, ..ssor(1.0) }).unwrap();
            prop_assert!((b.margin.db() - m).abs() < 1e-9);
        }
    }
}
