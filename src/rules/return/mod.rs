//! Rules of the `return` phase: can the rescuer bring them home?

pub mod free_seats;

use super::Rule;

pub static RULES: &[&Rule] = &[&free_seats::RULE];
