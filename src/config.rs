//! The project config file, `rescue-interop.toml`: defaults for the command
//! line and per-rule severity overrides.
//!
//! ```toml
//! fleet = "specs/vehicles"      # default --fleet of `diff`
//! range = "23 km"               # default --range
//! waivers = "waivers.toml"      # default --waivers
//! fail_on = "conditional"       # default --fail-on
//! [rules]
//! "TRANSFER-001" = "advisory"   # this project's severity for the rule
//! ```
//!
//! Paths are relative to the config file. Overrides apply after the check,
//! as a transformation of the report; each overridden finding says why it
//! has the level it has, and the exit status reads the overridden level.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::report::CheckReport;
use crate::rules::Severity;

/// The file name searched for upward from the current folder.
pub const FILE_NAME: &str = "rescue-interop.toml";

/// A loaded config file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Where it was read from.
    pub path: Option<PathBuf>,
    pub fleet: Option<PathBuf>,
    pub range: Option<String>,
    pub waivers: Option<PathBuf>,
    pub fail_on: Option<Severity>,
    /// Rule id to severity.
    pub rules: BTreeMap<String, Severity>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    fleet: Option<PathBuf>,
    range: Option<String>,
    waivers: Option<PathBuf>,
    fail_on: Option<Severity>,
    #[serde(default)]
    rules: BTreeMap<String, Severity>,
}

/// The config file of `start` or its nearest ancestor folder.
pub fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Reads a config file; the error names the file, line and column.
pub fn load(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("error: cannot read config {}: {e}", path.display()))?;
    let raw: RawConfig = toml::from_str(&text).map_err(|e| {
        let place = e.span().map_or(String::new(), |r| {
            let file = crate::spec::SourceFile::new(path.to_path_buf(), text.clone());
            let (line, column) = file.line_col(r.start as u32);
            format!(":{line}:{column}")
        });
        format!("error: {}{place}: {}", path.display(), e.message().trim())
    })?;
    for id in raw.rules.keys() {
        if crate::rules::find(id).is_none() {
            return Err(format!(
                "error: {}: [rules] names no rule '{}' (see `rescue-interop rules`)",
                path.display(),
                crate::text::escape_for_terminal(id)
            ));
        }
    }
    let dir = path.parent().unwrap_or(Path::new(""));
    Ok(Config {
        path: Some(path.to_path_buf()),
        fleet: raw.fleet.map(|p| dir.join(p)),
        range: raw.range,
        waivers: raw.waivers.map(|p| dir.join(p)),
        fail_on: raw.fail_on,
        rules: raw.rules,
    })
}

/// Applies the severity overrides to every finding of their rules.
pub fn apply_overrides(report: &mut CheckReport, config: &Config) {
    let origin = config
        .path
        .as_ref()
        .map_or_else(|| FILE_NAME.to_string(), |p| p.display().to_string());
    for finding in report.directions.iter_mut().flat_map(|d| &mut d.findings) {
        let Some((_, level)) = config
            .rules
            .iter()
            .find(|(id, _)| id.eq_ignore_ascii_case(&finding.rule))
        else {
            continue;
        };
        if *level == finding.severity {
            continue;
        }
        finding.severity_reason = Some(format!(
            "{} by the project's override in {} (the rule found it {})",
            level,
            crate::text::escape_for_terminal(&origin),
            finding.severity
        ));
        finding.severity = *level;
    }
    crate::report::model::recompute_verdicts(report);
}
