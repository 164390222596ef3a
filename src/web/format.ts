/**
 * How the pages write times and scores for people. The instants are shown in the commission's
 * time zone (SPEC §11 "Batas waktu: <tanggal jam zona>").
 */
import { angka, waktuIndonesia } from '../common/indonesian';

/** 2026-05-31T15:59:00Z in Asia/Makassar → "31 Mei 2026 pukul 23.59 WITA" (the one Indonesian format, common/indonesian.ts). */
export const waktu = (instant: string, timeZone: string): string => waktuIndonesia(instant, timeZone);

/** The commission's time zone of an edition view (`GET /api/editions/:e` carries it). */
export function timeZoneOf(edition: { timeZone: string }): string {
  return edition.timeZone;
}

/** 65.89 → "65,89": two decimals with the Indonesian decimal comma. */
export const skor = angka;

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
