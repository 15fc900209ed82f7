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

/// The fleet matrix as JSON, as a stream: the same document as
/// [`render_matrix`], written compact, one cell a line. With `findings`,
/// each cell holds its direction report; without, only its verdict and
/// phases (a matrix without waivers writes that faster through
/// [`crate::matrix::write_matrix_json`], to the same bytes).
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonMatrix {
    pub findings: bool,
}

impl crate::matrix::stream::MatrixRenderer for JsonMatrix {
    fn shows_grid(&self) -> bool {
        false
    }

    fn shows_findings(&self) -> bool {
        true
    }

    fn keeps_reports(&self) -> bool {
        self.findings
    }

    fn separator(&self) -> &'static str {
        ",\n"
    }

    fn head(
        &self,
        head: &crate::matrix::stream::MatrixHead,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let mut bytes = crate::text::json::to_vec(&crate::matrix::json::Head::of(head))?;
        bytes.pop(); // the closing brace: cells and summary follow
        out.write_all(&bytes)?;
        out.write_all(b",\"cells\":[\n")
    }

    fn findings(
        &self,
        _head: &crate::matrix::stream::MatrixHead,
        cell: &crate::matrix::MatrixCell,
    ) -> Vec<String> {
        let bytes = crate::text::json::to_vec(cell).unwrap_or_default();
        vec![String::from_utf8_lossy(&bytes).into_owned()]
    }

    fn end(
        &self,
        head: &crate::matrix::stream::MatrixHead,
        totals: &crate::matrix::MatrixTotals,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        out.write_all(b"\n],\"summary\":")?;
        crate::text::json::to_writer(&mut *out, &totals.summary)?;
        out.write_all(&crate::matrix::json::tail(head, totals.waivers.as_ref()))?;
        out.write_all(b"}\n")
    }
}
