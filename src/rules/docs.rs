//! Rule documentation, rendered from the registry: the pages under
//! `docs/rules/` and `rescue-interop explain`.

use super::{Rule, registry};

/// A rule's page in Markdown (`docs/rules/<ID>.md`).
pub fn render_markdown(rule: &Rule) -> String {
    let d = &rule.docs;
    format!(
        "<!-- generated from src/rules by `UPDATE_DOCS=1 cargo test --test registry`; do not edit -->\n\
         # {id} {name}\n\n\
         {summary}.\n\n\
         | | |\n|---|---|\n\
         | phase | `{phase}` |\n\
         | modes | {modes} |\n\
         | default severity | `{severity}` |\n\
         | symmetric | {symmetric} |\n\
         | reference | {reference} |\n\n\
         ## What it checks\n\n{what}\n\n\
         ## Tolerances\n\n{tolerances}\n\n\
         ## Why it blocks a rescue\n\n{why}\n\n\
         ## Example\n\n{example}\n\n\
         ## How to resolve\n\n{resolve}\n",
        id = rule.id,
        name = rule.name,
        summary = rule.summary,
        phase = rule.phase,
        modes = rule
            .modes
            .iter()
            .map(|m| format!("`{}`", m.as_str()))
            .collect::<Vec<_>>()
            .join(", "),
        severity = rule.default_severity,
        symmetric = if rule.symmetric { "yes" } else { "no" },
        reference = rule.reference,
        what = d.what_it_checks,
        tolerances = d.tolerances,
        why = d.why_it_blocks,
        example = d.example,
        resolve = d.how_to_resolve,
    )
}

/// The index page (`docs/rules/README.md`).
pub fn render_index() -> String {
    let mut out = String::from(
        "<!-- generated from src/rules by `UPDATE_DOCS=1 cargo test --test registry`; do not edit -->\n\
         # Rules\n\n\
         | id | name | phase | severity | symmetric | summary |\n|---|---|---|---|---|---|\n",
    );
    for rule in registry() {
        out.push_str(&format!(
            "| [{id}]({id}.md) | {name} | {phase} | {severity} | {sym} | {summary} |\n",
            id = rule.id,
            name = rule.name,
            phase = rule.phase,
            severity = rule.default_severity,
            sym = if rule.symmetric { "yes" } else { "no" },
            summary = rule.summary.replace('|', "\\|"),
        ));
    }
    out
}

/// A rule's documentation for the terminal.
pub fn render_terminal(rule: &Rule) -> String {
    let d = &rule.docs;
    let wrap = |text: &str| wrap_text(text, 78, "  ");
    format!(
        "{id} {name}\n{summary}.\n\n\
         phase: {phase}   modes: {modes}   default severity: {severity}   symmetric: {symmetric}\n\
         reference: {reference}\n\n\
         What it checks\n{what}\n\n\
         Tolerances\n{tolerances}\n\n\
         Why it blocks a rescue\n{why}\n\n\
         Example\n{example}\n\n\
         How to resolve\n{resolve}\n",
        id = rule.id,
        name = rule.name,
        summary = rule.summary,
        phase = rule.phase,
        modes = rule
            .modes
            .iter()
            .map(|m| m.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        severity = rule.default_severity,
        symmetric = if rule.symmetric { "yes" } else { "no" },
        reference = rule.reference,
        what = wrap(d.what_it_checks),
        tolerances = wrap(d.tolerances),
        why = wrap(d.why_it_blocks),
        example = wrap(d.example),
        resolve = wrap(d.how_to_resolve),
    )
}

fn wrap_text(text: &str, width: usize, indent: &str) -> String {
    let mut lines = Vec::new();
    let mut line = String::from(indent);
    for word in text.split_whitespace() {
        if line.len() + word.len() + 1 > width && !line.trim().is_empty() {
            lines.push(std::mem::replace(&mut line, String::from(indent)));
        }
        if line.len() > indent.len() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.trim().is_empty() {
        lines.push(line);
    }
    lines.join("\n")
}
