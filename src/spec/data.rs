//! Data files that sit among the specs (`interface-standards.toml`,
//! `crew-envelopes.toml`): read like a spec, with every problem at its
//! line, column and field.
//!
//! A data file beside the specs decides verdicts as much as the specs do,
//! so it gets the spec loader's treatment: the size limit and UTF-8 check
//! of [`super::load::read_text`], no symbolic link out of the folder it was
//! found in, and messages that name the file, line and field and quote the
//! line (rendered by [`crate::report::diagnostics`]).

use std::path::Path;
use std::sync::Arc;

use super::field::{Expected, Span};
use super::load::{Diagnostic, LoadErrors, SourceFile};
use super::locate::Located;

/// A problem of a data file, before it is placed in its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where: the value or key at fault; `None` for the file as a whole.
    pub span: Option<Span>,
    /// What was wrong.
    pub found: String,
    pub expected: Option<Expected>,
    pub help: Option<String>,
}

impl Problem {
    pub fn at(span: Option<Span>, found: impl Into<String>) -> Self {
        Problem {
            span,
            found: found.into(),
            expected: None,
            help: None,
        }
    }

    pub fn expected(mut self, expected: Expected) -> Self {
        self.expected = Some(expected);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// A TOML error (syntax, unknown key, wrong type) where toml placed it.
    pub fn from_toml(error: &toml::de::Error) -> Self {
        Problem::at(
            error.span().map(Span::from_range),
            error.message().trim().replace('\n', "; "),
        )
    }
}

/// The span of a `toml::Spanned` value.
pub fn span_of<T>(value: &toml::Spanned<T>) -> Option<Span> {
    Some(Span::from_range(value.span()))
}

/// Places `problems` in `file`: line, column and the field path at each
/// span (`envelopes[suited].min_passage_diameter`).
pub fn diagnostics(file: &Arc<SourceFile>, problems: Vec<Problem>) -> LoadErrors {
    let located = Located::parse(&file.text);
    let diagnostics = problems
        .into_iter()
        .map(|p| {
            let (line, column) = p.span.map_or((0, 0), |s| file.line_col(s.start));
            let field = match (&located, p.span) {
                (Some(l), Some(s)) => l.display(&l.path_at(s)),
                _ => String::new(),
            };
            Diagnostic {
                file: file.path.clone(),
                line,
                column,
                span: p.span,
                field,
                found: p.found,
                expected: p.expected,
                help: p.help,
            }
        })
        .collect();
    LoadErrors {
        diagnostics,
        files: vec![file.clone()],
    }
}

/// The problems of `problems` as one line each, for a data file built into
/// the binary (its tests keep it clean).
pub fn plain(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| p.found.clone())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Reads the data file at `path`, found by name beside the specs: refused
/// when a symbolic link takes it out of the folder it was found in, or when
/// it is not a regular file (the spec reader's size and UTF-8 checks apply).
pub fn read_beside(path: &Path) -> Result<String, LoadErrors> {
    let file_level = |found: String, help: Option<String>| LoadErrors {
        diagnostics: vec![Diagnostic {
            file: path.to_path_buf(),
            line: 0,
            column: 0,
            span: None,
            field: String::new(),
            found,
            expected: None,
            help,
        }],
        files: Vec::new(),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // The data file is where it was found, not where a link points.
    let resolved = super::reference::resolve_within(folder, &name)
        .map_err(|refused| file_level(refused.reason, refused.help))?;
    super::load::read_text(&resolved).map_err(|d| LoadErrors {
        diagnostics: vec![Diagnostic {
            file: path.to_path_buf(),
            ..d
        }],
        files: Vec::new(),
    })
}

/// Reads and parses the data file at `path` (found by name beside the
/// specs, [`read_beside`]); `parse` reports every problem with its span.
pub fn load<T>(
    path: &Path,
    parse: impl FnOnce(&str) -> Result<T, Vec<Problem>>,
) -> Result<(T, Arc<SourceFile>), LoadErrors> {
    let text = read_beside(path)?;
    let file = Arc::new(SourceFile::new(path.to_path_buf(), text));
    match parse(&file.text) {
        Ok(value) => Ok((value, file)),
        Err(problems) => Err(diagnostics(&file, problems)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_get_their_line_and_field() {
        let text = "[[envelopes]]\nid = \"x\"\nname = 5\n";
        let file = Arc::new(SourceFile::new("d.toml".into(), text.into()));
        let span = text.find('5').map(|i| Span::from_range(i..i + 1));
        let errors = diagnostics(&file, vec![Problem::at(span, "a number")]);
        let d = errors.diagnostics.first().cloned();
        assert_eq!(d.as_ref().map(|d| (d.line, d.column)), Some((3, 8)));
        assert_eq!(d.map(|d| d.field), Some("envelopes[x].name".to_string()));
    }
}
