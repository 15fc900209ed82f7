//! `--share-safe`: a report for the other party shows no restricted value,
//! in any format. Specs are generated from Soyuz MS with random values in
//! random restricted fields; every renderer's output is searched for each
//! restricted value, as written and as the report formats it.

use std::path::Path;

use proptest::prelude::*;

use rescue_interop::check::{Selection, check_pair};
use rescue_interop::report::{self, CheckReport, Style};
use rescue_interop::rules::Environment;
use rescue_interop::units::Kind;

/// Every renderer of the report model: add new formats here.
type Renderer = fn(&CheckReport) -> String;
const RENDERERS: &[(&str, Renderer)] = &[
    ("json", report::json::render),
    // A share-safe text report gets no sources to quote.
    ("text", |r| report::text::render(r, &[], Style::PLAIN)),
    ("markdown", report::markdown::check),
    // A share-safe page gets no vehicles to draw (see main.rs).
    ("html", |r| report::html::check(r, &[])),
    ("sarif", report::sarif::check),
    ("junit", report::junit::check),
];

/// A field of the generated spec: the line it replaces, its kind, how to
/// write a value (the number, in the display unit).
struct Slot {
    line_prefix: &'static str,
    key: &'static str,
    kind: Kind,
    unit: &'static str,
    array: bool,
}

const SLOTS: &[Slot] = &[
    Slot {
        line_prefix: "pressure = ",
        key: "pressure",
        kind: Kind::AbsolutePressure,
        unit: "kPa",
        array: false,
    },
    Slot {
        line_prefix: "o2_fraction = ",
        key: "o2_fraction",
        kind: Kind::Fraction,
        unit: "%",
        array: false,
    },
    Slot {
        line_prefix: "free_volume = ",
        key: "free_volume",
        kind: Kind::Volume,
        unit: "m^3",
        array: false,
    },
    Slot {
        line_prefix: "mass = ",
        key: "mass",
        kind: Kind::Mass,
        unit: "kg",
        array: false,
    },
    Slot {
        line_prefix: "passage_diameter = ",
        key: "passage_diameter",
        kind: Kind::Length,
        unit: "mm",
        array: false,
    },
    Slot {
        line_prefix: "tx_frequencies = { value = [\"121",
        key: "tx_frequencies",
        kind: Kind::Frequency,
        unit: "MHz",
        array: true,
    },
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A value for each slot, in a range the loader accepts, with decimals that
/// make it unlikely to collide with another figure of the report.
fn values() -> impl Strategy<Value = Vec<(bool, f64)>> {
    (
        // Clear of the figures of the bundled specs the generated one is
        // checked against (14.7 psia, 800 mm, 143.625 MHz...).
        (any::<bool>(), 110.0..140.0f64),
        (any::<bool>(), 31.0..40.0f64),
        (any::<bool>(), 11.0..20.0f64),
        (any::<bool>(), 7100.0..9000.0f64),
        (any::<bool>(), 810.0..950.0f64),
        (any::<bool>(), 150.0..400.0f64),
    )
        .prop_map(|(a, b, c, d, e, f)| vec![a, b, c, d, e, f])
}

/// The number as written in the spec: large values whole, others with
/// decimals.
fn written(value: f64) -> String {
    if value >= 1000.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.3}")
    }
}

fn generate(dir: &Path, choices: &[(bool, f64)]) -> std::path::PathBuf {
    let base = std::fs::read_to_string(root().join("specs/vehicles/soyuz-ms.toml"))
        .unwrap_or_else(|e| panic!("read soyuz-ms: {e}"));
    let mut out = String::new();
    let mut done = vec![false; SLOTS.len()];
    for line in base.lines() {
        let slot = SLOTS
            .iter()
            .enumerate()
            .find(|(i, s)| !done[*i] && line.starts_with(s.line_prefix));
        match slot {
            Some((i, s)) => {
                done[i] = true;
                let (restricted, value) = choices[i];
                let quantity = format!("\"{} {}\"", written(value), s.unit);
                let value = if s.array {
                    format!("[{quantity}]")
                } else {
                    quantity
                };
                out.push_str(&format!(
                    "{} = {{ value = {value}, restricted = {restricted} }}\n",
                    s.key
                ));
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    assert!(done.iter().all(|d| *d), "every slot found in soyuz-ms.toml");
    let vehicles = dir.join("vehicles");
    let suits = dir.join("suits");
    std::fs::create_dir_all(&vehicles).unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(&suits).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir(root().join("specs/suits"))
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
    {
        let _ = std::fs::copy(entry.path(), suits.join(entry.file_name()));
    }
    let path = vehicles.join("generated.toml");
    std::fs::write(&path, out).unwrap_or_else(|e| panic!("{e}"));
    path
}

/// The texts a value could be printed as.
fn forms(slot: &Slot, value: f64) -> Vec<String> {
    let as_written = written(value);
    let mut forms = vec![format!("{as_written} {}", slot.unit)];
    if as_written.contains('.') && as_written.len() >= 6 {
        forms.push(as_written);
    }
    if let Ok(si) = slot
        .kind
        .parse_si(&format!("{} {}", written(value), slot.unit))
    {
        let formatted = slot.kind.format_si(si);
        let number = formatted.split(' ').next().unwrap_or_default().to_string();
        // Short bare numbers ("6.2", "121.5") appear in rule references.
        if number.contains('.') && number.len() >= 6 {
            forms.push(number);
        }
        forms.push(formatted);
    }
    forms
}

/// Whether `text` holds `needle` not run together with other digits.
fn contains_number(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + needle.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit() || c == '.')
            && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

fn reports(path: &Path, share_safe: bool) -> Vec<(&'static str, String)> {
    let generated = rescue_interop::spec::load_vehicle(path)
        .unwrap_or_else(|e| panic!("generated spec does not load: {:?}", e.diagnostics));
    let mut out = Vec::new();
    for other in ["crew-dragon", "iss", "soyuz-ms"] {
        let other = rescue_interop::spec::load_vehicle(
            &root().join(format!("specs/vehicles/{other}.toml")),
        )
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
        for pair in [[&generated, &other], [&other, &generated]] {
            let results = check_pair(
                pair[0],
                pair[1],
                &Environment::default(),
                &Selection::default(),
            );
            let mut report = report::build_check_report(pair, &results);
            if share_safe {
                rescue_interop::share_safe::ShareSafe::per_report()
                    .redact_check(&mut report, &report::source_files(&pair));
            }
            for (name, render) in RENDERERS {
                out.push((*name, render(&report)));
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn no_restricted_value_appears_in_a_share_safe_report(choices in values()) {
        prop_assume!(choices.iter().any(|(restricted, _)| *restricted));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = generate(dir.path(), &choices);
        // The same spec with every restricted value moved: a figure that
        // appears in both reports does not come from the value (a derived
        // figure or a reference that happens to read the same).
        let moved: Vec<(bool, f64)> = choices
            .iter()
            .map(|(r, v)| (*r, if *r { v * 1.037 + 0.77 } else { *v }))
            .collect();
        let background_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let background = reports(&generate(background_dir.path(), &moved), true);
        for ((format, text), (_, background)) in reports(&path, true).into_iter().zip(background) {
            for (slot, (restricted, value)) in SLOTS.iter().zip(&choices) {
                if !restricted {
                    continue;
                }
                for form in forms(slot, *value) {
                    prop_assert!(
                        !contains_number(&text, &form) || contains_number(&background, &form),
                        "{format} report shows restricted {} as {form:?}:\n{text}",
                        slot.key
                    );
                }
            }
            prop_assert!(!text.contains("soyuz-ms"), "{format} names a spec:\n{text}");
            prop_assert!(!text.contains("generated.toml"), "{format} names a path:\n{text}");
        }
    }
}

/// The search finds what it looks for: without --share-safe the pressure
/// is printed.
#[test]
fn the_search_sees_values_in_an_ordinary_report() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let choices = vec![
        (true, 97.123),
        (true, 25.5),
        (true, 9.5),
        (true, 7000.0),
        (true, 700.5),
        (true, 130.25),
    ];
    let path = generate(dir.path(), &choices);
    let all: String = reports(&path, false).into_iter().map(|(_, t)| t).collect();
    let seen = forms(&SLOTS[0], 97.123)
        .iter()
        .any(|f| contains_number(&all, f));
    assert!(seen, "the cabin pressure appears in an ordinary report");
    let safe: String = reports(&path, true).into_iter().map(|(_, t)| t).collect();
    assert!(safe.contains("restricted"), "withheld values say so");
}

/// The command line: `check --share-safe` in both formats names specs by
/// hash, quotes no spec line and shows no restricted value.
#[test]
fn the_command_line_share_safe_report() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let choices = vec![
        (true, 123.457),
        (false, 35.5),
        (false, 12.5),
        (false, 7500.0),
        (true, 876.543),
        (false, 200.25),
    ];
    let path = generate(dir.path(), &choices);
    for format in ["text", "json"] {
        let output = assert_cmd::cargo::cargo_bin_cmd!("rescue-interop")
            .args(["--color", "never", "check"])
            .arg(&path)
            .arg(root().join("specs/vehicles/iss.toml"))
            .args(["--share-safe", "--format", format])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{format}: {output:?}"
        );
        for leak in [
            "123.457",
            "123.5 kPa",
            "876.543",
            "876.5 mm",
            "generated.toml",
            "iss.toml",
        ] {
            assert!(!text.contains(leak), "{format} shows {leak:?}:\n{text}");
        }
        assert!(text.contains("sha256:"), "{format}:\n{text}");
        assert!(
            !text.lines().any(|l| l.contains(" | ")),
            "{format} quotes a spec line:\n{text}"
        );
    }
}
