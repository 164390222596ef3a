import { Bilingual, FieldIssue } from '../common/errors';
import { quoted, textProblem } from '../common/text';
import { QuestionDef, RubricDef } from '../scoring/types';
import { isObject, numberProblem } from './checks';
import { PathSegment, formatPath } from './parse-file';

/**
 * The rules a recorded fact must follow, shared by the fixture reader (issues with file and line,
 * in English) and the HTTP API and pages (400 messages naming each field, in English and in
 * Bahasa Indonesia).
 */

/** A problem at a path below the checked value (`[1]` of evidence, `['K']` of scores). */
export interface RuleIssue {
  path: PathSegment[];
  message: string;
  /** the message in Bahasa Indonesia */
  text: string;
}

const issueAt = (path: PathSegment[], problem: Bilingual): RuleIssue => ({ path, message: problem.en, text: problem.id });

/** RuleIssues as API field issues below `field`: `evidence[1]`, `scores.K`. */
export function toFieldIssues(field: string, issues: RuleIssue[]): FieldIssue[] {
  return issues.map((i) => ({ field: formatPath([field, ...i.path]), message: i.message, text: i.text }));
}

/** Whether a value fits the question's type; null when it does, otherwise what is wrong. */
export function checkAnswerValue(question: QuestionDef, value: unknown): Bilingual | null {
  switch (question.type) {
    case 'yes_no':
      return typeof value === 'boolean' ? null : { en: 'must be true or false', id: 'harus Ya atau Tidak (true atau false)' };
    case 'choice': {
      const options = (question.options ?? []).map((o) => o.value).join(', ');
      if (typeof value !== 'string') return { en: `must be one option value: ${options}`, id: `harus salah satu nilai pilihan: ${options}` };
      if ((question.options ?? []).some((o) => o.value === value)) return null;
      return { en: `unknown option "${value}"; expected one of: ${options}`, id: `pilihan "${value}" tidak dikenal; pilihan yang ada: ${options}` };
    }
    case 'checklist': {
      const items = (question.items ?? []).map((i) => i.value);
      const listed = items.join(', ');
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
        return { en: `must be a list of item values from: ${listed}`, id: `harus berupa daftar nilai butir dari: ${listed}` };
      }
      const unknown = value.find((v) => !items.includes(v as string));
      if (unknown !== undefined) {
        return { en: `unknown item "${String(unknown)}"; expected items from: ${listed}`, id: `butir "${String(unknown)}" tidak dikenal; butir yang ada: ${listed}` };
      }
      return new Set(value).size === value.length ? null : { en: 'lists an item twice', id: 'menyebut satu butir dua kali' };
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
export const evidenceCount = (count: number): Bilingual => ({
  en: `at most ${MAX_EVIDENCE_LINKS} evidence links per answer (this has ${count})`,
  id: `paling banyak ${MAX_EVIDENCE_LINKS} tautan bukti dukung per jawaban (jawaban ini punya ${count})`,
});

const notHttp = (shown: string): Bilingual => ({ en: `${shown} is not an http(s) URL`, id: `${shown} bukan URL http(s)` });

/** What is wrong with one evidence link, or null: the text rule for URLs (SPEC §16), then http(s). */
function linkProblem(link: unknown): Bilingual | null {
  if (typeof link !== 'string') return notHttp(JSON.stringify(link) ?? String(link));
  return textProblem(link, { kind: 'url' }) ?? (isHttpUrl(link) ? null : notHttp(quoted(link)));
}

/** Evidence (bukti dukung): absent, or at most 20 http(s) links; each bad entry is named by its index. */
export function evidenceIssues(evidence: unknown): RuleIssue[] {
  if (evidence === undefined) return [];
  if (!Array.isArray(evidence)) return [issueAt([], { en: 'must be a list of http(s) URLs', id: 'harus berupa daftar URL http(s)' })];
  if (evidence.length > MAX_EVIDENCE_LINKS) return [issueAt([], evidenceCount(evidence.length))];
  return evidence.flatMap((e, i) => {
    const problem = linkProblem(e);
    return problem ? [issueAt([i], problem)] : [];
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
  const listed = codes.join(', ');
  if (!isObject(scores)) return [issueAt([], { en: `must map aspect codes (${listed}) to numbers`, id: `harus memetakan kode aspek (${listed}) ke angka` })];
  const issues: RuleIssue[] = [];
  const { min, max } = rubric.scale;
  for (const [code, value] of Object.entries(scores)) {
    if (!codes.includes(code)) {
      issues.push(issueAt([code], { en: `unknown aspect; expected one of: ${listed}`, id: `aspek tidak dikenal; aspek yang ada: ${listed}` }));
      continue;
    }
    const problem = numberProblem(value, { places: 2, min, max });
    if (problem) issues.push(issueAt([code], { en: `${problem.en} (scale ${min}–${max})`, id: `${problem.id} (skala ${min}–${max})` }));
  }
  if (complete) {
    for (const code of codes) {
      if (scores[code] === undefined) issues.push(issueAt([code], { en: 'required on a submitted sheet', id: 'wajib diisi pada lembar nilai yang dikirim' }));
    }
  }
  return issues;
}

/** Aspect scores as API field issues (`scores.K: must be at most 100 (scale 0–100)`). */
export function checkAspectScores(rubric: RubricDef, scores: unknown, complete: boolean, field = 'scores'): FieldIssue[] {
  return toFieldIssues(field, aspectScoreIssues(rubric, scores, complete));
}
