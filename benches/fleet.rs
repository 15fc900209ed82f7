//! Benchmarks (divan): loading a spec, checking one pair, and the full
//! streamed JSON matrix of synthetic fleets of 100, 1,000 and 3,000
//! vehicles (`rescue_interop::synth`, seed 42). Run with
//! `cargo bench --bench fleet`; `cargo test` never runs them
//! (`harness = false`). Figures: docs/performance.md.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rescue_interop::check::Selection;
use rescue_interop::rules::Environment;
use rescue_interop::spec::Vehicle;

fn main() {
    divan::main();
}

const SEED: u64 = 42;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A synthetic fleet written once per run to a temporary directory, loaded.
fn fleet(count: usize) -> Vec<Vehicle> {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let base = DIR.get_or_init(|| {
        std::env::temp_dir().join(format!("rescue-interop-bench-{}", std::process::id()))
    });
    let dir = base.join(count.to_string());
    let vehicles = rescue_interop::synth::write_fleet(&dir, count, SEED)
        .unwrap_or_else(|e| panic!("cannot write the fleet: {e}"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&vehicles)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| rescue_interop::spec::load_vehicle(p).ok())
        .collect()
}

#[divan::bench]
fn load_one_spec(bencher: divan::Bencher) {
    let path = root().join("specs/vehicles/iss.toml");
    bencher.bench(|| rescue_interop::spec::load_vehicle(divan::black_box(Path::new(&path))));
}

#[divan::bench]
fn check_one_pair(bencher: divan::Bencher) {
    let load = |name: &str| {
        rescue_interop::spec::load_vehicle(&root().join(format!("specs/vehicles/{name}.toml")))
    };
    let (Ok(a), Ok(b)) = (load("crew-dragon"), load("soyuz-ms")) else {
        panic!("bundled specs must load");
    };
    let env = Environment::default();
    bencher.bench(|| {
        let ab = rescue_interop::check::check_direction(&a, &b, &env, &Selection::default());
        let ba = rescue_interop::check::check_direction(&b, &a, &env, &Selection::default());
        (ab.verdict(), ba.verdict())
    });
}

/// The whole streamed JSON matrix (every cell's verdict, worst severity and
/// each phase's state and counts per mode), written to a sink that discards
/// the bytes.
#[divan::bench(args = [100, 1000, 3000], sample_count = 3, sample_size = 1)]
fn matrix_json(bencher: divan::Bencher, count: usize) {
    let vehicles = fleet(count);
    let env = Environment::default();
    bencher.bench(|| {
        rescue_interop::matrix::write_matrix_json(
            &vehicles,
            &env,
            &Selection::default(),
            &|_| {},
            &mut std::io::sink(),
        )
        .map(|outcome| outcome.summary.pairs)
    });
}
