//! The interface-standards data file: which docking and berthing standards
//! exist and which of them mate. Shipped as `specs/interface-standards.toml`
//! and built into the binary.

use serde::Deserialize;

/// The data file's name; `validate` checks a file of this name as standards
/// data rather than as a vehicle spec.
pub const FILE_NAME: &str = "interface-standards.toml";

/// The data file shipped with the tool.
pub const BUNDLED: &str = include_str!("../../specs/interface-standards.toml");

/// Docking (a chaser flies in) or berthing (an arm places the visitor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    Docking,
    Berthing,
}

/// One interface standard.
#[derive(Debug, Clone)]
pub struct Standard {
    pub id: String,
    pub name: String,
    pub operation: Operation,
    pub androgynous: bool,
    /// Whether a crew can pass through the mated interface. A mechanism
    /// that only holds two vehicles together (Soyuz 4/5's 1969 probe and
    /// drogue had no tunnel) says `false`. Not written: true.
    pub crew_passage: bool,
    pub source: String,
}

fn passes_crew() -> bool {
    true
}

/// Two standards that mate, with the source that says so.
#[derive(Debug, Clone)]
pub struct Mate {
    pub standards: [String; 2],
    pub source: String,
    pub note: Option<String>,
}

/// The file as written, with the spans of what may be wrong in it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStandards {
    standards: Vec<RawStandard>,
    mates: Vec<RawMate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStandard {
    id: toml::Spanned<String>,
    name: String,
    operation: Operation,
    androgynous: bool,
    #[serde(default = "passes_crew")]
    crew_passage: bool,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMate {
    standards: [toml::Spanned<String>; 2],
    source: String,
    #[serde(default)]
    note: Option<String>,
}

/// The whole data file.
#[derive(Debug, Clone)]
pub struct Standards {
    pub standards: Vec<Standard>,
    pub mates: Vec<Mate>,
    /// `mate_table[i * n + j]`: the entry of `mates` saying that standards
    /// `i` and `j` mate. Built on first use: fleet matrices ask millions of
    /// times, and comparing id strings cost a tenth of a cell.
    mate_table: std::sync::OnceLock<Vec<Option<usize>>>,
}

impl Standards {
    /// Parses a standards file; its problems in one line (the bundled file,
    /// tests).
    pub fn parse(text: &str) -> Result<Self, String> {
        Standards::parse_located(text).map_err(|p| super::data::plain(&p))
    }

    /// Parses a standards file: every problem at its span (an unknown key,
    /// a standard listed twice, a mate naming an unknown standard).
    pub fn parse_located(text: &str) -> Result<Self, Vec<super::data::Problem>> {
        use super::data::{Problem, span_of};
        let raw: RawStandards = toml::from_str(text).map_err(|e| vec![Problem::from_toml(&e)])?;
        let mut problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for standard in &raw.standards {
            if !seen.insert(standard.id.get_ref().as_str()) {
                problems.push(Problem::at(
                    span_of(&standard.id),
                    format!(
                        "the standard '{}' is listed twice",
                        crate::text::escape_for_terminal(standard.id.get_ref())
                    ),
                ));
            }
        }
        for mate in &raw.mates {
            for id in &mate.standards {
                if !seen.contains(id.get_ref().as_str()) {
                    problems.push(
                        Problem::at(
                            span_of(id),
                            format!(
                                "[[mates]] names the unknown standard '{}'",
                                crate::text::escape_for_terminal(id.get_ref())
                            ),
                        )
                        .help("list it under [[standards]] first"),
                    );
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Standards {
            standards: raw
                .standards
                .into_iter()
                .map(|s| Standard {
                    id: s.id.into_inner(),
                    name: s.name,
                    operation: s.operation,
                    androgynous: s.androgynous,
                    crew_passage: s.crew_passage,
                    source: s.source,
                })
                .collect(),
            mates: raw
                .mates
                .into_iter()
                .map(|m| Mate {
                    standards: m.standards.map(toml::Spanned::into_inner),
                    source: m.source,
                    note: m.note,
                })
                .collect(),
            mate_table: std::sync::OnceLock::new(),
        })
    }

    /// Reads and parses the standards file at `path` (found beside the
    /// specs), every problem at its line and field.
    pub fn load_file(
        path: &std::path::Path,
    ) -> Result<(Self, std::sync::Arc<super::SourceFile>), super::LoadErrors> {
        super::data::load(path, Standards::parse_located)
    }

    /// The bundled file, shared: what [`crate::rules::Environment`] holds
    /// unless a standards file sits beside the specs.
    pub fn bundled_shared() -> std::sync::Arc<Standards> {
        static SHARED: std::sync::OnceLock<std::sync::Arc<Standards>> = std::sync::OnceLock::new();
        SHARED
            .get_or_init(|| std::sync::Arc::new(Standards::bundled().clone()))
            .clone()
    }

    /// The bundled file; a test keeps it parseable.
    pub fn bundled() -> &'static Standards {
        static BUNDLED_STANDARDS: std::sync::OnceLock<Standards> = std::sync::OnceLock::new();
        BUNDLED_STANDARDS.get_or_init(|| {
            Standards::parse(BUNDLED).unwrap_or(Standards {
                standards: Vec::new(),
                mates: Vec::new(),
                mate_table: std::sync::OnceLock::new(),
            })
        })
    }

    pub fn get(&self, id: &str) -> Option<&Standard> {
        self.standards.iter().find(|s| s.id == id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.standards.iter().map(|s| s.id.as_str())
    }

    /// The entry saying that `a` and `b` mate, if any (order does not matter).
    pub fn mate(&self, a: &str, b: &str) -> Option<&Mate> {
        self.mate_at(self.index_of(a)?, self.index_of(b)?)
    }

    /// The position of standard `id` in [`Standards::standards`]: resolve a
    /// port's standard once, then ask [`Standards::mate_at`] by position.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.standards.iter().position(|s| s.id == id)
    }

    /// The standard at a position from [`Standards::index_of`].
    pub fn at(&self, index: usize) -> Option<&Standard> {
        self.standards.get(index)
    }

    /// [`Standards::mate`] by positions from [`Standards::index_of`].
    pub fn mate_at(&self, a: usize, b: usize) -> Option<&Mate> {
        let n = self.standards.len();
        if a >= n || b >= n {
            return None;
        }
        let table = self.mate_table.get_or_init(|| {
            let mut table = vec![None; n * n];
            // The first entry naming a pair wins, as a scan of `mates` would.
            for (k, mate) in self.mates.iter().enumerate().rev() {
                let [x, y] = &mate.standards;
                if let (Some(i), Some(j)) = (self.index_of(x), self.index_of(y)) {
                    for cell in [i * n + j, j * n + i] {
                        if let Some(slot) = table.get_mut(cell) {
                            *slot = Some(k);
                        }
                    }
                }
            }
            table
        });
        table
            .get(a * n + b)
            .copied()
            .flatten()
            .and_then(|k| self.mates.get(k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_file_parses_and_is_consistent() {
        let parsed = Standards::parse(BUNDLED).expect("bundled standards parse");
        assert!(parsed.get("idss").is_some());
        assert!(parsed.mate("apas-95", "apas-89").is_some());
        assert!(parsed.mate("idss", "ssvp-g4000").is_none());
        let mut ids: Vec<_> = parsed.ids().collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), parsed.standards.len(), "duplicate standard ids");
    }

    #[test]
    fn the_mate_table_agrees_with_the_listed_mates() {
        let parsed = Standards::parse(BUNDLED).expect("bundled standards parse");
        let listed = |a: &str, b: &str| {
            parsed.mates.iter().position(|m| {
                (m.standards[0] == a && m.standards[1] == b)
                    || (m.standards[0] == b && m.standards[1] == a)
            })
        };
        for a in parsed.ids() {
            for b in parsed.ids() {
                let by_table = parsed.mate(a, b).map(|m| std::ptr::from_ref(m) as usize);
                let by_scan = listed(a, b)
                    .and_then(|k| parsed.mates.get(k))
                    .map(|m| std::ptr::from_ref(m) as usize);
                assert_eq!(by_table, by_scan, "{a} against {b}");
            }
        }
        assert!(parsed.mate("idss", "no-such-standard").is_none());
        assert!(parsed.mate_at(parsed.standards.len(), 0).is_none());
    }

    #[test]
    fn rejects_a_mate_of_an_unknown_standard() {
        let text = "[[standards]]\nid='a'\nname='A'\noperation='docking'\nandrogynous=true\nsource='X'\n[[mates]]\nstandards=['a','b']\nsource='X'\n";
        assert!(Standards::parse(text).is_err());
    }
}
