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
  if (typeof value === 'number') {
    // definitions and sheets repeat the same few numbers (weights, points, scale): parse each once
    let found = fromNumber.get(value);
    if (!found) {
      found = parseDecimal(String(value));
      if (fromNumber.size >= 10_000) fromNumber.clear();
      fromNumber.set(value, found);
    }
    return found;
  }
  return parseDecimal(typeof value === 'string' ? value : String(value));
}

/** Fractions are immutable values, so one parsed number can be shared. */
const fromNumber = new Map<number, Exact>();

function parseDecimal(value: string): Exact {
  const text = value.trim();
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
  // floor(n/d × 100 + 1/2) = floor((200·n + d) ÷ 2d), in integers
  return floorDiv(200n * value.s * value.n + value.d, 2n * value.d);
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
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos += 1;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives += 1;
  }
  if (d !== 1n) return `${value.s * value.n}/${value.d}`;
  const places = Math.max(twos, fives);
  const scaled = (value.n * 10n ** BigInt(places)) / value.d;
  const digits = scaled.toString().padStart(places + 1, '0');
  const whole = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return value.s < 0n && value.n !== 0n ? `-${whole}` : whole;
}

/** 6589n → "65.89": hundredths as printed, always two decimals. */
export function hundredthsText(hundredths: bigint): string {
  const negative = hundredths < 0n;
  const digits = (negative ? -hundredths : hundredths).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** The one way a score leaves the core: exact text plus its single rounding as number, hundredths and text. */
export function toScore(value: Exact): Score {
  const hundredths = roundHalfUp2(value);
  return { exact: formatExact(value), rounded: hundredthsToNumber(hundredths), hundredths: Number(hundredths), text: hundredthsText(hundredths) };
}

/** Whether a rounded score (hundredths) reaches a threshold written as a decimal (inclusive). */
export function reaches(hundredths: bigint, threshold: number): boolean {
  return new Fraction(hundredths, 100n).gte(exact(threshold));
}
