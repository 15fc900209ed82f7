//! `rescue-interop scenario FILE...`: run rescue scenarios (who is in
//! distress, where, and what the rescuer brings) with the rules of `check`.

use std::path::{Path, PathBuf};

use super::{Failure, Judge, JudgeArgs, Library, render_load_errors};
use crate::check::check_situation;
use crate::output;
use crate::report::{self, Format, Style};
use crate::rules::Severity;
use crate::scenario::{Scenario, load::load_scenario_with};
use crate::share_safe::ShareSafe;

/// What `scenario` was asked.
#[derive(Debug, Clone)]
pub struct ScenarioArgs<'a> {
    /// Scenario files.
    pub files: &'a [PathBuf],
    pub format: Format,
    /// The lowest severity that makes the exit status 1.
    pub fail_on: Severity,
    /// `--out`, each `PATH[:FORMAT]` or `-`; none: standard output.
    pub out: &'a [PathBuf],
    /// `--root`: the folder the scenarios' and specs' file references must
    /// lie in.
    pub root: Option<&'a Path>,
    /// Only the verdict lines.
    pub quiet: bool,
    pub style: Style,
    /// A report for the other party (`--share-safe`).
    pub share_safe: bool,
    /// `--share-key`: the party key a share-safe report is keyed with.
    pub share_key: Option<&'a Path>,
    /// Config, waivers, link-budget options and phases.
    pub judge: JudgeArgs<'a>,
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
    let targets = output::targets(args.out, args.format)?;
    super::refuse_quiet_with(args.quiet, &targets, Format::Text)?;
    let judge = Judge::load(&args.judge)?;
    let paths: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    let library = Library::for_specs(&paths, args.root)?;
    let scenarios = load_all(args.files, &library)?;
    let env = judge.environment(&library)?;
    let results: Vec<_> = scenarios
        .iter()
        .map(|s| check_situation(&s.situation(), &env, &judge.selection))
        .collect();
    let pairs: Vec<_> = scenarios.iter().zip(&results).collect();
    let mut report = report::model::build_scenario_report(&pairs, &judge.judging());
    // A blocked scenario says what would unblock it.
    let options = crate::plan::PlanOptions {
        allow_fixed: args.allow_fixed,
        selection: judge.selection.clone(),
        waivers: judge.waivers.clone(),
        ..crate::plan::PlanOptions::default()
    };
    let blocked: Vec<bool> = report
        .directions
        .iter()
        .map(|d| d.verdict.kind == crate::check::VerdictKind::Blocked)
        .collect();
    for ((scenario, blocked), statement) in scenarios.iter().zip(blocked).zip(&mut report.scenarios)
    {
        if blocked {
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
    inputs.extend(judge.waivers_path());
    output::refuse_inputs(&targets, &inputs)?;
    if args.share_safe {
        ShareSafe::new(args.share_key)?.redact_check(&mut report, &files);
    }
    let sources: Vec<&crate::spec::SourceFile> = if args.share_safe {
        Vec::new()
    } else {
        scenarios.iter().flat_map(|s| s.source_files()).collect()
    };
    let render = |format: Format| -> String {
        if args.quiet {
            return report
                .directions
                .iter()
                .map(|d| format!("{}\n", report::text::verdict_line(d, args.style)))
                .collect();
        }
        match (format, scenarios.as_slice()) {
            // The pictures draw one pair's ports and cabins.
            (Format::Html, [one]) if !args.share_safe => {
                report::html::check(&report, &[&one.rescuer, &one.distressed])
            }
            (Format::Text, _) => report::text::render(&report, &sources, args.style),
            (format, _) => super::check::render(&report, format, &[], true, args.style),
        }
    };
    output::emit_all(&targets, render)?;
    Ok(u8::from(report.fails_at(args.fail_on)))
}
