//! Finding routes: which intermediates are nodes, which pairs of nodes
//! mate, and the simple paths between the rescuer and the distressed crew.

use super::{Budget, PlanOptions};
use crate::rules::{Environment, Severity, Sink, registry};
use crate::spec::{Regime, Vehicle, VehicleKind};
use petgraph::graph::{DiGraph, NodeIndex};

/// Why an intermediate is no node of any path, or `None` when it is one.
/// An adapter is a node only when a vehicle carries it to a docking (the
/// ASTP Docking Module): one installed on its host (the IDA on a PMA) is
/// part of that host, whose own ports model it, and one whose spec does not
/// say is left out rather than flown on a guess.
pub(super) fn left_out_reason(v: &Vehicle) -> Option<String> {
    if v.kind != VehicleKind::Adapter {
        return None;
    }
    match v.info.carried.value() {
        Some(true) => None,
        Some(false) => Some(
            "an adapter installed on its host, not carried (vehicle.carried = false): the host's own ports model it".into(),
        ),
        None => Some(
            "an adapter whose spec does not say whether a vehicle carries it to a docking: give vehicle.carried to route through it".into(),
        ),
    }
}

/// Where a vehicle can be: its `vehicle.regime` or `[orbit].kind`; else,
/// for a vehicle launched from the Earth (`reach.launch_sites`) not known to
/// leave Earth orbit (`reach.cislunar`), low Earth orbit. `None` when the
/// spec does not say.
pub(super) fn places(v: &Vehicle) -> Option<Vec<Regime>> {
    if let Some(list) = v.regimes() {
        return Some(list);
    }
    let launched = v.reach.launch_sites.get().is_some_and(|l| !l.is_empty());
    (launched && v.reach.cislunar.value() != Some(true)).then(|| vec![Regime::Leo])
}

/// Whether two lists of places share one.
fn meet(a: &[Regime], b: &[Regime]) -> bool {
    a.iter()
        .any(|x| b.iter().any(|y| x.covers(*y) || y.covers(*x)))
}

/// Why an intermediate is no stop on a rescue of a crew at `crew_places`:
/// it is known to be only elsewhere (Starship HLS, in lunar orbit and on
/// the Moon, on a rescue in low Earth orbit).
pub(super) fn elsewhere_reason(v: &Vehicle, crew_places: Option<&[Regime]>) -> Option<String> {
    let (crew, here) = (crew_places?, places(v)?);
    if meet(crew, &here) {
        return None;
    }
    let names = |list: &[Regime]| {
        list.iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(format!(
        "not where the crew is: it operates in {} (vehicle.regime or [orbit].kind), the crew in {}",
        names(&here),
        names(crew)
    ))
}

/// Whether `a` and `b` can reach one another: they share a place (where
/// both say), two vehicles fixed in Earth orbit (an `[orbit]` each) are in
/// the same plane (within 1 deg: stations do not change plane), and a
/// vehicle launched from the Earth toward one in a fixed orbit has a site
/// not known to miss that plane (REACH-001's answer).
fn can_meet(a: &Vehicle, b: &Vehicle) -> bool {
    if let (Some(pa), Some(pb)) = (places(a), places(b)) {
        if !meet(&pa, &pb) {
            return false;
        }
    }
    let fixed = |v: &Vehicle| v.orbit.inclination().filter(|_| v.orbit.is_written());
    match (fixed(a), fixed(b)) {
        (Some(ia), Some(ib)) => {
            (ia - ib).abs() <= uom::si::f64::Angle::new::<uom::si::angle::degree>(1.0)
        }
        (None, Some(i)) => launched_toward(a, i),
        (Some(i), None) => launched_toward(b, i),
        (None, None) => true,
    }
}

/// Whether `v`, launched from its sites, may reach the plane of
/// `inclination`: false only when every site is known not to.
fn launched_toward(v: &Vehicle, inclination: uom::si::f64::Angle) -> bool {
    use crate::rules::reach::direct_ascent::{SiteAnswer, site_answer};
    let sites = crate::spec::LaunchSites::bundled();
    let Some(ids) = v.reach.launch_sites.get() else {
        return true;
    };
    ids.is_empty()
        || ids.iter().any(|id| {
            !matches!(
                site_answer(sites, id, sites.get(id), inclination, v),
                SiteAnswer::Cannot { .. }
            )
        })
}

/// Whether some port of `a` mates some port of `b`, in either chaser order
/// (MATE-001 alone, counted, not collected).
fn can_mate(a: &Vehicle, b: &Vehicle, env: &Environment) -> bool {
    let Some(rule) = registry().into_iter().find(|r| r.id == "MATE-001") else {
        return true;
    };
    [(a, b), (b, a)].into_iter().any(|(rescuer, distressed)| {
        let ctx = crate::rules::Context::new(rescuer, distressed, env);
        let mut sink = Sink::counting();
        sink.begin(rule);
        (rule.check)(&ctx, &mut sink);
        sink.end();
        // A port list the spec does not give is no edge: a path must not
        // run through a vehicle nothing is known to dock to.
        sink.count(Severity::Blocking) == 0 && sink.count(Severity::Unknown) == 0
    })
}

/// The routes from `nodes[0]` (the rescuer) to `nodes[1]` (the distressed
/// vehicle) of two to `max_hops` steps, each a list of indices into `nodes`
/// (the direct route is judged by the caller). Nodes are joined where their
/// ports mate. At most `max_paths` routes, found while time lasts; a bound
/// reached is recorded in `budget`. Nodes are joined only where they can
/// reach one another ([`can_meet`]).
pub(super) fn routes(
    nodes: &[&Vehicle],
    env: &Environment,
    options: &PlanOptions,
    budget: &mut Budget,
) -> Vec<Vec<usize>> {
    let mut graph: DiGraph<usize, ()> = DiGraph::new();
    let index: Vec<NodeIndex> = (0..nodes.len()).map(|i| graph.add_node(i)).collect();
    let (Some(&start), Some(&end)) = (index.first(), index.get(1)) else {
        return Vec::new();
    };
    'pairs: for (i, a) in nodes.iter().enumerate() {
        for (j, b) in nodes.iter().enumerate().skip(i + 1) {
            if budget.out_of_time() {
                budget.stop(format!(
                    "paths: the {} s time limit ran out while finding which of the {} specs dock to each other",
                    options.time_limit.as_secs(),
                    nodes.len()
                ));
                break 'pairs;
            }
            if (i, j) == (0, 1) || !can_meet(a, b) || !can_mate(a, b, env) {
                continue;
            }
            if let (Some(&ia), Some(&ib)) = (index.get(i), index.get(j)) {
                graph.add_edge(ia, ib, ());
                graph.add_edge(ib, ia, ());
            }
        }
    }
    let max_intermediates = options.max_hops.saturating_sub(1);
    let mut found: Vec<Vec<usize>> = Vec::new();
    let all = petgraph::algo::all_simple_paths::<Vec<_>, _, std::hash::RandomState>(
        &graph,
        start,
        end,
        1,
        Some(max_intermediates),
    );
    for route in all {
        if found.len() >= options.max_paths {
            budget.stop(format!(
                "paths: more than {} routes of at most {} steps; the first {} found were judged",
                options.max_paths, options.max_hops, options.max_paths
            ));
            break;
        }
        if budget.out_of_time() {
            break;
        }
        found.push(
            route
                .iter()
                .filter_map(|n| graph.node_weight(*n).copied())
                .collect(),
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Field;

    fn bundled(path: &str) -> Vehicle {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        crate::spec::load_vehicle(&path).unwrap_or_else(|e| panic!("{path:?}: {e:?}"))
    }

    fn apollo() -> Vehicle {
        bundled("specs/vehicles/apollo-csm-1975.toml")
    }

    fn docking_module() -> Vehicle {
        bundled("specs/adapters/astp-docking-module.toml")
    }

    #[test]
    fn only_an_adapter_known_to_be_carried_is_a_node() {
        let module = docking_module();
        assert_eq!(module.info.carried.value(), Some(true));
        assert_eq!(left_out_reason(&module), None);
        let ida = bundled("specs/adapters/ida.toml");
        assert_eq!(ida.info.carried.value(), Some(false));
        let installed = left_out_reason(&ida).unwrap_or_default();
        assert!(installed.contains("installed on its host"), "{installed}");
        let mut unsaid = docking_module();
        unsaid.info.carried = Field::default();
        let unsaid = left_out_reason(&unsaid).unwrap_or_default();
        assert!(unsaid.contains("give vehicle.carried"), "{unsaid}");
        assert_eq!(left_out_reason(&apollo()), None);
    }
}
