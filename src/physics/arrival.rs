//! The time for a rescuer to arrive: readiness (call-up to launch), the wait
//! for a launch window (or for phasing), rendezvous (launch to docking) and
//! dock to hatch opening, added up and set against the time the crew has.
//!
//! Each step may be unknown (a vehicle whose readiness nobody published). The
//! breakdown keeps every step, so a report can print the sum of what is known,
//! name what is missing, and still say "too late" when the known steps alone
//! exceed the crew's time (reach.md §11.5 REACH-004).

use std::fmt;

use uom::si::f64::Time;
use uom::si::time::{day, hour, minute, second};

/// One step of a rescuer's way to the crew.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArrivalStep {
    /// From the call-up to launch (launch-on-need readiness).
    Readiness,
    /// Waiting for the launch window into the target's plane, or for phasing.
    LaunchWindow,
    /// From launch to docking.
    Rendezvous,
    /// From docking to the hatch opening (leak checks).
    DockToHatch,
}

impl ArrivalStep {
    /// Every step, in the order they happen.
    pub const ALL: [ArrivalStep; 4] = [
        ArrivalStep::Readiness,
        ArrivalStep::LaunchWindow,
        ArrivalStep::Rendezvous,
        ArrivalStep::DockToHatch,
    ];

    /// The step's name as a report prints it.
    pub fn label(self) -> &'static str {
        match self {
            ArrivalStep::Readiness => "readiness",
            ArrivalStep::LaunchWindow => "launch window",
            ArrivalStep::Rendezvous => "rendezvous",
            ArrivalStep::DockToHatch => "dock to hatch",
        }
    }
}

/// The steps of one rescuer's arrival, each known or not.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TimeToArrive {
    pub readiness: Option<Time>,
    pub launch_window: Option<Time>,
    pub rendezvous: Option<Time>,
    pub dock_to_hatch: Option<Time>,
}

/// How an arrival compares with the time the crew has.
#[derive(Debug, Clone, PartialEq)]
pub enum ArrivalVerdict {
    /// Every step is known and the sum fits, with this much to spare.
    InTime { margin: Time },
    /// Too late by this much; when steps are unknown, the known steps alone
    /// already exceed the crew's time.
    TooLate {
        short_by: Time,
        unknown: Vec<ArrivalStep>,
    },
    /// The known steps fit, but unknown ones could take the rest.
    Undetermined {
        /// What remains of the crew's time after the known steps.
        left_for_unknown: Time,
        unknown: Vec<ArrivalStep>,
    },
}

impl TimeToArrive {
    /// Every step with its duration, in order.
    pub fn steps(&self) -> [(ArrivalStep, Option<Time>); 4] {
        [
            (ArrivalStep::Readiness, self.readiness),
            (ArrivalStep::LaunchWindow, self.launch_window),
            (ArrivalStep::Rendezvous, self.rendezvous),
            (ArrivalStep::DockToHatch, self.dock_to_hatch),
        ]
    }

    /// The steps not known, in order.
    pub fn unknown(&self) -> Vec<ArrivalStep> {
        self.steps()
            .into_iter()
            .filter(|(_, t)| !is_duration(*t))
            .map(|(step, _)| step)
            .collect()
    }

    /// The sum of the known steps: a lower bound of the time to arrive.
    pub fn known_total(&self) -> Time {
        self.steps()
            .into_iter()
            .filter_map(|(_, t)| t.filter(|t| is_duration(Some(*t))))
            .fold(Time::new::<second>(0.0), |sum, t| sum + t)
    }

    /// The time to arrive, when every step is known.
    pub fn total(&self) -> Option<Time> {
        self.unknown().is_empty().then(|| self.known_total())
    }

    /// The arrival against `time_left`, the time the crew can wait.
    /// Returns `None` when `time_left` is not a finite, non-negative duration.
    pub fn against(&self, time_left: Time) -> Option<ArrivalVerdict> {
        if !is_duration(Some(time_left)) {
            return None;
        }
        let known = self.known_total();
        let unknown = self.unknown();
        Some(if known > time_left {
            ArrivalVerdict::TooLate {
                short_by: known - time_left,
                unknown,
            }
        } else if unknown.is_empty() {
            ArrivalVerdict::InTime {
                margin: time_left - known,
            }
        } else {
            ArrivalVerdict::Undetermined {
                left_for_unknown: time_left - known,
                unknown,
            }
        })
    }
}

/// A duration a step can have: finite and not negative.
fn is_duration(t: Option<Time>) -> bool {
    t.is_some_and(|t| t.value.is_finite() && t.value >= 0.0)
}

/// Prints "readiness 9 d + launch window unknown + rendezvous 3.5 h + dock
/// to hatch 1.6 h = at least 9.2 d".
impl fmt::Display for TimeToArrive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .steps()
            .into_iter()
            .map(|(step, t)| match t.filter(|t| is_duration(Some(*t))) {
                Some(t) => format!("{} {}", step.label(), format_duration(t)),
                None => format!("{} unknown", step.label()),
            })
            .collect();
        let total = match self.total() {
            Some(t) => format_duration(t),
            None => format!("at least {}", format_duration(self.known_total())),
        };
        write!(f, "{} = {total}", parts.join(" + "))
    }
}

/// A duration in the unit a reader expects at its scale: minutes under two
/// hours, hours under two days, days beyond.
pub fn format_duration(t: Time) -> String {
    let seconds = t.get::<second>();
    let (value, unit) = if !seconds.is_finite() {
        return seconds.to_string();
    } else if seconds.abs() < 7_200.0 {
        (t.get::<minute>(), "min")
    } else if seconds.abs() < 172_800.0 {
        (t.get::<hour>(), "h")
    } else {
        (t.get::<day>(), "d")
    };
    format!("{} {unit}", crate::units::format_number(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    fn days(v: f64) -> Time {
        Time::new::<day>(v)
    }

    fn hours(v: f64) -> Time {
        Time::new::<hour>(v)
    }

    #[test]
    fn shenzhou_standby_arrives_in_about_nine_days() {
        // Readiness 9 d (SZSTBY22), the fast profile's 3.5 h rendezvous and
        // 1 h 36 min to the hatch (SZ21); the launch window taken as known.
        let arrival = TimeToArrive {
            readiness: Some(days(9.0)),
            launch_window: Some(hours(0.0)),
            rendezvous: Some(hours(3.5)),
            dock_to_hatch: Some(Time::new::<minute>(96.0)),
        };
        let total = arrival.total().unwrap();
        assert_abs_diff_eq!(total.get::<day>(), 9.0 + 5.1 / 24.0, epsilon = 1e-9);
        assert_eq!(
            arrival.to_string(),
            "readiness 9 d + launch window 0 min + rendezvous 3.5 h + dock to hatch 96 min = 9.21 d"
        );
        match arrival.against(days(30.0)) {
            Some(ArrivalVerdict::InTime { margin }) => {
                assert_abs_diff_eq!(
                    margin.get::<day>(),
                    30.0 - total.get::<day>(),
                    epsilon = 1e-9
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn known_steps_alone_can_make_a_rescuer_too_late() {
        // Soyuz MS-23: 44 d from the decision to launch (MS23), the launch
        // window and docking not given: already too late for a 40-day wait.
        let arrival = TimeToArrive {
            readiness: Some(days(44.0)),
            ..TimeToArrive::default()
        };
        assert_eq!(arrival.total(), None);
        assert_eq!(
            arrival.unknown(),
            [
                ArrivalStep::LaunchWindow,
                ArrivalStep::Rendezvous,
                ArrivalStep::DockToHatch
            ]
        );
        match arrival.against(days(40.0)) {
            Some(ArrivalVerdict::TooLate { short_by, unknown }) => {
                assert_abs_diff_eq!(short_by.get::<day>(), 4.0, epsilon = 1e-9);
                assert_eq!(unknown.len(), 3);
            }
            other => panic!("{other:?}"),
        }
        match arrival.against(days(80.0)) {
            Some(ArrivalVerdict::Undetermined {
                left_for_unknown, ..
            }) => assert_abs_diff_eq!(left_for_unknown.get::<day>(), 36.0, epsilon = 1e-9),
            other => panic!("{other:?}"),
        }
        assert!(arrival.to_string().ends_with("= at least 44 d"));
    }

    #[test]
    fn bad_durations_count_as_unknown() {
        let arrival = TimeToArrive {
            readiness: Some(days(f64::NAN)),
            rendezvous: Some(hours(-1.0)),
            ..TimeToArrive::default()
        };
        assert_eq!(arrival.unknown().len(), 4);
        assert_eq!(arrival.known_total().value, 0.0);
        assert_eq!(arrival.against(days(f64::INFINITY)), None);
    }
}
