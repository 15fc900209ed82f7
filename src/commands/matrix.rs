//! `rescue-interop matrix`: every ordered pair of a fleet.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Failure, Library, is_data_file, render_load_errors};
use crate::check::Selection;
use crate::matrix::{self, MatrixOptions, MatrixRenderer};
use crate::output;
use crate::report::{self, Format, Style};
use crate::rules::{Options, Phase, Severity};
use crate::share_safe::ShareSafe;
use crate::spec::{self, load};

/// What `matrix` was asked.
#[derive(Debug, Clone)]
pub struct MatrixArgs<'a> {
    /// Vehicle spec files, or folders to search for them.
    pub paths: &'a [PathBuf],
    pub format: Format,
    /// Only rules of these phases (all when empty).
    pub phases: Vec<Phase>,
    pub fail_on: Severity,
    /// Keep every cell's findings.
    pub findings: bool,
    pub out: Option<&'a Path>,
    /// Only the summary line.
    pub quiet: bool,
    /// Refuse the whole fleet when any spec cannot be read.
    pub strict: bool,
    /// `--root`: the folder the specs' file references must lie in.
    pub root: Option<&'a Path>,
    /// A report for the other party (docs/trust.md).
    pub share_safe: bool,
    /// The party key of a share-safe report.
    pub share_key: Option<&'a Path>,
    /// A scenario file whose figures every cell takes.
    pub scenario: Option<&'a Path>,
    pub style: Style,
}

/// A fleet as loaded: the vehicles that loaded, the rendered problems of
/// the files that did not, and the data beside them.
#[derive(Debug)]
pub struct Fleet {
    pub vehicles: Vec<spec::Vehicle>,
    pub problems: String,
    pub library: Library,
}

/// Loads every vehicle spec under `paths`, against the data beside them
/// ([`Library`]); every problem of every file is reported at once. With
/// `strict`, any problem fails the whole fleet.
pub fn load_fleet(paths: &[PathBuf], strict: bool, root: Option<&Path>) -> Result<Fleet, Failure> {
    let (files, problems) = load::collect_spec_paths(paths);
    let mut text = report::diagnostics::render_plain(&problems);
    let mut fleet = Vec::new();
    let spec_files: Vec<&Path> = files
        .iter()
        .filter(|path| !is_data_file(path))
        .map(PathBuf::as_path)
        .collect();
    let library = Library::for_specs(&spec_files, root)?;
    let context = library.load_context();
    // Files load in parallel (parsing dominates a large fleet's start-up);
    // results keep the order of the paths.
    let loaded: Vec<_> = spec_files
        .par_iter()
        .map(|path| load::load_fleet_path_with(path, context))
        .collect();
    for result in loaded {
        match result {
            Ok(Some(load::Document::Vehicle(v))) => fleet.push(*v),
            // Suit files and scenario files found among the specs.
            Ok(_) => {}
            Err(errors) => text.push_str(&render_load_errors(&errors)),
        }
    }
    if strict && !text.is_empty() {
        return Err(Failure(text));
    }
    if fleet.len() < 2 {
        text.push_str(&format!(
            "error: a matrix needs at least two vehicle specs that load; found {}\n",
            fleet.len()
        ));
        return Err(Failure(text));
    }
    let mut ids: Vec<&str> = fleet.iter().map(|v| v.id.as_str()).collect();
    ids.sort_unstable();
    if let Some(pair) = ids.windows(2).find(|w| w.first() == w.get(1)) {
        return Err(Failure(format!(
            "error: two specs share the vehicle id '{}'",
            crate::text::escape_for_terminal(pair.first().copied().unwrap_or(""))
        )));
    }
    Ok(Fleet {
        vehicles: fleet,
        problems: text,
        library,
    })
}

/// Runs `matrix`: writes the report and returns the exit status (2 when
/// some spec could not be read, the matrix of the others written all the
/// same).
pub fn run(args: &MatrixArgs<'_>) -> Result<u8, Failure> {
    let Fleet {
        vehicles: fleet,
        problems,
        library,
    } = load_fleet(args.paths, args.strict, args.root)?;
    // One bad spec does not hide the matrix of the good ones; the exit
    // status says not all was read.
    let partial = !problems.is_empty();
    if partial {
        let problems = crate::text::escape_lines_for_terminal(&problems);
        let _ = std::io::stderr().write_all(problems.as_bytes());
        eprintln!("error: some specs could not be read; the matrix covers the others");
    }
    let status = |failing: bool| if partial { 2 } else { u8::from(failing) };
    let scenario = match args.scenario {
        Some(file) => Some(std::sync::Arc::new(
            crate::scenario::load::load_scenario_with(file, library.load_context())
                .map_err(|e| Failure(render_load_errors(&e)))?,
        )),
        None => None,
    };
    let env = library.environment(Options::default())?;
    let mut inputs: Vec<&Path> = report::source_files(&fleet.iter().collect::<Vec<_>>())
        .iter()
        .map(|f| f.path.as_path())
        .collect();
    inputs.extend(env.data_files.iter().map(|f| f.path.as_path()));
    if let Some(s) = &scenario {
        inputs.extend(s.source_files().iter().map(|f| f.path.as_path()));
    }
    output::refuse_input(args.out, &inputs)?;
    let share_safe = match args.share_safe {
        true => Some(ShareSafe::new(args.share_key)?),
        false => None,
    };
    let options = MatrixOptions {
        selection: Selection {
            phases: args.phases.clone(),
        },
        findings: args.findings,
        share_safe,
        scenario,
    };
    // Every format streams: a large fleet's cells never sit in memory.
    let renderer = renderer(args.format, args.findings, args.style);
    let passes = if args.quiet || (args.format == Format::Json && !args.findings) {
        1
    } else {
        matrix::stream::passes(renderer.as_ref())
    };
    // A progress bar on a terminal only: piped output and logs stay clean.
    let cells = matrix::cell_count(fleet.len()) as u64 * passes;
    let bar = if std::io::stderr().is_terminal() && !args.quiet {
        indicatif::ProgressBar::new(cells)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let progress = |cells: u64| bar.inc(cells);
    let write = |w: &mut dyn Write| {
        if args.quiet {
            // The summary alone: the verdicts are tallied, nothing is kept.
            let outcome = matrix::write_matrix_json_with(
                &fleet,
                &env,
                &options,
                &progress,
                &mut std::io::sink(),
            )?;
            let line = report::matrix_text::summary_sentence(&outcome.summary);
            writeln!(w, "{line}")?;
            Ok(outcome)
        } else if args.format == Format::Json && !args.findings {
            matrix::write_matrix_json_with(&fleet, &env, &options, &progress, w)
        } else {
            matrix::stream(&fleet, &env, &options, renderer.as_ref(), &progress, w)
        }
    };
    let outcome = match args.out {
        Some(path) => output::stream_atomically(path, write)?,
        None => {
            let mut stdout = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
            write(&mut stdout)
                .map_err(|e| Failure(format!("error: cannot write the matrix: {e}")))?
        }
    };
    bar.finish_and_clear();
    Ok(status(outcome.worst.is_some_and(|w| w >= args.fail_on)))
}

/// The streamed renderer of `format`: html, sarif, junit and json with
/// `findings` show every cell's findings; text and markdown when asked.
pub fn renderer(format: Format, findings: bool, style: Style) -> Box<dyn MatrixRenderer> {
    match format {
        Format::Text => Box::new(report::matrix_text::TextMatrix { style, findings }),
        Format::Json => Box::new(report::json::JsonMatrix),
        Format::Markdown => Box::new(report::markdown::MarkdownMatrix { findings }),
        Format::Html => Box::new(report::html::HtmlMatrix),
        Format::Sarif => Box::new(report::sarif::SarifMatrix),
        Format::Junit => Box::new(report::junit::JunitMatrix),
    }
}

/// A matrix report in `format`.
pub fn render(report: &matrix::MatrixReport, format: Format, style: Style) -> String {
    match format {
        Format::Text => report::matrix_text::render(report, style),
        Format::Json => report::json::render_matrix(report),
        Format::Markdown => report::markdown::matrix(report),
        Format::Html => report::html::matrix(report),
        Format::Sarif => report::sarif::matrix(report),
        Format::Junit => report::junit::matrix(report),
    }
}
