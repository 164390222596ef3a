import { compareInstants, Instant, instantOf, parseInstant, storedInstant } from './instant';

const FORM = 'write it as 2025-08-31T23:59:59+08:00 or 2025-08-31T15:59:59.123456Z (with seconds, at most 9 fractional digits, and Z or an offset ±hh:mm)';
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const parsed = (text: string): Instant => {
  const result = parseInstant(text);
  if (!result.ok) throw new Error(result.message);
  return result.instant;
};

describe('parseInstant: SPEC §16, RFC 3339 on real calendar dates', () => {
  it.each<[string, string, number]>([
    ['an offset east of UTC', '2025-08-31T23:59:59+08:00', Date.UTC(2025, 7, 31, 15, 59, 59)],
    ['Z', '2025-08-31T15:59:59Z', Date.UTC(2025, 7, 31, 15, 59, 59)],
    ['an offset west of UTC', '2025-08-31T05:59:59-10:00', Date.UTC(2025, 7, 31, 15, 59, 59)],
    ['an offset with minutes', '2025-08-31T21:29:59+05:30', Date.UTC(2025, 7, 31, 15, 59, 59)],
    ['-00:00 (offset unknown, RFC 3339 §4.3)', '2025-08-31T15:59:59-00:00', Date.UTC(2025, 7, 31, 15, 59, 59)],
    ['the largest offset', '2025-09-01T15:58:59+23:59', Date.UTC(2025, 7, 31, 15, 59, 59)],
    ['one fractional digit', '2025-08-31T15:59:59.5Z', Date.UTC(2025, 7, 31, 15, 59, 59, 500)],
    ['milliseconds (JavaScript)', '2025-08-31T15:59:59.123Z', Date.UTC(2025, 7, 31, 15, 59, 59, 123)],
    ['microseconds (Python isoformat)', '2025-08-31T15:59:59.123456+00:00', Date.UTC(2025, 7, 31, 15, 59, 59, 123)],
    ['nanoseconds (Java Instant.toString)', '2025-08-31T15:59:59.123456789Z', Date.UTC(2025, 7, 31, 15, 59, 59, 123)],
    ['29 February of a leap year', '2024-02-29T12:00:00+08:00', Date.UTC(2024, 1, 29, 4)],
    ['29 February of a year divisible by 400', '2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
    ['31 December, last second', '2025-12-31T23:59:59Z', Date.UTC(2025, 11, 31, 23, 59, 59)],
    ['the offset moving the date back a year', '2026-01-01T07:00:00+08:00', Date.UTC(2025, 11, 31, 23)],
    ['year 0000', '0000-01-01T00:00:00Z', Date.parse('0000-01-01T00:00:00Z')],
    ['year 9999', '9999-12-31T23:59:59Z', Date.parse('9999-12-31T23:59:59Z')],
  ])('accepts %s: %s', (_, text, epochMs) => {
    expect(parseInstant(text)).toEqual({ ok: true, instant: { text, epochMs, nanos: expect.any(Number) } });
  });

  it('keeps the digits beyond the millisecond', () => {
    expect(parsed('2025-08-31T15:59:59.123456789Z')).toEqual({ text: '2025-08-31T15:59:59.123456789Z', epochMs: Date.UTC(2025, 7, 31, 15, 59, 59, 123), nanos: 456789 });
    expect(parsed('2025-08-31T15:59:59.1234Z').nanos).toBe(400000);
    expect(parsed('2025-08-31T15:59:59Z').nanos).toBe(0);
  });

  it.each<[string, unknown, string]>([
    ['30 February', '2025-02-30T00:00:00+08:00', '2025 has no 30 February'],
    ['29 February of a common year', '2025-02-29T12:00:00+08:00', '2025 has no 29 February'],
    ['29 February of a century not divisible by 400', '1900-02-29T00:00:00Z', '1900 has no 29 February'],
    ['31 April', '2025-04-31T00:00:00Z', '2025 has no 31 April'],
    ['day 00', '2025-05-00T00:00:00Z', '2025 has no 0 May'],
    ['month 13', '2025-13-01T00:00:00Z', 'there is no month 13'],
    ['month 00', '2025-00-01T00:00:00Z', 'there is no month 00'],
    ['24:00', '2025-08-31T24:00:00+08:00', 'the hours run from 00 to 23 (24:00 is 00:00:00 of the next day)'],
    ['hour 25', '2025-08-31T25:00:00Z', 'there is no hour 25'],
    ['minute 60', '2025-08-31T23:60:00Z', 'there is no minute 60'],
    ['a leap second', '2016-12-31T23:59:60Z', 'leap seconds (second 60) are not accepted'],
    ['second 61', '2025-08-31T23:59:61Z', 'there is no second 61'],
    ['offset hour 24', '2025-08-31T23:59:59+24:00', 'the offset runs from -23:59 to +23:59'],
    ['offset minute 60', '2025-08-31T23:59:59+07:60', 'the offset runs from -23:59 to +23:59'],
    ['lower-case t', '2025-08-31t15:59:59Z', 'write "T" and "Z" in upper case'],
    ['lower-case z', '2025-08-31T15:59:59z', 'write "T" and "Z" in upper case'],
    ['10 fractional digits', '2025-08-31T15:59:59.1234567891Z', FORM],
    ['a point without digits', '2025-08-31T15:59:59.Z', FORM],
    ['a comma for the point', '2025-08-31T15:59:59,5Z', FORM],
    ['no offset', '2025-08-31T23:59:59', FORM],
    ['no seconds', '2025-08-31T23:59+08:00', FORM],
    ['a date alone', '2025-08-31', FORM],
    ['a space for T', '2025-08-31 23:59:59+08:00', FORM],
    ['an offset without colon', '2025-08-31T23:59:59+0800', FORM],
    ['an offset of hours alone', '2025-08-31T23:59:59+08', FORM],
    ['single-digit fields', '2025-8-31T23:59:59Z', FORM],
    ['a five-digit year', '12025-08-31T23:59:59Z', FORM],
    ['surrounding space', ' 2025-08-31T23:59:59Z', FORM],
    ['a trailing newline', '2025-08-31T23:59:59Z\n', FORM],
    ['other digits than ASCII', '２０２５-08-31T23:59:59Z', FORM],
    ['the empty text', '', FORM],
    ['a number', 1756655999000, 'write it as text, e.g. 2025-08-31T23:59:59+08:00 or 2025-08-31T15:59:59.123456Z'],
    ['a list holding an instant', ['2025-08-31T23:59:59Z'], 'write it as text, e.g. 2025-08-31T23:59:59+08:00 or 2025-08-31T15:59:59.123456Z'],
  ])('refuses %s: %j', (_, value, reason) => {
    const text = typeof value === 'string' ? value : String(value);
    expect(parseInstant(value)).toEqual({
      ok: false,
      message: `${JSON.stringify(text)} is not an RFC 3339 instant: ${reason}`,
      text: expect.stringMatching(new RegExp(`^${escape(JSON.stringify(text))} bukan waktu RFC 3339: `)),
    });
  });

  it.each<[unknown, string]>([
    ['2025-02-30T00:00:00+08:00', '"2025-02-30T00:00:00+08:00" bukan waktu RFC 3339: tidak ada tanggal 30 pada bulan 02 tahun 2025'],
    ['2025-08-31T24:00:00+08:00', '"2025-08-31T24:00:00+08:00" bukan waktu RFC 3339: jam berjalan dari 00 sampai 23 (24:00 adalah 00:00:00 hari berikutnya)'],
    ['2025-08-31t15:59:59Z', '"2025-08-31t15:59:59Z" bukan waktu RFC 3339: tulis "T" dan "Z" dengan huruf besar'],
    [
      '31/08/2025',
      '"31/08/2025" bukan waktu RFC 3339: tulis seperti 2025-08-31T23:59:59+08:00 atau 2025-08-31T15:59:59.123456Z (dengan detik, paling banyak 9 digit pecahan, dan Z atau selisih ±hh:mm)',
    ],
    [42, '"42" bukan waktu RFC 3339: tulis sebagai teks, misalnya 2025-08-31T23:59:59+08:00 atau 2025-08-31T15:59:59.123456Z'],
  ])('says in Indonesian why %j is no instant', (value, text) => {
    expect(parseInstant(value)).toMatchObject({ ok: false, text });
  });

  it('quotes at most 40 characters of a long value', () => {
    const result = parseInstant(`2025-08-31T23:59:59Z${'x'.repeat(100)}`);
    expect(result).toMatchObject({ ok: false, message: `"2025-08-31T23:59:59Z${'x'.repeat(20)}…" is not an RFC 3339 instant: ${FORM}` });
  });
});

describe('comparing instants', () => {
  it.each<[string, string, number]>([
    ['2025-05-01T00:00:00Z', '2025-05-01T07:00:00+07:00', 0],
    ['2025-05-01T00:00:00Z', '2025-05-01T08:00:00+07:00', -1],
    ['2025-08-31T15:59:59.1234Z', '2025-08-31T15:59:59.1235Z', -1],
    ['2025-08-31T15:59:59.123456789Z', '2025-08-31T23:59:59.123456789+08:00', 0],
    ['2025-08-31T15:59:59.124Z', '2025-08-31T15:59:59.123999999Z', 1],
  ])('%s against %s: %d', (a, b, sign) => {
    expect(Math.sign(compareInstants(parsed(a), parsed(b)))).toBe(sign);
  });

  it('a clock reading within the millisecond of a finer instant is not after it', () => {
    const closes = parsed('2025-08-31T15:59:59.123456Z');
    expect(compareInstants(instantOf(new Date('2025-08-31T15:59:59.123Z')), closes)).toBeLessThan(0);
    expect(compareInstants(instantOf(new Date('2025-08-31T15:59:59.124Z')), closes)).toBeGreaterThan(0);
  });

  it('a stored instant that breaks the rule is a bug, not a window', () => {
    expect(() => storedInstant('2025-02-30T00:00:00+08:00')).toThrow('stored instant "2025-02-30T00:00:00+08:00" is not an RFC 3339 instant: 2025 has no 30 February');
  });
});
