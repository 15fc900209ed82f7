//! Small text helpers shared by messages and reports.

/// Escapes control and bidirectional-override characters so that a name
/// from a spec cannot rewrite the terminal or reorder what a reader sees.
pub fn escape_for_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || is_bidi_control(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Unicode bidirectional formatting characters (the "Trojan Source" set).
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
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

    #[test]
    fn escapes_controls_and_bidi_overrides() {
        assert_eq!(escape_for_terminal("ok"), "ok");
        assert_eq!(escape_for_terminal("a\u{1b}[31m"), "a\\u{1b}[31m");
        assert_eq!(escape_for_terminal("x\u{202E}y"), "x\\u{202e}y");
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
