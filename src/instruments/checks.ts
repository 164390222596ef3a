import Fraction from 'fraction.js';
import { IssueCollector, PathSegment } from './parse-file';

export type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Field-level checks that record an issue (and return undefined) instead of throwing. */
export class Checks {
  constructor(readonly issues: IssueCollector) {}

  object(value: unknown, path: PathSegment[], allowed: readonly string[]): Obj | undefined {
    if (!isObject(value)) {
      this.issues.add(path, 'must be a mapping (key: value)');
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.issues.add([...path, key], `unknown field; expected one of: ${allowed.join(', ')}`);
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

  string(obj: Obj, key: string, path: PathSegment[], options: { optional?: boolean; pattern?: RegExp; patternText?: string } = {}): string | undefined {
    const value = obj[key];
    if (value === undefined && options.optional) return undefined;
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string' || text.trim() === '') {
      this.issues.add([...path, key], value === undefined ? 'required' : 'must be a non-empty text');
      return undefined;
    }
    if (options.pattern && !options.pattern.test(text)) {
      this.issues.add([...path, key], `"${text}" ${options.patternText ?? `must match ${options.pattern}`}`);
      return undefined;
    }
    return text;
  }

  /** A decimal number with at most `places` decimals, within [min, max] when given. */
  number(
    obj: Obj,
    key: string,
    path: PathSegment[],
    options: { optional?: boolean; places?: number; min?: number; max?: number; positive?: boolean; integer?: boolean } = {},
  ): number | undefined {
    const value = obj[key];
    if (value === undefined && options.optional) return undefined;
    const problem = numberProblem(value, options);
    if (problem) {
      this.issues.add([...path, key], value === undefined ? 'required' : problem);
      return undefined;
    }
    return value as number;
  }

  oneOf<T extends string>(obj: Obj, key: string, path: PathSegment[], allowed: readonly T[], fallback?: T): T | undefined {
    const value = obj[key];
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.issues.add([...path, key], value === undefined ? `required; one of: ${allowed.join(', ')}` : `unknown value "${String(value)}"; expected one of: ${allowed.join(', ')}`);
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

  unique(values: { code: string; path: PathSegment[] }[], what: string): void {
    const seen = new Set<string>();
    for (const v of values) {
      if (seen.has(v.code)) this.issues.add(v.path, `duplicate ${what} "${v.code}"`);
      seen.add(v.code);
    }
  }

  /** Weights summed exactly (never as floats) against an expected total. */
  sumsTo(values: (number | undefined)[], expected: number, path: PathSegment[], what: string): void {
    if (values.some((v) => v === undefined)) return;
    const total = values.reduce<Fraction>((acc, v) => acc.add(new Fraction(String(v))), new Fraction(0));
    if (!total.equals(new Fraction(String(expected)))) {
      this.issues.add(path, `${what} sum to ${total.toString()}, expected ${expected}`);
    }
  }
}

export function decimalPlaces(value: number): number {
  const text = String(value);
  if (/e/i.test(text)) return Infinity;
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}

export function numberProblem(
  value: unknown,
  options: { places?: number; min?: number; max?: number; positive?: boolean; integer?: boolean } = {},
): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
  if (options.integer && !Number.isInteger(value)) return 'must be a whole number';
  if (options.positive && value <= 0) return 'must be a positive number';
  const places = options.places ?? 2;
  if (decimalPlaces(value) > places) return `at most ${places} decimal places`;
  if (options.min !== undefined && value < options.min) return `must be at least ${options.min}`;
  if (options.max !== undefined && value > options.max) return `must be at most ${options.max}`;
  return null;
}
