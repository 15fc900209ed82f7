//! Renders spec-loading problems with the offending line, rustc-style.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};

use crate::spec::{Diagnostic, SourceFile};

/// Renders diagnostics with excerpts from `files` (when the file's text is
/// known).
pub fn render(diagnostics: &[Diagnostic], files: &[std::sync::Arc<SourceFile>]) -> String {
    render_as(diagnostics, files, Level::Error)
}

/// Renders warnings (values outside what flown vehicles show) as
/// [`render`] renders errors.
pub fn render_warnings(diagnostics: &[Diagnostic], files: &[std::sync::Arc<SourceFile>]) -> String {
    render_as(diagnostics, files, Level::Warning)
}

#[derive(Clone, Copy)]
enum Level {
    Error,
    Warning,
}

impl Level {
    fn word(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

fn render_as(
    diagnostics: &[Diagnostic],
    files: &[std::sync::Arc<SourceFile>],
    level: Level,
) -> String {
    let mut out = String::new();
    let mut simple = SimpleFiles::new();
    let ids: Vec<(std::path::PathBuf, usize)> = files
        .iter()
        .map(|f| (f.path.clone(), simple.add(f.display_path(), f.text.clone())))
        .collect();
    let config = Config::default();
    for d in diagnostics {
        let file_id = ids.iter().find(|(p, _)| *p == d.file).map(|(_, id)| *id);
        match (file_id, d.span) {
            (Some(id), Some(span)) => {
                let mut label_text = String::new();
                if let Some(e) = &d.expected {
                    label_text = format!("expected {}", e.what);
                }
                let cs = match level {
                    Level::Error => CsDiagnostic::error(),
                    Level::Warning => CsDiagnostic::warning(),
                };
                let mut cs = cs.with_message(d.message()).with_labels(vec![
                    Label::primary(id, span.start as usize..span.end as usize)
                        .with_message(label_text),
                ]);
                if let Some(help) = &d.help {
                    cs = cs.with_notes(vec![format!("help: {help}")]);
                }
                if term::emit_to_string(&mut out, &config, &simple, &cs).is_err() {
                    out.push_str(&format!("{}: {d}\n", level.word()));
                }
            }
            _ => out.push_str(&format!("{}: {d}\n", level.word())),
        }
    }
    // The excerpts quote the file as written: escape any control or bidi
    // character in them, keeping the line breaks.
    crate::text::escape_lines_for_terminal(&out)
}

/// Plain one-line-per-problem rendering (for tests and piped output).
pub fn render_plain(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| format!("error: {d}\n"))
        .collect()
}
