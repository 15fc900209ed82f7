//! Typed decibel quantities.
//!
//! Decibel arithmetic is only meaningful between the right kinds of quantity,
//! so each kind gets its own wrapper and only the meaningful operators exist:
//!
//! | wrapper             | unit        | stands for                                   |
//! |---------------------|-------------|----------------------------------------------|
//! | [`Decibels`]        | dB          | a dimensionless ratio: loss, gain, margin, Eb/N0 |
//! | [`DecibelsIsotropic`] | dBi       | antenna gain relative to an isotropic radiator |
//! | [`PowerLevel`]      | dBm / dBW   | an absolute power (stored in dBm)            |
//! | [`NoiseDensity`]    | dBm/Hz / dBW/Hz | a noise power spectral density (stored in dBm/Hz) |
//! | [`DecibelHertz`]    | dB-Hz       | a ratio per hertz: C/N0, or a data rate 10·log10(R) |
//!
//! Allowed operations (never level + level):
//!
//! * ratio ± ratio = ratio, −ratio = ratio
//! * level ± ratio = level, level + dBi = level (EIRP), level − level = ratio
//! * density ± ratio = density, density − density = ratio
//! * power level − noise density = dB-Hz (C/N0)
//! * dB-Hz ± ratio = dB-Hz, dB-Hz − dB-Hz = ratio (e.g. C/N0 − 10·log10 Rb = Eb/N0)
//!
//! Every wrapper implements [`FromStr`] (e.g. `"19.1 dBm"`, `"-10.9dBW"`,
//! `"3 dB"`, `"0 dBi"`, `"-171.6 dBm/Hz"`, `"45 dB-Hz"`) and [`Display`]
//! (value then unit; two decimals with trailing zeros trimmed unless a
//! precision is given, e.g. `format!("{:.1}", level)`; `{:+}` forces a sign). Parsing trims
//! surrounding whitespace, allows an optional space between number and unit,
//! matches units case-insensitively and rejects NaN and infinite numbers.
//!
//! The constructors (`new`, `from_dbm`, ...) do not check finiteness; use
//! `is_finite` where a value comes from arithmetic on untrusted inputs.
//! Serialized with serde as a one-field map naming the unit, e.g.
//! `{"dbm": 19.1}`, so serialized reports stay self-describing.

use std::fmt::{self, Display};
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uom::si::f64::Power;
use uom::si::power::milliwatt;

/// Offset between dBm and dBW: 0 dBW = 30 dBm.
const DBM_PER_DBW: f64 = 30.0;

fn ratio_to_db(linear: f64) -> Option<f64> {
    (linear.is_finite() && linear > 0.0).then(|| 10.0 * linear.log10())
}

/// Writes `value` then ` unit`, honouring an explicit precision; otherwise
/// two decimals with trailing zeros trimmed ("19.1", "0", "84.82").
/// The `+` flag forces a sign on non-negative values ("+45.3 dB").
fn write_value(f: &mut fmt::Formatter<'_>, value: f64, unit: &str) -> fmt::Result {
    let mut text = match f.precision() {
        Some(p) => format!("{value:.p$}"),
        None => {
            let mut t = format!("{value:.2}");
            if t.contains('.') {
                while t.ends_with('0') {
                    t.pop();
                }
                if t.ends_with('.') {
                    t.pop();
                }
            }
            t
        }
    };
    // Avoid printing "-0" / "-0.0" for values that round to zero.
    if let Some(rest) = text.strip_prefix('-')
        && rest.chars().all(|c| c == '0' || c == '.')
    {
        text = rest.to_owned();
    }
    if f.sign_plus() && !text.starts_with('-') {
        text.insert(0, '+');
    }
    write!(f, "{text} {unit}")
}

/// What went wrong when parsing a decibel quantity from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseDecibelErrorKind {
    /// The text was empty or only whitespace.
    Empty,
    /// A number was given without a unit.
    MissingUnit,
    /// The text before the unit is not a number.
    InvalidNumber(String),
    /// The number was NaN or infinite.
    NotFinite(String),
    /// The unit (as written) was not one of the accepted units.
    WrongUnit(String),
}

/// Error returned by the `FromStr` impls of the decibel wrappers.
///
/// Its `Display` names the input, the quantity and the accepted units, e.g.
/// `invalid power level "19.1 dB": unit "dB" is not accepted; expected a number followed by dBm or dBW (e.g. "19.1 dBm")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDecibelError {
    /// The text that failed to parse (untrimmed).
    pub input: String,
    /// Which quantity was being parsed, e.g. "power level".
    pub quantity: &'static str,
    /// Human-readable list of accepted units and an example.
    pub expected: &'static str,
    /// The specific failure.
    pub kind: ParseDecibelErrorKind,
}

impl Display for ParseDecibelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} {:?}: ", self.quantity, self.input)?;
        match &self.kind {
            ParseDecibelErrorKind::Empty => write!(f, "empty text")?,
            ParseDecibelErrorKind::MissingUnit => write!(f, "missing unit")?,
            ParseDecibelErrorKind::InvalidNumber(n) => write!(f, "{n:?} is not a number")?,
            ParseDecibelErrorKind::NotFinite(n) => write!(f, "{n:?} is not a finite number")?,
            ParseDecibelErrorKind::WrongUnit(u) => write!(f, "unit {u:?} is not accepted")?,
        }
        write!(f, "; expected {}", self.expected)
    }
}

impl std::error::Error for ParseDecibelError {}

/// Splits `"<number> <unit>"` and returns the finite number, the unit as
/// written (trimmed) and the unit normalised (lower-case, whitespace removed).
fn split_value_unit<'a>(
    input: &'a str,
    quantity: &'static str,
    expected: &'static str,
) -> Result<(f64, &'a str, String), ParseDecibelError> {
    let err = |kind| ParseDecibelError {
        input: input.to_owned(),
        quantity,
        expected,
        kind,
    };
    let s = input.trim();
    if s.is_empty() {
        return Err(err(ParseDecibelErrorKind::Empty));
    }
    // Every accepted unit starts with "dB"; f64 syntax (incl. "NaN", "inf",
    // "1e3") never contains a 'd', so the unit starts at the first 'd'.
    let (number, unit) = match s.find(['d', 'D']) {
        Some(i) => (s[..i].trim(), s[i..].trim()),
        None => {
            // No unit: report a bad number first if the whole thing is not a number.
            return Err(match s.parse::<f64>() {
                Ok(_) => err(ParseDecibelErrorKind::MissingUnit),
                Err(_) => err(ParseDecibelErrorKind::InvalidNumber(s.to_owned())),
            });
        }
    };
    let value: f64 = number
        .parse()
        .map_err(|_| err(ParseDecibelErrorKind::InvalidNumber(number.to_owned())))?;
    if !value.is_finite() {
        return Err(err(ParseDecibelErrorKind::NotFinite(number.to_owned())));
    }
    let normalised: String = unit
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    Ok((value, unit, normalised))
}

fn wrong_unit(
    input: &str,
    unit: &str,
    quantity: &'static str,
    expected: &'static str,
) -> ParseDecibelError {
    ParseDecibelError {
        input: input.to_owned(),
        quantity,
        expected,
        kind: ParseDecibelErrorKind::WrongUnit(unit.to_owned()),
    }
}

// ---------------------------------------------------------------------------
// Decibels (ratio)
// ---------------------------------------------------------------------------

/// A dimensionless ratio in decibels: a loss, a gain, a margin, Eb/N0.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
pub struct Decibels {
    db: f64,
}

impl Decibels {
    /// 0 dB (a ratio of one).
    pub const ZERO: Self = Self { db: 0.0 };

    /// A ratio of `db` decibels.
    pub const fn new(db: f64) -> Self {
        Self { db }
    }

    /// The value in dB.
    pub const fn db(self) -> f64 {
        self.db
    }

    /// `10·log10(ratio)` for a power ratio; `None` unless `ratio` is finite and > 0.
    pub fn from_power_ratio(ratio: f64) -> Option<Self> {
        ratio_to_db(ratio).map(Self::new)
    }

    /// The linear power ratio `10^(dB/10)`.
    pub fn power_ratio(self) -> f64 {
        10f64.powf(self.db / 10.0)
    }

    /// True unless the value is NaN or infinite.
    pub fn is_finite(self) -> bool {
        self.db.is_finite()
    }
}

impl Add for Decibels {
    type Output = Self;
    fn add(self, rhs: Self) -> Self {
        Self::new(self.db + rhs.db)
    }
}

impl Sub for Decibels {
    type Output = Self;
    fn sub(self, rhs: Self) -> Self {
        Self::new(self.db - rhs.db)
    }
}

impl Neg for Decibels {
    type Output = Self;
    fn neg(self) -> Self {
        Self::new(-self.db)
    }
}

impl AddAssign for Decibels {
    fn add_assign(&mut self, rhs: Self) {
        self.db += rhs.db;
    }
}

impl SubAssign for Decibels {
    fn sub_assign(&mut self, rhs: Self) {
        self.db -= rhs.db;
    }
}

impl std::iter::Sum for Decibels {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::ZERO, Add::add)
    }
}

impl Display for Decibels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_value(f, self.db, "dB")
    }
}

impl FromStr for Decibels {
    type Err = ParseDecibelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const Q: &str = "decibel ratio";
        const E: &str = "a number followed by dB (e.g. \"3 dB\")";
        let (v, raw, unit) = split_value_unit(s, Q, E)?;
        match unit.as_str() {
            "db" => Ok(Self::new(v)),
            _ => Err(wrong_unit(s, raw, Q, E)),
        }
    }
}

// ---------------------------------------------------------------------------
// DecibelsIsotropic (antenna gain)
// ---------------------------------------------------------------------------

/// Antenna gain relative to an isotropic radiator, in dBi.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
pub struct DecibelsIsotropic {
    dbi: f64,
}

impl DecibelsIsotropic {
    /// An isotropic (0 dBi) antenna.
    pub const ISOTROPIC: Self = Self { dbi: 0.0 };

    /// A gain of `dbi` dBi.
    pub const fn new(dbi: f64) -> Self {
        Self { dbi }
    }

    /// The value in dBi.
    pub const fn dbi(self) -> f64 {
        self.dbi
    }

    /// The gain as a plain ratio (relative to isotropic).
    pub const fn as_ratio(self) -> Decibels {
        Decibels::new(self.dbi)
    }

    /// True unless the value is NaN or infinite.
    pub fn is_finite(self) -> bool {
        self.dbi.is_finite()
    }
}

impl Add<Decibels> for DecibelsIsotropic {
    type Output = Self;
    fn add(self, rhs: Decibels) -> Self {
        Self::new(self.dbi + rhs.db())
    }
}

impl Sub<Decibels> for DecibelsIsotropic {
    type Output = Self;
    fn sub(self, rhs: Decibels) -> Self {
        Self::new(self.dbi - rhs.db())
    }
}

impl Sub for DecibelsIsotropic {
    type Output = Decibels;
    fn sub(self, rhs: Self) -> Decibels {
        Decibels::new(self.dbi - rhs.dbi)
    }
}

impl From<DecibelsIsotropic> for Decibels {
    fn from(g: DecibelsIsotropic) -> Self {
        g.as_ratio()
    }
}

impl Display for DecibelsIsotropic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_value(f, self.dbi, "dBi")
    }
}

impl FromStr for DecibelsIsotropic {
    type Err = ParseDecibelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const Q: &str = "antenna gain";
        const E: &str = "a number followed by dBi (e.g. \"0 dBi\")";
        let (v, raw, unit) = split_value_unit(s, Q, E)?;
        match unit.as_str() {
            "dbi" => Ok(Self::new(v)),
            _ => Err(wrong_unit(s, raw, Q, E)),
        }
    }
}

// ---------------------------------------------------------------------------
// PowerLevel (dBm / dBW)
// ---------------------------------------------------------------------------

/// An absolute power level. Stored internally in **dBm**; read or build it
/// in either dBm or dBW. `Display` prints dBm; use [`PowerLevel::display_dbw`]
/// (or the alternate flag, `{:#}`) to print dBW.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
pub struct PowerLevel {
    dbm: f64,
}

impl PowerLevel {
    /// A level of `dbm` dBm.
    pub const fn from_dbm(dbm: f64) -> Self {
        Self { dbm }
    }

    /// A level of `dbw` dBW.
    pub fn from_dbw(dbw: f64) -> Self {
        Self::from_dbm(dbw + DBM_PER_DBW)
    }

    /// The level in dBm.
    pub const fn dbm(self) -> f64 {
        self.dbm
    }

    /// The level in dBW.
    pub fn dbw(self) -> f64 {
        self.dbm - DBM_PER_DBW
    }

    /// From a `uom` power; `None` unless finite and > 0 W.
    pub fn from_power(power: Power) -> Option<Self> {
        ratio_to_db(power.get::<milliwatt>()).map(Self::from_dbm)
    }

    /// The level as a `uom` power.
    pub fn to_power(self) -> Power {
        Power::new::<milliwatt>(10f64.powf(self.dbm / 10.0))
    }

    /// A displayable view printing this level in dBW (e.g. "-10.9 dBW").
    pub fn display_dbw(self) -> impl Display {
        DisplayDbw(self)
    }

    /// True unless the value is NaN or infinite.
    pub fn is_finite(self) -> bool {
        self.dbm.is_finite()
    }
}

struct DisplayDbw(PowerLevel);

impl Display for DisplayDbw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_value(f, self.0.dbw(), "dBW")
    }
}

impl Add<Decibels> for PowerLevel {
    type Output = Self;
    fn add(self, rhs: Decibels) -> Self {
        Self::from_dbm(self.dbm + rhs.db())
    }
}

impl Sub<Decibels> for PowerLevel {
    type Output = Self;
    fn sub(self, rhs: Decibels) -> Self {
        Self::from_dbm(self.dbm - rhs.db())
    }
}

impl Add<DecibelsIsotropic> for PowerLevel {
    type Output = Self;
    fn add(self, rhs: DecibelsIsotropic) -> Self {
        Self::from_dbm(self.dbm + rhs.dbi())
    }
}

impl Sub for PowerLevel {
    type Output = Decibels;
    fn sub(self, rhs: Self) -> Decibels {
        Decibels::new(self.dbm - rhs.dbm)
    }
}

impl Sub<NoiseDensity> for PowerLevel {
    type Output = DecibelHertz;
    /// Carrier-to-noise-density ratio C/N0.
    fn sub(self, rhs: NoiseDensity) -> DecibelHertz {
        DecibelHertz::new(self.dbm - rhs.dbm_per_hz())
    }
}

impl Display for PowerLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            write_value(f, self.dbw(), "dBW")
        } else {
            write_value(f, self.dbm, "dBm")
        }
    }
}

impl FromStr for PowerLevel {
    type Err = ParseDecibelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const Q: &str = "power level";
        const E: &str = "a number followed by dBm or dBW (e.g. \"19.1 dBm\", \"-10.9 dBW\")";
        let (v, raw, unit) = split_value_unit(s, Q, E)?;
        match unit.as_str() {
            "dbm" => Ok(Self::from_dbm(v)),
            "dbw" => Ok(Self::from_dbw(v)),
            _ => Err(wrong_unit(s, raw, Q, E)),
        }
    }
}

// ---------------------------------------------------------------------------
// NoiseDensity (dBm/Hz / dBW/Hz)
// ---------------------------------------------------------------------------

/// A noise power spectral density N0. Stored internally in **dBm/Hz**;
/// `Display` prints dBm/Hz (alternate flag `{:#}` prints dBW/Hz).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
pub struct NoiseDensity {
    dbm_per_hz: f64,
}

impl NoiseDensity {
    /// A density of `dbm_per_hz` dBm/Hz.
    pub const fn from_dbm_per_hz(dbm_per_hz: f64) -> Self {
        Self { dbm_per_hz }
    }

    /// A density of `dbw_per_hz` dBW/Hz.
    pub fn from_dbw_per_hz(dbw_per_hz: f64) -> Self {
        Self::from_dbm_per_hz(dbw_per_hz + DBM_PER_DBW)
    }

    /// The density in dBm/Hz.
    pub const fn dbm_per_hz(self) -> f64 {
        self.dbm_per_hz
    }

    /// The density in dBW/Hz.
    pub fn dbw_per_hz(self) -> f64 {
        self.dbm_per_hz - DBM_PER_DBW
    }

    /// True unless the value is NaN or infinite.
    pub fn is_finite(self) -> bool {
        self.dbm_per_hz.is_finite()
    }
}

impl Add<Decibels> for NoiseDensity {
    type Output = Self;
    fn add(self, rhs: Decibels) -> Self {
        Self::from_dbm_per_hz(self.dbm_per_hz + rhs.db())
    }
}

impl Sub<Decibels> for NoiseDensity {
    type Output = Self;
    fn sub(self, rhs: Decibels) -> Self {
        Self::from_dbm_per_hz(self.dbm_per_hz - rhs.db())
    }
}

impl Sub for NoiseDensity {
    type Output = Decibels;
    fn sub(self, rhs: Self) -> Decibels {
        Decibels::new(self.dbm_per_hz - rhs.dbm_per_hz)
    }
}

impl Display for NoiseDensity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            write_value(f, self.dbw_per_hz(), "dBW/Hz")
        } else {
            write_value(f, self.dbm_per_hz, "dBm/Hz")
        }
    }
}

impl FromStr for NoiseDensity {
    type Err = ParseDecibelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const Q: &str = "noise density";
        const E: &str =
            "a number followed by dBm/Hz or dBW/Hz (e.g. \"-171.6 dBm/Hz\", \"-201.6 dBW/Hz\")";
        let (v, raw, unit) = split_value_unit(s, Q, E)?;
        match unit.as_str() {
            "dbm/hz" => Ok(Self::from_dbm_per_hz(v)),
            "dbw/hz" => Ok(Self::from_dbw_per_hz(v)),
            _ => Err(wrong_unit(s, raw, Q, E)),
        }
    }
}

// ---------------------------------------------------------------------------
// DecibelHertz (dB-Hz)
// ---------------------------------------------------------------------------

/// A quantity in dB-Hz: a carrier-to-noise-density ratio C/N0, or a rate
/// (bandwidth, bit rate) expressed as `10·log10(R / 1 Hz)`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
pub struct DecibelHertz {
    db_hz: f64,
}

impl DecibelHertz {
    /// A value of `db_hz` dB-Hz.
    pub const fn new(db_hz: f64) -> Self {
        Self { db_hz }
    }

    /// The value in dB-Hz.
    pub const fn db_hz(self) -> f64 {
        self.db_hz
    }

    /// `10·log10(rate_hz)`; `None` unless finite and > 0.
    pub fn from_hz(rate_hz: f64) -> Option<Self> {
        ratio_to_db(rate_hz).map(Self::new)
    }

    /// True unless the value is NaN or infinite.
    pub fn is_finite(self) -> bool {
        self.db_hz.is_finite()
    }
}

impl Add<Decibels> for DecibelHertz {
    type Output = Self;
    fn add(self, rhs: Decibels) -> Self {
        Self::new(self.db_hz + rhs.db())
    }
}

impl Sub<Decibels> for DecibelHertz {
    type Output = Self;
    fn sub(self, rhs: Decibels) -> Self {
        Self::new(self.db_hz - rhs.db())
    }
}

impl Sub for DecibelHertz {
    type Output = Decibels;
    fn sub(self, rhs: Self) -> Decibels {
        Decibels::new(self.db_hz - rhs.db_hz)
    }
}

impl Display for DecibelHertz {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_value(f, self.db_hz, "dB-Hz")
    }
}

impl FromStr for DecibelHertz {
    type Err = ParseDecibelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const Q: &str = "dB-Hz value";
        const E: &str = "a number followed by dB-Hz (e.g. \"45.1 dB-Hz\")";
        let (v, raw, unit) = split_value_unit(s, Q, E)?;
        match unit.as_str() {
            "db-hz" | "dbhz" | "db·hz" => Ok(Self::new(v)),
            _ => Err(wrong_unit(s, raw, Q, E)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use proptest::prelude::*;
    use uom::si::power::watt;

    #[test]
    fn parses_the_brief_examples() {
        assert_eq!(
            "19.1 dBm".parse::<PowerLevel>(),
            Ok(PowerLevel::from_dbm(19.1))
        );
        let p: PowerLevel = "-10.9 dBW".parse().unwrap();
        assert_abs_diff_eq!(p.dbm(), 19.1, epsilon = 1e-12);
        assert_eq!("3 dB".parse::<Decibels>(), Ok(Decibels::new(3.0)));
        assert_eq!(
            "0 dBi".parse::<DecibelsIsotropic>(),
            Ok(DecibelsIsotropic::new(0.0))
        );
        assert_eq!(
            "-171.6 dBm/Hz".parse::<NoiseDensity>(),
            Ok(NoiseDensity::from_dbm_per_hz(-171.6))
        );
        assert_eq!(
            "45 dB-Hz".parse::<DecibelHertz>(),
            Ok(DecibelHertz::new(45.0))
        );
    }

    #[test]
    fn parsing_tolerates_spacing_and_case_variants() {
        for s in [
            "19.1dBm",
            "  19.1 dBm  ",
            "19.1 dbm",
            "19.1 DBM",
            "+19.1\tdBm",
        ] {
            assert_eq!(
                s.parse::<PowerLevel>(),
                Ok(PowerLevel::from_dbm(19.1)),
                "{s}"
            );
        }
        for s in ["-171.6dBm/Hz", "-171.6 dBm / Hz", "-171.6 dbm/hz"] {
            assert_eq!(
                s.parse::<NoiseDensity>(),
                Ok(NoiseDensity::from_dbm_per_hz(-171.6)),
                "{s}"
            );
        }
        let n: NoiseDensity = "-201.6 dBW/Hz".parse().unwrap();
        assert_abs_diff_eq!(n.dbm_per_hz(), -171.6, epsilon = 1e-9);
        assert_eq!("1e1 dB".parse::<Decibels>(), Ok(Decibels::new(10.0)));
        assert_eq!("-3dB".parse::<Decibels>(), Ok(Decibels::new(-3.0)));
        assert_eq!(
            "45dBHz".parse::<DecibelHertz>(),
            Ok(DecibelHertz::new(45.0))
        );
    }

    #[test]
    fn parse_errors_are_typed_and_explain_what_was_expected() {
        let e = "19.1 dB".parse::<PowerLevel>().unwrap_err();
        assert_eq!(e.kind, ParseDecibelErrorKind::WrongUnit("dB".into()));
        let msg = e.to_string();
        assert!(msg.contains("power level"), "{msg}");
        assert!(msg.contains("dBm or dBW"), "{msg}");
        assert!(msg.contains("19.1 dB"), "{msg}");

        let e = "3 dBm".parse::<Decibels>().unwrap_err();
        assert_eq!(e.kind, ParseDecibelErrorKind::WrongUnit("dBm".into()));
        assert!(e.to_string().contains("followed by dB"));

        let e = "0 dB".parse::<DecibelsIsotropic>().unwrap_err();
        assert!(matches!(e.kind, ParseDecibelErrorKind::WrongUnit(_)));
        let e = "-171.6 dBm".parse::<NoiseDensity>().unwrap_err();
        assert!(matches!(e.kind, ParseDecibelErrorKind::WrongUnit(_)));
        assert!(e.to_string().contains("dBm/Hz or dBW/Hz"));

        assert_eq!(
            "NaN dB".parse::<Decibels>().unwrap_err().kind,
            ParseDecibelErrorKind::NotFinite("NaN".into())
        );
        assert!(matches!(
            "inf dBm".parse::<PowerLevel>().unwrap_err().kind,
            ParseDecibelErrorKind::NotFinite(_)
        ));
        assert!(matches!(
            "-infinitydBW".parse::<PowerLevel>().unwrap_err().kind,
            ParseDecibelErrorKind::NotFinite(_)
        ));
        assert!(matches!(
            "1e999 dB".parse::<Decibels>().unwrap_err().kind,
            ParseDecibelErrorKind::NotFinite(_)
        ));
        assert_eq!(
            "   ".parse::<Decibels>().unwrap_err().kind,
            ParseDecibelErrorKind::Empty
        );
        assert_eq!(
            "3".parse::<Decibels>().unwrap_err().kind,
            ParseDecibelErrorKind::MissingUnit
        );
        assert_eq!(
            "dB".parse::<Decibels>().unwrap_err().kind,
            ParseDecibelErrorKind::InvalidNumber(String::new())
        );
        assert_eq!(
            "three dB".parse::<Decibels>().unwrap_err().kind,
            ParseDecibelErrorKind::InvalidNumber("three".into())
        );
        assert_eq!(
            "abc".parse::<Decibels>().unwrap_err().kind,
            ParseDecibelErrorKind::InvalidNumber("abc".into())
        );
    }

    #[test]
    fn display_prints_value_and_unit() {
        assert_eq!(PowerLevel::from_dbm(19.1).to_string(), "19.1 dBm");
        assert_eq!(format!("{:#}", PowerLevel::from_dbm(19.1)), "-10.9 dBW");
        assert_eq!(
            PowerLevel::from_dbm(19.1).display_dbw().to_string(),
            "-10.9 dBW"
        );
        assert_eq!(Decibels::new(3.0).to_string(), "3 dB");
        assert_eq!(Decibels::new(84.8235).to_string(), "84.82 dB");
        assert_eq!(format!("{:.1}", Decibels::new(84.8235)), "84.8 dB");
        assert_eq!(format!("{:+.1}", Decibels::new(45.3)), "+45.3 dB");
        assert_eq!(Decibels::new(-0.001).to_string(), "0 dB");
        assert_eq!(DecibelsIsotropic::new(0.0).to_string(), "0 dBi");
        assert_eq!(
            NoiseDensity::from_dbm_per_hz(-171.6).to_string(),
            "-171.6 dBm/Hz"
        );
        assert_eq!(
            format!("{:#}", NoiseDensity::from_dbm_per_hz(-171.6)),
            "-201.6 dBW/Hz"
        );
        assert_eq!(DecibelHertz::new(45.05).to_string(), "45.05 dB-Hz");
    }

    #[test]
    fn typed_arithmetic() {
        let pt = PowerLevel::from_dbm(19.1);
        let eirp = pt + DecibelsIsotropic::new(2.0);
        assert_abs_diff_eq!(eirp.dbm(), 21.1, epsilon = 1e-12);
        let pr = eirp - Decibels::new(84.8) - Decibels::new(3.0);
        assert_abs_diff_eq!((pt - pr).db(), 85.8, epsilon = 1e-12);
        let c_n0 = pr - NoiseDensity::from_dbm_per_hz(-171.6);
        assert_abs_diff_eq!(c_n0.db_hz(), 104.9, epsilon = 1e-9);
        let total: Decibels = [Decibels::new(1.0), Decibels::new(2.5)].into_iter().sum();
        assert_eq!(total, Decibels::new(3.5));
        assert_eq!(-Decibels::new(3.0), Decibels::new(-3.0));
    }

    #[test]
    fn uom_power_conversions() {
        let one_watt = PowerLevel::from_power(Power::new::<watt>(1.0)).unwrap();
        assert_abs_diff_eq!(one_watt.dbw(), 0.0, epsilon = 1e-12);
        assert_abs_diff_eq!(one_watt.dbm(), 30.0, epsilon = 1e-12);
        // SSOR low power: 19.1 dBm is about 81 mW.
        let p = PowerLevel::from_dbm(19.1).to_power().get::<milliwatt>();
        assert_abs_diff_eq!(p, 81.28, epsilon = 0.01);
        assert_eq!(PowerLevel::from_power(Power::new::<watt>(0.0)), None);
        assert_eq!(PowerLevel::from_power(Power::new::<watt>(-1.0)), None);
        assert_eq!(PowerLevel::from_power(Power::new::<watt>(f64::NAN)), None);
        assert_abs_diff_eq!(Decibels::new(3.0).power_ratio(), 1.995, epsilon = 1e-3);
        assert_eq!(Decibels::from_power_ratio(0.0), None);
    }

    #[test]
    fn serde_names_the_unit() {
        use serde::de::value::{Error, MapDeserializer};
        fn from_map<T: for<'de> Deserialize<'de>>(key: &'static str, v: f64) -> Result<T, Error> {
            T::deserialize(MapDeserializer::<_, Error>::new([(key, v)].into_iter()))
        }
        assert_eq!(from_map("dbm", 19.1), Ok(PowerLevel::from_dbm(19.1)));
        assert_eq!(from_map("db", 3.0), Ok(Decibels::new(3.0)));
        assert_eq!(from_map("dbi", 0.0), Ok(DecibelsIsotropic::new(0.0)));
        assert_eq!(
            from_map("dbm_per_hz", -171.6),
            Ok(NoiseDensity::from_dbm_per_hz(-171.6))
        );
        assert_eq!(from_map("db_hz", 45.0), Ok(DecibelHertz::new(45.0)));
        assert!(from_map::<PowerLevel>("dbw", 1.0).is_err());
    }

    proptest! {
        #[test]
        fn display_then_parse_round_trips(v in -300.0f64..300.0) {
            let p: PowerLevel = PowerLevel::from_dbm(v).to_string().parse().unwrap();
            prop_assert!((p.dbm() - v).abs() <= 0.005 + 1e-9);
            let p: PowerLevel = PowerLevel::from_dbm(v).display_dbw().to_string().parse().unwrap();
            prop_assert!((p.dbm() - v).abs() <= 0.005 + 1e-9);
            let d: Decibels = format!("{:.6}", Decibels::new(v)).parse().unwrap();
            prop_assert!((d.db() - v).abs() <= 1e-6);
            let n: NoiseDensity = NoiseDensity::from_dbm_per_hz(v).to_string().parse().unwrap();
            prop_assert!((n.dbm_per_hz() - v).abs() <= 0.005 + 1e-9);
            let g: DecibelsIsotropic = DecibelsIsotropic::new(v).to_string().parse().unwrap();
            prop_assert!((g.dbi() - v).abs() <= 0.005 + 1e-9);
        }

        #[test]
        fn dbm_dbw_and_uom_power_agree(v in -200.0f64..100.0) {
            let p = PowerLevel::from_dbm(v);
            prop_assert!((PowerLevel::from_dbw(p.dbw()).dbm() - v).abs() < 1e-9);
            let back = PowerLevel::from_power(p.to_power());
            prop_assert!(back.is_some_and(|b| (b.dbm() - v).abs() < 1e-9));
        }

        #[test]
        fn parser_never_panics(s in ".{0,20}") {
            let _ = s.parse::<PowerLevel>();
            let _ = s.parse::<Decibels>();
            let _ = s.parse::<NoiseDensity>();
            let _ = s.parse::<DecibelsIsotropic>();
            let _ = s.parse::<DecibelHertz>();
        }
    }
}
