//! The plan as text and as JSON.

use crate::check::VerdictKind;
use crate::rules::Severity;

use super::Plan;

/// What a plan says when the direct rescue is blocked and no remedy was
/// found (every format prints it).
pub const NO_REMEDY: &str = "No set of up to three changes to the fields the two specs allow to change unblocks the direct rescue (a field written with changeable = false and a flown vehicle's docking standard are left as they are; --allow-fixed proposes them too).";

/// What a plan says when the direct rescue is blocked and the remedy search
/// stopped at one of its bounds before finding a remedy.
pub const NO_REMEDY_WITHIN_BOUNDS: &str = "No remedy was found before the search reached its bounds (see \"stopped early\"): a set of changes that unblocks the direct rescue may still exist.";

impl Plan {
    /// The sentence a plan prints in place of remedies, when it has none
    /// for a blocked direct rescue.
    pub fn no_remedy(&self) -> Option<&'static str> {
        if !self.remedies.is_empty() || self.direct != VerdictKind::Blocked {
            return None;
        }
        if self.stopped_early.iter().any(|s| s.starts_with("remedies")) {
            Some(NO_REMEDY_WITHIN_BOUNDS)
        } else {
            Some(NO_REMEDY)
        }
    }
}

/// The plan as text.
pub fn render_text(plan: &Plan) -> String {
    use std::fmt::Write;
    let esc = crate::text::escape_for_terminal;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Plan: {} rescues the crew of {} (paths of at most {} steps)",
        esc(&plan.rescuer),
        esc(&plan.distressed),
        plan.max_hops
    );
    for (depth, line) in crate::report::scenario_lines(plan.scenario.as_slice()) {
        let _ = writeln!(out, "{}{line}", "  ".repeat(usize::from(depth)));
    }
    let _ = writeln!(out, "Direct rescue: {}", plan.direct.as_str());
    if plan.paths.is_empty() {
        let _ = writeln!(out, "No path found.");
    }
    for (n, path) in plan.paths.iter().enumerate() {
        let via: Vec<String> = path.via.iter().map(|v| esc(v)).collect();
        let _ = writeln!(
            out,
            "\n{}. {} ({} step(s)): {}; {} blocking, {} condition(s), {} value(s) not given",
            n + 1,
            via.join(" -> "),
            path.hops,
            path.verdict.as_str(),
            path.blocking,
            path.conditions.len(),
            path.unknowns.len()
        );
        let _ = writeln!(out, "   {}.", esc(&path.summary));
        for step in &path.steps {
            let _ = writeln!(
                out,
                "   - {}: {}",
                esc(&step.description),
                step.verdict.as_str()
            );
            for f in step
                .findings
                .iter()
                .filter(|f| f.severity > Severity::Advisory)
            {
                let waived = f.waived.as_ref().map_or(String::new(), |w| {
                    format!(" ({})", crate::report::waiver_text(w))
                });
                let _ = writeln!(
                    out,
                    "       {}{} {}: {}",
                    f.severity,
                    if f.waived.is_some() { " (waived)" } else { "" },
                    f.rule,
                    esc(&format!("{}{waived}", f.message))
                );
            }
            // What the datasheets leave unknown and the record decided.
            for f in step.findings.iter().filter(|f| !f.record.is_empty()) {
                for cited in &f.record {
                    let _ = writeln!(out, "       flown {}: {}", f.rule, esc(&cited.evidence));
                }
            }
        }
    }
    if !plan.remedies.is_empty() {
        let _ = writeln!(out, "\nSmallest changes that unblock the direct rescue:");
        for (n, remedy) in plan.remedies.iter().enumerate() {
            let _ = writeln!(out, "{}. ({})", n + 1, remedy.verdict.as_str());
            for c in &remedy.changes {
                let _ = writeln!(out, "   - {} [{}]", esc(&c.description), esc(&c.field));
            }
        }
    } else if let Some(none) = plan.no_remedy() {
        let _ = writeln!(out, "\n{none}");
    }
    if !plan.stopped_early.is_empty() {
        let _ = writeln!(out, "\nStopped early (a bound of the search was reached):");
        for why in &plan.stopped_early {
            let _ = writeln!(out, "   - {}", esc(why));
        }
    }
    if let Some(section) = &plan.waivers {
        let (head, entries) = crate::report::waiver_section_lines(section);
        let _ = writeln!(out, "\nWaivers: {head}");
        for entry in entries {
            let _ = writeln!(out, "   - {entry}");
        }
    }
    if !plan.left_out.is_empty() {
        let _ = writeln!(out, "\nNot routed through:");
        for left in &plan.left_out {
            let _ = writeln!(out, "   - {}: {}", esc(&left.id), esc(&left.reason));
        }
    }
    let _ = writeln!(
        out,
        "\n{} {} (rule set {}), {}",
        plan.tool.name, plan.tool.version, plan.tool.ruleset_version, plan.date
    );
    for spec in &plan.specs {
        let _ = writeln!(
            out,
            "{} {}: {} sha256:{}",
            spec.label,
            esc(&spec.id),
            esc(&spec.path),
            spec.sha256
        );
    }
    out
}

/// The plan as JSON (schema: `docs/plan.schema.json`).
pub fn render_json(plan: &Plan) -> String {
    crate::text::json::document(plan)
}

/// The JSON Schema of [`render_json`]'s output.
pub fn plan_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    generator.into_root_schema_for::<Plan>().to_value()
}
