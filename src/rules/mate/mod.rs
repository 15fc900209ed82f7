//! Rules of the `mate` phase: can they dock or berth?
//!
//! Rules that look at one mated pair of ports use [`pairing`]: they are not
//! applicable when no pair of ports mates or that is unknown (MATE-001 then
//! reports it once).

pub mod adapters;
pub mod pairing;

pub mod docking_interface;

use super::Rule;

pub static RULES: &[&Rule] = &[&docking_interface::RULE];
