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
//! Paths are relative to the config file. Every command that judges
//! (`check`, `matrix`, `plan`, `diff`) reads it, unless `--no-config`.
//! Overrides apply inside the engine, as each finding is counted, so every
//! verdict of every command reads the overridden level; each overridden
//! finding says why it has the level it has.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Deserialize;

use crate::rules::{Severity, SeverityOverrides};

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
    /// Paths folder walks leave out (gitignore patterns, relative to the
    /// config's folder).
    pub exclude: Vec<String>,
}

/// `rescue-interop.toml`: a project's defaults for the command line and
/// its severity for some rules. Paths are relative to the file.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "rescue-interop config file (rescue-interop.toml)")]
struct RawConfig {
    /// Default `--fleet` of `diff`: a folder of vehicle specs.
    fleet: Option<PathBuf>,
    /// Default `--range` (distance for link budgets, with its unit:
    /// "23 km").
    range: Option<String>,
    /// Default `--waivers` of the commands that judge.
    waivers: Option<PathBuf>,
    /// Default `--fail-on`: the lowest severity that makes the exit
    /// status 1.
    fail_on: Option<Severity>,
    /// This project's severity for a rule, by rule id ("TRANSFER-001" =
    /// "advisory"): its findings count at that severity in every verdict.
    #[serde(default)]
    rules: BTreeMap<String, Severity>,
    /// Paths that `validate` and `matrix` leave out when they search a
    /// folder for specs: gitignore patterns relative to this file's folder
    /// (`["drafts/", "*.old.toml"]`). Hidden and gitignored paths are left
    /// out already; a file named on the command line is always read.
    #[serde(default)]
    exclude: Vec<String>,
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
        exclude: raw.exclude,
    })
}

impl Config {
    /// The severity overrides of `[rules]`, for the engine's selection.
    pub fn severities(&self) -> SeverityOverrides {
        // `load` refused unknown rule ids, so none is dropped here.
        SeverityOverrides::from_ids(self.rules.iter().map(|(id, s)| (id.as_str(), *s)))
            .unwrap_or_default()
    }

    /// The walk's exclusions: `exclude`, relative to the config's folder.
    pub fn exclusions(&self) -> Result<crate::spec::load::Exclude, String> {
        let folder = self
            .path
            .as_deref()
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        crate::spec::load::Exclude::new(folder, &self.exclude)
            .map_err(|e| format!("{e} (in {})", self.origin()))
    }

    /// Where the overrides come from, as reports name it.
    pub fn origin(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(|| FILE_NAME.to_string(), |p| p.display().to_string())
    }
}

/// The JSON Schema of the config file (published as
/// `docs/config.schema.json`), for editors.
pub fn config_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<RawConfig>().to_value();
    // The keys of [rules] are the registry's rule ids (or names).
    let ids: Vec<&str> = crate::rules::all()
        .iter()
        .flat_map(|r| [r.id, r.name])
        .collect();
    if let Some(rules) = schema.pointer_mut("/properties/rules") {
        if let Some(object) = rules.as_object_mut() {
            object.insert("propertyNames".into(), serde_json::json!({ "enum": ids }));
        }
    }
    schema
}
