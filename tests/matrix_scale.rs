//! The streamed fleet matrix on a generated fleet: every cell equals the
//! pairwise check, and the stream is the same document as the in-memory
//! report. Timing is measured by `benches/`, never here.

use rescue_interop::check::{Selection, check_situation};
use rescue_interop::matrix::{HomeStations, MatrixOptions, build_matrix, write_matrix_json};
use rescue_interop::report::model::Judging;
use rescue_interop::rules::{Environment, Severity};

fn fleet(count: usize, seed: u64) -> (tempfile::TempDir, Vec<rescue_interop::spec::Vehicle>) {
    let dir = tempfile::tempdir().unwrap();
    let vehicles = rescue_interop::synth::write_fleet(dir.path(), count, seed).unwrap();
    let mut paths: Vec<_> = std::fs::read_dir(&vehicles)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let fleet = paths
        .iter()
        .map(|p| rescue_interop::spec::load_vehicle(p).unwrap())
        .collect();
    (dir, fleet)
}

#[test]
fn the_generator_is_seeded_and_every_spec_loads() {
    let a = rescue_interop::synth::fleet(30, 9);
    let b = rescue_interop::synth::fleet(30, 9);
    let c = rescue_interop::synth::fleet(30, 10);
    assert_eq!(a.len(), 30);
    assert!(a.iter().zip(&b).all(|(x, y)| x.text == y.text));
    assert!(a.iter().zip(&c).any(|(x, y)| x.text != y.text));
    let (_dir, vehicles) = fleet(30, 9);
    assert_eq!(vehicles.len(), 30);
}

#[test]
fn every_streamed_cell_of_a_generated_fleet_equals_the_pairwise_check() {
    let (_dir, vehicles) = fleet(50, 12);
    let env = Environment::default();
    let mut streamed = Vec::new();
    let reported = std::sync::atomic::AtomicU64::new(0);
    let outcome = write_matrix_json(
        &vehicles,
        &env,
        &rescue_interop::check::Selection::default(),
        &|cells| {
            reported.fetch_add(cells, std::sync::atomic::Ordering::Relaxed);
        },
        &mut streamed,
    )
    .unwrap();
    // Progress counts every cell once.
    // Every ordered pair, the diagonal included.
    assert_eq!(reported.into_inner(), 50 * 50);
    let streamed: serde_json::Value = serde_json::from_slice(&streamed).unwrap();
    let report = build_matrix(
        &vehicles,
        &env,
        &MatrixOptions::default(),
        &Judging::default(),
        &|_| {},
    );
    let in_memory = serde_json::to_value(&report).unwrap();
    assert_eq!(streamed, in_memory, "the stream is the in-memory document");
    assert_eq!(outcome.summary.pairs, 50 * 50);

    let mut verdicts = std::collections::BTreeSet::new();
    let mut blocking_rules = std::collections::BTreeSet::new();
    let homes = HomeStations::of(&vehicles);
    for cell in &report.cells {
        let r = vehicles.iter().position(|v| v.id == cell.rescuer).unwrap();
        let d = vehicles
            .iter()
            .position(|v| v.id == cell.distressed)
            .unwrap();
        // The cell's default scenario, as `check_situation` runs it.
        let situation = homes.situation(&vehicles, r, d, None).unwrap();
        let check = check_situation(&situation, &env, &Selection::default());
        let pair = format!("{} rescues {}", cell.rescuer, cell.distressed);
        assert_eq!(check.verdict().kind, cell.verdict, "{pair}");
        assert_eq!(check.verdict().mode, cell.mode, "{pair}");
        assert_eq!(check.verdict().phase, cell.phase, "{pair}");
        assert_eq!(
            check.findings.iter().map(|f| f.severity).max(),
            cell.worst,
            "{pair}"
        );
        for phase in &cell.phases {
            for mode in &phase.modes {
                let count = |s: Severity| {
                    check
                        .findings
                        .iter()
                        .filter(|f| f.rule.phase == phase.phase && f.severity == s)
                        .filter(|f| f.rule.modes.contains(&mode.mode))
                        .count() as u32
                };
                assert_eq!(
                    Severity::ALL.map(|s| mode.counts.get(s)),
                    Severity::ALL.map(count),
                    "{pair} {:?} {:?}",
                    phase.phase,
                    mode.mode
                );
            }
        }
        let blockers: Vec<&str> = rescue_interop::rules::registry()
            .iter()
            .filter(|rule| {
                check
                    .findings
                    .iter()
                    .any(|f| f.rule.id == rule.id && f.severity == Severity::Blocking)
            })
            .map(|rule| rule.id)
            .collect();
        assert_eq!(blockers, cell.blocking_rules, "{pair}");
        verdicts.insert(format!("{:?}", cell.verdict));
        blocking_rules.extend(cell.blocking_rules.iter().cloned());
    }
    // The generated fleet is varied: more than one verdict, many blockers.
    assert!(verdicts.len() >= 2, "{verdicts:?}");
    assert!(blocking_rules.len() >= 5, "{blocking_rules:?}");
}

/// Every format streams (issue 22): the stream, cell by cell, writes the
/// same bytes as the renderer of the report built in memory; with a
/// waivers file too (issue 20), the waived findings deciding nothing in
/// either.
#[test]
fn every_streamed_format_is_the_in_memory_report() {
    use rescue_interop::matrix::stream::{MatrixRenderer, render_report, stream};
    use rescue_interop::report::{self, Style};
    use rescue_interop::waivers::{Date, Waivers};
    let (dir, vehicles) = fleet(9, 4);
    let env = Environment::default();
    let options = MatrixOptions {
        findings: true,
        ..MatrixOptions::default()
    };
    let plain = build_matrix(&vehicles, &env, &options, &Judging::default(), &|_| {});
    // Waive the first blocking finding of every other cell, and add a
    // waiver that matches nothing.
    let mut text = String::new();
    for cell in plain.cells.iter().step_by(2) {
        let first = cell
            .report
            .as_ref()
            .and_then(|d| d.findings.iter().find(|f| f.severity == Severity::Blocking));
        if let Some(f) = first {
            text.push_str(&format!(
                "[[waiver]]\nfingerprint = \"{}\"\nreason = \"accepted\"\nowner = \"ops\"\nexpires = 2999-12-31\n\n",
                f.fingerprint
            ));
        }
    }
    text.push_str("[[waiver]]\nfingerprint = \"0000000000000000\"\nreason = \"none\"\nowner = \"ops\"\nexpires = 2999-12-31\n");
    let path = dir.path().join("waivers.toml");
    std::fs::write(&path, text).unwrap();
    let waivers = Waivers::load(&path, Date::parse("2026-01-01").unwrap()).unwrap();
    for judging in [
        Judging::default(),
        Judging {
            waivers: Some(&waivers),
            overrides_from: None,
        },
    ] {
        let report = build_matrix(&vehicles, &env, &options, &judging, &|_| {});
        if let Some(section) = &report.waivers {
            assert!(
                section.applied > 0 && section.unused.len() == 1,
                "{section:?}"
            );
        }
        let renderers: Vec<(&str, Box<dyn MatrixRenderer>)> = vec![
            (
                "text",
                Box::new(report::matrix_text::TextMatrix::new(Style::PLAIN, true)),
            ),
            (
                "markdown",
                Box::new(report::markdown::MarkdownMatrix { findings: true }),
            ),
            ("html", Box::new(report::html::HtmlMatrix)),
            ("sarif", Box::new(report::sarif::SarifMatrix)),
            ("junit", Box::new(report::junit::JunitMatrix)),
            (
                "json",
                Box::new(report::json::JsonMatrix { findings: true }),
            ),
            (
                "json of verdicts",
                Box::new(report::json::JsonMatrix { findings: false }),
            ),
        ];
        for (format, renderer) in renderers {
            let mut streamed = Vec::new();
            let outcome = stream(
                &vehicles,
                &env,
                &options,
                &judging,
                renderer.as_ref(),
                &|_| {},
                &mut streamed,
            )
            .unwrap();
            assert_eq!(outcome.summary.pairs, 9 * 9, "{format}");
            let streamed = String::from_utf8(streamed).unwrap();
            assert_same(
                &streamed,
                &render_report(&report, renderer.as_ref()),
                format,
            );
            if format == "json" {
                let parsed: serde_json::Value = serde_json::from_str(&streamed).unwrap();
                assert_eq!(parsed, serde_json::to_value(&report).unwrap());
            }
            if format == "json of verdicts" && judging.waivers.is_none() {
                // The fast writer of verdicts alone writes the same bytes.
                let mut fast = Vec::new();
                write_matrix_json(&vehicles, &env, &Selection::default(), &|_| {}, &mut fast)
                    .unwrap();
                assert_same(&String::from_utf8(fast).unwrap(), &streamed, "fast json");
            }
        }
    }
}

/// Two documents are the same; else where they first differ.
fn assert_same(a: &str, b: &str, what: &str) {
    if a == b {
        return;
    }
    let at = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    let around = |s: &str| -> String {
        s.chars()
            .skip(s[..at.min(s.len())].chars().count().saturating_sub(300))
            .take(600)
            .collect()
    };
    panic!(
        "{what}: the documents differ at byte {at}:\n--- first\n{}\n--- second\n{}",
        around(a),
        around(b)
    );
}
