//! `rescue-interop matrix`: every ordered pair of a fleet.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Failure, Judge, JudgeArgs, Library, is_data_file, render_load_errors};
use crate::matrix::{self, MatrixOptions, MatrixRenderer};
use crate::output;
use crate::report::annotations::{AnnotationMatrix, Kind};
use crate::report::{self, Format, Style};
use crate::rules::Severity;
use crate::share_safe::ShareSafe;
use crate::spec::{self, load};

/// What `matrix` was asked.
#[derive(Debug, Clone)]
pub struct MatrixArgs<'a> {
    /// Vehicle spec files, or folders to search for them.
    pub paths: &'a [PathBuf],
    pub format: Format,
    pub fail_on: Severity,
    /// Keep every cell's findings.
    pub findings: bool,
    /// `--out`, each `PATH[:FORMAT]` or `-`; none: standard output. Each
    /// output runs the matrix again: every format streams, none is held.
    pub out: &'a [PathBuf],
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
    /// Config, waivers, link-budget options and phases.
    pub judge: JudgeArgs<'a>,
}

/// A fleet as loaded: the vehicles that loaded (adapters apart: they are
/// routed through, not rescuers), the rendered problems of the files that
/// did not, and the data beside them.
#[derive(Debug)]
pub struct Fleet {
    pub vehicles: Vec<spec::Vehicle>,
    pub adapters: Vec<spec::Vehicle>,
    pub problems: String,
    pub library: Library,
}

/// Loads every vehicle spec under `paths`, against the data beside them
/// ([`Library`]); every problem of every file is reported at once. With
/// `strict`, any problem fails the whole fleet.
pub fn load_fleet(paths: &[PathBuf], strict: bool, root: Option<&Path>) -> Result<Fleet, Failure> {
    load_fleet_excluding(paths, strict, root, &load::Exclude::default())
}

/// [`load_fleet`], folders walked without the paths `exclude` names (the
/// config's `exclude`).
pub fn load_fleet_excluding(
    paths: &[PathBuf],
    strict: bool,
    root: Option<&Path>,
    exclude: &load::Exclude,
) -> Result<Fleet, Failure> {
    let found = load::find_specs(paths, exclude);
    let (files, problems) = (found.files, found.problems);
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
    let mut ids: Vec<&str> = fleet.iter().map(|v| v.id.as_str()).collect();
    ids.sort_unstable();
    if let Some(pair) = ids.windows(2).find(|w| w.first() == w.get(1)) {
        return Err(Failure(format!(
            "error: two specs share the vehicle id '{}'",
            crate::text::escape_for_terminal(pair.first().copied().unwrap_or(""))
        )));
    }
    let (vehicles, adapters) = matrix::split_adapters(fleet);
    if vehicles.len() < 2 {
        text.push_str(&format!(
            "error: a matrix needs at least two vehicle specs that load (adapters are routed through, not rescuers); found {}\n",
            vehicles.len()
        ));
        return Err(Failure(text));
    }
    Ok(Fleet {
        vehicles,
        adapters,
        problems: text,
        library,
    })
}

/// Runs `matrix`: writes the report and returns the exit status (2 when
/// some spec could not be read, the matrix of the others written all the
/// same).
pub fn run(args: &MatrixArgs<'_>) -> Result<u8, Failure> {
    let targets = output::targets(args.out, args.format)?;
    super::refuse_quiet_with(args.quiet, &targets, Format::Text)?;
    let judge = Judge::load(&args.judge)?;
    let Fleet {
        vehicles: fleet,
        adapters,
        problems,
        library,
    } = load_fleet_excluding(
        args.paths,
        args.strict,
        args.root,
        &args.judge.config.exclusions().map_err(Failure)?,
    )?;
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
    let mut env = judge.environment(&library)?;
    // Adapters named on the command line are the ones routed through,
    // before any of the same id found beside the specs.
    if !adapters.is_empty() {
        let mut routed: Vec<spec::Vehicle> = adapters.clone();
        routed.extend(
            env.adapters
                .iter()
                .filter(|a| adapters.iter().all(|named| named.id != a.id))
                .cloned(),
        );
        env.adapters = routed.into();
    }
    let mut inputs: Vec<&Path> =
        report::source_files(&fleet.iter().chain(&adapters).collect::<Vec<_>>())
            .iter()
            .map(|f| f.path.as_path())
            .collect();
    inputs.extend(env.data_files.iter().map(|f| f.path.as_path()));
    inputs.extend(judge.waivers_path());
    if let Some(s) = &scenario {
        inputs.extend(s.source_files().iter().map(|f| f.path.as_path()));
    }
    output::refuse_inputs(&targets, &inputs)?;
    let share_safe = match args.share_safe {
        true => Some(ShareSafe::new(args.share_key)?),
        false => None,
    };
    let options = MatrixOptions {
        selection: judge.selection.clone(),
        findings: args.findings,
        share_safe,
        scenario,
        adapters,
    };
    let judging = judge.judging();
    // Every format streams: a large fleet's cells never sit in memory. The
    // JSON of verdicts alone has a faster writer, for a matrix that needs
    // no cell's findings (no waivers). Each output runs the matrix again.
    let verdicts_only = |format: Format| args.quiet || (format == Format::Json && !args.findings);
    let fast = |format: Format| verdicts_only(format) && judge.waivers.is_none();
    let passes: u64 = targets
        .iter()
        .map(|t| {
            if verdicts_only(t.format) {
                1
            } else {
                matrix::stream::passes(renderer(t.format, args.findings, args.style).as_ref())
            }
        })
        .sum();
    // A progress bar on a terminal only: piped output and logs stay clean.
    let cells = matrix::cell_count(fleet.len()) as u64 * passes;
    let bar = if std::io::stderr().is_terminal() && !args.quiet {
        indicatif::ProgressBar::new(cells)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let progress = |cells: u64| bar.inc(cells);
    let verdicts = |format: Format, w: &mut dyn Write| {
        if fast(format) {
            matrix::write_matrix_json_with(&fleet, &env, &options, &progress, w)
        } else {
            let json = report::json::JsonMatrix { findings: false };
            matrix::stream(&fleet, &env, &options, &judging, &json, &progress, w)
        }
    };
    let write = |format: Format, w: &mut dyn Write| {
        if args.quiet {
            // The summary alone: the verdicts are tallied, nothing is kept.
            let outcome = verdicts(format, &mut std::io::sink())?;
            let line = report::matrix_text::summary_sentence(&outcome.summary);
            writeln!(w, "{line}")?;
            Ok(outcome)
        } else if verdicts_only(format) {
            verdicts(format, w)
        } else {
            let renderer = renderer(format, args.findings, args.style);
            matrix::stream(
                &fleet,
                &env,
                &options,
                &judging,
                renderer.as_ref(),
                &progress,
                w,
            )
        }
    };
    let mut outcome = None;
    for target in &targets {
        outcome = Some(match &target.path {
            Some(path) => output::stream_atomically(path, |w| write(target.format, w))?,
            None => {
                let mut stdout =
                    std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
                match write(target.format, &mut stdout) {
                    Ok(outcome) => outcome,
                    // The reader stopped reading (`| head`): it has what it
                    // wanted, and no message is due.
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                        bar.finish_and_clear();
                        return Ok(0);
                    }
                    Err(e) => {
                        return Err(Failure(format!("error: cannot write the matrix: {e}")));
                    }
                }
            }
        });
    }
    let Some(outcome) = outcome else {
        return Err(Failure("error: no output".into()));
    };
    bar.finish_and_clear();
    Ok(status(outcome.worst.is_some_and(|w| w >= args.fail_on)))
}

/// The streamed renderer of `format`: html, sarif, junit and json with
/// `findings` show every cell's findings; text and markdown when asked.
pub fn renderer(format: Format, findings: bool, style: Style) -> Box<dyn MatrixRenderer> {
    match format {
        Format::Text => Box::new(report::matrix_text::TextMatrix::new(style, findings)),
        Format::Json => Box::new(report::json::JsonMatrix { findings }),
        Format::Markdown => Box::new(report::markdown::MarkdownMatrix { findings }),
        Format::Html => Box::new(report::html::HtmlMatrix),
        Format::Sarif => Box::new(report::sarif::SarifMatrix),
        Format::Junit => Box::new(report::junit::JunitMatrix),
        Format::Concise => Box::new(AnnotationMatrix(Kind::Concise)),
        Format::Github => Box::new(AnnotationMatrix(Kind::Github)),
        Format::Gitlab => Box::new(AnnotationMatrix(Kind::Gitlab)),
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
        Format::Concise => report::annotations::matrix(report, Kind::Concise),
        Format::Github => report::annotations::matrix(report, Kind::Github),
        Format::Gitlab => report::annotations::matrix(report, Kind::Gitlab),
    }
}
