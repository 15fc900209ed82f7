//! `rescue-interop matrix`: every ordered pair of a fleet.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Failure, Judge, JudgeArgs, is_data_file, render_load_errors};
use crate::matrix::{self, MatrixOptions};
use crate::output;
use crate::report::{self, Format, Style};
use crate::rules::Severity;
use crate::spec::{self, Standards, load};

/// What `matrix` was asked.
#[derive(Debug, Clone)]
pub struct MatrixArgs<'a> {
    /// Vehicle spec files, or folders to search for them.
    pub paths: &'a [PathBuf],
    pub format: Format,
    pub fail_on: Severity,
    /// Keep every cell's findings.
    pub findings: bool,
    pub out: Option<&'a Path>,
    /// Only the summary line.
    pub quiet: bool,
    /// Refuse the whole fleet when any spec cannot be read.
    pub strict: bool,
    pub style: Style,
    /// Config, waivers, link-budget options and phases.
    pub judge: JudgeArgs<'a>,
}

/// A fleet as loaded: the vehicles that loaded (adapters apart: they are
/// routed through, not rescuers) and the rendered problems of the files
/// that did not.
#[derive(Debug)]
pub struct Fleet {
    pub vehicles: Vec<spec::Vehicle>,
    pub adapters: Vec<spec::Vehicle>,
    pub problems: String,
}

/// Loads every vehicle spec under `paths`; every problem of every file is
/// reported at once. With `strict`, any problem fails the whole fleet.
pub fn load_fleet(paths: &[PathBuf], strict: bool) -> Result<Fleet, Failure> {
    let (files, problems) = load::collect_spec_paths(paths);
    let mut text = report::diagnostics::render_plain(&problems);
    let mut fleet = Vec::new();
    // Files load in parallel (parsing dominates a large fleet's start-up);
    // results keep the order of the paths.
    let loaded: Vec<_> = files
        .par_iter()
        .filter(|path| !is_data_file(path))
        .map(|path| load::load_path(path, Standards::bundled()))
        .collect();
    for result in loaded {
        match result {
            Ok(load::Document::Vehicle(v)) => fleet.push(*v),
            Ok(load::Document::Suit(_)) => {}
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
    })
}

/// Runs `matrix`: writes the report and returns the exit status (2 when
/// some spec could not be read, the matrix of the others written all the
/// same).
pub fn run(args: &MatrixArgs<'_>) -> Result<u8, Failure> {
    let judge = Judge::load(&args.judge)?;
    let Fleet {
        vehicles: fleet,
        adapters,
        problems,
    } = load_fleet(args.paths, args.strict)?;
    // One bad spec does not hide the matrix of the good ones; the exit
    // status says not all was read.
    let partial = !problems.is_empty();
    if partial {
        let _ = std::io::stderr().write_all(problems.as_bytes());
        eprintln!("error: some specs could not be read; the matrix covers the others");
    }
    let status = |failing: bool| if partial { 2 } else { u8::from(failing) };
    let spec_paths: Vec<&Path> = fleet.iter().map(|v| v.file.path.as_path()).collect();
    let mut env = judge.environment(&spec_paths)?;
    // Adapters named on the command line are the ones routed through,
    // before any of the same id found beside the specs.
    if !adapters.is_empty() {
        let mut library: Vec<spec::Vehicle> = adapters.clone();
        library.extend(
            env.adapters
                .iter()
                .filter(|a| adapters.iter().all(|named| named.id != a.id))
                .cloned(),
        );
        env.adapters = library.into();
    }
    let adapter_infos = matrix::spec_infos(&adapters);
    let options = MatrixOptions {
        selection: judge.selection.clone(),
        findings: args.findings
            || matches!(args.format, Format::Html | Format::Sarif | Format::Junit),
    };
    // A progress bar on a terminal only: piped output and logs stay clean.
    let cells = matrix::cell_count(fleet.len()) as u64;
    let bar = if std::io::stderr().is_terminal() && !args.quiet {
        indicatif::ProgressBar::new(cells)
    } else {
        indicatif::ProgressBar::hidden()
    };
    // JSON without findings or waivers streams: a large fleet's cells never
    // sit in memory.
    if args.format == Format::Json && !options.findings && judge.waivers.is_none() && !args.quiet {
        let progress = |cells: u64| bar.inc(cells);
        let write = |w: &mut dyn Write| {
            matrix::write_matrix_json(
                &fleet,
                &adapter_infos,
                &env,
                &options.selection,
                &progress,
                w,
            )
        };
        let outcome = match args.out {
            Some(path) => output::stream_atomically(path, write)?,
            None => {
                let mut stdout =
                    std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
                write(&mut stdout)
                    .map_err(|e| Failure(format!("error: cannot write the matrix: {e}")))?
            }
        };
        bar.finish_and_clear();
        return Ok(status(outcome.worst.is_some_and(|w| w >= args.fail_on)));
    }
    let mut report = matrix::build_matrix(&fleet, &env, &options, &judge.judging(), &|cells| {
        bar.inc(cells)
    });
    report.adapters = adapter_infos;
    bar.finish_and_clear();
    let text = if args.quiet {
        format!("{}\n", report::matrix_text::summary_line(&report))
    } else {
        render(&report, args.format, args.style)
    };
    output::emit(args.out, &text)?;
    Ok(status(report.fails_at(args.fail_on)))
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
