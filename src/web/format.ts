/**
 * How the pages write times and scores for people. The instants are shown in the commission's
 * time zone (SPEC §11 "Batas waktu: <tanggal jam zona>").
 */
const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const ZONES: Record<string, string> = { 'Asia/Jakarta': 'WIB', 'Asia/Pontianak': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' };

/** 2026-05-31T15:59:00Z in Asia/Makassar → "31 Mei 2026 pukul 23.59 WITA". */
export function waktu(instant: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return `${Number(parts.day)} ${MONTHS[Number(parts.month) - 1]} ${parts.year} pukul ${parts.hour}.${parts.minute} ${ZONES[timeZone] ?? timeZone}`;
}

/** The commission's time zone of an edition view (Asia/Jakarta until the commission says otherwise). */
export function timeZoneOf(edition: unknown): string {
  const zone = (edition as { timeZone?: unknown; commissionTimeZone?: unknown } | null)?.timeZone;
  return typeof zone === 'string' && zone ? zone : 'Asia/Jakarta';
}

/** 65.89 → "65,89": two decimals with the Indonesian decimal comma. */
export function skor(value: number): string {
  return value.toFixed(2).replace('.', ',');
}

/** The time left until `instant` from `now`, in words: "2 hari 3 jam", "45 menit", "sudah lewat". */
export function sisaWaktu(instant: string, now: Date): string {
  const ms = Date.parse(instant) - now.getTime();
  if (ms <= 0) return 'sudah lewat';
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return hours > 0 ? `${days} hari ${hours} jam` : `${days} hari`;
  if (hours > 0) return `${hours} jam ${minutes % 60} menit`;
  return `${Math.max(1, minutes)} menit`;
}
