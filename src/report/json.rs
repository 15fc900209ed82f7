//! The JSON renderer: the report model, serialized. Its schema is published
//! as `docs/report.schema.json`.

use super::model::CheckReport;

/// The report as pretty JSON with a trailing newline.
pub fn render(report: &CheckReport) -> String {
    let mut text = serde_json::to_string_pretty(report)
        .unwrap_or_else(|e| format!("{{\"error\": \"the report could not be serialized: {e}\"}}"));
    text.push('\n');
    text
}

/// A fleet matrix report as pretty JSON (schema: docs/matrix.schema.json).
pub fn render_matrix(report: &crate::matrix::MatrixReport) -> String {
    let mut text = serde_json::to_string_pretty(report)
        .unwrap_or_else(|e| format!("{{\"error\": \"the report could not be serialized: {e}\"}}"));
    text.push('\n');
    text
}
