import { applyDecorators } from '@nestjs/common';
import { IsString, ValidateBy, ValidationOptions } from 'class-validator';
import { Bilingual } from '../common/errors';
import { inIndonesian } from '../common/validation-options';

/**
 * The password rule of SPEC §12 (OWASP ASVS 2.1.1): 12 to 128 characters, any characters, no
 * composition rules. Characters are counted as code points, so "é" or an emoji counts once.
 * Passwords set before this rule keep working until they are changed: it applies to new
 * passwords only, never to a login.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/** Why `password` is not acceptable as a new password, or null. */
export function passwordProblem(password: string): Bilingual | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
    return { en: `must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters (it has ${length})`, id: `harus ${PASSWORD_MIN} sampai ${PASSWORD_MAX} karakter (isinya ${length})` };
  }
  return null;
}

/** A new password in a request body (the rule above). */
export function IsPassword(options: ValidationOptions = {}) {
  return applyDecorators(
    IsString(options),
    ValidateBy(
      {
        name: 'isPassword',
        validator: {
          validate: (value: unknown) => typeof value === 'string' && passwordProblem(value) === null,
          defaultMessage: (args) => `$property ${typeof args?.value === 'string' ? passwordProblem(args.value)?.en : 'must be a string'}`,
        },
      },
      { ...options, ...inIndonesian((value) => (typeof value === 'string' ? passwordProblem(value)?.id ?? null : 'harus berupa teks')) },
    ),
  );
}
