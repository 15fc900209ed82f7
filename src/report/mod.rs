//! Renderers of the report model, one per format.

pub mod diagnostics;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod matrix_text;
pub mod model;
pub mod sarif;
pub mod text;

pub use model::{CheckReport, build_check_report};

use crate::spec::{SourceFile, Vehicle};

/// A file's path as reports print it, with `dir/../` folded away
/// (`specs/vehicles/../suits/emu.toml` prints as `specs/suits/emu.toml`).
/// Lexical only: symbolic links are not resolved.
pub fn display_path(file: &SourceFile) -> String {
    use std::path::Component;
    let mut parts: Vec<Component<'_>> = Vec::new();
    for component in file.path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match parts.last() {
                Some(Component::Normal(_)) => {
                    parts.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => parts.push(component),
            },
            other => parts.push(other),
        }
    }
    let path: std::path::PathBuf = parts.iter().collect();
    crate::text::escape_for_terminal(&path.display().to_string())
}

/// The files a report lists besides its specs, each with what it is (see
/// [`file_role`]): every renderer's provenance block ends with them.
pub fn other_files<'f>(
    files: &'f [model::FileInfo],
    specs: &'f [model::SpecInfo],
) -> impl Iterator<Item = (&'static str, &'f model::FileInfo)> + 'f {
    files
        .iter()
        .filter(|f| specs.iter().all(|s| s.path != f.path))
        .map(|f| (file_role(&f.path), f))
}

/// What a file a report lists besides the specs is: a data file the rules
/// read (crew envelopes, interface standards) or a suit file.
fn file_role(path: &str) -> &'static str {
    let name = std::path::Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("");
    if [
        crate::rules::mate::crew_envelopes::FILE_NAME,
        crate::spec::standards::FILE_NAME,
        crate::spec::launch_sites::FILE_NAME,
    ]
    .contains(&name)
    {
        "data file"
    } else {
        "suit file"
    }
}

/// Every file a report about these vehicles may point into: the vehicle
/// specs and the suit files they reference.
pub fn source_files<'v>(vehicles: &[&'v Vehicle]) -> Vec<&'v SourceFile> {
    let mut files: Vec<&SourceFile> = Vec::new();
    for vehicle in vehicles {
        files.push(&vehicle.file);
        files.extend(vehicle.suits.iter().filter_map(|s| s.file.as_deref()));
    }
    files
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For a terminal.
    Text,
    /// Versioned, documented JSON (schema: docs/report.schema.json,
    /// docs/matrix.schema.json).
    Json,
    /// Markdown, for a working group's minutes.
    Markdown,
    /// One self-contained HTML page (no network).
    Html,
    /// SARIF 2.1.0: findings at spec lines, for code-review tools.
    Sarif,
    /// JUnit XML: a test suite per pair, a test case per rule.
    Junit,
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

/// The scenarios of a report as plain lines, for every renderer: a title
/// per scenario (once for directions that share it), then per direction
/// who is rescued, where, by whom, what is carried, the modes considered,
/// what still works and the defaults assumed.
pub fn scenario_lines(statements: &[model::ScenarioStatement]) -> Vec<(u8, String)> {
    let mut out: Vec<(u8, String)> = Vec::new();
    let mut last_title = String::new();
    for s in statements {
        let mut title = format!("scenario: {}", crate::text::escape_for_terminal(&s.name));
        let details: Vec<String> = [s.id.clone(), s.when.clone(), s.file.clone()]
            .into_iter()
            .flatten()
            .map(|d| crate::text::escape_for_terminal(&d))
            .collect();
        if !details.is_empty() {
            title.push_str(&format!(" ({})", details.join("; ")));
        }
        if !s.sources.is_empty() {
            title.push_str(&format!(", sources {}", s.sources.join(", ")));
        }
        if title != last_title {
            out.push((0, title.clone()));
            last_title = title;
        }
        let count = |n: Option<u32>| n.map_or("an unknown number".to_string(), |n| n.to_string());
        let crew = match s.rescuer_crew {
            Some(0) => "flies uncrewed".to_string(),
            other => format!("flies {} crew", count(other)),
        };
        let modes: Vec<&str> = s.modes.iter().map(|m| m.as_str()).collect();
        out.push((
            1,
            format!(
                "{} rescues {}: {} to rescue, {}; the rescuer {crew} with {} seat(s); modes {}",
                s.rescuer,
                s.distressed,
                count(s.crew_to_rescue),
                s.location,
                count(s.seats),
                if modes.is_empty() {
                    "none".to_string()
                } else {
                    modes.join(", ")
                }
            ),
        ));
        for (what, items) in [
            ("carried", &s.carried),
            ("state", &s.state),
            ("assumed", &s.assumed),
        ] {
            for item in items {
                out.push((2, format!("{what}: {item}")));
            }
        }
        if s.remedies_searched && s.remedies.is_empty() {
            out.push((
                2,
                "no set of up to six changes unblocks it (among the fields the specs allow to change; --allow-fixed proposes fixed ones too)".into(),
            ));
        }
        if !s.remedies.is_empty() {
            out.push((
                2,
                "smallest sets of changes that unblock it (each checked by running the rules again):"
                    .into(),
            ));
        }
        for (n, remedy) in s.remedies.iter().enumerate() {
            let changes: Vec<&str> = remedy
                .changes
                .iter()
                .map(|c| c.description.as_str())
                .collect();
            out.push((
                3,
                format!(
                    "{}. {} (then {})",
                    n + 1,
                    changes.join("; "),
                    remedy.verdict.as_str()
                ),
            ));
        }
    }
    out
}
