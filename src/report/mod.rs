//! Renderers of the report model, one per format.

pub mod annotations;
pub mod diagnostics;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod matrix_text;
pub mod model;
pub mod reach_svg;
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
        crate::record::FILE_NAME,
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
    /// One `path:line:col: RULE severity: message` line per finding.
    Concise,
    /// GitHub Actions workflow commands (`::error file=...,line=...::`):
    /// annotations beside the spec lines of a pull request.
    Github,
    /// GitLab Code Quality JSON, keyed by the findings' fingerprints.
    Gitlab,
}

impl Format {
    /// The line-per-finding format this is, if it is one.
    pub fn annotations(self) -> Option<annotations::Kind> {
        match self {
            Format::Concise => Some(annotations::Kind::Concise),
            Format::Github => Some(annotations::Kind::Github),
            Format::Gitlab => Some(annotations::Kind::Gitlab),
            _ => None,
        }
    }
}

/// How terminal output looks: colour styles (all empty when colour is
/// off) and the width long lines wrap at.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Columns: verdict lines wrap here, the matrix grid fits here.
    pub width: usize,
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
        width: DEFAULT_WIDTH,
        bold: "",
        red: "",
        yellow: "",
        green: "",
        cyan: "",
        dim: "",
        reset: "",
    };
    pub const ANSI: Style = Style {
        width: DEFAULT_WIDTH,
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

    /// The same style at `width` columns (at least [`MIN_WIDTH`]).
    pub fn with_width(self, width: usize) -> Self {
        Style {
            width: width.max(MIN_WIDTH),
            ..self
        }
    }
}

/// Columns of text output when the terminal's width is not known (output
/// to a file or a pipe, and no `COLUMNS`).
pub const DEFAULT_WIDTH: usize = 100;
/// The narrowest width text output is laid out for.
pub const MIN_WIDTH: usize = 60;
/// The widest the matrix grid gets, whatever the terminal.
pub const MAX_GRID_WIDTH: usize = 120;

/// Wraps `text` at `width` columns on spaces, continuation lines indented
/// by `indent` spaces. Words longer than a line stay whole. Colour escape
/// sequences count for no width.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let words = text.trim_start_matches(' ');
    let lead = text.len() - words.len();
    let mut out = " ".repeat(lead);
    let mut column = lead;
    // Whether the line has a word yet: a word too long for any line is
    // written whole rather than wrapped forever.
    let mut line_has_word = false;
    for (i, word) in words.split(' ').enumerate() {
        let len = visible_width(word);
        if i > 0 {
            if line_has_word && column + 1 + len > width {
                out.push('\n');
                out.push_str(&" ".repeat(indent));
                column = indent;
                line_has_word = false;
            } else {
                out.push(' ');
                column += 1;
            }
        }
        out.push_str(word);
        column += len;
        line_has_word |= !word.is_empty();
    }
    out
}

/// Columns a string takes on a terminal: characters, less ANSI colour
/// sequences.
pub fn visible_width(text: &str) -> usize {
    let mut width = 0;
    let mut in_escape = false;
    for c in text.chars() {
        match (in_escape, c) {
            (false, '\x1b') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, _) => width += 1,
        }
    }
    width
}

// ---------------------------------------------------------------------------
// Phrases every renderer shares, so that the formats say the same words for
// the same part of the model.

/// Finding counts, most severe first: "2 blocking, 1 unknown"; "no
/// findings" when there are none. Waived findings are counted apart.
pub fn counts_text(counts: &model::SeverityCounts, waived: u32) -> String {
    let mut parts: Vec<String> = crate::rules::Severity::ALL
        .into_iter()
        .rev()
        .filter(|s| counts.get(*s) > 0)
        .map(|s| format!("{} {s}", counts.get(s)))
        .collect();
    if waived > 0 {
        parts.push(format!("{waived} waived"));
    }
    if parts.is_empty() {
        "no findings".into()
    } else {
        parts.join(", ")
    }
}

/// How a direction's evaluations were decided, as every format words it:
/// "74 % decided on data, 4 of 39 by flight record".
pub fn decided_text(d: &model::DirectionReport) -> String {
    format!(
        "{:.0} % decided on data, {} of {} by flight record",
        d.decided_share * 100.0,
        d.decided_by_record,
        d.evaluations
    )
}

/// One phase in one mode: "blocking (1 blocking)", "ok", "not examined".
pub fn phase_mode_text(m: &model::PhaseModeReport) -> String {
    if m.counts.total() == 0 && m.waived == 0 {
        m.state.as_str().into()
    } else {
        format!("{} ({})", m.state, counts_text(&m.counts, m.waived))
    }
}

/// A phase's states, mode by mode, modes that read alike together:
/// "docked, eva: blocking (2 blocking)" or "docked: unknown (3 unknown);
/// eva: blocking (1 blocking)". A phase whose rules judge one mode only
/// says which ("docked: blocking (1 blocking)").
pub fn phase_text(p: &model::PhaseReport) -> String {
    let mut groups: Vec<(Vec<&str>, String)> = Vec::new();
    for m in &p.modes {
        let text = phase_mode_text(m);
        match groups.iter_mut().find(|(_, t)| *t == text) {
            Some((modes, _)) => modes.push(m.mode.as_str()),
            None => groups.push((vec![m.mode.as_str()], text)),
        }
    }
    groups
        .iter()
        .map(|(modes, text)| format!("{}: {text}", modes.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The verdict of each assessed mode: "docked transfer blocked at contact;
/// EVA transfer blocked at contact".
pub fn modes_text(d: &model::DirectionReport) -> String {
    d.modes
        .iter()
        .filter(|m| m.assessed)
        .map(|m| match m.phase {
            Some(p) => format!("{} {} at {}", m.mode.transfer(), m.kind, p),
            None => format!("{} {}", m.mode.transfer(), m.kind),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A waiver's mark: "waived by ops until 2027-06-30 (waivers.toml:3):
/// reason".
pub fn waiver_text(w: &crate::waivers::WaiverMark) -> String {
    format!(
        "waived by {} until {} ({}): {}",
        w.owner, w.expires, w.at, w.reason
    )
}

/// A waivers section as lines: the file and how many findings it waived,
/// then each expired or unused waiver.
pub fn waiver_section_lines(section: &crate::waivers::WaiverSection) -> (String, Vec<String>) {
    let head = format!(
        "{}: {} finding(s) waived, {} expired waiver(s), {} unused waiver(s)",
        section.file,
        section.applied,
        section.expired.len(),
        section.unused.len()
    );
    let entries = [("expired", &section.expired), ("unused", &section.unused)]
        .into_iter()
        .flat_map(|(what, entries)| {
            entries.iter().map(move |e| {
                format!(
                    "{what}: {} ({}, {} until {}): {}",
                    e.at, e.matches, e.owner, e.expires, e.reason
                )
            })
        })
        .collect();
    (head, entries)
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

#[cfg(test)]
mod tests {
    use super::{visible_width, wrap};

    #[test]
    fn wrapping_keeps_the_indent_and_every_word() {
        let text = "    one two three four five six";
        let wrapped = wrap(text, 16, 6);
        assert_eq!(wrapped, "    one two\n      three four\n      five six");
        assert!(wrapped.lines().all(|l| l.len() <= 16));
        assert_eq!(wrap("short", 80, 2), "short");
        // A word longer than the line stays whole on its own line.
        assert_eq!(wrap("a abcdefghij", 5, 1), "a\n abcdefghij");
    }

    #[test]
    fn colour_takes_no_width() {
        assert_eq!(visible_width("\x1b[1m\x1b[31mBLOCKED\x1b[0m"), 7);
    }
}
