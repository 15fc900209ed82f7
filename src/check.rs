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
    Context, Environment, Finding, MODES, Mode, ModeSet, PHASES, Party, Phase, Rule, Severity,
    SeverityOverrides, Sink, Tally, registry,
};
use crate::scenario::Situation;
use crate::spec::Vehicle;

/// Which rules to run, and at what severity their findings count.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only these phases (all when empty).
    pub phases: Vec<Phase>,
    /// A project's severity for some rules (`[rules]` of the config file).
    pub severities: SeverityOverrides,
}

impl Selection {
    pub fn includes(&self, rule: &Rule) -> bool {
        self.phases.is_empty() || self.phases.contains(&rule.phase)
    }

    /// The same severities, with only `phases` run.
    pub fn only(&self, phases: &[Phase]) -> Selection {
        Selection {
            phases: phases.to_vec(),
            severities: self.severities,
        }
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
    pub const ALL: [VerdictKind; 4] = [
        VerdictKind::Feasible,
        VerdictKind::FeasibleWithConditions,
        VerdictKind::Undetermined,
        VerdictKind::Blocked,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            VerdictKind::Feasible => "feasible",
            VerdictKind::FeasibleWithConditions => "feasible with conditions",
            VerdictKind::Undetermined => "undetermined",
            VerdictKind::Blocked => "blocked",
        }
    }

    /// Lower is better.
    pub fn rank(&self) -> u8 {
        match self {
            VerdictKind::Feasible => 0,
            VerdictKind::FeasibleWithConditions => 1,
            VerdictKind::Undetermined => 2,
            VerdictKind::Blocked => 3,
        }
    }
}

impl std::fmt::Display for VerdictKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a phase says for one mode: not examined (no rule of the phase had
/// anything to decide), ok (rules ran, nothing found), or the worst
/// severity found. Every report prints these words, and only these.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PhaseState {
    /// No rule of the phase had anything to decide (the approach rules when
    /// no port pair mates): not "fine", not examined.
    NotExamined,
    /// Rules ran and found nothing.
    Ok,
    Advisory,
    Conditional,
    Unknown,
    Blocking,
}

impl PhaseState {
    pub const ALL: [PhaseState; 6] = [
        PhaseState::NotExamined,
        PhaseState::Ok,
        PhaseState::Advisory,
        PhaseState::Conditional,
        PhaseState::Unknown,
        PhaseState::Blocking,
    ];

    /// The state of a phase and mode from its worst finding and its rule
    /// evaluations.
    pub fn of(worst: Option<Severity>, evaluations: u32) -> PhaseState {
        match worst {
            Some(severity) => PhaseState::from(severity),
            None if evaluations == 0 => PhaseState::NotExamined,
            None => PhaseState::Ok,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PhaseState::NotExamined => "not examined",
            PhaseState::Ok => "ok",
            PhaseState::Advisory => "advisory",
            PhaseState::Conditional => "conditional",
            PhaseState::Unknown => "unknown",
            PhaseState::Blocking => "blocking",
        }
    }

    /// The severity of the findings that set the state.
    pub fn severity(self) -> Option<Severity> {
        match self {
            PhaseState::NotExamined | PhaseState::Ok => None,
            PhaseState::Advisory => Some(Severity::Advisory),
            PhaseState::Conditional => Some(Severity::Conditional),
            PhaseState::Unknown => Some(Severity::Unknown),
            PhaseState::Blocking => Some(Severity::Blocking),
        }
    }

    /// Lower is better, for choosing a phase's best mode: a mode where no
    /// rule had anything to decide ranks below one with conditions and
    /// above one where data is missing or something blocks.
    fn rank(self) -> u8 {
        match self {
            PhaseState::Ok => 0,
            PhaseState::Advisory => 1,
            PhaseState::Conditional => 2,
            PhaseState::NotExamined => 3,
            PhaseState::Unknown => 4,
            PhaseState::Blocking => 5,
        }
    }
}

impl From<Severity> for PhaseState {
    fn from(severity: Severity) -> Self {
        match severity {
            Severity::Advisory => PhaseState::Advisory,
            Severity::Conditional => PhaseState::Conditional,
            Severity::Unknown => PhaseState::Unknown,
            Severity::Blocking => PhaseState::Blocking,
        }
    }
}

impl std::fmt::Display for PhaseState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The verdict of one mode of one direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModeVerdict {
    pub mode: Mode,
    pub kind: VerdictKind,
    /// The first phase, in rescue order, at the mode's worst severity.
    pub phase: Option<Phase>,
    /// Whether some selected rule speaks for this mode alone; a mode no
    /// rule examines is undetermined and no candidate for the verdict.
    pub assessed: bool,
}

/// One phase of a direction: its state in each mode its rules judge, and
/// in its best mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhaseJudgement {
    pub phase: Phase,
    /// By `Mode as usize`: the state, or `None` when no rule of the phase
    /// judges that mode (no mate rule judges an EVA transfer) or the mode
    /// is not assessed.
    pub modes: [Option<PhaseState>; MODES],
    /// The state in the phase's best mode: the mate phase stays blocking
    /// though an EVA transfer could bypass docking.
    pub state: PhaseState,
    /// The mode `state` is from.
    pub mode: Mode,
}

impl PhaseJudgement {
    /// The modes the phase judges, with their states, in [`Mode::ALL`]
    /// order.
    pub fn mode_states(&self) -> impl Iterator<Item = (Mode, PhaseState)> + '_ {
        Mode::ALL
            .into_iter()
            .filter_map(|m| Some((m, self.modes.get(m as usize).copied().flatten()?)))
    }
}

/// One direction's result.
#[derive(Debug)]
pub struct DirectionResult {
    pub findings: Vec<Finding>,
    /// Verdicts and phase states from every finding (none waived).
    pub judgement: Judgement,
    /// Findings and evaluations by phase and mode.
    pub tally: Tally,
    pub evaluations: u32,
    pub undetermined: u32,
    /// Evaluations the data left unknown and the flight record decided.
    pub by_record: u32,
    /// Rule evaluations per phase; zero when no rule of the phase applied.
    pub phase_evaluations: Vec<(Phase, u32)>,
}

impl DirectionResult {
    /// The verdict of the best assessed mode.
    pub fn verdict(&self) -> ModeVerdict {
        self.judgement.verdict
    }

    /// Share of rule evaluations decided on data (0 to 1).
    pub fn decided_share(&self) -> f64 {
        if self.evaluations == 0 {
            return 0.0;
        }
        f64::from(self.decided_on_data()) / f64::from(self.evaluations)
    }

    /// Evaluations decided on published data (not unknown, not by record).
    pub fn decided_on_data(&self) -> u32 {
        self.evaluations
            .saturating_sub(self.undetermined)
            .saturating_sub(self.by_record)
    }

    /// Share of rule evaluations decided by the flight record (0 to 1).
    pub fn by_record_share(&self) -> f64 {
        if self.evaluations == 0 {
            return 0.0;
        }
        f64::from(self.by_record) / f64::from(self.evaluations)
    }
}

/// Runs every selected rule for `rescuer` rescuing `distressed`'s crew.
pub fn run_direction(
    rescuer: &Vehicle,
    distressed: &Vehicle,
    env: &Environment,
    selection: &Selection,
    sink: Sink,
) -> (Sink, Judgement) {
    run_direction_verdicts(rescuer, distressed, env, selection, sink, |_, _| {})
}

/// [`run_direction`], calling `after_rule` with each rule and the sink once
/// the rule has run (fleet matrices tell from the sink's counts which rules
/// blocked, without building findings). Nothing is allocated per pair when
/// no phase is selected, which is what a fleet matrix of a million cells
/// needs.
pub fn run_direction_verdicts(
    rescuer: &Vehicle,
    distressed: &Vehicle,
    env: &Environment,
    selection: &Selection,
    sink: Sink,
    after_rule: impl FnMut(&'static Rule, &Sink),
) -> (Sink, Judgement) {
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
    sink: Sink,
    mut after_rule: impl FnMut(&'static Rule, &Sink),
) -> (Sink, Judgement) {
    let mut sink = sink.with_overrides(selection.severities);
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
    let judgement = shape.judge(sink.tally(), available);
    (sink, judgement)
}

/// What a set of rules can judge: the phases it covers, the modes it
/// assesses and which phase speaks for which mode. It depends only on the
/// rules, so the registry's is computed once per process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSetShape {
    /// Phases with at least one rule, indexed by `Phase as usize`.
    phases: [bool; PHASES],
    /// Modes the rules assess (see [`RuleSetShape::new`]), by `Mode as usize`.
    assessed: [bool; MODES],
    /// `judges[phase][mode]`: a rule of the phase applies to the mode.
    judges: [[bool; MODES]; PHASES],
}

impl RuleSetShape {
    /// A mode is assessed when some rule applies to it and not to every
    /// mode (a rule of its own); when no rule is specific to a mode, all
    /// modes are judged alike. Without this an EVA transfer that no rule
    /// examines would pass as feasible whenever docking is blocked.
    pub fn new(rules: &[&'static Rule]) -> Self {
        let mut shape = RuleSetShape {
            phases: [false; PHASES],
            assessed: [false; MODES],
            judges: [[false; MODES]; PHASES],
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
            shape.assessed = [true; MODES];
        }
        shape
    }

    /// The shape of the whole registry ([`crate::rules::all`]).
    pub fn of_registry() -> &'static RuleSetShape {
        static SHAPE: std::sync::OnceLock<RuleSetShape> = std::sync::OnceLock::new();
        SHAPE.get_or_init(|| RuleSetShape::new(crate::rules::all()))
    }

    /// The shape of the rules of these phases (all when empty).
    pub fn of_phases(phases: &[Phase]) -> RuleSetShape {
        if phases.is_empty() {
            return *RuleSetShape::of_registry();
        }
        let rules: Vec<&'static Rule> = registry()
            .into_iter()
            .filter(|r| phases.contains(&r.phase))
            .collect();
        RuleSetShape::new(&rules)
    }

    pub fn covers(&self, phase: Phase) -> bool {
        self.phases.get(phase as usize).copied().unwrap_or(false)
    }

    pub fn assesses(&self, mode: Mode) -> bool {
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

    /// The modes a phase speaks for: the assessed modes some rule of the
    /// phase applies to (all assessed modes when none does).
    pub fn phase_modes(&self, phase: Phase) -> impl Iterator<Item = Mode> + '_ {
        self.phase_modes_among(phase, ModeSet::ALL).iter()
    }

    /// [`RuleSetShape::phase_modes`] among the modes a situation makes
    /// available.
    fn phase_modes_among(&self, phase: Phase, available: ModeSet) -> ModeSet {
        let assessed = self.assessed_among(available);
        let judged = assessed
            .iter()
            .filter(|m| self.judges(phase, *m))
            .fold(ModeSet::EMPTY, ModeSet::with);
        if judged.is_empty() { assessed } else { judged }
    }

    /// The modes assessed among those a situation makes available.
    fn assessed_among(&self, available: ModeSet) -> ModeSet {
        available
            .iter()
            .filter(|m| self.assesses(*m))
            .fold(ModeSet::EMPTY, ModeSet::with)
    }

    /// Verdicts and phase states from a tally: the one place they are
    /// computed, for a collecting sink, a counting one, or a report's
    /// findings that are not waived. Only the modes the situation makes
    /// `available` are judged (the via-station mode for a crew at a
    /// station, the modes a scenario allows).
    pub fn judge(&self, tally: &Tally, available: ModeSet) -> Judgement {
        let assessed = self.assessed_among(available);
        let modes = Mode::ALL.map(|mode| {
            if assessed.contains(mode) {
                self.mode_verdict(tally, mode)
            } else {
                // No selected rule speaks for this mode: nothing says it works.
                ModeVerdict {
                    mode,
                    kind: VerdictKind::Undetermined,
                    phase: None,
                    assessed: false,
                }
            }
        });
        let verdict =
            best_mode(modes.iter().filter(|m| m.assessed).copied()).unwrap_or(ModeVerdict {
                mode: Mode::Docked,
                // No mode to cross in says nothing works.
                kind: if available == ModeSet::EMPTY {
                    VerdictKind::Undetermined
                } else {
                    VerdictKind::Feasible
                },
                phase: None,
                assessed: true,
            });
        let phases = Phase::ALL.map(|phase| {
            let mut states = [None; MODES];
            for mode in self.phase_modes_among(phase, available).iter() {
                if let Some(slot) = states.get_mut(mode as usize) {
                    *slot = Some(PhaseState::of(
                        tally.worst(phase, mode),
                        tally.evaluations(phase, mode),
                    ));
                }
            }
            // A phase's state in its best mode, among the modes its rules
            // speak for: docking stays blocked though an EVA bypasses it.
            let (mode, state) = Mode::ALL
                .into_iter()
                .filter_map(|m| Some((m, states.get(m as usize).copied().flatten()?)))
                .min_by_key(|(m, s)| (s.rank(), *m))
                .unwrap_or((Mode::Docked, PhaseState::NotExamined));
            PhaseJudgement {
                phase,
                modes: states,
                state,
                mode,
            }
        });
        Judgement {
            shape: *self,
            available: assessed,
            modes,
            verdict,
            phases,
        }
    }

    fn mode_verdict(&self, tally: &Tally, mode: Mode) -> ModeVerdict {
        let worst = self.phases().filter_map(|p| tally.worst(p, mode)).max();
        let kind = verdict_kind(worst);
        let phase = worst.and_then(|w| {
            if w == Severity::Advisory {
                return None;
            }
            self.phases().find(|p| tally.worst(*p, mode) == Some(w))
        });
        ModeVerdict {
            mode,
            kind,
            phase,
            assessed: true,
        }
    }
}

/// A direction's verdicts and phase states, in fixed-size form (no
/// allocation): what [`RuleSetShape::judge`] computes.
#[derive(Debug, Clone, Copy)]
pub struct Judgement {
    shape: RuleSetShape,
    /// The modes assessed for this direction.
    pub available: ModeSet,
    /// Every mode, assessed or not, in [`Mode::ALL`] order.
    pub modes: [ModeVerdict; MODES],
    /// The verdict of the best assessed mode.
    pub verdict: ModeVerdict,
    /// By `Phase as usize`; only the phases the rules cover are reported.
    phases: [PhaseJudgement; PHASES],
}

impl Judgement {
    /// The phases the rules cover, in rescue order.
    pub fn phases(&self) -> impl Iterator<Item = &PhaseJudgement> + '_ {
        self.phases.iter().filter(|p| self.shape.covers(p.phase))
    }

    /// One phase, when the rules cover it.
    pub fn phase(&self, phase: Phase) -> Option<&PhaseJudgement> {
        self.phases().find(|p| p.phase == phase)
    }

    /// The shape of the rules judged.
    pub fn shape(&self) -> &RuleSetShape {
        &self.shape
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
pub fn best_mode(modes: impl Iterator<Item = ModeVerdict>) -> Option<ModeVerdict> {
    // One pass, no allocation (a fleet matrix runs this for every cell):
    // the first best mode, and the docked one.
    let mut best: Option<ModeVerdict> = None;
    let mut docked = None;
    for m in modes {
        if m.mode == Mode::Docked && docked.is_none() {
            docked = Some(m);
        }
        if best.is_none_or(|b| (m.kind.rank(), m.mode) < (b.kind.rank(), b.mode)) {
            best = Some(m);
        }
    }
    let best = best?;
    if best.kind == VerdictKind::Blocked {
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
    let (sink, judgement) =
        run_situation_verdicts(situation, env, selection, Sink::collecting(), |_, _| {});
    let evaluations = sink.evaluations();
    let undetermined = sink.undetermined();
    let by_record = sink.by_record();
    let tally = *sink.tally();
    let phase_evaluations = judgement
        .phases()
        .map(|p| (p.phase, sink.phase_evaluations(p.phase)))
        .collect();
    DirectionResult {
        findings: sink.into_findings(),
        judgement,
        tally,
        evaluations,
        undetermined,
        by_record,
        phase_evaluations,
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

    fn summarize(sink: &Sink, rules: &[&'static Rule]) -> Judgement {
        RuleSetShape::new(rules).judge(sink.tally(), ModeSet::ALL.without(Mode::ViaStation))
    }

    fn phase_state(judgement: &Judgement, phase: Phase) -> Option<PhaseState> {
        judgement.phase(phase).map(|p| p.state)
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
        assert_eq!(
            phase_state(&summary, Phase::Mate),
            Some(PhaseState::Blocking)
        );
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
        assert_eq!(
            phase_state(&summary, Phase::Mate),
            Some(PhaseState::Blocking)
        );
        let mate = summary.phase(Phase::Mate).map(|p| p.modes);
        assert_eq!(mate, Some([Some(PhaseState::Blocking), None, None]));
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
        assert_eq!(sink.undetermined(), 1);
        assert_eq!(sink.evaluations(), 2);
    }

    #[test]
    fn a_finding_decided_by_record_is_counted_apart_and_decides_no_verdict() {
        let record = crate::record::FlightRecord::bundled();
        let flown: Vec<&crate::record::Event> = record.events.iter().take(1).collect();
        assert_eq!(flown.len(), 1);
        let rules = [&CONTACT_ANY, &MATE_DOCKED];
        let run = |flown: &[&crate::record::Event]| {
            let mut sink = Sink::collecting();
            sink.begin(&CONTACT_ANY);
            sink.emit(Severity::Conditional, FindingBody::default);
            sink.end();
            sink.begin(&MATE_DOCKED);
            sink.emit_unknown_unless_flown(flown, FindingBody::default);
            sink.end();
            sink
        };
        let unknown = run(&[]);
        assert_eq!((unknown.undetermined(), unknown.by_record()), (1, 0));
        assert_eq!(
            summarize(&unknown, &rules).verdict.kind,
            VerdictKind::Undetermined
        );
        let decided = run(&flown);
        assert_eq!((decided.undetermined(), decided.by_record()), (0, 1));
        assert_eq!(decided.evaluations(), 2);
        assert_eq!(
            summarize(&decided, &rules).verdict.kind,
            VerdictKind::FeasibleWithConditions
        );
        let finding = decided
            .findings()
            .iter()
            .find(|f| f.rule.id == MATE_DOCKED.id)
            .map(|f| (f.severity, f.body.record.len()));
        assert_eq!(finding, Some((Severity::Advisory, 1)));
    }
}
