//! Rules of the `contact` phase: can the two crews and their controls talk?
//!
//! `channel` holds the radio arithmetic the rules share (does a pair of
//! radios share a channel, how far apart are they).

pub mod channel;
pub mod distress_beacon;
pub mod link_margin;
pub mod link_protection;
pub mod ranging_radios;
pub mod suit_radio;
pub mod time_reference;
pub mod voice_channel;
pub mod working_language;

use super::Rule;

pub static RULES: &[&Rule] = &[
    &voice_channel::RULE,
    &link_margin::RULE,
    &link_protection::RULE,
    &ranging_radios::RULE,
    &working_language::RULE,
    &time_reference::RULE,
    &distress_beacon::RULE,
    &suit_radio::RULE,
];
