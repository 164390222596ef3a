import { BodyFacts, BodyResult, EditionDef, InstrumentDef, InstrumentRef, QuestionnaireDef, QuestionnaireFacts, formatExact, scoreQuestionnaire } from '../scoring';

const NOTHING_RECORDED: QuestionnaireFacts = { kind: 'questionnaire', submitted: false, answers: {}, verificationComplete: false, decisions: {}, objections: [] };

/** The questionnaire facts of a body, one JSON text per stage: what a publication freezes. */
export function stageFactsOf(body: BodyFacts, def: EditionDef): { stage: string; facts: string }[] {
  const rows: { stage: string; facts: string }[] = [];
  for (const stage of def.stages) {
    const recorded = body.stages[stage.code];
    if (stage.kind === 'questionnaire' && recorded?.kind === 'questionnaire') rows.push({ stage: stage.code, facts: JSON.stringify(recorded) });
  }
  return rows;
}

/**
 * A result as a draft stores it: questionnaire stages keep their claimed and verified scores but
 * neither indicator nor question lines (about half of a result's size; 20,000 of them are written
 * on every compute). `withLines` rebuilds both from the facts; a publication keeps indicators.
 */
export function withoutLines(result: BodyResult): BodyResult {
  return {
    ...result,
    trace: { ...result.trace, stages: result.trace.stages.map((t) => (t.kind === 'questionnaire' ? { ...t, indicators: [], questions: [] } : t)) },
  };
}

/**
 * A stored result with its indicator and question lines put back: each questionnaire stage is
 * scored again from `facts` with the pinned instrument version. What was stored must be
 * reproduced — the indicator scores where a publication kept them, the stage's claimed and
 * verified scores otherwise; `null` means it is not (the facts changed since the result was
 * computed) and the caller says so instead of showing lines that do not add up. Results stored
 * with their lines (before issue 5) are returned as they are.
 */
export function withLines(
  def: EditionDef,
  instrument: (ref: InstrumentRef) => InstrumentDef,
  result: BodyResult,
  facts: Record<string, QuestionnaireFacts | undefined>,
): BodyResult | null {
  let stale = false;
  const stages = result.trace.stages.map((trace) => {
    if (trace.kind !== 'questionnaire' || trace.questions.length > 0) return trace;
    const stageDef = def.stages.find((s) => s.code === trace.stage);
    if (!stageDef) throw new Error(`stage ${trace.stage} of ${result.body}'s result is not in edition ${def.code}`);
    const recorded = facts[trace.stage] ?? NOTHING_RECORDED;
    const scored = scoreQuestionnaire(instrument(stageDef.instrument) as QuestionnaireDef, recorded);
    if (trace.indicators.length > 0) {
      if (JSON.stringify(scored.indicators) !== JSON.stringify(trace.indicators)) stale = true;
    } else {
      if (trace.submitted !== recorded.submitted) stale = true;
      if (trace.claimed && trace.claimed.exact !== formatExact(scored.claimed)) stale = true;
      if (trace.score && trace.submitted && trace.score.exact !== formatExact(scored.verified)) stale = true;
    }
    return { ...trace, indicators: scored.indicators, questions: scored.questions };
  });
  return stale ? null : { ...result, trace: { ...result.trace, stages } };
}
