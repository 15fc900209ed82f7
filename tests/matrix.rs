//! The fleet matrix: each cell equals `check` of its pair, and every report
//! format of `check` and `matrix` on a small real fleet (crew-dragon,
//! soyuz-ms, iss), as snapshots (dates fixed by `RESCUE_INTEROP_DATE`).
//! The JSON obeys its published schema, the SARIF the official SARIF 2.1.0
//! schema, the JUnit XML parses.
//!
//! `UPDATE_DOCS=1 cargo test --test matrix` rewrites docs/matrix.schema.json;
//! `INSTA_UPDATE=always cargo test --test matrix` the snapshots.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use rescue_interop::check::{Selection, check_situation};
use rescue_interop::matrix::{HomeStations, MatrixOptions, build_matrix};
use rescue_interop::report::model::Judging;
use rescue_interop::rules::{Environment, Severity};
use rescue_interop::spec::{Document, Standards, Vehicle, load};

const DATE: &str = "2026-01-01";
const FLEET: &[&str] = &[
    "specs/vehicles/crew-dragon.toml",
    "specs/vehicles/soyuz-ms.toml",
    "specs/vehicles/iss.toml",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bundled_fleet() -> Vec<Vehicle> {
    let (files, problems) =
        load::collect_spec_paths(&[root().join("specs/vehicles"), root().join("specs/adapters")]);
    assert!(problems.is_empty(), "{problems:?}");
    files
        .iter()
        .filter_map(|path| match load::load_path(path, Standards::bundled()) {
            Ok(Document::Vehicle(v)) => Some(*v),
            Ok(_) => None,
            Err(e) => panic!("{}: {:?}", path.display(), e.diagnostics),
        })
        .collect()
}

#[test]
fn every_cell_of_the_bundled_fleet_equals_check_of_its_pair() {
    let fleet = bundled_fleet();
    assert!(fleet.len() >= 3);
    let env = Environment::default();
    let report = build_matrix(
        &fleet,
        &env,
        &MatrixOptions::default(),
        &Judging::default(),
        &|_| {},
    );
    // Every ordered pair, the diagonal included.
    assert_eq!(report.cells.len(), fleet.len() * fleet.len());
    let homes = HomeStations::of(&fleet);
    for (r, rescuer) in fleet.iter().enumerate() {
        for (d, distressed) in fleet.iter().enumerate() {
            let cell = report
                .cell(&rescuer.id, &distressed.id)
                .unwrap_or_else(|| panic!("no cell {} -> {}", rescuer.id, distressed.id));
            // The cell's default scenario: the crew at its home station when
            // the fleet has it (the same scenario `check_situation` runs).
            let situation = homes.situation(&fleet, r, d, None).expect("in the fleet");
            let checked = check_situation(&situation, &env, &Selection::default());
            let pair = format!("{} rescues {}", rescuer.id, distressed.id);
            assert_eq!(cell.verdict, checked.verdict().kind, "{pair}");
            assert_eq!(cell.mode, checked.verdict().mode, "{pair}");
            assert_eq!(cell.phase, checked.verdict().phase, "{pair}");
            let worst = checked.findings.iter().map(|f| f.severity).max();
            assert_eq!(cell.worst, worst, "{pair}");
            for p in &cell.phases {
                let expected = checked.judgement.phase(p.phase).map(|j| (j.state, j.mode));
                assert_eq!(Some((p.state, p.mode)), expected, "{pair}");
                for m in &p.modes {
                    let count = |s: Severity| {
                        checked
                            .findings
                            .iter()
                            .filter(|f| f.rule.phase == p.phase && f.severity == s)
                            .filter(|f| f.modes.contains(m.mode))
                            .count() as u32
                    };
                    assert_eq!(
                        Severity::ALL.map(|s| m.counts.get(s)),
                        Severity::ALL.map(count),
                        "{pair} {} {}",
                        p.phase,
                        m.mode
                    );
                }
            }
            let blocking: Vec<&str> = rescue_interop::rules::registry()
                .iter()
                .filter(|rule| {
                    checked
                        .findings
                        .iter()
                        .any(|f| f.rule.id == rule.id && f.severity == Severity::Blocking)
                })
                .map(|rule| rule.id)
                .collect();
            assert_eq!(cell.blocking_rules, blocking, "{pair}");
        }
    }
}

#[test]
fn matrix_cells_equal_the_check_command_verdicts() {
    let (json, _) = run(&["matrix", "--format", "json"], FLEET);
    let matrix: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    let cells = matrix["cells"].as_array().cloned().unwrap_or_default();
    assert_eq!(cells.len(), 9, "every ordered pair, the diagonal included");
    // `check` judges a free-flying crew: the columns the matrix puts at a
    // home station are compared in the library (the first test).
    let free: Vec<&str> = matrix["defaults"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d.get("station").is_none())
        .filter_map(|d| d["distressed"].as_str())
        .collect();
    assert!(!free.is_empty() && free.len() < 3, "{free:?}");
    for cell in cells {
        let (r, d) = (cell["rescuer"].as_str(), cell["distressed"].as_str());
        if !d.is_some_and(|d| free.contains(&d)) {
            continue;
        }
        let path = |id: Option<&str>| format!("specs/vehicles/{}.toml", id.unwrap_or("?"));
        let (text, _) = run(&["check", "--format", "json"], &[&path(r), &path(d)]);
        let check: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let verdict = &check["directions"][0]["verdict"];
        assert_eq!(cell["verdict"], verdict["kind"], "{r:?} rescues {d:?}");
        assert_eq!(cell["phase"], verdict["phase"], "{r:?} rescues {d:?}");
        assert_eq!(cell["mode"], verdict["mode"], "{r:?} rescues {d:?}");
    }
}

/// Runs the tool with a fixed date; returns stdout and the exit status.
fn run(args: &[&str], files: &[&str]) -> (String, i32) {
    let output = cargo_bin_cmd!("rescue-interop")
        .current_dir(root())
        .env("RESCUE_INTEROP_DATE", DATE)
        .env_remove("COLUMNS")
        .args(["--color", "never"])
        .args(args)
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run rescue-interop: {e}"));
    assert!(
        output.stderr.is_empty(),
        "{args:?}: unexpected stderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

const FORMATS: &[&str] = &["text", "json", "markdown", "html", "sarif", "junit"];
const PAIR: &[&str] = &[
    "specs/vehicles/crew-dragon.toml",
    "specs/vehicles/soyuz-ms.toml",
];

#[test]
fn every_format_of_the_small_fleet_matrix() {
    for format in FORMATS {
        let (text, code) = run(&["matrix", "--format", format], FLEET);
        assert_eq!(code, 1, "{format}: the small fleet has blocking findings");
        assert!(text.contains(DATE), "{format}: no date");
        assert!(text.contains("rule"), "{format}: no rule set");
        assert!(
            text.contains("3f3356c7a1c2fcbf7d955cfaa7954d9a17be063f03d5ecc5c9679a1bd2206838")
                || !text.contains("soyuz"),
            "{format}: no SHA-256 of soyuz-ms.toml"
        );
        if !matches!(*format, "sarif" | "junit" | "json") {
            assert!(
                text.contains("rows are the rescuing vehicle"),
                "{format}: the page does not say how to read the grid"
            );
        }
        insta::assert_snapshot!(format!("matrix__{format}"), text);
    }
    let (with_findings, _) = run(&["matrix", "--findings"], FLEET);
    assert!(with_findings.contains("== crew-dragon rescues soyuz-ms =="));
}

#[test]
fn every_new_format_of_check() {
    for format in ["markdown", "html", "sarif", "junit"] {
        let (text, code) = run(&["check", "--format", format], PAIR);
        assert_eq!(code, 1, "{format}");
        assert!(text.contains(DATE), "{format}: no date");
        insta::assert_snapshot!(format!("check__{format}"), text);
    }
}

#[test]
fn quiet_matrix_prints_only_the_summary_line() {
    let (text, _) = run(&["matrix", "--quiet"], FLEET);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("9 pairs: "), "{text}");
}

#[test]
fn matrix_rejects_a_fleet_of_one_and_bad_specs() {
    let output = cargo_bin_cmd!("rescue-interop")
        .current_dir(root())
        .args(["matrix", "specs/vehicles/iss.toml"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "id = 3\n").unwrap_or_else(|e| panic!("{e}"));
    let output = cargo_bin_cmd!("rescue-interop")
        .current_dir(root())
        .args(["matrix", "specs/vehicles/iss.toml"])
        .arg(&bad)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}

#[test]
fn matrix_folders_skip_suits_and_data_files() {
    let (text, _) = run(&["matrix", "--quiet"], &["specs"]);
    // 20 vehicles (11 orbital, 9 lunar): 20 * 20 ordered pairs, the
    // diagonal included; the 2 adapters are routed through, not rescuers,
    // and the suit files, the data files and the scenarios under
    // specs/scenarios are not vehicles.
    assert!(text.starts_with("400 pairs: "), "{text}");
}

fn schema_path() -> PathBuf {
    root().join("docs/matrix.schema.json")
}

/// The schema as `schema --of matrix` prints it.
fn current_schema_text() -> String {
    rescue_interop::commands::registry::schema_text(
        rescue_interop::commands::registry::SchemaKind::Matrix,
    )
}

#[test]
fn published_matrix_schema_is_current() {
    let expected = current_schema_text();
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1") {
        std::fs::write(schema_path(), &expected).unwrap_or_else(|e| panic!("{e}"));
        return;
    }
    let published = std::fs::read_to_string(schema_path()).unwrap_or_default();
    assert!(
        published == expected,
        "docs/matrix.schema.json is stale: run `UPDATE_DOCS=1 cargo test --test matrix` \
         (or `rescue-interop schema --of matrix > docs/matrix.schema.json`)"
    );
}

#[test]
fn matrix_json_validates_against_the_published_schema() {
    let text = std::fs::read_to_string(schema_path()).unwrap_or_else(|e| panic!("{e}"));
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let validator = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{e}"));
    for extra in [None, Some("--findings")] {
        let mut args = vec!["matrix", "--format", "json"];
        args.extend(extra);
        let (report, _) = run(&args, FLEET);
        let report: serde_json::Value = serde_json::from_str(&report).unwrap_or_default();
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{extra:?}:\n  {}", errors.join("\n  "));
    }
}

/// The official SARIF 2.1.0 schema (OASIS, errata 01), committed
/// unmodified under `tests/data/` with its notice.
fn sarif_schema() -> serde_json::Value {
    let text = std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn sarif_passes_the_sarif_2_1_0_schema_and_points_at_spec_lines() {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&sarif_schema())
        .unwrap_or_else(|e| panic!("{e}"));
    for (args, files) in [
        (vec!["check", "--format", "sarif"], PAIR),
        (vec!["matrix", "--format", "sarif"], FLEET),
    ] {
        let (text, _) = run(&args, files);
        let sarif: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}:\n  {}", errors.join("\n  "));
        let results = sarif["runs"][0]["results"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(!results.is_empty());
        let rules: Vec<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .map(|r| r.iter().filter_map(|r| r["id"].as_str()).collect())
            .unwrap_or_default();
        assert!(
            results
                .iter()
                .all(|r| r["ruleId"].as_str().is_some_and(|id| rules.contains(&id)))
        );
        assert!(results.iter().any(|r| {
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .is_some()
        }));
    }
}

#[test]
fn junit_parses_with_a_suite_per_pair_and_a_case_per_rule() {
    let rules = rescue_interop::rules::registry().len();
    for (args, files, suites) in [
        (vec!["check", "--format", "junit"], PAIR, 2),
        (vec!["matrix", "--format", "junit"], FLEET, 9),
    ] {
        let (text, _) = run(&args, files);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        let found: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("testsuite"))
            .collect();
        assert_eq!(found.len(), suites, "{args:?}");
        for suite in found {
            let cases = suite
                .children()
                .filter(|n| n.has_tag_name("testcase"))
                .count();
            assert_eq!(cases, rules, "{args:?}");
            let failures = suite
                .children()
                .filter(|n| n.children().any(|c| c.has_tag_name("failure")))
                .count();
            assert_eq!(
                suite.attribute("failures"),
                Some(failures.to_string().as_str())
            );
        }
    }
}

/// Chromium, when it is on PATH (Debian: `apt-get install -y chromium`);
/// the tests that need it say they were skipped otherwise.
fn chromium() -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|dir| dir.join("chromium"))
        .find(|p| p.is_file())
}

/// The HTML reports render in headless Chromium without console errors
/// and the screenshots are written (runs `scripts/screenshot-html.sh`;
/// skipped when `chromium` is not on PATH).
#[test]
fn html_reports_render_in_headless_chromium() {
    if chromium().is_none() {
        eprintln!("skipped: chromium is not on PATH (apt-get install -y chromium)");
        return;
    }
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // The browser must not share the test run's standard input.
    let output = std::process::Command::new("sh")
        .stdin(std::process::Stdio::null())
        .arg(root().join("scripts/screenshot-html.sh"))
        .env("OUT_DIR", out.path())
        .env("BIN", env!("CARGO_BIN_EXE_rescue-interop"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run the script: {e}"));
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    for page in ["matrix.png", "check.png"] {
        let size = std::fs::metadata(out.path().join(page)).map_or(0, |m| m.len());
        assert!(size > 10_000, "{page}: {size} bytes");
    }
}

/// Every HTML page fits a 1280 px wide window: laid out by headless
/// Chromium (scroll bars hidden), the document is no wider than the window.
/// Skipped when `chromium` is not on PATH.
#[test]
fn html_pages_fit_1280_px() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: chromium is not on PATH (apt-get install -y chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let pages: [(&str, Vec<&str>); 4] = [
        (
            "check",
            vec![
                "check",
                "specs/vehicles/crew-dragon.toml",
                "specs/vehicles/soyuz-ms.toml",
            ],
        ),
        (
            "check-iss",
            vec![
                "check",
                "specs/vehicles/crew-dragon.toml",
                "specs/vehicles/iss.toml",
            ],
        ),
        (
            "matrix",
            vec![
                "matrix",
                "specs/vehicles/crew-dragon.toml",
                "specs/vehicles/soyuz-ms.toml",
                "specs/vehicles/iss.toml",
                "specs/vehicles/starliner.toml",
            ],
        ),
        (
            "plan",
            vec![
                "plan",
                "specs/vehicles/apollo-csm-1975.toml",
                "specs/vehicles/soyuz-7k-tm-1975.toml",
                "--via",
                "specs",
            ],
        ),
    ];
    for (name, args) in pages {
        let (html, _) = run(&[args.as_slice(), &["--format", "html"]].concat(), &[]);
        // The page measures itself into its title once laid out.
        let probe = html.replace(
            "</body>",
            "<script>document.title = 'width ' + document.documentElement.scrollWidth;</script></body>",
        );
        let page = dir.path().join(format!("{name}.html"));
        std::fs::write(&page, probe).unwrap_or_else(|e| panic!("{e}"));
        let output = std::process::Command::new(&browser)
            .stdin(std::process::Stdio::null())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--window-size=1280,1000",
                "--dump-dom",
            ])
            .arg(format!(
                "--user-data-dir={}",
                dir.path().join(format!("{name}-profile")).display()
            ))
            .arg(format!("file://{}", page.display()))
            .output()
            .unwrap_or_else(|e| panic!("cannot run chromium: {e}"));
        let dom = String::from_utf8_lossy(&output.stdout);
        let width: u32 = dom
            .split("<title>width ")
            .nth(1)
            .and_then(|t| t.split('<').next())
            .and_then(|w| w.trim().parse().ok())
            .unwrap_or_else(|| {
                panic!(
                    "{name}: the page did not measure itself:\n{}",
                    String::from_utf8_lossy(&output.stderr)
                )
            });
        assert!(width <= 1280, "{name}.html is {width} px wide at 1280 px");
    }
}

#[test]
fn schema_command_prints_the_published_matrix_schema() {
    let (text, code) = run(&["schema", "--of", "matrix"], &[]);
    assert_eq!(code, 0);
    assert_eq!(text, current_schema_text());
}

#[test]
fn matrix_out_writes_the_report_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("fleet.html");
    let out_arg = out.display().to_string();
    let (stdout, code) = run(&["matrix", "--format", "html", "--out", &out_arg], FLEET);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    let html = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}"));
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
    // Self-contained: nothing to fetch.
    for fetch in ["src=", "href=\"http", "<link", "<script", "url("] {
        assert!(!html.contains(fetch), "the page fetches something: {fetch}");
    }
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(names.len(), 1, "{names:?}");
}

/// A fleet folder with two good specs and one bad one (issue 11: errors in a
/// fleet).
fn fleet_with_one_bad_spec() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    // The vehicles name their suit files as ../suits/<id>.toml.
    for (folder, ids) in [
        ("vehicles", &["crew-dragon", "soyuz-ms"][..]),
        ("suits", &["spacex-iva", "sokol-kv2"][..]),
    ] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap_or_else(|e| panic!("{e}"));
        for id in ids {
            let name = format!("{folder}/{id}.toml");
            std::fs::copy(specs.join(&name), dir.path().join(&name))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    std::fs::write(
        dir.path().join("vehicles/broken.toml"),
        "[vehicle]\nid = \"broken\"\nname = \"Broken\"\nkind = \"capsule\"\n[atmosphere]\npressure = \"800 mm\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    dir
}

#[test]
fn one_bad_spec_in_a_fleet_is_reported_and_the_others_are_still_checked() {
    let dir = fleet_with_one_bad_spec();
    let output = cargo_bin_cmd!("rescue-interop")
        .args(["matrix", "--format", "json", "--findings"])
        .arg(dir.path().join("vehicles"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "not all was read: {stderr}");
    assert!(stderr.contains("broken.toml"), "{stderr}");
    assert!(stderr.contains("atmosphere.pressure"), "{stderr}");
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"));
    let cells = report["cells"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        cells.len(),
        4,
        "the two good specs, both directions and each itself"
    );
}

#[test]
fn strict_refuses_a_fleet_with_a_bad_spec() {
    let dir = fleet_with_one_bad_spec();
    let output = cargo_bin_cmd!("rescue-interop")
        .args(["matrix", "--strict"])
        .arg(dir.path().join("vehicles"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "nothing written under --strict");
    assert!(String::from_utf8_lossy(&output.stderr).contains("broken.toml"));
}

/// The summary never counts more pairs than exist: the blocked and the
/// undetermined pairs by what decides them sum to their totals, a phase
/// blocks a mode in at most every pair, a rule blocks at most the blocked
/// pairs; adapters are no rows.
#[test]
fn the_summary_never_counts_more_pairs_than_exist() {
    let (json, _) = run(&["matrix", "--format", "json"], &["specs"]);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    let s = &report["summary"];
    let n = |v: &serde_json::Value| v.as_u64().unwrap_or(u64::MAX);
    let pairs = n(&s["pairs"]);
    assert_eq!(
        pairs, 400,
        "20 vehicles, the diagonal included; the adapters are routed through"
    );
    assert_eq!(
        report["adapters"].as_array().map(Vec::len),
        Some(2),
        "{}",
        report["adapters"]
    );
    let sum = |key: &str| -> u64 {
        s[key]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| n(&t["cells"]))
            .sum()
    };
    assert_eq!(sum("blocked_at"), n(&s["blocked"]));
    assert_eq!(sum("undetermined_at"), n(&s["undetermined"]));
    assert_eq!(
        n(&s["feasible"])
            + n(&s["feasible_with_conditions"])
            + n(&s["undetermined"])
            + n(&s["blocked"]),
        pairs
    );
    for mode in s["blocking_phases"].as_array().into_iter().flatten() {
        for t in mode["phases"].as_array().into_iter().flatten() {
            assert!(n(&t["cells"]) <= pairs, "{mode}");
        }
    }
    for key in ["blockers", "sole_blockers"] {
        for t in s[key].as_array().into_iter().flatten() {
            assert!(n(&t["cells"]) <= n(&s["blocked"]), "{key}: {t}");
        }
    }
    // The EVA-only rule that blocks most pairs says so, and the transfer
    // phase is named among those that block the EVA transfer.
    let (text, _) = run(&["matrix"], &["specs"]);
    assert!(text.contains("TRANSFER-006 eva-suits (eva only)"), "{text}");
    assert!(
        text.contains("pairs where a phase blocks the EVA transfer (of 400): transfer"),
        "{text}"
    );
    assert!(
        text.lines().all(|l| l.chars().count() <= 120),
        "the text matrix fits 120 columns"
    );
}
