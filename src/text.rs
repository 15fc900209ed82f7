//! Small text helpers shared by messages and reports, and the one escaping
//! function of each output kind.
//!
//! Names, ids, units and paths come from spec files the other party wrote.
//! Whatever reaches an output goes through the function of that output's
//! kind, which makes every character that could rewrite a terminal, reorder
//! what a reader sees, break a document or inject markup visible as text:
//!
//! | output | function |
//! |---|---|
//! | terminal text (stdout, stderr) | [`escape_for_terminal`] |
//! | markdown | [`escape_markdown`], [`markdown_code`] in code spans |
//! | XML (JUnit) | [`escape_xml`] |
//! | HTML | [`escape_html`] |
//! | JSON (reports, SARIF, plans, diffs) | [`json::to_string_pretty`], [`json::to_writer`] |
//! | GitHub workflow commands | [`escape_workflow_message`], [`escape_workflow_property`] |
//!
//! A character made visible is written as Rust writes it, `\u{1b}`.

/// Whether a character must not reach a reader as itself: control
/// characters (C0, DEL and C1, U+009B being an 8-bit CSI), bidirectional
/// formatting characters, line and paragraph separators, the byte-order mark
/// and noncharacters (U+FFFE and U+FFFF are not allowed in XML).
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_invisible_format(c) || is_noncharacter(c)
}

/// Escapes control and bidirectional-override characters so that a name
/// from a spec cannot rewrite the terminal or reorder what a reader sees.
pub fn escape_for_terminal(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    out
}

/// [`escape_for_terminal`] line by line: a message of several lines keeps
/// its line breaks and loses every other unsafe character. What the binary
/// writes on standard error goes through it.
pub fn escape_lines_for_terminal(text: &str) -> String {
    text.split('\n')
        .map(escape_for_terminal)
        .collect::<Vec<_>>()
        .join("\n")
}

/// `c` itself, or its `\u{..}` form when it is not safe to show.
fn push_visible(out: &mut String, c: char) {
    if is_unsafe(c) {
        out.extend(c.escape_unicode());
    } else {
        out.push(c);
    }
}

/// Unicode bidirectional formatting characters (the "Trojan Source" set).
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Line and paragraph separators (a line break to some readers, none to
/// others) and the byte-order mark.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// Unicode noncharacters: U+FDD0 to U+FDEF and the last two code points of
/// every plane (U+FFFE, U+FFFF, U+1FFFE...).
fn is_noncharacter(c: char) -> bool {
    let n = c as u32;
    (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

/// Text for markdown prose and table cells: visible escapes for unsafe
/// characters, and a backslash before every character that could start
/// markup (HTML, links, emphasis, code, entities, table pipes). Line breaks
/// become spaces, so a value cannot start a heading or a list of its own.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c => push_visible(&mut out, c),
        }
    }
    out
}

/// Text as a markdown code span: fenced with more backticks than it holds
/// in a row (CommonMark), unsafe characters made visible, pipes escaped so
/// a table cell stays one cell (GFM), line breaks as spaces.
pub fn markdown_code(text: &str) -> String {
    let mut inner = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => inner.push(' '),
            '|' => inner.push_str("\\|"),
            c => push_visible(&mut inner, c),
        }
    }
    let mut longest = 0;
    let mut run = 0;
    for c in inner.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // A span starting or ending with a backtick needs a space inside the
    // fence; CommonMark strips one space from each side.
    let pad = if inner.starts_with('`') || inner.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{inner}{pad}{fence}")
}

/// Text for XML content and attribute values: the five markup characters
/// as entities (so `]]>` cannot end anything), and characters XML 1.0 does
/// not allow (most C0 controls, U+FFFE, U+FFFF) or a reader should not see
/// raw (C1 controls, bidi overrides) as visible `\u{..}` text. A character
/// reference would not do: `&#1;` is not well-formed either.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(c),
            c => push_visible(&mut out, c),
        }
    }
    out
}

/// Text for HTML content and (quoted) attribute values: as for XML, whose
/// rules are the stricter.
pub fn escape_html(text: &str) -> String {
    escape_xml(text)
}

/// The message of a GitHub Actions workflow command (`::error ...::MESSAGE`):
/// `%`, CR and LF percent-encoded as the runner decodes them (so a value
/// cannot end the command and start another), every other unsafe character
/// made visible.
pub fn escape_workflow_message(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => push_visible(&mut out, c),
        }
    }
    out
}

/// A property of a GitHub Actions workflow command (`file=`, `title=`): as
/// the message, and `:` and `,` encoded too, since they end a property.
pub fn escape_workflow_property(text: &str) -> String {
    escape_workflow_message(text)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// JSON output: serde_json escapes C0 controls, quotes and backslashes; the
/// formatter here also writes every other unsafe character ([`is_unsafe`]:
/// DEL, C1 controls, bidi overrides, separators, noncharacters) as a
/// `\uXXXX` escape, so a JSON report printed or pasted raw shows none of
/// them, while a JSON reader still gets the text back unchanged.
pub mod json {
    use std::io;

    use serde::Serialize;
    use serde_json::ser::{Formatter, PrettyFormatter};

    /// A formatter that escapes unsafe characters in strings, around an
    /// inner formatter that lays the document out.
    pub struct SafeFormatter<F>(pub F);

    impl<F: Formatter> Formatter for SafeFormatter<F> {
        fn write_string_fragment<W: ?Sized + io::Write>(
            &mut self,
            writer: &mut W,
            fragment: &str,
        ) -> io::Result<()> {
            let mut start = 0;
            for (i, c) in fragment.char_indices() {
                if super::is_unsafe(c) {
                    writer.write_all(fragment.get(start..i).unwrap_or("").as_bytes())?;
                    // Every unsafe character is in the basic plane.
                    write!(writer, "\\u{:04x}", c as u32)?;
                    start = i + c.len_utf8();
                }
            }
            writer.write_all(fragment.get(start..).unwrap_or("").as_bytes())
        }

        fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.begin_array(w)
        }
        fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.end_array(w)
        }
        fn begin_array_value<W: ?Sized + io::Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> io::Result<()> {
            self.0.begin_array_value(w, first)
        }
        fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.end_array_value(w)
        }
        fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.begin_object(w)
        }
        fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.end_object(w)
        }
        fn begin_object_key<W: ?Sized + io::Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> io::Result<()> {
            self.0.begin_object_key(w, first)
        }
        fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.end_object_key(w)
        }
        fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.begin_object_value(w)
        }
        fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.end_object_value(w)
        }
    }

    /// `value` as compact JSON into `writer`.
    pub fn to_writer<W: io::Write, T: Serialize + ?Sized>(
        writer: W,
        value: &T,
    ) -> serde_json::Result<()> {
        let mut serializer = serde_json::Serializer::with_formatter(
            writer,
            SafeFormatter(serde_json::ser::CompactFormatter),
        );
        value.serialize(&mut serializer)
    }

    /// `value` as compact JSON bytes.
    pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
        let mut out = Vec::new();
        to_writer(&mut out, value)?;
        Ok(out)
    }

    /// `value` as pretty JSON (two-space indent), without a final newline.
    pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
        let mut out = Vec::new();
        let mut serializer =
            serde_json::Serializer::with_formatter(&mut out, SafeFormatter(PrettyFormatter::new()));
        value.serialize(&mut serializer)?;
        // Only valid UTF-8 was written: strings are UTF-8, escapes ASCII.
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    /// `value` as pretty JSON with a final newline, or a JSON object naming
    /// the error (which a derived `Serialize` of report types never gives).
    pub fn document<T: Serialize + ?Sized>(value: &T) -> String {
        let mut text = to_string_pretty(value).unwrap_or_else(|e| {
            format!(
                "{{\"error\": \"the report could not be serialized: {}\"}}",
                super::escape_for_terminal(&e.to_string()).replace(['"', '\\'], "'")
            )
        });
        text.push('\n');
        text
    }
}

/// The closest candidate to `word`, when one is close enough to be a typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names a hostile spec may hold: every kind of unsafe character, and
    /// markup of every output kind.
    const HOSTILE: &str = "a\u{1b}[31m\u{7}\u{0}\u{9b}b\u{202E}c\u{2066}\u{FFFE}\u{FFFF}\u{2028}]]><b>&amp;|`*_[x](y)";

    #[test]
    fn escapes_controls_and_bidi_overrides() {
        assert_eq!(escape_for_terminal("ok"), "ok");
        assert_eq!(escape_for_terminal("a\u{1b}[31m"), "a\\u{1b}[31m");
        assert_eq!(escape_for_terminal("x\u{202E}y"), "x\\u{202e}y");
        assert_eq!(escape_for_terminal("\u{9b}\u{fffe}"), "\\u{9b}\\u{fffe}");
        let shown = escape_for_terminal(HOSTILE);
        assert!(!shown.chars().any(is_unsafe), "{shown}");
    }

    #[test]
    fn markdown_escapes_markup_and_keeps_words() {
        assert_eq!(escape_markdown("Crew Dragon (mate)"), "Crew Dragon (mate)");
        assert_eq!(
            escape_markdown("<img src=x>|*a*_b_[l](u)&lt;`c`"),
            "\\<img src=x\\>\\|\\*a\\*\\_b\\_\\[l\\](u)\\&lt;\\`c\\`"
        );
        let shown = escape_markdown(HOSTILE);
        assert!(!shown.chars().any(is_unsafe), "{shown}");
        assert!(!shown.contains("<b>") && !shown.contains("\n"), "{shown}");
    }

    #[test]
    fn markdown_code_spans_hold_any_text() {
        assert_eq!(markdown_code("specs/a.toml"), "`specs/a.toml`");
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`x"), "`` `x ``");
        assert_eq!(markdown_code("a|b"), "`a\\|b`");
        assert!(!markdown_code(HOSTILE).chars().any(is_unsafe));
    }

    #[test]
    fn xml_is_well_formed_whatever_the_name() {
        let escaped = escape_xml(HOSTILE);
        assert!(!escaped.chars().any(is_unsafe), "{escaped}");
        assert!(!escaped.contains("]]>") && !escaped.contains('<'));
        let document = format!("<a b=\"{escaped}\">{escaped}</a>");
        let parsed = roxmltree::Document::parse(&document);
        assert!(parsed.is_ok(), "{parsed:?}");
    }

    #[test]
    fn json_escapes_what_serde_json_leaves_raw() {
        let text =
            json::to_string_pretty(&serde_json::json!({ "name": HOSTILE })).unwrap_or_default();
        assert!(!text.chars().any(|c| c != '\n' && is_unsafe(c)), "{text}");
        assert!(text.contains("\\u009b") && text.contains("\\u202e") && text.contains("\\ufffe"));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back["name"], HOSTILE, "a JSON reader gets the text back");
        let pretty = serde_json::to_string_pretty(&serde_json::json!({"a": [1, {"b": "c"}]}))
            .unwrap_or_default();
        assert_eq!(
            json::to_string_pretty(&serde_json::json!({"a": [1, {"b": "c"}]})).unwrap_or_default(),
            pretty,
            "the layout is serde_json's"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        let fields = ["pressure", "free_volume", "o2_fraction"];
        assert_eq!(
            did_you_mean("presure", fields.into_iter()),
            Some("pressure")
        );
        assert_eq!(did_you_mean("zzz", fields.into_iter()), None);
    }
}
