//! `rescue-interop check A B`: both directions of rescue between two
//! vehicles.

use std::path::{Path, PathBuf};

use super::{Failure, Library};
use crate::check::{Selection, check_pair};
use crate::config::{self, Config};
use crate::decibel::Decibels;
use crate::output;
use crate::report::{self, Format, Style};
use crate::rules::{Options, Phase, Severity};
use crate::spec::Vehicle;
use crate::units::Kind;
use crate::{share_safe, waivers};

/// What `check` was asked.
#[derive(Debug, Clone)]
pub struct CheckArgs<'a> {
    pub a: &'a Path,
    pub b: &'a Path,
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
    /// `--root`: the folder the specs' file references must lie in.
    pub root: Option<&'a Path>,
    /// Only the verdict lines.
    pub quiet: bool,
    pub style: Style,
    pub trust: Trust<'a>,
}

/// What `check` does to a report after the rules ran: severity overrides
/// of the config file, waivers, share-safe redaction (last, so that waiver
/// reasons and override reasons are redacted too).
#[derive(Debug, Clone)]
pub struct Trust<'c> {
    pub waivers: Option<PathBuf>,
    pub share_safe: bool,
    /// `--share-key`: the party key a share-safe report's digests and
    /// fingerprints are keyed with (else a key made for the report).
    pub share_key: Option<PathBuf>,
    pub config: &'c Config,
}

/// Runs `check`: writes the report and returns the exit status.
pub fn run(args: &CheckArgs<'_>) -> Result<u8, Failure> {
    let options = options(args.range, args.blockage_allowance)?;
    let library = Library::for_specs(&[args.a, args.b], args.root)?;
    let va = library.load_vehicle(args.a)?;
    let vb = library.load_vehicle(args.b)?;
    let env = library.environment(options)?;
    let selection = Selection {
        phases: args.phases.clone(),
    };
    let results = check_pair(&va, &vb, &env, &selection);
    let mut report = report::build_check_report([&va, &vb], &results);
    report.files = report::model::file_infos_with(&[&va, &vb], &env);
    let mut files = report::source_files(&[&va, &vb]);
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
        render(
            &report,
            args.format,
            &[&va, &vb],
            args.trust.share_safe,
            args.style,
        )
    };
    output::emit(args.out, &text)?;
    Ok(u8::from(report.fails_at(args.fail_on)))
}

/// The link-budget options from the command line's texts.
pub(crate) fn options(range: &str, blockage_allowance: &str) -> Result<Options, Failure> {
    let range_m = Kind::Length.parse_si(range).map_err(|e| {
        Failure(format!(
            "error: --range '{}': {e}; expected a distance such as \"23 km\"",
            crate::text::escape_for_terminal(range)
        ))
    })?;
    let blockage_allowance: Decibels = blockage_allowance.parse().map_err(|e| {
        Failure(format!(
            "error: --blockage-allowance '{}': {e}",
            crate::text::escape_for_terminal(blockage_allowance)
        ))
    })?;
    Ok(Options {
        range: uom::si::f64::Length::new::<uom::si::length::meter>(range_m),
        blockage_allowance,
        ..Options::default()
    })
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
    }
}

/// Applies the config's severity overrides, the waivers and share-safe
/// redaction to a report, in that order. `files` are every file the report
/// was built from (specs, suit files, data files).
pub fn apply_trust(
    report: &mut report::CheckReport,
    trust: &Trust<'_>,
    files: &[&crate::spec::SourceFile],
) -> Result<(), Failure> {
    config::apply_overrides(report, trust.config);
    if let Some(path) = &trust.waivers {
        let list = waivers::load(path).map_err(|e| Failure(e.render()))?;
        waivers::apply(
            report,
            &list,
            &path.display().to_string(),
            waivers::Date::today(),
        );
    }
    if trust.share_safe {
        share_safe::ShareSafe::new(trust.share_key.as_deref())?.redact_check(report, files);
    }
    Ok(())
}
