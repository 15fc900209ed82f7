//! The HTML report's pictures of the reach phase, drawn from a direction's
//! findings (their evidence, in days and degrees): the rescuer's timeline
//! (REACH-003) against the crew's time, and the two orbit planes where a
//! launch site misses the crew's (REACH-001). Self-contained SVG, no
//! script; 720 px wide.

use std::fmt::Write as _;

use super::model::{DirectionReport, FindingReport};
use crate::physics::arrival::ArrivalStep;
use crate::rules::EvidenceRole;
use crate::rules::reach::arrival::RETURN_LABEL;

const W: f64 = 720.0;
const LEFT: f64 = 20.0;
const RIGHT: f64 = 700.0;

fn esc(text: &str) -> String {
    crate::text::escape_html(text)
}

/// A finding's evidence value in `unit`, by label and role.
fn number(f: &FindingReport, label: &str, role: EvidenceRole, unit: &str) -> Option<f64> {
    f.evidence
        .iter()
        .find(|e| e.label == label && e.role == role && e.unit.as_deref() == Some(unit))
        .and_then(|e| e.value)
        .filter(|v| v.is_finite() && *v >= 0.0)
}

/// The pictures for one direction, or an empty string when its reach
/// findings hold nothing to draw.
pub fn pictures(d: &DirectionReport) -> String {
    let mut out = String::new();
    if let Some(f) = d.findings.iter().find(|f| f.rule == "REACH-003") {
        out.push_str(&timeline(f));
    }
    if let Some(f) = d
        .findings
        .iter()
        .find(|f| f.rule == "REACH-001" && f.severity == crate::rules::Severity::Blocking)
    {
        out.push_str(&planes(f));
    }
    out
}

/// Readiness, launch window, rendezvous, dock to hatch and the trip home,
/// end to end, against the crew's time.
fn timeline(f: &FindingReport) -> String {
    const COLOURS: [&str; 5] = ["#7a9cc6", "#b5c7e0", "#4f7fb8", "#9dc183", "#c9a36b"];
    let mut steps: Vec<(String, f64)> = ArrivalStep::ALL
        .iter()
        .filter_map(|s| {
            number(f, s.label(), EvidenceRole::Value, "d").map(|v| (s.label().to_string(), v))
        })
        .collect();
    let home = number(f, RETURN_LABEL, EvidenceRole::Value, "d");
    if let Some(v) = home {
        steps.push(("return".into(), v));
    }
    let crew = number(f, "crew's time", EvidenceRole::Limit, "d");
    let total: f64 = steps.iter().map(|(_, v)| v).sum();
    let span = crew.unwrap_or(0.0).max(total);
    if steps.is_empty() || span <= 0.0 {
        return String::new();
    }
    let x = |days: f64| LEFT + (days / span).clamp(0.0, 1.0) * (RIGHT - LEFT);
    let h = 70.0 + 18.0 * steps.len() as f64;
    let mut svg = format!(
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {h}\" width=\"{W}\" height=\"{h}\" role=\"img\" aria-label=\"time to arrive\" font-size=\"12\">\n"
    );
    let mut at = 0.0;
    for (i, (label, days)) in steps.iter().enumerate() {
        let (x0, x1) = (x(at), x(at + days));
        let colour = COLOURS.get(i).copied().unwrap_or("#999");
        let _ = writeln!(
            svg,
            "<rect x=\"{x0:.1}\" y=\"20\" width=\"{:.1}\" height=\"20\" fill=\"{colour}\"><title>{}: {} d</title></rect>",
            (x1 - x0).max(1.0),
            esc(label),
            crate::units::format_number(*days)
        );
        let _ = writeln!(
            svg,
            "<rect x=\"{LEFT}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{:.1}\">{} {} d</text>",
            58.0 + 18.0 * i as f64,
            LEFT + 16.0,
            67.0 + 18.0 * i as f64,
            esc(label),
            crate::units::format_number(*days)
        );
        at += days;
    }
    if let Some(crew) = crew {
        let cx = x(crew);
        let _ = writeln!(
            svg,
            "<line x1=\"{cx:.1}\" y1=\"10\" x2=\"{cx:.1}\" y2=\"48\" stroke=\"#b00\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"10\" text-anchor=\"end\" fill=\"#b00\">crew's time {} d</text>",
            cx - 4.0,
            crate::units::format_number(crew)
        );
    }
    svg.push_str("</svg><figcaption>");
    svg.push_str(&esc(&f.message));
    svg.push_str("</figcaption></figure>\n");
    svg
}

/// The crew's orbit plane and the lowest a launch site reaches, seen edge
/// on against the equator.
fn planes(f: &FindingReport) -> String {
    let target = f
        .evidence
        .iter()
        .find(|e| e.role == EvidenceRole::Limit && e.label.starts_with("inclination of "));
    let site = f
        .evidence
        .iter()
        .find(|e| e.role == EvidenceRole::Value && e.label.starts_with("lowest inclination from "));
    let (Some(target), Some(site)) = (target, site) else {
        return String::new();
    };
    let (Some(i_target), Some(i_site)) = (target.value, site.value) else {
        return String::new();
    };
    const H: f64 = 240.0;
    let (cx, cy, r) = (W / 2.0 + 100.0, H / 2.0, 90.0);
    let mut svg = format!(
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" aria-label=\"orbit planes\" font-size=\"12\">\n\
         <circle cx=\"{cx}\" cy=\"{cy}\" r=\"{r}\" fill=\"#eef3f8\" stroke=\"#999\"/>\n\
         <line x1=\"{:.1}\" y1=\"{cy}\" x2=\"{:.1}\" y2=\"{cy}\" stroke=\"#999\" stroke-dasharray=\"4 3\"/><text x=\"{:.1}\" y=\"{:.1}\">equator</text>\n",
        cx - 1.5 * r,
        cx + 1.5 * r,
        cx + 1.5 * r - 50.0,
        cy + 14.0
    );
    for (row, (degrees, label, colour)) in [
        (i_target, &target.label, "#b00"),
        (i_site, &site.label, "#246"),
    ]
    .into_iter()
    .enumerate()
    {
        let a = degrees.to_radians();
        let (dx, dyv) = (1.1 * r * a.cos(), 1.1 * r * a.sin());
        let ly = 20.0 + 20.0 * row as f64;
        let _ = writeln!(
            svg,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{colour}\" stroke-width=\"2\"/><line x1=\"{LEFT}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{colour}\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"{ly:.1}\" fill=\"{colour}\">{}: {} deg</text>",
            cx - dx,
            cy + dyv,
            cx + dx,
            cy - dyv,
            ly - 4.0,
            LEFT + 20.0,
            ly - 4.0,
            LEFT + 26.0,
            esc(label),
            crate::units::format_number(degrees)
        );
    }
    svg.push_str("</svg><figcaption>");
    svg.push_str(&esc(&f.message));
    svg.push_str("</figcaption></figure>\n");
    svg
}
