//! The commands of the `rescue-interop` binary, as library functions: each
//! loads its inputs, runs the engine, writes its report and returns the exit
//! status. `main.rs` only parses the command line and calls them.
//!
//! Exit status: 0 no finding at or above `--fail-on`, 1 at least one, 2 bad
//! input or usage: a [`Failure`], whose message the binary prints on
//! standard error.

pub mod check;
pub mod diff;
pub mod gaps;
pub mod library;
pub mod matrix;
pub mod plan;
pub mod registry;
pub mod scenario;
pub mod validate;

use std::path::{Path, PathBuf};

pub use library::Library;

use crate::check::Selection;
use crate::config::{self, Config};
use crate::decibel::Decibels;
use crate::report;
use crate::report::model::Judging;
use crate::rules::{Environment, Options, Phase};
use crate::spec;
use crate::units::Kind;
use crate::waivers::{self, Waivers};

/// A failure that ends the command with exit status 2: the message names
/// the file, line and field where it can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure(pub String);

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure(message)
    }
}

/// Loads one vehicle spec against the bundled data, its problems rendered
/// with their source lines (see [`Library::load_vehicle`] for the data
/// beside the specs).
pub fn load_vehicle(path: &Path) -> Result<spec::Vehicle, Failure> {
    spec::load_vehicle(path).map_err(|errors| Failure(render_load_errors(&errors)))
}

/// A spec's load errors as `validate` prints them: with the source line
/// where the problem has one, plainly where it has none.
pub fn render_load_errors(errors: &spec::LoadErrors) -> String {
    let text = report::diagnostics::render(&errors.diagnostics, &errors.files);
    if !text.is_empty() {
        return text;
    }
    report::diagnostics::render_plain(&errors.diagnostics)
}

/// A waivers file's problems as `validate` prints a spec's: with the source
/// line where the problem has one.
pub fn render_waiver_errors(errors: &waivers::WaiverErrors) -> String {
    let text = report::diagnostics::render(&errors.diagnostics, std::slice::from_ref(&errors.file));
    if text.is_empty() {
        report::diagnostics::render_plain(&errors.diagnostics)
    } else {
        text
    }
}

/// The environment for specs at `spec_paths`, with `env`'s options: the
/// data of their [`Library`].
pub fn environment_for(spec_paths: &[&Path], env: Environment) -> Result<Environment, Failure> {
    Library::for_specs(spec_paths, None)?.environment(env.options)
}

/// The config named by `--config`, else the one found upward from the
/// current folder, else none; none at all with `--no-config`.
pub fn load_config(named: Option<&Path>, no_config: bool) -> Result<Config, Failure> {
    if no_config {
        return match named {
            Some(_) => Err(Failure(
                "error: --config and --no-config contradict each other".into(),
            )),
            None => Ok(Config::default()),
        };
    }
    let path: Option<PathBuf> = match named {
        Some(p) => Some(p.to_path_buf()),
        None => std::env::current_dir()
            .ok()
            .and_then(|dir| config::find(&dir)),
    };
    match path {
        Some(p) => config::load(&p).map_err(Failure),
        None => Ok(Config::default()),
    }
}

/// Whether a path names one of the data files that sit among specs
/// (interface standards, crew envelopes, vocabularies) rather than a
/// vehicle spec.
pub fn is_data_file(path: &Path) -> bool {
    spec::is_data_file(path)
}

/// What every command that judges (check, matrix, plan, diff) is told
/// besides its specs: the config, the waivers file, the link-budget
/// options and the phases to run. Flags win over the config.
#[derive(Debug, Clone)]
pub struct JudgeArgs<'a> {
    pub config: &'a Config,
    /// `--waivers`; else the config's `waivers`.
    pub waivers: Option<&'a Path>,
    /// `--range`; else the config's `range`, else 23 km.
    pub range: Option<&'a str>,
    /// `--blockage-allowance`.
    pub blockage_allowance: &'a str,
    /// `--phase` (all when empty).
    pub phases: Vec<Phase>,
}

/// The default `--range`.
pub const DEFAULT_RANGE: &str = "23 km";
/// The default `--blockage-allowance`.
pub const DEFAULT_BLOCKAGE_ALLOWANCE: &str = "3 dB";

impl<'a> JudgeArgs<'a> {
    /// Everything at its default, with `config`.
    pub fn with_config(config: &'a Config) -> Self {
        JudgeArgs {
            config,
            waivers: None,
            range: None,
            blockage_allowance: DEFAULT_BLOCKAGE_ALLOWANCE,
            phases: Vec::new(),
        }
    }
}

/// How a command judges, loaded once: the rules and severities to run, the
/// options the rules read, and the waivers in force today.
#[derive(Debug, Clone)]
pub struct Judge {
    pub selection: Selection,
    pub options: Options,
    pub waivers: Option<Waivers>,
    /// Where the waivers were read from.
    pub waivers_path: Option<PathBuf>,
    /// The config file the severity overrides come from.
    pub overrides_from: String,
}

impl Judge {
    /// Reads the waivers file and the options; exit 2 on a bad one.
    pub fn load(args: &JudgeArgs<'_>) -> Result<Judge, Failure> {
        let range = args
            .range
            .or(args.config.range.as_deref())
            .unwrap_or(DEFAULT_RANGE);
        let options = link_options(range, args.blockage_allowance)?;
        let waivers_path = args.waivers.or(args.config.waivers.as_deref());
        let waivers = match waivers_path {
            Some(path) => Some(
                Waivers::load(path, crate::clock::today().map_err(Failure)?)
                    .map_err(|e| Failure(render_waiver_errors(&e)))?,
            ),
            None => None,
        };
        Ok(Judge {
            selection: Selection {
                phases: args.phases.clone(),
                severities: args.config.severities(),
            },
            options,
            waivers,
            waivers_path: waivers_path.map(Path::to_path_buf),
            overrides_from: args.config.origin(),
        })
    }

    /// What the report model judges with besides the rules.
    pub fn judging(&self) -> Judging<'_> {
        Judging {
            waivers: self.waivers.as_ref(),
            overrides_from: Some(&self.overrides_from),
        }
    }

    /// The environment the rules see: `library`'s data, with these options.
    pub fn environment(&self, library: &Library) -> Result<Environment, Failure> {
        library.environment(self.options.clone())
    }

    /// The waivers file read, for `--out` to refuse it.
    pub fn waivers_path(&self) -> Option<&Path> {
        self.waivers_path.as_deref()
    }
}

/// The link-budget options from the command line's texts.
pub fn link_options(range: &str, blockage_allowance: &str) -> Result<Options, Failure> {
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

/// `--quiet` prints the verdict lines as text: with an output in another
/// format it would silently replace that format, so the pair is refused.
pub fn refuse_quiet_with<F: Copy + PartialEq + std::fmt::Debug>(
    quiet: bool,
    targets: &[crate::output::Target<F>],
    text: F,
) -> Result<(), Failure> {
    match targets.iter().find(|t| t.format != text) {
        Some(t) if quiet => Err(Failure(format!(
            "error: --quiet prints the verdict lines as text; it does not combine with the {} format (drop --quiet, or write that format with --out)",
            format!("{:?}", t.format).to_lowercase()
        ))),
        _ => Ok(()),
    }
}

/// Whether a spec path is `-`: standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The name a spec read from standard input goes by in diagnostics and
/// reports: `--stdin-filename`, else `<stdin>`. Its folder is where the
/// spec's library (data files, suit files) is looked for.
pub fn stdin_name(stdin_filename: Option<&Path>) -> PathBuf {
    stdin_filename.map_or_else(|| PathBuf::from("<stdin>"), Path::to_path_buf)
}

/// Standard input, read whole, at most a spec file's size limit.
pub fn read_stdin(name: &Path) -> Result<String, Failure> {
    use std::io::Read;
    let mut text = String::new();
    std::io::stdin()
        .take(spec::load::MAX_SPEC_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| {
            Failure(format!(
                "error: {}: cannot read standard input: {e}",
                report::display_path(&spec::SourceFile::new(name.to_path_buf(), String::new()))
            ))
        })?;
    if text.len() as u64 > spec::load::MAX_SPEC_BYTES {
        return Err(Failure(format!(
            "error: standard input: larger than the {}-byte limit for spec files",
            spec::load::MAX_SPEC_BYTES
        )));
    }
    Ok(text)
}

/// The vehicle spec at `path`, or read from standard input when `path` is
/// `-` (named `name`).
pub fn load_vehicle_or_stdin(
    library: &Library,
    path: &Path,
    name: &Path,
) -> Result<spec::Vehicle, Failure> {
    if !is_stdin(path) {
        return library.load_vehicle(path);
    }
    let text = read_stdin(name)?;
    match spec::load::load_str_with(name, text, library.load_context())
        .map_err(|e| Failure(render_load_errors(&e)))?
    {
        spec::Document::Vehicle(v) => Ok(*v),
        _ => Err(Failure(format!(
            "error: {}: standard input is not a vehicle spec",
            crate::text::escape_for_terminal(&name.display().to_string())
        ))),
    }
}

/// Refuses an adapter where a vehicle that carries a crew is needed: an
/// adapter rescues no one and has no crew to rescue; it is routed through.
pub fn refuse_adapter(vehicle: &spec::Vehicle) -> Result<(), Failure> {
    if vehicle.kind != spec::VehicleKind::Adapter {
        return Ok(());
    }
    Err(Failure(format!(
        "error: {} is an adapter ({}, kind = \"adapter\"), not a vehicle with a crew: it neither rescues a crew nor needs rescue.\n  \
         An adapter is routed through: MATE-001 names it when it bridges two vehicles' ports \
         (adapters are read from an `adapters` folder beside the specs, else the bundled library), \
         and `rescue-interop plan A B --via DIR` finds paths through it.",
        report::display_path(&vehicle.file),
        crate::text::escape_for_terminal(&vehicle.name)
    )))
}
