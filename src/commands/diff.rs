//! `rescue-interop diff OLD NEW`: what a revision of one vehicle's spec
//! changes, in its fields and in its findings against a fleet.

use std::path::Path;

use super::{Failure, Judge, JudgeArgs, is_data_file, load_vehicle};
use crate::output::print_out;
use crate::report;
use crate::rules::{self, Environment};
use crate::spec::load;

/// The output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    Text,
    Json,
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
    /// The config's severity overrides and the link-budget options.
    pub judge: JudgeArgs<'a>,
}

/// Runs `diff`: prints the changes and returns 1 when there are any.
pub fn run(args: &DiffArgs<'_>) -> Result<u8, Failure> {
    let judge = Judge::load(&args.judge)?;
    let (old_vehicle, new_path) = match args.against {
        Some(rev) => (
            load_revision(args.old, rev)?,
            args.new.unwrap_or(args.old).to_path_buf(),
        ),
        None => {
            let new = args.new.ok_or_else(|| {
                Failure(
                    "error: diff needs OLD and NEW spec files, or OLD with --against REV".into(),
                )
            })?;
            (load_vehicle(args.old)?, new.to_path_buf())
        }
    };
    let new_vehicle = load_vehicle(&new_path)?;
    let mut fleet_vehicles = Vec::new();
    if let Some(dir) = args.fleet {
        let (files, problems) = load::collect_spec_paths(&[dir.to_path_buf()]);
        if !problems.is_empty() {
            return Err(Failure(report::diagnostics::render_plain(&problems)));
        }
        for path in files.iter().filter(|p| !is_data_file(p)) {
            fleet_vehicles.push(load_vehicle(path)?);
        }
    }
    let env = Environment {
        adapters: rules::mate::adapters::bundled(),
        options: judge.options.clone(),
        ..Environment::default()
    };
    let result = crate::diff::diff(
        &old_vehicle,
        &new_vehicle,
        &fleet_vehicles,
        &env,
        &judge.selection,
    );
    let text = match args.format {
        DiffFormat::Json => {
            let mut t = serde_json::to_string_pretty(&result).unwrap_or_default();
            t.push('\n');
            t
        }
        DiffFormat::Text => crate::diff::render_text(&result),
    };
    print_out(&text);
    Ok(u8::from(!result.is_empty()))
}

/// The spec at `path` as it was at git revision `rev`.
fn load_revision(path: &Path, rev: &str) -> Result<crate::spec::Vehicle, Failure> {
    let output = std::process::Command::new("git")
        .arg("show")
        .arg(format!("{rev}:./{}", path.display()))
        .output()
        .map_err(|e| Failure(format!("error: cannot run git: {e}")))?;
    if !output.status.success() {
        return Err(Failure(format!(
            "error: git show {rev}:{}: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    // Beside the spec, so that suit files named relative to it resolve.
    let temp = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(format!(
            ".{}.{}.{}",
            path.file_name()
                .map_or("old.toml".into(), |n| n.to_string_lossy()),
            rev.replace(|c: char| !c.is_ascii_alphanumeric(), "-"),
            std::process::id()
        ));
    std::fs::write(&temp, text)
        .map_err(|e| Failure(format!("error: cannot write {}: {e}", temp.display())))?;
    let loaded = load_vehicle(&temp);
    let _ = std::fs::remove_file(&temp);
    loaded
}
