import { FieldIssue } from '../common/errors';
import { quoted, textProblem } from '../common/text';
import { QuestionDef, RubricDef } from '../scoring/types';
import { isObject, numberProblem } from './checks';
import { PathSegment, formatPath } from './parse-file';

/**
 * The rules a recorded fact must follow, shared by the fixture reader (issues with file and line)
 * and the HTTP API (400 messages naming each field).
 */

/** A problem at a path below the checked value (`[1]` of evidence, `['K']` of scores). */
export interface RuleIssue {
  path: PathSegment[];
  message: string;
}

/** RuleIssues as API field issues below `field`: `evidence[1]`, `scores.K`. */
export function toFieldIssues(field: string, issues: RuleIssue[]): FieldIssue[] {
  return issues.map((i) => ({ field: formatPath([field, ...i.path]), message: i.message }));
}

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
      return new Set(value).size === value.length ? null : 'lists an item twice';
    }
  }
}

/** An absolute http(s) URL as the WHATWG URL parser reads it, written without surrounding spaces. */
export function isHttpUrl(text: unknown): text is string {
  if (typeof text !== 'string' || text.trim() !== text || text === '') return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * Evidence links an answer may carry. Twenty links of 2,048 characters is 40 kB an answer at
 * most; without a cap, 20 links of 95,000 characters saved 10 times a second grew the database
 * by 40 MB a second.
 */
export const MAX_EVIDENCE_LINKS = 20;

/** The message for a list of more than MAX_EVIDENCE_LINKS links, the same through HTTP and files. */
export const evidenceCountMessage = (count: number): string => `at most ${MAX_EVIDENCE_LINKS} evidence links per answer (this has ${count})`;

/** What is wrong with one evidence link, or null: the text rule for URLs (SPEC §16), then http(s). */
function linkProblem(link: unknown): string | null {
  if (typeof link !== 'string') return `${JSON.stringify(link) ?? String(link)} is not an http(s) URL`;
  return textProblem(link, { kind: 'url' }) ?? (isHttpUrl(link) ? null : `${quoted(link)} is not an http(s) URL`);
}

/** Evidence (bukti dukung): absent, or at most 20 http(s) links; each bad entry is named by its index. */
export function evidenceIssues(evidence: unknown): RuleIssue[] {
  if (evidence === undefined) return [];
  if (!Array.isArray(evidence)) return [{ path: [], message: 'must be a list of http(s) URLs' }];
  if (evidence.length > MAX_EVIDENCE_LINKS) return [{ path: [], message: evidenceCountMessage(evidence.length) }];
  return evidence.flatMap((e, i) => {
    const problem = linkProblem(e);
    return problem ? [{ path: [i], message: problem }] : [];
  });
}

/** Evidence as API field issues (`evidence[1]: "ftp://x" is not an http(s) URL`). */
export function checkEvidence(evidence: unknown, field = 'evidence'): FieldIssue[] {
  return toFieldIssues(field, evidenceIssues(evidence));
}

/**
 * Aspect scores of a sheet: known aspect codes, numbers within the rubric's scale with at most 2
 * decimals; with `complete`, every aspect must be scored (a submitted sheet). Issues are keyed by
 * aspect code.
 */
export function aspectScoreIssues(rubric: RubricDef, scores: unknown, complete: boolean): RuleIssue[] {
  const codes = rubric.aspects.map((a) => a.code);
  if (!isObject(scores)) return [{ path: [], message: `must map aspect codes (${codes.join(', ')}) to numbers` }];
  const issues: RuleIssue[] = [];
  for (const [code, value] of Object.entries(scores)) {
    if (!codes.includes(code)) {
      issues.push({ path: [code], message: `unknown aspect; expected one of: ${codes.join(', ')}` });
      continue;
    }
    const problem = numberProblem(value, { places: 2, min: rubric.scale.min, max: rubric.scale.max });
    if (problem) issues.push({ path: [code], message: `${problem} (scale ${rubric.scale.min}–${rubric.scale.max})` });
  }
  if (complete) {
    for (const code of codes) if (scores[code] === undefined) issues.push({ path: [code], message: 'required on a submitted sheet' });
  }
  return issues;
}

/** Aspect scores as API field issues (`scores.K: must be at most 100 (scale 0–100)`). */
export function checkAspectScores(rubric: RubricDef, scores: unknown, complete: boolean, field = 'scores'): FieldIssue[] {
  return toFieldIssues(field, aspectScoreIssues(rubric, scores, complete));
}
