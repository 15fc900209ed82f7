//! `rescue-interop plan A B --via DIR`: rescue paths through adapters and
//! stations, and the smallest changes that unblock a pair.

use std::path::Path;

use super::{Failure, load_vehicle, render_load_errors, with_crew_envelopes};
use crate::check::VerdictKind;
use crate::output::print_out;
use crate::plan::{self, PlanOptions};
use crate::report::{self, Format};
use crate::rules::Environment;
use crate::scenario::load::load_scenario;

/// What `plan` was asked.
#[derive(Debug, Clone)]
pub struct PlanArgs<'a> {
    /// The rescuer's spec and the spec of the vehicle whose crew needs
    /// rescue, or a scenario file that names both (and its figures).
    pub pair: Planned<'a>,
    /// Folder of intermediate vehicles, stations and adapters.
    pub via: Option<&'a Path>,
    pub max_hops: usize,
    pub format: Format,
    /// Also propose changes to fixed fields.
    pub allow_fixed: bool,
}

/// What a plan is for.
#[derive(Debug, Clone, Copy)]
pub enum Planned<'a> {
    /// Rescuer A and the crew of B, in the default scenario of `check`.
    Pair { a: &'a Path, b: &'a Path },
    /// A scenario file: its rescuer, its crew, its figures.
    Scenario(&'a Path),
}

/// Runs `plan`: prints the plan and returns 0 when some path is feasible
/// (with or without conditions), 1 when none is.
pub fn run(args: &PlanArgs<'_>) -> Result<u8, Failure> {
    // Every input is read before anything is planned.
    let (pair, scenario) = match args.pair {
        Planned::Pair { a, b } => (Some((load_vehicle(a)?, load_vehicle(b)?)), None),
        Planned::Scenario(file) => (
            None,
            Some(load_scenario(file).map_err(|e| Failure(render_load_errors(&e)))?),
        ),
    };
    let intermediates = match args.via {
        Some(dir) => {
            let (vehicles, problems) = plan::load_intermediates(dir);
            if !problems.is_empty() {
                return Err(Failure(problems.join("\n")));
            }
            vehicles
        }
        None => Vec::new(),
    };
    // Plans route through the intermediates under --via; only the crew
    // envelopes beside the specs are read.
    let ends: Vec<&Path> = match (&pair, &scenario) {
        (_, Some(s)) => vec![
            s.rescuer.file.path.as_path(),
            s.distressed.file.path.as_path(),
        ],
        (Some((r, d)), None) => vec![r.file.path.as_path(), d.file.path.as_path()],
        (None, None) => Vec::new(),
    };
    let env = with_crew_envelopes(Environment::default(), &ends)?;
    let options = PlanOptions {
        max_hops: args.max_hops,
        allow_fixed: args.allow_fixed,
        ..PlanOptions::default()
    };
    let result = match (&pair, &scenario) {
        (_, Some(scenario)) => plan::plan_scenario(scenario, &intermediates, &env, &options),
        (Some((rescuer, distressed)), None) => {
            plan::plan(rescuer, distressed, &intermediates, &env, &options)
        }
        (None, None) => return Err(Failure("error: nothing to plan".into())),
    };
    print_out(&match args.format {
        Format::Text => plan::render_text(&result),
        Format::Json => plan::render_json(&result),
        Format::Markdown => report::markdown::plan(&result),
        Format::Html => report::html::plan(&result),
        Format::Sarif => report::sarif::plan(&result),
        Format::Junit => report::junit::plan(&result),
    });
    let reachable = result.paths.iter().any(|p| {
        matches!(
            p.verdict,
            VerdictKind::Feasible | VerdictKind::FeasibleWithConditions
        )
    });
    Ok(u8::from(!reachable))
}
