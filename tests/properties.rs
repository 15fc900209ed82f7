//! Property tests over generated vehicle pairs: the bundled specs with a
//! random subset of their quantities scaled, then checked both ways.
//!
//! 1. Unit invariance: every quantity rewritten in another unit gives the
//!    same findings (rule, severity, evidence values, fields).
//! 2. Monotonicity: widening a range a port or radio accepts never adds a
//!    finding; more consumables never adds one.
//! 3. Mirror symmetry of the rules marked symmetric, on these richer pairs
//!    (tests/symmetry.rs has it on small generated specs).
//! 4. Determinism: the JSON report is the same bytes whatever order the
//!    specs are loaded in, run twice, or run on other threads.
//! 5. The JSON report round-trips: deserialized and re-serialized, the same
//!    bytes.
//! 6. Scenarios: a bundled scenario with its two vehicles' quantities scaled
//!    and a person's body size and the time the crew can wait generated
//!    gives the same findings with every quantity of every file it reads
//!    (specs, suit files, the scenario) in other units, and the same JSON
//!    report bytes run twice or on other threads.
//!
//! Unit parsing itself is tests/units_property.rs.

mod common;

use std::path::Path;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{FileFailurePersistence, TestRunner};

use rescue_interop::check::{DirectionResult, Selection, check_pair, check_situation};
use rescue_interop::report::{self, CheckReport};
use rescue_interop::rules::{Environment, Measure, registry};
use rescue_interop::scenario::Scenario;
use rescue_interop::scenario::load::load_scenario;
use rescue_interop::spec::{Document, Standards, Value, Vehicle, load};
use rescue_interop::units::{Kind, Unit};

const VEHICLES: &[&str] = &[
    "apollo-csm-1975",
    "apollo-lm",
    "apollo-lrv",
    "blue-moon-mk2",
    "crew-dragon",
    "gaganyaan",
    "gateway-halo",
    "iss",
    "jaxa-pressurized-rover",
    "lanyue",
    "ltv",
    "mengzhou-lunar",
    "orion",
    "shenzhou",
    "soyuz-7k-tm-1975",
    "soyuz-ms",
    "starliner",
    "starship-hls",
    "tansuo",
    "tiangong",
];

/// The same quantity in another unit its field accepts, picked by `choice`:
/// `(number, spelling)`. The targets are the units of every kind that
/// accepts `unit` (so a plain pressure unit, accepted by both pressure kinds,
/// stays a plain one, and psia stays absolute). Conversions are uom's, so
/// the property is that the tool gives one answer for one quantity, whatever
/// its spelling.
fn in_another_unit(value: f64, unit: &str, choice: u64) -> Option<(f64, String)> {
    let kinds: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|k| k.unit(unit).is_some())
        .collect();
    let from = kinds.first()?.unit(unit)?;
    let targets: Vec<(&Unit, &str)> = kinds
        .first()?
        .units()
        .iter()
        .flat_map(|u| u.spellings().map(move |s| (u, s)))
        .filter(|(_, s)| kinds.iter().all(|k| k.unit(s).is_some()))
        .collect();
    let (to, spelling) = targets.get((choice % targets.len() as u64) as usize)?;
    let si = from.to_si(value);
    let zero = to.to_si(0.0);
    Some((
        (si - zero) / (to.to_si(1.0) - zero),
        (*spelling).to_string(),
    ))
}

/// A pseudo-random choice of target unit for the source unit `unit`: one
/// per spelling, so that the two ends of a point range ("130.165 MHz" to
/// "130.165 MHz") land in the same unit and stay equal.
fn pick(seed: u64, unit: &str) -> u64 {
    let salt = unit.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut x = seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^ (x >> 33)
}

/// Rewrites every quoted `"<number> <unit>"` in `text` that `rewrite`
/// answers for; `index` counts the quantities in order.
fn rewrite_quantities(
    text: &str,
    mut rewrite: impl FnMut(usize, f64, &str) -> Option<(f64, String)>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    let mut rest = text;
    while let Some(open) = rest.find('"') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('"') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let inner = &after[..close];
        let replaced = inner.split_once(' ').and_then(|(number, unit)| {
            let value: f64 = number.parse().ok()?;
            if unit.contains(' ') || unit.is_empty() {
                return None;
            }
            let i = index;
            index += 1;
            rewrite(i, value, unit)
        });
        match replaced {
            Some((value, unit)) => out.push_str(&format!("\"{value} {unit}\"")),
            None => {
                out.push('"');
                out.push_str(inner);
                out.push('"');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

fn bundled_text(id: &str) -> String {
    std::fs::read_to_string(format!("specs/vehicles/{id}.toml")).unwrap_or_default()
}

/// Loads a vehicle from text as if it were `specs/vehicles/<name>.toml`, so
/// that its suit files resolve.
fn load_vehicle(name: &str, text: &str) -> Option<Vehicle> {
    let path = format!("specs/vehicles/{name}.toml");
    match load::load_str(Path::new(&path), text.to_string(), Standards::bundled()) {
        Ok(Document::Vehicle(v)) => Some(*v),
        _ => None,
    }
}

/// A generated spec: a bundled vehicle with some quantities scaled.
#[derive(Debug, Clone)]
struct GenSpec {
    base: &'static str,
    /// Per quantity, in order: a factor, or 1 to leave it.
    factors: Vec<f64>,
}

impl GenSpec {
    fn text(&self) -> String {
        rewrite_quantities(&bundled_text(self.base), |i, value, unit| {
            let factor = self.factors.get(i).copied().unwrap_or(1.0);
            (factor != 1.0).then(|| (value * factor, unit.to_string()))
        })
    }
}

fn gen_spec() -> impl Strategy<Value = GenSpec> {
    (
        proptest::sample::select(VEHICLES),
        proptest::collection::vec(
            prop_oneof![4 => Just(1.0), 1 => 0.5f64..2.0, 1 => Just(0.0)],
            64,
        ),
    )
        .prop_map(|(base, factors)| GenSpec { base, factors })
}

/// A generated pair, loaded; `None` when a scaled value made a spec
/// invalid (nominal outside its range, say), which the loader reports.
fn load_pair(a: &GenSpec, b: &GenSpec) -> Option<(Vehicle, Vehicle)> {
    Some((
        load_vehicle("gen-a", &a.text())?,
        load_vehicle("gen-b", &b.text())?,
    ))
}

fn check(a: &Vehicle, b: &Vehicle) -> [DirectionResult; 2] {
    check_pair(a, b, &Environment::default(), &Selection::default())
}

fn json_report(a: &Vehicle, b: &Vehicle) -> String {
    let results = check(a, b);
    report::json::render(&report::build_check_report([a, b], &results))
}

/// What must not change when units change: per direction, each finding's
/// rule, severity, evidence labels and SI values, and the fields it names.
type FindingKey = (String, String, Vec<(String, Option<f64>)>, Vec<String>);

fn finding_keys(results: &[DirectionResult; 2]) -> Vec<Vec<FindingKey>> {
    results.iter().map(direction_keys).collect()
}

/// The finding keys of one direction, sorted.
fn direction_keys(direction: &DirectionResult) -> Vec<FindingKey> {
    let mut keys: Vec<FindingKey> = direction
        .findings
        .iter()
        .map(|f| {
            let evidence = f
                .body
                .evidence
                .iter()
                .map(|e| {
                    let value = match &e.value {
                        Measure::Quantity { si, .. } => Some(*si),
                        Measure::Number { value, .. } => Some(*value),
                        Measure::Count(n) => Some(*n as f64),
                        Measure::Text(_) => None,
                    };
                    (e.label.clone(), value)
                })
                .collect();
            let fields = f
                .body
                .fields
                .iter()
                .map(|r| format!("{:?}:{}", r.party, r.path))
                .collect();
            (
                f.rule.id.to_string(),
                format!("{:?} {:?}", f.severity, f.modes),
                evidence,
                fields,
            )
        })
        .collect();
    keys.sort_by(|x, y| format!("{x:?}").cmp(&format!("{y:?}")));
    keys
}

fn close(x: Option<f64>, y: Option<f64>) -> bool {
    match (x, y) {
        (Some(x), Some(y)) => x == y || (x - y).abs() <= 1e-9 * x.abs().max(y.abs()),
        (None, None) => true,
        _ => false,
    }
}

fn same_findings(x: &[Vec<FindingKey>], y: &[Vec<FindingKey>]) -> Result<(), String> {
    for (dx, dy) in x.iter().zip(y) {
        if dx.len() != dy.len() {
            let brief = |d: &[FindingKey]| -> Vec<String> {
                d.iter()
                    .map(|f| format!("{} {} {:?}", f.0, f.1, f.3))
                    .collect()
            };
            let (bx, by) = (brief(dx), brief(dy));
            let gone: Vec<&String> = bx.iter().filter(|f| !by.contains(f)).collect();
            let new: Vec<&String> = by.iter().filter(|f| !bx.contains(f)).collect();
            return Err(format!(
                "{} findings became {}: lost {gone:?}, gained {new:?}",
                dx.len(),
                dy.len()
            ));
        }
        for (fx, fy) in dx.iter().zip(dy) {
            let evidence_same = fx.2.len() == fy.2.len()
                && fx
                    .2
                    .iter()
                    .zip(&fy.2)
                    .all(|(ex, ey)| ex.0 == ey.0 && close(ex.1, ey.1));
            if fx.0 != fy.0 || fx.1 != fy.1 || fx.3 != fy.3 || !evidence_same {
                return Err(format!("{fx:?}\n  became\n{fy:?}"));
            }
        }
    }
    Ok(())
}

/// Per direction and rule: the number of findings.
fn per_rule(results: &[DirectionResult; 2]) -> Vec<std::collections::BTreeMap<String, usize>> {
    results
        .iter()
        .map(|direction| {
            let mut map = std::collections::BTreeMap::new();
            for f in &direction.findings {
                *map.entry(f.rule.id.to_string()).or_default() += 1;
            }
            map
        })
        .collect()
}

/// `after` adds no finding to `before`: no rule has more findings or a worse
/// worst severity, in either direction.
fn adds_nothing(before: &[DirectionResult; 2], after: &[DirectionResult; 2]) -> Result<(), String> {
    let severity_of = |results: &[DirectionResult; 2], d: usize, rule: &str| {
        results[d]
            .findings
            .iter()
            .filter(|f| f.rule.id == rule)
            .map(|f| f.severity)
            .max()
    };
    let (b, a) = (per_rule(before), per_rule(after));
    for d in 0..2 {
        for (rule, count) in &a[d] {
            let before_count = b[d].get(rule).copied().unwrap_or(0);
            let worse = severity_of(after, d, rule) > severity_of(before, d, rule);
            if *count > before_count || worse {
                return Err(format!(
                    "direction {d}: {rule} went from {before_count} findings ({:?}) to {count} ({:?})",
                    severity_of(before, d, rule),
                    severity_of(after, d, rule)
                ));
            }
        }
    }
    Ok(())
}

/// Widens every known range a vehicle's ports and radios accept by `factor`.
fn widen_accepted_ranges(v: &mut Vehicle, factor: f64) {
    for port in &mut v.ports {
        if let Value::Known(r) = &mut port.partner_mass.value {
            r.min = r.min.map(|q| q / factor);
            r.max = r.max.map(|q| q * factor);
        }
        // The capture envelope is what the port accepts; contact_conditions
        // is what the vehicle delivers, so widening it is not a relaxation.
        if let Value::Known(r) = &mut port.capture_envelope.closing_speed.value {
            r.min = r.min.map(|q| q / factor);
            r.max = r.max.map(|q| q * factor);
        }
    }
    for radio in &mut v.radios {
        if let Value::Known(bands) = &mut radio.rx_bands.value {
            for band in bands {
                band.min = band.min.map(|q| q / factor);
                band.max = band.max.map(|q| q * factor);
            }
        }
    }
}

/// Multiplies a vehicle's known consumables (stores and removal rates).
fn add_consumables(v: &mut Vehicle, factor: f64) {
    let c = &mut v.consumables;
    if let Value::Known(q) = &mut c.o2_mass.value {
        *q *= factor;
    }
    if let Value::Known(q) = &mut c.co2_scrubbing_capacity.value {
        *q *= factor;
    }
    if let Value::Known(q) = &mut c.o2_generation_rate.value {
        *q *= factor;
    }
    if let Value::Known(q) = &mut c.co2_removal_rate.value {
        *q *= factor;
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 96,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/properties.txt",
        ))),
        ..ProptestConfig::default()
    })]

    /// Issue 19: the tool gives the same findings, and so the same
    /// verdicts, whichever accepted unit each value is written in.
    #[test]
    fn findings_do_not_depend_on_units(a in gen_spec(), b in gen_spec(), seed in any::<u64>()) {
        let Some((va, vb)) = load_pair(&a, &b) else { return Ok(()); };
        let convert = |text: String| rewrite_quantities(&text, |_, value, unit| {
            in_another_unit(value, unit, pick(seed, unit))
        });
        let (ta, tb) = (convert(a.text()), convert(b.text()));
        let ca = load_vehicle("gen-a", &ta);
        let cb = load_vehicle("gen-b", &tb);
        prop_assert!(ca.is_some(), "the converted spec does not load:\n{ta}");
        prop_assert!(cb.is_some(), "the converted spec does not load:\n{tb}");
        let (Some(ca), Some(cb)) = (ca, cb) else { return Ok(()); };
        let before = finding_keys(&check(&va, &vb));
        let after = finding_keys(&check(&ca, &cb));
        if let Err(e) = same_findings(&before, &after) {
            prop_assert!(false, "{} vs {}: {e}", a.base, b.base);
        }
    }

    #[test]
    fn widening_an_accepted_range_adds_no_finding(
        a in gen_spec(),
        b in gen_spec(),
        factor in 1.0f64..3.0,
        widen_a in any::<bool>(),
    ) {
        let Some((va, vb)) = load_pair(&a, &b) else { return Ok(()); };
        let before = check(&va, &vb);
        let Some((mut wa, mut wb)) = load_pair(&a, &b) else { return Ok(()); };
        widen_accepted_ranges(if widen_a { &mut wa } else { &mut wb }, factor);
        let after = check(&wa, &wb);
        if let Err(e) = adds_nothing(&before, &after) {
            prop_assert!(false, "{} vs {}: {e}", a.base, b.base);
        }
    }

    #[test]
    fn more_consumables_add_no_finding(
        a in gen_spec(),
        b in gen_spec(),
        factor in 1.0f64..10.0,
        more_a in any::<bool>(),
    ) {
        let Some((va, vb)) = load_pair(&a, &b) else { return Ok(()); };
        let before = check(&va, &vb);
        let Some((mut ma, mut mb)) = load_pair(&a, &b) else { return Ok(()); };
        add_consumables(if more_a { &mut ma } else { &mut mb }, factor);
        let after = check(&ma, &mb);
        if let Err(e) = adds_nothing(&before, &after) {
            prop_assert!(false, "{} vs {}: {e}", a.base, b.base);
        }
    }

    #[test]
    fn symmetric_rules_mirror_on_generated_pairs(a in gen_spec(), b in gen_spec()) {
        let Some((va, vb)) = load_pair(&a, &b) else { return Ok(()); };
        let results = check(&va, &vb);
        let differing: Vec<String> = registry()
            .into_iter()
            .filter(|r| r.symmetric)
            .filter_map(|rule| {
                let there = common::shapes(&results[0], "A", "B", rule.id);
                let back = common::shapes(&results[1], "B", "A", rule.id);
                (there != back).then(|| format!("{}: {there:?} vs {back:?}", rule.id))
            })
            .collect();
        prop_assert!(
            differing.is_empty(),
            "rules marked symmetric differ by direction ({} vs {}):\n{}",
            a.base,
            b.base,
            differing.join("\n")
        );
    }

    #[test]
    fn json_report_is_deterministic(a in gen_spec(), b in gen_spec()) {
        let (ta, tb) = (a.text(), b.text());
        // Loaded A first, then B first, then on two threads.
        let (Some(va), Some(vb)) = (load_vehicle("gen-a", &ta), load_vehicle("gen-b", &tb)) else {
            return Ok(());
        };
        let first = json_report(&va, &vb);
        let vb2 = load_vehicle("gen-b", &tb);
        let va2 = load_vehicle("gen-a", &ta);
        let (Some(va2), Some(vb2)) = (va2, vb2) else { return Ok(()); };
        prop_assert_eq!(&first, &json_report(&va2, &vb2));
        prop_assert_eq!(&first, &json_report(&va, &vb));
        let threaded: Vec<String> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..2)
                .map(|_| {
                    s.spawn(|| {
                        let va = load_vehicle("gen-a", &ta);
                        let vb = load_vehicle("gen-b", &tb);
                        match (va, vb) {
                            (Some(va), Some(vb)) => json_report(&va, &vb),
                            _ => String::new(),
                        }
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
        });
        for report in threaded {
            prop_assert_eq!(&first, &report);
        }
    }

    #[test]
    fn json_report_round_trips(a in gen_spec(), b in gen_spec()) {
        let Some((va, vb)) = load_pair(&a, &b) else { return Ok(()); };
        let json = json_report(&va, &vb);
        let parsed: CheckReport = serde_json::from_str(&json)
            .map_err(|e| TestCaseError::fail(format!("does not parse back: {e}")))?;
        prop_assert_eq!(&json, &report::json::render(&parsed));
    }
}

const SCENARIOS: &[&str] = &[
    "apollo-soyuz-1975",
    "rubio-crew-5-dragon",
    "shenzhou-20-22",
    "soyuz-ms-22-ms-23",
    "starliner-cft-crew-9",
    "us-china-shenzhou-dragon",
];

/// A generated scenario: a bundled one, its rescuer's and its crew's
/// vehicle specs with some quantities scaled, the first person to rescue
/// given a body size and the crew a time they can wait.
#[derive(Debug, Clone)]
struct GenScenario {
    id: &'static str,
    rescuer: Vec<f64>,
    distressed: Vec<f64>,
    /// Stature, sitting height (m) and mass (kg) of the first person.
    person: (f64, f64, f64),
    /// How long the crew can wait, in days.
    wait_days: f64,
}

fn gen_scenario() -> impl Strategy<Value = GenScenario> {
    // Gentler than a pair's specs: two specs scaled at once must still load
    // most of the time.
    let factors = || proptest::collection::vec(prop_oneof![8 => Just(1.0), 1 => 0.8f64..1.25], 64);
    (
        proptest::sample::select(SCENARIOS),
        factors(),
        factors(),
        (1.45f64..1.95, 0.75f64..1.0, 45.0f64..110.0),
        1.0f64..400.0,
    )
        .prop_map(|(id, rescuer, distressed, person, wait_days)| GenScenario {
            id,
            rescuer,
            distressed,
            person,
            wait_days,
        })
}

impl GenScenario {
    /// The scenario file's text: the generated person and wait added.
    fn scenario_text(&self) -> String {
        let text = std::fs::read_to_string(format!("specs/scenarios/{}.toml", self.id))
            .unwrap_or_default();
        let (stature, sitting, mass) = self.person;
        let body = format!(
            "stature = {{ value = \"{stature} m\", source = \"CREWCAP\" }}\n\
             sitting_height = {{ value = \"{sitting} m\", source = \"CREWCAP\" }}\n\
             mass = {{ value = \"{mass} kg\", source = \"CREWCAP\" }}\n"
        );
        let people = "[[distressed.people]]\n";
        let text = match text.find(people) {
            Some(at) => format!(
                "{}{people}{body}{}",
                &text[..at],
                &text[at + people.len()..]
            ),
            None => format!("{text}\n{people}id = \"generated\"\n{body}"),
        };
        text.replacen(
            "[distressed]\n",
            &format!(
                "[distressed]\nwait = {{ value = \"{} d\", source = \"CREWCAP\" }}\n",
                self.wait_days
            ),
            1,
        )
    }

    /// Writes the bundled specs under `dir` with this scenario (its two
    /// vehicles scaled), every file passed through `convert`; returns the
    /// scenario's path there.
    fn write_tree(&self, dir: &Path, convert: &dyn Fn(String) -> String) -> std::path::PathBuf {
        let bundled = load_scenario(Path::new(&format!("specs/scenarios/{}.toml", self.id)))
            .unwrap_or_else(|e| panic!("{}: {:?}", self.id, e.diagnostics));
        let name = |v: &Vehicle| v.file.path.file_name().map(|n| n.to_os_string());
        let (rescuer, distressed) = (name(&bundled.rescuer), name(&bundled.distressed));
        for folder in ["vehicles", "suits", "adapters", "scenarios"] {
            let to = dir.join(folder);
            std::fs::create_dir_all(&to).unwrap_or_else(|e| panic!("{e}"));
            let mut files: Vec<_> = std::fs::read_dir(Path::new("specs").join(folder))
                .into_iter()
                .flatten()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            files.sort();
            for file in files {
                let mut text = std::fs::read_to_string(&file).unwrap_or_default();
                let file_name = file.file_name().map(|n| n.to_os_string());
                // A vehicle that is both (Soyuz MS for Soyuz MS) takes the
                // rescuer's factors.
                let factors = if folder != "vehicles" {
                    None
                } else if file_name == rescuer {
                    Some(&self.rescuer)
                } else if file_name == distressed {
                    Some(&self.distressed)
                } else {
                    None
                };
                if let Some(factors) = factors {
                    text = rewrite_quantities(&text, |i, value, unit| {
                        let factor = factors.get(i).copied().unwrap_or(1.0);
                        (factor != 1.0).then(|| (value * factor, unit.to_string()))
                    });
                }
                if folder == "scenarios"
                    && file_name.as_deref() == Some(format!("{}.toml", self.id).as_ref())
                {
                    text = self.scenario_text();
                }
                std::fs::write(to.join(file.file_name().unwrap_or_default()), convert(text))
                    .unwrap_or_else(|e| panic!("{e}"));
            }
        }
        dir.join("scenarios").join(format!("{}.toml", self.id))
    }
}

/// Every quoted quantity in another unit.
fn in_other_units(text: String) -> String {
    rewrite_quantities(&text, |_, value, unit| {
        in_another_unit(value, unit, pick(11, unit))
    })
}

fn check_scenario(scenario: &Scenario) -> DirectionResult {
    check_situation(
        &scenario.situation(),
        &Environment::default(),
        &Selection::default(),
    )
}

fn scenario_json(scenario: &Scenario) -> String {
    let result = check_scenario(scenario);
    report::json::render(&report::model::build_scenario_report(
        &[(scenario, &result)],
        &report::model::Judging::default(),
    ))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/properties.txt",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn scenario_findings_do_not_depend_on_units(s in gen_scenario()) {
        let (plain, converted) = (
            tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?,
            tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?,
        );
        let Ok(before) = load_scenario(&s.write_tree(plain.path(), &|t| t)) else {
            // A scaled value made a spec invalid, which the loader reports.
            return Ok(());
        };
        let after = load_scenario(&s.write_tree(converted.path(), &in_other_units));
        prop_assert!(after.is_ok(), "{}: does not load in other units: {:?}", s.id, after.err().map(|e| e.diagnostics));
        let Ok(after) = after else { return Ok(()); };
        let x = [direction_keys(&check_scenario(&before))];
        let y = [direction_keys(&check_scenario(&after))];
        if let Err(e) = same_findings(&x, &y) {
            prop_assert!(false, "{}: {e}", s.id);
        }
    }

    #[test]
    fn scenario_report_is_deterministic(s in gen_scenario()) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = s.write_tree(dir.path(), &|t| t);
        let Ok(scenario) = load_scenario(&path) else { return Ok(()); };
        let first = scenario_json(&scenario);
        // Loaded again, run again, and on two threads.
        let again = load_scenario(&path).map_err(|e| TestCaseError::fail(format!("{:?}", e.diagnostics)))?;
        prop_assert_eq!(&first, &scenario_json(&again));
        prop_assert_eq!(&first, &scenario_json(&scenario));
        let threaded: Vec<String> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..2)
                .map(|_| {
                    scope.spawn(|| match load_scenario(&path) {
                        Ok(s) => scenario_json(&s),
                        Err(_) => String::new(),
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
        });
        for report in threaded {
            prop_assert_eq!(&first, &report);
        }
    }
}

/// Most generated scenarios load, so the scenario properties are not
/// vacuous; every bundled scenario loads with every unit rewritten.
#[test]
fn most_generated_scenarios_load() {
    let mut runner = TestRunner::deterministic();
    let strategy = gen_scenario();
    let loaded = (0..24)
        .filter(|_| {
            let Ok(tree) = strategy.new_tree(&mut runner) else {
                return false;
            };
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            load_scenario(&tree.current().write_tree(dir.path(), &|t| t)).is_ok()
        })
        .count();
    assert!(loaded >= 16, "only {loaded} of 24 generated scenarios load");
    for id in SCENARIOS {
        let unscaled = GenScenario {
            id,
            rescuer: Vec::new(),
            distressed: Vec::new(),
            person: (1.75, 0.9, 75.0),
            wait_days: 30.0,
        };
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let loaded = load_scenario(&unscaled.write_tree(dir.path(), &in_other_units));
        assert!(
            loaded.is_ok(),
            "{id} in other units: {:?}",
            loaded.err().map(|e| e.diagnostics)
        );
    }
}

/// Every bundled vehicle loads, and still loads with every unit rewritten.
#[test]
fn bundled_specs_load_in_other_units() {
    for id in VEHICLES {
        assert!(
            load_vehicle(id, &bundled_text(id)).is_some(),
            "{id} does not load"
        );
        let converted = rewrite_quantities(&bundled_text(id), |_, value, unit| {
            in_another_unit(value, unit, pick(7, unit))
        });
        assert!(
            load_vehicle(id, &converted).is_some(),
            "{id} in other units does not load:\n{converted}"
        );
    }
}

/// Most generated pairs load, so the properties above are not vacuous.
#[test]
fn most_generated_specs_load() {
    let mut runner = TestRunner::deterministic();
    let strategy = gen_spec();
    let loaded = (0..60)
        .filter(|_| {
            strategy
                .new_tree(&mut runner)
                .ok()
                .and_then(|tree| load_vehicle("gen", &tree.current().text()))
                .is_some()
        })
        .count();
    assert!(loaded >= 30, "only {loaded} of 60 generated specs load");
}
