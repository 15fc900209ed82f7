//! `rescue-interop rules`, `explain` and `schema`: what the tool knows,
//! printed from the rule registry and the Rust types.

use super::Failure;
use crate::output::write_stdout;
use crate::rules;

/// The version of the shape of `rules --format json`, raised when a field
/// changes meaning or goes away.
pub const RULES_SCHEMA_VERSION: u32 = 1;

/// What `--version` says besides the tool's version: the rule set and the
/// version of each JSON output's shape.
pub fn long_version() -> String {
    format!(
        "{}\nrule set {}\nJSON schemas: report {report}, matrix {report}, plan {}, diff {}, rules {}",
        env!("CARGO_PKG_VERSION"),
        rules::RULESET_VERSION,
        crate::plan::PLAN_SCHEMA_VERSION,
        crate::diff::DIFF_SCHEMA_VERSION,
        RULES_SCHEMA_VERSION,
        report = crate::report::model::REPORT_SCHEMA_VERSION,
    )
}

/// The rule registry: a table for a terminal, or JSON.
pub fn list_rules(json: bool) -> String {
    let registry = rules::registry();
    if json {
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
            "schema_version": RULES_SCHEMA_VERSION,
            "ruleset_version": rules::RULESET_VERSION,
            "rules": list,
        }))
        .unwrap_or_default();
        text.push('\n');
        return text;
    }
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

/// Prints one rule's documentation.
pub fn explain(id: &str) -> Result<u8, Failure> {
    match rules::find(id) {
        Some(rule) => {
            write_stdout(&rules::docs::render_terminal(rule))?;
            Ok(0)
        }
        None => {
            let ids: Vec<&str> = rules::registry().iter().map(|r| r.id).collect();
            // Ids and names both: `MATE-01` and `docking-interfce` are typos.
            let upper = id.to_ascii_uppercase();
            let suggestion = crate::text::did_you_mean(&upper, ids.iter().copied())
                .or_else(|| crate::text::did_you_mean(id, rules::registry().iter().map(|r| r.name)))
                .map_or(String::new(), |s| format!("\n  help: did you mean {s}?"));
            Err(Failure(format!(
                "error: no rule '{}'{suggestion}\n  known rules: {}",
                crate::text::escape_for_terminal(id),
                ids.join(", ")
            )))
        }
    }
}

/// The JSON Schemas the tool prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    /// The spec file format.
    Spec,
    /// The scenario file format.
    Scenario,
    /// The JSON check report.
    Report,
    /// The JSON plan.
    Plan,
    /// The JSON fleet matrix report.
    Matrix,
    /// The launch-sites data file.
    LaunchSites,
    /// The config file, rescue-interop.toml.
    Config,
    /// A waivers file.
    Waivers,
    /// The record of flown events.
    FlightRecord,
}

/// A JSON Schema as text.
pub fn schema_text(kind: SchemaKind) -> String {
    let schema = match kind {
        SchemaKind::Spec => return crate::spec::schema::spec_schema_text(),
        SchemaKind::Scenario => return crate::scenario::schema::scenario_schema_text(),
        SchemaKind::Plan => crate::plan::plan_schema(),
        SchemaKind::Matrix => crate::matrix::matrix_schema(),
        SchemaKind::Report => crate::report::model::report_schema(),
        SchemaKind::LaunchSites => crate::spec::launch_sites::schema_with_id(),
        SchemaKind::Config => crate::config::config_schema(),
        SchemaKind::Waivers => crate::waivers::waivers_schema(),
        SchemaKind::FlightRecord => crate::record::schema_with_id(),
    };
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
