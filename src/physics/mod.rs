//! Pure physics for the rescue checks. Rules call physics; physics knows
//! nothing of rules or specs.
//!
//! * [`gas`]: partial pressures, inspired O2 (PIO2) and the mixing of two cabin atmospheres.
//! * [`decompression`]: single-compartment tissue N2, R values, R limits and prebreathe times.
//! * [`capture`]: reduced mass and kinetic energy at docking contact.
//! * [`geometry`]: docking-port poses, the docked transform, clocking and approach keep-out zones.
//! * [`link_budget`]: free-space path loss, received power, noise density, Eb/N0, margin, Doppler.
//! * [`orbit`]: circular speed, plane changes, Hohmann transfers, nodal regression, launch
//!   azimuths, the angle between two orbit planes, the rocket equation, in-plane launch windows.
//! * [`arrival`]: the time for a rescuer to arrive, step by step (readiness, launch window,
//!   rendezvous, dock to hatch).
//!
//! Every function is pure (no I/O, no global state) and never panics on any input: invalid input
//! gives `None`, an empty result, or a clamped value, as each function documents.
pub mod arrival;
pub mod capture;
pub mod decompression;
pub mod gas;
pub mod geometry;
pub mod link_budget;
pub mod orbit;
