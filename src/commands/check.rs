//! `rescue-interop check A B`: both directions of rescue between two
//! vehicles.

use std::path::Path;

use super::{Failure, Judge, JudgeArgs, Library, refuse_adapter};
use crate::check::check_pair;
use crate::output;
use crate::report::{self, Format, Style};
use crate::rules::Severity;
use crate::share_safe::ShareSafe;
use crate::spec::Vehicle;

/// What `check` was asked.
#[derive(Debug, Clone)]
pub struct CheckArgs<'a> {
    pub a: &'a Path,
    pub b: &'a Path,
    pub format: Format,
    /// The lowest severity that makes the exit status 1.
    pub fail_on: Severity,
    /// `--out`, each `PATH[:FORMAT]` or `-` ([`output::targets`]); none:
    /// standard output in `format`.
    pub out: &'a [std::path::PathBuf],
    /// `--root`: the folder the specs' file references must lie in.
    pub root: Option<&'a Path>,
    /// Only the verdict lines.
    pub quiet: bool,
    pub style: Style,
    /// A report for the other party (`--share-safe`).
    pub share_safe: bool,
    /// `--share-key`: the party key a share-safe report's digests and
    /// fingerprints are keyed with (else a key made for the report).
    pub share_key: Option<&'a Path>,
    /// Config, waivers, link-budget options and phases.
    pub judge: JudgeArgs<'a>,
    /// `--stdin-filename`: the name of a spec given as `-`.
    pub stdin_filename: Option<&'a Path>,
}

/// Runs `check`: writes the report and returns the exit status.
pub fn run(args: &CheckArgs<'_>) -> Result<u8, Failure> {
    let targets = output::targets(args.out, args.format)?;
    super::refuse_quiet_with(args.quiet, &targets, Format::Text)?;
    let judge = Judge::load(&args.judge)?;
    if super::is_stdin(args.a) && super::is_stdin(args.b) {
        return Err(Failure(
            "error: only one spec can be read from standard input (-)".into(),
        ));
    }
    let name = super::stdin_name(args.stdin_filename);
    let place_a = if super::is_stdin(args.a) {
        name.as_path()
    } else {
        args.a
    };
    let place_b = if super::is_stdin(args.b) {
        name.as_path()
    } else {
        args.b
    };
    let library = Library::for_specs(&[place_a, place_b], args.root)?;
    let va = super::load_vehicle_or_stdin(&library, args.a, &name)?;
    let vb = super::load_vehicle_or_stdin(&library, args.b, &name)?;
    refuse_adapter(&va)?;
    refuse_adapter(&vb)?;
    let env = judge.environment(&library)?;
    let results = check_pair(&va, &vb, &env, &judge.selection);
    let mut report =
        report::model::build_judged_check_report([&va, &vb], &results, &judge.judging());
    report.files = report::model::file_infos_with(&[&va, &vb], &env);
    let mut files = report::source_files(&[&va, &vb]);
    files.extend(env.data_files.iter().map(|f| &**f));
    let mut inputs: Vec<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    inputs.extend(judge.waivers_path());
    output::refuse_inputs(&targets, &inputs)?;
    if args.share_safe {
        ShareSafe::new(args.share_key)?.redact_check(&mut report, &files);
    }
    output::emit_all(&targets, |format| {
        if args.quiet {
            report::text::verdict_lines(&report, args.style, false)
        } else {
            render(&report, format, &[&va, &vb], args.share_safe, args.style)
        }
    })?;
    Ok(u8::from(report.fails_at(args.fail_on)))
}

/// A check report in `format`. A share-safe text report quotes no spec
/// line, and a share-safe page draws no picture: the pictures draw spec
/// values directly, past the redaction of the report model.
pub fn render(
    report: &report::CheckReport,
    format: Format,
    vehicles: &[&Vehicle],
    share_safe: bool,
    style: Style,
) -> String {
    match format {
        Format::Json => report::json::render(report),
        Format::Text => {
            let sources = if share_safe {
                Vec::new()
            } else {
                report::source_files(vehicles)
            };
            report::text::render(report, &sources, style)
        }
        Format::Markdown => report::markdown::check(report),
        Format::Html if share_safe => report::html::check(report, &[]),
        Format::Html => report::html::check(report, vehicles),
        Format::Sarif => report::sarif::check(report),
        Format::Junit => report::junit::check(report),
        Format::Concise | Format::Github | Format::Gitlab => match format.annotations() {
            Some(kind) => report::annotations::render(kind, &report::annotations::check(report)),
            None => String::new(),
        },
    }
}
