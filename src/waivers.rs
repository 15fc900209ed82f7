//! Waivers: engineers accepting a known finding, in writing.
//!
//! A waivers file holds `[[waiver]]` entries, each accepting one finding by
//! its `fingerprint`, or by `rule`, `rescuer` and `distressed` (vehicle
//! ids) and `field` (a spec element the finding points at), with a required
//! `reason`, `owner` and `expires` date. A waived finding stays in every
//! report, marked with its waiver; it decides no verdict, no phase state
//! and no exit status. A waiver that has expired, or that matched no
//! finding, is listed in the report's `waivers` section: waivers never hide
//! a finding silently.
//!
//! This module knows nothing of the report: the report model asks a
//! [`Waivers`] set, finding by finding, which waiver accepts it
//! ([`Waivers::accept`]), and keeps what was used in a [`Ledger`].

use std::path::Path;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::spec::{Diagnostic, SourceFile, Span};

/// The mark a waiver leaves on the finding it accepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WaiverMark {
    pub reason: String,
    pub owner: String,
    /// `YYYY-MM-DD`; the waiver applies through that day.
    pub expires: String,
    /// Where the waiver is written: `waivers.toml:3`.
    pub at: String,
}

/// A waiver as the report lists it (expired or unused).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WaiverEntry {
    /// Where the waiver is written: `waivers.toml:3`.
    pub at: String,
    /// What it matches: `fingerprint 0123abcd...` or `TRANSFER-004
    /// crew-dragon rescues soyuz-ms at atmosphere.pressure`.
    pub matches: String,
    pub reason: String,
    pub owner: String,
    pub expires: String,
}

/// The report section on the waivers file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WaiverSection {
    /// The waivers file, as given.
    pub file: String,
    /// Findings waived.
    pub applied: u32,
    /// Past their `expires` date: they waive nothing.
    pub expired: Vec<WaiverEntry>,
    /// In force, but matched no finding of this report.
    pub unused: Vec<WaiverEntry>,
}

/// What a waiver matches.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Fingerprint(String),
    Element {
        rule: String,
        rescuer: String,
        distressed: String,
        field: String,
    },
}

/// One waiver of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiver {
    pub target: Target,
    pub reason: String,
    pub owner: String,
    pub expires: Date,
    /// 1-based line of its `[[waiver]]` header.
    pub line: usize,
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Date {
    /// Reads `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Today, as the run's one clock says ([`crate::clock`]).
    pub fn today() -> Date {
        crate::clock::today_or_system()
    }

    /// Civil date of a day count since 1970-01-01 (H. Hinnant's algorithm).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    waiver: Vec<toml::Spanned<RawWaiver>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    fingerprint: Option<toml::Spanned<String>>,
    rule: Option<toml::Spanned<String>>,
    rescuer: Option<toml::Spanned<String>>,
    distressed: Option<toml::Spanned<String>>,
    field: Option<toml::Spanned<String>>,
    reason: Option<toml::Spanned<String>>,
    owner: Option<toml::Spanned<String>>,
    expires: Option<toml::Spanned<toml::Value>>,
}

/// A waivers file that does not load: every problem, with file, line and
/// field, and the file's text for excerpts.
#[derive(Debug)]
pub struct WaiverErrors {
    pub diagnostics: Vec<Diagnostic>,
    pub file: Arc<SourceFile>,
}

/// Reads a waivers file.
pub fn load(path: &Path) -> Result<Vec<Waiver>, WaiverErrors> {
    let text = std::fs::read_to_string(path).map_err(|e| WaiverErrors {
        diagnostics: vec![problem(
            &SourceFile::new(path.to_path_buf(), String::new()),
            None,
            "",
            format!("cannot read the waivers file: {e}"),
        )],
        file: Arc::new(SourceFile::new(path.to_path_buf(), String::new())),
    })?;
    parse(path, text)
}

/// Parses the text of a waivers file read from `path`.
pub fn parse(path: &Path, text: String) -> Result<Vec<Waiver>, WaiverErrors> {
    let file = Arc::new(SourceFile::new(path.to_path_buf(), text));
    let raw: RawFile = match toml::from_str(&file.text) {
        Ok(raw) => raw,
        Err(e) => {
            let span = e.span().map(|r| Span {
                start: r.start as u32,
                end: r.end as u32,
            });
            let message = e.message().trim().to_string();
            return Err(WaiverErrors {
                diagnostics: vec![problem(&file, span, "", message)],
                file,
            });
        }
    };
    let mut waivers = Vec::new();
    let mut diagnostics = Vec::new();
    for (index, entry) in raw.waiver.iter().enumerate() {
        let header = to_span(entry.span());
        let line = file.line_col(header.start).0;
        let w = entry.get_ref();
        let path = |key: &str| format!("waiver[{index}].{key}");
        let reason = required(&mut diagnostics, &file, header, index, "reason", &w.reason);
        let owner = required(&mut diagnostics, &file, header, index, "owner", &w.owner);
        let expires = match &w.expires {
            None => {
                diagnostics.push(problem(
                    &file,
                    Some(header),
                    &path("expires"),
                    "is missing; every waiver needs an expiry date (expires = 2027-06-30)".into(),
                ));
                None
            }
            Some(v) => {
                let text = match v.get_ref() {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => {
                        d.to_string()
                    }
                    other => format!("{other}"),
                };
                let date = Date::parse(&text);
                if date.is_none() {
                    diagnostics.push(problem(
                        &file,
                        Some(to_span(v.span())),
                        &path("expires"),
                        format!("'{text}' is not a date; expected YYYY-MM-DD (2027-06-30)"),
                    ));
                }
                date
            }
        };
        let by_element = [&w.rule, &w.rescuer, &w.distressed, &w.field];
        let target = match (&w.fingerprint, by_element.iter().any(|v| v.is_some())) {
            (Some(f), false) => Some(Target::Fingerprint(f.get_ref().trim().to_lowercase())),
            (Some(f), true) => {
                diagnostics.push(problem(
                    &file,
                    Some(to_span(f.span())),
                    &path("fingerprint"),
                    "is given with rule/rescuer/distressed/field; a waiver matches by one or the other".into(),
                ));
                None
            }
            (None, false) => {
                diagnostics.push(problem(
                    &file,
                    Some(header),
                    &path("fingerprint"),
                    "is missing; a waiver names a finding by `fingerprint`, or by `rule`, `rescuer`, `distressed` and `field`".into(),
                ));
                None
            }
            (None, true) => {
                let rule = required(&mut diagnostics, &file, header, index, "rule", &w.rule);
                let rescuer = required(
                    &mut diagnostics,
                    &file,
                    header,
                    index,
                    "rescuer",
                    &w.rescuer,
                );
                let distressed = required(
                    &mut diagnostics,
                    &file,
                    header,
                    index,
                    "distressed",
                    &w.distressed,
                );
                let field = required(&mut diagnostics, &file, header, index, "field", &w.field);
                match (rule, rescuer, distressed, field) {
                    (Some(rule), Some(rescuer), Some(distressed), Some(field)) => {
                        Some(Target::Element {
                            rule,
                            rescuer,
                            distressed,
                            field,
                        })
                    }
                    _ => None,
                }
            }
        };
        if let (Some(target), Some(reason), Some(owner), Some(expires)) =
            (target, reason, owner, expires)
        {
            waivers.push(Waiver {
                target,
                reason,
                owner,
                expires,
                line,
            });
        }
    }
    if diagnostics.is_empty() {
        Ok(waivers)
    } else {
        Err(WaiverErrors { diagnostics, file })
    }
}

/// A required text key of waiver `index`: reported when missing or empty.
fn required(
    diagnostics: &mut Vec<Diagnostic>,
    file: &SourceFile,
    header: Span,
    index: usize,
    key: &str,
    value: &Option<toml::Spanned<String>>,
) -> Option<String> {
    let path = format!("waiver[{index}].{key}");
    match value {
        Some(v) if !v.get_ref().trim().is_empty() => Some(v.get_ref().clone()),
        Some(v) => {
            diagnostics.push(problem(
                file,
                Some(to_span(v.span())),
                &path,
                "is empty; every waiver says why, who owns it and until when".into(),
            ));
            None
        }
        None => {
            diagnostics.push(problem(
                file,
                Some(header),
                &path,
                format!("is missing; every waiver needs `{key}` (reason, owner, expires)"),
            ));
            None
        }
    }
}

fn to_span(range: std::ops::Range<usize>) -> Span {
    Span {
        start: range.start as u32,
        end: range.end as u32,
    }
}

fn problem(file: &SourceFile, span: Option<Span>, field: &str, found: String) -> Diagnostic {
    let (line, column) = span.map_or((0, 0), |s| file.line_col(s.start));
    Diagnostic {
        file: file.path.clone(),
        line,
        column,
        span,
        field: field.into(),
        found,
        expected: None,
        help: None,
    }
}

impl Waiver {
    fn describe(&self) -> String {
        match &self.target {
            Target::Fingerprint(f) => format!("fingerprint {f}"),
            Target::Element {
                rule,
                rescuer,
                distressed,
                field,
            } => format!("{rule} {rescuer} rescues {distressed} at {field}"),
        }
    }

    fn entry(&self, file: &str) -> WaiverEntry {
        WaiverEntry {
            at: format!("{file}:{}", self.line),
            matches: self.describe(),
            reason: self.reason.clone(),
            owner: self.owner.clone(),
            expires: self.expires.to_string(),
        }
    }
}

/// A waivers file as loaded, with the date that decides which of its
/// waivers are in force. The report model asks it, finding by finding,
/// which waiver accepts the finding ([`Waivers::accept`]), and keeps the
/// tally of what was used in a [`Ledger`].
#[derive(Debug, Clone, PartialEq)]
pub struct Waivers {
    list: Vec<Waiver>,
    /// The file as reports name it.
    file: String,
    today: Date,
}

/// What a finding is, as a waiver matches it.
#[derive(Debug, Clone, Copy)]
pub struct FindingKey<'a> {
    pub fingerprint: &'a str,
    pub rule: &'a str,
    /// Vehicle ids.
    pub rescuer: &'a str,
    pub distressed: &'a str,
    /// The spec field paths the finding points at.
    pub fields: &'a [&'a str],
}

/// Which waivers of a file matched some finding, and how many findings
/// they waived; ledgers of parts of a report (the cells of a matrix) merge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    used: Vec<bool>,
    applied: u32,
}

impl Ledger {
    /// Adds what another part of the same report used.
    pub fn merge(&mut self, other: &Ledger) {
        if self.used.len() < other.used.len() {
            self.used.resize(other.used.len(), false);
        }
        for (mine, theirs) in self.used.iter_mut().zip(&other.used) {
            *mine |= *theirs;
        }
        self.applied += other.applied;
    }
}

impl Waivers {
    /// `list` as read from `file` (named as the report should name it), in
    /// force on `today`.
    pub fn new(list: Vec<Waiver>, file: &str, today: Date) -> Self {
        Waivers {
            list,
            file: crate::text::escape_for_terminal(file),
            today,
        }
    }

    /// Reads a waivers file; its waivers are in force through their
    /// `expires` date, from `today`.
    pub fn load(path: &Path, today: Date) -> Result<Self, WaiverErrors> {
        let list = load(path)?;
        Ok(Waivers::new(list, &path.display().to_string(), today))
    }

    /// The mark of the first waiver in force that accepts the finding, if
    /// any; every waiver in force that matches it counts as used.
    pub fn accept(&self, finding: &FindingKey<'_>, ledger: &mut Ledger) -> Option<WaiverMark> {
        if ledger.used.len() < self.list.len() {
            ledger.used.resize(self.list.len(), false);
        }
        let mut mark = None;
        for (index, waiver) in self.list.iter().enumerate() {
            if waiver.expires < self.today || !waiver.matches(finding) {
                continue;
            }
            if let Some(used) = ledger.used.get_mut(index) {
                *used = true;
            }
            if mark.is_none() {
                mark = Some(WaiverMark {
                    reason: crate::text::escape_for_terminal(&waiver.reason),
                    owner: crate::text::escape_for_terminal(&waiver.owner),
                    expires: waiver.expires.to_string(),
                    at: format!("{}:{}", self.file, waiver.line),
                });
            }
        }
        if mark.is_some() {
            ledger.applied += 1;
        }
        mark
    }

    /// The report's section on this file: how many findings it waived, and
    /// the waivers that are expired or matched nothing.
    pub fn section(&self, ledger: &Ledger) -> WaiverSection {
        let mut section = WaiverSection {
            file: self.file.clone(),
            applied: ledger.applied,
            expired: Vec::new(),
            unused: Vec::new(),
        };
        for (index, waiver) in self.list.iter().enumerate() {
            if waiver.expires < self.today {
                section.expired.push(waiver.entry(&self.file));
            } else if !ledger.used.get(index).copied().unwrap_or(false) {
                section.unused.push(waiver.entry(&self.file));
            }
        }
        section
    }
}

impl Waiver {
    fn matches(&self, finding: &FindingKey<'_>) -> bool {
        match &self.target {
            Target::Fingerprint(f) => finding.fingerprint == f,
            Target::Element {
                rule,
                rescuer,
                distressed,
                field,
            } => {
                finding.rule.eq_ignore_ascii_case(rule)
                    && rescuer == finding.rescuer
                    && distressed == finding.distressed
                    && finding.fields.iter().any(|f| f == field)
            }
        }
    }
}

/// The JSON Schema of a waivers file (published as
/// `docs/waivers.schema.json`), for editors.
pub fn waivers_schema() -> serde_json::Value {
    serde_json::json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "rescue-interop waivers file",
        "description": "Findings accepted in writing (docs/trust.md). Each [[waiver]] names one finding by `fingerprint`, or by `rule`, `rescuer`, `distressed` and `field`, never both, and says why, who owns it and until when.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "waiver": {
                "type": "array",
                "items": { "$ref": "#/definitions/Waiver" }
            }
        },
        "definitions": {
            "Waiver": {
                "type": "object",
                "additionalProperties": false,
                "required": ["reason", "owner", "expires"],
                "properties": {
                    "fingerprint": {
                        "description": "The finding's `fingerprint` (check --format json): a hash of rule, direction and the spec fields involved, never of the message.",
                        "type": "string",
                        "pattern": "^[0-9a-fA-F]+$"
                    },
                    "rule": { "description": "Rule id (MATE-001).", "type": "string", "minLength": 1 },
                    "rescuer": { "description": "Id of the rescuing vehicle.", "type": "string", "minLength": 1 },
                    "distressed": { "description": "Id of the vehicle whose crew is rescued.", "type": "string", "minLength": 1 },
                    "field": { "description": "A spec field the finding points at (ports[nose].standard).", "type": "string", "minLength": 1 },
                    "reason": { "description": "Why the finding is accepted.", "type": "string", "minLength": 1, "pattern": "\\S" },
                    "owner": { "description": "Who answers for it.", "type": "string", "minLength": 1, "pattern": "\\S" },
                    "expires": {
                        "description": "The last day the waiver applies: a TOML date (2027-06-30) or the same as a string.",
                        "type": "string",
                        "format": "date"
                    }
                },
                "oneOf": [
                    { "required": ["fingerprint"], "not": { "anyOf": [
                        { "required": ["rule"] }, { "required": ["rescuer"] },
                        { "required": ["distressed"] }, { "required": ["field"] }
                    ] } },
                    { "required": ["rule", "rescuer", "distressed", "field"], "not": { "required": ["fingerprint"] } }
                ]
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_order() {
        assert_eq!(
            Date::parse("2027-02-28"),
            Some(Date {
                year: 2027,
                month: 2,
                day: 28
            })
        );
        assert_eq!(Date::parse("2027-02-29"), None);
        assert_eq!(Date::parse("2027-13-01"), None);
        assert_eq!(Date::parse("soon"), None);
        assert!(Date::parse("2026-12-31") < Date::parse("2027-01-01"));
    }

    #[test]
    fn day_counts_map_to_civil_dates() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(20_454).to_string(),
            "2026-01-01"
        );
        assert_eq!(
            Date::from_days_since_epoch(11_016).to_string(),
            "2000-02-29"
        );
    }

    #[test]
    fn a_waiver_without_reason_names_its_line_and_field() {
        let text = "[[waiver]]\nfingerprint = \"00ff\"\nowner = \"ops\"\nexpires = 2030-01-01\n";
        let errors = parse(Path::new("w.toml"), text.into()).err();
        let d = &errors
            .as_ref()
            .map(|e| e.diagnostics.clone())
            .unwrap_or_default();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 1);
        assert_eq!(d[0].field, "waiver[0].reason");
    }

    #[test]
    fn an_unknown_key_is_reported_with_its_line() {
        let text = "[[waiver]]\nfingerprint = \"00ff\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2030-01-01\nexpiry = 1\n";
        let d = parse(Path::new("w.toml"), text.into())
            .err()
            .map(|e| e.diagnostics)
            .unwrap_or_default();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 6, "{d:?}");
    }
}
