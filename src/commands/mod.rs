//! The commands of the `rescue-interop` binary, as library functions: each
//! loads its inputs, runs the engine, writes its report and returns the exit
//! status. `main.rs` only parses the command line and calls them.
//!
//! Exit status: 0 no finding at or above `--fail-on`, 1 at least one, 2 bad
//! input or usage: a [`Failure`], whose message the binary prints on
//! standard error.

pub mod check;
pub mod diff;
pub mod library;
pub mod matrix;
pub mod plan;
pub mod registry;
pub mod scenario;
pub mod validate;

use std::path::{Path, PathBuf};

pub use library::Library;

use crate::config::{self, Config};
use crate::report;
use crate::rules::Environment;
use crate::spec;

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

/// The environment for specs at `spec_paths`, with `env`'s options: the
/// data of their [`Library`].
pub fn environment_for(spec_paths: &[&Path], env: Environment) -> Result<Environment, Failure> {
    Library::for_specs(spec_paths, None)?.environment(env.options)
}

/// The config named by `--config`, else the one found upward from the
/// current folder, else none.
pub fn load_config(named: Option<&Path>) -> Result<Config, Failure> {
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
