//! Loading a data file that sits among the specs (launch sites) with the
//! same treatment as a spec: every value read through [`Field`] with its
//! span, unknown keys with "did you mean", and every problem of the file
//! reported at once with line, column and field path.
//!
//! [`Field`]: super::field::Field

use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::field::{Expected, Span, collecting};
use super::load::{Diagnostic, LoadErrors, MAX_PROBLEMS_PER_FILE, SourceFile};
use super::locate::{Located, Segment, display_plain};

/// The JSON Schema (draft-07) of a data file's document type.
pub fn schema_of<T: schemars::JsonSchema>() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

/// `schema` with the `$id` under which `docs/<file>` commits it.
pub fn with_id(schema: &serde_json::Value, file: &str) -> serde_json::Value {
    let mut value = schema.clone();
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "$id".into(),
            serde_json::Value::String(format!("https://rescue-interop.invalid/{file}")),
        );
    }
    value
}

/// A problem found after reading, by the data file's own checks.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub span: Option<Span>,
    /// The field path as messages print it (`sites[baikonur].latitude`).
    pub field: String,
    pub found: String,
    pub expected: Option<Expected>,
    pub help: Option<String>,
}

/// Reads `text` (the file at `path`) as a `T`, whose schema is `schema`
/// (for the fields a table allows), then runs `check` on it. Returns the
/// document and its file, or every problem found.
pub fn load<T: DeserializeOwned>(
    path: &Path,
    text: String,
    schema: &serde_json::Value,
    check: impl FnOnce(&T) -> Vec<Finding>,
) -> Result<(T, Arc<SourceFile>), LoadErrors> {
    let file = Arc::new(SourceFile::new(path.to_path_buf(), text));
    let diagnostic = |span: Option<Span>, field: String, found: String| {
        let (line, column) = span.map_or((1, 1), |s| file.line_col(s.start));
        Diagnostic {
            file: file.path.clone(),
            line,
            column,
            span,
            field,
            found,
            expected: None,
            help: None,
        }
    };
    let deserializer = match toml::Deserializer::parse(&file.text) {
        Ok(d) => d,
        Err(e) => {
            let span = e.span().map(Span::from_range);
            let found = format!(
                "TOML error: {}",
                super::load::plain_toml_message(e.message().trim())
            );
            return Err(LoadErrors {
                diagnostics: vec![diagnostic(span, String::new(), found)],
                files: vec![file.clone()],
            });
        }
    };
    let mut unknown: Vec<Vec<Segment>> = Vec::new();
    let (result, problems) = collecting(|| {
        serde_ignored::deserialize(deserializer, |p| unknown.push(super::load::segments(&p)))
    });
    let located = Located::parse(&file.text);
    let shown = |path: &[Segment]| match &located {
        Some(l) => l.display(path),
        None => display_plain(path),
    };
    let mut diagnostics = Vec::new();
    for problem in problems {
        let field = located
            .as_ref()
            .map(|l| l.display(&l.path_at(problem.span)))
            .unwrap_or_default();
        let mut d = diagnostic(Some(problem.span), field, problem.found);
        d.expected = Some(problem.expected);
        d.help = problem.help;
        diagnostics.push(d);
    }
    for path in &unknown {
        let Some(Segment::Key(name)) = path.last() else {
            continue;
        };
        let parent = path.split_last().map_or(&[][..], |(_, parent)| parent);
        let allowed = super::schema::keys_in(schema, parent);
        let help = match crate::text::did_you_mean(name, allowed.iter().map(String::as_str)) {
            Some(s) => Some(format!("did you mean '{s}'?")),
            None if allowed.is_empty() => None,
            None => Some(format!("known fields here: {}", allowed.join(", "))),
        };
        let span = located.as_ref().and_then(|l| l.span_of(path));
        let mut d = diagnostic(
            span,
            shown(path),
            format!("unknown field '{}'", crate::text::escape_for_terminal(name)),
        );
        d.help = help;
        diagnostics.push(d);
    }
    let document = match result {
        Ok(document) => Some(document),
        Err(e) => {
            let span = e.span().map(Span::from_range);
            let field = match (span, &located) {
                (Some(s), Some(l)) => l.display(&l.path_at(s)),
                _ => String::new(),
            };
            diagnostics.push(diagnostic(
                span,
                field,
                super::load::plain_toml_message(e.message().trim()),
            ));
            None
        }
    };
    if let Some(document) = &document {
        for finding in check(document) {
            let mut d = diagnostic(finding.span, finding.field, finding.found);
            d.expected = finding.expected;
            d.help = finding.help;
            diagnostics.push(d);
        }
    }
    match document {
        Some(document) if diagnostics.is_empty() => Ok((document, file)),
        _ => {
            diagnostics.sort_by_key(|d| (d.line, d.column));
            if diagnostics.len() > MAX_PROBLEMS_PER_FILE {
                let left_out = diagnostics.len() - MAX_PROBLEMS_PER_FILE;
                diagnostics.truncate(MAX_PROBLEMS_PER_FILE);
                let mut note = diagnostic(
                    None,
                    String::new(),
                    format!(
                        "has {left_out} more problem(s) not shown; at most {MAX_PROBLEMS_PER_FILE} are reported per file"
                    ),
                );
                (note.line, note.column) = (0, 0);
                diagnostics.push(note);
            }
            Err(LoadErrors {
                diagnostics,
                files: vec![file],
            })
        }
    }
}
