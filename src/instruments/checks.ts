import Fraction from 'fraction.js';
import { Bilingual } from '../common/errors';
import { TextKind, textProblem } from '../common/text';
import { IssueCollector, PathSegment, formatPath } from './parse-file';

export type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Lowercase letters, digits, `-` and `_`: commission, edition, stage, category, band and body codes. */
export const SLUG = /^[a-z0-9][a-z0-9_-]*$/;
export const SLUG_TEXT = 'is not a valid code (lowercase letters, digits, - and _)';

export interface NumberRule {
  /** at most this many decimal places (default 2) */
  places?: number;
  min?: number;
  max?: number;
  positive?: boolean;
  integer?: boolean;
}

/** Decimal places of a number as written in its shortest form; exponent forms count as too many. */
export function decimalPlaces(value: number): number {
  const text = String(value);
  if (/e/i.test(text)) return Infinity;
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}

/** What is wrong with a number under a rule, or null. */
export function numberProblem(value: unknown, rule: NumberRule = {}): Bilingual | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return { en: 'must be a number', id: 'harus berupa angka' };
  const positiveWhole = { en: 'must be a positive whole number', id: 'harus bilangan bulat positif' };
  if (rule.integer && !Number.isInteger(value)) return rule.positive ? positiveWhole : { en: 'must be a whole number', id: 'harus bilangan bulat' };
  if (rule.positive && value <= 0) return rule.integer ? positiveWhole : { en: 'must be a positive number', id: 'harus angka positif' };
  const places = rule.places ?? 2;
  if (!rule.integer && decimalPlaces(value) > places) return { en: `at most ${places} decimal places`, id: `paling banyak ${places} angka di belakang koma` };
  if (rule.min !== undefined && value < rule.min) return { en: `must be at least ${rule.min}`, id: `paling kecil ${rule.min}` };
  if (rule.max !== undefined && value > rule.max) return { en: `must be at most ${rule.max}`, id: `paling besar ${rule.max}` };
  return null;
}

/**
 * The `key` of every entry of a list when each is a positive number (weights, points): the sum
 * is checked even when an entry has an unrelated problem, so one run reports both.
 */
export function positiveNumbers(list: unknown, key: string): number[] | undefined {
  if (!Array.isArray(list) || !list.length) return undefined;
  const values = list.map((entry) => (isObject(entry) && typeof entry[key] === 'number' && Number.isFinite(entry[key]) && entry[key] > 0 ? entry[key] : undefined));
  return values.every((v): v is number => v !== undefined) ? values : undefined;
}

/** The exact sum of decimals (each read from its decimal text, never added as binary floats). */
export function exactSum(values: readonly number[]): Fraction {
  return values.reduce<Fraction>((acc, v) => acc.add(new Fraction(String(v))), new Fraction(0));
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The allowed name a misspelt one most likely meant (`wieght` → `weight`). */
export function closest(name: string, allowed: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= Math.max(1, Math.floor(candidate.length / 3)) && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/** Field-level checks that record an issue (and return undefined) instead of throwing. */
export class Checks {
  constructor(readonly issues: IssueCollector) {}

  /**
   * A mapping whose keys are all known. `misplaced` names keys that exist elsewhere (e.g. on
   * another kind of stage) with the reason they do not belong here.
   */
  object(value: unknown, path: PathSegment[], allowed: readonly string[], misplaced: Record<string, string> = {}): Obj | undefined {
    if (!isObject(value)) {
      this.issues.add(path, value === undefined ? 'required' : 'must be a mapping (key: value)');
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (allowed.includes(key)) continue;
      if (misplaced[key]) {
        this.issues.add([...path, key], misplaced[key]);
        continue;
      }
      const guess = closest(key, allowed);
      this.issues.add([...path, key], `unknown field${guess ? `; did you mean "${guess}"?` : ''} (expected: ${allowed.join(', ')})`);
    }
    return value;
  }

  array(obj: Obj, key: string, path: PathSegment[], options: { min?: number; optional?: boolean } = {}): unknown[] | undefined {
    const value = obj[key];
    if (value === undefined && options.optional) return undefined;
    if (!Array.isArray(value)) {
      this.issues.add([...path, key], value === undefined ? 'required' : 'must be a list');
      return undefined;
    }
    if (options.min !== undefined && value.length < options.min) {
      this.issues.add([...path, key], `must have at least ${options.min} entr${options.min === 1 ? 'y' : 'ies'}`);
    }
    return value;
  }

  /**
   * Non-empty text under the text rule (SPEC §16) of its kind: `text`, else a code when a
   * pattern is given, else a name. A number is taken as its text (`code: 1` is "1") unless the
   * file wrote it with digits the number loses (`code: 1.10` would silently become "1.1").
   */
  string(obj: Obj, key: string, path: PathSegment[], options: { optional?: boolean; pattern?: RegExp; patternText?: string; text?: TextKind } = {}): string | undefined {
    const value = obj[key];
    if (value === undefined && options.optional) return undefined;
    let text = value;
    if (typeof value === 'number') {
      const written = this.issues.textOf([...path, key]);
      if (written !== undefined && written !== String(value)) {
        this.issues.add([...path, key], `${written} is read as the number ${value}; write it in quotes: "${written}"`);
        return undefined;
      }
      text = String(value);
    }
    if (typeof text !== 'string' || text.trim() === '') {
      this.issues.add([...path, key], value === undefined ? 'required' : 'must be a non-empty text');
      return undefined;
    }
    const problem = textProblem(text, { kind: options.text ?? (options.pattern ? 'code' : 'name') });
    if (problem) {
      this.issues.add([...path, key], problem.en);
      return undefined;
    }
    if (options.pattern && !options.pattern.test(text)) {
      this.issues.add([...path, key], `"${text}" ${options.patternText ?? `must match ${String(options.pattern)}`}`);
      return undefined;
    }
    return text;
  }

  /** An optional list of distinct codes (`categories: [pemprov, kementerian]`). */
  stringList(obj: Obj, key: string, path: PathSegment[], options: { pattern?: RegExp; patternText?: string } = {}): string[] | undefined {
    const list = this.array(obj, key, path, { optional: true });
    if (!list) return undefined;
    const texts: string[] = [];
    list.forEach((value, i) => {
      const at = [...path, key, i];
      if (typeof value !== 'string' || value.trim() === '') return this.issues.add(at, 'must be a non-empty text');
      const problem = textProblem(value, { kind: 'code' });
      if (problem) this.issues.add(at, problem.en);
      else if (options.pattern && !options.pattern.test(value)) this.issues.add(at, `"${value}" ${options.patternText ?? `must match ${String(options.pattern)}`}`);
      else texts.push(value);
    });
    if (texts.length !== list.length) return undefined;
    this.unique(texts.map((code, i) => ({ code, path: [...path, key, i] })), 'entry');
    return texts;
  }

  /** A decimal number with at most `places` decimals, within [min, max] when given. */
  number(obj: Obj, key: string, path: PathSegment[], rule: NumberRule & { optional?: boolean } = {}): number | undefined {
    const value = obj[key];
    if (value === undefined && rule.optional) return undefined;
    const problem = numberProblem(value, rule);
    if (problem) {
      this.issues.add([...path, key], value === undefined ? 'required' : problem.en);
      return undefined;
    }
    return value as number;
  }

  oneOf<T extends string>(obj: Obj, key: string, path: PathSegment[], allowed: readonly T[], fallback?: T): T | undefined {
    const value = obj[key];
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.issues.add(
        [...path, key],
        value === undefined ? `required; one of: ${allowed.join(', ')}` : `unknown value "${String(value)}"; expected one of: ${allowed.join(', ')}`,
      );
      return undefined;
    }
    return value as T;
  }

  boolean(obj: Obj, key: string, path: PathSegment[], fallback?: boolean): boolean | undefined {
    const value = obj[key];
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== 'boolean') {
      this.issues.add([...path, key], value === undefined ? 'required (true or false)' : 'must be true or false');
      return undefined;
    }
    return value;
  }

  /** Every repeated code is an issue at its second (third, …) occurrence. */
  unique(values: { code: string; path: PathSegment[] }[], what: string): void {
    const first = new Map<string, PathSegment[]>();
    for (const v of values) {
      const earlier = first.get(v.code);
      if (earlier) this.issues.add(v.path, `duplicate ${what} "${v.code}" (first at ${formatPath(earlier)})`);
      else first.set(v.code, v.path);
    }
  }

  /** Decimals summed exactly (never as floats) against an expected total. */
  sumsTo(values: readonly number[], expected: number, path: PathSegment[], what: string, hint = ''): void {
    const total = exactSum(values);
    if (!total.equals(new Fraction(String(expected)))) {
      this.issues.add(path, `${what} sum to ${total.toString()}, expected ${expected}${hint}`);
    }
  }
}
