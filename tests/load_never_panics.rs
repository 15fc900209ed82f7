//! The loader never panics, whatever the input: random text, and valid
//! specs with random edits. Every failure is a list of diagnostics.

use std::path::Path;

use proptest::prelude::*;
use rescue_interop::report::diagnostics;
use rescue_interop::spec::{Standards, load};

const CREW_DRAGON: &str = include_str!("../specs/vehicles/crew-dragon.toml");
const ISS: &str = include_str!("../specs/vehicles/iss.toml");

/// Loads `text` and renders any problems, as `validate` does.
fn load_and_render(text: String) {
    let path = Path::new("fuzz.toml");
    if let Err(errors) = load::load_str(path, text, Standards::bundled()) {
        assert!(!errors.diagnostics.is_empty(), "an error without a message");
        let rendered = diagnostics::render(&errors.diagnostics, &errors.files);
        assert!(!rendered.is_empty());
        for d in &errors.diagnostics {
            let _ = d.to_string();
        }
    }
}

/// Fragments that exercise the loader's paths: units, markers, tables.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\"unknown\"".to_string()),
        Just("{ value = ".to_string()),
        Just("{ min = \"1 kPa\", max = ".to_string()),
        Just("[[ports]]\nid = \"x\"\n".to_string()),
        Just("\"NaN kPa\"".to_string()),
        Just("\"1e400 m\"".to_string()),
        Just("\"-0 psid\"".to_string()),
        Just("é€😀\u{202e}".to_string()),
        Just("\n[atmosphere]\n".to_string()),
        Just(" = ".to_string()),
        // Sections in the wrong shape, which the loader blanks out and reads past.
        Just("\ncrew = 5\n".to_string()),
        Just("\n[[crew]]\n".to_string()),
        Just("\n[ports]\n".to_string()),
        Just("\n[[atmosphere]]\nx = 1\n".to_string()),
        Just("\nspec = [1, \n2]\n".to_string()),
        Just("\n[ports.capture_envelope]\n".to_string()),
        "[ -~]{0,12}",
        "\\PC{0,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,200}") {
        load_and_render(text);
    }

    #[test]
    fn edited_specs_never_panic(
        use_iss in any::<bool>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..8, fragment()), 1..6),
    ) {
        let mut text = if use_iss { ISS } else { CREW_DRAGON }.to_string();
        for (at, delete, insert) in edits {
            let mut start = at.index(text.len() + 1);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + delete).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(start..end, &insert);
        }
        load_and_render(text);
    }
}
