//! The streamed fleet matrix on a generated fleet: every cell equals the
//! pairwise check, and the stream is the same document as the in-memory
//! report. Timing is measured by `benches/`, never here.

use rescue_interop::check::{Selection, check_direction};
use rescue_interop::matrix::{MatrixOptions, build_matrix, write_matrix_json};
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
        &[],
        &env,
        &Selection::default(),
        &|cells| {
            reported.fetch_add(cells, std::sync::atomic::Ordering::Relaxed);
        },
        &mut streamed,
    )
    .unwrap();
    // Progress counts every cell once.
    assert_eq!(reported.into_inner(), 50 * 49);
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
    assert_eq!(outcome.summary.pairs, 50 * 49);

    let mut verdicts = std::collections::BTreeSet::new();
    let mut blocking_rules = std::collections::BTreeSet::new();
    for cell in &report.cells {
        let rescuer = vehicles.iter().find(|v| v.id == cell.rescuer).unwrap();
        let distressed = vehicles.iter().find(|v| v.id == cell.distressed).unwrap();
        let check = check_direction(rescuer, distressed, &env, &Selection::default());
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
        let mut blockers: Vec<&str> = check
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Blocking)
            .map(|f| f.rule.id)
            .collect();
        blockers.dedup();
        assert_eq!(blockers, cell.blocking_rules, "{pair}");
        verdicts.insert(format!("{:?}", cell.verdict));
        blocking_rules.extend(cell.blocking_rules.iter().cloned());
    }
    // The generated fleet is varied: more than one verdict, many blockers.
    assert!(verdicts.len() >= 2, "{verdicts:?}");
    assert!(blocking_rules.len() >= 5, "{blocking_rules:?}");
}
