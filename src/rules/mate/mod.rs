//! Rules of the `mate` phase: can they dock or berth?
//!
//! Rules that look at one mated pair of ports use [`pairing`]: they are not
//! applicable when no pair of ports mates or that is unknown (MATE-001 then
//! reports it once).

pub mod adapters;
pub mod crew_envelopes;
pub mod pairing;

pub mod capture_energy;
pub mod docked_geometry;
pub mod docking_interface;
pub mod pass_throughs;
pub mod transfer_passage;

use super::Rule;

pub static RULES: &[&Rule] = &[
    &docking_interface::RULE,
    &capture_energy::RULE,
    &transfer_passage::RULE,
    &docked_geometry::RULE,
    &pass_throughs::RULE,
];
