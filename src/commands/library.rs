//! What a command's specs are read against, found beside them: the
//! interface standards (to read their ports and to mate them), the crew
//! envelopes, the flight record and the adapter library, each else the bundled copy; and the
//! root folder their file references must lie in (`--root`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Failure, render_load_errors};
use crate::rules::{self, Environment, Options};
use crate::spec::load::LoadContext;
use crate::spec::{self, SourceFile, Standards, Vehicle};

/// The data beside a set of specs, loaded once.
#[derive(Debug, Clone)]
pub struct Library {
    /// The standards the specs' ports are read against and mated by.
    pub standards: Arc<Standards>,
    /// `--root`: where file references may resolve (`None`: each spec's
    /// own tree, see [`spec::reference`]).
    pub root: Option<PathBuf>,
    /// The crew envelopes MATE-003 reads.
    pub crew_envelopes: Arc<[rules::mate::crew_envelopes::CrewEnvelope]>,
    /// The flight record the rules consult where a value is unknown.
    pub record: Arc<crate::record::FlightRecord>,
    /// The `adapters` folder beside the specs, when there is one.
    pub adapters_dir: Option<PathBuf>,
    /// Data files read beside the specs: reports name them with their
    /// digest, as they do the specs.
    pub data_files: Vec<Arc<SourceFile>>,
}

impl Library {
    /// The library for specs at `spec_paths`: an `interface-standards.toml`
    /// and a `crew-envelopes.toml` beside one of them or beside its folder
    /// (as `specs/vehicles/x.toml` finds `specs/`), else the bundled files.
    /// A data file that does not load is an error with its line and field.
    pub fn for_specs(spec_paths: &[&Path], root: Option<&Path>) -> Result<Self, Failure> {
        let mut data_files = Vec::new();
        let standards = match rules::mate::adapters::find_beside(
            spec_paths,
            spec::standards::FILE_NAME,
            Path::is_file,
        ) {
            Some(path) => {
                let (standards, file) = Standards::load_file(&path)
                    .map_err(|errors| Failure(render_load_errors(&errors)))?;
                data_files.push(file);
                Arc::new(standards)
            }
            None => Standards::bundled_shared(),
        };
        let crew_envelopes = match rules::mate::crew_envelopes::find_file(spec_paths) {
            Some(path) => {
                let (envelopes, file) = rules::mate::crew_envelopes::load_file(&path)
                    .map_err(|errors| Failure(render_load_errors(&errors)))?;
                data_files.push(file);
                envelopes.into()
            }
            None => rules::mate::crew_envelopes::bundled().into(),
        };
        let record = match crate::record::FlightRecord::find(spec_paths) {
            Some(path) => {
                let record = crate::record::FlightRecord::load(&path)
                    .map_err(|errors| Failure(render_load_errors(&errors)))?;
                data_files.push(record.file.clone());
                Arc::new(record)
            }
            None => crate::record::FlightRecord::bundled_shared(),
        };
        Ok(Library {
            standards,
            root: root.map(Path::to_path_buf),
            crew_envelopes,
            record,
            adapters_dir: rules::mate::adapters::find_dir(spec_paths),
            data_files,
        })
    }

    /// The bundled data, references confined to each spec's own tree.
    pub fn bundled() -> Self {
        Library {
            standards: Standards::bundled_shared(),
            root: None,
            crew_envelopes: rules::mate::crew_envelopes::bundled().into(),
            record: crate::record::FlightRecord::bundled_shared(),
            adapters_dir: None,
            data_files: Vec::new(),
        }
    }

    /// How specs of this library are loaded.
    pub fn load_context(&self) -> LoadContext<'_> {
        LoadContext {
            standards: &self.standards,
            root: self.root.as_deref(),
        }
    }

    /// Loads one vehicle spec, its problems rendered with their source lines.
    pub fn load_vehicle(&self, path: &Path) -> Result<Vehicle, Failure> {
        spec::load_vehicle_with(path, self.load_context())
            .map_err(|errors| Failure(render_load_errors(&errors)))
    }

    /// The environment the rules see: this library's data, the adapters of
    /// its `adapters` folder (else the bundled ones) and `options`.
    pub fn environment(&self, options: Options) -> Result<Environment, Failure> {
        let adapters = match &self.adapters_dir {
            Some(dir) => rules::mate::adapters::load_dir(dir, self.load_context())
                .map_err(|errors| Failure(render_load_errors(&errors)))?
                .into(),
            None => rules::mate::adapters::bundled(),
        };
        Ok(Environment {
            standards: self.standards.clone(),
            options,
            adapters,
            crew_envelopes: self.crew_envelopes.clone(),
            data_files: self.data_files.clone(),
            record: self.record.clone(),
        })
    }
}
