//! The JSON renderer: the report model, serialized. Its schema is published
//! as `docs/report.schema.json`. Strings are escaped by
//! [`crate::text::json`], so no control or bidi character is written raw.

use super::model::CheckReport;

/// The report as pretty JSON with a trailing newline.
pub fn render(report: &CheckReport) -> String {
    crate::text::json::document(report)
}

/// A fleet matrix report as pretty JSON (schema: docs/matrix.schema.json).
pub fn render_matrix(report: &crate::matrix::MatrixReport) -> String {
    crate::text::json::document(report)
}
