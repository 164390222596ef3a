import { exact, formatExact, hundredthsText, hundredthsToNumber, parseExact, reaches, roundHalfUp2, toScore } from './exact';

describe('exact arithmetic and the single rounding step', () => {
  it.each([
    ['59.995', 6000n],
    ['89.995', 9000n],
    ['65.8875', 6589n],
    ['79.625', 7963n],
    ['0.005', 1n],
    ['0.004999', 0n],
    ['1.004999', 100n],
    ['100', 10000n],
    ['0', 0n],
  ])('rounds %s half-up to %s hundredths', (value, expected) => {
    expect(roundHalfUp2(exact(value))).toBe(expected);
  });

  it('rounds the x.xx5 cases that binary floats get wrong', () => {
    // The float 59.995 is stored as 59.99499999…: toFixed and Math.round(x*100)/100 both say 59.99.
    expect((59.995).toFixed(2)).toBe('59.99');
    expect(Math.round(1.005 * 100) / 100).toBe(1);
    expect(toScore(exact('59.995')).rounded).toBe(60);
    expect(toScore(exact('1.005')).rounded).toBe(1.01);
  });

  it('keeps thirds exact until the rounding', () => {
    const third = exact(100).div(3);
    expect(formatExact(third)).toBe('100/3');
    expect(toScore(third)).toEqual({ exact: '100/3', rounded: 33.33, hundredths: 3333, text: '33.33' });
    expect(toScore(exact(200).div(3)).rounded).toBe(66.67);
  });

  it('writes terminating values as decimals', () => {
    expect(formatExact(exact('65.8875'))).toBe('65.8875');
    expect(formatExact(exact('60'))).toBe('60');
    expect(formatExact(exact('0.05'))).toBe('0.05');
    expect(formatExact(exact('0'))).toBe('0');
  });

  it('refuses numbers that are not plain decimals', () => {
    expect(() => exact(Number.NaN)).toThrow(RangeError);
    expect(() => exact(1e21)).toThrow(RangeError);
    expect(() => exact('1/3')).toThrow(RangeError);
  });

  it('compares a rounded score with a threshold inclusively', () => {
    expect(reaches(6000n, 60)).toBe(true);
    expect(reaches(5999n, 60)).toBe(false);
    expect(reaches(8950n, 89.5)).toBe(true);
    expect(hundredthsToNumber(9831n)).toBe(98.31);
  });
});

describe('a score as it leaves the core', () => {
  it.each([
    ['65.8875', 65.89, 6589, '65.89'],
    ['52', 52, 5200, '52.00'],
    ['0', 0, 0, '0.00'],
    ['0.005', 0.01, 1, '0.01'],
    ['0.05', 0.05, 5, '0.05'],
    ['59.995', 60, 6000, '60.00'],
    ['100', 100, 10000, '100.00'],
  ])('%s → %d, %i hundredths, "%s"', (value, rounded, hundredths, text) => {
    expect(toScore(exact(value))).toEqual({ exact: value, rounded, hundredths, text });
  });

  it('prints hundredths with two decimals, below one and below zero too', () => {
    expect([hundredthsText(6589n), hundredthsText(7n), hundredthsText(0n), hundredthsText(-5n), hundredthsText(-1234n)]).toEqual(['65.89', '0.07', '0.00', '-0.05', '-12.34']);
  });
});

describe('parseExact', () => {
  it('reads back what formatExact wrote', () => {
    for (const text of ['65.8875', '100/3', '0', '52']) expect(formatExact(parseExact(text))).toBe(text);
  });
});
