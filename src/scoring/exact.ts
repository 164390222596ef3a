import Fraction from 'fraction.js';
import { Score } from './types';

/**
 * Exact arithmetic for scores. Every number from a definition or a fact enters through `exact`
 * (from its decimal text, never from binary floating point), all sums and products stay rational,
 * and `roundHalfUp2` is the one rounding step of SPEC §5.
 */
export type Exact = Fraction;

export const ZERO: Exact = new Fraction(0);
export const HUNDRED: Exact = new Fraction(100);

/** The decimal as written: 0.5 → 1/2, "79.625" → 639/8. Refuses NaN, infinities and exponents. */
export function exact(value: number | string | bigint): Exact {
  const text = typeof value === 'string' ? value.trim() : String(value);
  if (!/^-?\d+(\.\d+)?$/.test(text)) {
    throw new RangeError(`not a plain decimal number: ${text}`);
  }
  return new Fraction(text);
}

/** Reads back what `formatExact` wrote: "65.8875" or "263/3". */
export function parseExact(text: string): Exact {
  const [n, d] = text.split('/');
  return d === undefined ? exact(n) : exact(n).div(exact(d));
}

export function sum(values: Exact[]): Exact {
  return values.reduce((acc, v) => acc.add(v), ZERO);
}

/** Half-up to 2 decimals, as a whole number of hundredths (59.995 → 6000). */
export function roundHalfUp2(value: Exact): bigint {
  const scaled = value.mul(100).add(new Fraction(1, 2));
  return floorDiv(scaled.s * scaled.n, scaled.d);
}

function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n !== d < 0n ? q - 1n : q;
}

/** Hundredths as the displayed number (6589n → 65.89). Display only: no arithmetic after this. */
export function hundredthsToNumber(hundredths: bigint): number {
  return Number(hundredths) / 100;
}

/** "65.8875" when the decimal expansion ends, otherwise the reduced fraction "263/3". */
export function formatExact(value: Exact): string {
  let d = value.d;
  while (d % 2n === 0n) d /= 2n;
  while (d % 5n === 0n) d /= 5n;
  if (d !== 1n) return `${value.s * value.n}/${value.d}`;
  let places = 0;
  let scaled = value.abs();
  while (scaled.d !== 1n) {
    scaled = scaled.mul(10);
    places += 1;
  }
  const digits = scaled.n.toString().padStart(places + 1, '0');
  const whole = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return value.s < 0n && value.n !== 0n ? `-${whole}` : whole;
}

export function toScore(value: Exact): Score {
  return { exact: formatExact(value), rounded: hundredthsToNumber(roundHalfUp2(value)) };
}

/** Whether a rounded score (hundredths) reaches a threshold written as a decimal (inclusive). */
export function reaches(hundredths: bigint, threshold: number): boolean {
  return new Fraction(hundredths, 100n).gte(exact(threshold));
}
