//! Runs the rules over a rescue scenario, direction by direction, and
//! builds the verdicts.
//!
//! The engine's input is a resolved scenario ([`Situation`]): who is
//! rescued, by whom, with what, where. A pair check is one scenario in each
//! direction: `check(A, B)` asks whether A can rescue B's nominal crew and
//! whether B can rescue A's ([`Situation::nominal`]). A rescue is reached
//! by a mode: a docked transfer between the two vehicles, a transfer
//! through the station the crew is at (judged leg by leg with the path
//! machinery of `plan`), or an EVA; a mode is feasible when every phase
//! is, and a direction's verdict is that of its best mode.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::rules::{
    Context, Environment, Finding, Mode, ModeSet, Party, Phase, Rule, Severity, Sink, registry,
};
use crate::scenario::Situation;
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// The mode each phase's state belongs to.
    pub phase_modes: Vec<(Phase, Option<Mode>)>,
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
    sink: Sink,
    after_rule: impl FnMut(&'static Rule, &Sink),
) -> (Sink, DirectionResultSummary) {
    let (sink, verdicts) =
        run_direction_verdicts(rescuer, distressed, env, selection, sink, after_rule);
    let summary = verdicts.summary(&sink);
    (sink, summary)
}

/// [`run_direction_observed`] returning the verdicts in fixed-size form:
/// nothing is allocated per pair when no phase is selected, which is what a
/// fleet matrix of a million cells needs.
pub fn run_direction_verdicts(
    rescuer: &Vehicle,
    distressed: &Vehicle,
    env: &Environment,
    selection: &Selection,
    sink: Sink,
    after_rule: impl FnMut(&'static Rule, &Sink),
) -> (Sink, DirectionVerdicts) {
    run_situation_verdicts(
        &Situation::nominal(rescuer, distressed),
        env,
        selection,
        sink,
        after_rule,
    )
}

/// The selected rules and what they can judge: the whole registry's, built
/// once, when no phase is selected.
fn selected(selection: &Selection) -> (std::borrow::Cow<'static, [&'static Rule]>, RuleSetShape) {
    if selection.phases.is_empty() {
        (
            std::borrow::Cow::Borrowed(crate::rules::all()),
            *RuleSetShape::of_registry(),
        )
    } else {
        let rules: Vec<&'static Rule> = registry()
            .into_iter()
            .filter(|r| selection.includes(r))
            .collect();
        let shape = RuleSetShape::new(&rules);
        (std::borrow::Cow::Owned(rules), shape)
    }
}

/// Runs `rules` on one context into `sink`.
pub(crate) fn run_rules(
    ctx: &Context<'_>,
    rules: &[&'static Rule],
    sink: &mut Sink,
    after_rule: &mut dyn FnMut(&'static Rule, &Sink),
) {
    for rule in rules {
        sink.begin(rule);
        (rule.check)(ctx, sink);
        sink.end();
        after_rule(rule, sink);
    }
}

/// Runs every selected rule for one direction of a scenario: between the
/// two vehicles for the docked and EVA modes, and, when the crew is at a
/// station, leg by leg through it for the via-station mode (and through a
/// carried adapter for the docked mode). Allocation-free for a default
/// free-flying situation with no phase selected.
pub fn run_situation_verdicts(
    situation: &Situation<'_>,
    env: &Environment,
    selection: &Selection,
    mut sink: Sink,
    mut after_rule: impl FnMut(&'static Rule, &Sink),
) -> (Sink, DirectionVerdicts) {
    let (rules, shape) = selected(selection);
    let available = situation.modes();
    // A carried adapter can make the docked transfer: the better of the
    // direct docking and the docking through the adapter judges it.
    let through_adapter = if available.contains(Mode::Docked) && !situation.adapters().is_empty() {
        crate::plan::best_adapter_path(situation, env, &rules)
    } else {
        None
    };
    let mut direct = available.without(Mode::ViaStation);
    if through_adapter.is_some() {
        direct = direct.without(Mode::Docked);
    }
    sink.record_modes(direct);
    let ctx = Context::in_situation(situation.rescuer, situation.distressed, *situation, env);
    run_rules(&ctx, &rules, &mut sink, &mut after_rule);
    if let Some(adapter) = through_adapter {
        crate::plan::run_path(
            &[situation.rescuer, adapter, situation.distressed],
            None,
            situation,
            env,
            &rules,
            Mode::Docked,
            &mut sink,
            &mut after_rule,
        );
        sink.record_modes(ModeSet::ALL);
    }
    if let (true, Some(station)) = (available.contains(Mode::ViaStation), situation.station()) {
        crate::plan::run_path(
            &[situation.rescuer, station, situation.distressed],
            Some(1),
            situation,
            env,
            &rules,
            Mode::ViaStation,
            &mut sink,
            &mut after_rule,
        );
    }
    sink.record_modes(ModeSet::ALL);
    let verdicts = shape.verdicts(&sink, available);
    (sink, verdicts)
}

/// Verdicts of a direction, from a sink (counting or collecting).
#[derive(Debug, Clone)]
pub struct DirectionResultSummary {
    pub modes: Vec<ModeVerdict>,
    pub verdict: ModeVerdict,
    pub evaluations: u32,
    pub undetermined: u32,
    pub phase_worst: Vec<(Phase, Option<Severity>)>,
    /// The mode each phase's state belongs to.
    pub phase_modes: Vec<(Phase, Option<Mode>)>,
    /// Rule evaluations per phase; zero when no rule of the phase applied.
    pub phase_evaluations: Vec<(Phase, u32)>,
}

/// What a set of rules can judge: the phases it covers, the modes it
/// assesses and which phase speaks for which mode. It depends only on the
/// rules, so the registry's is computed once per process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSetShape {
    /// Phases with at least one rule, indexed by `Phase as usize`.
    phases: [bool; 6],
    /// Modes the rules assess (see [`RuleSetShape::new`]), by `Mode as usize`.
    assessed: [bool; 3],
    /// `judges[phase][mode]`: a rule of the phase applies to the mode.
    judges: [[bool; 3]; 6],
}

impl RuleSetShape {
    /// A mode is assessed when some rule applies to it and not to every
    /// mode (a rule of its own); when no rule is specific to a mode, all
    /// modes are judged alike. Without this an EVA transfer that no rule
    /// examines would pass as feasible whenever docking is blocked.
    pub fn new(rules: &[&'static Rule]) -> Self {
        let mut shape = RuleSetShape {
            phases: [false; 6],
            assessed: [false; 3],
            judges: [[false; 3]; 6],
        };
        for rule in rules {
            let phase = rule.phase as usize;
            if let Some(covered) = shape.phases.get_mut(phase) {
                *covered = true;
            }
            for mode in rule.modes {
                if let Some(judged) = shape
                    .judges
                    .get_mut(phase)
                    .and_then(|j| j.get_mut(*mode as usize))
                {
                    *judged = true;
                }
                if rule.modes.len() < Mode::ALL.len()
                    && let Some(assessed) = shape.assessed.get_mut(*mode as usize)
                {
                    *assessed = true;
                }
            }
        }
        if !shape.assessed.contains(&true) {
            shape.assessed = [true; 3];
        }
        shape
    }

    /// The shape of the whole registry ([`crate::rules::all`]).
    pub fn of_registry() -> &'static RuleSetShape {
        static SHAPE: std::sync::OnceLock<RuleSetShape> = std::sync::OnceLock::new();
        SHAPE.get_or_init(|| RuleSetShape::new(crate::rules::all()))
    }

    fn covers(&self, phase: Phase) -> bool {
        self.phases.get(phase as usize).copied().unwrap_or(false)
    }

    fn assesses(&self, mode: Mode) -> bool {
        self.assessed.get(mode as usize).copied().unwrap_or(false)
    }

    fn judges(&self, phase: Phase, mode: Mode) -> bool {
        self.judges
            .get(phase as usize)
            .and_then(|j| j.get(mode as usize))
            .copied()
            .unwrap_or(false)
    }

    /// The phases the rules cover, in rescue order.
    pub fn phases(&self) -> impl Iterator<Item = Phase> + '_ {
        Phase::ALL.into_iter().filter(|p| self.covers(*p))
    }

    /// The verdicts a sink's severities give under these rules, among the
    /// modes the situation makes `available` (the via-station mode only for
    /// a crew at a station; the modes a scenario allows).
    pub fn verdicts(&self, sink: &Sink, available: ModeSet) -> DirectionVerdicts {
        // The modes judged here, as a bit set: computed once, read often
        // (a fleet matrix runs this for every cell).
        let assessed = Mode::ALL
            .into_iter()
            .filter(|m| self.assesses(*m) && available.contains(*m))
            .fold(ModeSet::EMPTY, ModeSet::with);
        let modes = Mode::ALL.map(|mode| {
            if assessed.contains(mode) {
                self.mode_verdict(sink, mode)
            } else {
                // No selected rule speaks for this mode: nothing says it works.
                ModeVerdict {
                    mode,
                    kind: VerdictKind::Undetermined,
                    phase: None,
                }
            }
        });
        let verdict = best_mode(
            modes
                .iter()
                .filter(|m| assessed.contains(m.mode))
                .map(|m| (m.mode, m.kind, m.phase)),
        )
        .map_or(
            ModeVerdict {
                mode: Mode::Docked,
                // No mode to cross in says nothing works.
                kind: if available == ModeSet::EMPTY {
                    VerdictKind::Undetermined
                } else {
                    VerdictKind::Feasible
                },
                phase: None,
            },
            |(mode, kind, phase)| ModeVerdict { mode, kind, phase },
        );
        // A phase's worst severity in its best mode, among the modes its
        // rules speak for: the mate phase of an EVA rescue has no rule, and
        // docking stays blocked even when an EVA could bypass it.
        let phase_worst = Phase::ALL.map(|p| {
            if !self.covers(p) {
                return (None, None);
            }
            let judged = assessed
                .iter()
                .filter(|m| self.judges(p, *m))
                .fold(ModeSet::EMPTY, ModeSet::with);
            let candidates = if judged.is_empty() { assessed } else { judged };
            candidates
                .iter()
                .map(|m| (sink.worst(p, m), Some(m)))
                .min_by_key(|(s, _)| s.map_or(-1, |s| s as i32))
                .unwrap_or((None, None))
        });
        DirectionVerdicts {
            shape: *self,
            available: assessed,
            modes,
            verdict,
            phase_worst,
        }
    }

    fn mode_verdict(&self, sink: &Sink, mode: Mode) -> ModeVerdict {
        let worst = self.phases().filter_map(|p| sink.worst(p, mode)).max();
        let kind = verdict_kind(worst);
        let phase = worst.and_then(|w| {
            if w == Severity::Advisory {
                return None;
            }
            self.phases().find(|p| sink.worst(*p, mode) == Some(w))
        });
        ModeVerdict { mode, kind, phase }
    }
}

/// A direction's verdicts in fixed-size form (no allocation).
#[derive(Debug, Clone, Copy)]
pub struct DirectionVerdicts {
    shape: RuleSetShape,
    /// The modes assessed for this direction.
    pub available: ModeSet,
    /// Every mode, assessed or not, in [`Mode::ALL`] order.
    pub modes: [ModeVerdict; 3],
    /// The verdict of the best assessed mode.
    pub verdict: ModeVerdict,
    /// Worst severity per phase (by `Phase as usize`) and the mode it is
    /// in; `None` for phases the rules do not cover or where nothing was
    /// found.
    phase_worst: [(Option<Severity>, Option<Mode>); 6],
}

impl DirectionVerdicts {
    /// The phases the rules cover, in rescue order, with their worst
    /// severity.
    pub fn phase_worst(&self) -> impl Iterator<Item = (Phase, Option<Severity>)> + '_ {
        self.phase_states().map(|(p, w, _)| (p, w))
    }

    /// The phases the rules cover, with their worst severity and the mode
    /// that state belongs to (the phase's best mode).
    pub fn phase_states(
        &self,
    ) -> impl Iterator<Item = (Phase, Option<Severity>, Option<Mode>)> + '_ {
        self.shape.phases().map(|p| {
            let (worst, mode) = self
                .phase_worst
                .get(p as usize)
                .copied()
                .unwrap_or((None, None));
            (p, worst, mode)
        })
    }

    /// The same verdicts as vectors, with the sink's evaluation counts.
    pub fn summary(&self, sink: &Sink) -> DirectionResultSummary {
        DirectionResultSummary {
            modes: self
                .modes
                .iter()
                // Only the modes this direction assessed: the via-station
                // mode where there is a station, the modes a scenario allows.
                .filter(|m| self.available.contains(m.mode))
                .copied()
                .collect(),
            verdict: self.verdict,
            evaluations: sink.evaluations(),
            undetermined: sink.undetermined(),
            phase_worst: self.phase_worst().collect(),
            phase_modes: self.phase_states().map(|(p, _, m)| (p, m)).collect(),
            phase_evaluations: self
                .shape
                .phases()
                .map(|p| (p, sink.phase_evaluations(p)))
                .collect(),
        }
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
    // One pass, no allocation: the first best mode, and the docked one.
    let mut best: Option<(Mode, VerdictKind, Option<Phase>)> = None;
    let mut docked = None;
    for m in modes {
        if m.0 == Mode::Docked && docked.is_none() {
            docked = Some(m);
        }
        if best.is_none_or(|b| (m.1.rank(), m.0) < (b.1.rank(), b.0)) {
            best = Some(m);
        }
    }
    let best = best?;
    if best.1 == VerdictKind::Blocked {
        return docked.or(Some(best));
    }
    Some(best)
}

/// Checks one direction of the default scenario, keeping every finding.
pub fn check_direction(
    rescuer: &Vehicle,
    distressed: &Vehicle,
    env: &Environment,
    selection: &Selection,
) -> DirectionResult {
    check_situation(&Situation::nominal(rescuer, distressed), env, selection)
}

/// Checks one direction of a scenario, keeping every finding.
pub fn check_situation(
    situation: &Situation<'_>,
    env: &Environment,
    selection: &Selection,
) -> DirectionResult {
    let (sink, verdicts) =
        run_situation_verdicts(situation, env, selection, Sink::collecting(), |_, _| {});
    let summary = verdicts.summary(&sink);
    DirectionResult {
        findings: sink.into_findings(),
        modes: summary.modes,
        verdict: summary.verdict,
        evaluations: summary.evaluations,
        undetermined: summary.undetermined,
        phase_worst: summary.phase_worst,
        phase_modes: summary.phase_modes,
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
        tolerances: "-",
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

    fn summarize(sink: &Sink, rules: &[&'static Rule]) -> DirectionResultSummary {
        RuleSetShape::new(rules)
            .verdicts(sink, ModeSet::ALL.without(Mode::ViaStation))
            .summary(sink)
    }

    fn assessed_modes(rules: &[&'static Rule]) -> Vec<Mode> {
        let shape = RuleSetShape::new(rules);
        Mode::ALL
            .into_iter()
            .filter(|m| *m != Mode::ViaStation && shape.assesses(*m))
            .collect()
    }

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
        assert_eq!(
            assessed_modes(&[&CONTACT_ANY]),
            vec![Mode::Docked, Mode::Eva]
        );
        assert_eq!(
            assessed_modes(&[&CONTACT_ANY, &MATE_DOCKED]),
            vec![Mode::Docked]
        );
        assert_eq!(
            assessed_modes(&[&MATE_DOCKED, &TRANSFER_EVA]),
            vec![Mode::Docked, Mode::Eva]
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
