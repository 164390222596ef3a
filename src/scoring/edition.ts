import { bandFor } from './bands';
import { Exact, ZERO, exact, formatExact, reaches, roundHalfUp2, sum, toScore } from './exact';
import { scorePanel } from './panel';
import { scoreQuestionnaire } from './questionnaire';
import { competitionRanks } from './ranking';
import {
  BodyFacts,
  BodyResult,
  EditionDef,
  FinalTrace,
  GateTrace,
  InstrumentDef,
  InstrumentRef,
  QuestionnaireDef,
  QuestionnaireFacts,
  ResultStatus,
  RubricDef,
  StageDef,
  StageTrace,
} from './types';

/** the order of String.prototype.localeCompare, with one collator instead of one per comparison */
const byCode = new Intl.Collator();

export interface ScoringInput {
  edition: EditionDef;
  instrument: (ref: InstrumentRef) => InstrumentDef;
  bodies: BodyFacts[];
  /**
   * false: questionnaire traces carry no per-question lines (`questions: []`); scores and
   * indicator traces are the same. Bulk computation stores the facts instead and rebuilds the
   * lines of one body on request (default true).
   */
  questionLines?: boolean;
}

interface BodyState {
  facts: BodyFacts;
  notSubmitted: boolean;
  /** exact stage scores of the stages reached so far, in stage order; null: reached, no result yet */
  scores: (Exact | null)[];
  reached: boolean[];
  traces: StageTrace[];
}

/**
 * The score of every body of an edition as a pure function of the definitions and the recorded
 * facts (SPEC §5): stage by stage, gates decide who reaches the next stage; the final is the
 * weighted mean over the stages reached, rounded once; predicates and ranks come from that.
 */
export function computeEdition(input: ScoringInput): BodyResult[] {
  const { edition } = input;
  const states: BodyState[] = input.bodies.map((facts) => ({
    facts,
    notSubmitted: firstQuestionnaireUnsubmitted(edition, facts),
    scores: [],
    reached: [],
    traces: [],
  }));

  const lines = input.questionLines ?? true;
  edition.stages.forEach((stage, index) => {
    const instrument = input.instrument(stage.instrument);
    const gates = decideGates(edition, stage, index, states);
    for (const state of states) {
      const gate = gates.get(state) ?? null;
      const reached = !state.notSubmitted && state.reached.every((r) => r) && (gate ? gate.passed : true);
      state.reached.push(reached);
      const scored = scoreStage(stage, instrument, state.facts, reached, gate, lines);
      state.scores.push(reached ? scored.score : null);
      state.traces.push(scored.trace);
    }
  });

  const finals = new Map<BodyResult, bigint | null>();
  const results = states.map((state) => {
    const { result, hundredths } = resultOf(edition, state);
    finals.set(result, hundredths);
    return result;
  });
  for (const category of edition.categories) {
    const inCategory = results.filter((r) => r.category === category.code);
    const ranks = competitionRanks(inCategory.map((r) => ({ key: r, hundredths: finals.get(r) ?? null })));
    for (const r of inCategory) r.rank = ranks.get(r) ?? null;
  }
  const categoryOrder = new Map(edition.categories.map((c, i) => [c.code, i]));
  return results.sort(
    (a, b) =>
      (categoryOrder.get(a.category) ?? 0) - (categoryOrder.get(b.category) ?? 0) ||
      (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
      byCode.compare(a.body, b.body),
  );
}

function firstQuestionnaireUnsubmitted(edition: EditionDef, facts: BodyFacts): boolean {
  const first = edition.stages[0];
  if (first.kind !== 'questionnaire') return false;
  const q = facts.stages[first.code];
  return !(q && q.kind === 'questionnaire' && q.submitted);
}

/** Weighted score over the earlier stages, exact; null when an earlier stage has no result. */
function earlierScore(edition: EditionDef, index: number, state: BodyState): Exact | null {
  const earlier = edition.stages.slice(0, index);
  if (state.scores.some((s) => s === null)) return null;
  const weights = earlier.map((s) => exact(s.weight));
  return sum(weights.map((w, i) => w.mul(state.scores[i]!))).div(sum(weights));
}

function decideGates(edition: EditionDef, stage: StageDef, index: number, states: BodyState[]): Map<BodyState, GateTrace> {
  const gates = new Map<BodyState, GateTrace>();
  if (!stage.gate || index === 0) return gates;
  const candidates = states.filter((s) => !s.notSubmitted && s.reached.every((r) => r));
  const earlier = new Map(candidates.map((s) => [s, earlierScore(edition, index, s)]));
  const gate = stage.gate;
  if ('minScore' in gate) {
    for (const state of states) {
      const score = earlier.get(state) ?? null;
      gates.set(state, {
        rule: 'minScore',
        threshold: gate.minScore,
        earlierScore: score ? toScore(score) : null,
        rank: null,
        passed: score !== null && reaches(roundHalfUp2(score), gate.minScore),
      });
    }
    return gates;
  }
  for (const category of edition.categories) {
    const inCategory = states.filter((s) => s.facts.category === category.code);
    const ranks = competitionRanks(
      inCategory.map((s) => {
        const score = earlier.get(s);
        return { key: s, hundredths: score ? roundHalfUp2(score) : null };
      }),
    );
    for (const state of inCategory) {
      const score = earlier.get(state) ?? null;
      const rank = ranks.get(state) ?? null;
      gates.set(state, {
        rule: 'topPerCategory',
        threshold: gate.topPerCategory,
        earlierScore: score ? toScore(score) : null,
        rank,
        passed: rank !== null && rank <= gate.topPerCategory,
      });
    }
  }
  return gates;
}

function scoreStage(
  stage: StageDef,
  instrument: InstrumentDef,
  facts: BodyFacts,
  reached: boolean,
  gate: GateTrace | null,
  lines: boolean,
): { score: Exact | null; trace: StageTrace } {
  const recorded = facts.stages[stage.code];
  if (stage.kind === 'questionnaire') {
    const def = instrument as QuestionnaireDef;
    const q: QuestionnaireFacts =
      recorded?.kind === 'questionnaire'
        ? recorded
        : { kind: 'questionnaire', submitted: false, answers: {}, verificationComplete: false, decisions: {}, objections: [] };
    const scored = scoreQuestionnaire(def, q, { lines });
    const score = q.submitted ? scored.verified : ZERO;
    return {
      score,
      trace: {
        kind: 'questionnaire',
        stage: stage.code,
        weight: stage.weight,
        reached,
        submitted: q.submitted,
        verificationComplete: q.verificationComplete,
        claimed: q.submitted ? toScore(scored.claimed) : null,
        score: reached ? toScore(score) : null,
        indicators: scored.indicators,
        questions: scored.questions,
        gate,
      },
    };
  }
  const panel = scorePanel(stage, instrument as RubricDef, recorded?.kind === 'panel' ? recorded : undefined);
  return {
    score: panel.score,
    trace: {
      kind: 'panel',
      stage: stage.code,
      weight: stage.weight,
      reached,
      absent: recorded?.kind === 'panel' ? recorded.absent : false,
      aggregate: stage.aggregate,
      minAssessors: stage.minAssessors,
      countedSheets: panel.countedSheets,
      complete: panel.complete,
      assessors: panel.assessors,
      score: reached && panel.score ? toScore(panel.score) : null,
      gate,
    },
  };
}

function statusOf(state: BodyState): ResultStatus {
  if (state.notSubmitted) return 'not_submitted';
  if (state.reached.some((r, i) => r && state.scores[i] === null)) return 'incomplete';
  const unverified = state.traces.some(
    (t, i) => state.reached[i] && t.kind === 'questionnaire' && t.submitted && !t.verificationComplete,
  );
  return unverified ? 'unverified' : 'complete';
}

function finalOf(edition: EditionDef, state: BodyState, status: ResultStatus): { trace: FinalTrace; value: Exact | null } {
  if (status === 'not_submitted') {
    return { trace: { formula: 'not submitted → 0.00', terms: [], score: toScore(ZERO) }, value: ZERO };
  }
  const terms = edition.stages
    .map((stage, i) => ({ stage: stage.code, weight: stage.weight, score: state.scores[i] }))
    .filter((_, i) => state.reached[i]);
  const shown = terms.map((t) => ({ stage: t.stage, weight: t.weight, score: t.score ? formatExact(t.score) : 'null' }));
  const expression = `(${shown.map((t) => `${t.weight} × ${t.score}`).join(' + ')}) ÷ ${formatExact(sum(terms.map((t) => exact(t.weight))))}`;
  if (status === 'incomplete') {
    return { trace: { formula: `${expression}: incomplete`, terms: shown, score: null }, value: null };
  }
  const weights = sum(terms.map((t) => exact(t.weight)));
  const final = sum(terms.map((t) => exact(t.weight).mul(t.score!))).div(weights);
  const score = toScore(final);
  return { trace: { formula: `${expression} = ${score.exact} → ${score.text}`, terms: shown, score }, value: final };
}

function resultOf(edition: EditionDef, state: BodyState): { result: BodyResult; hundredths: bigint | null } {
  const status = statusOf(state);
  const final = finalOf(edition, state, status);
  const hundredths = final.value ? roundHalfUp2(final.value) : null;
  const band = hundredths !== null ? bandFor(edition.bands, hundredths) : null;
  const stages: Record<string, number | null> = {};
  edition.stages.forEach((stage, i) => {
    const s = state.scores[i];
    stages[stage.code] = state.reached[i] && s ? toScore(s).rounded : null;
  });
  const result: BodyResult = {
    body: state.facts.body,
    bodyName: state.facts.name,
    category: state.facts.category,
    status,
    stages,
    final: final.trace.score,
    predicate: band?.code ?? null,
    predicateLabel: band?.label ?? null,
    rank: null,
    trace: { stages: state.traces, final: final.trace },
  };
  return { result, hundredths };
}
