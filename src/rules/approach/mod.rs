//! Rules of the `approach` phase: can the rescuer find and approach the target?

use super::Rule;

pub static RULES: &[&Rule] = &[];
