//! `rescue-interop scenario FILE...`: run rescue scenarios (who is in
//! distress, where, and what the rescuer brings) with the rules of `check`.

use std::path::{Path, PathBuf};

use super::check::{Trust, apply_trust, options};
use super::{Failure, Library, render_load_errors};
use crate::check::{Selection, check_situation};
use crate::output;
use crate::report::{self, Format, Style};
use crate::rules::{Phase, Severity};
use crate::scenario::{Scenario, load::load_scenario_with};

/// What `scenario` was asked.
#[derive(Debug, Clone)]
pub struct ScenarioArgs<'a> {
    /// Scenario files.
    pub files: &'a [PathBuf],
    pub format: Format,
    /// Only rules of these phases (all when empty).
    pub phases: Vec<Phase>,
    /// The lowest severity that makes the exit status 1.
    pub fail_on: Severity,
    /// Distance for link budgets, with its unit ("23 km").
    pub range: &'a str,
    /// Blockage and multipath allowance for link budgets ("3 dB").
    pub blockage_allowance: &'a str,
    pub out: Option<&'a Path>,
    /// `--root`: the folder the scenarios' and specs' file references must
    /// lie in.
    pub root: Option<&'a Path>,
    /// Only the verdict lines.
    pub quiet: bool,
    pub style: Style,
    pub trust: Trust<'a>,
    /// Also propose changes to fixed fields (a flown vehicle's docking
    /// standard) when finding what would unblock a blocked scenario.
    pub allow_fixed: bool,
}

/// Loads every scenario file against `library` (its standards, its root);
/// every problem of every file is reported at once (nothing is run when any
/// file is bad).
pub fn load_all(files: &[PathBuf], library: &Library) -> Result<Vec<Scenario>, Failure> {
    let mut scenarios = Vec::new();
    let mut problems = String::new();
    for file in files {
        match load_scenario_with(file, library.load_context()) {
            Ok(s) => scenarios.push(s),
            Err(errors) => problems.push_str(&render_load_errors(&errors)),
        }
    }
    if !problems.is_empty() {
        return Err(Failure(problems));
    }
    let mut ids: Vec<&str> = scenarios.iter().map(|s| s.id.as_str()).collect();
    ids.sort_unstable();
    if let Some(pair) = ids.windows(2).find(|w| w.first() == w.get(1)) {
        return Err(Failure(format!(
            "error: two scenarios share the id '{}'",
            crate::text::escape_for_terminal(pair.first().copied().unwrap_or(""))
        )));
    }
    Ok(scenarios)
}

/// Runs `scenario`: writes the report and returns the exit status.
pub fn run(args: &ScenarioArgs<'_>) -> Result<u8, Failure> {
    let options = options(args.range, args.blockage_allowance)?;
    let paths: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    let library = Library::for_specs(&paths, args.root)?;
    let scenarios = load_all(args.files, &library)?;
    let selection = Selection {
        phases: args.phases.clone(),
    };
    let env = library.environment(options)?;
    let results: Vec<_> = scenarios
        .iter()
        .map(|s| check_situation(&s.situation(), &env, &selection))
        .collect();
    let pairs: Vec<_> = scenarios.iter().zip(&results).collect();
    let mut report = report::model::build_scenario_report(&pairs);
    // A blocked scenario says what would unblock it.
    let options = crate::plan::PlanOptions {
        allow_fixed: args.allow_fixed,
        ..crate::plan::PlanOptions::default()
    };
    for ((scenario, result), statement) in pairs.iter().zip(&mut report.scenarios) {
        if result.verdict.kind == crate::check::VerdictKind::Blocked {
            statement.remedies_searched = true;
            statement.remedies = crate::plan::remediate_scenario(scenario, &env, &options)
                .iter()
                .map(Into::into)
                .collect();
        }
    }
    for info in report::model::file_infos_with(&[], &env) {
        if !report.files.contains(&info) {
            report.files.push(info);
        }
    }
    let mut files: Vec<&crate::spec::SourceFile> =
        scenarios.iter().flat_map(|s| s.source_files()).collect();
    files.extend(env.data_files.iter().map(|f| &**f));
    let mut inputs: Vec<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    inputs.extend(args.trust.waivers.as_deref());
    output::refuse_input(args.out, &inputs)?;
    apply_trust(&mut report, &args.trust, &files)?;
    let text = if args.quiet {
        report
            .directions
            .iter()
            .map(|d| format!("{}\n", report::text::verdict_line(d, args.style)))
            .collect()
    } else {
        let sources: Vec<&crate::spec::SourceFile> = if args.trust.share_safe {
            Vec::new()
        } else {
            scenarios.iter().flat_map(|s| s.source_files()).collect()
        };
        match (args.format, scenarios.as_slice()) {
            // The pictures draw one pair's ports and cabins.
            (Format::Html, [one]) if !args.trust.share_safe => {
                report::html::check(&report, &[&one.rescuer, &one.distressed])
            }
            (Format::Text, _) => report::text::render(&report, &sources, args.style),
            (format, _) => super::check::render(&report, format, &[], true, args.style),
        }
    };
    output::emit(args.out, &text)?;
    Ok(u8::from(report.fails_at(args.fail_on)))
}
