//! Remediation: the smallest sets of changes to a blocked pair's specs
//! that make its direct rescue feasible, each found by re-running the rules.

use crate::check::{Selection, VerdictKind};
use crate::rules::{Environment, Sink};
use crate::spec::vocabulary::{NavAid, Umbilical};
use crate::spec::{AbsolutePressure, Field, OxygenOutlet, Radio, Range, Role, Vehicle};
use std::collections::BTreeSet;

use super::{Budget, Change, PlanOptions, Remedy, rank};

/// Which side of the pair a change edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Rescuer,
    Distressed,
}

/// An edit to a cloned spec.
#[derive(Debug, Clone, Default)]
pub(super) enum Edit {
    #[default]
    None,
    /// Set a port's standard and roles.
    Port {
        side: Side,
        port: usize,
        standard: String,
        roles: Vec<Role>,
    },
    /// Set the cabin's operating pressure.
    Pressure { side: Side, pascals: f64 },
    /// Add a copy of the other side's radio.
    Radio { side: Side, radio: Box<Radio> },
    /// Add oxygen outlets.
    Outlet {
        side: Side,
        outlet: Box<OxygenOutlet>,
    },
    /// Add navigation aids to every port.
    NavAids { side: Side, aids: Vec<NavAid> },
}

fn apply(edit: &Edit, rescuer: &mut Vehicle, distressed: &mut Vehicle) {
    let pick = |side: Side| side == Side::Rescuer;
    match edit {
        Edit::None => {}
        Edit::Port {
            side,
            port,
            standard,
            roles,
        } => {
            let v = if pick(*side) { rescuer } else { distressed };
            if let Some(p) = v.ports.get_mut(*port) {
                p.standard = Field::known(standard.clone());
                p.roles = Field::known(roles.clone());
            }
        }
        Edit::Pressure { side, pascals } => {
            set_pressure(if pick(*side) { rescuer } else { distressed }, *pascals);
        }
        Edit::Radio { side, radio } => {
            let v = if pick(*side) { rescuer } else { distressed };
            v.radios.push((**radio).clone());
        }
        Edit::Outlet { side, outlet } => {
            let v = if pick(*side) { rescuer } else { distressed };
            v.oxygen_outlets.push((**outlet).clone());
        }
        Edit::NavAids { side, aids } => {
            let v = if pick(*side) { rescuer } else { distressed };
            for p in &mut v.ports {
                let mut carried = p.nav_aids_carried.get().cloned().unwrap_or_default();
                for aid in aids {
                    if !carried.contains(aid) {
                        carried.push(aid.clone());
                    }
                }
                p.nav_aids_carried = Field::known(carried);
            }
        }
    }
}

/// Sets a cabin's operating pressure to one value.
pub(super) fn set_pressure(v: &mut Vehicle, pascals: f64) {
    let p = AbsolutePressure::pascals(pascals);
    v.atmosphere.pressure = Field::known(Range::point(p));
}

fn complement(roles: &[Role]) -> Vec<Role> {
    if roles.contains(&Role::Active) {
        vec![Role::Passive]
    } else {
        vec![Role::Active]
    }
}

/// A frequency to the kilohertz, as channel plans give it (121.75 MHz).
fn megahertz(hertz: f64) -> String {
    let text = format!("{:.3}", hertz / 1e6);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} MHz")
}

/// Pascals in one pound per square inch.
pub(super) const PASCALS_PER_PSI: f64 = 6_894.757;

pub(super) fn kpa(pascals: f64) -> String {
    crate::units::Kind::AbsolutePressure.format_si(pascals)
}

/// A watch on restricted reads while some changes are proposed.
struct Watch {
    outer: bool,
    first: usize,
}

impl Watch {
    fn start(out: &[Change]) -> Self {
        Watch {
            outer: crate::spec::field::enter_restricted_scope(),
            first: out.len(),
        }
    }

    /// Marks the changes proposed since the start when a restricted value
    /// was read.
    fn stop(self, out: &mut [Change]) {
        if crate::spec::field::leave_restricted_scope(self.outer) {
            for change in out.iter_mut().skip(self.first) {
                change.reads_restricted = true;
            }
        }
    }

    fn restart(self, out: &mut [Change]) -> Self {
        self.stop(out);
        Watch::start(out)
    }
}

/// Candidate changes, from the two specs' own values.
fn candidates(rescuer: &Vehicle, distressed: &Vehicle, allow_fixed: bool) -> Vec<Change> {
    let mut out = Vec::new();
    for (side, this, other) in [
        (Side::Distressed, distressed, rescuer),
        (Side::Rescuer, rescuer, distressed),
    ] {
        let flown = this.info.flown.value() == Some(true);
        // Each kind of change is watched for restricted reads on its own: a
        // share-safe plan withholds only the changes computed from them.
        let mut watch = Watch::start(&out);
        // Docking: give a port the other side's standard, complementary role.
        for (i, port) in this.ports.iter().enumerate() {
            if !allow_fixed && (flown || !port.standard.changeable || !port.roles.changeable) {
                continue;
            }
            let port_id = port.id.get().cloned().unwrap_or_else(|| format!("#{i}"));
            let mut seen = BTreeSet::new();
            for theirs in &other.ports {
                let (Some(standard), Some(roles)) = (theirs.standard.get(), theirs.roles.get())
                else {
                    continue;
                };
                let roles = complement(roles);
                if port.standard.get() == Some(standard) && port.roles.get() == Some(&roles) {
                    continue;
                }
                if !seen.insert((standard.clone(), format!("{roles:?}"))) {
                    continue;
                }
                let role_names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
                out.push(Change {
                    vehicle: this.id.clone(),
                    field: format!("ports[{port_id}].standard"),
                    description: format!(
                        "fit port {port_id} of {} with the {standard} interface ({})",
                        this.name,
                        role_names.join("/")
                    ),
                    edit: Edit::Port {
                        side,
                        port: i,
                        standard: standard.clone(),
                        roles,
                    },
                    reads_restricted: false,
                });
            }
        }
        watch = watch.restart(&mut out);
        // Atmosphere: set the cabin to the other's pressure, within the band
        // it can be adjusted to.
        let adjustable = this.atmosphere.adjustable_pressure.get();
        let theirs = other
            .atmosphere
            .pressure
            .get()
            .and_then(|r| r.typical())
            .map(|p| p.0.value);
        let mine = this
            .atmosphere
            .pressure
            .get()
            .and_then(|r| r.typical())
            .map(|p| p.0.value);
        let changeable = allow_fixed || this.atmosphere.pressure.changeable;
        if let (Some(band), Some(target), Some(current), true) =
            (adjustable, theirs, mine, changeable)
        {
            let low = band.min.map_or(current, |p| p.0.value);
            let high = band.max.map_or(current, |p| p.0.value);
            let set = target.clamp(low.min(high), high.max(low));
            if (set - current).abs() > 1.0 {
                let verb = if set < current { "lower" } else { "raise" };
                out.push(Change {
                    vehicle: this.id.clone(),
                    field: "atmosphere.pressure".into(),
                    description: format!("{verb} the cabin of {} to {}", this.name, kpa(set)),
                    edit: Edit::Pressure { side, pascals: set },
                    reads_restricted: false,
                });
            }
        }
        watch = watch.restart(&mut out);
        // Radio: carry a copy of each of the other side's radios.
        for radio in &other.radios {
            let Some(freqs) = radio.tx_frequencies.get() else {
                continue;
            };
            let shown: Vec<String> = freqs.iter().map(|f| megahertz(f.value)).collect();
            let mut copy = radio.clone();
            let id = radio.id.get().cloned().unwrap_or_default();
            copy.id = Field::known(format!("added-{id}"));
            out.push(Change {
                vehicle: this.id.clone(),
                field: "radios".into(),
                description: format!(
                    "add to {} a radio like {}'s {id} (transmitting on {})",
                    this.name,
                    other.name,
                    shown.join(", ")
                ),
                edit: Edit::Radio {
                    side,
                    radio: Box::new(copy),
                },
                reads_restricted: false,
            });
        }
        watch = watch.restart(&mut out);
        // Navigation aids the other side needs on its target.
        let needed: BTreeSet<NavAid> = other
            .ports
            .iter()
            .filter_map(|p| p.nav_aids_needed.get())
            .flatten()
            .cloned()
            .collect();
        let carried: BTreeSet<NavAid> = this
            .ports
            .iter()
            .filter_map(|p| p.nav_aids_carried.get())
            .flatten()
            .cloned()
            .collect();
        let missing: Vec<NavAid> = needed.difference(&carried).cloned().collect();
        if !missing.is_empty() {
            out.push(Change {
                vehicle: this.id.clone(),
                field: "ports[].nav_aids_carried".into(),
                description: format!(
                    "add {} to the ports of {}",
                    crate::spec::vocabulary::join(&missing),
                    this.name
                ),
                edit: Edit::NavAids {
                    side,
                    aids: missing,
                },
                reads_restricted: false,
            });
        }
        watch = watch.restart(&mut out);
        // Oxygen: outlets of the connector family of the other's suits.
        let families: BTreeSet<Umbilical> = other
            .suits
            .iter()
            .filter_map(|s| s.suit.umbilical.get().cloned())
            .collect();
        for family in families {
            if this
                .oxygen_outlets
                .iter()
                .any(|o| o.connector.get() == Some(&family))
            {
                continue;
            }
            let count = other.crew.nominal.value().unwrap_or(1);
            let outlet = OxygenOutlet {
                id: Field::known(format!("added-{family}")),
                purpose: Field::known(crate::spec::OutletPurpose::Suit),
                connector: Field::known(family.clone()),
                count: Field::known(count),
                ..OxygenOutlet::default()
            };
            out.push(Change {
                vehicle: this.id.clone(),
                field: "oxygen_outlets".into(),
                description: format!(
                    "add {count} suit outlet(s) of connector family {family} to {}",
                    this.name
                ),
                edit: Edit::Outlet {
                    side,
                    outlet: Box::new(outlet),
                },
                reads_restricted: false,
            });
        }
        watch.stop(&mut out);
    }
    out
}

fn verdict_with(
    changes: &[&Change],
    rescuer: &Vehicle,
    distressed: &Vehicle,
    env: &Environment,
    selection: &Selection,
) -> VerdictKind {
    let mut r = rescuer.clone();
    let mut d = distressed.clone();
    for c in changes {
        apply(&c.edit, &mut r, &mut d);
    }
    let (_, judgement) =
        crate::check::run_direction(&r, &d, env, &selection.only(&[]), Sink::counting());
    judgement.verdict.kind
}

/// The smallest sets (up to three changes) that lift every blocker of the
/// direct rescue. Single changes first, then pairs, then triples; a larger
/// set is searched only when no smaller one works.
pub fn remediate(
    rescuer: &Vehicle,
    distressed: &Vehicle,
    env: &Environment,
    options: &PlanOptions,
) -> Vec<Remedy> {
    remediate_within(rescuer, distressed, env, options, &mut Budget::new(options))
}

/// [`remediate`] within the search's bounds: at most
/// [`PlanOptions::max_candidates`] candidate changes, at most
/// [`PlanOptions::max_trials`] trial checks, and the time left in `budget`;
/// a bound reached is recorded there.
pub(crate) fn remediate_within(
    rescuer: &Vehicle,
    distressed: &Vehicle,
    env: &Environment,
    options: &PlanOptions,
    budget: &mut Budget,
) -> Vec<Remedy> {
    let mut pool = candidates(rescuer, distressed, options.allow_fixed);
    if pool.len() > options.max_candidates {
        budget.stop(format!(
            "remedies: {} candidate changes; the first {} were combined",
            pool.len(),
            options.max_candidates
        ));
        pool.truncate(options.max_candidates);
    }
    let mut found = Vec::new();
    let mut trials = 0usize;
    let mut sets: Vec<Vec<usize>> = (0..pool.len()).map(|i| vec![i]).collect();
    'sizes: for size in 1..=3 {
        for set in &sets {
            if trials >= options.max_trials {
                budget.stop(format!(
                    "remedies: stopped after {trials} trial checks, among the sets of {size} change(s)"
                ));
                break 'sizes;
            }
            if budget.out_of_time() {
                budget.stop(format!(
                    "remedies: the {} s time limit ran out after {trials} trial checks, among the sets of {size} change(s)",
                    options.time_limit.as_secs()
                ));
                break 'sizes;
            }
            trials += 1;
            let changes: Vec<&Change> = set.iter().filter_map(|i| pool.get(*i)).collect();
            let verdict = verdict_with(&changes, rescuer, distressed, env, &options.selection);
            if verdict != VerdictKind::Blocked {
                found.push(Remedy {
                    changes: changes.into_iter().cloned().collect(),
                    verdict,
                });
            }
        }
        if !found.is_empty() {
            break;
        }
        // The next size's sets, built only as far as trials remain.
        let room = options.max_trials.saturating_sub(trials);
        sets = sets
            .iter()
            .flat_map(|set| {
                let last = set.last().copied().unwrap_or(0);
                (last + 1..pool.len()).map(move |j| {
                    let mut s = set.clone();
                    s.push(j);
                    s
                })
            })
            .take(room.saturating_add(1))
            .collect();
    }
    found.sort_by_key(|r| rank(&r.verdict));
    found.truncate(options.max_remedies);
    found
}

/// Applies a remedy's changes to clones of the pair (for tests and
/// reports that show the changed specs' check).
pub fn apply_remedy(
    remedy: &Remedy,
    rescuer: &Vehicle,
    distressed: &Vehicle,
) -> (Vehicle, Vehicle) {
    let mut r = rescuer.clone();
    let mut d = distressed.clone();
    for c in &remedy.changes {
        apply(&c.edit, &mut r, &mut d);
    }
    (r, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn frequencies_keep_their_channel_digits() {
        assert_eq!(megahertz(121.75e6), "121.75 MHz");
        assert_eq!(megahertz(414.2e6), "414.2 MHz");
        assert_eq!(megahertz(2_265.0e6), "2265 MHz");
    }

    #[test]
    fn complementary_roles() {
        assert_eq!(complement(&[Role::Active]), vec![Role::Passive]);
        assert_eq!(complement(&[Role::Passive]), vec![Role::Active]);
        assert_eq!(
            complement(&[Role::Active, Role::Passive]),
            vec![Role::Passive]
        );
    }
}
