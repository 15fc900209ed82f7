//! Rules of the `transfer` phase: can the crew cross?

pub mod decompression;
pub mod eva_egress;
pub mod eva_hold;
pub mod eva_suits;
pub mod hatch_pressure;
pub mod mixed_atmosphere;
pub mod mixed_atmosphere_fire;
pub mod suit_decompression;

use uom::si::f64::Ratio;

use super::Rule;
use crate::physics::gas::Cabin;
use crate::spec::{AbsolutePressure, Vehicle};

pub static RULES: &[&Rule] = &[
    &mixed_atmosphere::RULE,
    &mixed_atmosphere_fire::RULE,
    &hatch_pressure::RULE,
    &decompression::RULE,
    &suit_decompression::RULE,
    &eva_suits::RULE,
    &eva_egress::RULE,
    &eva_hold::RULE,
];

/// A vehicle's cabin at its nominal (or mid-band) pressure and O2 fraction,
/// with its free volume: what mixes when the hatch opens.
pub(crate) fn cabin(v: &Vehicle) -> Option<Cabin> {
    let (pressure, o2_fraction) = cabin_gas(v)?;
    Some(Cabin {
        pressure: pressure.0,
        o2_fraction,
        volume: v.atmosphere.free_volume.value()?,
    })
}

/// A vehicle's nominal (or mid-band) cabin pressure and O2 fraction.
pub(crate) fn cabin_gas(v: &Vehicle) -> Option<(AbsolutePressure, Ratio)> {
    let pressure = v.atmosphere.pressure.get()?.typical()?;
    let fraction = v.atmosphere.o2_fraction.get()?.typical()?;
    Some((pressure, fraction))
}

/// Whether the crew crosses out of a depressurized cabin (a scenario's
/// `distressed.cabin_pressurized = false`): suited, with no cabin air to
/// share, mix or decompress from. Only the crew's own cabin is meant: a
/// crew sheltering at a station crosses from the station's air.
pub(crate) fn from_depressurized_cabin(ctx: &crate::rules::Context<'_>) -> bool {
    ctx.situation.depressurized() && std::ptr::eq(ctx.distressed, ctx.situation.distressed)
}
