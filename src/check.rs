//! Runs the rules over a pair of vehicles, in both directions, and builds
//! the verdicts.
//!
//! A rescue has a direction: `check(A, B)` asks whether A can rescue B's
//! crew and whether B can rescue A's. Each direction runs every rule once.
//! A rescue is reached by a mode (docked transfer, or EVA transfer); a mode
//! is feasible when every phase is, and a direction's verdict is that of its
//! best mode.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::rules::{
    Context, Environment, Finding, Mode, Party, Phase, Rule, Severity, Sink, registry,
};
use crate::spec::Vehicle;

/// Which rules to run.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only these phases (all when empty).
    pub phases: Vec<Phase>,
}

impl Selection {
    pub fn includes(&self, rule: &Rule) -> bool {
        self.phases.is_empty() || self.phases.contains(&rule.phase)
    }
}

/// The verdict of one direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VerdictKind {
    Feasible,
    FeasibleWithConditions,
    Undetermined,
    Blocked,
}

impl VerdictKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            VerdictKind::Feasible => "feasible",
            VerdictKind::FeasibleWithConditions => "feasible with conditions",
            VerdictKind::Undetermined => "undetermined",
            VerdictKind::Blocked => "blocked",
        }
    }

    /// Lower is better.
    fn rank(&self) -> u8 {
        match self {
            VerdictKind::Feasible => 0,
            VerdictKind::FeasibleWithConditions => 1,
            VerdictKind::Undetermined => 2,
            VerdictKind::Blocked => 3,
        }
    }
}

/// The verdict of one mode of one direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModeVerdict {
    pub mode: Mode,
    pub kind: VerdictKind,
    /// The first phase, in rescue order, at the mode's worst severity.
    pub phase: Option<Phase>,
}

/// One direction's result.
#[derive(Debug)]
pub struct DirectionResult {
    pub findings: Vec<Finding>,
    pub modes: Vec<ModeVerdict>,
    /// The verdict of the best mode.
    pub verdict: ModeVerdict,
    pub evaluations: u32,
    pub undetermined: u32,
    /// Worst severity per phase over the best mode of each phase.
    pub phase_worst: Vec<(Phase, Option<Severity>)>,
    /// Rule evaluations per phase; zero when no rule of the phase applied.
    pub phase_evaluations: Vec<(Phase, u32)>,
}

impl DirectionResult {
    /// Share of rule evaluations decided on data (0 to 1).
    pub fn decided_share(&self) -> f64 {
        if self.evaluations == 0 {
            return 0.0;
        }
        f64::from(self.evaluations - self.undetermined) / f64::from(self.evaluations)
    }
}

/// Runs every selected rule for `rescuer` rescuing `distressed`'s crew.
pub fn run_direction(
    rescuer: &Vehicle,
    distressed: &Vehicle,
    env: &Environment,
    selection: &Selection,
    sink: Sink,
) -> (Sink, DirectionResultSummary) {
    run_direction_observed(rescuer, distressed, env, selection, sink, |_, _| {})
}

/// [`run_direction`], calling `after_rule` with each rule and the sink once
/// the rule has run: fleet matrices tell from the sink's counts which rules
/// blocked, without building findings.
pub fn run_direction_observed(
    rescuer: &Vehicle,
    distressed: &Vehicle,
    env: &Environment,
    selection: &Selection,
    mut sink: Sink,
    mut after_rule: impl FnMut(&'static Rule, &Sink),
) -> (Sink, DirectionResultSummary) {
    let ctx = Context::new(rescuer, distressed, env);
    // The whole registry is a static slice: no allocation per pair unless
    // phases are selected.
    let rules: std::borrow::Cow<'static, [&'static Rule]> = if selection.phases.is_empty() {
        std::borrow::Cow::Borrowed(crate::rules::all())
    } else {
        registry()
            .into_iter()
            .filter(|r| selection.includes(r))
            .collect()
    };
    for rule in rules.iter() {
        sink.begin(rule);
        (rule.check)(&ctx, &mut sink);
        sink.end();
        after_rule(rule, &sink);
    }
    let summary = summarize(&sink, rules.as_ref());
    (sink, summary)
}

/// Verdicts of a direction, from a sink (counting or collecting).
#[derive(Debug, Clone)]
pub struct DirectionResultSummary {
    pub modes: Vec<ModeVerdict>,
    pub verdict: ModeVerdict,
    pub evaluations: u32,
    pub undetermined: u32,
    pub phase_worst: Vec<(Phase, Option<Severity>)>,
    /// Rule evaluations per phase; zero when no rule of the phase applied.
    pub phase_evaluations: Vec<(Phase, u32)>,
}

fn summarize(sink: &Sink, rules: &[&'static Rule]) -> DirectionResultSummary {
    let phases_run: Vec<Phase> = Phase::ALL
        .into_iter()
        .filter(|p| rules.iter().any(|r| r.phase == *p))
        .collect();
    let assessed = assessed_modes(rules);
    let modes: Vec<ModeVerdict> = Mode::ALL
        .into_iter()
        .map(|mode| {
            if assessed.contains(&mode) {
                mode_verdict(sink, mode, &phases_run)
            } else {
                // No selected rule speaks for this mode: nothing says it works.
                ModeVerdict {
                    mode,
                    kind: VerdictKind::Undetermined,
                    phase: None,
                }
            }
        })
        .collect();
    let verdict = best_mode(
        modes
            .iter()
            .filter(|m| assessed.contains(&m.mode))
            .map(|m| (m.mode, m.kind.clone(), m.phase)),
    )
    .map_or(
        ModeVerdict {
            mode: Mode::Docked,
            kind: VerdictKind::Feasible,
            phase: None,
        },
        |(mode, kind, phase)| ModeVerdict { mode, kind, phase },
    );
    // A phase's worst severity in its best mode, among the modes its rules
    // speak for: the mate phase of an EVA rescue has no rule, and docking
    // stays blocked even when an EVA could bypass it.
    let phase_worst = phases_run
        .iter()
        .map(|p| {
            let judges = |m: &Mode| rules.iter().any(|r| r.phase == *p && r.modes.contains(m));
            // Without allocating: the fleet matrix summarizes a million cells.
            let any_judged = assessed.iter().any(judges);
            let best = assessed
                .iter()
                .filter(|m| !any_judged || judges(m))
                .map(|m| sink.worst(*p, *m))
                .min_by_key(|s| s.map_or(-1, |s| s as i32));
            (*p, best.flatten())
        })
        .collect();
    let phase_evaluations = phases_run
        .iter()
        .map(|p| (*p, sink.phase_evaluations(*p)))
        .collect();
    DirectionResultSummary {
        modes,
        verdict,
        phase_evaluations,
        evaluations: sink.evaluations(),
        undetermined: sink.undetermined(),
        phase_worst,
    }
}

/// The modes the selected rules can judge. A mode is assessed when some
/// selected rule applies to it and not to every mode (a rule of its own);
/// when no selected rule is specific to a mode, all modes are judged alike.
/// Without this an EVA transfer that no rule examines would pass as feasible
/// whenever docking is blocked.
fn assessed_modes(rules: &[&'static Rule]) -> Vec<Mode> {
    let specific: Vec<Mode> = Mode::ALL
        .into_iter()
        .filter(|m| {
            rules
                .iter()
                .any(|r| r.modes.contains(m) && r.modes.len() < Mode::ALL.len())
        })
        .collect();
    if specific.is_empty() {
        Mode::ALL.to_vec()
    } else {
        specific
    }
}

/// The verdict a mode's worst severity gives.
pub fn verdict_kind(worst: Option<Severity>) -> VerdictKind {
    match worst {
        Some(Severity::Blocking) => VerdictKind::Blocked,
        Some(Severity::Unknown) => VerdictKind::Undetermined,
        Some(Severity::Conditional) => VerdictKind::FeasibleWithConditions,
        Some(Severity::Advisory) | None => VerdictKind::Feasible,
    }
}

/// The verdict of a direction from its assessed modes: the best one, except
/// that a blocked rescue names the docked mode's blocker (crew crossing a
/// docked hatch is the primary way, EVA the fallback).
pub fn best_mode(
    modes: impl Iterator<Item = (Mode, VerdictKind, Option<Phase>)>,
) -> Option<(Mode, VerdictKind, Option<Phase>)> {
    let modes: Vec<_> = modes.collect();
    let best = modes
        .iter()
        .min_by_key(|(mode, kind, _)| (kind.rank(), *mode))
        .cloned()?;
    if best.1 == VerdictKind::Blocked {
        return modes
            .iter()
            .find(|(mode, _, _)| *mode == Mode::Docked)
            .cloned()
            .or(Some(best));
    }
    Some(best)
}

fn mode_verdict(sink: &Sink, mode: Mode, phases: &[Phase]) -> ModeVerdict {
    let worst = phases.iter().filter_map(|p| sink.worst(*p, mode)).max();
    let kind = verdict_kind(worst);
    let phase = worst.and_then(|w| {
        if w == Severity::Advisory {
            return None;
        }
        phases
            .iter()
            .copied()
            .find(|p| sink.worst(*p, mode) == Some(w))
    });
    ModeVerdict { mode, kind, phase }
}

/// Checks one direction, keeping every finding.
pub fn check_direction(
    rescuer: &Vehicle,
    distressed: &Vehicle,
    env: &Environment,
    selection: &Selection,
) -> DirectionResult {
    let (sink, summary) = run_direction(rescuer, distressed, env, selection, Sink::collecting());
    DirectionResult {
        findings: sink.into_findings(),
        modes: summary.modes,
        verdict: summary.verdict,
        evaluations: summary.evaluations,
        undetermined: summary.undetermined,
        phase_worst: summary.phase_worst,
        phase_evaluations: summary.phase_evaluations,
    }
}

/// Both directions of a pair: `[A rescues B, B rescues A]`.
pub fn check_pair(
    a: &Vehicle,
    b: &Vehicle,
    env: &Environment,
    selection: &Selection,
) -> [DirectionResult; 2] {
    [
        check_direction(a, b, env, selection),
        check_direction(b, a, env, selection),
    ]
}

/// Which vehicle of the pair a party is, for a direction: `A rescues B`
/// puts the rescuer at index 0.
pub fn party_index(direction: usize, party: Party) -> usize {
    match (direction, party) {
        (0, Party::Rescuer) | (1, Party::Distressed) => 0,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{ANY_MODE, DOCKED, EVA, FindingBody, RuleDocs};

    const DOCS: RuleDocs = RuleDocs {
        what_it_checks: "-",
        why_it_blocks: "-",
        example: "-",
        how_to_resolve: "-",
    };

    fn nothing(_: &Context<'_>, _: &mut Sink) {}

    macro_rules! test_rule {
        ($name:ident, $id:expr, $phase:expr, $modes:expr) => {
            static $name: Rule = Rule {
                id: $id,
                name: "test",
                phase: $phase,
                modes: $modes,
                default_severity: Severity::Blocking,
                symmetric: true,
                reference: "-",
                summary: "-",
                docs: DOCS,
                check: nothing,
            };
        };
    }

    test_rule!(CONTACT_ANY, "CONTACT-900", Phase::Contact, ANY_MODE);
    test_rule!(MATE_DOCKED, "MATE-900", Phase::Mate, DOCKED);
    test_rule!(TRANSFER_EVA, "TRANSFER-900", Phase::Transfer, EVA);

    fn sink_with(findings: &[(&'static Rule, Severity)], rules: &[&'static Rule]) -> Sink {
        let mut sink = Sink::counting();
        for rule in rules {
            sink.begin(rule);
            for (r, severity) in findings {
                if std::ptr::eq(*r, *rule) {
                    sink.emit(*severity, FindingBody::default);
                }
            }
            sink.end();
        }
        sink
    }

    #[test]
    fn modes_without_a_rule_of_their_own_are_not_assessed() {
        assert_eq!(assessed_modes(&[&CONTACT_ANY]), Mode::ALL.to_vec());
        assert_eq!(
            assessed_modes(&[&CONTACT_ANY, &MATE_DOCKED]),
            vec![Mode::Docked]
        );
        assert_eq!(
            assessed_modes(&[&MATE_DOCKED, &TRANSFER_EVA]),
            Mode::ALL.to_vec()
        );
    }

    #[test]
    fn a_docked_blocker_is_not_hidden_by_an_unexamined_eva_mode() {
        let rules = [&CONTACT_ANY, &MATE_DOCKED];
        let sink = sink_with(&[(&MATE_DOCKED, Severity::Blocking)], &rules);
        let summary = summarize(&sink, rules.as_ref());
        assert_eq!(summary.verdict.kind, VerdictKind::Blocked);
        assert_eq!(summary.verdict.phase, Some(Phase::Mate));
        let mate = summary.phase_worst.iter().find(|(p, _)| *p == Phase::Mate);
        assert_eq!(mate, Some(&(Phase::Mate, Some(Severity::Blocking))));
    }

    #[test]
    fn an_examined_eva_mode_rescues_a_blocked_docking() {
        let rules = [&CONTACT_ANY, &MATE_DOCKED, &TRANSFER_EVA];
        let sink = sink_with(&[(&MATE_DOCKED, Severity::Blocking)], &rules);
        let summary = summarize(&sink, rules.as_ref());
        assert_eq!(summary.verdict.kind, VerdictKind::Feasible);
        assert_eq!(summary.verdict.mode, Mode::Eva);
        // Docking itself stays blocked: no rule judges the mate phase of an
        // EVA rescue, so it does not pass the phase.
        let mate = summary.phase_worst.iter().find(|(p, _)| *p == Phase::Mate);
        assert_eq!(mate, Some(&(Phase::Mate, Some(Severity::Blocking))));
    }

    #[test]
    fn conditions_and_unknowns_rank_between_feasible_and_blocked() {
        let rules = [&CONTACT_ANY, &MATE_DOCKED];
        let sink = sink_with(&[(&CONTACT_ANY, Severity::Conditional)], &rules);
        assert_eq!(
            summarize(&sink, &rules).verdict.kind,
            VerdictKind::FeasibleWithConditions
        );
        let sink = sink_with(
            &[
                (&CONTACT_ANY, Severity::Conditional),
                (&MATE_DOCKED, Severity::Unknown),
            ],
            &rules,
        );
        let summary = summarize(&sink, rules.as_ref());
        assert_eq!(summary.verdict.kind, VerdictKind::Undetermined);
        assert_eq!(summary.verdict.phase, Some(Phase::Mate));
        assert_eq!(summary.undetermined, 1);
        assert_eq!(summary.evaluations, 2);
    }
}
