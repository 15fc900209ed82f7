//! Rules of the `sustain` phase: can the rescuer keep them alive?

pub mod consumables;
pub mod suit_umbilical;

use super::Rule;

pub static RULES: &[&Rule] = &[&suit_umbilical::RULE, &consumables::RULE];
