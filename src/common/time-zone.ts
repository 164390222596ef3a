import { applyDecorators } from '@nestjs/common';
import { IsString, ValidateBy, ValidationOptions } from 'class-validator';
import { Bilingual } from './errors';
import { inIndonesian } from './validation-options';

/**
 * A commission's time zone (SPEC §10, §11): an IANA name that Intl knows, in which its deadlines
 * are shown (WIB, WITA or WIT in Indonesia). Commissions created before zones existed, and those
 * that name none, are in Asia/Jakarta.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

/** A name, not an offset: Intl of later Node versions also takes "+08:00", which is no zone (it has no rules). */
const NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/** What is wrong with a value as a time zone, or null when Intl knows it by that name. */
export function timeZoneProblem(value: unknown): Bilingual | null {
  if (typeof value === 'string' && NAME.test(value) && value.length <= 64) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return null;
    } catch {
      // not a zone Intl knows: said below
    }
  }
  const shown = JSON.stringify(typeof value === 'string' ? value.slice(0, 64) : value) ?? String(value);
  return {
    en: `${shown} is not a time zone: write an IANA name such as Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)`,
    id: `${shown} bukan zona waktu: tulis nama IANA seperti Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT)`,
  };
}

/** class-validator form of the rule, for DTOs. */
export function IsTimeZone(options: ValidationOptions = {}) {
  return applyDecorators(
    IsString(options),
    ValidateBy(
      {
        name: 'isTimeZone',
        validator: { validate: (value: unknown) => timeZoneProblem(value) === null, defaultMessage: (args) => timeZoneProblem(args?.value)?.en ?? '' },
      },
      { ...options, ...inIndonesian((value) => timeZoneProblem(value)?.id ?? null) },
    ),
  );
}
