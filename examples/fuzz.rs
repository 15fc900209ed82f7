//! A mutation fuzzer for the spec loader and the whole check, on stable Rust.
//!
//! cargo-fuzz needs a nightly compiler for libFuzzer; this harness needs
//! none. It mutates a seed corpus (the bundled specs and the spec-format
//! corpus in tests/bad_specs), loads each mutant, and when it loads as a
//! vehicle checks it both ways against every bundled vehicle and renders the
//! report in every format, plainly and share-safe. A panic, a slow input, a
//! raw control character in any output, an ill-formed JUnit or SARIF, a
//! restricted value in a share-safe output or a quoted system file is a
//! finding: the input is
//! written to `target/fuzz/findings/` to become a regression test. Inputs
//! whose outcome (the set of problem messages, with numbers blanked, or the
//! findings' rules and severities) has not been seen join the corpus, a
//! coarse stand-in for coverage feedback.
//!
//! Run from the crate root:
//!
//! ```text
//! cargo run --example fuzz -- [SECONDS] [SEED]
//! ```
//!
//! See docs/testing.md for the runs made and their figures.

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rescue_interop::check::{Selection, check_pair};
use rescue_interop::report::{self, Style};
use rescue_interop::rules::Environment;
use rescue_interop::spec::load::{self, Document};
use rescue_interop::spec::{Standards, Vehicle};

/// Fragments spliced into inputs: the loader's tricky spots.
const FRAGMENTS: &[&str] = &[
    "\"unknown\"",
    "{ value = ",
    "{ min = \"1 kPa\", max = \"0.5 kPa\" }",
    "{ min = \"1e308 kPa\", nominal = \"5e-324 kPa\" }",
    "\"1e400 m\"",
    "\"-0 psid\"",
    "\"NaN kPa\"",
    "\"4.9e-324 mm\"",
    "\"18446744073709551616 kg\"",
    "99999999999999999999",
    "-0.0",
    "1e308",
    "\n[[ports]]\nid = \"x\"\n",
    "\n[[suits]]\nid = \"s\"\nfile = \"fuzz.toml\"\n",
    "\n[[suits]]\nid = \"s\"\nfile = \"/dev/zero\"\n",
    "\n[[suits]]\nid = \"s\"\nfile = \"/etc/passwd\"\n",
    "\n[[suits]]\nid = \"s\"\nfile = \"../../../../../../etc/passwd\"\n",
    "\n[[suits]]\nid = \"s\"\nfile = \"/proc/self/environ\"\n",
    "\n[[suits]]\nid = \"s\"\nfile = \"../../Cargo.toml\"\n",
    ", restricted = true }",
    "{ value = \"101.3 kPa\", restricted = true }",
    "\\u0007\\u009b\\ufffe\\uffff]]><b>&amp;|*`",
    "\n[atmosphere]\n",
    "\n[consumables]\n",
    "\u{1b}[31m\u{202e}",
    "[[[[[[[[",
    "{a={a={a={a={a={a={a={a=1}}}}}}}}",
    "= [1, [2, [3]]]",
    "\"\"\"",
    "'''",
    "\\u0000",
    "\n",
    " = ",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(8) {
            0 => {
                if let Some(b) = out.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
            1 => {
                let end = (at + rng.below(16)).min(out.len());
                out.drain(at..end);
            }
            2 => {
                let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())].as_bytes();
                out.splice(at..at, fragment.iter().copied());
            }
            3 => {
                // Splice a piece of another corpus entry.
                let other = &corpus[rng.below(corpus.len())];
                let start = rng.below(other.len());
                let end = (start + rng.below(64)).min(other.len());
                out.splice(at..at, other[start..end].iter().copied());
            }
            4 => {
                // Duplicate a stretch (repeated tables, long arrays).
                let end = (at + rng.below(64)).min(out.len());
                let piece = out[at..end].to_vec();
                for _ in 0..rng.below(8) {
                    out.splice(at..at, piece.iter().copied());
                }
            }
            5 => {
                // Rewrite a digit: extreme and boundary numbers.
                if let Some(b) = out.get_mut(at)
                    && b.is_ascii_digit()
                {
                    *b = b"0123456789"[rng.below(10)];
                }
            }
            6 => out.insert(at.min(out.len()), rng.next() as u8),
            _ => {
                let end = (at + rng.below(8)).min(out.len());
                out.drain(at..end);
                out.splice(at..at, b"\"unknown\"".iter().copied());
            }
        }
    }
    out.truncate(256 * 1024);
    out
}

/// Runs the loader and, for a vehicle, the whole check against every
/// partner. Returns a description of the outcome for novelty tracking.
fn run_one(text: String, partners: &[Vehicle], env: &Environment) -> String {
    let path = Path::new("specs/vehicles/fuzz-input.toml");
    match load::load_str(path, text, Standards::bundled()) {
        Err(errors) => {
            let rendered = report::diagnostics::render(&errors.diagnostics, &errors.files);
            assert!(!rendered.is_empty(), "a load error rendered as nothing");
            assert_no_raw_control(&rendered);
            // A file a spec names that is not a spec is never quoted.
            assert!(!rendered.contains("root:x:"), "a system file was quoted");
            let mut shapes: Vec<String> = errors
                .diagnostics
                .iter()
                .map(|d| {
                    // Coarse: the field path without ids, and the message's first words.
                    let field: String = d
                        .field
                        .split('[')
                        .map(|s| s.split(']').next_back().unwrap_or(""))
                        .collect();
                    let words: Vec<&str> = d.found.split_whitespace().take(3).collect();
                    format!("{field}|{}", words.join(" "))
                })
                .collect();
            shapes.sort();
            shapes.dedup();
            format!("err:{}", shapes.join(";"))
        }
        Ok(Document::Suit(_)) => "suit".to_string(),
        Ok(Document::Scenario(scenario)) => {
            let result = rescue_interop::check::check_situation(
                &scenario.situation(),
                env,
                &Selection::default(),
            );
            let report = report::model::build_scenario_report(
                &[(&scenario, &result)],
                &report::model::Judging::default(),
            );
            assert!(!report::json::render(&report).is_empty());
            format!("scenario:{:?}", result.verdict().kind)
        }
        Ok(Document::Vehicle(vehicle)) => {
            let mut outcome = String::from("vehicle");
            for partner in partners {
                let results = check_pair(&vehicle, partner, env, &Selection::default());
                let report = report::build_check_report([&vehicle, partner], &results);
                let sources = report::source_files(&[&vehicle, partner]);
                let text = report::text::render(&report, &sources, Style::new(false));
                assert!(!text.is_empty());
                for output in every_format(&report) {
                    assert_no_raw_control(&output);
                }
                // Share-safe: no restricted value as written reaches any
                // format.
                let mut shared = report.clone();
                let keys = rescue_interop::share_safe::ShareSafe::per_report();
                keys.redact_check(&mut shared, &sources);
                let written = rescue_interop::share_safe::written_values(
                    &rescue_interop::share_safe::restricted_fields(&sources),
                );
                for output in every_format(&shared) {
                    assert_no_raw_control(&output);
                    for value in written
                        .iter()
                        .filter(|w| w.len() >= 4 && w.chars().any(|c| c.is_ascii_digit()))
                    {
                        assert!(
                            !output.contains(value.as_str()),
                            "a restricted value leaked: {value}"
                        );
                    }
                }
                for direction in &report.directions {
                    for finding in &direction.findings {
                        outcome.push_str(&format!("|{}:{:?}", finding.rule, finding.severity));
                    }
                }
            }
            outcome
        }
    }
}

/// The check report in every format (text without excerpts, as
/// share-safe prints it); the JUnit and SARIF must parse.
fn every_format(r: &report::CheckReport) -> Vec<String> {
    let junit = report::junit::check(r);
    assert!(
        roxmltree::Document::parse(&junit).is_ok(),
        "ill-formed JUnit"
    );
    let sarif = report::sarif::check(r);
    assert!(
        serde_json::from_str::<serde_json::Value>(&sarif).is_ok(),
        "ill-formed SARIF"
    );
    vec![
        report::json::render(r),
        report::text::render(r, &[], Style::new(false)),
        report::markdown::check(r),
        report::html::check(r, &[]),
        sarif,
        junit,
    ]
}

/// No control, bidi or noncharacter reaches an output raw.
fn assert_no_raw_control(text: &str) {
    if let Some(c) = text
        .chars()
        .find(|c| *c != '\n' && *c != '\t' && rescue_interop::text::is_unsafe(*c))
    {
        panic!("a raw {:?} in an output", c);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seconds: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
    let mut rng = Rng(seed | 1);

    let mut corpus: Vec<Vec<u8>> = Vec::new();
    for dir in [
        "specs/vehicles",
        "specs/suits",
        "tests/bad_specs",
        "tests/hostile",
    ] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.extension().is_some_and(|e| e == "toml")
                && let Ok(bytes) = std::fs::read(&path)
                && bytes.len() < 256 * 1024
            {
                corpus.push(bytes);
            }
        }
    }
    let vehicle_seeds = std::fs::read_dir("specs/vehicles")
        .map_or(1, |d| d.count())
        .max(1);
    assert!(
        !corpus.is_empty(),
        "run from the crate root: no seed corpus found"
    );
    let partners: Vec<Vehicle> = ["crew-dragon", "soyuz-ms", "iss"]
        .iter()
        .filter_map(|id| {
            let path = PathBuf::from(format!("specs/vehicles/{id}.toml"));
            match load::load_path(&path, Standards::bundled()) {
                Ok(Document::Vehicle(v)) => Some(*v),
                _ => None,
            }
        })
        .collect();
    let env = Environment::default();
    let findings_dir = Path::new("target/fuzz/findings");
    std::panic::set_hook(Box::new(|_| {}));

    let started = Instant::now();
    let mut seen: HashSet<String> = HashSet::new();
    let (mut runs, mut crashes, mut slow, mut loaded) = (0u64, 0u64, 0u64, 0u64);
    let mut last_new = Instant::now();
    while started.elapsed() < Duration::from_secs(seconds) {
        // Half the time mutate a bundled vehicle lightly, so that many
        // mutants still load and reach the rules.
        let base = if rng.below(2) == 0 {
            &corpus[rng.below(vehicle_seeds)]
        } else {
            &corpus[rng.below(corpus.len())]
        };
        let input = mutate(&mut rng, base, &corpus);
        let text = String::from_utf8_lossy(&input).into_owned();
        let one = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| run_one(text.clone(), &partners, &env)));
        let took = one.elapsed();
        runs += 1;
        let save = |kind: &str, n: u64| {
            let _ = std::fs::create_dir_all(findings_dir);
            let file = findings_dir.join(format!("{kind}-{seed}-{n}.toml"));
            let _ = std::fs::write(&file, &text);
            eprintln!("{kind}: saved {}", file.display());
        };
        match outcome {
            Err(_) => {
                crashes += 1;
                save("crash", crashes);
            }
            Ok(outcome) => {
                if outcome.starts_with("vehicle") {
                    loaded += 1;
                }
                if took > Duration::from_secs(1) {
                    slow += 1;
                    save("slow", slow);
                }
                if seen.insert(outcome) {
                    corpus.push(input);
                    last_new = Instant::now();
                }
            }
        }
        if runs % 5000 == 0 {
            eprintln!(
                "{:>6.0}s {runs} runs, {} outcomes, corpus {}, {loaded} loaded as vehicles, {crashes} crashes, {slow} slow",
                started.elapsed().as_secs_f64(),
                seen.len(),
                corpus.len()
            );
        }
    }
    println!(
        "{runs} runs in {:.0} s: {} distinct outcomes, corpus {}, {loaded} loaded as vehicles and checked, \
         {crashes} crashes, {slow} slow (>1 s); last new outcome {:.0} s before the end",
        started.elapsed().as_secs_f64(),
        seen.len(),
        corpus.len(),
        last_new.elapsed().as_secs_f64()
    );
    if crashes > 0 {
        std::process::exit(1);
    }
}
