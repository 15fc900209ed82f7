//! Renderers of the report model, one per format.

pub mod diagnostics;
pub mod json;
pub mod model;
pub mod text;

pub use model::{CheckReport, build_check_report};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For a terminal.
    Text,
    /// Versioned, documented JSON (schema: docs/report.schema.json).
    Json,
}

/// Colour styles for terminal output; all empty when colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub bold: &'static str,
    pub red: &'static str,
    pub yellow: &'static str,
    pub green: &'static str,
    pub cyan: &'static str,
    pub dim: &'static str,
    pub reset: &'static str,
}

impl Style {
    pub const PLAIN: Style = Style {
        bold: "",
        red: "",
        yellow: "",
        green: "",
        cyan: "",
        dim: "",
        reset: "",
    };
    pub const ANSI: Style = Style {
        bold: "\x1b[1m",
        red: "\x1b[31m",
        yellow: "\x1b[33m",
        green: "\x1b[32m",
        cyan: "\x1b[36m",
        dim: "\x1b[2m",
        reset: "\x1b[0m",
    };

    pub fn new(color: bool) -> Self {
        if color { Style::ANSI } else { Style::PLAIN }
    }
}
