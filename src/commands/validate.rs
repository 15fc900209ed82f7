//! `rescue-interop validate`: load spec files and report every problem with
//! file, line, column and field.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Failure, Library};
use crate::output::{print_err, write_stdout};
use crate::report;
use crate::report::annotations::{Annotation, Kind};
use crate::rules;
use crate::spec::{self, Standards, load};

/// Validates every spec under `paths` (files, or folders searched for
/// `.toml` files): vehicle specs, suit files and the data files (interface
/// standards, crew envelopes, launch sites, vocabularies, the flight
/// record, whose names are checked against the specs beside it), each spec read
/// against the data files beside it (as `check` reads it). Prints
/// "N spec file(s) valid" and returns 0, or fails with every problem.
///
/// A value outside what flown vehicles show (`spec::limits`) is a warning,
/// printed on standard error; with `strict` it is a problem like any other.
pub fn run(paths: &[PathBuf], strict: bool, root: Option<&Path>) -> Result<u8, Failure> {
    run_as(paths, strict, root, None, None)
}

/// [`run`], its problems and warnings written in `annotations` (one line
/// or Code Quality issue each, on standard output) instead of rendered
/// with their source lines. The exit status is the same: 2 on a problem.
pub fn run_as(
    paths: &[PathBuf],
    strict: bool,
    root: Option<&Path>,
    annotations: Option<Kind>,
    stdin_filename: Option<&Path>,
) -> Result<u8, Failure> {
    let config = super::load_config(None, false)?;
    // `-` is standard input, read once, named by --stdin-filename.
    let stdin_name = super::stdin_name(stdin_filename);
    let stdin_text = match paths.iter().filter(|p| super::is_stdin(p)).count() {
        0 => None,
        1 => Some(super::read_stdin(&stdin_name)?),
        _ => {
            return Err(Failure(
                "error: standard input (-) can be named once".into(),
            ));
        }
    };
    let walked: Vec<PathBuf> = paths
        .iter()
        .filter(|p| !super::is_stdin(p))
        .cloned()
        .collect();
    let found = load::find_specs(&walked, &config.exclusions().map_err(Failure)?);
    let (mut files, problems) = (found.files, found.problems);
    if stdin_text.is_some() {
        files.insert(0, stdin_name.clone());
    }
    // A folder's .toml files that are not specs are said, not read.
    let notes: String = found
        .skipped
        .iter()
        .map(|(path, why)| {
            format!(
                "note: skipped {}: {why}\n",
                crate::text::escape_for_terminal(&path.display().to_string())
            )
        })
        .collect();
    if annotations.is_none() {
        print_err(&notes);
    }
    let mut flat = crate::report::annotations::diagnostics(&problems, true);
    // Problems found outside a spec's own loading (unreadable paths) have no
    // excerpt; those of the files read are rendered as they come.
    let mut rendered = report::diagnostics::render_plain(&problems);
    let mut count = problems.len();
    let mut bad: Vec<PathBuf> = problems.iter().map(|d| d.file.clone()).collect();
    let mut warned = String::new();
    let mut warnings = 0usize;
    let mut valid = 0usize;
    let mut libraries: HashMap<PathBuf, Library> = HashMap::new();
    let bundled = Library {
        root: root.map(Path::to_path_buf),
        ..Library::bundled()
    };
    for (i, path) in files.iter().enumerate() {
        let from_stdin = stdin_text.is_some() && i == 0;
        let (outcome, found) = match check_data_file(path).filter(|_| !from_stdin) {
            Some(result) => (result, load::LoadWarnings::default()),
            // The flight record is checked against the specs beside it.
            None if is_flight_record(path) && !from_stdin => {
                crate::record::names::validate_file(path)
            }
            None => {
                let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
                let library = libraries.entry(folder).or_insert_with(|| {
                    // A data file beside the specs that does not load is
                    // reported once; the specs are then read against the
                    // bundled data.
                    Library::for_specs(&[path.as_path()], root).unwrap_or_else(|failure| {
                        if !rendered.contains(&failure.0) {
                            rendered.push_str(&failure.0);
                            count += 1;
                            flat.push(library_problem(path, &failure.0));
                        }
                        bundled.clone()
                    })
                });
                let (result, found) = match (&stdin_text, i) {
                    (Some(text), 0) => {
                        load::check_str_with(path, text.clone(), library.load_context())
                    }
                    _ => load::check_path_with(path, library.load_context()),
                };
                (result.map(|_| ()), found)
            }
        };
        if !found.diagnostics.is_empty() {
            let text = report::diagnostics::render_warnings(&found.diagnostics, &found.files);
            flat.extend(crate::report::annotations::diagnostics(
                &found.diagnostics,
                strict,
            ));
            if strict {
                rendered.push_str(&text);
                count += found.diagnostics.len();
                bad.push(path.clone());
                if outcome.is_ok() {
                    continue;
                }
            } else {
                warnings += found.diagnostics.len();
                warned.push_str(&text);
            }
        }
        match outcome {
            Ok(()) => valid += 1,
            Err(errors) => {
                flat.extend(crate::report::annotations::diagnostics(
                    &errors.diagnostics,
                    true,
                ));
                rendered.push_str(&super::render_load_errors(&errors));
                count += errors.diagnostics.len();
                bad.push(path.clone());
            }
        }
    }
    if files.is_empty() && problems.is_empty() {
        return Err(Failure(
            "error: no .toml spec files found in the given paths".into(),
        ));
    }
    if let Some(kind) = annotations {
        write_stdout(&crate::report::annotations::render(kind, &flat))?;
        return Ok(if count == 0 { 0 } else { 2 });
    }
    if count == 0 {
        if warnings > 0 {
            print_err(&warned);
            write_stdout(&format!(
                "{valid} spec file(s) valid, {warnings} warning(s) (validate --strict refuses them)\n"
            ))?;
        } else {
            write_stdout(&format!("{valid} spec file(s) valid\n"))?;
        }
        return Ok(0);
    }
    rendered.insert_str(0, &warned);
    // Paths that could not even be read (a symlink loop, a missing file)
    // count as files with problems too.
    bad.sort();
    bad.dedup();
    let unreadable = bad.iter().filter(|p| !files.contains(p)).count();
    rendered.push_str(&format!(
        "{count} problem(s) in {} of {} file(s)\n",
        files.len() - valid + unreadable,
        files.len() + unreadable
    ));
    Err(Failure(rendered))
}

/// A data file beside `path` that does not load, as one annotation at
/// `path`'s folder (the message names the file and line).
fn library_problem(path: &Path, message: &str) -> Annotation {
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut a = crate::report::annotations::diagnostics(
        &[spec::Diagnostic {
            file: folder.to_path_buf(),
            line: 0,
            column: 0,
            span: None,
            field: String::new(),
            found: message.lines().next().unwrap_or(message).to_string(),
            expected: None,
            help: None,
        }],
        true,
    );
    a.remove(0)
}

fn is_flight_record(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == crate::record::FILE_NAME)
}

/// Loads a data file that sits among the specs (interface standards, crew
/// envelopes, launch sites, vocabularies) with its problems at their lines
/// and fields; `None` when `path` is not one.
fn check_data_file(path: &Path) -> Option<Result<(), spec::LoadErrors>> {
    let name = path.file_name()?;
    if spec::vocabulary::is_vocabulary_file(path) {
        let name = name.to_str().unwrap_or_default();
        return Some(
            load::read_text(path)
                .map_err(|d| d.to_string())
                .and_then(|t| {
                    spec::vocabulary::parse_file(name, &t)
                        .unwrap_or_else(|| Err("not a vocabulary".into()))
                        .map(|_| ())
                })
                .map_err(|message| spec::LoadErrors {
                    diagnostics: vec![spec::Diagnostic {
                        file: path.to_path_buf(),
                        line: 0,
                        column: 0,
                        span: None,
                        field: String::new(),
                        found: format!("vocabulary data file: {message}"),
                        expected: None,
                        help: None,
                    }],
                    files: Vec::new(),
                }),
        );
    }
    if name == spec::launch_sites::FILE_NAME {
        Some(spec::LaunchSites::load(path).map(|_| ()))
    } else if name == spec::standards::FILE_NAME {
        Some(Standards::load_file(path).map(|_| ()))
    } else if name == rules::mate::crew_envelopes::FILE_NAME {
        Some(rules::mate::crew_envelopes::load_file(path).map(|_| ()))
    } else {
        None
    }
}
