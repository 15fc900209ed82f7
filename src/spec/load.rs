//! Loading spec files: reading, parsing, and reporting every problem in a
//! file with its line, column and field path.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::field::{Expected, Field, Span, ValueProblem, collecting, collecting_within};
use super::locate::{Located, Segment, display_plain};
use super::standards::Standards;
use super::suit::SuitDefinition;
use super::values::VehicleKind;
use super::vehicle::{SpecDocument, VehicleInfo};
use super::{CarriedSuit, Suit, Vehicle};

/// Largest spec file read, in bytes. Real specs are a few tens of kB; a
/// larger file is almost certainly not a spec and is refused before parsing.
pub const MAX_SPEC_BYTES: u64 = 1024 * 1024;

/// Most problems reported for one file; a file with more is not a spec
/// with mistakes but something else, and locating each would cost time.
pub const MAX_PROBLEMS_PER_FILE: usize = 200;

/// The spec format version this tool reads.
pub const FORMAT_VERSION: u32 = 1;

/// A spec file's text, kept for messages and report excerpts.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path,
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let offset = (offset as usize).min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        (line + 1, column + 1)
    }

    /// The text of 1-based line `line`, without its newline.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts.get(line.wrapping_sub(1)).copied();
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        match start {
            Some(s) => self
                .text
                .get(s..end)
                .unwrap_or("")
                .trim_end_matches(['\n', '\r']),
            None => "",
        }
    }

    /// SHA-256 of the file's bytes, in hex.
    pub fn sha256(&self) -> String {
        let digest = Sha256::digest(self.text.as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The file name as reports print it.
    pub fn display_path(&self) -> String {
        crate::text::escape_for_terminal(&self.path.display().to_string())
    }
}

/// One problem in one spec file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based; 0 when the problem is with the file as a whole.
    pub line: usize,
    pub column: usize,
    pub span: Option<Span>,
    /// The field's path, `ports[forward].passage_diameter`; empty for the file.
    pub field: String,
    /// What was wrong.
    pub found: String,
    pub expected: Option<Expected>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub(crate) fn file_level(path: &Path, found: impl Into<String>) -> Self {
        Diagnostic {
            file: path.to_path_buf(),
            line: 0,
            column: 0,
            span: None,
            field: String::new(),
            found: found.into(),
            expected: None,
            help: None,
        }
    }

    /// The one-line message: what was found, then what the field expected
    /// ("atmosphere.pressure: '800 mm' is a length; expected an absolute
    /// pressure ...").
    pub fn message(&self) -> String {
        let mut out = String::new();
        if !self.field.is_empty() {
            out.push_str(&self.field);
            out.push_str(": ");
        }
        out.push_str(&self.found);
        if let Some(e) = &self.expected {
            out.push_str(&format!(
                "; expected {} (for example {})",
                e.what, e.example
            ));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::text::escape_for_terminal(&self.file.display().to_string());
        if self.line > 0 {
            write!(
                f,
                "{file}:{}:{}: {}",
                self.line,
                self.column,
                self.message()
            )?;
        } else {
            write!(f, "{file}: {}", self.message())?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// What a spec file holds.
#[derive(Debug)]
pub enum Document {
    Vehicle(Box<Vehicle>),
    Suit(Box<Suit>),
    /// A scenario file, with the specs it names loaded.
    Scenario(Box<crate::scenario::Scenario>),
}

/// Whether a parsed document has the top-level key `key`.
fn has_top_key(root: &toml::de::DeTable<'_>, key: &str) -> bool {
    root.iter().any(|(k, _)| k.get_ref() == key)
}

/// Problems found while loading one or more files.
#[derive(Debug, Default)]
pub struct LoadErrors {
    pub diagnostics: Vec<Diagnostic>,
    /// Texts of the files the diagnostics point into, for excerpts.
    pub files: Vec<Arc<SourceFile>>,
}

impl fmt::Display for LoadErrors {
    /// One line per problem, as `validate` prints them without excerpts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Reads a file's text, refusing what cannot be a spec.
// A diagnostic is built once per failing file; its size does not matter.
#[allow(clippy::result_large_err)]
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::file_level(path, format!("cannot be read: {}", io_reason(&e))))?;
    if meta.is_dir() {
        return Err(Diagnostic::file_level(
            path,
            "is a directory, not a spec file",
        ));
    }
    // A FIFO would block the open until a writer comes, a device like
    // /dev/zero never ends: only regular files are read.
    if !meta.is_file() {
        return Err(Diagnostic::file_level(
            path,
            "is not a regular file (a device, FIFO or socket); not read",
        ));
    }
    if meta.len() > MAX_SPEC_BYTES {
        return Err(Diagnostic::file_level(
            path,
            format!(
                "is {} bytes; spec files are limited to {} bytes (1 MiB)",
                meta.len(),
                MAX_SPEC_BYTES
            ),
        ));
    }
    let bytes = read_limited(path)?;
    if bytes.is_empty() {
        return Err(Diagnostic::file_level(
            path,
            "is empty; a spec needs at least a [vehicle] or [suit] table",
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let mut d = Diagnostic::file_level(
            path,
            format!("is not UTF-8 text (invalid byte at offset {offset})"),
        );
        // Point at the bad byte: the text before it is valid UTF-8.
        let before =
            std::str::from_utf8(e.as_bytes().get(..offset).unwrap_or_default()).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        d.line = before.matches('\n').count() + 1;
        d.column = before.get(line_start..).map_or(0, |l| l.chars().count()) + 1;
        d.help = Some("save the spec as UTF-8".into());
        d
    })
}

#[allow(clippy::result_large_err)]
fn read_limited(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let file = std::fs::File::open(path)
        .map_err(|e| Diagnostic::file_level(path, format!("cannot be read: {}", io_reason(&e))))?;
    let mut bytes = Vec::new();
    // Read one byte past the limit so a file that grew after stat is caught.
    file.take(MAX_SPEC_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::file_level(path, format!("cannot be read: {}", io_reason(&e))))?;
    if bytes.len() as u64 > MAX_SPEC_BYTES {
        return Err(Diagnostic::file_level(
            path,
            format!("is larger than the {MAX_SPEC_BYTES}-byte limit for spec files"),
        ));
    }
    Ok(bytes)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// What a spec is loaded against: the interface standards its ports may
/// name, and the root folder the files it names must lie in
/// ([`super::reference`]).
#[derive(Debug, Clone, Copy)]
pub struct LoadContext<'a> {
    pub standards: &'a Standards,
    /// `--root`: the folder file references resolve inside; `None` for the
    /// spec's own folder tree.
    pub root: Option<&'a Path>,
}

impl<'a> LoadContext<'a> {
    /// Against `standards`, references confined to each spec's own tree.
    pub fn new(standards: &'a Standards) -> Self {
        LoadContext {
            standards,
            root: None,
        }
    }
}

/// Loads one spec file.
pub fn load_path(path: &Path, standards: &Standards) -> Result<Document, LoadErrors> {
    load_path_with(path, LoadContext::new(standards))
}

/// Loads one spec file in a [`LoadContext`].
pub fn load_path_with(path: &Path, context: LoadContext<'_>) -> Result<Document, LoadErrors> {
    check_path_with(path, context).0
}

/// Loads a spec (a vehicle, adapter or suit file) or a scenario file from
/// its text; `path` names it in messages and anchors the files it refers
/// to. A file with a top-level `[scenario]` table is a scenario.
pub fn load_str(path: &Path, text: String, standards: &Standards) -> Result<Document, LoadErrors> {
    load_str_with(path, text, LoadContext::new(standards))
}

/// [`load_str`] in a [`LoadContext`].
pub fn load_str_with(
    path: &Path,
    text: String,
    context: LoadContext<'_>,
) -> Result<Document, LoadErrors> {
    check_str_with(path, text, context).0
}

/// Warnings about a spec that loads: values outside what flown vehicles
/// show (`spec::limits`). `validate` prints them; `validate --strict`
/// refuses the spec for them.
#[derive(Debug, Default)]
pub struct LoadWarnings {
    pub diagnostics: Vec<Diagnostic>,
    /// Texts of the files the warnings point into, for excerpts.
    pub files: Vec<Arc<SourceFile>>,
}

/// Loads one spec file, with its warnings.
pub fn check_path(
    path: &Path,
    standards: &Standards,
) -> (Result<Document, LoadErrors>, LoadWarnings) {
    check_path_with(path, LoadContext::new(standards))
}

/// [`check_path`] in a [`LoadContext`].
pub fn check_path_with(
    path: &Path,
    context: LoadContext<'_>,
) -> (Result<Document, LoadErrors>, LoadWarnings) {
    let (result, warnings) = check_path_as(path, context, ScenarioFiles::Load);
    (required(result), warnings)
}

/// Loads a vehicle, adapter or suit spec at `path`; a scenario file there is
/// an error (a scenario names the specs it runs on, never another
/// scenario).
pub fn load_spec_path(path: &Path, standards: &Standards) -> Result<Document, LoadErrors> {
    load_spec_path_with(path, LoadContext::new(standards))
}

/// [`load_spec_path`] in a [`LoadContext`].
pub fn load_spec_path_with(path: &Path, context: LoadContext<'_>) -> Result<Document, LoadErrors> {
    required(check_path_as(path, context, ScenarioFiles::Refuse).0)
}

/// Loads a spec found among a fleet's files: `None` for a scenario file,
/// which a fleet does not read.
pub fn load_fleet_path(path: &Path, standards: &Standards) -> Result<Option<Document>, LoadErrors> {
    load_fleet_path_with(path, LoadContext::new(standards))
}

/// [`load_fleet_path`] in a [`LoadContext`].
pub fn load_fleet_path_with(
    path: &Path,
    context: LoadContext<'_>,
) -> Result<Option<Document>, LoadErrors> {
    check_path_as(path, context, ScenarioFiles::Skip).0
}

/// What to do with a scenario file where a spec may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScenarioFiles {
    Load,
    Refuse,
    Skip,
}

/// A document where one must be (a skipped scenario is none).
fn required(result: Result<Option<Document>, LoadErrors>) -> Result<Document, LoadErrors> {
    result.and_then(|d| d.ok_or_else(LoadErrors::default))
}

fn check_path_as(
    path: &Path,
    context: LoadContext<'_>,
    scenarios: ScenarioFiles,
) -> (Result<Option<Document>, LoadErrors>, LoadWarnings) {
    match read_text(path) {
        Ok(text) => check_text(path, text, context, scenarios),
        Err(d) => (
            Err(LoadErrors {
                diagnostics: vec![d],
                files: vec![],
            }),
            LoadWarnings::default(),
        ),
    }
}

/// Loads a spec or a scenario from its text, with its warnings, in a
/// [`LoadContext`].
pub fn check_str_with(
    path: &Path,
    text: String,
    context: LoadContext<'_>,
) -> (Result<Document, LoadErrors>, LoadWarnings) {
    let (result, warnings) = check_text(path, text, context, ScenarioFiles::Load);
    (required(result), warnings)
}

fn check_text(
    path: &Path,
    text: String,
    context: LoadContext<'_>,
    scenarios: ScenarioFiles,
) -> (Result<Option<Document>, LoadErrors>, LoadWarnings) {
    let file = Arc::new(SourceFile::new(path.to_path_buf(), text));
    // Parsed once: the tree says which format the file is, then is read.
    let root = toml::de::DeTable::parse(&file.text);
    if root
        .as_ref()
        .is_ok_and(|r| has_top_key(r.get_ref(), "scenario"))
    {
        let result = match scenarios {
            ScenarioFiles::Skip => Ok(None),
            ScenarioFiles::Refuse => Err(LoadErrors {
                diagnostics: vec![Diagnostic::file_level(
                    path,
                    "is a scenario file, not a vehicle spec",
                )],
                files: vec![],
            }),
            ScenarioFiles::Load => crate::scenario::load::from_parsed(file.clone(), root, context)
                .map(|s| Some(Document::Scenario(Box::new(s)))),
        };
        return (result, LoadWarnings::default());
    }
    let mut checker = Checker::new(file.clone());
    checker.root = context.root.map(Path::to_path_buf);
    let document = checker.parse_from(root);
    let result = match document {
        Some(doc) => checker.build(doc, context.standards),
        None => None,
    };
    let clean = !checker.has_problems();
    checker.finish();
    let warnings = LoadWarnings {
        files: if checker.warnings.is_empty() {
            Vec::new()
        } else {
            std::iter::once(file.clone())
                .chain(checker.warning_files.iter().cloned())
                .collect()
        },
        diagnostics: std::mem::take(&mut checker.warnings),
    };
    let result = match result {
        Some(doc) if clean && checker.diagnostics.is_empty() => Ok(Some(doc)),
        _ => {
            let mut files = vec![file];
            files.extend(checker.extra_files);
            Err(LoadErrors {
                diagnostics: checker.diagnostics,
                files,
            })
        }
    };
    (result, warnings)
}

/// A problem waiting for the spanned tree to give it a path or a place.
enum Pending {
    /// A bad value at a span; the path is looked up.
    AtSpan(ValueProblem),
    /// A problem at a path; the span is looked up.
    AtPath {
        path: Vec<Segment>,
        found: String,
        expected: Option<Expected>,
        help: Option<String>,
    },
    /// A required field missing from the table at `table`.
    Missing { table: Vec<Segment>, field: String },
    /// An unknown key at `path`.
    UnknownKey(Vec<Segment>),
    /// A toml error with an optional span.
    Toml { span: Option<Span>, message: String },
    /// A suit file must hold only [suit] and format.
    SuitFileTopKeys,
}

/// Collects the problems of one file. Problems are resolved to lines and
/// paths at the end, with one spanned parse, and only when there are any.
///
/// One checker serves every document format (spec files and scenario
/// files): the format's JSON Schema tells it the shape of the sections and
/// the field names for "did you mean".
pub(crate) struct Checker {
    pub(crate) file: Arc<SourceFile>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pending: Vec<Pending>,
    pub(crate) extra_files: Vec<Arc<SourceFile>>,
    /// Paths of sections written in the wrong shape and left out of the
    /// reading; their absence is not reported again.
    wrong_shapes: Vec<Vec<Segment>>,
    /// Values outside what flown vehicles show, waiting for their paths.
    pending_warnings: Vec<ValueProblem>,
    /// Those warnings located (and those of the suit files read).
    warnings: Vec<Diagnostic>,
    /// Suit files the warnings point into.
    warning_files: Vec<Arc<SourceFile>>,
    /// `--root`: where the files the spec names may be.
    pub(crate) root: Option<PathBuf>,
    /// The JSON Schema of the document format, and the name its root type
    /// goes by in the limits table (`spec::limits`).
    schema: &'static serde_json::Value,
    root_type: &'static str,
}

impl Checker {
    fn new(file: Arc<SourceFile>) -> Self {
        Checker::for_format(file, super::schema::spec_schema(), super::limits::SPEC_ROOT)
    }

    /// A checker for a document whose format has the JSON Schema `schema`,
    /// its root type named `root_type` in the limits table.
    pub(crate) fn for_format(
        file: Arc<SourceFile>,
        schema: &'static serde_json::Value,
        root_type: &'static str,
    ) -> Self {
        Checker {
            file,
            diagnostics: Vec::new(),
            pending: Vec::new(),
            extra_files: Vec::new(),
            wrong_shapes: Vec::new(),
            pending_warnings: Vec::new(),
            warnings: Vec::new(),
            warning_files: Vec::new(),
            root: None,
            schema,
            root_type,
        }
    }

    pub(crate) fn has_problems(&self) -> bool {
        !self.diagnostics.is_empty()
            || self
                .pending
                .iter()
                .any(|p| !matches!(p, Pending::SuitFileTopKeys))
    }

    pub(crate) fn push(
        &mut self,
        span: Option<Span>,
        field: String,
        found: String,
        expected: Option<Expected>,
        help: Option<String>,
    ) {
        let (line, column) = match span {
            Some(s) => self.file.line_col(s.start),
            None => (1, 1),
        };
        self.diagnostics.push(Diagnostic {
            file: self.file.path.clone(),
            line,
            column,
            span,
            field,
            found,
            expected,
            help,
        });
    }

    /// Reports a problem a table's own check found once its values were read.
    fn push_problem(&mut self, problem: super::reach::Problem) {
        self.push(
            problem.span,
            problem.field,
            problem.found,
            problem.expected,
            problem.help,
        );
    }

    /// Reports a problem at a path (its key's span).
    pub(crate) fn push_at_path(
        &mut self,
        path: &[Segment],
        found: String,
        expected: Option<Expected>,
        help: Option<String>,
    ) {
        self.pending.push(Pending::AtPath {
            path: path.to_vec(),
            found,
            expected,
            help,
        });
    }

    pub(crate) fn push_missing(&mut self, table: &[Segment], field: &str) {
        self.pending.push(Pending::Missing {
            table: table.to_vec(),
            field: field.to_string(),
        });
    }

    /// Turns pending problems into diagnostics, sorted by place.
    pub(crate) fn finish(&mut self) {
        self.locate_warnings();
        if self.pending.is_empty() {
            self.diagnostics.sort_by_key(|d| (d.line, d.column));
            return;
        }
        let mut pending = std::mem::take(&mut self.pending);
        // Locating a problem searches the file: cap how many are resolved,
        // so that a file of a million mistakes costs no more than a few.
        let room = MAX_PROBLEMS_PER_FILE.saturating_sub(self.diagnostics.len());
        let left_out = pending.len().saturating_sub(room);
        pending.truncate(room);
        let file = self.file.clone();
        let located = Located::parse(&file.text);
        for item in pending {
            match item {
                Pending::AtSpan(problem) => {
                    let field = located
                        .as_ref()
                        .map(|l| l.display(&l.path_at(problem.span)))
                        .unwrap_or_default();
                    self.push(
                        Some(problem.span),
                        field,
                        problem.found,
                        Some(problem.expected),
                        problem.help,
                    );
                }
                Pending::AtPath {
                    path,
                    found,
                    expected,
                    help,
                } => {
                    let (span, shown) = match &located {
                        Some(l) => (l.span_of(&path), l.display(&path)),
                        None => (None, display_plain(&path)),
                    };
                    self.push(span, shown, found, expected, help);
                }
                Pending::Missing { table, field } => {
                    let (span, shown) = match &located {
                        Some(l) => (l.span_of(&table), l.display(&table)),
                        None => (None, display_plain(&table)),
                    };
                    let shown = if shown.is_empty() {
                        field.clone()
                    } else {
                        format!("{shown}.{field}")
                    };
                    self.push(
                        span,
                        shown,
                        format!("the required field '{field}' is missing"),
                        None,
                        None,
                    );
                }
                Pending::UnknownKey(path) => {
                    let Some(Segment::Key(name)) = path.last() else {
                        continue;
                    };
                    let parent = path.split_last().map_or(&[][..], |(_, parent)| parent);
                    let allowed = crate::spec::schema::keys_in(self.schema, parent);
                    let suggestion =
                        crate::text::did_you_mean(name, allowed.iter().map(String::as_str));
                    let help = match suggestion {
                        Some(s) => Some(format!("did you mean '{s}'?")),
                        None if allowed.is_empty() => None,
                        None => Some(format!("known fields here: {}", allowed.join(", "))),
                    };
                    let (span, shown) = match &located {
                        Some(l) => (l.span_of(&path), l.display(&path)),
                        None => (None, display_plain(&path)),
                    };
                    let name = crate::text::escape_for_terminal(name);
                    self.push(span, shown, format!("unknown field '{name}'"), None, help);
                }
                Pending::Toml { span, message } => {
                    let field = match (span, &located) {
                        (Some(s), Some(l)) => l.display(&l.path_at(s)),
                        _ => String::new(),
                    };
                    // toml says only "duplicate key"; name the key.
                    let key = span
                        .and_then(|s| file.text.get(s.start as usize..s.end as usize))
                        .map(|k| crate::text::escape_for_terminal(k.trim()));
                    let message = match key {
                        Some(key) if message == "duplicate key" && !key.is_empty() => {
                            format!("duplicate key: {key} is written twice in the same table")
                        }
                        // toml reads an integer beyond 64 bits, then cannot
                        // store it ("found integer ... as i128").
                        Some(key) if message.contains("as i128") || message.contains("as u128") => {
                            format!(
                                "the integer {key} is too large: a TOML integer must fit in 64 bits"
                            )
                        }
                        _ => message,
                    };
                    let found = if field.is_empty() {
                        format!("TOML error: {message}")
                    } else {
                        message
                    };
                    self.push(span, field, found, None, None);
                }
                Pending::SuitFileTopKeys => {
                    let keys = located.as_ref().map(|l| l.top_keys()).unwrap_or_default();
                    for key in keys {
                        if key != "suit" && key != "format" {
                            let path = [Segment::Key(key.clone())];
                            let span = located.as_ref().and_then(|l| l.span_of(&path));
                            self.push(
                                span,
                                key.clone(),
                                format!("a [{key}] table in a suit file"),
                                None,
                                Some("a suit file holds only [suit] (and format)".into()),
                            );
                        }
                    }
                }
            }
        }
        self.diagnostics.sort_by_key(|d| (d.line, d.column));
        if left_out > 0 {
            self.diagnostics.push(Diagnostic::file_level(
                &file.path,
                format!(
                    "has {left_out} more problem(s) not shown; at most {MAX_PROBLEMS_PER_FILE} are reported per file"
                ),
            ));
        }
    }

    /// Gives the pending warnings their paths and lines. Only a file with
    /// warnings is parsed again for them.
    fn locate_warnings(&mut self) {
        if self.pending_warnings.is_empty() {
            return;
        }
        let file = self.file.clone();
        let located = Located::parse(&file.text);
        for warning in std::mem::take(&mut self.pending_warnings) {
            let field = located
                .as_ref()
                .map(|l| l.display(&l.path_at(warning.span)))
                .unwrap_or_default();
            let (line, column) = file.line_col(warning.span.start);
            self.warnings.push(Diagnostic {
                file: file.path.clone(),
                line,
                column,
                span: Some(warning.span),
                field,
                found: warning.found,
                expected: Some(warning.expected),
                help: warning.help,
            });
        }
        self.warnings.sort_by_key(|d| (d.line, d.column));
    }

    fn parse(&mut self) -> Option<SpecDocument> {
        let file = self.file.clone();
        let root = toml::de::DeTable::parse(&file.text);
        self.parse_from(root)
    }

    /// Reads the document from its parsed TOML tree (`DeTable::parse` of
    /// the file's text), collecting every problem.
    pub(crate) fn parse_from<D: serde::de::DeserializeOwned>(
        &mut self,
        root: Result<toml::Spanned<toml::de::DeTable<'_>>, toml::de::Error>,
    ) -> Option<D> {
        let file = self.file.clone();
        let (schema, root_type) = (self.schema, self.root_type);
        let first = match root.map(|r| deserialize_parsed::<D>(r, schema, root_type)) {
            Ok(pass) => pass,
            Err(e) => {
                self.push_toml_error(&e);
                return None;
            }
        };
        if first.is_clean() {
            self.pending_warnings = first.warnings;
            return first.document;
        }
        // A section of the wrong shape (`crew = 5`, `[[crew]]`, `[ports]`)
        // stops serde at the first one, or makes it read the section's keys
        // as garbage. Report each such section once, blank it out (keeping
        // every byte offset) and read the rest, so that the other problems
        // in the file are still reported.
        let (shapes, patched) = wrong_shapes(&file.text, schema);
        let pass = match shapes.is_empty() {
            true => first,
            false => match deserialize::<D>(&patched, schema, root_type) {
                Ok(second) => second,
                Err(_) => first,
            },
        };
        for shape in &shapes {
            self.push(
                Some(shape.span),
                String::new(),
                shape.found.clone(),
                Some(shape.expected.clone()),
                None,
            );
        }
        let inside_a_wrong_shape = |span: Option<Span>| {
            span.is_some_and(|s| {
                shapes
                    .iter()
                    .any(|w| w.blanked.0 <= s.start && s.end <= w.blanked.1)
            })
        };
        let Pass {
            document,
            error,
            problems,
            warnings,
            unknown,
        } = pass;
        self.pending_warnings = warnings;
        if let Some(e) = error {
            if !inside_a_wrong_shape(e.span().map(Span::from_range)) {
                self.push_toml_error(&e);
            }
        }
        self.pending.extend(
            problems
                .into_iter()
                .filter(|p| !inside_a_wrong_shape(Some(p.span)))
                .map(Pending::AtSpan),
        );
        self.pending
            .extend(unknown.into_iter().map(Pending::UnknownKey));
        if !shapes.is_empty() {
            self.resolve_shape_paths(&shapes);
            self.wrong_shapes = shapes.into_iter().map(|w| w.path).collect();
        }
        document
    }

    /// Whether the section at `path` was written in the wrong shape.
    pub(crate) fn shape_was_wrong(&self, path: &[Segment]) -> bool {
        self.wrong_shapes.iter().any(|w| w == path)
    }

    /// Gives the wrong-shape diagnostics their field paths.
    fn resolve_shape_paths(&mut self, shapes: &[WrongShape]) {
        let file = self.file.clone();
        let located = Located::parse(&file.text);
        for d in &mut self.diagnostics {
            if let Some(shape) = shapes.iter().find(|w| Some(w.span) == d.span) {
                d.field = match &located {
                    Some(l) => l.display(&shape.path),
                    None => display_plain(&shape.path),
                };
            }
        }
    }

    fn push_toml_error(&mut self, error: &toml::de::Error) {
        self.pending.push(Pending::Toml {
            span: error.span().map(Span::from_range),
            message: plain_toml_message(error.message().trim()),
        });
    }

    fn build(&mut self, doc: SpecDocument, standards: &Standards) -> Option<Document> {
        if let Some(version) = doc.format.value() {
            if version != FORMAT_VERSION {
                self.push(
                    doc.format.span,
                    "format".into(),
                    format!("format version {version}; this tool reads version {FORMAT_VERSION}"),
                    None,
                    None,
                );
            }
        }
        match (doc.vehicle.is_some(), doc.suit.is_some()) {
            (true, true) => {
                self.push_at_path(
                    &[Segment::Key("suit".into())],
                    "a file with both [vehicle] and [suit]".into(),
                    None,
                    Some(
                        "a suit file holds only [suit]; a vehicle file lists suits under [[suits]]"
                            .into(),
                    ),
                );
                None
            }
            (false, false)
                if self.shape_was_wrong(&[Segment::Key("vehicle".into())])
                    || self.shape_was_wrong(&[Segment::Key("suit".into())]) =>
            {
                None
            }
            (false, false) => {
                self.push(
                    None,
                    String::new(),
                    "no [vehicle] or [suit] table: this is not a spec file".into(),
                    None,
                    Some("start a vehicle spec with [vehicle] and id, name and kind".into()),
                );
                None
            }
            (false, true) => self.build_suit(doc),
            (true, false) => self.build_vehicle(doc, standards),
        }
    }

    fn build_suit(&mut self, doc: SpecDocument) -> Option<Document> {
        let SpecDocument { suit, .. } = doc;
        let suit = suit?;
        self.pending.push(Pending::SuitFileTopKeys);
        self.check_suit(&suit, &[Segment::Key("suit".into())]);
        let id = suit.id.get().cloned().unwrap_or_default();
        Some(Document::Suit(Box::new(Suit {
            id,
            definition: suit,
            file: self.file.clone(),
        })))
    }

    fn check_suit(&mut self, suit: &SuitDefinition, at: &[Segment]) {
        for (name, written) in [
            ("id", suit.id.is_written()),
            ("name", suit.name.is_written()),
            ("class", suit.class.is_written()),
        ] {
            if !written {
                self.push_missing(at, name);
            }
        }
        if let Some(id) = suit.id.get() {
            let shown = format!("{}.id", display_plain(at));
            self.check_id(id, suit.id.span, &shown);
        }
        self.check_list_length(&join_path(at, "radios"), suit.radios.len());
        self.check_unique_ids(suit.radios.iter().map(|r| &r.id), &join_path(at, "radios"));
    }

    /// A list of tables longer than the documented limit: the pairings of
    /// two such lists would be quadratic in it.
    pub(crate) fn check_list_length(&mut self, path: &[Segment], len: usize) {
        if len > super::field::MAX_LIST {
            self.push_at_path(
                path,
                format!(
                    "a list of {len} tables (at most {} are accepted)",
                    super::field::MAX_LIST
                ),
                None,
                Some("see the limits in docs/spec-format.md".into()),
            );
        }
    }

    pub(crate) fn check_id(&mut self, id: &str, span: Option<Span>, shown: &str) {
        let ok = !id.is_empty()
            && id.len() <= 64
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok {
            self.push(
                span,
                shown.to_string(),
                format!("'{}'", crate::text::escape_for_terminal(id)),
                Some(Expected::new(
                    "a kebab-case id of lowercase letters, digits and hyphens (at most 64)",
                    "crew-dragon",
                )),
                None,
            );
        }
    }

    pub(crate) fn check_unique_ids<'a>(
        &mut self,
        ids: impl Iterator<Item = &'a Field<String>>,
        list: &[Segment],
    ) {
        let mut seen: HashSet<&str> = HashSet::new();
        for (index, id) in ids.enumerate() {
            if let Some(text) = id.get() {
                // List ids name items in every message and field path.
                let shown = format!("{}[{index}].id", display_plain(list));
                self.check_id(text, id.span, &shown);
            }
            match id.get() {
                Some(text) if !seen.insert(text.as_str()) => {
                    let shown = format!(
                        "{}[{}].id",
                        display_plain(list),
                        crate::text::escape_for_terminal(text)
                    );
                    self.push(
                        id.span,
                        shown,
                        format!(
                            "the id '{}' is used twice",
                            crate::text::escape_for_terminal(text)
                        ),
                        None,
                        Some("ids within one list must be unique".into()),
                    );
                }
                Some(_) => {}
                None if !id.is_written() => {
                    let mut item = list.to_vec();
                    item.push(Segment::Index(index));
                    self.push_missing(&item, "id");
                }
                None => {}
            }
        }
    }

    /// `vehicle.carried` says whether an adapter is carried to a docking;
    /// on another kind it means nothing, so it is an error, not ignored.
    fn check_adapter_only(&mut self, info: &VehicleInfo) {
        let Some(kind) = info.kind.value() else {
            return;
        };
        if kind != VehicleKind::Adapter && info.carried.is_written() {
            self.push(
                info.carried.span,
                "vehicle.carried".into(),
                format!(
                    "carried on a vehicle of kind '{}': it is for adapters only",
                    kind.as_str()
                ),
                None,
                Some(
                    "remove it; a vehicle that flies itself to a docking says so with maneuverable"
                        .into(),
                ),
            );
        }
    }

    /// Crew figures that contradict each other: a minimum crew above the
    /// nominal one, a minimum of zero (flying with none is
    /// `flies_uncrewed`), more seats installed than the vehicle takes.
    fn check_crew(&mut self, crew: &super::vehicle::Crew) {
        let mut problem = |span, field: &str, found: String, help: &str| {
            self.push(span, field.into(), found, None, Some(help.into()));
        };
        if let (Some(minimum), Some(nominal)) = (crew.minimum.value(), crew.nominal.value()) {
            if minimum > nominal {
                problem(
                    crew.minimum.span,
                    "crew.minimum",
                    format!("a minimum crew of {minimum}, above the nominal crew of {nominal}"),
                    "the minimum is the fewest crew a crewed flight takes",
                );
            }
        }
        if crew.minimum.value() == Some(0) {
            problem(
                crew.minimum.span,
                "crew.minimum",
                "a minimum crew of 0".into(),
                "the minimum is the fewest crew of a crewed flight (at least 1); say flies_uncrewed = true for a vehicle that flies with none",
            );
        }
        if let (Some(seats), Some(max)) = (crew.seats.value(), crew.max_seats.value()) {
            if seats > max {
                problem(
                    crew.seats.span,
                    "crew.seats",
                    format!(
                        "{seats} seats installed, above the {max} the vehicle takes (crew.max_seats)"
                    ),
                    "installed seats cannot exceed max_seats",
                );
            }
        }
    }

    /// A port names each partner kind once in `mission_roles`.
    fn check_mission_roles(&mut self, port: &super::vehicle::Port) {
        let mut seen = Vec::new();
        for entry in &port.mission_roles {
            let Some(kind) = entry.partner.value() else {
                if !entry.partner.is_written() {
                    self.push(
                        port.id.span,
                        format!(
                            "ports[{}].mission_roles",
                            crate::text::escape_for_terminal(
                                port.id.get().map(String::as_str).unwrap_or("?")
                            )
                        ),
                        "an entry with no partner".into(),
                        None,
                        Some("give the partner's vehicle kind: partner = \"station\"".into()),
                    );
                }
                continue;
            };
            if seen.contains(&kind) {
                self.push(
                    entry.partner.span,
                    format!(
                        "ports[{}].mission_roles",
                        crate::text::escape_for_terminal(
                            port.id.get().map(String::as_str).unwrap_or("?")
                        )
                    ),
                    format!("the partner kind '{}' is named twice", kind.as_str()),
                    None,
                    Some("give each partner kind once".into()),
                );
            }
            seen.push(kind);
        }
    }

    fn build_vehicle(&mut self, doc: SpecDocument, standards: &Standards) -> Option<Document> {
        if let Some(info) = &doc.vehicle {
            for problem in super::lunar::check(&doc, info) {
                self.push_problem(problem);
            }
        }
        let SpecDocument {
            vehicle,
            crew,
            atmosphere,
            hatch,
            ports,
            keep_out_zones,
            suits,
            oxygen_outlets,
            eva,
            consumables,
            radios,
            beacons,
            communication,
            orbit,
            reach,
            surface,
            mobility,
            power,
            relays,
            ..
        } = doc;
        let info: VehicleInfo = vehicle?;
        let written = super::WrittenLists {
            ports: ports.is_some(),
            suits: suits.is_some(),
            oxygen_outlets: oxygen_outlets.is_some(),
            radios: radios.is_some(),
            beacons: beacons.is_some(),
        };
        let (ports, suits, oxygen_outlets, radios, beacons) = (
            ports.unwrap_or_default(),
            suits.unwrap_or_default(),
            oxygen_outlets.unwrap_or_default(),
            radios.unwrap_or_default(),
            beacons.unwrap_or_default(),
        );
        let at = [Segment::Key("vehicle".into())];
        for (name, written) in [
            ("id", info.id.is_written()),
            ("name", info.name.is_written()),
            ("kind", info.kind.is_written()),
        ] {
            if !written {
                self.push_missing(&at, name);
            }
        }
        if let Some(id) = info.id.get() {
            self.check_id(id, info.id.span, "vehicle.id");
        }
        if let Some(home) = info.home_station.get() {
            self.check_id(home, info.home_station.span, "vehicle.home_station");
        }
        self.check_adapter_only(&info);
        self.check_crew(&crew);
        for (list, len) in [
            ("ports", ports.len()),
            ("keep_out_zones", keep_out_zones.len()),
            ("suits", suits.len()),
            ("oxygen_outlets", oxygen_outlets.len()),
            ("radios", radios.len()),
            ("beacons", beacons.len()),
        ] {
            self.check_list_length(&[Segment::Key(list.into())], len);
        }
        // The spec is refused; the items past the limit are not checked one
        // by one.
        let (mut ports, mut keep_out_zones, mut suits) = (ports, keep_out_zones, suits);
        let (mut oxygen_outlets, mut radios, mut beacons) = (oxygen_outlets, radios, beacons);
        ports.truncate(super::field::MAX_LIST);
        keep_out_zones.truncate(super::field::MAX_LIST);
        suits.truncate(super::field::MAX_LIST);
        oxygen_outlets.truncate(super::field::MAX_LIST);
        radios.truncate(super::field::MAX_LIST);
        beacons.truncate(super::field::MAX_LIST);
        for port in &ports {
            self.check_mission_roles(port);
        }
        self.check_unique_ids(ports.iter().map(|p| &p.id), &[Segment::Key("ports".into())]);
        self.check_unique_ids(suits.iter().map(|s| &s.id), &[Segment::Key("suits".into())]);
        self.check_unique_ids(
            oxygen_outlets.iter().map(|o| &o.id),
            &[Segment::Key("oxygen_outlets".into())],
        );
        self.check_unique_ids(
            radios.iter().map(|r| &r.id),
            &[Segment::Key("radios".into())],
        );
        self.check_unique_ids(
            beacons.iter().map(|b| &b.id),
            &[Segment::Key("beacons".into())],
        );
        self.check_unique_ids(
            keep_out_zones.iter().map(|k| &k.id),
            &[Segment::Key("keep_out_zones".into())],
        );
        self.check_unique_ids(
            relays.iter().map(|r| &r.id),
            &[Segment::Key("relays".into())],
        );
        for port in &ports {
            if let Some(standard) = port.standard.get() {
                if standards.get(standard).is_none() {
                    let known: Vec<&str> = standards.ids().collect();
                    let help = match crate::text::did_you_mean(standard, known.iter().copied()) {
                        Some(s) => format!(
                            "did you mean '{s}'? standards are listed in specs/interface-standards.toml"
                        ),
                        None => format!("known standards: {}", known.join(", ")),
                    };
                    let shown = format!(
                        "ports[{}].standard",
                        crate::text::escape_for_terminal(
                            port.id.get().map(String::as_str).unwrap_or("?")
                        )
                    );
                    self.push(
                        port.standard.span,
                        shown,
                        format!(
                            "'{}', which is not a known interface standard",
                            crate::text::escape_for_terminal(standard)
                        ),
                        None,
                        Some(help),
                    );
                }
            }
        }
        for problem in super::reach::check(&orbit, &reach, super::LaunchSites::bundled()) {
            self.push_problem(problem);
        }
        let mut carried = Vec::with_capacity(suits.len());
        for (index, entry) in suits.into_iter().enumerate() {
            let item = vec![Segment::Key("suits".into()), Segment::Index(index)];
            if let Some(suit) = self.resolve_suit(&entry, &item) {
                carried.push(suit);
            }
        }
        let id = info.id.get().cloned().unwrap_or_default();
        let name = info.name.get().cloned().unwrap_or_default();
        let kind = info.kind.value()?;
        Some(Document::Vehicle(Box::new(Vehicle {
            id,
            name,
            kind,
            info,
            crew,
            atmosphere,
            hatch,
            ports,
            keep_out_zones,
            suits: carried,
            oxygen_outlets,
            eva,
            consumables,
            radios,
            beacons,
            communication,
            orbit,
            reach,
            surface,
            mobility,
            power,
            relays,
            written,
            file: self.file.clone(),
        })))
    }

    fn resolve_suit(
        &mut self,
        entry: &super::vehicle::SuitCarried,
        item: &[Segment],
    ) -> Option<CarriedSuit> {
        let id = entry.id.get().cloned().unwrap_or_default();
        match (entry.file.get(), &entry.spec) {
            (Some(_), Some(_)) => {
                self.push_at_path(
                    &join(item, "spec"),
                    "both a suit file and an inline [suits.spec]".into(),
                    None,
                    Some("give one: file = \"../suits/<id>.toml\" or an inline spec".into()),
                );
                None
            }
            (None, None) => {
                if !entry.file.is_written() && !self.shape_was_wrong(&join(item, "spec")) {
                    self.push_missing(item, "file");
                }
                None
            }
            (None, Some(spec)) => {
                let at = join(item, "spec");
                self.check_suit(spec, &at);
                Some(CarriedSuit {
                    id,
                    count: entry.count.clone(),
                    suit: spec.clone(),
                    file: None,
                })
            }
            (Some(_), None) => {
                let shown = format!("suits[{}].file", crate::text::escape_for_terminal(&id));
                let (suit, suit_file) = self.load_suit_file(&entry.file, &shown)?;
                Some(CarriedSuit {
                    id,
                    count: entry.count.clone(),
                    suit,
                    file: Some(suit_file),
                })
            }
        }
    }

    /// Resolves the file a field names (relative to this file) inside the
    /// root ([`super::reference::resolve`]): the path as written (reports
    /// fold `dir/../`) and the path to read, never through a symbolic link
    /// that leaves the root. A refusal is reported at the field `shown`,
    /// naming the file as `what`.
    pub(crate) fn resolve_reference(
        &mut self,
        field: &Field<String>,
        shown: &str,
        what: &str,
    ) -> Option<(PathBuf, PathBuf)> {
        let relative = field.get()?;
        let base = self.file.path.parent().unwrap_or(Path::new("."));
        let named = base.join(relative);
        match super::reference::resolve(&self.file.path, relative, self.root.as_deref()) {
            Ok(resolved) => Some((named, resolved)),
            Err(refused) => {
                self.refuse_reference(field, shown, what, refused.reason, refused.help);
                None
            }
        }
    }

    /// Reports at the field `shown` that the file it names (`what`) is not
    /// read, and why (words that quote none of its content).
    pub(crate) fn refuse_reference(
        &mut self,
        field: &Field<String>,
        shown: &str,
        what: &str,
        found: String,
        help: Option<String>,
    ) {
        let (line, column) = field
            .span
            .map(|s| self.file.line_col(s.start))
            .unwrap_or((1, 1));
        let written = field.get().map(String::as_str).unwrap_or("?");
        self.diagnostics.push(Diagnostic {
            file: self.file.path.clone(),
            line,
            column,
            span: field.span,
            field: shown.to_string(),
            found: format!(
                "{what} '{}' {found}",
                crate::text::escape_for_terminal(written)
            ),
            expected: None,
            help,
        });
    }

    /// Reads the suit file a field names (relative to this file, inside the
    /// root), reporting at the field `shown` a file that is refused, cannot
    /// be read or is no suit file, and the suit file's own problems in that
    /// file.
    pub(crate) fn load_suit_file(
        &mut self,
        field: &Field<String>,
        shown: &str,
    ) -> Option<(SuitDefinition, Arc<SourceFile>)> {
        const WHAT: &str = "the suit file";
        let (path, resolved) = self.resolve_reference(field, shown, WHAT)?;
        let text = match read_text(&resolved) {
            Ok(t) => t,
            Err(d) => {
                self.refuse_reference(field, shown, WHAT, d.found, d.help);
                return None;
            }
        };
        // A file that is not a suit spec is not quoted: its content may be
        // anything the spec's author hoped to see.
        if let Some(not_a_spec) = not_a_suit_file(&text) {
            self.refuse_reference(field, shown, WHAT, not_a_spec, None);
            return None;
        }
        let suit_file = Arc::new(SourceFile::new(path, text));
        let mut inner = Checker::new(suit_file.clone());
        inner.root = self.root.clone();
        let doc = inner.parse();
        let suit = match doc {
            Some(d) if d.vehicle.is_none() && d.suit.is_some() => inner.build_suit(d),
            Some(_) => {
                inner.push(
                    None,
                    String::new(),
                    "is not a suit file (it has no [suit] table)".into(),
                    None,
                    None,
                );
                None
            }
            None => None,
        };
        inner.finish();
        if !inner.warnings.is_empty() {
            self.warnings.append(&mut inner.warnings);
            self.warning_files.push(suit_file.clone());
        }
        if !inner.diagnostics.is_empty() {
            self.diagnostics.append(&mut inner.diagnostics);
            self.extra_files.push(suit_file);
            return None;
        }
        match suit {
            Some(Document::Suit(s)) => Some((s.definition, suit_file)),
            _ => None,
        }
    }
}

/// Why `text` is not a suit spec (not TOML, or no `[suit]` table), in
/// words that quote none of it; `None` when it is one.
fn not_a_suit_file(text: &str) -> Option<String> {
    match toml::de::DeTable::parse(text) {
        Err(e) => {
            let line = e
                .span()
                .map(|s| text.get(..s.start).map_or(0, |t| t.matches('\n').count()) + 1);
            Some(match line {
                Some(line) => format!(
                    "is not a suit file: it is not TOML (a syntax error on line {line}); its content is not shown"
                ),
                None => "is not a suit file: it is not TOML; its content is not shown".into(),
            })
        }
        Ok(root) => {
            let root = root.get_ref();
            let has = |key: &str| root.iter().any(|(k, _)| k.get_ref() == key);
            (!has("suit") || has("vehicle")).then(|| {
                "is not a suit file (it has no [suit] table); its content is not shown".into()
            })
        }
    }
}

/// One deserialization of a document's text.
struct Pass<D> {
    document: Option<D>,
    error: Option<toml::de::Error>,
    problems: Vec<ValueProblem>,
    /// Values outside what flown vehicles show.
    warnings: Vec<ValueProblem>,
    unknown: Vec<Vec<Segment>>,
}

impl<D> Pass<D> {
    fn is_clean(&self) -> bool {
        self.error.is_none() && self.problems.is_empty() && self.unknown.is_empty()
    }
}

/// Deserializes `text`, collecting value problems, warnings and unknown
/// keys; `Err` only for TOML syntax errors. The text is parsed once: the
/// spanned tree tells each range-limited field where it is
/// (`limits::places`), then serde reads the same tree.
fn deserialize<D: serde::de::DeserializeOwned>(
    text: &str,
    schema: &'static serde_json::Value,
    root_type: &'static str,
) -> Result<Pass<D>, toml::de::Error> {
    Ok(deserialize_parsed(
        toml::de::DeTable::parse(text)?,
        schema,
        root_type,
    ))
}

/// [`deserialize`] from the parsed tree, read by the format's JSON Schema.
fn deserialize_parsed<D: serde::de::DeserializeOwned>(
    root: toml::Spanned<toml::de::DeTable<'_>>,
    schema: &'static serde_json::Value,
    root_type: &'static str,
) -> Pass<D> {
    let places = super::limits::places_in(root.get_ref(), schema, root_type);
    let deserializer = toml::Deserializer::from(root);
    let mut unknown: Vec<Vec<Segment>> = Vec::new();
    let (result, collected) = collecting_within(places, || {
        serde_ignored::deserialize(deserializer, |path| unknown.push(segments(&path)))
    });
    let (document, error) = match result {
        Ok(doc) => (Some(doc), None),
        Err(e) => (None, Some(e)),
    };
    Pass {
        document,
        error,
        problems: collected.problems,
        warnings: collected.warnings,
        unknown,
    }
}

/// A section written in the wrong shape: a value where a table belongs, a
/// list of tables where one table belongs, or the reverse.
struct WrongShape {
    path: Vec<Segment>,
    /// The key's span, where the message points.
    span: Span,
    found: String,
    expected: Expected,
    /// The byte range blanked out of the text before reading the rest.
    blanked: (u32, u32),
}

/// Sections of the wrong shape in `text`, and the text with each of them
/// blanked out (same length, so spans still point into the original).
/// Sections are found one at a time because blanking one can reveal another
/// (`[ports]` followed by `[ports.capture_envelope]`).
fn wrong_shapes(text: &str, schema: &'static serde_json::Value) -> (Vec<WrongShape>, String) {
    /// More wrong sections than this in one file are not worth reading past.
    const MAX_WRONG_SHAPES: usize = 32;
    let mut patched = text.to_string();
    let mut found: Vec<WrongShape> = Vec::new();
    while found.len() < MAX_WRONG_SHAPES {
        let Ok(root) = toml::de::DeTable::parse(&patched) else {
            break;
        };
        let mut path = Vec::new();
        let Some(mut shape) = first_wrong_shape(root.get_ref(), schema, None, &mut path, 0) else {
            break;
        };
        let (start, end) = blank_range(&patched, &shape);
        blank_out(&mut patched, start, end);
        shape.blanked = (
            u32::try_from(start).unwrap_or(u32::MAX),
            u32::try_from(end).unwrap_or(u32::MAX),
        );
        // An array of tables written twice ([[crew]] [[crew]]) is one mistake.
        if !found.iter().any(|f| f.path == shape.path) {
            found.push(shape);
        } else if let Some(first) = found.iter_mut().find(|f| f.path == shape.path) {
            first.blanked.1 = first.blanked.1.max(shape.blanked.1);
            first.blanked.0 = first.blanked.0.min(shape.blanked.0);
        }
    }
    (found, patched)
}

fn first_wrong_shape(
    table: &toml::de::DeTable<'_>,
    root: &'static serde_json::Value,
    schema: Option<&'static serde_json::Value>,
    path: &mut Vec<Segment>,
    depth: usize,
) -> Option<WrongShape> {
    use crate::spec::schema::{Shape, property_shape_in};
    use toml::de::DeValue;
    const MAX_DEPTH: usize = 16;
    if depth > MAX_DEPTH {
        return None;
    }
    for (key, value) in table.iter() {
        let name = key.get_ref().to_string();
        let Some(shape) = property_shape_in(root, schema, &name) else {
            continue;
        };
        path.push(Segment::Key(name.clone()));
        let key_span = Span::from_range(key.span());
        let value_span = Span::from_range(value.span());
        // The section's header as a spec writes it: `ports.capture_envelope`.
        let header = path
            .iter()
            .filter_map(|s| match s {
                Segment::Key(k) => Some(k.as_str()),
                Segment::Index(_) => None,
            })
            .collect::<Vec<_>>()
            .join(".");
        let wrong = |found: String, what: &'static str, example: String| {
            Some(WrongShape {
                path: path.clone(),
                span: key_span,
                found,
                expected: Expected {
                    what: what.into(),
                    example: example.into(),
                },
                blanked: (value_span.start, value_span.end),
            })
        };
        let result = match (shape, value.get_ref()) {
            (Shape::Table(inner), DeValue::Table(t)) => {
                first_wrong_shape(t, root, Some(inner), path, depth + 1)
            }
            (Shape::Table(_), DeValue::Array(items))
                if items.iter().all(|i| i.get_ref().as_table().is_some()) =>
            {
                wrong(
                    "a list of tables".into(),
                    "one table",
                    format!("[{header}] rather than [[{header}]]"),
                )
            }
            (Shape::Table(_), other) => wrong(
                format!("found {}", describe_shape(other)),
                "a table",
                format!("[{header}]"),
            ),
            (Shape::TableList(inner), DeValue::Array(items)) => {
                items.iter().enumerate().find_map(|(i, item)| {
                    path.push(Segment::Index(i));
                    let found = match item.get_ref() {
                        DeValue::Table(t) => {
                            first_wrong_shape(t, root, Some(inner), path, depth + 1)
                        }
                        other => Some(WrongShape {
                            path: path.clone(),
                            span: Span::from_range(item.span()),
                            found: format!("found {}", describe_shape(other)),
                            expected: Expected {
                                what: "a table".into(),
                                example: format!("[[{header}]]").into(),
                            },
                            blanked: (value_span.start, value_span.end),
                        }),
                    };
                    path.pop();
                    found
                })
            }
            (Shape::TableList(_), DeValue::Table(_)) => wrong(
                "a single table".into(),
                "a list of tables",
                format!("[[{header}]] rather than [{header}]"),
            ),
            (Shape::TableList(_), other) => wrong(
                format!("found {}", describe_shape(other)),
                "a list of tables",
                format!("[[{header}]]"),
            ),
            (Shape::Value, _) => None,
        };
        path.pop();
        if result.is_some() {
            return result;
        }
    }
    None
}

fn describe_shape(value: &toml::de::DeValue<'_>) -> String {
    use toml::de::DeValue;
    match value {
        DeValue::String(s) => format!("the text '{}'", crate::text::escape_for_terminal(s)),
        DeValue::Integer(_) | DeValue::Float(_) => "a number".into(),
        DeValue::Boolean(b) => format!("the boolean {b}"),
        DeValue::Datetime(_) => "a date".into(),
        DeValue::Array(_) => "a list".into(),
        DeValue::Table(_) => "a table".into(),
    }
}

/// The bytes to blank for a wrong section: a `key = value` line (all lines
/// of a multi-line value), or a `[header]` line and its body up to the next
/// header.
fn blank_range(text: &str, shape: &WrongShape) -> (usize, usize) {
    let key_start = (shape.span.start as usize).min(text.len());
    let line_start = text
        .get(..key_start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let is_header = text
        .get(line_start..)
        .is_some_and(|l| l.trim_start().starts_with('['));
    if is_header {
        let body = text
            .get(key_start..)
            .and_then(|t| t.find('\n'))
            .map_or(text.len(), |i| key_start + i + 1);
        let mut end = body;
        for line in text.get(body..).unwrap_or("").split_inclusive('\n') {
            if line.trim_start().starts_with('[') {
                break;
            }
            end += line.len();
        }
        (line_start, end)
    } else {
        let value_end = (shape.blanked.1 as usize).clamp(key_start, text.len());
        (line_start, value_end)
    }
}

/// Turns `text[start..end]` into comment lines of the same byte length.
fn blank_out(text: &mut String, start: usize, end: usize) {
    let Some(range) = text.get(start..end) else {
        return;
    };
    let mut blank = String::with_capacity(range.len());
    let mut at_line_start = true;
    for c in range.chars() {
        if c == '\n' {
            blank.push('\n');
            at_line_start = true;
            continue;
        }
        let filler = if at_line_start { '#' } else { ' ' };
        at_line_start = false;
        blank.push(filler);
        // Keep the byte length of multi-byte characters.
        for _ in 1..c.len_utf8() {
            blank.push(' ');
        }
    }
    text.replace_range(start..end, &blank);
}

/// Rewords serde's type errors without Rust type names: "invalid type:
/// integer `5`, expected struct Atmosphere" becomes "found integer `5`;
/// expected a table".
pub(crate) fn plain_toml_message(message: &str) -> String {
    let Some(rest) = message.strip_prefix("invalid type: ") else {
        return message.to_string();
    };
    let Some((found, expected)) = rest.split_once(", expected ") else {
        return message.to_string();
    };
    let expected = if expected.starts_with("struct ") || expected == "a map" {
        "a table"
    } else if expected == "a sequence" {
        "a list (an array of tables is written [[name]])"
    } else {
        expected
    };
    format!("found {found}; expected {expected}")
}

fn join(path: &[Segment], key: &str) -> Vec<Segment> {
    let mut out = path.to_vec();
    out.push(Segment::Key(key.to_string()));
    out
}

fn join_path(path: &[Segment], key: &str) -> Vec<Segment> {
    join(path, key)
}

/// Converts serde_ignored's path into segments.
pub(crate) fn segments(path: &serde_ignored::Path<'_>) -> Vec<Segment> {
    use serde_ignored::Path as P;
    let mut out = Vec::new();
    fn walk(path: &serde_ignored::Path<'_>, out: &mut Vec<Segment>) {
        match path {
            P::Root => {}
            P::Seq { parent, index } => {
                walk(parent, out);
                out.push(Segment::Index(*index));
            }
            P::Map { parent, key } => {
                walk(parent, out);
                out.push(Segment::Key(key.clone()));
            }
            P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => {
                walk(parent, out)
            }
        }
    }
    walk(path, &mut out);
    out
}

/// Finds spec files: files as given, folders searched recursively for
/// `.toml` files (sorted, symlink loops and repeated folders skipped).
pub fn collect_spec_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let found = find_specs(paths, &Exclude::default());
    (found.files, found.problems)
}

/// Paths a folder walk leaves out: the `exclude` patterns of the config
/// (gitignore syntax, relative to the config's folder).
#[derive(Debug, Default)]
pub struct Exclude {
    matcher: Option<(PathBuf, ignore::gitignore::Gitignore)>,
}

impl Exclude {
    /// `patterns` relative to `folder`; an invalid pattern is an error
    /// naming it.
    pub fn new(folder: &Path, patterns: &[String]) -> Result<Exclude, String> {
        if patterns.is_empty() {
            return Ok(Exclude::default());
        }
        let root = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
        let mut builder = ignore::gitignore::GitignoreBuilder::new(&root);
        for pattern in patterns {
            builder.add_line(None, pattern).map_err(|e| {
                format!(
                    "error: exclude pattern '{}': {e}",
                    crate::text::escape_for_terminal(pattern)
                )
            })?;
        }
        let matcher = builder
            .build()
            .map_err(|e| format!("error: exclude patterns: {e}"))?;
        Ok(Exclude {
            matcher: Some((root, matcher)),
        })
    }

    /// Whether `path` (a file or folder met in a walk) is excluded.
    fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        let Some((root, matcher)) = &self.matcher else {
            return false;
        };
        let Ok(full) = std::fs::canonicalize(path) else {
            return false;
        };
        // The matcher only answers for paths under its root.
        full.starts_with(root)
            && matcher
                .matched_path_or_any_parents(&full, is_dir)
                .is_ignore()
    }
}

/// What a search for spec files found.
#[derive(Debug, Default)]
pub struct FoundSpecs {
    /// Spec files, in the order given (each folder's sorted).
    pub files: Vec<PathBuf>,
    /// Paths that could not be read.
    pub problems: Vec<Diagnostic>,
    /// `.toml` files met in a folder that are not specs (a Cargo.toml, a
    /// config or waivers file): skipped, each with why.
    pub skipped: Vec<(PathBuf, String)>,
}

/// Finds spec files: files as given (always read), folders walked with
/// the `ignore` crate: hidden and gitignored paths, and those `exclude`
/// names, are left out; a `.toml` file that is not a spec (no `format`, and
/// no `[vehicle]`, `[suit]` or `[scenario]` table, and not a data file) is
/// skipped with a note. Sorted, symlink loops reported, at most
/// [`MAX_DEPTH`] folders deep.
pub fn find_specs(paths: &[PathBuf], exclude: &Exclude) -> FoundSpecs {
    let mut found = FoundSpecs::default();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, exclude, &mut found, &mut seen),
            Ok(_) => found.files.push(path.clone()),
            Err(e) => found.problems.push(Diagnostic::file_level(
                path,
                format!("cannot read: {}", io_reason(&e)),
            )),
        }
    }
    found
}

/// Folders deeper than this are not searched (a guard against hostile trees).
const MAX_DEPTH: usize = 32;

fn walk(dir: &Path, exclude: &Exclude, found: &mut FoundSpecs, seen: &mut HashSet<PathBuf>) {
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .ignore(false)
        .parents(true)
        .require_git(false)
        .follow_links(true)
        .max_depth(Some(MAX_DEPTH + 1))
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = error_path(&e).unwrap_or_else(|| dir.to_path_buf());
                found.problems.push(Diagnostic::file_level(
                    &path,
                    format!("cannot read: {}", walk_reason(&e)),
                ));
                continue;
            }
        };
        let path = entry.path();
        let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
        if exclude.excludes(path, is_dir) {
            continue;
        }
        if is_dir {
            if entry.depth() > MAX_DEPTH {
                found.problems.push(Diagnostic::file_level(
                    path,
                    format!("is nested more than {MAX_DEPTH} folders deep; not searched"),
                ));
            }
            continue;
        }
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        // The same file reached twice (through a link): read once.
        if let Ok(canonical) = std::fs::canonicalize(path) {
            if !seen.insert(canonical) {
                continue;
            }
        }
        match not_a_spec(path) {
            Some(why) => found.skipped.push((path.to_path_buf(), why)),
            None => found.files.push(path.to_path_buf()),
        }
    }
}

fn error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn walk_reason(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_reason(err),
        ignore::Error::Loop { .. } => "a symbolic link loop".into(),
        ignore::Error::Io(io) => io_reason(io),
        other => other.to_string(),
    }
}

/// Why a `.toml` file met in a folder is not a spec, if it is not: it
/// parses, and has no `format` key, no `[vehicle]`, `[suit]` or
/// `[scenario]` table, and is no data file. A file that does not parse is
/// kept, so its problems are reported.
fn not_a_spec(path: &Path) -> Option<String> {
    if super::is_data_file(path) {
        return None;
    }
    let meta = std::fs::metadata(path).ok()?;
    if meta.len() > MAX_SPEC_BYTES {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    // An empty file is a spec with everything missing: reported, not skipped.
    if table.is_empty() {
        return None;
    }
    let spec_like = ["format", "vehicle", "suit", "scenario"]
        .iter()
        .any(|k| table.contains_key(*k));
    (!spec_like)
        .then(|| "not a spec: no format key and no [vehicle], [suit] or [scenario] table".into())
}

/// The quantities of every range-limited field of a spec or scenario
/// text, in SI units, with the field each belongs to; `Err` for TOML syntax
/// errors. Tests use it to see exactly what a value written in some unit
/// was read as.
pub fn field_quantities(
    text: &str,
) -> Result<Vec<(&'static super::limits::FieldLimits, Vec<f64>)>, toml::de::Error> {
    let root = toml::de::DeTable::parse(text)?;
    if has_top_key(root.get_ref(), "scenario") {
        let places = super::limits::places_in(
            root.get_ref(),
            crate::scenario::schema::scenario_schema(),
            super::limits::SCENARIO_ROOT,
        );
        let (_, collected) = collecting_within(places, || {
            crate::scenario::ScenarioDocument::deserialize(toml::Deserializer::from(root))
        });
        return Ok(collected.quantities);
    }
    let places = super::limits::places(root.get_ref());
    let (_, collected) = collecting_within(places, || {
        SpecDocument::deserialize(toml::Deserializer::from(root))
    });
    Ok(collected.quantities)
}

/// Reads a document's span for tests and tools: helper for deserialize-only
/// use of [`SpecDocument`].
pub fn parse_document(text: &str) -> Result<SpecDocument, toml::de::Error> {
    let (result, _) = collecting(|| SpecDocument::deserialize(toml::Deserializer::parse(text)?));
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanking_keeps_every_byte_offset() {
        let mut text = String::from("a = 1\n[[crew]]\nname = \"é😀\"\n[eva]\n");
        let before = text.len();
        let start = text.find("[[crew]]").unwrap_or_default();
        let end = text.find("[eva]").unwrap_or_default();
        blank_out(&mut text, start, end);
        assert_eq!(text.len(), before);
        assert!(text.ends_with("[eva]\n"));
        assert!(toml::de::DeTable::parse(&text).is_ok(), "{text}");
    }

    #[test]
    fn a_wrong_section_does_not_hide_the_other_problems() {
        let text = "format = 1\ncrew = 5\n[vehicle]\nid = \"a\"\nname = \"A\"\nkind = \"capsul\"\n";
        let schema = crate::spec::schema::spec_schema();
        let (shapes, patched) = wrong_shapes(text, schema);
        assert_eq!(shapes.len(), 1);
        assert_eq!(patched.len(), text.len());
        let pass = deserialize::<SpecDocument>(&patched, schema, crate::spec::limits::SPEC_ROOT)
            .map(|p| p.problems.len())
            .unwrap_or_default();
        assert_eq!(pass, 1, "the misspelt kind is still read");
    }
}
