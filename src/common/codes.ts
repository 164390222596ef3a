import { applyDecorators } from '@nestjs/common';
import { Matches, ValidationOptions } from 'class-validator';
import { IsText } from './text';
import { inIndonesian } from './validation-options';

/** Codes address entities in URLs: letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A code: the text rule for codes (at most 64 characters, SPEC §16), then the pattern. */
export function IsCode(options: ValidationOptions = {}) {
  return applyDecorators(
    IsText({ kind: 'code' }, options),
    Matches(CODE_PATTERN, {
      ...options,
      message: '$property must be a code: letters, digits, ".", "_" or "-", starting with a letter or digit',
      ...inIndonesian((value) => (typeof value === 'string' && CODE_PATTERN.test(value) ? null : 'harus berupa kode: huruf, angka, ".", "_" atau "-", diawali huruf atau angka'), options.each),
    }),
  );
}
