//! rescue-interop: checks whether two crewed spacecraft could take part in a
//! joint astronaut rescue.
//!
//! * [`spec`]: the typed, unit-safe spec model and its loader.
//! * [`units`]: reading and writing quantities with units.
//! * [`decibel`]: typed decibel values.
//! * [`physics`]: pure formulas (gas, decompression, capture, geometry, link budget).
//! * [`record`]: the record of flown events, bound to the spec fields it rests on.

// Input must never reach a panic: library code reports problems instead.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod check;
pub mod clock;
pub mod commands;
pub mod config;
pub mod decibel;
pub mod diff;
pub mod gaps;
pub mod matrix;
pub mod output;
pub mod physics;
pub mod plan;
pub mod record;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod share_safe;
pub mod spec;
pub mod synth;
pub mod text;
pub mod units;
pub mod waivers;
