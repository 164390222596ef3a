import { AssessorTrace, BodyResult, ResultStatus } from '../scoring';

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
  /** the panel stages the body was recorded absent from (it scores 0 there); missing in summaries stored before SPEC §15's marks */
  absent?: string[];
}

/**
 * What a publication says of a result beside its score (SPEC §15): `belum_diverifikasi` for a
 * questionnaire whose verification was never completed (status `unverified`), `tidak_hadir` for a
 * body recorded absent from a panel stage (its 0 there is not a score a jury gave).
 */
export type ResultMark = 'belum_diverifikasi' | 'tidak_hadir';

export const MARK_LABEL: Record<ResultMark, string> = {
  belum_diverifikasi: 'Belum diverifikasi',
  tidak_hadir: 'Tidak hadir',
};

/** A result's status as workbooks and pages print it. */
export const STATUS_LABEL: Record<ResultStatus, string> = {
  complete: 'Lengkap',
  unverified: 'Belum diverifikasi',
  incomplete: 'Belum lengkap',
  not_submitted: 'Tidak mengisi SAQ',
};

/** The panel stages a body reached and was recorded absent from. */
export function absentStages(r: BodyResult): string[] {
  return r.trace.stages.flatMap((t) => (t.kind === 'panel' && t.reached && t.absent ? [t.stage] : []));
}

export function marksOf(r: { status: ResultStatus; absent?: string[] }): ResultMark[] {
  return [...(r.status === 'unverified' ? ['belum_diverifikasi' as const] : []), ...(r.absent?.length ? ['tidak_hadir' as const] : [])];
}

/** The status, told truthfully: an absent body's result is not "Lengkap" (SPEC §15). */
export function statusLabel(r: { status: ResultStatus; absent?: string[] }): string {
  const marks = marksOf(r);
  return marks.length ? marks.map((m) => MARK_LABEL[m]).join(', ') : STATUS_LABEL[r.status];
}

/** A line of the public results (`GET /api/public/editions/:e/results`): the summary, and what the publication says beside the scores. */
export interface PublicResult extends ResultSummary {
  statusLabel: string;
  /** panel stages the body was recorded absent from: their 0 in `stages` is no jury's score */
  absent: string[];
  marks: ResultMark[];
}

export function toPublicResult(r: PublishedResult): PublicResult {
  const absent = r.absent ?? [];
  return { ...toResultSummary(r), statusLabel: statusLabel({ status: r.status, absent }), absent, marks: marksOf({ status: r.status, absent }) };
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
  return { ...toResultSummary(r), indicators, ...(panels ? { panels } : {}), absent: absentStages(r) };
}
