//! The clear passage a crew member needs to cross a docked interface
//! (shirt-sleeved, suited, on a stretcher): data in
//! `specs/crew-envelopes.toml`, built into the binary. A figure with no public
//! source is written as unknown and the rules say so.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde::Deserialize;
use toml::Spanned;
use uom::si::f64::Length;
use uom::si::length::meter;

use crate::spec::data::{Problem, span_of};
use crate::spec::field::Expected;
use crate::spec::{LoadErrors, SourceFile};
use crate::units::Kind;

/// The data file's name; `validate` checks a file of this name as crew
/// envelope data rather than as a vehicle spec.
pub const FILE_NAME: &str = "crew-envelopes.toml";

/// The data file shipped with the tool.
pub const BUNDLED: &str = include_str!("../../../specs/crew-envelopes.toml");

/// One way of crossing and the passage it needs.
#[derive(Debug, Clone)]
pub struct CrewEnvelope {
    pub id: String,
    pub name: String,
    /// `None` when the data file says unknown (or the figure is the suit's).
    pub min_passage_diameter: Option<Length>,
    /// The figure comes from the crossing crew's suit file.
    pub from_suit: bool,
    pub source: Option<String>,
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    min_passage_diameter: Option<Spanned<String>>,
    #[serde(default)]
    from_suit: bool,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    envelopes: Vec<RawEntry>,
}

/// Parses an envelopes file; a figure is "unknown" or a length. Every
/// problem is returned, each at its span.
pub fn parse_located(text: &str) -> Result<Vec<CrewEnvelope>, Vec<Problem>> {
    let raw: RawFile = toml::from_str(text).map_err(|e| vec![Problem::from_toml(&e)])?;
    let mut problems = Vec::new();
    let mut envelopes = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for e in raw.envelopes {
        if !seen.insert(e.id.get_ref().clone()) {
            problems.push(
                Problem::at(
                    span_of(&e.id),
                    format!(
                        "the id '{}' is used twice",
                        crate::text::escape_for_terminal(e.id.get_ref())
                    ),
                )
                .help("each way of crossing is listed once"),
            );
        }
        let min_passage_diameter = match &e.min_passage_diameter {
            None => None,
            Some(text) if text.get_ref() == crate::spec::field::UNKNOWN => None,
            Some(text) => match Kind::Length.parse_si(text.get_ref()) {
                Ok(si) => Some(Length::new::<meter>(si)),
                Err(err) => {
                    problems.push(
                        Problem::at(
                            span_of(text),
                            format!(
                                "'{}': {err}",
                                crate::text::escape_for_terminal(text.get_ref())
                            ),
                        )
                        .expected(Expected::new("a length or \"unknown\"", "800 mm")),
                    );
                    None
                }
            },
        };
        envelopes.push(CrewEnvelope {
            id: e.id.into_inner(),
            name: e.name,
            min_passage_diameter,
            from_suit: e.from_suit,
            source: e.source,
            note: e.note,
        });
    }
    if problems.is_empty() {
        Ok(envelopes)
    } else {
        Err(problems)
    }
}

/// [`parse_located`], its problems in one line (the bundled file, tests).
pub fn parse(text: &str) -> Result<Vec<CrewEnvelope>, String> {
    parse_located(text).map_err(|p| crate::spec::data::plain(&p))
}

/// The bundled envelopes (a test keeps the file parseable).
pub fn bundled() -> &'static [CrewEnvelope] {
    static ENVELOPES: OnceLock<Vec<CrewEnvelope>> = OnceLock::new();
    ENVELOPES.get_or_init(|| parse(BUNDLED).unwrap_or_default())
}

/// The envelopes file for specs at `spec_paths`: `crew-envelopes.toml`
/// beside a spec or beside its folder, as for the adapter library
/// (`specs/vehicles/x.toml` finds `specs/crew-envelopes.toml`; a synthetic
/// test pair carries its own).
pub fn find_file(spec_paths: &[&Path]) -> Option<PathBuf> {
    super::adapters::find_beside(spec_paths, FILE_NAME, Path::is_file)
}

/// Reads and parses an envelopes file, returning it too (reports name it
/// with its SHA-256); every problem is placed at its line and field.
pub fn load_file(path: &Path) -> Result<(Vec<CrewEnvelope>, Arc<SourceFile>), LoadErrors> {
    crate::spec::data::load(path, parse_located)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_file_parses() {
        let envelopes = parse(BUNDLED).expect("crew envelopes parse");
        let ids: Vec<&str> = envelopes.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["shirt-sleeve", "suited", "stretcher"]);
        // No figure is invented: each is sourced or unknown, and an unknown
        // one says in its note what was searched.
        for e in &envelopes {
            assert!(
                e.min_passage_diameter.is_none() || e.source.is_some(),
                "{}",
                e.id
            );
            let unknown = !e.from_suit && e.min_passage_diameter.is_none();
            assert!(
                !unknown || e.note.as_deref().is_some_and(|n| !n.is_empty()),
                "{}: an unknown figure needs a note",
                e.id
            );
        }
    }

    #[test]
    fn finds_the_file_beside_the_specs_or_their_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let bundled = root.join("specs/vehicles/crew-dragon.toml");
        assert_eq!(
            find_file(&[&bundled]),
            Some(root.join("specs/vehicles/..").join(FILE_NAME))
        );
        let synthetic = root.join("tests/plan/alpha.toml");
        assert_eq!(
            find_file(&[&synthetic]),
            Some(root.join("tests/plan").join(FILE_NAME))
        );
        assert!(load_file(&root.join("tests/plan").join(FILE_NAME)).is_ok());
        assert_eq!(find_file(&[Path::new("/nonexistent/x.toml")]), None);
    }

    #[test]
    fn reads_a_figure() {
        let text =
            "[[envelopes]]\nid = 'x'\nname = 'X'\nmin_passage_diameter = '31.5 in'\nsource = 'S'\n";
        let e = parse(text).expect("parses");
        let d = e
            .first()
            .and_then(|e| e.min_passage_diameter)
            .map(|l| l.get::<meter>());
        assert!(d.is_some_and(|d| (d - 0.8001).abs() < 1e-6));
        assert!(
            parse("[[envelopes]]\nid = 'x'\nname = 'X'\nmin_passage_diameter = '3 kPa'\n").is_err()
        );
    }
}
