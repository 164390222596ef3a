import { BodyResult } from '../scoring';

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

export function toResultSummary(r: BodyResult): ResultSummary {
  return {
    rank: r.rank,
    body: r.body,
    bodyName: r.bodyName,
    category: r.category,
    stages: r.stages,
    final: r.final ? r.final.rounded : null,
    predicate: r.predicate,
    predicateLabel: r.predicateLabel,
    status: r.status,
  };
}
