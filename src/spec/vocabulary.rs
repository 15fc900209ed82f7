//! Vocabularies as data: the words a spec may use for protocols,
//! modulations, umbilical families, comm connectors, navigation aids, time
//! references, languages, data links and phrase sets.
//!
//! Each vocabulary is a file under `specs/vocabularies/`, built into the
//! binary: every term has an id (what specs write), its meaning, other
//! spellings (`aliases`) and its source (a key of `docs/sources.md`). A
//! field holding a term is a [`Term<V>`]: reading resolves what was written
//! (an id or an alias, without regard to case) to the canonical id, so that
//! rules compare ids, never raw strings ("analog voice" and "analog-voice"
//! can no longer disagree unseen). An unknown word is refused with a "did you
//! mean". A word a user must add on purpose is written in the marked
//! namespace `x-<name>` (as BCP 47 writes private-use tags); it matches only
//! the same `x-` word, never a listed term.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::OnceLock;

use schemars::{Schema, SchemaGenerator, json_schema};
use serde::Deserialize;

use super::field::{Expected, FieldValue, ReadError, describe};

/// The folder, relative to the repository, that holds the vocabularies.
pub const FOLDER: &str = "specs/vocabularies";

/// The prefix of a term a user adds on purpose.
pub const LOCAL_PREFIX: &str = "x-";

/// One term of a vocabulary file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermEntry {
    pub id: String,
    pub meaning: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Key of the source that defines the term (`docs/sources.md`).
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
    /// Time references only: the offset from UTC, in minutes.
    #[serde(default)]
    pub utc_offset_minutes: Option<i32>,
}

/// A vocabulary file, parsed and indexed.
#[derive(Debug, Default)]
pub struct Terms {
    pub terms: Vec<TermEntry>,
    /// Every spelling (id and aliases), lower-cased, to its term's index.
    index: HashMap<String, usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermsFile {
    terms: Vec<TermEntry>,
}

impl Terms {
    /// Parses a vocabulary file, refusing ids that are not kebab-case, ids in
    /// the local namespace, and spellings that two terms share.
    pub fn parse(text: &str) -> Result<Terms, String> {
        let file: TermsFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut index = HashMap::new();
        for (i, term) in file.terms.iter().enumerate() {
            if !is_kebab(&term.id) || term.id.starts_with(LOCAL_PREFIX) {
                return Err(format!(
                    "the id '{}' is not a kebab-case word outside the {LOCAL_PREFIX} namespace",
                    crate::text::escape_for_terminal(&term.id)
                ));
            }
            if term.meaning.trim().is_empty() || term.source.trim().is_empty() {
                return Err(format!(
                    "the term '{}' needs a meaning and a source",
                    term.id
                ));
            }
            for spelling in std::iter::once(&term.id).chain(&term.aliases) {
                let key = spelling.trim().to_lowercase();
                if key.starts_with(LOCAL_PREFIX) {
                    return Err(format!(
                        "the alias '{key}' is in the {LOCAL_PREFIX} namespace"
                    ));
                }
                if index.insert(key.clone(), i).is_some() {
                    return Err(format!("'{key}' names two terms"));
                }
            }
        }
        Ok(Terms {
            terms: file.terms,
            index,
        })
    }

    /// The term `spelling` names (an id or an alias, case ignored).
    pub fn find(&self, spelling: &str) -> Option<&TermEntry> {
        self.index
            .get(&spelling.trim().to_lowercase())
            .and_then(|i| self.terms.get(*i))
    }

    /// The term of id `id`.
    pub fn get(&self, id: &str) -> Option<&TermEntry> {
        self.terms.iter().find(|t| t.id == id)
    }

    /// Every spelling, ids first.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().map(|t| t.id.as_str()).chain(
            self.terms
                .iter()
                .flat_map(|t| t.aliases.iter().map(String::as_str)),
        )
    }
}

/// Whether `text` is lowercase ASCII letters and digits in hyphen-separated
/// groups, at most 64 characters: `analog-voice`, `x-acme-hose`.
fn is_kebab(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text.split('-').all(|group| {
            !group.is_empty()
                && group
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// One vocabulary: its data file and what its terms are called.
pub trait Vocabulary: 'static {
    /// The file under `specs/vocabularies/`: "protocols.toml".
    const FILE: &'static str;
    /// What one term is, in messages: "a protocol".
    const WHAT: &'static str;
    /// What the terms are, in messages: "protocols".
    const PLURAL: &'static str;
    /// The bundled terms.
    fn terms() -> &'static Terms;
}

macro_rules! vocabularies {
    ($( $(#[$meta:meta])* $name:ident => $file:literal, $what:literal, $plural:literal; )*) => {
        $(
            $(#[$meta])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub struct $name;

            impl Vocabulary for $name {
                const FILE: &'static str = $file;
                const WHAT: &'static str = $what;
                const PLURAL: &'static str = $plural;
                fn terms() -> &'static Terms {
                    static TERMS: OnceLock<Terms> = OnceLock::new();
                    TERMS.get_or_init(|| {
                        // A test keeps every bundled file parseable.
                        Terms::parse(include_str!(concat!("../../specs/vocabularies/", $file)))
                            .unwrap_or_default()
                    })
                }
            }
        )*

        /// Every vocabulary's file name, what its terms are, and its terms.
        pub fn all() -> Vec<(&'static str, &'static str, &'static Terms)> {
            vec![$( ($file, $what, $name::terms()) ),*]
        }

        /// Parses a vocabulary file's text, if `name` is one of them.
        pub fn parse_file(name: &str, text: &str) -> Option<Result<Terms, String>> {
            match name {
                $( $file => Some(Terms::parse(text)), )*
                _ => None,
            }
        }
    };
}

vocabularies! {
    /// Protocol stacks of a radio.
    Protocols => "protocols.toml", "a protocol", "protocols";
    /// Modulations of a radio.
    Modulations => "modulations.toml", "a modulation", "modulations";
    /// Suit umbilical (oxygen connector) families.
    Umbilicals => "umbilicals.toml", "an umbilical family", "umbilical families";
    /// Suit communication connectors.
    CommConnectors => "comm-connectors.toml", "a comm connector", "comm connectors";
    /// Rendezvous navigation aids.
    NavAids => "nav-aids.toml", "a navigation aid", "navigation aids";
    /// Time references kept aboard.
    TimeReferences => "time-references.toml", "a time reference", "time references";
    /// Working languages (ISO 639-1).
    Languages => "languages.toml", "a language", "languages";
    /// Data links across a docking interface.
    DataLinks => "data-links.toml", "a data link", "data links";
    /// Shared phrase sets.
    PhraseSets => "phrase-sets.toml", "a phrase set", "phrase sets";
}

/// A protocol stack of a radio.
pub type Protocol = Term<Protocols>;
/// A radio's modulation.
pub type Modulation = Term<Modulations>;
/// A suit umbilical (oxygen connector) family.
pub type Umbilical = Term<Umbilicals>;
/// A suit communication connector.
pub type CommConnector = Term<CommConnectors>;
/// A rendezvous navigation aid.
pub type NavAid = Term<NavAids>;
/// A time reference kept aboard.
pub type TimeReference = Term<TimeReferences>;
/// A working language (ISO 639-1).
pub type Language = Term<Languages>;
/// A data link across a docking interface.
pub type DataLink = Term<DataLinks>;
/// A shared phrase set.
pub type PhraseSet = Term<PhraseSets>;

/// Whether a path names a vocabulary file (in a `vocabularies` folder).
pub fn is_vocabulary_file(path: &std::path::Path) -> bool {
    let in_folder = path
        .parent()
        .and_then(|p| p.file_name())
        .is_some_and(|n| n == "vocabularies");
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    in_folder && all().iter().any(|(file, _, _)| *file == name)
}

/// A word of vocabulary `V`, by its canonical id, or a user's own `x-`
/// word. Two terms are equal only when their ids are: aliases and case are
/// resolved on reading, and an `x-` word equals only the same `x-` word.
pub struct Term<V> {
    id: Cow<'static, str>,
    vocabulary: PhantomData<fn() -> V>,
}

impl<V: Vocabulary> Term<V> {
    /// The term `spelling` names, or `None` when the vocabulary has no such
    /// spelling and it is not an `x-` word.
    pub fn resolve(spelling: &str) -> Option<Self> {
        let trimmed = spelling.trim();
        if let Some(rest) = trimmed.strip_prefix(LOCAL_PREFIX) {
            return is_kebab(rest).then(|| Term {
                id: Cow::Owned(trimmed.to_string()),
                vocabulary: PhantomData,
            });
        }
        let entry: &'static TermEntry = V::terms().find(trimmed)?;
        Some(Term {
            id: Cow::Borrowed(entry.id.as_str()),
            vocabulary: PhantomData,
        })
    }

    /// A term from code (tests, plan remedies); `None` for an unknown word.
    pub fn new(spelling: &str) -> Option<Self> {
        Self::resolve(spelling)
    }

    /// The canonical id (or the `x-` word).
    pub fn as_str(&self) -> &str {
        &self.id
    }

    /// Whether it is a user's own `x-` word.
    pub fn is_local(&self) -> bool {
        self.id.starts_with(LOCAL_PREFIX)
    }

    /// The vocabulary's entry for it (`None` for an `x-` word).
    pub fn entry(&self) -> Option<&'static TermEntry> {
        V::terms().get(&self.id)
    }
}

impl<V> Clone for Term<V> {
    fn clone(&self) -> Self {
        Term {
            id: self.id.clone(),
            vocabulary: PhantomData,
        }
    }
}

impl<V> PartialEq for Term<V> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl<V> Eq for Term<V> {}

impl<V> std::hash::Hash for Term<V> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id.hash(state);
    }
}

impl<V> PartialOrd for Term<V> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<V> Ord for Term<V> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.id.cmp(&other.id)
    }
}

impl<V> fmt::Debug for Term<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.id)
    }
}

impl<V> fmt::Display for Term<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::text::escape_for_terminal(&self.id))
    }
}

impl<V: Vocabulary> FieldValue for Term<V> {
    fn expected() -> Expected {
        let ids: Vec<&str> = V::terms().terms.iter().map(|t| t.id.as_str()).collect();
        Expected {
            what: format!(
                "{} of {FOLDER}/{} ({}), or a term of your own written {LOCAL_PREFIX}<name>",
                V::WHAT,
                V::FILE,
                ids.join(", ")
            )
            .into(),
            example: ids
                .first()
                .copied()
                .unwrap_or("x-example")
                .to_string()
                .into(),
        }
    }

    fn read(value: &toml::Value) -> Result<Self, ReadError> {
        let toml::Value::String(text) = value else {
            return Err(ReadError::new(describe(value)));
        };
        if let Some(term) = Self::resolve(text) {
            return Ok(term);
        }
        let shown = crate::text::escape_for_terminal(text);
        if text.trim().starts_with(LOCAL_PREFIX) {
            return Err(ReadError::new(format!(
                "'{shown}', which is not a term of your own: after {LOCAL_PREFIX} come lowercase letters, digits and hyphens"
            ))
            .with_help(format!("write it as {LOCAL_PREFIX}<name>, e.g. {LOCAL_PREFIX}acme-hose")));
        }
        let lowered = text.trim().to_lowercase();
        let suggestion = crate::text::did_you_mean(&lowered, V::terms().spellings())
            .and_then(|s| V::terms().find(s))
            .map(|t| t.id.as_str());
        let listed = format!(
            "{} are listed in {FOLDER}/{}; a term of your own is written {LOCAL_PREFIX}<name> and matches only itself",
            V::PLURAL,
            V::FILE
        );
        Err(ReadError::new(format!(
            "'{shown}', which is not {} of the vocabulary",
            V::WHAT
        ))
        .with_help(match suggestion {
            Some(s) => format!("did you mean '{s}'? {listed}"),
            None => listed,
        }))
    }

    fn value_schema(_: &mut SchemaGenerator) -> Schema {
        let ids: Vec<&str> = V::terms().terms.iter().map(|t| t.id.as_str()).collect();
        // The listed spellings for completion; any case of them, or an x-
        // word, for acceptance (the tool ignores case).
        let any_case: Vec<String> = V::terms().spellings().map(case_insensitive).collect();
        json_schema!({
            "type": "string",
            "description": format!("{} of {FOLDER}/{}, or {LOCAL_PREFIX}<name> for a term of your own", V::WHAT, V::FILE),
            "anyOf": [
                { "enum": ids },
                { "pattern": format!("^\\s*(?:{})\\s*$", any_case.join("|")) },
                { "pattern": "^\\s*x-[a-z0-9]+(?:-[a-z0-9]+)*\\s*$" }
            ]
        })
    }

    fn to_json(&self) -> serde_json::Value {
        self.as_str().into()
    }
}

/// Terms as a report lists them: "kurs-na, idss-reflectors" (escaped).
pub fn join<'a, V: 'a>(terms: impl IntoIterator<Item = &'a Term<V>>) -> String {
    terms
        .into_iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A regex matching `text` in any case: "fm" becomes "[fF][mM]".
fn case_insensitive(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
            } else {
                super::values::regex_escape(&c.to_string())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_vocabulary_parses_and_has_terms() {
        for (file, _, _) in all() {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(FOLDER)
                .join(file);
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let terms = parse_file(file, &text)
                .unwrap_or_else(|| Err(format!("{file} is not a vocabulary")))
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            assert!(!terms.terms.is_empty(), "{file}");
        }
    }

    #[test]
    fn aliases_and_case_resolve_to_the_canonical_id() {
        let term = |s: &str| Term::<Protocols>::resolve(s).map(|t| t.as_str().to_string());
        assert_eq!(term("analog-voice").as_deref(), Some("analog-voice"));
        assert_eq!(term("Analogue-Voice").as_deref(), Some("analog-voice"));
        assert_eq!(term("analog voice"), None);
        let kurs = Term::<NavAids>::resolve("Kurs-MKP");
        assert_eq!(kurs.as_ref().map(Term::as_str), Some("kurs-transponder"));
        assert_eq!(
            Term::<TimeReferences>::resolve("GMT"),
            Term::<TimeReferences>::resolve("utc")
        );
    }

    #[test]
    fn a_local_term_matches_only_itself() {
        let local = Term::<Umbilicals>::resolve("x-acme-hose").expect("a local term");
        assert!(local.is_local());
        assert_eq!(
            Term::<Umbilicals>::resolve("x-acme-hose"),
            Some(local.clone())
        );
        assert_ne!(Term::<Umbilicals>::resolve("x-acme-hose-2"), Some(local));
        // Not a listed term, even if the rest is one.
        assert_ne!(
            Term::<Umbilicals>::resolve("x-spacex-thigh"),
            Term::<Umbilicals>::resolve("spacex-thigh")
        );
        assert!(Term::<Umbilicals>::resolve("x-Acme Hose").is_none());
    }

    #[test]
    fn an_unknown_term_is_refused_with_a_suggestion() {
        let error = Term::<Protocols>::read(&toml::Value::String("analog voice".into()))
            .expect_err("refused");
        assert!(error.found.contains("not a protocol"), "{}", error.found);
        assert!(
            error
                .help
                .as_deref()
                .is_some_and(|h| h.contains("did you mean 'analog-voice'?")),
            "{:?}",
            error.help
        );
    }

    #[test]
    fn a_file_refuses_shared_spellings_and_local_ids() {
        let twice = "[[terms]]\nid = \"a\"\nmeaning = \"A\"\nsource = \"X\"\n[[terms]]\nid = \"b\"\nmeaning = \"B\"\naliases = [\"A\"]\nsource = \"X\"\n";
        assert!(Terms::parse(twice).is_err());
        let local = "[[terms]]\nid = \"x-a\"\nmeaning = \"A\"\nsource = \"X\"\n";
        assert!(Terms::parse(local).is_err());
    }
}
