//! Maps between field paths and places in a spec file.
//!
//! Serde tells the loader *which* key was unknown (a path) and the field
//! readers tell it *where* a bad value was (a span); messages need both. The
//! spanned TOML tree answers either question. It is built only when a file
//! has problems, so valid files are parsed once.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::field::Span;

/// One step of a path into a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// A parsed document with spans, for locating paths.
pub struct Located<'i> {
    root: Spanned<DeTable<'i>>,
}

impl<'i> Located<'i> {
    /// Parses `text`; `None` when it is not valid TOML (the caller already
    /// reported the syntax error).
    pub fn parse(text: &'i str) -> Option<Self> {
        DeTable::parse(text).ok().map(|root| Located { root })
    }

    /// The keys of the document's top level, in file order.
    pub fn top_keys(&self) -> Vec<String> {
        self.root
            .get_ref()
            .iter()
            .map(|(k, _)| k.get_ref().to_string())
            .collect()
    }

    /// The span of the key at `path` (or of the array item, for an index).
    pub fn span_of(&self, path: &[Segment]) -> Option<Span> {
        let mut table: &DeTable<'i> = self.root.get_ref();
        let mut value: Option<&Spanned<DeValue<'i>>> = None;
        let mut last = None;
        for segment in path {
            match segment {
                Segment::Key(name) => {
                    let current = match value {
                        None => table,
                        Some(v) => v.get_ref().as_table()?,
                    };
                    let (key, v) = current.iter().find(|(k, _)| k.get_ref() == name)?;
                    last = Some(Span::from_range(key.span()));
                    value = Some(v);
                    table = current;
                }
                Segment::Index(i) => {
                    let array = value?.get_ref().as_array()?;
                    let item = array.get(*i)?;
                    last = Some(Span::from_range(item.span()));
                    value = Some(item);
                }
            }
        }
        last
    }

    /// The deepest path whose value contains `span`. A table's own span
    /// covers only its header, so every branch is searched.
    pub fn path_at(&self, span: Span) -> Vec<Segment> {
        let mut best = Vec::new();
        let mut path = Vec::new();
        search_table(self.root.get_ref(), span, &mut path, &mut best, 0);
        best
    }

    /// Formats a path for messages, naming list items by their `id` when
    /// they have one: `ports[forward].passage_diameter`.
    pub fn display(&self, path: &[Segment]) -> String {
        let mut out = String::new();
        let mut value: Option<&DeValue<'i>> = None;
        for segment in path {
            match segment {
                Segment::Key(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(&crate::text::escape_for_terminal(name));
                    let table = match value {
                        None => Some(self.root.get_ref()),
                        Some(v) => v.as_table(),
                    };
                    value = table.and_then(|t| {
                        t.iter()
                            .find(|(k, _)| k.get_ref() == name)
                            .map(|(_, v)| v.get_ref())
                    });
                }
                Segment::Index(i) => {
                    let item = value.and_then(|v| v.as_array()).and_then(|a| a.get(*i));
                    let id = item
                        .and_then(|v| v.get_ref().as_table())
                        .and_then(|t| t.iter().find(|(k, _)| k.get_ref() == "id"))
                        .and_then(|(_, v)| v.get_ref().as_str());
                    match id {
                        Some(id) => {
                            out.push_str(&format!("[{}]", crate::text::escape_for_terminal(id)))
                        }
                        None => out.push_str(&format!("[{i}]")),
                    }
                    value = item.map(|v| v.get_ref());
                }
            }
        }
        out
    }
}

/// Nesting deeper than this is not searched (spec files are shallow).
const MAX_SEARCH_DEPTH: usize = 64;

fn contains(value: &Spanned<DeValue<'_>>, span: Span) -> bool {
    let r = value.span();
    r.start <= span.start as usize && span.end as usize <= r.end
}

fn search_table(
    table: &DeTable<'_>,
    span: Span,
    path: &mut Vec<Segment>,
    best: &mut Vec<Segment>,
    depth: usize,
) {
    if depth > MAX_SEARCH_DEPTH {
        return;
    }
    for (key, value) in table.iter() {
        path.push(Segment::Key(key.get_ref().to_string()));
        search_value(value, span, path, best, depth + 1);
        path.pop();
    }
}

fn search_value(
    value: &Spanned<DeValue<'_>>,
    span: Span,
    path: &mut Vec<Segment>,
    best: &mut Vec<Segment>,
    depth: usize,
) {
    if contains(value, span) && path.len() > best.len() {
        *best = path.clone();
    }
    match value.get_ref() {
        DeValue::Table(t) => search_table(t, span, path, best, depth),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Segment::Index(i));
                search_value(item, span, path, best, depth + 1);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Formats a path without a document: `ports[2].standard`.
pub fn display_plain(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&crate::text::escape_for_terminal(k));
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "[vehicle]\nid = \"x\"\n\n[[ports]]\nid = \"fwd\"\nstandard = \"idss\"\n";

    #[test]
    fn finds_the_span_of_a_nested_key() {
        let located = Located::parse(DOC).unwrap();
        let path = [
            Segment::Key("ports".into()),
            Segment::Index(0),
            Segment::Key("standard".into()),
        ];
        let span = located.span_of(&path).unwrap();
        assert_eq!(&DOC[span.start as usize..span.end as usize], "standard");
        assert_eq!(located.display(&path), "ports[fwd].standard");
    }

    #[test]
    fn finds_the_path_at_a_span() {
        let located = Located::parse(DOC).unwrap();
        let start = DOC.find("\"idss\"").unwrap();
        let span = Span::from_range(start..start + 6);
        let path = located.path_at(span);
        assert_eq!(located.display(&path), "ports[fwd].standard");
    }
}
