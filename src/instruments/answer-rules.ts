import { FieldIssue } from '../common/errors';
import { QuestionDef, RubricDef } from '../scoring';
import { isObject, numberProblem } from './checks';

/** Whether a value fits the question's type; null when it does, otherwise what is wrong. */
export function checkAnswerValue(question: QuestionDef, value: unknown): string | null {
  switch (question.type) {
    case 'yes_no':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'choice': {
      const options = (question.options ?? []).map((o) => o.value);
      if (typeof value !== 'string') return `must be one option value: ${options.join(', ')}`;
      return options.includes(value) ? null : `unknown option "${value}"; expected one of: ${options.join(', ')}`;
    }
    case 'checklist': {
      const items = (question.items ?? []).map((i) => i.value);
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return `must be a list of item values from: ${items.join(', ')}`;
      const unknown = value.find((v) => !items.includes(v as string));
      if (unknown !== undefined) return `unknown item "${String(unknown)}"; expected items from: ${items.join(', ')}`;
      if (new Set(value).size !== value.length) return 'lists an item twice';
      return null;
    }
  }
}

export function isHttpUrl(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Evidence is a list of http(s) links; the issues name the bad entries (`evidence[1]`). */
export function checkEvidence(evidence: unknown, field = 'evidence'): FieldIssue[] {
  if (evidence === undefined) return [];
  if (!Array.isArray(evidence)) return [{ field, message: 'must be a list of http(s) URLs' }];
  return evidence.flatMap((e, i) => (isHttpUrl(e) ? [] : [{ field: `${field}[${i}]`, message: `"${String(e)}" is not an http(s) URL` }]));
}

/**
 * Aspect scores of a sheet: known aspect codes, numbers within the rubric's scale with at most 2
 * decimals; with `complete`, every aspect must be scored (a submitted sheet).
 */
export function checkAspectScores(rubric: RubricDef, scores: unknown, complete: boolean, field = 'scores'): FieldIssue[] {
  if (!isObject(scores)) return [{ field, message: `must map aspect codes (${rubric.aspects.map((a) => a.code).join(', ')}) to numbers` }];
  const issues: FieldIssue[] = [];
  const codes = rubric.aspects.map((a) => a.code);
  for (const [code, value] of Object.entries(scores)) {
    if (!codes.includes(code)) {
      issues.push({ field: `${field}.${code}`, message: `unknown aspect; expected one of: ${codes.join(', ')}` });
      continue;
    }
    const problem = numberProblem(value, { places: 2, min: rubric.scale.min, max: rubric.scale.max });
    if (problem) issues.push({ field: `${field}.${code}`, message: `${problem} (scale ${rubric.scale.min}–${rubric.scale.max})` });
  }
  if (complete) {
    for (const code of codes) if (scores[code] === undefined) issues.push({ field: `${field}.${code}`, message: 'required on a submitted sheet' });
  }
  return issues;
}
