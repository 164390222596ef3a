import { applyDecorators } from '@nestjs/common';
import { IsString, ValidateBy, ValidationOptions } from 'class-validator';
import { Bilingual } from './errors';
import { inIndonesian } from './validation-options';

/**
 * SPEC §16 "Instants", the one rule for every instant a file, a request or the CLI gives:
 * RFC 3339 `date-time` (§5.6) with 0–9 fractional digits, on a real calendar date.
 *
 *   yyyy-mm-dd "T" hh:mm:ss [ "." 1–9 digits ] ( "Z" | ("+" | "-") hh:mm )
 *
 * - month 01–12, day within that month of that year (Gregorian leap years), hour 00–23,
 *   minute 00–59, second 00–59, offset hour 00–23 and minute 00–59; `-00:00` is Z (RFC 3339 §4.3).
 * - "T" and "Z" in upper case only: RFC 3339 §5.6 lets a specification require it, and every
 *   common printer (JavaScript, Python, Java, Go) writes them so.
 * - No leap second (`23:59:60`): the clock the windows are decided by (POSIX time, JavaScript's
 *   Date) has no such second, and no window needs one.
 * - No 24:00, no date alone, no missing seconds or offset, no space for "T", no 10th fractional digit.
 *
 * Instants are stored as given (the admin's offset stays in messages and the audit) and compared
 * by their parsed value, to the nanosecond.
 */
export interface Instant {
  /** the text as given and stored */
  text: string;
  /** milliseconds since 1970-01-01T00:00:00Z, rounded down */
  epochMs: number;
  /** nanoseconds past `epochMs` (0–999 999): fractional digits 4 to 9 */
  nanos: number;
}

/** Not an instant: why, in English (`message`) and in Bahasa Indonesia (`text`). */
export type ParsedInstant = { ok: true; instant: Instant } | { ok: false; message: string; text: string };

const EXAMPLES = '2025-08-31T23:59:59+08:00 or 2025-08-31T15:59:59.123456Z';
const CONTOH = '2025-08-31T23:59:59+08:00 atau 2025-08-31T15:59:59.123456Z';
const FORM = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** What is wrong with a text of the right form, or null. */
function calendarProblem(year: number, month: number, day: number, hour: number, minute: number, second: number, offsetHour: number, offsetMinute: number): Bilingual | null {
  const mm = String(month).padStart(2, '0');
  if (month < 1 || month > 12) return { en: `there is no month ${mm}`, id: `tidak ada bulan ${mm}` };
  if (day < 1 || day > daysInMonth(year, month)) return { en: `${year} has no ${day} ${MONTHS[month - 1]}`, id: `tidak ada tanggal ${day} pada bulan ${mm} tahun ${year}` };
  if (hour === 24) return { en: 'the hours run from 00 to 23 (24:00 is 00:00:00 of the next day)', id: 'jam berjalan dari 00 sampai 23 (24:00 adalah 00:00:00 hari berikutnya)' };
  if (hour > 23) return { en: `there is no hour ${hour}`, id: `tidak ada jam ${hour}` };
  if (minute > 59) return { en: `there is no minute ${minute}`, id: `tidak ada menit ${minute}` };
  if (second === 60) return { en: 'leap seconds (second 60) are not accepted', id: 'detik kabisat (detik 60) tidak diterima' };
  if (second > 59) return { en: `there is no second ${second}`, id: `tidak ada detik ${second}` };
  if (offsetHour > 23 || offsetMinute > 59) return { en: 'the offset runs from -23:59 to +23:59', id: 'selisih waktu berkisar dari -23:59 sampai +23:59' };
  return null;
}

/** The one message for a value that is not an instant: the value, why, and what to write. */
function refusal(value: unknown, reason: Bilingual): ParsedInstant {
  return { ok: false, message: `${quoted(value)} is not an RFC 3339 instant: ${reason.en}`, text: `${quoted(value)} bukan waktu RFC 3339: ${reason.id}` };
}

/** SPEC §16: the instant a value names, or the message saying why it names none. */
export function parseInstant(value: unknown): ParsedInstant {
  if (typeof value !== 'string') return refusal(value, { en: `write it as text, e.g. ${EXAMPLES}`, id: `tulis sebagai teks, misalnya ${CONTOH}` });
  const m = FORM.exec(value);
  if (!m) {
    const reason: Bilingual = FORM.test(value.toUpperCase())
      ? { en: 'write "T" and "Z" in upper case', id: 'tulis "T" dan "Z" dengan huruf besar' }
      : {
          en: `write it as ${EXAMPLES} (with seconds, at most 9 fractional digits, and Z or an offset ±hh:mm)`,
          id: `tulis seperti ${CONTOH} (dengan detik, paling banyak 9 digit pecahan, dan Z atau selisih ±hh:mm)`,
        };
    return refusal(value, reason);
  }
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const [offsetHour, offsetMinute] = [Number(m[9] ?? 0), Number(m[10] ?? 0)];
  const problem = calendarProblem(year, month, day, hour, minute, second, offsetHour, offsetMinute);
  if (problem) return refusal(value, problem);
  const fraction = (m[7] ?? '').padEnd(9, '0');
  const offsetMinutes = (m[8] === '-' ? -1 : 1) * (offsetHour * 60 + offsetMinute);
  const epochMs = daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + Number(fraction.slice(0, 3));
  return { ok: true, instant: { text: value, epochMs, nanos: Number(fraction.slice(3)) } };
}

/**
 * An instant read back from the database, where only values that passed parseInstant are
 * written (older ones were rewritten by migration 1764500000000); anything else is a bug.
 */
export function storedInstant(text: string): Instant {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw new Error(`stored instant ${parsed.message}`);
  return parsed.instant;
}

/** The clock's reading as an instant. */
export function instantOf(date: Date): Instant {
  return { text: date.toISOString(), epochMs: date.getTime(), nanos: 0 };
}

/** Negative when `a` is earlier than `b`, 0 at the same instant (whatever the offsets), positive when later. */
export function compareInstants(a: Instant, b: Instant): number {
  return a.epochMs - b.epochMs || a.nanos - b.nanos;
}

/** class-validator form of the rule, for DTOs: text, then parseInstant's message. */
export function IsInstant(options: ValidationOptions = {}) {
  return applyDecorators(
    IsString(options),
    ValidateBy(
      {
        name: 'isInstant',
        validator: {
          validate: (value: unknown) => parseInstant(value).ok,
          defaultMessage: (args) => {
            const parsed = parseInstant(args?.value);
            return parsed.ok ? '' : parsed.message;
          },
        },
      },
      {
        ...options,
        ...inIndonesian((value) => {
          const parsed = parseInstant(value);
          return parsed.ok ? null : parsed.text;
        }),
      },
    ),
  );
}
