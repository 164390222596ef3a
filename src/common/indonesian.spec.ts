import { angka, labelZona, tanggal, waktuIndonesia } from './indonesian';
import { DEFAULT_TIME_ZONE, timeZoneProblem } from './time-zone';

describe('an instant as people in Indonesia read it', () => {
  it('in the commission\'s zone: "31 Mei 2026 pukul 23.59 WITA"', () => {
    expect(waktuIndonesia('2026-05-31T23:59:59+08:00', 'Asia/Makassar')).toBe('31 Mei 2026 pukul 23.59 WITA');
    expect(waktuIndonesia('2026-05-31T15:59:59Z', 'Asia/Makassar')).toBe('31 Mei 2026 pukul 23.59 WITA');
  });

  it.each([
    ['Asia/Jakarta', '31 Agustus 2025 pukul 22.59 WIB'],
    ['Asia/Pontianak', '31 Agustus 2025 pukul 22.59 WIB'],
    ['Asia/Makassar', '31 Agustus 2025 pukul 23.59 WITA'],
    ['Asia/Jayapura', '1 September 2025 pukul 00.59 WIT'],
  ])('Indonesia\'s zones by their names: %s → %s', (zone, shown) => {
    expect(waktuIndonesia('2025-08-31T23:59:59+08:00', zone)).toBe(shown);
  });

  it('the same instant, whatever offset it was written with, and the clock\'s Date', () => {
    for (const written of ['2025-08-31T15:59:59Z', '2025-08-31T22:59:59+07:00', '2025-09-01T00:59:59.999999999+09:00']) {
      expect(waktuIndonesia(written, 'Asia/Jakarta')).toBe('31 Agustus 2025 pukul 22.59 WIB');
    }
    expect(waktuIndonesia(new Date('2025-08-31T15:59:59Z'), 'Asia/Jakarta')).toBe('31 Agustus 2025 pukul 22.59 WIB');
  });

  it('hours run 00–23 and minutes are the last unit shown (23:59:59 reads 23.59)', () => {
    expect(waktuIndonesia('2025-01-01T00:00:00+07:00', 'Asia/Jakarta')).toBe('1 Januari 2025 pukul 00.00 WIB');
    expect(waktuIndonesia('2025-12-31T23:59:59.999+07:00', 'Asia/Jakarta')).toBe('31 Desember 2025 pukul 23.59 WIB');
    expect(waktuIndonesia('2025-06-15T12:05:30+07:00', 'Asia/Jakarta')).toBe('15 Juni 2025 pukul 12.05 WIB');
  });

  it('the date moves with the zone across midnight and the year\'s end', () => {
    expect(waktuIndonesia('2025-12-31T16:30:00Z', 'Asia/Jakarta')).toBe('31 Desember 2025 pukul 23.30 WIB');
    expect(waktuIndonesia('2025-12-31T16:30:00Z', 'Asia/Makassar')).toBe('1 Januari 2026 pukul 00.30 WITA');
    expect(waktuIndonesia('2025-12-31T16:30:00Z', 'Asia/Jayapura')).toBe('1 Januari 2026 pukul 01.30 WIT');
  });

  it('another zone by its offset at that instant, daylight saving included (Europe/Amsterdam)', () => {
    // CET (UTC+1) until 29 March 2026 01:00 UTC, CEST (UTC+2) after
    expect(waktuIndonesia('2026-03-29T00:59:00Z', 'Europe/Amsterdam')).toBe('29 Maret 2026 pukul 01.59 UTC+01.00');
    expect(waktuIndonesia('2026-03-29T01:00:00Z', 'Europe/Amsterdam')).toBe('29 Maret 2026 pukul 03.00 UTC+02.00');
    // and back on 25 October 2026 01:00 UTC: 02:59 CEST is followed by 02:00 CET
    expect(waktuIndonesia('2026-10-25T00:59:00Z', 'Europe/Amsterdam')).toBe('25 Oktober 2026 pukul 02.59 UTC+02.00');
    expect(waktuIndonesia('2026-10-25T01:00:00Z', 'Europe/Amsterdam')).toBe('25 Oktober 2026 pukul 02.00 UTC+01.00');
    expect(labelZona('2026-01-15T12:00:00Z', 'Europe/Amsterdam')).toBe('UTC+01.00');
    expect(labelZona('2026-07-15T12:00:00Z', 'Europe/Amsterdam')).toBe('UTC+02.00');
  });

  it('offsets with minutes, west of UTC, and UTC itself', () => {
    expect(waktuIndonesia('2025-08-31T15:59:59Z', 'Asia/Kolkata')).toBe('31 Agustus 2025 pukul 21.29 UTC+05.30');
    expect(waktuIndonesia('2025-08-31T15:59:59Z', 'America/St_Johns')).toBe('31 Agustus 2025 pukul 13.29 UTC-02.30');
    expect(waktuIndonesia('2025-08-31T15:59:59Z', 'UTC')).toBe('31 Agustus 2025 pukul 15.59 UTC');
    expect(waktuIndonesia('2025-08-31T15:59:59Z', 'Asia/Singapore')).toBe('31 Agustus 2025 pukul 23.59 UTC+08.00');
  });

  it('a zone named by an alias or in other letter case is still the zone it names', () => {
    expect(labelZona('2025-08-31T15:59:59Z', 'Asia/Ujung_Pandang')).toBe('WITA');
    expect(labelZona('2025-08-31T15:59:59Z', 'asia/jayapura')).toBe('WIT');
  });

  it('a calendar date, and a number with the decimal comma', () => {
    expect(tanggal('2025-12-12')).toBe('12 Desember 2025');
    expect(tanggal('2026-05-01')).toBe('1 Mei 2026');
    expect(angka(65.89)).toBe('65,89');
    expect(angka(52)).toBe('52,00');
  });
});

describe('the time zone rule', () => {
  it('takes the IANA names Intl knows, Jakarta by default', () => {
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Jakarta');
    for (const zone of ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'Asia/Pontianak', 'Europe/Amsterdam', 'UTC', 'America/Argentina/Buenos_Aires', 'Etc/GMT-8']) {
      expect(timeZoneProblem(zone)).toBeNull();
    }
  });

  it.each<[unknown, string]>([
    ['WITA', '"WITA"'],
    ['+08:00', '"+08:00"'],
    ['Asia/Samarinda', '"Asia/Samarinda"'],
    ['Asia/Jakarta ', '"Asia/Jakarta "'],
    ['', '""'],
    [8, '8'],
  ])('refuses %j, saying what to write', (value, shown) => {
    expect(timeZoneProblem(value)).toEqual({
      en: `${shown} is not a time zone: write an IANA name such as Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)`,
      id: `${shown} bukan zona waktu: tulis nama IANA seperti Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT)`,
    });
  });
});
