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

/// The bundled specs, to check edited records against.
fn library() -> &'static rescue_interop::record::names::SpecLibrary {
    static LIBRARY: std::sync::OnceLock<rescue_interop::record::names::SpecLibrary> =
        std::sync::OnceLock::new();
    LIBRARY.get_or_init(|| {
        rescue_interop::record::names::SpecLibrary::load_folder(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("specs"),
        )
    })
}

/// Fragments of a flight record: kinds, sides, dates, windows.
fn record_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n[events.voice.a]\n".to_string()),
        Just("\n[events.sustained]\ncrew = 0\n".to_string()),
        Just("{ min = \"2023-02-26\", max = ".to_string()),
        Just("\"2023-02-29\"".to_string()),
        Just("\"unknown\"".to_string()),
        Just("port = { value = \"unknown\" }\n".to_string()),
        Just("rests_on = { roles = [\"active\", \"active\"] }\n".to_string()),
        Just("\n[[events]]\n".to_string()),
        "[ -~]{0,12}",
        "\\PC{0,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// An edited flight record loads or fails with messages; one that loads
    /// is checked against the specs, looked up and cited without a panic.
    #[test]
    fn edited_records_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..8, record_fragment()), 1..6),
    ) {
        use rescue_interop::record::{At, FlightRecord, names};
        let mut text = rescue_interop::record::BUNDLED.to_string();
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
        match FlightRecord::parse(Path::new("flight-record.toml"), text) {
            Err(errors) => {
                prop_assert!(!errors.diagnostics.is_empty());
                let _ = diagnostics::render(&errors.diagnostics, &errors.files);
            }
            Ok(record) => {
                let (errors, warnings) = names::check(&record, library());
                if let Some(errors) = errors {
                    let _ = diagnostics::render(&errors.diagnostics, &errors.files);
                }
                let _ = diagnostics::render(&warnings.diagnostics, &warnings.files);
                for vehicle in &library().vehicles {
                    let standing = record.applicability(vehicle);
                    for (event, reasons) in standing.dropped.iter().chain(&standing.not_exact) {
                        prop_assert!(!event.evidence().is_empty());
                        prop_assert!(reasons.iter().all(|r| !r.to_string().is_empty()));
                    }
                    if let Some(port) = vehicle.ports.first().and_then(|p| p.id.get()) {
                        let _ = record.docked(At::new(vehicle, port), At::new(vehicle, port));
                    }
                }
            }
        }
    }
}
