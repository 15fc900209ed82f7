//! Where an orbit is at a date: epochs (UTC instants) and epoch'd element
//! sets read from two-line element sets (TLEs) with the `sgp4` crate.
//!
//! A station's ascending node drifts about 5° a day (J2), so an orbit plane
//! belongs to a date. A spec or a scenario gives it as an element set
//! (`orbit.tle = """1 ... \n2 ..."""`) or as `orbit.raan` with `orbit.epoch`;
//! [`ElementSet::node_at`] carries the node to the date a launch window is
//! sought for.
//!
//! The `sgp4` crate reads the TLE's fixed columns; this module first checks
//! what the crate assumes (ASCII, two 69-character lines, digit checksums) so
//! that no input can make it panic, and turns its errors into messages that
//! name the TLE line, the columns and the field.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use schemars::{Schema, SchemaGenerator, json_schema};
use uom::si::angle::{degree, radian};
use uom::si::angular_velocity::radian_per_second;
use uom::si::f64::{Angle, AngularVelocity, Length, Ratio, Time};
use uom::si::ratio::ratio;
use uom::si::time::second;

use super::field::{Expected, FieldValue, ReadError, describe};
use crate::physics::orbit;

/// A UTC instant: an element set's epoch, a scenario's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Epoch(pub NaiveDateTime);

impl Epoch {
    /// The instant at a calendar date and time, UTC.
    pub fn utc(year: i32, month: u32, day: u32, hour: u32, minute: u32, sec: u32) -> Option<Self> {
        let date = NaiveDate::from_ymd_opt(year, month, day)?;
        let time = NaiveTime::from_hms_opt(hour, minute, sec)?;
        Some(Epoch(date.and_time(time)))
    }

    /// Reads a TOML date-time that names its offset (`2022-05-04T02:24:39Z`,
    /// `2025-11-25T12:11:42+08:00`). A local time or a bare date is refused:
    /// a node drifts 5° a day and the Earth turns 15° an hour, so the instant
    /// must be exact.
    pub fn from_toml(value: &toml::value::Datetime) -> Result<Self, ReadError> {
        let (Some(date), Some(time)) = (value.date, value.time) else {
            return Err(
                ReadError::new(format!("the date {value}, with no time of day"))
                    .with_help("give the instant in UTC, e.g. 2022-05-04T02:24:39Z"),
            );
        };
        let Some(offset) = value.offset else {
            return Err(
                ReadError::new(format!("the local time {value}, with no offset")).with_help(
                    "end it with Z for UTC (2022-05-04T02:24:39Z) or give the offset (+08:00)",
                ),
            );
        };
        let minutes = match offset {
            toml::value::Offset::Z => 0,
            toml::value::Offset::Custom { minutes } => i64::from(minutes),
        };
        let naive = NaiveDate::from_ymd_opt(
            i32::from(date.year),
            u32::from(date.month),
            u32::from(date.day),
        )
        .and_then(|d| {
            d.and_hms_nano_opt(
                u32::from(time.hour),
                u32::from(time.minute),
                u32::from(time.second.unwrap_or(0)),
                time.nanosecond.unwrap_or(0),
            )
        })
        .ok_or_else(|| ReadError::new(format!("the date {value}, which does not exist")))?;
        naive
            .checked_sub_signed(chrono::TimeDelta::minutes(minutes))
            .map(Epoch)
            .ok_or_else(|| ReadError::new(format!("the date {value}, out of range")))
    }

    /// The time from `earlier` to this instant (negative when it is later).
    pub fn since(&self, earlier: Epoch) -> Time {
        let delta = self.0.signed_duration_since(earlier.0);
        let seconds = delta.num_seconds() as f64 + f64::from(delta.subsec_nanos()) * 1e-9;
        Time::new::<second>(seconds)
    }

    /// The instant `after` later (earlier when negative); `None` when out of
    /// the calendar's range or not finite.
    pub fn plus(&self, after: Time) -> Option<Epoch> {
        let seconds = after.get::<second>();
        if !seconds.is_finite() || seconds.abs() > 1e11 {
            return None;
        }
        let delta = chrono::TimeDelta::milliseconds((seconds * 1e3).round() as i64);
        self.0.checked_add_signed(delta).map(Epoch)
    }

    /// Greenwich mean sidereal angle at this instant (the IAU 1982
    /// expression, from the `sgp4` crate; UTC taken for UT1, within a
    /// second).
    pub fn sidereal_angle(&self) -> Angle {
        let years = sgp4::julian_years_since_j2000(&self.0);
        Angle::new::<radian>(sgp4::iau_epoch_to_sidereal_time(years))
    }
}

impl fmt::Display for Epoch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%dT%H:%M:%SZ"))
    }
}

impl FieldValue for Epoch {
    fn expected() -> Expected {
        Expected::new("a UTC date and time", "2022-05-04T02:24:39Z")
    }
    fn read(value: &toml::Value) -> Result<Self, ReadError> {
        match value {
            toml::Value::Datetime(d) => Epoch::from_toml(d),
            toml::Value::String(s) => match s.trim().parse::<toml::value::Datetime>() {
                Ok(d) => Epoch::from_toml(&d),
                Err(_) => Err(ReadError::new(describe(value))),
            },
            other => Err(ReadError::new(describe(other))),
        }
    }
    fn value_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date-time" })
    }
    fn to_json(&self) -> serde_json::Value {
        self.to_string().into()
    }
}

/// An orbit's mean elements at an epoch, from a two-line element set.
#[derive(Debug, Clone)]
pub struct ElementSet {
    /// The title line of a three-line set, if any ("CSS (TIANHE-1)").
    pub name: Option<String>,
    pub norad_id: u64,
    pub epoch: Epoch,
    pub inclination: Angle,
    /// Right ascension of the ascending node at the epoch.
    pub raan: Angle,
    pub eccentricity: Ratio,
    pub argument_of_perigee: Angle,
    pub mean_anomaly: Angle,
    /// Mean motion (a TLE gives revolutions per day).
    pub mean_motion: AngularVelocity,
    /// The text as written, for reports and diffs.
    pub text: String,
    elements: sgp4::Elements,
}

impl PartialEq for ElementSet {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

/// Why a TLE could not be read: which of its lines, which columns (1-based,
/// as the format is documented) and which field.
#[derive(Debug, Clone, PartialEq)]
pub struct TleError {
    /// 1 or 2; `None` for the set as a whole.
    pub line: Option<u8>,
    pub columns: Option<(usize, usize)>,
    pub field: &'static str,
    pub problem: String,
}

impl fmt::Display for TleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.columns) {
            (Some(line), Some((from, to))) if from == to => {
                write!(
                    f,
                    "TLE line {line}, column {from} ({}): {}",
                    self.field, self.problem
                )
            }
            (Some(line), Some((from, to))) => {
                write!(
                    f,
                    "TLE line {line}, columns {from}-{to} ({}): {}",
                    self.field, self.problem
                )
            }
            (Some(line), None) => write!(f, "TLE line {line}: {}", self.problem),
            (None, _) => write!(f, "TLE: {}", self.problem),
        }
    }
}

/// The columns of a TLE line (0-based start, end exclusive) and what they
/// hold, as CelesTrak and Space-Track document the format.
const LINE_1_FIELDS: &[(usize, usize, &str)] = &[
    (0, 1, "line number"),
    (2, 7, "catalogue number"),
    (7, 8, "classification"),
    (9, 17, "international designator"),
    (18, 20, "epoch year"),
    (20, 32, "epoch day"),
    (33, 43, "first derivative of the mean motion"),
    (44, 52, "second derivative of the mean motion"),
    (53, 61, "drag term"),
    (62, 63, "ephemeris type"),
    (64, 68, "element set number"),
    (68, 69, "checksum"),
];

const LINE_2_FIELDS: &[(usize, usize, &str)] = &[
    (0, 1, "line number"),
    (2, 7, "catalogue number"),
    (8, 16, "inclination"),
    (17, 25, "right ascension of the ascending node"),
    (26, 33, "eccentricity"),
    (34, 42, "argument of perigee"),
    (43, 51, "mean anomaly"),
    (52, 63, "mean motion"),
    (63, 68, "revolution number"),
    (68, 69, "checksum"),
];

fn field_at(line: u8, start: usize) -> &'static str {
    let table = if line == 1 {
        LINE_1_FIELDS
    } else {
        LINE_2_FIELDS
    };
    table
        .iter()
        .find(|(from, to, _)| (*from..*to).contains(&start))
        .map_or("a separator", |(_, _, name)| name)
}

fn tle_error(line: u8, start: usize, end: usize, problem: impl Into<String>) -> TleError {
    TleError {
        line: Some(line),
        columns: Some((start + 1, end.max(start + 1))),
        field: field_at(line, start),
        problem: problem.into(),
    }
}

/// The TLE checksum of a line: the sum of its digits, minus signs counting 1,
/// modulo 10.
fn checksum(line: &[u8]) -> u32 {
    line.iter()
        .take(68)
        .map(|c| match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'-' => 1,
            _ => 0,
        })
        .sum::<u32>()
        % 10
}

/// The longest TLE text read (a title line and two lines, with room for
/// blank lines and indentation).
const MAX_TLE_CHARS: usize = 1_024;

impl ElementSet {
    /// Reads a two-line element set, with or without a title line before it.
    /// Blank lines and surrounding spaces are ignored.
    pub fn from_tle(text: &str) -> Result<Self, TleError> {
        let whole = |problem: String| TleError {
            line: None,
            columns: None,
            field: "element set",
            problem,
        };
        if text.len() > MAX_TLE_CHARS {
            return Err(whole(format!(
                "{} characters; a TLE is two 69-character lines (at most {MAX_TLE_CHARS} accepted)",
                text.len()
            )));
        }
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let (name, line1, line2) = match lines.as_slice() {
            [l1, l2] => (None, *l1, *l2),
            [title, l1, l2] => (
                Some(title.strip_prefix("0 ").unwrap_or(title).trim().to_string()),
                *l1,
                *l2,
            ),
            other => {
                return Err(whole(format!(
                    "{} non-blank line(s); a TLE is two lines starting '1 ' and '2 ', optionally after a title line",
                    other.len()
                )));
            }
        };
        for (number, line) in [(1u8, line1), (2u8, line2)] {
            check_line(number, line)?;
        }
        let elements = sgp4::Elements::from_tle(name.clone(), line1.as_bytes(), line2.as_bytes())
            .map_err(|e| translate(&e))?;
        Self::from_elements(elements, format!("{line1}\n{line2}"))
    }

    fn from_elements(elements: sgp4::Elements, text: String) -> Result<Self, TleError> {
        let column = |line: u8, start: usize, end: usize, problem: String| {
            Err(tle_error(line, start, end, problem))
        };
        if !(0.0..=180.0).contains(&elements.inclination) {
            return column(
                2,
                8,
                16,
                format!("{} deg, outside 0 to 180", elements.inclination),
            );
        }
        if !(0.0..360.0).contains(&elements.right_ascension) {
            return column(
                2,
                17,
                25,
                format!("{} deg, outside 0 to 360", elements.right_ascension),
            );
        }
        if !(0.0..1.0).contains(&elements.eccentricity) {
            return column(
                2,
                26,
                33,
                format!(
                    "{}, not an orbit (at least 0, below 1)",
                    elements.eccentricity
                ),
            );
        }
        let mean_motion = AngularVelocity::new::<radian_per_second>(
            elements.mean_motion * std::f64::consts::TAU / 86_400.0,
        );
        // A perigee below the surface is not an orbit a crew can be in.
        let perigee_radius = orbit::semi_major_axis_from_mean_motion(mean_motion)
            .map(|a| a.value * (1.0 - elements.eccentricity));
        if !perigee_radius.is_some_and(|r| r > orbit::EARTH_RADIUS_M) {
            return column(
                2,
                52,
                63,
                format!(
                    "{} rev/day, which puts the perigee inside the Earth",
                    elements.mean_motion
                ),
            );
        }
        Ok(ElementSet {
            name: elements.object_name.clone(),
            norad_id: elements.norad_id,
            epoch: Epoch(elements.datetime),
            inclination: Angle::new::<degree>(elements.inclination),
            raan: Angle::new::<degree>(elements.right_ascension),
            eccentricity: Ratio::new::<ratio>(elements.eccentricity),
            argument_of_perigee: Angle::new::<degree>(elements.argument_of_perigee),
            mean_anomaly: Angle::new::<degree>(elements.mean_anomaly),
            mean_motion,
            text,
            elements,
        })
    }

    /// Semi-major axis from the mean motion (Kepler's third law).
    pub fn semi_major_axis(&self) -> Option<Length> {
        orbit::semi_major_axis_from_mean_motion(self.mean_motion)
    }

    /// Perigee altitude above the equatorial radius.
    pub fn perigee_altitude(&self) -> Option<Length> {
        let a = self.semi_major_axis()?;
        Some(a * (1.0 - self.eccentricity.get::<ratio>()) - orbit::earth_radius())
    }

    /// Apogee altitude above the equatorial radius.
    pub fn apogee_altitude(&self) -> Option<Length> {
        let a = self.semi_major_axis()?;
        Some(a * (1.0 + self.eccentricity.get::<ratio>()) - orbit::earth_radius())
    }

    /// The J2 drift of the node ([`orbit::nodal_regression_rate`]).
    pub fn node_rate(&self) -> Option<AngularVelocity> {
        orbit::nodal_regression_rate(self.semi_major_axis()?, self.eccentricity, self.inclination)
    }

    /// The ascending node at `when`, carried from the epoch by the J2 drift
    /// (secular mean elements), in 0° to 360°. Good to a fraction of a degree
    /// over weeks for a station that reboosts: the drift depends on the
    /// altitude, which drag and reboosts change.
    pub fn node_at(&self, when: Epoch) -> Option<Angle> {
        let drift =
            self.node_rate()?.get::<radian_per_second>() * when.since(self.epoch).get::<second>();
        let node = self.raan.get::<radian>() + drift;
        node.is_finite()
            .then(|| Angle::new::<radian>(node.rem_euclid(std::f64::consts::TAU)))
    }

    /// The osculating node at `when` from a full SGP4 propagation (in the
    /// TEME frame): a check on [`ElementSet::node_at`]. `None` when SGP4
    /// cannot propagate this set to that date.
    pub fn sgp4_node_at(&self, when: Epoch) -> Option<Angle> {
        let constants = sgp4::Constants::from_elements(&self.elements).ok()?;
        let minutes = when.since(self.epoch).get::<second>() / 60.0;
        let prediction = constants.propagate(sgp4::MinutesSinceEpoch(minutes)).ok()?;
        let [x, y, z] = prediction.position;
        let [vx, vy, vz] = prediction.velocity;
        let h = [y * vz - z * vy, z * vx - x * vz];
        let node = h[0].atan2(-h[1]);
        node.is_finite()
            .then(|| Angle::new::<radian>(node.rem_euclid(std::f64::consts::TAU)))
    }
}

/// Checks what the `sgp4` crate assumes before it reads a line.
fn check_line(number: u8, line: &str) -> Result<(), TleError> {
    if let Some((at, c)) = line
        .char_indices()
        .find(|(_, c)| !c.is_ascii() || c.is_ascii_control())
    {
        return Err(tle_error(
            number,
            at,
            at + 1,
            format!("the character {:?}; a TLE line is plain ASCII", c),
        ));
    }
    let bytes = line.as_bytes();
    let expected_first = if number == 1 { b'1' } else { b'2' };
    if bytes.first() != Some(&expected_first) {
        return Err(TleError {
            line: Some(number),
            columns: Some((1, 1)),
            field: "line number",
            problem: format!(
                "starts with '{}', not '{}'",
                crate::text::escape_for_terminal(line.get(..1).unwrap_or("")),
                char::from(expected_first)
            ),
        });
    }
    if bytes.len() != 69 {
        return Err(TleError {
            line: Some(number),
            columns: None,
            field: "line",
            problem: format!(
                "{} characters; a TLE line has 69 (columns count, so keep the spaces)",
                bytes.len()
            ),
        });
    }
    let Some(&written) = bytes.get(68) else {
        return Ok(());
    };
    if !written.is_ascii_digit() {
        return Err(tle_error(
            number,
            68,
            69,
            format!("'{}', not a digit", char::from(written)),
        ));
    }
    let computed = checksum(bytes);
    if u32::from(written - b'0') != computed {
        return Err(tle_error(
            number,
            68,
            69,
            format!(
                "{} but the line's digits sum to {computed} (mod 10): a character was changed or lost in copying",
                char::from(written)
            ),
        ));
    }
    Ok(())
}

/// Turns an `sgp4` parse error into one that names the field. The crate keeps
/// the error's parts private; its derived `Debug` form
/// (`Error { what: ExpectedFloat, line: Line2, start: 8, end: 16 }`) is read
/// back, and a unit test keeps that reading honest.
fn translate(error: &sgp4::TleError) -> TleError {
    let debug = format!("{error:?}");
    let number_after = |key: &str| -> Option<usize> {
        let rest = debug.split(key).nth(1)?;
        rest.trim_start()
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    };
    let what = debug
        .split("what: ")
        .nth(1)
        .and_then(|r| r.split([',', ' ', '}']).next())
        .unwrap_or("");
    let problem = match what {
        "ExpectedFloat" | "ExpectedFloatWithAssumedDecimalPoint" => "not a number",
        "ExpectedInteger" => "not a whole number",
        "ExpectedAlpha5" => "not a catalogue number",
        "ExpectedSpace" => "a character where the format has a space",
        "NoradIdMismatch" => "the two lines name different catalogue numbers",
        "UnknownClassification" => "not a classification (U, C or S)",
        "FromYoOptFailed" | "FromNumSecondsFromMidnightFailed" => "not a date",
        "FloatWithAssumedDecimalPointTooLong" => "a number too long for its columns",
        _ => "not readable",
    };
    let line = if debug.contains("Line1") {
        1
    } else if debug.contains("Line2") {
        2
    } else {
        // Both lines (the catalogue numbers differ): point at line 2's.
        2
    };
    match (number_after("start:"), number_after("end:")) {
        (Some(start), Some(end)) => tle_error(line, start, end, problem),
        _ => TleError {
            line: Some(line),
            columns: None,
            field: "element set",
            problem: error.to_string(),
        },
    }
}

impl FieldValue for ElementSet {
    fn expected() -> Expected {
        Expected::new(
            "a two-line element set (two 69-character lines, as CelesTrak or Space-Track publish them)",
            "\"\"\"\\n1 25544U 98067A   ...\\n2 25544  51.6461 ...\\n\"\"\"",
        )
    }
    fn read(value: &toml::Value) -> Result<Self, ReadError> {
        match value {
            toml::Value::String(s) => ElementSet::from_tle(s).map_err(|e| {
                ReadError::new(format!(
                    "an element set whose {}",
                    crate::text::escape_for_terminal(&e.to_string())
                ))
                .with_help(
                    "paste both lines as published, inside a multi-line string \"\"\"...\"\"\"",
                )
            }),
            other => Err(ReadError::new(describe(other))),
        }
    }
    fn value_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "a two-line element set: two 69-character lines, optionally after a title line"
        })
    }
    fn to_json(&self) -> serde_json::Value {
        self.text.clone().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use uom::si::length::kilometer;
    use uom::si::time::day;

    /// Tiangong (Tianhe), NORAD 48274, epoch 2022-124 (CSS-TLE, a
    /// transcription: a test vector here, never a spec value).
    const TIANGONG: &str = "CSS (TIANHE-1)
1 48274U 21035A   22124.10046060  .00017391  00000-0  20651-3 0  9992
2 48274  41.4717 126.9752 0012679 269.9836 141.3263 15.60681266 57880";

    /// The ISS set of the `sgp4` crate's documentation.
    const ISS: &str = "1 25544U 98067A   20194.88612269 -.00002218  00000-0 -31515-4 0  9992
2 25544  51.6461 221.2784 0001413  89.1723 280.4612 15.49507896236008";

    #[test]
    fn reads_tiangong_and_derives_its_orbit() {
        // reach.md fact 3 (derived): a = 6,763.8 km, 377 x 394 km.
        let set = ElementSet::from_tle(TIANGONG).unwrap();
        assert_eq!(set.name.as_deref(), Some("CSS (TIANHE-1)"));
        assert_eq!(set.norad_id, 48274);
        assert_abs_diff_eq!(set.inclination.get::<degree>(), 41.4717, epsilon = 1e-9);
        assert_abs_diff_eq!(set.raan.get::<degree>(), 126.9752, epsilon = 1e-9);
        assert_abs_diff_eq!(
            set.eccentricity.get::<ratio>(),
            0.001_267_9,
            epsilon = 1e-12
        );
        assert_abs_diff_eq!(
            set.semi_major_axis().unwrap().get::<kilometer>(),
            6_763.8,
            epsilon = 0.05
        );
        assert_abs_diff_eq!(
            set.perigee_altitude().unwrap().get::<kilometer>(),
            377.0,
            epsilon = 0.5
        );
        assert_abs_diff_eq!(
            set.apogee_altitude().unwrap().get::<kilometer>(),
            394.0,
            epsilon = 0.5
        );
        assert_eq!(set.epoch.to_string(), "2022-05-04T02:24:39Z");
    }

    #[test]
    fn the_node_drifts_west_about_six_degrees_a_day() {
        let set = ElementSet::from_tle(TIANGONG).unwrap();
        let rate = set.node_rate().unwrap();
        let per_day = rate.get::<radian_per_second>().to_degrees() * 86_400.0;
        assert_abs_diff_eq!(per_day, -6.08, epsilon = 0.01);
        let later = set.epoch.plus(Time::new::<day>(10.0)).unwrap();
        let node = set.node_at(later).unwrap().get::<degree>();
        assert_abs_diff_eq!(node, 126.9752 + 10.0 * per_day, epsilon = 1e-6);
        // Full SGP4 agrees with the secular drift to a fraction of a degree.
        let sgp4 = set.sgp4_node_at(later).unwrap().get::<degree>();
        assert!((sgp4 - node).abs() < 0.3, "SGP4 {sgp4} vs J2 {node}");
        // Backwards too, wrapped into 0..360.
        let earlier = set.epoch.plus(Time::new::<day>(-30.0)).unwrap();
        let back = set.node_at(earlier).unwrap().get::<degree>();
        assert_abs_diff_eq!(
            back,
            (126.9752 - 30.0 * per_day).rem_euclid(360.0),
            epsilon = 1e-6
        );
    }

    #[test]
    fn reads_the_iss_set_without_a_title() {
        let set = ElementSet::from_tle(&format!("\n  {ISS}\n\n")).unwrap();
        assert_eq!(set.name, None);
        assert_abs_diff_eq!(set.inclination.get::<degree>(), 51.6461, epsilon = 1e-9);
        let sgp4 = set.sgp4_node_at(set.epoch).unwrap().get::<degree>();
        assert!((sgp4 - 221.2784).abs() < 0.2, "{sgp4}");
    }

    #[test]
    fn errors_name_the_line_columns_and_field() {
        let lines: Vec<&str> = ISS.lines().collect();
        let replace = |line: usize, at: usize, with: &str| {
            let mut copy: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            copy[line].replace_range(at..at + with.len(), with);
            copy.join("\n")
        };
        // A changed digit breaks the checksum.
        let error = ElementSet::from_tle(&replace(1, 9, "2")).unwrap_err();
        assert_eq!(
            (error.line, error.columns, error.field),
            (Some(2), Some((69, 69)), "checksum")
        );
        // A letter in the inclination, checksum kept right: the crate's
        // error is translated (this guards the reading of its Debug form).
        let bad = replace(1, 9, "X");
        let mut fixed: Vec<u8> = bad.lines().nth(1).unwrap().as_bytes().to_vec();
        fixed[68] = b'0' + u8::try_from(checksum(&fixed)).unwrap();
        let text = format!("{}\n{}", lines[0], String::from_utf8(fixed).unwrap());
        let error = ElementSet::from_tle(&text).unwrap_err();
        assert_eq!(
            error.to_string(),
            "TLE line 2, columns 9-16 (inclination): not a number"
        );
        // A line cut short, a missing line, a non-ASCII character.
        let error =
            ElementSet::from_tle(&format!("{}\n{}", lines[0], &lines[1][..60])).unwrap_err();
        assert_eq!((error.line, error.field), (Some(2), "line"));
        assert!(
            ElementSet::from_tle(lines[0])
                .unwrap_err()
                .to_string()
                .contains("1 non-blank line")
        );
        let error = ElementSet::from_tle(&replace(0, 20, "é")).unwrap_err();
        assert_eq!(error.line, Some(1));
        // A checksum that is not a digit never reaches the crate (it would
        // underflow there).
        let error = ElementSet::from_tle(&replace(0, 68, "X")).unwrap_err();
        assert_eq!(error.field, "checksum");
    }

    #[test]
    fn reads_epochs_with_their_offset() {
        let read = |text: &str| Epoch::read(&toml::Value::String(text.into()));
        let utc = read("2025-11-25T04:11:42Z").unwrap();
        assert_eq!(read("2025-11-25T12:11:42+08:00").unwrap(), utc);
        assert!(
            read("2025-11-25T04:11:42").is_err(),
            "a local time is refused"
        );
        assert!(read("2025-11-25").is_err(), "a bare date is refused");
        assert!(read("tomorrow").is_err());
        let launch = Epoch::utc(2025, 11, 25, 4, 11, 42).unwrap();
        assert_eq!(utc, launch);
        assert_abs_diff_eq!(
            launch
                .since(Epoch::utc(2025, 11, 15, 4, 11, 42).unwrap())
                .get::<day>(),
            10.0
        );
    }

    /// A TLE line of `number` from 67 arbitrary characters of the format's
    /// alphabet, with a correct checksum, so the crate's own parsing runs.
    fn line(number: u8, body: &str) -> String {
        let mut text = format!("{number} {body}");
        text.truncate(68);
        let sum = checksum(text.as_bytes());
        text.push(char::from(b'0' + u8::try_from(sum).unwrap_or(0)));
        text
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Whatever the columns hold, reading gives a value or an error
        /// naming a TLE line, never a panic.
        #[test]
        fn reading_never_panics(
            line_one in "[0-9 .+A-Z-]{66}",
            line_two in "[0-9 .+A-Z-]{66}",
        ) {
            let text = format!("{}\n{}", line(1, &line_one), line(2, &line_two));
            if let Err(error) = ElementSet::from_tle(&text) {
                proptest::prop_assert!(error.line.is_some(), "{error}");
            }
        }

        /// One character of a real set changed (checksum kept right): every
        /// field of the crate's parser is reached.
        #[test]
        fn a_changed_character_never_panics(
            which in 0usize..2,
            at in 2usize..68,
            with in "[0-9 .+A-Z-]",
        ) {
            let mut lines: Vec<String> = ISS.lines().map(|l| l[..68].to_string()).collect();
            lines[which].replace_range(at..at + 1, &with);
            let text = format!("{}\n{}", line(1, &lines[0][2..]), line(2, &lines[1][2..]));
            if let Err(error) = ElementSet::from_tle(&text) {
                proptest::prop_assert!(error.line.is_some(), "{error}");
            }
        }
    }

    #[test]
    fn sidereal_angle_vallado_example_3_5() {
        // 20 Aug 1992, 12:14 UT1: GMST 152.578787810 deg (Vallado Example 3-5).
        let t = Epoch::utc(1992, 8, 20, 12, 14, 0).unwrap();
        assert_abs_diff_eq!(
            t.sidereal_angle().get::<degree>(),
            152.578_787_81,
            epsilon = 1e-5
        );
    }
}
