import { MAX_JSON_DEPTH, nestsDeeperThan, refuseDeepJson } from './json-depth';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);

describe('JSON depth', () => {
  it.each([
    ['a scalar', '1', 0],
    ['an empty object', '{}', 1],
    ['an object of arrays', '{"a":[1,[2]],"b":{}}', 3],
    ['siblings do not add up', '[[1],[2],[3],[[4]]]', 3],
    ['brackets inside strings do not count', '["[[[[", "{{{{", "\\"[[[["]', 1],
    ['an escaped backslash ends before the quote', '["a\\\\", [[1]]]', 3],
    ['multi-byte characters are never brackets', '[{"nama": "Dinas Komunikasi — 情報 ✓"}]', 2],
  ])('%s', (_what, text, depth) => {
    expect([nestsDeeperThan(bytes(text), depth), nestsDeeperThan(bytes(text), depth - 1)]).toEqual([false, depth > 0]);
  });

  it(`${MAX_JSON_DEPTH} levels pass, ${MAX_JSON_DEPTH + 1} are refused with 400 naming the limit`, () => {
    expect(() => refuseDeepJson(null, null, bytes(nested(MAX_JSON_DEPTH)), 'utf-8')).not.toThrow();
    expect(() => refuseDeepJson(null, null, bytes(nested(MAX_JSON_DEPTH + 1)), 'utf-8')).toThrow(
      expect.objectContaining({ status: 400, message: 'JSON nested deeper than 32 levels is refused' }),
    );
  });

  it('a million levels are refused at the 33rd bracket, without recursion', () => {
    const started = process.hrtime.bigint();
    expect(nestsDeeperThan(bytes(nested(1_000_000)), MAX_JSON_DEPTH)).toBe(true);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(100);
  });

  it('JSON in another encoding than UTF-8 is refused with 415', () => {
    expect(() => refuseDeepJson(null, null, Buffer.from('[1]', 'utf16le'), 'utf-16le')).toThrow(expect.objectContaining({ status: 415 }));
  });
});
