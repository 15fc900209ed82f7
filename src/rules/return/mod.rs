//! Rules of the `return` phase: can the rescuer bring them home?

pub mod free_seats;
pub mod seat_fit;
pub mod seat_liners;
pub mod suit_ports;

use super::Rule;

pub static RULES: &[&Rule] = &[
    &free_seats::RULE,
    &seat_fit::RULE,
    &seat_liners::RULE,
    &suit_ports::RULE,
];
