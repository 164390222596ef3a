import { Exact, HUNDRED, ZERO, exact, sum, toScore } from './exact';
import { AssessorTrace, PanelFacts, PanelSheet, PanelStageDef, RubricDef } from './types';

/** Σ (score ÷ scale max × 100) × aspect weight ÷ 100 — on a 0–10 scale, 8 counts as 80. */
export function assessorTotal(rubric: RubricDef, scores: PanelSheet['scores']): Exact {
  const max = exact(rubric.scale.max);
  return sum(
    rubric.aspects.map((aspect) => {
      const given = scores[aspect.code];
      if (given === undefined) return ZERO;
      const value = exact(given);
      if (value.lt(exact(rubric.scale.min)) || value.gt(max)) {
        throw new RangeError(`aspect ${aspect.code}: ${given} is outside the scale ${rubric.scale.min}..${rubric.scale.max}`);
      }
      return value.div(max).mul(HUNDRED).mul(exact(aspect.weight)).div(HUNDRED);
    }),
  );
}

export function aggregate(values: Exact[], how: 'mean' | 'median'): Exact {
  if (values.length === 0) throw new RangeError('nothing to aggregate');
  if (how === 'mean') return sum(values).div(values.length);
  const sorted = [...values].sort((a, b) => a.compare(b));
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : sorted[mid - 1].add(sorted[mid]).div(2);
}

export interface PanelScore {
  /** null while fewer than minAssessors sheets are submitted (and the body is not absent) */
  score: Exact | null;
  complete: boolean;
  countedSheets: number;
  assessors: AssessorTrace[];
}

/**
 * Panel stage score: mean or median of the submitted assessor totals. Drafts and recusals do not
 * count. A body recorded absent scores 0.
 */
export function scorePanel(stage: PanelStageDef, rubric: RubricDef, facts: PanelFacts | undefined): PanelScore {
  const sheets = facts?.sheets ?? [];
  const totalOf = new Map(sheets.filter((s) => s.status !== 'recused').map((s) => [s, assessorTotal(rubric, s.scores)]));
  const assessors: AssessorTrace[] = sheets.map((sheet) => ({
    assessor: sheet.assessor,
    status: sheet.status,
    scores: sheet.scores,
    total: sheet.status === 'recused' ? null : toScore(totalOf.get(sheet)!),
    counted: sheet.status === 'submitted' && !facts?.absent,
    ...(sheet.comment ? { comment: sheet.comment } : {}),
  }));
  if (facts?.absent) return { score: ZERO, complete: true, countedSheets: 0, assessors };
  const totals = sheets.filter((s) => s.status === 'submitted').map((s) => totalOf.get(s)!);
  if (totals.length < stage.minAssessors || totals.length === 0) {
    return { score: null, complete: false, countedSheets: totals.length, assessors };
  }
  return { score: aggregate(totals, stage.aggregate), complete: true, countedSheets: totals.length, assessors };
}
