//! Contact-phase rules at the level of specs: the worked link budget through
//! the rule, its monotonicity in range and independence from the units a
//! spec is written in, and the bundled ISS / Soyuz MS pair.

use std::path::Path;

use proptest::prelude::*;
use rescue_interop::check::{Selection, check_pair};
use rescue_interop::decibel::Decibels;
use rescue_interop::report::{Style, build_check_report, text};
use rescue_interop::rules::contact::link_margin::budget_between;
use rescue_interop::rules::{Environment, Options, Phase, Severity};
use rescue_interop::spec::{Vehicle, load_vehicle, vehicle_from_str};
use uom::si::f64::Length;
use uom::si::length::kilometer;

/// A vehicle with one UHF radio whose budget inputs are written as given.
fn uhf_vehicle(id: &str, tx: &str, eirp: &str, temperature: &str, rate: &str) -> Vehicle {
    let text = format!(
        r#"format = 1

[vehicle]
id = "{id}"
name = "{id}"
kind = "capsule"

[[radios]]
id = "uhf"
purpose = ["voice", "proximity"]
tx_frequencies = ["{tx}"]
rx_bands = [{{ min = "410 MHz", max = "420 MHz" }}]
modulation = "bpsk"
protocols = ["sscs"]
eirp = "{eirp}"
antenna_gain = "0 dBi"
system_noise_temperature = "{temperature}"
data_rate = "{rate}"
required_eb_n0 = "9.6 dB"
implementation_loss = "3 dB"
"#
    );
    match vehicle_from_str(&format!("{id}.toml"), &text) {
        Ok(v) => v,
        Err(e) => panic!("{id}: {e:?}\n{text}"),
    }
}

/// The worked SSOR-class radio of comms.md §3.3.
fn ssor(id: &str) -> Vehicle {
    uhf_vehicle(id, "414.2 MHz", "19.1 dBm", "500 K", "32 kb/s")
}

fn km(x: f64) -> Length {
    Length::new::<kilometer>(x)
}

fn margin(tx: &Vehicle, rx: &Vehicle, range: Length, options: &Options) -> f64 {
    budget_between(&tx.radios[0], &rx.radios[0], range, options)
        .map(|b| b.margin.db())
        .unwrap_or(f64::NAN)
}

#[test]
fn the_rule_reproduces_the_worked_budget() {
    // comms.md §3.3: +45.3 dB at 1 km, +25.3 dB at 10 km, -0.7 dB at 200 km.
    let (a, b) = (ssor("a"), ssor("b"));
    let options = Options::default();
    for (range, published) in [(1.0, 45.3), (10.0, 25.3), (200.0, -0.7)] {
        let m = margin(&a, &b, km(range), &options);
        assert!(
            (m - published).abs() <= 0.05,
            "{range} km: {m} dB, published {published} dB"
        );
    }
    // Through the engine: the link fails at 200 km, with the budget lines.
    let env = Environment {
        options: Options {
            range: km(200.0),
            ..Options::default()
        },
        ..Environment::default()
    };
    let results = check_pair(
        &a,
        &b,
        &env,
        &Selection {
            phases: vec![Phase::Contact],
            ..Selection::default()
        },
    );
    let finding = results[0]
        .findings
        .iter()
        .find(|f| f.rule.id == "CONTACT-002")
        .expect("a link-margin finding at 200 km");
    assert_eq!(finding.severity, Severity::Blocking);
    let labels: Vec<&str> = finding
        .body
        .evidence
        .iter()
        .map(|e| e.label.as_str())
        .collect();
    for line in [
        "Transmit EIRP",
        "Free-space path loss",
        "Blockage and multipath allowance",
        "Receive antenna gain",
        "Received power",
        "Noise spectral density",
        "Eb/N0",
        "Link margin",
    ] {
        assert!(
            labels.iter().any(|l| l.starts_with(line)),
            "no '{line}' line in {labels:?}"
        );
    }
}

#[test]
fn blockage_allowance_comes_from_the_radios_or_the_option() {
    let (a, b) = (ssor("a"), ssor("b"));
    let default = margin(&a, &b, km(10.0), &Options::default());
    let heavier = Options {
        blockage_allowance: Decibels::new(13.0),
        ..Options::default()
    };
    assert!((margin(&a, &b, km(10.0), &heavier) - (default - 10.0)).abs() < 1e-9);
}

proptest! {
    #[test]
    fn link_margin_decreases_as_range_grows(
        near in 0.01f64..1000.0,
        factor in 1.001f64..100.0,
        eirp in -20.0f64..40.0,
    ) {
        let a = uhf_vehicle("a", "414.2 MHz", &format!("{eirp} dBm"), "500 K", "32 kb/s");
        let b = ssor("b");
        let options = Options::default();
        let close = margin(&a, &b, km(near), &options);
        let far = margin(&a, &b, km(near * factor), &options);
        prop_assert!(far < close, "{far} dB at {} km, {close} dB at {near} km", near * factor);
        // 20 dB per decade of range.
        prop_assert!(((close - far) - 20.0 * factor.log10()).abs() < 1e-6);
    }

    #[test]
    fn link_margin_does_not_depend_on_the_units_written(
        f_mhz in 410.0f64..420.0,
        eirp_dbm in -20.0f64..40.0,
        t_k in 50.0f64..2000.0,
        rate_kbps in 1.0f64..2000.0,
        range_km in 0.1f64..500.0,
    ) {
        let in_mhz = uhf_vehicle(
            "a",
            &format!("{f_mhz} MHz"),
            &format!("{eirp_dbm} dBm"),
            &format!("{t_k} K"),
            &format!("{rate_kbps} kb/s"),
        );
        let in_other_units = uhf_vehicle(
            "a",
            &format!("{} GHz", f_mhz / 1000.0),
            &format!("{} dBW", eirp_dbm - 30.0),
            &format!("{} °C", t_k - 273.15),
            &format!("{} b/s", rate_kbps * 1000.0),
        );
        let rx = ssor("b");
        let options = Options::default();
        let m1 = margin(&in_mhz, &rx, km(range_km), &options);
        let m2 = margin(&in_other_units, &rx, Length::new::<uom::si::length::meter>(range_km * 1000.0), &options);
        prop_assert!(m1.is_finite());
        prop_assert!((m1 - m2).abs() < 1e-6, "{m1} dB against {m2} dB");
        // And back the other way, the other side receiving.
        let back1 = margin(&rx, &in_mhz, km(range_km), &options);
        let back2 = margin(&rx, &in_other_units, km(range_km), &options);
        prop_assert!((back1 - back2).abs() < 1e-6, "{back1} dB against {back2} dB");
    }
}

#[test]
fn iss_us_radio_and_soyuz_vhf_share_no_channel_and_the_report_gives_the_frequencies() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/vehicles");
    let iss = load_vehicle(&root.join("iss.toml")).expect("iss.toml loads");
    let soyuz = load_vehicle(&root.join("soyuz-ms.toml")).expect("soyuz-ms.toml loads");
    let results = check_pair(
        &iss,
        &soyuz,
        &Environment::default(),
        &Selection {
            phases: vec![Phase::Contact],
            ..Selection::default()
        },
    );
    for direction in &results {
        let finding = direction
            .findings
            .iter()
            .find(|f| f.rule.id == "CONTACT-001")
            .expect("a voice-channel finding");
        // The Russian segment's side of the Soyuz 121.75 MHz link is in the
        // library with its modulation unknown, so the pair as a whole is
        // undetermined; the US-segment radio is still ruled out below.
        assert_eq!(finding.severity, Severity::Unknown);
    }
    let report = build_check_report([&iss, &soyuz], &results);
    let rendered = text::render(&report, &[&iss.file, &soyuz.file], Style::PLAIN);
    for needle in [
        // The US-segment SSCS radio against the Soyuz VHF voice radio.
        "'sscs-uhf' (414.2, 417.1 MHz): closest radio of Soyuz MS",
        "'vhf-voice' (121.75 MHz), 292.45 MHz apart",
        // The Russian segment's VHF link on the Soyuz frequency.
        "'ros-vhf-soyuz-link' (121.75 MHz)",
    ] {
        assert!(rendered.contains(needle), "'{needle}' not in:\n{rendered}");
    }
}

#[test]
fn range_and_blockage_allowance_come_from_the_command_line() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/rules/CONTACT-002/pass-worked-budget-at-23-km");
    let run = |args: &[&str]| {
        assert_cmd::Command::cargo_bin("rescue-interop")
            .expect("binary")
            // Long lines unwrapped, for the phrases matched below.
            .env("COLUMNS", "1000")
            .arg("check")
            .arg(case.join("a.toml"))
            .arg(case.join("b.toml"))
            .args(["--phase", "contact"])
            .args(args)
            .output()
            .expect("runs")
    };
    let out = run(&[]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("link-margin"));
    // The worked budget fails at 200 km (-0.7 dB).
    let out = run(&["--range", "200 km"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("does not close at 200 km"), "{text}");
    // +18 dB at 23 km; a 20 dB allowance instead of 3 dB leaves about +1 dB.
    let out = run(&["--blockage-allowance", "20 dB"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("closes with a thin margin"), "{text}");
    let out = run(&["--blockage-allowance", "20"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--blockage-allowance"));
}
