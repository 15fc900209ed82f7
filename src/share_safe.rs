//! Share-safe reports: a report one side can hand the other without
//! revealing the values it marked `restricted = true`.
//!
//! The redaction is a transformation of the report model, so every renderer
//! gets it. It is deliberately coarse: a finding that points at any
//! restricted field keeps its rule, severity, verdict, locations (by field
//! path) and the sign of its margins, but loses its values, message and
//! mitigation. Specs are named by their SHA-256 only (no id, name or path),
//! and no renderer can print source excerpts since no location names a file.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::report::CheckReport;
use crate::rules::EvidenceRole;
use crate::spec::SourceFile;

/// What replaces a withheld value.
pub const WITHHELD: &str = "restricted";

/// A field a spec file marks restricted.
#[derive(Debug, Clone, PartialEq)]
pub struct RestrictedField {
    /// The file as reports print it.
    pub file: String,
    /// `atmosphere.pressure`, `ports[forward].passage_diameter`.
    pub path: String,
    /// 1-based lines the field's written form covers.
    pub lines: std::ops::RangeInclusive<usize>,
    /// The value as written (`"101.3 kPa"`, `"NDS"`), when a scalar.
    pub written: Option<String>,
}

/// Every restricted field of `files` (vehicle specs and suit files).
pub fn restricted_fields(files: &[&SourceFile]) -> Vec<RestrictedField> {
    let mut out = Vec::new();
    for file in files {
        if let Ok(root) = DeTable::parse(&file.text) {
            let display = crate::report::display_path(file);
            walk_table(root.get_ref(), "", file, &display, &mut out, 0);
        }
    }
    out
}

const MAX_DEPTH: usize = 64;

fn walk_table(
    table: &DeTable<'_>,
    prefix: &str,
    file: &SourceFile,
    display: &str,
    out: &mut Vec<RestrictedField>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for (key, value) in table.iter() {
        let path = if prefix.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{prefix}.{}", key.get_ref())
        };
        let key_line = file.line_col(key.span().start as u32).0;
        walk_value(value, &path, key_line, file, display, out, depth + 1);
    }
}

fn walk_value(
    value: &Spanned<DeValue<'_>>,
    path: &str,
    key_line: usize,
    file: &SourceFile,
    display: &str,
    out: &mut Vec<RestrictedField>,
    depth: usize,
) {
    match value.get_ref() {
        DeValue::Table(table) => {
            let restricted = table.iter().any(|(k, v)| {
                k.get_ref() == "restricted" && matches!(v.get_ref(), DeValue::Boolean(true))
            });
            if restricted {
                let end_line = file.line_col(value.span().end as u32).0;
                let written = table
                    .iter()
                    .find(|(k, _)| k.get_ref() == "value")
                    .and_then(|(_, v)| scalar_text(v.get_ref()));
                out.push(RestrictedField {
                    file: display.to_string(),
                    path: path.to_string(),
                    lines: key_line..=end_line.max(key_line),
                    written,
                });
            }
            walk_table(table, path, file, display, out, depth);
        }
        DeValue::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let name = item
                    .get_ref()
                    .as_table()
                    .and_then(|t| t.iter().find(|(k, _)| k.get_ref() == "id"))
                    .and_then(|(_, v)| v.get_ref().as_str().map(str::to_string))
                    .unwrap_or_else(|| index.to_string());
                let item_line = file.line_col(item.span().start as u32).0;
                walk_value(
                    item,
                    &format!("{path}[{name}]"),
                    item_line,
                    file,
                    display,
                    out,
                    depth + 1,
                );
            }
        }
        _ => {}
    }
}

fn scalar_text(value: &DeValue<'_>) -> Option<String> {
    match value {
        DeValue::String(s) => Some(s.to_string()),
        DeValue::Integer(i) => Some(i.as_str().to_string()),
        DeValue::Float(f) => Some(f.as_str().to_string()),
        DeValue::Datetime(d) => Some(d.to_string()),
        _ => None,
    }
}

/// Whether a finding location (`file`, `field`, `line`) reads `restricted`.
fn reads(restricted: &RestrictedField, file: &str, field: &str, line: Option<usize>) -> bool {
    if restricted.file != file {
        return false;
    }
    let nested = |outer: &str, inner: &str| {
        inner == outer
            || inner
                .strip_prefix(outer)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
    };
    nested(&restricted.path, field)
        || nested(field, &restricted.path)
        || line.is_some_and(|l| restricted.lines.contains(&l))
}

/// Redacts `report` for the other party. `files` are the vehicle specs and
/// suit files the report was built from.
pub fn redact(report: &mut CheckReport, files: &[&SourceFile]) {
    let restricted = restricted_fields(files);
    // Names and ids of the vehicles, replaced by their labels everywhere.
    let mut renames: Vec<(String, String)> = Vec::new();
    for spec in &mut report.specs {
        let hash = format!("sha256:{}", spec.sha256);
        for old in [&spec.name, &spec.id] {
            if old.chars().count() >= 2 {
                renames.push((old.clone(), format!("spec {}", spec.label)));
            }
        }
        renames.push((spec.path.clone(), hash.clone()));
        spec.id = hash.clone();
        spec.name = hash.clone();
        spec.path = hash;
    }
    let file_hashes: Vec<(String, String)> = files
        .iter()
        .map(|f| {
            (
                crate::report::display_path(f),
                format!("sha256:{}", f.sha256()),
            )
        })
        .collect();
    for direction in &mut report.directions {
        let mut replaced: Vec<(String, String)> = Vec::new();
        for finding in &mut direction.findings {
            let is_restricted = finding.locations.iter().any(|l| {
                restricted
                    .iter()
                    .any(|r| reads(r, &l.file, &l.field, l.line))
            });
            for location in &mut finding.locations {
                if let Some((_, hash)) = file_hashes.iter().find(|(p, _)| *p == location.file) {
                    location.file = hash.clone();
                }
            }
            if !is_restricted {
                continue;
            }
            finding.redacted = true;
            let message = format!(
                "{} {}: {} ({WITHHELD}: the finding reads a restricted field)",
                finding.rule, finding.name, finding.severity
            );
            replaced.push((
                std::mem::replace(&mut finding.message, message.clone()),
                message,
            ));
            if let Some(m) = finding.mitigation.take() {
                let withheld = format!("{WITHHELD}: ask the other party ({})", finding.rule);
                replaced.push((m, withheld.clone()));
                finding.mitigation = Some(withheld);
            }
            for evidence in &mut finding.evidence {
                let sign = match (evidence.role, evidence.value) {
                    (EvidenceRole::Margin, Some(v)) if v < 0.0 => " (negative)",
                    (EvidenceRole::Margin, Some(v)) if v > 0.0 => " (positive)",
                    (EvidenceRole::Margin, Some(_)) => " (zero)",
                    _ => "",
                };
                // Labels quote values too ("'vhf-voice' (121.75 MHz)").
                evidence.label = match evidence.role {
                    EvidenceRole::Value => "value",
                    EvidenceRole::Limit => "limit",
                    EvidenceRole::Margin => "margin",
                }
                .to_string();
                evidence.text = format!("{WITHHELD}{sign}");
                evidence.value = None;
                evidence.unit = None;
            }
        }
        // The verdict's summary and conditions quote findings' messages and
        // mitigations.
        let mut texts: Vec<&mut String> = vec![&mut direction.verdict.summary];
        texts.extend(direction.verdict.conditions.iter_mut());
        for text in texts {
            for (old, new) in &replaced {
                if !old.is_empty() {
                    *text = text.replace(old.as_str(), new);
                }
            }
        }
    }
    scrub_strings(report, &renames, &restricted);
    report.share_safe = true;
}

/// Replaces vehicle names and ids, and restricted values as written, in
/// every string of the report (belt and braces: a message of a finding that
/// does not point at the restricted field may still quote it).
fn scrub_strings(
    report: &mut CheckReport,
    renames: &[(String, String)],
    restricted: &[RestrictedField],
) {
    let Ok(mut value) = serde_json::to_value(&*report) else {
        return;
    };
    let mut replacements: Vec<(String, String)> = renames.to_vec();
    for r in restricted {
        if let Some(written) = &r.written {
            if written.trim().len() >= 2 {
                replacements.push((written.clone(), WITHHELD.to_string()));
            }
        }
    }
    // Longest first, so a name is not half-replaced by a shorter id.
    replacements.sort_by_key(|(old, _)| std::cmp::Reverse(old.len()));
    scrub_value(&mut value, &replacements);
    if let Ok(scrubbed) = serde_json::from_value(value) {
        *report = scrubbed;
    }
}

fn scrub_value(value: &mut serde_json::Value, replacements: &[(String, String)]) {
    match value {
        serde_json::Value::String(s) => {
            if s.starts_with("sha256:") {
                return;
            }
            for (old, new) in replacements {
                if s.contains(old.as_str()) {
                    *s = replace_whole(s, old, new);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                scrub_value(item, replacements);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                // Hashes and enumerations are not prose.
                if matches!(
                    key.as_str(),
                    "fingerprint"
                        | "sha256"
                        | "spec"
                        | "rescuer"
                        | "distressed"
                        | "phase"
                        | "modes"
                        | "mode"
                        | "severity"
                        | "worst"
                        | "kind"
                        | "role"
                        | "party"
                ) {
                    continue;
                }
                scrub_value(item, replacements);
            }
        }
        _ => {}
    }
}

/// Replaces `old` in `text` where it stands alone: not inside a word
/// (the id "iss" in "tissue" stays).
fn replace_whole(text: &str, old: &str, new: &str) -> String {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut previous: Option<char> = None;
    while let Some(at) = rest.find(old) {
        let (before, from) = rest.split_at(at);
        let after = from.get(old.len()..).unwrap_or_default();
        let left = before.chars().next_back().or(previous);
        let alone = !left.is_some_and(word) && !after.chars().next().is_some_and(word);
        out.push_str(before);
        out.push_str(if alone { new } else { old });
        previous = old.chars().next_back();
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::replace_whole;

    #[test]
    fn names_are_replaced_only_where_they_stand_alone() {
        assert_eq!(
            replace_whole("tissue N2 of iss", "iss", "spec B"),
            "tissue N2 of spec B"
        );
        assert_eq!(replace_whole("iss-2 and iss.", "iss", "B"), "iss-2 and B.");
        assert_eq!(
            replace_whole("101.3 kPa", "101.3 kPa", "restricted"),
            "restricted"
        );
    }
}
