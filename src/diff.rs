//! What a revision of one vehicle's spec changes: the fields written
//! differently, and the findings gained, lost or changed against each
//! vehicle of a fleet, both directions.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::check::{Selection, check_pair};
use crate::report::build_check_report;
use crate::report::model::FindingReport;
use crate::rules::{Environment, Severity};
use crate::spec::Vehicle;

/// A field whose written form changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FieldChange {
    /// `atmosphere.pressure`.
    pub path: String,
    /// As written, with its unit (`"101.3 kPa"`); absent when added.
    pub old: Option<serde_json::Value>,
    /// Absent when removed.
    pub new: Option<serde_json::Value>,
}

/// A finding that differs between the revisions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FindingChange {
    pub fingerprint: String,
    /// The old finding's fingerprint when it differs: the same rule and
    /// direction now points at other spec elements (the only finding of
    /// that rule and direction lost, and the only one gained).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_fingerprint: Option<String>,
    pub rule: String,
    /// `crew-dragon rescues soyuz-ms`.
    pub direction: String,
    pub old_severity: Option<Severity>,
    pub new_severity: Option<Severity>,
    pub old_message: Option<String>,
    pub new_message: Option<String>,
    /// Whether either finding was derived from a field marked restricted.
    #[serde(skip)]
    #[schemars(skip)]
    pub reads_restricted: bool,
}

/// Findings against one fleet vehicle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PairDiff {
    /// The fleet vehicle's id.
    pub against: String,
    pub gained: Vec<FindingChange>,
    pub lost: Vec<FindingChange>,
    /// Same fingerprint, different severity or evidence.
    pub changed: Vec<FindingChange>,
}

/// A flown event a revision no longer covers, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecordLost {
    /// The event's id in the flight record.
    pub event: String,
    /// The event as findings cited it: mission, what, date, source.
    pub evidence: String,
    /// The spec fields that changed (`ports[poisk].standard`).
    pub fields: Vec<String>,
    /// What changed, from what to what (withheld in a share-safe diff).
    pub why: Vec<String>,
}

/// The events of `record` that `old` kept and `new` loses.
pub fn records_lost(
    record: &crate::record::FlightRecord,
    old: &Vehicle,
    new: &Vehicle,
) -> Vec<RecordLost> {
    use crate::record::Unbound;
    record
        .lost_by_revision(old, new)
        .into_iter()
        .map(|(event, why)| RecordLost {
            event: event
                .id
                .get()
                .map_or_else(|| "?".to_string(), |s| crate::text::escape_for_terminal(s)),
            evidence: event.evidence(),
            fields: why
                .iter()
                .flat_map(|u| match u {
                    Unbound::Changed(changes) => changes.iter().map(|c| c.field.clone()).collect(),
                    Unbound::Missing { path } => vec![path.clone()],
                    Unbound::NotNamed { element } => vec![(*element).to_string()],
                })
                .collect(),
            why: why.iter().map(ToString::to_string).collect(),
        })
        .collect()
}

/// The version of the diff JSON's shape, raised when a field changes
/// meaning or goes away.
pub const DIFF_SCHEMA_VERSION: u32 = 1;

/// The whole diff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SpecDiff {
    /// The version of this JSON's shape ([`DIFF_SCHEMA_VERSION`]).
    pub schema_version: u32,
    pub old: String,
    pub new: String,
    pub fields: Vec<FieldChange>,
    /// The flown events that applied to the old revision and no longer
    /// apply to the new one: the fields they rest on changed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records_lost: Vec<RecordLost>,
    pub pairs: Vec<PairDiff>,
    /// How a share-safe diff's digests and fingerprints are keyed
    /// (docs/trust.md); absent for an ordinary diff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyed: Option<String>,
}

impl SpecDiff {
    /// Whether the new revision gains a finding at or above `severity`, or
    /// raises one to it: what a pull-request gate judges (`--fail-on`).
    pub fn gains_at(&self, severity: Severity) -> bool {
        self.pairs.iter().any(|p| {
            p.gained
                .iter()
                .any(|c| c.new_severity.is_some_and(|s| s >= severity))
                || p.changed.iter().any(|c| {
                    c.new_severity
                        .is_some_and(|s| s >= severity && c.old_severity.is_none_or(|o| s > o))
                })
        })
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
            && self.records_lost.is_empty()
            && self
                .pairs
                .iter()
                .all(|p| p.gained.is_empty() && p.lost.is_empty() && p.changed.is_empty())
    }
}

/// Every leaf of a spec document, by path, as JSON. A field written as
/// `{ value = ..., source = ... }` is one leaf.
pub fn flatten(text: &str) -> BTreeMap<String, serde_json::Value> {
    let mut out = BTreeMap::new();
    if let Ok(root) = DeTable::parse(text) {
        flatten_table(root.get_ref(), "", &mut out, 0);
    }
    out
}

fn flatten_table(
    table: &DeTable<'_>,
    prefix: &str,
    out: &mut BTreeMap<String, serde_json::Value>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    for (key, value) in table.iter() {
        let path = if prefix.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{prefix}.{}", key.get_ref())
        };
        flatten_value(value, path, out, depth + 1);
    }
}

fn flatten_value(
    value: &Spanned<DeValue<'_>>,
    path: String,
    out: &mut BTreeMap<String, serde_json::Value>,
    depth: usize,
) {
    match value.get_ref() {
        DeValue::Table(table) if table.iter().any(|(k, _)| k.get_ref() == "value") => {
            out.insert(path, to_json(value.get_ref(), depth));
        }
        DeValue::Table(table) => flatten_table(table, &path, out, depth),
        DeValue::Array(items)
            if items
                .iter()
                .all(|i| matches!(i.get_ref(), DeValue::Table(_)))
                && !items.is_empty() =>
        {
            for (index, item) in items.iter().enumerate() {
                let name = item
                    .get_ref()
                    .as_table()
                    .and_then(|t| t.iter().find(|(k, _)| k.get_ref() == "id"))
                    .and_then(|(_, v)| v.get_ref().as_str().map(str::to_string))
                    .unwrap_or_else(|| index.to_string());
                flatten_value(item, format!("{path}[{name}]"), out, depth + 1);
            }
        }
        other => {
            out.insert(path, to_json(other, depth));
        }
    }
}

fn to_json(value: &DeValue<'_>, depth: usize) -> serde_json::Value {
    if depth > 64 {
        return serde_json::Value::Null;
    }
    match value {
        DeValue::String(s) => serde_json::Value::String(s.to_string()),
        DeValue::Integer(i) => i
            .as_str()
            .replace('_', "")
            .parse::<i64>()
            .map_or_else(|_| i.as_str().into(), Into::into),
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| f.as_str().into(), serde_json::Value::Number),
        DeValue::Boolean(b) => (*b).into(),
        DeValue::Datetime(d) => d.to_string().into(),
        DeValue::Array(items) => items
            .iter()
            .map(|i| to_json(i.get_ref(), depth + 1))
            .collect(),
        DeValue::Table(table) => table
            .iter()
            .map(|(k, v)| (k.get_ref().to_string(), to_json(v.get_ref(), depth + 1)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

/// Fields written differently in `new_text` than in `old_text`.
pub fn field_changes(old_text: &str, new_text: &str) -> Vec<FieldChange> {
    let old = flatten(old_text);
    let new = flatten(new_text);
    let mut paths: Vec<&String> = old.keys().chain(new.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| old.get(*p) != new.get(*p))
        .map(|p| FieldChange {
            path: p.clone(),
            old: old.get(p).cloned(),
            new: new.get(p).cloned(),
        })
        .collect()
}

fn findings(
    vehicle: &Vehicle,
    other: &Vehicle,
    env: &Environment,
    selection: &Selection,
    ids: [&str; 2],
) -> BTreeMap<String, (String, FindingReport)> {
    let results = check_pair(vehicle, other, env, selection);
    let report = build_check_report([vehicle, other], &results);
    let mut out = BTreeMap::new();
    for direction in report.directions {
        let label_id = |label: &str| if label == "A" { ids[0] } else { ids[1] };
        let name = format!(
            "{} rescues {}",
            label_id(&direction.rescuer),
            label_id(&direction.distressed)
        );
        for f in direction.findings {
            out.insert(f.fingerprint.clone(), (name.clone(), f));
        }
    }
    out
}

fn evidence_key(f: &FindingReport) -> Vec<(String, String)> {
    f.evidence
        .iter()
        .map(|e| (e.label.clone(), e.text.clone()))
        .collect()
}

/// The findings of `old` and `new` against `other`, compared by fingerprint
/// (at the severities `selection` gives them).
pub fn pair_diff(
    old: &Vehicle,
    new: &Vehicle,
    other: &Vehicle,
    env: &Environment,
    selection: &Selection,
) -> PairDiff {
    let before = findings(old, other, env, selection, [&old.id, &other.id]);
    let after = findings(new, other, env, selection, [&new.id, &other.id]);
    let change =
        |fp: &str, b: Option<&(String, FindingReport)>, a: Option<&(String, FindingReport)>| {
            let any = a.or(b);
            FindingChange {
                fingerprint: fp.to_string(),
                old_fingerprint: None,
                rule: any.map(|(_, f)| f.rule.clone()).unwrap_or_default(),
                direction: any.map(|(d, _)| d.clone()).unwrap_or_default(),
                old_severity: b.map(|(_, f)| f.severity),
                new_severity: a.map(|(_, f)| f.severity),
                old_message: b.map(|(_, f)| f.message.clone()),
                new_message: a.map(|(_, f)| f.message.clone()),
                reads_restricted: a.is_some_and(|(_, f)| f.reads_restricted)
                    || b.is_some_and(|(_, f)| f.reads_restricted),
            }
        };
    let mut diff = PairDiff {
        against: other.id.clone(),
        gained: Vec::new(),
        lost: Vec::new(),
        changed: Vec::new(),
    };
    for (fp, b) in &before {
        match after.get(fp) {
            None => diff.lost.push(change(fp, Some(b), None)),
            Some(a) if a.1.severity != b.1.severity || evidence_key(&a.1) != evidence_key(&b.1) => {
                diff.changed.push(change(fp, Some(b), Some(a)))
            }
            Some(_) => {}
        }
    }
    for (fp, a) in &after {
        if !before.contains_key(fp) {
            diff.gained.push(change(fp, None, Some(a)));
        }
    }
    pair_moved_findings(&mut diff);
    diff
}

/// A finding lost and one gained of the same rule and direction, each the
/// only one of its kind, is one finding that changed.
fn pair_moved_findings(diff: &mut PairDiff) {
    let key = |c: &FindingChange| (c.rule.clone(), c.direction.clone());
    let count =
        |list: &[FindingChange], k: &(String, String)| list.iter().filter(|c| key(c) == *k).count();
    let mut index = 0;
    while let Some(lost) = diff.lost.get(index) {
        let k = key(lost);
        let gained = diff.gained.iter().position(|c| key(c) == k);
        match gained {
            Some(g) if count(&diff.lost, &k) == 1 && count(&diff.gained, &k) == 1 => {
                let lost = diff.lost.remove(index);
                let mut moved = diff.gained.remove(g);
                moved.old_fingerprint = Some(lost.fingerprint);
                moved.old_severity = lost.old_severity;
                moved.old_message = lost.old_message;
                moved.reads_restricted |= lost.reads_restricted;
                diff.changed.push(moved);
            }
            _ => index += 1,
        }
    }
}

/// The diff of two revisions of a spec against `fleet`. A fleet vehicle with
/// the revision's own id is the vehicle itself and is skipped; so are
/// adapters, which rescue no one (they are routed through).
pub fn diff(
    old: &Vehicle,
    new: &Vehicle,
    fleet: &[Vehicle],
    env: &Environment,
    selection: &Selection,
) -> SpecDiff {
    SpecDiff {
        schema_version: DIFF_SCHEMA_VERSION,
        old: crate::report::display_path(&old.file),
        new: crate::report::display_path(&new.file),
        fields: field_changes(&old.file.text, &new.file.text),
        records_lost: records_lost(&env.record, old, new),
        pairs: fleet
            .iter()
            .filter(|v| v.id != old.id && v.id != new.id)
            .filter(|v| v.kind != crate::spec::VehicleKind::Adapter)
            .map(|other| pair_diff(old, new, other, env, selection))
            .collect(),
        keyed: None,
    }
}

fn show(value: &Option<serde_json::Value>) -> String {
    match value {
        None => "(absent)".into(),
        Some(serde_json::Value::String(s)) => crate::text::escape_for_terminal(s),
        Some(v) => crate::text::escape_for_terminal(&v.to_string()),
    }
}

fn severity(s: Option<Severity>) -> &'static str {
    s.map_or("none", Severity::as_str)
}

/// The diff for a terminal; empty when nothing changed.
pub fn render_text(diff: &SpecDiff) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let esc = crate::text::escape_for_terminal;
    if diff.is_empty() {
        let _ = writeln!(
            out,
            "no change: {} and {} write the same fields and give the same findings against {} vehicle(s)",
            esc(&diff.old),
            esc(&diff.new),
            diff.pairs.len()
        );
        return out;
    }
    let _ = writeln!(out, "--- {}\n+++ {}", esc(&diff.old), esc(&diff.new));
    if let Some(keyed) = &diff.keyed {
        let _ = writeln!(
            out,
            "share-safe: restricted values withheld; digests keyed ({})",
            esc(keyed)
        );
    }
    if !diff.fields.is_empty() {
        let _ = writeln!(out, "\nfields:");
        for f in &diff.fields {
            let _ = writeln!(
                out,
                "  {}: {} -> {}",
                esc(&f.path),
                show(&f.old),
                show(&f.new)
            );
        }
    }
    if !diff.records_lost.is_empty() {
        let _ = writeln!(out, "\nflight record lost:");
        for r in &diff.records_lost {
            let _ = writeln!(out, "  - {}: {}", esc(&r.event), esc(&r.evidence));
            for why in &r.why {
                let _ = writeln!(out, "      {}", esc(why));
            }
        }
    }
    for pair in &diff.pairs {
        if pair.gained.is_empty() && pair.lost.is_empty() && pair.changed.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\nagainst {}:", esc(&pair.against));
        for (sign, list) in [("+", &pair.gained), ("-", &pair.lost), ("~", &pair.changed)] {
            for c in list {
                let fingerprint = match &c.old_fingerprint {
                    Some(old) => format!("{old} -> {}", c.fingerprint),
                    None => c.fingerprint.clone(),
                };
                let _ = writeln!(
                    out,
                    "  {sign} {} {} ({}): {} -> {}: {}",
                    c.rule,
                    esc(&c.direction),
                    fingerprint,
                    severity(c.old_severity),
                    severity(c.new_severity),
                    esc(c
                        .new_message
                        .as_ref()
                        .or(c.old_message.as_ref())
                        .map_or("", |m| m))
                );
            }
        }
    }
    out
}
