//! One value of a spec, with where it was written and where it came from.
//!
//! A field is written either as its bare value or as a table carrying
//! provenance:
//!
//! ```toml
//! free_volume = "9.3 m^3"
//! pressure = { min = "97.9 kPa", max = "104.8 kPa", source = "ZVEZDA-SOKOL" }
//! passage_diameter = { value = "800 mm", source = "WP-IDSS", note = "clear passage" }
//! o2_inlet_pressure = { value = "unknown", note = "not published" }
//! ```
//!
//! Reading a field never fails: a malformed value is recorded as a problem
//! (with its span) in the loader's collector and the field becomes invalid,
//! so that one pass over a file reports every mistake in it.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range as ByteRange;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The marker that writes a value as not known.
pub const UNKNOWN: &str = "unknown";

/// Keys a field table may carry beside its value.
pub const META_KEYS: [&str; 4] = ["source", "note", "restricted", "changeable"];

/// A byte range in a spec file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn from_range(range: ByteRange<usize>) -> Self {
        let clamp = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Span {
            start: clamp(range.start),
            end: clamp(range.end),
        }
    }
}

/// What a field expected, for messages: "an absolute pressure", "101.3 kPa".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub what: Cow<'static, str>,
    pub example: Cow<'static, str>,
}

impl Expected {
    pub const fn new(what: &'static str, example: &'static str) -> Self {
        Expected {
            what: Cow::Borrowed(what),
            example: Cow::Borrowed(example),
        }
    }
}

/// A value that failed to read, before the loader gives it a path and a line.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueProblem {
    pub span: Span,
    /// What was wrong, in a phrase ("'800 mm' is a length").
    pub found: String,
    pub expected: Expected,
    /// An extra hint, e.g. a "did you mean".
    pub help: Option<String>,
}

/// What one load collects while serde reads a file: the problems of its
/// values, the warnings about values outside what flown vehicles show, and
/// where the range-limited fields are (so that a field can find its limits
/// from its own span).
#[derive(Default)]
pub(crate) struct Collected {
    pub problems: Vec<ValueProblem>,
    pub warnings: Vec<ValueProblem>,
    /// Every range-limited field read, with its quantities in SI units.
    pub quantities: Vec<(&'static super::limits::FieldLimits, Vec<f64>)>,
    places: super::limits::Places,
}

thread_local! {
    static COLLECTOR: RefCell<Option<Collected>> = const { RefCell::new(None) };
}

thread_local! {
    /// Set when a field marked `restricted = true` is read (see
    /// [`reading_restricted`]).
    static RESTRICTED_READ: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` and says whether it read the value of any field marked
/// `restricted = true` (through [`Field::get`] or [`Field::value`]).
///
/// This is how a share-safe report knows what to withhold: every finding,
/// remedy or figure built while a restricted value was read is derived from
/// it, whatever the rule did with the value. Calls nest: a read inside also
/// counts for the calls around it.
pub fn reading_restricted<R>(f: impl FnOnce() -> R) -> (R, bool) {
    let outer = enter_restricted_scope();
    let result = f();
    (result, leave_restricted_scope(outer))
}

/// Starts a [`reading_restricted`] scope by hand (a sink around a rule);
/// returns the outer scope's state for [`leave_restricted_scope`].
pub(crate) fn enter_restricted_scope() -> bool {
    RESTRICTED_READ.with(|r| r.replace(false))
}

/// Ends a scope begun with [`enter_restricted_scope`]: whether it read a
/// restricted value (which then counts for the outer scope too).
pub(crate) fn leave_restricted_scope(outer: bool) -> bool {
    RESTRICTED_READ.with(|r| {
        let read = r.get();
        r.set(outer || read);
        read
    })
}

/// Records a read of restricted data for the [`reading_restricted`] around
/// (a cache handing out what was computed from restricted fields).
pub fn mark_restricted_read() {
    RESTRICTED_READ.with(|r| r.set(true));
}

/// A value computed once from spec fields and shared by several rules (the
/// matings of a pair, its radio pairings): whoever reads it has read what it
/// was computed from, so a read of a restricted field while computing it is
/// marked again at every use ([`reading_restricted`]).
#[derive(Debug)]
pub struct Derived<T> {
    cell: std::cell::OnceCell<(T, bool)>,
}

impl<T> Default for Derived<T> {
    fn default() -> Self {
        Derived {
            cell: std::cell::OnceCell::new(),
        }
    }
}

impl<T> Derived<T> {
    /// The value, computed by `compute` on first use.
    pub fn get_or_init(&self, compute: impl FnOnce() -> T) -> &T {
        let (value, restricted) = self.cell.get_or_init(|| reading_restricted(compute));
        if *restricted {
            mark_restricted_read();
        }
        value
    }
}

/// Runs `f` with a fresh problem collector and returns what it collected.
pub(crate) fn collecting<R>(f: impl FnOnce() -> R) -> (R, Vec<ValueProblem>) {
    let (result, collected) = collecting_within(super::limits::Places::new(), f);
    (result, collected.problems)
}

/// Runs `f` with a fresh collector that knows where the range-limited
/// fields of the document are, and returns everything collected.
pub(crate) fn collecting_within<R>(
    places: super::limits::Places,
    f: impl FnOnce() -> R,
) -> (R, Collected) {
    let fresh = Collected {
        places,
        ..Collected::default()
    };
    let previous = COLLECTOR.with(|c| c.borrow_mut().replace(fresh));
    let result = f();
    let collected = COLLECTOR.with(|c| {
        let mut slot = c.borrow_mut();
        let collected = slot.take().unwrap_or_default();
        *slot = previous;
        collected
    });
    (result, collected)
}

/// Records a problem for the current load. Outside a load (a spec built in
/// code) there is no collector and the problem is carried by the field alone.
pub(crate) fn report(problem: ValueProblem) {
    COLLECTOR.with(|c| {
        if let Some(collected) = c.borrow_mut().as_mut() {
            collected.problems.push(problem);
        }
    });
}

fn warn(problem: ValueProblem) {
    COLLECTOR.with(|c| {
        if let Some(collected) = c.borrow_mut().as_mut() {
            collected.warnings.push(problem);
        }
    });
}

/// The limits of the field whose value starts at `span`, in the current load.
fn limits_at(span: Span) -> Option<&'static super::limits::FieldLimits> {
    COLLECTOR.with(|c| {
        c.borrow()
            .as_ref()
            .and_then(|collected| collected.places.get(&span.start).copied())
    })
}

/// The error a value reader returns; the field adds the span.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
    pub found: String,
    pub help: Option<String>,
}

impl ReadError {
    pub fn new(found: impl Into<String>) -> Self {
        ReadError {
            found: found.into(),
            help: None,
        }
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Describes a TOML value in a message: "a bare number 800", "a table".
pub fn describe(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("'{}'", crate::text::escape_for_terminal(s)),
        toml::Value::Integer(i) => format!("a bare number {i}"),
        toml::Value::Float(f) => format!("a bare number {f}"),
        toml::Value::Boolean(b) => format!("the boolean {b}"),
        toml::Value::Datetime(d) => format!("the date {d}"),
        toml::Value::Array(_) => "a list".to_string(),
        toml::Value::Table(_) => "a table".to_string(),
    }
}

/// A type a field can hold.
pub trait FieldValue: Sized {
    /// What the field expects, for messages.
    fn expected() -> Expected;
    /// Reads the value from its TOML form.
    fn read(value: &toml::Value) -> Result<Self, ReadError>;
    /// Reads the value from a table whose keys are the value's own (a range's
    /// `min`/`max`). `None` when this type is not written as a table.
    fn read_table(_table: &toml::Table) -> Option<Result<Self, ReadError>> {
        None
    }
    /// The keys [`FieldValue::read_table`] understands.
    fn table_keys() -> &'static [&'static str] {
        &[]
    }
    /// JSON Schema of the bare value.
    fn value_schema(generator: &mut SchemaGenerator) -> Schema;
    /// The value as JSON, for reports and diffs.
    fn to_json(&self) -> serde_json::Value;
    /// Every quantity the value holds, in SI units (a range's ends, a
    /// list's items), for the field's range check. None for other values.
    fn quantities(&self, _out: &mut Vec<f64>) {}
}

/// The state of a field's value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value<T> {
    /// Not written at all: unknown.
    #[default]
    Absent,
    /// Written as unknown on purpose.
    Unknown,
    /// Written and read.
    Known(T),
    /// Written but not readable; the problem was reported.
    Invalid,
}

/// One value of a spec with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Field<T> {
    pub value: Value<T>,
    /// Where the value was written; `None` when absent.
    pub span: Option<Span>,
    /// Key of the public source the value came from (see `docs/sources.md`).
    pub source: Option<String>,
    pub note: Option<String>,
    /// Shared with the other party only as "restricted" (`--share-safe`).
    pub restricted: bool,
    /// Whether a plan may propose changing it (a flown vehicle's docking
    /// standard is not).
    pub changeable: bool,
}

impl<T> Default for Field<T> {
    fn default() -> Self {
        Field {
            value: Value::Absent,
            span: None,
            source: None,
            note: None,
            restricted: false,
            changeable: true,
        }
    }
}

impl<T> Field<T> {
    /// A known value with no provenance, for specs built in code.
    pub fn known(value: T) -> Self {
        Field {
            value: Value::Known(value),
            ..Field::default()
        }
    }

    /// The value when it is known. Reading a restricted field's value is
    /// recorded (see [`reading_restricted`]).
    pub fn get(&self) -> Option<&T> {
        if self.restricted {
            mark_restricted_read();
        }
        match &self.value {
            Value::Known(v) => Some(v),
            _ => None,
        }
    }

    /// True when the spec does not say (absent, unknown or unreadable).
    pub fn is_unknown(&self) -> bool {
        !matches!(self.value, Value::Known(_))
    }

    /// True when the field was written (even as unknown).
    pub fn is_written(&self) -> bool {
        !matches!(self.value, Value::Absent)
    }
}

impl<T: Copy> Field<T> {
    /// The value when it is known, by copy.
    pub fn value(&self) -> Option<T> {
        self.get().copied()
    }
}

impl<'de, T: FieldValue> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = toml::Spanned::<toml::Value>::deserialize(deserializer)?;
        let span = Span::from_range(spanned.span());
        let field: Field<T> = Field::read_spanned(spanned.into_inner(), span);
        if let (Some(limits), Some(value)) = (limits_at(span), field.get()) {
            let mut values = Vec::new();
            value.quantities(&mut values);
            check_limits::<T>(limits, &values, span);
            COLLECTOR.with(|c| {
                if let Some(collected) = c.borrow_mut().as_mut() {
                    collected.quantities.push((limits, values));
                }
            });
        }
        Ok(field)
    }
}

/// Reports a value outside its field's limits: an error when it is not
/// physically possible, a warning when no flown vehicle shows it.
fn check_limits<T: FieldValue>(limits: &super::limits::FieldLimits, values: &[f64], span: Span) {
    use super::limits::Breach;
    let Some(breach) = limits.check(values) else {
        return;
    };
    let problem = |found: String, help: String| ValueProblem {
        span,
        found,
        expected: T::expected(),
        help: Some(help),
    };
    match breach {
        Breach::Impossible { value, max } => report(problem(
            format!("{value} is more than is physically possible here (at most {max})"),
            format!(
                "{}; check the unit and the digits (limits: docs/spec-format.md#limits)",
                limits.why
            ),
        )),
        Breach::Unflown { value, flown } => warn(problem(
            format!("{value} is outside what flown vehicles show ({flown})"),
            "check the value; if the vehicle really differs, keep it (validate --strict refuses it; docs/spec-format.md#limits)".into(),
        )),
    }
}

impl<T: FieldValue> Field<T> {
    /// Reads a field from its TOML value, reporting problems at `span`.
    pub fn read_spanned(raw: toml::Value, span: Span) -> Self {
        let mut field = Field {
            span: Some(span),
            ..Field::default()
        };
        let fail = |error: ReadError| {
            report(ValueProblem {
                span,
                found: error.found,
                expected: T::expected(),
                help: error.help,
            });
        };
        match raw {
            toml::Value::String(s) if s == UNKNOWN => field.value = Value::Unknown,
            toml::Value::Table(mut table) => {
                if let Err(e) = field.take_meta(&mut table) {
                    fail(e);
                    field.value = Value::Invalid;
                    return field;
                }
                field.value = match table.remove("value") {
                    Some(_) if !table.is_empty() => {
                        let extra: Vec<_> = table.keys().cloned().collect();
                        // A misspelt meta key ("sorce") is the usual cause.
                        let suggestion = extra
                            .iter()
                            .find_map(|k| crate::text::did_you_mean(k, META_KEYS.iter().copied()));
                        let help = match suggestion {
                            Some(s) => format!("did you mean '{s}'? {}", allowed_keys_help::<T>()),
                            None => allowed_keys_help::<T>(),
                        };
                        fail(
                            ReadError::new(format!(
                                "a table with 'value' and also {}",
                                extra
                                    .iter()
                                    .map(|k| format!("'{}'", crate::text::escape_for_terminal(k)))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ))
                            .with_help(help),
                        );
                        Value::Invalid
                    }
                    Some(toml::Value::String(s)) if s == UNKNOWN => Value::Unknown,
                    Some(inner) => match T::read(&inner) {
                        Ok(v) => Value::Known(v),
                        Err(e) => {
                            fail(e);
                            Value::Invalid
                        }
                    },
                    None if table.is_empty() => Value::Unknown,
                    None => match T::read_table(&table) {
                        Some(Ok(v)) => Value::Known(v),
                        Some(Err(e)) => {
                            fail(e);
                            Value::Invalid
                        }
                        None => {
                            let keys: Vec<_> = table.keys().cloned().collect();
                            fail(unknown_keys_error::<T>(&keys));
                            Value::Invalid
                        }
                    },
                };
            }
            other => {
                field.value = match T::read(&other) {
                    Ok(v) => Value::Known(v),
                    Err(e) => {
                        fail(e);
                        Value::Invalid
                    }
                }
            }
        }
        field
    }

    fn take_meta(&mut self, table: &mut toml::Table) -> Result<(), ReadError> {
        if let Some(v) = table.remove("source") {
            match v {
                toml::Value::String(s) => self.source = Some(s),
                other => {
                    return Err(ReadError::new(format!(
                        "source = {}, not a source key",
                        describe(&other)
                    ))
                    .with_help(
                        "a source is a key listed in docs/sources.md, e.g. source = \"WP-IDSS\"",
                    ));
                }
            }
        }
        if let Some(v) = table.remove("note") {
            match v {
                toml::Value::String(s) => self.note = Some(s),
                other => {
                    return Err(ReadError::new(format!(
                        "note = {}, not text",
                        describe(&other)
                    )));
                }
            }
        }
        for (key, slot) in [
            ("restricted", &mut self.restricted),
            ("changeable", &mut self.changeable),
        ] {
            if let Some(v) = table.remove(key) {
                match v {
                    toml::Value::Boolean(b) => *slot = b,
                    other => {
                        return Err(ReadError::new(format!(
                            "{key} = {}, not true or false",
                            describe(&other)
                        )));
                    }
                }
            }
        }
        Ok(())
    }
}

fn allowed_keys_help<T: FieldValue>() -> String {
    let mut keys: Vec<&str> = vec!["value"];
    keys.extend(T::table_keys());
    keys.extend(META_KEYS);
    format!("a field table may hold: {}", keys.join(", "))
}

fn unknown_keys_error<T: FieldValue>(keys: &[String]) -> ReadError {
    let mut allowed: Vec<&str> = vec!["value"];
    allowed.extend(T::table_keys());
    allowed.extend(META_KEYS);
    let suggestion = keys
        .iter()
        .find_map(|k| crate::text::did_you_mean(k, allowed.iter().copied()));
    let error = ReadError::new(format!(
        "a table with {} but no 'value'",
        keys.iter()
            .map(|k| format!("'{k}'"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    match suggestion {
        Some(s) => error.with_help(format!("did you mean '{s}'? {}", allowed_keys_help::<T>())),
        None => error.with_help(allowed_keys_help::<T>()),
    }
}

impl<T: FieldValue> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

impl<T: FieldValue> Field<T> {
    /// The field as JSON: its value (or "unknown") and its provenance.
    pub fn to_json(&self) -> serde_json::Value {
        let value = match &self.value {
            Value::Known(v) => v.to_json(),
            _ => serde_json::Value::String(UNKNOWN.to_string()),
        };
        if self.source.is_none() && self.note.is_none() && !self.restricted && self.changeable {
            return value;
        }
        let mut map = serde_json::Map::new();
        map.insert("value".into(), value);
        if let Some(s) = &self.source {
            map.insert("source".into(), s.clone().into());
        }
        if let Some(n) = &self.note {
            map.insert("note".into(), n.clone().into());
        }
        if self.restricted {
            map.insert("restricted".into(), true.into());
        }
        if !self.changeable {
            map.insert("changeable".into(), false.into());
        }
        serde_json::Value::Object(map)
    }
}

impl<T: FieldValue> JsonSchema for Field<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Field".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let bare = T::value_schema(generator);
        let expected = T::expected();
        let mut properties = serde_json::Map::new();
        properties.insert(
            "value".into(),
            json_schema!({ "anyOf": [bare.clone(), { "const": UNKNOWN }] }).into(),
        );
        properties.insert(
            "source".into(),
            json_schema!({ "type": "string", "description": "Key of the public source (docs/sources.md)" })
                .into(),
        );
        properties.insert("note".into(), json_schema!({ "type": "string" }).into());
        properties.insert(
            "restricted".into(),
            json_schema!({ "type": "boolean", "description": "Left out of --share-safe reports" })
                .into(),
        );
        properties.insert(
            "changeable".into(),
            json_schema!({ "type": "boolean", "description": "Whether a plan may propose changing it" })
                .into(),
        );
        // A range is itself written as a table: its keys sit beside the meta keys.
        let mut table_form = serde_json::json!({
            "type": "object",
            "properties": properties,
            "additionalProperties": false,
        });
        // A range's bare schema is `anyOf [quantity, {min, max, nominal}]`:
        // its table keys are found in whichever branch is an object.
        if !T::table_keys().is_empty() {
            let branches = bare
                .get("anyOf")
                .and_then(|a| a.as_array())
                .map(|a| a.iter().collect::<Vec<_>>())
                .unwrap_or_default();
            let bare_props = bare.get("properties").into_iter().chain(
                branches
                    .into_iter()
                    .filter_map(|branch| branch.get("properties")),
            );
            if let Some(obj) = table_form
                .get_mut("properties")
                .and_then(|p| p.as_object_mut())
            {
                for props in bare_props.filter_map(|p| p.as_object()) {
                    for (k, v) in props {
                        obj.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        json_schema!({
            "description": format!("{} (for example \"{}\"), or \"unknown\"", expected.what, expected.example),
            "anyOf": [
                bare,
                { "const": UNKNOWN },
                table_form,
            ]
        })
    }
}

// ---------------------------------------------------------------------------
// Plain value types.

impl FieldValue for String {
    fn expected() -> Expected {
        Expected::new("text", "Crew Dragon")
    }
    fn read(value: &toml::Value) -> Result<Self, ReadError> {
        match value {
            toml::Value::String(s) => Ok(s.clone()),
            other => Err(ReadError::new(describe(other))),
        }
    }
    fn value_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string" })
    }
    fn to_json(&self) -> serde_json::Value {
        self.clone().into()
    }
}

impl FieldValue for bool {
    fn expected() -> Expected {
        Expected::new("true or false", "true")
    }
    fn read(value: &toml::Value) -> Result<Self, ReadError> {
        match value {
            toml::Value::Boolean(b) => Ok(*b),
            other => Err(ReadError::new(describe(other))),
        }
    }
    fn value_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "boolean" })
    }
    fn to_json(&self) -> serde_json::Value {
        (*self).into()
    }
}

/// A count (crew, seats, suits). Counts above this are not plausible and are
/// rejected rather than carried into arithmetic.
pub const MAX_COUNT: i64 = 10_000;

impl FieldValue for u32 {
    fn expected() -> Expected {
        Expected::new("a whole number", "4")
    }
    fn read(value: &toml::Value) -> Result<Self, ReadError> {
        match value {
            toml::Value::Integer(i) if (0..=MAX_COUNT).contains(i) => {
                u32::try_from(*i).map_err(|_| ReadError::new(format!("{i}, out of range")))
            }
            toml::Value::Integer(i) => {
                Err(ReadError::new(format!("{i}, outside 0 to {MAX_COUNT}")))
            }
            other => Err(ReadError::new(describe(other))),
        }
    }
    fn value_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "integer", "minimum": 0, "maximum": MAX_COUNT })
    }
    fn to_json(&self) -> serde_json::Value {
        (*self).into()
    }
}

/// The longest list a spec field may hold; longer lists are hostile input.
pub const MAX_LIST: usize = 1_000;

impl<T: FieldValue> FieldValue for Vec<T> {
    fn expected() -> Expected {
        let inner = T::expected();
        // "a list of text", "a list, each a frequency".
        let what = if inner.what.starts_with("a ") || inner.what.starts_with("an ") {
            format!("a list, each {}", inner.what)
        } else {
            format!("a list of {}", inner.what)
        };
        Expected {
            what: what.into(),
            example: format!("[\"{}\"]", inner.example.trim_matches('"')).into(),
        }
    }
    fn read(value: &toml::Value) -> Result<Self, ReadError> {
        match value {
            toml::Value::Array(items) if items.len() > MAX_LIST => Err(ReadError::new(format!(
                "a list of {} items (at most {MAX_LIST} are accepted)",
                items.len()
            ))),
            toml::Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    T::read(item).map_err(|e| ReadError {
                        found: format!("item {} is {}", i + 1, e.found),
                        help: e.help,
                    })
                })
                .collect(),
            other => Err(ReadError::new(describe(other))
                .with_help("write a list, even of one item: [\"...\"]")),
        }
    }
    fn value_schema(generator: &mut SchemaGenerator) -> Schema {
        let inner = T::value_schema(generator);
        json_schema!({ "type": "array", "items": inner, "maxItems": MAX_LIST })
    }
    fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Array(self.iter().map(FieldValue::to_json).collect())
    }
    fn quantities(&self, out: &mut Vec<f64>) {
        for item in self {
            item.quantities(out);
        }
    }
}
