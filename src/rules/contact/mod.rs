//! Rules of the `contact` phase: can the two crews and their controls talk?

pub mod channel;
pub mod voice_channel;

use super::Rule;

pub static RULES: &[&Rule] = &[&voice_channel::RULE];
