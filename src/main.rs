//! The command line: parse arguments, call the library, print, exit.
//!
//! Exit status: 0 no finding at or above `--fail-on`, 1 at least one, 2 bad
//! input or usage (message on stderr, nothing half-written).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use rescue_interop::check::{Selection, check_pair};
use rescue_interop::config::{self, Config};
use rescue_interop::report::{self, Format, Style};
use rescue_interop::rules::{self, Environment, Options, Phase, Severity};
use rescue_interop::spec::{self, Standards, load};
use rescue_interop::units::Kind;
use rescue_interop::{share_safe, waivers};

#[derive(Parser)]
#[command(
    name = "rescue-interop",
    version,
    about = "Checks whether two crewed spacecraft could take part in a joint astronaut rescue",
    long_about = "Checks whether two crewed spacecraft could take part in a joint astronaut rescue.\n\n\
        Each vehicle is described by its interfaces in a TOML spec file (docs/spec-format.md). \
        `check A B` reports, in both directions, every incompatibility that would block one \
        vehicle from rescuing the other's crew: by how much, on what evidence, and what would fix it.\n\n\
        Exit status: 0 no finding at or above --fail-on, 1 at least one, 2 bad input or usage.",
    after_long_help = "Examples:\n  \
        rescue-interop validate specs\n  \
        rescue-interop check specs/vehicles/crew-dragon.toml specs/vehicles/soyuz-ms.toml\n  \
        rescue-interop rules\n  \
        rescue-interop explain MATE-001\n  \
        rescue-interop schema > docs/spec.schema.json\n\n\
        Run `rescue-interop help <COMMAND>` for a command's details."
)]
struct Cli {
    /// When to colour terminal output (NO_COLOR is honoured).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Load spec files and report every problem with file, line, column and field.
    ///
    /// PATHS are spec files, or folders searched recursively for .toml files.
    /// Vehicle specs and suit files are both accepted. Every problem in every
    /// file is reported, not just the first: TOML syntax, unknown fields (with
    /// a "did you mean"), quantities without units or of the wrong kind,
    /// impossible values, duplicate ids, unreadable files. The format is
    /// described in docs/spec-format.md.
    ///
    /// Exit status: 0 when all files are valid, 2 otherwise.
    #[command(after_long_help = "Examples:\n  \
        rescue-interop validate specs\n  \
        rescue-interop validate specs/vehicles/crew-dragon.toml my-capsule.toml")]
    Validate {
        /// Spec files, or folders to search for .toml files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Check both directions of rescue between two vehicles.
    ///
    /// A rescues B's crew, and B rescues A's crew. The report leads with the
    /// two verdicts, then lists findings by phase with the spec lines they
    /// came from. Findings are advisory, conditional, unknown (a value the
    /// specs do not give) or blocking.
    ///
    /// Exit status: 0 no finding at or above --fail-on, 1 at least one, 2
    /// when a spec does not load or the arguments are wrong.
    #[command(after_long_help = "Examples:\n  \
        rescue-interop check specs/vehicles/crew-dragon.toml specs/vehicles/soyuz-ms.toml\n  \
        rescue-interop check a.toml b.toml --format json --out report.json\n  \
        rescue-interop check a.toml b.toml --phase mate --fail-on unknown")]
    Check {
        /// Spec of vehicle A.
        a: PathBuf,
        /// Spec of vehicle B.
        b: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Only run rules of these phases (repeatable).
        #[arg(long = "phase", value_enum)]
        phases: Vec<PhaseArg>,
        /// The lowest severity that makes the exit status 1 [default:
        /// blocking, or `fail_on` of the config file].
        #[arg(long, value_enum)]
        fail_on: Option<SeverityArg>,
        /// Distance for link budgets, with its unit [default: 23 km, or
        /// `range` of the config file].
        #[arg(long)]
        range: Option<String>,
        /// Allowance for blockage and multipath in link budgets, used when
        /// neither radio of a link sets its own.
        #[arg(long, default_value = "3 dB")]
        blockage_allowance: String,
        /// Write the report to FILE (atomically) instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print only the verdict lines.
        #[arg(long)]
        quiet: bool,
        /// Accept findings listed in this waivers file (docs/trust.md):
        /// they stay in the report, marked waived, but no longer count
        /// toward the exit status [default: `waivers` of the config file].
        #[arg(long, value_name = "FILE")]
        waivers: Option<PathBuf>,
        /// A report for the other party: values of fields marked
        /// `restricted = true` are withheld and specs are named by their
        /// SHA-256 only.
        #[arg(long)]
        share_safe: bool,
        /// Read this config file instead of the rescue-interop.toml found
        /// upward from the current folder.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// What a revision of one vehicle's spec changes.
    ///
    /// The fields written differently (with their units), and the findings
    /// gained, lost or changed (same fingerprint, different severity or
    /// evidence) against each vehicle of the fleet, both directions. A file
    /// against itself is an empty diff.
    ///
    /// Exit status: 0 no change, 1 changes, 2 bad input.
    #[command(after_long_help = "Examples:\n  \
        rescue-interop diff old/soyuz-ms.toml specs/vehicles/soyuz-ms.toml --fleet specs/vehicles\n  \
        rescue-interop diff specs/vehicles/soyuz-ms.toml --against HEAD~1 --fleet specs/vehicles")]
    Diff {
        /// The old revision (or, with --against, the spec whose git revision is the old one).
        old: PathBuf,
        /// The new revision (with --against: default the file named by OLD, as it is now).
        new: Option<PathBuf>,
        /// Folder of vehicle specs to check both revisions against
        /// [default: `fleet` of the config file].
        #[arg(long, value_name = "DIR")]
        fleet: Option<PathBuf>,
        /// Read the old revision from git: `git show REV:OLD`.
        #[arg(long, value_name = "REV")]
        against: Option<String>,
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
        /// Read this config file instead of the one found upward.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Plan a rescue through adapters and stations, and find the smallest
    /// changes that unblock a pair.
    ///
    /// Paths run from A (the rescuer) to B's crew through the vehicle and
    /// adapter specs under --via (searched recursively; suit files and data
    /// files are skipped). Every step is checked with the rules of `check`;
    /// docs/planning.md says which phases judge which step. Paths are ranked
    /// by blocking findings, verdict, conditions, then steps. When the
    /// direct rescue is blocked, the plan lists the smallest sets of changes
    /// to A or B that unblock it, each found by re-running the rules.
    ///
    /// Exit status: 0 when some path is feasible (with or without
    /// conditions), 1 when none is, 2 on bad input.
    #[command(after_long_help = "Examples:\n  \
        rescue-interop plan specs/vehicles/apollo-csm-1975.toml specs/vehicles/soyuz-7k-tm-1975.toml --via specs\n  \
        rescue-interop plan specs/vehicles/soyuz-ms.toml specs/vehicles/crew-dragon.toml --via specs --format json")]
    Plan {
        /// Spec of the rescuer.
        a: PathBuf,
        /// Spec of the vehicle whose crew needs rescue.
        b: PathBuf,
        /// Folder of intermediate vehicles, stations and adapters.
        #[arg(long)]
        via: Option<PathBuf>,
        /// Longest path, in docked steps.
        #[arg(long, default_value_t = 3)]
        max_hops: usize,
        #[arg(long, value_enum, default_value_t = report::Format::Text)]
        format: report::Format,
        /// Also propose changes to fixed fields (`changeable = false`, a
        /// flown vehicle's docking standard).
        #[arg(long)]
        allow_fixed: bool,
    },
    /// Check every ordered pair of a fleet: a grid of directed verdicts.
    ///
    /// Rows are the rescuing vehicle, columns the vehicle whose crew is
    /// rescued. PATHS are vehicle spec files, or folders searched
    /// recursively (suit files and the data files interface-standards.toml
    /// and crew-envelopes.toml are skipped). Each cell holds the verdict, the
    /// worst severity and counts by phase; the summary names the phases that
    /// block most often and the rules that alone block the most pairs. Pairs
    /// are checked in parallel; a progress bar shows on a terminal only.
    ///
    /// Exit status: 0 no cell with a finding at or above --fail-on, 1 at
    /// least one, 2 bad input. A spec that cannot be read is reported and
    /// the matrix of the others is still written, with exit status 2 to say
    /// not all was read (with --strict, nothing is written).
    #[command(after_long_help = "Examples:\n  \
        rescue-interop matrix specs/vehicles specs/adapters\n  \
        rescue-interop matrix specs/vehicles --format html --out fleet.html\n  \
        rescue-interop matrix a.toml b.toml c.toml --findings --format json")]
    Matrix {
        /// Vehicle spec files, or folders to search for them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Only run rules of these phases (repeatable).
        #[arg(long = "phase", value_enum)]
        phases: Vec<PhaseArg>,
        /// The lowest severity that makes the exit status 1.
        #[arg(long, value_enum, default_value_t = SeverityArg::Blocking)]
        fail_on: SeverityArg,
        /// Keep every cell's findings in the report (html, sarif and junit
        /// always keep them).
        #[arg(long)]
        findings: bool,
        /// Write the report to FILE (atomically) instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print only the summary line.
        #[arg(long)]
        quiet: bool,
        /// Refuse the whole fleet when any spec cannot be read (by default
        /// the matrix of the others is written and the exit status is 2).
        #[arg(long)]
        strict: bool,
    },
    /// List the rule registry.
    ///
    /// One line per rule: id, name, phase, default severity, whether it is
    /// symmetric, and a one-line summary. `explain ID` prints a rule's full
    /// documentation.
    Rules {
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
    /// Print one rule's documentation.
    ///
    /// What the rule checks, why a failure blocks a rescue, an example, and
    /// how to resolve it.
    Explain {
        /// Rule id (MATE-001) or name (docking-interface).
        id: String,
    },
    /// Print a JSON Schema (draft-07).
    ///
    /// The spec format by default, generated from the Rust types and
    /// committed as docs/spec.schema.json: point an editor at it (taplo, Even
    /// Better TOML) with a `#:schema ../../docs/spec.schema.json` first line
    /// to get completion and checking while writing a spec. With
    /// `--of report`, the schema of `check --format json` output instead.
    Schema {
        /// Which schema to print.
        #[arg(long, value_enum, default_value_t = SchemaKind::Spec)]
        of: SchemaKind,
    },
}

/// Formats of the commands that do not render a check report (rules,
/// plan, diff): the report formats do not apply to them.
#[derive(Clone, Copy, ValueEnum)]
enum TextOrJson {
    /// For a terminal.
    Text,
    /// JSON.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaKind {
    /// The spec file format.
    Spec,
    /// The JSON check report.
    Report,
    /// The JSON plan (`plan --format json`).
    Plan,
    /// The JSON fleet matrix report.
    Matrix,
}

#[derive(Clone, Copy, ValueEnum)]
enum PhaseArg {
    Contact,
    Approach,
    Mate,
    Transfer,
    Sustain,
    Return,
}

impl From<PhaseArg> for Phase {
    fn from(p: PhaseArg) -> Self {
        match p {
            PhaseArg::Contact => Phase::Contact,
            PhaseArg::Approach => Phase::Approach,
            PhaseArg::Mate => Phase::Mate,
            PhaseArg::Transfer => Phase::Transfer,
            PhaseArg::Sustain => Phase::Sustain,
            PhaseArg::Return => Phase::Return,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum SeverityArg {
    Advisory,
    Conditional,
    Unknown,
    Blocking,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Self {
        match s {
            SeverityArg::Advisory => Severity::Advisory,
            SeverityArg::Conditional => Severity::Conditional,
            SeverityArg::Unknown => Severity::Unknown,
            SeverityArg::Blocking => Severity::Blocking,
        }
    }
}

/// Whether to colour output: `--color always`/`never` decide; `auto`
/// colours a terminal unless `NO_COLOR` is set to a non-empty value
/// (no-color.org).
fn use_color(choice: ColorChoice, no_color: Option<&std::ffi::OsStr>, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => no_color.is_none_or(|v| v.is_empty()) && terminal,
    }
}

/// A failure that ends the command with exit status 2.
struct Failure(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = use_color(
        cli.color,
        std::env::var_os("NO_COLOR").as_deref(),
        std::io::stdout().is_terminal(),
    );
    let style = Style::new(color);
    let result = match cli.command {
        Command::Validate { paths } => validate(&paths),
        Command::Check {
            a,
            b,
            format,
            phases,
            fail_on,
            range,
            blockage_allowance,
            out,
            quiet,
            waivers,
            share_safe,
            config,
        } => load_config(config.as_deref()).and_then(|config| {
            check(
                &a,
                &b,
                format,
                phases,
                fail_on
                    .map(Severity::from)
                    .or(config.fail_on)
                    .unwrap_or(Severity::Blocking),
                range
                    .as_deref()
                    .or(config.range.as_deref())
                    .unwrap_or("23 km"),
                &blockage_allowance,
                out.as_deref(),
                quiet,
                style,
                &Trust {
                    waivers: waivers.or_else(|| config.waivers.clone()),
                    share_safe,
                    config: &config,
                },
            )
        }),
        Command::Diff {
            old,
            new,
            fleet,
            against,
            format,
            config,
        } => load_config(config.as_deref()).and_then(|config| {
            diff(
                &old,
                new.as_deref(),
                fleet.or(config.fleet).as_deref(),
                against.as_deref(),
                format,
            )
        }),
        Command::Matrix {
            paths,
            format,
            phases,
            fail_on,
            findings,
            out,
            quiet,
            strict,
        } => matrix(
            &paths,
            format,
            phases,
            fail_on.into(),
            findings,
            out.as_deref(),
            quiet,
            strict,
            style,
        ),
        Command::Rules { format } => {
            print_out(&list_rules(format));
            Ok(0)
        }
        Command::Explain { id } => explain(&id),
        Command::Plan {
            a,
            b,
            via,
            max_hops,
            format,
            allow_fixed,
        } => plan(&a, &b, via.as_deref(), max_hops, format, allow_fixed),
        Command::Schema { of } => {
            match of {
                SchemaKind::Spec => print_out(&spec::schema::spec_schema_text()),
                SchemaKind::Plan => {
                    let mut text =
                        serde_json::to_string_pretty(&rescue_interop::plan::plan_schema())
                            .unwrap_or_default();
                    text.push('\n');
                    print_out(&text);
                }
                SchemaKind::Matrix => {
                    let mut text =
                        serde_json::to_string_pretty(&rescue_interop::matrix::matrix_schema())
                            .unwrap_or_default();
                    text.push('\n');
                    print_out(&text);
                }
                SchemaKind::Report => {
                    let mut text = serde_json::to_string_pretty(&report::model::report_schema())
                        .unwrap_or_default();
                    text.push('\n');
                    print_out(&text);
                }
            }
            Ok(0)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Failure(message)) => {
            let _ = std::io::stderr().write_all(message.as_bytes());
            if !message.ends_with('\n') {
                eprintln!();
            }
            ExitCode::from(2)
        }
    }
}

fn print_out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

fn validate(paths: &[PathBuf]) -> Result<u8, Failure> {
    let (files, mut problems) = load::collect_spec_paths(paths);
    // Problems found outside a spec's own loading (unreadable paths, the
    // standards data file); those of loaded specs are rendered as they come.
    let mut unrendered = problems.clone();
    let mut rendered = String::new();
    let mut valid = 0usize;
    for path in &files {
        if path
            .file_name()
            .is_some_and(|n| n == spec::standards::FILE_NAME)
        {
            match load::read_text(path)
                .map_err(|d| d.to_string())
                .and_then(|t| Standards::parse(&t))
            {
                Ok(_) => valid += 1,
                Err(message) => {
                    let problem = spec::Diagnostic {
                        file: path.clone(),
                        line: 0,
                        column: 0,
                        span: None,
                        field: String::new(),
                        found: format!("interface-standards data file: {message}"),
                        expected: None,
                        help: None,
                    };
                    unrendered.push(problem.clone());
                    problems.push(problem);
                }
            }
            continue;
        }
        // Data read by MATE-003, not a vehicle spec.
        if path
            .file_name()
            .is_some_and(|n| n == rules::mate::crew_envelopes::FILE_NAME)
        {
            match load::read_text(path)
                .map_err(|d| d.to_string())
                .and_then(|t| rules::mate::crew_envelopes::parse(&t))
            {
                Ok(_) => valid += 1,
                Err(message) => problems.push(spec::Diagnostic {
                    file: path.clone(),
                    line: 0,
                    column: 0,
                    span: None,
                    field: String::new(),
                    found: format!("crew-envelopes data file: {message}"),
                    expected: None,
                    help: None,
                }),
            }
            continue;
        }
        match load::load_path(path, Standards::bundled()) {
            Ok(_) => valid += 1,
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
        print_out(&format!("{valid} spec file(s) valid\n"));
        Ok(0)
    } else {
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
}

fn load_vehicle(path: &Path) -> Result<spec::Vehicle, Failure> {
    spec::load_vehicle(path).map_err(|errors| {
        let mut text = report::diagnostics::render(&errors.diagnostics, &errors.files);
        let unrendered: Vec<_> = errors
            .diagnostics
            .iter()
            .filter(|d| d.span.is_none() || errors.files.iter().all(|f| f.path != d.file))
            .cloned()
            .collect();
        if text.is_empty() {
            text = report::diagnostics::render_plain(&unrendered);
        }
        Failure(text)
    })
}

#[allow(clippy::too_many_arguments)]
fn check(
    a: &Path,
    b: &Path,
    format: Format,
    phases: Vec<PhaseArg>,
    fail_on: Severity,
    range: &str,
    blockage_allowance: &str,
    out: Option<&Path>,
    quiet: bool,
    style: Style,
    trust: &Trust<'_>,
) -> Result<u8, Failure> {
    let range_m = Kind::Length.parse_si(range).map_err(|e| {
        Failure(format!(
            "error: --range '{range}': {e}; expected a distance such as \"23 km\""
        ))
    })?;
    let blockage_allowance: rescue_interop::decibel::Decibels =
        blockage_allowance.parse().map_err(|e| {
            Failure(format!(
                "error: --blockage-allowance '{blockage_allowance}': {e}"
            ))
        })?;
    let va = load_vehicle(a)?;
    let vb = load_vehicle(b)?;
    // Adapters: the `adapters` folder beside the specs, else the bundled library.
    let adapters = match rules::mate::adapters::find_dir(&[a, b]) {
        Some(dir) => rules::mate::adapters::load_dir(&dir)
            .map_err(|errors| {
                let text = report::diagnostics::render(&errors.diagnostics, &errors.files);
                Failure(if text.is_empty() {
                    report::diagnostics::render_plain(&errors.diagnostics)
                } else {
                    text
                })
            })?
            .into(),
        None => rules::mate::adapters::bundled(),
    };
    let env = with_crew_envelopes(
        Environment {
            options: Options {
                range: uom::si::f64::Length::new::<uom::si::length::meter>(range_m),
                blockage_allowance,
                ..Options::default()
            },
            adapters,
            ..Environment::default()
        },
        &[a, b],
    )?;
    let selection = Selection {
        phases: phases.into_iter().map(Phase::from).collect(),
    };
    let results = check_pair(&va, &vb, &env, &selection);
    let mut report = report::build_check_report([&va, &vb], &results);
    report.files = report::model::file_infos_with(&[&va, &vb], &env);
    apply_trust(&mut report, trust, &[&va, &vb])?;
    let text = if quiet {
        report
            .directions
            .iter()
            .map(|d| format!("{}\n", report::text::verdict_line(d, style)))
            .collect()
    } else {
        match format {
            Format::Json => report::json::render(&report),
            Format::Text => {
                // A share-safe report quotes no spec line.
                let sources = if trust.share_safe {
                    Vec::new()
                } else {
                    report::source_files(&[&va, &vb])
                };
                report::text::render(&report, &sources, style)
            }
            Format::Markdown => report::markdown::check(&report),
            // The pictures draw spec values directly, past the redaction of
            // the report model, so a share-safe page leaves them out.
            Format::Html if trust.share_safe => report::html::check(&report, &[]),
            Format::Html => report::html::check(&report, &[&va, &vb]),
            Format::Sarif => report::sarif::check(&report),
            Format::Junit => report::junit::check(&report),
        }
    };
    match out {
        Some(path) => write_atomically(path, &text)?,
        None => print_out(&text),
    }
    Ok(u8::from(report.fails_at(fail_on)))
}

/// What `check` does to a report after the rules ran: severity overrides
/// of the config file, waivers, share-safe redaction (last, so that waiver
/// reasons and override reasons are redacted too).
struct Trust<'c> {
    waivers: Option<PathBuf>,
    share_safe: bool,
    config: &'c Config,
}

fn apply_trust(
    report: &mut report::CheckReport,
    trust: &Trust<'_>,
    vehicles: &[&spec::Vehicle],
) -> Result<(), Failure> {
    config::apply_overrides(report, trust.config);
    if let Some(path) = &trust.waivers {
        let list = waivers::load(path).map_err(|e| Failure(e.render()))?;
        waivers::apply(
            report,
            &list,
            &path.display().to_string(),
            waivers::Date::today(),
        );
    }
    if trust.share_safe {
        share_safe::redact(report, &report::source_files(vehicles));
    }
    Ok(())
}

/// The config named by `--config`, else the one found upward from the
/// current folder, else none.
fn load_config(named: Option<&Path>) -> Result<Config, Failure> {
    let path = match named {
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

fn diff(
    old: &Path,
    new: Option<&Path>,
    fleet: Option<&Path>,
    against: Option<&str>,
    format: TextOrJson,
) -> Result<u8, Failure> {
    let (old_vehicle, new_path) = match against {
        Some(rev) => {
            let output = std::process::Command::new("git")
                .arg("show")
                .arg(format!("{rev}:./{}", old.display()))
                .output()
                .map_err(|e| Failure(format!("error: cannot run git: {e}")))?;
            if !output.status.success() {
                return Err(Failure(format!(
                    "error: git show {rev}:{}: {}",
                    old.display(),
                    String::from_utf8_lossy(&output.stderr).trim()
                )));
            }
            let text = String::from_utf8_lossy(&output.stdout).into_owned();
            // Beside the spec, so that suit files named relative to it resolve.
            let temp = old
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .join(format!(
                    ".{}.{}.{}",
                    old.file_name()
                        .map_or("old.toml".into(), |n| n.to_string_lossy()),
                    rev.replace(|c: char| !c.is_ascii_alphanumeric(), "-"),
                    std::process::id()
                ));
            std::fs::write(&temp, text)
                .map_err(|e| Failure(format!("error: cannot write {}: {e}", temp.display())))?;
            let loaded = load_vehicle(&temp);
            let _ = std::fs::remove_file(&temp);
            (loaded?, new.unwrap_or(old).to_path_buf())
        }
        None => {
            let new = new.ok_or_else(|| {
                Failure(
                    "error: diff needs OLD and NEW spec files, or OLD with --against REV".into(),
                )
            })?;
            (load_vehicle(old)?, new.to_path_buf())
        }
    };
    let new_vehicle = load_vehicle(&new_path)?;
    let mut fleet_vehicles = Vec::new();
    if let Some(dir) = fleet {
        let (files, problems) = load::collect_spec_paths(&[dir.to_path_buf()]);
        if !problems.is_empty() {
            return Err(Failure(report::diagnostics::render_plain(&problems)));
        }
        for path in files {
            if path.file_name().is_some_and(|n| {
                n == spec::standards::FILE_NAME || n == rules::mate::crew_envelopes::FILE_NAME
            }) {
                continue;
            }
            fleet_vehicles.push(load_vehicle(&path)?);
        }
    }
    let env = Environment {
        adapters: rules::mate::adapters::bundled(),
        ..Environment::default()
    };
    let result = rescue_interop::diff::diff(&old_vehicle, &new_vehicle, &fleet_vehicles, &env);
    let text = match format {
        TextOrJson::Json => {
            let mut t = serde_json::to_string_pretty(&result).unwrap_or_default();
            t.push('\n');
            t
        }
        TextOrJson::Text => rescue_interop::diff::render_text(&result),
    };
    print_out(&text);
    Ok(u8::from(!result.is_empty()))
}

/// `env` with the crew envelopes (MATE-003) for specs at `spec_paths`: a
/// `crew-envelopes.toml` beside them (then listed among the files the
/// reports name), else the bundled file.
fn with_crew_envelopes(env: Environment, spec_paths: &[&Path]) -> Result<Environment, Failure> {
    let Some(path) = rules::mate::crew_envelopes::find_file(spec_paths) else {
        return Ok(env);
    };
    let (envelopes, file) = rules::mate::crew_envelopes::load_file(&path)
        .map_err(|e| Failure(format!("error: crew envelopes: {e}")))?;
    let mut data_files = env.data_files;
    data_files.push(std::sync::Arc::new(file));
    Ok(Environment {
        crew_envelopes: envelopes.into(),
        data_files,
        ..env
    })
}

fn plan(
    a: &Path,
    b: &Path,
    via: Option<&Path>,
    max_hops: usize,
    format: report::Format,
    allow_fixed: bool,
) -> Result<u8, Failure> {
    use rescue_interop::plan::{self, PlanOptions};
    let rescuer = load_vehicle(a)?;
    let distressed = load_vehicle(b)?;
    let intermediates = match via {
        Some(dir) => {
            let (vehicles, problems) = plan::load_intermediates(dir);
            if !problems.is_empty() {
                return Err(Failure(problems.join("\n")));
            }
            vehicles
        }
        None => Vec::new(),
    };
    let env = with_crew_envelopes(Environment::default(), &[a, b])?;
    let options = PlanOptions {
        max_hops,
        allow_fixed,
        ..PlanOptions::default()
    };
    let result = plan::plan(&rescuer, &distressed, &intermediates, &env, &options);
    print_out(&match format {
        report::Format::Text => plan::render_text(&result),
        report::Format::Json => plan::render_json(&result),
        report::Format::Markdown => report::markdown::plan(&result),
        report::Format::Html => report::html::plan(&result),
        report::Format::Sarif => report::sarif::plan(&result),
        report::Format::Junit => report::junit::plan(&result),
    });
    let reachable = result.paths.iter().any(|p| {
        matches!(
            p.verdict,
            rescue_interop::check::VerdictKind::Feasible
                | rescue_interop::check::VerdictKind::FeasibleWithConditions
        )
    });
    Ok(u8::from(!reachable))
}

/// Loads every vehicle spec under `paths`; every problem of every file is
/// reported at once.
/// A fleet as loaded: the vehicles that loaded and the rendered problems of
/// the files that did not.
struct Fleet {
    vehicles: Vec<spec::Vehicle>,
    problems: String,
}

fn load_fleet(paths: &[PathBuf], strict: bool) -> Result<Fleet, Failure> {
    let (files, problems) = load::collect_spec_paths(paths);
    let mut text = report::diagnostics::render_plain(&problems);
    let mut fleet = Vec::new();
    let data_files = [
        spec::standards::FILE_NAME,
        rules::mate::crew_envelopes::FILE_NAME,
    ];
    // Files load in parallel (parsing dominates a large fleet's start-up);
    // results keep the order of the paths.
    let loaded: Vec<_> = files
        .par_iter()
        .filter(|path| {
            !path
                .file_name()
                .is_some_and(|n| data_files.iter().any(|d| n == *d))
        })
        .map(|path| load::load_path(path, Standards::bundled()))
        .collect();
    for result in loaded {
        match result {
            Ok(load::Document::Vehicle(v)) => fleet.push(*v),
            Ok(load::Document::Suit(_)) => {}
            Err(errors) => {
                let rendered = report::diagnostics::render(&errors.diagnostics, &errors.files);
                text.push_str(&if rendered.is_empty() {
                    report::diagnostics::render_plain(&errors.diagnostics)
                } else {
                    rendered
                });
            }
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
            rescue_interop::text::escape_for_terminal(pair.first().copied().unwrap_or(""))
        )));
    }
    Ok(Fleet {
        vehicles: fleet,
        problems: text,
    })
}

#[allow(clippy::too_many_arguments)]
fn matrix(
    paths: &[PathBuf],
    format: Format,
    phases: Vec<PhaseArg>,
    fail_on: Severity,
    findings: bool,
    out: Option<&Path>,
    quiet: bool,
    strict: bool,
    style: Style,
) -> Result<u8, Failure> {
    let Fleet {
        vehicles: fleet,
        problems,
    } = load_fleet(paths, strict)?;
    // One bad spec does not hide the matrix of the good ones; the exit
    // status says not all was read.
    let partial = !problems.is_empty();
    if partial {
        let _ = std::io::stderr().write_all(problems.as_bytes());
        eprintln!("error: some specs could not be read; the matrix covers the others");
    }
    let status = |failing: bool| if partial { 2 } else { u8::from(failing) };
    let spec_paths: Vec<&Path> = fleet.iter().map(|v| v.file.path.as_path()).collect();
    let adapters = match rules::mate::adapters::find_dir(&spec_paths) {
        Some(dir) => rules::mate::adapters::load_dir(&dir)
            .map_err(|errors| Failure(report::diagnostics::render_plain(&errors.diagnostics)))?
            .into(),
        None => rules::mate::adapters::bundled(),
    };
    let env = with_crew_envelopes(
        Environment {
            adapters,
            ..Environment::default()
        },
        &spec_paths,
    )?;
    let options = rescue_interop::matrix::MatrixOptions {
        selection: Selection {
            phases: phases.into_iter().map(Phase::from).collect(),
        },
        findings: findings || matches!(format, Format::Html | Format::Sarif | Format::Junit),
    };
    // A progress bar on a terminal only: piped output and logs stay clean.
    let cells = rescue_interop::matrix::cell_count(fleet.len()) as u64;
    let bar = if std::io::stderr().is_terminal() && !quiet {
        indicatif::ProgressBar::new(cells)
    } else {
        indicatif::ProgressBar::hidden()
    };
    // JSON without findings streams: a large fleet's cells never sit in memory.
    if format == Format::Json && !options.findings && !quiet {
        let progress = |cells: u64| bar.inc(cells);
        let outcome = match out {
            Some(path) => stream_atomically(path, |w| {
                rescue_interop::matrix::write_matrix_json(
                    &fleet,
                    &env,
                    &options.selection,
                    &progress,
                    w,
                )
            })?,
            None => {
                let mut stdout =
                    std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
                rescue_interop::matrix::write_matrix_json(
                    &fleet,
                    &env,
                    &options.selection,
                    &progress,
                    &mut stdout,
                )
                .map_err(|e| Failure(format!("error: cannot write the matrix: {e}")))?
            }
        };
        bar.finish_and_clear();
        return Ok(status(outcome.worst.is_some_and(|w| w >= fail_on)));
    }
    let report =
        rescue_interop::matrix::build_matrix(&fleet, &env, &options, &|cells| bar.inc(cells));
    bar.finish_and_clear();
    let text = if quiet {
        format!("{}\n", report::matrix_text::summary_line(&report))
    } else {
        match format {
            Format::Text => report::matrix_text::render(&report, style),
            Format::Json => report::json::render_matrix(&report),
            Format::Markdown => report::markdown::matrix(&report),
            Format::Html => report::html::matrix(&report),
            Format::Sarif => report::sarif::matrix(&report),
            Format::Junit => report::junit::matrix(&report),
        }
    };
    match out {
        Some(path) => write_atomically(path, &text)?,
        None => print_out(&text),
    }
    let failing = report
        .cells
        .iter()
        .any(|c| c.worst.is_some_and(|w| w >= fail_on));
    Ok(status(failing))
}

/// Streams `write` into a temporary file beside `path`, then renames it,
/// so a reader never sees a partial report. A path that exists and is not a
/// regular file (`/dev/null`, `/dev/stdout`, a pipe) is written directly:
/// renaming over it would replace the device with a file.
fn stream_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<T>,
) -> Result<T, Failure> {
    let failed =
        |e: std::io::Error| Failure(format!("error: cannot write {}: {e}", path.display()));
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(Failure(format!(
                "error: --out {}: is a directory",
                path.display()
            )));
        }
        Ok(meta) if !meta.is_file() => {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(failed)?;
            let value = write(&mut file).map_err(failed)?;
            file.flush().map_err(failed)?;
            return Ok(value);
        }
        _ => {}
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| Failure(format!("error: --out {}: not a file name", path.display())))?;
    let temp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let run = || -> std::io::Result<T> {
        let mut file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&temp)?);
        let value = write(&mut file)?;
        file.into_inner()
            .map_err(std::io::IntoInnerError::into_error)?
            .sync_all()?;
        std::fs::rename(&temp, path)?;
        Ok(value)
    };
    run().map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        failed(e)
    })
}

/// Writes `text` to `path` atomically (see [`stream_atomically`]).
fn write_atomically(path: &Path, text: &str) -> Result<(), Failure> {
    stream_atomically(path, |w| w.write_all(text.as_bytes()))
}

fn list_rules(format: TextOrJson) -> String {
    let registry = rules::registry();
    match format {
        TextOrJson::Json => {
            let list: Vec<serde_json::Value> = registry
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id,
                        "name": r.name,
                        "phase": r.phase,
                        "modes": r.modes,
                        "default_severity": r.default_severity,
                        "symmetric": r.symmetric,
                        "reference": r.reference,
                        "summary": r.summary,
                    })
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&serde_json::json!({
                "ruleset_version": rules::RULESET_VERSION,
                "rules": list,
            }))
            .unwrap_or_default();
            text.push('\n');
            text
        }
        TextOrJson::Text => {
            let mut out = format!(
                "{:<13} {:<30} {:<9} {:<11} {:<9} SUMMARY\n",
                "ID", "NAME", "PHASE", "SEVERITY", "SYMMETRIC"
            );
            for r in registry {
                out.push_str(&format!(
                    "{:<13} {:<30} {:<9} {:<11} {:<9} {}\n",
                    r.id,
                    r.name,
                    r.phase.as_str(),
                    r.default_severity.as_str(),
                    if r.symmetric { "yes" } else { "no" },
                    r.summary
                ));
            }
            out
        }
    }
}

fn explain(id: &str) -> Result<u8, Failure> {
    match rules::find(id) {
        Some(rule) => {
            print_out(&rules::docs::render_terminal(rule));
            Ok(0)
        }
        None => {
            let ids: Vec<&str> = rules::registry().iter().map(|r| r.id).collect();
            Err(Failure(format!(
                "error: no rule '{}'; known rules: {}",
                rescue_interop::text::escape_for_terminal(id),
                ids.join(", ")
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn colour_choice_honours_no_color_on_a_terminal() {
        assert!(use_color(ColorChoice::Auto, None, true));
        assert!(!use_color(ColorChoice::Auto, Some(OsStr::new("1")), true));
        assert!(use_color(ColorChoice::Auto, Some(OsStr::new("")), true));
        assert!(!use_color(ColorChoice::Auto, None, false));
        assert!(!use_color(ColorChoice::Never, None, true));
        assert!(use_color(ColorChoice::Always, Some(OsStr::new("1")), false));
    }
}
