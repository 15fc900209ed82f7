//! Rules of the `mate` phase: can they dock or berth?

pub mod docking_interface;

use super::Rule;

pub static RULES: &[&Rule] = &[&docking_interface::RULE];
