//! `gaps`: the unknown fields of a fleet, ranked by how many findings of
//! its matrix name them. This is the working group's list of figures to ask
//! each side for: the field that leaves the most findings `unknown` first,
//! per vehicle and per operator.
//!
//! Every cell of the fleet's matrix is run in its default scenario (the
//! crew at its home station when the fleet has it, as `matrix` does); each
//! finding of severity `unknown` counts once for every field it names. A
//! field named by several findings would help decide each of them; one
//! finding may need several fields.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde::Serialize;

use crate::check::{Selection, check_situation};
use crate::matrix::HomeStations;
use crate::rules::{Environment, Severity};
use crate::spec::Vehicle;
use crate::text::escape_for_terminal;

/// One unknown field and the findings that name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldGap {
    /// The vehicle whose field it is (its id).
    pub vehicle: String,
    pub operator: String,
    /// The file the field is (or would be) written in.
    pub file: String,
    /// The field's path: `ports[poisk].capture_envelope.closing_speed`.
    pub field: String,
    /// Unknown findings of the matrix that name it.
    pub findings: u32,
    /// The rules of those findings.
    pub rules: Vec<String>,
}

/// The gaps of one vehicle or one operator, ranked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GapGroup {
    /// A vehicle id, or an operator.
    pub name: String,
    /// Unknown findings naming any of its fields.
    pub findings: u32,
    pub fields: Vec<FieldGap>,
}

/// The whole ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GapsReport {
    /// Matrix cells run (ordered pairs, the diagonal included).
    pub cells: u32,
    /// Findings of severity `unknown` in those cells.
    pub unknown_findings: u32,
    /// Every unknown field, most findings first.
    pub fields: Vec<FieldGap>,
    pub vehicles: Vec<GapGroup>,
    pub operators: Vec<GapGroup>,
}

fn operator_of(vehicles: &[&Vehicle], id: &str) -> String {
    vehicles
        .iter()
        .find(|v| v.id == id)
        .and_then(|v| v.info.operator.get())
        .map_or_else(
            || "operator not given".to_string(),
            |o| escape_for_terminal(o),
        )
}

/// Whether the field at `span` of `file` is left unknown: not written, or
/// written `"unknown"` (alone or as a table's `value`).
fn left_unknown(file: &crate::spec::SourceFile, span: Option<crate::spec::field::Span>) -> bool {
    let Some(span) = span else {
        return true;
    };
    let Some(text) = file.text.get(span.start as usize..span.end as usize) else {
        return true;
    };
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    compact == "\"unknown\"" || compact.contains("value=\"unknown\"")
}

/// Ranks the unknown fields of `fleet`'s matrix.
pub fn gaps(fleet: &[Vehicle], env: &Environment, selection: &Selection) -> GapsReport {
    let homes = HomeStations::of(fleet);
    // (vehicle, file, field) -> (findings, rules)
    let mut named: BTreeMap<(String, String, String), (u32, BTreeSet<String>)> = BTreeMap::new();
    let (mut cells, mut unknown_findings) = (0u32, 0u32);
    for r in 0..fleet.len() {
        for d in 0..fleet.len() {
            let Some(situation) = homes.situation(fleet, r, d, None) else {
                continue;
            };
            cells += 1;
            let result = check_situation(&situation, env, selection);
            for finding in result
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Unknown)
            {
                unknown_findings += 1;
                let mut seen = BTreeSet::new();
                for field in &finding.body.fields {
                    let (vehicle, vehicle_file) = match &finding.leg {
                        Some(leg) => {
                            let v = leg.vehicle(field.party);
                            (v.id.clone(), v.file.clone())
                        }
                        None => {
                            let v = match field.party {
                                crate::rules::Party::Rescuer => situation.rescuer,
                                crate::rules::Party::Distressed => situation.distressed,
                            };
                            (v.id.clone(), v.file.clone())
                        }
                    };
                    let file = field.file.as_ref().unwrap_or(&vehicle_file);
                    if !left_unknown(file, field.span) {
                        // A published value the finding compares with.
                        continue;
                    }
                    let key = (
                        vehicle,
                        crate::report::display_path(file),
                        field.path.clone(),
                    );
                    if seen.insert(key.clone()) {
                        let entry = named.entry(key).or_default();
                        entry.0 += 1;
                        entry.1.insert(finding.rule.id.to_string());
                    }
                }
            }
        }
    }
    let known: Vec<&Vehicle> = fleet.iter().chain(env.adapters.iter()).collect();
    let mut fields: Vec<FieldGap> = named
        .into_iter()
        .map(|((vehicle, file, field), (findings, rules))| FieldGap {
            operator: operator_of(&known, &vehicle),
            vehicle: escape_for_terminal(&vehicle),
            file,
            field: escape_for_terminal(&field),
            findings,
            rules: rules.into_iter().collect(),
        })
        .collect();
    rank(&mut fields);
    let group = |key: &dyn Fn(&FieldGap) -> &str| {
        let mut groups: BTreeMap<String, Vec<FieldGap>> = BTreeMap::new();
        for f in &fields {
            groups
                .entry(key(f).to_string())
                .or_default()
                .push(f.clone());
        }
        let mut out: Vec<GapGroup> = groups
            .into_iter()
            .map(|(name, fields)| GapGroup {
                name,
                findings: fields.iter().map(|f| f.findings).sum(),
                fields,
            })
            .collect();
        out.sort_by(|a, b| b.findings.cmp(&a.findings).then(a.name.cmp(&b.name)));
        out
    };
    let vehicles = group(&|f| f.vehicle.as_str());
    let operators = group(&|f| f.operator.as_str());
    GapsReport {
        cells,
        unknown_findings,
        fields,
        vehicles,
        operators,
    }
}

/// Most findings first; ties by vehicle and field, so the order is stable.
fn rank(fields: &mut [FieldGap]) {
    fields.sort_by(|a, b| {
        b.findings
            .cmp(&a.findings)
            .then_with(|| a.vehicle.cmp(&b.vehicle))
            .then_with(|| a.field.cmp(&b.field))
    });
}

/// The ranking for a terminal: each vehicle's and each operator's `top`
/// fields.
pub fn render_text(report: &GapsReport, top: usize) -> String {
    let mut out = format!(
        "Unknown fields of the fleet: {} unknown finding(s) in {} cell(s)\n",
        report.unknown_findings, report.cells
    );
    for (title, groups) in [
        ("By vehicle", &report.vehicles),
        ("By operator", &report.operators),
    ] {
        let _ = writeln!(out, "\n{title}:");
        for g in groups {
            let _ = writeln!(
                out,
                "  {} ({} finding(s) name its fields)",
                escape_for_terminal(&g.name),
                g.findings
            );
            for f in g.fields.iter().take(top) {
                let _ = writeln!(
                    out,
                    "    {:>4}  {} {} [{}]",
                    f.findings,
                    f.vehicle,
                    f.field,
                    f.rules.join(", ")
                );
            }
            if g.fields.len() > top {
                let _ = writeln!(out, "    ... {} more field(s)", g.fields.len() - top);
            }
        }
    }
    out
}

fn cell(text: &str) -> String {
    crate::report::markdown::cell(text)
}

/// The ranking as markdown tables.
pub fn render_markdown(report: &GapsReport, top: usize) -> String {
    let mut out = format!(
        "# Unknown fields of the fleet\n\n{} unknown finding(s) in {} cell(s); each field with the number of unknown findings that name it.\n",
        report.unknown_findings, report.cells
    );
    for (title, groups) in [
        ("By vehicle", &report.vehicles),
        ("By operator", &report.operators),
    ] {
        let _ = writeln!(out, "\n## {title}");
        for g in groups {
            let _ = writeln!(
                out,
                "\n### {} ({} findings)\n\n| findings | vehicle | field | rules |\n|---|---|---|---|",
                cell(&g.name),
                g.findings
            );
            for f in g.fields.iter().take(top) {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    f.findings,
                    cell(&f.vehicle),
                    crate::text::markdown_code(&f.field),
                    cell(&f.rules.join(", "))
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gap(vehicle: &str, field: &str, findings: u32) -> FieldGap {
        FieldGap {
            vehicle: vehicle.into(),
            operator: "op".into(),
            file: "f".into(),
            field: field.into(),
            findings,
            rules: vec!["R".into()],
        }
    }

    #[test]
    fn most_findings_first_then_by_vehicle_and_field() {
        let mut fields = vec![gap("b", "x", 1), gap("a", "y", 3), gap("a", "x", 3)];
        rank(&mut fields);
        let order: Vec<(&str, &str)> = fields
            .iter()
            .map(|f| (f.vehicle.as_str(), f.field.as_str()))
            .collect();
        assert_eq!(order, [("a", "x"), ("a", "y"), ("b", "x")]);
    }
}
