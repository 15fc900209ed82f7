//! The record of flown events: what has flown and so is proven, whatever a
//! datasheet leaves out.
//!
//! `specs/flight-record.toml` lists events, each with a date, a mission, a
//! source and exactly one thing it demonstrated: a docking of two ports, a
//! crew crossing their mated passage, a voice link between two radios, a
//! suit plugged into an outlet, a vehicle keeping a crew alive for a time, a
//! seat liner moved from one vehicle to another, an EVA transfer. Vehicles,
//! ports, radios, outlets and suits are named by the ids of the specs, and
//! each side holds the values of the fields it rests on, so that a revision
//! that changes them drops the event ([`binding`]).
//!
//! The file is read like a spec (every value a [`Field`] with its span,
//! unknown keys with "did you mean", every problem with line and field).
//! The tool carries a built-in copy; a `flight-record.toml` beside the specs
//! is used instead when there is one ([`FlightRecord::find`]).
//! [`names`] checks the names against the specs beside the file
//! (`validate` does), [`lookup`] answers a rule's question, and
//! [`FlightRecord::applicability`] says which events a spec keeps and
//! which it loses.
//!
//! [`Field`]: crate::spec::Field

pub mod binding;
pub mod date;
pub mod lookup;
pub mod model;
pub mod names;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

pub use binding::{Applicability, Change, Standing, Unbound};
pub use date::EventDate;
pub use lookup::At;
pub use model::{Demonstrated, Event, RecordDocument, Way};

use crate::spec::data_file::{self, Finding};
use crate::spec::field::{Expected, Field, MAX_LIST, Value};
use crate::spec::load::{LoadErrors, SourceFile};
use crate::text::escape_for_terminal;

/// The record's file name: `validate` checks a file of this name as the
/// flight record, fleets skip it, and commands look for it beside the specs.
pub const FILE_NAME: &str = "flight-record.toml";

/// The record shipped with the tool.
pub const BUNDLED: &str = include_str!("../../specs/flight-record.toml");

/// A loaded record.
#[derive(Debug, Clone)]
pub struct FlightRecord {
    pub events: Vec<Event>,
    /// The file read (reports name it with its SHA-256).
    pub file: Arc<SourceFile>,
}

impl FlightRecord {
    /// Reads a record's text; `path` names it in messages. The names it
    /// uses are not checked here (see [`names`]).
    pub fn parse(path: &Path, text: String) -> Result<Self, LoadErrors> {
        let (document, file) = data_file::load::<RecordDocument>(path, text, schema(), check)?;
        Ok(FlightRecord {
            events: document.events,
            file,
        })
    }

    /// Reads the record at `path`, found by name beside the specs: a
    /// symbolic link out of the folder it was found in is refused, as for
    /// the other data files.
    pub fn load(path: &Path) -> Result<Self, LoadErrors> {
        Self::parse(path, crate::spec::data::read_beside(path)?)
    }

    /// The bundled record; a test keeps it valid and bound to the bundled
    /// specs.
    pub fn bundled() -> &'static FlightRecord {
        static RECORD: OnceLock<FlightRecord> = OnceLock::new();
        RECORD.get_or_init(|| {
            let path = Path::new("specs").join(FILE_NAME);
            Self::parse(&path, BUNDLED.to_string()).unwrap_or_else(|_| FlightRecord {
                events: Vec::new(),
                file: Arc::new(SourceFile::new(path, String::new())),
            })
        })
    }

    /// The bundled record, shared.
    pub fn bundled_shared() -> Arc<FlightRecord> {
        static SHARED: OnceLock<Arc<FlightRecord>> = OnceLock::new();
        SHARED
            .get_or_init(|| Arc::new(Self::bundled().clone()))
            .clone()
    }

    /// The `flight-record.toml` beside one of `spec_paths` or beside its
    /// folder (`specs/vehicles/x.toml` finds `specs/flight-record.toml`), as
    /// for the other data files.
    pub fn find(spec_paths: &[&Path]) -> Option<PathBuf> {
        crate::rules::mate::adapters::find_beside(spec_paths, FILE_NAME, Path::is_file)
    }

    /// The record for specs at `spec_paths`: the one beside them, else the
    /// bundled one. A record beside them that does not load is an error
    /// with its line and field.
    pub fn for_specs(spec_paths: &[&Path]) -> Result<Arc<FlightRecord>, LoadErrors> {
        match Self::find(spec_paths) {
            Some(path) => Self::load(&path).map(Arc::new),
            None => Ok(Self::bundled_shared()),
        }
    }

    /// The event with this id.
    pub fn get(&self, id: &str) -> Option<&Event> {
        self.events
            .iter()
            .find(|e| e.id.get().is_some_and(|i| i == id))
    }
}

/// The JSON Schema of the file (for "did you mean" and for editors).
pub fn schema() -> &'static serde_json::Value {
    static SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
    SCHEMA.get_or_init(data_file::schema_of::<RecordDocument>)
}

/// The schema as `rescue-interop schema --of flight-record` prints it and
/// `docs/flight-record.schema.json` commits it.
pub fn schema_with_id() -> serde_json::Value {
    data_file::with_id(schema(), "flight-record.schema.json")
}

/// Kebab-case ids: lowercase ASCII letters, digits and hyphens, at most 64.
fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Source keys as `docs/sources.md` writes them: `MS23`, `WP-IDSS`.
fn is_source_key(key: &str) -> bool {
    key.len() <= 64
        && key.starts_with(|c: char| c.is_ascii_uppercase())
        && key.split('-').all(|group| {
            !group.is_empty()
                && group
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

const KEBAB: Expected = Expected::new(
    "a kebab-case id of lowercase letters, digits and hyphens (at most 64)",
    "soyuz-ms",
);

/// Collects the problems of one event, naming its fields by path.
struct Problems {
    findings: Vec<Finding>,
    /// `events[soyuz-ms-23-docks-to-poisk]`.
    event: String,
    /// Where the event is, for problems of a field not written.
    anchor: Option<crate::spec::Span>,
}

impl Problems {
    fn push(&mut self, span: Option<crate::spec::Span>, field: &str, found: String) {
        self.findings.push(Finding {
            span: span.or(self.anchor),
            field: format!("{}.{field}", self.event),
            found,
            expected: None,
            help: None,
        });
    }

    fn push_help(
        &mut self,
        span: Option<crate::spec::Span>,
        field: &str,
        found: String,
        help: String,
    ) {
        self.push(span, field, found);
        if let Some(last) = self.findings.last_mut() {
            last.help = Some(help);
        }
    }

    /// A required text field: written and known.
    fn required(&mut self, value: &Field<String>, field: &str) {
        match &value.value {
            Value::Known(_) | Value::Invalid => {}
            Value::Absent => self.push(
                None,
                field,
                format!("the required field '{}' is missing", last(field)),
            ),
            Value::Unknown => self.push(
                value.span,
                field,
                format!("'{}' is \"unknown\"; the event needs it", last(field)),
            ),
        }
    }

    /// An id naming a spec: kebab-case.
    fn id(&mut self, value: &Field<String>, field: &str) {
        self.required(value, field);
        if let Some(id) = value.get() {
            if !is_kebab(id) {
                self.findings.push(Finding {
                    span: value.span,
                    field: format!("{}.{field}", self.event),
                    found: format!("'{}'", escape_for_terminal(id)),
                    expected: Some(KEBAB),
                    help: None,
                });
            }
        }
    }

    /// A side: the vehicle id, the revision it flew at, and the element it
    /// names: its id, or "unknown" with a note saying what the source says
    /// instead. What it rests on is written in full when the element is
    /// named (or the side names the vehicle as a whole), and not at all
    /// when it is not.
    fn side(&mut self, side: &dyn binding::Side, at: &str) {
        self.id(side.vehicle_field(), &format!("{at}.vehicle"));
        self.required(side.revision(), &format!("{at}.revision"));
        let rests_on = format!("{at}.rests_on");
        let anchor = side.vehicle_field().span;
        let named = match side.element_field() {
            None => true,
            Some((kind, field)) => {
                // The side writes its element under its kind: `port = "poisk"`.
                let path = format!("{at}.{kind}");
                match &field.value {
                    Value::Unknown => {
                        if field.note.is_none() {
                            self.push_help(
                                field.span,
                                &path,
                                format!("'{}' is \"unknown\" without a note", last(&path)),
                                "say what the source says instead, in { value = \"unknown\", note = \"...\" }".into(),
                            );
                        }
                        if !side.rests_on_nothing() {
                            self.push(
                                field.span,
                                &rests_on,
                                format!("rests_on is given for a {kind} the source does not name"),
                            );
                        }
                        false
                    }
                    _ => {
                        self.id(field, &path);
                        field.get().is_some()
                    }
                }
            }
        };
        let unwritten = side.unwritten();
        if named && !unwritten.is_empty() {
            self.push_help(
                anchor,
                &rests_on,
                format!(
                    "rests_on does not give {}, which the event rests on",
                    unwritten.join(", ")
                ),
                "write each value as the spec gave it when the event flew (\"unknown\" if it said so)".into(),
            );
        }
    }

    /// A suit side: its id, and the fields of the suit it rests on.
    fn suit<B: binding::Basis>(&mut self, suit: &model::SuitSide<B>, at: &str) {
        self.id(&suit.id, &format!("{at}.id"));
        let unwritten = suit.rests_on.unwritten();
        if suit.id.get().is_some() && !unwritten.is_empty() {
            self.push(
                suit.id.span,
                &format!("{at}.rests_on"),
                format!(
                    "rests_on does not give {}, which the event rests on",
                    unwritten.join(", ")
                ),
            );
        }
    }

    /// A count that must be at least one when given.
    fn count(&mut self, value: &Field<u32>, field: &str, required: bool) {
        match value.value {
            Value::Known(0) => self.push(
                value.span,
                field,
                "0; a flown event counts at least one".into(),
            ),
            Value::Absent if required => self.push(
                None,
                field,
                format!("the required field '{}' is missing", last(field)),
            ),
            _ => {}
        }
    }
}

fn last(field: &str) -> &str {
    field.rsplit('.').next().unwrap_or(field)
}

/// The checks a value reader cannot make alone.
fn check(document: &RecordDocument) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Some(version) = document.format.value() {
        if version != crate::spec::load::FORMAT_VERSION {
            findings.push(Finding {
                span: document.format.span,
                field: "format".into(),
                found: format!(
                    "format version {version}; this tool reads version {}",
                    crate::spec::load::FORMAT_VERSION
                ),
                expected: None,
                help: None,
            });
        }
    }
    if document.events.len() > MAX_LIST {
        findings.push(Finding {
            span: None,
            field: "events".into(),
            found: format!(
                "{} events (at most {MAX_LIST} are accepted)",
                document.events.len()
            ),
            expected: None,
            help: None,
        });
        return findings;
    }
    let mut seen = HashSet::new();
    for (index, event) in document.events.iter().enumerate() {
        let name = event
            .id
            .get()
            .map(|s| escape_for_terminal(s))
            .unwrap_or_else(|| index.to_string());
        let mut problems = Problems {
            findings: Vec::new(),
            event: format!("events[{name}]"),
            anchor: event.id.span.or(event.date.span).or(event.mission.span),
        };
        problems.id(&event.id, "id");
        if let Some(id) = event.id.get() {
            if !seen.insert(id.clone()) {
                problems.push(
                    event.id.span,
                    "id",
                    format!("the id '{name}' is used twice"),
                );
            }
        }
        match &event.date.value {
            Value::Absent => {
                problems.push(None, "date", "the required field 'date' is missing".into())
            }
            Value::Unknown => problems.push_help(
                event.date.span,
                "date",
                "'date' is \"unknown\"".into(),
                "write the window the source allows: { min = \"YYYY-MM-DD\", max = \"YYYY-MM-DD\" }"
                    .into(),
            ),
            _ => {}
        }
        problems.required(&event.mission, "mission");
        problems.required(&event.source, "source");
        if let Some(key) = event.source.get() {
            if !is_source_key(key) {
                problems.findings.push(Finding {
                    span: event.source.span,
                    field: format!("events[{name}].source"),
                    found: format!("'{}'", escape_for_terminal(key)),
                    expected: Some(Expected::new(
                        "a source key listed in docs/sources.md: upper-case letters and digits in hyphen-separated groups",
                        "MS23",
                    )),
                    help: None,
                });
            }
        }
        let kinds = event.kinds();
        match kinds.as_slice() {
            [] => problems.push_help(
                None,
                "",
                "the event says nothing it demonstrated".into(),
                format!("give one of: {}", model::KINDS.join(", ")),
            ),
            [_] => {}
            several => problems.push(
                None,
                "",
                format!(
                    "the event has {} kinds ({}); one event demonstrates one thing",
                    several.len(),
                    several
                        .iter()
                        .map(|k| k.key())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        }
        for kind in kinds {
            check_kind(&mut problems, kind);
        }
        // A field path ends in a dot when the problem is the event's own.
        for finding in &mut problems.findings {
            if finding.field.ends_with('.') {
                finding.field.pop();
            }
        }
        findings.extend(problems.findings);
    }
    findings
}

fn check_kind(p: &mut Problems, kind: Demonstrated<'_>) {
    let key = kind.key();
    let at = |side: &str| format!("{key}.{side}");
    match kind {
        Demonstrated::Docking(k) => {
            p.side(&k.chaser, &at("chaser"));
            p.side(&k.target, &at("target"));
        }
        Demonstrated::Crossing(k) => {
            p.side(&k.a, &at("a"));
            p.side(&k.b, &at("b"));
            match (&k.way.value, k.suit.is_written()) {
                (Value::Absent, _) => p.push(
                    None,
                    &at("way"),
                    "the required field 'way' is missing (write \"unknown\" with a note if the source does not say)".into(),
                ),
                (Value::Unknown, _) if k.way.note.is_none() => p.push_help(
                    k.way.span,
                    &at("way"),
                    "'way' is \"unknown\" without a note".into(),
                    "say what the source says of what the crew wore".into(),
                ),
                (Value::Known(way), true) if *way != Way::Suited => p.push(
                    k.suit.span,
                    &at("suit"),
                    format!("a suit is named for a crew that crossed {}", way.as_str()),
                ),
                _ => {}
            }
            if k.suit.is_written() {
                p.id(&k.suit, &at("suit"));
            }
            p.count(&k.crew, &at("crew"), false);
        }
        Demonstrated::Voice(k) => {
            p.side(&k.a, &at("a"));
            p.side(&k.b, &at("b"));
        }
        Demonstrated::SuitConnection(k) => {
            p.suit(&k.suit, &at("suit"));
            p.side(&k.outlet, &at("outlet"));
            p.count(&k.suits, &at("suits"), false);
        }
        Demonstrated::Sustained(k) => {
            p.side(k, key);
            p.count(&k.crew, &at("crew"), true);
            match (k.duration.value(), &k.duration.value) {
                (Some(d), _) if d.value <= 0.0 => p.push(
                    k.duration.span,
                    &at("duration"),
                    "a duration of zero or less".into(),
                ),
                (Some(_), _) | (None, Value::Invalid) => {}
                (None, _) => p.push(
                    k.duration.span,
                    &at("duration"),
                    "the required field 'duration' is missing or unknown".into(),
                ),
            }
        }
        Demonstrated::LinerMove(k) => {
            p.side(&k.from, &at("from"));
            p.side(&k.to, &at("to"));
            p.count(&k.liners, &at("liners"), false);
        }
        Demonstrated::EvaTransfer(k) => {
            p.side(&k.from, &at("from"));
            p.side(&k.to, &at("to"));
            p.suit(&k.suit, &at("suit"));
            p.count(&k.crew, &at("crew"), false);
        }
    }
}

#[cfg(test)]
mod tests;
