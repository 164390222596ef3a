import { BodyResult, GateTrace, parseExact, Score, StageTrace, toScore } from '../scoring';

/** A score as stored before issue 11: without `hundredths` and `text`. */
type StoredScore = Omit<Score, 'hundredths' | 'text'> & Partial<Pick<Score, 'hundredths' | 'text'>>;

/** The score with every field the core gives it now, rebuilt by the core from its exact value when it was stored without them. */
function current<T extends StoredScore | null>(score: T): T | Score {
  return score === null || score.text !== undefined ? score : toScore(parseExact(score.exact));
}

function gate(trace: GateTrace | null): GateTrace | null {
  return trace && { ...trace, earlierScore: current(trace.earlierScore) };
}

function stage(trace: StageTrace): StageTrace {
  if (trace.kind === 'questionnaire') {
    return {
      ...trace,
      claimed: current(trace.claimed),
      score: current(trace.score),
      indicators: trace.indicators.map((i) => ({ ...i, claimed: current(i.claimed), verified: current(i.verified) })),
      gate: gate(trace.gate),
    };
  }
  return { ...trace, score: current(trace.score), assessors: trace.assessors.map((a) => ({ ...a, total: current(a.total) })), gate: gate(trace.gate) };
}

/** The first score a result holds, if any: all of one result's scores were stored by the same version. */
function probe(result: BodyResult): StoredScore | null {
  if (result.final) return result.final;
  for (const t of result.trace.stages) {
    const found = t.score ?? (t.kind === 'questionnaire' ? t.claimed : null) ?? t.gate?.earlierScore;
    if (found) return found;
  }
  return null;
}

/**
 * A result as stored (a draft's or a publication's `detail`), in today's shape. Results stored
 * before issue 11 hold scores without `hundredths` and `text`; this is the one place that knows
 * it, and completes them with the core's `toScore` from each score's exact value, so readers see
 * one shape. The results repository reads every stored result through it (and the stage-reach
 * migration its gates). A result stored in today's shape is returned as it is.
 */
export function storedResult(result: BodyResult): BodyResult {
  const found = probe(result);
  if (found && found.text !== undefined) return result;
  return {
    ...result,
    final: current(result.final),
    trace: { stages: result.trace.stages.map(stage), final: { ...result.trace.final, score: current(result.trace.final.score) } },
  };
}
