//! One story in every report (issue 20): for a set of real pairs, with and
//! without waivers, every format of `check` is read back and its verdicts,
//! per-phase states and counts per mode, waived marks, waivers section and
//! exit status must equal the JSON model's. Each format is parsed from what
//! a reader sees (the text, the markdown tables, the HTML tables, the SARIF
//! results and suppressions, the JUnit cases and properties), never from a
//! copy of the model.
//!
//! Also: the SARIF validates against the official SARIF 2.1.0 schema
//! (OASIS, `tests/data/`), the JUnit totals are consistent, and `matrix`
//! and `check` agree on each pair under the same config and waivers.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

const PAIRS: &[(&str, &str)] = &[
    ("crew-dragon", "soyuz-ms"),
    ("crew-dragon", "iss"),
    ("soyuz-ms", "iss"),
    ("apollo-csm-1975", "soyuz-7k-tm-1975"),
    ("starliner", "shenzhou"),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn spec(id: &str) -> String {
    format!("specs/vehicles/{id}.toml")
}

/// Runs the tool from the repository root, no config found upward, the
/// date fixed, lines unwrapped; returns stdout and the exit status.
fn run(args: &[&str]) -> (String, i32) {
    let output = cargo_bin_cmd!("rescue-interop")
        .current_dir(root())
        .env("RESCUE_INTEROP_DATE", "2026-01-01")
        .env("COLUMNS", "100")
        .args(["--color", "never"])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run rescue-interop: {e}"));
    assert!(
        output.stderr.is_empty(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

// ---------------------------------------------------------------------------
// The story a format tells, in one normal form.

/// A phase in a mode: its state and finding counts (advisory, conditional,
/// unknown, blocking) and waived findings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct PhaseMode {
    phase: String,
    mode: String,
    state: String,
    counts: [u32; 4],
    waived: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct DirectionStory {
    verdict: String,
    /// Evaluations the data left unknown and the flight record decided.
    by_record: u32,
    phases: Vec<PhaseMode>,
    /// (rule, severity, waived), sorted.
    findings: Vec<(String, String, bool)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Story {
    directions: Vec<DirectionStory>,
    /// (applied, expired, unused).
    waivers: Option<(u32, u32, u32)>,
}

const SEVERITIES: [&str; 4] = ["advisory", "conditional", "unknown", "blocking"];

/// "blocking (3 blocking, 1 conditional, 2 waived)", "not examined", "ok".
fn parse_phase_text(text: &str) -> (String, [u32; 4], u32) {
    let text = text.trim();
    let (state, rest) = match text.split_once(" (") {
        Some((state, rest)) => (state, rest.trim_end_matches(')')),
        None => (text, ""),
    };
    let mut counts = [0; 4];
    let mut waived = 0;
    for part in rest.split(", ").filter(|p| !p.is_empty()) {
        let (n, what) = part
            .split_once(' ')
            .unwrap_or_else(|| panic!("a count: '{part}' in '{text}'"));
        let n: u32 = n.parse().unwrap_or_else(|e| panic!("'{part}': {e}"));
        match SEVERITIES.iter().position(|s| *s == what) {
            Some(i) => counts[i] = n,
            None if what == "waived" => waived = n,
            None => panic!("unknown count '{part}' in '{text}'"),
        }
    }
    (state.to_string(), counts, waived)
}

/// "(74 % decided on data, 4 of 39 by flight record)": 4.
fn by_record(line: &str) -> u32 {
    let Some((before, _)) = line.split_once(" by flight record") else {
        panic!("no count decided by flight record in '{line}'");
    };
    let (count, _) = before
        .rsplit_once(" of ")
        .unwrap_or_else(|| panic!("'N of M by flight record' in '{line}'"));
    let n = count.rsplit([' ', '(']).next().unwrap_or("");
    n.parse()
        .unwrap_or_else(|e| panic!("'{n}' in '{line}': {e}"))
}

fn verdict_word(kind: &str) -> String {
    kind.replace('_', " ").to_lowercase()
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

// ---------------------------------------------------------------------------
// Each format read back.

/// Reads a format's story from its text.
type Reader = dyn Fn(&str) -> Story;

/// The phases of a JSON direction (the report model's `phases`).
fn phases_from_json(phases: &Value) -> Vec<PhaseMode> {
    sorted(
        phases
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|p| {
                p["modes"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(move |m| PhaseMode {
                        phase: p["phase"].as_str().unwrap_or("?").into(),
                        mode: m["mode"].as_str().unwrap_or("?").into(),
                        state: verdict_word(m["state"].as_str().unwrap_or("?")),
                        counts: SEVERITIES.map(|s| m["counts"][s].as_u64().unwrap_or(0) as u32),
                        waived: m["waived"].as_u64().unwrap_or(0) as u32,
                    })
            })
            .collect(),
    )
}

fn from_json(text: &str) -> Story {
    let report: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("JSON: {e}"));
    let directions = report["directions"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|d| DirectionStory {
            verdict: verdict_word(d["verdict"]["kind"].as_str().unwrap_or("?")),
            by_record: d["decided_by_record"].as_u64().unwrap_or(u64::MAX) as u32,
            phases: phases_from_json(&d["phases"]),
            findings: sorted(
                d["findings"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|f| {
                        (
                            f["rule"].as_str().unwrap_or("?").into(),
                            f["severity"].as_str().unwrap_or("?").into(),
                            !f["waived"].is_null(),
                        )
                    })
                    .collect(),
            ),
        })
        .collect();
    let waivers = report.get("waivers").map(|w| {
        (
            w["applied"].as_u64().unwrap_or(0) as u32,
            w["expired"].as_array().map_or(0, Vec::len) as u32,
            w["unused"].as_array().map_or(0, Vec::len) as u32,
        )
    });
    Story {
        directions,
        waivers,
    }
}

/// "FILE: 3 finding(s) waived, 1 expired waiver(s), 1 unused waiver(s)".
fn parse_waiver_head(line: &str) -> (u32, u32, u32) {
    let numbers: Vec<u32> = line
        .rsplit(": ")
        .next()
        .unwrap_or_default()
        .split(", ")
        .filter_map(|p| p.split(' ').next()?.parse().ok())
        .collect();
    match numbers.as_slice() {
        [applied, expired, unused] => (*applied, *expired, *unused),
        _ => panic!("a waivers line: {line}"),
    }
}

/// Lines with their indented continuations joined back.
fn unwrap_lines(text: &str, indent: usize) -> Vec<String> {
    let prefix = " ".repeat(indent);
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        match (line.strip_prefix(&prefix), lines.last_mut()) {
            (Some(rest), Some(last)) if !rest.starts_with(' ') && !last.is_empty() => {
                last.push(' ');
                last.push_str(rest);
            }
            _ => lines.push(line.to_string()),
        }
    }
    lines
}

fn from_text(text: &str) -> Story {
    let mut story = Story::default();
    let sections: Vec<&str> = text.split("\n== ").collect();
    // The verdict lines come first.
    let head = unwrap_lines(sections.first().copied().unwrap_or_default(), 4);
    // (The scenario statement above them is indented.)
    let verdicts: Vec<(String, u32)> = head
        .iter()
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| {
            let (_, rest) = l.split_once(" rescues ")?;
            let (_, rest) = rest.split_once(": ")?;
            Some((rest.split(" - ").next()?.to_lowercase(), by_record(l)))
        })
        .collect();
    for (section, (verdict, counted)) in sections
        .iter()
        .skip(1)
        .filter(|s| s.contains(" rescues "))
        .zip(verdicts)
    {
        // The section's heading says it again, in its own words.
        let heading = section.lines().next().unwrap_or_default();
        assert_eq!(by_record(heading), counted, "{heading}");
        let mut d = DirectionStory {
            verdict,
            by_record: counted,
            ..DirectionStory::default()
        };
        for line in unwrap_lines(section, 14) {
            let Some(rest) = line.strip_prefix("    ") else {
                continue;
            };
            let (first, tail) = rest.split_once(' ').unwrap_or((rest, ""));
            if [
                "reach", "contact", "approach", "mate", "transfer", "sustain", "return",
            ]
            .contains(&first)
                && !tail.starts_with(|c: char| c.is_ascii_uppercase())
            {
                for group in tail.trim().split("; ") {
                    let (modes, state) = group
                        .split_once(": ")
                        .unwrap_or_else(|| panic!("a phase group: '{group}'"));
                    let (state, counts, waived) = parse_phase_text(state);
                    for mode in modes.split(", ") {
                        d.phases.push(PhaseMode {
                            phase: first.into(),
                            mode: mode.into(),
                            state: state.clone(),
                            counts,
                            waived,
                        });
                    }
                }
            } else if SEVERITIES.contains(&first) {
                let waived = tail.starts_with("(waived)");
                let rule = tail
                    .split(' ')
                    .find(|w| w.contains('-') && w.starts_with(|c: char| c.is_ascii_uppercase()))
                    .unwrap_or("?");
                d.findings.push((rule.into(), first.into(), waived));
            }
        }
        d.phases = sorted(d.phases);
        d.findings = sorted(d.findings);
        story.directions.push(d);
    }
    story.waivers = sections
        .iter()
        .find_map(|s| s.strip_prefix("waivers == "))
        .map(|s| parse_waiver_head(s.lines().next().unwrap_or_default()));
    story
}

/// A row of a phase table (the phase, then a cell per mode; "—" where no
/// rule of the phase speaks for the mode).
fn phase_row(modes: &[String], cells: &[String]) -> Vec<PhaseMode> {
    let phase = cells.first().cloned().unwrap_or_default();
    modes
        .iter()
        .zip(cells.iter().skip(1))
        .filter(|(_, cell)| *cell != "—")
        .map(|(mode, cell)| {
            let (state, counts, waived) = parse_phase_text(cell);
            PhaseMode {
                phase: phase.clone(),
                mode: mode.clone(),
                state,
                counts,
                waived,
            }
        })
        .collect()
}

/// The cells of a markdown table row.
fn md_cells(line: &str) -> Vec<String> {
    line.trim()
        .trim_matches('|')
        .split(" | ")
        .map(|c| c.trim().to_string())
        .collect()
}

fn from_markdown(text: &str) -> Story {
    let mut story = Story::default();
    let verdicts: Vec<(String, u32)> = text
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("- **")?;
            let (head, _) = rest.split_once("**")?;
            let (_, verdict) = head.rsplit_once(": ")?;
            head.contains(" rescues ")
                .then(|| (verdict.to_string(), by_record(l)))
        })
        .collect();
    let sections: Vec<&str> = text.split("\n## ").collect();
    for (section, (verdict, by_record)) in sections
        .iter()
        .filter(|s| s.lines().next().is_some_and(|l| l.contains(" rescues ")))
        .zip(verdicts)
    {
        let mut d = DirectionStory {
            verdict,
            by_record,
            ..DirectionStory::default()
        };
        let mut modes: Vec<String> = Vec::new();
        for line in section.lines().filter(|l| l.starts_with('|')) {
            let cells = md_cells(line);
            match cells.first().map(String::as_str) {
                Some("Phase") => modes = cells.iter().skip(1).cloned().collect(),
                Some(
                    "reach" | "contact" | "approach" | "mate" | "transfer" | "sustain" | "return",
                ) => {
                    d.phases.extend(phase_row(&modes, &cells));
                }
                Some(first) if first.starts_with("**") || first.starts_with("~~") => {
                    let severity = first.trim_matches(['*', '~']).split('~').next();
                    let rule = cells[1].split(' ').next().unwrap_or("?");
                    d.findings.push((
                        rule.into(),
                        severity.unwrap_or("?").into(),
                        first.ends_with("waived"),
                    ));
                }
                _ => {}
            }
        }
        d.phases = sorted(d.phases);
        d.findings = sorted(d.findings);
        story.directions.push(d);
    }
    story.waivers = sections
        .iter()
        .find_map(|s| s.strip_prefix("Waivers\n\n"))
        .map(|s| parse_waiver_head(s.lines().next().unwrap_or_default()));
    story
}

fn html_text(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
}

fn from_html(text: &str) -> Story {
    let mut story = Story::default();
    let verdicts: Vec<(String, u32)> = text
        .split("<li class=\"")
        .skip(1)
        .filter_map(|item| {
            let strong = item.split("<strong>").nth(1)?.split("</strong>").next()?;
            let line = item.split("</li>").next()?;
            strong.contains(" rescues ").then(|| {
                (
                    strong.rsplit(": ").next().unwrap_or("?").to_string(),
                    by_record(line),
                )
            })
        })
        .collect();
    let sections: Vec<&str> = text.split("<h2>").collect();
    for (section, (verdict, by_record)) in sections
        .iter()
        .skip(1)
        .filter(|s| {
            s.split("</h2>")
                .next()
                .is_some_and(|h| h.contains(" rescues "))
        })
        .zip(verdicts)
    {
        let mut d = DirectionStory {
            verdict,
            by_record,
            ..DirectionStory::default()
        };
        let phases = section
            .split("<table class=\"phases\">")
            .nth(1)
            .and_then(|t| t.split("</table>").next())
            .unwrap_or_default();
        let mut modes: Vec<String> = Vec::new();
        for row in phases.split("<tr>").skip(1) {
            let cells: Vec<String> = row
                .split("</t")
                .filter_map(|c| c.rsplit('>').next())
                .map(|c| html_text(c).trim().to_string())
                .filter(|c| !c.is_empty())
                .collect();
            if cells.first().is_some_and(|c| c == "Phase") {
                modes = cells.iter().skip(1).cloned().collect();
                continue;
            }
            d.phases.extend(phase_row(&modes, &cells));
        }
        if let Some(table) = section.split("<table class=\"findings\">").nth(1) {
            for row in table
                .split("</table>")
                .next()
                .unwrap_or_default()
                .split("<tr")
                .skip(2)
            {
                let severity = row
                    .split("<span class=\"sev\">")
                    .nth(1)
                    .and_then(|s| s.split('<').next())
                    .unwrap_or("?");
                let rule = row
                    .split("</td><td>")
                    .nth(1)
                    .and_then(|c| c.split(' ').next())
                    .unwrap_or("?");
                d.findings.push((
                    rule.into(),
                    severity.into(),
                    row.starts_with(" class=\"waived\""),
                ));
            }
        }
        d.phases = sorted(d.phases);
        d.findings = sorted(d.findings);
        story.directions.push(d);
    }
    story.waivers = sections
        .iter()
        .find_map(|s| s.strip_prefix("Waivers</h2>\n<p>"))
        .map(|s| parse_waiver_head(&html_text(s.split("</p>").next().unwrap_or_default())));
    story
}

fn from_sarif(text: &str, labels: &[(&str, &str)]) -> Story {
    let sarif: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("SARIF: {e}"));
    let run = &sarif["runs"][0];
    let mut story = Story::default();
    for (i, d) in run["properties"]["directions"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let (rescuer, distressed) = labels[i];
        let prefix = format!("{rescuer} rescues {distressed}: ");
        let mut direction = DirectionStory {
            verdict: verdict_word(d["verdict"].as_str().unwrap_or("?")),
            by_record: d["decided_by_record"].as_u64().unwrap_or(u64::MAX) as u32,
            phases: phases_from_json(&d["phases"]),
            findings: Vec::new(),
        };
        direction.findings = sorted(
            run["results"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|r| {
                    r["message"]["text"]
                        .as_str()
                        .is_some_and(|t| t.starts_with(&prefix))
                })
                .map(|r| {
                    (
                        r["ruleId"].as_str().unwrap_or("?").into(),
                        r["properties"]["severity"].as_str().unwrap_or("?").into(),
                        r["suppressions"].as_array().is_some_and(|s| {
                            !s.is_empty()
                                && s.iter().all(|s| {
                                    s["status"] == "accepted"
                                        && s["justification"]
                                            .as_str()
                                            .is_some_and(|j| !j.is_empty())
                                })
                        }),
                    )
                })
                .collect(),
        );
        story.directions.push(direction);
    }
    story.waivers = run["invocations"][0]["properties"]["waivers"]
        .as_object()
        .map(|w| {
            let notifications = run["invocations"][0]["toolConfigurationNotifications"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let count = |what: &str| {
                notifications
                    .iter()
                    .filter(|n| n["descriptor"]["id"] == format!("waiver-{what}"))
                    .count() as u32
            };
            (
                w["applied"].as_u64().unwrap_or(0) as u32,
                count("expired"),
                count("unused"),
            )
        });
    story
}

fn from_junit(text: &str) -> Story {
    let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("JUnit: {e}"));
    let number = |node: roxmltree::Node<'_, '_>, name: &str| -> u32 {
        node.attribute(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("<{}> without {name}", node.tag_name().name()))
    };
    let root = doc.root_element();
    let mut totals = [0u32; 3];
    let mut story = Story::default();
    for suite in root.children().filter(|n| n.has_tag_name("testsuite")) {
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        let with = |tag: &str| {
            cases
                .iter()
                .filter(|c| c.children().any(|n| n.has_tag_name(tag)))
                .count() as u32
        };
        // Each suite's totals are its cases'.
        let (tests, failures, skipped) = (cases.len() as u32, with("failure"), with("skipped"));
        assert_eq!(number(suite, "tests"), tests, "tests of a suite");
        assert_eq!(number(suite, "failures"), failures, "failures of a suite");
        assert_eq!(number(suite, "skipped"), skipped, "skipped of a suite");
        assert_eq!(number(suite, "errors"), 0);
        assert!(
            cases
                .iter()
                .all(|c| !(c.children().any(|n| n.has_tag_name("failure"))
                    && c.children().any(|n| n.has_tag_name("skipped")))),
            "a case both failed and skipped"
        );
        for (total, n) in totals.iter_mut().zip([tests, failures, skipped]) {
            *total += n;
        }
        let properties: BTreeMap<String, String> = suite
            .descendants()
            .filter(|n| n.has_tag_name("property"))
            .filter_map(|p| Some((p.attribute("name")?.into(), p.attribute("value")?.into())))
            .collect();
        if suite
            .attribute("name")
            .is_some_and(|n| n.starts_with("waivers "))
        {
            let count = |what: &str| {
                cases
                    .iter()
                    .filter(|c| {
                        c.descendants().any(|n| {
                            n.attribute("message")
                                .is_some_and(|m| m.starts_with(&format!("{what} waiver")))
                        })
                    })
                    .count() as u32
            };
            story.waivers = Some((
                properties
                    .get("applied")
                    .and_then(|a| a.parse().ok())
                    .unwrap_or(0),
                count("expired"),
                count("unused"),
            ));
            continue;
        }
        let mut d = DirectionStory {
            verdict: properties.get("verdict").cloned().unwrap_or_default(),
            by_record: properties
                .get("decided by flight record")
                .and_then(|v| v.parse().ok())
                .unwrap_or(u32::MAX),
            ..DirectionStory::default()
        };
        for (name, value) in &properties {
            let Some(rest) = name.strip_prefix("phase ") else {
                continue;
            };
            let (phase, mode) = rest.split_once(' ').unwrap_or((rest, "?"));
            let (state, counts, waived) = parse_phase_text(value);
            d.phases.push(PhaseMode {
                phase: phase.into(),
                mode: mode.into(),
                state,
                counts,
                waived,
            });
        }
        // A case's outcome from its findings: failed when a blocking one is
        // not waived; else skipped when an unknown one is not waived, or
        // one is waived.
        for case in &cases {
            let rule = case
                .attribute("name")
                .and_then(|n| n.split(' ').next())
                .unwrap_or("?");
            let lines: Vec<String> = case
                .descendants()
                .filter(|n| n.has_tag_name("failure") || n.has_tag_name("system-out"))
                .filter_map(|n| n.text())
                .flat_map(|t| t.lines().map(str::to_string).collect::<Vec<_>>())
                .collect();
            let mut findings: Vec<(String, String, bool)> = lines
                .iter()
                .map(|l| {
                    let severity = l.split([':', ' ']).next().unwrap_or("?").to_string();
                    (rule.to_string(), severity, l.contains(" [waived by "))
                })
                .collect();
            let live = |s: &str| findings.iter().any(|(_, sev, w)| sev == s && !w);
            let failed = case.children().any(|n| n.has_tag_name("failure"));
            let skipped = case.children().any(|n| n.has_tag_name("skipped"));
            assert_eq!(failed, live("blocking"), "{rule}: {lines:?}");
            assert_eq!(
                skipped,
                !live("blocking") && (live("unknown") || findings.iter().any(|f| f.2)),
                "{rule}: {lines:?}"
            );
            d.findings.append(&mut findings);
        }
        d.phases = sorted(d.phases);
        d.findings = sorted(d.findings);
        story.directions.push(d);
    }
    let root_totals = [
        number(root, "tests"),
        number(root, "failures"),
        number(root, "skipped"),
    ];
    assert_eq!(root_totals, totals, "the document's totals are its suites'");
    story
}

// ---------------------------------------------------------------------------

fn waiver_file(dir: &Path, json: &Value) -> String {
    // Waive every blocking finding of the first direction (its verdict can
    // change), one EVA-only finding of the second, and add an expired and
    // an unused waiver.
    let mut text = String::new();
    let entry = |fingerprint: &str, expires: &str| {
        format!(
            "[[waiver]]\nfingerprint = \"{fingerprint}\"\nreason = \"accepted at the joint review\"\nowner = \"flight ops\"\nexpires = {expires}\n\n"
        )
    };
    let directions = json["directions"].as_array().cloned().unwrap_or_default();
    for f in directions[0]["findings"].as_array().into_iter().flatten() {
        if f["severity"] == "blocking" {
            text.push_str(&entry(
                f["fingerprint"].as_str().unwrap_or_default(),
                "2999-12-31",
            ));
        }
    }
    if let Some(f) = directions[1]["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["modes"] == serde_json::json!(["eva"]))
    {
        text.push_str(&entry(
            f["fingerprint"].as_str().unwrap_or_default(),
            "2999-12-31",
        ));
    }
    text.push_str(&entry("00000000000000ff", "2001-01-01"));
    text.push_str(&entry("0000000000000000", "2999-12-31"));
    let path = dir.join("waivers.toml");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path.to_string_lossy().into_owned()
}

#[test]
fn every_format_tells_the_json_models_story() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut waived_somewhere = false;
    let mut by_record_somewhere = false;
    for (a, b) in PAIRS {
        let (a, b) = (spec(a), spec(b));
        let (plain, _) = run(&["check", &a, &b, "--format", "json"]);
        let plain: Value = serde_json::from_str(&plain).unwrap_or_else(|e| panic!("{e}"));
        let waivers = waiver_file(dir.path(), &plain);
        for extra in [vec![], vec!["--waivers", waivers.as_str()]] {
            let args = |format: &'static str| {
                let mut args = vec!["check", a.as_str(), b.as_str(), "--format", format];
                args.extend(extra.iter().copied());
                args
            };
            let (json, code) = run(&args("json"));
            let model = from_json(&json);
            assert_eq!(model.directions.len(), 2);
            waived_somewhere |= model
                .directions
                .iter()
                .any(|d| d.findings.iter().any(|f| f.2));
            by_record_somewhere |= model.directions.iter().any(|d| d.by_record > 0);
            let readers: [(&str, &Reader); 5] = [
                ("text", &from_text),
                ("markdown", &from_markdown),
                ("html", &from_html),
                ("sarif", &|t| from_sarif(t, &[("A", "B"), ("B", "A")])),
                ("junit", &from_junit),
            ];
            for (format, read) in readers {
                let (text, format_code) = run(&args(format));
                assert_eq!(format_code, code, "{a} {b} {format} {extra:?}: exit status");
                let story = read(&text);
                assert_eq!(
                    story, model,
                    "{a} {b} {format} {extra:?}: the format's story differs from the JSON model's"
                );
            }
        }
    }
    assert!(waived_somewhere, "the waivers waived something");
    assert!(
        by_record_somewhere,
        "the flight record decided something in some pair"
    );
}

#[test]
fn a_waived_finding_decides_nothing_in_any_format() {
    // Dragon and Soyuz: every blocking finding of Dragon rescuing Soyuz's
    // crew waived; the verdict is then decided by what is left.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (a, b) = (spec("crew-dragon"), spec("soyuz-ms"));
    let (plain, code) = run(&["check", &a, &b, "--format", "json"]);
    assert_eq!(code, 1);
    let plain: Value = serde_json::from_str(&plain).unwrap_or_else(|e| panic!("{e}"));
    let waivers = waiver_file(dir.path(), &plain);
    let (json, _) = run(&["check", &a, &b, "--format", "json", "--waivers", &waivers]);
    let report: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    let first = &report["directions"][0];
    assert_ne!(first["verdict"]["kind"], "blocked", "{}", first["verdict"]);
    for p in first["phases"].as_array().into_iter().flatten() {
        for m in p["modes"].as_array().into_iter().flatten() {
            assert_ne!(m["state"], "blocking", "{p}");
        }
    }
    assert!(
        first["verdict"]["summary"]
            .as_str()
            .is_some_and(|s| s.contains("waived")),
        "the verdict says findings were waived: {}",
        first["verdict"]
    );
}

#[test]
fn sarif_passes_the_official_schema_and_waived_findings_carry_suppressions() {
    let schema_text = std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let schema: Value = serde_json::from_str(&schema_text).unwrap_or_else(|e| panic!("{e}"));
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the SARIF schema: {e}"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (a, b) = (spec("crew-dragon"), spec("soyuz-ms"));
    let (plain, _) = run(&["check", &a, &b, "--format", "json"]);
    let plain: Value = serde_json::from_str(&plain).unwrap_or_else(|e| panic!("{e}"));
    let waivers = waiver_file(dir.path(), &plain);
    let fleet = [spec("crew-dragon"), spec("soyuz-ms"), spec("iss")];
    let runs: Vec<Vec<&str>> = vec![
        vec!["check", &a, &b, "--format", "sarif"],
        vec!["check", &a, &b, "--format", "sarif", "--waivers", &waivers],
        vec![
            "matrix",
            &fleet[0],
            &fleet[1],
            &fleet[2],
            "--format",
            "sarif",
            "--waivers",
            &waivers,
        ],
        vec![
            "plan",
            "specs/vehicles/apollo-csm-1975.toml",
            "specs/vehicles/soyuz-7k-tm-1975.toml",
            "--via",
            "specs",
            "--format",
            "sarif",
        ],
    ];
    for args in runs {
        let (text, _) = run(&args);
        let sarif: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .take(10)
            .collect();
        assert!(errors.is_empty(), "{args:?}:\n  {}", errors.join("\n  "));
        if args.contains(&"--waivers") {
            let suppressed = sarif["runs"][0]["results"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|r| r["suppressions"][0]["justification"] == "accepted at the joint review")
                .count();
            assert!(suppressed > 0, "{args:?}: no suppression");
            let notifications =
                sarif["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
                    .as_array()
                    .map_or(0, Vec::len);
            if args[0] == "check" {
                assert_eq!(notifications, 2, "{args:?}: one expired, one unused waiver");
            } else {
                // The matrix puts the crew where their vehicle usually is
                // (Soyuz MS at the ISS), so a waiver of a finding the free-
                // flying check made where they are (REACH-003) goes unused.
                assert!(
                    notifications >= 2,
                    "{args:?}: one expired, one unused waiver"
                );
            }
        }
    }
}

#[test]
fn matrix_and_check_agree_on_each_pair_under_the_same_config() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // Shenzhou and Orion fly free here (Tiangong is not in this fleet).
    let ids = [
        "crew-dragon",
        "soyuz-ms",
        "iss",
        "starliner",
        "shenzhou",
        "orion",
    ];
    let (plain, _) = run(&["check", &spec(ids[0]), &spec(ids[1]), "--format", "json"]);
    let plain: Value = serde_json::from_str(&plain).unwrap_or_else(|e| panic!("{e}"));
    let waivers = waiver_file(dir.path(), &plain);
    // A project that reads two rules its own way, at its own range, with
    // its waivers.
    let config = dir.path().join("rescue-interop.toml");
    std::fs::write(
        &config,
        format!(
            "range = \"5 km\"\nwaivers = \"{waivers}\"\n[rules]\n\"CONTACT-005\" = \"unknown\"\n\"RETURN-001\" = \"blocking\"\n"
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let config = config.to_string_lossy().into_owned();
    let mut args = vec!["matrix", "--format", "json", "--config", &config];
    let specs: Vec<String> = ids.iter().map(|id| spec(id)).collect();
    args.extend(specs.iter().map(String::as_str));
    let (matrix, matrix_code) = run(&args);
    let matrix: Value = serde_json::from_str(&matrix).unwrap_or_else(|e| panic!("{e}"));
    let mut any_fails = false;
    // A cell whose crew the matrix puts at its home station is another
    // scenario than `check`'s free-flying default (tests/matrix.rs checks
    // those cells against `check_situation`).
    let at_home: Vec<&str> = matrix["defaults"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d.get("station").is_some())
        .filter_map(|d| d["distressed"].as_str())
        .collect();
    for cell in matrix["cells"].as_array().into_iter().flatten() {
        let (r, d) = (
            cell["rescuer"].as_str().unwrap_or("?"),
            cell["distressed"].as_str().unwrap_or("?"),
        );
        if at_home.contains(&d) {
            continue;
        }
        let (check, code) = run(&[
            "check",
            &spec(r),
            &spec(d),
            "--format",
            "json",
            "--config",
            &config,
        ]);
        any_fails |= code == 1;
        let check: Value = serde_json::from_str(&check).unwrap_or_else(|e| panic!("{e}"));
        let direction = &check["directions"][0];
        let pair = format!("{r} rescues {d}");
        assert_eq!(cell["verdict"], direction["verdict"]["kind"], "{pair}");
        assert_eq!(cell["mode"], direction["verdict"]["mode"], "{pair}");
        assert_eq!(cell["phase"], direction["verdict"]["phase"], "{pair}");
        assert_eq!(
            cell["waived"].as_u64().unwrap_or(0),
            direction["verdict"]["waived"].as_u64().unwrap_or(0),
            "{pair}"
        );
        // The same phases, states and counts per mode (the cell names no
        // findings).
        let strip = |phases: &Value| -> Value {
            let mut phases = phases.clone();
            for p in phases.as_array_mut().into_iter().flatten() {
                for m in p["modes"].as_array_mut().into_iter().flatten() {
                    if let Some(m) = m.as_object_mut() {
                        m.remove("deciding");
                        m.remove("waived_findings");
                    }
                }
            }
            phases
        };
        assert_eq!(
            strip(&cell["phases"]),
            strip(&direction["phases"]),
            "{pair}"
        );
        let overridden = direction["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|f| {
                f["severity_reason"]
                    .as_str()
                    .is_some_and(|r| r.contains(&config))
            });
        if direction["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|f| f["rule"] == "CONTACT-005")
        {
            assert!(overridden, "{pair}: the override is named");
        }
    }
    assert_eq!(matrix_code, i32::from(any_fails), "the exit statuses agree");
    assert!(matrix["waivers"]["applied"].as_u64().unwrap_or(0) > 0);
}

/// `plan` reads the same waivers: a waived finding decides no step, is
/// marked in every format, and the plan lists the waivers file.
#[test]
fn plan_applies_the_waivers_to_its_steps() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (a, b) = (spec("crew-dragon"), spec("soyuz-ms"));
    let (plain, _) = run(&["check", &a, &b, "--format", "json"]);
    let plain: Value = serde_json::from_str(&plain).unwrap_or_else(|e| panic!("{e}"));
    let waivers = waiver_file(dir.path(), &plain);
    let (json, _) = run(&["plan", &a, &b, "--format", "json", "--waivers", &waivers]);
    let plan: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    let (check, _) = run(&["check", &a, &b, "--format", "json", "--waivers", &waivers]);
    let check: Value = serde_json::from_str(&check).unwrap_or_else(|e| panic!("{e}"));
    // The direct rescue reads as check's first direction does.
    assert_eq!(plan["direct"], check["directions"][0]["verdict"]["kind"]);
    assert!(
        plan["waivers"]["applied"].as_u64().unwrap_or(0) > 0,
        "{}",
        plan["waivers"]
    );
    let direct = plan["paths"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["hops"] == 1)
        .cloned()
        .unwrap_or_default();
    let steps = direct["steps"].as_array().cloned().unwrap_or_default();
    let waived: Vec<&Value> = steps
        .iter()
        .flat_map(|s| s["findings"].as_array().into_iter().flatten())
        .filter(|f| !f["waived"].is_null())
        .collect();
    assert!(!waived.is_empty());
    assert_eq!(
        direct["blocking"].as_u64(),
        Some(0),
        "every blocking finding of the direct rescue is waived"
    );
    for format in ["text", "markdown", "html"] {
        let (text, _) = run(&["plan", &a, &b, "--format", format, "--waivers", &waivers]);
        assert!(text.contains("waived by flight ops"), "{format}");
        assert!(text.contains("1 expired waiver(s)"), "{format}");
    }
}
