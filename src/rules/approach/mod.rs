//! Rules of the `approach` phase: can the rescuer find and approach the target?
//!
//! Both rules look at the pair of ports that docks, with the chaser being
//! the vehicle of the active port (`rules::mate::pairing`); they are not
//! applicable when no pair of ports docks.

pub mod capture_envelope;
pub mod nav_aids;

use super::Rule;

pub static RULES: &[&Rule] = &[&nav_aids::RULE, &capture_envelope::RULE];
