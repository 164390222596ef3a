import { AssessorTrace, BodyResult } from '../scoring';

/** One line of a results list, as SPEC §7 shapes it: scores as numbers rounded to 2 decimals. */
export interface ResultSummary {
  rank: number | null;
  body: string;
  bodyName: string;
  category: string;
  stages: Record<string, number | null>;
  final: number | null;
  predicate: string | null;
  predicateLabel: string | null;
  status: BodyResult['status'];
}

/**
 * A published result as the documents and the public list read it: the summary, the verified
 * indicator scores, and — for the admin's workbook only — the panel sheets. Stored beside the full
 * breakdown, so that a 20,000-body workbook reads ~300 bytes a body instead of ~2.6 KB.
 */
export interface PublishedResult extends ResultSummary {
  /** each submitted questionnaire stage's verified indicator scores (rounded), in the instrument's order */
  indicators: Record<string, number[]>;
  /** each panel stage's sheets, jurors named: only when read for the admin's workbook */
  panels?: { stage: string; assessors: AssessorTrace[] }[];
}

export function toResultSummary(r: ResultSummary | BodyResult): ResultSummary {
  return {
    rank: r.rank,
    body: r.body,
    bodyName: r.bodyName,
    category: r.category,
    stages: r.stages,
    final: r.final === null || typeof r.final === 'number' ? r.final : r.final.rounded,
    predicate: r.predicate,
    predicateLabel: r.predicateLabel,
    status: r.status,
  };
}

export function toPublishedResult(r: BodyResult, withPanels = false): PublishedResult {
  const indicators: Record<string, number[]> = {};
  for (const t of r.trace.stages) {
    if (t.kind === 'questionnaire' && t.submitted) indicators[t.stage] = t.indicators.map((i) => i.verified.rounded);
  }
  const panels = withPanels ? r.trace.stages.flatMap((t) => (t.kind === 'panel' ? [{ stage: t.stage, assessors: t.assessors }] : [])) : undefined;
  return { ...toResultSummary(r), indicators, ...(panels ? { panels } : {}) };
}
