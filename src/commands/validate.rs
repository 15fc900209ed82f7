//! `rescue-interop validate`: load spec files and report every problem with
//! file, line, column and field.

use std::path::{Path, PathBuf};

use super::Failure;
use crate::output::{print_err, print_out};
use crate::report;
use crate::rules;
use crate::spec::{self, Standards, load};

/// Validates every spec under `paths` (files, or folders searched for
/// `.toml` files): vehicle specs, suit files and the data files (interface
/// standards, crew envelopes, launch sites). Prints
/// "N spec file(s) valid" and returns 0, or fails with every problem.
///
/// A value outside what flown vehicles show (`spec::limits`) is a warning,
/// printed on standard error; with `strict` it is a problem like any other.
pub fn run(paths: &[PathBuf], strict: bool) -> Result<u8, Failure> {
    let (files, mut problems) = load::collect_spec_paths(paths);
    // Problems found outside a spec's own loading (unreadable paths, the
    // standards data file); those of loaded specs are rendered as they come.
    let mut unrendered = problems.clone();
    let mut rendered = String::new();
    let mut warned = String::new();
    let mut warnings = 0usize;
    let mut valid = 0usize;
    for path in &files {
        if let Some(result) = check_data_file(path) {
            match result {
                Ok(()) => valid += 1,
                Err(problem) => {
                    unrendered.push(problem.clone());
                    problems.push(problem);
                }
            }
            continue;
        }
        // The launch-sites file is read like a spec: every problem with its
        // line and field.
        let (loaded, found) = if path
            .file_name()
            .is_some_and(|n| n == spec::launch_sites::FILE_NAME)
        {
            (
                spec::LaunchSites::load(path).map(|_| ()),
                load::LoadWarnings::default(),
            )
        } else {
            let (result, found) = load::check_path(path, Standards::bundled());
            (result.map(|_| ()), found)
        };
        if !found.diagnostics.is_empty() {
            let text = report::diagnostics::render_warnings(&found.diagnostics, &found.files);
            if strict {
                rendered.push_str(&text);
                problems.extend(found.diagnostics);
                if loaded.is_ok() {
                    continue;
                }
            } else {
                warnings += found.diagnostics.len();
                warned.push_str(&text);
            }
        }
        match loaded {
            Ok(()) => valid += 1,
            Err(errors) => {
                rendered.push_str(&report::diagnostics::render(
                    &errors.diagnostics,
                    &errors.files,
                ));
                problems.extend(errors.diagnostics);
            }
        }
    }
    if files.is_empty() && problems.is_empty() {
        return Err(Failure(
            "error: no .toml spec files found in the given paths".into(),
        ));
    }
    if problems.is_empty() {
        if warnings > 0 {
            print_err(&warned);
            print_out(&format!(
                "{valid} spec file(s) valid, {warnings} warning(s) (validate --strict refuses them)\n"
            ));
        } else {
            print_out(&format!("{valid} spec file(s) valid\n"));
        }
        return Ok(0);
    }
    rendered.insert_str(0, &warned);
    rendered.push_str(&report::diagnostics::render_plain(&unrendered));
    // Paths that could not even be read (a symlink loop, a missing file)
    // count as files with problems too.
    let mut bad: Vec<&Path> = problems.iter().map(|d| d.file.as_path()).collect();
    bad.sort();
    bad.dedup();
    let unreadable = bad
        .iter()
        .filter(|p| !files.iter().any(|f| f == *p))
        .count();
    rendered.push_str(&format!(
        "{} problem(s) in {} of {} file(s)\n",
        problems.len(),
        files.len() - valid + unreadable,
        files.len() + unreadable
    ));
    Err(Failure(rendered))
}

/// Parses a data file's text, or says what is wrong with it.
type DataParser = fn(&str) -> Result<(), String>;

/// Checks a data file that sits among the specs (interface standards, crew
/// envelopes); `None` when `path` is not one.
fn check_data_file(path: &Path) -> Option<Result<(), spec::Diagnostic>> {
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
                .map_err(|message| data_file_problem(path, "vocabulary", message)),
        );
    }
    let (what, parse): (&str, DataParser) = if name == spec::standards::FILE_NAME {
        ("interface-standards", |t| Standards::parse(t).map(|_| ()))
    } else if name == rules::mate::crew_envelopes::FILE_NAME {
        ("crew-envelopes", |t| {
            rules::mate::crew_envelopes::parse(t).map(|_| ())
        })
    } else {
        return None;
    };
    Some(
        load::read_text(path)
            .map_err(|d| d.to_string())
            .and_then(|t| parse(&t))
            .map_err(|message| data_file_problem(path, what, message)),
    )
}

fn data_file_problem(path: &Path, what: &str, message: String) -> spec::Diagnostic {
    spec::Diagnostic {
        file: path.to_path_buf(),
        line: 0,
        column: 0,
        span: None,
        field: String::new(),
        found: format!("{what} data file: {message}"),
        expected: None,
        help: None,
    }
}
