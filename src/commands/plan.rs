//! `rescue-interop plan A B --via DIR`: rescue paths through adapters and
//! stations, and the smallest changes that unblock a pair; `plan --scenario
//! FILE`: the same for a scenario's rescue, on its figures.

use std::path::Path;

use super::{Failure, Judge, JudgeArgs, Library, refuse_adapter, render_load_errors};
use crate::check::VerdictKind;
use crate::plan::{self, PlanOptions};
use crate::report::{self, Format};
use crate::rules::Environment;
use crate::scenario::load::load_scenario_with;

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
    /// `--out`, each `PATH[:FORMAT]` or `-`; none: standard output.
    pub out: &'a [std::path::PathBuf],
    /// `--root`: the folder the specs' file references must lie in.
    pub root: Option<&'a Path>,
    /// Also propose changes to fixed fields.
    pub allow_fixed: bool,
    /// Wall-clock time for the search.
    pub time_limit: std::time::Duration,
    /// A plan for the other party (docs/trust.md).
    pub share_safe: bool,
    /// The party key of a share-safe plan.
    pub share_key: Option<&'a Path>,
    /// The config's severity overrides, waivers and link-budget options.
    pub judge: JudgeArgs<'a>,
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
    let targets = crate::output::targets(args.out, args.format)?;
    let judge = Judge::load(&args.judge)?;
    // Every input is read before anything is planned.
    let library = match args.pair {
        Planned::Pair { a, b } => Library::for_specs(&[a, b], args.root)?,
        Planned::Scenario(file) => Library::for_specs(&[file], args.root)?,
    };
    let (pair, scenario) = match args.pair {
        Planned::Pair { a, b } => {
            let (rescuer, distressed) = (library.load_vehicle(a)?, library.load_vehicle(b)?);
            refuse_adapter(&rescuer)?;
            refuse_adapter(&distressed)?;
            (Some((rescuer, distressed)), None)
        }
        Planned::Scenario(file) => (
            None,
            Some(
                load_scenario_with(file, library.load_context())
                    .map_err(|e| Failure(render_load_errors(&e)))?,
            ),
        ),
    };
    let intermediates = match args.via {
        Some(dir) => {
            let (vehicles, problems) = plan::load_intermediates(dir, library.load_context());
            if !problems.is_empty() {
                return Err(Failure(problems.join("\n")));
            }
            vehicles
        }
        None => Vec::new(),
    };
    // Plans route through the intermediates under --via, not through the
    // adapters folder beside the specs.
    let env = Environment {
        adapters: crate::rules::mate::adapters::bundled(),
        ..judge.environment(&library)?
    };
    let options = PlanOptions {
        max_hops: args.max_hops,
        allow_fixed: args.allow_fixed,
        time_limit: args.time_limit,
        selection: judge.selection.clone(),
        waivers: judge.waivers.clone(),
        ..PlanOptions::default()
    };
    let keys = match args.share_safe {
        true => Some(crate::share_safe::ShareSafe::new(args.share_key)?),
        false => None,
    };
    let (mut result, mut vehicles) = match (&pair, &scenario) {
        (_, Some(scenario)) => (
            plan::plan_scenario(scenario, &intermediates, &env, &options),
            scenario.vehicles(),
        ),
        (Some((rescuer, distressed)), None) => (
            plan::plan(rescuer, distressed, &intermediates, &env, &options),
            vec![rescuer, distressed],
        ),
        (None, None) => return Err(Failure("error: nothing to plan".into())),
    };
    if let Some(keys) = keys {
        vehicles.extend(intermediates.iter());
        let mut files = crate::report::source_files(&vehicles);
        if let Some(scenario) = &scenario {
            files.insert(0, &scenario.file);
        }
        files.extend(env.data_files.iter().map(|f| &**f));
        keys.redact_plan(&mut result, &vehicles, &files);
    }
    let mut inputs: Vec<&Path> = match args.pair {
        Planned::Pair { a, b } => vec![a, b],
        Planned::Scenario(file) => vec![file],
    };
    inputs.extend(vehicles.iter().map(|v| v.file.path.as_path()));
    inputs.extend(intermediates.iter().map(|v| v.file.path.as_path()));
    inputs.extend(env.data_files.iter().map(|f| f.path.as_path()));
    inputs.extend(judge.waivers_path());
    crate::output::refuse_inputs(&targets, &inputs)?;
    crate::output::emit_all(&targets, |format| match format {
        Format::Text => plan::render_text(&result),
        Format::Json => plan::render_json(&result),
        Format::Markdown => report::markdown::plan(&result),
        Format::Html => report::html::plan(&result),
        Format::Sarif => report::sarif::plan(&result),
        Format::Junit => report::junit::plan(&result),
        Format::Concise | Format::Github | Format::Gitlab => match format.annotations() {
            Some(kind) => report::annotations::render(kind, &report::annotations::plan(&result)),
            None => String::new(),
        },
    })?;
    let reachable = result.paths.iter().any(|p| {
        matches!(
            p.verdict,
            VerdictKind::Feasible | VerdictKind::FeasibleWithConditions
        )
    });
    Ok(u8::from(!reachable))
}
