//! `rescue-interop diff OLD NEW`: what a revision of one vehicle's spec
//! changes, in its fields and in its findings against a fleet.

use std::path::Path;

use super::{Failure, Judge, JudgeArgs, Library, is_data_file};
use crate::report;
use crate::report::annotations::{self, Kind};
use crate::rules::{self, Environment};
use crate::spec::load;

/// The output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// For a terminal.
    Text,
    /// JSON.
    Json,
    /// One `path:line:col: RULE severity: message` line per finding gained
    /// or changed.
    Concise,
    /// GitHub Actions workflow commands for the findings gained or changed.
    Github,
    /// GitLab Code Quality JSON of the findings gained or changed.
    Gitlab,
}

/// What `diff` was asked.
#[derive(Debug, Clone)]
pub struct DiffArgs<'a> {
    /// The old revision, or with `against` the spec whose git revision is
    /// the old one.
    pub old: &'a Path,
    /// The new revision (with `against`: default `old` as it is now).
    pub new: Option<&'a Path>,
    /// Folder of vehicle specs both revisions are checked against.
    pub fleet: Option<&'a Path>,
    /// A git revision to read the old spec from.
    pub against: Option<&'a str>,
    pub format: DiffFormat,
    /// `--out`, each `PATH[:FORMAT]` or `-`; none: standard output.
    pub out: &'a [std::path::PathBuf],
    /// `--fail-on`: exit 1 only when the new revision gains a finding at
    /// or above it (or raises one to it); none: exit 1 on any change.
    pub fail_on: Option<rules::Severity>,
    /// `--root`: the folder the specs' file references must lie in.
    pub root: Option<&'a Path>,
    /// A diff for the other party (docs/trust.md).
    pub share_safe: bool,
    /// The party key of a share-safe diff.
    pub share_key: Option<&'a Path>,
    /// The config's severity overrides and the link-budget options.
    pub judge: JudgeArgs<'a>,
}

/// Runs `diff`: prints the changes and returns 1 when there are any.
pub fn run(args: &DiffArgs<'_>) -> Result<u8, Failure> {
    let targets = crate::output::targets(args.out, args.format)?;
    let judge = Judge::load(&args.judge)?;
    let new_path = args.new.unwrap_or(args.old);
    let library = Library::for_specs(&[args.old, new_path], args.root)?;
    let (old_vehicle, new_path) = match args.against {
        Some(rev) => (
            load_revision(args.old, rev, &library)?,
            args.new.unwrap_or(args.old).to_path_buf(),
        ),
        None => {
            let new = args.new.ok_or_else(|| {
                Failure(
                    "error: diff needs OLD and NEW spec files, or OLD with --against REV".into(),
                )
            })?;
            (library.load_vehicle(args.old)?, new.to_path_buf())
        }
    };
    let new_vehicle = library.load_vehicle(&new_path)?;
    let mut fleet_vehicles = Vec::new();
    if let Some(dir) = args.fleet {
        let (files, problems) = load::collect_spec_paths(&[dir.to_path_buf()]);
        if !problems.is_empty() {
            return Err(Failure(report::diagnostics::render_plain(&problems)));
        }
        for path in files.iter().filter(|p| !is_data_file(p)) {
            fleet_vehicles.push(library.load_vehicle(path)?);
        }
    }
    let env = Environment {
        adapters: rules::mate::adapters::bundled(),
        ..judge.environment(&library)?
    };
    let keys = match args.share_safe {
        true => Some(crate::share_safe::ShareSafe::new(args.share_key)?),
        false => None,
    };
    let mut result = crate::diff::diff(
        &old_vehicle,
        &new_vehicle,
        &fleet_vehicles,
        &env,
        &judge.selection,
    );
    if let Some(keys) = keys {
        let fleet: Vec<&crate::spec::Vehicle> = fleet_vehicles.iter().collect();
        let mut all = vec![&old_vehicle, &new_vehicle];
        all.extend(fleet.iter().copied());
        let mut files = report::source_files(&all);
        files.extend(env.data_files.iter().map(|f| &**f));
        keys.redact_diff(&mut result, [&old_vehicle, &new_vehicle], &fleet, &files);
    }
    let mut inputs: Vec<&Path> = vec![args.old, new_path.as_path()];
    inputs.extend(fleet_vehicles.iter().map(|v| v.file.path.as_path()));
    inputs.extend(env.data_files.iter().map(|f| f.path.as_path()));
    crate::output::refuse_inputs(&targets, &inputs)?;
    crate::output::emit_all(&targets, |format| match format {
        DiffFormat::Json => crate::text::json::document(&result),
        DiffFormat::Text => crate::diff::render_text(&result),
        DiffFormat::Concise => annotations::render(Kind::Concise, &annotations::diff(&result)),
        DiffFormat::Github => annotations::render(Kind::Github, &annotations::diff(&result)),
        DiffFormat::Gitlab => annotations::render(Kind::Gitlab, &annotations::diff(&result)),
    })?;
    Ok(u8::from(match args.fail_on {
        Some(severity) => result.gains_at(severity),
        None => !result.is_empty(),
    }))
}

/// The spec at `path` as it was at git revision `rev`, read in memory (its
/// suit files resolve beside `path`; nothing is written) and named
/// `REV:PATH`, as git names it.
fn load_revision(
    path: &Path,
    rev: &str,
    library: &Library,
) -> Result<crate::spec::Vehicle, Failure> {
    if rev.starts_with('-') {
        return Err(Failure(format!(
            "error: --against '{}': a git revision does not start with '-'",
            crate::text::escape_for_terminal(rev)
        )));
    }
    let output = std::process::Command::new("git")
        .arg("show")
        .arg(format!("{rev}:./{}", path.display()))
        .output()
        .map_err(|e| Failure(format!("error: cannot run git: {e}")))?;
    if !output.status.success() {
        return Err(Failure(format!(
            "error: git show {}:{}: {}",
            crate::text::escape_for_terminal(rev),
            crate::text::escape_for_terminal(&path.display().to_string()),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    if text.len() as u64 > crate::spec::load::MAX_SPEC_BYTES {
        return Err(Failure(format!(
            "error: {}@{}: larger than the {}-byte limit for spec files",
            crate::text::escape_for_terminal(&path.display().to_string()),
            crate::text::escape_for_terminal(rev),
            crate::spec::load::MAX_SPEC_BYTES
        )));
    }
    let document = crate::spec::load::load_str_with(path, text.clone(), library.load_context())
        .map_err(|errors| Failure(super::render_load_errors(&errors)))?;
    let crate::spec::Document::Vehicle(mut vehicle) = document else {
        return Err(Failure(format!(
            "error: {}@{} is a suit file, not a vehicle spec",
            crate::text::escape_for_terminal(&path.display().to_string()),
            crate::text::escape_for_terminal(rev)
        )));
    };
    let mut named = std::ffi::OsString::from(format!("{rev}:"));
    named.push(path.as_os_str());
    vehicle.file = std::sync::Arc::new(crate::spec::SourceFile::new(named.into(), text));
    Ok(*vehicle)
}
