/**
 * How dates, times and numbers read in Bahasa Indonesia, everywhere the service writes them for
 * people (certificates, workbooks, the Indonesian texts of refusals, the pages): one month list,
 * one clock format, one zone label. `Intl` (the ICU data Node ships) knows the zones' offsets and
 * their daylight-saving rules; no library is needed.
 */
import { parseInstant } from './instant';

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** The month's name: 1 → "Januari". */
export const namaBulan = (month: number): string => MONTHS[month - 1];

/** 2025-12-12 → "12 Desember 2025" (a calendar date: a decree's date) */
export function tanggal(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-').map(Number);
  return `${day} ${namaBulan(month)} ${year}`;
}

/** 65.89 → "65,89" (Indonesian decimal comma), always two decimals */
export function angka(value: number): string {
  return value.toFixed(2).replace('.', ',');
}

/** Indonesia's three zones by their Indonesian names (WIB, WITA, WIT); the IANA names as Intl resolves them. */
const INDONESIAN_ZONES: Readonly<Record<string, string>> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** minutes east of UTC at that instant */
  offsetMinutes: number;
  /** the zone's IANA name as Intl resolves it (aliases and letter case resolved) */
  zone: string;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone, made once: they are slow to create and cheap to use. */
function formatOf(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23', timeZoneName: 'longOffset',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** The wall clock of a zone at an instant, with the zone's offset then (so daylight saving counts). */
function localTime(at: Date, timeZone: string): LocalTime {
  const format = formatOf(timeZone);
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  // "GMT+08:00", "GMT-03:30", or "GMT" for UTC itself
  const offset = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(parts.timeZoneName ?? '');
  if (!offset) throw new Error(`unexpected zone offset "${parts.timeZoneName}" of ${timeZone}`);
  const offsetMinutes = offset[1] ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute),
    offsetMinutes, zone: format.resolvedOptions().timeZone,
  };
}

const two = (n: number) => String(n).padStart(2, '0');

/** WIB, WITA or WIT for Indonesia's zones; any other zone by its offset at that instant: "UTC+02.00", "UTC-03.30", "UTC". */
function zoneLabel(local: LocalTime): string {
  const indonesian = INDONESIAN_ZONES[local.zone];
  if (indonesian) return indonesian;
  if (local.offsetMinutes === 0) return 'UTC';
  const minutes = Math.abs(local.offsetMinutes);
  return `UTC${local.offsetMinutes < 0 ? '-' : '+'}${two(Math.floor(minutes / 60))}.${two(minutes % 60)}`;
}

/** An RFC 3339 instant (as stored) or the clock's reading, as a Date. */
function dateOf(instant: string | Date): Date {
  if (instant instanceof Date) return instant;
  const parsed = parseInstant(instant);
  if (!parsed.ok) throw new Error(`not an instant: ${parsed.message}`);
  return new Date(parsed.instant.epochMs);
}

/**
 * An instant as a person in `timeZone` reads it: "31 Mei 2026 pukul 23.59 WITA". Minutes are the
 * last unit shown (a deadline at 23:59:59 reads 23.59); the hour is 00–23 with a dot, as
 * Indonesian writes the time.
 */
export function waktuIndonesia(instant: string | Date, timeZone: string): string {
  const local = localTime(dateOf(instant), timeZone);
  return `${local.day} ${namaBulan(local.month)} ${local.year} pukul ${two(local.hour)}.${two(local.minute)} ${zoneLabel(local)}`;
}

/** The zone's label at an instant: "WITA", or "UTC+01.00" for Amsterdam in winter. */
export function labelZona(instant: string | Date, timeZone: string): string {
  return zoneLabel(localTime(dateOf(instant), timeZone));
}
