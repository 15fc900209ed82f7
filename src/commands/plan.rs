//! `rescue-interop plan A B --via DIR`: rescue paths through adapters and
//! stations, and the smallest changes that unblock a pair.

use std::path::Path;

use super::{Failure, Judge, JudgeArgs, load_vehicle, refuse_adapter, with_crew_envelopes};
use crate::check::VerdictKind;
use crate::output::print_out;
use crate::plan::{self, PlanOptions};
use crate::report::{self, Format};
use crate::rules::Environment;

/// What `plan` was asked.
#[derive(Debug, Clone)]
pub struct PlanArgs<'a> {
    /// The rescuer's spec.
    pub a: &'a Path,
    /// The spec of the vehicle whose crew needs rescue.
    pub b: &'a Path,
    /// Folder of intermediate vehicles, stations and adapters.
    pub via: Option<&'a Path>,
    pub max_hops: usize,
    pub format: Format,
    /// Also propose changes to fixed fields.
    pub allow_fixed: bool,
    /// The config's severity overrides and the link-budget options.
    pub judge: JudgeArgs<'a>,
}

/// Runs `plan`: prints the plan and returns 0 when some path is feasible
/// (with or without conditions), 1 when none is.
pub fn run(args: &PlanArgs<'_>) -> Result<u8, Failure> {
    let judge = Judge::load(&args.judge)?;
    let rescuer = load_vehicle(args.a)?;
    let distressed = load_vehicle(args.b)?;
    refuse_adapter(&rescuer)?;
    refuse_adapter(&distressed)?;
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
    let env = with_crew_envelopes(
        Environment {
            options: judge.options.clone(),
            ..Environment::default()
        },
        &[args.a, args.b],
    )?;
    let options = PlanOptions {
        max_hops: args.max_hops,
        allow_fixed: args.allow_fixed,
        selection: judge.selection.clone(),
        waivers: judge.waivers.clone(),
        ..PlanOptions::default()
    };
    let result = plan::plan(&rescuer, &distressed, &intermediates, &env, &options);
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
