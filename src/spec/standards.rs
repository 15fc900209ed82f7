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
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    pub id: String,
    pub name: String,
    pub operation: Operation,
    pub androgynous: bool,
    pub source: String,
}

/// Two standards that mate, with the source that says so.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mate {
    pub standards: [String; 2],
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// The whole data file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standards {
    pub standards: Vec<Standard>,
    pub mates: Vec<Mate>,
}

impl Standards {
    /// Parses a standards file.
    pub fn parse(text: &str) -> Result<Self, String> {
        let standards: Standards = toml::from_str(text).map_err(|e| e.to_string())?;
        for mate in &standards.mates {
            for id in &mate.standards {
                if standards.get(id).is_none() {
                    return Err(format!("[[mates]] names the unknown standard '{id}'"));
                }
            }
        }
        Ok(standards)
    }

    /// The bundled file; a test keeps it parseable.
    pub fn bundled() -> &'static Standards {
        static BUNDLED_STANDARDS: std::sync::OnceLock<Standards> = std::sync::OnceLock::new();
        BUNDLED_STANDARDS.get_or_init(|| {
            Standards::parse(BUNDLED).unwrap_or(Standards {
                standards: Vec::new(),
                mates: Vec::new(),
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
        self.mates.iter().find(|m| {
            (m.standards[0] == a && m.standards[1] == b)
                || (m.standards[0] == b && m.standards[1] == a)
        })
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
    fn rejects_a_mate_of_an_unknown_standard() {
        let text = "[[standards]]\nid='a'\nname='A'\noperation='docking'\nandrogynous=true\nsource='X'\n[[mates]]\nstandards=['a','b']\nsource='X'\n";
        assert!(Standards::parse(text).is_err());
    }
}
