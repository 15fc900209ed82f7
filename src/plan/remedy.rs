//! Remediation: the smallest sets of changes to a blocked pair's specs
//! that make its direct rescue feasible, each found by re-running the rules.

use crate::check::{Selection, VerdictKind};
use crate::rules::{Environment, Party, Sink};
use crate::scenario::Situation;
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
    /// Put an interpreter on the loop (`communication.interpreter`).
    Interpreter { side: Side },
    /// A scenario's rescuer flies with this crew (`rescuer.crew`).
    RescuerCrew { crew: u32 },
    /// A scenario's rescuer carries these suits up for the rescued crew.
    CarrySuits { suit: Box<crate::spec::CarriedSuit> },
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
                p.mission_roles.clear();
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
        Edit::Interpreter { side } => {
            let v = if pick(*side) { rescuer } else { distressed };
            v.communication.interpreter = Field::known(true);
        }
        // Scenario edits: see `apply_to_scenario`.
        Edit::RescuerCrew { .. } | Edit::CarrySuits { .. } => {}
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
fn candidates(situation: &Situation<'_>, allow_fixed: bool) -> Vec<Change> {
    let (rescuer, distressed) = (situation.rescuer, situation.distressed);
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
        // Oxygen: outlets of the connector family of the suits the other
        // side's crew wears, one for each of them (the crew to rescue, or
        // the crew the rescuer flies).
        let (suits, wearers) = match side {
            Side::Rescuer => (situation.crew_suits().suits, situation.crew_to_rescue()),
            Side::Distressed => (
                situation.vehicle_suits(Party::Rescuer).suits,
                situation.rescuer_crew(),
            ),
        };
        let families: BTreeSet<Umbilical> = suits
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
            let count = wearers.value().unwrap_or(1).max(1);
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

/// At most `options.max_candidates` of `pool`, the cut recorded in
/// `budget`.
fn bounded(mut pool: Vec<Change>, options: &PlanOptions, budget: &mut Budget) -> Vec<Change> {
    if pool.len() > options.max_candidates {
        budget.stop(format!(
            "remedies: {} candidate changes; the first {} were combined",
            pool.len(),
            options.max_candidates
        ));
        pool.truncate(options.max_candidates);
    }
    pool
}

/// Whether another trial check may run, as the bounds allow: at most
/// [`PlanOptions::max_trials`] and the time left in `budget`; a bound
/// reached is recorded there.
fn may_try(trials: usize, size: usize, options: &PlanOptions, budget: &mut Budget) -> bool {
    if trials >= options.max_trials {
        budget.stop(format!(
            "remedies: stopped after {trials} trial checks, among the sets of {size} change(s)"
        ));
        return false;
    }
    if budget.out_of_time() {
        budget.stop(format!(
            "remedies: the {} s time limit ran out after {trials} trial checks, among the sets of {size} change(s)",
            options.time_limit.as_secs()
        ));
        return false;
    }
    true
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
    let pool = bounded(
        candidates(
            &Situation::nominal(rescuer, distressed),
            options.allow_fixed,
        ),
        options,
        budget,
    );
    let mut found = Vec::new();
    let mut trials = 0usize;
    let mut sets: Vec<Vec<usize>> = (0..pool.len()).map(|i| vec![i]).collect();
    'sizes: for size in 1..=3 {
        for set in &sets {
            if !may_try(trials, size, options, budget) {
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

// ---------------------------------------------------------------------------
// Remedies of a scenario: changes to its specs and to its own figures.

/// Applies a change to a copy of a scenario: spec edits to its rescuer and
/// crew vehicle, scenario edits to its figures.
fn apply_to_scenario(edit: &Edit, scenario: &mut crate::scenario::Scenario) {
    match edit {
        Edit::RescuerCrew { crew } => {
            if let Some(r) = scenario.doc.rescuer.as_mut() {
                r.crew = Field::known(*crew);
            }
        }
        Edit::CarrySuits { suit } => scenario.suits_for_rescued.push((**suit).clone()),
        other => apply(other, &mut scenario.rescuer, &mut scenario.distressed),
    }
}

/// Candidate changes for a scenario: the pair's spec changes (the
/// rescuer's ports also against the station's, to dock there), an
/// interpreter on either side, the rescuer flying with a crew it can fly
/// with, and suits of its own kind carried up for the rescued crew.
fn scenario_candidates(scenario: &crate::scenario::Scenario, allow_fixed: bool) -> Vec<Change> {
    let (r, d) = (&scenario.rescuer, &scenario.distressed);
    let mut out = candidates(&scenario.situation(), allow_fixed);
    if let Some((station, _)) = &scenario.station {
        let flown = r.info.flown.value() == Some(true);
        for (i, port) in r.ports.iter().enumerate() {
            if !allow_fixed && (flown || !port.standard.changeable || !port.roles.changeable) {
                continue;
            }
            let port_id = port.id.get().cloned().unwrap_or_else(|| format!("#{i}"));
            for theirs in &station.ports {
                let (Some(standard), Some(roles)) = (theirs.standard.get(), theirs.roles.get())
                else {
                    continue;
                };
                let roles = complement(roles);
                if out.iter().any(|c| matches!(&c.edit, Edit::Port { side: Side::Rescuer, port, standard: s, roles: rr } if *port == i && s == standard && *rr == roles)) {
                    continue;
                }
                let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
                out.push(Change {
                    vehicle: r.id.clone(),
                    field: format!("ports[{port_id}].standard"),
                    description: format!(
                        "fit port {port_id} of {} with the {standard} interface ({}) to dock at {}",
                        r.name,
                        names.join("/"),
                        station.name
                    ),
                    edit: Edit::Port {
                        side: Side::Rescuer,
                        port: i,
                        standard: standard.clone(),
                        roles,
                    },
                    reads_restricted: false,
                });
            }
        }
    }
    for (side, v) in [(Side::Rescuer, r), (Side::Distressed, d)] {
        if v.communication.interpreter.value() != Some(true) {
            out.push(Change {
                vehicle: v.id.clone(),
                field: "communication.interpreter".into(),
                description: format!("put an interpreter on the loop of {}", v.name),
                edit: Edit::Interpreter { side },
                reads_restricted: false,
            });
        }
    }
    let situation = scenario.situation();
    if let Some(own) = situation.rescuer_crew().value() {
        for crew in (0..own).rev() {
            if crate::rules::helpers::can_fly_with(r, crew) == Some(true) {
                out.push(Change {
                    vehicle: r.id.clone(),
                    field: "rescuer.crew".into(),
                    description: if crew == 0 {
                        format!("launch {} uncrewed", r.name)
                    } else {
                        format!("launch {} with {crew} crew instead of {own}", r.name)
                    },
                    edit: Edit::RescuerCrew { crew },
                    reads_restricted: false,
                });
            }
        }
    }
    let crew = situation.crew_to_rescue().value().unwrap_or(0);
    let own_suit = r.suits.iter().find(|s| {
        s.suit.serves(crate::spec::SuitClass::Iva) == Some(true) && s.suit.umbilical.get().is_some()
    });
    if let (Some(suit), true) = (own_suit, crew > 0) {
        out.push(Change {
            vehicle: r.id.clone(),
            field: "rescuer.carries.suits".into(),
            description: format!(
                "carry {crew} {} suit(s) up for the rescued crew (as Crew-9 did for the Starliner crew)",
                suit.id
            ),
            edit: Edit::CarrySuits {
                suit: Box::new(crate::spec::CarriedSuit {
                    count: Field::known(crew),
                    ..suit.clone()
                }),
            },
            reads_restricted: false,
        });
    }
    out
}

/// Per mode, the rules with a blocking finding in a scenario.
fn blockers(
    scenario: &crate::scenario::Scenario,
    env: &Environment,
) -> (
    VerdictKind,
    Vec<(crate::rules::Mode, BTreeSet<&'static str>)>,
) {
    let result = crate::check::check_situation(&scenario.situation(), env, &Selection::default());
    let per_mode = result
        .judgement
        .modes
        .iter()
        .filter(|m| m.assessed)
        .map(|m| {
            let rules = result
                .findings
                .iter()
                .filter(|f| {
                    f.severity == crate::rules::Severity::Blocking && f.modes.contains(m.mode)
                })
                .map(|f| f.rule.id)
                .collect();
            (m.mode, rules)
        })
        .collect();
    (result.verdict().kind, per_mode)
}

/// The largest change set searched for a scenario: one change per blocking
/// cause of a mode is the usual answer, and a rescue between two agencies'
/// vehicles has several.
const MAX_SCENARIO_CHANGES: usize = 6;

/// The smallest sets of changes (up to six) that leave a blocked scenario
/// not blocked. Each candidate is run alone first to learn which blocking
/// rules of each mode it clears; only sets whose cleared rules cover a
/// mode's blockers are then run, smallest first.
pub fn remediate_scenario(
    scenario: &crate::scenario::Scenario,
    env: &Environment,
    options: &PlanOptions,
) -> Vec<Remedy> {
    remediate_scenario_within(scenario, env, options, &mut Budget::new(options))
}

/// [`remediate_scenario`] within the search's bounds, as
/// [`remediate_within`].
pub(crate) fn remediate_scenario_within(
    scenario: &crate::scenario::Scenario,
    env: &Environment,
    options: &PlanOptions,
    budget: &mut Budget,
) -> Vec<Remedy> {
    let (verdict, base) = blockers(scenario, env);
    if verdict != VerdictKind::Blocked {
        return Vec::new();
    }
    let pool = bounded(
        scenario_candidates(scenario, options.allow_fixed),
        options,
        budget,
    );
    let mut trials = pool.len();
    let with = |changes: &[&Change]| {
        let mut changed = scenario.clone();
        for c in changes {
            apply_to_scenario(&c.edit, &mut changed);
        }
        changed
    };
    // What each candidate clears, per mode.
    let cleared: Vec<Vec<BTreeSet<&'static str>>> = pool
        .iter()
        .map(|c| {
            let (_, after) = blockers(&with(&[c]), env);
            base.iter()
                .map(|(mode, rules)| {
                    let left = after
                        .iter()
                        .find(|(m, _)| m == mode)
                        .map(|(_, r)| r.clone())
                        .unwrap_or_default();
                    rules.difference(&left).copied().collect()
                })
                .collect()
        })
        .collect();
    let mut found: Vec<Remedy> = Vec::new();
    for size in 1..=MAX_SCENARIO_CHANGES {
        for (m, (_, needed)) in base.iter().enumerate() {
            if needed.is_empty() {
                continue;
            }
            let useful: Vec<usize> = (0..pool.len())
                .filter(|i| {
                    cleared
                        .get(*i)
                        .and_then(|c| c.get(m))
                        .is_some_and(|c| !c.is_empty())
                })
                .collect();
            each_combination(&useful, size, &mut Vec::new(), &mut |set| {
                let covered: BTreeSet<&str> = set
                    .iter()
                    .filter_map(|i| cleared.get(*i).and_then(|c| c.get(m)))
                    .flatten()
                    .copied()
                    .collect();
                if !needed.is_subset(&covered) {
                    return true;
                }
                if !may_try(trials, size, options, budget) {
                    return false;
                }
                trials += 1;
                let changes: Vec<&Change> = set.iter().filter_map(|i| pool.get(*i)).collect();
                let (verdict, _) = blockers(&with(&changes), env);
                let key: Vec<&str> = changes.iter().map(|c| c.description.as_str()).collect();
                let seen = found.iter().any(|r| {
                    r.changes
                        .iter()
                        .map(|c| c.description.as_str())
                        .collect::<Vec<_>>()
                        == key
                });
                if verdict != VerdictKind::Blocked && !seen {
                    found.push(Remedy {
                        changes: changes.into_iter().cloned().collect(),
                        verdict,
                    });
                }
                found.len() < options.max_remedies
            });
        }
        if !found.is_empty() {
            break;
        }
    }
    found.sort_by_key(|r| rank(&r.verdict));
    found.truncate(options.max_remedies);
    found
}

/// Calls `f` with every set of `size` items of `items`, in order, until it
/// returns false; returns false when stopped.
fn each_combination(
    items: &[usize],
    size: usize,
    prefix: &mut Vec<usize>,
    f: &mut dyn FnMut(&[usize]) -> bool,
) -> bool {
    if size == 0 {
        return f(prefix);
    }
    for (i, first) in items.iter().enumerate() {
        prefix.push(*first);
        let go_on = each_combination(items.get(i + 1..).unwrap_or_default(), size - 1, prefix, f);
        prefix.pop();
        if !go_on {
            return false;
        }
    }
    true
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
