//! Rules of the `transfer` phase: can the crew cross?

pub mod mixed_atmosphere;

use super::Rule;

pub static RULES: &[&Rule] = &[&mixed_atmosphere::RULE];
