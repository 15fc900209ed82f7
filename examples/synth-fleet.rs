//! Writes a synthetic fleet (see `rescue_interop::synth`) for measuring the
//! CLI: `cargo run --release --example synth-fleet -- N SEED OUTDIR`, then
//! `rescue-interop matrix OUTDIR/vehicles --format json`.

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(count), Some(seed), Some(dir)) = (
        args.first().and_then(|a| a.parse::<usize>().ok()),
        args.get(1).and_then(|a| a.parse::<u64>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: synth-fleet N SEED OUTDIR");
        return std::process::ExitCode::from(2);
    };
    match rescue_interop::synth::write_fleet(std::path::Path::new(dir), count, seed) {
        Ok(vehicles) => {
            println!("{}", vehicles.display());
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
