//! The command line: parse arguments, call the library, print, exit.
//!
//! Exit status: 0 no finding at or above `--fail-on`, 1 at least one, 2 bad
//! input or usage (message on stderr, nothing half-written).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use rescue_interop::commands::{
    self, Failure, JudgeArgs,
    check::CheckArgs,
    diff::{DiffArgs, DiffFormat},
    matrix::MatrixArgs,
    plan::{PlanArgs, Planned},
    registry::SchemaKind,
    scenario::ScenarioArgs,
};
use rescue_interop::config::Config;
use rescue_interop::output::write_stdout;
use rescue_interop::report::{self, Format, Style, annotations};
use rescue_interop::rules::{Phase, Severity};

#[derive(Parser)]
#[command(
    name = "rescue-interop",
    version,
    long_version = long_version(),
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
    /// A value outside what flown vehicles show (the Limits table of
    /// docs/spec-format.md) is a warning: printed, not failed, unless
    /// --strict.
    ///
    /// Exit status: 0 when all files are valid, 2 otherwise.
    #[command(after_long_help = "Examples:\n  \
        rescue-interop validate specs\n  \
        rescue-interop validate --strict specs/vehicles/crew-dragon.toml my-capsule.toml")]
    Validate {
        /// Spec files, or folders to search for .toml files (`-`: a spec
        /// on standard input).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Refuse values outside what flown vehicles show, as errors.
        #[arg(long)]
        strict: bool,
        /// The name of the spec read from standard input, for diagnostics;
        /// its library is looked for beside it.
        #[arg(long, value_name = "PATH")]
        stdin_filename: Option<PathBuf>,
        /// How to write the problems: rendered with their source lines
        /// (text, on standard error), or one line or issue each on standard
        /// output.
        #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
        format: ValidateFormat,
        #[command(flatten)]
        root: RootArg,
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
        /// Spec of vehicle A (`-`: standard input).
        a: PathBuf,
        /// Spec of vehicle B (`-`: standard input).
        b: PathBuf,
        /// The name of the spec read from standard input, for diagnostics
        /// and reports; its library is looked for beside it.
        #[arg(long, value_name = "PATH")]
        stdin_filename: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Only run rules of these phases (repeatable).
        #[arg(long = "phase", value_enum)]
        phases: Vec<PhaseArg>,
        /// The lowest severity that makes the exit status 1 [default:
        /// blocking, or `fail_on` of the config file].
        #[arg(long, value_enum)]
        fail_on: Option<SeverityArg>,
        #[command(flatten)]
        out: OutArgs,
        /// Print only the verdict lines.
        #[arg(short = 'q', long)]
        quiet: bool,
        #[command(flatten)]
        sharing: Sharing,
        #[command(flatten)]
        root: RootArg,
        #[command(flatten)]
        judge: JudgeOptions,
    },
    /// Run rescue scenarios: who is in distress, where, and what the
    /// rescuer brings.
    ///
    /// Each FILE is a scenario (docs/scenarios.md): the crew in distress
    /// (their vehicle, where they are, how many, their suits), the rescuer
    /// (its crew, possibly none, the seats fitted, what it carries up) and
    /// the transfer (docked, through the station the crew is at, or EVA).
    /// The rules of `check` run on the scenario's figures; the report states
    /// each scenario up front, then one direction per scenario.
    ///
    /// Exit status: 0 no finding at or above --fail-on, 1 at least one, 2
    /// when a scenario or a spec it names does not load.
    #[command(after_long_help = "Examples:\n  \
        rescue-interop scenario specs/scenarios/soyuz-ms-22-ms-23.toml\n  \
        rescue-interop scenario specs/scenarios/*.toml --quiet\n  \
        rescue-interop scenario specs/scenarios/starliner-cft-crew-9.toml --format json")]
    Scenario {
        /// Scenario files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Only run rules of these phases (repeatable).
        #[arg(long = "phase", value_enum)]
        phases: Vec<PhaseArg>,
        /// The lowest severity that makes the exit status 1 [default:
        /// blocking, or `fail_on` of the config file].
        #[arg(long, value_enum)]
        fail_on: Option<SeverityArg>,
        #[command(flatten)]
        out: OutArgs,
        /// Print only the verdict lines.
        #[arg(short = 'q', long)]
        quiet: bool,
        #[command(flatten)]
        sharing: Sharing,
        #[command(flatten)]
        root: RootArg,
        /// When a scenario is blocked, also propose changes to fixed fields
        /// (`changeable = false`, a flown vehicle's docking standard).
        #[arg(long)]
        allow_fixed: bool,
        #[command(flatten)]
        judge: JudgeOptions,
    },
    /// What a revision of one vehicle's spec changes.
    ///
    /// The fields written differently (with their units), and the findings
    /// gained, lost or changed (same fingerprint, different severity or
    /// evidence) against each vehicle of the fleet, both directions. A file
    /// against itself is an empty diff.
    ///
    /// Exit status: 0 no change (it says so), 1 changes (with --fail-on: a
    /// finding gained at or above it), 2 bad input.
    #[command(after_long_help = "Examples:\n  \
        rescue-interop diff old/soyuz-ms.toml specs/vehicles/soyuz-ms.toml --fleet specs/vehicles\n  \
        rescue-interop diff specs/vehicles/soyuz-ms.toml --against HEAD~1 --fleet specs/vehicles\n  \
        rescue-interop diff specs/vehicles/soyuz-ms.toml --against origin/main --fail-on blocking --format github")]
    Diff {
        /// The old revision (or, with --against, the spec whose git revision is the old one).
        old: PathBuf,
        /// The new revision (with --against: default the file named by OLD, as it is now).
        new: Option<PathBuf>,
        /// Folder of vehicle specs to check both revisions against
        /// [default: `fleet` of the config file].
        #[arg(long, value_name = "DIR")]
        fleet: Option<PathBuf>,
        /// Read the old revision from git: `git show REV:OLD`, in memory
        /// (nothing is written), labelled `REV:OLD`.
        #[arg(long, value_name = "REV")]
        against: Option<String>,
        /// Exit 1 only when the new revision gains a finding at or above
        /// this severity (or raises one to it), as a pull-request gate
        /// [default: exit 1 on any change].
        #[arg(long, value_enum)]
        fail_on: Option<SeverityArg>,
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        #[command(flatten)]
        out: OutArgs,
        #[command(flatten)]
        config: ConfigOptions,
        #[command(flatten)]
        link: LinkOptions,
        #[command(flatten)]
        sharing: Sharing,
        #[command(flatten)]
        root: RootArg,
    },
    /// Rank the unknown fields of a fleet: the figures to ask each side for.
    ///
    /// Runs every cell of the fleet's matrix (as `matrix` does, in its
    /// default scenario) and counts, for each field a finding of severity
    /// unknown names, how many findings name it; ranked per vehicle and per
    /// operator (docs/flight-record.md).
    ///
    /// Exit status: 0, or 2 when a spec could not be read.
    #[command(after_long_help = "Examples:\n  \
        rescue-interop gaps specs/vehicles specs/adapters\n  \
        rescue-interop gaps specs/vehicles --format markdown --top 5")]
    Gaps {
        /// Vehicle spec files or folders (searched recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = GapsFormatArg::Text)]
        format: GapsFormatArg,
        /// Fields shown per vehicle and per operator (text, markdown).
        #[arg(long, default_value_t = 10)]
        top: usize,
        #[command(flatten)]
        root: RootArg,
        #[command(flatten)]
        judge: JudgeOptions,
    },
    /// Plan a rescue through adapters and stations, and find the smallest
    /// changes that unblock a pair.
    ///
    /// Paths run from A (the rescuer) to B's crew through the vehicle and
    /// adapter specs under --via (searched recursively; suit files and data
    /// files are skipped), in the default scenario of `check`; with
    /// --scenario FILE, from the scenario's rescuer to its crew, every path
    /// judged on its figures (docs/scenarios.md), its station and adapters
    /// among the intermediates. Every step is checked with the rules of `check`;
    /// docs/planning.md says which phases judge which step. Paths are ranked
    /// by blocking findings, verdict, conditions, then steps. When the
    /// direct rescue is blocked, the plan lists the smallest sets of changes
    /// to A or B that unblock it, each found by re-running the rules.
    ///
    /// Exit status: 0 when some path is feasible (with or without
    /// conditions), 1 when none is, 2 on bad input.
    #[command(after_long_help = "Examples:\n  \
        rescue-interop plan specs/vehicles/apollo-csm-1975.toml specs/vehicles/soyuz-7k-tm-1975.toml --via specs\n  \
        rescue-interop plan specs/vehicles/soyuz-ms.toml specs/vehicles/crew-dragon.toml --via specs --format json\n  \
        rescue-interop plan --scenario specs/scenarios/starliner-cft-crew-9.toml --via specs")]
    Plan {
        /// Spec of the rescuer.
        #[arg(required_unless_present = "scenario", requires = "b")]
        a: Option<PathBuf>,
        /// Spec of the vehicle whose crew needs rescue.
        b: Option<PathBuf>,
        /// Plan this scenario file instead of A and B: its rescuer, its
        /// crew, and its figures (crews, seats, what is carried, where the
        /// crew is); its station and adapters join the intermediates.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["a", "b"])]
        scenario: Option<PathBuf>,
        /// Folder of intermediate vehicles, stations and adapters.
        #[arg(long)]
        via: Option<PathBuf>,
        /// Longest path, in docked steps.
        #[arg(long, default_value_t = 3)]
        max_hops: usize,
        #[arg(long, value_enum, default_value_t = report::Format::Text)]
        format: report::Format,
        #[command(flatten)]
        out: OutArgs,
        /// Also propose changes to fixed fields (`changeable = false`, a
        /// flown vehicle's docking standard).
        #[arg(long)]
        allow_fixed: bool,
        /// Stop searching paths and remedies after this many seconds; the
        /// plan then says what it left untried.
        #[arg(long, value_name = "SECONDS", default_value_t = 30)]
        time_limit: u64,
        #[command(flatten)]
        sharing: Sharing,
        #[command(flatten)]
        root: RootArg,
        #[command(flatten)]
        judge: JudgeOptions,
    },
    /// Check every ordered pair of a fleet: a grid of directed verdicts.
    ///
    /// Rows are the rescuing vehicle, columns the vehicle whose crew is
    /// rescued. PATHS are vehicle spec files, or folders searched
    /// recursively (suit files and the data files interface-standards.toml,
    /// crew-envelopes.toml, launch-sites.toml and flight-record.toml are
    /// skipped, and so are scenario files); adapters among them are routed
    /// through, never a row or a column. Every ordered pair of the others
    /// is a cell, the diagonal included. A cell's default scenario: nominal
    /// crews, nothing carried, the crew docked at its vehicle's home station
    /// when the fleet has it (else free-flying); --scenario applies a
    /// scenario file's figures to every cell instead. Each cell holds the
    /// verdict and each phase's state and finding counts per mode, as
    /// `check` judges them (with the same config and waivers); the summary
    /// says what decides the blocked and undetermined pairs, which phases
    /// block each mode and which rules block alone or most. Pairs are
    /// checked in parallel and every format is written as the cells come,
    /// in bounded memory; a progress bar shows on a terminal only.
    ///
    /// Exit status: 0 no cell with a finding at or above --fail-on, 1 at
    /// least one, 2 bad input. A spec that cannot be read is reported and
    /// the matrix of the others is still written, with exit status 2 to say
    /// not all was read (with --strict, nothing is written).
    #[command(after_long_help = "Examples:\n  \
        rescue-interop matrix specs/vehicles specs/adapters\n  \
        rescue-interop matrix specs/vehicles --format html --out fleet.html\n  \
        rescue-interop matrix a.toml b.toml c.toml --findings --format json\n  \
        rescue-interop matrix specs/vehicles --scenario specs/scenarios/soyuz-ms-22-ms-23.toml")]
    Matrix {
        /// Vehicle spec files, or folders to search for them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Only run rules of these phases (repeatable).
        #[arg(long = "phase", value_enum)]
        phases: Vec<PhaseArg>,
        /// The lowest severity that makes the exit status 1 [default:
        /// blocking, or `fail_on` of the config file].
        #[arg(long, value_enum)]
        fail_on: Option<SeverityArg>,
        /// Keep every cell's findings in the report (html, sarif and junit
        /// always keep them).
        #[arg(long)]
        findings: bool,
        #[command(flatten)]
        out: OutArgs,
        /// Print only the summary line.
        #[arg(short = 'q', long)]
        quiet: bool,
        /// Refuse the whole fleet when any spec cannot be read (by default
        /// the matrix of the others is written and the exit status is 2).
        #[arg(long)]
        strict: bool,
        /// Run every cell in this scenario file's situation: the figures it
        /// gives (crews, seats, what is carried, where the crew is, modes)
        /// over each cell's defaults; its own two specs are replaced by the
        /// cell's pair (docs/scenarios.md).
        #[arg(long, value_name = "FILE")]
        scenario: Option<PathBuf>,
        #[command(flatten)]
        sharing: Sharing,
        #[command(flatten)]
        root: RootArg,
        #[command(flatten)]
        judge: JudgeOptions,
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
    /// The spec format by default (`--of scenario`: the scenario format,
    /// committed as docs/scenario.schema.json), generated from the Rust types and
    /// committed as docs/spec.schema.json: point an editor at it (taplo, Even
    /// Better TOML) with a `#:schema ../../docs/spec.schema.json` first line
    /// to get completion and checking while writing a spec. With
    /// `--of report`, the schema of `check --format json` output instead;
    /// `--of launch-sites`, that of specs/launch-sites.toml (committed as
    /// docs/launch-sites.schema.json); `--of flight-record`, that of
    /// specs/flight-record.toml (docs/flight-record.schema.json);
    /// `--of config` and `--of waivers` give those of rescue-interop.toml
    /// and a waivers file (docs/config.schema.json, docs/waivers.schema.json).
    Schema {
        /// Which schema to print.
        #[arg(long, value_enum, default_value_t = SchemaArg::Spec)]
        of: SchemaArg,
    },
    /// Print a completion script for a shell.
    ///
    /// Load it in the running shell, or install it where the shell looks
    /// (docs/ci.md).
    #[command(after_long_help = "Examples:\n  \
        source <(rescue-interop completions bash)\n  \
        rescue-interop completions zsh > ~/.zfunc/_rescue-interop")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print a man page (roff): the tool's, or one command's.
    #[command(after_long_help = "Examples:\n  \
        rescue-interop man > rescue-interop.1\n  \
        rescue-interop man check > rescue-interop-check.1")]
    Man {
        /// The command whose page to print (rescue-interop-COMMAND(1)).
        command: Option<String>,
    },
}

/// `--share-safe` and `--share-key`, on every command that writes a report
/// for the other party.
#[derive(clap::Args)]
struct Sharing {
    /// A report for the other party: every value derived from a field
    /// marked `restricted = true` is withheld, files are named by a keyed
    /// digest only (docs/trust.md).
    #[arg(long)]
    share_safe: bool,
    /// The party key (a file of at least 16 bytes both parties hold) that
    /// keys a share-safe report's digests and fingerprints, so that the two
    /// sides can match findings [default: a key made for the report alone].
    #[arg(long, value_name = "FILE", requires = "share_safe")]
    share_key: Option<PathBuf>,
}

/// `--root`, on every command that reads specs.
#[derive(clap::Args)]
struct RootArg {
    /// Folder the specs' file references (suit files) must lie in
    /// [default: each spec's library: the nearest folder above it holding
    /// interface-standards.toml, else the folder above its own].
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

/// Formats of `gaps`.
#[derive(Clone, Copy, ValueEnum)]
enum GapsFormatArg {
    /// For a terminal.
    Text,
    /// Markdown tables.
    Markdown,
    /// JSON.
    Json,
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

/// Formats of `validate`.
#[derive(Clone, Copy, ValueEnum)]
enum ValidateFormat {
    /// Every problem with its source line, rustc-style.
    Text,
    /// One `path:line:col: spec error: message` line per problem.
    Concise,
    /// GitHub Actions workflow commands.
    Github,
    /// GitLab Code Quality JSON.
    Gitlab,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaArg {
    /// The spec file format.
    Spec,
    /// The scenario file format.
    Scenario,
    /// The JSON check report.
    Report,
    /// The JSON plan (`plan --format json`).
    Plan,
    /// The JSON fleet matrix report.
    Matrix,
    /// The launch-sites data file (specs/launch-sites.toml).
    LaunchSites,
    /// The config file, rescue-interop.toml.
    Config,
    /// A waivers file.
    Waivers,
    /// The record of flown events (specs/flight-record.toml).
    FlightRecord,
}

/// Where a command writes its report.
#[derive(Args)]
struct OutArgs {
    /// Write the report to PATH (atomically) instead of standard
    /// output; repeat for several outputs from one run. `PATH:FORMAT`
    /// names the format, else the extension does (.json, .sarif, .md,
    /// .html, .xml for junit, .txt), else --format; `-` is standard
    /// output (docs/ci.md).
    #[arg(
        short = 'o',
        long,
        value_name = "PATH[:FORMAT]",
        allow_hyphen_values = true
    )]
    out: Vec<PathBuf>,
}

/// Where a command's config comes from.
#[derive(Args)]
struct ConfigOptions {
    /// Read this config file instead of the rescue-interop.toml found
    /// upward from the current folder.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Read no config file: only the command line and the defaults count.
    #[arg(long)]
    no_config: bool,
}

impl ConfigOptions {
    fn load(&self) -> Result<Config, Failure> {
        commands::load_config(self.config.as_deref(), self.no_config)
    }
}

/// Link-budget options of the commands that judge.
#[derive(Args)]
struct LinkOptions {
    /// Distance for link budgets, with its unit [default: 23 km, or
    /// `range` of the config file].
    #[arg(long)]
    range: Option<String>,
    /// Allowance for blockage and multipath in link budgets, used when
    /// neither radio of a link sets its own.
    #[arg(long, default_value = commands::DEFAULT_BLOCKAGE_ALLOWANCE)]
    blockage_allowance: String,
}

/// What every command that judges reads besides its specs.
#[derive(Args)]
struct JudgeOptions {
    /// Accept findings listed in this waivers file (docs/trust.md): they
    /// stay in the report, marked waived, but decide no verdict and no
    /// longer count toward the exit status [default: `waivers` of the
    /// config file].
    #[arg(long, value_name = "FILE")]
    waivers: Option<PathBuf>,
    #[command(flatten)]
    link: LinkOptions,
    #[command(flatten)]
    config: ConfigOptions,
}

impl JudgeOptions {
    /// The library's arguments, with the loaded config and the phases.
    fn args<'a>(&'a self, config: &'a Config, phases: Vec<PhaseArg>) -> JudgeArgs<'a> {
        JudgeArgs {
            config,
            waivers: self.waivers.as_deref(),
            range: self.link.range.as_deref(),
            blockage_allowance: &self.link.blockage_allowance,
            phases: phases.into_iter().map(Phase::from).collect(),
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum PhaseArg {
    Reach,
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
            PhaseArg::Reach => Phase::Reach,
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

/// The width text output is laid out for: the terminal's, else `COLUMNS`,
/// else the default.
fn output_width(terminal: bool, columns: Option<&str>) -> usize {
    let of_terminal = terminal
        .then(terminal_size::terminal_size)
        .flatten()
        .map(|(w, _)| usize::from(w.0));
    of_terminal
        .or_else(|| columns.and_then(|c| c.trim().parse().ok()))
        .unwrap_or(report::DEFAULT_WIDTH)
}

/// `--version`: the tool, the rule set and the JSON schemas' versions
/// (clap keeps a `&'static str`; the text is made once per run).
fn long_version() -> &'static str {
    Box::leak(commands::registry::long_version().into_boxed_str())
}

/// The man page of the tool (`rescue-interop(1)`, its commands listed as
/// `rescue-interop-check(1)`...), or of one command.
fn man_page(command: Option<&str>) -> Result<String, Failure> {
    let tool = Cli::command();
    let page = match command {
        None => tool,
        Some(name) => {
            let sub = tool
                .get_subcommands()
                .find(|s| s.get_name() == name)
                .ok_or_else(|| {
                    Failure(format!(
                        "error: no command '{}'",
                        rescue_interop::text::escape_for_terminal(name)
                    ))
                })?;
            // clap names a page by a `&'static str`: made once per run.
            let title: &'static str = Box::leak(format!("rescue-interop-{name}").into_boxed_str());
            sub.clone().name(title).version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut out)
        .map_err(|e| Failure(format!("error: cannot render the man page: {e}")))?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // One clock for the run: a bad date in the environment stops every
    // command before it reads anything.
    if let Err(message) = rescue_interop::clock::today() {
        eprintln!("{message}");
        return ExitCode::from(2);
    }
    let color = use_color(
        cli.color,
        std::env::var_os("NO_COLOR").as_deref(),
        std::io::stdout().is_terminal(),
    );
    let style = Style::new(color).with_width(output_width(
        std::io::stdout().is_terminal(),
        std::env::var("COLUMNS").ok().as_deref(),
    ));
    let result = match cli.command {
        Command::Validate {
            paths,
            strict,
            stdin_filename,
            format,
            root,
        } => commands::validate::run_as(
            &paths,
            strict,
            root.root.as_deref(),
            match format {
                ValidateFormat::Text => None,
                ValidateFormat::Concise => Some(annotations::Kind::Concise),
                ValidateFormat::Github => Some(annotations::Kind::Github),
                ValidateFormat::Gitlab => Some(annotations::Kind::Gitlab),
            },
            stdin_filename.as_deref(),
        ),
        Command::Check {
            a,
            b,
            stdin_filename,
            format,
            phases,
            fail_on,
            out,
            quiet,
            sharing,
            root,
            judge,
        } => judge.config.load().and_then(|config| {
            commands::check::run(&CheckArgs {
                a: &a,
                b: &b,
                stdin_filename: stdin_filename.as_deref(),
                format,
                fail_on: fail_on
                    .map(Severity::from)
                    .or(config.fail_on)
                    .unwrap_or(Severity::Blocking),
                out: &out.out,
                root: root.root.as_deref(),
                quiet,
                style,
                share_safe: sharing.share_safe,
                share_key: sharing.share_key.as_deref(),
                judge: judge.args(&config, phases),
            })
        }),
        Command::Scenario {
            files,
            format,
            phases,
            fail_on,
            out,
            quiet,
            sharing,
            root,
            allow_fixed,
            judge,
        } => judge.config.load().and_then(|config| {
            commands::scenario::run(&ScenarioArgs {
                allow_fixed,
                files: &files,
                format,
                fail_on: fail_on
                    .map(Severity::from)
                    .or(config.fail_on)
                    .unwrap_or(Severity::Blocking),
                out: &out.out,
                root: root.root.as_deref(),
                quiet,
                style,
                share_safe: sharing.share_safe,
                share_key: sharing.share_key.as_deref(),
                judge: judge.args(&config, phases),
            })
        }),
        Command::Diff {
            old,
            new,
            fleet,
            against,
            fail_on,
            format,
            out,
            config,
            link,
            sharing,
            root,
        } => config.load().and_then(|config| {
            commands::diff::run(&DiffArgs {
                old: &old,
                new: new.as_deref(),
                fleet: fleet.or(config.fleet.clone()).as_deref(),
                against: against.as_deref(),
                format,
                out: &out.out,
                fail_on: fail_on.map(Severity::from),
                root: root.root.as_deref(),
                share_safe: sharing.share_safe,
                share_key: sharing.share_key.as_deref(),
                judge: JudgeArgs {
                    range: link.range.as_deref(),
                    blockage_allowance: &link.blockage_allowance,
                    ..JudgeArgs::with_config(&config)
                },
            })
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
            scenario,
            sharing,
            root,
            judge,
        } => judge.config.load().and_then(|config| {
            commands::matrix::run(&MatrixArgs {
                paths: &paths,
                format,
                fail_on: fail_on
                    .map(Severity::from)
                    .or(config.fail_on)
                    .unwrap_or(Severity::Blocking),
                findings,
                out: &out.out,
                quiet,
                strict,
                scenario: scenario.as_deref(),
                root: root.root.as_deref(),
                share_safe: sharing.share_safe,
                share_key: sharing.share_key.as_deref(),
                style,
                judge: judge.args(&config, phases),
            })
        }),
        Command::Gaps {
            paths,
            format,
            top,
            root,
            judge,
        } => judge.config.load().and_then(|config| {
            commands::gaps::run(&commands::gaps::GapsArgs {
                paths: &paths,
                format: match format {
                    GapsFormatArg::Text => commands::gaps::GapsFormat::Text,
                    GapsFormatArg::Markdown => commands::gaps::GapsFormat::Markdown,
                    GapsFormatArg::Json => commands::gaps::GapsFormat::Json,
                },
                top,
                root: root.root.as_deref(),
                judge: judge.args(&config, Vec::new()),
            })
        }),
        Command::Rules { format } => write_stdout(&commands::registry::list_rules(matches!(
            format,
            TextOrJson::Json
        )))
        .map(|()| 0)
        .map_err(Failure),
        Command::Explain { id } => commands::registry::explain(&id),
        Command::Plan {
            a,
            b,
            scenario,
            via,
            max_hops,
            format,
            out,
            allow_fixed,
            time_limit,
            sharing,
            root,
            judge,
        } => match (scenario.as_deref(), a.as_deref(), b.as_deref()) {
            (Some(file), _, _) => Ok(Planned::Scenario(file)),
            (None, Some(a), Some(b)) => Ok(Planned::Pair { a, b }),
            // clap requires A and B without --scenario.
            _ => Err(Failure(
                "error: plan needs A and B, or --scenario FILE".into(),
            )),
        }
        .and_then(|pair| Ok((pair, judge.config.load()?)))
        .and_then(|(pair, config)| {
            commands::plan::run(&PlanArgs {
                pair,
                via: via.as_deref(),
                max_hops,
                format,
                out: &out.out,
                root: root.root.as_deref(),
                allow_fixed,
                time_limit: std::time::Duration::from_secs(time_limit),
                share_safe: sharing.share_safe,
                share_key: sharing.share_key.as_deref(),
                judge: judge.args(&config, Vec::new()),
            })
        }),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "rescue-interop", &mut script);
            write_stdout(&String::from_utf8_lossy(&script))
                .map(|()| 0)
                .map_err(Failure)
        }
        Command::Man { command } => man_page(command.as_deref())
            .and_then(|page| write_stdout(&page).map_err(Failure))
            .map(|()| 0),
        Command::Schema { of } => write_stdout(&commands::registry::schema_text(match of {
            SchemaArg::Spec => SchemaKind::Spec,
            SchemaArg::Scenario => SchemaKind::Scenario,
            SchemaArg::Report => SchemaKind::Report,
            SchemaArg::Plan => SchemaKind::Plan,
            SchemaArg::Matrix => SchemaKind::Matrix,
            SchemaArg::LaunchSites => SchemaKind::LaunchSites,
            SchemaArg::Config => SchemaKind::Config,
            SchemaArg::Waivers => SchemaKind::Waivers,
            SchemaArg::FlightRecord => SchemaKind::FlightRecord,
        }))
        .map(|()| 0)
        .map_err(Failure),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Failure(message)) => {
            // Messages quote names and paths from specs: whatever a path
            // missed, nothing raw reaches the terminal.
            let message = rescue_interop::text::escape_lines_for_terminal(&message);
            let _ = std::io::stderr().write_all(message.as_bytes());
            if !message.ends_with('\n') {
                eprintln!();
            }
            ExitCode::from(2)
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
